"""The public pointwise API: ``numtensor.exp(x)``, ``x.exp()``, ``x.exp_()``, operators.

The ops of a plain signature (``exp``, ``mul``, ``eq`` ...) declare their bindings where they
live, in ``unary.py`` and ``binary.py``; the functions here are the ops with extra arguments
(``alpha=``, ``rounding_mode=``, bounds, weights) and the operators. They only parse
arguments and call an op's ``apply``.
"""

from __future__ import annotations

import numpy as np

from .._dtype import bool_, checked, result_type
from .._tensor_base import Tensor
from . import binary, unary
from .binary import Add, Div, Eq, FloorDivide, Mul, Pow, Sub, check_operand
from .registry import method, op
from .ternary import Clamp, Lerp, Where
from .unary import NanToNum, Round

# ---- ops with extra arguments ----------------------------------------------------------------


def _scaled(other, alpha, input):
    """``alpha * other`` as ``add``/``sub`` use it: in the result's dtype (so an int8 operand
    does not wrap before promotion), alpha converted as PyTorch checks it."""
    if alpha == 1 and not isinstance(alpha, bool):
        return other
    result = result_type(input, other)
    if isinstance(alpha, (bool, np.bool_)) and result is not bool_:
        raise RuntimeError("Boolean alpha only supported for Boolean results.")
    if not result.is_floating_point and isinstance(alpha, (float, np.floating)):
        raise RuntimeError(
            "For integral input tensors, argument alpha must not be a floating point number."
        )
    alpha = checked(alpha, result)
    if result is bool_:  # (a logical or: alpha only says whether other counts)
        return other if alpha else (other & False if isinstance(other, Tensor) else False)
    if not isinstance(other, Tensor):
        return other * alpha
    if other.dtype is not result:
        other = other.to(result)
    return Mul.apply(other, alpha)


@op(
    "add",
    inplace=lambda self, other, *, alpha=1: Add.apply(
        self, _scaled(other, alpha, self), inplace=True
    ),
)
def add(input, other, *, alpha=1, out=None) -> Tensor:
    """``input + alpha * other`` with broadcasting and type promotion."""
    return Add.apply(input, _scaled(other, alpha, input), out=out)


@op(
    "sub",
    aliases=("subtract",),
    inplace=lambda self, other, *, alpha=1: Sub.apply(
        self, _scaled(other, alpha, self), inplace=True
    ),
)
def sub(input, other, *, alpha=1, out=None) -> Tensor:
    """``input - alpha * other``."""
    return Sub.apply(input, _scaled(other, alpha, input), out=out)


@op("rsub")
def rsub(input, other, *, alpha=1) -> Tensor:
    if not isinstance(input, Tensor):
        raise binary._no_overload("rsub", input, other)
    return Sub.apply(other, _scaled(input, alpha, input))


@op(
    "div",
    aliases=("divide",),
    inplace=lambda self, other, *, rounding_mode=None: Div.apply(
        self, other, rounding_mode, inplace=True
    ),
)
def div(input, other, *, rounding_mode=None, out=None) -> Tensor:
    """True division; ``rounding_mode='trunc'`` or ``'floor'`` rounds the quotient."""
    return Div.apply(input, other, rounding_mode, out=out)


@op("floor_divide", inplace=lambda self, other: FloorDivide.apply(self, other, inplace=True))
def floor_divide(input, other, *, out=None) -> Tensor:
    return FloorDivide.apply(input, other, out=out)


@op("true_divide", inplace=lambda self, other: Div.apply(self, other, inplace=True))
def true_divide(input, other, *, out=None) -> Tensor:
    return Div.apply(input, other, out=out)


@op("round", inplace=lambda self, *, decimals=0: Round.apply(self, decimals, inplace=True))
def round(input, *, decimals: int = 0, out=None) -> Tensor:
    """Round half to even, optionally to ``decimals`` decimal places."""
    return Round.apply(input, decimals, out=out)


