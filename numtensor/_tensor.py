"""The public Tensor type: the data model of ``_tensor_base`` plus its methods.

Every method is a thin call into an op declared once in ``numtensor/ops``, which records its
bindings in the op registry; this file adds the Python protocol (repr, iteration, pickling,
backward) and binds ``registry.METHODS`` onto the class.
"""

from __future__ import annotations

from . import _printing
from ._dtype import ALL_DTYPES, get_default_dtype
from ._tensor_base import Tensor
from .autograd import engine
from .ops import METHODS, conversion, creation, differentiable
from .ops.registry import method

# ---- construction: numtensor.Tensor(data) / numtensor.Tensor(2, 3) --------------------------


def _legacy_tensor_new(cls, *args, device=None):
    t = creation.legacy_new(get_default_dtype(), args, device)
    if cls is not Tensor and type(t) is not cls:
        t.__class__ = cls
    return t


class _LegacyTensorType(type):
    """``numtensor.FloatTensor`` and friends: constructors and isinstance checks by dtype."""

    def __call__(cls, *args, device=None):
        return creation.legacy_new(cls.dtype, args, device)

    def __instancecheck__(cls, obj) -> bool:
        return isinstance(obj, Tensor) and obj.dtype is cls.dtype and obj.device.type == "cpu"


def _legacy_type(name: str, dt):
    doc = (
        f"The legacy constructor of CPU tensors of dtype ``{dt}``.\n\n"
        f"``numtensor.{name}(data)`` copies ``data`` as ``numtensor.tensor(data, dtype={dt})``"
        f" does; ``numtensor.{name}(2, 3)`` makes an uninitialised tensor of that size. "
        f"``isinstance(x, numtensor.{name})`` checks a CPU tensor's dtype.\n\n"
        "Example::\n\n"
        f"    >>> torch.{name}(2, 3).shape\n"
        "    numtensor.Size([2, 3])\n"
        f"    >>> isinstance(torch.zeros(2, dtype={str(dt).replace('numtensor.', 'torch.')}), "
        f"torch.{name})\n"
        "    True\n"
    )
    return _LegacyTensorType(name, (), {"dtype": dt, "__module__": "numtensor", "__doc__": doc})


LEGACY_TYPES = {dt: _legacy_type(conversion.LEGACY_NAMES[dt._name], dt) for dt in ALL_DTYPES}

# ---- Python protocol ------------------------------------------------------------------------


def _repr(self) -> str:
    return _printing.tensor_repr(self)


def _format(self, spec: str) -> str:
    if self.ndim == 0:
        return self.item().__format__(spec)
    return format(repr(self), spec)


def _iter(self):
    if self.ndim == 0:
        raise TypeError("iteration over a 0-d tensor")
    return iter(differentiable.unbind(self, 0))


def _reduce(self):
    return (
        _rebuild,
        (conversion.numpy(self.detach(), force=True).copy(), str(self.device), self.requires_grad),
    )


def _rebuild(array, device, requires_grad):
    return creation.finish(array, device, requires_grad)


def _backward(self, gradient=None, retain_graph=None, create_graph=False, inputs=None):
    r"""Computes the gradient of this tensor with respect to the graph's leaves.

    The gradients are accumulated (added) into the ``.grad`` of every leaf that requires
    grad (and of non-leaves that called :meth:`retain_grad`), so zero them between steps.
    A tensor with one element needs no ``gradient``; otherwise ``gradient`` is the vector of
    the vector-Jacobian product, shaped like this tensor.

    Args:
        gradient (Tensor, optional): the gradient of some scalar with respect to this tensor.
            Default: ``1`` for a one-element tensor.
        retain_graph (bool, optional): keep the graph so that backward can run through it
            again. Default: ``create_graph``.
        create_graph (bool): record the backward pass itself, for higher-order derivatives.
            Default: ``False``.
        inputs (sequence of Tensor, optional): accumulate only into these tensors' ``.grad``.

    Example::

        >>> x = torch.tensor([1., 2., 3.], requires_grad=True)
        >>> y = (x ** 2).sum()
        >>> y.backward()
        >>> x.grad
        tensor([2., 4., 6.])
        >>> x = torch.tensor([1., 2.], requires_grad=True)
        >>> (x * 3).backward(torch.tensor([1., 10.]))
        >>> x.grad
        tensor([ 3., 30.])
    """
    engine.backward(self, gradient, retain_graph, create_graph, inputs)


