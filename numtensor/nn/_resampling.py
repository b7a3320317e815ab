"""Padding modes, pixel shuffles and interpolation, composed of index_select and lerp (so
gradients, CPU and CUDA come with them)."""

from __future__ import annotations

import math

import numtensor as _nt

from .._dtype import type_name
from ..autograd.function import name_node
from ..ops.memory_formats import follows_channels_last
from ._interpolation_taps import (
    antialias_taps,
    apply_taps,
    area_taps,
    cubic_taps,
    linear_taps,
    nearest_taps,
)


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
    if out is input:
        return out
    # PyTorch's nodes: ReflectionPad1DBackward0 ...; circular padding copies into slices
    kind = {"reflect": "ReflectionPad", "replicate": "ReplicationPad"}.get(mode)
    return name_node(out, f"{kind}{dims}DBackward0" if kind else "CopySlices")


def pixel_shuffle(input, upscale_factor: int):
    r"""Rearranges :math:`(*, C r^2, H, W)` into :math:`(*, C, H r, W r)` (``r = upscale_factor``).

    See :class:`~numtensor.nn.PixelShuffle` for details.

    Args:
        input (Tensor): the input.
        upscale_factor (int): the factor ``r``.

    Returns:
        Tensor

    Example::

        >>> import numtensor.nn.functional as F
        >>> F.pixel_shuffle(torch.arange(4.).reshape(1, 4, 1, 1), 2)
        tensor([[[[0., 1.],
                  [2., 3.]]]])
    """
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
    r"""Reverses :func:`pixel_shuffle`: :math:`(*, C, H r, W r)` into :math:`(*, C r^2, H, W)`.

    See :class:`~numtensor.nn.PixelUnshuffle` for details.

    Args:
        input (Tensor): the input.
        downscale_factor (int): the factor ``r``.

    Returns:
        Tensor

    Example::

        >>> import numtensor.nn.functional as F
        >>> F.pixel_unshuffle(torch.arange(4.).reshape(1, 1, 2, 2), 2).flatten()
        tensor([0., 1., 2., 3.])
    """
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


_MODE_DIMS = {"linear": 1, "bilinear": 2, "bicubic": 2, "trilinear": 3}
_AXES = {1: "W", 2: "HW", 3: "DHW"}


def _output_size(input, size, scale_factor, mode: str, recompute_scale_factor):
    """PyTorch's reading of size / scale_factor: (output sizes, scales for the kernels)."""
    dim = input.dim() - 2
    if size is not None and scale_factor is not None:
        raise ValueError("only one of size or scale_factor should be defined")
    if size is not None:
        if isinstance(size, (list, tuple)):
            if len(size) != dim:
                raise ValueError(
                    "Input and output must have the same number of spatial dimensions, but got "
                    f"input with spatial dimensions of {list(input.shape[2:])} and output size "
                    f"of {size}. Please provide input tensor in (N, C, d1, d2, ...,dK) format "
                    "and output size in (o1, o2, ...,oK) format."
                )
            if not all(isinstance(n, int) or (hasattr(n, "__index__") and not
                       isinstance(n, float)) for n in size):  # fmt: skip
                raise TypeError(
                    "expected size to be one of int or Tuple[int] or Tuple[int, int] or "
                    "Tuple[int, int, int], but got size with types "
                    f"{[type(n) for n in size]}"
                )
            sizes = [int(n) for n in size]
        else:
            sizes = [int(size)] * dim
        if recompute_scale_factor:
            raise ValueError("recompute_scale_factor is not meaningful with an explicit size.")
        return sizes, [None] * dim
    if scale_factor is None:
        raise ValueError("either size or scale_factor should be defined")
    if isinstance(scale_factor, (list, tuple)):
        if len(scale_factor) != dim:
            raise ValueError(
                "Input and scale_factor must have the same number of spatial dimensions, but "
                f"got input with spatial dimensions of {list(input.shape[2:])} and "
                f"scale_factor of shape {scale_factor}. Please provide input tensor in (N, C, "
                "d1, d2, ...,dK) format and scale_factor in (s1, s2, ...,sK) format."
            )
        scales = [float(f) for f in scale_factor]
    else:
        scales = [float(scale_factor)] * dim
    sizes = [math.floor(n * f) for n, f in zip(input.shape[2:], scales)]
    if mode == "area" or recompute_scale_factor:
        scales = [None] * dim
    return sizes, scales


