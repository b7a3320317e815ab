"""ONNX forms of the reductions, scans and softmax."""

from __future__ import annotations

import numtensor as _nt

from .shapes import DimInt
from .symbolic import converts, dims_of, is_tensor


def _reduce(g, op_type: str, x: str, ndim: int, dim, keepdim: bool) -> str:
    """``op_type`` over ``dim`` (None or empty: every dim) of value ``x``."""
    if ndim == 0:
        return x
    if dim is None or (not isinstance(dim, int) and not list(dim)):
        return g.node(op_type, [x], keepdims=int(keepdim))
    return g.node(op_type, [x, g.ints(dims_of(dim, ndim))], keepdims=int(keepdim))


@converts("sum", "mean", "prod", "amax", "amin", "logsumexp")
def reduce(g, input, dim=None, keepdim=False, *, dtype=None, out=None):
    op_type = {"sum": "ReduceSum", "mean": "ReduceMean", "prod": "ReduceProd",
               "amax": "ReduceMax", "amin": "ReduceMin",
               "logsumexp": "ReduceLogSumExp"}[g.op_name]  # fmt: skip
    if g.op_name == "prod" and dim is not None:
        dim = [dim]
    return _reduce(g, op_type, g.value(input, g.result.dtype), input.ndim, dim, keepdim)


@converts("max", "min")
def extreme(g, input, dim=None, keepdim=False, *, out=None):
    if is_tensor(dim):  # max(x, y): elementwise
        dtype = g.result.dtype
        return g.node(
            "Max" if g.op_name == "max" else "Min", [g.value(input, dtype), g.value(dim, dtype)]
        )
    op_type = "ReduceMax" if g.op_name == "max" else "ReduceMin"
    x = g.value(input)
    if dim is None:
        return _reduce(g, op_type, x, input.ndim, None, False)
    values = _reduce(g, op_type, x, input.ndim, [dim], keepdim)
    return [values, _arg(g, input, x, dim, keepdim, g.op_name)]


def _arg(g, input, x: str, dim, keepdim: bool, kind: str) -> str:
    op_type = "ArgMax" if kind == "max" else "ArgMin"
    if input.ndim == 0:
        return g.value(_nt.tensor(0))
    if input.dtype is _nt.bool:
        x = g.cast(x, _nt.int32)
    if dim is None:
        flat = g.node("Reshape", [x, g.ints([-1])])
        return g.node(op_type, [flat], axis=0, keepdims=0)
    return g.node(op_type, [x], axis=dims_of(dim, input.ndim)[0], keepdims=int(keepdim))


@converts("argmax", "argmin")
def argmax(g, input, dim=None, keepdim=False):
    result = _arg(g, input, g.value(input), dim, keepdim, g.op_name[3:])
    if dim is None and keepdim:
        return g.node("Reshape", [result, g.ints([1] * input.ndim)])
    return result


@converts("all", "any")
def all_any(g, input, dim=None, keepdim=False, *, out=None):
    op_type = "ReduceMin" if g.op_name == "all" else "ReduceMax"
    x = g.cast(g.value(input, _nt.bool), _nt.int32)
    return g.cast(_reduce(g, op_type, x, input.ndim, dim, keepdim), _nt.bool)


@converts("var", "std")
def var(g, input, dim=None, unbiased=None, keepdim=False, *, correction=None, out=None):
    if isinstance(dim, bool):  # var(x, unbiased)
        dim, unbiased = None, dim
    if correction is None:
        correction = 0 if unbiased is False else 1
    x = g.value(input)
    dims = dims_of(dim, input.ndim) if dim is not None else list(range(input.ndim))
    count = 1  # (the number of elements reduced: computed in the graph for dynamic sizes)
    for d in dims:
        count = DimInt.of(input.shape[d], input, d, g.dynamic) * count
    mean = _reduce(g, "ReduceMean", x, input.ndim, dims, True)
    centred = g.node("Sub", [x, mean])
    squares = _reduce(g, "ReduceSum", g.node("Mul", [centred, centred]), input.ndim, dims, keepdim)
    divisor = count - correction if isinstance(count, DimInt) else max(count - correction, 0)
    out = g.node("Div", [squares, g.value(divisor, input.dtype)])
    return g.node("Sqrt", [out]) if g.op_name == "std" else out


@converts("norm")
def norm(g, input, p="fro", dim=None, keepdim=False, dtype=None):
    x = g.value(input, g.result.dtype)
    if p in ("fro", 2, 2.0):
        return _reduce(g, "ReduceL2", x, input.ndim, dim, keepdim)
    if p in (1, 1.0):
        return _reduce(g, "ReduceL1", x, input.ndim, dim, keepdim)
    if p in (float("inf"), float("-inf")):
        op_type = "ReduceMax" if p > 0 else "ReduceMin"
        return _reduce(g, op_type, g.node("Abs", [x]), input.ndim, dim, keepdim)
    if isinstance(p, (int, float)) and p:
        powered = g.node("Pow", [g.node("Abs", [x]), g.scalar(p, g.result.dtype)])
        total = _reduce(g, "ReduceSum", powered, input.ndim, dim, keepdim)
        return g.node("Pow", [total, g.scalar(1.0 / p, g.result.dtype)])
    g.unsupported(f"norm with p={p!r}")


@converts("cumsum")
def cumsum(g, input, dim, *, dtype=None, out=None):
    x = g.value(input, g.result.dtype)
    if input.ndim == 0:
        return x
    return g.node("CumSum", [x, g.value(_nt.tensor(dims_of(dim, input.ndim)[0]))])


@converts("softmax", "log_softmax")
def softmax(g, input, dim=None, *args, dtype=None, **kwargs):
    if dim is None:
        dim = 0 if input.ndim in (0, 1, 3) else 1
    x = g.value(input, g.result.dtype)
    op_type = "Softmax" if g.op_name == "softmax" else "LogSoftmax"
    if input.ndim == 0:
        inner = g.node(op_type, [g.node("Unsqueeze", [x, g.ints([0])])], axis=0)
        return g.node("Squeeze", [inner, g.ints([0])])
    axis = dims_of(dim, input.ndim)[0]
    if g.opset < 13 and axis != input.ndim - 1:  # (older Softmax: over all dims from axis)
        perm = list(range(input.ndim))
        perm[axis], perm[-1] = perm[-1], perm[axis]
        moved = g.node(op_type, [g.node("Transpose", [x], perm=perm)], axis=input.ndim - 1)
        return g.node("Transpose", [moved], perm=perm)
    return g.node(op_type, [x], axis=axis)
