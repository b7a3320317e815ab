"""Broadcasting and slicing views: expand, expand_as, broadcast_to and broadcast_tensors
(stride-0 dims), and narrow, select, unbind and diagonal (views of a part of the buffer).

Views share their base's buffer, as in PyTorch; their autograd is ``differentiable.py``'s.
"""

from __future__ import annotations

from .._size import broadcast_shapes
from .._tensor_base import Tensor, wrap_dim
from .registry import op
from .shape import _elem_strides, _indexed, _shape_arg, _strided


def expand(self: Tensor, *sizes) -> Tensor:
    r"""Returns a new view of ``x`` with singleton dimensions expanded to a larger size.

    ``-1`` keeps the size of that dimension. New dimensions may be added at the front (their
    size cannot be ``-1``). Only dims of size 1 can grow: no memory is allocated, the
    expanded dims get stride 0, so several elements of the result share one memory location.
    Write to an expanded tensor only after :meth:`Tensor.clone` (in-place ops on it give
    wrong or undefined results). Differentiable: the gradient is summed back over the
    expanded dims.

    Args:
        *sizes (int or tuple of ints): the desired expanded size.

    Example::

        >>> x = torch.tensor([[1], [2], [3]])
        >>> x.expand(3, 4)
        tensor([[1, 1, 1, 1],
                [2, 2, 2, 2],
                [3, 3, 3, 3]])
        >>> x.expand(-1, 2)
        tensor([[1, 1],
                [2, 2],
                [3, 3]])
        >>> x.expand(2, 3, 2).shape
        numtensor.Size([2, 3, 2])
        >>> x.expand(3, 4).stride()
        (1, 0)
    """
    sizes = list(_shape_arg(sizes))
    nd = self.ndim
    if len(sizes) < nd:
        raise RuntimeError(
            f"expand(torch.FloatTensor{{{list(self.shape)}}}, size={sizes}): the number of sizes "
            f"provided ({len(sizes)}) must be greater or equal to the number of dimensions in "
            f"the tensor ({nd})"
        )
    shape, strides = list(self.shape), _elem_strides(self)
    lead = len(sizes) - nd
    out_shape, out_strides = [], []
    for i, want in enumerate(sizes):
        if i < lead:
            if want < 0:
                raise RuntimeError(
                    f"The expanded size of the tensor ({want}) isn't allowed in a "
                    "leading, non-existing dimension {i}"
                )
            out_shape.append(want)
            out_strides.append(0)
            continue
        have, stride = shape[i - lead], strides[i - lead]
        if want == -1:
            want = have
        if have == want:
            out_shape.append(have)
            out_strides.append(stride)
        elif have == 1:
            out_shape.append(want)
            out_strides.append(0)
        else:
            raise RuntimeError(
                f"The expanded size of the tensor ({want}) must match the existing size ({have}) "
                f"at non-singleton dimension {i}.  Target sizes: {sizes}.  Tensor sizes: {shape}"
            )
    return _strided(self, out_shape, out_strides)


def expand_as(self: Tensor, other: Tensor) -> Tensor:
    r"""Expands ``x`` to the size of ``other``: ``x.expand(other.size())``.

    A view of ``x`` (no copy; see :meth:`Tensor.expand`).

    Args:
        other (Tensor): the result has the same size as ``other``.

    Example::

        >>> torch.tensor([1, 2]).expand_as(torch.zeros(2, 2))
        tensor([[1, 2],
                [1, 2]])
    """
    return expand(self, tuple(other.shape))


def broadcast_to(self: Tensor, *shape) -> Tensor:
    r"""Broadcasts ``input`` to the shape ``shape``: ``input.expand(shape)``.

    The result is a view (no copy; several of its elements may share one memory location,
    see :meth:`Tensor.expand`). ``x.broadcast_to(shape)`` is the method form (which also
    takes the sizes one by one, ``x.broadcast_to(3, 3)``).

    Args:
        input (Tensor): the input tensor.
        shape (list, tuple, or :class:`numtensor.Size`): the new shape.

    Example::

        >>> x = torch.tensor([1, 2, 3])
        >>> torch.broadcast_to(x, (3, 3))
        tensor([[1, 2, 3],
                [1, 2, 3],
                [1, 2, 3]])
    """
    if len(shape) == 1 and not isinstance(shape[0], int):
        shape = shape[0]
    return expand(self, tuple(shape))


@op("broadcast_tensors", method=False)
def broadcast_tensors(*tensors) -> tuple:
    r"""Broadcasts the given tensors to a common shape, by PyTorch's broadcasting rules.

    Each result is a view (:meth:`Tensor.expand`) of its input: several of its elements may
    share one memory location, so write to them only after cloning.

    Args:
        *tensors (Tensor): tensors of broadcastable shapes.

    Returns:
        tuple of Tensors: all of the broadcast shape.

    Example::

        >>> a, b = torch.broadcast_tensors(torch.tensor([[1], [2]]), torch.tensor([10, 20, 30]))
        >>> a
        tensor([[1, 1, 1],
                [2, 2, 2]])
        >>> b
        tensor([[10, 20, 30],
                [10, 20, 30]])
    """
    shape = broadcast_shapes(*(t.shape for t in tensors))
    return tuple(expand(t, shape) for t in tensors)


