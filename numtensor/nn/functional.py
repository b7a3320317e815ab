"""``nn.functional``: layers and activations as functions, built from public Tensor ops."""

from __future__ import annotations

import math

import numtensor as _nt

from .._dtype import type_name
from .._tensor_base import Tensor
from ..ops.conv import adaptive_avg_pool2d, avg_pool2d, conv1d, conv2d, max_pool2d
from ..ops.folding import conv_transpose1d, conv_transpose2d, fold, unfold
from . import (
    _activations,
    _conv3d,
    _ctc,
    _distances,
    _dropouts,
    _embedding_bag,
    _grid_sampling,
    _margin_losses,
    _normalization,
    _pooling,
    _pooling3d,
    _resampling,
    _shuffle,
    _unpooling,
)
from ._activations import *  # noqa: F403 - the rest of the activations
from ._conv3d import *  # noqa: F403
from ._ctc import *  # noqa: F403
from ._distances import *  # noqa: F403
from ._dropouts import *  # noqa: F403
from ._embedding_bag import *  # noqa: F403
from ._grid_sampling import *  # noqa: F403
from ._losses import (
    binary_cross_entropy,
    binary_cross_entropy_with_logits,
    cross_entropy,
    huber_loss,
    l1_loss,
    mse_loss,
    nll_loss,
    smooth_l1_loss,
)
from ._margin_losses import *  # noqa: F403
from ._normalization import *  # noqa: F403
from ._pooling import *  # noqa: F403
from ._pooling3d import *  # noqa: F403
from ._resampling import *  # noqa: F403
from ._shuffle import *  # noqa: F403
from ._unpooling import *  # noqa: F403

__all__ = [
    "scaled_dot_product_attention",
    "conv_transpose1d",
    "conv_transpose2d",
    "fold",
    "unfold",
    *_conv3d.__all__,
    *_pooling3d.__all__,
    *_shuffle.__all__,
    *_unpooling.__all__,
    *_activations.__all__,
    *_ctc.__all__,
    *_embedding_bag.__all__,
    *_grid_sampling.__all__,
    *_distances.__all__,
    *_dropouts.__all__,
    *_margin_losses.__all__,
    *_normalization.__all__,
    *_pooling.__all__,
    *_resampling.__all__,
    "adaptive_avg_pool2d",
    "avg_pool2d",
    "batch_norm",
    "bilinear",
    "binary_cross_entropy",
    "binary_cross_entropy_with_logits",
    "conv1d",
    "conv2d",
    "cross_entropy",
    "dropout",
    "elu",
    "embedding",
    "gelu",
    "huber_loss",
    "l1_loss",
    "layer_norm",
    "leaky_relu",
    "linear",
    "log_softmax",
    "max_pool2d",
    "mse_loss",
    "nll_loss",
    "normalize",
    "one_hot",
    "pad",
    "relu",
    "sigmoid",
    "silu",
    "smooth_l1_loss",
    "softmax",
    "softplus",
    "tanh",
]


def batch_norm(
    input,
    running_mean,
    running_var,
    weight=None,
    bias=None,
    training: bool = False,
    momentum: float = 0.1,
    eps: float = 1e-5,
):
    """Normalise per channel (dim 1) with batch statistics or the running ones."""
    reduce = (0,) + tuple(range(2, input.ndim))
    shape = [1, input.shape[1]] + [1] * (input.ndim - 2)
    if training:
        mean, var = input.mean(reduce), input.var(reduce, unbiased=False)
        if running_mean is not None:
            n = input.numel() // input.shape[1]
            with _nt.no_grad():
                running_mean.mul_(1 - momentum).add_(mean.detach() * momentum)
                running_var.mul_(1 - momentum).add_(var.detach() * (n / max(n - 1, 1)) * momentum)
    else:
        mean, var = running_mean, running_var
    out = (input - mean.reshape(shape)) / (var.reshape(shape) + eps).sqrt()
    if weight is not None:
        out = out * weight.reshape(shape)
    if bias is not None:
        out = out + bias.reshape(shape)
    return out


