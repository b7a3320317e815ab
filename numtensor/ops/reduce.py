"""Reductions: sum, prod, mean, var/std, max/min (+indices), amax/amin, argmax/argmin,
all/any, count_nonzero, cumsum/cumprod. Each is declared once with its VJP.

The kernels reduce ``x[outer, red, inner]`` (see ``_dispatch.reduction_view``); this module
turns PyTorch's ``dim``/``keepdim`` arguments into that form and back.
"""

from __future__ import annotations

import math

import numpy as np

from .. import _dispatch
from .._dtype import bool_, check_dtype, int64, type_name, uint8
from .._tensor_base import Tensor, wrap_dim
from ..autograd.function import Function
from ..autograd.grad_mode import is_grad_enabled
from ._common import c_array, host
from .conversion import copy_into_out
from .creation import ones_like
from .shape import cat


def reduce_dims(x: Tensor, dim) -> tuple:
    """Sorted, wrapped dims to reduce (all of them for None or an empty tuple)."""
    nd = x.ndim
    if dim is None or (isinstance(dim, (tuple, list)) and len(dim) == 0):
        return tuple(range(nd))
    dims = dim if isinstance(dim, (tuple, list)) else (dim,)
    wrapped = [wrap_dim(d, nd) for d in dims]
    seen = set()
    for d in wrapped:
        if d in seen:
            raise RuntimeError(f"dim {d} appears multiple times in the list of dims")
        seen.add(d)
    return tuple(sorted(d for d in wrapped if nd)) if nd else ()


def out_shape(x: Tensor, dims: tuple, keepdim: bool) -> tuple:
    if keepdim:
        return tuple(1 if d in dims else s for d, s in enumerate(x.shape))
    return tuple(s for d, s in enumerate(x.shape) if d not in dims)


def _array(x: Tensor) -> np.ndarray:
    arr = host(x)
    return arr.astype(np.float32) if arr.dtype == np.float16 else arr


def _finish(values: np.ndarray, shape, dtype, device, out=None) -> Tensor:
    t = Tensor._make(c_array(values.reshape(shape).astype(dtype.np, copy=False)), device)
    return t if out is None else copy_into_out(out, t)


def _grad_to_input(g: Tensor, x: Tensor, dims: tuple, keepdim: bool) -> Tensor:
    """Broadcast a reduced gradient back over the reduced dims of ``x``."""
    if g.ndim == 0 and not is_grad_enabled():
        # a whole-tensor reduction outside create_graph: one filled array, no view chain
        return Tensor._make(np.full(tuple(x.shape), g._data, g.dtype.np), g.device, dtype=g.dtype)
    if not keepdim:
        for d in dims:
            g = g.unsqueeze(d)
    return g.expand(x.shape)


def accumulation_dtypes(x: Tensor, dtype) -> tuple:
    """(result dtype, NumPy accumulator) of sum/prod/cumsum/cumprod: integers and bools give
    int64, as in PyTorch; floats accumulate in float64."""
    result = (
        check_dtype(dtype)
        if dtype is not None
        else (x.dtype if x.dtype.is_floating_point else int64)
    )
    return result, (np.float64 if result.is_floating_point else np.int64)


def _nonempty(x: Tensor, dims: tuple, name: str) -> None:
    """max/min-like reductions have no identity: reducing an empty dim is an error."""
    for d in dims:
        if x.shape[d] == 0:
            raise IndexError(f"{name}(): Expected reduction dim {d} to have non-zero size.")
    if not dims and x.numel() == 0:
        raise RuntimeError(
            f"{name}(): Expected reduction dim to be specified for input.numel() == 0. "
            "Specify the reduction dim with the 'dim' argument."
        )


class Sum(Function):
    node_name = "SumBackward0"

    def forward(self, x, dim=None, keepdim=False, *, dtype=None, out=None):
        dims = reduce_dims(x, dim)
        if dim is not None:
            self.node_name = "SumBackward1"
        result, acc = accumulation_dtypes(x, dtype)
        arr = _array(x)
        if dtype is not None:
            arr = arr.astype(result.np if result.itemsize > 2 else np.float32)
        sums = _dispatch.run_reduction("sum", _dispatch.reduction_view(arr, dims), acc)
        self.dims, self.keepdim, self.shape = dims, keepdim, x.shape
        return _finish(sums, out_shape(x, dims, keepdim), result, x.device, out)

    def vjp(self, g):
        (x,) = self.inputs[:1]
        return (_grad_to_input(g, x, self.dims, self.keepdim),)


