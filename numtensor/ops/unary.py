"""Unary elementwise ops, each declared once: its kernel, its dtype rule and its VJP.

Dtype rules, as in PyTorch: "same" keeps the input dtype; "float" turns integer and bool
inputs into the default float dtype; predicates answer bool.
"""

from __future__ import annotations

import math

import numpy as np

from .. import backend
from .._dtype import bool_, float32, float64, get_default_dtype
from .._tensor_base import Tensor
from ..autograd.function import Function
from ..autograd.grad_mode import is_grad_enabled
from ._launch import launch
from .registry import UNARY, op


def _not_implemented(op: str, x: Tensor):
    from .._dtype import type_name

    return NotImplementedError(f"\"{op}_cpu\" not implemented for '{type_name(x.dtype)}'")


_FLOATS = (float32, float64)

# the kernels that take complex inputs (NumPy's complex math, compiled by Numba); the other
# unary ops raise for complex tensors, as PyTorch's do
COMPLEX_KERNELS = frozenset(
    [
        "abs",
        "neg",
        "square",
        "reciprocal",
        "exp",
        "exp2",
        "expm1",
        "log",
        "log2",
        "log10",
        "log1p",
        "sqrt",
        "rsqrt",
        "sin",
        "cos",
        "tan",
        "asin",
        "acos",
        "atan",
        "sinh",
        "cosh",
        "tanh",
        "asinh",
        "acosh",
        "atanh",
        "sigmoid",
        "isnan",
        "isinf",
        "isfinite",
        "logical_not",
    ]
)


class Unary(Function):
    """y = f(x) elementwise. Subclasses name the kernel, the dtype rule and the VJP."""

    kernel: str = ""
    rule: str = "same"  # "same" | "float" | "bool"
    bool_ok: bool = True
    float_ok: bool = True
    int_ok: bool = True
    saves: str = ""  # "x", "y": what the VJP needs

    def result_dtype(self, x: Tensor):
        d = x.dtype
        if d.is_complex:
            if self.rule == "bool":
                return bool_
            return d.to_real() if self.kernel == "abs" else d
        if (
            (d is bool_ and not self.bool_ok)
            or (d.is_floating_point and not self.float_ok)
            or (d is not bool_ and not d.is_floating_point and not self.int_ok)
        ):
            raise _not_implemented(self.kernel, x)
        if self.rule == "float" and not d.is_floating_point:
            return get_default_dtype()
        if self.rule == "bool":
            return bool_
        return d

    def forward(self, x: Tensor, *, out=None, inplace=False):
        if not isinstance(x, Tensor):
            raise TypeError(
                f"{self.kernel}(): argument 'input' must be Tensor, not {type(x).__name__}"
            )
        if x._dtype.is_complex and self.kernel not in COMPLEX_KERNELS:
            if self.kernel == "sign":
                raise NotImplementedError(
                    "Unlike NumPy, torch.sign is not intended to support complex numbers. Please "
                    "use torch.sgn instead."
                )
            raise NotImplementedError(f"{self.kernel} is not supported for complex inputs")
        result = self.result_dtype(x)
        y = launch(
            self.kernel_for(x.dtype),
            (x,),
            result,
            x.dtype if self.rule == "bool" or x.dtype.is_complex else result,
            self.params(),
            inplace=x if inplace else None,
            out=out,
        )
        if self.saves == "x":
            self.save_for_backward(x)
        elif self.saves == "y":
            self.save_for_backward(y)
        return y

    def kernel_for(self, dtype) -> str:
        """The kernel computing this op for inputs of ``dtype``."""
        return self.kernel

    def params(self) -> tuple:
        return ()


# ---- sign, magnitude -------------------------------------------------------------------------


@op("abs", form=UNARY, inplace=True, aliases=("absolute",))
class Abs(Unary):
    kernel, bool_ok, saves, node_name = "abs", False, "x", "AbsBackward0"

    def vjp(self, g):
        (x,) = self.saved
        return (g * x.sign(),)


