"""The CUDA backend's caching allocator, launch configurations and public numtensor.cuda API,
and the hardware-only code paths (DeviceNDArray views over fake device pointers, the caching
pool behind numba-cuda's memory-manager plugin with a fake driver), without a GPU.

Run with ``NUMBA_ENABLE_CUDASIM=1 pytest -m cuda tests/test_cuda_allocator.py``.
"""

from __future__ import annotations

import os
import subprocess
import sys

import numpy as np
import pytest

import numtensor.cuda as ntcuda

pytestmark = pytest.mark.cuda

if not ntcuda.is_available():
    pytest.skip("needs a CUDA device or NUMBA_ENABLE_CUDASIM=1", allow_module_level=True)

from numtensor.backend import cuda as B  # noqa: E402
from numtensor.backend.cuda import allocator, launch  # noqa: E402
from numtensor.backend.cuda.pool import CachingPool, size_class  # noqa: E402

# ---- allocator and launch configuration --------------------------------------------------------


def test_size_classes():
    assert [size_class(n) for n in (1, 512, 513, 1 << 20)] == [512, 512, 1024, 1 << 20]
    assert size_class((1 << 20) + 1) == (1 << 20) + (1 << 18)
    for n in (3 << 20, 5_000_000, 1 << 30):
        assert n <= size_class(n) <= n * 1.25


def test_pool_reuses_blocks_and_empties_its_cache():
    handles, freed = iter(range(1, 100)), []
    pool = CachingPool(lambda n: next(handles), freed.append)
    h1, s1 = pool.allocate(1000)
    assert s1 == 1024 and pool.stats()["reserved_bytes"] == 1024
    pool.release(h1, s1)
    h2, _ = pool.allocate(900)  # same size class: the cached block, no driver call
    assert h2 == h1
    stats = pool.stats()
    assert (stats["pool_hits"], stats["pool_misses"], stats["allocated_bytes"]) == (1, 1, 1024)
    pool.release(h2, 1024)
    pool.reset_peak()
    assert pool.stats()["peak_allocated_bytes"] == 0
    pool.empty_cache()
    assert freed == [h1] and pool.stats()["reserved_bytes"] == 0


def test_pool_empties_its_cache_when_the_driver_runs_out():
    class OutOfMemory(Exception):
        pass

    live = set()

    def raw_alloc(n):
        if len(live) >= 2:
            raise OutOfMemory
        live.add(handle := len(live) + 100 * n)
        return handle

    pool = CachingPool(raw_alloc, live.discard, lambda e: isinstance(e, OutOfMemory))
    first = pool.allocate(512)
    pool.allocate(512)
    pool.release(*first)
    pool.allocate(4096)  # a new size class: the cached 512-byte block is freed to make room
    assert pool.stats()["driver_frees"] == 1
    with pytest.raises(OutOfMemory):
        pool.allocate(8192)


def test_allocator_stats_move_when_allocating():
    ntcuda.empty_cache()
    base = ntcuda.memory_allocated()
    x = B.empty((1000,), np.float64)
    assert ntcuda.memory_allocated() == base + 8192
    assert ntcuda.max_memory_allocated() >= base + 8192
    assert ntcuda.memory_reserved() >= base + 8192
    del x
    assert ntcuda.memory_allocated() == base
    hits = allocator.stats()["pool_hits"]
    y = B.empty((1024,), np.float64)  # the block x left behind
    assert allocator.stats()["pool_hits"] == hits + 1
    del y
    ntcuda.reset_peak_memory_stats()
    assert ntcuda.max_memory_allocated() == ntcuda.memory_allocated()
    ntcuda.empty_cache()
    assert ntcuda.memory_reserved() == ntcuda.memory_allocated()


def test_launch_configuration():
    blocks, threads = launch.grid_for(10_000)
    if launch.SIMULATOR:
        assert blocks <= 2 and threads <= 64
    else:
        assert threads == 256 and blocks <= 32 * launch.sm_count()
    assert launch.grid_for(1)[0] == 1
    assert type(launch.typed(0.5, np.float32)) is np.float32
    assert launch.typed(-1, np.uint8) == -1 and launch.typed(0.5, np.int64) == 0.5


def test_public_cuda_module():
    assert ntcuda.is_available() and ntcuda.device_count() >= 1
    assert ntcuda.current_device() == 0
    ntcuda.set_device(0)
    assert isinstance(ntcuda.get_device_name(), str)
    major, minor = ntcuda.get_device_capability()
    assert major >= 3 and minor >= 0
    ntcuda.synchronize()
    ntcuda.manual_seed(3)
    ntcuda.manual_seed_all(3)
    with ntcuda.device(0):
        assert ntcuda.current_device() == 0


# ---- hardware code paths without a GPU ---------------------------------------------------------
# numba's real DeviceNDArray needs no context when given its memory: over a fake device address
# (never dereferenced) the hardware branches of view/basic_index/permute/shares_memory, the
# interface dict, allocation lifetimes and the EMM plugin (over a fake driver) all run on the
# CPU. The simulator replaces numba's devicearray module, so this runs in a fresh interpreter.

