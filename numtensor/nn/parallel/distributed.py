"""``DistributedDataParallel`` on numtensor.distributed (MPI).

Every rank holds a replica of the module. At construction the parameters and buffers are
broadcast from rank 0, so all replicas start equal. During backward a hook on each
parameter notes that a gradient arrived; when the backward pass has delivered them all, the
gradients are averaged over the ranks with one all-reduce per bucket (``bucket_cap_mb``),
the buckets in flight together. Under ``no_sync()`` gradients only accumulate locally; the
next synchronised backward averages what accumulated, as in PyTorch. A parameter that got
no gradient this step (``find_unused_parameters``) takes part as zeros, so every rank runs
the same collectives.

Not (yet) as PyTorch: the all-reduces start when backward is over, not as each bucket's
gradients become ready, so communication does not overlap the backward computation.
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
        self._queued = False
        self._params = [p for p in module.parameters() if p.requires_grad]
        self._buckets = _buckets(self._params, (bucket_cap_mb or 25) * 1024 * 1024)
        with no_grad():
            for t in [*module.parameters(), *module.buffers()]:
                dist.broadcast(t, src=0, group=process_group)
        for p in self._params:
            p.register_hook(self._arrived)

    def forward(self, *inputs, **kwargs):
        if self.broadcast_buffers and self.training:
            with no_grad():
                for b in self.module.buffers():
                    dist.broadcast(b, src=0, group=self.process_group)
        return self.module(*inputs, **kwargs)

    @contextlib.contextmanager
    def no_sync(self):
        """Gradients accumulate locally inside; the first backward after averages them."""
        previous = self.require_backward_grad_sync
        self.require_backward_grad_sync = False
        try:
            yield
        finally:
            self.require_backward_grad_sync = previous

    def _arrived(self, grad):
        if self.require_backward_grad_sync and not self._queued:
            self._queued = True
            engine.queue_callback(self._reduce)
        return grad

    def _reduce(self) -> None:
        """Average every parameter's gradient over the ranks, bucket by bucket."""
        self._queued = False
        size = dist.get_world_size(self.process_group)
        works = []
        flats = []
        with no_grad():
            for bucket in self._buckets:
                parts = [
                    (p.grad if p.grad is not None else p.detach().new_zeros(p.shape)).reshape(-1)
                    for p in bucket
                ]
                flat = _cat(parts).contiguous()
                flats.append((bucket, flat))
                works.append(dist.all_reduce(flat, group=self.process_group, async_op=True))
            for work in works:
                work.wait()
            for bucket, flat in flats:
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
