"""``embedding`` (rows of a weight looked up by index) and ``embedding_bag`` (sums, means or
maxima of bags of rows), composed of index_select, index_add and a padded max (gradients,
CPU and CUDA come with them)."""

from __future__ import annotations

import itertools
import warnings

import numtensor as _nt

from .._tensor_base import Tensor
from ..autograd.function import name_node

_FLOATING = ("float16", "bfloat16", "float32", "float64")


def _check_dtypes(input: Tensor, offsets: Tensor, weight: Tensor, per_sample_weights) -> None:
    for name, t in (("indices", input), ("offsets", offsets)):
        if t.dtype not in (_nt.int64, _nt.int32):
            raise RuntimeError(
                f"Expected tensor for argument #1 '{name}' to have one of the following scalar "
                f"types: Long, Int; but got {t.type()} instead (while checking "
                "arguments for embedding_bag)"
            )
    if str(weight.dtype).split(".")[-1] not in _FLOATING:
        raise RuntimeError(
            "Expected tensor for argument #1 'weight' to have one of the following scalar types: "
            f"Half, BFloat16, Float, Double; but got {weight.type()} instead (while "
            "checking arguments for embedding_bag)"
        )
    if per_sample_weights is not None and per_sample_weights.dtype != weight.dtype:
        raise RuntimeError(
            "Expected tensor for argument #1 'weight' to have the same type as tensor for "
            f"argument #1 'per_sample_weights'; but type {weight.type()} does not "
            f"equal {per_sample_weights.type()} (while checking arguments for "
            "embedding_bag)"
        )


def _check_indices(indices: Tensor, num_weights: int) -> None:
    if indices.numel() == 0:
        return
    bad = (indices < 0) | (indices >= num_weights)
    if bool(bad.any()):
        pos = int(bad.nonzero()[0, 0].item())
        raise RuntimeError(
            f"Index {pos} of input takes value {int(indices[pos].item())} which is not in the "
            f"valid range [0, {num_weights})"
        )


def _bag_bounds(offsets: Tensor, n: int, include_last_offset: bool):
    """(starts, ends) of each bag, after PyTorch's checks on ``offsets``."""
    values = offsets.tolist()
    if values and values[0] != 0:
        raise RuntimeError(
            "offsets[0] has to be 0, i.e., the first sequence in the mini-batch has to start "
            f"from position 0. However, got {values[0]}"
        )
    if values and values[-1] > n:
        raise RuntimeError(
            f"offsets[-1] can not be greater than input's length {n} but got offsets[-1] of "
            f"{values[-1]}"
        )
    if any(b < a for a, b in itertools.pairwise(values)):
        raise RuntimeError(f"embedding_bag: offsets must be non-decreasing, but got {values}")
    if include_last_offset:
        starts, ends = offsets[:-1], offsets[1:]
    else:
        end = offsets.new_full((1,), n)
        starts, ends = offsets, _nt.cat([offsets[1:], end])
    return starts, ends


def _renorm_(weight: Tensor, indices: Tensor, max_norm: float, norm_type: float) -> None:
    """Rows of ``weight`` used by ``indices`` whose norm exceeds ``max_norm`` are scaled down
    to it, in place (PyTorch's embedding_renorm_)."""
    with _nt.no_grad():
        if indices.numel() == 0:
            return
        rows = _nt.unique(indices)
        picked = weight.index_select(0, rows)
        norm = picked.norm(norm_type, 1, keepdim=True)
        scale = _nt.where(norm > max_norm, max_norm / (norm + 1e-7), _nt.ones_like(norm))
        weight[rows] = picked * scale


def _grad_scaled_by_freq(rows: Tensor, indices: Tensor, num_weights: int) -> Tensor:
    """``rows`` unchanged, its gradient divided by an index frequency, as PyTorch 2.13's CPU
    backward divides it: the i-th distinct index (ascending) by the count of the i-th index of
    the sorted indices (not always its own count; kept so that gradients equal PyTorch's)."""
    counts = _nt.bincount(indices, minlength=num_weights)
    distinct = _nt.unique(indices)
    ordered = indices.sort().values[: distinct.shape[0]]
    freq = counts.index_select(0, ordered).index_select(0, _nt.searchsorted(distinct, indices))
    scale = (1.0 / freq.to(rows.dtype)).unsqueeze(1)
    fixed = rows.detach()
    return fixed + (rows - fixed) * scale


