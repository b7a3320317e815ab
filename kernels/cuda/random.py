"""Random-number CUDA kernels: Philox4x32-10 draws (see ``kernels/philox.py``, whose device
functions are compiled here with ``cuda.jit(device=True)``; ``kernels/cpu/random.py`` compiles
the same source for the CPU, so both devices draw the same numbers).

Each kernel fills a contiguous 1-D ``out`` from key (k0, k1) and offset (o0, o1), uint64s
holding 32-bit halves: a grid-stride loop over Philox blocks, one block per thread and step.
No per-thread generator state exists: a block's words are a function of its number.
"""

from numba import cuda

from .. import philox as _source

_source.compile_into(globals(), cuda.jit(device=True, inline="always"))

# the compiled device functions, looked up by the kernels below
floats4 = globals()["floats4"]
floats2 = globals()["floats2"]
integers2 = globals()["integers2"]


@cuda.jit(cache=True)
def floats32(out, kind, shift, unit, k0, k1, o0, o1, a, b):
    for c in range(cuda.grid(1), (out.size + 3) // 4, cuda.gridsize(1)):
        floats4(out, c, kind, shift, unit, k0, k1, o0, o1, a, b)


@cuda.jit(cache=True)
def floats64(out, kind, k0, k1, o0, o1, a, b):
    for c in range(cuda.grid(1), (out.size + 1) // 2, cuda.gridsize(1)):
        floats2(out, c, kind, k0, k1, o0, o1, a, b)


@cuda.jit(cache=True)
def integers64(out, k0, k1, o0, o1, low, span):
    for c in range(cuda.grid(1), (out.size + 1) // 2, cuda.gridsize(1)):
        integers2(out, c, k0, k1, o0, o1, low, span)


KERNELS = {"floats32": floats32, "floats64": floats64, "integers64": integers64}
