"""numtensor.nn against torch.nn: same outputs and gradients from the same weights."""

import numpy as np
import pytest

import numtensor as nt
from tests.conftest import torch

RNG = np.random.default_rng(5)


def _copy_weights(nt_module, torch_module):
    state = {k: nt.tensor(v.detach().numpy()) for k, v in torch_module.state_dict().items()}
    nt_module.load_state_dict(state)


def _compare_module(make, *inputs, rtol=1e-5, atol=1e-6, train=True):
    tm, nm = make(torch), make(nt)
    _copy_weights(nm, tm)
    tm.train(train)
    nm.train(train)
    t_in = [torch.tensor(a, requires_grad=a.dtype.kind == "f") for a in inputs]
    n_in = [nt.tensor(a, requires_grad=a.dtype.kind == "f") for a in inputs]
    t_out, n_out = tm(*t_in), nm(*n_in)
    np.testing.assert_allclose(n_out.detach().numpy(), t_out.detach().numpy(), rtol=rtol, atol=atol)
    seed = RNG.standard_normal(tuple(t_out.shape)).astype(np.float32)
    t_out.backward(torch.tensor(seed))
    n_out.backward(nt.tensor(seed))
    for (name, tp), (_, np_) in zip(tm.named_parameters(), nm.named_parameters()):
        np.testing.assert_allclose(
            np_.grad.numpy(), tp.grad.numpy(), rtol=rtol, atol=atol, err_msg=name
        )
    for t, n in zip(t_in, n_in):
        if t.grad is not None:
            np.testing.assert_allclose(n.grad.numpy(), t.grad.numpy(), rtol=rtol, atol=atol)
    assert repr(nm) == repr(tm)


X = RNG.standard_normal((6, 5)).astype(np.float32)
X3 = RNG.standard_normal((2, 3, 5)).astype(np.float32)

MODULES = {
    "linear": (lambda m: m.nn.Linear(5, 3), X),
    "linear_nobias": (lambda m: m.nn.Linear(5, 3, bias=False), X3),
    "bilinear": (lambda m: m.nn.Bilinear(5, 5, 2), X, X[::-1].copy()),
    "mlp": (lambda m: m.nn.Sequential(m.nn.Linear(5, 8), m.nn.ReLU(), m.nn.Linear(8, 2)), X),
    "tanh_gelu": (lambda m: m.nn.Sequential(m.nn.Linear(5, 4), m.nn.GELU(), m.nn.Tanh()), X),
    "gelu_tanh": (lambda m: m.nn.GELU(approximate="tanh"), X),
    "leaky": (lambda m: m.nn.LeakyReLU(0.2), X),
    "elu": (lambda m: m.nn.ELU(0.5), X),
    "silu": (lambda m: m.nn.SiLU(), X),
    "sigmoid": (lambda m: m.nn.Sigmoid(), X),
    "softplus": (lambda m: m.nn.Softplus(beta=2.0, threshold=1.0), X),
    "softmax": (lambda m: m.nn.Softmax(dim=1), X),
    "log_softmax": (lambda m: m.nn.LogSoftmax(dim=-1), X3),
    "flatten": (lambda m: m.nn.Flatten(), X3),
    "unflatten": (lambda m: m.nn.Unflatten(1, (5, 1)), X),
    "identity": (lambda m: m.nn.Identity(), X),
    "layernorm": (lambda m: m.nn.LayerNorm(5), X3),
    "layernorm2": (lambda m: m.nn.LayerNorm((3, 5), elementwise_affine=False), X3),
    "dropout_eval": (lambda m: m.nn.Dropout(0.3), X),
}


@pytest.mark.parametrize("name", sorted(MODULES))
def test_module_matches_torch(name):
    make, *inputs = MODULES[name]
    _compare_module(make, *inputs, train=name != "dropout_eval")


def test_embedding():
    idx = np.array([[1, 2, 4], [4, 3, 0]])
    tm, nm = torch.nn.Embedding(5, 3, padding_idx=0), nt.nn.Embedding(5, 3, padding_idx=0)
    _copy_weights(nm, tm)
    out_t, out_n = tm(torch.tensor(idx)), nm(nt.tensor(idx))
    np.testing.assert_allclose(out_n.detach().numpy(), out_t.detach().numpy())
    out_t.sum().backward()
    out_n.sum().backward()
    np.testing.assert_allclose(nm.weight.grad.numpy(), tm.weight.grad.numpy())
    assert repr(nm) == repr(tm)


def test_dropout_training_statistics():
    nt.manual_seed(0)
    x = nt.ones(10000)
    y = nt.nn.Dropout(0.25)(x)
    kept = (y != 0).float().mean().item()
    assert abs(kept - 0.75) < 0.03
    np.testing.assert_allclose(np.unique(y.numpy()), [0.0, 1 / 0.75], rtol=1e-6)
    assert nt.nn.functional.dropout(x, 0.5, training=False) is x


