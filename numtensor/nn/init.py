r"""``nn.init``: functions that fill a tensor in place with an initialisation (uniform,
normal, constant, Xavier/Glorot, Kaiming/He, orthogonal, Dirac, ...), with PyTorch's
formulas for the fans and gains; they run without recording gradients.
"""

from __future__ import annotations

import math

import numtensor as _nt

from .._dtype import float64
from .._tensor_base import Tensor
from ..autograd.grad_mode import no_grad

_GAINS = {
    "linear": 1.0,
    "conv1d": 1.0,
    "conv2d": 1.0,
    "conv3d": 1.0,
    "sigmoid": 1.0,
    "conv_transpose1d": 1.0,
    "conv_transpose2d": 1.0,
    "conv_transpose3d": 1.0,
    "tanh": 5.0 / 3,
    "relu": math.sqrt(2.0),
    "selu": 3.0 / 4,
}


def calculate_gain(nonlinearity: str, param=None) -> float:
    r"""Returns the recommended gain for a nonlinearity: 1 for linear, conv and sigmoid, 5/3
    for tanh, sqrt(2) for relu, sqrt(2 / (1 + slope^2)) for leaky_relu and 3/4 for selu.

    Args:
        nonlinearity (str): the function's name (``'linear'``, ``'conv1d'``, ..., ``'sigmoid'``,
            ``'tanh'``, ``'relu'``, ``'leaky_relu'``, ``'selu'``).
        param (float, optional): leaky_relu's negative slope. Default: 0.01.

    Example::

        >>> torch.nn.init.calculate_gain("tanh")
        1.6666666666666667
        >>> torch.nn.init.calculate_gain("leaky_relu", 0.2)
        1.3867504905630728
    """
    if nonlinearity == "leaky_relu":
        slope = 0.01 if param is None else param
        return math.sqrt(2.0 / (1 + slope**2))
    if nonlinearity not in _GAINS:
        raise ValueError(f"Unsupported nonlinearity {nonlinearity}")
    return _GAINS[nonlinearity]


def _calculate_fan_in_and_fan_out(tensor: Tensor) -> tuple:
    if tensor.dim() < 2:
        raise ValueError(
            "Fan in and fan out can not be computed for tensor with fewer than 2 dimensions"
        )
    receptive = 1
    for s in tensor.shape[2:]:
        receptive *= s
    return tensor.shape[1] * receptive, tensor.shape[0] * receptive


def _fan(tensor: Tensor, mode: str) -> int:
    fan_in, fan_out = _calculate_fan_in_and_fan_out(tensor)
    if mode not in ("fan_in", "fan_out"):
        raise ValueError(f"Mode {mode} not supported, please use one of fan_in, fan_out")
    return fan_in if mode == "fan_in" else fan_out


def uniform_(tensor: Tensor, a: float = 0.0, b: float = 1.0, generator=None) -> Tensor:
    r"""Fills ``tensor`` with values drawn from the uniform distribution U(a, b).

    Args:
        tensor (Tensor): the tensor to fill (in place, without recording gradients).
        a (float): the lower bound. Default: 0.
        b (float): the upper bound. Default: 1.
        generator (Generator, optional): the generator to draw from.

    Returns:
        Tensor: ``tensor`` itself.

    Example::

        >>> w = torch.empty(3, 5)
        >>> _ = torch.nn.init.uniform_(w, -0.1, 0.1)
        >>> bool(w.abs().max() <= 0.1)
        True
    """
    with no_grad():
        return tensor.uniform_(a, b, generator=generator)


def normal_(tensor: Tensor, mean: float = 0.0, std: float = 1.0, generator=None) -> Tensor:
    r"""Fills ``tensor`` with values drawn from the normal distribution N(mean, std^2).

    Args:
        tensor (Tensor): the tensor to fill (in place, without recording gradients).
        mean (float): Default: 0.
        std (float): Default: 1.
        generator (Generator, optional): the generator to draw from.

    Returns:
        Tensor: ``tensor`` itself.

    Example::

        >>> w = torch.nn.init.normal_(torch.empty(1000), mean=2.0, std=0.5)
        >>> round(w.mean().item(), 1)
        2.0
    """
    with no_grad():
        return tensor.normal_(mean, std, generator=generator)


