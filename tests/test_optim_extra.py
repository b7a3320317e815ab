"""LBFGS, SparseAdam, Adafactor and optim.swa_utils against torch: the same trajectories,
state dicts, learning rates, errors and warnings."""

import copy

import numpy as np
import pytest

import numtensor as nt
import numtensor.nn as nnn
import numtensor.optim as O
from numtensor.optim import swa_utils
from tests.conftest import torch

TO = torch.optim


def r(*shape, seed=0, dtype=np.float64):
    return np.random.default_rng(seed).standard_normal(shape).astype(dtype)


def _np(t):
    return t.detach().cpu().numpy()


# ---- LBFGS ----------------------------------------------------------------------------------


def _rosenbrock_run(lib, opt_cls, steps, **kw):
    x = lib.tensor([-1.5, 2.0], dtype=lib.float64, requires_grad=True)
    opt = opt_cls([x], **kw)

    def closure():
        opt.zero_grad()
        loss = (1 - x[0]) ** 2 + 100 * (x[1] - x[0] ** 2) ** 2
        loss.backward()
        return loss

    path, losses = [], []
    for _ in range(steps):
        losses.append(float(opt.step(closure).detach()))
        path.append(_np(x).copy())
    return np.array(path), losses, opt


@pytest.mark.parametrize("history_size", [100, 3])
def test_lbfgs_strong_wolfe_rosenbrock(history_size):
    kw = dict(lr=1, max_iter=20, line_search_fn="strong_wolfe", history_size=history_size)
    ours, l1, o1 = _rosenbrock_run(nt, O.LBFGS, 4, **kw)
    theirs, l2, o2 = _rosenbrock_run(torch, TO.LBFGS, 4, **kw)
    np.testing.assert_allclose(ours, theirs, rtol=1e-6, atol=1e-6)
    np.testing.assert_allclose(l1, l2, rtol=1e-6, atol=1e-9)
    s1, s2 = o1.state[o1._params[0]], o2.state[o2._params[0]]
    assert s1["func_evals"] == s2["func_evals"] and s1["n_iter"] == s2["n_iter"]
    np.testing.assert_allclose(ours[-1], [1.0, 1.0], atol=1e-3)


def _regression_run(lib, steps, state=None, start=None, **kw):
    x = lib.tensor(r(20, 3, seed=1))
    y = lib.tensor(r(20, seed=2))
    init = np.zeros(4) if start is None else start
    w = lib.tensor(init[:3].copy(), dtype=lib.float64, requires_grad=True)
    b = lib.tensor(init[3:].copy(), dtype=lib.float64, requires_grad=True)
    opt = (O.LBFGS if lib is nt else TO.LBFGS)([w, b], **kw)
    if state is not None:
        opt.load_state_dict(state)

    def closure():
        opt.zero_grad()
        loss = ((x @ w + b - y) ** 2).mean() + 0.1 * (w**4).sum()
        loss.backward()
        return loss

    out = []
    for _ in range(steps):
        opt.step(closure)
        out.append(np.concatenate([_np(w), _np(b)]))
    return np.array(out), opt


@pytest.mark.parametrize("line_search_fn", [None, "strong_wolfe"])
def test_lbfgs_regression_trajectory(line_search_fn):
    kw = dict(lr=0.5, max_iter=4, history_size=5, line_search_fn=line_search_fn)
    ours, _ = _regression_run(nt, 6, **kw)
    theirs, _ = _regression_run(torch, 6, **kw)
    np.testing.assert_allclose(ours, theirs, rtol=1e-7, atol=1e-9)


@pytest.mark.parametrize("line_search_fn", [None, "strong_wolfe"])
def test_lbfgs_state_dict_round_trip(line_search_fn):
    kw = dict(lr=0.5, max_iter=3, history_size=4, line_search_fn=line_search_fn)
    straight, _ = _regression_run(nt, 4, **kw)
    first, opt = _regression_run(nt, 2, **kw)
    theirs_state = _regression_run(torch, 2, **kw)[1].state_dict()
    state = opt.state_dict()
    assert sorted(state["state"][0]) == sorted(theirs_state["state"][0])
    assert state["param_groups"] == theirs_state["param_groups"]
    for key in ("func_evals", "n_iter"):
        assert state["state"][0][key] == theirs_state["state"][0][key]
    # a new optimizer on the same values, loaded with the state, continues the same path
    resumed, _ = _regression_run(nt, 2, state=state, start=first[-1], **kw)
    np.testing.assert_allclose(resumed, straight[2:], rtol=1e-12, atol=1e-14)


