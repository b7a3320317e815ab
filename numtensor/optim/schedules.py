"""More learning-rate schedulers of ``numtensor.optim.lr_scheduler``, with PyTorch's
(chainable) formulas: LambdaLR's multiplicative twin, ConstantLR, LinearLR, PolynomialLR,
CosineAnnealingWarmRestarts, CyclicLR, OneCycleLR, and the combinators SequentialLR and
ChainedScheduler."""

from __future__ import annotations

import math
from bisect import bisect_right

from .lr_scheduler import LRScheduler


def _per_group(value, optimizer, name: str) -> list:
    groups = optimizer.param_groups
    if isinstance(value, (list, tuple)):
        if len(value) != len(groups):
            raise ValueError(f"Expected {len(groups)} values for {name}, got {len(value)}")
        return list(value)
    return [value] * len(groups)


class MultiplicativeLR(LRScheduler):
    r"""Multiplies each group's learning rate by ``lr_lambda(epoch)`` every epoch
    (after the first).

    Args:
        optimizer (Optimizer): the wrapped optimizer.
        lr_lambda (function or list): a function of the epoch giving the factor, or a list
            of such functions, one per parameter group.
        last_epoch (int): the index of the last epoch, to resume a schedule. Default: -1

    Example::

        >>> w = torch.zeros(1, requires_grad=True)
        >>> opt = torch.optim.SGD([w], lr=0.1)
        >>> sched = torch.optim.lr_scheduler.MultiplicativeLR(opt, lr_lambda=lambda epoch: 0.9)
        >>> lrs = []
        >>> for epoch in range(6):
        ...     lrs.append(round(sched.get_last_lr()[0], 4))
        ...     opt.step()
        ...     sched.step()
        >>> lrs
        [0.1, 0.09, 0.081, 0.0729, 0.0656, 0.059]
    """

    def __init__(self, optimizer, lr_lambda, last_epoch: int = -1) -> None:
        self.lr_lambdas = _per_group(lr_lambda, optimizer, "lr_lambda")
        super().__init__(optimizer, last_epoch)

    def get_lr(self) -> list:
        if self.last_epoch > 0:
            return [lr * f(self.last_epoch) for lr, f in zip(self._lrs(), self.lr_lambdas)]
        return self._lrs()


class ConstantLR(LRScheduler):
    r"""Multiplies the learning rate by a constant ``factor`` until the epoch reaches
    ``total_iters``, then restores it.

    Args:
        optimizer (Optimizer): the wrapped optimizer.
        factor (float): the factor, in [0, 1]. Default: 1/3
        total_iters (int): the number of epochs the factor applies. Default: 5
        last_epoch (int): the index of the last epoch, to resume a schedule. Default: -1

    Example::

        >>> w = torch.zeros(1, requires_grad=True)
        >>> opt = torch.optim.SGD([w], lr=0.1)
        >>> sched = torch.optim.lr_scheduler.ConstantLR(opt, factor=0.5, total_iters=2)
        >>> lrs = []
        >>> for epoch in range(6):
        ...     lrs.append(round(sched.get_last_lr()[0], 4))
        ...     opt.step()
        ...     sched.step()
        >>> lrs
        [0.05, 0.05, 0.1, 0.1, 0.1, 0.1]
    """

    def __init__(self, optimizer, factor: float = 1.0 / 3, total_iters: int = 5,
                 last_epoch: int = -1) -> None:  # fmt: skip
        if factor > 1.0 or factor < 0:
            raise ValueError("Constant multiplicative factor expected to be between 0 and 1.")
        self.factor, self.total_iters = factor, total_iters
        super().__init__(optimizer, last_epoch)

    def get_lr(self) -> list:
        e = self.last_epoch
        if e == 0:
            return [lr * self.factor for lr in self._lrs()]
        if e != self.total_iters:
            return self._lrs()
        return [lr * (1.0 / self.factor) for lr in self._lrs()]