def _retain_grad(self) -> None:
    r"""Enables this non-leaf tensor to keep its ``.grad`` during :meth:`backward`.

    Does nothing on a leaf (leaves always keep it). Raises ``RuntimeError`` if the tensor
    does not require grad. See also :attr:`retains_grad`.

    Example::

        >>> x = torch.tensor([1., 2.], requires_grad=True)
        >>> y = x * 3
        >>> y.retain_grad()
        >>> y.sum().backward()
        >>> y.grad
        tensor([1., 1.])
    """
    if not self._requires_grad:
        raise RuntimeError("can't retain_grad on Tensor that has requires_grad=False")
    if self.grad_fn is not None:
        self._retains_grad = True


class _HookHandle:
    def __init__(self, hooks: list, hook) -> None:
        self._hooks, self._hook = hooks, hook

    def remove(self) -> None:
        if self._hook in self._hooks:
            self._hooks.remove(self._hook)


def _register_hook(self, hook):
    r"""Registers a backward hook, called as ``hook(grad)`` each time a gradient with respect to
    this tensor is computed.

    The hook must not modify ``grad`` in place; it may return a new gradient to use instead
    of ``grad`` (or ``None`` to keep it).

    Args:
        hook (Callable[[Tensor], Tensor or None]): the hook.

    Returns:
        a handle whose ``remove()`` removes the hook.

    Example::

        >>> x = torch.tensor([1., 2.], requires_grad=True)
        >>> h = x.register_hook(lambda grad: grad * 2)  # double the gradient
        >>> (x * 3).sum().backward()
        >>> x.grad
        tensor([6., 6.])
        >>> h.remove()
    """
    if not self._requires_grad:
        raise RuntimeError("cannot register a hook on a tensor that doesn't require gradient")
    hooks = self.__dict__.setdefault("_hooks", [])
    hooks.append(hook)
    return _HookHandle(hooks, hook)


def _register_post_accumulate_grad_hook(self, hook):
    r"""Registers a hook called as ``hook(tensor)`` after :meth:`backward` has accumulated this
    leaf tensor's ``.grad``.

    Only leaf tensors that require grad accept one (``RuntimeError`` otherwise). The hook's
    return value is ignored; it may read or update ``tensor.grad`` (e.g. an optimizer step
    fused into backward).

    Args:
        hook (Callable[[Tensor], None]): the hook.

    Returns:
        a handle whose ``remove()`` removes the hook.

    Example::

        >>> x = torch.tensor([1., 2.], requires_grad=True)
        >>> seen = []
        >>> h = x.register_post_accumulate_grad_hook(lambda t: seen.append(t.grad.clone()))
        >>> (x * x).sum().backward()
        >>> seen
        [tensor([2., 4.])]
    """
    if not self._requires_grad:
        raise RuntimeError("cannot register a hook on a tensor that doesn't require gradient")
    if self.grad_fn is not None:
        raise RuntimeError("post accumulate grad hooks cannot be registered on non-leaf tensors")
    hooks = self.__dict__.setdefault("_post_accumulate_hooks", [])
    hooks.append(hook)
    return _HookHandle(hooks, hook)


for _name, _value in {
    "__new__": staticmethod(_legacy_tensor_new),
    "__repr__": _repr,
    "__str__": _repr,
    "__format__": _format,
    "__iter__": _iter,
    "__reduce__": _reduce,
    "backward": _backward,
    "retain_grad": _retain_grad,
    "register_hook": _register_hook,
    "register_post_accumulate_grad_hook": _register_post_accumulate_grad_hook,
}.items():
    method(_name, _value)

for _name, _fn in METHODS.items():
    setattr(Tensor, _name, _fn)

Tensor.__module__ = "numtensor"
