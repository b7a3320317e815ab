"""``torch.autograd.graph``: hooks on the tensors that nodes save for backward.

``saved_tensors_hooks(pack_hook, unpack_hook)``: inside the context, every tensor an op saves
for its backward is replaced by ``pack_hook(tensor)`` (whatever it returns); the backward
pass calls ``unpack_hook`` on that to get the tensor back. ``save_on_cpu`` keeps saved
tensors in host memory; ``disable_saved_tensors_hooks`` forbids hooks in a region.
"""

from __future__ import annotations

import contextlib

from . import _saved_hooks
from .function import Function as Node

__all__ = [
    "Node",
    "disable_saved_tensors_hooks",
    "save_on_cpu",
    "saved_tensors_hooks",
]


class saved_tensors_hooks:
    """Context manager that sets a pair of pack / unpack hooks for saved tensors.

    Args:
        pack_hook: ``pack_hook(tensor) -> Any``, called when an op saves ``tensor`` for
            backward inside the context; its result is stored instead.
        unpack_hook: ``unpack_hook(packed) -> Tensor``, called during backward with what
            ``pack_hook`` returned; must return a Tensor with the saved tensor's content.

    Hooks apply to the tensors saved while the context is active; contexts nest (the
    innermost pair wins).

    Example::

        >>> def pack(t):
        ...     print("packing a tensor of shape", tuple(t.shape))
        ...     return t.clone()
        >>> def unpack(t):
        ...     print("unpacking")
        ...     return t
        >>> x = torch.tensor([1.0, 2.0], requires_grad=True)
        >>> with torch.autograd.graph.saved_tensors_hooks(pack, unpack):
        ...     y = x.exp()
        packing a tensor of shape (2,)
        >>> y.sum().backward()
        unpacking
        >>> x.grad
        tensor([2.7183, 7.3891])
    """

    def __init__(self, pack_hook, unpack_hook) -> None:
        self.pack_hook = pack_hook
        self.unpack_hook = unpack_hook

    def __enter__(self) -> None:
        message = _saved_hooks.DISABLED[0]
        if message is not None:
            raise RuntimeError(message)
        _saved_hooks.HOOKS.append((self.pack_hook, self.unpack_hook))

    def __exit__(self, *args) -> None:
        _saved_hooks.HOOKS.pop()


class save_on_cpu(saved_tensors_hooks):
    """Context manager under which tensors saved for backward are kept on the CPU and copied
    back to their device for backward.

    Args:
        pin_memory: accepted for compatibility (numtensor's host copies are ordinary memory).
        device_type: the accelerator's device type ("cuda").

    Example::

        >>> x = torch.tensor([1.0, 2.0], requires_grad=True)  # (on a GPU: device="cuda")
        >>> with torch.autograd.graph.save_on_cpu():
        ...     y = (x * x).sum()
        >>> y.backward()
        >>> x.grad
        tensor([2., 4.])
    """

    def __init__(self, pin_memory: bool = False, device_type: str = "cuda") -> None:
        def pack_to_cpu(tensor):
            return (tensor.device, tensor.cpu())

        def unpack_from_cpu(packed):
            device, tensor = packed
            return tensor.to(device)

        super().__init__(pack_to_cpu, unpack_from_cpu)


@contextlib.contextmanager
def disable_saved_tensors_hooks(error_message: str):
    """Context manager that disables saved-tensors hooks: entering
    :class:`saved_tensors_hooks` (or saving a tensor while hooks set outside are active)
    raises ``RuntimeError(error_message)``.

    Example::

        >>> G = torch.autograd.graph
        >>> with G.disable_saved_tensors_hooks("no hooks here"):
        ...     with G.saved_tensors_hooks(lambda t: t, lambda t: t):
        ...         pass
        Traceback (most recent call last):
            ...
        RuntimeError: no hooks here
    """
    previous = _saved_hooks.DISABLED[0]
    _saved_hooks.DISABLED[0] = error_message
    try:
        yield
    finally:
        _saved_hooks.DISABLED[0] = previous
