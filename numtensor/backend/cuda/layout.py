"""Strided views of device memory and layout queries, computed on the host.

Every view is built by ``view`` from shape, strides and offset: on hardware a new
``DeviceNDArray`` over ``gpu_data.view(offset)`` of the same allocation, under the simulator a
``SimArray`` over ``as_strided`` of the host buffer. numba's own ``.T``, ``transpose``,
``reshape`` and ``ravel`` are never used (on hardware they copy or refuse strided arrays).

Index arithmetic and overlap questions are answered by NumPy on an *address alias*: an
ndarray with the device array's shape, strides and address that is never read, only used for
its geometry (``basic_index``, ``shares_memory``).
"""

from __future__ import annotations

import math

import numpy as np
from numpy.lib.stride_tricks import as_strided

from .runtime import SIMULATOR, device_pointer, host_buffer, wrap

if not SIMULATOR:
    from numba.cuda.cudadrv.devicearray import DeviceNDArray


def c_strides(shape, itemsize: int = 1) -> tuple:
    """Row-major strides of ``shape`` (in units of ``itemsize``)."""
    strides = []
    step = itemsize
    for size in reversed(shape):
        strides.append(step)
        step *= max(size, 1)
    return tuple(reversed(strides))


def view(data, shape, strides, offset: int = 0):
    """A device array over ``data``'s memory: element ``strides``, starting ``offset``
    elements after ``data``'s first element."""
    item = data.dtype.itemsize
    shape = tuple(int(s) for s in shape)
    byte_strides = tuple(int(s) * item for s in strides)
    if SIMULATOR:
        base = host_buffer(data)
        if offset:
            base = as_strided(base, shape=(offset + 1,), strides=(item,))[offset:]
        return wrap(as_strided(base, shape=shape, strides=byte_strides))
    if not math.prod(shape):
        gpu_data = None  # numba gives an empty array a NULL pointer of its own
    elif offset:
        gpu_data = _memory_at(data, offset * item)
    else:
        gpu_data = data.gpu_data  # same start: share the pointer (and its reference)
    return DeviceNDArray(shape, byte_strides, data.dtype, gpu_data=gpu_data)


def reinterpret(data, dtype, shape, strides, byte_offset: int = 0):
    """``data``'s memory read as ``dtype`` (complex <-> pairs of reals): a device array with
    element ``strides`` of the new dtype, ``byte_offset`` bytes after ``data``'s first element."""
    dtype = np.dtype(dtype)
    shape = tuple(int(s) for s in shape)
    byte_strides = tuple(int(s) * dtype.itemsize for s in strides)
    if SIMULATOR:
        from ..cpu.storage import reinterpret as host_reinterpret

        return wrap(host_reinterpret(host_buffer(data), dtype, shape, strides, byte_offset))
    if not math.prod(shape):
        gpu_data = None
    elif byte_offset:
        gpu_data = _memory_at(data, byte_offset)
    else:
        gpu_data = data.gpu_data
    return DeviceNDArray(shape, byte_strides, dtype, gpu_data=gpu_data)


def _memory_at(data, byte_offset: int):
    """A pointer ``byte_offset`` bytes after ``data``'s first element, owning a reference to
    the allocation (so the view keeps it alive)."""
    gpu = data.gpu_data
    if byte_offset <= gpu.size:
        return gpu.view(byte_offset)
    # past the end of this view's extent (as_strided over a base): go through the allocation
    root = gpu.owner
    if not hasattr(root, "device_pointer_value"):
        raise ValueError("view: offset beyond the memory of an externally owned array")
    return root.view(device_pointer(data) - root.device_pointer_value + byte_offset)


