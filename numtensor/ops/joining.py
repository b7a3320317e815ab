"""Joining with autograd: cat, stack, hstack, vstack (CatBackward0, StackBackward0).

The joins themselves are in ``shape.py`` (one backend ``cat``); here each records its VJP,
which hands every input its slice of the gradient.
"""

from __future__ import annotations

from .._tensor_base import wrap_dim
from ..autograd.function import Function
from ..autograd.grad_mode import is_grad_enabled
from . import shape
from ._common import allocate
from .registry import op


def _zeros(x_shape, like):
    return allocate(tuple(x_shape), like.dtype.np, 0, like.device)


class Cat(Function):
    node_name = "CatBackward0"

    @classmethod
    def apply_list(cls, tensors, dim, out=None):
        tensors = shape._tensor_list(tensors, "cat")
        if out is None and is_grad_enabled() and any(x._requires_grad for x in tensors):
            return cls.apply(dim, *tensors)
        return shape.cat(tensors, dim, out=out)

    def forward(self, dim, *tensors):
        for i, x in enumerate(tensors):
            if x.ndim == 0:
                raise RuntimeError(
                    f"zero-dimensional tensor (at position {i}) cannot be concatenated"
                )
        self.sizes = [
            x.shape[wrap_dim(dim, x.ndim)] if not (x.ndim == 1 and x.numel() == 0) else 0
            for x in tensors
        ]
        result = shape.cat(list(tensors), dim)
        self.dim = wrap_dim(dim, result.ndim)
        self.shapes = [tuple(x.shape) for x in tensors]
        return result

    def vjp(self, g):
        grads, start = [None], 0
        for size, shp in zip(self.sizes, self.shapes):
            piece = g.narrow(self.dim, start, size) if size or len(shp) > 1 else None
            grads.append(piece if piece is not None else _zeros(shp, g))
            start += size
        return tuple(grads)


@op("cat", aliases=("concat", "concatenate"), method=False)
def cat(tensors, dim: int = 0, *, out=None):
    """Join tensors along an existing dimension; dtypes promote as in PyTorch."""
    return Cat.apply_list(tensors, dim, out)


class Stack(Function):
    node_name = "StackBackward0"

    def forward(self, dim, *tensors):
        result = shape.stack(list(tensors), dim)
        self.dim = wrap_dim(dim, result.ndim)
        return result

    def vjp(self, g):
        return (None, *(g.select(self.dim, i) for i in range(g.shape[self.dim])))


@op("stack", method=False)
def stack(tensors, dim: int = 0, *, out=None):
    """Join equally shaped tensors along a new dimension."""
    tensors = shape._tensor_list(tensors, "stack")
    if out is None and is_grad_enabled() and any(x._requires_grad for x in tensors):
        return Stack.apply(dim, *tensors)
    return shape.stack(tensors, dim, out=out)


@op("hstack", method=False)
def hstack(tensors, *, out=None):
    ts = [x.reshape(1) if x.ndim == 0 else x for x in shape._tensor_list(tensors, "hstack")]
    if not ts:
        raise RuntimeError("hstack expects a non-empty TensorList")
    return cat(ts, 0 if ts[0].ndim == 1 else 1, out=out)


@op("vstack", aliases=("row_stack",), method=False)
def vstack(tensors, *, out=None):
    ts = []
    for x in shape._tensor_list(tensors, "vstack"):
        ts.append(x if x.ndim >= 2 else x.reshape(1, x.numel() if x.ndim else 1))
    if not ts:
        raise RuntimeError("vstack expects a non-empty TensorList")
    return cat(ts, 0, out=out)


@op("atleast_1d", method=False)
def atleast_1d(*tensors):
    """Each tensor with at least one dimension (a view); one tensor in, one out."""
    return _each(tensors, lambda x: x.reshape(1) if x.ndim == 0 else x)


@op("atleast_2d", method=False)
def atleast_2d(*tensors):
    return _each(tensors, _two_d)


@op("atleast_3d", method=False)
def atleast_3d(*tensors):
    """Scalars become (1, 1, 1), vectors (1, n, 1), matrices (m, n, 1), as in NumPy."""

    def three_d(x):
        if x.ndim == 0:
            return x.reshape(1, 1, 1)
        if x.ndim == 1:
            return x.reshape(1, x.shape[0], 1)
        return x.unsqueeze(2) if x.ndim == 2 else x

    return _each(tensors, three_d)


def _two_d(x):
    if x.ndim >= 2:
        return x
    return x.reshape(1, x.numel() if x.ndim else 1)


def _each(tensors, fn):
    if len(tensors) == 1 and isinstance(tensors[0], (list, tuple)):
        return tuple(fn(x) for x in tensors[0])
    out = tuple(fn(x) for x in tensors)
    return out[0] if len(out) == 1 else out


@op("dstack", method=False)
def dstack(tensors, *, out=None):
    ts = [_two_d(x) for x in shape._tensor_list(tensors, "dstack")]
    return cat([x.unsqueeze(2) if x.ndim == 2 else x for x in ts], 2, out=out)


@op("column_stack", method=False)
def column_stack(tensors, *, out=None):
    ts = [
        x.reshape(x.numel(), 1) if x.ndim <= 1 else x
        for x in shape._tensor_list(tensors, "column_stack")
    ]
    return cat(ts, 1, out=out)


@op("repeat", function=False)
def repeat(self, *sizes):
    """The tensor tiled ``sizes[i]`` times along each dim (new leading dims for extra sizes)."""
    sizes = tuple(sizes[0]) if len(sizes) == 1 and isinstance(sizes[0], (tuple, list)) else sizes
    sizes = tuple(int(s) for s in sizes)
    if len(sizes) < self.ndim:
        raise RuntimeError(
            "Number of dimensions of repeat dims can not be smaller than number of dimensions "
            "of tensor"
        )
    shape = (1,) * (len(sizes) - self.ndim) + tuple(self.shape)
    target = [r * s for r, s in zip(sizes, shape)]
    for n in target:
        if n < 0:
            raise RuntimeError(f"Trying to create tensor with negative dimension {n}: {target}")
    spread = [n for s in shape for n in (1, s)]  # each dim d as (1, shape[d])
    tiled = [n for r, s in zip(sizes, shape) for n in (r, s)]  # ... expanded to (sizes[d], ...)
    out = self.reshape(spread).expand(tiled).reshape(target)
    return out.clone() if out._base is not None or out is self else out
