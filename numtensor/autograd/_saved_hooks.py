"""The state behind ``autograd.graph.saved_tensors_hooks``: packing what a node saves.

When no hooks are active (the common case) recording a node costs one test of ``HOOKS``.
With hooks, the tensors a node saves are replaced by what the innermost pack hook returns;
the engine calls the unpack hooks when it runs the node's backward.
"""

from __future__ import annotations

import weakref

from .._tensor_base import Tensor

HOOKS: list = []  # the active (pack_hook, unpack_hook) pairs, innermost last
DISABLED: list = [None]  # the error message while disable_saved_tensors_hooks is active


class Packed(tuple):
    """A node's saved values, packed: ``(is_tensor, value)`` pairs; the unpack hook; and each
    tensor's place in the graph, which an unpacked copy takes on (ops' VJPs ask whether a
    saved operand requires grad, and double backward goes on from its grad_fn)."""

    unpack = None
    places = ()


def pack_saved(node) -> None:
    """Replace ``node.saved`` by the innermost pack hook's results (tensors only)."""
    message = DISABLED[0]
    if message is not None:
        raise RuntimeError(message)
    pack, unpack = HOOKS[-1]
    packed = Packed((True, pack(s)) if isinstance(s, Tensor) else (False, s) for s in node.saved)
    packed.unpack = unpack
    packed.places = tuple(_place(s) if isinstance(s, Tensor) else None for s in node.saved)
    node._packed = packed
    node.saved = packed  # (non-empty: the engine frees it after backward as it would)


def _place(t: Tensor) -> tuple:
    """(requires_grad, grad_fn, output_nr, a weak reference to a leaf that requires grad)."""
    leaf = weakref.ref(t) if t._requires_grad and t.grad_fn is None else None
    return t._requires_grad, t.grad_fn, t._output_nr, leaf


def unpack_saved(packed: Packed) -> tuple:
    """The saved tensors again, from the unpack hook (called once per backward of the node)."""
    from .function import _alias
    from .grad_mode import is_grad_enabled

    result = []
    for (is_tensor, value), place in zip(packed, packed.places):
        if is_tensor:
            value = packed.unpack(value)
            if not isinstance(value, Tensor):
                raise TypeError(
                    "Output of saved tensor unpack_hook expected to be a Tensor but got result "
                    f"of type {type(value).__name__}"
                )
            requires_grad, grad_fn, output_nr, leaf = place
            if requires_grad and not value._requires_grad and value.grad_fn is None:
                # a copy (save_on_cpu): an alias of it standing where the saved tensor stood
                leaf = leaf() if leaf is not None else None
                if leaf is not None and is_grad_enabled():  # (create_graph: to the leaf)
                    result.append(_LeafCopy.apply(leaf, value))
                    continue
                value = _alias(value)
                value._requires_grad, value.grad_fn = True, grad_fn
                if output_nr:
                    value._output_nr = output_nr
        result.append(value)
    return tuple(result)


def _leaf_copy_type():
    from .function import Function, _alias

    class _LeafCopy(Function):
        """An unpacked copy of a saved leaf that requires grad, in the graph as the leaf."""

        @staticmethod
        def forward(ctx, leaf, copy):
            return _alias(copy)

        @staticmethod
        def backward(ctx, grad):
            return grad, None

    return _LeafCopy


class _LazyLeafCopy:
    """(function.py imports this module: the Function subclass is made on first use)"""

    _type = None

    def apply(self, leaf, copy):
        if self._type is None:
            type(self)._type = _leaf_copy_type()
        return self._type.apply(leaf, copy)


_LeafCopy = _LazyLeafCopy()
