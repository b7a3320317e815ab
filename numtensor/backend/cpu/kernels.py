"""Looking up CPU kernels by name (the generated tables of kernels/cpu, imported on first use)
and the worker threads their parallel twins run on."""

from __future__ import annotations

import importlib
import warnings

import numpy as np

from .. import jit

_MODULES: dict = {}


def module(name: str):
    """``kernels.cpu.<name>``, imported once."""
    mod = _MODULES.get(name)
    if mod is None:
        if not _MODULES:
            jit.watch("cpu")
        mod = _MODULES[name] = importlib.import_module(f"kernels.cpu.{name}")
    return mod


def twin(module_name: str, name: str, parallel: bool):
    """Kernel ``name`` of ``kernels.cpu.<module_name>``: the parallel one, or its ``_serial``
    twin (kernels/cpu/twins.py)."""
    mod = module(module_name)
    return parallel_kernel(getattr(mod, name)) if parallel else getattr(mod, name + "_serial")


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


# ---- threads -----------------------------------------------------------------------------------

_threads = {"wanted": None, "layer_checked": False}


def threads() -> int:
    """The threads parallel kernels use (``numtensor.get_num_threads()``)."""
    wanted = _threads["wanted"]
    if wanted is None:
        from numba import config

        wanted = _threads["wanted"] = config.NUMBA_NUM_THREADS
    return wanted


def set_threads(n: int) -> None:
    """Use ``n`` threads in parallel kernels (Numba's pool never grows past the
    ``NUMBA_NUM_THREADS`` it started with, so more are remembered but not run)."""
    from numba import config, set_num_threads

    _threads["wanted"] = n
    set_num_threads(min(n, config.NUMBA_NUM_THREADS))


def parallel_kernel(kernel):
    """``kernel`` (a parallel one), after checking once which threading layer runs it: only
    Numba's workqueue layer costs ~70 us per launch, which is worth a warning."""
    if not _threads["layer_checked"]:
        _threads["layer_checked"] = True
        layer = threading_layer()
        if layer == "workqueue":
            warnings.warn(
                "numtensor: Numba found neither OpenMP nor TBB and runs parallel kernels on its "
                "workqueue threading layer (about 70 us per launch); `pip install tbb` or an "
                "OpenMP runtime (libgomp) makes large ops faster",
                RuntimeWarning,
                stacklevel=3,
            )
    return kernel


def threading_layer() -> str:
    """The threading layer Numba runs parallel kernels on (starting its threads if needed)."""
    from numba import threading_layer as layer
    from numba.np.ufunc.parallel import _launch_threads

    _launch_threads()
    return layer()
