"""Tensors made in a given memory format: allocation with explicit dense strides (the layouts
of ``channels_last``, ``preserve_format`` ...) and copies into such a layout. The stride
rules themselves are in ``numtensor/_memory_format.py``."""

from __future__ import annotations

import math

from .. import backend
from .._device import as_device
from .._dtype import checked, from_numpy_dtype
from .._memory_format import contiguous_format, strides_for
from .._tensor_base import Tensor
from ._common import allocate, check_device, ops_of


def allocate_strided(shape, strides, np_dtype, fill=None, device=None, requires_grad=False):
    """A new tensor of ``shape`` with the dense ``strides`` (a permutation of row-major ones,
    as every memory format gives), filled with ``fill`` or uninitialised."""
    shape, strides = tuple(shape), tuple(strides)
    if strides == strides_for(contiguous_format, shape):
        return allocate(shape, np_dtype, fill, device, requires_grad)
    dev = as_device(device)
    check_device(dev)
    ops = backend.of(dev)
    if fill is not None and not (type(fill) is int and 0 <= fill <= 1):
        fill = checked(fill, from_numpy_dtype(np_dtype))  # (as allocate checks the range)
    # dense strides: the elements fill exactly ``numel`` slots of one flat buffer
    extent = math.prod(shape)
    flat = ops.empty((extent,), np_dtype) if fill is None else ops.full((extent,), fill, np_dtype)
    t = Tensor._make(ops.view(flat, shape, strides, 0), dev)
    if requires_grad:
        t.requires_grad_(True)
    return t


def copy_strided(x: Tensor, strides) -> Tensor:
    """A new tensor with ``x``'s values, dtype and device, laid out with ``strides``."""
    out = allocate_strided(x.shape, strides, x.dtype.np, None, x.device)
    ops_of(out).copy_(out._data, x._data)
    return out
