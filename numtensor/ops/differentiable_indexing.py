"""Autograd for indexing: ``t[index]`` (``Index``; ``IndexGradient`` for double backward),
``t[index] = value`` (``IndexPut``, PyTorch's CopySlices), index_put/index_put_, and gather,
index_select, take, masked_select, masked_fill, scatter and scatter_add with their in-place
forms.

Each wraps the plain function of ``index.py``, ``gather_scatter.py`` or ``masking.py`` (keeping
its docstring) with its vector-Jacobian product: basic indices scatter ``g`` into zeros
through the same view; gathers (advanced indexing, gather, index_select, take,
masked_select) scatter-add.
"""

from __future__ import annotations

from .._dtype import type_name
from .._tensor_base import Tensor, wrap_dim
from ..autograd.function import Function, _apply_inplace, name_node
from ..autograd.grad_mode import is_grad_enabled
from . import conversion, gather_scatter, index, masking, shape
from ._common import ops_of
from .differentiable import _needs_grad, _zeros
from .registry import op


class Index(Function):
    """``t[index]``: basic indices are views; tensor/list/mask indices gather (IndexBackward0)."""

    def forward(self, x, idx):
        self.in_shape, self.idx = tuple(x.shape), idx
        self.np_index, self.advanced, squeeze = ix = index.convert_index(x, idx)
        self.node_name = "IndexBackward0" if self.advanced else _basic_name(idx)
        out = index.getitem(x, idx)
        # the backend's result shape (the dims of ints next to arrays kept) for the gradient
        self.raw_shape = ix.backend_shape(out.shape) if squeeze else None
        return out

    def vjp(self, g):
        if g._requires_grad and is_grad_enabled():  # create_graph: recorded, for double backward
            return IndexGradient.apply(g, self), None
        return self.scatter(g), None

    def scatter(self, g):
        """Zeros shaped like the input, with ``g`` at the indexed places (summed if repeated)."""
        gx = _zeros(self.in_shape, g)
        if self.raw_shape is not None:
            g = g.contiguous().reshape(self.raw_shape)
        if self.advanced:
            ops_of(gx).scatter_(gx._data, self.np_index, g._data, "add")
        else:
            ops_of(gx).index_put_(gx._data, self.np_index, g._data)
        return gx


class IndexGradient(Function):
    """The gradient of ``t[index]`` as an op of its own (``SliceBackwardBackward0``...): linear
    in ``g``, its gradient indexes again, so double backward goes through indexing."""

    def forward(self, g, node):
        self.idx = node.idx
        self.node_name = node.node_name.replace("Backward0", "BackwardBackward0")
        return node.scatter(g)

    def vjp(self, gg):
        return gg[self.idx], None


def _basic_name(idx) -> str:
    items = idx if isinstance(idx, tuple) else (idx,)
    if any(isinstance(i, int) and not isinstance(i, bool) for i in items):
        return "SelectBackward0"
    if any(isinstance(i, slice) for i in items):
        return "SliceBackward0"
    return "AliasBackward0"


@op("__getitem__", function=False)
def getitem(self, idx):
    if _needs_grad(self):
        return Index.apply(self, idx)
    return index.getitem(self, idx)


class IndexPut(Function):
    """``t[index] = value`` on a tensor in the graph (PyTorch's CopySlices)."""

    node_name = "CopySlices"
    _elementwise = False

    def forward(self, x, idx, value, *, out=None):
        self.ix = index.convert_index(x, idx)
        self.np_index, _, self.squeeze = self.ix
        self.value_shape = tuple(value.shape) if isinstance(value, Tensor) else None
        target = out if out is not None else conversion.clone(x)
        if out is not None:
            ops_of(out).copy_(out._data, x._data)
        index.setitem(target, idx, value)
        return target

    def vjp(self, g):
        ops = ops_of(g)
        gx = conversion.clone(g)
        ops.index_put_(gx._data, self.np_index, 0)
        gv = None
        if self.value_shape is not None:
            picked = ops.advanced_index(g._data, self.np_index)
            if self.squeeze:
                picked = ops.reshape_view(picked, self.ix.result_shape(picked.shape))
            extra = len(self.value_shape) - picked.ndim  # (value broadcast with leading 1s)
            if extra > 0:
                picked = ops.reshape_view(ops.contiguous(picked), (1,) * extra + picked.shape)
            gv = Tensor._make(picked, g.device)
        return gx, None, gv


