"""Margin, ranking and embedding losses: the loss modules built on a margin between scores
or distances (thin wrappers around nn.functional's)."""

from __future__ import annotations

from .. import functional as F
from .distance import PairwiseDistance
from .loss import _Loss, _WeightedLoss


class _MarginLoss(_Loss):
    def __init__(self, margin: float = 0.0, size_average=None, reduce=None,
                 reduction: str = "mean") -> None:  # fmt: skip
        super().__init__(size_average, reduce, reduction)
        self.margin = margin


class CosineEmbeddingLoss(_MarginLoss):
    r"""A loss for learning whether two inputs are similar (``y = 1``) or dissimilar
    (``y = -1``), from their cosine similarity: ``1 - cos(x1, x2)`` if ``y = 1``, else
    ``max(0, cos(x1, x2) - margin)``.

    Args:
        margin (float): in [-1, 1]; 0 to 0.5 is suggested. Default: 0.
        size_average, reduce: deprecated; when either is given, the two choose the
            reduction (with a warning), as in PyTorch.
        reduction (str): ``'none'`` | ``'mean'`` | ``'sum'``: no reduction, the mean, or
            the sum of the per-element losses. Default: ``'mean'``.

    Shape:
        - Input1, Input2: :math:`(N, D)` or :math:`(D)`; Target: :math:`(N)` or :math:`()`.
        - Output: scalar, or :math:`(N)` with ``reduction='none'``.

    Example::

        >>> loss = torch.nn.CosineEmbeddingLoss(reduction="none")
        >>> x1 = torch.tensor([[1., 0.], [1., 0.]])
        >>> x2 = torch.tensor([[1., 1.], [1., 1.]])
        >>> loss(x1, x2, torch.tensor([1, -1]))
        tensor([0.2929, 0.7071])
    """

    def forward(self, input1, input2, target):
        return F.cosine_embedding_loss(
            input1, input2, target, self.margin, reduction=self.reduction
        )


class MarginRankingLoss(_MarginLoss):
    r"""A ranking loss: for targets ``y`` of 1 (``x1`` should rank higher) or -1,
    ``l_n = max(0, -y_n (x1_n - x2_n) + margin)``.

    Args:
        margin (float): Default: 0.
        size_average, reduce: deprecated; when either is given, the two choose the
            reduction (with a warning), as in PyTorch.
        reduction (str): ``'none'`` | ``'mean'`` | ``'sum'``: no reduction, the mean, or
            the sum of the per-element losses. Default: ``'mean'``.

    Shape:
        - Input1, Input2, Target: :math:`(N)` or :math:`()`.
        - Output: scalar, or :math:`(N)` with ``reduction='none'``.

    Example::

        >>> loss = torch.nn.MarginRankingLoss(margin=0.5, reduction="none")
        >>> loss(torch.tensor([1., 2.]), torch.tensor([2., 1.]), torch.tensor([1., 1.]))
        tensor([1.5000, 0.0000])
    """

    def forward(self, input1, input2, target):
        return F.margin_ranking_loss(input1, input2, target, self.margin, reduction=self.reduction)


class HingeEmbeddingLoss(_MarginLoss):
    r"""A loss for inputs ``x`` (e.g. distances) with targets ``y`` of 1 or -1:
    ``l_n = x_n`` if ``y_n = 1``, ``max(0, margin - x_n)`` if ``y_n = -1``.

    Args:
        margin (float): Default: 1.0.
        size_average, reduce: deprecated; when either is given, the two choose the
            reduction (with a warning), as in PyTorch.
        reduction (str): ``'none'`` | ``'mean'`` | ``'sum'``: no reduction, the mean, or
            the sum of the per-element losses. Default: ``'mean'``.

    Shape:
        - Input: :math:`(*)`; Target: :math:`(*)`, same shape.
        - Output: scalar, or :math:`(*)` with ``reduction='none'``.

    Example::

        >>> loss = torch.nn.HingeEmbeddingLoss(reduction="none")
        >>> loss(torch.tensor([0.3, 0.3]), torch.tensor([1., -1.]))
        tensor([0.3000, 0.7000])
    """

    def __init__(self, margin: float = 1.0, size_average=None, reduce=None,
                 reduction: str = "mean") -> None:  # fmt: skip
        super().__init__(margin, size_average, reduce, reduction)

    def forward(self, input, target):
        return F.hinge_embedding_loss(input, target, self.margin, reduction=self.reduction)


