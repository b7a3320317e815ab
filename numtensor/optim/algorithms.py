"""The most used optimizers of ``numtensor.optim``: :class:`SGD`, :class:`Adam`,
:class:`AdamW`, :class:`RMSprop` and :class:`Adagrad`, with PyTorch's update rules, step for
step (the single-tensor forms; state under PyTorch's names)."""

from __future__ import annotations

import math

from .._tensor_base import Tensor
from ..compiler import is_compiling
from ..ops.creation import tensor
from ..ops.creation_like import zeros_like
from .optimizer import Optimizer, check_non_negative


def _step_count(state: dict):
    """Count a step in ``state["step"]`` (a tensor, as PyTorch keeps it) and return the count:
    a float, or while ``numtensor.compile`` records, the tensor itself, so that the update
    is recorded as tensor math instead of baking this step's number in (PyTorch's
    ``capturable`` path)."""
    if "step" not in state:
        state["step"] = tensor(0.0)
    state["step"] += 1
    return state["step"] if is_compiling() else state["step"].item()


def _add_scaled_quotient(param, a, b, scale) -> None:
    """``param += scale * a / b``, ``scale`` a number or a 0-dim tensor."""
    if isinstance(scale, Tensor):
        param.add_(a / b * scale)
    else:
        param.addcdiv_(a, b, value=scale)


def _signed(grad, maximize: bool):
    return -grad if maximize else grad


class SGD(Optimizer):
    r"""Implements stochastic gradient descent (optionally with momentum).

    With weight decay :math:`\lambda`, momentum :math:`\mu` and dampening :math:`\tau`,
    each step does :math:`g = \nabla + \lambda\theta`, :math:`b = \mu b + (1 - \tau) g`
    (:math:`b = g` on the first step), :math:`g = g + \mu b` with Nesterov else
    :math:`g = b`, and :math:`\theta = \theta - \text{lr}\, g`.

    Args:
        params (iterable): tensors to optimize, ``(name, tensor)`` pairs, or dicts defining
            parameter groups.
        lr (float): learning rate. Default: 1e-3
        momentum (float): momentum factor. Default: 0
        dampening (float): dampening for momentum. Default: 0
        weight_decay (float): L2 penalty added to the gradient. Default: 0
        nesterov (bool): use Nesterov momentum (needs ``momentum > 0`` and zero
            dampening). Default: ``False``
        maximize (bool): maximize the objective instead of minimizing. Default: ``False``
        foreach, differentiable, fused: accepted for PyTorch compatibility (numtensor has
            one implementation).

    Example::

        >>> w = torch.tensor([1.0, -2.0], requires_grad=True)
        >>> opt = torch.optim.SGD([w], lr=0.1, momentum=0.9)
        >>> for _ in range(2):
        ...     opt.zero_grad()
        ...     (w ** 2).sum().backward()
        ...     opt.step()
        >>> w
        tensor([ 0.4600, -0.9200], requires_grad=True)
    """

    def __init__(
        self,
        params,
        lr: float = 1e-3,
        momentum: float = 0,
        dampening: float = 0,
        weight_decay: float = 0,
        nesterov: bool = False,
        *,
        maximize: bool = False,
        foreach=None,
        differentiable: bool = False,
        fused=None,
    ) -> None:
        check_non_negative(lr, "learning rate")
        check_non_negative(momentum, "momentum value")
        check_non_negative(weight_decay, "weight_decay value")
        if nesterov and (momentum <= 0 or dampening != 0):
            raise ValueError("Nesterov momentum requires a momentum and zero dampening")
        super().__init__(
            params,
            dict(
                lr=lr,
                momentum=momentum,
                dampening=dampening,
                weight_decay=weight_decay,
                nesterov=nesterov,
                maximize=maximize,
                foreach=foreach,
                differentiable=differentiable,
                fused=fused,
            ),
        )

    def _update(self, group, param, grad, state) -> None:
        grad = _signed(grad, group["maximize"])
        if group["weight_decay"]:
            grad = grad.add(param, alpha=group["weight_decay"])
        momentum = group["momentum"]
        if momentum:
            buf = state.get("momentum_buffer")
            if buf is None:
                buf = state["momentum_buffer"] = grad.clone().detach()
            else:
                buf.mul_(momentum).add_(grad, alpha=1 - group["dampening"])
            grad = grad.add(buf, alpha=momentum) if group["nesterov"] else buf
        param.add_(grad, alpha=-group["lr"])


