"""nn.utils.parametrize and nn.utils.parametrizations (orthogonal, weight_norm,
spectral_norm) against torch: same values, gradients, state-dict keys, class names, errors."""

import copy
import pickle

import numpy as np
import pytest

import numtensor as nt
import numtensor.nn as nnn
from numtensor.nn.utils import parametrizations as NP
from numtensor.nn.utils import parametrize as P
from tests.conftest import torch

TP = torch.nn.utils.parametrize
TPS = torch.nn.utils.parametrizations


def r(*shape, seed=0, dtype=np.float64):
    return np.random.default_rng(seed).standard_normal(shape).astype(dtype)


def _np(t):
    return t.detach().cpu().numpy()


def _close(a, b, tol=1e-10):
    np.testing.assert_allclose(_np(a), _np(b), rtol=tol, atol=tol)


def _pair(cls_name, *args, dtype="float64", seed=0):
    """The same layer in both libraries, with torch's parameters copied into ours."""
    theirs = getattr(torch.nn, cls_name)(*args).to(getattr(torch, dtype))
    ours = getattr(nnn, cls_name)(*args).to(getattr(nt, dtype))
    ours.load_state_dict({k: nt.tensor(_np(v)) for k, v in theirs.state_dict().items()})
    return ours, theirs


def _sym(lib):
    class Symmetric(lib.nn.Module):
        def forward(self, X):
            return X.triu() + X.triu(1).mT

        def right_inverse(self, A):
            return A.triu()

    return Symmetric


def _rank_one(lib):
    class RankOne(lib.nn.Module):
        def forward(self, x, y):
            return x.unsqueeze(-1) @ y.unsqueeze(-2)

        def right_inverse(self, Z):
            return Z[:, 0] * 1.0, Z[0, :] * 1.0

    return RankOne


def _scale(lib):
    class Scale(lib.nn.Module):
        def forward(self, X):
            return X * 2.0

        def right_inverse(self, X):
            return X / 2.0

    return Scale


def test_register_keys_class_value_and_gradient():
    ours, theirs = _pair("Linear", 4, 4)
    w_ours = ours.weight
    P.register_parametrization(ours, "weight", _sym(nt)())
    TP.register_parametrization(theirs, "weight", _sym(torch)())
    assert type(ours).__name__ == type(theirs).__name__ == "ParametrizedLinear"
    assert list(ours.state_dict()) == list(theirs.state_dict())
    assert ours.parametrizations.weight.original is w_ours  # the same Parameter object
    assert [n for n, _ in ours.named_parameters()] == [n for n, _ in theirs.named_parameters()]
    _close(ours.weight, theirs.weight)
    x = r(3, 4, seed=1)
    ours(nt.tensor(x)).pow(2).sum().backward()
    theirs(torch.tensor(x)).pow(2).sum().backward()
    _close(ours.parametrizations.weight.original.grad, theirs.parametrizations.weight.original.grad)
    _close(ours.bias.grad, theirs.bias.grad)
    assert repr(ours) == repr(theirs)


def test_assignment_goes_through_right_inverse():
    ours, theirs = _pair("Linear", 3, 3)
    P.register_parametrization(ours, "weight", _sym(nt)())
    TP.register_parametrization(theirs, "weight", _sym(torch)())
    a = r(3, 3, seed=2)
    a = a + a.T
    ours.weight = nt.tensor(a)
    theirs.weight = torch.tensor(a)
    _close(ours.parametrizations.weight.original, theirs.parametrizations.weight.original)
    _close(ours.weight, theirs.weight)
    np.testing.assert_allclose(_np(ours.weight), a, atol=1e-12)


