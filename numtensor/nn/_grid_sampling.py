"""``affine_grid`` and ``grid_sample``: sampling grids and sampling an input at them
(bilinear/trilinear, nearest, bicubic; zeros, border or reflection padding), composed of
index_select and elementwise ops, so gradients reach both the input and the grid."""

from __future__ import annotations

import itertools
import math
import warnings

import numtensor as _nt

from .._dtype import type_name
from .._tensor_base import Tensor
from ..autograd.function import name_node
from ._cubic import cubic_coefficients

_DEFAULT_CHANGED = (
    "Default grid_sample and affine_grid behavior has changed to align_corners=False since "
    "1.3.0. Please specify align_corners=True if the old behavior is desired. See the "
    "documentation of grid_sample for details."
)


def _steps(n: int, align_corners: bool, like: Tensor) -> Tensor:
    """n points spanning [-1, 1] (pixel corners) or their centres, as PyTorch's
    linspace_from_neg_one."""
    if n <= 1:
        return like.new_zeros((1,))
    points = _nt.linspace(-1, 1, n, dtype=like.dtype, device=like.device)
    return points if align_corners else points * (n - 1) / n


def affine_grid(theta: Tensor, size, align_corners=None) -> Tensor:
    r"""Generates a sampling grid of normalised coordinates in [-1, 1] from a batch of affine
    matrices ``theta``, for :func:`grid_sample`.

    Args:
        theta (Tensor): :math:`(N, 2, 3)` (2-D) or :math:`(N, 3, 4)` (3-D).
        size (list of ints): the target output size :math:`(N, C, H, W)` or :math:`(N, C, D, H, W)`.
        align_corners (bool, optional): treat -1 and 1 as the corner pixels' centres. Default:
            ``False``.

    Returns:
        Tensor: :math:`(N, H, W, 2)` (or :math:`(N, D, H, W, 3)`).

    Example::

        >>> import numtensor.nn.functional as F
        >>> theta = torch.tensor([[[1., 0., 0.], [0., 1., 0.]]])
        >>> F.affine_grid(theta, [1, 1, 2, 2], align_corners=False)
        tensor([[[[-0.5000, -0.5000],
                  [ 0.5000, -0.5000]],
        <BLANKLINE>
                 [[-0.5000,  0.5000],
                  [ 0.5000,  0.5000]]]])
    """
    if align_corners is None:
        warnings.warn(_DEFAULT_CHANGED, stacklevel=2)
        align_corners = False
    if not theta.is_floating_point():
        raise ValueError(f"Expected theta to have floating point type, but got {theta.dtype}")
    size = [int(s) for s in size]
    if len(size) == 4:
        if theta.dim() != 3 or theta.shape[-2] != 2 or theta.shape[-1] != 3:
            raise ValueError(
                f"Expected a batch of 2D affine matrices of shape Nx2x3 for size {tuple(size)}. "
                f"Got {theta.shape}."
            )
    elif len(size) == 5:
        if theta.dim() != 3 or theta.shape[-2] != 3 or theta.shape[-1] != 4:
            raise ValueError(
                f"Expected a batch of 3D affine matrices of shape Nx3x4 for size {tuple(size)}. "
                f"Got {theta.shape}."
            )
    else:
        raise NotImplementedError(
            "affine_grid only supports 4D and 5D sizes, for 2D and 3D affine transforms, "
            f"respectively. Got size {tuple(size)}."
        )
    spatial = size[2:]
    if align_corners and min(spatial) == 1:
        warnings.warn(
            "Since version 1.3.0, affine_grid behavior has changed for unit-size grids when "
            "align_corners=True. This is not an intended use case of affine_grid. See the "
            "documentation of affine_grid for details.",
            stacklevel=2,
        )
    elif min(size) <= 0:
        raise ValueError(f"Expected non-zero, positive output size. Got {tuple(size)}")
    batch, dims = size[0], len(spatial)
    if theta.shape[0] != batch:
        raise RuntimeError(
            f"Expected size for first two dimensions of batch2 tensor to be: "
            f"[{batch}, {dims + 1}] but got: [{theta.shape[0]}, {dims + 1}]."
        )
    # base[..., k]: the k-th coordinate (x, y[, z]) of each output point, then a 1
    axes = [_steps(n, align_corners, theta) for n in reversed(spatial)]
    columns = []
    for k, axis in enumerate(axes):
        shape = [1] * dims
        shape[dims - 1 - k] = axis.shape[0]
        columns.append(axis.reshape(shape).expand(*spatial))
    columns.append(theta.new_ones(spatial))
    base = _nt.stack(columns, -1).reshape(1, -1, dims + 1).expand(batch, -1, dims + 1)
    grid = base.bmm(theta.transpose(1, 2))
    return grid.reshape(batch, *spatial, dims)


