"""From tensors and scalars to a kernel launch: dtypes, broadcasting, outputs, in-place targets.

Every elementwise op goes through ``launch``: it casts the operands to the compute dtype,
allocates (or checks) the output, and asks the dispatcher to run the named kernel.
"""

from __future__ import annotations

import numpy as np

from .. import backend
from .._dtype import HALVES, can_cast, dtype, float32, type_name, wrapped
from .._tensor_base import Tensor
from ._common import check_writable
from .conversion import bump_version, resize_out
from .shape import broadcast_shapes


def compute_dtype(d: dtype) -> dtype:
    """The dtype kernels compute in: float16 and bfloat16 are widened to float32 (as PyTorch
    does on CPU)."""
    return float32 if d in HALVES else d


def as_array(x, d: dtype, ops, source: dtype | None = None):
    """An operand as a storage of dtype ``d`` on ``ops``'s device: Python scalars (and 0-dim
    CPU tensors next to CUDA ones) become 0-d arrays there. ``source`` is the dtype the op
    computes in before float16 is widened to ``d``: operands are rounded to it first."""
    source = source or d
    if isinstance(x, Tensor):
        arr = x._data
        if not ops.is_storage(arr):
            arr = ops.from_host(backend.of(x.device).to_host(arr))
        if source is not d and x._dtype is not source:
            # (a 0-dim float32/float64 next to float16: rounded to half first, as PyTorch)
            arr = ops.astype(arr, source.np)
        return arr if x._dtype is d and source is d else ops.astype(arr, d.np)
    return ops.from_host(np.asarray(wrapped(x, source), dtype=d.np))


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
    if inplace is None and out is None and len(operands) == 1 and result not in HALVES:
        # one tensor already of the result's dtype: the backend's one-kernel shortcut (None
        # when the tensor is laid out otherwise)
        x = operands[0]
        if isinstance(x, Tensor) and x._dtype is result and (compute is None or compute is result):
            data = backend.of(x.device).fast_unary(op, x._data, params)
            if data is not None:
                return Tensor._make(data, x.device, dtype=result)
    kernel_out = float32 if result in HALVES else result
    dev = _device_of(operands)
    ops = backend.of(dev)
    if isinstance(compute, tuple):
        arrays = [as_array(x, compute_dtype(c), ops, c) for x, c in zip(operands, compute)]
    else:
        source = compute or result
        c = compute_dtype(source)
        arrays = [
            x._data
            if isinstance(x, Tensor) and x._dtype is c and x.device is dev and c is source
            else as_array(x, c, ops, source)
            for x in operands
        ]
    shape = arrays[0].shape
    for a in arrays:
        if a.shape != shape:
            shape = broadcast_shapes(*(a.shape for a in arrays))
            break
    target = inplace if inplace is not None else out
    if target is None:
        # laid out from the operands as given (a cast copy may have lost their stride order)
        given = [
            x._data if isinstance(x, Tensor) and x._data is not a and ops.is_storage(x._data) else a
            for x, a in zip(operands, arrays)
        ]
        buf = ops.empty_like(shape, kernel_out.np, given)
        ops.elementwise(op, buf, arrays, params)
        if kernel_out is not result:
            buf = ops.astype(buf, result.np)
        return Tensor._make(buf, dev, dtype=result)
    check_cast(result, target)
    check_writable(target)
    if inplace is not None and tuple(shape) != tuple(target.shape):
        raise RuntimeError(
            f"output with shape {list(target.shape)} doesn't match the broadcast shape "
            f"{list(shape)}"
        )
    if tuple(target.shape) != tuple(shape):
        resize_out(target, tuple(shape))
    if target.device != dev:
        raise RuntimeError(
            f"Expected out tensor to have device {dev}, but got {target.device} instead"
        )
    dst = target._data
    if dst.dtype == kernel_out.np:
        for a in arrays:
            _check_unaliased(ops, a, dst)
        ops.elementwise(op, dst, arrays, params)
    else:
        buf = ops.empty(tuple(shape), kernel_out.np)
        ops.elementwise(op, buf, arrays, params)
        ops.copy_(dst, buf)
    bump_version(target)
    return target


def _check_unaliased(ops, a, dst) -> None:
    """An input that partly overlaps the output (``x.add_(x.t())``) is PyTorch's error."""
    if ops.overlaps_partially(a, dst):
        raise RuntimeError(
            "unsupported operation: some elements of the input tensor and the written-to "
            "tensor refer to a single memory location. Please clone() the tensor before "
            "performing the operation."
        )


def _device_of(operands):
    """The device of the tensor operands (a 0-dim CPU tensor may join CUDA ones, as in
    PyTorch)."""
    if len(operands) == 1 and isinstance(operands[0], Tensor):
        return operands[0].device
    found = None
    for x in operands:
        if isinstance(x, Tensor) and (found is None or found.type == "cpu"):
            found = x.device
    if found is None:
        raise TypeError("an elementwise op needs at least one tensor operand")
    return found
