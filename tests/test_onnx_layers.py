"""numtensor.onnx: the layers and nn.functional functions beyond test_onnx.py (3-d and
transposed convolutions, pooling in 1-3 dims, normalizations, resampling, shuffles, the other
activations, distances, losses) exported, checked by onnx.checker and run by ONNX Runtime,
whose outputs must equal numtensor's eager outputs, also with another batch size through a
dynamic batch dimension; and the ops without an inference form refused clearly."""

from __future__ import annotations

import io
import warnings

import pytest

import numtensor as nt
from numtensor import nn
from numtensor.nn import functional as F

onnx = pytest.importorskip("onnx")
ort = pytest.importorskip("onnxruntime")

from tests.test_onnx import NEWEST, Fn, assert_same, batch, expected, export, roundtrip, run  # noqa: E402


def seeded(make):
    def build():
        nt.manual_seed(0)
        return make()

    return build


def roundtrip_at(opset, model, inputs, other):
    try:
        roundtrip(model, inputs, other, opset=opset)
    except nt.onnx.UnsupportedOperatorError as e:  # (only: an ONNX op newer than ``opset``)
        assert opset < 18 and "needs opset" in str(e), e


# ---- layers: (make the layer, the shape of one sample) -------------------------------------

LAYERS = {
    "Conv3d": (lambda: nn.Conv3d(2, 3, 2), (2, 4, 4, 4)),
    "Conv3d stride padding groups": (
        lambda: nn.Conv3d(4, 6, (3, 2, 2), stride=2, padding=1, dilation=(1, 2, 1), groups=2),
        (4, 6, 7, 5),
    ),
    "Conv3d same": (lambda: nn.Conv3d(2, 2, 3, padding="same", bias=False), (2, 4, 5, 4)),
    "ConvTranspose1d": (lambda: nn.ConvTranspose1d(2, 3, 3, stride=2), (2, 5)),
    "ConvTranspose2d": (lambda: nn.ConvTranspose2d(2, 3, 3, stride=2), (2, 4, 4)),
    "ConvTranspose2d padding output_padding groups dilation": (
        lambda: nn.ConvTranspose2d(
            4,
            6,
            (3, 2),
            stride=(2, 3),
            padding=1,
            output_padding=(1, 2),
            groups=2,
            dilation=(1, 2),
            bias=False,
        ),
        (4, 5, 4),
    ),
    "ConvTranspose3d": (lambda: nn.ConvTranspose3d(2, 2, 2, stride=2, padding=1), (2, 3, 3, 3)),
    "MaxPool1d": (lambda: nn.MaxPool1d(3, stride=2, padding=1), (2, 9)),
    "MaxPool1d dilation ceil": (lambda: nn.MaxPool1d(2, dilation=2, ceil_mode=True), (2, 8)),
    "MaxPool2d ceil drops a window": (lambda: nn.MaxPool2d(2, 2, 1, ceil_mode=True), (2, 5, 4)),
    "MaxPool3d ceil drops a window": (lambda: nn.MaxPool3d(2, 2, 1, ceil_mode=True), (2, 5, 3, 4)),
    "MaxPool3d": (lambda: nn.MaxPool3d(2), (2, 4, 4, 4)),
    "MaxPool3d stride padding": (lambda: nn.MaxPool3d(3, stride=2, padding=1), (2, 5, 6, 5)),
    "AvgPool1d": (lambda: nn.AvgPool1d(2), (2, 6)),
    "AvgPool1d padding exclude": (
        lambda: nn.AvgPool1d(3, stride=2, padding=1, count_include_pad=False),
        (2, 7),
    ),
    "AvgPool3d": (lambda: nn.AvgPool3d(2, padding=1), (2, 4, 4, 4)),
    "AvgPool3d divisor": (lambda: nn.AvgPool3d(2, divisor_override=3), (2, 4, 4, 4)),
    "AvgPool2d divisor": (lambda: nn.AvgPool2d(2, padding=1, divisor_override=3), (2, 4, 4)),
    "AdaptiveAvgPool1d": (lambda: nn.AdaptiveAvgPool1d(3), (2, 6)),
    "AdaptiveAvgPool3d 1": (lambda: nn.AdaptiveAvgPool3d(1), (2, 3, 4, 4)),
    "AdaptiveAvgPool3d None": (lambda: nn.AdaptiveAvgPool3d((None, 2, 1)), (2, 3, 4, 4)),
    "AdaptiveMaxPool1d": (lambda: nn.AdaptiveMaxPool1d(2), (2, 6)),
    "AdaptiveMaxPool2d": (lambda: nn.AdaptiveMaxPool2d((2, 3)), (2, 4, 6)),
    "AdaptiveMaxPool2d 1": (lambda: nn.AdaptiveMaxPool2d(1), (2, 4, 6)),
    "AdaptiveMaxPool3d": (lambda: nn.AdaptiveMaxPool3d(2), (2, 4, 4, 2)),
    "LPPool1d": (lambda: nn.LPPool1d(2, 3, stride=2), (2, 9)),
    "LPPool2d": (lambda: nn.LPPool2d(3, 2), (2, 4, 6)),
    "LPPool3d": (lambda: nn.LPPool3d(3, 2), (2, 4, 4, 4)),
    "GroupNorm": (lambda: nn.GroupNorm(2, 4), (4, 3, 3)),
    "GroupNorm no affine 3-d": (lambda: nn.GroupNorm(3, 6, affine=False), (6, 5)),
    "InstanceNorm1d": (lambda: nn.InstanceNorm1d(3), (3, 6)),
    "InstanceNorm2d affine": (lambda: _affine(nn.InstanceNorm2d(3, affine=True)), (3, 4, 4)),
    "InstanceNorm3d": (lambda: nn.InstanceNorm3d(2, eps=1e-3), (2, 3, 3, 3)),
    "InstanceNorm2d running stats": (
        lambda: _trained(nn.InstanceNorm2d(3, track_running_stats=True), (4, 3, 5, 5)),
        (3, 4, 4),
    ),
    "LocalResponseNorm odd 4-d": (lambda: nn.LocalResponseNorm(3), (5, 4, 4)),
    "LocalResponseNorm even 4-d": (lambda: nn.LocalResponseNorm(2, 0.1, 0.5, 2.0), (5, 4, 4)),
    "LocalResponseNorm 3-d": (lambda: nn.LocalResponseNorm(4, alpha=0.3), (6, 5)),
    "LocalResponseNorm 5-d": (lambda: nn.LocalResponseNorm(3), (4, 2, 3, 2)),
    "RMSNorm": (lambda: _affine(nn.RMSNorm(4)), (3, 4)),
    "RMSNorm 2 dims eps": (lambda: nn.RMSNorm((3, 4), eps=1e-3, elementwise_affine=False), (3, 4)),
    "Upsample nearest": (lambda: nn.Upsample(scale_factor=2), (2, 3, 3)),
    "Upsample nearest size": (lambda: nn.Upsample(size=(5, 7)), (2, 3, 3)),
    "Upsample nearest downsample": (lambda: nn.Upsample(size=(2, 3)), (2, 5, 7)),
    "Upsample nearest 1-d scale": (lambda: nn.Upsample(scale_factor=1.7), (2, 5)),
    "Upsample nearest-exact": (lambda: nn.Upsample(size=(5, 4), mode="nearest-exact"), (2, 3, 7)),
    "Upsample linear": (lambda: nn.Upsample(scale_factor=2.5, mode="linear"), (2, 4)),
    "Upsample linear align_corners": (
        lambda: nn.Upsample(size=7, mode="linear", align_corners=True),
        (2, 4),
    ),
    "Upsample bilinear": (lambda: nn.Upsample(scale_factor=2, mode="bilinear"), (2, 3, 3)),
    "Upsample bilinear size down": (lambda: nn.Upsample(size=(2, 5), mode="bilinear"), (2, 5, 3)),
    "Upsample bilinear align_corners": (
        lambda: nn.Upsample(scale_factor=(2, 3), mode="bilinear", align_corners=True),
        (2, 3, 3),
    ),
    "Upsample bicubic": (lambda: nn.Upsample(scale_factor=2, mode="bicubic"), (2, 4, 4)),
    "Upsample bicubic align_corners": (
        lambda: nn.Upsample(size=(5, 6), mode="bicubic", align_corners=True),
        (2, 4, 4),
    ),
    "Upsample trilinear": (lambda: nn.Upsample(scale_factor=2, mode="trilinear"), (2, 2, 3, 2)),
    "UpsamplingNearest2d": (lambda: nn.UpsamplingNearest2d(scale_factor=3), (2, 2, 3)),
    "UpsamplingBilinear2d": (lambda: nn.UpsamplingBilinear2d(size=(4, 5)), (2, 2, 3)),
    "PixelShuffle": (lambda: nn.PixelShuffle(2), (8, 2, 3)),
    "PixelUnshuffle": (lambda: nn.PixelUnshuffle(2), (2, 4, 6)),
    "ChannelShuffle": (lambda: nn.ChannelShuffle(3), (6, 2, 2)),
    "Fold": (lambda: nn.Fold((4, 5), (2, 3), padding=1, stride=(1, 2)), (12, 15)),
    "Unfold": (lambda: nn.Unfold((2, 3), dilation=(1, 2), padding=1, stride=2), (3, 5, 6)),
    "Hardswish": (lambda: nn.Hardswish(), (7,)),
    "Hardsigmoid": (lambda: nn.Hardsigmoid(), (7,)),
    "Hardtanh": (lambda: nn.Hardtanh(-0.5, 0.8), (7,)),
    "ReLU6": (lambda: nn.ReLU6(), (7,)),
    "PReLU": (lambda: nn.PReLU(), (3, 4)),
    "PReLU channels": (lambda: _affine(nn.PReLU(3)), (3, 4, 2)),
    "SELU": (lambda: nn.SELU(), (7,)),
    "CELU": (lambda: nn.CELU(0.7), (7,)),
    "Mish": (lambda: nn.Mish(), (7,)),
    "LogSigmoid": (lambda: nn.LogSigmoid(), (7,)),
    "Softsign": (lambda: nn.Softsign(), (7,)),
    "Tanhshrink": (lambda: nn.Tanhshrink(), (7,)),
    "Hardshrink": (lambda: nn.Hardshrink(0.4), (7,)),
    "Softshrink": (lambda: nn.Softshrink(0.3), (7,)),
    "Threshold": (lambda: nn.Threshold(0.1, -2.0), (7,)),
    "RReLU eval": (lambda: nn.RReLU(0.1, 0.3), (7,)),
    "GLU": (lambda: nn.GLU(), (6,)),
    "GLU dim 1": (lambda: nn.GLU(1), (4, 3)),
    "Softmin": (lambda: nn.Softmin(dim=1), (5,)),
    "Softmin implicit dim": (lambda: nn.Softmin(), (3, 4)),
    "Dropout1d eval": (lambda: nn.Dropout1d(), (3, 4)),
    "Dropout2d eval": (lambda: nn.Dropout2d(), (3, 4, 4)),
    "Dropout3d eval": (lambda: nn.Dropout3d(), (3, 2, 2, 2)),
    "AlphaDropout eval": (lambda: nn.AlphaDropout(0.3), (5,)),
    "FeatureAlphaDropout eval": (lambda: nn.FeatureAlphaDropout(0.3), (3, 4, 4)),
    "CosineSimilarity": (lambda: _Pair(nn.CosineSimilarity()), (6,)),
    "PairwiseDistance": (lambda: _Pair(nn.PairwiseDistance()), (6,)),
    "PairwiseDistance p=1 keepdim": (lambda: _Pair(nn.PairwiseDistance(1, keepdim=True)), (6,)),
    "PairwiseDistance p=3": (lambda: _Pair(nn.PairwiseDistance(3)), (6,)),
    "PairwiseDistance p=inf": (lambda: _Pair(nn.PairwiseDistance(float("inf"))), (6,)),
    "CNN": (lambda: _cnn(), (3, 8, 8)),
}


