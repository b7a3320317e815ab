"""``numtensor.linalg``: factorisations on LAPACK with their gradients (ops/inverse_solve.py,
cholesky.py, qr.py, eigen.py, lu.py), the SVD, norms, and the compositions PyTorch's linalg
offers."""

from __future__ import annotations

import math

from .. import return_types as _return_types
from ..autograd.function import name_node
from ..ops.cholesky import cholesky, cholesky_ex
from ..ops.eigen import eig, eigh, eigvals, eigvalsh
from ..ops.inverse_solve import det, inv, inv_ex, slogdet, solve, solve_triangular
from ..ops.linalg import matmul
from ..ops.linalg_checks import LinAlgError
from ..ops.lu import lu, lu_factor, lu_factor_info, lu_solve
from ..ops.norms import _matrix_norm, matrix_norm, vector_norm
from ..ops.out_variants import CAST, Out, with_out_form
from ..ops.products import cross as _cross
from ..ops.qr import qr
from ..ops.svd import linalg_svd as svd
from ..ops.svd import svdvals
from .householder import householder_product
from .least_squares import lstsq

_solve_ex_type = _return_types._make("linalg_solve_ex", "result", "info")
_lu_factor_ex_type = _return_types._make("linalg_lu_factor_ex", "LU", "pivots", "info")

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


def norm(A, ord=None, dim=None, keepdim=False, *, dtype=None, out=None):
    r"""Computes a vector or matrix norm of ``A``.

    With ``ord=None`` it is the 2-norm of all elements flattened (or over ``dim``). A
    string ``ord``, a two-int ``dim``, or an ``ord`` given for a 2-D ``A`` without ``dim``
    make it :func:`matrix_norm`; otherwise it is :func:`vector_norm`. ``dim``, when
    given, holds one or two dims; an ``ord`` without ``dim`` needs a 1-D or 2-D ``A``.

    Args:
        A (Tensor): the input tensor.
        ord (int, float, inf, -inf, "fro" or "nuc", optional): the order of the norm.
        dim (int or tuple of ints, optional): the dimension(s) to reduce.
        keepdim (bool): whether the output keeps the reduced dims with size 1.

    Keyword args:
        dtype (:class:`numtensor.dtype`, optional): the dtype to cast ``A`` to first.
        out (Tensor, optional): the output tensor, of the result's dtype.

    Example::

        >>> torch.linalg.norm(torch.tensor([3., 4.]))
        tensor(5.)
        >>> torch.linalg.norm(torch.tensor([[1., -2.], [3., 4.]]), ord=float("inf"))
        tensor(7.)
    """
    dims = None if dim is None else ([dim] if isinstance(dim, int) else list(dim))
    if dims is not None and len(dims) not in (1, 2):
        raise RuntimeError(
            f"linalg.norm: If dim is specified, it must be of length 1 or 2. Got {dims}"
        )
    if dims is None and ord is not None and A.ndim not in (1, 2):
        raise RuntimeError(
            "linalg.norm: If dim is not specified but ord is, the input must be 1D or 2D. "
            f"Got {A.ndim}D."
        )
    if isinstance(ord, str) or (
        ord is not None and (len(dims) == 2 if dims is not None else A.ndim == 2)
    ):
        return _matrix_norm(A, ord, [0, 1] if dims is None else dims, keepdim, dtype, out)
    return vector_norm(A, 2 if ord is None else ord, dims, keepdim, dtype=dtype, out=out)


@with_out_form("linalg_solve_ex", Out(_solve_ex_type, grad="_linalg_solve_ex"))
def solve_ex(A, B, *, left: bool = True, check_errors: bool = False):
    r"""Solves :math:`AX = B` as :func:`solve` does, returning ``(result, info)``.

    ``info`` is an int32 tensor per matrix: 0 on success, else the 1-based index of the
    first zero pivot of ``A``'s LU factorisation (a singular matrix);
    ``check_errors=True`` raises :class:`LinAlgError` for it instead.

    Differs from PyTorch: a singular matrix's ``result`` is NaN (PyTorch's holds whatever
    its division by the zero pivot gave, infinities or NaN).

    Keyword args:
        out (tuple of Tensors, optional): the output tensors ``(result, info)``.

    Example::

        >>> torch.linalg.solve_ex(torch.tensor([[2., 0.], [0., 4.]]), torch.tensor([2., 2.]))
        numtensor.return_types.linalg_solve_ex(
        result=tensor([1.0000, 0.5000]),
        info=tensor(0, dtype=numtensor.int32))
        >>> torch.linalg.solve_ex(torch.tensor([[1., 2.], [2., 4.]]), torch.tensor([1., 1.])).info
        tensor(2, dtype=numtensor.int32)
    """
    make = _solve_ex_type
    square = A if left else A.mT
    _LU, _pivots, info = lu_factor_info(square, True, "linalg.solve_ex")
    if not bool((info != 0).any()):
        return make(solve(A, B, left=left), info)
    if check_errors:
        raise LinAlgError(
            "torch.linalg.solve_ex: The solver failed because the input matrix is singular."
        )
    # the solvable matrices solved, the singular ones' results NaN
    eye = _eye_like(square)
    bad = (info != 0).reshape(*info.shape, 1, 1)
    safe = A.masked_fill(bad, 0.0) + eye.masked_fill(~bad, 0.0)
    result = solve(safe, B, left=left)
    vector = left and B.ndim == A.ndim - 1
    mask = bad.squeeze(-1) if vector else bad
    return make(result.masked_fill(mask, float("nan")), info)


