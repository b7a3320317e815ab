"""``numtensor.cpu``: the CPU as a device module, the counterpart of ``numtensor.cuda``."""

from __future__ import annotations


def is_available() -> bool:
    r"""Returns ``True``: the CPU is always available.

    Example::

        >>> torch.cpu.is_available()
        True
    """
    return True


def device_count() -> int:
    r"""Returns 1: the CPU is one device.

    Example::

        >>> torch.cpu.device_count()
        1
    """
    return 1


def current_device() -> str:
    r"""Returns ``"cpu"``, the current CPU device.

    Example::

        >>> torch.cpu.current_device()
        'cpu'
    """
    return "cpu"


def set_device(device) -> None:
    r"""Does nothing (there is one CPU device), as in PyTorch.

    Example::

        >>> torch.cpu.set_device("cpu")
    """


def synchronize(device=None) -> None:
    r"""Does nothing: CPU operations have finished when they return.

    Example::

        >>> torch.cpu.synchronize()
    """


def is_initialized() -> bool:
    r"""Returns ``True``: the CPU needs no initialization.

    Example::

        >>> torch.cpu.is_initialized()
        True
    """
    return True
