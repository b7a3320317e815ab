"""Edge cases of the reductions, scans and sorts against torch (a differential fuzz's
findings): dims of 0-dim inputs, zero-size reduction dims, dtypes torch refuses, NaN/inf/-0.0
ordering, quantile's lerp arithmetic, bincount/histc dtypes and ranges."""

import math
import warnings

import numpy as np
import pytest

import numtensor as nt
from tests.conftest import torch

NAN, INF = float("nan"), float("inf")


def _call(lib, fn):
    """(result, None) or (None, exception); the warnings raised are returned too."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            return fn(lib), None, [str(w.message) for w in caught]
        except Exception as e:  # (the class is what is compared)
            return None, e, [str(w.message) for w in caught]


def _values(x):
    if isinstance(x, tuple):
        return [_values(v) for v in x]
    if hasattr(x, "detach"):
        t = x.detach().cpu()
        if "bfloat16" in str(t.dtype):
            t = t.float()
        return (str(t.dtype).split(".")[-1], tuple(t.shape), t.numpy())
    return x


def _same(a, b, rtol=0.0) -> None:
    if isinstance(a, list):
        assert len(a) == len(b)
        for x, y in zip(a, b):
            _same(x, y, rtol)
        return
    if isinstance(a, tuple) and len(a) == 3 and isinstance(a[2], np.ndarray):
        assert a[:2] == b[:2], (a, b)
        x, y = a[2], b[2]
        if rtol:
            np.testing.assert_allclose(y, x, rtol=rtol, atol=0)
        else:
            np.testing.assert_array_equal(x, y)
        if x.dtype.kind == "f":  # (the sign of a zero too; a NaN's sign is the CPU's)
            keep = ~np.isnan(x)
            np.testing.assert_array_equal(np.signbit(x[keep]), np.signbit(y[keep]))
        return
    assert a == b or (a != a and b != b), (a, b)


def check(fn, message: bool = True, warns: bool = False, rtol: float = 0.0):
    """Run ``fn`` with torch and with numtensor: the same result, or the same error class
    (and message when ``message``)."""
    ref, ref_err, ref_w = _call(torch, fn)
    got, got_err, got_w = _call(nt, fn)
    if ref_err is not None:
        assert got_err is not None, f"torch raised {ref_err!r}, numtensor returned {got!r}"
        assert type(got_err).__name__ == type(ref_err).__name__, (ref_err, got_err)
        if message:
            assert str(got_err) == str(ref_err)
        return
    assert got_err is None, f"numtensor raised {got_err!r}, torch returned {ref!r}"
    _same(_values(ref), _values(got), rtol)
    if warns:
        assert len(got_w) == len(ref_w), (ref_w, got_w)


# ---- dims of a 0-dim input: only 0 and -1 -------------------------------------------------

_SCALAR_DIM_OPS = {
    "sort": lambda L, t, d: L.sort(t, dim=d),
    "argsort": lambda L, t, d: L.argsort(t, dim=d),
    "topk": lambda L, t, d: L.topk(t, 1, dim=d),
    "kthvalue": lambda L, t, d: L.kthvalue(t, 1, d),
    "mode": lambda L, t, d: L.mode(t, d),
    "median": lambda L, t, d: L.median(t, d),
    "nanmedian": lambda L, t, d: L.nanmedian(t, d),
    "cumsum": lambda L, t, d: L.cumsum(t, d),
    "cumprod": lambda L, t, d: L.cumprod(t, d),
    "cummax": lambda L, t, d: L.cummax(t, d),
    "cummin": lambda L, t, d: L.cummin(t, d),
    "logcumsumexp": lambda L, t, d: L.logcumsumexp(t, d),
    "quantile": lambda L, t, d: L.quantile(t, 0.5, dim=d),
    "nanquantile": lambda L, t, d: L.nanquantile(t, 0.5, dim=d, keepdim=True),
    "flip": lambda L, t, d: L.flip(t, (d,)),
    "roll": lambda L, t, d: L.roll(t, 1, d),
    "unique": lambda L, t, d: L.unique(t, dim=d),
    "unique_consecutive": lambda L, t, d: L.unique_consecutive(t, dim=d),
    "diff": lambda L, t, d: L.diff(t, dim=d),
    "max": lambda L, t, d: L.max(t, d),
    "argmax": lambda L, t, d: L.argmax(t, d),
    "aminmax": lambda L, t, d: L.aminmax(t, dim=d),
    "logsumexp": lambda L, t, d: L.logsumexp(t, d),
}


@pytest.mark.parametrize("dim", [1, -2, 0, -1])
@pytest.mark.parametrize("name", sorted(_SCALAR_DIM_OPS))
def test_zero_dim_input_dims(name, dim):
    fn = _SCALAR_DIM_OPS[name]
    check(lambda L: fn(L, L.tensor(2.5), dim))


def test_zero_dim_messages():
    with pytest.raises(IndexError, match=r"range of \[-1, 0\], but got 1\)"):
        nt.sort(nt.tensor(1.0), dim=1)
    with pytest.raises(IndexError, match="cummax\\(\\): Expected reduction dim -1 or 0 for scalar"):
        nt.cummax(nt.tensor(1.0), 1)
    with pytest.raises(IndexError, match="Dimension specified as 0 but tensor has no dimensions"):
        nt.unique(nt.tensor(1.0), dim=0)
    with pytest.raises(IndexError, match="range of \\[-2, 1\\], but got 2\\)"):
        nt.cummax(nt.zeros(2, 3), 2)


def test_zero_dim_values_and_shapes():
    check(lambda L: L.msort(L.tensor(1.5)))
    check(lambda L: L.quantile(L.tensor(2.5), 0.5, dim=0, keepdim=True))
    check(lambda L: L.quantile(L.tensor(2.5), L.tensor([0.5, 0.25]), dim=0, keepdim=True))
    check(lambda L: L.kthvalue(L.tensor(True), 1))
    check(lambda L: L.topk(L.tensor(1.0), 0))


# ---- zero-size reduction dims ---------------------------------------------------------------

_EMPTY_DIM_OPS = {
    "kthvalue": lambda L, t, d: L.kthvalue(t, 1, d),
    "mode": lambda L, t, d: L.mode(t, d),
    "median": lambda L, t, d: L.median(t, d),
    "nanmedian": lambda L, t, d: L.nanmedian(t, d),
    "topk1": lambda L, t, d: L.topk(t, 1, d),
    "topk0": lambda L, t, d: L.topk(t, 0, d),
    "max": lambda L, t, d: L.max(t, d),
    "min": lambda L, t, d: L.min(t, d),
    "argmax": lambda L, t, d: L.argmax(t, d),
    "argmin": lambda L, t, d: L.argmin(t, d),
    "amax": lambda L, t, d: L.amax(t, d),
    "aminmax": lambda L, t, d: L.aminmax(t, dim=d),
    "argmax_all": lambda L, t, d: L.argmax(t),
    "argmin_all_keepdim": lambda L, t, d: L.argmin(t, keepdim=True),
    "aminmax_all": lambda L, t, d: L.aminmax(t),
    "median_all": lambda L, t, d: L.median(t),
    "nanmedian_all": lambda L, t, d: L.nanmedian(t),
    "cummax": lambda L, t, d: L.cummax(t, d),
    "cummin": lambda L, t, d: L.cummin(t, d),
    "logcumsumexp": lambda L, t, d: L.logcumsumexp(t, d),
    "cumsum": lambda L, t, d: L.cumsum(t, d),
    "sort": lambda L, t, d: L.sort(t, d),
    "unique_dim": lambda L, t, d: L.unique(t, dim=d, return_inverse=True, return_counts=True),
    "unique_consecutive_dim": lambda L, t, d: L.unique_consecutive(
        t, dim=d, return_inverse=True, return_counts=True
    ),
}


@pytest.mark.parametrize("shape,dim", [((3, 0), 1), ((0, 3), 0), ((0, 3), 1), ((0,), 0)])
@pytest.mark.parametrize("dtype", ["float32", "int64", "bool"])
@pytest.mark.parametrize("name", sorted(_EMPTY_DIM_OPS))
def test_zero_size_dims(name, dtype, shape, dim):
    fn = _EMPTY_DIM_OPS[name]
    check(lambda L: fn(L, L.zeros(shape, dtype=getattr(L, dtype)), dim))


def test_zero_size_messages():
    with pytest.raises(IndexError, match=r"kthvalue\(\): Expected reduction dim 1 to have"):
        nt.kthvalue(nt.zeros(3, 0), 1, 1)
    with pytest.raises(IndexError, match=r"argmax\(\): Expected reduction dim to be specified"):
        nt.argmax(nt.zeros(0, 3))
    with pytest.raises(RuntimeError, match="aren't selected, so unique cannot be applied"):
        nt.unique(nt.zeros(2, 0, 3), dim=0)
    with pytest.raises(RuntimeError, match="Number of zero sized dimensions is more than one"):
        nt.unique_consecutive(nt.zeros(0, 0), dim=0)


@pytest.mark.parametrize("dtype", ["bool", "uint8", "int8", "int32", "int64", "float16"])
@pytest.mark.parametrize("name", ["median", "nanmedian"])
def test_median_of_nothing(name, dtype):
    # torch's NaN converted to the dtype (x86): True, INT_MIN, 0 for the small ints
    check(lambda L: getattr(L, name)(L.zeros(0, dtype=getattr(L, dtype))))


# ---- dtypes torch refuses ------------------------------------------------------------------

_BOOL_OPS = {
    "kthvalue": lambda L, t: L.kthvalue(t, 1, 1),
    "median_dim": lambda L, t: L.median(t, 1),
    "median_all": lambda L, t: L.median(t),
    "nanmedian_dim": lambda L, t: L.nanmedian(t, 1),
    "nanmedian_all": lambda L, t: L.nanmedian(t),
    "mode": lambda L, t: L.mode(t, 1),
    "topk": lambda L, t: L.topk(t, 1, 1),
    "max": lambda L, t: L.max(t, 1),
    "argmax": lambda L, t: L.argmax(t, 1),
    "argmax_all": lambda L, t: L.argmax(t),
    "argmin_all": lambda L, t: L.argmin(t),
    "aminmax": lambda L, t: L.aminmax(t),
    "cummax": lambda L, t: L.cummax(t, 1),
    "cummin": lambda L, t: L.cummin(t, 0),
    "logcumsumexp": lambda L, t: L.logcumsumexp(t, 1),
    "quantile": lambda L, t: L.quantile(t, 0.5),
    "histc": lambda L, t: L.histc(t),
    "bincount": lambda L, t: L.bincount(t.flatten()),
    "cumsum": lambda L, t: L.cumsum(t, 1),
    "cumprod": lambda L, t: L.cumprod(t, 0),
    "cumsum_": lambda L, t: t.clone().cumsum_(1),
    "cumprod_": lambda L, t: t.clone().cumprod_(1),
    "unique_dim": lambda L, t: L.unique(t, dim=1, return_inverse=True, return_counts=True),
}


@pytest.mark.parametrize("name", sorted(_BOOL_OPS))
def test_bool_inputs(name):
    check(lambda L: _BOOL_OPS[name](L, L.tensor([[True, False], [False, False]])))


@pytest.mark.parametrize("dtype", ["bool", "uint8", "int8", "int16", "int32", "int64"])
def test_logcumsumexp_integer_inputs_not_implemented(dtype):
    for shape in [(2, 3), (3, 0), ()]:
        check(
            lambda L, shape=shape: L.logcumsumexp(
                L.zeros(shape, dtype=getattr(L, dtype)), 0 if not shape else 1
            )
        )
    with pytest.raises(NotImplementedError):
        nt.logcumsumexp(nt.ones(2, dtype=getattr(nt, dtype)), 0)


# ---- logcumsumexp -------------------------------------------------------------------------


@pytest.mark.parametrize("shape,dim", [((3, 0), 1), ((0, 3), 1), ((0,), 0), ((0, 3), 0)])
def test_logcumsumexp_empty(shape, dim):
    check(lambda L: L.logcumsumexp(L.zeros(shape), dim))


@pytest.mark.parametrize("dtype", ["float16", "bfloat16", "float32", "float64"])
def test_logcumsumexp_values(dtype):
    a = (np.random.default_rng(0).standard_normal((3, 20)) * 5).tolist()
    a[0][3] = a[1][0] = a[1][1] = -INF
    a[2][5] = a[2][7] = INF
    # accumulated in float64 (float32) / float32 (half types) and rounded once, as torch
    check(lambda L: L.logcumsumexp(L.tensor(a, dtype=getattr(L, dtype)), 1))
    check(lambda L: L.logcumsumexp(L.tensor(a, dtype=getattr(L, dtype)).t(), 0))


def test_logcumsumexp_gradcheck():
    x = nt.tensor(np.random.default_rng(1).standard_normal((3, 4)), requires_grad=True)
    assert nt.autograd.gradcheck(lambda t: nt.logcumsumexp(t, 1), (x,))
    t = torch.tensor(x.detach().numpy(), requires_grad=True)
    torch.logcumsumexp(t.float(), 0).sum().backward()
    nt.logcumsumexp(x.float(), 0).sum().backward()
    np.testing.assert_allclose(x.grad.numpy(), t.grad.numpy(), rtol=1e-5)


# ---- quantile / nanquantile ---------------------------------------------------------------


@pytest.mark.parametrize("interpolation", ["linear", "lower", "higher", "midpoint", "nearest"])
@pytest.mark.parametrize("name", ["quantile", "nanquantile"])
def test_quantile_lerp_arithmetic(name, interpolation):
    # torch interpolates with lerp: [-0.0, inf] at 0.5 is NaN, [inf, inf] at 0.3 too
    cases = [([-0.0, INF], 0.5), ([INF, INF], 0.3), ([-INF, 1.0, INF], 0.75),
             ([1.0, NAN, INF], 0.0), ([NAN, NAN], 0.5), ([-0.0, 0.0, -0.0], 0.5)]  # fmt: skip
    for vals, q in cases:
        check(lambda L, v=vals, q=q: getattr(L, name)(L.tensor(v), q, interpolation=interpolation))
        check(
            lambda L, vals=vals, q=q: getattr(L, name)(
                L.tensor(vals, dtype=L.float64),
                L.tensor([0.0, q, 1.0], dtype=L.float64),
                interpolation=interpolation,
            )
        )


@pytest.mark.parametrize("seed", range(6))
@pytest.mark.parametrize("name", ["quantile", "nanquantile"])
def test_quantile_random_exact(name, seed):
    rng = np.random.default_rng(seed)
    shape = [(7,), (3, 5), (2, 3, 4)][seed % 3]
    a = np.round(rng.standard_normal(shape) * 4) / 4 if seed % 2 else rng.standard_normal(shape)
    a.flat[rng.integers(a.size)] = NAN
    dt = "float32" if seed < 3 else "float64"
    rtol = 0.0 if dt == "float32" else 1e-15  # (torch's float64 lerp is a fused multiply-add)
    for interpolation in ["linear", "lower", "higher", "midpoint", "nearest"]:
        for dim in [None, 0, -1]:
            for keepdim in [False, True]:
                check(
                    lambda L, dim=dim, keepdim=keepdim, interpolation=interpolation: getattr(
                        L, name
                    )(
                        L.tensor(a.tolist(), dtype=getattr(L, dt)),
                        L.tensor([0.0, 0.125, 0.3, 0.5, 1.0], dtype=getattr(L, dt)),
                        dim=dim,
                        keepdim=keepdim,
                        interpolation=interpolation,
                    ),
                    rtol=rtol,
                )
                check(
                    lambda L, dim=dim, keepdim=keepdim, interpolation=interpolation: getattr(
                        L, name
                    )(
                        L.tensor(a.tolist(), dtype=getattr(L, dt)).transpose(0, -1),
                        0.375,
                        dim=dim,
                        keepdim=keepdim,
                        interpolation=interpolation,
                    ),
                    rtol=rtol,
                )


def test_quantile_gradient_matches_torch():
    a = np.random.default_rng(3).standard_normal((4, 5))
    for interpolation in ["linear", "midpoint", "nearest"]:
        x = nt.tensor(a, requires_grad=True)
        t = torch.tensor(a, requires_grad=True)
        nt.quantile(
            x, nt.tensor([0.3, 0.5], dtype=nt.float64), dim=1, interpolation=interpolation
        ).sum().backward()
        torch.quantile(
            t, torch.tensor([0.3, 0.5], dtype=torch.float64), dim=1, interpolation=interpolation
        ).sum().backward()
        np.testing.assert_allclose(x.grad.numpy(), t.grad.numpy())
    x = nt.tensor(a, requires_grad=True)
    assert nt.autograd.gradcheck(lambda v: nt.quantile(v, 0.3, dim=0), (x,))


_QUANTILE_ERRORS = {
    "float16": lambda L: L.quantile(L.tensor([1.0, 2.0], dtype=L.float16), 0.5),
    "bfloat16_dim": lambda L: L.nanquantile(L.ones(2, 2, dtype=L.bfloat16), 0.5, dim=1),
    "int": lambda L: L.quantile(L.tensor([1, 2]), 0.5),
    "empty": lambda L: L.quantile(L.zeros(0), 0.5),
    "empty_dim": lambda L: L.nanquantile(L.zeros(0, 3), 0.5, dim=1),
    "empty_half": lambda L: L.quantile(L.zeros(0, dtype=L.float16), 0.5),
    "empty_bad_dim": lambda L: L.quantile(L.zeros(0, 3), 0.5, dim=5),
    "half_bad_dim": lambda L: L.quantile(L.ones(1, dtype=L.float16), 0.5, dim=5),
    "q_scalar_range": lambda L: L.quantile(L.tensor([1.0]), 1.5),
    "q_scalar_range_empty": lambda L: L.quantile(L.zeros(0), -0.5),
    "q_tensor_range": lambda L: L.quantile(L.tensor([1.0]), L.tensor([0.5, 1.5])),
    "q_dtype": lambda L: L.quantile(L.tensor([1.0]), L.tensor([0.5], dtype=L.float64)),
    "q_2d": lambda L: L.quantile(L.tensor([1.0]), L.tensor([[0.5]])),
    "interpolation": lambda L: L.quantile(L.tensor([1.0]), 0.5, interpolation="foo"),
    "0d_q": lambda L: L.quantile(L.tensor([1.0, 2.0]), L.tensor(0.25)),
    "2d_keepdim_all": lambda L: L.nanquantile(L.ones(2, 3), L.tensor([0.5, 0.1]), keepdim=True),
}


@pytest.mark.parametrize("name", sorted(_QUANTILE_ERRORS))
def test_quantile_checks(name):
    check(_QUANTILE_ERRORS[name])


# ---- bincount ------------------------------------------------------------------------------


@pytest.mark.parametrize("dtype", ["uint8", "int8", "int16", "int32", "int64"])
def test_bincount_integer_dtypes(dtype):
    x = lambda L: L.tensor([1, 0, 3, 3, 7], dtype=getattr(L, dtype))  # noqa: E731
    check(lambda L: L.bincount(x(L)))
    check(lambda L: L.bincount(x(L), minlength=10))
    check(lambda L: L.bincount(x(L)[::2]))  # non-contiguous
    check(lambda L: L.bincount(x(L)[:0]))
    check(lambda L: L.bincount(x(L)[:0], minlength=3))
    w = [1, 0, 2, 1, 1]
    for wdt in ["float16", "float32", "float64", "int64", "bool", "uint8"]:
        check(lambda L, d=wdt: L.bincount(x(L), weights=L.tensor(w, dtype=getattr(L, d))))
        check(
            lambda L, d=wdt: L.bincount(
                x(L)[:0], weights=L.tensor(w, dtype=getattr(L, d))[:0], minlength=2
            )
        )


@pytest.mark.parametrize("dtype", ["bool", "float16", "float32", "float64"])
def test_bincount_refused_dtypes(dtype):
    with pytest.raises(NotImplementedError, match="bincount_cpu"):
        nt.bincount(nt.ones(3, dtype=getattr(nt, dtype)))
    check(lambda L: L.bincount(L.ones(3, dtype=getattr(L, dtype))))
    check(lambda L: L.bincount(L.ones(0, 2, dtype=getattr(L, dtype))))


def test_bincount_checks():
    check(lambda L: L.bincount(L.tensor([[1]]), minlength=-1))
    check(lambda L: L.bincount(L.tensor([-1, 2])))
    check(lambda L: L.bincount(L.tensor(1)))
    check(lambda L: L.bincount(L.tensor([1, 2]), weights=L.tensor([1.0])))
    check(lambda L: L.bincount(L.tensor([-1]), weights=L.tensor([1.0, 2.0])))
    check(lambda L: L.bincount(L.tensor([], dtype=L.int64), weights=L.tensor([1.0])))


# ---- histc ---------------------------------------------------------------------------------


def test_histc_not_finite_range():
    for data in ([1.0, NAN], [1.0, INF], [-INF, 1.0], [NAN, NAN]):
        with pytest.raises(RuntimeError, match=r"torch.histc: range of .* is not finite"):
            nt.histc(nt.tensor(data), bins=3)
        check(lambda L, data=data: L.histc(L.tensor(data), bins=3), message=False)
    check(lambda L: L.histc(L.tensor([1.0, INF]), bins=3))
    check(lambda L: L.histc(L.tensor([1.0, 2.0]), bins=3, min=0, max=INF))
    check(lambda L: L.histc(L.tensor([1.0, 2.0]), bins=3, min=NAN, max=1))
    check(lambda L: L.histc(L.tensor([1, 2]), bins=3, min=NAN, max=NAN))


def test_histc_explicit_range_ignores_nan_and_inf():
    check(lambda L: L.histc(L.tensor([1.0, NAN, 2.0]), bins=3, min=0, max=3))
    check(lambda L: L.histc(L.tensor([1.0, INF, -INF, 3.0]), bins=3, min=0, max=3))


@pytest.mark.parametrize("dtype", ["bool", "uint8", "int8", "int16", "int32", "int64"])
def test_histc_integer_inputs_not_implemented(dtype):
    with pytest.raises(NotImplementedError):
        nt.histc(nt.ones(3, dtype=getattr(nt, dtype)))
    check(lambda L: L.histc(L.ones(3, dtype=getattr(L, dtype))))
    check(lambda L: L.histc(L.ones(0, 2, dtype=getattr(L, dtype)), bins=4))


def test_histc_checks():
    check(lambda L: L.histc(L.tensor([1.0, 2.0]), bins=3, min=3, max=0))
    check(lambda L: L.histc(L.tensor([1.0, 2.0]), bins=0))
    check(lambda L: L.histc(L.tensor([1.0, NAN]), bins=-1))
    check(lambda L: L.histc(L.tensor([1.0, 2.0]), bins=3, min=1e39, max=1e40))
    check(lambda L: L.histc(L.tensor([1.0, 2.0]), bins=3, min=0.5, max=0.5))
    check(lambda L: L.histc(L.tensor([2.0, 2.0]), bins=4))
    check(lambda L: L.histc(L.zeros(0), bins=3))


@pytest.mark.parametrize("dtype", ["float16", "bfloat16", "float32", "float64"])
def test_histc_random_values(dtype):
    rng = np.random.default_rng(5)
    for trial in range(15):
        a = rng.standard_normal(int(rng.integers(1, 60))) * [1, 3, 100][trial % 3]
        if trial % 2:
            a = np.round(a * 4) / 4
        lo_hi = [(0, 0), (-1, 1), (-0.3, 2.7), (0.1, 0.1), (-2, 5)][trial % 5]
        bins = int(rng.integers(1, 20))
        values = a.tolist()
        check(
            lambda L, v=values, b=bins, r=lo_hi: L.histc(
                L.tensor(v, dtype=getattr(L, dtype)), b, *r
            )
        )


# ---- dtypes of sums, products and scans ----------------------------------------------------

_PROMOTING = {
    "sum": lambda L, t: L.sum(t),
    "sum_dim": lambda L, t: L.sum(t, 0),
    "sum_dtype": lambda L, t: L.sum(t, dtype=L.int16),
    "nansum": lambda L, t: L.nansum(t),
    "prod": lambda L, t: L.prod(t),
    "prod_dim": lambda L, t: L.prod(t, 0, keepdim=True),
    "prod_dtype": lambda L, t: L.prod(t, dtype=L.float32),
    "cumsum": lambda L, t: L.cumsum(t, 0),
    "cumsum_nc": lambda L, t: L.cumsum(t.reshape(5, 1).t(), 1),
    "cumprod": lambda L, t: L.cumprod(t, 0),
    "cumsum_dtype": lambda L, t: L.cumsum(t, 0, dtype=L.int8),
    "sum_empty": lambda L, t: L.sum(t[:0]),
    "prod_empty": lambda L, t: L.prod(t[:0]),
    "cumsum_empty": lambda L, t: L.cumsum(t[:0], 0),
    "cumprod_0d": lambda L, t: L.cumprod(t[0], 0),
    "cumsum_inplace": lambda L, t: t.clone().cumsum_(0),
    "cumsum_inplace_dtype": lambda L, t: t.clone().cumsum_(0, dtype=L.int64),
    "mean": lambda L, t: L.mean(t),
    "mean_dim_dtype": lambda L, t: L.mean(t, 0, dtype=L.int64),
    "mean_dtype": lambda L, t: L.mean(t, dtype=L.float64),
}


@pytest.mark.parametrize("dtype", ["bool", "uint8", "int8", "int16", "int32"])
@pytest.mark.parametrize("name", sorted(_PROMOTING))
def test_integer_sums_products_scans(name, dtype):
    vals = [True, False, True, True, True] if dtype == "bool" else [1, 0, 100, 200, 3]
    check(lambda L: _PROMOTING[name](L, L.tensor(vals, dtype=getattr(L, dtype))))


# ---- std / var corrections -----------------------------------------------------------------

_INPUTS = {
    "one": lambda L: L.tensor([2.5]),
    "empty": lambda L: L.zeros(0),
    "empty2": lambda L: L.zeros(3, 0),
    "scalar": lambda L: L.tensor(1.5),
    "two": lambda L: L.tensor([1.0, 2.0], dtype=L.float64),
}
_CORRECTIONS = [
    {},
    {"correction": 0},
    {"correction": 1},
    {"correction": 2},
    {"correction": 1.5},
    {"unbiased": False},
    {"unbiased": True},
    {"dim": 0},
    {"dim": -1, "correction": 0},
    {"dim": 0, "keepdim": True, "correction": 3},
]


@pytest.mark.parametrize("kw", _CORRECTIONS, ids=str)
@pytest.mark.parametrize("fn", ["std", "var", "std_mean", "var_mean"])
@pytest.mark.parametrize("src", sorted(_INPUTS))
def test_std_var_corrections(src, fn, kw):
    check(lambda L: getattr(L, fn)(_INPUTS[src](L), **kw), warns=True)


# ---- NaN, -0.0 and ordering ----------------------------------------------------------------

_ORDER_VALUES = [0.0, NAN, -0.0, 1.0, -INF, NAN, 0.0, -1.0, INF, -0.0]
_ORDER_OPS = {
    "sort": lambda L, x: L.sort(x),
    "sort_stable": lambda L, x: L.sort(x, stable=True),
    "sort_stable_desc": lambda L, x: L.sort(x, stable=True, descending=True),
    "sort_desc": lambda L, x: L.sort(x, descending=True),
    "argsort_stable_desc": lambda L, x: L.argsort(x, descending=True, stable=True),
    "argmax": lambda L, x: L.argmax(x),
    "argmin": lambda L, x: L.argmin(x),
    "argmax_dim": lambda L, x: L.argmax(x.reshape(2, 5), 1),
    "argmin_dim_nc": lambda L, x: L.argmin(x.reshape(5, 2).t(), 1),
    "max": lambda L, x: L.max(x),
    "min_dim": lambda L, x: L.min(x.reshape(2, 5), 1),
    "max_dim": lambda L, x: L.max(x.reshape(5, 2), 0),
    "amax": lambda L, x: L.amax(x.reshape(5, 2), 0),
    "aminmax": lambda L, x: L.aminmax(x.reshape(2, 5), dim=1),
    "unique": lambda L, x: L.unique(x, return_inverse=True, return_counts=True),
    "unique_consecutive": lambda L, x: L.unique_consecutive(
        x, return_inverse=True, return_counts=True
    ),
    "median": lambda L, x: L.median(x),
    "median_dim": lambda L, x: L.median(x.reshape(2, 5), 1),
    "nanmedian_dim": lambda L, x: L.nanmedian(x.reshape(2, 5), 1),
    "cummax": lambda L, x: L.cummax(x, 0),
    "cummin": lambda L, x: L.cummin(x, 0),
    "msort": lambda L, x: L.msort(x.reshape(5, 2)),
}


@pytest.mark.parametrize("dtype", ["float16", "float32", "float64"])
@pytest.mark.parametrize("name", sorted(_ORDER_OPS))
def test_nan_and_signed_zero_ordering(name, dtype):
    check(lambda L: _ORDER_OPS[name](L, L.tensor(_ORDER_VALUES, dtype=getattr(L, dtype))))


# ---- unique --------------------------------------------------------------------------------

_UNIQUE = {
    "dim0": lambda L, u: L.unique(u, dim=0, return_inverse=True, return_counts=True),
    "dim1": lambda L, u: L.unique(u, dim=1, return_inverse=True, return_counts=True),
    "dim-1": lambda L, u: L.unique(u, dim=-1, return_inverse=True),
    "unsorted": lambda L, u: L.unique(u, sorted=False, return_inverse=True, return_counts=True),
    "non_contiguous": lambda L, u: L.unique(u.t(), dim=1, return_inverse=True, return_counts=True),
    "inverse_shape": lambda L, u: L.unique(u, return_inverse=True)[1],
    "consecutive_dim0": lambda L, u: L.unique_consecutive(
        u, dim=0, return_inverse=True, return_counts=True
    ),
    "empty": lambda L, u: L.unique(u[:0], return_inverse=True, return_counts=True),
    "empty_dim0": lambda L, u: L.unique(u[:0], dim=0, return_inverse=True, return_counts=True),
    "consecutive_empty_dim0": lambda L, u: L.unique_consecutive(
        u[:0], dim=0, return_inverse=True, return_counts=True
    ),
    "consecutive_empty_other_dim": lambda L, u: L.unique_consecutive(u[:, :0], dim=0),
    "scalar": lambda L, u: L.unique(u[0, 0], return_inverse=True, return_counts=True),
    "bool_dim": lambda L, u: L.unique(u > 1, dim=0, return_inverse=True, return_counts=True),
}


@pytest.mark.parametrize("name", sorted(_UNIQUE))
def test_unique_variants(name):
    check(lambda L: _UNIQUE[name](L, L.tensor([[1, 2, 1, 0], [3, 4, 3, 0], [1, 2, 1, 0]])))


# ---- roll ----------------------------------------------------------------------------------


def test_trace_bool_checked_before_shape():
    check(lambda L: L.trace(L.tensor(True)))
    check(lambda L: L.trace(L.ones(2, 2, dtype=L.bool)))
    check(lambda L: L.trace(L.ones(2, dtype=L.uint8)))


def test_roll_edge_cases():
    check(lambda L: L.roll(L.tensor(1.0), 1))
    check(lambda L: L.roll(L.tensor(1.0), (1,), (0,)))
    check(lambda L: L.roll(L.ones(2), ()))
    check(lambda L: L.roll(L.arange(4), 1, ()))
    check(lambda L: L.roll(L.zeros(0, 3), 1, 0))


# ---- CUDA (the simulator in CI: tiny) ------------------------------------------------------


def test_edge_cases_on_device(device):
    x = nt.tensor([-0.0, INF], device=device)
    assert math.isnan(nt.quantile(x, 0.5).item())
    counts = nt.bincount(nt.tensor([1, 0, 3], dtype=nt.int16, device=device))
    assert counts.device.type == device
    np.testing.assert_array_equal(counts.cpu().numpy(), [1, 1, 0, 1])
    assert nt.logcumsumexp(nt.zeros(3, 0, device=device), 1).shape == (3, 0)
    with pytest.raises(IndexError):
        nt.sort(nt.tensor(1.0, device=device), dim=1)
