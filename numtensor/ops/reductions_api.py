"""The public reduction API with PyTorch's overloads, and the composite reductions
(norm, logsumexp, softmax, log_softmax) written with the ops they are made of."""

from __future__ import annotations

import math

from .. import return_types
from .._dtype import HALVES
from .._tensor_base import Tensor, wrap_dim
from .._typing import DimLike, DTypeLike
from ..autograd.function import Function
from .binary import Maximum, Minimum
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
    if dim is None:
        op = Amax if kind == "max" else Amin
        return op.apply(input, None, False, name=kind)
    values, indices = max_min_dim(kind, input, dim, keepdim)
    return (return_types.max if kind == "max" else return_types.min)(values, indices)


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


def _float_only(x: Tensor, name: str, error=RuntimeError) -> None:
    if not x.dtype.is_floating_point:
        from .._dtype import type_name

        if error is NotImplementedError:
            raise NotImplementedError(f"\"{name}\" not implemented for '{type_name(x.dtype)}'")
        raise RuntimeError(
            f"{name}(): input dtype should be either floating point or complex. "
            f"Got {type_name(x.dtype)} instead."
        )


class Norm(Function):
    """Vector norms; the gradient is the norm's subgradient (0 where the norm is 0)."""

    node_name = "LinalgVectorNormBackward0"

    def forward(self, x, p, dim, keepdim):
        self.p, self.dim, self.keepdim = p, dim, keepdim
        y = self._norm(x.float() if x.dtype in HALVES else x, p, dim, keepdim)
        if y.dtype is not x.dtype:  # (float16 is summed in float, as PyTorch does)
            y = y.to(x.dtype)
        self.save_for_backward(x, y)
        return y

    @staticmethod
    def _norm(x, p, dim, keepdim):
        if p == "fro":
            p = 2
        from .reduce import reduce_dims

        dims = reduce_dims(x, dim)
        if not isinstance(p, str) and p > 0 and math.prod(x.shape[d] for d in dims) == 1:
            # one element per norm: its magnitude, unsquared (as PyTorch: no overflow here)
            y = x.abs()
            return y if keepdim else y.reshape([n for d, n in enumerate(x.shape) if d not in dims])
        if p == 2:
            y = sum(x * x, dim, keepdim).sqrt()
        elif p == math.inf:
            y = amax(x.abs(), () if dim is None else dim, keepdim)
        elif p == -math.inf:
            y = amin(x.abs(), () if dim is None else dim, keepdim)
        elif p == 1:
            y = sum(x.abs(), dim, keepdim)
        elif p == 0:
            y = sum((x != 0).to(x.dtype), dim, keepdim)
        else:
            y = sum(x.abs() ** p, dim, keepdim) ** (1.0 / p)
        return y

    def vjp(self, g):
        from .reduce import _grad_to_input, reduce_dims

        x, y = self.saved
        dims = reduce_dims(x, self.dim)
        yk = _grad_to_input(y, x, dims, self.keepdim)
        gk = _grad_to_input(g, x, dims, self.keepdim)
        p = self.p
        if p in ("fro", 2, 2.0):
            grad = x / yk.masked_fill(yk == 0, 1.0)
        elif p in (math.inf, -math.inf):
            hit = (x.abs() == yk).to(x.dtype)
            grad = x.sign() * hit / sum(hit, dims or None, keepdim=True)
        elif p == 1:
            grad = x.sign()
        elif p == 0:
            grad = x.new_zeros(x.shape)
        else:
            grad = x.sign() * x.abs() ** (p - 1) / yk.masked_fill(yk == 0, 1.0) ** (p - 1)
        return gk * grad, None, None, None


