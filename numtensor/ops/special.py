"""Special functions: inverse hyperbolics, erfc, the gamma family, hypot, copysign and
logaddexp as kernels (kernels/spec.py) with their VJPs; the rest of PyTorch's special
elementwise ops as compositions of existing ones (their gradients come with them)."""

from __future__ import annotations

import math

from .._dtype import float64, get_default_dtype, result_type, type_name
from .._tensor_base import Tensor
from .binary import Binary, _tensors_only
from .conversion import to_out
from .registry import BINARY, UNARY, op
from .unary import Unary

# ---- unary kernels ---------------------------------------------------------------------------


@op("asinh", form=UNARY, inplace=True, aliases=("arcsinh",))
class Asinh(Unary):
    kernel, rule, saves, node_name = "asinh", "float", "x", "AsinhBackward0"

    def vjp(self, g):
        (x,) = self.saved
        return (g * (x * x + 1).rsqrt(),)


@op("acosh", form=UNARY, inplace=True, aliases=("arccosh",))
class Acosh(Unary):
    kernel, rule, saves, node_name = "acosh", "float", "x", "AcoshBackward0"

    def vjp(self, g):
        (x,) = self.saved
        return (g * (x * x - 1).rsqrt(),)


@op("atanh", form=UNARY, inplace=True, aliases=("arctanh",))
class Atanh(Unary):
    kernel, rule, saves, node_name = "atanh", "float", "x", "AtanhBackward0"

    def vjp(self, g):
        (x,) = self.saved
        return (g / (1 - x * x),)


@op("erfc", form=UNARY, inplace=True)
class Erfc(Unary):
    kernel, rule, saves, node_name = "erfc", "float", "x", "ErfcBackward0"

    def vjp(self, g):
        (x,) = self.saved
        return (g * (-2.0 / math.sqrt(math.pi)) * (-(x * x)).exp(),)


@op("lgamma", form=UNARY, inplace=True)
class Lgamma(Unary):
    kernel, rule, saves, node_name = "lgamma", "float", "x", "LgammaBackward0"

    def vjp(self, g):
        (x,) = self.saved
        return (g * x.digamma(),)


@op("digamma", form=UNARY, inplace=True)
class Digamma(Unary):
    kernel, rule, saves, node_name = "digamma", "float", "x", "DigammaBackward0"

    def vjp(self, g):
        (x,) = self.saved
        return (g * Trigamma.apply(x),)


class Trigamma(Unary):
    kernel, rule, saves, node_name = "trigamma", "float", "x", "PolygammaBackward0"

    def vjp(self, g):
        (x,) = self.saved
        return (g * polygamma(2, x),)


@op("polygamma", method=lambda self, n: polygamma(n, self))
def polygamma(n: int, input, *, out=None):
    """The n-th derivative of digamma: digamma and trigamma kernels for n = 0 and 1, and
    ``(-1)**(n + 1) * n! * zeta(n + 1, x)`` (the Hurwitz zeta kernel) beyond, as PyTorch
    computes it."""
    if n < 0:
        raise RuntimeError("polygamma(n, x) does not support negative n.")
    if n == 0:
        return Digamma.apply(input, out=out)
    if n == 1:
        return Trigamma.apply(input, out=out)
    x = input if input.dtype.is_floating_point else input.to(get_default_dtype())
    scale = (-1.0) ** (n + 1) * math.factorial(n)
    return to_out(Zeta.apply(float(n + 1), x) * scale, out)


class Zeta(Binary):
    """The Hurwitz zeta function zeta(x, q) = sum over k of (k + q)^-x (Cephes' algorithm, in
    float64); differentiable in q: d/dq zeta(x, q) = -x zeta(x + 1, q)."""

    kernel, node_name = "zeta", "SpecialZetaBackward0"

    def result_dtype(self, a, b):
        d = result_type(a, b)
        return d if d.is_floating_point else get_default_dtype()

    def vjp(self, g):
        x, q = self.saved
        if isinstance(x, Tensor) and x.requires_grad:
            raise RuntimeError("the derivative for 'self' is not implemented.")
        return None, (g * -x * Zeta.apply(x + 1, q) if isinstance(q, Tensor) else None)


def zeta(input, other, *, out=None):
    """``torch.special.zeta``: the Hurwitz zeta function of ``input`` (the exponent) and
    ``other`` (the shift); either may be a Python number."""
    if not isinstance(input, Tensor) and not isinstance(other, Tensor):
        raise TypeError("special_zeta(): expected at least one Tensor argument")
    return Zeta.apply(input, other, out=out)


# ---- binary kernels --------------------------------------------------------------------------


class _FloatBinary(Binary):
    """An op of two tensors whose integer result is the default float dtype."""

    def result_dtype(self, a, b):
        _tensors_only(self.kernel, a, b)
        d = result_type(a, b)
        return d if d.is_floating_point else get_default_dtype()


@op("hypot", form=BINARY, inplace=True)
class Hypot(_FloatBinary):
    kernel, node_name = "hypot", "HypotBackward0"

    def result_dtype(self, a, b):
        return _FloatsOnly.result_dtype(self, a, b)

    def vjp(self, g):
        a, b = self.saved
        h = Hypot.apply(a, b)
        return g * a / h, g * b / h


@op("copysign", form=BINARY, inplace=True)
class Copysign(_FloatBinary):
    kernel, node_name = "copysign", "CopysignBackward0"

    def result_dtype(self, a, b):
        d = result_type(a, b)
        return d if d.is_floating_point else get_default_dtype()

    def vjp(self, g):
        a, b = self.saved
        if not isinstance(a, Tensor):
            return None, None
        y = Copysign.apply(a, b)
        ga = (g * a.sign() * y.sign()).masked_fill(a == 0, 0)
        return ga, (g.new_zeros(b.shape) if isinstance(b, Tensor) else None)


