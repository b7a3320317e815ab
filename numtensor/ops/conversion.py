"""Conversions: dtype/device changes, copies, and the bridge to NumPy and Python scalars."""

from __future__ import annotations

import warnings

import numpy as np

from .. import backend
from .._device import as_device, device
from .._dtype import ALL_DTYPES, check_dtype, dtype, type_name
from .._memory_format import (
    check_memory_format,
    contiguous_format,
    is_non_overlapping_and_dense,
    preserve_format,
    strides_for,
    suggest_memory_format,
)
from .._tensor_base import Tensor
from ..autograd.function import op_name_of, out_requires_grad_error
from ..autograd.grad_mode import is_grad_enabled
from ..backend import HostArray
from ._common import allocate, check_device, check_writable, host, ops_of
from .memory_formats import copy_strided
from .registry import method, op
from .shape import broadcast_shapes

LEGACY_NAMES = {
    "uint8": "ByteTensor",
    "int8": "CharTensor",
    "int16": "ShortTensor",
    "int32": "IntTensor",
    "int64": "LongTensor",
    "float16": "HalfTensor",
    "bfloat16": "BFloat16Tensor",
    "float32": "FloatTensor",
    "float64": "DoubleTensor",
    "bool": "BoolTensor",
    "complex64": "ComplexFloatTensor",
    "complex128": "ComplexDoubleTensor",
}
_BY_LEGACY_NAME = {
    name: d for d in ALL_DTYPES for key, name in LEGACY_NAMES.items() if key == d._name
}


def legacy_type_name(t: Tensor) -> str:
    prefix = "numtensor.cuda." if t.device.type == "cuda" else "numtensor."
    return prefix + LEGACY_NAMES[t.dtype._name]


def warn_discarding_imag(src: dtype, dst: dtype) -> None:
    """PyTorch's warning when complex values are cast to a real dtype."""
    if src.is_complex and not dst.is_complex:
        warnings.warn(
            "Casting complex values to real discards the imaginary part", UserWarning, stacklevel=3
        )


def _convert(self: Tensor, dt: dtype, dev: device, copy: bool) -> Tensor:
    if dt is self.dtype and dev == self.device and not copy:
        return self
    warn_discarding_imag(self.dtype, dt)
    ops = ops_of(self)
    if dev.type == self.device.type and (dev == self.device or dev.type == "cpu"):
        return Tensor._make(ops.astype(self._data, dt.np), dev)
    # between devices: the only place storage crosses, through the host
    arr = ops.to_host(self._data)  # a fresh host array when self is on a GPU
    if arr.dtype != dt.np:
        arr = arr.astype(dt.np)
    return Tensor._make(backend.of(dev).from_host(arr), dev)


def to(self: Tensor, *args, **kwargs) -> Tensor:
    """``to(dtype)``, ``to(device[, dtype])`` or ``to(tensor)``; returns self if nothing changes."""
    dev, dt = self.device, self.dtype
    copy = kwargs.pop("copy", False)
    kwargs.pop("non_blocking", None)
    fmt = check_memory_format(kwargs.pop("memory_format", None), "to")
    for a in args:
        if isinstance(a, Tensor):
            dev, dt = a.device, a.dtype
        elif isinstance(a, dtype):
            dt = a
        elif isinstance(a, (str, device, int)) and not isinstance(a, bool):
            dev = as_device(a)
        elif isinstance(a, bool):
            continue
        else:
            raise TypeError(f"to() received an invalid combination of arguments: {a!r}")
    if kwargs.get("device") is not None:
        dev = as_device(kwargs.pop("device"))
    if kwargs.get("dtype") is not None:
        dt = check_dtype(kwargs.pop("dtype"))
    kwargs.pop("device", None)
    kwargs.pop("dtype", None)
    if kwargs:
        raise TypeError(f"to() got unexpected keyword arguments {sorted(kwargs)}")
    check_device(dev)
    if dev.type == "cuda" and dev.index is None:
        dev = device("cuda", 0)  # 'cuda' means the current device
    if fmt is preserve_format:
        return _same_strides(self, _convert(self, dt, dev, copy))
    # PyTorch returns self when nothing changes and self's strides already look like the
    # format (even a non-contiguous tensor asked for contiguous_format), else a copy
    unchanged = dt is self.dtype and dev == self.device and not copy
    if unchanged and suggest_memory_format(self.shape, self.stride()) is fmt:
        return self
    strides = strides_for(fmt, self.shape)
    return copy_strided(_convert(self, dt, dev, False), strides)


