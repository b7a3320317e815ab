"""3-d convolution and pooling, max unpooling, channel shuffle and BatchNorm3d against torch:
values, indices, gradients, module reprs and the errors PyTorch raises."""

import numpy as np
import pytest

import numtensor as nt
import numtensor.nn.functional as F
from tests.conftest import torch

TF = torch.nn.functional


def r(*shape, seed=0, dtype=np.float32):
    return np.random.default_rng(seed).standard_normal(shape).astype(dtype)


def _close(ours, theirs, tol=2e-5):
    np.testing.assert_allclose(
        ours.detach().cpu().numpy(), theirs.detach().numpy(), rtol=tol, atol=tol
    )


def _run_both(fn_ours, fn_theirs, arrays, **kwargs):
    """Forward and backward (of sum of out * a fixed random tensor) on both; returns the
    outputs and the input gradients."""
    ours = [nt.tensor(a, requires_grad=True) for a in arrays]
    theirs = [torch.tensor(a, requires_grad=True) for a in arrays]
    out_n, out_t = fn_ours(*ours, **kwargs), fn_theirs(*theirs, **kwargs)
    weight = r(*out_t.shape, seed=9)
    (out_n * nt.tensor(weight)).sum().backward()
    (out_t * torch.tensor(weight)).sum().backward()
    return out_n, out_t, [x.grad for x in ours], [x.grad for x in theirs]


CONV3D_CASES = [
    ((2, 3, 5, 6, 7), (4, 3, 2, 3, 2), {}),
    (
        (2, 4, 5, 6, 7),
        (6, 2, 3, 3, 2),
        {"stride": (2, 1, 2), "padding": (1, 2, 0), "dilation": (2, 1, 1), "groups": 2},
    ),
    ((3, 5, 6, 7), (4, 3, 3, 2, 2), {"padding": "same", "dilation": (1, 2, 1)}),
    ((1, 2, 4, 4, 4), (2, 2, 3, 3, 3), {"padding": "valid", "stride": 2}),
    ((1, 4, 3, 4, 5), (4, 1, 1, 2, 3), {"groups": 4, "padding": 1}),
]


@pytest.mark.parametrize("xs,ws,kw", CONV3D_CASES)
def test_conv3d_values_and_gradients(xs, ws, kw):
    out_n, out_t, g_n, g_t = _run_both(
        F.conv3d, TF.conv3d, [r(*xs), r(*ws, seed=1), r(ws[0], seed=2)], **kw
    )
    assert tuple(out_n.shape) == tuple(out_t.shape)
    assert out_n.is_contiguous()
    _close(out_n, out_t)
    for a, b in zip(g_n, g_t):
        _close(a, b, 1e-4)


CONVT3D_CASES = [
    ((2, 3, 3, 4, 5), (3, 2, 2, 3, 2), {}),
    (
        (2, 4, 3, 4, 5),
        (4, 3, 3, 2, 2),
        {
            "groups": 2,
            "stride": (2, 1, 3),
            "padding": (1, 0, 1),
            "output_padding": (1, 0, 2),
            "dilation": (1, 2, 1),
        },
    ),
    (
        (2, 4, 3, 4, 5),
        (4, 3, 3, 2, 2),
        {"padding": (2, 0, 1), "output_padding": (1, 1, 0), "dilation": (2, 2, 1)},
    ),
    ((3, 2, 3, 4), (3, 2, 2, 2, 2), {"stride": 2, "padding": 1}),
]


@pytest.mark.parametrize("xs,ws,kw", CONVT3D_CASES)
def test_conv_transpose3d_values_and_gradients(xs, ws, kw):
    groups = kw.get("groups", 1)
    arrays = [r(*xs), r(*ws, seed=1), r(ws[1] * groups, seed=2)]
    out_n, out_t, g_n, g_t = _run_both(F.conv_transpose3d, TF.conv_transpose3d, arrays, **kw)
    assert tuple(out_n.shape) == tuple(out_t.shape)
    _close(out_n, out_t)
    for a, b in zip(g_n, g_t):
        _close(a, b, 1e-4)


