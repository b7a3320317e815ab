"""Scalar helpers inlined into the elementwise kernels, with PyTorch's edge-case semantics."""

import math

import numpy as np
from llvmlite import ir
from numba import njit, types
from numba.extending import intrinsic, overload

_inline = njit(inline="always", cache=True, error_model="numpy")


@_inline
def sign(x):
    # NaN gives 0, as in PyTorch
    return (x > 0) - (x < 0)


@_inline
def relu(x):
    # keeps NaN and -0.0, as PyTorch does
    return x if not (x < 0) else 0


@_inline
def sigmoid(x):
    return 1.0 / (1.0 + exp(-x))  # exp: the vectorisable one below


@_inline
def nan_to_num(x, nan, posinf, neginf):
    if x != x:
        return nan
    if x == np.inf:
        return posinf
    if x == -np.inf:
        return neginf
    return x


@_inline
def clamp(x, lo, hi):
    # min(max(x, lo), hi) with NaN winning, as in PyTorch: a NaN in x or in a bound gives
    # NaN; lo > hi gives hi everywhere
    if lo != lo:
        return lo
    if hi != hi:
        return hi
    t = lo if x < lo else x
    return hi if t > hi else t


@_inline
def clamp_min(x, lo):
    return lo if x < lo or lo != lo else x


@_inline
def clamp_max(x, hi):
    return hi if x > hi or hi != hi else x


@_inline
def maximum(a, b):
    # NaN wins, as in torch.maximum
    if a != a:
        return a
    if b != b:
        return b
    return a if a > b else b


@_inline
def minimum(a, b):
    if a != a:
        return a
    if b != b:
        return b
    return a if a < b else b


@_inline
def int_div_trunc(a, b):
    # C's division (toward zero) from Python's floor division, without abs(): abs(-128)
    # does not fit int8
    if b == -1:
        return -a  # (the hardware's division of the minimum by -1 traps: it wraps here)
    q = a // b
    if a % b != 0 and (a < 0) != (b < 0):
        q += 1
    return q


@_inline
def float_remainder(a, b):
    # PyTorch's remainder for floats: fmod, moved into b's sign unless it is zero (a zero
    # keeps a's sign: remainder(-3., 3.) is -0., where NumPy and Python give +0.)
    mod = np.fmod(a, b)
    if mod != 0 and (b < 0) != (mod < 0):
        mod += b
    return mod


@_inline
def float_div_floor(a, b):
    # PyTorch's floor division for floats: via fmod, so inf // x is NaN as there
    if b == 0:
        return a / b
    mod = np.fmod(a, b)
    div = (a - mod) / b
    if mod != 0 and (b < 0) != (mod < 0):
        div -= 1
    if div != 0:
        floor_div = np.floor(div)
        if div - floor_div > 0.5:
            floor_div += 1
        return floor_div
    return np.copysign(0.0, a / b)


@_inline
def int_remainder(a, b):
    # Python's modulo of integers (x % -1 is 0: the minimum's division by -1 traps)
    if b == -1:
        return a - a
    return a % b


@_inline
def int_div_floor(a, b):
    if b == -1:
        return -a  # (wraps, as in PyTorch)
    return a // b


@_inline
def int_fmod(a, b):
    # C's remainder (the sign of a) from Python's (the sign of b)
    if b == -1:
        return a - a
    r = a % b
    if r != 0 and (r < 0) != (a < 0):
        r -= b
    return r


@_inline
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


@_inline
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


@_inline
def lerp(start, end, weight):
    # PyTorch's two-sided formula keeps lerp(a, b, 1) == b exactly; its CPU kernels compute
    # fma(weight - (|weight| >= 0.5), end - start, start or end) with one rounding, so
    # this does too, in float64 (exact for float32, whose products float64 holds exactly)
    diff = end - start
    if abs(weight) < 0.5:
        return fused_multiply_add(np.float64(weight), np.float64(diff), np.float64(start))
    return fused_multiply_add(np.float64(weight - 1), np.float64(diff), np.float64(end))


# ---- exp of float32, vectorisable ---------------------------------------------------------------
# np.exp of a float32 calls the C library's expf once per element, which no loop vectorises.
# This one works in float64 arithmetic with selects only: 2**n from the exponent bits, times
# a degree-9 Taylor polynomial on |r| <= ln2/2 (error below 2**-36), rounded once to float32,
# which is the correctly rounded result but for rare double-rounding ties. float64 input
# keeps the C library's exp.

_LOG2E = 1.4426950408889634
_LN2_HI = 0.6931471803691238  # ln 2 split so that n * _LN2_HI is exact for |n| < 2**11
_LN2_LO = 1.9082149292705877e-10


