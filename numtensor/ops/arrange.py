"""Rearranging ops, composed of views, cat, flip and gather (so CPU, CUDA and gradients come
with them): roll, rot90, fliplr/flipud, tile, repeat_interleave, meshgrid, block_diag,
cartesian_prod, combinations, tril/triu_indices, diag_embed, diagflat, take_along_dim,
h/v/dsplit, split_with_sizes, unravel_index, vander, diff."""

from __future__ import annotations

import itertools
import warnings

from .. import _dtype
from .._tensor_base import Tensor
from .conversion import to_out
from .registry import op


def _dim(d: int, n: int, name: str = "dim") -> int:
    if not -max(n, 1) <= d < max(n, 1):
        raise IndexError(
            f"Dimension out of range (expected to be in range of [{-max(n, 1)}, {max(n, 1) - 1}],"
            f" but got {d})"
        )
    return d % max(n, 1)


def _ints(v) -> tuple:
    return (v,) if isinstance(v, int) else tuple(v)


@op("roll")
def roll(input, shifts, dims=None):
    """Elements shifted along ``dims`` (the flattened tensor without dims), wrapping around."""
    from .joining import cat

    shifts, dims = _ints(shifts), (None if dims is None else _ints(dims))
    if dims is None:
        if len(shifts) != 1:
            raise RuntimeError(f"shifts and dimensions must align. shifts: {len(shifts)}, dims:0")
        return roll(input.flatten(), shifts, 0).view(input.shape)
    if len(shifts) != len(dims):
        raise RuntimeError(
            f"shifts and dimensions must align. shifts: {len(shifts)}, dims:{len(dims)}"
        )
    out = input
    for shift, d in zip(shifts, dims):
        d = _dim(d, input.ndim)
        n = input.shape[d] if input.ndim else 1
        s = shift % n if n else 0
        if s:
            out = cat([out.narrow(d, n - s, s), out.narrow(d, 0, n - s)], d)
    return out if out is not input else input.clone()


@op("rot90")
def rot90(input, k: int = 1, dims=(0, 1)):
    """Rotated by 90 degrees ``k`` times, from the first of ``dims`` towards the second."""
    dims = _ints(dims)
    if len(dims) != 2:
        raise RuntimeError(f"expected total rotation dims == 2, but got dims = {len(dims)}")
    if input.ndim < 2:
        raise RuntimeError(f"expected total dims >= 2, but got total dims = {input.ndim}")
    a, b = _dim(dims[0], input.ndim), _dim(dims[1], input.ndim)
    if a == b:
        raise RuntimeError(
            f"expected rotation dims to be different, but got dim0 = {a} and dim1 = {b}"
        )
    k %= 4
    if k == 1:
        return input.flip(b).transpose(a, b)
    if k == 2:
        return input.flip((a, b))
    if k == 3:
        return input.flip(a).transpose(a, b)
    return input.clone()


@op("fliplr")
def fliplr(input):
    if input.ndim < 2:
        raise RuntimeError("Input must be >= 2-d.")
    return input.flip(1)


@op("flipud")
def flipud(input):
    if input.ndim < 1:
        raise RuntimeError("Input must be >= 1-d.")
    return input.flip(0)


@op("tile")
def tile(input, dims):
    """``repeat`` with ``dims`` padded with leading ones to the tensor's dims."""
    dims = _ints(dims)
    if len(dims) < input.ndim:
        dims = (1,) * (input.ndim - len(dims)) + dims
    return input.repeat(dims)


