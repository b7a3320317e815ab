"""The CUDA caching allocator: numba-cuda's External Memory Management (EMM) plugin over a
``CachingPool`` (see pool.py), so a training step reuses blocks instead of calling
``cuMemAlloc``/``cuMemFree`` for every intermediate tensor.

On hardware ``install()`` (run when ``numtensor.backend.cuda`` is first imported) registers
``CachingMemoryManager`` with ``numba.cuda.set_memory_manager``. numba instantiates the plugin
once per CUDA context, so it must be registered before the first context exists; if a context
already exists, or registering fails, numba's default manager stays (with a warning) and the
statistics read zero. ``NUMTENSOR_CUDA_ALLOCATOR=default`` skips the plugin, and so does a
plugin chosen through numba's own ``NUMBA_CUDA_MEMORY_MANAGER`` (RMM, say).

Blocks return to the pool as soon as their last array dies (numba's reference counting of
``AutoFreePointer``) and are reused by later allocations without synchronising: safe because
every kernel and copy of this backend runs on the default stream, in order. Work on other
streams must not use arrays freed while it runs.

Under the simulator numba ignores EMM; ``track(ary)`` (called by ``storage.empty``) runs the
same pool with a counting "driver", so the statistics and their tests behave alike.
"""

from __future__ import annotations

import itertools
import os
import warnings
import weakref

from .pool import CachingPool
from .runtime import SIMULATOR

ENV = "NUMTENSOR_CUDA_ALLOCATOR"

if SIMULATOR:
    _handles = itertools.count(1)
    _SIM_POOL = CachingPool(lambda nbytes: next(_handles), lambda handle: None)

    def track(ary) -> None:
        """Count host ndarray ``ary`` (a simulated device allocation) until it dies."""
        if ary.nbytes:
            handle, size = _SIM_POOL.allocate(ary.nbytes)
            weakref.finalize(ary, _SIM_POOL.release, handle, size)

    def install() -> bool:
        return False

    def current_pool():
        return _SIM_POOL

else:
    from numba import cuda
    from numba.cuda.core import config as _config
    from numba.cuda.cudadrv import driver as _driver

    def track(ary) -> None:
        pass

    class CachingMemoryManager(_driver.GetIpcHandleMixin, _driver.HostOnlyCUDAMemoryManager):
        """numba EMM plugin: device allocations come from a per-context ``CachingPool``."""

        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self._live: dict = {}
            self.pool = CachingPool(self._raw_alloc, self._raw_free, _is_oom)

        @staticmethod
        def _raw_alloc(nbytes: int) -> int:
            return int(_driver.driver.cuMemAlloc(nbytes))

        @staticmethod
        def _raw_free(handle: int) -> None:
            _driver.driver.cuMemFree(_driver.binding.CUdeviceptr(handle))

        def initialize(self) -> None:
            if self.deallocations.memory_capacity == _driver._SizeNotSet:
                self.deallocations.memory_capacity = self.get_memory_info().total

        def memalloc(self, size: int):
            handle, block = self.pool.allocate(size)
            live, pool = self._live, self.pool

            def finalizer():
                live.pop(handle, None)
                pool.release(handle, block)

            ptr = _driver.binding.CUdeviceptr(handle)
            mem = _driver.AutoFreePointer(
                weakref.proxy(self.context), ptr, size, finalizer=finalizer
            )
            live[handle] = mem
            return mem.own()

        def get_memory_info(self):
            free, total = _driver.driver.cuMemGetInfo()
            return _driver.MemoryInfo(free=free, total=total)

        def reset(self) -> None:
            super().reset()
            self._live.clear()
            self.pool.empty_cache()

        @property
        def interface_version(self) -> int:
            return 1

    def _is_oom(exc) -> bool:
        code = getattr(exc, "code", None)
        return code == _driver.binding.CUresult.CUDA_ERROR_OUT_OF_MEMORY

    def install() -> bool:
        """Register the caching plugin; False (and a warning) when numba's default stays."""
        if os.environ.get(ENV, "caching") == "default":
            return False
        try:
            if _config.CUDA_MEMORY_MANAGER != "default":  # the user chose numba's plugin
                return False
            current = _driver._memory_manager
            if current is CachingMemoryManager:
                return True
            if current is not None:
                warnings.warn(
                    "numtensor: a CUDA context or memory manager existed before numtensor's "
                    "CUDA backend was imported; using numba's default allocator (no caching)",
                    RuntimeWarning,
                    stacklevel=2,
                )
                return False
            cuda.set_memory_manager(CachingMemoryManager)
            return True
        except Exception as exc:  # any failure: numba's own allocator still works
            warnings.warn(
                f"numtensor: could not install the CUDA caching allocator ({exc!r}); "
                "using numba's default allocator",
                RuntimeWarning,
                stacklevel=2,
            )
            return False

    def current_pool():
        """The pool of the current context, or None under numba's default manager."""
        manager = cuda.current_context().memory_manager
        return getattr(manager, "pool", None)


def stats() -> dict:
    """The current device's allocator counters (zeros when the caching plugin is not in use)."""
    pool = current_pool()
    if pool is None:
        return CachingPool(None, None).stats()
    return pool.stats()


def memory_allocated() -> int:
    return stats()["allocated_bytes"]


def max_memory_allocated() -> int:
    return stats()["peak_allocated_bytes"]


def memory_reserved() -> int:
    return stats()["reserved_bytes"]


def reset_peak_memory_stats() -> None:
    pool = current_pool()
    if pool is not None:
        pool.reset_peak()


def empty_cache() -> None:
    """Give cached blocks back to the driver (a no-op under numba's default manager)."""
    pool = current_pool()
    if pool is not None:
        pool.empty_cache()
