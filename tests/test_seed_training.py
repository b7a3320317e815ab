"""The seed's two-layer network trained by autograd and manual SGD follows PyTorch exactly."""

import numpy as np

import numtensor as nt
from tests.conftest import torch


def _train(m, arrays, iterations):
    x, y = m.tensor(arrays[0]), m.tensor(arrays[1])
    w1 = m.tensor(arrays[2], requires_grad=True)
    w2 = m.tensor(arrays[3], requires_grad=True)
    losses = []
    learning_rate = 1e-6
    for _ in range(iterations):
        y_pred = x.mm(w1).clamp(min=0).mm(w2)
        loss = (y_pred - y).pow(2).sum()
        losses.append(loss.item())
        loss.backward()
        with m.no_grad():
            w1 -= learning_rate * w1.grad
            w2 -= learning_rate * w2.grad
            w1.grad.zero_()
            w2.grad.zero_()
    return losses, w1, w2


def test_same_losses_and_weights_as_torch():
    rng = np.random.default_rng(0)
    arrays = [
        rng.standard_normal(s).astype(np.float32)
        for s in ((64, 1000), (64, 10), (1000, 100), (100, 10))
    ]
    got_losses, g1, g2 = _train(nt, arrays, 60)
    exp_losses, e1, e2 = _train(torch, arrays, 60)
    np.testing.assert_allclose(got_losses, exp_losses, rtol=2e-4)
    np.testing.assert_allclose(g1.detach().numpy(), e1.detach().numpy(), rtol=1e-4, atol=1e-5)
    np.testing.assert_allclose(g2.detach().numpy(), e2.detach().numpy(), rtol=1e-4, atol=1e-5)
    assert g1.is_leaf and g1.requires_grad and g1.grad.abs().sum().item() == 0


def test_seed_cell_objects_print_like_torch():
    x = nt.randn(4, 3)
    w = nt.randn(3, 2, requires_grad=True)
    h = x.mm(w)
    assert repr(h).endswith("grad_fn=<MmBackward0>)")
    assert repr(h.clamp(min=0)).endswith("grad_fn=<ClampBackward1>)")
    assert repr((h - 1).pow(2).sum()).endswith("grad_fn=<SumBackward0>)")
