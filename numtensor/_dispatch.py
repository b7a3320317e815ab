"""Device dispatch: moving storage between devices and (later) picking kernels.

This is the one module that knows about both the CPU (NumPy) and the CUDA (numba device
array) storages.
"""

from __future__ import annotations

import math

import numpy as np
from numpy.lib.stride_tricks import as_strided

from kernels.spec import COSTLY, INPLACE

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

# Elements from which a parallel kernel beats a serial one. Waking the worker threads costs
# ~40 us (they sleep between kernels, see numtensor/__init__.py): cheap ops need a million
# elements to win that back, transcendental ones far fewer.
PARALLEL_MIN = 1 << 20
PARALLEL_MIN_COSTLY = 1 << 16

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


def _same_view(a: np.ndarray, b: np.ndarray) -> bool:
    return (
        a.strides == b.strides
        and a.dtype == b.dtype
        and a.__array_interface__["data"][0] == b.__array_interface__["data"][0]
    )


_INPLACE: dict = {}


def _inplace_kernels(op: str):
    """(serial, parallel) kernels that update their first operand in place."""
    kernels = _INPLACE.get(op)
    if kernels is None:
        module = _cpu_module("inplace")
        kernels = _INPLACE[op] = (
            getattr(module, op + "_inplace"),
            getattr(module, op + "_inplace_parallel"),
        )
    return kernels


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
                # a scalar operand: for small outputs a filled array is cheaper to make than a
                # zero-stride view
                flats.append(
                    np.full(n, x.reshape(()), x.dtype)
                    if n <= 4096
                    else as_strided(x, shape=(n,), strides=(0,))
                )
            elif x.shape == out.shape and _element_strides(x) == _element_strides(out):
                flats.append(dense_flat(x))
            else:
                break
        else:
            threshold = PARALLEL_MIN_COSTLY if op in COSTLY else PARALLEL_MIN
            if op in INPLACE and _same_view(flats[0], flat_out):
                serial, parallel = _inplace_kernels(op)
                flats = flats[1:]
            kernel = parallel if n >= threshold else serial
            _call(op, kernel, flat_out, *flats, *params)
            return
    _call(op, strided, out, *(_broadcast_view(x, out.shape) for x in inputs), *params)


def _call(op: str, kernel, *args):
    """Run a kernel; a dtype combination it cannot compile is a TypeError, never numba's."""
    try:
        kernel(*args)
    except Exception as exc:
        from numba.core.errors import TypingError

        if not isinstance(exc, TypingError):
            raise
        dtypes = ", ".join(str(a.dtype) for a in args if isinstance(a, np.ndarray))
        raise TypeError(f"{op}: no kernel for arguments of dtypes ({dtypes})") from None


# ---- reductions ----------------------------------------------------------------------------------


def reduction_view(a: np.ndarray, dims: tuple) -> np.ndarray:
    """``a`` as ``[outer, red, inner]``: a view when the reduced dims are one contiguous block
    of a C-contiguous array, else a copy with the kept dims first (inner == 1)."""
    shape = a.shape
    if not dims:
        return a.reshape(1, 1, -1) if a.ndim else a.reshape(1, 1, 1)
    lo, hi = dims[0], dims[-1]
    if a.flags.c_contiguous and hi - lo + 1 == len(dims):
        outer = math.prod(shape[:lo])
        red = math.prod(shape[lo : hi + 1])
        inner = math.prod(shape[hi + 1 :])
        return a.reshape(outer, red, inner)
    kept = [d for d in range(a.ndim) if d not in dims]
    moved = np.ascontiguousarray(a.transpose(kept + list(dims)))
    outer = math.prod([shape[d] for d in kept])
    return moved.reshape(outer, -1, 1)


def _reduce_kernel(name: str, size: int = PARALLEL_MIN):
    """A reduction kernel, or its serial twin when ``size`` elements are too few to share."""
    module = _cpu_module("reduce")
    return getattr(module, name if size >= PARALLEL_MIN else name + "_serial")


def run_reduction(kind: str, x3: np.ndarray, acc_dtype, *extra) -> np.ndarray:
    """Reduce ``x3[outer, red, inner]`` over ``red``: returns ``[outer, inner]`` in acc_dtype.

    kind: sum, prod, max, min, count_nonzero, sq_dev (extra: the means, [outer, inner]).
    A whole-tensor reduction is split into one row per thread and finished over the partials.
    """
    outer, red, inner = x3.shape
    if inner == 1:
        rows = x3.reshape(outer, red)
        threads = _threads()
        if outer < threads and red >= PARALLEL_MIN and kind != "sq_dev":
            return _split_rows(kind, rows, acc_dtype, threads).reshape(outer, 1)
        out = np.empty(outer, acc_dtype)
        _reduce_kernel(kind + "_rows", x3.size)(out, rows, *(e.reshape(outer) for e in extra))
        return out.reshape(outer, 1)
    out = np.empty((outer, inner), acc_dtype)
    _reduce_kernel(kind + "_cols", x3.size)(out, x3, *extra)
    return out


