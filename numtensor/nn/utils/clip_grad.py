"""Gradient clipping: the total norm of several tensors, and scaling gradients by it."""

from __future__ import annotations

import types
import warnings

import numtensor as _nt

from ..._tensor_base import Tensor

__all__ = [
    "clip_grad_norm",
    "clip_grad_norm_",
    "clip_grad_value_",
    "clip_grads_with_norm_",
    "get_total_norm",
]


def _as_list(tensors) -> list:
    return [tensors] if isinstance(tensors, Tensor) else list(tensors)


def get_total_norm(
    tensors, norm_type: float = 2.0, error_if_nonfinite: bool = False, foreach=None
) -> Tensor:
    r"""The norm of the norms of ``tensors``: as if they were concatenated into one vector.

    Args:
        tensors (Tensor or iterable of Tensors): the tensors (typically gradients)
        norm_type (float): the p of the p-norm; ``inf`` for the largest absolute value
        error_if_nonfinite (bool): raise ``RuntimeError`` when the norm is nan or inf
        foreach: accepted for PyTorch compatibility (one code path here)

    Returns:
        a 0-dim tensor on the first tensor's device; ``tensor(0.)`` for no tensors

    Example::

        >>> grads = [torch.tensor([3., 0.]), torch.tensor([4.])]
        >>> torch.nn.utils.get_total_norm(grads)
        tensor(5.)
        >>> torch.nn.utils.get_total_norm(grads, norm_type=float('inf'))
        tensor(4.)
    """
    tensors = _as_list(tensors)
    norm_type = float(norm_type)
    if len(tensors) == 0:
        return _nt.tensor(0.0)
    first_device = tensors[0].device
    with _nt.no_grad():
        norms = [_nt.linalg.vector_norm(t, norm_type).to(first_device) for t in tensors]
        total_norm = _nt.linalg.vector_norm(_nt.stack(norms), norm_type)
        if error_if_nonfinite and bool(_nt.logical_or(total_norm.isnan(), total_norm.isinf())):
            raise RuntimeError(
                f"The total norm of order {norm_type} for gradients from "
                "`parameters` is non-finite, so it cannot be clipped. To disable "
                "this error and scale the gradients by the non-finite norm anyway, "
                "set `error_if_nonfinite=False`"
            )
    return total_norm


def clip_grads_with_norm_(parameters, max_norm: float, total_norm: Tensor, foreach=None) -> None:
    r"""Scale the gradients of ``parameters`` in place by
    ``min(1, max_norm / (total_norm + 1e-6))``.

    Args:
        parameters (Tensor or iterable of Tensors): tensors whose ``.grad`` is scaled
        max_norm (float): the largest norm allowed
        total_norm (Tensor): the total norm of the gradients (see :func:`get_total_norm`)
        foreach: accepted for PyTorch compatibility

    Example::

        >>> p = torch.nn.Parameter(torch.zeros(2))
        >>> p.grad = torch.tensor([3., 4.])
        >>> torch.nn.utils.clip_grads_with_norm_([p], max_norm=1.0, total_norm=torch.tensor(5.))
        >>> p.grad
        tensor([0.6000, 0.8000])
    """
    grads = [p.grad for p in _as_list(parameters) if p.grad is not None]
    max_norm = float(max_norm)
    if len(grads) == 0:
        return
    with _nt.no_grad():
        clip_coef_clamped = _nt.clamp(max_norm / (total_norm + 1e-6), max=1.0)
        for g in grads:
            g.mul_(clip_coef_clamped.to(g.device, g.dtype))


def clip_grad_norm_(
    parameters,
    max_norm: float,
    norm_type: float = 2.0,
    error_if_nonfinite: bool = False,
    foreach=None,
) -> Tensor:
    r"""Scale gradients in place so that their total norm is at most ``max_norm``.

    Equivalent to :func:`get_total_norm` of the gradients then
    :func:`clip_grads_with_norm_`. Returns the total norm before clipping (a 0-dim tensor).

    Example::

        >>> m = torch.nn.Linear(2, 1)
        >>> m(torch.tensor([[30., 40.]])).sum().backward()
        >>> torch.nn.utils.clip_grad_norm_(m.parameters(), max_norm=1.0)
        tensor(50.0100)
        >>> round(torch.nn.utils.get_total_norm([m.weight.grad, m.bias.grad]).item(), 4)
        1.0
    """
    if isinstance(parameters, Tensor):
        parameters = [parameters]
    else:
        is_generator = isinstance(parameters, types.GeneratorType)
        parameters = list(parameters)
        if is_generator and len(parameters) == 0:
            warnings.warn(
                "`parameters` is an empty generator, no gradient clipping will occur.",
                stacklevel=3,
            )
    grads = [p.grad for p in parameters if p.grad is not None]
    total_norm = get_total_norm(grads, norm_type, error_if_nonfinite, foreach)
    clip_grads_with_norm_(parameters, max_norm, total_norm, foreach)
    return total_norm


def clip_grad_norm(
    parameters,
    max_norm: float,
    norm_type: float = 2.0,
    error_if_nonfinite: bool = False,
    foreach=None,
) -> Tensor:
    r"""Deprecated alias of :func:`clip_grad_norm_` (emits a ``FutureWarning``): scales the
    gradients in place so that their total norm is at most ``max_norm`` and returns the
    total norm before clipping.

    Example::

        >>> import warnings
        >>> p = torch.nn.Parameter(torch.zeros(2))
        >>> p.grad = torch.tensor([3., 4.])
        >>> with warnings.catch_warnings():
        ...     warnings.simplefilter("ignore")
        ...     torch.nn.utils.clip_grad_norm(p, 1.0)
        tensor(5.)
    """
    warnings.warn(
        "`torch.nn.utils.clip_grad_norm` is now deprecated "
        "in favor of `torch.nn.utils.clip_grad_norm_`.",
        FutureWarning,
        stacklevel=2,
    )
    return clip_grad_norm_(parameters, max_norm, norm_type, error_if_nonfinite, foreach)


def clip_grad_value_(parameters, clip_value: float, foreach=None) -> None:
    r"""Clamp the gradients of ``parameters`` in place to ``[-clip_value, clip_value]``.

    Example::

        >>> p = torch.nn.Parameter(torch.zeros(3))
        >>> p.grad = torch.tensor([-2., 0.5, 3.])
        >>> torch.nn.utils.clip_grad_value_([p], clip_value=1.0)
        >>> p.grad
        tensor([-1.0000,  0.5000,  1.0000])
    """
    clip_value = float(clip_value)
    grads = [p.grad for p in _as_list(parameters) if p.grad is not None]
    with _nt.no_grad():
        for g in grads:
            g.clamp_(min=-clip_value, max=clip_value)
