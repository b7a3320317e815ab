"""More special elementwise ops: erfinv, i0, the regularized incomplete gamma functions,
nextafter, gcd and lcm as kernels (kernels/spec.py, their scalar code in kernels/special.py),
with their VJPs; frexp, mvlgamma, hardshrink, prelu and the in-place forms polygamma_ and
sgn_ as compositions of existing ops."""

from __future__ import annotations

import math

from .. import return_types
from .._dtype import bool_, float16, int32, result_type, type_name
from .._tensor_base import Tensor
from .binary import Binary, _tensors_only
from .conversion import to_out
from .registry import BINARY, UNARY, method, op
from .special import Digamma, Trigamma, _floating, _FloatsOnly, polygamma
from .unary import Unary

frexp_type = return_types._make("frexp", "mantissa", "exponent")


# ---- unary kernels ---------------------------------------------------------------------------


@op("erfinv", form=UNARY, inplace=True)
class Erfinv(Unary):
    """The inverse of erf on (-1, 1) (+-inf at +-1, NaN outside)."""

    kernel, rule, saves, node_name = "erfinv", "float", "y", "ErfinvBackward0"

    def vjp(self, g):
        (y,) = self.saved
        return (g * (math.sqrt(math.pi) / 2) * (y * y).exp(),)


@op("i0", form=UNARY, inplace=True)
class I0(Unary):
    """The modified Bessel function of the first kind of order 0."""

    kernel, rule, saves, node_name = "i0", "float", "x", "I0Backward0"

    def vjp(self, g):
        (x,) = self.saved
        return (g * I1.apply(x),)


class I1(Unary):
    """The modified Bessel function of the first kind of order 1 (i0's derivative)."""

    kernel, rule, saves, node_name = "i1", "float", "x", "SpecialI1Backward0"

    def vjp(self, g):
        from .pointwise import where

        (x,) = self.saved
        # i1'(x) = i0(x) - i1(x) / x, 1/2 at 0
        slope = where(x == 0, x.new_full((), 0.5), I0.apply(x) - I1.apply(x) / x)
        return (g * slope,)


# ---- binary kernels --------------------------------------------------------------------------


def _gamma_density(a: Tensor, x: Tensor) -> Tensor:
    """x**(a-1) e**-x / Gamma(a): the derivative of igamma(a, x) in x."""
    return ((a - 1) * x.log() - x - a.lgamma()).exp()


class _Igamma(_FloatsOnly):
    sign = 1.0

    def vjp(self, g):
        a, x = self.saved
        if isinstance(self.inputs[0], Tensor) and self.inputs[0].requires_grad:
            raise NotImplementedError(
                f"the derivative for '{self.kernel}: input' is not implemented."
            )
        return None, g * (self.sign * _gamma_density(a, x))


@op("igamma", form=BINARY, inplace=True)
class Igamma(_Igamma):
    """The regularized lower incomplete gamma function P(input, other)."""

    kernel, node_name = "igamma", "IgammaBackward0"


@op("igammac", form=BINARY, inplace=True)
class Igammac(_Igamma):
    """The regularized upper incomplete gamma function Q(input, other) = 1 - P(input, other)."""

    kernel, node_name, sign = "igammac", "IgammacBackward0", -1.0


class _IntegersOnly(Binary):
    """gcd and lcm: integer tensors only."""

    def result_dtype(self, a, b):
        _tensors_only(self.kernel, a, b)
        d = result_type(a, b)
        if d.is_floating_point or d is bool_:
            raise NotImplementedError(f"\"{self.kernel}_cpu\" not implemented for '{type_name(d)}'")
        return d


@op("gcd", form=BINARY, inplace=True)
class Gcd(_IntegersOnly):
    """The greatest common divisor of ``input`` and ``other`` (non-negative; gcd(0, 0) = 0)."""

    kernel = "gcd"


@op("lcm", form=BINARY, inplace=True)
class Lcm(_IntegersOnly):
    """The least common multiple of ``input`` and ``other`` (non-negative; 0 if either is)."""

    kernel = "lcm"


class _Nextafter(_FloatsOnly):
    kernel, node_name = "nextafter", "NextafterBackward0"

    def vjp(self, g):
        raise RuntimeError("the derivative for 'nextafter' is not implemented.")


def _nextafter_half(input: Tensor, other: Tensor) -> Tensor:
    """nextafter in float16 steps (the kernels compute float16 in float32): from frexp."""
    from .pointwise import where

    x, y = input.double(), other.double()
    mantissa, exponent = frexp(x)
    ulp = (exponent.double() - 11).exp2().clamp_min(2.0**-24)
    toward_zero = (y - x).sign() != x.sign()
    # stepping toward zero from a power of two crosses into the smaller binade
    ulp = where(toward_zero & (mantissa.abs() == 0.5), (ulp / 2).clamp_min(2.0**-24), ulp)
    stepped = x + (y - x).sign() * ulp
    stepped = where(x == 0, (y - x).sign() * 2.0**-24, stepped)
    stepped = where(x.isinf(), x.sign() * 65504.0, stepped)
    result = where(x == y, y, where(x.isnan() | y.isnan(), x + y, stepped))
    return result.to(float16)


