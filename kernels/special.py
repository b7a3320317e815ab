"""Special functions and discrete samplers of the elementwise kernels, device-neutral source.

Like ``kernels/philox.py``, this module holds plain Python functions that each device
compiles into its own scalar-helper module (``compile_into``): ``kernels/cpu/scalar.py``
with ``numba.njit`` and ``kernels/cuda/scalar.py`` with ``cuda.jit(device=True)``. The
functions call the math names ``log``, ``exp``, ``sqrt``, ``floor``, ``lgamma``, ``erf``,
``erfc``, ``log1p`` of the namespace they are compiled into, so each device supplies its own
(libm on the CPU; libdevice on the GPU, NumPy's ufuncs in the CUDA simulator, which never
raise on overflow or at a pole).

Every function computes in float64 (``np.float64(x)`` first, whatever the operand's dtype;
numba's ``float(x)`` of a float32 is still a float32): the kernel then rounds the answer to
the output's dtype. The float64 copies get names of their own, not the arguments' (a
variable keeps one type in numba).

* ``erfinv(y)``: Giles' single-precision approximation refined by Halley steps on erf, or
  in the tails by Newton steps on log(erfc) (1 - y is exact there): float64 accuracy;
* ``i0(x)``, ``i1(x)``: modified Bessel functions of the first kind, by their power series
  for |x| < 30 and the asymptotic expansion (every term positive for i0) beyond;
* ``igamma(a, x)``, ``igammac(a, x)``: the regularized lower and upper incomplete gamma
  functions P(a, x) and Q(a, x) = 1 - P(a, x), by the power series of P for x < a + 1 and the
  Lentz continued fraction of Q otherwise (Numerical Recipes 6.2), with PyTorch's edge cases;
* ``zeta(x, q)``: the Hurwitz zeta function (Cephes' algorithm, PyTorch's edge cases), from
  which polygamma of every order follows;
* ``gcd(a, b)``, ``lcm(a, b)``: integers, as PyTorch's ``calc_gcd`` / ``calc_lcm``;
* ``poisson_icdf(u, rate)``, ``binomial_icdf(u, count, prob)``: the inverse cumulative
  distribution functions of the Poisson and binomial distributions at a uniform ``u`` in
  [0, 1): the smallest k with P(X <= k) >= u. A normal approximation gives a start k0; P(X <=
  k0) is summed from the pmf downwards (the terms fall geometrically) and the search steps
  up or down from there, so the cost grows like the standard deviation, not the mean.
"""

import math
from math import erf, erfc, exp, floor, lgamma, log, log1p, sqrt

import numpy as np

# (the math names above let the source run as plain Python; the compiled copies look them up in
# their device's namespace instead)

INF = math.inf
NAN = math.nan
SQRT_PI_2 = 0.8862269254527580  # sqrt(pi) / 2
TWO_SQRT_PI = 1.1283791670955126  # 2 / sqrt(pi)
SQRT_2 = 1.4142135623730951
TWO_PI = 6.283185307179586
EPS = 1.1102230246251565e-16  # 2**-53
TINY = 1e-300
MAX_TERMS = 100000
# beyond this standard deviation the samplers round a normal variate (a relative error far
# below 1e-9 of the mean): the exact walk would take millions of steps
NORMAL_SD = 1e4


