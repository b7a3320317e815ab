"""F.embedding_bag / nn.EmbeddingBag and F.ctc_loss / nn.CTCLoss against torch: values,
gradients (weight, per_sample_weights, log_probs), gradcheck, errors, reprs."""

import numpy as np
import pytest

import numtensor as nt
import numtensor.nn.functional as F
from tests.conftest import torch

TF = torch.nn.functional
IDX = [1, 2, 4, 5, 4, 3, 2, 9]


def _table(dtype=np.float32, seed=0):
    return np.random.default_rng(seed).standard_normal((10, 4)).astype(dtype)


def _bag_pair(indices, offsets=None, psw=None, device="cpu", dtype=np.float32, **kw):
    """Run embedding_bag in both libraries; return (ours, theirs) outputs and grads."""
    w = _table(dtype)
    ours_w = nt.tensor(w, device=device, requires_grad=True)
    their_w = torch.tensor(w, requires_grad=True)
    ours_p = their_p = None
    if psw is not None:
        ours_p = nt.tensor(psw, device=device, requires_grad=True)
        their_p = torch.tensor(psw, requires_grad=True)
    idx = np.asarray(indices, dtype=np.int64)
    off = None if offsets is None else np.asarray(offsets, dtype=np.int64)
    ours = F.embedding_bag(
        nt.tensor(idx, device=device),
        ours_w,
        None if off is None else nt.tensor(off, device=device),
        per_sample_weights=ours_p,
        **kw,
    )
    theirs = TF.embedding_bag(
        torch.tensor(idx),
        their_w,
        None if off is None else torch.tensor(off),
        per_sample_weights=their_p,
        **kw,
    )
    g = np.random.default_rng(1).standard_normal(tuple(theirs.shape)).astype(dtype)
    ours.backward(nt.tensor(g, device=device))
    theirs.backward(torch.tensor(g))
    return (ours, ours_w, ours_p), (theirs, their_w, their_p)


def _close(ours, theirs, tol=1e-5):
    assert tuple(ours.shape) == tuple(theirs.shape)
    np.testing.assert_allclose(
        ours.detach().cpu().numpy(), theirs.detach().numpy(), rtol=tol, atol=tol
    )


@pytest.mark.parametrize("mode", ["sum", "mean", "max"])
@pytest.mark.parametrize(
    "case",
    [
        dict(indices=IDX, offsets=[0, 4, 4]),
        dict(indices=IDX, offsets=[0, 2, 4, 4], padding_idx=4),
        dict(indices=IDX, offsets=[0, 3, 3, 8], include_last_offset=True),
        dict(indices=np.array(IDX).reshape(2, 4)),
        dict(indices=np.array(IDX).reshape(4, 2), padding_idx=-6),
        dict(indices=np.zeros(0, np.int64), offsets=[0, 0]),
        dict(indices=[4, 4, 1], offsets=[0, 2], padding_idx=4),
        dict(indices=IDX, offsets=[0]),
    ],
)
def test_embedding_bag_matches_torch(mode, case):
    (ours, ow, _), (theirs, tw, _) = _bag_pair(mode=mode, **case)
    assert ours.dtype is nt.float32
    _close(ours, theirs)
    _close(ow.grad, tw.grad)
    assert ours.grad_fn.name() == "EmbeddingBagBackward0"


@pytest.mark.parametrize("padding_idx", [None, 2])
def test_embedding_bag_per_sample_weights(padding_idx):
    psw = np.random.default_rng(3).random(8).astype(np.float32)
    (ours, ow, op), (theirs, tw, tp) = _bag_pair(
        IDX, [0, 3, 3], psw=psw, mode="sum", padding_idx=padding_idx
    )
    _close(ours, theirs)
    _close(ow.grad, tw.grad)
    _close(op.grad, tp.grad)


@pytest.mark.parametrize("mode", ["sum", "mean"])
def test_embedding_bag_scale_grad_by_freq(mode):
    # PyTorch's CPU scaling (the i-th distinct index by the i-th sorted index's count)
    for indices, offsets in (([3, 3, 3, 1, 7, 7, 0, 2, 2, 2, 2], [0, 5]), (IDX, [0, 3])):
        (ours, ow, _), (theirs, tw, _) = _bag_pair(
            indices, offsets, mode=mode, scale_grad_by_freq=True
        )
        _close(ours, theirs)
        _close(ow.grad, tw.grad)


