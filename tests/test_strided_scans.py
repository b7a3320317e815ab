"""as_strided, Tensor.unfold, sum_to_size, fill_diagonal_, bit shifts, ldexp, logcumsumexp,
cummax, cummin and small Tensor attributes (issue 15), against torch."""

import numpy as np
import pytest

import numtensor as nt
from tests.conftest import check


def a(m):
    return m.arange(12.0).reshape(3, 4)


def w(m):
    return m.tensor([[1.0, -2.0, 3.0, float("nan"), 0.5], [-1.0, 4.0, 4.0, -3.0, 2.0]])


CASES = {
    "as_strided": lambda m: (
        m.as_strided(a(m), (2, 2), (1, 2)),
        a(m).as_strided((3,), (5,), 1),
        a(m)[1:].as_strided((2, 2), (4, 1)),
    ),
    "unfold": lambda m: (
        a(m).unfold(1, 2, 1),
        a(m).unfold(0, 2, 1).shape,
        m.arange(7.0).unfold(0, 3, 2),
        a(m).unfold(1, 4, 4),
    ),
    "unfold too big": lambda m: a(m).unfold(1, 5, 1),
    "sum_to_size": lambda m: (
        a(m).sum_to_size(1, 4),
        a(m).sum_to_size((3, 1)),
        a(m).sum_to_size(1, 1),
    ),
    "fill_diagonal_": lambda m: (
        a(m).fill_diagonal_(-1.0),
        m.zeros(5, 3).fill_diagonal_(2.0),
        m.zeros(7, 3).fill_diagonal_(1.0, wrap=True),
        m.zeros(3, 7).t().fill_diagonal_(1.0, wrap=True),
        m.zeros(3, 3, 3).fill_diagonal_(4.0),
    ),
    "shifts": lambda m: (
        m.tensor([1, -8, 5, 7]) << 2,
        m.tensor([1, -8, 5, 7]) >> 1,
        m.bitwise_left_shift(m.tensor([1, 2], dtype=m.int8), m.tensor([3, 7])),
        m.bitwise_right_shift(m.tensor([-100, 100], dtype=m.int16), 3),
        m.tensor([3, -3]) >> 40,
        1 << m.tensor([1, 3]),
    ),
    "shift in place": lambda m: (lambda t: (t.bitwise_left_shift_(1), t.__irshift__(2)))(
        m.tensor([5, -6])
    ),
    "shift float": lambda m: m.tensor([1.5]) << 1,
    "ldexp": lambda m: (
        m.ldexp(m.tensor([1.0, -3.0]), m.tensor([2, 3])),
        m.ldexp(m.tensor([1, 2]), m.tensor([1, -1])),
    ),
    "logcumsumexp": lambda m: (
        m.logcumsumexp(w(m), 1),
        w(m).logcumsumexp(0),
        m.logcumsumexp(m.tensor([-1000.0, 0.0, 1000.0]), 0),
    ),
    "cummax cummin": lambda m: (
        m.cummax(w(m), 1),
        w(m).cummin(0),
        m.cummax(m.tensor([3, 1, 3, 2, 5]), 0),
        m.cummin(m.tensor([True, False, True]), 0),
    ),
    "attributes": lambda m: (
        a(m).get_device(),
        a(m).is_inference(),
        a(m).requires_grad_().retains_grad,
        a(m).new([1, 2]),
        a(m).new(2, 3).shape,
    ),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_matches_torch(name):
    check(CASES[name], exact=False, check_repr=False)


def test_gradients():
    x = nt.tensor(np.random.default_rng(1).standard_normal((3, 4)), requires_grad=True)
    assert nt.autograd.gradcheck(lambda t: t.as_strided((2, 2), (1, 2)), (x,))
    assert nt.autograd.gradcheck(lambda t: t.unfold(1, 2, 2), (x,))
    assert nt.autograd.gradcheck(lambda t: t.logcumsumexp(1), (x,))
    assert nt.autograd.gradcheck(lambda t: t.cummax(1).values, (x,))
    assert nt.autograd.gradcheck(lambda t: nt.ldexp(t, nt.tensor([1, 2, 0, -1])), (x,))


STRIDED_VIEWS = {
    "unfold overlapping": lambda m: m.arange(10.0).unfold(0, 3, 2).stride(),
    "unfold of a transpose": lambda m: a(m).t().unfold(0, 2, 1).stride(),
    "unfold of an empty dim": lambda m: m.zeros(0, 3).unfold(1, 2, 1).stride(),
    "unfold of a scalar": lambda m: m.tensor(5.0).unfold(0, 1, 1),
    "unfold bad step": lambda m: m.arange(4.0).unfold(0, 2, 0),
    "as_strided before the view's start": lambda m: m.arange(10.0)[2:8].as_strided((2, 2), (1, 2)),
    "as_strided out of storage": lambda m: m.arange(10.0)[2:].as_strided((4, 3), (2, 1), 3),
    "as_strided negative stride": lambda m: m.arange(10.0).as_strided((2,), (-1,)),
    "as_strided rank mismatch": lambda m: m.arange(10.0).as_strided((2, 3), (1,)),
    "as_strided negative offset": lambda m: m.arange(10.0).as_strided((2,), (1,), -1),
    "as_strided empty far away": lambda m: m.arange(10.0).as_strided((0, 3), (1, 1), 20).shape,
}


@pytest.mark.parametrize("name", sorted(STRIDED_VIEWS))
def test_strided_views_match_torch(name):
    check(STRIDED_VIEWS[name], check_repr=False)


def test_unfold_is_a_view_of_its_input():
    x = nt.arange(6.0)
    u = x.unfold(0, 2, 2)
    u[1, 0] = 100.0
    assert x[2].item() == 100.0 and u._base is x


def _overlap_grads(m):
    x = m.arange(10.0, requires_grad=True)
    (x.unfold(0, 3, 2) * m.arange(12.0).reshape(4, 3)).sum().backward()
    y = m.arange(10.0, requires_grad=True)
    (y * 1)[3:].as_strided((3, 2), (1, 1), 1).pow(2).sum().backward()
    return x.grad, y.grad


def test_overlapping_views_sum_their_gradients():
    check(_overlap_grads)


def test_overlapping_view_gradients_gradcheck():
    x = nt.tensor(np.random.default_rng(2).standard_normal(10), requires_grad=True)
    assert nt.autograd.gradcheck(lambda t: t.unfold(0, 3, 2) ** 2, (x,))
    assert nt.autograd.gradgradcheck(lambda t: t.unfold(0, 3, 1) ** 2, (x,))
    assert nt.autograd.gradcheck(lambda t: t.as_strided((4, 3), (1, 1)) ** 2, (x,))


@pytest.mark.cuda
def test_unfold_and_as_strided_on_cuda():
    def f(m, device):
        x = m.arange(8.0, device=device, requires_grad=True)
        u = x.unfold(0, 3, 2)
        (u * u).sum().backward()
        return u.detach().cpu(), x.grad.cpu(), x.detach()[2:].as_strided((2, 2), (1, 2), 1).cpu()

    got, want = f(nt, "cuda"), f(__import__("torch"), "cpu")
    for g, w_ in zip(got, want):
        np.testing.assert_array_equal(g.numpy(), w_.numpy())


def test_remainder_keeps_the_sign_of_a_zero_result():
    vals = [-3.0, 3.0, -0.0, 0.0, 5.5, -5.5, float("inf"), -float("inf"), 1e-30, -7.0]

    def rem(m):
        a_ = m.tensor([[v] * len(vals) for v in vals], dtype=m.float64)
        return m.remainder(a_, m.tensor([vals] * len(vals), dtype=m.float64))

    got, want = rem(nt).numpy(), rem(__import__("torch")).numpy()
    np.testing.assert_array_equal(got, want)
    both = ~np.isnan(want)
    np.testing.assert_array_equal(np.signbit(got[both]), np.signbit(want[both]))
    check(lambda m: (m.tensor([-3.0, 3.0]) % 3, m.tensor([-3.0, 3.0]).remainder_(-3.0)))
