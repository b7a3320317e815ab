"""Autograd for views, indexing, joining and conversions.

The view functions of ``shape.py`` and the indexing functions of ``index.py`` know nothing of
autograd; here each is wrapped once with its vector-Jacobian product:

* reshapes give ``g.reshape(input shape)``, permutations (``Permute``) ``g.permute(inverse)``;
* ``expand`` passes ``g`` on (the engine sums it back to the input's shape);
* slicing views (narrow, select, diagonal, basic indexing) scatter ``g`` into zeros through
  the same view of a zero tensor;
* gathers (advanced indexing, gather, index_select, take, masked_select) scatter-add.
"""

from __future__ import annotations

from .._dtype import (
    bfloat16,
    bool_,
    complex64,
    complex128,
    float16,
    float32,
    float64,
    int8,
    int16,
    int32,
    int64,
    type_name,
    uint8,
)
from .._tensor_base import Tensor, wrap_dim
from ..autograd.function import Function, _apply_inplace
from ..autograd.grad_mode import _state, is_grad_enabled
from . import conversion, fill, index, shape
from ._common import allocate, ops_of
from .registry import method, op


def _needs_grad(x) -> bool:
    return isinstance(x, Tensor) and x._requires_grad and is_grad_enabled()


def _zeros(x_shape, like: Tensor) -> Tensor:
    return allocate(tuple(x_shape), like.dtype.np, 0, like.device)


class View(Function):
    """A view op: ``kind`` says how its gradient goes back (reshape, expand, slice)."""

    def forward(self, x, fn, name, kind, args, kwargs):
        self.node_name, self.kind = name, kind
        self.fn, self.args, self.kwargs = fn, args, kwargs
        self.in_shape = tuple(x.shape)
        return fn(x, *args, **kwargs)

    def vjp(self, g):
        graph = is_grad_enabled()  # create_graph: the gradient's own ops are recorded
        if self.kind == "reshape":
            gx = g.reshape(self.in_shape) if graph else shape.reshape(g, self.in_shape)
        elif self.kind == "expand":
            gx = g
        else:
            gx = _zeros(self.in_shape, g)
            self.fn(gx, *self.args, **self.kwargs).copy_(g)
        return (gx, None, None, None, None, None)


def view_op(fn, name: str, kind: str):
    """Wrap a view function of shape.py with autograd."""

    def wrapped(self, *args, **kwargs):
        if _needs_grad(self):
            return View.apply(self, fn, name, kind, args, kwargs)
        return fn(self, *args, **kwargs)

    wrapped.__name__ = wrapped.__qualname__ = fn.__name__
    wrapped.__doc__ = fn.__doc__
    return wrapped


class Permute(Function):
    """A permuting view (t, transpose, permute, movedim...): the gradient goes back through
    the inverse permutation."""

    def forward(self, x, order, name):
        self.node_name, self.order = name, order
        return shape.permuted(x, order)

    def vjp(self, g):
        inverse = [0] * len(self.order)
        for i, d in enumerate(self.order):
            inverse[d] = i
        if is_grad_enabled():  # create_graph: the gradient's own ops are recorded
            return (g.permute(inverse), None, None)
        # a new tensor over the permuted storage, no view of g: a gradient that reaches a
        # leaf this way may become its .grad without a copy
        data = ops_of(g).permute(g._data, inverse)
        return (Tensor._make(data, g.device, dtype=g._dtype), None, None)


def permute_op(fn, order_of, name: str):
    """Wrap a permuting view of shape.py (``fn``, whose order ``order_of`` computes) with
    autograd: the gradient goes back through the inverse permutation."""

    def wrapped(self, *args, **kwargs):
        order = order_of(self, *args, **kwargs)
        if self._requires_grad and _state.enabled:
            return Permute.apply(self, order, name)
        return shape.permuted(self, order)

    wrapped.__name__ = wrapped.__qualname__ = fn.__name__
    wrapped.__doc__ = fn.__doc__
    return wrapped


