"""Counting into bins and searching sorted sequences, composed of existing ops: bincount,
histc, searchsorted, bucketize and isin (the histograms with bin edges are in
``histograms.py``).
"""

from __future__ import annotations

import math

from .. import _dtype
from .._tensor_base import Tensor
from .conversion import to_out
from .registry import op


@op("bincount")
def bincount(input, weights=None, minlength: int = 0):
    r"""Counts how often each non-negative integer occurs in the 1-D tensor ``input``.

    The result has ``max(input) + 1`` bins (at least ``minlength``); bin ``i`` counts the
    occurrences of ``i`` (int64), or sums their ``weights`` (float32/float64 weights keep
    their dtype, others sum in float64). ``x.bincount()`` is the method form.

    Args:
        input (Tensor): a 1-D tensor of non-negative integers.
        weights (Tensor, optional): a weight per element of ``input``.
        minlength (int): the least number of bins. Default: 0.

    Example::

        >>> torch.bincount(torch.tensor([1, 1, 3, 0]))
        tensor([1, 2, 0, 1])
        >>> torch.bincount(torch.tensor([1, 1, 3]), weights=torch.tensor([0.5, 1., 2.]))
        tensor([0.0000, 1.5000, 0.0000, 2.0000])
    """
    from .creation import zeros

    if input.dtype.is_floating_point or input.dtype.is_complex or input.dtype is _dtype.bool_:
        raise NotImplementedError(
            f"\"bincount_cpu\" not implemented for '{_dtype.type_name(input.dtype)}'"
        )
    if minlength < 0:
        raise RuntimeError("minlength should be >= 0")
    if input.ndim == 1 and input.numel() == 0:  # (int64 zeros, even with weights: PyTorch's)
        return zeros(minlength, dtype=_dtype.int64, device=input.device)
    if input.ndim != 1 or input.min().item() < 0:
        raise RuntimeError("bincount only supports 1-d non-negative integral inputs.")
    if weights is not None and (weights.ndim != 1 or weights.shape[0] != input.shape[0]):
        raise RuntimeError("weights should be 1-d and have the same length as input")
    size = max(int(input.max().item()) + 1, minlength)
    index = input.long()  # (any integer dtype counts; index_add takes int64 indices)
    if weights is None:
        return zeros(size, dtype=_dtype.int64, device=input.device).index_add(
            0, index, input.new_ones(input.shape, dtype=_dtype.int64)
        )
    # (float32 and float64 weights keep their dtype; any other sums in float64, as PyTorch)
    d = weights.dtype if weights.dtype in (_dtype.float32, _dtype.float64) else _dtype.float64
    return zeros(size, dtype=d, device=input.device).index_add(0, index, weights.to(d))


