"""numtensor.backend.cuda against numtensor.backend.cpu, function by function.

Run with ``NUMBA_ENABLE_CUDASIM=1 pytest -m cuda tests/test_cuda_backend.py`` (or on a GPU).
The simulator runs one OS thread per CUDA thread, so arrays stay small. The allocator, launch
configurations and the hardware-only code paths are tested in test_cuda_allocator.py.
"""

from __future__ import annotations

import numpy as np
import pytest

import numtensor.cuda as ntcuda

pytestmark = pytest.mark.cuda

if not ntcuda.is_available():
    pytest.skip("needs a CUDA device or NUMBA_ENABLE_CUDASIM=1", allow_module_level=True)

from numtensor.backend import cpu as C  # noqa: E402
from numtensor.backend import cuda as B  # noqa: E402
from numtensor.backend.cuda import launch  # noqa: E402

RNG = np.random.default_rng(0)


def host(x):
    return B.to_host(x)


def pair(array):
    """The same array on both backends."""
    return array, B.from_host(array)


def same_layout(c, d, base_c, base_d):
    """Shape, element strides, offset and values agree between a CPU and a CUDA view."""
    assert tuple(d.shape) == c.shape
    assert B.strides_of(d) == C.strides_of(c)
    item = c.itemsize
    off_c = (C.data_ptr(c) - C.data_ptr(base_c)) // item
    off_d = (B.data_ptr(d) - B.data_ptr(base_d)) // item
    assert off_d == off_c
    np.testing.assert_array_equal(host(d), c)
    assert B.is_contiguous(d) == C.is_contiguous(c)
    assert B.is_dense(d) == C.is_dense(c)


# ---- storage -----------------------------------------------------------------------------------


@pytest.mark.parametrize("dtype", [np.bool_, np.int8, np.int64, np.float16, np.float32])
def test_host_round_trip(dtype):
    for shape in [(), (0,), (3,), (2, 3)]:
        a = (RNG.standard_normal(shape) * 5).astype(dtype)
        d = B.from_host(a)
        assert B.is_storage(d) and not B.is_storage(a) and not C.is_storage(d)
        assert tuple(d.shape) == a.shape and d.dtype == a.dtype
        np.testing.assert_array_equal(host(d), a)
        assert B.empty(shape, dtype).dtype == dtype


def test_to_host_of_strided_and_broadcast_views():
    a, d = pair(np.arange(24, dtype=np.float32).reshape(4, 6))
    np.testing.assert_array_equal(host(B.view(d, (2, 3), (6, 2), 1)), C.view(a, (2, 3), (6, 2), 1))
    wide = B.view(d, (3, 4, 6), (0, 6, 1))
    out = host(wide)
    np.testing.assert_array_equal(out, np.broadcast_to(a, (3, 4, 6)))
    out[0, 0, 0] = -1  # its own memory
    assert host(d)[0, 0] == 0


def test_full_and_fill():
    np.testing.assert_array_equal(host(B.full((2, 3), 1.5, np.float32)), np.full((2, 3), 1.5))
    np.testing.assert_array_equal(host(B.full((4,), 7, np.int16)), np.full(4, 7, np.int16))
    a, d = pair(np.zeros((4, 5), np.float64))
    C.fill_(C.basic_index(a, (slice(None), slice(1, None, 2))), -2)
    B.fill_(B.basic_index(d, (slice(None), slice(1, None, 2))), -2)
    np.testing.assert_array_equal(host(d), a)


VIEWS = [
    lambda m, x: m.view(x, (3, 4), (8, 1), 2),
    lambda m, x: m.view(x, (2, 2, 3), (12, 1, 4), 1),
    lambda m, x: m.view(x, (5,), (0,), 7),
    lambda m, x: m.permute(x, (2, 0, 1)),
    lambda m, x: m.reshape_view(x, (6, 4)),
    lambda m, x: m.basic_index(x, (1,)),
    # all ints: a 0-d view (NumPy's own x[1, 2, 3] would read a scalar)
    lambda m, x: m.basic_index(x, (1, 2, 3) if m is B else (1, 2, 3, Ellipsis)),
    lambda m, x: m.basic_index(x, (slice(None), -1)),
    lambda m, x: m.basic_index(x, (Ellipsis, slice(1, 4, 2))),
    lambda m, x: m.basic_index(x, (None, slice(1, None), Ellipsis, None, 2)),
    lambda m, x: m.basic_index(m.permute(x, (1, 0, 2)), (slice(None, None, 2), 1)),
    lambda m, x: m.basic_index(m.view(x, (4, 5), (5, 1), 3), (slice(1, 3), slice(0, 5, 3))),
    lambda m, x: m.basic_index(x, (slice(0, 0),)),
]