def test_chained_parametrizations_and_remove():
    ours, theirs = _pair("Linear", 3, 3)
    for lib, m, reg in ((nt, ours, P), (torch, theirs, TP)):
        reg.register_parametrization(m, "weight", _sym(lib)())
        reg.register_parametrization(m, "weight", _scale(lib)())
    assert len(ours.parametrizations.weight) == 2
    assert list(ours.state_dict()) == list(theirs.state_dict())
    _close(ours.weight, theirs.weight)
    ours.weight = nt.tensor(np.eye(3))
    theirs.weight = torch.tensor(np.eye(3))
    _close(ours.parametrizations.weight.original, theirs.parametrizations.weight.original)
    P.remove_parametrizations(ours, "weight", leave_parametrized=True)
    TP.remove_parametrizations(theirs, "weight", leave_parametrized=True)
    assert type(ours) is nnn.Linear
    assert list(ours.state_dict()) == list(theirs.state_dict())
    _close(ours.weight, theirs.weight)
    assert not P.is_parametrized(ours)
    assert not hasattr(ours, "parametrizations")


def test_remove_leave_unparametrized_restores_original():
    ours, theirs = _pair("Linear", 3, 3)
    P.register_parametrization(ours, "weight", _scale(nt)())
    TP.register_parametrization(theirs, "weight", _scale(torch)())
    P.remove_parametrizations(ours, "weight", leave_parametrized=False)
    TP.remove_parametrizations(theirs, "weight", leave_parametrized=False)
    _close(ours.weight, theirs.weight)
    assert isinstance(ours.weight, nnn.Parameter)


def test_tuple_right_inverse_gives_original0_original1():
    ours, theirs = _pair("Linear", 3, 3)
    P.register_parametrization(ours, "weight", _rank_one(nt)())
    TP.register_parametrization(theirs, "weight", _rank_one(torch)())
    assert list(ours.state_dict()) == list(theirs.state_dict())
    assert "parametrizations.weight.original0" in ours.state_dict()
    _close(ours.weight, theirs.weight)
    with pytest.raises(ValueError):
        P.remove_parametrizations(ours, "weight", leave_parametrized=False)
    with pytest.raises(ValueError):
        TP.remove_parametrizations(theirs, "weight", leave_parametrized=False)
    P.remove_parametrizations(ours, "weight")
    TP.remove_parametrizations(theirs, "weight")
    _close(ours.weight, theirs.weight)
    assert isinstance(ours.weight, nnn.Parameter)


def test_buffer_parametrization_and_state_dict_round_trip():
    ours, theirs = _pair("BatchNorm1d", 3)
    P.register_parametrization(ours, "running_var", _scale(nt)())
    TP.register_parametrization(theirs, "running_var", _scale(torch)())
    assert list(ours.state_dict()) == list(theirs.state_dict())
    _close(ours.running_var, theirs.running_var)
    state = {k: nt.tensor(_np(v)) for k, v in theirs.state_dict().items()}
    fresh = nnn.BatchNorm1d(3).double()
    P.register_parametrization(fresh, "running_var", _scale(nt)())
    fresh.load_state_dict(state)
    _close(fresh.running_var, theirs.running_var)


def test_cached_computes_once():
    calls = []

    class Counting(nnn.Module):
        def forward(self, X):
            calls.append(1)
            return X

    m = nnn.Linear(2, 2)
    P.register_parametrization(m, "weight", Counting())
    calls.clear()
    with P.cached():
        a, b = m.weight, m.weight
    assert a is b and len(calls) == 1
    m.weight  # noqa: B018 - outside the context each access recomputes
    m.weight  # noqa: B018
    assert len(calls) == 3


def test_helpers_and_errors():
    m = nnn.Linear(2, 3)
    assert not P.is_parametrized(m)
    assert P.type_before_parametrizations(m) is nnn.Linear
    P.register_parametrization(m, "weight", _scale(nt)())
    assert P.is_parametrized(m) and P.is_parametrized(m, "weight")
    assert not P.is_parametrized(m, "bias")
    assert P.type_before_parametrizations(m) is nnn.Linear
    assert isinstance(m.parametrizations.weight, P.ParametrizationList)
    with pytest.raises(ValueError):
        P.register_parametrization(m, "nope", _scale(nt)())
    with pytest.raises(ValueError):
        TP.register_parametrization(torch.nn.Linear(2, 3), "nope", _scale(torch)())
    with pytest.raises(ValueError):
        P.remove_parametrizations(m, "bias")

    class Shrink(nnn.Module):
        def forward(self, X):
            return X[:1]

    with pytest.raises(ValueError, match="shape"):
        P.register_parametrization(nnn.Linear(2, 3), "weight", Shrink())
    P.register_parametrization(nnn.Linear(2, 3), "weight", Shrink(), unsafe=True)

    class NoInverse(nnn.Module):
        def forward(self, X):
            return X

    m2 = P.register_parametrization(nnn.Linear(2, 2), "weight", NoInverse())
    with pytest.raises(RuntimeError, match="right_inverse"):
        m2.weight = nt.zeros(2, 2)
    with pytest.raises(RuntimeError, match="Serialization"):
        pickle.dumps(m2)
    twin = copy.deepcopy(m2)
    assert type(twin).__name__ == "ParametrizedLinear"
    np.testing.assert_array_equal(_np(twin.weight), _np(m2.weight))


