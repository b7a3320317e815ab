"""Loss modules: thin wrappers around nn.functional's losses."""

from __future__ import annotations

from .. import functional as F
from .._reduction import legacy_get_string
from .module import Module


class _Loss(Module):
    """The base of the loss modules: holds ``reduction``, or the one the deprecated
    ``size_average`` / ``reduce`` flags name when either is given (with PyTorch's warning)."""

    def __init__(self, size_average=None, reduce=None, reduction: str = "mean") -> None:
        super().__init__()
        if size_average is not None or reduce is not None:
            self.reduction = legacy_get_string(size_average, reduce)
        else:
            self.reduction = reduction


class _WeightedLoss(_Loss):
    """A loss with a ``weight`` buffer (a per-class or per-element rescaling, or None)."""

    def __init__(self, weight=None, size_average=None, reduce=None, reduction: str = "mean"):
        super().__init__(size_average, reduce, reduction)
        self.register_buffer("weight", weight)


class MSELoss(_Loss):
    r"""Measures the mean squared error between each element of ``input`` and ``target``:
    ``l_n = (x_n - y_n)^2``, then reduced.

    Args:
        size_average (bool, optional): deprecated (see ``reduction``). When it or ``reduce``
            is given, the two choose the reduction, with a warning: ``reduce=False`` gives
            ``'none'``, else ``size_average=False`` gives ``'sum'``, else ``'mean'``.
        reduce (bool, optional): deprecated (see ``reduction``).
        reduction (str): ``'none'`` | ``'mean'`` | ``'sum'``: no reduction, the mean, or
            the sum of the per-element losses. Default: ``'mean'``.

    Shape:
        - Input: :math:`(*)`; Target: :math:`(*)`, same shape.
        - Output: scalar, or :math:`(*)` with ``reduction='none'``.

    Example::

        >>> torch.nn.MSELoss(None, None, "sum")(torch.tensor([1., 2.]), torch.zeros(2))
        tensor(5.)
        >>> loss = torch.nn.MSELoss()
        >>> loss(torch.tensor([1., 2., 3.]), torch.tensor([1., 0., 0.]))
        tensor(4.3333)
        >>> torch.nn.MSELoss(reduction="none")(torch.tensor([1., 2.]), torch.zeros(2))
        tensor([1., 4.])
    """

    def forward(self, input, target):
        return F.mse_loss(input, target, reduction=self.reduction)


class L1Loss(_Loss):
    r"""Measures the mean absolute error between each element of ``input`` and ``target``:
    ``l_n = |x_n - y_n|``, then reduced.

    Args:
        size_average (bool, optional): deprecated (see ``reduction``). When it or ``reduce``
            is given, the two choose the reduction, with a warning: ``reduce=False`` gives
            ``'none'``, else ``size_average=False`` gives ``'sum'``, else ``'mean'``.
        reduce (bool, optional): deprecated (see ``reduction``).
        reduction (str): ``'none'`` | ``'mean'`` | ``'sum'``: no reduction, the mean, or
            the sum of the per-element losses. Default: ``'mean'``.

    Shape:
        - Input: :math:`(*)`; Target: :math:`(*)`, same shape.
        - Output: scalar, or :math:`(*)` with ``reduction='none'``.

    Example::

        >>> loss = torch.nn.L1Loss()
        >>> loss(torch.tensor([1., 2., 3.]), torch.tensor([1., 0., 0.]))
        tensor(1.6667)
    """

    def forward(self, input, target):
        return F.l1_loss(input, target, reduction=self.reduction)