def linear(input: Tensor, weight: Tensor, bias: Tensor | None = None) -> Tensor:
    """``input @ weight.T + bias``: one ``addmm`` over the rows of ``input`` (its leading dims
    folded into one, as PyTorch does)."""
    if bias is not None and weight.ndim == 2 and input.ndim >= 1:
        if input.ndim == 2:
            return _nt.addmm(bias, input, weight.t())
        rows = input.reshape(-1, input.shape[-1])
        return _nt.addmm(bias, rows, weight.t()).view(*input.shape[:-1], weight.shape[0])
    out = input.matmul(weight.t())
    return out if bias is None else out + bias


def bilinear(input1: Tensor, input2: Tensor, weight: Tensor, bias=None) -> Tensor:
    """``y_k = x1 @ W_k @ x2 + b_k`` for each output feature k (weight is [K, I, J])."""
    left = input1.unsqueeze(-2).unsqueeze(-3) @ weight  # [..., K, 1, J]
    out = (left @ input2.unsqueeze(-2).unsqueeze(-1)).squeeze(-1).squeeze(-1)
    return out if bias is None else out + bias


def _float_input(x: Tensor, kernel: str) -> None:
    """PyTorch implements these activations for floating dtypes only."""
    if not x.dtype.is_floating_point:
        raise NotImplementedError(f"\"{kernel}\" not implemented for '{type_name(x.dtype)}'")


def relu(input: Tensor, inplace: bool = False) -> Tensor:
    return input.relu_() if inplace else input.relu()


def _activation(input: Tensor, kernel: str, compute) -> Tensor:
    """``compute(input)`` for a floating input; float16 is computed in float32 and rounded
    once at the end, as PyTorch's kernels do (not at every step of the formula)."""
    _float_input(input, kernel)
    if input.dtype in (_nt.float16, _nt.bfloat16):
        return compute(input.float()).to(input.dtype)
    return compute(input)


def leaky_relu(input: Tensor, negative_slope: float = 0.01, inplace: bool = False):
    out = _activation(input, "leaky_relu_cpu", lambda x: _nt.where(x > 0, x, x * negative_slope))
    return input.copy_(out) if inplace else out


def elu(input: Tensor, alpha: float = 1.0, inplace: bool = False) -> Tensor:
    out = _activation(
        input, "elu_cpu", lambda x: _nt.where(x > 0, x, (x.clamp(max=0).exp() - 1) * alpha)
    )
    return input.copy_(out) if inplace else out


def gelu(input: Tensor, approximate: str = "none") -> Tensor:
    """x * Phi(x); ``approximate='tanh'`` uses PyTorch's tanh formula."""
    if approximate not in ("none", "tanh"):
        raise RuntimeError(f"approximate argument must be either none or tanh, got {approximate}")

    def compute(x):
        if approximate == "tanh":
            inner = math.sqrt(2.0 / math.pi) * (x + 0.044715 * x**3)
            return 0.5 * x * (1 + inner.tanh())
        return x * 0.5 * (1 + (x * (1 / math.sqrt(2.0))).erf())

    return _activation(input, "GeluKernelImpl", compute)


def silu(input: Tensor, inplace: bool = False) -> Tensor:
    out = _activation(input, "silu_cpu", lambda x: x * x.sigmoid())
    return input.copy_(out) if inplace else out


def sigmoid(input: Tensor) -> Tensor:
    return input.sigmoid()


def tanh(input: Tensor) -> Tensor:
    return input.tanh()


def softplus(input: Tensor, beta: float = 1.0, threshold: float = 20.0) -> Tensor:
    """``log(1 + exp(beta x)) / beta``, linear above ``threshold`` (as PyTorch)."""

    def compute(x):
        scaled = x * beta
        soft = (scaled.clamp(max=threshold).exp().log1p()) / beta
        return _nt.where(scaled > threshold, x, soft)

    return _activation(input, "softplus_cpu", compute)


def softmax(input: Tensor, dim: int | None = None, dtype=None) -> Tensor:
    return input.softmax(_default_dim(input, dim), dtype=dtype)


def log_softmax(input: Tensor, dim: int | None = None, dtype=None) -> Tensor:
    return input.log_softmax(_default_dim(input, dim), dtype=dtype)


def _default_dim(x: Tensor, dim):
    if dim is not None:
        return dim
    return 0 if x.ndim in (0, 1, 3) else 1  # PyTorch's legacy implicit choice


