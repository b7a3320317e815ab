"""autograd.functional, autograd.forward_ad, autograd.graph (saved-tensor hooks) and the
custom Function extras (mark_dirty, set_materialize_grads, once_differentiable,
setup_context) against torch, in float64."""

import numpy as np
import pytest

import numtensor as nt
import numtensor.autograd.forward_ad as nfw
import numtensor.autograd.functional as NF
from numtensor.autograd.function import once_differentiable as nt_once
from tests.conftest import torch

tfw = torch.autograd.forward_ad
TF = torch.autograd.functional
torch_once = torch.autograd.function.once_differentiable


def r(*shape, seed=0):
    return np.random.default_rng(seed).standard_normal(shape)


def same(got, expected, tol=1e-10):
    """Values, shapes and requires_grad of (nested tuples of) tensors equal torch's."""
    if isinstance(expected, (tuple, list)):
        assert isinstance(got, tuple) == isinstance(expected, tuple)
        assert len(got) == len(expected)
        for g, e in zip(got, expected):
            same(g, e, tol)
        return
    if expected is None:
        assert got is None
        return
    assert isinstance(got, nt.Tensor), type(got)
    assert tuple(got.shape) == tuple(expected.shape), (got.shape, expected.shape)
    assert str(got.dtype).split(".")[-1] == str(expected.dtype).split(".")[-1]
    assert got.requires_grad == expected.requires_grad, (got, expected)
    np.testing.assert_allclose(
        got.detach().cpu().numpy(), expected.detach().numpy(), rtol=tol, atol=tol
    )


def both(arrays, device="cpu"):
    """The same float64 inputs for numtensor (on ``device``) and torch."""
    return (
        tuple(nt.tensor(a, device=device) for a in arrays),
        tuple(torch.tensor(a) for a in arrays),
    )


def f_elementwise(x, y):
    return (x.sin() * y, (x * y).exp().sum())


def f_matmul(w, x):
    return (w @ x).tanh()


def f_scalar(x, y):
    return (x.sin() * y).sum() * (x * y).sum() + x.pow(3).sum()


# ---- autograd.functional ---------------------------------------------------------------------


@pytest.mark.parametrize("create_graph", [False, True])
def test_vjp_jvp_tuple_inputs_outputs(create_graph):
    (x, y), (tx, ty) = both([r(3), r(3, seed=1)])
    (v0, v1), (tv0, tv1) = both([r(3, seed=2), np.array(1.5)])
    for name, v, tv in (("vjp", (v0, v1), (tv0, tv1)), ("jvp", (x, y), (tx, ty))):
        got = getattr(NF, name)(f_elementwise, (x, y), v, create_graph=create_graph)
        expected = getattr(TF, name)(f_elementwise, (tx, ty), tv, create_graph=create_graph)
        same(got, expected)


def test_vjp_single_input_and_default_v():
    (w, x), (tw, tx) = both([r(2, 3), r(3, seed=1)])
    same(NF.vjp(lambda a: f_matmul(w, a).sum(), x), TF.vjp(lambda a: f_matmul(tw, a).sum(), tx))
    v, tv = both([r(2, seed=3)])
    same(NF.vjp(lambda a: f_matmul(w, a), x, v[0]), TF.vjp(lambda a: f_matmul(tw, a), tx, tv[0]))
    same(NF.jvp(lambda a: f_matmul(a, x), w, w), TF.jvp(lambda a: f_matmul(a, tx), tw, tw))


@pytest.mark.parametrize("vectorize", [False, True])
def test_jacobian_structures(vectorize):
    (x, y), (tx, ty) = both([r(3), r(3, seed=1)])
    same(NF.jacobian(lambda a: a.exp(), x, vectorize=vectorize), TF.jacobian(lambda a: a.exp(), tx))
    same(
        NF.jacobian(f_elementwise, (x, y), vectorize=vectorize),
        TF.jacobian(f_elementwise, (tx, ty), vectorize=vectorize),
    )
    same(
        NF.jacobian(lambda a: (a.sum(), a * 2), x, vectorize=vectorize),
        TF.jacobian(lambda a: (a.sum(), a * 2), tx, vectorize=vectorize),
    )
    same(
        NF.jacobian(lambda a, b: a @ b, (x, y)),
        TF.jacobian(lambda a, b: a @ b, (tx, ty)),
    )


