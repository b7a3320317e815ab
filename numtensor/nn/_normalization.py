"""group_norm, instance_norm, local_response_norm and rms_norm, composed of Tensor ops."""

from __future__ import annotations

import numtensor as _nt

from ..autograd.function import name_node


def _channel_shape(x, c):
    return [1, c] + [1] * (x.ndim - 2)


def group_norm(input, num_groups: int, weight=None, bias=None, eps: float = 1e-5):
    r"""Applies group normalisation: the channels are split in ``num_groups`` groups, each
    normalised by its own mean and biased variance per sample, then the affine map per channel.

    See :class:`~numtensor.nn.GroupNorm` for details.

    Args:
        input (Tensor): :math:`(N, C, *)`.
        num_groups (int): divides C.
        weight, bias (Tensor, optional): per-channel, :math:`(C)`.
        eps (float): Default: 1e-5.

    Returns:
        Tensor: the input's shape.

    Example::

        >>> import numtensor.nn.functional as F
        >>> F.group_norm(torch.tensor([[1., 3., 10., 20.]]), 2)
        tensor([[-1.0000,  1.0000, -1.0000,  1.0000]])
    """
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
    return name_node(out, "NativeGroupNormBackward0")


def instance_norm(input, running_mean=None, running_var=None, weight=None, bias=None,
                  use_input_stats: bool = True, momentum: float = 0.1,
                  eps: float = 1e-5):  # fmt: skip
    r"""Applies instance normalisation: each channel of each sample normalised by its own
    statistics (or the running ones when ``use_input_stats`` is ``False``).

    See :class:`~numtensor.nn.InstanceNorm1d` for details.

    Args:
        input (Tensor): :math:`(N, C, *)`.
        running_mean, running_var (Tensor, optional): updated when given and ``use_input_stats``.
        weight, bias (Tensor, optional): per channel.
        use_input_stats (bool): Default: ``True``.
        momentum (float): Default: 0.1.
        eps (float): Default: 1e-5.

    Returns:
        Tensor: the input's shape.

    Example::

        >>> import numtensor.nn.functional as F
        >>> F.instance_norm(torch.tensor([[[1., 3.], [2., 6.]]]))
        tensor([[[-1.0000,  1.0000],
                 [-1.0000,  1.0000]]])
    """
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
    r"""Applies local response normalisation across channels:
    ``b_c = a_c / (k + alpha / n * sum_{c' near c} a_{c'}^2)^beta``, ``n = size`` neighbouring
    channels.

    See :class:`~numtensor.nn.LocalResponseNorm` for details.

    Args:
        input (Tensor): :math:`(N, C, *)`.
        size (int): the number of neighbouring channels.
        alpha (float): Default: 1e-4.
        beta (float): Default: 0.75.
        k (float): Default: 1.

    Returns:
        Tensor: the input's shape.

    Example::

        >>> import numtensor.nn.functional as F
        >>> F.local_response_norm(torch.ones(1, 3, 1), 2, alpha=1.0, beta=1.0)
        tensor([[[0.6667],
                 [0.5000],
                 [0.5000]]])
    """
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
    r"""Applies root-mean-square normalisation over the trailing ``normalized_shape`` dims:
    ``x / sqrt(mean(x^2) + eps) * weight``.

    See :class:`~numtensor.nn.RMSNorm` for details.

    Args:
        input (Tensor): :math:`(*, normalized\_shape)`.
        normalized_shape (list or tuple of ints): the trailing dims.
        weight (Tensor, optional): elementwise scale.
        eps (float, optional): Default: the dtype's ``finfo().eps``.

    Returns:
        Tensor: the input's shape.

    Example::

        >>> import numtensor.nn.functional as F
        >>> F.rms_norm(torch.tensor([[3., 4.]]), (2,))
        tensor([[0.8485, 1.1314]])
    """
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
