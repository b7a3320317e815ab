"""Indexing ``t[...]`` and ``t[...] = v``, and the index validation every indexing op uses
(``bounds``, ``check_bounds``, ``check_index_bounds``).

Every index is validated here, before the backend touches memory, so that an out-of-range
index is PyTorch's IndexError/RuntimeError and never a wrong read. An index tensor stays on
its device: its bounds come from a min and a max reduced there, two numbers read back (NumPy
reads CPU index tensors and Python lists in place). The storage work is the backend's
(``numtensor/backend/*/index.py``), which gets index storages, host or device.

Ints meeting an advanced index are applied first, as in PyTorch (``x[0, :, idx]`` has the
sliced dim first, unlike NumPy): they become one-element slices and their dims are dropped
from the result (``Indexing.squeeze``).

Dim-wise gather/scatter/select and take are in ``gather_scatter.py``, masks and nonzero in
``masking.py``; their autograd, and that of ``t[...]``, is in ``differentiable_indexing.py``.
"""

from __future__ import annotations

import numpy as np

from .. import backend
from .._dtype import bool_, checked
from .._tensor_base import Tensor
from ..backend import HostArray, HostScalar, trace
from ._common import check_same_device, host, ops_of, wrap
from .conversion import bump_version
from .shape import broadcast_shapes

_BAD_INDEX = (
    "only integers, slices (`:`), ellipsis (`...`), None and long or byte Variables "
    "are valid indices (got {})"
)


def bounds(values, dev) -> tuple[int, int]:
    """(min, max) of a non-empty integer index storage: NumPy reads a host array in place; a
    device array is reduced on its device and only the two numbers come back."""
    if isinstance(values, HostArray):
        return int(values.min()), int(values.max())
    ops = backend.of(dev)
    t = Tensor._make(values, dev)
    both = ops.cat([t.amin().reshape(1)._data, t.amax().reshape(1)._data], 0, values.dtype)
    lo, hi = (int(v) for v in ops.to_host(both))
    return lo, hi


def check_bounds(values, dev, low: int, high: int, fail) -> None:
    """Raise ``fail(bad)`` when an index of storage ``values`` lies outside [low, high).
    A compiled function repeats the check on every call (``backend.trace.validate``)."""
    if values.size:
        trace.validate(_out_of_bounds, values, dev, low, high, fail)


def _out_of_bounds(values, dev, low: int, high: int, fail) -> None:
    lo, hi = bounds(values, dev)
    if hi >= high or lo < low:
        raise fail(hi if hi >= high else lo)


def check_index_bounds(index: Tensor, low: int, high: int, fail) -> None:
    """``check_bounds`` for an integer tensor (nn's losses check their targets with it)."""
    check_bounds(index._data, index.device, low, high, fail)


def _check_range(values, size: int, dim: int, error=IndexError, dev=None) -> None:
    """Indices must lie in [-size, size): indexing raises IndexError, gather/scatter
    RuntimeError, as PyTorch does."""
    check_bounds(
        values,
        dev,
        -size,
        size,
        lambda bad: error(f"index {bad} is out of bounds for dimension {dim} with size {size}"),
    )


def _as_index_array(item, t: Tensor):
    """An index storage from a tensor, list or ndarray (bool for masks, int64 otherwise): an
    index tensor on the indexed tensor's device gives its own storage (converted by the
    backend, so a compiled function follows a new index tensor), anything else a host
    array."""
    on_device = isinstance(item, Tensor) and item.ndim and item.device.type != "cpu"
    if on_device or (isinstance(item, Tensor) and item.ndim and t.device.type == "cpu"):
        if on_device:
            if t.device.type == "cpu":
                raise RuntimeError(
                    "indices should be either on cpu or on the same device as the indexed "
                    f"tensor ({t.device})"
                )
            check_same_device((t, item), "index")
        ops = ops_of(item)
        if item.dtype is bool_ or item.dtype._name == "uint8":
            return item._data if item.dtype is bool_ else ops.astype(item._data, np.bool_)
        if item.dtype.is_floating_point:
            raise IndexError("tensors used as indices must be long, int, byte or bool tensors")
        return item._data if item.dtype._name == "int64" else ops.astype(item._data, np.int64)
    if isinstance(item, Tensor):
        arr = host(item)
    else:
        arr = np.asarray(item)
        if arr.dtype == object:
            raise IndexError(_BAD_INDEX.format(type(item).__name__))
    if arr.dtype == np.bool_ or (arr.dtype == np.uint8 and isinstance(item, Tensor)):
        return arr.astype(np.bool_, copy=False)
    if arr.dtype.kind in "iu":
        return arr.astype(np.int64, copy=False)
    if arr.size == 0 and not isinstance(item, Tensor):
        return arr.astype(np.int64)
    raise IndexError("tensors used as indices must be long, int, byte or bool tensors")