def test_jacobian_create_graph_and_forward_mode():
    (x,), (tx,) = both([r(4)])
    got = NF.jacobian(lambda a: a.sin() * a, x, create_graph=True)
    expected = TF.jacobian(lambda a: a.sin() * a, tx, create_graph=True)
    same(got, expected)
    fwd = NF.jacobian(lambda a: a.sin(), x, vectorize=True, strategy="forward-mode")
    same(fwd, TF.jacobian(lambda a: a.sin(), tx, vectorize=True, strategy="forward-mode"))
    with pytest.raises(NotImplementedError):
        NF.jacobian(lambda a: a.sin(), x, strategy="forward-mode")
    with pytest.raises(NotImplementedError):
        NF.jacobian(lambda a: a.sin(), x, create_graph=True, strategy="forward-mode")
    with pytest.raises(AssertionError):
        NF.jacobian(lambda a: a.sin(), x, strategy="sideways")


def test_jacobian_leaves_inputs_alone():
    x = nt.tensor(r(3))
    NF.jacobian(lambda a: a.exp(), x)
    assert not x.requires_grad and x.grad is None


@pytest.mark.parametrize("strategy", ["reverse-mode", "forward-mode"])
def test_hessian(strategy):
    (x, y), (tx, ty) = both([r(3), r(3, seed=1)])
    kw = dict(outer_jacobian_strategy=strategy, vectorize=strategy == "forward-mode")
    same(NF.hessian(f_scalar, (x, y), **kw), TF.hessian(f_scalar, (tx, ty), **kw))
    same(
        NF.hessian(lambda a: a.pow(3).sum(), x, **kw),
        TF.hessian(lambda a: a.pow(3).sum(), tx, **kw),
    )
    with pytest.raises(RuntimeError):
        NF.hessian(lambda a: a * 2, x)


@pytest.mark.parametrize("create_graph", [False, True])
def test_vhp_hvp(create_graph):
    (x, y, v, w), (tx, ty, tv, tw) = both([r(3), r(3, seed=1), r(3, seed=2), r(3, seed=3)])
    for name in ("vhp", "hvp"):
        got = getattr(NF, name)(f_scalar, (x, y), (v, w), create_graph=create_graph)
        expected = getattr(TF, name)(f_scalar, (tx, ty), (tv, tw), create_graph=create_graph)
        same(got, expected)
        single = getattr(NF, name)(lambda a: a.pow(3).sum(), x, v)
        same(single, getattr(TF, name)(lambda a: a.pow(3).sum(), tx, tv))


def test_results_differentiable_with_create_graph():
    a = r(3)
    x = nt.tensor(a, requires_grad=True)
    tx = torch.tensor(a, requires_grad=True)
    _, h = NF.hvp(lambda z: z.pow(4).sum(), x, nt.ones(3, dtype=nt.float64), create_graph=True)
    _, th = TF.hvp(
        lambda z: z.pow(4).sum(), tx, torch.ones(3, dtype=torch.float64), create_graph=True
    )
    h.sum().backward()
    th.sum().backward()
    np.testing.assert_allclose(x.grad.numpy(), tx.grad.numpy(), rtol=1e-10)


def _error_class(fn_t, fn_n):
    try:
        fn_t()
    except Exception as exc:  # (the class torch raises is the expectation)
        with pytest.raises(type(exc)):
            fn_n()
        return type(exc)
    fn_n()
    return None


@pytest.mark.parametrize(
    "case",
    [
        lambda F, m: F.vjp(lambda x, y: x * 2, (m.ones(3), m.ones(3)), m.ones(3), strict=True),
        lambda F, m: F.jvp(lambda x: x * 2, m.ones(3), m.ones(3), strict=True, create_graph=True),
        lambda F, m: F.jacobian(lambda x, y: x * 2, (m.ones(3), m.ones(3)), strict=True),
        lambda F, m: F.hessian(lambda x: (x * 2).sum(), m.ones(3), strict=True),
        lambda F, m: F.vjp(lambda x: x * 2, m.ones(3), m.ones(4)),
        lambda F, m: F.vjp(lambda x: x * 2, m.ones(3)),
        lambda F, m: F.jvp(lambda x: x * 2, m.ones(3), m.ones(2)),
        lambda F, m: F.jvp(lambda x, y: x * y, (m.ones(3), m.ones(3)), (m.ones(3),)),
        lambda F, m: F.vhp(lambda x: x * 2, m.ones(3), m.ones(3)),
        lambda F, m: F.hvp(lambda x: (x.sum(), x.sum()), m.ones(3), m.ones(3)),
        lambda F, m: F.vjp(lambda x: x, [m.ones(3)], m.ones(3)),
        lambda F, m: F.jacobian(lambda x: x, (m.ones(3), 2.0)),
        lambda F, m: F.jacobian(lambda x: x, m.ones(3), strict=True, vectorize=True),
    ],
)
def test_errors_match_torch(case):
    assert _error_class(lambda: case(TF, torch), lambda: case(NF, nt)) is not None


