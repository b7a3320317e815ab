"""Random draws on the CPU: Philox4x32-10 kernels (kernels/cpu/random.py)."""

from __future__ import annotations

import numpy as np

from kernels.philox import launch_arguments

from .kernels import module

PARALLEL_FROM = 1 << 16  # elements: smaller draws stay on one thread (waking the pool costs
# tens of microseconds)


def random_(out, kind: str, seed: int, offset: int, a, b, bits: int = 24) -> None:
    """Fill the contiguous ``out`` with draw number ``offset`` of generator ``seed``:
    ``kind`` 'uniform' (on [a, a + b), from uniforms of ``bits`` significant bits when out is
    float32) or 'normal' (mean a, std b) for float32/float64 out, 'integers' (uniform on
    [a, a + b)) for int64 out. Element i's value depends on (seed, offset, i) only, and is
    the CUDA backend's value too."""
    if out.size == 0:
        return
    kernels = module("random")
    flat = out.reshape(-1)
    args = launch_arguments(kind, seed, offset, a, b, bits)
    if kind == "integers":
        kernel = kernels.integers64
    elif out.dtype == np.float32:
        kernel = kernels.floats32
    else:
        kernel, args = kernels.floats64, args[:1] + args[3:]
    if out.size >= PARALLEL_FROM:
        kernel = getattr(kernels, f"{kernel.__name__}_parallel")
    kernel(flat, *args)
