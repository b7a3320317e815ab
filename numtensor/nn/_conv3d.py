"""3-d convolution and transposed convolution, composed of the 2-d ones.

The depth axis is turned into channels with a (kD x 1) ``unfold`` (``conv3d``) or summed back
with a (kD x 1) ``fold`` (``conv_transpose3d``); height and width go through ``conv2d`` /
``conv_transpose2d``. Gradients come from those ops; no Python loop runs over the batch or
the output voxels.
"""

from __future__ import annotations

from ..autograd.function import name_node
from ..ops.conv import conv2d
from ..ops.folding import conv_transpose2d, fold, unfold


def _triple(v, name: str = "") -> tuple:
    if isinstance(v, int):
        return (v, v, v)
    v = tuple(v)
    if len(v) == 1:
        return v * 3
    if len(v) != 3:
        raise RuntimeError(
            f"expected {name} to be a single integer value or a list of 3 values to match the "
            f"convolution dimensions, but got {name}={list(v)}"
        )
    return v


def _check_weight(weight, op: str) -> None:
    if weight.ndim != 5:
        raise RuntimeError(
            f"{op}: expected weight to be 5-dimensional (out_channels, in_channels/groups, kD, "
            f"kH, kW), but got weight of size {list(weight.shape)}"
        )


def _batched(input, op: str):
    if input.ndim not in (4, 5):
        raise RuntimeError(
            f"Expected 4D (unbatched) or 5D (batched) input to {op}, but got input of size: "
            f"{list(input.shape)}"
        )
    return (input.unsqueeze(0), True) if input.ndim == 4 else (input, False)


def _check_bias(bias, weight, out_channels: int) -> None:
    if bias is not None and (bias.ndim != 1 or bias.shape[0] != out_channels):
        raise RuntimeError(
            f"Given weight of size {list(weight.shape)}, expected bias to be 1-dimensional with "
            f"{out_channels} elements, but got bias of size {list(bias.shape)} instead"
        )


def _check_geometry(stride, padding, dilation) -> None:
    if any(s <= 0 for s in stride):
        raise RuntimeError("non-positive stride is not supported")
    if any(p < 0 for p in padding):
        raise RuntimeError("negative padding is not supported")
    if any(d <= 0 for d in dilation):
        raise RuntimeError("dilation should be greater than zero")


