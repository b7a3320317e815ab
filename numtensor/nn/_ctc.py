"""``ctc_loss``: Connectionist Temporal Classification, the alpha/beta recursions in log space
vectorised over the batch and the target positions (a loop over time only), each step built
from public Tensor ops."""

from __future__ import annotations

import numtensor as _nt

from .._dtype import type_name
from .._tensor_base import Tensor
from ..autograd.function import Function

_CHECKED = " (while checking arguments for ctc_loss_allocate_outputs)"


def _lse(*terms: Tensor) -> Tensor:
    """log(sum(exp(terms))) elementwise, -inf (not NaN) where every term is -inf."""
    top = terms[0]
    for t in terms[1:]:
        top = _nt.maximum(top, t)
    top = _nt.where(top == float("-inf"), top.new_zeros(()), top)
    total = (terms[0] - top).exp()
    for t in terms[1:]:
        total = total + (t - top).exp()
    return total.log() + top


def _shift(x: Tensor, k: int, allowed=None) -> Tensor:
    """``x`` moved ``k`` places along dim 1 (right for k > 0, left for k < 0), -inf filled,
    and -inf where ``allowed`` is False."""
    width = x.shape[1]
    n = min(abs(k), width)
    fill = x.new_full((x.shape[0], n), float("-inf"))
    kept = x[:, : width - n] if k > 0 else x[:, n:]
    out = _nt.cat([fill, kept] if k > 0 else [kept, fill], 1)
    return out if allowed is None else _nt.where(allowed, out, fill.new_full((), float("-inf")))


class _CTCNegLogLikelihood(Function):
    """-log p(target | log_probs) per batch element; the gradient is PyTorch's (written for
    log_probs that come from log_softmax: exp(log_probs) minus the state occupancies)."""

    node_name = "CtcLossBackward0"

    @staticmethod
    def forward(ctx, log_probs, extended, input_lengths, target_lengths, zero_infinity):
        steps, batch, _ = log_probs.shape
        width = extended.shape[1]
        lpe = log_probs.gather(2, extended.unsqueeze(0).expand(steps, batch, width))
        pos = _nt.arange(width, device=log_probs.device).unsqueeze(0)
        skip = _nt.cat([_nt.zeros_like(extended[:, :2], dtype=_nt.bool),
                        extended[:, 2:] != extended[:, :-2]], 1)  # fmt: skip
        neg = float("-inf")
        first = pos <= (2 * target_lengths).clamp(max=1).unsqueeze(1)
        alpha = [_nt.where(first, lpe[0], lpe.new_full((), neg))]
        for t in range(1, steps):
            prev = alpha[-1]
            step = _lse(prev, _shift(prev, 1), _shift(prev, 2, skip)) + lpe[t]
            alpha.append(_nt.where((input_lengths > t).unsqueeze(1), step, prev))
        alpha = _nt.stack(alpha)
        last = alpha[-1]
        end = (2 * target_lengths).unsqueeze(1)
        at_end = last.gather(1, end).squeeze(1)
        before = last.gather(1, (end - 1).clamp(min=0)).squeeze(1)
        before = _nt.where(target_lengths > 0, before, before.new_full((), neg))
        nll = -_lse(at_end, before)
        empty = _nt.where(target_lengths == 0, nll.new_zeros(()), nll.new_full((), float("inf")))
        nll = _nt.where(input_lengths == 0, empty, nll)
        ctx.save_for_backward(log_probs, extended, input_lengths, target_lengths, lpe, alpha, nll)
        ctx.skip, ctx.zero_infinity = skip, zero_infinity
        return nll

    @staticmethod
    def backward(ctx, grad):
        log_probs, extended, input_lengths, target_lengths, lpe, alpha, nll = ctx.saved_tensors
        steps, batch, classes = log_probs.shape
        width = extended.shape[1]
        neg = lpe.new_full((), float("-inf"))
        pos = _nt.arange(width, device=log_probs.device).unsqueeze(0)
        end = 2 * target_lengths.unsqueeze(1)
        at_end = (pos == end) | ((pos == end - 1) & (end > 0))
        # the skip from s to s + 2 is allowed where the skip into s + 2 is
        none = _nt.zeros_like(ctx.skip[:, : min(2, width)])
        skip_ahead = _nt.cat([ctx.skip[:, 2:], none], 1)
        last = (input_lengths - 1).unsqueeze(1)
        beta = [None] * steps
        following = None
        for t in range(steps - 1, -1, -1):
            start = _nt.where(at_end, lpe[t], neg)
            if following is None:
                step = lpe[t].new_full(lpe[t].shape, float("-inf"))
            else:
                step = _lse(following, _shift(following, -1), _shift(following, -2, skip_ahead))
                step = step + lpe[t]
            following = _nt.where(last == t, start, _nt.where(last > t, step, neg))
            beta[t] = following
        beta = _nt.stack(beta)
        occupancy = (alpha + beta + nll.reshape(1, batch, 1) - lpe).exp()
        index = extended.unsqueeze(0).expand(steps, batch, width)
        summed = log_probs.new_zeros((steps, batch, classes)).scatter_add_(2, index, occupancy)
        out = (log_probs.exp() - summed) * grad.reshape(1, batch, 1)
        live = _nt.arange(steps, device=log_probs.device).reshape(steps, 1) < input_lengths
        impossible = (nll == float("inf")).reshape(1, batch, 1)
        if ctx.zero_infinity:
            live = live & ~impossible.squeeze(2)
        else:  # PyTorch's exp(-inf + inf): NaN for every class
            out = _nt.where(impossible, out.new_full((), float("nan")), out)
        out = _nt.where(live.unsqueeze(2), out, out.new_zeros(()))
        return out, None, None, None, None