class SmoothL1Loss(_Loss):
    r"""A loss that is quadratic for small errors and L1 for large ones:
    ``l_n = 0.5 (x_n - y_n)^2 / beta`` if ``|x_n - y_n| < beta``, else
    ``|x_n - y_n| - 0.5 beta``; then reduced.

    Args:
        size_average (bool, optional): deprecated (see ``reduction``). When it or ``reduce``
            is given, the two choose the reduction, with a warning: ``reduce=False`` gives
            ``'none'``, else ``size_average=False`` gives ``'sum'``, else ``'mean'``.
        reduce (bool, optional): deprecated (see ``reduction``).
        reduction (str): ``'none'`` | ``'mean'`` | ``'sum'``: no reduction, the mean, or
            the sum of the per-element losses. Default: ``'mean'``.
        beta (float): where the loss changes from quadratic to L1. Default: 1.0.

    Shape:
        - Input: :math:`(*)`; Target: :math:`(*)`, same shape.
        - Output: scalar, or :math:`(*)` with ``reduction='none'``.

    Example::

        >>> loss = torch.nn.SmoothL1Loss(reduction="none")
        >>> loss(torch.tensor([0.5, 3.0]), torch.zeros(2))
        tensor([0.1250, 2.5000])
    """

    def __init__(
        self, size_average=None, reduce=None, reduction: str = "mean", beta: float = 1.0
    ) -> None:
        super().__init__(size_average, reduce, reduction)
        self.beta = beta

    def forward(self, input, target):
        return F.smooth_l1_loss(input, target, reduction=self.reduction, beta=self.beta)


class HuberLoss(_Loss):
    r"""The Huber loss: ``l_n = 0.5 (x_n - y_n)^2`` if ``|x_n - y_n| < delta``, else
    ``delta (|x_n - y_n| - 0.5 delta)``; then reduced.

    Args:
        reduction (str): ``'none'`` | ``'mean'`` | ``'sum'``: no reduction, the mean, or
            the sum of the per-element losses. Default: ``'mean'``.
        delta (float): where the loss changes from quadratic to linear. Default: 1.0.

    Shape:
        - Input: :math:`(*)`; Target: :math:`(*)`, same shape.
        - Output: scalar, or :math:`(*)` with ``reduction='none'``.

    Example::

        >>> loss = torch.nn.HuberLoss(reduction="none", delta=2.0)
        >>> loss(torch.tensor([1.0, 3.0]), torch.zeros(2))
        tensor([0.5000, 4.0000])
    """

    def __init__(self, reduction: str = "mean", delta: float = 1.0) -> None:
        super().__init__(reduction=reduction)
        self.delta = delta

    def forward(self, input, target):
        return F.huber_loss(input, target, reduction=self.reduction, delta=self.delta)


class NLLLoss(_WeightedLoss):
    r"""The negative log likelihood loss, for a classification with C classes whose input
    holds log-probabilities (e.g. from :class:`LogSoftmax`):
    ``l_n = -weight[y_n] * x[n, y_n]``; ``'mean'`` divides by the sum of the weights of
    the non-ignored targets.

    Args:
        weight (Tensor, optional): a weight per class, shape ``(C,)``.
        size_average (bool, optional): deprecated (see ``reduction``).
        ignore_index (int): a target value that contributes nothing. Default: -100.
        reduce (bool, optional): deprecated (see ``reduction``). When it or
            ``size_average`` is given, the two choose the reduction, with a warning.
        reduction (str): ``'none'`` | ``'mean'`` | ``'sum'``: no reduction, the mean, or
            the sum of the per-element losses. Default: ``'mean'``.

    Shape:
        - Input: :math:`(N, C)`, :math:`(C)` or :math:`(N, C, d_1, ..., d_K)`.
        - Target: :math:`(N)`, :math:`()` or :math:`(N, d_1, ..., d_K)`, class indices
          in ``[0, C)``.
        - Output: scalar, or the target's shape with ``reduction='none'``.

    Example::

        >>> log_probs = torch.log(torch.tensor([[0.25, 0.75], [0.5, 0.5]]))
        >>> torch.nn.NLLLoss()(log_probs, torch.tensor([1, 0]))
        tensor(0.4904)
    """

    def __init__(self, weight=None, size_average=None, ignore_index: int = -100, reduce=None,
                 reduction: str = "mean") -> None:  # fmt: skip
        super().__init__(weight, size_average, reduce, reduction)
        self.ignore_index = ignore_index

    def forward(self, input, target):
        return F.nll_loss(
            input, target, self.weight, ignore_index=self.ignore_index, reduction=self.reduction
        )


