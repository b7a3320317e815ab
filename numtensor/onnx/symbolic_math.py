"""ONNX forms of the elementwise ops, comparisons, casts, matmuls and reductions."""

from __future__ import annotations

import math

import numpy as np

import numtensor as _nt

from .symbolic import common_dtype, converts, is_tensor

# ---- elementwise, one ONNX op ------------------------------------------------------------

_UNARY = {
    "abs": "Abs", "absolute": "Abs", "neg": "Neg", "negative": "Neg", "exp": "Exp",
    "log": "Log", "sqrt": "Sqrt", "sin": "Sin", "cos": "Cos", "tan": "Tan", "tanh": "Tanh",
    "sigmoid": "Sigmoid", "relu": "Relu", "floor": "Floor", "ceil": "Ceil", "sign": "Sign",
    "reciprocal": "Reciprocal", "erf": "Erf", "asin": "Asin", "arcsin": "Asin",
    "acos": "Acos", "arccos": "Acos", "atan": "Atan", "arctan": "Atan", "sinh": "Sinh",
    "cosh": "Cosh",
}  # fmt: skip


def _unary(op_type: str):
    def convert(g, input, inplace=False, *, out=None):  # (inplace: F.relu's)
        # (an integer input of a floating op is computed in the result's dtype)
        return g.node(op_type, [g.value(input, g.result.dtype)])

    return convert


for _name, _op_type in _UNARY.items():
    converts(_name)(_unary(_op_type))


@converts("isnan", "isinf")
def isnan(g, input):
    op_type = "IsNaN" if g.op_name == "isnan" else "IsInf"
    if not input.dtype.is_floating_point:
        return g.value(_nt.zeros(input.shape, dtype=_nt.bool))
    return g.node(op_type, [g.value(input)])


@converts("isfinite")
def isfinite(g, input):
    if not input.dtype.is_floating_point:
        return g.value(_nt.ones(input.shape, dtype=_nt.bool))
    x = g.value(input)
    return g.node("Not", [g.node("Or", [g.node("IsNaN", [x]), g.node("IsInf", [x])])])


@converts("rsqrt")
def rsqrt(g, input, *, out=None):
    return g.node("Reciprocal", [g.node("Sqrt", [g.value(input, g.result.dtype)])])


@converts("square")
def square(g, input, *, out=None):
    x = g.value(input, g.result.dtype)
    return g.node("Mul", [x, x])


@converts("log1p", "expm1", "exp2", "log2", "log10")
def log_family(g, input, *, out=None):
    dtype = g.result.dtype
    x = g.value(input, dtype)
    name = g.op_name
    if name == "log1p":
        return g.node("Log", [g.node("Add", [x, g.scalar(1, dtype)])])
    if name == "expm1":
        return g.node("Sub", [g.node("Exp", [x]), g.scalar(1, dtype)])
    if name == "exp2":
        return g.node("Pow", [g.scalar(2, dtype), x])
    base = 2.0 if name == "log2" else 10.0
    return g.node("Div", [g.node("Log", [x]), g.scalar(math.log(base), dtype)])


@converts("trunc", "fix", "frac")
def trunc(g, input, *, out=None):
    x = g.value(input)
    if not input.dtype.is_floating_point:
        return x if g.op_name != "frac" else g.value(_nt.zeros_like(input))
    whole = g.node("Mul", [g.node("Sign", [x]), g.node("Floor", [g.node("Abs", [x])])])
    return whole if g.op_name != "frac" else g.node("Sub", [x, whole])


@converts("round")
def round_(g, input, *, decimals=0, out=None):
    x = g.value(input)
    if not input.dtype.is_floating_point:
        return x
    if not decimals:
        return g.node("Round", [x])
    scale = g.scalar(10.0**decimals, input.dtype)
    return g.node("Div", [g.node("Round", [g.node("Mul", [x, scale])]), scale])


@converts("positive", "contiguous", "clone", "detach", "cpu", "cuda")
def identity(g, input, *args, **kwargs):
    return g.value(input)


@converts("logical_not", "bitwise_not")
def logical_not(g, input, *, out=None):
    if g.op_name == "bitwise_not" and input.dtype is not _nt.bool:
        return g.node("BitwiseNot", [g.value(input)])
    return g.node("Not", [g.value(input, _nt.bool)])


# ---- binary ------------------------------------------------------------------------------


def _pair(g, a, b, dtype=None):
    dtype = dtype or g.result.dtype
    return g.value(a, dtype), g.value(b, dtype)


def _scaled(g, x, alpha, dtype):
    name = g.value(x, dtype)
    return name if alpha == 1 else g.node("Mul", [name, g.scalar(alpha, dtype)])


