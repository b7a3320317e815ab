"""DLPack on the CPU backend: a capsule over an ndarray's memory, an ndarray over a capsule's."""

from __future__ import annotations

import numpy as np

from .. import dlpack
from .storage import data_ptr, strides_of


def to_dlpack(data: np.ndarray, device_id: int, versioned: bool, copied: bool = False, stream=None):
    """A DLPack capsule (kDLCPU) sharing ``data``'s memory, which it keeps alive until the
    consumer's deleter call (``device_id`` and ``stream`` mean nothing on the CPU)."""
    return dlpack.export(
        data_ptr(data),
        data.shape,
        strides_of(data),
        data.dtype,
        (dlpack.DLDeviceType.kDLCPU, 0),
        data,
        versioned,
        copied,
    )


def from_dlpack(capsule) -> np.ndarray:
    """An ndarray over the host memory of an unconsumed DLPack capsule (consuming it)."""
    return dlpack.host_array(dlpack.consume(capsule, dlpack.HOST_DEVICES))
