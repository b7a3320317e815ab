"""Sorting and order statistics: sort, argsort, topk, median, unique (NumPy's sorts), flip."""

from __future__ import annotations

import numpy as np

from .. import return_types
from .._tensor_base import Tensor, wrap_dim
from ..autograd.function import Function
from ._common import c_array, host


def _stable_order(values: np.ndarray, axis: int, descending: bool) -> np.ndarray:
    """Stable argsort; NaN counts as the largest value (last ascending, first descending)."""
    if not descending:
        return np.argsort(values, axis=axis, kind="stable")
    n = values.shape[axis]
    # sort the reversed array ascending, then walk it backwards: ties keep their order
    rev = np.flip(values, axis)
    order = np.argsort(rev, axis=axis, kind="stable")
    return np.flip(n - 1 - order, axis)


def _sorted(x: Tensor, dim: int, descending: bool):
    """(values, indices) of a stable sort along ``dim``, outside the graph."""
    if x.ndim == 0:
        return x.detach().clone(), Tensor._make(np.zeros((), np.int64), x.device)
    arr = host(x)
    order = _stable_order(arr, dim, descending)
    values = Tensor._make(np.take_along_axis(arr, order, dim), x.device)
    return values, Tensor._make(order.astype(np.int64), x.device)


def _picked(x, values, indices, dim, keepdim, name):
    from .reduce import Picked

    return Picked.apply(x, values, indices, dim, keepdim, name)


def sort(input: Tensor, dim: int = -1, descending: bool = False, *, stable: bool = False):
    """Sorted values and the indices that sort them, as ``return_types.sort``."""
    d = wrap_dim(dim, input.ndim) if input.ndim else 0
    values, indices = _sorted(input, d, descending)
    values = _picked(input, values, indices, d if input.ndim else None, True, "SortBackward0")
    return return_types.sort(values, indices)


def argsort(input: Tensor, dim: int = -1, descending: bool = False, stable: bool = False) -> Tensor:
    d = wrap_dim(dim, input.ndim) if input.ndim else 0
    return _sorted(input, d, descending)[1]


def topk(input: Tensor, k: int, dim: int = -1, largest: bool = True, sorted: bool = True):
    """The k largest (or smallest) values along ``dim`` and their indices."""
    d = wrap_dim(dim, input.ndim) if input.ndim else 0
    size = input.shape[d] if input.ndim else 1
    if k < 0 or k > size:
        raise RuntimeError("selected index k out of range")
    values, indices = _sorted(input, d, largest)
    if input.ndim:
        values, indices = values.narrow(d, 0, k), indices.narrow(d, 0, k)
    values = _picked(input, values, indices, d if input.ndim else None, True, "TopkBackward0")
    return return_types.topk(values, indices)


def median(input: Tensor, dim=None, keepdim: bool = False):
    """The lower median; NaN if any value in a slice is NaN. With dim: values and indices."""
    x = input
    if dim is None:
        flat = x.detach().reshape(-1)
        if flat.numel() == 0:
            return x.new_full((), float("nan")) if x.dtype.is_floating_point else x.new_zeros(())
        values, indices = _median_along(flat, 0, False)
        return _picked(x, values, indices, None, False, "MedianBackward0")
    d = wrap_dim(dim, x.ndim) if x.ndim else 0
    if x.ndim and x.shape[d] == 0:
        raise IndexError(f"median(): Expected reduction dim {d} to have non-zero size.")
    values, indices = _median_along(x.detach(), d, keepdim)
    values = _picked(x, values, indices, d if x.ndim else None, keepdim, "MedianBackward1")
    return return_types.median(values, indices)


def _median_along(x: Tensor, d: int, keepdim: bool):
    if x.ndim == 0:
        return x.clone(), Tensor._make(np.zeros((), np.int64), x.device)
    values, order = _sorted(x, d, False)
    n = x.shape[d]
    arr = host(x)
    pick = values.narrow(d, (n - 1) // 2, 1)
    idx = order.narrow(d, (n - 1) // 2, 1)
    if arr.dtype.kind == "f":
        nan_any = np.isnan(arr).any(axis=d, keepdims=True)
        if nan_any.any():
            first_nan = np.expand_dims(np.argmax(np.isnan(arr), axis=d), d)
            idx = Tensor._make(np.where(nan_any, first_nan, host(idx)).astype(np.int64), x.device)
            pick = pick.masked_fill(Tensor._make(nan_any, x.device), float("nan"))
    if not keepdim:
        pick, idx = pick.squeeze(d), idx.squeeze(d)
    return pick, idx


def unique(
    input: Tensor,
    sorted: bool = True,
    return_inverse: bool = False,
    return_counts: bool = False,
    dim=None,
):
    """The distinct values in ascending order, optionally with inverse indices and counts."""
    arr = host(input)
    if dim is None:
        values, inverse, counts = np.unique(
            arr.reshape(-1), return_inverse=True, return_counts=True
        )
        inverse = inverse.reshape(arr.shape)
    else:
        d = wrap_dim(dim, input.ndim)
        values, inverse, counts = np.unique(arr, return_inverse=True, return_counts=True, axis=d)
        inverse = inverse.reshape(-1)
    out = [Tensor._make(c_array(values), input.device)]
    if return_inverse:
        out.append(Tensor._make(inverse.astype(np.int64), input.device))
    if return_counts:
        out.append(Tensor._make(counts.astype(np.int64), input.device))
    return out[0] if len(out) == 1 else tuple(out)


class Flip(Function):
    node_name = "FlipBackward0"

    def forward(self, x, dims):
        dims = (dims,) if isinstance(dims, int) else tuple(dims)
        self.dims = tuple(wrap_dim(d, x.ndim) for d in dims)
        return Tensor._make(np.flip(host(x), self.dims).copy(), x.device)

    def vjp(self, g):
        return (Flip.apply(g, self.dims),)


def flip(input: Tensor, dims) -> Tensor:
    """A copy with the order of elements reversed along ``dims``."""
    return Flip.apply(input, dims)
