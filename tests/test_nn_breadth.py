"""The rest of nn's activations, losses and distances (issue 15), functional and modules,
against torch, with gradient checks."""

import numpy as np
import pytest

import numtensor as nt
from tests.conftest import check


def x(m):
    return m.tensor([[-4.0, -3.0, -1.0, -0.25, 0.0], [0.3, 1.0, 3.0, 6.5, 8.0]])


def r(m, *shape, seed=0):
    return m.tensor(np.random.default_rng(seed).standard_normal(shape).astype(np.float32))


ACT = {
    "relu6": lambda m, t: m.nn.functional.relu6(t),
    "hardtanh": lambda m, t: m.nn.functional.hardtanh(t, -2.0, 2.5),
    "hardsigmoid": lambda m, t: m.nn.functional.hardsigmoid(t),
    "hardswish": lambda m, t: m.nn.functional.hardswish(t),
    "selu": lambda m, t: m.nn.functional.selu(t),
    "celu": lambda m, t: m.nn.functional.celu(t, 0.7),
    "mish": lambda m, t: m.nn.functional.mish(t),
    "logsigmoid": lambda m, t: m.nn.functional.logsigmoid(t * 30),
    "softsign": lambda m, t: m.nn.functional.softsign(t),
    "tanhshrink": lambda m, t: m.nn.functional.tanhshrink(t),
    "softmin": lambda m, t: m.nn.functional.softmin(t, 1),
    "glu": lambda m, t: m.nn.functional.glu(m.cat([t, t.flip(1)], 1)),
    "prelu": lambda m, t: m.nn.functional.prelu(t, m.tensor([0.2], dtype=t.dtype)),
    "rrelu eval": lambda m, t: m.nn.functional.rrelu(t),
    "threshold": lambda m, t: m.nn.functional.threshold(t, 0.5, -9.0),
    "softshrink": lambda m, t: m.nn.functional.softshrink(t, 1.0),
    "hardshrink": lambda m, t: m.nn.functional.hardshrink(t, 1.0),
}
MODULES = {
    "ReLU6": lambda m: m.nn.ReLU6(), "Hardtanh": lambda m: m.nn.Hardtanh(-0.5, 2.0),
    "Hardsigmoid": lambda m: m.nn.Hardsigmoid(), "Hardswish": lambda m: m.nn.Hardswish(),
    "SELU": lambda m: m.nn.SELU(), "CELU": lambda m: m.nn.CELU(2.0), "Mish": lambda m: m.nn.Mish(),
    "LogSigmoid": lambda m: m.nn.LogSigmoid(), "Softsign": lambda m: m.nn.Softsign(),
    "Tanhshrink": lambda m: m.nn.Tanhshrink(), "Softmin": lambda m: m.nn.Softmin(1),
    "GLU": lambda m: m.nn.GLU(0), "PReLU": lambda m: m.nn.PReLU(),
    "RReLU": lambda m: m.nn.RReLU().eval(), "Threshold": lambda m: m.nn.Threshold(0.1, 20.0),
    "Softshrink": lambda m: m.nn.Softshrink(), "Hardshrink": lambda m: m.nn.Hardshrink(0.3),
}  # fmt: skip


@pytest.mark.parametrize("name", sorted(ACT))
def test_activation(name):
    # (reprs aside: PyTorch's own kernels disagree on the sign of zero between dtypes)
    check(lambda m: ACT[name](m, x(m)), exact=False)
    check(lambda m: ACT[name](m, x(m).double()), exact=False, check_repr=False)


@pytest.mark.parametrize("name", sorted(MODULES))
def test_activation_module(name):
    check(lambda m: (MODULES[name](m)(x(m)), repr(MODULES[name](m))), exact=False)


def test_prelu_per_channel_softmax2d_and_in_place_forms():
    check(lambda m: m.nn.functional.prelu(r(m, 2, 3, 4), m.tensor([0.1, 0.2, 0.3])), exact=False)
    check(lambda m: m.nn.PReLU(3)(r(m, 2, 3)), exact=False)
    check(lambda m: m.nn.functional.prelu(r(m, 2, 3), m.tensor([0.1, 0.2])))
    check(lambda m: m.nn.Softmax2d()(r(m, 2, 3, 4)), exact=False)
    check(lambda m: m.nn.functional.glu(r(m, 3)))
    F = "nn.functional."
    for name, args in (("relu_", ()), ("elu_", ()), ("leaky_relu_", (0.2,)), ("hardtanh_", ()),
                       ("selu_", ()), ("celu_", ()), ("threshold_", (0.0, 5.0))):  # fmt: skip
        check(
            lambda m, name=name, args=args: (lambda t: (eval("m." + F + name)(t, *args), t))(
                x(m).clone()
            ),
            exact=False,
        )


