"""3-d pooling layers (max, average, adaptive, power-average) and the max-unpooling layers."""

from __future__ import annotations

from .. import functional as F
from .module import Module
from .reshaping import _Adaptive, _LPPool


class MaxPool3d(Module):
    """Max over kernel_size windows of [N, C, D, H, W] (or [C, D, H, W]); ``stride`` defaults
    to ``kernel_size``; ``return_indices`` also gives the flat D*H*W index of each maximum
    (for MaxUnpool3d).

    Example: ``nn.MaxPool3d(2)(torch.randn(1, 1, 4, 4, 4)).shape`` is ``(1, 1, 2, 2, 2)``.
    """

    def __init__(self, kernel_size, stride=None, padding=0, dilation=1,
                 return_indices: bool = False, ceil_mode: bool = False) -> None:  # fmt: skip
        super().__init__()
        self.kernel_size = kernel_size
        self.stride = stride if stride is not None else kernel_size
        self.padding, self.dilation = padding, dilation
        self.return_indices, self.ceil_mode = return_indices, ceil_mode

    def forward(self, input):
        return F.max_pool3d(input, self.kernel_size, self.stride, self.padding, self.dilation,
                            self.ceil_mode, self.return_indices)  # fmt: skip

    def extra_repr(self) -> str:
        return (
            f"kernel_size={self.kernel_size}, stride={self.stride}, padding={self.padding}, "
            f"dilation={self.dilation}, ceil_mode={self.ceil_mode}"
        )


class AvgPool3d(Module):
    """Average over kernel_size windows of [N, C, D, H, W] (or [C, D, H, W]), with
    ``count_include_pad`` and ``divisor_override`` as in F.avg_pool3d.

    Example: ``nn.AvgPool3d(2)(torch.ones(1, 1, 4, 4, 4))`` is all ones, shape (1, 1, 2, 2, 2).
    """

    def __init__(self, kernel_size, stride=None, padding=0, ceil_mode: bool = False,
                 count_include_pad: bool = True, divisor_override=None) -> None:  # fmt: skip
        super().__init__()
        self.kernel_size = kernel_size
        self.stride = stride if stride is not None else kernel_size
        self.padding, self.ceil_mode = padding, ceil_mode
        self.count_include_pad, self.divisor_override = count_include_pad, divisor_override

    def forward(self, input):
        return F.avg_pool3d(input, self.kernel_size, self.stride, self.padding, self.ceil_mode,
                            self.count_include_pad, self.divisor_override)  # fmt: skip

    def extra_repr(self) -> str:
        return f"kernel_size={self.kernel_size}, stride={self.stride}, padding={self.padding}"


class AdaptiveAvgPool3d(_Adaptive):
    """Average over PyTorch's adaptive bins to an ``output_size`` of (D', H', W') (an int, or
    a triple whose None entries keep the input's size)."""

    def __init__(self, output_size) -> None:
        super().__init__(output_size)

    def forward(self, input):
        return F.adaptive_avg_pool3d(input, self.output_size)


class AdaptiveMaxPool3d(_Adaptive):
    """Max over PyTorch's adaptive bins to an ``output_size`` of (D', H', W');
    ``return_indices`` also gives the flat D*H*W index of each maximum."""

    def forward(self, input):
        return F.adaptive_max_pool3d(input, self.output_size, self.return_indices)


class LPPool3d(_LPPool):
    """Power-average pooling (sum over each window of x^p)^(1/p) over [N, C, D, H, W]."""

    def forward(self, input):
        return F.lp_pool3d(input, self.norm_type, self.kernel_size, self.stride, self.ceil_mode)


class _MaxUnpoolNd(Module):
    dims = 1

    def __init__(self, kernel_size, stride=None, padding=0) -> None:
        super().__init__()

        def tup(v):
            return (v,) * self.dims if isinstance(v, int) else tuple(v)

        self.kernel_size = tup(kernel_size)
        self.stride = tup(stride if stride is not None else kernel_size)
        self.padding = tup(padding)

    def forward(self, input, indices, output_size=None):
        fn = (F.max_unpool1d, F.max_unpool2d, F.max_unpool3d)[self.dims - 1]
        return fn(input, indices, self.kernel_size, self.stride, self.padding, output_size)

    def extra_repr(self) -> str:
        return f"kernel_size={self.kernel_size}, stride={self.stride}, padding={self.padding}"


class MaxUnpool1d(_MaxUnpoolNd):
    """Partial inverse of MaxPool1d: ``forward(input, indices, output_size=None)`` puts each
    value back at its index in a zero [N, C, L_out]."""

    dims = 1


class MaxUnpool2d(_MaxUnpoolNd):
    """Partial inverse of MaxPool2d: ``forward(input, indices, output_size=None)`` puts each
    value back at its flat H*W index in a zero [N, C, H_out, W_out]."""

    dims = 2


class MaxUnpool3d(_MaxUnpoolNd):
    """Partial inverse of MaxPool3d: ``forward(input, indices, output_size=None)`` puts each
    value back at its flat D*H*W index in a zero [N, C, D_out, H_out, W_out]."""

    dims = 3
