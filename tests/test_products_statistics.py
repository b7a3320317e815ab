"""einsum, tensordot, kron, cross, dist, cdist, the add-products, the trapezoid rule, and the
composed reductions and statistics (issue 15), against torch, with gradient checks."""

import numpy as np
import pytest

import numtensor as nt
from tests.conftest import check, check_on


def r(m, *shape, seed=0):
    g = np.random.default_rng(seed)
    return m.tensor(g.standard_normal(shape).astype(np.float32))


def nanny(m):
    return m.tensor(
        [
            [1.0, float("nan"), 3.0, -2.0],
            [float("nan"), float("nan"), 0.5, 4.0],
            [2.0, 2.0, 2.0, -1.0],
        ]
    )


EINSUM = [
    ("ijk,kl->ijl", [(2, 3, 4), (4, 5)]),
    ("ijk,kl,lm->ijm", [(2, 3, 4), (4, 5), (5, 2)]),
    ("ii->i", [(3, 3)]),
    ("ii", [(3, 3)]),
    ("iij->j", [(3, 3, 2)]),
    ("ij->ji", [(3, 4)]),
    ("...k,kl->...l", [(2, 3, 4), (4, 5)]),
    ("b...ij,b...jk->b...ik", [(2, 1, 3, 4), (2, 5, 4, 2)]),
    ("bij,bjk->bik", [(2, 3, 4), (2, 4, 2)]),
    ("i,j->ij", [(3,), (4,)]),
    ("i,i->", [(3,), (3,)]),
    ("ijk->", [(2, 3, 4)]),
    ("ijk", [(2, 3, 4)]),
    ("bi,bi->b", [(3, 3), (3, 3)]),
    ("ij,ij->ij", [(3, 3), (3, 3)]),
    ("...ij,...jk", [(2, 3, 4), (2, 4, 3)]),
    ("ij,jk,kl,lm->im", [(2, 3), (3, 4), (4, 5), (5, 2)]),
    ("i j , j k -> i k", [(2, 3), (3, 4)]),
    ("ij,kj->ik", [(1, 3), (4, 3)]),
    ("ab,ab,ab->a", [(2, 3), (2, 3), (2, 3)]),
    ("...A,AB->...B", [(2, 3, 4), (4, 5)]),
]

