"""Strided views and scans composed of existing ops: as_strided, Tensor.unfold, sum_to_size,
fill_diagonal_, the bit shifts, ldexp, logcumsumexp, cummax and cummin; plus the small
Tensor attributes PyTorch code reads (get_device, is_inference, retains_grad, new)."""

from __future__ import annotations

from .. import _dtype, return_types
from .._tensor_base import Tensor
from .registry import method, op

cummax_type = return_types._make("cummax", "values", "indices")
cummin_type = return_types._make("cummin", "values", "indices")


@op("as_strided")
def as_strided(input, size, stride, storage_offset=None):
    """A view of ``input``'s storage with the given sizes, element strides and offset."""
    from . import shape
    from .differentiable import view_op

    offset = input.storage_offset() if storage_offset is None else storage_offset
    view = view_op(shape._strided, "AsStridedBackward0", "slice")
    return view(input, tuple(size), tuple(stride), offset - input.storage_offset())


def _unfold(self, dimension: int, size: int, step: int):
    """Every ``size``-long slice of ``dimension`` at steps of ``step``, as a new last dim."""
    d = dimension % max(self.ndim, 1)
    n = self.shape[d] if self.ndim else 1
    if size > n:
        raise RuntimeError(f"maximum size for tensor at dimension {d} is {n} but size is {size}")
    if step <= 0:
        raise RuntimeError(f"step is {step} but must be > 0")
    count = (n - size) // step + 1
    from .joining import stack

    pieces = [self.narrow(d, i * step, size) for i in range(count)]
    return stack(pieces, d).movedim(d + 1, -1) if self.ndim else self.reshape(1)


method("unfold", _unfold)


def _sum_to_size(self, *size):
    size = tuple(size[0]) if len(size) == 1 and isinstance(size[0], (tuple, list)) else size
    from ..autograd.engine import sum_to_shape

    return sum_to_shape(self, size)


method("sum_to_size", _sum_to_size)