def erfinv(y_in):
    y = np.float64(y_in)
    if y != y or y < -1.0 or y > 1.0:
        return NAN
    if y == 1.0:
        return INF
    if y == -1.0:
        return -INF
    if y == 0.0:
        return y  # (keeps -0.0)
    w = -log((1.0 - y) * (1.0 + y))
    if w < 5.0:
        w = w - 2.5
        p = 2.81022636e-08
        p = 3.43273939e-07 + p * w
        p = -3.5233877e-06 + p * w
        p = -4.39150654e-06 + p * w
        p = 0.00021858087 + p * w
        p = -0.00125372503 + p * w
        p = -0.00417768164 + p * w
        p = 0.246640727 + p * w
        p = 1.50140941 + p * w
    else:
        w = sqrt(w) - 3.0
        p = -0.000200214257
        p = 0.000100950558 + p * w
        p = 0.00134934322 + p * w
        p = -0.00367342844 + p * w
        p = 0.00573950773 + p * w
        p = -0.0076224613 + p * w
        p = 0.00943887047 + p * w
        p = 1.00167406 + p * w
        p = 2.83297682 + p * w
    x = p * y
    t = y if y > 0 else -y
    s = 1.0 if y > 0 else -1.0
    x = x * s  # |x|, refined below on the positive half
    if t > 0.5:
        # Newton's steps on log(erfc(x)) - log(1 - t) (1 - t is exact here): nearly quadratic
        # in x, it converges in the tails, where erfc falls like e**-x**2
        target = log(1.0 - t)
        for _ in range(4):
            c = erfc(x)
            x = x + (log(c) - target) * c / (TWO_SQRT_PI * exp(-x * x))
    else:
        for _ in range(2):
            # Halley's step on erf(x) - t
            step = (erf(x) - t) / (TWO_SQRT_PI * exp(-x * x))
            x = x - step / (1.0 + x * step)
    return s * x


def _bessel_i_asymptotic(nu, x):
    # e**x / sqrt(2 pi x) * sum (-1)**k a_k(nu) / x**k, with a_k's product of 4nu**2 - (2j-1)**2
    mu = 4.0 * nu * nu
    term = 1.0
    total = 1.0
    for k in range(1, 60):
        odd = 2.0 * k - 1.0
        term = -term * (mu - odd * odd) / (8.0 * k * x)
        total += term
        if abs(term) < EPS * abs(total):
            break
    half = exp(0.5 * x)  # (e**x in two halves: I0 is finite a little beyond e**x's overflow)
    return half * (half / sqrt(TWO_PI * x)) * total


def _bessel_i_series(nu, x):
    q = 0.25 * x * x
    term = 1.0 if nu == 0 else 0.5 * x
    total = term
    for k in range(1, 500):
        term = term * q / (k * (k + nu))
        total += term
        if term < EPS * total:
            break
    return total


def i0(x_in):
    x = abs(np.float64(x_in))
    if x != x or x == INF:
        return NAN  # (PyTorch's i0 of +-inf is NaN)
    if x < 30.0:
        return _bessel_i_series(0, x)
    return _bessel_i_asymptotic(0, x)


def i1(x_in):
    signed = np.float64(x_in)
    if signed != signed:
        return NAN
    s = 1.0 if signed >= 0 else -1.0
    x = abs(signed)
    if x == INF:
        return NAN  # (as i0)
    if x < 30.0:
        return s * _bessel_i_series(1, x)
    return s * _bessel_i_asymptotic(1, x)


def _gamma_prefix(a, x):
    # x**a e**-x / Gamma(a)
    return exp(a * log(x) - x - lgamma(a))


def _igamma_series(a, x):
    # P(a, x) = x**a e**-x / Gamma(a + 1) * sum x**n / ((a + 1) ... (a + n))
    term = 1.0 / a
    total = term
    ap = a
    for _ in range(MAX_TERMS):
        ap += 1.0
        term = term * x / ap
        total += term
        if abs(term) < EPS * abs(total):
            break
    return total * _gamma_prefix(a, x)


def _igammac_fraction(a, x):
    # Q(a, x) by the modified Lentz method on its continued fraction
    b = x + 1.0 - a
    c = 1.0 / TINY
    d = 1.0 / b
    h = d
    for i in range(1, MAX_TERMS):
        an = -i * (i - a)
        b += 2.0
        d = an * d + b
        if abs(d) < TINY:
            d = TINY
        c = b + an / c
        if abs(c) < TINY:
            c = TINY
        d = 1.0 / d
        delta = d * c
        h *= delta
        if abs(delta - 1.0) < EPS:
            break
    return h * _gamma_prefix(a, x)