def test_conv3d_gradcheck_float64():
    x = nt.tensor(r(1, 2, 3, 3, 3, dtype=np.float64), requires_grad=True)
    w = nt.tensor(r(2, 1, 2, 2, 1, seed=1, dtype=np.float64), requires_grad=True)
    b = nt.tensor(r(2, seed=2, dtype=np.float64), requires_grad=True)
    assert nt.autograd.gradcheck(
        lambda *t: F.conv3d(*t, stride=(1, 2, 1), padding=1, groups=2), (x, w, b)
    )
    wt = nt.tensor(r(2, 1, 2, 1, 2, seed=3, dtype=np.float64), requires_grad=True)
    assert nt.autograd.gradcheck(
        lambda a, c: F.conv_transpose3d(a, c, stride=2, padding=(1, 0, 0), output_padding=1),
        (x, wt),
    )


def test_conv3d_zero_batch_and_non_contiguous():
    w = r(3, 2, 2, 2, 2, seed=1)
    out = F.conv3d(nt.zeros(0, 2, 4, 4, 4), nt.tensor(w))
    assert tuple(out.shape) == (0, 3, 3, 3, 3)
    x = r(2, 5, 4, 3, 2)  # permuted into [2, 2, 3, 4, 5]: not contiguous
    ours = F.conv3d(nt.tensor(x).permute(0, 4, 3, 2, 1), nt.tensor(w))
    _close(ours, TF.conv3d(torch.tensor(x).permute(0, 4, 3, 2, 1), torch.tensor(w)))


def test_conv3d_errors():
    x, w = nt.zeros(2, 3, 5, 6, 7), nt.zeros(4, 3, 2, 2, 2)
    with pytest.raises(RuntimeError, match="Expected 4D"):
        F.conv3d(nt.zeros(3, 5, 6), w)
    with pytest.raises(RuntimeError, match="to have 3 channels, but got 2"):
        F.conv3d(nt.zeros(2, 2, 5, 6, 7), w)
    with pytest.raises(RuntimeError, match="Kernel size can't be greater"):
        F.conv3d(nt.zeros(2, 3, 1, 6, 7), w)
    with pytest.raises(RuntimeError, match="strided convolutions"):
        F.conv3d(x, w, padding="same", stride=2)
    with pytest.raises(RuntimeError, match="Invalid padding string"):
        F.conv3d(x, w, padding="foo")
    with pytest.raises(RuntimeError, match="bias"):
        F.conv3d(x, w, nt.zeros(3))
    with pytest.raises(RuntimeError, match="non-positive stride"):
        F.conv3d(x, w, stride=0)
    with pytest.raises(RuntimeError, match="output padding must be smaller"):
        F.conv_transpose3d(x, nt.zeros(3, 2, 2, 2, 2), output_padding=1)
    with pytest.raises(RuntimeError, match="to have 4 channels"):
        F.conv_transpose3d(x, nt.zeros(4, 2, 2, 2, 2))


@pytest.mark.parametrize("mode", ["zeros", "reflect", "replicate", "circular"])
@pytest.mark.parametrize("padding", [(1, 2, 1), "same"])
def test_conv3d_module_padding_modes(mode, padding):
    torch.manual_seed(0)
    theirs = torch.nn.Conv3d(4, 6, (3, 2, 3), padding=padding, padding_mode=mode, groups=2)
    ours = nt.nn.Conv3d(4, 6, (3, 2, 3), padding=padding, padding_mode=mode, groups=2)
    ours.load_state_dict({k: nt.tensor(v.detach().numpy()) for k, v in theirs.state_dict().items()})
    assert list(ours.state_dict()) == list(theirs.state_dict()) == ["weight", "bias"]
    assert repr(ours) == repr(theirs)
    x = r(2, 4, 4, 5, 6)
    _close(ours(nt.tensor(x)), theirs(torch.tensor(x)))


