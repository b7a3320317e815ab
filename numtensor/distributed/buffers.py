"""A tensor's memory as MPI reads and writes it (``_Buffer``), for the collectives and the
point-to-point messages.
"""

from __future__ import annotations

from .._tensor_base import Tensor


class _Buffer:
    """A tensor's memory as MPI reads and writes it: its own NumPy buffer when it is a
    contiguous CPU tensor (no copy), else a contiguous host copy written back after."""

    def __init__(self, t: Tensor) -> None:
        if not isinstance(t, Tensor):
            raise TypeError(f"expected a Tensor, got {type(t).__name__}")
        self.tensor = t
        direct = t.device.type == "cpu" and t.is_contiguous()
        source = t.detach()
        self.array = (source if direct else source.cpu().contiguous()).numpy()
        self.copied = not direct

    def done(self) -> None:
        if self.copied:
            from ..ops.creation import from_numpy

            self.tensor.detach().copy_(from_numpy(self.array))
