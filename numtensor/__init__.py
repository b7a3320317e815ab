"""numtensor: a small PyTorch-compatible tensor engine whose hot paths are Numba kernels.

``import numtensor as torch`` and write PyTorch code.
"""

import builtins as _builtins  # (annotations: ``bool`` and ``int`` here are PyTorch's dtypes)
import os as _os

# Numba's OpenMP threads spin after each parallel kernel, and so do BLAS's threads after each
# matmul; on a 2-core machine they then starve each other for milliseconds. Idle OpenMP
# threads that sleep cost a few microseconds per launch instead. (A value the user set wins.)
_os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")

from . import autograd, cuda, linalg, return_types
from ._device import device
from ._dtype import (
    bfloat16,
    complex64,
    complex128,
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
from ._dtype import (
    bool_ as bool,
)
from ._memory_format import (
    channels_last,
    channels_last_3d,
    contiguous_format,
    legacy_contiguous_format,
    memory_format,
    preserve_format,
)
from ._printing import get_printoptions, printoptions, set_printoptions
from ._size import Size
from ._tensor import LEGACY_TYPES as _LEGACY_TYPES
from ._tensor import Tensor
from ._threads import get_num_threads, set_num_threads
from .autograd.grad_mode import (
    enable_grad,
    inference_mode,
    is_grad_enabled,
    is_inference_mode_enabled,
    no_grad,
    set_grad_enabled,
)
from .ops import FUNCTIONS as _OP_FUNCTIONS
from .random import (
    Generator,
    default_generator,
    get_rng_state,
    initial_seed,
    manual_seed,
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
cfloat = complex64
cdouble = complex128

FloatTensor = _LEGACY_TYPES[float32]
DoubleTensor = _LEGACY_TYPES[float64]
HalfTensor = _LEGACY_TYPES[float16]
BFloat16Tensor = _LEGACY_TYPES[bfloat16]
ByteTensor = _LEGACY_TYPES[uint8]
CharTensor = _LEGACY_TYPES[int8]
ShortTensor = _LEGACY_TYPES[int16]
IntTensor = _LEGACY_TYPES[int32]
LongTensor = _LEGACY_TYPES[int64]
BoolTensor = _LEGACY_TYPES[bool]


# every op declared in numtensor/ops with a function binding: tensor, zeros, exp, add, sum,
# matmul, cat, ... (the op registry, numtensor/ops/registry.py)
globals().update(_OP_FUNCTIONS)


from math import e, inf, nan, pi  # noqa: E402 - PyTorch's constants

from . import (  # noqa: E402 - built on the Tensor API above
    backends,
    compiler,
    func,  # (torch.func: grad, vmap, jacrev, functional_call, ...)
    multiprocessing,  # (also teaches multiprocessing's pickler to share tensors, as torch)
    nn,
    onnx,  # (onnx itself is imported by export only)
    optim,
    special,
    utils,
    version,
)
from ._device import as_device as _device_type  # noqa: E402
from ._device import get_default_device, set_default_device  # noqa: E402
from ._functional_forms import *  # noqa: E402, F403 - torch.dropout, torch.conv2d, ...
from ._global_flags import (  # noqa: E402
    are_deterministic_algorithms_enabled,
    get_deterministic_debug_mode,
    get_float32_matmul_precision,
    get_num_interop_threads,
    is_deterministic_algorithms_warn_only_enabled,
    set_deterministic_debug_mode,
    set_float32_matmul_precision,
    set_num_interop_threads,
    use_deterministic_algorithms,
)
from ._typeinfo import finfo, iinfo  # noqa: E402
from .autograd.anomaly_mode import (  # noqa: E402
    is_anomaly_check_nan_enabled,
    is_anomaly_enabled,
    set_anomaly_enabled,
)
from .compiler import compile  # noqa: E402 - PyTorch's name
from .linalg.householder import geqrf, ormqr  # noqa: E402
from .linalg.householder import householder_product as orgqr  # noqa: E402
from .nn._distances import cosine_similarity, pairwise_distance, pdist  # noqa: E402
from .serialization import load, save  # noqa: E402

# what this build has, as PyTorch's flags say it (LAPACK through SciPy; no MKL; OpenMP or
# another threading layer under Numba's parallel kernels; no FFT ops)
has_lapack = True
has_mkl = False
has_openmp = True
has_spectral = False


def get_device_module(device=None):  # noqa: F811 - PyTorch's argument name
    """Returns the module associated with a given device type: ``numtensor.cuda`` for
    ``"cuda"``, ``numtensor.cpu`` for ``"cpu"``.

    Args:
        device (device, str or None): a device or device type; ``None`` means the default
            device's (see :func:`set_default_device`).

    Example::

        >>> torch.get_device_module("cpu").__name__
        'numtensor.cpu'
        >>> torch.get_device_module(torch.device("cuda:0")) is torch.cuda
        True
    """
    kind = (get_default_device() if device is None else _device_type(device)).type
    if kind == "cuda":
        return cuda
    from . import cpu

    return cpu


def is_tensor(obj: object) -> _builtins.bool:
    """Returns True if ``obj`` is a numtensor tensor.

    Same as ``isinstance(obj, numtensor.Tensor)``.

    Args:
        obj (object): the object to test.

    Example::

        >>> torch.is_tensor(torch.tensor([1, 2]))
        True
        >>> torch.is_tensor([1, 2])
        False
    """
    return isinstance(obj, Tensor)


def is_floating_point(input: Tensor) -> _builtins.bool:
    """Returns True if the dtype of ``input`` is a floating point dtype (float16,
    bfloat16, float32 or float64); same as :meth:`Tensor.is_floating_point`.

    Args:
        input (Tensor): the input tensor.

    Example::

        >>> torch.is_floating_point(torch.zeros(2))
        True
        >>> torch.is_floating_point(torch.tensor([1]))
        False
    """
    return input.dtype.is_floating_point


def numel(input: Tensor) -> _builtins.int:
    """Returns the total number of elements in the ``input`` tensor; same as
    :meth:`Tensor.numel`.

    Args:
        input (Tensor): the input tensor.

    Example::

        >>> torch.numel(torch.zeros(2, 3, 4))
        24
    """
    return input.numel()
