"""Arg reductions on CUDA, twins of ``kernels/cpu/reduce.py``'s: ``argmax_rows/argmin_rows(values,
indices, x)`` with x ``[outer, red]`` and the ``_cols`` forms with x ``[outer, red, inner]``
(shapes and launches as in ``reduce.py``). The first index of the extreme wins; a NaN counts
as the extreme (the first NaN wins), as in PyTorch.
"""

from numba import cuda

from .reduce import MAX_THREADS, _lane_width

_device = cuda.jit(device=True, inline="always")


@_device
def _beats_max(v, j, b, k):
    # does candidate (value v, index j) replace (b, k) as argmax? NaN first, then the larger,
    # then the smaller index
    if b != b:
        return v != v and j < k
    if v != v:
        return True
    return v > b or (v == b and j < k)


@_device
def _beats_min(v, j, b, k):
    if b != b:
        return v != v and j < k
    if v != v:
        return True
    return v < b or (v == b and j < k)


@_device
def _tree_argmax(vals, idxs, w):
    tid = cuda.threadIdx.x
    g = tid // w
    n = cuda.blockDim.x // w
    cuda.syncthreads()
    while n > 1:
        half = (n + 1) // 2
        if g < n - half:
            v = vals[tid + half * w]
            j = idxs[tid + half * w]
            if _beats_max(v, j, vals[tid], idxs[tid]):
                vals[tid] = v
                idxs[tid] = j
        cuda.syncthreads()
        n = half


@_device
def _tree_argmin(vals, idxs, w):
    tid = cuda.threadIdx.x
    g = tid // w
    n = cuda.blockDim.x // w
    cuda.syncthreads()
    while n > 1:
        half = (n + 1) // 2
        if g < n - half:
            v = vals[tid + half * w]
            j = idxs[tid + half * w]
            if _beats_min(v, j, vals[tid], idxs[tid]):
                vals[tid] = v
                idxs[tid] = j
        cuda.syncthreads()
        n = half


@cuda.jit(cache=True)
def argmax_rows(values, indices, x):
    vals = cuda.shared.array(MAX_THREADS, x.dtype)
    idxs = cuda.shared.array(MAX_THREADS, indices.dtype)
    tid = cuda.threadIdx.x
    for o in range(cuda.blockIdx.x, x.shape[0], cuda.gridDim.x):
        best = x[o, 0]
        at = 0
        for r in range(tid, x.shape[1], cuda.blockDim.x):
            v = x[o, r]
            if best == best and (v > best or v != v):
                best = v
                at = r
        vals[tid] = best
        idxs[tid] = at
        _tree_argmax(vals, idxs, 1)
        if tid == 0:
            values[o] = vals[0]
            indices[o] = idxs[0]


@cuda.jit(cache=True)
def argmin_rows(values, indices, x):
    vals = cuda.shared.array(MAX_THREADS, x.dtype)
    idxs = cuda.shared.array(MAX_THREADS, indices.dtype)
    tid = cuda.threadIdx.x
    for o in range(cuda.blockIdx.x, x.shape[0], cuda.gridDim.x):
        best = x[o, 0]
        at = 0
        for r in range(tid, x.shape[1], cuda.blockDim.x):
            v = x[o, r]
            if best == best and (v < best or v != v):
                best = v
                at = r
        vals[tid] = best
        idxs[tid] = at
        _tree_argmin(vals, idxs, 1)
        if tid == 0:
            values[o] = vals[0]
            indices[o] = idxs[0]


# ---- _cols (tiles of adjacent columns, as in reduce.py) ----------------------------------------


@cuda.jit(cache=True)
def argmax_cols(values, indices, x):
    vals = cuda.shared.array(MAX_THREADS, x.dtype)
    idxs = cuda.shared.array(MAX_THREADS, indices.dtype)
    tid = cuda.threadIdx.x
    outer, red, inner = x.shape
    w = _lane_width(cuda.blockDim.x)
    groups = cuda.blockDim.x // w
    lane, g = tid % w, tid // w
    tiles = (inner + w - 1) // w
    for t in range(cuda.blockIdx.x, outer * tiles, cuda.gridDim.x):
        o = t // tiles
        i = (t % tiles) * w + lane
        c = min(i, inner - 1)
        best = x[o, 0, c]
        at = 0
        for r in range(g, red, groups):
            v = x[o, r, c]
            if best == best and (v > best or v != v):
                best = v
                at = r
        vals[tid] = best
        idxs[tid] = at
        _tree_argmax(vals, idxs, w)
        if g == 0 and i < inner:
            values[o, i] = vals[tid]
            indices[o, i] = idxs[tid]


@cuda.jit(cache=True)
def argmin_cols(values, indices, x):
    vals = cuda.shared.array(MAX_THREADS, x.dtype)
    idxs = cuda.shared.array(MAX_THREADS, indices.dtype)
    tid = cuda.threadIdx.x
    outer, red, inner = x.shape
    w = _lane_width(cuda.blockDim.x)
    groups = cuda.blockDim.x // w
    lane, g = tid % w, tid // w
    tiles = (inner + w - 1) // w
    for t in range(cuda.blockIdx.x, outer * tiles, cuda.gridDim.x):
        o = t // tiles
        i = (t % tiles) * w + lane
        c = min(i, inner - 1)
        best = x[o, 0, c]
        at = 0
        for r in range(g, red, groups):
            v = x[o, r, c]
            if best == best and (v < best or v != v):
                best = v
                at = r
        vals[tid] = best
        idxs[tid] = at
        _tree_argmin(vals, idxs, w)
        if g == 0 and i < inner:
            values[o, i] = vals[tid]
            indices[o, i] = idxs[tid]


KERNELS = {
    "argmax_rows": argmax_rows,
    "argmin_rows": argmin_rows,
    "argmax_cols": argmax_cols,
    "argmin_cols": argmin_cols,
}
