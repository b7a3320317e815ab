"""Linear-algebra CPU kernels: BLAS-backed float matmul, integer matmul loops, SVD helper.

Float kernels call numba's ``np.dot`` (BLAS through SciPy) and need C- or F-contiguous
operands, which the dispatcher guarantees. Integer matmul has no BLAS: our own loops, in
the i-k-j order so the inner loop runs over contiguous memory.
"""

import numpy as np
from numba import njit, prange


@njit(cache=True)
def mm_blas(out, a, b):
    np.dot(a, b, out)


@njit(cache=True)
def mm_bias_blas(out, a, b, bias):
    # a @ b + bias (one row of out's width, added to every row): linear's addmm
    np.dot(a, b, out)
    for i in range(out.shape[0]):
        for j in range(out.shape[1]):
            out[i, j] += bias[j]


@njit(cache=True)
def mm_grads_t(ga, gbt, g, a, bt):
    # the gradients of a @ b for b = bt.T (a transposed row-major matrix, as linear's
    # weight.t()): ga = g @ bt and b's gradient transposed, gbt = g.T @ a; an empty output is
    # one not wanted
    if ga.size:
        np.dot(g, bt, ga)
    if gbt.size:
        np.dot(g.T, a, gbt)


@njit(cache=True)
def bmm_blas(out, a, b):
    for i in range(a.shape[0]):
        np.dot(a[i], b[i], out[i])


@njit(cache=True, parallel=True)
def bmm_blas_parallel(out, a, b):
    # many small matrices: one BLAS call per batch entry, spread over threads
    for i in prange(a.shape[0]):
        np.dot(a[i], b[i], out[i])


@njit(cache=True, parallel=True)
def bmm_int(out, a, b):
    batch, n, k = a.shape
    m = b.shape[2]
    for t in prange(batch * n):
        bi, i = t // n, t % n
        for j in range(m):
            out[bi, i, j] = 0
        for p in range(k):
            v = a[bi, i, p]
            for j in range(m):
                out[bi, i, j] += v * b[bi, p, j]


@njit(cache=True)
def svd(u, s, vh, a):
    # LAPACK gesdd via numba; the shapes of u and vh choose full or reduced matrices
    full = u.shape[1] == a.shape[0] and vh.shape[0] == a.shape[1] and a.shape[0] != a.shape[1]
    uu, ss, vv = np.linalg.svd(a, full_matrices=full)
    u[:, :] = uu
    s[:] = ss
    vh[:, :] = vv


@njit(cache=True)
def svd_batched(u, s, vh, a):
    for i in range(a.shape[0]):
        svd(u[i], s[i], vh[i], a[i])