@pytest.mark.parametrize("make", VIEWS)
def test_views_match_cpu(make):
    base_c, base_d = pair(np.arange(24, dtype=np.float32).reshape(2, 3, 4))
    same_layout(make(C, base_c), make(B, base_d), base_c, base_d)


def test_reshape_view_refuses_non_contiguous():
    _, d = pair(np.zeros((3, 4), np.float32))
    assert B.reshape_view(B.permute(d, (1, 0)), (12,)) is None
    assert B.reshape_view(B.basic_index(d, (slice(None), 0)), (3,)) is None  # 1-D strided


def test_basic_index_errors_like_numpy():
    _, d = pair(np.zeros((3, 4), np.float32))
    with pytest.raises(IndexError):
        B.basic_index(d, (3,))


def test_shares_memory_and_overlaps_partially_match_cpu():
    a, d = pair(np.zeros((4, 6), np.float32))
    recipes = [
        lambda m, x: m.basic_index(x, (slice(None), slice(0, None, 2))),  # even columns
        lambda m, x: m.basic_index(x, (slice(None), slice(1, None, 2))),  # odd columns
        lambda m, x: m.basic_index(x, (slice(1, 3),)),
        lambda m, x: m.permute(m.view(x, (4, 4), (6, 1)), (1, 0)),
        lambda m, x: m.view(x, (4, 4), (6, 1)),
        lambda m, x: x,
    ]
    views = [(r(C, a), r(B, d)) for r in recipes]
    for vc, vd in views:
        for wc, wd in views:
            assert B.shares_memory(vd, wd) == C.shares_memory(vc, wc)
            assert B.overlaps_partially(vd, wd) == C.overlaps_partially(vc, wc)
    other = B.from_host(np.zeros(3, np.float32))
    assert not B.shares_memory(d, other)


COPY_CASES = [
    # (dst dtype, src dtype, view of a (6, 6) dst, src: "same" layout, a "row" broadcast or "t")
    (np.float32, np.float64, lambda m, x: m.permute(x, (1, 0)), "same"),
    (np.int32, np.float32, lambda m, x: m.basic_index(x, (slice(None), slice(1, 5, 2))), "row"),
    (np.bool_, np.float32, lambda m, x: x, "row"),
    (np.uint8, np.float64, lambda m, x: m.basic_index(x, (slice(0, 2),)), "same"),
    (np.float64, np.int64, lambda m, x: m.basic_index(x, (1,)), "same"),
    (np.float16, np.float32, lambda m, x: x, "t"),
]


@pytest.mark.parametrize("case", COPY_CASES)
def test_copy_casts_into_any_layout(case):
    dst_dtype, src_dtype, dst_view, src_kind = case
    dst_c, dst_d = pair(np.full((6, 6), 9, dst_dtype))
    tc, td = dst_view(C, dst_c), dst_view(B, dst_d)
    values = np.abs(RNG.standard_normal(tc.shape) * 40).astype(src_dtype)
    values.reshape(-1)[0] = 0
    if src_kind == "row":
        sc, sd = pair(values[(0,) * (values.ndim - 1)])
    elif src_kind == "t":
        sc, sd = pair(np.ascontiguousarray(values.T))
        sc, sd = C.permute(sc, (1, 0)), B.permute(sd, (1, 0))
    else:
        sc, sd = pair(values)
    C.copy_(tc, sc)
    B.copy_(td, sd)
    np.testing.assert_array_equal(host(dst_d), dst_c)


def test_copy_reads_an_overlapping_source_first():
    a, d = pair(np.arange(10, dtype=np.int64))
    C.copy_(a[1:], a[:-1])
    B.copy_(B.basic_index(d, (slice(1, None),)), B.basic_index(d, (slice(None, -1),)))
    np.testing.assert_array_equal(host(d), a)


def test_copy_from_a_host_array():
    d = B.empty((2, 3), np.float32)
    B.copy_(d, np.arange(6.0).reshape(2, 3))
    np.testing.assert_array_equal(host(d), np.arange(6.0).reshape(2, 3))


