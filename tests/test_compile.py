"""numtensor.compile: a recorded and replayed function gives eager numtensor's results."""

import warnings

import numpy as np
import pytest

import numtensor as nt
from numtensor import nn

RNG = np.random.default_rng(11)


def _arrays(*shapes, seed=0):
    g = np.random.default_rng(seed)
    return [g.standard_normal(s).astype(np.float32) for s in shapes]


def _seed_loop_step(w1, w2):
    def step(x, y):
        loss = (x.mm(w1).clamp(min=0).mm(w2) - y).pow(2).sum()
        loss.backward()
        with nt.no_grad():
            w1.sub_(1e-6 * w1.grad)
            w2.sub_(1e-6 * w2.grad)
            w1.grad.zero_()
            w2.grad.zero_()
        return loss

    return step


def _twins(*arrays):
    """Two independent sets of leaf tensors with the same values."""
    return [
        [nt.from_numpy(a.copy()).requires_grad_() for a in arrays],
        [nt.from_numpy(a.copy()).requires_grad_() for a in arrays],
    ]


def _assert_close(a, b, rtol=1e-5, atol=1e-6):
    np.testing.assert_allclose(np.asarray(a), np.asarray(b), rtol=rtol, atol=atol)


def test_seed_loop_replays_exactly_what_eager_computes():
    x, y, w1, w2 = _arrays((64, 100), (64, 10), (100, 30), (30, 10))
    (cw1, cw2), (ew1, ew2) = _twins(w1, w2)
    compiled = nt.compile(_seed_loop_step(cw1, cw2))
    eager = _seed_loop_step(ew1, ew2)
    tx, ty = nt.from_numpy(x), nt.from_numpy(y)
    for _ in range(5):
        a, b = compiled(tx, ty), eager(tx, ty)
        assert a.item() == b.item()
        assert nt.equal(cw1, ew1) and nt.equal(cw2, ew2)
        assert nt.equal(cw1.grad, ew1.grad)
    # first call: no .grad yet; second: .grad exists; the third replays the second's plan
    assert len(compiled._plans) == 2
    assert compiled._eager_because is None


def _mlp_training(compiled: bool, batches):
    nt.manual_seed(0)
    model = nn.Sequential(
        nn.Flatten(),
        nn.Linear(64, 32),
        nn.ReLU(),
        nn.Dropout(0.2),
        nn.Linear(32, 10),
    )
    opt = nt.optim.Adam(model.parameters(), lr=1e-2)
    loss_fn = nn.CrossEntropyLoss()

    def step(xb, yb):
        opt.zero_grad()
        loss = loss_fn(model(xb), yb)
        loss.backward()
        opt.step()
        return loss

    f = nt.compile(step) if compiled else step
    losses = [f(nt.from_numpy(xb), nt.from_numpy(yb)).item() for xb, yb in batches]
    return losses, model, opt, f


def _batches(n, size=16):
    g = np.random.default_rng(3)
    return [
        (g.standard_normal((size, 8, 8)).astype(np.float32), g.integers(0, 10, size))
        for _ in range(n)
    ]


def test_mlp_step_with_adam_dropout_and_cross_entropy():
    batches = _batches(6)
    eager_losses, eager_model, eager_opt, _ = _mlp_training(False, batches)
    losses, model, opt, f = _mlp_training(True, batches)
    assert f._eager_because is None and len(f._plans) == 2
    # Adam's bias corrections are tensor math while recording (float32, as PyTorch's
    # capturable Adam): equal within float rounding
    _assert_close(losses, eager_losses)
    for p, q in zip(model.parameters(), eager_model.parameters()):
        _assert_close(p.detach().numpy(), q.detach().numpy())
        _assert_close(p.grad.numpy(), q.grad.numpy())
    for p, q in zip(model.parameters(), eager_model.parameters()):
        s, t = opt.state[p], eager_opt.state[q]
        assert s["step"].item() == t["step"].item() == 6
        _assert_close(s["exp_avg"].numpy(), t["exp_avg"].numpy())
        _assert_close(s["exp_avg_sq"].numpy(), t["exp_avg_sq"].numpy(), atol=1e-9)


def test_replayed_dropout_draws_new_masks():
    nt.manual_seed(0)
    drop = nn.Dropout(0.5)
    f = nt.compile(lambda x: drop(x) * 1)
    x = nt.ones(64)
    masks = [f(x) for _ in range(4)]
    nt.manual_seed(0)
    eager = [drop(x) * 1 for _ in range(4)]
    for a, b in zip(masks, eager):
        assert nt.equal(a, b)
    assert not nt.equal(masks[2], masks[3])


def test_a_graph_break_runs_eagerly_with_a_warning():
    w = nt.ones(3, requires_grad=True)

    def step(x):
        loss = (w * x).sum()
        if loss.item() > 0:  # Python control flow on a value
            loss = loss * 2
        loss.backward()
        return loss

    f = nt.compile(step)
    with pytest.warns(RuntimeWarning, match="data read back to Python"):
        first = f(nt.tensor([1.0, 2.0, 3.0]))
    assert first.item() == 12.0
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # once: no warning on later calls
        second = f(nt.tensor([-1.0, -2.0, -3.0]))
    assert second.item() == -6.0
    assert w.grad.tolist() == [1.0, 2.0, 3.0]  # 2 * [1, 2, 3] + [-1, -2, -3]


