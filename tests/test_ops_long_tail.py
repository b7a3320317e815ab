"""The long tail of torch.* and Tensor names: mode, unique_consecutive, histogram(dd), window
functions, renorm, fill, scalar_tensor, empty_strided / new_empty_strided / empty_permuted,
asarray, frombuffer, gradient, adjoint, detach, get_device, inference tensors, the deprecated
frobenius_norm / nuclear_norm and the torch.* forms of nn.functional ops; against torch."""

import array
import warnings

import numpy as np
import pytest

import numtensor as nt
from tests.conftest import torch


def _same(got, expected, rtol=1e-6, atol=0.0):
    if isinstance(expected, (tuple, list)):
        assert len(got) == len(expected)
        for g, e in zip(got, expected):
            _same(g, e, rtol, atol)
        return
    assert str(got.dtype).split(".")[1] == str(expected.dtype).split(".")[1], (
        got.dtype,
        expected.dtype,
    )
    assert tuple(got.shape) == tuple(expected.shape), (got.shape, expected.shape)
    g = got.detach().cpu().numpy()
    e = expected.detach().numpy()
    if e.dtype.kind == "f":
        np.testing.assert_allclose(g, e, rtol=rtol, atol=atol, equal_nan=True)
    else:
        np.testing.assert_array_equal(g, e)


