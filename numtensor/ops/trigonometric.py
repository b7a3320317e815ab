"""Unary trigonometric and hyperbolic functions, each declared once with its VJP (on the
``Unary`` base of ``unary.py``): sin, cos, tan, asin, acos, atan, sinh, cosh and tanh, as
functions, methods and in-place methods (the inverse hyperbolics are in ``special.py``).
"""

from __future__ import annotations

from .registry import UNARY, op
from .unary import Unary


@op("sin", form=UNARY, inplace=True)
class Sin(Unary):
    r"""Returns the sine :math:`\sin(x_i)` of each element of ``input`` (in radians).

    Integer and bool inputs give the default float dtype. Also ``x.sin()`` and ``x.sin_()``.

    Args:
        input (Tensor): the input tensor.

    Keyword args:
        out (Tensor, optional): the output tensor.

    Example::

        >>> torch.sin(torch.tensor([0., torch.pi / 6, torch.pi / 2]))
        tensor([0.0000, 0.5000, 1.0000])
    """

    kernel, rule, saves, node_name = "sin", "float", "x", "SinBackward0"

    def vjp(self, g):
        (x,) = self.saved
        return (g * x.cos(),)


@op("cos", form=UNARY, inplace=True)
class Cos(Unary):
    r"""Returns the cosine :math:`\cos(x_i)` of each element of ``input`` (in radians).

    Integer and bool inputs give the default float dtype. Also ``x.cos()`` and ``x.cos_()``.

    Args:
        input (Tensor): the input tensor.

    Keyword args:
        out (Tensor, optional): the output tensor.

    Example::

        >>> torch.cos(torch.tensor([0., torch.pi / 3, torch.pi]))
        tensor([ 1.0000,  0.5000, -1.0000])
    """

    kernel, rule, saves, node_name = "cos", "float", "x", "CosBackward0"

    def vjp(self, g):
        (x,) = self.saved
        return (-g * x.sin(),)


@op("tan", form=UNARY, inplace=True)
class Tan(Unary):
    r"""Returns the tangent :math:`\tan(x_i)` of each element of ``input`` (in radians).

    Integer and bool inputs give the default float dtype. Also ``x.tan()`` and ``x.tan_()``.

    Args:
        input (Tensor): the input tensor.

    Keyword args:
        out (Tensor, optional): the output tensor.

    Example::

        >>> torch.tan(torch.tensor([0., torch.pi / 4]))
        tensor([0., 1.])
    """

    kernel, rule, saves, node_name = "tan", "float", "y", "TanBackward0"

    def vjp(self, g):
        (y,) = self.saved
        return (g * (1 + y * y),)


@op("asin", form=UNARY, inplace=True, aliases=("arcsin",))
class Asin(Unary):
    r"""Returns the arcsine :math:`\sin^{-1}(x_i)` of each element of ``input``.

    Values outside [-1, 1] give NaN. Integer and bool inputs give the default float dtype.
    ``torch.arcsin`` is an alias; also ``x.asin()`` and ``x.asin_()``.

    Args:
        input (Tensor): the input tensor.

    Keyword args:
        out (Tensor, optional): the output tensor.

    Example::

        >>> torch.asin(torch.tensor([0., 0.5, 1., 2.]))
        tensor([0.0000, 0.5236, 1.5708,    nan])
    """

    kernel, rule, saves, node_name = "asin", "float", "x", "AsinBackward0"

    def vjp(self, g):
        (x,) = self.saved
        return (g * (1 - x * x).rsqrt(),)


@op("acos", form=UNARY, inplace=True, aliases=("arccos",))
class Acos(Unary):
    r"""Returns the arccosine :math:`\cos^{-1}(x_i)` of each element of ``input``.

    Values outside [-1, 1] give NaN. Integer and bool inputs give the default float dtype.
    ``torch.arccos`` is an alias; also ``x.acos()`` and ``x.acos_()``.

    Args:
        input (Tensor): the input tensor.

    Keyword args:
        out (Tensor, optional): the output tensor.

    Example::

        >>> torch.acos(torch.tensor([1., 0.5, -1.]))
        tensor([0.0000, 1.0472, 3.1416])
    """

    kernel, rule, saves, node_name = "acos", "float", "x", "AcosBackward0"

    def vjp(self, g):
        (x,) = self.saved
        return (-g * (1 - x * x).rsqrt(),)


@op("atan", form=UNARY, inplace=True, aliases=("arctan",))
class Atan(Unary):
    r"""Returns the arctangent :math:`\tan^{-1}(x_i)` of each element of ``input``.

    Integer and bool inputs give the default float dtype. ``torch.arctan`` is an alias;
    also ``x.atan()`` and ``x.atan_()``.

    Args:
        input (Tensor): the input tensor.

    Keyword args:
        out (Tensor, optional): the output tensor.

    Example::

        >>> torch.atan(torch.tensor([0., 1., float("inf")]))
        tensor([0.0000, 0.7854, 1.5708])
    """

    kernel, rule, saves, node_name = "atan", "float", "x", "AtanBackward0"

    def vjp(self, g):
        (x,) = self.saved
        return (g / (1 + x * x),)


@op("sinh", form=UNARY, inplace=True)
class Sinh(Unary):
    r"""Returns the hyperbolic sine :math:`\sinh(x_i)` of each element of ``input``.

    Integer and bool inputs give the default float dtype. Also ``x.sinh()`` and
    ``x.sinh_()``.

    Args:
        input (Tensor): the input tensor.

    Keyword args:
        out (Tensor, optional): the output tensor.

    Example::

        >>> torch.sinh(torch.tensor([0., 1., -1.]))
        tensor([ 0.0000,  1.1752, -1.1752])
    """

    kernel, rule, saves, node_name = "sinh", "float", "x", "SinhBackward0"

    def vjp(self, g):
        (x,) = self.saved
        return (g * x.cosh(),)


@op("cosh", form=UNARY, inplace=True)
class Cosh(Unary):
    r"""Returns the hyperbolic cosine :math:`\cosh(x_i)` of each element of ``input``.

    Integer and bool inputs give the default float dtype. Also ``x.cosh()`` and
    ``x.cosh_()``.

    Args:
        input (Tensor): the input tensor.

    Keyword args:
        out (Tensor, optional): the output tensor.

    Example::

        >>> torch.cosh(torch.tensor([0., 1., -1.]))
        tensor([1.0000, 1.5431, 1.5431])
    """

    kernel, rule, saves, node_name = "cosh", "float", "x", "CoshBackward0"

    def vjp(self, g):
        (x,) = self.saved
        return (g * x.sinh(),)


@op("tanh", form=UNARY, inplace=True)
class Tanh(Unary):
    r"""Returns the hyperbolic tangent :math:`\tanh(x_i)` of each element of ``input``.

    Integer and bool inputs give the default float dtype. Also ``x.tanh()`` and
    ``x.tanh_()``.

    Args:
        input (Tensor): the input tensor.

    Keyword args:
        out (Tensor, optional): the output tensor.

    Example::

        >>> torch.tanh(torch.tensor([0., 1., -20.]))
        tensor([ 0.0000,  0.7616, -1.0000])
    """

    kernel, rule, saves, node_name = "tanh", "float", "y", "TanhBackward0"

    def vjp(self, g):
        (y,) = self.saved
        return (g * (1 - y * y),)
