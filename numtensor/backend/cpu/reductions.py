"""Reductions and scans on the CPU, over the ``[outer, red, inner]`` form of an array."""

from __future__ import annotations

import math

import numpy as np

from .kernels import threads, twin

# Elements from which the parallel reduction kernels beat their serial twins.
PARALLEL_MIN = 1 << 20


def reduction_view(a: np.ndarray, dims: tuple) -> np.ndarray:
    """``a`` as ``[outer, red, inner]``: a view when the reduced dims are one contiguous block
    of a C-contiguous array, else a copy with the kept dims first (inner == 1)."""
    shape = a.shape
    if not dims:
        return a.reshape(1, 1, -1) if a.ndim else a.reshape(1, 1, 1)
    lo, hi = dims[0], dims[-1]
    if a.flags.c_contiguous and hi - lo + 1 == len(dims):
        outer = math.prod(shape[:lo])
        red = math.prod(shape[lo : hi + 1])
        inner = math.prod(shape[hi + 1 :])
        return a.reshape(outer, red, inner)
    kept = [d for d in range(a.ndim) if d not in dims]
    moved = np.ascontiguousarray(a.transpose(kept + list(dims)))
    outer = math.prod([shape[d] for d in kept])
    return moved.reshape(outer, math.prod([shape[d] for d in dims]), 1)


def from_reduction_view(values: np.ndarray, a: np.ndarray, d: int) -> np.ndarray:
    """Undo ``reduction_view(a, (d,))`` for a scan's result (as many elements as ``a``)."""
    if a.ndim <= 1 or a.flags.c_contiguous:
        return values.reshape(a.shape)
    kept = [i for i in range(a.ndim) if i != d]
    moved_shape = [a.shape[i] for i in kept] + [a.shape[d]]
    inverse = np.argsort(kept + [d])
    return values.reshape(moved_shape).transpose(inverse)


def _kernel(name: str, size: int = PARALLEL_MIN):
    """A reduction kernel, or its serial twin when ``size`` elements are too few to share."""
    return twin("reduce", name, size >= PARALLEL_MIN)


def reduce(kind: str, x3: np.ndarray, acc_dtype, *extra) -> np.ndarray:
    """Reduce ``x3[outer, red, inner]`` over ``red``: returns ``[outer, inner]`` in acc_dtype.

    kind: sum, prod, max, min, count_nonzero, sq_dev (extra: the means, [outer, inner]).
    A whole-tensor reduction is split into one row per thread and finished over the partials.
    """
    outer, red, inner = x3.shape
    if inner == 1:
        rows = x3.reshape(outer, red)
        if red >= PARALLEL_MIN and kind != "sq_dev" and outer < (n_threads := threads()):
            return _split_rows(kind, rows, acc_dtype, n_threads).reshape(outer, 1)
        out = np.empty(outer, acc_dtype)
        _kernel(kind + "_rows", x3.size)(out, rows, *(e.reshape(outer) for e in extra))
        return out.reshape(outer, 1)
    out = np.empty((outer, inner), acc_dtype)
    _kernel(kind + "_cols", x3.size)(out, x3, *extra)
    return out


_FINISH = {"sum": np.sum, "prod": np.prod, "max": np.max, "min": np.min, "count_nonzero": np.sum}


def _split_rows(kind: str, rows: np.ndarray, acc_dtype, n_threads: int) -> np.ndarray:
    # one long row per output: reduce `n_threads` pieces of it in parallel, then finish the
    # few partials (and the leftover tail) in NumPy, which costs less than a second launch
    outer, red = rows.shape
    piece = red // n_threads
    body = rows[:, : piece * n_threads].reshape(outer * n_threads, piece)
    partial = np.empty(outer * n_threads, acc_dtype)
    _kernel(kind + "_rows")(partial, body)
    tail = rows[:, piece * n_threads :]
    if kind == "count_nonzero":
        tail = tail != 0  # the partials are counts, which add up
    both = np.concatenate([partial.reshape(outer, n_threads), tail.astype(acc_dtype)], axis=1)
    return _FINISH[kind](both, axis=1).astype(acc_dtype, copy=False)


def arg_reduce(kind: str, x3: np.ndarray):
    """(values, indices) of the max or min over ``red`` of ``x3[outer, red, inner]``."""
    outer, red, inner = x3.shape
    values = np.empty((outer, inner), x3.dtype)
    indices = np.empty((outer, inner), np.int64)
    if inner == 1:
        _kernel(f"arg{kind}_rows", x3.size)(
            values.reshape(outer), indices.reshape(outer), x3.reshape(outer, red)
        )
    else:
        _kernel(f"arg{kind}_cols", x3.size)(values, indices, x3)
    return values, indices


def scan(kind: str, x3: np.ndarray, out_dtype) -> np.ndarray:
    """cumsum / cumprod along ``red`` of ``x3[outer, red, inner]`` (made C-contiguous)."""
    x3 = x3 if x3.flags.c_contiguous else np.ascontiguousarray(x3)
    out = np.empty(x3.shape, out_dtype)
    _kernel(kind, x3.size)(out, x3)
    return out