@converts("add", "sub")
def add(g, input, other, *, alpha=1, out=None):
    dtype = g.result.dtype
    op_type = "Add" if g.op_name == "add" else "Sub"
    if dtype is _nt.bool:  # (bool + bool is or)
        return g.node("Or", list(_pair(g, input, other)))
    return g.node(op_type, [g.value(input, dtype), _scaled(g, other, alpha, dtype)])


@converts("rsub")
def rsub(g, input, other, *, alpha=1):
    dtype = g.result.dtype
    return g.node("Sub", [g.value(other, dtype), _scaled(g, input, alpha, dtype)])


@converts("mul", "multiply")
def mul(g, input, other, *, out=None):
    if g.result.dtype is _nt.bool:
        return g.node("And", list(_pair(g, input, other)))
    return g.node("Mul", list(_pair(g, input, other)))


@converts("div", "divide", "true_divide", "floor_divide")
def div(g, input, other, *, rounding_mode=None, out=None):
    dtype = g.result.dtype
    if g.op_name == "floor_divide":
        rounding_mode = "floor"
    if rounding_mode is None or dtype.is_floating_point:
        quotient = g.node("Div", list(_pair(g, input, other)))
        if rounding_mode == "floor":
            return g.node("Floor", [quotient])
        if rounding_mode == "trunc":
            return trunc_name(g, quotient)
        return quotient
    # integers: exact in float64 for the sizes a model holds, then rounded as asked
    a, b = _pair(g, input, other, _nt.float64)
    quotient = g.node("Div", [a, b])
    rounded = g.node("Floor", [quotient]) if rounding_mode == "floor" else trunc_name(g, quotient)
    return g.cast(rounded, dtype)


def trunc_name(g, x: str) -> str:
    return g.node("Mul", [g.node("Sign", [x]), g.node("Floor", [g.node("Abs", [x])])])


@converts("remainder", "fmod")
def remainder(g, input, other, *, out=None):
    dtype = g.result.dtype
    a, b = _pair(g, input, other)
    if g.op_name == "fmod":
        return g.node("Mod", [a, b], fmod=1)
    if not dtype.is_floating_point:
        return g.node("Mod", [a, b], fmod=0)
    floored = g.node("Floor", [g.node("Div", [a, b])])
    return g.node("Sub", [a, g.node("Mul", [floored, b])])


@converts("pow")
def pow_(g, input, exponent, *, out=None):
    dtype = g.result.dtype
    return g.node("Pow", [g.value(input, dtype), g.value(exponent, dtype)])


@converts("maximum", "minimum")
def maximum(g, input, other, *, out=None):
    return g.node("Max" if g.op_name == "maximum" else "Min", list(_pair(g, input, other)))


@converts("atan2", "arctan2")
def atan2(g, input, other, *, out=None):
    dtype = g.result.dtype
    y, x = _pair(g, input, other)
    zero, pi = g.scalar(0, dtype), g.scalar(math.pi, dtype)
    base = g.node("Atan", [g.node("Div", [y, x])])
    shift = g.node("Where", [g.node("Less", [y, zero]), g.node("Neg", [pi]), pi])
    shifted = g.node("Add", [base, g.node("Where", [g.node("Less", [x, zero]), shift, zero])])
    half = g.scalar(math.pi / 2, dtype)
    at_zero = g.node("Mul", [g.node("Sign", [y]), half])
    return g.node("Where", [g.node("Equal", [x, zero]), at_zero, shifted])


_COMPARE = {"eq": "Equal", "lt": "Less", "le": "LessOrEqual", "gt": "Greater",
            "ge": "GreaterOrEqual", "less": "Less", "less_equal": "LessOrEqual",
            "greater": "Greater", "greater_equal": "GreaterOrEqual"}  # fmt: skip


@converts(*_COMPARE, "ne", "not_equal")
def compare(g, input, other, *, out=None):
    a, b = _pair(g, input, other, common_dtype(input, other))
    if g.op_name in ("ne", "not_equal"):
        return g.node("Not", [g.node("Equal", [a, b])])
    return g.node(_COMPARE[g.op_name], [a, b])


@converts("logical_and", "logical_or", "logical_xor")
def logical(g, input, other, *, out=None):
    op_type = {"logical_and": "And", "logical_or": "Or", "logical_xor": "Xor"}[g.op_name]
    return g.node(op_type, list(_pair(g, input, other, _nt.bool)))


@converts("bitwise_and", "bitwise_or", "bitwise_xor")
def bitwise(g, input, other, *, out=None):
    kind = g.op_name.split("_")[1]
    if g.result.dtype is _nt.bool:
        return g.node(kind.capitalize(), list(_pair(g, input, other)))
    return g.node("Bitwise" + kind.capitalize(), list(_pair(g, input, other)))