class Adam(Optimizer):
    r"""Implements the Adam algorithm (Kingma & Ba, 2014).

    Keeps running averages of the gradient (``exp_avg``, decay :math:`\beta_1`) and of its
    square (``exp_avg_sq``, decay :math:`\beta_2`), and steps by
    :math:`\text{lr} \cdot \hat m / (\sqrt{\hat v} + \epsilon)` with the bias-corrected
    averages :math:`\hat m, \hat v`.

    Args:
        params (iterable): tensors to optimize, ``(name, tensor)`` pairs, or dicts defining
            parameter groups.
        lr (float or Tensor): learning rate. Default: 1e-3
        betas (Tuple[float, float]): coefficients of the running averages of the gradient
            and its square. Default: (0.9, 0.999)
        eps (float): term added to the denominator for numerical stability. Default: 1e-8
        weight_decay (float): weight decay, added to the gradient (L2 penalty) unless
            ``decoupled_weight_decay``. Default: 0
        amsgrad (bool): use the AMSGrad variant (the maximum of past squared averages).
            Default: ``False``
        maximize (bool): maximize the objective instead of minimizing. Default: ``False``
        decoupled_weight_decay (bool): shrink the parameter by ``lr * weight_decay``
            instead (this makes it :class:`AdamW`). Default: ``False``
        foreach, capturable, differentiable, fused: accepted for PyTorch compatibility.

    Example::

        >>> w = torch.tensor([1.0, -2.0], requires_grad=True)
        >>> opt = torch.optim.Adam([w], lr=0.1)
        >>> for _ in range(2):
        ...     opt.zero_grad()
        ...     (w ** 2).sum().backward()
        ...     opt.step()
        >>> w
        tensor([ 0.8004, -1.8002], requires_grad=True)
    """

    def __init__(
        self,
        params,
        lr: float = 1e-3,
        betas=(0.9, 0.999),
        eps: float = 1e-8,
        weight_decay: float = 0,
        amsgrad: bool = False,
        *,
        foreach=None,
        maximize: bool = False,
        capturable: bool = False,
        differentiable: bool = False,
        fused=None,
        decoupled_weight_decay: bool = False,
    ) -> None:
        check_non_negative(lr, "learning rate")
        check_non_negative(eps, "epsilon value")
        if not 0.0 <= betas[0] < 1.0:
            raise ValueError(f"Invalid beta parameter at index 0: {betas[0]}")
        if not 0.0 <= betas[1] < 1.0:
            raise ValueError(f"Invalid beta parameter at index 1: {betas[1]}")
        check_non_negative(weight_decay, "weight_decay value")
        super().__init__(
            params,
            dict(
                lr=lr,
                betas=betas,
                eps=eps,
                weight_decay=weight_decay,
                amsgrad=amsgrad,
                maximize=maximize,
                foreach=foreach,
                capturable=capturable,
                differentiable=differentiable,
                fused=fused,
                decoupled_weight_decay=decoupled_weight_decay,
            ),
        )

    def _update(self, group, param, grad, state) -> None:
        grad = _signed(grad, group["maximize"])
        lr, (beta1, beta2), eps = group["lr"], group["betas"], group["eps"]
        if not state:
            state["step"] = tensor(0.0)
            state["exp_avg"] = zeros_like(param)
            state["exp_avg_sq"] = zeros_like(param)
            if group["amsgrad"]:
                state["max_exp_avg_sq"] = zeros_like(param)
        step = _step_count(state)
        if group["weight_decay"]:
            if group.get("decoupled_weight_decay", False):
                param.mul_(1 - lr * group["weight_decay"])
            else:
                grad = grad.add(param, alpha=group["weight_decay"])
        exp_avg, exp_avg_sq = state["exp_avg"], state["exp_avg_sq"]
        exp_avg.lerp_(grad, 1 - beta1)
        exp_avg_sq.mul_(beta2).addcmul_(grad, grad, value=1 - beta2)
        bias_correction1 = 1 - beta1**step
        bias_correction2 = 1 - beta2**step
        bias_correction2_sqrt = (
            bias_correction2.sqrt() if isinstance(step, Tensor) else math.sqrt(bias_correction2)
        )
        step_size = lr / bias_correction1
        if group["amsgrad"]:
            peak = state["max_exp_avg_sq"]
            peak.copy_(peak.maximum(exp_avg_sq))
            denom = (peak.sqrt() / bias_correction2_sqrt).add_(eps)
        else:
            denom = (exp_avg_sq.sqrt() / bias_correction2_sqrt).add_(eps)
        _add_scaled_quotient(param, exp_avg, denom, -step_size)