def _check_dtype(input, mode: str, antialias: bool) -> None:
    dtype = input.dtype
    if dtype.is_floating_point or (
        dtype is _nt.uint8 and mode not in ("area", "linear", "trilinear")
    ):
        return  # fmt: skip
    if mode.startswith("nearest"):
        kernel = "compute_indices_weights_nearest"
    elif mode == "area":
        kernel = f"adaptive_avg_pool{input.dim() - 2}d"
    elif antialias:
        kernel = "compute_index_ranges_weights"
    elif mode == "bilinear":
        kernel = "upsample_bilinear2d_channels_last"
    else:
        kernel = "compute_indices_weights_" + ("cubic" if mode == "bicubic" else "linear")
    raise NotImplementedError(f"\"{kernel}\" not implemented for '{type_name(dtype)}'")


def _check_sizes(in_sizes: list, sizes: list) -> None:
    if all(n > 0 for n in in_sizes) and all(n > 0 for n in sizes):
        return
    axes = _AXES[len(sizes)]
    given = ", ".join(f"{a}: {n}" for a, n in zip(axes, in_sizes))
    wanted = ", ".join(f"{a}: {n}" for a, n in zip(axes, sizes))
    joiner = " and " if len(sizes) == 1 else " "
    raise RuntimeError(
        f"Input and output sizes should be greater than 0, but got input ({given}){joiner}"
        f"output ({wanted})"
    )


def _node(mode: str, sizes: list, antialias: bool) -> str:
    """PyTorch's node for ``interpolate``: its upsampling kernel's, or for ``'area'`` the
    adaptive average pooling's (a mean for a 1-pixel output, a squeeze after the 1-d pool)."""
    spatial = len(sizes)
    if mode == "area":
        if spatial == 1:
            return "SqueezeBackward1"
        if all(s == 1 for s in sizes):
            return "MeanBackward1"
        return f"AdaptiveAvgPool{spatial}DBackward0"
    kind = {"nearest": "Nearest", "nearest-exact": "NearestExact"}.get(mode)
    if kind is not None:
        return f"Upsample{kind}{spatial}DBackward0"
    return f"Upsample{mode.capitalize()}{spatial}D{'Aa' if antialias else ''}Backward0"


def _taps(mode: str, n_in: int, n_out: int, align_corners: bool, scale, antialias: bool):
    if mode in ("nearest", "nearest-exact"):
        return nearest_taps(n_in, n_out, scale, mode == "nearest-exact")
    if mode == "area":
        return area_taps(n_in, n_out)
    if antialias:
        return antialias_taps(n_in, n_out, align_corners, scale, mode == "bicubic")
    if mode == "bicubic":
        return cubic_taps(n_in, n_out, align_corners, scale)
    return linear_taps(n_in, n_out, align_corners, scale)