class Mean(Function):
    node_name = "MeanBackward0"

    def forward(self, x, dim=None, keepdim=False, *, dtype=None, out=None):
        d = check_dtype(dtype) if dtype is not None else x.dtype
        if not d.is_floating_point:
            raise RuntimeError(
                "mean(): could not infer output dtype. Input dtype must be either a floating "
                f"point or complex dtype. Got: {type_name(d)}"
            )
        dims = reduce_dims(x, dim)
        if dim is not None:
            self.node_name = "MeanBackward1"
        arr = _array(x).astype(d.np if d.itemsize > 2 else np.float32, copy=False)
        sums = _dispatch.run_reduction("sum", _dispatch.reduction_view(arr, dims), np.float64)
        n = math.prod([x.shape[i] for i in dims]) if dims else max(x.numel(), 1) if x.ndim else 1
        with np.errstate(invalid="ignore", divide="ignore"):
            means = sums / n if n else np.full_like(sums, np.nan)
        self.dims, self.keepdim, self.n = dims, keepdim, n
        return _finish(means, out_shape(x, dims, keepdim), d, x.device, out)

    def vjp(self, g):
        (x,) = self.inputs[:1]
        return (_grad_to_input(g / self.n, x, self.dims, self.keepdim),)


class Prod(Function):
    node_name = "ProdBackward0"

    def forward(self, x, dim=None, keepdim=False, *, dtype=None):
        if isinstance(dim, (tuple, list)):
            raise TypeError("prod(): argument 'dim' must be int, not tuple")
        dims = reduce_dims(x, dim)
        if dim is not None:
            self.node_name = "ProdBackward1"
        result, acc = accumulation_dtypes(x, dtype)
        arr = _array(x).astype(acc, copy=False)
        prods = _dispatch.run_reduction("prod", _dispatch.reduction_view(arr, dims), acc)
        self.dims, self.keepdim = dims, keepdim
        y = _finish(prods, out_shape(x, dims, keepdim), result, x.device)
        self.save_for_backward(x, y)
        return y

    def vjp(self, g):
        # d prod / d x_i is the product of the others, from exclusive running products on
        # both sides, so zeros in x need no division
        x, _ = self.saved
        flat = len(self.dims) != 1
        xs = x.reshape(-1) if flat else x
        d = 0 if flat else self.dims[0]
        n = xs.shape[d] if xs.ndim else 1
        if n == 0:
            return (x.new_zeros(x.shape),)
        ones = ones_like(xs.narrow(d, 0, 1)) if xs.ndim else xs.new_ones(())
        left = cat([ones, xs.narrow(d, 0, n - 1).cumprod(d)], d) if xs.ndim else ones
        rev = xs.flip(d) if xs.ndim else xs
        right = cat([ones, rev.narrow(d, 0, n - 1).cumprod(d)], d).flip(d) if xs.ndim else ones
        others = (left * right).reshape(x.shape)
        return (_grad_to_input(g, x, self.dims, self.keepdim) * others,)


