"""Device dispatch: moving storage between devices and (later) picking kernels.

This is the one module that knows about both the CPU (NumPy) and the CUDA (numba device
array) storages.
"""

from __future__ import annotations

import numpy as np
from numpy.lib.stride_tricks import as_strided

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


# ---- kernel tables -----------------------------------------------------------------------------
#
# Kernels are looked up by (op, device) in one place. The CPU table is the generated modules
# of kernels/cpu; the CUDA table (kernels/cuda) joins it when CUDA tensors gain kernels.

PARALLEL_MIN = 1 << 15  # elements; below this a parallel launch costs more than it saves

_KERNEL_MODULES: dict = {}


def _cpu_module(name: str):
    module = _KERNEL_MODULES.get(name)
    if module is None:
        import importlib

        module = importlib.import_module(f"kernels.cpu.{name}")
        _KERNEL_MODULES[name] = module
    return module


def _elementwise_module(op: str):
    from kernels.spec import module_of

    return _cpu_module(module_of(op))


_ELEMENTWISE: dict = {}


def elementwise_kernels(op: str):
    """(serial, parallel, strided) CPU kernels of an elementwise op."""
    kernels = _ELEMENTWISE.get(op)
    if kernels is None:
        module = _elementwise_module(op)
        kernels = (
            getattr(module, op),
            getattr(module, op + "_parallel"),
            getattr(module, op + "_strided"),
        )
        _ELEMENTWISE[op] = kernels
    return kernels


def dense_flat(a: np.ndarray):
    """A 1-D view over all of ``a``'s elements in memory order, or None if ``a`` has gaps."""
    if a.flags.c_contiguous:
        return a.reshape(-1)
    if a.size == 0:
        return None
    expected = a.itemsize
    for stride, size in sorted(zip(a.strides, a.shape)):
        if size == 1:
            continue
        if stride != expected:
            return None
        expected *= size
    return as_strided(a, shape=(a.size,), strides=(a.itemsize,))


def _element_strides(a: np.ndarray) -> tuple:
    return tuple(s // a.itemsize for s in a.strides)


def _broadcast_view(x: np.ndarray, shape) -> np.ndarray:
    """``x`` seen with ``shape`` by zero strides (a writeable-typed view, nothing copied)."""
    if x.shape == tuple(shape):
        return x
    lead = len(shape) - x.ndim
    strides = [0] * lead + [
        0 if s == 1 and t != 1 else st for s, st, t in zip(x.shape, x.strides, shape[lead:])
    ]
    return as_strided(x, shape=tuple(shape), strides=tuple(strides))


def run_elementwise(op: str, out: np.ndarray, inputs, params=()) -> None:
    """Run an elementwise kernel writing ``out`` (already shaped as the broadcast result).

    ``inputs`` are arrays of the compute dtype, broadcastable to ``out``. Inputs laid out like
    ``out`` take the 1-D fast path (serial or parallel by size); others the strided kernel.
    """
    n = out.size
    if n == 0:
        return
    serial, parallel, strided = elementwise_kernels(op)
    flat_out = dense_flat(out)
    if flat_out is not None:
        flats = []
        for x in inputs:
            if x.size == 1:
                flats.append(as_strided(x, shape=(n,), strides=(0,)))
            elif x.shape == out.shape and _element_strides(x) == _element_strides(out):
                flats.append(dense_flat(x))
            else:
                break
        else:
            (parallel if n >= PARALLEL_MIN else serial)(flat_out, *flats, *params)
            return
    strided(out, *(_broadcast_view(x, out.shape) for x in inputs), *params)
