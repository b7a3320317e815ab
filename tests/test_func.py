"""numtensor.func (torch.func): grad, grad_and_value, vjp, jvp, jacrev, jacfwd, hessian, vmap,
functional_call and stack_module_state against torch.func, in float64."""

import warnings

import numpy as np
import pytest

import numtensor as nt
from tests.conftest import torch

TF = torch.func
NF = nt.func


def r(*shape, seed=0):
    return np.random.default_rng(seed).standard_normal(shape)


def same(got, expected, tol=1e-10):
    """Values, shapes and requires_grad of trees of tensors equal torch's."""
    if isinstance(expected, dict):
        assert isinstance(got, dict) and list(got) == list(expected)
        for k in expected:
            same(got[k], expected[k], tol)
        return
    if isinstance(expected, (tuple, list)):
        assert type(got) is type(expected) and len(got) == len(expected), (got, expected)
        for g, e in zip(got, expected):
            same(g, e, tol)
        return
    if not isinstance(expected, torch.Tensor):
        assert got == expected
        return
    assert isinstance(got, nt.Tensor), type(got)
    assert tuple(got.shape) == tuple(expected.shape), (got.shape, expected.shape)
    assert got.requires_grad == expected.requires_grad, (got, expected)
    np.testing.assert_allclose(
        got.detach().cpu().numpy(), expected.detach().numpy(), rtol=tol, atol=tol
    )


def pair(*arrays, device="cpu"):
    return (
        tuple(nt.tensor(a, device=device) for a in arrays),
        tuple(torch.tensor(a) for a in arrays),
    )


def run(fn, n_args, t_args):
    """``fn(module, func_namespace)(*args)`` with numtensor and torch; same results."""
    same(fn(nt, NF)(*n_args), fn(torch, TF)(*t_args))


# ---- grad and friends --------------------------------------------------------------------------


def test_grad_elementwise_matmul_reduction():
    (x, w), (tx, tw) = pair(r(3), r(2, 3, seed=1))
    run(lambda m, F: F.grad(lambda a: (a.sin() * a.exp()).sum()), (x,), (tx,))
    run(lambda m, F: F.grad(lambda a, b: (b @ a).tanh().sum(), argnums=1), (x, w), (tx, tw))
    run(lambda m, F: F.grad(lambda a, b: (b @ a).pow(2).mean(), argnums=(0, 1)), (x, w), (tx, tw))
    run(lambda m, F: F.grad(lambda a, b: (b @ a).sum(), argnums=-1), (x, w), (tx, tw))
    run(lambda m, F: F.grad(lambda a, b: a.sum() * 0 + 1.0 * a[0], argnums=1), (x, w), (tx, tw))


def test_grad_has_aux_and_value():
    (x,), (tx,) = pair(r(4))

    def f(m, F):
        return F.grad(lambda a: ((a**2).sum(), {"norm": a.norm(), "l": [a.max()]}), has_aux=True)

    run(f, (x,), (tx,))
    run(lambda m, F: F.grad_and_value(lambda a: a.exp().sum()), (x,), (tx,))
    run(
        lambda m, F: F.grad_and_value(lambda a: (a.exp().sum(), a.max()), has_aux=True),
        (x,),
        (tx,),
    )


def test_grad_of_pytrees():
    (a, b), (ta, tb) = pair(r(3), r(3, seed=1))
    run(
        lambda m, F: F.grad(lambda d: (d["a"] * d["b"].sin()).sum()),
        ({"a": a, "b": b},),
        ({"a": ta, "b": tb},),
    )
    run(lambda m, F: F.grad(lambda t: (t[0] * t[1][0]).sum()), (((a, [b]),)), (((ta, [tb]),)))


def test_nested_grad_and_outer_graph():
    (x,), (tx,) = pair(r(3))
    run(lambda m, F: F.grad(lambda a: F.grad(lambda b: b.sin().sum())(a).sum()), (x,), (tx,))
    run(lambda m, F: F.grad(lambda a: F.grad(lambda b: b.pow(3).sum())(a)[1]), (x,), (tx,))
    # the caller's own graph continues through grad (x requires grad outside)
    xn = nt.tensor(r(3), requires_grad=True)
    xt = torch.tensor(r(3), requires_grad=True)
    gn = NF.grad(lambda a: a.sin().sum())(xn)
    gt = TF.grad(lambda a: a.sin().sum())(xt)
    same(gn, gt)
    gn.sum().backward()
    gt.sum().backward()
    same(xn.grad, xt.grad)
    same(NF.grad(lambda a: (a * 2).sum())(xn), TF.grad(lambda a: (a * 2).sum())(xt))
    with nt.no_grad():
        same(NF.grad(lambda a: a.exp().sum())(xn.detach()), TF.grad(lambda a: a.exp().sum())(tx))


