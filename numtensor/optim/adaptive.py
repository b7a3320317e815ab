"""Optimizers of ``numtensor.optim`` with adaptive steps: :class:`Adadelta`, :class:`Adamax`,
:class:`NAdam`, :class:`RAdam`, :class:`Rprop` and :class:`ASGD`, with PyTorch's update rules,
step for step (the single-tensor forms of torch.optim; state under PyTorch's names)."""

from __future__ import annotations

import math

from ..ops.creation import tensor
from ..ops.creation_like import zeros_like
from .algorithms import _signed
from .optimizer import Optimizer, check_non_negative


def _check_adam_args(lr, eps, betas, weight_decay) -> None:
    check_non_negative(lr, "learning rate")
    check_non_negative(eps, "epsilon value")
    for i, b in enumerate(betas):
        if not 0.0 <= b < 1.0:
            raise ValueError(f"Invalid beta parameter at index {i}: {b}")
    check_non_negative(weight_decay, "weight_decay value")


def _count(state: dict) -> float:
    state["step"] += 1
    return state["step"].item()


def _decay(group, param, grad, decoupled: bool = False):
    """Weight decay: added to the gradient (L2), or applied to the parameter (decoupled)."""
    wd = group["weight_decay"]
    if not wd:
        return grad
    if decoupled:
        param.mul_(1 - group["lr"] * wd)
        return grad
    return grad.add(param, alpha=wd)


class Adadelta(Optimizer):
    r"""Implements Adadelta (Zeiler, 2012).

    Keeps running averages of the squared gradient (``square_avg``) and of the squared
    updates (``acc_delta``), both with decay ``rho``; the update is
    :math:`\Delta = \sqrt{\text{acc\_delta} + \epsilon} / \sqrt{\text{square\_avg} +
    \epsilon} \cdot g` and :math:`\theta = \theta - \text{lr}\,\Delta`.

    Args:
        params (iterable): tensors to optimize, ``(name, tensor)`` pairs, or dicts defining
            parameter groups.
        lr (float): coefficient that scales the delta. Default: 1.0
        rho (float): coefficient of the running averages. Default: 0.9
        eps (float): term added to the denominator. Default: 1e-6
        weight_decay (float): L2 penalty added to the gradient. Default: 0
        maximize (bool): maximize the objective instead of minimizing. Default: ``False``
        foreach, capturable, differentiable: accepted for PyTorch compatibility.

    Example::

        >>> w = torch.tensor([1.0, -2.0], requires_grad=True)
        >>> opt = torch.optim.Adadelta([w], lr=1.0)
        >>> for _ in range(2):
        ...     opt.zero_grad()
        ...     (w ** 2).sum().backward()
        ...     opt.step()
        >>> w
        tensor([ 0.9936, -1.9936], requires_grad=True)
    """

    def __init__(self, params, lr: float = 1.0, rho: float = 0.9, eps: float = 1e-6,
                 weight_decay: float = 0, foreach=None, *, capturable: bool = False,
                 maximize: bool = False, differentiable: bool = False) -> None:  # fmt: skip
        check_non_negative(lr, "learning rate")
        if not 0.0 <= rho <= 1.0:
            raise ValueError(f"Invalid rho value: {rho}")
        check_non_negative(eps, "epsilon value")
        check_non_negative(weight_decay, "weight_decay value")
        super().__init__(params, dict(lr=lr, rho=rho, eps=eps, weight_decay=weight_decay,
                                      maximize=maximize, foreach=foreach, capturable=capturable,
                                      differentiable=differentiable))  # fmt: skip

    def _update(self, group, param, grad, state) -> None:
        if not state:
            state["step"] = tensor(0.0)
            state["square_avg"] = zeros_like(param)
            state["acc_delta"] = zeros_like(param)
        _count(state)
        grad = _decay(group, param, _signed(grad, group["maximize"]))
        rho, eps = group["rho"], group["eps"]
        square_avg, acc_delta = state["square_avg"], state["acc_delta"]
        square_avg.mul_(rho).addcmul_(grad, grad, value=1 - rho)
        std = square_avg.add(eps).sqrt()
        delta = acc_delta.add(eps).sqrt().div(std).mul(grad)
        acc_delta.mul_(rho).addcmul_(delta, delta, value=1 - rho)
        param.add_(delta, alpha=-group["lr"])


