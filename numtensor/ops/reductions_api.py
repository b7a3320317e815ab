"""The public reduction API with PyTorch's overloads, and the composite reductions
(norm, logsumexp, softmax, log_softmax) written with the ops they are made of."""

from __future__ import annotations

import math

from .. import return_types
from .._tensor_base import Tensor
from . import sorting
from .binary import BINARY_OPS
from .reduce import (
    Amax,
    Amin,
    Cumprod,
    Cumulative,
    MaxDim,
    Mean,
    MinDim,
    Prod,
    Sum,
    Var,
    all_any,
    arg_extreme,
    count_nonzero,
)


def sum(input, dim=None, keepdim=False, *, dtype=None, out=None):
    """Sum of all elements, or over ``dim`` (an int or a tuple of ints)."""
    return Sum.apply(input, dim, keepdim, dtype=dtype, out=out)


def mean(input, dim=None, keepdim=False, *, dtype=None, out=None):
    """Arithmetic mean (floating tensors only, as in PyTorch)."""
    return Mean.apply(input, dim, keepdim, dtype=dtype, out=out)


def prod(input, dim=None, keepdim=False, *, dtype=None):
    return Prod.apply(input, dim, keepdim, dtype=dtype)


def _var_args(dim, unbiased, keepdim):
    # var(input, unbiased) is an overload: a bool in dim's place is `unbiased`
    if isinstance(dim, bool):
        return None, dim, keepdim
    return dim, unbiased, keepdim


def var(input, dim=None, unbiased=None, keepdim=False, *, correction=None, out=None):
    """Variance with Bessel's correction unless ``unbiased=False`` / ``correction=0``."""
    dim, unbiased, keepdim = _var_args(dim, unbiased, keepdim)
    return Var.apply(input, dim, unbiased, keepdim, correction=correction, out=out)


def std(input, dim=None, unbiased=None, keepdim=False, *, correction=None, out=None):
    """Standard deviation (the square root of var)."""
    dim, unbiased, keepdim = _var_args(dim, unbiased, keepdim)
    return Var.apply(input, dim, unbiased, keepdim, correction=correction, sqrt=True, out=out)


def _extreme(kind: str, input, dim=None, keepdim=False, *, out=None):
    if isinstance(dim, Tensor):
        return BINARY_OPS["maximum" if kind == "max" else "minimum"].apply(input, dim, out=out)
    if dim is None:
        op = Amax if kind == "max" else Amin
        return op.apply(input, None, False, name=kind)
    fn = (MaxDim if kind == "max" else MinDim).__new__(MaxDim if kind == "max" else MinDim)
    values = _apply_instance(fn, input, dim, keepdim)
    result = (return_types.max if kind == "max" else return_types.min)(values, fn.indices)
    return result


def _apply_instance(fn, *args):
    from ..autograd.grad_mode import is_grad_enabled

    fn.saved = ()
    out = fn.forward(*args)
    x = args[0]
    if is_grad_enabled() and x.requires_grad:
        fn.inputs = (x,)
        out.grad_fn = fn
        out._requires_grad = True
    return out


def max(input, dim=None, keepdim=False, *, out=None):
    """``max(x)``: the largest value; ``max(x, dim)``: (values, indices); ``max(x, y)``."""
    return _extreme("max", input, dim, keepdim, out=out)


def min(input, dim=None, keepdim=False, *, out=None):
    return _extreme("min", input, dim, keepdim, out=out)


def amax(input, dim=(), keepdim=False, *, out=None):
    return Amax.apply(input, dim, keepdim, out=out)


def amin(input, dim=(), keepdim=False, *, out=None):
    return Amin.apply(input, dim, keepdim, out=out)


def argmax(input, dim=None, keepdim=False):
    return arg_extreme("max", input, dim, keepdim)


def argmin(input, dim=None, keepdim=False):
    return arg_extreme("min", input, dim, keepdim)


def all(input, dim=None, keepdim=False, *, out=None):
    return all_any("all", input, dim, keepdim, out=out)