def test_lbfgs_errors():
    p = nnn.Parameter(nt.zeros(2))
    with pytest.raises(ValueError, match="Invalid learning rate"):
        O.LBFGS([p], lr=-1)
    with pytest.raises(ValueError, match="parameter groups"):
        O.LBFGS([{"params": [p]}, {"params": [nnn.Parameter(nt.zeros(1))]}])
    opt = O.LBFGS([p], line_search_fn="armijo")
    p.grad = nt.ones(2)

    def closure():
        p.grad = nt.ones(2)
        return nt.tensor(1.0)

    with pytest.raises(RuntimeError, match="strong_wolfe"):
        opt.step(closure)


def test_lbfgs_on_device(device):
    x = nt.tensor([3.0, -2.0], device=device, requires_grad=True)
    opt = O.LBFGS([x], line_search_fn="strong_wolfe")

    def closure():
        opt.zero_grad()
        loss = (x**2).sum()
        loss.backward()
        return loss

    opt.step(closure)
    assert x.device.type == device
    np.testing.assert_allclose(_np(x), [0.0, 0.0], atol=1e-5)


# ---- SparseAdam -----------------------------------------------------------------------------


@pytest.mark.parametrize("maximize", [False, True])
def test_sparse_adam_matches_sparse_embedding_gradients(maximize):
    weight = r(6, 3, seed=3)
    batches = [[0, 2, 2], [5, 1], [2, 3], [0, 0, 4]]
    temb = torch.nn.Embedding(6, 3, sparse=True).double()
    temb.weight.data.copy_(torch.tensor(weight))
    topt = TO.SparseAdam(temb.parameters(), lr=0.1, maximize=maximize)
    ours = nnn.Parameter(nt.tensor(weight))
    opt = O.SparseAdam([ours], lr=0.1, maximize=maximize)
    for i, idx in enumerate(batches):
        target = r(len(idx), 3, seed=10 + i)
        topt.zero_grad()
        ((temb(torch.tensor(idx)) - torch.tensor(target)) ** 2).sum().backward()
        topt.step()
        opt.zero_grad()
        ((ours[nt.tensor(idx)] - nt.tensor(target)) ** 2).sum().backward()
        opt.step()
        np.testing.assert_allclose(_np(ours), _np(temb.weight), rtol=1e-12, atol=1e-12)
    s1, s2 = opt.state[ours], topt.state[temb.weight]
    assert s1["step"] == s2["step"] == len(batches)
    np.testing.assert_allclose(_np(s1["exp_avg"]), _np(s2["exp_avg"]), atol=1e-12)
    np.testing.assert_allclose(_np(s1["exp_avg_sq"]), _np(s2["exp_avg_sq"]), atol=1e-12)


def test_sparse_adam_errors():
    p = nnn.Parameter(nt.zeros(2))
    for kw, msg in [
        (dict(lr=0.0), "Invalid learning rate"),
        (dict(eps=0.0), "Invalid epsilon"),
        (dict(betas=(1.0, 0.9)), "index 0"),
        (dict(betas=(0.9, -0.1)), "index 1"),
    ]:
        with pytest.raises(ValueError, match=msg):
            O.SparseAdam([p], **kw)
        with pytest.raises(ValueError, match=msg):
            TO.SparseAdam([torch.nn.Parameter(torch.zeros(2))], **kw)


# ---- Adafactor ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "kw",
    [
        {},
        dict(lr=0.05, weight_decay=0.1, d=1.5),
        dict(maximize=True, eps=(1e-20, 1e-2), beta2_decay=-0.5),
        dict(lr=1.0),
    ],
)
@pytest.mark.parametrize("dtype", ["float64", "float32"])
def test_adafactor_trajectory(kw, dtype):
    shapes = [(4, 3), (5,), (2, 3, 4)]
    ours = [nnn.Parameter(nt.tensor(r(*s, seed=i, dtype=dtype))) for i, s in enumerate(shapes)]
    theirs = [
        torch.nn.Parameter(torch.tensor(r(*s, seed=i, dtype=dtype))) for i, s in enumerate(shapes)
    ]
    o1, o2 = O.Adafactor(ours, **kw), TO.Adafactor(theirs, **kw)
    tol = 1e-12 if dtype == "float64" else 2e-5
    for step in range(5):
        for i, (a, b) in enumerate(zip(ours, theirs)):
            g = r(*a.shape, seed=100 * step + i, dtype=dtype)
            a.grad, b.grad = nt.tensor(g), torch.tensor(g)
        o1.step()
        o2.step()
        for a, b in zip(ours, theirs):
            np.testing.assert_allclose(_np(a), _np(b), rtol=tol, atol=tol)
    s1, s2 = o1.state_dict(), o2.state_dict()
    assert [sorted(v) for v in s1["state"].values()] == [sorted(v) for v in s2["state"].values()]
    for i in s2["state"]:
        for k, v in s2["state"][i].items():
            np.testing.assert_allclose(_np(s1["state"][i][k]), _np(v), rtol=tol, atol=tol)
            assert tuple(s1["state"][i][k].shape) == tuple(v.shape)


