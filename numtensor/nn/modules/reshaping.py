"""Padding, pixel shuffling, upsampling, 1-d and adaptive pooling, and channel dropout
layers: thin wrappers around nn.functional."""

from __future__ import annotations

from .. import functional as F
from .module import Module


class _Pad(Module):
    dims, mode = 1, "constant"

    def __init__(self, padding, value: float = 0.0) -> None:
        super().__init__()
        self.padding = (padding,) * (2 * self.dims) if isinstance(padding, int) else tuple(padding)
        self.value = value

    def forward(self, input):
        return F.pad(input, self.padding, self.mode, self.value)

    def extra_repr(self) -> str:
        return f"padding={self.padding}, value={self.value}"


_PAD_HOW = {
    "zero": "with zeros",
    "constant": "with the constant ``value``",
    "reflect": "with the reflection of the input (the edge not repeated)",
    "replicate": "by repeating the edge values",
    "circular": "circularly (wrapping around)",
}


_PAD_1D = {  # (the 1-d classes' examples show the values)
    kind: f"    >>> m(torch.tensor([[[1., 2., 3.]]])).tolist()\n    [[{row}]]\n"
    for kind, row in [
        ("zero", "[0.0, 1.0, 2.0, 3.0, 0.0]"),
        ("constant", "[3.5, 1.0, 2.0, 3.0, 3.5]"),
        ("reflect", "[2.0, 1.0, 2.0, 3.0, 2.0]"),
        ("replicate", "[1.0, 1.0, 2.0, 3.0, 3.0]"),
        ("circular", "[3.0, 1.0, 2.0, 3.0, 1.0]"),
    ]
}


def _pad_doc(name: str, dims: int, mode: str, value) -> str:
    """The user documentation of one padding layer class (the family shares its wording)."""
    kind = "zero" if value == 0.0 and mode == "constant" else mode
    sides = ("left, right", "left, right, top, bottom", "left, right, top, bottom, front, back")
    spatial = ("W", "H, W", "D, H, W")[dims - 1]
    ctor = "1, 3.5" if kind == "constant" else "1"
    value_arg = "\n    value (float): the fill value." if kind == "constant" else ""
    sizes = ", ".join(["3"] * dims)
    padded = ", ".join(["5"] * dims)
    return f"""Pads the last {dims} dim(s) of the input {_PAD_HOW[kind]}.

Args:
    padding (int or tuple): the padding size; an int pads every side by it, a
        {2 * dims}-tuple gives ({sides[dims - 1]}).{value_arg}

Shape:
    - Input: :math:`(N, C, {spatial})` or :math:`(C, {spatial})`.
    - Output: each padded dim grows by the padding of its two sides.

Example::

    >>> m = torch.nn.{name}({ctor})
    >>> m(torch.ones(1, 1, {sizes})).shape
    numtensor.Size([1, 1, {padded}])
{_PAD_1D[kind] if dims == 1 else ""}"""


def _pad_class(name: str, dims: int, mode: str, value=None):
    """A padding layer of ``dims`` dims: ``value`` fixed (ZeroPad), or given (ConstantPad)."""
    attrs = {"dims": dims, "mode": mode, "__doc__": _pad_doc(name, dims, mode, value)}
    if value is not None or mode != "constant":
        attrs["__init__"] = lambda self, padding: _Pad.__init__(self, padding, value or 0.0)
        attrs["extra_repr"] = lambda self: f"{self.padding}"
    return type(name, (_Pad,), attrs)


ZeroPad1d, ZeroPad2d, ZeroPad3d = (
    _pad_class(f"ZeroPad{d}d", d, "constant", 0.0) for d in (1, 2, 3)
)
ConstantPad1d, ConstantPad2d, ConstantPad3d = (
    _pad_class(f"ConstantPad{d}d", d, "constant") for d in (1, 2, 3)
)
ReflectionPad1d, ReflectionPad2d, ReflectionPad3d = (
    _pad_class(f"ReflectionPad{d}d", d, "reflect") for d in (1, 2, 3)
)
ReplicationPad1d, ReplicationPad2d, ReplicationPad3d = (
    _pad_class(f"ReplicationPad{d}d", d, "replicate") for d in (1, 2, 3)
)
CircularPad1d, CircularPad2d, CircularPad3d = (
    _pad_class(f"CircularPad{d}d", d, "circular") for d in (1, 2, 3)
)


