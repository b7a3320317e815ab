"""F.grid_sample / F.affine_grid, F.interpolate's bicubic, area, antialias and the other
modes, nn.init.sparse_ and F.gumbel_softmax against torch."""

import math
import warnings

import numpy as np
import pytest

import numtensor as nt
import numtensor.nn.functional as F
from tests.conftest import torch

TF = torch.nn.functional


def _close(ours, theirs, tol):
    assert tuple(ours.shape) == tuple(theirs.shape)
    np.testing.assert_allclose(
        ours.detach().cpu().numpy(), theirs.detach().numpy(), rtol=tol, atol=tol
    )


def _same_error(ours, theirs):
    with pytest.raises(Exception) as want:
        theirs()
    with pytest.raises(want.type):
        ours()


def _sample_pair(in_shape, grid_shape, dtype=np.float64, device="cpu", seed=0, **kw):
    rng = np.random.default_rng(seed)
    x = rng.standard_normal(in_shape).astype(dtype)
    g = (rng.random(grid_shape) * 2.6 - 1.3).astype(dtype)  # some points outside [-1, 1]
    ox = nt.tensor(x, device=device, requires_grad=True)
    og = nt.tensor(g, device=device, requires_grad=True)
    tx, tg = torch.tensor(x, requires_grad=True), torch.tensor(g, requires_grad=True)
    ours, theirs = F.grid_sample(ox, og, **kw), TF.grid_sample(tx, tg, **kw)
    up = rng.standard_normal(tuple(theirs.shape)).astype(dtype)
    ours.backward(nt.tensor(up, device=device))
    theirs.backward(torch.tensor(up))
    return (ours, ox.grad, og.grad), (theirs, tx.grad, tg.grad)


def _check_sample(ours, theirs, tol, mode):
    _close(ours[0], theirs[0], tol)
    _close(ours[1], theirs[1], tol)
    if mode == "nearest":  # no gradient reaches the grid
        assert ours[2] is None or float(ours[2].abs().sum()) == 0
        assert float(theirs[2].abs().sum()) == 0
    else:
        _close(ours[2], theirs[2], tol * 10)


@pytest.mark.parametrize("mode", ["bilinear", "nearest", "bicubic"])
@pytest.mark.parametrize("padding_mode", ["zeros", "border", "reflection"])
@pytest.mark.parametrize("align_corners", [False, True])
def test_grid_sample_2d(mode, padding_mode, align_corners):
    for dtype, tol in ((np.float64, 1e-10), (np.float32, 2e-5)):
        ours, theirs = _sample_pair(
            (2, 3, 4, 5),
            (2, 6, 7, 2),
            dtype,
            mode=mode,
            padding_mode=padding_mode,
            align_corners=align_corners,
        )
        assert ours[0].dtype is getattr(nt, np.dtype(dtype).name)
        _check_sample(ours, theirs, tol, mode)


@pytest.mark.parametrize("mode", ["bilinear", "nearest"])
@pytest.mark.parametrize("padding_mode", ["zeros", "border", "reflection"])
@pytest.mark.parametrize("align_corners", [False, True])
def test_grid_sample_3d(mode, padding_mode, align_corners):
    ours, theirs = _sample_pair(
        (2, 2, 3, 4, 5),
        (2, 3, 2, 4, 3),
        mode=mode,
        padding_mode=padding_mode,
        align_corners=align_corners,
    )
    _check_sample(ours, theirs, 1e-10, mode)
    if ours[0].grad_fn is not None:
        assert ours[0].grad_fn.name() == "GridSampler3DBackward0"


def test_grid_sample_single_pixel_and_empty():
    ours, theirs = _sample_pair(
        (1, 2, 1, 1), (1, 3, 3, 2), padding_mode="reflection", align_corners=True
    )
    _check_sample(ours, theirs, 1e-10, "bilinear")
    for in_shape, grid_shape in (((2, 0, 4, 5), (2, 3, 3, 2)), ((2, 3, 4, 5), (2, 0, 3, 2))):
        x, g = np.ones(in_shape, np.float32), np.zeros(grid_shape, np.float32)
        ours = F.grid_sample(nt.tensor(x), nt.tensor(g), align_corners=False)
        theirs = TF.grid_sample(torch.tensor(x), torch.tensor(g), align_corners=False)
        assert tuple(ours.shape) == tuple(theirs.shape)


