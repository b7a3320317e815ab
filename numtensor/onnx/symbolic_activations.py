"""ONNX forms of the activations, dropouts (identities in inference), distances and losses of
numtensor.nn.functional beyond symbolic_nn."""

from __future__ import annotations

import math

import numtensor as _nt

from ..nn.modules import activation
from .symbolic import converts, dims_of, traced
from .symbolic_nn import MODULES

# ---- activations -------------------------------------------------------------------------


@converts("hardsigmoid")
def hardsigmoid(g, input, inplace=False):
    return g.node("HardSigmoid", [g.value(input)], alpha=1.0 / 6, beta=0.5)


@converts("hardswish")
def hardswish(g, input, inplace=False):
    x = g.value(input)
    if g.opset < 14:  # (HardSwish is opset 14's)
        return g.node("Mul", [x, g.node("HardSigmoid", [x], alpha=1.0 / 6, beta=0.5)])
    return g.node("HardSwish", [x])


@converts("hardtanh")
def hardtanh(g, input, min_val=-1.0, max_val=1.0, inplace=False):
    dtype = input.dtype
    return g.node("Clip", [g.value(input), g.scalar(min_val, dtype), g.scalar(max_val, dtype)])


@converts("relu6")
def relu6(g, input, inplace=False):
    return hardtanh(g, input, 0.0, 6.0)


@converts("prelu")
def prelu(g, input, weight):
    w = g.value(weight)
    if input.ndim >= 2 and weight.numel() > 1:  # (one slope per channel, dim 1)
        w = g.node("Reshape", [w, g.ints([-1] + [1] * (input.ndim - 2))])
    return g.node("PRelu", [g.value(input), w])


@converts("selu")
def selu(g, input, inplace=False):
    return g.node("Selu", [g.value(input)], alpha=1.6732632423543772,
                  gamma=1.0507009873554805)  # fmt: skip


@converts("celu")
def celu(g, input, alpha=1.0, inplace=False):
    x, dtype = g.value(input), input.dtype
    if g.opset >= 12 and dtype is _nt.float32:  # (Celu is opset 12's, float only)
        return g.node("Celu", [x], alpha=float(alpha))
    # max(0, x) + min(0, alpha * (exp(x / alpha) - 1))
    a = g.scalar(alpha, dtype)
    negative = g.node("Mul", [a, g.node("Sub", [g.node("Exp", [g.node("Div", [x, a])]),
                                                g.scalar(1, dtype)])])  # fmt: skip
    return g.node("Where", [g.node("Greater", [x, g.scalar(0, dtype)]), x, negative])


@converts("mish")
def mish(g, input, inplace=False):
    x = g.value(input)
    if g.opset >= 18:
        return g.node("Mish", [x])
    return g.node("Mul", [x, g.node("Tanh", [g.node("Softplus", [x])])])


@converts("logsigmoid")
def logsigmoid(g, input):
    # -softplus(-x) (log(sigmoid(x)) would be -inf for very negative x)
    x = g.value(input)
    return g.node("Neg", [g.node("Softplus", [g.node("Neg", [x])])])


@converts("softsign")
def softsign(g, input):
    return g.node("Softsign", [g.value(input)])


@converts("tanhshrink")
def tanhshrink(g, input):
    x = g.value(input)
    return g.node("Sub", [x, g.node("Tanh", [x])])


@converts("hardshrink")
def hardshrink(g, input, lambd=0.5):
    return g.node("Shrink", [g.value(input)], lambd=float(lambd), bias=0.0)


@converts("softshrink")
def softshrink(g, input, lambd=0.5):
    return g.node("Shrink", [g.value(input)], lambd=float(lambd), bias=float(lambd))


@converts("threshold")
def threshold(g, input, threshold, value, inplace=False):
    x, dtype = g.value(input), input.dtype
    above = g.node("Greater", [x, g.scalar(threshold, dtype)])
    return g.node("Where", [above, x, g.scalar(value, dtype)])