class SoftMarginLoss(_Loss):
    r"""A two-class logistic loss for targets of 1 or -1: ``l_n = log(1 + exp(-y_n x_n))``,
    then reduced.

    Args:
        size_average, reduce: deprecated; when either is given, the two choose the
            reduction (with a warning), as in PyTorch.
        reduction (str): ``'none'`` | ``'mean'`` | ``'sum'``: no reduction, the mean, or
            the sum of the per-element losses. Default: ``'mean'``.

    Shape:
        - Input: :math:`(*)`; Target: :math:`(*)`, same shape.
        - Output: scalar, or :math:`(*)` with ``reduction='none'``.

    Example::

        >>> loss = torch.nn.SoftMarginLoss()
        >>> loss(torch.tensor([0., 2.]), torch.tensor([1., -1.]))
        tensor(1.4100)
    """

    def forward(self, input, target):
        return F.soft_margin_loss(input, target, reduction=self.reduction)


class MultiLabelSoftMarginLoss(_WeightedLoss):
    r"""A multi-label one-versus-all loss on logits ``x`` of shape (N, C) and 0/1 targets:
    ``l_n = -1/C sum_c w_c (y_c log sigmoid(x_c) + (1 - y_c) log sigmoid(-x_c))``.

    Args:
        weight (Tensor, optional): a weight per class, shape ``(C,)``.
        size_average, reduce: deprecated; when either is given, the two choose the
            reduction (with a warning), as in PyTorch.
        reduction (str): ``'none'`` | ``'mean'`` | ``'sum'``: no reduction, the mean, or
            the sum of the per-element losses. Default: ``'mean'``.

    Shape:
        - Input: :math:`(N, C)`; Target: :math:`(N, C)`, 0 or 1.
        - Output: scalar, or :math:`(N)` with ``reduction='none'``.

    Example::

        >>> loss = torch.nn.MultiLabelSoftMarginLoss()
        >>> loss(torch.tensor([[0., 2.]]), torch.tensor([[0., 1.]]))
        tensor(0.4100)
    """

    def forward(self, input, target):
        return F.multilabel_soft_margin_loss(input, target, self.weight, reduction=self.reduction)


class MultiLabelMarginLoss(_Loss):
    r"""A multi-class multi-label hinge loss: each sample's target lists class indices,
    ended by the first -1; ``l = sum_{j in y, i not in y} max(0, 1 - (x[j] - x[i])) / C``.

    Args:
        size_average, reduce: deprecated; when either is given, the two choose the
            reduction (with a warning), as in PyTorch.
        reduction (str): ``'none'`` | ``'mean'`` | ``'sum'``: no reduction, the mean, or
            the sum of the per-element losses. Default: ``'mean'``.

    Shape:
        - Input: :math:`(C)` or :math:`(N, C)`; Target: same shape, int64, padded with -1.
        - Output: scalar, or :math:`(N)` with ``reduction='none'``.

    Example::

        >>> loss = torch.nn.MultiLabelMarginLoss()
        >>> x = torch.tensor([[0.1, 0.2, 0.4, 0.8]])
        >>> loss(x, torch.tensor([[3, 0, -1, 1]]))
        tensor(0.8500)
    """

    def forward(self, input, target):
        return F.multilabel_margin_loss(input, target, reduction=self.reduction)


class MultiMarginLoss(_WeightedLoss):
    r"""A multi-class hinge loss: for each sample with target class ``y``,
    ``l = sum_{i != y} max(0, margin - x[y] + x[i])^p / C`` (times ``weight[y]``).

    Args:
        p (int): 1 or 2. Default: 1.
        margin (float): Default: 1.0.
        weight (Tensor, optional): a weight per class, shape ``(C,)``.
        size_average, reduce: deprecated; when either is given, the two choose the
            reduction (with a warning), as in PyTorch.
        reduction (str): ``'none'`` | ``'mean'`` | ``'sum'``: no reduction, the mean, or
            the sum of the per-element losses. Default: ``'mean'``.

    Shape:
        - Input: :math:`(N, C)` or :math:`(C)`; Target: :math:`(N)` or :math:`()`.
        - Output: scalar, or :math:`(N)` with ``reduction='none'``.

    Example::

        >>> loss = torch.nn.MultiMarginLoss()
        >>> loss(torch.tensor([[0.1, 0.2, 0.4, 0.8]]), torch.tensor([3]))
        tensor(0.3250)
    """

    def __init__(self, p: int = 1, margin: float = 1.0, weight=None, size_average=None,
                 reduce=None, reduction: str = "mean") -> None:  # fmt: skip
        if p not in (1, 2):
            raise ValueError("only p == 1 and p == 2 supported")
        super().__init__(weight, size_average, reduce, reduction)
        self.p, self.margin = p, margin

    def forward(self, input, target):
        return F.multi_margin_loss(input, target, self.p, self.margin, self.weight,
                                   reduction=self.reduction)  # fmt: skip


