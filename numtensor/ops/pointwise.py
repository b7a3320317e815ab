"""The public pointwise API: ``numtensor.exp(x)``, ``x.exp()``, ``x.exp_()``, operators.

Functions and methods here only parse arguments and call an op's ``apply``; the ops live in
``unary.py`` and ``binary.py``.
"""

from __future__ import annotations

from .._tensor_base import Tensor
from . import _fast
from ._common import as_method
from .binary import BINARY_OPS, Clamp, Div, Lerp, Where, check_operand
from .unary import UNARY_OPS, NanToNum, Round


def _unary_function(name: str, op):
    def function(input: Tensor, *, out: Tensor | None = None) -> Tensor:
        return op.apply(input, out=out)

    function.__name__ = function.__qualname__ = name
    function.__doc__ = f"Elementwise ``{name}`` of ``input``."
    return function


def _unary_inplace(name: str, op):
    def method(self: Tensor) -> Tensor:
        return op.apply(self, inplace=True)

    method.__name__ = method.__qualname__ = name + "_"
    return method


def _binary_function(name: str, op):
    def function(input, other, *, out: Tensor | None = None) -> Tensor:
        return op.apply(input, other, out=out)

    function.__name__ = function.__qualname__ = name
    function.__doc__ = f"Elementwise ``{name}`` of ``input`` and ``other``, with broadcasting."
    return function


def _binary_inplace(name: str, op):
    def method(self: Tensor, other) -> Tensor:
        return op.apply(self, other, inplace=True)

    method.__name__ = method.__qualname__ = name + "_"
    return method


# ---- ops with extra arguments ----------------------------------------------------------------


def _scaled(other, alpha, input):
    if alpha == 1:
        return other
    int_like = (
        isinstance(input, Tensor)
        and not input.dtype.is_floating_point
        and not (isinstance(other, Tensor) and other.dtype.is_floating_point)
    )
    if int_like and isinstance(alpha, float):
        raise RuntimeError(
            "For integral input tensors, argument alpha must not be a floating point number."
        )
    return BINARY_OPS["mul"].apply(other, alpha) if isinstance(other, Tensor) else other * alpha


def add(input, other, *, alpha=1, out=None) -> Tensor:
    """``input + alpha * other`` with broadcasting and type promotion."""
    return BINARY_OPS["add"].apply(input, _scaled(other, alpha, input), out=out)


def sub(input, other, *, alpha=1, out=None) -> Tensor:
    """``input - alpha * other``."""
    return BINARY_OPS["sub"].apply(input, _scaled(other, alpha, input), out=out)


def rsub(input, other, *, alpha=1) -> Tensor:
    return BINARY_OPS["sub"].apply(other, _scaled(input, alpha, input))


def div(input, other, *, rounding_mode=None, out=None) -> Tensor:
    """True division; ``rounding_mode='trunc'`` or ``'floor'`` rounds the quotient."""
    return Div.apply(input, other, rounding_mode, out=out)


def floor_divide(input, other, *, out=None) -> Tensor:
    return Div.apply(input, other, "floor", out=out)


def true_divide(input, other, *, out=None) -> Tensor:
    return Div.apply(input, other, out=out)


def round(input, *, decimals: int = 0, out=None) -> Tensor:
    """Round half to even, optionally to ``decimals`` decimal places."""
    return Round.apply(input, decimals, out=out)


def nan_to_num(input, nan=0.0, posinf=None, neginf=None, *, out=None) -> Tensor:
    """Replace NaN, +inf and -inf by finite numbers (the dtype's extremes by default)."""
    return NanToNum.apply(input, nan, posinf, neginf, out=out)


def clamp(input, min=None, max=None, *, out=None) -> Tensor:
    """Limit values to [min, max]; either bound may be None, a number or a tensor."""
    return Clamp.apply(input, min, max, out=out)


def clamp_min(input, min) -> Tensor:
    return Clamp.apply(input, min, None)


def clamp_max(input, max) -> Tensor:
    return Clamp.apply(input, None, max)


def where(condition, input=None, other=None, *, out=None):
    """``where(cond, a, b)`` picks a or b; ``where(cond)`` is ``nonzero(cond, as_tuple=True)``."""
    if input is None and other is None:
        from .index import nonzero

        return nonzero(condition, as_tuple=True)
    if out is not None:
        for value, name in ((input, "input"), (other, "other")):
            if not isinstance(value, Tensor):
                raise TypeError(
                    f"where(): argument '{name}' must be Tensor, not {type(value).__name__}"
                )
    return Where.apply(condition, input, other, out=out)


