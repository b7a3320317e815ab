"""Samples of more distributions: ``poisson`` and ``binomial`` (from tensors of parameters)
and the in-place fills ``geometric_``, ``log_normal_`` and ``cauchy_``.

Every sample is a transform of one uniform draw (``random._draw``: Philox on the tensor's
device, from its generator), made in float64 and then cast: the fills by closed forms, the
discrete samplers by their inverse cumulative distribution functions, elementwise kernels
(``poisson_icdf`` and ``binomial_icdf`` in kernels/spec.py, their code in kernels/special.py).
"""

from __future__ import annotations

import math

from .._dtype import bool_, float64, type_name
from .._tensor_base import Tensor
from ..autograd.function import Function
from ._common import check_same_device
from ._launch import launch
from .random import Sampled, _checked, _draw, _overwrite
from .registry import op

# C++ type names in PyTorch's messages about integer dtypes
_CPP_NAMES = {
    "int64": "long int",
    "int32": "int",
    "int16": "short int",
    "int8": "signed char",
    "uint8": "unsigned char",
}


def _uniform64(like: Tensor, generator) -> Tensor:
    """Uniforms on [0, 1) in float64, shaped like ``like``, on its device."""
    return _draw(like.shape, float64, like.device, "uniform", 0.0, 1.0, generator)


def _check_tensor(x, name: str, arg: str) -> None:
    if not isinstance(x, Tensor):
        raise TypeError(f"{name}(): argument '{arg}' must be Tensor, not {type(x).__name__}")


@op("poisson", method=False)
def poisson(input: Tensor, generator=None) -> Tensor:
    """Samples of Poisson distributions of rates ``input`` (a float tensor; the result has its
    shape and dtype). The gradient with respect to the rates is zero, as in PyTorch.

    Example: ``torch.poisson(torch.full((3,), 4.0))`` -> e.g. tensor([3., 6., 4.])
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
    """Samples of binomial distributions: the number of successes in ``count`` trials of
    success probability ``prob`` (float tensors of one dtype, broadcast together).

    Example: ``torch.binomial(torch.tensor([10.0]), torch.tensor([0.5]))`` -> e.g. tensor([4.])
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
    """Fill with samples of the geometric distribution: the number of Bernoulli trials of
    success probability ``p`` up to and including the first success (1, 2, ...)."""
    if self.dtype is bool_:
        raise NotImplementedError("\"geometric_cpu\" not implemented for 'Bool'")
    if not 0 < p < 1:
        raise RuntimeError(f"geometric_ expects p to be in (0, 1), but got p={p}")
    u = _uniform64(self, generator)
    trials = ((-u).log1p() / math.log1p(-p)).ceil().clamp_min(1)  # (1 - u is in (0, 1])
    return _overwrite(self, trials)


def log_normal_(self: Tensor, mean: float = 1.0, std: float = 2.0, *, generator=None) -> Tensor:
    """Fill with samples of exp(N(mean, std**2)), the log-normal distribution."""
    if not self.dtype.is_floating_point:
        raise NotImplementedError(
            f"\"log_normal_cpu\" not implemented for '{type_name(self.dtype)}'"
        )
    if not std > 0:
        raise RuntimeError(f"log_normal_ expects std > 0.0, but found std={std}")
    z = _draw(self.shape, float64, self.device, "normal", float(mean), float(std), generator)
    return _overwrite(self, z.exp())


def cauchy_(self: Tensor, median: float = 0.0, sigma: float = 1.0, *, generator=None) -> Tensor:
    """Fill with samples of the Cauchy distribution, density
    ``1 / (pi sigma (1 + ((x - median) / sigma)**2))``."""
    if not self.dtype.is_floating_point:
        name = _CPP_NAMES.get(self.dtype.np.name, self.dtype.np.name)
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
