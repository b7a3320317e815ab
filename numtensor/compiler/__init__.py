"""``numtensor.compile``: run a function once, recording its computation, then replay it.

The first call with a given signature runs ``fn`` eagerly while the backends record every
call into them (``numtensor.backend.trace``): forward ops, autograd's backward and the
optimizer's in-place updates. The recording becomes a plan, and later calls whose guards
match (argument shapes, strides, dtypes, devices, requires_grad, grad mode, the identity of
what the function reaches through closures and globals, parameters' layouts and whether
they have a .grad, modules' training flags, optimizers' settings and state keys) replay
the plan on their own arguments: no Python per op, no autograd bookkeeping, no checks, and
the Python-side effects repeated (``.grad`` set, optimizer state entries bound). A call whose
guards differ records again, up to ``cache_size_limit`` signatures; then the function runs
eagerly with a warning.

What a replay cannot follow is a *graph break*: data read back into Python (``item()``,
printing, ``bool(tensor)``), results whose shape depends on values (``nonzero``), optimizer
state that changes to Python numbers, a returned tensor whose graph outlives the call. The
function then always runs eagerly (a warning says why), or, with ``fullgraph=True``, the call
raises ``GraphBreak``. PyTorch splits such a function around the break; numtensor runs it
whole.
"""

from __future__ import annotations

import functools
import sys
import time
import warnings

from .. import backend
from .._generator import Generator
from .._tensor_base import Tensor
from ..autograd import engine
from ..autograd.grad_mode import is_grad_enabled
from ..backend import trace
from .capture import Scope, root_value, roots_of, tensor_signature

cache_size_limit = 8  # signatures recorded per function before it runs eagerly

__all__ = ["GraphBreak", "compile", "disable", "is_compiling", "reset"]


class GraphBreak(RuntimeError):
    r"""Raised by a function compiled with ``fullgraph=True`` that did something a
    replay cannot repeat (PyTorch would break the graph there). A ``RuntimeError``.

    Example::

        >>> issubclass(torch.compiler.GraphBreak, RuntimeError)
        True
    """


_COMPILED: list = []  # weak bookkeeping for reset(): every CompiledFunction made


def is_compiling() -> bool:
    r"""Returns ``True`` while a compiled function is being recorded (code may then
    prefer tensor math to Python numbers read from tensors, as PyTorch's ``capturable``
    optimizers do).

    Example::

        >>> torch.compiler.is_compiling()
        False
    """
    return trace.active() is not None


def reset() -> None:
    r"""Forgets every recorded plan: the next call of each compiled function records
    anew.

    Example::

        >>> torch.compiler.reset()
    """
    for compiled in _COMPILED:
        compiled._forget()


def disable(fn=None, recursive: bool = True):
    r"""Returns ``fn`` unchanged (as ``torch.compiler.disable`` is a no-op for eager
    code); usable as ``@disable`` or ``@disable()``.

    Example::

        >>> torch.compiler.disable(abs)(-2)
        2
    """
    if fn is None:
        return lambda f: f
    return fn


def compile(
    model=None,
    *,
    fullgraph: bool = False,
    dynamic=None,
    backend=None,
    mode=None,
    options=None,
    disable: bool = False,
):
    r"""Optimizes a function or a Module, as ``torch.compile``.

    The first call with given argument shapes and dtypes records the computation; later
    calls replay it (on the CPU, through generated code). Usable as ``compile(fn)``,
    ``@compile`` or ``@compile(fullgraph=True)``.

    Args:
        model (Callable or nn.Module): what to compile.
        fullgraph (bool): raise :class:`GraphBreak` instead of falling back to eager
            execution where a replay cannot repeat the function. Default: ``False``
        dynamic: accepted and ignored (shapes are specialized).
        backend, mode, options: accepted for PyTorch compatibility.
        disable (bool): return ``model`` unchanged. Default: ``False``

    Differs from PyTorch: no TorchDynamo/Inductor; the output's ``grad_fn`` is the last
    op's node (PyTorch: ``CompiledFunctionBackward``).

    Example::

        >>> @torch.compile
        ... def f(x, y):
        ...     return (x * y).sin().sum()
        >>> a, b = torch.tensor([1.0, 2.0]), torch.tensor([0.5, 0.25])
        >>> f(a, b)  # recorded
        tensor(0.9589)
        >>> f(a, b)  # replayed
        tensor(0.9589)
    """

    def wrap(fn):
        if disable:
            return fn
        return CompiledFunction(fn, fullgraph=fullgraph)

    return wrap if model is None else wrap(model)


