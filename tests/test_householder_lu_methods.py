"""torch.ormqr / Tensor.ormqr, the method forms Tensor.geqrf / orgqr / lu (and torch.lu),
Tensor.conj_physical_ and autograd.set_multithreading_enabled against torch."""

import threading
import warnings

import numpy as np
import pytest

import numtensor as nt
from numtensor.autograd.grad_mode import _is_multithreading_enabled
from tests.conftest import torch


def r(*shape, seed=0, dtype=np.float64):
    return np.random.default_rng(seed).standard_normal(shape).astype(dtype)


def _same(a, b, tol=1e-10) -> None:
    np.testing.assert_allclose(a.detach().cpu().numpy(), b.detach().numpy(), rtol=tol, atol=tol)


def _householder(shape, dtype=np.float64, seed=0):
    """torch's geqrf of a random matrix, as (torch a, torch tau, our a, our tau)."""
    A = torch.tensor(r(*shape, seed=seed, dtype=dtype))
    a, tau = torch.geqrf(A)
    return a, tau, nt.tensor(a.numpy()), nt.tensor(tau.numpy())


# ---- ormqr -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "shape, c_shape, left",
    [
        ((5, 3), (5, 4), True),
        ((5, 3), (4, 5), False),
        ((3, 5), (3, 4), True),  # more reflector columns than rows
        ((3, 5), (2, 3), False),
        ((2, 4, 4), (2, 4, 3), True),
        ((2, 1, 4, 2), (2, 1, 3, 4), False),
    ],
)
@pytest.mark.parametrize("transpose", [False, True])
def test_ormqr_matches_torch(shape, c_shape, left, transpose):
    ta, ttau, na, ntau = _householder(shape)
    C = r(*c_shape, seed=1)
    expected = torch.ormqr(ta, ttau, torch.tensor(C), left, transpose)
    got = nt.ormqr(na, ntau, nt.tensor(C), left, transpose)
    assert got.shape == expected.shape and got.dtype == nt.float64
    _same(got, expected)
    _same(na.ormqr(ntau, nt.tensor(C), left=left, transpose=transpose), expected)


def test_ormqr_float32_complex_empty_and_non_contiguous():
    ta, ttau, na, ntau = _householder((4, 3), dtype=np.float32)
    C = r(4, 2, seed=2, dtype=np.float32)
    got = nt.ormqr(na, ntau, nt.tensor(C))
    assert got.dtype == nt.float32
    _same(got, torch.ormqr(ta, ttau, torch.tensor(C)), 1e-5)
    # complex: Q^H uses the conjugate
    z = r(4, 3, seed=3) + 1j * r(4, 3, seed=4)
    za, ztau = torch.geqrf(torch.tensor(z))
    cz = torch.tensor(r(4, 2, seed=5) + 1j * r(4, 2, seed=6))
    for transpose in (False, True):
        got = nt.ormqr(nt.tensor(za.numpy()), nt.tensor(ztau.numpy()), nt.tensor(cz.numpy()),
                       transpose=transpose)  # fmt: skip
        np.testing.assert_allclose(
            got.numpy(), torch.ormqr(za, ztau, cz, transpose=transpose).numpy(), atol=1e-10
        )
    # empty: no reflectors (Q = I), no columns, an empty batch
    e = nt.ormqr(nt.zeros(3, 0, dtype=nt.float64), nt.zeros(0, dtype=nt.float64), nt.ones(3, 2,
                 dtype=nt.float64))  # fmt: skip
    np.testing.assert_array_equal(e.numpy(), np.ones((3, 2)))
    assert nt.ormqr(na, ntau, nt.zeros(4, 0)).shape == (4, 0)
    assert nt.ormqr(na.expand(0, 4, 3), ntau.expand(0, 3), nt.zeros(0, 4, 2)).shape == (0, 4, 2)
    # non-contiguous operands
    ta, ttau, na, ntau = _householder((3, 4))
    C = r(3, 2, seed=7)
    got = nt.ormqr(na.mT.contiguous().mT, ntau, nt.tensor(C.T.copy()).mT)
    _same(got, torch.ormqr(ta, ttau, torch.tensor(C)))


