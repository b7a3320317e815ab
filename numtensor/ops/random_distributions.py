"""Samples of distributions from tensors of parameters: ``normal`` and ``bernoulli`` (whose
parameters get PyTorch's zero gradients, ``Sampled``), ``poisson`` and ``binomial``; and the
in-place fills ``geometric_``, ``log_normal_`` and ``cauchy_``.

Every sample is a draw of ``random._draw`` (Philox on the tensor's device, from its
generator); those of poisson, binomial and the fills here transform one uniform draw, made
in float64 and then cast: the fills by closed forms, the discrete samplers by their inverse
cumulative distribution functions, elementwise kernels (``poisson_icdf`` and
``binomial_icdf`` in kernels/spec.py, their code in kernels/special.py).
"""

from __future__ import annotations

import math

from .._device import as_device
from .._dtype import CPP_TYPE_NAMES, bool_, float64, type_name
from .._tensor_base import Tensor
from ..autograd.function import Function
from ._common import check_same_device, parse_size
from ._launch import launch
from .conversion import to_out
from .random import _draw, _float_dtype, _overwrite
from .random_fills import _checked, bernoulli_
from .registry import op

# ---- normal and bernoulli ---------------------------------------------------------------------


class Sampled(Function):
    """A sample whose parameters (the mean and std of ``normal``, the probabilities of
    ``bernoulli``) may require grad: PyTorch gives them zero gradients."""

    def forward(self, sample, node, *params):
        self.node_name = node
        self.shapes = [p.shape if isinstance(p, Tensor) else None for p in params]
        return sample

    def vjp(self, g):
        zeros = (None if s is None else g.new_zeros(s) for s in self.shapes)
        return (None, None, *zeros)


def _check_std(std) -> None:
    low = std.min().item() if isinstance(std, Tensor) and std.numel() else std
    if isinstance(low, (int, float)) and low < 0:
        raise RuntimeError(f"normal expects std >= 0.0, but found std {low:g}")


@op("normal", method=False)
def normal(mean, std=1.0, size=None, *, generator=None, out=None, dtype=None, device=None):
    r"""Returns a tensor of random numbers drawn from separate normal distributions whose mean
    and standard deviation are given.

    Forms: ``normal(mean, std)`` with tensors (broadcast together, one draw per element),
    ``normal(mean, std=1.0)`` with a tensor ``mean``, ``normal(mean, std)`` with a number
    ``mean`` and a tensor ``std``, and ``normal(mean, std, size)`` with two numbers. The
    gradient with respect to ``mean`` and ``std`` is zero, as in PyTorch.

    Args:
        mean (Tensor or float): the mean(s).
        std (Tensor or float): the standard deviation(s) (non-negative). Default: ``1.0``.
        size (tuple of ints, optional): the output shape, when both are numbers.

    Keyword args:
        generator (:class:`numtensor.Generator`, optional): the generator to draw from.
        out (Tensor, optional): the output tensor.
        dtype, device: of the output, when ``mean`` and ``std`` are numbers.

    Example::

        >>> torch.normal(2., 3., size=(1, 4)).shape
        numtensor.Size([1, 4])
        >>> torch.normal(torch.tensor([0., 10.]), torch.tensor([0., 0.]))
        tensor([ 0., 10.])
    """
    tensors = [x for x in (mean, std) if isinstance(x, Tensor)]
    if not tensors:
        if size is None:
            raise TypeError(
                "normal() received an invalid combination of arguments - got (float, float), "
                "but expected (float mean, float std, tuple of ints size)"
            )
        _check_std(std)
        d = _float_dtype(dtype, "normal_kernel_cpu")
        shape = parse_size((size,), "normal")
        return _draw(shape, d, as_device(device), "normal", float(mean), float(std), generator)
    _check_std(std)
    like = tensors[0]
    d = _float_dtype(like.dtype, "normal_kernel_cpu")
    from .._size import broadcast_shapes

    shape = broadcast_shapes(*(x.shape for x in tensors))
    z = _draw(shape, d, like.device, "normal", 0.0, 1.0, generator)
    from ..autograd.grad_mode import no_grad

    with no_grad():
        sample = z * std + mean
    node = "NormalBackward" + ("3" if len(tensors) == 2 else "1" if tensors[0] is mean else "2")
    result = Sampled.apply(sample, node, mean, std)
    return to_out(result, out)


