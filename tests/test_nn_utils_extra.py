"""nn.utils: hook-based weight_norm/spectral_norm, get_total_norm and the clipping helpers,
skip_init, BatchNorm fusion and the memory-format converters, against torch."""

import warnings

import numpy as np
import pytest

import numtensor as nt
import numtensor.nn as nnn
from tests.conftest import torch

U = nnn.utils
TU = torch.nn.utils


def r(*shape, seed=0, dtype=np.float64):
    return np.random.default_rng(seed).standard_normal(shape).astype(dtype)


def _np(t):
    return t.detach().cpu().numpy()


def _close(a, b, tol=1e-10):
    np.testing.assert_allclose(_np(a), _np(b), rtol=tol, atol=tol)


def _pair(cls_name, *args, dtype="float64"):
    theirs = getattr(torch.nn, cls_name)(*args).to(getattr(torch, dtype))
    ours = getattr(nnn, cls_name)(*args).to(getattr(nt, dtype))
    ours.load_state_dict({k: nt.tensor(_np(v)) for k, v in theirs.state_dict().items()})
    return ours, theirs


# ---- hook-based weight norm -----------------------------------------------------------------


@pytest.mark.parametrize("dim", [0, 1, None, -1])
def test_weight_norm_hook(dim):
    ours, theirs = _pair("Linear", 4, 3)
    with pytest.warns(FutureWarning, match="deprecated"):
        U.weight_norm(ours, dim=dim)
    with pytest.warns(FutureWarning):
        TU.weight_norm(theirs, dim=dim)
    assert list(ours.state_dict()) == list(theirs.state_dict()) == ["bias", "weight_g", "weight_v"]
    _close(ours.weight_g, theirs.weight_g)
    assert tuple(ours.weight_g.shape) == tuple(theirs.weight_g.shape)
    _close(ours.weight, theirs.weight)
    with nt.no_grad():
        ours.weight_v.mul_(2.0)
        ours.weight_g.add_(1.0)
    with torch.no_grad():
        theirs.weight_v.mul_(2.0)
        theirs.weight_g.add_(1.0)
    x = r(2, 4, seed=1)
    y1, y2 = ours(nt.tensor(x)), theirs(torch.tensor(x))  # the pre-hook recomputes weight
    _close(y1, y2)
    y1.pow(2).sum().backward()
    y2.pow(2).sum().backward()
    _close(ours.weight_g.grad, theirs.weight_g.grad)
    _close(ours.weight_v.grad, theirs.weight_v.grad)
    U.remove_weight_norm(ours)
    TU.remove_weight_norm(theirs)
    assert list(ours.state_dict()) == list(theirs.state_dict())
    assert isinstance(ours.weight, nnn.Parameter)
    _close(ours.weight, theirs.weight)


def test_weight_norm_hook_errors():
    m = nnn.Linear(2, 2)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        U.weight_norm(m)
        with pytest.raises(RuntimeError, match="two weight_norm hooks"):
            U.weight_norm(m)
    with pytest.raises(ValueError, match="not found"):
        U.remove_weight_norm(nnn.Linear(2, 2))


# ---- hook-based spectral norm ---------------------------------------------------------------


@pytest.mark.parametrize(
    "cls,args", [("Linear", (5, 4)), ("Conv1d", (2, 3, 2)), ("ConvTranspose1d", (2, 3, 2))]
)
def test_spectral_norm_hook(cls, args):
    ours, theirs = _pair(cls, *args)
    U.spectral_norm(ours)
    TU.spectral_norm(theirs)
    assert list(ours.state_dict()) == list(theirs.state_dict())
    ours.weight_u.copy_(nt.tensor(_np(theirs.weight_u)))
    ours.weight_v.copy_(nt.tensor(_np(theirs.weight_v)))
    x = r(2, *((5,) if cls == "Linear" else (2, 6)), seed=2)
    for _ in range(3):  # training: one power iteration per forward
        y1, y2 = ours(nt.tensor(x)), theirs(torch.tensor(x))
        _close(y1, y2, 1e-9)
    _close(ours.weight_u, theirs.weight_u, 1e-9)
    _close(ours.weight_v, theirs.weight_v, 1e-9)
    y1.sum().backward()
    y2.sum().backward()
    _close(ours.weight_orig.grad, theirs.weight_orig.grad, 1e-8)
    ours.eval()
    theirs.eval()
    u = _np(ours.weight_u).copy()
    _close(ours(nt.tensor(x)), theirs(torch.tensor(x)), 1e-9)
    np.testing.assert_array_equal(_np(ours.weight_u), u)  # no iteration in eval mode
    U.remove_spectral_norm(ours)
    TU.remove_spectral_norm(theirs)
    assert list(ours.state_dict()) == list(theirs.state_dict())
    _close(ours.weight, theirs.weight, 1e-9)


