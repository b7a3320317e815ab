"""In-place variants, out= and the seed's math cells, against torch 2.13."""

import numpy as np
import pytest

import numtensor as nt
from tests.conftest import check_on, shares_memory

X = np.array([[0.3282, 0.9362], [0.4801, 0.0954]], dtype=np.float32)
Y = np.array([[0.4059, 0.5777], [0.1736, 0.3332]], dtype=np.float32)


def pair(m):
    return m.tensor(X), m.tensor(Y)


INPLACE = {
    "add_": lambda m: pair(m)[1].add_(pair(m)[0]),
    "add_alpha": lambda m: pair(m)[1].add_(pair(m)[0], alpha=2),
    "sub_": lambda m: pair(m)[0].sub_(1),
    "mul_": lambda m: pair(m)[0].mul_(pair(m)[1]),
    "div_": lambda m: pair(m)[0].div_(2),
    "div_floor": lambda m: pair(m)[0].div_(0.25, rounding_mode="floor"),
    "pow_": lambda m: pair(m)[0].pow_(2),
    "clamp_": lambda m: pair(m)[0].clamp_(0.2, 0.5),
    "clamp_min_": lambda m: pair(m)[0].clamp_(min=0.4),
    "clip_": lambda m: pair(m)[0].clip_(max=0.4),
    "abs_": lambda m: (-pair(m)[0]).abs_(),
    "exp_": lambda m: pair(m)[0].exp_(),
    "neg_": lambda m: pair(m)[0].neg_(),
    "sqrt_": lambda m: pair(m)[0].sqrt_(),
    "round_": lambda m: pair(m)[0].round_(decimals=1),
    "floor_": lambda m: pair(m)[0].mul(10).floor_(),
    "sigmoid_": lambda m: pair(m)[0].sigmoid_(),
    "relu_": lambda m: (pair(m)[0] - 0.5).relu_(),
    "bcast_": lambda m: pair(m)[0].add_(m.tensor([1.0, 2.0])),
    "int_add_int": lambda m: m.tensor([1, 2]).add_(3),
    "int_float_": lambda m: m.ones(2, dtype=m.int64).add_(1.5),
    "bool_int_": lambda m: m.ones(2, dtype=m.bool).add_(1),
    "shape_": lambda m: m.ones(2).add_(m.ones(2, 2)),
    "float_int_": lambda m: m.ones(2).add_(m.tensor([1, 2])),
    "half_": lambda m: m.ones(3, dtype=m.float16).mul_(1.5),
    "lerp_": lambda m: pair(m)[0].lerp_(pair(m)[1], 0.5),
    "iadd": lambda m: _iadd(m),
    "imul_int": lambda m: _imul(m),
    "ipow": lambda m: _ipow(m),
}


def _iadd(m):
    x = m.tensor(X)
    x += 1
    x -= m.tensor(Y)
    return x


def _imul(m):
    x = m.tensor([1, 2])
    x *= 3
    x //= 2
    return x


def _ipow(m):
    x = m.tensor(X)
    x **= 2
    x /= 4
    return x


@pytest.mark.parametrize("name", sorted(INPLACE))
def test_inplace_matches_torch(name, device):
    check_on(device, INPLACE[name], exact=False)


def test_inplace_returns_self_and_bumps_version():
    x = nt.ones(3)
    v = x._version
    assert x.add_(1) is x and x.mul_(2) is x and x.exp_() is x
    assert x._version == v + 3


def test_inplace_through_views_reaches_base(device):
    base = nt.zeros(3, 4, device=device)
    base[1].add_(5)
    base[:, 2].mul_(0).add_(7)
    base.t()[0].fill_(-1)
    base.t()[1:3].mul_(nt.tensor([[1.0], [2.0]], device=device))
    base.view(2, 6)[1, 3:].sub_(1)
    expected = [[-1, 0, 14, 0], [-1, 5, 14, 5], [-1, -1, 13, -1]]
    np.testing.assert_array_equal(base.cpu().numpy(), expected)
    assert base.device.type == device
    a = nt.ones(7)
    b = a.numpy()
    a.add_(1)
    assert b.tolist() == [2.0] * 7


def test_self_overlapping_inplace(device):
    check_on(device, lambda m: _overlap(m))


def _overlap(m):
    x = m.arange(9.0).reshape(3, 3)
    x.add_(x.t())
    return x


OUT = {
    "add_out": lambda m: _out(m, lambda t, o: m.add(t, t, out=o)),
    "exp_out": lambda m: _out(m, lambda t, o: m.exp(t, out=o)),
    "clamp_out": lambda m: _out(m, lambda t, o: m.clamp(t, 0.2, 0.5, out=o)),
    "sum_out": lambda m: _out(m, lambda t, o: m.sum(t, 0, out=o), shape=(2,)),
    "matmul_out": lambda m: _out(m, lambda t, o: m.matmul(t, t, out=o)),
    "out_resized": lambda m: _out(m, lambda t, o: m.mul(t, 2, out=o), shape=(0,)),
    "out_int_from_float": lambda m: _out(m, lambda t, o: m.add(t, t, out=o), dtype=m.int64),
    "out_double": lambda m: _out(m, lambda t, o: m.add(t, t, out=o), dtype=m.float64),
    "where_out": lambda m: _out(m, lambda t, o: m.where(t > 0.4, t, 0.0, out=o)),
}


