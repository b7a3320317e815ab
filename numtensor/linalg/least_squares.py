"""``linalg.lstsq``: least squares through the SVD, composed from Tensor operations (so its
gradients, and CUDA, come from the SVD's), with the outputs each LAPACK driver gives in
PyTorch: residuals, rank and singular values.
"""

from __future__ import annotations

import numtensor as _nt

from .. import return_types as _return_types
from .._dtype import type_name
from ..ops.svd import linalg_svd as _svd

_DRIVERS = ("gels", "gelsy", "gelsd", "gelss")
lstsq_type = _return_types._make("linalg_lstsq", "solution", "residuals", "rank", "singular_values")


def _driver(driver, A) -> str:
    """PyTorch's driver choice: gelsy on the CPU and gels on CUDA by default."""
    if driver is None:
        return "gels" if A.device.type == "cuda" else "gelsy"
    name = str(driver).lower()
    if A.device.type == "cuda":
        if name != "gels":
            raise RuntimeError(
                "torch.linalg.lstsq: `driver` other than `gels` is not supported on CUDA"
            )
    elif name not in _DRIVERS:
        raise RuntimeError(
            "torch.linalg.lstsq: parameter `driver` should be one of (gels, gelsy, gelsd, gelss)"
        )
    return name


def _broadcast_batch(a: tuple, b: tuple) -> tuple:
    """The broadcast of two batch shapes, with PyTorch's message when they do not."""
    ndim = max(len(a), len(b))
    a, b = (1,) * (ndim - len(a)) + a, (1,) * (ndim - len(b)) + b
    for i, (x, y) in enumerate(zip(a, b)):
        if x != y and x != 1 and y != 1:
            raise RuntimeError(
                f"The size of tensor a ({x}) must match the size of tensor b ({y}) at "
                f"non-singleton dimension {i}"
            )
    return tuple(y if x == 1 else x for x, y in zip(a, b))


def _check(A, B) -> bool:
    """PyTorch's checks, in its order; returns whether ``B`` is a (batch of) vector(s)."""
    if A.ndim < 2:
        raise RuntimeError("torch.linalg.lstsq: input must have at least 2 dimensions.")
    if B.ndim < 1:
        raise RuntimeError("torch.linalg.lstsq: other must have at least 1 dimension.")
    if A.dtype is not B.dtype:
        raise RuntimeError(
            "torch.linalg.lstsq: Expected input and other to have the same dtype, but got "
            f"input's dtype {type_name(A.dtype)} and other's dtype {type_name(B.dtype)}"
        )
    if not 0 <= A.ndim - B.ndim <= 1:
        raise RuntimeError(
            "torch.linalg.lstsq: input.dim() must be greater or equal to other.dim() and "
            "(input.dim() - other.dim()) <= 1"
        )
    vector = B.ndim == 1 or (B.ndim == A.ndim - 1 and tuple(B.shape) == tuple(A.shape[:-1]))
    rows = B.shape[-1] if vector else B.shape[-2]
    if A.shape[-2] != rows:
        raise RuntimeError(
            f"torch.linalg.lstsq: input.size(-2) should match other.size({-1 if vector else -2})"
        )
    if A.device != B.device:
        raise RuntimeError(
            "torch.linalg.lstsq: Expected other and input tensors to be on the same device, "
            f"but got other on {B.device} and input on {A.device}"
        )
    return vector


def _check_full_rank(A) -> None:
    """gels's failure: the triangular factor of A's QR (of A^T's when m < n, its LQ) with
    an exact zero on its diagonal."""
    from ..ops.linalg_checks import LinAlgError
    from ..ops.qr import qr

    m, n = A.shape[-2:]
    if not A.numel():
        return
    R = qr((A if m >= n else A.mT).detach(), mode="r").R
    zero = (R.diagonal(0, -2, -1) == 0).reshape(-1, min(m, n))
    if not bool(zero.any()):
        return
    batch = int(zero.any(-1).nonzero()[0, 0].item())
    code = int(zero[batch].nonzero()[0, 0].item()) + 1
    where = f"(Batch element {batch}): " if A.ndim > 2 else ""
    raise LinAlgError(
        f"torch.linalg.lstsq: {where}The least squares solution could not be computed because "
        f"the input matrix does not have full rank (error code: {code})."
    )


