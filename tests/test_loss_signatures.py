"""The loss modules and functions take PyTorch's exact signatures, the deprecated
``size_average`` / ``reduce`` flags included (mapped to a reduction with PyTorch's warning),
and the ``weight=`` of ``mse_loss``, ``l1_loss`` and ``huber_loss``."""

from __future__ import annotations

import inspect
import warnings

import numpy as np
import pytest

import numtensor as nt
from numtensor.nn.modules.loss import _Loss
from tests.conftest import torch

pytestmark = pytest.mark.filterwarnings(
    "ignore:size_average and reduce args will be deprecated", "ignore:reduction"
)

LOSS_CLASSES = sorted(
    n
    for n in dir(nt.nn)
    if isinstance(getattr(nt.nn, n), type) and issubclass(getattr(nt.nn, n), _Loss)
)
LOSS_FUNCTIONS = sorted(
    n
    for n in nt.nn.functional.__all__
    if n.endswith("_loss")
    or n in ("cross_entropy", "binary_cross_entropy", "binary_cross_entropy_with_logits", "kl_div")
)
LEGACY_FLAGS = [
    (None, False),
    (False, None),
    (True, None),
    (False, True),
    (True, False),
    (False, False),
    (True, True),
    (None, True),
]


def _params(f):
    return [(p.name, p.kind, p.default) for p in inspect.signature(f).parameters.values()]


def test_every_loss_is_covered():
    assert len(LOSS_CLASSES) >= 20 and len(LOSS_FUNCTIONS) >= 20
    assert "MSELoss" in LOSS_CLASSES and "mse_loss" in LOSS_FUNCTIONS


@pytest.mark.parametrize("name", LOSS_CLASSES)
def test_module_signature_matches_torch(name):
    ours, theirs = getattr(nt.nn, name).__init__, getattr(torch.nn, name).__init__
    assert _params(ours) == _params(theirs)


@pytest.mark.parametrize("name", LOSS_FUNCTIONS)
def test_function_signature_matches_torch(name):
    ours, theirs = getattr(nt.nn.functional, name), getattr(torch.nn.functional, name)
    assert _params(ours) == _params(theirs)


@pytest.mark.parametrize("name", LOSS_CLASSES)
def test_module_repr_matches_torch(name):
    assert repr(getattr(nt.nn, name)()) == repr(getattr(torch.nn, name)())


