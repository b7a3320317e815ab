"""``numtensor.device``: where a tensor's storage lives ('cpu' or 'cuda:N')."""

from __future__ import annotations

_TYPES = ("cpu", "cuda")


class device:
    """A device: ``device('cpu')``, ``device('cuda')``, ``device('cuda:1')``, ``device('cuda', 0)``.

    Compares equal to its string form, like PyTorch's.
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
    """The device factory functions (``tensor``, ``zeros``, ``randn``...) use when called
    without ``device=``; None restores the CPU."""
    dev = CPU if device_ is None else as_device(device_)
    if dev.type == "cuda" and dev.index is None:
        dev = device("cuda", 0)  # (PyTorch records the current device's index)
    _default[0] = dev


def get_default_device() -> device:
    """The device factories create tensors on when no ``device=`` is given."""
    return _default[0]
