"""The operators' fast path: tiny tensors spend their time in Python, not in kernels.

``x + y`` on two C-contiguous tensors of one float or integer dtype and shape, or on a float
tensor and a Python number, goes straight to the 1-D kernel. Anything else (broadcasting,
promotion, a graph to record, other devices) returns None and takes the general path in
``_launch.launch``, which gives the same answers.
"""

from __future__ import annotations

import numpy as np

from .. import _dispatch
from .._dtype import float32, float64, int32, int64
from .._tensor_base import Tensor
from ..autograd.grad_mode import is_grad_enabled

TENSOR_OPS = {"add": "add", "sub": "sub", "mul": "mul", "div": "div"}
_SCALAR_OPS = {
    "add": "add_scalar",
    "sub": "sub_scalar",
    "mul": "mul_scalar",
    "div": "div_scalar",
    "radd": "add_scalar",
    "rsub": "rsub_scalar",
    "rmul": "mul_scalar",
    "rdiv": "rdiv_scalar",
}
_FLOATS = (float32, float64)
_NUMBERS = (float32, float64, int32, int64)


def binary(op: str, a: Tensor, b) -> Tensor | None:
    """``a (op) b`` without the general machinery, or None when the fast path does not apply."""
    da = a._data
    dt = a._dtype
    if type(da) is not np.ndarray or not da.flags.c_contiguous:
        return None
    if isinstance(b, Tensor):
        if op not in TENSOR_OPS:
            return None
        db = b._data
        if (
            b._dtype is not dt
            or db.shape != da.shape
            or type(db) is not np.ndarray
            or not db.flags.c_contiguous
            or dt not in _NUMBERS
            or (op == "div" and dt not in _FLOATS)
            or ((a._requires_grad or b._requires_grad) and is_grad_enabled())
        ):
            return None
        kernels = _dispatch.elementwise_kernels(TENSOR_OPS[op])
        out = np.empty(da.shape, da.dtype)
        n = da.size
        (kernels[1] if n >= _dispatch.PARALLEL_MIN else kernels[0])(
            out.reshape(-1), da.reshape(-1), db.reshape(-1)
        )
        return Tensor._make(out, a.device, dtype=dt)
    if type(b) not in (float, int) or dt not in _FLOATS or (a._requires_grad and is_grad_enabled()):
        return None
    kernels = _dispatch.elementwise_kernels(_SCALAR_OPS[op])
    out = np.empty(da.shape, da.dtype)
    n = da.size
    (kernels[1] if n >= _dispatch.PARALLEL_MIN else kernels[0])(
        out.reshape(-1), da.reshape(-1), da.dtype.type(b)
    )
    return Tensor._make(out, a.device, dtype=dt)
