"""What a compiled function touches besides its arguments, and what it changes there.

A training step reads parameters through a module in a closure or a global, gradients on
those parameters, and an optimizer's state; it changes ``.grad`` (set or accumulated) and the
optimizer's state (updated in place, or created on the first step). ``Scope`` finds these
objects from the function (closure cells, the globals its code names, a bound method's
object, the arguments), snapshots them before a traced call, and afterwards lists the
changes a replay must repeat on the Python side: ``.grad`` set to a new tensor or to None,
optimizer state entries that were (re)bound.
"""

from __future__ import annotations

import types

from .._tensor_base import Tensor

_DEPTH = 3  # how far into containers and plain objects the search goes


def _code_names(code) -> set:
    names = set(code.co_names)
    for const in code.co_consts:
        if isinstance(const, types.CodeType):
            names |= _code_names(const)
    return names


def roots_of(fn) -> list:
    """(holder, key, object) of what ``fn`` can reach besides its arguments: closure cells,
    the globals its code names, a bound method's object, a called module itself."""
    found = []
    target = fn
    if isinstance(fn, types.MethodType):
        found.append(("self", None, fn.__self__))
        target = fn.__func__
    code = getattr(target, "__code__", None)
    if code is None:  # a callable object (a Module): its __call__ sees the object
        found.append(("self", None, fn))
        return found
    for cell in target.__closure__ or ():
        try:
            found.append(("cell", cell, cell.cell_contents))
        except ValueError:  # an empty cell
            continue
    g = target.__globals__
    for name in sorted(_code_names(code)):
        if name in g:
            found.append(("global", (g, name), g[name]))
    return found


def root_value(kind: str, ref, obj):
    """The current value of a root found by ``roots_of`` (for the identity guard)."""
    if kind == "cell":
        try:
            return ref.cell_contents
        except ValueError:
            return None
    if kind == "global":
        g, name = ref
        return g.get(name)
    return obj


class Scope:
    """The tensors, modules and optimizers reachable from some objects."""

    def __init__(self, objects) -> None:
        from ..nn.modules.module import Module
        from ..optim.optimizer import Optimizer

        self.tensors: list = []
        self.modules: list = []
        self.optimizers: list = []
        seen: set = set()

        def visit(obj, depth: int) -> None:
            if id(obj) in seen or depth > _DEPTH:
                return
            if isinstance(obj, (type, types.ModuleType, types.FunctionType, str, bytes)):
                return
            seen.add(id(obj))
            if isinstance(obj, Tensor):
                self.tensors.append(obj)
                if obj.grad is not None:
                    visit(obj.grad, depth)
            elif isinstance(obj, Module):
                self.modules.append(obj)
                for m in obj.modules():
                    if m is not obj:
                        seen.add(id(m))
                        self.modules.append(m)
                    for t in list(m._parameters.values()) + list(m._buffers.values()):
                        if t is not None:
                            visit(t, 0)
                    for value in vars(m).values():
                        if isinstance(value, Tensor):
                            visit(value, 0)
            elif isinstance(obj, Optimizer):
                self.optimizers.append(obj)
                for group in obj.param_groups:
                    for p in group["params"]:
                        visit(p, 0)
                for state in obj.state.values():
                    for value in state.values():
                        if isinstance(value, Tensor):
                            visit(value, 0)
            elif isinstance(obj, (list, tuple, set, frozenset)):
                for v in list(obj)[:256]:
                    visit(v, depth + 1)
            elif isinstance(obj, dict):
                for v in list(obj.values())[:256]:
                    visit(v, depth + 1)
            elif hasattr(obj, "__dict__") and not callable(obj):
                for v in list(vars(obj).values())[:256]:
                    visit(v, depth + 1)

        for obj in objects:
            visit(obj, 0)

    # ---- before and after a traced call ------------------------------------------------------

    def snapshot(self) -> dict:
        """What a traced call may change: each tensor's .grad, each optimizer's state."""
        return {
            "grads": [t.grad for t in self.tensors],
            "state": [{id(p): dict(s) for p, s in opt.state.items()} for opt in self.optimizers],
        }

    def changes(self, before: dict) -> tuple:
        """(grads, states, unsupported): ``grads`` [(tensor, new grad or None)] for each
        .grad rebound; ``states`` [(state dict, key, tensor)] for each optimizer state entry
        (re)bound to a tensor; ``unsupported`` a reason, or None."""
        grads = [(t, t.grad) for t, old in zip(self.tensors, before["grads"]) if t.grad is not old]
        states = []
        for opt, old_states in zip(self.optimizers, before["state"]):
            for p, state in opt.state.items():
                old = old_states.get(id(p), {})
                for key, value in state.items():
                    if key in old and old[key] is value:
                        continue
                    if not isinstance(value, Tensor):
                        return grads, states, f"optimizer state {key!r} changes to a {value!r}"
                    states.append((state, key, value))
        return grads, states, None

    def signature(self) -> tuple:
        """What decides how a call runs, beyond its arguments: each tensor's layout, whether
        it has a .grad, training flags, optimizer settings and state keys."""
        tensors = tuple([tensor_signature(t) for t in self.tensors])
        modules = tuple(m.training for m in self.modules)
        optimizers = tuple(
            (
                tuple(_settings(g) for g in opt.param_groups),
                tuple(tuple(sorted(s)) for s in opt.state.values()),
            )
            for opt in self.optimizers
        )
        return tensors, modules, optimizers


def tensor_signature(t: Tensor) -> tuple:
    """What of a tensor decides how a call with it runs: its layout, dtype, device,
    requires_grad, and its .grad's layout (or that it has none)."""
    data, g = t._data, t.grad
    grad = None if g is None else (g._data.shape, g._data.strides, g._dtype)
    return (data.shape, data.strides, t._dtype, t.device, t._requires_grad, grad)


def _settings(group: dict) -> tuple:
    items = []
    for key, value in group.items():
        if key == "params":
            continue
        if isinstance(value, Tensor):
            value = ("tensor", id(value))
        elif isinstance(value, list):
            value = tuple(value)
        items.append((key, value))
    return tuple(items)