class AdamW(Adam):
    r"""Implements AdamW: :class:`Adam` with decoupled weight decay (Loshchilov & Hutter).

    Before the Adam step, the parameter is shrunk by ``lr * weight_decay`` instead of
    the decay being added to the gradient; the default ``weight_decay`` is 0.01. Same
    arguments as :class:`Adam` (without ``decoupled_weight_decay``, always ``True``).

    Example::

        >>> w = torch.tensor([1.0, -2.0], requires_grad=True)
        >>> opt = torch.optim.AdamW([w], lr=0.1)
        >>> for _ in range(2):
        ...     opt.zero_grad()
        ...     (w ** 2).sum().backward()
        ...     opt.step()
        >>> w
        tensor([ 0.7985, -1.7963], requires_grad=True)
    """

    def __init__(
        self,
        params,
        lr: float = 1e-3,
        betas=(0.9, 0.999),
        eps: float = 1e-8,
        weight_decay: float = 1e-2,
        amsgrad: bool = False,
        *,
        maximize: bool = False,
        foreach=None,
        capturable: bool = False,
        differentiable: bool = False,
        fused=None,
    ) -> None:
        super().__init__(
            params,
            lr,
            betas,
            eps,
            weight_decay,
            amsgrad,
            foreach=foreach,
            maximize=maximize,
            capturable=capturable,
            differentiable=differentiable,
            fused=fused,
            decoupled_weight_decay=True,
        )


class RMSprop(Optimizer):
    r"""Implements RMSprop (Hinton's lecture notes).

    Keeps a running average of the squared gradient (``square_avg``, decay ``alpha``) and
    divides the gradient by its root: :math:`\theta = \theta - \text{lr}\, g /
    (\sqrt{v} + \epsilon)`. ``centered`` subtracts the squared running mean of the
    gradient first; ``momentum`` accumulates the scaled steps in a buffer.

    Args:
        params (iterable): tensors to optimize, ``(name, tensor)`` pairs, or dicts defining
            parameter groups.
        lr (float): learning rate. Default: 1e-2
        alpha (float): smoothing constant. Default: 0.99
        eps (float): term added to the denominator. Default: 1e-8
        weight_decay (float): L2 penalty added to the gradient. Default: 0
        momentum (float): momentum factor. Default: 0
        centered (bool): normalize by an estimate of the gradient's variance.
            Default: ``False``
        maximize (bool): maximize the objective instead of minimizing. Default: ``False``
        capturable, foreach, differentiable: accepted for PyTorch compatibility.

    Example::

        >>> w = torch.tensor([1.0, -2.0], requires_grad=True)
        >>> opt = torch.optim.RMSprop([w], lr=0.01)
        >>> for _ in range(2):
        ...     opt.zero_grad()
        ...     (w ** 2).sum().backward()
        ...     opt.step()
        >>> w
        tensor([ 0.8329, -1.8309], requires_grad=True)
    """

    def __init__(
        self,
        params,
        lr: float = 1e-2,
        alpha: float = 0.99,
        eps: float = 1e-8,
        weight_decay: float = 0,
        momentum: float = 0,
        centered: bool = False,
        capturable: bool = False,
        foreach=None,
        maximize: bool = False,
        differentiable: bool = False,
    ) -> None:
        check_non_negative(lr, "learning rate")
        check_non_negative(eps, "epsilon value")
        check_non_negative(momentum, "momentum value")
        check_non_negative(weight_decay, "weight_decay value")
        check_non_negative(alpha, "alpha value")
        super().__init__(
            params,
            dict(
                lr=lr,
                alpha=alpha,
                eps=eps,
                weight_decay=weight_decay,
                momentum=momentum,
                centered=centered,
                capturable=capturable,
                foreach=foreach,
                maximize=maximize,
                differentiable=differentiable,
            ),
        )

    def _update(self, group, param, grad, state) -> None:
        grad = _signed(grad, group["maximize"])
        if not state:
            state["step"] = tensor(0.0)
            state["square_avg"] = zeros_like(param)
            if group["momentum"] > 0:
                state["momentum_buffer"] = zeros_like(param)
            if group["centered"]:
                state["grad_avg"] = zeros_like(param)
        _step_count(state)
        if group["weight_decay"]:
            grad = grad.add(param, alpha=group["weight_decay"])
        alpha = group["alpha"]
        square_avg = state["square_avg"]
        square_avg.mul_(alpha).addcmul_(grad, grad, value=1 - alpha)
        if group["centered"]:
            grad_avg = state["grad_avg"]
            grad_avg.lerp_(grad, 1 - alpha)
            avg = square_avg.addcmul(grad_avg, grad_avg, value=-1).sqrt_().add_(group["eps"])
        else:
            avg = square_avg.sqrt().add_(group["eps"])
        if group["momentum"] > 0:
            buf = state["momentum_buffer"]
            buf.mul_(group["momentum"]).addcdiv_(grad, avg)
            param.add_(buf, alpha=-group["lr"])
        else:
            param.addcdiv_(grad, avg, value=-group["lr"])