class CrossEntropyLoss(_WeightedLoss):
    r"""The cross entropy loss between unnormalised logits and targets, i.e. :class:`LogSoftmax`
    over the class dim followed by :class:`NLLLoss`:
    ``l_n = -weight[y_n] * log(exp(x[n, y_n]) / sum_c exp(x[n, c]))``.

    The target is either class indices or class probabilities (same shape as the input).

    Args:
        weight (Tensor, optional): a weight per class, shape ``(C,)``.
        size_average (bool, optional): deprecated (see ``reduction``).
        ignore_index (int): a target index that contributes nothing (class-index targets
            only). Default: -100.
        reduce (bool, optional): deprecated (see ``reduction``). When it or
            ``size_average`` is given, the two choose the reduction, with a warning.
        reduction (str): ``'none'`` | ``'mean'`` | ``'sum'``: no reduction, the mean, or
            the sum of the per-element losses. Default: ``'mean'``.
        label_smoothing (float): in [0, 1]; mixes the target with the uniform distribution
            by this amount. Default: 0.0.

    Shape:
        - Input: :math:`(N, C)`, :math:`(C)` or :math:`(N, C, d_1, ..., d_K)`.
        - Target: class indices, :math:`(N)`, :math:`()` or :math:`(N, d_1, ..., d_K)`; or
          probabilities, the input's shape.
        - Output: scalar, or the per-sample shape with ``reduction='none'``.

    Example::

        >>> loss = torch.nn.CrossEntropyLoss()
        >>> logits = torch.tensor([[2.0, 0.5, -1.0], [0.0, 1.0, 0.0]])
        >>> loss(logits, torch.tensor([0, 1]))
        tensor(0.3964)
        >>> loss(logits, torch.tensor([[1.0, 0.0, 0.0], [0.0, 1.0, 0.0]]))
        tensor(0.3964)
        >>> logits = torch.randn(3, 5, requires_grad=True)
        >>> out = loss(logits, torch.tensor([1, 0, 4]))
        >>> out.backward()
        >>> logits.grad.shape
        numtensor.Size([3, 5])
    """

    def __init__(
        self,
        weight=None,
        size_average=None,
        ignore_index: int = -100,
        reduce=None,
        reduction: str = "mean",
        label_smoothing: float = 0.0,
    ) -> None:
        super().__init__(weight, size_average, reduce, reduction)
        self.ignore_index, self.label_smoothing = ignore_index, label_smoothing

    def forward(self, input, target):
        return F.cross_entropy(
            input,
            target,
            self.weight,
            ignore_index=self.ignore_index,
            reduction=self.reduction,
            label_smoothing=self.label_smoothing,
        )


class BCELoss(_WeightedLoss):
    r"""The binary cross entropy between probabilities ``input`` and targets in [0, 1]:
    ``l_n = -w_n (y_n log x_n + (1 - y_n) log(1 - x_n))`` (the logs clamped at -100).

    Args:
        weight (Tensor, optional): a rescaling weight broadcast against the input.
        size_average (bool, optional): deprecated (see ``reduction``). When it or ``reduce``
            is given, the two choose the reduction, with a warning: ``reduce=False`` gives
            ``'none'``, else ``size_average=False`` gives ``'sum'``, else ``'mean'``.
        reduce (bool, optional): deprecated (see ``reduction``).
        reduction (str): ``'none'`` | ``'mean'`` | ``'sum'``: no reduction, the mean, or
            the sum of the per-element losses. Default: ``'mean'``.

    Shape:
        - Input: :math:`(*)`, probabilities; Target: :math:`(*)`, same shape.
        - Output: scalar, or :math:`(*)` with ``reduction='none'``.

    Example::

        >>> loss = torch.nn.BCELoss()
        >>> loss(torch.tensor([0.8, 0.4]), torch.tensor([1., 0.]))
        tensor(0.3670)
    """

    def forward(self, input, target):
        return F.binary_cross_entropy(input, target, self.weight, reduction=self.reduction)