LOSSES = {
    "kl_div": lambda m, a, b: [
        m.nn.functional.kl_div(a.log_softmax(1), b.softmax(1), reduction=rd)
        for rd in ("mean", "sum", "none", "batchmean")
    ],
    "kl_div log_target": lambda m, a, b: m.nn.functional.kl_div(
        a.log_softmax(1), b.log_softmax(1), reduction="batchmean", log_target=True
    ),
    "poisson_nll": lambda m, a, b: (
        [
            m.nn.functional.poisson_nll_loss(a, b.abs() * 3, full=f, log_input=li)
            for f in (False, True)
            for li in (True, False)
        ]
        if True
        else None
    ),
    "gaussian_nll": lambda m, a, b: (
        m.nn.functional.gaussian_nll_loss(a, b, a.abs() + 0.1),
        m.nn.functional.gaussian_nll_loss(a, b, (a.abs() + 0.1)[:, :1], full=True, reduction="sum"),
        m.nn.functional.gaussian_nll_loss(a, b, (a.abs() + 0.1)[:, 0], reduction="none"),
    ),
    "cosine_embedding": lambda m, a, b: [
        m.nn.functional.cosine_embedding_loss(a, b, m.tensor([1, -1, 1]), margin=mg, reduction=rd)
        for mg in (0.0, 0.3)
        for rd in ("mean", "none")
    ],
    "margin_ranking": lambda m, a, b: m.nn.functional.margin_ranking_loss(
        a[:, 0], b[:, 0], m.tensor([1.0, -1.0, 1.0]), margin=0.2
    ),
    "hinge_embedding": lambda m, a, b: m.nn.functional.hinge_embedding_loss(
        a, m.tensor([[1.0, -1.0, 1.0, -1.0, 1.0]] * 3), margin=0.5, reduction="sum"
    ),
    "soft_margin": lambda m, a, b: m.nn.functional.soft_margin_loss(a, b.sign()),
    "multilabel_soft_margin": lambda m, a, b: (
        m.nn.functional.multilabel_soft_margin_loss(a, (b > 0).float()),
        m.nn.functional.multilabel_soft_margin_loss(
            a, (b > 0).float(), weight=m.arange(5.0), reduction="none"
        ),
    ),
    "multi_margin": lambda m, a, b: [
        m.nn.functional.multi_margin_loss(a, m.tensor([0, 4, 2]), p=p, margin=0.7, weight=w)
        for p in (1, 2)
        for w in (None, m.arange(1.0, 6.0))
    ],
    "multilabel_margin": lambda m, a, b: (
        m.nn.functional.multilabel_margin_loss(
            a, m.tensor([[3, 0, -1, 1, 1], [0, 1, 2, 3, 4], [-1, 2, 2, 2, 2]])
        ),
        m.nn.functional.multilabel_margin_loss(a[0], m.tensor([2, -1, 0, 0, 0]), reduction="none"),
    ),
    "triplet_margin": lambda m, a, b: (
        m.nn.functional.triplet_margin_loss(a, b, a.flip(0)),
        m.nn.functional.triplet_margin_loss(
            a, b, a.flip(0), margin=0.5, p=1, swap=True, reduction="none"
        ),
    ),
    "triplet_with_distance": lambda m, a, b: m.nn.functional.triplet_margin_with_distance_loss(
        a,
        b,
        a.flip(0),
        distance_function=lambda u, v: 1 - m.nn.functional.cosine_similarity(u, v),
        margin=0.3,
    ),
    "cosine_similarity": lambda m, a, b: (
        m.nn.functional.cosine_similarity(a, b),
        m.cosine_similarity(a, b, dim=0),
        m.nn.functional.cosine_similarity(a, m.zeros(3, 5)),
    ),
    "pairwise_distance": lambda m, a, b: (
        m.nn.functional.pairwise_distance(a, b),
        m.pairwise_distance(a, b, p=1, keepdim=True),
        m.nn.functional.pairwise_distance(a, b[0]),
    ),
    "pdist": lambda m, a, b: (m.nn.functional.pdist(a), m.pdist(a, p=1)),
}
LOSS_MODULES = {
    "KLDivLoss": lambda m, a, b: m.nn.KLDivLoss(reduction="batchmean")(
        a.log_softmax(1), b.softmax(1)
    ),
    "PoissonNLLLoss": lambda m, a, b: m.nn.PoissonNLLLoss()(a, b.abs()),
    "GaussianNLLLoss": lambda m, a, b: m.nn.GaussianNLLLoss()(a, b, a.abs() + 0.1),
    "CosineEmbeddingLoss": lambda m, a, b: m.nn.CosineEmbeddingLoss(0.1)(
        a, b, m.tensor([1, -1, -1])
    ),
    "MarginRankingLoss": lambda m, a, b: m.nn.MarginRankingLoss(0.1)(a, b, m.ones(3, 5)),
    "HingeEmbeddingLoss": lambda m, a, b: m.nn.HingeEmbeddingLoss()(a, b.sign()),
    "SoftMarginLoss": lambda m, a, b: m.nn.SoftMarginLoss()(a, b.sign()),
    "MultiLabelSoftMarginLoss": lambda m, a, b: m.nn.MultiLabelSoftMarginLoss()(a, (b > 0).float()),
    "MultiLabelMarginLoss": lambda m, a, b: m.nn.MultiLabelMarginLoss()(
        a, m.tensor([[1, -1, 0, 0, 0]] * 3)
    ),
    "MultiMarginLoss": lambda m, a, b: m.nn.MultiMarginLoss(p=2)(a, m.tensor([1, 1, 3])),
    "TripletMarginLoss": lambda m, a, b: m.nn.TripletMarginLoss()(a, b, -a),
    "TripletMarginWithDistanceLoss": lambda m, a, b: m.nn.TripletMarginWithDistanceLoss(swap=True)(
        a, b, -a
    ),
    "CosineSimilarity": lambda m, a, b: m.nn.CosineSimilarity(0)(a, b),
    "PairwiseDistance": lambda m, a, b: m.nn.PairwiseDistance(1.5)(a, b),
}


