"""resize_, resize_as_, set_ and as_strided_ (tensors changing their own shape or storage in
place) against torch."""

import numpy as np
import pytest

import numtensor as nt
from tests.conftest import torch


def _story(lib):
    out = []
    a = lib.arange(6.0)
    b = a.view(2, 3)
    a.resize_(2, 2)
    out += [a.tolist(), a.stride(), b.tolist()]
    a.resize_(10)  # grows: the first six values stay
    out += [a[:6].tolist(), tuple(a.shape), b.tolist()]
    c = lib.arange(6.0)[1:4]
    c.resize_(2)
    out += [c.tolist(), c.storage_offset()]
    d = lib.ones(2, 3)
    d.resize_(3, 2)
    out += [d.tolist()]
    g = lib.ones(2, 3).t()
    g.resize_(3, 2)  # the same size: nothing changes
    out += [g.stride()]
    g.resize_(3, 2, memory_format=lib.contiguous_format)
    out += [g.stride()]
    f = lib.ones(2, 3)
    out += [f.resize_as_(lib.zeros(3)) is f, f.tolist()]
    x = lib.zeros(2, 2)
    x.resize_(0)
    out += [tuple(x.shape)]
    x.resize_((3,))
    out += [tuple(x.shape)]
    h = lib.zeros(2, 3, 4, 5)
    h.resize_(2, 3, 4, 4, memory_format=lib.channels_last)
    out += [h.stride()]
    y = lib.arange(4.0)
    z = lib.zeros(2)
    z.set_(y)
    z[0] = 9.0
    out += [y.tolist(), z.tolist()]
    z2 = lib.zeros(2)
    z2.set_(y, 1, (2,), (2,))
    out += [z2.tolist(), z2.storage_offset()]
    z3 = lib.zeros(2)
    z3.set_()
    out += [tuple(z3.shape)]
    s = lib.arange(6.0)
    s.as_strided_((2, 2), (1, 2))
    out += [s.tolist(), s.stride()]
    return out


def test_resize_set_and_as_strided_in_place_match_torch():
    assert _story(nt) == _story(torch)


@pytest.mark.parametrize(
    "bad",
    [
        lambda m: m.ones(2, requires_grad=True).resize_(3),
        lambda m: m.zeros(3).resize_(-1),
        lambda m: m.zeros(2).set_(m.zeros(2, dtype=m.int64)),
        lambda m: m.arange(6.0).as_strided_((4, 3), (2, 1), 3),
    ],
)
def test_errors_match_torch(bad):
    with pytest.raises(RuntimeError):
        bad(torch)
    with pytest.raises(RuntimeError):
        bad(nt)


def test_resize_bumps_the_version_and_the_warning_advice_works():
    x = nt.zeros(3)
    version = x._version
    x.resize_(0)
    assert x._version > version
    out = nt.add(nt.ones(2), 1, out=x)  # a zero-element out is resized without a warning
    assert out is x and x.tolist() == [2.0, 2.0]


@pytest.mark.cuda
def test_resize_on_cuda():
    x = nt.arange(6.0, device="cuda")
    x.resize_(2, 2)
    np.testing.assert_array_equal(x.cpu().numpy(), [[0.0, 1.0], [2.0, 3.0]])
    x.resize_(8)
    np.testing.assert_array_equal(x[:6].cpu().numpy(), np.arange(6.0))