def _warned(fn):
    """``fn()``'s result and the messages of the deprecation warnings it gave."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        result = fn()
    msgs = [str(w.message) for w in caught if "size_average" in str(w.message)]
    assert all(w.category is UserWarning for w in caught if "size_average" in str(w.message))
    return result, msgs


LEGACY_CLASSES = [
    n for n in LOSS_CLASSES if "reduce" in inspect.signature(getattr(nt.nn, n)).parameters
]


@pytest.mark.parametrize("name", LEGACY_CLASSES)
@pytest.mark.parametrize("size_average,reduce", LEGACY_FLAGS)
def test_module_legacy_flags_set_torch_reduction(name, size_average, reduce):
    ours, ours_msgs = _warned(
        lambda: getattr(nt.nn, name)(size_average=size_average, reduce=reduce)
    )
    theirs, their_msgs = _warned(
        lambda: getattr(torch.nn, name)(size_average=size_average, reduce=reduce)
    )
    assert ours.reduction == theirs.reduction
    assert ours_msgs == their_msgs and len(ours_msgs) == 1
    assert repr(ours) == repr(theirs)


def test_legacy_classes_are_the_torch_ones():
    expected = {
        n for n in LOSS_CLASSES if "reduce" in inspect.signature(getattr(torch.nn, n)).parameters
    }
    assert set(LEGACY_CLASSES) == expected
    assert {"MSELoss", "NLLLoss", "CrossEntropyLoss", "KLDivLoss", "PoissonNLLLoss"} <= expected


def test_no_flags_no_warning_and_reduction_kept():
    _, msgs = _warned(lambda: nt.nn.MSELoss(reduction="sum"))
    assert msgs == []
    assert nt.nn.MSELoss(None, None, "sum").reduction == "sum"
    # the flags win over reduction, as in PyTorch
    assert (
        nt.nn.L1Loss(False, None, "none").reduction
        == torch.nn.L1Loss(False, None, "none").reduction
    )


def test_invalid_reduction_raises_on_call_not_on_construction():
    m, t = nt.nn.MSELoss(reduction="foo"), torch.nn.MSELoss(reduction="foo")
    assert m.reduction == t.reduction == "foo"
    x = np.ones(3, np.float32)
    with pytest.raises(ValueError):
        t(torch.tensor(x), torch.tensor(x))
    with pytest.raises(ValueError, match="foo is not a valid value for reduction"):
        m(nt.tensor(x), nt.tensor(x))


# ---- values with the legacy flags --------------------------------------------------------------

_RNG = np.random.default_rng(0)
X = _RNG.standard_normal((3, 4)).astype(np.float32)
Y = _RNG.standard_normal((3, 4)).astype(np.float32)
Z = _RNG.standard_normal((3, 4)).astype(np.float32)
SIGN = np.where(_RNG.standard_normal((3, 4)) > 0, 1.0, -1.0).astype(np.float32)
BITS = (_RNG.random((3, 4)) > 0.5).astype(np.float32)
CLASSES = np.array([0, 2, 3])
ML_TARGET = np.array([[3, 0, -1, 1], [1, -1, 0, 0], [0, 1, 2, 3]])


def _inputs(m, name):
    """The arguments of loss ``name`` in module ``m`` (numtensor or torch), from the same data."""
    t = m.tensor
    F = m.nn.functional
    table = {
        "mse_loss": lambda: (t(X), t(Y)),
        "l1_loss": lambda: (t(X), t(Y)),
        "smooth_l1_loss": lambda: (t(X), t(Y)),
        "soft_margin_loss": lambda: (t(X), t(SIGN)),
        "nll_loss": lambda: (F.log_softmax(t(X), 1), t(CLASSES)),
        "cross_entropy": lambda: (t(X), t(CLASSES)),
        "binary_cross_entropy": lambda: (t(X).sigmoid(), t(BITS)),
        "binary_cross_entropy_with_logits": lambda: (t(X), t(BITS)),
        "kl_div": lambda: (F.log_softmax(t(X), 1), F.softmax(t(Y), 1)),
        "poisson_nll_loss": lambda: (t(X), t(Y).abs()),
        "cosine_embedding_loss": lambda: (t(X), t(Y), t(SIGN[:, 0])),
        "margin_ranking_loss": lambda: (t(X[0]), t(Y[0]), t(SIGN[0])),
        "hinge_embedding_loss": lambda: (t(X), t(SIGN)),
        "multilabel_soft_margin_loss": lambda: (t(X), t(BITS)),
        "multi_margin_loss": lambda: (t(X), t(CLASSES)),
        "multilabel_margin_loss": lambda: (t(X), t(ML_TARGET)),
        "triplet_margin_loss": lambda: (t(X), t(Y), t(Z)),
    }
    return table[name]()


LEGACY_FUNCTIONS = [
    n
    for n in LOSS_FUNCTIONS
    if "reduce" in inspect.signature(getattr(nt.nn.functional, n)).parameters
]
_MODULE_OF = {
    "mse_loss": "MSELoss",
    "l1_loss": "L1Loss",
    "smooth_l1_loss": "SmoothL1Loss",
    "soft_margin_loss": "SoftMarginLoss",
    "nll_loss": "NLLLoss",
    "cross_entropy": "CrossEntropyLoss",
    "binary_cross_entropy": "BCELoss",
    "binary_cross_entropy_with_logits": "BCEWithLogitsLoss",
    "kl_div": "KLDivLoss",
    "poisson_nll_loss": "PoissonNLLLoss",
    "cosine_embedding_loss": "CosineEmbeddingLoss",
    "margin_ranking_loss": "MarginRankingLoss",
    "hinge_embedding_loss": "HingeEmbeddingLoss",
    "multilabel_soft_margin_loss": "MultiLabelSoftMarginLoss",
    "multi_margin_loss": "MultiMarginLoss",
    "multilabel_margin_loss": "MultiLabelMarginLoss",
    "triplet_margin_loss": "TripletMarginLoss",
}


def test_legacy_function_list_is_complete():
    assert set(LEGACY_FUNCTIONS) == set(_MODULE_OF)


def _same(a, b):
    a, b = a.detach().numpy(), b.detach().numpy()
    assert a.shape == b.shape
    np.testing.assert_allclose(a, b, rtol=1e-5, atol=1e-6)


@pytest.mark.parametrize("name", sorted(_MODULE_OF))
@pytest.mark.parametrize("size_average,reduce", [(None, False), (False, None), (True, True)])
def test_function_legacy_flags_match_torch(name, size_average, reduce):
    kw = {"size_average": size_average, "reduce": reduce}
    ours, ours_msgs = _warned(lambda: getattr(nt.nn.functional, name)(*_inputs(nt, name), **kw))
    theirs, their_msgs = _warned(
        lambda: getattr(torch.nn.functional, name)(*_inputs(torch, name), **kw)
    )
    _same(ours, theirs)
    assert ours_msgs == their_msgs and len(ours_msgs) == 1


@pytest.mark.parametrize("name", sorted(_MODULE_OF))
def test_module_legacy_flags_values_match_torch(name):
    cls = _MODULE_OF[name]
    ours = getattr(nt.nn, cls)(size_average=False)(*_inputs(nt, name))
    theirs = getattr(torch.nn, cls)(size_average=False)(*_inputs(torch, name))
    _same(ours, theirs)
    ours = getattr(nt.nn, cls)(reduce=False)(*_inputs(nt, name))
    theirs = getattr(torch.nn, cls)(reduce=False)(*_inputs(torch, name))
    _same(ours, theirs)


def test_positional_construction_matches_torch():
    w = np.array([1.0, 2.0, 0.5, 1.5], np.float32)
    for m in (nt, torch):
        m.loss_pairs = [
            (m.nn.MSELoss(None, None, "sum"), (m.tensor(X), m.tensor(Y))),
            (m.nn.L1Loss(None, None, "none"), (m.tensor(X), m.tensor(Y))),
            (m.nn.SmoothL1Loss(None, None, "sum", 0.5), (m.tensor(X), m.tensor(Y))),
            (
                m.nn.NLLLoss(m.tensor(w), None, 2, None, "mean"),
                (m.nn.functional.log_softmax(m.tensor(X), 1), m.tensor(CLASSES)),
            ),
            (
                m.nn.CrossEntropyLoss(m.tensor(w), None, 3, None, "sum", 0.1),
                (m.tensor(X), m.tensor(CLASSES)),
            ),
            (
                m.nn.BCELoss(m.tensor(w), None, None, "none"),
                (m.tensor(X).sigmoid(), m.tensor(BITS)),
            ),
            (
                m.nn.BCEWithLogitsLoss(None, None, None, "sum", m.tensor(w)),
                (m.tensor(X), m.tensor(BITS)),
            ),
            (
                m.nn.PoissonNLLLoss(False, True, None, 1e-6, None, "sum"),
                (m.tensor(X).abs(), m.tensor(Y).abs()),
            ),
            (
                m.nn.MultiMarginLoss(2, 0.5, m.tensor(w), None, None, "none"),
                (m.tensor(X), m.tensor(CLASSES)),
            ),
            (
                m.nn.TripletMarginLoss(0.5, 1.0, 1e-6, True, None, None, "sum"),
                (m.tensor(X), m.tensor(Y), m.tensor(Z)),
            ),
        ]
    try:
        for (ours, a), (theirs, b) in zip(nt.loss_pairs, torch.loss_pairs):
            assert repr(ours) == repr(theirs)
            _same(ours(*a), theirs(*b))
    finally:
        del nt.loss_pairs, torch.loss_pairs


def test_positional_functional_calls_match_torch():
    w = np.array([1.0, 2.0, 0.5, 1.5], np.float32)
    for m in (nt, torch):
        F, t = m.nn.functional, m.tensor
        logp = F.log_softmax(t(X), 1)
        m.loss_results = [
            F.nll_loss(logp, t(CLASSES), t(w), None, 2, None, "sum"),
            F.cross_entropy(t(X), t(CLASSES), t(w), None, 0, None, "none", 0.2),
            F.binary_cross_entropy(t(X).sigmoid(), t(BITS), None, None, None, "sum"),
            F.binary_cross_entropy_with_logits(t(X), t(BITS), None, None, None, "none", t(w)),
            F.mse_loss(t(X), t(Y), None, None, "sum"),
            F.smooth_l1_loss(t(X), t(Y), None, None, "none", 0.3),
            F.huber_loss(t(X), t(Y), "sum", 0.3),
        ]
    try:
        for ours, theirs in zip(nt.loss_results, torch.loss_results):
            _same(ours, theirs)
    finally:
        del nt.loss_results, torch.loss_results


# ---- weight= of mse_loss, l1_loss, huber_loss ----------------------------------------------------


@pytest.mark.parametrize("name", ["mse_loss", "l1_loss", "huber_loss"])
@pytest.mark.parametrize("reduction", ["mean", "sum", "none"])
def test_weighted_losses_match_torch(name, reduction):
    w = np.abs(Z) + 0.1
    results = []
    for m in (nt, torch):
        x = m.tensor(X.astype(np.float64), requires_grad=True)
        out = getattr(m.nn.functional, name)(
            x,
            m.tensor(Y.astype(np.float64)),
            reduction=reduction,
            weight=m.tensor(w.astype(np.float64)),
        )
        out.sum().backward()
        results.append((out, x.grad))
    _same(results[0][0], results[1][0])
    _same(results[0][1], results[1][1])


@pytest.mark.parametrize("name", ["mse_loss", "l1_loss", "huber_loss"])
def test_weighted_loss_gradcheck(name):
    x = nt.tensor(X.astype(np.float64) * 3, requires_grad=True)
    y = nt.tensor(Y.astype(np.float64))
    w = nt.tensor(np.abs(Z).astype(np.float64) + 0.1, requires_grad=True)
    f = getattr(nt.nn.functional, name)
    assert nt.autograd.gradcheck(lambda a, b: f(a, y, weight=b), (x, w))


@pytest.mark.parametrize("name", ["mse_loss", "l1_loss", "huber_loss"])
def test_weight_of_another_shape_raises_value_error(name):
    for m in (nt, torch):
        with pytest.raises(ValueError, match=r"Weights and input must have the same size\."):
            getattr(m.nn.functional, name)(m.tensor(X), m.tensor(Y), weight=m.ones(4))


@pytest.mark.parametrize("name", ["mse_loss", "l1_loss"])
def test_weighted_bad_reduction_raises_value_error(name):
    for m in (nt, torch):
        with pytest.raises(ValueError, match="Invalid reduction mode: foo"):
            getattr(m.nn.functional, name)(
                m.tensor(X), m.tensor(Y), reduction="foo", weight=m.ones(3, 4)
            )


def test_weighted_loss_on_empty_input():
    for name in ("mse_loss", "l1_loss", "huber_loss"):
        out = [
            getattr(m.nn.functional, name)(
                m.zeros(0, 2), m.zeros(0, 2), reduction="sum", weight=m.zeros(0, 2)
            )
            for m in (nt, torch)
        ]
        _same(*out)


def test_weighted_loss_on_device(device):
    x, y, w = (nt.tensor(a, device=device) for a in (X, Y, np.abs(Z)))
    out = nt.nn.functional.mse_loss(x, y, weight=w)
    ref = torch.nn.functional.mse_loss(
        torch.tensor(X), torch.tensor(Y), weight=torch.tensor(np.abs(Z))
    )
    np.testing.assert_allclose(out.cpu().numpy(), ref.numpy(), rtol=1e-5)


# ---- kl_div: batchmean with the flags, and the 'mean' warning -----------------------------------


@pytest.mark.parametrize("size_average,reduce", [(None, None), (None, False), (False, None)])
def test_kl_div_batchmean_with_flags_matches_torch(size_average, reduce):
    out = []
    for m in (nt, torch):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            out.append(
                m.nn.functional.kl_div(
                    *_inputs(m, "kl_div"), size_average, reduce, reduction="batchmean"
                )
            )
    _same(*out)


def test_kl_div_mean_warns_as_torch():
    msgs = []
    for m in (nt, torch):
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            m.nn.functional.kl_div(*_inputs(m, "kl_div"))
        msgs.append([str(w.message) for w in caught if "batchmean" in str(w.message)])
    assert msgs[0] == msgs[1] and len(msgs[0]) == 1


def test_triplet_margin_with_distance_loss_default_distance_is_a_module():
    ours, theirs = nt.nn.TripletMarginWithDistanceLoss(), torch.nn.TripletMarginWithDistanceLoss()
    assert isinstance(ours.distance_function, nt.nn.PairwiseDistance)
    assert repr(ours) == repr(theirs)
    a = [nt.tensor(v) for v in (X, Y, Z)]
    b = [torch.tensor(v) for v in (X, Y, Z)]
    _same(ours(*a), theirs(*b))
