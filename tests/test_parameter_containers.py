"""ParameterList, ParameterDict and nn.Buffer (issue 15) against torch."""

import numtensor as nt
from tests.conftest import torch


def _story(m) -> list:
    seen = []
    p = m.nn.ParameterList([m.nn.Parameter(m.ones(2)), m.ones(3)])
    seen += [repr(p).replace("numtensor", "torch"), [n for n, _ in p.named_parameters()],
             len(p), type(p[1]).__name__, p[-1].requires_grad]  # fmt: skip
    p.append(m.zeros(2, 2))
    p += [m.ones(1)]
    seen += [len(p), [tuple(x.shape) for x in p], len(p[1:])]
    d = m.nn.ParameterDict({"a": m.nn.Parameter(m.ones(2))})
    d["b"] = m.ones(1)
    seen += [repr(d).replace("numtensor", "torch"), list(d.keys()), "a" in d, len(d)]
    seen += [[n for n, _ in d.named_parameters()], d.pop("a").shape[0], list(d.keys())]

    class M(m.nn.Module):
        def __init__(self):
            super().__init__()
            self.b = m.nn.Buffer(m.ones(2), persistent=False)
            self.c = m.nn.Buffer(m.zeros(1))
            self.ps = m.nn.ParameterList([m.nn.Parameter(m.ones(2)) for _ in range(2)])

    model = M()
    seen += [list(model.state_dict()), [n for n, _ in model.named_buffers()]]
    seen += [type(model.b).__name__, [n for n, _ in model.named_parameters()]]
    return seen


def test_containers_and_buffers_as_torch():
    assert _story(nt) == _story(torch)


def test_parameter_list_trains():
    weights = nt.nn.ParameterList([nt.nn.Parameter(nt.ones(2)) for _ in range(3)])
    opt = nt.optim.SGD(weights.parameters(), lr=0.5)
    sum(w.sum() for w in weights).backward()
    opt.step()
    assert all(w.tolist() == [0.5, 0.5] for w in weights)
