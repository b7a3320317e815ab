"""``once_differentiable``: a custom backward that is not itself differentiable."""

from __future__ import annotations

import functools

from .._tensor_base import Tensor
from .function import Function
from .grad_mode import is_grad_enabled, no_grad


class _DelayedError(Function):
    """Passes its inputs through; differentiating through it raises (PyTorch's
    DelayedError node)."""

    node_name = "DelayedError"

    @staticmethod
    def forward(ctx, *tensors):
        return tuple(t.view_as(t) if isinstance(t, Tensor) else t for t in tensors)

    @staticmethod
    def backward(ctx, *grads):
        raise RuntimeError(
            "trying to differentiate twice a function that was marked with @once_differentiable"
        )


def once_differentiable(fn):
    """Decorate a custom Function's ``backward`` that is only differentiable once: it runs
    under ``no_grad``; when a double backward is being recorded (grad mode on and an incoming
    gradient requires grad) its results lead to a node that raises RuntimeError if reached.

    Example::

        @staticmethod
        @once_differentiable
        def backward(ctx, grad): ...
    """

    @functools.wraps(fn)
    def wrapper(ctx, *args):
        with no_grad():
            outputs = fn(ctx, *args)
        if not is_grad_enabled():
            return outputs
        if not any(isinstance(a, Tensor) and a.requires_grad for a in args):
            return outputs
        single = not isinstance(outputs, tuple)
        outputs = (outputs,) if single else outputs
        fake = tuple(
            o.detach().requires_grad_(True)
            if isinstance(o, Tensor) and o.dtype.is_floating_point
            else o
            for o in outputs
        )
        result = _DelayedError.apply(*fake)
        return result[0] if single else result

    return wrapper