class LinearLR(LRScheduler):
    r"""Scales the learning rate by a factor that changes linearly from ``start_factor``
    to ``end_factor`` over ``total_iters`` epochs (a warm-up, typically), then stays.

    Args:
        optimizer (Optimizer): the wrapped optimizer.
        start_factor (float): the factor of the first epoch, in (0, 1]. Default: 1/3
        end_factor (float): the factor at the end, in [0, 1]. Default: 1.0
        total_iters (int): the number of epochs of the change. Default: 5
        last_epoch (int): the index of the last epoch, to resume a schedule. Default: -1

    Example::

        >>> w = torch.zeros(1, requires_grad=True)
        >>> opt = torch.optim.SGD([w], lr=0.1)
        >>> sched = torch.optim.lr_scheduler.LinearLR(opt, start_factor=0.25, total_iters=3)
        >>> lrs = []
        >>> for epoch in range(6):
        ...     lrs.append(round(sched.get_last_lr()[0], 4))
        ...     opt.step()
        ...     sched.step()
        >>> lrs
        [0.025, 0.05, 0.075, 0.1, 0.1, 0.1]
    """

    def __init__(self, optimizer, start_factor: float = 1.0 / 3, end_factor: float = 1.0,
                 total_iters: int = 5, last_epoch: int = -1) -> None:  # fmt: skip
        if start_factor > 1.0 or start_factor <= 0:
            raise ValueError(
                "Starting multiplicative factor expected to be greater than 0 and less or equal "
                "to 1."
            )
        if end_factor > 1.0 or end_factor < 0:
            raise ValueError("Ending multiplicative factor expected to be between 0 and 1.")
        self.start_factor, self.end_factor, self.total_iters = start_factor, end_factor, total_iters
        super().__init__(optimizer, last_epoch)

    def get_lr(self) -> list:
        e, n = self.last_epoch, self.total_iters
        if e == 0:
            return [lr * self.start_factor for lr in self._lrs()]
        if e > n:
            return self._lrs()
        gap = self.end_factor - self.start_factor
        factor = 1.0 + gap / (n * self.start_factor + (e - 1) * gap)
        return [lr * factor for lr in self._lrs()]


class PolynomialLR(LRScheduler):
    r"""Decays the learning rate polynomially to 0 over ``total_iters`` epochs:
    :math:`\eta_t = \eta_0 (1 - t / \text{total\_iters})^{\text{power}}`.

    Args:
        optimizer (Optimizer): the wrapped optimizer.
        total_iters (int): the number of epochs of the decay. Default: 5
        power (float): the power of the polynomial. Default: 1.0
        last_epoch (int): the index of the last epoch, to resume a schedule. Default: -1

    Example::

        >>> w = torch.zeros(1, requires_grad=True)
        >>> opt = torch.optim.SGD([w], lr=0.1)
        >>> sched = torch.optim.lr_scheduler.PolynomialLR(opt, total_iters=4, power=2.0)
        >>> lrs = []
        >>> for epoch in range(6):
        ...     lrs.append(round(sched.get_last_lr()[0], 4))
        ...     opt.step()
        ...     sched.step()
        >>> lrs
        [0.1, 0.0563, 0.025, 0.0062, 0.0, 0.0]
    """

    def __init__(self, optimizer, total_iters: int = 5, power: float = 1.0,
                 last_epoch: int = -1) -> None:  # fmt: skip
        self.total_iters, self.power = total_iters, power
        super().__init__(optimizer, last_epoch)

    def get_lr(self) -> list:
        e, n = self.last_epoch, self.total_iters
        if e == 0 or e > n:
            return self._lrs()
        factor = ((1.0 - e / n) / (1.0 - (e - 1) / n)) ** self.power
        return [lr * factor for lr in self._lrs()]


