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
    r"""Returns the inverse hyperbolic sine :math:`\sinh^{-1}(x_i)` of each element.

    Integer and bool inputs give the default float dtype. ``torch.arcsinh`` is an alias;
    also ``x.asinh()`` and ``x.asinh_()``.

    Args:
        input (Tensor): the input tensor.

    Keyword args:
        out (Tensor, optional): the output tensor.

    Example::

        >>> torch.asinh(torch.tensor([0., 1., -2.]))
        tensor([ 0.0000,  0.8814, -1.4436])
    """

    kernel, rule, saves, node_name = "asinh", "float", "x", "AsinhBackward0"

    def vjp(self, g):
        (x,) = self.saved
        return (g * (x * x + 1).rsqrt(),)


@op("acosh", form=UNARY, inplace=True, aliases=("arccosh",))
class Acosh(Unary):
    r"""Returns the inverse hyperbolic cosine :math:`\cosh^{-1}(x_i)` of each element.

    Values below 1 give NaN. Integer and bool inputs give the default float dtype.
    ``torch.arccosh`` is an alias; also ``x.acosh()`` and ``x.acosh_()``.

    Args:
        input (Tensor): the input tensor.

    Keyword args:
        out (Tensor, optional): the output tensor.

    Example::

        >>> torch.acosh(torch.tensor([1., 2., 0.5]))
        tensor([0.0000, 1.3170,    nan])
    """

    kernel, rule, saves, node_name = "acosh", "float", "x", "AcoshBackward0"

    def vjp(self, g):
        (x,) = self.saved
        return (g * (x * x - 1).rsqrt(),)


@op("atanh", form=UNARY, inplace=True, aliases=("arctanh",))
class Atanh(Unary):
    r"""Returns the inverse hyperbolic tangent :math:`\tanh^{-1}(x_i)` of each element.

    ±1 give ±inf and values outside [-1, 1] NaN. Integer and bool inputs give the default
    float dtype. ``torch.arctanh`` is an alias; also ``x.atanh()`` and ``x.atanh_()``.

    Args:
        input (Tensor): the input tensor.

    Keyword args:
        out (Tensor, optional): the output tensor.

    Example::

        >>> torch.atanh(torch.tensor([0., 0.5, 1.]))
        tensor([0.0000, 0.5493,    inf])
    """

    kernel, rule, saves, node_name = "atanh", "float", "x", "AtanhBackward0"

    def vjp(self, g):
        (x,) = self.saved
        return (g / (1 - x * x),)


@op("erfc", form=UNARY, inplace=True)
class Erfc(Unary):
    r"""Returns the complementary error function :math:`1 - \mathrm{erf}(x_i)` of each
    element, accurate where ``erf`` is close to 1.

    Integer and bool inputs give the default float dtype. Also ``x.erfc()``, ``x.erfc_()``
    and ``numtensor.special.erfc``.

    Args:
        input (Tensor): the input tensor.

    Keyword args:
        out (Tensor, optional): the output tensor.

    Example::

        >>> torch.erfc(torch.tensor([0., 1., -1.]))
        tensor([1.0000, 0.1573, 1.8427])
    """

    kernel, rule, saves, node_name = "erfc", "float", "x", "ErfcBackward0"

    def vjp(self, g):
        (x,) = self.saved
        return (g * (-2.0 / math.sqrt(math.pi)) * (-(x * x)).exp(),)


@op("lgamma", form=UNARY, inplace=True)
class Lgamma(Unary):
    r"""Returns :math:`\ln |\Gamma(x_i)|`, the log of the absolute gamma function.

    Integer and bool inputs give the default float dtype. Also ``x.lgamma()``,
    ``x.lgamma_()`` and ``numtensor.special.gammaln``.

    Args:
        input (Tensor): the input tensor.

    Keyword args:
        out (Tensor, optional): the output tensor.

    Example::

        >>> torch.lgamma(torch.tensor([1., 0.5, 10.]))
        tensor([ 0.0000,  0.5724, 12.8018])
    """

    kernel, rule, saves, node_name = "lgamma", "float", "x", "LgammaBackward0"

    def vjp(self, g):
        (x,) = self.saved
        return (g * x.digamma(),)


