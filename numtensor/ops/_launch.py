"""From tensors and scalars to a kernel launch: dtypes, broadcasting, outputs, in-place targets.

Every elementwise op goes through ``launch``: it casts the operands to the compute dtype,
allocates (or checks) the output, and asks the dispatcher to run the named kernel.
"""

from __future__ import annotations

import numpy as np

from .. import _dispatch
from .._dtype import can_cast, dtype, float16, float32, type_name
from .._tensor_base import Tensor
from .conversion import bump_version, resize_out
from .shape import broadcast_shapes


def compute_dtype(d: dtype) -> dtype:
    """The dtype kernels compute in: float16 is widened to float32 (as PyTorch does on CPU)."""
    return float32 if d is float16 else d


def as_array(x, d: dtype) -> np.ndarray:
    """An operand as an ndarray of dtype ``d`` (a 0-d array for Python scalars)."""
    if isinstance(x, Tensor):
        arr = x._data
        if not isinstance(arr, np.ndarray):
            raise RuntimeError("CUDA tensors have no elementwise kernels yet")
        return arr if arr.dtype == d.np else arr.astype(d.np)
    return np.asarray(x, dtype=d.np)


def _alloc(shape, np_dtype, arrays) -> np.ndarray:
    # keep the memory layout of a dense operand of the full shape (PyTorch's TensorIterator)
    for a in arrays:
        dense = a.shape == shape and a.ndim > 1 and not a.flags.c_contiguous
        if dense and _dispatch.dense_flat(a) is not None:
            return np.empty_like(a, dtype=np_dtype, order="K")
    return np.empty(shape, np_dtype)


def check_cast(result: dtype, target: Tensor) -> None:
    if not can_cast(result, target.dtype):
        raise RuntimeError(
            f"result type {type_name(result)} can't be cast to the desired output type "
            f"{type_name(target.dtype)}"
        )


def launch(
    op: str,
    operands,
    result: dtype,
    compute=None,
    params=(),
    *,
    inplace: Tensor | None = None,
    out: Tensor | None = None,
) -> Tensor:
    """Run elementwise kernel ``op`` and return its result as a tensor.

    ``result`` is the dtype of the answer, ``compute`` the one the kernel reads (one for all
    operands, or a tuple of one per operand); it writes ``result``, widened for float16.
    ``inplace`` writes into that tensor, which must hold the broadcast shape; ``out`` is the
    ``out=`` argument (resized if needed).
    """
    computes = compute if isinstance(compute, tuple) else (compute or result,) * len(operands)
    kernel_out = compute_dtype(result)
    arrays = [as_array(x, compute_dtype(c)) for x, c in zip(operands, computes)]
    shape = broadcast_shapes(*(a.shape for a in arrays))
    target = inplace if inplace is not None else out
    if target is None:
        buf = _alloc(shape, kernel_out.np, arrays)
        _dispatch.run_elementwise(op, buf, arrays, params)
        if kernel_out is not result:
            buf = buf.astype(result.np)
        return Tensor._make(buf, _device_of(operands))
    check_cast(result, target)
    if inplace is not None and tuple(shape) != tuple(target.shape):
        raise RuntimeError(
            f"output with shape {list(target.shape)} doesn't match the broadcast shape "
            f"{list(shape)}"
        )
    if tuple(target.shape) != tuple(shape):
        resize_out(target, tuple(shape))
    dst = target._data
    if dst.dtype == kernel_out.np:
        arrays = [_unalias(a, dst) for a in arrays]
        _dispatch.run_elementwise(op, dst, arrays, params)
    else:
        buf = np.empty(shape, kernel_out.np)
        _dispatch.run_elementwise(op, buf, arrays, params)
        np.copyto(dst, buf, casting="unsafe")
    bump_version(target)
    return target


def _unalias(a: np.ndarray, dst: np.ndarray) -> np.ndarray:
    """An input that partly overlaps the output (``x.add_(x.t())``) is PyTorch's error."""
    if a is dst:
        return a
    same_view = (
        a.shape == dst.shape
        and a.strides == dst.strides
        and a.__array_interface__["data"][0] == dst.__array_interface__["data"][0]
    )
    if same_view or a.ndim == 0 or not np.may_share_memory(a, dst):
        return a
    if a.size == 1 or not np.shares_memory(a, dst):
        return a
    raise RuntimeError(
        "unsupported operation: some elements of the input tensor and the written-to tensor "
        "refer to a single memory location. Please clone() the tensor before performing the "
        "operation."
    )


def _device_of(operands):
    for x in operands:
        if isinstance(x, Tensor):
            return x.device
    raise TypeError("an elementwise op needs at least one tensor operand")