class _Pair(nn.Module):
    """A layer of two inputs applied to x and a shifted x."""

    def __init__(self, layer) -> None:
        super().__init__()
        self.layer = layer

    def forward(self, x):
        return self.layer(x, x.flip(-1) * 0.5 + 0.1)


def _affine(layer):
    with nt.no_grad():
        for p in layer.parameters():
            p.uniform_(0.5, 1.5)
    return layer


def _trained(layer, shape):
    nt.manual_seed(1)
    layer.train()
    for _ in range(2):
        layer(nt.randn(*shape) * 2 + 1)
    return layer


def _cnn():
    return nn.Sequential(
        nn.Conv2d(3, 8, 3, padding=1),
        nn.GroupNorm(2, 8),
        nn.Hardswish(),
        nn.MaxPool2d(2),
        nn.ConvTranspose2d(8, 4, 2, stride=2),
        nn.InstanceNorm2d(4, affine=True),
        nn.PReLU(4),
        nn.Upsample(scale_factor=2, mode="bilinear"),
        nn.PixelUnshuffle(2),
        nn.AdaptiveAvgPool2d(1),
        nn.Flatten(),
        nn.Linear(16, 3),
        nn.SELU(),
    )


@pytest.mark.parametrize("name", list(LAYERS))
def test_layer(name):
    make, shape = LAYERS[name]
    roundtrip_at(18, seeded(make)(), *zip(batch(*shape)))


