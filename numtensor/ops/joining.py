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
