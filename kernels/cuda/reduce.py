"""Reduction CUDA kernels over one axis, output first: twins of ``kernels/cpu/reduce.py``.

Shapes, as on the CPU: the dispatcher views a reduction as ``x[outer, red, inner]``.

* ``NAME_rows(out, x)``, x ``[outer, red]`` -> out ``[outer]``: one block per row
  (grid-stride over rows); the block's threads stride over ``red`` and combine their partial
  results by a shared-memory tree.
* ``NAME_cols(out, x)``, x ``[outer, red, inner]`` -> out ``[outer, inner]``: a block takes
  tiles of ``W = min(32, blockDim.x)`` adjacent columns (lanes, so reads coalesce) and splits
  ``red`` among ``blockDim.x // W`` groups of threads, combined by a shared-memory tree.
* ``NAME_partial(out, x)``, x ``[outer, red]`` -> out ``[outer, parts]``: the first pass for
  few long rows. Block work item ``(o, p)`` reduces the slice ``x[o, p*c : (p+1)*c]`` with
  ``c = ceil(red / parts)`` into ``out[o, p]``; the backend then reduces the partials with a
  second ``_rows`` launch: ``sum_partial``, ``sq_dev_partial`` and ``count_nonzero_partial``
  -> ``sum_rows`` (partial counts are summed, not counted); ``prod_partial`` ->
  ``prod_rows``; ``max_partial`` -> ``max_rows``; ``min_partial`` -> ``min_rows``. Partials
  have the final output's dtype. Arg reductions have no partial pass: ``argmax_rows`` keeps
  one block per row, which suits long rows.
* ``sq_dev_rows(out, x, mean)`` sums ``(x - mean[o])**2`` (mean ``[outer]``);
  ``sq_dev_cols(out, x, mean)`` with mean ``[outer, inner]``; ``sq_dev_partial(out, x,
  mean)`` with mean ``[outer]``.

The arg reductions are in ``argreduce.py``, the scans (cumsum/cumprod) in ``scan.py``.

Launch: 1-D grids and 1-D blocks of at most ``MAX_THREADS`` threads (a power of two is best:
any size is correct). Every kernel is correct for any grid size. Sums and products
accumulate in ``out``'s dtype (the CPU's float64/int64 choice is the caller's); max/min
propagate NaN; max/min/arg reductions need ``red >= 1``. Float sums are added in a different
order than on the CPU, so they can differ in the last bits.
"""

from numba import cuda

MAX_THREADS = 256  # shared arrays hold one value per thread of a block
LANES = 32  # adjacent columns per block tile in the _cols kernels

_device = cuda.jit(device=True, inline="always")


# ---- block-level combining -------------------------------------------------------------------
# Thread t holds its value in sh[t]. With lane width w, threads t, t + w, t + 2w, ... (one
# lane) are combined: afterwards sh[lane] (read by thread ``lane`` itself) holds the lane's
# result. The tree halves a count n of groups that need not be a power of two.


@_device
def _lane_width(nt):
    w = LANES
    while nt % w:
        w //= 2
    return w


@_device
def _tree_sum(sh, w):
    tid = cuda.threadIdx.x
    g = tid // w
    n = cuda.blockDim.x // w
    cuda.syncthreads()
    while n > 1:
        half = (n + 1) // 2
        if g < n - half:
            sh[tid] = sh[tid] + sh[tid + half * w]
        cuda.syncthreads()
        n = half


@_device
def _tree_prod(sh, w):
    tid = cuda.threadIdx.x
    g = tid // w
    n = cuda.blockDim.x // w
    cuda.syncthreads()
    while n > 1:
        half = (n + 1) // 2
        if g < n - half:
            sh[tid] = sh[tid] * sh[tid + half * w]
        cuda.syncthreads()
        n = half


@_device
def _tree_max(sh, w):
    tid = cuda.threadIdx.x
    g = tid // w
    n = cuda.blockDim.x // w
    cuda.syncthreads()
    while n > 1:
        half = (n + 1) // 2
        if g < n - half:
            v = sh[tid + half * w]
            a = sh[tid]
            sh[tid] = v if (v > a or v != v) else a
        cuda.syncthreads()
        n = half


