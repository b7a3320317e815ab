"""The long tail of special elementwise ops: erfinv, i0, igamma/igammac, nextafter, gcd/lcm
(kernels from kernels/special.py), frexp, mvlgamma, polygamma_, sgn_, and hardshrink/prelu
as Tensor methods; against torch on every dtype, with float64 gradient checks."""

import numpy as np
import pytest

import numtensor as nt
from tests.conftest import torch
from tests.test_pointwise import DTYPES, compare, compare_on, values

WIDE = np.array([-0.999, -0.5, -1e-8, 0.0, -0.0, 0.3, 0.75, 0.9999999, 1.0, -1.0, 1.5, np.nan])


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("op", ["erfinv", "i0"])
def test_unary_matches_torch_on_every_dtype(op, dtype):
    compare(lambda m, x: getattr(m, op)(x), values(dtype))
    compare(lambda m, x: getattr(x, op)(), values(dtype))


@pytest.mark.parametrize("dtype", ["float32", "float64"])
def test_erfinv_over_its_domain(dtype):
    compare(lambda m, x: m.erfinv(x), WIDE.astype(dtype), tol=dict(rtol=1e-6, atol=1e-7))
    tails = 1 - np.logspace(-15, -1, 30)
    compare(lambda m, x: m.erfinv(x), np.concatenate([tails, -tails]), tol=dict(rtol=1e-12))


@pytest.mark.parametrize("dtype", ["float32", "float64"])
def test_i0_over_a_wide_range(dtype):
    x = np.array([0, 1e-4, 1, 5, 15, 29.9, 30, 31, 80, 300, 700, -45, np.inf, -np.inf, np.nan])
    tol = dict(rtol=1e-5) if dtype == "float32" else dict(rtol=1e-13)
    compare(lambda m, x: m.i0(x), x.astype(dtype), tol=tol)


def test_in_place_forms_and_out():
    for op in ("erfinv", "i0"):
        a = np.array([0.1, -0.4, 0.8], np.float32)
        x = nt.tensor(a)
        getattr(x, op + "_")()
        np.testing.assert_allclose(x.numpy(), getattr(torch.tensor(a), op)().numpy(), rtol=1e-6)
        out = nt.empty(0)
        getattr(nt, op)(nt.tensor(a), out=out)
        np.testing.assert_allclose(out.numpy(), x.numpy())
    with pytest.raises(RuntimeError):
        nt.tensor([1, 2]).erfinv_()  # (a float result into an int tensor)


def test_erfinv_and_i0_noncontiguous_zero_size_zero_dim():
    a = np.linspace(-0.9, 0.9, 12).reshape(3, 4).astype(np.float32)
    compare(lambda m, x: m.erfinv(x.t()), a)
    compare(lambda m, x: m.i0(x[:, ::2]), a * 10)
    compare(lambda m, x: m.erfinv(x), np.zeros((0, 3), np.float32))
    compare(lambda m, x: m.i0(x), np.array(2.5, np.float64))


@pytest.mark.parametrize("op", ["erfinv", "i0"])
def test_unary_gradients_match_torch(op):
    a = np.array([0.3, -0.6, 0.05, 0.9])
    x = nt.tensor(a, requires_grad=True)
    getattr(x, op)().sum().backward()
    ref = torch.tensor(a, requires_grad=True)
    getattr(ref, op)().sum().backward()
    np.testing.assert_allclose(x.grad.numpy(), ref.grad.numpy(), rtol=1e-10)
    y = nt.tensor(a, requires_grad=True)
    assert nt.autograd.gradcheck(getattr(nt, op), (y,))
    assert type(getattr(y, op)().grad_fn).__name__ == type(getattr(ref, op)().grad_fn).__name__


A = np.array([1.0, 2, 0.5, 0, 0, -1, 3, np.inf, 1, 100, 1000, 0.01, 50, np.nan, 7.5])
X = np.array([1.0, 3, 0.1, 0, 1, 1, -1, 1, np.inf, 90, 1010, 3, 49, 1, 0.2])


@pytest.mark.parametrize("op", ["igamma", "igammac"])
@pytest.mark.parametrize("dtype", ["float32", "float64"])
def test_incomplete_gamma_matches_torch(op, dtype):
    # (PyTorch computes float32 in float32: near a = x = 1000 it is 1e-4 off; numtensor
    # computes in float64 and rounds)
    tol = dict(rtol=2e-4, atol=1e-6) if dtype == "float32" else dict(rtol=1e-9, atol=1e-12)
    compare(lambda m, a, x: getattr(m, op)(a, x), A.astype(dtype), X.astype(dtype), tol=tol)
    compare(lambda m, a, x: getattr(a, op)(x), A.astype(dtype), X.astype(dtype), tol=tol)
    # broadcasting, mixed float dtypes
    compare(lambda m, a, x: getattr(m, op)(a[:, None], x.double()), A[:4].astype(dtype),
            X[:3].astype(dtype), tol=tol)  # fmt: skip


