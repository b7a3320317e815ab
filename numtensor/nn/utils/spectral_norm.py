"""``nn.utils.spectral_norm``: the older, hook-based spectral normalization (PyTorch
recommends ``nn.utils.parametrizations.spectral_norm`` instead)."""

from __future__ import annotations

import numtensor as _nt

from ..._tensor_base import Tensor
from .. import functional as F
from ..modules.module import Module
from ..parameter import Parameter

__all__ = ["SpectralNorm", "remove_spectral_norm", "spectral_norm"]


class SpectralNorm:
    r"""The forward pre-hook of :func:`spectral_norm`: sets ``<name>`` to
    ``<name>_orig / sigma`` before every forward, running the power iteration on the
    ``<name>_u`` and ``<name>_v`` buffers in training mode.

    Example::

        >>> m = torch.nn.utils.spectral_norm(torch.nn.Linear(3, 2))
        >>> [type(h).__name__ for h in m._forward_pre_hooks.values()]
        ['SpectralNorm']
    """

    _version: int = 1

    def __init__(
        self, name: str = "weight", n_power_iterations: int = 1, dim: int = 0, eps: float = 1e-12
    ) -> None:
        self.name = name
        self.dim = dim
        if n_power_iterations <= 0:
            raise ValueError(
                "Expected n_power_iterations to be positive, but "
                f"got n_power_iterations={n_power_iterations}"
            )
        self.n_power_iterations = n_power_iterations
        self.eps = eps

    def reshape_weight_to_matrix(self, weight: Tensor) -> Tensor:
        weight_mat = weight
        if self.dim != 0:
            weight_mat = weight_mat.permute(
                self.dim, *[d for d in range(weight_mat.dim()) if d != self.dim]
            )
        return weight_mat.reshape(weight_mat.size(0), -1)

    def compute_weight(self, module: Module, do_power_iteration: bool) -> Tensor:
        weight = getattr(module, self.name + "_orig")
        u = getattr(module, self.name + "_u")
        v = getattr(module, self.name + "_v")
        weight_mat = self.reshape_weight_to_matrix(weight)
        if do_power_iteration:
            with _nt.no_grad():
                for _ in range(self.n_power_iterations):
                    # the buffers are updated in place, as PyTorch's out= does
                    v.copy_(F.normalize(_nt.mv(weight_mat.t(), u), dim=0, eps=self.eps))
                    u.copy_(F.normalize(_nt.mv(weight_mat, v), dim=0, eps=self.eps))
                # clones, so that backward sees the values used here
                u = u.clone()
                v = v.clone()
        sigma = _nt.dot(u, _nt.mv(weight_mat, v))
        return weight / sigma

    def remove(self, module: Module) -> None:
        with _nt.no_grad():
            weight = self.compute_weight(module, do_power_iteration=False)
        delattr(module, self.name)
        delattr(module, self.name + "_u")
        delattr(module, self.name + "_v")
        delattr(module, self.name + "_orig")
        module.register_parameter(self.name, Parameter(weight.detach()))

    def __call__(self, module: Module, inputs) -> None:
        setattr(module, self.name, self.compute_weight(module, module.training))

    @staticmethod
    def apply(
        module: Module, name: str, n_power_iterations: int, dim: int, eps: float
    ) -> SpectralNorm:
        for hook in module._forward_pre_hooks.values():
            if isinstance(hook, SpectralNorm) and hook.name == name:
                raise RuntimeError(
                    f"Cannot register two spectral_norm hooks on the same parameter {name}"
                )
        fn = SpectralNorm(name, n_power_iterations, dim, eps)
        weight = module._parameters[name]
        if weight is None:
            raise ValueError(f"`SpectralNorm` cannot be applied as parameter `{name}` is None")
        with _nt.no_grad():
            weight_mat = fn.reshape_weight_to_matrix(weight)
            h, w = weight_mat.size()
            u = F.normalize(weight.new_empty(h).normal_(0, 1), dim=0, eps=fn.eps)
            v = F.normalize(weight.new_empty(w).normal_(0, 1), dim=0, eps=fn.eps)
        delattr(module, fn.name)
        module.register_parameter(fn.name + "_orig", weight)
        # a plain attribute until the first forward recomputes it
        setattr(module, fn.name, weight.data)
        module.register_buffer(fn.name + "_u", u)
        module.register_buffer(fn.name + "_v", v)
        module.register_forward_pre_hook(fn)
        return fn


def spectral_norm(
    module: Module,
    name: str = "weight",
    n_power_iterations: int = 1,
    eps: float = 1e-12,
    dim: int | None = None,
) -> Module:
    r"""Spectral normalization with a forward pre-hook: ``<name>`` is recomputed as
    ``<name>_orig / sigma`` before every forward, ``sigma`` the largest singular value of
    the weight reshaped to a matrix (``dim`` first), estimated by power iteration on the
    buffers ``<name>_u`` and ``<name>_v`` (updated in training mode only).

    Args:
        module (nn.Module): containing module
        name (str): name of the weight parameter. Default: ``"weight"``
        n_power_iterations (int): power iterations per forward. Default: 1
        eps (float): epsilon for stability when normalizing. Default: ``1e-12``
        dim (int, optional): output dimension; 1 for ConvTranspose modules, 0 otherwise

    Returns:
        the module with the hook

    Example::

        >>> m = torch.nn.utils.spectral_norm(torch.nn.Linear(20, 40))
        >>> m.weight_u.shape, m.weight_orig.shape
        (numtensor.Size([40]), numtensor.Size([40, 20]))
    """
    if dim is None:
        from .parametrizations import _transposed_conv_types

        dim = 1 if isinstance(module, _transposed_conv_types()) else 0
    SpectralNorm.apply(module, name, n_power_iterations, dim, eps)
    return module


def remove_spectral_norm(module: Module, name: str = "weight") -> Module:
    r"""Undo :func:`spectral_norm`: ``<name>`` becomes a Parameter holding the normalized
    weight (no power iteration), and the hook and buffers are removed.

    Raises:
        ValueError: if the module has no spectral norm hook on ``name``

    Example::

        >>> m = torch.nn.utils.spectral_norm(torch.nn.Linear(20, 40))
        >>> m = torch.nn.utils.remove_spectral_norm(m)
        >>> hasattr(m, "weight_orig"), m.weight.shape
        (False, numtensor.Size([40, 20]))
    """
    from .weight_norm import remove_hook

    return remove_hook(module, name, SpectralNorm, "spectral_norm")
