"""Reduction CPU kernels over one axis, output first.

The dispatcher views every reduction as ``x[outer, red, inner]`` (no copy for a contiguous
block of reduced dims) and calls the ``_rows`` form when ``inner == 1`` (each output reads a
contiguous run) or the ``_cols`` form otherwise (each step of ``red`` adds a contiguous run of
``inner`` values). Both run ``prange`` over independent outputs, so each iteration writes only
its own elements. Sums accumulate in the dtype of ``out`` (float64 or int64).
"""

import numpy as np
from numba import njit, prange

from .twins import serial_twin

BLOCK = 512  # inner elements per parallel task in the _cols kernels
LANES = 64  # independent accumulators in the _rows kernels, so their loops vectorise


@njit(cache=True, parallel=True)
def sum_rows(out, x):
    # LANES partial sums side by side: vectorises without fastmath and adds accuracy
    for o in prange(x.shape[0]):
        row = x[o]
        n = row.shape[0]
        total = out.dtype.type(0)
        k = 0
        if n >= 2 * LANES:
            acc = np.zeros(LANES, out.dtype)
            while k + LANES <= n:
                for j in range(LANES):
                    acc[j] += row[k + j]
                k += LANES
            total = acc.sum()
        for i in range(k, n):
            total += row[i]
        out[o] = total


@njit(cache=True, parallel=True, fastmath=True)
def sum_cols(out, x):
    outer, red, inner = x.shape
    nblk = (inner + BLOCK - 1) // BLOCK
    for t in prange(outer * nblk):
        o = t // nblk
        lo = (t % nblk) * BLOCK
        hi = min(lo + BLOCK, inner)
        acc = out[o, lo:hi]
        acc[:] = 0
        for r in range(0, red):
            row = x[o, r, lo:hi]
            for i in range(hi - lo):
                acc[i] += row[i]


@njit(cache=True, parallel=True)
def prod_rows(out, x):
    for o in prange(x.shape[0]):
        acc = out.dtype.type(1)
        for r in range(x.shape[1]):
            acc *= x[o, r]
        out[o] = acc


@njit(cache=True, parallel=True)
def prod_cols(out, x):
    outer, red, inner = x.shape
    nblk = (inner + BLOCK - 1) // BLOCK
    for t in prange(outer * nblk):
        o = t // nblk
        lo = (t % nblk) * BLOCK
        hi = min(lo + BLOCK, inner)
        acc = out[o, lo:hi]
        acc[:] = 1
        for r in range(0, red):
            row = x[o, r, lo:hi]
            for i in range(hi - lo):
                acc[i] *= row[i]


@njit(cache=True, parallel=True)
def sq_dev_rows(out, x, mean):
    # LANES partial sums side by side: vectorises without fastmath and adds accuracy
    for o in prange(x.shape[0]):
        row = x[o]
        n = row.shape[0]
        m = mean[o]
        total = out.dtype.type(0)
        k = 0
        if n >= 2 * LANES:
            acc = np.zeros(LANES, out.dtype)
            while k + LANES <= n:
                for j in range(LANES):
                    acc[j] += (row[k + j] - m) * (row[k + j] - m)
                k += LANES
            total = acc.sum()
        for i in range(k, n):
            total += (row[i] - m) * (row[i] - m)
        out[o] = total


@njit(cache=True, parallel=True, fastmath=True)
def sq_dev_cols(out, x, mean):
    outer, red, inner = x.shape
    nblk = (inner + BLOCK - 1) // BLOCK
    for t in prange(outer * nblk):
        o = t // nblk
        lo = (t % nblk) * BLOCK
        hi = min(lo + BLOCK, inner)
        acc = out[o, lo:hi]
        acc[:] = 0
        m = mean[o, lo:hi]
        for r in range(0, red):
            row = x[o, r, lo:hi]
            for i in range(hi - lo):
                d = row[i] - m[i]
                acc[i] += d * d


@njit(cache=True, parallel=True)
def max_rows(out, x):
    # LANES running extremes side by side, each NaN-sticky, so the loop vectorises
    for o in prange(x.shape[0]):
        row = x[o]
        n = row.shape[0]
        m = row[0]
        k = 1
        if n >= 2 * LANES:
            acc = row[:LANES].copy()
            k = LANES
            while k + LANES <= n:
                for j in range(LANES):
                    v = row[k + j]
                    a = acc[j]
                    acc[j] = v if (v > a or v != v) else a
                k += LANES
            for j in range(LANES):
                v = acc[j]
                m = v if (v > m or v != v) else m
        for i in range(k, n):
            v = row[i]
            m = v if (v > m or v != v) else m
        out[o] = m


@njit(cache=True, parallel=True)
def min_rows(out, x):
    # LANES running extremes side by side, each NaN-sticky, so the loop vectorises
    for o in prange(x.shape[0]):
        row = x[o]
        n = row.shape[0]
        m = row[0]
        k = 1
        if n >= 2 * LANES:
            acc = row[:LANES].copy()
            k = LANES
            while k + LANES <= n:
                for j in range(LANES):
                    v = row[k + j]
                    a = acc[j]
                    acc[j] = v if (v < a or v != v) else a
                k += LANES
            for j in range(LANES):
                v = acc[j]
                m = v if (v < m or v != v) else m
        for i in range(k, n):
            v = row[i]
            m = v if (v < m or v != v) else m
        out[o] = m


