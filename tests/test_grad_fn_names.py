"""Ops composed of other ops show PyTorch's node for the whole op (``mse_loss`` ->
``MseLossBackward0``, not its last inner op's ``MeanBackward0``): ``type(out.grad_fn)``'s
name and the printed tensor's ``grad_fn=<...>`` equal torch's; gradients are unchanged."""

import math

import numpy as np
import pytest

import numtensor as nt
from tests.conftest import torch

LEAVES: list = []  # the leaves the last case made, in order (their gradients are compared)


def x(lib, *shape, leaf=True, dtype=None):
    """A deterministic input with values of both signs, never 0 (``leaf=False``: a non-leaf
    copy, for in-place ops)."""
    n = math.prod(shape)
    t = lib.arange(1.0, n + 1.0, dtype=dtype or lib.float32).reshape(shape) / (n + 1) - 0.55
    t = (t * 2.5).detach().requires_grad_()
    LEAVES.append(t)
    return t if leaf else t * 1


def i(lib, *values):
    return lib.tensor(values)


def F(lib):
    return lib.nn.functional


def module(lib, name, *args, train=True, **kwargs):
    lib.manual_seed(0)
    m = getattr(lib.nn, name)(*args, **kwargs)
    return m.train(train)


def inplace(lib, fn, *shape, **kwargs):
    t = x(lib, *shape, leaf=False)
    return fn(t, **kwargs)


def channels_last(lib, *shape):
    t = x(lib, *shape).detach().contiguous(memory_format=lib.channels_last)
    return t.requires_grad_()