class PixelShuffle(Module):
    r"""Rearranges :math:`(*, C r^2, H, W)` into :math:`(*, C, H r, W r)`, ``r`` the upscale
    factor (sub-pixel convolution).

    Args:
        upscale_factor (int): the factor ``r``.

    Shape:
        - Input: :math:`(*, C_{in}, H_{in}, W_{in})`, :math:`C_{in} = C r^2`.
        - Output: :math:`(*, C, H_{in} r, W_{in} r)`.

    Example::

        >>> m = torch.nn.PixelShuffle(3)
        >>> m(torch.randn(1, 9, 4, 4)).shape
        numtensor.Size([1, 1, 12, 12])
        >>> torch.nn.PixelShuffle(2)(torch.arange(4.).reshape(1, 4, 1, 1))
        tensor([[[[0., 1.],
                  [2., 3.]]]])
    """

    def __init__(self, upscale_factor: int) -> None:
        super().__init__()
        self.upscale_factor = upscale_factor

    def forward(self, input):
        return F.pixel_shuffle(input, self.upscale_factor)

    def extra_repr(self) -> str:
        return f"upscale_factor={self.upscale_factor}"


class PixelUnshuffle(Module):
    r"""Reverses :class:`PixelShuffle`: :math:`(*, C, H r, W r)` into :math:`(*, C r^2, H, W)`.

    Args:
        downscale_factor (int): the factor ``r``.

    Shape:
        - Input: :math:`(*, C, H r, W r)`.
        - Output: :math:`(*, C r^2, H, W)`.

    Example::

        >>> m = torch.nn.PixelUnshuffle(3)
        >>> m(torch.randn(1, 1, 12, 12)).shape
        numtensor.Size([1, 9, 4, 4])
    """

    def __init__(self, downscale_factor: int) -> None:
        super().__init__()
        self.downscale_factor = downscale_factor

    def forward(self, input):
        return F.pixel_unshuffle(input, self.downscale_factor)

    def extra_repr(self) -> str:
        return f"downscale_factor={self.downscale_factor}"


class ChannelShuffle(Module):
    r"""Divides the channels of :math:`(N, C, *)` into ``groups`` groups and interleaves them
    (channel ``g * (C / groups) + i`` goes to position ``i * groups + g``).

    Args:
        groups (int): the number of groups (divides C).

    Shape:
        - Input: :math:`(N, C, *)`; Output: same shape.

    Example::

        >>> m = torch.nn.ChannelShuffle(2)
        >>> m(torch.arange(4.).reshape(1, 4, 1)).flatten()
        tensor([0., 2., 1., 3.])
    """

    def __init__(self, groups: int) -> None:
        super().__init__()
        self.groups = groups

    def forward(self, input):
        return F.channel_shuffle(input, self.groups)

    def extra_repr(self) -> str:
        return f"groups={self.groups}"


class Upsample(Module):
    r"""Upsamples multi-channel 1-D (temporal), 2-D (spatial) or 3-D (volumetric) data to
    ``size`` or by ``scale_factor``, with :func:`~numtensor.nn.functional.interpolate`.

    Args:
        size (int or tuple, optional): the output spatial size.
        scale_factor (float or tuple, optional): the multiplier of the spatial size.
        mode (str): ``'nearest'``, ``'linear'``, ``'bilinear'``, ``'bicubic'`` or ``'trilinear'``.
            Default: ``'nearest'``.
        align_corners (bool, optional): for the linear and cubic modes, align the corner pixels.
        recompute_scale_factor (bool, optional): compute the scale from the output size.

    Shape:
        - Input: :math:`(N, C, W_{in})`, :math:`(N, C, H_{in}, W_{in})` or :math:`(N, C, D_{in},
          H_{in}, W_{in})`.
        - Output: the same with the new spatial sizes.

    Example::

        >>> x = torch.tensor([[[[1., 2.], [3., 4.]]]])
        >>> torch.nn.Upsample(scale_factor=2, mode='nearest')(x)
        tensor([[[[1., 1., 2., 2.],
                  [1., 1., 2., 2.],
                  [3., 3., 4., 4.],
                  [3., 3., 4., 4.]]]])
        >>> torch.nn.Upsample(scale_factor=2, mode='bilinear', align_corners=True)(x)
        tensor([[[[1.0000, 1.3333, 1.6667, 2.0000],
                  [1.6667, 2.0000, 2.3333, 2.6667],
                  [2.3333, 2.6667, 3.0000, 3.3333],
                  [3.0000, 3.3333, 3.6667, 4.0000]]]])
    """

    def __init__(self, size=None, scale_factor=None, mode: str = "nearest", align_corners=None,
                 recompute_scale_factor=None) -> None:  # fmt: skip
        super().__init__()
        self.size, self.mode, self.align_corners = size, mode, align_corners
        self.scale_factor = (
            float(scale_factor) if isinstance(scale_factor, (int, float)) else scale_factor
        )
        self.recompute_scale_factor = recompute_scale_factor

    def forward(self, input):
        return F.interpolate(input, self.size, self.scale_factor, self.mode, self.align_corners,
                             self.recompute_scale_factor)  # fmt: skip

    def extra_repr(self) -> str:
        which = (
            f"scale_factor={self.scale_factor}"
            if self.scale_factor is not None
            else f"size={self.size}"
        )
        return f"{which}, mode='{self.mode}'"


