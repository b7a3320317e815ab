"""addmm, and linear built on it: values, dtypes, layouts, errors and graph shape as torch's."""

import numpy as np
import pytest

import numtensor as nt
from tests.conftest import torch

RNG = np.random.default_rng(5)


def _f(*shape, dtype=np.float32):
    return RNG.standard_normal(shape).astype(dtype)


def _both(fn, *arrays, grad=True):
    """fn(module, *tensors) in numtensor and torch: same values, dtype, grads and strides."""
    results = []
    for m in (nt, torch):
        ts = [m.tensor(a, requires_grad=grad and a.dtype.kind == "f") for a in arrays]
        results.append((ts, fn(m, *ts)))
    (nts, nout), (tts, tout) = results
    assert str(nout.dtype).split(".")[-1] == str(tout.dtype).split(".")[-1]
    assert tuple(nout.shape) == tuple(tout.shape)
    tol = 2e-3 if tout.dtype == torch.float16 else 1e-5
    np.testing.assert_allclose(nout.detach().numpy(), tout.detach().numpy(), rtol=tol, atol=tol)
    if grad and tout.requires_grad:
        seed = RNG.standard_normal(tuple(tout.shape)).astype(arrays[0].dtype)
        nout.backward(nt.tensor(seed))
        tout.backward(torch.tensor(seed))
        for a, b in zip(nts, tts):
            if b.requires_grad:
                np.testing.assert_allclose(a.grad.numpy(), b.grad.numpy(), rtol=1e-5, atol=1e-5)
                assert a.grad.stride() == b.grad.stride()
    return nout, tout


@pytest.mark.parametrize(
    "shapes, kwargs",
    [
        (((4,), (2, 3), (3, 4)), {}),
        (((4,), (2, 3), (3, 4)), {"beta": 0.5, "alpha": 2}),
        (((2, 1), (2, 3), (3, 4)), {"beta": -1.5}),
        (((1,), (2, 3), (3, 4)), {}),
        (((), (2, 3), (3, 4)), {}),
        (((2, 4), (2, 3), (3, 4)), {"alpha": 0.25}),
        (((4,), (2, 0), (0, 4)), {}),
        (((4,), (0, 3), (3, 4)), {}),
        (((4,), (1, 3), (3, 4)), {}),
    ],
)
@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_addmm_matches_torch(shapes, kwargs, dtype):
    arrays = [_f(*s, dtype=dtype) for s in shapes]
    nout, tout = _both(lambda m, c, a, b: m.addmm(c, a, b, **kwargs), *arrays)
    assert nout.grad_fn.name() == tout.grad_fn.name() == "AddmmBackward0"


def test_addmm_transposed_operands_get_gradients_laid_out_like_them():
    _both(lambda m, c, a, b: m.addmm(c, a.t(), b.t()), _f(4), _f(3, 2), _f(4, 3))


def test_addmm_beta_zero_ignores_nan_input():
    nout, _ = _both(
        lambda m, c, a, b: m.addmm(c, a, b, beta=0),
        np.full(4, np.nan, np.float32),
        _f(2, 3),
        _f(3, 4),
    )
    assert not nout.isnan().any()


@pytest.mark.parametrize("beta, alpha", [(2, 3), (2.5, 1.5), (1, 1.5)])
def test_addmm_integers_take_integer_factors(beta, alpha):
    arrays = (np.ones(4, np.int64), np.ones((2, 3), np.int64), np.ones((3, 4), np.int64))
    _both(lambda m, c, a, b: m.addmm(c, a, b, beta=beta, alpha=alpha), *arrays)


def test_addmm_float16_rounds_once():
    arrays = [_f(4).astype(np.float16), _f(2, 3).astype(np.float16), _f(3, 4).astype(np.float16)]
    nout, tout = _both(lambda m, c, a, b: m.addmm(c, a, b), *arrays, grad=False)
    np.testing.assert_array_equal(nout.numpy(), tout.numpy())


def test_addmm_method_inplace_and_out():
    c, a, b = _f(2, 4), _f(2, 3), _f(3, 4)
    results = []
    for m in (nt, torch):
        x = m.tensor(c)
        x.addmm_(m.tensor(a), m.tensor(b), alpha=2)
        out = m.empty(0)
        m.addmm(m.tensor(c[0]), m.tensor(a), m.tensor(b), out=out)
        results.append(
            (x.numpy(), out.numpy(), m.tensor(c).addmm(m.tensor(a), m.tensor(b)).numpy())
        )
    for got, want in zip(*results):
        np.testing.assert_allclose(got, want, rtol=1e-5, atol=1e-6)