@op(
    "nan_to_num",
    inplace=lambda self, nan=0.0, posinf=None, neginf=None: NanToNum.apply(
        self, nan, posinf, neginf, inplace=True
    ),
)
def nan_to_num(input, nan=0.0, posinf=None, neginf=None, *, out=None) -> Tensor:
    """Replace NaN, +inf and -inf by finite numbers (the dtype's extremes by default)."""
    return NanToNum.apply(input, nan, posinf, neginf, out=out)


@op(
    "clamp",
    aliases=("clip",),
    inplace=lambda self, min=None, max=None: Clamp.apply(self, min, max, inplace=True),
)
def clamp(input, min=None, max=None, *, out=None) -> Tensor:
    """Limit values to [min, max]; either bound may be None, a number or a tensor."""
    return Clamp.apply(input, min, max, out=out)


@op("clamp_min", inplace=lambda self, min: Clamp.apply(self, min, None, inplace=True))
def clamp_min(input, min) -> Tensor:
    return Clamp.apply(input, min, None)


@op("clamp_max", inplace=lambda self, max: Clamp.apply(self, None, max, inplace=True))
def clamp_max(input, max) -> Tensor:
    return Clamp.apply(input, None, max)


@op("where", method=lambda self, condition, other: Where.apply(condition, self, other))
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


@op("lerp", inplace=lambda self, end, weight: Lerp.apply(self, end, weight, inplace=True))
def lerp(input, end, weight, *, out=None) -> Tensor:
    """``input + weight * (end - input)``."""
    return Lerp.apply(input, end, weight, out=out)


@op("pow", inplace=lambda self, exponent: Pow.apply(self, exponent, inplace=True))
def pow(input, exponent, *, out=None) -> Tensor:
    return Pow.apply(input, exponent, out=out)


def _addcmul_product(input, t1, t2):
    if result_type(input, t1, t2) is bool_:
        raise NotImplementedError("\"addcmul_cpu_out\" not implemented for 'Bool'")
    return Mul.apply(t1, t2)


def _addcdiv_quotient(t1, t2):
    if all(isinstance(t, Tensor) and not t.dtype.is_floating_point for t in (t1, t2)):
        raise RuntimeError(
            "Integer division with addcdiv is no longer supported, and in a future release "
            "addcdiv will perform a true division of tensor1 and tensor2. The historic addcdiv "
            "behavior can be implemented as (input + value * torch.trunc(tensor1 / tensor2))"
            ".to(input.dtype) for integer inputs and as (input + value * tensor1 / tensor2) for "
            "float inputs. The future addcdiv behavior is just the latter implementation: "
            "(input + value * tensor1 / tensor2), for all dtypes."
        )
    return Div.apply(t1, t2)


@op(
    "addcmul",
    inplace=lambda self, t1, t2, *, value=1: Add.apply(
        self, _scaled(_addcmul_product(self, t1, t2), value, self), inplace=True
    ),
)
def addcmul(input, tensor1, tensor2, *, value=1, out=None) -> Tensor:
    """``input + value * tensor1 * tensor2``."""
    return add(input, _addcmul_product(input, tensor1, tensor2), alpha=value, out=out)


@op(
    "addcdiv",
    inplace=lambda self, t1, t2, *, value=1: Add.apply(
        self, _scaled(_addcdiv_quotient(t1, t2), value, self), inplace=True
    ),
)
def addcdiv(input, tensor1, tensor2, *, value=1, out=None) -> Tensor:
    """``input + value * tensor1 / tensor2``."""
    return add(input, _addcdiv_quotient(tensor1, tensor2), alpha=value, out=out)


