"""Indexing on CUDA: advanced indexing, index_put_/scatter_ (with accumulation), index_select,
take, masks and nonzero, with the kernels of ``kernels/cuda/gather.py``.

Semantics are the CPU backend's (numtensor/backend/cpu/index.py); indices arrive validated
(in range, possibly negative) as int64/bool arrays: device arrays (CUDA index tensors, which
never leave the GPU) or host NumPy arrays (CPU index tensors, lists).

Advanced indexing runs on *element offsets* (offsets.py): the offset of every result
element from the array's first element, made on the device from device index arrays (or by
NumPy on the host from host ones); one kernel then gathers (or writes, or accumulates)
through them over a 1-D view of the memory the array spans. An index along one dim is an
index_select (``index_select3``, negatives wrapped on the device). Only scatter reductions
without an atomic (multiply, or add of float16/int8/int16/uint8/bool) sort their offsets on
the host.

Masks (masked_select, masked_scatter_, nonzero) are compacted on the device: a count per
chunk, a device prefix sum of the counts (reduce.scan), then every nonzero's flat index at
its rank; only the total count comes back to the host (the result's size).
"""

from __future__ import annotations

import contextlib
import math

import numpy as np

from .elementwise import elementwise
from .kernels import kernel
from .launch import launch
from .layout import (
    basic_index,
    broadcast_view,
    c_strides,
    coalesce,
    is_contiguous,
    shares_memory,
    strides_of,
    view,
)
from .offsets import is_array, offsets_for
from .pointwise import pointwise
from .reduce import scan
from .runtime import is_device_array
from .storage import astype, clone, contiguous, copy_, empty, fill_, from_host, to_host

# dtypes cuda.atomic.add accumulates; the others take the sorted-segments kernel
ATOMIC_ADD = frozenset(
    np.dtype(t) for t in ("int32", "int64", "uint32", "uint64", "float32", "float64")
)
CHUNKS = 65536  # compaction: at most this many chunks (threads), of at least MIN_CHUNK
MIN_CHUNK = 32


def _k(name: str):
    return kernel("gather", name)


# ---- addresses --------------------------------------------------------------------------------


def _span(data) -> int:
    return 1 + sum((n - 1) * s for n, s in zip(data.shape, strides_of(data)))


def _readable(data):
    """``data``, or a C-contiguous copy when some stride is negative."""
    return contiguous(data) if any(s < 0 for s in strides_of(data)) else data


def span_view(data):
    """A 1-D view over the memory ``data`` spans (element 0: its first element)."""
    return view(data, (_span(data),), (1,))


def _device_offsets(offsets: np.ndarray, span: int):
    """Host offsets, flattened, on the device (int32 when every offset fits)."""
    dtype = np.int32 if span < 2**31 else np.int64
    return from_host(np.ascontiguousarray(offsets, dtype=dtype).reshape(-1))


def _offsets(data, index):
    """The device offsets of ``data[index]`` (of the result's shape) and their flat view."""
    offsets = offsets_for(data.shape, strides_of(data), index, _span(data))
    return offsets, view(offsets, (offsets.size,), (1,))


def _index_array(index, size: int):
    """An integer index (host or device) as a device int64 array with negatives wrapped."""
    if not is_device_array(index):
        index = np.asarray(index, dtype=np.int64)
        return from_host(np.ascontiguousarray(np.where(index < 0, index + size, index)))
    wrapped = empty(tuple(index.shape), np.int64)
    if wrapped.size:
        elementwise("int_remainder", wrapped, [index, np.asarray(max(size, 1), np.int64)])
    return wrapped


def _flat_out(out):
    return view(out, (out.size,), (1,))


def _typed_scalar(value, dtype):
    """A host number as a NumPy scalar of ``dtype`` (the kernel casts what does not convert)."""
    value = np.asarray(value)[()]
    with contextlib.suppress(OverflowError, ValueError, TypeError):
        value = np.array(value, dtype=dtype)[()]
    return value