@op("repeat_interleave")
def repeat_interleave(input, repeats=None, dim=None, *, output_size=None):
    """Each element repeated ``repeats`` times along ``dim`` (the flattened tensor without)."""
    from .creation import arange, tensor

    if repeats is None:  # repeat_interleave(counts): arange(len(counts)) repeated by counts
        counts = input
        return repeat_interleave(arange(counts.numel(), device=counts.device), counts)
    x = input.flatten() if dim is None else input
    d = 0 if dim is None else _dim(dim, x.ndim)
    if isinstance(repeats, Tensor) and repeats.numel() != 1:
        if repeats.ndim != 1 or repeats.numel() != x.shape[d]:
            raise RuntimeError("repeats must have the same size as input along dim")
        counts = repeats.tolist()
        if any(c < 0 for c in counts):
            raise RuntimeError("repeats can not be negative")
        index = [i for i, c in enumerate(counts) for _ in range(c)]
        return x.index_select(d, tensor(index, dtype=_dtype.int64, device=x.device))
    r = int(repeats.item() if isinstance(repeats, Tensor) else repeats)
    if r < 0:
        raise RuntimeError("repeats can not be negative")
    if x.ndim == 0:
        x = x.reshape(1)
    shape = list(x.shape)
    spread = x.unsqueeze(d + 1).expand(*shape[: d + 1], r, *shape[d + 1 :])
    return spread.reshape(*shape[:d], shape[d] * r, *shape[d + 1 :])


@op("meshgrid", method=False)
def meshgrid(*tensors, indexing=None):
    """Coordinate grids of 1-d tensors ('ij': the first varies along dim 0; 'xy': swapped)."""
    if len(tensors) == 1 and isinstance(tensors[0], (list, tuple)):
        tensors = tuple(tensors[0])
    if indexing is None:
        warnings.warn(
            "torch.meshgrid: in an upcoming release, it will be required to pass the indexing "
            "argument.",
            UserWarning,
            stacklevel=2,
        )
        indexing = "ij"
    if indexing not in ("ij", "xy"):
        raise RuntimeError(
            f'torch.meshgrid: indexing must be one of "xy" or "ij", but received: {indexing}'
        )
    for t in tensors:
        if t.ndim > 1:
            raise RuntimeError(
                f"torch.meshgrid: Expected 0D or 1D tensor in the tensor list but got: {t}"
            )
    if any(t.dtype is not tensors[0].dtype for t in tensors):
        raise RuntimeError("meshgrid expects all tensors to have the same dtype")
    if any(t.device != tensors[0].device for t in tensors):
        raise RuntimeError("meshgrid expects all tensors to have the same device")
    flat = [t.reshape(-1) for t in tensors]
    swap = indexing == "xy" and len(flat) >= 2
    if swap:
        flat[0], flat[1] = flat[1], flat[0]
    shape = [t.numel() for t in flat]
    grids = []
    for i, t in enumerate(flat):
        view = [1] * len(flat)
        view[i] = shape[i]
        grids.append(t.reshape(view).expand(shape))
    if swap:
        grids[0], grids[1] = grids[1], grids[0]
    return tuple(grids)


@op("block_diag", method=False)
def block_diag(*tensors):
    """The tensors (0-, 1- or 2-d) along the diagonal of one matrix, zeros elsewhere."""
    from .creation import zeros
    from .joining import cat

    blocks = []
    for i, t in enumerate(tensors):
        if t.ndim > 2:
            raise RuntimeError(
                f"torch.block_diag: Input tensors must have 2 or fewer dimensions. Input {i} "
                f"has {t.ndim} dimensions"
            )
        blocks.append(t.reshape(1, -1) if t.ndim < 2 else t)
    if not blocks:
        return zeros(1, 0)
    dtype = _dtype.result_type(*blocks)
    width = sum(b.shape[1] for b in blocks)
    rows, left = [], 0
    for b in blocks:
        r, c = b.shape
        parts = [zeros(r, left, dtype=dtype, device=b.device), b.to(dtype),
                 zeros(r, width - left - c, dtype=dtype, device=b.device)]  # fmt: skip
        rows.append(cat(parts, 1))
        left += c
    return cat(rows, 0)


@op("cartesian_prod", method=False)
def cartesian_prod(*tensors):
    """Every combination of one element from each 1-d tensor, as rows."""
    from .joining import stack

    if len(tensors) == 1:
        return tensors[0]
    grids = meshgrid(*tensors, indexing="ij")
    return stack([g.reshape(-1) for g in grids], 1)


