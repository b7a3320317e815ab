"""``numtensor.optim.SparseAdam``: lazy Adam that updates only the rows a gradient
touches."""

from __future__ import annotations

import math

from .._tensor_base import Tensor
from ..ops.creation_like import zeros_like
from .optimizer import Optimizer

__all__ = ["SparseAdam"]


def _touched_rows(grad: Tensor) -> Tensor:
    """Boolean mask broadcastable to ``grad``: the rows (entries along dim 0) where the
    gradient has a non-zero value, which a sparse ``nn.Embedding`` gradient would list."""
    nonzero = grad != 0
    if grad.ndim <= 1:
        return nonzero
    return nonzero.reshape(grad.shape[0], -1).any(1).reshape(-1, *([1] * (grad.ndim - 1)))


class SparseAdam(Optimizer):
    """Lazy Adam (``torch.optim.SparseAdam``): the moments and the parameter change only
    where the gradient is present, with Adam's bias-corrected update there.

    Differs from PyTorch: numtensor has no sparse tensors, so gradients are dense: the
    rows (slices along dim 0) with any non-zero gradient value play the part of a sparse
    gradient's indices (what ``nn.Embedding(sparse=True)`` would give for the looked-up
    rows). PyTorch raises ``RuntimeError`` for dense gradients instead; a row looked up
    whose gradient is exactly zero is left alone here while PyTorch would decay its
    moments.

    Args:
        params: iterable of parameters to optimize
        lr (float): learning rate. Default: 1e-3
        betas (Tuple[float, float]): coefficients of the running averages of the gradient
            and its square. Default: (0.9, 0.999)
        eps (float): term added to the denominator. Default: 1e-8
        maximize (bool): maximize the objective. Default: ``False``

    Example::

        >>> w = torch.ones(3, 2, requires_grad=True)
        >>> opt = torch.optim.SparseAdam([w], lr=0.1)
        >>> w[torch.tensor([0, 2])].sum().backward()  # only rows 0 and 2 get a gradient
        >>> opt.step()
        >>> w
        tensor([[0.9000, 0.9000],
                [1.0000, 1.0000],
                [0.9000, 0.9000]], requires_grad=True)
    """

    def __init__(
        self, params, lr: float = 1e-3, betas=(0.9, 0.999), eps: float = 1e-8, maximize=False
    ) -> None:
        if isinstance(lr, Tensor) and lr.numel() != 1:
            raise ValueError("Tensor lr must be 1-element")
        if not lr > 0.0:
            raise ValueError(f"Invalid learning rate: {lr}")
        if not eps > 0.0:
            raise ValueError(f"Invalid epsilon value: {eps}")
        if not 0.0 <= betas[0] < 1.0:
            raise ValueError(f"Invalid beta parameter at index 0: {betas[0]}")
        if not 0.0 <= betas[1] < 1.0:
            raise ValueError(f"Invalid beta parameter at index 1: {betas[1]}")
        defaults = {"lr": lr, "betas": betas, "eps": eps, "maximize": maximize}
        super().__init__(params, defaults)
        complex_params = [
            [index, d_index]
            for index, group in enumerate(self.param_groups)
            for d_index, p in enumerate(group["params"])
            if p.is_complex()
        ]
        if complex_params:
            raise ValueError(
                f"Complex params at indices {complex_params}: "
                "SparseAdam does not support complex parameters"
            )

    def _update(self, group: dict, param: Tensor, grad: Tensor, state: dict) -> None:
        """One lazy Adam update: only the rows with a non-zero gradient move."""
        beta1, beta2 = group["betas"]
        lr = group["lr"].item() if isinstance(group["lr"], Tensor) else group["lr"]
        if len(state) == 0:
            state["step"] = 0
            state["exp_avg"] = zeros_like(param)
            state["exp_avg_sq"] = zeros_like(param)
        state["step"] += 1
        grad = -param.grad if group.get("maximize", False) else param.grad
        rows = _touched_rows(grad)
        if not bool(rows.any()):
            return
        exp_avg, exp_avg_sq, step = state["exp_avg"], state["exp_avg_sq"], state["step"]
        # the moments move towards the gradient on the touched rows only
        numer = exp_avg + (grad - exp_avg) * (1 - beta1)
        second = exp_avg_sq + (grad * grad - exp_avg_sq) * (1 - beta2)
        exp_avg.copy_(exp_avg.where(~rows, numer))
        exp_avg_sq.copy_(exp_avg_sq.where(~rows, second))
        denom = second.sqrt().add_(group["eps"])
        bias_correction1 = 1 - beta1**step
        bias_correction2 = 1 - beta2**step
        step_size = lr * math.sqrt(bias_correction2) / bias_correction1
        update = -step_size * (numer / denom)
        param.add_(update.where(rows, update.new_zeros(())))
