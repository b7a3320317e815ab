"""The rest of PyTorch's activations as functions, composed of Tensor ops (their gradients
follow, with PyTorch's at the kinks: hardtanh passes none at its bounds)."""

from __future__ import annotations

import numtensor as _nt

from .._tensor_base import Tensor
from ..autograd.function import name_node

SELU_ALPHA = 1.6732632423543772848170429916717
SELU_SCALE = 1.0507009873554804934193349852946


def _written(
    input: Tensor, out: Tensor, inplace: bool, name: str, inplace_name: str | None = None
) -> Tensor:
    """``out``, or ``input`` overwritten with it, its node shown under PyTorch's name for the
    op (``inplace_name`` for the in-place form where PyTorch's differs, ``EluBackward1``)."""
    if not inplace:
        return name_node(out, name)
    before = input.grad_fn
    input.copy_(out)
    # (nothing recorded, e.g. under no_grad: the input's own node keeps its name)
    return input if input.grad_fn is before else name_node(input, inplace_name or name)


def _source(input: Tensor, inplace: bool) -> Tensor:
    """What an activation computes from: for an in-place one that autograd records, a copy
    of ``input`` (overwritten afterwards, it must not be a tensor its gradient reads)."""
    return input.clone() if inplace and input.requires_grad and _nt.is_grad_enabled() else input


def hardtanh(input, min_val: float = -1.0, max_val: float = 1.0, inplace: bool = False):
    r"""Applies the hard tanh elementwise: ``x`` clamped to ``[min_val, max_val]``.

    See :class:`~numtensor.nn.Hardtanh`.

    Args:
        input (Tensor): the input tensor.
        min_val (float): the lower end of the linear region. Default: -1.
        max_val (float): the upper end. Default: 1.
        inplace (bool): do the operation in place. Default: ``False``.

    Example::

        >>> import numtensor.nn.functional as F
        >>> F.hardtanh(torch.tensor([-2.0, -0.5, 0.0, 1.0, 2.0]), -1.0, 2.0)
        tensor([-1.0000, -0.5000,  0.0000,  1.0000,  2.0000])
    """
    if min_val > max_val:
        raise ValueError("min_val cannot be greater than max_val")
    clamped = input.clamp(min_val, max_val)
    out = _nt.where((input > min_val) & (input < max_val), input, clamped.detach())
    return _written(input, out, inplace, "HardtanhBackward0")


def hardtanh_(input, min_val: float = -1.0, max_val: float = 1.0):
    r"""In-place version of :func:`~numtensor.nn.functional.hardtanh`."""
    return hardtanh(input, min_val, max_val, inplace=True)


def relu6(input, inplace: bool = False):
    r"""Applies ``ReLU6(x) = min(max(0, x), 6)`` elementwise.

    See :class:`~numtensor.nn.ReLU6`.

    Args:
        input (Tensor): the input tensor.
        inplace (bool): do the operation in place. Default: ``False``.

    Example::

        >>> import numtensor.nn.functional as F
        >>> F.relu6(torch.tensor([-2.0, -0.5, 0.0, 1.0, 2.0]))
        tensor([0., 0., 0., 1., 2.])
    """
    return hardtanh(input, 0.0, 6.0, inplace)


def hardsigmoid(input, inplace: bool = False):
    r"""Applies the hard sigmoid elementwise: 0 if ``x <= -3``, 1 if ``x >= 3``, else
    ``x / 6 + 1 / 2``.

    See :class:`~numtensor.nn.Hardsigmoid`.

    Args:
        input (Tensor): the input tensor.
        inplace (bool): do the operation in place. Default: ``False``.

    Example::

        >>> import numtensor.nn.functional as F
        >>> F.hardsigmoid(torch.tensor([-2.0, -0.5, 0.0, 1.0, 2.0]))
        tensor([0.1667, 0.4167, 0.5000, 0.6667, 0.8333])
    """
    x = _source(input, inplace)
    inner = x / 6 + 0.5
    out = _nt.where((x > -3) & (x < 3), inner, (x >= 3).to(inner.dtype))
    return _written(input, out, inplace, "HardsigmoidBackward0")


