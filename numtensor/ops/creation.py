"""Tensor factories: tensor(), as_tensor(), zeros(), full(), arange(), linspace() and the
legacy typed constructors (the *_like and new_* families are in creation_like.py)."""

from __future__ import annotations

import functools
import math
from collections.abc import Sequence

import numpy as np

from .._device import as_device
from .._dtype import (
    check_dtype,
    from_numpy_dtype,
    get_default_dtype,
    int64,
    promote_types,
    scalar_dtype,
    type_name,
)
from .._memory_format import check_memory_format, contiguous_format, strides_for
from .._size import Size
from .._tensor_base import Tensor
from .._typing import DeviceLike, DTypeLike, Number, SizeLike
from ..backend import HostArray, HostScalar
from ._common import (
    allocate,
    finish,
    host,
    np_dtype,
    ops_of,
    parse_size,
    refuse_bool,
    size_args,
)
from .interop import from_cuda_array, from_dlpack
from .memory_formats import allocate_strided
from .registry import op

# ---- tensor(data): PyTorch's inference over nested sequences -----------------------------


def _is_seq(data) -> bool:
    return isinstance(data, Sequence) and not isinstance(data, (str, bytes))


def _shape_of(data) -> list:
    """The shape nested data claims by its first elements (PyTorch validates the rest)."""
    shape = []
    if isinstance(data, memoryview) and data.ndim > 1:  # (not a sequence of rows)
        raise ValueError("could not determine the shape of object type 'memoryview'")
    while _is_seq(data):
        shape.append(len(data))
        if not data:
            return shape
        data = data[0]
    if isinstance(data, (Tensor, HostArray)):
        shape.extend(data.shape)
    return shape


def _infer(data, depth: int, shape: list, dtypes: set) -> None:
    """Check nested data against ``shape`` and record the dtype of every scalar in it."""
    if isinstance(data, (Tensor, HostArray)):
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
    if isinstance(data, HostScalar):
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


def _check_range(arr: HostArray, target: np.dtype) -> None:
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


def _array_from_data(data, dtype) -> HostArray:
    if isinstance(data, Tensor):
        arr = host(data)
        return np.array(arr, dtype=arr.dtype if dtype is None else check_dtype(dtype).np)
    if isinstance(data, HostArray):
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
    data: object,
    dtype: DTypeLike = None,
    device: DeviceLike = None,
    requires_grad: bool = False,
    pin_memory: bool = False,
) -> Tensor:
    r"""Constructs a tensor with no autograd history by copying ``data``.

    ``data`` may be a Python scalar, a (nested) list or tuple, a NumPy array or a tensor.
    Without ``dtype`` the dtype is inferred from the values: Python bools give ``bool``,
    ints ``int64``, floats the default dtype (see :func:`set_default_dtype`) and complex
    numbers the matching complex dtype; mixed values are promoted.

    Args:
        data (array_like): initial data for the tensor.
        dtype (:class:`numtensor.dtype`, optional): the desired dtype. Default: inferred.
        device (:class:`numtensor.device`, optional): the desired device. Default: the
            device of ``data`` when it is a tensor, else the default device.
        requires_grad (bool): whether autograd records operations on the result.
        pin_memory (bool): accepted for compatibility.

    Returns:
        Tensor: a new tensor (never a view of ``data``; use :func:`as_tensor` or
        :func:`from_numpy` to share memory).

    Example::

        >>> torch.tensor([[1., 2.], [3., 4.]])
        tensor([[1., 2.],
                [3., 4.]])
        >>> torch.tensor([1, 2, 3])
        tensor([1, 2, 3])
        >>> torch.tensor([1, 2], dtype=torch.float64)
        tensor([1., 2.], dtype=numtensor.float64)
        >>> torch.tensor(3.5)
        tensor(3.5000)
    """
    if dtype is not None:
        check_dtype(dtype, "tensor(): argument 'dtype'")
    if hasattr(data, "__dlpack__") and not isinstance(data, (Tensor, HostArray)):
        data = from_dlpack(data)  # (another library's array: copied below)
    if device is None and isinstance(data, Tensor):
        device = data.device
    t = finish(_array_from_data(data, dtype), device, requires_grad)
    if isinstance(data, HostArray):
        _keep_zero_strides(t, data)
    return t