def test_embedding_bag_float64_int32_and_noncontiguous():
    w = _table(np.float64)
    idx = np.array([[1, 2, 3], [4, 5, 6]], dtype=np.int32)
    ours = F.embedding_bag(nt.tensor(idx).t(), nt.tensor(w), mode="max")
    theirs = TF.embedding_bag(torch.tensor(idx).t(), torch.tensor(w), mode="max")
    assert ours.dtype is nt.float64
    _close(ours, theirs, 1e-12)


def test_embedding_bag_half():
    w = _table()
    ours = F.embedding_bag(nt.tensor(IDX), nt.tensor(w).half(), nt.tensor([0, 4]))
    theirs = TF.embedding_bag(torch.tensor(IDX), torch.tensor(w).half(), torch.tensor([0, 4]))
    assert ours.dtype is nt.float16
    _close(ours.float(), theirs.float(), 2e-3)


def test_embedding_bag_max_norm_renormalises_weight():
    w = _table() * 3
    ours_w, their_w = nt.tensor(w), torch.tensor(w)
    ours = F.embedding_bag(nt.tensor(IDX), ours_w, nt.tensor([0, 4]), max_norm=1.0)
    theirs = TF.embedding_bag(torch.tensor(IDX), their_w, torch.tensor([0, 4]), max_norm=1.0)
    _close(ours, theirs)
    _close(ours_w, their_w)


@pytest.mark.parametrize("mode", ["sum", "mean", "max"])
def test_embedding_bag_gradcheck(mode):
    w = nt.tensor(_table(np.float64)[:5], requires_grad=True)
    idx, off = nt.tensor([0, 2, 2, 4, 1]), nt.tensor([0, 2, 2])
    assert nt.autograd.gradcheck(lambda w: F.embedding_bag(idx, w, off, mode=mode), (w,))
    if mode == "sum":
        psw = nt.tensor(np.linspace(0.5, 1.5, 5), requires_grad=True)
        assert nt.autograd.gradcheck(
            lambda w, p: F.embedding_bag(idx, w, off, mode="sum", per_sample_weights=p), (w, psw)
        )


def _same_error(ours, theirs):
    with pytest.raises(Exception) as want:
        theirs()
    with pytest.raises(want.type):
        ours()


@pytest.mark.parametrize(
    "kw",
    [
        dict(offsets=[1, 4]),
        dict(offsets=[0, 12]),
        dict(offsets=[0, 4], mode="min"),
        dict(offsets=[0, 4], padding_idx=10),
        dict(offsets=[0, 4], padding_idx=-11),
        dict(offsets=[0, 4], mode="max", scale_grad_by_freq=True),
        dict(offsets=None),
        dict(offsets=[[0, 4]]),
        dict(offsets=[0, 4], mode="mean", per_sample_weights=np.ones(8, np.float32)),
        dict(offsets=[0, 4], mode="sum", per_sample_weights=np.ones(7, np.float32)),
        dict(offsets=[0, 4], mode="sum", per_sample_weights=np.ones(8, np.float64)),
    ],
)
def test_embedding_bag_errors(kw):
    kw = dict(kw)
    off = kw.pop("offsets")
    psw = kw.pop("per_sample_weights", None)
    w = _table()

    def call(lib, f):
        return f(
            lib.tensor(IDX),
            lib.tensor(w),
            None if off is None else lib.tensor(off),
            per_sample_weights=None if psw is None else lib.tensor(psw),
            **kw,
        )

    _same_error(lambda: call(nt, F.embedding_bag), lambda: call(torch, TF.embedding_bag))


