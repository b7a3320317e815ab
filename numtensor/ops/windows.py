"""Window functions for signal processing: bartlett, blackman, hamming, hann and kaiser.

Each is computed as PyTorch computes it (the same arithmetic in the requested dtype): a
``window_length + 1`` symmetric window cut to ``window_length`` when ``periodic`` is True.
"""

from __future__ import annotations

import math

from .._dtype import check_dtype, get_default_dtype, type_name
from .._tensor_base import Tensor
from .creation import arange, ones, tensor
from .registry import op


def _start(name: str, window_length: int, dtype, device, requires_grad: bool):
    """(dtype, or None when the window is trivially empty or [1.])."""
    d = check_dtype(get_default_dtype() if dtype is None else dtype)
    if not d.is_floating_point:
        raise RuntimeError(
            f"{name} expects floating point dtypes, got: TensorOptions(dtype="
            f"{_C_NAMES.get(type_name(d), type_name(d))}, device={device or 'cpu'}, layout="
            "Strided (default), requires_grad=false (default), pinned_memory=false, "
            "memory_format=(nullopt))"
        )
    if window_length < 0:
        raise RuntimeError(
            f"{name} requires non-negative window_length, got window_length={window_length}"
        )
    return d


_C_NAMES = {
    "Long": "long int",
    "Int": "int",
    "Short": "short int",
    "Char": "signed char",
    "Byte": "unsigned char",
}


def _trivial(window_length: int, d, device, requires_grad: bool) -> Tensor | None:
    if window_length == 0:
        return _done(tensor([], dtype=d, device=device), requires_grad)
    if window_length == 1:
        return _done(ones(1, dtype=d, device=device), requires_grad)
    return None


def _done(window: Tensor, requires_grad: bool) -> Tensor:
    if requires_grad:
        window.requires_grad_(True)
    return window


def _cut(window: Tensor, periodic: bool, requires_grad: bool) -> Tensor:
    window = window[:-1].contiguous() if periodic else window
    return _done(window, requires_grad)


def _hamming(name, window_length, periodic, alpha, beta, dtype, device, requires_grad):
    d = _start(name, window_length, dtype, device, requires_grad)
    trivial = _trivial(window_length, d, device, requires_grad)
    if trivial is not None:
        return trivial
    n = window_length + 1 if periodic else window_length
    window = arange(n, dtype=d, device=device)
    window = (window * (math.pi * 2.0 / (n - 1))).cos() * -beta + alpha
    return _cut(window, periodic, requires_grad)


@op("hann_window", method=False)
def hann_window(
    window_length: int, periodic: bool = True, *, dtype=None, layout=None, device=None,
    requires_grad: bool = False,
) -> Tensor:  # fmt: skip
    """The Hann window ``0.5 - 0.5 cos(2 pi n / (N - 1))`` (N = window_length + 1 when
    periodic, then the last value dropped)."""
    return _hamming("hann_window", window_length, periodic, 0.5, 0.5, dtype, device, requires_grad)


@op("hamming_window", method=False)
def hamming_window(
    window_length: int, periodic: bool = True, alpha: float = 0.54, beta: float = 0.46, *,
    dtype=None, layout=None, device=None, requires_grad: bool = False,
) -> Tensor:  # fmt: skip
    """The Hamming window ``alpha - beta cos(2 pi n / (N - 1))``."""
    return _hamming(
        "hamming_window", window_length, periodic, alpha, beta, dtype, device, requires_grad
    )


@op("bartlett_window", method=False)
def bartlett_window(
    window_length: int, periodic: bool = True, *, dtype=None, layout=None, device=None,
    requires_grad: bool = False,
) -> Tensor:  # fmt: skip
    """The Bartlett (triangular) window ``1 - |2 n / (N - 1) - 1|``."""
    d = _start("bartlett_window", window_length, dtype, device, requires_grad)
    trivial = _trivial(window_length, d, device, requires_grad)
    if trivial is not None:
        return trivial
    n = window_length + 1 if periodic else window_length
    window = arange(n, dtype=d, device=device) * (2.0 / (n - 1))
    first_half = ((n - 1) >> 1) + 1
    window[first_half:] = window[first_half:] * -1 + 2
    return _cut(window, periodic, requires_grad)


@op("blackman_window", method=False)
def blackman_window(
    window_length: int, periodic: bool = True, *, dtype=None, layout=None, device=None,
    requires_grad: bool = False,
) -> Tensor:  # fmt: skip
    """The Blackman window ``0.42 - 0.5 cos(2 pi n / (N - 1)) + 0.08 cos(4 pi n / (N - 1))``."""
    d = _start("blackman_window", window_length, dtype, device, requires_grad)
    trivial = _trivial(window_length, d, device, requires_grad)
    if trivial is not None:
        return trivial
    n = window_length + 1 if periodic else window_length
    window = arange(n, dtype=d, device=device) * (math.pi / (n - 1))
    window = (window * 4).cos() * 0.08 - (window * 2).cos() * 0.5 + 0.42
    return _cut(window, periodic, requires_grad)


@op("kaiser_window", method=False)
def kaiser_window(
    window_length: int, periodic: bool = True, beta: float = 12.0, *, dtype=None, layout=None,
    device=None, requires_grad: bool = False,
) -> Tensor:  # fmt: skip
    """The Kaiser window ``I0(beta sqrt(1 - ((n - a) / a)**2)) / I0(beta)``, a = (N - 1) / 2,
    with I0 the modified Bessel function of order 0."""
    d = _start("kaiser_window", window_length, dtype, device, requires_grad)
    trivial = _trivial(window_length, d, device, requires_grad)
    if trivial is not None:
        return trivial
    n = window_length + 1 if periodic else window_length
    alpha = (n - 1) / 2.0
    ratio = (arange(n, dtype=d, device=device) - alpha) / alpha
    window = ((1 - ratio * ratio).sqrt() * beta).i0() / tensor(beta, dtype=d, device=device).i0()
    return _cut(window, periodic, requires_grad)