class _FloatsOnly(_FloatBinary):
    """An op PyTorch computes for floating dtypes only."""

    def result_dtype(self, a, b):
        _tensors_only(self.kernel, a, b)
        d = result_type(a, b)
        if not d.is_floating_point:
            raise NotImplementedError(f"\"{self.kernel}_cpu\" not implemented for '{type_name(d)}'")
        return d


@op("logaddexp", form=BINARY)
class Logaddexp(_FloatsOnly):
    kernel, node_name = "logaddexp", "LogaddexpBackward0"

    def vjp(self, g):
        a, b = self.saved
        return g * (a - b).sigmoid(), g * (b - a).sigmoid()


@op("logaddexp2", form=BINARY)
class Logaddexp2(_FloatsOnly):
    kernel, node_name = "logaddexp2", "Logaddexp2Backward0"

    def vjp(self, g):
        a, b = self.saved
        return g * ((a - b) * math.log(2.0)).sigmoid(), g * ((b - a) * math.log(2.0)).sigmoid()


# ---- compositions ----------------------------------------------------------------------------


def _floating(x: Tensor) -> Tensor:
    return x if x.dtype.is_floating_point else x.to(get_default_dtype())


@op("deg2rad", inplace=lambda self: self.mul_(math.pi / 180))
def deg2rad(input):
    return _floating(input) * (math.pi / 180)


@op("rad2deg", inplace=lambda self: self.mul_(180 / math.pi))
def rad2deg(input):
    return _floating(input) * (180 / math.pi)


def _float_power_(self, exponent):
    if self.dtype is not float64:
        raise RuntimeError(
            f"the base given to float_power_ has dtype {type_name(self.dtype)} but the "
            "operation's result requires dtype Double"
        )
    return self.copy_(float_power(self, exponent))


@op("float_power", inplace=_float_power_)
def float_power(input, exponent, *, out=None):
    """``input ** exponent`` computed in float64."""
    base = input.double() if isinstance(input, Tensor) else input
    power = exponent.double() if isinstance(exponent, Tensor) else exponent
    if not isinstance(base, Tensor):
        from .creation import tensor

        base = tensor(float(base), dtype=float64, device=power.device)
    result = base.pow(power)
    return to_out(result, out)


def _fmax_min(kind: str, input, other):
    _tensors_only("f" + kind, input, other)
    pick = input.maximum(other) if kind == "max" else input.minimum(other)
    pick = pick.where(~other.isnan(), input) if pick.dtype.is_floating_point else pick
    return pick.where(~input.isnan(), other) if pick.dtype.is_floating_point else pick


@op("fmax")
def fmax(input, other, *, out=None):
    """maximum, but a NaN loses to a number."""
    result = _fmax_min("max", input, other)
    return to_out(result, out)


@op("fmin")
def fmin(input, other, *, out=None):
    result = _fmax_min("min", input, other)
    return to_out(result, out)


@op("xlogy", inplace=lambda self, other: self.copy_(xlogy(self, other)))
def xlogy(input, other, *, out=None):
    """``input * log(other)``, 0 where input is 0 (unless other is NaN)."""
    from .pointwise import where

    x = input if isinstance(input, Tensor) else None
    y = other if isinstance(other, Tensor) else None
    ref = x if x is not None else y
    d = result_type(input, other)
    d = d if d.is_floating_point else get_default_dtype()
    x = x.to(d) if x is not None else _full_like(ref, input, d)
    y = y.to(d) if y is not None else _full_like(ref, other, d)
    result = where(y.isnan(), y, where(x == 0, x.new_zeros(()), x * y.log()))
    return to_out(result, out)


def _full_like(ref: Tensor, value, d):
    from .creation import full

    return full((), value, dtype=d, device=ref.device)


@op("heaviside", inplace=lambda self, values: self.copy_(heaviside(self, values)))
def heaviside(input, values, *, out=None):
    """0 below zero, 1 above, ``values`` at zero."""
    from .pointwise import where

    if input.dtype is not values.dtype:
        raise RuntimeError("heaviside is not yet implemented for tensors with different dtypes")
    result = where(input == 0, values, (input > 0).to(input.dtype))
    return to_out(result, out)


@op("sinc", inplace=lambda self: self.copy_(sinc(self)))
def sinc(input, *, out=None):
    """sin(pi x) / (pi x), 1 at 0."""
    from .pointwise import where

    x = _floating(input)
    px = x * math.pi
    result = where(x == 0, x.new_ones(()), px.sin() / px)
    return to_out(result, out)


@op("logit", inplace=lambda self, eps=None: self.copy_(logit(self, eps)))
def logit(input, eps=None, *, out=None):
    """log(p / (1 - p)), p clamped to [eps, 1 - eps] when eps is given."""
    x = _floating(input)
    if eps is not None:
        x = x.clamp(eps, 1 - eps)
    result = (x / (1 - x)).log()
    return to_out(result, out)


@op("signbit")
def signbit(input, *, out=None):
    """Whether the sign bit is set (also for -0.0)."""
    if not input.dtype.is_floating_point:
        result = input < 0
    else:
        result = (input < 0) | ((input == 0) & (input.new_ones(()).copysign(input) < 0))
    return to_out(result, out)


@op("isposinf")
def isposinf(input, *, out=None):
    result = input.isinf() & (input > 0)
    return to_out(result, out)


@op("isneginf")
def isneginf(input, *, out=None):
    result = input.isinf() & (input < 0)
    return to_out(result, out)
