"""ONNX forms of the layers beyond symbolic_nn: 3-d and transposed convolutions, pooling in
1, 2 and 3 dims (max with indices, average, adaptive, power-average), unfold/fold, max
unpooling, group/instance/local-response/RMS normalization and embedding bags."""

from __future__ import annotations

import itertools
import re

import numpy as np

import numtensor as _nt

from .symbolic import converts, dims_of
from .symbolic_nn import batch_norm, conv_nd


def _nd(v, n: int) -> list:
    """An int or a sequence (of one or ``n`` items) as a list of ``n`` ints."""
    if isinstance(v, int):
        return [v] * n
    v = list(v)
    return v * n if len(v) == 1 else v


def _batch(g, input, n: int):
    """(the input's name with a batch dim, whether it had one): layers of ``n`` spatial dims
    take (N, C, *spatial) or the unbatched (C, *spatial)."""
    x = g.value(input)
    if input.ndim == n + 2:
        return x, True
    return g.node("Unsqueeze", [x, g.ints([0])]), False


def _unbatch(g, out: str, batched: bool) -> str:
    return out if batched else g.node("Squeeze", [out, g.ints([0])])


def _n_of(name: str) -> int:
    """The number of spatial dims of an op named like ``max_pool3d``."""
    return int(re.search(r"(\d)d", name).group(1))


# ---- convolutions ------------------------------------------------------------------------


@converts("conv3d")
def conv3d(g, input, weight, bias=None, stride=1, padding=0, dilation=1, groups=1):
    return conv_nd(g, input, weight, bias, stride, padding, dilation, groups)


@converts("conv_transpose1d", "conv_transpose2d", "conv_transpose3d")
def conv_transpose(g, input, weight, bias=None, stride=1, padding=0, output_padding=0, groups=1,
                   dilation=1):  # fmt: skip
    n = weight.ndim - 2
    x, batched = _batch(g, input, n)
    operands = [x, g.value(weight)] + ([g.value(bias)] if bias is not None else [])
    out = g.node(
        "ConvTranspose", operands, kernel_shape=list(weight.shape[2:]), strides=_nd(stride, n),
        pads=_nd(padding, n) * 2, output_padding=_nd(output_padding, n),
        dilations=_nd(dilation, n), group=groups,
    )  # fmt: skip
    return _unbatch(g, out, batched)


# ---- pooling -----------------------------------------------------------------------------


def _plane_indices(g, x: str, indices: str) -> str:
    """ONNX MaxPool's indices count over the whole (N, C, *spatial) input; PyTorch's over one
    (n, c) plane: the remainder by the plane's size."""
    plane = g.node("ReduceProd", [g.node("Shape", [x], start=2)], keepdims=0)
    return g.node("Mod", [indices, plane])