class CosineAnnealingWarmRestarts(LRScheduler):
    r"""Cosine annealing with warm restarts (SGDR, Loshchilov & Hutter).

    :math:`\eta_t = \eta_{min} + (\eta_{max} - \eta_{min})(1 + \cos(\pi T_{cur} /
    T_i))/2`, where :math:`T_{cur}` counts the epochs since the last restart and the
    period :math:`T_i` starts at ``T_0`` and is multiplied by ``T_mult`` at each restart.
    :meth:`step` also accepts a fractional ``epoch`` (to step within an epoch).

    Args:
        optimizer (Optimizer): the wrapped optimizer.
        T_0 (int): the number of epochs before the first restart.
        T_mult (int): the factor growing the period after each restart. Default: 1
        eta_min (float): the minimal learning rate. Default: 0
        last_epoch (int): the index of the last epoch, to resume a schedule. Default: -1

    Example::

        >>> w = torch.zeros(1, requires_grad=True)
        >>> opt = torch.optim.SGD([w], lr=0.1)
        >>> sched = torch.optim.lr_scheduler.CosineAnnealingWarmRestarts(opt, T_0=2)
        >>> lrs = []
        >>> for epoch in range(6):
        ...     lrs.append(round(sched.get_last_lr()[0], 4))
        ...     opt.step()
        ...     sched.step()
        >>> lrs
        [0.1, 0.05, 0.1, 0.05, 0.1, 0.05]
    """

    def __init__(self, optimizer, T_0: int, T_mult: int = 1, eta_min: float = 0.0,
                 last_epoch: int = -1) -> None:  # fmt: skip
        if T_0 <= 0 or not isinstance(T_0, int):
            raise ValueError(f"Expected positive integer T_0, but got {T_0}")
        if T_mult < 1 or not isinstance(T_mult, int):
            raise ValueError(f"Expected integer T_mult >= 1, but got {T_mult}")
        self.T_0, self.T_i, self.T_mult, self.eta_min = T_0, T_0, T_mult, eta_min
        self.T_cur = last_epoch
        super().__init__(optimizer, last_epoch)

    def get_lr(self) -> list:
        cos = (1 + math.cos(math.pi * self.T_cur / self.T_i)) / 2
        return [self.eta_min + (base - self.eta_min) * cos for base in self.base_lrs]

    def step(self, epoch=None) -> None:
        if epoch is None and self.last_epoch < 0:
            epoch = 0
        if epoch is None:
            epoch = self.last_epoch + 1
            self.T_cur += 1
            if self.T_cur >= self.T_i:
                self.T_cur -= self.T_i
                self.T_i *= self.T_mult
        else:
            if epoch < 0:
                raise ValueError(f"Expected non-negative epoch, but got {epoch}")
            if epoch >= self.T_0:
                if self.T_mult == 1:
                    self.T_cur = epoch % self.T_0
                else:
                    n = int(math.log(epoch / self.T_0 * (self.T_mult - 1) + 1, self.T_mult))
                    self.T_cur = epoch - self.T_0 * (self.T_mult**n - 1) / (self.T_mult - 1)
                    self.T_i = self.T_0 * self.T_mult**n
            else:
                self.T_i, self.T_cur = self.T_0, epoch
        self.last_epoch = math.floor(epoch)
        self._step_count += 1
        for group, lr in zip(self.optimizer.param_groups, self.get_lr()):
            group["lr"] = lr
        self._last_lr = self._lrs()