class Adamax(Optimizer):
    r"""Implements Adamax, the infinity-norm variant of :class:`Adam`.

    The second moment is replaced by an exponentially weighted infinity norm
    :math:`u = \max(\beta_2 u, |g| + \epsilon)` and the step is
    :math:`\text{lr} / (1 - \beta_1^t) \cdot m / u`.

    Args:
        params (iterable): tensors to optimize, ``(name, tensor)`` pairs, or dicts defining
            parameter groups.
        lr (float): learning rate. Default: 2e-3
        betas (Tuple[float, float]): coefficients of the running average of the gradient
            and of the infinity norm. Default: (0.9, 0.999)
        eps (float): term added to the denominator. Default: 1e-8
        weight_decay (float): L2 penalty added to the gradient. Default: 0
        maximize (bool): maximize the objective instead of minimizing. Default: ``False``
        foreach, differentiable, capturable: accepted for PyTorch compatibility.

    Example::

        >>> w = torch.tensor([1.0, -2.0], requires_grad=True)
        >>> opt = torch.optim.Adamax([w], lr=0.1)
        >>> for _ in range(2):
        ...     opt.zero_grad()
        ...     (w ** 2).sum().backward()
        ...     opt.step()
        >>> w
        tensor([ 0.8052, -1.8025], requires_grad=True)
    """

    def __init__(self, params, lr: float = 2e-3, betas=(0.9, 0.999), eps: float = 1e-8,
                 weight_decay: float = 0, foreach=None, *, maximize: bool = False,
                 differentiable: bool = False, capturable: bool = False) -> None:  # fmt: skip
        _check_adam_args(lr, eps, betas, weight_decay)
        defaults = dict(lr=lr, betas=betas, eps=eps, weight_decay=weight_decay, foreach=foreach,
                        maximize=maximize, differentiable=differentiable,
                        capturable=capturable)  # fmt: skip
        super().__init__(params, defaults)

    def _update(self, group, param, grad, state) -> None:
        if not state:
            state["step"] = tensor(0.0)
            state["exp_avg"] = zeros_like(param)
            state["exp_inf"] = zeros_like(param)
        step = _count(state)
        grad = _decay(group, param, _signed(grad, group["maximize"]))
        (beta1, beta2), eps = group["betas"], group["eps"]
        exp_avg, exp_inf = state["exp_avg"], state["exp_inf"]
        exp_avg.lerp_(grad, 1 - beta1)
        exp_inf.copy_(exp_inf.mul(beta2).maximum(grad.abs().add(eps)))
        clr = group["lr"] / (1 - beta1**step)
        param.addcdiv_(exp_avg, exp_inf, value=-clr)


