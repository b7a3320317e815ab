"""3-d pooling: max (with PyTorch's indices), average, adaptive average/max and power-average.

Every pooling window is a product of one window per spatial axis, so each reduction runs one
axis at a time over Tensor operations (index_select of the window taps, or a matmul with a
0/1 window matrix); gradients come from those ops. Max pooling keeps PyTorch's choice among
ties (the first maximum in depth, height, width order; the last NaN when there is one), so its
indices equal PyTorch's.
"""

from __future__ import annotations

import numtensor as _nt

from ..autograd.function import name_node
from ..ops.memory_formats import follows_channels_last
from ._conv3d import _triple


def _spatial(input):
    if input.ndim not in (4, 5) or input.numel() == 0:
        raise RuntimeError("non-empty 4D or 5D (batch mode) tensor expected for input")
    return (input.unsqueeze(0), True) if input.ndim == 4 else (input, False)


def _pool_out(size: int, k: int, s: int, p: int, d: int, ceil_mode: bool) -> int:
    """PyTorch's pooling_output_shape (with its check of the padding)."""
    if p > ((k - 1) * d + 1) // 2:
        raise RuntimeError(
            f"pad should be at most half of effective kernel size, but got pad={p}, "
            f"kernel_size={k} and dilation={d}"
        )
    span = size + 2 * p - d * (k - 1) - 1 + (s - 1 if ceil_mode else 0)
    out = span // s + 1
    if ceil_mode and (out - 1) * s >= size + p:  # the last window must start inside
        out -= 1
    return out