def test_conv2d_and_conv1d_modules_padding_modes():
    torch.manual_seed(0)
    for dims, shape in ((1, (2, 3, 9)), (2, (2, 3, 6, 7))):
        cls_t = getattr(torch.nn, f"Conv{dims}d")
        cls_n = getattr(nt.nn, f"Conv{dims}d")
        theirs = cls_t(3, 4, 3, padding=2, padding_mode="reflect", bias=False)
        ours = cls_n(3, 4, 3, padding=2, padding_mode="reflect", bias=False)
        ours.load_state_dict({"weight": nt.tensor(theirs.weight.detach().numpy())})
        assert repr(ours) == repr(theirs)
        x = r(*shape)
        _close(ours(nt.tensor(x)), theirs(torch.tensor(x)))


def test_conv_module_errors_and_init_distribution():
    with pytest.raises(ValueError, match="padding_mode must be one of"):
        nt.nn.Conv3d(2, 2, 3, padding_mode="bogus")
    with pytest.raises(ValueError, match="strided convolutions"):
        nt.nn.Conv3d(2, 2, 3, stride=2, padding="same")
    with pytest.raises(ValueError, match="Invalid padding string"):
        nt.nn.Conv3d(2, 2, 3, padding="full")
    with pytest.raises(ValueError, match="groups must be a positive integer"):
        nt.nn.Conv3d(2, 2, 3, groups=0)
    with pytest.raises(ValueError, match="in_channels must be divisible by groups"):
        nt.nn.Conv3d(3, 2, 3, groups=2)
    with pytest.raises(ValueError, match='Only "zeros" padding mode'):
        nt.nn.ConvTranspose3d(2, 2, 3, padding_mode="reflect")
    m = nt.nn.Conv3d(8, 16, 3)  # kaiming_uniform(a=sqrt(5)): bound 1/sqrt(fan_in) for both
    bound = 1 / np.sqrt(8 * 27)
    w, b = m.weight.detach().numpy(), m.bias.detach().numpy()
    assert np.abs(w).max() <= bound and np.abs(w).max() > 0.9 * bound
    assert np.abs(b).max() <= bound
    assert tuple(nt.nn.ConvTranspose3d(4, 6, 3, groups=2).weight.shape) == (4, 3, 3, 3, 3)


def test_conv_transpose3d_module_output_size_and_repr():
    torch.manual_seed(0)
    kw = {"stride": 2, "padding": 1, "groups": 2, "dilation": (1, 2, 1)}
    theirs = torch.nn.ConvTranspose3d(4, 6, (2, 3, 2), **kw)
    ours = nt.nn.ConvTranspose3d(4, 6, (2, 3, 2), **kw)
    ours.load_state_dict({k: nt.tensor(v.detach().numpy()) for k, v in theirs.state_dict().items()})
    assert repr(ours) == repr(theirs)
    x = r(1, 4, 3, 3, 3)
    _close(
        ours(nt.tensor(x), output_size=(5, 8, 5)), theirs(torch.tensor(x), output_size=(5, 8, 5))
    )
    with pytest.raises(ValueError, match="requested an output size"):
        ours(nt.tensor(x), output_size=(9, 9, 9))
    with pytest.raises(ValueError, match="output_size must have 3 or 5 elements"):
        ours(nt.tensor(x), output_size=(9, 9))


# ---- pooling -----------------------------------------------------------------------------


MAX_CASES = [
    (2, {}),
    (
        (2, 3, 2),
        {"stride": (1, 2, 3), "padding": (1, 1, 0), "dilation": (2, 1, 2), "ceil_mode": True},
    ),
    (3, {"stride": 2, "padding": 1, "ceil_mode": True}),
]


@pytest.mark.parametrize("kernel,kw", MAX_CASES)
def test_max_pool3d_values_indices_and_gradients(kernel, kw):
    x = r(2, 3, 5, 6, 7)
    out_n, out_t, g_n, g_t = _run_both(F.max_pool3d, TF.max_pool3d, [x], kernel_size=kernel, **kw)
    _close(out_n, out_t, 0)
    _close(g_n[0], g_t[0], 1e-6)
    _, i_n = F.max_pool3d_with_indices(nt.tensor(x), kernel, **kw)
    _, i_t = TF.max_pool3d(torch.tensor(x), kernel, return_indices=True, **kw)
    assert i_n.dtype is nt.int64
    np.testing.assert_array_equal(i_n.numpy(), i_t.numpy())


