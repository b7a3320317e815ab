"""Elementwise kernels on CUDA: the 1-D kernel for operands laid out alike, the in-place
kernel when the output is the first operand, the strided N-d kernel for everything else
(broadcasting, transposed views)."""

from __future__ import annotations

import collections

import numpy as np

from kernels.spec import INPLACE, module_of

from .kernels import module
from .launch import launch, typed
from .layout import broadcast_view, is_contiguous, same_view, view
from .pointwise import flat_operands, run_strided
from .runtime import is_device_array
from .storage import astype, empty, from_host

_ELEMENTWISE: dict = {}
_INPLACE: dict = {}

# host scalars (Python-number operands arrive as 0-d host arrays) kept on the device, so a
# training loop's constants (1.0, lr, betas) are copied there once, not at every op
_SCALARS: collections.OrderedDict = collections.OrderedDict()
SCALAR_CACHE = 256


# complex operands: numba.cuda compiles complex arithmetic, but its math functions (exp, log,
# sin...) take no complex argument. Those kernels run on the host for complex tensors.
COMPLEX_NATIVE = frozenset(
    [
        "abs",
        "neg",
        "square",
        "reciprocal",
        "add",
        "sub",
        "mul",
        "div",
        "pow",
        "eq",
        "ne",
        "logical_not",
        "logical_and",
        "logical_or",
        "logical_xor",
        "where",
    ]
)
_complex_on_host = None


def _complex_elementwise(op: str, out, inputs, params) -> None:
    """HOST FALLBACK (a round trip through the host, to be replaced by cmath kernels) of a
    complex elementwise op that has no CUDA kernel for complex numbers."""
    global _complex_on_host
    if _complex_on_host is None:
        from ..cpu.pointwise import elementwise as on_cpu
        from .fallback import host_fallback

        _complex_on_host = host_fallback("elementwise", on_cpu, writes=1)
    _complex_on_host(op, out, list(inputs), params)


def kernels_of(op: str):
    """(1-D, strided) CUDA kernels of an elementwise op."""
    kernels = _ELEMENTWISE.get(op)
    if kernels is None:
        table = module(module_of(op)).KERNELS
        kernels = _ELEMENTWISE[op] = (table[op], table[op + "_strided"])
    return kernels


def _inplace_kernel(op: str):
    kernel = _INPLACE.get(op)
    if kernel is None:
        kernel = _INPLACE[op] = module("inplace").KERNELS[op + "_inplace"]
    return kernel


def device_operand(x):
    """``x`` as a device array: device arrays as they are, host arrays copied (single values
    through a small cache of device scalars, which are only ever read)."""
    if is_device_array(x):
        return x
    x = np.asarray(x)
    if x.size != 1:
        return from_host(x)
    key = (x.dtype.str, x.tobytes())
    scalar = _SCALARS.get(key)
    if scalar is None:
        scalar = _SCALARS[key] = from_host(x.reshape(1))
        if len(_SCALARS) > SCALAR_CACHE:
            _SCALARS.popitem(last=False)
    else:
        _SCALARS.move_to_end(key)
    return view(scalar, x.shape, (0,) * x.ndim)


def _typed_params(params, inputs, out):
    """Scalar parameters in the compute dtype (float32 for float16 tensors, PyTorch's
    "opmath" type: a half-precision parameter would lose range and precision)."""
    dtype = inputs[-1].dtype if inputs else out.dtype
    if dtype == np.float16:
        dtype = np.dtype(np.float32)
    return tuple(typed(p, dtype) for p in params)


def elementwise(op: str, out, inputs, params=()) -> None:
    """Run elementwise kernel ``op`` writing ``out`` (already shaped as the broadcast result).

    ``inputs`` are arrays of the compute dtype (device arrays, or host arrays for Python
    scalars), broadcastable to ``out``; ``params`` are passed as NumPy scalars of that dtype.
    """
    n = out.size
    if n == 0:
        return
    if op not in COMPLEX_NATIVE and (
        out.dtype.kind == "c" or any(x.dtype.kind == "c" for x in inputs)
    ):
        _complex_elementwise(op, out, inputs, params)
        return
    inputs = [device_operand(x) for x in inputs]
    params = _typed_params(params, inputs, out)
    flat_kernel, strided_kernel = kernels_of(op)
    flat = flat_operands(out, inputs)
    if flat is not None:
        flat_out, flats = flat
        if op in INPLACE and same_view(inputs[0], out):
            launch(_inplace_kernel(op), n, flat_out, *flats[1:], *params)
        else:
            launch(flat_kernel, n, flat_out, *flats, *params)
        return
    run_strided(strided_kernel, out, [broadcast_view(x, out.shape) for x in inputs], params)


def accumulate_(dst, src) -> None:
    """``dst += src`` in place (gradient accumulation); ``src`` broadcastable to ``dst``."""
    src = device_operand(src)
    if src.dtype != dst.dtype:
        src = astype(src, dst.dtype)
    elementwise("add", dst, [dst, src])


def fast_binary(op: str, a, b):
    """``op(a, b)`` for two C-contiguous arrays of one shape and dtype, else None."""
    if not (is_contiguous(a) and is_contiguous(b) and tuple(a.shape) == tuple(b.shape)):
        return None
    out = empty(tuple(a.shape), a.dtype)
    n = out.size
    if n:
        launch(kernels_of(op)[0], n, *(view(x, (n,), (1,)) for x in (out, a, b)))
    return out


def fast_inplace(op: str, a, b) -> bool:
    """The CPU's in-place shortcut has no CUDA twin: False, and ``elementwise`` (which picks
    the in-place kernel itself) serves the call."""
    return False


def fast_unary(op: str, a, params=()):
    """``op(a, *params)`` for a C-contiguous array (the result of a's dtype, ``params``
    NumPy scalars of it), else None."""
    if not is_contiguous(a):
        return None
    out = empty(tuple(a.shape), a.dtype)
    n = out.size
    if n:
        params = _typed_params(params, [a], out)
        launch(kernels_of(op)[0], n, view(out, (n,), (1,)), view(a, (n,), (1,)), *params)
    return out


def fast_scalar(op: str, a, value):
    """``op(a, value)`` for a C-contiguous float array and a Python number, else None."""
    if not is_contiguous(a):
        return None
    out = empty(tuple(a.shape), a.dtype)
    n = out.size
    if n:
        flats = (view(x, (n,), (1,)) for x in (out, a))
        launch(kernels_of(op)[0], n, *flats, a.dtype.type(value))
    return out
