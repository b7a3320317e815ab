"""Ternary elementwise ops: where, lerp and clamp (whose bounds may be numbers or tensors).

Declared as the binary ops are (binary.py), with PyTorch's promotion and conversion of
Python numbers and a VJP each.
"""

from __future__ import annotations

import warnings

import numpy as np

from .._dtype import (
    HALVES,
    bool_,
    checked,
    float32,
    float64,
    result_type,
    type_name,
    uint8,
    wrapped,
)
from .._tensor_base import Tensor
from ..autograd.function import Function
from ..autograd.grad_mode import is_grad_enabled
from ._common import check_same_device, no_complex
from ._launch import launch
from .binary import _c_type, check_operand


class Where(Function):
    """where(condition, a, b): a where condition is True, else b."""

    node_name = "WhereBackward0"

    def forward(self, condition, a, b, *, out=None):
        if isinstance(condition, Tensor) and condition.dtype is uint8:
            warnings.warn(
                "where received a uint8 condition tensor. This behavior is deprecated and will "
                "be removed in a future version of PyTorch. Use a boolean condition instead.",
                stacklevel=3,
            )
            condition = condition != 0
        if not isinstance(condition, Tensor) or condition.dtype is not bool_:
            raise RuntimeError(
                "where expected condition to be a boolean tensor, but got a "
                f"tensor with dtype {getattr(condition, 'dtype', None)}"
            )
        check_operand(a, "where", "input")
        check_operand(b, "where")
        check_same_device((condition, a, b), "where", allow_cpu_scalars=True)
        self.save_for_backward(condition)
        d = result_type(a, b)
        a, b = (v if isinstance(v, Tensor) else checked(v, d, half=False) for v in (a, b))
        return launch("where", (condition, a, b), d, (bool_, d, d), out=out)

    def vjp(self, g):
        # (masked, not multiplied: an inf or NaN gradient on the side not taken gives 0)
        (cond,) = self.saved
        return None, g.masked_fill(cond.logical_not(), 0), g.masked_fill(cond, 0)


class Lerp(Function):
    """start + weight * (end - start), computed as PyTorch does for weights above 0.5."""

    node_name = "LerpBackward0"

    def forward(self, start, end, weight, *, out=None, inplace=False):
        for x, name in ((start, "input"), (end, "end"), (weight, "weight")):
            check_operand(x, "lerp", name)
        if not isinstance(end, Tensor):
            raise TypeError(
                f"lerp(): argument 'end' (position 1) must be Tensor, not {type(end).__name__}"
            )
        if isinstance(start, Tensor) and end.dtype is not start.dtype:
            raise RuntimeError(
                f"expected dtype {_c_type(start.dtype)} for `end` but got dtype "
                f"{_c_type(end.dtype)}"
            )
        d = result_type(start, end)
        if not d.is_floating_point:
            raise NotImplementedError(
                f"\"lerp_kernel_scalar\" not implemented for '{type_name(d)}'"
            )
        if isinstance(weight, Tensor) and weight.dtype is not d:
            raise RuntimeError(f"expected dtype {d} for `weight` but got dtype {weight.dtype}")
        if isinstance(weight, Tensor):
            self.node_name = "LerpBackward1"
        else:
            weight = checked(weight, d, half=False)
        self.save_for_backward(start, end, weight)
        # (a number weight of float16 operands is not rounded to half: computed in float)
        return launch(
            "lerp",
            (start, end, weight),
            d,
            float32 if d in HALVES else None,
            out=out,
            inplace=start if inplace else None,
        )

    def vjp(self, g):
        start, end, weight = self.saved
        gw = g * (end - start) if isinstance(weight, Tensor) else None
        return g * (1 - weight), g * weight, gw


_BOUNDS = (int, float, type(None))


