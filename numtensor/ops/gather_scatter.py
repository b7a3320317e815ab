"""Indexing with an index tensor, dim-wise or flat: index_select, gather, scatter (scatter_,
scatter_add, scatter_add_) and take.

Indices are validated (``index.check_bounds``) before the backend
(``numtensor/backend/*/index.py``) reads or writes. Their autograd is in
``differentiable_indexing.py``; ``scatter_reduce.py`` builds on ``_index_tensor``, ``_along``
and ``_scatter_values``.
"""

from __future__ import annotations

import numpy as np

from .._dtype import bool_, checked
from .._tensor_base import Tensor, wrap_dim
from ._common import check_same_device, ops_of, wrap
from .conversion import bump_version
from .index import _check_range, check_bounds


def _index_tensor(index, name: str, self: Tensor):
    """The int64 storage of an integer index tensor on ``self``'s device."""
    if not isinstance(index, Tensor):
        raise TypeError(f"{name}(): argument 'index' must be Tensor, not {type(index).__name__}")
    if index.dtype.is_floating_point or index.dtype is bool_:
        raise RuntimeError(f"{name}(): Expected dtype int64 for index")
    check_same_device((self, index), name)
    return index_values(index)


def index_values(index: Tensor):
    """An integer index tensor's values as an int64 storage of its device (the host array
    itself for a CPU tensor), for checking and addressing."""
    data = index._data
    return data if data.dtype == np.int64 else ops_of(index).astype(data, np.int64)


def index_select(self: Tensor, dim: int, index: Tensor) -> Tensor:
    r"""Returns a new tensor which indexes ``input`` along dimension ``dim`` using the
    entries in ``index``.

    The result has the same number of dims as ``input``, with size ``len(index)`` along
    ``dim`` and ``input``'s sizes elsewhere: ``torch.index_select(x, 1, i)`` is
    ``x[:, i]``. Unlike slicing, it copies (the result does not share ``input``'s memory).
    Indices may repeat; negative indices are not allowed. ``x.index_select(dim, index)`` is
    the method form.

    Args:
        input (Tensor): the input tensor.
        dim (int): the dimension in which we index.
        index (IntTensor or LongTensor): the 1-D tensor of indices.

    Example::

        >>> x = torch.tensor([[1, 2, 3], [4, 5, 6], [7, 8, 9]])
        >>> torch.index_select(x, 0, torch.tensor([0, 2]))
        tensor([[1, 2, 3],
                [7, 8, 9]])
        >>> x.index_select(1, torch.tensor([2, 2, 0]))
        tensor([[3, 3, 1],
                [6, 6, 4],
                [9, 9, 7]])
    """
    idx = _index_tensor(index, "index_select", self)
    if idx.ndim > 1:
        raise IndexError("index_select(): Index is supposed to be a vector")
    d = wrap_dim(dim, self.ndim)
    size = self.shape[d] if self.ndim else 1
    idx = index_values(index.reshape(-1))
    if self.ndim == 0 and idx.size != 1:
        raise RuntimeError(
            f"index_select(): Index to scalar can have only 1 value, got {idx.size} value(s)"
        )
    # (no negative indices here, as in PyTorch, whose error class depends on its kernel:
    # the columns of a matrix report RuntimeError)
    if self.ndim > 1 and size == 0 and idx.size:
        raise RuntimeError("index_select(): self indexing axis dim should be positive")
    if self.ndim == 2 and d == 1:
        check_bounds(
            idx,
            self.device,
            0,
            size,
            lambda bad: RuntimeError(
                f"INDICES element is out of DATA bounds, id={bad} axis_dim={size}"
            ),
        )
    else:
        check_bounds(
            idx, self.device, 0, size, lambda bad: IndexError("index out of range in self")
        )
    if self.ndim == 0:
        return self.clone()
    return wrap(ops_of(self).index_select(self._data, d, idx), self)


