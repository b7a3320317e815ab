"""Unary exponentials, logarithms and roots, each declared once with its VJP (on the
``Unary`` base of ``unary.py``): exp, exp2, expm1, log, log2, log10, log1p, sqrt, rsqrt
and reciprocal, as functions, methods and in-place methods.
"""

from __future__ import annotations

import math

from .registry import UNARY, op
from .unary import Unary


@op("exp", form=UNARY, inplace=True)
class Exp(Unary):
    r"""Returns the exponential :math:`e^{x_i}` of each element of ``input``.

    Integer and bool inputs give the default float dtype. Also ``x.exp()`` and ``x.exp_()``.

    Args:
        input (Tensor): the input tensor.

    Keyword args:
        out (Tensor, optional): the output tensor.

    Example::

        >>> torch.exp(torch.tensor([0., 1., 2.]))
        tensor([1.0000, 2.7183, 7.3891])
    """

    kernel, rule, saves, node_name = "exp", "float", "y", "ExpBackward0"

    def vjp(self, g):
        (y,) = self.saved
        return (g * y,)


@op("exp2", form=UNARY, inplace=True)
class Exp2(Unary):
    r"""Returns the base-2 exponential :math:`2^{x_i}` of each element of ``input``.

    Integer and bool inputs give the default float dtype. Also ``x.exp2()``, ``x.exp2_()``
    and ``numtensor.special.exp2``.

    Args:
        input (Tensor): the input tensor.

    Keyword args:
        out (Tensor, optional): the output tensor.

    Example::

        >>> torch.exp2(torch.tensor([0, 1, 3]))
        tensor([1., 2., 8.])
    """

    kernel, rule, saves, node_name = "exp2", "float", "y", "Exp2Backward0"

    def vjp(self, g):
        (y,) = self.saved
        return (g * y * math.log(2.0),)


@op("expm1", form=UNARY, inplace=True)
class Expm1(Unary):
    r"""Returns :math:`e^{x_i} - 1` for each element of ``input``, accurate for small ``x``.

    Integer and bool inputs give the default float dtype. Also ``x.expm1()``, ``x.expm1_()``
    and ``numtensor.special.expm1``.

    Args:
        input (Tensor): the input tensor.

    Keyword args:
        out (Tensor, optional): the output tensor.

    Example::

        >>> torch.expm1(torch.tensor([0., 1e-10, 1.]))
        tensor([0.0000e+00, 1.0000e-10, 1.7183e+00])
    """

    kernel, rule, saves, node_name = "expm1", "float", "y", "Expm1Backward0"

    def vjp(self, g):
        (y,) = self.saved
        return (g * (y + 1),)


@op("log", form=UNARY, inplace=True)
class Log(Unary):
    r"""Returns the natural logarithm :math:`\ln(x_i)` of each element of ``input``.

    Zero gives ``-inf`` and negative numbers NaN. Integer and bool inputs give the default
    float dtype. Also ``x.log()`` and ``x.log_()``.

    Args:
        input (Tensor): the input tensor.

    Keyword args:
        out (Tensor, optional): the output tensor.

    Example::

        >>> torch.log(torch.tensor([1., 2.7183, 0.]))
        tensor([0.0000, 1.0000,   -inf])
    """

    kernel, rule, saves, node_name = "log", "float", "x", "LogBackward0"

    def vjp(self, g):
        (x,) = self.saved
        return (g / x,)


@op("log2", form=UNARY, inplace=True)
class Log2(Unary):
    r"""Returns the base-2 logarithm :math:`\log_2(x_i)` of each element of ``input``.

    Integer and bool inputs give the default float dtype. Also ``x.log2()`` and
    ``x.log2_()``.

    Args:
        input (Tensor): the input tensor.

    Keyword args:
        out (Tensor, optional): the output tensor.

    Example::

        >>> torch.log2(torch.tensor([1., 2., 8.]))
        tensor([0., 1., 3.])
    """

    kernel, rule, saves, node_name = "log2", "float", "x", "Log2Backward0"

    def vjp(self, g):
        (x,) = self.saved
        return (g / (x * math.log(2.0)),)


