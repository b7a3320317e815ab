"""Reducing scatters and the ``*_scatter`` family: ``scatter_reduce`` and ``index_reduce``
(sum, prod, mean, amax, amin, with their gradients as PyTorch defines them), ``masked_scatter``,
``put``, and ``select_scatter`` / ``slice_scatter`` / ``diagonal_scatter`` /
``as_strided_scatter`` (``input`` with ``src`` written into one of its views).

The reductions run in the backend's ``scatter_`` (repeated targets all count; a NaN wins
amax/amin); the rest are compositions of existing differentiable ops.
"""

from __future__ import annotations

import warnings

from .. import _dtype
from .._dtype import type_name
from .._tensor_base import Tensor, wrap_dim
from ..autograd.function import Function, _apply_inplace, name_node
from ..autograd.grad_mode import is_grad_enabled, no_grad
from . import gather_scatter
from ._common import ops_of
from .conversion import bump_version, contiguous_copy, to_out
from .registry import op

_REDUCTIONS = ("sum", "prod", "mean", "amax", "amin")
_BACKEND_REDUCE = {"sum": "add", "mean": "add", "prod": "multiply", "amax": "amax", "amin": "amin"}


def _needs_grad(x) -> bool:
    return isinstance(x, Tensor) and x.requires_grad and is_grad_enabled()


def _identity(reduce: str, d):
    """The value a target starts from when ``include_self=False``."""
    if reduce in ("sum", "mean"):
        return 0
    if reduce == "prod":
        return 1
    if d.is_floating_point:
        return float("-inf") if reduce == "amax" else float("inf")
    if d is _dtype.bool_:
        return reduce == "amin"
    from .._typeinfo import iinfo

    info = iinfo(d)
    return info.min if reduce == "amax" else info.max


def _reduction(reduce) -> str:
    """The reduction's name ("max" and "min" are PyTorch's accepted spellings of the
    extremes)."""
    return {"max": "amax", "min": "amin"}.get(reduce, reduce)


def _check(input, dim, idx, src, reduce: str, name: str = "scatter_reduce") -> None:
    if not isinstance(src, Tensor):
        raise TypeError(f"{name}(): argument 'src' must be Tensor, not {type(src).__name__}")
    if reduce not in _REDUCTIONS:
        raise RuntimeError(
            "reduce argument must be either sum, prod, mean, amax or amin, got " + str(reduce)
        )
    if src.dtype is not input.dtype:
        raise RuntimeError("scatter(): Expected self.dtype to be equal to src.dtype")
    if reduce == "mean" and input.dtype is _dtype.bool_:
        raise NotImplementedError(
            "\"scatter_gather_tensor_cpu_reduce_mean\" not implemented for 'Bool'"
        )


def _reduce_into(target: Tensor, dim, idx, src, reduce: str, include_self: bool) -> None:
    """scatter_reduce written into ``target`` (which holds ``self``'s values)."""
    if idx.numel() == 0:
        return
    data = gather_scatter._index_tensor(idx, "scatter", target)
    full, _ = gather_scatter._along(target, dim, data, "scatter")
    flat = target if target.ndim else target.reshape(1)
    full = full if target.ndim else (data,)
    ops = ops_of(target)
    if not include_self:
        start = gather_scatter._scatter_values(target, data, _identity(reduce, target.dtype))
        ops.scatter_(flat._data, full, start, None)
    values = gather_scatter._scatter_values(target, data, src)
    ops.scatter_(flat._data, full, values, _BACKEND_REDUCE[reduce])
    if reduce == "mean":
        counts = target.new_ones(target.shape) if include_self else target.new_zeros(target.shape)
        counts_flat = counts if counts.ndim else counts.reshape(1)
        ops.scatter_(
            counts_flat._data, full, gather_scatter._scatter_values(counts, data, 1), "add"
        )
        counts = counts.masked_fill(counts == 0, 1)
        floor = None if target.dtype.is_floating_point else "floor"
        mean = target.div(counts, rounding_mode=floor)
        ops.copy_(target._data, mean._data)
    bump_version(target)


def _forward(input, dim, idx, src, reduce, include_self) -> Tensor:
    result = contiguous_copy(input)
    _reduce_into(result, dim, idx, src, reduce, include_self)
    return result


