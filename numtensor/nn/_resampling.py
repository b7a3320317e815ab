"""Padding modes, pixel shuffles and interpolation, composed of index_select and lerp (so
gradients, CPU and CUDA come with them)."""

from __future__ import annotations

import math

import numtensor as _nt


def padded_index(n: int, left: int, right: int, mode: str):
    """The source position of each output position of a dim of size ``n`` padded by
    ``left``/``right`` (reflect, replicate or circular)."""
    positions = range(-left, n + right)
    if mode == "reflect":
        if left >= n or right >= n:
            raise RuntimeError(
                f"Argument #4: Padding size should be less than the corresponding input "
                f"dimension, but got: padding ({left}, {right}) at dimension of input {n}"
            )
        period = 2 * (n - 1) if n > 1 else 1
        index = [abs(p) % period for p in positions]
        return [i if i < n else period - i for i in index]
    if mode == "replicate":
        return [min(max(p, 0), n - 1) for p in positions]
    if left > n or right > n:
        raise ValueError("Padding value causes wrapping around more than once.")
    return [p % n for p in positions]


def pad_mode(input, pad: tuple, mode: str):
    """F.pad's 'reflect', 'replicate' and 'circular' over the last len(pad)/2 dims."""
    dims = len(pad) // 2
    if len(pad) % 2 or dims > 3 or input.ndim not in (dims + 1, dims + 2):
        raise NotImplementedError(
            f"Padding size {len(pad)} is not supported for {input.ndim}D input tensor.\n"
            "Supported combinations for non-constant padding:\n"
            "  - 2D or 3D input: padding size = 2 (pads last dimension)\n"
            "  - 3D or 4D input: padding size = 4 (pads last 2 dimensions)\n"
            "  - 4D or 5D input: padding size = 6 (pads last 3 dimensions)"
        )
    out = input
    for i in range(dims):
        d = input.ndim - 1 - i
        left, right = pad[2 * i], pad[2 * i + 1]
        index = padded_index(out.shape[d], left, right, mode)
        out = out.index_select(d, _nt.tensor(index, dtype=_nt.int64, device=input.device))
    return out


def pixel_shuffle(input, upscale_factor: int):
    """[*, C*r*r, H, W] -> [*, C, H*r, W*r]."""
    r = upscale_factor
    *lead, c, h, w = input.shape
    if c % (r * r):
        raise RuntimeError(
            f"pixel_shuffle expects its input's 'channel' dimension to be divisible by the square "
            f"of upscale_factor, but input.size(-3)={c} is not divisible by {r * r}"
        )
    x = input.reshape(*lead, c // (r * r), r, r, h, w)
    n = len(lead)
    x = x.permute(*range(n), n, n + 3, n + 1, n + 4, n + 2)
    return x.reshape(*lead, c // (r * r), h * r, w * r)


def pixel_unshuffle(input, downscale_factor: int):
    """[*, C, H*r, W*r] -> [*, C*r*r, H, W]."""
    r = downscale_factor
    *lead, c, h, w = input.shape
    if h % r or w % r:
        raise RuntimeError(
            f"pixel_unshuffle expects height to be divisible by downscale_factor, but "
            f"input.size(-2)={h} is not divisible by {r}"
            if h % r
            else f"pixel_unshuffle expects width to be divisible by downscale_factor, but "
            f"input.size(-1)={w} is not divisible by {r}"
        )
    x = input.reshape(*lead, c, h // r, r, w // r, r)
    n = len(lead)
    x = x.permute(*range(n), n, n + 2, n + 4, n + 1, n + 3)
    return x.reshape(*lead, c * r * r, h // r, w // r)


def _source(out_size: int, in_size: int, scale, align_corners: bool, mode: str):
    """The source coordinate of each output position (PyTorch's area-pixel formulas)."""
    if mode in ("nearest", "nearest-exact"):
        ratio = (1.0 / scale) if scale else in_size / out_size
        offset = 0.5 if mode == "nearest-exact" else 0.0
        return [min(math.floor((i + offset) * ratio), in_size - 1) for i in range(out_size)]
    if align_corners:
        ratio = (in_size - 1) / (out_size - 1) if out_size > 1 else 0.0
        return [i * ratio for i in range(out_size)]
    ratio = (1.0 / scale) if scale else in_size / out_size
    return [max((i + 0.5) * ratio - 0.5, 0.0) for i in range(out_size)]


def interpolate(input, size=None, scale_factor=None, mode: str = "nearest", align_corners=None,
                recompute_scale_factor=None, antialias: bool = False):  # fmt: skip
    """Resize the spatial dims (nearest, nearest-exact, linear, bilinear, trilinear)."""
    spatial = input.ndim - 2
    if spatial < 1:
        raise ValueError(
            f"Input Error: Only 3D, 4D and 5D input Tensors supported (got {input.ndim}D)"
        )
    modes = {"nearest": None, "nearest-exact": None, "linear": 1, "bilinear": 2, "trilinear": 3}
    if mode not in modes:
        raise NotImplementedError(f"interpolate mode '{mode}' is not supported by numtensor")
    if modes[mode] is not None and modes[mode] != spatial:
        raise NotImplementedError(
            f"Got {input.ndim}D input, but {mode} mode needs {modes[mode] + 2}D input"
        )
    if mode.startswith("nearest") and align_corners is not None:
        raise ValueError(
            "align_corners option can only be set with the interpolating modes: linear | "
            "bilinear | bicubic | trilinear"
        )
    if (size is None) == (scale_factor is None):
        raise ValueError("only one of size or scale_factor should be defined")
    in_sizes = list(input.shape[2:])
    if size is not None:
        sizes = [size] * spatial if isinstance(size, int) else list(size)
        scales = [None] * spatial
    else:
        scales = (
            [scale_factor] * spatial
            if not isinstance(scale_factor, (list, tuple))
            else list(scale_factor)
        )
        sizes = [math.floor(n * s) for n, s in zip(in_sizes, scales)]
        if recompute_scale_factor:
            scales = [None] * spatial
    out = input
    for k in range(spatial):
        d = 2 + k
        src = _source(sizes[k], in_sizes[k], scales[k], bool(align_corners), mode)
        if mode.startswith("nearest"):
            out = out.index_select(d, _nt.tensor(src, dtype=_nt.int64, device=input.device))
            continue
        low = [min(math.floor(s), in_sizes[k] - 1) for s in src]
        high = [min(i + 1, in_sizes[k] - 1) for i in low]
        weight = [s - i for s, i in zip(src, low)]
        a = out.index_select(d, _nt.tensor(low, dtype=_nt.int64, device=input.device))
        b = out.index_select(d, _nt.tensor(high, dtype=_nt.int64, device=input.device))
        shape = [1] * out.ndim
        shape[d] = len(weight)
        w = _nt.tensor(weight, dtype=input.dtype, device=input.device).reshape(shape)
        out = a + (b - a) * w
    return out


def upsample(input, size=None, scale_factor=None, mode: str = "nearest", align_corners=None):
    return interpolate(input, size, scale_factor, mode, align_corners)


def upsample_nearest(input, size=None, scale_factor=None):
    return interpolate(input, size, scale_factor, mode="nearest")


def upsample_bilinear(input, size=None, scale_factor=None):
    return interpolate(input, size, scale_factor, mode="bilinear", align_corners=True)


__all__ = ["interpolate", "pixel_shuffle", "pixel_unshuffle", "upsample", "upsample_bilinear",
           "upsample_nearest"]  # fmt: skip