class Var(Function):
    """var/std with ``correction`` (``unbiased=True`` is correction 1)."""

    node_name = "VarBackward0"

    def forward(
        self, x, dim=None, unbiased=None, keepdim=False, *, correction=None, sqrt=False, out=None
    ):
        if not x.dtype.is_floating_point:
            name = "std" if sqrt else "var"
            raise RuntimeError(
                f"{name} and {name}_mean only support floating point and complex dtypes"
            )
        if correction is None:
            correction = 1 if unbiased is None or unbiased else 0
        dims = reduce_dims(x, dim)
        arr = _array(x)
        x3 = _dispatch.reduction_view(arr, dims)
        n = x3.shape[1]
        means = _dispatch.run_reduction("sum", x3, np.float64) / max(n, 1)
        sq = _dispatch.run_reduction("sq_dev", x3, np.float64, means)
        with np.errstate(invalid="ignore", divide="ignore"):
            var = sq / max(n - correction, 0)
        values = np.sqrt(var) if sqrt else var
        self.node_name = "StdBackward0" if sqrt else "VarBackward0"
        self.dims, self.keepdim, self.n, self.correction, self.sqrt = (
            dims,
            keepdim,
            n,
            correction,
            sqrt,
        )
        y = _finish(values, out_shape(x, dims, keepdim), x.dtype, x.device, out)
        self.save_for_backward(x, y)
        return y

    def vjp(self, g):
        x, y = self.saved
        mean = x.mean(dim=self.dims if self.dims else None, keepdim=True)
        gk = _grad_to_input(g, x, self.dims, self.keepdim)
        grad = gk * 2 * (x - mean) / max(self.n - self.correction, 0)
        if self.sqrt:
            grad = grad / (2 * _grad_to_input(y, x, self.dims, self.keepdim))
        return (grad,)


class Amax(Function):
    """amax/amin, and max()/min() without dim: the gradient is shared among ties."""

    node_name = "AmaxBackward0"
    kind = "max"

    def forward(self, x, dim=None, keepdim=False, *, name=None, out=None):
        dims = reduce_dims(x, dim)
        _nonempty(x, dims if dim is not None else (), name or f"a{self.kind}")
        arr = _array(x)
        values = _dispatch.run_reduction(self.kind, _dispatch.reduction_view(arr, dims), arr.dtype)
        self.dims, self.keepdim = dims, keepdim
        y = _finish(values, out_shape(x, dims, keepdim), x.dtype, x.device, out)
        if name is not None:
            self.node_name = f"{self.kind.capitalize()}Backward1"
        self.save_for_backward(x, y)
        return y

    def vjp(self, g):
        x, y = self.saved
        hit = x == _grad_to_input(y, x, self.dims, self.keepdim)
        count = hit.sum(dim=self.dims if self.dims else None, keepdim=True)
        return (_grad_to_input(g, x, self.dims, self.keepdim) * hit / count,)


class Amin(Amax):
    node_name = "AminBackward0"
    kind = "min"


class Picked(Function):
    """Values taken from ``x`` at ``indices`` along ``dim`` (max/min with dim, median, sort,
    topk): the gradient goes back to exactly those positions. ``dim`` None: flat indices."""

    def forward(self, x, values, indices, dim, keepdim, name):
        self.node_name = name
        self.dim, self.keepdim, self.shape, self.indices = dim, keepdim, tuple(x.shape), indices
        return values

    def vjp(self, g):
        nothing = (None, None, None, None, None)
        if not self.shape:
            return (g, *nothing)
        zeros = g.new_zeros(self.shape)
        if self.dim is None:
            flat = zeros.reshape(-1).scatter(0, self.indices.reshape(-1), g.reshape(-1))
            return (flat.reshape(self.shape), *nothing)
        idx = self.indices
        if not self.keepdim:
            g, idx = g.unsqueeze(self.dim), idx.unsqueeze(self.dim)
        return (zeros.scatter(self.dim, idx, g), *nothing)


def max_min_dim(kind: str, x: Tensor, dim, keepdim=False):
    """max(dim) / min(dim): values and the index of the first extreme (NaN wins)."""
    d = wrap_dim(dim, x.ndim)
    dims = (d,) if x.ndim else ()
    _nonempty(x, dims, kind)
    values, indices = _dispatch.run_arg_reduction(kind, _dispatch.reduction_view(_array(x), dims))
    shape = out_shape(x, dims, keepdim)
    vals = _finish(values, shape, x.dtype, x.device)
    idx = _finish(indices, shape, int64, x.device)
    name = "MaxBackward0" if kind == "max" else "MinBackward0"
    return Picked.apply(x, vals, idx, d, keepdim, name), idx