class ScatterReduce(Function):
    """scatter_reduce's node; the VJP is PyTorch's scatter_reduce_backward."""

    node_name = "ScatterReduceBackward0"
    _elementwise = False

    def forward(self, x, dim, idx, src, reduce, *, include_self=True, out=None):
        self.dim, self.idx, self.reduce, self.include_self = dim, idx, reduce, include_self
        result = _forward(x, dim, idx, src, reduce, include_self)
        self.save_for_backward(x, src, result)
        if out is not None:
            ops_of(out).copy_(out._data, result._data)
            return out
        return result

    def vjp(self, g):
        x, src, result = self.saved
        dim, idx, reduce, inc = self.dim, self.idx, self.reduce, self.include_self
        if reduce == "sum":
            gx, gs = g, g.gather(dim, idx)
        elif reduce == "mean":
            n = g.new_ones(g.shape) if inc else g.new_zeros(g.shape)
            n = n.scatter_add(dim, idx, g.new_ones(idx.shape))
            n = n.masked_fill(n == 0, 1)
            gx, gs = g / n, g.gather(dim, idx) / n.gather(dim, idx)
        elif reduce in ("amax", "amin"):
            # the gradient is shared evenly among the values equal to the result
            value = result.gather(dim, idx)
            self_is = (x == result).to(g.dtype)
            src_is = (_block(src, idx) == value).to(g.dtype)
            spread = g / self_is.scatter_add(dim, idx, src_is)
            gx, gs = self_is * spread, src_is * spread.gather(dim, idx)
        else:
            gx, gs = _prod_grads(g, x, _block(src, idx), result, dim, idx, inc)
        if not inc:
            gx = gx.scatter(dim, idx, 0.0)
        if tuple(gs.shape) != tuple(src.shape):
            full = g.new_zeros(src.shape)
            full[tuple(slice(0, n) for n in idx.shape)] = gs
            gs = full
        return gx, None, None, gs, None


def _block(src: Tensor, idx: Tensor) -> Tensor:
    """The leading ``idx.shape`` block of ``src``: the part of it scattered."""
    if tuple(src.shape) == tuple(idx.shape):
        return src
    return src[tuple(slice(0, n) for n in idx.shape)]


def _prod_grads(g, x, src, result, dim, idx, inc):
    """prod's gradients, exact where factors are zero (PyTorch's formula)."""
    with no_grad():
        masked_x = x.masked_fill(x == 0, 1)
        masked_result = _forward(masked_x, dim, idx, src, "prod", inc)
        gx = g * masked_result / masked_x
        src_zero = src == 0
        zeros = x.new_zeros(x.shape).scatter_add(dim, idx, src_zero.to(x.dtype))
        single_zero = src_zero & (zeros.gather(dim, idx) == 1)
        masked_src = src.masked_fill(single_zero, 1)
        masked_src_result = _forward(x, dim, idx, masked_src, "prod", inc)
        gs = (
            (g * masked_src_result)
            .gather(dim, idx)
            .where(single_zero, (g * result).gather(dim, idx) / src.masked_fill(src_zero, 1))
        )
    return gx, gs


@op(
    "scatter_reduce",
    inplace=lambda self, dim, index, src, reduce, *, include_self=True: scatter_reduce_(
        self, dim, index, src, reduce, include_self=include_self
    ),
)
def scatter_reduce(
    input, dim: int, index, src, reduce: str, *, include_self: bool = True, out=None
):
    r"""Reduces all values from the ``src`` tensor into the positions of ``input`` given by
    ``index`` along ``dim``, with the reduction ``reduce``.

    For a 2-D tensor and ``dim=0``, ``src[i][j]`` goes into ``out[index[i][j]][j]``
    (likewise for other dims). ``reduce`` is ``"sum"``, ``"prod"``, ``"mean"``, ``"amax"``
    or ``"amin"``; with ``include_self=False`` the values of ``input`` at the positions
    written to are left out of the reduction. ``x.scatter_reduce(...)`` is the same;
    ``x.scatter_reduce_(...)`` the in-place form.

    Args:
        input (Tensor): the input tensor.
        dim (int): the axis along which to index.
        index (Tensor): int64 indices of the elements to scatter and reduce.
        src (Tensor): the source elements to scatter and reduce.
        reduce (str): the reduction to apply.

    Keyword args:
        include_self (bool): whether ``input``'s elements take part in the reduction.
            Default: ``True``.
        out (Tensor, optional): the output tensor.

    Example::

        >>> src = torch.tensor([1., 2., 3., 4., 5., 6.])
        >>> index = torch.tensor([0, 1, 0, 1, 2, 1])
        >>> x = torch.tensor([1., 2., 3., 4.])
        >>> x.scatter_reduce(0, index, src, reduce="sum")
        tensor([ 5., 14.,  8.,  4.])
        >>> x.scatter_reduce(0, index, src, reduce="amax", include_self=False)
        tensor([3., 6., 5., 4.])
    """
    reduce = _reduction(reduce)
    _check(input, dim, index, src, reduce)
    if _needs_grad(input) or _needs_grad(src):
        result = ScatterReduce.apply(input, dim, index, src, reduce, include_self=include_self)
    else:
        result = _forward(input, dim, index, src, reduce, include_self)
    return to_out(result, out)


