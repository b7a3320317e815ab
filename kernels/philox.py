"""Philox4x32-10, the counter-based generator of numtensor's random numbers, on both devices.

This module is device-neutral source: plain Python functions that ``kernels/cpu/random.py``
compiles with ``numba.njit`` and ``kernels/cuda/random.py`` with ``cuda.jit(device=True)``
(``compile_into``), so the CPU and the GPU draw *the same numbers* from the same seed.

Philox4x32-10 (Salmon et al., "Parallel Random Numbers: As Easy as 1, 2, 3", SC11; the
generator of cuRAND and of PyTorch's CUDA generator) maps a 128-bit counter and a 64-bit key
to four 32-bit words through ten multiply-xor rounds. A draw of ``n`` values with generator
state (seed, offset) uses key = seed and counters ``(c_lo, c_hi, offset_lo, offset_hi)`` for
``c = 0, 1, ...``: counter ``c`` makes elements ``c * per`` to ``c * per + per - 1`` of the
(contiguous) output, so element ``i``'s value depends only on (seed, offset, i), never on how
the work is split among threads. Each draw then advances the offset by one.

Words become values the same way on every device, in float64 arithmetic:

* 32-bit floats (``per = 4``): uniform ``(w >> (32 - bits)) * 2**-bits`` in [0, 1), with
  ``bits`` 24 (float32) or 11 (float16, whose values are then exact); normal by Box-Muller on
  word pairs with ``u1 = (w + 0.5) * 2**-32`` in (0, 1) and ``u2 = w * 2**-32``;
* 64-bit floats (``per = 2``): uniform from 53 bits of a word pair; normal by Box-Muller on
  the two 53-bit uniforms (``u1 = 1 - u``, in (0, 1]);
* integers (``per = 2``): ``low + (64-bit word pair) % span`` for span = high - low.

Values are written as ``a + b * v``: (low, high - low) for uniform, (mean, std) for normal.
log/sqrt/sin/cos are the device's float64 functions (glibc on the CPU, libdevice on the
GPU): normal floats of the two devices agree to the last bit of float32 and within an ulp
of float64.
"""

import math

import numpy as np

MASK = np.uint64(0xFFFFFFFF)
UINT64_MAX = np.uint64(0xFFFFFFFFFFFFFFFF)
ONE = np.uint64(1)
INT64_MAX = np.uint64(0x7FFFFFFFFFFFFFFF)
SHIFT = np.uint64(32)
SHIFT_UNIFORM64 = np.uint64(11)
M0 = np.uint64(0xD2511F53)
M1 = np.uint64(0xCD9E8D57)
W0 = np.uint64(0x9E3779B9)
W1 = np.uint64(0xBB67AE85)
ROUNDS = 10
TWO_PI = 2.0 * math.pi
INV_2_32 = 1.0 / 4294967296.0  # 2**-32
INV_2_53 = 1.0 / 9007199254740992.0  # 2**-53

UNIFORM = 0
NORMAL = 1


def philox(c0, c1, c2, c3, k0, k1):
    """The four 32-bit words of counter (c0, c1, c2, c3) under key (k0, k1); every argument
    and result is a uint64 holding a 32-bit value."""
    for _ in range(ROUNDS):
        p0 = M0 * c0
        p1 = M1 * c2
        c0, c1, c2, c3 = (p1 >> SHIFT) ^ c1 ^ k0, p1 & MASK, (p0 >> SHIFT) ^ c3 ^ k1, p0 & MASK
        k0 = (k0 + W0) & MASK
        k1 = (k1 + W1) & MASK
    return c0, c1, c2, c3


def words(c, k0, k1, o0, o1):
    """Philox words of block ``c`` (an int) of a draw at offset (o0, o1)."""
    cc = np.uint64(c)
    return philox(cc & MASK, cc >> SHIFT, o0, o1, k0, k1)


def unit53(hi, lo):
    """A uniform float64 in [0, 1) from 53 bits of a word pair."""
    return float(((hi << SHIFT) | lo) >> SHIFT_UNIFORM64) * INV_2_53


def box_muller(u1, u2):
    """Two independent standard normals from u1 in (0, 1] and u2 in [0, 1)."""
    r = math.sqrt(-2.0 * math.log(u1))
    theta = TWO_PI * u2
    return r * math.cos(theta), r * math.sin(theta)


def floats4(out, c, kind, shift, unit, k0, k1, o0, o1, a, b):
    """Elements 4c .. 4c+3 of a 32-bit float draw (``kind``: UNIFORM or NORMAL); uniform
    values are ``(w >> shift) * unit``, multiples of ``unit`` = 2**(shift - 32)."""
    r0, r1, r2, r3 = words(c, k0, k1, o0, o1)
    if kind == UNIFORM:
        v0 = float(r0 >> shift) * unit
        v1 = float(r1 >> shift) * unit
        v2 = float(r2 >> shift) * unit
        v3 = float(r3 >> shift) * unit
    else:
        v0, v1 = box_muller((float(r0) + 0.5) * INV_2_32, float(r1) * INV_2_32)
        v2, v3 = box_muller((float(r2) + 0.5) * INV_2_32, float(r3) * INV_2_32)
    i = 4 * c
    n = out.size
    out[i] = a + b * v0
    if i + 1 < n:
        out[i + 1] = a + b * v1
    if i + 2 < n:
        out[i + 2] = a + b * v2
    if i + 3 < n:
        out[i + 3] = a + b * v3