view = op("view", function=False)(view_op(shape.view, "ViewBackward0", "reshape"))
reshape = op("reshape")(view_op(shape.reshape, "ViewBackward0", "reshape"))
view_as = op("view_as", function=False)(view_op(shape.view_as, "ViewBackward0", "reshape"))
reshape_as = op("reshape_as", function=False)(view_op(shape.reshape_as, "ViewBackward0", "reshape"))
flatten = op("flatten")(view_op(shape.flatten, "ViewBackward0", "reshape"))
unflatten = op("unflatten")(view_op(shape.unflatten, "ViewBackward0", "reshape"))
_squeeze_all = view_op(shape.squeeze, "SqueezeBackward0", "reshape")
_squeeze_dim = view_op(shape.squeeze, "SqueezeBackward1", "reshape")


@op("squeeze")
def squeeze(self, dim=None):
    r"""Returns a view of ``input`` with its dimensions of size 1 removed.

    All of them, or only those named by ``dim`` (a dim whose size is not 1 stays).
    ``x.squeeze(...)`` is the method form.

    Args:
        input (Tensor): the input tensor.
        dim (int or tuple of ints, optional): the dimension(s) to squeeze. Default: all.

    Example::

        >>> x = torch.zeros(2, 1, 3, 1)
        >>> torch.squeeze(x).shape
        numtensor.Size([2, 3])
        >>> torch.squeeze(x, 1).shape
        numtensor.Size([2, 3, 1])
        >>> x.squeeze((1, 3)).shape
        numtensor.Size([2, 3])
    """
    return _squeeze_all(self) if dim is None else _squeeze_dim(self, dim)


unsqueeze = op("unsqueeze")(view_op(shape.unsqueeze, "UnsqueezeBackward0", "reshape"))
permute = op("permute")(permute_op(shape.permute, shape.permute_order, "PermuteBackward0"))
transpose = op("transpose", aliases=("swapaxes", "swapdims"))(
    permute_op(shape.transpose, shape.transpose_order, "TransposeBackward0")
)
t = op("t")(permute_op(shape.t, shape.t_order, "TBackward0"))
T = permute_op(shape.T, shape.T_order, "PermuteBackward0")
mT = permute_op(shape.mT, shape.mT_order, "TransposeBackward0")
method("T", property(T))
method("mT", property(mT))
movedim = op("movedim", aliases=("moveaxis",))(
    permute_op(shape.movedim, shape.movedim_order, "PermuteBackward0")
)
expand = op("expand")(view_op(shape.expand, "ExpandBackward0", "expand"))
expand_as = op("expand_as", function=False)(view_op(shape.expand_as, "ExpandBackward0", "expand"))
broadcast_to = op("broadcast_to")(view_op(shape.broadcast_to, "ExpandBackward0", "expand"))
narrow = op("narrow")(view_op(shape.narrow, "SliceBackward0", "slice"))
select = op("select")(view_op(shape.select, "SelectBackward0", "slice"))
diagonal = op("diagonal")(view_op(shape.diagonal, "DiagonalBackward0", "slice"))


@op("split")
def split(self, split_size_or_sections, dim: int = 0) -> tuple:
    r"""Splits ``tensor`` into pieces along ``dim`` (views of it).

    An int ``split_size_or_sections`` gives pieces of that size (the last may be
    smaller); a list gives the size of each piece (they must add up to the dim's size).
    ``x.split(...)`` is the method form.

    Args:
        tensor (Tensor): the tensor to split.
        split_size_or_sections (int or list of ints): the size of each piece, or the sizes.
        dim (int): the dimension to split along. Default: 0.

    Returns:
        tuple of Tensors.

    Example::

        >>> torch.split(torch.arange(5), 2)
        (tensor([0, 1]), tensor([2, 3]), tensor([4]))
        >>> torch.split(torch.arange(5), [1, 4])
        (tensor([0]), tensor([1, 2, 3, 4]))
    """
    pieces = shape.split(self, split_size_or_sections, dim)
    if not _needs_grad(self):
        return pieces
    d = wrap_dim(dim, self.ndim)
    out, start = [], 0
    for p in pieces:
        out.append(
            View.apply(self, shape.narrow, "SplitBackward0", "slice", (d, start, p.shape[d]), {})
        )
        start += p.shape[d]
    return _multi_views(out, "SplitBackward0")


