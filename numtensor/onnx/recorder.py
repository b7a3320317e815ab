"""Recording one run of a model: every public op called, with its arguments and result.

While ``Recorder`` is active, the public entry points are wrapped: the functions of
``numtensor`` and ``numtensor.nn.functional``, the Tensor methods, operators and properties
of the op registry, and ``Module.__call__`` of the built-in layers that have a direct ONNX
form (symbolic_nn.MODULES). An op called from inside another recorded op is part of it and
is not recorded again; a composition named in symbolic.TRACED is not recorded itself, the
ops inside it are. An op whose tensor arguments are all constants (not computed from the
model's inputs) is folded: its result is a constant of the graph. Tensors the graph reads
are kept alive until the export ends, so an ``id`` names one tensor only.
"""

from __future__ import annotations

import contextlib
import inspect
import warnings

import numtensor as _nt

from .._tensor_base import Tensor
from ..nn import functional as F
from ..nn.modules.module import Module
from ..ops.registry import FUNCTIONS, METHODS
from .errors import OnnxExporterError, TracerWarning
from .graph import host
from .shapes import DimInt
from .symbolic import TRACED

# Tensor attributes that are not ops of the graph
_NOT_OPS = {
    "__repr__", "__str__", "__format__", "__reduce__", "__array__", "__cuda_array_interface__",
    "__dlpack__", "__dlpack_device__", "to_dlpack",
    "__new__", "__iter__", "backward", "register_hook", "register_post_accumulate_grad_hook",
    "retain_grad", "is_pinned", "is_shared", "share_memory_", "pin_memory", "equal", "allclose",
}  # fmt: skip
# reading a value out of a tensor: the graph gets it as a constant (with a warning)
_READS = {"item", "tolist", "numpy", "__bool__", "__int__", "__float__", "__index__"}
_REFLECTED = {"radd", "rsub", "rmul", "rtruediv", "rfloordiv", "rmod", "rpow", "rmatmul",
              "rand", "ror", "rxor"}  # fmt: skip
_DUNDER_NAMES = {"truediv": "div", "floordiv": "floor_divide", "mod": "remainder",
                 "and": "bitwise_and", "or": "bitwise_or", "xor": "bitwise_xor",
                 "invert": "bitwise_not", "pos": "positive"}  # fmt: skip


class Event:
    __slots__ = ("args", "inplace", "kwargs", "name", "result", "snapshots")

    def __init__(self, name, args, kwargs, result, inplace) -> None:
        self.name, self.args, self.kwargs = name, args, kwargs
        self.result, self.inplace = result, inplace
        self.snapshots: dict = {}


def canonical(name: str, args: tuple):
    """(op name, arguments in function order, in place?) of a recorded attribute call."""
    if name.startswith("__") and name.endswith("__"):
        core = name[2:-2]
        if core in _REFLECTED:
            core = core[1:]
            args = (args[1], args[0], *args[2:])
            return _DUNDER_NAMES.get(core, core), args, False
        if core.startswith("i") and core[1:] in (
            *_DUNDER_NAMES,
            "add",
            "sub",
            "mul",
            "pow",
            "matmul",
        ):
            return _DUNDER_NAMES.get(core[1:], core[1:]), args, True
        return _DUNDER_NAMES.get(core, core), args, False
    if name.endswith("_"):  # (PyTorch's mark of an in-place method)
        return name[:-1], args, True
    return name, args, False


def _tensors(x):
    if isinstance(x, Tensor):
        yield x
    elif isinstance(x, (list, tuple)):
        for item in x:
            yield from _tensors(item)
    elif isinstance(x, dict):
        for item in x.values():
            yield from _tensors(item)


def _dynamic_sizes(x) -> bool:
    if isinstance(x, DimInt):
        return x.dynamic
    if isinstance(x, (list, tuple)):
        return any(_dynamic_sizes(item) for item in x)
    return False


