"""Ops over runs of equal values: ``mode`` (the most frequent value along a dim, from the
runs of a stable sort) and ``unique_consecutive`` (one value per run of repeats)."""

from __future__ import annotations

from .. import return_types
from .._dtype import bool_, int64
from .._tensor_base import Tensor, wrap_dim
from .registry import op

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


@op("mode")
def mode(input, dim: int = -1, keepdim: bool = False):
    """The most frequent value of each row along ``dim`` and the index of its last
    occurrence, as the named tuple (values, indices). Ties go to the smallest value.

    Example: ``torch.tensor([3, 1, 3, 1, 2]).mode()`` -> values=tensor(1), indices=tensor(3)
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
    if values.grad_fn is not None:
        values.grad_fn.node_name = "ModeBackward0"
    return mode_type(values, indices)


@op("unique_consecutive")
def unique_consecutive(
    input, return_inverse: bool = False, return_counts: bool = False, dim=None
):  # fmt: skip
    """The first element of every run of consecutive equal elements (of the flattened input,
    or of slices along ``dim``); with ``return_inverse`` the run each element belongs to, with
    ``return_counts`` each run's length.

    Example: ``torch.unique_consecutive(torch.tensor([1, 1, 2, 1]))`` -> tensor([1, 2, 1])
    """
    from .creation import tensor
    from .joining import cat

    if dim is None:
        flat = input.reshape(-1)
        n = flat.numel()
        changed = flat[1:] != flat[:-1]
        shape = tuple(input.shape)
    else:
        d = wrap_dim(dim, input.ndim)
        n = input.shape[d]
        rows = input.movedim(d, 0).reshape(n, -1)
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
