"""Shared inputs: the sizes named in the performance targets, built once per benchmark."""

import numpy as np

import numtensor as nt

BIG = 16 * 1024 * 1024  # 16M float32 elements


def rand(*shape, dtype=np.float32, seed=0):
    return np.random.default_rng(seed).standard_normal(shape).astype(dtype)


def tensor(*shape, dtype=np.float32, seed=0):
    return nt.from_numpy(rand(*shape, dtype=dtype, seed=seed))


def warm(bench, *params) -> None:
    """Run each ``time_*`` method of ``bench`` once, so its kernels are compiled (or loaded
    from the cache) in ``setup`` and even ``asv run --quick`` times the steady state."""
    for name in dir(bench):
        if name.startswith("time_"):
            getattr(bench, name)(*params)