def _same_strides(src: Tensor, out: Tensor) -> Tensor:
    """``out`` (a conversion of ``src``) with ``src``'s very strides when ``src`` is dense,
    as PyTorch's preserve_format gives them (NumPy drops the odd strides of size-1 dims)."""
    if out is src:
        return out
    strides = src.stride()
    if out.stride() == strides or not is_non_overlapping_and_dense(src.shape, strides):
        return out
    return copy_strided(out, strides)


def type_(self: Tensor, dtype=None, non_blocking: bool = False):
    """With no argument the type name ('numtensor.FloatTensor'); else a cast to that dtype."""
    if dtype is None:
        return legacy_type_name(self)
    if isinstance(dtype, str):
        name = dtype.rsplit(".", 1)[-1]
        if name not in _BY_LEGACY_NAME:
            raise ValueError(f"invalid type: '{dtype}'")
        dtype = _BY_LEGACY_NAME[name]
    elif isinstance(dtype, type) and hasattr(dtype, "dtype"):
        dtype = dtype.dtype
    return to(self, check_dtype(dtype))


@op("cpu", function=False)
def cpu(self: Tensor) -> Tensor:
    r"""Returns a copy of this tensor in CPU memory.

    If the tensor is already on the CPU, it is returned itself (no copy).

    Returns:
        Tensor: on ``device('cpu')``, with the same dtype and values.

    Example::

        >>> x = torch.tensor([1., 2.])
        >>> x.cpu() is x
        True
        >>> x.cuda().cpu()  # doctest: +SKIP
        tensor([1., 2.])
    """
    return to(self, "cpu")


@op("cuda", function=False)
def cuda(self: Tensor, device=None, non_blocking: bool = False) -> Tensor:
    r"""Returns a copy of this tensor in CUDA memory.

    If the tensor is already on the requested GPU, it is returned itself (no copy).

    Args:
        device (:class:`numtensor.device` or int, optional): the destination GPU. Default:
            the current CUDA device.
        non_blocking (bool): accepted for compatibility; copies are synchronous.

    Returns:
        Tensor: on a ``cuda`` device, with the same dtype and values.

    Example::

        >>> x = torch.tensor([1., 2.])
        >>> x.cuda()  # doctest: +SKIP
        tensor([1., 2.], device='cuda:0')
        >>> x.cuda(0).device  # doctest: +SKIP
        device(type='cuda', index=0)
    """
    return to(
        self,
        as_device(
            "cuda" if device is None else (f"cuda:{device}" if isinstance(device, int) else device)
        ),
    )


def clone(self: Tensor, memory_format=None) -> Tensor:
    """A copy with its own storage, keeping the stride order of dense tensors (or laid out
    in ``memory_format``)."""
    fmt = check_memory_format(memory_format, "clone")
    if fmt is not preserve_format:
        return copy_strided(self, strides_for(fmt, self.shape))
    strides = self.stride()
    if strides != strides_for(contiguous_format, self.shape) and is_non_overlapping_and_dense(
        self.shape, strides
    ):  # (dense: PyTorch keeps the very strides, those of size-1 dims included)
        return copy_strided(self, strides)
    t = Tensor._make(ops_of(self).clone(self._data), self.device)
    if "_zero_strides" in self.__dict__:
        t.__dict__["_zero_strides"] = True
    return t


def contiguous(self: Tensor, memory_format=contiguous_format) -> Tensor:
    """Self if already contiguous (in ``memory_format``), else a copy laid out so."""
    fmt = check_contiguous_format(memory_format)
    if self.is_contiguous(memory_format=fmt):
        return self
    if fmt is not contiguous_format:
        return copy_strided(self, strides_for(fmt, self.shape))
    return Tensor._make(ops_of(self).contiguous(self._data), self.device)