class NAdam(Optimizer):
    r"""Implements NAdam: :class:`Adam` with Nesterov momentum (Dozat, 2016).

    The momentum coefficient follows the schedule :math:`\mu_t = \beta_1 (1 - 0.5 \cdot
    0.96^{t \psi})` (:math:`\psi` = ``momentum_decay``), and the step mixes the current
    gradient with the look-ahead average.

    Args:
        params (iterable): tensors to optimize, ``(name, tensor)`` pairs, or dicts defining
            parameter groups.
        lr (float): learning rate. Default: 2e-3
        betas (Tuple[float, float]): coefficients of the running averages of the gradient
            and its square. Default: (0.9, 0.999)
        eps (float): term added to the denominator. Default: 1e-8
        weight_decay (float): weight decay. Default: 0
        momentum_decay (float): momentum decay :math:`\psi`. Default: 4e-3
        decoupled_weight_decay (bool): apply the weight decay to the parameter, as AdamW
            does, instead of to the gradient. Default: ``False``
        maximize (bool): maximize the objective instead of minimizing. Default: ``False``
        foreach, capturable, differentiable: accepted for PyTorch compatibility.

    Example::

        >>> w = torch.tensor([1.0, -2.0], requires_grad=True)
        >>> opt = torch.optim.NAdam([w], lr=0.1)
        >>> for _ in range(2):
        ...     opt.zero_grad()
        ...     (w ** 2).sum().backward()
        ...     opt.step()
        >>> w
        tensor([ 0.8200, -1.8179], requires_grad=True)
    """

    def __init__(self, params, lr: float = 2e-3, betas=(0.9, 0.999), eps: float = 1e-8,
                 weight_decay: float = 0, momentum_decay: float = 4e-3,
                 decoupled_weight_decay: bool = False, *, foreach=None, maximize: bool = False,
                 capturable: bool = False, differentiable: bool = False) -> None:  # fmt: skip
        _check_adam_args(lr, eps, betas, weight_decay)
        check_non_negative(momentum_decay, "momentum_decay value")
        super().__init__(params, dict(lr=lr, betas=betas, eps=eps, weight_decay=weight_decay,
                                      momentum_decay=momentum_decay,
                                      decoupled_weight_decay=decoupled_weight_decay,
                                      maximize=maximize, foreach=foreach, capturable=capturable,
                                      differentiable=differentiable))  # fmt: skip

    def _update(self, group, param, grad, state) -> None:
        if not state:
            state["step"] = tensor(0.0)
            state["mu_product"] = tensor(1.0)
            state["exp_avg"] = zeros_like(param)
            state["exp_avg_sq"] = zeros_like(param)
        step = _count(state)
        grad = _decay(
            group, param, _signed(grad, group["maximize"]), group["decoupled_weight_decay"]
        )
        lr, (beta1, beta2), eps = group["lr"], group["betas"], group["eps"]
        decay = group["momentum_decay"]
        mu = beta1 * (1.0 - 0.5 * 0.96 ** (step * decay))
        mu_next = beta1 * (1.0 - 0.5 * 0.96 ** ((step + 1) * decay))
        state["mu_product"] *= mu
        mu_product = state["mu_product"].item()
        exp_avg, exp_avg_sq = state["exp_avg"], state["exp_avg_sq"]
        exp_avg.lerp_(grad, 1 - beta1)
        exp_avg_sq.mul_(beta2).addcmul_(grad, grad, value=1 - beta2)
        denom = exp_avg_sq.div(1 - beta2**step).sqrt().add_(eps)
        param.addcdiv_(grad, denom, value=-lr * (1.0 - mu) / (1.0 - mu_product))
        param.addcdiv_(exp_avg, denom, value=-lr * mu_next / (1.0 - mu_product * mu_next))


