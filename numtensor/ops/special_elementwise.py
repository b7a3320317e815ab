"""More special elementwise ops: erfinv, i0, the regularized incomplete gamma functions,
nextafter, gcd and lcm as kernels (kernels/spec.py, their scalar code in kernels/special.py),
with their VJPs; frexp, mvlgamma, hardshrink, prelu and the in-place forms polygamma_ and
sgn_ as compositions of existing ops."""

from __future__ import annotations

import math

from .. import return_types
from .._dtype import bool_, float16, int32, result_type, type_name
from .._tensor_base import Tensor
from ..autograd.function import name_node
from .binary import Binary, _tensors_only
from .conversion import to_out
from .out_variants import Out
from .registry import BINARY, UNARY, method, op
from .special import Digamma, Trigamma, polygamma
from .special_binary import _FloatsOnly
from .special_compositions import _floating
from .unary import Unary

frexp_type = return_types._make("frexp", "mantissa", "exponent")


# ---- unary kernels ---------------------------------------------------------------------------


@op("erfinv", form=UNARY, inplace=True)
class Erfinv(Unary):
    r"""Returns the inverse error function :math:`\mathrm{erf}^{-1}(x_i)` of each element.

    Defined on (-1, 1); ±1 give ±inf and values outside NaN. Integer and bool inputs give
    the default float dtype. Also ``x.erfinv()``, ``x.erfinv_()`` and
    ``numtensor.special.erfinv``.

    Args:
        input (Tensor): the input tensor.

    Keyword args:
        out (Tensor, optional): the output tensor.

    Example::

        >>> torch.erfinv(torch.tensor([0., 0.5, -1.]))
        tensor([0.0000, 0.4769,   -inf])
    """

    kernel, rule, saves, node_name = "erfinv", "float", "y", "ErfinvBackward0"

    def vjp(self, g):
        (y,) = self.saved
        return (g * (math.sqrt(math.pi) / 2) * (y * y).exp(),)


@op("i0", form=UNARY, inplace=True)
class I0(Unary):
    r"""Returns the modified Bessel function of the first kind of order 0, :math:`I_0(x_i)`.

    .. math:: I_0(x) = \sum_{k=0}^{\infty} \frac{(x^2/4)^k}{(k!)^2}

    Integer and bool inputs give the default float dtype. Also ``x.i0()``, ``x.i0_()`` and
    ``numtensor.special.i0``.

    Args:
        input (Tensor): the input tensor.

    Keyword args:
        out (Tensor, optional): the output tensor.

    Example::

        >>> torch.i0(torch.arange(3))
        tensor([1.0000, 1.2661, 2.2796])
    """

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
    r"""Computes the regularized lower incomplete gamma function elementwise.

    .. math:: P(a, x) = \frac{1}{\Gamma(a)} \int_0^x t^{a-1} e^{-t}\,dt

    with ``a = input`` and ``x = other`` (both non-negative tensors, broadcast). Only ``x``
    has a gradient. Also ``x.igamma(y)``, ``x.igamma_(y)`` and
    ``numtensor.special.gammainc``.

    Args:
        input (Tensor): the parameter ``a``.
        other (Tensor): the upper limit ``x``.

    Keyword args:
        out (Tensor, optional): the output tensor.

    Example::

        >>> torch.igamma(torch.tensor([1., 2., 3.]), torch.tensor([1., 1., 5.]))
        tensor([0.6321, 0.2642, 0.8753])
    """

    kernel, node_name = "igamma", "IgammaBackward0"


