"""ONNX forms of numtensor.nn.functional, and the layers recorded as one op (MODULES)."""

from __future__ import annotations

import math

import numtensor as _nt

from ..nn.modules import conv
from .symbolic import converts, dims_of


def _pair(v) -> list:
    return [v, v] if isinstance(v, int) else list(v)


def _spatial(v, n: int) -> list:
    return [v] * n if isinstance(v, int) else list(v)


@converts("linear")
def linear(g, input, weight, bias=None):
    dtype = g.result.dtype
    x, w = g.value(input, dtype), g.value(weight, dtype)
    if input.ndim == 2 and bias is not None:
        return g.node("Gemm", [x, w, g.value(bias, dtype)], transB=1)
    out = g.node("MatMul", [x, g.node("Transpose", [w], perm=[1, 0])])
    return out if bias is None else g.node("Add", [out, g.value(bias, dtype)])


@converts("bilinear")
def bilinear(g, input1, input2, weight, bias=None):
    dtype = g.result.dtype
    operands = [g.value(input1, dtype), g.value(weight, dtype), g.value(input2, dtype)]
    out = g.node("Einsum", operands, equation="...i,kij,...j->...k")
    return out if bias is None else g.node("Add", [out, g.value(bias, dtype)])


@converts("conv1d", "conv2d")
def conv_nd(g, input, weight, bias=None, stride=1, padding=0, dilation=1, groups=1):
    n = weight.ndim - 2
    kernel = list(weight.shape[2:])
    dilation = _spatial(dilation, n)
    if padding == "valid":
        padding = [0] * n
    if padding == "same":
        total = [d * (k - 1) for d, k in zip(dilation, kernel)]
        pads = [t // 2 for t in total] + [t - t // 2 for t in total]
    else:
        pads = _spatial(padding, n) * 2
    x = g.value(input)
    batched = input.ndim == n + 2
    if not batched:
        x = g.node("Unsqueeze", [x, g.ints([0])])
    operands = [x, g.value(weight)] + ([g.value(bias)] if bias is not None else [])
    out = g.node(
        "Conv", operands, kernel_shape=kernel, strides=_spatial(stride, n), pads=pads,
        dilations=dilation, group=groups,
    )  # fmt: skip
    return out if batched else g.node("Squeeze", [out, g.ints([0])])


def _pool(g, op_type: str, input, attrs: dict) -> str:
    x = g.value(input)
    batched = input.ndim == 4
    if not batched:
        x = g.node("Unsqueeze", [x, g.ints([0])])
    out = g.node(op_type, [x], **attrs)
    return out if batched else g.node("Squeeze", [out, g.ints([0])])


# (max_pool1d/2d/3d and avg_pool1d/2d/3d: symbolic_layers)


@converts("adaptive_avg_pool2d")
def adaptive_avg_pool2d(g, input, output_size):
    h, w = input.shape[-2:]
    oh, ow = _pair(output_size) if output_size is not None else [None, None]
    oh, ow = h if oh is None else oh, w if ow is None else ow
    if (oh, ow) == (1, 1):
        return _pool(g, "GlobalAveragePool", input, {})
    if h % oh or w % ow:
        g.unsupported(f"adaptive_avg_pool2d from {h}x{w} to {oh}x{ow} (not a whole factor)")
    kernel = [h // oh, w // ow]
    return _pool(g, "AveragePool", input, dict(kernel_shape=kernel, strides=kernel))


@converts("batch_norm")
def batch_norm(g, input, running_mean, running_var, weight=None, bias=None, training=False,
               momentum=0.1, eps=1e-5):  # fmt: skip
    channels = input.shape[1]
    scale = g.value(weight if weight is not None else _nt.ones(channels, dtype=input.dtype))
    shift = g.value(bias if bias is not None else _nt.zeros(channels, dtype=input.dtype))
    if training or running_mean is None:  # batch statistics, as the ops that compute them
        x, axes = g.value(input), g.ints([0, *range(2, input.ndim)])
        centred = g.node("Sub", [x, g.node("ReduceMean", [x, axes], keepdims=1)])
        var = g.node("ReduceMean", [g.node("Mul", [centred, centred]), axes], keepdims=1)
        std = g.node("Sqrt", [g.node("Add", [var, g.scalar(eps, input.dtype)])])
        along = g.ints([channels] + [1] * (input.ndim - 2))
        out = g.node("Mul", [g.node("Div", [centred, std]), g.node("Reshape", [scale, along])])
        return g.node("Add", [out, g.node("Reshape", [shift, along])])
    operands = [g.value(input), scale, shift, g.value(running_mean), g.value(running_var)]
    return g.node("BatchNormalization", operands, epsilon=float(eps))


@converts("layer_norm")
def layer_norm(g, input, normalized_shape, weight=None, bias=None, eps=1e-5):
    count = len(tuple(normalized_shape))
    shape = list(input.shape[-count:])
    scale = g.value(weight if weight is not None else _nt.ones(shape, dtype=input.dtype))
    if g.opset < 17:  # (LayerNormalization is opset 17's)
        x, axes = g.value(input), g.ints(list(range(input.ndim - count, input.ndim)))
        centred = g.node("Sub", [x, g.node("ReduceMean", [x, axes], keepdims=1)])
        var = g.node("ReduceMean", [g.node("Mul", [centred, centred]), axes], keepdims=1)
        std = g.node("Sqrt", [g.node("Add", [var, g.scalar(eps, input.dtype)])])
        out = g.node("Mul", [g.node("Div", [centred, std]), scale])
        return out if bias is None else g.node("Add", [out, g.value(bias)])
    operands = [g.value(input), scale] + ([g.value(bias)] if bias is not None else [])
    return g.node("LayerNormalization", operands, axis=-count, epsilon=float(eps))


@converts("embedding")
def embedding(g, input, weight, padding_idx=None, *args, **kwargs):
    return g.node("Gather", [g.value(weight), g.value(input, _nt.int64)], axis=0)


@converts("dropout")
def dropout(g, input, p=0.5, training=True, inplace=False):
    if training and p:
        g.unsupported("dropout in training mode")
    return g.value(input)


@converts("leaky_relu")
def leaky_relu(g, input, negative_slope=0.01, inplace=False):
    return g.node("LeakyRelu", [g.value(input)], alpha=float(negative_slope))


@converts("elu")
def elu(g, input, alpha=1.0, inplace=False):
    return g.node("Elu", [g.value(input)], alpha=float(alpha))


@converts("gelu")
def gelu(g, input, approximate="none"):
    x, dtype = g.value(input), input.dtype
    if approximate == "tanh":
        cube = g.node("Mul", [g.node("Mul", [x, x]), x])
        inner = g.node("Add", [x, g.node("Mul", [cube, g.scalar(0.044715, dtype)])])
        inner = g.node("Mul", [inner, g.scalar(math.sqrt(2.0 / math.pi), dtype)])
        half = g.node("Mul", [x, g.scalar(0.5, dtype)])
        return g.node("Mul", [half, g.node("Add", [g.node("Tanh", [inner]), g.scalar(1, dtype)])])
    scaled = g.node("Mul", [x, g.scalar(1 / math.sqrt(2.0), dtype)])
    half = g.node("Mul", [x, g.scalar(0.5, dtype)])
    return g.node("Mul", [half, g.node("Add", [g.node("Erf", [scaled]), g.scalar(1, dtype)])])


@converts("silu")
def silu(g, input, inplace=False):
    x = g.value(input)
    return g.node("Mul", [x, g.node("Sigmoid", [x])])


@converts("softplus")
def softplus(g, input, beta=1.0, threshold=20.0):
    x, dtype = g.value(input), input.dtype
    if beta == 1:
        soft = g.node("Softplus", [x])
    else:
        scaled = g.node("Mul", [x, g.scalar(beta, dtype)])
        soft = g.node("Div", [g.node("Softplus", [scaled]), g.scalar(beta, dtype)])
    above = g.node(
        "Greater", [g.node("Mul", [x, g.scalar(beta, dtype)]), g.scalar(threshold, dtype)]
    )
    return g.node("Where", [above, x, soft])


@converts("normalize")
def normalize(g, input, p=2.0, dim=1, eps=1e-12, out=None):
    x, dtype = g.value(input), input.dtype
    op_type = {2: "ReduceL2", 1: "ReduceL1"}.get(p)
    if op_type is None:
        g.unsupported(f"normalize with p={p}")
    axes = g.ints(dims_of(dim, input.ndim))
    norm = g.node("Max", [g.node(op_type, [x, axes], keepdims=1), g.scalar(eps, dtype)])
    return g.node("Div", [x, norm])


@converts("pad")
def pad(g, input, pad, mode="constant", value=0.0):
    if mode != "constant":
        g.unsupported(f"pad mode '{mode}'")
    n = input.ndim
    begins, ends = [0] * n, [0] * n
    for i in range(len(pad) // 2):
        begins[n - 1 - i], ends[n - 1 - i] = pad[2 * i], pad[2 * i + 1]
    fill = g.value(value, input.dtype)
    return g.node("Pad", [g.value(input), g.ints(begins + ends), fill], mode="constant")


# ---- layers recorded as one op -----------------------------------------------------------


def _batch_norm(m, input):
    if m.training or not m.track_running_stats:
        return None  # (batch statistics: the layer's own ops are recorded)
    args = (input, m.running_mean, m.running_var, m.weight, m.bias, False, m.momentum, m.eps)
    return "batch_norm", args, {}


def _conv(m, input):
    name = "conv2d" if m.dims == 2 else "conv1d"
    return name, (input, m.weight, m.bias, m.stride, m.padding, m.dilation, m.groups), {}


def _max_pool(m, x):
    args = (x, m.kernel_size, m.stride, m.padding, m.dilation, m.ceil_mode, m.return_indices)
    return "max_pool2d", args, {}


def _avg_pool(m, x):
    args = (x, m.kernel_size, m.stride, m.padding, m.ceil_mode, m.count_include_pad,
            m.divisor_override)  # fmt: skip
    return "avg_pool2d", args, {}


MODULES = {
    conv.Conv2d: _conv,
    conv.Conv1d: _conv,
    conv.MaxPool2d: _max_pool,
    conv.AvgPool2d: _avg_pool,
    conv.AdaptiveAvgPool2d: lambda m, x: ("adaptive_avg_pool2d", (x, m.output_size), {}),
    conv.BatchNorm1d: _batch_norm,
    conv.BatchNorm2d: _batch_norm,
}
# (the other layers call numtensor.nn.functional or Tensor methods, which are recorded)
