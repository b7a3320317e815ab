"""``numtensor.optim.lr_scheduler``: learning-rate schedulers, which adjust the ``lr`` of an
optimizer's parameter groups each epoch (call ``scheduler.step()`` after
``optimizer.step()``), with PyTorch's chainable formulas: several schedulers may act on one
optimizer, each changing the rate the others left."""

from __future__ import annotations

import math
from collections import Counter

from .optimizer import Optimizer


class LRScheduler:
    r"""Base class of the learning-rate schedulers.

    On construction it records each group's ``initial_lr`` (the ``base_lrs``) and takes the
    first step (epoch 0); each :meth:`step` advances ``last_epoch`` and writes
    :meth:`get_lr`'s rates into the optimizer's groups. Subclasses implement ``get_lr``.

    Args:
        optimizer (Optimizer): the wrapped optimizer.
        last_epoch (int): the index of the last epoch; -1 starts a new schedule, anything
            else resumes one (the groups must then hold ``initial_lr``). Default: -1

    Example::

        >>> class Halve(torch.optim.lr_scheduler.LRScheduler):
        ...     def get_lr(self):
        ...         return [base * 0.5 ** self.last_epoch for base in self.base_lrs]
        >>> opt = torch.optim.SGD([torch.zeros(1, requires_grad=True)], lr=0.1)
        >>> sched = Halve(opt)
        >>> sched.step()
        >>> sched.get_last_lr()
        [0.05]
    """

    def __init__(self, optimizer: Optimizer, last_epoch: int = -1) -> None:
        if not isinstance(optimizer, Optimizer):
            raise TypeError(f"{type(optimizer).__name__} is not an Optimizer")
        self.optimizer = optimizer
        if last_epoch == -1:
            for group in optimizer.param_groups:
                group.setdefault("initial_lr", group["lr"])
        else:
            for i, group in enumerate(optimizer.param_groups):
                if "initial_lr" not in group:
                    raise KeyError(
                        f"param 'initial_lr' is not specified in param_groups[{i}] "
                        "when resuming an optimizer"
                    )
        self.base_lrs = [group["initial_lr"] for group in optimizer.param_groups]
        self.last_epoch = last_epoch
        self._step_count = 0
        self.step()

    def get_lr(self) -> list:
        """The rates of the current epoch, one per parameter group (what :meth:`step`
        writes into the optimizer). Subclasses implement it; to read the current rates,
        call :meth:`get_last_lr`.

        Example::

            >>> class Warmup(torch.optim.lr_scheduler.LRScheduler):
            ...     def get_lr(self):
            ...         return [base * min(1.0, (self.last_epoch + 1) / 4)
            ...                 for base in self.base_lrs]
            >>> opt = torch.optim.SGD([torch.zeros(1, requires_grad=True)], lr=0.1)
            >>> sched = Warmup(opt)
            >>> sched.get_last_lr()
            [0.025]
        """
        raise NotImplementedError

    def get_last_lr(self) -> list:
        """Returns the last rates the scheduler computed, one float per parameter group.

        Example::

            >>> opt = torch.optim.SGD([torch.zeros(1, requires_grad=True)], lr=0.1)
            >>> sched = torch.optim.lr_scheduler.StepLR(opt, step_size=1, gamma=0.5)
            >>> opt.step()
            >>> sched.step()
            >>> sched.get_last_lr()
            [0.05]
        """
        return self._last_lr

    def step(self, epoch=None) -> None:
        """Advances the schedule by one epoch and sets the groups' ``lr``; call it after
        ``optimizer.step()``.

        Args:
            epoch (int, optional): deprecated in PyTorch; ignored here except by
                :class:`CosineAnnealingWarmRestarts`, which accepts fractional epochs.

        Example::

            >>> opt = torch.optim.SGD([torch.zeros(1, requires_grad=True)], lr=0.1)
            >>> sched = torch.optim.lr_scheduler.ExponentialLR(opt, gamma=0.1)
            >>> opt.step()
            >>> sched.step()
            >>> round(opt.param_groups[0]["lr"], 6)
            0.01
        """
        self._step_count += 1
        self.last_epoch += 1
        for group, lr in zip(self.optimizer.param_groups, self.get_lr()):
            group["lr"] = lr
        self._last_lr = [group["lr"] for group in self.optimizer.param_groups]

    def state_dict(self) -> dict:
        """Returns the scheduler's state: every attribute but the optimizer (and the
        functions of :class:`LambdaLR`), for checkpointing.

        Example::

            >>> opt = torch.optim.SGD([torch.zeros(1, requires_grad=True)], lr=0.1)
            >>> sched = torch.optim.lr_scheduler.StepLR(opt, step_size=2)
            >>> sd = sched.state_dict()
            >>> sd["last_epoch"], sd["base_lrs"], sd["step_size"]
            (0, [0.1], 2)
        """
        return {k: v for k, v in self.__dict__.items() if k != "optimizer" and not callable(v)}

    def load_state_dict(self, state_dict: dict) -> None:
        """Loads a state returned by :meth:`state_dict`.

        Args:
            state_dict (dict): the scheduler state.

        Example::

            >>> opt = torch.optim.SGD([torch.zeros(1, requires_grad=True)], lr=0.1)
            >>> sched = torch.optim.lr_scheduler.StepLR(opt, step_size=2)
            >>> sched.load_state_dict({"last_epoch": 5, "step_size": 3})
            >>> sched.last_epoch, sched.step_size
            (5, 3)
        """
        self.__dict__.update(state_dict)

    def _lrs(self) -> list:
        return [group["lr"] for group in self.optimizer.param_groups]


