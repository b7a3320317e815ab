"""``numtensor.device``: where a tensor's storage lives ('cpu' or 'cuda:N')."""

from __future__ import annotations

_TYPES = ("cpu", "cuda")


class device:
    r"""A :class:`numtensor.device` is an object representing the device on which a tensor is or
    will be allocated.

    It holds a device type (``'cpu'`` or ``'cuda'``) and an optional index (the GPU number).
    Build it from a string (``device('cuda:1')``), a type and an index
    (``device('cuda', 1)``) or, with CUDA available, a bare index (``device(1)``). Devices
    compare equal to their string form, and any function taking ``device=`` accepts the
    string too.

    Args:
        type (str or device): ``'cpu'``, ``'cuda'`` or ``'cuda:N'``.
        index (int, optional): the device index (CUDA only).

    Example::

        >>> torch.device("cuda", 1)
        device(type='cuda', index=1)
        >>> torch.device("cpu")
        device(type='cpu')
        >>> torch.device("cuda:0") == "cuda:0"
        True
        >>> torch.zeros(2).device
        device(type='cpu')
    """

    __slots__ = ("index", "type")

    def __init__(self, type: str | device, index: int | None = None):
        if isinstance(type, device):
            self.type, self.index = type.type, type.index
            return
        if isinstance(type, int) and not isinstance(type, bool):
            from . import cuda

            if not cuda.is_available():
                raise RuntimeError("Cannot access accelerator device when none is available.")
            type, index = "cuda", type
        if not isinstance(type, str):
            raise TypeError(f"device() expects a string or a device, got {type.__class__.__name__}")
        name, sep, idx = type.partition(":")
        if name not in _TYPES:
            raise RuntimeError(
                f"Expected one of cpu, cuda device type at start of device string: {type}"
            )
        if sep:
            if index is not None:
                raise RuntimeError(
                    f"device string must not include an index because index was "
                    f"passed explicitly: {type}"
                )
            if not idx.isdigit():
                raise RuntimeError(f"Invalid device string: '{type}'")
            index = int(idx)
        if index is not None and (not isinstance(index, int) or index < 0):
            raise RuntimeError(f"Device index must not be negative, got {index}")
        if name == "cpu" and index not in (None, 0):
            raise RuntimeError(f"CPU device index must be -1 or zero, got {index}")
        self.type = name
        self.index = None if name == "cpu" else index

    def __str__(self) -> str:
        return self.type if self.index is None else f"{self.type}:{self.index}"

    def __repr__(self) -> str:
        if self.index is None:
            return f"device(type='{self.type}')"
        return f"device(type='{self.type}', index={self.index})"

    def __eq__(self, other) -> bool:
        if isinstance(other, str):
            try:
                other = device(other)
            except RuntimeError:
                return False
        if not isinstance(other, device):
            return NotImplemented
        return self.type == other.type and self.index == other.index

    def __hash__(self) -> int:
        return hash((self.type, self.index))

    def __reduce__(self):
        return (device, (self.type, self.index))


CPU = device("cpu")


_default = [CPU]


def as_device(value) -> device:
    """Normalise a ``device=`` argument (None means the default device, the CPU unless
    ``set_default_device`` chose another)."""
    if value is None:
        return _default[0]
    if isinstance(value, device):
        return value
    return device(value)


def set_default_device(device_) -> None:
    r"""Sets the default device that factory functions (:func:`tensor`, :func:`zeros`,
    :func:`randn`, ...) allocate tensors on when called without ``device=``.

    ``None`` restores the CPU. ``'cuda'`` means the first GPU (``cuda:0``).

    Args:
        device (device or str or None): the device to set as default.

    Example::

        >>> torch.set_default_device("cuda")  # doctest: +SKIP
        >>> torch.tensor([1.2, 3]).device  # doctest: +SKIP
        device(type='cuda', index=0)
        >>> torch.set_default_device(None)
        >>> torch.get_default_device()
        device(type='cpu')
    """
    dev = CPU if device_ is None else as_device(device_)
    if dev.type == "cuda" and dev.index is None:
        dev = device("cuda", 0)  # (PyTorch records the current device's index)
    _default[0] = dev


def get_default_device() -> device:
    r"""Returns the default :class:`numtensor.device` factory functions allocate tensors on
    (see :func:`set_default_device`); the CPU unless changed.

    Example::

        >>> torch.get_default_device()
        device(type='cpu')
    """
    return _default[0]
