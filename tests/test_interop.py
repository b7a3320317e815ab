"""Interop without copies (issue 16): DLPack both ways with NumPy, PyTorch (CPU) and JAX,
legacy capsules, ``__array__`` with NumPy 2's ``copy=``, ``numpy(force=True)``,
``as_tensor``/``asarray`` from foreign arrays and buffers, and the CUDA path (kDLCUDA
capsules, ``__cuda_array_interface__`` objects) on the device fixture."""

import array
import gc
import sys

import numpy as np
import pytest

import numtensor as nt
from numtensor.backend import dlpack as native
from tests.conftest import torch

DTYPES = ["bool", "uint8", "int8", "int16", "int32", "int64", "float16", "float32",
          "float64", "complex64", "complex128"]  # fmt: skip


def _values(dtype: str, shape=(2, 3)) -> np.ndarray:
    a = np.arange(1, 1 + int(np.prod(shape))).reshape(shape)
    if dtype == "bool":
        return a % 2 == 0
    return (a * (1 + 1j) if "complex" in dtype else a).astype(dtype)


def _other(dtype: str):
    """A value to write that differs from every value of _values."""
    return False if dtype == "bool" else 100


class Producer:
    """An array known only by the DLPack protocol (as a foreign library's would be)."""

    def __init__(self, x):
        self.x = x

    def __dlpack__(self, **kwargs):
        return self.x.__dlpack__(**kwargs)

    def __dlpack_device__(self):
        return self.x.__dlpack_device__()


# ---- NumPy ----------------------------------------------------------------------------------


@pytest.mark.parametrize("dtype", DTYPES)
def test_numpy_reads_a_tensor_and_shares_its_memory(dtype):
    t = nt.from_numpy(_values(dtype).copy()).clone()  # (memory numtensor allocated)
    a = np.from_dlpack(t)
    assert a.dtype == np.dtype(dtype) and a.shape == (2, 3)
    np.testing.assert_array_equal(a, _values(dtype))
    a[0, 1] = _other(dtype)
    assert t[0, 1].item() == _other(dtype)
    t[1, 2] = _other(dtype)
    assert a[1, 2] == _other(dtype)


@pytest.mark.parametrize("dtype", DTYPES)
def test_from_dlpack_reads_a_numpy_array_and_shares_its_memory(dtype):
    a = _values(dtype)
    t = nt.from_dlpack(a)
    expected = torch.from_dlpack(a.copy())
    assert str(t.dtype).split(".")[1] == str(expected.dtype).split(".")[1]
    assert t.shape == (2, 3) and t.stride() == expected.stride()
    t[0, 0] = _other(dtype)
    assert a[0, 0] == _other(dtype)
    a[1, 1] = _other(dtype)
    assert t[1, 1].item() == _other(dtype)
    assert not t.requires_grad and t.is_leaf


def test_numpy_array_as_tensor_and_tensor_as_numpy_array_share():
    t = nt.arange(4.0)
    a = np.asarray(t)
    a[0] = 9
    assert t[0].item() == 9
    back = nt.as_tensor(Producer(np.arange(3)))
    assert back.dtype is nt.int64 and back.tolist() == [0, 1, 2]


def test_read_only_numpy_arrays_are_imported_writable_as_in_torch():
    a, b = np.arange(3.0), np.arange(3.0)
    a.flags.writeable = b.flags.writeable = False
    ours, theirs = nt.from_dlpack(a), torch.from_dlpack(b)
    ours.add_(1)
    theirs.add_(1)
    np.testing.assert_array_equal(a, b)
    np.testing.assert_array_equal(a, [1.0, 2.0, 3.0])


# ---- PyTorch (CPU) ----------------------------------------------------------------------------


@pytest.mark.parametrize("dtype", [*DTYPES, "bfloat16"])
def test_torch_and_numtensor_share_memory_both_ways(dtype):
    ref = torch.tensor([[1, 0, 3], [0, 5, 6]]).to(getattr(torch, dtype))
    # torch -> numtensor
    t = nt.from_dlpack(ref)
    assert str(t.dtype) == str(ref.dtype).replace("torch", "numtensor")
    assert t.shape == ref.shape and t.stride() == ref.stride()
    t[0, 1] = 1
    assert ref[0, 1].item() == 1
    ref[1, 0] = 1
    assert t[1, 0].item() == 1
    # numtensor -> torch
    ours = nt.zeros(2, 3, dtype=getattr(nt, dtype))
    theirs = torch.from_dlpack(ours)
    assert theirs.dtype == ref.dtype and theirs.data_ptr() == ours.data_ptr()
    theirs[1, 2] = 1
    assert ours[1, 2].item() == 1
    ours[0, 0] = 1
    assert theirs[0, 0].item() == 1


