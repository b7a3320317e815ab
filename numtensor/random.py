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
    """Seed the default generators from the operating system's entropy; returns the seed."""
    value = entropy_seed()
    manual_seed(value)
    return value


def initial_seed() -> int:
    return default_generator.initial_seed()


def get_rng_state():
    """The CPU generator's state as a uint8 tensor."""
    return default_generator.get_state()


def set_rng_state(new_state) -> None:
    default_generator.set_state(new_state)


@contextlib.contextmanager
def fork_rng(devices=None, enabled: bool = True, device_type: str = "cuda", **kwargs):
    """Run the block with the generators' states saved on entry and restored on exit
    (the CPU's and, with CUDA available, those of ``devices``: default all)."""
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
