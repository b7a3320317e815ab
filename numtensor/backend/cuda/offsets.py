"""Element offsets of an advanced index on CUDA: where each element of ``a[index]`` lives.

An index item is an int, a slice, None, Ellipsis, or an integer/bool array: a host NumPy
array (a CPU index tensor, a list) or a device array (a CUDA index tensor). Indices arrive
validated (in range, possibly negative).

* Host arrays only: NumPy applies the index, on the host, to index-only address arrays (one
  broadcast ``arange(n) * stride`` per dimension, never the data): ``host_offsets``.
* Some device array: the offsets are computed on the device (``device_offsets``), so index
  tensors never cross PCIe: every integer array is wrapped (``remainder`` by its dim's size)
  and scaled by its stride, every other dim contributes ``arange(n) * stride``, and the
  terms are added into an int64 array of the result's shape, broadcast where NumPy's rules
  place them (the broadcast index dims where the first array was when the arrays are
  adjacent, else first), slices and None adding their own small ``arange`` terms. A bool
  mask becomes its nonzero coordinates (a device scan, one count read back). An int is a
  0-d array there, as in NumPy (numtensor's ops turn ints next to arrays into one-element
  slices first, since PyTorch applies them before the advanced index).
"""

from __future__ import annotations

import numpy as np

from .elementwise import elementwise
from .layout import c_strides, view
from .runtime import is_device_array
from .storage import astype, empty, fill_, from_host


def is_array(item) -> bool:
    """An index array (host or device) rather than an int, slice, None or Ellipsis."""
    return isinstance(item, np.ndarray) or is_device_array(item)


def host_offsets(shape, strides, index) -> np.ndarray:
    """The element offsets of ``a[index]`` for an array ``a`` of ``shape`` and element
    ``strides`` (a new int64 host array of the result's shape; NumPy indexing semantics)."""
    shape = tuple(int(s) for s in shape)
    total = None
    for k, (n, s) in enumerate(zip(shape, strides)):
        if n <= 1 or s == 0:
            continue
        axis = (np.arange(n, dtype=np.int64) * int(s)).reshape(
            (1,) * k + (n,) + (1,) * (len(shape) - k - 1)
        )
        term = np.broadcast_to(axis, shape)[index]
        if total is None:
            total = np.array(term, dtype=np.int64)
        else:
            total += term
    if total is None:
        total = np.array(np.broadcast_to(np.zeros((), np.int64), shape)[index], dtype=np.int64)
    return total


def on_device(index: tuple) -> bool:
    """Whether ``index`` holds a device array (its offsets are then made on the device)."""
    return any(is_device_array(item) for item in index)


def _terms(shape, strides, index: tuple) -> list:
    """One term per result-producing index item, Ellipsis expanded and trailing dims added:
    ``("array", integer array, size, stride)`` for each dim an array or int addresses (a bool
    mask: one per dim, from its coordinates) and ``("axis", host int64 offsets)`` for a slice, a
    dim left whole, or None (offset 0)."""
    from .indexing import nonzero

    ndim = len(shape)
    used = sum(item.ndim if item.dtype == np.bool_ else 1 for item in index if is_array(item))
    used += sum(1 for item in index if isinstance(item, (slice, int, np.integer)))
    terms: list = []
    d = 0

    def whole(d: int) -> tuple:
        return ("axis", np.arange(shape[d], dtype=np.int64) * int(strides[d]))

    for item in index:
        if item is Ellipsis:
            for _ in range(ndim - used):
                terms.append(whole(d))
                d += 1
        elif item is None:
            terms.append(("axis", np.zeros(1, np.int64)))
        elif isinstance(item, slice):
            picked = np.arange(*item.indices(shape[d]), dtype=np.int64)
            terms.append(("axis", picked * int(strides[d])))
            d += 1
        elif isinstance(item, (int, np.integer)):  # NumPy: an int joins the advanced index
            terms.append(("array", np.asarray(item, np.int64), shape[d], strides[d]))
            d += 1
        elif item.dtype == np.bool_:
            coords = nonzero(item if is_device_array(item) else from_host(item))
            n = coords.shape[0]
            for k in range(item.ndim):
                column = view(coords, (n,), (item.ndim,), k)
                terms.append(("array", column, shape[d], strides[d]))
                d += 1
        else:
            terms.append(("array", item, shape[d], strides[d]))
            d += 1
    while d < ndim:
        terms.append(whole(d))
        d += 1
    return terms


def _add_into(out, term, position: int) -> None:
    """``out += term`` with ``term``'s dims placed at ``position`` of out's dims."""
    shape = (1,) * position + tuple(term.shape)
    shape += (1,) * (out.ndim - len(shape))
    elementwise("add", out, [out, view(term, shape, c_strides(shape))])


def device_offsets(shape, strides, index: tuple):
    """The element offsets of ``a[index]`` (NumPy's rules; ints already made slices) as a
    new device int64 array of the result's shape."""
    terms = _terms(shape, strides, index)
    at = [k for k, term in enumerate(terms) if term[0] == "array"]
    broadcast = tuple(np.broadcast_shapes(*(tuple(terms[k][1].shape) for k in at)))
    adjacent = at == list(range(at[0], at[-1] + 1))
    axes = [k for k, term in enumerate(terms) if term[0] == "axis"]
    # where each term's dims go: the broadcast index dims replace the arrays when adjacent
    first = at[0] if adjacent else 0
    order = axes[:first] + [None] + axes[first:] if adjacent else [None, *axes]
    out_shape = []
    for k in order:
        out_shape.extend(broadcast if k is None else (terms[k][1].size,))
    out = empty(tuple(out_shape), np.int64)
    fill_(out, np.int64(0))
    if out.size == 0:
        return out
    start = order.index(None)
    for k in at:
        _, arr, size, stride = terms[k]
        arr = arr if is_device_array(arr) else from_host(np.ascontiguousarray(arr))
        if arr.dtype != np.int64:
            arr = astype(arr, np.int64)
        term = empty(tuple(arr.shape), np.int64)
        elementwise("int_remainder", term, [arr, np.asarray(size, np.int64)])
        elementwise("mul", term, [term, np.asarray(stride, np.int64)])
        _add_into(out, term, start + len(broadcast) - arr.ndim)
    for position, k in enumerate(order):
        if k is not None:
            axis = from_host(terms[k][1])
            _add_into(out, axis, position if position < start else position - 1 + len(broadcast))
    return out


def offsets_for(shape, strides, index: tuple, span: int):
    """The offsets of ``a[index]`` on the device, of the result's shape: made there when the
    index holds a device array, else on the host and copied (int32 when ``span`` allows)."""
    if on_device(index):
        return device_offsets(shape, strides, index)
    offsets = host_offsets(shape, strides, index)
    dtype = np.int32 if span < 2**31 else np.int64
    return from_host(np.ascontiguousarray(offsets, dtype=dtype))