class IndexPutAccumulate(Function):
    """``index_put_(indices, values, accumulate=True)``: repeated indices all add."""

    node_name = "IndexPutBackward0"
    _elementwise = False

    def forward(self, x, indices, values, *, out=None):
        self.indices = indices
        target = out if out is not None else conversion.clone(x)
        if out is not None:
            ops_of(out).copy_(out._data, x._data)
        np_index = index.convert_index(target, indices)[0]
        ops_of(target).scatter_(target._data, np_index, values._data, "add")
        return target

    def vjp(self, g):
        return g, None, g[self.indices]


def _index_put_args(self, indices, values) -> tuple:
    if not isinstance(indices, (tuple, list)) or not all(
        isinstance(i, Tensor) or i is None for i in indices
    ):
        raise TypeError("index_put_(): argument 'indices' must be tuple of Tensors")
    if not isinstance(values, Tensor):
        raise TypeError(
            f"index_put_(): argument 'values' must be Tensor, not {type(values).__name__}"
        )
    if values.dtype is not self.dtype:
        raise RuntimeError(
            "Index put requires the source and destination dtypes match, got "
            f"{type_name(self.dtype)} for the destination and {type_name(values.dtype)} for "
            "the source."
        )
    return tuple(slice(None) if i is None else i for i in indices)


@op("index_put_", function=False)
def index_put_(self, indices, values, accumulate: bool = False):
    r"""In-place version of :meth:`Tensor.index_put`: ``x[indices] = values`` for a tuple
    of index tensors, or ``+=`` with every repeated index counted (``accumulate=True``).

    Example::

        >>> idx = (torch.tensor([0, 1]), torch.tensor([1, 0]))
        >>> torch.zeros(2, 2).index_put_(idx, torch.tensor(1.))
        tensor([[0., 1.],
                [1., 0.]])
    """
    indices = _index_put_args(self, indices, values)
    if not accumulate:
        before = self.grad_fn
        setitem(self, indices, values)
        if self.grad_fn is before or self._base is not None:  # (a view shows its own node)
            return self
        return name_node(self, "IndexPutBackward0")
    if is_grad_enabled() and (self._requires_grad or _needs_grad(values)):
        fn = IndexPutAccumulate.__new__(IndexPutAccumulate)
        return _apply_inplace(IndexPutAccumulate, fn, (self, indices, values), {})
    IndexPutAccumulate.__new__(IndexPutAccumulate).forward(self, indices, values, out=self)
    conversion.bump_version(self)
    return self


@op("index_put")
def index_put(input, indices, values, accumulate: bool = False):
    r"""Returns a copy of ``input`` with ``values`` put at ``indices``: ``out[indices] =
    values``, or with ``accumulate=True`` ``out[indices] += values`` counting every repeated
    index. ``x.index_put(...)`` and ``x.index_put_(...)`` are the method forms.

    Args:
        input (Tensor): the input tensor.
        indices (tuple of Tensors): one index tensor per leading dim (broadcast together).
        values (Tensor): the values, broadcast to the indexed shape.
        accumulate (bool): add instead of assigning. Default: False.

    Example::

        >>> torch.index_put(torch.zeros(3), (torch.tensor([0, 2]),), torch.tensor([5., 6.]))
        tensor([5., 0., 6.])
        >>> i = (torch.tensor([0, 0]),)
        >>> torch.index_put(torch.zeros(3), i, torch.tensor([5., 6.]), accumulate=True)
        tensor([11.,  0.,  0.])
    """
    return index_put_(input.clone(), indices, values, accumulate)


@op("__setitem__", function=False)
def setitem(self, idx, value) -> None:
    if is_grad_enabled() and (self._requires_grad or _needs_grad(value)):
        _apply_inplace(IndexPut, IndexPut.__new__(IndexPut), (self, idx, value), {})
        return
    index.setitem(self, idx, value)


