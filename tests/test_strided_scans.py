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
