"""Recording the calls into the backends, and replaying them: the storage half of
``numtensor.compile``.

While a ``Recording`` is active, every call that code outside the backends makes into a
backend module's interface (``cpu.mm(...)``, ``backend.of(dev).elementwise(...)``) runs as
usual and is also appended to the recording, with its arguments and result. Forward ops,
autograd's backward and in-place optimizer updates all reach storage this way only, so the
recording is the whole computation. ``Plan.build`` turns it into a replay: each array gets a
slot; arrays that no recorded call made are the plan's *inputs* (the caller says where to
find them on the next run); queries and attempts that did nothing are dropped, and so is
every call whose result nobody needs. ``Plan.run`` then performs the remaining calls, in
order, on new inputs: no tensors, no autograd bookkeeping, no argument checking.

What a recording cannot replay is noted in ``breaks``: data read back to Python (``to_host``:
``item()``, printing, ``bool()``) or arrays whose shape depends on values (``nonzero``,
``unique``, ``masked_select``). Random draws are replayed with fresh draws of their generator.
"""

from __future__ import annotations

import contextlib
import os
import traceback
from threading import get_ident

from . import INTERFACE, QUERIES, WRITES

# calls whose result depends on values in a way a replay cannot follow
BREAKS = {
    "to_host": "data read back to Python (item(), printing, bool(), numpy())",
    "nonzero": "a result whose shape depends on the values (nonzero)",
    "unique": "a result whose shape depends on the values (unique)",
    "masked_select": "a result whose shape depends on the values (masked_select)",
}
# the argument each writing call writes (the others return new storages)
WRITTEN = {**WRITES, "fast_inplace": 1}


class Recording:
    """The backend calls made while it is active (see ``recording``)."""

    def __init__(self) -> None:
        self.calls: list = []  # (name, function, args, kwargs, result, draw)
        self.breaks: list = []  # why this recording cannot be replayed
        self.draws: list = []  # (generator, (seed, offset)) in the order they were taken
        self._depth = 0
        self.thread = get_ident()  # the thread whose calls are recorded


_ACTIVE: list = []  # the recording being filled (at most one)


def active() -> Recording | None:
    """The recording in progress, or None."""
    return _ACTIVE[0] if _ACTIVE else None


def _adopt_copy(array):
    """A replay's CPU ``from_host``: a new array with the recorded host data."""
    return array.copy()


def _recorder(rec: Recording, name: str, fn):
    def call(*args, **kwargs):
        if rec._depth or get_ident() != rec.thread:
            # a backend calling another backend's interface (part of this call), or another
            # thread's work (not this function's)
            return fn(*args, **kwargs)
        rec._depth += 1
        try:
            result = fn(*args, **kwargs)
        finally:
            rec._depth -= 1
        if name in BREAKS:
            rec.breaks.append(BREAKS[name] + _where())
        draw = None
        if name == "random_" and rec.draws and rec.draws[-1][1] == (args[2], args[3]):
            draw = len(rec.draws) - 1
        if name == "from_host" and result is args[0]:
            # (the CPU's from_host adopts the host array: a replay must make a new one each
            # time, from a copy of what was adopted, or every replay would share it)
            rec.calls.append((name, _adopt_copy, (args[0].copy(),), kwargs, result, None))
            return result
        rec.calls.append((name, fn, args, kwargs, result, draw))
        return result

    call.__name__ = name
    return call


_PACKAGE = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def _where() -> str:
    """`` at file:line``: the innermost frame of the caller's code (outside numtensor)."""
    for frame in reversed(traceback.extract_stack()):
        if not os.path.abspath(frame.filename).startswith(_PACKAGE):
            return f" at {frame.filename}:{frame.lineno}"
    return ""


def validate(check, *args) -> None:
    """Run ``check(*args)`` (it raises on bad input; ``args`` may hold storages). A recording
    keeps it as a step, so every replay checks its own data: an out-of-range index raises on
    the call that has it, as in eager mode, instead of being read out of bounds."""
    rec = active()
    if rec is None or rec._depth or get_ident() != rec.thread:
        check(*args)
        return
    rec._depth += 1  # (what the check asks the backend is part of it)
    try:
        check(*args)
    finally:
        rec._depth -= 1
    rec.calls.append(("validate", check, args, {}, None, None))