class UpsamplingNearest2d(Upsample):
    r"""Upsamples a 4-D input with nearest neighbours (``Upsample(mode='nearest')``).

    Args:
        size (int or tuple, optional): the output spatial size.
        scale_factor (float or tuple, optional): the multiplier of the spatial size.

    Shape:
        - Input: :math:`(N, C, H_{in}, W_{in})`; Output: :math:`(N, C, H_{out}, W_{out})`.

    Example::

        >>> m = torch.nn.UpsamplingNearest2d(scale_factor=2)
        >>> m(torch.tensor([[[[1., 2.]]]]))
        tensor([[[[1., 1., 2., 2.],
                  [1., 1., 2., 2.]]]])
    """

    def __init__(self, size=None, scale_factor=None) -> None:
        super().__init__(size, scale_factor, mode="nearest")


class UpsamplingBilinear2d(Upsample):
    r"""Upsamples a 4-D input bilinearly with ``align_corners=True``
    (``Upsample(mode='bilinear', align_corners=True)``).

    Args:
        size (int or tuple, optional): the output spatial size.
        scale_factor (float or tuple, optional): the multiplier of the spatial size.

    Shape:
        - Input: :math:`(N, C, H_{in}, W_{in})`; Output: :math:`(N, C, H_{out}, W_{out})`.

    Example::

        >>> m = torch.nn.UpsamplingBilinear2d(size=(1, 3))
        >>> m(torch.tensor([[[[1., 2.]]]]))
        tensor([[[[1.0000, 1.5000, 2.0000]]]])
    """

    def __init__(self, size=None, scale_factor=None) -> None:
        super().__init__(size, scale_factor, mode="bilinear", align_corners=True)


class MaxPool1d(Module):
    r"""Applies a 1-D max pooling: each output element is the maximum of a ``kernel_size``
    window, windows ``stride`` apart.

    Args:
        kernel_size (int or tuple): the window size.
        stride (int or tuple, optional): the window stride. Default: ``kernel_size``.
        padding (int or tuple): implicit padding on both sides. Default: 0.
        dilation (int): spacing between window elements. Default: 1.
        return_indices (bool): also return the indices of the maxima. Default: ``False``.
        ceil_mode (bool): ceil instead of floor in the output size. Default: ``False``.

    Shape:
        - Input: :math:`(N, C, L_{in})` or :math:`(C, L_{in})`.
        - Output: :math:`(N, C, L_{out})`,
          :math:`L_{out} = floor((L_{in} + 2 p - d (k - 1) - 1) / s + 1)`.

    Example::

        >>> m = torch.nn.MaxPool1d(2)
        >>> m(torch.tensor([[[1., 3., 2., 5., 4., 0.]]]))
        tensor([[[3., 5., 4.]]])
    """

    def __init__(self, kernel_size, stride=None, padding=0, dilation=1,
                 return_indices: bool = False, ceil_mode: bool = False) -> None:  # fmt: skip
        super().__init__()
        self.kernel_size, self.stride = kernel_size, stride if stride is not None else kernel_size
        self.padding, self.dilation = padding, dilation
        self.return_indices, self.ceil_mode = return_indices, ceil_mode

    def forward(self, input):
        return F.max_pool1d(input, self.kernel_size, self.stride, self.padding, self.dilation,
                            self.ceil_mode, self.return_indices)  # fmt: skip

    def extra_repr(self) -> str:
        return (
            f"kernel_size={self.kernel_size}, stride={self.stride}, padding={self.padding}, "
            f"dilation={self.dilation}, ceil_mode={self.ceil_mode}"
        )


