"""Sorting CUDA kernels: a stable bitonic sort of rows, unique's segment kernels, flip.

Sorting works on *order keys*: ``order_key(v)`` maps a value of any dtype to a uint64 whose
unsigned order is the value order (floats by their IEEE bits with the sign folded, NaN the
largest key, -0.0 the same key as 0.0; signed integers with the sign bit flipped; unsigned
integers and bool as they are). Descending sorts use ``~key``. Every element is paired with
its position in its row, and pairs compare by (key, position): all pairs differ, so the
bitonic network's result is the unique stable order (ties keep their order, NaN last
ascending and first descending, as the CPU backend's NumPy sorts).

A row of ``n`` values is padded to ``P`` slots (the next power of two); padding slots get the
largest key and their own position (>= n), so they sort after every real element. Slots are
numbered ``row * P + pos`` and processed by blocks in *chunks* of ``chunk`` slots (a power of
two, at most ``SHARED``) held in shared memory:

* ``sort_rows(values, indices, x, P, chunk, descending)``: rows with ``P <= chunk`` (several
  rows per chunk): sorts them completely in shared memory and writes values and indices.
* longer rows: ``sort_chunks`` sorts each chunk (alternating directions, the bitonic way)
  into global ``keys``/``idx`` arrays; then for every merge size ``k`` from ``2 * chunk`` to
  ``P``: ``bitonic_step`` for the strides ``j >= chunk`` (one launch each) and
  ``bitonic_merge`` for all the strides below ``chunk`` in shared memory; ``gather_rows``
  finally writes values and indices.

unique: ``mark_boundaries`` (1 where a sorted value differs from the one before, by order
key, so NaNs are one value), an inclusive scan of the marks (the reduce module's cumsum)
gives segment ids, ``compact_unique`` writes each segment's value and start,
``counts_from_starts`` the counts, ``scatter_inverse`` the inverse through the sort order.
Distinct slices (rows of ``x[slices, length]``): the row order is built column by column from
the last (``gather_column``, a stable device sort of that column, ``compose``), so it is
lexicographic; ``mark_row_boundaries`` and ``compact_rows`` then play the same parts.

``flip(out, x, shape, strides, offset)``: ``out`` C-contiguous with ``shape``; element ``i``
reads ``x[offset + sum(c_d * strides[d])]`` of a 1-D view ``x`` over the input's memory,
where flipped dimensions have negated strides and ``offset`` starts at their last element.
"""

import numpy as np
from numba import cuda
from numba.cuda import libdevice, types
from numba.cuda.extending import overload

SHARED = 2048  # slots of a chunk held in shared memory (16 KiB keys + 16 KiB positions)
SIGN = np.uint64(0x8000000000000000)
MAXKEY = np.uint64(0xFFFFFFFFFFFFFFFF)


def order_key(value):
    """The uint64 order key of ``value`` (a NumPy scalar). Plain Python (the simulator)."""
    v = np.asarray(value)
    if v.dtype.kind == "f":
        f = float(v)
        if f != f:
            return MAXKEY
        if f == 0.0:
            return SIGN
        bits = int(np.array(f, dtype=np.float64).view(np.uint64))
        if bits >> 63:
            return np.uint64(bits ^ 0xFFFFFFFFFFFFFFFF)
        return np.uint64(bits | 0x8000000000000000)
    if v.dtype.kind in "ub":
        return np.uint64(int(v))
    return np.uint64(int(v) + (1 << 63))


def _float_key(value):
    f = np.float64(value)
    if f != f:
        return MAXKEY
    if f == 0.0:
        return SIGN  # -0.0 and 0.0: one key
    bits = np.uint64(libdevice.double_as_longlong(f))
    if bits & SIGN:
        return ~bits
    return bits | SIGN


def _unsigned_key(value):
    return np.uint64(value)


def _signed_key(value):
    return np.uint64(np.int64(value)) ^ SIGN


@overload(order_key, target="cuda", inline="always")
def _order_key_overload(value):
    if isinstance(value, types.Float):
        return _float_key
    if isinstance(value, types.Boolean):
        return _unsigned_key
    if isinstance(value, types.Integer):
        return _signed_key if value.signed else _unsigned_key
    return None


# ---- block-level bitonic network over one chunk in shared memory ------------------------------


@cuda.jit(device=True)
def _load_chunk(skeys, sidx, x, start, P, chunk, descending):
    """Order keys and positions of slots ``start .. start + chunk`` (padding past a row)."""
    rows = x.shape[0]
    n = x.shape[1]
    for c in range(cuda.threadIdx.x, chunk, cuda.blockDim.x):
        s = start + c
        row = s // P
        pos = s - row * P
        key = MAXKEY
        if row < rows and pos < n:
            key = order_key(x[row, pos])
            if descending:
                key = ~key
        skeys[c] = key
        sidx[c] = pos