@op("norm")
def norm(input, p="fro", dim=None, keepdim=False, dtype=None):
    r"""Returns the vector norm of ``input``, over all elements or over ``dim``.

    .. math:: \|x\|_p = \Big(\sum_i |x_i|^p\Big)^{1/p}

    ``p`` is ``"fro"`` or 2 (the default, the Euclidean norm), 1, ``inf`` (the largest
    magnitude), ``-inf`` (the smallest), 0 (the number of nonzeros) or any other number.
    Complex inputs take the norm of the magnitudes. This is the deprecated PyTorch API:
    prefer :func:`numtensor.linalg.vector_norm` / :func:`numtensor.linalg.matrix_norm`.
    ``x.norm(...)`` is the method form.

    Args:
        input (Tensor): the input tensor (floating point or complex).
        p (int, float, inf, -inf or "fro"): the order of the norm. Default: ``"fro"``.
        dim (int or tuple of ints, optional): the dimension(s) to reduce. Default: all.
        keepdim (bool): whether the output keeps the reduced dims with size 1.
        dtype (:class:`numtensor.dtype`, optional): the dtype to cast ``input`` to first.

    Differs from PyTorch: ``p="nuc"`` and matrix norms over two dims are not handled here
    (a RuntimeError); use :func:`numtensor.linalg.matrix_norm`.

    Example::

        >>> torch.norm(torch.tensor([3., 4.]))
        tensor(5.)
        >>> torch.norm(torch.tensor([[1., 2., 3.], [4., 5., 6.]]), p=1, dim=1)
        tensor([ 6., 15.])
        >>> torch.norm(torch.tensor([3., -4.]), p=float("inf"))
        tensor(4.)
    """
    x = input if dtype is None else input.to(dtype)
    if x.dtype.is_complex:  # (the norm of the magnitudes)
        x = x.abs()
    _float_only(x, "linalg.vector_norm")
    if isinstance(p, str) and p != "fro":
        raise RuntimeError(f"norm(): unsupported norm type {p!r} for vectors")
    return Norm.apply(x, p, dim, keepdim)


class Logsumexp(Function):
    """``log(sum(exp(x)))`` computed stably by factoring out the maximum."""

    node_name = "LogsumexpBackward0"

    def forward(self, x, dim, keepdim):
        from .reduce import reduce_dims

        if 0 in [x.shape[d] for d in reduce_dims(x, dim)]:  # the log of an empty sum
            y = sum(x, dim, keepdim=True).fill_(-math.inf)
        else:
            m = amax(x, dim, keepdim=True)
            m = m.masked_fill(m.isinf(), 0.0)
            y = sum((x - m).exp(), dim, keepdim=True).log() + m
        self.dim, self.keepdim = dim, keepdim
        y = y if keepdim else _squeeze_all(y, dim)
        self.save_for_backward(x, y)
        return y

    def vjp(self, g):
        from .reduce import _grad_to_input, reduce_dims

        x, y = self.saved
        dims = reduce_dims(x, self.dim)
        yk = _grad_to_input(y, x, dims, self.keepdim)
        return _grad_to_input(g, x, dims, self.keepdim) * (x - yk).exp(), None, None


@op("logsumexp")
def logsumexp(input, dim, keepdim=False):
    r"""Returns the log of the summed exponentials of ``input`` along ``dim``.

    .. math:: \text{logsumexp}(x)_i = \log \sum_j \exp(x_{ij})

    Computed stably by factoring out the maximum, so large inputs do not overflow. Integer
    inputs give the default float dtype; an empty reduction gives ``-inf``. Also
    ``x.logsumexp(dim)`` and ``numtensor.special.logsumexp``.

    Args:
        input (Tensor): the input tensor.
        dim (int or tuple of ints): the dimension(s) to reduce.
        keepdim (bool): whether the output keeps the reduced dims with size 1.

    Example::

        >>> torch.logsumexp(torch.tensor([[0., 1.], [1000., 1000.]]), dim=1)
        tensor([   1.3133, 1000.6932])
    """
    x = input if input.dtype.is_floating_point else input.float()
    return Logsumexp.apply(x, dim, keepdim)


def _squeeze_all(t: Tensor, dims) -> Tensor:
    from .reduce import reduce_dims

    for d in sorted(reduce_dims(t, dims), reverse=True):
        t = t.squeeze(d)
    return t


