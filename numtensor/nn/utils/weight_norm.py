"""``nn.utils.weight_norm``: the older, hook-based weight normalization (deprecated in
PyTorch in favour of ``nn.utils.parametrizations.weight_norm``), and the norm helpers both
versions share (``torch.norm_except_dim`` and ``torch._weight_norm``)."""

from __future__ import annotations

import warnings

from ..._tensor_base import Tensor
from ..modules.module import Module
from ..parameter import Parameter

__all__ = ["WeightNorm", "remove_weight_norm", "weight_norm"]


def norm_except_dim(v: Tensor, pow: float = 2, dim: int = 0) -> Tensor:
    r"""The ``pow``-norm of ``v`` over every dimension but ``dim``, kept with size 1 (shape
    ``(1, .., v.size(dim), .., 1)``); over the whole tensor (0-dim result) when ``dim`` is -1.

    Example::

        >>> from numtensor.nn.utils.weight_norm import norm_except_dim
        >>> norm_except_dim(torch.tensor([[3., 4.], [0., 1.]]), 2, 0)
        tensor([[5.],
                [1.]])
    """
    if dim == -1:
        return v.norm(pow)
    dim = dim % v.ndim
    others = tuple(d for d in range(v.ndim) if d != dim)
    if not others:  # a vector: the norm of each single element
        return v.abs()
    return v.norm(pow, dim=others, keepdim=True)


def _weight_norm(v: Tensor, g: Tensor, dim: int = 0) -> Tensor:
    """``v * (g / ||v||)``, the norm from :func:`norm_except_dim` with ``dim``."""
    return v * (g / norm_except_dim(v, 2, dim))


class WeightNorm:
    r"""The forward pre-hook of :func:`weight_norm`: recomputes ``<name>`` from
    ``<name>_g`` and ``<name>_v`` before every forward.

    Example::

        >>> m = torch.nn.utils.weight_norm(torch.nn.Linear(3, 2))
        >>> [type(h).__name__ for h in m._forward_pre_hooks.values()]
        ['WeightNorm']
    """

    name: str
    dim: int

    def __init__(self, name: str, dim: int) -> None:
        if dim is None:
            dim = -1
        self.name = name
        self.dim = dim

    def compute_weight(self, module: Module) -> Tensor:
        g = getattr(module, self.name + "_g")
        v = getattr(module, self.name + "_v")
        return _weight_norm(v, g, self.dim)

    @staticmethod
    def apply(module: Module, name: str, dim: int) -> WeightNorm:
        warnings.warn(
            "`torch.nn.utils.weight_norm` is deprecated "
            "in favor of `torch.nn.utils.parametrizations.weight_norm`.",
            FutureWarning,
            stacklevel=3,
        )
        for hook in module._forward_pre_hooks.values():
            if isinstance(hook, WeightNorm) and hook.name == name:
                raise RuntimeError(
                    f"Cannot register two weight_norm hooks on the same parameter {name}"
                )
        if dim is None:
            dim = -1
        fn = WeightNorm(name, dim)
        weight = getattr(module, name)
        # the direction and magnitude become the parameters; <name> is recomputed from them
        del module._parameters[name]
        module.register_parameter(name + "_g", Parameter(norm_except_dim(weight, 2, dim).data))
        module.register_parameter(name + "_v", Parameter(weight.data))
        setattr(module, name, fn.compute_weight(module))
        module.register_forward_pre_hook(fn)
        return fn

    def remove(self, module: Module) -> None:
        weight = self.compute_weight(module)
        delattr(module, self.name)
        del module._parameters[self.name + "_g"]
        del module._parameters[self.name + "_v"]
        setattr(module, self.name, Parameter(weight.data))

    def __call__(self, module: Module, inputs) -> None:
        setattr(module, self.name, self.compute_weight(module))


def weight_norm(module: Module, name: str = "weight", dim: int = 0) -> Module:
    r"""Weight normalization with a forward pre-hook: ``<name>`` is replaced by the
    parameters ``<name>_g`` (magnitude, :func:`norm_except_dim` of the weight) and
    ``<name>_v`` (direction), and recomputed as ``g * v / ||v||`` before every forward.

    Deprecated in PyTorch (a ``FutureWarning`` is emitted): prefer
    :func:`numtensor.nn.utils.parametrizations.weight_norm`.

    Args:
        module (nn.Module): containing module
        name (str): name of the weight parameter. Default: ``"weight"``
        dim (int, optional): dimension kept by the norm; ``None`` for the whole tensor

    Returns:
        the module with the hook

    Example::

        >>> m = torch.nn.utils.weight_norm(torch.nn.Linear(20, 40), name="weight")
        >>> m.weight_g.shape, m.weight_v.shape
        (numtensor.Size([40, 1]), numtensor.Size([40, 20]))
    """
    WeightNorm.apply(module, name, dim)
    return module


def remove_weight_norm(module: Module, name: str = "weight") -> Module:
    r"""Undo :func:`weight_norm`: ``<name>`` becomes a Parameter again with its current value.

    Raises:
        ValueError: if the module has no weight norm hook on ``name``

    Example::

        >>> m = torch.nn.utils.weight_norm(torch.nn.Linear(20, 40))
        >>> m = torch.nn.utils.remove_weight_norm(m)
        >>> hasattr(m, "weight_g"), m.weight.shape
        (False, numtensor.Size([40, 20]))
    """
    return remove_hook(module, name, WeightNorm, "weight_norm")


def remove_hook(module: Module, name: str, kind: type, label: str) -> Module:
    """Remove the forward pre-hook of type ``kind`` that recomputes ``name`` (undoing its
    reparametrization); PyTorch's ValueError when there is none."""
    for k, hook in module._forward_pre_hooks.items():
        if isinstance(hook, kind) and hook.name == name:
            hook.remove(module)
            del module._forward_pre_hooks[k]
            return module
    raise ValueError(f"{label} of '{name}' not found in {module}")
