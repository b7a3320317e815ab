"""The ranking, margin, embedding and likelihood losses, with PyTorch's reductions."""

from __future__ import annotations

import math
import warnings

import numtensor as _nt

from ._distances import pairwise_distance
from ._losses import _reduce
from ._reduction import legacy_get_string
from ._reduction import resolve as _legacy


def kl_div(input, target, size_average=None, reduce=None, reduction: str = "mean",
           log_target: bool = False):  # fmt: skip
    r"""The Kullback-Leibler divergence ``target * (log(target) - input)`` with log-probability
    ``input``.

    See :class:`~numtensor.nn.KLDivLoss` for details.

    Args:
        input (Tensor): the prediction.
        target (Tensor): the target.
        size_average, reduce: deprecated; when either is given, the two choose the
            reduction (with a warning), as in PyTorch.
        reduction (str): ``'none'`` | ``'batchmean'`` | ``'sum'`` | ``'mean'``. Default: ``'mean'``.
        log_target (bool): ``target`` given as log-probabilities. Default: ``False``.

    Returns:
        Tensor: a scalar, or the per-element (per-sample) losses with
        ``reduction='none'``.

    Example::

        >>> import numtensor.nn.functional as F
        >>> inp = torch.log(torch.tensor([[0.5, 0.5]]))
        >>> F.kl_div(inp, torch.tensor([[0.75, 0.25]]), reduction='batchmean')
        tensor(0.1308)
    """
    if size_average is not None or reduce is not None:
        reduced_by = legacy_get_string(size_average, reduce)
    else:
        if reduction == "mean":
            warnings.warn(
                "reduction: 'mean' divides the total loss by both the batch size and the support "
                "size.'batchmean' divides only by the batch size, and aligns with the KL div math "
                "definition.'mean' will be changed to behave the same as 'batchmean' in the next "
                "major release.",
                stacklevel=2,
            )
        reduced_by = "sum" if reduction == "batchmean" else reduction
    if log_target:
        pointwise = target.exp() * (target - input)
    else:
        pointwise = _nt.xlogy(target, target) - target * input
    reduced = _reduce(pointwise, reduced_by)
    # (PyTorch divides by the batch size whenever reduction is 'batchmean', even when the
    # deprecated flags chose the reduction)
    if reduction == "batchmean" and input.ndim:
        return reduced / input.shape[0]
    return reduced


def poisson_nll_loss(input, target, log_input: bool = True, full: bool = False,
                     size_average=None, eps: float = 1e-8, reduce=None,
                     reduction: str = "mean"):  # fmt: skip
    r"""The Poisson negative log likelihood: ``exp(x) - y x`` (``log_input``), else ``x - y log(x +
        eps)``.

    See :class:`~numtensor.nn.PoissonNLLLoss` for details.

    Args:
        input (Tensor): the prediction.
        target (Tensor): the target.
        log_input (bool): the input is the log-rate. Default: ``True``.
        full (bool): add Stirling's term. Default: ``False``.
        eps (float): Default: 1e-8.
        size_average, reduce: deprecated; when either is given, the two choose the
            reduction (with a warning), as in PyTorch.
        reduction (str): ``'none'`` | ``'mean'`` | ``'sum'``. Default: ``'mean'``.

    Returns:
        Tensor: a scalar, or the per-element (per-sample) losses with
        ``reduction='none'``.

    Example::

        >>> import numtensor.nn.functional as F
        >>> F.poisson_nll_loss(torch.tensor([0.0, 1.0]), torch.tensor([1.0, 2.0]))
        tensor(0.8591)
    """
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
    r"""The Gaussian negative log likelihood ``0.5 (log(var) + (x - y)^2 / var)``
    (``var`` clamped at
    ``eps``).

    See :class:`~numtensor.nn.GaussianNLLLoss` for details.

    Args:
        input (Tensor): the prediction.
        target (Tensor): the target.
        var (Tensor): the predicted variances.
        full (bool): add ``0.5 log(2 pi)``. Default: ``False``.
        eps (float): Default: 1e-6.
        reduction (str): ``'none'`` | ``'mean'`` | ``'sum'``. Default: ``'mean'``.

    Returns:
        Tensor: a scalar, or the per-element (per-sample) losses with
        ``reduction='none'``.

    Example::

        >>> import numtensor.nn.functional as F
        >>> F.gaussian_nll_loss(torch.tensor([1.0, 2.0]), torch.tensor([1.0, 0.0]), torch.ones(2))
        tensor(1.)
    """
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
    r"""``1 - cos(x1, x2)`` for targets 1, ``max(0, cos(x1, x2) - margin)`` for targets -1.

    See :class:`~numtensor.nn.CosineEmbeddingLoss` for details.

    Args:
        input1, input2 (Tensor): :math:`(N, D)` or :math:`(D)`.
        target (Tensor): 1 or -1, :math:`(N)` or :math:`()`.
        margin (float): Default: 0.
        size_average, reduce: deprecated; when either is given, the two choose the
            reduction (with a warning), as in PyTorch.
        reduction (str): ``'none'`` | ``'mean'`` | ``'sum'``. Default: ``'mean'``.

    Returns:
        Tensor: a scalar, or the per-element (per-sample) losses with
        ``reduction='none'``.

    Example::

        >>> import numtensor.nn.functional as F
        >>> x1, x2 = torch.tensor([[1., 0.]]), torch.tensor([[1., 1.]])
        >>> F.cosine_embedding_loss(x1, x2, torch.tensor([1]))
        tensor(0.2929)
    """
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
    r"""The ranking loss ``max(0, -y (x1 - x2) + margin)``.

    See :class:`~numtensor.nn.MarginRankingLoss` for details.

    Args:
        input1, input2 (Tensor): the scores.
        target (Tensor): 1 or -1.
        margin (float): Default: 0.
        size_average, reduce: deprecated; when either is given, the two choose the
            reduction (with a warning), as in PyTorch.
        reduction (str): ``'none'`` | ``'mean'`` | ``'sum'``. Default: ``'mean'``.

    Returns:
        Tensor: a scalar, or the per-element (per-sample) losses with
        ``reduction='none'``.

    Example::

        >>> import numtensor.nn.functional as F
        >>> x1, x2, y = torch.tensor([1., 2.]), torch.tensor([2., 1.]), torch.tensor([1., 1.])
        >>> F.margin_ranking_loss(x1, x2, y)
        tensor(0.5000)
    """
    reduction = _legacy(size_average, reduce, reduction)
    return _reduce((-target * (input1 - input2) + margin).clamp(min=0), reduction)


