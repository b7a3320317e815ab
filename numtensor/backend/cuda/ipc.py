"""CUDA tensors across processes: the CUDA IPC handles of numba-cuda (Linux, real GPUs).

``export(data)`` gives a picklable description of a device array: an IPC handle of the
allocation it lies in (with its offset there) and its shape, strides and dtype. In another
process ``attach`` opens the handle and makes a device array over the same memory; the
handle is closed when that array and every view of it are gone. As in PyTorch, the sending
process must keep the tensor alive for as long as a receiver uses it (its memory would
otherwise go back to the caching allocator and be reused).
"""

from __future__ import annotations

import sys

import numpy as np

from .runtime import SIMULATOR, cuda

SUPPORTED = not SIMULATOR and sys.platform.startswith("linux")


def export(data) -> tuple:
    if not SUPPORTED:
        raise RuntimeError(
            "CUDA IPC is not supported here (the CUDA simulator, or a platform other than "
            "Linux): a CUDA tensor cannot be shared with another process; move it to the CPU "
            "with .cpu() before sending it"
        )
    layout = (tuple(data.shape), tuple(data.strides), data.dtype.str)
    if data.size == 0:
        return None, layout
    return cuda.current_context().get_ipc_handle(data.gpu_data), layout


def attach(handle, layout):
    """A device array over the memory of another process's ``export``."""
    from numba.cuda.cudadrv.devicearray import DeviceNDArray
    from numba.cuda.cudadrv.driver import MemoryPointer

    shape, strides, dtype = layout
    if handle is None:
        return cuda.device_array(shape, np.dtype(dtype))
    context = cuda.current_context()
    opened = handle.open(context)
    # a pointer of its own, closing the handle once nothing (array or view) holds it
    memory = MemoryPointer(context, opened.device_pointer, opened.size, finalizer=handle.close)
    return DeviceNDArray(shape, strides, np.dtype(dtype), gpu_data=memory)
