"""``nn.functional``: layers and activations as functions, built from public Tensor ops."""

from __future__ import annotations

import math

import numtensor as _nt

from .._dtype import type_name
from .._tensor_base import Tensor
from ..autograd.function import name_node
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
    r"""Applies batch normalisation over the channel dim (dim 1):
    ``(x - mean) / sqrt(var + eps) * weight + bias``, with the batch's statistics when
    ``training`` (updating ``running_mean``/``running_var`` in place with ``momentum``), else
    the running ones.

    See :class:`~numtensor.nn.BatchNorm1d` for details.

    Args:
        input (Tensor): :math:`(N, C, *)`.
        running_mean, running_var (Tensor or None): per-channel running statistics, shape ``(C,)``.
        weight, bias (Tensor, optional): per-channel affine parameters.
        training (bool): use (and update) batch statistics. Default: ``False``.
        momentum (float): the running statistics' update factor. Default: 0.1.
        eps (float): added to the variance. Default: 1e-5.

    Returns:
        Tensor: the input's shape.

    Example::

        >>> import numtensor.nn.functional as F
        >>> x = torch.tensor([[1., 2.], [3., 6.]])
        >>> F.batch_norm(x, torch.zeros(2), torch.ones(2), training=True)
        tensor([[-1.0000, -1.0000],
                [ 1.0000,  1.0000]])
        >>> F.batch_norm(x, torch.tensor([1., 2.]), torch.tensor([4., 4.]))
        tensor([[0.0000, 0.0000],
                [1.0000, 2.0000]])
    """
    reduce = (0,) + tuple(range(2, input.ndim))
    shape = [1, input.shape[1]] + [1] * (input.ndim - 2)
    if training and input.numel() == input.shape[1]:
        raise ValueError(
            "Expected more than 1 value per channel when training, got input size "
            f"torch.Size({list(input.shape)})"
        )
    if input.numel() == 0:  # (nothing to normalise: the running statistics stay as they are)
        out = input.clone()  # (in the graph of weight and bias, as PyTorch's)
        out = out if weight is None else out * weight[0]
        return out if bias is None else out + bias[0]
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
    return name_node(out, "NativeBatchNormBackward0")


def linear(input: Tensor, weight: Tensor, bias: Tensor | None = None) -> Tensor:
    r"""Applies the affine map ``y = x A^T + b`` to the last dim of ``input``.

    See :class:`~numtensor.nn.Linear` for details.

    Args:
        input (Tensor): :math:`(*, in\_features)`.
        weight (Tensor): :math:`(out\_features, in\_features)` (or 1-d).
        bias (Tensor, optional): :math:`(out\_features)`.

    Returns:
        Tensor: :math:`(*, out\_features)`.

    Example::

        >>> import numtensor.nn.functional as F
        >>> x, w = torch.tensor([[1., 2.]]), torch.tensor([[1., 1.], [0., 2.]])
        >>> F.linear(x, w, torch.tensor([0.5, 0.]))
        tensor([[3.5000, 4.0000]])
    """
    if bias is not None and weight.ndim == 2 and input.ndim >= 1:
        if input.ndim == 2:
            return _nt.addmm(bias, input, weight.t())
        rows = input.reshape(-1, input.shape[-1])
        return _nt.addmm(bias, rows, weight.t()).view(*input.shape[:-1], weight.shape[0])
    out = input.matmul(weight.t())
    return out if bias is None else out + bias


def bilinear(input1: Tensor, input2: Tensor, weight: Tensor, bias=None) -> Tensor:
    r"""Applies ``y_k = x1^T A_k x2 + b_k`` for each output feature ``k``.

    See :class:`~numtensor.nn.Bilinear` for details.

    Args:
        input1 (Tensor): :math:`(*, in1)`.
        input2 (Tensor): :math:`(*, in2)`.
        weight (Tensor): :math:`(out, in1, in2)`.
        bias (Tensor, optional): :math:`(out)`.

    Returns:
        Tensor: :math:`(*, out)`.

    Example::

        >>> import numtensor.nn.functional as F
        >>> F.bilinear(torch.tensor([[1., 2.]]), torch.tensor([[3., 4.]]), torch.ones(1, 2, 2))
        tensor([[21.]])
    """
    left = input1.unsqueeze(-2).unsqueeze(-3) @ weight  # [..., K, 1, J]
    out = (left @ input2.unsqueeze(-2).unsqueeze(-1)).squeeze(-1).squeeze(-1)
    return out if bias is None else out + bias


