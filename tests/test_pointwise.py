"""Unary, binary and ternary elementwise ops against torch 2.13, for every dtype."""

import numpy as np
import pytest

import numtensor as nt
from tests.conftest import assert_same, check, on, torch

DTYPES = ["bool", "uint8", "int8", "int16", "int32", "int64", "float16", "float32", "float64"]

FLOAT_VALUES = [np.nan, np.inf, -np.inf, -0.0, 0.0, 0.5, -0.5, 1.5, -2.5, 3.7, -7.25, 1e-3, 0.9]
INT_VALUES = [0, 1, -1, 2, -3, 5, 7, -7, 100, -100, 13, 42]


def values(dtype: str) -> np.ndarray:
    if dtype == "bool":
        return np.array([True, False, True, True, False, False])
    if dtype.startswith("float"):
        return np.array(FLOAT_VALUES, dtype=dtype)
    info = np.iinfo(dtype)
    return np.array([v for v in INT_VALUES if info.min <= v <= info.max], dtype=dtype)


def tolerance(*dtypes):
    if "float16" in dtypes:
        return dict(rtol=2e-3, atol=1e-3)
    return dict(rtol=4e-6, atol=1e-6)


def compare(fn, *arrays, tol=None):
    """fn(module, *tensors) on both libraries: same error class, or same dtype/shape/values."""
    compare_on("cpu", fn, *arrays, tol=tol)


def compare_on(device, fn, *arrays, tol=None):
    """``compare`` with numtensor's tensors on ``device`` (results must stay there)."""
    m = on(device)
    try:
        expected = fn(torch, *(torch.tensor(a) for a in arrays))
    except Exception as exc:
        with pytest.raises(type(exc)):
            fn(m, *(nt.tensor(a, device=device) for a in arrays))
        return
    got = fn(m, *(nt.tensor(a, device=device) for a in arrays))
    assert got.device.type == device, (got.device, device)
    assert str(got.dtype).split(".")[1] == str(expected.dtype).split(".")[1]
    assert tuple(got.shape) == tuple(expected.shape)
    e = expected.numpy()
    g = got.cpu().numpy()
    if e.dtype.kind == "f":
        np.testing.assert_allclose(
            g.astype(np.float64),
            e.astype(np.float64),
            equal_nan=True,
            **(tol or tolerance(str(e.dtype))),
        )
    else:
        np.testing.assert_array_equal(g, e)


UNARY = [
    "abs",
    "neg",
    "sign",
    "exp",
    "exp2",
    "expm1",
    "log",
    "log2",
    "log10",
    "log1p",
    "sqrt",
    "rsqrt",
    "reciprocal",
    "square",
    "sin",
    "cos",
    "tan",
    "asin",
    "acos",
    "atan",
    "sinh",
    "cosh",
    "tanh",
    "sigmoid",
    "erf",
    "relu",
    "floor",
    "ceil",
    "round",
    "trunc",
    "frac",
    "logical_not",
    "bitwise_not",
    "isnan",
    "isinf",
    "isfinite",
    "nan_to_num",
]


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("op", UNARY)
def test_unary_matches_torch(op, dtype, device):
    compare_on(device, lambda m, x: getattr(m, op)(x), values(dtype))


@pytest.mark.parametrize("op", ["exp", "neg", "abs", "sigmoid", "round", "isnan", "relu"])
def test_unary_layouts(op, device):
    base = np.linspace(-3, 3, 24, dtype=np.float32).reshape(2, 3, 4)
    compare_on(device, lambda m, x: getattr(m, op)(x.transpose(0, 2)), base)  # dense, permuted
    compare_on(device, lambda m, x: getattr(m, op)(x[:, ::2, 1:]), base)  # gaps
    compare_on(device, lambda m, x: getattr(m, op)(x[:, :1].expand(2, 5, 4)), base)  # expanded
    compare_on(device, lambda m, x: getattr(m, op)(x[0, 0, 0]), base)  # 0-dim
    compare_on(device, lambda m, x: getattr(m, op)(x[:, :0]), base)  # empty
    compare_on(device, lambda m, x: getattr(x, op)(), base)  # method form


def test_unary_keeps_layout_of_dense_input():
    x = nt.arange(6.0).reshape(2, 3).t()
    assert x.exp().stride() == torch.arange(6.0).reshape(2, 3).t().exp().stride()