class StepLR(LRScheduler):
    r"""Decays the learning rate of each group by ``gamma`` every ``step_size`` epochs.

    Args:
        optimizer (Optimizer): the wrapped optimizer.
        step_size (int): period of the decay, in epochs.
        gamma (float): multiplicative factor of the decay. Default: 0.1
        last_epoch (int): the index of the last epoch, to resume a schedule. Default: -1

    Example::

        >>> w = torch.zeros(1, requires_grad=True)
        >>> opt = torch.optim.SGD([w], lr=0.1)
        >>> sched = torch.optim.lr_scheduler.StepLR(opt, step_size=2, gamma=0.5)
        >>> lrs = []
        >>> for epoch in range(6):
        ...     lrs.append(round(sched.get_last_lr()[0], 4))
        ...     opt.step()
        ...     sched.step()
        >>> lrs
        [0.1, 0.1, 0.05, 0.05, 0.025, 0.025]
    """

    def __init__(self, optimizer, step_size: int, gamma: float = 0.1, last_epoch: int = -1):
        self.step_size, self.gamma = step_size, gamma
        super().__init__(optimizer, last_epoch)

    def get_lr(self) -> list:
        if self.last_epoch == 0 or self.last_epoch % self.step_size != 0:
            return self._lrs()
        return [lr * self.gamma for lr in self._lrs()]


class MultiStepLR(LRScheduler):
    r"""Decays the learning rate of each group by ``gamma`` once the epoch reaches each
    of the milestones (a milestone listed twice decays twice).

    Args:
        optimizer (Optimizer): the wrapped optimizer.
        milestones (list of int): the epochs at which to decay.
        gamma (float): multiplicative factor of the decay. Default: 0.1
        last_epoch (int): the index of the last epoch, to resume a schedule. Default: -1

    Example::

        >>> w = torch.zeros(1, requires_grad=True)
        >>> opt = torch.optim.SGD([w], lr=0.1)
        >>> sched = torch.optim.lr_scheduler.MultiStepLR(opt, milestones=[1, 3], gamma=0.1)
        >>> lrs = []
        >>> for epoch in range(6):
        ...     lrs.append(round(sched.get_last_lr()[0], 4))
        ...     opt.step()
        ...     sched.step()
        >>> lrs
        [0.1, 0.01, 0.01, 0.001, 0.001, 0.001]
    """

    def __init__(self, optimizer, milestones, gamma: float = 0.1, last_epoch: int = -1):
        self.milestones, self.gamma = Counter(milestones), gamma
        super().__init__(optimizer, last_epoch)

    def get_lr(self) -> list:
        if self.last_epoch not in self.milestones:
            return self._lrs()
        factor = self.gamma ** self.milestones[self.last_epoch]
        return [lr * factor for lr in self._lrs()]


