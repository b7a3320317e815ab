"""More ways to make a tensor: ``fill`` (the function form of fill_), ``scalar_tensor``,
``empty_strided`` / ``Tensor.new_empty_strided``, ``empty_permuted``, ``asarray`` (sharing
memory where it can) and ``frombuffer`` (a tensor over a Python buffer's memory)."""

from __future__ import annotations

import math

import numpy as np

from .. import backend
from .._device import as_device
from .._dtype import check_dtype, from_numpy_dtype, get_default_dtype, type_name
from .._tensor_base import Tensor
from ._common import check_device
from .creation import as_tensor, full, tensor
from .registry import op


def _made(t: Tensor, requires_grad: bool) -> Tensor:
    if requires_grad:
        t.requires_grad_(True)
    return t


@op("fill", method=False)
def fill(input, value) -> Tensor:
    """A new tensor shaped like ``input`` (its dtype and device) filled with ``value`` (a
    number or a 0-dim tensor)."""
    if isinstance(value, Tensor) and value.ndim:
        raise RuntimeError(
            "fill_ only supports 0-dimension value tensor but got tensor with "
            f"{value.ndim} dimensions."
        )
    return input.clone().fill_(value) if input.numel() else input.clone()


@op("scalar_tensor", method=False)
def scalar_tensor(s, *, dtype=None, layout=None, device=None, pin_memory=False,
                  requires_grad: bool = False) -> Tensor:  # fmt: skip
    """A 0-dim tensor holding the number ``s``, of the default float dtype unless ``dtype``."""
    if isinstance(s, Tensor):
        s = s.item()
    d = check_dtype(get_default_dtype() if dtype is None else dtype)
    return _made(full((), s, dtype=d, device=device), requires_grad)


def _strided(size, stride, dtype, device, requires_grad) -> Tensor:
    size, stride = tuple(int(s) for s in size), tuple(int(s) for s in stride)
    if len(size) != len(stride):
        raise RuntimeError(
            f"mismatch in length of strides and shape: got size {list(size)} and stride "
            f"{list(stride)}"
        )
    if any(s < 0 for s in size):
        raise RuntimeError(f"Trying to create tensor with negative dimension: {list(size)}")
    dev = as_device(device)
    check_device(dev)
    d = check_dtype(get_default_dtype() if dtype is None else dtype)
    extent = 0 if 0 in size else 1 + sum((n - 1) * s for n, s in zip(size, stride))
    ops = backend.of(dev)
    data = ops.view(ops.empty((extent,), d.np), size, stride, 0)
    return _made(Tensor._make(data, dev, dtype=d), requires_grad)


@op("empty_strided", method=False)
def empty_strided(size, stride, *, dtype=None, layout=None, device=None,
                  requires_grad: bool = False, pin_memory: bool = False) -> Tensor:  # fmt: skip
    """An uninitialised tensor of the given size and element strides (its storage just
    large enough for them)."""
    return _strided(size, stride, dtype, device, requires_grad)


@op("new_empty_strided", function=False)
def new_empty_strided(self, size, stride, *, dtype=None, layout=None, device=None,
                      requires_grad: bool = False, pin_memory: bool = False) -> Tensor:  # fmt: skip
    """``empty_strided`` with this tensor's dtype and device unless given."""
    return _strided(
        size,
        stride,
        self.dtype if dtype is None else dtype,
        self.device if device is None else device,
        requires_grad,
    )


@op("empty_permuted", method=False)
def empty_permuted(size, physical_layout, *, dtype=None, layout=None, device=None,
                   requires_grad: bool = False, pin_memory: bool = False) -> Tensor:  # fmt: skip
    """An uninitialised tensor of ``size`` whose memory is laid out in the dim order
    ``physical_layout`` (outermost first): ``empty_permuted((2, 3, 4), (2, 0, 1))`` has
    strides (3, 1, 6)."""
    size, order = tuple(size), tuple(physical_layout)
    if len(size) != len(order):
        raise RuntimeError(
            "Number of dimensions in size does not match the length of the physical_layout; "
            f"i.e. len(size) = {len(size)} is not equal to len(physical_layout) = {len(order)}"
        )
    if sorted(order) != list(range(len(size))):
        raise RuntimeError(f"physical_layout {list(order)} is not a permutation of the dims")
    physical = [size[p] for p in order]
    strides_physical = [math.prod(physical[i + 1 :]) for i in range(len(physical))]
    stride = [0] * len(size)
    for position, dim in enumerate(order):
        stride[dim] = strides_physical[position]
    return _strided(size, stride, dtype, device, requires_grad)


