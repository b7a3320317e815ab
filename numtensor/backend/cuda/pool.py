"""A size-bucketed caching pool: the bookkeeping of the CUDA caching allocator.

It knows nothing about CUDA: ``raw_alloc(nbytes) -> handle`` and ``raw_free(handle)`` are
given to it (``cuMemAlloc``/``cuMemFree`` on hardware, counters under the simulator), so the
same logic and statistics run, and are tested, everywhere.

Requests are rounded up to a *size class* (512-byte steps up to 1 MiB, then four classes per
power of two: at most 25% waste). A released block goes to the free list of its class and is
handed out again to the next request of that class, without a driver call. ``empty_cache``
returns every cached block to the driver; an allocation the driver refuses for lack of
memory empties the cache and tries once more.

Blocks are released from finalizers, which the garbage collector may run in the middle of
``allocate``: ``release`` only appends to a deque (atomic under the GIL) and the other methods
drain it under the lock, so a release never re-enters the bookkeeping.
"""

from __future__ import annotations

import collections
import threading

SMALL_STEP = 512
SMALL_MAX = 1 << 20


def size_class(nbytes: int) -> int:
    """The block size a request of ``nbytes`` gets."""
    nbytes = max(int(nbytes), 1)
    if nbytes <= SMALL_MAX:
        return -(-nbytes // SMALL_STEP) * SMALL_STEP
    step = (1 << (nbytes.bit_length() - 1)) // 4
    return -(-nbytes // step) * step


class CachingPool:
    """Free lists of blocks by size class, with PyTorch-style statistics (in bytes of blocks)."""

    def __init__(self, raw_alloc, raw_free, is_oom=lambda exc: False):
        self._raw_alloc = raw_alloc
        self._raw_free = raw_free
        self._is_oom = is_oom
        self._lock = threading.Lock()
        self._free: dict[int, list] = collections.defaultdict(list)
        self._released: collections.deque = collections.deque()
        self.allocated = 0  # bytes in blocks handed out and not yet released
        self.peak = 0  # most ``allocated`` since the last reset_peak
        self.reserved = 0  # bytes held from the driver: allocated + cached
        self.hits = 0  # requests served from a free list
        self.misses = 0  # requests that called raw_alloc
        self.frees = 0  # blocks given back to the driver

    def allocate(self, nbytes: int):
        """(handle, block size) of a block of at least ``nbytes`` bytes."""
        size = size_class(nbytes)
        with self._lock:
            self._drain()
            blocks = self._free.get(size)
            if blocks:
                handle = blocks.pop()
                self.hits += 1
            else:
                handle = self._new_block(size)
                self.misses += 1
                self.reserved += size
            self.allocated += size
            self.peak = max(self.peak, self.allocated)
        return handle, size

    def _new_block(self, size: int):
        try:
            return self._raw_alloc(size)
        except Exception as exc:
            if not self._is_oom(exc):
                raise
        self._empty_cache()
        return self._raw_alloc(size)

    def release(self, handle, size: int) -> None:
        """Give a block back to the pool (safe to call from a finalizer)."""
        self._released.append((handle, size))

    def _drain(self) -> None:
        released = self._released
        while released:
            handle, size = released.popleft()
            self.allocated -= size
            self._free[size].append(handle)

    def empty_cache(self) -> None:
        """Return every cached (free) block to the driver."""
        with self._lock:
            self._drain()
            self._empty_cache()

    def _empty_cache(self) -> None:
        for size, blocks in self._free.items():
            while blocks:
                self._raw_free(blocks.pop())
                self.reserved -= size
                self.frees += 1

    def reset_peak(self) -> None:
        with self._lock:
            self._drain()
            self.peak = self.allocated

    def stats(self) -> dict:
        """The counters, after taking in the blocks released so far."""
        with self._lock:
            self._drain()
            cached = sum(size * len(blocks) for size, blocks in self._free.items())
            return {
                "allocated_bytes": self.allocated,
                "peak_allocated_bytes": self.peak,
                "reserved_bytes": self.reserved,
                "cached_bytes": cached,
                "pool_hits": self.hits,
                "pool_misses": self.misses,
                "driver_frees": self.frees,
            }