def _is_array(item) -> bool:
    return hasattr(item, "dtype") and hasattr(item, "shape")


def _dims_used(item) -> int:
    if item is None or isinstance(item, bool):
        return 0
    if _is_array(item) and item.dtype == np.bool_:
        return max(item.ndim, 1) if item.ndim else 0
    return 1


class Indexing(tuple):
    """A validated index: ``(items, advanced, squeeze)``: the backend's index tuple, whether
    it is advanced (copies) and the dims of the backend's result that PyTorch drops (the
    one-element slices that stand for ints next to arrays)."""

    def result_shape(self, shape) -> tuple:
        """PyTorch's shape of the result, from the backend's ``shape``."""
        drop = set(self[2])
        return tuple(n for k, n in enumerate(shape) if k not in drop)

    def backend_shape(self, shape) -> tuple:
        """The backend's shape of the result, from PyTorch's ``shape`` (the inverse)."""
        out = list(shape)
        for k in sorted(self[2]):
            out.insert(k, 1)
        return tuple(out)


def _later_ellipses_skip(items: list, ndim: int, skipped: int) -> list:
    """PyTorch reads every ``...`` as skipping the dims the other items leave over (so a later
    one skips as many dims again): each becomes that many full slices. Trailing full slices
    past the last dim change nothing and are dropped; an item after them addresses a dim that
    does not exist (IndexError, as in PyTorch)."""
    full = _convert_slice(slice(None))
    out = []
    for item in items:
        out.extend([full] * skipped if item is Ellipsis else [item])
    while out and out[-1] is full and sum(_dims_used(i) for i in out) > ndim:
        out.pop()
    return out


def convert_index(t: Tensor, index) -> Indexing:
    """PyTorch index -> Indexing(items, advanced, squeeze), validated against ``t``'s shape."""
    if not isinstance(index, tuple):
        index = (index,)
    items = []
    for item in index:
        if item is None or item is Ellipsis or isinstance(item, bool):
            items.append(item)
        elif isinstance(item, slice):
            items.append(_convert_slice(item))
        elif isinstance(item, (int, np.integer)):
            items.append(int(item))
        elif isinstance(item, (Tensor, list, HostArray, tuple)):
            arr = _as_index_array(item, t)
            items.append(
                int(arr)
                if arr.ndim == 0 and arr.dtype != np.bool_ and not isinstance(item, Tensor)
                else arr
            )
        else:
            raise IndexError(_BAD_INDEX.format(type(item).__name__))
    used = sum(_dims_used(i) for i in items if i is not Ellipsis)
    shape = t.shape
    if sum(1 for i in items if i is Ellipsis) > 1:
        items = _later_ellipses_skip(items, len(shape), len(shape) - used)
        used = sum(_dims_used(i) for i in items)
    if used > len(shape):
        raise IndexError(f"too many indices for tensor of dimension {len(shape)}")
    # walk the items against the dims they address, checking bounds (an index array's only
    # when the result has elements: PyTorch checks them as it gathers)
    check_arrays = not _selects_nothing(items, shape, used)
    dim = 0
    advanced = False
    ints: list = []  # (position in items, dim) of each int
    seen: list = []
    for k, item in enumerate(items):
        if item is Ellipsis:
            dim += len(shape) - used
        elif item is None or isinstance(item, bool):
            advanced = advanced or isinstance(item, bool)
        elif isinstance(item, int):
            _check_range(np.array([item]), shape[dim], dim)
            ints.append((len(seen), dim))
            dim += 1
        elif isinstance(item, slice):
            dim += 1
        elif item.dtype == np.bool_:
            advanced = True
            k = item.ndim
            for j in range(k):
                if item.shape[j] != shape[dim + j]:
                    raise IndexError(
                        f"The shape of the mask {list(item.shape)} at index {j} does not match "
                        f"the shape of the indexed tensor {list(shape)} at index {dim + j}"
                    )
            dim += k
        else:
            advanced = True
            if check_arrays:
                _check_range(item, shape[dim], dim, IndexError, t.device)
            elif isinstance(item, HostArray) and shape[dim]:
                items[k] = np.zeros_like(item)  # (unchecked, unused: any index in range will do)
            dim += 1
        seen.append(item)
    squeeze = ()
    if advanced and ints and any(_is_array(i) for i in items):
        items, squeeze = _ints_first(items, ints, shape)
    if not any(i is Ellipsis for i in items):
        items.append(Ellipsis)  # keeps NumPy from returning a scalar instead of a 0-d view
    return Indexing((tuple(items), advanced, squeeze))