def _keep_zero_strides(t: Tensor, array: HostArray) -> None:
    """An empty NumPy array has zero strides, which PyTorch keeps for a tensor made from it
    (a fresh empty tensor reports row-major strides, see Tensor.stride)."""
    if array.size == 0 and array.ndim and not any(array.strides):
        t.__dict__["_zero_strides"] = True


@op("as_tensor", method=False)
def as_tensor(data: object, dtype: DTypeLike = None, device: DeviceLike = None) -> Tensor:
    r"""Converts ``data`` into a tensor, sharing memory with it when no copy is needed.

    A tensor of the requested dtype and device is returned as is; a NumPy array on the CPU
    with a matching dtype is wrapped as by :func:`from_numpy`; an object with a
    ``__cuda_array_interface__`` becomes a CUDA tensor over the same memory, and one with
    ``__dlpack__`` (a PyTorch or JAX tensor) a tensor over its memory, as by
    :func:`from_dlpack`. Anything else (buffers such as ``bytearray`` included, read as
    sequences as PyTorch reads them) is copied as by :func:`tensor`.

    Args:
        data (array_like): initial data for the tensor.
        dtype (:class:`numtensor.dtype`, optional): the desired dtype. Default: inferred.
        device (:class:`numtensor.device`, optional): the desired device.

    Returns:
        Tensor: ``data`` itself, a view of its memory, or a copy.

    Example::

        >>> a = np.array([1, 2, 3])
        >>> t = torch.as_tensor(a)
        >>> t[0] = -1
        >>> a
        array([-1,  2,  3])
        >>> torch.as_tensor(a, dtype=torch.float32)
        tensor([-1.,  2.,  3.])
    """
    dev = as_device(device) if device is not None else None
    if isinstance(data, Tensor):
        if (dtype is None or dtype is data.dtype) and (dev is None or dev == data.device):
            return data
        return data.to(device=dev or data.device, dtype=dtype or data.dtype)
    if hasattr(data, "__cuda_array_interface__") and not isinstance(data, HostArray):
        return from_cuda_array(data, dtype, dev)
    if hasattr(data, "__dlpack__") and not isinstance(data, HostArray):
        shared = from_dlpack(data)  # (PyTorch, JAX, CuPy arrays...: their memory)
        if (dtype is None or check_dtype(dtype) is shared.dtype) and dev in (None, shared.device):
            return shared
        return shared.to(device=dev or shared.device, dtype=dtype or shared.dtype)
    on_cpu = dev is None or dev.type == "cpu"
    same_dtype = dtype is None or check_dtype(dtype).np == getattr(data, "dtype", None)
    if isinstance(data, HostArray) and on_cpu and same_dtype:
        return from_numpy(data)
    return tensor(data, dtype=dtype, device=device)


@op("from_numpy", method=False)
def from_numpy(ndarray: HostArray) -> Tensor:
    r"""Creates a CPU tensor from a :class:`numpy.ndarray`, sharing its memory.

    Changes to the tensor show in the array and vice versa. The dtype follows the array's
    (float64 stays float64). Arrays with negative strides are rejected.

    Args:
        ndarray (numpy.ndarray): the array to wrap.

    Returns:
        Tensor: a tensor over the array's buffer, with its shape and strides.

    Example::

        >>> a = np.array([1, 2, 3])
        >>> t = torch.from_numpy(a)
        >>> t
        tensor([1, 2, 3])
        >>> t[0] = -1
        >>> a
        array([-1,  2,  3])
    """
    if not isinstance(ndarray, HostArray):
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


def _filled(shape, value, dtype, device, requires_grad, out=None) -> Tensor:
    if out is not None:
        out = factory_out(out, shape, dtype)
        return out if value is None else out.fill_(value)
    return allocate(shape, np_dtype(dtype, get_default_dtype()), value, device, requires_grad)


def factory_out(out, shape: tuple, dtype) -> Tensor:
    """A factory's ``out=`` tensor (``zeros(2, out=t)``), resized to ``shape`` without a
    warning, as PyTorch does; a ``dtype`` given must be its dtype. The caller fills it."""
    if not isinstance(out, Tensor):
        raise TypeError(f"argument 'out' must be Tensor, not {type(out).__name__}")
    if dtype is not None and check_dtype(dtype) is not out.dtype:
        raise RuntimeError(
            f"dtype {type_name(check_dtype(dtype))} does not match dtype of out parameter "
            f"({type_name(out.dtype)})"
        )
    if tuple(out.shape) != tuple(shape):
        out._data = ops_of(out).empty(tuple(shape), out.dtype.np)
    return out


