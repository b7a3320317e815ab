"""Ops over runs of equal values: ``mode`` (the most frequent value along a dim, from the
runs of a stable sort) and ``unique_consecutive`` (one value per run of repeats)."""

from __future__ import annotations

import math

from .. import return_types
from .._dtype import bool_, int64
from .._tensor_base import Tensor, wrap_dim
from ..autograd.function import name_node
from .out_variants import Out
from .registry import op
from .sorting import unique_dim

mode_type = return_types._make("mode", "values", "indices")


def _run_lengths(sorted_values: Tensor) -> Tensor:
    """Along the last dim of a sorted tensor: each element's position within its run of
    equal values, counted from 1 (NaN != NaN: each NaN is a run of its own)."""
    from .creation import arange
    from .pointwise import where

    n = sorted_values.shape[-1]
    positions = arange(n, device=sorted_values.device).expand(tuple(sorted_values.shape))
    starts = sorted_values[..., 1:] != sorted_values[..., :-1]
    first = starts.new_ones(tuple(sorted_values.shape[:-1]) + (1,))
    from .joining import cat

    starts = cat([first, starts], -1)
    run_start = where(starts, positions, positions.new_zeros(())).cummax(-1).values
    return positions - run_start + 1


@op("mode", out=Out(mode_type))
def mode(input, dim: int = -1, keepdim: bool = False):
    r"""Returns a namedtuple ``(values, indices)`` where ``values`` is the mode value of each
    row of the ``input`` tensor in the given dimension ``dim``, i.e. a value which appears
    most often in that row, and ``indices`` is the index location of each mode value found.

    On ties the smallest value wins; its index is that of its last occurrence.
    ``x.mode(...)`` is the same.

    Args:
        input (Tensor): the input tensor.
        dim (int): the dimension to reduce. Default: ``-1``.
        keepdim (bool): whether the output keeps ``dim`` with size 1. Default: ``False``.

    Keyword args:
        out (tuple of Tensors, optional): the output tensors ``(values, indices)``.

    Example::

        >>> torch.tensor([3, 1, 3, 1, 2]).mode()
        numtensor.return_types.mode(
        values=tensor(1),
        indices=tensor(3))
        >>> torch.mode(torch.tensor([[1, 1, 2], [3, 2, 2]]), dim=1).values
        tensor([1, 2])
    """
    if input.ndim == 0:
        wrap_dim(dim, 1)  # (checks dim: 0 or -1)
        return mode_type(input.clone(), input.new_zeros((), dtype=int64))
    d = wrap_dim(dim, input.ndim)
    if input.shape[d] == 0:
        raise IndexError(f"mode(): Expected reduction dim {d} to have non-zero size.")
    moved = input.detach().movedim(d, -1)
    if moved.numel() == 0:
        shape = list(input.shape)
        if keepdim:
            shape[d] = 1
        else:
            del shape[d]
        return mode_type(input.new_empty(shape), input.new_empty(shape, dtype=int64))
    keys = moved.to(int64) if moved.dtype is bool_ else moved
    ordered, order = keys.sort(-1, stable=True)
    lengths = _run_lengths(ordered)
    # the longest run, the first of them (the smallest value) on ties; its last element is the
    # value's last occurrence (the sort is stable)
    best = lengths.argmax(-1, keepdim=True)
    indices = order.gather(-1, best).movedim(-1, d)
    values = input.gather(d, indices)
    if not keepdim:
        values, indices = values.squeeze(d), indices.squeeze(d)
    return mode_type(name_node(values, "ModeBackward0"), indices)


@op("unique_consecutive")
def unique_consecutive(
    input, return_inverse: bool = False, return_counts: bool = False, dim=None
):  # fmt: skip
    r"""Eliminates all but the first element from every consecutive group of equivalent
    elements.

    Without ``dim`` the input is flattened; with it, consecutive equal slices along ``dim``
    are merged. ``x.unique_consecutive(...)`` is the same.

    Args:
        input (Tensor): the input tensor.
        return_inverse (bool): also return, for each element, the index of its group in the
            output. Default: ``False``.
        return_counts (bool): also return the size of each group. Default: ``False``.
        dim (int, optional): the dimension to apply unique along. Default: flatten.

    Returns:
        Tensor, or a tuple ``(output, inverse_indices, counts)`` of the parts asked for.

    Example::

        >>> x = torch.tensor([1, 1, 2, 2, 3, 1, 1, 2])
        >>> torch.unique_consecutive(x)
        tensor([1, 2, 3, 1, 2])
        >>> torch.unique_consecutive(x, return_counts=True)
        (tensor([1, 2, 3, 1, 2]), tensor([2, 2, 1, 2, 1]))
    """
    from .creation import tensor
    from .joining import cat

    if dim is None:
        flat = input.reshape(-1)
        n = flat.numel()
        changed = flat[1:] != flat[:-1]
        shape = tuple(input.shape)
    else:
        d = unique_dim(input, dim)
        n = input.shape[d]
        rows = input.movedim(d, 0).reshape(n, math.prod(input.shape) // max(n, 1))
        changed = (
            (rows[1:] != rows[:-1]).any(-1)
            if rows.shape[1]
            else rows.new_zeros(max(n - 1, 0), dtype=bool_)
        )
        shape = (n,)
    starts = cat([changed.new_ones(min(n, 1)), changed])
    first = starts.nonzero().reshape(-1)
    values = flat[first] if dim is None else input.index_select(d, first)
    out = [values]
    if return_inverse:
        out.append((starts.long().cumsum(0) - 1).reshape(shape))
    if return_counts:
        ends = cat([first[1:], tensor([n], device=first.device)]) if n else first
        out.append(ends - first)
    return out[0] if len(out) == 1 else tuple(out)