@op("histc")
def histc(input, bins: int = 100, min=0, max=0, *, out=None):
    r"""Computes the histogram of ``input`` with ``bins`` equal-width bins over [min, max].

    When ``min`` and ``max`` are equal (both 0 by default), the data's smallest and largest
    values are used. Elements outside the range (and NaNs) are ignored; the top edge belongs
    to the last bin. The counts have ``input``'s (floating) dtype. A range that is not finite
    (NaN or infinite data with no explicit range) raises RuntimeError, as in PyTorch.
    ``x.histc(...)`` is the method form.

    Args:
        input (Tensor): the input tensor (floating point).
        bins (int): the number of bins. Default: 100.
        min (Number): the lower end of the range. Default: 0.
        max (Number): the upper end of the range. Default: 0.

    Keyword args:
        out (Tensor, optional): the output tensor.

    Example::

        >>> torch.histc(torch.tensor([1., 2., 1., 4.]), bins=4, min=0, max=4)
        tensor([0., 2., 1., 1.])
        >>> torch.histc(torch.tensor([1., 2., 1., 4.]), bins=3)
        tensor([2., 1., 1.])
    """
    from .creation import zeros

    if bins <= 0:
        raise RuntimeError(f"torch.histogram(): bins must be > 0, but got {bins} for dimension 0")
    x = input.reshape(-1)
    lo, hi = float(min), float(max)
    from_data = lo == hi and x.numel() > 0
    if from_data:  # (min() of data holding a NaN is x86's default NaN, printed "-nan")
        lo, hi = x.min().item(), x.max().item()
    if lo == hi:
        lo, hi = lo - 1, hi + 1
    if not (math.isfinite(lo) and math.isfinite(hi)):
        raise RuntimeError(
            f"torch.histc: range of [{_c_double(lo, from_data)}, {_c_double(hi, from_data)}] "
            "is not finite"
        )
    if not lo < hi:
        raise RuntimeError("torch.histc: max must be larger than min")
    if input.dtype is _dtype.bool_:  # (PyTorch fails making the bin edges in the input's dtype)
        raise NotImplementedError("\"linspace_cpu\" not implemented for 'Bool'")
    # PyTorch's arithmetic, in the input's dtype: the outer edges rounded to it (an edge that
    # does not fit raises its overflow error), then bin = (x - lo) * bins / (hi - lo), the top
    # edge in the last bin
    lo_t, hi_t = x.new_full((), float(lo)), x.new_full((), float(hi))
    if not input.dtype.is_floating_point:
        raise NotImplementedError(
            f"\"histogram_cpu\" not implemented for '{_dtype.type_name(input.dtype)}'"
        )
    x = x[(x >= lo_t) & (x <= hi_t)]
    index = ((x - lo_t) * bins / (hi_t - lo_t)).long().clamp(max=bins - 1)
    result = zeros(bins, dtype=input.dtype, device=input.device).index_add(
        0, index, x.new_ones(x.shape)
    )
    return to_out(result, out)


def _c_double(value: float, from_data: bool) -> str:
    """A double as C++'s ``<<`` prints it in PyTorch's messages (6 significant digits)."""
    if math.isnan(value):
        return "-nan" if from_data or math.copysign(1.0, value) < 0 else "nan"
    return f"{value:g}"


@op("searchsorted", method=False)
def searchsorted(
    sorted_sequence,
    input,
    *,
    out_int32: bool = False,
    right: bool = False,
    side=None,
    sorter=None,
    out=None,
):
    r"""Finds where each value of ``input`` would be inserted in the sorted innermost
    dimension of ``sorted_sequence`` to keep it sorted.

    With ``right=False`` (``side="left"``) the index is the first position ``i`` with
    ``sorted_sequence[..., i] >= value``; with ``right=True`` the first with ``> value``.
    A 1-D ``sorted_sequence`` serves every value; otherwise its leading dims must match
    ``input``'s.

    Args:
        sorted_sequence (Tensor): sorted along its last dimension (or sorted by ``sorter``).
        input (Tensor or Scalar): the values to place.

    Keyword args:
        out_int32 (bool): return int32 indices instead of int64. Default: False.
        right (bool): on ties, place after the equal elements. Default: False.
        side (str, optional): ``"left"`` or ``"right"``, the same as ``right``.
        sorter (LongTensor, optional): indices that sort an unsorted ``sorted_sequence``.
        out (Tensor, optional): the output tensor.

    Example::

        >>> seq = torch.tensor([1, 3, 5, 7])
        >>> torch.searchsorted(seq, torch.tensor([3, 6, 9]))
        tensor([1, 3, 4])
        >>> torch.searchsorted(seq, torch.tensor([3, 6, 9]), right=True)
        tensor([2, 3, 4])
    """
    from .creation import tensor

    if side is not None:
        if side not in ("left", "right"):
            raise RuntimeError(f"side can only be 'left' or 'right' but got {side}")
        right = side == "right"
    seq = sorted_sequence
    if sorter is not None:
        seq = seq.gather(-1, sorter)
    values = (
        input if isinstance(input, Tensor) else tensor(input, dtype=seq.dtype, device=seq.device)
    )
    if seq.ndim > 1 and tuple(seq.shape[:-1]) != tuple(values.shape[:-1]):
        raise RuntimeError(
            "torch.searchsorted(): boundaries tensor should be 1 dimension or the first N-1 "
            "dimensions of boundaries tensor and input value tensor must match"
        )
    common = _dtype.result_type(seq, values)
    s, v = seq.to(common), values.to(common)
    if seq.ndim == 1:
        below = (s < v.unsqueeze(-1)) if not right else (s <= v.unsqueeze(-1))
    else:
        below = (
            (s.unsqueeze(-2) < v.unsqueeze(-1))
            if not right
            else (s.unsqueeze(-2) <= v.unsqueeze(-1))
        )
    result = below.sum(-1)
    result = result.int() if out_int32 else result
    return to_out(result, out)