def test_ormqr_gradients_match_torch_and_gradcheck():
    ta, ttau, na, ntau = _householder((4, 3))
    C = r(4, 2, seed=1)
    g = r(4, 2, seed=2)
    tin = [ta.clone().requires_grad_(), ttau.clone().requires_grad_(),
           torch.tensor(C, requires_grad=True)]  # fmt: skip
    nin = [na.clone().requires_grad_(), ntau.clone().requires_grad_(),
           nt.tensor(C, requires_grad=True)]  # fmt: skip
    (torch.ormqr(*tin, transpose=True) * torch.tensor(g)).sum().backward()
    (nt.ormqr(*nin, transpose=True) * nt.tensor(g)).sum().backward()
    for x, y in zip(nin, tin):
        _same(x.grad, y.grad, 1e-9)
    for left in (True, False):
        other = nt.tensor(r(4, 2, seed=3) if left else r(2, 4, seed=3), requires_grad=True)
        assert nt.autograd.gradcheck(
            lambda a, t, c, left=left: nt.ormqr(a, t, c, left=left), (nin[0], nin[1], other)
        )


def test_ormqr_out():
    ta, ttau, na, ntau = _householder((3, 2))
    C = r(3, 2, seed=1)
    out = nt.empty(0, dtype=nt.float64)
    assert nt.ormqr(na, ntau, nt.tensor(C), out=out) is out
    _same(out, torch.ormqr(ta, ttau, torch.tensor(C)))
    for lib, a, tau in ((nt, na, ntau), (torch, ta, ttau)):
        with pytest.raises(RuntimeError, match="Expected input and result to have the same"):
            lib.ormqr(a, tau, lib.tensor(C), out=lib.empty(0, dtype=lib.float32))


def _ormqr_error_cases(lib, a, tau, C):
    return [
        lambda: lib.ormqr(a[0], tau, C),
        lambda: lib.ormqr(a, tau, C[0]),
        lambda: lib.ormqr(a, tau, C[:4]),
        lambda: lib.ormqr(a, tau, C, left=False),
        lambda: lib.ormqr(a, tau[:2], C),
        lambda: lib.ormqr(a, tau[:2], C.mT, left=False),
        lambda: lib.ormqr(a, tau[None], C),
        lambda: lib.ormqr(a, tau, C[None]),
        lambda: lib.ormqr(a.expand(2, 5, 3), tau.expand(3, 3), C.expand(2, 5, 4)),
        lambda: lib.ormqr(a.expand(2, 5, 3), tau.expand(2, 3), C.expand(3, 5, 4)),
        lambda: lib.ormqr(a, tau.float(), C),
        lambda: lib.ormqr(a, tau, C.float()),
        lambda: lib.ormqr(a.int(), tau.int(), C.int()),
        lambda: lib.ormqr(a.half(), tau.half(), C.half()),
    ]


def test_ormqr_errors_match_torch():
    ta, ttau, na, ntau = _householder((5, 3))
    C = r(5, 4, seed=1)
    ours = _ormqr_error_cases(nt, na, ntau, nt.tensor(C))
    theirs = _ormqr_error_cases(torch, ta, ttau, torch.tensor(C))
    for i, (mine, ref) in enumerate(zip(ours, theirs)):
        with pytest.raises(Exception) as expected:
            ref()
        with pytest.raises(type(expected.value)) as got:
            mine()
        assert str(got.value) == str(expected.value), i


# ---- the method forms: geqrf, orgqr, lu ----------------------------------------------------


def test_geqrf_and_orgqr_methods():
    A = r(2, 5, 3)
    ta, ttau = torch.tensor(A).geqrf()
    res = nt.tensor(A).geqrf()
    assert type(res).__name__ == "geqrf" and res._fields == ("a", "tau")
    _same(res.a, ta)
    _same(res.tau, ttau)
    assert "geqrf(" in repr(res)
    _same(res.a.orgqr(res.tau), ta.orgqr(ttau))
    _same(nt.orgqr(res.a, res.tau), ta.orgqr(ttau))


@pytest.mark.parametrize("shape", [(3, 3), (2, 4, 4), (1, 1), (0, 3, 3)])
def test_lu_method_and_function_match_torch(shape):
    A = r(*shape)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        expected = torch.tensor(A).lu(get_infos=True)
        two = nt.tensor(A).lu()
        three = nt.lu(nt.tensor(A), get_infos=True)
    assert type(two) is tuple and len(two) == 2 and type(three) is tuple
    for got, ref in zip(three, expected):
        assert got.dtype.__repr__().split(".")[-1] == str(ref.dtype).split(".")[-1]
        assert tuple(got.shape) == tuple(ref.shape)
        _same(got, ref)
    _same(two[0], expected[0])


