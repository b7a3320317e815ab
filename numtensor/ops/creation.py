"""Tensor factories: tensor(), zeros(), arange(), the *_like and new_* families."""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np

from .. import backend
from .._device import as_device
from .._dtype import (
    check_dtype,
    from_numpy_dtype,
    get_default_dtype,
    int64,
    promote_types,
    scalar_dtype,
)
from .._size import Size
from .._tensor_base import Tensor
from ._common import allocate, check_device, finish, host, np_dtype, parse_size, size_args
from .registry import op

# ---- tensor(data): PyTorch's inference over nested sequences -----------------------------


def _is_seq(data) -> bool:
    return isinstance(data, Sequence) and not isinstance(data, (str, bytes))


def _shape_of(data) -> list:
    """The shape nested data claims by its first elements (PyTorch validates the rest)."""
    shape = []
    while _is_seq(data):
        shape.append(len(data))
        if not data:
            return shape
        data = data[0]
    if isinstance(data, (Tensor, np.ndarray)):
        shape.extend(data.shape)
    return shape


def _infer(data, depth: int, shape: list, dtypes: set) -> None:
    """Check nested data against ``shape`` and record the dtype of every scalar in it."""
    if isinstance(data, (Tensor, np.ndarray)):
        if list(data.shape) != shape[depth:]:
            raise ValueError(
                f"expected sequence of length {shape[depth]} at dim {depth} "
                f"(got a tensor of shape {list(data.shape)})"
            )
        dtypes.add(data.dtype if isinstance(data, Tensor) else from_numpy_dtype(data.dtype))
        return
    if _is_seq(data):
        if depth >= len(shape):
            raise TypeError(
                f"'{type(data).__name__}' object cannot be interpreted as a number "
                f"(expected a scalar at dim {depth})"
            )
        if shape[depth] != len(data):
            raise ValueError(
                f"expected sequence of length {shape[depth]} at dim {depth} (got {len(data)})"
            )
        for item in data:
            _infer(item, depth + 1, shape, dtypes)
        return
    if depth < len(shape):
        raise TypeError(
            f"not a sequence: expected sequence of length {shape[depth]} at dim "
            f"{depth} (got a {type(data).__name__})"
        )
    if isinstance(data, np.generic):
        dtypes.add(from_numpy_dtype(data.dtype))
    elif isinstance(data, (bool, int, float, complex)):
        dtypes.add(scalar_dtype(data))
    elif isinstance(data, (str, bytes)):
        raise TypeError(f"new(): invalid data type '{type(data).__name__}'")
    else:
        raise RuntimeError(f"Could not infer dtype of {type(data).__name__}")


def _to_python(data):
    """Replace tensors nested in lists by their values (one-element tensors only)."""
    if isinstance(data, Tensor):
        return host(data)
    if isinstance(data, (list, tuple)):
        return [_to_python(d) for d in data]
    return data


def _check_range(arr: np.ndarray, target: np.dtype) -> None:
    """PyTorch's error for a number an integer dtype cannot hold (a float out of range or
    NaN; an int beyond the range, where an unsigned type also takes -max..-1, wrapping)."""
    if not arr.size:
        return
    if arr.dtype.kind == "O" or arr.dtype == np.uint64:  # (a Python int beyond int64)
        raise ValueError("Overflow when unpacking long long")
    info = np.iinfo(target)
    if arr.dtype.kind == "f":
        bad = not (info.min <= arr.min() and arr.max() <= info.max)  # (NaN fails both)
    else:
        low = -int(info.max) if info.min == 0 else info.min
        bad = int(arr.min()) < low or int(arr.max()) > info.max
    if bad:
        raise RuntimeError(f"value cannot be converted to type {target.name} without overflow")