def _along(self: Tensor, dim: int, idx, name: str):
    """Full fancy index that addresses ``idx`` along ``dim`` and the identity elsewhere."""
    nd = self.ndim
    d = wrap_dim(dim, nd)
    if idx.ndim != max(nd, 1) and not (nd == 0 and idx.ndim <= 1):
        raise RuntimeError(
            "Index tensor must have the same number of dimensions as input tensor"
            if name == "gather"
            else "Index tensor must have the same number of dimensions as self tensor"
        )
    if nd == 0:
        _check_range(idx, 1, 0, RuntimeError, self.device)
        return (), d
    for k in range(nd):
        if k != d and idx.shape[k] > self.shape[k]:
            raise RuntimeError(
                f"Size does not match at dimension {k} expected index {list(idx.shape)} to be "
                f"no larger than self {list(self.shape)} apart from dimension {d}"
            )
    _check_range(idx, self.shape[d], d, RuntimeError, self.device)
    # index along d, identity elsewhere: small host arange arrays that broadcast to idx's shape
    grids = np.ogrid[tuple(slice(0, s) for s in idx.shape)]
    return tuple(idx if k == d else grids[k] for k in range(nd)), d


def gather(self: Tensor, dim: int, index: Tensor, *, sparse_grad: bool = False) -> Tensor:
    r"""Gathers values of ``input`` along an axis specified by ``dim``.

    For a 3-D tensor the output is::

        out[i][j][k] = input[index[i][j][k]][j][k]  # if dim == 0
        out[i][j][k] = input[i][index[i][j][k]][k]  # if dim == 1
        out[i][j][k] = input[i][j][index[i][j][k]]  # if dim == 2

    ``index`` must have the same number of dimensions as ``input``, with
    ``index.size(d) <= input.size(d)`` for every ``d != dim``; the output has ``index``'s
    shape (a new tensor, not a view). A common use picks one entry per row, e.g. the score
    of each sample's target class. The gradient scatter-adds back into ``input``.
    ``x.gather(dim, index)`` is the method form.

    Args:
        input (Tensor): the source tensor.
        dim (int): the axis along which to index.
        index (LongTensor): the indices of elements to gather.

    Keyword args:
        sparse_grad (bool, optional): if True, PyTorch makes the gradient a sparse tensor.

    Differs from PyTorch: ``sparse_grad=True`` is accepted, but the gradient is dense
    (numtensor has no sparse tensors).

    Example::

        >>> t = torch.tensor([[1, 2], [3, 4]])
        >>> torch.gather(t, 1, torch.tensor([[0, 0], [1, 0]]))
        tensor([[1, 1],
                [4, 3]])
        >>> scores = torch.tensor([[0.1, 0.7, 0.2], [0.5, 0.3, 0.2]])
        >>> scores.gather(1, torch.tensor([[1], [0]]))
        tensor([[0.7000],
                [0.5000]])
    """
    idx = _index_tensor(index, "gather", self)
    full, _ = _along(self, dim, idx, "gather")
    if self.ndim == 0:
        return self.expand(tuple(idx.shape)).clone()
    return wrap(ops_of(self).advanced_index(self._data, full), self)


def _scatter_values(self: Tensor, idx, src):
    """The values scattered: the leading ``idx.shape`` block of ``src``, in self's dtype,
    broadcast to idx's shape (a storage, or a host array for a number)."""
    ops = ops_of(self)
    if isinstance(src, Tensor):
        if src.ndim != self.ndim:
            raise RuntimeError("Index tensor must have the same number of dimensions as src tensor")
        check_same_device((self, src), "scatter")
        block = src[tuple(slice(0, s) for s in idx.shape)] if src.ndim else src
        block = block if block.dtype is self.dtype else block.to(self.dtype)
        return ops.contiguous(block.expand(tuple(idx.shape))._data) if idx.ndim else block._data
    return ops.full(tuple(idx.shape), checked(src, self.dtype), self.dtype.np)  # (0-d stays 0-d)


def scatter_(
    self: Tensor, dim: int, index: Tensor, src=None, *, value=None, reduce: str | None = None
) -> Tensor:
    """In-place: ``self[index[i][j]][j] = src[i][j]`` for dim 0 (and likewise for other dims)."""
    if src is None:
        src = value
    idx = _index_tensor(index, "scatter", self)
    full, _ = _along(self, dim, idx, "scatter")
    if reduce not in (None, "add", "multiply"):
        raise RuntimeError(f"reduce argument must be either add or multiply, got {reduce}")
    vals = _scatter_values(self, idx, src)
    target = self if self.ndim else self.reshape(1)
    full = full if self.ndim else (idx,)
    ops_of(self).scatter_(target._data, full, vals, reduce)
    bump_version(self)
    return self