def _float_input(x: Tensor, kernel: str) -> None:
    """PyTorch implements these activations for floating dtypes only."""
    if not x.dtype.is_floating_point:
        raise NotImplementedError(f"\"{kernel}\" not implemented for '{type_name(x.dtype)}'")


def relu(input: Tensor, inplace: bool = False) -> Tensor:
    r"""Applies the rectified linear unit elementwise: ``ReLU(x) = max(0, x)``.

    See :class:`~numtensor.nn.ReLU`.

    Args:
        input (Tensor): the input tensor.
        inplace (bool): do the operation in place. Default: ``False``.

    Example::

        >>> import numtensor.nn.functional as F
        >>> F.relu(torch.tensor([-2.0, -0.5, 0.0, 1.0, 2.0]))
        tensor([0., 0., 0., 1., 2.])
    """
    return input.relu_() if inplace else input.relu()


def _activation(input: Tensor, kernel: str, compute) -> Tensor:
    """``compute(input)`` for a floating input; float16 is computed in float32 and rounded
    once at the end, as PyTorch's kernels do (not at every step of the formula)."""
    _float_input(input, kernel)
    if input.dtype in (_nt.float16, _nt.bfloat16):
        return compute(input.float()).to(input.dtype)
    return compute(input)


def leaky_relu(input: Tensor, negative_slope: float = 0.01, inplace: bool = False):
    r"""Applies ``LeakyReLU(x) = max(0, x) + negative_slope * min(0, x)`` elementwise.

    See :class:`~numtensor.nn.LeakyReLU`.

    Args:
        input (Tensor): the input tensor.
        negative_slope (float): the slope for negative inputs. Default: 0.01.
        inplace (bool): do the operation in place. Default: ``False``.

    Example::

        >>> import numtensor.nn.functional as F
        >>> F.leaky_relu(torch.tensor([-2.0, -0.5, 0.0, 1.0, 2.0]), 0.1)
        tensor([-0.2000, -0.0500,  0.0000,  1.0000,  2.0000])
    """
    source = _activations._source(input, inplace)
    out = _activation(source, "leaky_relu_cpu", lambda x: _nt.where(x > 0, x, x * negative_slope))
    return _activations._written(input, out, inplace, "LeakyReluBackward0", "LeakyReluBackward1")


def elu(input: Tensor, alpha: float = 1.0, inplace: bool = False) -> Tensor:
    r"""Applies the exponential linear unit elementwise: ``x`` if ``x > 0``, else
    ``alpha * (exp(x) - 1)``.

    See :class:`~numtensor.nn.ELU`.

    Args:
        input (Tensor): the input tensor.
        alpha (float): the value the output tends to for large negative inputs. Default: 1.0.
        inplace (bool): do the operation in place. Default: ``False``.

    Example::

        >>> import numtensor.nn.functional as F
        >>> F.elu(torch.tensor([-2.0, -0.5, 0.0, 1.0, 2.0]))
        tensor([-0.8647, -0.3935,  0.0000,  1.0000,  2.0000])
    """
    out = _activation(
        _activations._source(input, inplace),
        "elu_cpu",
        lambda x: _nt.where(x > 0, x, (x.clamp(max=0).exp() - 1) * alpha),
    )
    return _activations._written(input, out, inplace, "EluBackward0", "EluBackward1")


def gelu(input: Tensor, approximate: str = "none") -> Tensor:
    r"""Applies the Gaussian error linear unit elementwise: ``GELU(x) = x * Phi(x)``, Phi the
    standard normal CDF; with ``approximate='tanh'``,
    ``0.5 x (1 + tanh(sqrt(2 / pi) (x + 0.044715 x^3)))``.

    See :class:`~numtensor.nn.GELU`.

    Args:
        input (Tensor): the input tensor.
        approximate (str): ``'none'`` or ``'tanh'``. Default: ``'none'``.

    Example::

        >>> import numtensor.nn.functional as F
        >>> F.gelu(torch.tensor([-2.0, -0.5, 0.0, 1.0, 2.0]))
        tensor([-0.0455, -0.1543,  0.0000,  0.8413,  1.9545])
    """
    if approximate not in ("none", "tanh"):
        raise RuntimeError(f"approximate argument must be either none or tanh, got {approximate}")

    def compute(x):
        if approximate == "tanh":
            inner = math.sqrt(2.0 / math.pi) * (x + 0.044715 * x**3)
            return 0.5 * x * (1 + inner.tanh())
        return x * 0.5 * (1 + (x * (1 / math.sqrt(2.0))).erf())

    return name_node(_activation(input, "GeluKernelImpl", compute), "GeluBackward0")


