"""The ``torch.*`` forms of ops that live in ``numtensor.nn.functional``: thin forwards with
PyTorch's torch-namespace signatures (``torch.dropout(input, p, train)``,
``torch.convolution(...)``, ...). They sit above nn, so numtensor/__init__.py imports them
after it (ops cannot import nn)."""

from __future__ import annotations

from .nn import functional as F

__all__ = [
    "bilinear",
    "constant_pad_nd",
    "conv1d",
    "conv2d",
    "convolution",
    "dropout",
    "feature_dropout",
    "pixel_shuffle",
    "pixel_unshuffle",
]


def dropout(input, p: float, train: bool):
    """``nn.functional.dropout(input, p, training=train)``."""
    return F.dropout(input, p, train)


def feature_dropout(input, p: float, train: bool):
    """Zeroes whole channels (dim 1) of ``input`` with probability ``p`` in training, the
    kept ones scaled by 1 / (1 - p)."""
    if input.ndim < 2:
        raise RuntimeError("Feature dropout requires at least 2 dimensions in the input")
    if p < 0 or p > 1:
        raise ValueError(f"dropout probability has to be between 0 and 1, but got {p}")
    if not train or p == 0:
        return input.clone() if train else input
    if p == 1:
        return input * 0
    shape = tuple(input.shape[:2]) + (1,) * (input.ndim - 2)
    keep = input.new_empty(shape).bernoulli_(1 - p) / (1 - p)
    return input * keep


def bilinear(input1, input2, weight, bias=None):
    """``nn.functional.bilinear``: ``x1^T A x2 + b`` per output feature."""
    return F.bilinear(input1, input2, weight, bias)


def pixel_shuffle(input, upscale_factor: int):
    """``nn.functional.pixel_shuffle``."""
    return F.pixel_shuffle(input, upscale_factor)


def pixel_unshuffle(input, downscale_factor: int):
    """``nn.functional.pixel_unshuffle``."""
    return F.pixel_unshuffle(input, downscale_factor)


def conv1d(input, weight, bias=None, stride=1, padding=0, dilation=1, groups=1):
    """``nn.functional.conv1d``."""
    return F.conv1d(input, weight, bias, stride, padding, dilation, groups)


def conv2d(input, weight, bias=None, stride=1, padding=0, dilation=1, groups=1):
    """``nn.functional.conv2d``."""
    return F.conv2d(input, weight, bias, stride, padding, dilation, groups)


def convolution(input, weight, bias, stride, padding, dilation, transposed: bool,
                output_padding, groups: int):  # fmt: skip
    """The general convolution: 1-D or 2-D (by ``input``'s rank), transposed or not."""
    spatial = input.ndim - 2
    if spatial not in (1, 2):
        raise NotImplementedError(
            f"convolution: numtensor has 1-D and 2-D convolutions, got {spatial}-D"
        )

    def arg(v):
        return tuple(v) if isinstance(v, (list, tuple)) else v

    if transposed:
        fn = F.conv_transpose1d if spatial == 1 else F.conv_transpose2d
        return fn(
            input, weight, bias, arg(stride), arg(padding), arg(output_padding), groups,
            arg(dilation),
        )  # fmt: skip
    fn = F.conv1d if spatial == 1 else F.conv2d
    return fn(input, weight, bias, arg(stride), arg(padding), arg(dilation), groups)


def constant_pad_nd(input, pad, value=0):
    """``nn.functional.pad(input, pad, "constant", value)``."""
    return F.pad(input, tuple(pad), "constant", value)