def dropout(input: Tensor, p: float = 0.5, training: bool = True, inplace: bool = False) -> Tensor:
    """Zero each element with probability ``p`` and scale the rest by 1/(1-p)."""
    if p < 0 or p > 1:
        raise ValueError(f"dropout probability has to be between 0 and 1, but got {p}")
    if not training or p == 0:
        return input
    if p == 1:
        return input * 0
    keep = input.new_empty(input.shape).bernoulli_(1 - p)
    out = input * keep * (1.0 / (1 - p))
    return input.copy_(out) if inplace else out


def one_hot(tensor: Tensor, num_classes: int = -1) -> Tensor:
    """int64 one-hot rows for class indices (num_classes inferred as max + 1)."""
    if tensor.dtype is not _nt.int64:
        raise RuntimeError("one_hot is only applicable to index tensor of type LongTensor.")
    if num_classes == -1:
        num_classes = int(tensor.max().item()) + 1 if tensor.numel() else 0
    if tensor.numel() and (tensor.min().item() < 0 or tensor.max().item() >= num_classes):
        raise RuntimeError("Class values must be smaller than num_classes.")
    out = _nt.zeros(*tensor.shape, num_classes, dtype=_nt.int64, device=tensor.device)
    return out.scatter_(-1, tensor.unsqueeze(-1), 1)


def pad(input: Tensor, pad: tuple, mode: str = "constant", value: float = 0.0):
    """Padding: ``pad`` lists (left, right) amounts from the last dim backwards; 'constant'
    (``value``), 'reflect', 'replicate' or 'circular'."""
    if mode in ("reflect", "replicate", "circular"):
        return _resampling.pad_mode(input, tuple(pad), mode)
    if mode != "constant":
        raise NotImplementedError(f"Unrecognised padding mode {mode}")
    if len(pad) % 2 or len(pad) // 2 > input.ndim:
        raise RuntimeError("Padding length must be divisible by 2 and at most twice the dims")
    out = input
    for i in range(len(pad) // 2):
        dim = input.ndim - 1 - i
        left, right = pad[2 * i], pad[2 * i + 1]
        if left < 0:
            out = out.narrow(dim, -left, out.shape[dim] + left)
            left = 0
        if right < 0:
            out = out.narrow(dim, 0, out.shape[dim] + right)
            right = 0
        pieces = []
        if left:
            shape = list(out.shape)
            shape[dim] = left
            pieces.append(out.new_full(shape, value))
        pieces.append(out)
        if right:
            shape = list(out.shape)
            shape[dim] = right
            pieces.append(out.new_full(shape, value))
        out = _nt.cat(pieces, dim) if len(pieces) > 1 else out
    return out


def normalize(input: Tensor, p: float = 2.0, dim: int = 1, eps: float = 1e-12) -> Tensor:
    """Divide by the p-norm along ``dim`` (at least ``eps``)."""
    norm = input.norm(p, dim, keepdim=True).clamp(min=eps)
    return input / norm


def layer_norm(
    input: Tensor, normalized_shape, weight=None, bias=None, eps: float = 1e-5
) -> Tensor:
    dims = tuple(range(-len(tuple(normalized_shape)), 0))
    mean = input.mean(dims, keepdim=True)
    var = ((input - mean) ** 2).mean(dims, keepdim=True)
    out = (input - mean) / (var + eps).sqrt()
    if weight is not None:
        out = out * weight
    if bias is not None:
        out = out + bias
    return out


def embedding(input: Tensor, weight: Tensor, padding_idx=None) -> Tensor:
    """Rows of ``weight`` at the indices in ``input``."""
    if input.dtype.is_floating_point:
        raise RuntimeError(
            "Expected tensor for argument #1 'indices' to have one of the "
            "following scalar types: Long, Int; but got FloatTensor instead"
        )
    flat = input.reshape(-1)
    rows = weight.index_select(0, flat)
    if padding_idx is not None:
        # the padding row is looked up like any other but never receives a gradient
        keep = (flat != padding_idx).unsqueeze(1)
        rows = _nt.where(keep, rows, rows.detach())
    return rows.reshape(*input.shape, weight.shape[1])


def scaled_dot_product_attention(query, key, value, attn_mask=None, dropout_p: float = 0.0,
                                 is_causal: bool = False, scale=None,
                                 enable_gqa: bool = False):  # fmt: skip
    """softmax(Q K^T * scale + mask) V (a bool mask keeps where True)."""
    from .modules.attention import scaled_dot_product_attention as attend

    return attend(query, key, value, attn_mask, dropout_p, is_causal, scale, enable_gqa)
