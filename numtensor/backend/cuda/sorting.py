"""Sorting on CUDA: sort, unique, flip (kernels/cuda/sort.py).

* ``sort``: ``dim`` is moved last and made contiguous on the device, every row is sorted
  by a stable bitonic network over (order key, position) pairs (NaN largest; descending keeps
  ties in their order), and the results are permuted back into C-contiguous arrays. Rows of
  up to ``CHUNK`` (2048) slots are sorted in shared memory in one launch (several short rows
  per block); longer rows take a chunk pass and then global-memory merge steps. Every dtype
  sorts on the device (bool, all integers, float16/32/64 through uint64 order keys).
* ``unique`` with ``dim=None``: a device sort of the flattened values, run boundaries, a
  device scan of them, compaction, counts from the run starts and the inverse scattered
  through the sort order; only the number of distinct values is read by the host.
  ``unique(dim=d)`` (distinct slices): the slices become rows, ordered lexicographically by
  one stable device sort per column (last column first), then the same boundaries, scan and
  compaction. Only empty slices (nothing to compare) go through the host (the CPU backend).
* ``flip``: one copy kernel reading through negated strides (no host copy).
"""

from __future__ import annotations

import numpy as np

from .. import cpu as _cpu
from .fallback import host_fallback
from .kernels import kernel
from .launch import block_size, blocks_for, configured, launch
from .layout import c_strides, is_contiguous, is_dense, permute, reshape_view, strides_of, view
from .reduce import scan
from .storage import contiguous, copy_, empty, preserving, to_host

CHUNK = 2048  # slots sorted in shared memory per block (kernels/cuda/sort.py's SHARED)
_THREADS = 512  # threads of a block working on a chunk (hardware)


def _pow2(n: int) -> int:
    p = 1
    while p < n:
        p *= 2
    return p