def test_round_decimals_and_nan_to_num_arguments(device):
    a = np.array([1.2345, 2.5, -0.55, 1234.5678, np.nan], dtype=np.float32)
    compare_on(device, lambda m, x: m.round(x, decimals=1), a)
    compare_on(device, lambda m, x: m.round(x, decimals=2), a.astype(np.float64))
    compare_on(device, lambda m, x: m.round(x, decimals=-2), a)
    compare_on(device, lambda m, x: x.round(decimals=3), a)
    b = np.array([np.nan, np.inf, -np.inf, 1.0], dtype=np.float32)
    compare_on(device, lambda m, x: m.nan_to_num(x, nan=0.5, posinf=9.0, neginf=-9.0), b)
    compare_on(device, lambda m, x: m.nan_to_num(x, posinf=1e3), b.astype(np.float64))
    compare_on(device, lambda m, x: m.nan_to_num(x), b.astype(np.float16))


BINARY = [
    "add",
    "sub",
    "mul",
    "div",
    "floor_divide",
    "remainder",
    "fmod",
    "pow",
    "maximum",
    "minimum",
    "atan2",
    "eq",
    "ne",
    "lt",
    "le",
    "gt",
    "ge",
    "logical_and",
    "logical_or",
    "logical_xor",
    "bitwise_and",
    "bitwise_or",
    "bitwise_xor",
]

PAIRS = [
    ("float32", "float32"),
    ("int64", "int64"),
    ("int32", "int64"),
    ("uint8", "int8"),
    ("int16", "float32"),
    ("float16", "float16"),
    ("float16", "float64"),
    ("bool", "bool"),
    ("bool", "int32"),
    ("float64", "uint8"),
    ("int8", "int8"),
    ("uint8", "uint8"),
]


def pair_values(a: str, b: str):
    x, y = values(a), values(b)
    n = min(len(x), len(y))
    y = y[:n].copy()
    if y.dtype.kind not in "fb":
        y[y == 0] = 3  # integer division by zero raises; tested separately
    if a != "bool" and b != "bool" and y.dtype.kind in "iu":
        # negative divisors and exponents have their own tests (rounding modes, pow)
        y = np.where(y < 0, -y, y).astype(y.dtype)
    return x[:n], y


@pytest.mark.parametrize("pair", PAIRS, ids=lambda p: f"{p[0]}-{p[1]}")
@pytest.mark.parametrize("op", BINARY)
def test_binary_matches_torch(op, pair, device):
    x, y = pair_values(*pair)
    if op == "pow" and x.dtype.kind in "iu" and y.dtype.kind in "iu":
        y = (np.abs(y.astype(np.int64)) % 4).astype(y.dtype)
    compare_on(device, lambda m, a, b: getattr(m, op)(a, b), x, y)


@pytest.mark.parametrize("op", ["add", "mul", "sub", "div", "pow", "maximum", "lt", "remainder"])
@pytest.mark.parametrize("scalar", [2, -1.5, True, 0.25])
def test_binary_with_scalars(op, scalar, device):
    for dtype in ("float32", "int64", "uint8", "float64"):
        x = np.abs(values(dtype)) if op == "pow" and dtype[0] in "iu" else values(dtype)
        if op == "pow" and dtype[0] in "iu" and isinstance(scalar, int) and scalar < 0:
            continue
        compare_on(device, lambda m, a, s=scalar: getattr(m, op)(a, s), x)
        if op not in ("pow", "remainder", "div") or dtype.startswith("float"):
            compare_on(
                device, lambda m, a, s=scalar: getattr(m, op)(s, a) if op != "lt" else a > s, x
            )


def test_zero_dim_tensors_count_by_category(device):
    compare_on(device, lambda m, a, b: a + b, np.array([1, 2], dtype=np.int32), np.array(5.0))
    compare_on(device, lambda m, a, b: a + b, np.array([1, 2], dtype=np.int32), np.array(5))
    compare_on(device, lambda m, a, b: a + b, np.array([1.0], dtype=np.float16), np.array(5.0))
    compare_on(device, lambda m, a, b: a * b, np.array([1, 2], dtype=np.uint8), np.array(-1))


