"""What the LAPACK factorisations share: PyTorch's checks of their input (``_batched``: a
batch of float matrices in the LAPACK dtype), the way back to the input's dtype and shape,
``LinAlgError`` and PyTorch's errors for singular or not positive-definite matrices.
"""

from __future__ import annotations

import math

from .. import return_types
from .._dtype import HALVES, type_name
from .._tensor_base import Tensor
from ._common import ops_of, wrap
from ._launch import compute_dtype

ex_type = return_types._make("linalg_inv_ex", "inverse", "info")


def _batched(A: Tensor, name: str, square: bool = True):
    """``A`` as [batch, m, n] in its LAPACK dtype, after PyTorch's checks."""
    if A.ndim < 2:
        raise RuntimeError(f"{name}: The input tensor A must have at least 2 dimensions.")
    if not A.dtype.is_floating_point:
        raise RuntimeError(
            f"{name}: Expected a floating point or complex tensor as input. Got "
            f"{type_name(A.dtype)}"
        )
    if A.dtype in HALVES:
        raise RuntimeError(f"{name}: Low precision dtypes not supported. Got {type_name(A.dtype)}")
    m, n = A.shape[-2:]
    if square and m != n:
        raise RuntimeError(
            f"{name}: A must be batches of square matrices, but they are {m} by {n} matrices"
        )
    work = compute_dtype(A.dtype)
    x = A if A.dtype is work else A.to(work)
    return x.reshape(math.prod(A.shape[:-2]), m, n)


def _back(data, like: Tensor, shape) -> Tensor:
    t = wrap(data, like)
    t = t if t.dtype is like.dtype else t.to(like.dtype)
    return t.reshape(shape)


class LinAlgError(RuntimeError):
    """A matrix a factorisation cannot handle (singular, not positive-definite)."""


def _raise_singular(info: Tensor, name: str, what: str = "singular", x: Tensor = None) -> None:
    """PyTorch's error for the first matrix LAPACK could not factor (``info`` non-zero)."""
    bad = info.reshape(-1)
    if not bool((bad != 0).any()):
        return
    which = int((bad != 0).nonzero().reshape(-1)[0].item())
    batch = f"(Batch element {which}): " if info.ndim and info.numel() > 1 else ""
    if what == "solve":
        raise LinAlgError(f"torch.{name}: The solver failed because the input matrix is singular.")
    if what == "singular":  # (the zero diagonal element of its LU factorisation, as LAPACK's)
        lu_info = wrap(ops_of(x).lapack("lu", x[which : which + 1]._data)[2], x)
        first = int(lu_info[0].item())
        raise LinAlgError(
            f"{name}: {batch}The diagonal element {first} is zero, the inversion could not be "
            "completed because the input matrix is singular."
        )
    first = int(bad[which].item())
    raise LinAlgError(
        f"{name}: {batch}The factorization could not be completed because the input is not "
        f"positive-definite (the leading minor of order {first} is not positive-definite)."
    )
