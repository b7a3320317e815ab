"""Reshaping views: view, reshape, view_as, reshape_as, flatten, unflatten, squeeze and
unsqueeze, with the strided-view helpers (``_strided``, ``_indexed``, ``infer_size``...) that
``permuted_views.py``, ``broadcast_slice_views.py`` and ``split_join.py`` build on. Views share
their base's buffer, as in PyTorch; their autograd is ``differentiable.py``'s.
"""

from __future__ import annotations

import math

import numpy as np

from .. import backend
from .._size import broadcast_shapes
from .._tensor_base import Tensor, wrap_dim
from .registry import op

# ---- helpers -------------------------------------------------------------------------------


def _strided(t: Tensor, shape, strides_el, offset: int = 0) -> Tensor:
    """A view of ``t``'s buffer with the given shape and element strides, ``offset``
    elements after ``t``'s first element."""
    return t._view(backend.of(t.device).view(t._data, shape, strides_el, offset))


def _elem_strides(t: Tensor) -> list[int]:
    return list(t.stride())


def _indexed(t: Tensor, index: tuple) -> Tensor:
    """The view basic indexing (ints, slices, None, Ellipsis) gives."""
    return t._view(backend.of(t.device).basic_index(t._data, index))


def infer_size(shape, numel: int) -> list[int]:
    """Resolve one ``-1`` in a requested shape; PyTorch's errors for impossible shapes."""
    shape = list(shape)
    infer = None
    known = 1
    for i, s in enumerate(shape):
        if s == -1:
            if infer is not None:
                raise RuntimeError("only one dimension can be inferred")
            infer = i
        elif s < 0:
            raise RuntimeError(f"invalid shape dimension {s}")
        else:
            known *= s
    if infer is not None:
        if known == 0:
            raise RuntimeError(
                f"cannot reshape tensor of 0 elements into shape {shape} because the "
                "unspecified dimension size -1 can be any value and is ambiguous"
            )
        if numel % known == 0:
            shape[infer] = numel // known
            return shape
    elif known == numel:
        return shape
    raise RuntimeError(f"shape '{shape}' is invalid for input of size {numel}")


def _view_strides(old_shape, old_strides, new_shape):
    """Strides that let ``new_shape`` view memory laid out as (old_shape, old_strides).

    None when no such strides exist (a dimension would span two non-contiguous chunks).
    """
    numel = math.prod(old_shape)
    if numel == 0:
        return (
            _contiguous_strides(new_shape)
            if list(old_shape) != list(new_shape)
            else list(old_strides)
        )
    if not old_shape:
        return [1] * len(new_shape)
    new_strides = [0] * len(new_shape)
    view_d = len(new_shape) - 1
    chunk_base = old_strides[-1]
    tensor_numel = view_numel = 1
    for d in range(len(old_shape) - 1, -1, -1):
        tensor_numel *= old_shape[d]
        if d == 0 or (old_shape[d - 1] != 1 and old_strides[d - 1] != tensor_numel * chunk_base):
            while view_d >= 0 and (view_numel < tensor_numel or new_shape[view_d] == 1):
                new_strides[view_d] = view_numel * chunk_base
                view_numel *= new_shape[view_d]
                view_d -= 1
            if view_numel != tensor_numel:
                return None
            if d > 0:
                chunk_base = old_strides[d - 1]
                tensor_numel = view_numel = 1
    if view_d != -1:
        return None
    return new_strides


def _contiguous_strides(shape) -> list[int]:
    strides = [1] * len(shape)
    for i in range(len(shape) - 2, -1, -1):
        strides[i] = strides[i + 1] * max(shape[i + 1], 1)
    return strides


def _shape_arg(shape) -> tuple:
    """Like parse_size, but -1 is allowed (view/reshape/expand take it)."""
    if len(shape) == 1 and isinstance(shape[0], (tuple, list)):
        shape = tuple(shape[0])
    for s in shape:
        if isinstance(s, bool) or not isinstance(s, (int, np.integer)):
            raise TypeError(f"shape must be a tuple of ints, but got {type(s).__name__}")
    return tuple(int(s) for s in shape)


