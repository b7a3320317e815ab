"""scatter_reduce, index_reduce, masked_scatter, put and the *_scatter family against torch:
values (NaN included), dtypes, shapes, errors, in-place forms and gradients."""

import warnings

import numpy as np
import pytest

import numtensor as nt
from tests.conftest import torch

REDUCTIONS = ["sum", "prod", "mean", "amax", "amin"]


def _both(fn, *arrays, grad=False):
    """fn(module, *tensors) on both libraries: same error class, or same dtype, shape and
    values (NaN equal)."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            expected = fn(torch, *(torch.tensor(a) for a in arrays))
    except Exception as exc:
        with pytest.raises(type(exc)):
            fn(nt, *(nt.tensor(a) for a in arrays))
        return None
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        got = fn(nt, *(nt.tensor(a) for a in arrays))
    assert str(got.dtype).split(".")[1] == str(expected.dtype).split(".")[1]
    assert tuple(got.shape) == tuple(expected.shape)
    np.testing.assert_allclose(
        got.detach().numpy().astype(np.float64),
        expected.detach().numpy().astype(np.float64),
        rtol=1e-6,
        equal_nan=True,
    )
    return got


X = np.array([1.0, 2, 3, 4])
IDX = np.array([0, 0, 2, 2, 2])
SRC = np.array([5.0, np.nan, -1, 7, 2])


@pytest.mark.parametrize("include_self", [True, False])
@pytest.mark.parametrize("reduce", REDUCTIONS)
def test_scatter_reduce_values(reduce, include_self):
    def fn(m, x, i, s):
        return x.scatter_reduce(0, i, s, reduce, include_self=include_self)

    _both(fn, X, IDX, SRC)
    _both(fn, X.astype(np.float32), IDX, np.array([5.0, 6, -1, 7, 2], np.float32))
    _both(fn, np.array([1, 2, 3, 4]), IDX, np.array([-5, 6, -1, 8, 2]))
    _both(fn, np.array([3, 2, 3, 4], np.int8), IDX, np.array([-5, 6, -1, 8, 2], np.int8))
    _both(fn, np.array([True, False, False]), np.array([0, 1, 1]), np.array([False, True, False]))
    _both(
        lambda m, x, i, s: m.scatter_reduce(x, 1, i, s, reduce, include_self=include_self),
        np.arange(6.0).reshape(2, 3),
        np.array([[0, 0], [2, 1]]),
        np.array([[1.0, 5, 9], [7, 0, 2]]),
    )


def test_scatter_reduce_layouts_shapes_and_errors():
    a = np.arange(12.0).reshape(3, 4)
    _both(lambda m, x, i, s: x.t().scatter_reduce(0, i, s.t(), "amax"), a, np.array([[0, 3, 3]]),
          np.arange(12.0).reshape(3, 4))  # fmt: skip
    _both(lambda m, x, i, s: x.scatter_reduce(-1, i, s, "sum"), a, np.zeros((3, 0), np.int64),
          a)  # fmt: skip
    _both(lambda m, x, i, s: x.scatter_reduce(0, i, s, "sum"), np.array(2.0), np.array(0),
          np.array(3.0))  # fmt: skip
    _both(lambda m, x, i, s: x.scatter_reduce(0, i, s, "max"), X, IDX, SRC)
    _both(lambda m, x, i, s: x.scatter_reduce(0, i, s, "min"), X, IDX, SRC)
    _both(lambda m, x, i, s: x.scatter_reduce(0, i, s, "add"), X, IDX, SRC)
    _both(lambda m, x, i, s: x.scatter_reduce(0, i, s.int(), "sum"), X, IDX, SRC)
    _both(lambda m, x, i, s: x.scatter_reduce(0, i + 3, s, "sum"), X, IDX, SRC)
    _both(lambda m, x, i, s: x.scatter_reduce(0, i, s, "mean"), np.array([True]), np.array([0]),
          np.array([False]))  # fmt: skip
    _both(lambda m, x, i, s: x.scatter_reduce(0, i.float(), s, "sum"), X, IDX, SRC)


@pytest.mark.parametrize("reduce", REDUCTIONS)
def test_scatter_reduce_in_place_and_out(reduce):
    x = nt.tensor(X.copy())
    ref = torch.tensor(X.copy())
    assert x.scatter_reduce_(0, nt.tensor(IDX), nt.tensor(SRC), reduce) is x
    ref.scatter_reduce_(0, torch.tensor(IDX), torch.tensor(SRC), reduce)
    np.testing.assert_allclose(x.numpy(), ref.numpy(), equal_nan=True)
    out = nt.empty(0, dtype=nt.float64)
    nt.scatter_reduce(nt.tensor(X), 0, nt.tensor(IDX), nt.tensor(SRC), reduce, out=out)
    np.testing.assert_allclose(out.numpy(), ref.numpy(), equal_nan=True)


A0 = np.array([[1.0, 2, 0.5], [3, 4, 0.0]])
S0 = np.array([[1.0, 5], [7, 0]])
I0 = np.array([[0, 0], [0, 2]])


@pytest.mark.parametrize("include_self", [True, False])
@pytest.mark.parametrize("reduce", REDUCTIONS)
def test_scatter_reduce_gradients_match_torch(reduce, include_self):
    weights = np.array([[1.0, 2, 3], [4, 5, 6]])
    grads = {}
    for m in (nt, torch):
        a = m.tensor(A0, requires_grad=True)
        s = m.tensor(S0, requires_grad=True)
        out = a.scatter_reduce(1, m.tensor(I0), s, reduce, include_self=include_self)
        (out * m.tensor(weights)).sum().backward()
        grads[m] = (a.grad.numpy(), s.grad.numpy(), out.grad_fn.name())
    np.testing.assert_allclose(grads[nt][0], grads[torch][0], rtol=1e-12)
    np.testing.assert_allclose(grads[nt][1], grads[torch][1], rtol=1e-12)
    assert grads[nt][2] == grads[torch][2]


@pytest.mark.parametrize("reduce", REDUCTIONS)
def test_scatter_reduce_gradcheck(reduce):
    a = nt.tensor([[1.0, 2, 0.5], [3, 4, 1.5]], dtype=nt.float64, requires_grad=True)
    s = nt.tensor([[1.25, 5], [7, 0.75]], dtype=nt.float64, requires_grad=True)
    idx = nt.tensor(I0)
    for inc in (True, False):
        assert nt.autograd.gradcheck(
            lambda a, s, inc=inc: a.scatter_reduce(1, idx, s, reduce, include_self=inc), (a, s)
        )


def test_scatter_reduce_in_place_gradient():
    a = nt.tensor(A0, requires_grad=True)
    s = nt.tensor(S0, requires_grad=True)
    y = a * 1
    y.scatter_reduce_(1, nt.tensor(I0), s, "amax")
    y.sum().backward()
    ta = torch.tensor(A0, requires_grad=True)
    ts = torch.tensor(S0, requires_grad=True)
    ty = ta * 1
    ty.scatter_reduce_(1, torch.tensor(I0), ts, "amax")
    ty.sum().backward()
    np.testing.assert_allclose(a.grad.numpy(), ta.grad.numpy())
    np.testing.assert_allclose(s.grad.numpy(), ts.grad.numpy())


@pytest.mark.parametrize("include_self", [True, False])
@pytest.mark.parametrize("reduce", ["prod", "mean", "amax", "amin", "sum"])
def test_index_reduce_matches_torch(reduce, include_self):
    def fn(m, x, i, s):
        return m.index_reduce(x, 1, i, s, reduce, include_self=include_self)

    _both(
        fn, np.arange(6.0).reshape(2, 3), np.array([0, 0, 2]), np.array([[5.0, 6, 7], [8, 9, -1]])
    )
    _both(fn, np.arange(6).reshape(2, 3), np.array([2, 2]), np.array([[5, -6], [8, 9]]))
    _both(fn, np.arange(6.0).reshape(2, 3), np.array([0, 1]), np.ones((2, 3)))  # (shape error)
    x = nt.tensor([1.0, 2, 3, 4])
    ref = torch.tensor([1.0, 2, 3, 4])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        if reduce == "sum":
            with pytest.raises(RuntimeError):
                x.index_reduce_(0, nt.tensor([0, 0, 2]), nt.tensor([5.0, 6, 7]), reduce)
            return
        x.index_reduce_(0, nt.tensor([0, 0, 2]), nt.tensor([5.0, 6, 7]), reduce,
                        include_self=include_self)  # fmt: skip
        ref.index_reduce_(0, torch.tensor([0, 0, 2]), torch.tensor([5.0, 6, 7]), reduce,
                          include_self=include_self)  # fmt: skip
    np.testing.assert_allclose(x.numpy(), ref.numpy())


def test_index_reduce_gradcheck():
    x = nt.tensor(np.arange(1.0, 7.0).reshape(2, 3), requires_grad=True)
    s = nt.tensor([[5.0, 6], [8, 0.5]], dtype=nt.float64, requires_grad=True)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for reduce in ("prod", "mean", "amax"):
            assert nt.autograd.gradcheck(
                lambda x, s, reduce=reduce: x.index_reduce(1, nt.tensor([2, 0]), s, reduce), (x, s)
            )


def test_masked_scatter_matches_torch():
    mask = np.array([True, False, True])
    source = np.arange(10.0).reshape(2, 5)
    _both(lambda m, x, k, s: x.masked_scatter(k, s), np.zeros((2, 3)), mask, source)
    _both(lambda m, x, k, s: m.masked_scatter(x, k, s), np.zeros(3), np.ones((2, 3), bool), source)
    _both(lambda m, x, k, s: x.t().masked_scatter(k, s), np.zeros((3, 2)), mask, source)
    _both(lambda m, x, k, s: x.masked_scatter(k, s), np.zeros(3), np.zeros(3, bool), source[:0])
    _both(lambda m, x, k, s: x.masked_scatter(k.int(), s), np.zeros(3), mask, source)
    _both(lambda m, x, k, s: x.masked_scatter(k, s.float()), np.zeros(3), mask, source)
    _both(lambda m, x, k, s: x.masked_scatter(k, s[0, :1]), np.zeros(3), mask, source)
    x = nt.zeros(2, 3)
    assert x.masked_scatter_(nt.tensor(mask), nt.tensor(source).float()) is x
    ref = torch.zeros(2, 3).masked_scatter_(torch.tensor(mask), torch.tensor(source).float())
    np.testing.assert_array_equal(x.numpy(), ref.numpy())


def test_masked_scatter_gradients():
    mask = nt.tensor([[True, False, True], [False, False, True]])
    x = nt.tensor(np.random.default_rng(0).random((2, 3)), requires_grad=True)
    s = nt.tensor(np.random.default_rng(1).random(5), requires_grad=True)
    assert nt.autograd.gradcheck(lambda x, s: x.masked_scatter(mask, s), (x, s))
    out = x.masked_scatter(mask, s)
    out.backward(nt.ones(2, 3) * nt.arange(6.0).reshape(2, 3).double())
    tx = torch.tensor(x.detach().numpy(), requires_grad=True)
    ts = torch.tensor(s.detach().numpy(), requires_grad=True)
    tout = tx.masked_scatter(torch.tensor(mask.numpy()), ts)
    tout.backward(torch.arange(6.0).reshape(2, 3).double())
    np.testing.assert_allclose(x.grad.numpy(), tx.grad.numpy())
    np.testing.assert_allclose(s.grad.numpy(), ts.grad.numpy())
    assert out.grad_fn.name() == tout.grad_fn.name()


def test_put_matches_torch():
    _both(
        lambda m, x, i, s: x.put(i, s),
        np.zeros((2, 3)),
        np.array([0, -1, 4]),
        np.array([1.0, 2, 3]),
    )
    _both(
        lambda m, x, i, s: x.put(i, s, accumulate=True),
        np.zeros((2, 3)),
        np.array([[0, 0], [5, 0]]),
        np.array([[1.0, 2], [3, 4]]),
    )
    _both(lambda m, x, i, s: m.put(x.t(), i, s), np.arange(6.0).reshape(2, 3), np.array([1, 4]),
          np.array([10.0, 20]))  # fmt: skip
    _both(lambda m, x, i, s: x.put(i, s), np.zeros(3), np.array([3]), np.array([1.0]))
    _both(lambda m, x, i, s: x.put(i.int(), s), np.zeros(3), np.array([1]), np.array([1.0]))
    _both(lambda m, x, i, s: x.put(i, s.float()), np.zeros(3), np.array([1]), np.array([1.0]))
    _both(lambda m, x, i, s: x.put(i, s), np.zeros(3), np.array([1, 2]), np.array([1.0]))
    _both(lambda m, x, i, s: x.put(i, s), np.zeros(3), np.zeros(0, np.int64), np.zeros(0))
    for layout in ("contiguous", "transposed"):
        x = nt.arange(6.0).reshape(2, 3)
        ref = torch.arange(6.0).reshape(2, 3)
        if layout == "transposed":
            x, ref = x.t(), ref.t()
        assert x.put_(nt.tensor([0, 5, 0]), nt.tensor([1.0, 2, 3]), accumulate=True) is x
        ref.put_(torch.tensor([0, 5, 0]), torch.tensor([1.0, 2, 3]), accumulate=True)
        np.testing.assert_array_equal(x.numpy(), ref.numpy())
    x = nt.tensor(np.random.default_rng(2).random((2, 3)), requires_grad=True)
    s = nt.tensor([1.0, 2.0, 3.0], dtype=nt.float64, requires_grad=True)
    idx = nt.tensor([1, 1, 5])
    assert nt.autograd.gradcheck(lambda x, s: x.put(idx, s, accumulate=True), (x, s))
    assert nt.autograd.gradcheck(lambda x, s: x.put(nt.tensor([0, 2, 5]), s), (x, s))


def test_view_scatters_match_torch():
    z = np.zeros((3, 4))
    _both(lambda m, x, s: m.select_scatter(x, s, 0, 1), z, np.ones(4))
    _both(lambda m, x, s: m.select_scatter(x, s, -1, -1), z, np.ones(3))
    _both(lambda m, x, s: m.select_scatter(x, s, 0, 1), z, np.ones(3))
    _both(lambda m, x, s: m.slice_scatter(x, s, 1, 1, None, 2), z, np.ones((3, 2)))
    _both(lambda m, x, s: m.slice_scatter(x, s), z, np.ones((3, 4)))
    _both(lambda m, x, s: m.slice_scatter(x, s, 0, 0, 2), z, np.ones((3, 4)))
    _both(lambda m, x, s: m.diagonal_scatter(x, s), z, np.ones(3))
    _both(lambda m, x, s: m.diagonal_scatter(x, s, 1), z, np.ones(3))
    _both(lambda m, x, s: m.diagonal_scatter(x, s, -1, 1, 0), z, np.ones(2))
    _both(lambda m, x, s: m.diagonal_scatter(x, s, 0), z, np.ones(4))
    _both(lambda m, x, s: m.as_strided_scatter(x, s, (2,), (5,), 1), z, np.ones(2))
    _both(lambda m, x, s: m.as_strided_scatter(x.t(), s, (2, 2), (1, 2)), z, np.ones((2, 2)))
    _both(lambda m, x, s: m.select_scatter(x, s, 0, 1), np.zeros((3, 4), np.int32),
          np.ones(4, np.int32))  # fmt: skip
    _both(lambda m, x, s: x.select_scatter(s, 0, 0), np.zeros(3), np.array(5.0))


def test_view_scatter_gradients():
    rng = np.random.default_rng(3)
    x = nt.tensor(rng.random((3, 4)), requires_grad=True)
    cases = [
        (lambda x, s: nt.select_scatter(x, s, 1, 2), rng.random(3)),
        (lambda x, s: nt.slice_scatter(x, s, 0, 0, 3, 2), rng.random((2, 4))),
        (lambda x, s: nt.diagonal_scatter(x, s, 1), rng.random(3)),
        (lambda x, s: nt.as_strided_scatter(x, s, (2, 2), (4, 1), 1), rng.random((2, 2))),
    ]
    for fn, src in cases:
        s = nt.tensor(src, requires_grad=True)
        assert nt.autograd.gradcheck(fn, (x, s))


def test_on_cuda(device):
    x = nt.tensor([1.0, 2, 3, 4], device=device)
    idx = nt.tensor([0, 0, 2, 2], device=device)
    src = nt.tensor([5.0, float("nan"), -1, 7], device=device)
    for reduce in ("amax", "amin", "mean", "prod"):
        got = x.scatter_reduce(0, idx, src, reduce, include_self=False)
        ref = torch.tensor([1.0, 2, 3, 4]).scatter_reduce(
            0, torch.tensor([0, 0, 2, 2]), torch.tensor([5.0, float("nan"), -1, 7]), reduce,
            include_self=False,
        )  # fmt: skip
        assert got.device.type == device
        np.testing.assert_allclose(got.cpu().numpy(), ref.numpy(), equal_nan=True)
    m = nt.zeros(3, device=device).masked_scatter(
        nt.tensor([True, False, True], device=device), nt.tensor([1.0, 2.0], device=device)
    )
    assert m.cpu().tolist() == [1.0, 0.0, 2.0]
    p = nt.zeros(4, device=device).put(nt.tensor([1, 1], device=device),
                                       nt.tensor([1.0, 2.0], device=device), True)  # fmt: skip
    assert p.cpu().tolist() == [0.0, 3.0, 0.0, 0.0]
