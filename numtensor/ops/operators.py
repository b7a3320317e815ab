"""Tensor's Python operators (``+ - * / % ** & | ^ == != < <= > >= ~ //``, their reflected
and in-place forms, unary ``-``, ``+`` and ``abs()``), bound to the elementwise ops. They
return NotImplemented for operands numtensor doesn't know, so Python can try the other side.
"""

from __future__ import annotations

from .._tensor_base import Tensor
from ..autograd.function import name_node
from . import binary, compare, unary
from .binary import Div, FloorDivide
from .registry import method


def _operator(op_cls, reflected: bool = False):
    """``x (op) other`` (or ``other (op) x``); NotImplemented for operands numtensor doesn't
    know, so Python can try the other side. add, sub, mul and div try the shortcut for tiny
    CPU operands first (``binary.fast_binary``)."""

    apply = op_cls.apply
    kernel = op_cls.kernel if op_cls.fast else None
    if kernel is not None:  # the shortcut is tried here: on failure, straight to the general path
        apply = super(binary.Binary, op_cls).apply
    if reflected:

        def f(self, other):
            if isinstance(other, _OPERANDS) or _is_np_number(other):
                if kernel is not None:
                    out = binary.fast_binary(kernel, other, self, True)
                    if out is not None:
                        return out
                return apply(other, self)
            return NotImplemented

    else:

        def f(self, other):
            if kernel is not None:
                out = binary.fast_binary(kernel, self, other, True)
                if out is not None:
                    return out
            if isinstance(other, _OPERANDS) or _is_np_number(other):
                return apply(self, other)
            return NotImplemented

    return f


_OPERANDS = (Tensor, bool, int, float, complex)


def _number_over(rtruediv):
    """``number / x``, its node named as PyTorch's: PyTorch computes it as
    ``x.reciprocal() * number``, a Mul."""

    def f(self, other):
        out = rtruediv(self, other)
        if out is NotImplemented or isinstance(other, Tensor):
            return out
        return name_node(out, "MulBackward0")

    return f


def _inplace_operator(op_cls):
    def f(self, other):
        return op_cls.apply(self, other, inplace=True)

    return f


for _dunder, _cls in (
    ("add", binary.Add),
    ("sub", binary.Sub),
    ("mul", binary.Mul),
    ("truediv", binary.Div),
    ("mod", binary.Remainder),
    ("pow", binary.Pow),
    ("and", compare.BitwiseAnd),
    ("or", compare.BitwiseOr),
    ("xor", compare.BitwiseXor),
):
    method(f"__{_dunder}__", _operator(_cls))
    _reflected = _operator(_cls, reflected=True)
    method(f"__r{_dunder}__", _number_over(_reflected) if _cls is Div else _reflected)
    method(f"__i{_dunder}__", _inplace_operator(_cls))
for _dunder, _cls in (
    ("eq", compare.Eq),
    ("ne", compare.Ne),
    ("lt", compare.Lt),
    ("le", compare.Le),
    ("gt", compare.Gt),
    ("ge", compare.Ge),
):
    method(f"__{_dunder}__", _operator(_cls))
method("__neg__", lambda self: unary.Neg.apply(self))
method("__pos__", lambda self: self)
method("__abs__", lambda self: unary.Abs.apply(self))


def _invert(self):
    if self.dtype.is_floating_point:
        raise TypeError(
            "~ (operator.invert) is only implemented on integer and Boolean-type tensors"
        )
    return unary.BitwiseNot.apply(self)


method("__invert__", _invert)
method("__floordiv__", lambda self, other: FloorDivide.apply(self, other))
method("__rfloordiv__", lambda self, other: FloorDivide.apply(other, self))
method("__ifloordiv__", lambda self, other: Div.apply(self, other, "floor", inplace=True))


def _is_np_number(x) -> bool:
    import numpy as np

    return isinstance(x, (np.bool_, np.integer, np.floating))
