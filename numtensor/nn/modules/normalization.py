"""GroupNorm, InstanceNorm1d/2d, LocalResponseNorm, RMSNorm."""

from __future__ import annotations

import numtensor as _nt

from .. import functional as F
from ..parameter import Parameter
from .module import Module


def affine_parameters(module: Module, n: int, affine: bool, bias: bool, factory: dict) -> None:
    """``weight`` (ones) and ``bias`` (zeros) of ``n`` features, or None for each."""
    if affine:
        module.weight = Parameter(_nt.ones(n, **factory))
    else:
        module.register_parameter("weight", None)
    if affine and bias:
        module.bias = Parameter(_nt.zeros(n, **factory))
    else:
        module.register_parameter("bias", None)


def running_stats(module: Module, n: int, track: bool, factory: dict) -> None:
    """The running_mean / running_var / num_batches_tracked buffers (None when not tracked)."""
    module.register_buffer("running_mean", _nt.zeros(n, **factory) if track else None)
    module.register_buffer("running_var", _nt.ones(n, **factory) if track else None)
    count = _nt.tensor(0, dtype=_nt.int64) if track else None
    module.register_buffer("num_batches_tracked", count)


class GroupNorm(Module):
    r"""Group normalisation: the channels are split into ``num_groups`` groups and each
    group of each sample is normalised by its mean and biased variance, then
    ``y = x_hat * weight + bias`` per channel.

    Args:
        num_groups (int): the number of groups (divides ``num_channels``).
        num_channels (int): the number of channels C.
        eps (float): Default: 1e-5.
        affine (bool): learn per-channel ``weight`` (ones) and ``bias`` (zeros). Default: ``True``.
        device, dtype: for the parameters.

    Shape:
        - Input: :math:`(N, C, *)`; Output: same shape.

    Example::

        >>> m = torch.nn.GroupNorm(2, 4)
        >>> m(torch.tensor([[1., 3., 10., 20.]])).detach()
        tensor([[-1.0000,  1.0000, -1.0000,  1.0000]])
        >>> torch.nn.GroupNorm(3, 6)(torch.randn(20, 6, 10, 10)).shape
        numtensor.Size([20, 6, 10, 10])
    """

    def __init__(self, num_groups: int, num_channels: int, eps: float = 1e-5, affine: bool = True,
                 bias: bool = True, device=None, dtype=None) -> None:  # fmt: skip
        super().__init__()
        if num_channels % num_groups:
            raise ValueError("num_channels must be divisible by num_groups")
        self.num_groups, self.num_channels = num_groups, num_channels
        self.eps, self.affine = eps, affine
        affine_parameters(self, num_channels, affine, bias, {"device": device, "dtype": dtype})

    def forward(self, input):
        return F.group_norm(input, self.num_groups, self.weight, self.bias, self.eps)

    def extra_repr(self) -> str:
        return (
            f"{self.num_groups}, {self.num_channels}, eps={self.eps}, affine={self.affine}, "
            f"bias={self.bias is not None}"
        )


class _InstanceNorm(Module):
    dims = 1

    def __init__(self, num_features: int, eps: float = 1e-5, momentum: float = 0.1,
                 affine: bool = False, track_running_stats: bool = False, device=None,
                 dtype=None, bias: bool = True) -> None:  # fmt: skip
        super().__init__()
        self.num_features, self.eps, self.momentum = num_features, eps, momentum
        self.affine, self.track_running_stats = affine, track_running_stats
        factory = {"device": device, "dtype": dtype}
        affine_parameters(self, num_features, affine, bias, factory)
        running_stats(self, num_features, track_running_stats, factory)

    def forward(self, input):
        if input.ndim not in (self.dims + 1, self.dims + 2):
            raise ValueError(
                f"expected {self.dims + 1}D or {self.dims + 2}D input (got {input.ndim}D input)"
            )
        unbatched = input.ndim == self.dims + 1
        x = input.unsqueeze(0) if unbatched else input
        use_stats = self.training or not self.track_running_stats
        out = F.instance_norm(x, self.running_mean, self.running_var, self.weight, self.bias,
                              use_stats, self.momentum, self.eps)  # fmt: skip
        return out.squeeze(0) if unbatched else out

    def extra_repr(self) -> str:
        return (
            f"{self.num_features}, eps={self.eps}, momentum={self.momentum}, affine={self.affine}, "
            f"bias={self.bias is not None}, track_running_stats={self.track_running_stats}"
        )


class InstanceNorm1d(_InstanceNorm):
    r"""Instance normalisation over a :math:`(N, C, L)` input: each channel of each sample is
    normalised by its own mean and biased variance, ``y = (x - E[x]) / sqrt(Var[x] + eps)``
    (then ``* weight + bias`` when ``affine``).

    Args:
        num_features (int): the number of channels C.
        eps (float): Default: 1e-5.
        momentum (float): the running statistics' update factor. Default: 0.1.
        affine (bool): learn per-channel ``weight`` and ``bias``. Default: ``False``.
        track_running_stats (bool): keep running statistics for eval mode. Default: ``False``.
        device, dtype: for the parameters and buffers.

    Shape:
        - Input: :math:`(N, C, L)` or without the batch dim; Output: same shape.

    Example::

        >>> m = torch.nn.InstanceNorm1d(1)
        >>> m(torch.tensor([[[1., 3.], [2., 6.]]]))
        tensor([[[-1.0000,  1.0000],
                 [-1.0000,  1.0000]]])
    """

    dims = 1