class ExponentialLR(LRScheduler):
    r"""Decays the learning rate of each group by ``gamma`` every epoch.

    Args:
        optimizer (Optimizer): the wrapped optimizer.
        gamma (float): multiplicative factor of the decay.
        last_epoch (int): the index of the last epoch, to resume a schedule. Default: -1

    Example::

        >>> w = torch.zeros(1, requires_grad=True)
        >>> opt = torch.optim.SGD([w], lr=0.1)
        >>> sched = torch.optim.lr_scheduler.ExponentialLR(opt, gamma=0.5)
        >>> lrs = []
        >>> for epoch in range(6):
        ...     lrs.append(round(sched.get_last_lr()[0], 4))
        ...     opt.step()
        ...     sched.step()
        >>> lrs
        [0.1, 0.05, 0.025, 0.0125, 0.0063, 0.0031]
    """

    def __init__(self, optimizer, gamma: float, last_epoch: int = -1):
        self.gamma = gamma
        super().__init__(optimizer, last_epoch)

    def get_lr(self) -> list:
        if self.last_epoch == 0:
            return self._lrs()
        return [lr * self.gamma for lr in self._lrs()]


class CosineAnnealingLR(LRScheduler):
    r"""Sets the learning rate by a cosine annealing schedule (SGDR without restarts).

    The rate goes from the base rate down to ``eta_min`` over ``T_max`` epochs,
    :math:`\eta_t = \eta_{min} + (\eta_{max} - \eta_{min})(1 + \cos(\pi t / T_{max}))/2`,
    then back up (a cosine of period ``2 * T_max``). PyTorch's recursive form is used, so
    it composes with other changes of the rate.

    Args:
        optimizer (Optimizer): the wrapped optimizer.
        T_max (int): the number of epochs of the half period.
        eta_min (float): the minimal learning rate. Default: 0
        last_epoch (int): the index of the last epoch, to resume a schedule. Default: -1

    Example::

        >>> w = torch.zeros(1, requires_grad=True)
        >>> opt = torch.optim.SGD([w], lr=0.1)
        >>> sched = torch.optim.lr_scheduler.CosineAnnealingLR(opt, T_max=4)
        >>> lrs = []
        >>> for epoch in range(6):
        ...     lrs.append(round(sched.get_last_lr()[0], 4))
        ...     opt.step()
        ...     sched.step()
        >>> lrs
        [0.1, 0.0854, 0.05, 0.0146, 0.0, 0.0146]
    """

    def __init__(self, optimizer, T_max: int, eta_min: float = 0.0, last_epoch: int = -1):
        self.T_max, self.eta_min = T_max, eta_min
        super().__init__(optimizer, last_epoch)

    def get_lr(self) -> list:
        e, t, eta = self.last_epoch, self.T_max, self.eta_min
        if e == 0:
            return self._lrs()
        if self._step_count == 1 and e > 0:
            return [
                eta + (base - eta) * (1 + math.cos(e * math.pi / t)) / 2 for base in self.base_lrs
            ]
        if (e - 1 - t) % (2 * t) == 0:
            return [
                lr + (base - eta) * (1 - math.cos(math.pi / t)) / 2
                for lr, base in zip(self._lrs(), self.base_lrs)
            ]
        return [
            (1 + math.cos(math.pi * e / t)) / (1 + math.cos(math.pi * (e - 1) / t)) * (lr - eta)
            + eta
            for lr in self._lrs()
        ]