def test_max_pool3d_ties_nan_and_inf_pick_torchs_index():
    q = np.random.default_rng(3).integers(0, 3, (2, 3, 5, 6, 7)).astype(np.float32)
    q[0, 0, 1, 1, 1] = q[0, 0, 1, 1, 2] = q[0, 1, 2, 2, 2] = np.nan
    q[1, 1] = -np.inf
    for args in [(3, 2, 1, 1, True), (2, None, 0, 1, False)]:
        v_n, i_n = F.max_pool3d(nt.tensor(q), *args, return_indices=True)
        v_t, i_t = TF.max_pool3d(torch.tensor(q), *args, return_indices=True)
        np.testing.assert_array_equal(v_n.numpy(), v_t.numpy())
        np.testing.assert_array_equal(i_n.numpy(), i_t.numpy())
    ints = np.random.default_rng(4).integers(-3, 3, (3, 4, 4, 4))
    v_n, i_n = F.max_pool3d(nt.tensor(ints), 2, return_indices=True)
    v_t, i_t = TF.max_pool3d(torch.tensor(ints), 2, return_indices=True)
    assert v_n.dtype is nt.int64
    np.testing.assert_array_equal(v_n.numpy(), v_t.numpy())
    np.testing.assert_array_equal(i_n.numpy(), i_t.numpy())


AVG_CASES = [
    (2, {}),
    ((2, 3, 2), {"stride": (1, 2, 3), "padding": (1, 1, 0), "ceil_mode": True}),
    (
        (2, 3, 2),
        {"stride": (1, 2, 3), "padding": (1, 1, 0), "ceil_mode": True, "count_include_pad": False},
    ),
    ((2, 3, 2), {"stride": (2, 2, 3), "padding": 1, "ceil_mode": True, "divisor_override": 5}),
]


@pytest.mark.parametrize("kernel,kw", AVG_CASES)
def test_avg_pool3d_values_and_gradients(kernel, kw):
    out_n, out_t, g_n, g_t = _run_both(
        F.avg_pool3d, TF.avg_pool3d, [r(2, 3, 5, 6, 7)], kernel_size=kernel, **kw
    )
    _close(out_n, out_t)
    _close(g_n[0], g_t[0])


def test_avg_pool3d_integer_input_and_unbatched():
    x = np.random.default_rng(5).integers(-50, 50, (3, 5, 6, 7))
    ours, theirs = (
        F.avg_pool3d(nt.tensor(x), 2, padding=1),
        TF.avg_pool3d(torch.tensor(x), 2, padding=1),
    )
    assert ours.dtype is nt.int64
    np.testing.assert_array_equal(ours.numpy(), theirs.numpy())


@pytest.mark.parametrize("size", [(3, 4, 5), 2, (None, 4, 2), (7, 8, 9)])
def test_adaptive_pools_3d(size):
    x = r(2, 3, 5, 6, 7)
    out_n, out_t, g_n, g_t = _run_both(
        F.adaptive_avg_pool3d, TF.adaptive_avg_pool3d, [x], output_size=size
    )
    _close(out_n, out_t)
    _close(g_n[0], g_t[0])
    out_n, out_t, g_n, g_t = _run_both(
        F.adaptive_max_pool3d, TF.adaptive_max_pool3d, [x], output_size=size
    )
    _close(out_n, out_t, 0)
    _close(g_n[0], g_t[0], 1e-6)
    q = np.random.default_rng(6).integers(0, 2, (3, 5, 6, 7)).astype(np.float64)
    q[0, 1, 1, 1] = np.nan
    v_n, i_n = F.adaptive_max_pool3d_with_indices(nt.tensor(q), size)
    v_t, i_t = TF.adaptive_max_pool3d(torch.tensor(q), size, return_indices=True)
    np.testing.assert_array_equal(v_n.numpy(), v_t.numpy())
    np.testing.assert_array_equal(i_n.numpy(), i_t.numpy())


