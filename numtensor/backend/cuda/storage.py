"""CUDA storage: numba device arrays. Allocation, host transfers and casting copies (the
layout functions live in layout.py).

Copies run the kernels of ``kernels/cuda/copy.py`` (``copy``/``copy_strided`` cast as C does,
``fill``/``fill_strided``); same-dtype copies between C-contiguous arrays are one
device-to-device memcpy.
"""

from __future__ import annotations

import contextlib
import math

import numpy as np

from ..iteration import broadcast_strides, output_order
from . import allocator
from .kernels import has_module, kernel
from .layout import (
    basic_index,
    broadcast_view,
    c_strides,
    is_contiguous,
    is_dense,
    same_view,
    shares_memory,
    strides_of,
    view,
)
from .pointwise import pointwise
from .runtime import SIMULATOR, cuda, host_buffer, is_device_array, wrap


def is_storage(data) -> bool:
    return is_device_array(data)


def empty(shape, dtype):
    shape = tuple(int(s) for s in shape)
    dtype = np.dtype(dtype)
    if dtype.kind == "V":
        raise TypeError(BFLOAT16_ON_CUDA)
    if SIMULATOR:
        ary = np.empty(shape, dtype)
        allocator.track(ary)
        return wrap(ary)
    return cuda.device_array(shape, dtype)


def _strides_like(a) -> tuple:
    """Element strides of a new dense array with ``a``'s shape and stride order."""
    order = sorted(range(a.ndim), key=lambda d: (a.strides[d], a.shape[d]))
    strides = [0] * a.ndim
    step = 1
    for d in order:
        strides[d] = step
        step *= a.shape[d]
    return tuple(strides)


BFLOAT16_ON_CUDA = (
    "numtensor keeps bfloat16 tensors on the CPU only: its CUDA kernels do not read bfloat16. "
    "Use float16 or float32 on CUDA (or compute in bfloat16 on the CPU)."
)


def empty_like(shape, dtype, arrays=()):
    """A new array of ``shape`` for an elementwise op's result over ``arrays``, laid out as
    PyTorch's TensorIterator lays it out (a transposed input gives a transposed result)."""
    shape = tuple(int(s) for s in shape)
    arrays = [a for a in arrays if is_device_array(a) and a.ndim]
    if len(shape) < 2 or all(is_contiguous(a) for a in arrays):
        return empty(shape, dtype)
    strides = [broadcast_strides(shape, tuple(a.shape), strides_of(a)) for a in arrays]
    order = output_order(shape, strides)
    if order is None:
        return empty(shape, dtype)
    out_strides, step = [0] * len(shape), 1
    for d in reversed(order):
        out_strides[d] = step
        step *= max(shape[d], 1)
    return view(empty((math.prod(shape),), dtype), shape, tuple(out_strides))


def preserving(data, dtype=None):
    """A new array like ``data`` (PyTorch's empty_like with preserve_format): its very
    strides when it is dense, else dense in its stride order (broadcast dims aside)."""
    dtype = data.dtype if dtype is None else dtype
    shape = tuple(data.shape)
    if data.ndim < 2 or is_contiguous(data):
        return empty(shape, dtype)
    if is_dense(data):
        return view(empty((data.size,), dtype), shape, _strides_like(data))
    return empty_like(shape, dtype, (data,))


def fill_(out, value) -> None:
    """Set every element of ``out`` (any layout) to ``value``."""
    if out.size == 0:
        return
    # a scalar of out's dtype; one that does not convert (NaN to int) is cast by the kernel
    with contextlib.suppress(OverflowError, ValueError, TypeError):
        value = np.array(value, dtype=out.dtype)[()]
    pointwise(kernel("copy", "fill"), kernel("copy", "fill_strided"), out, [], (value,))


def full(shape, value, dtype):
    if not has_module("copy"):
        return from_host(np.full(shape, value, dtype))
    out = empty(shape, dtype)
    fill_(out, value)
    return out