def test_astype_contiguous_clone_keep_layout_like_cpu():
    a, d = pair(RNG.standard_normal((3, 4)).astype(np.float32))
    tc, td = C.permute(a, (1, 0)), B.permute(d, (1, 0))
    for fn in (C.clone, lambda x: C.astype(x, np.float64)):
        assert C.strides_of(fn(tc)) == (1, 4)
    assert B.strides_of(B.clone(td)) == (1, 4)
    assert B.strides_of(B.astype(td, np.float64)) == (1, 4)
    np.testing.assert_array_equal(host(B.astype(td, np.float64)), tc.astype(np.float64))
    cont = B.contiguous(td)
    assert B.strides_of(cont) == (3, 1) and not B.shares_memory(cont, d)
    np.testing.assert_array_equal(host(cont), tc)
    assert B.contiguous(d) is d
    like = B.empty_like((4, 3), np.int32, (td,))
    assert B.strides_of(like) == C.strides_of(C.empty_like((4, 3), np.int32, (tc,)))


def test_cat():
    parts = [RNG.standard_normal((2, k)).astype(np.float32) for k in (1, 3)]
    out = B.cat([B.from_host(p) for p in parts], 1, np.float64)
    np.testing.assert_array_equal(host(out), C.cat(parts, 1, np.float64))


# ---- __cuda_array_interface__ ------------------------------------------------------------------


def test_cuda_array_interface_strides():
    _, d = pair(np.zeros((3, 4), np.float32))
    cai = B.cuda_array_interface(d)
    assert cai["version"] == 3 and cai["typestr"] == "<f4" and cai["shape"] == (3, 4)
    assert cai["strides"] is None and cai["data"] == (B.data_ptr(d), False)
    assert B.cuda_array_interface(B.permute(d, (1, 0)))["strides"] == (4, 16)
    broadcast = B.view(d, (5, 3, 4), (0, 4, 1))
    assert B.cuda_array_interface(broadcast)["strides"] == (0, 16, 4)
    row = B.basic_index(d, (2,))
    assert B.cuda_array_interface(row)["data"][0] == B.data_ptr(d) + 2 * 16


class Exporter:
    """A foreign array: only ``__cuda_array_interface__`` (like a CuPy or torch array)."""

    def __init__(self, data):
        self._data = data
        self.__cuda_array_interface__ = B.cuda_array_interface(data)


def test_from_cuda_array_interface_is_zero_copy():
    a, d = pair(np.arange(12, dtype=np.int32).reshape(3, 4))
    t = B.permute(d, (1, 0))
    wrapped = B.from_cuda_array_interface(Exporter(t))
    assert B.is_storage(wrapped) and B.data_ptr(wrapped) == B.data_ptr(d)
    assert B.strides_of(wrapped) == (1, 4)
    np.testing.assert_array_equal(host(wrapped), a.T)
    B.fill_(wrapped, 5)
    np.testing.assert_array_equal(host(d), np.full((3, 4), 5))
    with pytest.raises(TypeError):
        B.from_cuda_array_interface(object())


# ---- elementwise -------------------------------------------------------------------------------


def run_both(op, out_shape, out_dtype, inputs_c, inputs_d, params=(), out_view=None):
    out_c, out_d = np.zeros(out_shape, out_dtype), B.empty(out_shape, out_dtype)
    B.fill_(out_d, 0)
    if out_view is not None:
        out_c, out_d = out_view(C, out_c), out_view(B, out_d)
    C.elementwise(op, out_c, inputs_c, params)
    B.elementwise(op, out_d, inputs_d, params)
    np.testing.assert_allclose(host(out_d), out_c, rtol=1e-6)


def test_elementwise_contiguous_and_host_scalar():
    x, dx = pair(RNG.standard_normal((3, 4)).astype(np.float32))
    y, dy = pair(RNG.standard_normal((3, 4)).astype(np.float32))
    run_both("add", (3, 4), np.float32, [x, y], [dx, dy])
    scalar = np.array(2.5, np.float32)
    run_both("mul", (3, 4), np.float32, [x, scalar], [dx, scalar])
    run_both("lt", (3, 4), np.bool_, [x, y], [dx, dy])
    run_both("clamp", (3, 4), np.float32, [x], [dx], (-0.5, 0.5))
    cond, dcond = pair(x > 0)
    run_both("where", (3, 4), np.float32, [cond, x, y], [dcond, dx, dy])


def test_elementwise_strided_and_broadcast():
    x, dx = pair(RNG.standard_normal((4, 3)).astype(np.float64))
    y, dy = pair(RNG.standard_normal((4,)).astype(np.float64))
    xt, dxt = C.permute(x, (1, 0)), B.permute(dx, (1, 0))
    run_both("sub", (3, 4), np.float64, [xt, y], [dxt, dy])
    run_both("exp", (3, 4), np.float64, [xt], [dxt], out_view=None)
    # a strided output: every other column of a wider array
    run_both(
        "mul",
        (3, 8),
        np.float64,
        [xt, y],
        [dxt, dy],
        out_view=lambda m, o: m.basic_index(o, (slice(None), slice(0, None, 2))),
    )