def scatter_reduce_(self, dim: int, index, src, reduce: str, *, include_self: bool = True):
    """In-place ``scatter_reduce``."""
    reduce = _reduction(reduce)
    _check(self, dim, index, src, reduce)
    if _needs_grad(self) or _needs_grad(src):
        fn = ScatterReduce.__new__(ScatterReduce)
        kwargs = {"include_self": include_self}
        return _apply_inplace(ScatterReduce, fn, (self, dim, index, src, reduce), kwargs)
    _reduce_into(self, wrap_dim(dim, max(self.ndim, 1)), index, src, reduce, include_self)
    return self


# ---- index_reduce -------------------------------------------------------------------------


def _spread_index(input, dim, idx, source, name):
    if idx.ndim > 1:
        raise IndexError(f"{name}(): Index is supposed to be a vector")
    if idx.dtype not in (_dtype.int64, _dtype.int32):
        raise IndexError(f"{name}_(): Expected dtype int32/int64 for index")
    d = wrap_dim(dim, max(input.ndim, 1))
    if input.ndim == 0:
        return d, idx.reshape(-1).long(), source.reshape(-1)
    if source.ndim != input.ndim or source.shape[d] != idx.numel():
        raise RuntimeError(
            f"{name}_(): Source/destination tensor must have same slice shapes. Destination "
            f"slice shape: {list(input.shape[:d] + input.shape[d + 1 :])} at dimension {d} and "
            f"source slice shape: {list(source.shape[:d] + source.shape[d + 1 :])} at "
            "dimension 0."
        )
    shape = [1] * input.ndim
    shape[d] = idx.numel()
    return d, idx.long().reshape(shape).expand(tuple(source.shape)), source


def _index_reduce_check(reduce: str) -> None:
    if reduce not in ("prod", "mean", "amax", "amin"):
        raise RuntimeError(
            "index_reduce(): Expected reduce to be one of prod, mean, amax or amin but got "
            f"{reduce}."
        )
    global _BETA_WARNED
    if not _BETA_WARNED:  # (once per process, as PyTorch)
        _BETA_WARNED = True
        warnings.warn(
            "index_reduce() is in beta and the API may change at any time.",
            UserWarning,
            stacklevel=3,
        )


_BETA_WARNED = False


@op(
    "index_reduce",
    inplace=lambda self, dim, index, source, reduce, *, include_self=True: index_reduce_(
        self, dim, index, source, reduce, include_self=include_self
    ),
)
def index_reduce(
    input, dim: int, index, source, reduce: str, *, include_self: bool = True, out=None
):
    r"""Reduces the slices of ``source`` into the slices of ``input`` selected by ``index``
    along ``dim``, with the reduction ``reduce``.

    Slice ``i`` of ``source`` along ``dim`` is reduced into slice ``index[i]`` of ``input``.
    ``reduce`` is ``"prod"``, ``"mean"``, ``"amax"`` or ``"amin"``; with
    ``include_self=False`` the slices of ``input`` written to are left out of the
    reduction. ``x.index_reduce(...)`` is the same; ``x.index_reduce_(...)`` the in-place
    form (a beta API in PyTorch, which warns about it once).

    Args:
        input (Tensor): the input tensor.
        dim (int): the dimension along which to index.
        index (Tensor): 1-D int64 indices into ``input``'s ``dim``, one per slice of
            ``source``.
        source (Tensor): the tensor of slices to reduce.
        reduce (str): the reduction to apply.

    Keyword args:
        include_self (bool): whether ``input``'s elements take part in the reduction.
            Default: ``True``.
        out (Tensor, optional): the output tensor.

    Example::

        >>> x = torch.full((3, 2), 2.)
        >>> t = torch.tensor([[1., 2.], [3., 4.], [5., 6.], [7., 8.]])
        >>> x.index_reduce(0, torch.tensor([0, 2, 0, 1]), t, "prod")
        tensor([[10., 24.],
                [14., 16.],
                [ 6.,  8.]])
    """
    _index_reduce_check(reduce)
    d, spread, source = _spread_index(input, dim, index, source, "index_reduce")
    flat = input.reshape(-1) if input.ndim == 0 else input
    result = scatter_reduce(flat, d, spread, source, reduce, include_self=include_self)
    return to_out(name_node(result.reshape(input.shape), "IndexReduceBackward0"), out)


