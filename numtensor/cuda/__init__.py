"""``numtensor.cuda``: PyTorch's ``torch.cuda`` names over numba.cuda.

Nothing here imports numba.cuda until a function needs it, and nothing raises ImportError
without numba-cuda: ``is_available()`` is then False. Under ``NUMBA_ENABLE_CUDASIM=1`` the
simulator counts as one device. Functions that query a device raise RuntimeError when there
is none; ``synchronize``, the seeds and the memory statistics work (or do nothing) anywhere.
"""

from __future__ import annotations

from ._numba import backend, numba_cuda
from .memory import (
    empty_cache,
    max_memory_allocated,
    memory_allocated,
    memory_reserved,
    memory_stats,
    reset_peak_memory_stats,
)


def is_available() -> bool:
    """Returns ``True`` if CUDA is available: numba-cuda is installed and sees at least
    one GPU (or the simulator, under ``NUMBA_ENABLE_CUDASIM=1``).

    Example::

        >>> device = "cuda" if torch.cuda.is_available() else "cpu"
        >>> torch.ones(2, device=device).sum().item()
        2.0
    """
    cuda = numba_cuda()
    if cuda is None:
        return False
    try:
        return bool(cuda.is_available())
    except Exception:
        return False


def device_count() -> int:
    """Returns the number of GPUs numba.cuda can see; 0 without CUDA.

    Example::

        >>> torch.cuda.device_count() >= 0
        True
        >>> torch.cuda.device_count()  # on a machine with one GPU  # doctest: +SKIP
        1
    """
    if not is_available():
        return 0
    try:
        return len(numba_cuda().gpus)
    except Exception:
        return 0


def _require() -> object:
    if not is_available():
        raise RuntimeError("numtensor.cuda: no CUDA device is available")
    return numba_cuda()


def _index(device) -> int:
    """The device index of an int, 'cuda:N', a numtensor.device or None (current)."""
    if device is None:
        return current_device()
    if isinstance(device, int) and not isinstance(device, bool):
        return device
    from .._device import device as device_type

    dev = device_type(device)
    if dev.type != "cuda":
        raise ValueError(f"Expected a cuda device, but got: {dev}")
    return current_device() if dev.index is None else dev.index


def current_device() -> int:
    """Returns the index of the current CUDA device (0 before any has been selected).
    Raises ``RuntimeError`` without CUDA.

    Example::

        >>> torch.cuda.current_device()  # doctest: +SKIP
        0
    """
    current = _require().gpus.current
    return 0 if current is None else int(current.id)


def set_device(device) -> None:
    """Makes ``device`` the current CUDA device of this thread (creating its CUDA
    context). Prefer the :class:`device` context manager. A negative index does nothing.

    Args:
        device (int, str or numtensor.device): the device, e.g. ``1`` or ``"cuda:1"``.

    Example::

        >>> torch.cuda.set_device("cuda:0")  # doctest: +SKIP
        >>> torch.cuda.current_device()  # doctest: +SKIP
        0
    """
    index = _index(device)
    if index < 0:
        return
    cuda = _require()
    if not 0 <= index < device_count():
        raise RuntimeError(f"CUDA error: invalid device ordinal {index}")
    backend()  # the caching allocator must be installed before the first context exists
    cuda.select_device(index)


class device:
    """Context manager that makes ``device`` the current CUDA device, and restores the
    previous one on exit (``None`` or a negative index: does nothing).

    Args:
        device (int, str or numtensor.device): the device to select.

    Example::

        >>> with torch.cuda.device(0):  # doctest: +SKIP
        ...     x = torch.ones(2, device="cuda")  # on cuda:0
    """

    def __init__(self, device):
        self.index = -1 if device is None else _index(device)
        self.previous = -1

    def __enter__(self):
        if self.index >= 0:
            self.previous = current_device()
            if self.previous != self.index:
                set_device(self.index)
        return self

    def __exit__(self, *exc) -> None:
        if self.index >= 0 and self.previous != self.index:
            set_device(self.previous)


def get_device_name(device=None) -> str:
    """Returns the name of a GPU (``"SIMULATOR"`` under the simulator).

    Args:
        device (int, str or numtensor.device, optional): the device. Default: the
            current one

    Example::

        >>> torch.cuda.get_device_name(0)  # doctest: +SKIP
        'NVIDIA H100 80GB HBM3'
    """
    gpu = _require().gpus[_index(device)]
    name = getattr(gpu, "name", "SIMULATOR")
    return name.decode() if isinstance(name, bytes) else str(name)


def get_device_capability(device=None) -> tuple:
    """Returns the ``(major, minor)`` CUDA compute capability of a GPU.

    Args:
        device (int, str or numtensor.device, optional): the device. Default: the
            current one

    Example::

        >>> torch.cuda.get_device_capability()  # doctest: +SKIP
        (9, 0)
    """
    major, minor = _require().gpus[_index(device)].compute_capability
    return int(major), int(minor)