LOGITS = RNG.standard_normal((6, 4)).astype(np.float32)
LOGITS4 = RNG.standard_normal((2, 4, 3, 2)).astype(np.float32)
TARGET = np.array([0, 3, 1, 1, 2, 0])
TARGET4 = RNG.integers(0, 4, (2, 3, 2))
PROBS = np.abs(RNG.standard_normal((6, 4))).astype(np.float32)
PROBS /= PROBS.sum(1, keepdims=True)
W = np.array([1.0, 2.0, 0.5, 1.5], dtype=np.float32)
Y = RNG.standard_normal((6, 4)).astype(np.float32)
P01 = 1 / (1 + np.exp(-LOGITS))
B01 = (RNG.random((6, 4)) > 0.5).astype(np.float32)

LOSSES = {
    "mse": (lambda m, r: m.nn.MSELoss(reduction=r), LOGITS, Y),
    "l1": (lambda m, r: m.nn.L1Loss(reduction=r), LOGITS, Y),
    "smooth_l1": (lambda m, r: m.nn.SmoothL1Loss(reduction=r, beta=0.5), LOGITS, Y),
    "huber": (lambda m, r: m.nn.HuberLoss(reduction=r, delta=0.7), LOGITS, Y),
    "ce": (lambda m, r: m.nn.CrossEntropyLoss(reduction=r), LOGITS, TARGET),
    "ce_weight": (lambda m, r: m.nn.CrossEntropyLoss(m.tensor(W), reduction=r), LOGITS, TARGET),
    "ce_ignore": (lambda m, r: m.nn.CrossEntropyLoss(ignore_index=1, reduction=r), LOGITS, TARGET),
    "ce_smooth": (
        lambda m, r: m.nn.CrossEntropyLoss(
            m.tensor(W), reduction=r, label_smoothing=0.1, ignore_index=3
        ),
        LOGITS,
        TARGET,
    ),
    "ce_probs": (
        lambda m, r: m.nn.CrossEntropyLoss(reduction=r, label_smoothing=0.2),
        LOGITS,
        PROBS,
    ),
    "ce_probs_weight": (
        lambda m, r: m.nn.CrossEntropyLoss(m.tensor(W), reduction=r),
        LOGITS,
        PROBS,
    ),
    "ce_4d": (lambda m, r: m.nn.CrossEntropyLoss(reduction=r), LOGITS4, TARGET4),
    "nll": (lambda m, r: m.nn.NLLLoss(m.tensor(W), reduction=r), LOGITS, TARGET),
    "bce": (lambda m, r: m.nn.BCELoss(reduction=r), P01, B01),
    "bce_weight": (lambda m, r: m.nn.BCELoss(m.tensor(W), reduction=r), P01, B01),
    "bce_logits": (lambda m, r: m.nn.BCEWithLogitsLoss(reduction=r), LOGITS * 10, B01),
    "bce_logits_pos": (
        lambda m, r: m.nn.BCEWithLogitsLoss(reduction=r, pos_weight=m.tensor(W)),
        LOGITS,
        B01,
    ),
}


@pytest.mark.parametrize("reduction", ["mean", "sum", "none"])
@pytest.mark.parametrize("name", sorted(LOSSES))
def test_loss_matches_torch(name, reduction):
    make, inp, target = LOSSES[name]
    results = []
    for m in (torch, nt):
        x = m.tensor(inp, requires_grad=True)
        loss = make(m, reduction)(x, m.tensor(target))
        loss.sum().backward() if reduction == "none" else loss.backward()
        results.append((loss.detach().numpy(), x.grad.numpy()))
    (t_loss, t_grad), (n_loss, n_grad) = results
    np.testing.assert_allclose(n_loss, t_loss, rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(n_grad, t_grad, rtol=1e-5, atol=1e-6)


def test_functional_extras():
    t = np.array([0, 2, 1])
    assert (
        nt.nn.functional.one_hot(nt.tensor(t)).tolist()
        == torch.nn.functional.one_hot(torch.tensor(t)).tolist()
    )
    assert nt.nn.functional.one_hot(nt.tensor(t), 4).shape == (3, 4)
    for pad in [(1, 2), (1, 1, 2, 0), (-1, 1)]:
        np.testing.assert_array_equal(
            nt.nn.functional.pad(nt.tensor(X3), pad, value=0.5).numpy(),
            torch.nn.functional.pad(torch.tensor(X3), pad, value=0.5).numpy(),
        )
    np.testing.assert_allclose(
        nt.nn.functional.normalize(nt.tensor(X)).numpy(),
        torch.nn.functional.normalize(torch.tensor(X)).numpy(),
        rtol=1e-6,
    )
    with pytest.raises(RuntimeError):
        nt.nn.functional.one_hot(nt.tensor([1.0]))