def silu(input: Tensor, inplace: bool = False) -> Tensor:
    r"""Applies the sigmoid linear unit (swish) elementwise: ``SiLU(x) = x * sigmoid(x)``.

    See :class:`~numtensor.nn.SiLU`.

    Args:
        input (Tensor): the input tensor.
        inplace (bool): do the operation in place. Default: ``False``.

    Example::

        >>> import numtensor.nn.functional as F
        >>> F.silu(torch.tensor([-2.0, -0.5, 0.0, 1.0, 2.0]))
        tensor([-0.2384, -0.1888,  0.0000,  0.7311,  1.7616])
    """
    out = _activation(_activations._source(input, inplace), "silu_cpu", lambda x: x * x.sigmoid())
    return _activations._written(input, out, inplace, "SiluBackward0")


def sigmoid(input: Tensor) -> Tensor:
    r"""Applies ``Sigmoid(x) = 1 / (1 + exp(-x))`` elementwise.

    See :class:`~numtensor.nn.Sigmoid`.

    Args:
        input (Tensor): the input tensor.

    Example::

        >>> import numtensor.nn.functional as F
        >>> F.sigmoid(torch.tensor([-2.0, -0.5, 0.0, 1.0, 2.0]))
        tensor([0.1192, 0.3775, 0.5000, 0.7311, 0.8808])
    """
    return input.sigmoid()


def tanh(input: Tensor) -> Tensor:
    r"""Applies the hyperbolic tangent elementwise:
    ``tanh(x) = (exp(x) - exp(-x)) / (exp(x) + exp(-x))``.

    See :class:`~numtensor.nn.Tanh`.

    Args:
        input (Tensor): the input tensor.

    Example::

        >>> import numtensor.nn.functional as F
        >>> F.tanh(torch.tensor([-2.0, -0.5, 0.0, 1.0, 2.0]))
        tensor([-0.9640, -0.4621,  0.0000,  0.7616,  0.9640])
    """
    return input.tanh()


def softplus(input: Tensor, beta: float = 1.0, threshold: float = 20.0) -> Tensor:
    r"""Applies ``Softplus(x) = log(1 + exp(beta * x)) / beta`` elementwise, a smooth
    approximation of ReLU; where ``beta * x > threshold`` it is ``x`` (for stability).

    See :class:`~numtensor.nn.Softplus`.

    Args:
        input (Tensor): the input tensor.
        beta (float): the sharpness. Default: 1.0.
        threshold (float): above it the function is linear. Default: 20.

    Example::

        >>> import numtensor.nn.functional as F
        >>> F.softplus(torch.tensor([-2.0, -0.5, 0.0, 1.0, 2.0]))
        tensor([0.1269, 0.4741, 0.6931, 1.3133, 2.1269])
    """

    def compute(x):
        scaled = x * beta
        soft = (scaled.clamp(max=threshold).exp().log1p()) / beta
        return _nt.where(scaled > threshold, x, soft)

    return name_node(_activation(input, "softplus_cpu", compute), "SoftplusBackward0")


def softmax(input: Tensor, dim: int | None = None, dtype=None) -> Tensor:
    r"""Applies softmax along ``dim``: ``softmax(x_i) = exp(x_i) / sum_j exp(x_j)``; each slice
    along ``dim`` is non-negative and sums to 1.

    See :class:`~numtensor.nn.Softmax` for details.

    Args:
        input (Tensor): the input.
        dim (int): the dimension softmax is computed along (give it: without it, PyTorch's
        legacy choice applies, with a warning in PyTorch).
        dtype (:class:`numtensor.dtype`, optional): cast the input to it first.

    Returns:
        Tensor: the input's shape.

    Example::

        >>> import numtensor.nn.functional as F
        >>> F.softmax(torch.tensor([1., 2., 3.]), dim=0)
        tensor([0.0900, 0.2447, 0.6652])
        >>> F.softmax(torch.tensor([[0., 0.], [0., 10.]]), dim=1)
        tensor([[5.0000e-01, 5.0000e-01],
                [4.5398e-05, 9.9995e-01]])
    """
    return input.softmax(_default_dim(input, dim), dtype=dtype)