def test_grid_sample_noncontiguous():
    x = np.random.default_rng(0).standard_normal((5, 4, 3, 2))
    g = np.random.default_rng(1).random((2, 3, 4, 2)) * 2 - 1
    ours = F.grid_sample(nt.tensor(x).permute(3, 2, 1, 0), nt.tensor(g), align_corners=True)
    theirs = TF.grid_sample(
        torch.tensor(x).permute(3, 2, 1, 0), torch.tensor(g), align_corners=True
    )
    _close(ours, theirs, 1e-10)


@pytest.mark.parametrize("mode", ["bilinear", "bicubic"])
def test_grid_sample_gradcheck(mode):
    rng = np.random.default_rng(0)
    x = nt.tensor(rng.standard_normal((1, 2, 3, 4)), requires_grad=True)
    # away from integer source positions, where the interpolation has kinks
    g = nt.tensor(rng.random((1, 2, 3, 2)) * 1.6 - 0.8 + 0.013, requires_grad=True)
    for pad in ("zeros", "border", "reflection"):
        assert nt.autograd.gradcheck(
            lambda x, g, pad=pad: F.grid_sample(
                x, g, mode=mode, padding_mode=pad, align_corners=False
            ),
            (x, g),
        )


def test_grid_sample_warns_and_errors():
    x, g = nt.zeros(2, 3, 4, 5), nt.zeros(2, 6, 7, 2)
    with pytest.warns(UserWarning, match="align_corners=False since 1.3.0"):
        F.grid_sample(x, g)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        F.grid_sample(x, g, align_corners=False)
    cases = [
        ((2, 3, 4, 5), (2, 6, 7, 2), dict(mode="linear")),
        ((2, 3, 4, 5), (2, 6, 7, 2), dict(padding_mode="circular")),
        ((2, 3, 4, 5), (1, 6, 7, 2), {}),
        ((2, 3, 4, 5), (2, 6, 7, 3), {}),
        ((2, 3, 4, 5), (2, 6, 7, 1, 2), {}),
        ((3, 4, 5), (6, 7, 2), {}),
        ((2, 3, 0, 5), (2, 6, 7, 2), {}),
        ((1, 1, 2, 2, 2), (1, 2, 2, 2, 3), dict(mode="bicubic")),
        ((1, 1, 2, 2, 2), (1, 2, 2, 2, 2), {}),
    ]
    for in_shape, grid_shape, kw in cases:
        a, b = np.zeros(in_shape, np.float32), np.zeros(grid_shape, np.float32)
        _same_error(
            lambda a=a, b=b, kw=kw: F.grid_sample(
                nt.tensor(a), nt.tensor(b), align_corners=False, **kw
            ),
            lambda a=a, b=b, kw=kw: TF.grid_sample(
                torch.tensor(a), torch.tensor(b), align_corners=False, **kw
            ),
        )
    a, b = np.zeros((1, 1, 2, 2), np.float32), np.zeros((1, 2, 2, 2))
    _same_error(
        lambda: F.grid_sample(nt.tensor(a), nt.tensor(b), align_corners=False),
        lambda: TF.grid_sample(torch.tensor(a), torch.tensor(b), align_corners=False),
    )
    _same_error(
        lambda: F.grid_sample(
            nt.zeros(1, 1, 2, 2, dtype=nt.int64),
            nt.zeros(1, 2, 2, 2, dtype=nt.int64),
            align_corners=False,
        ),
        lambda: TF.grid_sample(
            torch.zeros(1, 1, 2, 2, dtype=torch.int64),
            torch.zeros(1, 2, 2, 2, dtype=torch.int64),
            align_corners=False,
        ),
    )


@pytest.mark.parametrize("align_corners", [False, True])
@pytest.mark.parametrize("size", [(2, 3, 4, 5), (2, 3, 1, 5), (2, 3, 4, 5, 6), (2, 1, 3, 1, 2)])
def test_affine_grid(align_corners, size):
    rng = np.random.default_rng(0)
    theta = rng.standard_normal((2, 2, 3) if len(size) == 4 else (2, 3, 4))
    ours_t = nt.tensor(theta, requires_grad=True)
    their_t = torch.tensor(theta, requires_grad=True)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        ours = F.affine_grid(ours_t, size, align_corners=align_corners)
        theirs = TF.affine_grid(their_t, size, align_corners=align_corners)
    _close(ours, theirs, 1e-12)
    up = rng.standard_normal(tuple(theirs.shape))
    ours.backward(nt.tensor(up))
    theirs.backward(torch.tensor(up))
    _close(ours_t.grad, their_t.grad, 1e-10)