def _eye_like(A):
    n = A.shape[-1]
    return A.new_zeros((n, n)).fill_diagonal_(1.0).expand(*A.shape[:-2], n, n)


@with_out_form("linalg_lu_factor_ex", Out(_lu_factor_ex_type))
def lu_factor_ex(A, *, pivot: bool = True, check_errors: bool = False):
    r"""Computes the compact LU decomposition as :func:`lu_factor` does, returning
    ``(LU, pivots, info)``; ``info`` is an int32 tensor per matrix (0: success).

    ``info`` is the 1-based index of the first zero pivot of ``U`` (LAPACK's getrf code);
    ``check_errors=True`` raises for it instead.

    Keyword args:
        out (tuple of Tensors, optional): the output tensors ``(LU, pivots, info)``.

    Example::

        >>> torch.linalg.lu_factor_ex(torch.tensor([[4., 7.], [2., 6.]])).info
        tensor(0, dtype=numtensor.int32)
    """
    LU, pivots, info = lu_factor_info(A, pivot, "linalg.lu_factor_ex")
    if check_errors and bool((info != 0).any()):
        first = int(info.reshape(-1)[(info.reshape(-1) != 0).nonzero().reshape(-1)[0]].item())
        raise LinAlgError(
            f"torch.linalg.lu_factor_ex: U[{first},{first}] is zero and using it on "
            "lu_solve would result in a division by zero. If you still want to perform the "
            "factorization, consider calling linalg.lu(A, pivot) or linalg.lu_factor_ex(A, "
            "pivot)"
        )
    return _lu_factor_ex_type(LU, pivots, info)


@with_out_form("linalg_pinv", Out(dtype=CAST))
def pinv(A, *, atol=None, rtol=None, hermitian: bool = False):
    r"""Computes the Moore-Penrose pseudo-inverse of a matrix (or batch), through the SVD.

    Singular values at or below :math:`\max(\text{atol}, \text{rtol} \cdot \sigma_1)`
    are treated as zero. When neither is given, ``rtol`` is the dtype's epsilon times
    ``max(m, n)``.

    Args:
        A (Tensor): the matrix or batch ``(*, m, n)``.

    Keyword args:
        atol (float, optional): the absolute tolerance.
        rtol (float, optional): the tolerance relative to the largest singular value.
        hermitian (bool): a hint that ``A`` is Hermitian (not used).
        out (Tensor, optional): the output tensor.

    Example::

        >>> torch.linalg.pinv(torch.tensor([[1., 2.], [2., 4.]]))
        tensor([[0.0400, 0.0800],
                [0.0800, 0.1600]])
    """
    u, s, vh = svd(A, full_matrices=False)
    if rtol is None:
        rtol = max(A.shape[-2:]) * _eps(A) if atol is None or atol == 0 else 0.0
    cutoff = s.amax(-1, keepdim=True) * rtol if s.shape[-1] else s.sum(-1, keepdim=True)
    if atol is not None:
        cutoff = cutoff.clamp(min=atol)
    keep = s > cutoff
    s_inv = (1 / s.masked_fill(~keep, 1.0)).masked_fill(~keep, 0.0)
    return name_node((vh.mT * s_inv.unsqueeze(-2)) @ u.mT, "LinalgPinvBackward0")


def _eps(A) -> float:
    import numtensor as _nt

    return _nt.finfo(A.dtype).eps