@pytest.mark.parametrize(
    "view",
    [
        lambda x: x.t(),
        lambda x: x[:, ::2],
        lambda x: x[1:, 1:].transpose(0, 1),
        lambda x: x[0, 0],  # 0-dim
        lambda x: x[:0],  # 0-size
        lambda x: x[:, :1].expand(3, 4),  # stride 0
        lambda x: x.unsqueeze(1)[:, :, 2:],
    ],
)
def test_views_keep_their_layout_across_the_exchange(view):
    ours = view(nt.arange(12).reshape(3, 4))
    theirs = view(torch.arange(12).reshape(3, 4))
    to_torch = torch.from_dlpack(ours)
    from_torch = nt.from_dlpack(theirs)
    for got in (to_torch, from_torch):
        assert tuple(got.shape) == tuple(theirs.shape)
        np.testing.assert_array_equal(np.asarray(got), theirs.numpy())
        if got.numel() > 1:
            assert got.stride() == theirs.stride()
    if ours.numel():
        assert to_torch.data_ptr() == ours.data_ptr()
        a = np.from_dlpack(ours)
        np.testing.assert_array_equal(a, theirs.numpy())
        assert a.strides == tuple(s * 8 for s in ours.stride())


def test_a_write_through_a_view_reaches_the_other_library():
    base = torch.zeros(3, 4)
    view = nt.from_dlpack(base.t()[1:])
    view[0, 2] = 7  # element (2, 1) of base
    assert base[2, 1].item() == 7
    ours = nt.zeros(3, 4)
    theirs = torch.from_dlpack(ours[:, 1::2])
    theirs[2, 1] = -1
    assert ours[2, 3].item() == -1


def test_as_tensor_and_asarray_share_dlpack_arrays_and_tensor_copies():
    src = torch.arange(4.0)
    shared = nt.as_tensor(Producer(src))
    shared[0] = 10
    assert src[0].item() == 10
    converted = nt.as_tensor(Producer(src), dtype=nt.float64)  # a cast: a copy
    assert converted.dtype is nt.float64 and converted.tolist() == [10, 1, 2, 3]
    aliased = nt.asarray(Producer(src))
    aliased[1] = 11
    assert src[1].item() == 11
    copied = nt.asarray(Producer(src), copy=True)
    copied[2] = 12
    assert src[2].item() == 2
    with pytest.raises(ValueError):
        nt.asarray(Producer(src), dtype=nt.int32, copy=False)
    fresh = nt.tensor(Producer(src))
    fresh[3] = 13
    assert src[3].item() == 3 and fresh.tolist() == [10, 11, 2, 13]
    # torch reads a numtensor tensor through __dlpack__ as well
    ours = nt.arange(3.0)
    torch.as_tensor(ours)[0] = 5
    assert ours[0].item() == 5


# ---- capsules ---------------------------------------------------------------------------------


def test_legacy_capsules_both_ways():
    from torch.utils import dlpack as torch_dlpack

    from numtensor.utils import dlpack as nt_dlpack

    t = nt.arange(4)
    capsule = nt_dlpack.to_dlpack(t)
    assert repr(capsule).startswith('<capsule object "dltensor"')
    theirs = torch_dlpack.from_dlpack(capsule)
    theirs[0] = -1
    assert t[0].item() == -1
    ref = torch.arange(3.0)
    ours = nt.from_dlpack(torch_dlpack.to_dlpack(ref))
    ours[2] = 9
    assert ref[2].item() == 9
    assert nt.to_dlpack is nt_dlpack.to_dlpack and nt.from_dlpack is nt_dlpack.from_dlpack


