"""Convolution weight memory formats. numtensor keeps every tensor in one (contiguous,
row-major) layout and has no ``channels_last``: these functions check their input and
return the module unchanged, so code written for PyTorch runs as is."""

from __future__ import annotations

from ..modules.module import Module

__all__ = ["convert_conv2d_weight_memory_format", "convert_conv3d_weight_memory_format"]


def _check_module(module) -> None:
    if not isinstance(module, Module):
        raise AttributeError(f"'{type(module).__name__}' object has no attribute 'children'")


def convert_conv2d_weight_memory_format(module: Module, memory_format) -> Module:
    r"""PyTorch converts the weights of every ``nn.Conv2d``/``nn.ConvTranspose2d`` in
    ``module`` to ``memory_format``. numtensor has no channels_last layout (a layout never
    changes values), so the module is returned unchanged.

    Args:
        module (nn.Module): the module (its children are visited as well)
        memory_format: the requested layout (accepted, not applied)

    Returns:
        ``module``

    Example::

        >>> net = torch.nn.Sequential(torch.nn.Conv2d(3, 4, 3))
        >>> convert = torch.nn.utils.convert_conv2d_weight_memory_format
        >>> convert(net, torch.channels_last) is net  # doctest: +SKIP
        True

    Differs from PyTorch: numtensor defines no memory-format constants (``torch.channels_last``);
    any value is accepted and ignored.
    """
    _check_module(module)
    return module


def convert_conv3d_weight_memory_format(module: Module, memory_format) -> Module:
    r"""The 3-d counterpart of :func:`convert_conv2d_weight_memory_format` (``nn.Conv3d`` and
    ``nn.ConvTranspose3d``): returns ``module`` unchanged (no channels_last_3d layout).

    Example::

        >>> net = torch.nn.Sequential(torch.nn.Conv3d(3, 4, 3))
        >>> convert = torch.nn.utils.convert_conv3d_weight_memory_format
        >>> convert(net, torch.channels_last_3d) is net  # doctest: +SKIP
        True

    Differs from PyTorch: numtensor defines no memory-format constants (``torch.channels_last_3d``);
    any value is accepted and ignored.
    """
    _check_module(module)
    return module