@op("bernoulli")
def bernoulli(input: Tensor, p=None, *, generator=None, out=None) -> Tensor:
    r"""Draws binary random numbers (0 or 1) from a Bernoulli distribution.

    Element ``i`` of the result is 1 with probability ``input[i]`` (or ``p`` for all, when
    given) and 0 otherwise; the result has ``input``'s shape and dtype. ``x.bernoulli()`` is
    the same.

    Args:
        input (Tensor): the probabilities, in :math:`[0, 1]`.
        p (float, optional): one probability for all elements.

    Keyword args:
        generator (:class:`numtensor.Generator`, optional): the generator to draw from.
        out (Tensor, optional): the output tensor.

    Example::

        >>> torch.bernoulli(torch.tensor([0., 1., 1., 0.]))
        tensor([0., 1., 1., 0.])
        >>> torch.bernoulli(torch.rand(3, 3)).shape
        numtensor.Size([3, 3])
    """
    if not input.dtype.is_floating_point and p is None:
        kernel = f"bernoulli_tensor_{input.device.type}_p_"
        raise NotImplementedError(f"\"{kernel}\" not implemented for '{type_name(input.dtype)}'")
    sample = input.new_empty(input.shape)
    bernoulli_(sample, input if p is None else p, generator=generator)
    result = Sampled.apply(sample, "BernoulliBackward0", input)
    return to_out(result, out)


# ---- poisson, binomial ---------------------------------------------------------------------


def _uniform64(like: Tensor, generator) -> Tensor:
    """Uniforms on [0, 1) in float64, shaped like ``like``, on its device."""
    return _draw(like.shape, float64, like.device, "uniform", 0.0, 1.0, generator)


def _check_tensor(x, name: str, arg: str) -> None:
    if not isinstance(x, Tensor):
        raise TypeError(f"{name}(): argument '{arg}' must be Tensor, not {type(x).__name__}")


@op("poisson", method=False)
def poisson(input: Tensor, generator=None) -> Tensor:
    r"""Returns a tensor of the same size as ``input`` with each element sampled from a Poisson
    distribution with rate parameter given by the corresponding element in ``input``.

    :math:`\text{out}_i \sim \text{Poisson}(\text{input}_i)`. ``input`` must be a
    floating tensor of non-negative rates; the result has its dtype. The gradient with
    respect to the rates is zero, as in PyTorch.

    Args:
        input (Tensor): the rates.
        generator (:class:`numtensor.Generator`, optional): the generator to draw from.

    Example::

        >>> rates = torch.full((2, 3), 4.0)
        >>> torch.poisson(rates).shape
        numtensor.Size([2, 3])
        >>> torch.poisson(torch.zeros(3))
        tensor([0., 0., 0.])
    """
    _check_tensor(input, "poisson", "input")
    if not input.dtype.is_floating_point:
        raise NotImplementedError(f"\"poisson_cpu\" not implemented for '{type_name(input.dtype)}'")
    if input.numel() and bool(((input < 0) | input.isnan()).any()):
        raise RuntimeError("invalid Poisson rate, expected rate to be non-negative")
    u = _uniform64(input, generator)
    sample = launch("poisson_icdf", (u, input.detach()), input.dtype, (float64, float64))
    return Sampled.apply(sample, "PoissonBackward0", input)


class _NoGradient(Function):
    """A sample whose gradient PyTorch leaves undefined (``binomial``)."""

    node_name = "NotImplemented"

    def forward(self, sample, name, *params):
        self.op = name
        return sample

    def vjp(self, g):
        raise RuntimeError(f"the derivative for '{self.op}' is not implemented.")


@op("binomial", method=False)
def binomial(count: Tensor, prob: Tensor, generator=None) -> Tensor:
    r"""Draws samples of binomial distributions: the number of successes in ``count`` trials of
    success probability ``prob``.

    ``count`` and ``prob`` are floating tensors of one dtype, broadcast together; the result
    has their dtype. It has no gradient (backward raises, as in PyTorch).

    Args:
        count (Tensor): the numbers of trials.
        prob (Tensor): the success probabilities, in :math:`[0, 1]`.
        generator (:class:`numtensor.Generator`, optional): the generator to draw from.

    Example::

        >>> torch.binomial(torch.tensor([5., 3.]), torch.tensor([1., 0.]))
        tensor([5., 0.])
    """
    _check_tensor(count, "binomial", "count")
    _check_tensor(prob, "binomial", "prob")
    if not count.dtype.is_floating_point:
        raise ValueError(
            f"binomial only supports floating-point dtypes for count, got: {type_name(count.dtype)}"
        )
    if prob.dtype is not count.dtype:
        raise RuntimeError(
            f"Found dtype {type_name(prob.dtype)} but expected {type_name(count.dtype)}"
        )
    check_same_device((count, prob), "binomial")
    from .shape import broadcast_shapes

    shape = broadcast_shapes(count.shape, prob.shape)
    u = _draw(shape, float64, count.device, "uniform", 0.0, 1.0, generator)
    sample = launch(
        "binomial_icdf", (u, count.detach(), prob.detach()), count.dtype, (float64,) * 3
    )
    return _NoGradient.apply(sample, "binomial", count, prob)


