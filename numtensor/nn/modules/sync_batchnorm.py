"""``SyncBatchNorm``: batch normalisation whose batch statistics, in training, are those of
the whole batch spread over the ranks of a ``numtensor.distributed`` process group.

On one process (``numtensor.distributed`` not initialised, or a group of one rank) it is
``BatchNorm`` over any ``(N, C, +)`` input. Across ranks, the per-channel sums and element
counts are all-reduced (then the sums of squared deviations from the global mean, a second
all-reduce: two passes, as numerically safe as one process's variance); the all-reduce is an
autograd Function whose backward all-reduces the incoming gradients, so every rank's input
gets the gradient of the sum of all ranks' losses, which is what PyTorch's sync_batch_norm
backward computes.
"""

from __future__ import annotations

import numtensor as _nt

from ...autograd.function import Function, name_node
from .conv import _BatchNorm
from .module import Module


class _AllReduceSum(Function):
    """The sum over the ranks of ``group``, differentiable: the gradient of every rank's
    input is the sum of the ranks' output gradients."""

    @staticmethod
    def forward(ctx, tensor, group):
        from ... import distributed as dist

        ctx.group = group
        total = tensor.clone()
        dist.all_reduce(total, group=group)
        return total

    @staticmethod
    def backward(ctx, grad):
        from ... import distributed as dist

        total = grad.clone()
        dist.all_reduce(total, group=ctx.group)
        return total, None


def _sync_group(process_group):
    """``(group, world size)`` when statistics must be synchronised, else ``None``."""
    from ... import distributed as dist

    if not (dist.is_available() and dist.is_initialized()):
        return None
    group = process_group if process_group else None
    return (group, dist.get_world_size(group)) if dist.get_world_size(group) > 1 else None


