"""Device dispatch: moving storage between devices and (later) picking kernels.

This is the one module that knows about both the CPU (NumPy) and the CUDA (numba device
array) storages.
"""

from __future__ import annotations

import numpy as np

from . import cuda as _cuda
from ._device import device


def check_device(dev: device) -> None:
    """Raise PyTorch's error class when a CUDA device is asked for but cannot be used."""
    if dev.type == "cuda":
        if not _cuda.is_available():
            raise RuntimeError(
                "CUDA is not available: numtensor found no CUDA driver or GPU (or the "
                "numba-cuda package is missing); use device='cpu'"
            )
        index = 0 if dev.index is None else dev.index
        if index >= _cuda.device_count():
            raise RuntimeError(
                f"CUDA error: invalid device ordinal (device {index} requested, "
                f"{_cuda.device_count()} available)"
            )


def to_host(data) -> np.ndarray:
    """The storage as a NumPy array (a copy for device arrays, the array itself for CPU)."""
    if isinstance(data, np.ndarray):
        return data
    return data.copy_to_host()


def to_device(data: np.ndarray, dev: device):
    """Put a host array on ``dev``; CPU arrays are returned unchanged."""
    if dev.type == "cpu":
        return data
    check_device(dev)
    from numba import cuda  # imported only when a CUDA device is really used

    with cuda.gpus[dev.index or 0]:
        return cuda.to_device(np.ascontiguousarray(data))