# ---- in-place fills ------------------------------------------------------------------------


def geometric_(self: Tensor, p: float, *, generator=None) -> Tensor:
    r"""Fills this tensor with elements drawn from the geometric distribution, in place.

    Each sample is the number of Bernoulli trials of success probability ``p`` up to and
    including the first success: :math:`P(X = k) = (1 - p)^{k - 1} p` for
    :math:`k = 1, 2, \ldots`

    Args:
        p (float): the success probability, in :math:`(0, 1)`.

    Keyword args:
        generator (:class:`numtensor.Generator`, optional): the generator to draw from.

    Returns:
        Tensor: this tensor.

    Example::

        >>> x = torch.empty(5).geometric_(0.5)
        >>> bool((x >= 1).all())
        True
    """
    if self.dtype is bool_:
        raise NotImplementedError("\"geometric_cpu\" not implemented for 'Bool'")
    if not 0 < p < 1:
        raise RuntimeError(f"geometric_ expects p to be in (0, 1), but got p={p}")
    u = _uniform64(self, generator)
    trials = ((-u).log1p() / math.log1p(-p)).ceil().clamp_min(1)  # (1 - u is in (0, 1])
    return _overwrite(self, trials)


def log_normal_(self: Tensor, mean: float = 1.0, std: float = 2.0, *, generator=None) -> Tensor:
    r"""Fills this tensor with numbers samples from the log-normal distribution parameterised by
    the given mean :math:`\mu` and standard deviation :math:`\sigma`, in place.

    The samples are :math:`e^{Z}` for :math:`Z \sim N(\mu, \sigma^2)`: ``mean`` and ``std``
    are those of the underlying normal distribution, not of the result.

    Args:
        mean (float): :math:`\mu`. Default: ``1``.
        std (float): :math:`\sigma` (positive). Default: ``2``.

    Keyword args:
        generator (:class:`numtensor.Generator`, optional): the generator to draw from.

    Returns:
        Tensor: this tensor.

    Example::

        >>> x = torch.empty(4).log_normal_(0., 0.5)
        >>> bool((x > 0).all())
        True
    """
    if not self.dtype.is_floating_point:
        raise NotImplementedError(
            f"\"log_normal_cpu\" not implemented for '{type_name(self.dtype)}'"
        )
    if not std > 0:
        raise RuntimeError(f"log_normal_ expects std > 0.0, but found std={std}")
    z = _draw(self.shape, float64, self.device, "normal", float(mean), float(std), generator)
    return _overwrite(self, z.exp())


def cauchy_(self: Tensor, median: float = 0.0, sigma: float = 1.0, *, generator=None) -> Tensor:
    r"""Fills this tensor with numbers drawn from the Cauchy distribution, in place.

    Its density is :math:`f(x) = \dfrac{1}{\pi} \dfrac{\sigma}{(x - \text{median})^2 +
    \sigma^2}`.

    Args:
        median (float): the location. Default: ``0``.
        sigma (float): the scale (positive). Default: ``1``.

    Keyword args:
        generator (:class:`numtensor.Generator`, optional): the generator to draw from.

    Returns:
        Tensor: this tensor.

    Example::

        >>> torch.empty(2, 3).cauchy_().shape
        numtensor.Size([2, 3])
    """
    if not self.dtype.is_floating_point:
        name = CPP_TYPE_NAMES.get(self.dtype.np.name, self.dtype.np.name)
        raise RuntimeError(
            "Cauchy distribution is a continuous probability distribution. dtype must be a "
            f"floating point but you specified {name}"
        )
    if not sigma > 0:
        raise RuntimeError(f"cauchy_ expects sigma > 0.0, but found sigma={sigma}")
    u = _uniform64(self, generator)
    return _overwrite(self, ((u - 0.5) * math.pi).tan() * sigma + median)


for _fill_fn in (geometric_, log_normal_, cauchy_):
    op(_fill_fn.__name__, function=False)(_checked(_fill_fn))