def test_transfer_parametrizations_and_params():
    src = nnn.Linear(3, 3).double()
    P.register_parametrization(src, "weight", _sym(nt)())
    dst = nnn.Linear(3, 3).double()
    P.transfer_parametrizations_and_params(src, dst)
    assert P.is_parametrized(dst, "weight")
    assert dst.parametrizations.weight.original is src.parametrizations.weight.original
    _close(dst.weight, src.weight)


@pytest.mark.parametrize(
    "shape,orth_map",
    [
        ((4, 4), None),
        ((4, 4), "cayley"),
        ((5, 3), None),
        ((3, 5), None),
        ((5, 3), "matrix_exp"),
        ((3, 5), "cayley"),
        ((2, 4, 3), "householder"),
    ],
)
def test_orthogonal_matches_torch(shape, orth_map):
    w = r(*shape, seed=3)
    theirs = torch.nn.Module()
    theirs.weight = torch.nn.Parameter(torch.tensor(w))
    ours = nnn.Module()
    ours.weight = nnn.Parameter(nt.tensor(w))
    TPS.orthogonal(theirs, orthogonal_map=orth_map)
    NP.orthogonal(ours, orthogonal_map=orth_map)
    assert list(ours.state_dict()) == list(theirs.state_dict())
    # the trivialization base is random for non-square matrices: use torch's
    if hasattr(theirs.parametrizations.weight[0], "base"):
        ours.parametrizations.weight[0].base = nt.tensor(
            _np(theirs.parametrizations.weight[0].base)
        )
    _close(ours.parametrizations.weight.original, theirs.parametrizations.weight.original)
    _close(ours.weight, theirs.weight, 1e-9)
    q = _np(ours.weight)
    gram = q.swapaxes(-1, -2) @ q if shape[-2] >= shape[-1] else q @ q.swapaxes(-1, -2)
    np.testing.assert_allclose(
        gram, np.broadcast_to(np.eye(min(shape[-2:])), gram.shape), atol=1e-9
    )
    # gradients through the map
    g = r(*shape, seed=4)
    (ours.weight * nt.tensor(g)).sum().backward()
    (theirs.weight * torch.tensor(g)).sum().backward()
    _close(
        ours.parametrizations.weight.original.grad,
        theirs.parametrizations.weight.original.grad,
        1e-8,
    )


@pytest.mark.parametrize("orth_map", ["householder", "matrix_exp"])
def test_orthogonal_without_trivialization(orth_map):
    w = r(5, 3, seed=5) if orth_map == "householder" else r(3, 3, seed=5)
    theirs = torch.nn.Module()
    theirs.weight = torch.nn.Parameter(torch.tensor(w))
    ours = nnn.Module()
    ours.weight = nnn.Parameter(nt.tensor(w))
    TPS.orthogonal(theirs, orthogonal_map=orth_map, use_trivialization=False)
    NP.orthogonal(ours, orthogonal_map=orth_map, use_trivialization=False)
    assert not hasattr(ours.parametrizations.weight[0], "base")
    _close(ours.parametrizations.weight.original, theirs.parametrizations.weight.original)
    _close(ours.weight, theirs.weight, 1e-9)


