"""channel_shuffle: regroup the channels of [N, C, *] (ShuffleNet's shuffle)."""

from __future__ import annotations


def channel_shuffle(input, groups: int):
    r"""Divides the channels of :math:`(N, C, *)` into ``groups`` groups and interleaves them.

    See :class:`~numtensor.nn.ChannelShuffle` for details.

    Args:
        input (Tensor): the input.
        groups (int): divides C.

    Returns:
        Tensor

    Example::

        >>> import numtensor.nn.functional as F
        >>> F.channel_shuffle(torch.arange(4.).reshape(1, 4, 1), 2).flatten()
        tensor([0., 2., 1., 3.])
    """
    if input.ndim <= 2:
        raise RuntimeError(
            f"channel_shuffle expects input with > 2 dims, but got input with sizes "
            f"{list(input.shape)}"
        )
    if groups <= 0:
        raise RuntimeError(
            f"Number of groups to divide channels in must be positive. Value of groups:{groups}"
        )
    n, c, *rest = input.shape
    if c % groups:
        raise RuntimeError(
            f"Number of channels must be divisible by groups. Got {c} channels and {groups} groups."
        )
    grouped = input.reshape(n, groups, c // groups, *rest)
    return grouped.transpose(1, 2).reshape(n, c, *rest)


__all__ = ["channel_shuffle"]
