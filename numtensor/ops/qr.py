"""The QR decomposition on LAPACK with its vector-Jacobian product: ``linalg.qr``."""

from __future__ import annotations

from .. import return_types
from ..autograd.function import Function
from ._common import ops_of
from .inverse_solve import solve_triangular
from .joining import cat
from .linalg_checks import _back, _batched

qr_type = return_types._make("qr", "Q", "R")  # (torch.qr's)
linalg_qr_type = return_types._make("linalg_qr", "Q", "R")
linalg_qr_out_type = return_types._make("linalg_qr_out", "Q", "R")


class Qr(Function):
    node_name = "LinalgQrBackward0"

    @staticmethod
    def forward(ctx, A, mode):
        x = _batched(A, "linalg.qr", square=False)
        m, n = A.shape[-2:]
        complete = mode == "complete" and m > n  # (otherwise the reduced Q is square)
        q, r = ops_of(A).lapack("qr_complete" if complete else "qr", x._data)
        k = m if complete else min(m, n)
        Q = _back(q, A, (*A.shape[:-2], m, k))
        R = _back(r, A, (*A.shape[:-2], k, n))
        ctx.mode, ctx.Q, ctx.R = mode, Q.detach(), R.detach()
        return Q, R

    @staticmethod
    def backward(ctx, gQ, gR):
        Q, R = ctx.Q, ctx.R
        m, n = Q.shape[-2], R.shape[-1]
        if ctx.mode == "r":
            raise RuntimeError(
                "The derivative of linalg.qr depends on Q, which is not computed when mode='r'. "
                "Please use linalg.qr(A, mode='reduced') if you are going to differentiate "
                "through linalg.qr."
            )
        if ctx.mode == "complete" and m > n:
            raise RuntimeError(
                "The QR decomposition is not differentiable when mode='complete' and nrows > ncols."
            )
        if m >= n:
            return _tall_qr_vjp(Q, R, gQ, gR), None
        # wide A = [X | Y], R = [U | V]: X = QU is a square QR and V = Q^T Y, so Y's
        # gradient is Q gV and gV reaches Q as Y gV^T
        U, V = R[..., :m], R[..., m:]
        gU, gV = gR[..., :m], gR[..., m:]
        gX = _tall_qr_vjp(Q, U, gQ + (Q @ V) @ gV.mT, gU)
        return cat([gX, Q @ gV], -1), None


def _tall_qr_vjp(Q, R, gQ, gR):
    """The gradient of A = QR (m >= n, reduced) from those of Q and R."""
    M = R @ gR.mT - gQ.mT @ Q
    copyltu = M.tril(-1) + M.tril(-1).mT + M.diagonal(0, -2, -1).diag_embed()
    rhs = gQ + Q @ copyltu
    return solve_triangular(R.mT, rhs, upper=False, left=False)  # (rhs R^-T)


def qr(A, mode: str = "reduced", *, out=None):
    r"""Computes the QR decomposition :math:`A = QR` of a matrix (or batch of matrices).

    ``Q`` has orthonormal columns and ``R`` is upper triangular. ``mode`` is
    ``"reduced"`` (``Q`` ``(*, m, k)``, ``R`` ``(*, k, n)``, k = min(m, n)), ``"complete"``
    (``Q`` square ``(*, m, m)``, ``R`` ``(*, m, n)``) or ``"r"`` (``R`` only, ``Q`` an
    empty tensor). The factorisation is LAPACK's (Householder reflections: geqrf, orgqr),
    so the signs are PyTorch's.

    Gradients flow through ``Q`` and ``R`` for ``"reduced"``, and for ``"complete"`` when
    m <= n; backward raises a RuntimeError for ``mode="r"`` and for ``"complete"`` with
    m > n (``Q``'s extra columns are not unique), as PyTorch's does.

    Args:
        A (Tensor): the matrix or batch ``(*, m, n)`` (float32 or float64).
        mode (str): ``"reduced"`` (default), ``"complete"`` or ``"r"``.

    Keyword args:
        out (tuple of two Tensors, optional): the output tensors ``(Q, R)``.

    Returns:
        A named tuple ``(Q, R)``.

    Example::

        >>> Q, R = torch.linalg.qr(torch.tensor([[3., 1.], [4., 2.]]))
        >>> Q
        tensor([[-0.6000, -0.8000],
                [-0.8000,  0.6000]])
        >>> R
        tensor([[-5.0000, -2.2000],
                [ 0.0000,  0.4000]])
        >>> Q, R = torch.linalg.qr(torch.tensor([[3.], [4.]]), mode="complete")
        >>> Q
        tensor([[-0.6000, -0.8000],
                [-0.8000,  0.6000]])
        >>> R
        tensor([[-5.],
                [ 0.]])
    """
    if mode not in ("reduced", "complete", "r"):
        raise RuntimeError(
            f"qr received unrecognized mode '{mode}' but expected one of 'reduced' (default), "
            "'r', or 'complete'"
        )
    Q, R = Qr.apply(A, mode)
    if mode == "r":
        Q = Q.new_zeros(0)
    if out is not None:
        from .conversion import copy_into_out

        copy_into_out(out[0], Q)
        copy_into_out(out[1], R)
        return linalg_qr_out_type(out[0], out[1])
    return linalg_qr_type(Q, R)
