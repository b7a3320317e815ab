"""Normalisation, padding, pooling, resampling and channel-dropout layers (issue 15),
functional and modules, against torch, with gradient checks."""

import numpy as np
import pytest

import numtensor as nt
from tests.conftest import check, check_on


def r(m, *shape, seed=0):
    return m.tensor(np.random.default_rng(seed).standard_normal(shape).astype(np.float32))


def img(m):
    return r(m, 2, 4, 5, 6)


CASES = {
    "group_norm": lambda m: (
        m.nn.functional.group_norm(img(m), 2),
        m.nn.functional.group_norm(img(m), 4, m.arange(4.0), m.ones(4)),
    ),
    "GroupNorm": lambda m: (m.nn.GroupNorm(2, 4)(img(m)), repr(m.nn.GroupNorm(2, 4, affine=False))),
    "instance_norm": lambda m: m.nn.functional.instance_norm(img(m)),
    "InstanceNorm": lambda m: (
        m.nn.InstanceNorm2d(4)(img(m)),
        m.nn.InstanceNorm1d(4, affine=True)(r(m, 2, 4, 7)),
        m.nn.InstanceNorm2d(4)(img(m)[0]),
        repr(m.nn.InstanceNorm1d(3)),
    ),
    "InstanceNorm running": lambda m: (
        lambda n: (n(img(m)), n.running_mean, n.running_var, n.eval()(img(m) * 2))
    )(m.nn.InstanceNorm2d(4, track_running_stats=True)),
    "local_response_norm": lambda m: (
        m.nn.functional.local_response_norm(img(m), 3),
        m.nn.LocalResponseNorm(2, 0.1, 0.5, 2.0)(r(m, 2, 5, 4)),
    ),
    "rms_norm": lambda m: (
        m.nn.functional.rms_norm(img(m), (6,)),
        m.nn.RMSNorm([5, 6])(img(m)),
        m.nn.RMSNorm(6, eps=1e-3, elementwise_affine=False)(img(m)),
    ),
    "pad modes": lambda m: [
        m.nn.functional.pad(x, p, mode)
        for mode in ("reflect", "replicate", "circular")
        for x, p in ((img(m)[0], (1, 2)), (img(m), (2, 1, 1, 3)), (img(m)[0], (2, 1, 1, 3)))
    ],
    "pad reflect 1d": lambda m: m.nn.functional.pad(r(m, 2, 3, 5), (4, 2), "reflect"),
    "pad reflect too big": lambda m: m.nn.functional.pad(r(m, 2, 3, 5), (5, 0), "reflect"),
    "pad modules": lambda m: (
        m.nn.ZeroPad2d(1)(img(m)),
        m.nn.ConstantPad1d((1, 2), 3.5)(r(m, 2, 3)),
        m.nn.ReflectionPad2d(2)(img(m)),
        m.nn.ReplicationPad1d((3, 1))(r(m, 2, 3, 4)),
        m.nn.CircularPad2d((1, 1, 2, 0))(img(m)),
        m.nn.ZeroPad1d(2)(r(m, 1, 3)),
        m.nn.ReflectionPad3d(1)(r(m, 1, 2, 3, 3, 3)),
    ),
    "pad module reprs": lambda m: [
        repr(c)
        for c in (
            m.nn.ZeroPad2d(1),
            m.nn.ConstantPad2d(2, 1.5),
            m.nn.ReflectionPad1d((1, 2)),
            m.nn.CircularPad3d(1),
        )
    ],
    "pixel_shuffle": lambda m: (
        m.nn.functional.pixel_shuffle(r(m, 2, 8, 3, 3), 2),
        m.nn.PixelUnshuffle(3)(img(m)[:, :, :3]),
        m.nn.functional.pixel_unshuffle(m.nn.functional.pixel_shuffle(r(m, 1, 9, 2, 2), 3), 3),
    ),
    "pixel_shuffle bad": lambda m: m.nn.functional.pixel_shuffle(r(m, 1, 3, 2, 2), 2),
    "interpolate nearest": lambda m: (
        m.nn.functional.interpolate(img(m), scale_factor=2),
        m.nn.functional.interpolate(img(m), size=(3, 4)),
        m.nn.functional.interpolate(r(m, 2, 3, 5), size=8),
        m.nn.functional.interpolate(img(m), scale_factor=1.5, mode="nearest-exact"),
    ),
    "interpolate linear": lambda m: [
        m.nn.functional.interpolate(r(m, 2, 3, 5), size=s, mode="linear", align_corners=a)
        for s in (3, 9)
        for a in (False, True)
    ],
    "interpolate bilinear": lambda m: [
        m.nn.functional.interpolate(img(m), scale_factor=f, mode="bilinear", align_corners=a)
        for f in (0.5, 2.0, 1.7)
        for a in (False, True)
    ],
    "interpolate trilinear": lambda m: m.nn.functional.interpolate(
        r(m, 1, 2, 3, 4, 2), size=(4, 2, 5), mode="trilinear"
    ),
    "Upsample": lambda m: (
        m.nn.Upsample(scale_factor=2)(img(m)),
        m.nn.Upsample(size=(7, 3), mode="bilinear")(img(m)),
        m.nn.UpsamplingBilinear2d(scale_factor=2)(img(m)),
        m.nn.UpsamplingNearest2d(size=4)(img(m)),
        repr(m.nn.Upsample(scale_factor=2)),
    ),
    "max_pool1d": lambda m: (
        m.nn.functional.max_pool1d(r(m, 2, 3, 9), 3),
        m.nn.functional.max_pool1d(r(m, 2, 3, 9), 3, 2, 1, return_indices=True),
        m.nn.MaxPool1d(2, ceil_mode=True)(r(m, 2, 3, 7)),
    ),
    "avg_pool1d": lambda m: (
        m.nn.functional.avg_pool1d(r(m, 2, 3, 9), 3),
        m.nn.AvgPool1d(3, 2, 1, count_include_pad=False)(r(m, 2, 3, 8)),
    ),
    "adaptive 1d": lambda m: (
        m.nn.functional.adaptive_avg_pool1d(r(m, 2, 3, 9), 4),
        m.nn.AdaptiveAvgPool1d(1)(r(m, 2, 3, 5)),
        m.nn.AdaptiveMaxPool1d(4)(r(m, 2, 3, 9)),
        m.nn.functional.adaptive_max_pool1d(r(m, 2, 3, 9), 4, True),
    ),
    "adaptive max 2d": lambda m: (
        m.nn.AdaptiveMaxPool2d((2, 3))(img(m)),
        m.nn.functional.adaptive_max_pool2d(img(m), 3, return_indices=True),
        m.nn.AdaptiveMaxPool2d((None, 2))(img(m)),
    ),
    "lp_pool": lambda m: (
        m.nn.functional.lp_pool2d(img(m).abs(), 2, 2),
        m.nn.LPPool1d(3, 2)(r(m, 2, 3, 8).abs()),
        m.nn.LPPool2d(1.5, (2, 3), stride=1)(img(m).abs()),
    ),
    "dropout eval": lambda m: [
        layer.eval()(img(m))
        for layer in (
            m.nn.Dropout1d(),
            m.nn.Dropout2d(),
            m.nn.Dropout3d(),
            m.nn.AlphaDropout(),
            m.nn.FeatureAlphaDropout(),
        )
    ],
    "dropout p edge": lambda m: (
        m.nn.functional.dropout2d(img(m), 0.0),
        m.nn.functional.alpha_dropout(img(m), 0.3, training=False),
    ),
    "dropout bad p": lambda m: m.nn.Dropout2d(1.5),
    "dropout1d bad dims": lambda m: m.nn.functional.dropout1d(r(m, 2, 3, 4, 5), 0.5),
    "pad mode sizes": lambda m: m.nn.functional.pad(img(m), (1, 2), "reflect"),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_matches_torch(name):
    # (reprs aside: float32 sums in another order round the 5th digit differently)
    check(CASES[name], exact=False, check_repr=name.endswith("reprs"), rtol=1e-5, atol=1e-6)


@pytest.mark.parametrize(
    "name", ["group_norm", "pad modes", "interpolate bilinear", "adaptive max 2d", "pixel_shuffle"]
)
def test_on_cuda(name, device):
    check_on(device, CASES[name], exact=False, check_repr=False, rtol=1e-5, atol=1e-6)


def test_channel_dropout_zeroes_whole_channels_and_scales():
    nt.manual_seed(0)
    out = nt.nn.functional.dropout2d(nt.ones(8, 16, 3, 3), 0.5)
    per_channel = out.reshape(8, 16, 9)
    assert ((per_channel == 0).all(-1) | (per_channel == 2).all(-1)).all()
    assert 0.3 < (per_channel[..., 0] == 0).float().mean().item() < 0.7
    nt.manual_seed(1)
    x = nt.randn(20000)
    y = nt.nn.functional.alpha_dropout(x, 0.2, training=True)
    assert abs(y.mean().item()) < 0.05 and abs(y.std().item() - 1) < 0.05  # (self-normalising)


@pytest.mark.parametrize(
    "fn",
    [
        lambda t: nt.nn.functional.group_norm(t, 2),
        lambda t: nt.nn.functional.instance_norm(t),
        lambda t: nt.nn.functional.local_response_norm(t, 3),
        lambda t: nt.nn.functional.rms_norm(t, (3,)),
        lambda t: nt.nn.functional.pad(t, (2, 1, 1, 2), "reflect"),
        lambda t: nt.nn.functional.pad(t[0], (1, 2), "circular"),
        lambda t: nt.nn.functional.pad(t[0], (3, 0), "replicate"),
        lambda t: nt.nn.functional.interpolate(t, scale_factor=1.5, mode="bilinear"),
        lambda t: nt.nn.functional.interpolate(t, size=(4, 5), mode="bilinear", align_corners=True),
        lambda t: nt.nn.functional.adaptive_max_pool2d(t, 2),
        lambda t: nt.nn.functional.max_pool1d(t.flatten(2), 2),
        lambda t: nt.nn.functional.lp_pool2d(t.abs() + 0.1, 2, 2),
        lambda t: nt.nn.functional.pixel_unshuffle(t[..., :2, :2], 2),
    ],
)
def test_gradcheck(fn):
    g = np.random.default_rng(7)
    t = nt.tensor(g.standard_normal((2, 4, 3, 3)), requires_grad=True)
    assert nt.autograd.gradcheck(fn, (t,))
