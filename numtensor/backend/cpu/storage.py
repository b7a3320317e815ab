"""CPU storage: NumPy ndarrays. Allocation, strided views, layout queries and casting copies."""

from __future__ import annotations

import sys
import warnings

import numpy as np
from numpy.lib.stride_tricks import as_strided

from ..iteration import broadcast_strides, output_order


def is_storage(data) -> bool:
    return type(data) is np.ndarray


def empty(shape, dtype) -> np.ndarray:
    return np.empty(shape, dtype)


def empty_like(shape, dtype, arrays=()) -> np.ndarray:
    """A new array of ``shape`` for an elementwise op's result over ``arrays``, laid out as
    PyTorch's TensorIterator lays it out (a transposed input gives a transposed result)."""
    shape = tuple(shape)
    if len(shape) < 2 or all(a.flags.c_contiguous for a in arrays):
        return np.empty(shape, dtype)
    strides = [broadcast_strides(shape, a.shape, a.strides) for a in arrays if a.ndim]
    order = output_order(shape, strides)
    if order is None:
        return np.empty(shape, dtype)
    inverse = sorted(range(len(order)), key=order.__getitem__)
    return np.empty([shape[d] for d in order], dtype).transpose(inverse)


def preserving(data: np.ndarray, dtype=None) -> np.ndarray:
    """A new array like ``data`` (PyTorch's empty_like with preserve_format): its very
    strides when it is dense, else dense in its stride order (broadcast dims aside)."""
    dtype = data.dtype if dtype is None else dtype
    if data.ndim < 2 or data.flags.c_contiguous:
        return np.empty(data.shape, dtype)
    if is_dense(data):
        return np.empty_like(data, dtype=dtype, order="K")
    return empty_like(data.shape, dtype, (data,))


def full(shape, value, dtype) -> np.ndarray:
    return np.full(shape, value, dtype)


def from_host(array: np.ndarray) -> np.ndarray:
    return array


def to_host(data: np.ndarray) -> np.ndarray:
    return data


# ---- layout -----------------------------------------------------------------------------------


def view(data: np.ndarray, shape, strides, offset: int = 0) -> np.ndarray:
    """A view of ``data``'s memory: element ``strides``, starting ``offset`` elements after
    ``data``'s first element."""
    item = data.itemsize
    if offset:
        data = _shifted(data, offset)
    return as_strided(data, shape=tuple(shape), strides=tuple(s * item for s in strides))


class _Memory:
    """An array interface over another array's memory; the array made from it keeps this
    object (and so ``base``) alive."""

    def __init__(self, interface: dict, base: np.ndarray) -> None:
        self.__array_interface__ = interface
        self.base = base


def reinterpret(data: np.ndarray, dtype, shape, strides, byte_offset: int = 0) -> np.ndarray:
    """``data``'s memory read as ``dtype`` (complex <-> pairs of reals): a view with element
    ``strides`` of the new dtype, starting ``byte_offset`` bytes after ``data``'s first
    element."""
    dtype = np.dtype(dtype)
    interface = {
        "data": (data.__array_interface__["data"][0] + byte_offset, False),
        "shape": tuple(shape),
        "strides": tuple(s * dtype.itemsize for s in strides),
        "typestr": dtype.str,
        "version": 3,
    }
    return np.asarray(_Memory(interface, data))


def _shifted(data: np.ndarray, offset: int) -> np.ndarray:
    flat = as_strided(data, shape=(offset + 1,), strides=(data.itemsize,))
    return flat[offset:]


def reshape_view(data: np.ndarray, shape):
    """``data`` seen with ``shape`` when it is C-contiguous (a view), else None."""
    if data.flags.c_contiguous:
        return data.reshape(shape)
    return None


def permute(data: np.ndarray, dims) -> np.ndarray:
    return data.transpose(dims)


def basic_index(data: np.ndarray, index: tuple) -> np.ndarray:
    """The view NumPy's basic indexing gives (ints, slices with positive steps, None, ...)."""
    out = data[index]
    return out if isinstance(out, np.ndarray) else data[(*index, Ellipsis)]


