"""``numtensor.optim.swa_utils``: Stochastic Weight Averaging (SWA) and exponential moving
averages (EMA) of models: :class:`AveragedModel`, the :class:`SWALR` scheduler,
:func:`update_bn` and the averaging functions, as ``torch.optim.swa_utils``."""

from __future__ import annotations

import itertools
import math
import warnings
from copy import deepcopy

from .._dtype import int64
from .._tensor_base import Tensor
from ..autograd.grad_mode import no_grad
from ..nn.modules.conv import _BatchNorm
from ..nn.modules.module import Module
from ..ops.creation import tensor
from .lr_scheduler import LRScheduler

__all__ = [
    "SWALR",
    "AveragedModel",
    "get_ema_avg_fn",
    "get_ema_multi_avg_fn",
    "get_swa_avg_fn",
    "get_swa_multi_avg_fn",
    "update_bn",
]


def get_ema_multi_avg_fn(decay: float = 0.999):
    r"""Returns an EMA update over lists of tensors, for ``AveragedModel(multi_avg_fn=...)``.

    The function ``fn(ema_params, current_params, num_averaged)`` updates every EMA tensor
    in place: ``ema = decay * ema + (1 - decay) * current``.

    Args:
        decay (float): the EMA decay, in [0, 1]. Default: 0.999

    Example::

        >>> ema = [torch.tensor([1.0, 1.0])]
        >>> fn = torch.optim.swa_utils.get_ema_multi_avg_fn(0.5)
        >>> fn(ema, [torch.tensor([3.0, 5.0])], 1)
        >>> ema
        [tensor([2., 3.])]
    """
    if decay < 0.0 or decay > 1.0:
        raise ValueError(
            f"Invalid decay value {decay} provided. Please provide a value in [0,1] range."
        )

    def ema_update(ema_param_list, current_param_list, _) -> None:
        with no_grad():
            if ema_param_list[0].is_floating_point() or ema_param_list[0].is_complex():
                for p_ema, p_model in zip(ema_param_list, current_param_list, strict=True):
                    p_ema.lerp_(p_model, 1 - decay)
            else:
                for p_ema, p_model in zip(ema_param_list, current_param_list, strict=True):
                    p_ema.copy_(p_ema * decay + p_model * (1 - decay))

    return ema_update


def get_swa_multi_avg_fn():
    r"""Returns an SWA (equal-weight running mean) update over lists of tensors, for
    ``AveragedModel(multi_avg_fn=...)``.

    The function ``fn(averaged_params, current_params, num_averaged)`` updates the means in
    place: ``avg += (current - avg) / (num_averaged + 1)``.

    Example::

        >>> avg = [torch.tensor([1.0, 1.0])]
        >>> fn = torch.optim.swa_utils.get_swa_multi_avg_fn()
        >>> fn(avg, [torch.tensor([3.0, 5.0])], 1)  # the mean of 2 values
        >>> avg
        [tensor([2., 3.])]
    """

    def swa_update(averaged_param_list, current_param_list, num_averaged) -> None:
        with no_grad():
            if averaged_param_list[0].is_floating_point() or averaged_param_list[0].is_complex():
                weight = 1 / (num_averaged + 1)
                for p_avg, p_model in zip(averaged_param_list, current_param_list, strict=True):
                    # a tensor weight acts as a scalar (PyTorch's foreach lerp)
                    w = (
                        weight.to(p_avg.device, p_avg.dtype)
                        if isinstance(weight, Tensor)
                        else weight
                    )
                    p_avg.lerp_(p_model, w)
                return
            for p_avg, p_model in zip(averaged_param_list, current_param_list, strict=True):
                diff = p_model - p_avg
                if isinstance(num_averaged, Tensor):
                    p_avg.addcdiv_(diff, num_averaged + 1)
                else:
                    p_avg.add_(diff, alpha=1.0 / (num_averaged + 1))

    return swa_update