def _flat_values(values, shape, dst):
    """``values`` (a device array broadcastable to ``shape``) as a 1-D array of
    ``prod(shape)`` elements in C order; copied first when it shares memory with ``dst``."""
    n = math.prod(shape)
    if shares_memory(values, dst):
        values = clone(values)
    if values.size == 1:
        return view(values, (n,), (0,))
    values = broadcast_view(values, tuple(shape))
    if not is_contiguous(values):
        values = contiguous(values)
    return view(values, (n,), (1,))


# ---- gathers ----------------------------------------------------------------------------------


def _gather(data, index):
    data = _readable(data)
    offsets, flat = _offsets(data, index)
    out = empty(tuple(offsets.shape), data.dtype)
    if out.size:
        launch(_k("gather_offsets"), out.size, _flat_out(out), span_view(data), flat)
    return out


def advanced_index(data, index: tuple):
    """A new C-contiguous array of ``data[index]`` (index: ints, slices, None, Ellipsis and
    int64/bool host arrays)."""
    if _is_basic(index):  # a copy of the view
        selected = basic_index(data, index)
        out = empty(tuple(selected.shape), data.dtype)
        copy_(out, selected)
        return out
    data = _readable(data)
    dim = _single_array_dim(data.ndim, index)
    if dim is not None:  # x[..., idx, ...]: an index_select
        arr = next(item for item in index if is_array(item))
        out = index_select(data, dim, _flat_index(arr))
        shape = tuple(data.shape[:dim]) + tuple(arr.shape) + tuple(data.shape[dim + 1 :])
        return view(out, shape, c_strides(shape))
    return _gather(data, index)


def _flat_index(arr):
    """An index array seen 1-D (a device array is copied when it is not contiguous)."""
    if not is_device_array(arr):
        return np.asarray(arr).reshape(-1)
    return view(contiguous(arr), (arr.size,), (1,))


def _single_array_dim(ndim: int, index: tuple):
    """The dim of the one integer array in ``index`` when every other item is ``:`` or
    ``...`` (so ``data[index]`` is an index_select), else None."""
    arrays = [i for i, item in enumerate(index) if is_array(item)]
    if len(arrays) != 1 or index[arrays[0]].dtype == np.bool_:
        return None
    for item in index:
        if is_array(item) or item is Ellipsis:
            continue
        if not (isinstance(item, slice) and item == slice(None)):
            return None
    k = arrays[0]
    if any(item is Ellipsis for item in index[:k]):  # counted from the end
        return ndim - 1 - sum(1 for item in index[k + 1 :] if item is not Ellipsis)
    return k


def take(data, index):
    """Elements of the row-major flattened ``data`` at ``index`` (index's shape; host or
    device)."""
    data = _readable(data)
    shape = tuple(index.shape)
    pos = _index_array(_flat_index(index), data.size)
    out = empty(shape, data.dtype)
    if out.size:
        offsets = _offsets_of(pos, data)
        launch(_k("gather_offsets"), out.size, _flat_out(out), span_view(data), offsets)
    return out


def _as_3d(data, dim: int):
    """``data`` seen as ``[outer, size of dim, inner]`` by strides, or None."""
    shape, strides = tuple(data.shape), strides_of(data)
    outer, (so,) = coalesce(shape[:dim], [strides[:dim]])
    inner, (si,) = coalesce(shape[dim + 1 :], [strides[dim + 1 :]])
    if len(outer) != 1 or len(inner) != 1:
        return None
    return view(data, (outer[0], shape[dim], inner[0]), (so[0], strides[dim], si[0]))


def index_select(data, dim: int, index):
    """The slices of ``dim`` at the positions in the 1-D ``index`` (host or device)."""
    data = _readable(data)
    x3 = _as_3d(data, dim)
    if x3 is None:  # dims that do not merge into one outer and one inner: by offsets
        return _gather(data, (slice(None),) * dim + (index,))
    shape = tuple(data.shape[:dim]) + (index.size,) + tuple(data.shape[dim + 1 :])
    out = empty(shape, data.dtype)
    if out.size:
        o3 = (x3.shape[0], index.size, x3.shape[2])
        out3 = view(out, o3, c_strides(o3))
        launch(_k("index_select3"), out.size, out3, x3, _index_array(index, data.shape[dim]))
    return out


# ---- writes -----------------------------------------------------------------------------------