def narrow(self: Tensor, dim: int, start: int, length: int) -> Tensor:
    r"""Returns a narrowed version of ``input``: along ``dim``, the elements from ``start``
    to ``start + length`` (exclusive).

    Same as ``input[:, ..., start:start + length, ...]`` on dim ``dim``: a view that shares
    ``input``'s memory. ``start`` may be negative (counted from the end) or a 0-dim
    tensor. ``x.narrow(dim, start, length)`` is the method form.

    Args:
        input (Tensor): the tensor to narrow.
        dim (int): the dimension along which to narrow.
        start (int or Tensor): index of the element to start the narrowed dimension from.
        length (int): length of the narrowed dimension, must be non-negative.

    Example::

        >>> x = torch.tensor([[1, 2, 3], [4, 5, 6], [7, 8, 9]])
        >>> torch.narrow(x, 0, 0, 2)
        tensor([[1, 2, 3],
                [4, 5, 6]])
        >>> torch.narrow(x, 1, 1, 2)
        tensor([[2, 3],
                [5, 6],
                [8, 9]])
        >>> torch.narrow(x, -1, -1, 1)
        tensor([[3],
                [6],
                [9]])
    """
    if self.ndim == 0:
        raise RuntimeError("narrow() cannot be applied to a 0-dim tensor.")
    d = wrap_dim(dim, self.ndim)
    size = self.shape[d]
    if isinstance(start, Tensor):
        start = start.item()
    if start < -size or start > size:
        raise IndexError(
            f"start out of range (expected to be in range of [{-size}, {size}], but got {start})"
        )
    if start < 0:
        start += size
    if length < 0:
        raise RuntimeError("narrow(): length must be non-negative.")
    if start + length > size:
        raise RuntimeError(f"start ({start}) + length ({length}) exceeds dimension size ({size}).")
    index = [slice(None)] * self.ndim
    index[d] = slice(start, start + length)
    return _indexed(self, tuple(index))


def select(self: Tensor, dim: int, index: int) -> Tensor:
    r"""Slices ``input`` along ``dim`` at ``index``, removing that dimension.

    ``torch.select(x, 0, i)`` is ``x[i]`` and ``torch.select(x, 1, i)`` is ``x[:, i]``: a
    view that shares ``input``'s memory, with one dim fewer. A negative ``index`` counts
    from the end. ``x.select(dim, index)`` is the method form.

    Args:
        input (Tensor): the input tensor.
        dim (int): the dimension to slice.
        index (int): the index to select with.

    Example::

        >>> x = torch.tensor([[1, 2, 3], [4, 5, 6]])
        >>> torch.select(x, 1, 0)
        tensor([1, 4])
        >>> x.select(0, -1)
        tensor([4, 5, 6])
    """
    if self.ndim == 0:
        raise IndexError("select() cannot be applied to a 0-dim tensor.")
    d = wrap_dim(dim, self.ndim)
    size = self.shape[d]
    if index < -size or index >= size:
        raise IndexError(
            f"select(): index {index} out of range for tensor of size {list(self.shape)} at "
            f"dimension {d}"
        )
    idx = [slice(None)] * self.ndim
    idx[d] = int(index)
    idx.append(Ellipsis)  # a 0-d view rather than a NumPy scalar
    return _indexed(self, tuple(idx))


def unbind(self: Tensor, dim: int = 0) -> tuple:
    """All slices along ``dim``, as a tuple of views."""
    d = wrap_dim(dim, self.ndim)
    return tuple(select(self, d, i) for i in range(self.shape[d]))


def diagonal(self: Tensor, offset: int = 0, dim1: int = 0, dim2: int = 1) -> Tensor:
    r"""Returns a view of the diagonal of ``input`` with respect to ``dim1`` and ``dim2``.

    ``offset`` 0 is the main diagonal, ``offset > 0`` a diagonal above it, ``offset < 0``
    one below. The dims ``dim1`` and ``dim2`` are removed and the diagonal is appended as the
    last dimension. The result shares ``input``'s memory (unlike :func:`torch.diag` on a
    matrix, which copies). ``x.diagonal(...)`` is the method form.

    Args:
        input (Tensor): the input tensor, at least 2-D.
        offset (int): which diagonal to take. Default: 0.
        dim1 (int): first dimension of the 2-D planes. Default: 0.
        dim2 (int): second dimension of the 2-D planes. Default: 1.

    Example::

        >>> a = torch.arange(9).reshape(3, 3)
        >>> torch.diagonal(a)
        tensor([0, 4, 8])
        >>> torch.diagonal(a, 1)
        tensor([1, 5])
        >>> torch.diagonal(a, -1)
        tensor([3, 7])
        >>> torch.diagonal(torch.arange(8).reshape(2, 2, 2), dim1=1, dim2=2)
        tensor([[0, 3],
                [4, 7]])
    """
    nd = self.ndim
    d1, d2 = wrap_dim(dim1, nd), wrap_dim(dim2, nd)
    if d1 == d2:
        raise RuntimeError(f"diagonal dimensions cannot be identical {dim1}, {dim2}")
    shape, strides = list(self.shape), _elem_strides(self)
    if offset >= 0:
        n = max(min(shape[d1], shape[d2] - offset), 0)
    else:
        n = max(min(shape[d1] + offset, shape[d2]), 0)
    keep = [i for i in range(nd) if i not in (d1, d2)]
    out_shape = [shape[i] for i in keep] + [n]
    out_strides = [strides[i] for i in keep] + [strides[d1] + strides[d2]]
    if n == 0:
        return _strided(self, out_shape, out_strides)
    # start the view at the diagonal's first element, then walk it with the summed stride
    start = [slice(None)] * nd
    if offset >= 0:
        start[d2] = slice(offset, None)
    else:
        start[d1] = slice(-offset, None)
    return _strided(_indexed(self, tuple(start)), out_shape, out_strides)
