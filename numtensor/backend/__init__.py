"""The seam between ops and devices: one interface, one implementation per device.

``numtensor.backend.cpu`` keeps storage in NumPy ndarrays and runs ``kernels/cpu``;
``numtensor.backend.cuda`` keeps it in numba device arrays and runs ``kernels/cuda``. Both
export the same functions (listed in ``INTERFACE``); ops pick one with ``of(device)`` and
pass it storages and Python values, never Tensors. This package is the only code that
allocates, builds strided views or launches a kernel.

Conventions shared by both implementations:

- a *storage* is the backend's array: it has ``shape``, ``strides`` (bytes), ``dtype``
  (a NumPy dtype), ``size`` and ``ndim``; views share their base's memory;
- functions that write take the array they write first (``copy_(dst, src)``,
  ``elementwise(op, out, inputs, params)``) and return None; the others return new storages;
- dtypes are NumPy dtypes, shapes tuples of ints, strides and offsets counted in elements.
"""

from __future__ import annotations

from numpy import generic as HostScalar
from numpy import ndarray as HostArray

# Host data, as the rest of numtensor names it: the NumPy array type ``from_host`` takes and
# ``to_host`` gives (and the CPU backend's storage), and NumPy's scalar type. Code outside
# this package tests for them through these names, never through NumPy's.
__all__ = ["HostArray", "HostScalar", "device_of_storage", "of"]

# What every backend module provides (the CUDA one may serve some of it from the host:
# see numtensor/backend/cuda/__init__.py).
QUERIES = (  # questions about layout and memory, answered without touching values
    "is_storage",
    "strides_of",
    "data_ptr",
    "is_contiguous",
    "is_dense",
    "shares_memory",
    "overlaps_partially",
    "unshared",
)
STORAGE = (
    # making and moving storage
    "empty",
    "empty_like",
    "full",
    "from_host",
    "to_host",
    # layout
    "view",
    "reinterpret",
    "reshape_view",
    "permute",
    "basic_index",
    *QUERIES,
    # copies
    "copy_",
    "astype",
    "contiguous",
    "clone",
    "cat",
    # exchange with other libraries (DLPack capsules: dlpack.py has the mechanics)
    "to_dlpack",
    "from_dlpack",
)
COMPUTE = (
    # elementwise (fast_*: one kernel on C-contiguous operands of the result's dtype, or None
    # when they are laid out otherwise)
    "elementwise",
    "fast_binary",
    "fast_inplace",
    "fast_scalar",
    "fast_unary",
    "fill_",
    "accumulate_",
    # reductions over an [outer, red, inner] view
    "reduction_view",
    "from_reduction_view",
    "reduce",
    "arg_reduce",
    "scan",
    # linear algebra
    "bmm",
    "mm",
    "fast_mm_grads",
    "svd",
    "lapack",
    # sorting
    "sort",
    "unique",
    "flip",
    # indexing (indices arrive validated: int64/bool storages of the backend's device, or
    # host NumPy arrays)
    "advanced_index",
    "index_put_",
    "scatter_",
    "index_select",
    "take",
    "masked_fill_",
    "masked_scatter_",
    "masked_select",
    "nonzero",
    # convolution and pooling
    "im2col",
    "col2im",
    "max_pool2d",
    "max_pool2d_backward",
    # random numbers (Philox4x32-10: the same numbers on every device)
    "random_",
)
INTERFACE = STORAGE + COMPUTE

# Functions that write into one of their arguments, by position (the others return new
# storages). The CUDA backend's host fallback copies that argument back after the call.
WRITES = {
    "accumulate_": 0,
    "copy_": 0,
    "elementwise": 1,
    "fill_": 0,
    "index_put_": 0,
    "scatter_": 0,
    "masked_fill_": 0,
    "masked_scatter_": 0,
    "random_": 0,
}


from . import jit  # noqa: E402

jit.configure_cache()  # NUMTENSOR_CACHE_DIR, before any kernel is compiled or loaded

from . import cpu  # noqa: E402 - its __all__ is INTERFACE, defined above


def of(dev):
    """The backend module of a ``numtensor.device``."""
    if dev.type == "cpu":
        return cpu
    from . import cuda

    return cuda


def device_of_storage(data) -> str:
    """'cpu' for a NumPy array, 'cuda' for a CUDA device array, '' for anything else."""
    if cpu.is_storage(data):
        return "cpu"
    if hasattr(data, "__cuda_array_interface__"):
        return "cuda"
    return ""