@op("digamma", form=UNARY, inplace=True)
class Digamma(Unary):
    r"""Returns the digamma function :math:`\psi(x) = \frac{d}{dx} \ln \Gamma(x)` of each
    element.

    Integer and bool inputs give the default float dtype. Also ``x.digamma()``,
    ``x.digamma_()``, ``numtensor.special.digamma`` and ``numtensor.special.psi``.

    Args:
        input (Tensor): the input tensor.

    Keyword args:
        out (Tensor, optional): the output tensor.

    Example::

        >>> torch.digamma(torch.tensor([1., 0.5, 2.]))
        tensor([-0.5772, -1.9635,  0.4228])
    """

    kernel, rule, saves, node_name = "digamma", "float", "x", "DigammaBackward0"

    def vjp(self, g):
        (x,) = self.saved
        return (g * Trigamma.apply(x),)


class Trigamma(Unary):
    kernel, rule, saves, node_name = "trigamma", "float", "x", "PolygammaBackward0"

    def vjp(self, g):
        (x,) = self.saved
        return (g * polygamma(2, x),)


def _polygamma_method(self, n):
    r"""``x.polygamma(n)`` is ``torch.polygamma(n, x)``: the ``n``-th derivative of the
    digamma function at ``x`` (see :func:`numtensor.polygamma`).

    Example::

        >>> torch.tensor([1., 0.5]).polygamma(2)
        tensor([ -2.4041, -16.8288])
    """
    return polygamma(n, self)


@op("polygamma", method=_polygamma_method)
def polygamma(n: int, input, *, out=None):
    r"""Returns the ``n``-th derivative of the digamma function of each element of ``input``.

    .. math:: \psi^{(n)}(x) = \frac{d^{(n)}}{dx^{(n)}} \psi(x)

    ``n = 0`` is :func:`digamma`. Integer inputs give the default float dtype. Also
    ``numtensor.special.polygamma``; the method is ``x.polygamma(n)``.

    Args:
        n (int): the order of the derivative, at least 0.
        input (Tensor): the input tensor.

    Keyword args:
        out (Tensor, optional): the output tensor.

    Example::

        >>> torch.polygamma(1, torch.tensor([1., 0.5]))
        tensor([1.6449, 4.9348])
        >>> torch.polygamma(3, torch.tensor([1., 0.5]))
        tensor([ 6.4939, 97.4091])
    """
    # digamma and trigamma kernels for n = 0 and 1, and (-1)**(n + 1) * n! * zeta(n + 1, x)
    # (the Hurwitz zeta kernel) beyond, as PyTorch computes it
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
    r"""Computes the Hurwitz zeta function elementwise (``numtensor.special.zeta``).

    .. math:: \zeta(x, q) = \sum_{k=0}^{\infty} \frac{1}{(k + q)^x}

    With ``q = 1`` it is Riemann's zeta function. Either argument (not both) may be a Python
    number; they broadcast, and integer inputs give the default float dtype.

    Args:
        input (Tensor or Number): the exponent ``x``.
        other (Tensor or Number): the shift ``q``.

    Keyword args:
        out (Tensor, optional): the output tensor.

    Example::

        >>> torch.special.zeta(torch.tensor([2., 4.]), 1.)
        tensor([1.6449, 1.0823])
        >>> torch.special.zeta(2., torch.tensor([1., 2.]))
        tensor([1.6449, 0.6449])
    """
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
    r"""Returns :math:`\sqrt{x_i^2 + y_i^2}`, the hypotenuse of a right triangle with legs
    ``input`` and ``other``, without intermediate overflow.

    Both must be floating-point tensors (broadcast). Also ``x.hypot(y)`` and
    ``x.hypot_(y)``.

    Args:
        input (Tensor): the first leg.
        other (Tensor): the second leg.

    Keyword args:
        out (Tensor, optional): the output tensor.

    Example::

        >>> torch.hypot(torch.tensor([3., 5.]), torch.tensor([4., 12.]))
        tensor([ 5., 13.])
    """

    kernel, node_name = "hypot", "HypotBackward0"

    def result_dtype(self, a, b):
        return _FloatsOnly.result_dtype(self, a, b)

    def vjp(self, g):
        a, b = self.saved
        h = Hypot.apply(a, b)
        return g * a / h, g * b / h