def log_softmax(input: Tensor, dim: int | None = None, dtype=None) -> Tensor:
    r"""Applies ``log(softmax(x))`` along ``dim``, computed stably as ``x - logsumexp(x)``.

    See :class:`~numtensor.nn.LogSoftmax` for details.

    Args:
        input (Tensor): the input.
        dim (int): the dimension it is computed along.
        dtype (:class:`numtensor.dtype`, optional): cast the input to it first.

    Returns:
        Tensor: the input's shape.

    Example::

        >>> import numtensor.nn.functional as F
        >>> F.log_softmax(torch.tensor([1., 2., 3.]), dim=0)
        tensor([-2.4076, -1.4076, -0.4076])
    """
    return input.log_softmax(_default_dim(input, dim), dtype=dtype)


def _default_dim(x: Tensor, dim):
    if dim is not None:
        return dim
    return 0 if x.ndim in (0, 1, 3) else 1  # PyTorch's legacy implicit choice


def dropout(input: Tensor, p: float = 0.5, training: bool = True, inplace: bool = False) -> Tensor:
    r"""During training, zeroes each element with probability ``p`` and scales the rest by
    ``1 / (1 - p)``; returns the input when ``training`` is ``False``.

    See :class:`~numtensor.nn.Dropout` for details.

    Args:
        input (Tensor): the input.
        p (float): probability of an element to be zeroed. Default: 0.5.
        training (bool): apply dropout. Default: ``True``.
        inplace (bool): do it in place. Default: ``False``.

    Returns:
        Tensor: the input's shape.

    Example::

        >>> import numtensor.nn.functional as F
        >>> F.dropout(torch.ones(4), p=0.5, training=False)
        tensor([1., 1., 1., 1.])
        >>> F.dropout(torch.ones(2, 3), p=0.5).shape
        numtensor.Size([2, 3])
    """
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
    r"""Returns an int64 tensor whose last dim has a 1 at the index given by each value of
    ``tensor`` and 0 elsewhere.

    Args:
        tensor (LongTensor): class indices, any shape.
        num_classes (int): the number of classes; -1 takes ``tensor.max() + 1``. Default: -1.

    Returns:
        LongTensor: shape ``(*tensor.shape, num_classes)``.

    Example::

        >>> import numtensor.nn.functional as F
        >>> F.one_hot(torch.tensor([0, 2, 1]))
        tensor([[1, 0, 0],
                [0, 0, 1],
                [0, 1, 0]])
        >>> F.one_hot(torch.tensor([1]), num_classes=4)
        tensor([[0, 1, 0, 0]])
    """
    if tensor.dtype is not _nt.int64:
        raise RuntimeError("one_hot is only applicable to index tensor of type LongTensor.")
    if num_classes == -1:
        num_classes = int(tensor.max().item()) + 1 if tensor.numel() else 0
    if tensor.numel() and (tensor.min().item() < 0 or tensor.max().item() >= num_classes):
        raise RuntimeError("Class values must be smaller than num_classes.")
    out = _nt.zeros(*tensor.shape, num_classes, dtype=_nt.int64, device=tensor.device)
    return out.scatter_(-1, tensor.unsqueeze(-1), 1)


def pad(input: Tensor, pad: tuple, mode: str = "constant", value: float = 0.0):
    r"""Pads ``input``. ``pad`` lists (left, right) amounts starting from the LAST dim:
    ``(left, right)`` pads the last dim, ``(left, right, top, bottom)`` the last two, and so on.
    Negative amounts crop.

    Args:
        input (Tensor): the input.
        pad (tuple of ints): the padding amounts, an even number of them.
        mode (str): ``'constant'``, ``'reflect'``, ``'replicate'`` or ``'circular'``. Default:
            ``'constant'``.
        value (float): the fill value of ``'constant'`` padding. Default: 0.

    Returns:
        Tensor: the padded tensor.

    Example::

        >>> import numtensor.nn.functional as F
        >>> x = torch.tensor([[[1., 2., 3.]]])
        >>> F.pad(x, (1, 2))
        tensor([[[0., 1., 2., 3., 0., 0.]]])
        >>> F.pad(x, (2, 1), mode="reflect")
        tensor([[[3., 2., 1., 2., 3., 2.]]])
        >>> F.pad(torch.ones(1, 2, 2), (1, 1, 1, 1)).shape
        numtensor.Size([1, 4, 4])
    """
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
    if not any(p > 0 for p in pad):  # (nothing added, only cropped: a copy, as PyTorch's)
        out = out.clone()
    return name_node(out, "ConstantPadNdBackward0")