@pytest.mark.parametrize(
    "case",
    [
        lambda m, F: F.grad(lambda a: a * 2)(m.ones(3)),
        lambda m, F: F.grad(lambda a: 3.0)(m.ones(3)),
        lambda m, F: F.grad(lambda a: a.sum(), has_aux=True)(m.ones(3)),
        lambda m, F: F.grad(lambda a: (a.sum(), 3), has_aux=True)(m.ones(3)),
        lambda m, F: F.grad(lambda a, b: (a * b).sum(), argnums=2)(m.ones(3), m.ones(3)),
        lambda m, F: F.grad(lambda a, b: (a * b).sum(), argnums=1.0)(m.ones(3), m.ones(3)),
        lambda m, F: F.grad(lambda a, b: (a * b).sum(), argnums=())(m.ones(3), m.ones(3)),
        lambda m, F: F.grad(lambda a: a.sum())(m.arange(3)),
        lambda m, F: F.grad(lambda a: a)(3.0),
        lambda m, F: F.jvp(lambda a: a, [m.ones(3)], [m.ones(3)]),
        lambda m, F: F.jvp(lambda a: a, (m.ones(3),), (m.ones(4),)),
        lambda m, F: F.vjp(lambda a: a * 2, m.ones(3))[1](m.ones(4)),
        lambda m, F: F.vjp(lambda a: (a * 2, a), m.ones(3))[1](m.ones(3)),
        lambda m, F: F.vmap(lambda a, b: a + b)(m.ones(2, 3), m.ones(3, 3)),
        lambda m, F: F.vmap(lambda a: a, in_dims=(None,))(m.ones(2)),
        lambda m, F: F.vmap(lambda a, b: a, in_dims=(0,))(m.ones(2), m.ones(2)),
        lambda m, F: F.vmap(lambda a: a, in_dims=2)(m.ones(2)),
        lambda m, F: F.vmap(lambda a: a)(m.tensor(1.0)),
        lambda m, F: F.vmap(lambda a: a)(3.0),
        lambda m, F: F.vmap(lambda a: 3.0)(m.ones(2)),
        lambda m, F: F.vmap(lambda a, n: a * n, in_dims=(0, 0))(m.ones(2, 3), 5),
        lambda m, F: F.vmap(lambda a: a + m.rand(()))(m.ones(2)),
        lambda m, F: F.vmap(lambda a: a, randomness="sometimes")(m.ones(2)),
        lambda m, F: F.vmap(lambda a: a * 2, out_dims=None)(m.tensor([1.0, 2.0])),
    ],
)
def test_errors_match_torch(case):
    try:
        case(torch, TF)
    except Exception as exc:  # (the class torch raises is the expectation)
        with pytest.raises(type(exc)):
            case(nt, NF)
        return
    pytest.fail("torch raised nothing")


# ---- vjp and jvp -------------------------------------------------------------------------------


def test_vjp_called_twice_and_tuple_outputs():
    (x, y, u), (tx, ty, tu) = pair(r(3), r(3, seed=1), r(3, seed=2))
    for m, F, a, b, c in ((nt, NF, x, y, u), (torch, TF, tx, ty, tu)):
        out, fn = F.vjp(lambda p, q: (p * q, (p.exp() * q).sum()), a, b)
        first = fn((c, m.tensor(2.0, dtype=m.float64)))
        second = fn((c * 2, m.tensor(0.0, dtype=m.float64)))
        if m is nt:
            got = (out, first, second)
        else:
            expected = (out, first, second)
    same(got, expected)
    (out, fn, aux), (tout, tfn, taux) = (
        NF.vjp(lambda p: (p.sin(), p.cos()), x, has_aux=True),
        TF.vjp(lambda p: (p.sin(), p.cos()), tx, has_aux=True),
    )
    same((out, fn(u), aux), (tout, tfn(tu), taux))