@op("nextafter", inplace=lambda self, other: nextafter(self, other, out=self))
def nextafter(input, other, *, out=None):
    """The next floating-point value after ``input`` toward ``other``, elementwise."""
    _tensors_only("nextafter", input, other)
    d = result_type(input, other)
    if d is float16 and input.dtype is float16:
        _FloatsOnly.result_dtype(_Nextafter(), input, other)
        return to_out(_nextafter_half(input, other), out)
    return _Nextafter.apply(input, other, out=out)


# ---- compositions ----------------------------------------------------------------------------


@op("frexp", method=True)
def frexp(input, *, out=None):
    """Decomposes ``input`` into mantissa and exponent, ``input = mantissa * 2**exponent``,
    with |mantissa| in [0.5, 1) (0, inf and NaN: themselves with exponent 0). Returns the
    named tuple (mantissa, exponent); the exponent is int32.

    Example: ``torch.frexp(torch.tensor([8.0]))`` -> (tensor([0.5]), tensor([4], dtype=int32))
    """
    from .pointwise import where

    if not isinstance(input, Tensor):
        raise TypeError(f"frexp(): argument 'input' must be Tensor, not {type(input).__name__}")
    if not input.dtype.is_floating_point:
        raise RuntimeError("torch.frexp() only supports floating-point dtypes")
    x = input.double()  # (every float dtype's values are exact in float64)
    a = x.abs()
    regular = a.isfinite() & (a != 0)
    e = where(regular, a.log2().floor() + 1, x.new_zeros(()))
    half = (e / 2).floor()  # 2**-e in two factors: 2**1074 alone overflows
    m = x * (-half).exp2() * (half - e).exp2()
    big, small = regular & (m.abs() >= 1), regular & (m.abs() < 0.5)
    m = where(big, m / 2, where(small, m * 2, m))
    e = e + big.double() - small.double()
    mantissa = where(regular, m, x).to(input.dtype)
    exponent = e.to(int32)
    if out is not None:
        to_out(mantissa, out[0])
        to_out(exponent, out[1])
        return frexp_type(out[0], out[1])
    return frexp_type(mantissa, exponent)


def _mvlgamma_(self: Tensor, p: int) -> Tensor:
    result = mvlgamma(self, p)
    if not self.dtype.is_floating_point:
        raise RuntimeError(
            f"result type {type_name(result.dtype)} can't be cast to the desired output "
            f"type {type_name(self.dtype)}"
        )
    return self.copy_(result)


@op("mvlgamma", inplace=_mvlgamma_)
def mvlgamma(input, p: int, *, out=None):
    """The multivariate log-gamma function of dimension ``p``:
    ``p (p - 1) / 4 log(pi) + sum_{i < p} lgamma(input - i / 2)``."""
    from .creation import arange

    if p < 1:
        raise RuntimeError("p has to be greater than or equal to 1")
    x = _floating(input)
    shifts = arange(p, dtype=x.dtype, device=x.device) / 2
    result = (x.unsqueeze(-1) - shifts).lgamma().sum(-1) + p * (p - 1) / 4 * math.log(math.pi)
    return to_out(result, out)


def _polygamma_(self: Tensor, n: int) -> Tensor:
    if n < 0:
        raise RuntimeError("polygamma(n, x) does not support negative n.")
    if n == 0:
        return Digamma.apply(self, inplace=True)
    if n == 1:
        return Trigamma.apply(self, inplace=True)
    return self.copy_(polygamma(n, self))


method("polygamma_", _polygamma_)
method("sgn_", lambda self: self.copy_(self.sgn()) if self.is_complex() else self.sign_())


@op("hardshrink")
def hardshrink(input, lambd: float = 0.5):
    """``input`` where |input| > lambd, else 0."""
    from .pointwise import where

    out = where(input.abs() > lambd, input, input.new_zeros(()))
    if out.grad_fn is not None:
        out.grad_fn.node_name = "HardshrinkBackward0"
    return out


@op("prelu")
def prelu(input, weight):
    """max(0, x) + weight * min(0, x), ``weight`` one per channel (dim 1) or one for all."""
    from .pointwise import where

    if weight.dtype is not input.dtype:
        raise RuntimeError(
            f"prelu: Type promoting not supported. Got {type_name(input.dtype)} and "
            f"{type_name(weight.dtype)}"
        )
    if weight.numel() != 1:
        channels = input.shape[1] if input.ndim >= 2 else 1
        if input.ndim == 0 or weight.numel() != channels:
            raise RuntimeError(
                f"Mismatch of parameter numbers and input channel size. Found parameter numbers "
                f"= {weight.numel()} and channel size = {channels}."
            )
        shape = [1] * input.ndim
        shape[1 if input.ndim >= 2 else 0] = weight.numel()
        weight = weight.reshape(shape)
    out = where(input >= 0, input, weight * input)
    if out.grad_fn is not None:
        out.grad_fn.node_name = "PreluKernelBackward0"
    return out
