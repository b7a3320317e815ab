"""torch.norm / linalg vector_norm, matrix_norm, norm (every p, dim, keepdim, dtype, out=),
linalg.qr (complete mode of tall matrices, its gradient rules) and linalg.lstsq (residuals,
rank and singular values per driver) against torch."""

import math
import warnings

import numpy as np
import pytest

import numtensor as nt
from tests.conftest import torch


def r(*shape, seed=0, dtype=np.float64):
    return np.random.default_rng(seed).standard_normal(shape).astype(dtype)


def _same(a, b, tol=1e-6) -> None:
    if a is None or b is None:
        assert a is None and b is None
        return
    assert tuple(a.shape) == tuple(b.shape)
    assert str(a.dtype).split(".")[-1] == str(b.dtype).split(".")[-1]
    np.testing.assert_allclose(a.detach().cpu().numpy(), b.detach().numpy(), rtol=tol, atol=tol)


def _same_error(f_nt, f_torch) -> None:
    with pytest.raises(Exception) as theirs:
        f_torch()
    with pytest.raises(type(theirs.value)) as ours:
        f_nt()
    assert str(ours.value) == str(theirs.value)


# ---- torch.norm ---------------------------------------------------------------------------

NORM_CASES = [
    ("nuc", None, (3, 4)),
    ("nuc", (0, 1), (3, 4)),
    ("nuc", (1, 2), (2, 3, 4)),
    ("nuc", (2, 0), (2, 3, 4)),
    ("nuc", [-1, -2], (2, 3, 4)),
    ("fro", None, (2, 3, 4)),
    ("fro", 1, (2, 3, 4)),
    ("fro", (0, 2), (2, 3, 4)),
    ("fro", (), (2, 3, 4)),
    (2, (0, 1), (2, 3, 4)),
    (2, None, (2, 3, 4)),
    (None, 1, (2, 3, 4)),
    (1, (0, 2), (2, 3, 4)),
    (3, (0, 1, 2), (2, 3, 4)),
    (0.5, 1, (2, 3, 4)),
    (-1, 2, (2, 3, 4)),
    (0, None, (2, 3, 4)),
    (math.inf, (0, 1), (2, 3, 4)),
    (-math.inf, None, (2, 3, 4)),
    (True, None, (3, 4)),
]


@pytest.mark.parametrize("p, dim, shape", NORM_CASES)
@pytest.mark.parametrize("keepdim", [False, True])
def test_norm_matches_torch(p, dim, shape, keepdim):
    a = r(*shape)
    a[0, 0] = 0.0  # (a zero, for p=0 and the subgradients)
    x, t = nt.tensor(a, requires_grad=True), torch.tensor(a, requires_grad=True)
    y, yt = nt.norm(x, p, dim, keepdim), torch.norm(t, p, dim, keepdim)
    _same(y, yt, 1e-10)
    (y * y).sum().backward()
    (yt * yt).sum().backward()
    _same(x.grad, t.grad, 1e-8)
    _same(x.norm(p, dim, keepdim), t.norm(p, dim, keepdim), 1e-10)  # (the method form)


@pytest.mark.parametrize("p, dim", [("nuc", (1, 2)), ("nuc", (2, 0)), (2.5, (0, 2)), ("fro", 1)])
def test_norm_gradcheck(p, dim):
    x = nt.tensor(r(2, 3, 4, seed=1), requires_grad=True)
    assert nt.autograd.gradcheck(lambda z: nt.norm(z, p, dim), (x,))


def test_norm_float32_noncontiguous_and_dtype():
    a = r(4, 3, seed=2, dtype=np.float32)
    x, t = nt.tensor(a).mT, torch.tensor(a).mT  # (3, 4), not contiguous
    for p in ("nuc", "fro", 2, math.inf):
        _same(nt.norm(x, p), torch.norm(t, p), 1e-5)
        _same(nt.norm(x, p, dtype=nt.float64), torch.norm(t, p, dtype=torch.float64), 1e-6)
    h = a.astype(np.float16)
    _same(nt.norm(nt.tensor(h)), torch.norm(torch.tensor(h)), 1e-2)


def test_norm_complex():
    c = r(2, 3, 4) + 1j * r(2, 3, 4, seed=5)
    x, t = nt.tensor(c), torch.tensor(c)
    _same(nt.norm(x), torch.norm(t), 1e-10)
    _same(nt.norm(x, "nuc", (1, 2)), torch.norm(t, "nuc", (1, 2)), 1e-10)
    _same(nt.norm(x, 1, 2), torch.norm(t, 1, 2), 1e-10)
    for o in ("nuc", 2, -2):
        _same(nt.linalg.matrix_norm(x, o), torch.linalg.matrix_norm(t, o), 1e-10)