class CyclicLR(LRScheduler):
    r"""Cycles the learning rate between ``base_lr`` and ``max_lr`` (cyclical learning
    rates, Smith 2017), stepped after every batch.

    ``mode`` picks the amplitude's policy: ``"triangular"`` (constant),
    ``"triangular2"`` (halved each cycle) or ``"exp_range"`` (scaled by
    ``gamma ** iteration``); ``scale_fn`` gives a custom one. With ``cycle_momentum`` the
    momentum cycles inversely between ``max_momentum`` and ``base_momentum``.

    Args:
        optimizer (Optimizer): the wrapped optimizer.
        base_lr (float or list): the lower rate of the cycle (per group).
        max_lr (float or list): the upper rate of the cycle (per group).
        step_size_up (int): iterations in the rising half. Default: 2000
        step_size_down (int, optional): iterations in the falling half. Default: as up
        mode (str): ``"triangular"``, ``"triangular2"`` or ``"exp_range"``.
            Default: ``"triangular"``
        gamma (float): the constant of ``"exp_range"``. Default: 1.0
        scale_fn (function, optional): a custom scaling policy of one argument.
        scale_mode (str): ``"cycle"`` or ``"iterations"``, the argument of ``scale_fn``.
            Default: ``"cycle"``
        cycle_momentum (bool): cycle the momentum too (the optimizer needs one).
            Default: ``True``
        base_momentum (float or list): the lower momentum. Default: 0.8
        max_momentum (float or list): the upper momentum. Default: 0.9
        last_epoch (int): the index of the last epoch, to resume a schedule. Default: -1

    Example::

        >>> w = torch.zeros(1, requires_grad=True)
        >>> opt = torch.optim.SGD([w], lr=0.1, momentum=0.9)
        >>> sched = torch.optim.lr_scheduler.CyclicLR(opt, base_lr=0.01, max_lr=0.1, step_size_up=2)
        >>> lrs = []
        >>> for epoch in range(6):
        ...     lrs.append(round(sched.get_last_lr()[0], 4))
        ...     opt.step()
        ...     sched.step()
        >>> lrs
        [0.01, 0.055, 0.1, 0.055, 0.01, 0.055]
    """

    def __init__(self, optimizer, base_lr, max_lr, step_size_up: int = 2000, step_size_down=None,
                 mode: str = "triangular", gamma: float = 1.0, scale_fn=None,
                 scale_mode: str = "cycle", cycle_momentum: bool = True,
                 base_momentum=0.8, max_momentum=0.9, last_epoch: int = -1) -> None:  # fmt: skip
        base_lrs = _per_group(base_lr, optimizer, "base_lr")
        if last_epoch == -1:
            for lr, group in zip(base_lrs, optimizer.param_groups):
                group["lr"] = lr
        self.max_lrs = _per_group(max_lr, optimizer, "max_lr")
        up = float(step_size_up)
        down = float(step_size_down) if step_size_down is not None else up
        self.total_size = up + down
        self.step_ratio = up / self.total_size
        if mode not in ("triangular", "triangular2", "exp_range") and scale_fn is None:
            raise ValueError("mode is invalid and scale_fn is None")
        self.mode, self.gamma = mode, gamma
        self._scale_fn_custom = scale_fn
        self.scale_mode = (
            scale_mode
            if scale_fn is not None
            else ("iterations" if mode == "exp_range" else "cycle")
        )
        self.cycle_momentum = cycle_momentum
        if cycle_momentum:
            key = "betas" if "betas" in optimizer.defaults else "momentum"
            if key == "momentum" and "momentum" not in optimizer.defaults:
                raise ValueError(
                    "optimizer must support momentum or beta1 with `cycle_momentum` option enabled"
                )
            self.use_beta1 = key == "betas"
            self.base_momentums = _per_group(base_momentum, optimizer, "base_momentum")
            self.max_momentums = _per_group(max_momentum, optimizer, "max_momentum")
            if last_epoch == -1:
                for m, group in zip(self.max_momentums, optimizer.param_groups):
                    if self.use_beta1:
                        group["betas"] = (m, *group["betas"][1:])
                    else:
                        group["momentum"] = m
        super().__init__(optimizer, last_epoch)
        self.base_lrs = base_lrs

    def scale_fn(self, x: float) -> float:
        if self._scale_fn_custom is not None:
            return self._scale_fn_custom(x)
        if self.mode == "triangular":
            return 1.0
        if self.mode == "triangular2":
            return 1 / (2.0 ** (x - 1))
        return self.gamma**x

    def get_lr(self) -> list:
        cycle = math.floor(1 + self.last_epoch / self.total_size)
        x = 1.0 + self.last_epoch / self.total_size - cycle
        scale = x / self.step_ratio if x <= self.step_ratio else (x - 1) / (self.step_ratio - 1)
        at = cycle if self.scale_mode == "cycle" else self.last_epoch
        lrs = [b + (m - b) * scale * self.scale_fn(at) for b, m in zip(self.base_lrs, self.max_lrs)]
        if self.cycle_momentum:
            for group, low, high in zip(
                self.optimizer.param_groups, self.base_momentums, self.max_momentums
            ):
                momentum = high - (high - low) * scale * self.scale_fn(at)
                if self.use_beta1:
                    group["betas"] = (momentum, *group["betas"][1:])
                else:
                    group["momentum"] = momentum
        return lrs


