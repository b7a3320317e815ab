"""numba.cuda as this backend sees it: hardware or simulator, and the two array types.

On hardware a storage is a ``numba.cuda.cudadrv.devicearray.DeviceNDArray``. Under the
simulator (``NUMBA_ENABLE_CUDASIM=1``) it is a ``SimArray``: the simulator's ``FakeCUDAArray``
(a wrapper around a host ndarray) with the two things numba's real arrays have and the fake
lacks: a plain-tuple ``shape`` (the fake's refuses negative indices) and a
``__cuda_array_interface__`` (so ``backend.device_of_storage`` recognises it).
"""

from __future__ import annotations

import numpy as np
from numba import cuda
from numba.core import config

SIMULATOR: bool = bool(config.ENABLE_CUDASIM)

if SIMULATOR:
    from numba.cuda.simulator.cudadrv.devicearray import FakeCUDAArray

    class SimArray(FakeCUDAArray):
        """A simulated device array over the host ndarray ``ary``."""

        @property
        def shape(self):
            return self._ary.shape

        @property
        def __cuda_array_interface__(self):
            ary = self._ary
            return {
                "shape": ary.shape,
                "strides": None if ary.flags.c_contiguous else ary.strides,
                "data": (ary.__array_interface__["data"][0], False),
                "typestr": ary.dtype.str,
                "stream": None,
                "version": 3,
            }

    ARRAY_TYPES: tuple = (FakeCUDAArray,)
else:
    from numba.cuda.cudadrv.devicearray import DeviceNDArray

    ARRAY_TYPES = (DeviceNDArray,)


def is_device_array(data) -> bool:
    return isinstance(data, ARRAY_TYPES)


def host_buffer(data) -> np.ndarray:
    """Under the simulator: the host ndarray a device array wraps (same memory)."""
    return data._ary


def wrap(ary: np.ndarray):
    """Under the simulator: a device array over the host ndarray ``ary`` (same memory)."""
    return SimArray(ary)


def device_pointer(data) -> int:
    """The address of ``data``'s first element (0 for an empty array on hardware)."""
    if SIMULATOR:
        return data._ary.__array_interface__["data"][0]
    return data.device_ctypes_pointer.value or 0


__all__ = [
    "ARRAY_TYPES",
    "SIMULATOR",
    "cuda",
    "device_pointer",
    "host_buffer",
    "is_device_array",
    "wrap",
]
