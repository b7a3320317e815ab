"""Matrix products on CUDA (kernels/cuda/linalg.py) and the SVD helper (on the host)."""

from __future__ import annotations

from .. import cpu
from .elementwise import elementwise
from .fallback import host_fallback
from .kernels import kernel, module
from .launch import SIM_BLOCKS, configured, grid_for
from .layout import basic_index
from .runtime import SIMULATOR
from .storage import astype, empty, fill_

# output elements below which one thread per element beats the 64 x 64 tiled kernel
SMALL_OUTPUT = 1024


def bmm(a, b, out_dtype):
    """Batched matmul of a[batch, n, k] and b[batch, k, m] into a new [batch, n, m] array
    (the batch dim of either may be a zero-stride broadcast; any strides, e.g. transposed
    matrices, are read in place). float16 inputs are widened by the caller."""
    batch, n, k = a.shape
    m = b.shape[2]
    out = empty((batch, n, m), out_dtype)
    if out.size == 0:
        return out
    if k == 0:
        fill_(out, 0)
        return out
    if a.dtype != out.dtype:
        a = astype(a, out_dtype)
    if b.dtype != out.dtype:
        b = astype(b, out_dtype)
    if n * m < SMALL_OUTPUT:
        configured(kernel("linalg", "bmm_small"), *grid_for(out.size))(out, a, b)
        return out
    linalg = module("linalg")
    grid = linalg.bmm_grid(batch, n, m)
    if SIMULATOR:  # each block is 256 OS threads there: few blocks (the kernel grid-strides)
        grid = (1, 1, min(grid[2], SIM_BLOCKS))
    configured(linalg.bmm, grid, linalg.BMM_BLOCK)(out, a, b)
    return out


def mm(a, b, out_dtype, bias=None):
    """A new [n, m] array ``a[n, k] @ b[k, m]``, plus ``bias`` (a 1-D [m] row added to every
    row of the product, of ``out_dtype``) when given."""
    out = basic_index(bmm(basic_index(a, _BATCH), basic_index(b, _BATCH), out_dtype), (0,))
    if bias is not None and out.size:
        elementwise("add", out, [out, bias])
    return out


_BATCH = (None, Ellipsis)


def fast_mm_grads(g, a, b, need_a: bool, need_b: bool):
    """The CPU's one-kernel gradients of a product have no CUDA twin: None (the ops compose
    them from ``mm``)."""
    return None


svd = host_fallback("svd", cpu.svd)
svd.__doc__ = """(U, S, Vh) of a[batch, m, n] in a's float dtype, ON THE HOST: the input is
copied to the host, LAPACK (the CPU backend's ``svd``) runs there and U, S, Vh are copied
back to new device arrays. No CUDA SVD kernel exists yet (cuSOLVER would be the way)."""

# (LAPACK factorisations on the host, results copied back; cuSOLVER would be the native way)
lapack = host_fallback("lapack", cpu.lapack)

__all__ = ["bmm", "lapack", "svd"]