class InstanceNorm2d(_InstanceNorm):
    r"""Instance normalisation over a :math:`(N, C, H, W)` input: each channel of each sample is
    normalised by its own mean and biased variance, ``y = (x - E[x]) / sqrt(Var[x] + eps)``
    (then ``* weight + bias`` when ``affine``).

    Args:
        num_features (int): the number of channels C.
        eps (float): Default: 1e-5.
        momentum (float): the running statistics' update factor. Default: 0.1.
        affine (bool): learn per-channel ``weight`` and ``bias``. Default: ``False``.
        track_running_stats (bool): keep running statistics for eval mode. Default: ``False``.
        device, dtype: for the parameters and buffers.

    Shape:
        - Input: :math:`(N, C, H, W)` or without the batch dim; Output: same shape.

    Example::

        >>> m = torch.nn.InstanceNorm2d(1)
        >>> m(torch.tensor([[[[1., 3.], [5., 7.]]]]))
        tensor([[[[-1.3416, -0.4472],
                  [ 0.4472,  1.3416]]]])
    """

    dims = 2


class InstanceNorm3d(_InstanceNorm):
    r"""Instance normalisation over a :math:`(N, C, D, H, W)` input: each channel of each sample is
    normalised by its own mean and biased variance, ``y = (x - E[x]) / sqrt(Var[x] + eps)``
    (then ``* weight + bias`` when ``affine``).

    Args:
        num_features (int): the number of channels C.
        eps (float): Default: 1e-5.
        momentum (float): the running statistics' update factor. Default: 0.1.
        affine (bool): learn per-channel ``weight`` and ``bias``. Default: ``False``.
        track_running_stats (bool): keep running statistics for eval mode. Default: ``False``.
        device, dtype: for the parameters and buffers.

    Shape:
        - Input: :math:`(N, C, D, H, W)` or without the batch dim; Output: same shape.

    Example::

        >>> m = torch.nn.InstanceNorm3d(1)
        >>> m(torch.tensor([[[[[1., 3.]], [[5., 7.]]]]]))
        tensor([[[[[-1.3416, -0.4472]],
        <BLANKLINE>
                  [[ 0.4472,  1.3416]]]]])
    """

    dims = 3


class LocalResponseNorm(Module):
    r"""Local response normalisation across channels:
    ``b_c = a_c / (k + alpha / n * sum_{c' in the n channels around c} a_{c'}^2)^beta``.

    Args:
        size (int): the number of neighbouring channels n.
        alpha (float): Default: 1e-4.
        beta (float): Default: 0.75.
        k (float): Default: 1.

    Shape:
        - Input: :math:`(N, C, *)`; Output: same shape.

    Example::

        >>> m = torch.nn.LocalResponseNorm(2, alpha=1.0, beta=1.0)
        >>> m(torch.ones(1, 3, 1))
        tensor([[[0.6667],
                 [0.5000],
                 [0.5000]]])
    """

    def __init__(self, size: int, alpha: float = 1e-4, beta: float = 0.75, k: float = 1.0) -> None:
        super().__init__()
        self.size, self.alpha, self.beta, self.k = size, alpha, beta, k

    def forward(self, input):
        return F.local_response_norm(input, self.size, self.alpha, self.beta, self.k)

    def extra_repr(self) -> str:
        return f"{self.size}, alpha={self.alpha}, beta={self.beta}, k={self.k}"


class RMSNorm(Module):
    r"""Root-mean-square layer normalisation over the trailing ``normalized_shape`` dims:
    ``y = x / sqrt(mean(x^2) + eps) * weight``.

    Args:
        normalized_shape (int or tuple): the trailing shape.
        eps (float, optional): Default: the dtype's ``finfo().eps``.
        elementwise_affine (bool): learn ``weight`` (ones). Default: ``True``.
        device, dtype: for the parameter.

    Shape:
        - Input: :math:`(*, normalized\_shape)`; Output: same shape.

    Example::

        >>> m = torch.nn.RMSNorm(2)
        >>> m(torch.tensor([[3., 4.]])).detach()
        tensor([[0.8485, 1.1314]])
    """

    def __init__(self, normalized_shape, eps=None, elementwise_affine: bool = True, device=None,
                 dtype=None) -> None:  # fmt: skip
        super().__init__()
        shape = (
            (normalized_shape,) if isinstance(normalized_shape, int) else tuple(normalized_shape)
        )
        self.normalized_shape, self.eps, self.elementwise_affine = shape, eps, elementwise_affine
        if elementwise_affine:
            self.weight = Parameter(_nt.ones(shape, device=device, dtype=dtype))
        else:
            self.register_parameter("weight", None)

    def forward(self, input):
        return F.rms_norm(input, self.normalized_shape, self.weight, self.eps)

    def extra_repr(self) -> str:
        return (
            f"{self.normalized_shape}, eps={self.eps}, elementwise_affine={self.elementwise_affine}"
        )
