"""cat/stack/hstack/vstack and split/chunk against torch."""

import pytest

from tests.conftest import check


def x(m):
    return m.FloatTensor([1, 4])


def y(m):
    return m.FloatTensor([2, 5])


def z(m):
    return m.FloatTensor([3, 6])


def r36(m):
    return m.arange(18.0).reshape(3, 6)


CASES = {
    "stack": lambda m: m.stack([x(m), y(m), z(m)]),
    "stack_dim1": lambda m: m.stack([x(m), y(m), z(m)], dim=1),
    "stack_neg": lambda m: m.stack([x(m), y(m)], dim=-1),
    "stack_bad_shapes": lambda m: m.stack([m.zeros(2, 3), m.zeros(3, 2)]),
    "stack_empty": lambda m: m.stack([]),
    "stack_dim_range": lambda m: m.stack([x(m), y(m)], dim=3),
    "cat0": lambda m: m.cat((m.ones(1, 3, 3), m.zeros(1, 3, 3)), dim=0),
    "cat1": lambda m: m.cat((m.ones(1, 3, 3), m.zeros(1, 3, 3)), dim=1),
    "cat_neg": lambda m: m.cat([m.ones(2, 1), m.zeros(2, 2)], -1),
    "cat_promote": lambda m: m.cat([m.tensor([1, 2]), m.tensor([0.5])]),
    "cat_promote_int": lambda m: m.cat([m.tensor([1], dtype=m.int8), m.tensor([2], dtype=m.uint8)]),
    "cat_bool": lambda m: m.cat([m.tensor([True]), m.tensor([1])]),
    "cat_skip_empty": lambda m: m.cat([m.tensor([]), m.ones(2, 2)]),
    "cat_bad_sizes": lambda m: m.cat([m.zeros(2, 3), m.zeros(3, 2)]),
    "cat_bad_ndim": lambda m: m.cat([m.zeros(2), m.zeros(2, 2)]),
    "cat_empty_list": lambda m: m.cat([]),
    "cat_scalar": lambda m: m.cat([m.tensor(1.0), m.tensor(2.0)]),
    "cat_tensor_arg": lambda m: m.cat(m.zeros(2, 2)),
    "concat": lambda m: m.concat([x(m), y(m)]),
    "hstack": lambda m: m.hstack([x(m), y(m)]),
    "hstack_2d": lambda m: m.hstack([m.ones(2, 1), m.zeros(2, 2)]),
    "vstack": lambda m: m.vstack([x(m), y(m)]),
    "vstack_2d": lambda m: m.vstack([m.ones(1, 2), m.zeros(2, 2)]),
    "chunk": lambda m: m.chunk(r36(m), 3, dim=1),
    "chunk0": lambda m: m.chunk(r36(m), 3, dim=0),
    "chunk_uneven": lambda m: m.arange(5).chunk(3),
    "chunk_fewer": lambda m: m.arange(6).chunk(4),
    "chunk_zero": lambda m: m.zeros(3).chunk(0),
    "split": lambda m: m.split(r36(m), 2, dim=1),
    "split3": lambda m: m.split(r36(m), 3, dim=1),
    "split_uneven": lambda m: m.arange(7).split(3),
    "split_sizes": lambda m: m.arange(6).split([1, 2, 3]),
    "split_bad_sizes": lambda m: m.zeros(3).split([1, 1]),
    "split_method": lambda m: r36(m).split(4, 1),
    "tensor_split": lambda m: m.arange(7).tensor_split(3),
    "tensor_split_idx": lambda m: m.arange(7).tensor_split([1, 5]),
    "unbind_fn": lambda m: m.unbind(r36(m), 1)[2],
    "repeat": lambda m: r36(m)[:, :2].repeat(2, 1, 3),
    "repeat_tuple": lambda m: x(m).repeat((2, 2)),
    "repeat_strides": lambda m: r36(m).t().repeat(1, 2).stride(),
    "repeat_scalar": lambda m: m.tensor(3).repeat(2),
    "repeat_zero": lambda m: m.ones(2).repeat(0, 2),
    "repeat_copies": lambda m: (lambda a: (a.repeat(1).add_(1), a))(m.ones(2)),
    "repeat_too_few": lambda m: m.ones(2, 2).repeat(2),
    "repeat_negative": lambda m: m.ones(2, 2).repeat(-1, 2),
    "repeat_int": lambda m: m.tensor([[1, 2]], dtype=m.int16).repeat(2, 2),
    "type_as": lambda m: m.ones(2, dtype=m.int32).type_as(m.ones(1, dtype=m.float64)),
    "type_as_bool": lambda m: m.tensor([0.0, 2.0]).type_as(m.tensor([True])),
}


def test_repeat_gradient():
    import numtensor as nt

    x0 = nt.arange(6.0, dtype=nt.float64).reshape(2, 3).requires_grad_()
    assert nt.autograd.gradcheck(lambda a: a.repeat(2, 1, 2), (x0,))


@pytest.mark.parametrize("name", sorted(CASES))
def test_matches_torch(name):
    check(CASES[name])
