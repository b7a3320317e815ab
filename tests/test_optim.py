"""Optimizers and schedulers follow PyTorch's trajectories step for step."""

import math

import numpy as np
import pytest

import numtensor as nt
from tests.conftest import torch

RNG = np.random.default_rng(2)
W0 = RNG.standard_normal((4, 3)).astype(np.float32)
B0 = RNG.standard_normal(3).astype(np.float32)
X = RNG.standard_normal((8, 4)).astype(np.float32)
Y = RNG.standard_normal((8, 3)).astype(np.float32)

OPTIMIZERS = {
    "sgd": lambda m, ps: m.optim.SGD(ps, lr=0.1),
    "sgd_momentum": lambda m, ps: m.optim.SGD(
        ps, lr=0.05, momentum=0.9, dampening=0.1, weight_decay=0.01
    ),
    "sgd_nesterov": lambda m, ps: m.optim.SGD(ps, lr=0.05, momentum=0.9, nesterov=True),
    "sgd_maximize": lambda m, ps: m.optim.SGD(ps, lr=0.01, maximize=True),
    "adam": lambda m, ps: m.optim.Adam(ps, lr=0.01),
    "adam_wd_amsgrad": lambda m, ps: m.optim.Adam(ps, lr=0.01, weight_decay=0.1, amsgrad=True),
    "adamw": lambda m, ps: m.optim.AdamW(ps, lr=0.01, betas=(0.8, 0.99)),
    "adamw_amsgrad": lambda m, ps: m.optim.AdamW(ps, lr=0.01, amsgrad=True),
    "rmsprop": lambda m, ps: m.optim.RMSprop(ps, lr=0.01),
    "rmsprop_centered": lambda m, ps: m.optim.RMSprop(
        ps, lr=0.01, momentum=0.5, centered=True, weight_decay=0.01
    ),
    "adagrad": lambda m, ps: m.optim.Adagrad(
        ps, lr=0.1, lr_decay=0.01, weight_decay=0.01, initial_accumulator_value=0.1
    ),
}


def _trajectory(m, make, steps=6, groups=False):
    w = m.tensor(W0, requires_grad=True)
    b = m.tensor(B0, requires_grad=True)
    params = [{"params": [w]}, {"params": [b], "lr": 0.02}] if groups else [w, b]
    opt = make(m, params)
    x, y = m.tensor(X), m.tensor(Y)
    out = []
    for _ in range(steps):
        opt.zero_grad()
        loss = ((x @ w + b - y) ** 2).mean()
        loss.backward()
        opt.step()
        out.append((loss.item(), w.detach().numpy().copy(), b.detach().numpy().copy()))
    return out, opt


@pytest.mark.parametrize("name", sorted(OPTIMIZERS))
@pytest.mark.parametrize("groups", [False, True])
def test_trajectory_matches_torch(name, groups):
    got, _ = _trajectory(nt, OPTIMIZERS[name], groups=groups)
    expected, _ = _trajectory(torch, OPTIMIZERS[name], groups=groups)
    for (gl, gw, gb), (el, ew, eb) in zip(got, expected):
        np.testing.assert_allclose(gl, el, rtol=1e-5)
        np.testing.assert_allclose(gw, ew, rtol=1e-5, atol=1e-6)
        np.testing.assert_allclose(gb, eb, rtol=1e-5, atol=1e-6)


def test_closure_and_zero_grad():
    w = nt.tensor([1.0, 2.0], requires_grad=True)
    opt = nt.optim.SGD([w], lr=0.5)

    def closure():
        opt.zero_grad()
        loss = (w * w).sum()
        loss.backward()
        return loss

    assert opt.step(closure).item() == 5.0
    assert w.tolist() == [0.0, 0.0]
    opt.zero_grad(set_to_none=False)
    assert w.grad.tolist() == [0.0, 0.0]
    opt.zero_grad()
    assert w.grad is None