def get_ema_avg_fn(decay: float = 0.999):
    r"""Returns an EMA function of one tensor, for ``AveragedModel(avg_fn=...)``.

    The function ``fn(ema_param, current_param, num_averaged)`` returns
    ``decay * ema_param + (1 - decay) * current_param``.

    Args:
        decay (float): the EMA decay, in [0, 1]. Default: 0.999

    Example::

        >>> fn = torch.optim.swa_utils.get_ema_avg_fn(0.9)
        >>> fn(torch.tensor([1.0]), torch.tensor([2.0]), 1)
        tensor([1.1000])
    """
    if decay < 0.0 or decay > 1.0:
        raise ValueError(
            f"Invalid decay value {decay} provided. Please provide a value in [0,1] range."
        )

    def ema_update(ema_param, current_param, num_averaged):
        with no_grad():
            return decay * ema_param + (1 - decay) * current_param

    return ema_update


def get_swa_avg_fn():
    r"""Returns the SWA (equal-weight running mean) function of one tensor, for
    ``AveragedModel(avg_fn=...)``.

    The function ``fn(averaged_param, current_param, num_averaged)`` returns
    ``averaged + (current - averaged) / (num_averaged + 1)``.

    Example::

        >>> fn = torch.optim.swa_utils.get_swa_avg_fn()
        >>> fn(torch.tensor([1.0]), torch.tensor([4.0]), torch.tensor(2))  # mean of 1, 1, 4
        tensor([2.])
    """

    def swa_update(averaged_param, current_param, num_averaged):
        with no_grad():
            return averaged_param + (current_param - averaged_param) / (num_averaged + 1)

    return swa_update


class AveragedModel(Module):
    """A deep copy of ``model`` whose parameters (and buffers with ``use_buffers``) hold a
    running average of ``model``'s: SWA's equal-weight mean by default, or an EMA with
    ``multi_avg_fn=get_ema_multi_avg_fn(decay)``.

    Args:
        model (nn.Module): the model to average
        device (optional): device of the copy (default: the model's)
        avg_fn (callable, optional): ``avg_fn(averaged, current, num_averaged)`` returning
            the new average of one tensor
        multi_avg_fn (callable, optional): updating lists of tensors in place
        use_buffers (bool): average the buffers too (else they are copied). Default: False

    Example::

        >>> model = torch.nn.Linear(1, 1)
        >>> swa = torch.optim.swa_utils.AveragedModel(model)
        >>> for value in [1.0, 2.0, 3.0]:  # (weights a training loop would reach)
        ...     with torch.no_grad():
        ...         _ = model.weight.fill_(value)
        ...     swa.update_parameters(model)
        >>> swa.module.weight.data, swa.n_averaged
        (tensor([[2.]]), tensor(3))
    """

    def __init__(
        self, model: Module, device=None, avg_fn=None, multi_avg_fn=None, use_buffers=False
    ) -> None:
        super().__init__()
        if avg_fn is not None and multi_avg_fn is not None:
            raise AssertionError("Only one of avg_fn and multi_avg_fn should be provided")
        self.module = deepcopy(model)
        if device is not None:
            self.module = self.module.to(device)
        self.register_buffer("n_averaged", tensor(0, dtype=int64, device=device))
        self.avg_fn = avg_fn
        self.multi_avg_fn = multi_avg_fn
        self.use_buffers = use_buffers

    def forward(self, *args, **kwargs):
        """Runs the averaged module (``self.module``) on the inputs.

        Example::

            >>> model = torch.nn.Linear(1, 1, bias=False)
            >>> swa = torch.optim.swa_utils.AveragedModel(model)
            >>> with torch.no_grad():
            ...     _ = swa.module.weight.fill_(2.0)
            >>> swa(torch.tensor([[3.0]]))
            tensor([[6.]], grad_fn=<MmBackward0>)
        """
        return self.module(*args, **kwargs)

    def update_parameters(self, model: Module) -> None:
        """Folds ``model``'s current parameters (and buffers with ``use_buffers``) into the
        average; the first call copies them. Buffers not averaged are copied.

        Args:
            model (nn.Module): the model being trained (same structure).

        Example::

            >>> model = torch.nn.Linear(2, 1)
            >>> swa = torch.optim.swa_utils.AveragedModel(model)
            >>> swa.update_parameters(model)
            >>> torch.equal(swa.module.weight, model.weight), swa.n_averaged
            (True, tensor(1))
        """
        if self.use_buffers:
            self_param = itertools.chain(self.module.parameters(), self.module.buffers())
            model_param = itertools.chain(model.parameters(), model.buffers())
        else:
            self_param, model_param = self.parameters(), model.parameters()
        self_detached, model_detached = [], []
        copy_param = bool(self.n_averaged == 0)
        with no_grad():
            for p_averaged, p_model in zip(self_param, model_param):
                p_model_ = p_model.detach().to(p_averaged.device)
                self_detached.append(p_averaged.detach())
                model_detached.append(p_model_)
                if copy_param:
                    p_averaged.detach().copy_(p_model_)
            if self.n_averaged > 0:
                self._average(self_detached, model_detached)
            if not self.use_buffers:
                # the buffers (BatchNorm statistics) follow the model's
                for b_swa, b_model in zip(self.module.buffers(), model.buffers(), strict=True):
                    b_swa.detach().copy_(b_model.detach().to(b_swa.device))
            self.n_averaged += 1

    def _average(self, averaged: list, current: list) -> None:
        if self.multi_avg_fn is None and self.avg_fn is not None:
            for p_averaged, p_model in zip(averaged, current, strict=True):
                n_averaged = self.n_averaged.to(p_averaged.device)
                p_averaged.copy_(self.avg_fn(p_averaged, p_model, n_averaged))
            return
        groups: dict = {}
        for p_averaged, p_model in zip(averaged, current, strict=True):
            key = (p_averaged.device, p_averaged.dtype)
            groups.setdefault(key, ([], []))
            groups[key][0].append(p_averaged)
            groups[key][1].append(p_model)
        for (device, _), (self_params, model_params) in groups.items():
            n_averaged = self.n_averaged.to(device)
            if self.multi_avg_fn is not None:
                self.multi_avg_fn(self_params, model_params, n_averaged)
            elif device.type == "cuda":  # PyTorch's foreach (lerp) path
                get_swa_multi_avg_fn()(self_params, model_params, n_averaged)
            else:  # PyTorch's per-tensor path on the CPU
                avg_fn = get_swa_avg_fn()
                for p_averaged, p_model in zip(self_params, model_params, strict=True):
                    p_averaged.copy_(avg_fn(p_averaged, p_model, n_averaged))