# ops with an older form where the opset lacks the newer ONNX op
OLDER = [
    "Hardswish",
    "CELU",
    "Mish",
    "Fold",
    "Upsample bilinear",
    "Upsample nearest size",
    "LocalResponseNorm even 4-d",
    "GroupNorm",
    "MaxPool3d",
    "ConvTranspose2d",
]


@pytest.mark.parametrize("opset", [11, 13, 17, NEWEST])
@pytest.mark.parametrize("name", OLDER)
def test_layer_at_other_opsets(name, opset):
    make, shape = LAYERS[name]
    roundtrip_at(opset, seeded(make)(), *zip(batch(*shape)))


# ---- nn.functional in a custom forward -----------------------------------------------------

FUNCTIONS = {
    "conv3d conv_transpose functional": (
        lambda m, x: F.conv_transpose3d(F.conv3d(x, m.w3, padding=1), m.w3, stride=2),
        (2, 3, 3, 3),
    ),
    "conv_transpose1d unbatched weight": (
        lambda m, x: F.conv_transpose1d(x, m.w3.sum((3, 4)), stride=2, padding=1),
        (3, 5),
    ),
    "max_pool with indices": (
        lambda m, x: nt.cat(
            [
                F.max_pool2d(x.sum(2), 2, return_indices=True)[1].float().flatten(1),
                F.max_pool1d_with_indices(x.sum((2, 3)), 2, 1)[1].float().flatten(1),
                F.max_pool3d(x, 2, 1, padding=1, return_indices=True)[1].float().flatten(1),
                F.max_pool3d(x, 2, 1, padding=1, return_indices=True)[0].flatten(1),
                F.adaptive_max_pool2d(x.sum(2), 1, return_indices=True)[1].float().flatten(1),
            ],
            1,
        ),
        (2, 3, 3, 3),
    ),
    "max_unpool": (
        lambda m, x: (
            F.max_unpool2d(*F.max_pool2d(x.sum(2), 2, return_indices=True), 2).flatten(1).sum(1)
            + F.max_unpool1d(*F.max_pool1d(x.sum((2, 3)), 2, return_indices=True), 2)
            .sum(-1)
            .sum(-1)
            + F.max_unpool3d(*F.max_pool3d(x, 2, 1, return_indices=True), 2, 1).sum((1, 2, 3, 4))
        ),
        (2, 4, 4, 4),
    ),
    "max_unpool2d output_size": (
        lambda m, x: F.max_unpool2d(
            *F.max_pool2d(x, 2, return_indices=True), 2, output_size=(5, 5)
        ),
        (2, 5, 5),
    ),
    "max_unpool unbatched": (
        lambda m, x: (
            F.max_unpool2d(*F.max_pool2d(x[0], 2, return_indices=True), 2)
            .unsqueeze(0)
            .expand(x.shape[0], -1, -1, -1)
        ),
        (2, 4, 4),
    ),
    "fold unfold": (
        lambda m, x: F.fold(F.unfold(x, 2, stride=1), (4, 4), 2, stride=1),
        (3, 4, 4),
    ),
    "fold unbatched": (
        lambda m, x: F.fold(x[0], (3, 4), (2, 2)).unsqueeze(0) + x.sum() * 0,
        (8, 6),
    ),
    "interpolate": (
        lambda m, x: (
            F.interpolate(x, scale_factor=1.5, mode="bilinear", recompute_scale_factor=True)
            .flatten(1)
            .sum(1)
            + F.interpolate(x, size=(3, 2), mode="area").flatten(1).sum(1)
            + F.interpolate(x, scale_factor=(0.5, 2), mode="nearest").flatten(1).sum(1)
            + F.upsample(x, scale_factor=2, mode="bicubic").flatten(1).sum(1)
            + F.upsample_bilinear(x, scale_factor=2).flatten(1).sum(1)
            + F.upsample_nearest(x, size=5).flatten(1).sum(1)
        ),
        (2, 6, 4),
    ),
    "pixel shuffles 5-d and 3-d": (
        lambda m, x: (
            F.pixel_shuffle(x.unsqueeze(1).expand(-1, 2, -1, -1, -1), 2).flatten(1)
            + F.pixel_unshuffle(F.pixel_shuffle(x[0], 2), 2).flatten().unsqueeze(0).repeat(1, 2)
        ),
        (4, 2, 3),
    ),
    "activations": (
        lambda m, x: (
            F.hardswish(x)
            + F.hardsigmoid(x)
            + F.hardtanh(x)
            + F.relu6(x * 4)
            + F.prelu(x, m.a)
            + F.selu(x)
            + F.celu(x, 2.0)
            + F.mish(x)
            + F.logsigmoid(x)
            + F.softsign(x)
            + F.tanhshrink(x)
            + F.hardshrink(x)
            + F.softshrink(x, 0.2)
            + F.threshold(x, 0.2, 5.0)
            + F.rrelu(x)
            + F.glu(nt.cat([x, x], 1))
            + F.softmin(x, 1)
            + F.alpha_dropout(x)
            + F.feature_alpha_dropout(x, 0.5, False)
            + F.dropout1d(x, 0.5, False)
        ),
        (4,),
    ),
    "in-place activations": (
        lambda m, x: (
            F.relu_(x * 1)
            + F.hardtanh_(x * 1, -0.2, 0.2)
            + F.elu_(x * 1)
            + F.celu_(x * 1)
            + F.selu_(x * 1)
            + F.leaky_relu_(x * 1, 0.2)
            + F.threshold_(x * 1, 0.1, 2.0)
            + F.rrelu_(x * 1)
        ),
        (4,),
    ),
    "lp_pool fractional p": (
        lambda m, x: F.lp_pool2d(x.abs(), 1.5, (2, 3)),
        (2, 5, 7),
    ),
    "logsigmoid large": (lambda m, x: F.logsigmoid(x * 100), (5,)),
    "prelu function": (lambda m, x: nt.prelu(x, m.a), (4, 3)),
    "normalizations functional": (
        lambda m, x: (
            F.group_norm(x, 2, m.a, m.a * 0.5)
            + F.instance_norm(x, weight=m.a, bias=m.a)
            + F.local_response_norm(x, 2)
            + F.rms_norm(x, (3,), eps=1e-4)
            + F.rms_norm(x, 3)
        ),
        (4, 3),
    ),
    "distances": (
        lambda m, x: (
            F.cosine_similarity(x, x.flip(1) + 1, dim=1)
            + F.cosine_similarity(x, m.a.reshape(1, 4), dim=-1)
            + F.pairwise_distance(x, x.flip(1), p=0)
            + F.pairwise_distance(x, x.flip(1), p=1.5)
        ),
        (4,),
    ),
    "pdist": (lambda m, x: nt.cat([F.pdist(x), F.pdist(x, 1), F.pdist(x, float("inf"))]), (3,)),
    "affine_grid grid_sample": (
        lambda m, x: F.grid_sample(
            x,
            F.affine_grid(
                m.theta.expand(x.shape[0], 2, 3), [x.shape[0], 2, 4, 5], align_corners=False
            ),
            align_corners=False,
        ),
        (2, 5, 6),
    ),
    "grid_sample modes": (
        lambda m, x: nt.cat(
            [
                F.grid_sample(
                    x,
                    m.grid.expand(x.shape[0], -1, -1, -1),
                    mode=mode,
                    padding_mode=pad,
                    align_corners=corners,
                )
                for mode, pad, corners in [
                    ("bilinear", "border", True),
                    ("nearest", "zeros", False),
                    ("bicubic", "reflection", False),
                ]
            ],
            1,
        ),
        (2, 5, 6),
    ),
    "affine_grid 3-d align_corners": (
        lambda m, x: F.affine_grid(x, [x.shape[0], 1, 2, 3, 4], align_corners=True),
        (3, 4),
    ),
    "scaled_dot_product_attention": (
        lambda m, x: (
            F.scaled_dot_product_attention(x, x * 0.5, x.flip(1))
            + F.scaled_dot_product_attention(x, x, x, is_causal=True)
            + F.scaled_dot_product_attention(x, x, x, attn_mask=m.mask)
            + F.scaled_dot_product_attention(x, x, x, attn_mask=m.mask.float(), scale=0.3)
        ),
        (2, 3, 4),
    ),
    "losses": (
        lambda m, x: nt.stack(
            [
                F.mse_loss(x, x.flip(1)),
                F.l1_loss(x, x.flip(1), reduction="sum"),
                F.smooth_l1_loss(x, x.flip(1), beta=0.5),
                F.huber_loss(x, x.flip(1), delta=0.7),
                F.binary_cross_entropy(x.sigmoid(), x.flip(1).sigmoid()),
                F.binary_cross_entropy_with_logits(x, x.flip(1).sigmoid(), pos_weight=m.a),
                F.kl_div(x.log_softmax(1), x.flip(1).softmax(1), reduction="batchmean"),
                F.kl_div(x.log_softmax(1), x.log_softmax(1).flip(1), log_target=True),
                F.cross_entropy(x, x.argmax(1)),
                F.cross_entropy(x, x.argmin(1), weight=m.a, label_smoothing=0.1),
                F.cross_entropy(x, x.flip(1).softmax(1)),
                F.nll_loss(x.log_softmax(1), x.argmax(1), ignore_index=2),
                F.soft_margin_loss(x, x.flip(1).sign()),
                F.multilabel_soft_margin_loss(x, (x.flip(1) > 0).float()),
                F.poisson_nll_loss(x, x.flip(1).abs()),
                F.hinge_embedding_loss(x, x.flip(1).sign()),
                F.margin_ranking_loss(x[:, 0], x[:, 1], x[:, 2].sign()),
                F.cosine_embedding_loss(x, x.flip(1), x[:, 0].sign()),
                F.triplet_margin_loss(x, x.flip(1), x * 2),
            ]
        ),
        (4,),
    ),
    "losses none": (
        lambda m, x: (
            F.mse_loss(x, x.flip(1), reduction="none").sum(1)
            + F.cross_entropy(x, x.argmax(1), reduction="none")
        ),
        (4,),
    ),
}