@pytest.mark.parametrize(
    "make",
    [
        lambda m: m.addmm(m.randn(4), m.randn(2, 3), m.randn(4, 4)),
        lambda m: m.addmm(m.randn(3), m.randn(2, 3), m.randn(3, 4)),
        lambda m: m.randn(4).addmm_(m.randn(2, 3), m.randn(3, 4)),
        lambda m: m.addmm(m.randn(4), m.randn(2, 3).double(), m.randn(3, 4)),
        lambda m: m.addmm(m.randn(4).double(), m.randn(2, 3), m.randn(3, 4)),
        lambda m: m.addmm(m.randn(4), m.randn(3), m.randn(3, 4)),
        lambda m: m.addmm(m.randn(4), m.randn(2, 3), m.randn(3)),
        lambda m: m.addmm(m.ones(4).bool(), m.ones(2, 3).bool(), m.ones(3, 4).bool()),
    ],
)
def test_addmm_errors_match_torch(make):
    with pytest.raises(Exception) as want:
        make(torch)
    with pytest.raises(type(want.value)) as got:
        make(nt)
    assert str(got.value) == str(want.value)


@pytest.mark.parametrize("shape", [(3,), (2, 3), (5, 2, 3), (0, 3), (1, 3)])
def test_linear_is_addmm_as_in_torch(shape):
    arrays = (_f(*shape), _f(4, 3), _f(4))
    nout, tout = _both(lambda m, x, w, b: m.nn.functional.linear(x, w, b), *arrays)
    assert nout.grad_fn.name() == tout.grad_fn.name()
    names = [type(f).__name__ if f is not None else None for f, _ in nout.grad_fn.next_functions]
    want = [type(f).__name__ if f is not None else None for f, _ in tout.grad_fn.next_functions]
    assert names == want


def test_linear_without_bias_and_with_a_full_bias():
    _both(lambda m, x, w: m.nn.functional.linear(x, w), _f(5, 3), _f(4, 3))
    _both(lambda m, x, w, b: m.nn.functional.linear(x, w, b), _f(5, 3), _f(4, 3), _f(5, 4))


def test_linear_dtype_errors_match_torch():
    for args in [((2, 3), (4, 3), (4,), 0), ((2, 3), (4, 3), (4,), 1), ((2, 3), (4, 3), (4,), 2)]:
        *shapes, wide = args
        errors = []
        for m in (nt, torch):
            ts = [m.randn(*s) for s in shapes]
            ts[wide] = ts[wide].double()
            with pytest.raises(RuntimeError) as info:
                m.nn.functional.linear(*ts)
            errors.append(str(info.value))
        assert errors[0] == errors[1]


NODE_EDGES = {
    "add": lambda m, x: x + 2,
    "radd": lambda m, x: 2 + x,
    "rmul": lambda m, x: 3 * x,
    "sub": lambda m, x: x - 1,
    "rsub": lambda m, x: 1 - x,
    "rdiv": lambda m, x: 2 / x,
    "pow": lambda m, x: x**2,
    "rpow": lambda m, x: 2**x,
    "maximum": lambda m, x: m.maximum(x, m.ones(2)),
    "clamp": lambda m, x: x.clamp(0, 1),
    "clamp_tensor": lambda m, x: x.clamp(m.zeros(2)),
    "where": lambda m, x: m.where(x > 0, x, x),
    "lerp": lambda m, x: m.lerp(x, x, 0.5),
    "fmod": lambda m, x: m.fmod(x, 0.7),
    "index": lambda m, x: x[m.tensor([0, 1])],
    "gather": lambda m, x: x.gather(0, m.tensor([1, 0])),
    "sum_dim": lambda m, x: x.sum(0),
    "view": lambda m, x: x.view(2, 1),
    "cat": lambda m, x: m.cat([x, x]),
    "masked_fill": lambda m, x: x.masked_fill(x > 0, 0.0),
}


@pytest.mark.parametrize("name", sorted(NODE_EDGES))
def test_next_functions_have_torchs_edges(name):
    # one edge per tensor argument of the op's schema (numbers of add/sub/mul/div included),
    # none for dims, shapes, integer indices or a condition
    counts = []
    for m in (nt, torch):
        x = m.ones(2, requires_grad=True)
        counts.append(len(NODE_EDGES[name](m, x).grad_fn.next_functions))
    assert counts[0] == counts[1]


def test_linear_on_each_device_matches_torch(device):
    x, w, b = _f(3, 5), _f(4, 5), _f(4)
    grads = []
    for m, kw in ((nt, {"device": device}), (torch, {})):
        ts = [m.tensor(a, requires_grad=True, **kw) for a in (x, w, b)]
        out = m.nn.functional.linear(*ts)
        (out * out).sum().backward()
        grads.append([out.detach().cpu().numpy()] + [t.grad.cpu().numpy() for t in ts])
        if m is nt:
            assert out.device.type == device and ts[1].grad.device.type == device
    for got, want in zip(*grads):
        np.testing.assert_allclose(got, want, rtol=1e-5, atol=1e-5)