def test_dlpack_keywords_and_capsule_kinds_match_torch():
    for lib in (torch, nt):
        t = lib.arange(3)
        assert repr(t.__dlpack__()).startswith('<capsule object "dltensor"')
        assert repr(t.__dlpack__(max_version=(1, 0))).startswith(
            '<capsule object "dltensor_versioned"'
        )
        assert repr(t.__dlpack__(max_version=(0, 8))).startswith('<capsule object "dltensor"')
        assert repr(t.__dlpack__(stream=None)).startswith("<capsule")
        assert repr(t.__dlpack__(dl_device=(1, 0), copy=False)).startswith("<capsule")
    ours, theirs = nt.arange(3), torch.arange(3)
    assert ours.__dlpack_device__() == theirs.__dlpack_device__()
    assert repr(ours.__dlpack_device__()) == repr(theirs.__dlpack_device__())
    assert [int(v) for v in nt.utils.dlpack.DLDeviceType] == [
        int(v) for v in torch.utils.dlpack.DLDeviceType
    ]


def test_dlpack_copy_keyword():
    for lib in (torch, nt):
        t = lib.arange(3)
        copied = lib.from_dlpack(t.__dlpack__(copy=True))
        copied[0] = 7
        assert t[0].item() == 0
        same = lib.from_dlpack(t, copy=False)
        same[0] = 7
        assert t[0].item() == 7
        other = lib.from_dlpack(np.arange(3), copy=True)
        other[0] = 1
        a = np.arange(3)
        lib.from_dlpack(a, device="cpu", copy=True)[1] = 5
        assert a[1] == 1


@pytest.mark.parametrize(
    "call, error",
    [
        (lambda lib: lib.ones(2, requires_grad=True).__dlpack__(), BufferError),
        (lambda lib: lib.ones(2).__dlpack__(stream="0"), TypeError),
        (lambda lib: lib.ones(2).__dlpack__(stream=0), AssertionError),
        (lambda lib: lib.ones(2).__dlpack__(stream=5), AssertionError),
        (lambda lib: lib.from_dlpack(lib.ones(2).__dlpack__(), device="cpu"), AssertionError),
        (lambda lib: lib.from_dlpack(lib.ones(2).__dlpack__(), copy=True), AssertionError),
        (lambda lib: lib.from_dlpack(123), RuntimeError),
        (lambda lib: lib.from_dlpack(object()), RuntimeError),
    ],
)
def test_errors_match_torch(call, error):
    with pytest.raises(error):
        call(torch)
    with pytest.raises(error):
        call(nt)


def test_a_capsule_is_consumed_once():
    for lib in (torch, nt):
        capsule = lib.arange(2).__dlpack__()
        lib.from_dlpack(capsule)
        assert repr(capsule).startswith('<capsule object "used_dltensor"')
        with pytest.raises(RuntimeError, match="consumed only once"):
            lib.from_dlpack(capsule)


def _foreign_capsule(device_type, dtype=np.float32):
    """A capsule another library could make: ``device_type`` memory (really host memory)."""
    keep = np.zeros(3, dtype)
    return native.export(keep.ctypes.data, (3,), (1,), keep.dtype, (device_type, 0), keep, False)


@pytest.mark.skipif(nt.cuda.is_available(), reason="checks the machine without CUDA")
def test_cuda_memory_on_a_machine_without_cuda():
    kind = int(native.DLDeviceType.kDLCUDA)
    with pytest.raises(AssertionError, match="CUDA"):
        torch.from_dlpack(_foreign_capsule(kind))
    with pytest.raises(AssertionError, match="CUDA"):
        nt.from_dlpack(_foreign_capsule(kind))
    with pytest.raises(RuntimeError):  # (numtensor's error is both classes)
        nt.from_dlpack(_foreign_capsule(kind))
    with pytest.raises(AssertionError):
        nt.from_dlpack(np.arange(3), device="cuda")
    with pytest.raises(AssertionError):
        nt.arange(3).__dlpack__(dl_device=(kind, 0))