PARAMS = {
    "w3": nn.Parameter(nt.arange(54.0).reshape(3, 2, 3, 3, 1).sin().expand(3, 2, 3, 3, 3) / 5),
    "a": nn.Parameter(nt.tensor([0.25, -0.5, 0.75, 1.5])),
    "theta": nn.Parameter(nt.tensor([[[0.9, -0.2, 0.1], [0.3, 1.1, -0.2]]])),
    "grid": nn.Parameter(nt.linspace(-1.2, 1.1, 40).reshape(1, 4, 5, 2).sin() * 1.1),
    "mask": nt.tensor([[True, False, True], [True, True, False], [False, True, True]]),
}


@pytest.mark.parametrize("name", list(FUNCTIONS))
def test_function(name):
    fn, shape = FUNCTIONS[name]
    model = Fn(fn)
    for key, value in PARAMS.items():
        if isinstance(value, nn.Parameter):
            setattr(model, key, nn.Parameter(value.detach().clone()))
        else:
            model.register_buffer(key, value)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # (input checks of the losses read values)
        roundtrip(model, *zip(batch(*shape)))


def test_embedding_bag():
    nt.manual_seed(0)
    for mode in ("sum", "mean", "max"):
        bag = nn.EmbeddingBag(10, 3, mode=mode)
        roundtrip(bag, *zip(batch(4, dtype=nt.int64, high=10)))
        padded = nn.EmbeddingBag(10, 3, mode=mode, padding_idx=2)
        x, other = batch(4, dtype=nt.int64, high=4)
        x[0] = 2  # (a bag of padding only)
        roundtrip(padded, (x,), (other,))
    weighted = Fn(
        lambda m, i, w: m.bag(i, per_sample_weights=w), bag=nn.EmbeddingBag(10, 3, mode="sum")
    )
    i, other = batch(4, dtype=nt.int64, high=10)
    roundtrip(weighted, (i, nt.randn(3, 4)), (other, nt.randn(5, 4)))
    # 1-d indices cut at constant offsets (an empty bag included)
    for mode in ("sum", "mean", "max"):
        model = Fn(lambda m, i: m.bag(i, m.offsets), bag=nn.EmbeddingBag(10, 3, mode=mode))
        model.register_buffer("offsets", nt.tensor([0, 2, 2, 5]))
        i = nt.tensor([1, 4, 2, 9, 0, 3, 3])
        data = export(model, (i,))
        assert_same(run(data, (i,)), expected(model, (i,)))
    weight = nn.Parameter(nt.randn(10, 3))
    last = Fn(
        lambda m, i: F.embedding_bag(
            i, m.weight, nt.tensor([0, 3, 7]), mode="mean", include_last_offset=True, padding_idx=4
        ),
        weight=weight,
    )
    i = nt.tensor([1, 4, 2, 9, 4, 3, 3])
    assert_same(run(export(last, (i,)), (i,)), expected(last, (i,)))


