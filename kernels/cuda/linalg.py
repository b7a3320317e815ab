"""Linear-algebra CUDA kernels: batched matrix multiply, output first.

``bmm(out, a, b)``: out ``[batch, n, m]`` = a ``[batch, n, k]`` @ b ``[batch, k, m]``, any
strides (a zero batch stride broadcasts an operand; transposed views are read in their
memory order). A shared-memory tiled kernel with register blocking: each block computes a
``BMM_TILE x BMM_TILE`` tile of one output matrix, its ``BMM_BLOCK`` threads
``BMM_TILE // 16`` x ``BMM_TILE // 16`` outputs each, stepping through k ``BMM_K`` at a
time. Launch it as ``bmm[bmm_grid(batch, n, m), BMM_BLOCK](out, a, b)``: the block MUST be
``BMM_BLOCK`` (16, 16); any grid is correct (tiles and batch are grid-strided), the natural
one is ``(ceil(m / BMM_TILE), ceil(n / BMM_TILE), batch)``. Edge tiles are masked, so any
n, m, k (k may be 0: out is zeroed) work.

``bmm_small(out, a, b)``: the same product, one thread per output element (grid-stride over
``batch * n * m``, any 1-D launch): for tiny matrices, where a 64 x 64 tile wastes threads.

Products accumulate in ``out``'s dtype: float32 for float32, float64 for float64, int64 for
int64 (narrower integers wrap exactly as int64 accumulation then a cast would). ``a`` and
``b`` are expected in ``out``'s dtype.
"""

from numba import cuda

BMM_THREADS = 16  # threads per block side
BMM_BLOCK = (BMM_THREADS, BMM_THREADS)
BMM_TILE = 64  # output rows and columns per block
BMM_K = 16  # depth of the shared-memory k tile
BMM_R = BMM_TILE // BMM_THREADS  # outputs per thread per side (4 x 4 in registers)
_LOADS = BMM_TILE * BMM_K  # elements of one operand tile


def bmm_grid(batch: int, n: int, m: int) -> tuple:
    """The natural grid of ``bmm`` (within CUDA's limits on the y and z dimensions)."""
    tiles_m = -(-m // BMM_TILE)
    tiles_n = -(-n // BMM_TILE)
    return (max(tiles_m, 1), max(min(tiles_n, 65535), 1), max(min(batch, 65535), 1))


@cuda.jit(cache=True)
def bmm(out, a, b):
    a_tile = cuda.shared.array((BMM_K, BMM_TILE), out.dtype)  # [kk, row]
    b_tile = cuda.shared.array((BMM_K, BMM_TILE), out.dtype)  # [kk, col]
    acc = cuda.local.array((BMM_R, BMM_R), out.dtype)
    a_reg = cuda.local.array(BMM_R, out.dtype)
    b_reg = cuda.local.array(BMM_R, out.dtype)
    tx = cuda.threadIdx.x
    ty = cuda.threadIdx.y
    tid = ty * BMM_THREADS + tx
    nthreads = BMM_THREADS * BMM_THREADS
    batch, n, k = a.shape
    m = b.shape[2]
    tiles_n = (n + BMM_TILE - 1) // BMM_TILE
    tiles_m = (m + BMM_TILE - 1) // BMM_TILE
    # read each operand along its contiguous axis, so a warp's loads coalesce
    a_k_fast = a.strides[2] <= a.strides[1]
    b_col_fast = b.strides[2] <= b.strides[1]
    for bi in range(cuda.blockIdx.z, batch, cuda.gridDim.z):
        for tn in range(cuda.blockIdx.y, tiles_n, cuda.gridDim.y):
            for tm in range(cuda.blockIdx.x, tiles_m, cuda.gridDim.x):
                row0 = tn * BMM_TILE
                col0 = tm * BMM_TILE
                for p in range(BMM_R):
                    for q in range(BMM_R):
                        acc[p, q] = 0
                for k0 in range(0, k, BMM_K):
                    for e in range(tid, _LOADS, nthreads):
                        if a_k_fast:
                            r, kk = e // BMM_K, e % BMM_K
                        else:
                            r, kk = e % BMM_TILE, e // BMM_TILE
                        gr, gk = row0 + r, k0 + kk
                        a_tile[kk, r] = 0
                        if gr < n and gk < k:
                            a_tile[kk, r] = a[bi, gr, gk]
                    for e in range(tid, _LOADS, nthreads):
                        if b_col_fast:
                            kk, c = e // BMM_TILE, e % BMM_TILE
                        else:
                            kk, c = e % BMM_K, e // BMM_K
                        gk, gc = k0 + kk, col0 + c
                        b_tile[kk, c] = 0
                        if gk < k and gc < m:
                            b_tile[kk, c] = b[bi, gk, gc]
                    cuda.syncthreads()
                    for kk in range(BMM_K):
                        # thread (tx, ty) owns rows ty + 16 p and columns tx + 16 q: a warp
                        # reads two broadcast rows of a_tile and 16 adjacent words of b_tile
                        for p in range(BMM_R):
                            a_reg[p] = a_tile[kk, ty + p * BMM_THREADS]
                        for q in range(BMM_R):
                            b_reg[q] = b_tile[kk, tx + q * BMM_THREADS]
                        for p in range(BMM_R):
                            for q in range(BMM_R):
                                acc[p, q] += a_reg[p] * b_reg[q]
                    cuda.syncthreads()
                for p in range(BMM_R):
                    r = row0 + ty + p * BMM_THREADS
                    for q in range(BMM_R):
                        c = col0 + tx + q * BMM_THREADS
                        if r < n and c < m:
                            out[bi, r, c] = acc[p, q]


@cuda.jit(cache=True)
def bmm_small(out, a, b):
    batch, n, k = a.shape
    m = b.shape[2]
    for t in range(cuda.grid(1), batch * n * m, cuda.gridsize(1)):
        bi = t // (n * m)
        r = (t // m) % n
        c = t % m
        acc = out.dtype.type(0)
        for p in range(k):
            acc += a[bi, r, p] * b[bi, p, c]
        out[bi, r, c] = acc


KERNELS = {
    "bmm": bmm,
    "bmm_small": bmm_small,
}