def _chunk_threads(chunk: int) -> int:
    return block_size(max(chunk // 2, 1), _THREADS)


def _sort_rows(values, indices, x, descending: bool) -> None:
    """Sort each row of the C-contiguous ``x[rows, n]`` into ``values`` and ``indices``."""
    rows, n = x.shape
    P = _pow2(n)
    total = rows * P
    flag = bool(descending)
    if P <= CHUNK:
        chunk = min(CHUNK, _pow2(total))
        run = configured(
            kernel("sort", "sort_rows"), blocks_for(total // chunk), _chunk_threads(chunk)
        )
        run(values, indices, x, np.int64(P), np.int64(chunk), flag)
        return
    chunk = CHUNK
    keys = empty((total,), np.uint64)
    idx = empty((total,), np.int64)
    blocks, threads = blocks_for(total // chunk), _chunk_threads(chunk)
    configured(kernel("sort", "sort_chunks"), blocks, threads)(
        keys, idx, x, np.int64(P), np.int64(chunk), flag
    )
    step = kernel("sort", "bitonic_step")
    merge = configured(kernel("sort", "bitonic_merge"), blocks, threads)
    k = 2 * chunk
    while k <= P:
        j = k // 2
        while j >= chunk:
            launch(step, total // 2, keys, idx, np.int64(P), np.int64(k), np.int64(j))
            j //= 2
        merge(keys, idx, np.int64(P), np.int64(k), np.int64(chunk))
        k *= 2
    launch(kernel("sort", "gather_rows"), rows * n, values, indices, x, idx, np.int64(P))


def sort(data, dim: int, descending: bool):
    """(values, int64 indices) of a stable sort along ``dim``, both C-contiguous; NaN counts
    as the largest value (last ascending, first descending)."""
    shape = tuple(data.shape)
    values = empty(shape, data.dtype)
    indices = empty(shape, np.int64)
    if data.size == 0:
        return values, indices
    nd = data.ndim
    n = shape[dim]
    rows = data.size // n
    if dim == nd - 1:
        x = reshape_view(contiguous(data), (rows, n))
        _sort_rows(reshape_view(values, (rows, n)), reshape_view(indices, (rows, n)), x, descending)
        return _laid_out_as(values, data), _laid_out_as(indices, data)
    order = [d for d in range(nd) if d != dim] + [dim]
    moved = contiguous(permute(data, order))
    moved_shape = tuple(moved.shape)
    tmp_values = empty((rows, n), data.dtype)
    tmp_indices = empty((rows, n), np.int64)
    _sort_rows(tmp_values, tmp_indices, reshape_view(moved, (rows, n)), descending)
    copy_(permute(values, order), reshape_view(tmp_values, moved_shape))
    copy_(permute(indices, order), reshape_view(tmp_indices, moved_shape))
    return _laid_out_as(values, data), _laid_out_as(indices, data)


_unique_on_host = host_fallback("unique", _cpu.unique)


def _unique_slices(data, dim: int):
    """unique along ``dim``: the slices as rows ``x[slices, length]`` (dim moved first), put
    in lexicographic order by stable device sorts of one column at a time (last first)."""
    shape = tuple(data.shape)
    slices = shape[dim]
    length = data.size // slices if slices else 0
    if not slices or not length:
        return _unique_on_host(data, dim)  # empty slices: nothing to sort
    order = [dim] + [d for d in range(data.ndim) if d != dim]
    moved = contiguous(permute(data, order))
    x = reshape_view(moved, (slices, length))
    column = empty((1, slices), data.dtype)
    perm = empty((slices,), np.int64)
    composed = empty((slices,), np.int64)
    first = True
    for c in range(length - 1, -1, -1):
        if first:
            copy_(column, view(x, (1, slices), (0, length), c))
        else:
            launch(
                kernel("sort", "gather_column"),
                slices,
                view(column, (slices,), (1,)),
                x,
                perm,
                np.int64(c),
            )
        _, col_order = sort(column, 1, False)
        col_order = view(col_order, (slices,), (1,))
        if first:
            copy_(perm, col_order)
            first = False
        else:
            launch(kernel("sort", "compose"), slices, composed, perm, col_order)
            perm, composed = composed, perm
    flags = empty((slices,), np.int64)
    launch(kernel("sort", "mark_row_boundaries"), slices, flags, x, perm)
    seg, count = _runs(flags)
    rows = empty((count, length), data.dtype)
    starts = empty((count,), np.int64)
    launch(kernel("sort", "compact_rows"), slices * length, rows, starts, x, perm, flags, seg)
    counts = _counts(starts, slices)
    inverse = empty((slices,), np.int64)
    launch(kernel("sort", "scatter_inverse"), slices, inverse, perm, seg)
    moved_shape = (count,) + tuple(moved.shape[1:])
    back = [int(i) for i in np.argsort(order)]
    values = contiguous(permute(reshape_view(rows, moved_shape), back))
    return values, inverse, counts


def _runs(flags):
    """(inclusive scan of the run marks ``flags``, number of runs read by the host)."""
    n = flags.size
    seg = scan("cumsum", view(flags, (1, n, 1), (n, 1, 1)), np.int64)
    seg1 = view(seg, (n,), (1,))
    return seg1, int(to_host(view(seg1, (1,), (1,), n - 1))[0])


def _counts(starts, n: int):
    counts = empty((starts.size,), np.int64)
    launch(kernel("sort", "counts_from_starts"), starts.size, counts, starts, np.int64(n))
    return counts


def unique(data, dim):
    """(sorted distinct values, int64 inverse indices, int64 counts) of all elements when
    ``dim`` is None (inverse then has ``data``'s shape), else of the slices along ``dim``
    (inverse then has one index per slice). Each NaN is a value of its own, as in PyTorch."""
    if dim is not None:
        return _unique_slices(data, dim)
    n = data.size
    if n == 0:
        return empty((0,), data.dtype), empty(tuple(data.shape), np.int64), empty((0,), np.int64)
    flat = reshape_view(contiguous(data), (1, n))
    v, perm = sort(flat, 1, False)
    v1 = view(v, (n,), (1,))
    perm1 = view(perm, (n,), (1,))
    flags = empty((n,), np.int64)
    launch(kernel("sort", "mark_boundaries"), n, flags, v1)
    seg1, count = _runs(flags)
    values = empty((count,), data.dtype)
    starts = empty((count,), np.int64)
    launch(kernel("sort", "compact_unique"), n, values, starts, v1, flags, seg1)
    counts = _counts(starts, n)
    inverse = empty(tuple(data.shape), np.int64)
    launch(kernel("sort", "scatter_inverse"), n, view(inverse, (n,), (1,)), perm1, seg1)
    return values, inverse, counts


def _laid_out_as(result, data):
    """``result`` in ``data``'s stride order when ``data`` is dense and not row-major
    (PyTorch's sort and flip outputs are its empty_like), else as it is."""
    if data.ndim < 2 or is_contiguous(data) or not is_dense(data):
        return result
    out = preserving(data, result.dtype)
    copy_(out, result)
    return out


def flip(data, dims):
    """A copy with the order reversed along ``dims`` (laid out as ``data`` when dense)."""
    return _laid_out_as(_flip(data, dims), data)


def _flip(data, dims):
    shape = tuple(data.shape)
    out = empty(shape, data.dtype)
    if data.size == 0:
        return out
    if data.ndim == 0:
        copy_(out, data)
        return out
    flipped = {int(d) % data.ndim for d in dims}
    strides = list(strides_of(data))
    offset = 0
    for d in flipped:
        offset += (shape[d] - 1) * strides[d]
        strides[d] = -strides[d]
    # a 1-D view over every element the input can reach (its strides are not negative)
    extent = 1 + sum((s - 1) * abs(st) for s, st in zip(shape, strides))
    source = view(data, (extent,), (1,))
    flat = view(out, (out.size,), c_strides((out.size,)))
    launch(
        kernel("sort", "flip"),
        out.size,
        flat,
        source,
        tuple(int(s) for s in shape),
        tuple(int(s) for s in strides),
        np.int64(offset),
    )
    return out


__all__ = ["flip", "sort", "unique"]
