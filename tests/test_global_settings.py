"""The process-wide names PyTorch code touches: torch.version, torch.backends, the default
device, deterministic mode, matmul precision, inter-op threads, has_* flags, device modules."""

import warnings

import pytest

import numtensor as nt
from tests.conftest import torch


def test_version():
    assert nt.version.__version__ == nt.__version__
    assert nt.version.debug is False and nt.version.hip is None
    cuda = nt.version.cuda
    assert cuda is None or (isinstance(cuda, str) and cuda[0].isdigit())
    assert (cuda is None) == (not nt.cuda.is_available()) or nt.cuda.is_available()


def test_backends_flags_read_back():
    assert nt.backends.cudnn.is_available() is False
    assert nt.backends.mps.is_available() is False
    assert nt.backends.openmp.is_available() is True
    assert nt.backends.mkl.is_available() is False
    assert nt.backends.cudnn.version() is None
    for name in ("benchmark", "deterministic", "enabled", "allow_tf32"):
        assert getattr(nt.backends.cudnn, name) == getattr(torch.backends.cudnn, name)
    nt.backends.cudnn.benchmark = True
    assert nt.backends.cudnn.benchmark is True
    nt.backends.cudnn.benchmark = False
    matmul = nt.backends.cuda.matmul
    assert matmul.allow_tf32 == torch.backends.cuda.matmul.allow_tf32
    matmul.allow_tf32 = True
    assert matmul.allow_tf32 is True
    matmul.allow_tf32 = False
    assert nt.backends.cuda.flash_sdp_enabled() == torch.backends.cuda.flash_sdp_enabled()
    nt.backends.cuda.enable_flash_sdp(False)
    assert not nt.backends.cuda.flash_sdp_enabled()
    nt.backends.cuda.enable_flash_sdp(True)
    assert nt.backends.cpu.get_cpu_capability() in ("AVX512", "AVX2", "DEFAULT")
    import numtensor.backends.cudnn as cudnn

    assert cudnn is nt.backends.cudnn


def test_has_flags_and_device_modules():
    assert nt.has_lapack is True and nt.has_spectral is False
    assert nt.get_device_module() is nt.cpu
    assert nt.get_device_module("cuda:0") is nt.cuda
    assert nt.get_device_module(nt.device("cpu")) is nt.cpu
    assert nt.cpu.is_available() and nt.cpu.device_count() == 1
    with pytest.raises(RuntimeError):
        nt.get_device_module("foo")


def test_default_device():
    assert nt.get_default_device() == nt.device("cpu")
    assert repr(nt.get_default_device()) == repr(torch.get_default_device())
    with pytest.raises(RuntimeError):
        nt.set_default_device("foo")
    nt.set_default_device("cpu")
    try:
        assert nt.zeros(2).device == nt.device("cpu")
        assert nt.tensor([1.0]).device.type == "cpu"
    finally:
        nt.set_default_device(None)
    assert nt.get_default_device().type == "cpu"


@pytest.mark.cuda
def test_default_device_cuda():
    if not nt.cuda.is_available():
        pytest.skip("no CUDA device")
    nt.set_default_device("cuda")
    try:
        assert repr(nt.get_default_device()) == "device(type='cuda', index=0)"
        assert nt.zeros(2).device.type == "cuda"
        assert nt.randn(2).device.type == "cuda"
        assert nt.arange(3).device.type == "cuda"
        assert nt.tensor([1.0]).device.type == "cuda"
        assert nt.zeros(2, device="cpu").device.type == "cpu"
    finally:
        nt.set_default_device(None)
    assert nt.zeros(1).device.type == "cpu"


def test_deterministic_mode_like_torch():
    for m in (nt, torch):
        try:
            assert m.are_deterministic_algorithms_enabled() is False
            m.use_deterministic_algorithms(True, warn_only=True)
            assert m.is_deterministic_algorithms_warn_only_enabled() is True
            assert m.get_deterministic_debug_mode() == 1
            m.set_deterministic_debug_mode("error")
            assert m.get_deterministic_debug_mode() == 2
            assert m.are_deterministic_algorithms_enabled() is True
            assert m.is_deterministic_algorithms_warn_only_enabled() is False
            m.set_deterministic_debug_mode(0)
            assert m.are_deterministic_algorithms_enabled() is False
        finally:
            m.use_deterministic_algorithms(False)
    for bad, error in (("x", RuntimeError), (5, RuntimeError), (1.0, TypeError)):
        for m in (nt, torch):
            with pytest.raises(error):
                m.set_deterministic_debug_mode(bad)
    for m in (nt, torch):
        with pytest.raises(TypeError):
            m.use_deterministic_algorithms(1)


def test_matmul_precision_and_threads():
    for m in (nt, torch):
        assert m.get_float32_matmul_precision() == "highest"
        m.set_float32_matmul_precision("high")
        assert m.get_float32_matmul_precision() == "high"
        m.set_float32_matmul_precision("highest")
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            m.set_float32_matmul_precision("foo")
        assert caught and issubclass(caught[0].category, UserWarning)
        assert m.get_float32_matmul_precision() == "highest"
    assert nt.get_num_interop_threads() >= 1
    for bad in (0, 2.0):
        with pytest.raises(RuntimeError):
            nt.set_num_interop_threads(bad)


def test_tensor_layout_and_python_callbacks():
    from tests.conftest import check

    check(lambda m: m.arange(6.0).reshape(2, 3).t().dim_order())
    check(lambda m: m.zeros(2, 3, 4).permute(2, 0, 1).dim_order())
    check(lambda m: (m.zeros(1).is_meta, m.zeros(1).is_mps, m.zeros(1).is_xla))
    check(lambda m: m.arange(6.0).reshape(2, 3).clone().apply_(lambda v: v * 2))
    check(lambda m: m.arange(6).reshape(2, 3).map_(m.ones(3, dtype=m.long), lambda a, b: a + b))
    check(lambda m: m.arange(3.0).cdouble())
    x = nt.arange(3.0)
    assert x.const_data_ptr() == x.data_ptr()
    with pytest.raises(RuntimeError):
        nt.ones(2, requires_grad=True).apply_(lambda v: v)