CASES = {
    # activations
    "gelu": lambda l: F(l).gelu(x(l, 2, 3)),
    "gelu tanh": lambda l: F(l).gelu(x(l, 2, 3), approximate="tanh"),
    "silu": lambda l: F(l).silu(x(l, 2, 3)),
    "silu module": lambda l: module(l, "SiLU")(x(l, 2, 3)),
    "softplus": lambda l: F(l).softplus(x(l, 2, 3)),
    "softplus beta": lambda l: F(l).softplus(x(l, 2, 3), beta=2.0, threshold=1.0),
    "leaky_relu": lambda l: F(l).leaky_relu(x(l, 2, 3)),
    "leaky_relu module": lambda l: module(l, "LeakyReLU", 0.2)(x(l, 2, 3)),
    "elu": lambda l: F(l).elu(x(l, 2, 3)),
    "selu": lambda l: F(l).selu(x(l, 2, 3)),
    "celu": lambda l: F(l).celu(x(l, 2, 3)),
    "celu alpha": lambda l: F(l).celu(x(l, 2, 3), alpha=2.0),
    "hardtanh": lambda l: F(l).hardtanh(x(l, 2, 3)),
    "relu6": lambda l: F(l).relu6(x(l, 2, 3)),
    "relu6 module": lambda l: module(l, "ReLU6")(x(l, 2, 3)),
    "logsigmoid": lambda l: F(l).logsigmoid(x(l, 2, 3)),
    "mish": lambda l: F(l).mish(x(l, 2, 3)),
    "hardswish": lambda l: F(l).hardswish(x(l, 2, 3)),
    "hardsigmoid": lambda l: F(l).hardsigmoid(x(l, 2, 3)),
    "prelu": lambda l: F(l).prelu(x(l, 2, 3), l.tensor([0.25], requires_grad=True)),
    "prelu channels": lambda l: F(l).prelu(x(l, 2, 3), x(l, 3)),
    "prelu module": lambda l: module(l, "PReLU")(x(l, 2, 3)),
    "threshold": lambda l: F(l).threshold(x(l, 2, 3), 0.1, 20.0),
    "hardshrink": lambda l: F(l).hardshrink(x(l, 2, 3)),
    "softshrink": lambda l: F(l).softshrink(x(l, 2, 3)),
    "glu": lambda l: F(l).glu(x(l, 2, 4)),
    # in-place activations
    "relu_": lambda l: inplace(l, F(l).relu_, 2, 3),
    "relu inplace": lambda l: inplace(l, F(l).relu, 2, 3, inplace=True),
    "leaky_relu_": lambda l: inplace(l, F(l).leaky_relu_, 2, 3),
    "leaky_relu inplace": lambda l: inplace(l, F(l).leaky_relu, 2, 3, inplace=True),
    "elu_": lambda l: inplace(l, F(l).elu_, 2, 3),
    "elu inplace": lambda l: inplace(l, F(l).elu, 2, 3, inplace=True),
    "selu inplace": lambda l: inplace(l, F(l).selu, 2, 3, inplace=True),
    "celu inplace": lambda l: inplace(l, F(l).celu, 2, 3, inplace=True),
    "hardtanh_": lambda l: inplace(l, F(l).hardtanh_, 2, 3),
    "relu6 inplace": lambda l: inplace(l, F(l).relu6, 2, 3, inplace=True),
    "threshold inplace": lambda l: inplace(
        l, F(l).threshold, 2, 3, threshold=0.1, value=2.0, inplace=True
    ),
    "hardsigmoid inplace": lambda l: inplace(l, F(l).hardsigmoid, 2, 3, inplace=True),
    "hardswish inplace": lambda l: inplace(l, F(l).hardswish, 2, 3, inplace=True),
    "silu inplace": lambda l: inplace(l, F(l).silu, 2, 3, inplace=True),
    "mish inplace": lambda l: inplace(l, F(l).mish, 2, 3, inplace=True),
    # losses
    "mse_loss": lambda l: F(l).mse_loss(x(l, 2, 3), x(l, 2, 3, leaf=False).detach() * 2),
    "mse_loss sum": lambda l: F(l).mse_loss(x(l, 2, 3), x(l, 2, 3) * 0.5, reduction="sum"),
    "mse_loss none": lambda l: F(l).mse_loss(x(l, 2, 3), x(l, 2, 3) * 0.5, reduction="none"),
    "MSELoss": lambda l: module(l, "MSELoss")(x(l, 2, 3), x(l, 2, 3) * 0.5),
    "cross_entropy": lambda l: F(l).cross_entropy(x(l, 3, 4), i(l, 0, 1, 3)),
    "cross_entropy sum": lambda l: F(l).cross_entropy(x(l, 3, 4), i(l, 0, 1, 3), reduction="sum"),
    "cross_entropy none": lambda l: F(l).cross_entropy(x(l, 3, 4), i(l, 0, 1, 3), reduction="none"),
    "cross_entropy weight": lambda l: F(l).cross_entropy(
        x(l, 3, 4), i(l, 0, 1, 3), weight=x(l, 4, leaf=False).detach().abs(), ignore_index=1
    ),
    "cross_entropy 1d": lambda l: F(l).cross_entropy(x(l, 4), l.tensor(2)),
    "cross_entropy 4d": lambda l: F(l).cross_entropy(
        x(l, 2, 3, 2, 2), l.zeros(2, 2, 2, dtype=l.int64)
    ),
    "CrossEntropyLoss": lambda l: module(l, "CrossEntropyLoss")(x(l, 3, 4), i(l, 0, 1, 3)),
    "nll_loss": lambda l: F(l).nll_loss(x(l, 3, 4), i(l, 0, 1, 3)),
    "nll_loss sum": lambda l: F(l).nll_loss(x(l, 3, 4), i(l, 0, 1, 3), reduction="sum"),
    "nll_loss none": lambda l: F(l).nll_loss(x(l, 3, 4), i(l, 0, 1, 3), reduction="none"),
    "binary_cross_entropy": lambda l: F(l).binary_cross_entropy(x(l, 2, 3).sigmoid(), l.ones(2, 3)),
    "binary_cross_entropy none": lambda l: F(l).binary_cross_entropy(
        x(l, 2, 3).sigmoid(), l.ones(2, 3), reduction="none"
    ),
    "BCELoss": lambda l: module(l, "BCELoss")(x(l, 2, 3).sigmoid(), l.zeros(2, 3)),
    "binary_cross_entropy_with_logits": lambda l: F(l).binary_cross_entropy_with_logits(
        x(l, 2, 3), l.ones(2, 3)
    ),
    "binary_cross_entropy_with_logits pos_weight": lambda l: F(l).binary_cross_entropy_with_logits(
        x(l, 2, 3), l.ones(2, 3), pos_weight=l.tensor([1.0, 2.0, 3.0]), reduction="sum"
    ),
    "BCEWithLogitsLoss": lambda l: module(l, "BCEWithLogitsLoss")(x(l, 2, 3), l.ones(2, 3)),
    "smooth_l1_loss": lambda l: F(l).smooth_l1_loss(x(l, 2, 3), l.zeros(2, 3)),
    "smooth_l1_loss none": lambda l: F(l).smooth_l1_loss(
        x(l, 2, 3), l.zeros(2, 3), reduction="none"
    ),
    "huber_loss": lambda l: F(l).huber_loss(x(l, 2, 3), l.zeros(2, 3)),
    "huber_loss sum": lambda l: F(l).huber_loss(x(l, 2, 3), l.zeros(2, 3), reduction="sum"),
    # normalization
    "layer_norm": lambda l: F(l).layer_norm(x(l, 2, 3), (3,)),
    "layer_norm affine": lambda l: F(l).layer_norm(x(l, 2, 3), (3,), x(l, 3), x(l, 3)),
    "LayerNorm": lambda l: module(l, "LayerNorm", 3)(x(l, 2, 3)),
    "batch_norm train": lambda l: F(l).batch_norm(x(l, 4, 3), None, None, training=True),
    "batch_norm eval": lambda l: F(l).batch_norm(x(l, 4, 3), l.zeros(3), l.ones(3)),
    "batch_norm affine": lambda l: F(l).batch_norm(
        x(l, 4, 3), l.zeros(3), l.ones(3), x(l, 3), x(l, 3), training=True
    ),
    "BatchNorm1d train": lambda l: module(l, "BatchNorm1d", 3)(x(l, 4, 3)),
    "BatchNorm1d eval": lambda l: module(l, "BatchNorm1d", 3, train=False)(x(l, 4, 3)),
    "BatchNorm1d no affine": lambda l: module(l, "BatchNorm1d", 3, affine=False)(x(l, 4, 3)),
    "BatchNorm2d train": lambda l: module(l, "BatchNorm2d", 3)(x(l, 2, 3, 2, 2)),
    "BatchNorm2d eval": lambda l: module(l, "BatchNorm2d", 3, train=False)(x(l, 2, 3, 2, 2)),
    "BatchNorm3d": lambda l: module(l, "BatchNorm3d", 2)(x(l, 2, 2, 2, 2, 2)),
    "group_norm": lambda l: F(l).group_norm(x(l, 2, 4, 3), 2),
    "GroupNorm": lambda l: module(l, "GroupNorm", 2, 4)(x(l, 2, 4, 3)),
    # convolutions
    "conv1d": lambda l: F(l).conv1d(x(l, 1, 2, 5), x(l, 3, 2, 2)),
    "conv1d bias": lambda l: F(l).conv1d(x(l, 1, 2, 5), x(l, 3, 2, 2), x(l, 3)),
    "conv2d": lambda l: F(l).conv2d(x(l, 1, 1, 4, 4), x(l, 2, 1, 2, 2)),
    "conv2d bias": lambda l: F(l).conv2d(x(l, 1, 1, 4, 4), x(l, 2, 1, 2, 2), x(l, 2)),
    "conv2d unbatched": lambda l: F(l).conv2d(x(l, 1, 4, 4), x(l, 2, 1, 2, 2), x(l, 2)),
    "conv2d groups": lambda l: F(l).conv2d(
        x(l, 1, 2, 4, 4), x(l, 2, 1, 2, 2), groups=2, padding=1, stride=2
    ),
    "conv3d": lambda l: F(l).conv3d(x(l, 1, 1, 3, 3, 3), x(l, 2, 1, 2, 2, 2)),
    "conv3d bias": lambda l: F(l).conv3d(x(l, 1, 1, 3, 3, 3), x(l, 2, 1, 2, 2, 2), x(l, 2)),
    "conv_transpose1d": lambda l: F(l).conv_transpose1d(x(l, 1, 2, 4), x(l, 2, 3, 2)),
    "conv_transpose1d bias": lambda l: F(l).conv_transpose1d(x(l, 1, 2, 4), x(l, 2, 3, 2), x(l, 3)),
    "conv_transpose2d": lambda l: F(l).conv_transpose2d(x(l, 1, 2, 3, 3), x(l, 2, 1, 2, 2)),
    "conv_transpose2d bias": lambda l: F(l).conv_transpose2d(
        x(l, 1, 2, 3, 3), x(l, 2, 1, 2, 2), x(l, 1), stride=2
    ),
    "conv_transpose3d": lambda l: F(l).conv_transpose3d(x(l, 1, 1, 2, 2, 2), x(l, 1, 2, 2, 2, 2)),
    "conv_transpose3d bias": lambda l: F(l).conv_transpose3d(
        x(l, 1, 1, 2, 2, 2), x(l, 1, 2, 2, 2, 2), x(l, 2)
    ),
    "Conv1d": lambda l: module(l, "Conv1d", 2, 3, 2)(x(l, 1, 2, 5)),
    "Conv2d": lambda l: module(l, "Conv2d", 1, 2, 2)(x(l, 1, 1, 4, 4)),
    "Conv2d no bias": lambda l: module(l, "Conv2d", 1, 2, 2, bias=False)(x(l, 1, 1, 4, 4)),
    "Conv2d reflect": lambda l: module(l, "Conv2d", 1, 2, 2, padding=1, padding_mode="reflect")(
        x(l, 1, 1, 4, 4)
    ),
    "Conv3d": lambda l: module(l, "Conv3d", 1, 2, 2)(x(l, 1, 1, 3, 3, 3)),
    "ConvTranspose1d": lambda l: module(l, "ConvTranspose1d", 2, 3, 2)(x(l, 1, 2, 4)),
    "ConvTranspose2d": lambda l: module(l, "ConvTranspose2d", 1, 2, 2)(x(l, 1, 1, 3, 3)),
    "ConvTranspose2d no bias": lambda l: module(l, "ConvTranspose2d", 1, 2, 2, bias=False)(
        x(l, 1, 1, 3, 3)
    ),
    "ConvTranspose3d": lambda l: module(l, "ConvTranspose3d", 1, 2, 2)(x(l, 1, 1, 2, 2, 2)),
    # pooling
    "avg_pool1d": lambda l: F(l).avg_pool1d(x(l, 1, 2, 4), 2),
    "avg_pool2d": lambda l: F(l).avg_pool2d(x(l, 1, 1, 4, 4), 2),
    "avg_pool2d unbatched": lambda l: F(l).avg_pool2d(x(l, 1, 4, 4), 2, padding=1),
    "AvgPool2d": lambda l: module(l, "AvgPool2d", 2)(x(l, 1, 1, 4, 4)),
    "avg_pool3d": lambda l: F(l).avg_pool3d(x(l, 1, 1, 4, 4, 4), 2),
    "max_pool1d": lambda l: F(l).max_pool1d(x(l, 1, 2, 4), 2),
    "max_pool2d": lambda l: F(l).max_pool2d(x(l, 1, 1, 4, 4), 2),
    "max_pool2d indices": lambda l: F(l).max_pool2d(x(l, 1, 1, 4, 4), 2, return_indices=True)[0],
    "max_pool3d": lambda l: F(l).max_pool3d(x(l, 1, 1, 4, 4, 4), 2),
    "adaptive_avg_pool1d": lambda l: F(l).adaptive_avg_pool1d(x(l, 1, 2, 4), 2),
    "adaptive_avg_pool2d": lambda l: F(l).adaptive_avg_pool2d(x(l, 1, 1, 4, 4), 2),
    "adaptive_avg_pool2d 1": lambda l: F(l).adaptive_avg_pool2d(x(l, 1, 1, 4, 4), 1),
    "adaptive_avg_pool3d": lambda l: F(l).adaptive_avg_pool3d(x(l, 1, 1, 4, 4, 4), 2),
    "adaptive_max_pool1d": lambda l: F(l).adaptive_max_pool1d(x(l, 1, 2, 4), 2),
    "adaptive_max_pool2d": lambda l: F(l).adaptive_max_pool2d(x(l, 1, 1, 4, 4), 2),
    "adaptive_max_pool3d": lambda l: F(l).adaptive_max_pool3d(x(l, 1, 1, 4, 4, 4), 2),
    # padding
    "pad constant": lambda l: F(l).pad(x(l, 3, 3), (1, 1)),
    "pad constant 2d": lambda l: F(l).pad(x(l, 3, 3), (1, 2, 0, 1), value=2.0),
    "pad constant zero": lambda l: F(l).pad(x(l, 3, 3), (0, 0)),
    "pad constant negative": lambda l: F(l).pad(x(l, 3, 3), (-1, 1)),
    "ZeroPad2d": lambda l: module(l, "ZeroPad2d", 1)(x(l, 1, 3, 3)),
    "pad reflect 1d": lambda l: F(l).pad(x(l, 1, 2, 4), (1, 1), mode="reflect"),
    "pad reflect 1d unbatched": lambda l: F(l).pad(x(l, 2, 4), (1, 2), mode="reflect"),
    "pad reflect 2d": lambda l: F(l).pad(x(l, 1, 1, 3, 3), (1, 1, 2, 1), mode="reflect"),
    "pad reflect 3d": lambda l: F(l).pad(x(l, 1, 1, 3, 3, 3), (1,) * 6, mode="reflect"),
    "pad replicate 1d": lambda l: F(l).pad(x(l, 1, 2, 4), (1, 1), mode="replicate"),
    "pad replicate 2d": lambda l: F(l).pad(x(l, 1, 3, 3), (1, 1, 1, 1), mode="replicate"),
    "pad replicate 3d": lambda l: F(l).pad(x(l, 1, 1, 3, 3, 3), (1,) * 6, mode="replicate"),
    "pad circular 1d": lambda l: F(l).pad(x(l, 1, 2, 4), (1, 1), mode="circular"),
    "pad circular 2d": lambda l: F(l).pad(x(l, 1, 1, 3, 3), (1, 1, 1, 1), mode="circular"),
    "ReflectionPad2d": lambda l: module(l, "ReflectionPad2d", 1)(x(l, 1, 3, 3)),
    "ReplicationPad1d": lambda l: module(l, "ReplicationPad1d", 1)(x(l, 1, 3, 3)),
    # resampling
    "interpolate nearest 1d": lambda l: F(l).interpolate(x(l, 1, 1, 3), scale_factor=2),
    "interpolate nearest 2d": lambda l: F(l).interpolate(x(l, 1, 1, 3, 3), scale_factor=2),
    "interpolate nearest 3d": lambda l: F(l).interpolate(x(l, 1, 1, 2, 2, 2), size=3),
    "interpolate nearest-exact": lambda l: F(l).interpolate(
        x(l, 1, 1, 3, 3), size=5, mode="nearest-exact"
    ),
    "interpolate linear": lambda l: F(l).interpolate(x(l, 1, 1, 3), scale_factor=2, mode="linear"),
    "interpolate linear corners": lambda l: F(l).interpolate(
        x(l, 1, 1, 3), size=5, mode="linear", align_corners=True
    ),
    "interpolate bilinear": lambda l: F(l).interpolate(
        x(l, 1, 1, 3, 3), scale_factor=2, mode="bilinear"
    ),
    "interpolate bilinear corners": lambda l: F(l).interpolate(
        x(l, 1, 1, 3, 3), size=4, mode="bilinear", align_corners=True
    ),
    "interpolate bicubic": lambda l: F(l).interpolate(
        x(l, 1, 1, 3, 3), scale_factor=2, mode="bicubic"
    ),
    "interpolate trilinear": lambda l: F(l).interpolate(
        x(l, 1, 1, 2, 2, 2), scale_factor=2, mode="trilinear"
    ),
    "interpolate area": lambda l: F(l).interpolate(x(l, 1, 1, 4, 4), size=2, mode="area"),
    "Upsample": lambda l: module(l, "Upsample", scale_factor=2)(x(l, 1, 1, 3, 3)),
    "Upsample bilinear": lambda l: module(l, "Upsample", scale_factor=2, mode="bilinear")(
        x(l, 1, 1, 3, 3)
    ),
    "UpsamplingNearest2d": lambda l: module(l, "UpsamplingNearest2d", scale_factor=2)(
        x(l, 1, 1, 3, 3)
    ),
    "UpsamplingBilinear2d": lambda l: module(l, "UpsamplingBilinear2d", scale_factor=2)(
        x(l, 1, 1, 3, 3)
    ),
    # embeddings
    "embedding": lambda l: F(l).embedding(i(l, 0, 2, 1), x(l, 3, 4)),
    "embedding padding_idx": lambda l: F(l).embedding(i(l, 0, 2, 1), x(l, 3, 4), padding_idx=0),
    "embedding 2d": lambda l: F(l).embedding(l.tensor([[0, 2], [1, 1]]), x(l, 3, 4)),
    "Embedding": lambda l: module(l, "Embedding", 3, 4)(i(l, 0, 2, 1)),
    # tensor ops
    "linalg.cross": lambda l: l.linalg.cross(x(l, 2, 3), x(l, 2, 3) * 2),
    "cross": lambda l: l.cross(x(l, 2, 3), x(l, 2, 3) * 2, dim=1),
    "Tensor.cross": lambda l: x(l, 3, 2).cross(x(l, 3, 2) * 2, dim=0),
    "index_put": lambda l: x(l, 3).index_put((i(l, 0),), l.tensor(1.0)),
    "index_put accumulate": lambda l: x(l, 3).index_put(
        (i(l, 0, 0),), l.tensor(1.0), accumulate=True
    ),
    "index_put_": lambda l: x(l, 3, leaf=False).index_put_((i(l, 0),), l.tensor(1.0)),
    "xlogy": lambda l: l.xlogy(x(l, 2, 3), x(l, 2, 3).abs()),
    "xlogy scalar self": lambda l: l.xlogy(2.0, x(l, 2, 3).abs()),
    "xlogy scalar other": lambda l: l.xlogy(x(l, 2, 3), 2.0),
    "Tensor.xlogy": lambda l: x(l, 2, 3).xlogy(x(l, 2, 3).abs()),
    "special.xlogy": lambda l: l.special.xlogy(x(l, 2, 3), x(l, 2, 3).abs()),
    "matrix_exp": lambda l: l.linalg.matrix_exp(x(l, 3, 3)),
    "Tensor.matrix_exp": lambda l: x(l, 2, 2).matrix_exp(),
    "pinv": lambda l: l.linalg.pinv(x(l, 3, 2)),
    "pinverse": lambda l: l.pinverse(x(l, 3, 2)),
    "pinv hermitian": lambda l: l.linalg.pinv(x(l, 3, 3) + x(l, 3, 3).mT, hermitian=True),
    "dist": lambda l: l.dist(x(l, 3), x(l, 3) * 2),
    "dist p1": lambda l: l.dist(x(l, 3), x(l, 3) * 2, p=1),
    "Tensor.dist": lambda l: x(l, 2, 3).dist(x(l, 3) * 2, 3),
    "cdist": lambda l: l.cdist(x(l, 2, 3), x(l, 4, 3) * 2),
    "cdist p1": lambda l: l.cdist(x(l, 2, 3), x(l, 4, 3) * 2, p=1),
    "cdist batched": lambda l: l.cdist(x(l, 2, 2, 3), x(l, 2, 4, 3) * 2),
    "cdist inf": lambda l: l.cdist(x(l, 2, 3), x(l, 4, 3) * 2, p=math.inf),
    "det": lambda l: l.linalg.det(x(l, 3, 3)),
    "Tensor.det": lambda l: x(l, 2, 2).det(),
    "torch.det batched": lambda l: l.det(x(l, 2, 3, 3) + l.eye(3)),
    "trace": lambda l: x(l, 3, 3).trace(),
    "trace rect": lambda l: l.trace(x(l, 2, 4)),
    "tril": lambda l: x(l, 3, 3).tril(),
    "triu": lambda l: l.triu(x(l, 3, 4), 1),
    "tril_": lambda l: x(l, 3, 3, leaf=False).tril_(),
    "triu_": lambda l: x(l, 3, 3, leaf=False).triu_(-1),
    "repeat": lambda l: x(l, 2, 3).repeat(2, 1),
    "repeat same": lambda l: x(l, 2, 3).repeat(1, 1),
    "repeat new dims": lambda l: x(l, 3).repeat(2, 2, 1),
    "tile": lambda l: x(l, 2, 3).tile(2),
    "rdiv": lambda l: 2 / x(l, 2, 3),
    "rdiv int": lambda l: 3 / x(l, 3),
    "rdiv tensor": lambda l: l.tensor(2.0) / x(l, 3),
    "scatter value": lambda l: x(l, 2, 3).scatter(1, l.tensor([[0], [1]]), 0.5),
    "scatter src": lambda l: x(l, 2, 3).scatter(1, l.tensor([[0], [1]]), x(l, 2, 1)),
    "scatter_ value": lambda l: x(l, 2, 3, leaf=False).scatter_(1, l.tensor([[0], [1]]), 0.5),
    # more variants of the same ops: PyTorch's own compositions keep their last node
    "mse_loss weighted": lambda l: F(l).mse_loss(
        x(l, 2, 3), l.zeros(2, 3), weight=l.full((2, 3), 0.5)
    ),
    "mse_loss float64 target": lambda l: F(l).mse_loss(x(l, 2, 3), l.zeros(2, 3, dtype=l.float64)),
    "smooth_l1_loss beta 0": lambda l: F(l).smooth_l1_loss(x(l, 2, 3), l.zeros(2, 3), beta=0.0),
    "huber_loss weighted": lambda l: F(l).huber_loss(
        x(l, 2, 3), l.zeros(2, 3), weight=l.full((2, 3), 0.5)
    ),
    "binary_cross_entropy weighted sum": lambda l: F(l).binary_cross_entropy(
        x(l, 2, 3).sigmoid(), l.zeros(2, 3), weight=l.full((2, 3), 0.5), reduction="sum"
    ),
    "cross_entropy label_smoothing": lambda l: F(l).cross_entropy(
        x(l, 3, 4), i(l, 0, 1, 3), label_smoothing=0.1
    ),
    "cross_entropy probabilities": lambda l: F(l).cross_entropy(x(l, 3, 4), l.full((3, 4), 0.25)),
    "cross_entropy probabilities sum": lambda l: F(l).cross_entropy(
        x(l, 3, 4), l.full((3, 4), 0.25), reduction="sum"
    ),
    "nll_loss 3d": lambda l: F(l).nll_loss(x(l, 2, 3, 2), l.zeros(2, 2, dtype=l.int64)),
    "nll_loss 3d none": lambda l: F(l).nll_loss(
        x(l, 2, 3, 2), l.zeros(2, 2, dtype=l.int64), reduction="none"
    ),
    "nll_loss 4d none": lambda l: F(l).nll_loss(
        x(l, 2, 3, 2, 2), l.zeros(2, 2, 2, dtype=l.int64), reduction="none"
    ),
    "nll_loss 1d none": lambda l: F(l).nll_loss(x(l, 4), l.tensor(1), reduction="none"),
    "conv1d unbatched": lambda l: F(l).conv1d(x(l, 2, 5), x(l, 3, 2, 2)),
    "conv3d unbatched": lambda l: F(l).conv3d(x(l, 1, 3, 3, 3), x(l, 2, 1, 2, 2, 2), x(l, 2)),
    "conv_transpose2d unbatched": lambda l: F(l).conv_transpose2d(x(l, 2, 3, 3), x(l, 2, 1, 2, 2)),
    "conv2d channels_last": lambda l: F(l).conv2d(channels_last(l, 1, 2, 4, 4), x(l, 3, 2, 2, 2)),
    "max_pool2d unbatched": lambda l: F(l).max_pool2d(x(l, 1, 4, 4), 2),
    "max_pool2d channels_last": lambda l: F(l).max_pool2d(channels_last(l, 1, 2, 4, 4), 2),
    "avg_pool2d channels_last": lambda l: F(l).avg_pool2d(channels_last(l, 1, 2, 4, 4), 2),
    "adaptive_avg_pool2d unbatched": lambda l: F(l).adaptive_avg_pool2d(x(l, 1, 4, 4), 3),
    "adaptive_max_pool2d unbatched": lambda l: F(l).adaptive_max_pool2d(x(l, 1, 4, 4), 2),
    "max_pool3d unbatched": lambda l: F(l).max_pool3d(x(l, 1, 4, 4, 4), 2, return_indices=True)[0],
    "avg_pool3d unbatched": lambda l: F(l).avg_pool3d(x(l, 1, 4, 4, 4), 2),
    "adaptive_avg_pool3d 1": lambda l: F(l).adaptive_avg_pool3d(x(l, 1, 1, 4, 4, 4), 1),
    "adaptive_avg_pool3d unbatched": lambda l: F(l).adaptive_avg_pool3d(x(l, 1, 4, 4, 4), 3),
    "adaptive_max_pool3d unbatched": lambda l: F(l).adaptive_max_pool3d(x(l, 1, 4, 4, 4), 2),
    "interpolate area 1d": lambda l: F(l).interpolate(x(l, 1, 1, 4), size=2, mode="area"),
    "interpolate area 1": lambda l: F(l).interpolate(x(l, 1, 1, 4, 4), size=1, mode="area"),
    "interpolate area 3d": lambda l: F(l).interpolate(x(l, 1, 1, 4, 4, 4), size=2, mode="area"),
    "interpolate nearest-exact 3d": lambda l: F(l).interpolate(
        x(l, 1, 1, 2, 2, 2), size=3, mode="nearest-exact"
    ),
    "interpolate same size": lambda l: F(l).interpolate(x(l, 1, 1, 3, 3), size=(3, 3)),
    "interpolate bilinear antialias": lambda l: F(l).interpolate(
        x(l, 1, 1, 4, 4), size=2, mode="bilinear", antialias=True
    ),
    "interpolate bicubic antialias": lambda l: F(l).interpolate(
        x(l, 1, 1, 4, 4), size=2, mode="bicubic", antialias=True
    ),
    "interpolate channels_last": lambda l: F(l).interpolate(
        channels_last(l, 1, 2, 3, 3), scale_factor=2
    ),
    "embedding_bag": lambda l: F(l).embedding_bag(i(l, 0, 1, 2), x(l, 3, 3), i(l, 0, 1)),
    "embedding_bag max": lambda l: F(l).embedding_bag(
        i(l, 0, 1, 2), x(l, 3, 3), i(l, 0, 1), mode="max"
    ),
    "grid_sample": lambda l: F(l).grid_sample(
        x(l, 1, 1, 3, 3), x(l, 1, 2, 2, 2).tanh(), align_corners=False
    ),
    "index_reduce": lambda l: x(l, 3, 2).index_reduce(0, i(l, 0, 2, 0, 1), x(l, 4, 2) * 2, "prod"),
    "select_scatter": lambda l: l.select_scatter(x(l, 2, 2), l.ones(2), 0, 0),
    "slice_scatter": lambda l: l.slice_scatter(l.zeros(2, 2), x(l, 1, 2), 0, 0, 1),
    "diagonal_scatter": lambda l: l.diagonal_scatter(x(l, 2, 2), l.ones(2)),
    "diag matrix": lambda l: l.diag(x(l, 3, 3)),
    "diag vector": lambda l: l.diag(x(l, 3), 1),
    "xlogy_": lambda l: x(l, 2, 3, leaf=False).xlogy_(x(l, 2, 3).abs()),
    "xlogy_ scalar": lambda l: x(l, 2, 3, leaf=False).xlogy_(2.0),
    "xlog1py": lambda l: l.special.xlog1py(x(l, 2, 3), x(l, 2, 3).abs()),
    "xlog1py scalar self": lambda l: l.special.xlog1py(2.0, x(l, 2, 3).abs()),
    "xlog1py scalar other": lambda l: l.special.xlog1py(x(l, 2, 3), 2.0),
    "cdist mm mode": lambda l: l.cdist(
        x(l, 2, 3), x(l, 4, 3), compute_mode="use_mm_for_euclid_dist"
    ),
    "cdist large no mm": lambda l: l.cdist(
        x(l, 30, 3), x(l, 4, 3), compute_mode="donot_use_mm_for_euclid_dist"
    ),
    "cdist large p1": lambda l: l.cdist(x(l, 30, 3), x(l, 4, 3), p=1.0),
    "cdist large": lambda l: l.cdist(x(l, 30, 3), x(l, 4, 3) * 2),
}


