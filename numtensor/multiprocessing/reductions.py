"""How tensors cross process boundaries in numtensor.multiprocessing's pickler.

A CPU tensor's storage moves into shared memory (once) and the message carries a duplicate
of its file descriptor plus the tensor's place in that memory: the receiver maps the same
pages, so a view stays a view of the same memory. A CUDA tensor travels as a CUDA IPC handle
of its device memory (backend/cuda/ipc.py; the sender keeps the tensor alive while a
receiver uses it, as PyTorch requires). Autograd history does not cross (a
non-leaf that requires grad is refused, as in PyTorch); a leaf's ``requires_grad`` does.
"""

from __future__ import annotations

from multiprocessing.reduction import DupFd, ForkingPickler

from .._tensor_base import Tensor
from ..nn.parameter import Parameter
from ..ops import sharing


def _rebuild(kind, fd, layout, requires_grad):
    return _finish(sharing.attach(fd.detach(), layout), kind, requires_grad)


def _rebuild_cuda(kind, handle, layout, device, requires_grad):
    return _finish(sharing.attach_cuda(handle, layout, device), kind, requires_grad)


def _finish(t: Tensor, kind, requires_grad: bool) -> Tensor:
    if kind is Parameter:
        return Parameter(t, requires_grad)
    if requires_grad:
        t.requires_grad_(True)
    return t


def reduce_tensor(t: Tensor):
    if t.requires_grad and t.grad_fn is not None:
        raise RuntimeError(
            "Cowardly refusing to serialize non-leaf tensor which requires_grad, since "
            "autograd does not support crossing process boundaries.  If you just want to "
            "transfer the data, call detach() on the tensor before serializing (e.g., "
            "putting it on the queue)."
        )
    kind = Parameter if isinstance(t, Parameter) else Tensor
    if t.device.type != "cpu":  # (CUDA IPC: the receiver maps the same device memory)
        handle, layout = sharing.export_cuda(t)
        return _rebuild_cuda, (kind, handle, layout, t.device, t.requires_grad)
    sharing.share_memory_(t)
    fd, layout = sharing.export(t)
    return _rebuild, (kind, DupFd(fd), layout, t.requires_grad)


def init_reductions() -> None:
    ForkingPickler.register(Tensor, reduce_tensor)
    ForkingPickler.register(Parameter, reduce_tensor)
