"""Loss functions with PyTorch's reductions ('mean', 'sum', 'none') and options."""

from __future__ import annotations

import numtensor as _nt

from .._dtype import result_type, type_name
from .._tensor_base import Tensor
from ..autograd.function import name_node
from ..ops.index import check_index_bounds
from ._reduction import resolve as _legacy_reduction


def _reduce(loss: Tensor, reduction: str) -> Tensor:
    if reduction == "mean":
        return loss.mean()
    if reduction == "sum":
        return loss.sum()
    if reduction == "none":
        return loss
    raise ValueError(f"{reduction} is not a valid value for reduction")


def _same_shape(input, target, name: str) -> None:
    if tuple(input.shape) != tuple(target.shape):
        import warnings

        warnings.warn(
            f"Using a target size ({target.shape}) that is different to the input size "
            f"({input.shape}). This will likely lead to incorrect results due to broadcasting. "
            "Please ensure they have the same size.",
            stacklevel=3,
        )


def _check_weight(input, weight) -> None:
    if tuple(weight.shape) != tuple(input.shape):
        raise ValueError("Weights and input must have the same size.")


def _weighted_reduce(loss: Tensor, weight: Tensor, reduction: str) -> Tensor:
    """PyTorch's weighted mse/l1 reduction: 'mean' is the weighted sum over the weights' sum."""
    if reduction == "mean":
        return loss.sum() / weight.sum()
    if reduction in ("sum", "none"):
        return _reduce(loss, reduction)
    raise ValueError(f"Invalid reduction mode: {reduction}. Expected one of 'none', 'mean', 'sum'.")


def mse_loss(
    input, target, size_average=None, reduce=None, reduction: str = "mean", weight=None
) -> Tensor:
    r"""Measures the element-wise squared error ``(x - y)^2``, reduced.

    See :class:`~numtensor.nn.MSELoss` for details.

    Args:
        input (Tensor): the prediction.
        target (Tensor): the target.
        size_average (bool, optional): deprecated (see ``reduction``); when it or ``reduce``
            is given, the two choose the reduction, with a warning.
        reduce (bool, optional): deprecated (see ``reduction``).
        reduction (str): ``'none'`` | ``'mean'`` | ``'sum'``. Default: ``'mean'``.
        weight (Tensor, optional): a weight per element, shaped like ``input``; ``'mean'``
            then divides the weighted sum by the sum of the weights.

    Returns:
        Tensor: a scalar, or the per-element (per-sample) losses with
        ``reduction='none'``.

    Example::

        >>> import numtensor.nn.functional as F
        >>> x, y = torch.tensor([1., 2., 3.]), torch.tensor([1., 0., 0.])
        >>> F.mse_loss(x, y, weight=torch.tensor([1., 1., 2.]))
        tensor(5.5000)
        >>> F.mse_loss(x, y)
        tensor(4.3333)
        >>> F.mse_loss(x, y, reduction='none')
        tensor([0., 4., 9.])
    """
    _same_shape(input, target, "mse_loss")
    reduction = _legacy_reduction(size_average, reduce, reduction)
    if weight is not None:
        _check_weight(input, weight)
        return _weighted_reduce((input - target) ** 2 * weight, weight, reduction)
    d = result_type(input, target)
    if not d.is_floating_point:
        raise NotImplementedError(f"\"mse_cpu\" not implemented for '{type_name(d)}'")
    # (in the promoted dtype: a bool input against a float target is allowed, as in PyTorch)
    return name_node(_reduce((input.to(d) - target.to(d)) ** 2, reduction), "MseLossBackward0")


def l1_loss(
    input, target, size_average=None, reduce=None, reduction: str = "mean", weight=None
) -> Tensor:
    r"""Measures the element-wise absolute error ``|x - y|``, reduced.

    See :class:`~numtensor.nn.L1Loss` for details.

    Args:
        input (Tensor): the prediction.
        target (Tensor): the target.
        size_average (bool, optional): deprecated (see ``reduction``); when it or ``reduce``
            is given, the two choose the reduction, with a warning.
        reduce (bool, optional): deprecated (see ``reduction``).
        reduction (str): ``'none'`` | ``'mean'`` | ``'sum'``. Default: ``'mean'``.
        weight (Tensor, optional): a weight per element, shaped like ``input``; ``'mean'``
            then divides the weighted sum by the sum of the weights.

    Returns:
        Tensor: a scalar, or the per-element (per-sample) losses with
        ``reduction='none'``.

    Example::

        >>> import numtensor.nn.functional as F
        >>> x, y = torch.tensor([1., 2., 3.]), torch.tensor([1., 0., 0.])
        >>> F.l1_loss(x, y)
        tensor(1.6667)
        >>> F.l1_loss(x, y, reduction="sum")
        tensor(5.)
    """
    _same_shape(input, target, "l1_loss")
    reduction = _legacy_reduction(size_average, reduce, reduction)
    if weight is not None:
        _check_weight(input, weight)
        return _weighted_reduce((input - target).abs() * weight, weight, reduction)
    return _reduce((input - target).abs(), reduction)