HARDWARE_SCRIPT = """
import gc

import numpy as np
from numba.cuda.cudadrv import driver
from numba.cuda.cudadrv.devicearray import DeviceNDArray

from numtensor.backend import cuda as B
from numtensor.backend.cuda.allocator import CachingMemoryManager

assert driver._memory_manager is CachingMemoryManager  # installed at import, no context yet

# a DeviceNDArray over a fake device address (never dereferenced: only geometry is tested)
freed = []
ADDRESS = 1 << 32
pointer = driver.binding.CUdeviceptr(ADDRESS)
root = driver.AutoFreePointer(None, pointer, 96, finalizer=lambda: freed.append(1))
base = DeviceNDArray((2, 3, 4), (48, 16, 4), np.float32, gpu_data=root.own())
ref = np.zeros((2, 3, 4), np.float32)

def check(d, r):
    assert tuple(d.shape) == r.shape, (d.shape, r.shape)
    assert B.strides_of(d) == tuple(s // 4 for s in r.strides)
    offset = r.__array_interface__["data"][0] - ref.__array_interface__["data"][0]
    assert B.data_ptr(d) == ADDRESS + offset, (B.data_ptr(d), offset)
    assert B.is_contiguous(d) == (r.flags.c_contiguous or r.size <= 1)

shifted = np.lib.stride_tricks.as_strided(ref.reshape(-1)[2:], (3, 4), (32, 4))
check(B.view(base, (3, 4), (8, 1), 2), shifted)
check(B.permute(base, (2, 0, 1)), ref.transpose(2, 0, 1))
check(B.basic_index(base, (1, slice(1, None), slice(0, 4, 2))), ref[1, 1:, 0:4:2])
check(B.basic_index(base, (1, 2, 3)), ref[1, 2, 3, ...])
check(B.reshape_view(base, (4, 6)), ref.reshape(4, 6))
row = B.basic_index(base, (0, 0))
far = B.view(row, (4,), (1,), 20)  # beyond the row's own extent: through the allocation
assert B.data_ptr(far) == ADDRESS + 80
assert B.shares_memory(B.basic_index(base, (0,)), far) is False
assert B.shares_memory(B.basic_index(base, (1,)), far) is True
even = B.basic_index(base, (Ellipsis, slice(0, None, 2)))
odd = B.basic_index(base, (Ellipsis, slice(1, None, 2)))
assert not B.shares_memory(even, odd) and not B.overlaps_partially(base, base)
sq = B.view(base, (4, 4), (4, 1))
assert B.overlaps_partially(B.permute(sq, (1, 0)), sq)
cai = B.cuda_array_interface(B.view(base, (5, 3, 4), (0, 4, 1)))
assert cai["strides"] == (0, 16, 4) and cai["stream"] == 1 and cai["data"] == (ADDRESS, False)
assert B.cuda_array_interface(base)["strides"] is None

# views keep the allocation alive
del base, row, even, odd, sq
gc.collect()
assert not freed
del far
gc.collect()
assert freed == [1], freed  # the last view gone: the allocation is released

# the EMM plugin over a fake driver: blocks come back to the pool and are reused
class Context:
    pass

handles = iter(range(1 << 40, (1 << 40) + 10 * (1 << 20), 1 << 20))
released = []
CachingMemoryManager._raw_alloc = staticmethod(lambda n: next(handles))
CachingMemoryManager._raw_free = staticmethod(released.append)
context = Context()
manager = CachingMemoryManager(context=context)
ptr = manager.memalloc(1000)
a = DeviceNDArray((250,), (4,), np.float32, gpu_data=ptr)
first = B.data_ptr(a)
view = B.basic_index(a, (slice(10, 20),))
stats = manager.pool.stats()
assert stats["allocated_bytes"] == 1024 and stats["pool_misses"] == 1, stats
del a, ptr
gc.collect()
assert manager.pool.stats()["allocated_bytes"] == 1024  # the view still holds the block
del view
gc.collect()
assert manager.pool.stats()["allocated_bytes"] == 0
again = manager.memalloc(900)
assert int(again.device_pointer_value) == first and manager.pool.stats()["pool_hits"] == 1
del again
gc.collect()
manager.pool.empty_cache()
assert released == [first], released
print("ok")
"""


def test_hardware_paths_over_fake_device_memory(tmp_path):
    script = tmp_path / "hardware_paths.py"
    script.write_text(HARDWARE_SCRIPT)
    env = {k: v for k, v in os.environ.items() if k != "NUMBA_ENABLE_CUDASIM"}
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    env["PYTHONPATH"] = root + os.pathsep + env.get("PYTHONPATH", "")
    done = subprocess.run(
        [sys.executable, str(script)], env=env, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0 and done.stdout.strip() == "ok", done.stdout + done.stderr