class RAdam(Optimizer):
    r"""Implements RAdam, rectified :class:`Adam` (Liu et al., 2019).

    While the variance of the adaptive learning rate is intractable (the approximated
    SMA length :math:`\rho_t \le 5`, the first steps), the step is plain momentum SGD
    with the bias-corrected average; afterwards the Adam step is scaled by the
    rectification term.

    Args:
        params (iterable): tensors to optimize, ``(name, tensor)`` pairs, or dicts defining
            parameter groups.
        lr (float): learning rate. Default: 1e-3
        betas (Tuple[float, float]): coefficients of the running averages of the gradient
            and its square. Default: (0.9, 0.999)
        eps (float): term added to the denominator. Default: 1e-8
        weight_decay (float): weight decay. Default: 0
        decoupled_weight_decay (bool): apply the weight decay to the parameter, as AdamW
            does, instead of to the gradient. Default: ``False``
        maximize (bool): maximize the objective instead of minimizing. Default: ``False``
        foreach, capturable, differentiable: accepted for PyTorch compatibility.

    Example::

        >>> w = torch.tensor([1.0, -2.0], requires_grad=True)
        >>> opt = torch.optim.RAdam([w], lr=0.1)
        >>> for _ in range(2):
        ...     opt.zero_grad()
        ...     (w ** 2).sum().backward()
        ...     opt.step()
        >>> w
        tensor([ 0.6211, -1.2421], requires_grad=True)
    """

    def __init__(self, params, lr: float = 1e-3, betas=(0.9, 0.999), eps: float = 1e-8,
                 weight_decay: float = 0, decoupled_weight_decay: bool = False, *, foreach=None,
                 maximize: bool = False, capturable: bool = False,
                 differentiable: bool = False) -> None:  # fmt: skip
        _check_adam_args(lr, eps, betas, weight_decay)
        super().__init__(params, dict(lr=lr, betas=betas, eps=eps, weight_decay=weight_decay,
                                      decoupled_weight_decay=decoupled_weight_decay,
                                      maximize=maximize, foreach=foreach, capturable=capturable,
                                      differentiable=differentiable))  # fmt: skip

    def _update(self, group, param, grad, state) -> None:
        if not state:
            state["step"] = tensor(0.0)
            state["exp_avg"] = zeros_like(param)
            state["exp_avg_sq"] = zeros_like(param)
        step = _count(state)
        grad = _decay(
            group, param, _signed(grad, group["maximize"]), group["decoupled_weight_decay"]
        )
        lr, (beta1, beta2), eps = group["lr"], group["betas"], group["eps"]
        exp_avg, exp_avg_sq = state["exp_avg"], state["exp_avg_sq"]
        exp_avg.lerp_(grad, 1 - beta1)
        exp_avg_sq.mul_(beta2).addcmul_(grad, grad, value=1 - beta2)
        bias_correction1 = 1 - beta1**step
        bias_correction2 = 1 - beta2**step
        corrected = exp_avg / bias_correction1
        rho_inf = 2 / (1 - beta2) - 1
        rho_t = rho_inf - 2 * step * (beta2**step) / bias_correction2
        if rho_t > 5.0:
            rect = math.sqrt(
                (rho_t - 4) * (rho_t - 2) * rho_inf / ((rho_inf - 4) * (rho_inf - 2) * rho_t)
            )
            adaptive = math.sqrt(bias_correction2) / exp_avg_sq.sqrt().add_(eps)
            param.add_(corrected * lr * adaptive * rect, alpha=-1.0)
        else:
            param.add_(corrected * lr, alpha=-1.0)


class Rprop(Optimizer):
    r"""Implements the resilient backpropagation algorithm.

    Only the sign of the gradient is used: each entry has its own step size, multiplied by
    ``etaplus`` when the gradient keeps its sign and by ``etaminus`` when it flips (then
    that entry does not move this step), clamped to ``step_sizes``.

    Args:
        params (iterable): tensors to optimize, ``(name, tensor)`` pairs, or dicts defining
            parameter groups.
        lr (float): initial step size. Default: 1e-2
        etas (Tuple[float, float]): ``(etaminus, etaplus)``, the multiplicative decrease and
            increase factors. Default: (0.5, 1.2)
        step_sizes (Tuple[float, float]): minimal and maximal step sizes. Default: (1e-6, 50)
        maximize (bool): maximize the objective instead of minimizing. Default: ``False``
        capturable, foreach, differentiable: accepted for PyTorch compatibility.

    Example::

        >>> w = torch.tensor([1.0, -2.0], requires_grad=True)
        >>> opt = torch.optim.Rprop([w], lr=0.1)
        >>> for _ in range(2):
        ...     opt.zero_grad()
        ...     (w ** 2).sum().backward()
        ...     opt.step()
        >>> w
        tensor([ 0.7800, -1.7800], requires_grad=True)
    """

    def __init__(self, params, lr: float = 1e-2, etas=(0.5, 1.2), step_sizes=(1e-6, 50), *,
                 capturable: bool = False, foreach=None, maximize: bool = False,
                 differentiable: bool = False) -> None:  # fmt: skip
        check_non_negative(lr, "learning rate")
        if not 0.0 < etas[0] < 1.0 < etas[1]:
            raise ValueError(f"Invalid eta values: {etas[0]}, {etas[1]}")
        super().__init__(params, dict(lr=lr, etas=etas, step_sizes=step_sizes, foreach=foreach,
                                      maximize=maximize, differentiable=differentiable,
                                      capturable=capturable))  # fmt: skip

    def _update(self, group, param, grad, state) -> None:
        if not state:
            state["step"] = tensor(0.0)
            state["prev"] = zeros_like(param)
            state["step_size"] = zeros_like(grad).fill_(group["lr"])
        _count(state)
        grad = _signed(grad, group["maximize"])
        (etaminus, etaplus), (low, high) = group["etas"], group["step_sizes"]
        prev, step_size = state["prev"], state["step_size"]
        sign = grad.mul(prev).sign()
        factor = sign.masked_fill(sign > 0, etaplus).masked_fill(sign < 0, etaminus)
        factor = factor.masked_fill(sign == 0, 1)
        step_size.mul_(factor).clamp_(low, high)
        grad = grad.masked_fill(factor == etaminus, 0)
        param.addcmul_(grad.sign(), step_size, value=-1)
        prev.copy_(grad)


