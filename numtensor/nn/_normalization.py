"""group_norm, instance_norm, local_response_norm and rms_norm, composed of Tensor ops."""

from __future__ import annotations

import numtensor as _nt

from ._activations import _as


def _channel_shape(x, c):
    return [1, c] + [1] * (x.ndim - 2)


def group_norm(input, num_groups: int, weight=None, bias=None, eps: float = 1e-5):
    """Normalise each group of ``num_groups`` channels over its channels and positions."""
    n, c = input.shape[0], input.shape[1]
    if c % num_groups:
        raise RuntimeError(
            f"Expected number of channels in input to be divisible by num_groups, but got input "
            f"of shape {list(input.shape)} and num_groups={num_groups}"
        )
    x = input.reshape(n, num_groups, -1)
    mean = x.mean(-1, keepdim=True)
    var = x.var(-1, unbiased=False, keepdim=True)
    out = ((x - mean) / (var + eps).sqrt()).reshape(input.shape)
    if weight is not None:
        out = out * weight.reshape(_channel_shape(input, c))
    if bias is not None:
        out = out + bias.reshape(_channel_shape(input, c))
    return _as(out, "NativeGroupNormBackward0")


def instance_norm(input, running_mean=None, running_var=None, weight=None, bias=None,
                  use_input_stats: bool = True, momentum: float = 0.1,
                  eps: float = 1e-5):  # fmt: skip
    """Normalise each (sample, channel) over its positions (or by running statistics)."""
    c = input.shape[1]
    dims = tuple(range(2, input.ndim))
    if use_input_stats:
        mean = input.mean(dims, keepdim=True)
        var = input.var(dims, unbiased=False, keepdim=True)
        if running_mean is not None:
            count = 1
            for d in dims:
                count *= input.shape[d]
            with _nt.no_grad():
                unbiased = (
                    input.var(dims, unbiased=True) if count > 1 else input.var(dims, unbiased=False)
                )
                running_mean.mul_(1 - momentum).add_(input.mean(dims).mean(0) * momentum)
                running_var.mul_(1 - momentum).add_(unbiased.mean(0) * momentum)
    else:
        mean = running_mean.reshape(_channel_shape(input, c))
        var = running_var.reshape(_channel_shape(input, c))
    out = (input - mean) / (var + eps).sqrt()
    if weight is not None:
        out = out * weight.reshape(_channel_shape(input, c))
    if bias is not None:
        out = out + bias.reshape(_channel_shape(input, c))
    return out


def local_response_norm(input, size: int, alpha: float = 1e-4, beta: float = 0.75, k: float = 1.0):
    """``input`` over (k + alpha * mean of squares of ``size`` neighbouring channels)^beta."""
    from .functional import pad

    if input.ndim < 3:
        raise ValueError(
            f"Expected 3D or higher dimensionality input (got {input.ndim} dimensions)"
        )
    if input.numel() == 0:
        return input
    squares = (input * input).unsqueeze(1)  # [N, 1, C, ...]
    widths = [0, 0] * (input.ndim - 2) + [size // 2, (size - 1) // 2]
    padded = pad(squares, widths)
    c = input.shape[1]
    window = sum(padded.narrow(2, i, c) for i in range(size)) / size
    div = (window.squeeze(1) * alpha + k) ** beta
    return input / div


def rms_norm(input, normalized_shape, weight=None, eps=None):
    """``input`` over the root mean square of its last ``len(normalized_shape)`` dims."""
    shape = (normalized_shape,) if isinstance(normalized_shape, int) else tuple(normalized_shape)
    if tuple(input.shape[-len(shape) :]) != shape:
        raise RuntimeError(
            f"Given normalized_shape={list(shape)}, expected input with shape [*, "
            f"{', '.join(str(s) for s in shape)}], but got input of size{list(input.shape)}"
        )
    if eps is None:
        eps = _nt.finfo(input.dtype).eps
    dims = tuple(range(-len(shape), 0))
    out = input * ((input * input).mean(dims, keepdim=True) + eps).rsqrt()
    return out * weight if weight is not None else out


__all__ = ["group_norm", "instance_norm", "local_response_norm", "rms_norm"]