def test_norm_out():
    a = r(2, 3, 4)
    for p, dim in [("fro", None), ("nuc", (1, 2)), (1, 0), ("fro", (0, 1))]:
        out, tout = nt.empty(0, dtype=nt.float64), torch.empty(0, dtype=torch.float64)
        y = nt.norm(nt.tensor(a), p, dim, out=out)
        torch.norm(torch.tensor(a), p, dim, out=tout)
        assert y is out
        _same(out, tout, 1e-10)


def test_norm_empty():
    for shape, p, dim in [((0, 3), "nuc", None), ((2, 0, 3), "nuc", (1, 2)),
                          ((0, 2, 3), "nuc", (1, 2)), ((3, 0), 2, None),
                          ((3, 0), math.inf, 0)]:  # fmt: skip
        _same(nt.norm(nt.zeros(shape), p, dim), torch.norm(torch.zeros(shape), p, dim))


NORM_ERRORS = [
    lambda L, B: L.norm(B, p="nuc"),  # 3-D without dim
    lambda L, B: L.norm(B[0, 0], p="nuc"),  # 1-D
    lambda L, B: L.norm(B, p="nuc", dim=1),
    lambda L, B: L.norm(B, p="nuc", dim=(0, 1, 2)),
    lambda L, B: L.norm(B, p="nuc", dim=(1, -2)),
    lambda L, B: L.norm(B, p="nuc", dim=(1, 3)),
    lambda L, B: L.norm(B, p="fro", dim=(0, 1, 2)),
    lambda L, B: L.norm(B, p="abc"),
    lambda L, B: L.norm(B, p="nuc", dim=(0, 1), dtype=L.int32),
    lambda L, B: L.norm(B.long(), p="nuc", dim=(0, 1)),
    lambda L, B: L.norm(B.long()),
    lambda L, B: L.norm(B.half(), p="nuc", dim=(0, 1)),
    lambda L, B: L.norm(B, dtype=L.int64),
    lambda L, B: L.norm(B, dtype=L.complex64),
    lambda L, B: L.norm(B.double(), dtype=L.float32),
    lambda L, B: L.norm(B, 2, (0, -3)),
    lambda L, B: L.norm(B, out=L.empty(0, dtype=L.float64)),
    lambda L, B: L.norm(B, "nuc", (1, 2), out=L.empty(0, dtype=L.float64)),
    lambda L, B: L.norm(L.zeros(3, 0), math.inf),
    lambda L, B: L.norm(L.zeros(3, 0), -1, dim=1),
    lambda L, B: L.linalg.matrix_norm(B, 3),
    lambda L, B: L.linalg.matrix_norm(L.zeros(3, 0), -1),
    lambda L, B: L.linalg.norm(B, 2),
    lambda L, B: L.linalg.norm(B, 2, (0, 1, 2)),
    lambda L, B: L.linalg.norm(B[0, 0], "fro"),
]


@pytest.mark.parametrize("case", range(len(NORM_ERRORS)))
def test_norm_errors(case):
    f = NORM_ERRORS[case]
    a = np.arange(24.0, dtype=np.float32).reshape(2, 3, 4)
    _same_error(lambda: f(nt, nt.tensor(a)), lambda: f(torch, torch.tensor(a)))


@pytest.mark.parametrize("ord", [1, -1, 2, -2, math.inf, -math.inf, "fro", "nuc"])
@pytest.mark.parametrize("dim", [(-2, -1), (2, 0)])
def test_matrix_norm_matches_torch(ord, dim):
    a = r(2, 3, 4, seed=3)
    for keepdim in (False, True):
        x, t = nt.tensor(a, requires_grad=True), torch.tensor(a, requires_grad=True)
        y = nt.linalg.matrix_norm(x, ord, dim, keepdim)
        yt = torch.linalg.matrix_norm(t, ord, dim, keepdim)
        _same(y, yt, 1e-10)
        (y * y).sum().backward()
        (yt * yt).sum().backward()
        _same(x.grad, t.grad, 1e-8)
        _same(nt.linalg.norm(x, ord, dim, keepdim), torch.linalg.norm(t, ord, dim, keepdim), 1e-10)


def test_norm_cuda(device):
    a = r(2, 3, 4, dtype=np.float32)
    x = nt.tensor(a, device=device)
    _same(nt.norm(x, "nuc", (1, 2)), torch.norm(torch.tensor(a), "nuc", (1, 2)), 1e-5)
    _same(x.norm(2, (0, 1), True), torch.tensor(a).norm(2, (0, 1), True), 1e-5)


