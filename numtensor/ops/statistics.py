"""Reductions and statistics composed of existing ops: nansum, nanmean, std_mean, var_mean,
aminmax, kthvalue, msort, quantile, nanquantile, nanmedian, cov and corrcoef.
"""

from __future__ import annotations

from .. import _dtype, return_types
from .._tensor_base import Tensor, wrap_dim
from ..autograd.function import name_node
from .conversion import to_out
from .out_variants import CAST, Out
from .registry import op


def _without_nan(input):
    return input.masked_fill(input.isnan(), 0) if input.dtype.is_floating_point else input


@op("nansum")
def nansum(input, dim=None, keepdim: bool = False, *, dtype=None):
    r"""Returns the sum of the elements of ``input``, treating NaN as zero.

    Otherwise as :func:`sum`. ``x.nansum(...)`` is the method form.

    Args:
        input (Tensor): the input tensor.
        dim (int or tuple of ints, optional): the dimension(s) to reduce. Default: all.
        keepdim (bool): whether the output keeps the reduced dims with size 1.

    Keyword args:
        dtype (:class:`numtensor.dtype`, optional): the dtype to sum in and return.

    Example::

        >>> x = torch.tensor([[1., float("nan")], [3., 4.]])
        >>> torch.nansum(x)
        tensor(8.)
        >>> torch.nansum(x, dim=1)
        tensor([1., 7.])
    """
    x = _without_nan(input)
    return x.sum(dim, keepdim, dtype=dtype) if dim is not None else x.sum(dtype=dtype)


@op("nanmean", out=Out(dtype=CAST, grad="nansum"))
def nanmean(input, dim=None, keepdim: bool = False, *, dtype=None):
    r"""Returns the mean of the elements of ``input`` that are not NaN.

    A slice of only NaNs gives NaN. ``input`` must be floating point. ``x.nanmean(...)`` is
    the method form.

    Args:
        input (Tensor): the input tensor.
        dim (int or tuple of ints, optional): the dimension(s) to reduce. Default: all.
        keepdim (bool): whether the output keeps the reduced dims with size 1.

    Keyword args:
        dtype (:class:`numtensor.dtype`, optional): the dtype to sum in and return.
        out (Tensor, optional): the output tensor.

    Example::

        >>> x = torch.tensor([[1., float("nan")], [3., 4.]])
        >>> torch.nanmean(x)
        tensor(2.6667)
        >>> torch.nanmean(x, dim=0)
        tensor([2., 4.])
    """
    if not input.dtype.is_floating_point:
        raise RuntimeError(
            f"nanmean(): expected input to have floating point or complex dtype but got "
            f"{_dtype.type_name(input.dtype)}"
        )
    count = (~input.isnan()).sum(dim, keepdim) if dim is not None else (~input.isnan()).sum()
    return nansum(input, dim, keepdim, dtype=dtype) / count


@op("std_mean")
def std_mean(input, dim=None, unbiased=None, keepdim: bool = False, *, correction=None):
    r"""Returns the standard deviation and the mean of ``input`` as a tuple ``(std, mean)``.

    The arguments are those of :func:`std` (``correction`` defaults to 1).

    Example::

        >>> x = torch.tensor([[1., 2., 3.], [4., 6., 8.]])
        >>> torch.std_mean(x, dim=1)
        (tensor([1., 2.]), tensor([2., 6.]))
    """
    std = input.std(dim, unbiased, keepdim, correction=correction)
    mean = input.mean(dim, keepdim) if dim is not None else _all_mean(input, keepdim)
    return name_node(std, "StdMeanBackward0"), name_node(mean, "StdMeanBackward0")


@op("var_mean")
def var_mean(input, dim=None, unbiased=None, keepdim: bool = False, *, correction=None):
    r"""Returns the variance and the mean of ``input`` as a tuple ``(var, mean)``.

    The arguments are those of :func:`var` (``correction`` defaults to 1).

    Example::

        >>> x = torch.tensor([[1., 2., 3.], [4., 6., 8.]])
        >>> torch.var_mean(x, dim=1, correction=0)
        (tensor([0.6667, 2.6667]), tensor([2., 6.]))
    """
    var = input.var(dim, unbiased, keepdim, correction=correction)
    mean = input.mean(dim, keepdim) if dim is not None else _all_mean(input, keepdim)
    return name_node(var, "VarMeanBackward0"), name_node(mean, "VarMeanBackward0")


