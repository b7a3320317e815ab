"""dtype/device conversion, copies and the Python/NumPy bridge against torch."""

import numpy as np
import pytest

import numtensor as nt
from tests.conftest import check, shares_memory

CASES = {
    "int_cast": lambda m: m.tensor([1.7, -1.7]).int(),
    "byte_wrap": lambda m: m.tensor([300, -1]).byte(),
    "bool_cast": lambda m: m.tensor([1.7, 0.0]).bool(),
    "float_cast": lambda m: m.tensor([1, 2]).float(),
    "double_cast": lambda m: m.tensor([1, 2]).double(),
    "half_cast": lambda m: m.tensor([1.5, 2.25]).half(),
    "long_cast": lambda m: m.tensor([1.5, -2.5]).long(),
    "short_cast": lambda m: m.tensor([1.5, -2.5]).short(),
    "char_cast": lambda m: m.tensor([1, -2]).char(),
    "to_dtype": lambda m: m.tensor([1, 2]).to(m.float64),
    "to_tensor": lambda m: m.tensor([1, 2]).to(m.zeros(1, dtype=m.float16)),
    "to_device_dtype": lambda m: m.tensor([1, 2]).to("cpu", m.int8),
    "to_kwargs": lambda m: m.tensor([1, 2]).to(device="cpu", dtype=m.float32),
    "type_str": lambda m: m.Tensor([[1, 2]]).type().replace("numtensor", "torch"),
    "type_char": lambda m: m.zeros(2, dtype=m.int8).type().replace("numtensor", "torch"),
    "type_dtype": lambda m: m.zeros(2).type(m.int32),
    "type_name": lambda m: m.zeros(2).type(f"{m.__name__}.IntTensor"),
    "item_float": lambda m: m.tensor([1.5]).item(),
    "item_int": lambda m: m.tensor([[7]]).item(),
    "item_bool": lambda m: m.tensor(True).item(),
    "item_many": lambda m: m.zeros(2, 3).item(),
    "float_scalar": lambda m: float(m.tensor([[1.5]])),
    "int_scalar": lambda m: int(m.tensor(2.9)),
    "float_many": lambda m: float(m.zeros(2)),
    "bool_many": lambda m: bool(m.tensor([1, 2])),
    "bool_one": lambda m: bool(m.tensor([0.0])),
    "index_op": lambda m: [10, 20, 30][m.tensor(1)],
    "index_float": lambda m: [10, 20, 30][m.tensor(1.0)],
    "tolist": lambda m: m.tensor([[1, 2], [3, 4]]).tolist(),
    "tolist_float": lambda m: m.tensor([1, 2, 3]).float().tolist(),
    "tolist_scalar": lambda m: m.tensor(2.5).tolist(),
    "tolist_bool": lambda m: m.tensor([True, False]).tolist(),
    "iter": lambda m: list(m.tensor([1, 2])),
    "iter_0d": lambda m: list(m.tensor(1)),
    "len": lambda m: len(m.zeros(4, 2)),
    "copy_": lambda m: m.zeros(2).copy_(m.tensor([1, 2])),
    "copy_bcast": lambda m: m.zeros(2, 2).copy_(m.tensor([1, 2])),
    "copy_bad": lambda m: m.zeros(2, 2).copy_(m.tensor([1, 2, 3])),
    "copy_bigger": lambda m: m.zeros(2).copy_(m.zeros(2, 2)),
    "clone": lambda m: m.arange(6).reshape(2, 3).clone(),
    "clone_strides": lambda m: m.zeros(2, 3).t().clone().stride(),
    "clone_detach": lambda m: m.arange(24).reshape(4, 6).clone().detach(),
    "numpy_requires_grad": lambda m: m.zeros(2, 3, requires_grad=True).numpy(),
    "numpy_dtype": lambda m: m.tensor([1, 2], dtype=m.int16).numpy(),
    "format_0d": lambda m: f"{m.tensor(2.5):.2f}",
    "format_nd": lambda m: f"{m.tensor([1.5, 2.0])}",
    "detach_numpy": lambda m: m.ones(2, requires_grad=True).detach().numpy(),
    "requires_grad_int": lambda m: m.tensor([1, 2]).requires_grad_(),
    "requires_grad_": lambda m: m.tensor([1.0]).requires_grad_(),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_matches_torch(name):
    check(CASES[name])


def test_to_same_returns_self_and_copy_flag():
    t = nt.zeros(3)
    assert t.to(nt.float32) is t and t.to("cpu") is t and t.cpu() is t
    c = t.to(nt.float32, copy=True)
    assert c is not t and not shares_memory(c, t)
    assert nt.clone(t) is not t


def test_clone_is_independent():
    a = nt.arange(24).reshape(4, 6)
    b = a.clone().detach()
    b[0, 0] = 99
    assert a[0, 0].item() == 0


def test_copy_into_view_reaches_base():
    base = nt.zeros(3, 4)
    base[:, 1].copy_(nt.tensor([1.0, 2.0, 3.0]))
    assert base[:, 1].tolist() == [1.0, 2.0, 3.0]
    assert base._version == 1


def test_numpy_shares_and_array_protocol():
    t = nt.arange(4.0)
    arr = t.numpy()
    arr[0] = 5
    assert t[0].item() == 5.0
    assert np.asarray(t).tolist() == [5.0, 1.0, 2.0, 3.0]


def test_cuda_unavailable_is_clear():
    if nt.cuda.is_available():
        pytest.skip("a GPU is present")
    assert nt.cuda.device_count() == 0
    with pytest.raises(RuntimeError, match="CUDA"):
        nt.zeros(2).to("cuda")
    with pytest.raises(RuntimeError, match="CUDA"):
        nt.zeros(2, device="cuda")
    with pytest.raises(RuntimeError, match="CUDA"):
        nt.zeros(2).cuda()


def test_pickle_round_trip():
    import pickle

    t = nt.tensor([[1.5, 2.0]], dtype=nt.float64, requires_grad=True)
    u = pickle.loads(pickle.dumps(t))
    assert u.dtype is nt.float64 and u.requires_grad and u.tolist() == [[1.5, 2.0]]
    assert pickle.loads(pickle.dumps(nt.float16)) is nt.float16
    assert pickle.loads(pickle.dumps(nt.device("cpu"))) == "cpu"
    assert pickle.loads(pickle.dumps(nt.Size([2, 3]))) == nt.Size([2, 3])