class BCEWithLogitsLoss(_WeightedLoss):
    r""":class:`Sigmoid` followed by :class:`BCELoss`, in one numerically stable step:
    ``l_n = -w_n (p y_n log sigmoid(x_n) + (1 - y_n) log(1 - sigmoid(x_n)))``.

    Args:
        weight (Tensor, optional): a rescaling weight broadcast against the input.
        size_average (bool, optional): deprecated (see ``reduction``). When it or ``reduce``
            is given, the two choose the reduction, with a warning: ``reduce=False`` gives
            ``'none'``, else ``size_average=False`` gives ``'sum'``, else ``'mean'``.
        reduce (bool, optional): deprecated (see ``reduction``).
        reduction (str): ``'none'`` | ``'mean'`` | ``'sum'``: no reduction, the mean, or
            the sum of the per-element losses. Default: ``'mean'``.
        pos_weight (Tensor, optional): the weight ``p`` of the positive examples, broadcast
            along the class (last) dim.

    Shape:
        - Input: :math:`(*)`, logits; Target: :math:`(*)`, same shape.
        - Output: scalar, or :math:`(*)` with ``reduction='none'``.

    Example::

        >>> loss = torch.nn.BCEWithLogitsLoss()
        >>> loss(torch.tensor([2.0, -1.0]), torch.tensor([1., 0.]))
        tensor(0.2201)
    """

    def __init__(self, weight=None, size_average=None, reduce=None, reduction: str = "mean",
                 pos_weight=None) -> None:  # fmt: skip
        super().__init__(weight, size_average, reduce, reduction)
        self.register_buffer("pos_weight", pos_weight)

    def forward(self, input, target):
        return F.binary_cross_entropy_with_logits(
            input, target, self.weight, reduction=self.reduction, pos_weight=self.pos_weight
        )


# ---- the ranking, margin, embedding and likelihood losses ------------------------------------


class KLDivLoss(_Loss):
    r"""The Kullback-Leibler divergence loss, ``input`` holding log-probabilities:
    ``l = target * (log(target) - input)`` (``target`` given as log-probabilities too
    when ``log_target``).

    Args:
        size_average (bool, optional): deprecated (see ``reduction``). When it or ``reduce``
            is given, the two choose the reduction, with a warning: ``reduce=False`` gives
            ``'none'``, else ``size_average=False`` gives ``'sum'``, else ``'mean'``.
        reduce (bool, optional): deprecated (see ``reduction``).
        reduction (str): ``'none'`` | ``'batchmean'`` (the sum divided by the batch size,
            the mathematically correct KL) | ``'sum'`` | ``'mean'``. Default: ``'mean'``.
        log_target (bool): whether ``target`` is in log space. Default: ``False``.

    Shape:
        - Input: :math:`(*)`; Target: :math:`(*)`, same shape.
        - Output: scalar, or :math:`(*)` with ``reduction='none'``.

    Example::

        >>> kl = torch.nn.KLDivLoss(reduction="batchmean")
        >>> inp = torch.log(torch.tensor([[0.5, 0.5]]))
        >>> kl(inp, torch.tensor([[0.75, 0.25]]))
        tensor(0.1308)
    """

    def __init__(self, size_average=None, reduce=None, reduction: str = "mean",
                 log_target: bool = False) -> None:  # fmt: skip
        super().__init__(size_average, reduce, reduction)
        self.log_target = log_target

    def forward(self, input, target):
        return F.kl_div(input, target, reduction=self.reduction, log_target=self.log_target)


class PoissonNLLLoss(_Loss):
    r"""The negative log likelihood of a Poisson-distributed target:
    ``l_n = exp(x_n) - y_n x_n`` with ``log_input=True``, else
    ``x_n - y_n log(x_n + eps)``; plus Stirling's term for ``y_n > 1`` when ``full``.

    Args:
        log_input (bool): whether the input is the log of the rate. Default: ``True``.
        full (bool): add the Stirling approximation term. Default: ``False``.
        size_average (bool, optional): deprecated (see ``reduction``).
        eps (float): avoids log(0) when ``log_input=False``. Default: 1e-8.
        reduce (bool, optional): deprecated (see ``reduction``). When it or
            ``size_average`` is given, the two choose the reduction, with a warning.
        reduction (str): ``'none'`` | ``'mean'`` | ``'sum'``: no reduction, the mean, or
            the sum of the per-element losses. Default: ``'mean'``.

    Shape:
        - Input: :math:`(*)`; Target: :math:`(*)`, same shape.
        - Output: scalar, or :math:`(*)` with ``reduction='none'``.

    Example::

        >>> loss = torch.nn.PoissonNLLLoss()
        >>> loss(torch.tensor([0.0, 1.0]), torch.tensor([1.0, 2.0]))
        tensor(0.8591)
    """

    def __init__(self, log_input: bool = True, full: bool = False, size_average=None,
                 eps: float = 1e-8, reduce=None, reduction: str = "mean") -> None:  # fmt: skip
        super().__init__(size_average, reduce, reduction)
        self.log_input, self.full, self.eps = log_input, full, eps

    def forward(self, log_input, target):
        return F.poisson_nll_loss(log_input, target, self.log_input, self.full, eps=self.eps,
                                  reduction=self.reduction)  # fmt: skip