# ---- linalg.qr ----------------------------------------------------------------------------


@pytest.mark.parametrize("shape", [(5, 3), (2, 5, 3), (3, 5), (2, 3, 5), (4, 4), (1, 2, 6, 1)])
@pytest.mark.parametrize("mode", ["reduced", "complete", "r"])
@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_qr_matches_torch(shape, mode, dtype):
    a = r(*shape, seed=4, dtype=dtype)
    Q, R = nt.linalg.qr(nt.tensor(a), mode)
    tQ, tR = torch.linalg.qr(torch.tensor(a), mode)
    tol = 1e-5 if dtype == np.float32 else 1e-12
    _same(Q, tQ, tol)
    _same(R, tR, tol)
    if mode == "complete":  # Q orthogonal, A = QR
        eye = np.eye(shape[-2])
        np.testing.assert_allclose((Q.mT @ Q).numpy(), np.broadcast_to(eye, Q.shape), atol=tol)
        np.testing.assert_allclose((Q @ R).numpy(), a, atol=10 * tol)


def test_qr_complete_noncontiguous_and_empty():
    a = r(3, 5, seed=5)
    Q, R = nt.linalg.qr(nt.tensor(a).mT, "complete")  # (5, 3), transposed
    tQ, tR = torch.linalg.qr(torch.tensor(a).mT, "complete")
    _same(Q, tQ, 1e-12)
    _same(R, tR, 1e-12)
    for shape in [(0, 3), (3, 0), (0, 3, 2)]:
        Q, R = nt.linalg.qr(nt.zeros(shape), "complete")
        tQ, tR = torch.linalg.qr(torch.zeros(shape), "complete")
        _same(Q, tQ)
        _same(R, tR)


def test_torch_qr_some_false():
    a = r(5, 3, seed=6)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        ours, theirs = nt.qr(nt.tensor(a), some=False), torch.qr(torch.tensor(a), some=False)
        _same(ours.Q, theirs.Q, 1e-12)
        _same(ours.R, theirs.R, 1e-12)
        assert type(ours).__name__ == "qr"
        _same(nt.tensor(a).qr(False).Q, torch.tensor(a).qr(False).Q, 1e-12)
    assert type(nt.linalg.qr(nt.tensor(a))).__name__ == "linalg_qr"


def test_qr_out():
    a = r(5, 3, seed=7)
    out = (nt.empty(0, dtype=nt.float64), nt.empty(0, dtype=nt.float64))
    result = nt.linalg.qr(nt.tensor(a), "complete", out=out)
    tQ, tR = torch.linalg.qr(torch.tensor(a), "complete")
    assert result.Q is out[0] and result.R is out[1]
    _same(out[0], tQ, 1e-12)
    _same(out[1], tR, 1e-12)


@pytest.mark.parametrize(
    "shape, mode",
    [((5, 3), "reduced"), ((3, 5), "reduced"), ((2, 3, 5), "complete"), ((4, 4), "complete")],
)
def test_qr_gradients(shape, mode):
    a = r(*shape, seed=8)
    x, t = nt.tensor(a, requires_grad=True), torch.tensor(a, requires_grad=True)
    Q, R = nt.linalg.qr(x, mode)
    tQ, tR = torch.linalg.qr(t, mode)
    wq, wr = r(*Q.shape, seed=9), r(*R.shape, seed=10)
    ((Q * nt.tensor(wq)).sum() + (R * nt.tensor(wr)).sum()).backward()
    ((tQ * torch.tensor(wq)).sum() + (tR * torch.tensor(wr)).sum()).backward()
    _same(x.grad, t.grad, 1e-9)
    y = nt.tensor(a, requires_grad=True)
    assert nt.autograd.gradcheck(lambda z: tuple(nt.linalg.qr(z, mode)), (y,))


@pytest.mark.parametrize("shape, mode", [((4, 2), "complete"), ((2, 4, 2), "complete"),
                                         ((4, 2), "r"), ((2, 4), "r")])  # fmt: skip
def test_qr_backward_errors(shape, mode):
    a = r(*shape, seed=11)
    for which in (0, 1):
        if mode == "r" and which == 0:
            continue
        x, t = nt.tensor(a, requires_grad=True), torch.tensor(a, requires_grad=True)
        out, tout = nt.linalg.qr(x, mode), torch.linalg.qr(t, mode)
        assert out[which].requires_grad
        _same_error(
            lambda o=out[which]: o.sum().backward(), lambda o=tout[which]: o.sum().backward()
        )


