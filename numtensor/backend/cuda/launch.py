"""Launch configurations of the CUDA kernels (every kernel is a grid-stride loop, so any
configuration is correct; these pick a fast one).

On hardware: 256 threads per block and ``min(ceil(n / 256), 32 * SM count)`` blocks; the
configured ``kernel[grid, block]`` objects are cached. Under the simulator, which runs one
OS thread per CUDA thread, at most 2 blocks of 32 threads (and nothing is cached: the
simulator's ``kernel[grid, block]`` configures the kernel object itself).
"""

from __future__ import annotations

import functools
import warnings

import numpy as np
from numba.cuda.core.errors import NumbaPerformanceWarning

from .runtime import SIMULATOR, cuda

THREADS = 256
BLOCKS_PER_SM = 32
SIM_THREADS = 32
SIM_BLOCKS = 2

_CONFIGURED: dict = {}
CONFIGURED_MAX = 4096  # cached launchers (bmm grids vary with shapes: the cache is bounded)


@functools.cache
def _sm_count(device_id: int) -> int:
    return int(cuda.get_current_device().MULTIPROCESSOR_COUNT)


def sm_count() -> int:
    """Streaming multiprocessors of the current device (1 under the simulator)."""
    if SIMULATOR:
        return 1
    return _sm_count(cuda.get_current_device().id)


def grid_for(n: int, threads: int = THREADS) -> tuple:
    """(blocks, threads per block) for ``n`` independent work items."""
    n = max(int(n), 1)
    if SIMULATOR:
        threads = min(threads, SIM_THREADS)
        return min(-(-n // threads), SIM_BLOCKS), threads
    return min(-(-n // threads), BLOCKS_PER_SM * sm_count()), threads


def configured(kernel, blocks: int, threads: int):
    """``kernel[blocks, threads]``, cached on hardware."""
    if SIMULATOR:
        return kernel[blocks, threads]
    key = (kernel, blocks, threads)
    launcher = _CONFIGURED.get(key)
    if launcher is None:
        if len(_CONFIGURED) >= CONFIGURED_MAX:
            _CONFIGURED.clear()
        with warnings.catch_warnings():
            # numba warns about every grid under 128 blocks; small tensors need small grids
            warnings.simplefilter("ignore", NumbaPerformanceWarning)
            launcher = _CONFIGURED[key] = kernel[blocks, threads]
    return launcher


def launch(kernel, n: int, *args) -> None:
    """Run a grid-stride ``kernel`` over ``n`` items."""
    configured(kernel, *grid_for(n))(*args)


def typed(value, dtype):
    """``value`` as a NumPy scalar of ``dtype`` (so kernels compute in that dtype); the value
    itself when it does not fit (a negative number for an unsigned dtype, a fraction for an
    integer one) or is not a number."""
    dtype = np.dtype(dtype)
    if dtype.kind not in "fiu" or not isinstance(value, (int, float, np.number)):
        return value
    fraction = isinstance(value, (float, np.floating)) and not float(value).is_integer()
    if dtype.kind in "iu" and fraction:
        return value
    try:
        return dtype.type(value)
    except (OverflowError, ValueError):
        return value


def block_size(work: int, cap: int = THREADS) -> int:
    """Threads per block for a block that cooperates on ``work`` items (a row to reduce):
    the next power of two, between 32 and ``cap`` (at most 32 under the simulator)."""
    threads = 32
    while threads < work and threads < cap:
        threads *= 2
    return min(threads, SIM_THREADS) if SIMULATOR else threads


def blocks_for(items: int) -> int:
    """Blocks for ``items`` independent block-sized work items (rows, tiles)."""
    items = max(int(items), 1)
    if SIMULATOR:
        return min(items, SIM_BLOCKS)
    return min(items, BLOCKS_PER_SM * sm_count())


def target_blocks() -> int:
    """Blocks that keep every SM busy (a few per SM; 4 under the simulator)."""
    return 4 if SIMULATOR else 8 * sm_count()
