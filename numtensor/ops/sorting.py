"""Sorting and order statistics: sort, argsort, topk, median, unique (NumPy's sorts), flip."""

from __future__ import annotations

from .. import return_types
from .._dtype import bool_, int64
from .._tensor_base import Tensor, wrap_dim
from ..autograd.function import Function
from ._common import allocate, no_complex, ops_of, wrap
from .conversion import contiguous_copy
from .out_variants import Out
from .registry import op


def _sorted(x: Tensor, dim: int, descending: bool):
    """(values, indices) of a stable sort along ``dim``, outside the graph."""
    no_complex(x, " Sort does not support complex dtypes on CPU")
    if x.ndim == 0:
        return x.detach().clone(), allocate((), int64.np, 0, x.device)
    values, order = ops_of(x).sort(x._data, dim, descending)
    return wrap(values, x), wrap(order, x)


def _picked(x, values, indices, dim, keepdim, name):
    from .reduce import Picked

    return Picked.apply(x, (values, indices), dim, keepdim, name)


@op("sort", out=Out(return_types.sort))
def sort(input: Tensor, dim: int = -1, descending: bool = False, *, stable: bool = False):
    r"""Sorts the elements of ``input`` along ``dim``, ascending unless ``descending``.

    Returns a named tuple ``(values, indices)``: the sorted values and, for each, its index
    along ``dim`` in ``input``. NaNs sort as the largest values. ``x.sort(...)`` is the
    method form; the gradient flows back through ``indices``.

    Args:
        input (Tensor): the input tensor.
        dim (int): the dimension to sort along. Default: -1, the last.
        descending (bool): sort in descending order. Default: False.

    Keyword args:
        stable (bool): keep the order of equal elements. numtensor's sort is always stable,
            so this changes nothing.
        out (tuple of Tensors, optional): the output tensors ``(values, indices)``.

    Example::

        >>> x = torch.tensor([[3., 1., 2.], [0., 5., 4.]])
        >>> torch.sort(x)
        numtensor.return_types.sort(
        values=tensor([[1., 2., 3.],
                [0., 4., 5.]]),
        indices=tensor([[1, 2, 0],
                [0, 2, 1]]))
        >>> torch.sort(x, dim=0, descending=True).values
        tensor([[3., 5., 4.],
                [0., 1., 2.]])
    """
    d = wrap_dim(dim, input.ndim)  # (a 0-dim tensor takes dim 0 or -1)
    values, indices = _sorted(input, d, descending)
    values = _picked(input, values, indices, d if input.ndim else None, True, "SortBackward0")
    return return_types.sort(values, indices)


@op("argsort")
def argsort(input: Tensor, dim: int = -1, descending: bool = False, stable: bool = False) -> Tensor:
    r"""Returns the indices that sort ``input`` along ``dim``: ``torch.sort(...).indices``.

    The sort is stable (equal elements keep their order). ``x.argsort(...)`` is the method
    form.

    Args:
        input (Tensor): the input tensor.
        dim (int): the dimension to sort along. Default: -1, the last.
        descending (bool): sort in descending order. Default: False.
        stable (bool): keep the order of equal elements (always done).

    Example::

        >>> torch.argsort(torch.tensor([[3., 1., 2.], [0., 5., 4.]]), dim=1)
        tensor([[1, 2, 0],
                [0, 2, 1]])
        >>> torch.argsort(torch.tensor([2, 1, 2, 0]), descending=True)
        tensor([0, 2, 1, 3])
    """
    d = wrap_dim(dim, input.ndim)  # (a 0-dim tensor takes dim 0 or -1)
    return _sorted(input, d, descending)[1]


@op("topk", out=Out(return_types.topk))
def topk(input: Tensor, k: int, dim: int = -1, largest: bool = True, sorted: bool = True):
    r"""Returns the ``k`` largest (or, with ``largest=False``, smallest) elements along ``dim``.

    Returns a named tuple ``(values, indices)``, sorted (largest first, or smallest first).
    ``k`` must be between 0 and the size of ``dim`` (else RuntimeError). ``x.topk(k)`` is
    the method form; the gradient flows back through ``indices``.

    Args:
        input (Tensor): the input tensor.
        k (int): how many elements to return.
        dim (int): the dimension to pick along. Default: -1, the last.
        largest (bool): the largest (True) or the smallest (False) elements.
        sorted (bool): return them in sorted order (always done).

    Keyword args:
        out (tuple of Tensors, optional): the output tensors ``(values, indices)``.

    Example::

        >>> torch.topk(torch.tensor([1., 5., 3., 4.]), 2)
        numtensor.return_types.topk(
        values=tensor([5., 4.]),
        indices=tensor([1, 3]))
        >>> torch.topk(torch.tensor([[3., 1., 2.], [0., 5., 4.]]), 1, largest=False).indices
        tensor([[1],
                [0]])
    """
    no_complex(input, " topk does not support complex dtypes on CPU")
    d = wrap_dim(dim, input.ndim)  # (a 0-dim tensor takes dim 0 or -1)
    size = input.shape[d] if input.ndim else 1
    if k < 0 or k > size:
        raise RuntimeError("selected index k out of range")
    if input.dtype is bool_:
        raise RuntimeError("topk does not support bool dtypes on CPU")
    values, indices = _sorted(input, d, largest)
    if input.ndim:  # (new row-major tensors, as PyTorch's: not views of the whole sort)
        values = contiguous_copy(values.narrow(d, 0, k))
        indices = contiguous_copy(indices.narrow(d, 0, k))
    values = _picked(input, values, indices, d if input.ndim else None, True, "TopkBackward0")
    return return_types.topk(values, indices)


