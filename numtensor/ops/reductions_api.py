"""The public reduction API with PyTorch's overloads, and the composite reductions
(norm, logsumexp, softmax, log_softmax) written with the ops they are made of."""

from __future__ import annotations

import math

from .. import return_types
from .._dtype import HALVES
from .._tensor_base import Tensor, wrap_dim
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
def sum(input, dim=None, keepdim=False, *, dtype=None, out=None):
    """Sum of all elements, or over ``dim`` (an int or a tuple of ints)."""
    check_grad_dtype(input, dtype)
    return Sum.apply(input, dim, keepdim, dtype=dtype, out=out)


@op("mean")
def mean(input, dim=None, keepdim=False, *, dtype=None, out=None):
    """Arithmetic mean (floating tensors only, as in PyTorch)."""
    return Mean.apply(input, dim, keepdim, dtype=dtype, out=out)


@op("prod")
def prod(input, dim=None, keepdim=False, *, dtype=None):
    check_grad_dtype(input, dtype)
    return Prod.apply(input, dim, keepdim, dtype=dtype)


def _var_args(dim, unbiased, keepdim):
    # var(input, unbiased) is an overload: a bool in dim's place is `unbiased`
    if isinstance(dim, bool):
        return None, dim, keepdim
    return dim, unbiased, keepdim


@op("var")
def var(input, dim=None, unbiased=None, keepdim=False, *, correction=None, out=None):
    """Variance with Bessel's correction unless ``unbiased=False`` / ``correction=0``."""
    dim, unbiased, keepdim = _var_args(dim, unbiased, keepdim)
    return Var.apply(input, dim, unbiased, keepdim, correction=correction, out=out)


@op("std")
def std(input, dim=None, unbiased=None, keepdim=False, *, correction=None, out=None):
    """Standard deviation (the square root of var)."""
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
    """``max(x)``: the largest value; ``max(x, dim)``: (values, indices); ``max(x, y)``."""
    return _extreme("max", input, dim, keepdim, out=out)


@op("min")
def min(input, dim=None, keepdim=False, *, out=None):
    return _extreme("min", input, dim, keepdim, out=out)


@op("amax")
def amax(input, dim=(), keepdim=False, *, out=None):
    return Amax.apply(input, dim, keepdim, out=out)


@op("amin")
def amin(input, dim=(), keepdim=False, *, out=None):
    return Amin.apply(input, dim, keepdim, out=out)


@op("argmax")
def argmax(input, dim=None, keepdim=False):
    return arg_extreme("max", input, dim, keepdim)


@op("argmin")
def argmin(input, dim=None, keepdim=False):
    return arg_extreme("min", input, dim, keepdim)


@op("all")
def all(input, dim=None, keepdim=False, *, out=None):
    return all_any("all", input, dim, keepdim, out=out)


@op("any")
def any(input, dim=None, keepdim=False, *, out=None):
    return all_any("any", input, dim, keepdim, out=out)


@op("cumsum")
def cumsum(input, dim, *, dtype=None, out=None):
    check_grad_dtype(input, dtype)
    return Cumulative.apply(input, dim, dtype=dtype, out=out)


@op("cumprod")
def cumprod(input, dim, *, dtype=None, out=None):
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
    """Vector norms: p = 2 / 'fro' (default), 1, inf, -inf, 0 or any other number."""
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
    """``log(sum(exp(x)))`` over ``dim``, stable for large inputs."""
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
def softmax(input, dim, dtype=None):
    """``exp(x) / sum(exp(x))`` along ``dim``, stable for large inputs."""
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
def log_softmax(input, dim, dtype=None):
    x = input if dtype is None else input.to(dtype)
    if x.numel() == 0:
        wrap_dim(dim, x.ndim)
        return x.clone()
    _float_only(x, "log_softmax_lastdim_kernel_impl", NotImplementedError)
    return LogSoftmax.apply(x, dim)