@pytest.mark.parametrize("op", ["igamma", "igammac"])
def test_incomplete_gamma_errors_and_in_place(op):
    for dtype in ("int64", "bool", "int32"):
        compare(lambda m, a, x: getattr(m, op)(a, x), values(dtype), values(dtype))
    with pytest.raises(TypeError):
        getattr(nt, op)(nt.tensor([1.0]), 2.0)
    a = nt.tensor([1.5, 2.0])
    getattr(a, op + "_")(nt.tensor([0.5, 4.0]))
    expected = getattr(torch.tensor([1.5, 2.0]), op)(torch.tensor([0.5, 4.0]))
    np.testing.assert_allclose(a.numpy(), expected.numpy(), rtol=1e-6)


@pytest.mark.parametrize("op", ["igamma", "igammac"])
def test_incomplete_gamma_gradient(op):
    a = nt.tensor([1.3, 2.5, 0.7], dtype=nt.float64)
    x = nt.tensor([0.7, 3.1, 2.0], dtype=nt.float64, requires_grad=True)
    assert nt.autograd.gradcheck(lambda v: getattr(nt, op)(a, v), (x,))
    ta = torch.tensor([1.3, 2.5, 0.7], dtype=torch.float64)
    tx = torch.tensor([0.7, 3.1, 2.0], dtype=torch.float64, requires_grad=True)
    getattr(torch, op)(ta, tx).sum().backward()
    getattr(nt, op)(a, x).sum().backward()
    np.testing.assert_allclose(x.grad.numpy(), tx.grad.numpy(), rtol=1e-10)
    # the derivative in the first argument is PyTorch's NotImplementedError
    b = nt.tensor([1.0], requires_grad=True)
    with pytest.raises(NotImplementedError):
        getattr(nt, op)(b, nt.tensor([1.0])).sum().backward()


@pytest.mark.parametrize("dtype", DTYPES)
def test_gcd_lcm_on_every_dtype(dtype):
    a = values(dtype)
    b = a[::-1].copy()
    for op in ("gcd", "lcm"):
        compare(lambda m, x, y, op=op: getattr(m, op)(x, y), a, b)


def test_gcd_lcm_values_and_forms():
    a = np.array([12, -4, 0, 0, -7, 36, 2**40])
    b = np.array([18, 6, 0, 5, 3, -24, 2**20])
    for op in ("gcd", "lcm"):
        compare(lambda m, x, y, op=op: getattr(m, op)(x, y), a, b)
        compare(lambda m, x, y, op=op: getattr(x, op)(y), a, b)
        compare(lambda m, x, y, op=op: getattr(m, op)(x[:, None], y), a[:3], b)
        compare(lambda m, x, y, op=op: getattr(m, op)(x.int(), y.short()), a[:6], b[:6])
        x = nt.tensor(a.copy())
        getattr(x, op + "_")(nt.tensor(b))
        np.testing.assert_array_equal(
            x.numpy(), getattr(torch, op)(torch.tensor(a), torch.tensor(b))
        )
        with pytest.raises(TypeError):
            getattr(nt, op)(nt.tensor([4]), 2)
    compare(lambda m, x, y: m.gcd(x, y), np.array([-128, 12], np.int8), np.array([0, 18], np.int8))


def test_nextafter_matches_torch():
    a = np.array([1.0, 0.0, -0.0, 1.0, -1.0, np.inf, 3.0, np.nan, 1e-45, 2.0, 0.5])
    b = np.array([2.0, -1.0, 1.0, 1.0, -2.0, 0.0, np.inf, 1.0, 0.0, 1.0, 0.0])
    for dtype in ("float16", "float32", "float64"):
        compare(lambda m, x, y: m.nextafter(x, y), a.astype(dtype), b.astype(dtype),
                tol=dict(rtol=0, atol=0))  # fmt: skip
        compare(lambda m, x, y: x.nextafter(y), a.astype(dtype), b.astype(dtype),
                tol=dict(rtol=0, atol=0))  # fmt: skip
    compare(lambda m, x, y: m.nextafter(x, y), a.astype(np.float32), b.astype(np.float64),
            tol=dict(rtol=0, atol=0))  # fmt: skip
    compare(lambda m, x, y: m.nextafter(x, y), values("int64"), values("int64"))
    with pytest.raises(TypeError):
        nt.nextafter(nt.tensor([1.0]), 2.0)
    x = nt.tensor([1.0, 2.0])
    x.nextafter_(nt.tensor([2.0, 1.0]))
    assert (
        x.numpy().tolist() == torch.tensor([1.0, 2.0]).nextafter_(torch.tensor([2.0, 1.0])).tolist()
    )


