"""Tensor.view(dtype) (memory read as another dtype), the H/mH properties, _is_view and the
method form of broadcast_to taking sizes one by one, against torch."""

import pytest

import numtensor as nt
from tests.conftest import check, torch

CASES = [
    lambda m: m.arange(6.0).reshape(2, 3).view(m.int32),
    lambda m: m.arange(6.0).reshape(2, 3).view(m.int16),
    lambda m: m.arange(6.0).reshape(2, 3).view(m.uint8),
    lambda m: m.arange(6.0).reshape(2, 3).t().view(m.int16),
    lambda m: m.arange(6.0).reshape(2, 3).view(m.float64),
    lambda m: m.arange(4.0).view(m.float64),
    lambda m: m.arange(4.0)[1:].view(m.float64),
    lambda m: m.arange(5.0)[1:].view(m.float64),
    lambda m: m.tensor(1.0).view(m.int16),
    lambda m: m.tensor(1.0).view(m.int32),
    lambda m: m.tensor([1.0, 2.0]).view(m.complex64),
    lambda m: m.tensor([1 + 2j]).view(m.float32),
    lambda m: m.tensor([True, False]).view(m.uint8),
    lambda m: m.arange(8, dtype=m.int16).reshape(2, 4)[:, :2].view(m.int32),
    lambda m: m.tensor([1.5], dtype=m.float16).view(m.int16),
    lambda m: m.tensor([-1], dtype=m.int8).view(m.uint8),
    lambda m: m.arange(6.0).reshape(2, 3).H,
    lambda m: m.zeros(2, 3, 4).mH.shape,
    lambda m: m.arange(3.0).H,
    lambda m: m.zeros(2, 3, 4).H,
    lambda m: m.arange(3.0).mH,
    lambda m: m.arange(3.0).broadcast_to(2, 3),
    lambda m: m.arange(3.0).broadcast_to((2, 3)),
]


@pytest.mark.parametrize("case", CASES)
def test_matches_torch(case):
    check(case)


def test_view_dtype_shares_memory_and_strides():
    def f(m):
        x = m.arange(6.0).reshape(2, 3)
        y = x.view(m.int16)
        y[0, 1] = 16256  # the high half of 1.0f
        return x, y.stride(), y.storage_offset()

    check(f)


def test_is_view():
    x = nt.zeros(2, 3)
    assert not x._is_view() and x.t()._is_view() and x[0]._is_view()
    assert x._is_view() == torch.zeros(2, 3)._is_view()