@op("combinations")
def combinations(input, r: int = 2, with_replacement: bool = False):
    """The length-``r`` combinations of a 1-d tensor's elements, as rows."""
    from .creation import empty, tensor
    from .joining import stack

    if input.ndim != 1:
        raise RuntimeError(f"Expect a 1D vector, but got shape {list(input.shape)}")
    if r < 0:
        raise RuntimeError(f"Expect a non-negative number, but got {r}")
    if r == 0:
        return empty(0, dtype=input.dtype, device=input.device)
    pick = itertools.combinations_with_replacement if with_replacement else itertools.combinations
    rows = list(pick(range(input.shape[0]), r))
    if not rows:
        return empty(0, r, dtype=input.dtype, device=input.device)
    index = tensor(rows, dtype=_dtype.int64, device=input.device)
    return stack([input.index_select(0, index[:, j]) for j in range(r)], 1)


def _triangle_indices(lower: bool, row: int, col: int, offset: int, dtype, device):
    from .creation import tensor

    if row < 0 or col < 0:
        raise RuntimeError(
            f"row must be non-negative, got{row}"
            if row < 0
            else f"col must be non-negative, got{col}"
        )
    pairs = [
        (i, j)
        for i in range(row)
        for j in range(col)
        if (j - i <= offset if lower else j - i >= offset)
    ]
    rows = [p[0] for p in pairs]
    cols = [p[1] for p in pairs]
    return tensor([rows, cols], dtype=dtype or _dtype.int64, device=device).reshape(2, len(pairs))


@op("tril_indices", method=False)
def tril_indices(row: int, col: int, offset: int = 0, *, dtype=None, device=None, layout=None):
    """The (row, column) indices of the lower triangle of a row x col matrix, as 2 rows."""
    return _triangle_indices(True, row, col, offset, dtype, device)


@op("triu_indices", method=False)
def triu_indices(row: int, col: int, offset: int = 0, *, dtype=None, device=None, layout=None):
    return _triangle_indices(False, row, col, offset, dtype, device)


@op("diag_embed")
def diag_embed(input, offset: int = 0, dim1: int = -2, dim2: int = -1):
    """Matrices (over the new dims ``dim1``, ``dim2``) whose ``offset`` diagonal is the last
    dim of ``input``."""
    from .creation import arange, zeros

    n = input.shape[-1] if input.ndim else 1
    x = input.reshape(1) if input.ndim == 0 else input
    m = n + abs(offset)
    lead = tuple(x.shape[:-1])
    a, b = _dim(dim1, x.ndim + 1), _dim(dim2, x.ndim + 1)
    if a == b:
        raise RuntimeError(f"diagonal dimensions cannot be identical {dim1}, {dim2}")
    rows = arange(n, device=x.device) + max(0, -offset)
    cols = arange(n, device=x.device) + max(0, offset)
    index = (rows * m + cols).expand(*lead, n)
    flat = zeros(*lead, m * m, dtype=x.dtype, device=x.device).scatter(-1, index, x)
    out = flat.reshape(*lead, m, m)  # dims (..., dim1, dim2) at the end
    order = list(range(len(lead)))
    full = [None] * (len(lead) + 2)
    full[a], full[b] = len(lead), len(lead) + 1
    rest = iter(order)
    full = [next(rest) if f is None else f for f in full]
    return out.permute(*full)


@op("diagflat")
def diagflat(input, offset: int = 0):
    from .linalg import diag

    return diag(input.reshape(-1), offset)


@op("take_along_dim")
def take_along_dim(input, indices, dim=None, *, out=None):
    """Values at ``indices`` along ``dim`` (the flattened tensor without), broadcast."""
    if dim is None:
        result = input.reshape(-1).gather(0, indices.reshape(-1))
    else:
        d = _dim(dim, input.ndim)
        shape_in, shape_ix = list(input.shape), list(indices.shape)
        if len(shape_in) != len(shape_ix):
            raise RuntimeError(
                f"torch.take_along_dim(): input and indices should have the same number of "
                f"dimensions, but got {len(shape_in)} dimensions for input, and "
                f"{len(shape_ix)} dimensions for indices"
            )
        from .._size import Size

        common = [max(a, b) for a, b in zip(shape_in, shape_ix)]
        common_in, common_ix = list(common), list(common)
        common_in[d], common_ix[d] = shape_in[d], shape_ix[d]
        result = input.expand(Size(common_in)).gather(d, indices.expand(Size(common_ix)))
    return to_out(result, out)