def test_strict_false_gives_zeros():
    (x, y), (tx, ty) = both([r(3), r(3, seed=1)])
    got = NF.vjp(lambda a, b: a * 2, (x, y), x)
    same(got, TF.vjp(lambda a, b: a * 2, (tx, ty), tx))
    same(NF.jacobian(lambda a, b: a * 2, (x, y)), TF.jacobian(lambda a, b: a * 2, (tx, ty)))


def test_functional_zero_size_and_noncontiguous():
    (w,), (tw,) = both([r(3, 4)])
    same(NF.jacobian(lambda a: a.t().exp(), w.t()), TF.jacobian(lambda a: a.t().exp(), tw.t()))
    (e,), (te,) = both([np.zeros(0)])
    same(NF.jacobian(lambda a: a.sum(), e), TF.jacobian(lambda a: a.sum(), te))


def test_functional_cuda(device):
    (x, y), (tx, ty) = both([r(2), r(2, seed=1)], device)
    same(
        NF.vjp(f_elementwise, (x, y), (x, y.sum()))[1],
        TF.vjp(f_elementwise, (tx, ty), (tx, ty.sum()))[1],
    )
    same(NF.hvp(lambda a: a.pow(3).sum(), x, y)[1], TF.hvp(lambda a: a.pow(3).sum(), tx, ty)[1])


# ---- forward_ad ------------------------------------------------------------------------------


FORWARD_CASES = [
    lambda m, x: x.sin() * x.exp(),
    lambda m, x: (x @ x.t()).sum(dim=1),
    lambda m, x: x.softmax(dim=-1),
    lambda m, x: m.nn.functional.gelu(x).mean(),
    lambda m, x: x.t()[1:].reshape(-1).cumsum(0),
    lambda m, x: m.nn.functional.layer_norm(x, (3,)),
    lambda m, x: x.max(dim=0).values,
]


@pytest.mark.parametrize("case", FORWARD_CASES)
def test_forward_ad_matches_torch(case):
    (x, t), (tx, tt) = both([r(2, 3), r(2, 3, seed=1)])
    with nfw.dual_level():
        out = nfw.unpack_dual(case(nt, nfw.make_dual(x, t)))
    with tfw.dual_level():
        expected = tfw.unpack_dual(case(torch, tfw.make_dual(tx, tt)))
    assert type(out).__name__ == "UnpackedDualTensor" and out._fields == ("primal", "tangent")
    same(out.primal, expected.primal)
    same(out.tangent, expected.tangent)


def test_forward_ad_level_rules():
    x, t = nt.tensor(r(3)), nt.tensor(r(3, seed=1))
    with pytest.raises(RuntimeError):
        nfw.make_dual(x, t)
    with nfw.dual_level() as level:
        assert level == 0
        d = nfw.make_dual(x, t)
        assert nfw.unpack_dual(d).tangent is t
        assert nfw.unpack_dual(x).tangent is None
        assert nfw.unpack_dual(d * 0 + x).tangent is not None
        with pytest.raises(RuntimeError):
            nfw.make_dual(x, nt.ones(4, dtype=nt.float64))
        with pytest.raises(ValueError):
            nfw.make_dual(nt.arange(3), nt.arange(3))
        with pytest.raises(ValueError):
            nfw.make_dual(x, nt.arange(3))
        with pytest.raises(RuntimeError):
            nfw.enter_dual_level()
        with pytest.raises(RuntimeError):
            nfw.make_dual(x, t, level=5)
        with pytest.raises(TypeError):
            nfw.unpack_dual(3.0)
        y = d * 3
        d.mul_(2)  # in place on the dual: its tangent doubles too
        np.testing.assert_allclose(nfw.unpack_dual(d).tangent.numpy(), 2 * t.numpy())
    # leaving the level forgets the tangents
    assert nfw.unpack_dual(y).tangent is None
    assert not nfw.unpack_dual(y).primal.requires_grad
    with pytest.raises(RuntimeError):
        nfw.exit_dual_level()
    assert nfw.enter_dual_level() == 0
    nfw.exit_dual_level(level=0)


