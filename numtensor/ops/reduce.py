"""Reductions: sum, prod, mean, var/std, max/min (+indices), amax/amin, argmax/argmin,
all/any, count_nonzero, cumsum/cumprod. Each is declared once with its VJP.

The kernels reduce ``x[outer, red, inner]`` (see ``backend.cpu.reduction_view``); this module
turns PyTorch's ``dim``/``keepdim`` arguments into that form and back.
"""

from __future__ import annotations

import math
import warnings

import numpy as np

from .._dtype import HALVES, bool_, check_dtype, float32, float64, int64, type_name, uint8
from .._tensor_base import Tensor, wrap_dim
from ..autograd.function import Function
from ..autograd.grad_mode import is_grad_enabled
from ..backend import trace
from ._common import allocate, no_complex, ops_of, wrap
from .conversion import copy_into_out
from .creation_like import ones_like
from .registry import op
from .split_join import cat

_FLOATS = (float32, float64)


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


def _array(x: Tensor, np_dtype=None):
    """``x``'s storage in the dtype the kernels read (float16 and bfloat16 widened to
    float32)."""
    data = x._data
    if np_dtype is None:
        np_dtype = np.float32 if x._dtype in HALVES else data.dtype
    return data if data.dtype == np_dtype else ops_of(x).astype(data, np_dtype)


def _x3(x: Tensor, dims: tuple, np_dtype=None):
    """``x`` as the kernels' ``[outer, red, inner]`` storage."""
    return ops_of(x).reduction_view(_array(x, np_dtype), dims)


def _reduce(kind: str, x: Tensor, x3, acc, *extra) -> Tensor:
    """The ``[outer, inner]`` result of reducing ``x3`` (a tensor on ``x``'s device)."""
    return wrap(ops_of(x).reduce(kind, x3, acc, *(e._data for e in extra)), x)


def _finish(values: Tensor, shape, dtype, out=None) -> Tensor:
    """The result tensor: ``values`` (fresh from a kernel) reshaped and cast, C-contiguous."""
    ops = ops_of(values)
    data = values._data
    if data.dtype != dtype.np:
        data = ops.astype(data, dtype.np)
    t = Tensor._make(ops.reshape_view(ops.contiguous(data), tuple(shape)), values.device)
    return t if out is None else copy_into_out(out, t)


def _grad_to_input(g: Tensor, x: Tensor, dims: tuple, keepdim: bool) -> Tensor:
    """Broadcast a reduced gradient back over the reduced dims of ``x``."""
    if g.ndim == 0 and not is_grad_enabled() and g.device.type == "cpu" and not trace.active():
        # a whole-tensor reduction outside create_graph: one filled array, no view chain
        return allocate(tuple(x.shape), g.dtype.np, g.item(), g.device)
    if not keepdim:
        for d in dims:
            g = g.unsqueeze(d)
    return g.expand(x.shape)


def check_grad_dtype(x, dtype) -> None:
    """sum/prod/cumsum/cumprod of a tensor in the graph may not be asked for an integer
    result (PyTorch's error; the check is the caller's, made while grad mode is seen)."""
    if (
        dtype is not None
        and isinstance(x, Tensor)
        and x._requires_grad
        and is_grad_enabled()
        and not check_dtype(dtype).is_floating_point
    ):
        raise RuntimeError(f"Autograd not support dtype: {type_name(check_dtype(dtype))}")


def accumulation_dtypes(x: Tensor, dtype) -> tuple:
    """(result dtype, NumPy accumulator) of sum/prod/cumsum/cumprod: integers and bools give
    int64, as in PyTorch; floats accumulate in float64."""
    result = (
        check_dtype(dtype)
        if dtype is not None
        else (x.dtype if x.dtype.is_floating_point or x.dtype.is_complex else int64)
    )
    return result, _accumulator(result)


