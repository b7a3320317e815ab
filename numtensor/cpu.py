"""``numtensor.cpu``: the CPU as a device module, the counterpart of ``numtensor.cuda``."""

from __future__ import annotations


def is_available() -> bool:
    """Always True."""
    return True


def device_count() -> int:
    """1: the CPU is one device."""
    return 1


def current_device() -> str:
    return "cpu"


def set_device(device) -> None:
    """Does nothing (there is one CPU device), as in PyTorch."""


def synchronize(device=None) -> None:
    """Does nothing: CPU ops have finished when they return."""


def is_initialized() -> bool:
    return True