def _geometry(x, kernel_size, stride, padding, dilation, ceil_mode: bool,
              check_size: bool = False):  # fmt: skip
    kernel = _triple(kernel_size, "kernel_size")
    stride = kernel if stride is None or stride == [] or stride == () else _triple(stride)
    padding, dilation = _triple(padding, "padding"), _triple(dilation, "dilation")
    if any(s == 0 for s in stride):
        raise RuntimeError("stride should not be zero")
    if any(k <= 0 for k in kernel):
        raise RuntimeError(
            f"kernel size should be greater than zero, but got kT: {kernel[0]} kH: {kernel[1]} "
            f"kW: {kernel[2]}"
        )
    if any(d <= 0 for d in dilation):
        raise RuntimeError(
            f"dilation should be greater than zero, but got dilationT: {dilation[0]} "
            f"dilationH: {dilation[1]} dilationW: {dilation[2]}"
        )
    size = tuple(x.shape[2:])
    out = tuple(_pool_out(*args, ceil_mode) for args in zip(size, kernel, stride, padding,
                                                            dilation))  # fmt: skip
    if check_size and any(n < k for n, k in zip(size, kernel)):
        raise RuntimeError(
            f"input image (T: {size[0]} H: {size[1]} W: {size[2]}) smaller than kernel size "
            f"(kT: {kernel[0]} kH: {kernel[1]} kW: {kernel[2]})"
        )
    if any(k // 2 < p for k, p in zip(kernel, padding)):
        raise RuntimeError(
            f"pad should be smaller than or equal to half of kernel size, but got kT: {kernel[0]} "
            f"kW: {kernel[2]} kH: {kernel[1]} padT: {padding[0]} padW: {padding[2]} padH: "
            f"{padding[1]}"
        )
    if any(o < 1 for o in out):
        raise RuntimeError(
            f"Given input size: ({x.shape[1]}x{'x'.join(map(str, size))}). Calculated output "
            f"size: ({x.shape[1]}x{'x'.join(map(str, out))}). Output size is too small"
        )
    return kernel, stride, padding, dilation, out


def _windows(size: int, out: int, k: int, s: int, p: int, d: int) -> list:
    """[out][k] input positions of each window, the out-of-range taps replaced by the window's
    nearest valid one (a repeated position never changes the choice of the maximum)."""
    rows = []
    for o in range(out):
        taps = [o * s - p + j * d for j in range(k)]
        valid = [t for t in taps if 0 <= t < size] or [min(max(taps[0], 0), size - 1)]
        rows.append([min(max(t, valid[0]), valid[-1]) for t in taps])
    return rows


def _adaptive_bins(size: int, out: int) -> list:
    """PyTorch's adaptive bins [floor(i*size/out), ceil((i+1)*size/out))."""
    return [((i * size) // out, -((-(i + 1) * size) // out)) for i in range(out)]


def _pick_max(win):
    """Index along the last axis that PyTorch's max pooling keeps: the last NaN if any, else
    the first maximum."""
    k = win.shape[-1]
    pos = _nt.arange(k, device=win.device)
    if win.dtype.is_floating_point:
        nan = win.isnan()
        last_nan = _nt.where(nan, pos, -1).amax(-1)
    best = win.amax(-1, keepdim=True)
    first = _nt.where(win == best, pos, k).amin(-1)
    return _nt.where(last_nan >= 0, last_nan, first) if win.dtype.is_floating_point else first


def _max_over_windows(x, windows: list):
    """Max of ``x`` [B, C, *spatial] over product windows (``windows[a]`` lists, for each
    output position along spatial axis a, its input taps); returns the values and the flat
    index of each maximum within its channel's spatial volume."""
    vals, where = x, []  # where: chosen positions along the axes done so far
    for axis in reversed(range(len(windows))):
        dim = 2 + axis
        vals = vals.movedim(dim, -1)
        where = [w.movedim(dim, -1) for w in where]
        taps = _nt.tensor(windows[axis], dtype=_nt.int64, device=x.device)  # [O, K]
        out, k = taps.shape
        flat = taps.reshape(-1)

        def window(t, flat=flat, out=out, k=k):
            return t.index_select(-1, flat).reshape(*t.shape[:-1], out, k)

        win = window(vals)
        pick = _pick_max(win.detach()).unsqueeze(-1)
        vals = win.gather(-1, pick).squeeze(-1)
        where = [window(w).gather(-1, pick).squeeze(-1) for w in where]
        where.append(taps.expand(*pick.shape[:-2], out, k).gather(-1, pick).squeeze(-1))
        vals = vals.movedim(-1, dim)
        where = [w.movedim(-1, dim) for w in where]
    index, step = None, 1
    for axis, w in enumerate(where):  # where[0] is the last axis
        index = w * step if index is None else index + w * step
        step *= x.shape[x.ndim - 1 - axis]
    return vals, index


@follows_channels_last((0, "input"))
def max_pool3d(input, kernel_size, stride=None, padding=0, dilation=1, ceil_mode: bool = False,
               return_indices: bool = False):  # fmt: skip
    r"""Applies a 3-D max pooling over :math:`(N, C, D, H, W)` or :math:`(C, D, H, W)`.

    See :class:`~numtensor.nn.MaxPool3d` for details.

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
        >>> F.max_pool3d(torch.arange(8.).reshape(1, 1, 2, 2, 2), 2)
        tensor([[[[[7.]]]]])
    """
    x, unbatched = _spatial(input)
    kernel, stride, padding, dilation, out = _geometry(x, kernel_size, stride, padding, dilation,
                                                       ceil_mode)  # fmt: skip
    windows = [_windows(*args) for args in zip(x.shape[2:], out, kernel, stride, padding,
                                               dilation)]  # fmt: skip
    values, indices = _max_over_windows(x, windows)
    if unbatched:
        values, indices = values.squeeze(0), indices.squeeze(0)
    values = name_node(values, "MaxPool3DWithIndicesBackward0")
    return (values, indices) if return_indices else values


def max_pool3d_with_indices(input, kernel_size, stride=None, padding=0, dilation=1,
                            ceil_mode: bool = False, return_indices: bool = True):  # fmt: skip
    r"""Same as :func:`max_pool3d` with ``return_indices=True``: the maxima and their indices.

    Args:
        input (Tensor): the input.
        kernel_size (int or tuple): the window size.
        stride (int or tuple, optional): the window stride. Default: ``kernel_size``.
        padding (int or tuple): implicit padding on both sides. Default: 0.
        dilation (int or tuple): spacing between window elements. Default: 1.
        ceil_mode (bool): ceil instead of floor in the output size. Default: ``False``.

    Returns:
        (Tensor, LongTensor)

    Example::

        >>> import numtensor.nn.functional as F
        >>> F.max_pool3d_with_indices(torch.arange(8.).reshape(1, 1, 2, 2, 2), 2)
        (tensor([[[[[7.]]]]]), tensor([[[[[7]]]]]))
    """
    return max_pool3d(input, kernel_size, stride, padding, dilation, ceil_mode, True)


def _sum_matrix(rows: list, size: int, like):
    """[out, size] 0/1 matrix (dtype of ``like``) with row i set on ``rows[i]``'s range."""
    data = [[1 if lo <= j < hi else 0 for j in range(size)] for lo, hi in rows]
    return _nt.tensor(data, dtype=like.dtype, device=like.device)


def _sum_windows(x, matrices: list):
    """Sum of ``x`` [B, C, *spatial] over product windows, one [out, in] matrix per axis."""
    out = x
    for axis, m in enumerate(matrices):
        dim = 2 + axis
        out = (out.movedim(dim, -1) @ m.t()).movedim(-1, dim)
    return out


def _outer(counts: list, like):
    """The product counts[0][i] * counts[1][j] * counts[2][k] as a [D, H, W] tensor."""
    f = _nt.float64 if like.dtype.is_floating_point else _nt.int64
    d, h, w = (_nt.tensor(c, dtype=f, device=like.device) for c in counts)
    return d.reshape(-1, 1, 1) * h.reshape(1, -1, 1) * w.reshape(1, 1, -1)


def avg_pool3d(input, kernel_size, stride=None, padding=0, ceil_mode: bool = False,
               count_include_pad: bool = True, divisor_override=None):  # fmt: skip
    r"""Applies a 3-D average pooling over :math:`(N, C, D, H, W)` or :math:`(C, D, H, W)`.

    See :class:`~numtensor.nn.AvgPool3d` for details.

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
        >>> F.avg_pool3d(torch.arange(8.).reshape(1, 1, 2, 2, 2), 2)
        tensor([[[[[3.5000]]]]])
    """
    x, unbatched = _spatial(input)
    if divisor_override is not None and divisor_override == 0:
        raise RuntimeError("divisor must be not zero")
    size = tuple(x.shape[2:])
    kernel, stride, padding, _, out = _geometry(x, kernel_size, stride, padding, 1, ceil_mode,
                                                True)  # fmt: skip
    matrices, counts = [], []
    for n, o, k, s, p in zip(size, out, kernel, stride, padding):
        starts = [i * s - p for i in range(o)]
        rows = [(max(a, 0), min(a + k, n)) for a in starts]
        matrices.append(_sum_matrix(rows, n, x))
        if count_include_pad:
            counts.append([min(a + k, n + p) - a for a in starts])
        else:
            counts.append([hi - lo for lo, hi in rows])
    total = _sum_windows(x, matrices)
    if divisor_override is not None:
        divisor = divisor_override
    else:
        divisor = _outer(counts, x)
    if x.dtype.is_floating_point:
        res = total / (divisor.to(x.dtype) if isinstance(divisor, _nt.Tensor) else divisor)
    else:
        res = _nt.div(total, divisor, rounding_mode="trunc").to(x.dtype)
    return name_node(res.squeeze(0) if unbatched else res, "AvgPool3DBackward0")


def _adaptive_size(x, output_size, op: str) -> tuple:
    size = tuple(x.shape[-3:])
    out = _triple(output_size, "output_size") if not isinstance(output_size, int) else (
        output_size,) * 3  # fmt: skip
    if len(out) != 3:
        raise RuntimeError(f"{op}(): internal error: output_size.size() must be 3")
    out = tuple(s if o is None else o for o, s in zip(out, size))
    if any(o < 0 for o in out):
        raise RuntimeError(
            f"{op}: elements of output_size must be greater than or equal to 0 but received "
            f"{{{out[0]}, {out[1]},{out[2]}}}"
        )
    for d in range(1, x.ndim):
        if x.shape[d] == 0:
            raise RuntimeError(
                f"{op}(): Expected input to have non-zero size for non-batch dimensions, but "
                f"input has sizes {list(x.shape)} with dimension {d} being empty"
            )
    return out


def _adaptive_input(input, op: str, sep: str):
    if input.ndim not in (4, 5):
        raise RuntimeError(f"{op}(): Expected 4D or 5D tensor, but got{sep}{list(input.shape)}")
    if not input.dtype.is_floating_point:
        from .._dtype import type_name

        raise NotImplementedError(f"\"{op}_cpu\" not implemented for '{type_name(input.dtype)}'")
    return (input.unsqueeze(0), True) if input.ndim == 4 else (input, False)


def adaptive_avg_pool3d(input, output_size):
    r"""Applies a 3-D adaptive average pooling to the target size.

    See :class:`~numtensor.nn.AdaptiveAvgPool3d` for details.

    Args:
        input (Tensor): :math:`(N, C, D, H, W)` or :math:`(C, D, H, W)`.
        output_size (int or tuple): the target output size.

    Returns:
        Tensor

    Example::

        >>> import numtensor.nn.functional as F
        >>> F.adaptive_avg_pool3d(torch.arange(8.).reshape(1, 1, 2, 2, 2), 1)
        tensor([[[[[3.5000]]]]])
    """
    x, unbatched = _adaptive_input(input, "adaptive_avg_pool3d", " ")
    out = _adaptive_size(x, output_size, "adaptive_avg_pool3d")
    matrices, counts = [], []
    for n, o in zip(x.shape[2:], out):
        bins = _adaptive_bins(n, o)
        matrices.append(_sum_matrix(bins, n, x))
        counts.append([hi - lo for lo, hi in bins])
    res = _sum_windows(x, matrices) / _outer(counts, x).to(x.dtype)
    # (PyTorch takes a mean for a 1 x 1 x 1 output)
    node = "MeanBackward1" if out == (1, 1, 1) else "AdaptiveAvgPool3DBackward0"
    return name_node(res.squeeze(0) if unbatched else res, node)


def adaptive_max_pool3d(input, output_size, return_indices: bool = False):
    r"""Applies a 3-D adaptive max pooling to the target size.

    See :class:`~numtensor.nn.AdaptiveMaxPool3d` for details.

    Args:
        input (Tensor): the input, with or without the batch dim.
        output_size (int or tuple): the target output size.
        return_indices (bool): also return the flat (per-plane) indices of the maxima.

    Returns:
        Tensor (and LongTensor indices with ``return_indices``).

    Example::

        >>> import numtensor.nn.functional as F
        >>> F.adaptive_max_pool3d(torch.arange(8.).reshape(1, 1, 2, 2, 2), 1)
        tensor([[[[[7.]]]]])
    """
    x, unbatched = _adaptive_input(input, "adaptive_max_pool3d", ": ")
    out = _adaptive_size(x, output_size, "adaptive_max_pool3d")
    windows = []
    for n, o in zip(x.shape[2:], out):
        bins = _adaptive_bins(n, o)
        k = max((hi - lo for lo, hi in bins), default=1)
        windows.append([[min(lo + j, hi - 1) for j in range(k)] for lo, hi in bins])
    values, indices = _max_over_windows(x, windows)
    if unbatched:
        values, indices = values.squeeze(0), indices.squeeze(0)
    values = name_node(values, "AdaptiveMaxPool3DBackward0")
    return (values, indices) if return_indices else values


def adaptive_max_pool3d_with_indices(input, output_size, return_indices: bool = True):
    r"""Same as :func:`adaptive_max_pool3d` with ``return_indices=True``.

    Args:
        input (Tensor): the input.
        output_size (int or tuple): the target output size.

    Returns:
        (Tensor, LongTensor)

    Example::

        >>> import numtensor.nn.functional as F
        >>> F.adaptive_max_pool3d_with_indices(torch.arange(8.).reshape(1, 1, 2, 2, 2), 1)
        (tensor([[[[[7.]]]]]), tensor([[[[[7]]]]]))
    """
    return adaptive_max_pool3d(input, output_size, True)


def lp_pool3d(input, norm_type: float, kernel_size, stride=None, ceil_mode: bool = False):
    r"""Applies a 3-D power-average pooling: ``(sum over the window of x^p)^(1/p)``.

    See :class:`~numtensor.nn.LPPool3d` for details.

    Args:
        input (Tensor): the input.
        norm_type (float): the power ``p``.
        kernel_size (int or tuple): the window size.
        stride (int or tuple, optional): the window stride. Default: ``kernel_size``.
        ceil_mode (bool): ceil instead of floor in the output size. Default: ``False``.

    Returns:
        Tensor

    Example::

        >>> import numtensor.nn.functional as F
        >>> F.lp_pool3d(torch.arange(8.).reshape(1, 1, 2, 2, 2), 1, 2)
        tensor([[[[[28.]]]]])
    """
    kd, kh, kw = _triple(kernel_size, "kernel_size")
    if norm_type == float("inf"):
        return max_pool3d(input.abs(), kernel_size, stride, 0, 1, ceil_mode)
    if norm_type == -float("inf"):
        return -max_pool3d(-input.abs(), kernel_size, stride, 0, 1, ceil_mode)
    out = avg_pool3d(input.pow(norm_type), kernel_size, stride, 0, ceil_mode)
    return (out.sign() * out.abs().relu()).mul(kd * kh * kw).pow(1.0 / norm_type)


__all__ = [
    "adaptive_avg_pool3d", "adaptive_max_pool3d", "adaptive_max_pool3d_with_indices",
    "avg_pool3d", "lp_pool3d", "max_pool3d", "max_pool3d_with_indices",
]  # fmt: skip