def _put(data, index, values) -> None:
    offsets, dev = _offsets(data, index)
    n = offsets.size
    if n == 0:
        return
    if not is_device_array(values):
        values = np.asarray(values)
        if values.size == 1:
            value = _typed_scalar(values.reshape(())[()], data.dtype)
            launch(_k("put_offsets_scalar"), n, span_view(data), dev, value)
            return
        values = from_host(values)
    flat = _flat_values(values, offsets.shape, data)
    launch(_k("put_offsets"), n, span_view(data), dev, flat)


def _is_basic(index: tuple) -> bool:
    """Only ints, slices, None and Ellipsis: ``data[index]`` is a view."""
    return not any(is_array(item) or isinstance(item, bool) for item in index)


def index_put_(data, index: tuple, values) -> None:
    """``data[index] = values`` (values broadcast to the indexed shape, cast). With repeated
    indices one of the writes wins (undefined which, as in PyTorch). A basic index writes
    through the view it selects (copy_ / fill_, no offsets)."""
    if _is_basic(index):
        target = basic_index(data, index)
        if not is_device_array(values) and np.asarray(values).size == 1:
            fill_(target, np.asarray(values).reshape(())[()])
        else:
            copy_(target, values)
        return
    _put(data, index, values)


def scatter_(data, index: tuple, values, reduce) -> None:
    """``data[index] = values``, or accumulated with reduce 'add' / 'multiply' / 'amax' /
    'amin' (repeated indices then all count; a NaN wins the extremes): atomics for 'add'
    where the dtype has them, else a deterministic pass over the offsets sorted on the host
    (see kernels/cuda/gather.py)."""
    if reduce is None:
        index_put_(data, index, values)
        return
    if data.size == 0:
        return
    if not is_device_array(values):
        values = from_host(np.asarray(values))
    if values.dtype != data.dtype:
        values = astype(values, data.dtype)
    if data.dtype == np.float16:  # accumulate in float32 (no half arithmetic in kernels)
        wide = astype(span_view(data), np.float32)
        scatter_(view(wide, data.shape, strides_of(data)), index, values, reduce)
        copy_(span_view(data), wide)
        return
    if reduce == "add" and data.dtype in ATOMIC_ADD and _index_add(data, index, values):
        return
    offsets, dev = _offsets(data, index)
    n = offsets.size
    if n == 0:
        return
    flat = _flat_values(values, tuple(offsets.shape), data)
    if reduce == "add" and data.dtype in ATOMIC_ADD:
        launch(_k("scatter_add_offsets"), n, span_view(data), dev, flat)
        return
    # no atomic for this dtype or reduction: the offsets are sorted on the host so that each
    # target's values are combined in order by one thread (deterministic)
    span = _span(data)
    flat_offsets = to_host(dev).astype(np.int64)
    order = np.argsort(flat_offsets, kind="stable")
    ordered = flat_offsets[order]
    cuts = np.flatnonzero(ordered[1:] != ordered[:-1]) + 1
    starts = np.concatenate(([0], cuts, [n])).astype(np.int64)
    targets = ordered[starts[:-1]]
    launch(
        _k("scatter_reduce_segments"),
        targets.size,
        span_view(data),
        _device_offsets(targets, span),
        from_host(starts),
        from_host(order.astype(np.int64)),
        flat,
        _SEGMENT_REDUCTIONS[reduce],
    )


# scatter_reduce_segments' mode for each reduction (kernels/cuda/gather.py)
_SEGMENT_REDUCTIONS = {"add": 0, "multiply": 1, "amax": 2, "amin": 3}


def _index_add(data, index: tuple, values) -> bool:
    """``data[..., idx, ...] += values`` by the index_add3 kernel when ``index`` is one 1-D
    integer array among ``:``/``...`` and data merges to ``[outer, dim, inner]``."""
    dim = _single_array_dim(data.ndim, index)
    if dim is None:
        return False
    arr = next(item for item in index if is_array(item))
    x3 = _as_3d(data, dim) if arr.ndim == 1 and all(s >= 0 for s in strides_of(data)) else None
    if x3 is None:
        return False
    shape = tuple(data.shape[:dim]) + tuple(arr.shape) + tuple(data.shape[dim + 1 :])
    if not math.prod(shape):
        return True
    flat = _flat_values(values, shape, data)
    v3 = (x3.shape[0], arr.size, x3.shape[2])
    values3 = view(flat, v3, c_strides(v3)) if flat.strides[0] else view(flat, v3, (0, 0, 0))
    launch(_k("index_add3"), flat.size, x3, _index_array(arr, data.shape[dim]), values3)
    return True


