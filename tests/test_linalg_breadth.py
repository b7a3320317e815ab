"""linalg on LAPACK (issue 15): factorisations, solves, norms and compositions against torch,
with float64 gradient checks; CUDA through the host."""

import numpy as np
import pytest

import numtensor as nt
from tests.conftest import check, check_on


def r(m, *shape, seed=0, dtype=None):
    return m.tensor(np.random.default_rng(seed).standard_normal(shape), dtype=dtype or m.float64)


def spd(m, *batch, n=4):
    a = r(m, *batch, n, n, seed=3)
    return a @ a.mT + n * m.eye(n, dtype=m.float64)


CASES = {
    "inv": lambda m: (
        m.linalg.inv(r(m, 3, 4, 4)),
        r(m, 4, 4).inverse(),
        m.inverse(r(m, 2, 2, dtype=m.float32)),
    ),
    "inv not square": lambda m: m.linalg.inv(r(m, 3, 4)),
    "inv int": lambda m: m.linalg.inv(m.eye(3, dtype=m.int64)),
    "inv_ex": lambda m: m.linalg.inv_ex(r(m, 2, 3, 3)),
    "det slogdet logdet": lambda m: (
        m.linalg.det(r(m, 3, 4, 4)),
        m.det(r(m, 4, 4)),
        m.linalg.slogdet(r(m, 2, 3, 3)),
        m.logdet(spd(m)),
        m.logdet(-m.eye(3, dtype=m.float64)),
        m.det(m.zeros(2, 2, dtype=m.float64)),
    ),
    "solve": lambda m: (
        m.linalg.solve(r(m, 3, 4, 4), r(m, 3, 4, 2, seed=1)),
        m.linalg.solve(r(m, 4, 4), r(m, 4, seed=1)),
        m.linalg.solve(r(m, 2, 1, 3, 3), r(m, 4, 3, 2, seed=1)),
        m.linalg.solve(r(m, 3, 3), r(m, 2, 3, seed=1), left=False),
    ),
    "solve bad": lambda m: m.linalg.solve(r(m, 3, 3), r(m, 4, 2)),
    "solve_triangular": lambda m: (
        m.linalg.solve_triangular(
            r(m, 4, 4) + 4 * m.eye(4, dtype=m.float64), r(m, 4, 2, seed=1), upper=True
        ),
        m.linalg.solve_triangular(
            r(m, 3, 3) + 3 * m.eye(3, dtype=m.float64),
            r(m, 2, 3, seed=1),
            upper=False,
            left=False,
            unitriangular=True,
        ),
    ),
    "triangular_solve": lambda m: m.triangular_solve(
        r(m, 3, 2, seed=1), r(m, 3, 3) + 3 * m.eye(3, dtype=m.float64)
    ),
    "cholesky": lambda m: (
        m.linalg.cholesky(spd(m, 2)),
        m.linalg.cholesky(spd(m), upper=True),
        m.cholesky(spd(m)),
        m.linalg.cholesky_ex(spd(m)),
    ),
    "cholesky_solve inverse": lambda m: (
        m.cholesky_solve(r(m, 4, 2, seed=1), m.linalg.cholesky(spd(m))),
        m.cholesky_inverse(m.linalg.cholesky(spd(m))),
    ),
    "qr": lambda m: (
        [abs(t) for t in m.linalg.qr(r(m, 5, 3))]
        + [abs(t) for t in m.linalg.qr(r(m, 2, 4, 4))]
        + [abs(m.qr(r(m, 4, 2))[1])]
    ),
    "eigh": lambda m: (
        m.linalg.eigh(spd(m, 2))[0],
        m.linalg.eigh(spd(m))[1].abs(),
        m.linalg.eigvalsh(spd(m), UPLO="U"),
    ),
    "lu_factor": lambda m: (m.linalg.lu_factor(r(m, 4, 4)), m.linalg.lu_factor(r(m, 2, 3, 3))),
    "lu": lambda m: m.linalg.lu(r(m, 2, 4, 4)),
    "lu_solve": lambda m: (
        m.linalg.lu_solve(*m.linalg.lu_factor(r(m, 4, 4)), r(m, 4, 2, seed=1)),
        m.lu_solve(r(m, 4, 2, seed=1), *m.linalg.lu_factor(r(m, 4, 4))),
        m.lu_unpack(*m.linalg.lu_factor(r(m, 3, 3))),
    ),
    "pinv matrix_rank": lambda m: (
        m.linalg.pinv(r(m, 4, 3)),
        m.linalg.pinv(r(m, 2, 3, 5)),
        m.pinverse(r(m, 3, 4)),
        m.linalg.matrix_rank(r(m, 4, 3)),
        m.linalg.matrix_rank(m.ones(3, 3, dtype=m.float64)),
        m.linalg.matrix_rank(r(m, 5, 4) @ r(m, 4, 5)[:, :] * 0 + m.ones(5, 5, dtype=m.float64)),
    ),
    "matrix_norm": lambda m: (
        [
            m.linalg.matrix_norm(r(m, 2, 3, 4), o)
            for o in ("fro", "nuc", 2, -2, 1, -1, float("inf"), float("-inf"))
        ]
        + [m.linalg.matrix_norm(r(m, 3, 4, 2), 1, dim=(0, 2), keepdim=True)]
    ),
    "norm": lambda m: (
        m.linalg.norm(r(m, 3, 4)),
        m.linalg.norm(r(m, 3, 4), "fro"),
        m.linalg.norm(r(m, 3, 4), 2),
        m.linalg.norm(r(m, 5), 3),
        m.linalg.vector_norm(r(m, 3, 4), 1, dim=1),
    ),
    "cond": lambda m: (
        m.linalg.cond(r(m, 4, 4)),
        m.linalg.cond(r(m, 4, 4), "fro"),
        m.linalg.cond(r(m, 3, 3), 1),
    ),
    "matrix_power": lambda m: (
        [m.linalg.matrix_power(r(m, 2, 3, 3), n) for n in (0, 1, 3, -2)]
        + [r(m, 3, 3).matrix_power(5)]
    ),
    "matrix_exp": lambda m: (
        m.linalg.matrix_exp(r(m, 3, 3)),
        m.matrix_exp(r(m, 2, 4, 4) * 3),
        m.linalg.matrix_exp(m.zeros(2, 2, dtype=m.float64)),
    ),
    "multi_dot": lambda m: (
        m.linalg.multi_dot([r(m, 3), r(m, 3, 4), r(m, 4, 2), r(m, 2)]),
        m.linalg.multi_dot([r(m, 2, 3), r(m, 3, 5)]),
    ),
    "vecdot cross diagonal vander": lambda m: (
        m.linalg.vecdot(r(m, 3, 4), r(m, 3, 4, seed=2)),
        m.linalg.cross(r(m, 2, 3), r(m, 2, 3, seed=1)),
        m.linalg.diagonal(r(m, 2, 3, 3), offset=1),
        m.linalg.vander(m.tensor([1.0, 2.0, 3.0])),
    ),
    "tensorinv tensorsolve": lambda m: (
        m.linalg.tensorinv(r(m, 4, 6, 8, 3), ind=2),
        m.linalg.tensorsolve(r(m, 2, 3, 6), r(m, 2, 3, seed=1)),
    ),
    "lstsq": lambda m: m.linalg.lstsq(r(m, 5, 3), r(m, 5, 2, seed=1)).solution,
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_matches_torch(name):
    check(CASES[name], exact=False, check_repr=False, rtol=1e-7, atol=1e-9)


@pytest.mark.parametrize(
    "name", ["inv", "solve", "cholesky", "eigh", "lu_factor", "det slogdet logdet"]
)
def test_on_cuda(name, device):
    check_on(device, CASES[name], exact=False, check_repr=False, rtol=1e-7, atol=1e-9)


@pytest.mark.parametrize(
    "fn",
    [
        lambda a: nt.linalg.inv(a),
        lambda a: nt.linalg.det(a),
        lambda a: nt.linalg.slogdet(a).logabsdet,
        lambda a: nt.linalg.solve(a, a[:, :2] * 2 + 1),
        lambda a: nt.linalg.cholesky(a @ a.mT + 4 * nt.eye(4, dtype=nt.float64)),
        lambda a: nt.linalg.eigh(a + a.mT)[0],
        lambda a: nt.linalg.qr(a[:, :3])[0],
        lambda a: nt.linalg.qr(a[:, :3])[1],
        lambda a: nt.linalg.pinv(a[:, :3]),
        lambda a: nt.linalg.matrix_norm(a, "nuc"),
        lambda a: nt.linalg.matrix_power(a, -2),
        lambda a: nt.linalg.matrix_exp(a * 0.5),
        lambda a: nt.linalg.solve_triangular(
            a + 4 * nt.eye(4, dtype=nt.float64), a[:, :1], upper=False
        ),
    ],
)
def test_gradcheck(fn):
    a = nt.tensor(np.random.default_rng(11).standard_normal((4, 4)), requires_grad=True)
    assert nt.autograd.gradcheck(fn, (a,))


def test_linalg_errors_are_linalg_errors_with_pytorchs_messages():
    from tests.conftest import torch

    for fn in (lambda m: m.linalg.inv(m.ones(2, 3, 3, dtype=m.float64)),
               lambda m: m.linalg.inv(m.ones(3, 3, dtype=m.float64)),
               lambda m: m.linalg.cholesky(-m.eye(2, dtype=m.float64)),
               lambda m: m.linalg.solve(m.zeros(2, 2, dtype=m.float64),
                                        m.ones(2, dtype=m.float64))):  # fmt: skip
        with pytest.raises(torch.linalg.LinAlgError) as theirs:
            fn(torch)
        with pytest.raises(nt.linalg.LinAlgError) as ours:
            fn(nt)
        assert isinstance(ours.value, RuntimeError)
        assert str(ours.value) == str(theirs.value)
