"""PyTorch's autograd semantics: the seed cells, errors, hooks, grad modes, custom Functions."""

import threading

import numpy as np
import pytest

import numtensor as nt
from tests.conftest import check, torch


def test_seed_scalar_chain():
    w = nt.tensor(2.0, requires_grad=True)
    y = w**2
    z = 10 * y + 25
    z.backward()
    assert repr(w.grad) == "tensor(40.)"


def test_seed_partial_derivatives_with_external_grad():
    def run(m):
        a = m.tensor([2.0, 3.0], requires_grad=True)
        b = m.tensor([6.0, 4.0], requires_grad=True)
        q = 3 * a**3 - b**2
        q.backward(gradient=m.tensor([1.0, 1.0]))
        return [q, a.grad, b.grad, q.grad_fn.name()]

    check(run)
    a = nt.tensor([2.0, 3.0], requires_grad=True)
    q = 3 * a**3 - nt.tensor([6.0, 4.0], requires_grad=True) ** 2
    assert repr(q) == "tensor([-12.,  65.], grad_fn=<SubBackward0>)"


def test_seed_requires_grad_flags():
    a = nt.rand(3, 3)
    a = a * 3
    assert a.requires_grad is False
    a.requires_grad_(True)
    b = (a * a).sum()
    assert b.grad_fn is not None and b.requires_grad
    assert a.detach().requires_grad is False
    with nt.no_grad():
        assert (a * 2).requires_grad is False


def test_grad_fn_names_and_next_functions():
    x = nt.ones(2, 2, requires_grad=True)
    y = x + 2
    assert type(y.grad_fn).__name__ == "AddBackward0"
    assert repr(y) == "tensor([[3., 3.],\n        [3., 3.]], grad_fn=<AddBackward0>)"
    (leaf, _), (const, _) = y.grad_fn.next_functions
    assert leaf.variable is x and const is None
    z = (y * y).mean()
    assert z.grad_fn.next_functions[0][0] is not None
    assert x.is_leaf and not y.is_leaf and x.grad_fn is None


def test_errors():
    check(lambda m: m.ones(2, requires_grad=True).mul(2).backward())
    check(lambda m: m.ones(2).sum().backward())
    check(lambda m: m.ones(2, requires_grad=True).mul(2).backward(m.ones(3)))
    check(lambda m: m.ones(2, dtype=m.int64, requires_grad=True))
    check(lambda m: m.tensor([1, 2]).requires_grad_())
    check(lambda m: m.ones(2, requires_grad=True).add_(1))
    check(lambda m: m.ones(2, requires_grad=True).zero_())
    check(lambda m: m.ones(2, requires_grad=True).numpy())
    check(lambda m: m.ones(2).register_hook(lambda g: g))


def _backward_twice(m, retain):
    x = m.ones(3, requires_grad=True)
    y = (x * x).sum()
    y.backward(retain_graph=retain)
    y.backward()
    return x.grad


def test_second_backward_needs_retain_graph():
    check(lambda m: _backward_twice(m, False))
    check(lambda m: _backward_twice(m, True))


def test_add_has_nothing_saved_so_second_backward_works():
    def run(m):
        x = m.ones(3, requires_grad=True)
        y = (x + 1).sum()
        y.backward()
        y.backward()
        return x.grad

    check(run)


def test_grad_accumulates_and_can_be_reset():
    x = nt.tensor([1.0, 2.0], requires_grad=True)
    (x * 3).sum().backward()
    (x * 3).sum().backward()
    assert x.grad.tolist() == [6.0, 6.0]
    x.grad = None
    (x * x).sum().backward()
    assert x.grad.tolist() == [2.0, 4.0]
    x.grad.zero_()
    assert x.grad.tolist() == [0.0, 0.0]


def test_inplace_on_saved_tensor_is_detected():
    def run(m):
        x = m.ones(2, 2, requires_grad=True)
        y = x * 2
        z = y.sin()  # saves its input y
        y.add_(1)
        z.sum().backward()
        return x.grad

    def run_exp(m):
        x = m.ones(2, 2, requires_grad=True)
        y = x * 2
        z = y.exp()  # saves its output, so changing y is harmless
        y.add_(1)
        z.sum().backward()
        return x.grad

    def run_output(m):
        x = m.ones(2, requires_grad=True)
        y = x.exp()
        y.mul_(2)
        y.sum().backward()

    with pytest.raises(RuntimeError, match="modified by an inplace operation"):
        run(nt)
    check(run)
    check(run_exp)
    check(run_output)
    with pytest.raises(RuntimeError, match="inplace"):
        run_output(nt)


def test_inplace_on_non_leaf_is_recorded():
    def run(m):
        x = m.tensor([1.0, -2.0, 3.0], requires_grad=True)
        y = x * 2
        y.add_(1).mul_(y.detach())
        y.clamp_(min=0)
        y.sum().backward()
        return [x.grad, y.grad_fn.name(), y]

    check(run)


