"""The public pointwise API: the ops with extra arguments.

The ops of a plain signature (``exp``, ``mul``, ``eq`` ...) declare their bindings where they
live, in ``unary.py``, ``exp_log.py``, ``binary.py``, ``compare.py`` ...; the functions here
are the ops with extra arguments (``alpha=``, ``rounding_mode=``, bounds, weights). They only
parse arguments and call an op's ``apply``. Tensor's operators are bound in ``operators.py``.
"""

from __future__ import annotations

import numpy as np

from .._dtype import bool_, checked, result_type
from .._tensor_base import Tensor
from .._typing import Number
from . import binary
from .binary import Add, Div, FloorDivide, Mul, Pow, Sub
from .registry import op
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
def add(
    input: Tensor | Number,
    other: Tensor | Number,
    *,
    alpha: Number = 1,
    out: Tensor | None = None,
) -> Tensor:
    r"""Adds ``other``, scaled by ``alpha``, to ``input``.

    .. math:: \text{out}_i = \text{input}_i + \text{alpha} \times \text{other}_i

    The operands broadcast to a common shape and promote to a common dtype as in PyTorch
    (a Python number counts by its category only). ``x.add(y)``, ``x.add_(y)`` and
    ``x + y`` are the method, in-place and operator forms.

    Args:
        input (Tensor): the input tensor.
        other (Tensor or Number): the tensor or number to add.

    Keyword args:
        alpha (Number): the multiplier for ``other``. Default: 1.
        out (Tensor, optional): the output tensor.

    Returns:
        Tensor: of the broadcast shape and the promoted dtype.

    Example::

        >>> a = torch.tensor([1., 2., 3.])
        >>> torch.add(a, 10)
        tensor([11., 12., 13.])
        >>> torch.add(a, torch.tensor([[1.], [-1.]]), alpha=2)
        tensor([[ 3.,  4.,  5.],
                [-1.,  0.,  1.]])
        >>> torch.add(torch.tensor([1, 2]), 0.5)
        tensor([1.5000, 2.5000])
    """
    return Add.apply(input, _scaled(other, alpha, input), out=out)


@op(
    "sub",
    aliases=("subtract",),
    inplace=lambda self, other, *, alpha=1: Sub.apply(
        self, _scaled(other, alpha, self), inplace=True
    ),
)
def sub(
    input: Tensor | Number,
    other: Tensor | Number,
    *,
    alpha: Number = 1,
    out: Tensor | None = None,
) -> Tensor:
    r"""Subtracts ``other``, scaled by ``alpha``, from ``input``.

    .. math:: \text{out}_i = \text{input}_i - \text{alpha} \times \text{other}_i

    Broadcasting and type promotion as for :func:`add`; bool operands raise RuntimeError.
    ``torch.subtract`` is an alias; ``x.sub(y)``, ``x.sub_(y)`` and ``x - y`` are the
    method, in-place and operator forms.

    Args:
        input (Tensor): the input tensor.
        other (Tensor or Number): the tensor or number to subtract.

    Keyword args:
        alpha (Number): the multiplier for ``other``. Default: 1.
        out (Tensor, optional): the output tensor.

    Example::

        >>> torch.sub(torch.tensor([5., 3.]), torch.tensor([1., 2.]), alpha=2)
        tensor([ 3., -1.])
        >>> torch.tensor([5, 3]) - 1
        tensor([4, 2])
    """
    return Sub.apply(input, _scaled(other, alpha, input), out=out)


