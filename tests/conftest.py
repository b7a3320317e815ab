"""Shared test helpers: run the same code against numtensor and torch and compare.

The ``device`` fixture runs a test on the CPU and on CUDA; the CUDA runs carry the ``cuda``
mark, so the default run deselects them and ``NUMBA_ENABLE_CUDASIM=1 pytest -m cuda`` (or a
real GPU) runs them. ``on(device)`` is numtensor whose factories default to that device.
"""

from __future__ import annotations

import functools
import os
import sys
import threading

import numpy as np
import pytest

import numtensor as nt

torch = pytest.importorskip("torch")

FACTORIES = frozenset(
    {
        "tensor",
        "as_tensor",
        "zeros",
        "ones",
        "full",
        "empty",
        "eye",
        "arange",
        "linspace",
        "logspace",
        "rand",
        "randn",
        "randint",
        "randperm",
    }
)


@pytest.fixture(autouse=True, scope="session")
def _simulator_switches_threads_often():
    """numba's CUDA simulator runs a block as Python threads that wait for each other at every
    syncthreads(): switching threads more often makes block-wide steps several times faster."""
    if os.environ.get("NUMBA_ENABLE_CUDASIM") != "1":
        yield
        return
    import traceback

    from numba.cuda import types
    from numba.cuda.np import numpy_support
    from numba.cuda.simulator.kernelapi import FakeCUDAShared

    # the simulator allocates a block's shared array on the first thread's call with an
    # unlocked check-then-set: two threads switched in between get two different arrays (a
    # NaN sum, a garbage sort index). Frequent switching makes that likely, so serialise it.
    lock = threading.Lock()
    unlocked = FakeCUDAShared.array

    def array(self, shape, dtype, alignment=None):
        if shape == 0 or alignment is not None:
            return unlocked(self, shape, dtype, alignment)
        if isinstance(dtype, types.Type):
            dtype = numpy_support.as_dtype(dtype)
        # the array of a block is the one of its source line, as in the simulator
        caller = traceback.extract_stack(sys._getframe())[-2][0:2]
        with lock:
            found = self._allocations.get(caller)
            if found is None:
                found = self._allocations[caller] = np.empty(shape, dtype)
        return found

    FakeCUDAShared.array = array
    before = sys.getswitchinterval()
    sys.setswitchinterval(5e-5)
    yield
    sys.setswitchinterval(before)
    FakeCUDAShared.array = unlocked


@pytest.fixture(params=["cpu", pytest.param("cuda", marks=pytest.mark.cuda)])
def device(request) -> str:
    """Each test that takes it runs once per device (cuda: the simulator in CI)."""
    if request.param == "cuda" and not nt.cuda.is_available():
        pytest.skip("no CUDA device (run with NUMBA_ENABLE_CUDASIM=1)")
    return request.param


class _OnDevice:
    """numtensor, with its tensor factories defaulting to ``device=``."""

    def __init__(self, device: str) -> None:
        self._device = device

    def __getattr__(self, name: str):
        attr = getattr(nt, name)
        if name in FACTORIES:
            return functools.partial(_with_device, attr, self._device)
        return attr


def _with_device(factory, device, *args, **kwargs):
    kwargs.setdefault("device", device)
    return factory(*args, **kwargs)


def on(device: str):
    """numtensor itself for the CPU; for CUDA, numtensor creating tensors there."""
    return nt if device == "cpu" else _OnDevice(device)


def _host(t):
    """A tensor's values on the CPU, checking a CUDA result stayed on its device."""
    return t.cpu() if t.device.type == "cuda" else t


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
        shown = repr(got).replace(", device='cuda:0'", "")
        got = _host(got)
        g = got.detach().numpy() if got.requires_grad else got.numpy()
        if expected.dtype == torch.bfloat16:  # (torch has no NumPy bfloat16: as float32)
            e, g = expected.detach().float().numpy(), g.astype(np.float32)
        else:
            e = expected.detach().numpy()
        if exact:
            np.testing.assert_array_equal(g, e)
        else:
            np.testing.assert_allclose(g, e, rtol=rtol, atol=atol)
        assert got.requires_grad == expected.requires_grad
        if check_repr:
            assert shown.replace("numtensor.", "torch.") == repr(expected)
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
        if isinstance(got, str):  # printed CUDA tensors name their device; torch's here don't
            got = got.replace(", device='cuda:0'", "")
        assert got == expected


def check(
    fn, *, exact: bool = True, check_repr: bool = True, rtol=1e-6, atol=1e-7, device="cpu"
) -> None:
    """Run ``fn(module)`` with torch and numtensor (its tensors made on ``device``): same
    result, or the same exception class."""
    try:
        expected = fn(torch)
    except Exception as exc:
        with pytest.raises(type(exc)):
            fn(on(device))
        return
    got = fn(on(device))
    assert_same(got, expected, exact=exact, check_repr=check_repr, rtol=rtol, atol=atol)


def shares_memory(a, b) -> bool:
    return np.shares_memory(a.numpy(), b.numpy())


def check_on(device: str, fn, **kwargs) -> None:
    """``check`` with numtensor's tensors made on ``device``."""
    check(fn, device=device, **kwargs)