def test_elementwise_more_dims_than_the_strided_kernels():
    # 7 dims that do not coalesce (every other element of each dim): one launch per index
    shape = (2,) * 7
    base, dbase = pair(RNG.standard_normal((4,) * 7).astype(np.float32))
    index = (slice(0, None, 2),) * 7
    x, dx = base[index], B.basic_index(dbase, index)
    y, dy = pair(RNG.standard_normal(shape).astype(np.float32))
    run_both("add", shape, np.float32, [x, y], [dx, dy])


def test_elementwise_in_place():
    x, dx = pair(RNG.standard_normal((5, 2)).astype(np.float32))
    y, dy = pair(RNG.standard_normal((5, 2)).astype(np.float32))
    C.elementwise("add", x, [x, y])
    B.elementwise("add", dx, [dx, dy])
    C.elementwise("mul_scalar", x, [x], (3.0,))
    B.elementwise("mul_scalar", dx, [dx], (3.0,))
    np.testing.assert_allclose(host(dx), x, rtol=1e-6)
    C.accumulate_(x, y)
    B.accumulate_(dx, dy)
    np.testing.assert_allclose(host(dx), x, rtol=1e-6)


def test_fast_paths():
    x, dx = pair(RNG.standard_normal((3, 3)).astype(np.float32))
    y, dy = pair(RNG.standard_normal((3, 3)).astype(np.float32))
    np.testing.assert_allclose(host(B.fast_binary("mul", dx, dy)), C.fast_binary("mul", x, y))
    got = B.fast_scalar("add_scalar", dx, 2.0)
    np.testing.assert_allclose(host(got), C.fast_scalar("add_scalar", x, 2.0))
    assert B.fast_binary("mul", B.permute(dx, (1, 0)), dy) is None


# ---- reductions, scans, matmul -----------------------------------------------------------------

ACC = {"sum": np.float64, "prod": np.float64, "count_nonzero": np.int64, "max": None, "min": None}


@pytest.mark.parametrize("dims", [(1,), (0, 2), ()])
def test_reductions_match_cpu(dims):
    a, d = pair(RNG.standard_normal((2, 5, 3)).astype(np.float32))
    a[0, 1, 0] = 0
    d = B.from_host(a)
    xc, xd = C.reduction_view(a, dims), B.reduction_view(d, dims)
    assert tuple(xd.shape) == xc.shape
    for kind, acc in ACC.items():
        acc = acc or a.dtype
        got, want = host(B.reduce(kind, xd, acc)), C.reduce(kind, xc, acc)
        assert got.dtype == want.dtype
        np.testing.assert_allclose(got, want, rtol=1e-6)
    for kind in ("max", "min"):
        (vc, ic), (vd, idd) = C.arg_reduce(kind, xc), B.arg_reduce(kind, xd)
        np.testing.assert_array_equal(host(vd), vc)
        np.testing.assert_array_equal(host(idd), ic)


def test_reduction_view_of_a_transposed_array_copies():
    a, d = pair(RNG.standard_normal((3, 4)).astype(np.float32))
    xc, xd = C.reduction_view(a.T, (1,)), B.reduction_view(B.permute(d, (1, 0)), (1,))
    np.testing.assert_array_equal(host(xd), xc)


def test_sq_dev_rows_and_cols():
    a, d = pair(RNG.standard_normal((2, 4, 3)).astype(np.float64))
    for dims in [(1,), (2,)]:
        xc, xd = C.reduction_view(a, dims), B.reduction_view(d, dims)
        mean = C.reduce("sum", xc, np.float64) / xc.shape[1]
        got = host(B.reduce("sq_dev", xd, np.float64, B.from_host(mean)))
        np.testing.assert_allclose(got, C.reduce("sq_dev", xc, np.float64, mean))


def test_long_rows_take_two_passes():
    # few rows, long enough that reduce splits them (see reduce._parts)
    a, d = pair(RNG.standard_normal((1, 2000)).astype(np.float32))
    xc, xd = C.reduction_view(a, (1,)), B.reduction_view(d, (1,))
    assert B.reduce.__globals__["_parts"](1, 2000, launch.block_size(2000, 256)) >= 2
    for kind, acc in [("sum", np.float64), ("max", np.float32), ("count_nonzero", np.int64)]:
        np.testing.assert_allclose(host(B.reduce(kind, xd, acc)), C.reduce(kind, xc, acc))
    mean = np.array([[a.mean(dtype=np.float64)]])
    got = host(B.reduce("sq_dev", xd, np.float64, B.from_host(mean)))
    np.testing.assert_allclose(got, C.reduce("sq_dev", xc, np.float64, mean))