@pytest.mark.parametrize("name", sorted(LOSSES) + sorted(LOSS_MODULES))
def test_loss(name):
    fn = LOSSES.get(name) or LOSS_MODULES[name]
    check(lambda m: fn(m, r(m, 3, 5), r(m, 3, 5, seed=1)), exact=False, rtol=1e-5, atol=1e-6)


@pytest.mark.parametrize("name", sorted(ACT))
def test_activation_gradcheck(name):
    t = nt.tensor(
        [[-2.7, -1.3, -0.6, 0.4], [1.1, 2.2, 4.1, 7.3]], dtype=nt.float64, requires_grad=True
    )
    assert nt.autograd.gradcheck(lambda a: ACT[name](nt, a), (t,))


@pytest.mark.parametrize("name", sorted(set(LOSSES) - {"triplet_with_distance", "poisson_nll"}))
def test_loss_gradcheck(name):
    g = np.random.default_rng(5)
    a = nt.tensor(g.standard_normal((3, 5)), requires_grad=True)
    b = nt.tensor(g.standard_normal((3, 5)), requires_grad=True)

    def fn(a, b):
        out = LOSSES[name](nt, a, b)
        outs = out if isinstance(out, (list, tuple)) else [out]
        return tuple(o for o in outs if o.requires_grad)

    assert nt.autograd.gradcheck(fn, (a, b))


def test_poisson_nll_gradcheck():
    g = np.random.default_rng(5)
    a = nt.tensor(g.standard_normal((3, 5)), requires_grad=True)
    b = nt.tensor(g.uniform(0.5, 3.0, (3, 5)))
    for log_input in (True, False):
        x = a if log_input else a.abs() + 0.5
        assert nt.autograd.gradcheck(
            lambda t, li=log_input: nt.nn.functional.poisson_nll_loss(
                t, b, log_input=li, full=True
            ),
            (x.detach().requires_grad_(),),
        )
