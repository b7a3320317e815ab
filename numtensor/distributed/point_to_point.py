"""Point-to-point messages between two ranks: send and recv (blocking), isend and irecv
(returning a ``Work``).
"""

from __future__ import annotations

from .._tensor_base import Tensor
from .buffers import _Buffer
from .process_group import Work, _group, _mpi


def send(tensor: Tensor, dst: int, group=None, tag: int = 0) -> None:
    r"""Sends ``tensor`` to rank ``dst`` (blocking).

    Args:
        tensor (Tensor): the data.
        dst (int): the destination rank.
        group (ProcessGroup, optional): the group. Default: the default group
        tag (int): matches a :func:`recv` with the same tag. Default: 0

    Example::

        >>> if dist.get_rank() == 0:  # doctest: +SKIP
        ...     dist.send(torch.tensor([1.0, 2.0]), dst=1)
    """
    isend(tensor, dst, group, tag).wait()


def recv(tensor: Tensor, src: int | None = None, group=None, tag: int = 0) -> int:
    r"""Receives a tensor into ``tensor`` (blocking), from ``src`` or any rank.

    Args:
        tensor (Tensor): the buffer to fill.
        src (int, optional): the source rank. Default: any
        group (ProcessGroup, optional): the group. Default: the default group
        tag (int): matches a :func:`send` with the same tag. Default: 0

    Returns:
        int: the sender's rank.

    Example::

        >>> buf = torch.zeros(2)  # doctest: +SKIP
        >>> dist.recv(buf, src=0)  # on rank 1  # doctest: +SKIP
        0
        >>> buf  # doctest: +SKIP
        tensor([1., 2.])
    """
    comm = _group(group).comm
    buf = _Buffer(tensor)
    status = _mpi().Status()
    comm.Recv(buf.array, source=_mpi().ANY_SOURCE if src is None else src, tag=tag, status=status)
    buf.done()
    return status.Get_source()


def isend(tensor: Tensor, dst: int, group=None, tag: int = 0) -> Work:
    r"""Sends ``tensor`` to rank ``dst`` without blocking; returns a :class:`Work` to
    ``wait()`` on (do not modify ``tensor`` before).

    Args:
        tensor (Tensor): the data.
        dst (int): the destination rank.
        group (ProcessGroup, optional): the group. Default: the default group
        tag (int): the message tag. Default: 0

    Example::

        >>> work = dist.isend(torch.ones(2), dst=1)  # on rank 0  # doctest: +SKIP
        >>> work.wait()  # doctest: +SKIP
        True
    """
    comm = _group(group).comm
    buf = _Buffer(tensor)
    return Work([comm.Isend(buf.array, dest=dst, tag=tag)])


def irecv(tensor: Tensor, src: int | None = None, group=None, tag: int = 0) -> Work:
    r"""Receives into ``tensor`` without blocking; returns a :class:`Work` (``tensor``
    holds the data after ``wait()``).

    Args:
        tensor (Tensor): the buffer to fill.
        src (int, optional): the source rank. Default: any
        group (ProcessGroup, optional): the group. Default: the default group
        tag (int): the message tag. Default: 0

    Example::

        >>> buf = torch.zeros(2)  # doctest: +SKIP
        >>> dist.irecv(buf, src=0).wait()  # on rank 1  # doctest: +SKIP
        True
        >>> buf  # doctest: +SKIP
        tensor([1., 1.])
    """
    comm = _group(group).comm
    buf = _Buffer(tensor)
    source = _mpi().ANY_SOURCE if src is None else src
    return Work([comm.Irecv(buf.array, source=source, tag=tag)], buf.done)