def test_frexp_matches_torch():
    a = np.array([0.0, -0.0, 1, 8, -3.5, np.inf, -np.inf, np.nan, 1e-310, 0.75, 1e300, -5e-324])
    for dtype in ("float16", "float32", "float64"):
        with np.errstate(over="ignore", under="ignore"):
            x = a.astype(dtype)
        m, e = nt.frexp(nt.tensor(x))
        tm, te = torch.frexp(torch.tensor(x))
        np.testing.assert_array_equal(m.numpy(), tm.numpy())
        np.testing.assert_array_equal(e.numpy(), te.numpy())
        assert e.dtype is nt.int32 and str(m.dtype).split(".")[1] == dtype
        assert np.array_equal(np.signbit(m.numpy()), np.signbit(tm.numpy()))
    r = nt.tensor([[4.0, 3.0], [0.1, 9.0]]).t().frexp()
    t = torch.tensor([[4.0, 3.0], [0.1, 9.0]]).t().frexp()
    assert type(r).__name__ == "frexp" and r.mantissa.shape == (2, 2)
    np.testing.assert_array_equal(r.exponent.numpy(), t.exponent.numpy())
    with pytest.raises(RuntimeError):
        nt.frexp(nt.tensor([1, 2]))
    assert nt.frexp(nt.zeros(0, 3)).exponent.shape == (0, 3)


def test_mvlgamma_matches_torch():
    x = np.array([2.5, 3.0, 10.0, 1.2, 0.5])
    for p in (1, 2, 3, 5):
        compare(lambda m, t, p=p: m.mvlgamma(t, p), x.astype(np.float32))
        compare(lambda m, t, p=p: t.mvlgamma(p), x)
    compare(lambda m, t: m.mvlgamma(t, 2), np.array([3, 4, 7]))
    with pytest.raises(RuntimeError):
        nt.mvlgamma(nt.tensor([3.0]), 0)
    y = nt.tensor([4.5, 3.0])
    y.mvlgamma_(3)
    np.testing.assert_allclose(y.numpy(), torch.tensor([4.5, 3.0]).mvlgamma_(3).numpy(), rtol=1e-6)
    with pytest.raises(RuntimeError):
        nt.tensor([3, 4]).mvlgamma_(2)
    v = nt.tensor([3.5, 4.25], dtype=nt.float64, requires_grad=True)
    assert nt.autograd.gradcheck(lambda t: nt.mvlgamma(t, 3), (v,))


def test_polygamma_and_sgn_in_place():
    for n in (0, 1):
        x = nt.tensor([1.5, 0.3, 4.0])
        x.polygamma_(n)
        np.testing.assert_allclose(
            x.numpy(), torch.tensor([1.5, 0.3, 4.0]).polygamma_(n).numpy(), rtol=1e-5
        )
    with pytest.raises(RuntimeError):
        nt.tensor([1, 2]).polygamma_(1)
    s = nt.tensor([-1.5, 0.0, 2.0])
    assert s.sgn_() is s and s.tolist() == [-1.0, 0.0, 1.0]


def test_hardshrink_and_prelu_methods():
    a = np.array([-1.5, -0.2, 0.0, 0.4, 2.0], np.float32)
    compare(lambda m, x: x.hardshrink(), a)
    compare(lambda m, x: x.hardshrink(1.0), a)
    compare(lambda m, x: x.prelu(m.tensor([0.25])), a)
    b = np.arange(12, dtype=np.float32).reshape(2, 3, 2) - 6
    compare(lambda m, x: x.prelu(m.tensor([0.1, 0.2, 0.3])), b)
    compare(lambda m, x: x.prelu(m.tensor([0.1, 0.2])), b)  # (RuntimeError, as torch)
    x = nt.tensor(b.astype(np.float64) + 0.5, requires_grad=True)
    w = nt.tensor([0.1, 0.2, 0.3], dtype=nt.float64, requires_grad=True)
    assert nt.autograd.gradcheck(lambda x, w: x.prelu(w), (x, w))
    assert x.hardshrink(0.5).grad_fn.name() == "HardshrinkBackward0"


def test_on_cuda(device):
    compare_on(device, lambda m, x: m.erfinv(x), np.array([0.5, -0.9, 1.0, 2.0], np.float32))
    compare_on(device, lambda m, x: m.i0(x), np.array([0.5, 40.0, -3.0]))
    compare_on(device, lambda m, a, x: m.igamma(a, x), A[:4].astype(np.float32),
               X[:4].astype(np.float32), tol=dict(rtol=1e-5, atol=1e-6))  # fmt: skip
    compare_on(device, lambda m, a, b: m.gcd(a, b), np.array([12, -4, 0]), np.array([18, 6, 0]))
    compare_on(device, lambda m, a, b: m.lcm(a, b), np.array([12, -4, 0]), np.array([18, 6, 0]))
    compare_on(device, lambda m, a, b: m.nextafter(a, b), np.array([1.0, 0.0]),
               np.array([2.0, -1.0]), tol=dict(rtol=0, atol=0))  # fmt: skip