CASES = {
    **{
        f"einsum {eq}": (
            lambda m, eq=eq, shapes=shapes: m.einsum(
                eq, *[r(m, *s, seed=i) for i, s in enumerate(shapes)]
            )
        )
        for eq, shapes in EINSUM
    },
    "einsum list": lambda m: m.einsum("ij,jk", [r(m, 2, 3), r(m, 3, 2, seed=1)]),
    "einsum bad count": lambda m: m.einsum("ij,jk->ik", r(m, 2, 3)),
    "einsum bad dims": lambda m: m.einsum("ijk->i", r(m, 2, 3)),
    "einsum bad output": lambda m: m.einsum("ij->k", r(m, 2, 3)),
    "einsum dtypes": lambda m: m.einsum("i,i->", m.ones(2), m.ones(2, dtype=m.float64)),
    "tensordot": lambda m: (
        m.tensordot(r(m, 2, 3, 4), r(m, 3, 4, 5), 2),
        m.tensordot(r(m, 2, 3), r(m, 3, 2), ([1], [0])),
        m.tensordot(r(m, 2, 3), r(m, 4), 0).shape,
    ),
    "tensordot pairs": lambda m: m.tensordot(r(m, 3, 4, 5), r(m, 4, 3, 2), dims=([0, 1], [1, 0])),
    "tensordot mismatch": lambda m: m.tensordot(r(m, 2, 3), r(m, 4, 2), 1),
    "kron": lambda m: (
        m.kron(m.tensor([[1, 2], [3, 4]]), m.tensor([[0, 1], [1, 0]])),
        m.kron(r(m, 2), r(m, 2, 3)),
        m.kron(m.tensor(2.0), r(m, 2)),
    ),
    "cross": lambda m: (
        m.cross(r(m, 4, 3), r(m, 4, 3, seed=1), dim=1),
        r(m, 3, 2).cross(r(m, 3, 2, seed=2), dim=0),
    ),
    "cross bad": lambda m: m.cross(r(m, 4, 2), r(m, 4, 2), dim=1),
    "cross broadcast": lambda m: m.cross(r(m, 4, 3), r(m, 1, 3, seed=1), dim=1),
    "trapz number": lambda m: m.trapz(r(m, 4), 2.0),
    "dist": lambda m: [
        m.dist(r(m, 3, 2), r(m, 3, 2, seed=1), p) for p in (0, 1, 2, 3.5, float("inf"))
    ],
    "cdist": lambda m: [
        m.cdist(r(m, 4, 3), r(m, 5, 3, seed=1), p) for p in (0.0, 1.0, 2.0, 3.0, float("inf"))
    ],
    "cdist batched": lambda m: m.cdist(r(m, 2, 4, 3), r(m, 2, 5, 3, seed=1)),
    "cdist bad": lambda m: m.cdist(r(m, 4, 3), r(m, 5, 2)),
    "addmv addr": lambda m: (
        m.addmv(r(m, 3), r(m, 3, 4), r(m, 4), beta=0.5, alpha=2),
        m.addr(r(m, 3, 2), r(m, 3), r(m, 2), alpha=3),
        r(m, 3).addmv(r(m, 3, 2), r(m, 2)),
    ),
    "baddbmm addbmm": lambda m: (
        m.baddbmm(r(m, 2, 3, 2), r(m, 2, 3, 4), r(m, 2, 4, 2), beta=0.5),
        m.addbmm(r(m, 3, 2), r(m, 2, 3, 4), r(m, 2, 4, 2), alpha=2),
    ),
    "beta zero ignores nan": lambda m: m.addmv(
        m.full((2,), float("nan")), r(m, 2, 3), r(m, 3), beta=0
    ),
    "trapezoid": lambda m: (
        m.trapezoid(r(m, 3, 5)),
        m.trapezoid(r(m, 3, 5), dx=0.5, dim=0),
        m.trapezoid(r(m, 5), m.tensor([0.0, 1.0, 3.0, 4.0, 7.0])),
        m.trapz(r(m, 4), dx=2.0),
        m.trapz(r(m, 3), m.tensor([0.0, 0.5, 2.0])),
        m.cumulative_trapezoid(r(m, 2, 5)),
        m.cumulative_trapezoid(r(m, 5), dx=0.1),
    ),
    "nansum nanmean": lambda m: (
        m.nansum(nanny(m)),
        nanny(m).nansum(1),
        m.nanmean(nanny(m), 0),
        nanny(m).nanmean(),
        m.nansum(m.tensor([1, 2])),
    ),
    "nanmean int": lambda m: m.nanmean(m.tensor([1, 2])),
    "std_mean var_mean": lambda m: (
        m.std_mean(r(m, 3, 4)),
        m.var_mean(r(m, 3, 4), 1),
        m.std_mean(r(m, 3, 4), 0, keepdim=True),
        m.var_mean(r(m, 3, 4), (0, 1), correction=0),
    ),
    "aminmax": lambda m: (
        m.aminmax(r(m, 3, 4)),
        r(m, 3, 4).aminmax(dim=1),
        m.aminmax(r(m, 3, 4), dim=0, keepdim=True),
        m.aminmax(m.tensor([3, 1, 2])),
    ),
    "kthvalue": lambda m: (
        m.kthvalue(m.tensor([3.0, 1.0, 2.0, 5.0]), 2),
        r(m, 3, 4).kthvalue(3, 1),
        m.kthvalue(r(m, 3, 4), 1, 0, True),
    ),
    "kthvalue bad": lambda m: m.kthvalue(m.tensor([1.0, 2.0]), 3),
    "msort": lambda m: m.msort(r(m, 4, 3)),
    "quantile": lambda m: [
        m.quantile(r(m, 3, 5), q, dim=1, interpolation=i)
        for q in (0.0, 0.3, 0.5, 1.0)
        for i in ("linear", "lower", "higher", "midpoint", "nearest")
    ],
    "quantile tensor q": lambda m: (
        m.quantile(r(m, 7), m.tensor([0.1, 0.9])),
        r(m, 3, 4).quantile(m.tensor([0.25, 0.5]), dim=0, keepdim=True),
    ),
    "quantile nan": lambda m: (
        m.quantile(nanny(m), 0.5, dim=1),
        m.nanquantile(nanny(m), 0.5, dim=1),
        m.nanquantile(nanny(m), m.tensor([0.2, 0.8])),
    ),
    "quantile bad q": lambda m: m.quantile(r(m, 3), 1.5),
    "quantile int": lambda m: m.quantile(m.tensor([1, 2]), 0.5),
    "nanmedian": lambda m: (
        m.nanmedian(nanny(m)),
        nanny(m).nanmedian(1),
        m.nanmedian(nanny(m), 0, keepdim=True),
        m.nanmedian(m.tensor([3, 1, 2])),
    ),
    "cov corrcoef": lambda m: (
        m.cov(r(m, 3, 6)),
        m.cov(r(m, 3, 6), correction=0),
        m.cov(r(m, 6)),
        m.corrcoef(r(m, 3, 6)),
        m.cov(r(m, 2, 4), fweights=m.tensor([1, 2, 1, 3]), aweights=m.tensor([0.5, 1.0, 2.0, 1.0])),
    ),
    "bincount": lambda m: (
        m.bincount(m.tensor([0, 3, 3, 1])),
        m.tensor([2, 2, 0]).bincount(minlength=5),
        m.bincount(m.tensor([0, 1, 1]), weights=m.tensor([0.5, 1.0, 2.0])),
        m.bincount(m.tensor([0, 1]), m.tensor([1.0, 2.0], dtype=m.float64)),
    ),
    "bincount bad": lambda m: m.bincount(m.tensor([-1, 2])),
    "histc": lambda m: (
        m.histc(r(m, 50), 5),
        m.histc(m.tensor([1.0, 2.0, 1.0, 4.0, 2.5]), 4, 0, 3),
        r(m, 20).histc(3, -1, 1),
    ),
    "searchsorted": lambda m: (
        m.searchsorted(m.tensor([1, 3, 5, 7, 9]), m.tensor([3, 6, 9, 0, 10])),
        m.searchsorted(m.tensor([1, 3, 5, 7, 9]), m.tensor([3, 6, 9]), right=True),
        m.searchsorted(m.tensor([[1, 3, 5], [2, 4, 6]]), m.tensor([[3, 4], [1, 7]]), side="right"),
        m.searchsorted(m.tensor([1.0, 2.0]), 1.5),
    ),
    "bucketize": lambda m: (
        m.bucketize(m.tensor([[1, 6], [3, 9]]), m.tensor([1, 3, 5, 7, 9])),
        m.bucketize(m.tensor([3, 6, 9]), m.tensor([1, 3, 5, 7, 9]), right=True, out_int32=True),
    ),
    "isin": lambda m: (
        m.isin(m.tensor([[1, 2], [3, 4]]), m.tensor([2, 3])),
        m.isin(m.tensor([1.0, 2.0]), m.tensor([2.0]), invert=True),
        m.isin(m.tensor([1, 5]), 5),
    ),
    "index_add": lambda m: (
        m.zeros(5, 3).index_add(0, m.tensor([0, 4, 2, 0]), r(m, 4, 3)),
        m.ones(3, 4).index_add(1, m.tensor([3, 1]), r(m, 3, 2), alpha=2),
    ),
    "index_add_": lambda m: (lambda t: (t.index_add_(0, m.tensor([1, 1]), m.ones(2, 2)), t))(
        m.zeros(3, 2)
    ),
    "index_copy": lambda m: (
        m.zeros(5, 3).index_copy(0, m.tensor([0, 4, 2]), r(m, 3, 3)),
        (lambda t: t.index_copy_(1, m.tensor([2, 0]), m.ones(2, 2) * 7))(m.zeros(2, 3)),
    ),
    "index_fill": lambda m: (
        r(m, 3, 4).index_fill(1, m.tensor([0, 2]), -1.0),
        (lambda t: t.index_fill_(0, m.tensor([1]), m.tensor(5.0)))(m.zeros(3, 2)),
    ),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_matches_torch(name):
    check(CASES[name], exact=False, rtol=2e-5, atol=2e-6)


@pytest.mark.parametrize(
    "name",
    [
        "einsum ijk,kl,lm->ijm",
        "einsum b...ij,b...jk->b...ik",
        "kron",
        "cdist",
        "nansum nanmean",
        "quantile",
        "bincount",
        "searchsorted",
        "index_add",
    ],
)
def test_on_cuda(name, device):
    check_on(device, CASES[name], exact=False, check_repr=False, rtol=2e-5, atol=2e-6)


@pytest.mark.parametrize(
    "fn",
    [
        lambda a, b: nt.einsum("ij,jk->ik", a, b.t()),
        lambda a, b: nt.einsum("ii->i", a[:, :3]),
        lambda a, b: nt.tensordot(a, b, ([1], [1])),
        lambda a, b: nt.kron(a[:2, :2], b[:2, :2]),
        lambda a, b: nt.cross(a[:, :3], b[:, :3], dim=1),
        lambda a, b: nt.cdist(a, b),
        lambda a, b: nt.cdist(a, b, p=1.5),
        lambda a, b: nt.addr(a[:, 0], a[:, 1], b[:, 2]),
        lambda a, b: nt.trapezoid(a, dim=1),
        lambda a, b: nt.nansum(a, 1),
        lambda a, b: nt.quantile(a, 0.3, dim=1),
        lambda a, b: nt.zeros(5, 4, dtype=nt.float64).index_add(0, nt.tensor([0, 4, 0]), a),
        lambda a, b: nt.cov(a),
    ],
)
def test_gradcheck(fn):
    g = np.random.default_rng(3)
    a = nt.tensor(g.standard_normal((3, 4)), requires_grad=True)
    b = nt.tensor(g.standard_normal((3, 4)), requires_grad=True)
    assert nt.autograd.gradcheck(fn, (a, b))