@op("rsub")
def rsub(input, other, *, alpha=1) -> Tensor:
    r"""Subtracts ``input``, scaled by ``alpha``, from ``other``: the reversed :func:`sub`.

    .. math:: \text{out}_i = \text{other}_i - \text{alpha} \times \text{input}_i

    Args:
        input (Tensor): the tensor to subtract.
        other (Tensor or Number): the tensor or number to subtract from.

    Keyword args:
        alpha (Number): the multiplier for ``input``. Default: 1.

    Example::

        >>> torch.rsub(torch.tensor([1., 2.]), 10)
        tensor([9., 8.])
        >>> torch.rsub(torch.tensor([1., 2.]), 10, alpha=3)
        tensor([7., 4.])
    """
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
def div(
    input: Tensor | Number,
    other: Tensor | Number,
    *,
    rounding_mode: str | None = None,
    out: Tensor | None = None,
) -> Tensor:
    r"""Divides each element of ``input`` by the matching element of ``other``.

    .. math:: \text{out}_i = \frac{\text{input}_i}{\text{other}_i}

    By default this is true division: integer inputs give the default float dtype. With a
    ``rounding_mode`` the quotient is rounded and the promoted dtype is kept (integer
    division by zero then raises RuntimeError). Operands broadcast; either may be a Python
    number. ``torch.divide`` is an alias; ``x.div(y)``, ``x.div_(y)`` and ``x / y`` are the
    method, in-place and operator forms.

    Args:
        input (Tensor or Number): the dividend.
        other (Tensor or Number): the divisor.

    Keyword args:
        rounding_mode (str, optional): ``None`` (true division), ``"trunc"`` (round toward
            zero, as C does) or ``"floor"`` (round down, as Python's ``//``).
        out (Tensor, optional): the output tensor.

    Example::

        >>> a = torch.tensor([-7, 7])
        >>> torch.div(a, 2)
        tensor([-3.5000,  3.5000])
        >>> torch.div(a, 2, rounding_mode="trunc")
        tensor([-3,  3])
        >>> torch.div(a, 2, rounding_mode="floor")
        tensor([-4,  3])
    """
    return Div.apply(input, other, rounding_mode, out=out)


@op("floor_divide", inplace=lambda self, other: FloorDivide.apply(self, other, inplace=True))
def floor_divide(input, other, *, out=None) -> Tensor:
    r"""Divides ``input`` by ``other`` and rounds the quotient down, as Python's ``//``.

    Same as ``torch.div(input, other, rounding_mode="floor")``; the promoted dtype is kept.
    ``x.floor_divide(y)``, ``x.floor_divide_(y)`` and ``x // y`` are the method, in-place and
    operator forms. It has no gradient (as in PyTorch).

    Args:
        input (Tensor or Number): the dividend.
        other (Tensor or Number): the divisor.

    Keyword args:
        out (Tensor, optional): the output tensor.

    Example::

        >>> torch.floor_divide(torch.tensor([-7, 7]), 2)
        tensor([-4,  3])
        >>> torch.floor_divide(torch.tensor([-7., 7.]), 2)
        tensor([-4.,  3.])
    """
    return FloorDivide.apply(input, other, out=out)


@op("true_divide", inplace=lambda self, other: Div.apply(self, other, inplace=True))
def true_divide(input, other, *, out=None) -> Tensor:
    r"""Alias for :func:`numtensor.div` with ``rounding_mode=None``: true division.

    Integer inputs give the default float dtype. Also ``x.true_divide(y)`` and
    ``x.true_divide_(y)``.

    Example::

        >>> torch.true_divide(torch.tensor([1, 3]), 2)
        tensor([0.5000, 1.5000])
    """
    return Div.apply(input, other, out=out)


@op("round", inplace=lambda self, *, decimals=0: Round.apply(self, decimals, inplace=True))
def round(input, *, decimals: int = 0, out=None) -> Tensor:
    r"""Rounds each element of ``input`` to the nearest integer, halves to even.

    With ``decimals`` it rounds to that many decimal places (negative: to tens, hundreds
    ...), by scaling with :math:`10^{\text{decimals}}`, so the result may differ from the
    exact decimal rounding by floating-point error. Integer inputs are returned unchanged
    (``decimals`` needs a float input). The gradient is zero. Also ``x.round()``,
    ``x.round_()`` and ``numtensor.special.round``.

    Args:
        input (Tensor): the input tensor.

    Keyword args:
        decimals (int): the number of decimal places. Default: 0.
        out (Tensor, optional): the output tensor.

    Example::

        >>> torch.round(torch.tensor([0.5, 1.5, 2.5, -0.5]))
        tensor([0., 2., 2., -0.])
        >>> torch.round(torch.tensor([1.2345, 12.5]), decimals=2)
        tensor([ 1.2300, 12.5000])
        >>> torch.round(torch.tensor([1234., 1250.]), decimals=-2)
        tensor([1200., 1200.])
    """
    return Round.apply(input, decimals, out=out)