def test_embedding_bag_input_errors():
    w = _table()
    cases = [
        (lambda lib: lib.tensor([1, 10]), lambda lib: lib.tensor([0])),
        (lambda lib: lib.tensor([1, -1]), lambda lib: lib.tensor([0])),
        (lambda lib: lib.tensor([1.0, 2.0]), lambda lib: lib.tensor([0])),
        (lambda lib: lib.tensor([[[1]]]), lambda lib: None),
        (lambda lib: lib.tensor([[1, 2]]), lambda lib: lib.tensor([0])),
    ]
    for make_idx, make_off in cases:
        _same_error(
            lambda i=make_idx, o=make_off: F.embedding_bag(i(nt), nt.tensor(w), o(nt)),
            lambda make_idx=make_idx, make_off=make_off: TF.embedding_bag(
                make_idx(torch), torch.tensor(w), make_off(torch)
            ),
        )
    _same_error(
        lambda: F.embedding_bag(nt.tensor([1]), nt.tensor(w[0]), nt.tensor([0])),
        lambda: TF.embedding_bag(torch.tensor([1]), torch.tensor(w[0]), torch.tensor([0])),
    )
    _same_error(
        lambda: F.embedding_bag(nt.tensor([1]), nt.ones(3, 2, dtype=nt.int64).t(), nt.tensor([0])),
        lambda: TF.embedding_bag(torch.tensor([1]), torch.ones(3, 2).long().t(), torch.tensor([0])),
    )


def test_embedding_bag_module():
    bag = nt.nn.EmbeddingBag(10, 3)
    assert repr(bag) == "EmbeddingBag(10, 3, mode='mean')"
    assert list(bag.state_dict()) == ["weight"] and bag.weight.shape == (10, 3)
    full = nt.nn.EmbeddingBag(
        10,
        3,
        max_norm=1.0,
        norm_type=1.0,
        scale_grad_by_freq=True,
        mode="sum",
        include_last_offset=True,
        padding_idx=2,
    )
    theirs = torch.nn.EmbeddingBag(
        10,
        3,
        max_norm=1.0,
        norm_type=1.0,
        scale_grad_by_freq=True,
        mode="sum",
        include_last_offset=True,
        padding_idx=2,
    )
    assert repr(full) == repr(theirs)
    assert float(full.weight[2].abs().sum()) == 0.0
    assert nt.nn.EmbeddingBag(4, 2, padding_idx=-1).padding_idx == 3
    with pytest.raises(AssertionError):
        nt.nn.EmbeddingBag(4, 2, padding_idx=4)
    with pytest.raises(AssertionError):
        nt.nn.EmbeddingBag(4, 2, _weight=nt.zeros(3, 2))
    w = _table()
    ours = nt.nn.EmbeddingBag.from_pretrained(nt.tensor(w), mode="max")
    ref = torch.nn.EmbeddingBag.from_pretrained(torch.tensor(w), mode="max")
    assert repr(ours) == repr(ref) and not ours.weight.requires_grad
    assert nt.nn.EmbeddingBag.from_pretrained(nt.tensor(w), freeze=False).weight.requires_grad
    x = np.array([[1, 2, 3], [4, 4, 9]])
    _close(ours(nt.tensor(x)), ref(torch.tensor(x)))
    with pytest.raises(AssertionError):
        nt.nn.EmbeddingBag.from_pretrained(nt.zeros(3))


def test_embedding_bag_device(device):
    (ours, ow, _), (theirs, tw, _) = _bag_pair([1, 2, 4, 4], [0, 1], device=device, mode="max")
    assert ours.device.type == device
    _close(ours, theirs)
    _close(ow.grad, tw.grad)


# ---- CTC -------------------------------------------------------------------------------------


def _ctc_pair(shape, targets, il, tl, dtype=np.float32, device="cpu", seed=0, **kw):
    """ctc_loss on log_softmax(x) in both libraries; grads of x and of a leaf log_probs."""
    x = np.random.default_rng(seed).standard_normal(shape).astype(dtype)
    ours_x = nt.tensor(x, device=device, requires_grad=True)
    their_x = torch.tensor(x, requires_grad=True)
    dim = len(shape) - 1
    ours_t = nt.tensor(np.asarray(targets), device=device)
    their_t = torch.tensor(np.asarray(targets))
    ours = F.ctc_loss(ours_x.log_softmax(dim), ours_t, il, tl, **kw)
    theirs = TF.ctc_loss(their_x.log_softmax(dim), their_t, il, tl, **kw)
    ours.sum().backward()
    theirs.sum().backward()
    # a leaf log_probs: PyTorch's gradient formula (it presumes log_softmax inputs)
    lp = their_x.detach().log_softmax(dim).numpy()
    ours_lp = nt.tensor(lp, device=device, requires_grad=True)
    their_lp = torch.tensor(lp, requires_grad=True)
    F.ctc_loss(ours_lp, ours_t, il, tl, **kw).sum().backward()
    TF.ctc_loss(their_lp, their_t, il, tl, **kw).sum().backward()
    return (ours, ours_x.grad, ours_lp.grad), (theirs, their_x.grad, their_lp.grad)