@op("median", out=Out(return_types.median, needs="dim"))
def median(input: Tensor, dim=None, keepdim: bool = False):
    r"""Returns the median of ``input``: of all elements, or along ``dim`` with its index.

    For an even count it is the lower of the two middle values (not their mean). If a slice
    holds a NaN, its median is NaN (:func:`nanmedian` skips NaNs). With ``dim`` the result
    is a named tuple ``(values, indices)``. ``x.median(...)`` is the method form.

    Args:
        input (Tensor): the input tensor.
        dim (int, optional): the dimension to reduce. Default: None, all elements.
        keepdim (bool): whether the output keeps the reduced dim with size 1.

    Keyword args:
        out (tuple of Tensors, optional): the output tensors ``(values, indices)``. With ``dim``
            only.

    Example::

        >>> torch.median(torch.tensor([1., 4., 2., 3.]))
        tensor(2.)
        >>> torch.median(torch.tensor([[3., 1., 2.], [0., 5., 4.]]), dim=1)
        numtensor.return_types.median(
        values=tensor([2., 4.]),
        indices=tensor([2, 2]))
    """
    if dim is not None:  # (a bad or empty dim is reported before the dtype)
        d = wrap_dim(dim, input.ndim)
        if input.ndim and input.shape[d] == 0:
            raise IndexError(f"median(): Expected reduction dim {d} to have non-zero size.")
    if input.dtype is bool_ and (input.numel() or dim is not None):
        kernel = "median_cpu" if dim is None else "median_out"
        raise NotImplementedError(f"\"{kernel}\" not implemented for 'Bool'")
    x = input
    if dim is None:
        flat = x.detach().reshape(-1)
        if flat.numel() == 0:
            return empty_median(x)
        values, _ = _median_along(flat, 0, False)
        return MedianAll.apply(x, values)
    d = d if x.ndim else 0
    values, indices = _median_along(x.detach(), d, keepdim)
    values = _picked(x, values, indices, d if x.ndim else None, keepdim, "MedianBackward1")
    return return_types.median(values, indices)


def empty_median(x: Tensor) -> Tensor:
    """The median of no elements, as PyTorch gives it: NaN converted to ``x``'s dtype as C++
    converts it on x86 (True for bool, the most negative int32/int64, 0 for the smaller ints).
    """
    if x.dtype.is_floating_point:
        return x.new_full((), float("nan"))
    fill = {"bool": True, "int32": -(2**31), "int64": -(2**63)}.get(x.dtype._name, 0)
    return x.new_full((), fill)


