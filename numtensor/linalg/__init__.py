"""``numtensor.linalg``: factorisations on LAPACK with their gradients (ops/factorizations.py),
the SVD, norms, and the compositions PyTorch's linalg offers."""

from __future__ import annotations

import math

from .. import return_types as _return_types
from ..ops.factorizations import (
    LinAlgError,
    cholesky,
    cholesky_ex,
    det,
    eig,
    eigh,
    eigvals,
    eigvalsh,
    inv,
    inv_ex,
    lu,
    lu_factor,
    lu_solve,
    qr,
    slogdet,
    solve,
    solve_triangular,
)
from ..ops.linalg import linalg_svd as svd
from ..ops.linalg import matmul, svdvals
from ..ops.products import cross as _cross
from ..ops.reductions_api import norm as _norm
from .householder import householder_product

__all__ = [
    "LinAlgError",
    "cholesky",
    "cholesky_ex",
    "cond",
    "cross",
    "det",
    "diagonal",
    "eig",
    "eigh",
    "eigvals",
    "eigvalsh",
    "householder_product",
    "inv",
    "inv_ex",
    "lstsq",
    "lu",
    "lu_factor",
    "lu_factor_ex",
    "lu_solve",
    "matmul",
    "matrix_exp",
    "matrix_norm",
    "matrix_power",
    "matrix_rank",
    "multi_dot",
    "norm",
    "pinv",
    "qr",
    "slogdet",
    "solve",
    "solve_ex",
    "solve_triangular",
    "svd",
    "svdvals",
    "tensorinv",
    "tensorsolve",
    "vander",
    "vecdot",
    "vector_norm",
]  # fmt: skip


def vector_norm(x, ord=2, dim=None, keepdim=False, *, dtype=None):
    """The vector norm of ``x`` flattened (or over ``dim``)."""
    return _norm(x, ord, dim, keepdim, dtype)


def matrix_norm(A, ord="fro", dim=(-2, -1), keepdim=False, *, dtype=None):
    """Frobenius, nuclear, spectral (2, -2) or induced (1, -1, inf, -inf) norms."""
    if A.ndim < 2:
        raise RuntimeError(
            "linalg.matrix_norm: The input tensor A must have at least 2 dimensions."
        )
    x = A if dtype is None else A.to(dtype)
    r, c = (d % A.ndim for d in dim)
    if ord == "fro":
        return x.abs().pow(2).sum((r, c), keepdim=keepdim).sqrt()
    if ord in ("nuc", 2, -2):
        moved = x.movedim((r, c), (-2, -1))
        s = svdvals(moved)
        out = s.sum(-1) if ord == "nuc" else (s.amax(-1) if ord == 2 else s.amin(-1))
        if keepdim:
            out = out.unsqueeze(min(r, c)).unsqueeze(max(r, c))
        return out
    if ord in (1, -1, math.inf, -math.inf):
        inner, outer = (r, c) if ord in (1, -1) else (c, r)
        sums = x.abs().sum(inner, keepdim=True)
        out = sums.amax(outer, keepdim=True) if ord > 0 else sums.amin(outer, keepdim=True)
        return out if keepdim else out.squeeze((r, c) if r < c else (c, r))
    raise RuntimeError(f"linalg.matrix_norm: Order {ord} not supported.")


def norm(A, ord=None, dim=None, keepdim=False, *, dtype=None):
    """The vector 2-norm of everything by default; a matrix norm for string orders or two dims."""
    if (
        isinstance(ord, str)
        or (ord is not None and dim is not None and not isinstance(dim, int) and len(dim) == 2)
        or (ord is not None and dim is None and A.ndim == 2)
    ):
        return matrix_norm(
            A,
            ord if ord is not None else "fro",
            dim if dim is not None else (-2, -1),
            keepdim,
            dtype=dtype,
        )
    return _norm(A, 2 if ord is None else ord, dim, keepdim, dtype)


def solve_ex(A, B, *, left: bool = True, check_errors: bool = False):
    result = solve(A, B, left=left)
    info = result.new_zeros(tuple(A.shape[:-2])).int()
    return _return_types._make("linalg_solve_ex", "result", "info")(result, info)


def lu_factor_ex(A, *, pivot: bool = True, check_errors: bool = False):
    LU, pivots = lu_factor(A, pivot=pivot)
    info = LU.new_zeros(tuple(A.shape[:-2])).int()
    return _return_types._make("linalg_lu_factor_ex", "LU", "pivots", "info")(LU, pivots, info)


def pinv(A, *, atol=None, rtol=None, hermitian: bool = False):
    """The pseudo-inverse through the SVD: singular values below max(atol, rtol * s_max) drop."""
    u, s, vh = svd(A, full_matrices=False)
    if rtol is None:
        rtol = max(A.shape[-2:]) * _eps(A) if atol is None or atol == 0 else 0.0
    cutoff = s.amax(-1, keepdim=True) * rtol if s.shape[-1] else s.sum(-1, keepdim=True)
    if atol is not None:
        cutoff = cutoff.clamp(min=atol)
    keep = s > cutoff
    s_inv = (1 / s.masked_fill(~keep, 1.0)).masked_fill(~keep, 0.0)
    return (vh.mT * s_inv.unsqueeze(-2)) @ u.mT


