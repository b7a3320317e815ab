"""Convolution and pooling helpers on the CPU: im2col/col2im and max pooling kernels."""

from __future__ import annotations

import numpy as np

from .kernels import twin

# elements of work (columns written, pixels read) from which the parallel kernels run; below,
# their serial twins (small images: the digits CNN never compiles the parallel ones)
PARALLEL_MIN = 1 << 20


def _kernel(name: str, size: int):
    return twin("conv", name, size >= PARALLEL_MIN)


def _in_float32(function):
    """``function`` for bfloat16 arrays (which Numba cannot read): computed on float32 copies,
    the float results cast back to bfloat16."""

    def widened(first: np.ndarray, *args):
        if first.dtype.kind != "V":
            return function(first, *args)
        out = function(first.astype(np.float32), *args)
        if isinstance(out, tuple):
            return (out[0].astype(first.dtype), *out[1:])
        return out.astype(first.dtype)

    widened.__doc__ = function.__doc__
    widened.__name__ = function.__name__
    return widened


@_in_float32
def im2col(x: np.ndarray, kernel, stride, padding, dilation, out_hw) -> np.ndarray:
    """[N, C, H, W] -> new [N, C*kh*kw, OH*OW]: each output position's window as a column."""
    n, c = x.shape[:2]
    cols = np.empty((n, c * kernel[0] * kernel[1], out_hw[0] * out_hw[1]), x.dtype)
    _kernel("im2col", cols.size)(
        cols, np.ascontiguousarray(x), *kernel, *stride, *padding, *dilation
    )
    return cols


@_in_float32
def col2im(cols: np.ndarray, shape, kernel, stride, padding, dilation) -> np.ndarray:
    """The adjoint of im2col: columns summed back into a new [N, C, H, W] array."""
    x = np.empty(shape, cols.dtype)
    _kernel("col2im", cols.size)(
        x, np.ascontiguousarray(cols), *kernel, *stride, *padding, *dilation
    )
    return x


@_in_float32
def max_pool2d(x: np.ndarray, kernel, stride, padding, dilation, out_hw):
    """(values, int64 flat H*W positions) of the max over each window (NaN wins)."""
    n, c = x.shape[:2]
    out = np.empty((n, c, *out_hw), x.dtype)
    indices = np.empty((n, c, *out_hw), np.int64)
    _kernel("max_pool2d", x.size)(
        out, indices, np.ascontiguousarray(x), *kernel, *stride, *padding, *dilation
    )
    return out, indices


@_in_float32
def max_pool2d_backward(grad_out: np.ndarray, indices: np.ndarray, shape) -> np.ndarray:
    """Each window's gradient sent to its max's position, in a new array of ``shape``."""
    n, c, h, w = shape
    grad = np.empty((n * c, h * w), grad_out.dtype)
    _kernel("max_pool2d_backward", grad.size)(
        grad,
        np.ascontiguousarray(grad_out).reshape(n * c, -1),
        np.ascontiguousarray(indices).reshape(n * c, -1),
    )
    return grad.reshape(shape)