@_device
def _tree_min(sh, w):
    tid = cuda.threadIdx.x
    g = tid // w
    n = cuda.blockDim.x // w
    cuda.syncthreads()
    while n > 1:
        half = (n + 1) // 2
        if g < n - half:
            v = sh[tid + half * w]
            a = sh[tid]
            sh[tid] = v if (v < a or v != v) else a
        cuda.syncthreads()
        n = half


# ---- _rows: x [outer, red] -> out [outer] ------------------------------------------------------


@cuda.jit(cache=True)
def sum_rows(out, x):
    sh = cuda.shared.array(MAX_THREADS, out.dtype)
    tid = cuda.threadIdx.x
    for o in range(cuda.blockIdx.x, x.shape[0], cuda.gridDim.x):
        acc = out.dtype.type(0)
        for r in range(tid, x.shape[1], cuda.blockDim.x):
            acc += x[o, r]
        sh[tid] = acc
        _tree_sum(sh, 1)
        if tid == 0:
            out[o] = sh[0]


@cuda.jit(cache=True)
def prod_rows(out, x):
    sh = cuda.shared.array(MAX_THREADS, out.dtype)
    tid = cuda.threadIdx.x
    for o in range(cuda.blockIdx.x, x.shape[0], cuda.gridDim.x):
        acc = out.dtype.type(1)
        for r in range(tid, x.shape[1], cuda.blockDim.x):
            acc *= x[o, r]
        sh[tid] = acc
        _tree_prod(sh, 1)
        if tid == 0:
            out[o] = sh[0]


@cuda.jit(cache=True)
def sq_dev_rows(out, x, mean):
    sh = cuda.shared.array(MAX_THREADS, out.dtype)
    tid = cuda.threadIdx.x
    for o in range(cuda.blockIdx.x, x.shape[0], cuda.gridDim.x):
        m = mean[o]
        acc = out.dtype.type(0)
        for r in range(tid, x.shape[1], cuda.blockDim.x):
            acc += (x[o, r] - m) * (x[o, r] - m)
        sh[tid] = acc
        _tree_sum(sh, 1)
        if tid == 0:
            out[o] = sh[0]


@cuda.jit(cache=True)
def count_nonzero_rows(out, x):
    sh = cuda.shared.array(MAX_THREADS, out.dtype)
    tid = cuda.threadIdx.x
    for o in range(cuda.blockIdx.x, x.shape[0], cuda.gridDim.x):
        acc = out.dtype.type(0)
        for r in range(tid, x.shape[1], cuda.blockDim.x):
            acc += x[o, r] != 0
        sh[tid] = acc
        _tree_sum(sh, 1)
        if tid == 0:
            out[o] = sh[0]


@cuda.jit(cache=True)
def max_rows(out, x):
    sh = cuda.shared.array(MAX_THREADS, out.dtype)
    tid = cuda.threadIdx.x
    for o in range(cuda.blockIdx.x, x.shape[0], cuda.gridDim.x):
        m = x[o, 0]  # every thread starts from a real element: idle threads change nothing
        for r in range(tid, x.shape[1], cuda.blockDim.x):
            v = x[o, r]
            m = v if (v > m or v != v) else m
        sh[tid] = m
        _tree_max(sh, 1)
        if tid == 0:
            out[o] = sh[0]


@cuda.jit(cache=True)
def min_rows(out, x):
    sh = cuda.shared.array(MAX_THREADS, out.dtype)
    tid = cuda.threadIdx.x
    for o in range(cuda.blockIdx.x, x.shape[0], cuda.gridDim.x):
        m = x[o, 0]
        for r in range(tid, x.shape[1], cuda.blockDim.x):
            v = x[o, r]
            m = v if (v < m or v != v) else m
        sh[tid] = m
        _tree_min(sh, 1)
        if tid == 0:
            out[o] = sh[0]