def test_spectral_norm_hook_errors():
    m = nnn.Linear(2, 2)
    U.spectral_norm(m)
    with pytest.raises(RuntimeError, match="two spectral_norm hooks"):
        U.spectral_norm(m)
    with pytest.raises(ValueError, match="n_power_iterations"):
        U.spectral_norm(nnn.Linear(2, 2), n_power_iterations=0)
    with pytest.raises(ValueError, match="not found"):
        U.remove_spectral_norm(nnn.Linear(2, 2))


# ---- norms and clipping ---------------------------------------------------------------------


@pytest.mark.parametrize("norm_type", [2.0, 1, 3.5, float("inf"), 0])
def test_get_total_norm(norm_type):
    arrays = [r(3, 4, seed=1), r(5, seed=2), r(2, 2, 2, seed=3)]
    ours = U.get_total_norm([nt.tensor(a) for a in arrays], norm_type)
    theirs = TU.get_total_norm([torch.tensor(a) for a in arrays], norm_type)
    _close(ours, theirs, 1e-12)
    assert str(ours.dtype).split(".")[-1] == str(theirs.dtype).split(".")[-1]
    assert ours.shape == ()
    single = U.get_total_norm(nt.tensor(arrays[0]), norm_type)
    _close(single, TU.get_total_norm(torch.tensor(arrays[0]), norm_type), 1e-12)


def test_get_total_norm_empty_and_nonfinite():
    empty = U.get_total_norm([])
    assert float(empty) == 0.0 and empty.dtype == nt.float32
    bad = [nt.tensor([1.0, float("inf")])]
    with pytest.raises(RuntimeError, match="non-finite"):
        U.get_total_norm(bad, error_if_nonfinite=True)
    assert float(U.get_total_norm(bad)) == float("inf")


def _grads(lib, seed=0):
    params = []
    for i, shape in enumerate([(3, 4), (5,)]):
        p = lib.nn.Parameter(lib.tensor(r(*shape, seed=seed + i)))
        p.grad = lib.tensor(r(*shape, seed=seed + 10 + i) * 3)
        params.append(p)
    return params


@pytest.mark.parametrize(
    "max_norm,norm_type", [(1.0, 2.0), (100.0, 2.0), (0.5, float("inf")), (2.0, 1.0)]
)
def test_clip_grad_norm_and_clip_grads_with_norm(max_norm, norm_type):
    ours, theirs = _grads(nt), _grads(torch)
    t1 = U.clip_grad_norm_(ours, max_norm, norm_type)
    t2 = TU.clip_grad_norm_(theirs, max_norm, norm_type)
    _close(t1, t2, 1e-12)
    for a, b in zip(ours, theirs):
        _close(a.grad, b.grad, 1e-12)
    ours, theirs = _grads(nt, 5), _grads(torch, 5)
    n1 = U.get_total_norm([p.grad for p in ours], norm_type)
    n2 = TU.get_total_norm([p.grad for p in theirs], norm_type)
    assert U.clip_grads_with_norm_(ours, max_norm, n1) is None
    TU.clip_grads_with_norm_(theirs, max_norm, n2)
    for a, b in zip(ours, theirs):
        _close(a.grad, b.grad, 1e-12)


