"""Sliding windows as columns and back: unfold (im2col), fold (col2im, its adjoint) and the
transposed convolutions built on fold (the input-gradient of a convolution, as an op)."""

from __future__ import annotations

from ..autograd.function import Function, name_node
from ._common import ops_of, wrap
from .conv import Im2col, out_size, pair
from .memory_formats import follows_channels_last


class Col2im(Function):
    """[N, C*kh*kw, L] -> [N, C, H, W], overlapping windows summed; VJP: im2col."""

    node_name = "Col2ImBackward0"

    def forward(self, cols, shape, kernel, stride, padding, dilation):
        self.geometry = (kernel, stride, padding, dilation)
        h, w = shape[2:]
        self.out_hw = tuple(out_size(s, k, st, p, d) for s, k, st, p, d in
                            zip((h, w), kernel, stride, padding, dilation))  # fmt: skip
        return wrap(
            ops_of(cols).col2im(cols.contiguous()._data, tuple(shape), *self.geometry), cols
        )

    def vjp(self, g):
        cols = ops_of(g).im2col(g.contiguous()._data, *self.geometry, self.out_hw)
        return wrap(cols, g), None, None, None, None, None


def unfold(input, kernel_size, dilation=1, padding=0, stride=1):
    r"""Extracts sliding local blocks (im2col): each column of the output is one flattened
    ``kernel_size`` block of all channels.

    See :class:`~numtensor.nn.Unfold` for details.

    Args:
        input (Tensor): :math:`(N, C, H, W)` or :math:`(C, H, W)`.
        kernel_size (int or tuple): the block size.
        dilation (int or tuple): Default: 1.
        padding (int or tuple): Default: 0.
        stride (int or tuple): Default: 1.

    Returns:
        Tensor: :math:`(N, C k_H k_W, L)`, L the number of blocks.

    Example::

        >>> import numtensor.nn.functional as F
        >>> F.unfold(torch.arange(9.).reshape(1, 1, 3, 3), kernel_size=2)
        tensor([[[0., 1., 3., 4.],
                 [1., 2., 4., 5.],
                 [3., 4., 6., 7.],
                 [4., 5., 7., 8.]]])
    """
    if input.ndim not in (3, 4):
        raise NotImplementedError(
            f"Input Error: Only 3D or 4D input Tensors are supported (got {input.ndim}D)"
        )
    x = input.unsqueeze(0) if input.ndim == 3 else input
    out = Im2col.apply(x, pair(kernel_size), pair(stride), pair(padding), pair(dilation))
    return out.squeeze(0) if input.ndim == 3 else out


def fold(input, output_size, kernel_size, dilation=1, padding=0, stride=1):
    r"""Combines sliding local blocks into a tensor (col2im), summing overlapping values:
    the inverse arrangement of :func:`unfold`.

    See :class:`~numtensor.nn.Fold` for details.

    Args:
        input (Tensor): :math:`(N, C k_H k_W, L)` or :math:`(C k_H k_W, L)`.
        output_size (int or tuple): the spatial output size.
        kernel_size (int or tuple): the block size.
        dilation, padding, stride (int or tuple): as in :func:`unfold`.

    Returns:
        Tensor: :math:`(N, C, H, W)`.

    Example::

        >>> import numtensor.nn.functional as F
        >>> F.fold(torch.ones(1, 4, 4), output_size=3, kernel_size=2)
        tensor([[[[1., 2., 1.],
                  [2., 4., 2.],
                  [1., 2., 1.]]]])
    """
    if input.ndim not in (2, 3):
        raise NotImplementedError(
            f"Input Error: Only unbatched (2D) or batched (3D) input Tensors are supported "
            f"(got {input.ndim}D)"
        )
    cols = input.unsqueeze(0) if input.ndim == 2 else input
    kernel, stride, padding, dilation = (
        pair(kernel_size),
        pair(stride),
        pair(padding),
        pair(dilation),
    )
    h, w = pair(output_size)
    n, ck, length = cols.shape
    if ck % (kernel[0] * kernel[1]):
        raise RuntimeError(
            "Expected size of input's dimension 1 to be divisible by the product of kernel_size, "
            f"but got input.size(1)={ck} and kernel_size={tuple(kernel)}"
        )
    blocks = out_size(h, kernel[0], stride[0], padding[0], dilation[0]) * out_size(
        w, kernel[1], stride[1], padding[1], dilation[1]
    )
    if blocks != length:
        raise RuntimeError(
            f"Given output_size={(h, w)}, kernel_size={tuple(kernel)}, dilation={tuple(dilation)}, "
            f"padding={tuple(padding)}, stride={tuple(stride)}, expected size of input's "
            f"dimension 2 to match the calculated number of sliding blocks {blocks}, but got "
            f"input.size(2)={length}."
        )
    c = ck // (kernel[0] * kernel[1])
    out = Col2im.apply(cols, (n, c, h, w), kernel, stride, padding, dilation)
    return out.squeeze(0) if input.ndim == 2 else out


