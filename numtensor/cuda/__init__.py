"""``numtensor.cuda``: PyTorch's ``torch.cuda`` names over numba.cuda.

Nothing here imports numba.cuda until a function needs it, and nothing raises ImportError
without numba-cuda: ``is_available()`` is then False. Under ``NUMBA_ENABLE_CUDASIM=1`` the
simulator counts as one device. Functions that query a device raise RuntimeError when there
is none; ``synchronize``, the seeds and the memory statistics work (or do nothing) anywhere.
"""

from __future__ import annotations

from ._numba import backend, numba_cuda
from .memory import (
    empty_cache,
    max_memory_allocated,
    memory_allocated,
    memory_reserved,
    memory_stats,
    reset_peak_memory_stats,
)


def is_available() -> bool:
    """True when numba-cuda is installed and sees at least one GPU (or the simulator)."""
    cuda = numba_cuda()
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
        return len(numba_cuda().gpus)
    except Exception:
        return 0


def _require() -> object:
    if not is_available():
        raise RuntimeError("numtensor.cuda: no CUDA device is available")
    return numba_cuda()


def _index(device) -> int:
    """The device index of an int, 'cuda:N', a numtensor.device or None (current)."""
    if device is None:
        return current_device()
    if isinstance(device, int) and not isinstance(device, bool):
        return device
    from .._device import device as device_type

    dev = device_type(device)
    if dev.type != "cuda":
        raise ValueError(f"Expected a cuda device, but got: {dev}")
    return current_device() if dev.index is None else dev.index


def current_device() -> int:
    """The index of the current device (0 before any has been selected)."""
    current = _require().gpus.current
    return 0 if current is None else int(current.id)


def set_device(device) -> None:
    """Make ``device`` current for this thread (creates its CUDA context)."""
    index = _index(device)
    if index < 0:
        return
    cuda = _require()
    if not 0 <= index < device_count():
        raise RuntimeError(f"CUDA error: invalid device ordinal {index}")
    backend()  # the caching allocator must be installed before the first context exists
    cuda.select_device(index)


class device:
    """Context manager that makes ``device`` current and restores the previous one."""

    def __init__(self, device):
        self.index = -1 if device is None else _index(device)
        self.previous = -1

    def __enter__(self):
        if self.index >= 0:
            self.previous = current_device()
            if self.previous != self.index:
                set_device(self.index)
        return self

    def __exit__(self, *exc) -> None:
        if self.index >= 0 and self.previous != self.index:
            set_device(self.previous)


def get_device_name(device=None) -> str:
    """The GPU's name ('SIMULATOR' under the simulator)."""
    gpu = _require().gpus[_index(device)]
    name = getattr(gpu, "name", "SIMULATOR")
    return name.decode() if isinstance(name, bytes) else str(name)


def get_device_capability(device=None) -> tuple:
    """(major, minor) compute capability."""
    major, minor = _require().gpus[_index(device)].compute_capability
    return int(major), int(minor)


def synchronize(device=None) -> None:
    """Wait for all work queued on the GPU; a no-op without CUDA."""
    if is_available():
        numba_cuda().synchronize()


def manual_seed(seed: int) -> None:
    """Seeds numtensor's one generator (kept for API compatibility)."""
    from ..random import manual_seed as _manual_seed

    _manual_seed(seed)


manual_seed_all = manual_seed

__all__ = [
    "current_device",
    "device",
    "device_count",
    "empty_cache",
    "get_device_capability",
    "get_device_name",
    "is_available",
    "manual_seed",
    "manual_seed_all",
    "max_memory_allocated",
    "memory_allocated",
    "memory_reserved",
    "memory_stats",
    "reset_peak_memory_stats",
    "set_device",
    "synchronize",
]