def _eps(A) -> float:
    import numtensor as _nt

    return _nt.finfo(A.dtype).eps


def matrix_rank(A, *, atol=None, rtol=None, hermitian: bool = False):
    s = svdvals(A)
    if rtol is None:
        rtol = max(A.shape[-2:]) * _eps(A) if atol is None or atol == 0 else 0.0
    cutoff = s.amax(-1, keepdim=True) * rtol if s.shape[-1] else s.sum(-1, keepdim=True)
    if atol is not None:
        cutoff = cutoff.clamp(min=atol)
    return (s > cutoff).sum(-1)


def cond(A, p=None):
    """The condition number: ||A|| * ||A^-1|| in the ``p`` norm (2: s_max / s_min)."""
    if p is None or p in (2, -2):
        s = svdvals(A)
        ratio = s.amax(-1) / s.amin(-1)
        return ratio if p != -2 else 1 / ratio
    return matrix_norm(A, p) * matrix_norm(inv(A), p)


def matrix_power(A, n: int):
    """A multiplied by itself ``n`` times (the inverse's powers for negative n)."""
    import numtensor as _nt

    if A.ndim < 2 or A.shape[-1] != A.shape[-2]:
        raise RuntimeError("linalg.matrix_power: A must be batches of square matrices")
    if n == 0:
        return _nt.eye(A.shape[-1], dtype=A.dtype, device=A.device).expand(A.shape).clone()
    base = A if n > 0 else inv(A)
    result, power, k = None, base, abs(n)
    while k:
        if k & 1:
            result = power if result is None else result @ power
        k >>= 1
        if k:
            power = power @ power
    return result


def matrix_exp(A):
    """exp(A) by scaling and squaring with a degree-18 Taylor sum (float64 accuracy)."""
    import numtensor as _nt

    if A.ndim < 2 or A.shape[-1] != A.shape[-2]:
        raise RuntimeError("linalg.matrix_exp: A must be batches of square matrices")
    norm1 = float(A.detach().abs().sum(-2).amax().item()) if A.numel() else 0.0
    squarings = max(0, math.ceil(math.log2(norm1)) + 1) if norm1 > 0.5 else 0
    x = A / (2**squarings)
    eye = _nt.eye(A.shape[-1], dtype=A.dtype, device=A.device).expand(A.shape)
    term, total = eye, eye
    for k in range(1, 19):
        term = term @ x / k
        total = total + term
    for _ in range(squarings):
        total = total @ total
    return total


def multi_dot(tensors):
    """The product of the matrices (first may be a vector, last may be a vector)."""
    if len(tensors) < 2:
        raise RuntimeError(f"multi_dot(): expected at least 2 tensors but got {len(tensors)}")
    mats = list(tensors)
    first_vec, last_vec = mats[0].ndim == 1, mats[-1].ndim == 1
    if first_vec:
        mats[0] = mats[0].unsqueeze(0)
    if last_vec:
        mats[-1] = mats[-1].unsqueeze(-1)
    out = mats[0]
    for m in mats[1:]:
        out = out @ m
    if first_vec:
        out = out.squeeze(0)
    if last_vec:
        out = out.squeeze(-1)
    return out


def vecdot(x, y, *, dim: int = -1):
    return (x * y).sum(dim)


def cross(input, other, *, dim: int = -1):
    return _cross(input, other, dim)


def diagonal(A, *, offset: int = 0, dim1: int = -2, dim2: int = -1):
    return A.diagonal(offset, dim1, dim2)


def vander(x, *, N=None):
    import numtensor as _nt

    n = x.shape[-1] if N is None else N
    return x.unsqueeze(-1) ** _nt.arange(n, device=x.device).to(
        x.dtype if x.dtype.is_floating_point else _nt.int64
    )


def tensorinv(A, ind: int = 2):
    """The inverse of A seen as a matrix of its first ``ind`` dims by the rest."""
    rows = math.prod(A.shape[:ind])
    cols = math.prod(A.shape[ind:])
    if rows != cols:
        raise RuntimeError(
            "Expected self to satisfy the requirement "
            "prod(self.shape[ind:]) == prod(self.shape[:ind])"
        )
    return inv(A.reshape(rows, cols)).reshape(*A.shape[ind:], *A.shape[:ind])


def tensorsolve(A, B, dims=None):
    """X with tensordot(A, X, X.ndim) = B."""
    if dims is not None:
        moved = [d % A.ndim for d in dims]
        A = A.permute(*[d for d in range(A.ndim) if d not in moved], *moved)
    rest = A.shape[B.ndim :]
    n = math.prod(rest)
    X = solve(A.reshape(-1, n), B.reshape(-1))
    return X.reshape(rest)


def lstsq(A, B, rcond=None, *, driver=None):
    """The least-squares solution of A X = B (through the pseudo-inverse)."""
    vector = B.ndim == A.ndim - 1
    b = B.unsqueeze(-1) if vector else B
    solution = pinv(A) @ b
    solution = solution.squeeze(-1) if vector else solution
    empty = A.new_zeros(0)
    rank = matrix_rank(A)
    return _return_types._make("linalg_lstsq", "solution", "residuals", "rank", "singular_values")(
        solution, empty, rank, empty
    )