def _all_mean(input, keepdim: bool):
    mean = input.mean()
    return mean.reshape((1,) * input.ndim) if keepdim else mean


aminmax_type = return_types._make("aminmax", "min", "max")
kthvalue_type = return_types._make("kthvalue", "values", "indices")
nanmedian_type = return_types._make("nanmedian", "values", "indices")  # (PyTorch's name)


@op("aminmax", out=Out(aminmax_type))
def aminmax(input, *, dim=None, keepdim: bool = False):
    r"""Returns the minimum and the maximum of ``input`` as a named tuple ``(min, max)``.

    Over all elements, or along ``dim``. ``x.aminmax(...)`` is the method form.

    Keyword args:
        dim (int, optional): the dimension to reduce. Default: all.
        keepdim (bool): whether the outputs keep the reduced dim(s) with size 1.
        out (tuple of Tensors, optional): the output tensors ``(min, max)``.

    Example::

        >>> torch.aminmax(torch.tensor([3, 7, -1, 4]))
        numtensor.return_types.aminmax(
        min=tensor(-1),
        max=tensor(7))
        >>> torch.aminmax(torch.tensor([[1., 2., 3.], [4., 6., 8.]]), dim=1).max
        tensor([3., 8.])
    """
    if dim is None:
        if input.numel() == 0:
            raise RuntimeError(
                "aminmax(): cannot compute aminmax over an empty dimension as the operation has "
                "no identity."
            )
        low, high = input.amin(), input.amax()
        if keepdim:
            low, high = low.reshape((1,) * input.ndim), high.reshape((1,) * input.ndim)
        return aminmax_type(low, high)
    d = wrap_dim(dim, input.ndim)
    if input.ndim and input.shape[d] == 0:
        raise IndexError(f"aminmax: Expected reduction dim {d} to have non-zero size.")
    return aminmax_type(input.amin(dim, keepdim), input.amax(dim, keepdim))


@op("kthvalue", out=Out(kthvalue_type))
def kthvalue(input, k: int, dim: int = -1, keepdim: bool = False):
    r"""Returns the ``k``-th smallest element of ``input`` along ``dim``, and its index.

    A named tuple ``(values, indices)``; ``k`` counts from 1. ``x.kthvalue(k)`` is the
    method form.

    Args:
        input (Tensor): the input tensor.
        k (int): which smallest element, from 1.
        dim (int): the dimension to search. Default: -1, the last.
        keepdim (bool): whether the outputs keep the reduced dim with size 1.

    Keyword args:
        out (tuple of Tensors, optional): the output tensors ``(values, indices)``.

    Example::

        >>> torch.kthvalue(torch.tensor([5., 1., 4., 2.]), 2)
        numtensor.return_types.kthvalue(
        values=tensor(2.),
        indices=tensor(3))
    """
    dim = wrap_dim(dim, input.ndim)
    if input.ndim and input.shape[dim] == 0:
        raise IndexError(f"kthvalue(): Expected reduction dim {dim} to have non-zero size.")
    n = input.shape[dim] if input.ndim else 1
    if not 1 <= k <= n:
        raise RuntimeError(f"kthvalue(): selected number k out of range for dimension {dim}")
    if input.dtype is _dtype.bool_ and input.ndim:  # (a 0-dim tensor is its own kthvalue)
        raise NotImplementedError("\"kthvalue_cpu\" not implemented for 'Bool'")
    values, indices = (
        input.sort(dim, stable=True)
        if input.ndim
        else (input, input.new_zeros((), dtype=_dtype.int64))
    )
    if not input.ndim:
        return kthvalue_type(values, indices)
    v, i = values.narrow(dim, k - 1, 1), indices.narrow(dim, k - 1, 1)
    if not keepdim:
        v, i = v.squeeze(dim), i.squeeze(dim)
    return kthvalue_type(name_node(v, "KthvalueBackward0"), i)


