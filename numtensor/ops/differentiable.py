"""Autograd for views and splits.

The view functions of ``shape.py``, ``permuted_views.py``, ``broadcast_slice_views.py`` and
``split_join.py`` know nothing of autograd; here each is wrapped once with its
vector-Jacobian product (the wrapper keeps the function's docstring):

* reshapes give ``g.reshape(input shape)``, permutations (``Permute``) ``g.permute(inverse)``;
* ``expand`` passes ``g`` on (the engine sums it back to the input's shape);
* slicing views (narrow, select, diagonal, split pieces, unbind) scatter ``g`` into zeros
  through the same view of a zero tensor;
* strided views that may overlap (as_strided, unfold) add ``g`` into a zero buffer laid out
  like the input's storage, at each element's storage position, so that elements the view
  reaches several times get the sum of their gradients.

Indexing's autograd is in ``differentiable_indexing.py``, that of conversions and of the
in-place writes copy_/fill_/zero_ in ``differentiable_conversions.py``; both use
``_needs_grad`` and ``_zeros`` from here.
"""

from __future__ import annotations

from .._tensor_base import Tensor, wrap_dim
from ..autograd.function import Function
from ..autograd.grad_mode import _state, is_grad_enabled
from . import broadcast_slice_views, permuted_views, shape, split_join
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
        out = fn(x, *args, **kwargs)
        if kind == "strided":
            self.layouts = (x.stride(), x.storage_offset(), out.stride(), out.storage_offset())
        return out

    def vjp(self, g):
        graph = is_grad_enabled()  # create_graph: the gradient's own ops are recorded
        if self.kind == "reshape":
            gx = g.reshape(self.in_shape) if graph else shape.reshape(g, self.in_shape)
        elif self.kind == "expand":
            gx = g
        elif self.kind == "strided":
            gx = _strided_grad(g, self.in_shape, *self.layouts)
        else:
            gx = _zeros(self.in_shape, g)
            self.fn(gx, *self.args, **self.kwargs).copy_(g)
        return (gx, None, None, None, None, None)


def view_op(fn, name: str, kind: str):
    """Wrap a view function (of shape.py, broadcast_slice_views.py...) with autograd."""

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
        return permuted_views.permuted(x, order)

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


def _positions(shape, strides, offset: int, like: Tensor) -> Tensor:
    """The storage position of every element of a (shape, strides, offset) layout, int64."""
    from .creation import arange

    pos = arange(offset, offset + 1, device=like.device).reshape([1] * len(shape))
    for d, (n, s) in enumerate(zip(shape, strides)):
        steps = arange(n, device=like.device) * s
        pos = pos + steps.reshape([n if k == d else 1 for k in range(len(shape))])
    return pos


def _strided_grad(g, in_shape, in_strides, in_offset, out_strides, out_offset) -> Tensor:
    """The gradient of a strided view for its input: ``g`` added at the storage positions
    the view reads, then read back through the input's own layout."""
    if g.numel() == 0 or 0 in in_shape:
        return _zeros(in_shape, g)
    at = _positions(tuple(g.shape), out_strides, out_offset, g).reshape(-1)
    src = _positions(in_shape, in_strides, in_offset, g)
    extent = max(int(at.max()), int(src.max())) + 1
    buffer = _zeros((extent,), g).index_add(0, at, g.reshape(-1))
    return buffer.as_strided(in_shape, in_strides, in_offset)


def permute_op(fn, order_of, name: str):
    """Wrap a permuting view of permuted_views.py (``fn``, whose order ``order_of`` computes) with
    autograd: the gradient goes back through the inverse permutation."""

    def wrapped(self, *args, **kwargs):
        order = order_of(self, *args, **kwargs)
        if self._requires_grad and _state.enabled:
            return Permute.apply(self, order, name)
        return permuted_views.permuted(self, order)

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
permute = op("permute")(
    permute_op(permuted_views.permute, permuted_views.permute_order, "PermuteBackward0")
)
transpose = op("transpose", aliases=("swapaxes", "swapdims"))(
    permute_op(permuted_views.transpose, permuted_views.transpose_order, "TransposeBackward0")
)
t = op("t")(permute_op(permuted_views.t, permuted_views.t_order, "TBackward0"))
T = permute_op(permuted_views.T, permuted_views.T_order, "PermuteBackward0")
mT = permute_op(permuted_views.mT, permuted_views.mT_order, "TransposeBackward0")
method("T", property(T))
method("mT", property(mT))
movedim = op("movedim", aliases=("moveaxis",))(
    permute_op(permuted_views.movedim, permuted_views.movedim_order, "PermuteBackward0")
)
expand = op("expand")(view_op(broadcast_slice_views.expand, "ExpandBackward0", "expand"))
expand_as = op("expand_as", function=False)(
    view_op(broadcast_slice_views.expand_as, "ExpandBackward0", "expand")
)
broadcast_to = op("broadcast_to")(
    view_op(broadcast_slice_views.broadcast_to, "ExpandBackward0", "expand")
)
narrow = op("narrow")(view_op(broadcast_slice_views.narrow, "SliceBackward0", "slice"))
select = op("select")(view_op(broadcast_slice_views.select, "SelectBackward0", "slice"))
diagonal = op("diagonal")(view_op(broadcast_slice_views.diagonal, "DiagonalBackward0", "slice"))


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
    pieces = split_join.split(self, split_size_or_sections, dim)
    if not _needs_grad(self):
        return pieces
    d = wrap_dim(dim, self.ndim)
    out, start = [], 0
    for p in pieces:
        out.append(
            View.apply(
                self,
                broadcast_slice_views.narrow,
                "SplitBackward0",
                "slice",
                (d, start, p.shape[d]),
                {},
            )
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
    pieces = split_join.chunk(self, chunks, dim)
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
    pieces = split_join.tensor_split(self, indices_or_sections, dim)
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
        return broadcast_slice_views.unbind(self, dim)
    d = wrap_dim(dim, self.ndim)
    return _multi_views(
        [
            View.apply(self, broadcast_slice_views.select, "UnbindBackward0", "slice", (d, i), {})
            for i in range(self.shape[d])
        ],
        "UnbindBackward0",
    )