@op("igammac", form=BINARY, inplace=True)
class Igammac(_Igamma):
    r"""Computes the regularized upper incomplete gamma function elementwise.

    .. math:: Q(a, x) = \frac{1}{\Gamma(a)} \int_x^\infty t^{a-1} e^{-t}\,dt = 1 - P(a, x)

    with ``a = input`` and ``x = other`` (see :func:`igamma`). Also ``x.igammac(y)``,
    ``x.igammac_(y)`` and ``numtensor.special.gammaincc``.

    Args:
        input (Tensor): the parameter ``a``.
        other (Tensor): the lower limit ``x``.

    Keyword args:
        out (Tensor, optional): the output tensor.

    Example::

        >>> torch.igammac(torch.tensor([1., 2., 3.]), torch.tensor([1., 1., 5.]))
        tensor([0.3679, 0.7358, 0.1247])
    """

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
    r"""Computes the elementwise greatest common divisor of ``input`` and ``other``.

    The result is non-negative; ``gcd(0, 0) = 0``. Integer tensors only (broadcast). Also
    ``x.gcd(y)`` and ``x.gcd_(y)``.

    Args:
        input (Tensor): the first integers.
        other (Tensor): the second integers.

    Keyword args:
        out (Tensor, optional): the output tensor.

    Example::

        >>> torch.gcd(torch.tensor([12, -18, 0]), torch.tensor([8, 12, 0]))
        tensor([4, 6, 0])
    """

    kernel = "gcd"


@op("lcm", form=BINARY, inplace=True)
class Lcm(_IntegersOnly):
    r"""Computes the elementwise least common multiple of ``input`` and ``other``.

    The result is non-negative, and 0 where either is 0. Integer tensors only (broadcast).
    Also ``x.lcm(y)`` and ``x.lcm_(y)``.

    Args:
        input (Tensor): the first integers.
        other (Tensor): the second integers.

    Keyword args:
        out (Tensor, optional): the output tensor.

    Example::

        >>> torch.lcm(torch.tensor([4, -6, 0]), torch.tensor([6, 4, 5]))
        tensor([12, 12,  0])
    """

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
    r"""Returns the next representable floating-point value after ``input`` toward ``other``.

    Elementwise, in the promoted floating dtype (broadcast); where the two are equal,
    ``other`` is returned. Also ``x.nextafter(y)`` and ``x.nextafter_(y)``.

    Args:
        input (Tensor): the starting values.
        other (Tensor): the directions.

    Keyword args:
        out (Tensor, optional): the output tensor.

    Example::

        >>> torch.nextafter(torch.tensor([1., 1.]), torch.tensor([2., 0.])) - 1
        tensor([ 1.1921e-07, -5.9605e-08])
    """
    _tensors_only("nextafter", input, other)
    d = result_type(input, other)
    if d is float16 and input.dtype is float16:
        _FloatsOnly.result_dtype(_Nextafter(), input, other)
        return to_out(_nextafter_half(input, other), out)
    return _Nextafter.apply(input, other, out=out)


# ---- compositions ----------------------------------------------------------------------------