def test_clip_grad_norm_deprecated_alias_and_generator_warning():
    ours, theirs = _grads(nt), _grads(torch)
    with pytest.warns(FutureWarning, match="clip_grad_norm_"):
        t1 = U.clip_grad_norm(ours, 1.0)
    with pytest.warns(FutureWarning):
        t2 = TU.clip_grad_norm(theirs, 1.0)
    _close(t1, t2, 1e-12)
    with pytest.warns(UserWarning, match="empty generator"):
        U.clip_grad_norm_((p for p in []), 1.0)
    params = _grads(nt)
    params[0].grad[0, 0] = float("nan")
    with pytest.raises(RuntimeError, match="non-finite"):
        U.clip_grad_norm_(params, 1.0, error_if_nonfinite=True)


def test_foreach_flag_accepted():
    for foreach in (True, False, None):
        ours, theirs = _grads(nt), _grads(torch)
        t1 = U.clip_grad_norm_(ours, 1.0, foreach=foreach)
        t2 = TU.clip_grad_norm_(theirs, 1.0, foreach=foreach)
        _close(t1, t2, 1e-12)
        U.clip_grad_value_(ours, 0.1, foreach=foreach)
        TU.clip_grad_value_(theirs, 0.1, foreach=foreach)
        for a, b in zip(ours, theirs):
            _close(a.grad, b.grad, 1e-12)


def test_clip_grad_value():
    ours, theirs = _grads(nt), _grads(torch)
    U.clip_grad_value_(ours, 0.5)
    TU.clip_grad_value_(theirs, 0.5)
    for a, b in zip(ours, theirs):
        _close(a.grad, b.grad, 0)


def test_clip_on_device(device):
    p = nnn.Parameter(nt.ones(4, device=device))
    p.grad = nt.full((4,), 2.0, device=device)
    total = U.clip_grad_norm_([p], 1.0)
    assert total.device.type == device
    np.testing.assert_allclose(float(total), 4.0, rtol=1e-6)
    np.testing.assert_allclose(_np(p.grad), np.full(4, 0.5), rtol=1e-5)


# ---- skip_init ------------------------------------------------------------------------------


def test_skip_init_allocates_without_initialising():
    m = U.skip_init(nnn.Linear, 5, 3, bias=True, dtype=nt.float64)
    assert type(m) is nnn.Linear
    assert tuple(m.weight.shape) == (3, 5) and m.weight.dtype == nt.float64
    assert isinstance(m.weight, nnn.Parameter) and m.weight.requires_grad
    # the initialisers were off during construction only
    nt.manual_seed(0)
    a = nnn.Linear(5, 3).weight
    assert float(a.abs().sum()) > 0
    c = U.skip_init(nnn.Conv2d, 2, 4, 3)
    assert tuple(c.weight.shape) == (4, 2, 3, 3)
    with pytest.raises(RuntimeError, match="Expected a Module"):
        U.skip_init(int)
    with pytest.raises(RuntimeError, match="Expected a Module"):
        TU.skip_init(int)

    class NoDevice(nnn.Module):
        def __init__(self, n):
            super().__init__()

    with pytest.raises(RuntimeError, match="device"):
        U.skip_init(NoDevice, 3)


def test_assigning_a_parameter_over_a_parametrized_tensor_raises():
    for lib in (nt, torch):
        m = lib.nn.Linear(2, 2)
        lib.nn.utils.parametrize.register_parametrization(m, "weight", lib.nn.Identity())
        with pytest.raises(KeyError, match="already exists"):
            m.weight = lib.nn.Parameter(lib.zeros(2, 2))


def test_skip_init_leaves_values_uninitialised(monkeypatch):
    calls = []
    real = nnn.init.kaiming_uniform_
    monkeypatch.setattr(
        nnn.init, "kaiming_uniform_", lambda t, *a, **k: calls.append(1) or real(t, *a, **k)
    )
    U.skip_init(nnn.Linear, 4, 2)
    assert calls == []
    nnn.Linear(4, 2)
    assert calls == [1]


# ---- fusion ---------------------------------------------------------------------------------


def _bn_pair(n, cls="BatchNorm2d"):
    ours, theirs = _pair(cls, n)
    rng = np.random.default_rng(7)
    state = {
        "weight": rng.standard_normal(n),
        "bias": rng.standard_normal(n),
        "running_mean": rng.standard_normal(n),
        "running_var": rng.uniform(0.5, 2, n),
    }
    with nt.no_grad():
        for k, v in state.items():
            getattr(theirs, k).data.copy_(torch.tensor(v))
            getattr(ours, k).copy_(nt.tensor(v))
    return ours.eval(), theirs.eval()


