"""The operators' fast path: tiny tensors spend their time in Python, not in kernels.

``x + y`` on two C-contiguous CPU tensors of one float or integer dtype and shape, or on a
float CPU tensor and a Python number, goes straight to the backend's 1-D kernel. Anything
else (broadcasting, promotion, a graph to record, CUDA) returns None and takes the general
path in ``_launch.launch``, which gives the same answers.
"""

from __future__ import annotations

from .._dtype import float32, float64, int32, int64
from .._tensor_base import Tensor
from ..autograd.grad_mode import is_grad_enabled
from ..backend import cpu

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
    dt = a._dtype
    if a.device.type != "cpu":
        return None
    if isinstance(b, Tensor):
        if (
            op not in TENSOR_OPS
            or b._dtype is not dt
            or dt not in _NUMBERS
            or (op == "div" and dt not in _FLOATS)
            or b.device.type != "cpu"
            or ((a._requires_grad or b._requires_grad) and is_grad_enabled())
        ):
            return None
        out = cpu.fast_binary(TENSOR_OPS[op], a._data, b._data)
    else:
        if (
            type(b) not in (float, int)
            or dt not in _FLOATS
            or (a._requires_grad and is_grad_enabled())
        ):
            return None
        out = cpu.fast_scalar(_SCALAR_OPS[op], a._data, b)
    return None if out is None else Tensor._make(out, a.device, dtype=dt)
