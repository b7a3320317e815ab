"""The ranking, margin, embedding and likelihood losses, with PyTorch's reductions."""

from __future__ import annotations

import math

import numtensor as _nt

from ._distances import pairwise_distance
from ._losses import _reduce


def _legacy(size_average, reduce, reduction: str) -> str:
    """PyTorch's deprecated size_average/reduce flags, turned into a reduction."""
    if size_average is None and reduce is None:
        return reduction
    size_average = True if size_average is None else size_average
    reduce = True if reduce is None else reduce
    return "none" if not reduce else ("mean" if size_average else "sum")


def kl_div(input, target, size_average=None, reduce=None, reduction: str = "mean",
           log_target: bool = False):  # fmt: skip
    """target * (log target - input) per element (``log_target``: target given as logs)."""
    reduction = _legacy(size_average, reduce, reduction)
    if log_target:
        pointwise = target.exp() * (target - input)
    else:
        pointwise = _nt.xlogy(target, target) - target * input
    if reduction == "batchmean":
        return pointwise.sum() / (input.shape[0] if input.ndim else 1)
    return _reduce(pointwise, reduction)


def poisson_nll_loss(input, target, log_input: bool = True, full: bool = False,
                     size_average=None, eps: float = 1e-8, reduce=None,
                     reduction: str = "mean"):  # fmt: skip
    reduction = _legacy(size_average, reduce, reduction)
    if log_input:
        loss = input.exp() - target * input
    else:
        loss = input - target * (input + eps).log()
    if full:
        stirling = target * target.log() - target + 0.5 * (2 * math.pi * target).log()
        loss = loss + stirling.masked_fill(target <= 1, 0)
    return _reduce(loss, reduction)


def gaussian_nll_loss(input, target, var, full: bool = False, eps: float = 1e-6,
                      reduction: str = "mean"):  # fmt: skip
    """0.5 * (log var + (input - target)^2 / var), var clamped at eps (no gradient there)."""
    if not isinstance(var, _nt.Tensor):
        var = _nt.full((), float(var), dtype=input.dtype, device=input.device)
    if var.shape != input.shape:
        if input.shape[:-1] == var.shape:
            var = var.unsqueeze(-1)
        elif not (input.shape[:-1] == var.shape[:-1] and var.shape[-1] == 1) and var.numel() != 1:
            raise ValueError("var is of incorrect size")
    if reduction not in ("mean", "sum", "none"):
        raise ValueError(reduction + " is not valid")
    if (var < 0).any():
        raise ValueError("var has negative entry/entries")
    var = var.clone()
    with _nt.no_grad():
        var.clamp_(min=eps)
    loss = 0.5 * (var.log() + (input - target) ** 2 / var)
    if full:
        loss = loss + 0.5 * math.log(2 * math.pi)
    return _reduce(loss, reduction)


def cosine_embedding_loss(input1, input2, target, margin: float = 0.0, size_average=None,
                          reduce=None, reduction: str = "mean"):  # fmt: skip
    reduction = _legacy(size_average, reduce, reduction)
    eps = 1e-12
    dot = (input1 * input2).sum(-1)
    magnitude = ((input1 * input1).sum(-1) + eps) * ((input2 * input2).sum(-1) + eps)
    cos = dot / magnitude.sqrt()
    zero = cos.new_zeros(())
    positive = _nt.where(target == 1, 1 - cos, zero)
    negative = _nt.where(target == -1, (cos - margin).clamp(min=0), zero)
    return _reduce(positive + negative, reduction)


def margin_ranking_loss(input1, input2, target, margin: float = 0.0, size_average=None,
                        reduce=None, reduction: str = "mean"):  # fmt: skip
    reduction = _legacy(size_average, reduce, reduction)
    return _reduce((-target * (input1 - input2) + margin).clamp(min=0), reduction)


def hinge_embedding_loss(input, target, margin: float = 1.0, size_average=None, reduce=None,
                         reduction: str = "mean"):  # fmt: skip
    reduction = _legacy(size_average, reduce, reduction)
    zero = input.new_zeros(())
    below = _nt.where(target != 1, (margin - input).clamp(min=0), zero)
    kept = _nt.where(target != -1, input, zero)
    return _reduce(below + kept, reduction)


