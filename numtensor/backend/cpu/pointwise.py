"""Elementwise kernels on the CPU: a 1-D serial or parallel kernel for operands laid out
alike, the strided N-d kernel for everything else (broadcasting, transposed views)."""

from __future__ import annotations

import numpy as np
from numpy.lib.stride_tricks import as_strided

from kernels.spec import COSTLY, INPLACE, module_of

from .kernels import call, module, parallel_kernel
from .storage import _separate, dense_flat

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


def _element_strides(a: np.ndarray) -> tuple:
    return tuple(s // a.itemsize for s in a.strides)


def broadcast_view(x: np.ndarray, shape) -> np.ndarray:
    """``x`` seen with ``shape`` by zero strides (nothing copied)."""
    shape = tuple(shape)
    if x.shape == shape:
        return x
    lead = len(shape) - x.ndim
    strides = (0,) * lead + tuple(
        [0 if s == 1 and t != 1 else st for s, st, t in zip(x.shape, x.strides, shape[lead:])]
    )
    if x.flags.c_contiguous:  # (NumPy's as_strided costs ten times more)
        return np.ndarray(shape, x.dtype, x, 0, strides)
    return as_strided(x, shape=shape, strides=strides)


def elementwise(op: str, out: np.ndarray, inputs, params=()) -> None:
    """Run elementwise kernel ``op`` writing ``out`` (already shaped as the broadcast result).

    ``inputs`` are arrays of the compute dtype, broadcastable to ``out``. Inputs laid out like
    ``out`` take the 1-D fast path (serial or parallel by size); others the strided kernel.
    """
    n = out.size
    if n == 0:
        return
    serial, parallel, strided = kernels_of(op)
    flats = _flat_operands(out, inputs, n)
    if flats is None:
        call(op, strided, out, *(broadcast_view(x, out.shape) for x in inputs), *params)
        return
    if inputs and inputs[0] is out and op in INPLACE:
        # `x.add_(y)`: the kernel that updates its first operand (an `out=` that merely aliases
        # an input takes the general kernel, which is as correct)
        serial, parallel = _inplace_kernels(op)
        flats = flats[1:]
    call(op, _sized(op, serial, parallel, n), *flats, *params)


def _flat_operands(out: np.ndarray, inputs, n: int):
    """[out, *inputs] as 1-D views in one memory order, or None when some operand is laid out
    otherwise (then the strided kernel runs)."""
    if out.flags.c_contiguous:
        flats = [out.ravel()]
        shape = out.shape
        for x in inputs:
            # (as many elements as out: broadcasting only adds dims of size 1, which leaves
            # the memory order alone, as for a [64] bias added to a [1, 64] batch)
            if x.flags.c_contiguous and (x.shape == shape or x.size == n):
                flats.append(x.ravel())
            elif x.size == 1:
                flats.append(_scalar_operand(x, n))
            else:
                return None
        return flats
    flat_out = dense_flat(out)
    if flat_out is None:
        return None
    flats = [flat_out]
    strides = _element_strides(out)
    for x in inputs:
        if x.size == 1:
            flats.append(_scalar_operand(x, n))
        elif x.shape == out.shape and _element_strides(x) == strides:
            flats.append(dense_flat(x))
        else:
            return None
    return flats


def _scalar_operand(x: np.ndarray, n: int) -> np.ndarray:
    # for small outputs a filled array is cheaper to make than a zero-stride view
    if n <= 4096:
        return np.full(n, x.reshape(()), x.dtype)
    return as_strided(x, shape=(n,), strides=(0,))


def fill_(out: np.ndarray, value) -> None:
    """Set every element of ``out`` (any layout) to ``value``."""
    out.fill(value)


def _sized(op: str, serial, parallel, n: int):
    """The serial kernel for ``n`` elements, or its parallel twin from the size where waking
    the worker threads pays off."""
    if n >= PARALLEL_MIN or (n >= PARALLEL_MIN_COSTLY and op in COSTLY):
        return parallel_kernel(parallel)
    return serial


def _new_result(op: str, a: np.ndarray, *rest) -> np.ndarray:
    """``op`` over C-contiguous ``a`` (then ``rest``: flat operands, parameters) into a new
    array of a's shape and dtype."""
    kernels = _ELEMENTWISE.get(op) or kernels_of(op)
    out = np.empty_like(a)  # (C-contiguous, as a is)
    n = a.size
    kernel = kernels[0] if n < PARALLEL_MIN_COSTLY else _sized(op, kernels[0], kernels[1], n)
    kernel(out.ravel(), a.ravel(), *rest)
    return out


def fast_binary(op: str, a: np.ndarray, b: np.ndarray):
    """``op(a, b)`` for two C-contiguous arrays of one shape and dtype, else None."""
    if a.shape != b.shape or not (a.flags.c_contiguous and b.flags.c_contiguous):
        return None
    return _new_result(op, a, b.ravel())


def fast_unary(op: str, a: np.ndarray, params=()):
    """``op(a, *params)`` for a C-contiguous array (the result of a's dtype, ``params``
    NumPy scalars of it), else None."""
    if not a.flags.c_contiguous:
        return None
    return _new_result(op, a, *params)


def fast_inplace(op: str, a: np.ndarray, b) -> bool:
    """``a = op(a, b)`` in place for a C-contiguous ``a`` and a C-contiguous array ``b`` of
    its shape and dtype (not sharing its memory unless it is ``a``) or a Python number (then
    ``op`` is a ``*_scalar`` kernel); False, doing nothing, for anything else."""
    if not a.flags.c_contiguous:
        return False
    kernel = _sized(op, *_inplace_kernels(op), a.size)
    if isinstance(b, np.ndarray):
        if b.shape != a.shape or not b.flags.c_contiguous or not (b is a or _separate(a, b)):
            return False
        kernel(a.ravel(), b.ravel())
    else:
        kernel(a.ravel(), a.dtype.type(b))
    return True


def fast_scalar(op: str, a: np.ndarray, value):
    """``op(a, value)`` for a C-contiguous float array and a Python number, else None."""
    if not a.flags.c_contiguous:
        return None
    return _new_result(op, a, a.dtype.type(value))
