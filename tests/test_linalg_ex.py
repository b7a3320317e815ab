"""The ``_ex`` linear-algebra functions report failures in ``info`` as PyTorch's do:
cholesky_ex (LAPACK's partial factor and the failing minor), lu_factor_ex (the first zero
pivot), solve_ex (singular matrices), and their check_errors=True errors."""

import numpy as np
import pytest

from tests.conftest import check, torch


def _both_raise(fn):
    """torch raises its LinAlgError (a RuntimeError), numtensor its own: same message."""
    import numtensor

    with pytest.raises(RuntimeError) as theirs:
        fn(torch)
    with pytest.raises(RuntimeError) as ours:
        fn(numtensor)
    assert str(ours.value) == str(theirs.value)


def test_cholesky_ex_info_and_partial_factor():
    batch = [[[4.0, 2.0], [2.0, 3.0]], [[1.0, 2.0], [2.0, 1.0]], [[-1.0, 0.0], [0.0, 1.0]]]
    check(lambda m: m.linalg.cholesky_ex(m.tensor(batch)), exact=False)
    three = [[2.0, 1, 1], [1, -3, 0], [1, 0, 5]]
    check(lambda m: m.linalg.cholesky_ex(m.tensor(three)), exact=False)
    check(lambda m: m.linalg.cholesky_ex(m.tensor(three), upper=True), exact=False)
    _both_raise(lambda m: m.linalg.cholesky_ex(m.tensor(three), check_errors=True))


def test_lu_factor_ex_info():
    batch = [[[1.0, 2.0], [2.0, 4.0]], [[0.0, 0.0], [0.0, 1.0]], [[4.0, 7.0], [2.0, 6.0]]]
    check(lambda m: m.linalg.lu_factor_ex(m.tensor(batch)).info)
    _both_raise(
        lambda m: m.linalg.lu_factor_ex(m.tensor([[1.0, 2.0], [2.0, 4.0]]), check_errors=True)
    )


def test_solve_ex_info():
    def run(m):
        r = m.linalg.solve_ex(
            m.tensor([[[1.0, 2.0], [2.0, 4.0]], [[2.0, 0.0], [0.0, 4.0]]]),
            m.tensor([[1.0, 1.0], [2.0, 2.0]]),
        )
        return r.info, r.result[1]

    check(run, exact=False)
    check(lambda m: m.linalg.solve_ex(m.tensor([[2.0, 1.0], [0.0, 4.0]]), m.tensor([[1.0, 1.0]]),
                                      left=False), exact=False)  # fmt: skip
    _both_raise(lambda m: m.linalg.solve_ex(m.tensor([[1.0, 2.0], [2.0, 4.0]]),
                                            m.tensor([1.0, 1.0]), check_errors=True))  # fmt: skip
    from numtensor import linalg, tensor

    r = linalg.solve_ex(tensor([[1.0, 2.0], [2.0, 4.0]]), tensor([1.0, 1.0]))
    assert int(r.info) == 2 and bool(np.isnan(r.result.numpy()).all())


@pytest.mark.parametrize("n", [1, 3])
def test_solve_ex_success_matches_solve(n):
    a = np.random.default_rng(n).standard_normal((n, n)) + 3 * np.eye(n)
    check(lambda m: m.linalg.solve_ex(m.tensor(a), m.tensor(np.ones(n))), exact=False)
