"""3-d pooling layers (max, average, adaptive, power-average) and the max-unpooling layers."""

from __future__ import annotations

from .. import functional as F
from .module import Module
from .reshaping import _Adaptive, _LPPool


class MaxPool3d(Module):
    r"""Applies a 3-D max pooling over :math:`(N, C, D, H, W)`: the maximum of each
    ``kernel_size`` window.

    Args:
        kernel_size (int or tuple): the window size.
        stride (int or tuple, optional): the window stride. Default: ``kernel_size``.
        padding (int or tuple): implicit padding on both sides. Default: 0.
        dilation (int or tuple): Default: 1.
        return_indices (bool): also return the flat D*H*W indices (for :class:`MaxUnpool3d`).
        ceil_mode (bool): Default: ``False``.

    Shape:
        - Input: :math:`(N, C, D_{in}, H_{in}, W_{in})` or without the batch dim.
        - Output: :math:`(N, C, D_{out}, H_{out}, W_{out})`, each size
          :math:`floor((S + 2 p - d (k - 1) - 1) / s + 1)`.

    Example::

        >>> m = torch.nn.MaxPool3d(2)
        >>> m(torch.arange(8.).reshape(1, 1, 2, 2, 2))
        tensor([[[[[7.]]]]])
        >>> torch.nn.MaxPool3d(3, stride=2)(torch.randn(2, 4, 9, 9, 9)).shape
        numtensor.Size([2, 4, 4, 4, 4])
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
    r"""Applies a 3-D average pooling over :math:`(N, C, D, H, W)`: the mean of each
    ``kernel_size`` window.

    Args:
        kernel_size (int or tuple): the window size.
        stride (int or tuple, optional): the window stride. Default: ``kernel_size``.
        padding (int or tuple): implicit padding on both sides. Default: 0.
        ceil_mode (bool): Default: ``False``.
        count_include_pad (bool): Default: ``True``.
        divisor_override (int, optional): divide by it instead of the window size.

    Shape:
        - Input: :math:`(N, C, D_{in}, H_{in}, W_{in})` or without the batch dim.
        - Output: :math:`(N, C, D_{out}, H_{out}, W_{out})`, each size
          :math:`floor((S + 2 p - k) / s + 1)`.

    Example::

        >>> m = torch.nn.AvgPool3d(2)
        >>> m(torch.arange(8.).reshape(1, 1, 2, 2, 2))
        tensor([[[[[3.5000]]]]])
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
    r"""Applies a 3-D adaptive average pooling: the output has size ``output_size`` (D, H, W).

    Args:
        output_size (int or tuple): the target output size.

    Shape:
        - Input: :math:`(N, C, D_{in}, H_{in}, W_{in})` or without the batch dim; Output: :math:`(N,
          C, D, H, W)`.

    Example::

        >>> m = torch.nn.AdaptiveAvgPool3d((5, 7, 9))
        >>> m(torch.randn(1, 64, 8, 9, 10)).shape
        numtensor.Size([1, 64, 5, 7, 9])
    """

    def __init__(self, output_size) -> None:
        super().__init__(output_size)

    def forward(self, input):
        return F.adaptive_avg_pool3d(input, self.output_size)


class AdaptiveMaxPool3d(_Adaptive):
    r"""Applies a 3-D adaptive max pooling: the output has size ``output_size`` (D, H, W).

    Args:
        output_size (int or tuple): the target output size.
        return_indices (bool): also return the indices of the maxima. Default: ``False``.

    Shape:
        - Input: :math:`(N, C, D_{in}, H_{in}, W_{in})` or without the batch dim; Output: :math:`(N,
          C, D, H, W)`.

    Example::

        >>> m = torch.nn.AdaptiveMaxPool3d(1)
        >>> m(torch.arange(8.).reshape(1, 1, 2, 2, 2))
        tensor([[[[[7.]]]]])
    """

    def forward(self, input):
        return F.adaptive_max_pool3d(input, self.output_size, self.return_indices)


