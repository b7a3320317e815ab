"""Sizes that stay symbolic while exporting with ``dynamic_axes``.

``t.shape`` and ``t.size()`` of a tensor in the graph give ``DimInt`` values: ordinary ints
(the model runs as usual) that remember where they came from, a dimension of a tensor or
arithmetic on such dimensions, so ``x.view(x.size(0), -1)`` becomes a Reshape whose target
is computed from the input's shape in the exported graph instead of the traced batch size.
"""

from __future__ import annotations


class DimInt(int):
    origin = None  # (tensor, axis) for a size read from a tensor
    expr = None  # (ONNX op, a, b) for arithmetic on sizes
    dynamic = False  # whether the exported graph must compute it

    @classmethod
    def of(cls, value: int, tensor, axis: int, dynamic: bool) -> DimInt:
        d = cls(value)
        d.origin, d.dynamic = (tensor, axis), dynamic
        return d

    def _combine(self, other, op: str, value: int, swap: bool = False):
        if not isinstance(other, int) or isinstance(other, bool):
            return NotImplemented
        if not (self.dynamic or getattr(other, "dynamic", False)):
            return value
        d = DimInt(value)
        d.expr, d.dynamic = (op, other, self) if swap else (op, self, other), True
        return d

    def __add__(self, other):
        return (
            self._combine(other, "Add", int(self) + int(other))
            if isinstance(other, int)
            else NotImplemented
        )

    def __radd__(self, other):
        return (
            self._combine(other, "Add", int(other) + int(self), swap=True)
            if isinstance(other, int)
            else NotImplemented
        )

    def __sub__(self, other):
        return (
            self._combine(other, "Sub", int(self) - int(other))
            if isinstance(other, int)
            else NotImplemented
        )

    def __rsub__(self, other):
        return (
            self._combine(other, "Sub", int(other) - int(self), swap=True)
            if isinstance(other, int)
            else NotImplemented
        )

    def __mul__(self, other):
        return (
            self._combine(other, "Mul", int(self) * int(other))
            if isinstance(other, int)
            else NotImplemented
        )

    def __rmul__(self, other):
        return (
            self._combine(other, "Mul", int(other) * int(self), swap=True)
            if isinstance(other, int)
            else NotImplemented
        )

    def __floordiv__(self, other):
        return (
            self._combine(other, "Div", int(self) // int(other))
            if isinstance(other, int)
            else NotImplemented
        )