def synchronize(device=None) -> None:
    """Waits for all the work queued on the GPU to complete (e.g. before timing); a
    no-op without CUDA.

    Args:
        device (optional): accepted for PyTorch compatibility (numba synchronizes the
            current context).

    Example::

        >>> torch.cuda.synchronize()
    """
    if is_available():
        numba_cuda().synchronize()


def manual_seed(seed: int) -> None:
    """Seeds the random number generator of the current CUDA device (no GPU needed:
    the seed waits for first use). :func:`numtensor.manual_seed` seeds every device.

    Args:
        seed (int): the seed.

    Example::

        >>> torch.cuda.manual_seed(42)
    """
    from .._generator import check_seed, cuda_generator

    cuda_generator(current_device() if is_available() else 0).manual_seed(check_seed(seed))


def manual_seed_all(seed: int) -> None:
    """Seeds the random number generators of every CUDA device.

    Args:
        seed (int): the seed.

    Example::

        >>> torch.cuda.manual_seed_all(42)
    """
    from .._generator import seed_cuda

    seed_cuda(seed)


def seed() -> None:
    """Seeds the current CUDA device's generator with a random number from the
    operating system. Raises ``RuntimeError`` without CUDA.

    Example::

        >>> torch.cuda.seed()  # doctest: +SKIP
    """
    _default_generator(None).seed()


def seed_all() -> None:
    """Seeds every CUDA device's generator with one random number from the operating
    system.

    Example::

        >>> torch.cuda.seed_all()
    """
    from .._generator import entropy_seed

    manual_seed_all(entropy_seed())


def initial_seed() -> int:
    """Returns the initial seed of the current CUDA device's generator. Raises
    ``RuntimeError`` without CUDA.

    Example::

        >>> torch.cuda.manual_seed(7)  # doctest: +SKIP
        >>> torch.cuda.initial_seed()  # doctest: +SKIP
        7
    """
    return _default_generator(None).initial_seed()


def get_rng_state(device="cuda"):
    """Returns a CUDA device's generator state, as a CPU ``uint8`` tensor (to restore
    with :func:`set_rng_state`). Raises ``RuntimeError`` without CUDA.

    Args:
        device (int, str or numtensor.device): the device. Default: the current one

    Example::

        >>> state = torch.cuda.get_rng_state()  # doctest: +SKIP
        >>> a = torch.rand(2, device="cuda")  # doctest: +SKIP
        >>> torch.cuda.set_rng_state(state)  # doctest: +SKIP
        >>> torch.equal(a, torch.rand(2, device="cuda"))  # doctest: +SKIP
        True
    """
    return _default_generator(device).get_state()


def set_rng_state(new_state, device="cuda") -> None:
    """Sets a CUDA device's generator state (from :func:`get_rng_state`).

    Args:
        new_state (Tensor): the state, a CPU ``uint8`` tensor.
        device (int, str or numtensor.device): the device. Default: the current one

    Example::

        >>> state = torch.cuda.get_rng_state()  # doctest: +SKIP
        >>> torch.cuda.set_rng_state(state)  # doctest: +SKIP
    """
    _default_generator(device).set_state(new_state)


def get_rng_state_all() -> list:
    """Returns the generator states of every CUDA device, a list of CPU ``uint8``
    tensors (empty without CUDA).

    Example::

        >>> states = torch.cuda.get_rng_state_all()
        >>> len(states) == torch.cuda.device_count()
        True
    """
    return [get_rng_state(i) for i in range(device_count())]


def set_rng_state_all(new_states) -> None:
    """Sets the generator states of the CUDA devices, one state per device.

    Args:
        new_states (sequence of Tensor): the states (from :func:`get_rng_state_all`).

    Example::

        >>> torch.cuda.set_rng_state_all(torch.cuda.get_rng_state_all())
    """
    for i, state in enumerate(new_states):
        set_rng_state(state, i)


def _default_generator(device):
    """The default generator of ``device`` (None or 'cuda': the current device)."""
    from .._device import device as device_type
    from .._generator import cuda_generator
    from ..ops._common import check_device

    index = 0 if device in (None, "cuda") else _index(device)
    check_device(device_type("cuda", index))  # PyTorch's error class when there is no GPU
    return cuda_generator(current_device() if device in (None, "cuda") else index)


def __getattr__(name: str):
    if name == "default_generators":  # torch.cuda.default_generators: one per device
        from .._generator import cuda_generator

        return tuple(cuda_generator(i) for i in range(device_count()))
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = [
    "current_device",
    "device",
    "device_count",
    "empty_cache",
    "get_device_capability",
    "get_device_name",
    "get_rng_state",
    "get_rng_state_all",
    "initial_seed",
    "is_available",
    "manual_seed",
    "manual_seed_all",
    "max_memory_allocated",
    "memory_allocated",
    "memory_reserved",
    "memory_stats",
    "reset_peak_memory_stats",
    "seed",
    "seed_all",
    "set_device",
    "set_rng_state",
    "set_rng_state_all",
    "synchronize",
]
