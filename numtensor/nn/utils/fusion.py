"""Folding an eval-mode BatchNorm into the preceding convolution or linear layer."""

from __future__ import annotations

import copy

import numtensor as _nt

from ..._tensor_base import Tensor
from ..parameter import Parameter

__all__ = [
    "fuse_conv_bn_eval",
    "fuse_conv_bn_weights",
    "fuse_linear_bn_eval",
    "fuse_linear_bn_weights",
]


def fuse_conv_bn_eval(conv, bn, transpose: bool = False):
    r"""A copy of ``conv`` whose weight and bias include the eval-mode BatchNorm ``bn``
    (``bn(conv(x)) == fused(x)``). Both modules must be in eval mode.

    Args:
        conv (nn.Conv*d or nn.ConvTranspose*d): the convolution
        bn (nn.BatchNorm*d): the batch norm that follows it
        transpose (bool): ``conv`` is a transposed convolution. Default: ``False``

    Returns:
        the fused convolution (a deep copy; the inputs are untouched)

    Example::

        >>> conv, bn = torch.nn.Conv2d(3, 4, 3).eval(), torch.nn.BatchNorm2d(4).eval()
        >>> with torch.no_grad():
        ...     _ = bn.running_mean.uniform_()
        >>> fused = torch.nn.utils.fuse_conv_bn_eval(conv, bn)
        >>> x = torch.randn(1, 3, 5, 5)
        >>> torch.allclose(fused(x), bn(conv(x)), atol=1e-5)
        True
    """
    if conv.training or bn.training:
        raise AssertionError("Fusion only for eval!")
    fused_conv = copy.deepcopy(conv)
    if bn.running_mean is None or bn.running_var is None:
        raise AssertionError("bn.running_mean and bn.running_var must not be None")
    fused_conv.weight, fused_conv.bias = fuse_conv_bn_weights(
        fused_conv.weight,
        fused_conv.bias,
        bn.running_mean,
        bn.running_var,
        bn.eps,
        bn.weight,
        bn.bias,
        transpose,
    )
    return fused_conv


def fuse_conv_bn_weights(
    conv_w: Tensor,
    conv_b: Tensor | None,
    bn_rm: Tensor,
    bn_rv: Tensor,
    bn_eps: float,
    bn_w: Tensor | None,
    bn_b: Tensor | None,
    transpose: bool = False,
) -> tuple[Parameter, Parameter]:
    r"""Convolution weight and bias with a BatchNorm folded in:
    ``w * (bn_w / sqrt(bn_rv + eps))`` along the output channels (dim 0, or dim 1 when
    ``transpose``) and ``(b - bn_rm) * bn_w / sqrt(bn_rv + eps) + bn_b``.

    Returns:
        ``(weight, bias)`` as Parameters, in the convolution's dtypes; the bias requires
        grad as ``conv_b`` does (zeros that do not, when ``conv_b`` is None)

    Example::

        >>> w, b = torch.ones(2, 1, 1, 1), torch.zeros(2)
        >>> fw, fb = torch.nn.utils.fuse_conv_bn_weights(
        ...     w, b, torch.zeros(2), torch.full((2,), 4.), 0.0, torch.ones(2), torch.ones(2))
        >>> fw.flatten().data, fb.data
        (tensor([0.5000, 0.5000]), tensor([1., 1.]))
    """
    conv_weight_dtype = conv_w.dtype
    conv_bias_dtype = conv_b.dtype if conv_b is not None else conv_weight_dtype
    if conv_b is None:
        conv_b = _nt.zeros_like(bn_rm)
    if bn_w is None:
        bn_w = _nt.ones_like(bn_rm)
    if bn_b is None:
        bn_b = _nt.zeros_like(bn_rm)
    bn_var_rsqrt = _nt.rsqrt(bn_rv + bn_eps)
    if transpose:
        shape = [1, -1] + [1] * (len(conv_w.shape) - 2)
    else:
        shape = [-1, 1] + [1] * (len(conv_w.shape) - 2)
    fused_conv_w = (conv_w * (bn_w * bn_var_rsqrt).reshape(shape)).to(dtype=conv_weight_dtype)
    fused_conv_b = ((conv_b - bn_rm) * bn_var_rsqrt * bn_w + bn_b).to(dtype=conv_bias_dtype)
    return (
        Parameter(fused_conv_w, conv_w.requires_grad),
        Parameter(fused_conv_b, conv_b.requires_grad),
    )


