"""Convolution and pooling CUDA kernels, output first: twins of ``kernels/cpu/conv.py``.

Images are [N, C, H, W]; a window has kh x kw taps with stride (sh, sw), zero padding
(ph, pw) and dilation (dh, dw). ``cols`` is [N, C * kh * kw, OH * OW], row
``(c * kh + i) * kw + j`` holding tap (i, j) of channel c for every output position. Every
kernel is a grid-stride loop over the elements it writes, so any launch is correct; arrays
may have any strides (they are indexed, never flattened).

* ``im2col(cols, x, kh, kw, sh, sw, ph, pw, dh, dw)``: one thread per ``cols`` element (a
  copy, or 0 where the tap falls in the padding); adjacent threads write adjacent output
  positions.
* ``col2im(x, cols, kh, kw, sh, sw, ph, pw, dh, dw)``: the adjoint of im2col as a GATHER, not
  the CPU's scatter: one thread per pixel of ``x`` sums the column entries that read it (tap
  (i, j) reads pixel (y0, x0) from output position ((y0 + ph - i*dh) / sh, (x0 + pw - j*dw)
  / sw) when both divisions are exact and in range). No atomics, deterministic, and the terms
  are added in the CPU's order (taps in row-major order, starting from 0), so results equal
  the CPU's bit for bit. Sums of float16 accumulate in float32 (``opmath_zero``) and are
  rounded to float16 once; other dtypes accumulate in their own dtype, as on the CPU.
* ``max_pool2d(out, indices, x, kh, kw, sh, sw, ph, pw, dh, dw)``: out/indices [N, C, OH, OW]
  (OH, OW from ``out``, so ceil-mode shapes work); one thread per output; the max of the taps
  inside the image and its flat position in the H x W plane. NaN wins, with the CPU kernel's
  exact scan (rows in order; a NaN ends the scan of its row). float16 values are compared as
  float32 (``opmath``: exact, the max is written back unchanged). A window with no tap
  inside the image gives -inf and index -1, as on the CPU.
* ``max_pool2d_backward(grad_x, grad_out, indices)``: grad_x [P, H*W], grad_out and indices
  [P, L] (P = N*C planes, L = OH*OW). SCATTER WITH ATOMICS: one thread per output adds its
  gradient to ``grad_x[p, indices[p, l]]`` with ``cuda.atomic.add``. Unlike the CPU twin it
  does NOT zero ``grad_x``: the caller passes zeros. ``cuda.atomic.add`` takes float32,
  float64, int32, int64, uint32 and uint64 only: the backend widens float16 to float32.
  Deterministic whenever no input pixel is the max of three or more windows (0 + a + b equals
  0 + b + a); with heavily overlapping windows (e.g. 3x3 stride 1) the order of the atomic
  adds varies and sums can differ in the last bits from run to run and from the CPU. A gather
  would need the pooling geometry, which the backend interface does not pass here.
"""

import math

import numpy as np
from numba import cuda
from numba.cuda import types
from numba.cuda.extending import overload


def opmath_zero(ary):
    """0 in the dtype sums of ``ary``'s elements accumulate in: float32 for float16, else
    ``ary``'s dtype. Plain Python (the simulator)."""
    if ary.dtype == np.float16:
        return np.float32(0)
    return ary.dtype.type(0)


@overload(opmath_zero, target="cuda", inline="always")
def _opmath_zero_overload(ary):
    acc = types.float32 if ary.dtype == types.float16 else ary.dtype

    def impl(ary):
        return acc(0)

    return impl


def opmath(value):
    """``value`` in the type kernels compute with: float32 for a float16 (float16
    comparisons would call cuda_fp16 functions that are not linked in), else itself. Plain
    Python (the simulator)."""
    if isinstance(value, np.float16):
        return np.float32(value)
    return value


def _as_float32(value):
    return types.float32(value)


def _as_is(value):
    return value


@overload(opmath, target="cuda", inline="always")
def _opmath_overload(value):
    return _as_float32 if value == types.float16 else _as_is


@cuda.jit(cache=True)
def im2col(cols, x, kh, kw, sh, sw, ph, pw, dh, dw):
    h, w = x.shape[2], x.shape[3]
    ow = (w + 2 * pw - dw * (kw - 1) - 1) // sw + 1
    rows = cols.shape[1]
    l_size = cols.shape[2]
    for t in range(cuda.grid(1), cols.size, cuda.gridsize(1)):
        l = t % l_size
        r = t // l_size
        row = r % rows
        b = r // rows
        j = row % kw
        i = (row // kw) % kh
        ch = row // (kw * kh)
        src_y = (l // ow) * sh - ph + i * dh
        src_x = (l % ow) * sw - pw + j * dw
        if 0 <= src_y < h and 0 <= src_x < w:
            cols[b, row, l] = x[b, ch, src_y, src_x]
        else:
            cols[b, row, l] = 0


@cuda.jit(cache=True)
def col2im(x, cols, kh, kw, sh, sw, ph, pw, dh, dw):
    c, h, w = x.shape[1], x.shape[2], x.shape[3]
    oh = (h + 2 * ph - dh * (kh - 1) - 1) // sh + 1
    ow = (w + 2 * pw - dw * (kw - 1) - 1) // sw + 1
    for t in range(cuda.grid(1), x.size, cuda.gridsize(1)):
        x0 = t % w
        r = t // w
        y0 = r % h
        r = r // h
        ch = r % c
        b = r // c
        acc = opmath_zero(cols)
        for i in range(kh):
            ty = y0 + ph - i * dh  # = y * sh for the output row y reading (y0, x0) at tap i
            if ty < 0 or ty % sh != 0 or ty // sh >= oh:
                continue
            y = ty // sh
            for j in range(kw):
                tx = x0 + pw - j * dw
                if tx < 0 or tx % sw != 0 or tx // sw >= ow:
                    continue
                acc += cols[b, (ch * kh + i) * kw + j, y * ow + tx // sw]
        x[b, ch, y0, x0] = acc


@cuda.jit(cache=True)
def max_pool2d(out, indices, x, kh, kw, sh, sw, ph, pw, dh, dw):
    c, h, w = x.shape[1], x.shape[2], x.shape[3]
    oh, ow = out.shape[2], out.shape[3]
    for t in range(cuda.grid(1), out.size, cuda.gridsize(1)):
        xx = t % ow
        r = t // ow
        y = r % oh
        r = r // oh
        ch = r % c
        b = r // c
        best = opmath(x[b, ch, 0, 0])
        at = -1
        for i in range(kh):
            src_y = y * sh - ph + i * dh
            if src_y < 0 or src_y >= h:
                continue
            for j in range(kw):
                src_x = xx * sw - pw + j * dw
                if src_x < 0 or src_x >= w:
                    continue
                v = opmath(x[b, ch, src_y, src_x])
                if at < 0 or v > best or v != v:
                    best = v
                    at = src_y * w + src_x
                    if v != v:
                        break
        if at < 0:
            out[b, ch, y, xx] = -math.inf
        else:
            out[b, ch, y, xx] = best
        indices[b, ch, y, xx] = at


@cuda.jit(cache=True)
def max_pool2d_backward(grad_x, grad_out, indices):
    l_size = grad_out.shape[1]
    for t in range(cuda.grid(1), grad_out.size, cuda.gridsize(1)):
        p = t // l_size
        k = t % l_size
        cuda.atomic.add(grad_x, (p, indices[p, k]), grad_out[p, k])


KERNELS = {
    "im2col": im2col,
    "col2im": col2im,
    "max_pool2d": max_pool2d,
    "max_pool2d_backward": max_pool2d_backward,
}