def smooth_l1_loss(
    input, target, size_average=None, reduce=None, reduction: str = "mean", beta: float = 1.0
) -> Tensor:
    r"""Smooth L1 loss: ``0.5 d^2 / beta`` where ``|d| < beta``, else ``|d| - 0.5 beta``,
    with ``d = x - y``.

    See :class:`~numtensor.nn.SmoothL1Loss` for details.

    Args:
        input (Tensor): the prediction.
        target (Tensor): the target.
        size_average (bool, optional): deprecated (see ``reduction``); when it or ``reduce``
            is given, the two choose the reduction, with a warning.
        reduce (bool, optional): deprecated (see ``reduction``).
        reduction (str): ``'none'`` | ``'mean'`` | ``'sum'``. Default: ``'mean'``.
        beta (float): the switch point. Default: 1.0.

    Returns:
        Tensor: a scalar, or the per-element (per-sample) losses with
        ``reduction='none'``.

    Example::

        >>> import numtensor.nn.functional as F
        >>> x, y = torch.tensor([1., 2., 3.]), torch.tensor([1., 0., 0.])
        >>> F.smooth_l1_loss(x, y, reduction='none')
        tensor([0.0000, 1.5000, 2.5000])
    """
    reduction = _legacy_reduction(size_average, reduce, reduction)
    diff = (input - target).abs()
    if beta == 0:
        return _reduce(diff, reduction)
    loss = _nt.where(diff < beta, 0.5 * diff * diff / beta, diff - 0.5 * beta)
    return name_node(_reduce(loss, reduction), "SmoothL1LossBackward0")


def huber_loss(input, target, reduction: str = "mean", delta: float = 1.0, weight=None) -> Tensor:
    r"""Huber loss: ``0.5 d^2`` where ``|d| < delta``, else ``delta (|d| - 0.5 delta)``,
    with ``d = x - y``.

    See :class:`~numtensor.nn.HuberLoss` for details.

    Args:
        input (Tensor): the prediction.
        target (Tensor): the target.
        reduction (str): ``'none'`` | ``'mean'`` | ``'sum'``. Default: ``'mean'``.
        delta (float): the switch point. Default: 1.0.
        weight (Tensor, optional): a weight per element, shaped like ``input`` (``'mean'``
            is the mean of the weighted losses).

    Returns:
        Tensor: a scalar, or the per-element (per-sample) losses with
        ``reduction='none'``.

    Example::

        >>> import numtensor.nn.functional as F
        >>> x, y = torch.tensor([1., 2., 3.]), torch.tensor([1., 0., 0.])
        >>> F.huber_loss(x, y, reduction='none')
        tensor([0.0000, 1.5000, 2.5000])
    """
    diff = (input - target).abs()
    loss = _nt.where(diff < delta, 0.5 * diff * diff, delta * (diff - 0.5 * delta))
    if weight is not None:  # (PyTorch composes the weighted loss: its last op's node)
        _check_weight(input, weight)
        return _reduce(loss * weight, reduction)
    return name_node(_reduce(loss, reduction), "HuberLossBackward0")


def _class_dim_last(x: Tensor) -> Tensor:
    """[N, C, d1, ...] -> [N * d1 * ..., C]; [C] -> [1, C]."""
    if x.ndim == 1:
        return x.unsqueeze(0)
    if x.ndim == 2:
        return x
    return x.movedim(1, -1).reshape(-1, x.shape[1])


