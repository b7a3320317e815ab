"""The singular value decomposition: ``linalg.svd``, ``svd`` (PyTorch's older form, V rather
than V^H) and ``linalg.svdvals``, on the backend's SVD, with their gradients.
"""

from __future__ import annotations

import math

from .. import return_types
from .._dtype import HALVES, type_name
from .._tensor_base import Tensor
from ..autograd.function import Function
from ._common import ops_of, wrap
from ._launch import compute_dtype
from .out_variants import Out, with_out_form
from .registry import op


def _svd_arrays(A: Tensor, full_matrices: bool, name: str):
    if not A.dtype.is_floating_point:
        raise RuntimeError(
            f"{name}: Expected a floating point or complex tensor as input. Got "
            f"{type_name(A.dtype)}"
        )
    if A.ndim < 2:
        raise RuntimeError(f"{name}: The input tensor A must have at least 2 dimensions.")
    if A.dtype in HALVES and A.numel():  # (LAPACK has no half: PyTorch refuses it too)
        raise NotImplementedError(f"\"linalg_svd_cpu\" not implemented for '{type_name(A.dtype)}'")
    work = compute_dtype(A.dtype)
    batch = tuple(A.shape[:-2])
    m, n = A.shape[-2:]
    x = (A if A.dtype is work else A.to(work)).reshape(math.prod(batch), m, n)
    infinite = None
    if A.numel() and not bool(A.detach().isfinite().all()):
        if bool(A.detach().isnan().any()):  # (LAPACK's failure, as PyTorch reports it)
            raise RuntimeError(
                f"{name}: The algorithm failed to converge because the input matrix contained "
                "non-finite values."
            )
        # a matrix holding an inf has NaN factors (LAPACK's answer in PyTorch), no error
        infinite = x.detach().isinf().flatten(1).any(1)
        x = x.masked_fill(infinite[:, None, None], 0)
    u, s, vh = ops_of(A).svd(x._data, full_matrices)

    def back(data):
        t = wrap(data, A)
        if infinite is not None:
            t = t.masked_fill(infinite.reshape((-1,) + (1,) * (t.ndim - 1)), math.nan)
        t = t.reshape(batch + tuple(t.shape[1:]))
        return t if t.dtype is A.dtype else t.to(A.dtype)

    return back(u), back(s), back(vh)


class LinalgSvd(Function):
    """``A = U diag(S) Vh`` with the SVD's vector-Jacobian product (real matrices)."""

    node_name = "LinalgSvdBackward0"

    @staticmethod
    def forward(ctx, A, full_matrices):
        u, s, vh = _svd_arrays(A, full_matrices, "linalg.svd")
        ctx.save_for_backward(u, s, vh)
        ctx.full = full_matrices
        return u, s, vh

    @staticmethod
    def backward(ctx, gu, gs, gvh):
        u, s, vh = ctx.saved_tensors
        k = s.shape[-1]
        u, vh = u[..., :k], vh[..., :k, :]
        gu, gvh = gu[..., :k], gvh[..., :k, :]
        v, gv = vh.mT, gvh.mT
        # Townsend (2016): the reduced-SVD gradient, with F_ij = 1 / (s_j^2 - s_i^2), i != j
        s2 = s * s
        diff = s2.unsqueeze(-2) - s2.unsqueeze(-1)
        eye = diff.new_zeros(diff.shape)
        eye.diagonal(0, -2, -1).fill_(1.0)
        f = (1 - eye) / (diff + eye)
        s_mat = s.unsqueeze(-1) * eye
        ut_gu = u.mT @ gu
        vt_gv = v.mT @ gv
        core = (f * (ut_gu - ut_gu.mT)) @ s_mat + s_mat @ (f * (vt_gv - vt_gv.mT))
        core = core + gs.unsqueeze(-1) * eye
        grad = u @ core @ vh
        inv_s = 1 / s
        m, n = u.shape[-2], v.shape[-2]
        if m > k:
            grad = grad + (gu - u @ ut_gu) * inv_s.unsqueeze(-2) @ vh
        if n > k:
            grad = grad + (u * inv_s.unsqueeze(-2)) @ (gv - v @ vt_gv).mT
        return grad, None


