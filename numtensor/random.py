"""``numtensor.random`` (PyTorch's ``torch.random``): seeding and the state of the default
generator. The generators themselves live in ``numtensor/_generator.py``; the random
factories (rand, randn, ...) in ``numtensor/ops/random.py``.

Every device draws from a Philox4x32-10 stream: the same seed gives the same numbers on
every run and on both devices, but not PyTorch's numbers.
"""

from __future__ import annotations

import contextlib

from ._generator import Generator, default_generator, entropy_seed, manual_seed


def seed() -> int:
    r"""Sets the seed for generating random numbers to a non-deterministic random number (from
    the operating system's entropy), on all devices, and returns it.

    Returns:
        int: the seed used.

    Example::

        >>> s = torch.seed()
        >>> torch.initial_seed() == s
        True
    """
    value = entropy_seed()
    manual_seed(value)
    return value


def initial_seed() -> int:
    r"""Returns the initial seed for generating random numbers (the last one given to the
    default CPU generator) as a Python int.

    Example::

        >>> _ = torch.manual_seed(42)
        >>> torch.initial_seed()
        42
    """
    return default_generator.initial_seed()


def get_rng_state():
    r"""Returns the random number generator state of the default CPU generator as a
    ``numtensor.ByteTensor`` (uint8), to restore later with :func:`set_rng_state`.

    Differs from PyTorch: the state is numtensor's Philox seed and offset (16 bytes), not
    PyTorch's Mersenne Twister state.

    Example::

        >>> state = torch.get_rng_state()
        >>> a = torch.rand(2)
        >>> torch.set_rng_state(state)
        >>> torch.equal(torch.rand(2), a)
        True
    """
    return default_generator.get_state()


def set_rng_state(new_state) -> None:
    r"""Sets the random number generator state of the default CPU generator.

    Args:
        new_state (numtensor.ByteTensor): the desired state, from :func:`get_rng_state`.

    Example::

        >>> state = torch.get_rng_state()
        >>> a = torch.randn(3)
        >>> torch.set_rng_state(state)
        >>> torch.equal(torch.randn(3), a)
        True
    """
    default_generator.set_state(new_state)


@contextlib.contextmanager
def fork_rng(devices=None, enabled: bool = True, device_type: str = "cuda", **kwargs):
    r"""Forks the random number generators, so that when the block returns their states are
    reset to what they were on entry.

    The CPU generator is always saved; with CUDA available, those of ``devices`` too
    (default: all of them).

    Args:
        devices (iterable of CUDA ids, optional): the CUDA devices to fork the generators of.
        enabled (bool): if ``False``, nothing is forked. Default: ``True``.
        device_type (str): the device type. Default: ``"cuda"``.

    Example::

        >>> state = torch.get_rng_state()
        >>> with torch.random.fork_rng():
        ...     _ = torch.rand(3)
        >>> torch.equal(torch.get_rng_state(), state)
        True
    """
    if not enabled:
        yield
        return
    from . import cuda
    from ._generator import cuda_generator

    if devices is None:
        devices = range(cuda.device_count()) if cuda.is_available() else ()
    generators = [default_generator] + [cuda_generator(cuda._index(d)) for d in devices]
    saved = [(g._seed, g._offset) for g in generators]
    try:
        yield
    finally:
        for g, (s, o) in zip(generators, saved):
            g._seed, g._offset = s, o


__all__ = [
    "Generator",
    "default_generator",
    "fork_rng",
    "get_rng_state",
    "initial_seed",
    "manual_seed",
    "seed",
    "set_rng_state",
]
