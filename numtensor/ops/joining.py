"""Joining with autograd: cat, stack, hstack, vstack (CatBackward0, StackBackward0).

The joins themselves are in ``split_join.py`` (one backend ``cat``); here each records its VJP,
which hands every input its slice of the gradient.
"""

from __future__ import annotations

from collections.abc import Sequence

from .._tensor_base import Tensor, wrap_dim
from ..autograd.function import Function, name_node
from ..autograd.grad_mode import is_grad_enabled
from . import split_join
from ._common import allocate
from .out_variants import check_no_grad
from .registry import op


def _zeros(x_shape, like):
    return allocate(tuple(x_shape), like.dtype.np, 0, like.device)


class Cat(Function):
    node_name = "CatBackward0"

    @classmethod
    def apply_list(cls, tensors, dim, out=None):
        tensors = split_join._tensor_list(tensors, "cat")
        if out is None and is_grad_enabled() and any(x._requires_grad for x in tensors):
            return cls.apply(dim, *tensors)
        if out is not None:
            check_no_grad("cat", tensors)
        return split_join.cat(tensors, dim, out=out)

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
        result = split_join.cat(list(tensors), dim)
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
def cat(tensors: Sequence[Tensor], dim: int = 0, *, out: Tensor | None = None) -> Tensor:
    r"""Concatenates a sequence of tensors along an existing dimension.

    All tensors must have the same shape except in the ``dim`` dimension, or be 1-D and
    empty (``shape (0,)``, which is skipped). Dtypes are promoted as in PyTorch.
    :func:`concat` and :func:`concatenate` are aliases.

    Args:
        tensors (sequence of Tensors): the tensors to join (non-empty).
        dim (int): the dimension to join along. Default: ``0``.

    Keyword args:
        out (Tensor, optional): the output tensor.

    Returns:
        Tensor: ``dim`` has the sum of the inputs' sizes there.

    Example::

        >>> x = torch.tensor([[1, 2], [3, 4]])
        >>> torch.cat((x, torch.tensor([[5, 6]])))
        tensor([[1, 2],
                [3, 4],
                [5, 6]])
        >>> torch.cat((x, x), dim=1)
        tensor([[1, 2, 1, 2],
                [3, 4, 3, 4]])
    """
    return Cat.apply_list(tensors, dim, out)


class Stack(Function):
    node_name = "StackBackward0"

    def forward(self, dim, *tensors):
        result = split_join.stack(list(tensors), dim)
        self.dim = wrap_dim(dim, result.ndim)
        return result

    def vjp(self, g):
        return (None, *(g.select(self.dim, i) for i in range(g.shape[self.dim])))


@op("stack", method=False)
def stack(tensors: Sequence[Tensor], dim: int = 0, *, out: Tensor | None = None) -> Tensor:
    r"""Stacks a sequence of tensors along a new dimension.

    All tensors must have the same shape. ``torch.stack(ts, dim)`` is
    ``torch.cat([t.unsqueeze(dim) for t in ts], dim)``.

    Args:
        tensors (sequence of Tensors): the tensors to stack (non-empty).
        dim (int): the index of the new dimension, between 0 and ``ts[0].dim()``
            (negative counts from the end). Default: ``0``.

    Keyword args:
        out (Tensor, optional): the output tensor.

    Returns:
        Tensor: one dimension more than the inputs.

    Example::

        >>> a, b = torch.tensor([1, 2]), torch.tensor([3, 4])
        >>> torch.stack((a, b))
        tensor([[1, 2],
                [3, 4]])
        >>> torch.stack((a, b), dim=1)
        tensor([[1, 3],
                [2, 4]])
    """
    tensors = split_join._tensor_list(tensors, "stack")
    if out is None and is_grad_enabled() and any(x._requires_grad for x in tensors):
        return Stack.apply(dim, *tensors)
    if out is not None:
        check_no_grad("stack", tensors)
    return split_join.stack(tensors, dim, out=out)


@op("hstack", method=False)
def hstack(tensors, *, out=None):
    r"""Stacks tensors in sequence horizontally (column wise).

    1-D tensors (and scalars) are joined along dim 0, all others along dim 1, as
    :func:`numpy.hstack` does.

    Args:
        tensors (sequence of Tensors): the tensors to join.

    Keyword args:
        out (Tensor, optional): the output tensor.

    Example::

        >>> torch.hstack((torch.tensor([1, 2]), torch.tensor([3, 4])))
        tensor([1, 2, 3, 4])
        >>> torch.hstack((torch.tensor([[1], [2]]), torch.tensor([[3], [4]])))
        tensor([[1, 3],
                [2, 4]])
    """
    ts = [x.reshape(1) if x.ndim == 0 else x for x in split_join._tensor_list(tensors, "hstack")]
    if not ts:
        raise RuntimeError("hstack expects a non-empty TensorList")
    return cat(ts, 0 if ts[0].ndim == 1 else 1, out=out)