@contextlib.contextmanager
def recording(rec: Recording, modules, generator_class):
    """Record the interface calls into each backend module of ``modules`` (and the draws of
    ``generator_class``'s generators) while the block runs."""
    if _ACTIVE:
        raise RuntimeError("numtensor.compile: a compiled function cannot run inside another")
    saved = [(m, name, getattr(m, name)) for m in modules for name in INTERFACE]
    next_draw = generator_class.next_draw

    def draw(gen):
        pair = next_draw(gen)
        if get_ident() == rec.thread:
            rec.draws.append((gen, pair))
        return pair

    _ACTIVE.append(rec)
    try:
        for m, name, fn in saved:
            setattr(m, name, _recorder(rec, name, fn))
        generator_class.next_draw = draw
        yield rec
    finally:
        generator_class.next_draw = next_draw
        for m, name, fn in saved:
            setattr(m, name, fn)
        _ACTIVE.clear()


# ---- plans -------------------------------------------------------------------------------------


class _Slots:
    """Numbers the arrays of a recording: the same array object, the same slot."""

    def __init__(self, is_storage) -> None:
        self.of: dict = {}  # id(array) -> slot
        self.arrays: list = []  # slot -> the array seen while recording
        self.made: set = set()  # slots a recorded call produced
        self.is_storage = is_storage

    def slot(self, array, made: bool = False) -> int:
        s = self.of.get(id(array))
        if s is None:
            s = self.of[id(array)] = len(self.arrays)
            self.arrays.append(array)
            if made:
                self.made.add(s)
        return s

    def template(self, value, made: bool = False):
        """``value`` with each storage in it replaced by ``_Slot(n)``."""
        if self.is_storage(value):
            return _Slot(self.slot(value, made))
        if type(value) in (list, tuple):
            return type(value)(self.template(v, made) for v in value)
        return value


class _Slot:
    __slots__ = ("n",)

    def __init__(self, n: int) -> None:
        self.n = n

    def __repr__(self) -> str:
        return f"${self.n}"


def slots_in(template) -> list:
    if isinstance(template, _Slot):
        return [template.n]
    if type(template) in (list, tuple):
        return [n for t in template for n in slots_in(t)]
    return []


def _builder(template):
    """A function of the slot array list that rebuilds ``template`` with arrays."""
    if isinstance(template, _Slot):
        n = template.n
        return lambda arrays: arrays[n]
    if type(template) in (list, tuple):
        if not slots_in(template):
            return lambda arrays: template
        # the constant entries stay; slots and nested templates are filled in
        values = list(template)
        direct = [(i, t.n) for i, t in enumerate(template) if isinstance(t, _Slot)]
        nested = [
            (i, _builder(t))
            for i, t in enumerate(template)
            if type(t) in (list, tuple) and slots_in(t)
        ]
        kind = type(template)

        def build(arrays):
            filled = values.copy()
            for i, n in direct:
                filled[i] = arrays[n]
            for i, b in nested:
                filled[i] = b(arrays)
            return filled if kind is list else tuple(filled)

        return build
    return lambda arrays: template


def _binder(template):
    """A function storing a call's result into the slots of ``template`` (or None)."""
    if isinstance(template, _Slot):
        n = template.n

        def bind(arrays, result):
            arrays[n] = result

        return bind
    if type(template) in (list, tuple) and slots_in(template):
        parts = [(i, _binder(t)) for i, t in enumerate(template) if slots_in(t)]

        def bind_all(arrays, result):
            for i, b in parts:
                b(arrays, result[i])

        return bind_all
    return None


def _memory_root(array):
    """What owns ``array``'s memory: the NumPy base it views (a device array: itself)."""
    root = array
    while getattr(root, "base", None) is not None and type(root.base) is type(array):
        root = root.base
    return id(root)


