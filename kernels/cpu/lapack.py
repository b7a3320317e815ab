"""LAPACK-backed CPU kernels over batches of square matrices (numba's np.linalg, which
calls SciPy's LAPACK): inverse, determinant (sign and log), solve, Cholesky, QR,
symmetric eigendecomposition, and an LU factorisation with partial pivoting.

Each takes a[batch, n, n] (C-contiguous) and writes its outputs; a singular or non-positive
definite matrix leaves ``info[i]`` non-zero (and its outputs undefined) instead of raising
inside compiled code.
"""

import numpy as np
from numba import njit


@njit(cache=True)
def inv_batched(out, info, a):
    for i in range(a.shape[0]):
        if abs(np.linalg.det(a[i])) == 0.0:
            info[i] = 1
            continue
        out[i] = np.linalg.inv(a[i])


@njit(cache=True)
def slogdet_batched(sign, logabs, a):
    for i in range(a.shape[0]):
        s, la = np.linalg.slogdet(a[i])
        sign[i] = s
        logabs[i] = la


@njit(cache=True)
def solve_batched(out, info, a, b):
    for i in range(a.shape[0]):
        if abs(np.linalg.det(a[i])) == 0.0:
            info[i] = 1
            continue
        out[i] = np.linalg.solve(a[i], b[i])


@njit(cache=True)
def cholesky_batched(out, info, a):
    n = a.shape[1]
    for i in range(a.shape[0]):
        m = a[i]
        for r in range(n):  # (positive definite: a positive leading minor at each step)
            s = m[r, r]
            for k in range(r):
                s -= out[i, r, k] * out[i, r, k]
            if not s > 0.0:
                # LAPACK's potf2 leaves the failed pivot and the untouched lower triangle as
                # they were: PyTorch's cholesky_ex returns that partial factor
                info[i] = r + 1
                out[i, r, r] = s
                for c in range(r + 1, n):
                    for k in range(r, c + 1):
                        out[i, c, k] = m[c, k]
                break
            out[i, r, r] = np.sqrt(s)
            for c in range(r + 1, n):
                t = m[c, r]
                for k in range(r):
                    t -= out[i, c, k] * out[i, r, k]
                out[i, c, r] = t / out[i, r, r]
            for c in range(r):
                out[i, c, r] = 0.0


@njit(cache=True)
def qr_batched(q, r, a):
    for i in range(a.shape[0]):
        qi, ri = np.linalg.qr(a[i])
        q[i] = qi
        r[i] = ri


@njit(cache=True)
def eigh_batched(w, v, a):
    for i in range(a.shape[0]):
        wi, vi = np.linalg.eigh(a[i])
        w[i] = wi
        v[i] = vi


@njit(cache=True)
def lu_batched(lu, pivots, info, a):
    """Doolittle LU with partial pivoting (LAPACK's getrf): lu holds L below the diagonal
    (unit diagonal implied) and U on and above; pivots are 1-based row swaps."""
    n = a.shape[1]
    for i in range(a.shape[0]):
        lu[i] = a[i]
        m = lu[i]
        for k in range(n):
            p = k
            for r in range(k + 1, n):
                if abs(m[r, k]) > abs(m[p, k]):
                    p = r
            pivots[i, k] = p + 1
            if p != k:
                for c in range(n):
                    t = m[k, c]
                    m[k, c] = m[p, c]
                    m[p, c] = t
            if m[k, k] == 0.0:
                if info[i] == 0:
                    info[i] = k + 1
                continue
            for r in range(k + 1, n):
                m[r, k] /= m[k, k]
                f = m[r, k]
                for c in range(k + 1, n):
                    m[r, c] -= f * m[k, c]