def _multi_views(views, node: str) -> tuple:
    """Views one call returns several of: PyTorch refuses in-place writes to them while they
    are in the graph (autograd.function checks the mark)."""
    for i, v in enumerate(views):
        v.__dict__["_multi_view"] = f"Output {i} of {node}"
    return tuple(views)


@op("chunk")
def chunk(self, chunks: int, dim: int = 0) -> tuple:
    r"""Splits ``input`` into at most ``chunks`` pieces of equal size along ``dim`` (views).

    Each piece has ``ceil(size / chunks)`` elements along ``dim``, the last possibly fewer;
    there may be fewer than ``chunks`` pieces. ``x.chunk(n)`` is the method form.

    Args:
        input (Tensor): the tensor to split.
        chunks (int): the number of pieces wanted.
        dim (int): the dimension to split along. Default: 0.

    Example::

        >>> torch.chunk(torch.arange(5), 3)
        (tensor([0, 1]), tensor([2, 3]), tensor([4]))
    """
    pieces = shape.chunk(self, chunks, dim)
    if not _needs_grad(self):
        return pieces
    return split(self, [p.shape[wrap_dim(dim, self.ndim)] for p in pieces], dim)


@op("tensor_split")
def tensor_split(self, indices_or_sections, dim: int = 0) -> tuple:
    r"""Splits ``input`` along ``dim`` into views, by a count or at given indices.

    An int ``n`` gives ``n`` pieces as even as possible (the first ones one larger); a list
    of indices splits before each of them, as ``numpy.array_split``. ``x.tensor_split(...)``
    is the method form.

    Args:
        input (Tensor): the tensor to split.
        indices_or_sections (int, list of ints or Tensor): the count, or the split indices.
        dim (int): the dimension to split along. Default: 0.

    Example::

        >>> torch.tensor_split(torch.arange(7), 3)
        (tensor([0, 1, 2]), tensor([3, 4]), tensor([5, 6]))
        >>> torch.tensor_split(torch.arange(7), [1, 5])
        (tensor([0]), tensor([1, 2, 3, 4]), tensor([5, 6]))
    """
    pieces = shape.tensor_split(self, indices_or_sections, dim)
    if not _needs_grad(self):
        return pieces
    return split(self, [p.shape[wrap_dim(dim, self.ndim)] for p in pieces], dim)


@op("unbind")
def unbind(self, dim: int = 0) -> tuple:
    r"""Removes dimension ``dim``, returning the tuple of all slices along it (views).

    ``x.unbind(dim)`` is the method form.

    Args:
        input (Tensor): the tensor to unbind.
        dim (int): the dimension to remove. Default: 0.

    Example::

        >>> torch.unbind(torch.tensor([[1, 2], [3, 4]]))
        (tensor([1, 2]), tensor([3, 4]))
        >>> torch.unbind(torch.tensor([[1, 2], [3, 4]]), dim=1)
        (tensor([1, 3]), tensor([2, 4]))
    """
    if not _needs_grad(self):
        return shape.unbind(self, dim)
    d = wrap_dim(dim, self.ndim)
    return _multi_views(
        [
            View.apply(self, shape.select, "UnbindBackward0", "slice", (d, i), {})
            for i in range(self.shape[d])
        ],
        "UnbindBackward0",
    )


# ---- indexing ---------------------------------------------------------------------------------


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
        setitem(self, indices, values)
        return self
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
        return index.gather(x, dim, idx)

    def vjp(self, g):
        if g._requires_grad and is_grad_enabled():  # create_graph: recorded, differentiable
            return _zeros(self.in_shape, g).scatter_add(self.dim, self.idx, g), None, None
        return index.scatter_add(_zeros(self.in_shape, g), self.dim, self.idx, g), None, None