@op("neg", form=UNARY, inplace=True, aliases=("negative",))
class Neg(Unary):
    kernel, node_name = "neg", "NegBackward0"

    def result_dtype(self, x):
        if x.dtype is bool_:
            raise RuntimeError(
                "Negation, the `-` operator, on a bool tensor is not supported. If you are "
                "trying to invert a mask, use the `~` or `logical_not()` operator instead."
            )
        return x.dtype

    def vjp(self, g):
        return (-g,)


@op("sign", form=UNARY, inplace=True)
class Sign(Unary):
    kernel, node_name = "sign", "SignBackward0"

    def vjp(self, g):
        return (g.new_zeros(g.shape),)


@op("square", form=UNARY, inplace=True)
class Square(Unary):
    kernel, saves, node_name = "square", "x", "PowBackward0"

    def result_dtype(self, x):
        from .._dtype import int64

        return int64 if x.dtype is bool_ else x.dtype

    def vjp(self, g):
        (x,) = self.saved
        return (g * (2 * x),)  # (grouped as PyTorch: an inf there meets a 0 gradient as NaN)


@op("relu", form=UNARY, inplace=True)
class Relu(Unary):
    kernel, saves, node_name = "relu", "y", "ReluBackward0"

    def result_dtype(self, x):
        if x.dtype is bool_:
            raise RuntimeError("\"clamp_min_cpu\" not implemented for 'Bool'")
        return x.dtype

    def vjp(self, g):
        (y,) = self.saved
        if is_grad_enabled() or g.dtype is not y.dtype:  # create_graph: differentiable ops
            return (g.masked_fill(y <= 0, 0),)
        if g._dtype in _FLOATS and g.device == y.device:
            data = backend.of(g.device).fast_binary("relu_backward", g._data, y._data)
            if data is not None:
                return (Tensor._make(data, g.device, dtype=g._dtype),)
        return (launch("relu_backward", (g, y), g.dtype),)


# ---- exponentials and logarithms -------------------------------------------------------------


@op("exp", form=UNARY, inplace=True)
class Exp(Unary):
    kernel, rule, saves, node_name = "exp", "float", "y", "ExpBackward0"

    def vjp(self, g):
        (y,) = self.saved
        return (g * y,)


@op("exp2", form=UNARY, inplace=True)
class Exp2(Unary):
    kernel, rule, saves, node_name = "exp2", "float", "y", "Exp2Backward0"

    def vjp(self, g):
        (y,) = self.saved
        return (g * y * math.log(2.0),)


@op("expm1", form=UNARY, inplace=True)
class Expm1(Unary):
    kernel, rule, saves, node_name = "expm1", "float", "y", "Expm1Backward0"

    def vjp(self, g):
        (y,) = self.saved
        return (g * (y + 1),)


@op("log", form=UNARY, inplace=True)
class Log(Unary):
    kernel, rule, saves, node_name = "log", "float", "x", "LogBackward0"

    def vjp(self, g):
        (x,) = self.saved
        return (g / x,)


@op("log2", form=UNARY, inplace=True)
class Log2(Unary):
    kernel, rule, saves, node_name = "log2", "float", "x", "Log2Backward0"

    def vjp(self, g):
        (x,) = self.saved
        return (g / (x * math.log(2.0)),)


@op("log10", form=UNARY, inplace=True)
class Log10(Unary):
    kernel, rule, saves, node_name = "log10", "float", "x", "Log10Backward0"

    def vjp(self, g):
        (x,) = self.saved
        return (g / (x * math.log(10.0)),)


@op("log1p", form=UNARY, inplace=True)
class Log1p(Unary):
    kernel, rule, saves, node_name = "log1p", "float", "x", "Log1PBackward0"

    def vjp(self, g):
        (x,) = self.saved
        return (g / (x + 1),)