def lerp(input, end, weight, *, out=None) -> Tensor:
    """``input + weight * (end - input)``."""
    return Lerp.apply(input, end, weight, out=out)


def pow(input, exponent, *, out=None) -> Tensor:
    return BINARY_OPS["pow"].apply(input, exponent, out=out)


def addcmul(input, tensor1, tensor2, *, value=1, out=None) -> Tensor:
    """``input + value * tensor1 * tensor2``."""
    return add(input, BINARY_OPS["mul"].apply(tensor1, tensor2), alpha=value, out=out)


def addcdiv(input, tensor1, tensor2, *, value=1, out=None) -> Tensor:
    """``input + value * tensor1 / tensor2``."""
    return add(input, Div.apply(tensor1, tensor2), alpha=value, out=out)


def isclose(input, other, rtol=1e-05, atol=1e-08, equal_nan=False) -> Tensor:
    """``|input - other| <= atol + rtol * |other|`` elementwise (NaNs equal if equal_nan)."""
    check_operand(other, "isclose")
    if input.dtype is not getattr(other, "dtype", input.dtype):
        raise RuntimeError(f"{input.dtype} did not match {other.dtype}")
    a = input if input.dtype.is_floating_point else input.double()
    b = other if not isinstance(other, Tensor) or other.dtype.is_floating_point else other.double()
    close = (a - b).abs() <= atol + rtol * (b.abs() if isinstance(b, Tensor) else abs(b))
    close = close | (a == b)
    if equal_nan:
        close = close | (a.isnan() & (b.isnan() if isinstance(b, Tensor) else False))
    return close


def allclose(input, other, rtol=1e-05, atol=1e-08, equal_nan=False) -> bool:
    return bool(isclose(input, other, rtol, atol, equal_nan).all())


def equal(input, other) -> bool:
    """True when both tensors have the same shape and the same values."""
    if input.shape != other.shape:
        return False
    return bool(BINARY_OPS["eq"].apply(input, other).all())


# ---- the tables _tensor.py and __init__.py bind --------------------------------------------------

FUNCTIONS = {name: _unary_function(name, op) for name, op in UNARY_OPS.items()}
FUNCTIONS.update({name: _binary_function(name, op) for name, op in BINARY_OPS.items()})
FUNCTIONS.update(
    add=add,
    sub=sub,
    rsub=rsub,
    div=div,
    floor_divide=floor_divide,
    true_divide=true_divide,
    round=round,
    nan_to_num=nan_to_num,
    addcmul=addcmul,
    addcdiv=addcdiv,
    clamp=clamp,
    clip=clamp,
    clamp_min=clamp_min,
    clamp_max=clamp_max,
    where=where,
    lerp=lerp,
    pow=pow,
    isclose=isclose,
    allclose=allclose,
    equal=equal,
    subtract=sub,
    multiply=FUNCTIONS["mul"],
    divide=div,
    negative=FUNCTIONS["neg"],
    absolute=FUNCTIONS["abs"],
    arcsin=FUNCTIONS["asin"],
    arccos=FUNCTIONS["acos"],
    arctan=FUNCTIONS["atan"],
    fix=FUNCTIONS["trunc"],
    greater=FUNCTIONS["gt"],
    greater_equal=FUNCTIONS["ge"],
    less=FUNCTIONS["lt"],
    less_equal=FUNCTIONS["le"],
    not_equal=FUNCTIONS["ne"],
    arctan2=FUNCTIONS["atan2"],
)


