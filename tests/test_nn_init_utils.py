"""nn.init distributions and gains, nn.utils clipping and vector conversion."""

import math

import numpy as np
import pytest

import numtensor as nt
from tests.conftest import torch


@pytest.mark.parametrize(
    "name,param",
    [
        ("linear", None),
        ("relu", None),
        ("tanh", None),
        ("leaky_relu", 0.2),
        ("leaky_relu", None),
        ("sigmoid", None),
        ("selu", None),
        ("conv2d", None),
    ],
)
def test_calculate_gain(name, param):
    assert nt.nn.init.calculate_gain(name, param) == pytest.approx(
        torch.nn.init.calculate_gain(name, param)
    )


def _std_bound(t):
    return float(np.std(t.detach().numpy())), float(np.abs(t.detach().numpy()).max())


def test_initialisers_follow_pytorch_formulas():
    nt.manual_seed(0)
    w = nt.empty(400, 300)
    fan_in, fan_out = 300, 400
    nt.nn.init.xavier_uniform_(w)
    bound = math.sqrt(6 / (fan_in + fan_out))
    std, peak = _std_bound(w)
    assert peak <= bound and std == pytest.approx(bound / math.sqrt(3), rel=0.05)
    nt.nn.init.xavier_normal_(w, gain=2.0)
    assert _std_bound(w)[0] == pytest.approx(2 * math.sqrt(2 / (fan_in + fan_out)), rel=0.05)
    nt.nn.init.kaiming_uniform_(w, a=math.sqrt(5))
    assert _std_bound(w)[1] <= 1 / math.sqrt(fan_in)
    nt.nn.init.kaiming_normal_(w, mode="fan_out", nonlinearity="relu")
    assert _std_bound(w)[0] == pytest.approx(math.sqrt(2 / fan_out), rel=0.05)
    nt.nn.init.trunc_normal_(w, std=1.0, a=-0.5, b=0.5)
    assert _std_bound(w)[1] <= 0.5
    nt.nn.init.uniform_(w, -3, -2)
    assert w.max().item() < -2
    nt.nn.init.normal_(w, 10.0, 0.01)
    assert abs(w.mean().item() - 10) < 0.01
    nt.nn.init.constant_(w, 0.25)
    assert set(np.unique(w.numpy())) == {0.25}
    nt.nn.init.zeros_(w)
    nt.nn.init.ones_(w[:2])
    assert w.sum().item() == 600
    e = nt.empty(3, 4)
    nt.nn.init.eye_(e)
    assert e.tolist() == torch.eye(3, 4).tolist()
    with pytest.raises(ValueError):
        nt.nn.init.xavier_uniform_(nt.empty(5))
    p = nt.nn.Parameter(nt.empty(3, 3))
    nt.nn.init.normal_(p)
    assert p.is_leaf and p.requires_grad


def test_clip_grad_norm_and_value_match_torch():
    rng = np.random.default_rng(0)
    grads = [
        rng.standard_normal((3, 4)).astype(np.float32),
        rng.standard_normal(5).astype(np.float32),
    ]
    for norm_type in (2.0, 1.0, float("inf")):
        results = []
        for m in (nt, torch):
            params = [m.zeros(g.shape, requires_grad=True) for g in grads]
            for p, g in zip(params, grads):
                p.grad = m.tensor(g)
            total = m.nn.utils.clip_grad_norm_(params, 1.5, norm_type=norm_type)
            results.append((float(total), [p.grad.numpy().copy() for p in params]))
        assert results[0][0] == pytest.approx(results[1][0], rel=1e-5)
        for a, b in zip(results[0][1], results[1][1]):
            np.testing.assert_allclose(a, b, rtol=1e-5, atol=1e-6)
    p = nt.zeros(3, requires_grad=True)
    p.grad = nt.tensor([-3.0, 0.5, 2.0])
    nt.nn.utils.clip_grad_value_([p], 1.0)
    assert p.grad.tolist() == [-1.0, 0.5, 1.0]


def test_parameters_vector_round_trip():
    model = nt.nn.Linear(3, 2)
    vec = nt.nn.utils.parameters_to_vector(model.parameters())
    assert vec.shape == (8,)
    nt.nn.utils.vector_to_parameters(nt.arange(8.0), model.parameters())
    assert model.weight.tolist() == [[0.0, 1.0, 2.0], [3.0, 4.0, 5.0]]
    assert model.bias.tolist() == [6.0, 7.0]
    with pytest.raises(TypeError):
        nt.nn.utils.vector_to_parameters([1.0], model.parameters())
