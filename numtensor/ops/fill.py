"""In-place fills: fill_, zero_ and the random fills uniform_/normal_."""

from __future__ import annotations

import numpy as np

from .._tensor_base import Tensor
from ._common import ops_of
from .conversion import bump_version


def _write(self: Tensor, value) -> Tensor:
    """Set every element to one number."""
    ops_of(self).fill_(self._data, value)
    bump_version(self)
    return self


def _write_host(self: Tensor, values: np.ndarray) -> Tensor:
    """Copy values made on the host (random samples) into the tensor."""
    ops = ops_of(self)
    ops.copy_(self._data, ops.from_host(values))
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
    if not isinstance(value, (bool, int, float, np.generic)):
        raise TypeError(f"fill_(): argument 'value' must be Number, not {type(value).__name__}")
    return _write(self, np.asarray(value).astype(self.dtype.np)[()])


def zero_(self: Tensor) -> Tensor:
    """Set every element to zero."""
    return _write(self, 0)


def _float_only(self: Tensor, name: str) -> None:
    if not self.dtype.is_floating_point:
        raise NotImplementedError(f"\"{name}\" not implemented for '{self.dtype}'")


def uniform_(self: Tensor, a: float = 0.0, b: float = 1.0, *, generator=None) -> Tensor:
    """Fill with samples from U(a, b)."""
    from ..random import _gen, uniform_array

    _float_only(self, "check_uniform_bounds")
    if a > b:
        raise RuntimeError(
            f"uniform_ expects to return a [from, to) range, but found from={a} > to={b}"
        )
    u = uniform_array(_gen(generator), self.shape, self.dtype)
    return _write_host(self, np.asarray(u * (b - a) + a, self.dtype.np))


def normal_(self: Tensor, mean: float = 0.0, std: float = 1.0, *, generator=None) -> Tensor:
    """Fill with samples from N(mean, std**2)."""
    from ..random import _gen, normal_array

    _float_only(self, "normal_kernel_cpu")
    if std < 0:
        raise RuntimeError(f"normal expects std >= 0.0, but found std {std}")
    z = normal_array(_gen(generator), self.shape, self.dtype)
    return _write_host(self, np.asarray(z * std + mean, self.dtype.np))
