"""Strided views and scans composed of existing ops: as_strided, Tensor.unfold, sum_to_size,
fill_diagonal_, the bit shifts, ldexp, logcumsumexp, cummax and cummin; plus the small
Tensor attributes PyTorch code reads (get_device, is_inference, retains_grad, new)."""

from __future__ import annotations

from .. import _dtype, return_types
from .._tensor_base import Tensor
from .conversion import to_out
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
    """Fill the main diagonal; a tall matrix with ``wrap`` starts again every cols+1 rows."""
    if self.ndim < 2:
        raise RuntimeError("dimensions must larger than 1")
    if self.ndim > 2 and len(set(self.shape)) != 1:
        raise RuntimeError("all dimensions of input must be of equal length")
    from .creation import tensor

    rows, cols = self.shape[0], self.shape[1]
    if self.ndim == 2 and wrap and rows > cols:
        where = [(r, r % (cols + 1)) for r in range(rows) if r % (cols + 1) < cols]
    else:
        where = [(i,) * self.ndim for i in range(min(self.shape))]
    if where:
        index = tensor(where, device=self.device).t()
        self[tuple(index)] = fill_value
    return self


method("fill_diagonal_", _fill_diagonal_)
method("get_device", lambda self: self.device.index if self.device.type == "cuda" else -1)
method("is_inference", lambda self: self._inference)
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
    """``input << other`` (times 2**other) or ``>>`` (floor division by it) in the promoted
    integer dtype; shifting by the width or more gives 0 (or -1 for a negative ``>>``)."""
    from .creation import full
    from .pointwise import where

    if any(isinstance(x, Tensor) and x.dtype.is_floating_point for x in (input, other)):
        raise NotImplementedError(
            f"\"{'lshift' if left else 'rshift'}_cpu\" not implemented for 'Float'"
        )
    ref = input if isinstance(input, Tensor) else other
    d = _dtype.result_type(input, other)
    a, amount = ((x if isinstance(x, Tensor) else full((), x, dtype=d, device=ref.device))
                 for x in (input, other))  # fmt: skip
    a, amount = a.to(d), amount.to(_dtype.int64)
    bits = 8 * a.element_size()
    power = (2 ** amount.clamp(0, bits - 1)).to(d)
    out = a * power if left else a.div(power, rounding_mode="floor")
    beyond = (amount >= bits) | (amount < 0)
    past = (a < 0).to(d) * -1 if not left else out * 0
    return where(beyond, past, out)


@op("bitwise_left_shift", inplace=lambda self, other: self.copy_(_shift(self, other, True)))
def bitwise_left_shift(input, other, *, out=None):
    result = _shift(input, other, True)
    return to_out(result, out)


@op("bitwise_right_shift", inplace=lambda self, other: self.copy_(_shift(self, other, False)))
def bitwise_right_shift(input, other, *, out=None):
    result = _shift(input, other, False)
    return to_out(result, out)


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
    return to_out(result, out)


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
    return to_out(result, out)


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
        if s.dtype.is_floating_point:  # (a NaN wins, and only a NaN follows it)
            better = s.isnan() | (better & ~best.isnan())
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