def _name(t) -> str:
    return type(t.grad_fn).__name__


@pytest.mark.parametrize("case", sorted(CASES))
def test_node_name_matches_torch(case):
    fn = CASES[case]
    expected, got = fn(torch), fn(nt)
    assert _name(got) == _name(expected)
    assert got.grad_fn.name() == expected.grad_fn.name()
    want = f"grad_fn=<{_name(expected)}>"
    assert want in repr(expected)
    assert want in repr(got)
    assert repr(got).startswith("tensor(")


# modules whose parameters are drawn at random (numtensor's generator is not torch's)
RANDOM_INIT = ("Conv", "Embedding", "embedding_bag")


def _run(fn, lib):
    LEAVES.clear()
    out = fn(lib)
    return out, list(LEAVES)


@pytest.mark.parametrize("case", sorted(c for c in CASES if not c.startswith(RANDOM_INIT)))
def test_values_and_gradients_unchanged(case):
    """The renamed node still computes the op's value and gradients (torch's)."""
    expected, leaves_t = _run(CASES[case], torch)
    got, leaves_n = _run(CASES[case], nt)
    np.testing.assert_allclose(
        got.detach().numpy(), expected.detach().numpy(), rtol=1e-4, atol=1e-5
    )
    expected.sum().backward()
    got.sum().backward()
    assert len(leaves_n) == len(leaves_t)
    for a, b in zip(leaves_n, leaves_t):
        assert (a.grad is None) == (b.grad is None)
        if b.grad is not None:
            np.testing.assert_allclose(a.grad.numpy(), b.grad.numpy(), rtol=1e-4, atol=1e-4)