def soft_margin_loss(input, target, size_average=None, reduce=None, reduction: str = "mean"):
    reduction = _legacy(size_average, reduce, reduction)
    return _reduce((-target * input).exp().log1p(), reduction)


def multilabel_soft_margin_loss(input, target, weight=None, size_average=None, reduce=None,
                                reduction: str = "mean"):  # fmt: skip
    from ._activations import logsigmoid

    reduction = _legacy(size_average, reduce, reduction)
    loss = -(target * logsigmoid(input) + (1 - target) * logsigmoid(-input))
    if weight is not None:
        loss = loss * weight
    return _reduce(loss.mean(-1), reduction)


def multi_margin_loss(input, target, p: int = 1, margin: float = 1.0, weight=None,
                      size_average=None, reduce=None, reduction: str = "mean"):  # fmt: skip
    """sum over j != y of max(0, margin - x[y] + x[j])^p / classes, per sample."""
    reduction = _legacy(size_average, reduce, reduction)
    if p not in (1, 2):
        raise ValueError("only p == 1 and p == 2 supported")
    x = input.unsqueeze(0) if input.ndim == 1 else input
    y = target.reshape(-1, 1)
    picked = x.gather(1, y)
    hinge = (margin - picked + x).clamp(min=0)
    if p == 2:
        hinge = hinge * hinge
    if weight is not None:
        hinge = hinge * weight[y]
    hinge = hinge.scatter(1, y, hinge.new_zeros(y.shape))
    loss = hinge.sum(1) / x.shape[1]
    return _reduce(loss if input.ndim > 1 else loss.reshape(()), reduction)


def multilabel_margin_loss(input, target, size_average=None, reduce=None,
                           reduction: str = "mean"):  # fmt: skip
    """Targets are class indices (ended by -1); for each target j and non-target k:
    max(0, 1 - (x[j] - x[k])) / classes."""
    reduction = _legacy(size_average, reduce, reduction)
    x = input.unsqueeze(0) if input.ndim == 1 else input
    t = target.unsqueeze(0) if target.ndim == 1 else target
    classes = x.shape[1]
    valid = (t >= 0).long().cumprod(1).bool()  # (the targets before the first -1)
    safe = t.clamp(min=0)
    hits = x.new_zeros(x.shape, dtype=_nt.int64).scatter_add(1, safe, valid.long())
    is_target = hits > 0
    mine = x.gather(1, safe)  # [N, T]
    hinge = (1 - mine.unsqueeze(2) + x.unsqueeze(1)).clamp(min=0)  # [N, T, C]
    mask = valid.unsqueeze(2) & ~is_target.unsqueeze(1)
    loss = (hinge * mask).sum((1, 2)) / classes
    return _reduce(loss if input.ndim > 1 else loss.reshape(()), reduction)


def triplet_margin_loss(anchor, positive, negative, margin: float = 1.0, p: float = 2,
                        eps: float = 1e-6, swap: bool = False, size_average=None, reduce=None,
                        reduction: str = "mean"):  # fmt: skip
    reduction = _legacy(size_average, reduce, reduction)
    d_ap = pairwise_distance(anchor, positive, p, eps)
    d_an = pairwise_distance(anchor, negative, p, eps)
    if swap:
        d_an = _nt.minimum(d_an, pairwise_distance(positive, negative, p, eps))
    return _reduce((d_ap - d_an + margin).clamp(min=0), reduction)


def triplet_margin_with_distance_loss(anchor, positive, negative, *, distance_function=None,
                                      margin: float = 1.0, swap: bool = False,
                                      reduction: str = "mean"):  # fmt: skip
    distance = distance_function if distance_function is not None else pairwise_distance
    d_ap, d_an = distance(anchor, positive), distance(anchor, negative)
    if swap:
        d_an = _nt.minimum(d_an, distance(positive, negative))
    return _reduce((d_ap - d_an + margin).clamp(min=0), reduction)


__all__ = [
    "cosine_embedding_loss", "gaussian_nll_loss", "hinge_embedding_loss", "kl_div",
    "margin_ranking_loss", "multi_margin_loss", "multilabel_margin_loss",
    "multilabel_soft_margin_loss", "poisson_nll_loss", "soft_margin_loss",
    "triplet_margin_loss", "triplet_margin_with_distance_loss",
]  # fmt: skip
