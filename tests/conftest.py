"""Shared test helpers: run the same code against numtensor and torch and compare."""

from __future__ import annotations

import numpy as np
import pytest

import numtensor as nt

torch = pytest.importorskip("torch")


def _same_dtype(a, b) -> bool:
    return str(a).replace("numtensor.", "") == str(b).replace("torch.", "")


def assert_same(
    got, expected, *, exact: bool = True, check_repr: bool = True, rtol=1e-6, atol=1e-7
) -> None:
    """Values, dtypes, shapes (and printing) of a numtensor result equal torch's."""
    if isinstance(expected, torch.Tensor):
        assert isinstance(got, nt.Tensor), f"expected a Tensor, got {type(got).__name__}"
        assert _same_dtype(got.dtype, expected.dtype), (got.dtype, expected.dtype)
        assert tuple(got.shape) == tuple(expected.shape), (got.shape, expected.shape)
        g = got.detach().numpy() if got.requires_grad else got.numpy()
        e = expected.detach().numpy()
        if exact:
            np.testing.assert_array_equal(g, e)
        else:
            np.testing.assert_allclose(g, e, rtol=rtol, atol=atol)
        assert got.requires_grad == expected.requires_grad
        if check_repr:
            assert repr(got).replace("numtensor.", "torch.") == repr(expected)
    elif isinstance(expected, (tuple, list)) and not isinstance(expected, torch.Size):
        assert len(got) == len(expected), (got, expected)
        for g, e in zip(got, expected):
            assert_same(g, e, exact=exact, check_repr=check_repr, rtol=rtol, atol=atol)
    elif isinstance(expected, torch.Size):
        assert isinstance(got, nt.Size)
        assert tuple(got) == tuple(expected)
        assert repr(got).replace("numtensor.", "torch.") == repr(expected)
    elif isinstance(expected, torch.dtype):
        assert _same_dtype(got, expected)
    elif isinstance(expected, torch.device):
        assert str(got) == str(expected) and repr(got) == repr(expected)
    elif isinstance(expected, np.ndarray):
        assert isinstance(got, np.ndarray) and got.dtype == expected.dtype
        np.testing.assert_array_equal(got, expected)
    elif isinstance(expected, float) and np.isnan(expected):
        assert isinstance(got, float) and np.isnan(got)
    else:
        assert type(got) is type(expected), (got, expected)
        assert got == expected


def check(fn, *, exact: bool = True, check_repr: bool = True, rtol=1e-6, atol=1e-7) -> None:
    """Run ``fn(module)`` with torch and numtensor: same result, or the same exception class."""
    try:
        expected = fn(torch)
    except Exception as exc:
        with pytest.raises(type(exc)):
            fn(nt)
        return
    got = fn(nt)
    assert_same(got, expected, exact=exact, check_repr=check_repr, rtol=rtol, atol=atol)


def shares_memory(a, b) -> bool:
    return np.shares_memory(a.numpy(), b.numpy())