# ---- arguments --------------------------------------------------------------------------------


_PLAIN = (int, float, complex, bool, str, bytes, type(None))


def _flatten(obj, tensors: list, objects: list):
    """A hashable description of ``obj`` with each tensor in it appended to ``tensors`` and
    every other object that is no plain value (a module, an optimizer) to ``objects``."""
    if isinstance(obj, Tensor):
        tensors.append(obj)
        return ("T",)
    kind = type(obj)
    if kind in (list, tuple):
        return (kind, tuple(_flatten(v, tensors, objects) for v in obj))
    if kind is dict:
        return (dict, tuple((k, _flatten(v, tensors, objects)) for k, v in obj.items()))
    if kind not in _PLAIN:
        objects.append(obj)
        return ("id", id(obj))
    return ("=", kind, obj)


def _is_storage(value) -> bool:
    return backend.device_of_storage(value) != ""


def _recorded_modules() -> list:
    mods = [backend.cpu]
    cuda = sys.modules.get("numtensor.backend.cuda")
    if cuda is not None:
        mods.append(cuda)
    return mods


# ---- compiled functions -------------------------------------------------------------------------


class CompiledFunction:
    """``fn`` with its recorded plans (see the module's docstring)."""

    def __init__(self, fn, fullgraph: bool = False) -> None:
        self._fn = fn
        self._fullgraph = fullgraph
        self._plans: dict = {}
        self._eager_because = None
        self._root_refs = None  # (kind, where, value) of closure cells, globals, self
        self._root_ids = None
        self._root_values = ()
        self._scope = None
        functools.update_wrapper(self, fn, updated=())
        _COMPILED.append(self)

    def compile_seconds(self) -> float:
        """Seconds its plans spent on generated code so far (writing it and compiling it,
        or loading it from the cache)."""
        return sum(replay.generate_seconds for replay in self._plans.values())

    def _forget(self) -> None:
        self._plans.clear()
        self._eager_because = None
        self._scope = None

    def __get__(self, obj, objtype=None):  # decorating a method
        return self if obj is None else functools.partial(self.__call__, obj)

    def __call__(self, *args, **kwargs):
        if self._eager_because is not None or trace.active() is not None:
            # (inside another compiled function: recorded as part of it)
            return self._fn(*args, **kwargs)
        leaves: list = []
        objects: list = []
        spec = _flatten((args, kwargs), leaves, objects)
        scope = self._current_scope(objects)
        key = (
            spec,
            tuple([tensor_signature(t) for t in leaves]),
            is_grad_enabled(),
            self._root_values,
            scope.signature(),
        )
        replay = self._plans.get(key)
        if replay is not None:
            return replay.run(leaves)
        if len(self._plans) >= cache_size_limit:
            self._give_up(f"more than {cache_size_limit} signatures (cache_size_limit)")
            return self._fn(*args, **kwargs)
        return self._record(key, leaves, args, kwargs)

    def _current_scope(self, objects: list) -> Scope:
        """What the function reaches besides its tensor arguments (made again when that
        changes: another object in a closure cell, a global or an argument)."""
        if self._root_refs is None:
            self._root_refs = roots_of(self._fn)
        roots = [root_value(*r) for r in self._root_refs] + objects
        ids = tuple([id(r) for r in roots])
        # a number or string in a closure cell or a global is part of the guard (a replay
        # bakes it in, as torch.compile specialises on it); other objects by identity
        self._root_values = tuple([r if type(r) in _PLAIN else id(r) for r in roots])
        if self._scope is None or ids != self._root_ids:
            self._root_ids = ids
            self._scope = Scope(roots)
        return self._scope

    def _give_up(self, why: str) -> None:
        if self._fullgraph:
            raise GraphBreak(f"numtensor.compile(fullgraph=True): {why}")
        self._eager_because = why
        name = getattr(self._fn, "__qualname__", repr(self._fn))
        warnings.warn(
            f"numtensor.compile: {name} runs eagerly from now on: {why}",
            RuntimeWarning,
            stacklevel=3,
        )

    def _record(self, key, leaves: list, args, kwargs):
        scope = self._scope
        before = scope.snapshot()
        owners = _owners(leaves, scope)
        rec = trace.Recording()
        backward_runs = engine.backward_runs()
        with trace.recording(rec, _recorded_modules(), Generator):
            out = self._fn(*args, **kwargs)
        grads, states, why = scope.changes(before)
        if why is None and rec.breaks:
            why = rec.breaks[0]
        if why is None:
            try:
                replay = _Replay(
                    rec, out, leaves, owners, grads, states, engine.backward_runs() != backward_runs
                )
            except _Unsupported as exc:
                why = str(exc)
            else:
                if rec.breaks:  # (found while planning)
                    why = rec.breaks[0]
        self._scope = None  # the call may have made state (optimizer buffers, grads)
        if why is not None:
            self._give_up(why)
            return out
        self._plans[key] = replay
        return out