@converts("rrelu")
def rrelu(g, input, lower=1.0 / 8, upper=1.0 / 3, training=False, inplace=False):
    if training:
        g.unsupported("rrelu in training mode (its slopes are random; export in eval mode)")
    return g.node("LeakyRelu", [g.value(input)], alpha=(lower + upper) / 2)


@converts("glu")
def glu(g, input, dim=-1):
    (axis,) = dims_of(dim, input.ndim)
    half = input.shape[axis] // 2
    a, b = g.node("Split", [g.value(input), g.ints([half, half])], outputs=2, axis=axis)
    return g.node("Mul", [a, g.node("Sigmoid", [b])])


@converts("softmin")
def softmin(g, input, dim=None, _stacklevel=3, dtype=None):
    if dim is None:  # (PyTorch's implicit dim)
        dim = 0 if input.ndim in (0, 1, 3) else 1
    x = g.value(input, g.result.dtype)
    if input.ndim == 0:
        return g.node("Div", [x, x])
    return g.node("Softmax", [g.node("Neg", [x])], axis=dims_of(dim, input.ndim)[0])


@converts("gumbel_softmax")
def gumbel_softmax(g, logits, tau=1, hard=False, eps=1e-10, dim=-1):
    g.unsupported("gumbel_softmax samples random noise (no deterministic ONNX form)")


# ---- dropouts: identities in inference ---------------------------------------------------


@converts("dropout1d", "dropout2d", "dropout3d")
def dropout_nd(g, input, p=0.5, training=True, inplace=False):
    if training and p:
        g.unsupported(f"{g.op_name} in training mode (export the model in eval mode)")
    return g.value(input)


@converts("alpha_dropout", "feature_alpha_dropout")
def alpha_dropout(g, input, p=0.5, training=False, inplace=False):  # (training: False here)
    return dropout_nd(g, input, p, training)


# ---- distances ---------------------------------------------------------------------------


def p_norm(g, x: str, p: float, axis: int, keepdims: bool, dtype) -> str:
    """The ``p``-norm of ``x`` over ``axis`` (PyTorch's vector norm, any p)."""
    axes, keep = g.ints([axis]), int(keepdims)
    if p == 2:
        return g.node("ReduceL2", [x, axes], keepdims=keep)
    if p == 1:
        return g.node("ReduceL1", [x, axes], keepdims=keep)
    if p == math.inf:
        return g.node("ReduceMax", [g.node("Abs", [x]), axes], keepdims=keep)
    if p == -math.inf:
        return g.node("ReduceMin", [g.node("Abs", [x]), axes], keepdims=keep)
    if p == 0:
        nonzero = g.node("Not", [g.node("Equal", [x, g.scalar(0, dtype)])])
        return g.node("ReduceSum", [g.cast(nonzero, dtype), axes], keepdims=keep)
    powered = g.node("Pow", [g.node("Abs", [x]), g.scalar(float(p), dtype)])
    total = g.node("ReduceSum", [powered, axes], keepdims=keep)
    return g.node("Pow", [total, g.scalar(1.0 / float(p), dtype)])


@converts("cosine_similarity")
def cosine_similarity(g, x1, x2, dim=1, eps=1e-8):
    dtype = g.result.dtype
    a, b = g.value(x1, dtype), g.value(x2, dtype)
    ndim = max(x1.ndim, x2.ndim)
    (axis,) = dims_of(dim, ndim)
    if tuple(x1.shape) != tuple(x2.shape):  # (norms along ``dim`` of the broadcast shape)
        a, b = (
            g.node("Expand", [a, g.node("Shape", [b])]),
            g.node("Expand", [b, g.node("Shape", [a])]),
        )
    n1 = g.node("Max", [g.node("ReduceL2", [a, g.ints([axis])], keepdims=1), g.scalar(eps, dtype)])
    n2 = g.node("Max", [g.node("ReduceL2", [b, g.ints([axis])], keepdims=1), g.scalar(eps, dtype)])
    prod = g.node("Mul", [g.node("Div", [a, n1]), g.node("Div", [b, n2])])
    return g.node("ReduceSum", [prod, g.ints([axis])], keepdims=0)


