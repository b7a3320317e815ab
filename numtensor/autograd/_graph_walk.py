"""Whether a result's graph reaches leaves other than a transform's own.

The function transforms (``autograd.functional``'s forward mode, ``forward_ad``,
``numtensor.func``) differentiate through fresh leaves they make themselves; a result that
depends on nothing else requiring grad is returned detached, as PyTorch's would not require
grad.
"""

from __future__ import annotations

from .._tensor_base import Tensor
from .function import AccumulateGrad


def mark_own(leaf: Tensor) -> Tensor:
    """Mark ``leaf`` as made by a transform (never counted as the user's)."""
    leaf.__dict__["_transform_leaf"] = True
    return leaf


def _is_own(leaf: Tensor, own: set) -> bool:
    return id(leaf) in own or "_transform_leaf" in leaf.__dict__


def reaches_other_leaves(tensors, own: set = frozenset()) -> bool:
    """Whether the graph of any of ``tensors`` reaches a leaf that requires grad, whose
    ``id`` is not in ``own`` and that no transform made (:func:`mark_own`)."""
    stack = []
    for t in tensors:
        if not isinstance(t, Tensor) or not t.requires_grad:
            continue
        if t.grad_fn is None:
            if not _is_own(t, own):
                return True
            continue
        stack.append(t.grad_fn)
    seen = set()
    while stack:
        node = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        for fn, _ in node.next_functions:
            if fn is None:
                continue
            if isinstance(fn, AccumulateGrad):
                if not _is_own(fn.variable, own):
                    return True
            else:
                stack.append(fn)
    return False