def _fill_diagonal_(self, fill_value, wrap: bool = False):
    if self.ndim < 2:
        raise RuntimeError("dimensions must larger than 1")
    if self.ndim > 2 and len(set(self.shape)) != 1:
        raise RuntimeError("all dimensions of input must be of equal length")
    from .creation import arange

    n = min(self.shape)
    flat = self.reshape(-1) if self.is_contiguous() else None
    if self.ndim == 2 and wrap and self.shape[0] > self.shape[1] + 1 and flat is not None:
        step = self.shape[1] + 1
        index = arange(0, self.numel(), step, device=self.device)
        with_gap = index[(index // self.shape[1]) % (self.shape[1] + 1) != self.shape[1]]
        flat.index_fill_(0, with_gap, fill_value)
        return self
    index = arange(n, device=self.device)
    self[(index,) * self.ndim] = fill_value
    return self


method("fill_diagonal_", _fill_diagonal_)
method("get_device", lambda self: self.device.index if self.device.type == "cuda" else -1)
method("is_inference", lambda self: False)
method("retains_grad", property(lambda self: bool(self._retains_grad)))


def _new(self, *args, **kwargs):
    """The legacy ``x.new(...)``: a tensor of this dtype and device from data or sizes."""
    from .creation import empty, tensor

    if len(args) == 1 and not isinstance(args[0], int):
        return tensor(args[0], dtype=self.dtype, device=self.device)
    return empty(*args, dtype=self.dtype, device=self.device)


method("new", _new)


# ---- shifts -------------------------------------------------------------------------------


def _shift(input, other, left: bool):
    from .pointwise import where

    if (isinstance(input, Tensor) and input.dtype.is_floating_point) or (
        isinstance(other, Tensor) and other.dtype.is_floating_point
    ):
        raise NotImplementedError(
            f"\"{'lshift' if left else 'rshift'}_cpu\" not implemented for 'Float'"
        )
    ref = input if isinstance(input, Tensor) else other
    d = _dtype.result_type(input, other)
    a = input.to(d) if isinstance(input, Tensor) else input
    amount = other.to(_dtype.int64) if isinstance(other, Tensor) else other
    bits = 8 * ref.new_zeros((), dtype=d).element_size()
    if isinstance(amount, int):
        from .creation import tensor

        amount = tensor(amount, device=ref.device)
    big = (amount >= bits) | (amount < 0)
    power = (amount.clamp(0, bits - 1) * 0 + 2).to(_dtype.int64) ** amount.clamp(0, bits - 1)
    if left:
        out = a * power.to(d) if isinstance(a, Tensor) else power.to(d) * a
        return where(big, out * 0, out).to(d)
    out = (
        (a if isinstance(a, Tensor) else power * 0 + a)
        .div(power.to(d), rounding_mode="floor")
        .to(d)
    )
    negative = (a < 0) if isinstance(a, Tensor) else (power * 0 + a < 0)
    return where(big, where(negative, out * 0 - 1, out * 0), out).to(d)


@op("bitwise_left_shift", inplace=lambda self, other: self.copy_(_shift(self, other, True)))
def bitwise_left_shift(input, other, *, out=None):
    result = _shift(input, other, True)
    return result if out is None else out.copy_(result)


@op("bitwise_right_shift", inplace=lambda self, other: self.copy_(_shift(self, other, False)))
def bitwise_right_shift(input, other, *, out=None):
    result = _shift(input, other, False)
    return result if out is None else out.copy_(result)


method("__lshift__", lambda self, other: _shift(self, other, True))
method("__rshift__", lambda self, other: _shift(self, other, False))
method("__rlshift__", lambda self, other: _shift(other, self, True))
method("__rrshift__", lambda self, other: _shift(other, self, False))
method("__ilshift__", lambda self, other: self.copy_(_shift(self, other, True)))
method("__irshift__", lambda self, other: self.copy_(_shift(self, other, False)))


@op(
    "ldexp",
    inplace=lambda self, other: self.mul_(
        2.0**other if not isinstance(other, Tensor) else other.double().exp2()
    ),
)
def ldexp(input, other, *, out=None):
    """input * 2 ** other."""
    x = input if input.dtype.is_floating_point else input.to(_dtype.get_default_dtype())
    result = x * other.to(x.dtype).exp2() if isinstance(other, Tensor) else x * (2.0**other)
    return result if out is None else out.copy_(result)


# ---- scans --------------------------------------------------------------------------------


@op("logcumsumexp")
def logcumsumexp(input, dim: int, *, out=None):
    """log(cumsum(exp(input))) along ``dim``, without overflow or underflow."""
    from .joining import stack
    from .special import Logaddexp

    if input.ndim == 0:
        return input.clone()
    d = dim % input.ndim
    steps = input.unbind(d)
    running, outs = steps[0], [steps[0]]
    for s in steps[1:]:
        running = Logaddexp.apply(running, s)
        outs.append(running)
    result = stack(outs, d) if outs else input.clone()
    return result if out is None else out.copy_(result)


def _cumulative_extreme(input, dim: int, kind: str):
    from .creation import full
    from .joining import stack
    from .pointwise import where

    if input.ndim == 0:
        return input.clone(), input.new_zeros((), dtype=_dtype.int64)
    d = dim % input.ndim
    steps = input.unbind(d)
    if not steps:
        return input.clone(), input.new_zeros(input.shape, dtype=_dtype.int64)
    best = steps[0]
    where_at = full(best.shape, 0, dtype=_dtype.int64, device=input.device)
    values, indices = [best], [where_at]
    for i, s in enumerate(steps[1:], 1):
        better = (s >= best) if kind == "max" else (s <= best)
        if s.dtype.is_floating_point:
            better = better | s.isnan() | best.isnan() & s.isnan()
            better = better & ~(best.isnan() & ~s.isnan())
        best = where(better, s, best)
        where_at = where(better, full((), i, dtype=_dtype.int64, device=input.device), where_at)
        values.append(best)
        indices.append(where_at)
    return stack(values, d), stack(indices, d)


@op("cummax")
def cummax(input, dim: int):
    return cummax_type(*_cumulative_extreme(input, dim, "max"))


@op("cummin")
def cummin(input, dim: int):
    return cummin_type(*_cumulative_extreme(input, dim, "min"))
