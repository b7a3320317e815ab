"""Scalar helpers inlined into the elementwise kernels, with PyTorch's edge-case semantics."""

import numpy as np
from numba import njit

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
    return 1.0 / (1.0 + np.exp(-x))


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
    # min(max(x, lo), hi): NaN in x stays NaN; lo > hi gives hi everywhere
    t = lo if x < lo else x
    return hi if t > hi else t


@_inline
def clamp_min(x, lo):
    return lo if x < lo else x


@_inline
def clamp_max(x, hi):
    return hi if x > hi else x


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
    q = abs(a) // abs(b)
    return q if (a < 0) == (b < 0) else -q


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
def int_fmod(a, b):
    return a - b * int_div_trunc(a, b)


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
def lerp(start, end, weight):
    # PyTorch's two-sided formula keeps lerp(a, b, 1) == b exactly
    if abs(weight) < 0.5:
        return start + weight * (end - start)
    return end - (end - start) * (1 - weight)