def hardswish(input, inplace: bool = False):
    r"""Applies the hard swish elementwise: ``x * Hardsigmoid(x)`` (0 if ``x <= -3``, ``x`` if
    ``x >= 3``, else ``x (x + 3) / 6``).

    See :class:`~numtensor.nn.Hardswish`.

    Args:
        input (Tensor): the input tensor.
        inplace (bool): do the operation in place. Default: ``False``.

    Example::

        >>> import numtensor.nn.functional as F
        >>> F.hardswish(torch.tensor([-2.0, -0.5, 0.0, 1.0, 2.0]))
        tensor([-0.3333, -0.2083,  0.0000,  0.6667,  1.6667])
    """
    x = _source(input, inplace)
    return _written(input, x * hardsigmoid(x), inplace, "HardswishBackward0")


def selu(input, inplace: bool = False):
    r"""Applies the scaled exponential linear unit elementwise:
    ``scale * (max(0, x) + min(0, alpha * (exp(x) - 1)))`` with ``alpha = 1.6732632423543772``
    and ``scale = 1.0507009873554805``.

    See :class:`~numtensor.nn.SELU`.

    Args:
        input (Tensor): the input tensor.
        inplace (bool): do the operation in place. Default: ``False``.

    Example::

        >>> import numtensor.nn.functional as F
        >>> F.selu(torch.tensor([-2.0, -0.5, 0.0, 1.0, 2.0]))
        tensor([-1.5202, -0.6918,  0.0000,  1.0507,  2.1014])
    """
    x = _source(input, inplace)
    out = SELU_SCALE * _nt.where(x > 0, x, SELU_ALPHA * (x.clamp(max=0).exp() - 1))
    return _written(input, out, inplace, "EluBackward0", "EluBackward1")


def selu_(input):
    r"""In-place version of :func:`~numtensor.nn.functional.selu`."""
    return selu(input, inplace=True)


def celu(input, alpha: float = 1.0, inplace: bool = False):
    r"""Applies ``CELU(x) = max(0, x) + min(0, alpha * (exp(x / alpha) - 1))`` elementwise.

    See :class:`~numtensor.nn.CELU`.

    Args:
        input (Tensor): the input tensor.
        alpha (float): Default: 1.0.
        inplace (bool): do the operation in place. Default: ``False``.

    Example::

        >>> import numtensor.nn.functional as F
        >>> F.celu(torch.tensor([-2.0, -0.5, 0.0, 1.0, 2.0]))
        tensor([-0.8647, -0.3935,  0.0000,  1.0000,  2.0000])
    """
    if alpha == 0:
        raise RuntimeError("ZeroDivisionError")
    x = _source(input, inplace)
    negative = alpha * ((x.clamp(max=0) / alpha).exp() - 1)
    out = _nt.where(x > 0, x, negative)
    return _written(input, out, inplace, "CeluBackward0", "CeluBackward1")


def celu_(input, alpha: float = 1.0):
    r"""In-place version of :func:`~numtensor.nn.functional.celu`."""
    return celu(input, alpha, inplace=True)


def mish(input, inplace: bool = False):
    r"""Applies the Mish function elementwise: ``Mish(x) = x * tanh(Softplus(x))``.

    See :class:`~numtensor.nn.Mish`.

    Args:
        input (Tensor): the input tensor.

    Example::

        >>> import numtensor.nn.functional as F
        >>> F.mish(torch.tensor([-2.0, -0.5, 0.0, 1.0, 2.0]))
        tensor([-0.2525, -0.2207,  0.0000,  0.8651,  1.9440])
    """
    from .functional import softplus

    x = _source(input, inplace)
    return _written(input, x * softplus(x).tanh(), inplace, "MishBackward0")


def logsigmoid(input):
    r"""Applies ``LogSigmoid(x) = log(1 / (1 + exp(-x)))`` elementwise (computed without
    overflow).

    See :class:`~numtensor.nn.LogSigmoid`.

    Args:
        input (Tensor): the input tensor.

    Example::

        >>> import numtensor.nn.functional as F
        >>> F.logsigmoid(torch.tensor([-2.0, -0.5, 0.0, 1.0, 2.0]))
        tensor([-2.1269, -0.9741, -0.6931, -0.3133, -0.1269])
    """
    return name_node(input.clamp(max=0) - (-input.abs()).exp().log1p(), "LogSigmoidBackward0")


def softsign(input):
    r"""Applies ``Softsign(x) = x / (1 + |x|)`` elementwise.

    See :class:`~numtensor.nn.Softsign`.

    Args:
        input (Tensor): the input tensor.

    Example::

        >>> import numtensor.nn.functional as F
        >>> F.softsign(torch.tensor([-2.0, -0.5, 0.0, 1.0, 2.0]))
        tensor([-0.6667, -0.3333,  0.0000,  0.5000,  0.6667])
    """
    return input / (1 + input.abs())


