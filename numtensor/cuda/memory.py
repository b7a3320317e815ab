"""``numtensor.cuda`` memory statistics: the caching allocator's counters, as PyTorch names
them (bytes in allocator blocks; 0 without CUDA)."""

from __future__ import annotations

import contextlib

from ._numba import backend


def _available() -> bool:
    from . import is_available

    return is_available()


@contextlib.contextmanager
def _on(device):
    """Run the body with ``device`` current (None: the current one)."""
    if device is None:
        yield
        return
    from . import device as device_guard

    with device_guard(device):
        yield


def memory_stats(device=None) -> dict:
    """The allocator's counters: allocated/peak/reserved/cached bytes, pool hits and misses,
    blocks given back to the driver."""
    if not _available():
        return {}
    with _on(device):
        return backend().allocator.stats()


def memory_allocated(device=None) -> int:
    """Bytes in blocks held by live device arrays (rounded up to the allocator's sizes)."""
    return memory_stats(device).get("allocated_bytes", 0)


def max_memory_allocated(device=None) -> int:
    """The most ``memory_allocated`` since the start or ``reset_peak_memory_stats``."""
    return memory_stats(device).get("peak_allocated_bytes", 0)


def memory_reserved(device=None) -> int:
    """Bytes the allocator holds from the driver: allocated plus cached blocks."""
    return memory_stats(device).get("reserved_bytes", 0)


def reset_peak_memory_stats(device=None) -> None:
    if _available():
        with _on(device):
            backend().allocator.reset_peak_memory_stats()


def empty_cache() -> None:
    """Give the cached (unused) blocks back to the driver."""
    if _available():
        backend().allocator.empty_cache()