def nll_loss(
    input,
    target,
    weight=None,
    size_average=None,
    ignore_index: int = -100,
    reduce=None,
    reduction: str = "mean",
) -> Tensor:
    r"""The negative log likelihood loss, ``-weight[y] * input[n, y]`` for log-probability inputs.

    See :class:`~numtensor.nn.NLLLoss` for details.

    Args:
        input (Tensor): log-probabilities :math:`(N, C)`, :math:`(C)` or :math:`(N, C, d_1, ...)`.
        target (Tensor): class indices :math:`(N)`, :math:`()` or :math:`(N, d_1, ...)`.
        weight (Tensor, optional): a weight per class.
        size_average (bool, optional): deprecated (see ``reduction``); when it or ``reduce``
            is given, the two choose the reduction, with a warning.
        ignore_index (int): a target ignored. Default: -100.
        reduce (bool, optional): deprecated (see ``reduction``).
        reduction (str): ``'none'`` | ``'mean'`` | ``'sum'``. Default: ``'mean'``.

    Returns:
        Tensor: a scalar, or the per-element (per-sample) losses with
        ``reduction='none'``.

    Example::

        >>> import numtensor.nn.functional as F
        >>> log_probs = torch.log(torch.tensor([[0.25, 0.75], [0.5, 0.5]]))
        >>> F.nll_loss(log_probs, torch.tensor([1, 0]))
        tensor(0.4904)
    """
    reduction = _legacy_reduction(size_average, reduce, reduction)
    if target.dtype.is_floating_point:
        raise RuntimeError(f"expected scalar type Long but found {target.dtype}")
    logp = _class_dim_last(input)
    flat_target = target.reshape(-1)
    if logp.shape[0] != flat_target.shape[0]:
        raise ValueError(
            f"Expected input batch_size ({logp.shape[0]}) to match target "
            f"batch_size ({flat_target.shape[0]})."
        )
    n_classes = logp.shape[1]
    valid = flat_target != ignore_index
    safe = flat_target.masked_fill(~valid, 0)
    check_index_bounds(
        safe, 0, n_classes, lambda bad: IndexError(f"Target {bad} is out of bounds.")
    )
    picked = -logp.gather(1, safe.unsqueeze(1)).squeeze(1)
    w = valid.to(logp.dtype)
    if weight is not None:
        w = w * weight.index_select(0, safe)
    loss = picked * w
    # PyTorch's node: NllLoss2D for inputs of 3 or more dims (run as 4-d: a view back to the
    # target's shape ends the unreduced loss of 3-d and 5-d+ inputs)
    node = "NllLossBackward0" if input.ndim <= 2 else "NllLoss2DBackward0"
    if reduction == "mean":
        return name_node(loss.sum() / w.sum(), node)
    if reduction == "sum":
        return name_node(loss.sum(), node)
    if reduction == "none":
        out = loss.reshape(target.shape)
        return name_node(out, node) if input.ndim in (1, 2, 4) else out
    raise ValueError(f"{reduction} is not a valid value for reduction")


def cross_entropy(
    input,
    target,
    weight=None,
    size_average=None,
    ignore_index: int = -100,
    reduce=None,
    reduction: str = "mean",
    label_smoothing: float = 0.0,
) -> Tensor:
    r"""The cross entropy between logits and targets (class indices, or class probabilities of
    the input's shape): ``log_softmax`` over dim 1 followed by :func:`nll_loss`.

    See :class:`~numtensor.nn.CrossEntropyLoss` for details.

    Args:
        input (Tensor): logits :math:`(N, C)`, :math:`(C)` or :math:`(N, C, d_1, ...)`.
        target (Tensor): class indices :math:`(N)` (int64), or probabilities shaped like ``input``.
        weight (Tensor, optional): a weight per class, :math:`(C)`.
        size_average (bool, optional): deprecated (see ``reduction``); when it or ``reduce``
            is given, the two choose the reduction, with a warning.
        ignore_index (int): a class-index target ignored. Default: -100.
        reduce (bool, optional): deprecated (see ``reduction``).
        reduction (str): ``'none'`` | ``'mean'`` | ``'sum'``. Default: ``'mean'``.
        label_smoothing (float): in [0, 1], mixes the target with the uniform distribution. Default:
            0.

    Returns:
        Tensor: a scalar, or the per-element (per-sample) losses with
        ``reduction='none'``.

    Example::

        >>> import numtensor.nn.functional as F
        >>> logits = torch.tensor([[2.0, 0.5, -1.0], [0.0, 1.0, 0.0]])
        >>> F.cross_entropy(logits, torch.tensor([0, 1]))
        tensor(0.3964)
        >>> F.cross_entropy(logits, torch.tensor([0, 1]), reduction='none')
        tensor([0.2413, 0.5514])
        >>> F.cross_entropy(logits, torch.tensor([0, 1]), label_smoothing=0.1)
        tensor(0.5047)
    """
    reduction = _legacy_reduction(size_average, reduce, reduction)
    if not 0.0 <= label_smoothing <= 1.0:
        raise ValueError(f"label_smoothing must be between 0.0 and 1.0. Got: {label_smoothing}")
    class_dim = 0 if input.ndim == 1 else 1
    logp = input.log_softmax(class_dim)
    n_classes = input.shape[class_dim]
    if target.dtype.is_floating_point:  # class probabilities
        if tuple(target.shape) != tuple(input.shape):
            raise RuntimeError("Expected target of the same shape as input for probabilities")
        if label_smoothing:
            target = target * (1 - label_smoothing) + label_smoothing / n_classes
        terms = logp * target
        if weight is not None:
            shape = [1] * input.ndim
            shape[class_dim] = n_classes
            terms = terms * weight.reshape(shape)
        loss = -terms.sum(class_dim)
        # (PyTorch composes this loss: the nodes of its last ops, a division by a number and
        # a negation)
        if reduction == "mean":
            return name_node(loss.sum() / (input.shape[0] if input.ndim > 1 else 1), "DivBackward1")
        return name_node(_reduce(loss, reduction), "NegBackward0")
    nll = nll_loss(logp, target, weight, ignore_index=ignore_index, reduction=reduction)
    if not label_smoothing:
        return nll
    flat = _class_dim_last(logp)
    flat_target = target.reshape(-1)
    ignore = flat_target == ignore_index
    smooth = -(flat * weight if weight is not None else flat).sum(1).masked_fill(ignore, 0.0)
    if reduction == "mean":
        if weight is not None:
            denom = weight.index_select(0, flat_target.masked_select(~ignore)).sum()
        else:
            denom = (~ignore).sum()
        smooth = smooth.sum() / denom
    elif reduction == "sum":
        smooth = smooth.sum()
    else:
        smooth = smooth.reshape(target.shape)
    return (1 - label_smoothing) * nll + smooth * (label_smoothing / n_classes)