def test_qr_errors():
    for f in [lambda L: L.linalg.qr(L.ones(3, 2, dtype=L.int64), mode="complete"),
              lambda L: L.linalg.qr(L.ones(3), mode="complete"),
              lambda L: L.linalg.qr(L.ones(3, 2), mode="full")]:  # fmt: skip
        _same_error(lambda f=f: f(nt), lambda f=f: f(torch))


def test_qr_complete_cuda(device):
    a = r(2, 4, 2, seed=12, dtype=np.float32)
    Q, R = nt.linalg.qr(nt.tensor(a, device=device), "complete")
    tQ, tR = torch.linalg.qr(torch.tensor(a), "complete")
    assert Q.device.type == device
    _same(Q, tQ, 1e-5)
    _same(R, tR, 1e-5)


# ---- linalg.lstsq -------------------------------------------------------------------------

DRIVERS = [None, "gelsy", "gels", "gelsd", "gelss"]


def _lstsq_same(A, B, tol=1e-8, **kwargs) -> None:
    ours = nt.linalg.lstsq(nt.tensor(A), nt.tensor(B), **kwargs)
    theirs = torch.linalg.lstsq(torch.tensor(A), torch.tensor(B), **kwargs)
    assert type(ours).__name__ == "linalg_lstsq"
    for name in ("solution", "residuals", "rank", "singular_values"):
        _same(getattr(ours, name), getattr(theirs, name), tol)


@pytest.mark.parametrize("driver", DRIVERS)
@pytest.mark.parametrize(
    "a_shape, b_shape",
    [((5, 3), (5, 2)), ((2, 5, 3), (2, 5, 2)), ((2, 3, 5), (2, 3, 2)), ((2, 3, 3), (2, 3, 4)),
     ((2, 5, 3), (2, 5)), ((5, 3), (5,)), ((1, 2, 5, 3), (3, 1, 5, 2)), ((1, 5, 3), (5, 2)),
     ((3, 2, 5, 3), (3, 2, 5))],
)  # fmt: skip
def test_lstsq_matches_torch(driver, a_shape, b_shape):
    _lstsq_same(r(*a_shape, seed=13), r(*b_shape, seed=14), driver=driver)
    A32, B32 = r(*a_shape, seed=13, dtype=np.float32), r(*b_shape, seed=14, dtype=np.float32)
    _lstsq_same(A32, B32, 1e-4, driver=driver)


@pytest.mark.parametrize("driver", DRIVERS)
def test_lstsq_rank_deficient(driver):
    A = r(2, 5, 3, seed=15)
    A[1, :, 2] = A[1, :, 0]  # (the second matrix has rank 2)
    B = r(2, 5, 2, seed=16)
    if driver == "gels":  # (gels assumes full rank: an exact zero in R is an error)
        Z = A.copy()
        Z[1, :, 2] = 0.0
        for a, b in [(Z, B), (Z[1], B[1]), (Z[1].T, B[1, :3])]:
            with pytest.raises(torch.linalg.LinAlgError) as theirs:
                torch.linalg.lstsq(torch.tensor(a), torch.tensor(b), driver="gels")
            with pytest.raises(nt.linalg.LinAlgError) as ours:
                nt.linalg.lstsq(nt.tensor(a), nt.tensor(b), driver="gels")
            assert str(ours.value) == str(theirs.value)
        return
    ours = nt.linalg.lstsq(nt.tensor(A), nt.tensor(B), driver=driver)
    theirs = torch.linalg.lstsq(torch.tensor(A), torch.tensor(B), driver=driver)
    for name in ("rank", "singular_values"):
        _same(getattr(ours, name), getattr(theirs, name), 1e-8)
    _same(ours.solution, theirs.solution, 1e-8)
    _same(ours.residuals, theirs.residuals, 1e-8)
    _lstsq_same(A[1], B[1], driver=driver)  # (one rank-deficient matrix alone)


def test_lstsq_rcond_and_driver_case():
    A = np.diag([1.0, 1e-3, 1e-8])
    B = np.ones((3, 1))
    for driver in ("gelsd", "gelss", "gelsy"):
        _lstsq_same(A, B, rcond=1e-4, driver=driver)
    _lstsq_same(np.diag([1.0, 1e-3, 1e-20]), B, rcond=-1, driver="gelsd")
    _lstsq_same(r(5, 3, seed=17), r(5, 2, seed=18), driver="GELSD")
    _lstsq_same(r(5, 3, seed=17), r(5, 2, seed=18), 0.5, driver="gelsd")