@njit(cache=True, parallel=True)
def max_cols(out, x):
    outer, red, inner = x.shape
    nblk = (inner + BLOCK - 1) // BLOCK
    for t in prange(outer * nblk):
        o = t // nblk
        lo = (t % nblk) * BLOCK
        hi = min(lo + BLOCK, inner)
        acc = out[o, lo:hi]
        acc[:] = x[o, 0, lo:hi]
        for r in range(1, red):
            row = x[o, r, lo:hi]
            for i in range(hi - lo):
                v = row[i]
                a = acc[i]
                acc[i] = v if (v > a or v != v) else a


@njit(cache=True, parallel=True)
def min_cols(out, x):
    outer, red, inner = x.shape
    nblk = (inner + BLOCK - 1) // BLOCK
    for t in prange(outer * nblk):
        o = t // nblk
        lo = (t % nblk) * BLOCK
        hi = min(lo + BLOCK, inner)
        acc = out[o, lo:hi]
        acc[:] = x[o, 0, lo:hi]
        for r in range(1, red):
            row = x[o, r, lo:hi]
            for i in range(hi - lo):
                v = row[i]
                a = acc[i]
                acc[i] = v if (v < a or v != v) else a


@njit(cache=True, parallel=True)
def argmax_rows(values, indices, x):
    # the first maximum, or the first NaN, as PyTorch returns
    for o in prange(x.shape[0]):
        best = x[o, 0]
        at = 0
        if best == best:
            for r in range(1, x.shape[1]):
                v = x[o, r]
                if v != v:
                    best, at = v, r
                    break
                if v > best:
                    best, at = v, r
        values[o] = best
        indices[o] = at


@njit(cache=True, parallel=True)
def argmin_rows(values, indices, x):
    for o in prange(x.shape[0]):
        best = x[o, 0]
        at = 0
        if best == best:
            for r in range(1, x.shape[1]):
                v = x[o, r]
                if v != v:
                    best, at = v, r
                    break
                if v < best:
                    best, at = v, r
        values[o] = best
        indices[o] = at


@njit(cache=True, parallel=True)
def argmax_cols(values, indices, x):
    outer, red, inner = x.shape
    for t in prange(outer * inner):
        o, i = t // inner, t % inner
        best = x[o, 0, i]
        at = 0
        if best == best:
            for r in range(1, red):
                v = x[o, r, i]
                if v != v:
                    best, at = v, r
                    break
                if v > best:
                    best, at = v, r
        values[o, i] = best
        indices[o, i] = at


@njit(cache=True, parallel=True)
def argmin_cols(values, indices, x):
    outer, red, inner = x.shape
    for t in prange(outer * inner):
        o, i = t // inner, t % inner
        best = x[o, 0, i]
        at = 0
        if best == best:
            for r in range(1, red):
                v = x[o, r, i]
                if v != v:
                    best, at = v, r
                    break
                if v < best:
                    best, at = v, r
        values[o, i] = best
        indices[o, i] = at


@njit(cache=True, parallel=True)
def count_nonzero_rows(out, x):
    for o in prange(x.shape[0]):
        n = 0
        for r in range(x.shape[1]):
            n += x[o, r] != 0
        out[o] = n


@njit(cache=True, parallel=True)
def count_nonzero_cols(out, x):
    outer, red, inner = x.shape
    nblk = (inner + BLOCK - 1) // BLOCK
    for t in prange(outer * nblk):
        o = t // nblk
        lo = (t % nblk) * BLOCK
        hi = min(lo + BLOCK, inner)
        acc = out[o, lo:hi]
        acc[:] = 0
        for r in range(0, red):
            row = x[o, r, lo:hi]
            for i in range(hi - lo):
                acc[i] += row[i] != 0


@njit(cache=True, parallel=True)
def cumsum(out, x):
    outer, red, inner = x.shape
    for t in prange(outer * inner):
        o, i = t // inner, t % inner
        acc = out.dtype.type(0)
        for r in range(red):
            acc += x[o, r, i]
            out[o, r, i] = acc


@njit(cache=True, parallel=True)
def cumprod(out, x):
    outer, red, inner = x.shape
    for t in prange(outer * inner):
        o, i = t // inner, t % inner
        acc = out.dtype.type(1)
        for r in range(red):
            acc *= x[o, r, i]
            out[o, r, i] = acc


# ---- serial twins (see twins.py): the dispatcher picks by size --------------------------------


sum_rows_serial = serial_twin(sum_rows)
sum_cols_serial = serial_twin(sum_cols)
prod_rows_serial = serial_twin(prod_rows)
prod_cols_serial = serial_twin(prod_cols)
sq_dev_rows_serial = serial_twin(sq_dev_rows)
sq_dev_cols_serial = serial_twin(sq_dev_cols)
max_rows_serial = serial_twin(max_rows)
min_rows_serial = serial_twin(min_rows)
max_cols_serial = serial_twin(max_cols)
min_cols_serial = serial_twin(min_cols)
argmax_rows_serial = serial_twin(argmax_rows)
argmin_rows_serial = serial_twin(argmin_rows)
argmax_cols_serial = serial_twin(argmax_cols)
argmin_cols_serial = serial_twin(argmin_cols)
count_nonzero_rows_serial = serial_twin(count_nonzero_rows)
count_nonzero_cols_serial = serial_twin(count_nonzero_cols)
cumsum_serial = serial_twin(cumsum)
cumprod_serial = serial_twin(cumprod)