def _array_from_data(data, dtype) -> np.ndarray:
    if isinstance(data, Tensor):
        arr = host(data)
        return np.array(arr, dtype=arr.dtype if dtype is None else check_dtype(dtype).np)
    if isinstance(data, np.ndarray):
        inferred = from_numpy_dtype(data.dtype)
        return np.array(data, dtype=(inferred if dtype is None else check_dtype(dtype)).np)
    shape = _shape_of(data)
    dtypes: set = set()
    _infer(data, 0, shape, dtypes)
    if dtype is None:
        inferred = None
        for d in dtypes:
            inferred = d if inferred is None else promote_types(inferred, d)
        dtype = get_default_dtype() if inferred is None else inferred
    target = check_dtype(dtype).np
    values = _to_python(data)
    if target.kind in "iu":
        # PyTorch truncates floats toward zero when building integer tensors
        arr = np.array(values, dtype=np.float64 if _has_float(dtypes) else None)
        arr = arr.reshape(shape)
        _check_range(arr, target)
        return arr.astype(target)
    return np.array(values, dtype=target).reshape(shape)


def _has_float(dtypes) -> bool:
    return any(d.is_floating_point or d.is_complex for d in dtypes)


@op("tensor", method=False)
def tensor(
    data, dtype=None, device=None, requires_grad: bool = False, pin_memory: bool = False
) -> Tensor:
    """Build a tensor by copying ``data`` (nested lists, scalars, NumPy arrays, tensors).

    Python ints become int64, floats the default dtype, bools bool.
    """
    if dtype is not None:
        check_dtype(dtype, "tensor(): argument 'dtype'")
    if device is None and isinstance(data, Tensor):
        device = data.device
    t = finish(_array_from_data(data, dtype), device, requires_grad)
    if isinstance(data, np.ndarray):
        _keep_zero_strides(t, data)
    return t


def _keep_zero_strides(t: Tensor, array: np.ndarray) -> None:
    """An empty NumPy array has zero strides, which PyTorch keeps for a tensor made from it
    (a fresh empty tensor reports row-major strides, see Tensor.stride)."""
    if array.size == 0 and array.ndim and not any(array.strides):
        t.__dict__["_zero_strides"] = True


@op("as_tensor", method=False)
def as_tensor(data, dtype=None, device=None) -> Tensor:
    """Like tensor(), but shares memory with a NumPy array or tensor when no copy is needed."""
    dev = as_device(device) if device is not None else None
    if isinstance(data, Tensor):
        if (dtype is None or dtype is data.dtype) and (dev is None or dev == data.device):
            return data
        return data.to(device=dev or data.device, dtype=dtype or data.dtype)
    if hasattr(data, "__cuda_array_interface__") and not isinstance(data, np.ndarray):
        return _from_cuda_array(data, dtype, dev)
    on_cpu = dev is None or dev.type == "cpu"
    same_dtype = dtype is None or check_dtype(dtype).np == getattr(data, "dtype", None)
    if isinstance(data, np.ndarray) and on_cpu and same_dtype:
        return from_numpy(data)
    return tensor(data, dtype=dtype, device=device)


def _from_cuda_array(data, dtype, dev) -> Tensor:
    """A CUDA tensor over another library's GPU array (CuPy, PyTorch, numba), not copied."""
    cuda = as_device("cuda")
    check_device(cuda)
    storage = backend.of(cuda).from_cuda_array_interface(data)
    from_numpy_dtype(storage.dtype)
    t = Tensor._make(storage, cuda)
    if (dtype is None or check_dtype(dtype) is t.dtype) and (dev is None or dev == cuda):
        return t
    return t.to(device=dev or cuda, dtype=dtype or t.dtype)


@op("from_numpy", method=False)
def from_numpy(ndarray: np.ndarray) -> Tensor:
    """A CPU tensor sharing memory with ``ndarray``."""
    if not isinstance(ndarray, np.ndarray):
        raise TypeError(f"expected np.ndarray (got {type(ndarray).__name__})")
    from_numpy_dtype(ndarray.dtype)
    if any(s < 0 for s in ndarray.strides):
        raise ValueError(
            "At least one stride in the given numpy array is negative, and tensors with "
            "negative strides are not currently supported. (You can probably work around this "
            "by making a copy of your array  with array.copy().) "
        )
    t = Tensor._make(ndarray)
    _keep_zero_strides(t, ndarray)
    return t


# ---- filled tensors --------------------------------------------------------------------


def _filled(shape, value, dtype, device, requires_grad) -> Tensor:
    return allocate(shape, np_dtype(dtype, get_default_dtype()), value, device, requires_grad)