def test_lstsq_empty():
    _lstsq_same(np.zeros((0, 3)), np.zeros((0, 2)))
    _lstsq_same(np.zeros((3, 0)), r(3, 2), driver="gelsd")
    _lstsq_same(np.zeros((0, 4, 3)), np.zeros((0, 4, 2)), driver="gelsd")
    _lstsq_same(np.zeros((4, 2)), np.ones((4, 1)), driver="gelsd")


def test_lstsq_noncontiguous():
    A, B = r(3, 5, seed=19), r(2, 5, seed=20)
    ours = nt.linalg.lstsq(nt.tensor(A).mT, nt.tensor(B).mT, driver="gelsd")
    theirs = torch.linalg.lstsq(torch.tensor(A).mT, torch.tensor(B).mT, driver="gelsd")
    for x, y in zip(ours, theirs):
        _same(x, y, 1e-10)


@pytest.mark.parametrize("driver", ["gelsy", "gelsd", "gels"])
@pytest.mark.parametrize("a_shape, b_shape", [((2, 5, 3), (2, 5, 2)), ((3, 5), (3, 2))])
def test_lstsq_gradients(driver, a_shape, b_shape):
    A, B = r(*a_shape, seed=21), r(*b_shape, seed=22)
    x, y = nt.tensor(A, requires_grad=True), nt.tensor(B, requires_grad=True)
    t, u = torch.tensor(A, requires_grad=True), torch.tensor(B, requires_grad=True)
    ours = nt.linalg.lstsq(x, y, driver=driver)
    theirs = torch.linalg.lstsq(t, u, driver=driver)
    assert [o.requires_grad for o in ours] == [o.requires_grad for o in theirs]
    w = r(*ours.solution.shape, seed=23)
    loss = (ours.solution * nt.tensor(w)).sum()
    tloss = (theirs.solution * torch.tensor(w)).sum()
    if ours.residuals.numel():
        loss, tloss = loss + ours.residuals.sum(), tloss + theirs.residuals.sum()
    loss.backward()
    tloss.backward()
    _same(x.grad, t.grad, 1e-8)
    _same(y.grad, u.grad, 1e-8)

    def f(a, b):
        result = nt.linalg.lstsq(a, b, driver=driver)
        return result.solution, result.residuals

    assert nt.autograd.gradcheck(f, (nt.tensor(A, requires_grad=True),
                                     nt.tensor(B, requires_grad=True)))  # fmt: skip


LSTSQ_ERRORS = [
    lambda L, A, B: L.linalg.lstsq(A, B, driver="foo"),
    lambda L, A, B: L.linalg.lstsq(A, B.float()),
    lambda L, A, B: L.linalg.lstsq(A.long(), B.long()),
    lambda L, A, B: L.linalg.lstsq(A.half(), B.half()),
    lambda L, A, B: L.linalg.lstsq(A[0, 0], B[0, 0]),
    lambda L, A, B: L.linalg.lstsq(A[0], L.tensor(1.0, dtype=L.float64)),
    lambda L, A, B: L.linalg.lstsq(A, B[:, :4]),
    lambda L, A, B: L.linalg.lstsq(A[0], B[0, :4, 0]),
    lambda L, A, B: L.linalg.lstsq(A, B[0]),
    lambda L, A, B: L.linalg.lstsq(A[0], B),
    lambda L, A, B: L.linalg.lstsq(A, B[:, :4], driver="foo"),
    lambda L, A, B: L.linalg.lstsq(A[0, 0], B, driver="foo"),
]


@pytest.mark.parametrize("case", range(len(LSTSQ_ERRORS)))
def test_lstsq_errors(case):
    f = LSTSQ_ERRORS[case]
    A, B = r(2, 5, 3, seed=24), r(2, 5, 2, seed=25)
    _same_error(
        lambda: f(nt, nt.tensor(A), nt.tensor(B)),
        lambda: f(torch, torch.tensor(A), torch.tensor(B)),
    )


def test_lstsq_cuda(device):
    A, B = r(2, 4, 2, seed=26, dtype=np.float32), r(2, 4, 1, seed=27, dtype=np.float32)
    driver = "gels" if device == "cpu" else None
    ours = nt.linalg.lstsq(nt.tensor(A, device=device), nt.tensor(B, device=device), driver=driver)
    theirs = torch.linalg.lstsq(torch.tensor(A), torch.tensor(B), driver="gels")
    for x, y in zip(ours, theirs):  # (gels: CUDA's default)
        _same(x, y, 1e-4)
    if device == "cuda":
        with pytest.raises(RuntimeError, match="other than `gels` is not supported on CUDA"):
            nt.linalg.lstsq(
                nt.tensor(A, device=device), nt.tensor(B, device=device), driver="gelsd"
            )