def test_setitem_on_non_leaf():
    def run(m):
        x = m.tensor([[1.0, 2.0], [3.0, 4.0]], requires_grad=True)
        v = m.tensor([5.0, 6.0], requires_grad=True)
        y = x * 1
        y[0] = v * 2
        (y * y).sum().backward()
        return [x.grad, v.grad, y.grad_fn.name()]

    got = run(nt)
    expected = run(torch)
    np.testing.assert_allclose(got[0].numpy(), expected[0].numpy())
    np.testing.assert_allclose(got[1].numpy(), expected[1].numpy())
    assert got[2] == expected[2] == "torch::autograd::CopySlices"  # (its type: CopySlices)


def test_manual_sgd_under_no_grad_keeps_leaves():
    w = nt.ones(3, requires_grad=True)
    (w * w).sum().backward()
    with nt.no_grad():
        w -= 0.1 * w.grad
        w.grad.zero_()
    assert w.is_leaf and w.requires_grad and w.grad_fn is None
    np.testing.assert_allclose(w.detach().numpy(), [0.8, 0.8, 0.8])


def test_retain_grad_and_hooks():
    x = nt.tensor([1.0, 2.0], requires_grad=True)
    y = x * 3
    y.retain_grad()
    seen = []
    y.register_hook(lambda g: seen.append(g.tolist()))
    handle = x.register_hook(lambda g: g * 10)
    (y * y).sum().backward()
    assert y.grad.tolist() == [6.0, 12.0]
    assert seen == [[6.0, 12.0]]
    assert x.grad.tolist() == [180.0, 360.0]
    handle.remove()
    x.grad = None
    (x * 1).sum().backward()
    assert x.grad.tolist() == [1.0, 1.0]


def test_autograd_grad_and_higher_order():
    x = nt.tensor([1.0, 2.0], dtype=nt.float64, requires_grad=True)
    y = (x**3).sum()
    (g,) = nt.autograd.grad(y, x, create_graph=True)
    assert g.tolist() == [3.0, 12.0] and x.grad is None
    (h,) = nt.autograd.grad(g.sum(), x)
    assert h.tolist() == [6.0, 12.0]
    z = nt.ones(1, requires_grad=True)
    with pytest.raises(RuntimeError, match="allow_unused"):
        nt.autograd.grad((x * 2).sum(), [x, z])
    assert nt.autograd.grad((x * 2).sum(), [x, z], allow_unused=True)[1] is None
    w = nt.tensor(2.0, requires_grad=True)
    (w**3).backward(create_graph=True)
    assert w.grad.item() == 12.0 and w.grad.requires_grad
    nt.autograd.backward([(w * 1)], [nt.tensor(1.0)])
    assert w.grad.item() == 13.0


def test_grad_modes():
    x = nt.ones(2, requires_grad=True)
    with nt.no_grad():
        with nt.enable_grad():
            assert (x * 2).requires_grad
        assert not (x * 2).requires_grad
    with nt.set_grad_enabled(False):
        assert not nt.is_grad_enabled()
    assert nt.is_grad_enabled()
    nt.set_grad_enabled(False)
    assert not nt.is_grad_enabled()
    nt.set_grad_enabled(True)
    with nt.inference_mode():
        assert not (x * 2).requires_grad

    @nt.no_grad()
    def f(t):
        return t * 2

    assert not f(x).requires_grad

    @nt.enable_grad()
    def g(t):
        return t * 2

    with nt.no_grad():
        assert g(x).requires_grad


def test_grad_mode_is_thread_local():
    results = []

    def worker():
        results.append(nt.is_grad_enabled())

    with nt.no_grad():
        t = threading.Thread(target=worker)
        t.start()
        t.join()
    assert results == [True]


def test_detach_shares_memory_and_detach_():
    x = nt.ones(3, requires_grad=True)
    y = x * 2
    d = y.detach()
    d[0] = 5
    assert y[0].item() == 5.0 and not d.requires_grad
    y.detach_()
    assert y.grad_fn is None and not y.requires_grad


def test_custom_function():
    class Cube(nt.autograd.Function):
        @staticmethod
        def forward(ctx, x, k):
            ctx.save_for_backward(x)
            ctx.k = k
            return x**3 * k

        @staticmethod
        def backward(ctx, g):
            (x,) = ctx.saved_tensors
            assert ctx.needs_input_grad == (True, False)
            return g * 3 * x**2 * ctx.k, None

    x = nt.tensor([1.0, 2.0], dtype=nt.float64, requires_grad=True)
    y = Cube.apply(x, 2.0)
    assert y.grad_fn.name() == "CubeBackward"
    y.sum().backward()
    assert x.grad.tolist() == [6.0, 24.0]
    assert nt.autograd.gradcheck(lambda t: Cube.apply(t, 1.5), (x,))

    class Split(nt.autograd.Function):
        @staticmethod
        def forward(ctx, x):
            idx = (x > 0).nonzero()
            ctx.mark_non_differentiable(idx)
            return x * 2, x * 3, idx

        @staticmethod
        def backward(ctx, ga, gb, gi):
            return ga * 2 + gb * 3

    x.grad = None
    a, _b, idx = Split.apply(x)
    assert not idx.requires_grad
    a.sum().backward()
    assert x.grad.tolist() == [2.0, 2.0]