@op("zeros", method=False)
def zeros(*size, dtype=None, device=None, requires_grad=False, **kwargs) -> Tensor:
    """A tensor of zeros of the given size (default dtype unless ``dtype=``)."""
    return _filled(size_args(size, kwargs, "zeros"), 0, dtype, device, requires_grad)


@op("ones", method=False)
def ones(*size, dtype=None, device=None, requires_grad=False, **kwargs) -> Tensor:
    """A tensor of ones of the given size."""
    return _filled(size_args(size, kwargs, "ones"), 1, dtype, device, requires_grad)


@op("empty", method=False)
def empty(*size, dtype=None, device=None, requires_grad=False, **kwargs) -> Tensor:
    """An uninitialised tensor of the given size."""
    shape = size_args(size, kwargs, "empty")
    return allocate(shape, np_dtype(dtype, get_default_dtype()), None, device, requires_grad)


@op("full", method=False)
def full(size, fill_value, dtype=None, device=None, requires_grad=False) -> Tensor:
    """A tensor filled with ``fill_value``; its dtype is inferred from the value."""
    if isinstance(fill_value, Tensor):
        fill_value = fill_value.item()
    if dtype is None:
        dtype = scalar_dtype(fill_value)
    return _filled(parse_size((size,), "full"), fill_value, dtype, device, requires_grad)


@op("eye", method=False)
def eye(n: int, m: int | None = None, dtype=None, device=None, requires_grad=False) -> Tensor:
    """A 2-D tensor with ones on the diagonal."""
    if n < 0:
        raise RuntimeError(f"n must be greater or equal to 0, got {n}")
    if m is not None and m < 0:
        raise RuntimeError(f"m must be greater or equal to 0, got {m}")
    arr = np.eye(n, n if m is None else m, dtype=np_dtype(dtype, get_default_dtype()))
    return finish(arr, device, requires_grad)


def _is_float(v) -> bool:
    if isinstance(v, Tensor):
        return v.dtype.is_floating_point
    return isinstance(v, (float, np.floating))


def _scalar(v):
    return v.item() if isinstance(v, Tensor) else v


@op("arange", method=False)
def arange(start, end=None, step=1, dtype=None, device=None, requires_grad=False) -> Tensor:
    """Values from ``start`` to ``end`` (exclusive) by ``step``; int64 unless a float is given."""
    if end is None:
        start, end = 0, start
    if dtype is None:
        dtype = get_default_dtype() if any(map(_is_float, (start, end, step))) else int64
    start, end, step = _scalar(start), _scalar(end), _scalar(step)
    if step == 0:
        raise RuntimeError("step must be nonzero")
    if (end - start) * step < 0 and end != start:
        raise RuntimeError("upper bound and lower bound inconsistent with step sign")
    n = max(math.ceil((end - start) / step), 0)
    target = check_dtype(dtype).np
    if target.kind in "iub" and all(isinstance(v, (int, np.integer)) for v in (start, end, step)):
        arr = np.arange(start, start + n * step, step, dtype=np.int64)[:n].astype(target)
    else:
        arr = (start + np.arange(n, dtype=np.float64) * step).astype(target)
    return finish(arr, device, requires_grad)


def _linspace_f64(start: float, end: float, steps: int) -> np.ndarray:
    # PyTorch fills the two halves from each end so that both endpoints are exact
    if steps == 1:
        return np.array([start], dtype=np.float64)
    step = (end - start) / (steps - 1)
    idx = np.arange(steps, dtype=np.float64)
    half = steps // 2
    return np.where(idx < half, start + step * idx, end - step * (steps - 1 - idx))


@op("linspace", method=False)
def linspace(start, end, steps: int, dtype=None, device=None, requires_grad=False) -> Tensor:
    """``steps`` evenly spaced values from ``start`` to ``end`` inclusive."""
    if steps < 0:
        raise RuntimeError("number of steps must be non-negative")
    target = np_dtype(dtype, get_default_dtype())
    arr = _linspace_f64(float(_scalar(start)), float(_scalar(end)), steps)
    if target.kind in "iu":
        arr = np.trunc(arr)
    return finish(arr.astype(target), device, requires_grad)


