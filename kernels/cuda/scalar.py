"""Scalar device functions of the CUDA kernels: twins of ``kernels/cpu/scalar.py``.

Two groups:

* the math functions the generated kernels call as ``s.exp(x)``, ``s.floor(x)``, ... (the
  generator translates the table's ``np.exp`` and friends into these). Compiled kernels get
  ``math.*``, which numba-cuda lowers to CUDA's libdevice (``math.exp`` of a float32 is
  ``expf``; ``math.floor`` and ``math.trunc`` return floats there). The simulator
  (``NUMBA_ENABLE_CUDASIM=1``) runs kernels as Python on NumPy scalars, where ``math.*``
  would raise on overflow and domain errors (``math.exp(1000.0)``, ``math.log(0.0)``) and
  ``math.floor`` returns an int, so simulated kernels get NumPy's ufuncs instead, which give
  the same IEEE answers (inf, NaN, signed zeros) as libdevice.
* the helpers with PyTorch's edge-case semantics (NaN propagation, Python-style integer
  division, ...), as ``cuda.jit`` device functions with the CPU helpers' names and bodies.
  Their code must also run as plain Python in the simulator: no ``bool - bool`` (NumPy
  rejects it), no ``math.*`` (see above).
"""

import math

import numpy as np
from numba import config, cuda

SIMULATOR = bool(config.ENABLE_CUDASIM)

_device = cuda.jit(device=True, inline="always")

if SIMULATOR:
    exp = np.exp
    exp2 = np.exp2
    expm1 = np.expm1
    log = np.log
    log2 = np.log2
    log10 = np.log10
    log1p = np.log1p
    sqrt = np.sqrt
    sin = np.sin
    cos = np.cos
    tan = np.tan
    asin = np.arcsin
    acos = np.arccos
    atan = np.arctan
    sinh = np.sinh
    cosh = np.cosh
    tanh = np.tanh
    floor = np.floor
    ceil = np.ceil
    trunc = np.trunc
    fmod = np.fmod
    atan2 = np.arctan2
    copysign = np.copysign
    isnan = np.isnan
    isinf = np.isinf
    isfinite = np.isfinite
    asinh = np.arcsinh
    acosh = np.arccosh
    atanh = np.arctanh
    hypot = np.hypot
    exp2_ = np.exp2

    def lgamma(x):  # (math.lgamma raises at the poles, where C's gives inf)
        return np.inf if x <= 0 and x == np.floor(x) else math.lgamma(x)
else:
    exp = math.exp
    exp2 = math.exp2
    expm1 = math.expm1
    log = math.log
    log2 = math.log2
    log10 = math.log10
    log1p = math.log1p
    sqrt = math.sqrt
    sin = math.sin
    cos = math.cos
    tan = math.tan
    asin = math.asin
    acos = math.acos
    atan = math.atan
    sinh = math.sinh
    cosh = math.cosh
    tanh = math.tanh
    floor = math.floor
    ceil = math.ceil
    trunc = math.trunc
    fmod = math.fmod
    atan2 = math.atan2
    copysign = math.copysign
    isnan = math.isnan
    isinf = math.isinf
    isfinite = math.isfinite
    asinh = math.asinh
    acosh = math.acosh
    atanh = math.atanh
    hypot = math.hypot
    exp2_ = math.exp2
    lgamma = math.lgamma

# math.erf and math.erfc never raise and accept NumPy scalars: one spelling for both
erf = math.erf
erfc = math.erfc
# the builtin, under a name no generated kernel shadows (the kernels module defines ``abs``)
absolute = abs


@_device
def rint(x):
    # round half to even (np.rint): numba-cuda has no rint for both float widths, so floor and
    # fix up; the result keeps x's sign, so rint(-0.4) is -0.0 as in NumPy
    r = floor(x)
    d = x - r
    if d > 0.5 or (d == 0.5 and floor(r * 0.5) * 2.0 != r):
        r = r + 1.0
    return copysign(r, x)