def _unnormalize(coord: Tensor, size: int, align_corners: bool) -> Tensor:
    if align_corners:
        return (coord + 1) / 2 * (size - 1)
    return ((coord + 1) * size - 1) / 2


def _clip(coord: Tensor, size: int) -> Tensor:
    """Clamped into [0, size - 1]; no gradient at or beyond the borders (as PyTorch)."""
    top = size - 1
    inside = (coord > 0) & (coord < top)
    return _nt.where(inside, coord, coord.detach().clamp(0, top))


def _reflect(coord: Tensor, twice_low: int, twice_high: int) -> Tensor:
    """Reflected off the bounds twice_low / 2 and twice_high / 2 until inside them."""
    if twice_low == twice_high:
        return coord * 0  # (still connected: a zero gradient, as PyTorch's)
    low = twice_low / 2
    span = (twice_high - twice_low) / 2
    shifted = coord - low
    distance = _nt.where(shifted < 0, -shifted, shifted)
    extra = distance.fmod(span)
    flips = (distance.detach() / span).floor()
    even = flips.fmod(2) == 0
    return _nt.where(even, extra + low, span - extra + low)


def _padded(coord: Tensor, size: int, padding_mode: str, align_corners: bool) -> Tensor:
    """PyTorch's compute_coordinates: the source coordinate after the padding mode."""
    if padding_mode == "border":
        return _clip(coord, size)
    if padding_mode == "reflection":
        if align_corners:
            coord = _reflect(coord, 0, 2 * (size - 1))
        else:
            coord = _reflect(coord, -1, 2 * size - 1)
        return _clip(coord, size)
    return coord


class _Taps:
    """Looks up the input's channel vectors at integer source positions (zero outside)."""

    def __init__(self, input: Tensor, points: int) -> None:
        batch, channels, *self.sizes = input.shape
        dims = len(self.sizes)
        rows = math.prod(self.sizes)
        table = input.permute(0, *range(2, dims + 2), 1).reshape(batch * rows, channels)
        self.table = _nt.cat([table, table.new_zeros((1, channels))])
        self.outside = batch * rows
        start = _nt.arange(batch, device=input.device) * rows
        self.start = start.reshape(batch, 1).expand(batch, points).reshape(-1)

    def __call__(self, positions: list) -> Tensor:
        """``positions``: one int64 tensor [batch * points] per spatial dim."""
        flat, stride = self.start, 1
        valid = None
        for pos, size in zip(reversed(positions), reversed(self.sizes)):
            inside = (pos >= 0) & (pos < size)
            valid = inside if valid is None else valid & inside
            flat = flat + pos * stride
            stride *= size
        index = _nt.where(valid, flat, _nt.full_like(flat, self.outside))
        return self.table.index_select(0, index)


def _check(input: Tensor, grid: Tensor, mode: str) -> None:
    if input.device != grid.device:
        raise RuntimeError(
            "grid_sampler(): expected input and grid to be on same device, but input is on "
            f"{input.device} and grid is on {grid.device}"
        )
    if input.dim() == 0 or grid.dim() == 0 or input.shape[0] != grid.shape[0]:
        raise RuntimeError(
            "grid_sampler(): expected grid and input to have same batch size, but got input "
            f"with sizes {list(input.shape)} and grid with sizes {list(grid.shape)}"
        )
    if grid.shape[-1] != input.dim() - 2:
        raise RuntimeError(
            f"grid_sampler(): expected grid to have size {input.dim() - 2} in last dimension, "
            f"but got grid with sizes {list(grid.shape)}"
        )
    for i in range(2, input.dim()):
        if input.shape[i] <= 0:
            raise RuntimeError(
                "grid_sampler(): expected input to have non-empty spatial dimensions, but input "
                f"has sizes {list(input.shape)} with dimension {i} being empty"
            )
    want = 4 if input.dim() == 4 else 5
    if input.dim() != want or grid.dim() != want:
        raise RuntimeError(
            f"grid_sampler(): expected {want}D input and grid with same number of dimensions, "
            f"but got input with sizes {list(input.shape)} and grid with sizes "
            f"{list(grid.shape)}"
        )
    if want == 5 and mode == "bicubic":
        raise RuntimeError("grid_sampler(): bicubic interpolation only supports 4D input")
    if not input.is_floating_point():
        kernel = "grid_sampler_2d_cpu_kernel_impl" if want == 4 else "grid_sampler_3d_cpu"
        raise NotImplementedError(f"\"{kernel}\" not implemented for '{type_name(input.dtype)}'")
    if grid.dtype != input.dtype:
        raise RuntimeError(
            f"expected scalar type {type_name(input.dtype)} but found {type_name(grid.dtype)}"
        )