@op("sqrt", form=UNARY, inplace=True)
class Sqrt(Unary):
    kernel, rule, saves, node_name = "sqrt", "float", "y", "SqrtBackward0"

    def vjp(self, g):
        (y,) = self.saved
        return (g / (2 * y),)


@op("rsqrt", form=UNARY, inplace=True)
class Rsqrt(Unary):
    kernel, rule, saves, node_name = "rsqrt", "float", "y", "RsqrtBackward0"

    def vjp(self, g):
        (y,) = self.saved
        return (g * -0.5 * y * y * y,)


@op("reciprocal", form=UNARY, inplace=True)
class Reciprocal(Unary):
    kernel, rule, saves, node_name = "reciprocal", "float", "y", "ReciprocalBackward0"

    def vjp(self, g):
        (y,) = self.saved
        return (-g * y * y,)


# ---- trigonometric and hyperbolic ------------------------------------------------------------


@op("sin", form=UNARY, inplace=True)
class Sin(Unary):
    kernel, rule, saves, node_name = "sin", "float", "x", "SinBackward0"

    def vjp(self, g):
        (x,) = self.saved
        return (g * x.cos(),)


@op("cos", form=UNARY, inplace=True)
class Cos(Unary):
    kernel, rule, saves, node_name = "cos", "float", "x", "CosBackward0"

    def vjp(self, g):
        (x,) = self.saved
        return (-g * x.sin(),)


@op("tan", form=UNARY, inplace=True)
class Tan(Unary):
    kernel, rule, saves, node_name = "tan", "float", "y", "TanBackward0"

    def vjp(self, g):
        (y,) = self.saved
        return (g * (1 + y * y),)


@op("asin", form=UNARY, inplace=True, aliases=("arcsin",))
class Asin(Unary):
    kernel, rule, saves, node_name = "asin", "float", "x", "AsinBackward0"

    def vjp(self, g):
        (x,) = self.saved
        return (g * (1 - x * x).rsqrt(),)


@op("acos", form=UNARY, inplace=True, aliases=("arccos",))
class Acos(Unary):
    kernel, rule, saves, node_name = "acos", "float", "x", "AcosBackward0"

    def vjp(self, g):
        (x,) = self.saved
        return (-g * (1 - x * x).rsqrt(),)


@op("atan", form=UNARY, inplace=True, aliases=("arctan",))
class Atan(Unary):
    kernel, rule, saves, node_name = "atan", "float", "x", "AtanBackward0"

    def vjp(self, g):
        (x,) = self.saved
        return (g / (1 + x * x),)


@op("sinh", form=UNARY, inplace=True)
class Sinh(Unary):
    kernel, rule, saves, node_name = "sinh", "float", "x", "SinhBackward0"

    def vjp(self, g):
        (x,) = self.saved
        return (g * x.cosh(),)


@op("cosh", form=UNARY, inplace=True)
class Cosh(Unary):
    kernel, rule, saves, node_name = "cosh", "float", "x", "CoshBackward0"

    def vjp(self, g):
        (x,) = self.saved
        return (g * x.sinh(),)


@op("tanh", form=UNARY, inplace=True)
class Tanh(Unary):
    kernel, rule, saves, node_name = "tanh", "float", "y", "TanhBackward0"

    def vjp(self, g):
        (y,) = self.saved
        return (g * (1 - y * y),)


@op("erf", form=UNARY, inplace=True)
class Erf(Unary):
    kernel, rule, saves, node_name = "erf", "float", "x", "ErfBackward0"

    def vjp(self, g):
        (x,) = self.saved
        return (g * (2.0 / math.sqrt(math.pi)) * (-(x * x)).exp(),)


@op("sigmoid", form=UNARY, inplace=True)
class Sigmoid(Unary):
    kernel, rule, saves, node_name = "sigmoid", "float", "y", "SigmoidBackward0"

    def vjp(self, g):
        (y,) = self.saved
        return (g * y * (1 - y),)


