"""nn.Embedding / F.embedding with every PyTorch option against torch: max_norm renormalising
the weight in place, norm_type, scale_grad_by_freq, negative padding_idx, from_pretrained,
_weight/_freeze, reprs and errors."""

import numpy as np
import pytest

import numtensor as nt
from tests.conftest import torch

W = np.random.default_rng(0).standard_normal((6, 3))
IDX = [[1, 2, 2, 5], [2, 0, 1, 1]]


@pytest.mark.parametrize(
    "kwargs",
    [
        {},
        {"max_norm": 1.0},
        {"max_norm": 0.5, "norm_type": 1.0},
        {"scale_grad_by_freq": True},
        {"padding_idx": -1, "scale_grad_by_freq": True, "max_norm": 2.0},
        {"sparse": True},
    ],
)
def test_module_matches_torch(kwargs):
    results = []
    for m in (torch, nt):
        e = m.nn.Embedding(6, 3, **kwargs, dtype=m.float64)
        with m.no_grad():
            e.weight.copy_(m.tensor(W))
        out = e(m.tensor(IDX))
        (out * m.arange(3.0, dtype=m.float64)).sum().backward()
        grad = e.weight.grad
        grad = grad.to_dense() if getattr(grad, "is_sparse", False) else grad
        results.append((out.detach().numpy(), grad.numpy(), e.weight.detach().numpy(), repr(e)))
    (a_out, a_grad, a_w, a_repr), (b_out, b_grad, b_w, b_repr) = results
    np.testing.assert_allclose(b_out, a_out, rtol=1e-12)
    np.testing.assert_allclose(b_grad, a_grad, rtol=1e-12)
    np.testing.assert_allclose(b_w, a_w, rtol=1e-12)  # (max_norm rewrote the same rows)
    assert b_repr == a_repr


def test_functional_and_gradcheck():
    w = nt.tensor(W, requires_grad=True)
    idx = nt.tensor(IDX)
    # (scale_grad_by_freq and padding_idx change the gradient on purpose: not the Jacobian)
    assert nt.autograd.gradcheck(lambda t: nt.nn.functional.embedding(idx, t), (w,))


def test_from_pretrained_and_errors():
    for m in (torch, nt):
        weight = m.tensor([[1.0, 2.3, 3.0], [4.0, 5.1, 6.3]])
        frozen = m.nn.Embedding.from_pretrained(weight)
        assert not frozen.weight.requires_grad
        assert m.nn.Embedding.from_pretrained(weight, freeze=False).weight.requires_grad
        np.testing.assert_allclose(frozen(m.tensor([1])).numpy(), [[4.0, 5.1, 6.3]], rtol=1e-6)
        with pytest.raises(AssertionError):
            m.nn.Embedding(3, 2, padding_idx=5)
        with pytest.raises(AssertionError):
            m.nn.Embedding(3, 2, _weight=m.ones(2, 2))
        with pytest.raises(AssertionError):
            m.nn.Embedding.from_pretrained(m.ones(3))
    assert repr(nt.nn.Embedding(5, 3, max_norm=1.0, norm_type=1.0, sparse=True)) == repr(
        torch.nn.Embedding(5, 3, max_norm=1.0, norm_type=1.0, sparse=True)
    )
