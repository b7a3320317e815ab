"""Adadelta, Adamax, NAdam, RAdam, Rprop, ASGD and the further schedulers against torch:
the same parameters and rates after every step."""

import numpy as np
import pytest

import numtensor as nt
from tests.conftest import torch


def _params(m):
    g = np.random.default_rng(0)
    w = m.nn.Parameter(m.tensor(g.standard_normal((3, 4)).astype(np.float64)))
    b = m.nn.Parameter(m.tensor(g.standard_normal(4).astype(np.float64)))
    return [w, b]


def _run(m, make, steps: int = 12):
    params = _params(m)
    opt = make(m, params)
    history = []
    for i in range(steps):
        opt.zero_grad()
        x = m.tensor(np.random.default_rng(i).standard_normal((5, 3)))
        loss = ((x @ params[0] + params[1]) ** 2).sum() + params[0].abs().sum()
        loss.backward()
        opt.step()
        history.append([p.detach().numpy().copy() for p in params])
    return history, opt


OPTIMIZERS = {
    "Adadelta": lambda m, p: m.optim.Adadelta(p),
    "Adadelta wd": lambda m, p: m.optim.Adadelta(
        p, lr=0.5, rho=0.8, weight_decay=0.1, maximize=True
    ),
    "Adamax": lambda m, p: m.optim.Adamax(p),
    "Adamax wd": lambda m, p: m.optim.Adamax(p, lr=0.01, betas=(0.8, 0.9), weight_decay=0.05),
    "NAdam": lambda m, p: m.optim.NAdam(p),
    "NAdam decoupled": lambda m, p: m.optim.NAdam(
        p, lr=0.01, weight_decay=0.1, decoupled_weight_decay=True
    ),
    "NAdam wd": lambda m, p: m.optim.NAdam(p, weight_decay=0.1, momentum_decay=0.01),
    "RAdam": lambda m, p: m.optim.RAdam(p, lr=0.01),
    "RAdam decoupled": lambda m, p: m.optim.RAdam(p, weight_decay=0.1, decoupled_weight_decay=True),
    "Rprop": lambda m, p: m.optim.Rprop(p),
    "Rprop etas": lambda m, p: m.optim.Rprop(
        p, lr=0.05, etas=(0.3, 1.5), step_sizes=(1e-3, 0.2), maximize=True
    ),
    "ASGD": lambda m, p: m.optim.ASGD(p),
    "ASGD t0": lambda m, p: m.optim.ASGD(
        p, lr=0.05, lambd=0.01, alpha=0.5, t0=3, weight_decay=0.01
    ),
}


@pytest.mark.parametrize("name", sorted(OPTIMIZERS))
def test_optimizer_matches_torch(name):
    ours, opt = _run(nt, OPTIMIZERS[name])
    theirs, topt = _run(torch, OPTIMIZERS[name])
    for a, b in zip(ours, theirs):
        for x, y in zip(a, b):
            np.testing.assert_allclose(x, y, rtol=1e-10, atol=1e-12)
    mine = opt.state_dict()["state"][0]
    want = topt.state_dict()["state"][0]
    assert sorted(mine) == sorted(want)


def _lrs(m, make, steps: int = 30):
    params = [m.nn.Parameter(m.zeros(2))]
    opt = m.optim.SGD(params, lr=0.1, momentum=0.9)
    scheduler = make(m, opt)
    seen = []
    for _ in range(steps):
        opt.step()
        scheduler.step()
        seen.append(
            (
                round(opt.param_groups[0]["lr"], 12),
                round(opt.param_groups[0]["momentum"], 12),
                [round(v, 12) for v in scheduler.get_last_lr()],
            )
        )
    return seen


SCHEDULERS = {
    "MultiplicativeLR": lambda m, o: m.optim.lr_scheduler.MultiplicativeLR(o, lambda e: 0.95),
    "ConstantLR": lambda m, o: m.optim.lr_scheduler.ConstantLR(o, factor=0.5, total_iters=4),
    "LinearLR": lambda m, o: m.optim.lr_scheduler.LinearLR(o, start_factor=0.25, total_iters=6),
    "LinearLR down": lambda m, o: m.optim.lr_scheduler.LinearLR(o, 1.0, 0.1, 10),
    "PolynomialLR": lambda m, o: m.optim.lr_scheduler.PolynomialLR(o, total_iters=12, power=2.0),
    "CosineAnnealingWarmRestarts": lambda m, o: m.optim.lr_scheduler.CosineAnnealingWarmRestarts(
        o, T_0=5, T_mult=2, eta_min=0.001
    ),
    "CosineAnnealingWarmRestarts 1": lambda m, o: m.optim.lr_scheduler.CosineAnnealingWarmRestarts(
        o, T_0=4
    ),
    "CyclicLR": lambda m, o: m.optim.lr_scheduler.CyclicLR(o, 0.01, 0.1, step_size_up=4),
    "CyclicLR triangular2": lambda m, o: m.optim.lr_scheduler.CyclicLR(
        o, 0.01, 0.1, step_size_up=3, step_size_down=5, mode="triangular2"
    ),
    "CyclicLR exp_range": lambda m, o: m.optim.lr_scheduler.CyclicLR(
        o, 0.01, 0.1, step_size_up=3, mode="exp_range", gamma=0.9
    ),
    "OneCycleLR": lambda m, o: m.optim.lr_scheduler.OneCycleLR(o, max_lr=0.5, total_steps=31),
    "OneCycleLR linear three": lambda m, o: m.optim.lr_scheduler.OneCycleLR(
        o, max_lr=0.5, epochs=4, steps_per_epoch=8, anneal_strategy="linear", three_phase=True
    ),
    "SequentialLR": lambda m, o: m.optim.lr_scheduler.SequentialLR(
        o,
        [
            m.optim.lr_scheduler.LinearLR(o, 0.1, total_iters=5),
            m.optim.lr_scheduler.ExponentialLR(o, 0.9),
        ],
        milestones=[5],
    ),
    "ChainedScheduler": lambda m, o: m.optim.lr_scheduler.ChainedScheduler(
        [m.optim.lr_scheduler.ConstantLR(o, 0.5, 3), m.optim.lr_scheduler.ExponentialLR(o, 0.9)]
    ),
}


@pytest.mark.parametrize("name", sorted(SCHEDULERS))
def test_scheduler_matches_torch(name):
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        assert _lrs(nt, SCHEDULERS[name]) == _lrs(torch, SCHEDULERS[name])