# ---- rounding ----------------------------------------------------------------------------------


class _Rounding(Unary):
    """Rounding keeps integer tensors as they are (a copy), and has a zero gradient."""

    bool_ok = False

    def forward(self, x, *, out=None, inplace=False):
        if x.dtype.is_floating_point or x.dtype.is_complex or x.dtype is bool_:
            return super().forward(x, out=out, inplace=inplace)
        if inplace:
            return x
        if out is not None:
            from .conversion import copy_into_out

            return copy_into_out(out, x)
        return x.clone()

    def vjp(self, g):
        return (g.new_zeros(g.shape),)


@op("floor", form=UNARY, inplace=True)
class Floor(_Rounding):
    kernel, node_name = "floor", "FloorBackward0"


@op("ceil", form=UNARY, inplace=True)
class Ceil(_Rounding):
    kernel, node_name = "ceil", "CeilBackward0"


@op("trunc", form=UNARY, inplace=True, aliases=("fix",))
class Trunc(_Rounding):
    kernel, node_name = "trunc", "TruncBackward0"


class Round(_Rounding):
    """Half to even; with ``decimals`` it rounds ``x * 10**decimals`` and scales back."""

    kernel, node_name = "round", "RoundBackward0"

    def forward(self, x, decimals: int = 0, *, out=None, inplace=False):
        self.decimals = decimals
        if decimals:
            if not x.dtype.is_floating_point:
                raise _not_implemented("round", x)
            self.node_name = "RoundBackward1"
            self.scale_dtype = np.float64 if x.dtype.itemsize == 8 else np.float32
        return super().forward(x, out=out, inplace=inplace)

    def kernel_for(self, dtype) -> str:
        if self.decimals:
            return "round_decimals" if self.decimals > 0 else "round_decimals_neg"
        return "round"

    def params(self):
        if self.decimals:
            # the scale has the compute dtype, so x * scale rounds as PyTorch's kernel does
            return (self.scale_dtype(10.0 ** abs(self.decimals)),)
        return ()


@op("frac", form=UNARY, inplace=True)
class Frac(Unary):
    kernel, bool_ok, int_ok, node_name = "frac", False, False, "FracBackward0"

    def vjp(self, g):
        return (g,)


# ---- logical, bitwise, predicates ----------------------------------------------------------------


@op("logical_not", form=UNARY, inplace=True)
class LogicalNot(Unary):
    kernel, rule = "logical_not", "bool"


@op("bitwise_not", form=UNARY, inplace=True)
class BitwiseNot(Unary):
    kernel, float_ok = "bitwise_not", False

    def kernel_for(self, dtype) -> str:
        return "logical_not" if dtype is bool_ else "bitwise_not"


@op("isnan", form=UNARY, inplace=True)
class IsNan(Unary):
    kernel, rule = "isnan", "bool"


@op("isinf", form=UNARY, inplace=True)
class IsInf(Unary):
    kernel, rule = "isinf", "bool"


@op("isfinite", form=UNARY, inplace=True)
class IsFinite(Unary):
    kernel, rule = "isfinite", "bool"


class NanToNum(Unary):
    kernel, saves, node_name = "nan_to_num", "x", "NanToNumBackward0"

    def forward(self, x, nan=0.0, posinf=None, neginf=None, *, out=None, inplace=False):
        if not x.dtype.is_floating_point:
            return x.clone() if out is None and not inplace else (x if inplace else out.copy_(x))
        info = np.finfo(x.dtype.np)
        self.values = (
            nan,
            info.max if posinf is None else posinf,
            info.min if neginf is None else neginf,
        )
        return super().forward(x, out=out, inplace=inplace)

    def params(self):
        return tuple(float(v) for v in self.values)

    def vjp(self, g):
        (x,) = self.saved
        return (g * x.isfinite(),)