def _selects_nothing(items: list, shape, used: int) -> bool:
    """Whether indexing with ``items`` gives an empty result (a zero-size dim kept, an
    empty slice or index array)."""
    dim = 0
    for item in items:
        if item is Ellipsis:
            spanned = len(shape) - used
            if 0 in shape[dim : dim + spanned]:
                return True
            dim += spanned
        elif item is None or isinstance(item, bool):
            continue
        elif isinstance(item, int):
            dim += 1
        elif isinstance(item, slice):
            if dim < len(shape) and not len(range(*item.indices(shape[dim]))):
                return True
            dim += 1
        else:
            if item.size == 0:
                return True
            dim += _dims_used(item)
    return 0 in shape[dim:]


def _ints_first(items: list, ints: list, shape) -> tuple[list, tuple]:
    """Ints as one-element slices, and the dims of the NumPy result they keep (to drop):
    PyTorch applies ints before an advanced index, so they never join its broadcast."""
    items = list(items)
    # an int between two index arrays vanishes with its dim, as in PyTorch, and the arrays it
    # separated become adjacent: a 0-d index array does exactly that in NumPy's rules
    arrays = [k for k, item in enumerate(items) if _is_array(item)]
    inside = [(p, d) for p, d in ints if arrays[0] < p < arrays[-1]]
    for position, dim in inside:
        items[position] = np.asarray(items[position] % shape[dim], dtype=np.int64)
    ints = [pair for pair in ints if pair not in inside]
    for position, dim in ints:
        i = items[position] % shape[dim]
        items[position] = slice(i, i + 1)
    # NumPy's result: the broadcast index dims where the first array is when the arrays are
    # adjacent (else first), every other item (slice, None, the dims an Ellipsis spans) in order
    arrays = [k for k, item in enumerate(items) if _is_array(item)]
    adjacent = arrays == list(range(arrays[0], arrays[-1] + 1))
    before = arrays[0] if adjacent else 0
    spans = [_result_dims(item, items, shape) for item in items]
    broadcast = max(spans[k] for k in arrays)  # the arrays broadcast to one block of dims
    result, out = {}, 0
    for k in range(len(items)):
        if k == before:
            out += broadcast
        if k not in arrays:
            result[k] = out
            out += spans[k]
    return items, tuple(result[position] for position, _ in ints)


def _result_dims(item, items, shape) -> int:
    """How many dims of the result ``item`` makes outside the broadcast index block."""
    if item is Ellipsis:
        return len(shape) - sum(_dims_used(i) for i in items if i is not Ellipsis)
    if _is_array(item):
        return item.ndim if item.dtype != np.bool_ else 1
    return 0 if isinstance(item, bool) else 1