def arg_extreme(kind: str, x: Tensor, dim=None, keepdim=False) -> Tensor:
    """argmax/argmin: over the flattened tensor when dim is None."""
    if x.dtype is bool_:
        raise RuntimeError(f"\"arg{kind}_cpu\" not implemented for 'Bool'")
    if dim is None:
        flat = x.reshape(-1)
        _nonempty(flat, (0,), f"arg{kind}")
        _, idx = _dispatch.run_arg_reduction(kind, _array(flat).reshape(1, -1, 1))
        shape = (1,) * x.ndim if keepdim else ()
        return _finish(idx, shape, int64, x.device)
    d = wrap_dim(dim, x.ndim)
    dims = (d,) if x.ndim else ()
    _nonempty(x, dims, f"arg{kind}")
    _, idx = _dispatch.run_arg_reduction(kind, _dispatch.reduction_view(_array(x), dims))
    return _finish(idx, out_shape(x, dims, keepdim), int64, x.device)


def count_nonzero(x: Tensor, dim=None) -> Tensor:
    """How many elements are not zero (over all dims, or the given ones)."""
    dims = reduce_dims(x, dim)
    counts = _dispatch.run_reduction(
        "count_nonzero", _dispatch.reduction_view(_array(x), dims), np.int64
    )
    return _finish(counts, out_shape(x, dims, False), int64, x.device)


def all_any(kind: str, x: Tensor, dim=None, keepdim=False, *, out=None) -> Tensor:
    """all/any: bool results (uint8 for uint8 inputs, as in PyTorch)."""
    dims = reduce_dims(x, dim)
    counts = _dispatch.run_reduction(
        "count_nonzero", _dispatch.reduction_view(_array(x), dims), np.int64
    )
    n = math.prod([x.shape[d] for d in dims]) if x.ndim else 1
    result = counts == n if kind == "all" else counts > 0
    dt = uint8 if x.dtype is uint8 else bool_
    return _finish(result, out_shape(x, dims, keepdim), dt, x.device, out)


class Cumulative(Function):
    """cumsum / cumprod along ``dim``; integers accumulate in int64."""

    node_name = "CumsumBackward0"
    kind = "cumsum"

    def forward(self, x, dim, *, dtype=None, out=None):
        d = wrap_dim(dim, x.ndim)
        result, acc = accumulation_dtypes(x, dtype)
        arr = _array(x).astype(acc, copy=False)
        if x.ndim == 0:
            arr = arr.reshape(1)
        x3 = _dispatch.reduction_view(arr, (d,) if x.ndim else (0,))
        values = _dispatch.run_scan(self.kind, c_array(x3), acc)
        self.dim = d
        y = _finish(_unview(values, arr, d, x.ndim), x.shape, result, x.device, out)
        self.save_for_backward(x, y)
        return y

    def vjp(self, g):
        x, y = self.saved
        if self.kind == "cumsum":
            return (g.flip(self.dim).cumsum(self.dim).flip(self.dim),)
        # d y_j / d x_i = y_j / x_i for j >= i (inputs with zeros need the slow path)
        if bool((x == 0).any()):
            return (_cumprod_grad_with_zeros(g, x, self.dim),)
        return ((g * y).flip(self.dim).cumsum(self.dim).flip(self.dim) / x,)


def _unview(values: np.ndarray, arr: np.ndarray, d: int, ndim: int) -> np.ndarray:
    """Undo reduction_view's layout for a scan (same number of elements as the input)."""
    if ndim <= 1 or arr.flags.c_contiguous:
        return values.reshape(arr.shape)
    kept = [i for i in range(ndim) if i != d]
    moved_shape = [arr.shape[i] for i in kept] + [arr.shape[d]]
    inverse = np.argsort(kept + [d])
    return values.reshape(moved_shape).transpose(inverse)


class Cumprod(Cumulative):
    node_name = "CumprodBackward0"
    kind = "cumprod"


def _cumprod_grad_with_zeros(g: Tensor, x: Tensor, dim: int) -> Tensor:
    # grad_i = sum_{j >= i} g_j * prod_{k <= j, k != i} x_k, one i at a time
    n = x.shape[dim]
    pieces = []
    for i in range(n):
        masked = x.clone()
        masked.narrow(dim, i, 1).fill_(1.0)
        prods = masked.cumprod(dim)
        pieces.append((g * prods).narrow(dim, i, n - i).sum(dim, keepdim=True))
    return cat(pieces, dim)
