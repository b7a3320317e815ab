"""The public Tensor type: the data model of ``_tensor_base`` plus its methods.

Every method here is a thin call into an op declared once in ``numtensor/ops``; this file
is the table that binds them, so ``Tensor.view`` and ``numtensor.view`` are the same code.
"""

from __future__ import annotations

from . import _printing
from ._dtype import ALL_DTYPES, float32, get_default_dtype
from ._tensor_base import Tensor
from .ops import (
    conversion,
    creation,
    fill,
    index,
    linalg,
    pointwise,
    reductions_api,
    shape,
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
    return iter(shape.unbind(self, 0))


def _reduce(self):
    return (
        _rebuild,
        (conversion.numpy(self.detach(), force=True).copy(), str(self.device), self.requires_grad),
    )


def _rebuild(array, device, requires_grad):
    return creation.finish(array, device, requires_grad)


def _size_method(self, dim=None):
    return Tensor.size(self, dim)


_METHODS = {
    # construction and Python protocol
    "__new__": staticmethod(_legacy_tensor_new),
    "__repr__": _repr,
    "__str__": _repr,
    "__format__": _format,
    "__iter__": _iter,
    "__reduce__": _reduce,
    "__getitem__": index.getitem,
    "__setitem__": index.setitem,
    "__float__": conversion.__float__,
    "__int__": conversion.__int__,
    "__bool__": conversion.__bool__,
    "__index__": conversion.__index__,
    "__array__": conversion.__array__,
    # conversion
    "to": conversion.to,
    "type": conversion.type_,
    "cpu": conversion.cpu,
    "cuda": conversion.cuda,
    "clone": conversion.clone,
    "contiguous": conversion.contiguous,
    "copy_": conversion.copy_,
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
    "fill_": fill.fill_,
    "zero_": fill.zero_,
    "uniform_": fill.uniform_,
    "normal_": fill.normal_,
    # views and shapes
    "view": shape.view,
    "view_as": shape.view_as,
    "reshape": shape.reshape,
    "reshape_as": shape.reshape_as,
    "flatten": shape.flatten,
    "unflatten": shape.unflatten,
    "squeeze": shape.squeeze,
    "unsqueeze": shape.unsqueeze,
    "permute": shape.permute,
    "transpose": shape.transpose,
    "swapaxes": shape.transpose,
    "swapdims": shape.transpose,
    "t": shape.t,
    "T": property(shape.T),
    "mT": property(shape.mT),
    "movedim": shape.movedim,
    "moveaxis": shape.movedim,
    "expand": shape.expand,
    "expand_as": shape.expand_as,
    "broadcast_to": shape.broadcast_to,
    "narrow": shape.narrow,
    "select": shape.select,
    "unbind": shape.unbind,
    "diagonal": shape.diagonal,
    "split": shape.split,
    "chunk": shape.chunk,
    "tensor_split": shape.tensor_split,
    # indexing
    "index_select": index.index_select,
    "gather": index.gather,
    "scatter": index.scatter,
    "scatter_": index.scatter_,
    "scatter_add": index.scatter_add,
    "scatter_add_": index.scatter_add_,
    "masked_fill": index.masked_fill,
    "masked_fill_": index.masked_fill_,
    "masked_select": index.masked_select,
    "take": index.take,
    "nonzero": index.nonzero,
    "argwhere": index.argwhere,
}
for _dt, _name in ((float32, "float"), (ALL_DTYPES[-1], "double")):
    _METHODS[_name] = conversion.cast_method(_dt)
for _dt in ALL_DTYPES:
    _alias = {
        "float16": "half",
        "int64": "long",
        "int32": "int",
        "int16": "short",
        "int8": "char",
        "uint8": "byte",
        "bool": "bool",
    }.get(_dt._name)
    if _alias:
        _METHODS[_alias] = conversion.cast_method(_dt)

_METHODS.update(pointwise.methods())
_METHODS.update(reductions_api.methods())
_METHODS.update(linalg.methods())

for _name, _fn in _METHODS.items():
    setattr(Tensor, _name, _fn)

Tensor.__module__ = "numtensor"
