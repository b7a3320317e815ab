"""Elementwise kernels on the CPU: a 1-D serial or parallel kernel for operands laid out
alike, the strided N-d kernel for everything else (broadcasting, transposed views)."""

from __future__ import annotations

import numpy as np
from numpy.lib.stride_tricks import as_strided

from kernels.spec import COSTLY, INPLACE, module_of

from .kernels import call, module
from .storage import data_ptr, dense_flat

# Elements from which a parallel kernel beats a serial one. Waking the worker threads costs
# ~40 us (they sleep between kernels, see numtensor/__init__.py): cheap ops need a million
# elements to win that back, transcendental ones far fewer.
PARALLEL_MIN = 1 << 20
PARALLEL_MIN_COSTLY = 1 << 16

_ELEMENTWISE: dict = {}
_INPLACE: dict = {}


def kernels_of(op: str):
    """(serial, parallel, strided) CPU kernels of an elementwise op."""
    kernels = _ELEMENTWISE.get(op)
    if kernels is None:
        table = module(module_of(op)).KERNELS
        kernels = _ELEMENTWISE[op] = (table[op], table[op + "_parallel"], table[op + "_strided"])
    return kernels


def _inplace_kernels(op: str):
    """(serial, parallel) kernels that update their first operand in place."""
    kernels = _INPLACE.get(op)
    if kernels is None:
        table = module("inplace").KERNELS
        kernels = _INPLACE[op] = (table[op + "_inplace"], table[op + "_inplace_parallel"])
    return kernels


def _same_view(a: np.ndarray, b: np.ndarray) -> bool:
    return a.strides == b.strides and a.dtype == b.dtype and data_ptr(a) == data_ptr(b)


def _element_strides(a: np.ndarray) -> tuple:
    return tuple(s // a.itemsize for s in a.strides)


def broadcast_view(x: np.ndarray, shape) -> np.ndarray:
    """``x`` seen with ``shape`` by zero strides (nothing copied)."""
    if x.shape == tuple(shape):
        return x
    lead = len(shape) - x.ndim
    strides = [0] * lead + [
        0 if s == 1 and t != 1 else st for s, st, t in zip(x.shape, x.strides, shape[lead:])
    ]
    return as_strided(x, shape=tuple(shape), strides=tuple(strides))


def elementwise(op: str, out: np.ndarray, inputs, params=()) -> None:
    """Run elementwise kernel ``op`` writing ``out`` (already shaped as the broadcast result).

    ``inputs`` are arrays of the compute dtype, broadcastable to ``out``. Inputs laid out like
    ``out`` take the 1-D fast path (serial or parallel by size); others the strided kernel.
    """
    n = out.size
    if n == 0:
        return
    serial, parallel, strided = kernels_of(op)
    flat_out = dense_flat(out)
    if flat_out is not None:
        flats = []
        for x in inputs:
            if x.size == 1:
                # a scalar operand: for small outputs a filled array is cheaper to make than a
                # zero-stride view
                flats.append(
                    np.full(n, x.reshape(()), x.dtype)
                    if n <= 4096
                    else as_strided(x, shape=(n,), strides=(0,))
                )
            elif x.shape == out.shape and _element_strides(x) == _element_strides(out):
                flats.append(dense_flat(x))
            else:
                break
        else:
            threshold = PARALLEL_MIN_COSTLY if op in COSTLY else PARALLEL_MIN
            if op in INPLACE and _same_view(flats[0], flat_out):
                serial, parallel = _inplace_kernels(op)
                flats = flats[1:]
            kernel = parallel if n >= threshold else serial
            call(op, kernel, flat_out, *flats, *params)
            return
    call(op, strided, out, *(broadcast_view(x, out.shape) for x in inputs), *params)


def fill_(out: np.ndarray, value) -> None:
    """Set every element of ``out`` (any layout) to ``value``."""
    out[...] = value


def fast_binary(op: str, a: np.ndarray, b: np.ndarray):
    """``op(a, b)`` for two C-contiguous arrays of one shape and dtype, else None."""
    if not (a.flags.c_contiguous and b.flags.c_contiguous and a.shape == b.shape):
        return None
    serial, parallel, _ = kernels_of(op)
    out = np.empty(a.shape, a.dtype)
    (parallel if a.size >= PARALLEL_MIN else serial)(out.reshape(-1), a.reshape(-1), b.reshape(-1))
    return out


def fast_scalar(op: str, a: np.ndarray, value):
    """``op(a, value)`` for a C-contiguous float array and a Python number, else None."""
    if not a.flags.c_contiguous:
        return None
    serial, parallel, _ = kernels_of(op)
    out = np.empty(a.shape, a.dtype)
    (parallel if a.size >= PARALLEL_MIN else serial)(
        out.reshape(-1), a.reshape(-1), a.dtype.type(value)
    )
    return out