@with_out_form("linalg_svd", Out(return_types.linalg_svd, grad="_linalg_svd"))
def linalg_svd(A: Tensor, full_matrices: bool = True):
    r"""Computes the singular value decomposition :math:`A = U \operatorname{diag}(S) V^H`.

    ``A`` is a matrix or a batch of matrices (``*, m, n``); ``S`` holds the singular
    values in descending order. With ``full_matrices=False`` (the reduced SVD) ``U`` is
    ``(*, m, k)`` and ``Vh`` ``(*, k, n)`` with ``k = min(m, n)``; otherwise they are
    square. The singular vectors are unique only up to sign (phase).

    Args:
        A (Tensor): the input matrix or batch of matrices.
        full_matrices (bool): the full (True, default) or the reduced decomposition.

    Keyword args:
        out (tuple of Tensors, optional): the output tensors ``(U, S, Vh)``.

    Returns:
        A named tuple ``(U, S, Vh)``.

    Example::

        >>> A = torch.tensor([[3., 0.], [0., -2.], [0., 0.]])
        >>> U, S, Vh = torch.linalg.svd(A, full_matrices=False)
        >>> S
        tensor([3., 2.])
        >>> torch.dist(U @ torch.diag(S) @ Vh, A) < 1e-6
        tensor(True)
    """
    return return_types.linalg_svd(*LinalgSvd.apply(A, full_matrices))


@op("svd", out=Out(return_types.svd, grad="_linalg_svd"))
def svd(input: Tensor, some: bool = True, compute_uv: bool = True):
    r"""Computes the singular value decomposition :math:`A = U \operatorname{diag}(S) V^T`.

    The older API: it returns ``V`` itself (not its transpose, as
    :func:`numtensor.linalg.svd` does), and the reduced decomposition by default
    (``some=True``). With ``compute_uv=False``, ``U`` and ``V`` are zero-filled.
    ``x.svd()`` is the method form.

    Args:
        input (Tensor): a matrix or batch of matrices ``(*, m, n)``.
        some (bool): the reduced (True) or the full decomposition.
        compute_uv (bool): whether to compute ``U`` and ``V``.

    Keyword args:
        out (tuple of Tensors, optional): the output tensors ``(U, S, V)``.

    Returns:
        A named tuple ``(U, S, V)``.

    Example::

        >>> u, s, v = torch.svd(torch.tensor([[3., 0.], [0., -2.], [0., 0.]]))
        >>> s
        tensor([3., 2.])
        >>> u.shape, v.shape
        (numtensor.Size([3, 2]), numtensor.Size([2, 2]))
    """
    u, s, vh = LinalgSvd.apply(input, not some)
    if not compute_uv:
        return return_types.svd(u.new_zeros(u.shape), s, vh.new_zeros(vh.mT.shape))
    return return_types.svd(u, s, vh.mT.contiguous())


@with_out_form("linalg_svdvals", Out(grad="_linalg_svd"))
def svdvals(A: Tensor) -> Tensor:
    r"""Computes the singular values of a matrix (or batch of matrices), in descending order.

    The ``S`` of :func:`numtensor.linalg.svd`, without the singular vectors; always
    differentiable.

    Args:
        A (Tensor): the input ``(*, m, n)``.

    Keyword args:
        out (Tensor, optional): the output tensor.

    Example::

        >>> torch.linalg.svdvals(torch.tensor([[3., 0.], [0., -2.], [0., 0.]]))
        tensor([3., 2.])
    """
    if not A.requires_grad:
        return _svd_arrays(A, False, "linalg.svdvals")[1]
    return LinalgSvdvals.apply(A)


class LinalgSvdvals(Function):
    """The singular values alone: their gradient ``U diag(gS) Vh`` needs no ``1 / S`` (so
    it is finite for rank-deficient matrices, as PyTorch's)."""

    node_name = "LinalgSvdBackward0"

    @staticmethod
    def forward(ctx, A):
        u, s, vh = _svd_arrays(A, False, "linalg.svdvals")
        ctx.save_for_backward(u, vh)
        return s

    @staticmethod
    def backward(ctx, gs):
        u, vh = ctx.saved_tensors
        return (u * gs.unsqueeze(-2)) @ vh