def _igamma_edge(a, x, upper):
    # PyTorch's answers outside the series' domain; -1.0 when there is none
    if a != a or x != x or a < 0 or x < 0:
        return NAN
    if a == 0:
        if x > 0:
            return 0.0 if upper else 1.0
        return NAN
    if x == 0:
        return 1.0 if upper else 0.0
    if a == INF:
        if x == INF:
            return NAN
        return 1.0 if upper else 0.0
    if x == INF:
        return 0.0 if upper else 1.0
    return -1.0


def igamma(a_in, x_in):
    a = np.float64(a_in)
    x = np.float64(x_in)
    edge = _igamma_edge(a, x, False)
    if edge >= 0 or edge != edge:
        return edge
    if x < a + 1.0:
        return _igamma_series(a, x)
    return 1.0 - _igammac_fraction(a, x)


def igammac(a_in, x_in):
    a = np.float64(a_in)
    x = np.float64(x_in)
    edge = _igamma_edge(a, x, True)
    if edge >= 0 or edge != edge:
        return edge
    if x < a + 1.0:
        return 1.0 - _igamma_series(a, x)
    return _igammac_fraction(a, x)


def gcd(a_in, b_in):
    a = -a_in if a_in < 0 else a_in
    b = -b_in if b_in < 0 else b_in
    while a != 0:
        c = a
        a = b % a
        b = c
    return b


def lcm(a_in, b_in):
    # in int64, as C++ promotes PyTorch's small integers (the simulator's NumPy scalars would
    # wrap at their own width instead); the result wraps when stored
    a = np.int64(a_in)
    b = np.int64(b_in)
    g = gcd(a, b)
    if g == 0:
        return g
    r = a // g * b
    return -r if r < 0 else r


def _normal_start(u, mean, sd):
    # a start for the inverse cdf search: the normal quantile, with a continuity correction
    z = SQRT_2 * erfinv(2.0 * u - 1.0) if u > 0.0 else -40.0
    k = floor(mean + sd * z + 0.5)
    return k if k > 0.0 else 0.0


def poisson_icdf(u_in, rate):
    u = np.float64(u_in)
    lam = np.float64(rate)
    if lam != lam or lam < 0:
        return NAN
    if lam == 0.0:
        return 0.0
    if lam == INF:
        return INF
    sd = sqrt(lam)
    k = _normal_start(u, lam, sd)
    if sd > NORMAL_SD:
        return k
    log_lam = log(lam)
    pk = exp(k * log_lam - lam - lgamma(k + 1.0))  # P(X = k)
    # F = P(X <= k): the pmf summed downwards from k until its terms no longer count
    cdf = pk
    p = pk
    j = k
    while j > 0.0:
        p = p * j / lam
        j -= 1.0
        cdf += p
        if p < EPS * cdf and j < lam:
            break
    if cdf >= u:
        # step down while P(X <= k - 1) >= u
        while k > 0.0 and cdf - pk >= u:
            cdf -= pk
            pk = pk * k / lam
            k -= 1.0
        return k
    while cdf < u and pk > 0.0:
        k += 1.0
        pk = pk * lam / k
        cdf += pk
    return k


def binomial_icdf(u_in, count, prob):
    u = np.float64(u_in)
    n = np.float64(count)
    p = np.float64(prob)
    if n != n or p != p:
        return NAN
    if n <= 0.0 or p <= 0.0:  # (PyTorch's answers outside the domain, too)
        return 0.0
    if p >= 1.0:
        return n
    n = floor(n)
    q = 1.0 - p
    sd = sqrt(n * p * q)
    k = _normal_start(u, n * p, sd)
    k = k if k < n else n
    if sd > NORMAL_SD:
        return k
    ratio = p / q
    log_pmf = lgamma(n + 1.0) - lgamma(k + 1.0) - lgamma(n - k + 1.0)
    pk = exp(log_pmf + k * log(p) + (n - k) * log1p(-p))
    cdf = pk
    term = pk
    j = k
    while j > 0.0:
        term = term * j / ((n - j + 1.0) * ratio)
        j -= 1.0
        cdf += term
        if term < EPS * cdf and j < n * p:
            break
    if cdf >= u:
        while k > 0.0 and cdf - pk >= u:
            cdf -= pk
            pk = pk * k / ((n - k + 1.0) * ratio)
            k -= 1.0
        return k
    while cdf < u and k < n:
        pk = pk * (n - k) / (k + 1.0) * ratio
        k += 1.0
        cdf += pk
    return k


