"""Convolution and pooling as differentiable ops: im2col + matmul, and max pooling."""

from __future__ import annotations

from ..autograd.function import Function, name_node
from ._common import allocate, ops_of, wrap
from .joining import cat, stack
from .memory_formats import follows_channels_last


def pair(v) -> tuple:
    return (v, v) if isinstance(v, int) else tuple(v)


def out_size(size: int, k: int, s: int, p: int, d: int, ceil_mode: bool = False) -> int:
    span = size + 2 * p - d * (k - 1) - 1
    if ceil_mode:
        out = -(-span // s) + 1
        if (out - 1) * s >= size + p:  # the last window must start inside the input
            out -= 1
        return out
    return span // s + 1


class Im2col(Function):
    """[N, C, H, W] -> [N, C*kh*kw, OH*OW] (windows as columns); VJP: col2im."""

    node_name = "Im2ColBackward0"

    def forward(self, x, kernel, stride, padding, dilation):
        self.shape = tuple(x.shape)
        h, w = x.shape[2:]
        oh = out_size(h, kernel[0], stride[0], padding[0], dilation[0])
        ow = out_size(w, kernel[1], stride[1], padding[1], dilation[1])
        if oh <= 0 or ow <= 0:
            raise RuntimeError(f"Calculated output size: ({oh}x{ow}). Output size is too small")
        self.geometry = (kernel, stride, padding, dilation)
        return wrap(ops_of(x).im2col(x._data, *self.geometry, (oh, ow)), x)

    def vjp(self, g):
        grad = ops_of(g).col2im(g._data, self.shape, *self.geometry)
        return wrap(grad, g), None, None, None, None


@follows_channels_last((0, "input"), (1, "weight"))
def conv2d(input, weight, bias=None, stride=1, padding=0, dilation=1, groups=1):
    r"""Applies a 2-D convolution (cross-correlation) over :math:`(N, C_{in}, H, W)`.

    See :class:`~numtensor.nn.Conv2d` for details.

    Args:
        input (Tensor): :math:`(N, C_{in}, H, W)` or :math:`(C_{in}, H, W)`.
        weight (Tensor): :math:`(C_{out}, C_{in} / groups, kH, kW)`.
        bias (Tensor, optional): :math:`(C_{out})`.
        stride (int or tuple): Default: 1.
        padding (int, tuple or str): zero padding, or ``'valid'``/``'same'``. Default: 0.
        dilation (int or tuple): Default: 1.
        groups (int): Default: 1.

    Returns:
        Tensor: :math:`(N, C_{out}, H_{out}, W_{out})`.

    Example::

        >>> import numtensor.nn.functional as F
        >>> F.conv2d(torch.arange(16.).reshape(1, 1, 4, 4), torch.ones(1, 1, 2, 2))
        tensor([[[[10., 14., 18.],
                  [26., 30., 34.],
                  [42., 46., 50.]]]])
        >>> F.conv2d(torch.randn(2, 3, 8, 8), torch.randn(4, 3, 3, 3), padding=1).shape
        numtensor.Size([2, 4, 8, 8])
    """
    squeeze = input.ndim == 3
    x = input.unsqueeze(0) if squeeze else input
    if x.ndim != 4:
        raise RuntimeError(
            f"Expected 3D (unbatched) or 4D (batched) input to conv2d, but got "
            f"input of size: {list(input.shape)}"
        )
    n, c, h, w = x.shape
    out_ch, per_group, kh, kw = weight.shape
    if c != per_group * groups:
        raise RuntimeError(
            f"Given groups={groups}, weight of size {list(weight.shape)}, expected input"
            f"{list(x.shape)} to have {per_group * groups} channels, but got {c} channels "
            "instead"
        )
    stride, dilation = pair(stride), pair(dilation)
    if padding == "same":  # (an odd total goes one more to the bottom/right, as PyTorch)
        totals = [d * (k - 1) for d, k in zip(dilation, (kh, kw))]
        padding = tuple(t // 2 for t in totals)
        bottom, right = (t % 2 for t in totals)
        if bottom:
            x = cat([x, x.new_zeros((n, c, 1, w))], 2)
            h += 1
        if right:
            x = cat([x, x.new_zeros((n, c, h, 1))], 3)
            w += 1
    elif padding == "valid":
        padding = (0, 0)
    padding = pair(padding)
    cols = Im2col.apply(x, (kh, kw), stride, padding, dilation)  # [N, C*kh*kw, L]
    oh = out_size(h, kh, stride[0], padding[0], dilation[0])
    ow = out_size(w, kw, stride[1], padding[1], dilation[1])
    if groups == 1:
        out = weight.reshape(out_ch, -1) @ cols  # [N, O, L]
    else:
        cols = cols.reshape(n, groups, per_group * kh * kw, oh * ow)
        wg = weight.reshape(groups, out_ch // groups, per_group * kh * kw)
        out = (wg @ cols).reshape(n, out_ch, oh * ow)
    out = out.reshape(n, out_ch, oh, ow)
    if bias is not None:
        out = out + bias.reshape(1, out_ch, 1, 1)
    out = name_node(out, "ConvolutionBackward0")  # (unbatched: PyTorch's squeeze follows)
    return out.squeeze(0) if squeeze else out


def conv1d(input, weight, bias=None, stride=1, padding=0, dilation=1, groups=1):
    r"""Applies a 1-D convolution (cross-correlation) over :math:`(N, C_{in}, L)`.

    See :class:`~numtensor.nn.Conv1d` for details.

    Args:
        input (Tensor): :math:`(N, C_{in}, L)` or :math:`(C_{in}, L)`.
        weight (Tensor): :math:`(C_{out}, C_{in} / groups, k)`.
        bias (Tensor, optional): :math:`(C_{out})`.
        stride (int or tuple): Default: 1.
        padding (int, tuple or str): zero padding, or ``'valid'``/``'same'``. Default: 0.
        dilation (int or tuple): Default: 1.
        groups (int): Default: 1.

    Returns:
        Tensor: :math:`(N, C_{out}, L_{out})`.

    Example::

        >>> import numtensor.nn.functional as F
        >>> F.conv1d(torch.tensor([[[1., 2., 3., 4.]]]), torch.tensor([[[1., -1.]]]))
        tensor([[[-1., -1., -1.]]])
    """
    if input.ndim not in (2, 3):
        raise RuntimeError(
            "Expected 2D (unbatched) or 3D (batched) input to conv1d, but got input of size: "
            f"{list(input.shape)}"
        )
    squeeze = input.ndim == 2
    x = input.unsqueeze(0) if squeeze else input
    if weight.ndim != 3:
        raise RuntimeError(
            f"Expected {weight.ndim}-dimensional input for {weight.ndim}-dimensional weight "
            f"{list(weight.shape)}, but got 3-dimensional input of size {list(x.shape)} instead"
        )
    if x.shape[1] != weight.shape[1] * groups:
        raise RuntimeError(
            f"Given groups={groups}, weight of size {list(weight.shape)}, expected input"
            f"{list(x.shape)} to have {weight.shape[1] * groups} channels, but got "
            f"{x.shape[1]} channels instead"
        )
    if padding == "valid":
        padding = 0

    def one(v):
        return (1, v) if isinstance(v, int) else (1, v[0])

    out = conv2d(
        x.unsqueeze(2),
        weight.unsqueeze(2),
        bias,
        one(stride),
        padding if padding == "same" else (0, padding if isinstance(padding, int) else padding[0]),
        one(dilation),
        groups,
    ).squeeze(2)
    out = name_node(out, "ConvolutionBackward0")  # (unbatched: PyTorch's squeeze follows)
    return out.squeeze(0) if squeeze else out


class MaxPool2d(Function):
    node_name = "MaxPool2DWithIndicesBackward0"

    def forward(self, x, kernel, stride, padding, dilation, ceil_mode):
        h, w = x.shape[2:]
        oh = out_size(h, kernel[0], stride[0], padding[0], dilation[0], ceil_mode)
        ow = out_size(w, kernel[1], stride[1], padding[1], dilation[1], ceil_mode)
        for k, p in zip(kernel, padding):
            if p > k // 2:
                raise RuntimeError(
                    "pad should be at most half of effective kernel size, but "
                    f"got pad={p}, kernel_size={k} and dilation=1"
                )
        out, indices = ops_of(x).max_pool2d(x._data, kernel, stride, padding, dilation, (oh, ow))
        self.indices = wrap(indices, x)
        self.shape = tuple(x.shape)
        return wrap(out, x)

    def vjp(self, g):
        grad = ops_of(g).max_pool2d_backward(g._data, self.indices._data, self.shape)
        return wrap(grad, g), None, None, None, None, None


@follows_channels_last((0, "input"))
def max_pool2d(
    input,
    kernel_size,
    stride=None,
    padding=0,
    dilation=1,
    ceil_mode: bool = False,
    return_indices: bool = False,
):
    r"""Applies a 2-D max pooling over :math:`(N, C, H, W)` or :math:`(C, H, W)`.

    See :class:`~numtensor.nn.MaxPool2d` for details.

    Args:
        input (Tensor): the input.
        kernel_size (int or tuple): the window size.
        stride (int or tuple, optional): the window stride. Default: ``kernel_size``.
        padding (int or tuple): implicit padding on both sides. Default: 0.
        dilation (int or tuple): spacing between window elements. Default: 1.
        ceil_mode (bool): ceil instead of floor in the output size. Default: ``False``.
        return_indices (bool): also return the flat (per-plane) indices of the maxima.

    Returns:
        Tensor (and LongTensor indices with ``return_indices``).

    Example::

        >>> import numtensor.nn.functional as F
        >>> F.max_pool2d(torch.arange(16.).reshape(1, 1, 4, 4), 2)
        tensor([[[[ 5.,  7.],
                  [13., 15.]]]])
    """
    squeeze = input.ndim == 3
    x = input.unsqueeze(0) if squeeze else input
    kernel = pair(kernel_size)
    stride = kernel if stride is None or stride == [] else pair(stride)
    args = (kernel, stride, pair(padding), pair(dilation), ceil_mode)
    out = MaxPool2d.apply(x, *args)
    if squeeze:
        out = name_node(out.squeeze(0), "MaxPool2DWithIndicesBackward0")
    if not return_indices:
        return out
    probe = MaxPool2d.__new__(MaxPool2d)
    probe.forward(x.detach(), *args)
    indices = probe.indices
    return out, indices.squeeze(0) if squeeze else indices


@follows_channels_last((0, "input"))
def avg_pool2d(
    input,
    kernel_size,
    stride=None,
    padding=0,
    ceil_mode: bool = False,
    count_include_pad: bool = True,
    divisor_override=None,
):
    r"""Applies a 2-D average pooling over :math:`(N, C, H, W)` or :math:`(C, H, W)`.

    See :class:`~numtensor.nn.AvgPool2d` for details.

    Args:
        input (Tensor): the input.
        kernel_size (int or tuple): the window size.
        stride (int or tuple, optional): the window stride. Default: ``kernel_size``.
        padding (int or tuple): implicit padding on both sides. Default: 0.
        ceil_mode (bool): ceil instead of floor in the output size. Default: ``False``.
        count_include_pad (bool): count the padding in the divisor. Default: ``True``.
        divisor_override (int, optional): divide by it instead of the window size.

    Returns:
        Tensor

    Example::

        >>> import numtensor.nn.functional as F
        >>> F.avg_pool2d(torch.arange(16.).reshape(1, 1, 4, 4), 2)
        tensor([[[[ 2.5000,  4.5000],
                  [10.5000, 12.5000]]]])
    """
    squeeze = input.ndim == 3
    x = input.unsqueeze(0) if squeeze else input
    if ceil_mode:
        raise NotImplementedError("avg_pool2d(ceil_mode=True) is not supported by numtensor")
    n, c, h, w = x.shape
    kernel = pair(kernel_size)
    stride = kernel if stride is None else pair(stride)
    padding = pair(padding)
    cols = Im2col.apply(x.reshape(n * c, 1, h, w), kernel, stride, padding, (1, 1))
    oh = out_size(h, kernel[0], stride[0], padding[0], 1)
    ow = out_size(w, kernel[1], stride[1], padding[1], 1)
    total = cols.sum(1)
    if divisor_override:
        out = total / divisor_override
    elif count_include_pad or padding == (0, 0):
        out = total / (kernel[0] * kernel[1])
    else:
        ones = allocate((1, 1, h, w), x.dtype.np, 1, x.device)
        counts = Im2col.apply(ones, kernel, stride, padding, (1, 1)).sum(1)
        out = total / counts
    out = out.reshape(n, c, oh, ow)
    return name_node(out.squeeze(0) if squeeze else out, "AvgPool2DBackward0")


@follows_channels_last((0, "input"))
def adaptive_avg_pool2d(input, output_size):
    r"""Applies a 2-D adaptive average pooling to the target size.

    See :class:`~numtensor.nn.AdaptiveAvgPool2d` for details.

    Args:
        input (Tensor): :math:`(N, C, H, W)` or :math:`(C, H, W)`.
        output_size (int or tuple): the target output size.

    Returns:
        Tensor

    Example::

        >>> import numtensor.nn.functional as F
        >>> F.adaptive_avg_pool2d(torch.arange(16.).reshape(1, 1, 4, 4), (2, 1))
        tensor([[[[ 3.5000],
                  [11.5000]]]])
    """
    oh, ow = pair(output_size)
    h, w = input.shape[-2:]
    oh = h if oh is None else oh
    ow = w if ow is None else ow
    if (oh, ow) == (1, 1):
        return input.mean((-2, -1), keepdim=True)
    rows = []
    for i in range(oh):
        y0, y1 = (i * h) // oh, -((-(i + 1) * h) // oh)
        cells = []
        for j in range(ow):
            x0, x1 = (j * w) // ow, -((-(j + 1) * w) // ow)
            cells.append(input[..., y0:y1, x0:x1].mean((-2, -1)))
        rows.append(stack(cells, -1))
    return name_node(stack(rows, -2), "AdaptiveAvgPool2DBackward0")