def test_forward_ad_primal_requiring_grad():
    a, b = r(3), r(3, seed=1)
    x = nt.tensor(a, requires_grad=True)
    tx = torch.tensor(a, requires_grad=True)
    with nfw.dual_level():
        primal, tangent = nfw.unpack_dual((nfw.make_dual(x, nt.tensor(b)) ** 2).sum())
        (g,) = nt.autograd.grad(tangent, x)
    with tfw.dual_level():
        _, ttangent = tfw.unpack_dual((tfw.make_dual(tx, torch.tensor(b)) ** 2).sum())
        (tg,) = torch.autograd.grad(ttangent, tx)
    assert primal.requires_grad and tangent.requires_grad
    same(g, tg)


def test_forward_ad_cuda(device):
    (x, t), (tx, tt) = both([r(3), r(3, seed=1)], device)
    with nfw.dual_level():
        out = nfw.unpack_dual(nfw.make_dual(x, t).exp().sum())
    with tfw.dual_level():
        expected = tfw.unpack_dual(tfw.make_dual(tx, tt).exp().sum())
    same(out.tangent, expected.tangent)


# ---- saved tensor hooks ----------------------------------------------------------------------


def _hook_run(m, pack, unpack):
    x = m.tensor([0.5, 1.0, 2.0], dtype=m.float64, requires_grad=True)
    with m.autograd.graph.saved_tensors_hooks(pack, unpack):
        y = (x.exp() * x).sum()
    return x, y


def test_saved_tensors_hooks_pack_at_save_unpack_at_backward():
    logs = {}
    for m in (torch, nt):
        log = logs[m] = []
        x, y = _hook_run(
            m,
            lambda t, log=log: log.append("pack") or ("box", t.clone()),
            lambda p, log=log: log.append("unpack") or p[1],
        )
        n_packed = len(log)
        assert n_packed > 0 and set(log) == {"pack"}
        y.backward()
        assert log.count("unpack") == n_packed
        np.testing.assert_allclose(x.grad.numpy(), (np.exp([0.5, 1, 2]) * ([1.5, 2, 3])))


def test_saved_tensors_hooks_rules():
    x = nt.ones(3, dtype=nt.float64, requires_grad=True)
    with nt.autograd.graph.saved_tensors_hooks(lambda t: t, lambda t: 3):
        y = x.sin()
    with pytest.raises(TypeError):
        y.sum().backward()
    calls = []
    with nt.autograd.graph.saved_tensors_hooks(lambda t: calls.append(1) or t, lambda t: t):
        x.detach().exp()  # nothing recorded, nothing packed
    assert calls == []
    with (
        nt.autograd.graph.disable_saved_tensors_hooks("no hooks here"),
        pytest.raises(RuntimeError, match="no hooks here"),
        nt.autograd.graph.save_on_cpu(),
    ):
        pass
    with (
        nt.autograd.graph.save_on_cpu(),
        nt.autograd.graph.disable_saved_tensors_hooks("saving is off"),
        pytest.raises(RuntimeError, match="saving is off"),
    ):
        x.sin()
    # a packed copy is not affected by a later in-place change (as in torch)
    a = x * 1
    with nt.autograd.graph.saved_tensors_hooks(lambda t: t.clone(), lambda t: t):
        b = a.sin()
    a.mul_(2)
    b.sum().backward()
    np.testing.assert_allclose(x.grad.numpy(), np.cos(np.ones(3)))


def test_save_on_cpu(device):
    a = r(4)
    x = nt.tensor(a, device=device, requires_grad=True)
    with nt.autograd.graph.save_on_cpu():
        y = (x.tanh() * x).sum()
    y.backward()
    tx = torch.tensor(a, requires_grad=True)
    (tx.tanh() * tx).sum().backward()
    np.testing.assert_allclose(x.grad.cpu().numpy(), tx.grad.numpy(), rtol=1e-12)
    assert x.grad.device == x.device


# ---- custom Function extras ------------------------------------------------------------------