def strides_of(data) -> tuple:
    item = data.dtype.itemsize
    return tuple(s // item for s in data.strides)


def data_ptr(data) -> int:
    return device_pointer(data)


def reshape_view(data, shape):
    """``data`` seen with ``shape`` when it is C-contiguous (a view), else None."""
    if not is_contiguous(data):
        return None
    return view(data, shape, c_strides(shape))


def permute(data, dims):
    dims = tuple(int(d) for d in dims)
    strides = strides_of(data)
    return view(data, [data.shape[d] for d in dims], [strides[d] for d in dims])


def address_alias(data) -> np.ndarray:
    """An ndarray with ``data``'s shape, byte strides and address; never read or written."""
    holder = _Interface(
        {
            "shape": tuple(data.shape),
            "strides": tuple(data.strides),
            "typestr": data.dtype.str,
            "data": (device_pointer(data), True),
            "version": 3,
        }
    )
    return np.asarray(holder)


class _Interface:
    __slots__ = ("__array_interface__",)

    def __init__(self, interface):
        self.__array_interface__ = interface


def basic_index(data, index):
    """The view NumPy's basic indexing gives (ints, slices with positive steps, None, ...)."""
    if not isinstance(index, tuple):
        index = (index,)
    alias = address_alias(data)
    if Ellipsis not in index:
        index = (*index, Ellipsis)  # all-int indices then give a 0-d view, not a read
    sub = alias[index]
    item = data.dtype.itemsize
    offset = (sub.__array_interface__["data"][0] - device_pointer(data)) // item
    return view(data, sub.shape, [s // item for s in sub.strides], offset)


def is_contiguous(data) -> bool:
    """PyTorch's rule: row-major strides, ignoring dimensions of size 1."""
    if data.size <= 1:
        return True
    expected = data.dtype.itemsize
    for size, stride in zip(reversed(data.shape), reversed(data.strides)):
        if size != 1:
            if stride != expected:
                return False
            expected *= size
    return True


def dense_flat(a):
    """A 1-D view over all of ``a``'s elements in memory order, or None if ``a`` has gaps."""
    if is_contiguous(a):
        return view(a, (a.size,), (1,))
    if a.size == 0:
        return None
    expected = a.dtype.itemsize
    for stride, size in sorted(zip(a.strides, a.shape)):
        if size == 1:
            continue
        if stride != expected:
            return None
        expected *= size
    return view(a, (a.size,), (1,))


def is_dense(data) -> bool:
    """Its elements fill one block of memory, in some order of the dimensions."""
    return dense_flat(data) is not None


def same_view(a, b) -> bool:
    """Same shape, strides, dtype and first address."""
    return (
        tuple(a.shape) == tuple(b.shape)
        and tuple(a.strides) == tuple(b.strides)
        and a.dtype == b.dtype
        and device_pointer(a) == device_pointer(b)
    )


def _extent(a):
    lo = hi = device_pointer(a)
    for size, stride in zip(a.shape, a.strides):
        if stride > 0:
            hi += (size - 1) * stride
        else:
            lo += (size - 1) * stride
    return lo, hi + a.dtype.itemsize


def may_share_memory(a, b) -> bool:
    """Their memory extents overlap (cheap, conservative)."""
    if a.size == 0 or b.size == 0:
        return False
    lo_a, hi_a = _extent(a)
    lo_b, hi_b = _extent(b)
    return lo_a < hi_b and lo_b < hi_a


def shares_memory(a, b) -> bool:
    """Some element of ``a`` is some element of ``b`` (exact, as np.shares_memory)."""
    if not may_share_memory(a, b):
        return False
    return bool(np.shares_memory(address_alias(a), address_alias(b)))


def overlaps_partially(a, dst) -> bool:
    """``a`` reads memory ``dst`` writes, other than as the very same view (PyTorch refuses
    ``x.add_(x.t())``)."""
    if a is dst or a.ndim == 0 or a.size == 1:
        return False
    if same_view(a, dst) or not may_share_memory(a, dst):
        return False
    return bool(np.shares_memory(address_alias(a), address_alias(dst)))


def broadcast_view(x, shape):
    """``x`` seen with ``shape`` by zero strides (nothing copied)."""
    shape = tuple(shape)
    if tuple(x.shape) == shape:
        return x
    lead = len(shape) - x.ndim
    strides = [0] * lead + [
        0 if s == 1 and t != 1 else st for s, st, t in zip(x.shape, strides_of(x), shape[lead:])
    ]
    return view(x, shape, strides)


def coalesce(shape, strides_list):
    """Merge dimensions every operand walks as one (and drop size-1 ones): returns
    ``(shape, [strides per operand])`` with as few dims as possible (at least one)."""
    dims = [d for d in range(len(shape)) if shape[d] != 1]
    new_shape: list = []
    new_strides: list = [[] for _ in strides_list]
    for d in dims:
        if new_shape and all(
            ns[-1] == st[d] * shape[d] for ns, st in zip(new_strides, strides_list)
        ):
            new_shape[-1] *= shape[d]
            for ns, st in zip(new_strides, strides_list):
                ns[-1] = st[d]
            continue
        new_shape.append(shape[d])
        for ns, st in zip(new_strides, strides_list):
            ns.append(st[d])
    if not new_shape:
        return (1,), [(0,) for _ in strides_list]
    return tuple(new_shape), [tuple(ns) for ns in new_strides]


def unshared(data, like) -> bool:
    """Whether ``data``'s memory is reachable through it alone (and laid out like ``like``):
    not known for device arrays, so never (gradients are copied into a leaf's ``.grad``)."""
    return False
