"""Indexing, assignment, gather/scatter and masks against torch."""

import numpy as np
import pytest

import numtensor as nt
from tests.conftest import check, check_on, shares_memory


def a(m):
    return m.arange(1, 13).reshape(3, 4)


def b(m):
    return m.arange(24.0).reshape(2, 3, 4)


GET = {
    "int": lambda m: a(m)[1],
    "int_int": lambda m: a(m)[0, -1],
    "slice": lambda m: a(m)[1:-1],
    "slices": lambda m: a(m)[:2, 2:],
    "step": lambda m: m.arange(10)[1::3],
    "col": lambda m: m.Tensor([[1, 2], [3, 4]])[:, 0],
    "scalar": lambda m: m.Tensor([[1, 2], [3, 4]])[0, 0],
    "none": lambda m: a(m)[None, 1],
    "ellipsis": lambda m: b(m)[..., 1],
    "ellipsis_mid": lambda m: b(m)[1, ..., 2],
    "list": lambda m: a(m)[[0, 2]],
    "list_neg": lambda m: a(m)[[-1, 0]],
    "tensor_idx": lambda m: a(m)[m.tensor([2, 0, 0])],
    "tensor_2d_idx": lambda m: a(m)[m.tensor([[0, 1], [2, 2]])],
    "two_tensors": lambda m: a(m)[m.tensor([0, 2]), m.tensor([1, 3])],
    "tensor_and_slice": lambda m: a(m)[1:, m.tensor([0, 3])],
    "adv_separated": lambda m: b(m)[m.tensor([0, 1]), :, m.tensor([1, 2])],
    "adv_adjacent": lambda m: b(m)[:, m.tensor([0, 2]), m.tensor([1, 3])],
    "mask": lambda m: a(m)[m.tensor([[False, True, False, True]] * 3)],
    "mask_rows": lambda m: a(m)[m.tensor([True, False, True])],
    "mask_bad": lambda m: m.zeros(2, 3)[m.tensor([True, False, True])],
    "int_tensor0d": lambda m: a(m)[m.tensor(1)],
    "int32_idx": lambda m: a(m)[m.tensor([1, 2], dtype=m.int32)],
    "bool_true": lambda m: a(m)[True].shape,
    "empty_list": lambda m: a(m)[[]],
    "out_of_range": lambda m: m.zeros(2)[5],
    "out_of_range_neg": lambda m: m.zeros(2, 3)[0, -4],
    "tensor_out_of_range": lambda m: m.zeros(2)[m.tensor([5])],
    "too_many": lambda m: m.zeros(2, 3)[0, 0, 0],
    "float_idx": lambda m: m.zeros(2)[0.5],
    "float_tensor_idx": lambda m: m.zeros(2)[m.tensor([0.0])],
    "neg_step": lambda m: m.arange(5)[::-1],
    "zero_dim_idx": lambda m: m.tensor(5)[None],
    "zero_dim_ellipsis": lambda m: m.tensor(5)[...],
    # ints next to index tensors are applied first (PyTorch), not joined to them (NumPy)
    "int_slice_list": lambda m: b(m)[0, :, [0, 1]],
    "int_slice_tensor": lambda m: b(m)[1, :, m.tensor([3, 0, 3])],
    "list_slice_int": lambda m: b(m)[[1, 0], :, 2],
    "slice_int_list": lambda m: b(m)[:, 0, [0, 1]],
    "int_list_slice_list": lambda m: m.arange(120).reshape(2, 3, 4, 5)[1, [0, 2], 1:3, [1, 1]],
    "ellipsis_int_list": lambda m: b(m)[..., -1, [2, 0]],
    "negative_int_mask": lambda m: b(m)[-1, m.tensor([True, False, True])],
}


@pytest.mark.parametrize("name", sorted(GET))
def test_getitem_matches_torch(name, device):
    check_on(device, GET[name])


def setter(index, value):
    def run(m):
        t = m.arange(12.0).reshape(3, 4)
        v = value(m) if callable(value) else value
        t[index(m) if callable(index) else index] = v
        return t

    return run


