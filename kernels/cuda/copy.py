"""Copy and fill CUDA kernels, output first; each a grid-stride loop over ``out.size``.

* ``copy(out, x)``: 1-D contiguous arrays of one length, any dtype to any dtype.
* ``copy_strided(out, x)``: 1 to 6 dims, ``x`` of ``out``'s shape with any strides (zero
  strides broadcast).
* ``fill(out, value)``: 1-D contiguous ``out``; ``fill_strided(out, value)``: 1 to 6 dims.

Casts follow NumPy's unsafe ``astype`` (C casts): float to int truncates toward zero, any
value to bool is ``value != 0`` (NaN is True), int to narrower int wraps. A float goes to a
narrower-than-64-bit integer through int64, as PyTorch does, so ``-1.0`` becomes 255 in
uint8 (a direct float->uint8 conversion saturates to 0 on CUDA). No separate kernel is needed
for bool outputs. Out-of-range floats (NaN, inf, beyond int64) have no defined integer
value: CUDA saturates and gives 0 for NaN, x86 NumPy gives INT_MIN.
"""

import numpy as np
from numba import cuda
from numba.cuda import types
from numba.cuda.extending import overload

from .indexing import unravel


def convert(value, out):
    """``value`` cast to ``out``'s dtype. Plain Python (the simulator): NumPy's astype, since
    NumPy's setitem refuses out-of-range integers where a C cast wraps."""
    return np.asarray(value).astype(out.dtype)[()]


def _through_int64(value, out):
    return int(value)


def _as_is(value, out):
    return value


@overload(convert, target="cuda", inline="always")
def _convert_overload(value, out):
    target = out.dtype
    narrow_int = isinstance(target, types.Integer) and target.bitwidth < 64
    if isinstance(value, types.Float) and narrow_int:
        return _through_int64
    return _as_is


@cuda.jit(cache=True)
def copy(out, x):
    for i in range(cuda.grid(1), out.size, cuda.gridsize(1)):
        out[i] = convert(x[i], out)


@cuda.jit(cache=True)
def copy_strided(out, x):
    for i in range(cuda.grid(1), out.size, cuda.gridsize(1)):
        idx = unravel(i, out.shape)
        out[idx] = convert(x[idx], out)


@cuda.jit(cache=True)
def fill(out, value):
    v = convert(value, out)
    for i in range(cuda.grid(1), out.size, cuda.gridsize(1)):
        out[i] = v


@cuda.jit(cache=True)
def fill_strided(out, value):
    v = convert(value, out)
    for i in range(cuda.grid(1), out.size, cuda.gridsize(1)):
        out[unravel(i, out.shape)] = v


KERNELS = {
    "copy": copy,
    "copy_strided": copy_strided,
    "fill": fill,
    "fill_strided": fill_strided,
}