class AvgPool1d(Module):
    r"""Applies a 1-D average pooling: each output element is the mean of a ``kernel_size``
    window, windows ``stride`` apart.

    Args:
        kernel_size (int or tuple): the window size.
        stride (int or tuple, optional): the window stride. Default: ``kernel_size``.
        padding (int or tuple): implicit padding on both sides. Default: 0.
        ceil_mode (bool): ceil instead of floor in the output size. Default: ``False``.
        count_include_pad (bool): count the zero padding in the mean. Default: ``True``.

    Shape:
        - Input: :math:`(N, C, L_{in})` or :math:`(C, L_{in})`.
        - Output: :math:`(N, C, L_{out})`,
          :math:`L_{out} = floor((L_{in} + 2 p - k) / s + 1)`.

    Example::

        >>> m = torch.nn.AvgPool1d(2)
        >>> m(torch.tensor([[[1., 3., 2., 5., 4., 0.]]]))
        tensor([[[2.0000, 3.5000, 2.0000]]])
    """

    def __init__(self, kernel_size, stride=None, padding=0, ceil_mode: bool = False,
                 count_include_pad: bool = True) -> None:  # fmt: skip
        super().__init__()
        self.kernel_size = (kernel_size,) if isinstance(kernel_size, int) else tuple(kernel_size)
        s = kernel_size if stride is None else stride
        self.stride = (s,) if isinstance(s, int) else tuple(s)
        self.padding = (padding,) if isinstance(padding, int) else tuple(padding)
        self.ceil_mode, self.count_include_pad = ceil_mode, count_include_pad

    def forward(self, input):
        return F.avg_pool1d(input, self.kernel_size, self.stride, self.padding, self.ceil_mode,
                            self.count_include_pad)  # fmt: skip

    def extra_repr(self) -> str:
        return f"kernel_size={self.kernel_size}, stride={self.stride}, padding={self.padding}"


class _Adaptive(Module):
    def __init__(self, output_size, return_indices: bool = False) -> None:
        super().__init__()
        self.output_size, self.return_indices = output_size, return_indices

    def extra_repr(self) -> str:
        return f"output_size={self.output_size}"


class AdaptiveAvgPool1d(_Adaptive):
    r"""Applies a 1-D adaptive average pooling: the output has length ``output_size``.

    Args:
        output_size (int or tuple): the target output size.

    Shape:
        - Input: :math:`(N, C, L_{in})` or :math:`(C, L_{in})`; Output: :math:`(N, C, L_{out})`.

    Example::

        >>> m = torch.nn.AdaptiveAvgPool1d(3)
        >>> m(torch.tensor([[[1., 3., 2., 5., 4., 0.]]]))
        tensor([[[2.0000, 3.5000, 2.0000]]])
    """

    def __init__(self, output_size) -> None:
        super().__init__(output_size)

    def forward(self, input):
        return F.adaptive_avg_pool1d(input, self.output_size)


class AdaptiveMaxPool1d(_Adaptive):
    r"""Applies a 1-D adaptive max pooling: the output has length ``output_size``.

    Args:
        output_size (int or tuple): the target output size.
        return_indices (bool): also return the indices of the maxima. Default: ``False``.

    Shape:
        - Input: :math:`(N, C, L_{in})` or :math:`(C, L_{in})`; Output: :math:`(N, C, L_{out})`.

    Example::

        >>> m = torch.nn.AdaptiveMaxPool1d(2)
        >>> m(torch.tensor([[[1., 3., 2., 5., 4., 0.]]]))
        tensor([[[3., 5.]]])
    """

    def forward(self, input):
        return F.adaptive_max_pool1d(input, self.output_size, self.return_indices)


class AdaptiveMaxPool2d(_Adaptive):
    r"""Applies a 2-D adaptive max pooling: the output has size ``output_size`` (H, W).

    Args:
        output_size (int or tuple): the target output size.
        return_indices (bool): also return the indices of the maxima. Default: ``False``.

    Shape:
        - Input: :math:`(N, C, H_{in}, W_{in})` or :math:`(C, H_{in}, W_{in})`; Output: :math:`(N,
          C, H, W)`.

    Example::

        >>> m = torch.nn.AdaptiveMaxPool2d((2, 1))
        >>> m(torch.arange(16.).reshape(1, 1, 4, 4))
        tensor([[[[ 7.],
                  [15.]]]])
        >>> torch.nn.AdaptiveMaxPool2d((5, 7))(torch.randn(1, 64, 8, 9)).shape
        numtensor.Size([1, 64, 5, 7])
    """

    def forward(self, input):
        return F.adaptive_max_pool2d(input, self.output_size, self.return_indices)


class _LPPool(Module):
    def __init__(self, norm_type: float, kernel_size, stride=None, ceil_mode: bool = False) -> None:
        super().__init__()
        self.norm_type, self.kernel_size, self.stride, self.ceil_mode = (
            norm_type,
            kernel_size,
            stride,
            ceil_mode,
        )

    def extra_repr(self) -> str:
        return (
            f"norm_type={self.norm_type}, kernel_size={self.kernel_size}, stride={self.stride}, "
            f"ceil_mode={self.ceil_mode}"
        )