class Plan:
    """A recording made replayable: ``run(inputs)`` redoes its calls on new input arrays."""

    def __init__(self, rec: Recording, is_storage, keep) -> None:
        """``keep``: the arrays (seen while recording) whose values the caller wants after
        a run; calls that neither lead to them nor write an input are dropped."""
        slots = _Slots(is_storage)
        calls = []
        for name, fn, args, kwargs, result, draw in rec.calls:
            if name in QUERIES:
                continue
            a = slots.template(args)
            k = {key: slots.template(v) for key, v in kwargs.items()}
            r = slots.template(result, made=True)
            calls.append((name, fn, a, k, r, draw))
        self.n_slots = len(slots.arrays)
        self.inputs = [s for s in range(self.n_slots) if s not in slots.made]
        self.input_arrays = [slots.arrays[s] for s in self.inputs]
        self.keep = [slots.of[id(a)] for a in keep]
        # slots over one piece of memory (an array and its views) form a group: a write into
        # one is seen by all
        group = [_memory_root(a) for a in slots.arrays]
        outside = {group[s] for s in self.inputs}  # memory the caller sees after a run
        # liveness, backwards: a call stays if it makes a live slot, or writes memory that
        # is live or the caller's
        live = set(self.keep)
        live_memory = {group[s] for s in live} | outside
        steps = []
        written_memory = set()
        for name, fn, a, k, r, draw in reversed(calls):
            written = []
            if name in WRITTEN and len(a) > WRITTEN[name]:
                written = slots_in(a[WRITTEN[name]])
                written_memory.update(group[s] for s in written)
            if not (
                name == "validate"
                or any(group[s] in live_memory for s in written)
                or live.intersection(slots_in(r))
            ):
                continue
            reads = slots_in(a) + [n for v in k.values() for n in slots_in(v)]
            live.update(reads)
            live_memory.update(group[s] for s in reads)
            steps.append((name, fn, a, k, r, draw))
        steps.reverse()
        # the inputs whose memory the plan writes (the caller must find them again)
        self.written_inputs = {s for s in self.inputs if group[s] in written_memory}
        self.slot_of = slots.of
        self.traced = slots.arrays  # slot -> the array it held while recording
        self.program = steps  # (name, fn, args, kwargs, result) templates, for code generators
        self.steps = [
            (fn, _builder(a), {key: _builder(v) for key, v in k.items()}, _binder(r), draw)
            for name, fn, a, k, r, draw in steps
        ]
        self.draws = [(gen, i) for i, (gen, _) in enumerate(rec.draws)]
        linked = {draw for *_, draw in rec.calls if draw is not None}
        if len(linked) != len(rec.draws):
            rec.breaks.append("a random draw used otherwise than by a backend's random_")

    units = None  # generated code for runs of steps (see use_units)

    def use_units(self, units: list) -> None:
        """Run ``units`` instead of the steps one by one: ``("py", i)`` is step ``i``,
        ``("jit", function, input slots, output slots, workspace)`` a generated function
        that does the work of a run of steps (backend/cpu/codegen.py)."""
        self.units = units

    def run(self, inputs: list) -> list:
        """Replay on ``inputs`` (arrays in the order of ``self.inputs``); returns the arrays
        of every slot."""
        arrays = [None] * self.n_slots
        for s, array in zip(self.inputs, inputs):
            arrays[s] = array
        draws = [gen.next_draw() for gen, _ in self.draws] if self.draws else None
        if self.units is None:
            for step in self.steps:
                self._step(step, arrays, draws)
            return arrays
        steps = self.steps
        for unit in self.units:
            if unit[0] == "py":
                self._step(steps[unit[1]], arrays, draws)
                continue
            _, fn, ins, outs, workspace = unit
            results = fn(*[arrays[s] for s in ins], *workspace)
            for s, array in zip(outs, results):
                arrays[s] = array
        return arrays

    @staticmethod
    def _step(step, arrays: list, draws) -> None:
        fn, build, kwargs, bind, draw = step
        args = build(arrays)
        if draw is not None:
            seed, offset = draws[draw]
            args = (*args[:2], seed, offset, *args[4:])
        result = fn(*args, **{key: b(arrays) for key, b in kwargs.items()})
        if bind is not None:
            bind(arrays, result)