class Gather(Function):
    node_name = "GatherBackward0"

    def forward(self, x, dim, idx, *, sparse_grad=False):
        self.in_shape, self.dim, self.idx = tuple(x.shape), dim, idx
        return gather_scatter.gather(x, dim, idx)

    def vjp(self, g):
        if g._requires_grad and is_grad_enabled():  # create_graph: recorded, differentiable
            return _zeros(self.in_shape, g).scatter_add(self.dim, self.idx, g), None, None
        return (
            gather_scatter.scatter_add(_zeros(self.in_shape, g), self.dim, self.idx, g),
            None,
            None,
        )


class IndexSelect(Function):
    node_name = "IndexSelectBackward0"

    def forward(self, x, dim, idx):
        self.in_shape, self.dim, self.idx = tuple(x.shape), dim, idx
        return gather_scatter.index_select(x, dim, idx)

    def vjp(self, g):
        if not self.in_shape:
            return g.sum(), None, None
        gx = _zeros(self.in_shape, g)
        d = wrap_dim(self.dim, gx.ndim)
        if g._requires_grad and is_grad_enabled():  # create_graph: recorded, differentiable
            return gx.index_add(d, self.idx.reshape(-1), g), None, None
        picks = [slice(None)] * gx.ndim
        picks[d] = gather_scatter.index_values(self.idx.reshape(-1))
        ops_of(gx).scatter_(gx._data, tuple(picks), g._data, "add")
        return gx, None, None


class Take(Function):
    node_name = "TakeBackward0"

    def forward(self, x, idx):
        self.in_shape, self.idx = tuple(x.shape), idx
        return gather_scatter.take(x, idx)

    def vjp(self, g):
        gx = _zeros(self.in_shape, g)
        flat = gx.reshape(-1)
        picks = (gather_scatter.index_values(self.idx.reshape(-1)),)
        ops_of(gx).scatter_(flat._data, picks, g.reshape(-1)._data, "add")
        return gx, None


class MaskedSelect(Function):
    node_name = "MaskedSelectBackward0"

    def forward(self, x, mask):
        self.shape = shape.broadcast_shapes(x.shape, mask.shape)
        self.mask = mask
        return masking.masked_select(x, mask)

    def vjp(self, g):
        gx = _zeros(self.shape, g)
        ops_of(gx).masked_scatter_(gx._data, self.mask._data, g._data)
        return gx, None


class MaskedFill(Function):
    node_name = "MaskedFillBackward0"
    _elementwise = False

    def forward(self, x, mask, value, *, out=None):
        self.mask = mask
        result = masking.masked_fill(x, mask, value)
        if out is not None:
            ops_of(out).copy_(out._data, result._data)
            return out
        return result

    def vjp(self, g):
        return g.masked_fill(self.mask, 0), None, None


class Scatter(Function):
    node_name = "ScatterBackward0"
    _elementwise = False

    def forward(self, x, dim, idx, src=None, *, value=None, reduce=None, out=None):
        self.dim, self.idx, self.reduce = dim, idx, reduce
        self.src_is_tensor = isinstance(src, Tensor)
        self.src_shape = tuple(src.shape) if self.src_is_tensor else None
        if reduce == "add":
            self.node_name = "ScatterAddBackward0"
        elif not self.src_is_tensor:  # (PyTorch's scatter.value overload)
            self.node_name = "ScatterBackward1"
        result = gather_scatter.scatter(x, dim, idx, src, value=value, reduce=reduce)
        if out is not None:
            ops_of(out).copy_(out._data, result._data)
            return out
        return result

    def vjp(self, g):
        gx = g if self.reduce == "add" else gather_scatter.scatter(g, self.dim, self.idx, 0.0)
        gs = None
        if self.src_is_tensor:
            # src is read only where the index reaches: its gradient is zero elsewhere
            gs = _zeros(self.src_shape, g)
            region = tuple(slice(0, n) for n in self.idx.shape)
            index.setitem(gs, region, gather_scatter.gather(g, self.dim, self.idx))
        return gx, None, None, gs


