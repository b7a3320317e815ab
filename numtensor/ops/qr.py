"""The QR decomposition on LAPACK with its vector-Jacobian product: ``linalg.qr``."""

from __future__ import annotations

from .. import return_types
from ..autograd.function import Function
from ._common import ops_of
from .inverse_solve import solve_triangular
from .linalg_checks import _back, _batched

qr_type = return_types._make("qr", "Q", "R")


class Qr(Function):
    node_name = "LinalgQrBackward0"

    @staticmethod
    def forward(ctx, A):
        x = _batched(A, "linalg.qr", square=False)
        q, r = ops_of(A).lapack("qr", x._data)
        m, n = A.shape[-2:]
        k = min(m, n)
        Q = _back(q, A, (*A.shape[:-2], m, k))
        R = _back(r, A, (*A.shape[:-2], k, n))
        ctx.Q, ctx.R = Q.detach(), R.detach()
        return Q, R

    @staticmethod
    def backward(ctx, gQ, gR):
        Q, R = ctx.Q, ctx.R
        if Q.shape[-2] < R.shape[-1]:
            raise NotImplementedError(
                "numtensor differentiates linalg.qr only for tall or square matrices"
            )
        M = R @ gR.mT - gQ.mT @ Q
        copyltu = M.tril(-1) + M.tril(-1).mT + M.diagonal(0, -2, -1).diag_embed()
        rhs = gQ + Q @ copyltu
        return solve_triangular(R.mT, rhs, upper=False, left=False)  # (rhs R^-T)


def qr(A, mode: str = "reduced"):
    r"""Computes the QR decomposition :math:`A = QR` of a matrix (or batch of matrices).

    ``Q`` has orthonormal columns and ``R`` is upper triangular. ``mode`` is
    ``"reduced"`` (``Q`` ``(m, k)``, ``R`` ``(k, n)``, k = min(m, n)), ``"complete"`` (``Q`` square)
    or ``"r"`` (``R`` only, ``Q`` empty).

    Args:
        A (Tensor): the matrix or batch ``(*, m, n)``.
        mode (str): ``"reduced"`` (default), ``"complete"`` or ``"r"``.

    Returns:
        A named tuple ``(Q, R)``.

    Differs from PyTorch: ``mode="complete"`` of a tall matrix (m > n) raises
    NotImplementedError.

    Example::

        >>> Q, R = torch.linalg.qr(torch.tensor([[3., 1.], [4., 2.]]))
        >>> Q
        tensor([[-0.6000, -0.8000],
                [-0.8000,  0.6000]])
        >>> R
        tensor([[-5.0000, -2.2000],
                [ 0.0000,  0.4000]])
    """
    if mode not in ("reduced", "complete", "r"):
        raise RuntimeError(
            f"qr received unrecognized mode '{mode}' but expected one of 'reduced' (default), "
            "'r', or 'complete'"
        )
    m, n = A.shape[-2:]
    if mode == "complete" and m > n:
        raise NotImplementedError(
            "numtensor's qr computes the reduced factorisation of tall matrices only"
        )
    Q, R = Qr.apply(A)
    if mode == "r":
        return qr_type(Q.new_zeros(0), R)
    return qr_type(Q, R)