def test_jvp():
    (x, y, t, s), (tx, ty, tt, ts) = pair(r(3), r(3, seed=1), r(3, seed=2), r(3, seed=3))
    run(lambda m, F: lambda *a: F.jvp(lambda p: p.sin() * p, (a[0],), (a[1],)), (x, t), (tx, tt))
    run(
        lambda m, F: lambda *a: F.jvp(lambda p, q: {"o": p @ q, "e": p.exp()}, a[:2], a[2:]),
        (x, y, t, s),
        (tx, ty, tt, ts),
    )
    run(
        lambda m, F: (
            lambda *a: F.jvp(lambda p: (p.sum(), p * 0 + 1), (a[0],), (a[1],), has_aux=True)
        ),
        (x, t),
        (tx, tt),
    )
    run(lambda m, F: lambda *a: F.jvp(lambda p: p[1:] * 2, (a[0],), (a[1],)), (x, t), (tx, tt))


# ---- Jacobians and Hessians --------------------------------------------------------------------


@pytest.mark.parametrize("name", ["jacrev", "jacfwd"])
def test_jacobians(name):
    (x, y), (tx, ty) = pair(r(3), r(3, seed=1))
    run(lambda m, F: getattr(F, name)(lambda a: a.sin()), (x,), (tx,))
    run(lambda m, F: getattr(F, name)(lambda a, b: a * b, argnums=(0, 1)), (x, y), (tx, ty))
    run(
        lambda m, F: getattr(F, name)(lambda a: {"s": a.sum(), "m": a[:2] * a[1:]}),
        (x,),
        (tx,),
    )
    run(lambda m, F: getattr(F, name)(lambda a: (a.exp(), a.sum()), has_aux=True), (x,), (tx,))
    run(
        lambda m, F: getattr(F, name)(lambda d: d["a"] * d["b"]),
        ({"a": x, "b": y},),
        ({"a": tx, "b": ty},),
    )


def test_hessian_and_composition():
    (x, y), (tx, ty) = pair(r(3), r(3, seed=1))

    def f(a, b):
        return (a.sin() * b).sum() + (a @ b) ** 2

    run(lambda m, F: F.hessian(f), (x, y), (tx, ty))
    run(lambda m, F: F.hessian(f, argnums=(0, 1)), (x, y), (tx, ty))
    run(lambda m, F: F.jacrev(F.jacrev(lambda a: a.pow(3))), (x,), (tx,))
    run(
        lambda m, F: F.vmap(F.grad(lambda a: (a**3).sum())), (x.reshape(3, 1),), (tx.reshape(3, 1),)
    )
    run(
        lambda m, F: F.grad(lambda a: F.vmap(m.dot)(a, a).sum()),
        (x.reshape(1, 3),),
        (tx.reshape(1, 3),),
    )


def test_chunk_size_and_randomness_args():
    (x,), (tx,) = pair(r(3))
    run(lambda m, F: F.jacrev(m.sin, chunk_size=1), (x,), (tx,))
    run(lambda m, F: F.jacfwd(m.sin, randomness="same"), (x,), (tx,))
    with pytest.raises(ValueError):
        NF.jacrev(nt.sin, chunk_size=0)


# ---- vmap --------------------------------------------------------------------------------------


def test_vmap_in_dims_out_dims():
    (a, b, v), (ta, tb, tv) = pair(r(2, 3), r(3, 2, seed=1), r(3, seed=2))
    run(lambda m, F: F.vmap(m.dot), (a, b.t()), (ta, tb.t()))
    run(lambda m, F: F.vmap(m.dot, in_dims=(0, 1)), (a, b), (ta, tb))
    run(lambda m, F: F.vmap(lambda p, q: p * q, in_dims=(0, None)), (a, v), (ta, tv))
    run(lambda m, F: F.vmap(lambda p: p.sum(), in_dims=-1), (a,), (ta,))
    run(lambda m, F: F.vmap(lambda p: p * 2, out_dims=1), (a,), (ta,))
    run(lambda m, F: F.vmap(lambda p: (p, p.sum()), out_dims=(1, 0)), (a,), (ta,))
    run(lambda m, F: F.vmap(lambda p: (p * 2, m.ones(3)), out_dims=(0, None)), (a,), (ta,))
    run(lambda m, F: F.vmap(lambda p, n: p * n, in_dims=(0, None)), (a, 5), (ta, 5))
    run(lambda m, F: F.vmap(lambda p: m.ones(4, dtype=m.float64)), (a,), (ta,))