@follows_channels_last((0, "input"))
def interpolate(input, size=None, scale_factor=None, mode: str = "nearest", align_corners=None,
                recompute_scale_factor=None, antialias: bool = False):  # fmt: skip
    r"""Resizes ``input`` (its spatial dims, after N and C) to ``size`` or by ``scale_factor``.

    Modes: ``'nearest'``, ``'nearest-exact'``, ``'linear'`` (3-D), ``'bilinear'`` (4-D),
    ``'bicubic'`` (4-D), ``'trilinear'`` (5-D) and ``'area'`` (adaptive average pooling).

    See :class:`~numtensor.nn.Upsample` for details.

    Args:
        input (Tensor): :math:`(N, C, *spatial)`.
        size (int or tuple, optional): the output spatial size.
        scale_factor (float or tuple, optional): the multiplier of the spatial size.
        mode (str): the algorithm. Default: ``'nearest'``.
        align_corners (bool, optional): for the linear and cubic modes, align the corner pixels'
            centres.
        recompute_scale_factor (bool, optional): compute the scale from the output size.
        antialias (bool): anti-alias when downsampling (bilinear/bicubic). Default: ``False``.

    Returns:
        Tensor: :math:`(N, C, *size)`.

    Example::

        >>> import numtensor.nn.functional as F
        >>> x = torch.tensor([[[1., 2.]]])
        >>> F.interpolate(x, scale_factor=2)
        tensor([[[1., 1., 2., 2.]]])
        >>> F.interpolate(x, size=4, mode='linear', align_corners=True)
        tensor([[[1.0000, 1.3333, 1.6667, 2.0000]]])
        >>> F.interpolate(torch.ones(1, 3, 4, 4), size=(8, 6), mode='bilinear').shape
        numtensor.Size([1, 3, 8, 6])
    """
    if mode in ("nearest", "area", "nearest-exact"):
        if align_corners is not None:
            raise ValueError(
                "align_corners option can only be set with the interpolating modes: linear | "
                "bilinear | bicubic | trilinear"
            )
    elif align_corners is None:
        align_corners = False
    sizes, scales = _output_size(input, size, scale_factor, mode, recompute_scale_factor)
    if antialias and not (mode in ("bilinear", "bicubic", "lanczos") and input.dim() == 4):
        raise ValueError(
            "Anti-alias option is restricted to bilinear, bicubic, and lanczos modes and "
            "requires a 4-D tensor as input"
        )
    spatial = input.dim() - 2
    known = mode in ("nearest", "nearest-exact", "area") or mode in _MODE_DIMS
    if not known or spatial not in (1, 2, 3):
        raise NotImplementedError(
            f"Input Error: Only 3D, 4D and 5D input Tensors supported (got {input.dim()}D) for "
            "the modes: nearest | linear | bilinear | bicubic | trilinear | lanczos | area | "
            f"nearest-exact (got {mode})"
        )
    need = _MODE_DIMS.get(mode)
    if need is not None and need != spatial:
        if mode == "bicubic":
            raise NotImplementedError(
                f"Input Error: Only 3D, 4D and 5D input Tensors supported (got {input.dim()}D) "
                "for the modes: nearest | linear | bilinear | bicubic | trilinear | lanczos | "
                f"area | nearest-exact (got {mode})"
            )
        raise NotImplementedError(
            f"Got {input.dim()}D input, but {mode} mode needs {need + 2}D input"
        )
    _check_dtype(input, mode, antialias)
    in_sizes = list(input.shape[2:])
    _check_sizes(in_sizes, sizes)
    byte = input.dtype is _nt.uint8 and not mode.startswith("nearest")
    out = input.float() if byte else input
    for k in range(spatial):
        taps = _taps(mode, in_sizes[k], sizes[k], align_corners, scales[k], antialias)
        out = apply_taps(out, 2 + k, taps)
    if byte:  # PyTorch rounds and saturates uint8 results
        out = out.round().clamp(0, 255).to(_nt.uint8)
    return name_node(out, _node(mode, sizes, antialias))


def upsample(input, size=None, scale_factor=None, mode: str = "nearest", align_corners=None):
    r"""Resizes ``input``: the same as :func:`interpolate` (its older name).

    See :class:`~numtensor.nn.Upsample` for details.

    Args:
        input (Tensor): the input.
        size, scale_factor, mode, align_corners: as in :func:`interpolate`.

    Returns:
        Tensor

    Example::

        >>> import numtensor.nn.functional as F
        >>> F.upsample(torch.tensor([[[1., 2.]]]), scale_factor=2)
        tensor([[[1., 1., 2., 2.]]])
    """
    return interpolate(input, size, scale_factor, mode, align_corners)


def upsample_nearest(input, size=None, scale_factor=None):
    r"""Upsamples with nearest neighbours:
    ``interpolate(input, size, scale_factor, mode='nearest')``.

    See :class:`~numtensor.nn.UpsamplingNearest2d` for details.

    Args:
        input (Tensor): the input.
        size (int or tuple, optional): the output size.
        scale_factor (int, optional): the multiplier.

    Returns:
        Tensor

    Example::

        >>> import numtensor.nn.functional as F
        >>> F.upsample_nearest(torch.tensor([[[[1., 2.]]]]), scale_factor=2)
        tensor([[[[1., 1., 2., 2.],
                  [1., 1., 2., 2.]]]])
    """
    return interpolate(input, size, scale_factor, mode="nearest")


def upsample_bilinear(input, size=None, scale_factor=None):
    r"""Upsamples bilinearly with ``align_corners=True``.

    See :class:`~numtensor.nn.UpsamplingBilinear2d` for details.

    Args:
        input (Tensor): :math:`(N, C, H, W)`.
        size (int or tuple, optional): the output size.
        scale_factor (int, optional): the multiplier.

    Returns:
        Tensor

    Example::

        >>> import numtensor.nn.functional as F
        >>> F.upsample_bilinear(torch.tensor([[[[1., 2.]]]]), size=(1, 3))
        tensor([[[[1.0000, 1.5000, 2.0000]]]])
    """
    return interpolate(input, size, scale_factor, mode="bilinear", align_corners=True)


__all__ = ["interpolate", "pixel_shuffle", "pixel_unshuffle", "upsample", "upsample_bilinear",
           "upsample_nearest"]  # fmt: skip