def constant_(tensor: Tensor, val: float) -> Tensor:
    r"""Fills ``tensor`` with the value ``val``.

    Args:
        tensor (Tensor): the tensor to fill (in place, without recording gradients).
        val (float): the value.

    Returns:
        Tensor: ``tensor`` itself.

    Example::

        >>> torch.nn.init.constant_(torch.empty(2, 3), 0.3)
        tensor([[0.3000, 0.3000, 0.3000],
                [0.3000, 0.3000, 0.3000]])
    """
    with no_grad():
        return tensor.fill_(val)


def zeros_(tensor: Tensor) -> Tensor:
    r"""Fills ``tensor`` with zeros.

    Args:
        tensor (Tensor): the tensor to fill (in place, without recording gradients).

    Returns:
        Tensor: ``tensor`` itself.

    Example::

        >>> torch.nn.init.zeros_(torch.empty(2, 2))
        tensor([[0., 0.],
                [0., 0.]])
    """
    return constant_(tensor, 0.0)


def ones_(tensor: Tensor) -> Tensor:
    r"""Fills ``tensor`` with ones.

    Args:
        tensor (Tensor): the tensor to fill (in place, without recording gradients).

    Returns:
        Tensor: ``tensor`` itself.

    Example::

        >>> torch.nn.init.ones_(torch.empty(2, 2))
        tensor([[1., 1.],
                [1., 1.]])
    """
    return constant_(tensor, 1.0)


def eye_(tensor: Tensor) -> Tensor:
    r"""Fills a 2-D ``tensor`` with the identity matrix (ones on the diagonal, zeros elsewhere).

    Args:
        tensor (Tensor): the tensor to fill (in place, without recording gradients).

    Returns:
        Tensor: ``tensor`` itself.

    Example::

        >>> torch.nn.init.eye_(torch.empty(2, 3))
        tensor([[1., 0., 0.],
                [0., 1., 0.]])
    """
    if tensor.ndim != 2:
        raise ValueError("Only tensors with 2 dimensions are supported")
    from ..ops.creation import eye

    with no_grad():
        return tensor.copy_(eye(*tensor.shape, dtype=tensor.dtype))


def xavier_uniform_(tensor: Tensor, gain: float = 1.0, generator=None) -> Tensor:
    r"""Fills ``tensor`` with Glorot/Xavier uniform values: U(-a, a) with
    ``a = gain * sqrt(6 / (fan_in + fan_out))``.

    Args:
        tensor (Tensor): the tensor to fill (in place, without recording gradients).
        gain (float): a scaling factor. Default: 1.
        generator (Generator, optional): the generator to draw from.

    Returns:
        Tensor: ``tensor`` itself.

    Example::

        >>> gain = torch.nn.init.calculate_gain('relu')
        >>> w = torch.nn.init.xavier_uniform_(torch.empty(3, 5), gain=gain)
        >>> bool(w.abs().max() <= (2 ** 0.5) * (6 / 8) ** 0.5)
        True
    """
    fan_in, fan_out = _calculate_fan_in_and_fan_out(tensor)
    a = gain * math.sqrt(6.0 / float(fan_in + fan_out))
    return uniform_(tensor, -a, a, generator)


def xavier_normal_(tensor: Tensor, gain: float = 1.0, generator=None) -> Tensor:
    r"""Fills ``tensor`` with Glorot/Xavier normal values: N(0, std^2) with
    ``std = gain * sqrt(2 / (fan_in + fan_out))``.

    Args:
        tensor (Tensor): the tensor to fill (in place, without recording gradients).
        gain (float): a scaling factor. Default: 1.
        generator (Generator, optional): the generator to draw from.

    Returns:
        Tensor: ``tensor`` itself.

    Example::

        >>> torch.nn.init.xavier_normal_(torch.empty(3, 5)).shape
        numtensor.Size([3, 5])
    """
    fan_in, fan_out = _calculate_fan_in_and_fan_out(tensor)
    return normal_(tensor, 0.0, gain * math.sqrt(2.0 / float(fan_in + fan_out)), generator)


