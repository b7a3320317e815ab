"""The in-place random fills ``Tensor.uniform_``, ``normal_``, ``bernoulli_``, ``random_`` and
``exponential_``, drawn as the factories of ``random.py`` draw, and refused on a leaf that
requires grad (``_checked``), as in PyTorch.
"""

from __future__ import annotations

from .._dtype import bool_, float32, float64, type_name
from .._tensor_base import Tensor
from .random import _UNIFORM_BITS, _check_int, _check_range, _draw, _fill, _int_limits, _overwrite
from .registry import op


def _float_only(self: Tensor, name: str, complex_ok: bool = True) -> None:
    if not (self.dtype.is_floating_point or (complex_ok and self.dtype.is_complex)):
        raise NotImplementedError(f"\"{name}\" not implemented for '{type_name(self.dtype)}'")


def uniform_(self: Tensor, a: float = 0.0, b: float = 1.0, *, generator=None) -> Tensor:
    r"""Fills this tensor with numbers sampled from the continuous uniform distribution on
    :math:`[a, b)`, in place.

    Args:
        a (float): the lower bound. Default: ``0``.
        b (float): the upper bound. Default: ``1``.

    Keyword args:
        generator (:class:`numtensor.Generator`, optional): the generator to draw from.

    Returns:
        Tensor: this tensor.

    Example::

        >>> x = torch.empty(3).uniform_(-1, 1)
        >>> bool((x.abs() <= 1).all())
        True
    """
    _float_only(self, "check_uniform_bounds")
    if a > b:
        raise RuntimeError(
            f"uniform_ expects to return a [from, to) range, but found from={a} > to={b}"
        )
    return _fill(self, "uniform", float(a), float(b) - float(a), generator)


def normal_(self: Tensor, mean: float = 0.0, std: float = 1.0, *, generator=None) -> Tensor:
    r"""Fills this tensor with elements sampled from the normal distribution of mean ``mean``
    and standard deviation ``std``, in place.

    Args:
        mean (float): the mean. Default: ``0``.
        std (float): the standard deviation. Default: ``1``.

    Keyword args:
        generator (:class:`numtensor.Generator`, optional): the generator to draw from.

    Returns:
        Tensor: this tensor.

    Example::

        >>> torch.empty(2).normal_(5, 0)
        tensor([5., 5.])
    """
    _float_only(self, "normal_kernel_cpu")
    if std < 0:
        raise RuntimeError(f"normal expects std >= 0.0, but found std {std}")
    return _fill(self, "normal", float(mean), float(std), generator)


def bernoulli_(self: Tensor, p=0.5, *, generator=None) -> Tensor:
    r"""Fills each element of this tensor with an independent sample from
    :math:`\text{Bernoulli}(p)` (1 with probability ``p``, else 0), in place.

    Args:
        p (float or Tensor): the probability, or a tensor of probabilities broadcast to this
            tensor. Default: ``0.5``.

    Keyword args:
        generator (:class:`numtensor.Generator`, optional): the generator to draw from.

    Returns:
        Tensor: this tensor.

    Example::

        >>> torch.empty(3).bernoulli_(1.)
        tensor([1., 1., 1.])
    """
    if isinstance(p, Tensor):
        if p.numel() and ((p < 0) | (p > 1)).any().item():
            raise RuntimeError("Expected p_in >= 0 && p_in <= 1 to be true, but got false.")
        wide = float64 if p.dtype is float64 else float32
    else:
        if not 0 <= p <= 1:
            raise RuntimeError(f"bernoulli_ expects p to be in [0, 1], but got p={p}")
        wide = float64 if self.dtype is float64 else float32
    u = _draw(self.shape, wide, self.device, "uniform", 0.0, 1.0, generator)
    return _overwrite(self, u < p)


def random_(self: Tensor, from_=0, to=None, *, generator=None, **kwargs) -> Tensor:
    r"""Fills this tensor with numbers sampled from the discrete uniform distribution over
    ``[from, to - 1]``, in place.

    ``x.random_(to)`` draws from ``[0, to - 1]``; ``x.random_()`` from ``[0, 2**mantissa]``
    for floating dtypes and from ``[0, max]`` for integer ones.

    Args:
        from (int): the lowest value. Default: ``0``.
        to (int, optional): one above the highest value.

    Keyword args:
        generator (:class:`numtensor.Generator`, optional): the generator to draw from.

    Returns:
        Tensor: this tensor.

    Example::

        >>> torch.empty(3).random_(4, 5)
        tensor([4., 4., 4.])
    """
    if "from" in kwargs:
        from_ = kwargs.pop("from")
    if kwargs:
        raise TypeError(f"random_() got an unexpected keyword argument '{next(iter(kwargs))}'")
    if to is None and from_ != 0:
        from_, to = 0, from_
    if to is None:
        if self.dtype.is_floating_point:
            to = 2 ** _UNIFORM_BITS[self.dtype] + 1
        else:
            to = 2 if self.dtype is bool_ else _int_limits(self.dtype)[1] + 1
    low, high = _check_int(from_, "random_"), _check_int(to, "random_")
    _check_range(low, high, self.dtype)
    return _fill(self, "integers", low, high - low, generator)


def exponential_(self: Tensor, lambd: float = 1.0, *, generator=None) -> Tensor:
    r"""Fills this tensor with elements drawn from the exponential distribution, of density
    :math:`f(x) = \lambda e^{-\lambda x}` for :math:`x \geq 0`, in place.

    Args:
        lambd (float): the rate :math:`\lambda`. Default: ``1``.

    Keyword args:
        generator (:class:`numtensor.Generator`, optional): the generator to draw from.

    Returns:
        Tensor: this tensor.

    Example::

        >>> x = torch.empty(4).exponential_(2.)
        >>> bool((x >= 0).all())
        True
    """
    _float_only(self, "exponential_cpu", complex_ok=False)
    if not lambd > 0:
        raise RuntimeError(f"exponential_ expects lambda > 0.0, but found lambda={lambd}")
    u = _draw(self.shape, self.dtype, self.device, "uniform", 0.0, 1.0, generator)
    return _overwrite(self, (-u).log1p() * (-1.0 / lambd))


def _checked(fill):
    """A random fill, refused on a leaf that requires grad (outside no_grad), as in PyTorch."""
    from .differentiable_conversions import check_leaf_inplace

    def method(self, *args, **kwargs):
        check_leaf_inplace(self)
        return fill(self, *args, **kwargs)

    method.__name__ = fill.__name__
    method.__doc__ = fill.__doc__
    return method


for _fill_fn in (uniform_, normal_, bernoulli_, random_, exponential_):
    op(_fill_fn.__name__, function=False)(_checked(_fill_fn))
