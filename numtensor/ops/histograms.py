"""Histograms with bin edges: ``histogram`` (one dimension) and ``histogramdd`` (the last
dim of the input holds the coordinates), as PyTorch computes them.

An element falls in bin i when ``edges[i] <= x < edges[i + 1]`` (the last bin also takes
its right edge); elements outside the edges, and NaNs, are not counted. Equal-width edges
span the input's range (widened by 0.5 either way when it is a single value, [0, 1] for an
empty input) unless ``range`` is given.
"""

from __future__ import annotations

import math

from .. import return_types
from .._dtype import type_name
from .._tensor_base import Tensor
from .out_variants import Out
from .registry import op

histogram_type = return_types._make("histogram", "hist", "bin_edges")
histogramdd_type = return_types._make("histogramdd", "hist", "bin_edges")


def _check_input(input) -> None:
    if not isinstance(input, Tensor):
        raise TypeError(f"histogram(): argument 'input' must be Tensor, not {type(input).__name__}")
    if not input.dtype.is_floating_point:
        raise NotImplementedError(f"\"histogramdd\" not implemented for '{type_name(input.dtype)}'")


def _edges(column: Tensor, bins, bounds, k: int) -> Tensor:
    """Dimension k's bin edges: the given tensor, or ``bins + 1`` equal-width edges."""
    from .creation import linspace

    if isinstance(bins, Tensor):
        if bins.ndim != 1 or bins.numel() < 1:
            raise RuntimeError(
                f"torch.histogramdd: bins tensor should have one dimension and at least 1 "
                f"element, but got {bins.ndim} dimensions and {bins.numel()} elements"
            )
        if bins.dtype is not column.dtype:
            raise RuntimeError(
                "torch.histogramdd: input tensor and bins tensors should have the same dtype, "
                f"but got input {type_name(column.dtype)} and bins {type_name(bins.dtype)}"
            )
        return bins
    bins = int(bins)
    if bins <= 0:
        raise RuntimeError(
            f"torch.histogramdd(): bins must be > 0, but got {bins} for dimension {k}"
        )
    if bounds is not None:
        low, high = float(bounds[0]), float(bounds[1])
    elif column.numel():
        low, high = column.min().item(), column.max().item()
    else:
        low, high = 0.0, 1.0
    if low > high:
        raise RuntimeError(
            f"torch.histogramdd: min should not exceed max, but got min {low:g} max {high:g} "
            f"for dimension {k}"
        )
    if not (math.isfinite(low) and math.isfinite(high)):
        raise RuntimeError(
            f"torch.histogramdd: dimension {k}'s range [{low:g}, {high:g}] is not finite"
        )
    if low == high:
        low, high = low - 0.5, high + 0.5
    return linspace(low, high, bins + 1, dtype=column.dtype, device=column.device)


def _bin_of(column: Tensor, edges: Tensor) -> tuple[Tensor, Tensor]:
    """(each element's bin, whether it is inside the edges)."""
    n = edges.numel() - 1
    from .binning import searchsorted

    position = searchsorted(edges, column.contiguous(), right=True) - 1
    inside = (column >= edges[0]) & (column <= edges[-1])
    return position.clamp(0, max(n - 1, 0)), inside


def _histogramdd(points: Tensor, bins: list, bounds, weight, density: bool):
    from .creation import zeros

    count = points.shape[-1]
    rows = points.reshape(-1, count)
    if weight is not None and tuple(weight.shape) != tuple(points.shape[:-1]):
        raise RuntimeError(
            "torch.histogramdd: if weight tensor is provided it should have the same shape as "
            f"the input tensor excluding its innermost dimension, but got input with shape "
            f"{tuple(points.shape)} and weight with shape {tuple(weight.shape)}"
        )
    edges, flat, inside = [], None, None
    for k in range(count):
        column = rows[:, k]
        pair = bounds[2 * k : 2 * k + 2] if bounds is not None else None
        e = _edges(column, bins[k], pair, k)
        edges.append(e)
        b, ok = _bin_of(column, e)
        flat = b if flat is None else flat * (e.numel() - 1) + b
        inside = ok if inside is None else inside & ok
    sizes = [e.numel() - 1 for e in edges]
    total = math.prod(sizes)
    # outside elements go to an extra last bin, dropped: no data-dependent shapes
    flat = flat.masked_fill(~inside, total)
    w = rows.new_ones(rows.shape[0]) if weight is None else weight.reshape(-1).to(points.dtype)
    hist = zeros(total + 1, dtype=points.dtype, device=points.device).scatter_add(0, flat, w)
    hist = hist[:total].reshape(sizes)
    if density:
        hist = hist / hist.sum()
        for k, e in enumerate(edges):
            shape = [1] * count
            shape[k] = sizes[k]
            hist = hist / (e[1:] - e[:-1]).reshape(shape)
    return hist, edges