class TripletMarginLoss(_Loss):
    r"""A triplet loss for learning embeddings: with the ``p``-norm distance ``d``,
    ``l_n = max(d(a_n, p_n) - d(a_n, n_n) + margin, 0)``.

    Args:
        margin (float): Default: 1.0.
        p (float): the norm degree of the pairwise distance. Default: 2.
        eps (float): added inside the distance for stability. Default: 1e-6.
        swap (bool): use the distance between positive and negative when smaller.
            Default: ``False``.
        size_average, reduce: deprecated; when either is given, the two choose the
            reduction (with a warning), as in PyTorch.
        reduction (str): ``'none'`` | ``'mean'`` | ``'sum'``: no reduction, the mean, or
            the sum of the per-element losses. Default: ``'mean'``.

    Shape:
        - Anchor, Positive, Negative: :math:`(N, D)` or :math:`(D)`.
        - Output: scalar, or :math:`(N)` with ``reduction='none'``.

    Example::

        >>> loss = torch.nn.TripletMarginLoss(margin=1.0)
        >>> a, p, n = torch.zeros(1, 2), torch.tensor([[0., 1.]]), torch.tensor([[0., 1.5]])
        >>> loss(a, p, n)
        tensor(0.5000)
    """

    def __init__(self, margin: float = 1.0, p: float = 2.0, eps: float = 1e-6, swap: bool = False,
                 size_average=None, reduce=None, reduction: str = "mean") -> None:  # fmt: skip
        super().__init__(size_average, reduce, reduction)
        self.margin, self.p, self.eps, self.swap = margin, p, eps, swap

    def forward(self, anchor, positive, negative):
        return F.triplet_margin_loss(anchor, positive, negative, self.margin, self.p, self.eps,
                                     self.swap, reduction=self.reduction)  # fmt: skip


class TripletMarginWithDistanceLoss(_Loss):
    r"""A triplet loss with a custom distance:
    ``l_n = max(d(a_n, p_n) - d(a_n, n_n) + margin, 0)``.

    Args:
        distance_function (callable, optional): a distance between two tensors.
            Default: a :class:`~numtensor.nn.PairwiseDistance`.
        margin (float): Default: 1.0.
        swap (bool): use the distance between positive and negative when smaller.
            Default: ``False``.
        reduction (str): ``'none'`` | ``'mean'`` | ``'sum'``: no reduction, the mean, or
            the sum of the per-element losses. Default: ``'mean'``.

    Shape:
        - Anchor, Positive, Negative: :math:`(N, *)`, as the distance function takes them.
        - Output: scalar, or :math:`(N)` with ``reduction='none'``.

    Example::

        >>> l1 = lambda x, y: (x - y).abs().sum(-1)
        >>> loss = torch.nn.TripletMarginWithDistanceLoss(distance_function=l1, margin=1.0)
        >>> loss(torch.zeros(1, 2), torch.tensor([[1., 1.]]), torch.tensor([[1., 2.]]))
        tensor(0.)
    """

    def __init__(self, *, distance_function=None, margin: float = 1.0, swap: bool = False,
                 reduction: str = "mean") -> None:  # fmt: skip
        super().__init__(reduction=reduction)
        # (PyTorch's default is a PairwiseDistance module, which prints as a child)
        self.distance_function = (
            distance_function if distance_function is not None else PairwiseDistance()
        )
        self.margin, self.swap = margin, swap

    def forward(self, anchor, positive, negative):
        return F.triplet_margin_with_distance_loss(
            anchor, positive, negative, distance_function=self.distance_function,
            margin=self.margin, swap=self.swap, reduction=self.reduction,
        )  # fmt: skip