@op("bucketize", method=lambda self, boundaries, **kw: bucketize(self, boundaries, **kw))
def bucketize(input, boundaries, *, out_int32: bool = False, right: bool = False, out=None):
    r"""Returns, for each element of ``input``, the index of its bucket among ``boundaries``.

    ``boundaries`` is a sorted 1-D tensor; the index is where the element would be inserted
    to keep it sorted (:func:`searchsorted` with the arguments swapped). With
    ``right=False`` the buckets are ``boundaries[i-1] < x <= boundaries[i]``; with
    ``right=True``, ``boundaries[i-1] <= x < boundaries[i]``.

    Args:
        input (Tensor or Scalar): the values.
        boundaries (Tensor): the sorted 1-D boundaries.

    Keyword args:
        out_int32 (bool): return int32 indices instead of int64. Default: False.
        right (bool): which side of a boundary equal values go to. Default: False.
        out (Tensor, optional): the output tensor.

    Differs from PyTorch: numtensor also binds it as a method, ``x.bucketize(boundaries)``.

    Example::

        >>> boundaries = torch.tensor([1, 3, 5, 7])
        >>> torch.bucketize(torch.tensor([[1, 6], [3, 9]]), boundaries)
        tensor([[0, 3],
                [1, 4]])
        >>> torch.bucketize(torch.tensor([1, 6, 3]), boundaries, right=True)
        tensor([1, 3, 2])
    """
    if boundaries.ndim != 1:
        raise RuntimeError(f"boundaries tensor must be 1 dimension, but got dim({boundaries.ndim})")
    return searchsorted(boundaries, input, out_int32=out_int32, right=right, out=out)


@op("isin", method=False)
def isin(elements, test_elements, *, assume_unique: bool = False, invert: bool = False):
    r"""Tests whether each element of ``elements`` occurs in ``test_elements``.

    Returns a bool tensor shaped like ``elements``. Either argument (not both) may be a
    Python number.

    Args:
        elements (Tensor or Scalar): the values to test.
        test_elements (Tensor or Scalar): the values to look for.

    Keyword args:
        assume_unique (bool): a hint that both hold unique values (ignored).
        invert (bool): answer "not in" instead. Default: False.

    Example::

        >>> torch.isin(torch.tensor([[1, 2], [3, 4]]), torch.tensor([2, 3]))
        tensor([[False,  True],
                [ True, False]])
        >>> torch.isin(torch.tensor([1, 2, 3]), torch.tensor([2]), invert=True)
        tensor([ True, False,  True])
    """
    from .creation import tensor

    ref = elements if isinstance(elements, Tensor) else test_elements
    e = elements if isinstance(elements, Tensor) else tensor(elements, device=ref.device)
    t = (
        test_elements
        if isinstance(test_elements, Tensor)
        else tensor(test_elements, device=ref.device)
    )
    found = (
        (e.unsqueeze(-1) == t.reshape(-1)).any(-1)
        if t.numel()
        else e.new_zeros(e.shape, dtype=_dtype.bool_)
    )
    return ~found if invert else found
