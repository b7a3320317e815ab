"""Small helpers shared by the op families: argument parsing and result wrapping."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from .. import backend
from .._device import as_device
from .._dtype import check_dtype, checked, from_numpy_dtype
from .._tensor_base import Tensor
from ..backend import HostArray


def parse_size(args, name: str = "size") -> tuple[int, ...]:
    """Accept ``f(2, 3)``, ``f((2, 3))``, ``f([2, 3])`` or ``f(Size)``; reject negatives."""
    if (
        len(args) == 1
        and isinstance(args[0], (Sequence, HostArray))
        and not isinstance(args[0], (str, Tensor))
    ):
        args = tuple(args[0])
    out = []
    for a in args:
        if isinstance(a, Tensor) and a.numel() == 1 and not a.dtype.is_floating_point:
            a = a.item()
        if isinstance(a, bool) or not isinstance(a, (int, np.integer)):
            raise TypeError(
                f"{name}(): argument 'size' must be tuple of ints, not {type(a).__name__}"
            )
        out.append(int(a))
    for a in out:
        if a < 0:
            raise RuntimeError(f"Trying to create tensor with negative dimension {a}: {out}")
    return tuple(out)


def finish(arr: HostArray, device=None, requires_grad: bool = False) -> Tensor:
    """Wrap a freshly made host array (parsed Python data) as a tensor on ``device``."""
    dev = as_device(device)
    check_device(dev)
    t = Tensor._make(backend.of(dev).from_host(arr), dev)
    if requires_grad:
        t.requires_grad_(True)
    return t


def allocate(shape, np_dtype, fill=None, device=None, requires_grad: bool = False) -> Tensor:
    """A new tensor of ``shape`` on ``device``: filled with ``fill``, or uninitialised."""
    dev = as_device(device)
    check_device(dev)
    ops = backend.of(dev)
    if fill is None:
        data = ops.empty(tuple(shape), np_dtype)
    else:
        if type(fill) is not int or not 0 <= fill <= 1:  # (zeros and ones need no check)
            fill = checked(fill, from_numpy_dtype(np_dtype))
        data = ops.full(tuple(shape), fill, np_dtype)
    t = Tensor._make(data, dev)
    if requires_grad:
        t.requires_grad_(True)
    return t


def np_dtype(dtype, default):
    """The NumPy dtype for a ``dtype=`` argument, or for ``default`` when it is None."""
    return check_dtype(default if dtype is None else dtype).np


def host(t: Tensor) -> HostArray:
    """A tensor's values as a NumPy array (no copy on CPU): for Python values and printing."""
    return backend.of(t.device).to_host(t._data)


def ops_of(t: Tensor):
    """The backend module that holds ``t``'s storage."""
    return backend.of(t.device)


def wrap(data, like: Tensor) -> Tensor:
    """A new tensor over storage ``data`` on ``like``'s device."""
    return Tensor._make(data, like.device)


class CudaUnavailableError(RuntimeError, AssertionError):
    """CUDA asked for where there is none: a CPU-only PyTorch raises AssertionError ("Torch not
    compiled with CUDA enabled"), a CUDA build without a driver RuntimeError; this is both."""


def check_device(dev) -> None:
    """Raise PyTorch's error class when a CUDA device is asked for but cannot be used."""
    if dev.type == "cuda":
        from .. import cuda

        if not cuda.is_available():
            raise CudaUnavailableError(
                "Found no NVIDIA driver on your system (or numba-cuda is not installed): "
                "CUDA is not available, use device='cpu'. Install numtensor[cuda] on a machine "
                "with an NVIDIA GPU and driver."
            )
        index = 0 if dev.index is None else dev.index
        if index >= cuda.device_count():
            raise RuntimeError(
                f"CUDA error: invalid device ordinal (device {index} requested, "
                f"{cuda.device_count()} available)"
            )


_IGNORED_FACTORY_KWARGS = ("out", "memory_format", "layout", "pin_memory")


def size_args(args, kwargs: dict, name: str) -> tuple[int, ...]:
    """The size of a factory called as ``f(2, 3)``, ``f((2, 3))`` or ``f(size=(2, 3))``."""
    if "size" in kwargs:
        args = (kwargs.pop("size"),)
    for key in _IGNORED_FACTORY_KWARGS:
        kwargs.pop(key, None)
    if kwargs:
        raise TypeError(f"{name}() got an unexpected keyword argument '{next(iter(kwargs))}'")
    return parse_size(args, name)


def check_same_device(operands, op: str, allow_cpu_scalars: bool = False) -> None:
    """PyTorch's error when tensors live on different devices (0-dim tensors may stay on the
    CPU for elementwise ops, as in PyTorch)."""
    first = None
    for x in operands:
        if not isinstance(x, Tensor) or (
            allow_cpu_scalars and x._data.ndim == 0 and x.device.type == "cpu"
        ):
            continue
        if first is None:
            first = x.device
        elif x.device is not first and x.device != first:
            raise RuntimeError(
                f"Expected all tensors to be on the same device, but found at least two "
                f"devices, {first} and {x.device}! ({op})"
            )


def check_writable(t: Tensor) -> None:
    """PyTorch refuses to write in place into a tensor whose elements share memory (an
    ``expand``-ed one): which of the writes would win is undefined."""
    data = t._data
    if (
        0 in data.strides
        and data.size
        and any(stride == 0 and size > 1 for stride, size in zip(data.strides, data.shape))
    ):
        raise RuntimeError(
            "unsupported operation: more than one element of the written-to tensor refers to a "
            "single memory location. Please clone() the tensor before performing the operation."
        )


def no_complex(x, message: str, error=RuntimeError) -> None:
    """Ordering ops (sort, max, clamp...) have no meaning for complex numbers: PyTorch's error."""
    if isinstance(x, Tensor) and x._dtype.is_complex:
        raise error(message)


def refuse_bool(np_dtype, kernel: str) -> None:
    """PyTorch's NotImplementedError for a factory without a bool kernel (arange, linspace,
    logspace)."""
    if np.dtype(np_dtype) == np.bool_:
        raise NotImplementedError(f"\"{kernel}_cpu\" not implemented for 'Bool'")


def written_as(self: Tensor, result: Tensor, name: str) -> Tensor:
    """``self`` overwritten with ``result`` (an in-place op composed as ``self.copy_(...)``),
    its new node shown under PyTorch's ``name`` for the in-place op; when nothing was
    recorded (no_grad), ``self``'s node keeps its own name."""
    from ..autograd.function import name_node

    before = self.grad_fn
    self.copy_(result)
    return self if self.grad_fn is before else name_node(self, name)