@pytest.mark.parametrize("d", [0, 2])
def test_scans_match_cpu(d):
    a, da = pair(RNG.standard_normal((2, 3, 4)).astype(np.float32))
    xc, xd = C.reduction_view(a, (d,)), B.reduction_view(da, (d,))
    for kind in ("cumsum", "cumprod"):
        sc, sd = C.scan(kind, xc, np.float64), B.scan(kind, xd, np.float64)
        np.testing.assert_allclose(host(sd), sc, rtol=1e-12)
        back_c, back_d = C.from_reduction_view(sc, a, d), B.from_reduction_view(sd, da, d)
        assert tuple(back_d.shape) == back_c.shape
        np.testing.assert_allclose(host(back_d), back_c, rtol=1e-12)


def test_bmm_broadcast_batch_and_transposed_operands():
    a, da = pair(RNG.standard_normal((1, 3, 5)).astype(np.float32))
    b, db = pair(RNG.standard_normal((2, 4, 5)).astype(np.float32))
    ac, ad = C.view(a, (2, 3, 5), (0, 5, 1)), B.view(da, (2, 3, 5), (0, 5, 1))
    bc, bd = C.permute(b, (0, 2, 1)), B.permute(db, (0, 2, 1))
    np.testing.assert_allclose(host(B.bmm(ad, bd, np.float32)), C.bmm(ac, bc, np.float32), 1e-5)
    ints = RNG.integers(-5, 5, (2, 3, 2)).astype(np.int32)
    got = host(B.bmm(B.from_host(ints), B.from_host(ints.transpose(0, 2, 1).copy()), np.int64))
    np.testing.assert_array_equal(
        got, C.bmm(ints.astype(np.int64), ints.transpose(0, 2, 1), np.int64)
    )
    empty_k = B.bmm(B.empty((1, 2, 0), np.float32), B.empty((1, 0, 3), np.float32), np.float32)
    np.testing.assert_array_equal(host(empty_k), np.zeros((1, 2, 3)))


def test_bmm_tiled_kernel():
    a, da = pair(RNG.standard_normal((1, 40, 9)).astype(np.float32))
    b, db = pair(RNG.standard_normal((1, 9, 33)).astype(np.float32))
    np.testing.assert_allclose(host(B.bmm(da, db, np.float32)), a @ b, rtol=1e-5, atol=1e-5)


# ---- host fallbacks ----------------------------------------------------------------------------


def test_host_fallbacks_are_listed_and_match_cpu():
    print("HOST_FALLBACKS:", B.HOST_FALLBACKS)
    assert "svd" in B.HOST_FALLBACKS and "copy_" not in B.HOST_FALLBACKS
    assert set(B.HOST_FALLBACKS) | set(B.NATIVE) >= set(C.__all__)
    assert not set(B.HOST_FALLBACKS) & set(B.NATIVE)
    for name in B.HOST_FALLBACKS:
        assert "HOST FALLBACK" in getattr(B, name).__doc__ or name == "svd"
    assert "ON THE HOST" in B.svd.__doc__
    a, da = pair(RNG.standard_normal((2, 3, 3)).astype(np.float64))
    u, s, vh = B.svd(da, False)
    assert all(B.is_storage(x) for x in (u, s, vh))
    np.testing.assert_allclose(host(s), C.svd(a, False)[1])


@pytest.mark.skipif("masked_fill_" not in C.__all__, reason="no CPU masked_fill_")
def test_host_fallback_writes_back_into_a_strided_argument():
    a, da = pair(np.zeros((4, 4), np.float32))
    tc, td = C.permute(a, (1, 0)), B.permute(da, (1, 0))
    mask = np.tril(np.ones((4, 4), bool))
    C.masked_fill_(tc, mask, 3.0)
    B.masked_fill_(td, B.from_host(mask), 3.0)  # a device mask: copied to the host too
    np.testing.assert_array_equal(host(da), a)


@pytest.mark.skipif("sort" not in C.__all__, reason="no CPU sort")
def test_host_fallback_returns_device_arrays():
    a, da = pair(RNG.standard_normal((3, 4)).astype(np.float32))
    values, indices = B.sort(da, 1, False)
    assert B.is_storage(values) and B.is_storage(indices)
    want = C.sort(a, 1, False)
    np.testing.assert_array_equal(host(values), want[0])
    np.testing.assert_array_equal(host(indices), want[1])
