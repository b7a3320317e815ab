"""HOST FALLBACKS: CPU backend functions run on copies of device data. SLOW; TO BE REPLACED.

!!! Every function built here is a host round trip, not a GPU computation: its device-array
!!! arguments (also inside lists and tuples) are copied to the host, the CPU backend's function
!!! runs on the copies, the argument it writes (``backend.WRITES``) is copied back into its
!!! device array, and the arrays it returns are copied to new device arrays. Each call
!!! synchronises the device and moves every operand over PCIe twice.

They exist so that every function of the interface works on CUDA from day one; each is to
be replaced by a native kernel-backed implementation (the next issue). ``HOST_FALLBACKS``
lists the names currently served this way (``print(numtensor.backend.cuda.HOST_FALLBACKS)``);
a native implementation of the same name in ``numtensor.backend.cuda`` always wins.
"""

from __future__ import annotations

import functools

import numpy as np

from .runtime import is_device_array
from .storage import copy_, from_host, to_host

# names of numtensor.backend.cuda currently served by a host round trip (filled by install)
HOST_FALLBACKS: list = []


def _to_host(value):
    if is_device_array(value):
        return to_host(value)
    if isinstance(value, (list, tuple)) and not hasattr(value, "_fields"):
        return type(value)(_to_host(v) for v in value)
    return value


def _to_device(value):
    if isinstance(value, np.ndarray):
        return from_host(value)
    if isinstance(value, (list, tuple)) and not hasattr(value, "_fields"):
        return type(value)(_to_device(v) for v in value)
    return value


def host_fallback(name: str, cpu_function, writes: int | None = None):
    """``cpu_function`` made to take and return device arrays, by copies through the host
    (see the module docstring). ``writes``: the position of the argument it writes into."""

    @functools.wraps(cpu_function)
    def on_host(*args, **kwargs):
        host_args = [_to_host(a) for a in args]
        host_kwargs = {k: _to_host(v) for k, v in kwargs.items()}
        result = cpu_function(*host_args, **host_kwargs)
        if writes is not None and writes < len(args) and is_device_array(args[writes]):
            copy_(args[writes], host_args[writes])
        return _to_device(result)

    on_host.__doc__ = (
        f"HOST FALLBACK (a round trip through the host, to be replaced by a kernel) of "
        f"numtensor.backend.cpu.{name}:\n\n{cpu_function.__doc__ or ''}"
    )
    on_host.host_fallback = True
    return on_host


def install(namespace: dict, names, cpu_module, writes: dict) -> None:
    """Add a host fallback to ``namespace`` for each of ``names`` it does not define."""
    for name in names:
        if name in namespace:
            if getattr(namespace[name], "host_fallback", False):  # e.g. svd, on purpose
                HOST_FALLBACKS.append(name)
            continue
        namespace[name] = host_fallback(name, getattr(cpu_module, name), writes.get(name))
        HOST_FALLBACKS.append(name)
    HOST_FALLBACKS.sort()