def kaiming_uniform_(
    tensor: Tensor,
    a: float = 0,
    mode: str = "fan_in",
    nonlinearity: str = "leaky_relu",
    generator=None,
) -> Tensor:
    r"""Fills ``tensor`` with Kaiming/He uniform values: U(-bound, bound) with
    ``bound = gain * sqrt(3 / fan_mode)``.

    Args:
        tensor (Tensor): the tensor to fill (in place, without recording gradients).
        a (float): the negative slope of the rectifier after this layer (leaky_relu). Default: 0.
        mode (str): ``'fan_in'`` (keeps the forward pass's variance) or ``'fan_out'`` (the
            backward pass's). Default: ``'fan_in'``.
        nonlinearity (str): ``'relu'`` or ``'leaky_relu'`` (recommended). Default: ``'leaky_relu'``.
        generator (Generator, optional): the generator to draw from.

    Returns:
        Tensor: ``tensor`` itself.

    Example::

        >>> w = torch.nn.init.kaiming_uniform_(torch.empty(3, 6), nonlinearity='relu')
        >>> bool(w.abs().max() <= 1.0)
        True
    """
    gain = calculate_gain(nonlinearity, a)
    bound = math.sqrt(3.0) * gain / math.sqrt(_fan(tensor, mode))
    return uniform_(tensor, -bound, bound, generator)


def kaiming_normal_(
    tensor: Tensor,
    a: float = 0,
    mode: str = "fan_in",
    nonlinearity: str = "leaky_relu",
    generator=None,
) -> Tensor:
    r"""Fills ``tensor`` with Kaiming/He normal values: N(0, std^2) with
    ``std = gain / sqrt(fan_mode)``.

    Args:
        tensor (Tensor): the tensor to fill (in place, without recording gradients).
        a (float): the negative slope of the rectifier after this layer (leaky_relu). Default: 0.
        mode (str): ``'fan_in'`` (keeps the forward pass's variance) or ``'fan_out'`` (the
            backward pass's). Default: ``'fan_in'``.
        nonlinearity (str): ``'relu'`` or ``'leaky_relu'`` (recommended). Default: ``'leaky_relu'``.
        generator (Generator, optional): the generator to draw from.

    Returns:
        Tensor: ``tensor`` itself.

    Example::

        >>> w = torch.nn.init.kaiming_normal_(torch.empty(3, 5), mode='fan_out')
        >>> w.shape
        numtensor.Size([3, 5])
    """
    gain = calculate_gain(nonlinearity, a)
    return normal_(tensor, 0.0, gain / math.sqrt(_fan(tensor, mode)), generator)


def trunc_normal_(
    tensor: Tensor,
    mean: float = 0.0,
    std: float = 1.0,
    a: float = -2.0,
    b: float = 2.0,
    generator=None,
) -> Tensor:
    r"""Fills ``tensor`` with values from a truncated normal distribution: N(mean, std^2)
    draws redrawn until they fall in [a, b].

    Args:
        tensor (Tensor): the tensor to fill (in place, without recording gradients).
        mean (float): Default: 0.
        std (float): Default: 1.
        a (float): the minimum. Default: -2.
        b (float): the maximum. Default: 2.
        generator (Generator, optional): the generator to draw from.

    Returns:
        Tensor: ``tensor`` itself.

    Example::

        >>> w = torch.nn.init.trunc_normal_(torch.empty(100), std=1.0, a=-0.5, b=0.5)
        >>> bool(w.min() >= -0.5 and w.max() <= 0.5)
        True
    """
    from ..ops.random_distributions import normal

    n = tensor.numel()
    with no_grad():
        values = tensor.new_empty((n,), dtype=float64)
        filled = 0
        while filled < n:
            draw = normal(
                mean, std, (n - filled,), generator=generator, dtype=float64, device=tensor.device
            )
            draw = draw[(draw >= a) & (draw <= b)]
            values[filled : filled + draw.numel()] = draw
            filled += draw.numel()
        tensor.copy_(values.reshape(tensor.shape))
    return tensor


