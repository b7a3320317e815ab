"""The LU decomposition with partial pivoting on LAPACK: ``linalg.lu_factor``, ``lu``,
``lu_solve`` and ``lu_unpack``.
"""

from __future__ import annotations

from .. import return_types
from ._common import ops_of, wrap
from .inverse_solve import solve
from .linalg_checks import _back, _batched
from .out_variants import Out, with_out_form

lu_factor_type = return_types._make("linalg_lu_factor", "LU", "pivots")
lu_type = return_types._make("linalg_lu", "P", "L", "U")


@with_out_form("linalg_lu_factor", Out(lu_factor_type, grad="linalg_lu_factor_ex"))
def lu_factor(A, *, pivot: bool = True):
    r"""Computes a compact LU decomposition with partial pivoting, :math:`A = PLU`.

    ``LU`` holds ``L`` (unit diagonal, not stored) below the diagonal and ``U`` on and
    above it; ``pivots`` (int32, 1-based, LAPACK's convention) records the row swaps. Use
    :func:`lu_solve` to solve with it, :func:`numtensor.lu_unpack` to get ``P, L, U``.

    Args:
        A (Tensor): the matrix or batch ``(*, m, n)``.

    Keyword args:
        pivot (bool): must be True (LU without pivoting is not implemented on the CPU).
        out (tuple of Tensors, optional): the output tensors ``(LU, pivots)``.

    Returns:
        A named tuple ``(LU, pivots)``.

    Example::

        >>> LU, pivots = torch.linalg.lu_factor(torch.tensor([[4., 7.], [2., 6.]]))
        >>> LU
        tensor([[4.0000, 7.0000],
                [0.5000, 2.5000]])
        >>> pivots
        tensor([1, 2], dtype=numtensor.int32)
    """
    LU, piv, _info = lu_factor_info(A, pivot, "linalg.lu_factor")
    return lu_factor_type(LU, piv)


def lu_factor_info(A, pivot: bool, name: str):
    """``(LU, pivots, info)``: ``info`` (int32 per matrix) is LAPACK's getrf code, the 1-based
    index of the first zero pivot of ``U`` (0 when there is none)."""
    if not pivot:
        raise RuntimeError(f"{name}: LU without pivoting is not implemented on the CPU")
    x = _batched(A, name)
    lu, pivots, info = ops_of(A).lapack("lu", x._data)
    LU = _back(lu, A, A.shape)
    piv = wrap(pivots, A).reshape(*A.shape[:-2], min(A.shape[-2:]))
    return LU, piv, wrap(info, A).reshape(tuple(A.shape[:-2])).int()


def lu_unpack(LU_data, LU_pivots, unpack_data: bool = True, unpack_pivots: bool = True):
    r"""Unpacks the ``(LU, pivots)`` of :func:`numtensor.linalg.lu_factor` into ``P, L, U``
    with :math:`A = PLU`.

    Args:
        LU_data (Tensor): the packed factors.
        LU_pivots (Tensor): the 1-based pivots.
        unpack_data (bool): unpack ``L`` and ``U`` (always done).
        unpack_pivots (bool): build ``P`` (always done).

    Keyword args:
        out (tuple of Tensors, optional): the output tensors ``(P, L, U)``.

    Returns:
        A named tuple ``(P, L, U)``.

    Example::

        >>> LU, pivots = torch.linalg.lu_factor(torch.tensor([[4., 7.], [2., 6.]]))
        >>> torch.lu_unpack(LU, pivots).L
        tensor([[1.0000, 0.0000],
                [0.5000, 1.0000]])
    """
    from .creation import eye

    n = LU_data.shape[-1]
    L = LU_data.tril(-1) + eye(n, dtype=LU_data.dtype, device=LU_data.device)
    U = LU_data.triu()
    order = list(range(n))
    perms = []
    for row in LU_pivots.reshape(-1, LU_pivots.shape[-1]).tolist():
        order = list(range(n))
        for k, p in enumerate(row):
            order[k], order[p - 1] = order[p - 1], order[k]
        perms.append(order)
    from .creation import tensor

    index = tensor(perms, device=LU_data.device).reshape(*LU_pivots.shape[:-1], n)
    P = eye(n, dtype=LU_data.dtype, device=LU_data.device).expand(*index.shape, n)
    P = P.gather(-2, index.unsqueeze(-1).expand(*index.shape, n)).mT
    return lu_type(P, L, U)


@with_out_form("linalg_lu", Out(lu_type))
def lu(A, *, pivot: bool = True):
    r"""Computes the LU decomposition with partial pivoting, :math:`A = PLU`.

    ``P`` is a permutation matrix, ``L`` lower triangular with a unit diagonal and ``U``
    upper triangular.

    Args:
        A (Tensor): the matrix or batch ``(*, m, n)``.

    Keyword args:
        pivot (bool): must be True.
        out (tuple of Tensors, optional): the output tensors ``(P, L, U)``.

    Returns:
        A named tuple ``(P, L, U)``.

    Example::

        >>> P, L, U = torch.linalg.lu(torch.tensor([[4., 7.], [2., 6.]]))
        >>> L
        tensor([[1.0000, 0.0000],
                [0.5000, 1.0000]])
        >>> U
        tensor([[4.0000, 7.0000],
                [0.0000, 2.5000]])
    """
    LU, piv = lu_factor(A, pivot=pivot)
    return lu_unpack(LU, piv)


@with_out_form("linalg_lu_solve")
def lu_solve(LU, pivots, B, *, left: bool = True, adjoint: bool = False):
    r"""Solves :math:`AX = B` given the LU decomposition of ``A`` from :func:`lu_factor`.

    Args:
        LU (Tensor): the packed factors ``(*, n, n)``.
        pivots (Tensor): the pivots.
        B (Tensor): the right-hand side ``(*, n, k)``.

    Keyword args:
        left (bool): solve :math:`AX = B` (True) or :math:`XA = B`. Default: True.
        adjoint (bool): solve with :math:`A^H` instead of ``A``. Default: False.
        out (Tensor, optional): the output tensor.

    Example::

        >>> LU, pivots = torch.linalg.lu_factor(torch.tensor([[4., 7.], [2., 6.]]))
        >>> torch.linalg.lu_solve(LU, pivots, torch.tensor([[1.], [2.]]))
        tensor([[-0.8000],
                [ 0.6000]])
    """
    P, L, U = lu_unpack(LU, pivots)
    A = P @ L @ U
    A = A.mT if adjoint else A
    return solve(A, B, left=left)