# the Euler-Maclaurin coefficients of Cephes' zeta: (2k)! / B_2k
ZETA_A = (
    12.0,
    -720.0,
    30240.0,
    -1209600.0,
    47900160.0,
    -1.8924375803183791606e9,
    7.47242496e10,
    -2.950130727918164224e12,
    1.1646782814350067249e14,
    -4.5979787224074726105e15,
    1.8152105401943546773e17,
    -7.1661652561756670113e18,
)
MACHEP = 1.11022302462515654042e-16


def zeta(x_in, q_in):
    """Hurwitz zeta(x, q) = sum over k >= 0 of (k + q)^-x, by Cephes' algorithm as PyTorch
    computes it: the terms summed directly until k + q > 9 (at least 9 of them), then the
    Euler-Maclaurin tail. inf at x = 1 and at q a non-positive integer; NaN for x < 1 (and for
    q < 0 with x not an integer)."""
    x = np.float64(x_in)
    q = np.float64(q_in)
    if x == 1.0:
        return INF
    if x < 1.0:
        return NAN
    if q <= 0.0:
        if q == floor(q):
            return INF
        if x != floor(x):
            return NAN
    total = q**-x
    a = q
    i = 0
    b = 0.0
    while i < 9 or a <= 9.0:
        i += 1
        a += 1.0
        b = a**-x
        total += b
        if abs(b / total) < MACHEP:
            return total
    w = a
    total += b * w / (x - 1.0)
    total -= 0.5 * b
    a = 1.0
    k = 0.0
    for j in range(12):
        a *= x + k
        b /= w
        t = a * b / ZETA_A[j]
        total = total + t
        if abs(t / total) < MACHEP:
            return total
        k += 1.0
        a *= x + k
        b /= w
        k += 1.0
    return total


# every device function, callees first
FUNCTIONS = (
    "zeta",
    "erfinv",
    "_bessel_i_asymptotic",
    "_bessel_i_series",
    "i0",
    "i1",
    "_gamma_prefix",
    "_igamma_series",
    "_igammac_fraction",
    "_igamma_edge",
    "igamma",
    "igammac",
    "gcd",
    "lcm",
    "_normal_start",
    "poisson_icdf",
    "binomial_icdf",
)

# the math each namespace must provide (kernels/cpu/scalar.py binds the C library's)
MATH = ("log", "exp", "sqrt", "floor", "lgamma", "erf", "erfc", "log1p")


def compile_into(namespace: dict, jit, math_functions: dict | None = None) -> None:
    """Compile every function of FUNCTIONS with ``jit`` into ``namespace`` (a scalar-helper
    module's globals): each copy looks its callees, its constants and the names of MATH up
    there, or in ``math_functions`` first when given (the namespace is then not changed but
    for the compiled functions)."""
    import types

    lookup = namespace if math_functions is None else {**namespace, **math_functions}
    missing = [name for name in MATH if name not in lookup]
    if missing:
        raise NameError(f"kernels.special needs {missing} in the namespace it compiles into")
    for key, value in globals().items():
        if key.isupper() and key not in ("FUNCTIONS", "MATH"):
            lookup.setdefault(key, value)
    lookup.setdefault("np", np)
    for name in FUNCTIONS:
        fn = globals()[name]
        copy = types.FunctionType(fn.__code__, lookup, name, fn.__defaults__)
        copy.__doc__ = fn.__doc__
        lookup[name] = namespace[name] = jit(copy)