# ---- view / reshape ------------------------------------------------------------------------


def view(self: Tensor, *shape) -> Tensor:
    r"""Returns a new tensor with the same data as ``x`` but a different shape.

    The result is a *view*: it shares ``x``'s memory (no copy is made), so writing to one
    changes the other, and in autograd the gradient flows back to ``x``. The new shape must
    have the same number of elements; one size may be ``-1``, inferred from the others.
    ``shape`` is given as sizes (``x.view(2, 3)``) or as one tuple (``x.view((2, 3))``).

    A view is only possible when ``x``'s strides allow the new shape: each new dimension
    must lie within a run of dims of ``x`` that are contiguous with each other. A contiguous
    ``x`` can always be viewed; a transposed or otherwise permuted one often cannot, and
    ``view`` then raises ``RuntimeError`` (use :meth:`reshape`, which copies when it must,
    or ``x.contiguous().view(...)``).

    Args:
        *shape (int or tuple of ints): the desired size.

    Returns:
        Tensor: a view of ``x`` of the given shape.

    Differs from PyTorch: ``x.view(dtype)`` (reinterpreting the bytes as another dtype) is
    not supported and raises ``RuntimeError``.

    Example::

        >>> x = torch.arange(6)
        >>> y = x.view(2, 3)
        >>> y
        tensor([[0, 1, 2],
                [3, 4, 5]])
        >>> x.view(-1, 2).shape
        numtensor.Size([3, 2])
        >>> y[0, 0] = 100  # y shares x's memory
        >>> x
        tensor([100,   1,   2,   3,   4,   5])
        >>> t = y.t()  # not contiguous: its rows are not adjacent in memory
        >>> t.view(6)  # doctest: +ELLIPSIS
        Traceback (most recent call last):
            ...
        RuntimeError: view size is not compatible with input tensor's size and stride ...
        >>> t.reshape(6)
        tensor([100,   3,   1,   4,   2,   5])
    """
    if len(shape) == 1 and not isinstance(shape[0], (int, np.integer, tuple, list)):
        from .._dtype import check_dtype

        return _view_dtype(self, check_dtype(shape[0], "view(): argument 'dtype'"))
    new_shape = infer_size(_shape_arg(shape), self.numel())
    data = backend.of(self.device).reshape_view(self._data, tuple(new_shape))
    if data is not None:  # the common case: a C-contiguous tensor
        return self._view(data)
    strides = _view_strides(list(self.shape), _elem_strides(self), new_shape)
    if strides is None:
        raise RuntimeError(
            "view size is not compatible with input tensor's size and stride (at least one "
            "dimension spans across two contiguous subspaces). Use .reshape(...) instead."
        )
    return _strided(self, new_shape, strides)