def _out(m, fn, shape=(2, 2), dtype=None):
    t = m.tensor(X)
    o = m.empty(shape, dtype=dtype or m.float32)
    r = fn(t, o)
    assert r is o
    return o


@pytest.mark.parametrize("name", sorted(OUT))
def test_out_matches_torch(name, device):
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        check_on(device, OUT[name], exact=False)


def test_seed_out_cell():
    x = nt.tensor(X)
    y = nt.tensor(Y)
    result = nt.empty(2, 4)
    nt.add(x, y, out=result)
    assert result.shape == (2, 2)
    np.testing.assert_allclose(result.numpy(), X + Y)


def test_seed_math_cells_print_like_torch(device):
    check_on(device, lambda m: m.abs(m.tensor([[-1.7914, -1.8692]])))
    check_on(device, lambda m: m.ceil(m.tensor([[-1.7914, -1.8692]])))
    check_on(device, lambda m: m.floor(m.tensor([[-1.7914, -1.8692]])))
    check_on(device, lambda m: m.clamp(m.tensor([[-1.7914, -1.8692]]), -0.5, 0.5))
    b = [[0.1901, -1.0838, -3.7662], [-1.1350, -3.5017, -3.0075]]
    check_on(device, lambda m: m.clamp(m.tensor(b), -0.2, 0.2))
    t1 = np.arange(10, dtype=np.float32).reshape(2, 5)
    check_on(
        device,
        lambda m: [m.tensor(t1) + m.tensor(t1), m.tensor(t1) - m.tensor(t1), m.tensor(t1) + 5],
    )
    sc1, sc2 = np.array([1.0], np.float32), np.array([3.0], np.float32)
    check_on(
        device,
        lambda m: [
            m.tensor(sc1) + m.tensor(sc2),
            m.tensor(sc1) / m.tensor(sc2),
            m.div(m.tensor(sc1), m.tensor(sc2)),
            f"{m.tensor(sc1) / m.tensor(sc2)}",
        ],
    )
    v1, v2 = np.array([1.0, 2.0, 3.0], np.float32), np.array([4.0, 5.0, 6.0], np.float32)
    check_on(device, lambda m: [m.tensor(v1) * m.tensor(v2), m.tensor(v1) / m.tensor(v2)])
    m1 = np.array([[1.0, 2.0], [3.0, 4.0]], np.float32)
    m2 = np.array([[5.0, 6.0], [7.0, 8.0]], np.float32)
    check_on(
        device,
        lambda m: [
            m.tensor(m1) / m.tensor(m2),
            m.subtract(m.tensor(m1), m.tensor(m2)),
            m.multiply(m.tensor(m1), m.tensor(m2)),
            m.divide(m.tensor(m1), m.tensor(m2)),
        ],
    )


def test_numpy_bridge_after_add_():
    a = nt.ones(7)
    b = a.numpy()
    a.add_(1)
    assert shares_memory(a, nt.from_numpy(b))
    assert str(a) == "tensor([2., 2., 2., 2., 2., 2., 2.])"


def test_resizing_a_non_empty_out_warns_like_torch():
    x, y = nt.tensor(X), nt.tensor(Y)
    result = nt.empty(2, 4)
    with pytest.warns(UserWarning, match="resized"):
        nt.add(x, y, out=result)
    assert result.shape == (2, 2)
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("error")
        nt.add(x, y, out=nt.empty(0))  # an empty out is resized silently


@pytest.mark.parametrize("dtype", ["float32", "float64", "int32", "int64"])
@pytest.mark.parametrize("op", ["add_", "sub_", "mul_", "div_"])
def test_inplace_arithmetic_of_same_shaped_tensors_and_numbers(op, dtype):
    # the shortcut for contiguous tensors of one dtype must answer as the general path does
    from tests.conftest import torch

    a = np.arange(1, 13).reshape(3, 4)
    b = (np.arange(12).reshape(3, 4) % 5) + 1
    results = []
    for m in (nt, torch):
        d = getattr(m, dtype)
        x, y = m.tensor(a, dtype=d), m.tensor(b, dtype=d)
        version = x._version
        outs = []
        for other in (y, 3, y.t().contiguous().t(), x):
            try:
                outs.append(getattr(x.clone(), op)(other).tolist())
            except RuntimeError as exc:  # integer division in place: PyTorch refuses
                outs.append(type(exc).__name__)
        z = x.clone()
        if op != "div_" or dtype.startswith("float"):
            getattr(z, op)(y)
        outs.append(z._version - version)
        results.append(outs)
    assert results[0] == results[1]


def test_inplace_shortcut_keeps_autograd_rules():
    from tests.conftest import torch

    for m in (nt, torch):
        w = m.ones(3, requires_grad=True)
        with pytest.raises(RuntimeError, match="leaf Variable that requires grad"):
            w.sub_(m.ones(3))
        with m.no_grad():
            w.sub_(m.ones(3) * 0.5)  # an optimizer's update
        assert w.tolist() == [0.5, 0.5, 0.5] and w.grad_fn is None
        h = w * 2
        y = h.sin()
        h.add_(1)  # h was saved by sin
        with pytest.raises(RuntimeError, match="modified by an inplace operation"):
            y.sum().backward()
        x = m.ones(2, 2)
        with pytest.raises(RuntimeError, match="single memory location"):
            x.t().add_(x)