def index_reduce_(self, dim: int, index, source, reduce: str, *, include_self: bool = True):
    """In-place ``index_reduce``."""
    _index_reduce_check(reduce)
    d, spread, source = _spread_index(self, dim, index, source, "index_reduce")
    target = self.view(-1) if self.ndim == 0 else self
    scatter_reduce_(target, d, spread, source, reduce, include_self=include_self)
    return self


# ---- masked_scatter -----------------------------------------------------------------------


def _masked_scatter_check(input, mask, source) -> None:
    if not isinstance(mask, Tensor) or mask.dtype is not _dtype.bool_:
        got = type_name(mask.dtype) if isinstance(mask, Tensor) else type(mask).__name__
        raise RuntimeError(
            f"masked_scatter_ only supports boolean masks, but got mask with dtype {got}"
        )
    if not isinstance(source, Tensor):
        raise TypeError(
            f"masked_scatter(): argument 'source' must be Tensor, not {type(source).__name__}"
        )
    if source.dtype is not input.dtype:
        raise RuntimeError(
            "masked_scatter_: expected self and source to have same dtypes but got "
            f"{type_name(input.dtype)} and {type_name(source.dtype)}"
        )


def _masked_scatter_into(target: Tensor, mask: Tensor, source: Tensor) -> None:
    m = mask.expand(tuple(target.shape))
    n = int(m.sum().item()) if m.numel() else 0
    if n > source.numel():
        raise RuntimeError("Number of elements of source < number of ones in mask")
    if n:
        values = source.reshape(-1)[:n].contiguous()
        ops_of(target).masked_scatter_(target._data, m._data, values._data)
    bump_version(target)


class MaskedScatter(Function):
    node_name = "MaskedScatterBackward0"
    _elementwise = False

    def forward(self, x, mask, source, *, out=None):
        from .shape import broadcast_shapes

        shape = tuple(broadcast_shapes(x.shape, mask.shape)) if out is None else tuple(x.shape)
        self.mask = mask
        self.source_shape = tuple(source.shape)
        result = contiguous_copy(x.expand(shape)) if out is None else out
        if out is not None:
            ops_of(out).copy_(out._data, x._data)
        _masked_scatter_into(result, mask, source)
        return result

    def vjp(self, g):
        mask = self.mask.expand(tuple(g.shape))
        picked = g.masked_select(mask)
        total = 1
        for n in self.source_shape:
            total *= n
        if picked.numel() < total:  # (source elements left unread get zeros)
            from .joining import cat

            picked = cat([picked, g.new_zeros(total - picked.numel())])
        return g.masked_fill(mask, 0), None, picked.reshape(self.source_shape)


@op(
    "masked_scatter",
    inplace=lambda self, mask, source: masked_scatter_(self, mask, source),
)
def masked_scatter(input, mask, source):
    r"""Copies elements from ``source`` into ``input`` at the positions where ``mask`` is
    ``True``, in row-major order.

    ``mask`` broadcasts with ``input``; ``source`` must have at least as many elements as
    ``mask`` has ``True`` values, and they are used in order. ``x.masked_scatter(...)`` is
    the same; ``x.masked_scatter_(...)`` the in-place form.

    Args:
        input (Tensor): the input tensor.
        mask (BoolTensor): where to write.
        source (Tensor): the values to write.

    Example::

        >>> torch.zeros(3).masked_scatter(torch.tensor([True, False, True]), torch.tensor([1., 2.]))
        tensor([1., 0., 2.])
    """
    _masked_scatter_check(input, mask, source)
    return MaskedScatter.apply(input, mask, source)