@op("logspace", method=False)
def logspace(
    start, end, steps: int, base: float = 10.0, dtype=None, device=None, requires_grad=False
) -> Tensor:
    """``base ** linspace(start, end, steps)``."""
    if steps < 0:
        raise RuntimeError("number of steps must be non-negative")
    target = np_dtype(dtype, get_default_dtype())
    arr = np.power(base, _linspace_f64(float(_scalar(start)), float(_scalar(end)), steps))
    return finish(arr.astype(target), device, requires_grad)


# ---- *_like and new_* --------------------------------------------------------------------


def _like(t: Tensor, fill, dtype, device, requires_grad) -> Tensor:
    d = t.dtype if dtype is None else check_dtype(dtype)
    return allocate(t.shape, d.np, fill, t.device if device is None else device, requires_grad)


@op("zeros_like", method=False)
def zeros_like(
    input: Tensor, dtype=None, device=None, requires_grad=False, memory_format=None
) -> Tensor:
    return _like(input, 0, dtype, device, requires_grad)


@op("ones_like", method=False)
def ones_like(
    input: Tensor, dtype=None, device=None, requires_grad=False, memory_format=None
) -> Tensor:
    return _like(input, 1, dtype, device, requires_grad)


@op("empty_like", method=False)
def empty_like(
    input: Tensor, dtype=None, device=None, requires_grad=False, memory_format=None
) -> Tensor:
    return _like(input, None, dtype, device, requires_grad)


@op("full_like", method=False)
def full_like(
    input: Tensor, fill_value, dtype=None, device=None, requires_grad=False, memory_format=None
) -> Tensor:
    return _like(input, _scalar(fill_value), dtype, device, requires_grad)


@op("new_tensor", function=False)
def new_tensor(self: Tensor, data, dtype=None, device=None, requires_grad=False) -> Tensor:
    """A copy of ``data`` with this tensor's dtype and device unless overridden."""
    return tensor(
        data,
        dtype=self.dtype if dtype is None else dtype,
        device=self.device if device is None else device,
        requires_grad=requires_grad,
    )


def _new(self, size, fill, dtype, device, requires_grad) -> Tensor:
    shape = parse_size(size)
    d = self.dtype if dtype is None else check_dtype(dtype)
    return allocate(shape, d.np, fill, self.device if device is None else device, requires_grad)


@op("new_zeros", function=False)
def new_zeros(self, *size, dtype=None, device=None, requires_grad=False) -> Tensor:
    return _new(self, size, 0, dtype, device, requires_grad)


@op("new_ones", function=False)
def new_ones(self, *size, dtype=None, device=None, requires_grad=False) -> Tensor:
    return _new(self, size, 1, dtype, device, requires_grad)


@op("new_empty", function=False)
def new_empty(self, *size, dtype=None, device=None, requires_grad=False) -> Tensor:
    return _new(self, size, None, dtype, device, requires_grad)


@op("new_full", function=False)
def new_full(self, size, fill_value, dtype=None, device=None, requires_grad=False) -> Tensor:
    return _new(self, (size,), _scalar(fill_value), dtype, device, requires_grad)


# ---- the legacy typed constructors: numtensor.FloatTensor([...]) or FloatTensor(2, 3) ----


def legacy_new(dtype, args, device=None) -> Tensor:
    """``Tensor(data)`` copies data as ``dtype``; ``Tensor(2, 3)`` makes an uninitialised one."""
    if not args:
        return allocate((0,), dtype.np, None, device)
    if len(args) == 1 and isinstance(args[0], Tensor):
        src = args[0]
        if src.dtype is not dtype:
            raise TypeError(f"expected {dtype} (got {src.dtype})")
        return src
    if all(isinstance(a, (int, np.integer)) and not isinstance(a, bool) for a in args) or (
        len(args) == 1 and isinstance(args[0], Size)
    ):
        return allocate(parse_size(args), dtype.np, None, device)
    if len(args) > 1:
        raise TypeError("new(): data must be a sequence (got several arguments)")
    return tensor(args[0], dtype=dtype, device=device)