def with_out(factory, *, ranged: bool = False):
    """``factory(..., out=t)``: the values made as usual (in ``t``'s dtype unless ``dtype=``
    says otherwise, on ``t``'s device) and written into ``t``, resized as PyTorch does
    (``out_variants.FACTORY``; ``ranged``: arange's warning when the count differs)."""
    from .out_variants import FACTORY, Out, takes_out

    return takes_out(factory, factory.__name__, Out(dtype=FACTORY, ranged=ranged))


@op("zeros", method=False)
def zeros(
    *size: SizeLike,
    dtype: DTypeLike = None,
    device: DeviceLike = None,
    requires_grad: bool = False,
    **kwargs,
) -> Tensor:
    r"""Returns a tensor filled with the scalar value ``0``, of the shape given by ``size``.

    Args:
        *size (int...): the shape, as several ints or one list, tuple or
            :class:`numtensor.Size`.

    Keyword args:
        dtype (:class:`numtensor.dtype`, optional): the desired dtype. Default: the default
            dtype (see :func:`set_default_dtype`).
        device (:class:`numtensor.device`, optional): the desired device.
        requires_grad (bool): whether autograd records operations on the result.
        out (Tensor, optional): the output tensor.

    Example::

        >>> torch.zeros(2, 3)
        tensor([[0., 0., 0.],
                [0., 0., 0.]])
        >>> torch.zeros((2,), dtype=torch.int64)
        tensor([0, 0])
    """
    out = kwargs.pop("out", None)
    return _filled(size_args(size, kwargs, "zeros"), 0, dtype, device, requires_grad, out)


@op("ones", method=False)
def ones(
    *size: SizeLike,
    dtype: DTypeLike = None,
    device: DeviceLike = None,
    requires_grad: bool = False,
    **kwargs,
) -> Tensor:
    r"""Returns a tensor filled with the scalar value ``1``, of the shape given by ``size``.

    Args:
        *size (int...): the shape, as several ints or one list, tuple or
            :class:`numtensor.Size`.

    Keyword args:
        dtype (:class:`numtensor.dtype`, optional): the desired dtype. Default: the default
            dtype.
        device (:class:`numtensor.device`, optional): the desired device.
        requires_grad (bool): whether autograd records operations on the result.
        out (Tensor, optional): the output tensor.

    Example::

        >>> torch.ones(2, 2)
        tensor([[1., 1.],
                [1., 1.]])
        >>> torch.ones(3, dtype=torch.int32)
        tensor([1, 1, 1], dtype=numtensor.int32)
    """
    out = kwargs.pop("out", None)
    return _filled(size_args(size, kwargs, "ones"), 1, dtype, device, requires_grad, out)


@op("empty", method=False)
def empty(
    *size: SizeLike,
    dtype: DTypeLike = None,
    device: DeviceLike = None,
    requires_grad: bool = False,
    **kwargs,
) -> Tensor:
    r"""Returns a tensor of the shape given by ``size`` whose values are uninitialised.

    Args:
        *size (int...): the shape, as several ints or one list, tuple or
            :class:`numtensor.Size`.

    Keyword args:
        dtype (:class:`numtensor.dtype`, optional): the desired dtype. Default: the default
            dtype.
        device (:class:`numtensor.device`, optional): the desired device.
        requires_grad (bool): whether autograd records operations on the result.
        out (Tensor, optional): the output tensor.
        memory_format (:class:`numtensor.memory_format`, optional): the layout.
            Default: ``torch.contiguous_format``; ``torch.channels_last`` needs a 4-D
            size, ``torch.channels_last_3d`` a 5-D one.

    Example::

        >>> x = torch.empty(2, 3)
        >>> x.shape
        numtensor.Size([2, 3])
        >>> torch.empty((4,), dtype=torch.int64).dtype
        numtensor.int64
        >>> torch.empty(2, 3, 4, 5, memory_format=torch.channels_last).stride()
        (60, 1, 15, 3)
    """
    out = kwargs.pop("out", None)
    fmt = kwargs.pop("memory_format", None)
    shape = size_args(size, kwargs, "empty")
    fmt = contiguous_format if fmt is None else check_memory_format(fmt, "empty")
    if fmt is contiguous_format or out is not None:
        return _filled(shape, None, dtype, device, requires_grad, out)
    strides = strides_for(fmt, shape)  # (PyTorch's errors for preserve_format, a bad rank)
    return allocate_strided(
        shape, strides, np_dtype(dtype, get_default_dtype()), None, device, requires_grad
    )


