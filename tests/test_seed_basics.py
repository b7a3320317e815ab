"""The tensor-basics cells of the seed tutorials, with the outputs they print."""

import numpy as np
import pytest

import numtensor as torch  # the seeds' spelling: user code runs unchanged


def test_tensor_from_data_and_numpy():
    data = [[1, 2], [3, 4]]
    x_data = torch.tensor(data)
    assert repr(x_data) == "tensor([[1, 2],\n        [3, 4]])"
    np_array = np.array(data, dtype=np.int32)  # the seed ran on Windows, where int is int32
    x_np = torch.from_numpy(np_array)
    assert str(x_np) == "tensor([[1, 2],\n        [3, 4]], dtype=numtensor.int32)"
    assert str(x_np.dtype) == "numtensor.int32"


def test_ones_like_and_rand_like():
    x_data = torch.tensor([[1, 2], [3, 4]])
    x_ones = torch.ones_like(x_data)
    assert f"Ones Tensor: \n {x_ones} \n" == "Ones Tensor: \n tensor([[1, 1],\n        [1, 1]]) \n"
    assert x_ones.dtype == torch.int64
    x_rand = torch.rand_like(x_data, dtype=torch.float)
    assert x_rand.dtype is torch.float32 and x_rand.shape == (2, 2)


def test_constant_tensors_print():
    shape = (2, 3)
    assert str(torch.ones(shape)) == "tensor([[1., 1., 1.],\n        [1., 1., 1.]])"
    assert str(torch.zeros(shape)) == "tensor([[0., 0., 0.],\n        [0., 0., 0.]])"
    assert torch.rand(shape).shape == torch.Size([2, 3])
    assert str(torch.full((2, 3), 2)) == "tensor([[2, 2, 2],\n        [2, 2, 2]])"
    assert str(torch.eye(5)).splitlines()[0] == "tensor([[1., 0., 0., 0., 0.],"
    assert str(torch.arange(10)) == "tensor([0, 1, 2, 3, 4, 5, 6, 7, 8, 9])"
    assert torch.empty(2, 3).shape == (2, 3)


def test_size_and_new_ones():
    x = torch.tensor([3, 2.3])
    assert repr(x.size()) == "numtensor.Size([2])"
    assert str(x) == "tensor([3.0000, 2.3000])"
    x = x.new_ones(2, 4, dtype=torch.double)
    assert str(x) == (
        "tensor([[1., 1., 1., 1.],\n        [1., 1., 1., 1.]], dtype=numtensor.float64)"
    )
    x = torch.randn_like(x, dtype=torch.float)
    assert x.dtype is torch.float32 and x.shape == (2, 4)
    assert torch.randn(5).shape == (5,)


def test_device_idiom_and_attributes():
    device = torch.device("cuda" if torch.cuda.is_available() else "cpu")
    assert str(device) == "cpu"
    t = torch.rand(3, 4)
    assert repr(t.shape) == "numtensor.Size([3, 4])"
    assert repr(t.dtype) == "numtensor.float32"
    assert repr(t.device) == "device(type='cpu')"
    assert f"device:{t.device}" == "device:cpu"
    assert torch.cuda.device_count() == 0


def test_reshape_int_to_cuda_guard():
    tensor = torch.rand(3, 4)
    tensor = tensor.reshape(4, 3)
    tensor = tensor.int()
    if torch.cuda.is_available():
        tensor = tensor.to("cuda")
    assert f"shape: {tensor.shape}" == "shape: numtensor.Size([4, 3])"
    assert f"shape: {tensor.dtype}" == "shape: numtensor.int32"


def test_legacy_constructors_indexing_and_slicing():
    x = torch.Tensor([[1, 2], [3, 4]])
    assert repr(x) == "tensor([[1., 2.],\n        [3., 4.]])"
    assert [str(x[i, j]) for i in range(2) for j in range(2)] == [
        "tensor(1.)",
        "tensor(2.)",
        "tensor(3.)",
        "tensor(4.)",
    ]
    assert [str(x[:, 0]), str(x[:, 1]), str(x[0, :]), str(x[1, :])] == [
        "tensor([1., 3.])",
        "tensor([2., 4.])",
        "tensor([1., 2.])",
        "tensor([3., 4.])",
    ]
    x = torch.FloatTensor([[1, 2], [3, 4], [5, 6], [7, 8]])
    assert x.size() == x.shape == torch.Size([4, 2])
    assert x.dim() == 2 and x.size(dim=0) == 4 and x.shape[0] == 4
    n_arr = np.arange(10).reshape(2, 5)
    t_arr = torch.FloatTensor(n_arr)
    assert str(t_arr) == "tensor([[0., 1., 2., 3., 4.],\n        [5., 6., 7., 8., 9.]])"
    assert (t_arr.ndim, t_arr.shape) == (2, torch.Size([2, 5]))


