"""The rest of PyTorch's activations as functions, composed of Tensor ops (their gradients
follow, with PyTorch's at the kinks: hardtanh passes none at its bounds)."""

from __future__ import annotations

import numtensor as _nt

from .._tensor_base import Tensor

SELU_ALPHA = 1.6732632423543772848170429916717
SELU_SCALE = 1.0507009873554804934193349852946


def _written(input: Tensor, out: Tensor, inplace: bool) -> Tensor:
    return input.copy_(out) if inplace else out


def _as(out: Tensor, node_name: str) -> Tensor:
    """The composition's last node shown under PyTorch's name for the op."""
    if out.grad_fn is not None:
        out.grad_fn.node_name = node_name
    return out


def hardtanh(input, min_val: float = -1.0, max_val: float = 1.0, inplace: bool = False):
    """``input`` clamped to [min_val, max_val] (no gradient where it is clamped)."""
    if min_val > max_val:
        raise ValueError("min_val cannot be greater than max_val")
    clamped = input.clamp(min_val, max_val)
    out = _nt.where((input > min_val) & (input < max_val), input, clamped.detach())
    return _written(input, _as(out, "HardtanhBackward0"), inplace)


def hardtanh_(input, min_val: float = -1.0, max_val: float = 1.0):
    return hardtanh(input, min_val, max_val, inplace=True)


def relu6(input, inplace: bool = False):
    return hardtanh(input, 0.0, 6.0, inplace)


def hardsigmoid(input, inplace: bool = False):
    """0 below -3, 1 above 3, x / 6 + 1/2 between."""
    inner = input / 6 + 0.5
    out = _nt.where((input > -3) & (input < 3), inner, (input >= 3).to(inner.dtype))
    return _written(input, _as(out, "HardsigmoidBackward0"), inplace)


def hardswish(input, inplace: bool = False):
    return _written(input, _as(input * hardsigmoid(input), "HardswishBackward0"), inplace)


def selu(input, inplace: bool = False):
    out = SELU_SCALE * _nt.where(input > 0, input, SELU_ALPHA * (input.clamp(max=0).exp() - 1))
    return _written(input, _as(out, "EluBackward0"), inplace)


def selu_(input):
    return selu(input, inplace=True)


def celu(input, alpha: float = 1.0, inplace: bool = False):
    if alpha == 0:
        raise RuntimeError("ZeroDivisionError")
    negative = alpha * ((input.clamp(max=0) / alpha).exp() - 1)
    out = _nt.where(input > 0, input, negative)
    return _written(input, _as(out, "CeluBackward0"), inplace)


def celu_(input, alpha: float = 1.0):
    return celu(input, alpha, inplace=True)


def mish(input, inplace: bool = False):
    from .functional import softplus

    return _written(input, _as(input * softplus(input).tanh(), "MishBackward0"), inplace)


def logsigmoid(input):
    """log(sigmoid(x)), computed without overflow: min(x, 0) - log1p(exp(-|x|))."""
    return _as(input.clamp(max=0) - (-input.abs()).exp().log1p(), "LogSigmoidBackward0")


def softsign(input):
    return input / (1 + input.abs())


def tanhshrink(input):
    return input - input.tanh()


def softmin(input, dim=None, _stacklevel: int = 3, dtype=None):
    from .functional import _default_dim

    return (-input).softmax(_default_dim(input, dim), dtype=dtype)


def glu(input, dim: int = -1):
    """The first half of ``dim`` times the sigmoid of the second."""
    if input.ndim == 0:
        raise RuntimeError("glu does not support scalars because halving size must be even")
    size = input.shape[dim]
    if size % 2:
        raise RuntimeError(
            f"Halving dimension must be even, but dimension {dim % input.ndim} is size {size}"
        )
    a, b = input.chunk(2, dim)
    return _as(a * b.sigmoid(), "GluBackward0")


def prelu(input, weight):
    """max(0, x) + weight * min(0, x), ``weight`` per channel (dim 1) or one for all (the op
    ``numtensor.prelu``)."""
    return _nt.prelu(input, weight)


def rrelu(input, lower: float = 1.0 / 8, upper: float = 1.0 / 3, training: bool = False,
          inplace: bool = False):  # fmt: skip
    """leaky_relu with a random slope in [lower, upper] per element in training, their mean
    otherwise."""
    if training:
        slope = _nt.empty(input.shape, dtype=input.dtype, device=input.device).uniform_(
            lower, upper
        )
    else:
        slope = (lower + upper) / 2
    out = _as(_nt.where(input >= 0, input, input * slope), "RreluWithNoiseBackward0")
    return _written(input, out, inplace)


def rrelu_(input, lower: float = 1.0 / 8, upper: float = 1.0 / 3, training: bool = False):
    return rrelu(input, lower, upper, training, inplace=True)


def threshold(input, threshold: float, value: float, inplace: bool = False):
    """``input`` where it exceeds ``threshold``, else ``value``."""
    out = _nt.where(
        input > threshold, input, _nt.full((), value, dtype=input.dtype, device=input.device)
    )
    return _written(input, _as(out, "ThresholdBackward0"), inplace)


def threshold_(input, threshold_value: float, value: float):
    return threshold(input, threshold_value, value, inplace=True)


def softshrink(input, lambd: float = 0.5):
    if lambd < 0:
        raise RuntimeError(f"lambda must be greater or equal to 0, but found to be {lambd}.")
    inner = _nt.where(input < -lambd, input + lambd, input * 0)  # (-0.0 below zero, as PyTorch)
    return _as(_nt.where(input > lambd, input - lambd, inner), "SoftshrinkBackward0")


def hardshrink(input, lambd: float = 0.5):
    """``input`` where |input| > lambd, else 0 (the op ``numtensor.hardshrink``)."""
    return _nt.hardshrink(input, lambd)


def relu_(input):
    return input.relu_()


def elu_(input, alpha: float = 1.0):
    from .functional import elu

    return elu(input, alpha, inplace=True)


def leaky_relu_(input, negative_slope: float = 0.01):
    from .functional import leaky_relu

    return leaky_relu(input, negative_slope, inplace=True)


def gumbel_softmax(logits, tau: float = 1, hard: bool = False, eps: float = 1e-10,
                   dim: int = -1):  # fmt: skip
    """A sample from the Gumbel-Softmax distribution: softmax((logits + g) / tau) along
    ``dim`` with g = -log(Exponential(1)) noise; ``hard=True`` returns the one-hot of its
    argmax, with the soft sample's gradient (straight-through). ``eps`` is deprecated.

    Example: ``F.gumbel_softmax(logits, tau=0.5, hard=True)``.
    """
    if eps != 1e-10:
        import warnings

        warnings.warn("`eps` parameter is deprecated and has no effect.", stacklevel=2)
    gumbels = -_nt.empty_like(logits).exponential_().log()
    y_soft = ((logits + gumbels) / tau).softmax(dim)
    if not hard:
        return y_soft
    index = y_soft.max(dim, keepdim=True)[1]
    y_hard = _nt.zeros_like(logits).scatter_(dim, index, 1.0)
    return y_hard - y_soft.detach() + y_soft


__all__ = [
    "celu", "celu_", "elu_", "glu", "gumbel_softmax", "hardshrink", "hardsigmoid",
    "hardswish", "hardtanh", "hardtanh_", "leaky_relu_", "logsigmoid", "mish", "prelu", "relu6",
    "relu_", "rrelu", "rrelu_", "selu", "selu_", "softmin", "softshrink", "softsign",
    "tanhshrink", "threshold", "threshold_",
]  # fmt: skip