def test_adafactor_errors():
    p = nnn.Parameter(nt.zeros(2))
    for kw in [
        dict(lr=-1),
        dict(beta2_decay=0.1),
        dict(eps=(-1, 1e-3)),
        dict(eps=(None, -1)),
        dict(d=0.5),
        dict(weight_decay=-1),
    ]:
        with pytest.raises(ValueError):
            O.Adafactor([p], **kw)
        with pytest.raises(ValueError):
            TO.Adafactor([torch.nn.Parameter(torch.zeros(2))], **kw)


# ---- swa_utils ------------------------------------------------------------------------------


def _models():
    theirs = torch.nn.Sequential(
        torch.nn.Linear(3, 4), torch.nn.BatchNorm1d(4), torch.nn.Linear(4, 2)
    ).double()
    ours = nnn.Sequential(nnn.Linear(3, 4), nnn.BatchNorm1d(4), nnn.Linear(4, 2)).double()
    ours.load_state_dict({k: nt.tensor(_np(v)) for k, v in theirs.state_dict().items()})
    return ours, theirs


def _perturb(ours, theirs, seed):
    with nt.no_grad(), torch.no_grad():
        for i, (a, b) in enumerate(zip(ours.parameters(), theirs.parameters())):
            d = r(*a.shape, seed=seed * 10 + i)
            a.add_(nt.tensor(d))
            b.add_(torch.tensor(d))


@pytest.mark.parametrize(
    "make",
    [
        lambda lib: {},
        lambda lib: {"multi_avg_fn": lib.optim.swa_utils.get_ema_multi_avg_fn(0.9)},
        lambda lib: {"avg_fn": lib.optim.swa_utils.get_ema_avg_fn(0.8)},
        lambda lib: {"multi_avg_fn": lib.optim.swa_utils.get_swa_multi_avg_fn()},
        lambda lib: {"avg_fn": lib.optim.swa_utils.get_swa_avg_fn(), "use_buffers": True},
    ],
)
def test_averaged_model(make):
    ours, theirs = _models()
    a1 = swa_utils.AveragedModel(ours, **make(nt))
    a2 = TO.swa_utils.AveragedModel(theirs, **make(torch))
    assert list(a1.state_dict()) == list(a2.state_dict())
    for step in range(4):
        _perturb(ours, theirs, step)
        a1.update_parameters(ours)
        a2.update_parameters(theirs)
    assert int(a1.n_averaged) == int(a2.n_averaged) == 4
    assert a1.n_averaged.dtype == nt.int64
    for (k, v1), v2 in zip(a1.state_dict().items(), a2.state_dict().values()):
        np.testing.assert_allclose(_np(v1), _np(v2), rtol=1e-12, atol=1e-12, err_msg=k)
    x = r(5, 3, seed=9)
    a1.eval()
    a2.eval()
    np.testing.assert_allclose(_np(a1(nt.tensor(x))), _np(a2(torch.tensor(x))), rtol=1e-10)