@pytest.mark.parametrize(
    "p,kernel,kw",
    [(2, 2, {}), (1.5, (2, 3, 2), {"stride": 1, "ceil_mode": True}), (float("inf"), 2, {})],
)
def test_lp_pool3d(p, kernel, kw):
    x = np.abs(r(2, 3, 5, 6, 7)) + 0.1
    out_n, out_t, g_n, g_t = _run_both(
        F.lp_pool3d, TF.lp_pool3d, [x], norm_type=p, kernel_size=kernel, **kw
    )
    _close(out_n, out_t, 1e-4)
    _close(g_n[0], g_t[0], 1e-4)


def test_pool3d_gradcheck_float64():
    x = nt.tensor(r(1, 2, 3, 4, 3, dtype=np.float64), requires_grad=True)
    assert nt.autograd.gradcheck(lambda a: F.max_pool3d(a, 2, 1, 1), (x,))
    assert nt.autograd.gradcheck(lambda a: F.avg_pool3d(a, 2, 2, 1, True, False), (x,))
    assert nt.autograd.gradcheck(lambda a: F.adaptive_avg_pool3d(a, (2, 3, 2)), (x,))
    assert nt.autograd.gradcheck(lambda a: F.adaptive_max_pool3d(a, 2), (x,))
    assert nt.autograd.gradcheck(lambda a: F.lp_pool3d(a.abs() + 1, 2, 2), (x,))


def test_pool3d_errors():
    x = nt.zeros(2, 3, 5, 6, 7)
    with pytest.raises(RuntimeError, match="non-empty 4D or 5D"):
        F.max_pool3d(nt.zeros(3, 4, 4), 2)
    with pytest.raises(RuntimeError, match="pad should be at most half"):
        F.max_pool3d(x, 2, padding=2)
    with pytest.raises(RuntimeError, match="Output size is too small"):
        F.max_pool3d(nt.zeros(1, 1, 1, 4, 4), 2)
    with pytest.raises(RuntimeError, match="stride should not be zero"):
        F.max_pool3d(x, 2, stride=0)
    with pytest.raises(RuntimeError, match="smaller than kernel size"):
        F.avg_pool3d(nt.zeros(1, 1, 1, 4, 4), 2)
    with pytest.raises(RuntimeError, match="divisor must be not zero"):
        F.avg_pool3d(x, 2, divisor_override=0)
    with pytest.raises(RuntimeError, match="Expected 4D or 5D tensor"):
        F.adaptive_avg_pool3d(nt.zeros(3, 4, 4), 2)
    with pytest.raises(RuntimeError, match="non-zero size for non-batch dimensions"):
        F.adaptive_max_pool3d(nt.zeros(1, 2, 0, 3, 3), 2)
    with pytest.raises(NotImplementedError):
        F.adaptive_avg_pool3d(nt.zeros(1, 2, 3, 3, 3, dtype=nt.int64), 2)


def test_pool3d_modules_and_reprs():
    pairs = [
        ("MaxPool3d", (2,), {}),
        (
            "MaxPool3d",
            ((1, 2, 3),),
            {
                "stride": 1,
                "padding": (0, 1, 1),
                "dilation": 2,
                "return_indices": True,
                "ceil_mode": True,
            },
        ),
        ("AvgPool3d", (2,), {}),
        (
            "AvgPool3d",
            ((1, 2, 3),),
            {
                "stride": 1,
                "padding": (0, 1, 1),
                "ceil_mode": True,
                "count_include_pad": False,
                "divisor_override": 2,
            },
        ),
        ("AdaptiveAvgPool3d", ((None, 2, 3),), {}),
        ("AdaptiveMaxPool3d", (2,), {"return_indices": True}),
        ("LPPool3d", (2, 3), {}),
        ("LPPool3d", (1.5, (1, 2, 3)), {"stride": 2, "ceil_mode": True}),
    ]
    x = np.abs(r(2, 3, 5, 6, 7)) + 0.1
    for name, args, kw in pairs:
        ours, theirs = getattr(nt.nn, name)(*args, **kw), getattr(torch.nn, name)(*args, **kw)
        assert repr(ours) == repr(theirs)
        out_n, out_t = ours(nt.tensor(x)), theirs(torch.tensor(x))
        if isinstance(out_t, tuple):
            np.testing.assert_array_equal(out_n[1].numpy(), out_t[1].numpy())
            out_n, out_t = out_n[0], out_t[0]
        _close(out_n, out_t, 1e-4)


