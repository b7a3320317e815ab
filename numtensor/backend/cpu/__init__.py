"""The CPU backend: NumPy storage, kernels/cpu. See ``numtensor.backend`` for the interface."""

from .. import INTERFACE
from .conv import col2im, im2col, max_pool2d, max_pool2d_backward
from .dlpack import from_dlpack, to_dlpack
from .index import (
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
from .linalg import bmm, fast_mm_grads, lapack, mm, svd
from .pointwise import elementwise, fast_binary, fast_inplace, fast_scalar, fast_unary, fill_
from .random import random_
from .reductions import arg_reduce, from_reduction_view, reduce, reduction_view, scan
from .sorting import flip, sort, unique
from .storage import (
    accumulate_,
    astype,
    basic_index,
    cat,
    clone,
    contiguous,
    copy_,
    data_ptr,
    empty,
    empty_like,
    from_host,
    full,
    is_contiguous,
    is_dense,
    is_storage,
    overlaps_partially,
    permute,
    reinterpret,
    reshape_view,
    shares_memory,
    strides_of,
    to_host,
    unshared,
    view,
)

__all__ = list(INTERFACE)
