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
    """Returns the caching allocator's counters for a device, a dict: allocated, peak,
    reserved and cached bytes, pool hits and misses, blocks given back to the driver
    (empty without CUDA).

    Args:
        device (int, str or numtensor.device, optional): the device. Default: the
            current one

    Differs from PyTorch: the keys are numtensor's allocator's (e.g.
    ``"allocated_bytes"``, ``"peak_allocated_bytes"``, ``"reserved_bytes"``), not
    PyTorch's ``"allocated_bytes.all.current"`` family.

    Example::

        >>> stats = torch.cuda.memory_stats()
        >>> isinstance(stats, dict)
        True
    """
    if not _available():
        return {}
    with _on(device):
        return backend().allocator.stats()


def memory_allocated(device=None) -> int:
    """Returns the GPU memory held by live tensors, in bytes (blocks rounded up to the
    allocator's sizes); 0 without CUDA.

    Args:
        device (int, str or numtensor.device, optional): the device. Default: the
            current one

    Example::

        >>> torch.cuda.memory_allocated() >= 0
        True
        >>> x = torch.empty(1024, device="cuda")  # doctest: +SKIP
        >>> torch.cuda.memory_allocated()  # doctest: +SKIP
        4096
    """
    return memory_stats(device).get("allocated_bytes", 0)


def max_memory_allocated(device=None) -> int:
    """Returns the peak of :func:`memory_allocated`, in bytes, since the start or the
    last :func:`reset_peak_memory_stats`; 0 without CUDA.

    Args:
        device (int, str or numtensor.device, optional): the device. Default: the
            current one

    Example::

        >>> torch.cuda.max_memory_allocated() >= torch.cuda.memory_allocated()
        True
    """
    return memory_stats(device).get("peak_allocated_bytes", 0)


def memory_reserved(device=None) -> int:
    """Returns the GPU memory the caching allocator holds from the driver, in bytes:
    allocated plus cached blocks; 0 without CUDA.

    Args:
        device (int, str or numtensor.device, optional): the device. Default: the
            current one

    Example::

        >>> torch.cuda.memory_reserved() >= torch.cuda.memory_allocated()
        True
    """
    return memory_stats(device).get("reserved_bytes", 0)


def reset_peak_memory_stats(device=None) -> None:
    """Resets the peak counters (:func:`max_memory_allocated`) to the current values;
    does nothing without CUDA.

    Args:
        device (int, str or numtensor.device, optional): the device. Default: the
            current one

    Example::

        >>> torch.cuda.reset_peak_memory_stats()
        >>> torch.cuda.max_memory_allocated() == torch.cuda.memory_allocated()
        True
    """
    if _available():
        with _on(device):
            backend().allocator.reset_peak_memory_stats()


def empty_cache() -> None:
    """Gives the cached (unused) blocks of the caching allocator back to the driver, so
    other processes can use that memory; tensors alive are not affected.

    Example::

        >>> torch.cuda.empty_cache()
    """
    if _available():
        backend().allocator.empty_cache()
