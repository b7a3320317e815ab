"""Random draws on the CPU: Philox4x32-10 kernels (kernels/cpu/random.py)."""

from __future__ import annotations

from kernels.philox import draw_plan

from .kernels import module, parallel_kernel

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
    name, _, args = draw_plan(kind, out.dtype, seed, offset, a, b, bits)
    table = module("random").KERNELS
    kernel = (
        parallel_kernel(table[name + "_parallel"]) if out.size >= PARALLEL_FROM else table[name]
    )
    kernel(out.reshape(-1), *args)