def masked_scatter_(self, mask, source):
    """In-place ``masked_scatter`` (``mask`` broadcast to ``self``)."""
    _masked_scatter_check(self, mask, source)
    if _needs_grad(self) or _needs_grad(source):
        fn = MaskedScatter.__new__(MaskedScatter)
        return _apply_inplace(MaskedScatter, fn, (self, mask, source), {})
    _masked_scatter_into(self, mask, source)
    return self


# ---- put ----------------------------------------------------------------------------------


def _put_check(input, index, source, name: str = "put_"):
    if not isinstance(index, Tensor) or index.dtype is not _dtype.int64:
        got = type_name(index.dtype) if isinstance(index, Tensor) else type(index).__name__
        raise RuntimeError(f"{name}(): Expected a long tensor for index, but got {got}")
    if not isinstance(source, Tensor):
        raise TypeError(f"{name}(): argument 'source' must be Tensor, not {type(source).__name__}")
    if source.dtype is not input.dtype:
        raise RuntimeError(
            f"{name}(): self and source expected to have the same dtype, but got self.dtype = "
            f"{type_name(input.dtype)} and source.dtype = {type_name(source.dtype)}"
        )
    if index.numel() != source.numel():
        raise IndexError(
            f"{name}(): Expected source and index to have the same number of elements, but got "
            f"source.numel() = {source.numel()}, index.numel() = {index.numel()}"
        )
    n = input.numel()
    if index.numel():
        low, high = index.min().item(), index.max().item()
        for bad in (low, high):
            if not -n <= bad < n:
                raise IndexError(
                    f"out of range: tried to access index {bad} on a tensor of {n} elements."
                )


@op(
    "put",
    inplace=lambda self, index, source, accumulate=False: put_(self, index, source, accumulate),
)
def put(input, index, source, accumulate: bool = False):
    r"""Copies the elements from ``source`` into the positions of ``input`` given by ``index``,
    with ``input`` treated as if it were 1-D (row-major).

    Negative indices count from the end. With ``accumulate=True`` the values are added to
    ``input`` instead, every repeated index counting. ``x.put(...)`` is the same;
    ``x.put_(...)`` the in-place form.

    Args:
        input (Tensor): the input tensor.
        index (Tensor): int64 flat indices into ``input``.
        source (Tensor): the values to write (as many as ``index`` has).
        accumulate (bool): whether to add into ``input``. Default: ``False``.

    Example::

        >>> torch.zeros(2, 2).put(torch.tensor([0, 3]), torch.tensor([1., 2.]))
        tensor([[1., 0.],
                [0., 2.]])
        >>> torch.zeros(3).put(torch.tensor([1, 1]), torch.tensor([1., 2.]), accumulate=True)
        tensor([0., 3., 0.])
    """
    _put_check(input, index, source)
    flat = input.reshape(-1)
    if not index.numel():
        return flat.clone().reshape(input.shape)
    positions = (index.reshape(-1) % max(flat.numel(), 1),)
    result = flat.index_put(positions, source.reshape(-1), accumulate)
    return result.reshape(input.shape)


def put_(self, index, source, accumulate: bool = False):
    """In-place ``put``."""
    _put_check(self, index, source)
    if not index.numel():
        return self
    positions = (index.reshape(-1) % max(self.numel(), 1),)
    if self.is_contiguous():
        self.view(-1).index_put_(positions, source.reshape(-1), accumulate)
        return self
    flat = self.reshape(-1).index_put(positions, source.reshape(-1), accumulate)
    return self.copy_(flat.view(self.shape))


# ---- the *_scatter family: input with src written into one of its views -----------------


def _into_view(input, src, view_of, name: str, node: str):
    if not isinstance(src, Tensor):
        raise TypeError(f"{name}(): argument 'src' must be Tensor, not {type(src).__name__}")
    result = input.clone()
    target = view_of(result)
    if tuple(target.shape) != tuple(src.shape):
        raise RuntimeError(
            f"expected src to have a size equal to the slice of self. src size = "
            f"{list(src.shape)}, slice size = {list(target.shape)}"
        )
    target.copy_(src)
    return name_node(result, node)