def _median_along(x: Tensor, d: int, keepdim: bool):
    if x.ndim == 0:
        return x.clone(), allocate((), int64.np, 0, x.device)
    values, order = _sorted(x, d, False)
    n = x.shape[d]
    pick = values.narrow(d, (n - 1) // 2, 1)
    idx = order.narrow(d, (n - 1) // 2, 1)
    if x.dtype.is_floating_point:
        nans = x.isnan()
        nan_any = nans.any(dim=d, keepdim=True)
        if bool(nan_any.any()):
            first_nan = nans.to(int64).argmax(dim=d, keepdim=True)
            idx = first_nan.where(nan_any, idx)
            pick = pick.masked_fill(nan_any, float("nan"))
    if not keepdim:
        pick, idx = pick.squeeze(d), idx.squeeze(d)
    return contiguous_copy(pick), contiguous_copy(idx)  # (new row-major tensors, as PyTorch's)


class Unique(Function):
    """unique's values keep to the graph (``requires_grad``) as in PyTorch, which has no
    derivative for them: backward through them raises."""

    node_name = "Unique2Backward0"

    def forward(self, x, values):
        return values

    def vjp(self, g):
        raise NotImplementedError("derivative for aten::_unique2 is not implemented")


class MedianAll(Function):
    """median() of all elements: the gradient is shared evenly among the elements equal to
    the median (NaNs when it is NaN), as PyTorch's evenly_distribute_backward."""

    node_name = "MedianBackward0"

    def forward(self, x, value):
        self.save_for_backward(x, value)
        return value

    def vjp(self, g):
        x, value = self.saved
        hit = x.isnan() if bool(value.isnan()) else x == value
        return (g / hit.sum()).expand(x.shape).masked_fill(~hit, 0), None


@op("unique")
def unique(
    input: Tensor,
    sorted: bool = True,
    return_inverse: bool = False,
    return_counts: bool = False,
    dim=None,
):
    r"""Returns the distinct elements of ``input`` (or distinct slices along ``dim``), sorted.

    Optionally also the inverse indices (where each element of ``input`` went in the
    output) and the count of each distinct value. ``x.unique(...)`` is the method form.

    Args:
        input (Tensor): the input tensor.
        sorted (bool): sort the result ascending (always done).
        return_inverse (bool): also return, for each element of ``input``, its index in the
            output.
        return_counts (bool): also return how often each distinct value occurs.
        dim (int, optional): the dimension whose slices are compared. Default: None, the
            flattened input.

    Returns:
        Tensor, or a tuple ``(output, inverse_indices, counts)`` of the parts asked for.

    Example::

        >>> torch.unique(torch.tensor([2, 1, 2, 3, 1]))
        tensor([1, 2, 3])
        >>> torch.unique(torch.tensor([2, 1, 2, 3, 1]), return_inverse=True, return_counts=True)
        (tensor([1, 2, 3]), tensor([1, 0, 1, 2, 0]), tensor([2, 2, 1]))
        >>> torch.unique(torch.tensor([[1, 2], [1, 2], [0, 5]]), dim=0)
        tensor([[0, 5],
                [1, 2]])
    """
    d = None if dim is None else unique_dim(input, dim)
    values, inverse, counts = ops_of(input).unique(input._data, d)
    out = [Unique.apply(input, wrap(values, input))]
    if return_inverse:
        out.append(wrap(inverse, input))
    if return_counts:
        out.append(wrap(counts, input))
    return out[0] if len(out) == 1 else tuple(out)


def unique_dim(input: Tensor, dim: int) -> int:
    """The wrapped ``dim=`` of unique/unique_consecutive, with PyTorch's errors: a 0-dim input
    has no dim to pick, and a zero-size dim other than ``dim`` leaves nothing to compare."""
    if input.ndim == 0:
        raise IndexError(f"Dimension specified as {dim} but tensor has no dimensions")
    d = wrap_dim(dim, input.ndim)
    zero_dims = sum(1 for size in input.shape if size == 0)
    if input.shape[d] == 0 and zero_dims > 1:
        raise RuntimeError(
            "Number of zero sized dimensions is more than one, so unique cannot be applied "
        )
    if input.shape[d] != 0 and zero_dims:
        raise RuntimeError(
            "There are 0 sized dimensions, and they aren't selected, so unique cannot be applied"
        )
    return d


class Flip(Function):
    """The flip copy along ``dims``; its gradient is the gradient flipped back."""

    node_name = "FlipBackward0"

    def forward(self, x, dims):
        dims = (dims,) if isinstance(dims, int) else tuple(dims)
        self.dims = tuple(wrap_dim(d, x.ndim) for d in dims)
        if len(set(self.dims)) != len(self.dims):
            raise RuntimeError("dims has duplicates")
        if x.ndim == 0:  # (flipping a scalar along its one allowed dim: a copy)
            self.dims = ()
            return x.clone()
        return wrap(ops_of(x).flip(x._data, self.dims), x)

    def vjp(self, g):
        return (Flip.apply(g, self.dims),)


def _flip_method(self, *dims):
    r"""``x.flip(dims)`` or ``x.flip(*dims)``: a copy of ``x`` with the order of its elements
    reversed along ``dims`` (see :func:`numtensor.flip`).

    Example::

        >>> x = torch.arange(6).reshape(2, 3)
        >>> x.flip(0)
        tensor([[3, 4, 5],
                [0, 1, 2]])
        >>> x.flip(0, 1)
        tensor([[5, 4, 3],
                [2, 1, 0]])
    """
    return flip(self, dims[0] if len(dims) == 1 and not isinstance(dims[0], int) else dims)


@op("flip", method=_flip_method)
def flip(input: Tensor, dims) -> Tensor:
    r"""Reverses the order of the elements of ``input`` along the given dims.

    Unlike NumPy's ``flip``, which makes a view, this copies the data (as in PyTorch).

    Args:
        input (Tensor): the input tensor.
        dims (int, list or tuple of ints): the dimensions to flip.

    Example::

        >>> x = torch.arange(6).reshape(2, 3)
        >>> torch.flip(x, [1])
        tensor([[2, 1, 0],
                [5, 4, 3]])
        >>> torch.flip(x, (0, 1))
        tensor([[5, 4, 3],
                [2, 1, 0]])
    """
    return Flip.apply(input, dims)
