"""Reductions, scans and sorting against torch 2.13."""

import numpy as np
import pytest

import numtensor as nt
from tests.conftest import assert_same, check, check_on, torch

RNG = np.random.default_rng(7)
F32 = RNG.standard_normal((3, 4, 5)).astype(np.float32)
I64 = RNG.integers(-5, 6, (3, 4, 5))
NAN = F32.copy()
NAN[1, 2, 3] = np.nan


def arrays():
    return {
        "f32": F32,
        "f64": F32.astype(np.float64),
        "f16": F32.astype(np.float16),
        "i64": I64,
        "i32": I64.astype(np.int32),
        "u8": np.abs(I64).astype(np.uint8),
        "bool": I64 > 0,
        "nan": NAN,
    }


DIMS = [None, 0, 1, -1, (0, 2), (1, 2), (0, 1, 2)]


def run_on(device, fn, arr, exact=False, rtol=2e-6, atol=2e-7):
    run(fn, arr, exact=exact, rtol=rtol, atol=atol, device=device)


def run(fn, arr, exact=False, rtol=2e-6, atol=2e-7, device="cpu"):
    def both(m):
        return fn(m, m.tensor(arr))

    check(both, exact=exact, check_repr=False, rtol=rtol, atol=atol, device=device)


@pytest.mark.parametrize("name", sorted(arrays()))
@pytest.mark.parametrize("op", ["sum", "mean", "amax", "amin", "count_nonzero", "all", "any"])
@pytest.mark.parametrize("dim", DIMS, ids=str)
def test_reductions_over_dims(op, name, dim, device):
    arr = arrays()[name]
    if op in ("amax", "amin") and dim is None:
        fn = lambda m, t: getattr(m, op)(t)  # noqa: E731
    elif op in ("count_nonzero",):
        fn = lambda m, t: getattr(m, op)(t, dim)  # noqa: E731
    else:
        fn = lambda m, t: getattr(m, op)(t, dim) if dim is not None else getattr(m, op)(t)  # noqa: E731
    run_on(device, fn, arr)


@pytest.mark.parametrize("name", sorted(arrays()))
@pytest.mark.parametrize("keepdim", [False, True])
def test_keepdim_and_methods(name, keepdim, device):
    arr = arrays()[name]
    run_on(device, lambda m, t: t.sum(dim=1, keepdim=keepdim), arr)
    run_on(device, lambda m, t: t.amax(dim=(0, 2), keepdim=keepdim), arr)
    if name.startswith("f") or name == "nan":
        run_on(device, lambda m, t: t.mean(dim=-1, keepdim=keepdim), arr)
        run_on(device, lambda m, t: t.var(dim=1, keepdim=keepdim), arr)
        run_on(device, lambda m, t: t.std(dim=(0, 1), keepdim=keepdim), arr)


@pytest.mark.parametrize("name", ["f32", "f64", "i64", "nan", "u8", "bool", "f16"])
@pytest.mark.parametrize("dim", [0, 1, 2, -1])
def test_max_min_with_dim(name, dim, device):
    arr = arrays()[name]
    for op in ("max", "min"):
        run_on(device, lambda m, t, op=op: getattr(m, op)(t, dim), arr, exact=True)
        run_on(device, lambda m, t, op=op: getattr(t, op)(dim=dim, keepdim=True), arr, exact=True)
    run_on(device, lambda m, t: t.argmax(dim), arr, exact=True)
    run_on(device, lambda m, t: m.argmin(t, dim=dim, keepdim=True), arr, exact=True)


@pytest.mark.parametrize("name", ["f32", "i64", "nan", "bool"])
def test_whole_tensor_extremes(name, device):
    arr = arrays()[name]
    for op in ("max", "min", "argmax", "argmin"):
        run_on(device, lambda m, t, op=op: getattr(m, op)(t), arr, exact=True)
    run_on(device, lambda m, t: m.argmax(t, keepdim=True), arr)