def tanhshrink(input):
    r"""Applies ``Tanhshrink(x) = x - tanh(x)`` elementwise.

    See :class:`~numtensor.nn.Tanhshrink`.

    Args:
        input (Tensor): the input tensor.

    Example::

        >>> import numtensor.nn.functional as F
        >>> F.tanhshrink(torch.tensor([-2.0, -0.5, 0.0, 1.0, 2.0]))
        tensor([-1.0360, -0.0379,  0.0000,  0.2384,  1.0360])
    """
    return input - input.tanh()


def softmin(input, dim=None, _stacklevel: int = 3, dtype=None):
    r"""Applies the softmin function along ``dim``: ``Softmin(x_i) = exp(-x_i) / sum_j exp(-x_j)``,
    so that the slice sums to 1.

    See :class:`~numtensor.nn.Softmin`.

    Args:
        input (Tensor): the input tensor.
        dim (int): the dimension along which softmin is computed.
        dtype (:class:`numtensor.dtype`, optional): cast the input to it first.

    Example::

        >>> import numtensor.nn.functional as F
        >>> F.softmin(torch.tensor([[1., 2.], [3., 4.]]), dim=0)
        tensor([[0.8808, 0.8808],
                [0.1192, 0.1192]])
    """
    from .functional import _default_dim

    return (-input).softmax(_default_dim(input, dim), dtype=dtype)


def glu(input, dim: int = -1):
    r"""Applies the gated linear unit: the input is split in halves ``a``, ``b`` along ``dim`` and
    ``GLU(a, b) = a * sigmoid(b)``.

    See :class:`~numtensor.nn.GLU`.

    Args:
        input (Tensor): the input tensor.
        dim (int): the dimension to split (its size must be even). Default: -1.

    Example::

        >>> import numtensor.nn.functional as F
        >>> F.glu(torch.tensor([[1., 2., 0., 1.]]))
        tensor([[0.5000, 1.4621]])
    """
    if input.ndim == 0:
        raise RuntimeError("glu does not support scalars because halving size must be even")
    size = input.shape[dim]
    if size % 2:
        raise RuntimeError(
            f"Halving dimension must be even, but dimension {dim % input.ndim} is size {size}"
        )
    a, b = input.chunk(2, dim)
    return name_node(a * b.sigmoid(), "GluBackward0")


def prelu(input, weight):
    r"""Applies ``max(0, x) + weight * min(0, x)`` elementwise; ``weight`` is one slope, or one
    per channel (dim 1).

    See :class:`~numtensor.nn.PReLU` for details.

    Args:
        input (Tensor): the input.
        weight (Tensor): the slopes, one element or :math:`(C)`.

    Returns:
        Tensor: the input's shape.

    Example::

        >>> import numtensor.nn.functional as F
        >>> F.prelu(torch.tensor([-2., 1.]), torch.tensor([0.25]))
        tensor([-0.5000,  1.0000])
    """
    return _nt.prelu(input, weight)


def rrelu(input, lower: float = 1.0 / 8, upper: float = 1.0 / 3, training: bool = False,
          inplace: bool = False):  # fmt: skip
    r"""Applies the randomized leaky ReLU elementwise: ``x`` if ``x >= 0``, else ``a * x`` with
    ``a`` drawn from U(lower, upper) per element in training, and ``(lower + upper) / 2``
    in evaluation.

    See :class:`~numtensor.nn.RReLU`.

    Args:
        input (Tensor): the input tensor.
        lower (float): lower bound of the uniform distribution. Default: 1/8.
        upper (float): upper bound. Default: 1/3.
        training (bool): draw random slopes (training) or use their mean. Default: ``False``.
        inplace (bool): do the operation in place. Default: ``False``.

    Example::

        >>> import numtensor.nn.functional as F
        >>> F.rrelu(torch.tensor([-2.0, -0.5, 0.0, 1.0, 2.0]), training=False)
        tensor([-0.4583, -0.1146,  0.0000,  1.0000,  2.0000])
    """
    if training:
        slope = _nt.empty(input.shape, dtype=input.dtype, device=input.device).uniform_(
            lower, upper
        )
    else:
        slope = (lower + upper) / 2
    x = _source(input, inplace)
    out = _nt.where(x >= 0, x, x * slope)
    return _written(input, out, inplace, "RreluWithNoiseBackward0", "RreluWithNoiseBackward1")


