"""numtensor.special against torch.special, polygamma of every order (through the Hurwitz
zeta kernel) and its gradients."""

import numpy as np
import pytest

import numtensor as nt
from tests.conftest import check, torch

X = [-40.0, -25.0, -3.0, -1.5, -1.0, 0.0, 1e-3, 0.3, 0.5, 2.0, 7.0, 100.0]
P = [0.0, 0.1, 0.3, 0.5, 0.9, 1.0]


@pytest.mark.parametrize(
    "name, values",
    [
        ("entr", X),
        ("ndtr", X),
        ("log_ndtr", X),
        ("ndtri", P),
        ("i0e", X + [-800.0, 699.0, 701.0, 1e5]),
        ("i1e", X + [-800.0, 699.0, 701.0, 1e5]),
        ("i1", X[2:]),
        ("expit", X),
        ("gammaln", X[6:]),
        ("psi", X[6:]),
        ("digamma", X[6:]),
        ("erfinv", P),
        ("logit", P),
        ("multigammaln", None),
    ],
)
@pytest.mark.parametrize("dtype", ["float32", "float64"])
def test_unary_matches_torch(name, values, dtype):
    if values is None:  # (multigammaln takes p)
        check(lambda m: m.special.multigammaln(m.tensor([2.5, 7.0], dtype=getattr(m, dtype)), 2),
              exact=False, rtol=1e-5)  # fmt: skip
        return
    rtol = 3e-6 if dtype == "float32" else 1e-11
    check(
        lambda m: getattr(m.special, name)(m.tensor(values, dtype=getattr(m, dtype))),
        exact=False,
        rtol=rtol,
        atol=0,
    )


def test_binary_and_integers():
    check(lambda m: m.special.xlog1py(m.tensor([0.0, 1.0, 0.0]), m.tensor([-1.0, 2.0, np.nan])))
    check(lambda m: m.special.zeta(2.0, m.tensor([1.0, 2.0])), exact=False)
    check(lambda m: m.special.zeta(m.tensor([2, 3]), 1), exact=False)
    check(lambda m: m.special.ndtr(m.tensor([1, 2])), exact=False)
    check(lambda m: m.special.xlogy(m.tensor([0.0, 2.0]), m.tensor([0.0, 3.0])), exact=False)
    x = [3.0, 4.0, 2.0, 3.0, 1.0, 0.5, 3.5, 8.0, 3.0]
    q = [2.5, -1.5, 1.0, 0.0, 2.0, 1.0, -1.5, 1e-3, 100.0]
    check(lambda m: m.special.zeta(m.tensor(x, dtype=m.float64), m.tensor(q, dtype=m.float64)),
          exact=False, rtol=1e-14)  # fmt: skip


@pytest.mark.parametrize("n", [2, 3, 4, 7])
def test_polygamma_every_order(n):
    values = [0.5, 1.0, 2.5, -1.5, 10.0, 0.0, -2.0, 1e-3, 100.0]
    check(lambda m: m.polygamma(n, m.tensor(values, dtype=m.float64)), exact=False, rtol=1e-13)
    # (float32: an ulp apart can print differently at the 5th digit)
    check(lambda m: m.tensor(values).polygamma(n), exact=False, rtol=1e-5, check_repr=False)
    # (torch computes float32 in float32: ours is the float64 value rounded once)
    check(lambda m: m.polygamma(n, m.tensor([1, 2])), exact=False, rtol=1e-6, check_repr=False)

    def grad(m):
        x = m.tensor([0.7, 2.0, 5.5], dtype=m.float64, requires_grad=True)
        m.polygamma(n, x).sum().backward()
        return x.grad

    check(grad, exact=False, rtol=1e-12)
    x = nt.tensor([0.7, 2.0], dtype=nt.float64, requires_grad=True)
    assert nt.autograd.gradcheck(lambda t: nt.polygamma(n, t), (x,))


def test_trigamma_gradient_and_zeta_gradient():
    x = nt.tensor([0.7, 2.0, 5.5], dtype=nt.float64, requires_grad=True)
    assert nt.autograd.gradcheck(lambda t: nt.polygamma(1, t), (x,))
    assert nt.autograd.gradcheck(lambda t: nt.special.zeta(3.0, t), (x,))
    with pytest.raises(RuntimeError):
        nt.special.zeta(x, 2.0).sum().backward()


@pytest.mark.cuda
def test_on_cuda():
    if not nt.cuda.is_available():
        pytest.skip("no CUDA device")
    values = [0.5, 2.5, -1.5]
    for n in (2, 3):
        got = nt.polygamma(n, nt.tensor(values, dtype=nt.float64, device="cuda")).cpu().numpy()
        expected = torch.polygamma(n, torch.tensor(values, dtype=torch.float64)).numpy()
        np.testing.assert_allclose(got, expected, rtol=1e-13)


def test_in_place_forms():
    def polygamma_(m):
        x = m.tensor([0.5, 2.5])
        y = x.polygamma_(3)
        return y is x, x

    check(polygamma_, exact=False, rtol=1e-6)

    def sgn_(m):
        z = m.tensor([3 + 4j, 0j])
        z.sgn_()
        return z

    check(sgn_)