@op(
    "nan_to_num",
    inplace=lambda self, nan=0.0, posinf=None, neginf=None: NanToNum.apply(
        self, nan, posinf, neginf, inplace=True
    ),
)
def nan_to_num(input, nan=0.0, posinf=None, neginf=None, *, out=None) -> Tensor:
    r"""Replaces NaN, positive infinity and negative infinity in ``input`` by finite numbers.

    By default NaN becomes 0 and the infinities become the largest and the lowest finite
    value of ``input``'s dtype. Integer and bool inputs are returned unchanged (a copy). Also
    ``x.nan_to_num()`` and ``x.nan_to_num_()``.

    Args:
        input (Tensor): the input tensor.
        nan (Number, optional): the value for NaN. Default: 0.
        posinf (Number, optional): the value for ``+inf``. Default: the dtype's maximum.
        neginf (Number, optional): the value for ``-inf``. Default: the dtype's minimum.

    Keyword args:
        out (Tensor, optional): the output tensor.

    Example::

        >>> x = torch.tensor([float("nan"), float("inf"), -float("inf"), 1.])
        >>> torch.nan_to_num(x)
        tensor([ 0.0000e+00,  3.4028e+38, -3.4028e+38,  1.0000e+00])
        >>> torch.nan_to_num(x, nan=0., posinf=9., neginf=-9.)
        tensor([ 0.,  9., -9.,  1.])
    """
    return NanToNum.apply(input, nan, posinf, neginf, out=out)


@op(
    "clamp",
    aliases=("clip",),
    inplace=lambda self, min=None, max=None: Clamp.apply(self, min, max, inplace=True),
)
def clamp(
    input: Tensor,
    min: Tensor | Number | None = None,
    max: Tensor | Number | None = None,
    *,
    out: Tensor | None = None,
) -> Tensor:
    r"""Clamps every element of ``input`` into the range [``min``, ``max``].

    .. math:: \text{out}_i = \min(\max(\text{input}_i, \text{min}_i), \text{max}_i)

    Either bound may be omitted (but not both), a Python number or a tensor broadcasting
    against ``input``. If ``min`` is greater than ``max``, every element becomes ``max``.
    NaN stays NaN. The gradient flows only where the input lies inside the bounds.
    ``torch.clip`` is an alias; also ``x.clamp(...)`` and ``x.clamp_(...)``.

    Args:
        input (Tensor): the input tensor.
        min (Number or Tensor, optional): the lower bound.
        max (Number or Tensor, optional): the upper bound.

    Keyword args:
        out (Tensor, optional): the output tensor.

    Example::

        >>> torch.clamp(torch.tensor([-2., 0.5, 3.]), min=-1, max=1)
        tensor([-1.0000,  0.5000,  1.0000])
        >>> torch.clamp(torch.tensor([1, 5, 9]), min=torch.tensor([2, 2, 10]))
        tensor([ 2,  5, 10])
    """
    return Clamp.apply(input, min, max, out=out)


@op("clamp_min", inplace=lambda self, min: Clamp.apply(self, min, None, inplace=True))
def clamp_min(input, min) -> Tensor:
    r"""Clamps ``input`` from below: ``torch.clamp(input, min=min)``.

    Args:
        input (Tensor): the input tensor.
        min (Number or Tensor): the lower bound.

    Example::

        >>> torch.clamp_min(torch.tensor([-2., 0.5, 3.]), 0)
        tensor([0.0000, 0.5000, 3.0000])
    """
    return Clamp.apply(input, min, None)


@op("clamp_max", inplace=lambda self, max: Clamp.apply(self, None, max, inplace=True))
def clamp_max(input, max) -> Tensor:
    r"""Clamps ``input`` from above: ``torch.clamp(input, max=max)``.

    Args:
        input (Tensor): the input tensor.
        max (Number or Tensor): the upper bound.

    Example::

        >>> torch.clamp_max(torch.tensor([-2., 0.5, 3.]), 0)
        tensor([-2.,  0.,  0.])
    """
    return Clamp.apply(input, None, max)