@with_out_form("linalg_matrix_rank", Out(dtype=CAST, grad=False))
def matrix_rank(A, *, atol=None, rtol=None, hermitian: bool = False):
    r"""Computes the numerical rank of a matrix (or batch): the number of singular values
    above the tolerance :math:`\max(\text{atol}, \text{rtol} \cdot \sigma_1)` (as
    :func:`pinv` chooses it). The result is int64.

    Args:
        A (Tensor): the matrix or batch ``(*, m, n)``.

    Keyword args:
        atol (float, optional): the absolute tolerance.
        rtol (float, optional): the tolerance relative to the largest singular value.
        hermitian (bool): a hint that ``A`` is Hermitian (not used).
        out (Tensor, optional): the output tensor.

    Example::

        >>> torch.linalg.matrix_rank(torch.tensor([[1., 2.], [2., 4.]]))
        tensor(1)
    """
    s = svdvals(A)
    if rtol is None:
        rtol = max(A.shape[-2:]) * _eps(A) if atol is None or atol == 0 else 0.0
    cutoff = s.amax(-1, keepdim=True) * rtol if s.shape[-1] else s.sum(-1, keepdim=True)
    if atol is not None:
        cutoff = cutoff.clamp(min=atol)
    return (s > cutoff).sum(-1)


@with_out_form("linalg_cond", Out(dtype=CAST, grad=False))
def cond(A, p=None):
    r"""Computes the condition number :math:`\|A\|_p \|A^{-1}\|_p` of a matrix (or batch).

    For ``p`` None or 2 it is the ratio of the largest to the smallest singular value (-2:
    its inverse); other ``p`` are those of :func:`matrix_norm` (square invertible ``A``).

    Args:
        A (Tensor): the matrix or batch.
        p (int, inf, -inf, "fro" or "nuc", optional): the norm. Default: 2.

    Keyword args:
        out (Tensor, optional): the output tensor.

    Example::

        >>> torch.linalg.cond(torch.tensor([[1., 0.], [0., 4.]]))
        tensor(4.)
    """
    if p is None or p in (2, -2):
        s = svdvals(A)
        ratio = s.amax(-1) / s.amin(-1)
        return ratio if p != -2 else 1 / ratio
    return matrix_norm(A, p) * matrix_norm(inv(A), p)


@with_out_form("linalg_matrix_power", Out(grad="matmul"))
def matrix_power(A, n: int):
    r"""Computes the ``n``-th power of a square matrix (or batch) for an integer ``n``.

    ``n = 0`` gives the identity; a negative ``n`` the power of the inverse (by repeated
    squaring).

    Args:
        A (Tensor): the square matrix or batch ``(*, m, m)``.
        n (int): the exponent.

    Keyword args:
        out (Tensor, optional): the output tensor.

    Example::

        >>> torch.linalg.matrix_power(torch.tensor([[1., 1.], [0., 1.]]), 3)
        tensor([[1., 3.],
                [0., 1.]])
    """
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
    r"""Computes the matrix exponential :math:`e^A = \sum_{k=0}^{\infty} A^k / k!` of a
    square matrix (or batch).

    Args:
        A (Tensor): the square matrix or batch ``(*, n, n)``.

    Example::

        >>> torch.linalg.matrix_exp(torch.tensor([[0., 1.], [0., 0.]]))
        tensor([[1., 1.],
                [0., 1.]])
    """
    # (scaling and squaring with a degree-18 Taylor sum: float64 accuracy)
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
    return name_node(total, "LinalgMatrixExpBackward0")


@with_out_form("linalg_multi_dot", Out(grad="mm"))
def multi_dot(tensors):
    r"""Multiplies two or more matrices in one call: ``tensors[0] @ tensors[1] @ ...``.

    The first may be a 1-D row vector and the last a 1-D column vector (their dims are
    dropped from the result); the others are 2-D.

    Args:
        tensors (sequence of Tensors): the factors, at least two.

    Keyword args:
        out (Tensor, optional): the output tensor.

    Example::

        >>> torch.linalg.multi_dot([torch.tensor([1., 2.]), torch.ones(2, 3), torch.ones(3)])
        tensor(9.)
        >>> torch.linalg.multi_dot([torch.ones(2, 3), torch.ones(3, 4), torch.ones(4, 1)]).shape
        numtensor.Size([2, 1])
    """
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


@with_out_form("linalg_vecdot", Out(grad="sum"))
def vecdot(x, y, *, dim: int = -1):
    r"""Computes the dot product of the vectors of ``x`` and ``y`` along ``dim`` (broadcast).

    .. math:: \sum_i \overline{x_i}\, y_i

    Args:
        x (Tensor): the first vectors.
        y (Tensor): the second vectors.

    Keyword args:
        dim (int): the dimension holding the vectors. Default: -1.
        out (Tensor, optional): the output tensor.

    Example::

        >>> torch.linalg.vecdot(torch.tensor([[1., 2.], [3., 4.]]), torch.tensor([1., -1.]))
        tensor([-1., -1.])
    """
    return (x.conj() * y).sum(dim)


