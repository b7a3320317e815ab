"""poisson, binomial, geometric_, log_normal_ and cauchy_: distributions checked by moments
and Kolmogorov-Smirnov statistics against scipy's with fixed seeds; dtypes, shapes,
generators, errors and gradients against torch."""

import numpy as np
import pytest
from scipy import stats

import numtensor as nt
from tests.conftest import torch

N = 40000


def _gen(seed=0):
    return nt.Generator().manual_seed(seed)


def _chi_square_ok(samples: np.ndarray, pmf, support: np.ndarray) -> bool:
    """A chi-square goodness-of-fit test of integer samples over ``support`` (the tail lumped
    into the last cell) at the 1e-4 level."""
    counts = np.array(
        [(samples == k).sum() for k in support[:-1]] + [(samples >= support[-1]).sum()]
    )
    probs = pmf(support[:-1])
    probs = np.append(probs, 1 - probs.sum())
    expected = probs * samples.size
    keep = expected > 5
    stat = ((counts[keep] - expected[keep]) ** 2 / expected[keep]).sum()
    return stats.chi2.sf(stat, keep.sum() - 1) > 1e-4


@pytest.mark.parametrize("rate", [0.3, 4.0, 45.0, 2500.0])
def test_poisson_distribution(rate):
    x = nt.poisson(nt.full((N,), rate), generator=_gen(1)).numpy()
    assert np.all(x == np.round(x)) and x.min() >= 0
    sd = np.sqrt(rate)
    assert abs(x.mean() - rate) < 5 * sd / np.sqrt(N)
    assert abs(x.var() / rate - 1) < 0.05
    support = np.arange(max(0, int(rate - 4 * sd)), int(rate + 4 * sd) + 2)
    lower = stats.poisson.cdf(support[0] - 1, rate)
    assert _chi_square_ok(
        x[x >= support[0]], lambda k: stats.poisson.pmf(k, rate) / (1 - lower), support
    )


def test_poisson_rates_per_element_dtypes_and_gradient():
    rates = np.array([0.0, 1.0, 10.0, 100.0])
    x = nt.poisson(nt.tensor(rates).repeat(5000, 1), generator=_gen(2))
    assert x.shape == (5000, 4) and x.dtype is nt.float64
    np.testing.assert_allclose(x.numpy().mean(0), rates, atol=0.5)
    assert (x[:, 0] == 0).all()
    for dtype in (nt.float16, nt.float32):
        assert nt.poisson(nt.ones(3, dtype=dtype)).dtype is dtype
    r = nt.tensor([1.0, 2.0], requires_grad=True)
    s = nt.poisson(r)
    ref = torch.poisson(torch.tensor([1.0, 2.0], requires_grad=True))
    assert s.grad_fn.name() == ref.grad_fn.name()
    s.sum().backward()
    assert r.grad.tolist() == [0.0, 0.0]
    assert nt.poisson(nt.zeros(0, 2)).shape == (0, 2)
    assert nt.poisson(nt.tensor(3.0)).shape == ()


def test_poisson_errors_and_generator():
    with pytest.raises(NotImplementedError):
        nt.poisson(nt.tensor([1, 2]))
    with pytest.raises(RuntimeError):
        nt.poisson(nt.tensor([-1.0, 2.0]))
    with pytest.raises(RuntimeError):
        nt.poisson(nt.tensor([float("nan")]))
    a = nt.poisson(nt.full((50,), 3.0), generator=_gen(7))
    b = nt.poisson(nt.full((50,), 3.0), generator=_gen(7))
    assert nt.equal(a, b)
    nt.manual_seed(3)
    c = nt.poisson(nt.full((50,), 3.0))
    nt.manual_seed(3)
    assert nt.equal(c, nt.poisson(nt.full((50,), 3.0)))


@pytest.mark.parametrize(("count", "prob"), [(10, 0.3), (1000, 0.01), (20, 0.97), (50000, 0.5)])
def test_binomial_distribution(count, prob):
    x = nt.binomial(nt.full((N,), float(count)), nt.full((N,), prob), generator=_gen(4)).numpy()
    assert x.min() >= 0 and x.max() <= count and np.all(x == np.round(x))
    mean, var = count * prob, count * prob * (1 - prob)
    assert abs(x.mean() - mean) < 5 * np.sqrt(var / N)
    assert abs(x.var() / var - 1) < 0.05
    sd = np.sqrt(var)
    support = np.arange(max(0, int(mean - 4 * sd)), min(count, int(mean + 4 * sd) + 2) + 1)
    lower = stats.binom.cdf(support[0] - 1, count, prob)
    pmf = lambda k: stats.binom.pmf(k, count, prob) / (1 - lower)  # noqa: E731
    assert _chi_square_ok(x[x >= support[0]], pmf, support)


