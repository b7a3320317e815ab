"""ONNX forms of resampling and rearranging: interpolate/upsample (Resize), pixel shuffles,
channel shuffle, affine grids and grid sampling; scaled dot-product attention is exported
through the ops it is made of."""

from __future__ import annotations

import numpy as np

from ..nn._resampling import _output_size
from .symbolic import converts, traced
from .symbolic_layers import _adaptive

traced("scaled_dot_product_attention")

_LINEAR = {"linear", "bilinear", "trilinear"}


def _lead(g, x: str, ndim: int, count: int) -> str:
    """The first ``ndim - count`` sizes of ``x`` (computed, so they follow dynamic axes)."""
    return g.node("Shape", [x], start=0, end=ndim - count)


def _resize(g, input, size, scale_factor, mode, align_corners, recompute_scale_factor,
            antialias) -> str:  # fmt: skip
    if antialias:
        g.unsupported("interpolate with antialias=True (ONNX Resize's antialias differs)")
    if mode == "area":
        sizes, _ = _output_size(input, size, scale_factor, mode, recompute_scale_factor)
        return _adaptive(g, input, sizes, input.ndim - 2, "Average")
    if mode in ("nearest", "nearest-exact"):
        attrs = dict(mode="nearest")
        if mode == "nearest":  # src = floor(dst / scale)
            attrs.update(coordinate_transformation_mode="asymmetric", nearest_mode="floor")
        else:  # src = floor((dst + 0.5) / scale)
            attrs.update(coordinate_transformation_mode="half_pixel",
                         nearest_mode="round_prefer_ceil")  # fmt: skip
    elif mode in _LINEAR or mode == "bicubic":
        attrs = dict(mode="linear" if mode in _LINEAR else "cubic")
        attrs["coordinate_transformation_mode"] = (
            "align_corners" if align_corners else "pytorch_half_pixel"
        )
        if mode == "bicubic":
            attrs["cubic_coeff_a"] = -0.75
    else:
        g.unsupported(f"interpolate mode '{mode}'")
    sizes, scales = _output_size(input, size, scale_factor, mode, recompute_scale_factor)
    x = g.value(input)
    empty = g.const(np.zeros(0, dtype=np.float32), "empty")
    roi = empty if g.opset < 13 else ""
    if all(s is not None for s in scales) and not align_corners:
        # (the scale itself, not out/in: PyTorch maps coordinates with 1 / scale_factor)
        factors = g.const(np.array([1.0, 1.0, *scales], dtype=np.float32), "scales")
        return g.node("Resize", [x, roi, factors], **attrs)
    target = g.node("Concat", [_lead(g, x, input.ndim, len(sizes)), g.ints(sizes)], axis=0)
    return g.node("Resize", [x, roi, empty if g.opset < 13 else "", target], **attrs)


@converts("interpolate")
def interpolate(g, input, size=None, scale_factor=None, mode="nearest", align_corners=None,
                recompute_scale_factor=None, antialias=False):  # fmt: skip
    return _resize(g, input, size, scale_factor, mode, align_corners, recompute_scale_factor,
                   antialias)  # fmt: skip


@converts("upsample")
def upsample(g, input, size=None, scale_factor=None, mode="nearest", align_corners=None):
    return _resize(g, input, size, scale_factor, mode, align_corners, None, False)


@converts("upsample_nearest")
def upsample_nearest(g, input, size=None, scale_factor=None):
    return _resize(g, input, size, scale_factor, "nearest", None, None, False)


@converts("upsample_bilinear")
def upsample_bilinear(g, input, size=None, scale_factor=None):
    return _resize(g, input, size, scale_factor, "bilinear", True, None, False)


# ---- rearranging -------------------------------------------------------------------------


@converts("pixel_shuffle")
def pixel_shuffle(g, input, upscale_factor):
    r = int(upscale_factor)
    x, (c, h, w) = g.value(input), input.shape[-3:]
    if input.ndim == 4:
        return g.node("DepthToSpace", [x], blocksize=r, mode="CRD")
    flat = g.node("Reshape", [x, g.ints([-1, c, h, w])])
    out = g.node("DepthToSpace", [flat], blocksize=r, mode="CRD")
    shape = g.node("Concat", [_lead(g, x, input.ndim, 3), g.ints([c // (r * r), h * r, w * r])],
                   axis=0)  # fmt: skip
    return g.node("Reshape", [out, shape])


@converts("pixel_unshuffle")
def pixel_unshuffle(g, input, downscale_factor):
    # (ONNX SpaceToDepth orders the channels block-first; PyTorch channel-first)
    r = int(downscale_factor)
    x, (c, h, w) = g.value(input), input.shape[-3:]
    split = g.node("Reshape", [x, g.ints([-1, c, h // r, r, w // r, r])])
    moved = g.node("Transpose", [split], perm=[0, 1, 3, 5, 2, 4])
    shape = g.node("Concat", [_lead(g, x, input.ndim, 3), g.ints([c * r * r, h // r, w // r])],
                   axis=0)  # fmt: skip
    return g.node("Reshape", [moved, shape])


@converts("channel_shuffle")
def channel_shuffle(g, input, groups):
    x, c = g.value(input), input.shape[1]
    split = g.node("Reshape", [x, g.ints([0, int(groups), c // int(groups), -1])])
    moved = g.node("Transpose", [split], perm=[0, 2, 1, 3])
    return g.node("Reshape", [moved, g.node("Shape", [x])])


# ---- grids -------------------------------------------------------------------------------


def _steps(n: int, align_corners: bool) -> np.ndarray:
    """The normalized coordinates of ``n`` points along an axis (PyTorch's affine_grid)."""
    if n <= 1:
        return np.zeros(max(n, 0))
    steps = np.linspace(-1.0, 1.0, n)
    return steps if align_corners else steps * (n - 1) / n


@converts("affine_grid")
def affine_grid(g, theta, size, align_corners=None):
    spatial = [int(s) for s in list(size)[2:]]
    dims = len(spatial)
    # base[p] = (x, y[, z], 1) of each output point p, x along the last axis
    axes = [_steps(n, bool(align_corners)) for n in reversed(spatial)]
    columns = []
    for k, axis in enumerate(axes):
        shape = [1] * dims
        shape[dims - 1 - k] = axis.shape[0]
        columns.append(np.broadcast_to(axis.reshape(shape), spatial))
    columns.append(np.ones(spatial))
    dtype = np.dtype(str(theta.dtype).replace("numtensor.", ""))
    base = g.const(np.stack(columns, -1).reshape(-1, dims + 1).astype(dtype), "grid")
    t = g.value(theta)
    grid = g.node("MatMul", [base, g.node("Transpose", [t], perm=[0, 2, 1])])
    return g.node("Reshape", [grid, g.ints([-1, *spatial, dims])])


@converts("grid_sample")
def grid_sample(g, input, grid, mode="bilinear", padding_mode="zeros", align_corners=None):
    if g.opset < 16:
        g.unsupported("grid_sample needs opset 16 or newer (ONNX GridSample)")
    if input.ndim == 5 and g.opset < 20:
        g.unsupported("grid_sample of a 5-D input needs opset 20 or newer")
    if g.opset >= 20:
        mode = {"bilinear": "linear", "bicubic": "cubic"}.get(mode, mode)
    return g.node("GridSample", [g.value(input), g.value(grid)], mode=mode,
                  padding_mode=padding_mode, align_corners=int(bool(align_corners)))  # fmt: skip
