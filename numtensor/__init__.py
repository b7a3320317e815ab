"""numtensor: a small PyTorch-compatible tensor engine whose hot paths are Numba kernels.

``import numtensor as torch`` and write PyTorch code.
"""

import os as _os

# Numba's OpenMP threads spin after each parallel kernel, and so do BLAS's threads after each
# matmul; on a 2-core machine they then starve each other for milliseconds. Idle OpenMP
# threads that sleep cost a few microseconds per launch instead. (A value the user set wins.)
_os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")

from . import autograd, cuda, linalg, return_types
from ._device import device
from ._dtype import (
    bool_ as bool,
)
from ._dtype import (
    dtype,
    float16,
    float32,
    float64,
    get_default_dtype,
    int8,
    int16,
    int32,
    int64,
    promote_types,
    set_default_dtype,
    uint8,
)
from ._printing import get_printoptions, printoptions, set_printoptions
from ._size import Size
from ._tensor import LEGACY_TYPES as _LEGACY_TYPES
from ._tensor import Tensor
from .autograd.grad_mode import (
    enable_grad,
    inference_mode,
    is_grad_enabled,
    no_grad,
    set_grad_enabled,
)
from .ops.creation import (
    arange,
    as_tensor,
    empty,
    empty_like,
    eye,
    from_numpy,
    full,
    full_like,
    linspace,
    logspace,
    ones,
    ones_like,
    tensor,
    zeros,
    zeros_like,
)
from .ops.differentiable import (
    broadcast_to,
    cat,
    chunk,
    diagonal,
    expand,
    flatten,
    gather,
    hstack,
    index_select,
    masked_fill,
    masked_select,
    movedim,
    narrow,
    permute,
    reshape,
    scatter,
    scatter_add,
    select,
    split,
    squeeze,
    stack,
    t,
    take,
    tensor_split,
    transpose,
    unbind,
    unflatten,
    unsqueeze,
    vstack,
)
from .ops.differentiable import clone as clone
from .ops.differentiable import movedim as moveaxis
from .ops.differentiable import transpose as swapaxes
from .ops.differentiable import transpose as swapdims
from .ops.index import argwhere, nonzero
from .ops.linalg import FUNCTIONS as _LINALG
from .ops.pointwise import FUNCTIONS as _POINTWISE
from .ops.reductions_api import FUNCTIONS as _REDUCTIONS
from .ops.shape import (
    atleast_1d,
    atleast_2d,
    broadcast_shapes,
    broadcast_tensors,
    column_stack,
    dstack,
)
from .random import (
    Generator,
    default_generator,
    get_rng_state,
    initial_seed,
    manual_seed,
    rand,
    rand_like,
    randint,
    randint_like,
    randn,
    randn_like,
    randperm,
    seed,
    set_rng_state,
)

__version__ = "0.1.0"

# PyTorch's dtype aliases
half = float16
float = float32
double = float64
short = int16
int = int32
long = int64

FloatTensor = _LEGACY_TYPES[float32]
DoubleTensor = _LEGACY_TYPES[float64]
HalfTensor = _LEGACY_TYPES[float16]
ByteTensor = _LEGACY_TYPES[uint8]
CharTensor = _LEGACY_TYPES[int8]
ShortTensor = _LEGACY_TYPES[int16]
IntTensor = _LEGACY_TYPES[int32]
LongTensor = _LEGACY_TYPES[int64]
BoolTensor = _LEGACY_TYPES[bool]


globals().update(_POINTWISE)  # exp, add, clamp, where, ... (ops/pointwise.py lists them)
globals().update(_REDUCTIONS)  # sum, mean, max, sort, ... (ops/reductions_api.py)
globals().update(_LINALG)  # matmul, mm, svd, ... (ops/linalg.py)


concat = concatenate = cat
row_stack = vstack


from . import nn, optim, utils  # noqa: E402 - built on the Tensor API above
from .serialization import load, save  # noqa: E402


def is_tensor(obj) -> bool:
    """True when ``obj`` is a numtensor Tensor."""
    return isinstance(obj, Tensor)


def is_floating_point(input: Tensor) -> bool:
    return input.dtype.is_floating_point


def numel(input: Tensor) -> int:
    return input.numel()