def binary_cross_entropy(
    input, target, weight=None, size_average=None, reduce=None, reduction: str = "mean"
) -> Tensor:
    r"""The binary cross entropy ``-w (y log x + (1 - y) log(1 - x))`` of probabilities ``x``.

    See :class:`~numtensor.nn.BCELoss` for details.

    Args:
        input (Tensor): the prediction.
        target (Tensor): the target.
        weight (Tensor, optional): a rescaling weight, broadcast.
        size_average (bool, optional): deprecated (see ``reduction``); when it or ``reduce``
            is given, the two choose the reduction, with a warning.
        reduce (bool, optional): deprecated (see ``reduction``).
        reduction (str): ``'none'`` | ``'mean'`` | ``'sum'``. Default: ``'mean'``.

    Returns:
        Tensor: a scalar, or the per-element (per-sample) losses with
        ``reduction='none'``.

    Example::

        >>> import numtensor.nn.functional as F
        >>> F.binary_cross_entropy(torch.tensor([0.8, 0.4]), torch.tensor([1., 0.]))
        tensor(0.3670)
    """
    reduction = _legacy_reduction(size_average, reduce, reduction)
    if tuple(input.shape) != tuple(target.shape):
        raise ValueError(
            f"Using a target size ({target.shape}) that is different to the input "
            f"size ({input.shape}) is deprecated. Please ensure they have the same "
            "size."
        )
    if ((input < 0) | (input > 1)).any().item():
        raise RuntimeError("all elements of input should be between 0 and 1")
    loss = -(
        target * input.log().clamp(min=-100) + (1 - target) * (1 - input).log().clamp(min=-100)
    )
    if weight is not None:
        loss = loss * weight
    return name_node(_reduce(loss, reduction), "BinaryCrossEntropyBackward0")


def binary_cross_entropy_with_logits(
    input,
    target,
    weight=None,
    size_average=None,
    reduce=None,
    reduction: str = "mean",
    pos_weight=None,
) -> Tensor:
    r"""The binary cross entropy of ``sigmoid(input)``, computed stably from the logits.

    See :class:`~numtensor.nn.BCEWithLogitsLoss` for details.

    Args:
        input (Tensor): the prediction.
        target (Tensor): the target.
        weight (Tensor, optional): a rescaling weight, broadcast.
        size_average (bool, optional): deprecated (see ``reduction``); when it or ``reduce``
            is given, the two choose the reduction, with a warning.
        reduce (bool, optional): deprecated (see ``reduction``).
        reduction (str): ``'none'`` | ``'mean'`` | ``'sum'``. Default: ``'mean'``.
        pos_weight (Tensor, optional): the weight of positive examples, per class.

    Returns:
        Tensor: a scalar, or the per-element (per-sample) losses with
        ``reduction='none'``.

    Example::

        >>> import numtensor.nn.functional as F
        >>> F.binary_cross_entropy_with_logits(torch.tensor([2.0, -1.0]), torch.tensor([1., 0.]))
        tensor(0.2201)
    """
    reduction = _legacy_reduction(size_average, reduce, reduction)
    if tuple(input.shape) != tuple(target.shape):
        raise ValueError(
            f"Target size ({target.shape}) must be the same as input size ({input.shape})"
        )
    log_sig_neg = (-input).clamp(min=0) + ((-input.abs()).exp()).log1p()  # log(1 + e^-x)
    if pos_weight is not None:
        coeff = 1 + (pos_weight - 1) * target
        loss = (1 - target) * input + coeff * log_sig_neg
    else:
        loss = (1 - target) * input + log_sig_neg
    if weight is not None:
        loss = loss * weight
    return name_node(_reduce(loss, reduction), "BinaryCrossEntropyWithLogitsBackward0")
