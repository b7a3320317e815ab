"""The composite reductions, written with the ops they are made of, with their gradients:
norm, logsumexp, softmax and log_softmax.
"""

from __future__ import annotations

import math

from .._dtype import HALVES
from .._tensor_base import Tensor, wrap_dim
from .._typing import DTypeLike
from ..autograd.function import Function
from .reductions_api import amax, amin, sum
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


class Norm(Function):
    """Vector norms; the gradient is the norm's subgradient (0 where the norm is 0)."""

    node_name = "LinalgVectorNormBackward0"

    def forward(self, x, p, dim, keepdim):
        self.p, self.dim, self.keepdim = p, dim, keepdim
        y = self._norm(x.float() if x.dtype in HALVES else x, p, dim, keepdim)
        if y.dtype is not x.dtype:  # (float16 is summed in float, as PyTorch does)
            y = y.to(x.dtype)
        self.save_for_backward(x, y)
        return y

    @staticmethod
    def _norm(x, p, dim, keepdim):
        if p == "fro":
            p = 2
        from .reduce import reduce_dims

        dims = reduce_dims(x, dim)
        if not isinstance(p, str) and p > 0 and math.prod(x.shape[d] for d in dims) == 1:
            # one element per norm: its magnitude, unsquared (as PyTorch: no overflow here)
            y = x.abs()
            return y if keepdim else y.reshape([n for d, n in enumerate(x.shape) if d not in dims])
        if p == 2:
            y = sum(x * x, dim, keepdim).sqrt()
        elif p == math.inf:
            y = amax(x.abs(), () if dim is None else dim, keepdim)
        elif p == -math.inf:
            y = amin(x.abs(), () if dim is None else dim, keepdim)
        elif p == 1:
            y = sum(x.abs(), dim, keepdim)
        elif p == 0:
            y = sum((x != 0).to(x.dtype), dim, keepdim)
        else:
            y = sum(x.abs() ** p, dim, keepdim) ** (1.0 / p)
        return y

    def vjp(self, g):
        from .reduce import _grad_to_input, reduce_dims

        x, y = self.saved
        dims = reduce_dims(x, self.dim)
        yk = _grad_to_input(y, x, dims, self.keepdim)
        gk = _grad_to_input(g, x, dims, self.keepdim)
        p = self.p
        if p in ("fro", 2, 2.0):
            grad = x / yk.masked_fill(yk == 0, 1.0)
        elif p in (math.inf, -math.inf):
            hit = (x.abs() == yk).to(x.dtype)
            grad = x.sign() * hit / sum(hit, dims or None, keepdim=True)
        elif p == 1:
            grad = x.sign()
        elif p == 0:
            grad = x.new_zeros(x.shape)
        else:
            grad = x.sign() * x.abs() ** (p - 1) / yk.masked_fill(yk == 0, 1.0) ** (p - 1)
        return gk * grad, None, None, None


@op("norm")
def norm(input, p="fro", dim=None, keepdim=False, dtype=None):
    r"""Returns the vector norm of ``input``, over all elements or over ``dim``.

    .. math:: \|x\|_p = \Big(\sum_i |x_i|^p\Big)^{1/p}

    ``p`` is ``"fro"`` or 2 (the default, the Euclidean norm), 1, ``inf`` (the largest
    magnitude), ``-inf`` (the smallest), 0 (the number of nonzeros) or any other number.
    Complex inputs take the norm of the magnitudes. This is the deprecated PyTorch API:
    prefer :func:`numtensor.linalg.vector_norm` / :func:`numtensor.linalg.matrix_norm`.
    ``x.norm(...)`` is the method form.

    Args:
        input (Tensor): the input tensor (floating point or complex).
        p (int, float, inf, -inf or "fro"): the order of the norm. Default: ``"fro"``.
        dim (int or tuple of ints, optional): the dimension(s) to reduce. Default: all.
        keepdim (bool): whether the output keeps the reduced dims with size 1.
        dtype (:class:`numtensor.dtype`, optional): the dtype to cast ``input`` to first.

    Differs from PyTorch: ``p="nuc"`` and matrix norms over two dims are not handled here
    (a RuntimeError); use :func:`numtensor.linalg.matrix_norm`.

    Example::

        >>> torch.norm(torch.tensor([3., 4.]))
        tensor(5.)
        >>> torch.norm(torch.tensor([[1., 2., 3.], [4., 5., 6.]]), p=1, dim=1)
        tensor([ 6., 15.])
        >>> torch.norm(torch.tensor([3., -4.]), p=float("inf"))
        tensor(4.)
    """
    x = input if dtype is None else input.to(dtype)
    if x.dtype.is_complex:  # (the norm of the magnitudes)
        x = x.abs()
    _float_only(x, "linalg.vector_norm")
    if isinstance(p, str) and p != "fro":
        raise RuntimeError(f"norm(): unsupported norm type {p!r} for vectors")
    return Norm.apply(x, p, dim, keepdim)


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


@op("logsumexp")
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
