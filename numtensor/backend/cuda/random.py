"""Random draws on the GPU: Philox4x32-10 kernels (kernels/cuda/random.py), the same numbers
as the CPU backend's for the same (seed, offset)."""

from __future__ import annotations

from kernels.philox import draw_plan

from .kernels import kernel
from .launch import launch
from .layout import view


def random_(out, kind: str, seed: int, offset: int, a, b, bits: int = 24) -> None:
    """Fill the contiguous ``out``: see ``numtensor.backend.cpu.random.random_``."""
    n = out.size
    if n == 0:
        return
    name, per, args = draw_plan(kind, out.dtype, seed, offset, a, b, bits)
    launch(kernel("random", name), -(-n // per), view(out, (n,), (1,)), *args)
