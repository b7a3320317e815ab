"""Sliding windows as columns and back: unfold (im2col), fold (col2im, its adjoint) and the
transposed convolutions built on fold (the input-gradient of a convolution, as an op)."""

from __future__ import annotations

from ..autograd.function import Function
from ._common import ops_of, wrap
from .conv import Im2col, out_size, pair


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
    """[N, C, H, W] -> [N, C*kh*kw, L]: every sliding window as a column."""
    if input.ndim not in (3, 4):
        raise NotImplementedError(
            f"Input Error: Only 3D or 4D input Tensors are supported (got {input.ndim}D)"
        )
    x = input.unsqueeze(0) if input.ndim == 3 else input
    out = Im2col.apply(x, pair(kernel_size), pair(stride), pair(padding), pair(dilation))
    return out.squeeze(0) if input.ndim == 3 else out


def fold(input, output_size, kernel_size, dilation=1, padding=0, stride=1):
    """[N, C*kh*kw, L] -> [N, C, H, W]: columns summed back into an image (unfold's adjoint)."""
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


def conv_transpose2d(input, weight, bias=None, stride=1, padding=0, output_padding=0, groups=1,
                     dilation=1):  # fmt: skip
    """The transposed ("fractionally strided") convolution of [N, C_in, H, W] by
    [C_in, C_out/groups, kh, kw]: each input pixel scatters a scaled kernel."""
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
    return out.squeeze(0) if squeeze else out


def conv_transpose1d(input, weight, bias=None, stride=1, padding=0, output_padding=0, groups=1,
                     dilation=1):  # fmt: skip
    def one(v, first=1):
        return (first, v) if isinstance(v, int) else (first, v[0])

    squeeze = input.ndim == 2
    x = input.unsqueeze(0) if squeeze else input
    out = conv_transpose2d(x.unsqueeze(2), weight.unsqueeze(2), bias, one(stride),
                           one(padding, 0), one(output_padding, 0), groups,
                           one(dilation)).squeeze(2)  # fmt: skip
    return out.squeeze(0) if squeeze else out