def test_onnx_ops_are_the_ones_pytorch_writes():
    def ops(model, shape, **kwargs):
        export(model, (nt.randn(*shape),), **kwargs)
        return [n.op_type for n in nt.onnx.last_model.graph.node]

    assert ops(nn.Conv3d(2, 3, 2), (1, 2, 3, 3, 3)) == ["Conv"]
    assert ops(nn.ConvTranspose2d(2, 3, 2), (1, 2, 3, 3)) == ["ConvTranspose"]
    assert ops(nn.MaxPool3d(2), (1, 2, 4, 4, 4)) == ["MaxPool"]
    assert ops(nn.AvgPool1d(2), (1, 2, 4)) == ["AveragePool"]
    assert ops(nn.InstanceNorm2d(3), (1, 3, 4, 4)) == ["InstanceNormalization"]
    assert ops(nn.PixelShuffle(2), (1, 4, 2, 2)) == ["DepthToSpace"]
    assert ops(nn.Hardswish(), (2, 3)) == ["HardSwish"]
    assert ops(nn.Hardswish(), (2, 3), opset_version=13) == ["HardSigmoid", "Mul"]
    assert ops(nn.Hardsigmoid(), (2, 3)) == ["HardSigmoid"]
    assert ops(nn.SELU(), (2, 3)) == ["Selu"]
    assert ops(nn.CELU(), (2, 3)) == ["Celu"]
    assert ops(nn.Mish(), (2, 3)) == ["Mish"]
    assert ops(nn.Softsign(), (2, 3)) == ["Softsign"]
    assert ops(nn.Softshrink(), (2, 3)) == ["Shrink"]
    assert ops(nn.ReLU6(), (2, 3)) == ["Clip"]
    assert "PRelu" in ops(nn.PReLU(3), (2, 3, 4))
    assert ops(nn.LocalResponseNorm(3), (1, 4, 2, 2)) == ["LRN"]
    assert ops(nn.Fold(3, 2), (1, 4, 4)) == ["Col2Im"]
    assert "Resize" in ops(nn.Upsample(scale_factor=2), (1, 2, 3, 3))
    resize = next(n for n in nt.onnx.last_model.graph.node if n.op_type == "Resize")
    attrs = {a.name: a.s.decode() for a in resize.attribute if a.s}
    assert attrs == {
        "mode": "nearest",
        "coordinate_transformation_mode": "asymmetric",
        "nearest_mode": "floor",
    }
    ops(nn.Upsample(scale_factor=2, mode="bilinear"), (1, 2, 3, 3))
    resize = next(n for n in nt.onnx.last_model.graph.node if n.op_type == "Resize")
    attrs = {a.name: a.s.decode() for a in resize.attribute if a.s}
    assert attrs == {"mode": "linear", "coordinate_transformation_mode": "pytorch_half_pixel"}
    dropout_ops = ops(nn.Sequential(nn.Dropout2d(), nn.AlphaDropout(), nn.ReLU()), (2, 3, 4))
    assert dropout_ops == ["Relu"]