def rrelu_(input, lower: float = 1.0 / 8, upper: float = 1.0 / 3, training: bool = False):
    r"""In-place version of :func:`~numtensor.nn.functional.rrelu`."""
    return rrelu(input, lower, upper, training, inplace=True)


def threshold(input, threshold: float, value: float, inplace: bool = False):
    r"""Thresholds each element: ``x`` if ``x > threshold``, else ``value``.

    See :class:`~numtensor.nn.Threshold`.

    Args:
        input (Tensor): the input tensor.
        threshold (float): the value to threshold at.
        value (float): the value to replace with.
        inplace (bool): do the operation in place. Default: ``False``.

    Example::

        >>> import numtensor.nn.functional as F
        >>> F.threshold(torch.tensor([-2.0, -0.5, 0.0, 1.0, 2.0]), 0.1, 20.0)
        tensor([20., 20., 20.,  1.,  2.])
    """
    out = _nt.where(
        input > threshold, input, _nt.full((), value, dtype=input.dtype, device=input.device)
    )
    return _written(input, out, inplace, "ThresholdBackward0", "ThresholdBackward1")


def threshold_(input, threshold_value: float, value: float):
    r"""In-place version of :func:`~numtensor.nn.functional.threshold`."""
    return threshold(input, threshold_value, value, inplace=True)


def softshrink(input, lambd: float = 0.5):
    r"""Applies the soft shrinkage elementwise: ``x - lambd`` if ``x > lambd``, ``x + lambd`` if
    ``x < -lambd``, else 0.

    See :class:`~numtensor.nn.Softshrink`.

    Args:
        input (Tensor): the input tensor.
        lambd (float): the shrinkage threshold, >= 0. Default: 0.5.

    Example::

        >>> import numtensor.nn.functional as F
        >>> F.softshrink(torch.tensor([-2.0, -0.5, 0.0, 1.0, 2.0]))
        tensor([-1.5000, -0.0000,  0.0000,  0.5000,  1.5000])
    """
    if lambd < 0:
        raise RuntimeError(f"lambda must be greater or equal to 0, but found to be {lambd}.")
    inner = _nt.where(input < -lambd, input + lambd, input * 0)  # (-0.0 below zero, as PyTorch)
    return name_node(_nt.where(input > lambd, input - lambd, inner), "SoftshrinkBackward0")


def hardshrink(input, lambd: float = 0.5):
    r"""Applies the hard shrinkage elementwise: ``x`` if ``|x| > lambd``, else 0.

    See :class:`~numtensor.nn.Hardshrink`.

    Args:
        input (Tensor): the input tensor.
        lambd (float): the threshold. Default: 0.5.

    Example::

        >>> import numtensor.nn.functional as F
        >>> F.hardshrink(torch.tensor([-2.0, -0.5, 0.0, 1.0, 2.0]))
        tensor([-2.,  0.,  0.,  1.,  2.])
    """
    return _nt.hardshrink(input, lambd)


def relu_(input):
    r"""In-place version of :func:`~numtensor.nn.functional.relu`."""
    return input.relu_()


def elu_(input, alpha: float = 1.0):
    r"""In-place version of :func:`~numtensor.nn.functional.elu`."""
    from .functional import elu

    return elu(input, alpha, inplace=True)


def leaky_relu_(input, negative_slope: float = 0.01):
    r"""In-place version of :func:`~numtensor.nn.functional.leaky_relu`."""
    from .functional import leaky_relu

    return leaky_relu(input, negative_slope, inplace=True)


def gumbel_softmax(logits, tau: float = 1, hard: bool = False, eps: float = 1e-10,
                   dim: int = -1):  # fmt: skip
    r"""Samples from the Gumbel-Softmax distribution: ``softmax((logits + g) / tau)`` along
    ``dim``, ``g`` Gumbel(0, 1) noise; with ``hard=True`` the one-hot of the maximum is returned,
    with the soft sample's gradient (straight-through).

    Args:
        logits (Tensor): unnormalised log-probabilities.
        tau (float): the temperature. Default: 1.
        hard (bool): return one-hot samples. Default: ``False``.
        eps (float): unused (deprecated). Default: 1e-10.
        dim (int): Default: -1.

    Returns:
        Tensor: the shape of ``logits``.

    Example::

        >>> import numtensor.nn.functional as F
        >>> y = F.gumbel_softmax(torch.zeros(2, 3), hard=True)
        >>> y.sum(dim=-1)
        tensor([1., 1.])
        >>> F.gumbel_softmax(torch.zeros(2, 3), tau=0.5).shape
        numtensor.Size([2, 3])
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