def _fn_or_op(op, plain):
    def wrapped(self, *args, **kwargs):
        if _needs_grad(self) or any(_needs_grad(a) for a in args):
            return op.apply(self, *args, **kwargs)
        return plain(self, *args, **kwargs)

    wrapped.__name__ = wrapped.__qualname__ = plain.__name__
    wrapped.__doc__ = plain.__doc__
    return wrapped


gather = op("gather")(_fn_or_op(Gather, gather_scatter.gather))
index_select = op("index_select")(_fn_or_op(IndexSelect, gather_scatter.index_select))
take = op("take")(_fn_or_op(Take, gather_scatter.take))
masked_select = op("masked_select")(_fn_or_op(MaskedSelect, masking.masked_select))
masked_fill = op("masked_fill")(_fn_or_op(MaskedFill, masking.masked_fill))
scatter = op("scatter")(_fn_or_op(Scatter, gather_scatter.scatter))


@op("scatter_add")
def scatter_add(self, dim, idx, src):
    r"""Returns a copy of ``input`` with the values of ``src`` added at the positions
    ``index`` along ``dim``; repeated positions add up.

    For a 2-D tensor and ``dim=1``: ``out[i][index[i][j]] += src[i][j]``. ``index`` has
    ``src``'s number of dims and is no larger. ``x.scatter_add(...)`` and
    ``x.scatter_add_(...)`` are the method forms.

    Args:
        input (Tensor): the tensor to add into.
        dim (int): the axis along which to index.
        index (LongTensor): the positions.
        src (Tensor): the values to add.

    Example::

        >>> src = torch.tensor([1., 2., 3.])
        >>> torch.scatter_add(torch.zeros(3), 0, torch.tensor([0, 2, 0]), src)
        tensor([4., 0., 2.])
    """
    return scatter(self, dim, idx, src, reduce="add")


@op("masked_fill_", function=False)
def masked_fill_(self, mask, value):
    r"""In-place version of :meth:`Tensor.masked_fill`: fills the elements of ``x`` where
    ``mask`` (bool, broadcast to ``x``) is True with ``value``.

    Example::

        >>> torch.zeros(3).masked_fill_(torch.tensor([True, False, True]), 2.)
        tensor([2., 0., 2.])
    """
    if is_grad_enabled() and self._requires_grad:
        return _apply_inplace(MaskedFill, MaskedFill.__new__(MaskedFill), (self, mask, value), {})
    return masking.masked_fill_(self, mask, value)


@op("scatter_", function=False)
def scatter_(self, dim, idx, src=None, *, value=None, reduce=None):
    r"""In-place version of :meth:`Tensor.scatter`: writes ``src`` (or the number ``value``)
    into ``x`` at the positions ``index`` along ``dim`` (``reduce="add"`` or
    ``"multiply"`` combines instead of overwriting).

    Example::

        >>> torch.zeros(2, 3).scatter_(1, torch.tensor([[2], [0]]), torch.tensor([[5.], [6.]]))
        tensor([[0., 0., 5.],
                [6., 0., 0.]])
        >>> torch.zeros(2, 3).scatter_(1, torch.tensor([[2], [0]]), value=1.)
        tensor([[0., 0., 1.],
                [1., 0., 0.]])
    """
    if is_grad_enabled() and (self._requires_grad or _needs_grad(src)):
        fn = Scatter.__new__(Scatter)
        return _apply_inplace(
            Scatter, fn, (self, dim, idx, src), {"value": value, "reduce": reduce}
        )
    return gather_scatter.scatter_(self, dim, idx, src, value=value, reduce=reduce)


@op("scatter_add_", function=False)
def scatter_add_(self, dim, idx, src):
    r"""In-place version of :meth:`Tensor.scatter_add`: adds ``src`` into ``x`` at the
    positions ``index`` along ``dim`` (repeated positions add up).

    Example::

        >>> torch.zeros(3).scatter_add_(0, torch.tensor([1, 1]), torch.tensor([1., 2.]))
        tensor([0., 3., 0.])
    """
    return scatter_(self, dim, idx, src, reduce="add")