def test_vmap_pytrees_and_kwargs():
    (a, b), (ta, tb) = pair(r(2, 3), r(3, seed=1))
    run(
        lambda m, F: F.vmap(
            lambda d: {"s": d["a"] + d["b"], "l": [d["a"].sum()]}, in_dims=({"a": 0, "b": None},)
        ),
        ({"a": a, "b": b},),
        ({"a": ta, "b": tb},),
    )
    run(lambda m, F: F.vmap(lambda t: t[0] * t[1], in_dims=((0, None),)), ((a, b),), ((ta, tb),))
    run(lambda m, F: lambda p: F.vmap(lambda x, scale=None: x * scale)(p, scale=2.0), (a,), (ta,))


def test_nested_vmap_and_matmul():
    (a, b), (ta, tb) = pair(r(2, 3, 4), r(4, 5, seed=1))
    run(
        lambda m, F: F.vmap(
            F.vmap(lambda row, mat: row @ mat, in_dims=(0, None)), in_dims=(0, None)
        ),
        (a, b),
        (ta, tb),
    )
    run(
        lambda m, F: F.vmap(F.vmap(m.mul, in_dims=(0, None)), in_dims=(None, 0)),
        (a[0, 0], b[0]),
        (ta[0, 0], tb[0]),
    )


def test_vmap_zero_batch_and_noncontiguous():
    (a,), (ta,) = pair(r(0, 3))
    run(lambda m, F: F.vmap(lambda p: p.sum()), (a,), (ta,))
    (b,), (tb,) = pair(r(3, 4))
    run(lambda m, F: F.vmap(lambda p: p.cumsum(0)), (b.t(),), (tb.t(),))


def test_vmap_randomness_modes():
    x = nt.ones(3)
    out = NF.vmap(lambda a: a + nt.rand(()), randomness="same")(x)
    assert bool((out == out[0]).all())
    out = NF.vmap(lambda a: a + nt.rand(()), randomness="different")(x)
    assert out.shape == (3,) and len(set(out.tolist())) == 3


def test_vmap_gradients_flow():
    a = r(3, 2)
    x = nt.tensor(a, requires_grad=True)
    tx = torch.tensor(a, requires_grad=True)
    NF.vmap(lambda p: p.sin().sum())(x).sum().backward()
    TF.vmap(lambda p: p.sin().sum())(tx).sum().backward()
    same(x.grad, tx.grad)


# ---- functional_call and stack_module_state ---------------------------------------------


def _models(seed=0):
    torch.manual_seed(seed)
    tm = torch.nn.Sequential(torch.nn.Linear(3, 4), torch.nn.Tanh(), torch.nn.Linear(4, 2)).double()
    nm = nt.nn.Sequential(nt.nn.Linear(3, 4), nt.nn.Tanh(), nt.nn.Linear(4, 2)).double()
    nm.load_state_dict({k: nt.tensor(v.detach().numpy()) for k, v in tm.state_dict().items()})
    return nm, tm


def test_functional_call_grad_of_parameters():
    nm, tm = _models()
    (x,), (tx,) = pair(r(5, 3, seed=3))
    nparams = {k: v.detach() for k, v in nm.named_parameters()}
    tparams = {k: v.detach() for k, v in tm.named_parameters()}
    got = NF.grad(lambda p, x: NF.functional_call(nm, p, (x,)).pow(2).sum())(nparams, x)
    expected = TF.grad(lambda p, x: TF.functional_call(tm, p, (x,)).pow(2).sum())(tparams, tx)
    same(got, expected)
    # the module's own parameters are back, untouched
    for k, v in nm.named_parameters():
        assert v is not nparams[k] and isinstance(v, nt.nn.Parameter)
    # autograd through functional_call reaches the given tensors
    w = {k: v.clone().requires_grad_() for k, v in nparams.items()}
    NF.functional_call(nm, w, x).sum().backward()
    tw = {k: v.clone().requires_grad_() for k, v in tparams.items()}
    TF.functional_call(tm, tw, tx).sum().backward()
    same({k: v.grad for k, v in w.items()}, {k: v.grad for k, v in tw.items()})