def strides_of(data: np.ndarray) -> tuple:
    item = data.itemsize
    return tuple(s // item for s in data.strides)


def data_ptr(data: np.ndarray) -> int:
    return data.__array_interface__["data"][0]


def is_contiguous(data: np.ndarray) -> bool:
    """PyTorch's rule: row-major strides, ignoring dimensions of size 1."""
    if data.flags.c_contiguous or data.size <= 1:  # (NumPy's flag ignores them too)
        return True
    expected = data.itemsize
    for size, stride in zip(reversed(data.shape), reversed(data.strides)):
        if size != 1:
            if stride != expected:
                return False
            expected *= size
    return True


def dense_flat(a: np.ndarray):
    """A 1-D view over all of ``a``'s elements in memory order, or None if ``a`` has gaps."""
    if a.flags.c_contiguous:
        return a.reshape(-1)
    if a.size == 0:
        return None
    expected = a.itemsize
    for stride, size in sorted(zip(a.strides, a.shape)):
        if size == 1:
            continue
        if stride != expected:
            return None
        expected *= size
    return as_strided(a, shape=(a.size,), strides=(a.itemsize,))


def is_dense(data: np.ndarray) -> bool:
    """Its elements fill one block of memory, in some order of the dimensions."""
    return dense_flat(data) is not None


def shares_memory(a: np.ndarray, b: np.ndarray) -> bool:
    return bool(np.shares_memory(a, b))


def overlaps_partially(a: np.ndarray, dst: np.ndarray) -> bool:
    """``a`` reads memory ``dst`` writes, other than as the very same view (PyTorch refuses
    ``x.add_(x.t())``)."""
    if a is dst or a.ndim == 0 or a.size == 1 or _separate(a, dst):
        return False
    same_view = a.shape == dst.shape and a.strides == dst.strides and data_ptr(a) == data_ptr(dst)
    if same_view or not np.may_share_memory(a, dst):
        return False
    return bool(np.shares_memory(a, dst))


def _separate(a: np.ndarray, b: np.ndarray) -> bool:
    """Whether two arrays surely do not share memory: views of two different allocations."""
    owner_a = a if a.base is None else a.base
    owner_b = b if b.base is None else b.base
    return (
        owner_a is not owner_b
        and type(owner_a) is np.ndarray
        and type(owner_b) is np.ndarray
        and owner_a.base is None
        and owner_b.base is None
    )


# ---- copies -----------------------------------------------------------------------------------


def copy_(dst: np.ndarray, src: np.ndarray) -> None:
    """Write ``src`` (broadcastable to ``dst``) into ``dst``, casting as C does (complex to
    real keeps the real part: the caller warns, as PyTorch does)."""
    if isinstance(src, np.ndarray) and _may_overflow(src.dtype, dst.dtype):
        with np.errstate(over="ignore", invalid="ignore"), warnings.catch_warnings():
            warnings.simplefilter("ignore", np.exceptions.ComplexWarning)
            np.copyto(dst, src, casting="unsafe")
    else:
        np.copyto(dst, src, casting="unsafe")


def astype(data: np.ndarray, dtype) -> np.ndarray:
    """A new array of ``dtype`` laid out as PyTorch's ``to`` lays it out (out-of-range
    values overflow quietly, as a cast does in PyTorch)."""
    if data.flags.c_contiguous or is_dense(data):  # (preserve_format: the same strides)
        if _may_overflow(data.dtype, dtype):
            with np.errstate(over="ignore", invalid="ignore"), warnings.catch_warnings():
                warnings.simplefilter("ignore", np.exceptions.ComplexWarning)
                return data.astype(dtype, order="K", copy=True)
        return data.astype(dtype, order="K", copy=True)
    out = preserving(data, dtype)
    copy_(out, data)
    return out


_OVERFLOWS: dict = {}


def _may_overflow(src: np.dtype, dst) -> bool:
    """Whether casting ``src`` to ``dst`` often meets a value out of range (a float to an
    integer, NaN included, or to float16): NumPy warns then, PyTorch does not. (float64 to
    float32 is left out: silencing NumPy costs a microsecond a call, and every float32
    reduction ends in that cast.)"""
    key = (src, dst)
    found = _OVERFLOWS.get(key)
    if found is None:
        dst = np.dtype(dst)
        found = _OVERFLOWS[key] = (src.kind == "f" and (dst.kind != "f" or dst.itemsize == 2)) or (
            src.kind == "c" and dst.kind != "c"
        )
    return found


def contiguous(data: np.ndarray) -> np.ndarray:
    """``data`` if C-contiguous, else a C-ordered copy (0-d stays 0-d)."""
    return data if data.flags.c_contiguous else data.copy(order="C")


def clone(data: np.ndarray) -> np.ndarray:
    """A copy laid out as PyTorch's clone (preserve_format) lays it out."""
    if data.flags.c_contiguous:
        return data.copy()
    out = preserving(data)
    np.copyto(out, data)
    return out


def cat(arrays, dim: int, dtype) -> np.ndarray:
    """A new row-major array joining ``arrays`` along ``dim``, cast to ``dtype`` (PyTorch's
    cat gives row-major results whatever its inputs' layouts)."""
    shape = list(arrays[0].shape)
    shape[dim] = sum(a.shape[dim] for a in arrays)
    out = np.empty(shape, dtype)
    with np.errstate(over="ignore", invalid="ignore"):
        np.concatenate(arrays, axis=dim, out=out, casting="unsafe")
    return out


def accumulate_(dst: np.ndarray, src: np.ndarray) -> None:
    """``dst += src`` in place (gradient accumulation)."""
    dst += src


# ---- whether an array's memory is seen from one place only ---------------------------------------


def unshared(data: np.ndarray, like: np.ndarray) -> bool:
    """Whether ``data`` (held by one tensor) is the only way to its memory (no other array
    object, view or tensor reaches it) and is laid out like ``like`` (same shape and dtype).
    A gradient that is unshared may become a leaf's ``.grad`` without a copy (PyTorch's
    AccumulateGrad steals such gradients too)."""
    if data.strides != like.strides:
        return False
    held, held_base = _LIMITS
    return _alone(data, held, held_base)


def _alone(data: np.ndarray, held: int, held_base: int) -> bool:
    if sys.getrefcount(data) > held:
        return False
    base = data.base
    if base is None:
        return True
    return type(base) is np.ndarray and base.base is None and sys.getrefcount(base) <= held_base


def _limits(data, view) -> tuple:  # called as unshared is, one frame above the count
    held = held_base = 0
    return _counted(data, view, held, held_base)


def _counted(data, view, held, held_base) -> tuple:  # counts as _alone does
    base = view.base
    return sys.getrefcount(data), sys.getrefcount(base)


# the counts of an array held once and of a view's owner held by that view only, seen
# through the same calls (reference counts of arguments differ between Python versions)
_held = [np.empty(1)]  # (as a tensor holds its storage)
_LIMITS = _limits(_held[0], np.empty(1)[:])
del _held


def from_buffer(buffer, dtype: np.dtype, count: int, offset: int) -> np.ndarray:
    """A 1-D array over ``count`` elements of an object exposing the buffer protocol, from
    byte ``offset``: its memory, not a copy (``torch.frombuffer``; CPU only, outside the
    device interface)."""
    return np.frombuffer(buffer, dtype=dtype, count=count, offset=offset)