def scatter(
    self: Tensor, dim: int, index: Tensor, src=None, *, value=None, reduce: str | None = None
) -> Tensor:
    r"""Returns a copy of ``input`` with the values of ``src`` written at the positions
    ``index`` along ``dim`` (the out-of-place version of :meth:`Tensor.scatter_`; the
    reverse of :func:`torch.gather`).

    For a 3-D tensor::

        out[index[i][j][k]][j][k] = src[i][j][k]  # if dim == 0
        out[i][index[i][j][k]][k] = src[i][j][k]  # if dim == 1
        out[i][j][index[i][j][k]] = src[i][j][k]  # if dim == 2

    ``index`` has ``input``'s number of dims and is no larger than ``src`` in any dim (only
    its leading block of ``src`` is used). ``src`` may be a number (or ``value=``), written
    at every indexed position. When ``index`` repeats a position, which value is written is
    unspecified (use :func:`torch.scatter_add` to add up). ``reduce="add"`` or
    ``"multiply"`` combines with the existing value instead of overwriting.
    ``x.scatter(...)`` is the method form.

    Args:
        input (Tensor): the input tensor.
        dim (int): the axis along which to index.
        index (LongTensor): the indices of the elements to scatter.
        src (Tensor or float): the source element(s) to scatter.

    Keyword args:
        value (float, optional): the value to scatter, when ``src`` is not given.
        reduce (str, optional): ``"add"`` or ``"multiply"``. Default: overwrite.

    Example::

        >>> src = torch.tensor([[1., 2.], [3., 4.]])
        >>> torch.zeros(2, 5).scatter(1, torch.tensor([[0, 4], [2, 1]]), src)
        tensor([[1., 0., 0., 0., 2.],
                [0., 4., 3., 0., 0.]])
        >>> torch.zeros(2, 4).scatter(1, torch.tensor([[2], [3]]), 1.5)
        tensor([[0.0000, 0.0000, 1.5000, 0.0000],
                [0.0000, 0.0000, 0.0000, 1.5000]])
        >>> torch.full((2, 4), 2.).scatter(1, torch.tensor([[2], [3]]), 1.5, reduce="add")
        tensor([[2.0000, 2.0000, 3.5000, 2.0000],
                [2.0000, 2.0000, 2.0000, 3.5000]])
    """
    from .conversion import contiguous_copy

    # (onto a row-major copy, as PyTorch's scatter makes, whatever self's layout)
    return scatter_(contiguous_copy(self), dim, index, src, value=value, reduce=reduce)


def scatter_add_(self: Tensor, dim: int, index: Tensor, src: Tensor) -> Tensor:
    return scatter_(self, dim, index, src, reduce="add")


def scatter_add(self: Tensor, dim: int, index: Tensor, src: Tensor) -> Tensor:
    return scatter(self, dim, index, src, reduce="add")


def take(self: Tensor, index: Tensor) -> Tensor:
    r"""Returns a new tensor with the elements of ``input`` at the given indices.

    ``input`` is treated as if it were viewed as a 1-D tensor (row-major order); the result
    has the same shape as ``index``. Negative indices count from the end; an index out of
    range raises ``IndexError``. ``x.take(index)`` is the method form.

    Args:
        input (Tensor): the input tensor.
        index (LongTensor): the indices into the flattened ``input``.

    Example::

        >>> src = torch.tensor([[4, 3, 5], [6, 7, 8]])
        >>> torch.take(src, torch.tensor([0, 2, 5]))
        tensor([4, 5, 8])
        >>> src.take(torch.tensor([[0, -1]]))
        tensor([[4, 8]])
    """
    idx = _index_tensor(index, "take", self)
    n = self.numel()
    check_bounds(
        idx,
        self.device,
        -n,
        n,
        lambda bad: IndexError(
            f"out of range: tried to access index {bad} on a tensor of {n} elements."
        ),
    )
    return wrap(ops_of(self).take(self._data, idx), self)
