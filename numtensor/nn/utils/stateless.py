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
    r"""Call ``module(*args, **kwargs)`` with its parameters and buffers replaced by the
    tensors of ``parameters_and_buffers`` (dotted names to Tensors), restoring them after.
    PyTorch deprecates this for :func:`torch.func.functional_call`, a drop-in replacement.

    Example::

        >>> from numtensor.nn.utils.stateless import functional_call
        >>> m = torch.nn.Linear(2, 1)
        >>> params = {"weight": torch.ones(1, 2), "bias": torch.zeros(1)}
        >>> functional_call(m, params, (torch.tensor([[1., 2.]]),))
        tensor([[3.]])
    """
    return reparametrized_call(module, parameters_and_buffers, args, kwargs, tie_weights, strict)