# ---- twins of kernels/cpu/scalar.py ----------------------------------------------------------


@_device
def sign(x):
    # NaN gives 0, as in PyTorch
    return (1 if x > 0 else 0) - (1 if x < 0 else 0)


@_device
def relu(x):
    # keeps NaN and -0.0, as PyTorch does
    return x if not (x < 0) else 0


@_device
def sigmoid(x):
    return 1.0 / (1.0 + exp(-x))


@_device
def nan_to_num(x, nan, posinf, neginf):
    if x != x:
        return nan
    if x == math.inf:
        return posinf
    if x == -math.inf:
        return neginf
    return x


@_device
def clamp(x, lo, hi):
    # min(max(x, lo), hi) with NaN winning, as in PyTorch: a NaN in x or in a bound gives
    # NaN; lo > hi gives hi everywhere
    if lo != lo:
        return lo
    if hi != hi:
        return hi
    t = lo if x < lo else x
    return hi if t > hi else t


@_device
def clamp_min(x, lo):
    return lo if x < lo or lo != lo else x


@_device
def clamp_max(x, hi):
    return hi if x > hi or hi != hi else x


@_device
def maximum(a, b):
    # NaN wins, as in torch.maximum
    if a != a:
        return a
    if b != b:
        return b
    return a if a > b else b


@_device
def minimum(a, b):
    if a != a:
        return a
    if b != b:
        return b
    return a if a < b else b


@_device
def int_div_trunc(a, b):
    # C's division (toward zero) from Python's floor division, without abs(): abs(-128)
    # does not fit int8
    if b == -1:
        return -a  # (the hardware's division of the minimum by -1 traps: it wraps here)
    q = a // b
    if a % b != 0 and (a < 0) != (b < 0):
        q += 1
    return q


@_device
def float_remainder(a, b):
    # PyTorch's remainder for floats: fmod, moved into b's sign unless it is zero (a zero
    # keeps a's sign: remainder(-3., 3.) is -0., where NumPy and Python give +0.)
    mod = fmod(a, b)
    if mod != 0 and (b < 0) != (mod < 0):
        mod += b
    return mod


@_device
def float_div_floor(a, b):
    # PyTorch's floor division for floats: via fmod, so inf // x is NaN as there
    if b == 0:
        return a / b
    mod = fmod(a, b)
    div = (a - mod) / b
    if mod != 0 and (b < 0) != (mod < 0):
        div -= 1
    if div != 0:
        floor_div = floor(div)
        if div - floor_div > 0.5:
            floor_div += 1
        return floor_div
    return copysign(0.0, a / b)


@_device
def int_remainder(a, b):
    # Python's modulo of integers (x % -1 is 0: the minimum's division by -1 traps)
    if b == -1:
        return a - a
    return a % b


@_device
def int_div_floor(a, b):
    if b == -1:
        return -a  # (wraps, as in PyTorch)
    return a // b


@_device
def int_fmod(a, b):
    # C's remainder (the sign of a) from Python's (the sign of b)
    if b == -1:
        return a - a
    r = a % b
    if r != 0 and (r < 0) != (a < 0):
        r -= b
    return r


@_device
def int_pow(a, b):
    # integer power by squaring, wrapping like C; negative exponents as in PyTorch
    if b < 0:
        if a == 1:
            return a
        if a == -1:
            return a if b % 2 else -a
        return a - a
    result = a - a + 1
    base = a
    while b:
        if b & 1:
            result = result * base
        base = base * base
        b >>= 1
    return result


