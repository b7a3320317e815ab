"""Convolution and pooling CPU kernels: im2col/col2im and max pooling, output first.

Images are [N, C, H, W]; a window has kh x kw taps with stride, zero padding and dilation.
``cols`` is [N, C * kh * kw, OH * OW]: the convolution is then one matrix product.
"""

import numpy as np
from numba import njit, prange

from .twins import serial_twin


@njit(cache=True, parallel=True)
def im2col(cols, x, kh, kw, sh, sw, ph, pw, dh, dw):
    n, c, h, w = x.shape
    oh = (h + 2 * ph - dh * (kh - 1) - 1) // sh + 1
    ow = (w + 2 * pw - dw * (kw - 1) - 1) // sw + 1
    for t in prange(n * c):
        b, ch = t // c, t % c
        for i in range(kh):
            for j in range(kw):
                row = (ch * kh + i) * kw + j
                for y in range(oh):
                    src_y = y * sh - ph + i * dh
                    for xx in range(ow):
                        src_x = xx * sw - pw + j * dw
                        if 0 <= src_y < h and 0 <= src_x < w:
                            cols[b, row, y * ow + xx] = x[b, ch, src_y, src_x]
                        else:
                            cols[b, row, y * ow + xx] = 0


@njit(cache=True, parallel=True)
def col2im(x, cols, kh, kw, sh, sw, ph, pw, dh, dw):
    # the adjoint of im2col: every window tap adds its column value back to its pixel
    n, c, h, w = x.shape
    oh = (h + 2 * ph - dh * (kh - 1) - 1) // sh + 1
    ow = (w + 2 * pw - dw * (kw - 1) - 1) // sw + 1
    for t in prange(n * c):
        b, ch = t // c, t % c
        for y0 in range(h):
            for x0 in range(w):
                x[b, ch, y0, x0] = 0
        for i in range(kh):
            for j in range(kw):
                row = (ch * kh + i) * kw + j
                for y in range(oh):
                    src_y = y * sh - ph + i * dh
                    if src_y < 0 or src_y >= h:
                        continue
                    for xx in range(ow):
                        src_x = xx * sw - pw + j * dw
                        if 0 <= src_x < w:
                            x[b, ch, src_y, src_x] += cols[b, row, y * ow + xx]


@njit(cache=True, parallel=True)
def max_pool2d(out, indices, x, kh, kw, sh, sw, ph, pw, dh, dw):
    # out/indices are [N, C, OH, OW]; indices are flat positions in each H x W plane; NaN wins
    n, c, h, w = x.shape
    oh, ow = out.shape[2], out.shape[3]
    for t in prange(n * c):
        b, ch = t // c, t % c
        for y in range(oh):
            for xx in range(ow):
                best = -np.inf
                at = -1
                for i in range(kh):
                    src_y = y * sh - ph + i * dh
                    if src_y < 0 or src_y >= h:
                        continue
                    for j in range(kw):
                        src_x = xx * sw - pw + j * dw
                        if src_x < 0 or src_x >= w:
                            continue
                        v = x[b, ch, src_y, src_x]
                        if at < 0 or v > best or v != v:
                            best = v
                            at = src_y * w + src_x
                            if v != v:
                                break
                out[b, ch, y, xx] = best
                indices[b, ch, y, xx] = at


@njit(cache=True, parallel=True)
def max_pool2d_backward(grad_x, grad_out, indices):
    # grad_x [P, H*W] gets each output's gradient at the position that won its window
    for p in prange(grad_x.shape[0]):
        for k in range(grad_x.shape[1]):
            grad_x[p, k] = 0
        for k in range(grad_out.shape[1]):
            grad_x[p, indices[p, k]] += grad_out[p, k]


# serial twins for small images (twins.py): the dispatcher picks by size
im2col_serial = serial_twin(im2col)
col2im_serial = serial_twin(col2im)
max_pool2d_serial = serial_twin(max_pool2d)
max_pool2d_backward_serial = serial_twin(max_pool2d_backward)