def _lengths(value, name: str) -> list:
    if isinstance(value, Tensor):
        if value.dtype.is_floating_point or value.dtype is _nt.bool:
            raise RuntimeError(f"{name} must be integral")
        return [int(v) for v in value.reshape(-1).tolist()]
    if isinstance(value, int):
        return [value]
    return [int(v) for v in value]


def _padded_targets(targets: Tensor, target_lengths: list, batch: int) -> Tensor:
    """[batch, max target length] targets from the padded or the concatenated layout."""
    longest = max(target_lengths, default=0)
    for n in target_lengths:
        if n < 0:
            raise RuntimeError(
                f"Expected target_lengths to have value at least 0, but got value {n}{_CHECKED}"
            )
    if targets.dim() == 1:
        total = sum(target_lengths)
        if targets.shape[0] != total:
            raise RuntimeError(
                f"Expected tensor to have size {total} at dimension 0, but got size "
                f"{targets.shape[0]} for argument #2 'targets'{_CHECKED}"
            )
        starts, acc = [], 0
        for n in target_lengths:
            starts.append(acc)
            acc += n
        where = [[min(s + j, max(total - 1, 0)) for j in range(longest)] for s in starts]
        index = _nt.tensor(where, dtype=_nt.int64, device=targets.device).reshape(batch, longest)
        if total == 0:
            return index
        return targets.index_select(0, index.reshape(-1)).reshape(batch, longest)
    if targets.shape[0] != batch:
        raise RuntimeError(
            f"Expected tensor to have size {batch} at dimension 0, but got size "
            f"{targets.shape[0]} for argument #2 'targets'{_CHECKED}"
        )
    if targets.shape[1] < longest:
        raise RuntimeError(
            f"Expected tensor to have size at least {longest} at dimension 1, but got size "
            f"{targets.shape[1]} for argument #2 'targets'{_CHECKED}"
        )
    return targets[:, :longest]