def _reset_running_stats(module) -> None:
    if getattr(module, "track_running_stats", False) and module.running_mean is not None:
        module.running_mean.zero_()
        module.running_var.fill_(1)
        module.num_batches_tracked.zero_()


def update_bn(loader, model: Module, device=None) -> None:
    r"""Recomputes the BatchNorm running statistics of ``model`` with one pass over
    ``loader`` (cumulative averages: momentum ``None`` during the pass), as needed after
    averaging weights. Batches that are lists or tuples contribute their first element.
    Does nothing without BatchNorm layers.

    Args:
        loader (iterable): the batches (e.g. a :class:`~numtensor.utils.data.DataLoader`).
        model (nn.Module): the model whose statistics to update.
        device (optional): if given, each batch is moved there first.

    Example::

        >>> net = torch.nn.BatchNorm1d(2)
        >>> loader = [torch.tensor([[1.0, 2.0], [3.0, 6.0]]),
        ...           torch.tensor([[5.0, 10.0], [7.0, 14.0]])]
        >>> torch.optim.swa_utils.update_bn(loader, net)
        >>> net.running_mean, net.running_var
        (tensor([4., 8.]), tensor([2., 8.]))
    """
    with no_grad():
        momenta = {}
        for module in model.modules():
            if isinstance(module, _BatchNorm):
                _reset_running_stats(module)
                momenta[module] = module.momentum
        if not momenta:
            return
        was_training = model.training
        model.train()
        for module in momenta:
            module.momentum = None
        for input in loader:
            if isinstance(input, (list, tuple)):
                input = input[0]
            if device is not None:
                input = input.to(device)
            model(input)
        for bn_module in momenta:
            bn_module.momentum = momenta[bn_module]
        model.train(was_training)