class LPPool1d(_LPPool):
    r"""Applies a 1-D power-average pooling: ``f(X) = (sum_{x in X} x^p)^(1/p)`` over each
    window (``p = 1`` is sum pooling, ``p = inf`` max pooling).

    Args:
        norm_type (float): the power ``p``.
        kernel_size (int or tuple): the window size.
        stride (int or tuple, optional): Default: ``kernel_size``.
        ceil_mode (bool): Default: ``False``.

    Shape:
        - Input: :math:`(N, C, L_{in})` or :math:`(C, L_{in})`; Output: :math:`(N, C, L_{out})`.

    Example::

        >>> m = torch.nn.LPPool1d(2, 2)
        >>> m(torch.tensor([[[1., 3., 2., 5., 4., 0.]]]))
        tensor([[[3.1623, 5.3852, 4.0000]]])
    """

    def forward(self, input):
        return F.lp_pool1d(input, self.norm_type, self.kernel_size, self.stride, self.ceil_mode)


class LPPool2d(_LPPool):
    r"""Applies a 2-D power-average pooling: ``f(X) = (sum_{x in X} x^p)^(1/p)`` over each
    window.

    Args:
        norm_type (float): the power ``p``.
        kernel_size (int or tuple): the window size.
        stride (int or tuple, optional): Default: ``kernel_size``.
        ceil_mode (bool): Default: ``False``.

    Shape:
        - Input: :math:`(N, C, H_{in}, W_{in})` or :math:`(C, H_{in}, W_{in})`; Output: :math:`(N,
          C, H_{out}, W_{out})`.

    Example::

        >>> m = torch.nn.LPPool2d(1, 2)
        >>> m(torch.arange(16.).reshape(1, 1, 4, 4))
        tensor([[[[10., 18.],
                  [42., 50.]]]])
    """

    def forward(self, input):
        return F.lp_pool2d(input, self.norm_type, self.kernel_size, self.stride, self.ceil_mode)


class _Dropout(Module):
    def __init__(self, p: float = 0.5, inplace: bool = False) -> None:
        super().__init__()
        if p < 0 or p > 1:
            raise ValueError(f"dropout probability has to be between 0 and 1, but got {p}")
        self.p, self.inplace = p, inplace

    def extra_repr(self) -> str:
        return f"p={self.p}, inplace={self.inplace}"


def _dropout_class(name: str, fn, what: str, shape: str):
    def forward(self, input):
        return fn(input, self.p, self.training, self.inplace)

    sizes = shape.replace("N", "2").replace("C", "4").replace("L", "3")
    sizes = sizes.replace("D", "3").replace("H", "3").replace("W", "3")
    doc = f"""During training, {what}; in eval mode it returns the input (see
:func:`~numtensor.nn.functional.{fn.__name__}`).

Args:
    p (float): the probability of an element (or channel) to be dropped. Default: 0.5.
    inplace (bool): do the operation in place. Default: ``False``.

Shape:
    - Input: :math:`{shape}` (or without the batch dim); Output: same shape.

Example::

    >>> m = torch.nn.{name}(p=0.2)
    >>> m(torch.ones{sizes}).shape
    numtensor.Size([{sizes[1:-1]}])
    >>> m.eval()(torch.ones{sizes}).equal(torch.ones{sizes})
    True
"""
    return type(name, (_Dropout,), {"forward": forward, "__doc__": doc})


_CHANNELS = "zeroes whole channels, each with probability ``p``, and scales the rest by 1 / (1 - p)"
_ALPHA = (
    "sets {} to SELU's negative saturation value with probability ``p`` and applies the affine "
    "correction that keeps the input's mean and variance (for SELU networks)"
)
Dropout1d = _dropout_class("Dropout1d", F.dropout1d, _CHANNELS, "(N, C, L)")
Dropout2d = _dropout_class("Dropout2d", F.dropout2d, _CHANNELS, "(N, C, H, W)")
Dropout3d = _dropout_class("Dropout3d", F.dropout3d, _CHANNELS, "(N, C, D, H, W)")
AlphaDropout = _dropout_class(
    "AlphaDropout", F.alpha_dropout, _ALPHA.format("elements"), "(N, C, L)"
)
FeatureAlphaDropout = _dropout_class(
    "FeatureAlphaDropout", F.feature_alpha_dropout, _ALPHA.format("whole channels"), "(N, C, L)"
)
