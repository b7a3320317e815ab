"""Tensors in shared memory: ``share_memory_``, ``is_shared``, and the hand-over of a shared
CPU tensor to another process (numtensor.multiprocessing pickles tensors with these)."""

from __future__ import annotations

from .._tensor_base import Tensor
from ..backend.cpu import shared
from .registry import method


def share_memory_(self: Tensor) -> Tensor:
    r"""Moves the underlying storage to shared memory, so that other processes (see
    :mod:`numtensor.multiprocessing`) can use it without a copy.

    A no-op if the storage is already shared, and for CUDA tensors (reached through IPC
    handles). A view moves its base's whole storage, as in PyTorch, and stays a view of it.

    Returns:
        Tensor: this tensor.

    Example::

        >>> x = torch.zeros(3)
        >>> x.is_shared()
        False
        >>> x.share_memory_().is_shared()
        True
    """
    if self.device.type != "cpu":
        return self
    base = self._base if self._base is not None else self
    if shared.is_shared(base._data):
        if not shared.is_shared(self._data):  # (a view made before its base moved)
            rejoined = shared.rejoin(self._data)
            self._data = rejoined if rejoined is not None else shared.share(self._data)
        return self
    offset = self.storage_offset()
    moved = shared.share(base._data)
    if base is not self:
        from ..backend import cpu

        self._data = cpu.view(moved, tuple(self.shape), self.stride(), offset)
    base._data = moved
    return self


def is_shared(self: Tensor) -> bool:
    r"""Checks if the tensor is in shared memory (see :meth:`share_memory_`).

    Always ``True`` for CUDA tensors, as in PyTorch.

    Example::

        >>> torch.zeros(3).is_shared()
        False
    """
    return self.device.type != "cpu" or shared.is_shared(self._data)


def export(t: Tensor) -> tuple:
    """(file descriptor, layout) of a shared CPU tensor's memory."""
    return shared.export(t._data)


def attach(fd: int, layout: tuple) -> Tensor:
    """A CPU tensor over memory another process exported (``fd`` becomes the tensor's)."""
    return Tensor._make(shared.attach(fd, layout))


def export_cuda(t: Tensor) -> tuple:
    """(IPC handle, layout) of a CUDA tensor's memory, for another process's attach_cuda."""
    from ..backend.cuda import ipc

    return ipc.export(t._data)


def attach_cuda(handle, layout: tuple, dev) -> Tensor:
    """A CUDA tensor over device memory another process exported."""
    from ..backend.cuda import ipc

    return Tensor._make(ipc.attach(handle, layout), dev)


method("share_memory_", share_memory_)
method("is_shared", is_shared)
