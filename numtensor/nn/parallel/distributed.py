"""``DistributedDataParallel`` on numtensor.distributed (MPI).

Every rank holds a replica of the module. At construction the parameters and buffers are
broadcast from rank 0, so all replicas start equal. The parameters are grouped in buckets
(``bucket_cap_mb``) in the reverse of their registration order, the order backward reaches
them. During backward a post-accumulate-grad hook on each parameter marks it ready; once a
bucket's parameters are all ready, its gradients are copied into one flat buffer and a
non-blocking all-reduce of it starts, while backward goes on with the layers below. Buckets
start in order (bucket ``i`` only after ``i - 1``), so every rank issues the same collectives
in the same order. When backward is over (``autograd.engine.queue_callback``) the buckets not
yet started (a parameter that got no gradient this step takes part as zeros:
``find_unused_parameters``) are started, all are waited for, and each parameter's ``.grad``
becomes the average over the ranks. Under ``no_sync()`` gradients only accumulate locally;
the next synchronised backward averages what accumulated, as in PyTorch.
"""

from __future__ import annotations

import contextlib

from ... import distributed as dist
from ...autograd import engine
from ...autograd.grad_mode import no_grad
from ...ops.joining import cat as _cat
from ..modules.module import Module


class DistributedDataParallel(Module):
    def __init__(
        self,
        module: Module,
        device_ids=None,
        output_device=None,
        dim: int = 0,
        broadcast_buffers: bool = True,
        process_group=None,
        bucket_cap_mb: float | None = None,
        find_unused_parameters: bool = False,
        check_reduction: bool = False,
        gradient_as_bucket_view: bool = False,
        static_graph: bool = False,
        **kwargs,
    ) -> None:
        super().__init__()
        if not dist.is_initialized():
            raise ValueError(
                "Default process group has not been initialized, please make sure to call "
                "init_process_group."
            )
        self.module = module
        self.process_group = process_group
        self.broadcast_buffers = broadcast_buffers
        self.find_unused_parameters = find_unused_parameters
        self.require_backward_grad_sync = True
        self._params = [p for p in module.parameters() if p.requires_grad]
        self._buckets = _buckets(self._params, (bucket_cap_mb or 25) * 1024 * 1024)
        self._bucket_of = {id(p): i for i, b in enumerate(self._buckets) for p in b}
        self._reset()
        with no_grad():
            for t in [*module.parameters(), *module.buffers()]:
                dist.broadcast(t, src=0, group=process_group)
        for p in self._params:
            p.register_post_accumulate_grad_hook(self._ready)

    def forward(self, *inputs, **kwargs):
        if self.broadcast_buffers and self.training:
            with no_grad():
                for b in self.module.buffers():
                    dist.broadcast(b, src=0, group=self.process_group)
        return self.module(*inputs, **kwargs)

    @contextlib.contextmanager
    def no_sync(self):
        r"""Gradients accumulate locally inside; the first backward after averages them.

        Example::

            >>> with ddp.no_sync():  # doctest: +SKIP
            ...     ddp(x).sum().backward()  # no all-reduce here
            >>> ddp(x).sum().backward()  # doctest: +SKIP
        """
        previous = self.require_backward_grad_sync
        self.require_backward_grad_sync = False
        try:
            yield
        finally:
            self.require_backward_grad_sync = previous

    def _reset(self) -> None:
        self._run = None  # the backward pass being reduced (engine.backward_runs())
        self._pending = [len(b) for b in self._buckets]  # parameters not yet ready, a bucket
        self._started: list = []  # (bucket, flat buffer, Work), in bucket order

    def _ready(self, param) -> None:
        """``param.grad`` is whole for this backward: start every bucket now complete."""
        if not self.require_backward_grad_sync:
            return
        if self._run != engine.backward_runs():  # the first parameter of this backward
            self._reset()
            self._run = engine.backward_runs()
            engine.queue_callback(self._finish)
        self._pending[self._bucket_of[id(param)]] -= 1
        self._start(all_buckets=False)

    def _start(self, all_buckets: bool) -> None:
        """Start the next buckets in order: those whose parameters are all ready (all of
        them with ``all_buckets``); let MPI progress the ones in flight."""
        for _, _, work in self._started:
            work.is_completed()
        while len(self._started) < len(self._buckets):
            i = len(self._started)
            if self._pending[i] and not all_buckets:
                return
            bucket = self._buckets[i]
            with no_grad():
                parts = [
                    (p.grad if p.grad is not None else p.detach().new_zeros(p.shape)).reshape(-1)
                    for p in bucket
                ]
                flat = _cat(parts).contiguous()
            work = dist.all_reduce(flat, group=self.process_group, async_op=True)
            self._started.append((bucket, flat, work))

    def _finish(self) -> None:
        """Backward is over: start what is left, wait, and set each ``.grad`` to the mean."""
        self._start(all_buckets=True)
        started = self._started
        self._reset()
        size = dist.get_world_size(self.process_group)
        with no_grad():
            for bucket, flat, work in started:
                work.wait()
                flat.div_(size)
                start = 0
                for p in bucket:
                    n = p.numel()
                    piece = flat[start : start + n].reshape(p.shape)
                    if p.grad is None:
                        p.grad = piece.clone()
                    else:
                        p.grad.copy_(piece)
                    start += n


def _buckets(params, cap_bytes: float) -> list:
    """Parameters in reverse order (the order backward reaches them), grouped up to
    ``cap_bytes`` a bucket."""
    buckets, current, size = [], [], 0
    for p in reversed(params):
        current.append(p)
        size += p.numel() * p.element_size()
        if size >= cap_bytes:
            buckets.append(current)
            current, size = [], 0
    if current:
        buckets.append(current)
    return buckets