def _accumulator(d):
    """The NumPy type a reduction into dtype ``d`` accumulates in."""
    if d.is_complex:
        return np.complex128
    return np.float64 if d.is_floating_point else np.int64


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
        if dim is None and dtype is None and out is None and x._dtype in _FLOATS and not keepdim:
            # the whole of a float32/float64 tensor, the common case: no dims to resolve,
            # nothing to widen (the kernels accumulate in float64)
            ops = ops_of(x)
            self.dims = dims = tuple(range(x._data.ndim))
            self.keepdim, self.shape = False, x.shape
            total = ops.reduce("sum", ops.reduction_view(x._data, dims), np.float64)
            total = ops.reshape_view(ops.astype(total, x._dtype.np), ())
            return Tensor._make(total, x.device, dtype=x._dtype)
        dims = reduce_dims(x, dim)
        if dim is not None:
            self.node_name = "SumBackward1"
        result, acc = accumulation_dtypes(x, dtype)
        read = None if dtype is None else (result.np if result.itemsize > 2 else np.float32)
        sums = _reduce("sum", x, _x3(x, dims, read), acc)
        self.dims, self.keepdim, self.shape = dims, keepdim, x.shape
        return _finish(sums, out_shape(x, dims, keepdim), result, out)

    def vjp(self, g):
        (x,) = self.inputs[:1]
        return (_grad_to_input(g, x, self.dims, self.keepdim),)


class Mean(Function):
    node_name = "MeanBackward0"

    def forward(self, x, dim=None, keepdim=False, *, dtype=None, out=None):
        d = check_dtype(dtype) if dtype is not None else x.dtype
        if not (d.is_floating_point or d.is_complex):
            raise RuntimeError(
                "mean(): could not infer output dtype. "
                f"{'Input' if dtype is None else 'Optional'} dtype must be either a floating "
                f"point or complex dtype. Got: {type_name(d)}"
            )
        dims = reduce_dims(x, dim)
        if dim is not None:
            self.node_name = "MeanBackward1"
        x3 = _x3(x, dims, d.np if d.itemsize > 2 else np.float32)
        sums = _reduce("sum", x, x3, _accumulator(d))
        n = math.prod([x.shape[i] for i in dims]) if dims else max(x.numel(), 1) if x.ndim else 1
        means = sums / n  # 0 / 0 is NaN: the mean of nothing
        self.dims, self.keepdim, self.n = dims, keepdim, n
        return _finish(means, out_shape(x, dims, keepdim), d, out)

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
        prods = _reduce("prod", x, _x3(x, dims, acc), acc)
        self.dims, self.keepdim = dims, keepdim
        y = _finish(prods, out_shape(x, dims, keepdim), result)
        self.save_for_backward(x, y)
        return y

    def vjp(self, g):
        # d prod / d x_i is the product of the others. As PyTorch computes it (so NaN and inf
        # spread as there): prod / x_i when x has no zero; with zeros, from exclusive running
        # products on both sides (the whole product: only for exactly one zero, else 0)
        x, y = self.saved
        zeros = int((x == 0).sum()) if x.numel() else 0
        if zeros == 0:
            return (
                _grad_to_input(g, x, self.dims, self.keepdim)
                * (_grad_to_input(y, x, self.dims, self.keepdim) / x),
            )
        flat = len(self.dims) != 1
        xs = x.reshape(-1) if flat else x
        d = 0 if flat else self.dims[0]
        n = xs.shape[d] if xs.ndim else 1
        if n == 0 or (flat and zeros > 1):
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
        if x.dtype.is_complex:  # the spread of the real and imaginary parts together
            self.node_name = "StdBackward0" if sqrt else "VarBackward0"
            parts = [
                Var().forward(p, dim, unbiased, keepdim, correction=correction)
                for p in (x.real, x.imag)
            ]
            values = (parts[0] + parts[1]).sqrt() if sqrt else parts[0] + parts[1]
            return values if out is None else copy_into_out(out, values)
        if not x.dtype.is_floating_point:
            raise RuntimeError("std and var only support floating point and complex dtypes")
        if correction is None:
            correction = 1 if unbiased is None or unbiased else 0
        dims = reduce_dims(x, dim)
        x3 = _x3(x, dims)
        n = x3.shape[1]
        # (PyTorch's count is input numel / output numel: 0 when the output is empty)
        if (n if x.numel() else 0) - correction <= 0:
            name = "std" if sqrt else "var"
            warnings.warn(
                f"{name}(): degrees of freedom is <= 0. Correction should be strictly less than "
                "the reduction factor (input numel divided by output numel).",
                UserWarning,
                stacklevel=4,
            )
        means = _reduce("sum", x, x3, np.float64) / max(n, 1)
        var = _reduce("sq_dev", x, x3, np.float64, means) / max(n - correction, 0)
        values = var.sqrt() if sqrt else var
        self.node_name = "StdBackward0" if sqrt else "VarBackward0"
        self.dims, self.keepdim, self.n, self.correction, self.sqrt = (
            dims,
            keepdim,
            n,
            correction,
            sqrt,
        )
        y = _finish(values, out_shape(x, dims, keepdim), x.dtype, out)
        # (var's gradient needs no result, so writing over it in place is allowed)
        self.save_for_backward(x, y if sqrt else None)
        return y

    def vjp(self, g):
        x, y = self.saved
        mean = x.mean(dim=self.dims if self.dims else None, keepdim=True)
        if self.sqrt:  # std: d sqrt(v) = dv / (2 std), none where std is 0 (as PyTorch)
            g = (g / (2 * y)).masked_fill(y == 0, 0)
        gk = _grad_to_input(g, x, self.dims, self.keepdim)
        return (gk * 2 * (x - mean) / max(self.n - self.correction, 0),)