class LambdaLR(LRScheduler):
    r"""Sets each group's learning rate to its initial rate times ``lr_lambda(epoch)``.

    Args:
        optimizer (Optimizer): the wrapped optimizer.
        lr_lambda (function or list): a function of the epoch giving the factor, or a list
            of such functions, one per parameter group.
        last_epoch (int): the index of the last epoch, to resume a schedule. Default: -1

    Example::

        >>> w = torch.zeros(1, requires_grad=True)
        >>> opt = torch.optim.SGD([w], lr=0.1)
        >>> sched = torch.optim.lr_scheduler.LambdaLR(opt, lr_lambda=lambda epoch: 1 / (epoch + 1))
        >>> lrs = []
        >>> for epoch in range(6):
        ...     lrs.append(round(sched.get_last_lr()[0], 4))
        ...     opt.step()
        ...     sched.step()
        >>> lrs
        [0.1, 0.05, 0.0333, 0.025, 0.02, 0.0167]
    """

    def __init__(self, optimizer, lr_lambda, last_epoch: int = -1):
        n = len(optimizer.param_groups)
        self.lr_lambdas = (
            list(lr_lambda) if isinstance(lr_lambda, (list, tuple)) else [lr_lambda] * n
        )
        if len(self.lr_lambdas) != n:
            raise ValueError(f"Expected {n} lr_lambdas, but got {len(self.lr_lambdas)}")
        super().__init__(optimizer, last_epoch)

    def get_lr(self) -> list:
        return [base * fn(self.last_epoch) for base, fn in zip(self.base_lrs, self.lr_lambdas)]

    def state_dict(self) -> dict:
        state = super().state_dict()
        state.pop("lr_lambdas", None)
        return state