def check_contiguous_format(memory_format):
    """The format ``contiguous(memory_format=)`` asks for, with PyTorch's errors."""
    fmt = check_memory_format(memory_format, "contiguous", allow_none=False)
    if fmt is preserve_format:
        raise RuntimeError("preserve memory format is unsupported by the contiguous operator")
    return fmt


def contiguous_copy(self: Tensor) -> Tensor:
    """A new row-major tensor with self's values (never self, never a view of it; size-1
    dims with row-major strides too, as a fresh PyTorch result has them)."""
    out = allocate(tuple(self.shape), self.dtype.np, None, self.device)
    ops_of(self).copy_(out._data, self._data)
    return out


def bump_version(t: Tensor) -> None:
    t._version_counter.value += 1


def copy_(self: Tensor, src, non_blocking: bool = False) -> Tensor:
    """Copy ``src`` into self in place, broadcasting and casting to self's dtype."""
    if not isinstance(src, Tensor):
        raise TypeError(f"copy_(): argument 'src' must be Tensor, not {type(src).__name__}")
    shape = broadcast_shapes(self.shape, src.shape)
    if tuple(shape) != tuple(self.shape):
        broadcast_shapes(self.shape, src.shape)  # raise the clash in PyTorch's words
        raise RuntimeError(
            f"output with shape {list(self.shape)} doesn't match the broadcast shape {list(shape)}"
        )
    check_writable(self)
    if src.device != self.device:
        src = to(src, self.device)  # copy_ is the one op that moves data between devices
    warn_discarding_imag(src.dtype, self.dtype)
    ops_of(self).copy_(self._data, src._data)
    bump_version(self)
    return self


def copy_into_out(out: Tensor, result: Tensor) -> Tensor:
    """Write ``result`` into a user's ``out=`` tensor, resizing it when its shape differs."""
    if not isinstance(out, Tensor):
        raise TypeError(f"out must be a Tensor, not {type(out).__name__}")
    if out.dtype is not result.dtype and (
        (
            result.dtype.is_floating_point
            and not (out.dtype.is_floating_point or out.dtype.is_complex)
        )
        or (result.dtype.is_complex and not out.dtype.is_complex)
    ):
        raise RuntimeError(
            f"result type {type_name(result.dtype)} can't be cast to the desired output "
            f"type {type_name(out.dtype)}"
        )
    if out.device != result.device:
        raise RuntimeError(
            f"Expected out tensor to have device {result.device}, but got {out.device} instead"
        )
    if out.shape != result.shape:
        resize_out(out, tuple(result.shape))
    ops_of(out).copy_(out._data, result._data)
    bump_version(out)
    return out


def to_out(result: Tensor, out) -> Tensor:
    """``result``, or written into the caller's ``out=`` tensor (PyTorch's resize and cast
    rules): the last line of an op that takes ``out=``. A result in the graph (an input
    required grad) raises PyTorch's error: ``out=`` writes are not differentiable."""
    if out is None:
        return result
    if result.grad_fn is not None and is_grad_enabled():
        raise out_requires_grad_error(op_name_of(result.grad_fn.name()))
    return copy_into_out(out, result)


def resize_out(out: Tensor, shape: tuple) -> None:
    """Give an ``out=`` tensor the result's shape, warning as PyTorch does when it had data."""
    if out.numel():
        import warnings

        warnings.warn(
            f"An output with one or more elements was resized since it had shape "
            f"{list(out.shape)}, which does not match the required output shape {list(shape)}. "
            "This behavior is deprecated, and in a future PyTorch release outputs will not be "
            "resized unless they have zero elements. You can explicitly reuse an out tensor t "
            "by resizing it, inplace, to zero elements with t.resize_(0).",
            UserWarning,
            stacklevel=4,
        )
    out._data = ops_of(out).empty(shape, out.dtype.np)


