"""Householder reflections composed from Tensor operations: LAPACK's ``geqrf`` output
format (R above the diagonal, reflector vectors below it, plus ``tau``) and the product
of the reflectors (``linalg.householder_product``, ``orgqr``), used by the orthogonal
parametrization.
"""

from __future__ import annotations

import numtensor as _nt

from .. import return_types
from .._tensor_base import Tensor
from ..ops.out_variants import CAST, Out, with_out_form


def _mH(x: Tensor) -> Tensor:
    """Conjugate transpose of the last two dimensions."""
    return x.mT.conj() if x.is_complex() else x.mT


@with_out_form("linalg_householder_product", Out(dtype=CAST))
def householder_product(A: Tensor, tau: Tensor) -> Tensor:
    r"""Computes the first ``k`` columns of a product of Householder matrices.

    .. math:: H_1 H_2 \cdots H_k, \qquad H_i = I - \tau_i v_i v_i^H

    where :math:`v_i` is column ``i`` of ``A`` below the diagonal, with an implicit 1 on
    it. With the output of :func:`numtensor.geqrf` this is the ``Q`` of the QR
    decomposition. ``torch.orgqr`` is the same function. Differentiable.

    Args:
        A (Tensor): the reflector vectors ``(*, n, k)``, n >= k.
        tau (Tensor): the scale factors ``(*, k)``.

    Keyword args:
        out (Tensor, optional): the output tensor.

    Example::

        >>> a, tau = torch.geqrf(torch.tensor([[3., 1.], [4., 2.]]))
        >>> torch.linalg.householder_product(a, tau)
        tensor([[-0.6000, -0.8000],
                [-0.8000,  0.6000]])
    """
    n, k = A.size(-2), A.size(-1)
    eye = _nt.eye(n, k, dtype=A.dtype, device=A.device)
    V = A.tril(-1) + eye
    Q = eye.expand(*A.shape[:-2], n, k)
    for i in range(tau.size(-1) - 1, -1, -1):
        v = V[..., :, i : i + 1]
        Q = Q - tau[..., i, None, None] * (v @ (_mH(v) @ Q))
    return Q


@with_out_form("geqrf", Out(return_types._make("geqrf", "a", "tau"), dtype=CAST))
def geqrf(A: Tensor) -> tuple[Tensor, Tensor]:
    r"""Computes a QR decomposition in LAPACK's ``geqrf`` form (``torch.geqrf``).

    Returns ``(a, tau)``: ``R`` on and above the diagonal of ``a``, the Householder
    reflector vectors below it; :func:`numtensor.linalg.householder_product` of
    ``(a, tau)`` gives ``Q``. Prefer :func:`numtensor.linalg.qr`.

    Args:
        A (Tensor): a real matrix or batch ``(*, m, n)``.

    Keyword args:
        out (tuple of Tensors, optional): the output tensors ``(a, tau)``.

    Differs from PyTorch: real inputs only, and not differentiable.

    Example::

        >>> a, tau = torch.geqrf(torch.tensor([[3., 1.], [4., 2.]]))
        >>> a
        tensor([[-5.0000, -2.2000],
                [ 0.5000,  0.4000]])
        >>> tau
        tensor([1.6000, 0.0000])
    """
    with _nt.no_grad():
        R = A.clone()
        m, n = R.size(-2), R.size(-1)
        kk = min(m, n)
        tau = R.new_zeros(*R.shape[:-2], kk)
        for j in range(kk):
            alpha = R[..., j, j].clone()
            tail = R[..., j + 1 :, j]
            xnorm = _nt.linalg.vector_norm(tail, dim=-1) if m > j + 1 else alpha * 0
            trivial = xnorm == 0
            beta = -_nt.copysign(_nt.hypot(alpha, xnorm), alpha)
            safe_beta = _nt.where(trivial, _nt.ones_like(beta), beta)
            tau_j = _nt.where(trivial, _nt.zeros_like(beta), (beta - alpha) / safe_beta)
            scale = _nt.where(trivial, _nt.ones_like(beta), 1 / (alpha - safe_beta))
            v_tail = tail * scale.unsqueeze(-1)
            R[..., j + 1 :, j] = v_tail
            R[..., j, j] = _nt.where(trivial, alpha, beta)
            tau[..., j] = tau_j
            if j + 1 < n:
                v = _nt.cat([_nt.ones_like(alpha).unsqueeze(-1), v_tail], dim=-1).unsqueeze(-1)
                block = R[..., j:, j + 1 :]
                R[..., j:, j + 1 :] = block - tau_j[..., None, None] * (v @ (v.mT @ block))
        return R, tau