@op("select_scatter")
def select_scatter(input, src, dim: int, index: int):
    r"""Embeds the values of the ``src`` tensor into ``input`` at the given index.

    Returns a new tensor (``input`` is not changed) equal to ``input`` except that
    ``out.select(dim, index)`` holds ``src``, whose shape must be that of the selection.
    ``x.select_scatter(...)`` is the same.

    Args:
        input (Tensor): the input tensor.
        src (Tensor): the tensor to embed.
        dim (int): the dimension to insert the slice into.
        index (int): the index to select with.

    Example::

        >>> torch.select_scatter(torch.zeros(2, 2), torch.ones(2), 0, 0)
        tensor([[1., 1.],
                [0., 0.]])
    """
    return _into_view(
        input, src, lambda t: t.select(dim, index), "select_scatter", "SelectScatterBackward0"
    )


@op("slice_scatter")
def slice_scatter(input, src, dim: int = 0, start=None, end=None, step: int = 1):
    r"""Embeds the values of the ``src`` tensor into ``input`` at the given dimension.

    Returns a new tensor equal to ``input`` except that the slice
    ``start:end:step`` of dimension ``dim`` holds ``src``. ``x.slice_scatter(...)`` is the
    same.

    Args:
        input (Tensor): the input tensor.
        src (Tensor): the tensor to embed.
        dim (int): the dimension to insert the slice into. Default: ``0``.
        start (int, optional): the start index of the slice. Default: ``0``.
        end (int, optional): the end index of the slice. Default: the size.
        step (int): how many elements to skip in between. Default: ``1``.

    Example::

        >>> torch.slice_scatter(torch.zeros(4, 2), torch.ones(2, 2), start=2)
        tensor([[0., 0.],
                [0., 0.],
                [1., 1.],
                [1., 1.]])
    """

    def view(t):
        d = wrap_dim(dim, t.ndim)
        return t[(slice(None),) * d + (slice(start, end, step),)]

    return _into_view(input, src, view, "slice_scatter", "SliceScatterBackward0")


@op("diagonal_scatter")
def diagonal_scatter(input, src, offset: int = 0, dim1: int = 0, dim2: int = 1):
    r"""Embeds the values of the ``src`` tensor into ``input`` along the diagonal elements of
    ``input``, with respect to ``dim1`` and ``dim2``.

    Returns a new tensor equal to ``input`` except that
    ``out.diagonal(offset, dim1, dim2)`` holds ``src``. ``x.diagonal_scatter(...)`` is the
    same.

    Args:
        input (Tensor): the input tensor (at least 2-D).
        src (Tensor): the tensor to embed.
        offset (int): which diagonal: 0 the main one, positive above, negative below.
            Default: ``0``.
        dim1 (int): the first dimension of the diagonal. Default: ``0``.
        dim2 (int): the second dimension of the diagonal. Default: ``1``.

    Example::

        >>> torch.diagonal_scatter(torch.zeros(3, 3), torch.ones(3))
        tensor([[1., 0., 0.],
                [0., 1., 0.],
                [0., 0., 1.]])
        >>> torch.diagonal_scatter(torch.zeros(2, 3), torch.ones(2), 1)
        tensor([[0., 1., 0.],
                [0., 0., 1.]])
    """
    return _into_view(
        input,
        src,
        lambda t: t.diagonal(offset, dim1, dim2),
        "diagonal_scatter",
        "DiagonalScatterBackward0",
    )


@op("as_strided_scatter")
def as_strided_scatter(input, src, size, stride, storage_offset=None):
    r"""Embeds the values of the ``src`` tensor into ``input`` along the elements given by
    ``size``, ``stride`` and ``storage_offset``.

    Returns a new tensor equal to ``input`` except that
    ``out.as_strided(size, stride, storage_offset)`` holds ``src`` (strides and offset in
    elements, over a clone of ``input`` that keeps its layout).
    ``x.as_strided_scatter(...)`` is the same.

    Args:
        input (Tensor): the input tensor.
        src (Tensor): the tensor to embed.
        size (tuple of ints): the shape of the strided view.
        stride (tuple of ints): its strides.
        storage_offset (int, optional): its offset in the storage.

    Example::

        >>> torch.as_strided_scatter(torch.zeros(4), torch.ones(2), (2,), (2,))
        tensor([1., 0., 1., 0.])
    """
    return _into_view(
        input,
        src,
        lambda t: t.as_strided(size, stride, storage_offset),
        "as_strided_scatter",
        "AsStridedScatterBackward0",
    )
