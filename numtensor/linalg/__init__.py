"""``numtensor.linalg``: svd, svdvals, norms, matmul."""

from ..ops.linalg import linalg_svd as svd
from ..ops.linalg import matmul, svdvals
from ..ops.reductions_api import norm as _norm

__all__ = ["matmul", "norm", "svd", "svdvals", "vector_norm"]


def vector_norm(x, ord=2, dim=None, keepdim=False, *, dtype=None):
    """The vector norm of ``x`` flattened (or over ``dim``)."""
    return _norm(x, ord, dim, keepdim, dtype)


def norm(A, ord=None, dim=None, keepdim=False, *, dtype=None):
    """Vector 2-norm of everything by default, like torch.linalg.norm with ord=None."""
    return _norm(A, 2 if ord is None else ord, dim, keepdim, dtype)