def _f64(*shape, seed=0):
    a = np.random.default_rng(seed).standard_normal(shape)
    return nt.tensor(a, dtype=nt.float64, requires_grad=True)


GRADCHECKS = {
    "mse_loss": (lambda a, b: nt.nn.functional.mse_loss(a, b), (3, 4), (3, 4)),
    "cross_entropy": (lambda a: nt.nn.functional.cross_entropy(a, nt.tensor([0, 2, 1])), (3, 4)),
    "layer_norm": (lambda a, w: nt.nn.functional.layer_norm(a, (4,), w), (3, 4), (4,)),
    "batch_norm": (lambda a: nt.nn.functional.batch_norm(a, None, None, training=True), (4, 3)),
    "conv2d": (
        lambda a, w, b: nt.nn.functional.conv2d(a, w, b, padding=1),
        (1, 2, 3, 3),
        (2, 2, 2, 2),
        (2,),
    ),
    "interpolate bilinear": (
        lambda a: nt.nn.functional.interpolate(a, size=(3, 5), mode="bilinear"),
        (1, 1, 2, 3),
    ),
    "pad reflect": (lambda a: nt.nn.functional.pad(a, (2, 1), mode="reflect"), (1, 2, 4)),
    "leaky_relu_": (lambda a: nt.nn.functional.leaky_relu_(a * 1, 0.2), (3, 4)),
    "cdist": (lambda a, b: nt.cdist(a, b), (3, 2), (4, 2)),
    "number / x": (lambda a: 2 / a, (3,)),
    "xlogy": (lambda a, b: nt.xlogy(a, b.abs() + 0.5), (3,), (3,)),
    "matrix_exp": (lambda a: nt.linalg.matrix_exp(a * 0.3), (3, 3)),
}