class Adagrad(Optimizer):
    r"""Implements Adagrad (Duchi et al., 2011).

    Accumulates the squared gradients in ``sum`` (starting at
    ``initial_accumulator_value``) and steps by :math:`\text{clr}\, g / (\sqrt{\text{sum}}
    + \epsilon)`, with the decayed rate :math:`\text{clr} = \text{lr} / (1 + (t - 1)
    \cdot \text{lr\_decay})`.

    Args:
        params (iterable): tensors to optimize, ``(name, tensor)`` pairs, or dicts defining
            parameter groups.
        lr (float): learning rate. Default: 1e-2
        lr_decay (float): learning rate decay. Default: 0
        weight_decay (float): L2 penalty added to the gradient. Default: 0
        initial_accumulator_value (float): initial value of the sum of squares. Default: 0
        eps (float): term added to the denominator. Default: 1e-10
        maximize (bool): maximize the objective instead of minimizing. Default: ``False``
        foreach, differentiable, fused: accepted for PyTorch compatibility.

    Example::

        >>> w = torch.tensor([1.0, -2.0], requires_grad=True)
        >>> opt = torch.optim.Adagrad([w], lr=0.1)
        >>> for _ in range(2):
        ...     opt.zero_grad()
        ...     (w ** 2).sum().backward()
        ...     opt.step()
        >>> w
        tensor([ 0.8331, -1.8311], requires_grad=True)
    """

    def __init__(
        self,
        params,
        lr: float = 1e-2,
        lr_decay: float = 0,
        weight_decay: float = 0,
        initial_accumulator_value: float = 0,
        eps: float = 1e-10,
        foreach=None,
        *,
        maximize: bool = False,
        differentiable: bool = False,
        fused=None,
    ) -> None:
        check_non_negative(lr, "learning rate")
        check_non_negative(lr_decay, "lr_decay value")
        check_non_negative(weight_decay, "weight_decay value")
        check_non_negative(
            initial_accumulator_value,
            "initial_accumulator_value value",
        )
        check_non_negative(eps, "epsilon value")
        super().__init__(
            params,
            dict(
                lr=lr,
                lr_decay=lr_decay,
                eps=eps,
                weight_decay=weight_decay,
                initial_accumulator_value=initial_accumulator_value,
                foreach=foreach,
                maximize=maximize,
                differentiable=differentiable,
                fused=fused,
            ),
        )
        for group in self.param_groups:
            for p in group["params"]:
                self.state[p] = {
                    "step": tensor(0.0),
                    "sum": zeros_like(p).fill_(initial_accumulator_value),
                }

    def _update(self, group, param, grad, state) -> None:
        grad = _signed(grad, group["maximize"])
        step = _step_count(state)
        if group["weight_decay"]:
            grad = grad.add(param, alpha=group["weight_decay"])
        clr = group["lr"] / (1 + (step - 1) * group["lr_decay"])
        state["sum"].addcmul_(grad, grad, value=1)
        std = state["sum"].sqrt().add_(group["eps"])
        _add_scaled_quotient(param, grad, std, -clr)