def test_affine_grid_float32_warnings_and_errors():
    theta = np.random.default_rng(0).standard_normal((2, 2, 3)).astype(np.float32)
    with pytest.warns(UserWarning, match="align_corners=False since 1.3.0"):
        ours = F.affine_grid(nt.tensor(theta), (2, 3, 4, 5))
    _close(ours, TF.affine_grid(torch.tensor(theta), (2, 3, 4, 5), align_corners=False), 1e-6)
    assert ours.dtype is nt.float32
    with pytest.warns(UserWarning, match="unit-size grids"):
        F.affine_grid(nt.tensor(theta), (2, 3, 1, 5), align_corners=True)
    for th, size in [
        (theta.astype(np.int64), (2, 3, 4, 5)),
        (theta, (2, 3, 4, 5, 6)),
        (theta, (2, 3, 4)),
        (theta, (3, 3, 4, 5)),
        (theta, (2, 3, 0, 5)),
        (theta, (2, 0, 4, 5)),
    ]:
        _same_error(
            lambda th=th, size=size: F.affine_grid(nt.tensor(th), size, align_corners=False),
            lambda th=th, size=size: TF.affine_grid(torch.tensor(th), size, align_corners=False),
        )


def test_affine_then_sample_gradcheck():
    x = nt.tensor(np.random.default_rng(0).standard_normal((1, 1, 3, 3)), requires_grad=True)
    theta = nt.tensor([[[0.9, 0.1, 0.05], [-0.2, 0.8, 0.1]]], dtype=nt.float64, requires_grad=True)

    def warp(x, theta):
        grid = F.affine_grid(theta, (1, 1, 4, 4), align_corners=False)
        return F.grid_sample(x, grid, align_corners=False)

    assert nt.autograd.gradcheck(warp, (x, theta))


def test_grid_sample_device(device):
    ours, theirs = _sample_pair(
        (1, 1, 2, 3), (1, 2, 2, 2), np.float32, device=device, align_corners=False
    )
    assert ours[0].device.type == device
    _check_sample(ours, theirs, 2e-5, "bilinear")


# ---- interpolate ------------------------------------------------------------------------


def _interp_pair(shape, dtype=np.float64, device="cpu", seed=0, **kw):
    rng = np.random.default_rng(seed)
    x = rng.standard_normal(shape).astype(dtype)
    ox = nt.tensor(x, device=device, requires_grad=True)
    tx = torch.tensor(x, requires_grad=True)
    ours, theirs = F.interpolate(ox, **kw), TF.interpolate(tx, **kw)
    up = rng.standard_normal(tuple(theirs.shape)).astype(dtype)
    ours.backward(nt.tensor(up, device=device))
    theirs.backward(torch.tensor(up))
    return (ours, ox.grad), (theirs, tx.grad)


SIZES = [
    dict(size=(7, 9)),
    dict(size=(3, 2)),
    dict(size=(1, 1)),
    dict(scale_factor=1.7),
    dict(scale_factor=0.45),
    dict(scale_factor=(0.3, 2.2)),
    dict(scale_factor=0.6, recompute_scale_factor=True),
]


@pytest.mark.parametrize("mode", ["bicubic", "bilinear"])
@pytest.mark.parametrize("align_corners", [False, True])
@pytest.mark.parametrize("antialias", [False, True])
def test_interpolate_bicubic_bilinear(mode, align_corners, antialias):
    for kw in SIZES:
        for dtype, tol in ((np.float64, 1e-10), (np.float32, 3e-5)):
            ours, theirs = _interp_pair(
                (2, 3, 5, 6),
                dtype,
                mode=mode,
                antialias=antialias,
                align_corners=align_corners,
                **kw,
            )
            _close(ours[0], theirs[0], tol)
            _close(ours[1], theirs[1], tol)


@pytest.mark.parametrize("mode", ["area", "nearest", "nearest-exact"])
@pytest.mark.parametrize("shape", [(2, 3, 7), (2, 3, 5, 6), (1, 2, 4, 5, 6)])
def test_interpolate_area_and_nearest(mode, shape):
    for kw in (dict(size=3), dict(size=11), dict(scale_factor=1.7), dict(scale_factor=0.45)):
        ours, theirs = _interp_pair(shape, mode=mode, **kw)
        _close(ours[0], theirs[0], 1e-10)
        _close(ours[1], theirs[1], 1e-10)


@pytest.mark.parametrize("align_corners", [False, True])
def test_interpolate_linear_trilinear(align_corners):
    for shape, kw in (
        ((1, 2, 4, 5, 6), dict(mode="trilinear", size=(3, 7, 2))),
        ((2, 3, 7), dict(mode="linear", scale_factor=2.3)),
    ):
        ours, theirs = _interp_pair(shape, align_corners=align_corners, **kw)
        _close(ours[0], theirs[0], 1e-10)
        _close(ours[1], theirs[1], 1e-10)


