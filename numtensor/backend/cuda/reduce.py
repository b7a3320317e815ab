"""Reductions and scans on CUDA, over the ``[outer, red, inner]`` form of an array.

``inner == 1`` runs the ``_rows`` kernels (one block per row), otherwise the ``_cols`` ones
(blocks over tiles of adjacent columns). Few long rows (fewer rows than the GPU has room for
blocks) take two passes: the ``_partial`` kernel reduces ``parts`` pieces of every row, a
``_rows`` launch reduces the partials.
"""

from __future__ import annotations

import math

import numpy as np

from .elementwise import device_operand
from .kernels import kernel
from .launch import block_size, blocks_for, configured, grid_for, target_blocks
from .layout import (
    broadcast_view,
    c_strides,
    is_contiguous,
    permute,
    reshape_view,
    strides_of,
    view,
)
from .storage import contiguous, empty

_REDUCE_THREADS = 256  # kernels/cuda/reduce.py's MAX_THREADS
# the second pass reduces partials with this kernel
_FINISH = {
    "sum": "sum_rows",
    "sq_dev": "sum_rows",
    "count_nonzero": "sum_rows",
    "prod": "prod_rows",
    "max": "max_rows",
    "min": "min_rows",
}


def _reshaped(a, shape):
    """A C-contiguous view of ``a`` (copied first when it is not) with ``shape``."""
    return reshape_view(contiguous(a), tuple(shape))


def reduction_view(a, dims: tuple):
    """``a`` as ``[outer, red, inner]``: a view when the reduced dims are one contiguous block
    of a C-contiguous array, else a copy with the kept dims first (inner == 1)."""
    shape = tuple(a.shape)
    if not dims:
        return _reshaped(a, (1, 1, a.size))
    lo, hi = dims[0], dims[-1]
    if is_contiguous(a) and hi - lo + 1 == len(dims):
        outer = math.prod(shape[:lo])
        red = math.prod(shape[lo : hi + 1])
        inner = math.prod(shape[hi + 1 :])
        return reshape_view(a, (outer, red, inner))
    kept = [d for d in range(a.ndim) if d not in dims]
    moved = contiguous(permute(a, kept + list(dims)))
    outer = math.prod([shape[d] for d in kept])
    return reshape_view(moved, (outer, math.prod([shape[d] for d in dims]), 1))


def from_reduction_view(values, a, d: int):
    """Undo ``reduction_view(a, (d,))`` for a scan's result (as many elements as ``a``)."""
    if a.ndim <= 1 or is_contiguous(a):
        return _reshaped(values, a.shape)
    kept = [i for i in range(a.ndim) if i != d]
    moved_shape = [a.shape[i] for i in kept] + [a.shape[d]]
    inverse = [int(i) for i in np.argsort(kept + [d])]
    return permute(_reshaped(values, moved_shape), inverse)


def _rows_view(x3):
    outer, red, _ = x3.shape
    s = strides_of(x3)
    return view(x3, (outer, red), (s[0], s[1]))


def _per_row(e, outer: int):
    """The means of sq_dev as ``[outer]`` (one per row)."""
    if e.size == 1:
        return view(e, (outer,), (0,))
    return view(e, (outer,), (strides_of(e)[0],))


def _parts(outer: int, red: int, threads: int) -> int:
    """Pieces per row for a two-pass reduction, 0 for one pass."""
    room = target_blocks() // max(outer, 1)
    parts = min(room, red // (threads * 16))
    return parts if parts >= 2 else 0


def reduce(kind: str, x3, acc_dtype, *extra):
    """Reduce ``x3[outer, red, inner]`` over ``red``: returns ``[outer, inner]`` in acc_dtype.

    kind: sum, prod, max, min, count_nonzero, sq_dev (extra: the means, [outer, inner]).
    """
    outer, red, inner = x3.shape
    out = empty((outer, inner), acc_dtype)
    if out.size == 0:
        return out
    extra = [device_operand(e) for e in extra]
    if inner > 1:
        means = [broadcast_view(e, (outer, inner)) for e in extra]
        blocks = blocks_for(outer * -(-inner // 32))
        run = configured(kernel("reduce", kind + "_cols"), blocks, block_size(_REDUCE_THREADS))
        run(out, x3, *means)
        return out
    rows = _rows_view(x3)
    means = [_per_row(e, outer) for e in extra]
    out_rows = view(out, (outer,), (1,))
    threads = block_size(red, _REDUCE_THREADS)
    parts = _parts(outer, red, threads)
    if parts:
        partial = empty((outer, parts), acc_dtype)
        run = configured(kernel("reduce", kind + "_partial"), blocks_for(outer * parts), threads)
        run(partial, rows, *means)
        finish = kernel("reduce", _FINISH[kind])
        configured(finish, blocks_for(outer), block_size(parts, _REDUCE_THREADS))(out_rows, partial)
        return out
    configured(kernel("reduce", kind + "_rows"), blocks_for(outer), threads)(out_rows, rows, *means)
    return out


def arg_reduce(kind: str, x3):
    """(values, indices) of the max or min over ``red`` of ``x3[outer, red, inner]``."""
    outer, red, inner = x3.shape
    values = empty((outer, inner), x3.dtype)
    indices = empty((outer, inner), np.int64)
    if values.size == 0:
        return values, indices
    if inner == 1:
        run = configured(
            kernel("argreduce", f"arg{kind}_rows"),
            blocks_for(outer),
            block_size(red, _REDUCE_THREADS),
        )
        run(view(values, (outer,), (1,)), view(indices, (outer,), (1,)), _rows_view(x3))
    else:
        run = configured(
            kernel("argreduce", f"arg{kind}_cols"),
            blocks_for(outer * -(-inner // 32)),
            block_size(_REDUCE_THREADS),
        )
        run(values, indices, x3)
    return values, indices


def scan(kind: str, x3, out_dtype):
    """cumsum / cumprod along ``red`` of ``x3[outer, red, inner]`` (made C-contiguous)."""
    x3 = contiguous(x3)
    outer, red, inner = x3.shape
    out = empty(tuple(x3.shape), out_dtype)
    if out.size == 0:
        return out
    if inner == 1:
        rows = (view(a, (outer, red), c_strides((outer, red))) for a in (out, x3))
        threads = block_size(red, _REDUCE_THREADS)
        configured(kernel("scan", kind + "_rows"), blocks_for(outer), threads)(*rows)
    else:
        configured(kernel("scan", kind), *grid_for(outer * inner))(out, x3)
    return out