def fuse_linear_bn_eval(linear, bn):
    r"""A copy of ``linear`` whose weight and bias include the eval-mode BatchNorm ``bn``
    (``bn(linear(x)) == fused(x)``); ``bn.num_features`` must be ``linear.out_features`` or
    1. Both modules must be in eval mode.

    Returns:
        the fused Linear (a deep copy; the inputs are untouched)

    Example::

        >>> lin, bn = torch.nn.Linear(3, 2).eval(), torch.nn.BatchNorm1d(2).eval()
        >>> fused = torch.nn.utils.fuse_linear_bn_eval(lin, bn)
        >>> x = torch.randn(4, 3)
        >>> torch.allclose(fused(x), bn(lin(x)), atol=1e-5)
        True
    """
    if linear.training or bn.training:
        raise AssertionError("Fusion only for eval!")
    fused_linear = copy.deepcopy(linear)
    if linear.out_features != bn.num_features and bn.num_features != 1:
        raise AssertionError(
            "To fuse, linear.out_features == bn.num_features or bn.num_features == 1, "
            f"got linear.out_features={linear.out_features} and "
            f"bn.num_features={bn.num_features}"
        )
    if bn.running_mean is None or bn.running_var is None:
        raise AssertionError("bn.running_mean and bn.running_var must not be None")
    fused_linear.weight, fused_linear.bias = fuse_linear_bn_weights(
        fused_linear.weight,
        fused_linear.bias,
        bn.running_mean,
        bn.running_var,
        bn.eps,
        bn.weight,
        bn.bias,
    )
    return fused_linear


def fuse_linear_bn_weights(
    linear_w: Tensor,
    linear_b: Tensor | None,
    bn_rm: Tensor,
    bn_rv: Tensor,
    bn_eps: float,
    bn_w: Tensor,
    bn_b: Tensor,
) -> tuple[Parameter, Parameter]:
    r"""Linear weight and bias with a BatchNorm folded in: ``scale = bn_w / sqrt(bn_rv +
    eps)``, ``w * scale[:, None]`` and ``(b - bn_rm) * scale + bn_b``.

    Returns:
        ``(weight, bias)`` as Parameters, in the linear layer's dtypes

    Example::

        >>> w, b = torch.ones(2, 3), torch.zeros(2)
        >>> fw, fb = torch.nn.utils.fuse_linear_bn_weights(
        ...     w, b, torch.zeros(2), torch.full((2,), 4.), 0.0, torch.ones(2), torch.ones(2))
        >>> fw.data, fb.data
        (tensor([[0.5000, 0.5000, 0.5000],
                [0.5000, 0.5000, 0.5000]]), tensor([1., 1.]))
    """
    linear_weight_dtype = linear_w.dtype
    linear_bias_dtype = linear_b.dtype if linear_b is not None else linear_weight_dtype
    if linear_b is None:
        linear_b = _nt.zeros_like(bn_rm)
    bn_scale = bn_w * _nt.rsqrt(bn_rv + bn_eps)
    fused_w = linear_w * bn_scale.unsqueeze(-1).to(dtype=linear_weight_dtype)
    fused_b = ((linear_b - bn_rm) * bn_scale + bn_b).to(dtype=linear_bias_dtype)
    return Parameter(fused_w, linear_w.requires_grad), Parameter(fused_b, linear_b.requires_grad)