@op("numpy", function=False)
def numpy(self: Tensor, *, force: bool = False) -> HostArray:
    r"""Returns the tensor as a :class:`numpy.ndarray` that shares its memory.

    Changes to the array show in the tensor and vice versa. The tensor must be on the CPU
    and must not require grad (call ``x.detach().numpy()``), unless ``force=True``, which
    copies to the host (and detaches) where needed.

    Keyword args:
        force (bool): copy a CUDA tensor to the host, or ignore ``requires_grad``.
            Default: ``False``.

    Returns:
        numpy.ndarray: of the tensor's shape and matching dtype.

    Example::

        >>> x = torch.tensor([[1., 2.], [3., 4.]])
        >>> a = x.numpy()
        >>> a
        array([[1., 2.],
               [3., 4.]], dtype=float32)
        >>> a[0, 0] = 10.
        >>> x[0]
        tensor([10.,  2.])
    """
    if self.device.type != "cpu":
        if not force:
            raise TypeError(
                f"can't convert {self.device} device type tensor to numpy. Use Tensor.cpu() to "
                "copy the tensor to host memory first."
            )
        return host(self)
    if self.requires_grad and not force:
        raise RuntimeError(
            "Can't call numpy() on Tensor that requires grad. Use tensor.detach().numpy() instead."
        )
    return self._data


@op("item", function=False)
def item(self: Tensor):
    r"""Returns the value of this tensor as a standard Python number.

    Only works for tensors with one element (of any number of dims); integer dtypes give an
    ``int``, floating ones a ``float``, bool a ``bool``, complex a ``complex``. For other
    cases see :meth:`Tensor.tolist`. A CUDA tensor's value is copied to the host.

    Returns:
        Number: the single value.

    Example::

        >>> torch.tensor([3.5]).item()
        3.5
        >>> torch.tensor(7).item()
        7
    """
    n = self.numel()
    if n != 1:
        raise RuntimeError(f"a Tensor with {n} elements cannot be converted to Scalar")
    return host(self).reshape(-1)[0].item()


@op("tolist", function=False)
def tolist(self: Tensor):
    r"""Returns the tensor as a (nested) list of Python numbers.

    A 0-dim tensor gives a plain number, as :meth:`Tensor.item` does. A CUDA tensor's values
    are copied to the host.

    Returns:
        list or Number: nested ``x.dim()`` levels deep.

    Example::

        >>> torch.tensor([[1., 2.], [3., 4.]]).tolist()
        [[1.0, 2.0], [3.0, 4.0]]
        >>> torch.tensor(2.5).tolist()
        2.5
    """
    return host(self).tolist()


def _scalar(self: Tensor, kind):
    if self.numel() != 1:
        raise ValueError("only one element tensors can be converted to Python scalars")
    return kind(host(self).reshape(-1)[0].item())


@op("__float__", function=False)
def __float__(self: Tensor) -> float:
    return _scalar(self, float)


@op("__complex__", function=False)
def __complex__(self: Tensor) -> complex:
    return _scalar(self, complex)


@op("__int__", function=False)
def __int__(self: Tensor) -> int:
    return _scalar(self, int)


@op("__bool__", function=False)
def __bool__(self: Tensor) -> bool:
    if self.numel() != 1:
        raise RuntimeError("Boolean value of Tensor with more than one value is ambiguous")
    return bool(host(self).reshape(-1)[0])


@op("__index__", function=False)
def __index__(self: Tensor) -> int:
    if self.dtype.is_floating_point or self.numel() != 1:
        raise TypeError("only integer tensors of a single element can be converted to an index")
    return int(host(self).reshape(-1)[0])


@op("__array__", function=False)
def __array__(self: Tensor, dtype=None, copy=None) -> HostArray:
    """The tensor's values as a NumPy array (``np.asarray(t)``, NumPy 2's protocol): the
    CPU storage itself when neither ``dtype`` nor the device asks for a copy.

    Args:
        dtype (numpy.dtype or None): the array's dtype (a cast copies).
        copy (bool or None): True always copies; False raises ValueError when a copy is
            needed (a CUDA tensor, another dtype); None copies only when needed.

    Example::

        >>> t = torch.tensor([1, 2])
        >>> a = np.asarray(t)
        >>> a[0] = 5
        >>> t
        tensor([5, 2])
    """
    if copy is False:
        if self.device.type != "cpu":
            raise ValueError(
                f"Unable to avoid copy while creating an array as requested: the tensor is on "
                f"{self.device} (its values must be copied to host memory)."
            )
        if dtype is not None and np.dtype(dtype) != self._data.dtype:
            raise ValueError(
                f"Unable to avoid copy while creating an array as requested: dtype "
                f"{np.dtype(dtype)} differs from the tensor's {self._data.dtype}."
            )
    arr = host(self)
    if dtype is not None:
        arr = arr.astype(dtype, copy=False)
    if copy and self.device.type == "cpu" and arr is self._data:
        arr = arr.copy()
    return arr


