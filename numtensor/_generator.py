"""``numtensor.Generator``: the state of a random-number stream, one per device.

Every generator is a Philox4x32-10 stream (see ``kernels/philox.py``): its state is a 64-bit
seed and a 64-bit offset, and each draw uses the pair then advances the offset by one. The
CPU and CUDA kernels compute the same function of (seed, offset, element), so a program
draws the same numbers on either device from the same seed. They are not PyTorch's numbers
(PyTorch's CPU generator is a Mersenne Twister, its CUDA one a Philox used differently).

As in PyTorch there is one default generator per device: ``default_generator`` (CPU) and
``numtensor.cuda.default_generators``; ``manual_seed`` seeds them all, ``cuda.manual_seed``
the CUDA ones only. Creating a CUDA generator does not touch the GPU.
"""

from __future__ import annotations

import os
import threading

import numpy as np

from ._device import as_device

DEFAULT_SEED = 67280421310721  # PyTorch's default seed
_U64 = (1 << 64) - 1
_STATE_BYTES = 16  # seed and offset, little-endian uint64s


def check_seed(seed) -> int:
    """A seed as PyTorch takes it: any int from -2**63 to 2**64 - 1 (negative seeds wrap)."""
    if isinstance(seed, float) and seed.is_integer():
        seed = int(seed)
    if hasattr(seed, "item") and not isinstance(seed, int):
        seed = seed.item()
    if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)):
        raise TypeError(f"manual_seed expected a long, but got {type(seed).__name__}")
    seed = int(seed)
    if not -(1 << 63) <= seed <= _U64:
        raise ValueError("Overflow when unpacking long long")
    return seed & _U64


def entropy_seed() -> int:
    """A non-negative 63-bit seed from the operating system's entropy."""
    return int.from_bytes(os.urandom(8), "little") & ((1 << 63) - 1)


class Generator:
    r"""Creates and returns a generator object that manages the state of the algorithm which
    produces pseudo random numbers.

    Pass it as the ``generator=`` keyword of the random functions (:func:`rand`,
    :func:`randn`, :meth:`Tensor.uniform_`, ...) to draw from its own stream instead of the
    device's default one. Its methods: ``manual_seed(seed)`` (returns the generator),
    ``seed()``, ``initial_seed()``, ``get_state()``/``set_state(state)`` (a 16-byte uint8
    tensor) and ``get_offset()``/``set_offset(offset)``.

    Differs from PyTorch: every generator is a Philox4x32-10 stream of a 64-bit seed and
    offset, on both devices; a seed gives the same numbers on the CPU and on CUDA, but not
    PyTorch's numbers.

    Args:
        device (:class:`numtensor.device`, optional): the device of the generator.
            Default: ``"cpu"``.

    Example::

        >>> g = torch.Generator().manual_seed(7)
        >>> a = torch.rand(3, generator=g)
        >>> g.manual_seed(7).initial_seed()
        7
        >>> torch.equal(torch.rand(3, generator=g), a)
        True
        >>> g_cuda = torch.Generator(device="cuda")  # doctest: +SKIP
    """

    def __init__(self, device="cpu") -> None:
        dev = as_device(device)
        if dev.type == "cuda":
            from . import cuda

            if not cuda.is_available():
                raise RuntimeError(
                    "Cannot get a CUDA generator: CUDA is not available (no NVIDIA driver, or "
                    "numba-cuda is not installed)"
                )
            if dev.index is None:
                dev = as_device(f"cuda:{cuda.current_device()}")
        self._start(dev)

    def _start(self, dev) -> None:
        self.device = dev
        self._seed = DEFAULT_SEED
        self._offset = 0
        self._lock = threading.Lock()

    def __repr__(self) -> str:
        return f"<numtensor.Generator object on {self.device}>"

    def manual_seed(self, seed) -> Generator:
        """Restart the stream from ``seed``."""
        self._seed, self._offset = check_seed(seed), 0
        return self

    def seed(self) -> int:
        """Seed from the operating system's entropy; returns the seed."""
        seed = entropy_seed()
        self.manual_seed(seed)
        return seed

    def initial_seed(self) -> int:
        return self._seed

    def get_offset(self) -> int:
        return self._offset

    def set_offset(self, offset: int) -> Generator:
        self._offset = int(offset) & _U64
        return self

    def get_state(self):
        """The state as a CPU uint8 tensor (give it back to ``set_state``)."""
        from . import backend
        from ._tensor_base import Tensor

        raw = np.array([self._seed, self._offset], dtype="<u8").view(np.uint8)
        return Tensor._make(backend.cpu.from_host(raw.copy()))

    def set_state(self, new_state) -> Generator:
        from ._dtype import uint8
        from ._tensor_base import Tensor

        if not isinstance(new_state, Tensor) or new_state.dtype is not uint8:
            raise TypeError("RNG state must be a torch.ByteTensor")
        if new_state.numel() != _STATE_BYTES:
            raise RuntimeError(
                f"Expected a generator state of size {_STATE_BYTES} but found the input RNG "
                f"state size to be {new_state.numel()}"
            )
        raw = np.ascontiguousarray(new_state.cpu().numpy()).view("<u8")
        self._seed, self._offset = int(raw[0]), int(raw[1])
        return self

    def next_draw(self) -> tuple[int, int]:
        """(seed, offset) for one draw; the offset then moves on."""
        with self._lock:
            offset = self._offset
            self._offset = (offset + 1) & _U64
        return self._seed, offset


default_generator = Generator("cpu")
_CUDA: dict = {}  # device index -> that device's default generator
_cuda_seed = [DEFAULT_SEED]  # what manual_seed gave, for CUDA generators made later


def cuda_generator(index: int) -> Generator:
    """The default generator of CUDA device ``index`` (made on first use)."""
    gen = _CUDA.get(index)
    if gen is None:  # made without asking for the GPU (seeding needs none)
        gen = _CUDA[index] = Generator.__new__(Generator)
        gen._start(as_device(f"cuda:{index}"))
        gen.manual_seed(_cuda_seed[0])
    return gen


def seed_cuda(seed) -> None:
    """Seed every CUDA default generator, those made later included."""
    _cuda_seed[0] = check_seed(seed)
    for gen in _CUDA.values():
        gen.manual_seed(_cuda_seed[0])


def manual_seed(seed: int) -> Generator:
    r"""Sets the seed for generating random numbers on all devices (the default CPU generator
    and every CUDA one), so that the same program draws the same numbers.

    Args:
        seed (int): the desired seed, in :math:`[-2^{63}, 2^{64} - 1]` (negative seeds wrap).

    Returns:
        :class:`numtensor.Generator`: the default CPU generator.

    Example::

        >>> _ = torch.manual_seed(0)
        >>> a = torch.rand(2)
        >>> _ = torch.manual_seed(0)
        >>> torch.equal(torch.rand(2), a)
        True
    """
    seed = check_seed(seed)
    seed_cuda(seed)
    return default_generator.manual_seed(seed)


def generator_for(dev, generator: Generator | None) -> Generator:
    """The generator a draw on device ``dev`` uses: ``generator``, which must be of that
    device type, or the device's default generator."""
    if generator is None:
        if dev.type == "cpu":
            return default_generator
        return cuda_generator(0 if dev.index is None else dev.index)
    if not isinstance(generator, Generator):
        raise TypeError(f"generator must be a torch.Generator, not {type(generator).__name__}")
    if generator.device.type != dev.type:
        raise RuntimeError(
            f"Expected a '{dev.type}' device type for generator but found '{generator.device.type}'"
        )
    return generator