@intrinsic
def _float64_from_bits(typingctx, bits):
    sig = types.float64(types.int64)

    def codegen(context, builder, signature, args):
        return builder.bitcast(args[0], ir.DoubleType())

    return sig, codegen


@_inline
def _exp_wide(d):
    # e**d for a float64 d in [-104, 89] (a float32's whole range of finite, nonzero results)
    n = np.rint(d * _LOG2E)
    r = (d - n * _LN2_HI) - n * _LN2_LO
    p = 1.0 / 362880.0
    p = p * r + 1.0 / 40320.0
    p = p * r + 1.0 / 5040.0
    p = p * r + 1.0 / 720.0
    p = p * r + 1.0 / 120.0
    p = p * r + 1.0 / 24.0
    p = p * r + 1.0 / 6.0
    p = p * r + 0.5
    p = p * r + 1.0
    p = p * r + 1.0
    return p * _float64_from_bits((np.int64(n) + 1023) << 52)


def _exp_float32(x):  # compiled inline through the overload below
    d = np.float64(x)
    d = -104.0 if d < -104.0 else d  # below: rounds to 0 (and -inf gives 0)
    d = 89.0 if d > 89.0 else d  # above: overflows to inf (and inf gives inf)
    d = 0.0 if d != d else d  # NaN: computed on 0, then returned as is
    y = np.float32(_exp_wide(d))
    return x if x != x else y


def exp(x):
    """e**x (vectorisable for float32; compiled code only)."""
    raise NotImplementedError


@overload(exp, inline="always", jit_options={"error_model": "numpy"})
def _exp(x):
    if x == types.float32:
        return _exp_float32
    return lambda x: np.exp(x)


# ---- special functions (lgamma, digamma, trigamma, logaddexp) -----------------------------


@_inline
def lgamma(x):
    # (C's lgamma: inf at the poles 0, -1, -2, ...)
    return math.lgamma(x)


@_inline
def digamma(x):
    """psi(x): reflection below 0, recurrence up to 10, then the asymptotic series."""
    x = np.float64(x)  # (in float64 for every input dtype: float() keeps a float32)
    if x == 0:
        return -np.inf if math.copysign(1.0, x) > 0 else np.inf
    result = 0.0
    if x < 0:
        if x == math.floor(x):
            return np.nan
        result = -math.pi / math.tan(math.pi * x)
        x = 1.0 - x
    while x < 10.0:
        result -= 1.0 / x
        x += 1.0
    f = 1.0 / (x * x)  # (from 10 on, seven terms leave an error below 1e-16)
    series = f * (
        1 / 12
        - f * (1 / 120 - f * (1 / 252 - f * (1 / 240 - f * (1 / 132 - f * (691 / 32760 - f / 12)))))
    )
    return result + math.log(x) - 0.5 / x - series


@_inline
def trigamma(x):
    """psi'(x): reflection below 0, recurrence up to 10, then the asymptotic series."""
    x = np.float64(x)  # (in float64 for every input dtype: float() keeps a float32)
    sign, result = 1.0, 0.0
    if x == 0:  # (at the negative integers the reflection gives PyTorch's huge values)
        return np.inf
    if x < 0:
        s_ = math.sin(math.pi * x)
        result = (math.pi * math.pi) / (s_ * s_)
        sign, x = -1.0, 1.0 - x
    while x < 10.0:
        result += sign / (x * x)
        x += 1.0
    f = 1.0 / (x * x)  # (from 10 on, seven terms leave an error below 1e-16)
    inner = 1 / 30 - f * (5 / 66 - f * (691 / 2730 - f * 7 / 6))
    tail = 1 / x + f / 2 + f / x * (1 / 6 - f * (1 / 30 - f * (1 / 42 - f * inner)))
    return result + sign * tail


@_inline
def logaddexp(a, b):
    if a != a or b != b:
        return a + b
    if a == b:  # (also both infinite: no inf - inf)
        return a + 0.6931471805599453
    m = a if a > b else b
    return m + math.log1p(math.exp(-abs(a - b)))


@_inline
def logaddexp2(a, b):
    if a != a or b != b:
        return a + b
    if a == b:
        return a + 1.0
    m = a if a > b else b
    return m + math.log1p(math.exp2(-abs(a - b))) / 0.6931471805599453


# ---- erfinv, Bessel i0/i1, incomplete gamma, gcd/lcm, discrete inverse cdfs -------------------
# (device-neutral source in kernels/special.py, compiled here with the C library's math; numba's
# math.floor answers an int, np.floor a float as the source expects)

from .. import special as _special  # noqa: E402

_special.compile_into(
    globals(),
    _inline,
    {
        "log": math.log,
        "exp": math.exp,
        "sqrt": math.sqrt,
        "floor": np.floor,
        "erf": math.erf,
        "erfc": math.erfc,
        "log1p": math.log1p,
    },
)