def _convert_slice(s: slice) -> slice:
    parts = []
    for v in (s.start, s.stop, s.step):
        if isinstance(v, Tensor):
            v = v.item()
        if v is not None and (isinstance(v, bool) or not isinstance(v, (int, np.integer))):
            raise TypeError("slice indices must be integers or None or have an __index__ method")
        parts.append(None if v is None else int(v))
    if parts[2] is not None and parts[2] <= 0:
        raise ValueError("step must be greater than zero")
    return slice(*parts)


def getitem(self: Tensor, index) -> Tensor:
    """``t[index]``: a view for ints/slices/None/..., a copy for tensor, list or mask indices."""
    ix = convert_index(self, index)
    np_index, advanced, squeeze = ix
    ops = ops_of(self)
    if advanced:
        out = ops.advanced_index(self._data, np_index)
        if squeeze:
            out = ops.reshape_view(out, ix.result_shape(out.shape))
        return wrap(out, self)
    data = ops.basic_index(self._data, np_index)
    if any(i is None for i in np_index):
        data = _new_dims_strided(self, np_index, data, ops)
    return self._view(data)


def _new_dims_strided(self: Tensor, items, data, ops):
    """A dim that ``None`` adds gets PyTorch's stride (unsqueeze's: the size times the stride
    of the dim it stands before, or 1 at the end), not NumPy's 0."""
    strides = list(ops.strides_of(data))
    shape, own = self.shape, self.stride()
    used = sum(_dims_used(i) for i in items if i is not Ellipsis)
    r = k = 0  # the result's dim, the indexed tensor's dim
    for item in items:
        if item is None:
            strides[r] = shape[k] * own[k] if k < len(shape) else 1
            r += 1
        elif item is Ellipsis:
            r += len(shape) - used
            k += len(shape) - used
        elif isinstance(item, slice):
            r, k = r + 1, k + 1
        elif isinstance(item, int):
            k += 1
    return ops.view(data, tuple(data.shape), tuple(strides))


def _value_array(self: Tensor, value):
    """The assigned value as a storage on self's device (numbers: a 0-d host array, which
    every backend accepts)."""
    if isinstance(value, Tensor):
        if value.device != self.device and not (value.ndim == 0 and value.device.type == "cpu"):
            raise RuntimeError(f"expected device {self.device} but got device {value.device}")
        return value._data if value.device == self.device else host(value)
    if isinstance(value, (bool, int, float, complex, HostScalar)):
        if type(value) is int and not -(1 << 63) <= value < 1 << 63:
            raise ValueError("Overflow when unpacking long long")
        return np.asarray(checked(value, self.dtype, half=False))
    if isinstance(value, HostArray):
        return ops_of(self).from_host(value)
    from .conversion import legacy_type_name

    raise TypeError(f"can't assign a {type(value).__name__} to a {legacy_type_name(self)}")


def setitem(self: Tensor, index, value) -> None:
    """``t[index] = value``: value is a scalar or anything broadcastable to the indexed shape."""
    values = _value_array(self, value)  # (a number that does not fit is reported first)
    ix = convert_index(self, index)
    np_index, advanced, squeeze = ix
    ops = ops_of(self)
    raw = (
        ops.advanced_index(self._data, np_index)
        if advanced
        else ops.basic_index(self._data, np_index)
    ).shape
    target = ix.result_shape(raw)
    vshape = values.shape
    while len(vshape) > len(target) and vshape[0] == 1:
        vshape = vshape[1:]
    try:
        if broadcast_shapes(target, vshape) != tuple(target):
            raise RuntimeError
    except RuntimeError:
        raise RuntimeError(
            f"shape mismatch: value tensor of shape {list(values.shape)} cannot be broadcast to "
            f"indexing result of shape {list(target)}"
        ) from None
    if vshape != values.shape:
        values = ops.reshape_view(ops.contiguous(values), vshape) if values.ndim else values
    if squeeze and values.ndim:  # PyTorch's shape -> the backend's (with the ints' dims)
        spread = Tensor._make(values, self.device).expand(target).contiguous()
        values = ops.reshape_view(spread._data, tuple(raw))
    ops.index_put_(self._data, np_index, values)
    bump_version(self)
