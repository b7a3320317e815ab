"""Splitting and joining: split, chunk and tensor_split (views along a dim), and cat (concat,
concatenate) and stack (one backend ``cat`` into a new tensor; dtypes promote as in PyTorch).

Their autograd is in ``differentiable.py`` (the splits) and ``joining.py`` (the joins).
"""

from __future__ import annotations

import itertools
import math

from .. import backend
from .._dtype import can_cast, type_name
from .._tensor_base import Tensor, wrap_dim
from ._common import check_same_device
from .broadcast_slice_views import narrow
from .shape import unsqueeze


def split(self: Tensor, split_size_or_sections, dim: int = 0) -> tuple:
    """Pieces of ``split_size`` along ``dim`` (the last may be smaller), or given sizes."""
    if self.ndim == 0:
        raise RuntimeError("split expects at least a 1-dimensional tensor")
    d = wrap_dim(dim, self.ndim)
    size = self.shape[d]
    if isinstance(split_size_or_sections, (list, tuple)):
        sizes = [int(s) for s in split_size_or_sections]
        if sum(sizes) != size or any(s < 0 for s in sizes):
            raise RuntimeError(
                f"split_with_sizes expects split_sizes to sum exactly to {size} (input tensor's "
                f"size at dimension {d}), but got split_sizes={sizes}"
            )
    else:
        step = int(split_size_or_sections)
        if step < 0 or (step == 0 and size != 0):
            raise RuntimeError(
                f"split_size can only be 0 if dimension size is 0, but got dimension size of {size}"
                if step == 0
                else f"split expects split_size be non-negative, but got split_size={step}"
            )
        # (an empty dim still gives one empty piece)
        sizes = [min(step, size - i) for i in range(0, size, step)] if step and size else [0]
    out, start = [], 0
    for s in sizes:
        out.append(narrow(self, d, start, s))
        start += s
    return tuple(out)


def chunk(self: Tensor, chunks: int, dim: int = 0) -> tuple:
    """Split into ``chunks`` pieces of equal size (the last may be smaller or fewer return)."""
    if self.ndim == 0:
        raise RuntimeError("chunk expects at least a 1-dimensional tensor")
    if chunks <= 0:
        raise RuntimeError(f"chunk expects `chunks` to be greater than 0, got: {chunks}")
    d = wrap_dim(dim, self.ndim)
    size = self.shape[d]
    step = max(math.ceil(size / chunks), 1) if size else 1
    if size == 0:
        return tuple(narrow(self, d, 0, 0) for _ in range(chunks))
    return split(self, step, d)


def tensor_split(self: Tensor, indices_or_sections, dim: int = 0) -> tuple:
    d = wrap_dim(dim, self.ndim)
    size = self.shape[d]
    if isinstance(indices_or_sections, int):
        n = indices_or_sections
        if n <= 0:
            raise RuntimeError(f"number of sections must be larger than 0, got {n}")
        base, extra = divmod(size, n)
        sizes = [base + 1] * extra + [base] * (n - extra)
    else:
        bounds = [0, *[min(max(int(i), 0), size) for i in indices_or_sections], size]
        sizes = [max(b - a, 0) for a, b in itertools.pairwise(bounds)]
    out, start = [], 0
    for s in sizes:
        out.append(narrow(self, d, min(start, size), s))
        start += s
    return tuple(out)


def _result_dtype(tensors):
    from .._dtype import promote_types

    d = tensors[0].dtype
    for t in tensors[1:]:
        d = promote_types(d, t.dtype)
    return d


def _tensor_list(tensors, name: str) -> list:
    if isinstance(tensors, Tensor):
        raise TypeError(f"{name}(): argument 'tensors' must be tuple of Tensors, not Tensor")
    tensors = list(tensors)
    for t in tensors:
        if not isinstance(t, Tensor):
            raise TypeError(
                f"expected Tensor as element of the list of tensors, but got {type(t).__name__}"
            )
    return tensors


def cat(tensors, dim: int = 0, *, out=None) -> Tensor:
    """Join tensors along an existing dimension; dtypes promote as in PyTorch."""
    tensors = _tensor_list(tensors, "cat")
    if not tensors:
        raise ValueError("torch.cat(): expected a non-empty list of Tensors")
    check_same_device(tensors, "cat")
    # PyTorch's legacy rule: 1-D empty tensors are skipped
    numbered = [(i, t) for i, t in enumerate(tensors) if not (t.ndim == 1 and t.numel() == 0)]
    numbered = numbered or [(0, tensors[0])]
    parts = [t for _, t in numbered]
    ref = parts[0]
    if ref.ndim == 0:
        raise RuntimeError("zero-dimensional tensor (at position 0) cannot be concatenated")
    d = wrap_dim(dim, ref.ndim)
    for i, p in numbered:
        if p.ndim == 0:
            raise RuntimeError(f"zero-dimensional tensor (at position {i}) cannot be concatenated")
        if p.ndim != ref.ndim:
            raise RuntimeError(
                f"Tensors must have same number of dimensions: got {ref.ndim} and {p.ndim}"
            )
        for k in range(ref.ndim):
            if k != d and p.shape[k] != ref.shape[k]:
                raise RuntimeError(
                    f"Sizes of tensors must match except in dimension {d}. Expected size "
                    f"{ref.shape[k]} but got size {p.shape[k]} for tensor number {i} in the list."
                )
    dt = _result_dtype(tensors)
    arr = backend.of(ref.device).cat([p._data for p in parts], d, dt.np)
    return _into(Tensor._make(arr, ref.device), out)


def _into(result: Tensor, out):
    if out is None:
        return result
    from .conversion import copy_into_out

    if out.dtype is not result.dtype and not can_cast(result.dtype, out.dtype):
        raise TypeError(
            f"torch.cat(): input types can't be cast to the desired output type "
            f"{type_name(out.dtype)}"
        )
    return copy_into_out(out, result)


concat = cat
concatenate = cat


def stack(tensors, dim: int = 0, *, out=None) -> Tensor:
    """Join equally shaped tensors along a new dimension."""
    tensors = _tensor_list(tensors, "stack")
    if not tensors:
        raise RuntimeError("stack expects a non-empty TensorList")
    check_same_device(tensors, "stack")
    ref = tensors[0]
    for i, t in enumerate(tensors[1:], 1):
        if t.shape != ref.shape:
            raise RuntimeError(
                f"stack expects each tensor to be equal size, but got {list(ref.shape)} at entry "
                f"0 and {list(t.shape)} at entry {i}"
            )
    d = wrap_dim(dim, ref.ndim + 1)
    return cat([unsqueeze(t, d) for t in tensors], d, out=out)
