"""Matrix products and the SVD helper on the CPU (BLAS and LAPACK through numba)."""

from __future__ import annotations

import numpy as np

from .kernels import module, parallel_kernel
from .pointwise import elementwise

BMM_PARALLEL_MIN = 8  # batch entries; fewer run one BLAS call after another


def _blas_ready(a: np.ndarray) -> np.ndarray:
    """C- or F-contiguous (a transposed matrix is F-contiguous and needs no copy)."""
    flags = a.flags
    if flags.c_contiguous or flags.f_contiguous:
        return a
    return np.ascontiguousarray(a)


def _batch_ready(a: np.ndarray) -> np.ndarray:
    # numba types a batch that is not C-contiguous as layout 'A', and np.dot inside njit
    # takes contiguous matrices only: such batches (transposed, broadcast) are copied
    return a if a.flags.c_contiguous else np.ascontiguousarray(a)


def bmm(a: np.ndarray, b: np.ndarray, out_dtype) -> np.ndarray:
    """Batched matmul of a[batch, n, k] and b[batch, k, m] into a new [batch, n, m] array
    (the batch dim of either may be a zero-stride broadcast)."""
    linalg = module("linalg")
    batch, n, _ = a.shape
    m = b.shape[2]
    out = np.empty((batch, n, m), out_dtype)
    if out.size == 0:
        return out
    if a.shape[2] == 0:
        out[...] = 0
        return out
    if np.dtype(out_dtype).kind == "f":
        if batch == 1:
            linalg.mm_blas(out[0], _blas_ready(a[0]), _blas_ready(b[0]))
            return out
        kernel = (
            parallel_kernel(linalg.bmm_blas_parallel)
            if batch >= BMM_PARALLEL_MIN
            else linalg.bmm_blas
        )
        kernel(out, _batch_ready(a), _batch_ready(b))
        return out
    linalg.bmm_int(out, a, b)
    return out


def mm(a: np.ndarray, b: np.ndarray, out_dtype, bias=None) -> np.ndarray:
    """A new [n, m] array ``a[n, k] @ b[k, m]``, plus ``bias`` (a 1-D [m] row added to every
    row of the product, of ``out_dtype``) when given."""
    n, k = a.shape
    m = b.shape[1]
    if a.dtype.kind != "f" or not (n and k and m):
        out = bmm(a[None], b[None], out_dtype)[0]
        if bias is not None:
            elementwise("add", out, [out, bias])
        return out
    out = np.empty((n, m), out_dtype)
    a, b = _blas_ready(a), _blas_ready(b)
    if bias is None:
        module("linalg").mm_blas(out, a, b)
    else:
        module("linalg").mm_bias_blas(out, a, b, bias)
    return out


def fast_mm_grads(g: np.ndarray, a: np.ndarray, b: np.ndarray, need_a: bool, need_b: bool):
    """(dL/da, dL/db) of ``a @ b`` (None where not needed) in one kernel, for float
    C-contiguous ``g`` and ``a`` and a column-major ``b`` (linear's ``weight.t()``), b's
    gradient column-major like b; None when the operands are laid out otherwise."""
    n, k = a.shape
    m = b.shape[1]
    flags = b.flags
    if not (
        n
        and k
        and m
        and g.dtype.kind == "f"
        and g.flags.c_contiguous
        and a.flags.c_contiguous
        and flags.f_contiguous
        and not flags.c_contiguous
    ):
        return None
    dt = g.dtype
    ga = np.empty((n, k) if need_a else (0, 0), dt)
    gbt = np.empty((m, k) if need_b else (0, 0), dt)
    module("linalg").mm_grads_t(ga, gbt, g, a, b.T)
    return (ga if need_a else None), (gbt.T if need_b else None)


