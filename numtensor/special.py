"""``numtensor.special``: PyTorch's ``torch.special`` names over numtensor's ops.

Most are the ops under SciPy's names (``expit`` is sigmoid, ``gammaln`` lgamma, ``psi``
digamma, ``gammainc`` igamma); ``zeta`` is the Hurwitz zeta kernel; ``ndtr``, ``ndtri``,
``log_ndtr``, ``entr``, ``xlog1py``, ``i0e``/``i1e`` are compositions (differentiable through
their parts). Not here: the orthogonal polynomials and the Bessel functions of the second
kind and of integer order above 1 (``bessel_j0``, ``airy_ai``, ``chebyshev_polynomial_t``...).
"""

from __future__ import annotations

import math

import numtensor as _nt

from .autograd.function import name_node
from .ops.special import zeta
from .ops.special_elementwise import I1 as _I1

__all__ = [
    "digamma", "entr", "erf", "erfc", "erfinv", "exp2", "expit", "expm1", "gammainc",
    "gammaincc", "gammaln", "i0", "i0e", "i1", "i1e", "log1p", "log_ndtr", "log_softmax",
    "logit", "logsumexp", "multigammaln", "ndtr", "ndtri", "polygamma", "psi", "round", "sinc",
    "softmax", "xlog1py", "xlogy", "zeta",
]  # fmt: skip

digamma = psi = _nt.digamma
erf = _nt.erf
erfc = _nt.erfc
erfinv = _nt.erfinv
exp2 = _nt.exp2
expit = _nt.sigmoid
expm1 = _nt.expm1
gammainc = _nt.igamma
gammaincc = _nt.igammac
gammaln = _nt.lgamma
i0 = _nt.i0
log1p = _nt.log1p
logit = _nt.logit
logsumexp = _nt.logsumexp
multigammaln = _nt.mvlgamma
polygamma = _nt.polygamma
round = _nt.round
sinc = _nt.sinc
xlogy = _nt.xlogy
log_softmax = _nt.log_softmax
softmax = _nt.softmax

_SQRT_HALF = math.sqrt(0.5)


def _floating(input):
    return input if input.dtype.is_floating_point else input.to(_nt.get_default_dtype())


def i1(input, *, out=None):
    r"""Computes the modified Bessel function of the first kind of order 1, :math:`I_1(x)`.

    .. math:: I_1(x) = \frac{x}{2} \sum_{k=0}^{\infty} \frac{(x^2/4)^k}{k!\,(k+1)!}

    Integer inputs give the default float dtype.

    Args:
        input (Tensor): the input tensor.

    Keyword args:
        out (Tensor, optional): the output tensor.

    Example::

        >>> torch.special.i1(torch.tensor([0., 1., 2.]))
        tensor([0.0000, 0.5652, 1.5906])
    """
    result = _I1.apply(_floating(input))
    return result if out is None else out.copy_(result)


def i0e(input, *, out=None):
    r"""Computes the exponentially scaled modified Bessel function of order 0,
    :math:`e^{-|x|} I_0(x)`, elementwise.

    Integer inputs give the default float dtype.

    Args:
        input (Tensor): the input tensor.

    Keyword args:
        out (Tensor, optional): the output tensor.

    Computed as ``exp(-|x|) * i0(x)`` in float64 up to :math:`|x| = 700`, by the
    asymptotic expansion beyond (where ``i0`` itself overflows).

    Example::

        >>> torch.special.i0e(torch.tensor([0., 1., 100.]))
        tensor([1.0000, 0.4658, 0.0399])
    """
    x = _floating(input)
    wide = x.double()
    near = (-wide.abs()).exp() * wide.clamp(-700, 700).i0()
    result = _nt.where(wide.abs() > 700, _scaled_bessel_tail(wide, 0), near).to(x.dtype)
    return result if out is None else out.copy_(result)


def i1e(input, *, out=None):
    r"""Computes the exponentially scaled modified Bessel function of order 1,
    :math:`e^{-|x|} I_1(x)`, elementwise.

    Integer inputs give the default float dtype.

    Args:
        input (Tensor): the input tensor.

    Keyword args:
        out (Tensor, optional): the output tensor.

    Computed as ``exp(-|x|) * i1(x)`` in float64 up to :math:`|x| = 700`, by the
    asymptotic expansion beyond (where ``i1`` itself overflows).

    Example::

        >>> torch.special.i1e(torch.tensor([0., 1., 100.]))
        tensor([0.0000, 0.2079, 0.0397])
    """
    x = _floating(input)
    wide = x.double()
    near = (-wide.abs()).exp() * _I1.apply(wide.clamp(-700, 700))
    result = _nt.where(wide.abs() > 700, _scaled_bessel_tail(wide, 1), near).to(x.dtype)
    return result if out is None else out.copy_(result)


def _scaled_bessel_tail(x, order: int):
    """``exp(-|x|) I_order(x)`` for large ``|x|``: Hankel's asymptotic expansion
    ``(1 / sqrt(2 pi |x|)) * sum_k (-1)^k a_k(order) / |x|^k`` (four terms: exact to double
    precision beyond |x| = 700), with the sign of x for order 1."""
    big = x.abs().clamp(min=700.0)
    mu = 4.0 * order * order
    term, total = _nt.ones_like(big), _nt.ones_like(big)
    for k in range(1, 5):
        term = term * -(mu - (2 * k - 1) ** 2) / (k * 8.0 * big)
        total = total + term
    result = total / (2 * math.pi * big).sqrt()
    return result * x.sign() if order == 1 else result