class IndexSelect(Function):
    node_name = "IndexSelectBackward0"

    def forward(self, x, dim, idx):
        self.in_shape, self.dim, self.idx = tuple(x.shape), dim, idx
        return index.index_select(x, dim, idx)

    def vjp(self, g):
        if not self.in_shape:
            return g.sum(), None, None
        gx = _zeros(self.in_shape, g)
        d = wrap_dim(self.dim, gx.ndim)
        if g._requires_grad and is_grad_enabled():  # create_graph: recorded, differentiable
            return gx.index_add(d, self.idx.reshape(-1), g), None, None
        picks = [slice(None)] * gx.ndim
        picks[d] = index.index_values(self.idx.reshape(-1))
        ops_of(gx).scatter_(gx._data, tuple(picks), g._data, "add")
        return gx, None, None


class Take(Function):
    node_name = "TakeBackward0"

    def forward(self, x, idx):
        self.in_shape, self.idx = tuple(x.shape), idx
        return index.take(x, idx)

    def vjp(self, g):
        gx = _zeros(self.in_shape, g)
        flat = gx.reshape(-1)
        picks = (index.index_values(self.idx.reshape(-1)),)
        ops_of(gx).scatter_(flat._data, picks, g.reshape(-1)._data, "add")
        return gx, None


class MaskedSelect(Function):
    node_name = "MaskedSelectBackward0"

    def forward(self, x, mask):
        self.shape = shape.broadcast_shapes(x.shape, mask.shape)
        self.mask = mask
        return index.masked_select(x, mask)

    def vjp(self, g):
        gx = _zeros(self.shape, g)
        ops_of(gx).masked_scatter_(gx._data, self.mask._data, g._data)
        return gx, None


class MaskedFill(Function):
    node_name = "MaskedFillBackward0"
    _elementwise = False

    def forward(self, x, mask, value, *, out=None):
        self.mask = mask
        result = index.masked_fill(x, mask, value)
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
        result = index.scatter(x, dim, idx, src, value=value, reduce=reduce)
        if out is not None:
            ops_of(out).copy_(out._data, result._data)
            return out
        return result

    def vjp(self, g):
        gx = g if self.reduce == "add" else index.scatter(g, self.dim, self.idx, 0.0)
        gs = None
        if self.src_is_tensor:
            # src is read only where the index reaches: its gradient is zero elsewhere
            gs = _zeros(self.src_shape, g)
            region = tuple(slice(0, n) for n in self.idx.shape)
            index.setitem(gs, region, index.gather(g, self.dim, self.idx))
        return gx, None, None, gs


def _fn_or_op(op, plain):
    def wrapped(self, *args, **kwargs):
        if _needs_grad(self) or any(_needs_grad(a) for a in args):
            return op.apply(self, *args, **kwargs)
        return plain(self, *args, **kwargs)

    wrapped.__name__ = wrapped.__qualname__ = plain.__name__
    wrapped.__doc__ = plain.__doc__
    return wrapped


gather = op("gather")(_fn_or_op(Gather, index.gather))
index_select = op("index_select")(_fn_or_op(IndexSelect, index.index_select))
take = op("take")(_fn_or_op(Take, index.take))
masked_select = op("masked_select")(_fn_or_op(MaskedSelect, index.masked_select))
masked_fill = op("masked_fill")(_fn_or_op(MaskedFill, index.masked_fill))
scatter = op("scatter")(_fn_or_op(Scatter, index.scatter))


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
    return index.masked_fill_(self, mask, value)


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
    return index.scatter_(self, dim, idx, src, value=value, reduce=reduce)


@op("scatter_add_", function=False)
def scatter_add_(self, dim, idx, src):
    r"""In-place version of :meth:`Tensor.scatter_add`: adds ``src`` into ``x`` at the
    positions ``index`` along ``dim`` (repeated positions add up).

    Example::

        >>> torch.zeros(3).scatter_add_(0, torch.tensor([1, 1]), torch.tensor([1., 2.]))
        tensor([0., 3., 0.])
    """
    return scatter_(self, dim, idx, src, reduce="add")


# ---- conversions --------------------------------------------------------------------------------


class ToCopy(Function):
    """A dtype/device conversion in the graph; the result is computed before recording."""

    node_name = "ToCopyBackward0"

    def forward(self, x, converted):
        self.in_dtype = x.dtype
        return converted

    def vjp(self, g):
        return g.to(self.in_dtype), None