def svd(a: np.ndarray, full_matrices: bool):
    """(U, S, Vh) of a[batch, m, n] in a's float dtype."""
    linalg = module("linalg")
    batch, m, n = a.shape
    k = min(m, n)
    u = np.empty((batch, m, m if full_matrices else k), a.dtype)
    s = np.empty((batch, k), a.dtype)
    vh = np.empty((batch, n if full_matrices else k, n), a.dtype)
    if a.size:
        linalg.svd_batched(u, s, vh, np.ascontiguousarray(a))
    elif full_matrices:
        u[...] = np.eye(m, dtype=a.dtype)
        vh[...] = np.eye(n, dtype=a.dtype)
    return u, s, vh


def lapack(kind: str, a: np.ndarray, b: np.ndarray | None = None) -> tuple:
    """LAPACK on a[batch, n, n] (``qr``: [batch, m, n]; ``solve``: b[batch, n, k]), in a's
    float dtype: 'inv' -> (inverse, info), 'slogdet' -> (sign, log|det|), 'solve' -> (x, info),
    'cholesky' -> (lower factor, info), 'qr' -> (Q, R) reduced, 'qr_complete' -> (Q, R)
    complete (Q square [batch, m, m], R [batch, m, n]), 'eigh' -> (eigenvalues
    ascending, eigenvectors) of the lower triangle, 'eig' -> (complex eigenvalues, complex
    eigenvectors, info) of a general matrix (LAPACK's geev, through NumPy; info: non-finite
    input), 'lu' -> (LU, 1-based pivots, info).
    ``info[i]`` is non-zero where matrix i is singular (or not positive definite)."""
    lib = module("lapack")
    a = np.ascontiguousarray(a)
    batch, m, n = a.shape
    info = np.zeros(batch, np.int64)
    if kind == "inv":
        out = np.zeros_like(a)
        if a.size:
            lib.inv_batched(out, info, a)
        return out, info
    if kind == "slogdet":
        sign, logabs = np.ones(batch, a.dtype), np.zeros(batch, a.dtype)
        if a.size:
            lib.slogdet_batched(sign, logabs, a)
        return sign, logabs
    if kind == "solve":
        b = np.ascontiguousarray(b)
        out = np.zeros(b.shape, a.dtype)
        if a.size and b.size:
            lib.solve_batched(out, info, a, b)
        return out, info
    if kind == "cholesky":
        out = np.zeros_like(a)
        if a.size:
            lib.cholesky_batched(out, info, a)
        return out, info
    if kind == "qr":
        k = min(m, n)
        q, r = np.zeros((batch, m, k), a.dtype), np.zeros((batch, k, n), a.dtype)
        if a.size:
            lib.qr_batched(q, r, a)
        return q, r
    if kind == "qr_complete":  # (LAPACK's geqrf + orgqr through NumPy, as PyTorch's)
        q = np.zeros((batch, m, m), a.dtype)
        q[...] = np.eye(m, dtype=a.dtype)
        r = np.zeros((batch, m, n), a.dtype)
        if a.size:
            q[...], r[...] = np.linalg.qr(a, mode="complete")
        return q, r
    if kind == "eigh":
        lower = np.tril(a) + np.swapaxes(np.tril(a, -1), -1, -2)  # (LAPACK reads one triangle)
        w, v = np.zeros((batch, n), a.dtype), np.zeros_like(a)
        if a.size:
            lib.eigh_batched(w, v, np.ascontiguousarray(lower))
        return w, v
    if kind == "eig":
        cx = np.complex64 if a.dtype == np.float32 else np.complex128
        w, v = np.zeros((batch, n), cx), np.zeros((batch, n, n), cx)
        info[:] = ~np.isfinite(a).reshape(batch, -1).all(axis=1)
        if a.size and not info.any():
            found = np.linalg.eig(a)
            w[...], v[...] = found.eigenvalues, found.eigenvectors
        return w, v, info
    if kind == "lu":
        lu, pivots = np.zeros_like(a), np.zeros((batch, min(m, n)), np.int32)
        if a.size:
            lib.lu_batched(lu, pivots, info, a)
        return lu, pivots, info
    raise ValueError(f"unknown LAPACK routine {kind!r}")