class GaussianNLLLoss(_Loss):
    r"""The negative log likelihood of a target under a Gaussian with predicted mean
    ``input`` and variance ``var``:
    ``l_n = 0.5 (log(max(var_n, eps)) + (x_n - y_n)^2 / max(var_n, eps))`` (plus
    ``0.5 log(2 pi)`` when ``full``).

    Args:
        full (bool): include the constant term. Default: ``False``.
        eps (float): the variance is clamped at this (for stability). Default: 1e-6.
        reduction (str): ``'none'`` | ``'mean'`` | ``'sum'``: no reduction, the mean, or
            the sum of the per-element losses. Default: ``'mean'``.

    Shape:
        - Input: :math:`(N, *)`; Target: same shape (or one dim fewer, broadcast);
          Var: same shape, or with a last dim of 1, or one dim fewer (homoscedastic).
        - Output: scalar, or :math:`(N, *)` with ``reduction='none'``.

    Example::

        >>> loss = torch.nn.GaussianNLLLoss()
        >>> loss(torch.tensor([1.0, 2.0]), torch.tensor([1.0, 0.0]), torch.ones(2))
        tensor(1.)
    """

    def __init__(self, *, full: bool = False, eps: float = 1e-6, reduction: str = "mean") -> None:
        super().__init__(reduction=reduction)
        self.full, self.eps = full, eps

    def forward(self, input, target, var):
        return F.gaussian_nll_loss(input, target, var, self.full, self.eps, self.reduction)


class CTCLoss(_Loss):
    r"""The Connectionist Temporal Classification loss: the negative log likelihood of each
    target sequence summed over all its alignments to the (longer) input sequence of
    per-step class log-probabilities, computed by the forward algorithm.

    Args:
        blank (int): the blank label. Default: 0.
        reduction (str): ``'none'`` | ``'mean'`` (each loss divided by its target length,
            then the batch mean) | ``'sum'``. Default: ``'mean'``.
        zero_infinity (bool): replace infinite losses (impossible alignments) and their
            gradients by zero. Default: ``False``.

    Shape:
        - Log_probs: :math:`(T, N, C)` or :math:`(T, C)`, log-softmaxed over C.
        - Targets: :math:`(N, S)` padded, or the concatenated targets :math:`(\sum S_n)`.
        - Input_lengths, Target_lengths: :math:`(N)` (tensors or tuples of ints).
        - Output: scalar, or :math:`(N)` with ``reduction='none'``.

    Example::

        >>> ctc = torch.nn.CTCLoss()
        >>> log_probs = torch.randn(50, 16, 20).log_softmax(2).requires_grad_()
        >>> targets = torch.randint(1, 20, (16, 30), dtype=torch.long)
        >>> loss = ctc(log_probs, targets, (50,) * 16, (30,) * 16)
        >>> loss.backward()
        >>> loss.shape, log_probs.grad.shape
        (numtensor.Size([]), numtensor.Size([50, 16, 20]))
    """

    def __init__(self, blank: int = 0, reduction: str = "mean", zero_infinity: bool = False):
        super().__init__(reduction=reduction)
        self.blank, self.zero_infinity = blank, zero_infinity

    def forward(self, log_probs, targets, input_lengths, target_lengths):
        return F.ctc_loss(log_probs, targets, input_lengths, target_lengths, self.blank,
                          self.reduction, self.zero_infinity)  # fmt: skip
