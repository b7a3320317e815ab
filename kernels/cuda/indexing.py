"""Index helpers of the CUDA kernels: a flat index to an index tuple, for N-d strided kernels.

``unravel(i, shape)`` turns the C-order flat index ``i`` of an array of ``shape`` into the
tuple ``(i0, ..., i_{n-1})``, so a kernel can write ``out[unravel(i, out.shape)]`` for any
ndim. numba cannot build a tuple of variable length in a loop, so compiled kernels get one
overload per ndim (1 to MAX_NDIM, returning a UniTuple); the simulator runs kernels as
Python and calls the plain function below.
"""

from numba.cuda import types
from numba.cuda.extending import overload

MAX_NDIM = 6


def unravel(i, shape):
    """The index tuple of flat index ``i`` in ``shape`` (C order); plain Python."""
    idx = [0] * len(shape)
    for d in range(len(shape) - 1, -1, -1):
        idx[d] = i % shape[d]
        i //= shape[d]
    return tuple(idx)


def _unravel1(i, shape):
    return (i,)


def _unravel2(i, shape):
    i1 = i % shape[1]
    i0 = i // shape[1]
    return (i0, i1)


def _unravel3(i, shape):
    i2 = i % shape[2]
    i = i // shape[2]
    i1 = i % shape[1]
    i0 = i // shape[1]
    return (i0, i1, i2)


def _unravel4(i, shape):
    i3 = i % shape[3]
    i = i // shape[3]
    i2 = i % shape[2]
    i = i // shape[2]
    i1 = i % shape[1]
    i0 = i // shape[1]
    return (i0, i1, i2, i3)


def _unravel5(i, shape):
    i4 = i % shape[4]
    i = i // shape[4]
    i3 = i % shape[3]
    i = i // shape[3]
    i2 = i % shape[2]
    i = i // shape[2]
    i1 = i % shape[1]
    i0 = i // shape[1]
    return (i0, i1, i2, i3, i4)


def _unravel6(i, shape):
    i5 = i % shape[5]
    i = i // shape[5]
    i4 = i % shape[4]
    i = i // shape[4]
    i3 = i % shape[3]
    i = i // shape[3]
    i2 = i % shape[2]
    i = i // shape[2]
    i1 = i % shape[1]
    i0 = i // shape[1]
    return (i0, i1, i2, i3, i4, i5)


_BY_NDIM = {1: _unravel1, 2: _unravel2, 3: _unravel3, 4: _unravel4, 5: _unravel5, 6: _unravel6}


@overload(unravel, target="cuda", inline="always")
def _unravel_overload(i, shape):
    if isinstance(shape, types.UniTuple) and isinstance(i, types.Integer):
        return _BY_NDIM.get(len(shape))
    return None
