"""Sharing memory with other array libraries without copies: DLPack (``Tensor.__dlpack__``,
``__dlpack_device__``, ``from_dlpack``, ``to_dlpack``) and the CUDA array interface.

NumPy, PyTorch, JAX and CuPy read a numtensor tensor through ``__dlpack__`` (``np.from_dlpack(t)``,
``torch.from_dlpack(t)``) and numtensor reads theirs with ``numtensor.from_dlpack``: both sides
then see one piece of memory, so a write on either side is seen by the other. The capsule
mechanics live in ``numtensor/backend/dlpack.py``; these are the Tensor-level rules (PyTorch's
errors, copies and device moves).
"""

from __future__ import annotations

from .. import backend
from .._device import CPU, as_device, device
from .._dtype import check_dtype, from_numpy_dtype
from .._tensor_base import Tensor
from ..backend.dlpack import HOST_DEVICES, VERSION, DLDeviceType, capsule_device
from ._common import check_device, ops_of
from .conversion import clone, is_pinned, to
from .registry import op

_CUDA_TYPES = (DLDeviceType.kDLCUDA, DLDeviceType.kDLCUDAManaged)


def _dl_device(dev: device) -> tuple[int, int]:
    """A numtensor device as DLPack's (device type, device id)."""
    if dev.type == "cuda":
        return int(DLDeviceType.kDLCUDA), dev.index or 0
    return int(DLDeviceType.kDLCPU), 0


def _device_of(dl_device, check: bool = True) -> device:
    """The numtensor device of a DLPack (device type, device id); BufferError for a device
    type numtensor has no tensors on (and with ``check``, PyTorch's error for CUDA where there
    is none)."""
    kind, index = int(dl_device[0]), int(dl_device[1])
    if kind in HOST_DEVICES:
        return CPU
    if kind in _CUDA_TYPES:
        dev = device("cuda", index)
        if check:
            check_device(dev)
        return dev
    raise BufferError(f"Unsupported device_type: {kind}")


@op("__dlpack__", function=False)
def __dlpack__(self: Tensor, *, stream=-1, max_version=None, dl_device=None, copy=None):
    """A DLPack capsule sharing this tensor's memory, for another library's ``from_dlpack``
    (``np.from_dlpack(t)``, ``torch.from_dlpack(t)``).

    Args:
        stream (int or None): on CUDA, the consumer's stream, made to wait for this tensor's
            pending work (None or 1: the legacy default stream; -1: no synchronisation).
            On the CPU it must be None or -1.
        max_version (tuple of two ints or None): the newest DLPack version the consumer
            reads; (1, x) or newer gives a ``dltensor_versioned`` capsule, None a legacy
            ``dltensor`` one.
        dl_device (tuple or None): the DLPack (device type, id) the capsule must be on: a
            copy when it is not this tensor's device.
        copy (bool or None): True exports a copy; False forbids one (ValueError when a
            device move needs it); None copies only when needed.

    Tensors that require grad cannot be exported (BufferError): use ``detach()``.

    Example::

        >>> t = torch.arange(3)
        >>> a = np.from_dlpack(t)
        >>> a[0] = 7
        >>> t
        tensor([7, 1, 2])
    """
    if self.requires_grad:
        raise BufferError("Can't export tensors that require gradient, use tensor.detach()")
    if stream is not None and type(stream) is not int:
        raise TypeError("stream must be ``int`` or ``none``")
    if self.device.type == "cuda":
        if stream == 2:
            raise BufferError("per-thread default stream is not supported.")
        if stream == 0:
            raise AssertionError("unsupported stream on CUDA: 0.")
    elif stream is not None and stream != -1:
        raise AssertionError("stream should be None on cpu.")
    versioned = max_version is not None and max_version[0] >= 1
    t, copied = self, False
    if dl_device is not None:
        target = _device_of(dl_device, check=False)
        if target != self.device:
            if copy is False:
                raise ValueError(
                    f"cannot move (i.e. copy=False) tensor from {self.device} to {target} "
                    "without copying."
                )
            t, copied = to(self, target), True
    if copy and not copied:
        t, copied = clone(t), True
    return ops_of(t).to_dlpack(t._data, t.device.index or 0, versioned, copied, stream)


@op("__dlpack_device__", function=False)
def __dlpack_device__(self: Tensor) -> tuple:
    """The DLPack (device type, device index) of this tensor's memory: ``(kDLCPU, 0)``,
    ``(kDLCUDA, n)``, or ``(kDLCUDAHost, 0)`` for pinned CPU memory.

    Example::

        >>> torch.ones(2).__dlpack_device__()
        (<DLDeviceType.kDLCPU: 1>, 0)
    """
    if self.device.type == "cuda":
        return DLDeviceType.kDLCUDA, self.device.index or 0
    if is_pinned(self):
        return DLDeviceType.kDLCUDAHost, 0
    return DLDeviceType.kDLCPU, 0


