"""The public Tensor type: the data model of ``_tensor_base`` plus its methods.

Every method here is a thin call into an op declared once in ``numtensor/ops``; this file
is the table that binds them, so ``Tensor.view`` and ``numtensor.view`` are the same code.
"""

from __future__ import annotations

from . import _printing
from ._dtype import ALL_DTYPES, get_default_dtype
from ._tensor_base import Tensor
from .autograd import engine
from .ops import (
    conversion,
    creation,
    differentiable,
    fill,
    index,
    linalg,
    pointwise,
    reductions_api,
)

# ---- construction: numtensor.Tensor(data) / numtensor.Tensor(2, 3) --------------------------


def _legacy_tensor_new(cls, *args, device=None):
    t = creation.legacy_new(get_default_dtype(), args, device)
    if cls is not Tensor and type(t) is not cls:
        t.__class__ = cls
    return t


class _LegacyTensorType(type):
    """``numtensor.FloatTensor`` and friends: constructors and isinstance checks by dtype."""

    def __call__(cls, *args, device=None):
        return creation.legacy_new(cls.dtype, args, device)

    def __instancecheck__(cls, obj) -> bool:
        return isinstance(obj, Tensor) and obj.dtype is cls.dtype and obj.device.type == "cpu"


def _legacy_type(name: str, dt):
    return _LegacyTensorType(name, (), {"dtype": dt, "__module__": "numtensor"})


LEGACY_TYPES = {dt: _legacy_type(conversion.LEGACY_NAMES[dt._name], dt) for dt in ALL_DTYPES}

# ---- Python protocol ------------------------------------------------------------------------


def _repr(self) -> str:
    return _printing.tensor_repr(self)


def _format(self, spec: str) -> str:
    if self.ndim == 0:
        return self.item().__format__(spec)
    return format(repr(self), spec)


def _iter(self):
    if self.ndim == 0:
        raise TypeError("iteration over a 0-d tensor")
    return iter(differentiable.unbind(self, 0))


def _reduce(self):
    return (
        _rebuild,
        (conversion.numpy(self.detach(), force=True).copy(), str(self.device), self.requires_grad),
    )


def _rebuild(array, device, requires_grad):
    return creation.finish(array, device, requires_grad)


def _backward(self, gradient=None, retain_graph=None, create_graph=False, inputs=None):
    """Accumulate the gradient of this tensor into the leaves' ``.grad``."""
    engine.backward(self, gradient, retain_graph, create_graph, inputs)


def _retain_grad(self) -> None:
    """Keep ``.grad`` for this non-leaf tensor too."""
    if not self._requires_grad:
        raise RuntimeError("can't retain_grad on Tensor that has requires_grad=False")
    if self.grad_fn is not None:
        self._retains_grad = True


class _HookHandle:
    def __init__(self, hooks: list, hook) -> None:
        self._hooks, self._hook = hooks, hook

    def remove(self) -> None:
        if self._hook in self._hooks:
            self._hooks.remove(self._hook)


def _register_hook(self, hook):
    """Call ``hook(grad)`` when this tensor's gradient is computed; it may return a new one."""
    if not self._requires_grad:
        raise RuntimeError("cannot register a hook on a tensor that doesn't require gradient")
    hooks = self.__dict__.setdefault("_hooks", [])
    hooks.append(hook)
    return _HookHandle(hooks, hook)


def _random_fill(fn):
    def method(self, *args, **kwargs):
        differentiable.check_leaf_inplace(self)
        return fn(self, *args, **kwargs)

    method.__name__ = fn.__name__
    return method


_METHODS = {
    # construction and Python protocol
    "__new__": staticmethod(_legacy_tensor_new),
    "__repr__": _repr,
    "__str__": _repr,
    "__format__": _format,
    "__iter__": _iter,
    "__reduce__": _reduce,
    "__getitem__": differentiable.getitem,
    "__setitem__": differentiable.setitem,
    "__float__": conversion.__float__,
    "__int__": conversion.__int__,
    "__bool__": conversion.__bool__,
    "__index__": conversion.__index__,
    "__array__": conversion.__array__,
    # autograd
    "backward": _backward,
    "retain_grad": _retain_grad,
    "register_hook": _register_hook,
    # conversion
    "to": differentiable.to,
    "type": differentiable.type_,
    "cpu": conversion.cpu,
    "cuda": conversion.cuda,
    "clone": differentiable.clone,
    "contiguous": differentiable.contiguous,
    "copy_": differentiable.copy_,
    "numpy": conversion.numpy,
    "item": conversion.item,
    "tolist": conversion.tolist,
    "detach": conversion.detach,
    "detach_": conversion.detach_,
    # new_* factories
    "new_tensor": creation.new_tensor,
    "new_zeros": creation.new_zeros,
    "new_ones": creation.new_ones,
    "new_empty": creation.new_empty,
    "new_full": creation.new_full,
    # fills
    "fill_": differentiable.fill_,
    "zero_": differentiable.zero_,
    "uniform_": _random_fill(fill.uniform_),
    "normal_": _random_fill(fill.normal_),
    # views and shapes
    "view": differentiable.view,
    "view_as": differentiable.view_as,
    "reshape": differentiable.reshape,
    "reshape_as": differentiable.reshape_as,
    "flatten": differentiable.flatten,
    "unflatten": differentiable.unflatten,
    "squeeze": differentiable.squeeze,
    "unsqueeze": differentiable.unsqueeze,
    "permute": differentiable.permute,
    "transpose": differentiable.transpose,
    "swapaxes": differentiable.transpose,
    "swapdims": differentiable.transpose,
    "t": differentiable.t,
    "T": property(differentiable.T),
    "mT": property(differentiable.mT),
    "movedim": differentiable.movedim,
    "moveaxis": differentiable.movedim,
    "expand": differentiable.expand,
    "expand_as": differentiable.expand_as,
    "broadcast_to": differentiable.broadcast_to,
    "narrow": differentiable.narrow,
    "select": differentiable.select,
    "unbind": differentiable.unbind,
    "diagonal": differentiable.diagonal,
    "split": differentiable.split,
    "chunk": differentiable.chunk,
    "tensor_split": differentiable.tensor_split,
    # indexing
    "index_select": differentiable.index_select,
    "gather": differentiable.gather,
    "scatter": differentiable.scatter,
    "scatter_": differentiable.scatter_,
    "scatter_add": differentiable.scatter_add,
    "scatter_add_": differentiable.scatter_add_,
    "masked_fill": differentiable.masked_fill,
    "masked_fill_": differentiable.masked_fill_,
    "masked_select": differentiable.masked_select,
    "take": differentiable.take,
    "nonzero": index.nonzero,
    "argwhere": index.argwhere,
}
_CAST_NAMES = {
    "float16": "half",
    "float32": "float",
    "float64": "double",
    "int64": "long",
    "int32": "int",
    "int16": "short",
    "int8": "char",
    "uint8": "byte",
    "bool": "bool",
}
for _dt in ALL_DTYPES:
    _METHODS[_CAST_NAMES[_dt._name]] = differentiable.cast_method(_dt)

_METHODS.update(pointwise.methods())
_METHODS.update(reductions_api.methods())
_METHODS.update(linalg.methods())

for _name, _fn in _METHODS.items():
    setattr(Tensor, _name, _fn)

Tensor.__module__ = "numtensor"