_FINISH = {"sum": np.sum, "prod": np.prod, "max": np.max, "min": np.min, "count_nonzero": np.sum}


def _split_rows(kind: str, rows: np.ndarray, acc_dtype, threads: int) -> np.ndarray:
    # one long row per output: reduce `threads` pieces of it in parallel, then finish the
    # few partials (and the leftover tail) in NumPy, which costs less than a second launch
    outer, red = rows.shape
    piece = red // threads
    body = rows[:, : piece * threads].reshape(outer * threads, piece)
    partial = np.empty(outer * threads, acc_dtype)
    _reduce_kernel(kind + "_rows")(partial, body)
    tail = rows[:, piece * threads :]
    if kind == "count_nonzero":
        tail = tail != 0  # the partials are counts, which add up
    both = np.concatenate([partial.reshape(outer, threads), tail.astype(acc_dtype)], axis=1)
    return _FINISH[kind](both, axis=1).astype(acc_dtype, copy=False)


def _threads() -> int:
    from numba import get_num_threads

    return get_num_threads()


def run_arg_reduction(kind: str, x3: np.ndarray):
    """(values, indices) of the max or min over ``red`` of ``x3[outer, red, inner]``."""
    outer, red, inner = x3.shape
    values = np.empty((outer, inner), x3.dtype)
    indices = np.empty((outer, inner), np.int64)
    if inner == 1:
        _reduce_kernel(f"arg{kind}_rows", x3.size)(
            values.reshape(outer), indices.reshape(outer), x3.reshape(outer, red)
        )
    else:
        _reduce_kernel(f"arg{kind}_cols", x3.size)(values, indices, x3)
    return values, indices


def run_scan(kind: str, x3: np.ndarray, out_dtype) -> np.ndarray:
    """cumsum / cumprod along ``red`` of ``x3[outer, red, inner]``."""
    out = np.empty(x3.shape, out_dtype)
    _reduce_kernel(kind, x3.size)(out, x3)
    return out


# ---- linear algebra ------------------------------------------------------------------------------


def _blas_ready(a: np.ndarray) -> np.ndarray:
    """C- or F-contiguous (a transposed matrix is F-contiguous and needs no copy)."""
    if a.flags.c_contiguous or a.flags.f_contiguous:
        return a
    return np.ascontiguousarray(a)


BMM_PARALLEL_MIN = 8  # batch entries; fewer run one BLAS call after another


def run_bmm(a: np.ndarray, b: np.ndarray, out_dtype) -> np.ndarray:
    """Batched matmul of a[batch, n, k] and b[batch, k, m] into a new [batch, n, m] array."""
    linalg = _cpu_module("linalg")
    batch, n, _ = a.shape
    m = b.shape[2]
    out = np.empty((batch, n, m), out_dtype)
    if out.size == 0:
        return out
    if a.shape[2] == 0:
        out[...] = 0
        return out
    if np.dtype(out_dtype).kind == "f":
        if batch == 1:
            linalg.mm_blas(out[0], _blas_ready(a[0]), _blas_ready(b[0]))
            return out
        kernel = linalg.bmm_blas_parallel if batch >= BMM_PARALLEL_MIN else linalg.bmm_blas
        kernel(out, _batch_ready(a), _batch_ready(b))
        return out
    linalg.bmm_int(out, a, b)
    return out


def _batch_ready(a: np.ndarray) -> np.ndarray:
    # numba types a batch that is not C-contiguous as layout 'A', and np.dot inside njit
    # takes contiguous matrices only: such batches (transposed, broadcast) are copied
    return a if a.flags.c_contiguous else np.ascontiguousarray(a)


def run_svd(a: np.ndarray, full_matrices: bool):
    """(U, S, Vh) of a[batch, m, n] in a's float dtype."""
    linalg = _cpu_module("linalg")
    batch, m, n = a.shape
    k = min(m, n)
    u = np.empty((batch, m, m if full_matrices else k), a.dtype)
    s = np.empty((batch, k), a.dtype)
    vh = np.empty((batch, n if full_matrices else k, n), a.dtype)
    if a.size:
        linalg.svd_batched(u, s, vh, np.ascontiguousarray(a))
    elif full_matrices:
        u[...] = np.eye(m, dtype=a.dtype)
        vh[...] = np.eye(n, dtype=a.dtype)
    return u, s, vh
