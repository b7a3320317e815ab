"""``Function``: the base of every differentiable op, forward and vector-Jacobian product.

An op subclasses Function, computes its result in ``forward`` and maps the gradient of its
output to the gradients of its inputs in ``vjp``. ``apply`` runs forward and, when grad mode
is on and an input requires grad, makes the op instance the output's ``grad_fn`` node.
"""

from __future__ import annotations

from .._tensor_base import Tensor
from .grad_mode import is_grad_enabled


class Function:
    """Base class of numtensor's ops; the class name is the node name (``AddBackward0``)."""

    #: the node's class name in PyTorch, shown as ``grad_fn=<AddBackward0>``
    node_name = "Backward0"

    def save_for_backward(self, *tensors) -> None:
        self.saved = tensors

    @property
    def saved_tensors(self) -> tuple:
        return self.saved

    def forward(self, *args, **kwargs):
        raise NotImplementedError

    def vjp(self, grad):
        raise NotImplementedError(f"{type(self).__name__} is not differentiable")

    @classmethod
    def apply(cls, *args, **kwargs):
        fn = cls.__new__(cls)
        fn.saved = ()
        out = fn.forward(*args, **kwargs)
        if is_grad_enabled():
            parents = tuple(a for a in args if isinstance(a, Tensor))
            if any(p._requires_grad for p in parents):
                fn.inputs = tuple(a if isinstance(a, Tensor) else None for a in args)
                out.grad_fn = fn
                out._requires_grad = out._dtype.is_floating_point
        return out