def test_seed_cells():
    a = np.array([[-1.7914, -1.8692]], dtype=np.float32)
    for op in ("min", "max", "mean", "std", "prod"):
        run(lambda m, t, op=op: getattr(m, op)(t), a)
    check(lambda m: m.unique(m.tensor([1, 2, 3, 1, 2, 1])))
    z = np.arange(1, 11).reshape(2, 5)
    for d in (0, 1, -1):
        check(lambda m, d=d: m.sum(m.tensor(z), d))
    x = np.array([[0.2687, 0.3613], [0.7295, 0.6420]], dtype=np.float32)
    got, expected = nt.tensor(x).max(dim=0), torch.tensor(x).max(dim=0)
    assert repr(got).replace("numtensor.", "torch.") == repr(expected)
    assert repr(nt.tensor(x).max(dim=1)).replace("numtensor.", "torch.") == repr(
        torch.tensor(x).max(dim=1)
    )
    assert got.values is got[0] and got.indices is got[1]


@pytest.mark.parametrize("unbiased", [True, False])
def test_var_std_arguments(unbiased, device):
    run_on(device, lambda m, t: m.var(t, unbiased), F32)
    run_on(device, lambda m, t: m.std(t, 1, unbiased), F32)
    run_on(device, lambda m, t: m.var(t, dim=0, correction=0 if unbiased else 2), F32)
    run_on(device, lambda m, t: m.std(t[:1, :1, :1]), F32)  # one element: NaN
    run_on(device, lambda m, t: m.var(t), I64)  # integers raise


def test_sum_dtype_and_accumulation(device):
    run_on(device, lambda m, t: m.sum(t, dtype=m.float64), F32)
    run_on(device, lambda m, t: t.sum(), np.full(100000, 0.1, dtype=np.float32))
    run_on(device, lambda m, t: m.sum(t), np.array([200, 100], dtype=np.uint8))
    run_on(device, lambda m, t: m.mean(t), I64)  # integers raise
    run_on(device, lambda m, t: m.mean(t, dtype=m.float64), I64)
    run_on(device, lambda m, t: m.prod(t, 1), I64)
    run_on(device, lambda m, t: m.prod(t, dim=0, dtype=m.float64), F32)
    run_on(device, lambda m, t: m.prod(t), np.array([2, 3, 0, 4], dtype=np.int8))


def test_empty_and_scalar_reductions(device):
    e = np.zeros((0, 3), dtype=np.float32)
    run_on(device, lambda m, t: m.sum(t), e)
    run_on(device, lambda m, t: m.sum(t, 0), e)
    run_on(device, lambda m, t: m.prod(t, 0), e)
    run_on(device, lambda m, t: m.mean(t), e)
    run_on(device, lambda m, t: m.amax(t, 1), e)
    run_on(device, lambda m, t: m.max(t), e)
    run_on(device, lambda m, t: m.max(t, 0), e)
    run_on(device, lambda m, t: t.all(), e)
    run_on(device, lambda m, t: t.any(0), e)
    s = np.array(2.5, dtype=np.float32)
    for op in ("sum", "mean", "max", "amin", "argmax", "std", "prod", "all"):
        run_on(device, lambda m, t, op=op: getattr(m, op)(t), s)
    run_on(device, lambda m, t: m.max(t, 0), s)
    run_on(device, lambda m, t: m.sum(t, 0), s)


def test_non_contiguous_inputs(device):
    base = RNG.standard_normal((6, 8)).astype(np.float32)
    run_on(device, lambda m, t: t.t().sum(0), base)
    run_on(device, lambda m, t: t[::2, 1::3].amax(1), base)
    run_on(device, lambda m, t: t.t().max(1), base, exact=True)
    run_on(device, lambda m, t: t[:, :1].expand(6, 5).sum(1), base)
    run_on(device, lambda m, t: t.permute(1, 0).reshape(4, 2, 6).sum((0, 2)), base)


def test_large_parallel_reductions():
    big = RNG.standard_normal(300_001).astype(np.float32)
    # numtensor accumulates float32 sums in float64; torch's cascade sum rounds a little
    run(lambda m, t: t.sum(), big, rtol=1e-5)
    run(lambda m, t: t.amax(), big)
    run(lambda m, t: t.min(), big)
    run(lambda m, t: (t > 0).count_nonzero(), big)
    run(lambda m, t: t[:300000].reshape(600, 500).sum(0), big, rtol=1e-5, atol=1e-5)
    big[12345] = np.nan
    run(lambda m, t: t.max(), big)