@op("detach", function=False)
def detach(self: Tensor) -> Tensor:
    r"""Returns a new tensor, detached from the current graph.

    The result shares storage with this tensor and never requires grad; in-place changes to
    either show in the other. ``torch.detach(x)`` is the same as ``x.detach()``.

    Returns:
        Tensor: a view of the same data with ``requires_grad=False`` and no ``grad_fn``.

    Example::

        >>> a = torch.tensor([1., 2.], requires_grad=True)
        >>> b = a.detach()
        >>> b
        tensor([1., 2.])
        >>> b.requires_grad
        False
    """
    t = self._view(self._data)
    t.__dict__["_detached"] = True  # an alias outside autograd, not a differentiable view
    return t


@op("detach_", function=False)
def detach_(self: Tensor) -> Tensor:
    r"""Detaches this tensor from the graph that created it, making it a leaf (in place).

    Afterwards ``grad_fn`` is ``None`` and ``requires_grad`` is ``False``.

    Returns:
        Tensor: this tensor.

    Example::

        >>> a = torch.tensor([1., 2.], requires_grad=True)
        >>> c = a * 2
        >>> c.detach_()
        tensor([2., 4.])
        >>> c.grad_fn is None, c.requires_grad
        (True, False)
    """
    self.grad_fn = None
    self._requires_grad = False
    return self


def _cuda_array_interface(self: Tensor) -> dict:
    """CUDA tensors describe their memory to other libraries (CuPy, PyTorch, numba) with the
    CUDA array interface: shape, byte strides (0 along broadcast dims), dtype and pointer."""
    if self.device.type != "cuda":
        raise AttributeError(
            f"Can't get __cuda_array_interface__ on non-CUDA tensor type: {legacy_type_name(self)}"
            " If CUDA data is required use tensor.cuda() to copy tensor to device memory."
        )
    if self.requires_grad:
        raise RuntimeError(
            "Can't get __cuda_array_interface__ on Variable that requires grad. If gradients "
            "aren't required, use var.detach() to get Variable that doesn't require grad."
        )
    return ops_of(self).cuda_array_interface(self._data)


method("__cuda_array_interface__", property(_cuda_array_interface))


@op("pin_memory", function=False)
def pin_memory(self: Tensor, device=None) -> Tensor:
    r"""Copies the tensor to pinned (page-locked) memory, unless it is already pinned.

    PyTorch raises ``RuntimeError`` when no accelerator is available or when the tensor is
    not on the CPU; so does numtensor.

    Differs from PyTorch: the copy is ordinary host memory marked as pinned (numtensor's
    host-to-device copies are synchronous, so the mark only records intent and makes
    :meth:`is_pinned` answer ``True``).

    Args:
        device: accepted for compatibility.

    Returns:
        Tensor: a pinned copy, or this tensor if already pinned.

    Example::

        >>> x = torch.tensor([1., 2.])
        >>> x.pin_memory().is_pinned()  # doctest: +SKIP
        True
    """
    from .. import cuda

    if not cuda.is_available():
        raise RuntimeError("Cannot access accelerator device when none is available.")
    if self.device.type != "cpu":
        raise RuntimeError(
            f"cannot pin '{legacy_type_name(self).replace('numtensor.', 'torch.')}' only "
            "dense CPU tensors can be pinned"
        )
    if is_pinned(self):
        return self
    pinned = self.clone()
    pinned.__dict__["_pinned"] = True
    return pinned


@op("is_pinned", function=False)
def is_pinned(self: Tensor, device=None) -> bool:
    r"""Returns ``True`` if this tensor lives in pinned memory (made by :meth:`pin_memory`,
    or a view of such a tensor).

    Args:
        device: accepted for compatibility.

    Example::

        >>> x = torch.tensor([1., 2.])
        >>> x.is_pinned()
        False
    """
    t = self
    while t is not None:
        if t.__dict__.get("_pinned", False):
            return True
        t = t._base
    return False