_BUFFERS = (bytes, bytearray, memoryview)


@op("asarray", method=False)
def asarray(obj, *, dtype=None, device=None, copy=None, requires_grad: bool = False) -> Tensor:
    """``obj`` (a tensor, NumPy array, buffer, number or nested sequence) as a tensor, sharing
    its memory when no conversion is needed and ``copy`` is not True; ``copy=False`` makes a
    needed copy an error (ValueError)."""
    d = None if dtype is None else check_dtype(dtype)
    dev = None if device is None else as_device(device)
    if isinstance(obj, Tensor):
        if copy is False and d is not None and d is not obj.dtype:
            raise ValueError(
                f"can't alias tensor with dtype '{type_name(obj.dtype)}' into dtype "
                f"'{type_name(d)}'."
            )
        if copy is False and dev is not None and dev != obj.device:
            raise ValueError(f"can't alias tensor from device '{obj.device}' to '{dev}'.")
        result = as_tensor(obj, dtype=d, device=dev)
        result = result.clone() if copy and result is obj else result
        return _made(result, requires_grad)
    if isinstance(obj, (np.ndarray, np.generic)):
        same = d is None or d.np == obj.dtype
        if copy is False and not same:
            source = type_name(from_numpy_dtype(obj.dtype))
            raise ValueError(
                f"can't alias tensor with dtype '{source}' into dtype '{type_name(d)}'."
            )
        if isinstance(obj, np.ndarray) and not copy:
            return _made(as_tensor(obj, dtype=d, device=dev), requires_grad)
        return _made(tensor(obj, dtype=d, device=dev), requires_grad)
    if isinstance(obj, _BUFFERS) or _has_buffer(obj):
        result = frombuffer(obj, dtype=d or get_default_dtype())
        result = result.clone() if copy else result
        return _made(result.to(dev) if dev is not None else result, requires_grad)
    if copy is False:
        raise ValueError("can't alias arbitrary sequence into a tensor.")
    return _made(tensor(obj, dtype=d, device=dev), requires_grad)


def _has_buffer(obj) -> bool:
    if isinstance(obj, (list, tuple, int, float, bool, complex, str)):
        return False
    try:
        memoryview(obj)
    except TypeError:
        return False
    return True


@op("frombuffer", method=False)
def frombuffer(buffer, *, dtype, count: int = -1, offset: int = 0,
               requires_grad: bool = False) -> Tensor:  # fmt: skip
    """A 1-D CPU tensor over the memory of an object exposing the buffer protocol (bytearray,
    array.array, memoryview, ...): ``count`` elements of ``dtype`` (-1: all) from byte
    ``offset``. Writes through either are seen by both."""
    from ..backend.cpu import storage

    d = check_dtype(dtype)
    view = memoryview(buffer)
    length, item = view.nbytes, d.itemsize
    if (length == 0 and count == -1) or count == 0:
        raise ValueError(f"both buffer length ({length}) and count ({count}) must not be 0")
    if not 0 <= offset < length:
        raise ValueError(
            f"offset ({offset} bytes) must be non-negative and no greater than buffer length "
            f"({length} bytes) minus 1"
        )
    if count < 0:
        if (length - offset) % item:
            raise ValueError(
                f"buffer length ({length - offset} bytes) after offset ({offset} bytes) must be "
                f"a multiple of element size ({item})"
            )
        count = (length - offset) // item
    elif count * item > length - offset:
        raise ValueError(
            f"requested buffer length ({count} * {item} bytes) after offset ({offset} bytes) "
            f"must not be greater than actual buffer length ({length} bytes)"
        )
    data = storage.from_buffer(buffer, d.np, count, offset)
    return _made(Tensor._make(data, dtype=d), requires_grad)
