"""Random-number CPU kernels: Philox4x32-10 draws (see ``kernels/philox.py``, whose device
functions are compiled here with ``numba.njit``; ``kernels/cuda/random.py`` compiles the same
source for the GPU, so both devices draw the same numbers).

Each kernel fills a contiguous 1-D ``out`` from key (k0, k1) and offset (o0, o1), uint64s
holding 32-bit halves, one Philox block per loop iteration; the ``_parallel`` twins split the
blocks over threads (blocks are independent), for large draws.
"""

from numba import njit, prange

from .. import philox as _source
from .twins import serial_twin

_source.compile_into(globals(), njit(inline="always", error_model="numpy"))

# the compiled device functions, looked up by the kernels below
floats4 = globals()["floats4"]
uniform4 = globals()["uniform4"]
floats2 = globals()["floats2"]
integers2 = globals()["integers2"]
UNIFORM = globals()["UNIFORM"]


@njit(cache=True, error_model="numpy", parallel=True)
def floats32_parallel(out, kind, shift, unit, k0, k1, o0, o1, a, b):
    # whole blocks first (a uniform draw's loop then vectorises), the partial block last
    whole = out.size // 4
    if kind == UNIFORM:
        for c in prange(whole):
            uniform4(out, c, shift, unit, k0, k1, o0, o1, a, b)
    else:
        for c in prange(whole):
            floats4(out, c, kind, shift, unit, k0, k1, o0, o1, a, b)
    if out.size % 4:
        floats4(out, whole, kind, shift, unit, k0, k1, o0, o1, a, b)


floats32 = serial_twin(floats32_parallel)  # (prange runs as range: the same loops)


@njit(cache=True, error_model="numpy")
def floats64(out, kind, k0, k1, o0, o1, a, b):
    for c in range((out.size + 1) // 2):
        floats2(out, c, kind, k0, k1, o0, o1, a, b)


@njit(cache=True, error_model="numpy", parallel=True)
def floats64_parallel(out, kind, k0, k1, o0, o1, a, b):
    for c in prange((out.size + 1) // 2):
        floats2(out, c, kind, k0, k1, o0, o1, a, b)


@njit(cache=True, error_model="numpy")
def integers64(out, k0, k1, o0, o1, low, span):
    for c in range((out.size + 1) // 2):
        integers2(out, c, k0, k1, o0, o1, low, span)


@njit(cache=True, error_model="numpy", parallel=True)
def integers64_parallel(out, k0, k1, o0, o1, low, span):
    for c in prange((out.size + 1) // 2):
        integers2(out, c, k0, k1, o0, o1, low, span)


KERNELS = {
    name: globals()[name]
    for base in ("floats32", "floats64", "integers64")
    for name in (base, f"{base}_parallel")
}