@op("to_dlpack", method=False)
def to_dlpack(tensor: Tensor):
    """A legacy DLPack capsule (a ``PyCapsule`` named "dltensor") sharing ``tensor``'s
    memory, to be consumed once by another library's ``from_dlpack``. Prefer passing the
    tensor itself to ``from_dlpack`` (it calls ``__dlpack__``).

    Example::

        >>> capsule = torch.to_dlpack(torch.arange(3))
        >>> torch.from_dlpack(capsule)
        tensor([0, 1, 2])
    """
    if not isinstance(tensor, Tensor):
        kind = type(tensor).__name__
        raise TypeError(f"to_dlpack(): argument 'tensor' must be Tensor, not {kind}")
    return ops_of(tensor).to_dlpack(tensor._data, tensor.device.index or 0, False)


def from_capsule(capsule) -> Tensor:
    """A tensor over the memory of an unconsumed DLPack capsule (consumed: renamed used)."""
    dev = _device_of(capsule_device(capsule))
    return Tensor._make(backend.of(dev).from_dlpack(capsule), dev)


def from_cuda_array(data, dtype=None, dev=None) -> Tensor:
    """A CUDA tensor over another library's GPU array (CuPy, PyTorch, numba: any object with
    ``__cuda_array_interface__``), not copied; converted when ``dtype``/``dev`` differ."""
    cuda = as_device("cuda")
    check_device(cuda)
    storage = backend.of(cuda).from_cuda_array_interface(data)
    from_numpy_dtype(storage.dtype)
    t = Tensor._make(storage, cuda)
    if (dtype is None or check_dtype(dtype) is t.dtype) and (dev is None or dev == t.device):
        return t
    return to(t, device=dev or t.device, dtype=dtype or t.dtype)


def _call_dlpack(ext_tensor, kwargs: dict):
    """``ext_tensor.__dlpack__(**kwargs)``, dropping the keywords an older producer does not
    take (max_version, then copy, then dl_device), as PyTorch does. Returns the capsule and
    whether the producer was asked for ``copy``."""
    for drop in (None, "max_version", "copy"):
        kwargs.pop(drop, None)
        try:
            return ext_tensor.__dlpack__(**kwargs), "copy" in kwargs
        except TypeError:
            continue
    kwargs.pop("dl_device", None)
    return ext_tensor.__dlpack__(**kwargs), False


@op("from_dlpack", method=False)
def from_dlpack(ext_tensor, *, device=None, copy=None) -> Tensor:
    """A tensor sharing memory with another library's array: any object with ``__dlpack__``
    (a NumPy array, a PyTorch, JAX or CuPy tensor), a DLPack capsule (from ``to_dlpack``), or
    a GPU array exposing ``__cuda_array_interface__`` (numba's device arrays). In-place
    changes on either side are seen by both.

    Args:
        ext_tensor: the array, or a capsule (consumed: a capsule is used once).
        device (numtensor.device, str or None): where the result must be (a copy when the
            array is elsewhere); None keeps the array's device.
        copy (bool or None): True copies; False forbids a copy (ValueError when a device move
            needs one); None copies only when needed. Not allowed with a capsule.

    Example::

        >>> a = np.arange(3.0)
        >>> t = torch.from_dlpack(a)
        >>> t[0] = -1
        >>> a
        array([-1.,  1.,  2.])
    """
    if hasattr(ext_tensor, "__dlpack__"):
        kwargs: dict = {"max_version": VERSION}
        if copy is not None:
            kwargs["copy"] = copy
        ext_device = tuple(int(v) for v in ext_tensor.__dlpack_device__())
        target, moved = None, False
        if device is not None:
            target = as_device(device)
            target_dl = _dl_device(target)
            moved = ext_device != target_dl
            if not moved:
                kwargs["dl_device"] = target_dl
            elif copy is False:
                raise ValueError(
                    f"cannot move DLPack tensor from device {ext_device} to {target_dl} "
                    "without copying. Set copy=None or copy=True."
                )
        if ext_device[0] in _CUDA_TYPES:
            check_device(as_device(f"cuda:{ext_device[1]}"))
            kwargs["stream"] = 1  # (our kernels run on the legacy default stream)
        capsule, producer_asked = _call_dlpack(ext_tensor, kwargs)
        result = from_capsule(capsule)
        if copy is True and not producer_asked and not moved:
            result = clone(result)
        return to(result, target) if moved else result
    if hasattr(ext_tensor, "__cuda_array_interface__"):
        result = from_cuda_array(ext_tensor)
        if device is not None and as_device(device) != result.device:
            if copy is False:
                raise ValueError(
                    f"cannot move a CUDA array to {as_device(device)} without copying. Set "
                    "copy=None or copy=True."
                )
            return to(result, as_device(device))
        return clone(result) if copy else result
    if device is not None or copy is not None:
        raise AssertionError(
            "device and copy kwargs not supported when ext_tensor is already a DLPack capsule."
        )
    return from_capsule(ext_tensor)