class _Unsupported(Exception):
    pass


generate_code = True  # False: replay plans step by step (no generated code)


def _generate(plan) -> None:
    """Generated code for the plan's runs of CPU steps (backend/cpu/codegen.py), when all
    its arrays are CPU arrays; on any failure the plan replays step by step."""
    if not generate_code:
        return
    if all(backend.cpu.is_storage(a) for a in plan.traced):
        from ..backend.cpu import codegen
    elif "numtensor.backend.cuda" in sys.modules:
        from ..backend.cuda import codegen  # (fused elementwise kernels)
    else:
        return

    try:
        units = codegen.generate(plan)
    except Exception as exc:
        warnings.warn(
            f"numtensor.compile: no generated code for this plan ({type(exc).__name__}: "
            f"{exc}); it replays step by step",
            RuntimeWarning,
            stacklevel=4,
        )
        return
    if units is not None:
        plan.use_units(units)


def _owners(leaves: list, scope: Scope) -> dict:
    """id(array) -> where a replay finds it: an argument's storage or .grad, or a reachable
    tensor's (looked up when the replay starts, so a swapped storage is followed)."""
    found = {}
    for t in scope.tensors:
        found[id(t._data)] = ("data", t)
        if t.grad is not None:
            found[id(t.grad._data)] = ("grad", t)
    for i, t in enumerate(leaves):
        found[id(t._data)] = ("arg", i)
        if t.grad is not None:
            found[id(t.grad._data)] = ("arg_grad", i)
    return found


def _fetch(source, leaves: list):
    kind, ref = source
    if kind == "arg":
        return leaves[ref]._data
    if kind == "arg_grad":
        return leaves[ref].grad._data
    if kind == "data":
        return ref._data
    if kind == "grad":
        return ref.grad._data
    return ref  # "const": an array no reachable tensor holds (a NumPy array the code wrapped)


