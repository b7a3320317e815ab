"""1-d pooling through the 2-d kernels, adaptive max pooling and power-average pooling."""

from __future__ import annotations

from ..ops.conv import adaptive_avg_pool2d, avg_pool2d, max_pool2d


def _one(v):
    return v[0] if isinstance(v, (tuple, list)) else v


def max_pool1d(input, kernel_size, stride=None, padding=0, dilation=1, ceil_mode: bool = False,
               return_indices: bool = False):  # fmt: skip
    k = _one(kernel_size)
    s = k if stride is None or stride == [] else _one(stride)
    out = max_pool2d(input.unsqueeze(-2), (1, k), (1, s), (0, _one(padding)), (1, _one(dilation)),
                     ceil_mode, return_indices)  # fmt: skip
    if return_indices:
        return out[0].squeeze(-2), out[1].squeeze(-2)
    return out.squeeze(-2)


def max_pool1d_with_indices(input, kernel_size, stride=None, padding=0, dilation=1,
                            ceil_mode: bool = False, return_indices: bool = True):  # fmt: skip
    return max_pool1d(input, kernel_size, stride, padding, dilation, ceil_mode, True)


def max_pool2d_with_indices(input, kernel_size, stride=None, padding=0, dilation=1,
                            ceil_mode: bool = False, return_indices: bool = True):  # fmt: skip
    return max_pool2d(input, kernel_size, stride, padding, dilation, ceil_mode, True)


def avg_pool1d(input, kernel_size, stride=None, padding=0, ceil_mode: bool = False,
               count_include_pad: bool = True):  # fmt: skip
    k = _one(kernel_size)
    s = k if stride is None or stride == [] else _one(stride)
    out = avg_pool2d(input.unsqueeze(-2), (1, k), (1, s), (0, _one(padding)), ceil_mode,
                     count_include_pad)  # fmt: skip
    return out.squeeze(-2)


def adaptive_avg_pool1d(input, output_size):
    return adaptive_avg_pool2d(input.unsqueeze(-2), (1, _one(output_size))).squeeze(-2)


def _bins(n: int, m: int):
    return [((i * n) // m, -((-(i + 1) * n) // m)) for i in range(m)]


def adaptive_max_pool2d(input, output_size, return_indices: bool = False):
    """Max over PyTorch's adaptive bins [floor(i*H/OH), ceil((i+1)*H/OH)), with the flat
    H*W position of each maximum when asked."""
    from ..ops.joining import stack

    oh, ow = (output_size, output_size) if isinstance(output_size, int) else output_size
    h, w = input.shape[-2:]
    oh, ow = h if oh is None else oh, w if ow is None else ow
    values, where = [], []
    for y0, y1 in _bins(h, oh):
        row_v, row_i = [], []
        for x0, x1 in _bins(w, ow):
            window = input[..., y0:y1, x0:x1].flatten(-2)
            v, i = window.max(-1)
            row_v.append(v)
            row_i.append((i // (x1 - x0) + y0) * w + i % (x1 - x0) + x0)
        values.append(stack(row_v, -1))
        where.append(stack(row_i, -1))
    out = stack(values, -2)
    return (out, stack(where, -2)) if return_indices else out


def adaptive_max_pool1d(input, output_size, return_indices: bool = False):
    out = adaptive_max_pool2d(input.unsqueeze(-2), (1, _one(output_size)), return_indices)
    if return_indices:
        return out[0].squeeze(-2), out[1].squeeze(-2)
    return out.squeeze(-2)


def adaptive_max_pool1d_with_indices(input, output_size, return_indices: bool = True):
    return adaptive_max_pool1d(input, output_size, True)


def adaptive_max_pool2d_with_indices(input, output_size, return_indices: bool = True):
    return adaptive_max_pool2d(input, output_size, True)


def lp_pool2d(input, norm_type: float, kernel_size, stride=None, ceil_mode: bool = False):
    """(sum of x^p over each window)^(1/p)."""
    kh, kw = (kernel_size, kernel_size) if isinstance(kernel_size, int) else kernel_size
    out = avg_pool2d(input.pow(norm_type), (kh, kw), stride, 0, ceil_mode)
    return (out.sign() * out.abs().relu()).mul(kw * kh).pow(1.0 / norm_type)


def lp_pool1d(input, norm_type: float, kernel_size, stride=None, ceil_mode: bool = False):
    k = _one(kernel_size)
    out = avg_pool1d(input.pow(norm_type), k, stride, 0, ceil_mode)
    return (out.sign() * out.abs().relu()).mul(k).pow(1.0 / norm_type)


__all__ = [
    "adaptive_avg_pool1d", "adaptive_max_pool1d", "adaptive_max_pool1d_with_indices",
    "adaptive_max_pool2d", "adaptive_max_pool2d_with_indices", "avg_pool1d", "lp_pool1d",
    "lp_pool2d", "max_pool1d", "max_pool1d_with_indices", "max_pool2d_with_indices",
]  # fmt: skip