class Clamp(Function):
    """min(max(x, min), max); scalar or tensor bounds; NaN stays NaN."""

    node_name = "ClampBackward1"

    def forward(self, x, min=None, max=None, *, out=None, inplace=False):
        no_complex(x, "clamp is not supported for complex types", NotImplementedError)
        if (
            out is None
            and not inplace
            and isinstance(x, Tensor)
            and (x._dtype is float32 or x._dtype is float64)
            and type(min) in _BOUNDS
            and type(max) in _BOUNDS
            and (min is not None or max is not None)
        ):
            # numbers as bounds of a float tensor: one kernel, no promotion to work out
            kind, d = x._data.dtype.type, x._dtype
            if min is None:
                op, params = "clamp_max", (kind(checked(max, d)),)
            elif max is None:
                op, params = "clamp_min", (kind(checked(min, d)),)
            else:
                op, params = "clamp", (kind(checked(min, d)), kind(checked(max, d)))
            # (float32/float64 only here: float16 takes the general path below)
            self.save_for_backward(x, min, max)
            return launch(op, (x,), x._dtype, params=params)
        if min is None and max is None:
            raise RuntimeError("torch.clamp: At least one of 'min' or 'max' must not be None")
        check_operand(x, "clamp", "input")
        bounds = [v for v in (min, max) if v is not None]
        for v in bounds:
            check_operand(v, "clamp", "min")
        d = result_type(x, *bounds)
        tensors = any(isinstance(v, Tensor) for v in bounds)
        if d is bool_ and not tensors:  # (tensor bounds go through maximum/minimum: bool too)
            raise NotImplementedError("\"clamp_cpu\" not implemented for 'Bool'")
        self.save_for_backward(x, min, max)
        target = x if inplace else None
        if tensors:
            self.node_name = "ClampBackward0"
            self._tensor_args = 3  # clamp.Tensor: min and max are edges, absent ones too
            lo = min if min is not None else max
            hi = max if max is not None else min
            if min is None:
                return launch("minimum", (x, hi), d, out=out, inplace=target)
            if max is None:
                return launch("maximum", (x, lo), d, out=out, inplace=target)
            return launch("clamp_both", (x, lo, hi), d, out=out, inplace=target)
        # the bounds in the result's dtype, as PyTorch converts them (checked; a negative
        # int bound of an unsigned tensor wraps), then in the dtype the kernel reads
        cd = np.dtype(d.np) if d.itemsize > 2 else np.dtype(np.float32)
        # (a NaN bound with the other one given makes every value NaN: PyTorch fills the
        # result then and checks neither bound)
        nan = min is not None and max is not None and (min != min or max != max)
        lo, hi = (
            None if v is None else cd.type(v if nan else wrapped(checked(v, d), d))
            for v in (min, max)
        )
        if min is None:
            return launch("clamp_max", (x,), d, params=(hi,), out=out, inplace=target)
        if max is None:
            return launch("clamp_min", (x,), d, params=(lo,), out=out, inplace=target)
        return launch("clamp", (x,), d, params=(lo, hi), out=out, inplace=target)

    def vjp(self, g):
        # x passes where it lies within the bounds; a tensor bound gets the rest of the
        # gradient where it was the answer (the upper bound wins when the bounds cross)
        x, lo, hi = self.saved
        tensors = isinstance(lo, Tensor) or isinstance(hi, Tensor)
        if not tensors and g.dtype is x.dtype and not is_grad_enabled():  # one fused kernel
            bounds = (-np.inf if lo is None else lo, np.inf if hi is None else hi)
            cd = np.float64 if x.dtype.itemsize == 8 else np.float32
            return (
                launch("clamp_backward", (g, x), g.dtype, params=tuple(cd(v) for v in bounds)),
                None,
                None,
            )
        keep = x == x
        below = above = None
        if lo is not None:
            below = x < lo
            keep = keep & ~below
        if hi is not None:
            above = x > hi
            keep = keep & ~above
        # (masked, not multiplied: an inf or NaN gradient where x is cut off gives 0)
        g_lo = g_hi = None
        if isinstance(lo, Tensor):
            g_lo = g.masked_fill(~(below & ~above if above is not None else below), 0)
        if isinstance(hi, Tensor):
            g_hi = g.masked_fill(~above, 0)
        return g.masked_fill(~keep, 0), g_lo, g_hi