@pytest.mark.parametrize("bias", [True, False])
def test_fuse_conv_bn_eval(bias):
    conv, tconv = _pair("Conv2d", 2, 3, 3, 1, 0, 1, 1, bias)
    conv.eval()
    tconv.eval()
    bn, tbn = _bn_pair(3)
    fused = U.fuse_conv_bn_eval(conv, bn)
    tfused = TU.fuse_conv_bn_eval(tconv, tbn)
    assert type(fused) is nnn.Conv2d and fused is not conv
    assert isinstance(fused.weight, nnn.Parameter) and isinstance(fused.bias, nnn.Parameter)
    _close(fused.weight, tfused.weight, 1e-12)
    _close(fused.bias, tfused.bias, 1e-12)
    x = r(1, 2, 5, 5, seed=3)
    _close(fused(nt.tensor(x)), bn(conv(nt.tensor(x))), 1e-10)
    with pytest.raises(AssertionError, match="eval"):
        U.fuse_conv_bn_eval(conv.train(), bn)


def test_fuse_conv_transpose_bn_weights():
    w, b = r(2, 3, 2, 2, seed=1), r(3, seed=2)
    rm, rv = r(3, seed=3), np.abs(r(3, seed=4)) + 0.5
    bw, bb = r(3, seed=5), r(3, seed=6)
    ours = U.fuse_conv_bn_weights(
        *(nt.tensor(a) for a in (w, b, rm, rv)), 1e-5, nt.tensor(bw), nt.tensor(bb), True
    )
    theirs = TU.fuse_conv_bn_weights(
        *(torch.tensor(a) for a in (w, b, rm, rv)), 1e-5, torch.tensor(bw), torch.tensor(bb), True
    )
    for a, t in zip(ours, theirs):
        assert isinstance(a, nnn.Parameter)
        _close(a, t, 1e-12)
    ours = U.fuse_conv_bn_weights(
        nt.tensor(w.transpose(1, 0, 2, 3).copy()),
        None,
        nt.tensor(rm),
        nt.tensor(rv),
        1e-3,
        None,
        None,
    )
    theirs = TU.fuse_conv_bn_weights(
        torch.tensor(w.transpose(1, 0, 2, 3).copy()),
        None,
        torch.tensor(rm),
        torch.tensor(rv),
        1e-3,
        None,
        None,
    )
    for a, t in zip(ours, theirs):
        _close(a, t, 1e-12)
        assert a.requires_grad == t.requires_grad


def test_fuse_linear_bn_eval():
    lin, tlin = _pair("Linear", 4, 3)
    lin.eval()
    tlin.eval()
    bn, tbn = _bn_pair(3, "BatchNorm1d")
    fused, tfused = U.fuse_linear_bn_eval(lin, bn), TU.fuse_linear_bn_eval(tlin, tbn)
    _close(fused.weight, tfused.weight, 1e-12)
    _close(fused.bias, tfused.bias, 1e-12)
    x = r(2, 4, seed=9)
    _close(fused(nt.tensor(x)), bn(lin(nt.tensor(x))), 1e-10)
    bad, _ = _bn_pair(2, "BatchNorm1d")
    with pytest.raises(AssertionError, match="num_features"):
        U.fuse_linear_bn_eval(lin, bad)
    w, b = U.fuse_linear_bn_weights(
        lin.weight, None, bn.running_mean, bn.running_var, bn.eps, bn.weight, bn.bias
    )
    tw, tb = TU.fuse_linear_bn_weights(
        tlin.weight, None, tbn.running_mean, tbn.running_var, tbn.eps, tbn.weight, tbn.bias
    )
    _close(w, tw, 1e-12)
    _close(b, tb, 1e-12)


def test_convert_weight_memory_format_returns_module():
    m = nnn.Sequential(nnn.Conv2d(2, 3, 1), nnn.ReLU())
    before = _np(m[0].weight).copy()
    assert U.convert_conv2d_weight_memory_format(m, None) is m
    assert U.convert_conv3d_weight_memory_format(m, None) is m
    np.testing.assert_array_equal(_np(m[0].weight), before)