def from_host(array):
    """A C-contiguous device copy of a host array."""
    array = np.asarray(array, order="C")
    if 0 in array.strides:  # a contiguous array may keep a zero stride on a size-1 dim, which
        array = array.copy()  # numba's copy would take for a broadcast dim and drop
    out = empty(array.shape, array.dtype)
    if array.size:
        out.copy_to_device(array)
    return out


def to_host(data) -> np.ndarray:
    """A host ndarray with ``data``'s shape and values (its own memory)."""
    if SIMULATOR:
        return np.array(host_buffer(data), order="K", copy=True)
    if data.size == 0:
        return np.empty(tuple(data.shape), data.dtype)
    if not is_dense(data):
        data = contiguous(data)
    return data.copy_to_host()


# ---- copies -----------------------------------------------------------------------------------


def _copy_kernels(dtype):
    """(1-D, strided) cast-copy kernels writing ``dtype``."""
    if np.dtype(dtype) == np.bool_:
        try:  # a dedicated x != 0 kernel, where kernels/cuda has one
            return kernel("copy", "copy_to_bool"), kernel("copy", "copy_to_bool_strided")
        except (AttributeError, KeyError):
            pass
    return kernel("copy", "copy"), kernel("copy", "copy_strided")


def _flat(a):
    return view(a, (a.size,), (1,))


def copy_(dst, src) -> None:
    """Write ``src`` (broadcastable to ``dst``; a device array or a host array) into ``dst``,
    casting as C does. ``dst`` may have any layout; an overlapping ``src`` is read first."""
    if dst.size == 0:
        return
    if not is_device_array(src):
        src = np.asarray(src)
        if src.dtype == dst.dtype and tuple(src.shape) == tuple(dst.shape) and is_contiguous(dst):
            _flat(dst).copy_to_device(np.asarray(src, order="C").reshape(-1))
            return
        src = from_host(src)
    if same_view(dst, src):
        return
    if shares_memory(dst, src):
        src = clone(src)
    src = broadcast_view(src, dst.shape)
    if src.dtype.kind == "c" and dst.dtype.kind != "c":
        src = _real_part(src)  # (numba casts no complex number to a real one)
    if src.dtype == dst.dtype and is_contiguous(dst) and is_contiguous(src):
        _flat(dst).copy_to_device(_flat(src))  # one device-to-device memcpy
        return
    flat, strided = _copy_kernels(dst.dtype)
    pointwise(flat, strided, dst, [src])


def _real_part(data):
    """The real parts of a complex device array, as a view of its memory."""
    from .layout import reinterpret, strides_of

    real = np.dtype(data.dtype.char.lower())
    return reinterpret(data, real, data.shape, [2 * s for s in strides_of(data)])


def astype(data, dtype):
    """A new array of ``dtype``, keeping the layout of dense arrays (else row-major)."""
    out = preserving(data, dtype)
    copy_(out, data)
    return out


def contiguous(data):
    """``data`` if C-contiguous, else a C-ordered copy (0-d stays 0-d)."""
    if is_contiguous(data):
        return data
    out = empty(tuple(data.shape), data.dtype)
    copy_(out, data)
    return out


def clone(data):
    """A copy keeping the stride order of a dense array, else row-major (PyTorch's
    preserve_format)."""
    out = preserving(data)
    copy_(out, data)
    return out


def cat(arrays, dim: int, dtype):
    """A new array joining ``arrays`` along ``dim``, cast to ``dtype``."""
    shape = list(arrays[0].shape)
    dim = dim % len(shape)
    shape[dim] = sum(a.shape[dim] for a in arrays)
    out = empty(tuple(shape), dtype)
    start = 0
    for a in arrays:
        stop = start + a.shape[dim]
        index = (slice(None),) * dim + (slice(start, stop),)
        copy_(basic_index(out, index), a)
        start = stop
    return out


__all__ = [
    "astype",
    "c_strides",
    "cat",
    "clone",
    "contiguous",
    "copy_",
    "empty",
    "empty_like",
    "fill_",
    "from_host",
    "full",
    "is_storage",
    "to_host",
]
