"""The seam: both backends export the one interface, and tensors hold their device's storage."""

import numpy as np
import pytest

import numtensor as nt
from numtensor import backend
from numtensor.backend import cpu


def test_cpu_backend_exports_the_interface():
    assert sorted(cpu.__all__) == sorted(backend.INTERFACE)
    for name in backend.INTERFACE:
        assert callable(getattr(cpu, name)), name
    assert set(backend.WRITES) <= set(backend.INTERFACE)


def test_a_tensor_cannot_hold_storage_of_another_device():
    with pytest.raises(RuntimeError, match="cannot hold"):
        nt.Tensor._make(np.zeros(2), nt.device("cuda"))

    class FakeDeviceArray:
        __cuda_array_interface__ = {"shape": (2,), "typestr": "<f4", "data": (0, False)}
        dtype = np.dtype(np.float32)

    with pytest.raises(RuntimeError, match="cuda memory"):
        nt.Tensor._make(FakeDeviceArray(), nt.device("cpu"))


def test_backend_of_device():
    assert backend.of(nt.device("cpu")) is cpu
    assert backend.device_of_storage(np.zeros(1)) == "cpu"
    assert backend.device_of_storage([1, 2]) == ""


@pytest.mark.cuda
def test_cuda_backend_exports_the_interface():
    if not nt.cuda.is_available():
        pytest.skip("no CUDA device (run with NUMBA_ENABLE_CUDASIM=1)")
    from numtensor.backend import cuda

    for name in backend.INTERFACE:
        assert callable(getattr(cuda, name)), name
    native = set(cuda.NATIVE)
    assert {"elementwise", "reduce", "arg_reduce", "scan", "bmm", "copy_", "view"} <= native
    assert set(cuda.HOST_FALLBACKS) == set(backend.INTERFACE) - native
    assert backend.of(nt.device("cuda")) is cuda
    assert backend.device_of_storage(nt.ones(2, device="cuda")._data) == "cuda"