def test_unsupported_devices_and_dtypes():
    with pytest.raises(BufferError, match="device_type"):
        nt.from_dlpack(_foreign_capsule(int(native.DLDeviceType.kDLOpenCL)))
    with pytest.raises(BufferError, match="kUInt bits 16"):
        nt.from_dlpack(np.arange(3, dtype=np.uint16))
    with pytest.raises(BufferError, match="negative strides"):
        nt.from_dlpack(np.arange(3.0)[::-1])
    # a consumer's own refusal propagates (the capsule it drops is released quietly)
    with pytest.raises(RuntimeError, match="Unsupported dtype"):
        np.from_dlpack(torch.ones(2, dtype=torch.bfloat16))
    with pytest.raises(RuntimeError, match="Unsupported dtype"):
        np.from_dlpack(nt.ones(2, dtype=nt.bfloat16))
    with pytest.raises(ValueError, match="without copying"):
        nt.arange(2).__dlpack__(dl_device=(2, 0), copy=False)


def _references(obj) -> int:
    return sys.getrefcount(obj) - 1  # (outside assert: pytest's rewriting holds operands)


def test_exported_memory_lives_as_long_as_its_consumers():
    t = nt.arange(6.0)
    before = _references(t._data)
    a = np.from_dlpack(t)
    b = torch.from_dlpack(t)
    c = nt.from_dlpack(t.__dlpack__(max_version=(1, 0)))
    capsule = nt.to_dlpack(t)
    held = _references(t._data)
    assert held == before + 4
    del capsule  # never consumed: released by its destructor
    held = _references(t._data)
    assert held == before + 3
    del a, b, c
    gc.collect()
    held = _references(t._data)
    assert held == before
    # the consumer outlives the producer's own handle
    src = np.arange(1000.0)
    before = _references(src)
    view = nt.from_dlpack(src)
    held = _references(src)
    assert held == before + 1
    del src
    assert view[-1].item() == 999.0 and view.sum().item() == 499500.0
    ours = nt.from_dlpack(torch.arange(5.0))
    gc.collect()
    assert ours.tolist() == [0.0, 1.0, 2.0, 3.0, 4.0]


def test_errors_raised_while_a_capsule_dies_reach_the_caller():
    t = nt.arange(3.0)

    def fails():
        a = np.from_dlpack(t)
        raise KeyError(a.size)

    with pytest.raises(KeyError):
        fails()
    with pytest.raises(RuntimeError, match="Unsupported dtype"):
        np.from_dlpack(nt.ones(1, dtype=nt.bfloat16))  # (capsule freed with the error set)


# ---- __array__, numpy(force=), as_tensor of buffers ----------------------------------------


def test_array_protocol_with_copy_keyword():
    t = nt.arange(3)
    shared = t.__array__()
    shared[0] = 5
    assert t[0].item() == 5
    assert np.shares_memory(np.asarray(t, copy=False), t.numpy())
    copied = np.array(t, copy=True)
    copied[1] = -1
    assert t[1].item() == 1
    assert not np.shares_memory(t.__array__(copy=True), t.numpy())
    cast = np.asarray(t, dtype=np.float64)
    assert cast.dtype == np.float64 and cast.tolist() == [5.0, 1.0, 2.0]
    assert np.shares_memory(t.__array__(np.int64, copy=False), t.numpy())
    with pytest.raises(ValueError, match="avoid copy"):
        t.__array__(np.float32, copy=False)
    with pytest.raises(ValueError):
        np.asarray(t, dtype=np.float32, copy=False)


def test_numpy_force():
    for lib in (torch, nt):
        x = lib.ones(3, requires_grad=True)
        with pytest.raises(RuntimeError, match="requires grad"):
            x.numpy()
        a = x.numpy(force=True)
        assert a.dtype == np.float32 and a.tolist() == [1.0, 1.0, 1.0]
        assert np.shares_memory(a, x.detach().numpy())
        plain = lib.arange(3)
        assert np.shares_memory(plain.numpy(force=True), plain.numpy())


@pytest.mark.parametrize(
    "make",
    [
        lambda: bytearray(b"abcd"),
        lambda: array.array("d", [1.5, 2.0]),
        lambda: array.array("i", [1, 2, 3]),
        lambda: memoryview(np.arange(1, 4, dtype=np.float32)),
        lambda: memoryview(np.arange(6, dtype=np.int16).reshape(2, 3)),
        lambda: b"abc",
    ],
)
def test_as_tensor_of_buffers_matches_torch(make):
    """PyTorch reads buffers as sequences (a copy): frombuffer/asarray are the sharing ones."""
    try:
        expected = torch.as_tensor(make())
    except Exception as exc:
        with pytest.raises(type(exc)):
            nt.as_tensor(make())
        return
    source = make()
    got = nt.as_tensor(source)
    assert str(got.dtype).split(".")[1] == str(expected.dtype).split(".")[1]
    np.testing.assert_array_equal(got.numpy(), expected.numpy())
    got[0] = 0
    assert memoryview(source).tolist()[0] != 0  # not shared, as in torch