class ASGD(Optimizer):
    r"""Implements averaged stochastic gradient descent (Polyak & Juditsky, 1992).

    SGD steps with a decaying rate :math:`\eta_t = \text{lr} / (1 + \lambda\, \text{lr}
    \, t)^\alpha`, plus a running average of the parameters in ``state["ax"]``, started
    at step ``t0``.

    Args:
        params (iterable): tensors to optimize, ``(name, tensor)`` pairs, or dicts defining
            parameter groups.
        lr (float): learning rate. Default: 1e-2
        lambd (float): decay term. Default: 1e-4
        alpha (float): power for the eta update. Default: 0.75
        t0 (float): the step at which averaging starts. Default: 1e6
        weight_decay (float): L2 penalty added to the gradient. Default: 0
        maximize (bool): maximize the objective instead of minimizing. Default: ``False``
        foreach, differentiable, capturable: accepted for PyTorch compatibility.

    Example::

        >>> w = torch.tensor([1.0, -2.0], requires_grad=True)
        >>> opt = torch.optim.ASGD([w], lr=0.1)
        >>> for _ in range(2):
        ...     opt.zero_grad()
        ...     (w ** 2).sum().backward()
        ...     opt.step()
        >>> w
        tensor([ 0.6400, -1.2800], requires_grad=True)
    """

    def __init__(self, params, lr: float = 1e-2, lambd: float = 1e-4, alpha: float = 0.75,
                 t0: float = 1e6, weight_decay: float = 0, foreach=None, maximize: bool = False,
                 differentiable: bool = False, capturable: bool = False) -> None:  # fmt: skip
        check_non_negative(lr, "learning rate")
        check_non_negative(weight_decay, "weight_decay value")
        super().__init__(params, dict(lr=lr, lambd=lambd, alpha=alpha, t0=t0,
                                      weight_decay=weight_decay, foreach=foreach,
                                      maximize=maximize, differentiable=differentiable,
                                      capturable=capturable))  # fmt: skip

    def _update(self, group, param, grad, state) -> None:
        if not state:
            state["step"] = tensor(0.0)
            state["eta"] = tensor(float(group["lr"]))
            state["mu"] = tensor(1.0)
            state["ax"] = zeros_like(param)
        step = _count(state)
        grad = _decay(group, param, _signed(grad, group["maximize"]))
        lr, lambd, alpha, t0 = group["lr"], group["lambd"], group["alpha"], group["t0"]
        eta, mu = state["eta"].item(), state["mu"].item()
        param.mul_(1 - lambd * eta)
        param.add_(grad, alpha=-eta)
        ax = state["ax"]
        if mu != 1:
            ax.add_(param.sub(ax).mul(mu))
        else:
            ax.copy_(param)
        state["eta"].fill_(lr / ((1 + lambd * lr * step) ** alpha))
        state["mu"].fill_(1 / max(1, step - t0))