def test_arange_indexing_transpose_permute():
    a = torch.arange(1, 13).reshape(3, 4)
    assert str(a[1]) == "tensor([5, 6, 7, 8])"
    assert str(a[0, -1]) == "tensor(4)"
    assert str(a[1:-1]) == "tensor([[5, 6, 7, 8]])"
    assert str(a[:2, 2:]) == "tensor([[3, 4],\n        [7, 8]])"
    a = torch.arange(16).reshape(2, 2, 4)
    b = a.transpose(1, 2)
    assert b.shape == (2, 4, 2)
    assert str(b).startswith("tensor([[[ 0,  4],\n         [ 1,  5],")
    c = a.permute((2, 0, 1))
    assert str(c).startswith("tensor([[[ 0,  4],\n         [ 8, 12]],\n\n        [[ 1,  5],")


def test_view_item_squeeze_unsqueeze():
    x = torch.randn(4, 5)
    y = x.view(5, -1)
    assert y.shape == (5, 4) and y.tolist()[0] == x.view(-1).tolist()[:4]
    a = torch.randn(1)
    assert isinstance(a.item(), float) and a.dtype is torch.float32
    with pytest.raises(RuntimeError):
        torch.randn(2).item()
    t = torch.rand(1, 3, 3).squeeze()
    assert t.shape == (3, 3)
    t = torch.rand(3, 3)
    assert [t.unsqueeze(dim=d).shape for d in range(3)] == [(1, 3, 3), (3, 1, 3), (3, 3, 1)]
    t_ex = torch.rand(size=(2, 3, 2))
    assert t_ex.view([-1, 6]).shape == (2, 6)
    assert t_ex.squeeze().shape == (2, 3, 2)
    assert [t_ex.unsqueeze(d).shape for d in range(3)] == [(1, 2, 3, 2), (2, 1, 3, 2), (2, 3, 1, 2)]


def test_stack_cat_chunk_split():
    x, y, z = torch.FloatTensor([1, 4]), torch.FloatTensor([2, 5]), torch.FloatTensor([3, 6])
    assert str(torch.stack([x, y, z])) == "tensor([[1., 4.],\n        [2., 5.],\n        [3., 6.]])"
    assert str(torch.stack([x, y, z], dim=1)) == "tensor([[1., 2., 3.],\n        [4., 5., 6.]])"
    a, b = torch.randn(1, 3, 3), torch.randn(1, 3, 3)
    assert torch.cat((a, b), dim=0).shape == (2, 3, 3)
    assert torch.cat((a, b), dim=1).shape == (1, 6, 3)
    t = torch.rand(3, 6)
    t1, t2, t3 = torch.chunk(t, 3, dim=1)
    assert t1.shape == t2.shape == t3.shape == (3, 2)
    t1, t2, t3 = torch.chunk(t, 3, dim=0)
    assert t1.shape == (1, 6)
    t1, t2, t3 = torch.split(t, 2, dim=1)
    assert t3.tolist() == [row[4:] for row in t.tolist()]
    t1, t2 = torch.split(t, 3, dim=1)
    assert t2.shape == (3, 3)


def test_numpy_bridge_cells():
    a = torch.ones(7)
    assert str(a) == "tensor([1., 1., 1., 1., 1., 1., 1.])"
    b = a.numpy()
    assert str(b) == "[1. 1. 1. 1. 1. 1. 1.]" and isinstance(b, np.ndarray)
    c = torch.from_numpy(b)
    assert type(c) is torch.Tensor
    assert str(type(c)) == "<class 'numtensor.Tensor'>"
    a = np.ones(7)
    b = torch.from_numpy(a)
    np.add(a, 1, out=a)
    assert str(b) == "tensor([2., 2., 2., 2., 2., 2., 2.], dtype=numtensor.float64)"
    b = b.numpy()
    assert np.add(b, 2, out=b).tolist() == [4.0] * 7


def test_as_tensor_cells():
    data = [[1, 2], [3, 4]]
    np_array = np.array(data, dtype=np.int32)
    x_np_1 = torch.tensor(np_array)
    x_np_1[0, 0] = 100
    assert str(x_np_1) == "tensor([[100,   2],\n        [  3,   4]], dtype=numtensor.int32)"
    assert np_array.tolist() == data
    x_np_2 = torch.as_tensor(np_array)
    x_np_2[0, 0] = 200
    assert np_array[0, 0] == 200
    x_np_3 = torch.from_numpy(np_array)
    x_np_3[0, 0] = 300
    assert str(x_np_3) == "tensor([[300,   2],\n        [  3,   4]], dtype=numtensor.int32)"
    assert np_array[0, 0] == 300
    np_again = x_np_1.numpy()
    assert np_again.tolist() == [[100, 2], [3, 4]]


def test_clone_detach_cell():
    a = torch.arange(24).reshape(4, 6)
    b = a.clone().detach()
    assert str(b) == str(a) and b.shape == (4, 6)
    b[0, 0] = -1
    assert a[0, 0].item() == 0