def test_interpolate_bicubic_gradcheck_and_half():
    x = nt.tensor(np.random.default_rng(0).standard_normal((1, 1, 3, 4)), requires_grad=True)
    for kw in (dict(size=(5, 3)), dict(scale_factor=0.5, antialias=True)):
        assert nt.autograd.gradcheck(
            lambda x, kw=kw: F.interpolate(x, mode="bicubic", align_corners=False, **kw), (x,)
        )
    h = np.random.default_rng(1).standard_normal((1, 2, 4, 4)).astype(np.float16)
    ours = F.interpolate(nt.tensor(h), scale_factor=2, mode="bicubic")
    assert ours.dtype is nt.float16
    _close(
        ours.float(), TF.interpolate(torch.tensor(h), scale_factor=2, mode="bicubic").float(), 1e-2
    )


def test_interpolate_uint8():
    x = np.random.default_rng(0).integers(0, 255, (1, 2, 6, 7)).astype(np.uint8)
    for mode in ("nearest", "bilinear", "bicubic"):
        ours = F.interpolate(nt.tensor(x), size=(4, 9), mode=mode)
        theirs = TF.interpolate(torch.tensor(x), size=(4, 9), mode=mode)
        assert ours.dtype is nt.uint8
        # PyTorch's uint8 kernels use fixed-point weights: within a couple of levels
        diff = np.abs(ours.numpy().astype(int) - theirs.numpy().astype(int))
        assert diff.max() <= (0 if mode == "nearest" else 2)


def test_interpolate_noncontiguous():
    x = np.random.default_rng(0).standard_normal((6, 5, 2, 1))
    ours = F.interpolate(nt.tensor(x).permute(3, 2, 1, 0), size=(7, 4), mode="bicubic")
    theirs = TF.interpolate(torch.tensor(x).permute(3, 2, 1, 0), size=(7, 4), mode="bicubic")
    _close(ours, theirs, 1e-10)


@pytest.mark.parametrize(
    "shape, kw",
    [
        ((1, 2, 5, 6), dict(scale_factor=0.5, mode="nearest", antialias=True)),
        ((2, 5, 6), dict(scale_factor=0.5, mode="bicubic")),
        ((1, 2, 5, 6), dict(scale_factor=0.5, mode="area", align_corners=False)),
        ((1, 2, 5, 6), dict(size=(0, 3), mode="bicubic")),
        ((1, 2, 5, 6), dict(scale_factor=0.1, mode="bilinear")),
        ((1, 2, 5, 6), dict(size=(2.0, 3), mode="bilinear")),
        ((1, 2, 5, 6), dict(size=(2, 3, 4), mode="bilinear")),
        ((1, 2, 5, 6), dict(scale_factor=(2, 3, 4), mode="bilinear")),
        ((1, 2, 5, 6), dict(mode="bilinear")),
        ((1, 2, 5, 6), dict(size=3, scale_factor=2, mode="bilinear")),
        ((1, 2, 5, 6), dict(size=3, mode="foo")),
        ((5, 6), dict(size=3, mode="nearest")),
        ((1, 2, 5, 6), dict(size=3, mode="nearest", recompute_scale_factor=True)),
        ((1, 2, 5, 6), dict(size=3, mode="linear")),
        ((1, 2, 5), dict(size=3, mode="trilinear")),
        ((1, 2, 5), dict(size=0, mode="linear")),
        ((1, 2, 2, 3, 3), dict(size=(0, 2, 2), mode="trilinear")),
    ],
)
def test_interpolate_errors(shape, kw):
    x = np.zeros(shape, np.float32)
    _same_error(
        lambda: F.interpolate(nt.tensor(x), **kw), lambda: TF.interpolate(torch.tensor(x), **kw)
    )


def test_interpolate_integer_dtype_errors():
    for mode, shape in (
        ("nearest", (1, 1, 3)),
        ("linear", (1, 1, 3)),
        ("bicubic", (1, 1, 3, 3)),
        ("bilinear", (1, 1, 3, 3)),
        ("area", (1, 1, 3, 3)),
    ):
        _same_error(
            lambda shape=shape, mode=mode: F.interpolate(
                nt.ones(shape, dtype=nt.int32), size=2, mode=mode
            ),
            lambda shape=shape, mode=mode: TF.interpolate(
                torch.ones(shape, dtype=torch.int32), size=2, mode=mode
            ),
        )