def masked_fill_(data, mask, value) -> None:
    """Set ``data`` to ``value`` where ``mask`` (broadcast to data) is True."""
    if data.size == 0:
        return
    if not is_device_array(mask):
        mask = from_host(np.asarray(mask))
    value = _typed_scalar(value, data.dtype)
    pointwise(_k("masked_fill"), _k("masked_fill_strided"), data, [mask], (value,))


# ---- compaction -------------------------------------------------------------------------------


def _flags(mask, shape):
    """``mask`` broadcast to ``shape`` as a C-ordered 1-D device array."""
    if not is_device_array(mask):
        mask = from_host(np.asarray(mask))
    m = contiguous(broadcast_view(mask, tuple(shape)))
    return view(m, (m.size,), (1,))


def positions(flags):
    """The flat indices of the nonzero elements of the 1-D ``flags``, in order (int64)."""
    n = flags.size
    if n == 0:
        return empty((0,), np.int64)
    chunk = max(MIN_CHUNK, -(-n // CHUNKS))
    m = -(-n // chunk)
    counts = empty((m,), np.int64)
    launch(_k("chunk_counts"), m, counts, flags, np.int64(chunk))
    ends3 = scan("cumsum", view(counts, (1, m, 1), (m, 1, 1)), np.int64)
    ends = view(ends3, (m,), (1,))
    total = int(to_host(view(ends3, (1,), (1,), m - 1))[0])  # the one value read back
    out = empty((total,), np.int64)
    if total:
        launch(_k("chunk_positions"), m, out, flags, ends, np.int64(chunk))
    return out


def _offsets_of(pos, data):
    """Element offsets in ``data`` (any strides) of the C-order flat indices ``pos``."""
    if is_contiguous(data):
        return pos
    out = empty((pos.size,), np.int64)
    if pos.size:
        shape = from_host(np.asarray(data.shape, dtype=np.int64))
        strides = from_host(np.asarray(strides_of(data), dtype=np.int64))
        launch(_k("positions_to_offsets"), pos.size, out, pos, shape, strides)
    return out


def masked_select(data, mask, shape):
    """The elements of ``data`` where ``mask`` is True, both broadcast to ``shape``."""
    pos = positions(_flags(mask, shape))
    out = empty((pos.size,), data.dtype)
    if pos.size:
        src = _readable(broadcast_view(_readable(data), tuple(shape)))
        offsets = _offsets_of(pos, src)
        launch(_k("gather_offsets"), pos.size, out, span_view(src), offsets)
    return out


def masked_scatter_(data, mask, values) -> None:
    """Write ``values`` (1-D, one per True) into ``data`` where ``mask`` (broadcast) is True."""
    pos = positions(_flags(mask, data.shape))
    n = pos.size
    if n == 0:
        return
    if not is_device_array(values):
        values = from_host(np.asarray(values))
    if shares_memory(values, data):
        values = clone(values)
    flat = view(values, (n,), (strides_of(values)[0] if values.ndim else 0,))
    offsets = _offsets_of(pos, data)
    launch(_k("put_offsets"), n, span_view(data), offsets, flat)


def nonzero(data):
    """The (n, ndim) int64 coordinates of the nonzero elements, in row-major order."""
    flags = contiguous(_readable(data))
    pos = positions(view(flags, (flags.size,), (1,)))
    out = empty((pos.size, data.ndim), np.int64)
    if out.size:
        shape = from_host(np.asarray(data.shape, dtype=np.int64))
        launch(_k("positions_to_coords"), pos.size, out, pos, shape)
    return out


__all__ = [
    "advanced_index",
    "index_put_",
    "index_select",
    "masked_fill_",
    "masked_scatter_",
    "masked_select",
    "nonzero",
    "scatter_",
    "take",
]