@op("full", method=False)
@with_out
def full(
    size: SizeLike,
    fill_value: Number,
    dtype: DTypeLike = None,
    device: DeviceLike = None,
    requires_grad: bool = False,
) -> Tensor:
    r"""Returns a tensor of shape ``size`` filled with ``fill_value``.

    Without ``dtype`` the dtype is inferred from the value: a bool gives ``bool``, an int
    ``int64``, a float the default dtype.

    Args:
        size (int...): a list, tuple or :class:`numtensor.Size` giving the shape.
        fill_value (Scalar): the value to fill the output with.

    Keyword args:
        dtype (:class:`numtensor.dtype`, optional): the desired dtype.
        device (:class:`numtensor.device`, optional): the desired device.
        requires_grad (bool): whether autograd records operations on the result.
        out (Tensor, optional): the output tensor.

    Example::

        >>> torch.full((2, 2), 7.)
        tensor([[7., 7.],
                [7., 7.]])
        >>> torch.full((2,), 3)
        tensor([3, 3])
    """
    if isinstance(fill_value, Tensor):
        fill_value = fill_value.item()
    if dtype is None:
        dtype = scalar_dtype(fill_value)
    return _filled(parse_size((size,), "full"), fill_value, dtype, device, requires_grad)


@op("eye", method=False)
@with_out
def eye(n: int, m: int | None = None, dtype=None, device=None, requires_grad=False) -> Tensor:
    r"""Returns a 2-D tensor with ones on the diagonal and zeros elsewhere.

    Args:
        n (int): the number of rows.
        m (int, optional): the number of columns. Default: ``n``.

    Keyword args:
        dtype (:class:`numtensor.dtype`, optional): the desired dtype. Default: the default
            dtype.
        device (:class:`numtensor.device`, optional): the desired device.
        requires_grad (bool): whether autograd records operations on the result.
        out (Tensor, optional): the output tensor.

    Returns:
        Tensor: of shape ``(n, m)``.

    Example::

        >>> torch.eye(3)
        tensor([[1., 0., 0.],
                [0., 1., 0.],
                [0., 0., 1.]])
        >>> torch.eye(2, 3)
        tensor([[1., 0., 0.],
                [0., 1., 0.]])
    """
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
@functools.partial(with_out, ranged=True)
def arange(
    start: Number,
    end: Number | None = None,
    step: Number = 1,
    dtype: DTypeLike = None,
    device: DeviceLike = None,
    requires_grad: bool = False,
) -> Tensor:
    r"""Returns a 1-D tensor of the values in ``[start, end)`` taken ``step`` apart.

    Called with one argument, it is ``end`` and ``start`` is 0. The result has
    :math:`\lceil (\text{end} - \text{start}) / \text{step} \rceil` elements. Without
    ``dtype``, it is ``int64`` when all of ``start``, ``end`` and ``step`` are ints, else the
    default dtype.

    Args:
        start (Number): the first value. Default: ``0``.
        end (Number): the end of the range (not included).
        step (Number): the gap between neighbouring values. Default: ``1``.

    Keyword args:
        dtype (:class:`numtensor.dtype`, optional): the desired dtype.
        device (:class:`numtensor.device`, optional): the desired device.
        requires_grad (bool): whether autograd records operations on the result.
        out (Tensor, optional): the output tensor.

    Example::

        >>> torch.arange(5)
        tensor([0, 1, 2, 3, 4])
        >>> torch.arange(1, 4)
        tensor([1, 2, 3])
        >>> torch.arange(1, 2.5, 0.5)
        tensor([1.0000, 1.5000, 2.0000])
    """
    if end is None:
        start, end = 0, start
    if dtype is None:
        dtype = get_default_dtype() if any(map(_is_float, (start, end, step))) else int64
    refuse_bool(check_dtype(dtype).np, "arange")
    start, end, step = _scalar(start), _scalar(end), _scalar(step)
    if step == 0:
        raise RuntimeError("step must be nonzero")
    if (end - start) * step < 0 and end != start:
        raise RuntimeError("upper bound and lower bound inconsistent with step sign")
    n = max(math.ceil((end - start) / step), 0)
    target = check_dtype(dtype).np
    if target.kind in "iu":
        # PyTorch steps integer results in int64 from the truncated start and step; int64
        # results also count their length from the truncated bounds
        start, end, step = (math.trunc(v) for v in (start, end, step))
        if target == np.int64:
            if step == 0:
                raise ValueError("step must be nonzero")
            n = max(math.ceil((end - start) / step), 0)
        arr = (start + np.arange(n, dtype=np.int64) * step).astype(target)
    elif target.kind == "b" and all(isinstance(v, (int, np.integer)) for v in (start, end, step)):
        arr = np.arange(start, start + n * step, step, dtype=np.int64)[:n].astype(target)
    else:
        arr = (start + np.arange(n, dtype=np.float64) * step).astype(target)
    return finish(arr, device, requires_grad)