def test_upsample_bicubic_module():
    ours = nt.nn.Upsample(scale_factor=2, mode="bicubic", align_corners=True)
    theirs = torch.nn.Upsample(scale_factor=2, mode="bicubic", align_corners=True)
    assert repr(ours) == repr(theirs)
    x = np.random.default_rng(0).standard_normal((1, 2, 3, 4)).astype(np.float32)
    _close(ours(nt.tensor(x)), theirs(torch.tensor(x)), 1e-5)
    assert repr(nt.nn.Upsample(size=3, mode="bicubic")) == "Upsample(size=3, mode='bicubic')"


def test_interpolate_device(device):
    ours, theirs = _interp_pair(
        (1, 1, 3, 3), np.float32, device=device, size=(4, 2), mode="bicubic", align_corners=False
    )
    assert ours[0].device.type == device
    _close(ours[0], theirs[0], 2e-5)
    _close(ours[1], theirs[1], 2e-5)


# ---- init.sparse_ and gumbel_softmax ----------------------------------------------------


@pytest.mark.parametrize("rows, cols, sparsity", [(10, 7, 0.25), (5, 3, 0.0), (4, 6, 1.0)])
def test_sparse_init(rows, cols, sparsity):
    t = nt.empty(rows, cols)
    out = nt.nn.init.sparse_(t, sparsity, std=0.5)
    assert out is t
    zeros = (t == 0).sum(0).tolist()
    assert zeros == [math.ceil(sparsity * rows)] * cols  # exactly that many per column
    if sparsity == 0.25:  # the rest are N(0, std) draws
        assert 0.2 < float(t[t != 0].std()) < 1.0
    g1, g2 = nt.Generator().manual_seed(3), nt.Generator().manual_seed(3)
    a = nt.nn.init.sparse_(nt.empty(rows, cols), sparsity, generator=g1)
    b = nt.nn.init.sparse_(nt.empty(rows, cols), sparsity, generator=g2)
    assert nt.equal(a, b)


def test_sparse_init_errors():
    for shape in ((3,), (2, 3, 4)):
        _same_error(
            lambda shape=shape: nt.nn.init.sparse_(nt.empty(shape), 0.1),
            lambda shape=shape: torch.nn.init.sparse_(torch.empty(shape), 0.1),
        )


@pytest.mark.parametrize("hard", [False, True])
def test_gumbel_softmax(hard):
    logits = np.random.default_rng(0).standard_normal((6, 5)).astype(np.float32)
    x = nt.tensor(logits, requires_grad=True)
    y = F.gumbel_softmax(x, tau=0.5, hard=hard)
    assert y.shape == (6, 5) and y.dtype is nt.float32
    np.testing.assert_allclose(y.sum(1).detach().numpy(), np.ones(6), rtol=1e-5)
    if hard:  # one-hot values
        assert set(np.unique(y.detach().numpy()).tolist()) <= {0.0, 1.0}
    weights = nt.arange(5.0)
    (y * weights).sum().backward()
    # straight-through: the soft sample's softmax gradient, whose rows sum to zero
    np.testing.assert_allclose(x.grad.sum(1).numpy(), np.zeros(6), atol=1e-5)
    assert float(x.grad.abs().sum()) > 0
    with pytest.warns(UserWarning, match="deprecated"):
        F.gumbel_softmax(x, eps=1e-5)
    # the sampling concentrates on the largest logit as tau -> 0
    big = nt.tensor([[0.0, 10.0, 0.0]])
    picks = [int(F.gumbel_softmax(big, tau=0.1, hard=True).argmax()) for _ in range(20)]
    assert picks.count(1) >= 18


@pytest.mark.parametrize("hard", [False, True])
def test_gumbel_softmax_matches_torch_formula(hard):
    logits = np.random.default_rng(1).standard_normal((4, 3))
    ours_x = nt.tensor(logits, requires_grad=True)
    their_x = torch.tensor(logits, requires_grad=True)
    nt.manual_seed(0)  # the noise gumbel_softmax draws: -log(Exponential(1))
    noise = (-nt.empty_like(ours_x).exponential_().log()).numpy()
    nt.manual_seed(0)
    ours = F.gumbel_softmax(ours_x, tau=0.7, hard=hard, dim=0)
    soft = ((their_x + torch.tensor(noise)) / 0.7).softmax(0)  # torch's formula, same noise
    theirs = soft
    if hard:
        index = soft.max(0, keepdim=True)[1]
        theirs = torch.zeros_like(soft).scatter_(0, index, 1.0) - soft.detach() + soft
    _close(ours, theirs, 1e-10)
    w = np.random.default_rng(2).standard_normal((4, 3))
    (ours * nt.tensor(w)).sum().backward()
    (theirs * torch.tensor(w)).sum().backward()
    _close(ours_x.grad, their_x.grad, 1e-8)