def _where_method(self, condition, other):
    r"""``x.where(condition, y)`` is ``torch.where(condition, x, y)``: the elements of ``x``
    where ``condition`` is True, else those of ``y`` (see :func:`numtensor.where`).

    Example::

        >>> x = torch.tensor([[1., -2.], [3., -4.]])
        >>> x.where(x < 0, -1.)
        tensor([[-1., -2.],
                [-1., -4.]])
    """
    return Where.apply(condition, self, other)


@op("where", method=_where_method)
def where(
    condition: Tensor,
    input: Tensor | Number | None = None,
    other: Tensor | Number | None = None,
    *,
    out: Tensor | None = None,
) -> Tensor | tuple[Tensor, ...]:
    r"""Returns elements chosen from ``input`` or ``other``, depending on ``condition``.

    .. math::
        \text{out}_i = \begin{cases} \text{input}_i & \text{if condition}_i \\
        \text{other}_i & \text{otherwise} \end{cases}

    The three broadcast to a common shape; ``input`` and ``other`` promote to a common
    dtype and either may be a Python number. ``torch.where(condition)`` alone is
    ``torch.nonzero(condition, as_tuple=True)``. The method ``x.where(condition, y)`` is
    ``torch.where(condition, x, y)``.

    Args:
        condition (BoolTensor): where True, take ``input``, else ``other``.
        input (Tensor or Number): the values where ``condition`` is True.
        other (Tensor or Number): the values where ``condition`` is False.

    Keyword args:
        out (Tensor, optional): the output tensor.

    Returns:
        Tensor, or a tuple of index tensors for ``where(condition)``.

    Example::

        >>> x = torch.tensor([[1., -2.], [3., -4.]])
        >>> torch.where(x > 0, x, 0.)
        tensor([[1., 0.],
                [3., 0.]])
        >>> torch.where(x > 0, x, torch.tensor([10., 20.]))
        tensor([[ 1., 20.],
                [ 3., 20.]])
        >>> torch.where(x > 0)
        (tensor([0, 1]), tensor([0, 0]))
    """
    if input is None and other is None:
        from .masking import nonzero

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
    r"""Linear interpolation between ``input`` (start) and ``end`` by ``weight``.

    .. math:: \text{out}_i = \text{start}_i + \text{weight}_i \times (\text{end}_i -
        \text{start}_i)

    ``weight`` is a number or a tensor; all broadcast. Floating-point inputs. Also
    ``x.lerp(end, weight)`` and ``x.lerp_(end, weight)``.

    Args:
        input (Tensor): the tensor with the starting points.
        end (Tensor): the tensor with the ending points.
        weight (float or Tensor): the weight of ``end``.

    Keyword args:
        out (Tensor, optional): the output tensor.

    Example::

        >>> start, end = torch.tensor([0., 10.]), torch.tensor([10., 20.])
        >>> torch.lerp(start, end, 0.25)
        tensor([ 2.5000, 12.5000])
        >>> torch.lerp(start, end, torch.tensor([0.5, 1.]))
        tensor([ 5., 20.])
    """
    return Lerp.apply(input, end, weight, out=out)


@op("pow", inplace=lambda self, exponent: Pow.apply(self, exponent, inplace=True))
def pow(input: Tensor | Number, exponent: Tensor | Number, *, out: Tensor | None = None) -> Tensor:
    r"""Raises each element of ``input`` to the power ``exponent``.

    .. math:: \text{out}_i = x_i^{\text{exponent}_i}

    ``input`` and ``exponent`` may each be a tensor or a Python number (not both numbers);
    they broadcast and promote. Integers to negative integer powers raise RuntimeError.
    ``x.pow(e)``, ``x.pow_(e)`` and ``x ** e`` are the method, in-place and operator forms.

    Args:
        input (Tensor or Number): the base.
        exponent (Tensor or Number): the exponent.

    Keyword args:
        out (Tensor, optional): the output tensor.

    Example::

        >>> torch.pow(torch.tensor([1., 2., 3.]), 2)
        tensor([1., 4., 9.])
        >>> torch.pow(torch.tensor([2, 3]), torch.tensor([3, 2]))
        tensor([8, 9])
        >>> torch.pow(2, torch.tensor([0., 1., 0.5]))
        tensor([1.0000, 2.0000, 1.4142])
    """
    return Pow.apply(input, exponent, out=out)