@op("vstack", aliases=("row_stack",), method=False)
def vstack(tensors, *, out=None):
    r"""Stacks tensors in sequence vertically (row wise).

    1-D tensors of size ``n`` become rows of shape ``(1, n)`` (scalars ``(1, 1)``, as by
    :func:`atleast_2d`), then all are joined along dim 0. :func:`row_stack` is an alias.

    Args:
        tensors (sequence of Tensors): the tensors to join.

    Keyword args:
        out (Tensor, optional): the output tensor.

    Example::

        >>> torch.vstack((torch.tensor([1, 2]), torch.tensor([3, 4])))
        tensor([[1, 2],
                [3, 4]])
    """
    ts = []
    for x in split_join._tensor_list(tensors, "vstack"):
        ts.append(x if x.ndim >= 2 else x.reshape(1, x.numel() if x.ndim else 1))
    if not ts:
        raise RuntimeError("vstack expects a non-empty TensorList")
    return cat(ts, 0, out=out)


@op("atleast_1d", method=False)
def atleast_1d(*tensors):
    r"""Returns a 1-dimensional view of each input tensor with zero dimensions.

    Tensors with one or more dimensions are returned as is.

    Args:
        *tensors (Tensor or sequence of Tensors): one or more tensors.

    Returns:
        Tensor or tuple of Tensors: one tensor for a single input, else a tuple.

    Example::

        >>> torch.atleast_1d(torch.tensor(1.))
        tensor([1.])
        >>> torch.atleast_1d(torch.tensor(1), torch.tensor([2, 3]))
        (tensor([1]), tensor([2, 3]))
    """
    return _each(tensors, lambda x: x.reshape(1) if x.ndim == 0 else x)


@op("atleast_2d", method=False)
def atleast_2d(*tensors):
    r"""Returns a 2-dimensional view of each input tensor with fewer than two dimensions.

    A scalar becomes shape ``(1, 1)`` and a vector of size ``n`` shape ``(1, n)``; tensors
    with two or more dimensions are returned as is.

    Args:
        *tensors (Tensor or sequence of Tensors): one or more tensors.

    Returns:
        Tensor or tuple of Tensors: one tensor for a single input, else a tuple.

    Example::

        >>> torch.atleast_2d(torch.tensor([1., 2.]))
        tensor([[1., 2.]])
        >>> torch.atleast_2d(torch.tensor(3))
        tensor([[3]])
    """
    return _each(tensors, _two_d)


@op("atleast_3d", method=False)
def atleast_3d(*tensors):
    r"""Returns a 3-dimensional view of each input tensor with fewer than three dimensions.

    A scalar becomes shape ``(1, 1, 1)``, a vector of size ``n`` ``(1, n, 1)`` and a matrix
    ``(m, n)`` ``(m, n, 1)``, as in NumPy.

    Args:
        *tensors (Tensor or sequence of Tensors): one or more tensors.

    Returns:
        Tensor or tuple of Tensors: one tensor for a single input, else a tuple.

    Example::

        >>> torch.atleast_3d(torch.tensor([1., 2.])).shape
        numtensor.Size([1, 2, 1])
        >>> torch.atleast_3d(torch.ones(2, 3)).shape
        numtensor.Size([2, 3, 1])
    """

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
    r"""Stacks tensors in sequence depth wise (along the third dimension).

    Tensors with fewer than three dims are first made 3-D as by :func:`atleast_3d`, then
    joined along dim 2.

    Args:
        tensors (sequence of Tensors): the tensors to join.

    Keyword args:
        out (Tensor, optional): the output tensor.

    Example::

        >>> torch.dstack((torch.tensor([1, 2]), torch.tensor([3, 4])))
        tensor([[[1, 3],
                 [2, 4]]])
    """
    ts = [_two_d(x) for x in split_join._tensor_list(tensors, "dstack")]
    return cat([x.unsqueeze(2) if x.ndim == 2 else x for x in ts], 2, out=out)


@op("column_stack", method=False)
def column_stack(tensors, *, out=None):
    r"""Creates a new tensor by horizontally stacking the tensors in ``tensors``.

    Scalars and 1-D tensors of size ``n`` become columns of shape ``(n, 1)``; everything is
    then joined along dim 1, as :func:`numpy.column_stack` does.

    Args:
        tensors (sequence of Tensors): the tensors to join.

    Keyword args:
        out (Tensor, optional): the output tensor.

    Example::

        >>> torch.column_stack((torch.tensor([1, 2]), torch.tensor([3, 4])))
        tensor([[1, 3],
                [2, 4]])
    """
    ts = [
        x.reshape(x.numel(), 1) if x.ndim <= 1 else x
        for x in split_join._tensor_list(tensors, "column_stack")
    ]
    return cat(ts, 1, out=out)


@op("repeat", function=False)
def repeat(self, *sizes):
    r"""Repeats this tensor along the specified dimensions (copying the data).

    ``sizes`` has at least ``x.dim()`` entries; extra ones add leading dimensions. Unlike
    :meth:`expand`, the result owns new memory. ``x.repeat(...)`` is
    :func:`numpy.tile`-like; see also :func:`tile` and :func:`repeat_interleave`.

    Args:
        *sizes (int... or torch.Size): the number of times to repeat along each dimension.

    Returns:
        Tensor: dim ``i`` of size ``sizes[i] * x.size(i)`` (with ``x`` padded by leading 1s).

    Example::

        >>> x = torch.tensor([1, 2])
        >>> x.repeat(2)
        tensor([1, 2, 1, 2])
        >>> x.repeat(2, 2)
        tensor([[1, 2, 1, 2],
                [1, 2, 1, 2]])
    """
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
    out = out.clone() if out._base is not None or out is self else out
    return name_node(out, "RepeatBackward0")
