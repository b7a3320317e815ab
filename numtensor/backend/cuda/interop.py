"""Zero-copy exchange with other CUDA libraries (CuPy, PyTorch, JAX...) through
``__cuda_array_interface__`` (version 3)."""

from __future__ import annotations

import numpy as np

from .layout import is_contiguous
from .runtime import SIMULATOR, cuda, device_pointer, wrap

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