class Softmax(Function):
    """``exp(x) / sum(exp(x))`` along ``dim``, stable for large inputs."""

    node_name = "SoftmaxBackward0"

    def forward(self, x, dim):
        wide = x.float() if x.dtype in HALVES else x  # (16-bit floats: rounded once)
        e = (wide - amax(wide, dim, keepdim=True)).exp()
        y = (e / sum(e, dim, keepdim=True)).to(x.dtype).contiguous()  # (row-major, as PyTorch)
        self.dim = dim
        self.save_for_backward(y)
        return y

    def vjp(self, g):
        (y,) = self.saved
        return y * (g - sum(g * y, self.dim, keepdim=True)), None


@op("softmax")
def softmax(input: Tensor, dim: int, dtype: DTypeLike = None) -> Tensor:
    r"""Applies the softmax function along ``dim``: the slices become probabilities.

    .. math:: \text{softmax}(x)_i = \frac{\exp(x_i)}{\sum_j \exp(x_j)}

    Computed stably (the maximum is subtracted first). ``input`` must be floating point
    (or ``dtype`` given). Also ``x.softmax(dim)``, ``numtensor.special.softmax`` and
    :func:`numtensor.nn.functional.softmax`.

    Args:
        input (Tensor): the input tensor.
        dim (int): the dimension along which the values sum to 1.
        dtype (:class:`numtensor.dtype`, optional): the dtype to cast ``input`` to first.

    Returns:
        Tensor: of ``input``'s shape, with values in [0, 1].

    Example::

        >>> torch.softmax(torch.tensor([[1., 2., 3.], [1., 1., 1.]]), dim=1)
        tensor([[0.0900, 0.2447, 0.6652],
                [0.3333, 0.3333, 0.3333]])
    """
    x = input if dtype is None else input.to(dtype)
    if x.numel() == 0:  # (empty: no kernel runs, so no dtype is refused)
        wrap_dim(dim, x.ndim)
        return x.clone()
    _float_only(x, "softmax_lastdim_kernel_impl", NotImplementedError)
    return Softmax.apply(x, dim)


class LogSoftmax(Function):
    """``x - logsumexp(x)`` along ``dim``."""

    node_name = "LogSoftmaxBackward0"

    def forward(self, x, dim):
        wide = x.float() if x.dtype in HALVES else x  # (16-bit floats: rounded once)
        shifted = wide - amax(wide, dim, keepdim=True)
        y = (shifted - sum(shifted.exp(), dim, keepdim=True).log()).to(x.dtype).contiguous()
        self.dim = dim
        self.save_for_backward(y)
        return y

    def vjp(self, g):
        (y,) = self.saved
        return g - y.exp() * sum(g, self.dim, keepdim=True), None


@op("log_softmax")
def log_softmax(input: Tensor, dim: int, dtype: DTypeLike = None) -> Tensor:
    r"""Applies the logarithm of the softmax along ``dim``, computed stably in one step.

    .. math:: \text{log\_softmax}(x)_i = x_i - \log \sum_j \exp(x_j)

    ``input`` must be floating point (or ``dtype`` given). Also ``x.log_softmax(dim)``,
    ``numtensor.special.log_softmax`` and :func:`numtensor.nn.functional.log_softmax`.

    Args:
        input (Tensor): the input tensor.
        dim (int): the dimension along which log-softmax is computed.
        dtype (:class:`numtensor.dtype`, optional): the dtype to cast ``input`` to first.

    Example::

        >>> torch.log_softmax(torch.tensor([1., 2., 3.]), dim=0)
        tensor([-2.4076, -1.4076, -0.4076])
    """
    x = input if dtype is None else input.to(dtype)
    if x.numel() == 0:
        wrap_dim(dim, x.ndim)
        return x.clone()
    _float_only(x, "log_softmax_lastdim_kernel_impl", NotImplementedError)
    return LogSoftmax.apply(x, dim)