@op("log10", form=UNARY, inplace=True)
class Log10(Unary):
    r"""Returns the base-10 logarithm :math:`\log_{10}(x_i)` of each element of ``input``.

    Integer and bool inputs give the default float dtype. Also ``x.log10()`` and
    ``x.log10_()``.

    Args:
        input (Tensor): the input tensor.

    Keyword args:
        out (Tensor, optional): the output tensor.

    Example::

        >>> torch.log10(torch.tensor([1., 10., 1000.]))
        tensor([0., 1., 3.])
    """

    kernel, rule, saves, node_name = "log10", "float", "x", "Log10Backward0"

    def vjp(self, g):
        (x,) = self.saved
        return (g / (x * math.log(10.0)),)


@op("log1p", form=UNARY, inplace=True)
class Log1p(Unary):
    r"""Returns :math:`\ln(1 + x_i)` for each element of ``input``, accurate for small ``x``.

    Integer and bool inputs give the default float dtype. Also ``x.log1p()``,
    ``x.log1p_()`` and ``numtensor.special.log1p``.

    Args:
        input (Tensor): the input tensor.

    Keyword args:
        out (Tensor, optional): the output tensor.

    Example::

        >>> torch.log1p(torch.tensor([1e-10, 1., -1.]))
        tensor([1.0000e-10, 6.9315e-01,       -inf])
    """

    kernel, rule, saves, node_name = "log1p", "float", "x", "Log1PBackward0"

    def vjp(self, g):
        (x,) = self.saved
        return (g / (x + 1),)


@op("sqrt", form=UNARY, inplace=True)
class Sqrt(Unary):
    r"""Returns the square root :math:`\sqrt{x_i}` of each element of ``input``.

    Negative numbers give NaN. Integer and bool inputs give the default float dtype. Also
    ``x.sqrt()`` and ``x.sqrt_()``.

    Args:
        input (Tensor): the input tensor.

    Keyword args:
        out (Tensor, optional): the output tensor.

    Example::

        >>> torch.sqrt(torch.tensor([4., 2., -1.]))
        tensor([2.0000, 1.4142,    nan])
    """

    kernel, rule, saves, node_name = "sqrt", "float", "y", "SqrtBackward0"

    def vjp(self, g):
        (y,) = self.saved
        return (g / (2 * y),)


@op("rsqrt", form=UNARY, inplace=True)
class Rsqrt(Unary):
    r"""Returns the reciprocal square root :math:`1 / \sqrt{x_i}` of each element of ``input``.

    Integer and bool inputs give the default float dtype. Also ``x.rsqrt()`` and
    ``x.rsqrt_()``.

    Args:
        input (Tensor): the input tensor.

    Keyword args:
        out (Tensor, optional): the output tensor.

    Example::

        >>> torch.rsqrt(torch.tensor([4., 0.25, 0.]))
        tensor([0.5000, 2.0000,    inf])
    """

    kernel, rule, saves, node_name = "rsqrt", "float", "y", "RsqrtBackward0"

    def vjp(self, g):
        (y,) = self.saved
        return (g * -0.5 * y * y * y,)


@op("reciprocal", form=UNARY, inplace=True)
class Reciprocal(Unary):
    r"""Returns the reciprocal :math:`1 / x_i` of each element of ``input``.

    Integer and bool inputs give the default float dtype (so 0 gives ``inf``). Also
    ``x.reciprocal()`` and ``x.reciprocal_()``.

    Args:
        input (Tensor): the input tensor.

    Keyword args:
        out (Tensor, optional): the output tensor.

    Example::

        >>> torch.reciprocal(torch.tensor([2, 4, 0]))
        tensor([0.5000, 0.2500,    inf])
    """

    kernel, rule, saves, node_name = "reciprocal", "float", "y", "ReciprocalBackward0"

    def vjp(self, g):
        (y,) = self.saved
        return (-g * y * y,)