def grid_sample(input: Tensor, grid: Tensor, mode: str = "bilinear", padding_mode: str = "zeros",
                align_corners=None) -> Tensor:  # fmt: skip
    r"""Samples ``input`` at the normalised ``grid`` locations (x, y in [-1, 1]) by bilinear,
    nearest or bicubic interpolation.

    Args:
        input (Tensor): :math:`(N, C, H, W)` (or 5-D).
        grid (Tensor): :math:`(N, H_{out}, W_{out}, 2)` (or 5-D).
        mode (str): ``'bilinear'``, ``'nearest'`` or ``'bicubic'``. Default: ``'bilinear'``.
        padding_mode (str): ``'zeros'``, ``'border'`` or ``'reflection'``. Default: ``'zeros'``.
        align_corners (bool, optional): Default: ``False``.

    Returns:
        Tensor: :math:`(N, C, H_{out}, W_{out})`.

    Example::

        >>> import numtensor.nn.functional as F
        >>> grid = torch.tensor([[[[0., 0.], [-1., -1.]]]])
        >>> F.grid_sample(torch.arange(16.).reshape(1, 1, 4, 4), grid, align_corners=True)
        tensor([[[[7.5000, 0.0000]]]])
    """
    if mode not in ("bilinear", "nearest", "bicubic"):
        raise ValueError(
            "nn.functional.grid_sample(): expected mode to be 'bilinear', 'nearest' or "
            f"'bicubic', but got: '{mode}'"
        )
    if padding_mode not in ("zeros", "border", "reflection"):
        raise ValueError(
            "nn.functional.grid_sample(): expected padding_mode to be 'zeros', 'border', or "
            f"'reflection', but got: '{padding_mode}'"
        )
    if align_corners is None:
        warnings.warn(_DEFAULT_CHANGED, stacklevel=2)
        align_corners = False
    _check(input, grid, mode)
    batch, channels, *sizes = input.shape
    dims = len(sizes)
    out_spatial = list(grid.shape[1:-1])
    points = math.prod(out_spatial)
    flat_grid = grid.reshape(batch * points, dims)
    taps = _Taps(input, points)
    # coords[j]: the source coordinate along spatial dim j (grid's last entry is dim 0's)
    coords = [_unnormalize(flat_grid[:, dims - 1 - j], sizes[j], align_corners)
              for j in range(dims)]  # fmt: skip
    if mode == "bicubic":
        out = _bicubic(taps, coords, sizes, padding_mode, align_corners)
    else:
        coords = [_padded(c, n, padding_mode, align_corners) for c, n in zip(coords, sizes)]
        if mode == "nearest":
            out = taps([c.detach().round().to(_nt.int64) for c in coords])
        else:
            out = _linear(taps, coords)
    out = out.reshape(batch, *out_spatial, channels)
    out = out.permute(0, dims + 1, *range(1, dims + 1)).contiguous()
    return name_node(out, f"GridSampler{dims}DBackward0")


def _linear(taps: _Taps, coords: list) -> Tensor:
    """Bilinear/trilinear: the 2^dims neighbours, weighted by the opposite volumes."""
    low = [c.detach().floor() for c in coords]
    out = None
    # PyTorch's corner order (nw, ne, sw, se; top then bottom): x varies fastest
    for corner in itertools.product((0, 1), repeat=len(coords)):
        weight = None
        for c, lo, high in reversed(list(zip(coords, low, corner))):
            w = c - lo if high else lo + 1 - c
            weight = w if weight is None else weight * w
        value = taps([(lo + high).to(_nt.int64) for lo, high in zip(low, corner)])
        term = value * weight.unsqueeze(1)
        out = term if out is None else out + term
    return out


def _bicubic(taps: _Taps, coords: list, sizes: list, padding_mode: str, align_corners: bool):
    """Bicubic (4x4 taps, A = -0.75): rows along x first, then the column along y; each tap
    position goes through the padding mode and is zero outside."""
    iy, ix = coords
    y0, x0 = iy.detach().floor(), ix.detach().floor()
    wx = cubic_coefficients(ix - x0)
    wy = cubic_coefficients(iy - y0)
    h, w = sizes
    xs = [_padded(x0 + (k - 1), w, padding_mode, align_corners).to(_nt.int64) for k in range(4)]
    ys = [_padded(y0 + (k - 1), h, padding_mode, align_corners).to(_nt.int64) for k in range(4)]
    out = None
    for ky in range(4):
        row = None
        for kx in range(4):
            term = taps([ys[ky], xs[kx]]) * wx[kx].unsqueeze(1)
            row = term if row is None else row + term
        term = row * wy[ky].unsqueeze(1)
        out = term if out is None else out + term
    return out


__all__ = ["affine_grid", "grid_sample"]
