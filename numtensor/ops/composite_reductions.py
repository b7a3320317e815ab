"""The composite reductions, written with the ops they are made of, with their gradients:
norm (from norms.py), logsumexp, softmax and log_softmax.
"""

from __future__ import annotations

import math

from .._dtype import HALVES
from .._tensor_base import Tensor, wrap_dim
from .._typing import DTypeLike
from ..autograd.function import Function
from .norms import norm, norm_method
from .out_variants import CAST, Out
from .reductions_api import amax, sum
from .registry import op


def _float_only(x: Tensor, name: str, error=RuntimeError) -> None:
    if not x.dtype.is_floating_point:
        from .._dtype import type_name

        if error is NotImplementedError:
            raise NotImplementedError(f"\"{name}\" not implemented for '{type_name(x.dtype)}'")
        raise RuntimeError(
            f"{name}(): input dtype should be either floating point or complex. "
            f"Got {type_name(x.dtype)} instead."
        )


# (the norms live in norms.py; ``norm`` is declared here with the other composite reductions)
op("norm", method=norm_method)(norm)


class Logsumexp(Function):
    """``log(sum(exp(x)))`` computed stably by factoring out the maximum."""

    node_name = "LogsumexpBackward0"

    def forward(self, x, dim, keepdim):
        from .reduce import reduce_dims

        if 0 in [x.shape[d] for d in reduce_dims(x, dim)]:  # the log of an empty sum
            y = sum(x, dim, keepdim=True).fill_(-math.inf)
        else:
            m = amax(x, dim, keepdim=True)
            m = m.masked_fill(m.isinf(), 0.0)
            y = sum((x - m).exp(), dim, keepdim=True).log() + m
        self.dim, self.keepdim = dim, keepdim
        y = y if keepdim else _squeeze_all(y, dim)
        self.save_for_backward(x, y)
        return y

    def vjp(self, g):
        from .reduce import _grad_to_input, reduce_dims

        x, y = self.saved
        dims = reduce_dims(x, self.dim)
        yk = _grad_to_input(y, x, dims, self.keepdim)
        return _grad_to_input(g, x, dims, self.keepdim) * (x - yk).exp(), None, None


@op("logsumexp", out=Out(dtype=CAST))
def logsumexp(input, dim, keepdim=False):
    r"""Returns the log of the summed exponentials of ``input`` along ``dim``.

    .. math:: \text{logsumexp}(x)_i = \log \sum_j \exp(x_{ij})

    Computed stably by factoring out the maximum, so large inputs do not overflow. Integer
    inputs give the default float dtype; an empty reduction gives ``-inf``. Also
    ``x.logsumexp(dim)`` and ``numtensor.special.logsumexp``.

    Args:
        input (Tensor): the input tensor.
        dim (int or tuple of ints): the dimension(s) to reduce.
        keepdim (bool): whether the output keeps the reduced dims with size 1.

    Keyword args:
        out (Tensor, optional): the output tensor.

    Example::

        >>> torch.logsumexp(torch.tensor([[0., 1.], [1000., 1000.]]), dim=1)
        tensor([   1.3133, 1000.6932])
    """
    x = input if input.dtype.is_floating_point else input.float()
    return Logsumexp.apply(x, dim, keepdim)


def _squeeze_all(t: Tensor, dims) -> Tensor:
    from .reduce import reduce_dims

    for d in sorted(reduce_dims(t, dims), reverse=True):
        t = t.squeeze(d)
    return t


class Softmax(Function):
    """``exp(x) / sum(exp(x))`` along ``dim``, stable for large inputs."""

    node_name = "SoftmaxBackward0"

    def forward(self, x, dim):
        wide = x.float() if x.dtype in HALVES else x  # (16-bit floats: rounded once)
        e = (wide - amax(wide, dim, keepdim=True)).exp()
        y = (e / sum(e, dim, keepdim=True)).to(x.dtype).contiguous()  # (row-major, as PyTorch)
        self.dim = dim
        self.save_for_backward(y)
        return y

    def vjp(self, g):
        (y,) = self.saved
        return y * (g - sum(g * y, self.dim, keepdim=True)), None


@op("softmax")
def softmax(input: Tensor, dim: int, dtype: DTypeLike = None) -> Tensor:
    r"""Applies the softmax function along ``dim``: the slices become probabilities.

    .. math:: \text{softmax}(x)_i = \frac{\exp(x_i)}{\sum_j \exp(x_j)}

    Computed stably (the maximum is subtracted first). ``input`` must be floating point
    (or ``dtype`` given). Also ``x.softmax(dim)``, ``numtensor.special.softmax`` and
    :func:`numtensor.nn.functional.softmax`.

    Args:
        input (Tensor): the input tensor.
        dim (int): the dimension along which the values sum to 1.
        dtype (:class:`numtensor.dtype`, optional): the dtype to cast ``input`` to first.

    Returns:
        Tensor: of ``input``'s shape, with values in [0, 1].

    Example::

        >>> torch.softmax(torch.tensor([[1., 2., 3.], [1., 1., 1.]]), dim=1)
        tensor([[0.0900, 0.2447, 0.6652],
                [0.3333, 0.3333, 0.3333]])
    """
    x = input if dtype is None else input.to(dtype)
    if x.numel() == 0:  # (empty: no kernel runs, so no dtype is refused)
        wrap_dim(dim, x.ndim)
        return x.clone()
    _float_only(x, "softmax_lastdim_kernel_impl", NotImplementedError)
    return Softmax.apply(x, dim)


class LogSoftmax(Function):
    """``x - logsumexp(x)`` along ``dim``."""

    node_name = "LogSoftmaxBackward0"

    def forward(self, x, dim):
        wide = x.float() if x.dtype in HALVES else x  # (16-bit floats: rounded once)
        shifted = wide - amax(wide, dim, keepdim=True)
        y = (shifted - sum(shifted.exp(), dim, keepdim=True).log()).to(x.dtype).contiguous()
        self.dim = dim
        self.save_for_backward(y)
        return y

    def vjp(self, g):
        (y,) = self.saved
        return g - y.exp() * sum(g, self.dim, keepdim=True), None


@op("log_softmax")
def log_softmax(input: Tensor, dim: int, dtype: DTypeLike = None) -> Tensor:
    r"""Applies the logarithm of the softmax along ``dim``, computed stably in one step.

    .. math:: \text{log\_softmax}(x)_i = x_i - \log \sum_j \exp(x_j)

    ``input`` must be floating point (or ``dtype`` given). Also ``x.log_softmax(dim)``,
    ``numtensor.special.log_softmax`` and :func:`numtensor.nn.functional.log_softmax`.

    Args:
        input (Tensor): the input tensor.
        dim (int): the dimension along which log-softmax is computed.
        dtype (:class:`numtensor.dtype`, optional): the dtype to cast ``input`` to first.

    Example::

        >>> torch.log_softmax(torch.tensor([1., 2., 3.]), dim=0)
        tensor([-2.4076, -1.4076, -0.4076])
    """
    x = input if dtype is None else input.to(dtype)
    if x.numel() == 0:
        wrap_dim(dim, x.ndim)
        return x.clone()
    _float_only(x, "log_softmax_lastdim_kernel_impl", NotImplementedError)
    return LogSoftmax.apply(x, dim)
