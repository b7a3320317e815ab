"""``nn.utils``: gradient clipping and parameter/vector conversion."""

from __future__ import annotations

import math

import numtensor as _nt

from ..._tensor_base import Tensor


def _params(parameters) -> list:
    if isinstance(parameters, Tensor):
        return [parameters]
    return list(parameters)


def clip_grad_norm_(
    parameters,
    max_norm: float,
    norm_type: float = 2.0,
    error_if_nonfinite: bool = False,
    foreach=None,
) -> Tensor:
    """Scale gradients in place so their joint norm is at most ``max_norm``; returns it."""
    grads = [p.grad for p in _params(parameters) if p.grad is not None]
    if not grads:
        return _nt.tensor(0.0)
    with _nt.no_grad():
        if norm_type == math.inf:
            total = _nt.stack([g.abs().max() for g in grads]).max()
        else:
            total = _nt.stack([g.norm(norm_type) for g in grads]).norm(norm_type)
        if error_if_nonfinite and not bool(total.isfinite().item()):
            raise RuntimeError(
                f"The total norm of order {norm_type} for gradients from "
                "`parameters` is non-finite, so it cannot be clipped."
            )
        coef = (max_norm / (total + 1e-6)).clamp(max=1.0)
        for g in grads:
            g.mul_(coef.to(g.dtype))
    return total


def clip_grad_value_(parameters, clip_value: float, foreach=None) -> None:
    with _nt.no_grad():
        for p in _params(parameters):
            if p.grad is not None:
                p.grad.clamp_(-clip_value, clip_value)


def parameters_to_vector(parameters) -> Tensor:
    return _nt.cat([p.reshape(-1) for p in _params(parameters)])


def vector_to_parameters(vec: Tensor, parameters) -> None:
    if not isinstance(vec, Tensor):
        raise TypeError(f"expected torch.Tensor, but got: {type(vec).__name__}")
    start = 0
    with _nt.no_grad():
        for p in _params(parameters):
            n = p.numel()
            p.copy_(vec[start : start + n].view_as(p))
            start += n


from . import rnn as rnn  # noqa: E402 - the sequence packing helpers
