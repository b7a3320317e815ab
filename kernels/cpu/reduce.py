"""Reduction CPU kernels over one axis, output first.

The dispatcher views every reduction as ``x[outer, red, inner]`` (no copy for a contiguous
block of reduced dims) and calls the ``_rows`` form when ``inner == 1`` (each output reads a
contiguous run) or the ``_cols`` form otherwise (each step of ``red`` adds a contiguous run of
``inner`` values). Both run ``prange`` over independent outputs, so each iteration writes only
its own elements. Sums accumulate in the dtype of ``out`` (float64 or int64).
"""

import numpy as np
from numba import njit, prange

BLOCK = 512  # inner elements per parallel task in the _cols kernels


@njit(cache=True, parallel=True, fastmath=True)
def sum_rows(out, x):
    for o in prange(x.shape[0]):
        acc = out.dtype.type(0)
        for r in range(x.shape[1]):
            acc += x[o, r]
        out[o] = acc


@njit(cache=True, parallel=True, fastmath=True)
def sum_cols(out, x):
    outer, red, inner = x.shape
    nblk = (inner + BLOCK - 1) // BLOCK
    for t in prange(outer * nblk):
        o = t // nblk
        lo = (t % nblk) * BLOCK
        hi = min(lo + BLOCK, inner)
        for i in range(lo, hi):
            out[o, i] = 0
        for r in range(red):
            for i in range(lo, hi):
                out[o, i] += x[o, r, i]


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
        for i in range(lo, hi):
            out[o, i] = 1
        for r in range(red):
            for i in range(lo, hi):
                out[o, i] *= x[o, r, i]


@njit(cache=True, parallel=True, fastmath=True)
def sq_dev_rows(out, x, mean):
    # sum of squared deviations from each row's mean (the second pass of var/std)
    for o in prange(x.shape[0]):
        acc = out.dtype.type(0)
        m = mean[o]
        for r in range(x.shape[1]):
            d = x[o, r] - m
            acc += d * d
        out[o] = acc


@njit(cache=True, parallel=True, fastmath=True)
def sq_dev_cols(out, x, mean):
    outer, red, inner = x.shape
    nblk = (inner + BLOCK - 1) // BLOCK
    for t in prange(outer * nblk):
        o = t // nblk
        lo = (t % nblk) * BLOCK
        hi = min(lo + BLOCK, inner)
        for i in range(lo, hi):
            out[o, i] = 0
        for r in range(red):
            for i in range(lo, hi):
                d = x[o, r, i] - mean[o, i]
                out[o, i] += d * d


@njit(cache=True, parallel=True)
def max_rows(out, x):
    # NaN propagates: a NaN anywhere makes the result NaN (counted branch-free to vectorise)
    for o in prange(x.shape[0]):
        m = x[o, 0]
        nans = 0
        for r in range(x.shape[1]):
            v = x[o, r]
            m = v if v > m else m
            nans += v != v
        out[o] = m if nans == 0 else np.nan


@njit(cache=True, parallel=True)
def min_rows(out, x):
    for o in prange(x.shape[0]):
        m = x[o, 0]
        nans = 0
        for r in range(x.shape[1]):
            v = x[o, r]
            m = v if v < m else m
            nans += v != v
        out[o] = m if nans == 0 else np.nan


@njit(cache=True, parallel=True)
def max_cols(out, x):
    outer, red, inner = x.shape
    nblk = (inner + BLOCK - 1) // BLOCK
    for t in prange(outer * nblk):
        o = t // nblk
        lo = (t % nblk) * BLOCK
        hi = min(lo + BLOCK, inner)
        for i in range(lo, hi):
            out[o, i] = x[o, 0, i]
        for r in range(1, red):
            for i in range(lo, hi):
                v = x[o, r, i]
                m = out[o, i]
                out[o, i] = v if (v > m or v != v) else m


@njit(cache=True, parallel=True)
def min_cols(out, x):
    outer, red, inner = x.shape
    nblk = (inner + BLOCK - 1) // BLOCK
    for t in prange(outer * nblk):
        o = t // nblk
        lo = (t % nblk) * BLOCK
        hi = min(lo + BLOCK, inner)
        for i in range(lo, hi):
            out[o, i] = x[o, 0, i]
        for r in range(1, red):
            for i in range(lo, hi):
                v = x[o, r, i]
                m = out[o, i]
                out[o, i] = v if (v < m or v != v) else m


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
        for i in range(lo, hi):
            out[o, i] = 0
        for r in range(red):
            for i in range(lo, hi):
                out[o, i] += x[o, r, i] != 0


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