@op("copysign", form=BINARY, inplace=True)
class Copysign(_FloatBinary):
    r"""Returns the magnitudes of ``input`` with the signs of ``other``, elementwise.

    The sign of ``-0.0`` counts as negative. ``other`` broadcasts and may be a Python
    number; integer results give the default float dtype. Also ``x.copysign(y)`` and
    ``x.copysign_(y)``.

    Args:
        input (Tensor): the magnitudes.
        other (Tensor or Number): the signs.

    Keyword args:
        out (Tensor, optional): the output tensor.

    Example::

        >>> torch.copysign(torch.tensor([1., -2., 3.]), torch.tensor([-1., 1., -0.]))
        tensor([-1.,  2., -3.])
        >>> torch.copysign(torch.tensor([1, 2]), -1)
        tensor([-1., -2.])
    """

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
    r"""Returns :math:`\log(e^{x_i} + e^{y_i})` elementwise, without overflow.

    Useful to add probabilities stored as logs. Floating-point tensors only (broadcast).
    Also ``x.logaddexp(y)``.

    Args:
        input (Tensor): the first input.
        other (Tensor): the second input.

    Keyword args:
        out (Tensor, optional): the output tensor.

    Example::

        >>> torch.logaddexp(torch.tensor([-1., 1000.]), torch.tensor([-1., 1000.]))
        tensor([-3.0685e-01,  1.0007e+03])
    """

    kernel, node_name = "logaddexp", "LogaddexpBackward0"

    def vjp(self, g):
        a, b = self.saved
        return g * (a - b).sigmoid(), g * (b - a).sigmoid()


@op("logaddexp2", form=BINARY)
class Logaddexp2(_FloatsOnly):
    r"""Returns :math:`\log_2(2^{x_i} + 2^{y_i})` elementwise, without overflow.

    Floating-point tensors only (broadcast). Also ``x.logaddexp2(y)``.

    Args:
        input (Tensor): the first input.
        other (Tensor): the second input.

    Keyword args:
        out (Tensor, optional): the output tensor.

    Example::

        >>> torch.logaddexp2(torch.tensor([1., 3.]), torch.tensor([1., 3.]))
        tensor([2., 4.])
    """

    kernel, node_name = "logaddexp2", "Logaddexp2Backward0"

    def vjp(self, g):
        a, b = self.saved
        return g * ((a - b) * math.log(2.0)).sigmoid(), g * ((b - a) * math.log(2.0)).sigmoid()


# ---- compositions ----------------------------------------------------------------------------


def _floating(x: Tensor) -> Tensor:
    return x if x.dtype.is_floating_point else x.to(get_default_dtype())


@op("deg2rad", inplace=lambda self: self.mul_(math.pi / 180))
def deg2rad(input):
    r"""Converts angles in degrees to radians: :math:`x_i \pi / 180`.

    Integer inputs give the default float dtype. Also ``x.deg2rad()`` and ``x.deg2rad_()``.

    Args:
        input (Tensor): the angles in degrees.

    Example::

        >>> torch.deg2rad(torch.tensor([180., 90., -45.]))
        tensor([ 3.1416,  1.5708, -0.7854])
    """
    return _floating(input) * (math.pi / 180)


