"""``nn.utils.stateless``: calling a module with other parameters and buffers."""

from __future__ import annotations

from ...func._functional_call import reparametrized_call

__all__ = ["functional_call"]


def functional_call(
    module,
    parameters_and_buffers: dict,
    args=None,
    kwargs=None,
    *,
    tie_weights: bool = True,
    strict: bool = False,
):
    """Call ``module(*args, **kwargs)`` with its parameters and buffers replaced by the
    tensors of ``parameters_and_buffers`` (dotted names to Tensors), restoring them after.
    PyTorch deprecates this for :func:`torch.func.functional_call`, a drop-in replacement.

    Example: ``functional_call(model, {"weight": w, "bias": b}, (x,))``.
    """
    return reparametrized_call(module, parameters_and_buffers, args, kwargs, tie_weights, strict)
