"""``out=`` of the size factories (zeros, ones, empty, rand, randn) and ``adjoint`` of complex
tensors, against torch 2.13 (bugs found while documenting them, issue 16)."""

import warnings

import numpy as np
import pytest

import numtensor as nt
from tests.conftest import check, torch


@pytest.mark.parametrize("name", ["zeros", "ones"])
@pytest.mark.parametrize("dtype", ["float32", "float64", "int64", "bool"])
@pytest.mark.parametrize("size", [(3,), (2, 2), (0,)])
def test_filled_into_out(name, dtype, size):
    ours = nt.empty(2, dtype=getattr(nt, dtype))
    theirs = torch.empty(2, dtype=getattr(torch, dtype))
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # (resizing a factory's out= does not warn)
        got = getattr(nt, name)(*size, out=ours)
    want = getattr(torch, name)(*size, out=theirs)
    assert got is ours
    assert tuple(got.shape) == tuple(want.shape)
    assert str(got.dtype).split(".")[1] == str(want.dtype).split(".")[1]
    np.testing.assert_array_equal(got.numpy(), want.numpy())


def test_empty_into_out_resizes():
    out = nt.zeros(2)
    got = nt.empty((2, 3), out=out)
    assert got is out and tuple(out.shape) == (2, 3)


@pytest.mark.parametrize("name", ["zeros", "ones", "empty"])
def test_out_dtype_mismatch(name):
    with pytest.raises(RuntimeError) as want:
        getattr(torch, name)(2, dtype=torch.float64, out=torch.empty(2))
    with pytest.raises(RuntimeError) as got:
        getattr(nt, name)(2, dtype=nt.float64, out=nt.empty(2))
    assert str(got.value) == str(want.value)


@pytest.mark.parametrize("name", ["rand", "randn"])
def test_random_into_out(name):
    out = nt.full((2,), 100.0, dtype=nt.float64)
    got = getattr(nt, name)(3, 4, out=out)
    assert got is out and tuple(out.shape) == (3, 4) and out.dtype is nt.float64
    values = out.numpy()
    assert np.all(values != 100.0)
    if name == "rand":
        assert np.all((values >= 0) & (values < 1))
    nt.manual_seed(5)
    again = getattr(nt, name)(3, 4, dtype=nt.float64)
    nt.manual_seed(5)
    getattr(nt, name)(3, 4, out=out)
    np.testing.assert_array_equal(out.numpy(), again.numpy())


@pytest.mark.parametrize("name", ["rand", "randn"])
def test_random_out_integer_refused(name):
    with pytest.raises(NotImplementedError) as want:
        getattr(torch, name)(2, out=torch.empty(2, dtype=torch.int64))
    with pytest.raises(NotImplementedError) as got:
        getattr(nt, name)(2, out=nt.empty(2, dtype=nt.int64))
    assert str(got.value) == str(want.value)


@pytest.mark.parametrize("dtype", ["complex64", "complex128", "float32"])
def test_adjoint_conjugates(dtype):
    data = [[[1 + 1j, 2 - 1j, 0.5j], [3j, 4, -2 - 2j]]]
    if dtype == "float32":
        data = [[[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]]]
    ours = nt.tensor(data, dtype=getattr(nt, dtype))
    theirs = torch.tensor(data, dtype=getattr(torch, dtype))
    got, want = nt.adjoint(ours), torch.adjoint(theirs)
    assert tuple(got.shape) == tuple(want.shape)
    np.testing.assert_array_equal(got.numpy(), want.resolve_conj().numpy())
    np.testing.assert_array_equal(ours.adjoint().numpy(), want.resolve_conj().numpy())


@pytest.mark.parametrize(
    "fn",
    [
        lambda m, t: m.arange(5, out=t),
        lambda m, t: m.arange(1, 2, 0.25, out=t),
        lambda m, t: m.full((2, 2), 3.0, out=t),
        lambda m, t: m.eye(2, 3, out=t),
        lambda m, t: m.linspace(0, 1, 3, out=t),
        lambda m, t: m.logspace(0, 1, 2, out=t),
        lambda m, t: m.arange(3, dtype=m.float64, out=t),
    ],
)
@pytest.mark.parametrize("dtype", ["float32", "float64", "int64"])
def test_more_factories_write_out(fn, dtype):
    def run(m):
        t = m.empty(0, dtype=getattr(m, dtype))
        result = fn(m, t)
        return result is t, t

    check(run)


def test_randint_out():
    def run(m):
        t = m.empty(0, dtype=m.long)
        result = m.randint(0, 1, (3,), out=t)
        return result is t, t

    check(run)


@pytest.mark.parametrize(
    "args, dtype",
    [
        ((0.0, 1, 0.5), "int32"),
        ((-0.5, 3.7, 1.9), "int32"),
        ((0.5, 3.5), "uint8"),
        ((5.7,), "int64"),
        ((1, 2, 0.25), "int64"),
        ((10, 0, -3), "int16"),
        ((-3.5, 2.2, 1.5), "int64"),
        ((0, 1, 0), "int32"),
    ],
)
def test_arange_integer_dtypes_truncate_like_torch(args, dtype):
    check(lambda m: m.arange(*args, dtype=getattr(m, dtype)))