class Recorder:
    def __init__(self, modules: dict, dynamic: bool) -> None:
        self.events: list[Event] = []
        self.live: set[int] = set()  # ids of tensors computed from the inputs
        self.constants: set[int] = set()  # ids of tensors of folded ops
        self.keep: list = []
        self.modules = modules  # layer class -> (module, args, kwargs) -> (name, args, kwargs)
        self.dynamic = dynamic
        self.depth = 0

    # ---- what the wrappers do ------------------------------------------------------------
    def _is_live(self, args, kwargs) -> bool:
        found = False
        for t in (*_tensors(args), *_tensors(kwargs)):
            if id(t) in self.live:
                found = True
            elif t.grad_fn is not None and id(t) not in self.constants:
                raise OnnxExporterError(
                    "a tensor of the model was computed by a function numtensor.onnx does not "
                    "record (called through a name imported before the export, or a private "
                    "function): call it through numtensor, Tensor methods or "
                    "numtensor.nn.functional"
                )
        return found or _dynamic_sizes(args) or _dynamic_sizes(list(kwargs.values()))

    def record(self, name: str, args: tuple, kwargs: dict, result, inplace=False) -> None:
        """One op called at the top level (``inplace``: it wrote into its first argument)."""
        name, args, written = canonical(name, args)
        inplace = inplace or written
        self.keep.append((args, kwargs, result))
        if not self._is_live(args, kwargs):
            for t in _tensors(result):
                self.live.discard(id(t))
                self.constants.add(id(t))
            return
        event = Event(name, args, kwargs, result, inplace)
        for t in (*_tensors(args), *_tensors(kwargs)):
            if id(t) not in self.live:
                event.snapshots[id(t)] = host(t)
        self.events.append(event)
        for t in _tensors(result):
            self.live.add(id(t))

    def call(self, name: str, fn, args: tuple, kwargs: dict, takes_inplace: bool = False):
        if self.depth or name in TRACED:  # (a traced composition: its own ops are recorded)
            return fn(*args, **kwargs)
        self.depth += 1
        try:
            result = fn(*args, **kwargs)
        finally:
            self.depth -= 1
        # (F.relu(x, inplace=True) and the like hand back their argument, written)
        written = takes_inplace and bool(args) and result is args[0]
        self.record(name, args, kwargs, result, written)
        return result

    def read(self, fn, args: tuple, kwargs: dict):
        if not self.depth and id(args[0]) in self.live:
            warnings.warn(
                "Converting a tensor to a Python value while exporting: the exported graph "
                "uses the value of this run as a constant and will not follow other inputs.",
                TracerWarning,
                stacklevel=3,
            )
        return fn(*args, **kwargs)

    # ---- wrapping ------------------------------------------------------------------------
    def _wrapper(self, name: str, fn):
        try:
            takes_inplace = "inplace" in inspect.signature(fn).parameters
        except (TypeError, ValueError):
            takes_inplace = False

        def wrapper(*args, **kwargs):
            return self.call(name, fn, args, kwargs, takes_inplace)

        wrapper.__wrapped__ = fn
        return wrapper

    def _reader(self, fn):
        def reader(*args, **kwargs):
            return self.read(fn, args, kwargs)

        return reader

    def _module_call(self, original):
        recorder = self

        def __call__(module, *args, **kwargs):
            as_function = recorder.modules.get(type(module))
            call = (
                None
                if as_function is None or recorder.depth
                else as_function(module, *args, **kwargs)
            )
            if call is None:  # (a container, a custom module: its own ops are recorded)
                return original(module, *args, **kwargs)
            recorder.depth += 1
            try:
                result = original(module, *args, **kwargs)
            finally:
                recorder.depth -= 1
            recorder.record(*call, result)
            return result

        return __call__

    def _sizes(self):
        recorder = self
        shape_property = Tensor.shape
        size_method = Tensor.size

        def dims(t, values):
            dynamic = recorder.dynamic and id(t) in recorder.live
            return [DimInt.of(v, t, i, dynamic) for i, v in enumerate(values)]

        def shape(t):
            values = shape_property.fget(t)
            if recorder.depth:
                return values
            recorder.keep.append(t)
            return type(values)(dims(t, values))

        def size(t, dim=None):
            values = size_method(t)
            if recorder.depth:
                return values if dim is None else size_method(t, dim)
            recorder.keep.append(t)
            sizes = dims(t, values)
            if dim is None:
                return type(values)(sizes)
            return sizes[dim if dim >= 0 else dim + len(sizes)] if sizes else size_method(t, dim)

        return property(shape), size

    @contextlib.contextmanager
    def active(self):
        """Wrap the entry points while inside."""
        saved: list = []

        def patch(owner, name, value):
            saved.append((owner, name, owner.__dict__.get(name, _MISSING)))
            setattr(owner, name, value)

        for name, value in METHODS.items():
            if name in _NOT_OPS:
                continue
            current = Tensor.__dict__.get(name, value)
            if name in _READS:
                patch(Tensor, name, self._reader(current))
            elif isinstance(current, property):
                patch(Tensor, name, property(self._wrapper(name, current.fget)))
            elif callable(current):
                patch(Tensor, name, self._wrapper(name, current))
        patch(Tensor, "data", property(self._wrapper("detach", Tensor.data.fget), Tensor.data.fset))
        shape, size = self._sizes()
        patch(Tensor, "shape", shape)
        patch(Tensor, "size", size)
        for name, value in FUNCTIONS.items():
            if getattr(_nt, name, None) is value:
                patch(_nt, name, self._wrapper(name, value))
        for name in F.__all__ if hasattr(F, "__all__") else dir(F):
            value = getattr(F, name)
            if name.startswith("_") or not callable(value) or isinstance(value, type):
                continue
            patch(F, name, self._wrapper(name, value))
        patch(Module, "__call__", self._module_call(Module.__call__))
        try:
            yield self
        finally:
            for owner, name, value in reversed(saved):
                if value is _MISSING:
                    delattr(owner, name)
                else:
                    setattr(owner, name, value)


_MISSING = object()