ERRORS = {
    "empty": lambda m: m.optim.SGD([], lr=0.1),
    "lr": lambda m: m.optim.SGD([m.ones(1, requires_grad=True)], lr=-1),
    "momentum": lambda m: m.optim.SGD([m.ones(1, requires_grad=True)], lr=0.1, momentum=-1),
    "nesterov": lambda m: m.optim.SGD([m.ones(1, requires_grad=True)], lr=0.1, nesterov=True),
    "betas": lambda m: m.optim.Adam([m.ones(1, requires_grad=True)], betas=(1.0, 0.9)),
    "eps": lambda m: m.optim.Adam([m.ones(1, requires_grad=True)], eps=-1),
    "wd": lambda m: m.optim.AdamW([m.ones(1, requires_grad=True)], weight_decay=-1),
    "tensor_params": lambda m: m.optim.SGD(m.ones(1, requires_grad=True), lr=0.1),
    "non_leaf": lambda m: m.optim.SGD([m.ones(1, requires_grad=True) * 2], lr=0.1),
}


@pytest.mark.parametrize("name", sorted(ERRORS))
def test_invalid_hyperparameters(name):
    with pytest.raises(Exception) as expected:
        ERRORS[name](torch)
    with pytest.raises(type(expected.value)):
        ERRORS[name](nt)


def test_state_dict_round_trip():
    _, opt = _trajectory(nt, OPTIMIZERS["adam"], steps=3)
    state = opt.state_dict()
    assert sorted(state["state"][0]) == ["exp_avg", "exp_avg_sq", "step"]
    assert state["param_groups"][0]["params"] == [0, 1]
    w = nt.tensor(W0, requires_grad=True)
    b = nt.tensor(B0, requires_grad=True)
    fresh = nt.optim.Adam([w, b], lr=0.5)
    fresh.load_state_dict(state)
    assert fresh.param_groups[0]["lr"] == 0.01
    assert fresh.state[w]["step"].item() == 3.0
    np.testing.assert_array_equal(
        fresh.state[w]["exp_avg"].numpy(),
        opt.state[opt.param_groups[0]["params"][0]]["exp_avg"].numpy(),
    )


SCHEDULERS = {
    "step": lambda m, o: m.optim.lr_scheduler.StepLR(o, step_size=3, gamma=0.5),
    "multistep": lambda m, o: m.optim.lr_scheduler.MultiStepLR(o, [2, 5, 5], gamma=0.3),
    "exponential": lambda m, o: m.optim.lr_scheduler.ExponentialLR(o, 0.9),
    "cosine": lambda m, o: m.optim.lr_scheduler.CosineAnnealingLR(o, T_max=4, eta_min=0.01),
    "lambda": lambda m, o: m.optim.lr_scheduler.LambdaLR(o, lambda e: 1 / (1 + e)),
}


@pytest.mark.parametrize("name", sorted(SCHEDULERS))
def test_scheduler_rates_match_torch(name):
    rates = []
    for m in (nt, torch):
        opt = m.optim.SGD([m.ones(1, requires_grad=True)], lr=0.1)
        sched = SCHEDULERS[name](m, opt)
        seq = []
        for _ in range(12):
            opt.step()
            sched.step()
            seq.append(sched.get_last_lr()[0])
        rates.append(seq)
    np.testing.assert_allclose(rates[0], rates[1], rtol=1e-12)


def test_reduce_on_plateau_matches_torch():
    metrics = [1.0, 0.9, 0.95, 0.95, 0.95, 0.95, 0.8, 0.8, 0.8, 0.8, 0.8, 0.8]
    rates = []
    for m in (nt, torch):
        opt = m.optim.SGD([m.ones(1, requires_grad=True)], lr=0.1)
        sched = m.optim.lr_scheduler.ReduceLROnPlateau(
            opt, factor=0.5, patience=2, cooldown=1, min_lr=0.02
        )
        seq = []
        for value in metrics:
            sched.step(value)
            seq.append(opt.param_groups[0]["lr"])
        rates.append(seq)
    assert rates[0] == pytest.approx(rates[1])
    assert not math.isnan(rates[0][-1])