def test_functional_call_options():
    nm, tm = _models()
    (x, w), (tx, tw) = pair(r(2, 3), r(4, 3, seed=5))
    run(
        lambda m, F: lambda *a: F.functional_call(mod(m), {"0.weight": a[1]}, a[0]),
        (x, w),
        (tx, tw),
    )
    run(
        lambda m, F: lambda *a: F.functional_call(mod(m), ({"0.weight": a[1]}, {}), (a[0],), {}),
        (x, w),
        (tx, tw),
    )
    for m, F, model in ((torch, TF, tm), (nt, NF, nm)):
        with pytest.raises(RuntimeError):
            F.functional_call(model, {"0.weight": m.ones(4, 3)}, m.ones(2, 3), strict=True)
        with pytest.raises(ValueError):
            F.functional_call(model, ({"a": m.ones(1)}, {"a": m.ones(1)}), m.ones(2, 3))
        with pytest.raises(ValueError):
            F.functional_call(model, 3, m.ones(2, 3))


def mod(m):
    return _models()[0 if m is nt else 1]


def test_functional_call_tied_weights_and_buffers():
    for m, F in ((torch, TF), (nt, NF)):
        lin, other = m.nn.Linear(2, 2, bias=False), m.nn.Linear(2, 2, bias=False)
        other.weight = lin.weight
        model = m.nn.Sequential(lin, other)
        x = m.ones(1, 2)
        w = m.eye(2) * 2
        tied = F.functional_call(model, {"0.weight": w}, (x,))
        untied = F.functional_call(model, {"0.weight": w}, (x,), tie_weights=False)
        assert tied.tolist() == (x @ w.t() @ w.t()).tolist()
        assert untied.tolist() == (x @ w.t() @ lin.weight.t()).tolist()
        bn = m.nn.BatchNorm1d(2).eval()
        out = F.functional_call(bn, {"running_mean": m.ones(2)}, (m.zeros(3, 2),))
        assert out[0].tolist() == pytest.approx([-1 / (1 + 1e-5) ** 0.5] * 2)


def test_stateless_functional_call():
    nm, tm = _models()
    (x,), (tx,) = pair(r(2, 3))
    from numtensor.nn.utils import stateless

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        expected = torch.nn.utils.stateless.functional_call(
            tm, {k: v * 2 for k, v in tm.named_parameters()}, (tx,)
        )
    got = stateless.functional_call(nm, {k: v * 2 for k, v in nm.named_parameters()}, (x,))
    same(got, expected)


def test_stack_module_state_ensemble():
    pairs = [_models(seed) for seed in range(3)]
    nparams, nbuffers = NF.stack_module_state([n for n, _ in pairs])
    tparams, tbuffers = TF.stack_module_state([t for _, t in pairs])
    same(nparams, tparams)
    assert nbuffers == {} and tbuffers == {}
    (x,), (tx,) = pair(r(5, 3, seed=9))
    base_n, base_t = pairs[0]
    got = NF.vmap(lambda p, x: NF.functional_call(base_n, p, (x,)), in_dims=(0, None))(nparams, x)
    expected = TF.vmap(lambda p, x: TF.functional_call(base_t, p, (x,)), in_dims=(0, None))(
        tparams, tx
    )
    same(got, expected)
    with pytest.raises(RuntimeError):
        NF.stack_module_state([])
    with pytest.raises(RuntimeError):
        NF.stack_module_state([pairs[0][0].train(), pairs[1][0].eval()])


# ---- CUDA ------------------------------------------------------------------------------------


def test_func_cuda(device):
    (x, w), (tx, tw) = pair(r(2), r(3, 2, seed=1), device=device)
    got = NF.grad(lambda a, b: (b @ a).tanh().sum(), argnums=(0, 1))(x, w)
    same(got, TF.grad(lambda a, b: (b @ a).tanh().sum(), argnums=(0, 1))(tx, tw))
    same(NF.vmap(lambda row: row * x)(w), TF.vmap(lambda row: row * tx)(tw))
    assert got[0].device == x.device


def test_gradcheck_through_transforms():
    x = nt.tensor(r(3), requires_grad=True)
    assert nt.autograd.gradcheck(lambda a: NF.grad(lambda b: (b.sin() * b).sum())(a), (x,))
    assert nt.autograd.gradcheck(lambda a: NF.vmap(lambda b: b.exp() * b)(a), (x,))
    assert nt.autograd.gradcheck(
        lambda a: NF.jvp(lambda b: b.pow(3), (a,), (nt.ones_like(a),))[1], (x,)
    )
    assert nt.autograd.gradcheck(
        lambda a: nt.autograd.functional.jacobian(lambda b: b.tanh(), a, create_graph=True), (x,)
    )
