"""``numtensor.get_num_threads`` / ``set_num_threads``: the threads parallel kernels use."""

from __future__ import annotations

from .backend.cpu import kernels


def get_num_threads() -> int:
    r"""Returns the number of threads used for parallelizing CPU operations (PyTorch's intra-op
    threads: here, those of numtensor's parallel Numba kernels).

    Example::

        >>> torch.get_num_threads() >= 1
        True
    """
    return kernels.threads()


def set_num_threads(num: int) -> None:
    r"""Sets the number of threads used for intra-op parallelism on CPU (the threads numtensor's
    parallel Numba kernels run on).

    Args:
        num (int): a positive number of threads.

    Example::

        >>> n = torch.get_num_threads()
        >>> torch.set_num_threads(1)
        >>> torch.get_num_threads()
        1
        >>> torch.set_num_threads(n)
    """
    if isinstance(num, bool) or not isinstance(num, int):
        raise RuntimeError(f"set_num_threads expects an int, but got {type(num).__name__}")
    if num <= 0:
        raise RuntimeError("set_num_threads expects a positive integer")
    kernels.set_threads(num)