@follows_channels_last((0, "input"), (1, "weight"))
def conv_transpose2d(input, weight, bias=None, stride=1, padding=0, output_padding=0, groups=1,
                     dilation=1):  # fmt: skip
    r"""Applies a 2-D transposed convolution (the gradient of conv2d with respect to its
    input, sometimes called deconvolution) over :math:`(N, C_{in}, H, W)`.

    See :class:`~numtensor.nn.ConvTranspose2d` for details.

    Args:
        input (Tensor): :math:`(N, C_{in}, *)` or without the batch dim.
        weight (Tensor): :math:`(C_{in}, C_{out} / groups, *k)`.
        bias (Tensor, optional): :math:`(C_{out})`.
        stride (int or tuple): Default: 1.
        padding (int or tuple): removed from the output's borders: ``dilation * (k - 1) - padding``
            zero padding of the input. Default: 0.
        output_padding (int or tuple): extra size added to one side of the output. Default: 0.
        groups (int): Default: 1.
        dilation (int or tuple): Default: 1.

    Returns:
        Tensor: each output size ``(in - 1) * stride - 2 * padding + dilation * (k - 1) +
            output_padding + 1``.

    Example::

        >>> import numtensor.nn.functional as F
        >>> F.conv_transpose2d(torch.ones(1, 1, 2, 2), torch.ones(1, 1, 2, 2))
        tensor([[[[1., 2., 1.],
                  [2., 4., 2.],
                  [1., 2., 1.]]]])
        >>> F.conv_transpose2d(torch.randn(1, 4, 5, 5), torch.randn(4, 8, 3, 3), stride=2).shape
        numtensor.Size([1, 8, 11, 11])
    """
    squeeze = input.ndim == 3
    x = input.unsqueeze(0) if squeeze else input
    if x.ndim != 4:
        raise RuntimeError(
            f"Expected 3D (unbatched) or 4D (batched) input to conv_transpose2d, but got input of "
            f"size: {list(input.shape)}"
        )
    n, c_in, h, w = x.shape
    if weight.shape[0] != c_in:
        raise RuntimeError(
            f"Given transposed=1, weight of size {list(weight.shape)}, expected input"
            f"{list(x.shape)} to have {weight.shape[0]} channels, but got {c_in} channels instead"
        )
    kh, kw = weight.shape[2:]
    stride, padding, dilation = pair(stride), pair(padding), pair(dilation)
    output_padding = pair(output_padding)
    c_out_g = weight.shape[1]
    oh = (h - 1) * stride[0] - 2 * padding[0] + dilation[0] * (kh - 1) + output_padding[0] + 1
    ow = (w - 1) * stride[1] - 2 * padding[1] + dilation[1] * (kw - 1) + output_padding[1] + 1
    cin_g = c_in // groups
    xs = x.reshape(n, groups, cin_g, h * w)
    ws = weight.reshape(groups, cin_g, c_out_g * kh * kw)
    cols = (ws.mT.unsqueeze(0) @ xs).reshape(n, groups * c_out_g * kh * kw, h * w)
    out = Col2im.apply(cols, (n, groups * c_out_g, oh, ow), (kh, kw), stride, padding, dilation)
    if bias is not None:
        out = out + bias.reshape(1, -1, 1, 1)
    out = name_node(out, "ConvolutionBackward0")  # (unbatched: PyTorch's squeeze follows)
    return out.squeeze(0) if squeeze else out


def conv_transpose1d(input, weight, bias=None, stride=1, padding=0, output_padding=0, groups=1,
                     dilation=1):  # fmt: skip
    r"""Applies a 1-D transposed convolution (the gradient of conv1d with respect to its
    input, sometimes called deconvolution) over :math:`(N, C_{in}, L)`.

    See :class:`~numtensor.nn.ConvTranspose1d` for details.

    Args:
        input (Tensor): :math:`(N, C_{in}, *)` or without the batch dim.
        weight (Tensor): :math:`(C_{in}, C_{out} / groups, *k)`.
        bias (Tensor, optional): :math:`(C_{out})`.
        stride (int or tuple): Default: 1.
        padding (int or tuple): removed from the output's borders: ``dilation * (k - 1) - padding``
            zero padding of the input. Default: 0.
        output_padding (int or tuple): extra size added to one side of the output. Default: 0.
        groups (int): Default: 1.
        dilation (int or tuple): Default: 1.

    Returns:
        Tensor: each output size ``(in - 1) * stride - 2 * padding + dilation * (k - 1) +
            output_padding + 1``.

    Example::

        >>> import numtensor.nn.functional as F
        >>> F.conv_transpose1d(torch.tensor([[[1., 2.]]]), torch.tensor([[[1., 1., 1.]]]))
        tensor([[[1., 3., 3., 2.]]])
    """

    def one(v, first=1):
        return (first, v) if isinstance(v, int) else (first, v[0])

    squeeze = input.ndim == 2
    x = input.unsqueeze(0) if squeeze else input
    out = conv_transpose2d(x.unsqueeze(2), weight.unsqueeze(2), bias, one(stride),
                           one(padding, 0), one(output_padding, 0), groups,
                           one(dilation)).squeeze(2)  # fmt: skip
    out = name_node(out, "ConvolutionBackward0")  # (unbatched: PyTorch's squeeze follows)
    return out.squeeze(0) if squeeze else out