SET = {
    "scalar": setter((0, 0), 100.0),
    "row": setter(1, 7),
    "row_tensor": setter(1, lambda m: m.tensor([1.0, 2.0, 3.0, 4.0])),
    "broadcast_col": setter((slice(None), 1), lambda m: m.tensor(5.0)),
    "broadcast_rows": setter(slice(0, 2), lambda m: m.tensor([[9.0, 8.0, 7.0, 6.0]])),
    "mask": setter(lambda m: m.tensor([[True, False, False, True]] * 3), -1.0),
    "index_tensor": setter(lambda m: m.tensor([0, 2]), 0.5),
    "pairs": setter(lambda m: (m.tensor([0, 2]), m.tensor([1, 3])), lambda m: m.tensor([1.0, 2.0])),
    "int_into_float": setter((0, slice(None)), lambda m: m.tensor([1, 2, 3, 4])),
    "leading_ones": setter(0, lambda m: m.ones(1, 4)),
    "bad_shape": setter(0, lambda m: m.ones(3)),
    "out_of_range": setter(5, 1.0),
    "list_value": setter(0, [1.0, 2.0, 3.0, 4.0]),
    "int_then_list": setter((1, [0, 3]), lambda m: m.tensor([-1.0, -2.0])),
    "slice_int_list_3d": lambda m: _set3(m, (slice(None), 1, [0, 2])),
    "int_slice_list_3d": lambda m: _set3(m, (0, slice(None), [3, 1])),
}


def _set3(m, index):
    t = m.arange(24.0).reshape(2, 3, 4)
    t[index] = m.arange(float(t[index].numel())).reshape(t[index].shape)
    return t


@pytest.mark.parametrize("name", sorted(SET))
def test_setitem_matches_torch(name, device):
    check_on(device, SET[name])


def test_setitem_int_tensor_truncates_and_failed_write_changes_nothing(device):
    t = nt.zeros(3, dtype=nt.int32, device=device)
    t[0] = 2.7
    t[nt.tensor([2], device=device)] = nt.tensor(-1.9, device=device)
    assert t.tolist() == [2, 0, -1]
    before = t.tolist()
    with pytest.raises(IndexError):
        t[nt.tensor([0, 5], device=device)] = 1
    with pytest.raises(RuntimeError):
        t[:] = nt.ones(2, device=device)
    assert t.tolist() == before


def test_seed_assignment_through_from_numpy_and_as_tensor():
    arr = np.array([[1, 2], [3, 4]])
    x1 = nt.tensor(arr)
    x1[0, 0] = 100
    assert arr[0, 0] == 1
    x2 = nt.as_tensor(arr)
    x2[0, 0] = 200
    assert arr[0, 0] == 200


def test_basic_index_is_view_advanced_is_copy():
    t = nt.arange(12).reshape(3, 4)
    assert shares_memory(t[1], t)
    assert shares_memory(t[:, 1:3], t)
    assert not shares_memory(t[[0, 1]], t)
    assert not shares_memory(t[nt.tensor([True, False, True])], t)


def g(m):
    return m.tensor([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]])