def _both(fn, *arrays, **tol):
    """fn(module, *tensors): same error class, or the same results."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            expected = fn(torch, *(torch.tensor(a) for a in arrays))
    except Exception as exc:
        with pytest.raises(type(exc)):
            fn(nt, *(nt.tensor(a) for a in arrays))
        return
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        got = fn(nt, *(nt.tensor(a) for a in arrays))
    _same(got, expected, **tol)


# ---- mode, unique_consecutive -----------------------------------------------------------------


@pytest.mark.parametrize(
    "data",
    [
        np.array([3, 1, 3, 1, 2]),
        np.array([1, 2, 2, 1, 1, 2]),
        np.array([2, 1, 1, 2]),
        np.array([1.0, np.nan, np.nan, 2]),
        np.array([True, False, True]),
        np.array([[3.0, 1, 3, 1, 2], [5, 5, 4, 4, 4]]),
        np.array([[7, 7, 1], [2, 9, 9], [4, 4, 4]], np.int16),
        np.array(3.5),
    ],
)
def test_mode_matches_torch(data):
    _both(lambda m, x: tuple(m.mode(x)), data)
    if data.ndim:
        _both(lambda m, x: tuple(x.mode(0, keepdim=True)), data)
        _both(lambda m, x: tuple(x.mode(-1)), data)
    if data.ndim == 2:
        _both(lambda m, x: tuple(x.t().mode(1)), data)


def test_mode_edges_and_gradient():
    _both(lambda m, x: tuple(m.mode(x)), np.zeros(0))
    _both(lambda m, x: tuple(m.mode(x, 1)), np.zeros((2, 0)))
    _both(lambda m, x: tuple(m.mode(x, 0)), np.zeros((2, 0)))
    _both(lambda m, x: tuple(m.mode(x, 2)), np.zeros((2, 3)))
    r = nt.tensor([1.0, 2, 2, 5, 2]).mode()
    assert type(r).__name__ == "mode" and r.values.item() == 2 and r.indices.item() == 4
    x = nt.tensor([[1.0, 2, 2], [3, 3, 0]], requires_grad=True)
    values = x.mode(1).values
    assert values.grad_fn.name() == "ModeBackward0"
    values.sum().backward()
    t = torch.tensor([[1.0, 2, 2], [3, 3, 0]], requires_grad=True)
    t.mode(1).values.sum().backward()
    np.testing.assert_array_equal(x.grad.numpy(), t.grad.numpy())


@pytest.mark.parametrize("inverse", [False, True])
@pytest.mark.parametrize("counts", [False, True])
def test_unique_consecutive_matches_torch(inverse, counts):
    kw = dict(return_inverse=inverse, return_counts=counts)
    for data in (
        np.array([1, 1, 2, 2, 3, 1, 1, 2]),
        np.array([[1, 1], [1, 1], [2, 3]]),
        np.array([1.0, np.nan, np.nan, 2.0, 2.0]),
        np.array([True, True, False]),
        np.zeros(0),
        np.array(5),
    ):
        _both(lambda m, x: m.unique_consecutive(x, **kw), data)
        _both(lambda m, x: x.unique_consecutive(**kw), data)
    grid = np.array([[1, 1, 2], [1, 1, 2], [3, 3, 2], [1, 1, 2]])
    for dim in (0, 1, -1):
        _both(lambda m, x, dim=dim: m.unique_consecutive(x, dim=dim, **kw), grid)
    _both(lambda m, x: m.unique_consecutive(x.t(), dim=0, **kw), grid)


# ---- histograms ---------------------------------------------------------------------------


@pytest.mark.parametrize("density", [False, True])
def test_histogram_matches_torch(density):
    rng = np.random.default_rng(0)
    data = rng.normal(size=200).astype(np.float32)
    w = rng.random(200).astype(np.float32)
    for kwargs in (dict(bins=7), dict(bins=4, range=(-1.0, 1.0)), dict(bins=3, range=(0.0, 0.0))):
        _both(
            lambda m, x, kwargs=kwargs: tuple(m.histogram(x, density=density, **kwargs)),
            data,
            rtol=1e-5,
        )
        _both(
            lambda m, x, w, kw=kwargs: tuple(x.histogram(weight=w, density=density, **kw)),
            data,
            w,
            rtol=1e-5,
        )
    edges = np.array([-2.0, -0.5, 0.0, 0.3, 3.0], np.float32)
    _both(lambda m, x, e: tuple(m.histogram(x, e, density=density)), data, edges, rtol=1e-5)
    _both(lambda m, x: tuple(m.histogram(x, 5)), data.astype(np.float64).reshape(20, 10))
    _both(lambda m, x: tuple(m.histogram(x, 2)), np.array([1.0, 1.0]))
    _both(lambda m, x: tuple(m.histogram(x, 2)), np.zeros(0, np.float32))
    # every element on an edge: the last bin takes the right edge
    _both(lambda m, x: tuple(m.histogram(x, 4, range=(0.0, 4.0))), np.arange(5.0))


def test_histogram_errors():
    _both(lambda m, x: tuple(m.histogram(x)), np.array([1, 2]))
    _both(lambda m, x: tuple(m.histogram(x, 2, range=(2.0, 1.0))), np.array([1.0, 2.0]))
    _both(lambda m, x: tuple(m.histogram(x, 2)), np.array([1.0, np.nan, np.inf]))
    _both(lambda m, x: tuple(m.histogram(x, 2, range=(0.0, np.inf))), np.array([1.0]))
    _both(lambda m, x: tuple(m.histogram(x, x.double())), np.array([1.0, 2.0], np.float32))


def test_histogramdd_matches_torch():
    pts = np.array([[0.0, 1.0], [1.0, 0.0], [2.0, 0.0], [2.0, 2.0], [0.5, 1.9]])
    w = np.array([1.0, 2.0, 4.0, 8.0, 3.0])
    for density in (False, True):

        def weighted(m, x, w, density=density):
            return tuple(m.histogramdd(x, bins=[3, 2], weight=w, density=density))

        def ranged(m, x, density=density):
            return tuple(m.histogramdd(x, bins=2, range=[0.0, 1.0, 0.0, 1.0], density=density))

        _both(weighted, pts, w)
        _both(ranged, pts)
    bins = [np.array([0.0, 1, 2]), np.array([0.0, 3])]

    def with_edges(m, x):
        return tuple(m.histogramdd(x, bins=[m.tensor(b) for b in bins]))

    _both(with_edges, pts)
    _both(lambda m, x: tuple(m.histogramdd(x, bins=[2, 2, 2])), pts)  # (too many bins)
    _both(lambda m, x: tuple(m.histogramdd(x, bins=4)), np.random.default_rng(1).random((3, 4, 3)))
    r = nt.histogramdd(nt.tensor(pts), bins=2)
    assert type(r).__name__ == "histogramdd" and isinstance(r.bin_edges, tuple)


# ---- windows --------------------------------------------------------------------------------

WINDOWS = ["bartlett_window", "blackman_window", "hamming_window", "hann_window", "kaiser_window"]


@pytest.mark.parametrize("name", WINDOWS)
def test_windows_match_torch(name):
    for n in (0, 1, 2, 5, 8, 33):
        for periodic in (True, False):
            for dtype in ("float32", "float64"):
                got = getattr(nt, name)(n, periodic, dtype=getattr(nt, dtype))
                expected = getattr(torch, name)(n, periodic, dtype=getattr(torch, dtype))
                _same(got, expected, rtol=1e-6, atol=1e-7)
    _same(getattr(nt, name)(6), getattr(torch, name)(6), atol=1e-7)
    got = getattr(nt, name)(4, requires_grad=True)
    assert got.requires_grad and got.is_leaf
    with pytest.raises(RuntimeError):
        getattr(nt, name)(5, dtype=nt.int64)
    with pytest.raises(RuntimeError):
        getattr(nt, name)(-1)


def test_window_parameters():
    _same(nt.hamming_window(7, True, 0.5, 0.4), torch.hamming_window(7, True, 0.5, 0.4), atol=1e-7)
    _same(nt.kaiser_window(9, False, 5.0, dtype=nt.float64),
          torch.kaiser_window(9, False, 5.0, dtype=torch.float64), rtol=1e-12)  # fmt: skip
    _same(nt.kaiser_window(10, True, 0.0), torch.kaiser_window(10, True, 0.0))


# ---- renorm, norms -------------------------------------------------------------------------


def test_renorm_matches_torch():
    a = np.array([[1.0, 2], [3, 4], [0.1, 0.2]])
    for p, dim, maxnorm in ((2, 0, 3), (1, 1, 2.5), (3, -1, 0.5), (2, 0, 0)):
        _both(lambda m, x, maxnorm=maxnorm, dim=dim, p=p: m.renorm(x, p, dim, maxnorm), a)
        _both(
            lambda m, x, maxnorm=maxnorm, dim=dim, p=p: x.t().renorm(p, dim, maxnorm),
            a.astype(np.float32),
        )
    _both(lambda m, x: m.renorm(x, 2, 0, 3), np.array([[1, 2], [3, 4]]))
    _both(lambda m, x: m.renorm(x, -1, 0, 3), a)
    _both(lambda m, x: m.renorm(x, 2, 0, -3), a)
    _both(lambda m, x: m.renorm(x, 2, 0, 1), np.array([1.0, 2.0]))
    _both(lambda m, x: m.renorm(x, 2, 1, 1), np.zeros((2, 0, 3)))
    x = nt.tensor(a.copy())
    assert x.renorm_(2, 0, 3) is x
    np.testing.assert_allclose(x.numpy(), torch.tensor(a).renorm(2, 0, 3).numpy())
    v = nt.tensor(a, requires_grad=True)
    assert nt.autograd.gradcheck(lambda v: v.renorm(2, 0, 1.5), (v,))
    v.renorm(2, 0, 1.5).sum().backward()
    t = torch.tensor(a, requires_grad=True)
    t.renorm(2, 0, 1.5).sum().backward()
    np.testing.assert_allclose(v.grad.numpy(), t.grad.numpy(), rtol=1e-6)


def test_deprecated_norms():
    a = np.array([[[1.0, 2], [3, 4]], [[0.5, -1], [2, 0]]])
    _both(lambda m, x: m.frobenius_norm(x), a)
    _both(lambda m, x: m.frobenius_norm(x, (0, 1)), a)
    _both(lambda m, x: m.frobenius_norm(x, (0,), True), a)
    _both(lambda m, x: m.nuclear_norm(x[0]), a, rtol=1e-10)
    _both(lambda m, x: m.nuclear_norm(x[0], True), a, rtol=1e-10)
    _both(lambda m, x: m.nuclear_norm(x, (1, 2), keepdim=True), a, rtol=1e-10)
    _both(lambda m, x: m.nuclear_norm(x, (0, 2)), a, rtol=1e-10)
    _both(lambda m, x: m.nuclear_norm(x), a)
    from numtensor.ops import tensor_forms

    tensor_forms._WARNED.clear()
    with pytest.warns(UserWarning, match="frobenius_norm is deprecated"):
        nt.frobenius_norm(nt.ones(2, 2), (0, 1))
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # (said once per process, as PyTorch)
        nt.frobenius_norm(nt.ones(2, 2), (0, 1))


# ---- creation -------------------------------------------------------------------------------


def test_fill_and_scalar_tensor():
    _both(lambda m, x: m.fill(x, 3.7), np.array([1, 2]))
    _both(lambda m, x: m.fill(x, m.tensor(3.0)), np.array([[1.0, 2.0]]).T)
    _both(lambda m, x: m.fill(x, m.tensor([3.0, 4.0])), np.array([1.0, 2.0]))
    _both(lambda m, x: m.fill(x, 1), np.zeros((0, 2)))
    x = nt.tensor([1.0, 2.0])
    assert nt.fill(x, 5.0) is not x and x.tolist() == [1.0, 2.0]
    for value, kw in (
        (3, {}),
        (True, dict(dtype="bool")),
        (2.5, dict(dtype="float64")),
        (-1, dict(dtype="int8")),
    ):
        d = {k: getattr(nt, v) for k, v in kw.items()}
        td = {k: getattr(torch, v) for k, v in kw.items()}
        _same(nt.scalar_tensor(value, **d), torch.scalar_tensor(value, **td))
    assert nt.scalar_tensor(1.0, requires_grad=True).requires_grad


def test_strided_and_permuted_empties():
    for size, stride in (((2, 3), (1, 2)), ((2, 3, 4), (12, 1, 3)), ((0, 3), (3, 1)), ((), ())):
        got = nt.empty_strided(size, stride)
        expected = torch.empty_strided(size, stride)
        assert got.shape == expected.shape and got.stride() == expected.stride()
        assert got.dtype is nt.float32 and got._base is None
    t = nt.ones(2, dtype=nt.float64).new_empty_strided((2, 2), (1, 2))
    assert t.dtype is nt.float64 and t.stride() == (1, 2)
    assert nt.ones(2).new_empty_strided((3,), (2,), dtype=nt.int32).dtype is nt.int32
    for size, layout in (((2, 3, 4), (2, 0, 1)), ((2, 3, 4), (0, 1, 2)), ((5, 0), (1, 0))):
        got = nt.empty_permuted(size, layout)
        expected = torch.empty_permuted(size, layout)
        assert got.shape == expected.shape and got.stride() == expected.stride()
    with pytest.raises(RuntimeError):
        nt.empty_permuted((2, 3, 4), (2, 0))
    with pytest.raises(RuntimeError):
        nt.empty_strided((2, 3), (1,))
    assert nt.empty_strided((2,), (1,), requires_grad=True).requires_grad


def test_asarray():
    a = nt.ones(2)
    assert nt.asarray(a) is a
    c = nt.asarray(a, copy=True)
    c[0] = 5
    assert a[0].item() == 1
    with pytest.raises(ValueError):
        nt.asarray(a, dtype=nt.float64, copy=False)
    assert nt.asarray(a, dtype=nt.float64).dtype is nt.float64
    n = np.ones(3)
    shared = nt.asarray(n)
    n[0] = 7
    assert shared[0].item() == 7 and shared.dtype is nt.float64
    copied = nt.asarray(n, copy=True)
    n[1] = 9
    assert copied[1].item() == 1
    with pytest.raises(ValueError):
        nt.asarray(n, dtype=nt.float32, copy=False)
    with pytest.raises(ValueError):
        nt.asarray([1, 2], copy=False)
    _same(nt.asarray([1, 2.5]), torch.asarray([1, 2.5]))
    _same(nt.asarray(3), torch.asarray(3))
    _same(nt.asarray(np.float64(3)), torch.asarray(np.float64(3)))
    _same(
        nt.asarray([[1, 2], [3, 4]], dtype=nt.float16),
        torch.asarray([[1, 2], [3, 4]], dtype=torch.float16),
    )
    buf = bytearray(b"\x01\x00\x00\x00\x02\x00\x00\x00")
    _same(nt.asarray(buf, dtype=nt.int32), torch.asarray(buf, dtype=torch.int32))
    _same(nt.asarray(array.array("f", [1.5, 2.5])), torch.asarray(array.array("f", [1.5, 2.5])))
    assert nt.asarray(a, requires_grad=True).requires_grad


def test_frombuffer_shares_memory():
    buf = bytearray(b"\x01\x00\x00\x00\x02\x00\x00\x00")
    t = nt.frombuffer(buf, dtype=nt.int32)
    _same(t, torch.frombuffer(bytearray(buf), dtype=torch.int32))
    buf[0] = 9
    assert t[0].item() == 9
    t[1] = 3
    assert buf[4] == 3
    _same(nt.frombuffer(buf, dtype=nt.int32, count=1, offset=4),
          torch.frombuffer(bytearray(buf), dtype=torch.int32, count=1, offset=4))  # fmt: skip
    arr = array.array("d", [1.0, 2.0, 3.0])
    _same(nt.frombuffer(arr, dtype=nt.float64), torch.frombuffer(arr, dtype=torch.float64))
    for kwargs, data in (
        (dict(dtype=nt.int32), bytearray(7)),
        (dict(dtype=nt.int32), bytearray(0)),
        (dict(dtype=nt.int32, count=3), bytearray(8)),
        (dict(dtype=nt.int32, offset=9), bytearray(8)),
    ):
        with pytest.raises(ValueError):
            nt.frombuffer(data, **kwargs)


# ---- gradient -------------------------------------------------------------------------------


def test_gradient_matches_torch():
    f = np.array([1.0, 4, 9, 16, 30])
    grid = np.array([[1.0, 4, 9, 2], [2, 3, 5, 8], [0, 1, -1, 4]])
    coords = np.array([0.0, 1, 3, 4, 7])
    for edge in (1, 2):
        _both(lambda m, x, edge=edge: m.gradient(x, edge_order=edge), f)
        _both(lambda m, x, edge=edge: m.gradient(x, spacing=2.0, edge_order=edge), f)
        _both(lambda m, x, c, edge=edge: m.gradient(x, spacing=(c,), edge_order=edge), f, coords)
        _both(lambda m, x, edge=edge: m.gradient(x, edge_order=edge), grid)
        _both(lambda m, x, edge=edge: m.gradient(x, dim=1, edge_order=edge), grid)
        _both(lambda m, x, edge=edge: m.gradient(x, spacing=[1.0, 0.5], edge_order=edge), grid)
        _both(
            lambda m, x, edge=edge: m.gradient(x.t(), dim=[0], spacing=[3.0], edge_order=edge), grid
        )
        _both(
            lambda m, x, c, edge=edge: m.gradient(x, spacing=(c[:3], c[1:]), edge_order=edge),
            grid,
            coords,
        )
    _both(lambda m, x: m.gradient(x), np.array([1, 4, 9, 16]))
    _both(lambda m, x: m.gradient(x), np.array([1.0]))
    _both(lambda m, x: m.gradient(x, edge_order=2), np.array([1.0, 2]))
    _both(lambda m, x: m.gradient(x, edge_order=3), np.array([1.0, 2, 3]))
    _both(lambda m, x: m.gradient(x, spacing=[1.0, 2.0]), np.array([1.0, 2, 3]))
    x = nt.tensor(grid, requires_grad=True)
    assert nt.autograd.gradcheck(lambda x: nt.gradient(x, spacing=0.5)[1], (x,))


# ---- function forms, inference ----------------------------------------------------------------


def test_adjoint_detach_get_device():
    a = np.arange(6.0).reshape(1, 2, 3)
    _both(lambda m, x: m.adjoint(x), a)
    _both(lambda m, x: x.adjoint(), a[0])
    _both(lambda m, x: m.adjoint(x), a[0, 0])
    x = nt.ones(2, 2)
    assert x.adjoint()._base is x
    y = nt.ones(2, requires_grad=True) * 2
    d = nt.detach(y)
    assert not d.requires_grad and d.grad_fn is None and d.data_ptr() == y.data_ptr()
    assert nt.get_device(nt.ones(2)) == -1


def test_inference_tensors():
    assert not nt.is_inference_mode_enabled()
    c = nt.ones(2)
    with nt.inference_mode():
        assert nt.is_inference_mode_enabled() and not nt.is_grad_enabled()
        a = nt.ones(2)
        b = c + 1
        v = c.view(2)
        w = a[:1]
    assert a.is_inference() and nt.is_inference(a) and b.is_inference() and w.is_inference()
    assert not v.is_inference() and not c.is_inference() and not (c + 1).is_inference()
    with nt.inference_mode(False):
        assert not nt.is_inference_mode_enabled() and not nt.ones(1).is_inference()
    assert not nt.is_inference_mode_enabled()


def test_torch_forms_of_functional_ops():
    rng = np.random.default_rng(0)
    x = rng.random((1, 2, 5)).astype(np.float32)
    w = rng.random((3, 2, 2)).astype(np.float32)
    _both(lambda m, x, w: m.conv1d(x, w, None, 1, 1), x, w, rtol=1e-5)
    x2 = rng.random((1, 2, 4, 4)).astype(np.float32)
    w2 = rng.random((3, 2, 2, 2)).astype(np.float32)
    _both(lambda m, x, w: m.conv2d(x, w, stride=2), x2, w2, rtol=1e-5)
    _both(lambda m, x, w: m.convolution(x, w, None, [1, 1], [0, 0], [1, 1], False, [0, 0], 1),
          x2, w2, rtol=1e-5)  # fmt: skip
    wt = rng.random((2, 3, 2, 2)).astype(np.float32)
    _both(lambda m, x, w: m.convolution(x, w, None, [2, 2], [0, 0], [1, 1], True, [1, 1], 1),
          x2, wt, rtol=1e-5)  # fmt: skip
    _both(lambda m, x: m.pixel_shuffle(x, 2), rng.random((1, 8, 2, 3)))
    _both(lambda m, x: m.pixel_unshuffle(x, 2), rng.random((1, 2, 4, 6)))
    _both(lambda m, x: m.constant_pad_nd(x, [1, 0], 3), np.ones((2, 2)))
    _both(lambda m, x: m.constant_pad_nd(x, (1, 1, 0, 2)), np.ones((2, 2)))
    a, b = rng.random((4, 3)), rng.random((4, 2))
    wb, bias = rng.random((5, 3, 2)), rng.random(5)
    _both(lambda m, a, b, w, c: m.bilinear(a, b, w, c), a, b, wb, bias)
    _both(lambda m, x: m.dropout(x, 0.5, False), np.ones(4))
    _both(lambda m, x: m.feature_dropout(x, 0.5, False), np.ones((2, 3)))
    _both(lambda m, x: m.feature_dropout(x, 0.5, True), np.ones(3))
    d = nt.dropout(nt.ones(1000), 0.5, True)
    assert set(np.unique(d.numpy()).tolist()) <= {0.0, 2.0}
    f = nt.feature_dropout(nt.ones(50, 40, 3), 0.5, True).numpy()
    assert set(np.unique(f).tolist()) <= {0.0, 2.0}
    assert (f.min(-1) == f.max(-1)).all()  # (whole channels)
    assert 0.3 < (f[..., 0] == 0).mean() < 0.7


def test_on_cuda(device):
    x = nt.tensor([[3.0, 1, 3, 1, 2], [5, 5, 4, 4, 4]], device=device)
    r = x.mode(1)
    assert r.values.device.type == device
    assert r.values.cpu().tolist() == [1.0, 4.0] and r.indices.cpu().tolist() == [3, 4]
    u = nt.unique_consecutive(nt.tensor([1, 1, 2, 1], device=device), return_counts=True)
    assert u[0].cpu().tolist() == [1, 2, 1] and u[1].cpu().tolist() == [2, 1, 1]
    h = nt.histogram(nt.tensor([1.0, 2, 1, 4], device=device), bins=3)
    expected = torch.histogram(torch.tensor([1.0, 2, 1, 4]), bins=3)
    np.testing.assert_allclose(h.hist.cpu().numpy(), expected.hist.numpy())
    w = nt.hann_window(5, device=device)
    np.testing.assert_allclose(w.cpu().numpy(), torch.hann_window(5).numpy(), atol=1e-7)
    g = nt.gradient(nt.tensor([1.0, 4, 9, 16], device=device))[0]
    assert g.device.type == device and g.cpu().tolist() == [3.0, 4.0, 6.0, 7.0]
