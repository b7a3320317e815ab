"""Special functions (issue 15): kernels (asinh, acosh, atanh, erfc, lgamma, digamma,
polygamma, hypot, copysign, logaddexp, logaddexp2) and compositions (deg2rad, rad2deg,
float_power, fmax, fmin, xlogy, heaviside, sinc, logit, signbit, isposinf, isneginf,
isreal), against torch on every dtype, on the CPU and CUDA, with float64 gradient checks."""

import numpy as np
import pytest

import numtensor as nt
from tests.test_pointwise import DTYPES, compare_on, values

UNARY = ["asinh", "arcsinh", "acosh", "arccosh", "atanh", "arctanh", "erfc", "lgamma",
         "digamma", "deg2rad", "rad2deg", "sinc", "logit", "signbit", "isposinf", "isneginf",
         "isreal", "sgn"]  # fmt: skip
BINARY = ["hypot", "copysign", "logaddexp", "logaddexp2", "fmax", "fmin", "xlogy",
          "heaviside", "float_power"]  # fmt: skip
WIDE = np.array([-7.25, -2.5, -1.0, -0.5, 0.0, 0.5, 0.9, 1.0, 1.5, 3.7, 25.0, np.inf, -np.inf,
                 np.nan])  # fmt: skip


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("op", UNARY)
def test_unary_matches_torch(op, dtype, device):
    compare_on(device, lambda m, x: getattr(m, op)(x), values(dtype))


@pytest.mark.parametrize(
    "op", ["asinh", "acosh", "atanh", "erfc", "lgamma", "digamma", "sinc", "logit"]
)
@pytest.mark.parametrize("dtype", ["float32", "float64"])
def test_unary_over_a_wide_range(op, dtype, device):
    compare_on(device, lambda m, x: getattr(m, op)(x), WIDE.astype(dtype))
    compare_on(device, lambda m, x: getattr(x, op)(), WIDE.astype(dtype))


def _pairs(dtype_a, dtype_b):
    a = values(dtype_a)
    b = values(dtype_b)
    n = min(len(a), len(b))
    return a[:n], b[::-1][:n].copy()


@pytest.mark.parametrize(
    "pair",
    [
        ("float32", "float32"),
        ("float64", "float32"),
        ("int64", "float32"),
        ("int32", "int32"),
        ("bool", "bool"),
        ("float16", "float16"),
    ],
)
@pytest.mark.parametrize("op", BINARY)
def test_binary_matches_torch(op, pair, device):
    compare_on(device, lambda m, a, b: getattr(m, op)(a, b), *_pairs(*pair))


@pytest.mark.parametrize(
    "op", ["hypot", "copysign", "logaddexp", "logaddexp2", "xlogy", "float_power"]
)
def test_binary_with_numbers_and_in_place(op, device):
    a, b = _pairs("float32", "float32")
    compare_on(device, lambda m, x: getattr(m, op)(x, 2.5), a)
    if op in ("xlogy", "float_power"):
        compare_on(device, lambda m, x: getattr(m, op)(2.5, x), b)
    if op not in ("logaddexp", "logaddexp2"):
        compare_on(device, lambda m, x, y: getattr(x.clone(), op + "_")(y), a, b)


def test_polygamma(device):
    x = np.array([0.25, 1.0, 3.5, -1.5, 0.0, -2.0, 40.0], dtype=np.float64)
    for n in (0, 1):
        compare_on(device, lambda m, t, n=n: m.polygamma(n, t), x)
        compare_on(device, lambda m, t, n=n: t.polygamma(n), x)
    compare_on(device, lambda m, t: m.polygamma(-1, t), x)


def test_in_place_forms(device):
    a = WIDE.astype(np.float32)
    for op in ("asinh", "erfc", "lgamma", "digamma", "deg2rad", "rad2deg", "sinc", "logit"):
        compare_on(device, lambda m, x, op=op: getattr(x.clone(), op + "_")(), a)


@pytest.mark.parametrize(
    "name, fn, inputs",
    [
        ("asinh", lambda t: t.asinh(), [[-2.0, 0.3, 4.0]]),
        ("acosh", lambda t: t.acosh(), [[1.5, 2.0, 7.0]]),
        ("atanh", lambda t: t.atanh(), [[-0.7, 0.1, 0.5]]),
        ("erfc", lambda t: t.erfc(), [[-1.0, 0.2, 1.5]]),
        ("lgamma", lambda t: t.lgamma(), [[0.3, 2.5, -1.5]]),
        ("digamma", lambda t: t.digamma(), [[0.3, 2.5, -1.5]]),
        ("hypot", lambda a, b: nt.hypot(a, b), [[1.0, -2.0, 3.0], [0.5, 4.0, -1.0]]),
        ("copysign", lambda a, b: nt.copysign(a, b), [[1.0, -2.0, 3.0], [-0.5, 4.0, -1.0]]),
        ("logaddexp", lambda a, b: nt.logaddexp(a, b), [[1.0, -2.0, 3.0], [0.5, 4.0, -1.0]]),
        ("logaddexp2", lambda a, b: nt.logaddexp2(a, b), [[1.0, -2.0, 3.0], [0.5, 4.0, -1.0]]),
        ("xlogy", lambda a, b: nt.xlogy(a, b), [[1.0, -2.0, 3.0], [0.5, 4.0, 1.5]]),
        ("fmax", lambda a, b: nt.fmax(a, b), [[1.0, -2.0, 3.0], [0.5, 4.0, -1.0]]),
        ("float_power", lambda a, b: nt.float_power(a, b), [[1.0, 2.0, 3.0], [0.5, 1.5, -1.0]]),
        ("sinc", lambda t: t.sinc(), [[-1.3, 0.4, 2.2]]),
        ("logit", lambda t: t.logit(), [[0.2, 0.5, 0.9]]),
        ("deg2rad", lambda t: t.deg2rad(), [[30.0, -45.0, 90.0]]),
    ],
)
def test_gradcheck(name, fn, inputs):
    tensors = [nt.tensor(v, dtype=nt.float64, requires_grad=True) for v in inputs]
    assert nt.autograd.gradcheck(fn, tuple(tensors))


def test_errors():
    for bad in (lambda: nt.hypot(nt.tensor([1]), nt.tensor([2])),
                lambda: nt.logaddexp(nt.ones(1), 2.0),
                lambda: nt.heaviside(nt.ones(1), nt.ones(1, dtype=nt.float64))):  # fmt: skip
        with pytest.raises((RuntimeError, TypeError, NotImplementedError)):
            bad()