PADDED = [[1, 2, 3], [2, 2, 1], [1, 1, 1]]


@pytest.mark.parametrize("reduction", ["none", "mean", "sum"])
@pytest.mark.parametrize("zero_infinity", [False, True])
def test_ctc_loss_matches_torch(reduction, zero_infinity):
    # the third sample's repeated labels need 6 steps: impossible in 4 (inf)
    ours, theirs = _ctc_pair(
        (6, 3, 4), PADDED, (6, 5, 4), (3, 2, 3), reduction=reduction, zero_infinity=zero_infinity
    )
    for a, b in zip(ours, theirs):
        _close(a, b, 1e-4)
    expected = "CtcLossBackward0" if reduction == "none" and not zero_infinity else None
    if expected:
        assert ours[0].grad_fn.name() == expected


@pytest.mark.parametrize(
    "targets, il, tl, kw",
    [
        ([1, 2, 3, 2, 2], [6, 5], [3, 2], {}),  # concatenated
        ([[1, 2, 3], [2, 2, 1]], [6, 5], [0, 2], {}),  # an empty target
        ([[0, 1, 2], [1, 2, 0]], [6, 6], [3, 2], dict(blank=3)),
        ([[1, 2, 3], [2, 2, 1]], nt.tensor([6, 5], dtype=nt.int32), nt.tensor([3, 2]), {}),
    ],
)
def test_ctc_loss_layouts(targets, il, tl, kw):
    if isinstance(il, nt.Tensor):  # the same lengths as torch tensors for the reference
        ours, theirs = None, None
        x = np.random.default_rng(0).standard_normal((6, 2, 4)).astype(np.float32)
        lp = nt.tensor(x).log_softmax(2)
        ours = F.ctc_loss(lp, nt.tensor(targets), il, tl, reduction="none")
        theirs = TF.ctc_loss(
            torch.tensor(x).log_softmax(2),
            torch.tensor(targets),
            torch.tensor([6, 5], dtype=torch.int32),
            torch.tensor([3, 2]),
            reduction="none",
        )
        _close(ours, theirs)
        return
    ours, theirs = _ctc_pair((6, 2, 4), targets, il, tl, reduction="none", **kw)
    for a, b in zip(ours, theirs):
        _close(a, b, 1e-4)


def test_ctc_loss_unbatched_and_float64():
    ours, theirs = _ctc_pair((7, 5), [1, 3, 3], (7,), (3,), dtype=np.float64, reduction="none")
    assert ours[0].shape == () and ours[0].dtype is nt.float64
    for a, b in zip(ours, theirs):
        _close(a, b, 1e-10)


def test_ctc_loss_longer_sequences():
    rng = np.random.default_rng(5)
    targets = rng.integers(1, 6, (4, 10))
    ours, theirs = _ctc_pair((30, 4, 6), targets, (30, 25, 20, 12), (10, 7, 5, 0), dtype=np.float64)
    for a, b in zip(ours, theirs):
        _close(a, b, 1e-9)


def test_ctc_loss_gradcheck():
    rng = np.random.default_rng(2)
    x = nt.tensor(rng.standard_normal((5, 2, 4)), requires_grad=True)
    targets = nt.tensor([[1, 1], [2, 3]])

    def loss(x):
        return F.ctc_loss(x.log_softmax(2), targets, (5, 4), (2, 1), reduction="sum")

    assert nt.autograd.gradcheck(loss, (x,))