# ---- unpooling, channel shuffle, BatchNorm3d ------------------------------------------------


@pytest.mark.parametrize("dims", [1, 2, 3])
def test_max_unpool_matches_torch(dims):
    shape = (2, 3, 6, 6, 8)[: 2 + dims]
    x = r(*shape)
    pool_t = getattr(TF, f"max_pool{dims}d")
    values, indices = pool_t(torch.tensor(x), 2, return_indices=True)
    unpool_n, unpool_t = getattr(F, f"max_unpool{dims}d"), getattr(TF, f"max_unpool{dims}d")
    v = nt.tensor(values.numpy(), requires_grad=True)
    i = nt.tensor(indices.numpy())
    out_n = unpool_n(v, i, 2)
    vt = values.detach().requires_grad_(True)
    out_t = unpool_t(vt, indices, 2)
    np.testing.assert_array_equal(out_n.detach().numpy(), out_t.detach().numpy())
    g = r(*out_t.shape, seed=2)
    (out_n * nt.tensor(g)).sum().backward()
    (out_t * torch.tensor(g)).sum().backward()
    _close(v.grad, vt.grad, 0)
    size = [s + 1 for s in out_t.shape[2:]]
    np.testing.assert_array_equal(
        unpool_n(v, i, 2, output_size=size).detach().numpy(),
        unpool_t(vt, indices, 2, output_size=size).detach().numpy(),
    )
    module_n = getattr(nt.nn, f"MaxUnpool{dims}d")(2)
    module_t = getattr(torch.nn, f"MaxUnpool{dims}d")(2)
    assert repr(module_n) == repr(module_t)
    np.testing.assert_array_equal(
        module_n(v, i).detach().numpy(), module_t(vt, indices).detach().numpy()
    )
    assert nt.autograd.gradcheck(
        lambda a: unpool_n(a, i, 2), (v.detach().double().requires_grad_(),)
    )


def test_max_unpool_errors():
    v, i = F.max_pool3d(nt.tensor(r(2, 3, 6, 6, 8)), 2, return_indices=True)
    with pytest.raises(RuntimeError, match="Found an invalid max index"):
        F.max_unpool3d(v, i + 1000, 2)
    with pytest.raises(ValueError, match="invalid output_size"):
        F.max_unpool3d(v, i, 2, output_size=(9, 9, 9))
    with pytest.raises(ValueError, match="3 or 5 elements"):
        F.max_unpool3d(v, i, 2, output_size=(9, 9))
    with pytest.raises(RuntimeError, match="Expected shape of indices"):
        F.max_unpool3d(v, i[:, :, :1], 2)
    with pytest.raises(RuntimeError, match="should be type int64"):
        F.max_unpool3d(v, i.int(), 2)
    with pytest.raises(RuntimeError, match="max_unpooling3d should be a 4d or 5d"):
        F.max_unpool3d(v[0, 0], i[0, 0], 2)
    with pytest.raises(RuntimeError, match="max_unpooling2d should be a 3d or 4d"):
        F.max_unpool2d(v[0, 0, 0], i[0, 0, 0], 2)