def _dirty_class(m):
    class Double(m.autograd.Function):
        @staticmethod
        def forward(ctx, x):
            x.mul_(2)
            ctx.mark_dirty(x)
            return x

        @staticmethod
        def backward(ctx, g):
            return g * 2

    return Double


def test_mark_dirty():
    results = []
    for m in (torch, nt):
        a = m.tensor(r(3), requires_grad=True)
        b = a * 1
        c = _dirty_class(m).apply(b)
        assert c is b and b._version == 2
        assert type(c.grad_fn).__name__ == "DoubleBackward"
        (c * c).sum().backward()
        results.append(a.grad.numpy())
        with pytest.raises(RuntimeError):
            _dirty_class(m).apply(a)
    np.testing.assert_allclose(results[1], results[0], rtol=1e-12)


def test_materialize_grads_and_non_differentiable():
    seen = []
    for m in (torch, nt):
        seen.clear()

        class Two(m.autograd.Function):
            @staticmethod
            def forward(ctx, x):
                ctx.set_materialize_grads(False)
                return x * 2, x * 3

            @staticmethod
            def backward(ctx, g1, g2):
                seen.append((g1 is None, g2 is None))
                return g1 * 2 if g1 is not None else g2 * 3

        x = m.ones(2, dtype=m.float64, requires_grad=True)
        p, _ = Two.apply(x)
        p.sum().backward()

        class Half(m.autograd.Function):
            @staticmethod
            def forward(ctx, x):
                a, c = x * 2, x * 3
                ctx.mark_non_differentiable(c)
                return a, c

            @staticmethod
            def backward(ctx, g1, g2):
                seen.append(float(g2.sum()))
                return g1 * 2

        a, c = Half.apply(x)
        assert a.requires_grad and not c.requires_grad
        a.sum().backward()
        assert seen == [(False, True), 0.0]


def test_once_differentiable():
    for m, once in ((torch, torch_once), (nt, nt_once)):

        class Square(m.autograd.Function):
            @staticmethod
            def forward(ctx, x):
                ctx.save_for_backward(x)
                return x**2

            @staticmethod
            @once
            def backward(ctx, g):
                (x,) = ctx.saved_tensors
                return 2 * x * g

        x = m.tensor(r(3), requires_grad=True)
        (g,) = m.autograd.grad(Square.apply(x).sum(), x, create_graph=True)
        assert not g.requires_grad  # the incoming gradient did not require grad
        seed = m.ones(3, dtype=m.float64, requires_grad=True)
        (g2,) = m.autograd.grad(Square.apply(x), x, seed, create_graph=True)
        assert g2.requires_grad
        with pytest.raises(RuntimeError, match="once_differentiable"):
            g2.sum().backward()


def test_setup_context_and_needs_input_grad():
    grads, needs = [], []
    for m in (torch, nt):
        needs.clear()

        class Scale(m.autograd.Function):
            @staticmethod
            def forward(x, k):
                return x * k

            @staticmethod
            def setup_context(ctx, inputs, output):
                needs.append(ctx.needs_input_grad)
                ctx.k = inputs[1]

            @staticmethod
            def backward(ctx, g):
                return g * ctx.k, None

        x = m.tensor(r(3), requires_grad=True)
        Scale.apply(x, 3.0).sum().backward()
        grads.append(x.grad.numpy())
        assert needs == [(True, False)]

        class Bad(m.autograd.Function):
            @staticmethod
            def forward(ctx, x, y):
                return x * y

            @staticmethod
            def backward(ctx, g):
                return g

        with pytest.raises(RuntimeError, match="incorrect number of gradients"):
            Bad.apply(x, x).sum().backward()
    np.testing.assert_allclose(grads[1], grads[0])
    assert nt.autograd.Function.generate_vmap_rule is False


def test_saved_tensors_hooks_copies_double_backward():
    got, expected = [], []
    for m, out in ((nt, got), (torch, expected)):
        x = m.tensor([1.0, 2.0, 3.0], dtype=m.float64, requires_grad=True)
        with m.autograd.graph.saved_tensors_hooks(
            lambda t: t.detach().clone(), lambda p: p.clone()
        ):
            y = (x.sin() * x * x.exp()).sum()
        (g,) = m.autograd.grad(y, x, create_graph=True)
        out.extend([g.detach().numpy(), m.autograd.grad(g.sum(), x)[0].numpy()])
    np.testing.assert_allclose(got, expected, rtol=1e-12)
