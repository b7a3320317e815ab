"""``python -m numtensor info``: what numtensor runs on."""

from __future__ import annotations

import os
import platform


def report() -> str:
    import numba
    import numpy

    import numtensor as nt
    from numtensor.backend import jit
    from numtensor.backend.cpu import kernels

    lines = [
        f"numtensor        {nt.__version__}",
        f"python           {platform.python_version()} ({platform.machine()})",
        f"numpy            {numpy.__version__}",
        f"numba            {numba.__version__}",
        f"threading layer  {kernels.threading_layer()}",
        f"threads          {nt.get_num_threads()} (of {os.cpu_count()} CPUs; "
        "numtensor.set_num_threads changes it)",
        f"kernel cache     {jit.cache_dir()}",
        "                 (set NUMTENSOR_CACHE_DIR to move it; "
        "`python -m numtensor warmup` fills it)",
        f"CUDA             {_cuda_status(nt)}",
    ]
    return "\n".join(lines)


def _cuda_status(nt) -> str:
    try:
        import numba.cuda  # noqa: F401
    except ImportError:
        return "not installed (pip install 'numtensor[cuda]')"
    if os.environ.get("NUMBA_ENABLE_CUDASIM") == "1":
        return "numba's CUDA simulator (NUMBA_ENABLE_CUDASIM=1)"
    if not nt.cuda.is_available():
        return "numba-cuda installed, no usable GPU or driver"
    names = ", ".join(nt.cuda.get_device_name(i) for i in range(nt.cuda.device_count()))
    return f"available: {nt.cuda.device_count()} device(s): {names}"
