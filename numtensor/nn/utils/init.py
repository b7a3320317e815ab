"""``skip_init``: build a module without running its parameter initialisation."""

from __future__ import annotations

import inspect
import threading
from contextlib import contextmanager

from .. import init as _init
from ..modules.module import Module

__all__ = ["skip_init"]

_lock = threading.Lock()


def _leave_as_is(tensor, *args, **kwargs):
    return tensor


@contextmanager
def _initialisers_disabled():
    """Within: every ``nn.init`` initialiser (``uniform_``, ``kaiming_uniform_``, ...)
    returns its tensor untouched."""
    with _lock:
        saved = {
            name: fn
            for name, fn in vars(_init).items()
            if callable(fn) and name.endswith("_") and not name.startswith("_")
        }
        try:
            for name in saved:
                setattr(_init, name, _leave_as_is)
            yield
        finally:
            for name, fn in saved.items():
                setattr(_init, name, fn)


def skip_init(module_cls, *args, **kwargs):
    r"""Instantiates ``module_cls(*args, **kwargs)`` with its parameters and buffers allocated
    but not initialised (their values are whatever ``empty`` gives), to initialise them
    another way without paying for the default initialisation.

    Args:
        module_cls: a subclass of ``nn.Module`` accepting a ``device`` argument.
        args, kwargs: its constructor arguments (``device`` included; default ``"cpu"``).

    Returns:
        Module: the module.

    Differs from PyTorch: PyTorch builds the module on the ``meta`` device and calls
    ``to_empty``; numtensor has no meta device, so the module is built on the requested
    device with the ``nn.init`` initialisers disabled.

    Example::

        >>> m = torch.nn.utils.skip_init(torch.nn.Linear, 5, 1)
        >>> m.weight.shape
        numtensor.Size([1, 5])
    """
    if not issubclass(module_cls, Module):
        raise RuntimeError(f"Expected a Module; got {module_cls}")
    if "device" not in inspect.signature(module_cls).parameters:
        raise RuntimeError("Module must support a 'device' arg to skip initialization")
    kwargs["device"] = kwargs.pop("device", "cpu")
    with _initialisers_disabled():
        return module_cls(*args, **kwargs)
