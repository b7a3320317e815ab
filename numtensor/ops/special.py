"""Special functions as unary kernels (kernels/spec.py) with their VJPs: the inverse
hyperbolics, erfc, lgamma, digamma, trigamma, polygamma and the Hurwitz zeta. The binary
ones (hypot, copysign, logaddexp) are in ``special_binary.py``, the compositions of existing
ops in ``special_compositions.py``, more kernels in ``special_elementwise.py``.
"""

from __future__ import annotations

import math

from .._dtype import get_default_dtype, result_type
from .._tensor_base import Tensor
from .binary import Binary
from .conversion import to_out
from .registry import UNARY, op
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
