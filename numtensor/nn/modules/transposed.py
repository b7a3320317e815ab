"""Transposed convolutions and the window folding layers."""

from __future__ import annotations

import numtensor as _nt

from .. import functional as F
from .. import init
from ..parameter import Parameter
from .module import Module


class _ConvTransposeNd(Module):
    dims = 2

    def __init__(self, in_channels: int, out_channels: int, kernel_size, stride=1, padding=0,
                 output_padding=0, groups: int = 1, bias: bool = True, dilation=1,
                 padding_mode: str = "zeros", device=None, dtype=None) -> None:  # fmt: skip
        super().__init__()
        if padding_mode != "zeros":
            raise ValueError(f'Only "zeros" padding mode is supported for {type(self).__name__}')
        if in_channels % groups:
            raise ValueError("in_channels must be divisible by groups")
        if out_channels % groups:
            raise ValueError("out_channels must be divisible by groups")

        def tup(v):
            return (v,) * self.dims if isinstance(v, int) else tuple(v)

        self.in_channels, self.out_channels, self.groups = in_channels, out_channels, groups
        self.kernel_size, self.stride, self.padding = tup(kernel_size), tup(stride), tup(padding)
        self.output_padding, self.dilation = tup(output_padding), tup(dilation)
        self.padding_mode, self.transposed = padding_mode, True
        factory = {"device": device, "dtype": dtype}
        shape = (in_channels, out_channels // groups, *self.kernel_size)
        self.weight = Parameter(_nt.empty(shape, **factory))
        if bias:
            self.bias = Parameter(_nt.empty(out_channels, **factory))
        else:
            self.register_parameter("bias", None)
        self.reset_parameters()

    def reset_parameters(self) -> None:
        init.default_layer_init_(self.weight, self.bias)

    def _output_padding(self, input, output_size) -> tuple:
        """``output_padding``, or what reaches ``output_size`` (its last ``dims`` entries),
        checked to be within a stride of the smallest output."""
        if output_size is None:
            return self.output_padding
        dims = self.dims
        lead = 2 if input.ndim == dims + 2 else 1
        size = list(output_size)
        if len(size) == lead + dims:
            size = size[lead:]
        if len(size) != dims:
            raise ValueError(
                f"ConvTranspose{dims}D: for {input.ndim}D input, output_size must have {dims} "
                f"or {lead + dims} elements (got {len(size)})"
            )
        least = [
            (input.shape[lead + d] - 1) * self.stride[d]
            - 2 * self.padding[d]
            + self.dilation[d] * (self.kernel_size[d] - 1)
            + 1
            for d in range(dims)
        ]
        most = [lo + s - 1 for lo, s in zip(least, self.stride)]
        for d in range(dims):
            if not least[d] <= size[d] <= most[d]:
                raise ValueError(
                    f"requested an output size of {size}, but valid sizes range from {least} to "
                    f"{most} (for an input of {input.shape[lead:]})"
                )
        return tuple(size[d] - least[d] for d in range(dims))

    def extra_repr(self) -> str:
        text = (
            f"{self.in_channels}, {self.out_channels}, kernel_size={self.kernel_size}, "
            f"stride={self.stride}"
        )
        if self.padding != (0,) * self.dims:
            text += f", padding={self.padding}"
        if self.dilation != (1,) * self.dims:
            text += f", dilation={self.dilation}"
        if self.output_padding != (0,) * self.dims:
            text += f", output_padding={self.output_padding}"
        if self.groups != 1:
            text += f", groups={self.groups}"
        if self.bias is None:
            text += ", bias=False"
        return text


class ConvTranspose2d(_ConvTransposeNd):
    r"""Applies a 2-D transposed convolution (the gradient of Conv2d with respect to its input,
    also called fractionally-strided convolution or deconvolution).

    ``forward(input, output_size=None)``: ``output_size`` picks the output padding that
    reaches that size.

    Args:
        in_channels (int): channels of the input.
        out_channels (int): channels produced.
        kernel_size (int or tuple): size of the kernel.
        stride (int or tuple): Default: 1.
        padding (int or tuple): ``dilation * (k - 1) - padding`` zeros pad the input. Default: 0.
        output_padding (int or tuple): extra size on one side of the output. Default: 0.
        groups (int): Default: 1.
        bias (bool): Default: ``True``.
        dilation (int or tuple): Default: 1.
        padding_mode (str): only ``'zeros'``.
        device, dtype: for the parameters.

    Shape:
        - Input: :math:`(N, C_{in}, H, W)` or without the batch dim.
        - Output: each size ``(in - 1) * stride - 2 * padding + dilation * (k - 1) + output_padding
          + 1``.

    Attributes:
        weight (Tensor): ``(in_channels, out_channels / groups, *kernel_size)``, from U(-k, k),
            k = sqrt(groups / (out_channels * prod(kernel_size))).
        bias (Tensor): ``(out_channels,)``, from U(-k, k).

    Example::

        >>> m = torch.nn.ConvTranspose2d(16, 33, 3, stride=2)
        >>> m(torch.randn(20, 16, 50, 100)).shape
        numtensor.Size([20, 33, 101, 201])
        >>> up = torch.nn.ConvTranspose2d(16, 16, 3, stride=2, padding=1)
        >>> up(torch.randn(1, 16, 6, 6), output_size=[12, 12]).shape
        numtensor.Size([1, 16, 12, 12])
    """

    dims = 2

    def forward(self, input, output_size=None):
        extra = self._output_padding(input, output_size)
        return F.conv_transpose2d(input, self.weight, self.bias, self.stride, self.padding, extra,
                                  self.groups, self.dilation)  # fmt: skip


class ConvTranspose1d(_ConvTransposeNd):
    r"""Applies a 1-D transposed convolution (the gradient of Conv1d with respect to its input,
    also called fractionally-strided convolution or deconvolution).

    ``forward(input, output_size=None)``: ``output_size`` picks the output padding that
    reaches that size.

    Args:
        in_channels (int): channels of the input.
        out_channels (int): channels produced.
        kernel_size (int or tuple): size of the kernel.
        stride (int or tuple): Default: 1.
        padding (int or tuple): ``dilation * (k - 1) - padding`` zeros pad the input. Default: 0.
        output_padding (int or tuple): extra size on one side of the output. Default: 0.
        groups (int): Default: 1.
        bias (bool): Default: ``True``.
        dilation (int or tuple): Default: 1.
        padding_mode (str): only ``'zeros'``.
        device, dtype: for the parameters.

    Shape:
        - Input: :math:`(N, C_{in}, L)` or without the batch dim.
        - Output: each size ``(in - 1) * stride - 2 * padding + dilation * (k - 1) + output_padding
          + 1``.

    Attributes:
        weight (Tensor): ``(in_channels, out_channels / groups, *kernel_size)``, from U(-k, k),
            k = sqrt(groups / (out_channels * prod(kernel_size))).
        bias (Tensor): ``(out_channels,)``, from U(-k, k).

    Example::

        >>> m = torch.nn.ConvTranspose1d(16, 33, 3, stride=2)
        >>> m(torch.randn(20, 16, 50)).shape
        numtensor.Size([20, 33, 101])
    """

    dims = 1

    def forward(self, input, output_size=None):
        extra = self._output_padding(input, output_size)
        return F.conv_transpose1d(input, self.weight, self.bias, self.stride[0], self.padding[0],
                                  extra[0], self.groups, self.dilation[0])  # fmt: skip


class ConvTranspose3d(_ConvTransposeNd):
    r"""Applies a 3-D transposed convolution (the gradient of Conv3d with respect to its input,
    also called fractionally-strided convolution or deconvolution).

    ``forward(input, output_size=None)``: ``output_size`` picks the output padding that
    reaches that size.

    Args:
        in_channels (int): channels of the input.
        out_channels (int): channels produced.
        kernel_size (int or tuple): size of the kernel.
        stride (int or tuple): Default: 1.
        padding (int or tuple): ``dilation * (k - 1) - padding`` zeros pad the input. Default: 0.
        output_padding (int or tuple): extra size on one side of the output. Default: 0.
        groups (int): Default: 1.
        bias (bool): Default: ``True``.
        dilation (int or tuple): Default: 1.
        padding_mode (str): only ``'zeros'``.
        device, dtype: for the parameters.

    Shape:
        - Input: :math:`(N, C_{in}, D, H, W)` or without the batch dim.
        - Output: each size ``(in - 1) * stride - 2 * padding + dilation * (k - 1) + output_padding
          + 1``.

    Attributes:
        weight (Tensor): ``(in_channels, out_channels / groups, *kernel_size)``, from U(-k, k),
            k = sqrt(groups / (out_channels * prod(kernel_size))).
        bias (Tensor): ``(out_channels,)``, from U(-k, k).

    Example::

        >>> m = torch.nn.ConvTranspose3d(4, 6, 3, stride=2)
        >>> m(torch.randn(2, 4, 3, 5, 5)).shape
        numtensor.Size([2, 6, 7, 11, 11])
    """

    dims = 3

    def forward(self, input, output_size=None):
        extra = self._output_padding(input, output_size)
        return F.conv_transpose3d(input, self.weight, self.bias, self.stride, self.padding, extra,
                                  self.groups, self.dilation)  # fmt: skip


class Unfold(Module):
    r"""Extracts sliding local blocks from a batched input (im2col): each output column is
    one block of all channels, flattened.

    Args:
        kernel_size (int or tuple): the block size.
        dilation (int or tuple): Default: 1.
        padding (int or tuple): Default: 0.
        stride (int or tuple): Default: 1.

    Shape:
        - Input: :math:`(N, C, H, W)` or :math:`(C, H, W)`.
        - Output: :math:`(N, C k_H k_W, L)`, L the number of blocks.

    Example::

        >>> unfold = torch.nn.Unfold(kernel_size=(2, 3))
        >>> unfold(torch.randn(2, 5, 3, 4)).shape
        numtensor.Size([2, 30, 4])
    """

    def __init__(self, kernel_size, dilation=1, padding=0, stride=1) -> None:
        super().__init__()
        self.kernel_size, self.dilation, self.padding, self.stride = (
            kernel_size,
            dilation,
            padding,
            stride,
        )

    def forward(self, input):
        return F.unfold(input, self.kernel_size, self.dilation, self.padding, self.stride)

    def extra_repr(self) -> str:
        return (
            f"kernel_size={self.kernel_size}, dilation={self.dilation}, padding={self.padding}, "
            f"stride={self.stride}"
        )


class Fold(Module):
    r"""Combines an array of sliding local blocks into a tensor (col2im), summing the
    overlapping values: the inverse arrangement of :class:`Unfold`.

    Args:
        output_size (int or tuple): the spatial output size.
        kernel_size (int or tuple): the block size.
        dilation, padding, stride (int or tuple): as in :class:`Unfold`.

    Shape:
        - Input: :math:`(N, C k_H k_W, L)` or :math:`(C k_H k_W, L)`.
        - Output: :math:`(N, C, H, W)`.

    Example::

        >>> fold = torch.nn.Fold(output_size=(4, 5), kernel_size=(2, 2))
        >>> fold(torch.randn(1, 3 * 2 * 2, 12)).shape
        numtensor.Size([1, 3, 4, 5])
        >>> torch.nn.Fold(3, 2)(torch.ones(1, 4, 4))
        tensor([[[[1., 2., 1.],
                  [2., 4., 2.],
                  [1., 2., 1.]]]])
    """

    def __init__(self, output_size, kernel_size, dilation=1, padding=0, stride=1) -> None:
        super().__init__()
        self.output_size, self.kernel_size = output_size, kernel_size
        self.dilation, self.padding, self.stride = dilation, padding, stride

    def forward(self, input):
        return F.fold(input, self.output_size, self.kernel_size, self.dilation, self.padding,
                      self.stride)  # fmt: skip

    def extra_repr(self) -> str:
        return (
            f"output_size={self.output_size}, kernel_size={self.kernel_size}, "
            f"dilation={self.dilation}, padding={self.padding}, stride={self.stride}"
        )
