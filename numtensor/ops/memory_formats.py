"""Tensors made in a given memory format: allocation with explicit dense strides (the layouts
of ``channels_last``, ``preserve_format`` ...) and copies into such a layout. The stride
rules themselves are in ``numtensor/_memory_format.py``."""

from __future__ import annotations

import functools
import math

from .. import backend
from .._device import as_device
from .._dtype import checked, from_numpy_dtype
from .._memory_format import channels_last, contiguous_format, strides_for, suggest_memory_format
from .._tensor_base import Tensor
from ..autograd.function import name_node
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


def follows_channels_last(*inputs: tuple[int, str]):
    """Decorator for convolution, pooling and resampling functions: their tensor results take
    the channels-last format one of their ``inputs`` (``(position, name)`` pairs) is in, as
    PyTorch's outputs follow a channels-last input or weight."""

    def decorate(fn):
        @functools.wraps(fn)
        def function(*args, **kwargs):
            result = fn(*args, **kwargs)
            for position, name in inputs:
                x = args[position] if position < len(args) else kwargs.get(name)
                fmt = (
                    suggest_memory_format(x.shape, x.stride())
                    if isinstance(x, Tensor) and x.ndim in (4, 5)
                    else contiguous_format
                )
                if fmt is not contiguous_format:
                    return _in_format(result, fmt)
            return result

        return function

    return decorate


def _in_format(result, fmt):
    if isinstance(result, tuple):
        items = [_in_format(r, fmt) for r in result]
        return tuple(items) if type(result) is tuple else type(result)(*items)
    rank = 4 if fmt is channels_last else 5
    if isinstance(result, Tensor) and result.ndim == rank:
        node = result.grad_fn
        out = result.contiguous(memory_format=fmt)
        # (the relayout is no op of PyTorch's: the result shows the op's own node)
        return out if node is None else name_node(out, node.name())
    return result