def _bag_max(weight, indices, starts, ends, padding_idx):
    """Per-feature maximum of each bag over a [bags, longest bag] layout (empty bags: 0)."""
    lengths = ends - starts
    bags, dim = starts.shape[0], weight.shape[1]
    longest = int(lengths.max().item()) if bags else 0
    if longest == 0:
        # (still connected to weight, as PyTorch's result is)
        return weight.new_zeros((bags, dim)) + weight.narrow(0, 0, 0).sum(0)
    step = _nt.arange(longest, device=weight.device)
    valid = step.unsqueeze(0) < lengths.unsqueeze(1)
    position = _nt.where(valid, starts.unsqueeze(1) + step, _nt.zeros_like(valid, dtype=_nt.int64))
    index = indices.index_select(0, position.reshape(-1)).reshape(bags, longest)
    keep = valid if padding_idx is None else valid & (index != padding_idx)
    rows = weight.index_select(0, index.reshape(-1)).reshape(bags, longest, dim)
    low = rows.new_full((), float("-inf"))
    best = _nt.where(keep.unsqueeze(2), rows, low).max(1).values
    return _nt.where(keep.any(1, keepdim=True), best, rows.new_zeros(()))


def embedding_bag(input: Tensor, weight: Tensor, offsets=None, max_norm=None, norm_type=2,
                  scale_grad_by_freq: bool = False, mode: str = "mean", sparse: bool = False,
                  per_sample_weights=None, include_last_offset: bool = False,
                  padding_idx=None) -> Tensor:  # fmt: skip
    r"""Computes sums, means or maxima of bags of embeddings without building the
    intermediate embeddings: ``input`` is a 2-D batch of equal-length bags, or 1-D indices cut
    into bags at ``offsets``.

    See :class:`~numtensor.nn.EmbeddingBag` for details.

    Args:
        input (LongTensor): indices, :math:`(B, N)` or 1-D with ``offsets``.
        weight (Tensor): the embedding matrix :math:`(V, D)`.
        offsets (LongTensor, optional): the start of each bag in a 1-D ``input``.
        max_norm, norm_type, scale_grad_by_freq, sparse: as in PyTorch.
        mode (str): ``'sum'``, ``'mean'`` or ``'max'``. Default: ``'mean'``.
        per_sample_weights (Tensor, optional): weights of the indices (``'sum'`` mode).
        include_last_offset (bool): ``offsets`` has one more entry, the end. Default: ``False``.
        padding_idx (int, optional): an index that does not count.

    Returns:
        Tensor: :math:`(B, D)`.

    Example::

        >>> import numtensor.nn.functional as F
        >>> weight = torch.tensor([[1., 1.], [2., 4.], [3., 9.]])
        >>> F.embedding_bag(torch.tensor([0, 1, 2, 2]), weight, torch.tensor([0, 3]), mode='sum')
        tensor([[ 6., 14.],
                [ 3.,  9.]])
    """
    if weight.dtype in (_nt.int64, _nt.int32) and input.dtype.is_floating_point:
        warnings.warn(
            "Argument order of nn.functional.embedding_bag was changed. Usage "
            "`embedding_bag(weight, input, ...)` is deprecated, and should now be "
            "`embedding_bag(input, weight, ...)`.",
            stacklevel=2,
        )
        weight, input = input, weight
    if per_sample_weights is not None and tuple(input.shape) != tuple(per_sample_weights.shape):
        raise ValueError(
            f"embedding_bag: If per_sample_weights ({per_sample_weights.shape}) is not None, "
            f"then it must have the same shape as the input ({input.shape})"
        )
    if weight.dim() != 2:
        raise ValueError(
            f"weight has to be a 2D Tensor, but got Tensor of dimension {weight.dim()}"
        )
    if input.dim() == 2:
        if offsets is not None:
            raise ValueError(
                "if input is 2D, then offsets has to be None, as input is treated is a "
                "mini-batch of fixed length sequences. However, found offsets of type "
                f"{type(offsets)}"
            )
        if input.shape[1] == 0:
            raise RuntimeError("step must be nonzero")
        offsets = _nt.arange(0, input.numel(), input.shape[1], dtype=input.dtype,
                             device=input.device)  # fmt: skip
        include_last_offset = False
        input = input.reshape(-1)
        if per_sample_weights is not None:
            per_sample_weights = per_sample_weights.reshape(-1)
    elif input.dim() == 1:
        if offsets is None:
            raise ValueError("offsets has to be a 1D Tensor but got None")
        if offsets.dim() != 1:
            raise ValueError("offsets has to be a 1D Tensor")
    else:
        raise ValueError(
            f"input has to be 1D or 2D Tensor, but got Tensor of dimension {input.dim()}"
        )
    if mode not in ("sum", "mean", "max"):
        raise ValueError("mode has to be one of sum, mean or max")
    if mode == "max" and scale_grad_by_freq:
        raise ValueError("max mode does not support scaling the gradient by the frequency")
    if mode == "max" and sparse:
        raise ValueError("max mode does not support sparse weights")
    if sparse:
        raise NotImplementedError("embedding_bag: sparse gradients are not supported by numtensor")
    _check_dtypes(input, offsets, weight, per_sample_weights)
    num_weights = weight.shape[0]
    if padding_idx is not None:
        if not -num_weights <= padding_idx < num_weights:
            raise RuntimeError(
                "padding_idx must be within the number of embeddings, "
                f"{-num_weights} through {num_weights - 1}, but got {padding_idx}"
            )
        padding_idx = padding_idx % num_weights
    indices, offsets = input.to(_nt.int64), offsets.to(_nt.int64)
    _check_indices(indices, num_weights)
    if max_norm is not None:
        _renorm_(weight, indices, max_norm, norm_type)
    if per_sample_weights is not None and mode != "sum":
        raise NotImplementedError(
            "embedding_bag: per_sample_weights was not None. per_sample_weights is only "
            f"supported for mode='sum' (got mode='{mode}'). Please open a feature request on "
            "GitHub."
        )
    starts, ends = _bag_bounds(offsets, indices.shape[0], include_last_offset)
    if mode == "max":
        return name_node(_bag_max(weight, indices, starts, ends, padding_idx),
                         "EmbeddingBagBackward0")  # fmt: skip
    bags = starts.shape[0]
    position = _nt.arange(indices.shape[0], device=weight.device)
    bag = (_nt.searchsorted(starts, position, right=True) - 1).clamp(min=0)
    keep = position < (ends[-1] if bags else 0)
    if padding_idx is not None:
        keep = keep & (indices != padding_idx)
    rows = weight.index_select(0, indices)
    if scale_grad_by_freq:
        rows = _grad_scaled_by_freq(rows, indices, num_weights)
    if per_sample_weights is not None:
        rows = rows * per_sample_weights.unsqueeze(1)
    rows = _nt.where(keep.unsqueeze(1), rows, rows.new_zeros(()))
    out = weight.new_zeros((bags, weight.shape[1])).index_add(0, bag, rows)
    if mode == "mean":
        count = weight.new_zeros((bags,)).index_add(0, bag, keep.to(weight.dtype))
        out = out / count.clamp(min=1).unsqueeze(1)
    return name_node(out, "EmbeddingBagBackward0")


