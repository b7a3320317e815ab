"""In-place fills: fill_ and zero_ (the random fills are in random_fills.py)."""

from __future__ import annotations

import numpy as np

from .._dtype import checked
from .._tensor_base import Tensor
from ..backend import HostScalar
from ._common import ops_of
from .conversion import bump_version


def _write(self: Tensor, value) -> Tensor:
    """Set every element to one number (an expanded tensor too, as PyTorch allows)."""
    ops_of(self).fill_(self._data, value)
    bump_version(self)
    return self


def fill_(self: Tensor, value) -> Tensor:
    """Set every element to ``value`` (a number or a 0-dim tensor)."""
    if isinstance(value, Tensor):
        if value.ndim != 0:
            raise RuntimeError(
                "fill_ only supports 0-dimension value tensor but got tensor with "
                f"{value.ndim} dimensions."
            )
        value = value.item()
    if not isinstance(value, (bool, int, float, complex, HostScalar)):
        raise TypeError(f"fill_(): argument 'value' must be Number, not {type(value).__name__}")
    # (PyTorch fills a one-element tensor through another path, which lets a float16
    # overflow to inf)
    value = checked(value, self.dtype, half=self._data.size != 1)
    return _write(self, np.asarray(value, dtype=self.dtype.np)[()])


def zero_(self: Tensor) -> Tensor:
    """Set every element to zero."""
    return _write(self, 0)