class OneCycleLR(LRScheduler):
    r"""Sets the learning rate by the 1cycle policy (Smith & Topin, 2018), stepped
    after every batch.

    The rate warms up from ``max_lr / div_factor`` to ``max_lr`` over the first
    ``pct_start`` of the steps, then anneals to ``max_lr / (div_factor *
    final_div_factor)`` (with ``three_phase``, it first comes back down symmetrically to
    the initial rate); the momentum, with ``cycle_momentum``, moves inversely.

    Args:
        optimizer (Optimizer): the wrapped optimizer.
        max_lr (float or list): the peak rate (per group).
        total_steps (int, optional): the number of steps of the cycle; else
            ``epochs * steps_per_epoch``.
        epochs (int, optional): the number of epochs.
        steps_per_epoch (int, optional): the number of steps per epoch.
        pct_start (float): the fraction of the cycle spent warming up. Default: 0.3
        anneal_strategy (str): ``"cos"`` or ``"linear"``. Default: ``"cos"``
        cycle_momentum (bool): cycle the momentum (or Adam's ``beta1``). Default: ``True``
        base_momentum (float or list): the lower momentum. Default: 0.85
        max_momentum (float or list): the upper momentum. Default: 0.95
        div_factor (float): ``initial_lr = max_lr / div_factor``. Default: 25
        final_div_factor (float): ``min_lr = initial_lr / final_div_factor``. Default: 1e4
        three_phase (bool): use three phases instead of two. Default: ``False``
        last_epoch (int): the index of the last epoch, to resume a schedule. Default: -1

    Example::

        >>> w = torch.zeros(1, requires_grad=True)
        >>> opt = torch.optim.SGD([w], lr=0.1, momentum=0.9)
        >>> sched = torch.optim.lr_scheduler.OneCycleLR(opt, max_lr=0.1, total_steps=6)
        >>> lrs = []
        >>> for epoch in range(6):
        ...     lrs.append(round(sched.get_last_lr()[0], 4))
        ...     opt.step()
        ...     sched.step()
        >>> lrs
        [0.004, 0.0994, 0.0812, 0.0463, 0.0133, 0.0]
    """

    def __init__(self, optimizer, max_lr, total_steps=None, epochs=None, steps_per_epoch=None,
                 pct_start: float = 0.3, anneal_strategy: str = "cos",
                 cycle_momentum: bool = True, base_momentum=0.85, max_momentum=0.95,
                 div_factor: float = 25.0, final_div_factor: float = 1e4,
                 three_phase: bool = False, last_epoch: int = -1) -> None:  # fmt: skip
        if total_steps is None:
            if epochs is None or steps_per_epoch is None:
                raise ValueError(
                    "You must define either total_steps OR (epochs AND steps_per_epoch)"
                )
            total_steps = epochs * steps_per_epoch
        if total_steps <= 0:
            raise ValueError(f"Expected positive integer total_steps, but got {total_steps}")
        if not 0 <= pct_start <= 1:
            raise ValueError(f"Expected float between 0 and 1 pct_start, but got {pct_start}")
        if anneal_strategy not in ("cos", "linear"):
            raise ValueError(
                f"anneal_strategy must be one of 'cos' or 'linear', instead got {anneal_strategy}"
            )
        self.total_steps, self.anneal_strategy = total_steps, anneal_strategy
        up = float(pct_start * total_steps) - 1
        # (each phase: its last step, and the group keys of its start and end rates/momenta)
        warm = (up, "initial_lr", "max_lr", "max_momentum", "base_momentum")
        if three_phase:
            down = float(2 * pct_start * total_steps) - 2
            back = (down, "max_lr", "initial_lr", "base_momentum", "max_momentum")
            tail = (total_steps - 1, "initial_lr", "min_lr", "max_momentum", "max_momentum")
            self.phases = [warm, back, tail]
        else:
            self.phases = [
                warm,
                (total_steps - 1, "max_lr", "min_lr", "base_momentum", "max_momentum"),
            ]
        max_lrs = _per_group(max_lr, optimizer, "max_lr")
        if last_epoch == -1:
            for lr, group in zip(max_lrs, optimizer.param_groups):
                group["initial_lr"] = lr / div_factor
                group["max_lr"] = lr
                group["min_lr"] = group["initial_lr"] / final_div_factor
        self.cycle_momentum = cycle_momentum
        if cycle_momentum:
            if "momentum" not in optimizer.defaults and "betas" not in optimizer.defaults:
                raise ValueError(
                    "optimizer must support momentum or beta1 with `cycle_momentum` option enabled"
                )
            self.use_beta1 = "betas" in optimizer.defaults
            lows = _per_group(base_momentum, optimizer, "base_momentum")
            highs = _per_group(max_momentum, optimizer, "max_momentum")
            if last_epoch == -1:
                for low, high, group in zip(lows, highs, optimizer.param_groups):
                    if self.use_beta1:
                        group["betas"] = (high, *group["betas"][1:])
                    else:
                        group["momentum"] = high
                    group["max_momentum"], group["base_momentum"] = high, low
        super().__init__(optimizer, last_epoch)

    def _anneal(self, start: float, end: float, pct: float) -> float:
        if self.anneal_strategy == "cos":
            return end + (start - end) / 2.0 * (math.cos(math.pi * pct) + 1)
        return (end - start) * pct + start

    def get_lr(self) -> list:
        step = self.last_epoch
        if step > self.total_steps:
            raise ValueError(
                f"Tried to step {step} times. The specified number of total steps is "
                f"{self.total_steps}"
            )
        lrs = []
        for group in self.optimizer.param_groups:
            start = 0.0
            for i, (end, lr_from, lr_to, m_from, m_to) in enumerate(self.phases):
                if step <= end or i == len(self.phases) - 1:
                    pct = (step - start) / (end - start)
                    lr = self._anneal(group[lr_from], group[lr_to], pct)
                    if self.cycle_momentum:
                        momentum = self._anneal(group[m_from], group[m_to], pct)
                    break
                start = end
            lrs.append(lr)
            if self.cycle_momentum:
                if self.use_beta1:
                    group["betas"] = (momentum, *group["betas"][1:])
                else:
                    group["momentum"] = momentum
        return lrs