__all__ = ["embedding", "embedding_bag"]


def embedding(input: Tensor, weight: Tensor, padding_idx=None, max_norm=None,
              norm_type: float = 2.0, scale_grad_by_freq: bool = False,
              sparse: bool = False) -> Tensor:  # fmt: skip
    r"""Looks up rows of ``weight``: ``out[...] = weight[input[...]]``.

    See :class:`~numtensor.nn.Embedding` for details.

    Args:
        input (LongTensor): indices, any shape.
        weight (Tensor): the embedding matrix :math:`(V, D)`.
        padding_idx (int, optional): that row gets no gradient.
        max_norm (float, optional): rows looked up whose ``norm_type``-norm exceeds it are
            renormalised to it in ``weight`` itself (in place, not recorded by autograd).
        norm_type (float): the p of that norm. Default: ``2.0``.
        scale_grad_by_freq (bool): each row's gradient is divided by how often its index
            occurs in ``input``. Default: ``False``.
        sparse (bool): accepted; the gradient is dense (numtensor has no sparse tensors).

    Returns:
        Tensor: :math:`(*, D)`.

    Example::

        >>> import numtensor.nn.functional as F
        >>> weight = torch.tensor([[0., 0.], [1., 1.], [2., 4.]])
        >>> F.embedding(torch.tensor([[2, 1], [0, 2]]), weight)
        tensor([[[2., 4.],
                 [1., 1.]],
        <BLANKLINE>
                [[0., 0.],
                 [2., 4.]]])
    """
    if input.dtype.is_floating_point:
        raise RuntimeError(
            "Expected tensor for argument #1 'indices' to have one of the "
            "following scalar types: Long, Int; but got FloatTensor instead"
        )
    flat = input.reshape(-1)
    if padding_idx is not None and padding_idx < 0:
        padding_idx += weight.shape[0]
    if max_norm is not None:
        _renorm_(weight, flat, max_norm, norm_type)
    rows = weight.index_select(0, flat)
    if scale_grad_by_freq and flat.numel():
        count = _nt.bincount(flat, minlength=weight.shape[0]).index_select(0, flat)
        fixed = rows.detach()
        rows = fixed + (rows - fixed) / count.to(rows.dtype).unsqueeze(1)
    if padding_idx is not None:
        # the padding row is looked up like any other but never receives a gradient
        keep = (flat != padding_idx).unsqueeze(1)
        rows = _nt.where(keep, rows, rows.detach())
    return name_node(rows.reshape(*input.shape, weight.shape[1]), "EmbeddingBackward0")