@_device
def fused_multiply_add(a, b, c):
    # a * b + c rounded once, in float64 (Dekker's exact product and Knuth's exact sum: the
    # correctly rounded result but in rare double-rounding ties); huge or non-finite
    # operands take the plain expression
    p = a * b
    if not (abs(a) < 1e290 and abs(b) < 1e290 and abs(p) < 1e300 and abs(c) < 1e300):
        return p + c
    t = 134217729.0 * a  # 2**27 + 1: splits a into two 26-bit halves
    a_hi = t - (t - a)
    a_lo = a - a_hi
    t = 134217729.0 * b
    b_hi = t - (t - b)
    b_lo = b - b_hi
    product_error = ((a_hi * b_hi - p) + a_hi * b_lo + a_lo * b_hi) + a_lo * b_lo
    s = p + c
    v = s - p
    error = (p - (s - v)) + (c - v) + product_error
    return s if error == 0 else s + error  # (an exact -0. stays -0.)


@_device
def lerp(start, end, weight):
    # PyTorch's two-sided formula keeps lerp(a, b, 1) == b exactly; its CPU kernels compute
    # fma(weight - (|weight| >= 0.5), end - start, start or end) with one rounding, so
    # this does too, in float64 (exact for float32, whose products float64 holds exactly)
    diff = end - start
    if abs(weight) < 0.5:
        return fused_multiply_add(np.float64(weight), np.float64(diff), np.float64(start))
    return fused_multiply_add(np.float64(weight - 1), np.float64(diff), np.float64(end))


# ---- special functions: twins of kernels/cpu/scalar.py -------------------------------------

_PI = 3.141592653589793
_LN2 = 0.6931471805599453


@_device
def digamma(x):
    x = np.float64(x)  # (in float64 for every input dtype: float() keeps a float32)
    if x == 0:
        return -np.inf if copysign(1.0, x) > 0 else np.inf
    result = 0.0
    if x < 0:
        if x == floor(x):
            return np.nan
        result = -_PI / tan(_PI * x)
        x = 1.0 - x
    while x < 10.0:
        result -= 1.0 / x
        x += 1.0
    f = 1.0 / (x * x)  # (from 10 on, seven terms leave an error below 1e-16)
    series = f * (
        1 / 12
        - f * (1 / 120 - f * (1 / 252 - f * (1 / 240 - f * (1 / 132 - f * (691 / 32760 - f / 12)))))
    )
    return result + log(x) - 0.5 / x - series


@_device
def trigamma(x):
    x = np.float64(x)  # (in float64 for every input dtype: float() keeps a float32)
    sign, result = 1.0, 0.0
    if x == 0:  # (at the negative integers the reflection gives PyTorch's huge values)
        return np.inf
    if x < 0:
        s_ = sin(_PI * x)
        result = (_PI * _PI) / (s_ * s_)
        sign, x = -1.0, 1.0 - x
    while x < 10.0:
        result += sign / (x * x)
        x += 1.0
    f = 1.0 / (x * x)  # (from 10 on, seven terms leave an error below 1e-16)
    inner = 1 / 30 - f * (5 / 66 - f * (691 / 2730 - f * 7 / 6))
    tail = 1 / x + f / 2 + f / x * (1 / 6 - f * (1 / 30 - f * (1 / 42 - f * inner)))
    return result + sign * tail


@_device
def logaddexp(a, b):
    if a != a or b != b:
        return a + b
    if a == b:
        return a + _LN2
    m = a if a > b else b
    return m + log1p(exp(-abs(a - b)))


@_device
def logaddexp2(a, b):
    if a != a or b != b:
        return a + b
    if a == b:
        return a + 1.0
    m = a if a > b else b
    return m + log1p(exp2_(-abs(a - b))) / _LN2


# ---- erfinv, Bessel i0/i1, incomplete gamma, gcd/lcm, discrete inverse cdfs -------------------
# (device-neutral source in kernels/special.py, compiled here with this module's math: libdevice,
# or NumPy's ufuncs in the simulator)

nextafter = np.nextafter if SIMULATOR else math.nextafter

from .. import special as _special  # noqa: E402

_special.compile_into(globals(), _device)