def hinge_embedding_loss(input, target, margin: float = 1.0, size_average=None, reduce=None,
                         reduction: str = "mean"):  # fmt: skip
    r"""``x`` for targets 1, ``max(0, margin - x)`` for targets -1.

    See :class:`~numtensor.nn.HingeEmbeddingLoss` for details.

    Args:
        input (Tensor): the prediction.
        target (Tensor): the target.
        margin (float): Default: 1.0.
        size_average, reduce: deprecated; when either is given, the two choose the
            reduction (with a warning), as in PyTorch.
        reduction (str): ``'none'`` | ``'mean'`` | ``'sum'``. Default: ``'mean'``.

    Returns:
        Tensor: a scalar, or the per-element (per-sample) losses with
        ``reduction='none'``.

    Example::

        >>> import numtensor.nn.functional as F
        >>> F.hinge_embedding_loss(torch.tensor([0.3, 0.3]), torch.tensor([1., -1.]))
        tensor(0.5000)
    """
    reduction = _legacy(size_average, reduce, reduction)
    zero = input.new_zeros(())
    below = _nt.where(target != 1, (margin - input).clamp(min=0), zero)
    kept = _nt.where(target != -1, input, zero)
    return _reduce(below + kept, reduction)


def soft_margin_loss(input, target, size_average=None, reduce=None, reduction: str = "mean"):
    r"""The two-class logistic loss ``log(1 + exp(-y x))``.

    See :class:`~numtensor.nn.SoftMarginLoss` for details.

    Args:
        input (Tensor): the prediction.
        target (Tensor): the target.
        size_average, reduce: deprecated; when either is given, the two choose the
            reduction (with a warning), as in PyTorch.
        reduction (str): ``'none'`` | ``'mean'`` | ``'sum'``. Default: ``'mean'``.

    Returns:
        Tensor: a scalar, or the per-element (per-sample) losses with
        ``reduction='none'``.

    Example::

        >>> import numtensor.nn.functional as F
        >>> F.soft_margin_loss(torch.tensor([0., 2.]), torch.tensor([1., -1.]))
        tensor(1.4100)
    """
    reduction = _legacy(size_average, reduce, reduction)
    return _reduce((-target * input).exp().log1p(), reduction)


def multilabel_soft_margin_loss(input, target, weight=None, size_average=None, reduce=None,
                                reduction: str = "mean"):  # fmt: skip
    r"""The multi-label one-versus-all logistic loss, averaged over classes.

    See :class:`~numtensor.nn.MultiLabelSoftMarginLoss` for details.

    Args:
        input (Tensor): the prediction.
        target (Tensor): the target.
        weight (Tensor, optional): a weight per class.
        size_average, reduce: deprecated; when either is given, the two choose the
            reduction (with a warning), as in PyTorch.
        reduction (str): ``'none'`` | ``'mean'`` | ``'sum'``. Default: ``'mean'``.

    Returns:
        Tensor: a scalar, or the per-element (per-sample) losses with
        ``reduction='none'``.

    Example::

        >>> import numtensor.nn.functional as F
        >>> F.multilabel_soft_margin_loss(torch.tensor([[0., 2.]]), torch.tensor([[0., 1.]]))
        tensor(0.4100)
    """
    from ._activations import logsigmoid

    reduction = _legacy(size_average, reduce, reduction)
    loss = -(target * logsigmoid(input) + (1 - target) * logsigmoid(-input))
    if weight is not None:
        loss = loss * weight
    return _reduce(loss.mean(-1), reduction)