class ReduceLROnPlateau:
    r"""Reduces the learning rate when a metric has stopped improving.

    Each :meth:`step` takes the metric (a validation loss, say); after more than
    ``patience`` epochs without an improvement (relative or absolute, by ``threshold``)
    the rates are multiplied by ``factor`` (not below ``min_lr``), then ``cooldown`` epochs
    pass before bad epochs count again.

    Args:
        optimizer (Optimizer): the wrapped optimizer.
        mode (str): ``"min"`` (the metric should decrease) or ``"max"``. Default: ``"min"``
        factor (float): the factor of each reduction, < 1. Default: 0.1
        patience (int): how many epochs without improvement are tolerated. Default: 10
        threshold (float): the least change that counts as an improvement. Default: 1e-4
        threshold_mode (str): ``"rel"`` (relative to the best) or ``"abs"``. Default: ``"rel"``
        cooldown (int): epochs to wait after a reduction. Default: 0
        min_lr (float or list): the lower bound of the rate (or one per group). Default: 0
        eps (float): reductions smaller than this are skipped. Default: 1e-8

    Example::

        >>> w = torch.zeros(1, requires_grad=True)
        >>> opt = torch.optim.SGD([w], lr=0.1)
        >>> sched = torch.optim.lr_scheduler.ReduceLROnPlateau(opt, patience=1, factor=0.5)
        >>> for val_loss in [1.0, 0.9, 0.9, 0.9, 0.9, 0.9]:
        ...     sched.step(val_loss)
        ...     print(sched.get_last_lr())
        [0.1]
        [0.1]
        [0.1]
        [0.05]
        [0.05]
        [0.025]
    """

    def __init__(
        self,
        optimizer,
        mode: str = "min",
        factor: float = 0.1,
        patience: int = 10,
        threshold: float = 1e-4,
        threshold_mode: str = "rel",
        cooldown: int = 0,
        min_lr=0.0,
        eps: float = 1e-8,
    ) -> None:
        if factor >= 1.0:
            raise ValueError("Factor should be < 1.0.")
        if mode not in ("min", "max"):
            raise ValueError(f"mode {mode} is unknown!")
        if threshold_mode not in ("rel", "abs"):
            raise ValueError(f"threshold mode {threshold_mode} is unknown!")
        self.optimizer = optimizer
        self.mode, self.factor, self.patience = mode, factor, patience
        self.threshold, self.threshold_mode = threshold, threshold_mode
        self.cooldown, self.eps = cooldown, eps
        n = len(optimizer.param_groups)
        self.min_lrs = list(min_lr) if isinstance(min_lr, (list, tuple)) else [min_lr] * n
        self.best = math.inf if mode == "min" else -math.inf
        self.num_bad_epochs = 0
        self.cooldown_counter = 0
        self.last_epoch = 0
        self._last_lr = [group["lr"] for group in optimizer.param_groups]

    def _is_better(self, a: float) -> bool:
        if self.mode == "min" and self.threshold_mode == "rel":
            return a < self.best * (1.0 - self.threshold)
        if self.mode == "min":
            return a < self.best - self.threshold
        if self.threshold_mode == "rel":
            return a > self.best * (self.threshold + 1.0)
        return a > self.best + self.threshold

    def step(self, metrics) -> None:
        """Records one epoch's metric and reduces the rates if it has plateaued.

        Args:
            metrics (float or Tensor): the value of the monitored quantity.

        Example::

            >>> opt = torch.optim.SGD([torch.zeros(1, requires_grad=True)], lr=0.1)
            >>> sched = torch.optim.lr_scheduler.ReduceLROnPlateau(opt, patience=0)
            >>> sched.step(1.0)
            >>> sched.step(torch.tensor(2.0))  # worse: reduced at once (patience 0)
            >>> round(opt.param_groups[0]["lr"], 6)
            0.01
        """
        current = float(metrics)
        self.last_epoch += 1
        if self._is_better(current):
            self.best = current
            self.num_bad_epochs = 0
        else:
            self.num_bad_epochs += 1
        if self.cooldown_counter > 0:
            self.cooldown_counter -= 1
            self.num_bad_epochs = 0
        if self.num_bad_epochs > self.patience:
            for group, min_lr in zip(self.optimizer.param_groups, self.min_lrs):
                old = float(group["lr"])
                new = max(old * self.factor, min_lr)
                if old - new > self.eps:
                    group["lr"] = new
            self.cooldown_counter = self.cooldown
            self.num_bad_epochs = 0
        self._last_lr = [group["lr"] for group in self.optimizer.param_groups]

    def get_last_lr(self) -> list:
        """Returns the current rates, one float per parameter group.

        Example::

            >>> opt = torch.optim.SGD([torch.zeros(1, requires_grad=True)], lr=0.1)
            >>> torch.optim.lr_scheduler.ReduceLROnPlateau(opt).get_last_lr()
            [0.1]
        """
        return self._last_lr

    def state_dict(self) -> dict:
        """Returns the scheduler's state (every attribute but the optimizer).

        Example::

            >>> opt = torch.optim.SGD([torch.zeros(1, requires_grad=True)], lr=0.1)
            >>> sched = torch.optim.lr_scheduler.ReduceLROnPlateau(opt)
            >>> sched.step(0.5)
            >>> sched.state_dict()["best"]
            0.5
        """
        return {k: v for k, v in self.__dict__.items() if k != "optimizer"}

    def load_state_dict(self, state_dict: dict) -> None:
        """Loads a state returned by :meth:`state_dict`.

        Example::

            >>> opt = torch.optim.SGD([torch.zeros(1, requires_grad=True)], lr=0.1)
            >>> sched = torch.optim.lr_scheduler.ReduceLROnPlateau(opt)
            >>> sched.load_state_dict({"best": 0.25, "num_bad_epochs": 3})
            >>> sched.best, sched.num_bad_epochs
            (0.25, 3)
        """
        self.__dict__.update(state_dict)


from .schedules import (  # noqa: E402 - built on LRScheduler above
    ChainedScheduler,
    ConstantLR,
    CosineAnnealingWarmRestarts,
    CyclicLR,
    LinearLR,
    MultiplicativeLR,
    OneCycleLR,
    PolynomialLR,
    SequentialLR,
)

__all__ = [
    "ChainedScheduler", "ConstantLR", "CosineAnnealingLR", "CosineAnnealingWarmRestarts",
    "CyclicLR", "ExponentialLR", "LRScheduler", "LambdaLR", "LinearLR", "MultiStepLR",
    "MultiplicativeLR", "OneCycleLR", "PolynomialLR", "ReduceLROnPlateau", "SequentialLR",
    "StepLR",
]  # fmt: skip