def test_fullgraph_raises_at_a_graph_break():
    f = nt.compile(lambda x: x.sum().item(), fullgraph=True)
    with pytest.raises(nt.compiler.GraphBreak, match="data read back"):
        f(nt.ones(2))


def test_guard_failure_records_again():
    w = nt.ones(4, 3, requires_grad=True)

    def step(x):
        out = x.mm(w).relu().sum()
        out.backward()
        return out

    f = nt.compile(step)
    for n in (2, 2, 5, 5, 2):
        x = nt.from_numpy(RNG.standard_normal((n, 4)).astype(np.float32))
        w.grad = None
        got = f(x)
        w2 = w.detach().clone().requires_grad_()
        want = x.mm(w2).relu().sum()
        want.backward()
        assert got.item() == pytest.approx(want.item(), rel=1e-6)
        assert nt.allclose(w.grad, w2.grad)
    assert len(f._plans) == 2  # one per batch size; the rest are replays


def test_several_outputs_and_gradient_accumulation_across_calls():
    (cw,), (ew,) = _twins(np.arange(6, dtype=np.float32).reshape(2, 3))

    def make(w):
        def step(x):
            y = x @ w
            loss = (y * y).mean()
            loss.backward()  # no zero_grad: gradients add up across calls
            return {"loss": loss, "pair": (y.detach(), y.sum().detach())}

        return step

    f, g = nt.compile(make(cw)), make(ew)
    for i in range(4):
        x = nt.full((5, 2), float(i + 1))
        a, b = f(x), g(x)
        assert a["loss"].item() == b["loss"].item()
        assert nt.equal(a["pair"][0], b["pair"][0]) and nt.equal(a["pair"][1], b["pair"][1])
        assert nt.equal(cw.grad, ew.grad)
    assert len(f._plans) == 2


def test_exceptions_have_eager_classes_on_replays_too():
    model = nn.Linear(4, 3)
    loss_fn = nn.CrossEntropyLoss()

    @nt.compile
    def step(x, y):
        model.zero_grad()
        loss = loss_fn(model(x), y)
        loss.backward()
        return loss

    x = nt.ones(2, 4)
    for _ in range(3):
        step(x, nt.tensor([0, 2]))
    assert len(step._plans) == 2 and step._eager_because is None
    with pytest.raises(IndexError, match="Target 7 is out of bounds"):
        step(x, nt.tensor([0, 7]))  # a replay: the target check runs on every call
    with pytest.raises(RuntimeError, match="shapes cannot be multiplied"):
        step(nt.ones(2, 5), nt.tensor([0, 2]))  # a new signature: recorded, raising as eager


def test_a_returned_graph_falls_back_to_eager():
    lin = nn.Linear(3, 2)
    f = nt.compile(lin)
    with pytest.warns(RuntimeWarning, match="autograd graph outlives"):
        y = f(nt.ones(1, 3))
    y.sum().backward()
    assert lin.weight.grad is not None
    with nt.no_grad():
        g = nt.compile(lin)
        assert nt.equal(g(nt.ones(1, 3)), lin(nt.ones(1, 3)))
        assert nt.equal(g(nt.ones(1, 3)), lin(nt.ones(1, 3)))
        assert len(g._plans) == 1


def test_decorator_forms_is_compiling_and_reset():
    seen = []

    @nt.compile(fullgraph=True)
    def double(x):
        seen.append(nt.compiler.is_compiling())
        return x * 2

    assert nt.equal(double(nt.ones(2)), nt.full((2,), 2.0))
    assert nt.equal(double(nt.ones(2)), nt.full((2,), 2.0))
    assert seen == [True]  # recorded once, then replayed without running the Python body
    nt.compiler.reset()
    double(nt.ones(2))
    assert seen == [True, True]
    assert not nt.compiler.is_compiling()


def test_signatures_past_the_limit_run_eagerly(monkeypatch):
    monkeypatch.setattr(nt.compiler, "cache_size_limit", 2)
    f = nt.compile(lambda x: x + 1)
    f(nt.ones(1))
    f(nt.ones(2))
    with pytest.warns(RuntimeWarning, match="cache_size_limit"):
        out = f(nt.ones(3))
    assert nt.equal(out, nt.full((3,), 2.0))


# ---- each family of ops, replayed by generated code, equals eager numtensor ---------------------