def test_ctc_loss_module():
    assert repr(nt.nn.CTCLoss()) == "CTCLoss()"
    m = nt.nn.CTCLoss(blank=1, reduction="sum", zero_infinity=True)
    assert (m.blank, m.reduction, m.zero_infinity) == (1, "sum", True)
    x = np.random.default_rng(0).standard_normal((6, 2, 4)).astype(np.float32)
    ours = m(nt.tensor(x).log_softmax(2), nt.tensor([[2, 3], [3, 3]]), (6, 6), (2, 2))
    theirs = torch.nn.CTCLoss(blank=1, reduction="sum", zero_infinity=True)(
        torch.tensor(x).log_softmax(2), torch.tensor([[2, 3], [3, 3]]), (6, 6), (2, 2)
    )
    _close(ours, theirs)


@pytest.mark.parametrize(
    "shape, targets, il, tl, kw",
    [
        ((6, 2, 4), [[1, 2, 3], [1, 2, 3]], (7, 5), (3, 2), {}),
        ((6, 2, 4), [[1, 2, 3], [1, 2, 3]], (6, 5), (4, 2), {}),
        ((6, 2, 4), [[1, 2, 3], [1, 2, 3]], (6,), (3, 2), {}),
        ((6, 2, 4), [[1, 2, 3], [1, 2, 3]], (6, 5), (3,), {}),
        ((6, 2, 4), [[1, 2, 3], [1, 2, 3]], (6, 5), (3, 2), dict(blank=4)),
        ((6, 2, 4), [[1, 2, 3], [1, 2, 3]], (6, 5), (3, 2), dict(blank=-1)),
        ((6, 2, 4), [[1, 2, 3], [1, 2, 3]], (6, 5), (3, 2), dict(reduction="avg")),
        ((6, 2, 4), [[1, 2, 3], [1, 2, 3]], (-1, 5), (3, 2), {}),
        ((6, 2, 4), [[1, 2, 3], [1, 2, 3]], (6, 5), (-1, 2), {}),
        ((6, 2, 4), [1, 2, 3], (6, 5), (3, 2), {}),
        ((6, 0, 4), np.zeros((0, 3), np.int64), (), (), {}),
    ],
)
def test_ctc_loss_errors(shape, targets, il, tl, kw):
    x = np.random.default_rng(0).standard_normal(shape).astype(np.float32)
    t = np.asarray(targets)
    _same_error(
        lambda: F.ctc_loss(nt.tensor(x), nt.tensor(t), il, tl, **kw),
        lambda: TF.ctc_loss(torch.tensor(x), torch.tensor(t), il, tl, **kw),
    )


def test_ctc_loss_dtype_errors():
    x = np.zeros((6, 2, 4), np.float32)
    t = np.array([[1, 2], [1, 2]])
    for dtype in ("int64", "float16"):
        _same_error(
            lambda dtype=dtype: F.ctc_loss(
                nt.tensor(x).to(getattr(nt, dtype)), nt.tensor(t), (6, 6), (2, 2)
            ),
            lambda dtype=dtype: TF.ctc_loss(
                torch.tensor(x).to(getattr(torch, dtype)), torch.tensor(t), (6, 6), (2, 2)
            ),
        )
    _same_error(
        lambda: F.ctc_loss(nt.tensor(x), nt.tensor(t), nt.tensor([6.0, 6.0]), nt.tensor([2, 2])),
        lambda: TF.ctc_loss(
            torch.tensor(x), torch.tensor(t), torch.tensor([6.0, 6.0]), torch.tensor([2, 2])
        ),
    )


def test_ctc_loss_device(device):
    x = np.random.default_rng(0).standard_normal((3, 1, 3)).astype(np.float32)
    ours_x = nt.tensor(x, device=device, requires_grad=True)
    their_x = torch.tensor(x, requires_grad=True)
    ours = F.ctc_loss(ours_x.log_softmax(2), nt.tensor([[1, 2]], device=device), (3,), (2,))
    theirs = TF.ctc_loss(their_x.log_softmax(2), torch.tensor([[1, 2]]), (3,), (2,))
    ours.backward()
    theirs.backward()
    assert ours.device.type == device
    _close(ours, theirs)
    _close(ours_x.grad, their_x.grad, 1e-4)
