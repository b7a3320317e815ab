"""The public reduction API with PyTorch's overloads: sum, mean, prod, var, std, max, min,
amax, amin, argmax, argmin, all, any, cumsum and cumprod (the composite reductions are in
``composite_reductions.py``).
"""

from __future__ import annotations

from .. import return_types
from .._tensor_base import Tensor
from .._typing import DimLike, DTypeLike
from .binary import Maximum, Minimum
from .out_variants import CAST, check_no_grad, out_tensors, returned, write_outs
from .reduce import (
    Amax,
    Amin,
    Cumprod,
    Cumulative,
    Mean,
    Prod,
    Sum,
    Var,
    all_any,
    arg_extreme,
    check_grad_dtype,
    max_min_dim,
)
from .registry import op


@op("sum")
def sum(
    input: Tensor,
    dim: DimLike = None,
    keepdim: bool = False,
    *,
    dtype: DTypeLike = None,
    out: Tensor | None = None,
) -> Tensor:
    r"""Returns the sum of the elements of ``input``, over all of them or over ``dim``.

    Integer and bool inputs are summed in int64, as in PyTorch. ``x.sum(...)`` is the method
    form.

    Args:
        input (Tensor): the input tensor.
        dim (int or tuple of ints, optional): the dimension(s) to reduce. Default: all.
        keepdim (bool): whether the output keeps the reduced dims with size 1.

    Keyword args:
        dtype (:class:`numtensor.dtype`, optional): the dtype to cast ``input`` to before
            summing, and of the result.
        out (Tensor, optional): the output tensor.

    Returns:
        Tensor: shaped like ``input`` without the reduced dims (or with size-1 dims).

    Example::

        >>> x = torch.tensor([[1., 2., 3.], [4., 5., 6.]])
        >>> torch.sum(x)
        tensor(21.)
        >>> torch.sum(x, dim=0)
        tensor([5., 7., 9.])
        >>> x.sum(1, keepdim=True)
        tensor([[ 6.],
                [15.]])
        >>> torch.sum(torch.tensor([True, True, False]))
        tensor(2)
    """
    check_grad_dtype(input, dtype)
    return Sum.apply(input, dim, keepdim, dtype=dtype, out=out)


@op("mean")
def mean(
    input: Tensor,
    dim: DimLike = None,
    keepdim: bool = False,
    *,
    dtype: DTypeLike = None,
    out: Tensor | None = None,
) -> Tensor:
    r"""Returns the arithmetic mean of the elements of ``input``, over all or over ``dim``.

    ``input`` must be floating point or complex (or ``dtype`` given): integer tensors raise
    RuntimeError, as in PyTorch. ``x.mean(...)`` is the method form.

    Args:
        input (Tensor): the input tensor.
        dim (int or tuple of ints, optional): the dimension(s) to reduce. Default: all.
        keepdim (bool): whether the output keeps the reduced dims with size 1.

    Keyword args:
        dtype (:class:`numtensor.dtype`, optional): the dtype to cast ``input`` to first.
        out (Tensor, optional): the output tensor.

    Example::

        >>> x = torch.tensor([[1., 2., 3.], [4., 5., 6.]])
        >>> torch.mean(x)
        tensor(3.5000)
        >>> torch.mean(x, dim=1)
        tensor([2., 5.])
        >>> x.mean((0, 1), keepdim=True)
        tensor([[3.5000]])
    """
    return Mean.apply(input, dim, keepdim, dtype=dtype, out=out)


@op("prod")
def prod(
    input: Tensor, dim: int | None = None, keepdim: bool = False, *, dtype: DTypeLike = None
) -> Tensor:
    r"""Returns the product of the elements of ``input``, over all of them or over ``dim``.

    Integer and bool inputs multiply in int64. ``x.prod(...)`` is the method form.

    Args:
        input (Tensor): the input tensor.
        dim (int, optional): the dimension to reduce. Default: all.
        keepdim (bool): whether the output keeps the reduced dim with size 1.

    Keyword args:
        dtype (:class:`numtensor.dtype`, optional): the dtype to cast ``input`` to first.

    Example::

        >>> x = torch.tensor([[1., 2., 3.], [4., 5., 6.]])
        >>> torch.prod(x)
        tensor(720.)
        >>> torch.prod(x, 1)
        tensor([  6., 120.])
        >>> torch.prod(torch.tensor([1, 2, 3]))
        tensor(6)
    """
    check_grad_dtype(input, dtype)
    return Prod.apply(input, dim, keepdim, dtype=dtype)


def _var_args(dim, unbiased, keepdim):
    # var(input, unbiased) is an overload: a bool in dim's place is `unbiased`
    if isinstance(dim, bool):
        return None, dim, keepdim
    return dim, unbiased, keepdim