class Amax(Function):
    """amax/amin, and max()/min() without dim: the gradient is shared among ties."""

    node_name = "AmaxBackward0"
    kind = "max"

    def forward(self, x, dim=None, keepdim=False, *, name=None, out=None):
        no_complex(
            x,
            f'"{name or "a" + self.kind}" not implemented for complex tensors',
            NotImplementedError,
        )
        dims = reduce_dims(x, dim)
        given = dim is not None and not (isinstance(dim, (tuple, list)) and len(dim) == 0)
        _nonempty(x, dims if given else (), name or f"a{self.kind}")
        x3 = _x3(x, dims)
        values = _reduce(self.kind, x, x3, x3.dtype)
        self.dims, self.keepdim = dims, keepdim
        y = _finish(values, out_shape(x, dims, keepdim), x.dtype, out)
        if name is not None:
            self.node_name = f"{self.kind.capitalize()}Backward1"
        self.save_for_backward(x, y)
        return y

    def vjp(self, g):
        # shared evenly among the elements equal to the answer. As PyTorch: amax/amin and
        # max/min along a dim divide by that count (a NaN answer: by 0); max()/min() of
        # everything share it among the NaNs when it is NaN, and put 0 elsewhere
        x, y = self.saved
        yk = _grad_to_input(y, x, self.dims, self.keepdim)
        if self.node_name.endswith("Backward1") and x.dtype.is_floating_point:
            hit = x.isnan() if bool(y.isnan()) else x == yk
            share = _grad_to_input(g / hit.sum(), x, self.dims, self.keepdim)
            return (share.masked_fill(~hit, 0),)
        hit = x == yk
        count = hit.sum(dim=self.dims if self.dims else None, keepdim=True)
        return (_grad_to_input(g, x, self.dims, self.keepdim) * hit / count,)


class Amin(Amax):
    node_name = "AminBackward0"
    kind = "min"


class Picked(Function):
    """Values taken from ``x`` at ``indices`` along ``dim`` (max/min with dim, median, sort,
    topk): the gradient goes back to exactly those positions. ``dim`` None: flat indices."""

    def forward(self, x, picked, dim, keepdim, name):
        # picked: (values, indices), a pair, so that the values (this node's output) are no
        # input edge of it
        values, indices = picked
        self.node_name = name
        self.dim, self.keepdim, self.shape, self.indices = dim, keepdim, tuple(x.shape), indices
        return values

    def vjp(self, g):
        nothing = (None, None, None, None)
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
    no_complex(x, f"{kind}(): does not support complex input")
    d = wrap_dim(dim, x.ndim)
    dims = (d,) if x.ndim else ()
    _nonempty(x, dims, kind)
    values, indices = ops_of(x).arg_reduce(kind, _x3(x, dims))
    shape = out_shape(x, dims, keepdim)
    vals = _finish(wrap(values, x), shape, x.dtype)
    idx = _finish(wrap(indices, x), shape, int64)
    name = "MaxBackward0" if kind == "max" else "MinBackward0"
    return Picked.apply(x, (vals, idx), d, keepdim, name), idx


