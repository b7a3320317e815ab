"""``numtensor.get_num_threads`` / ``set_num_threads``: the threads parallel kernels use."""

from __future__ import annotations

from .backend.cpu import kernels


def get_num_threads() -> int:
    """The number of threads parallel CPU kernels run on (PyTorch's intra-op threads)."""
    return kernels.threads()


def set_num_threads(num: int) -> None:
    """Run parallel CPU kernels on ``num`` threads."""
    if isinstance(num, bool) or not isinstance(num, int):
        raise RuntimeError(f"set_num_threads expects an int, but got {type(num).__name__}")
    if num <= 0:
        raise RuntimeError("set_num_threads expects a positive integer")
    kernels.set_threads(num)