@op("var")
def var(input, dim=None, unbiased=None, keepdim=False, *, correction=None, out=None):
    r"""Returns the variance of the elements of ``input``, over all or over ``dim``.

    .. math:: \sigma^2 = \frac{1}{\max(0, N - \delta N)} \sum_{i=0}^{N-1} (x_i - \bar{x})^2

    where :math:`\delta N` is ``correction`` (1 by default: Bessel's correction;
    ``unbiased=False`` means 0). As in PyTorch, ``var(x, unbiased)`` with a bool second
    argument is also accepted. ``x.var(...)`` is the method form.

    Args:
        input (Tensor): the input tensor (floating point or complex).
        dim (int or tuple of ints, optional): the dimension(s) to reduce. Default: all.
        unbiased (bool, optional): the older spelling of ``correction`` (True is 1).
        keepdim (bool): whether the output keeps the reduced dims with size 1.

    Keyword args:
        correction (int, optional): the difference between the sample size and the degrees
            of freedom. Default: 1.
        out (Tensor, optional): the output tensor.

    Example::

        >>> x = torch.tensor([[1., 2., 3.], [4., 5., 6.]])
        >>> torch.var(x)
        tensor(3.5000)
        >>> torch.var(x, dim=1, correction=0)
        tensor([0.6667, 0.6667])
    """
    dim, unbiased, keepdim = _var_args(dim, unbiased, keepdim)
    return Var.apply(input, dim, unbiased, keepdim, correction=correction, out=out)


@op("std")
def std(input, dim=None, unbiased=None, keepdim=False, *, correction=None, out=None):
    r"""Returns the standard deviation of ``input``: the square root of :func:`var`.

    ``correction`` (default 1, Bessel's correction) and ``unbiased`` work as for
    :func:`var`. ``x.std(...)`` is the method form.

    Args:
        input (Tensor): the input tensor (floating point or complex).
        dim (int or tuple of ints, optional): the dimension(s) to reduce. Default: all.
        unbiased (bool, optional): the older spelling of ``correction`` (True is 1).
        keepdim (bool): whether the output keeps the reduced dims with size 1.

    Keyword args:
        correction (int, optional): the difference between the sample size and the degrees
            of freedom. Default: 1.
        out (Tensor, optional): the output tensor.

    Example::

        >>> x = torch.tensor([[1., 2., 3.], [4., 5., 6.]])
        >>> torch.std(x)
        tensor(1.8708)
        >>> torch.std(x, dim=0, unbiased=False)
        tensor([1.5000, 1.5000, 1.5000])
    """
    dim, unbiased, keepdim = _var_args(dim, unbiased, keepdim)
    return Var.apply(input, dim, unbiased, keepdim, correction=correction, sqrt=True, out=out)


def _extreme(kind: str, input, dim=None, keepdim=False, *, out=None):
    if isinstance(dim, Tensor):
        return (Maximum if kind == "max" else Minimum).apply(input, dim, out=out)
    if out is not None:
        return _extreme_out(kind, input, dim, keepdim, out)
    if dim is None:
        op = Amax if kind == "max" else Amin
        return op.apply(input, None, False, name=kind)
    values, indices = max_min_dim(kind, input, dim, keepdim)
    return (return_types.max if kind == "max" else return_types.min)(values, indices)


def _extreme_out(kind: str, input, dim, keepdim, out):
    """``max(input, out=t)`` (a tensor) or ``max(input, dim, out=(values, indices))``."""
    returns = None if dim is None else getattr(return_types, kind)
    outs = out_tensors(kind, out, 1 if returns is None else 2)
    check_no_grad(kind, (input,))
    result = _extreme(kind, input, dim, keepdim)
    if returns is None:  # the full reduction casts into out, as PyTorch's does
        write_outs(kind, outs, (result,), CAST)
    else:
        write_outs(kind, outs, tuple(result))
    return returned(outs, returns)