@op("rad2deg", inplace=lambda self: self.mul_(180 / math.pi))
def rad2deg(input):
    r"""Converts angles in radians to degrees: :math:`x_i \cdot 180 / \pi`.

    Integer inputs give the default float dtype. Also ``x.rad2deg()`` and ``x.rad2deg_()``.

    Args:
        input (Tensor): the angles in radians.

    Example::

        >>> torch.rad2deg(torch.tensor([3.141592653589793, 1.]))
        tensor([180.0000,  57.2958])
    """
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
    r"""Raises ``input`` to the power ``exponent`` in double precision.

    Both are converted to float64 (complex128 for complex), so the result is always
    float64. Either may be a Python number. Also ``x.float_power(e)`` and
    ``x.float_power_(e)`` (which needs a float64 ``x``).

    Args:
        input (Tensor or Number): the base.
        exponent (Tensor or Number): the exponent.

    Keyword args:
        out (Tensor, optional): the output tensor.

    Example::

        >>> torch.float_power(torch.tensor([2, 3]), 2)
        tensor([4., 9.], dtype=numtensor.float64)
        >>> torch.float_power(torch.tensor([4.]), -0.5)
        tensor([0.5000], dtype=numtensor.float64)
    """
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
    r"""Computes the elementwise maximum of ``input`` and ``other``, ignoring NaNs.

    Like :func:`maximum`, except that where one of the two is NaN the other is taken (NaN
    only where both are). Tensors only (broadcast). Also ``x.fmax(y)``.

    Args:
        input (Tensor): the input tensor.
        other (Tensor): the second input tensor.

    Keyword args:
        out (Tensor, optional): the output tensor.

    Example::

        >>> nan = float("nan")
        >>> torch.fmax(torch.tensor([1., nan, 3., nan]), torch.tensor([2., 0., nan, nan]))
        tensor([2., 0., 3., nan])
    """
    result = _fmax_min("max", input, other)
    return to_out(result, out)


@op("fmin")
def fmin(input, other, *, out=None):
    r"""Computes the elementwise minimum of ``input`` and ``other``, ignoring NaNs.

    Like :func:`minimum`, except that where one of the two is NaN the other is taken (NaN
    only where both are). Tensors only (broadcast). Also ``x.fmin(y)``.

    Args:
        input (Tensor): the input tensor.
        other (Tensor): the second input tensor.

    Keyword args:
        out (Tensor, optional): the output tensor.

    Example::

        >>> nan = float("nan")
        >>> torch.fmin(torch.tensor([1., nan, 3., nan]), torch.tensor([2., 0., nan, nan]))
        tensor([1., 0., 3., nan])
    """
    result = _fmax_min("min", input, other)
    return to_out(result, out)


@op("xlogy", inplace=lambda self, other: self.copy_(xlogy(self, other)))
def xlogy(input, other, *, out=None):
    r"""Computes ``input * log(other)``, with 0 where ``input`` is 0.

    .. math::
        \text{out}_i = \begin{cases} \text{NaN} & \text{if other}_i = \text{NaN} \\
        0 & \text{if input}_i = 0 \\ \text{input}_i \log(\text{other}_i) & \text{otherwise}
        \end{cases}

    Either may be a Python number; integer inputs give the default float dtype. Also
    ``x.xlogy(y)``, ``x.xlogy_(y)`` and ``numtensor.special.xlogy``.

    Args:
        input (Tensor or Number): the multiplier.
        other (Tensor or Number): the argument of the logarithm.

    Keyword args:
        out (Tensor, optional): the output tensor.

    Example::

        >>> torch.xlogy(torch.tensor([0., 2., 0.]), torch.tensor([0., 3., float("nan")]))
        tensor([0.0000, 2.1972,    nan])
        >>> torch.xlogy(2, torch.tensor([1., 4.]))
        tensor([0.0000, 2.7726])
    """
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
    r"""Computes the Heaviside step function of each element of ``input``.

    0 where ``input < 0``, 1 where ``input > 0``, and ``values`` where ``input == 0``.
    ``input`` and ``values`` must have the same dtype and broadcast. Also
    ``x.heaviside(values)`` and ``x.heaviside_(values)``.

    Args:
        input (Tensor): the input tensor.
        values (Tensor): the values to use where ``input`` is zero.

    Keyword args:
        out (Tensor, optional): the output tensor.

    Example::

        >>> torch.heaviside(torch.tensor([-1.5, 0., 2.]), torch.tensor([0.5]))
        tensor([0.0000, 0.5000, 1.0000])
    """
    from .pointwise import where

    if input.dtype is not values.dtype:
        raise RuntimeError("heaviside is not yet implemented for tensors with different dtypes")
    result = where(input == 0, values, (input > 0).to(input.dtype))
    return to_out(result, out)