def uniform4(out, c, shift, unit, k0, k1, o0, o1, a, b):
    """Elements 4c .. 4c+3 of a 32-bit uniform draw, all inside ``out`` (``floats4``'s
    values without its bounds checks: the loop over whole blocks vectorises)."""
    r0, r1, r2, r3 = words(c, k0, k1, o0, o1)
    i = 4 * c
    out[i] = a + b * (float(r0 >> shift) * unit)
    out[i + 1] = a + b * (float(r1 >> shift) * unit)
    out[i + 2] = a + b * (float(r2 >> shift) * unit)
    out[i + 3] = a + b * (float(r3 >> shift) * unit)


def floats2(out, c, kind, k0, k1, o0, o1, a, b):
    """Elements 2c, 2c+1 of a 64-bit float draw (``kind``: UNIFORM or NORMAL)."""
    r0, r1, r2, r3 = words(c, k0, k1, o0, o1)
    v0 = unit53(r0, r1)
    v1 = unit53(r2, r3)
    if kind == NORMAL:
        v0, v1 = box_muller(1.0 - v0, v1)
    i = 2 * c
    out[i] = a + b * v0
    if i + 1 < out.size:
        out[i + 1] = a + b * v1


def add_wrapping(low, x):
    """low + x modulo 2**64 for uint64s, without an overflowing addition (the simulator's
    NumPy scalars warn on one)."""
    room = UINT64_MAX - low
    if x > room:
        return x - room - ONE
    return low + x


def as_int64(v):
    """The int64 whose two's complement is the uint64 ``v`` (no overflowing conversion)."""
    if v > INT64_MAX:
        return -np.int64(UINT64_MAX - v) - 1
    return np.int64(v)


def integers2(out, c, k0, k1, o0, o1, low, span):
    """Elements 2c, 2c+1 of an int64 draw uniform on [low, low + span): ``low`` a uint64
    holding the two's complement of the int64 bound, ``span`` a uint64 >= 1."""
    r0, r1, r2, r3 = words(c, k0, k1, o0, o1)
    i = 2 * c
    out[i] = as_int64(add_wrapping(low, ((r0 << SHIFT) | r1) % span))
    if i + 1 < out.size:
        out[i + 1] = as_int64(add_wrapping(low, ((r2 << SHIFT) | r3) % span))


def draw_plan(kind: str, dtype, seed: int, offset: int, a, b, bits: int = 24) -> tuple:
    """(kernel name, elements per Philox block, arguments after ``out``) of a draw of kind
    'uniform', 'normal' or 'integers' into an array of ``dtype`` (float32, float64; int64 for
    integers): the distribution (and, for float32, the uniform's shift and unit for ``bits``
    significant bits), key and offset halves as uint64s, then the bounds (integers: the two's
    complement of ``a`` and the span ``b``, as uint64s)."""
    key = (np.uint64(seed & 0xFFFFFFFF), np.uint64((seed >> 32) & 0xFFFFFFFF))
    where = (np.uint64(offset & 0xFFFFFFFF), np.uint64((offset >> 32) & 0xFFFFFFFF))
    if kind == "integers":
        return "integers64", 2, (*key, *where, np.uint64(a & 0xFFFFFFFFFFFFFFFF), np.uint64(b))
    distribution = NORMAL if kind == "normal" else UNIFORM
    if np.dtype(dtype) == np.float64:
        return "floats64", 2, (distribution, *key, *where, float(a), float(b))
    unit = (np.uint64(32 - bits), 2.0**-bits)
    return "floats32", 4, (distribution, *unit, *key, *where, float(a), float(b))


# every device function, callees first
FUNCTIONS = (
    "philox",
    "words",
    "unit53",
    "box_muller",
    "floats4",
    "uniform4",
    "floats2",
    "add_wrapping",
    "as_int64",
    "integers2",
)


def compile_into(namespace: dict, jit) -> None:
    """Compile every function of FUNCTIONS with ``jit`` into ``namespace`` (a kernel module's
    globals): each copy looks its callees and constants up there, so a device module calls
    its own compiled versions."""
    import types

    for key, value in globals().items():
        if key.isupper():
            namespace.setdefault(key, value)
    namespace.setdefault("math", math)
    namespace.setdefault("np", np)
    for name in FUNCTIONS:
        fn = globals()[name]
        copy = types.FunctionType(fn.__code__, namespace, name, fn.__defaults__)
        copy.__doc__ = fn.__doc__
        namespace[name] = jit(copy)