def normalize(input: Tensor, p: float = 2.0, dim: int = 1, eps: float = 1e-12) -> Tensor:
    r"""Divides ``input`` by its ``p``-norm along ``dim``: ``v / max(||v||_p, eps)``.

    Args:
        input (Tensor): the input.
        p (float): the norm degree. Default: 2.
        dim (int): the dimension to normalise. Default: 1.
        eps (float): a lower bound of the divisor. Default: 1e-12.

    Returns:
        Tensor: the input's shape.

    Example::

        >>> import numtensor.nn.functional as F
        >>> F.normalize(torch.tensor([[3., 4.], [1., 0.]]))
        tensor([[0.6000, 0.8000],
                [1.0000, 0.0000]])
        >>> F.normalize(torch.tensor([[3., 4.]]), p=1)
        tensor([[0.4286, 0.5714]])
    """
    norm = input.norm(p, dim, keepdim=True).clamp(min=eps)
    return input / norm


def layer_norm(
    input: Tensor, normalized_shape, weight=None, bias=None, eps: float = 1e-5
) -> Tensor:
    r"""Applies layer normalisation over the trailing ``normalized_shape`` dims:
    ``(x - mean) / sqrt(var + eps) * weight + bias`` (biased variance).

    See :class:`~numtensor.nn.LayerNorm` for details.

    Args:
        input (Tensor): :math:`(*, normalized\_shape)`.
        normalized_shape (list or tuple of ints): the trailing dims.
        weight, bias (Tensor, optional): elementwise affine parameters of shape
            ``normalized_shape``.
        eps (float): Default: 1e-5.

    Returns:
        Tensor: the input's shape.

    Example::

        >>> import numtensor.nn.functional as F
        >>> F.layer_norm(torch.tensor([[1., 3.], [2., 6.]]), (2,))
        tensor([[-1.0000,  1.0000],
                [-1.0000,  1.0000]])
    """
    dims = tuple(range(-len(tuple(normalized_shape)), 0))
    mean = input.mean(dims, keepdim=True)
    var = ((input - mean) ** 2).mean(dims, keepdim=True)
    out = (input - mean) / (var + eps).sqrt()
    if weight is not None:
        out = out * weight
    if bias is not None:
        out = out + bias
    out = out.contiguous()  # (row-major whatever the input's layout, as PyTorch's)
    return name_node(out, "NativeLayerNormBackward0")


def scaled_dot_product_attention(query, key, value, attn_mask=None, dropout_p: float = 0.0,
                                 is_causal: bool = False, scale=None,
                                 enable_gqa: bool = False):  # fmt: skip
    r"""Computes attention ``softmax(Q K^T * scale + mask) V`` over the last two dims, with
    ``scale = 1 / sqrt(E)`` by default.

    ``attn_mask`` is boolean (``True`` = may attend) or added to the scores; ``is_causal``
    masks the future (upper triangle). Dropout with ``dropout_p`` is applied to the weights.

    Args:
        query (Tensor): :math:`(N, ..., L, E)`.
        key (Tensor): :math:`(N, ..., S, E)`.
        value (Tensor): :math:`(N, ..., S, E_v)`.
        attn_mask (Tensor, optional): broadcastable to :math:`(N, ..., L, S)`.
        dropout_p (float): Default: 0.
        is_causal (bool): apply a causal mask. Default: ``False``.
        scale (float, optional): the score scale.
        enable_gqa (bool): allow fewer key/value heads than query heads (grouped-query attention).

    Returns:
        Tensor: :math:`(N, ..., L, E_v)`.

    Example::

        >>> import numtensor.nn.functional as F
        >>> q = k = torch.tensor([[[1., 0.], [0., 1.]]])
        >>> v = torch.tensor([[[1., 2.], [3., 4.]]])
        >>> F.scaled_dot_product_attention(q, k, v, is_causal=True)
        tensor([[[1.0000, 2.0000],
                 [2.3395, 3.3395]]])
        >>> q, k, v = torch.randn(2, 4, 5, 8), torch.randn(2, 4, 6, 8), torch.randn(2, 4, 6, 3)
        >>> F.scaled_dot_product_attention(q, k, v).shape
        numtensor.Size([2, 4, 5, 3])
    """
    from .modules.attention import scaled_dot_product_attention as attend

    return attend(query, key, value, attn_mask, dropout_p, is_causal, scale, enable_gqa)