@op("msort")
def msort(input):
    r"""Sorts ``input`` along its first dimension, ascending: ``torch.sort(input, 0).values``.

    ``x.msort()`` is the method form.

    Example::

        >>> torch.msort(torch.tensor([[3., 1.], [0., 5.], [2., 2.]]))
        tensor([[0., 1.],
                [2., 2.],
                [3., 5.]])
    """
    return input.sort(0).values


_INTERPOLATIONS = ("linear", "lower", "higher", "midpoint", "nearest")


def _check_quantile(input, q, interpolation: str) -> None:
    """PyTorch's argument checks for quantile/nanquantile, in its order."""
    if not isinstance(q, Tensor) and not 0 <= q <= 1:
        raise RuntimeError(f"quantile() q must be in the range [0, 1] but got {float(q):g}")
    if interpolation not in _INTERPOLATIONS:
        raise RuntimeError(
            "quantile() interpolation must be one of linear, lower, higher, midpoint or nearest, "
            f"but got {interpolation}"
        )
    if input.numel() == 0:
        raise RuntimeError("quantile() input tensor must be non-empty")
    if isinstance(q, Tensor) and q.ndim > 1:
        raise RuntimeError("quantile() q must be a scalar or 1D tensor")
    if input.dtype not in (_dtype.float32, _dtype.float64):
        raise RuntimeError("quantile() input tensor must be either float or double dtype")
    if isinstance(q, Tensor):
        if q.dtype is not input.dtype:
            raise RuntimeError("quantile() q tensor must be same dtype as the input tensor")
        if q.device != input.device:
            raise RuntimeError("quantile() q tensor must be on the same device as the input tensor")
        if q.numel() and not bool(((q >= 0) & (q <= 1)).all()):
            raise RuntimeError("quantile() q values must be in the range [0, 1]")


def _quantile(input, q, dim, keepdim, interpolation, ignore_nan: bool):
    """PyTorch's quantile algorithm step by step (its rounding and NaN handling included):
    sort along the last dim, turn each q into a fractional rank, gather and ``lerp``."""
    from .creation import tensor

    _check_quantile(input, q, interpolation)
    d = wrap_dim(0 if dim is None else dim, input.ndim)
    if dim is not None and input.ndim:
        shape = list(input.shape)
        if keepdim:
            shape[d] = 1
        else:
            del shape[d]
    else:
        shape = [1] * input.ndim if keepdim else []
    if dim is None:
        ordered = input.reshape(-1).sort().values
    else:
        ordered = input.unsqueeze(-1).transpose(d, -1).sort().values
    n = ordered.shape[-1]
    if n > 2**24:
        raise RuntimeError("quantile() input tensor is too large")
    ordered = ordered.reshape(*shape, n)  # (..., n): the quantiles come along the last dim
    qs = q.reshape(-1) if isinstance(q, Tensor) else tensor([q], dtype=input.dtype)
    qs = qs.to(input.device)
    if ignore_nan:  # ranks among the values that are not NaN; a slice of only NaNs: rank 0
        ranks = qs * ((~ordered.isnan()).sum(-1, keepdim=True) - 1)
        ranks = ranks.masked_fill(ranks < 0, 0)
    else:  # a slice holding a NaN takes its last value, the NaN (NaNs sort last)
        ranks = (qs * (n - 1)).masked_fill(ordered.isnan().any(-1, keepdim=True), n - 1)
    if interpolation == "lower":
        ranks = ranks.floor()
    elif interpolation == "higher":
        ranks = ranks.ceil()
    elif interpolation == "nearest":
        ranks = ranks.round()
    below = ranks.long()
    result = ordered.gather(-1, below)
    if interpolation in ("linear", "midpoint"):
        weights = ranks.new_full((), 0.5) if interpolation == "midpoint" else ranks - below
        above = ordered.gather(-1, ranks.ceil().long())
        result = result.lerp(above, weights)  # (fused as PyTorch's: [-0., inf] gives NaN)
    if not isinstance(q, Tensor) or q.ndim == 0:
        return result.squeeze(-1)
    return result.movedim(-1, 0)