def test_reduction_errors():
    check(lambda m: m.zeros(2, 3).sum(3))
    check(lambda m: m.zeros(2, 3).sum((0, 0)))
    check(lambda m: m.zeros(2, 3).max(dim=5))
    check(lambda m: m.zeros(2, 3).prod((0, 1)))


@pytest.mark.parametrize("name", ["f32", "i64", "f64", "bool", "u8"])
@pytest.mark.parametrize("dim", [0, 1, -1])
def test_cumulative(name, dim, device):
    arr = arrays()[name][:, :3, :3]
    run_on(device, lambda m, t: m.cumsum(t, dim), arr)
    run_on(device, lambda m, t: t.cumprod(dim), arr)
    run_on(device, lambda m, t: m.cumsum(t.transpose(0, 1), dim), arr)


def test_cumsum_dtype_and_scalar(device):
    run_on(device, lambda m, t: m.cumsum(t, 0, dtype=m.float64), F32[0, 0])
    run_on(device, lambda m, t: m.cumsum(t, 0), np.array(3))


@pytest.mark.parametrize("p", [2, 1, float("inf"), -float("inf"), 3, 0, "fro"])
def test_norm(p, device):
    run_on(device, lambda m, t: t.norm(p), F32)
    run_on(device, lambda m, t: m.norm(t, p, dim=1), F32)
    run_on(device, lambda m, t: m.norm(t, p, dim=(0, 2), keepdim=True), F32)
    run_on(device, lambda m, t: m.norm(t, p), I64)  # integers raise


def test_logsumexp_softmax(device):
    x = F32 * 30  # large values: must not overflow
    run_on(device, lambda m, t: m.logsumexp(t, 1), x)
    run_on(device, lambda m, t: t.logsumexp((0, 2), keepdim=True), x)
    run_on(device, lambda m, t: m.logsumexp(t, 0), np.array([-np.inf, -np.inf], dtype=np.float32))
    run_on(device, lambda m, t: m.softmax(t, 1), x)
    run_on(device, lambda m, t: t.softmax(-1), x)
    run_on(device, lambda m, t: m.log_softmax(t, 2), x, atol=1e-6)
    run_on(device, lambda m, t: t.log_softmax(0), F32.astype(np.float64))
    run_on(device, lambda m, t: m.softmax(t, 0), I64)
    run_on(device, lambda m, t: m.softmax(t, 0, dtype=m.float32), I64)


def test_sort_argsort_topk(device):
    a = RNG.permutation(60).reshape(3, 4, 5).astype(np.float32)
    for dim in (0, 1, -1):
        for descending in (False, True):
            run_on(device, lambda m, t, d=dim, s=descending: m.sort(t, d, s), a, exact=True)
            run_on(device, lambda m, t, d=dim, s=descending: t.argsort(d, s), a, exact=True)
        run_on(device, lambda m, t, d=dim: m.topk(t, 2, d), a, exact=True)
        run_on(device, lambda m, t, d=dim: t.topk(3, dim=d, largest=False), a, exact=True)
    ties = np.array([3, 1, 2, 1, 3, 2, 1], dtype=np.int64)
    run_on(device, lambda m, t: m.sort(t, stable=True), ties, exact=True)
    run_on(device, lambda m, t: m.sort(t, descending=True, stable=True), ties, exact=True)
    nan = np.array([3.0, np.nan, 1.0, 2.0], dtype=np.float32)
    run_on(device, lambda m, t: m.sort(t), nan, exact=True)
    run_on(device, lambda m, t: m.sort(t, descending=True), nan, exact=True)
    run_on(device, lambda m, t: m.topk(t, 5), nan)