@pytest.mark.parametrize(
    "shapes",
    [
        ((2, 3), (3,)),
        ((2, 1), (1, 3)),
        ((4, 1, 3), (2, 1)),
        ((), (2, 2)),
        ((0, 3), (3,)),
        ((2, 3), (2, 3)),
    ],
)
def test_broadcasting(shapes, device):
    rng = np.random.default_rng(0)
    a = rng.standard_normal(shapes[0]).astype(np.float32)
    b = rng.standard_normal(shapes[1]).astype(np.float32)
    for op in ("add", "mul", "maximum", "gt", "atan2"):
        compare_on(device, lambda m, x, y, op=op: getattr(m, op)(x, y), a, b)


def test_broadcast_error():
    with pytest.raises(RuntimeError, match="must match the size"):
        nt.ones(2, 3) + nt.ones(3, 2)


def test_non_contiguous_binary(device):
    base = np.arange(24, dtype=np.float64).reshape(4, 6) - 10
    compare_on(device, lambda m, x: x.t() * x.t(), base)
    compare_on(device, lambda m, x: x[::2, 1::2] - x[1::2, ::2], base)
    compare_on(device, lambda m, x: x.t()[1:, ::2] * x[::2, :3].t(), base)
    compare_on(device, lambda m, x: x.t() / (x.t() + 100), base)


def test_integer_division_by_zero_raises(device):
    for op in ("floor_divide", "remainder", "fmod"):
        compare_on(
            device, lambda m, a, b, op=op: getattr(m, op)(a, b), np.array([1, 2]), np.array([0, 1])
        )
    compare_on(
        device, lambda m, a, b: m.div(a, b, rounding_mode="trunc"), np.array([1]), np.array([0])
    )
    compare_on(device, lambda m, a, b: a / b, np.array([1, -1, 0]), np.array([0, 0, 0]))


def test_div_rounding_modes(device):
    a = np.array([-7, 7, 0, 9, -9])
    b = np.array([2, -2, 3, 4, 4])
    for mode in (None, "trunc", "floor"):
        compare_on(device, lambda m, x, y, mode=mode: m.div(x, y, rounding_mode=mode), a, b)
        compare_on(
            device,
            lambda m, x, y, mode=mode: m.div(x, y, rounding_mode=mode),
            a.astype(np.float32) + 0.5,
            b.astype(np.float32),
        )
    with pytest.raises(RuntimeError):
        nt.div(nt.ones(1), 2, rounding_mode="round")


def test_pow_special_cases(device):
    compare_on(
        device, lambda m, a, b: a**b, np.array([2, 3, 1, -1, -2]), np.array([-1, 2, -3, -3, 3])
    )
    compare_on(device, lambda m, a: a**-1, np.array([2, 3]))
    compare_on(device, lambda m, a: 2**a, np.array([1, 2]))
    compare_on(device, lambda m, a: a**2.0, np.array([2, 3]))
    compare_on(device, lambda m, a: a**0.5, np.array([0.0, 2.0, -1.0], dtype=np.float32))
    compare_on(device, lambda m, a: 2.0**a, np.array([0.5, -1.0], dtype=np.float32))
    compare_on(device, lambda m, a: a.pow(3), np.array([200], dtype=np.uint8))


def test_add_sub_alpha(device):
    compare_on(device, lambda m, a, b: m.sub(a, b, alpha=2), np.array([1, 2]), np.array([1, 1]))
    compare_on(device, lambda m, a: m.add(a, 1, alpha=0.5), np.array([1.0, 2.0], dtype=np.float32))
    compare_on(device, lambda m, a: m.add(a, 1, alpha=0.5), np.array([1, 2]))
    compare_on(device, lambda m, a, b: a.add(b, alpha=-1), np.array([1.0]), np.array([3.0]))


def test_bool_arithmetic_and_uint8_wrap(device):
    compare_on(device, lambda m, a, b: a + b, np.array([True, False]), np.array([True, True]))
    compare_on(device, lambda m, a, b: a * 3, np.array([True, False]), np.array([True]))
    compare_on(device, lambda m, a, b: a - b, np.array([True]), np.array([True]))
    compare_on(device, lambda m, a: a + 100, np.array([200], dtype=np.uint8))
    compare_on(device, lambda m, a: -a, np.array([True]))
    compare_on(device, lambda m, a, b: a & b, np.array([3]), np.array([True]))
    compare_on(device, lambda m, a, b: a | b, np.array([True, False]), np.array([False, False]))
    compare_on(
        device, lambda m, a, b: a ^ b, np.array([5, 6], dtype=np.int16), np.array([3, 3], np.int16)
    )
    compare_on(device, lambda m, a: ~a, np.array([True, False]))
    compare_on(device, lambda m, a: ~a, np.array([0, 5], dtype=np.int8))
    compare_on(device, lambda m, a, b: a & b, np.array([3.0]), np.array([1.0]))


