"""Gather, scatter, masks and stream compaction on CUDA: the kernels of indexing.

Output first, grid-stride loops (correct for any launch). Addressing is by *element
offsets*: ``src``/``dst`` are 1-D views over the memory a strided array spans (element 0 is
the array's first element), ``offsets`` int32 or int64 positions in them (computed by the
launcher, numtensor/backend/cuda/indexing.py).

* ``gather_offsets(out, src, offsets)``: ``out[i] = src[offsets[i]]``.
* ``put_offsets(dst, offsets, values)``: ``dst[offsets[i]] = values[i]`` (cast as C does);
  ``put_offsets_scalar(dst, offsets, value)``: every addressed element set to ``value``.
  Repeated offsets: one of the writes wins (undefined which, as in PyTorch).
* ``scatter_add_offsets(dst, offsets, values)``: ``dst[offsets[i]] += values[i]`` with
  ``cuda.atomic.add`` (values of dst's dtype; int32, int64, uint32, uint64, float32, float64).
  Float sums of repeated targets are added in an unspecified order (PyTorch's CUDA
  scatter_add is not deterministic either).
* ``scatter_reduce_segments(dst, targets, starts, order, values, mode)``: the
  deterministic, atomic-free accumulation (mode 0 add, 1 multiply, 2 amax, 3 amin) for
  'multiply', the extremes, and for dtypes without atomics
  (bool, int8, uint8, int16, float16): the launcher sorts the offsets on the host (stably),
  so ``values[order[starts[s]:starts[s + 1]]]`` are the values for target ``targets[s]``; one
  thread per target folds them in, in index order (the order ``np.multiply.at`` uses).
* ``masked_fill(out, mask, value)`` (1-D, laid out alike) and ``masked_fill_strided`` (1 to
  6 dims, mask broadcast by zero strides).
* Compaction (masked_select, masked_scatter, nonzero), over C-ordered 1-D ``flags`` (any
  dtype, ``!= 0`` counts) cut into chunks of ``chunk`` elements:
  ``chunk_counts(counts, flags, chunk)`` counts each chunk's nonzeros (one thread a chunk);
  the launcher takes the inclusive prefix sum ``ends`` of the counts on the device;
  ``chunk_positions(positions, flags, ends, chunk)`` writes the flat index of every nonzero
  at its rank. ``positions_to_offsets(out, positions, shape, strides)`` and
  ``positions_to_coords(out, positions, shape)`` turn flat C-order indices into element
  offsets of a strided array / (n, ndim) coordinates (shape, strides: 1-D int64 arrays,
  any ndim).
* ``index_select3(out, x, index)`` / ``index_add3(dst, index, values)``: ``x[..., idx, ...]``
  and its atomic scatter-add over ``[outer, dim, inner]`` views: only ``index`` is copied
  to the device (embedding lookups and their gradients).
"""

from numba import cuda

from .copy import convert
from .indexing import unravel


@cuda.jit(cache=True)
def gather_offsets(out, src, offsets):
    for i in range(cuda.grid(1), out.size, cuda.gridsize(1)):
        out[i] = src[offsets[i]]


@cuda.jit(cache=True)
def put_offsets(dst, offsets, values):
    for i in range(cuda.grid(1), offsets.size, cuda.gridsize(1)):
        dst[offsets[i]] = convert(values[i], dst)


@cuda.jit(cache=True)
def put_offsets_scalar(dst, offsets, value):
    v = convert(value, dst)
    for i in range(cuda.grid(1), offsets.size, cuda.gridsize(1)):
        dst[offsets[i]] = v


@cuda.jit(cache=True)
def scatter_add_offsets(dst, offsets, values):
    for i in range(cuda.grid(1), offsets.size, cuda.gridsize(1)):
        cuda.atomic.add(dst, offsets[i], values[i])


@cuda.jit(cache=True)
def scatter_reduce_segments(dst, targets, starts, order, values, mode):
    for s in range(cuda.grid(1), targets.size, cuda.gridsize(1)):
        t = targets[s]
        acc = dst[t]
        for j in range(starts[s], starts[s + 1]):
            v = values[order[j]]
            if mode == 0:
                acc = dst.dtype.type(acc + v)
            elif mode == 1:
                acc = dst.dtype.type(acc * v)
            elif acc == acc and (v != v or (v > acc if mode == 2 else v < acc)):
                acc = v  # (amax, amin: a NaN, once met, stays)
        dst[t] = acc


@cuda.jit(cache=True)
def masked_fill(out, mask, value):
    v = convert(value, out)
    for i in range(cuda.grid(1), out.size, cuda.gridsize(1)):
        if mask[i]:
            out[i] = v


@cuda.jit(cache=True)
def masked_fill_strided(out, mask, value):
    v = convert(value, out)
    for i in range(cuda.grid(1), out.size, cuda.gridsize(1)):
        idx = unravel(i, out.shape)
        if mask[idx]:
            out[idx] = v


@cuda.jit(cache=True)
def chunk_counts(counts, flags, chunk):
    n = flags.size
    for c in range(cuda.grid(1), counts.size, cuda.gridsize(1)):
        total = 0
        for i in range(c * chunk, min(n, (c + 1) * chunk)):
            if flags[i] != 0:
                total += 1
        counts[c] = total


@cuda.jit(cache=True)
def chunk_positions(positions, flags, ends, chunk):
    n = flags.size
    for c in range(cuda.grid(1), ends.size, cuda.gridsize(1)):
        rank = ends[c - 1] if c > 0 else 0
        for i in range(c * chunk, min(n, (c + 1) * chunk)):
            if flags[i] != 0:
                positions[rank] = i
                rank += 1


@cuda.jit(cache=True)
def positions_to_offsets(out, positions, shape, strides):
    for j in range(cuda.grid(1), out.size, cuda.gridsize(1)):
        p = positions[j]
        offset = 0
        for k in range(shape.size - 1, -1, -1):
            offset += (p % shape[k]) * strides[k]
            p //= shape[k]
        out[j] = offset


@cuda.jit(cache=True)
def positions_to_coords(out, positions, shape):
    ndim = shape.size
    for j in range(cuda.grid(1), positions.size, cuda.gridsize(1)):
        p = positions[j]
        for k in range(ndim - 1, -1, -1):
            out[j, k] = p % shape[k]
            p //= shape[k]


@cuda.jit(cache=True)
def index_select3(out, x, index):
    """``out[o, j, i] = x[o, index[j], i]`` (index already in range, non-negative)."""
    for i in range(cuda.grid(1), out.size, cuda.gridsize(1)):
        o, j, k = unravel(i, out.shape)
        out[o, j, k] = x[o, index[j], k]


@cuda.jit(cache=True)
def index_add3(dst, index, values):
    """``dst[o, index[j], i] += values[o, j, i]`` (atomic; index in range, non-negative)."""
    for i in range(cuda.grid(1), values.size, cuda.gridsize(1)):
        o, j, k = unravel(i, values.shape)
        cuda.atomic.add(dst, (o, index[j], k), values[o, j, k])


KERNELS = {
    "gather_offsets": gather_offsets,
    "put_offsets": put_offsets,
    "put_offsets_scalar": put_offsets_scalar,
    "scatter_add_offsets": scatter_add_offsets,
    "scatter_reduce_segments": scatter_reduce_segments,
    "masked_fill": masked_fill,
    "masked_fill_strided": masked_fill_strided,
    "chunk_counts": chunk_counts,
    "chunk_positions": chunk_positions,
    "positions_to_offsets": positions_to_offsets,
    "positions_to_coords": positions_to_coords,
    "index_select3": index_select3,
    "index_add3": index_add3,
}