@op("max")
def max(input, dim=None, keepdim=False, *, out=None):
    r"""Returns the maximum of ``input``, in one of three forms as in PyTorch.

    - ``torch.max(input)``: the largest element, a 0-dim tensor (NaN if there is one).
    - ``torch.max(input, dim, keepdim=False)``: a named tuple ``(values, indices)`` of the
      largest element along ``dim`` and its index (the first one, among ties).
    - ``torch.max(input, other)``: the elementwise maximum, as :func:`maximum`.

    ``x.max(...)`` is the method form. The gradient flows to the chosen elements (shared
    evenly among ties for the full reduction).

    Args:
        input (Tensor): the input tensor.
        dim (int or Tensor, optional): the dimension to reduce (or ``other``).
        keepdim (bool): whether the output keeps the reduced dim with size 1.

    Keyword args:
        out (Tensor, optional): the output tensor (the elementwise form).

    Example::

        >>> y = torch.tensor([[1., 5., 2.], [7., 3., 7.]])
        >>> torch.max(y)
        tensor(7.)
        >>> torch.max(y, dim=1)
        numtensor.return_types.max(
        values=tensor([5., 7.]),
        indices=tensor([1, 0]))
        >>> y.max(0, keepdim=True).indices
        tensor([[1, 0, 1]])
        >>> torch.max(y, torch.tensor([4., 4., 4.]))
        tensor([[4., 5., 4.],
                [7., 4., 7.]])
    """
    return _extreme("max", input, dim, keepdim, out=out)


@op("min")
def min(input, dim=None, keepdim=False, *, out=None):
    r"""Returns the minimum of ``input``, in one of three forms as in PyTorch.

    - ``torch.min(input)``: the smallest element, a 0-dim tensor (NaN if there is one).
    - ``torch.min(input, dim, keepdim=False)``: a named tuple ``(values, indices)`` of the
      smallest element along ``dim`` and its index (the first one, among ties).
    - ``torch.min(input, other)``: the elementwise minimum, as :func:`minimum`.

    ``x.min(...)`` is the method form.

    Args:
        input (Tensor): the input tensor.
        dim (int or Tensor, optional): the dimension to reduce (or ``other``).
        keepdim (bool): whether the output keeps the reduced dim with size 1.

    Keyword args:
        out (Tensor, optional): the output tensor (the elementwise form).

    Example::

        >>> y = torch.tensor([[1., 5., 2.], [7., 3., 7.]])
        >>> torch.min(y)
        tensor(1.)
        >>> torch.min(y, dim=1)
        numtensor.return_types.min(
        values=tensor([1., 3.]),
        indices=tensor([0, 1]))
    """
    return _extreme("min", input, dim, keepdim, out=out)


@op("amax")
def amax(input, dim=(), keepdim=False, *, out=None):
    r"""Returns the maximum of ``input`` over ``dim`` (all dims by default), values only.

    Unlike :func:`max` with a ``dim``, it takes several dims and returns no indices; the
    gradient is shared evenly among equal maxima. NaN propagates. ``x.amax(...)`` is the
    method form.

    Args:
        input (Tensor): the input tensor.
        dim (int or tuple of ints): the dimension(s) to reduce. Default: ``()``, all.
        keepdim (bool): whether the output keeps the reduced dims with size 1.

    Keyword args:
        out (Tensor, optional): the output tensor.

    Example::

        >>> y = torch.tensor([[1., 5., 2.], [7., 3., 7.]])
        >>> torch.amax(y, dim=1)
        tensor([5., 7.])
        >>> torch.amax(y)
        tensor(7.)
    """
    return Amax.apply(input, dim, keepdim, out=out)


@op("amin")
def amin(input, dim=(), keepdim=False, *, out=None):
    r"""Returns the minimum of ``input`` over ``dim`` (all dims by default), values only.

    Unlike :func:`min` with a ``dim``, it takes several dims and returns no indices; the
    gradient is shared evenly among equal minima. NaN propagates. ``x.amin(...)`` is the
    method form.

    Args:
        input (Tensor): the input tensor.
        dim (int or tuple of ints): the dimension(s) to reduce. Default: ``()``, all.
        keepdim (bool): whether the output keeps the reduced dims with size 1.

    Keyword args:
        out (Tensor, optional): the output tensor.

    Example::

        >>> y = torch.tensor([[1., 5., 2.], [7., 3., 7.]])
        >>> torch.amin(y, dim=0, keepdim=True)
        tensor([[1., 3., 2.]])
    """
    return Amin.apply(input, dim, keepdim, out=out)


@op("argmax")
def argmax(input: Tensor, dim: int | None = None, keepdim: bool = False) -> Tensor:
    r"""Returns the index of the maximum of ``input``, of the flattened tensor or along ``dim``.

    Among ties the first index is returned; NaN counts as the maximum. The result is int64.
    ``x.argmax(...)`` is the method form.

    Args:
        input (Tensor): the input tensor.
        dim (int, optional): the dimension to reduce. Default: None, the flattened input.
        keepdim (bool): whether the output keeps the reduced dim with size 1.

    Example::

        >>> y = torch.tensor([[1., 5., 2.], [7., 3., 7.]])
        >>> torch.argmax(y)
        tensor(3)
        >>> torch.argmax(y, dim=1)
        tensor([1, 0])
    """
    return arg_extreme("max", input, dim, keepdim)