def _in_common_dtype(input, t1, t2) -> tuple:
    """``t1`` and ``t2`` in the dtype of the whole expression: PyTorch computes addcmul and
    addcdiv in it (an int8 product added to float16 is not wrapped around in int8)."""
    d = result_type(input, t1, t2)
    return tuple(t.to(d) if isinstance(t, Tensor) and t.dtype is not d else t for t in (t1, t2))


def _addcmul_product(input, t1, t2):
    if result_type(input, t1, t2) is bool_:
        raise NotImplementedError("\"addcmul_cpu_out\" not implemented for 'Bool'")
    return Mul.apply(*_in_common_dtype(input, t1, t2))


def _addcdiv_quotient(t1, t2, input=None):
    if all(isinstance(t, Tensor) and not t.dtype.is_floating_point for t in (t1, t2)):
        raise RuntimeError(
            "Integer division with addcdiv is no longer supported, and in a future release "
            "addcdiv will perform a true division of tensor1 and tensor2. The historic addcdiv "
            "behavior can be implemented as (input + value * torch.trunc(tensor1 / tensor2))"
            ".to(input.dtype) for integer inputs and as (input + value * tensor1 / tensor2) for "
            "float inputs. The future addcdiv behavior is just the latter implementation: "
            "(input + value * tensor1 / tensor2), for all dtypes."
        )
    return Div.apply(*(_in_common_dtype(input, t1, t2) if input is not None else (t1, t2)))


@op(
    "addcmul",
    inplace=lambda self, t1, t2, *, value=1: Add.apply(
        self, _scaled(_addcmul_product(self, t1, t2), value, self), inplace=True
    ),
)
def addcmul(input, tensor1, tensor2, *, value=1, out=None) -> Tensor:
    r"""Multiplies ``tensor1`` by ``tensor2``, scales by ``value`` and adds to ``input``.

    .. math:: \text{out}_i = \text{input}_i + \text{value} \times \text{tensor1}_i \times
        \text{tensor2}_i

    All three broadcast. Also ``x.addcmul(t1, t2)`` and ``x.addcmul_(t1, t2)``.

    Args:
        input (Tensor): the tensor to add to.
        tensor1 (Tensor): the first factor.
        tensor2 (Tensor): the second factor.

    Keyword args:
        value (Number): the multiplier of the product. Default: 1.
        out (Tensor, optional): the output tensor.

    Example::

        >>> t = torch.tensor([1., 1.])
        >>> torch.addcmul(t, torch.tensor([2., 3.]), torch.tensor([4., 5.]), value=0.5)
        tensor([5.0000, 8.5000])
    """
    return add(input, _addcmul_product(input, tensor1, tensor2), alpha=value, out=out)


@op(
    "addcdiv",
    inplace=lambda self, t1, t2, *, value=1: Add.apply(
        self, _scaled(_addcdiv_quotient(t1, t2, self), value, self), inplace=True
    ),
)
def addcdiv(input, tensor1, tensor2, *, value=1, out=None) -> Tensor:
    r"""Divides ``tensor1`` by ``tensor2``, scales by ``value`` and adds to ``input``.

    .. math:: \text{out}_i = \text{input}_i + \text{value} \times
        \frac{\text{tensor1}_i}{\text{tensor2}_i}

    All three broadcast; two integer ``tensor1``/``tensor2`` raise RuntimeError (as in
    PyTorch). Also ``x.addcdiv(t1, t2)`` and ``x.addcdiv_(t1, t2)``.

    Args:
        input (Tensor): the tensor to add to.
        tensor1 (Tensor): the numerator.
        tensor2 (Tensor): the denominator.

    Keyword args:
        value (Number): the multiplier of the quotient. Default: 1.
        out (Tensor, optional): the output tensor.

    Example::

        >>> t = torch.tensor([1., 1.])
        >>> torch.addcdiv(t, torch.tensor([2., 3.]), torch.tensor([4., 5.]), value=2)
        tensor([2.0000, 2.2000])
    """
    return add(input, _addcdiv_quotient(tensor1, tensor2, input), alpha=value, out=out)