def test_orthogonal_errors():
    with pytest.raises(ValueError, match="orthogonal_map"):
        NP.orthogonal(nnn.Linear(3, 3), orthogonal_map="qr")
    with pytest.raises(ValueError, match="dimensions"):
        NP.orthogonal(nnn.BatchNorm1d(3))
    with pytest.raises(ValueError, match="no parameter"):
        NP.orthogonal(nnn.Linear(3, 3), name="nope")


@pytest.mark.parametrize("dim", [0, 1, None])
def test_weight_norm_parametrization(dim):
    ours, theirs = _pair("Linear", 4, 3)
    NP.weight_norm(ours, dim=dim)
    TPS.weight_norm(theirs, dim=dim)
    assert list(ours.state_dict()) == list(theirs.state_dict())
    for k, v in theirs.state_dict().items():
        _close(ours.state_dict()[k], v)
        assert tuple(ours.state_dict()[k].shape) == tuple(v.shape)
    _close(ours.weight, theirs.weight)
    x = r(2, 4, seed=6)
    ours(nt.tensor(x)).sum().backward()
    theirs(torch.tensor(x)).sum().backward()
    for (n1, p1), (n2, p2) in zip(ours.named_parameters(), theirs.named_parameters()):
        assert n1 == n2
        _close(p1.grad, p2.grad)


def test_weight_norm_conv_gradcheck():
    m = nnn.Conv1d(2, 3, 2).double()
    NP.weight_norm(m)
    g = m.parametrizations.weight.original0
    v = m.parametrizations.weight.original1
    wn = m.parametrizations.weight[0]
    assert nt.autograd.gradcheck(
        lambda a, b: wn(a, b), (g.detach().requires_grad_(), v.detach().requires_grad_())
    )


@pytest.mark.parametrize(
    "cls,args", [("Linear", (5, 4)), ("Conv2d", (2, 3, 2)), ("ConvTranspose2d", (2, 3, 2))]
)
def test_spectral_norm_parametrization(cls, args):
    ours, theirs = _pair(cls, *args)
    NP.spectral_norm(ours)
    TPS.spectral_norm(theirs)
    assert list(ours.state_dict()) == list(theirs.state_dict())
    p_ours, p_theirs = ours.parametrizations.weight[0], theirs.parametrizations.weight[0]
    assert p_ours.dim == p_theirs.dim
    # the random start vectors differ: copy torch's, then both iterate the same way
    p_ours._u.copy_(nt.tensor(_np(p_theirs._u)))
    p_ours._v.copy_(nt.tensor(_np(p_theirs._v)))
    for _ in range(2):  # training mode: every access runs a power iteration
        _close(ours.weight, theirs.weight, 1e-9)
    _close(p_ours._u, p_theirs._u, 1e-9)
    ours.eval()
    theirs.eval()
    u_before = _np(p_ours._u).copy()
    _close(ours.weight, theirs.weight, 1e-9)
    np.testing.assert_array_equal(_np(p_ours._u), u_before)
    ours.parametrizations.weight.original.grad = None
    ours.weight.sum().backward()
    theirs.weight.sum().backward()
    _close(
        ours.parametrizations.weight.original.grad,
        theirs.parametrizations.weight.original.grad,
        1e-8,
    )
    # the largest singular value of the normalized weight is about 1
    mat = _np(ours.weight).reshape(_np(ours.weight).shape[0], -1)
    assert abs(np.linalg.svd(mat, compute_uv=False)[0] - 1) < 0.1 or cls == "ConvTranspose2d"


def test_spectral_norm_errors():
    with pytest.raises(IndexError):
        NP.spectral_norm(nnn.Linear(3, 3), dim=2)
    with pytest.raises(ValueError, match="n_power_iterations"):
        NP.spectral_norm(nnn.Linear(3, 3), n_power_iterations=0)
    with pytest.raises(ValueError):
        NP.spectral_norm(nnn.Linear(3, 3), name="nope")


def test_parametrization_on_device(device):
    m = nnn.Linear(3, 3).to(device)
    P.register_parametrization(m, "weight", _sym(nt)())
    w = m.weight
    assert w.device.type == device
    out = m(nt.ones(2, 3, device=device))
    out.sum().backward()
    assert m.parametrizations.weight.original.grad.device.type == device
    np.testing.assert_allclose(_np(w), _np(w).T)
