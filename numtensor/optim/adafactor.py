"""Adafactor (PyTorch 2.13's ``torch.optim.Adafactor``): Adam-like steps with a factored
second moment (row and column averages) for matrices."""

from __future__ import annotations

from .._tensor_base import Tensor
from .._typeinfo import finfo
from ..ops.creation import tensor
from ..ops.creation_like import zeros_like
from .optimizer import Optimizer

__all__ = ["Adafactor"]


class Adafactor(Optimizer):
    """Adafactor, following ``torch.optim.Adafactor`` step for step (its single-tensor
    form). For parameters with 2 or more dimensions the second moment is kept as
    ``row_var`` (last dim reduced) and ``col_var`` (second-to-last reduced); vectors keep a
    full ``variance``. The step is relative to the parameter's RMS and clipped by ``d``.

    Args:
        params: iterable of parameters to optimize
        lr (float): unscaled learning rate (the relative step is ``min(lr, 1/sqrt(t))``).
            Default: 1e-2
        beta2_decay (float): the second moment's decay rate is ``1 - t**beta2_decay``.
            Default: -0.8
        eps (Tuple[float | None, float]): ``(eps1, eps2)``: eps1 (default: the dtype's
            machine epsilon) keeps denominators from 0, eps2 is the smallest parameter
            scale. Default: (None, 1e-3)
        d (float): clipping threshold of the update's RMS. Default: 1.0
        weight_decay (float): decoupled weight decay. Default: 0.0
        foreach: accepted for PyTorch compatibility (one code path)
        maximize (bool): maximize the objective. Default: ``False``

    Example::

        >>> w = torch.ones(2, 3, requires_grad=True)
        >>> opt = torch.optim.Adafactor([w], lr=0.1)
        >>> (w * torch.arange(6.).reshape(2, 3)).sum().backward()
        >>> opt.step()
        >>> w
        tensor([[1.0000, 0.9196, 0.8768],
                [0.8951, 0.8983, 0.9026]], requires_grad=True)
        >>> sorted(opt.state[w])  # a factored second moment for the matrix
        ['col_var', 'row_var', 'step']
    """

    def __init__(
        self,
        params,
        lr: float = 1e-2,
        beta2_decay: float = -0.8,
        eps=(None, 1e-3),
        d: float = 1.0,
        weight_decay: float = 0.0,
        *,
        foreach=None,
        maximize: bool = False,
    ) -> None:
        if isinstance(lr, Tensor) and lr.numel() != 1:
            raise ValueError("Tensor lr must be 1-element")
        if not lr >= 0.0:
            raise ValueError(f"Learning rate should be >= 0 but is: {lr}")
        if not beta2_decay <= 0.0:
            raise ValueError(f"beta2_decay should be <= 0 but is: {beta2_decay}")
        if eps[0] is not None and not eps[0] >= 0.0:
            raise ValueError(f"epsilon1 should be >= 0 but is: {eps[0]}")
        if not eps[1] >= 0.0:
            raise ValueError(f"epsilon2 should be >= 0 but is: {eps[1]}")
        if not d >= 1.0:
            raise ValueError(f"Clipping threshold d should be >= 1 but is: {d}")
        if not weight_decay >= 0.0:
            raise ValueError(f"weight_decay should be >= 0 but is: {weight_decay}")
        defaults = {
            "lr": lr,
            "beta2_decay": beta2_decay,
            "eps": eps,
            "d": d,
            "weight_decay": weight_decay,
            "foreach": foreach,
            "maximize": maximize,
        }
        super().__init__(params, defaults)

    def _group_step(self, group: dict) -> None:
        eps1, eps2 = group["eps"]
        lr = group["lr"].item() if isinstance(group["lr"], Tensor) else group["lr"]
        d, beta2_decay, weight_decay = group["d"], group["beta2_decay"], group["weight_decay"]
        for param in group["params"]:
            if param.grad is None:
                continue
            if param.is_complex():
                raise RuntimeError("Adafactor does not support complex parameters")
            grad = param.grad
            state = self.state.setdefault(param, {})
            if len(state) == 0:
                state["step"] = tensor(0.0)
                if grad.dim() > 1:
                    state["row_var"] = grad.new_zeros([*grad.shape[:-1], 1])
                    state["col_var"] = grad.new_zeros([*grad.shape[:-2], 1, grad.shape[-1]])
                else:
                    state["variance"] = zeros_like(grad)
            if group["maximize"]:
                grad = -grad
            if eps1 is None:  # PyTorch takes the first parameter's dtype for the group
                eps1 = finfo(param.dtype).eps
            step_t = state["step"]
            step_t += 1
            step_float = step_t.item()
            one_minus_beta2_t = step_float**beta2_decay
            rho_t = min(lr, 1 / (step_float**0.5))
            alpha = max(eps2, param.norm(2).item() / (param.numel() ** 0.5)) * rho_t
            if weight_decay != 0:
                param.mul_(1 - lr * weight_decay)
            if grad.dim() > 1:
                row_var, col_var = state["row_var"], state["col_var"]
                row_mean = grad.norm(dim=-1, keepdim=True).square_().div_(grad.size(-1))
                row_var.lerp_(row_mean, one_minus_beta2_t)
                col_mean = grad.norm(dim=-2, keepdim=True).square_().div_(grad.size(-2))
                col_var.lerp_(col_mean, one_minus_beta2_t)
                var_estimate = row_var @ col_var
                var_estimate.div_(row_var.mean(dim=-2, keepdim=True).clamp_(min=eps1))
            else:
                variance = state["variance"]
                variance.lerp_(grad * grad, one_minus_beta2_t)
                var_estimate = variance.clone()
            update = var_estimate.clamp_(min=eps1 * eps1).rsqrt_()
            update.mul_(grad)
            denom = max(1.0, update.norm(2).item() / ((update.numel() ** 0.5) * d))
            param.add_(update, alpha=-alpha / denom)
