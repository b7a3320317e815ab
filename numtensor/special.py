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
    """The modified Bessel function of the first kind of order 1."""
    result = _I1.apply(_floating(input))
    return result if out is None else out.copy_(result)


def i0e(input, *, out=None):
    """``exp(-|x|) * i0(x)``, the exponentially scaled i0 (computed in float64, so it stays
    finite up to |x| ~ 700)."""
    x = _floating(input)
    wide = x.double()
    result = ((-wide.abs()).exp() * wide.i0()).to(x.dtype)
    return result if out is None else out.copy_(result)


def i1e(input, *, out=None):
    """``exp(-|x|) * i1(x)``, the exponentially scaled i1 (in float64 inside)."""
    x = _floating(input)
    wide = x.double()
    result = ((-wide.abs()).exp() * _I1.apply(wide)).to(x.dtype)
    return result if out is None else out.copy_(result)


def ndtr(input, *, out=None):
    """The standard normal distribution function: ``(1 + erf(x / sqrt(2))) / 2`` (PyTorch's
    formula: 0 below about -8.3 in float64, where erfc would still resolve it)."""
    x = _floating(input)
    result = ((x * _SQRT_HALF).erf() + 1) * 0.5
    return result if out is None else out.copy_(result)


def ndtri(input, *, out=None):
    """The inverse of ``ndtr``: ``sqrt(2) * erfinv(2p - 1)`` (-inf at 0, inf at 1)."""
    p = _floating(input)
    result = (p * 2 - 1).erfinv() * math.sqrt(2.0)
    return result if out is None else out.copy_(result)


def log_ndtr(input, *, out=None):
    """``log(ndtr(x))`` accurate everywhere (in float64 inside): ``log1p(-ndtr(-x))`` for
    x > 0, ``log(ndtr(x))`` down to -20, the asymptotic expansion below (where ndtr
    underflows)."""
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
    """Elementwise entropy: ``-x log(x)`` for x > 0, 0 at 0, -inf for x < 0 (NaN kept)."""
    x = _floating(input)
    safe = x.masked_fill(x <= 0, 1.0)
    result = -x * safe.log()
    result = result.masked_fill(x == 0, 0.0).masked_fill(x < 0, -math.inf)
    return result if out is None else out.copy_(result)


def xlog1py(input, other, *, out=None):
    """``x * log1p(y)``, 0 where x is 0 (unless y is NaN)."""
    x, y = (_nt.as_tensor(v) if not isinstance(v, _nt.Tensor) else v for v in (input, other))
    dtype = _nt.result_type(input, other)
    if not dtype.is_floating_point:
        dtype = _nt.get_default_dtype()
    x, y = x.to(dtype), y.to(dtype)
    result = x * y.log1p()
    result = _nt.where((x == 0) & ~y.isnan(), _nt.zeros_like(result), result)
    return result if out is None else out.copy_(result)