def _family_steps():
    """name -> (build(tensors) -> loss tensor, input shapes): each step runs forward and
    backward, so replays exercise the generated forward and backward code."""
    return {
        "unary math": lambda a, b: (
            a.exp().sum() + a.tanh().mean() + a.sigmoid().sum() + (a * a + 1).sqrt().log().sum()
        ),
        "binary and broadcasting": lambda a, b: (
            (a * b[:1] - 2.5) / (b.abs() + 1) + a.pow(2) - 3 * a.clamp(-0.5, 0.5)
        ).sum(),
        "comparisons and where": lambda a, b: (
            nt.where(a > b, a, b * 2) + (a >= 0).float() * a + a.masked_fill(b < 0, 0.0)
        ).sum(),
        "reductions": lambda a, b: (
            a.sum(0).pow(2).sum()
            + a.mean(1).sum()
            + a.amax(1).sum()
            + a.var(0).sum()
            + a.std(1).sum()
            + a.logsumexp(1).sum()
            + a.max(0).values.sum()
        ),
        "softmax and losses": lambda a, b: (
            a.softmax(1).pow(2).sum()
            + nn.functional.log_softmax(a, 1).sum()
            + nn.functional.mse_loss(a, b)
            + nn.functional.cross_entropy(a, nt.tensor([0, 2, 1, 3, 0, 1]))
        ),
        "matrix products": lambda a, b: (
            (a @ b.t()).sum() + nt.bmm(a[None], b.t()[None]).pow(2).sum() + (a.t() @ b).mean()
        ),
        "views and joining": lambda a, b: (
            a.reshape(3, 8).t().reshape(-1)[::2].sum()
            + nt.cat([a, b], 0)[2:9].pow(2).sum()
            + nt.stack([a, b], 2).permute(2, 0, 1)[1].sum()
            + a.unsqueeze(0).expand(2, 6, 4).mul(b).sum()
            + a.split(2, 0)[1].sum()
        ),
        "indexing": lambda a, b: (
            a.gather(1, nt.tensor([[0], [1], [2], [3], [0], [1]])).sum()
            + a.index_select(0, nt.tensor([5, 0, 5])).pow(2).sum()
            + a[nt.tensor([1, 3])].sum()
            + a[:, 1:3].sum()
        ),
    }


@pytest.mark.parametrize("family", list(_family_steps()))
def test_each_op_family_replays_as_eager(family):
    build = _family_steps()[family]
    values = _arrays((6, 4), (6, 4), seed=5)
    (ca, cb), (ea, eb) = _twins(*values)

    def make(a, b):
        def step(scale):
            loss = build(a, b) * scale
            loss.backward()
            return loss

        return step

    compiled, eager = nt.compile(make(ca, cb)), make(ea, eb)
    for scale in (1.0, 1.0, 1.0, 1.0):
        got, want = compiled(scale), eager(scale)
        _assert_close(got.item(), want.item(), rtol=1e-5)
        for c, e in ((ca, ea), (cb, eb)):
            if e.grad is None:
                assert c.grad is None
            else:
                _assert_close(c.grad.numpy(), e.grad.numpy(), rtol=1e-5, atol=1e-5)
    assert compiled._eager_because is None
    assert len(compiled._plans) == 2
    replay = list(compiled._plans.values())[-1]
    assert any(u[0] == "jit" for u in replay.plan.units)  # generated code ran


def test_in_place_updates_under_no_grad_through_views():
    w = nt.zeros(4, 5)

    @nt.compile
    def update(g):
        with nt.no_grad():
            w[1:3].add_(g)
            w.t()[0].mul_(2)
            w.clamp_(max=3)
        return w.sum()

    eager = nt.zeros(4, 5)
    for i in range(4):
        g = nt.full((2, 5), float(i))
        got = update(g)
        eager[1:3].add_(g)
        eager.t()[0].mul_(2)
        eager.clamp_(max=3)
        assert nt.equal(w, eager)
        assert got.item() == eager.sum().item()


SCALE = 2.0


def test_numbers_in_globals_and_closures_are_guarded():
    global SCALE
    offset = 1.0

    def step(x):
        return x * SCALE + offset

    f = nt.compile(step)
    x = nt.ones(3)
    assert f(x).tolist() == [3.0] * 3
    assert f(x).tolist() == [3.0] * 3
    SCALE = 5.0
    try:
        assert f(x).tolist() == [6.0] * 3  # a new value: recorded again, not the old plan
        offset = 10.0
        assert f(x).tolist() == [15.0] * 3
    finally:
        SCALE = 2.0
    assert len(f._plans) == 3


def test_another_threads_ops_are_not_recorded():
    import threading

    def make():
        w = nt.ones(3, requires_grad=True)

        @nt.compile
        def step(x):
            loss = (w * x).sum()
            loss.backward()
            return loss

        return step, w

    quiet, _ = make()
    for _ in range(3):
        quiet(nt.ones(3))
    started, release = threading.Event(), threading.Event()
    other = nt.ones(3)

    def busy():
        started.set()
        while not release.is_set():
            other.add(1)  # another thread's ops while the step records

    step, w = make()
    worker = threading.Thread(target=busy)
    worker.start()
    started.wait()
    try:
        for _ in range(3):
            step(nt.ones(3))
    finally:
        release.set()
        worker.join()
    names = [[p[0] for p in list(f._plans.values())[-1].plan.program] for f in (quiet, step)]
    assert names[0] == names[1]
    assert w.grad.tolist() == [3.0, 3.0, 3.0]
