"""Reduction CPU kernels over one axis, output first.

The dispatcher views every reduction as ``x[outer, red, inner]`` (no copy for a contiguous
block of reduced dims) and calls the ``_rows`` form when ``inner == 1`` (each output reads a
contiguous run) or the ``_cols`` form otherwise (each step of ``red`` adds a contiguous run of
``inner`` values). Both run ``prange`` over independent outputs, so each iteration writes only
its own elements. Sums accumulate in the dtype of ``out`` (float64 or int64), run by run (runs.py).
"""

from numba import njit, prange

from .runs import RUN, lane_zero, maximum, minimum, run_sq_dev, run_sum
from .twins import serial_twin

BLOCK = 512  # inner elements per parallel task in the _cols kernels


@njit(cache=True, parallel=True)
def sum_rows(out, x):
    for o in prange(x.shape[0]):
        row = x[o]
        if row.shape[0] < RUN:  # short: one run in the output's dtype (float64 or int64)
            out[o] = run_sum(row, out.dtype.type(0))
            continue
        zero = lane_zero(row, out)
        total = out.dtype.type(0)
        for k in range(0, row.shape[0], RUN):
            total += run_sum(row[k : k + RUN], zero)
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
    for o in prange(x.shape[0]):
        row = x[o]
        zero = out.dtype.type(0)
        total = zero
        for k in range(0, row.shape[0], RUN):
            total += run_sq_dev(row[k : k + RUN], mean[o], zero)
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
    for o in prange(x.shape[0]):
        row = x[o]
        m = row[0]
        for i in range(1, row.shape[0]):
            m = maximum(m, row[i])
        out[o] = m


@njit(cache=True, parallel=True)
def min_rows(out, x):
    for o in prange(x.shape[0]):
        row = x[o]
        m = row[0]
        for i in range(1, row.shape[0]):
            m = minimum(m, row[i])
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
                acc[i] = maximum(acc[i], row[i])


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
                acc[i] = minimum(acc[i], row[i])


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
