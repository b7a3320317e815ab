"""The CUDA backend: numba device arrays, kernels/cuda. See ``numtensor.backend`` for the
interface; this module exports the same functions as ``numtensor.backend.cpu``.

Importing it installs the caching allocator (allocator.py) before any CUDA context exists.
Functions without a native implementation yet are HOST FALLBACKS (fallback.py): they copy
their operands to the host, run the CPU backend and copy back. ``HOST_FALLBACKS`` lists them.
"""

from __future__ import annotations

from .. import INTERFACE, WRITES
from .. import cpu as _cpu
from . import allocator

allocator.install()  # before anything below creates a CUDA context

from . import fallback as _fallback  # noqa: E402
from .conv import col2im, im2col, max_pool2d, max_pool2d_backward  # noqa: E402
from .elementwise import (  # noqa: E402
    accumulate_,
    elementwise,
    fast_binary,
    fast_inplace,
    fast_scalar,
    fast_unary,
)
from .fallback import HOST_FALLBACKS  # noqa: E402
from .indexing import (  # noqa: E402
    advanced_index,
    index_put_,
    index_select,
    masked_fill_,
    masked_scatter_,
    masked_select,
    nonzero,
    scatter_,
    take,
)
from .interop import (  # noqa: E402
    cuda_array_interface,
    from_cuda_array_interface,
    from_dlpack,
    to_dlpack,
)
from .layout import (  # noqa: E402
    basic_index,
    data_ptr,
    is_contiguous,
    is_dense,
    overlaps_partially,
    permute,
    reinterpret,
    reshape_view,
    shares_memory,
    strides_of,
    unshared,
    view,
)
from .linalg import bmm, fast_mm_grads, lapack, mm, svd  # noqa: E402
from .random import random_  # noqa: E402
from .reduce import arg_reduce, from_reduction_view, reduce, reduction_view, scan  # noqa: E402
from .sorting import flip, sort, unique  # noqa: E402
from .storage import (  # noqa: E402
    astype,
    cat,
    clone,
    contiguous,
    copy_,
    empty,
    empty_like,
    fill_,
    from_host,
    full,
    is_storage,
    to_host,
)

# names of the interface implemented here with kernels (the others: HOST_FALLBACKS)
NATIVE = sorted(
    name
    for name in INTERFACE
    if name in globals() and not getattr(globals()[name], "host_fallback", False)
)

_fallback.install(globals(), INTERFACE, _cpu, WRITES)

__all__ = ["HOST_FALLBACKS", "NATIVE", "cuda_array_interface", "from_cuda_array_interface"]
__all__ += INTERFACE