@pytest.mark.parametrize("bounds", [(-0.5, 0.5), (None, 0.2), (-0.2, None), (2, 1), (0, None)])
def test_clamp_scalar_bounds(bounds, device):
    lo, hi = bounds
    for dtype in ("float32", "float64", "int64", "int16", "float16"):
        compare_on(device, lambda m, x: m.clamp(x, lo, hi), values(dtype))
        compare_on(
            device,
            lambda m, x: x.clamp(min=lo, max=hi) if lo is not None or hi is not None else x,
            values(dtype),
        )
    compare_on(device, lambda m, x: m.clip(x, lo, hi), values("float32"))


def test_clamp_tensor_bounds_and_errors(device):
    x = np.linspace(-2, 2, 12, dtype=np.float32).reshape(3, 4)
    lo = np.array([-1.0, 0.0, -0.5, 1.0], dtype=np.float32)
    compare_on(device, lambda m, a, b: m.clamp(a, min=b), x, lo)
    compare_on(device, lambda m, a, b: m.clamp(a, max=b), x, lo)
    compare_on(device, lambda m, a, b: m.clamp(a, b, b + 0.5), x, lo)
    compare_on(device, lambda m, a: m.clamp(a), x)
    compare_on(device, lambda m, a: m.clamp(a, 0.5, 1.5), np.array([1, 2]))
    compare_on(device, lambda m, a: m.clamp(a, 0, 1), np.array([True]))


def test_where_and_lerp(device):
    c = np.array([True, False, True])
    a = np.array([1.0, 2.0, 3.0], dtype=np.float32)
    b = np.array([10, 20, 30])
    compare_on(device, lambda m, cc, x, y: m.where(cc, x, y), c, a, b)
    compare_on(device, lambda m, cc, x: m.where(cc, x, 0.0), c, b)
    compare_on(device, lambda m, cc, x: m.where(cc, x, 0), c, a)
    compare_on(device, lambda m, cc, x: m.where(cc.reshape(3, 1), x, -x), c, a)
    compare_on(device, lambda m, cc, x: x.where(cc, 5.0), c, a)
    compare_on(device, lambda m, x, y: m.lerp(x, y, 0.75), a, a * 3)
    compare_on(device, lambda m, x, y: m.lerp(x, y, 0.25), a, a * 3)
    compare_on(device, lambda m, x, y: m.lerp(x, y, y / 40), a, a * 3)
    compare_on(device, lambda m, x, y: m.lerp(x, y, 0.5), b, b)


def test_comparisons_and_closeness(device):
    a = np.array([1.0, 2.0, np.nan, 4.0], dtype=np.float32)
    b = np.array([1.0, 2.5, np.nan, 4.0 + 1e-6], dtype=np.float32)
    compare_on(device, lambda m, x, y: m.isclose(x, y), a, b)
    compare_on(device, lambda m, x, y: m.isclose(x, y, equal_nan=True), a, b)
    assert nt.allclose(nt.tensor([1.0, 2.0]), nt.tensor([1.0, 2.0 + 1e-7]))
    assert not nt.allclose(nt.tensor([1.0]), nt.tensor([1.1]))
    assert nt.equal(nt.tensor([1, 2]), nt.tensor([1, 2]))
    assert not nt.equal(nt.tensor([1, 2]), nt.tensor([1, 2, 3]))
    compare_on(device, lambda m, x: x == 1.0, a)
    compare_on(device, lambda m, x: x != 2, a)
    compare_on(device, lambda m, x: x > 2, a)
    assert (nt.tensor([1]) == None) is False  # noqa: E711


def test_reflected_operators(device):
    a = np.array([1.0, 2.0, 4.0], dtype=np.float32)
    for fn in (
        lambda m, x: 1 - x,
        lambda m, x: 2**x,
        lambda m, x: 10 * x,
        lambda m, x: 1 / x,
        lambda m, x: 7 // x,
        lambda m, x: 7 % x,
        lambda m, x: 3 + x,
        lambda m, x: -x,
        lambda m, x: abs(-x),
        lambda m, x: +x,
    ):
        compare_on(device, fn, a)