@op("to", function=False)
def to(self, *args, **kwargs):
    r"""Returns ``x`` converted to another dtype and/or device.

    The forms are those of PyTorch: ``x.to(dtype)``, ``x.to(device, dtype=None)``,
    ``x.to(other)`` (``other``'s dtype and device), each with ``non_blocking=`` and
    ``copy=`` keywords. When nothing changes (and ``copy`` is False), ``x`` itself is
    returned. The conversion is differentiable (the gradient is converted back).

    Example::

        >>> x = torch.tensor([1.5, -2.7])
        >>> x.to(torch.int64)
        tensor([ 1, -2])
        >>> x.to("cpu", torch.float64)
        tensor([ 1.5000, -2.7000], dtype=numtensor.float64)
        >>> x.to(torch.zeros(1, dtype=torch.int32))
        tensor([ 1, -2], dtype=numtensor.int32)
        >>> x.to("cuda")  # doctest: +SKIP
        tensor([ 1.5000, -2.7000], device='cuda:0')
    """
    converted = conversion.to(self, *args, **kwargs)
    if converted is self or not _needs_grad(self):
        return converted
    return ToCopy.apply(self, converted)


class Clone(Function):
    node_name = "CloneBackward0"

    def forward(self, x, memory_format=None):
        if memory_format is _ROW_MAJOR:  # Tensor.contiguous(): a row-major copy
            return conversion.contiguous_copy(x)
        return conversion.clone(x)

    def vjp(self, g):
        return g, None


_ROW_MAJOR = object()


@op("clone")
def clone(self, memory_format=None):
    r"""Returns a copy of ``input`` with its own storage (same shape, dtype and device).

    Differentiable: the gradient flows back to ``input``. ``x.clone()`` is the method form.

    Args:
        input (Tensor): the tensor to copy.
        memory_format (optional): the layout of the copy (the source's by default).

    Example::

        >>> a = torch.tensor([1., 2.])
        >>> b = torch.clone(a)
        >>> b[0] = 5.
        >>> a, b
        (tensor([1., 2.]), tensor([5., 2.]))
    """
    return Clone.apply(self) if _needs_grad(self) else conversion.clone(self)


@op("contiguous", function=False)
def contiguous(self, memory_format=None):
    r"""Returns ``x`` in row-major (C-contiguous) memory: ``x`` itself if it already is,
    else a row-major copy.

    Example::

        >>> t = torch.arange(6).reshape(2, 3).t()
        >>> t.is_contiguous(), t.contiguous().is_contiguous()
        (False, True)
    """
    if self.is_contiguous():
        return self
    return Clone.apply(self, _ROW_MAJOR) if _needs_grad(self) else conversion.contiguous(self)


_CAST_SHOWN = {  # how ``torch.tensor([1.5]).<name>()`` prints, for each cast's example
    "half": "tensor([1.5000], dtype=numtensor.float16)",
    "bfloat16": "tensor([1.5000], dtype=numtensor.bfloat16)",
    "cfloat": "tensor([1.5000+0.j])",
    "cdouble": "tensor([1.5000+0.j], dtype=numtensor.complex128)",
    "float": "tensor([1.5000])",
    "double": "tensor([1.5000], dtype=numtensor.float64)",
    "long": "tensor([1])",
    "int": "tensor([1], dtype=numtensor.int32)",
    "short": "tensor([1], dtype=numtensor.int16)",
    "char": "tensor([1], dtype=numtensor.int8)",
    "byte": "tensor([1], dtype=numtensor.uint8)",
    "bool": "tensor([True])",
}


def cast_method(dt, name: str):
    def method(self, memory_format=None):
        return to(self, dt)

    method.__name__ = dt._name
    method.__doc__ = f"""``x.{name}()`` is ``x.to(numtensor.{dt._name})``: ``x`` converted to
    {dt._name} (``x`` itself when it already has that dtype). Differentiable where the
    dtype is floating point.

    Args:
        memory_format (optional): accepted for PyTorch compatibility; the result is
            row-major.

    Example::

        >>> torch.tensor([1.5]).{name}()
        {_CAST_SHOWN[name]}
    """
    return method


