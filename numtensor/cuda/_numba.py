"""numba.cuda, imported on first use (importing numtensor must not import it: it is slow)."""

from __future__ import annotations

import functools


@functools.cache
def numba_cuda():
    """The ``numba.cuda`` module, or None when numba-cuda is missing or broken."""
    try:
        from numba import cuda
    except Exception:  # numba-cuda missing or broken: report "no CUDA", like a CPU build
        return None
    return cuda


def backend():
    """``numtensor.backend.cuda`` (importing it installs the caching allocator, so anything
    that may create a CUDA context imports it first)."""
    from ..backend import cuda as backend_cuda

    return backend_cuda