FUNCS = {
    "index_select0": lambda m: g(m).index_select(0, m.tensor([1, 0, 1])),
    "index_select1": lambda m: m.index_select(g(m), 1, m.tensor([2, 0])),
    "index_select_bad": lambda m: g(m).index_select(1, m.tensor([5])),
    "index_select_2d": lambda m: g(m).index_select(1, m.tensor([[0]])),
    "gather1": lambda m: g(m).gather(1, m.tensor([[0, 0], [2, 1]])),
    "gather0": lambda m: m.gather(g(m), 0, m.tensor([[1, 0, 1]])),
    "gather_bad": lambda m: m.zeros(2, 3).gather(1, m.tensor([[5]])),
    "gather_ndim": lambda m: m.zeros(2, 3).gather(1, m.tensor([0])),
    "gather_float_idx": lambda m: m.zeros(2, 3).gather(1, m.tensor([[0.0]])),
    "scatter_src": lambda m: m.zeros(3, 5).scatter(
        0, m.tensor([[0, 1, 2, 0]]), m.arange(1.0, 11).reshape(2, 5)
    ),
    "scatter_value": lambda m: m.zeros(2, 4).scatter(1, m.tensor([[2], [3]]), 1.23),
    "scatter_add": lambda m: m.ones(3).scatter_add(0, m.tensor([0, 0, 2]), m.tensor([1.0, 2, 3])),
    "scatter_inplace": lambda m: m.zeros(2, 2).scatter_(1, m.tensor([[1], [0]]), 5.0),
    "scatter_bad": lambda m: m.zeros(2).scatter(0, m.tensor([3]), 1.0),
    "masked_fill": lambda m: g(m).masked_fill(m.tensor([[True, False, True], [False] * 3]), -1.0),
    "masked_fill_bcast": lambda m: g(m).masked_fill(m.tensor([True, False, True]), 0),
    "masked_fill_tensor_value": lambda m: g(m).masked_fill(
        m.tensor([True, False, True]), m.tensor(9.0)
    ),
    "masked_fill_bad_mask": lambda m: g(m).masked_fill(m.zeros(2, 3), 1),
    "masked_fill_bad_shape": lambda m: g(m).masked_fill(m.zeros(3, 3, dtype=m.bool), 1),
    "masked_fill_": lambda m: g(m).masked_fill_(m.tensor([False, True, False]), 7.5),
    "masked_select": lambda m: g(m).masked_select(m.tensor([[True, False, True], [False] * 3])),
    "masked_select_bcast": lambda m: m.masked_select(g(m), m.tensor([False, True, True])),
    "take": lambda m: g(m).take(m.tensor([0, 5, -1])),
    "take_2d": lambda m: m.take(g(m).t(), m.tensor([[0, 1], [2, 3]])),
    "take_bad": lambda m: m.zeros(2, 3).take(m.tensor([6])),
    "nonzero": lambda m: m.tensor([[0, 1, 0], [2, 0, 3]]).nonzero(),
    "nonzero_tuple": lambda m: m.nonzero(m.tensor([[0, 1, 0], [2, 0, 3]]), as_tuple=True),
    "nonzero_1d": lambda m: m.tensor([0.0, 1.5, 0.0, 2.0]).nonzero(),
    "nonzero_empty": lambda m: m.zeros(2, 2).nonzero(),
    "nonzero_scalar": lambda m: m.tensor(3).nonzero(),
    "argwhere": lambda m: m.argwhere(m.tensor([[0, 1], [1, 0]])),
    "where1": lambda m: m.where(m.tensor([[True, False], [False, True]])),
    "where3": lambda m: m.where(
        g(m) > 2 if m.__name__ == "torch" else m.tensor([[False, False, True], [True, True, True]]),
        g(m),
        m.zeros(2, 3),
    ),
    "where3_scalar": lambda m: m.where(m.tensor([True, False]), m.tensor([1, 2]), 0.5),
    "where3_int_scalar": lambda m: m.where(m.tensor([True, False]), m.tensor([1.5, 2]), 0),
}


@pytest.mark.parametrize("name", sorted(FUNCS))
def test_functions_match_torch(name, device):
    check_on(device, FUNCS[name])


def test_int_next_to_index_tensor_gradient_matches_torch(device):
    def run(m):
        x = m.arange(24.0).reshape(2, 3, 4).requires_grad_()
        y = x[1, :, m.tensor([3, 0, 3])]
        (y * m.arange(9.0).reshape(3, 3)).sum().backward()
        return x.grad

    check_on(device, run)


@pytest.mark.parametrize(
    "fn",
    [
        # an int between two index arrays vanishes with its dim: the arrays become adjacent
        lambda m: m.arange(72.0).reshape(3, 2, 4, 3)[
            1:2:3, m.tensor([-1, 1, 0]), 1, m.tensor([False, False, True])
        ],
        lambda m: m.arange(24.0).reshape(2, 3, 4)[m.tensor([0, 1]), 0, m.tensor([1, 2])],
        lambda m: m.arange(24.0).reshape(2, 3, 4)[0, :, m.tensor([0, 1])],
        # out-of-range indices are not looked at when the result is empty
        lambda m: m.arange(0.0).reshape(0, 4, 1, 4)[:, 1:2:3, None, m.tensor([-4])],
        lambda m: m.arange(6.0).reshape(2, 3)[0:0, [5]],
        lambda m: m.arange(6.0).reshape(2, 3)[[5], 0:0],
        lambda m: m.arange(6.0).reshape(2, 3)[:, [9]],
    ],
)
def test_advanced_index_edge_rules_match_torch(fn):
    check(fn)


def test_setitem_with_out_of_range_indices_into_an_empty_result_matches_torch():
    def f(m):
        x = m.zeros(1, 3, 1, 0)
        x[None, m.tensor([-2, 2, 0]), None, 0:2:2] = -1.0
        return x

    check(f)