@op("sinc", inplace=lambda self: self.copy_(sinc(self)))
def sinc(input, *, out=None):
    r"""Computes the normalized sinc function of each element of ``input``.

    .. math:: \text{out}_i = \frac{\sin(\pi x_i)}{\pi x_i}, \quad 1 \text{ at } x_i = 0

    Integer inputs give the default float dtype. Also ``x.sinc()``, ``x.sinc_()`` and
    ``numtensor.special.sinc``.

    Args:
        input (Tensor): the input tensor.

    Keyword args:
        out (Tensor, optional): the output tensor.

    Example::

        >>> torch.sinc(torch.tensor([0., 0.5, -2.5]))
        tensor([1.0000, 0.6366, 0.1273])
    """
    from .pointwise import where

    x = _floating(input)
    px = x * math.pi
    result = where(x == 0, x.new_ones(()), px.sin() / px)
    return to_out(result, out)


@op("logit", inplace=lambda self, eps=None: self.copy_(logit(self, eps)))
def logit(input, eps=None, *, out=None):
    r"""Returns the logit :math:`\log(p / (1 - p))` of each element ``p`` of ``input``.

    With ``eps``, ``input`` is first clamped to [eps, 1 - eps] (so 0 and 1 give finite
    values). Integer inputs give the default float dtype. Also ``x.logit()``,
    ``x.logit_()`` and ``numtensor.special.logit``.

    Args:
        input (Tensor): the probabilities.
        eps (float, optional): the clamping margin. Default: None, no clamping.

    Keyword args:
        out (Tensor, optional): the output tensor.

    Example::

        >>> torch.logit(torch.tensor([0.5, 0.25, 0.]))
        tensor([ 0.0000, -1.0986,    -inf])
        >>> torch.logit(torch.tensor([0.5, 0.25, 0.]), eps=1e-6)
        tensor([  0.0000,  -1.0986, -13.8155])
    """
    x = _floating(input)
    if eps is not None:
        x = x.clamp(eps, 1 - eps)
    result = (x / (1 - x)).log()
    return to_out(result, out)


@op("signbit")
def signbit(input, *, out=None):
    r"""Tests whether the sign bit of each element of ``input`` is set (True for ``-0.0``).

    Returns a bool tensor. Also ``x.signbit()``.

    Args:
        input (Tensor): the input tensor.

    Keyword args:
        out (Tensor, optional): the output tensor.

    Example::

        >>> torch.signbit(torch.tensor([-1., 0., -0., 2.]))
        tensor([ True, False,  True, False])
    """
    if not input.dtype.is_floating_point:
        result = input < 0
    else:
        result = (input < 0) | ((input == 0) & (input.new_ones(()).copysign(input) < 0))
    return to_out(result, out)


@op("isposinf")
def isposinf(input, *, out=None):
    r"""Tests whether each element of ``input`` is positive infinity; a bool tensor.

    Also ``x.isposinf()``.

    Args:
        input (Tensor): the input tensor.

    Keyword args:
        out (Tensor, optional): the output tensor.

    Example::

        >>> torch.isposinf(torch.tensor([-float("inf"), float("inf"), 1.]))
        tensor([False,  True, False])
    """
    result = input.isinf() & (input > 0)
    return to_out(result, out)


@op("isneginf")
def isneginf(input, *, out=None):
    r"""Tests whether each element of ``input`` is negative infinity; a bool tensor.

    Also ``x.isneginf()``.

    Args:
        input (Tensor): the input tensor.

    Keyword args:
        out (Tensor, optional): the output tensor.

    Example::

        >>> torch.isneginf(torch.tensor([-float("inf"), float("inf"), 1.]))
        tensor([ True, False, False])
    """
    result = input.isinf() & (input < 0)
    return to_out(result, out)
