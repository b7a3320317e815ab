"""Convolution weight memory formats: the weights of a model's convolutions laid out as
``channels_last`` (or another format), in place, as PyTorch's utilities do."""

from __future__ import annotations

from ..modules.module import Module

__all__ = ["convert_conv2d_weight_memory_format", "convert_conv3d_weight_memory_format"]


def _check_module(module) -> None:
    if not isinstance(module, Module):
        raise AttributeError(f"'{type(module).__name__}' object has no attribute 'children'")


def _convert(module: Module, memory_format, kinds: tuple) -> Module:
    """Lay out the weight of every ``kinds`` layer in ``module`` (itself included) as
    ``memory_format``: the same Parameter objects, their data replaced."""
    _check_module(module)
    if isinstance(module, kinds):
        module.weight.data = module.weight.detach().clone(memory_format=memory_format)
    for child in module.children():
        _convert(child, memory_format, kinds)
    return module


def convert_conv2d_weight_memory_format(module: Module, memory_format) -> Module:
    r"""Converts the weights of every ``nn.Conv2d`` and ``nn.ConvTranspose2d`` in ``module``
    (its children included) to ``memory_format``, in place.

    The parameters stay the same objects; their data is re-laid out (``channels_last``
    gives the :math:`(N, H, W, C)` memory order), which the convolutions' outputs then
    follow.

    Args:
        module (nn.Module): the module.
        memory_format (:class:`numtensor.memory_format`): the layout, e.g.
            ``torch.channels_last``.

    Returns:
        ``module``

    Example::

        >>> net = torch.nn.Sequential(torch.nn.Conv2d(3, 4, 3))
        >>> convert = torch.nn.utils.convert_conv2d_weight_memory_format
        >>> convert(net, torch.channels_last) is net
        True
        >>> net[0].weight.is_contiguous(memory_format=torch.channels_last)
        True
    """
    from ..modules.conv import Conv2d
    from ..modules.transposed import ConvTranspose2d

    return _convert(module, memory_format, (Conv2d, ConvTranspose2d))


def convert_conv3d_weight_memory_format(module: Module, memory_format) -> Module:
    r"""The 3-d counterpart of :func:`convert_conv2d_weight_memory_format`: the weights of
    every ``nn.Conv3d`` and ``nn.ConvTranspose3d`` in ``module``, in place.

    Args:
        module (nn.Module): the module.
        memory_format (:class:`numtensor.memory_format`): the layout, e.g.
            ``torch.channels_last_3d``.

    Returns:
        ``module``

    Example::

        >>> net = torch.nn.Sequential(torch.nn.Conv3d(3, 4, 3))
        >>> convert = torch.nn.utils.convert_conv3d_weight_memory_format
        >>> convert(net, torch.channels_last_3d)[0].weight.stride()
        (81, 1, 27, 9, 3)
    """
    from ..modules.conv import Conv3d
    from ..modules.transposed import ConvTranspose3d

    return _convert(module, memory_format, (Conv3d, ConvTranspose3d))