# ---- _cols: x [outer, red, inner] -> out [outer, inner] ---------------------------------------
# Work item t of a block: row o = t // tiles, columns c0 .. c0 + w - 1 of it. Lane ``tid % w``
# reads column c = min(c0 + lane, inner - 1) (a lane past the end repeats the last column and
# writes nothing), group ``tid // w`` of ``groups`` reads rows g, g + groups, ... of red.


@cuda.jit(cache=True)
def sum_cols(out, x):
    sh = cuda.shared.array(MAX_THREADS, out.dtype)
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
        acc = out.dtype.type(0)
        for r in range(g, red, groups):
            acc += x[o, r, c]
        sh[tid] = acc
        _tree_sum(sh, w)
        if g == 0 and i < inner:
            out[o, i] = sh[tid]


@cuda.jit(cache=True)
def prod_cols(out, x):
    sh = cuda.shared.array(MAX_THREADS, out.dtype)
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
        acc = out.dtype.type(1)
        for r in range(g, red, groups):
            acc *= x[o, r, c]
        sh[tid] = acc
        _tree_prod(sh, w)
        if g == 0 and i < inner:
            out[o, i] = sh[tid]


@cuda.jit(cache=True)
def sq_dev_cols(out, x, mean):
    sh = cuda.shared.array(MAX_THREADS, out.dtype)
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
        m = mean[o, c]
        acc = out.dtype.type(0)
        for r in range(g, red, groups):
            d = x[o, r, c] - m
            acc += d * d
        sh[tid] = acc
        _tree_sum(sh, w)
        if g == 0 and i < inner:
            out[o, i] = sh[tid]


@cuda.jit(cache=True)
def count_nonzero_cols(out, x):
    sh = cuda.shared.array(MAX_THREADS, out.dtype)
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
        acc = out.dtype.type(0)
        for r in range(g, red, groups):
            acc += x[o, r, c] != 0
        sh[tid] = acc
        _tree_sum(sh, w)
        if g == 0 and i < inner:
            out[o, i] = sh[tid]


@cuda.jit(cache=True)
def max_cols(out, x):
    sh = cuda.shared.array(MAX_THREADS, out.dtype)
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
        m = x[o, 0, c]
        for r in range(g, red, groups):
            v = x[o, r, c]
            m = v if (v > m or v != v) else m
        sh[tid] = m
        _tree_max(sh, w)
        if g == 0 and i < inner:
            out[o, i] = sh[tid]


@cuda.jit(cache=True)
def min_cols(out, x):
    sh = cuda.shared.array(MAX_THREADS, out.dtype)
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
        m = x[o, 0, c]
        for r in range(g, red, groups):
            v = x[o, r, c]
            m = v if (v < m or v != v) else m
        sh[tid] = m
        _tree_min(sh, w)
        if g == 0 and i < inner:
            out[o, i] = sh[tid]


# ---- _partial: x [outer, red] -> out [outer, parts], then a _rows pass ------------------------


@cuda.jit(cache=True)
def sum_partial(out, x):
    sh = cuda.shared.array(MAX_THREADS, out.dtype)
    tid = cuda.threadIdx.x
    red, parts = x.shape[1], out.shape[1]
    chunk = (red + parts - 1) // parts
    for t in range(cuda.blockIdx.x, x.shape[0] * parts, cuda.gridDim.x):
        o, p = t // parts, t % parts
        lo = p * chunk
        hi = min(lo + chunk, red)
        acc = out.dtype.type(0)
        for r in range(lo + tid, hi, cuda.blockDim.x):
            acc += x[o, r]
        sh[tid] = acc
        _tree_sum(sh, 1)
        if tid == 0:
            out[o, p] = sh[0]


@cuda.jit(cache=True)
def prod_partial(out, x):
    sh = cuda.shared.array(MAX_THREADS, out.dtype)
    tid = cuda.threadIdx.x
    red, parts = x.shape[1], out.shape[1]
    chunk = (red + parts - 1) // parts
    for t in range(cuda.blockIdx.x, x.shape[0] * parts, cuda.gridDim.x):
        o, p = t // parts, t % parts
        lo = p * chunk
        hi = min(lo + chunk, red)
        acc = out.dtype.type(1)
        for r in range(lo + tid, hi, cuda.blockDim.x):
            acc *= x[o, r]
        sh[tid] = acc
        _tree_prod(sh, 1)
        if tid == 0:
            out[o, p] = sh[0]