class SWALR(LRScheduler):
    """Anneal each group's learning rate to ``swa_lr`` over ``anneal_epochs`` epochs
    (cosine or linear), then hold it.

    Args:
        optimizer: the wrapped optimizer
        swa_lr (float or list): the SWA learning rate, per group or for all
        anneal_epochs (int): epochs of annealing. Default: 10
        anneal_strategy (str): ``"cos"`` or ``"linear"``. Default: ``"cos"``
        last_epoch (int): index of the last epoch. Default: -1

    Example::

        >>> w = torch.zeros(1, requires_grad=True)
        >>> opt = torch.optim.SGD([w], lr=0.1)
        >>> sched = torch.optim.swa_utils.SWALR(
        ...     opt, swa_lr=0.05, anneal_epochs=3, anneal_strategy="linear")
        >>> lrs = []
        >>> for epoch in range(5):
        ...     lrs.append(round(sched.get_last_lr()[0], 4))
        ...     opt.step()
        ...     sched.step()
        >>> lrs
        [0.1, 0.0833, 0.0667, 0.05, 0.05]
    """

    def __init__(
        self, optimizer, swa_lr, anneal_epochs=10, anneal_strategy="cos", last_epoch=-1
    ) -> None:
        swa_lrs = _format_param("swa_lr", optimizer, swa_lr)
        for lr, group in zip(swa_lrs, optimizer.param_groups, strict=True):
            group["swa_lr"] = lr
        if anneal_strategy not in ["cos", "linear"]:
            raise ValueError(
                f"anneal_strategy must be one of 'cos' or 'linear', instead got {anneal_strategy}"
            )
        self._set_anneal_func(anneal_strategy)
        if not isinstance(anneal_epochs, int) or anneal_epochs < 0:
            raise ValueError(f"anneal_epochs must be equal or greater than 0, got {anneal_epochs}")
        self.anneal_epochs = anneal_epochs
        self._get_lr_called_within_step = False
        super().__init__(optimizer, last_epoch)

    @staticmethod
    def _linear_anneal(t):
        return t

    @staticmethod
    def _cosine_anneal(t):
        return (1 - math.cos(math.pi * t)) / 2

    @staticmethod
    def _get_initial_lr(lr, swa_lr, alpha):
        if alpha == 1:
            return swa_lr
        return (lr - alpha * swa_lr) / (1 - alpha)

    def step(self, epoch=None) -> None:
        self._get_lr_called_within_step = True
        try:
            super().step(epoch)
        finally:
            self._get_lr_called_within_step = False

    def get_lr(self) -> list:
        """The rates for the current step (call ``get_last_lr()`` to read them)."""
        if not self._get_lr_called_within_step:
            warnings.warn(
                "To get the last learning rate computed by the scheduler, "
                "please use `get_last_lr()`.",
                UserWarning,
                stacklevel=2,
            )
        step = self._step_count - 1
        if self.anneal_epochs == 0:
            step = max(1, step)
        prev_t = max(0, min(1, (step - 1) / max(1, self.anneal_epochs)))
        prev_alpha = self.anneal_func(prev_t)
        prev_lrs = [
            self._get_initial_lr(group["lr"], group["swa_lr"], prev_alpha)
            for group in self.optimizer.param_groups
        ]
        t = max(0, min(1, step / max(1, self.anneal_epochs)))
        alpha = self.anneal_func(t)
        return [
            group["swa_lr"] * alpha + lr * (1 - alpha)
            for group, lr in zip(self.optimizer.param_groups, prev_lrs, strict=True)
        ]

    def _set_anneal_func(self, anneal_strategy: str) -> None:
        self._anneal_strategy = anneal_strategy
        self.anneal_func = self._cosine_anneal if anneal_strategy == "cos" else self._linear_anneal

    def state_dict(self) -> dict:
        """Every attribute but the optimizer and the annealing function."""
        return {k: v for k, v in self.__dict__.items() if k not in ("optimizer", "anneal_func")}

    def load_state_dict(self, state_dict: dict) -> None:
        """Restore the attributes (and the annealing function they name)."""
        self.__dict__.update(state_dict)
        self._set_anneal_func(self._anneal_strategy)


def _format_param(name: str, optimizer, param) -> list:
    """One value per parameter group (PyTorch's ``_format_param``)."""
    if isinstance(param, (list, tuple)):
        if len(param) != len(optimizer.param_groups):
            raise ValueError(
                f"{name} must have the same length as optimizer.param_groups. "
                f"{name} has {len(param)} values, param_groups has "
                f"{len(optimizer.param_groups)}."
            )
        return list(param)
    return [param] * len(optimizer.param_groups)