def _split_along(name: str, dim: int, input, sections):
    if isinstance(sections, int) and input.shape[dim] % sections:
        raise RuntimeError(
            f"torch.{name} attempted to split along dimension {dim}, but the size of the "
            f"dimension {input.shape[dim]} is not divisible by the split_size {sections}!"
        )
    return input.tensor_split(sections, dim)


@op("hsplit")
def hsplit(input, indices_or_sections):
    if input.ndim < 1:
        raise RuntimeError(
            "torch.hsplit requires a tensor with at least 1 dimension, but got a tensor with 0 "
            "dimensions!"
        )
    return _split_along("hsplit", 1 if input.ndim > 1 else 0, input, indices_or_sections)


def _split_from(name: str, dim: int, least: int):
    """``torch.vsplit``/``dsplit``: tensor_split along ``dim`` of a tensor of ``least`` dims."""

    def split(input, indices_or_sections):
        if input.ndim < least:
            raise RuntimeError(
                f"torch.{name} requires a tensor with at least {least} dimension, but got a "
                f"tensor with {input.ndim} dimensions!"
            )
        return _split_along(name, dim, input, indices_or_sections)

    split.__name__ = name
    return op(name)(split)


vsplit = _split_from("vsplit", 0, 2)
dsplit = _split_from("dsplit", 2, 3)


@op("split_with_sizes")
def split_with_sizes(input, split_sizes, dim: int = 0):
    if sum(split_sizes) != input.shape[_dim(dim, input.ndim)]:
        raise RuntimeError(
            f"split_with_sizes expects split_sizes to sum exactly to {input.shape[dim]} "
            f"(input tensor's size at dimension {dim}), but got split_sizes={list(split_sizes)}"
        )
    return input.split(list(split_sizes), dim)


@op("unravel_index", method=False)
def unravel_index(indices, shape):
    """The coordinates in a tensor of ``shape`` of flat ``indices``, one tensor per dim."""
    shape = _ints(shape)
    if not isinstance(indices, Tensor):
        raise TypeError(f"expected 'indices' to be a tensor, but got {type(indices)}")
    if indices.dtype.is_floating_point or indices.dtype is _dtype.bool_:
        raise TypeError(
            f"expected 'indices' to be integer dtype, but got {indices.dtype}".replace(
                "numtensor", "torch"
            )
        )
    if any(s < 0 for s in shape):
        raise ValueError("'shape' cannot have negative values, but got " + str(shape))
    coords, rest = [], indices
    for size in reversed(shape):
        coords.append(rest.remainder(size) if size else rest * 0)
        rest = rest.div(size, rounding_mode="floor") if size else rest
    return tuple(reversed(coords))


@op("vander", method=False)
def vander(x, N=None, increasing: bool = False):
    """Columns of powers of ``x`` (decreasing from N-1 unless ``increasing``)."""
    from .creation import arange

    if x.ndim != 1:
        raise RuntimeError("x must be a one-dimensional tensor.")
    n = x.shape[0] if N is None else N
    if n < 0:
        raise RuntimeError("N must be non-negative.")
    base = x if x.dtype.is_floating_point else x.to(_dtype.int64)
    powers = arange(n, device=x.device)
    out = base.unsqueeze(1) ** powers.to(base.dtype)
    return out if increasing else out.flip(1)


@op("diff")
def diff(input, n: int = 1, dim: int = -1, prepend=None, append=None):
    """The n-th forward difference along ``dim`` (``!=`` for bool tensors)."""
    from .joining import cat

    if input.ndim == 0:
        raise RuntimeError("diff expects input to be at least one-dimensional")
    if n < 0:
        raise RuntimeError(f"order must be non-negative but got {n}")
    d = _dim(dim, input.ndim)
    parts = [t for t in (prepend, input, append) if t is not None]
    x = cat(parts, d) if len(parts) > 1 else input
    for _ in range(n):
        size = x.shape[d]
        if size == 0:
            break
        later, earlier = x.narrow(d, 1, size - 1), x.narrow(d, 0, size - 1)
        x = later != earlier if x.dtype is _dtype.bool_ else later - earlier
    return x