def ndtr(input, *, out=None):
    r"""Computes the standard Gaussian cumulative distribution function, elementwise.

    .. math:: \text{ndtr}(x) = \frac{1}{\sqrt{2\pi}} \int_{-\infty}^{x} e^{-t^2/2}\,dt =
        \frac{1}{2}\Big(1 + \mathrm{erf}\big(x / \sqrt{2}\big)\Big)

    Integer inputs give the default float dtype.

    Args:
        input (Tensor): the input tensor.

    Keyword args:
        out (Tensor, optional): the output tensor.

    Example::

        >>> torch.special.ndtr(torch.tensor([-1., 0., 2.]))
        tensor([0.1587, 0.5000, 0.9772])
    """
    # (PyTorch's formula: 0 below about -8.3 in float64, where erfc would still resolve it)
    x = _floating(input)
    result = ((x * _SQRT_HALF).erf() + 1) * 0.5
    return result if out is None else out.copy_(result)


def ndtri(input, *, out=None):
    r"""Computes the inverse of :func:`ndtr`: the argument at which the standard Gaussian
    CDF equals ``input``, :math:`\sqrt{2}\,\mathrm{erf}^{-1}(2p - 1)`.

    0 gives ``-inf`` and 1 gives ``inf``. Integer inputs give the default float dtype.

    Args:
        input (Tensor): the probabilities, in [0, 1].

    Keyword args:
        out (Tensor, optional): the output tensor.

    Example::

        >>> torch.special.ndtri(torch.tensor([0., 0.5, 0.975]))
        tensor([  -inf, 0.0000, 1.9600])
    """
    p = _floating(input)
    result = (p * 2 - 1).erfinv() * math.sqrt(2.0)
    return result if out is None else out.copy_(result)


def log_ndtr(input, *, out=None):
    r"""Computes the log of the standard Gaussian CDF, :math:`\log(\text{ndtr}(x))`,
    accurately also far in the tails (where ``ndtr`` underflows or rounds to 1).

    Integer inputs give the default float dtype.

    Args:
        input (Tensor): the input tensor.

    Keyword args:
        out (Tensor, optional): the output tensor.

    Example::

        >>> torch.special.log_ndtr(torch.tensor([-30., 0., 3.]))
        tensor([-4.5432e+02, -6.9315e-01, -1.3508e-03])
    """
    # in float64 inside: log1p(-ndtr(-x)) for x > 0, log(ndtr(x)) down to -20, and the
    # asymptotic expansion below (where ndtr underflows)
    x = _floating(input)
    wide = x.double()
    upper = ((wide * _SQRT_HALF).erfc() * -0.5).log1p()
    direct = _nt.where(wide > 0, upper, ((wide * -_SQRT_HALF).erfc() * 0.5).log())
    far = wide.clamp(max=-20.0)
    inv2 = 1.0 / (far * far)
    series = 1 - inv2 * (1 - 3 * inv2 * (1 - 5 * inv2 * (1 - 7 * inv2 * (1 - 9 * inv2))))
    tail = -0.5 * far * far - (-far).log() - 0.5 * math.log(2 * math.pi) + series.log()
    result = _nt.where(wide < -20.0, tail, direct).to(x.dtype)
    return result if out is None else out.copy_(result)


def entr(input, *, out=None):
    r"""Computes the elementwise entropy term of each element of ``input``.

    .. math::
        \text{entr}(x) = \begin{cases} -x \ln x & x > 0 \\ 0 & x = 0 \\ -\infty & x < 0
        \end{cases}

    NaN stays NaN; integer inputs give the default float dtype.

    Args:
        input (Tensor): the input tensor.

    Keyword args:
        out (Tensor, optional): the output tensor.

    Example::

        >>> torch.special.entr(torch.tensor([-1., 0., 0.5, 1.]))
        tensor([  -inf, 0.0000, 0.3466, -0.0000])
    """
    x = _floating(input)
    safe = x.masked_fill(x <= 0, 1.0)
    result = -x * safe.log()
    result = result.masked_fill(x == 0, 0.0).masked_fill(x < 0, -math.inf)
    return result if out is None else out.copy_(result)


def xlog1py(input, other, *, out=None):
    r"""Computes ``input * log1p(other)``, with 0 where ``input`` is 0 (unless ``other`` is
    NaN), elementwise; the :func:`numtensor.xlogy` of :math:`1 + y`.

    Either may be a Python number; they broadcast and integer inputs give the default float
    dtype.

    Args:
        input (Tensor or Number): the multiplier.
        other (Tensor or Number): the argument of ``log1p``.

    Keyword args:
        out (Tensor, optional): the output tensor.

    Example::

        >>> torch.special.xlog1py(torch.tensor([0., 2., 1.]), torch.tensor([-1., 1., 0.]))
        tensor([0.0000, 1.3863, 0.0000])
    """
    x, y = (_nt.as_tensor(v) if not isinstance(v, _nt.Tensor) else v for v in (input, other))
    dtype = _nt.result_type(input, other)
    if not dtype.is_floating_point:
        dtype = _nt.get_default_dtype()
    x, y = x.to(dtype), y.to(dtype)
    result = x * y.log1p()
    result = _nt.where((x == 0) & ~y.isnan(), _nt.zeros_like(result), result)
    # PyTorch's node: SpecialXlog1PyBackward0, 1 with a number input, 2 with a number other
    kind = 0 if isinstance(input, _nt.Tensor) and isinstance(other, _nt.Tensor) else (
        1 if isinstance(other, _nt.Tensor) else 2)  # fmt: skip
    result = name_node(result, f"SpecialXlog1PyBackward{kind}")
    return result if out is None else out.copy_(result)
