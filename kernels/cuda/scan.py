"""Scans on CUDA, twins of ``kernels/cpu/reduce.py``'s cumsum/cumprod.

``cumsum(out, x)``, ``cumprod(out, x)``: x and out ``[outer, red, inner]``, scanning along
``red``, one thread per ``(o, i)`` (coalesced over ``inner``). ``cumsum_rows(out, x)``,
``cumprod_rows(out, x)``: x and out ``[outer, red]`` (the ``inner == 1`` case): one block per
row, scanning ``blockDim.x`` elements at a time in shared memory (blocks of at most
``MAX_THREADS`` threads). Accumulation is in ``out``'s dtype.
"""

from numba import cuda

from .reduce import MAX_THREADS


@cuda.jit(cache=True)
def cumsum(out, x):
    outer, red, inner = x.shape
    for t in range(cuda.grid(1), outer * inner, cuda.gridsize(1)):
        o, i = t // inner, t % inner
        acc = out.dtype.type(0)
        for r in range(red):
            acc += x[o, r, i]
            out[o, r, i] = acc


@cuda.jit(cache=True)
def cumprod(out, x):
    outer, red, inner = x.shape
    for t in range(cuda.grid(1), outer * inner, cuda.gridsize(1)):
        o, i = t // inner, t % inner
        acc = out.dtype.type(1)
        for r in range(red):
            acc *= x[o, r, i]
            out[o, r, i] = acc


# The _rows scans: a block walks its row in chunks of blockDim.x elements; each chunk is
# scanned in shared memory (Hillis-Steele, log2(blockDim.x) steps) and offset by the running
# total of the chunks before it.


@cuda.jit(cache=True)
def cumsum_rows(out, x):
    sh = cuda.shared.array(MAX_THREADS, out.dtype)
    tid = cuda.threadIdx.x
    nt = cuda.blockDim.x
    red = x.shape[1]
    for o in range(cuda.blockIdx.x, x.shape[0], cuda.gridDim.x):
        carry = out.dtype.type(0)
        for base in range(0, red, nt):
            r = base + tid
            sh[tid] = out.dtype.type(0)
            if r < red:
                sh[tid] = x[o, r]
            cuda.syncthreads()
            step = 1
            while step < nt:
                add = sh[tid - step] if tid >= step else out.dtype.type(0)
                cuda.syncthreads()
                sh[tid] = sh[tid] + add
                cuda.syncthreads()
                step *= 2
            if r < red:
                out[o, r] = carry + sh[tid]
            carry = carry + sh[nt - 1]
            cuda.syncthreads()


@cuda.jit(cache=True)
def cumprod_rows(out, x):
    sh = cuda.shared.array(MAX_THREADS, out.dtype)
    tid = cuda.threadIdx.x
    nt = cuda.blockDim.x
    red = x.shape[1]
    for o in range(cuda.blockIdx.x, x.shape[0], cuda.gridDim.x):
        carry = out.dtype.type(1)
        for base in range(0, red, nt):
            r = base + tid
            sh[tid] = out.dtype.type(1)
            if r < red:
                sh[tid] = x[o, r]
            cuda.syncthreads()
            step = 1
            while step < nt:
                mul = sh[tid - step] if tid >= step else out.dtype.type(1)
                cuda.syncthreads()
                sh[tid] = sh[tid] * mul
                cuda.syncthreads()
                step *= 2
            if r < red:
                out[o, r] = carry * sh[tid]
            carry = carry * sh[nt - 1]
            cuda.syncthreads()


KERNELS = {
    "cumsum": cumsum,
    "cumprod": cumprod,
    "cumsum_rows": cumsum_rows,
    "cumprod_rows": cumprod_rows,
}
