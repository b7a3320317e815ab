"""Random draws on the GPU: Philox4x32-10 kernels (kernels/cuda/random.py), the same numbers
as the CPU backend's for the same (seed, offset)."""

from __future__ import annotations

import numpy as np

from kernels.philox import launch_arguments

from .kernels import kernel
from .launch import launch
from .layout import view


def random_(out, kind: str, seed: int, offset: int, a, b, bits: int = 24) -> None:
    """Fill the contiguous ``out``: see ``numtensor.backend.cpu.random.random_``."""
    n = out.size
    if n == 0:
        return
    flat = view(out, (n,), (1,))
    args = launch_arguments(kind, seed, offset, a, b, bits)
    if kind == "integers":
        launch(kernel("random", "integers64"), -(-n // 2), flat, *args)
    elif out.dtype == np.float32:
        launch(kernel("random", "floats32"), -(-n // 4), flat, *args)
    else:
        launch(kernel("random", "floats64"), -(-n // 2), flat, *args[:1], *args[3:])