def test_asarray_of_buffers_shares_memory():
    buf = array.array("f", [1.0, 2.0, 3.0])
    t = nt.asarray(buf)
    t[0] = 8
    assert buf[0] == 8.0


# ---- JAX (when installed) ---------------------------------------------------------------------


def test_jax_exchange():
    jnp = pytest.importorskip("jax.numpy")
    x = jnp.arange(6.0, dtype=jnp.float32).reshape(2, 3)
    ours = nt.from_dlpack(x)
    assert ours.dtype is nt.float32 and ours.tolist() == [[0, 1, 2], [3, 4, 5]]
    back = jnp.from_dlpack(nt.arange(4, dtype=nt.int32))
    assert back.dtype == jnp.int32 and back.tolist() == [0, 1, 2, 3]
    transposed = jnp.from_dlpack(nt.arange(6.0).reshape(2, 3).t().contiguous())
    assert transposed.tolist() == [[0.0, 3.0], [1.0, 4.0], [2.0, 5.0]]


# ---- CUDA (the simulator in CI) ---------------------------------------------------------------


class CudaArray:
    """A GPU array known only by ``__cuda_array_interface__`` (as numba's or CuPy's)."""

    def __init__(self, t):
        self.t = t
        self.__cuda_array_interface__ = t.__cuda_array_interface__


def test_device_dlpack_round_trip_shares(device):
    t = nt.arange(6.0, device=device).reshape(2, 3)
    kind = "kDLCUDA" if device == "cuda" else "kDLCPU"
    assert t.__dlpack_device__() == (getattr(nt.utils.dlpack.DLDeviceType, kind), 0)
    view = nt.from_dlpack(t.t())
    assert view.device == t.device and view.stride() == (1, 3)
    view[2, 1] = -1
    assert t[1, 2].item() == -1
    again = nt.from_dlpack(nt.to_dlpack(t[:, 1:]))
    again[0, 0] = 9
    assert t[0, 1].item() == 9
    host = nt.from_dlpack(t, device="cpu")
    assert host.device.type == "cpu" and host.tolist() == t.cpu().tolist()


@pytest.mark.cuda
def test_cuda_exports_and_imports():
    if not nt.cuda.is_available():
        pytest.skip("no CUDA device (run with NUMBA_ENABLE_CUDASIM=1)")
    t = nt.arange(4.0, device="cuda")
    with pytest.raises(ValueError, match="without copying"):
        nt.from_dlpack(t, device="cpu", copy=False)
    with pytest.raises(RuntimeError, match="Unsupported device"):
        np.from_dlpack(t)  # NumPy reads host memory only
    with pytest.raises(BufferError):
        t.__dlpack__(stream=2)
    with pytest.raises(AssertionError):
        t.__dlpack__(stream=0)
    capsule = t.__dlpack__(dl_device=(1, 0))  # a host copy
    assert nt.from_dlpack(capsule).device.type == "cpu"
    moved = nt.from_dlpack(np.arange(3.0), device="cuda")
    assert moved.device.type == "cuda" and moved.tolist() == [0.0, 1.0, 2.0]
    # objects with only __cuda_array_interface__ (numba, CuPy): shared
    wrapped = nt.from_dlpack(CudaArray(t))
    wrapped[0] = 5
    assert t[0].item() == 5
    through = nt.as_tensor(Producer(t))
    through[1] = 6
    assert t[1].item() == 6
    with pytest.raises(ValueError, match="avoid copy"):
        t.__array__(copy=False)
    assert np.asarray(t).tolist() == [5.0, 6.0, 2.0, 3.0]
    with pytest.raises(TypeError):
        t.numpy()
    assert t.numpy(force=True).tolist() == [5.0, 6.0, 2.0, 3.0]