def methods() -> dict:
    """Every pointwise Tensor method, in-place variant and operator."""
    table = {name: as_method(fn) for name, fn in FUNCTIONS.items()}
    for name, op in UNARY_OPS.items():
        table[name + "_"] = _unary_inplace(name, op)
    for name, op in BINARY_OPS.items():
        table[name + "_"] = _binary_inplace(name, op)
    table["clip"] = table["clamp"]
    table["add_"] = lambda self, other, *, alpha=1: BINARY_OPS["add"].apply(
        self, _scaled(other, alpha, self), inplace=True
    )
    table["sub_"] = lambda self, other, *, alpha=1: BINARY_OPS["sub"].apply(
        self, _scaled(other, alpha, self), inplace=True
    )
    table["div_"] = lambda self, other, *, rounding_mode=None: Div.apply(
        self, other, rounding_mode, inplace=True
    )
    table["floor_divide_"] = lambda self, other: Div.apply(self, other, "floor", inplace=True)
    table["round_"] = lambda self, *, decimals=0: Round.apply(self, decimals, inplace=True)
    table["nan_to_num_"] = lambda self, nan=0.0, posinf=None, neginf=None: NanToNum.apply(
        self, nan, posinf, neginf, inplace=True
    )
    table["clamp_"] = lambda self, min=None, max=None: Clamp.apply(self, min, max, inplace=True)
    table["clip_"] = table["clamp_"]
    table["clamp_min_"] = lambda self, min: Clamp.apply(self, min, None, inplace=True)
    table["clamp_max_"] = lambda self, max: Clamp.apply(self, None, max, inplace=True)
    table["lerp_"] = lambda self, end, weight: Lerp.apply(self, end, weight, inplace=True)
    table["addcmul"] = lambda self, t1, t2, *, value=1: addcmul(self, t1, t2, value=value)
    table["addcdiv"] = lambda self, t1, t2, *, value=1: addcdiv(self, t1, t2, value=value)
    table["addcmul_"] = lambda self, t1, t2, *, value=1: BINARY_OPS["add"].apply(
        self, _scaled(BINARY_OPS["mul"].apply(t1, t2), value, self), inplace=True
    )
    table["addcdiv_"] = lambda self, t1, t2, *, value=1: BINARY_OPS["add"].apply(
        self, _scaled(Div.apply(t1, t2), value, self), inplace=True
    )
    table["where"] = lambda self, condition, other: Where.apply(condition, self, other)
    table.update(_operators())
    return table


def _operators() -> dict:
    ops = BINARY_OPS

    def forward(op, fast_name=None):
        def f(self, other):
            if fast_name is not None:
                result = _fast.binary(fast_name, self, other)
                if result is not None:
                    return result
            if not isinstance(other, (Tensor, bool, int, float)) and not _is_np_number(other):
                return NotImplemented
            return op.apply(self, other)

        return f

    def reflected(op, fast_name=None):
        def f(self, other):
            if fast_name is not None and type(other) in (int, float):
                result = _fast.binary(fast_name, self, other)
                if result is not None:
                    return result
            if not isinstance(other, (Tensor, bool, int, float)) and not _is_np_number(other):
                return NotImplemented
            return op.apply(other, self)

        return f

    def inplace(op):
        def f(self, other):
            return op.apply(self, other, inplace=True)

        return f

    def floordiv(self, other):
        return Div.apply(self, other, "floor")

    def rfloordiv(self, other):
        return Div.apply(other, self, "floor")

    def ifloordiv(self, other):
        return Div.apply(self, other, "floor", inplace=True)

    def invert(self):
        return UNARY_OPS["bitwise_not"].apply(self)

    table = {
        "__neg__": lambda self: UNARY_OPS["neg"].apply(self),
        "__pos__": lambda self: self,
        "__abs__": lambda self: UNARY_OPS["abs"].apply(self),
        "__invert__": invert,
        "__floordiv__": floordiv,
        "__rfloordiv__": rfloordiv,
        "__ifloordiv__": ifloordiv,
    }
    for dunder, name in (
        ("add", "add"),
        ("sub", "sub"),
        ("mul", "mul"),
        ("truediv", "div"),
        ("mod", "remainder"),
        ("pow", "pow"),
        ("and", "bitwise_and"),
        ("or", "bitwise_or"),
        ("xor", "bitwise_xor"),
    ):
        fast = {"add": "add", "sub": "sub", "mul": "mul", "truediv": "div"}.get(dunder)
        table[f"__{dunder}__"] = forward(ops[name], fast)
        table[f"__r{dunder}__"] = reflected(ops[name], fast and "r" + fast)
        table[f"__i{dunder}__"] = inplace(ops[name])
    for dunder in ("eq", "ne", "lt", "le", "gt", "ge"):
        table[f"__{dunder}__"] = forward(ops[dunder])
    return table


def _is_np_number(x) -> bool:
    import numpy as np

    return isinstance(x, (np.bool_, np.integer, np.floating))
