"""Convolution and pooling helpers on CUDA (kernels/cuda/conv.py): im2col/col2im and max
pooling, with the signatures of ``numtensor.backend.cpu.conv``; each returns new arrays.

Inputs are read in place with their strides (no contiguous copy). ``col2im`` is a gather
(deterministic, equal to the CPU's sums); ``max_pool2d_backward`` scatters with atomic adds
into a zeroed array, in float32 for float16 gradients (see the kernels' module docstring).
"""

from __future__ import annotations

import numpy as np

from .kernels import kernel as _kernel
from .launch import launch
from .layout import reshape_view
from .storage import astype, contiguous, empty, fill_

# the dtypes cuda.atomic.add takes; max_pool2d_backward widens the others
_ATOMIC = frozenset(np.dtype(t) for t in (np.float32, np.float64, np.int32, np.int64))


def im2col(x, kernel, stride, padding, dilation, out_hw):
    """[N, C, H, W] -> new [N, C*kh*kw, OH*OW]: each output position's window as a column."""
    n, c = x.shape[:2]
    kh, kw = kernel
    cols = empty((n, c * kh * kw, out_hw[0] * out_hw[1]), x.dtype)
    if cols.size:
        launch(
            _kernel("conv", "im2col"),
            cols.size,
            cols,
            x,
            *kernel,
            *stride,
            *padding,
            *dilation,
        )
    return cols


def col2im(cols, shape, kernel, stride, padding, dilation):
    """The adjoint of im2col: columns summed back into a new [N, C, H, W] array."""
    x = empty(tuple(shape), cols.dtype)
    if x.size:
        launch(
            _kernel("conv", "col2im"),
            x.size,
            x,
            cols,
            *kernel,
            *stride,
            *padding,
            *dilation,
        )
    return x


def max_pool2d(x, kernel, stride, padding, dilation, out_hw):
    """(values, int64 flat H*W positions) of the max over each window (NaN wins)."""
    n, c = x.shape[:2]
    out = empty((n, c, *out_hw), x.dtype)
    indices = empty((n, c, *out_hw), np.int64)
    if out.size:
        launch(
            _kernel("conv", "max_pool2d"),
            out.size,
            out,
            indices,
            x,
            *kernel,
            *stride,
            *padding,
            *dilation,
        )
    return out, indices


def _wide(dtype) -> np.dtype:
    """The dtype atomic adds run in for gradients of ``dtype``."""
    dtype = np.dtype(dtype)
    if dtype in _ATOMIC:
        return dtype
    return np.dtype(np.float32 if dtype.kind == "f" else np.int64)


def max_pool2d_backward(grad_out, indices, shape):
    """Each window's gradient sent to its max's position, in a new array of ``shape``."""
    n, c, h, w = (int(s) for s in shape)
    planes = n * c
    dtype = np.dtype(grad_out.dtype)
    wide = _wide(dtype)
    grad = empty((planes, h * w), wide)
    fill_(grad, 0)
    if grad_out.size and grad.size:
        if grad_out.dtype != wide:
            grad_out = astype(grad_out, wide)
        g = reshape_view(contiguous(grad_out), (planes, grad_out.size // max(planes, 1)))
        idx = reshape_view(contiguous(indices), (planes, indices.size // max(planes, 1)))
        launch(_kernel("conv", "max_pool2d_backward"), g.size, grad, g, idx)
    if wide != dtype:
        grad = astype(grad, dtype)
    return reshape_view(grad, (n, c, h, w))


__all__ = ["col2im", "im2col", "max_pool2d", "max_pool2d_backward"]
