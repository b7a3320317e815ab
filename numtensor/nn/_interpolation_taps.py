"""Where each output position of a resized dim reads its input and with what weights (the
"taps"), for every interpolate mode, by PyTorch's formulas; and applying them along a dim
with index_select (so gradients and CUDA come with it). The taps depend on sizes only, so
they are computed with Python numbers."""

from __future__ import annotations

import math

import numtensor as _nt

from ._cubic import cubic_coefficients, cubic_filter


def _scale(in_size: int, out_size: int, align_corners: bool, scale) -> float:
    """PyTorch's area_pixel_compute_scale: input step per output step."""
    if align_corners:
        return (in_size - 1) / (out_size - 1) if out_size > 1 else 0.0
    return 1.0 / scale if scale is not None and scale > 0 else in_size / out_size


def _source(scale: float, i: int, align_corners: bool, cubic: bool) -> float:
    if align_corners:
        return scale * i
    real = scale * (i + 0.5) - 0.5
    return real if cubic else max(real, 0.0)


def nearest_taps(in_size: int, out_size: int, scale, exact: bool) -> list:
    """'nearest' (floor of the scaled index) or 'nearest-exact' (rounded half up)."""
    if out_size == in_size:
        return [(list(range(out_size)), None)]
    ratio = 1.0 / scale if scale is not None and scale > 0 else in_size / out_size
    offset = 0.5 if exact else 0.0
    index = [min(math.floor((i + offset) * ratio), in_size - 1) for i in range(out_size)]
    return [(index, None)]


def linear_taps(in_size: int, out_size: int, align_corners: bool, scale) -> list:
    """Two taps (the floor and the next one, clamped) with weights 1 - lambda and lambda."""
    if out_size == in_size:
        return [(list(range(out_size)), [1.0] * out_size)]
    ratio = _scale(in_size, out_size, align_corners, scale)
    low, high, w_low, w_high = [], [], [], []
    for i in range(out_size):
        real = _source(ratio, i, align_corners, cubic=False)
        index = min(int(real), in_size - 1)
        lam = min(max(real - index, 0.0), 1.0)
        low.append(index)
        high.append(index + (1 if index < in_size - 1 else 0))
        w_low.append(1.0 - lam)
        w_high.append(lam)
    return [(low, w_low), (high, w_high)]


def cubic_taps(in_size: int, out_size: int, align_corners: bool, scale) -> list:
    """Four taps around the source point (clamped to the edges), Keys' weights (A=-0.75)."""
    ratio = _scale(in_size, out_size, align_corners, scale)
    taps = [([], []) for _ in range(4)]
    for i in range(out_size):
        real = _source(ratio, i, align_corners, cubic=True)
        index = min(math.floor(real), in_size - 1)
        lam = min(max(real - index, 0.0), 1.0)
        for k, weight in enumerate(cubic_coefficients(lam)):
            taps[k][0].append(min(max(index - 1 + k, 0), in_size - 1))
            taps[k][1].append(weight)
    return taps


def _window_taps(windows: list) -> list:
    """Taps from per-output (first index, weights) windows, padded with zero weights."""
    width = max((len(w) for _, w in windows), default=0)
    taps = []
    for k in range(width):
        index = [start + k if k < len(w) else start for start, w in windows]
        weight = [w[k] if k < len(w) else 0.0 for _, w in windows]
        taps.append((index, weight))
    return taps


def area_taps(in_size: int, out_size: int) -> list:
    """Adaptive average pooling's windows: [floor(i*in/out), ceil((i+1)*in/out))."""
    windows = []
    for i in range(out_size):
        start = (i * in_size) // out_size
        end = -((-(i + 1) * in_size) // out_size)
        windows.append((start, [1.0 / (end - start)] * (end - start)))
    return _window_taps(windows)


def antialias_taps(in_size: int, out_size: int, align_corners: bool, scale, cubic: bool):
    """PyTorch's antialiased (PIL-like) resizing: the filter stretched by the downscale
    factor, its weights normalised to sum 1."""
    ratio = _scale(in_size, out_size, align_corners, scale)
    interp = 4 if cubic else 2
    support = interp * 0.5 * ratio if ratio >= 1.0 else interp * 0.5
    invscale = 1.0 / ratio if ratio >= 1.0 else 1.0
    windows = []
    for i in range(out_size):
        center = ratio * (i + 0.5)
        start = max(int(center - support + 0.5), 0)
        size = min(int(center + support + 0.5), in_size) - start
        weights = []
        for j in range(size):
            x = (j + start - center + 0.5) * invscale
            weights.append(cubic_filter(x) if cubic else max(0.0, 1.0 - abs(x)))
        total = sum(weights)
        if total != 0.0:
            weights = [w / total for w in weights]
        windows.append((start, weights))
    return _window_taps(windows)


def apply_taps(x, dim: int, taps: list):
    """sum over taps of ``x.index_select(dim, index) * weight`` (weights broadcast along
    ``dim``); a single unweighted tap is a plain gather."""
    out = None
    for index, weight in taps:
        picked = x.index_select(dim, _nt.tensor(index, dtype=_nt.int64, device=x.device))
        if weight is not None:
            shape = [1] * x.ndim
            shape[dim] = len(weight)
            w = _nt.tensor(weight, dtype=x.dtype, device=x.device).reshape(shape)
            picked = picked * w
        out = picked if out is None else out + picked
    return out