def test_aliases():
    a = np.array([1.0, -2.0], dtype=np.float32)
    b = np.array([3.0, 4.0], dtype=np.float32)
    for name in (
        "subtract",
        "multiply",
        "divide",
        "true_divide",
        "greater",
        "less_equal",
        "not_equal",
        "arctan2",
    ):
        compare(lambda m, x, y, name=name: getattr(m, name)(x, y), a, b)
    for name in ("negative", "absolute", "fix", "arctan"):
        compare(lambda m, x, name=name: getattr(m, name)(x), a)


@pytest.mark.parametrize("dtype", ["float32", "float64", "int32", "int64", "float16", "uint8"])
def test_operator_fast_path_agrees_with_torch(dtype):
    x = values(dtype)
    y = x[::-1].copy()
    if dtype[0] in "iu":
        y[y == 0] = 1
    for fn in (
        lambda m, a, b: a + b,
        lambda m, a, b: a - b,
        lambda m, a, b: a * b,
        lambda m, a, b: a / b,
        lambda m, a, b: a + 2,
        lambda m, a, b: a - 2.5,
        lambda m, a, b: 3 - a,
        lambda m, a, b: a * 0.5,
        lambda m, a, b: a / 0.0,
        lambda m, a, b: 1 / b,
        lambda m, a, b: 2.0 + a,
        lambda m, a, b: a * True,
    ):
        compare(fn, x, y)


def test_fast_path_keeps_autograd_and_big_sizes_correct():
    a = nt.ones(3, requires_grad=True)
    assert (a * 2.0).grad_fn is not None and (a + a).requires_grad
    big = np.linspace(-1, 1, 100_000, dtype=np.float32)
    compare(lambda m, x: x * x + x / 3.0 - 1.5, big)


@pytest.mark.parametrize("dtype", ["float32", "float64"])
@pytest.mark.parametrize(
    "bounds", [{"min": 0}, {"max": 0.5}, {"min": -1, "max": 1}, {"min": 1, "max": -1}]
)
def test_clamp_and_pow_with_number_arguments_match_torch(bounds, dtype):
    from tests.conftest import torch

    a = np.array([[-2.0, -0.5, 0.0, 0.25], [0.75, 1.5, np.inf, -np.inf]])
    results = []
    for m in (nt, torch):
        x = m.tensor(a, dtype=getattr(m, dtype), requires_grad=True)
        y = x.clamp(**bounds)
        z = x.t().clamp(**bounds)  # a transposed input takes the general path
        (y.pow(2) + x.pow(3)).sum().backward()
        results.append((y.detach().numpy(), z.detach().numpy(), x.grad.numpy(), str(y.dtype)[-7:]))
    for got, want in zip(*results):
        np.testing.assert_array_equal(got, want)  # (NaN where torch has NaN)


def test_float32_exp_is_at_least_as_accurate_as_torchs():
    # the float32 exp is numtensor's own vectorised one: compare with the correctly rounded
    # result over a sweep of the whole float32 range (every 997th bit pattern, both signs)
    bits = np.arange(0, 0x7F800000, 997, dtype=np.uint32).view(np.float32)
    x = np.concatenate([bits, -bits])
    with np.errstate(over="ignore"):
        exact = np.exp(x.astype(np.float64)).astype(np.float32)

    def ulps(got):
        return np.abs(got.view(np.int32).astype(np.int64) - exact.view(np.int32).astype(np.int64))

    ours = ulps(nt.from_numpy(x).exp().numpy())
    theirs = ulps(torch.from_numpy(x).exp().numpy())
    assert ours.max() <= 1 and (ours > 0).sum() <= (theirs > 0).sum()


def test_float32_exp_edges_and_sigmoid():
    edges = [np.nan, np.inf, -np.inf, 0.0, -0.0, 88.72283, 88.7228394, 88.73, -87.33, -100.0]
    edges += [-103.972, -103.98, -104.0, -200.0, 1e-8, -1e-8, 1e-45, 20.5, -20.5]
    x = np.array(edges, np.float32)
    for dtype in (np.float32, np.float64):
        assert_same(nt.from_numpy(x.astype(dtype)).exp(), torch.from_numpy(x.astype(dtype)).exp())
    check(lambda m: m.tensor(x).sigmoid(), exact=False, check_repr=False)
    long = np.linspace(-120, 100, 5000, dtype=np.float32)  # the parallel kernel too
    check(lambda m: m.tensor(long).exp(), exact=False, check_repr=False)