def orthogonal_(tensor: Tensor, gain: float = 1.0, generator=None) -> Tensor:
    r"""Fills ``tensor`` with a (semi-)orthogonal matrix (the first dim against the rest
    flattened), times ``gain``: the orthogonal factor of a normal random matrix.

    Args:
        tensor (Tensor): the tensor to fill (in place, without recording gradients).
        gain (float): a scaling factor. Default: 1.
        generator (Generator, optional): the generator to draw from.

    Returns:
        Tensor: ``tensor`` itself.

    Example::

        >>> w = torch.nn.init.orthogonal_(torch.empty(3, 5))
        >>> torch.allclose(w @ w.T, torch.eye(3), atol=1e-5)
        True
    """
    if tensor.ndim < 2:
        raise ValueError("Only tensors with 2 or more dimensions are supported")
    if tensor.numel() == 0:
        return tensor
    rows = tensor.shape[0]
    cols = tensor.numel() // rows
    with no_grad():
        flat = _nt.empty(rows, cols, dtype=_nt.float64).normal_(0, 1, generator=generator)
        if rows < cols:
            flat = flat.t()
        u, _, vh = _nt.linalg.svd(flat, full_matrices=False)
        q = u @ vh
        if rows < cols:
            q = q.t()
        tensor.copy_((q * gain).reshape(tensor.shape))
    return tensor


def dirac_(tensor: Tensor, groups: int = 1) -> Tensor:
    r"""Fills a 3-, 4- or 5-D ``tensor`` with the Dirac delta: a convolution with it preserves
    its input's channels (1 at each kernel's centre where output channel == input channel,
    within each group).

    Args:
        tensor (Tensor): the tensor to fill (in place, without recording gradients).
        groups (int): the number of groups of the convolution. Default: 1.

    Returns:
        Tensor: ``tensor`` itself.

    Example::

        >>> w = torch.nn.init.dirac_(torch.empty(2, 2, 3))
        >>> w[:, :, 1]
        tensor([[1., 0.],
                [0., 1.]])
        >>> x = torch.randn(1, 2, 5)
        >>> torch.allclose(torch.nn.functional.conv1d(x, w, padding=1), x)
        True
    """
    if tensor.ndim not in (3, 4, 5):
        raise ValueError("Only tensors with 3, 4, or 5 dimensions are supported")
    out_per_group = tensor.shape[0] // groups
    if tensor.shape[0] % groups:
        raise ValueError("dim 0 must be divisible by groups")
    with no_grad():
        tensor.zero_()
        centre = tuple(s // 2 for s in tensor.shape[2:])
        for g in range(groups):
            for d in range(min(out_per_group, tensor.shape[1])):
                tensor[(g * out_per_group + d, d, *centre)] = 1
    return tensor


def sparse_(tensor: Tensor, sparsity: float, std: float = 0.01, generator=None) -> Tensor:
    r"""Fills a 2-D ``tensor`` as a sparse matrix: N(0, std^2) values, then in each column
    ``ceil(sparsity * rows)`` entries, at random rows, set to zero.

    Args:
        tensor (Tensor): the tensor to fill (in place, without recording gradients).
        sparsity (float): the fraction of each column set to zero.
        std (float): Default: 0.01.
        generator (Generator, optional): the generator to draw from.

    Returns:
        Tensor: ``tensor`` itself.

    Example::

        >>> w = torch.nn.init.sparse_(torch.empty(4, 3), sparsity=0.5)
        >>> (w == 0).sum(dim=0)
        tensor([2, 2, 2])
    """
    if tensor.ndimension() != 2:
        raise ValueError("Only tensors with 2 dimensions are supported")
    rows, cols = tensor.shape
    num_zeros = math.ceil(sparsity * rows)
    with no_grad():
        tensor.normal_(0, std, generator=generator)
        # an independent random permutation of the rows per column: the ranks of uniform keys
        keys = tensor.new_empty((rows, cols), dtype=float64).uniform_(generator=generator)
        ranks = keys.argsort(0).argsort(0)
        tensor.masked_fill_(ranks < num_zeros, 0)
    return tensor


def default_layer_init_(weight: Tensor, bias: Tensor | None) -> None:
    """PyTorch's default for Linear and Conv layers: kaiming_uniform_(a=sqrt(5)) weights and
    a uniform bias in +-1/sqrt(fan_in)."""
    kaiming_uniform_(weight, a=math.sqrt(5))
    if bias is not None:
        fan_in, _ = _calculate_fan_in_and_fan_out(weight)
        bound = 1 / math.sqrt(fan_in) if fan_in > 0 else 0
        uniform_(bias, -bound, bound)