def lstsq(A, B, rcond=None, *, driver=None):
    r"""Computes a solution of the least-squares problem :math:`\min_X \|AX - B\|_F`.

    ``A`` is ``(*, m, n)``; ``B`` is ``(*, m, k)`` or, for vectors, ``(*, m)``; their batch
    dims broadcast. Returns a named tuple ``(solution, residuals, rank, singular_values)``:

    - ``solution`` ``(*, n, k)`` (``(*, n)`` for vectors): the minimum-norm solution, with
      the singular values at or below ``rcond`` times the largest treated as zero (for
      ``"gels"``, which assumes full rank, none are).
    - ``residuals`` ``(*, k)``: the squared residual norm of each column,
      :math:`\|AX - B\|^2`, when m > n and every matrix has full rank (not checked for
      ``"gels"``) and the driver is not ``"gelsy"``; else an empty tensor.
    - ``rank`` (int64, ``A``'s batch shape): the numerical rank, for every driver but
      ``"gels"`` (an empty tensor then).
    - ``singular_values`` ``(*, min(m, n))``: for ``"gelsd"`` and ``"gelss"``; else empty.

    The gradients of ``solution`` and ``residuals`` flow to ``A`` and ``B``.

    Args:
        A (Tensor): the matrix or batch ``(*, m, n)`` (float32 or float64).
        B (Tensor): the right-hand side(s), of ``A``'s dtype.
        rcond (float, optional): the relative tolerance on the singular values. Default:
            the dtype's epsilon times ``max(m, n)``.

    Keyword args:
        driver (str, optional): ``"gelsy"`` (the CPU default), ``"gels"`` (the CUDA default
            and CUDA's only one), ``"gelsd"`` or ``"gelss"``: which outputs are computed.

    ``"gels"`` raises :class:`numtensor.linalg.LinAlgError` for a matrix whose QR (LQ when
    m < n) has an exact zero on its diagonal.

    Differs from PyTorch: every driver computes through the SVD, so ``"gelsy"``'s rank
    (PyTorch's comes from a pivoted QR) and ``"gels"``'s solution of a numerically
    rank-deficient ``A`` (undefined in PyTorch) can differ; complex inputs are not
    supported.

    Example::

        >>> A = torch.tensor([[1., 0.], [0., 1.], [1., 1.]])
        >>> B = torch.tensor([[1.], [2.], [4.]])
        >>> torch.linalg.lstsq(A, B).solution
        tensor([[1.3333],
                [2.3333]])
        >>> result = torch.linalg.lstsq(A, B, driver="gelsd")
        >>> result.residuals
        tensor([0.3333])
        >>> result.rank, result.singular_values
        (tensor(2), tensor([1.7321, 1.0000]))
    """
    vector = _check(A, B)
    name = _driver(driver, A)
    if A.dtype not in (_nt.float32, _nt.float64):
        raise RuntimeError("This function doesn't handle types other than float and double")
    m, n = A.shape[-2:]
    b = B.unsqueeze(-1) if vector else B
    batch = _broadcast_batch(tuple(A.shape[:-2]), tuple(b.shape[: A.ndim - 2]))
    b = b.expand(*batch, *b.shape[-2:])
    eps = _nt.finfo(A.dtype).eps
    if rcond is None:
        rcond = eps * max(m, n)
    elif rcond < 0:  # (LAPACK's gelsd / gelss use the machine precision then)
        rcond = eps if name in ("gelsd", "gelss") else 0.0
    if name == "gels":
        _check_full_rank(A)
    u, s, vh = _svd(A, full_matrices=False)
    if name == "gels" or not s.shape[-1]:
        keep = s > 0
    else:
        keep = s > s.detach().amax(-1, keepdim=True) * rcond
    s_inv = (1 / s.masked_fill(~keep, 1.0)).masked_fill(~keep, 0.0)
    solution = vh.mT @ (s_inv.unsqueeze(-1) * (u.mT @ b))
    empty = A.new_zeros(0)
    rank = keep.sum(-1) if name != "gels" else empty.long()
    full_rank = name == "gels" or bool((rank == n).all())
    if m > n and name != "gelsy" and full_rank:
        residuals = ((A @ solution - b) ** 2).sum(-2)
    else:  # (empty, but an output of the solve as PyTorch's: it carries the graph)
        residuals = solution.reshape(-1)[:0]
    singular_values = s.detach() if name in ("gelsd", "gelss") else empty
    if vector:
        solution = solution.squeeze(-1)
    return lstsq_type(solution, residuals, rank, singular_values)
