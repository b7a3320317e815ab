"""How tensors cross process boundaries in numtensor.multiprocessing's pickler.

A CPU tensor's storage moves into shared memory (once) and the message carries a duplicate
of its file descriptor plus the tensor's place in that memory: the receiver maps the same
pages, so a view stays a view of the same memory. Autograd history does not cross (a
non-leaf that requires grad is refused, as in PyTorch); a leaf's ``requires_grad`` does.
"""

from __future__ import annotations

from multiprocessing.reduction import DupFd, ForkingPickler

from .._tensor_base import Tensor
from ..nn.parameter import Parameter
from ..ops import sharing


def _rebuild(kind, fd, layout, requires_grad):
    t = sharing.attach(fd.detach(), layout)
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
    if t.device.type != "cpu":
        raise RuntimeError(
            "numtensor cannot send CUDA tensors between processes yet (CUDA IPC is not "
            "built): move it to the CPU first with .cpu()"
        )
    sharing.share_memory_(t)
    fd, layout = sharing.export(t)
    kind = Parameter if isinstance(t, Parameter) else Tensor
    return _rebuild, (kind, DupFd(fd), layout, t.requires_grad)


def init_reductions() -> None:
    ForkingPickler.register(Tensor, reduce_tensor)
    ForkingPickler.register(Parameter, reduce_tensor)