class _Replay:
    """One recorded call, ready to be repeated on new arguments."""

    def __init__(self, rec, out, leaves, owners, grads, states, backward_ran: bool) -> None:
        self._arg_index = {id(t): i for i, t in enumerate(leaves)}
        keep: list = []
        self.output = self._template(out, keep, backward_ran)
        self.grads = []
        for t, g in grads:
            target = self._target(t)
            if g is None:
                self.grads.append((target, None, None, None))
            else:
                keep.append(g._data)
                self.grads.append((target, g._data, g._dtype, g.device))
        self.states = []
        for state, key, value in states:
            keep.append(value._data)
            self.states.append((state, key, value._data, value._dtype, value.device))
        seen = {id(a) for call in rec.calls for a in _arrays_in(call[2:5])}
        keep = [a for a in keep if id(a) in seen]
        self.plan = trace.Plan(rec, _is_storage, keep)
        self._generated = False  # code is generated on the first replay (a plan that is
        # never replayed, like the first step's, never pays for it)
        slot_of = self.plan.slot_of
        self.sources = [owners.get(id(a), ("const", a)) for a in self.plan.input_arrays]
        for s, source in zip(self.plan.inputs, self.sources):
            if source[0] == "const" and s in self.plan.written_inputs:
                raise _Unsupported(
                    "it writes into a tensor it does not reach through its arguments, "
                    "closures, globals, modules or optimizers"
                )
        # arrays no recorded call saw (an argument returned as is): fetched like inputs
        self._slot_of = slot_of
        self.output = self._resolve(self.output, owners)
        self.grads = [
            (target, None if a is None else self._place(a, owners), dt, dev)
            for target, a, dt, dev in self.grads
        ]
        self.states = [
            (state, key, self._place(a, owners), dt, dev) for state, key, a, dt, dev in self.states
        ]

    def _target(self, t: Tensor):
        i = self._arg_index.get(id(t))
        return ("arg", i) if i is not None else ("obj", t)

    def _template(self, value, keep: list, backward_ran: bool):
        if isinstance(value, Tensor):
            if value._requires_grad and value.grad_fn is not None and not backward_ran:
                raise _Unsupported(
                    "it returns a tensor whose autograd graph outlives the call (call "
                    "backward inside the compiled function)"
                )
            i = self._arg_index.get(id(value))
            if i is not None:
                return ("arg", i)
            keep.append(value._data)
            return ("new", value._data, value._dtype, value.device)
        kind = type(value)
        if kind in (list, tuple):
            return (kind, [self._template(v, keep, backward_ran) for v in value])
        if kind is dict:
            return (dict, {k: self._template(v, keep, backward_ran) for k, v in value.items()})
        return ("value", value)

    def _place(self, array, owners: dict):
        """Where a replay finds ``array``: a slot, or (never seen by a call) its owner."""
        slot = self._slot_of.get(id(array))
        if slot is not None:
            return ("slot", slot)
        return owners.get(id(array), ("const", array))

    def _resolve(self, template, owners: dict):
        tag = template[0]
        if tag == "new":
            _, array, dt, dev = template
            return ("new", self._place(array, owners), dt, dev)
        if tag in (list, tuple):
            return (tag, [self._resolve(t, owners) for t in template[1]])
        if tag is dict:
            return (dict, {k: self._resolve(t, owners) for k, t in template[1].items()})
        return template

    # ---- running --------------------------------------------------------------------------

    generate_seconds = 0.0  # spent writing and compiling (or loading) its generated code

    def run(self, leaves: list):
        if not self._generated:
            self._generated = True
            start = time.perf_counter()
            _generate(self.plan)
            self.generate_seconds = time.perf_counter() - start
        arrays = self.plan.run([_fetch(s, leaves) for s in self.sources])
        for target, place, dt, dev in self.grads:
            t = leaves[target[1]] if target[0] == "arg" else target[1]
            t.grad = (
                None if place is None else Tensor._make(_get(place, arrays, leaves), dev, dtype=dt)
            )
        for state, key, place, dt, dev in self.states:
            state[key] = Tensor._make(_get(place, arrays, leaves), dev, dtype=dt)
        return _build(self.output, arrays, leaves)


def _get(place, arrays: list, leaves: list):
    if place[0] == "slot":
        return arrays[place[1]]
    return _fetch(place, leaves)


def _build(template, arrays: list, leaves: list):
    tag = template[0]
    if tag == "new":
        _, place, dt, dev = template
        return Tensor._make(_get(place, arrays, leaves), dev, dtype=dt)
    if tag == "arg":
        return leaves[template[1]]
    if tag in (list, tuple):
        return tag(_build(t, arrays, leaves) for t in template[1])
    if tag is dict:
        return {k: _build(t, arrays, leaves) for k, t in template[1].items()}
    return template[1]


def _arrays_in(values) -> list:
    found = []
    for v in values:
        if _is_storage(v):
            found.append(v)
        elif type(v) in (list, tuple):
            found += _arrays_in(v)
        elif type(v) is dict:
            found += _arrays_in(list(v.values()))
    return found