class LPPool3d(_LPPool):
    r"""Applies a 3-D power-average pooling: ``f(X) = (sum_{x in X} x^p)^(1/p)`` over each
    window.

    Args:
        norm_type (float): the power ``p``.
        kernel_size (int or tuple): the window size.
        stride (int or tuple, optional): Default: ``kernel_size``.
        ceil_mode (bool): Default: ``False``.

    Shape:
        - Input: :math:`(N, C, D, H, W)` or without the batch dim; Output: the pooled sizes.

    Example::

        >>> m = torch.nn.LPPool3d(1, 2)
        >>> m(torch.arange(8.).reshape(1, 1, 2, 2, 2))
        tensor([[[[[28.]]]]])
    """

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
    r"""Computes a partial inverse of :class:`MaxPool1d`: each value is put back at the index
    recorded by the pooling (``return_indices=True``) and all other positions are zero.

    Args:
        kernel_size (int or tuple): the window size.
        stride (int or tuple, optional): the window stride. Default: ``kernel_size``.
        padding (int or tuple): implicit padding on both sides. Default: 0.

    Shape:
        - Input: the pooled values; Indices: same shape.
        - Output: the unpooled size, ``(in - 1) * stride - 2 * padding + kernel_size`` per
          dim, or ``output_size`` when given to ``forward(input, indices, output_size=None)``.

    Example::

        >>> pool = torch.nn.MaxPool1d(2, return_indices=True)
        >>> unpool = torch.nn.MaxUnpool1d(2)
        >>> out, indices = pool(torch.tensor([[[1., 3., 2., 5., 4., 0.]]]))
        >>> unpool(out, indices)
        tensor([[[0., 3., 0., 5., 4., 0.]]])
    """

    dims = 1


class MaxUnpool2d(_MaxUnpoolNd):
    r"""Computes a partial inverse of :class:`MaxPool2d`: each value is put back at the index
    recorded by the pooling (``return_indices=True``) and all other positions are zero.

    Args:
        kernel_size (int or tuple): the window size.
        stride (int or tuple, optional): the window stride. Default: ``kernel_size``.
        padding (int or tuple): implicit padding on both sides. Default: 0.

    Shape:
        - Input: the pooled values; Indices: same shape.
        - Output: the unpooled size, ``(in - 1) * stride - 2 * padding + kernel_size`` per
          dim, or ``output_size`` when given to ``forward(input, indices, output_size=None)``.

    Example::

        >>> pool = torch.nn.MaxPool2d(2, return_indices=True)
        >>> unpool = torch.nn.MaxUnpool2d(2)
        >>> out, indices = pool(torch.arange(16.).reshape(1, 1, 4, 4))
        >>> unpool(out, indices)
        tensor([[[[ 0.,  0.,  0.,  0.],
                  [ 0.,  5.,  0.,  7.],
                  [ 0.,  0.,  0.,  0.],
                  [ 0., 13.,  0., 15.]]]])
    """

    dims = 2


class MaxUnpool3d(_MaxUnpoolNd):
    r"""Computes a partial inverse of :class:`MaxPool3d`: each value is put back at the index
    recorded by the pooling (``return_indices=True``) and all other positions are zero.

    Args:
        kernel_size (int or tuple): the window size.
        stride (int or tuple, optional): the window stride. Default: ``kernel_size``.
        padding (int or tuple): implicit padding on both sides. Default: 0.

    Shape:
        - Input: the pooled values; Indices: same shape.
        - Output: the unpooled size, ``(in - 1) * stride - 2 * padding + kernel_size`` per
          dim, or ``output_size`` when given to ``forward(input, indices, output_size=None)``.

    Example::

        >>> pool = torch.nn.MaxPool3d(2, return_indices=True)
        >>> unpool = torch.nn.MaxUnpool3d(2)
        >>> out, indices = pool(torch.arange(8.).reshape(1, 1, 2, 2, 2))
        >>> unpool(out, indices)
        tensor([[[[[0., 0.],
                   [0., 0.]],
        <BLANKLINE>
                  [[0., 0.],
                   [0., 7.]]]]])
    """

    dims = 3
