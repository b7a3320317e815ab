"""Zero-copy exchange with other CUDA libraries (CuPy, PyTorch, JAX...) through
``__cuda_array_interface__`` (version 3) and DLPack capsules (kDLCUDA)."""

from __future__ import annotations

import numpy as np

from .. import dlpack
from .layout import is_contiguous, strides_of
from .runtime import SIMULATOR, cuda, device_pointer, wrap
from .storage import empty

# the stream our kernels and copies run on, as the interface spells it: 1 is CUDA's legacy
# default stream (a consumer on another stream synchronises with it); the simulator has none
_STREAM = None if SIMULATOR else 1


def cuda_array_interface(data) -> dict:
    """``data``'s ``__cuda_array_interface__``: strides are None only for a C-contiguous
    array, explicit otherwise (0 along broadcast dims, which numba's own reports as None)."""
    return {
        "shape": tuple(data.shape),
        "strides": None if is_contiguous(data) else tuple(data.strides),
        "typestr": data.dtype.str,
        "data": (device_pointer(data), False),
        "stream": _STREAM,
        "version": 3,
    }


class _HostView:
    """Under the simulator: a NumPy view of the memory an interface describes, which keeps
    the exporting object alive."""

    def __init__(self, desc: dict, owner):
        self.owner = owner
        self.__array_interface__ = {
            "shape": tuple(desc["shape"]),
            "strides": desc.get("strides"),
            "typestr": desc["typestr"],
            "data": tuple(desc["data"]),
            "version": 3,
        }


def from_cuda_array_interface(obj):
    """A device array over the memory of any object exposing ``__cuda_array_interface__``
    (no copy; the array keeps ``obj`` alive). On hardware this waits for the exporter's
    stream, as numba's ``as_cuda_array`` does."""
    desc = getattr(obj, "__cuda_array_interface__", None)
    if desc is None:
        raise TypeError(f"{type(obj).__name__} does not expose __cuda_array_interface__")
    if SIMULATOR:
        return wrap(np.asarray(_HostView(desc, obj)))
    return cuda.from_cuda_array_interface(desc, owner=obj, sync=True).bind(0)


# ---- DLPack ------------------------------------------------------------------------------------

_CUDA_DEVICES = (dlpack.DLDeviceType.kDLCUDA, dlpack.DLDeviceType.kDLCUDAManaged)


def _wait_for_us(stream: int | None) -> None:
    """Make a consumer's ``stream`` wait for the work queued so far on ours (the legacy
    default stream). None, 1 (the legacy default stream itself) and -1 (the consumer asks for
    no synchronisation) need nothing."""
    if SIMULATOR or stream in (None, -1, 1):
        return
    event = cuda.event(timing=False)
    event.record(stream=cuda.default_stream())
    event.wait(stream=cuda.external_stream(stream))


def to_dlpack(data, device_id: int, versioned: bool, copied: bool = False, stream=None):
    """A DLPack capsule (kDLCUDA, the device's pointer) sharing ``data``'s memory; it keeps
    ``data`` alive until the consumer's deleter call. ``stream``: the consumer's stream, made
    to wait for our pending work first."""
    _wait_for_us(stream)
    return dlpack.export(
        device_pointer(data),
        tuple(data.shape),
        strides_of(data),
        data.dtype,
        (dlpack.DLDeviceType.kDLCUDA, device_id),
        data,
        versioned,
        copied,
    )


def from_dlpack(capsule):
    """A device array over the GPU memory of an unconsumed DLPack capsule (consuming it; the
    array keeps the producer's memory alive, its deleter runs when the array is freed)."""
    imported = dlpack.consume(capsule, _CUDA_DEVICES)
    if imported.dtype.name == "bfloat16":
        imported.keeper = None
        raise TypeError("bfloat16 tensors are CPU only in numtensor: cannot import one on CUDA")
    if SIMULATOR:  # (the simulator's device memory is host memory)
        return wrap(dlpack.host_array(imported))
    if 0 in imported.shape:
        imported.keeper = None
        return empty(imported.shape, imported.dtype)
    desc = imported.array_interface()
    desc["typestr"] = imported.dtype.str
    return cuda.from_cuda_array_interface(desc, owner=imported.keeper, sync=False).bind(0)
