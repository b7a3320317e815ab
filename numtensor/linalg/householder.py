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


_geqrf_type = return_types._make("geqrf", "a", "tau")


@with_out_form("geqrf", Out(_geqrf_type, dtype=CAST))
def geqrf(A: Tensor) -> tuple[Tensor, Tensor]:
    r"""Computes a QR decomposition in LAPACK's ``geqrf`` form (``torch.geqrf``).

    Returns a named tuple ``(a, tau)``: ``R`` on and above the diagonal of ``a``, the Householder
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
        return _geqrf_type(R, tau)


def _ormqr_checks(input: Tensor, tau: Tensor, other: Tensor, left: bool) -> None:
    """PyTorch's checks of ``torch.ormqr``, in its order."""
    from .._dtype import type_name

    if input.ndim < 2:
        raise RuntimeError("torch.ormqr: input must have at least 2 dimensions.")
    if other.ndim < 2:
        raise RuntimeError("torch.ormqr: other must have at least 2 dimensions.")
    side = -2 if left else -1
    if other.size(side) != input.size(-2):
        raise RuntimeError(f"torch.ormqr: other.shape[{side}] must be equal to input.shape[-2]")
    if tau.ndim == 0 or tau.size(-1) != min(other.size(side), input.size(-1)):
        raise RuntimeError(
            f"torch.ormqr: tau.shape[-1] must be equal to min(other.shape[{side}], input.shape[-1])"
        )
    if input.ndim - tau.ndim != 1:
        raise RuntimeError(
            "torch.ormqr: Expected tau to have one dimension less than input, but got "
            f"tau.ndim equal to {tau.ndim} and input.ndim is equal to {input.ndim}"
        )
    if input.ndim != other.ndim:
        raise RuntimeError(
            "torch.ormqr: Expected other to have the same number of dimensions as input, but "
            f"got other.ndim equal to {other.ndim} and input.ndim is equal to {input.ndim}"
        )
    batch = tuple(input.shape[:-2])
    if tuple(tau.shape[:-1]) != batch:
        raise RuntimeError(
            "torch.ormqr: Expected batch dimensions of tau to be equal to input.shape[:-2], "
            f"but got {list(tau.shape[:-1])}"
        )
    if tuple(other.shape[:-2]) != batch:
        raise RuntimeError(
            "torch.ormqr: Expected batch dimensions of other to be equal to input.shape[:-2], "
            f"but got {list(other.shape[:-2])}"
        )
    for name, t in (("tau", tau), ("other", other)):
        if t.dtype != input.dtype:
            raise RuntimeError(
                f"torch.ormqr: Expected input and {name} to have the same dtype, but input has "
                f"dtype{type_name(input.dtype)} and {name} has dtype {type_name(t.dtype)}"
            )
    if not (input.dtype.is_floating_point or input.dtype.is_complex) or input.dtype in (
        _nt.float16,
        _nt.bfloat16,
    ):
        raise NotImplementedError(f"\"ormqr_cpu\" not implemented for '{type_name(input.dtype)}'")


def _ormqr_out_dtype(out: Tensor, result: Tensor) -> None:
    from .._dtype import type_name

    if out.dtype != result.dtype:
        raise RuntimeError(
            "torch.ormqr: Expected input and result to have the same dtype, but input has "
            f"dtype{type_name(result.dtype)} and result has dtype {type_name(out.dtype)}"
        )


@with_out_form("ormqr", Out(dtype=_ormqr_out_dtype))
def ormqr(
    input: Tensor, input2: Tensor, input3: Tensor, left: bool = True, transpose: bool = False
) -> Tensor:
    r"""Multiplies a matrix ``C`` (``input3``) by the ``Q`` of a Householder representation
    ``(input, input2)``, as returned by :func:`numtensor.geqrf`.

    ``Q = H_1 H_2 \cdots H_t`` with :math:`H_i = I - \tau_i v_i v_i^H`, :math:`v_i` the
    column ``i`` of ``input`` below the diagonal with an implicit 1 on it. With
    ``left=True`` the result is ``op(Q) @ C`` (``Q`` is ``m x m``), else ``C @ op(Q)``
    (``Q`` is ``n x n``); ``op`` is the conjugate transpose when ``transpose=True``, else
    the identity. The reflectors are applied one by one (``Q`` is never formed).
    ``x.ormqr(tau, other)`` is the method form. Differentiable in all three inputs.

    Args:
        input (Tensor): the reflectors, ``(*, mn, k)``, ``mn`` is ``m`` (``left``) or ``n``.
        input2 (Tensor): ``tau``, ``(*, min(mn, k))``.
        input3 (Tensor): the matrix ``C``, ``(*, m, n)``.
        left (bool): multiply ``C`` from the left. Default: ``True``
        transpose (bool): use the conjugate transpose of ``Q``. Default: ``False``

    Keyword args:
        out (Tensor, optional): the output tensor.

    Returns:
        a tensor shaped like ``input3``.

    Example::

        >>> a, tau = torch.geqrf(torch.tensor([[3., 1.], [4., 2.]]))
        >>> torch.ormqr(a, tau, torch.eye(2))  # Q itself
        tensor([[-0.6000, -0.8000],
                [-0.8000,  0.6000]])
        >>> torch.ormqr(a, tau, torch.tensor([[3.], [4.]]), transpose=True)  # Q^T C
        tensor([[-5.],
                [ 0.]])
    """
    _ormqr_checks(input, input2, input3, left)
    mn, t = input.size(-2), input2.size(-1)
    V = input[..., :, :t].tril(-1) + _nt.eye(mn, t, dtype=input.dtype, device=input.device)
    tau = input2.conj() if transpose else input2
    # Q C applies H_t first; Q^H C applies H_1^H first; C Q and C Q^H mirror these
    order = range(t) if transpose == left else range(t - 1, -1, -1)
    C = input3
    for i in order:
        v = V[..., :, i : i + 1]
        scale = tau[..., i, None, None]
        if left:
            C = C - scale * (v @ (_mH(v) @ C))
        else:
            C = C - scale * ((C @ v) @ _mH(v))
    return C if t else input3.clone()