def any(input, dim=None, keepdim=False, *, out=None):
    return all_any("any", input, dim, keepdim, out=out)


def cumsum(input, dim, *, dtype=None, out=None):
    return Cumulative.apply(input, dim, dtype=dtype, out=out)


def cumprod(input, dim, *, dtype=None, out=None):
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


def norm(input, p="fro", dim=None, keepdim=False, dtype=None):
    """Vector norms: p = 2 / 'fro' (default), 1, inf, -inf, 0 or any other number."""
    x = input if dtype is None else input.to(dtype)
    _float_only(x, "linalg.vector_norm")
    if p in ("fro", 2, 2.0):
        return sum(x * x, dim, keepdim).sqrt()
    if p == math.inf:
        return amax(x.abs(), () if dim is None else dim, keepdim)
    if p == -math.inf:
        return amin(x.abs(), () if dim is None else dim, keepdim)
    if p == 1:
        return sum(x.abs(), dim, keepdim)
    if p == 0:
        return sum((x != 0).to(x.dtype), dim, keepdim)
    if p == "nuc" or isinstance(p, str):
        raise RuntimeError(f"norm(): unsupported norm type {p!r} for vectors")
    return sum(x.abs() ** p, dim, keepdim) ** (1.0 / p)


def logsumexp(input, dim, keepdim=False):
    """``log(sum(exp(x)))`` computed stably by factoring out the maximum."""
    x = input if input.dtype.is_floating_point else input.float()
    m = amax(x, dim, keepdim=True).detach()
    m = m.masked_fill(m.isinf(), 0.0)
    out = sum((x - m).exp(), dim, keepdim=True).log() + m
    return out if keepdim else out.squeeze(dim) if isinstance(dim, int) else _squeeze_all(out, dim)


def _squeeze_all(t: Tensor, dims) -> Tensor:
    from .reduce import reduce_dims

    for d in sorted(reduce_dims(t, dims), reverse=True):
        t = t.squeeze(d)
    return t


def softmax(input, dim, dtype=None):
    """``exp(x) / sum(exp(x))`` along ``dim``, stable for large inputs."""
    x = input if dtype is None else input.to(dtype)
    _float_only(x, "softmax_kernel_impl", NotImplementedError)
    e = (x - amax(x, dim, keepdim=True).detach()).exp()
    return e / sum(e, dim, keepdim=True)


def log_softmax(input, dim, dtype=None):
    x = input if dtype is None else input.to(dtype)
    _float_only(x, "log_softmax_lastdim_kernel_impl", NotImplementedError)
    shifted = x - amax(x, dim, keepdim=True).detach()
    return shifted - sum(shifted.exp(), dim, keepdim=True).log()


FUNCTIONS = {
    "sum": sum,
    "mean": mean,
    "prod": prod,
    "var": var,
    "std": std,
    "max": max,
    "min": min,
    "amax": amax,
    "amin": amin,
    "argmax": argmax,
    "argmin": argmin,
    "all": all,
    "any": any,
    "cumsum": cumsum,
    "cumprod": cumprod,
    "norm": norm,
    "logsumexp": logsumexp,
    "softmax": softmax,
    "log_softmax": log_softmax,
    "count_nonzero": count_nonzero,
    "sort": sorting.sort,
    "argsort": sorting.argsort,
    "topk": sorting.topk,
    "median": sorting.median,
    "unique": sorting.unique,
    "flip": sorting.flip,
}


def _method(function):
    def method(self, *args, **kwargs):
        return function(self, *args, **kwargs)

    method.__name__ = method.__qualname__ = function.__name__
    method.__doc__ = function.__doc__
    return method


def methods() -> dict:
    table = {name: _method(fn) for name, fn in FUNCTIONS.items()}
    table["flip"] = lambda self, *dims: sorting.flip(
        self, dims[0] if len(dims) == 1 and not isinstance(dims[0], int) else dims
    )
    return table