def _linspace_f64(start: float, end: float, steps: int) -> HostArray:
    # PyTorch fills the two halves from each end so that both endpoints are exact
    if steps == 1:
        return np.array([start], dtype=np.float64)
    step = (end - start) / (steps - 1)
    idx = np.arange(steps, dtype=np.float64)
    half = steps // 2
    return np.where(idx < half, start + step * idx, end - step * (steps - 1 - idx))


@op("linspace", method=False)
@with_out
def linspace(start, end, steps: int, dtype=None, device=None, requires_grad=False) -> Tensor:
    r"""Returns a 1-D tensor of ``steps`` evenly spaced values from ``start`` to ``end``.

    Both ends are included:
    :math:`(\text{start}, \text{start} + \frac{\text{end} - \text{start}}{\text{steps} - 1},
    \ldots, \text{end})`.

    Args:
        start (float or Tensor): the first value.
        end (float or Tensor): the last value.
        steps (int): the number of values.

    Keyword args:
        dtype (:class:`numtensor.dtype`, optional): the desired dtype. Default: the default
            dtype.
        device (:class:`numtensor.device`, optional): the desired device.
        requires_grad (bool): whether autograd records operations on the result.
        out (Tensor, optional): the output tensor.

    Example::

        >>> torch.linspace(0, 1, 5)
        tensor([0.0000, 0.2500, 0.5000, 0.7500, 1.0000])
        >>> torch.linspace(-10, 10, steps=3)
        tensor([-10.,   0.,  10.])
    """
    if steps < 0:
        raise RuntimeError("number of steps must be non-negative")
    refuse_bool(target := np_dtype(dtype, get_default_dtype()), "linspace")
    arr = _linspace_f64(float(_scalar(start)), float(_scalar(end)), steps)
    if target.kind in "iu":
        arr = np.trunc(arr)
    return finish(arr.astype(target), device, requires_grad)


@op("logspace", method=False)
@with_out
def logspace(
    start, end, steps: int, base: float = 10.0, dtype=None, device=None, requires_grad=False
) -> Tensor:
    r"""Returns a 1-D tensor of ``steps`` values spaced evenly on a log scale.

    The values are :math:`\text{base}^{x}` for ``x`` in
    ``linspace(start, end, steps)``.

    Args:
        start (float or Tensor): the first exponent.
        end (float or Tensor): the last exponent.
        steps (int): the number of values.
        base (float): the base of the logarithm. Default: ``10.0``.

    Keyword args:
        dtype (:class:`numtensor.dtype`, optional): the desired dtype. Default: the default
            dtype.
        device (:class:`numtensor.device`, optional): the desired device.
        requires_grad (bool): whether autograd records operations on the result.
        out (Tensor, optional): the output tensor.

    Example::

        >>> torch.logspace(0, 2, 3)
        tensor([  1.,  10., 100.])
        >>> torch.logspace(0, 3, 4, base=2)
        tensor([1., 2., 4., 8.])
    """
    if steps < 0:
        raise RuntimeError("number of steps must be non-negative")
    refuse_bool(target := np_dtype(dtype, get_default_dtype()), "logspace")
    arr = np.power(base, _linspace_f64(float(_scalar(start)), float(_scalar(end)), steps))
    return finish(arr.astype(target), device, requires_grad)


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