class SequentialLR(LRScheduler):
    r"""Runs a list of schedulers one after the other, handing over to the next at each
    milestone epoch (which restarts it from the base rates).

    Args:
        optimizer (Optimizer): the wrapped optimizer.
        schedulers (list): the schedulers, built on ``optimizer``.
        milestones (list of int): the epochs of the hand-overs, one fewer than schedulers.
        last_epoch (int): the index of the last epoch, to resume a schedule. Default: -1

    Example::

        >>> w = torch.zeros(1, requires_grad=True)
        >>> opt = torch.optim.SGD([w], lr=0.1)
        >>> S = torch.optim.lr_scheduler
        >>> warmup = S.ConstantLR(opt, factor=0.5, total_iters=2)
        >>> decay = S.ExponentialLR(opt, gamma=0.5)
        >>> sched = S.SequentialLR(opt, [warmup, decay], milestones=[2])
        >>> lrs = []
        >>> for epoch in range(6):
        ...     lrs.append(round(sched.get_last_lr()[0], 4))
        ...     opt.step()
        ...     sched.step()
        >>> lrs
        [0.05, 0.05, 0.1, 0.05, 0.025, 0.0125]
    """

    def __init__(self, optimizer, schedulers, milestones, last_epoch: int = -1) -> None:
        if len(milestones) != len(schedulers) - 1:
            raise ValueError(
                "Sequential Schedulers expects number of schedulers provided to be one more than "
                f"the number of milestone points, but got number of schedulers {len(schedulers)} "
                f"and the number of milestones to be equal to {len(milestones)}"
            )
        self.optimizer, self._schedulers, self._milestones = (
            optimizer,
            list(schedulers),
            list(milestones),
        )
        self.last_epoch = last_epoch + 1
        for group in optimizer.param_groups:
            group["lr"] = group["initial_lr"]
        for s in self._schedulers:  # (undo the schedulers' own first steps)
            s.last_epoch -= 1
        first = self._schedulers[0]
        first._step_count = 0
        first.step()
        self._last_lr = first.get_last_lr()

    def step(self) -> None:
        self.last_epoch += 1
        index = bisect_right(self._milestones, self.last_epoch)
        scheduler = self._schedulers[index]
        if index > 0 and self._milestones[index - 1] == self.last_epoch:
            scheduler.last_epoch = -1
            for group, base in zip(self.optimizer.param_groups, scheduler.base_lrs):
                group["lr"] = base
            scheduler.step()
        else:
            scheduler.step()
        self._last_lr = scheduler.get_last_lr()


class ChainedScheduler(LRScheduler):
    r"""Chains schedulers: each :meth:`step` steps every one of them, so their changes of
    the rate combine.

    Args:
        schedulers (list): the schedulers, all on one optimizer.
        optimizer (Optimizer, optional): the wrapped optimizer. Default: the schedulers'.

    Example::

        >>> w = torch.zeros(1, requires_grad=True)
        >>> opt = torch.optim.SGD([w], lr=0.1)
        >>> S = torch.optim.lr_scheduler
        >>> sched = S.ChainedScheduler(
        ...     [S.ConstantLR(opt, factor=0.5, total_iters=2), S.ExponentialLR(opt, gamma=0.5)]
        ... )
        >>> lrs = []
        >>> for epoch in range(6):
        ...     lrs.append(round(sched.get_last_lr()[0], 4))
        ...     opt.step()
        ...     sched.step()
        >>> lrs
        [0.05, 0.025, 0.025, 0.0125, 0.0063, 0.0031]
    """

    def __init__(self, schedulers, optimizer=None) -> None:
        self._schedulers = list(schedulers)
        self.optimizer = optimizer if optimizer is not None else self._schedulers[0].optimizer
        self._last_lr = [g["lr"] for g in self._schedulers[-1].optimizer.param_groups]

    def step(self) -> None:
        for s in self._schedulers:
            s.step()
        self._last_lr = [g["lr"] for g in self._schedulers[-1].optimizer.param_groups]