@op("isclose")
def isclose(input, other, rtol=1e-05, atol=1e-08, equal_nan=False) -> Tensor:
    """``|input - other| <= atol + rtol * |other|`` elementwise (NaNs equal if equal_nan)."""
    check_operand(other, "isclose")
    if input.dtype is not getattr(other, "dtype", input.dtype):
        raise RuntimeError(f"{input.dtype} did not match {other.dtype}")
    inexact = input.dtype.is_floating_point or input.dtype.is_complex
    a = input if inexact else input.double()
    b = other if not isinstance(other, Tensor) or inexact else other.double()
    close = (a - b).abs() <= atol + rtol * (b.abs() if isinstance(b, Tensor) else abs(b))
    close = close | (a == b)
    if equal_nan:
        close = close | (a.isnan() & (b.isnan() if isinstance(b, Tensor) else False))
    return close


@op("allclose")
def allclose(input, other, rtol=1e-05, atol=1e-08, equal_nan=False) -> bool:
    return bool(isclose(input, other, rtol, atol, equal_nan).all())


@op("equal")
def equal(input, other) -> bool:
    """True when both tensors have the same shape and the same values."""
    if input.shape != other.shape:
        return False
    return bool(Eq.apply(input, other).all())


# ---- operators ------------------------------------------------------------------------------


def _operator(op_cls, reflected: bool = False):
    """``x (op) other`` (or ``other (op) x``); NotImplemented for operands numtensor doesn't
    know, so Python can try the other side. add, sub, mul and div try the shortcut for tiny
    CPU operands first (``binary.fast_binary``)."""

    apply = op_cls.apply
    kernel = op_cls.kernel if op_cls.fast else None
    if kernel is not None:  # the shortcut is tried here: on failure, straight to the general path
        apply = super(binary.Binary, op_cls).apply
    if reflected:

        def f(self, other):
            if isinstance(other, _OPERANDS) or _is_np_number(other):
                if kernel is not None:
                    out = binary.fast_binary(kernel, other, self, True)
                    if out is not None:
                        return out
                return apply(other, self)
            return NotImplemented

    else:

        def f(self, other):
            if kernel is not None:
                out = binary.fast_binary(kernel, self, other, True)
                if out is not None:
                    return out
            if isinstance(other, _OPERANDS) or _is_np_number(other):
                return apply(self, other)
            return NotImplemented

    return f


_OPERANDS = (Tensor, bool, int, float, complex)


def _inplace_operator(op_cls):
    def f(self, other):
        return op_cls.apply(self, other, inplace=True)

    return f


for _dunder, _cls in (
    ("add", binary.Add),
    ("sub", binary.Sub),
    ("mul", binary.Mul),
    ("truediv", binary.Div),
    ("mod", binary.Remainder),
    ("pow", binary.Pow),
    ("and", binary.BitwiseAnd),
    ("or", binary.BitwiseOr),
    ("xor", binary.BitwiseXor),
):
    method(f"__{_dunder}__", _operator(_cls))
    method(f"__r{_dunder}__", _operator(_cls, reflected=True))
    method(f"__i{_dunder}__", _inplace_operator(_cls))
for _dunder, _cls in (
    ("eq", binary.Eq),
    ("ne", binary.Ne),
    ("lt", binary.Lt),
    ("le", binary.Le),
    ("gt", binary.Gt),
    ("ge", binary.Ge),
):
    method(f"__{_dunder}__", _operator(_cls))
method("__neg__", lambda self: unary.Neg.apply(self))
method("__pos__", lambda self: self)
method("__abs__", lambda self: unary.Abs.apply(self))


def _invert(self):
    if self.dtype.is_floating_point:
        raise TypeError(
            "~ (operator.invert) is only implemented on integer and Boolean-type tensors"
        )
    return unary.BitwiseNot.apply(self)


method("__invert__", _invert)
method("__floordiv__", lambda self, other: FloorDivide.apply(self, other))
method("__rfloordiv__", lambda self, other: FloorDivide.apply(other, self))
method("__ifloordiv__", lambda self, other: Div.apply(self, other, "floor", inplace=True))


def _is_np_number(x) -> bool:
    import numpy as np

    return isinstance(x, (np.bool_, np.integer, np.floating))
