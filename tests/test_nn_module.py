"""nn.Module's bookkeeping: registration, traversal, state dicts, modes, hooks, printing."""

import re
from collections import OrderedDict

import numpy as np
import pytest

import numtensor as nt
from tests.conftest import torch


class Net(nt.nn.Module):
    def __init__(self):
        super().__init__()
        self.body = nt.nn.Sequential(nt.nn.Linear(3, 4), nt.nn.ReLU())
        self.head = nt.nn.Linear(4, 2)
        self.register_buffer("steps", nt.zeros(1, dtype=nt.int64))
        self.register_buffer("scratch", nt.zeros(2), persistent=False)
        self.scale = nt.nn.Parameter(nt.ones(1))

    def forward(self, x):
        return self.head(self.body(x)) * self.scale


def test_registration_and_traversal():
    net = Net()
    names = [n for n, _ in net.named_parameters()]
    assert names == ["scale", "body.0.weight", "body.0.bias", "head.weight", "head.bias"]
    assert [n for n, _ in net.named_buffers()] == ["steps", "scratch"]
    assert [n for n, _ in net.named_children()] == ["body", "head"]
    assert [n for n, _ in net.named_modules()] == ["", "body", "body.0", "body.1", "head"]
    assert list(net.state_dict()) == [
        "scale",
        "steps",
        "body.0.weight",
        "body.0.bias",
        "head.weight",
        "head.bias",
    ]
    assert all(isinstance(p, nt.nn.Parameter) and p.requires_grad for p in net.parameters())
    with pytest.raises(AttributeError):
        net.nothing  # noqa: B018
    with pytest.raises(TypeError):
        net.scale = nt.ones(1)  # a plain tensor cannot replace a parameter


def test_state_dict_round_trip_and_errors():
    a, b = Net(), Net()
    result = b.load_state_dict(a.state_dict())
    assert result.missing_keys == [] and result.unexpected_keys == []
    for (_, p), (_, q) in zip(a.named_parameters(), b.named_parameters()):
        assert p.tolist() == q.tolist()
    sd = a.state_dict()
    del sd["head.bias"]
    sd["extra"] = nt.zeros(1)
    with pytest.raises(RuntimeError, match=re.escape('Missing key(s) in state_dict: "head.bias"')):
        b.load_state_dict(sd)
    res = b.load_state_dict(sd, strict=False)
    assert res.missing_keys == ["head.bias"] and res.unexpected_keys == ["extra"]
    bad = a.state_dict()
    bad["head.weight"] = nt.zeros(3, 3)
    with pytest.raises(RuntimeError, match=re.escape("size mismatch for head.weight")):
        b.load_state_dict(bad)
    assert a.state_dict()["scale"].requires_grad is False


def test_modes_zero_grad_apply_to():
    net = Net()
    assert net.training and net.body[0].training
    net.eval()
    assert not net.training and not net.head.training
    net.train()
    net(nt.ones(2, 3)).sum().backward()
    assert net.head.weight.grad is not None
    net.zero_grad(set_to_none=False)
    assert net.head.weight.grad.abs().sum().item() == 0
    net.zero_grad()
    assert net.head.weight.grad is None
    seen = []
    net.apply(lambda m: seen.append(type(m).__name__))
    assert seen == ["Linear", "ReLU", "Sequential", "Linear", "Net"]
    net.double()
    assert net.head.weight.dtype is nt.float64 and net.steps.dtype is nt.int64
    assert isinstance(net.head.weight, nt.nn.Parameter)
    net.to(nt.float32)
    assert net.head.weight.dtype is nt.float32
    net.requires_grad_(False)
    assert not any(p.requires_grad for p in net.parameters())


def test_hooks():
    lin = nt.nn.Linear(2, 2)
    calls = []
    pre = lin.register_forward_pre_hook(lambda m, args: calls.append("pre"))
    post = lin.register_forward_hook(lambda m, args, out: out * 0)
    assert lin(nt.ones(1, 2)).abs().sum().item() == 0 and calls == ["pre"]
    pre.remove()
    post.remove()
    assert lin(nt.ones(1, 2)).abs().sum().item() != 0 and calls == ["pre"]


def test_containers_and_repr_match_torch():
    def build(m):
        return m.nn.Sequential(
            OrderedDict(
                [
                    ("conv", m.nn.Linear(2, 3)),
                    ("act", m.nn.ModuleList([m.nn.ReLU(), m.nn.Tanh()])),
                    ("heads", m.nn.ModuleDict({"a": m.nn.Linear(3, 1), "b": m.nn.Dropout(0.1)})),
                ]
            )
        )

    assert repr(build(nt)) == repr(build(torch))
    seq = nt.nn.Sequential(nt.nn.Linear(2, 2), nt.nn.ReLU(), nt.nn.Linear(2, 1))
    assert len(seq) == 3 and isinstance(seq[-1], nt.nn.Linear)
    assert len(seq[:2]) == 2 and isinstance(seq[1:], nt.nn.Sequential)
    seq.append(nt.nn.Sigmoid())
    assert len(list(seq)) == 4
    ml = nt.nn.ModuleList([nt.nn.Linear(1, 1)])
    ml.extend([nt.nn.Linear(1, 1)])
    assert len(list(ml.parameters())) == 4


def test_parameter_repr_and_linear_init_bounds():
    p = nt.nn.Parameter(nt.tensor([1.0, 2.0]))
    tp = torch.nn.Parameter(torch.tensor([1.0, 2.0]))
    assert repr(p).replace("numtensor.", "torch.") == repr(tp)
    lin = nt.nn.Linear(100, 50)
    bound = 1 / np.sqrt(100)
    assert np.abs(lin.weight.detach().numpy()).max() <= bound
    assert np.abs(lin.bias.detach().numpy()).max() <= bound
    assert lin.weight.detach().numpy().std() > bound / 3
