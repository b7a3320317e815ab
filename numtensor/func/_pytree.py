"""Flattening nested tuples, lists and dicts ("pytrees") into their leaves and back.

A spec is ``None`` for a leaf, or ``(kind, context, child specs)`` with kind one of
``tuple``, ``list``, ``dict`` or a namedtuple class (context: the dict's keys).
"""

from __future__ import annotations

from collections import OrderedDict

LEAF = None


def _is_namedtuple(x) -> bool:
    return isinstance(x, tuple) and hasattr(type(x), "_fields")


def _children(x):
    """(kind, context, children) of a container, or None for a leaf."""
    if _is_namedtuple(x):
        return type(x), None, list(x)
    if type(x) in (tuple, list):
        return type(x), None, list(x)
    if isinstance(x, dict):
        keys = list(x.keys())
        return type(x), keys, [x[k] for k in keys]
    return None


def tree_flatten(tree) -> tuple[list, object]:
    """The leaves of ``tree`` (depth first) and its spec."""
    leaves: list = []
    return leaves, _flatten(tree, leaves)


def _flatten(tree, leaves: list):
    node = _children(tree)
    if node is None:
        leaves.append(tree)
        return LEAF
    kind, context, children = node
    return kind, context, [_flatten(c, leaves) for c in children]


def tree_unflatten(leaves, spec):
    """The tree of shape ``spec`` holding ``leaves``."""
    it = iter(leaves)
    return _build(spec, it)


def _build(spec, it):
    if spec is LEAF:
        return next(it)
    kind, context, children = spec
    values = [_build(c, it) for c in children]
    if context is not None:  # a dict
        pairs = zip(context, values)
        return OrderedDict(pairs) if kind is OrderedDict else kind(pairs)
    if kind in (tuple, list):
        return kind(values)
    return kind(*values)  # a namedtuple


def num_leaves(spec) -> int:
    return 1 if spec is LEAF else sum(num_leaves(c) for c in spec[2])


def same_structure(a, b) -> bool:
    """Whether two specs describe the same containers (dict kinds compared as dicts)."""
    if a is LEAF or b is LEAF:
        return a is b
    ka, ca, xa = a
    kb, cb, xb = b
    if issubclass(ka, dict) != issubclass(kb, dict) or (not issubclass(ka, dict) and ka is not kb):
        return False
    if ca is not None and set(ca) != set(cb):
        return False
    return len(xa) == len(xb) and all(same_structure(p, q) for p, q in zip(xa, xb))


def broadcast_prefix(prefix, tree) -> list:
    """One value of ``prefix`` per leaf of ``tree``: a leaf of the prefix (an int, None)
    covers a whole subtree. Raises ValueError where the structures differ."""
    result: list = []
    _broadcast(prefix, tree, result)
    return result


def _broadcast(prefix, tree, out: list) -> None:
    node = _children(prefix)
    if node is None:
        leaves, _ = tree_flatten(tree)
        out.extend([prefix] * len(leaves))
        return
    tnode = _children(tree)
    if tnode is None:
        raise ValueError("structure mismatch")
    _, context, children = node
    _, tcontext, tchildren = tnode
    if isinstance(prefix, dict) != isinstance(tree, dict) or len(children) != len(tchildren):
        raise ValueError("structure mismatch")
    if context is not None:
        if set(context) != set(tcontext):
            raise ValueError("structure mismatch")
        for k in tcontext:
            _broadcast(prefix[k], tree[k], out)
        return
    if isinstance(prefix, list) != isinstance(tree, list):
        raise ValueError("structure mismatch")
    for p, t in zip(children, tchildren):
        _broadcast(p, t, out)


def describe(spec) -> str:
    """A short picture of a structure for error messages: ``*`` is a leaf."""
    if spec is LEAF:
        return "*"
    kind, context, children = spec
    inner = ", ".join(describe(c) for c in children)
    if context is not None:
        return "{" + ", ".join(f"{k!r}: {describe(c)}" for k, c in zip(context, children)) + "}"
    return f"[{inner}]" if kind is list else f"({inner}{',' if len(children) == 1 else ''})"