# ---- what has no inference form is refused, naming it -------------------------------------

REFUSED = {
    "rrelu training": (lambda m, x: F.rrelu(x, training=True), "rrelu"),
    "dropout2d training": (lambda m, x: F.dropout2d(x[None], 0.5, True), "dropout2d"),
    "alpha_dropout training": (lambda m, x: F.alpha_dropout(x, 0.5, True), "alpha_dropout"),
    "gumbel_softmax": (lambda m, x: F.gumbel_softmax(x), "gumbel_softmax"),
    "interpolate antialias": (
        lambda m, x: F.interpolate(
            x.reshape(1, 1, 2, 3), size=(1, 2), mode="bilinear", antialias=True
        ),
        "interpolate",
    ),
    "adaptive pool of uneven windows": (
        lambda m, x: F.adaptive_max_pool1d(x.unsqueeze(0), 4),
        "adaptive_max_pool1d",
    ),
    "multi_margin_loss": (lambda m, x: F.multi_margin_loss(x, nt.tensor([0, 2])), "multi_margin"),
    "embedding_bag with computed offsets": (
        lambda m, x: F.embedding_bag(nt.tensor([0, 1, 1]), x, (x[:1, 0] * 0).long()),
        "embedding_bag",
    ),
    "ctc_loss": (
        lambda m, x: F.ctc_loss(
            x.reshape(3, 1, 2).log_softmax(2), nt.tensor([[1]]), nt.tensor([3]), nt.tensor([1])
        ),
        "ctc_loss",
    ),
}


@pytest.mark.parametrize("name", list(REFUSED))
def test_refused(name):
    fn, op = REFUSED[name]
    with pytest.raises(nt.onnx.UnsupportedOperatorError, match=op):
        nt.onnx.export(Fn(fn), (nt.randn(2, 3),), io.BytesIO())


def test_grid_sample_needs_opset_16():
    model = Fn(lambda m, x, grid: F.grid_sample(x, grid, align_corners=False))
    args = (nt.randn(1, 1, 3, 3), nt.rand(1, 2, 2, 2) * 2 - 1)
    with pytest.raises(nt.onnx.UnsupportedOperatorError, match="opset 16"):
        nt.onnx.export(model, args, io.BytesIO(), opset_version=13)