@pytest.mark.parametrize("case", sorted(GRADCHECKS))
def test_gradcheck_renamed(case):
    fn, *shapes = GRADCHECKS[case]
    inputs = tuple(_f64(*shape, seed=k) for k, shape in enumerate(shapes))
    assert fn(*inputs).grad_fn is not None
    assert nt.autograd.gradcheck(fn, inputs)


def test_inplace_under_no_grad_keeps_the_node():
    """An in-place activation that records nothing leaves the input's own node as it was."""
    for lib in (torch, nt):
        y = x(lib, 2, 3, leaf=False)
        with lib.no_grad():
            lib.nn.functional.leaky_relu_(y)
            lib.nn.functional.elu(y, inplace=True)
            y.tril_()
        assert type(y.grad_fn).__name__ == "MulBackward0"


def test_unrecorded_results_have_no_node():
    for lib in (torch, nt):
        with lib.no_grad():
            assert lib.nn.functional.mse_loss(x(lib, 2, 3), lib.zeros(2, 3)).grad_fn is None
            assert lib.nn.functional.gelu(x(lib, 2, 3)).grad_fn is None
        assert lib.nn.functional.conv2d(lib.ones(1, 1, 3, 3), lib.ones(1, 1, 2, 2)).grad_fn is None


@pytest.mark.parametrize("pad", [(0, 0), (-1, 0), (0, -1, -1, 0)])
def test_pad_without_growth_is_a_new_tensor(pad):
    """F.pad that only crops (or pads nothing) returns a copy with its own node, as PyTorch's:
    the input's node is not renamed and writing to the result leaves the input alone."""
    for lib in (torch, nt):
        a = x(lib, 3, 3, leaf=False)
        out = lib.nn.functional.pad(a, pad)
        assert out is not a
        assert type(a.grad_fn).__name__ == "MulBackward0"
        assert type(out.grad_fn).__name__ == "ConstantPadNdBackward0"
        before = a.detach().clone()
        with lib.no_grad():
            out.fill_(7.0)
        np.testing.assert_array_equal(a.detach().numpy(), before.numpy())


def test_node_names_on_device(device):
    a = nt.tensor([[0.5, -1.0], [2.0, 0.25]], device=device, requires_grad=True)
    loss = nt.nn.functional.mse_loss(a, nt.zeros(2, 2, device=device))
    assert type(loss.grad_fn).__name__ == "MseLossBackward0"
    assert "grad_fn=<MseLossBackward0>" in repr(loss)
    y = nt.nn.functional.conv2d(a[None, None], a[None, None, :1, :1] * 1)
    assert type(y.grad_fn).__name__ == "ConvolutionBackward0"
    loss.backward()
    np.testing.assert_allclose(a.grad.cpu().numpy(), [[0.25, -0.5], [1.0, 0.125]])