# ---- ternary -----------------------------------------------------------------------------


@converts("where")
def where(g, condition, input=None, other=None):
    if input is None:
        g.unsupported("where(condition) has a shape that depends on the data")
    dtype = g.result.dtype
    return g.node("Where", [g.value(condition, _nt.bool), *_pair(g, input, other, dtype)])


@converts("clamp", "clip", "clamp_min", "clamp_max")
def clamp(g, input, min=None, max=None, *, out=None):
    if g.op_name == "clamp_max":
        min, max = None, min
    dtype = g.result.dtype
    x = g.value(input, dtype)
    if is_tensor(min) or is_tensor(max):  # (tensor bounds broadcast: Max / Min)
        if min is not None:
            x = g.node("Max", [x, g.value(min, dtype)])
        if max is not None:
            x = g.node("Min", [x, g.value(max, dtype)])
        return x
    if min is not None and max is not None and min > max:
        return g.node("Expand", [g.value(max, dtype), g.node("Shape", [x])])
    bounds = [
        g.value(min, dtype) if min is not None else "",
        g.value(max, dtype) if max is not None else "",
    ]
    while bounds and not bounds[-1]:
        bounds.pop()
    return g.node("Clip", [x, *bounds])


@converts("lerp")
def lerp(g, input, end, weight, *, out=None):
    dtype = g.result.dtype
    a, b = _pair(g, input, end)
    return g.node("Add", [a, g.node("Mul", [g.value(weight, dtype), g.node("Sub", [b, a])])])


@converts("addcmul", "addcdiv")
def addcmul(g, input, tensor1, tensor2, *, value=1, out=None):
    dtype = g.result.dtype
    op_type = "Mul" if g.op_name == "addcmul" else "Div"
    product = g.node(op_type, [g.value(tensor1, dtype), g.value(tensor2, dtype)])
    if value != 1:
        product = g.node("Mul", [product, g.scalar(value, dtype)])
    return g.node("Add", [g.value(input, dtype), product])


@converts("masked_fill")
def masked_fill(g, input, mask, value):
    dtype = g.result.dtype
    return g.node("Where", [g.value(mask, _nt.bool), g.value(value, dtype), g.value(input)])


@converts("nan_to_num")
def nan_to_num(g, input, nan=0.0, posinf=None, neginf=None, *, out=None):
    x = g.value(input)
    if not input.dtype.is_floating_point:
        return x
    info = np.finfo(input.dtype.np)
    high = info.max if posinf is None else posinf
    low = info.min if neginf is None else neginf
    dtype = input.dtype
    x = g.node("Where", [g.node("IsNaN", [x]), g.scalar(nan, dtype), x])
    x = g.node("Where", [g.node("IsInf", [x], detect_negative=0), g.scalar(high, dtype), x])
    return g.node("Where", [g.node("IsInf", [x], detect_positive=0), g.scalar(low, dtype), x])


# ---- casts -------------------------------------------------------------------------------


def cast_to_result(g, input, *args, **kwargs):
    """``x.float()``, ``x.to(dtype)``, ``x.type(dtype)``, ``x.type_as(y)``, ``x.long()``..."""
    if not is_tensor(g.result):  # (x.type() with no argument: a string)
        return None
    x = g.value(input)
    return x if input.dtype is g.result.dtype else g.cast(x, g.result.dtype)


for _name in ("to", "type", "type_as", "float", "double", "half", "long", "int", "short",
              "char", "byte", "bool"):  # fmt: skip
    converts(_name)(cast_to_result)


# ---- matmul family -----------------------------------------------------------------------


@converts("matmul", "mm", "bmm", "mv", "dot", "inner", "vdot")
def matmul(g, input, other, *, out=None):
    dtype = g.result.dtype
    return g.node("MatMul", [g.value(input, dtype), g.value(other, dtype)])


@converts("addmm")
def addmm(g, input, mat1, mat2, *, beta=1, alpha=1, out=None):
    dtype = g.result.dtype
    operands = [g.value(mat1, dtype), g.value(mat2, dtype), g.value(input, dtype)]
    return g.node("Gemm", operands, alpha=float(alpha), beta=float(beta))


@converts("outer", "ger")
def outer(g, input, vec2, *, out=None):
    dtype = g.result.dtype
    column = g.node("Unsqueeze", [g.value(input, dtype), g.ints([1])])
    row = g.node("Unsqueeze", [g.value(vec2, dtype), g.ints([0])])
    return g.node("Mul", [column, row])