@op("histogram", out=Out(histogram_type, grad=False))
def histogram(input, bins=100, *, range=None, weight=None, density: bool = False):
    r"""Computes a histogram of the values in a tensor.

    ``bins`` is either a number of equal-width bins spanning ``range`` (default: the
    smallest and largest values of ``input``) or a 1-D tensor of increasing bin edges. Each
    bin includes its left edge; the last also its right one. ``x.histogram(...)`` is the
    same.

    Args:
        input (Tensor): the input tensor (floating).
        bins (int or 1-D Tensor): the number of bins, or the bin edges. Default: ``100``.

    Keyword args:
        range (tuple of float, optional): the lower and upper range of the bins.
        weight (Tensor, optional): a weight for each element of ``input`` (default 1).
        density (bool): normalise so that the histogram integrates to 1 (dividing by the
            total and the bin widths). Default: ``False``.
        out (tuple of Tensors, optional): the output tensors ``(hist, bin_edges)``.

    Returns:
        (Tensor, Tensor): the namedtuple ``(hist, bin_edges)``.

    Example::

        >>> torch.histogram(torch.tensor([1., 2., 1.]), bins=4, range=(0., 3.))
        numtensor.return_types.histogram(
        hist=tensor([0., 2., 1., 0.]),
        bin_edges=tensor([0.0000, 0.7500, 1.5000, 2.2500, 3.0000]))
    """
    _check_input(input)
    hist, edges = _histogramdd(input.reshape(-1, 1), [bins], range, _flat(weight), density)
    return histogram_type(hist, edges[0])


def _flat(weight):
    return None if weight is None else weight.reshape(-1)


@op("histogramdd", method=False)
def histogramdd(input, bins=10, *, range=None, weight=None, density: bool = False):
    r"""Computes a multi-dimensional histogram of the values in a tensor.

    ``input``'s last dimension has size ``D``: each row is a point in D dimensions. ``bins``
    is an int (the same number of equal-width bins in every dimension), a sequence of ``D``
    ints, or a sequence of ``D`` 1-D tensors of bin edges.

    Args:
        input (Tensor): the points, of shape ``(..., D)``.
        bins (int, sequence of ints or of Tensors): the bins. Default: ``10``.

    Keyword args:
        range (sequence of floats, optional): the leftmost and rightmost edges of each
            dimension, as a flat list of ``D`` pairs. Default: the points' extent.
        weight (Tensor, optional): a weight per point (default 1).
        density (bool): normalise so that the histogram integrates to 1. Default: ``False``.

    Returns:
        (Tensor, tuple of Tensors): the namedtuple ``(hist, bin_edges)``, ``hist`` of shape
        ``(bins_0, ..., bins_{D-1})``.

    Example::

        >>> points = torch.tensor([[0., 1.], [1., 0.], [2., 0.], [2., 2.]])
        >>> torch.histogramdd(points, bins=[3, 3], weight=torch.tensor([1., 2., 4., 8.])).hist
        tensor([[0., 1., 0.],
                [2., 0., 0.],
                [4., 0., 8.]])
    """
    _check_input(input)
    if input.ndim < 1:
        raise RuntimeError("torch.histogramdd: input tensor should have at least 1 dimension")
    count = input.shape[-1]
    per_dim = list(bins) if isinstance(bins, (list, tuple)) else [bins] * count
    if len(per_dim) != count:
        raise RuntimeError(
            f"torch.histogramdd: expected {count} sequences of bin edges for each of the {count} "
            f"dimensions of the input, but got {len(per_dim)}"
        )
    if range is not None and len(range) != 2 * count:
        raise RuntimeError(
            f"torch.histogramdd: for a {count}-dimensional histogram range should have "
            f"{2 * count} elements, but got {len(range)}"
        )
    hist, edges = _histogramdd(input, per_dim, range, weight, density)
    return histogramdd_type(hist, tuple(edges))