def conv3d(input, weight, bias=None, stride=1, padding=0, dilation=1, groups: int = 1):
    r"""Applies a 3-D convolution (cross-correlation) over :math:`(N, C_{in}, D, H, W)`.

    See :class:`~numtensor.nn.Conv3d` for details.

    Args:
        input (Tensor): :math:`(N, C_{in}, D, H, W)` or without the batch dim.
        weight (Tensor): :math:`(C_{out}, C_{in} / groups, kD, kH, kW)`.
        bias (Tensor, optional): :math:`(C_{out})`.
        stride (int or tuple): Default: 1.
        padding (int, tuple or str): zero padding, or ``'valid'``/``'same'``. Default: 0.
        dilation (int or tuple): Default: 1.
        groups (int): Default: 1.

    Returns:
        Tensor: :math:`(N, C_{out}, D_{out}, H_{out}, W_{out})`.

    Example::

        >>> import numtensor.nn.functional as F
        >>> F.conv3d(torch.arange(8.).reshape(1, 1, 2, 2, 2), torch.ones(1, 1, 2, 2, 2))
        tensor([[[[[28.]]]]])
    """
    from .functional import pad as pad_fn

    _check_weight(weight, "conv3d")
    x, unbatched = _batched(input, "conv3d")
    stride, dilation = _triple(stride, "stride"), _triple(dilation, "dilation")
    out_ch, per_group, kd, kh, kw = weight.shape
    n, c = x.shape[0], x.shape[1]
    if groups <= 0:
        raise RuntimeError("non-positive groups is not supported")
    if c != per_group * groups:
        raise RuntimeError(
            f"Given groups={groups}, weight of size {list(weight.shape)}, expected input"
            f"{list(x.shape)} to have {per_group * groups} channels, but got {c} channels instead"
        )
    if out_ch % groups:
        raise RuntimeError(
            f"Given groups={groups}, expected weight to be divisible by {groups} at dimension 0, "
            f"but got weight of size {list(weight.shape)} instead"
        )
    _check_bias(bias, weight, out_ch)
    if isinstance(padding, str):
        if padding == "valid":
            padding = (0, 0, 0)
        elif padding == "same":
            if any(s != 1 for s in stride):
                raise RuntimeError("padding='same' is not supported for strided convolutions")
            totals = [d * (k - 1) for d, k in zip(dilation, (kd, kh, kw))]
            padding = tuple(t // 2 for t in totals)
            if any(t % 2 for t in totals):  # the odd one goes at the end, as PyTorch does
                extra = []
                for t in reversed(totals):
                    extra += [0, t % 2]
                x = pad_fn(x, extra)
        else:
            raise RuntimeError(f"Invalid padding string: '{padding}'")
    padding = _triple(padding, "padding")
    _check_geometry(stride, padding, dilation)
    size = tuple(x.shape[2:])
    padded = [s + 2 * p for s, p in zip(size, padding)]
    effective = [d * (k - 1) + 1 for d, k in zip(dilation, (kd, kh, kw))]
    if any(p < e for p, e in zip(padded, effective)):
        raise RuntimeError(
            f"Calculated padded input size per channel: ({' x '.join(map(str, padded))}). "
            f"Kernel size: ({' x '.join(map(str, effective))}). Kernel size can't be greater "
            "than actual input size"
        )
    od = (padded[0] - effective[0]) // stride[0] + 1
    depth, h, w = size
    # depth windows as channels: [N, C*kD, OD*H*W], channel index c*kD + t
    cols = unfold(x.reshape(n, c, depth, h * w), (kd, 1), (dilation[0], 1), (padding[0], 0),
                  (stride[0], 1))  # fmt: skip
    planes = cols.reshape(n, c * kd, od, h, w).transpose(1, 2).reshape(n * od, c * kd, h, w)
    out = conv2d(planes, weight.reshape(out_ch, per_group * kd, kh, kw), None, stride[1:],
                 padding[1:], dilation[1:], groups)  # fmt: skip
    oh, ow = out.shape[2:]
    out = out.reshape(n, od, out_ch, oh, ow).transpose(1, 2).contiguous()
    if bias is not None:
        out = out + bias.reshape(1, out_ch, 1, 1, 1)
    out = name_node(out, "ConvolutionBackward0")  # (unbatched: PyTorch's squeeze follows)
    return out.squeeze(0) if unbatched else out


def conv_transpose3d(input, weight, bias=None, stride=1, padding=0, output_padding=0,
                     groups: int = 1, dilation=1):  # fmt: skip
    r"""Applies a 3-D transposed convolution (the gradient of conv3d with respect to its
    input, sometimes called deconvolution) over :math:`(N, C_{in}, D, H, W)`.

    See :class:`~numtensor.nn.ConvTranspose3d` for details.

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
        >>> F.conv_transpose3d(torch.ones(1, 1, 1, 2, 2), torch.ones(1, 2, 1, 2, 2)).shape
        numtensor.Size([1, 2, 1, 3, 3])
    """
    from .functional import pad as pad_fn

    _check_weight(weight, "conv_transpose3d")
    x, unbatched = _batched(input, "conv_transpose3d")
    stride, padding = _triple(stride, "stride"), _triple(padding, "padding")
    dilation, output_padding = _triple(dilation, "dilation"), _triple(output_padding, "padding")
    n, c_in, depth, h, w = x.shape
    if groups <= 0:
        raise RuntimeError("non-positive groups is not supported")
    if weight.shape[0] != c_in:
        raise RuntimeError(
            f"Given transposed=1, weight of size {list(weight.shape)}, expected input"
            f"{list(x.shape)} to have {weight.shape[0]} channels, but got {c_in} channels instead"
        )
    if c_in % groups:
        raise RuntimeError(
            f"Given groups={groups}, expected weight to be divisible by {groups} at dimension 0, "
            f"but got weight of size {list(weight.shape)} instead"
        )
    _, out_g, kd, kh, kw = weight.shape
    out_ch = out_g * groups
    _check_bias(bias, weight, out_ch)
    _check_geometry(stride, padding, dilation)
    if any(op >= s and op >= d for op, s, d in zip(output_padding, stride, dilation)):
        names = ("depth", "height", "width")
        raise RuntimeError(
            "output padding must be smaller than either stride or dilation, but got "
            + " ".join(f"output_padding_{a}: {v}" for a, v in zip(names, output_padding))
            + " "
            + " ".join(f"stride_{a}: {v}" for a, v in zip(names, stride))
            + " "
            + " ".join(f"dilation_{a}: {v}" for a, v in zip(names, dilation))
        )
    # every axis is first computed at full size, (L-1)*stride + dil*(k-1) + 1, and then
    # cropped by the padding (output_padding re-extends the end: what was cropped there, then
    # zeros), so no axis needs output_padding < stride
    full = [(n_ - 1) * s + d * (k - 1) + 1
            for n_, s, d, k in zip((depth, h, w), stride, dilation, (kd, kh, kw))]  # fmt: skip
    sizes = [f - 2 * p + op for f, p, op in zip(full, padding, output_padding)]
    if any(s <= 0 for s in sizes):
        raise RuntimeError(
            f"Given input size per channel: ({depth} x {h} x {w}). Calculated output size per "
            f"channel: ({' x '.join(map(str, sizes))}). Output size is too small"
        )
    # height/width: one transposed 2-d convolution per input depth plane, every depth tap at
    # once as extra output channels (channel index o*kD + t)
    planes = x.transpose(1, 2).reshape(n * depth, c_in, h, w)
    y = conv_transpose2d(planes, weight.reshape(c_in, out_g * kd, kh, kw), None, stride[1:], 0,
                         0, groups, dilation[1:])  # fmt: skip
    fh, fw = full[1:]
    cols = y.reshape(n, depth, out_ch * kd, fh * fw).transpose(1, 2)
    cols = cols.reshape(n, out_ch * kd, depth * fh * fw)
    # the depth taps summed into place: a fold over (kD x 1) windows
    out = fold(cols, (full[0], fh * fw), (kd, 1), (dilation[0], 1), 0, (stride[0], 1))
    out = out.reshape(n, out_ch, *full)
    widths = []
    for axis in range(3):
        keep = min(sizes[axis], full[axis] - padding[axis])
        out = out.narrow(2 + axis, padding[axis], keep)
        widths = [0, sizes[axis] - keep] + widths
    if any(widths):
        out = pad_fn(out, widths)
    if bias is not None:
        out = out + bias.reshape(1, out_ch, 1, 1, 1)
    out = name_node(out, "ConvolutionBackward0")  # (unbatched: PyTorch's squeeze follows)
    return out.squeeze(0) if unbatched else out


__all__ = ["conv3d", "conv_transpose3d"]
