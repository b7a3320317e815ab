"""Looking up CUDA kernels by name: the modules of kernels/cuda, imported on first use."""

from __future__ import annotations

import importlib

from .. import jit

_MODULES: dict = {}


def module(name: str):
    """``kernels.cuda.<name>``, imported once."""
    mod = _MODULES.get(name)
    if mod is None:
        if not _MODULES:
            jit.watch("cuda")
        mod = _MODULES[name] = importlib.import_module(f"kernels.cuda.{name}")
    return mod


def has_module(name: str) -> bool:
    """Whether ``kernels.cuda.<name>`` exists (some are still being written)."""
    try:
        module(name)
    except ModuleNotFoundError as exc:
        if exc.name != f"kernels.cuda.{name}":
            raise
        return False
    return True


def kernel(module_name: str, name: str):
    """Kernel ``name`` of ``kernels.cuda.<module_name>`` (its KERNELS table, else attribute)."""
    mod = module(module_name)
    table = getattr(mod, "KERNELS", None)
    if table is not None and name in table:
        return table[name]
    return getattr(mod, name)
