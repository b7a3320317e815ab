"""Fixes found while documenting the ops (issue 16), against torch: ``inner`` of N-D tensors
(it was ``dot``'s alias, refusing anything but 1-D), and the named tuples of
``nanmedian(dim)`` and ``linalg.slogdet`` (their names in the repr)."""

import numpy as np
import pytest

import numtensor as nt
from tests.conftest import torch


@pytest.mark.parametrize(
    "a_shape, b_shape",
    [
        ((3,), (3,)),
        ((2, 3), (4, 3)),
        ((2, 1, 3), (3,)),
        ((3,), (2, 2, 3)),
        ((), (3,)),
        ((2, 0), (1, 0)),
    ],
)
def test_inner_matches_torch(a_shape, b_shape):
    rng = np.random.default_rng(0)
    a, b = rng.standard_normal(a_shape), rng.standard_normal(b_shape)
    ours = nt.inner(nt.tensor(a), nt.tensor(b))
    theirs = torch.inner(torch.tensor(a), torch.tensor(b))
    assert tuple(ours.shape) == tuple(theirs.shape)
    assert ours.dtype == nt.float64
    np.testing.assert_allclose(ours.numpy(), theirs.numpy(), rtol=1e-12, atol=1e-12)
    method = nt.tensor(a).inner(nt.tensor(b))
    np.testing.assert_allclose(method.numpy(), theirs.numpy(), rtol=1e-12, atol=1e-12)


def test_inner_integers_and_noncontiguous():
    a = np.arange(12).reshape(3, 4)
    ours = nt.inner(nt.tensor(a).t(), nt.tensor(a).t())
    theirs = torch.inner(torch.tensor(a).t(), torch.tensor(a).t())
    assert ours.dtype == nt.int64
    np.testing.assert_array_equal(ours.numpy(), theirs.numpy())


def test_inner_errors():
    with pytest.raises(RuntimeError):
        torch.inner(torch.ones(2, 3), torch.ones(2))
    with pytest.raises(RuntimeError, match="last dimension must match"):
        nt.inner(nt.ones(2, 3), nt.ones(2))


def test_inner_gradients():
    rng = np.random.default_rng(1)
    a, b = rng.standard_normal((2, 3)), rng.standard_normal((4, 3))
    ta, tb = (nt.tensor(v, requires_grad=True) for v in (a, b))
    ra, rb = (torch.tensor(v, requires_grad=True) for v in (a, b))
    nt.inner(ta, tb).sum().backward()
    torch.inner(ra, rb).sum().backward()
    np.testing.assert_allclose(ta.grad.numpy(), ra.grad.numpy(), rtol=1e-12)
    np.testing.assert_allclose(tb.grad.numpy(), rb.grad.numpy(), rtol=1e-12)
    assert nt.autograd.gradcheck(
        nt.inner, (ta.detach().requires_grad_(), tb.detach().requires_grad_())
    )


def test_inner_cuda(device):
    a = nt.ones(2, 3, device=device)
    assert nt.inner(a, a).device == a.device
    np.testing.assert_allclose(nt.inner(a, a).cpu().numpy(), np.full((2, 2), 3.0))


def test_named_tuple_names():
    x = [[1.0, float("nan"), 3.0], [2.0, 5.0, float("nan")]]
    assert (
        type(nt.nanmedian(nt.tensor(x), 1)).__name__
        == type(torch.nanmedian(torch.tensor(x), 1)).__name__
    )
    m = [[0.0, 1.0], [1.0, 0.0]]
    assert type(nt.linalg.slogdet(nt.tensor(m))).__name__ == "linalg_slogdet"
    assert type(torch.linalg.slogdet(torch.tensor(m))).__name__ == "linalg_slogdet"
    assert type(nt.slogdet(nt.tensor(m))).__name__ == type(torch.slogdet(torch.tensor(m))).__name__
    sign, logabs = nt.slogdet(nt.tensor(m))
    assert sign.item() == -1.0 and logabs.item() == 0.0