@cuda.jit(device=True)
def _network(skeys, sidx, start, P, chunk, k, j):
    """The steps of merge size ``k`` with strides ``j, j/2, .., 1`` over a chunk (slot
    ``start + i`` sorts ascending where its position in its row has bit ``k`` clear)."""
    tid = cuda.threadIdx.x
    nthreads = cuda.blockDim.x
    half = chunk // 2
    while j > 0:
        for p in range(tid, half, nthreads):
            i = (p // j) * 2 * j + p % j
            m = i + j
            up = (((start + i) & (P - 1)) & k) == 0
            ka = skeys[i]
            kb = skeys[m]
            ia = sidx[i]
            ib = sidx[m]
            greater = ka > kb or (ka == kb and ia > ib)
            if greater == up:
                skeys[i] = kb
                skeys[m] = ka
                sidx[i] = ib
                sidx[m] = ia
        cuda.syncthreads()
        j //= 2


@cuda.jit(device=True)
def _presort(skeys, sidx, start, P, chunk):
    """Bitonic sort of a loaded chunk for merge sizes 2 .. min(P, chunk)."""
    k = 2
    while k <= P and k <= chunk:
        _network(skeys, sidx, start, P, chunk, k, k // 2)
        k *= 2


@cuda.jit(cache=True)
def sort_rows(values, indices, x, P, chunk, descending):
    """Sort every row of ``x[rows, n]`` (``P`` = next power of two >= n, ``P <= chunk``)."""
    skeys = cuda.shared.array(SHARED, np.uint64)
    sidx = cuda.shared.array(SHARED, np.int64)
    rows = x.shape[0]
    n = x.shape[1]
    total = rows * P
    for start in range(cuda.blockIdx.x * chunk, total, cuda.gridDim.x * chunk):
        _load_chunk(skeys, sidx, x, start, P, chunk, descending)
        cuda.syncthreads()
        _presort(skeys, sidx, start, P, chunk)
        for c in range(cuda.threadIdx.x, chunk, cuda.blockDim.x):
            s = start + c
            row = s // P
            pos = s - row * P
            if row < rows and pos < n:
                src = sidx[c]
                indices[row, pos] = src
                values[row, pos] = x[row, src]
        cuda.syncthreads()


@cuda.jit(cache=True)
def sort_chunks(keys, idx, x, P, chunk, descending):
    """First pass for rows longer than a chunk: each chunk bitonically sorted into the
    global ``keys``/``idx`` (``rows * P`` slots, ``P`` a multiple of ``chunk``)."""
    skeys = cuda.shared.array(SHARED, np.uint64)
    sidx = cuda.shared.array(SHARED, np.int64)
    total = keys.size
    for start in range(cuda.blockIdx.x * chunk, total, cuda.gridDim.x * chunk):
        _load_chunk(skeys, sidx, x, start, P, chunk, descending)
        cuda.syncthreads()
        _presort(skeys, sidx, start, P, chunk)
        for c in range(cuda.threadIdx.x, chunk, cuda.blockDim.x):
            keys[start + c] = skeys[c]
            idx[start + c] = sidx[c]
        cuda.syncthreads()


@cuda.jit(cache=True)
def bitonic_step(keys, idx, P, k, j):
    """One step (merge size ``k``, stride ``j``) of the network over global memory."""
    for p in range(cuda.grid(1), keys.size // 2, cuda.gridsize(1)):
        i = (p // j) * 2 * j + p % j
        m = i + j
        up = ((i & (P - 1)) & k) == 0
        ka = keys[i]
        kb = keys[m]
        ia = idx[i]
        ib = idx[m]
        greater = ka > kb or (ka == kb and ia > ib)
        if greater == up:
            keys[i] = kb
            keys[m] = ka
            idx[i] = ib
            idx[m] = ia


@cuda.jit(cache=True)
def bitonic_merge(keys, idx, P, k, chunk):
    """The steps of merge size ``k`` with strides below ``chunk``, chunk by chunk."""
    skeys = cuda.shared.array(SHARED, np.uint64)
    sidx = cuda.shared.array(SHARED, np.int64)
    total = keys.size
    for start in range(cuda.blockIdx.x * chunk, total, cuda.gridDim.x * chunk):
        for c in range(cuda.threadIdx.x, chunk, cuda.blockDim.x):
            skeys[c] = keys[start + c]
            sidx[c] = idx[start + c]
        cuda.syncthreads()
        _network(skeys, sidx, start, P, chunk, k, chunk // 2)
        for c in range(cuda.threadIdx.x, chunk, cuda.blockDim.x):
            keys[start + c] = skeys[c]
            idx[start + c] = sidx[c]
        cuda.syncthreads()


@cuda.jit(cache=True)
def gather_rows(values, indices, x, idx, P):
    """values[r, p] = x[r, idx[r * P + p]] and indices[r, p] = idx[r * P + p]."""
    n = x.shape[1]
    for t in range(cuda.grid(1), x.size, cuda.gridsize(1)):
        r = t // n
        p = t - r * n
        src = idx[r * P + p]
        indices[r, p] = src
        values[r, p] = x[r, src]


# ---- unique over sorted values ----------------------------------------------------------------


@cuda.jit(cache=True)
def mark_boundaries(flags, v):
    """flags[i] = 1 where sorted ``v[i]`` starts a run of equal values (by order key);
    every NaN is a value of its own, as in PyTorch's unique."""
    for i in range(cuda.grid(1), v.size, cuda.gridsize(1)):
        w = np.float32(v[i])  # (compared as float32: half has no native compare)
        if i == 0 or w != w or order_key(v[i]) != order_key(v[i - 1]):
            flags[i] = 1
        else:
            flags[i] = 0


@cuda.jit(cache=True)
def compact_unique(values, starts, v, flags, seg):
    """Each run's value and first position (``seg``: inclusive scan of ``flags``)."""
    for i in range(cuda.grid(1), v.size, cuda.gridsize(1)):
        if flags[i] != 0:
            u = seg[i] - 1
            values[u] = v[i]
            starts[u] = i


@cuda.jit(cache=True)
def counts_from_starts(counts, starts, n):
    """counts[u] = starts[u + 1] - starts[u] (the last run ends at ``n``)."""
    m = counts.size
    for u in range(cuda.grid(1), m, cuda.gridsize(1)):
        stop = starts[u + 1] if u + 1 < m else n
        counts[u] = stop - starts[u]


@cuda.jit(cache=True)
def scatter_inverse(inverse, perm, seg):
    """inverse[perm[i]] = seg[i] - 1: each element's run in the sorted order."""
    for i in range(cuda.grid(1), perm.size, cuda.gridsize(1)):
        inverse[perm[i]] = seg[i] - 1


# ---- unique slices: rows of x[slices, length] in a lexicographic order ``perm`` -------------


@cuda.jit(cache=True)
def gather_column(out, x, perm, c):
    """out[i] = x[perm[i], c]: one column of the rows in the current order."""
    for i in range(cuda.grid(1), out.size, cuda.gridsize(1)):
        out[i] = x[perm[i], c]


@cuda.jit(cache=True)
def compose(out, perm, order):
    """out[i] = perm[order[i]]."""
    for i in range(cuda.grid(1), out.size, cuda.gridsize(1)):
        out[i] = perm[order[i]]


@cuda.jit(cache=True)
def mark_row_boundaries(flags, x, perm):
    """flags[i] = 1 where row ``perm[i]`` differs from row ``perm[i - 1]`` (by order keys);
    a row holding a NaN is a row of its own, as in PyTorch."""
    length = x.shape[1]
    for i in range(cuda.grid(1), perm.size, cuda.gridsize(1)):
        flag = 1
        if i > 0:
            flag = 0
            a = perm[i]
            b = perm[i - 1]
            for c in range(length):
                w = np.float32(x[a, c])
                if w != w or order_key(x[a, c]) != order_key(x[b, c]):
                    flag = 1
                    break
        flags[i] = flag


@cuda.jit(cache=True)
def compact_rows(values, starts, x, perm, flags, seg):
    """Each run's row (``values[run, :]``) and first position, over rows x columns."""
    length = x.shape[1]
    for t in range(cuda.grid(1), perm.size * length, cuda.gridsize(1)):
        i = t // length
        c = t - i * length
        if flags[i] != 0:
            u = seg[i] - 1
            values[u, c] = x[perm[i], c]
            if c == 0:
                starts[u] = i


# ---- flip -------------------------------------------------------------------------------------


@cuda.jit(cache=True)
def flip(out, x, shape, strides, offset):
    """out[i] (C order over ``shape``) = x[offset + sum(c_d * strides[d])]."""
    nd = len(shape)
    for i in range(cuda.grid(1), out.size, cuda.gridsize(1)):
        rem = i
        off = offset
        for e in range(nd):
            d = nd - 1 - e
            c = rem % shape[d]
            rem //= shape[d]
            off += c * strides[d]
        out[i] = x[off]


KERNELS = {
    "sort_rows": sort_rows,
    "sort_chunks": sort_chunks,
    "bitonic_step": bitonic_step,
    "bitonic_merge": bitonic_merge,
    "gather_rows": gather_rows,
    "mark_boundaries": mark_boundaries,
    "compact_unique": compact_unique,
    "counts_from_starts": counts_from_starts,
    "scatter_inverse": scatter_inverse,
    "gather_column": gather_column,
    "compose": compose,
    "mark_row_boundaries": mark_row_boundaries,
    "compact_rows": compact_rows,
    "flip": flip,
}
