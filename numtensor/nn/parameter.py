"""``nn.Parameter``: a tensor that a Module registers as one of its parameters."""

from __future__ import annotations

from .._tensor import _repr
from .._tensor_base import Tensor


class Parameter(Tensor):
    """A leaf tensor that requires grad by default and is registered by Modules."""

    def __new__(cls, data: Tensor | None = None, requires_grad: bool = True):
        if data is None:
            from ..ops.creation import empty

            data = empty(0)
        p = cls._make(data._data, data.device, dtype=data.dtype)
        p._version_counter = data._version_counter
        if requires_grad:
            p.requires_grad_(True)
        return p

    def __repr__(self) -> str:
        return "Parameter containing:\n" + _repr(self)

    __str__ = __repr__

    def __reduce__(self):
        return (Parameter, (self.detach().clone(), self.requires_grad))

    def __deepcopy__(self, memo):
        return Parameter(self.detach().clone(), self.requires_grad)


class Buffer:
    """``nn.Buffer(tensor, persistent=True)``: a tensor that a Module assigned it registers as
    a buffer (the tensor itself is returned, marked)."""

    def __new__(cls, data: Tensor | None = None, *, persistent: bool = True):
        if data is None:
            from ..ops.creation import empty

            data = empty(0)
        t = data.detach()
        t.__dict__["_is_buffer"] = True
        t.__dict__["_buffer_persistent"] = persistent
        return t
