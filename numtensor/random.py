"""Random numbers: ``numtensor.Generator``, ``manual_seed`` and the random factories.

A Generator wraps NumPy's PCG64 bit generator; the same seed gives the same numbers
(they are not PyTorch's numbers, which come from a different generator).
"""

from __future__ import annotations

import numpy as np

from ._dtype import check_dtype, get_default_dtype, int64
from ._tensor_base import Tensor
from .ops._common import finish, np_dtype, parse_size, size_args

_DEFAULT_SEED = 67280421310721


class Generator:
    """A source of random numbers with its own state (``manual_seed``, ``get_state``)."""

    def __init__(self, device="cpu") -> None:
        self.device = device
        self.manual_seed(_DEFAULT_SEED)

    def manual_seed(self, seed: int) -> Generator:
        seed = int(seed)
        self._seed = seed
        self._np = np.random.Generator(np.random.PCG64(seed & 0xFFFF_FFFF_FFFF_FFFF))
        return self

    def seed(self) -> int:
        seed = int(np.random.SeedSequence().entropy) & 0xFFFF_FFFF_FFFF_FFFF
        self.manual_seed(seed)
        return seed

    def initial_seed(self) -> int:
        return self._seed

    def get_state(self) -> Tensor:
        """The generator state as a uint8 tensor (pass it back to ``set_state``)."""
        state = repr(self._np.bit_generator.state).encode()
        return Tensor._make(np.frombuffer(state, dtype=np.uint8).copy())

    def set_state(self, new_state: Tensor) -> Generator:
        import ast

        state = ast.literal_eval(bytes(new_state._data).decode())
        self._np.bit_generator.state = state
        return self


default_generator = Generator()


def manual_seed(seed: int) -> Generator:
    """Seed the default generator: the same seed then gives the same random tensors."""
    return default_generator.manual_seed(seed)


def seed() -> int:
    return default_generator.seed()


def initial_seed() -> int:
    return default_generator.initial_seed()


def get_rng_state() -> Tensor:
    return default_generator.get_state()


def set_rng_state(new_state: Tensor) -> None:
    default_generator.set_state(new_state)


def _gen(generator: Generator | None) -> np.random.Generator:
    return (generator or default_generator)._np


def _float_dtype(dtype, name: str):
    d = check_dtype(get_default_dtype() if dtype is None else dtype)
    if not d.is_floating_point:
        raise NotImplementedError(f"\"{name}\" not implemented for '{d}'")
    return d


def uniform_array(gen, shape, d) -> np.ndarray:
    if d.np.itemsize >= 4:
        return gen.random(shape, dtype=d.np)
    return gen.random(shape, dtype=np.float32).astype(d.np)


def normal_array(gen, shape, d) -> np.ndarray:
    if d.np.itemsize >= 4:
        return gen.standard_normal(shape, dtype=d.np)
    return gen.standard_normal(shape, dtype=np.float32).astype(d.np)


def rand(*size, generator=None, dtype=None, device=None, requires_grad=False, **kwargs) -> Tensor:
    """Uniform samples on [0, 1)."""
    d = _float_dtype(dtype, "check_uniform_bounds")
    arr = uniform_array(_gen(generator), size_args(size, kwargs, "rand"), d)
    return finish(arr, device, requires_grad)


def randn(*size, generator=None, dtype=None, device=None, requires_grad=False, **kwargs) -> Tensor:
    """Standard normal samples (mean 0, standard deviation 1)."""
    d = _float_dtype(dtype, "normal_kernel_cpu")
    arr = normal_array(_gen(generator), size_args(size, kwargs, "randn"), d)
    return finish(arr, device, requires_grad)


def randint(
    *args, size=None, generator=None, dtype=None, device=None, requires_grad=False
) -> Tensor:
    """Integers uniform on [low, high): ``randint(high, size)`` or ``randint(low, high, size)``."""
    args = list(args)
    if size is None:
        size = args.pop()
    if len(args) == 1:
        low, high = 0, args[0]
    elif len(args) == 2:
        low, high = args
    else:
        raise TypeError("randint() expects (high, size) or (low, high, size)")
    if low >= high:
        raise RuntimeError(
            f"random_ expects 'from' to be less than 'to', but got from={low} >= to={high}"
        )
    d = check_dtype(int64 if dtype is None else dtype)
    arr = _gen(generator).integers(low, high, parse_size((size,), "randint"), dtype=np.int64)
    return finish(arr.astype(d.np), device, requires_grad)


def randperm(n: int, generator=None, dtype=None, device=None, requires_grad=False) -> Tensor:
    """A random permutation of 0 .. n-1."""
    if n < 0:
        raise RuntimeError(f"n must be non-negative, got{n}")
    arr = _gen(generator).permutation(n).astype(np_dtype(dtype, int64))
    return finish(arr, device, requires_grad)


def rand_like(
    input: Tensor, dtype=None, device=None, requires_grad=False, memory_format=None
) -> Tensor:
    d = _float_dtype(input.dtype if dtype is None else dtype, "check_uniform_bounds")
    return rand(input.shape, dtype=d, device=device or input.device, requires_grad=requires_grad)


def randn_like(
    input: Tensor, dtype=None, device=None, requires_grad=False, memory_format=None
) -> Tensor:
    d = _float_dtype(input.dtype if dtype is None else dtype, "normal_kernel_cpu")
    return randn(input.shape, dtype=d, device=device or input.device, requires_grad=requires_grad)


def randint_like(
    input: Tensor,
    low: int = 0,
    high: int | None = None,
    dtype=None,
    device=None,
    requires_grad=False,
) -> Tensor:
    if high is None:
        low, high = 0, low
    return randint(
        low,
        high,
        input.shape,
        dtype=dtype or input.dtype,
        device=device or input.device,
        requires_grad=requires_grad,
    )