def ctc_loss(log_probs: Tensor, targets: Tensor, input_lengths, target_lengths, blank: int = 0,
             reduction: str = "mean", zero_infinity: bool = False) -> Tensor:  # fmt: skip
    r"""The Connectionist Temporal Classification loss (see the class for the shapes).

    See :class:`~numtensor.nn.CTCLoss` for details.

    Args:
        log_probs (Tensor): :math:`(T, N, C)` log-probabilities.
        targets (Tensor): :math:`(N, S)` or concatenated.
        input_lengths, target_lengths (Tensor or tuple of ints): per-sample lengths.
        blank (int): the blank label. Default: 0.
        reduction (str): ``'none'`` | ``'mean'`` | ``'sum'``. Default: ``'mean'``.
        zero_infinity (bool): zero infinite losses and their gradients. Default: ``False``.

    Returns:
        Tensor: a scalar, or the per-element (per-sample) losses with
        ``reduction='none'``.

    Example::

        >>> import numtensor.nn.functional as F
        >>> log_probs = torch.randn(6, 2, 4).log_softmax(2)
        >>> F.ctc_loss(log_probs, torch.tensor([[1, 2], [3, 3]]), (6, 6), (2, 2)).shape
        numtensor.Size([])
    """
    if reduction not in ("none", "mean", "sum"):
        raise ValueError(f"{reduction} is not a valid value for reduction")
    if log_probs.dtype not in (_nt.float32, _nt.float64):
        raise NotImplementedError(
            f'"ctc_loss_{log_probs.device.type}" not implemented for '
            f"'{type_name(log_probs.dtype)}'"
        )
    batched = log_probs.dim() == 3
    lp = log_probs if batched else log_probs.unsqueeze(1)
    if lp.dim() != 3:
        raise RuntimeError(
            f"Expected 3-dimensional tensor, but got {lp.dim()}-dimensional tensor for argument "
            f"#1 'log_probs'{_CHECKED}"
        )
    if lp.numel() == 0:
        raise RuntimeError("log_probs tensor must not be empty")
    il = _lengths(input_lengths, "input_lengths")
    tl = _lengths(target_lengths, "target_lengths")
    steps, batch, classes = lp.shape
    if targets.dim() not in (1, 2):
        raise RuntimeError(
            f"Expected 1 to 2 dimensions, but got {targets.dim()}-dimensional tensor for "
            f"argument #2 'targets'{_CHECKED}"
        )
    if not 0 <= blank < classes:
        raise RuntimeError("blank must be in label range")
    if len(il) != batch:
        raise RuntimeError("input_lengths must be of size batch_size")
    if len(tl) != batch:
        raise RuntimeError("target_lengths must be of size batch_size")
    padded = _padded_targets(targets, tl, batch).to(_nt.int64)
    for n in il:
        if n < 0:
            raise RuntimeError(
                f"Expected input_lengths to have value at least 0, but got value {n}{_CHECKED}"
            )
        if n > steps:
            raise RuntimeError(
                f"Expected input_lengths to have value at most {steps}, but got value {n}{_CHECKED}"
            )
    tl_t = _nt.tensor(tl, dtype=_nt.int64, device=lp.device)
    used = _nt.arange(padded.shape[1], device=lp.device) < tl_t.unsqueeze(1)
    padded = _nt.where(used, padded, _nt.full_like(padded, blank))
    if padded.numel() and bool(((padded < 0) | (padded >= classes)).any()):
        raise RuntimeError(f"ctc_loss: target labels must be in [0, {classes}), got {padded}")
    # the extended target: blank, l1, blank, l2, ..., blank
    blanks = _nt.full_like(padded, blank)
    pairs = _nt.stack([blanks, padded], 2).reshape(batch, 2 * padded.shape[1])
    extended = _nt.cat([pairs, padded.new_full((batch, 1), blank)], 1)
    il_t = _nt.tensor(il, dtype=_nt.int64, device=lp.device)
    loss = _CTCNegLogLikelihood.apply(lp, extended, il_t, tl_t, bool(zero_infinity))
    if zero_infinity:
        loss = _nt.where(loss == float("inf"), loss.new_zeros(()), loss)
    if reduction == "mean":
        return (loss / tl_t.to(loss.dtype).clamp(min=1)).mean()
    if reduction == "sum":
        return loss.sum()
    return loss if batched else loss.squeeze(0)


__all__ = ["ctc_loss"]