def test_median_and_unique(device):
    a = RNG.permutation(24).reshape(4, 6).astype(np.float32)
    run_on(device, lambda m, t: m.median(t), a, exact=True)
    run_on(device, lambda m, t: t.median(0), a, exact=True)
    run_on(device, lambda m, t: t.median(1, keepdim=True), a, exact=True)
    b = a.copy()
    b[1, 2] = np.nan
    run_on(device, lambda m, t: m.median(t), b)
    run_on(device, lambda m, t: m.median(t, 1), b, exact=True)
    u = np.array([[3, 1, 2], [1, 3, 3]])
    check_on(device, lambda m: m.unique(m.tensor(u), return_inverse=True, return_counts=True))
    check_on(device, lambda m: m.unique(m.tensor(u), return_counts=True))
    check_on(
        device, lambda m: m.unique(m.tensor([[1, 2], [1, 2], [0, 5]]), dim=0, return_inverse=True)
    )
    check_on(device, lambda m: m.tensor([2.0, 1.0, 2.0]).unique())


def test_flip(device):
    run_on(device, lambda m, t: m.flip(t, [0, 2]), F32)
    run_on(device, lambda m, t: t.flip(1), F32)
    run_on(device, lambda m, t: t.flip(-1, 0), I64)


def test_closeness_helpers_now_that_reductions_exist():
    a = nt.tensor([1.0, 2.0, float("nan")])
    assert not nt.allclose(a, a)
    assert nt.allclose(a, a, equal_nan=True)
    assert_same(
        nt.isclose(a, a),
        torch.isclose(
            torch.tensor([1.0, 2.0, float("nan")]), torch.tensor([1.0, 2.0, float("nan")])
        ),
    )


@pytest.mark.parametrize("dim", [None, 1])
def test_float32_sums_are_at_least_as_accurate_as_torchs_cascade(dim):
    # values near 1 with a tail: a plain float32 running sum would drift by ~1e-3 here
    x = (RNG.random((4, 1 << 20)) + 1.0).astype(np.float32)
    exact = x.astype(np.float64).sum() if dim is None else x.astype(np.float64).sum(1)
    ours = np.asarray(nt.from_numpy(x).sum(dim).numpy(), np.float64)
    theirs = np.asarray(torch.from_numpy(x).sum(dim).numpy(), np.float64)
    assert np.all(np.abs(ours - exact) <= np.abs(theirs - exact) + np.spacing(np.float32(exact)))
    mean_ours = np.asarray(nt.from_numpy(x).mean(dim).numpy(), np.float64)
    mean_theirs = np.asarray(torch.from_numpy(x).mean(dim).numpy(), np.float64)
    exact_mean = exact / (x.size if dim is None else x.shape[1])
    tolerance = np.spacing(np.float32(exact_mean))
    assert np.all(np.abs(mean_ours - exact_mean) <= np.abs(mean_theirs - exact_mean) + tolerance)


@pytest.mark.parametrize("where", [0, 4095, 4096, 9000])
def test_extremes_of_long_rows_propagate_nan(where):
    # rows of thousands of elements take the vectorised kernels (and the split whole-tensor
    # path): a NaN anywhere wins, -inf and +inf are ordinary values
    x = RNG.standard_normal((3, 9001)).astype(np.float32)
    x[0, where] = np.nan
    x[1, where] = np.inf
    x[2, where] = -np.inf
    for op in ("amax", "amin"):
        run(lambda m, t, op=op: getattr(m, op)(t, 1), x, exact=True)
        run(lambda m, t, op=op: getattr(m, op)(t[1:]), x, exact=True)
        run(lambda m, t, op=op: getattr(m, op)(t.t(), 0), x, exact=True)
    run(lambda m, t: t.max(), x, exact=True)
    run(lambda m, t: t.sum(1), x)


@pytest.mark.parametrize("dtype", [np.int8, np.uint8, np.int32, np.int64, np.bool_, np.float64])
def test_long_rows_of_every_dtype(dtype):
    x = RNG.integers(-100, 100, (2, 10000)).astype(dtype)
    for op in ("amax", "amin", "sum"):
        run(lambda m, t, op=op: getattr(m, op)(t, 1), x, exact=dtype is not np.float64)
        run(lambda m, t, op=op: getattr(m, op)(t), x, exact=dtype is not np.float64)