@op("quantile")
def quantile(input, q, dim=None, keepdim: bool = False, *, interpolation: str = "linear", out=None):
    r"""Returns the ``q``-th quantiles of ``input``, of all elements or along ``dim``.

    When a quantile falls between two sorted values, ``interpolation`` says how it is
    chosen. A slice holding a NaN gives NaN (:func:`nanquantile` skips them). When ``q``
    is a 1-D tensor, the quantiles become the first dimension of the result.
    ``x.quantile(q)`` is the method form.

    Args:
        input (Tensor): the input tensor (float32 or float64).
        q (float or Tensor): the quantile(s), in [0, 1].
        dim (int, optional): the dimension to reduce. Default: None, all elements.
        keepdim (bool): whether the output keeps the reduced dim with size 1.

    Keyword args:
        interpolation (str): ``"linear"`` (default), ``"lower"``, ``"higher"``,
            ``"midpoint"`` or ``"nearest"``.
        out (Tensor, optional): the output tensor.

    Example::

        >>> torch.quantile(torch.tensor([0., 1., 2., 3.]), 0.5)
        tensor(1.5000)
        >>> q = torch.tensor([0.25, 0.75])
        >>> torch.quantile(torch.tensor([0., 1., 2., 3.]), q, interpolation="nearest")
        tensor([1., 2.])
    """
    result = _quantile(input, q, dim, keepdim, interpolation, ignore_nan=False)
    return to_out(result, out)


@op("nanquantile")
def nanquantile(
    input, q, dim=None, keepdim: bool = False, *, interpolation: str = "linear", out=None
):
    r"""Returns the ``q``-th quantiles of ``input``, ignoring NaNs (see :func:`quantile`).

    A slice of only NaNs gives NaN. ``x.nanquantile(q)`` is the method form.

    Example::

        >>> torch.nanquantile(torch.tensor([0., float("nan"), 2., 4.]), 0.5)
        tensor(2.)
    """
    result = _quantile(input, q, dim, keepdim, interpolation, ignore_nan=True)
    return to_out(result, out)