@op("frexp", method=True, out=Out(frexp_type))
def frexp(input):
    r"""Decomposes ``input`` into mantissa and exponent: ``input = mantissa * 2**exponent``.

    The mantissa has ``input``'s dtype and a magnitude in [0.5, 1); the exponent is int32.
    Zeros, infinities and NaNs give themselves with exponent 0. Floating-point inputs only.
    ``x.frexp()`` is the method form.

    Args:
        input (Tensor): the input tensor.

    Keyword args:
        out (tuple of two Tensors, optional): the output tensors.

    Returns:
        A named tuple ``(mantissa, exponent)``.

    Example::

        >>> torch.frexp(torch.tensor([8., 0.3, -5.]))
        numtensor.return_types.frexp(
        mantissa=tensor([ 0.5000,  0.6000, -0.6250]),
        exponent=tensor([ 4, -1,  3], dtype=numtensor.int32))
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
    r"""Computes the multivariate log-gamma function of dimension ``p``, elementwise.

    .. math:: \log \Gamma_p(x) = \frac{p (p - 1)}{4} \log \pi + \sum_{i=0}^{p-1}
        \log \Gamma\Big(x - \frac{i}{2}\Big)

    Integer inputs give the default float dtype. Also ``x.mvlgamma(p)``, ``x.mvlgamma_(p)``
    and ``numtensor.special.multigammaln``.

    Args:
        input (Tensor): the input tensor (all elements greater than ``(p - 1) / 2``).
        p (int): the dimension, at least 1.

    Keyword args:
        out (Tensor, optional): the output tensor.

    Example::

        >>> torch.mvlgamma(torch.tensor([2.5, 3.]), p=2)
        tensor([0.8570, 1.5502])
    """
    from .creation import arange

    if p < 1:
        raise RuntimeError("p has to be greater than or equal to 1")
    x = _floating(input)
    shifts = arange(p, dtype=x.dtype, device=x.device) / 2
    result = (x.unsqueeze(-1) - shifts).lgamma().sum(-1) + p * (p - 1) / 4 * math.log(math.pi)
    return to_out(result, out)


def _polygamma_(self: Tensor, n: int) -> Tensor:
    r"""In-place version of :meth:`Tensor.polygamma`: ``x.polygamma_(n)`` replaces ``x`` by
    the ``n``-th derivative of the digamma function at ``x``.

    Example::

        >>> torch.tensor([1., 2.]).polygamma_(1)
        tensor([1.6449, 0.6449])
    """
    if n < 0:
        raise RuntimeError("polygamma(n, x) does not support negative n.")
    if n == 0:
        return Digamma.apply(self, inplace=True)
    if n == 1:
        return Trigamma.apply(self, inplace=True)
    return self.copy_(polygamma(n, self))


method("polygamma_", _polygamma_)


def _sgn_(self: Tensor) -> Tensor:
    r"""In-place version of :meth:`Tensor.sgn`: the sign of each element (``x / |x|`` for
    complex ones, 0 at 0).

    Example::

        >>> torch.tensor([-2., 0., 3.]).sgn_()
        tensor([-1.,  0.,  1.])
    """
    return self.copy_(self.sgn()) if self.is_complex() else self.sign_()


method("sgn_", _sgn_)


@op("hardshrink")
def hardshrink(input, lambd: float = 0.5):
    r"""Applies the hard shrinkage function elementwise: ``input`` where
    :math:`|x| > \lambda`, else 0.

    ``x.hardshrink(lambd)`` is the method; :func:`numtensor.nn.functional.hardshrink` the
    layer form.

    Args:
        input (Tensor): the input tensor.
        lambd (float): the threshold :math:`\lambda`. Default: 0.5.

    Example::

        >>> torch.tensor([-1., -0.3, 0.2, 2.]).hardshrink()
        tensor([-1.,  0.,  0.,  2.])
        >>> torch.tensor([-1., -0.3, 0.2, 2.]).hardshrink(0.25)
        tensor([-1.0000, -0.3000,  0.0000,  2.0000])
    """
    from .pointwise import where

    out = where(input.abs() > lambd, input, input.new_zeros(()))
    return name_node(out, "HardshrinkBackward0")


@op("prelu")
def prelu(input, weight):
    r"""Applies the parametric ReLU :math:`\max(0, x) + w \min(0, x)` elementwise.

    ``weight`` holds one slope for all elements, or one per channel (dim 1 of ``input``,
    or dim 0 of a 1-D input); its dtype must be ``input``'s. ``x.prelu(weight)`` is the
    method; :func:`numtensor.nn.functional.prelu` the layer form.

    Args:
        input (Tensor): the input tensor.
        weight (Tensor): the slopes for negative inputs.

    Example::

        >>> torch.prelu(torch.tensor([-2., 2.]), torch.tensor([0.1]))
        tensor([-0.2000,  2.0000])
        >>> torch.tensor([[-1., 2.], [-4., 3.]]).prelu(torch.tensor([0.25, 0.5]))
        tensor([[-0.2500,  2.0000],
                [-1.0000,  3.0000]])
    """
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
    return name_node(out, "PreluKernelBackward0")