def _trim(g, outs: list, input, n, kernel, stride, padding, dilation, ceil_mode) -> list:
    """PyTorch drops a ceil_mode window that would start in the right padding; ONNX's shape
    rule keeps it: slice it off."""
    if not ceil_mode:
        return outs
    sizes, extra = [], False
    for i, k, s, p, d in zip(input.shape[-n:], kernel, stride, padding, dilation):
        span = i + 2 * p - d * (k - 1) - 1
        size = -(-span // s) + 1
        if (size - 1) * s >= i + p:
            size, extra = size - 1, True
        sizes.append(size)
    if not extra:
        return outs
    starts, ends, axes = g.ints([0] * n), g.ints(sizes), g.ints(list(range(2, n + 2)))
    return [g.node("Slice", [out, starts, ends, axes]) for out in outs]


@converts("max_pool1d", "max_pool2d", "max_pool3d")
def max_pool(g, input, kernel_size, stride=None, padding=0, dilation=1, ceil_mode=False,
             return_indices=False):  # fmt: skip
    n = _n_of(g.op_name)
    kernel = _nd(kernel_size, n)
    stride = kernel if stride in (None, []) else _nd(stride, n)
    attrs = dict(kernel_shape=kernel, strides=stride, pads=_nd(padding, n) * 2,
                 dilations=_nd(dilation, n), ceil_mode=int(bool(ceil_mode)))  # fmt: skip
    x, batched = _batch(g, input, n)
    shape = (input, n, kernel, stride, _nd(padding, n), attrs["dilations"], ceil_mode)
    if not return_indices:
        (out,) = _trim(g, [g.node("MaxPool", [x], **attrs)], *shape)
        return _unbatch(g, out, batched)
    out, indices = _trim(g, g.node("MaxPool", [x], outputs=2, **attrs), *shape)
    indices = _plane_indices(g, x, indices)
    return [_unbatch(g, out, batched), _unbatch(g, indices, batched)]


@converts("max_pool1d_with_indices", "max_pool2d_with_indices", "max_pool3d_with_indices")
def max_pool_with_indices(g, input, kernel_size, stride=None, padding=0, dilation=1,
                          ceil_mode=False, return_indices=True):  # fmt: skip
    return max_pool(g, input, kernel_size, stride, padding, dilation, ceil_mode, return_indices)


@converts("avg_pool1d", "avg_pool2d", "avg_pool3d")
def avg_pool(g, input, kernel_size, stride=None, padding=0, ceil_mode=False,
             count_include_pad=True, divisor_override=None):  # fmt: skip
    n = _n_of(g.op_name)
    kernel = _nd(kernel_size, n)
    stride = kernel if stride in (None, []) else _nd(stride, n)
    if divisor_override and ceil_mode:
        g.unsupported("avg_pool with divisor_override and ceil_mode")
    include = bool(count_include_pad) or bool(divisor_override)
    attrs = dict(kernel_shape=kernel, strides=stride, pads=_nd(padding, n) * 2,
                 count_include_pad=int(include), ceil_mode=int(bool(ceil_mode)))  # fmt: skip
    x, batched = _batch(g, input, n)
    out = g.node("AveragePool", [x], **attrs)
    (out,) = _trim(g, [out], input, n, kernel, stride, _nd(padding, n), [1] * n, ceil_mode)
    if divisor_override:  # (the window's sum over the divisor)
        size = int(np.prod(kernel))
        out = g.node("Mul", [out, g.scalar(size / divisor_override, input.dtype)])
    return _unbatch(g, out, batched)


def _adaptive(g, input, output_size, n: int, op: str, return_indices: bool = False):
    sizes = list(input.shape[-n:])
    wanted = _nd(output_size, n) if output_size is not None else [None] * n
    wanted = [s if w is None else int(w) for s, w in zip(sizes, wanted)]
    x, batched = _batch(g, input, n)
    if wanted == [1] * n and not return_indices:
        return _unbatch(g, g.node(f"Global{op}Pool", [x]), batched)
    if any(w == 0 or s % w for s, w in zip(sizes, wanted)):
        g.unsupported(
            f"adaptive pooling from {sizes} to {wanted} (an output size that does not divide "
            "the input size has windows of different sizes)"
        )
    kernel = [s // w for s, w in zip(sizes, wanted)]
    if not return_indices:
        return _unbatch(g, g.node(f"{op}Pool", [x], kernel_shape=kernel, strides=kernel), batched)
    out, indices = g.node("MaxPool", [x], outputs=2, kernel_shape=kernel, strides=kernel)
    return [_unbatch(g, out, batched), _unbatch(g, _plane_indices(g, x, indices), batched)]


@converts("adaptive_avg_pool1d", "adaptive_avg_pool3d")
def adaptive_avg_pool(g, input, output_size):
    return _adaptive(g, input, output_size, _n_of(g.op_name), "Average")


@converts("adaptive_max_pool1d", "adaptive_max_pool2d", "adaptive_max_pool3d")
def adaptive_max_pool(g, input, output_size, return_indices=False):
    return _adaptive(g, input, output_size, _n_of(g.op_name), "Max", return_indices)


@converts(
    "adaptive_max_pool1d_with_indices",
    "adaptive_max_pool2d_with_indices",
    "adaptive_max_pool3d_with_indices",
)
def adaptive_max_pool_with_indices(g, input, output_size, return_indices=True):
    return _adaptive(g, input, output_size, _n_of(g.op_name), "Max", return_indices)


@converts("lp_pool1d", "lp_pool2d", "lp_pool3d")
def lp_pool(g, input, norm_type, kernel_size, stride=None, ceil_mode=False):
    # PyTorch's composition: (sign(f) * relu(|f|) * window size) ** (1 / p), f the average
    # of x ** p over the window (no padding)
    n, dtype = _n_of(g.op_name), input.dtype
    kernel = _nd(kernel_size, n)
    stride = kernel if stride in (None, []) else _nd(stride, n)
    x, batched = _batch(g, input, n)
    powered = g.node("Pow", [x, g.scalar(float(norm_type), dtype)])
    f = g.node("AveragePool", [powered], kernel_shape=kernel, strides=stride,
               ceil_mode=int(bool(ceil_mode)))  # fmt: skip
    (f,) = _trim(g, [f], input, n, kernel, stride, [0] * n, [1] * n, ceil_mode)
    f = g.node("Mul", [g.node("Sign", [f]), g.node("Relu", [g.node("Abs", [f])])])
    f = g.node("Mul", [f, g.scalar(float(np.prod(kernel)), dtype)])
    out = g.node("Pow", [f, g.scalar(1.0 / float(norm_type), dtype)])
    return _unbatch(g, out, batched)


def _one_hot_kernel(channels: int, kernel: list, dtype) -> np.ndarray:
    """(C * K, 1, *kernel) weights: output channel c * K + i picks kernel position i."""
    size = int(np.prod(kernel))
    eye = np.eye(size, dtype=str(dtype).replace("numtensor.", "")).reshape(size, 1, *kernel)
    return np.concatenate([eye] * channels, axis=0)


@converts("unfold")
def unfold(g, input, kernel_size, dilation=1, padding=0, stride=1):
    # im2col as a grouped convolution with one-hot kernels: exact (each output is 1 * x)
    kernel = _nd(kernel_size, 2)
    channels = input.shape[-3]
    x, batched = _batch(g, input, 2)
    weight = g.const(_one_hot_kernel(channels, kernel, input.dtype), "unfold_kernel")
    cols = g.node("Conv", [x, weight], kernel_shape=kernel, strides=_nd(stride, 2),
                  pads=_nd(padding, 2) * 2, dilations=_nd(dilation, 2), group=channels)  # fmt: skip
    out = g.node("Reshape", [cols, g.ints([0, channels * int(np.prod(kernel)), -1])])
    return _unbatch(g, out, batched)


@converts("fold")
def fold(g, input, output_size, kernel_size, dilation=1, padding=0, stride=1):
    kernel, dilation = _nd(kernel_size, 2), _nd(dilation, 2)
    padding, stride, size = _nd(padding, 2), _nd(stride, 2), _nd(output_size, 2)
    batched = input.ndim == 3
    x = g.value(input) if batched else g.node("Unsqueeze", [g.value(input), g.ints([0])])
    if g.opset >= 18:
        out = g.node("Col2Im", [x, g.ints(size), g.ints(kernel)], dilations=dilation,
                     pads=padding * 2, strides=stride)  # fmt: skip
        return _unbatch(g, out, batched)
    # (older opsets: the adjoint of unfold's convolution, a transposed one)
    blocks = [(s + 2 * p - d * (k - 1) - 1) // st + 1
              for s, p, d, k, st in zip(size, padding, dilation, kernel, stride)]  # fmt: skip
    k = int(np.prod(kernel))
    channels = input.shape[-2] // k
    grid = g.node("Reshape", [x, g.ints([0, channels * k, *blocks])])
    made = [(b - 1) * st - 2 * p + d * (kk - 1) + 1
            for b, st, p, d, kk in zip(blocks, stride, padding, dilation, kernel)]  # fmt: skip
    weight = g.const(_one_hot_kernel(channels, kernel, input.dtype), "fold_kernel")
    out = g.node(
        "ConvTranspose", [grid, weight], kernel_shape=kernel, strides=stride, pads=padding * 2,
        dilations=dilation, group=channels, output_padding=[s - m for s, m in zip(size, made)],
    )  # fmt: skip
    return _unbatch(g, out, batched)


@converts("max_unpool1d", "max_unpool2d", "max_unpool3d")
def max_unpool(g, input, indices, kernel_size, stride=None, padding=0, output_size=None):
    # scatter each value to its index in its (n, c) plane of zeros
    n = _n_of(g.op_name)
    kernel = _nd(kernel_size, n)
    stride = kernel if stride in (None, []) else _nd(stride, n)
    padding = _nd(padding, n)
    if output_size is not None:
        sizes = [int(s) for s in list(output_size)[-n:]]
    else:
        sizes = [(i - 1) * s - 2 * p + k
                 for i, s, p, k in zip(input.shape[-n:], stride, padding, kernel)]  # fmt: skip
    x, batched = _batch(g, input, n)
    idx = g.value(indices, _nt.int64)
    if not batched:
        idx = g.node("Unsqueeze", [idx, g.ints([0])])
    flat = g.ints([0, 0, -1])
    lead = g.node("Shape", [x], start=0, end=2)
    zeros = g.node(
        "Expand",
        [g.scalar(0, input.dtype), g.node("Concat", [lead, g.ints([int(np.prod(sizes))])], axis=0)],
    )
    out = g.node("ScatterElements", [zeros, g.node("Reshape", [idx, flat]),
                                     g.node("Reshape", [x, flat])], axis=2)  # fmt: skip
    out = g.node("Reshape", [out, g.node("Concat", [lead, g.ints(sizes)], axis=0)])
    return _unbatch(g, out, batched)


# ---- normalization -----------------------------------------------------------------------


def _per_channel(g, t, ndim: int) -> str:
    """A (C,) tensor shaped (C, 1, ...) to broadcast over dim 1 of an ``ndim``-dim input."""
    return g.node("Reshape", [g.value(t), g.ints([-1] + [1] * (ndim - 2))])


def _affine(g, out: str, weight, bias, ndim: int) -> str:
    if weight is not None:
        out = g.node("Mul", [out, _per_channel(g, weight, ndim)])
    if bias is not None:
        out = g.node("Add", [out, _per_channel(g, bias, ndim)])
    return out


@converts("group_norm")
def group_norm(g, input, num_groups, weight=None, bias=None, eps=1e-5):
    # (as PyTorch exports it: instance normalization of (N, groups, -1), then the affine map)
    x, dtype = g.value(input), input.dtype
    grouped = g.node("Reshape", [x, g.ints([0, num_groups, -1])])
    ones = g.value(_nt.ones(num_groups, dtype=dtype))
    zeros = g.value(_nt.zeros(num_groups, dtype=dtype))
    normed = g.node("InstanceNormalization", [grouped, ones, zeros], epsilon=float(eps))
    out = g.node("Reshape", [normed, g.node("Shape", [x])])
    return _affine(g, out, weight, bias, input.ndim)


@converts("instance_norm")
def instance_norm(g, input, running_mean=None, running_var=None, weight=None, bias=None,
                  use_input_stats=True, momentum=0.1, eps=1e-5):  # fmt: skip
    if not use_input_stats:
        if running_mean is None or running_var is None:
            g.unsupported("instance_norm without input statistics or running statistics")
        return batch_norm(g, input, running_mean, running_var, weight, bias, False, momentum, eps)
    channels, dtype = input.shape[1], input.dtype
    scale = g.value(weight if weight is not None else _nt.ones(channels, dtype=dtype))
    shift = g.value(bias if bias is not None else _nt.zeros(channels, dtype=dtype))
    return g.node("InstanceNormalization", [g.value(input), scale, shift], epsilon=float(eps))


@converts("local_response_norm")
def local_response_norm(g, input, size, alpha=1e-4, beta=0.75, k=1.0):
    x, dtype = g.value(input), input.dtype
    if input.ndim == 4 and size % 2 == 1:  # (ONNX LRN's window is PyTorch's for odd sizes)
        return g.node("LRN", [x], size=int(size), alpha=float(alpha), beta=float(beta),
                      bias=float(k))  # fmt: skip
    # the mean of x^2 over a window of channels (zero padded size // 2 before, (size - 1) // 2
    # after), as an average pool over (N, 1, C, rest)
    square = g.node("Reshape", [g.node("Mul", [x, x]), g.ints([0, 1, input.shape[1], -1])])
    mean = g.node("AveragePool", [square], kernel_shape=[size, 1], strides=[1, 1],
                  pads=[size // 2, 0, (size - 1) // 2, 0], count_include_pad=1)  # fmt: skip
    mean = g.node("Reshape", [mean, g.node("Shape", [x])])
    div = g.node("Add", [g.node("Mul", [mean, g.scalar(alpha, dtype)]), g.scalar(k, dtype)])
    return g.node("Div", [x, g.node("Pow", [div, g.scalar(beta, dtype)])])


@converts("rms_norm")
def rms_norm(g, input, normalized_shape, weight=None, eps=None):
    count = 1 if isinstance(normalized_shape, int) else len(tuple(normalized_shape))
    x, dtype = g.value(input), input.dtype
    eps = _nt.finfo(dtype).eps if eps is None else eps
    axes = g.ints(dims_of(list(range(-count, 0)), input.ndim))
    mean = g.node("ReduceMean", [g.node("Mul", [x, x]), axes], keepdims=1)
    rms = g.node("Sqrt", [g.node("Add", [mean, g.scalar(eps, dtype)])])
    out = g.node("Mul", [x, g.node("Reciprocal", [rms])])
    return out if weight is None else g.node("Mul", [out, g.value(weight)])


# ---- embedding bags ----------------------------------------------------------------------


def _bag(g, rows: str, keep, weights, mode: str, dtype, axis: int) -> str:
    """Reduce gathered ``rows`` (..., L, D) over bag axis ``axis``; ``keep`` (..., L, 1) masks
    out padding entries (None: all count)."""
    axes = g.ints([axis])
    if weights is not None:
        rows = g.node("Mul", [rows, weights])
    if mode == "max":
        if keep is not None:
            rows = g.node("Where", [keep, rows, g.scalar(float("-inf"), dtype)])
        best = g.node("ReduceMax", [rows, axes], keepdims=0)
        if keep is None:
            return best
        # (a bag of padding only gives 0)
        any_kept = g.node("ReduceMax", [g.node("Cast", [keep], to=7), axes], keepdims=0)
        return g.node("Where", [g.node("Cast", [any_kept], to=9), best, g.scalar(0, dtype)])
    if keep is not None:
        rows = g.node("Where", [keep, rows, g.scalar(0, dtype)])
    total = g.node("ReduceSum", [rows, axes], keepdims=0)
    if mode == "sum":
        return total
    if keep is None:
        return g.node("ReduceMean", [rows, axes], keepdims=0)
    count = g.node("ReduceSum", [g.node("Cast", [keep], to=_onnx(dtype)), axes], keepdims=0)
    count = g.node("Max", [count, g.scalar(1, dtype)])  # (an empty bag's mean is 0)
    return g.node("Div", [total, count])


def _onnx(dtype) -> int:
    from .graph import onnx_type

    return onnx_type(dtype)


@converts("embedding_bag")
def embedding_bag(g, input, weight, offsets=None, max_norm=None, norm_type=2,
                  scale_grad_by_freq=False, mode="mean", sparse=False, per_sample_weights=None,
                  include_last_offset=False, padding_idx=None):  # fmt: skip
    if max_norm is not None:
        g.unsupported("embedding_bag with max_norm (it renormalizes the weight in place)")
    dtype, w = weight.dtype, g.value(weight)
    if padding_idx is not None and padding_idx < 0:
        padding_idx += weight.shape[0]
    idx = g.value(input, _nt.int64)
    if input.ndim == 2:  # (equal bags, one per row)
        keep = None
        if padding_idx is not None:
            keep = g.node("Unsqueeze", [g.node("Not", [g.node(
                "Equal", [idx, g.scalar(padding_idx, _nt.int64)])]), g.ints([2])])  # fmt: skip
        weights = None
        if per_sample_weights is not None:
            weights = g.node("Unsqueeze", [g.value(per_sample_weights), g.ints([2])])
        rows = g.node("Gather", [w, idx], axis=0)
        return _bag(g, rows, keep, weights, mode, dtype, 1)
    if offsets is None or id(offsets) not in g.snapshots:
        g.unsupported("embedding_bag with offsets computed in the graph (bags of varying sizes)")
    # constant offsets: each bag is a fixed slice of the indices
    bounds = [int(v) for v in g.snapshots[id(offsets)].reshape(-1)]
    n = input.shape[0]
    bounds = bounds if include_last_offset else [*bounds, n]
    bags = []
    for start, end in itertools.pairwise(bounds):
        if end <= start:
            bags.append(g.value(_nt.zeros(1, weight.shape[1], dtype=dtype)))
            continue
        part = g.node("Slice", [idx, g.ints([start]), g.ints([end]), g.ints([0])])
        rows = g.node("Unsqueeze", [g.node("Gather", [w, part], axis=0), g.ints([0])])
        keep = None
        if padding_idx is not None:
            keep = g.node("Unsqueeze", [g.node("Not", [g.node(
                "Equal", [part, g.scalar(padding_idx, _nt.int64)])]), g.ints([0, 2])])  # fmt: skip
        weights = None
        if per_sample_weights is not None:
            sample = g.node("Slice", [g.value(per_sample_weights), g.ints([start]),
                                      g.ints([end]), g.ints([0])])  # fmt: skip
            weights = g.node("Unsqueeze", [sample, g.ints([0, 2])])
        bags.append(_bag(g, rows, keep, weights, mode, dtype, 1))
    if not bags:
        return g.value(_nt.zeros(0, weight.shape[1], dtype=dtype))
    return bags[0] if len(bags) == 1 else g.node("Concat", bags, axis=0)