@cuda.jit(cache=True)
def sq_dev_partial(out, x, mean):
    sh = cuda.shared.array(MAX_THREADS, out.dtype)
    tid = cuda.threadIdx.x
    red, parts = x.shape[1], out.shape[1]
    chunk = (red + parts - 1) // parts
    for t in range(cuda.blockIdx.x, x.shape[0] * parts, cuda.gridDim.x):
        o, p = t // parts, t % parts
        lo = p * chunk
        hi = min(lo + chunk, red)
        m = mean[o]
        acc = out.dtype.type(0)
        for r in range(lo + tid, hi, cuda.blockDim.x):
            acc += (x[o, r] - m) * (x[o, r] - m)
        sh[tid] = acc
        _tree_sum(sh, 1)
        if tid == 0:
            out[o, p] = sh[0]


@cuda.jit(cache=True)
def count_nonzero_partial(out, x):
    sh = cuda.shared.array(MAX_THREADS, out.dtype)
    tid = cuda.threadIdx.x
    red, parts = x.shape[1], out.shape[1]
    chunk = (red + parts - 1) // parts
    for t in range(cuda.blockIdx.x, x.shape[0] * parts, cuda.gridDim.x):
        o, p = t // parts, t % parts
        lo = p * chunk
        hi = min(lo + chunk, red)
        acc = out.dtype.type(0)
        for r in range(lo + tid, hi, cuda.blockDim.x):
            acc += x[o, r] != 0
        sh[tid] = acc
        _tree_sum(sh, 1)
        if tid == 0:
            out[o, p] = sh[0]


@cuda.jit(cache=True)
def max_partial(out, x):
    sh = cuda.shared.array(MAX_THREADS, out.dtype)
    tid = cuda.threadIdx.x
    red, parts = x.shape[1], out.shape[1]
    chunk = (red + parts - 1) // parts
    for t in range(cuda.blockIdx.x, x.shape[0] * parts, cuda.gridDim.x):
        o, p = t // parts, t % parts
        lo = p * chunk
        hi = min(lo + chunk, red)
        m = x[o, min(lo, red - 1)]  # an empty slice (parts > red) repeats a real element
        for r in range(lo + tid, hi, cuda.blockDim.x):
            v = x[o, r]
            m = v if (v > m or v != v) else m
        sh[tid] = m
        _tree_max(sh, 1)
        if tid == 0:
            out[o, p] = sh[0]


@cuda.jit(cache=True)
def min_partial(out, x):
    sh = cuda.shared.array(MAX_THREADS, out.dtype)
    tid = cuda.threadIdx.x
    red, parts = x.shape[1], out.shape[1]
    chunk = (red + parts - 1) // parts
    for t in range(cuda.blockIdx.x, x.shape[0] * parts, cuda.gridDim.x):
        o, p = t // parts, t % parts
        lo = p * chunk
        hi = min(lo + chunk, red)
        m = x[o, min(lo, red - 1)]
        for r in range(lo + tid, hi, cuda.blockDim.x):
            v = x[o, r]
            m = v if (v < m or v != v) else m
        sh[tid] = m
        _tree_min(sh, 1)
        if tid == 0:
            out[o, p] = sh[0]


KERNELS = {
    "sum_rows": sum_rows,
    "prod_rows": prod_rows,
    "sq_dev_rows": sq_dev_rows,
    "count_nonzero_rows": count_nonzero_rows,
    "max_rows": max_rows,
    "min_rows": min_rows,
    "sum_cols": sum_cols,
    "prod_cols": prod_cols,
    "sq_dev_cols": sq_dev_cols,
    "count_nonzero_cols": count_nonzero_cols,
    "max_cols": max_cols,
    "min_cols": min_cols,
    "sum_partial": sum_partial,
    "prod_partial": prod_partial,
    "sq_dev_partial": sq_dev_partial,
    "count_nonzero_partial": count_nonzero_partial,
    "max_partial": max_partial,
    "min_partial": min_partial,
}