@op("argmin")
def argmin(input: Tensor, dim: int | None = None, keepdim: bool = False) -> Tensor:
    r"""Returns the index of the minimum of ``input``, of the flattened tensor or along ``dim``.

    Among ties the first index is returned; NaN counts as the minimum. The result is int64.
    ``x.argmin(...)`` is the method form.

    Args:
        input (Tensor): the input tensor.
        dim (int, optional): the dimension to reduce. Default: None, the flattened input.
        keepdim (bool): whether the output keeps the reduced dim with size 1.

    Example::

        >>> y = torch.tensor([[1., 5., 2.], [7., 3., 7.]])
        >>> torch.argmin(y, dim=0, keepdim=True)
        tensor([[0, 1, 0]])
    """
    return arg_extreme("min", input, dim, keepdim)


@op("all")
def all(
    input: Tensor, dim: DimLike = None, keepdim: bool = False, *, out: Tensor | None = None
) -> Tensor:
    r"""Tests whether all elements of ``input`` (over all dims, or over ``dim``) are nonzero.

    The result is bool (uint8 for a uint8 input, as in PyTorch); an empty reduction is True.
    ``x.all(...)`` is the method form.

    Args:
        input (Tensor): the input tensor.
        dim (int or tuple of ints, optional): the dimension(s) to reduce. Default: all.
        keepdim (bool): whether the output keeps the reduced dims with size 1.

    Keyword args:
        out (Tensor, optional): the output tensor.

    Example::

        >>> m = torch.tensor([[True, False], [True, True]])
        >>> torch.all(m)
        tensor(False)
        >>> torch.all(m, dim=1)
        tensor([False,  True])
    """
    return all_any("all", input, dim, keepdim, out=out)


@op("any")
def any(
    input: Tensor, dim: DimLike = None, keepdim: bool = False, *, out: Tensor | None = None
) -> Tensor:
    r"""Tests whether any element of ``input`` (over all dims, or over ``dim``) is nonzero.

    The result is bool (uint8 for a uint8 input, as in PyTorch); an empty reduction is
    False. ``x.any(...)`` is the method form.

    Args:
        input (Tensor): the input tensor.
        dim (int or tuple of ints, optional): the dimension(s) to reduce. Default: all.
        keepdim (bool): whether the output keeps the reduced dims with size 1.

    Keyword args:
        out (Tensor, optional): the output tensor.

    Example::

        >>> torch.any(torch.tensor([[0, 0], [0, 3]]), dim=0)
        tensor([False,  True])
        >>> torch.any(torch.tensor([0., 0.]))
        tensor(False)
    """
    return all_any("any", input, dim, keepdim, out=out)


@op("cumsum")
def cumsum(
    input: Tensor, dim: int, *, dtype: DTypeLike = None, out: Tensor | None = None
) -> Tensor:
    r"""Returns the cumulative sum of ``input`` along ``dim``.

    .. math:: y_i = x_1 + x_2 + \dots + x_i

    Integer and bool inputs accumulate in int64. ``x.cumsum(dim)`` and ``x.cumsum_(dim)``
    are the method and in-place forms.

    Args:
        input (Tensor): the input tensor.
        dim (int): the dimension to accumulate along.

    Keyword args:
        dtype (:class:`numtensor.dtype`, optional): the dtype to cast ``input`` to first.
        out (Tensor, optional): the output tensor.

    Example::

        >>> torch.cumsum(torch.tensor([1, 2, 3, 4]), dim=0)
        tensor([ 1,  3,  6, 10])
        >>> torch.cumsum(torch.tensor([[1., 2., 3.], [4., 5., 6.]]), 1)
        tensor([[ 1.,  3.,  6.],
                [ 4.,  9., 15.]])
    """
    check_grad_dtype(input, dtype)
    return Cumulative.apply(input, dim, dtype=dtype, out=out)


@op("cumprod")
def cumprod(input, dim, *, dtype=None, out=None):
    r"""Returns the cumulative product of ``input`` along ``dim``.

    .. math:: y_i = x_1 \times x_2 \times \dots \times x_i

    Integer and bool inputs accumulate in int64. ``x.cumprod(dim)`` and ``x.cumprod_(dim)``
    are the method and in-place forms.

    Args:
        input (Tensor): the input tensor.
        dim (int): the dimension to accumulate along.

    Keyword args:
        dtype (:class:`numtensor.dtype`, optional): the dtype to cast ``input`` to first.
        out (Tensor, optional): the output tensor.

    Example::

        >>> torch.cumprod(torch.tensor([1., 2., 3., 4.]), dim=0)
        tensor([ 1.,  2.,  6., 24.])
    """
    check_grad_dtype(input, dtype)
    return Cumprod.apply(input, dim, dtype=dtype, out=out)