def test_lu_singular_out_and_errors():
    A = [[1.0, 2.0], [2.0, 4.0]]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        expected = torch.lu(torch.tensor(A), get_infos=True)
        got = nt.tensor(A).lu(get_infos=True)  # singular: an info, no error
        assert int(got[2]) == int(expected[2]) == 2
        out = (nt.empty(0), nt.empty(0, dtype=nt.int32))
        assert nt.lu(nt.tensor(A), out=out) is out
        _same(out[0], expected[0])
        _same(out[1], expected[1])
        for lib in (nt, torch):
            with pytest.raises(TypeError, match="expected tuple of 3 elements but got 2"):
                lib.lu(lib.tensor(A), get_infos=True, out=(lib.empty(0), lib.empty(0)))
            with pytest.raises(RuntimeError, match="LU without pivoting is not implemented"):
                lib.tensor(A).lu(pivot=False)


def test_lu_warns_that_it_is_deprecated(monkeypatch):
    from numtensor.ops import factorizations

    monkeypatch.setattr(factorizations, "_LU_WARNED", [])
    with pytest.warns(UserWarning, match="torch.lu is deprecated"):
        nt.eye(2).lu()


# ---- conj_physical_ --------------------------------------------------------------------------


def test_conj_physical_in_place():
    z = [1 + 2j, 3 - 1j, -2j]
    ours, theirs = nt.tensor(z), torch.tensor(z)
    view = ours[1:]
    assert ours.conj_physical_() is ours
    theirs.conj_physical_()
    np.testing.assert_array_equal(ours.numpy(), theirs.numpy())
    np.testing.assert_array_equal(view.numpy(), theirs[1:].numpy())  # in its own memory
    strided = nt.tensor([[1 + 1j, 2 + 2j], [3 + 3j, 4 + 4j]], dtype=nt.complex64).t()
    strided.conj_physical_()
    np.testing.assert_array_equal(strided.numpy(), np.array([[1 - 1j, 3 - 3j], [2 - 2j, 4 - 4j]]))
    for values, dtype in (([1.0, -2.0], nt.float32), ([1, 2], nt.int64), ([True], nt.bool)):
        t = nt.tensor(values, dtype=dtype)
        assert t.conj_physical_() is t
        np.testing.assert_array_equal(t.numpy(), np.array(values))
    for lib in (nt, torch):
        leaf = lib.tensor([1.0, 2.0], requires_grad=True)
        with pytest.raises(RuntimeError, match="a leaf Variable that requires grad"):
            leaf.conj_physical_()
        with lib.no_grad():
            assert leaf.conj_physical_() is leaf


@pytest.mark.cuda
def test_conj_physical_on_cuda(device):
    z = nt.tensor([1 + 2j, 3 - 1j], device=device)
    z.conj_physical_()
    np.testing.assert_array_equal(z.cpu().numpy(), [1 - 2j, 3 + 1j])


# ---- set_multithreading_enabled --------------------------------------------------------------


def test_set_multithreading_enabled_as_torch():
    ours, theirs = nt.autograd.set_multithreading_enabled, torch.autograd.set_multithreading_enabled

    def flags():
        return _is_multithreading_enabled(), torch._C._is_multithreading_enabled()

    assert flags() == (True, True)
    with ours(False) as a, theirs(False) as b:
        assert a is None and b is None
        assert flags() == (False, False)
    assert flags() == (True, True)
    ours(False), theirs(False)  # as a function: for the rest of the thread
    assert flags() == (False, False)
    seen = []
    thread = threading.Thread(target=lambda: seen.append(_is_multithreading_enabled()))
    thread.start()
    thread.join()
    assert seen == [True]  # thread-local
    ours(True), theirs(True)
    assert flags() == (True, True)

    @ours(False)
    def f_ours():
        return _is_multithreading_enabled()

    @theirs(False)
    def f_theirs():
        return torch._C._is_multithreading_enabled()

    assert flags() == (False, False)  # making the decorator sets the flag, as in torch
    ours(True), theirs(True)
    assert (f_ours(), f_theirs()) == (False, False)
    assert flags() == (True, True)  # the call restores what it found
    assert ours(True).clone().mode is True
    assert "set_multithreading_enabled" in nt.autograd.__all__
    x = nt.tensor([1.0, 2.0], requires_grad=True)
    with ours(False):
        (x * x).sum().backward()
    np.testing.assert_array_equal(x.grad.numpy(), [2.0, 4.0])