# x.half(), x.float(), x.double(), x.long(), x.int(), x.short(), x.char(), x.byte(), x.bool()
for _name, _dt in (
    ("half", float16),
    ("bfloat16", bfloat16),
    ("cfloat", complex64),
    ("cdouble", complex128),
    ("float", float32),
    ("double", float64),
    ("long", int64),
    ("int", int32),
    ("short", int16),
    ("char", int8),
    ("byte", uint8),
    ("bool", bool_),
):
    op(_name, function=False)(cast_method(_dt, _name))


@op("type", function=False)
def type_(self, dtype=None, non_blocking=False):
    r"""Without ``dtype``: the legacy type name of ``x`` (``'numtensor.FloatTensor'``...).
    With a dtype or a type name: ``x`` converted to it (``x`` itself if unchanged).

    Example::

        >>> x = torch.tensor([1.5, -2.7])
        >>> x.type()
        'numtensor.FloatTensor'
        >>> x.type(torch.int32)
        tensor([ 1, -2], dtype=numtensor.int32)
        >>> x.type("torch.DoubleTensor")
        tensor([ 1.5000, -2.7000], dtype=numtensor.float64)
    """
    if dtype is None:
        return conversion.legacy_type_name(self)
    converted = conversion.type_(self.detach(), dtype)
    return to(self, converted.dtype)


@op("type_as", function=False)
def type_as(self, other):
    r"""Returns ``x`` converted to ``other``'s dtype and device: ``x.to(other)``.

    Example::

        >>> torch.tensor([1, 2]).type_as(torch.tensor([0.5]))
        tensor([1., 2.])
    """
    return to(self, other.device, other.dtype)


# ---- in-place writes that are not pointwise ops ------------------------------------------------


class Copy(Function):
    node_name = "CopyBackwards"

    def forward(self, x, src, *, out=None):
        self.src_shape = tuple(src.shape)
        self.src_dtype = src.dtype
        target = out if out is not None else conversion.clone(x)
        return conversion.copy_(target, src)

    def vjp(self, g):
        gs = g.to(self.src_dtype) if g.dtype is not self.src_dtype else g
        return g.new_zeros(g.shape), gs


class Fill(Function):
    node_name = "FillBackward0"

    def forward(self, x, value, *, out=None):
        target = out if out is not None else conversion.clone(x)
        return fill.fill_(target, value)

    def vjp(self, g):
        return g.new_zeros(g.shape), None


@op("copy_", function=False)
def copy_(self, src, non_blocking: bool = False):
    r"""Copies the elements of ``src`` into ``x`` in place and returns ``x``.

    ``src`` broadcasts to ``x``'s shape and may have another dtype or device (the values
    are converted). Differentiable with respect to ``src``.

    Example::

        >>> y = torch.zeros(2, 2)
        >>> y.copy_(torch.tensor([1, 2]))
        tensor([[1., 2.],
                [1., 2.]])
    """
    if is_grad_enabled() and (self._requires_grad or _needs_grad(src)):
        return _apply_inplace(Copy, Copy.__new__(Copy), (self, src), {})
    return conversion.copy_(self, src)


@op("fill_", function=False)
def fill_(self, value):
    r"""Fills ``x`` with the number ``value`` (or a 0-dim tensor's value) in place.

    Example::

        >>> torch.zeros(2, 2).fill_(7)
        tensor([[7., 7.],
                [7., 7.]])
    """
    if is_grad_enabled() and self._requires_grad:
        return _apply_inplace(Fill, Fill.__new__(Fill), (self, value), {})
    return fill.fill_(self, value)


@op("zero_", function=False)
def zero_(self):
    r"""Fills ``x`` with zeros in place and returns it.

    Example::

        >>> torch.ones(2, 2).zero_()
        tensor([[0., 0.],
                [0., 0.]])
    """
    if is_grad_enabled() and self._requires_grad:
        return fill_(self, 0)  # recorded (or refused on a leaf)
    return fill.zero_(self)


def check_leaf_inplace(self) -> None:
    """Random fills on a leaf that requires grad are refused outside no_grad, as in PyTorch."""
    if is_grad_enabled() and self._requires_grad and self.grad_fn is None:
        raise RuntimeError(
            "a leaf Variable that requires grad is being used in an in-place operation."
        )