@with_out_form("linalg_cross", Out())
def cross(input, other, *, dim: int = -1):
    r"""Computes the cross product of the 3-vectors of ``input`` and ``other`` along ``dim``
    (broadcast; the dim must have size 3).

    Args:
        input (Tensor): the first vectors.
        other (Tensor): the second vectors.

    Keyword args:
        dim (int): the dimension holding the vectors. Default: -1.
        out (Tensor, optional): the output tensor.

    Example::

        >>> torch.linalg.cross(torch.tensor([1., 0., 0.]), torch.tensor([0., 1., 0.]))
        tensor([0., 0., 1.])
    """
    return _cross(input, other, dim)


def diagonal(A, *, offset: int = 0, dim1: int = -2, dim2: int = -1):
    r"""Returns a diagonal of each matrix of ``A`` (a view): :func:`numtensor.diagonal` with
    the last two dims as defaults.

    Args:
        A (Tensor): the input, at least 2-D.

    Keyword args:
        offset (int): which diagonal (0 main, > 0 above, < 0 below). Default: 0.
        dim1 (int): the first dim of the matrices. Default: -2.
        dim2 (int): the second dim of the matrices. Default: -1.

    Example::

        >>> torch.linalg.diagonal(torch.arange(9.).reshape(3, 3), offset=1)
        tensor([1., 5.])
    """
    return A.diagonal(offset, dim1, dim2)


def vander(x, *, N=None):
    r"""Generates the Vandermonde matrix of ``x``: column ``j`` holds ``x ** j``.

    Powers increase from left to right (unlike ``numpy.vander``). Batched over the leading
    dims of ``x``.

    Args:
        x (Tensor): the points ``(*, n)``.

    Keyword args:
        N (int, optional): the number of columns. Default: ``n``.

    Example::

        >>> torch.linalg.vander(torch.tensor([1, 2, 3]))
        tensor([[1, 1, 1],
                [1, 2, 4],
                [1, 3, 9]])
    """
    import numtensor as _nt

    n = x.shape[-1] if N is None else N
    return x.unsqueeze(-1) ** _nt.arange(n, device=x.device).to(
        x.dtype if x.dtype.is_floating_point else _nt.int64
    )


@with_out_form("linalg_tensorinv", Out(dtype=CAST, grad=False))
def tensorinv(A, ind: int = 2):
    r"""Computes the inverse of ``A`` for :func:`numpy.tensordot`-style products.

    ``A`` is seen as a matrix whose rows are its first ``ind`` dims and whose columns the
    rest (the two products must be equal); the result has shape
    ``A.shape[ind:] + A.shape[:ind]``.

    Args:
        A (Tensor): the tensor to invert.
        ind (int): how many leading dims form the rows. Default: 2.

    Keyword args:
        out (Tensor, optional): the output tensor.

    Example::

        >>> A = torch.eye(6).reshape(2, 3, 6) * 2
        >>> torch.linalg.tensorinv(A, ind=2).shape
        numtensor.Size([6, 2, 3])
    """
    rows = math.prod(A.shape[:ind])
    cols = math.prod(A.shape[ind:])
    if rows != cols:
        raise RuntimeError(
            "Expected self to satisfy the requirement "
            "prod(self.shape[ind:]) == prod(self.shape[:ind])"
        )
    return inv(A.reshape(rows, cols)).reshape(*A.shape[ind:], *A.shape[:ind])


@with_out_form("linalg_tensorsolve", Out(dtype=CAST, grad=False))
def tensorsolve(A, B, dims=None):
    r"""Computes the solution ``X`` of ``tensordot(A, X, dims=X.ndim) = B``.

    ``X`` has shape ``A.shape[B.ndim:]``; ``dims`` first moves those dims of ``A`` to the
    end.

    Args:
        A (Tensor): the coefficients.
        B (Tensor): the right-hand side.
        dims (tuple of ints, optional): dims of ``A`` to move to the end first.

    Keyword args:
        out (Tensor, optional): the output tensor.

    Example::

        >>> A = torch.eye(6).reshape(2, 3, 6) * 2
        >>> torch.linalg.tensorsolve(A, torch.ones(2, 3))
        tensor([0.5000, 0.5000, 0.5000, 0.5000, 0.5000, 0.5000])
    """
    if dims is not None:
        moved = [d % A.ndim for d in dims]
        A = A.permute(*[d for d in range(A.ndim) if d not in moved], *moved)
    rest = A.shape[B.ndim :]
    n = math.prod(rest)
    X = solve(A.reshape(-1, n), B.reshape(-1))
    return X.reshape(rest)