class SyncBatchNorm(_BatchNorm):
    r"""Batch normalisation over an N-D input :math:`(N, C, +)` with the statistics of the
    mini-batches of every process of a group:
    ``y = (x - E[x]) / sqrt(Var[x] + eps) * weight + bias`` per channel (dim 1).

    The mean and (biased) variance are taken over N and the dimensions after C, in
    training over all the ranks of ``process_group`` (the whole world by default) when
    :mod:`numtensor.distributed` is initialised with several ranks; otherwise, and always in
    eval mode, it is :class:`BatchNorm2d`'s computation for any number of dimensions.
    ``running_mean`` / ``running_var`` are updated as in :class:`BatchNorm1d` (unbiased
    variance of the whole synchronised batch). Use :meth:`convert_sync_batchnorm` to
    replace the ``BatchNorm*d`` layers of a model before wrapping it in
    :class:`numtensor.nn.parallel.DistributedDataParallel`.

    Differs from PyTorch: statistics are synchronised for CPU tensors too (PyTorch needs
    GPU inputs there; numtensor's collectives run on MPI and stage CUDA tensors through the
    host).

    Args:
        num_features (int): number of channels :math:`C`.
        eps (float): added to the variance for numerical stability. Default: 1e-5.
        momentum (float or None): the running statistics' update factor (``None``: a
            cumulative average). Default: 0.1.
        affine (bool): learn per-channel ``weight`` and ``bias``. Default: ``True``.
        track_running_stats (bool): keep running statistics. Default: ``True``.
        process_group (ProcessGroup, optional): the ranks whose statistics are combined.
            Default: the default group.
        device, dtype: where and in which floating dtype parameters and buffers are made.

    Shape:
        - Input: :math:`(N, C, +)`; Output: same shape.

    Example::

        >>> m = torch.nn.SyncBatchNorm(2)
        >>> m
        SyncBatchNorm(2, eps=1e-05, momentum=0.1, affine=True, bias=True, track_running_stats=True)
        >>> m(torch.tensor([[1., 2.], [3., 6.]])).detach()
        tensor([[-1.0000, -1.0000],
                [ 1.0000,  1.0000]])
        >>> m(torch.ones(4, 2, 3, 3, 3)).shape
        numtensor.Size([4, 2, 3, 3, 3])
    """

    def __init__(
        self,
        num_features: int,
        eps: float = 1e-5,
        momentum: float | None = 0.1,
        affine: bool = True,
        track_running_stats: bool = True,
        process_group=None,
        device=None,
        dtype=None,
        *,
        bias: bool = True,
    ) -> None:
        super().__init__(num_features, eps, momentum, affine, track_running_stats, device,
                         dtype, bias=bias)  # fmt: skip
        self.process_group = process_group

    def _check_input_dim(self, input) -> None:
        if input.dim() < 2:
            raise ValueError(f"expected at least 2D input (got {input.dim()}D input)")

    def _check_non_zero_input_channels(self, input) -> None:
        if input.size(1) == 0:
            raise ValueError("SyncBatchNorm number of input channels should be non-zero")

    def forward(self, input):
        self._check_input_dim(input)
        self._check_non_zero_input_channels(input)
        sync = _sync_group(self.process_group) if self.training else None
        if sync is None:
            return super().forward(input)
        return self._synchronised(input, sync[0])

    def _synchronised(self, input, group):
        """Training-mode normalisation with the statistics of every rank's batch."""
        reduce = (0,) + tuple(range(2, input.ndim))
        shape = [1, input.shape[1]] + [1] * (input.ndim - 2)
        count = input.new_full((1,), input.numel() // input.shape[1])
        sums = _AllReduceSum.apply(_nt.cat([input.sum(reduce), count]), group)
        n = sums[-1]
        mean = sums[:-1] / n
        centred = input - mean.reshape(shape)
        var = _AllReduceSum.apply((centred * centred).sum(reduce), group) / n
        if self.track_running_stats:
            with _nt.no_grad():
                self.num_batches_tracked.add_(1)
                m = (
                    1.0 / self.num_batches_tracked.item()
                    if self.momentum is None
                    else self.momentum
                )
                total = n.item()
                unbiased = var.detach() * (total / max(total - 1, 1))
                self.running_mean.mul_(1 - m).add_(mean.detach() * m)
                self.running_var.mul_(1 - m).add_(unbiased * m)
        out = centred / (var.reshape(shape) + self.eps).sqrt()
        if self.weight is not None:
            out = out * self.weight.reshape(shape)
        if self.bias is not None:
            out = out + self.bias.reshape(shape)
        return name_node(out, "SyncBatchNormBackward")

    @classmethod
    def convert_sync_batchnorm(cls, module: Module, process_group=None) -> Module:
        r"""Converts every ``BatchNorm*d`` layer in ``module`` (itself included) to a
        :class:`SyncBatchNorm`.

        Each new layer has the old one's ``num_features``, ``eps``, ``momentum``,
        ``affine``, ``track_running_stats`` and bias setting, shares its ``weight`` and
        ``bias`` parameters and its running-statistics buffers (the same tensors), and
        keeps its ``training`` flag (and ``qconfig`` when there is one). Children are
        converted recursively and put back under their names.

        Args:
            module (Module): the module containing ``BatchNorm*d`` layers.
            process_group (ProcessGroup, optional): the group the new layers synchronise
                over. Default: the default group.

        Returns:
            ``module`` with its batch-norm layers converted; a new :class:`SyncBatchNorm`
            when ``module`` itself is a batch-norm layer.

        Example::

            >>> bn = torch.nn.BatchNorm1d(3)
            >>> net = torch.nn.Sequential(torch.nn.Linear(2, 3), bn)
            >>> net = torch.nn.SyncBatchNorm.convert_sync_batchnorm(net)
            >>> type(net[1]).__name__, net[1].weight is bn.weight
            ('SyncBatchNorm', True)
        """
        module_output = module
        if isinstance(module, _BatchNorm):
            module_output = SyncBatchNorm(
                module.num_features,
                module.eps,
                module.momentum,
                module.affine,
                module.track_running_stats,
                process_group,
                bias=module.bias is not None,
            )
            if module.affine:
                with _nt.no_grad():
                    module_output.weight = module.weight
                    module_output.bias = module.bias
            module_output.running_mean = module.running_mean
            module_output.running_var = module.running_var
            module_output.num_batches_tracked = module.num_batches_tracked
            module_output.training = module.training
            if hasattr(module, "qconfig"):
                module_output.qconfig = module.qconfig
        for name, child in module.named_children():
            module_output.add_module(name, cls.convert_sync_batchnorm(child, process_group))
        del module
        return module_output