def test_graph_freed_when_outputs_die():
    import gc
    import weakref

    x = nt.ones(1000, requires_grad=True)
    y = (x * 2).exp()
    node = weakref.ref(y.grad_fn)
    del y
    gc.collect()
    assert node() is None


def test_leaf_gradients_never_share_memory():
    # an engine that hands a gradient to a leaf without a copy must never hand the same
    # memory to two places: two leaves, a leaf and a hook, a leaf and the caller
    a = nt.ones(2, 2, requires_grad=True)
    b = nt.ones(2, 2, requires_grad=True)
    (a.t() + b).sum().backward()
    a.grad.zero_()
    assert b.grad.tolist() == [[1.0, 1.0], [1.0, 1.0]]

    x = nt.ones(3, requires_grad=True)
    seed = nt.ones(3)
    (x * 1).backward(seed)
    x.grad.add_(5)
    assert seed.tolist() == [1.0, 1.0, 1.0]

    kept = []
    w = nt.ones(3, requires_grad=True)
    w.register_hook(lambda g: kept.append(g))
    (w * 2).sum().backward()
    w.grad.zero_()
    assert kept[0].tolist() == [2.0, 2.0, 2.0]

    y = nt.ones(2, requires_grad=True)
    z = y * 3
    z.retain_grad()
    (z + y).sum().backward()
    y.grad.zero_()
    assert z.grad.tolist() == [1.0, 1.0]


def test_linear_gradients_accumulate_and_reset_as_in_torch():
    results = []
    for m in (nt, torch):
        m.manual_seed(0)
        layer = m.nn.Linear(4, 3)
        with m.no_grad():
            layer.weight.copy_(m.arange(12.0).reshape(3, 4) / 10)
            layer.bias.fill_(0.5)
        x = m.arange(8.0).reshape(2, 4)
        layer(x).pow(2).sum().backward()
        first = layer.weight.grad
        layer(x).pow(2).sum().backward()  # accumulates into the same tensor
        assert layer.weight.grad is first
        grads = [layer.weight.grad.clone(), layer.bias.grad.clone()]
        layer.zero_grad()
        layer(x).sum().backward()
        grads += [layer.weight.grad, layer.bias.grad]
        results.append([g.numpy().copy() for g in grads] + [layer.weight.grad.stride()])
    for got, want in zip(*results):
        np.testing.assert_allclose(got, want, rtol=1e-6)


def test_backward_inputs_accumulate_into_those_tensors_only():
    results = []
    for m in (nt, torch):
        a, b, c = (m.ones(2, requires_grad=True) for _ in range(3))
        h = a * 2
        y = (h * b).sum()
        y.backward(inputs=[b, h], retain_graph=True)
        got = [a.grad, b.grad.tolist(), h.grad.tolist()]
        y.backward(inputs=[c])  # not reached: left alone
        got.append(c.grad)
        (a * 3).sum().backward(inputs=a)
        m.autograd.backward([(a * 2).sum()], inputs=[a])
        got.append(a.grad.tolist())
        with pytest.raises(RuntimeError, match="cannot be empty"):
            (a * 3).sum().backward(inputs=[])
        results.append(got)
    assert results[0] == results[1]


def _post_accumulate_story(m):
    """What register_post_accumulate_grad_hook does, recorded: the order leaves become ready,
    the .grad each hook sees, errors."""
    seen = []
    a, b, c = (m.ones(2, requires_grad=True) for _ in range(3))
    for name, t in zip("abc", (a, b, c)):
        t.register_post_accumulate_grad_hook(lambda t, n=name: seen.append((n, t.grad.tolist())))
    hidden = (a * b).exp()
    ((hidden * c).sum() + (a * 3).sum()).backward()
    handle = a.register_post_accumulate_grad_hook(lambda t: seen.append("second"))
    (a * 2).sum().backward()
    handle.remove()
    (a * 2).sum().backward(inputs=[a])
    m.autograd.grad((b * 2).sum(), b)  # (no accumulation: no hook)
    for make in (lambda: a * 2, lambda: m.ones(2)):
        try:
            make().register_post_accumulate_grad_hook(lambda t: None)
        except RuntimeError as e:
            seen.append(str(e))
    a.register_post_accumulate_grad_hook(lambda t: 1)
    try:
        (a * 2).sum().backward()
    except TypeError as e:
        seen.append(str(e))
    return seen


def test_post_accumulate_grad_hooks_as_torch():
    assert _post_accumulate_story(nt) == _post_accumulate_story(torch)