def _view_dtype(self: Tensor, d) -> Tensor:
    """``self``'s memory read as dtype ``d``: the last dim scales by the ratio of the element
    sizes (which then needs a unit last stride), PyTorch's checks and messages."""
    from .._dtype import type_name

    old, new = self.dtype.itemsize, d.itemsize
    shape, strides = list(self.shape), list(self.stride())
    what = f"to view {type_name(self.dtype)} as {type_name(d)} (different element sizes)"
    if old != new:
        if self.ndim == 0:
            raise RuntimeError(f"self.dim() cannot be 0 {what}")
        if strides[-1] != 1:
            raise RuntimeError(f"self.stride(-1) must be 1 {what}, but got {strides[-1]}")
    if new > old:
        ratio = new // old
        checks = [("self.size(-1)", shape[-1]), ("self.storage_offset()", self.storage_offset())]
        checks += [(f"self.stride({i})", s) for i, s in enumerate(strides[:-1])]
        for name, value in checks:
            if value % ratio:
                raise RuntimeError(f"{name} must be divisible by {ratio} {what}, but got {value}")
        shape[-1] //= ratio
        strides[:-1] = [s // ratio for s in strides[:-1]]
    elif new < old:
        ratio = old // new
        shape[-1] *= ratio
        strides[:-1] = [s * ratio for s in strides[:-1]]
    ops = backend.of(self.device)
    return self._view(ops.reinterpret(self._data, d.np, tuple(shape), tuple(strides), 0))


def reshape(self: Tensor, *shape) -> Tensor:
    r"""Returns a tensor with the same data and number of elements as ``input``, but with
    the specified shape.

    When possible the result is a view of ``input`` (see :meth:`Tensor.view`): always for
    a contiguous input, and whenever the strides allow it. Otherwise it is a contiguous copy.
    Do not rely on either: use :meth:`Tensor.view` when a view is required (it raises
    instead of copying) and :meth:`Tensor.clone` when a copy is. One size may be ``-1``,
    inferred from the others. ``x.reshape(2, 3)`` and ``x.reshape((2, 3))`` are the method
    forms. Differentiable.

    Args:
        input (Tensor): the tensor to be reshaped.
        shape (tuple of ints): the new shape.

    Returns:
        Tensor: ``input``'s elements, in row-major order, in the new shape.

    Example::

        >>> a = torch.arange(4.)
        >>> torch.reshape(a, (2, 2))
        tensor([[0., 1.],
                [2., 3.]])
        >>> b = torch.tensor([[0, 1], [2, 3]])
        >>> torch.reshape(b, (-1,))
        tensor([0, 1, 2, 3])
        >>> b.t().reshape(4)  # not viewable: a copy
        tensor([0, 2, 1, 3])
    """
    new_shape = tuple(infer_size(_shape_arg(shape), self.numel()))
    ops = backend.of(self.device)
    data = ops.reshape_view(self._data, new_shape)
    if data is not None:
        return self._view(data)
    strides = _view_strides(list(self.shape), _elem_strides(self), new_shape)
    if strides is not None:
        return _strided(self, new_shape, strides)
    return Tensor._make(ops.reshape_view(ops.contiguous(self._data), new_shape), self.device)


def view_as(self: Tensor, other: Tensor) -> Tensor:
    r"""Views ``x`` as the same size as ``other``: ``x.view(other.size())``.

    The result shares ``x``'s memory; like :meth:`Tensor.view`, it raises ``RuntimeError``
    when ``x``'s strides do not allow that shape.

    Args:
        other (Tensor): the result has the same size as ``other``.

    Example::

        >>> torch.arange(6).view_as(torch.zeros(2, 3))
        tensor([[0, 1, 2],
                [3, 4, 5]])
    """
    return view(self, tuple(other.shape))


def reshape_as(self: Tensor, other: Tensor) -> Tensor:
    r"""Returns ``x`` reshaped to ``other``'s shape: ``x.reshape(other.shape)``.

    A view of ``x`` when possible, else a copy (see :meth:`Tensor.reshape`).

    Args:
        other (Tensor): the result has the same shape as ``other``.

    Example::

        >>> torch.arange(4).reshape_as(torch.zeros(2, 2))
        tensor([[0, 1],
                [2, 3]])
    """
    return reshape(self, tuple(other.shape))


def flatten(self: Tensor, start_dim: int = 0, end_dim: int = -1) -> Tensor:
    r"""Flattens ``input`` by reshaping it into a one-dimensional tensor; with ``start_dim``
    or ``end_dim``, only the dims from ``start_dim`` to ``end_dim`` (inclusive) are merged.

    Like :func:`torch.reshape`, the result is a view of ``input`` when the strides allow it,
    else a copy. A 0-dim input gives a 1-D tensor of one element. ``x.flatten(...)`` is
    the method form.

    Args:
        input (Tensor): the input tensor.
        start_dim (int): the first dim to flatten. Default: 0.
        end_dim (int): the last dim to flatten. Default: -1.

    Example::

        >>> t = torch.tensor([[[1, 2], [3, 4]], [[5, 6], [7, 8]]])
        >>> torch.flatten(t)
        tensor([1, 2, 3, 4, 5, 6, 7, 8])
        >>> torch.flatten(t, start_dim=1)
        tensor([[1, 2, 3, 4],
                [5, 6, 7, 8]])
        >>> torch.zeros(2, 3, 4, 5).flatten(1, 2).shape
        numtensor.Size([2, 12, 5])
    """
    nd = self.ndim
    if nd == 0:
        return reshape(self, (1,))
    s, e = wrap_dim(start_dim, nd), wrap_dim(end_dim, nd)
    if s > e:
        raise RuntimeError("flatten() has invalid args: start_dim cannot come after end_dim")
    shape = list(self.shape)
    return reshape(self, tuple(shape[:s] + [math.prod(shape[s : e + 1])] + shape[e + 1 :]))


def unflatten(self: Tensor, dim: int, sizes) -> Tensor:
    r"""Expands dimension ``dim`` of ``input`` over multiple dimensions of sizes ``sizes``
    (the inverse of :func:`torch.flatten`).

    The product of ``sizes`` must equal ``input.size(dim)``; one of them may be ``-1``,
    inferred. A view when possible (see :func:`torch.reshape`). ``x.unflatten(dim, sizes)``
    is the method form.

    Args:
        input (Tensor): the input tensor.
        dim (int): the dimension to unflatten.
        sizes (tuple of ints): the new sizes of that dimension.

    Example::

        >>> torch.unflatten(torch.zeros(3, 4, 1), 1, (2, 2)).shape
        numtensor.Size([3, 2, 2, 1])
        >>> torch.arange(6).unflatten(0, (-1, 3))
        tensor([[0, 1, 2],
                [3, 4, 5]])
    """
    d = wrap_dim(dim, self.ndim)
    sizes = list(sizes)
    if not sizes:
        raise RuntimeError("unflatten: sizes must be non-empty")
    size = self.shape[d]
    if -1 in sizes:
        sizes = infer_size(sizes, size)
    elif math.prod(sizes) != size:
        raise RuntimeError(
            f"unflatten: Provided sizes {sizes} don't multiply up to the size of dim {dim} "
            f"({size}) in the input tensor"
        )
    shape = list(self.shape)
    return reshape(self, (*shape[:d], *sizes, *shape[d + 1 :]))


def squeeze(self: Tensor, dim=None) -> Tensor:
    """Drop dimensions of size 1 (all of them, or only those named by ``dim``)."""
    shape, strides = list(self.shape), _elem_strides(self)
    if dim is None:
        dims = {i for i, s in enumerate(shape) if s == 1}
    else:
        dims_in = dim if isinstance(dim, (tuple, list)) else (dim,)
        dims = {wrap_dim(d, self.ndim) for d in dims_in}
        dims = {d for d in dims if self.ndim and shape[d] == 1}
    keep = [i for i in range(len(shape)) if i not in dims]
    return _strided(self, [shape[i] for i in keep], [strides[i] for i in keep])


def unsqueeze(self: Tensor, dim: int) -> Tensor:
    r"""Returns a new tensor with a dimension of size one inserted at position ``dim``.

    The result is a view sharing ``input``'s memory. ``dim`` ranges over
    ``[-input.dim() - 1, input.dim()]``; a negative ``dim`` counts from the end of the
    *result* (``dim = dim + input.dim() + 1``). ``x.unsqueeze(dim)`` is the method form.

    Args:
        input (Tensor): the input tensor.
        dim (int): the index at which to insert the singleton dimension.

    Example::

        >>> x = torch.tensor([1, 2, 3, 4])
        >>> torch.unsqueeze(x, 0)
        tensor([[1, 2, 3, 4]])
        >>> torch.unsqueeze(x, 1)
        tensor([[1],
                [2],
                [3],
                [4]])
        >>> torch.zeros(2, 3).unsqueeze(-1).shape
        numtensor.Size([2, 3, 1])
    """
    d = wrap_dim(dim, self.ndim + 1)
    shape, strides = list(self.shape), _elem_strides(self)
    new_stride = shape[d] * strides[d] if d < len(shape) else 1
    return _strided(self, shape[:d] + [1] + shape[d:], strides[:d] + [new_stride] + strides[d:])


op("broadcast_shapes", method=False)(broadcast_shapes)