def test_averaged_model_errors_and_avg_fns():
    with pytest.raises(AssertionError):
        swa_utils.AveragedModel(
            nnn.Linear(2, 2),
            avg_fn=swa_utils.get_swa_avg_fn(),
            multi_avg_fn=swa_utils.get_swa_multi_avg_fn(),
        )
    with pytest.raises(ValueError, match="decay"):
        swa_utils.get_ema_avg_fn(1.5)
    with pytest.raises(ValueError, match="decay"):
        swa_utils.get_ema_multi_avg_fn(-0.1)
    a, b = nt.tensor([1.0, 2.0]), nt.tensor([3.0, 6.0])
    np.testing.assert_allclose(_np(swa_utils.get_swa_avg_fn()(a, b, 1)), [2.0, 4.0])
    np.testing.assert_allclose(_np(swa_utils.get_ema_avg_fn(0.5)(a, b, 1)), [2.0, 4.0])
    with pytest.raises(RuntimeError, match="alpha"):  # as torch: no float alpha on integers
        swa_utils.get_swa_multi_avg_fn()([nt.tensor([2, 4])], [nt.tensor([4, 8])], 1)
    ema = [nt.tensor([2, 4])]
    swa_utils.get_ema_multi_avg_fn(0.5)(ema, [nt.tensor([4, 8])], 1)
    tema = [torch.tensor([2, 4])]
    TO.swa_utils.get_ema_multi_avg_fn(0.5)(tema, [torch.tensor([4, 8])], 1)
    np.testing.assert_array_equal(_np(ema[0]), tema[0].numpy())


def test_update_bn():
    ours, theirs = _models()
    loader = [(r(6, 3, seed=i), 0) for i in range(3)]
    ours.eval()
    theirs.eval()
    swa_utils.update_bn([(nt.tensor(x), y) for x, y in loader], ours)
    TO.swa_utils.update_bn([(torch.tensor(x), y) for x, y in loader], theirs)
    assert not ours.training
    assert ours[1].momentum == 0.1
    for (k, v1), v2 in zip(ours.state_dict().items(), theirs.state_dict().values()):
        np.testing.assert_allclose(_np(v1), _np(v2), rtol=1e-10, atol=1e-12, err_msg=k)
    swa_utils.update_bn([], nnn.Linear(2, 2))  # no BatchNorm: nothing to do


@pytest.mark.parametrize("strategy,anneal_epochs", [("cos", 3), ("linear", 4), ("cos", 0)])
def test_swalr(strategy, anneal_epochs):
    p1, p2 = nnn.Parameter(nt.zeros(1)), torch.nn.Parameter(torch.zeros(1))
    o1 = O.SGD([{"params": [p1]}, {"params": [nnn.Parameter(nt.zeros(1))], "lr": 0.3}], lr=1.0)
    o2 = TO.SGD(
        [{"params": [p2]}, {"params": [torch.nn.Parameter(torch.zeros(1))], "lr": 0.3}], lr=1.0
    )
    s1 = swa_utils.SWALR(
        o1, swa_lr=[0.05, 0.1], anneal_epochs=anneal_epochs, anneal_strategy=strategy
    )
    s2 = TO.swa_utils.SWALR(
        o2, swa_lr=[0.05, 0.1], anneal_epochs=anneal_epochs, anneal_strategy=strategy
    )
    for _ in range(6):
        np.testing.assert_allclose(s1.get_last_lr(), s2.get_last_lr(), rtol=1e-12)
        o1.step()
        o2.step()
        s1.step()
        s2.step()
    np.testing.assert_allclose(s1.get_last_lr(), s2.get_last_lr(), rtol=1e-12)
    state = s1.state_dict()
    assert "optimizer" not in state and "anneal_func" not in state
    s1.load_state_dict(copy.deepcopy(state))
    assert s1.anneal_func == (s1._cosine_anneal if strategy == "cos" else s1._linear_anneal)
    with pytest.warns(UserWarning, match="get_last_lr"):
        s1.get_lr()


def test_swalr_errors():
    opt = O.SGD([nnn.Parameter(nt.zeros(1))], lr=0.1)
    with pytest.raises(ValueError, match="anneal_strategy"):
        swa_utils.SWALR(opt, 0.05, anneal_strategy="exp")
    with pytest.raises(ValueError, match="anneal_epochs"):
        swa_utils.SWALR(opt, 0.05, anneal_epochs=-1)
    with pytest.raises(ValueError, match="swa_lr"):
        swa_utils.SWALR(opt, [0.05, 0.1])


def test_averaged_model_on_device(device):
    model = nnn.Linear(2, 2).to(device)
    avg = swa_utils.AveragedModel(model)
    avg.update_parameters(model)
    with nt.no_grad():
        model.weight.add_(2.0)
    avg.update_parameters(model)
    assert avg.module.weight.device.type == device
    np.testing.assert_allclose(_np(avg.module.weight), _np(model.weight) - 1.0, rtol=1e-6)