def test_channel_shuffle():
    x = np.arange(2 * 6 * 3 * 2).reshape(2, 6, 3, 2)
    ours = F.channel_shuffle(nt.tensor(x), 3)
    np.testing.assert_array_equal(ours.numpy(), TF.channel_shuffle(torch.tensor(x), 3).numpy())
    m = nt.nn.ChannelShuffle(2)
    assert repr(m) == repr(torch.nn.ChannelShuffle(2))
    np.testing.assert_array_equal(
        m(nt.tensor(x)).numpy(), torch.nn.ChannelShuffle(2)(torch.tensor(x)).numpy()
    )
    with pytest.raises(RuntimeError, match="divisible by groups"):
        F.channel_shuffle(nt.tensor(x), 4)
    with pytest.raises(RuntimeError, match="must be positive"):
        F.channel_shuffle(nt.tensor(x), 0)
    with pytest.raises(RuntimeError, match="> 2 dims"):
        F.channel_shuffle(nt.zeros(2, 6), 2)
    a = nt.tensor(r(1, 4, 3), requires_grad=True)
    F.channel_shuffle(a, 2).mul(nt.arange(12.0).reshape(1, 4, 3)).sum().backward()
    np.testing.assert_array_equal(a.grad.numpy()[0, 1], [6, 7, 8])


def test_batchnorm3d_and_instancenorm3d():
    x = r(2, 3, 3, 4, 5)
    for name, kw in (
        ("BatchNorm3d", {}),
        ("BatchNorm3d", {"affine": False, "momentum": None}),
        ("InstanceNorm3d", {"affine": True, "track_running_stats": True}),
    ):
        theirs, ours = getattr(torch.nn, name)(3, **kw), getattr(nt.nn, name)(3, **kw)
        assert repr(ours) == repr(theirs)
        assert list(ours.state_dict()) == list(theirs.state_dict())
        for _ in range(2):
            _close(ours(nt.tensor(x)), theirs(torch.tensor(x)), 1e-4)
        for key, value in theirs.state_dict().items():
            _close(ours.state_dict()[key], value, 1e-5)
        ours.eval(), theirs.eval()
        _close(ours(nt.tensor(x)), theirs(torch.tensor(x)), 1e-4)
    with pytest.raises(ValueError, match="expected 5D input"):
        nt.nn.BatchNorm3d(3)(nt.zeros(2, 3, 4, 4))
    no_bias = nt.nn.BatchNorm3d(3, bias=False)
    assert no_bias.bias is None and repr(no_bias) == repr(torch.nn.BatchNorm3d(3, bias=False))


# ---- CUDA (the simulator is slow: tiny shapes) -------------------------------------------------


def test_conv3d_and_pools_on_device(device):
    x, w = r(1, 2, 3, 3, 3), r(2, 2, 2, 1, 2, seed=1)
    xt = nt.tensor(x, device=device, requires_grad=True)
    out = F.conv3d(xt, nt.tensor(w, device=device), padding=(1, 0, 0))
    assert out.device.type == device
    _close(out, TF.conv3d(torch.tensor(x), torch.tensor(w), padding=(1, 0, 0)))
    out.sum().backward()
    assert xt.grad.device.type == device
    v, i = F.max_pool3d(nt.tensor(x, device=device), 2, 1, return_indices=True)
    v_t, i_t = TF.max_pool3d(torch.tensor(x), 2, 1, return_indices=True)
    _close(v, v_t, 0)
    np.testing.assert_array_equal(i.cpu().numpy(), i_t.numpy())
    back = F.max_unpool3d(v, i, 2, 1)
    np.testing.assert_array_equal(back.cpu().numpy(), TF.max_unpool3d(v_t, i_t, 2, 1).numpy())


def test_conv_transpose3d_and_avg_pool_on_device(device):
    x, w = r(1, 2, 2, 2, 2), r(2, 1, 2, 2, 1, seed=1)
    out = F.conv_transpose3d(nt.tensor(x, device=device), nt.tensor(w, device=device), stride=2)
    _close(out, TF.conv_transpose3d(torch.tensor(x), torch.tensor(w), stride=2))
    avg = F.avg_pool3d(nt.tensor(x, device=device), 2, padding=1, count_include_pad=False)
    _close(avg, TF.avg_pool3d(torch.tensor(x), 2, padding=1, count_include_pad=False))