def test_binomial_edges_dtypes_and_errors():
    count = nt.tensor([10.0, 5.0, 0.0, 7.0, 10.0])
    prob = nt.tensor([0.0, 1.0, 0.5, 1.5, -0.2])
    ref = torch.binomial(torch.tensor(count.numpy()), torch.tensor(prob.numpy()))
    np.testing.assert_array_equal(nt.binomial(count, prob).numpy(), ref.numpy())
    assert nt.binomial(count.double(), prob.double()).dtype is nt.float64
    assert nt.binomial(nt.full((3, 1), 4.0), nt.full((2,), 0.5)).shape == (3, 2)
    with pytest.raises(ValueError):
        nt.binomial(nt.tensor([10, 5]), nt.tensor([0.5, 0.2]))
    with pytest.raises(RuntimeError):
        nt.binomial(nt.tensor([10.0]), nt.tensor([0.5], dtype=nt.float64))
    c = nt.tensor([10.0, 5.0], requires_grad=True)
    s = nt.binomial(c, nt.tensor([0.5, 0.2]))
    assert s.requires_grad
    with pytest.raises(RuntimeError):
        s.sum().backward()


def test_geometric_distribution_and_dtypes():
    p = 0.2
    x = nt.empty(N).geometric_(p, generator=_gen(5)).numpy()
    assert x.min() >= 1
    assert _chi_square_ok(x, lambda k: stats.geom.pmf(k, p), np.arange(1, 30))
    y = nt.empty(1000, dtype=nt.int64).geometric_(0.5)
    assert y.dtype is nt.int64 and y.min().item() >= 1
    assert nt.empty(7, dtype=nt.uint8).geometric_(0.9).max().item() >= 1
    for bad in (0, 1, 1.5, -0.1):
        with pytest.raises(RuntimeError):
            nt.empty(3).geometric_(bad)
    with pytest.raises(NotImplementedError):
        nt.empty(3, dtype=nt.bool).geometric_(0.5)


def test_log_normal_distribution():
    x = nt.empty(N, dtype=nt.float64).log_normal_(1.0, 0.5, generator=_gen(6)).numpy()
    ks = stats.kstest(x, stats.lognorm(s=0.5, scale=np.exp(1.0)).cdf)
    assert ks.pvalue > 1e-3
    d = nt.empty(N).log_normal_(generator=_gen(6)).numpy()  # (defaults mean 1, std 2)
    assert stats.kstest(d, stats.lognorm(s=2.0, scale=np.exp(1.0)).cdf).pvalue > 1e-3
    with pytest.raises(NotImplementedError):
        nt.empty(3, dtype=nt.int64).log_normal_()
    for bad in (0.0, -1.0):
        with pytest.raises(RuntimeError):
            nt.empty(3).log_normal_(1.0, bad)


def test_cauchy_distribution():
    x = nt.empty(N, dtype=nt.float64).cauchy_(1.0, 2.0, generator=_gen(8)).numpy()
    assert stats.kstest(x, stats.cauchy(1.0, 2.0).cdf).pvalue > 1e-3
    y = nt.empty(N, dtype=nt.float32).cauchy_(generator=_gen(9)).numpy()
    assert stats.kstest(y, stats.cauchy().cdf).pvalue > 1e-3
    with pytest.raises(RuntimeError, match="you specified long int"):
        nt.empty(3, dtype=nt.int64).cauchy_()
    with pytest.raises(RuntimeError):
        nt.empty(3).cauchy_(0.0, -1.0)


def test_fills_in_place_views_and_leaves():
    base = nt.zeros(4, 6)
    view = base[:, ::2]
    assert view.cauchy_() is view
    assert (base[:, 1::2] == 0).all() and (base[:, ::2] != 0).all()
    leaf = nt.zeros(3, requires_grad=True)
    for fill in ("cauchy_", "log_normal_"):
        with pytest.raises(RuntimeError):
            getattr(leaf, fill)()
    with pytest.raises(RuntimeError):
        leaf.geometric_(0.5)
    with nt.no_grad():
        leaf.cauchy_()
    assert nt.empty(0).geometric_(0.5).shape == (0,)


def test_on_cuda(device):
    g = nt.Generator(device=device).manual_seed(0) if device == "cuda" else _gen(0)
    x = nt.poisson(nt.full((64,), 3.0, device=device), generator=g)
    assert x.device.type == device and x.min().item() >= 0
    b = nt.binomial(nt.full((16,), 10.0, device=device), nt.full((16,), 0.4, device=device))
    assert b.device.type == device and 0 <= b.min().item() <= b.max().item() <= 10
    c = nt.empty(8, device=device).cauchy_(0.0, 0.5)
    assert c.device.type == device and c.isfinite().all()
    y = nt.empty(16, device=device).geometric_(0.5)
    assert y.min().item() >= 1
    z = nt.empty(16, device=device).log_normal_()
    assert z.min().item() > 0
