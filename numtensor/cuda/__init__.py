"""``numtensor.cuda``: is a GPU usable? Answers via numba.cuda, never raising ImportError."""

from __future__ import annotations

import functools


@functools.cache
def _numba_cuda():
    try:
        from numba import cuda
    except Exception:  # numba-cuda missing or broken: report "no CUDA", like a CPU build
        return None
    return cuda


def is_available() -> bool:
    """True when numba-cuda is installed and sees at least one GPU (or the simulator)."""
    cuda = _numba_cuda()
    if cuda is None:
        return False
    try:
        return bool(cuda.is_available())
    except Exception:
        return False


def device_count() -> int:
    """How many GPUs numba.cuda can see; 0 without a driver."""
    if not is_available():
        return 0
    try:
        return len(_numba_cuda().gpus)
    except Exception:
        return 0


def current_device() -> int:
    return 0


def synchronize(device=None) -> None:
    """Wait for all work queued on the GPU; a no-op without CUDA."""
    if is_available():
        _numba_cuda().synchronize()


def manual_seed(seed: int) -> None:
    """Seeds numtensor's one generator (kept for API compatibility)."""
    from ..random import manual_seed as _manual_seed

    _manual_seed(seed)


manual_seed_all = manual_seed
