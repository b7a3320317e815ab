"""Looking up CPU kernels by name: the generated tables of kernels/cpu, imported on first use."""

from __future__ import annotations

import importlib

import numpy as np

_MODULES: dict = {}


def module(name: str):
    """``kernels.cpu.<name>``, imported once."""
    mod = _MODULES.get(name)
    if mod is None:
        mod = _MODULES[name] = importlib.import_module(f"kernels.cpu.{name}")
    return mod


def call(op: str, kernel, *args):
    """Run a kernel; a dtype combination it cannot compile is a TypeError, never numba's."""
    try:
        kernel(*args)
    except Exception as exc:
        from numba.core.errors import TypingError

        if not isinstance(exc, TypingError):
            raise
        dtypes = ", ".join(str(a.dtype) for a in args if isinstance(a, np.ndarray))
        raise TypeError(f"{op}: no kernel for arguments of dtypes ({dtypes})") from None


def threads() -> int:
    from numba import get_num_threads

    return get_num_threads()