@op("nanmedian", out=Out(nanmedian_type, needs="dim"))
def nanmedian(input, dim=None, keepdim: bool = False):
    r"""Returns the median of the values of ``input`` that are not NaN (see :func:`median`).

    The lower of the two middle values for an even count; a slice of only NaNs gives NaN.
    With ``dim`` the result is a named tuple ``(values, indices)``. ``x.nanmedian(...)`` is
    the method form.

    Args:
        input (Tensor): the input tensor.
        dim (int, optional): the dimension to reduce. Default: None, all elements.
        keepdim (bool): whether the output keeps the reduced dim with size 1.

    Keyword args:
        out (tuple of Tensors, optional): the output tensors ``(values, indices)``. With ``dim``
            only.

    Example::

        >>> torch.nanmedian(torch.tensor([1., float("nan"), 3., 2.]))
        tensor(2.)
        >>> torch.nanmedian(torch.tensor([[1., float("nan"), 3.], [2., 5., float("nan")]]), 1)
        numtensor.return_types.nanmedian(
        values=tensor([1., 2.]),
        indices=tensor([0, 0]))
    """
    from .sorting import empty_median

    if dim is not None:  # (a bad or empty dim is reported before the dtype)
        d = wrap_dim(dim, input.ndim)
        if input.ndim and input.shape[d] == 0:
            raise IndexError(f"median(): Expected reduction dim {d} to have non-zero size.")
    if input.dtype is _dtype.bool_ and (input.numel() or dim is not None):
        kernel = "median_cpu" if dim is None else "median_out"
        raise NotImplementedError(f"\"{kernel}\" not implemented for 'Bool'")
    if dim is None:
        flat = input.reshape(-1)
        keep = ~flat.isnan() if flat.dtype.is_floating_point else flat == flat
        values = flat[keep]
        if not flat.numel():
            return empty_median(input)
        if not values.numel():
            return flat.new_full((), float("nan"))
        return values.sort().values[(values.numel() - 1) // 2]
    x = input.reshape(1) if input.ndim == 0 else input
    values, indices = x.sort(d, stable=True)
    count = (
        (~x.isnan()).sum(d, keepdim=True)
        if x.dtype.is_floating_point
        else x.new_full((1,), x.shape[d], dtype=_dtype.int64)
    )
    where = ((count - 1).clamp(min=0) // 2).expand(*values.shape[:d], 1, *values.shape[d + 1 :])
    v, i = values.gather(d, where), indices.gather(d, where)
    if not keepdim or input.ndim == 0:
        v, i = v.squeeze(d), i.squeeze(d)
    return nanmedian_type(v, i)


@op("cov")
def cov(input, *, correction: int = 1, fweights=None, aweights=None):
    r"""Estimates the covariance matrix of the variables given by the rows of ``input``.

    Each row is a variable and each column an observation (a 1-D input is one variable,
    giving a 0-dim result). Integer inputs give the default float dtype.
    ``x.cov()`` is the method form.

    Args:
        input (Tensor): a 1-D or 2-D tensor of observations.

    Keyword args:
        correction (int): the difference between the sample size and the degrees of
            freedom. Default: 1 (Bessel's correction); 0 gives the population covariance.
        fweights (Tensor, optional): 1-D integer frequency weights of the observations.
        aweights (Tensor, optional): 1-D floating observation weights.

    Returns:
        Tensor: of shape ``(rows, rows)``.

    Example::

        >>> x = torch.tensor([[0., 1., 2.], [2., 1., 0.]])
        >>> torch.cov(x)
        tensor([[ 1., -1.],
                [-1.,  1.]])
        >>> torch.cov(x, correction=0)
        tensor([[ 0.6667, -0.6667],
                [-0.6667,  0.6667]])
    """
    x = input.reshape(1, -1) if input.ndim < 2 else input
    if input.ndim > 2:
        raise ValueError(
            "cov(): expected input to have two or fewer dimensions but got an input with "
            f"{input.ndim} dimensions"
        )
    x = x if x.dtype.is_floating_point else x.to(_dtype.get_default_dtype())
    w = None
    if fweights is not None:
        w = fweights.to(x.dtype)
    if aweights is not None:
        w = aweights.to(x.dtype) if w is None else w * aweights
    n = x.shape[1]
    if w is None:
        mean = x.mean(1, keepdim=True)
        total = float(n)
        norm = total - correction
    else:
        total = w.sum()
        mean = (x * w).sum(1, keepdim=True) / total
        norm = total - correction * ((w * aweights).sum() / total if aweights is not None else 1)
    centred = x - mean
    weighted = centred * w if w is not None else centred
    result = (weighted @ centred.t()) / (
        norm.clamp(min=0) if isinstance(norm, Tensor) else max(norm, 0)
    )
    return result.squeeze() if input.ndim < 2 else result


@op("corrcoef")
def corrcoef(input):
    r"""Returns the Pearson correlation coefficients of the variables in the rows of ``input``.

    The covariance matrix :func:`cov` normalised by the standard deviations, clipped to
    [-1, 1]. ``x.corrcoef()`` is the method form.

    Args:
        input (Tensor): a 1-D or 2-D tensor, a variable per row, an observation per column.

    Example::

        >>> torch.corrcoef(torch.tensor([[0., 1., 2.], [2., 1.5, 0.], [1., 3., 2.]]))
        tensor([[ 1.0000, -0.9608,  0.5000],
                [-0.9608,  1.0000, -0.2402],
                [ 0.5000, -0.2402,  1.0000]])
    """
    c = cov(input)
    if c.ndim == 0:
        return c / c
    d = c.diagonal().sqrt()
    return (c / d.unsqueeze(1) / d.unsqueeze(0)).clamp(-1, 1)