def arg_extreme(kind: str, x: Tensor, dim=None, keepdim=False) -> Tensor:
    """argmax/argmin: over the flattened tensor when dim is None."""
    no_complex(x, f"arg{kind}(): does not support complex input")
    if x.dtype is bool_:
        raise RuntimeError(f"arg{kind}(): does not support bool input")
    if dim is None:
        flat = x.reshape(-1)
        if flat.numel() == 0:
            raise IndexError(
                f"arg{kind}(): Expected reduction dim to be specified for input.numel() == 0."
            )
        _, idx = ops_of(x).arg_reduce(kind, _x3(flat.reshape(1, -1, 1), (1,)))
        shape = (1,) * x.ndim if keepdim else ()
        return _finish(wrap(idx, x), shape, int64)
    d = wrap_dim(dim, x.ndim)
    dims = (d,) if x.ndim else ()
    _nonempty(x, dims, f"arg{kind}")
    _, idx = ops_of(x).arg_reduce(kind, _x3(x, dims))
    return _finish(wrap(idx, x), out_shape(x, dims, keepdim), int64)


@op("count_nonzero")
def count_nonzero(x: Tensor, dim=None) -> Tensor:
    r"""Counts the nonzero elements of ``input``, over all dims or over ``dim``.

    The result is int64. ``x.count_nonzero(...)`` is the method form.

    Args:
        input (Tensor): the input tensor.
        dim (int or tuple of ints, optional): the dimension(s) to count along. Default: all.

    Example::

        >>> m = torch.tensor([[0, 1, 2], [0, 0, 3]])
        >>> torch.count_nonzero(m)
        tensor(3)
        >>> torch.count_nonzero(m, dim=1)
        tensor([2, 1])
    """
    dims = reduce_dims(x, dim)
    counts = _reduce("count_nonzero", x, _x3(x, dims), np.int64)
    return _finish(counts, out_shape(x, dims, False), int64)


def all_any(kind: str, x: Tensor, dim=None, keepdim=False, *, out=None) -> Tensor:
    """all/any: bool results (uint8 for uint8 inputs, as in PyTorch)."""
    dims = reduce_dims(x, dim)
    counts = _reduce("count_nonzero", x, _x3(x, dims), np.int64)
    n = math.prod([x.shape[d] for d in dims]) if x.ndim else 1
    result = counts == n if kind == "all" else counts > 0
    dt = uint8 if x.dtype is uint8 else bool_
    return _finish(result, out_shape(x, dims, keepdim), dt, out)


class Cumulative(Function):
    """cumsum / cumprod along ``dim``; integers accumulate in int64."""

    node_name = "CumsumBackward0"
    kind = "cumsum"

    def forward(self, x, dim, *, dtype=None, out=None):
        d = wrap_dim(dim, x.ndim)
        result, acc = accumulation_dtypes(x, dtype)
        ops = ops_of(x)
        xs = x.reshape(1) if x.ndim == 0 else x
        arr = _array(xs, acc)
        values = ops.scan(self.kind, ops.reduction_view(arr, (d,)), acc)
        self.dim = d
        y = _finish(wrap(ops.from_reduction_view(values, arr, d), x), x.shape, result, out)
        self.save_for_backward(x, y)
        return y

    def vjp(self, g):
        x, y = self.saved
        if x.ndim == 0:  # (one element: its running sum or product is itself)
            return (g,)
        if self.kind == "cumsum":
            return (g.flip(self.dim).cumsum(self.dim).flip(self.dim),)
        # d y_j / d x_i = y_j / x_i for j >= i (inputs with zeros need the slow path)
        if bool((x == 0).any()):
            return (_cumprod_grad_with_zeros(g, x, self.dim),)
        return ((g * y).flip(self.dim).cumsum(self.dim).flip(self.dim) / x,)


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
