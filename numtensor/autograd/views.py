"""In-place writes through a view: the base's history is rewritten (PyTorch's CopySlices).

``v = x.clone(); v[:1].mul_(10)`` changes ``v``. The in-place op's node is recorded on the
view as for any in-place op; the base then gets a ``CopySlices`` node whose backward hands
the gradient of the written region to that node (and from it, through the view's own
history, back to the old base) and the rest of the gradient straight to the old base.
"""

from __future__ import annotations

from .. import backend
from .._tensor_base import Tensor
from .function import Function, _alias, _record, edge, moved


class _Region(Function):
    """A node that knows where a view lies in its base's memory."""

    def __init__(self, base: Tensor, view: Tensor) -> None:
        self.geometry = (tuple(view.shape), view.stride(), view.storage_offset())
        self.base_strides = base.stride()
        self.base_shape = tuple(base.shape)

    def _split(self, grad: Tensor | None, region_grad: Tensor | None):
        """A base-shaped gradient whose view region holds ``region_grad`` (zeros if None)
        and elsewhere ``grad`` (zeros if None); also the old content of the region."""
        source = grad if grad is not None else region_grad
        ops = backend.of(source.device)
        # laid out as the base is (its dims ordered by stride), so the view's geometry
        # finds the region in it
        order = sorted(range(len(self.base_shape)), key=lambda d: -self.base_strides[d])
        if grad is None:
            shape = tuple(self.base_shape[d] for d in order)
            dense = ops.full(shape, 0, source._data.dtype)
        else:  # (a row-major copy of the permuted gradient, never the gradient itself)
            permuted = ops.permute(grad._data, order)
            dense = ops.contiguous(permuted)
            if dense is permuted or ops.shares_memory(dense, grad._data):
                dense = ops.clone(dense)
        region = ops.view(dense, *self.geometry)
        inner = None if grad is None else Tensor._make(ops.clone(region), source.device)
        if region_grad is None:
            ops.fill_(region, 0)
        else:
            ops.copy_(region, region_grad._data)
        back = sorted(range(len(order)), key=order.__getitem__)
        outer = Tensor._make(ops.permute(dense, back), source.device, dtype=source._dtype)
        return outer, inner


class CopySlices(_Region):
    """The base after a write through one of its views."""

    node_name = "CopySlices"  # (its name(): PyTorch's "torch::autograd::CopySlices")

    def vjp(self, grad: Tensor):
        return self._split(grad, None)


class AsStridedBackward0(_Region):
    """A view of a base that has been written in place since the view was made: it is read
    from the base as it is now."""

    node_name = "AsStridedBackward0"

    def vjp(self, grad: Tensor):
        return self._split(None, grad)[0]


def regenerated(view: Tensor, seq: int) -> tuple:
    """The edge of ``view`` for the node numbered ``seq``: its own grad_fn, or, when its base
    was written in place since the view was made, a view node of the base as it was then."""
    base = view._base
    made = max(view.grad_fn._seq, view.__dict__.get("_synced", 0))
    fn, nr, requires_grad = edge(base, seq)
    if not any(made < changed for changed, *_ in base._history) or (
        fn is not None and fn._seq <= made
    ):
        return view.grad_fn, view._output_nr, view._requires_grad
    cache = view.__dict__.setdefault("_regenerated", {})
    node = cache.get(id(fn))
    if node is None:
        source = _alias(base)
        source.grad_fn, source._output_nr, source._requires_grad = fn, nr, requires_grad
        node = cache[id(fn)] = AsStridedBackward0(base, view)
        holder = _alias(view)
        _record(node, (source,), holder)
    return node, 0, True


def is_differentiable_view(t: Tensor) -> bool:
    """A view made by a view op (not ``detach()`` or ``.data``) of another tensor."""
    return t._base is not None and not t.__dict__.get("_detached", False)


def check_view_of_leaf(view: Tensor) -> None:
    base = view._base
    if base._requires_grad and base.grad_fn is None:
        raise RuntimeError(
            "a view of a leaf Variable that requires grad is being used in an in-place operation."
        )


def check_not_multi_view(view: Tensor) -> None:
    which = view.__dict__.get("_multi_view")
    if which is not None and view._requires_grad:
        raise RuntimeError(
            f"{which} is a view and is being modified inplace. This view is the output of a "
            "function that returns multiple views. Such functions do not allow the output "
            "views to be modified inplace. You should replace the inplace operation by an "
            "out-of-place one."
        )


def rebase_history(view: Tensor) -> None:
    """After an in-place op recorded on ``view``: give its base a CopySlices node."""
    base = view._base
    old = _alias(base)  # the base before the write, in the graph
    old.grad_fn = base.grad_fn
    old._requires_grad = base._requires_grad
    old._output_nr = base._output_nr
    written = _alias(view)  # the region after the write: the in-place op's output
    written.grad_fn = view.grad_fn
    written._requires_grad = True
    node = CopySlices(base, view)
    before = (base.grad_fn, base._output_nr, base._requires_grad)
    base.grad_fn = None
    base._output_nr = 0
    _record(node, (old, written), base)
    moved(base, before, node)
    view.__dict__["_synced"] = node._seq  # the view's own grad_fn is current
