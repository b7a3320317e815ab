"""PyTorch's special elementwise ops composed of existing ones (their gradients come with
them): deg2rad, rad2deg, float_power, fmax, fmin, xlogy, heaviside, sinc, logit, signbit,
isposinf and isneginf.
"""

from __future__ import annotations

import math

from .._dtype import float64, get_default_dtype, result_type, type_name
from .._tensor_base import Tensor
from ..autograd.function import name_node
from ..autograd.grad_mode import is_grad_enabled
from ._common import written_as
from .binary import _tensors_only
from .conversion import to_out
from .out_variants import CAST, Out
from .registry import op


def _floating(x: Tensor) -> Tensor:
    return x if x.dtype.is_floating_point else x.to(get_default_dtype())


@op("deg2rad", inplace=lambda self: self.mul_(math.pi / 180), out=Out(dtype=CAST))
def deg2rad(input):
    r"""Converts angles in degrees to radians: :math:`x_i \pi / 180`.

    Integer inputs give the default float dtype. Also ``x.deg2rad()`` and ``x.deg2rad_()``.

    Args:
        input (Tensor): the angles in degrees.

    Keyword args:
        out (Tensor, optional): the output tensor.

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


def _xlogy_node(input, other) -> str:
    """PyTorch's node: XlogyBackward0, 1 with a number ``input``, 2 with a number ``other``."""
    if not isinstance(input, Tensor):
        return "XlogyBackward1"
    return "XlogyBackward0" if isinstance(other, Tensor) else "XlogyBackward2"


def _xlogy_(self, other):
    # (from a copy when autograd records: ``self`` is overwritten, its gradient must not read it)
    source = self.clone() if self.requires_grad and is_grad_enabled() else self
    return written_as(self, xlogy(source, other), _xlogy_node(self, other))


@op("xlogy", inplace=_xlogy_)
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
    return to_out(name_node(result, _xlogy_node(input, other)), out)


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
