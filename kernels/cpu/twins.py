"""Serial twins of parallel kernels.

A parallel launch costs tens of microseconds (waking the worker threads), which dwarfs small
work, and compiling a ``parallel=True`` kernel takes several times longer than a plain one.
``serial_twin(kernel)`` compiles the same source without ``parallel`` (``prange`` then runs as
``range``) under its own name, so it has its own on-disk cache entry; dispatchers pick one by
the size of the work, and a run that only meets small work never compiles the parallel one.
"""

import types

from numba import njit


def serial_twin(kernel):
    f = kernel.py_func
    twin = types.FunctionType(
        f.__code__, f.__globals__, f.__name__ + "_serial", f.__defaults__, f.__closure__
    )
    twin.__qualname__ = f.__qualname__ + "_serial"  # its own on-disk cache entry
    # the kernel's own options (fastmath, error_model...), less parallel
    options = {k: v for k, v in kernel.targetoptions.items() if k not in ("parallel", "nopython")}
    return njit(cache=True, **options)(twin)