@converts("pairwise_distance")
def pairwise_distance(g, x1, x2, p=2.0, eps=1e-6, keepdim=False):
    dtype = g.result.dtype
    diff = g.node("Sub", [g.value(x1, dtype), g.value(x2, dtype)])
    diff = g.node("Add", [diff, g.scalar(eps, dtype)])
    if max(x1.ndim, x2.ndim) == 0:
        return g.node("Abs", [diff]) if p else g.cast(g.node("Not", [g.node(
            "Equal", [diff, g.scalar(0, dtype)])]), dtype)  # fmt: skip
    return p_norm(g, diff, p, -1, keepdim, dtype)


@converts("pdist")
def pdist(g, input, p=2.0):
    # all pairwise distances (N, N), then the pairs i < j in row order (Compress by the
    # strict upper triangle), so N may vary
    x, dtype = g.value(input), input.dtype
    diff = g.node("Sub", [g.node("Unsqueeze", [x, g.ints([1])]),
                          g.node("Unsqueeze", [x, g.ints([0])])])  # fmt: skip
    dist = p_norm(g, diff, p, -1, False, dtype)
    n = g.node("Shape", [x], start=0, end=1)
    ones = g.node("Expand", [g.scalar(1, _nt.int64), g.node("Concat", [n, n], axis=0)])
    if g.opset < 14:
        g.unsupported("pdist needs opset 14 or newer (ONNX Trilu)")
    upper = g.cast(g.node("Trilu", [ones, g.scalar(1, _nt.int64)], upper=1), _nt.bool)
    flat = g.ints([-1])
    return g.node("Compress", [g.node("Reshape", [dist, flat]), g.node("Reshape", [upper, flat])],
                  axis=0)  # fmt: skip


@converts("ctc_loss")
def ctc_loss(g, log_probs, targets, input_lengths, target_lengths, blank=0, reduction="mean",
             zero_infinity=False):  # fmt: skip
    g.unsupported("ctc_loss has no ONNX operator (a dynamic program over the alignments)")


# ---- losses ------------------------------------------------------------------------------

# (compositions of recorded ops, exported through them as PyTorch's tracer does)
traced(
    "mse_loss", "l1_loss", "smooth_l1_loss", "huber_loss", "binary_cross_entropy",
    "binary_cross_entropy_with_logits", "kl_div", "nll_loss", "cross_entropy",
    "soft_margin_loss", "multilabel_soft_margin_loss", "poisson_nll_loss", "gaussian_nll_loss",
    "hinge_embedding_loss", "cosine_embedding_loss", "margin_ranking_loss",
    "triplet_margin_loss", "triplet_margin_with_distance_loss",
)  # fmt: skip


@converts("multi_margin_loss", "multilabel_margin_loss")
def margin_loss_by_class(g, input, target, *args, **kwargs):
    g.unsupported("its composition scatters by the target classes (not mapped to ONNX yet)")


@converts("xlogy")
def xlogy(g, input, other, *, out=None):  # x * log(y), 0 where x == 0 (unless y is NaN)
    dtype = g.result.dtype
    x, y = g.value(input, dtype), g.value(other, dtype)
    prod = g.node("Mul", [x, g.node("Log", [y])])
    zero = g.scalar(0, dtype)
    out = g.node("Where", [g.node("Equal", [x, zero]), zero, prod])
    return g.node("Where", [g.node("IsNaN", [y]), y, out])


# ---- layers whose forward is their own composition, recorded as one op --------------------


def _as_function(name: str):
    def call(m, input):
        if getattr(m, "inplace", False):
            return None  # (an in-place layer: its own ops are recorded)
        return name, (input,), {}

    return call


MODULES.update(
    {
        activation.Mish: _as_function("mish"),
        activation.LogSigmoid: _as_function("logsigmoid"),
        activation.Softsign: _as_function("softsign"),
    }
)