def multi_margin_loss(input, target, p: int = 1, margin: float = 1.0, weight=None,
                      size_average=None, reduce=None, reduction: str = "mean"):  # fmt: skip
    r"""The multi-class hinge loss ``sum_{i != y} max(0, margin - x[y] + x[i])^p / C``.

    See :class:`~numtensor.nn.MultiMarginLoss` for details.

    Args:
        input (Tensor): the prediction.
        target (Tensor): the target.
        p (int): 1 or 2. Default: 1.
        margin (float): Default: 1.
        weight (Tensor, optional): a weight per class.
        size_average, reduce: deprecated; when either is given, the two choose the
            reduction (with a warning), as in PyTorch.
        reduction (str): ``'none'`` | ``'mean'`` | ``'sum'``. Default: ``'mean'``.

    Returns:
        Tensor: a scalar, or the per-element (per-sample) losses with
        ``reduction='none'``.

    Example::

        >>> import numtensor.nn.functional as F
        >>> F.multi_margin_loss(torch.tensor([[0.1, 0.2, 0.4, 0.8]]), torch.tensor([3]))
        tensor(0.3250)
    """
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
    r"""The multi-class multi-label hinge loss (targets: class indices ended by -1).

    See :class:`~numtensor.nn.MultiLabelMarginLoss` for details.

    Args:
        input (Tensor): the prediction.
        target (Tensor): the target.
        size_average, reduce: deprecated; when either is given, the two choose the
            reduction (with a warning), as in PyTorch.
        reduction (str): ``'none'`` | ``'mean'`` | ``'sum'``. Default: ``'mean'``.

    Returns:
        Tensor: a scalar, or the per-element (per-sample) losses with
        ``reduction='none'``.

    Example::

        >>> import numtensor.nn.functional as F
        >>> x = torch.tensor([[0.1, 0.2, 0.4, 0.8]])
        >>> F.multilabel_margin_loss(x, torch.tensor([[3, 0, -1, 1]]))
        tensor(0.8500)
    """
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
    r"""The triplet loss ``max(d(a, p) - d(a, n) + margin, 0)`` with the ``p``-norm distance.

    See :class:`~numtensor.nn.TripletMarginLoss` for details.

    Args:
        anchor, positive, negative (Tensor): :math:`(N, D)` or :math:`(D)`.
        margin (float): Default: 1.
        p (float): the norm degree. Default: 2.
        eps (float): Default: 1e-6.
        swap (bool): use d(p, n) when smaller than d(a, n). Default: ``False``.
        size_average, reduce: deprecated; when either is given, the two choose the
            reduction (with a warning), as in PyTorch.
        reduction (str): ``'none'`` | ``'mean'`` | ``'sum'``. Default: ``'mean'``.

    Returns:
        Tensor: a scalar, or the per-element (per-sample) losses with
        ``reduction='none'``.

    Example::

        >>> import numtensor.nn.functional as F
        >>> a, p, n = torch.zeros(1, 2), torch.tensor([[0., 1.]]), torch.tensor([[0., 1.5]])
        >>> F.triplet_margin_loss(a, p, n)
        tensor(0.5000)
    """
    reduction = _legacy(size_average, reduce, reduction)
    d_ap = pairwise_distance(anchor, positive, p, eps)
    d_an = pairwise_distance(anchor, negative, p, eps)
    if swap:
        d_an = _nt.minimum(d_an, pairwise_distance(positive, negative, p, eps))
    return _reduce((d_ap - d_an + margin).clamp(min=0), reduction)


def triplet_margin_with_distance_loss(anchor, positive, negative, *, distance_function=None,
                                      margin: float = 1.0, swap: bool = False,
                                      reduction: str = "mean"):  # fmt: skip
    r"""The triplet loss ``max(d(a, p) - d(a, n) + margin, 0)`` with a custom distance ``d``.

    See :class:`~numtensor.nn.TripletMarginWithDistanceLoss` for details.

    Args:
        anchor, positive, negative (Tensor): the triplets.
        distance_function (callable, optional): Default: :func:`pairwise_distance`.
        margin (float): Default: 1.
        swap (bool): Default: ``False``.
        reduction (str): ``'none'`` | ``'mean'`` | ``'sum'``. Default: ``'mean'``.

    Returns:
        Tensor: a scalar, or the per-element (per-sample) losses with
        ``reduction='none'``.

    Example::

        >>> import numtensor.nn.functional as F
        >>> a, p, n = torch.zeros(1, 2), torch.tensor([[0., 1.]]), torch.tensor([[0., 1.5]])
        >>> F.triplet_margin_with_distance_loss(a, p, n, margin=2.0)
        tensor(1.5000)
    """
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
