"""Reductions and statistics composed of existing ops: nansum, nanmean, std_mean, var_mean,
aminmax, kthvalue, msort, quantile, nanquantile, nanmedian, cov, corrcoef, bincount, histc,
bucketize, searchsorted, isin; and the index writes index_add/index_copy/index_fill."""

from __future__ import annotations

from .. import _dtype, return_types
from .._tensor_base import Tensor
from .conversion import to_out
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


@op("nanmean")
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
    return (input.std(dim, unbiased, keepdim, correction=correction),
            input.mean(dim, keepdim) if dim is not None else _all_mean(input, keepdim))  # fmt: skip


@op("var_mean")
def var_mean(input, dim=None, unbiased=None, keepdim: bool = False, *, correction=None):
    r"""Returns the variance and the mean of ``input`` as a tuple ``(var, mean)``.

    The arguments are those of :func:`var` (``correction`` defaults to 1).

    Example::

        >>> x = torch.tensor([[1., 2., 3.], [4., 6., 8.]])
        >>> torch.var_mean(x, dim=1, correction=0)
        (tensor([0.6667, 2.6667]), tensor([2., 6.]))
    """
    return (input.var(dim, unbiased, keepdim, correction=correction),
            input.mean(dim, keepdim) if dim is not None else _all_mean(input, keepdim))  # fmt: skip


def _all_mean(input, keepdim: bool):
    mean = input.mean()
    return mean.reshape((1,) * input.ndim) if keepdim else mean


aminmax_type = return_types._make("aminmax", "min", "max")
kthvalue_type = return_types._make("kthvalue", "values", "indices")
nanmedian_type = return_types._make("nanmedian", "values", "indices")  # (PyTorch's name)


@op("aminmax")
def aminmax(input, *, dim=None, keepdim: bool = False):
    r"""Returns the minimum and the maximum of ``input`` as a named tuple ``(min, max)``.

    Over all elements, or along ``dim``. ``x.aminmax(...)`` is the method form.

    Keyword args:
        dim (int, optional): the dimension to reduce. Default: all.
        keepdim (bool): whether the outputs keep the reduced dim(s) with size 1.

    Example::

        >>> torch.aminmax(torch.tensor([3, 7, -1, 4]))
        numtensor.return_types.aminmax(
        min=tensor(-1),
        max=tensor(7))
        >>> torch.aminmax(torch.tensor([[1., 2., 3.], [4., 6., 8.]]), dim=1).max
        tensor([3., 8.])
    """
    if dim is None:
        low, high = input.amin(), input.amax()
        if keepdim:
            low, high = low.reshape((1,) * input.ndim), high.reshape((1,) * input.ndim)
        return aminmax_type(low, high)
    return aminmax_type(input.amin(dim, keepdim), input.amax(dim, keepdim))


@op("kthvalue")
def kthvalue(input, k: int, dim: int = -1, keepdim: bool = False):
    r"""Returns the ``k``-th smallest element of ``input`` along ``dim``, and its index.

    A named tuple ``(values, indices)``; ``k`` counts from 1. ``x.kthvalue(k)`` is the
    method form.

    Args:
        input (Tensor): the input tensor.
        k (int): which smallest element, from 1.
        dim (int): the dimension to search. Default: -1, the last.
        keepdim (bool): whether the outputs keep the reduced dim with size 1.

    Example::

        >>> torch.kthvalue(torch.tensor([5., 1., 4., 2.]), 2)
        numtensor.return_types.kthvalue(
        values=tensor(2.),
        indices=tensor(3))
    """
    n = input.shape[dim] if input.ndim else 1
    if not 1 <= k <= n:
        raise RuntimeError(
            f"kthvalue(): selected number k out of range for dimension {dim % max(input.ndim, 1)}"
        )
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
    return kthvalue_type(v, i)


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


def _quantile(input, q, dim, keepdim, interpolation, ignore_nan: bool):
    from .creation import tensor

    if interpolation not in ("linear", "lower", "higher", "midpoint", "nearest"):
        raise RuntimeError(
            "quantile() interpolation must be one of linear, lower, higher, midpoint or nearest. "
            f"Got {interpolation}"
        )
    if not input.dtype.is_floating_point:
        raise RuntimeError("quantile() input tensor must be either float or double dtype")
    scalar_q = not isinstance(q, Tensor)
    qs = tensor(
        [q] if scalar_q else q.tolist() if q.ndim else [q.item()],
        dtype=input.dtype,
        device=input.device,
    )
    if qs.numel() and (qs.min().item() < 0 or qs.max().item() > 1):
        raise RuntimeError("quantile() q values must be in the range [0, 1]")
    x = input.reshape(-1) if dim is None else input
    d = 0 if dim is None else dim % max(x.ndim, 1)
    x = x.reshape(1) if x.ndim == 0 else x
    values = x.sort(d).values  # NaN sorts last
    n = x.shape[d]
    nan = x.isnan().any(d, keepdim=True)
    count = (~x.isnan()).sum(d, keepdim=True) if ignore_nan else None
    results = []
    for p in qs.tolist():
        if ignore_nan:
            last = (count - 1).clamp(min=0).to(input.dtype)
        else:
            last = x.new_full((1,) * x.ndim, float(n - 1))
        rank = last * p
        below, above = rank.floor(), rank.ceil()
        if interpolation == "lower":
            above = below
        elif interpolation == "higher":
            below = above
        elif interpolation == "nearest":
            below = above = rank.round()
        lo = values.gather(d, below.long().expand(*values.shape[:d], 1, *values.shape[d + 1 :]))
        hi = values.gather(d, above.long().expand(*values.shape[:d], 1, *values.shape[d + 1 :]))
        if interpolation == "midpoint":
            out = lo + (hi - lo) * 0.5
        else:
            out = lo + (hi - lo) * (rank - below)
        if ignore_nan:
            out = out.masked_fill(count == 0, float("nan"))
        else:
            out = out.masked_fill(nan, float("nan"))
        results.append(out if keepdim and dim is not None else out.squeeze(d))
    from .joining import stack

    if dim is None and keepdim:
        results = [r.reshape((1,) * input.ndim) for r in results]
    if scalar_q:
        return results[0]
    return stack(results, 0)


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


@op("nanmedian")
def nanmedian(input, dim=None, keepdim: bool = False):
    r"""Returns the median of the values of ``input`` that are not NaN (see :func:`median`).

    The lower of the two middle values for an even count; a slice of only NaNs gives NaN.
    With ``dim`` the result is a named tuple ``(values, indices)``. ``x.nanmedian(...)`` is
    the method form.

    Args:
        input (Tensor): the input tensor.
        dim (int, optional): the dimension to reduce. Default: None, all elements.
        keepdim (bool): whether the output keeps the reduced dim with size 1.

    Example::

        >>> torch.nanmedian(torch.tensor([1., float("nan"), 3., 2.]))
        tensor(2.)
        >>> torch.nanmedian(torch.tensor([[1., float("nan"), 3.], [2., 5., float("nan")]]), 1)
        numtensor.return_types.nanmedian(
        values=tensor([1., 2.]),
        indices=tensor([0, 0]))
    """
    if dim is None:
        flat = input.reshape(-1)
        keep = ~flat.isnan() if flat.dtype.is_floating_point else flat == flat
        values = flat[keep]
        if not values.numel():
            return flat.new_full((), float("nan"))
        return values.sort().values[(values.numel() - 1) // 2]
    d = dim % max(input.ndim, 1)
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


@op("bincount")
def bincount(input, weights=None, minlength: int = 0):
    r"""Counts how often each non-negative integer occurs in the 1-D tensor ``input``.

    The result has ``max(input) + 1`` bins (at least ``minlength``); bin ``i`` counts the
    occurrences of ``i`` (int64), or sums their ``weights`` (float32/float64 weights keep
    their dtype, others sum in float64). ``x.bincount()`` is the method form.

    Args:
        input (Tensor): a 1-D tensor of non-negative integers.
        weights (Tensor, optional): a weight per element of ``input``.
        minlength (int): the least number of bins. Default: 0.

    Example::

        >>> torch.bincount(torch.tensor([1, 1, 3, 0]))
        tensor([1, 2, 0, 1])
        >>> torch.bincount(torch.tensor([1, 1, 3]), weights=torch.tensor([0.5, 1., 2.]))
        tensor([0.0000, 1.5000, 0.0000, 2.0000])
    """
    from .creation import zeros

    if input.ndim != 1 or input.dtype.is_floating_point or input.dtype is _dtype.bool_:
        raise RuntimeError("bincount only supports 1-d non-negative integral inputs.")
    if input.numel() and input.min().item() < 0:
        raise RuntimeError("bincount only supports 1-d non-negative integral inputs.")
    size = max(int(input.max().item()) + 1 if input.numel() else 0, minlength)
    if weights is None:
        return zeros(size, dtype=_dtype.int64, device=input.device).index_add(
            0, input, input.new_ones(input.shape, dtype=_dtype.int64)
        )
    # (float32 and float64 weights keep their dtype; any other sums in float64, as PyTorch)
    d = weights.dtype if weights.dtype in (_dtype.float32, _dtype.float64) else _dtype.float64
    return zeros(size, dtype=d, device=input.device).index_add(0, input, weights.to(d))


@op("histc")
def histc(input, bins: int = 100, min=0, max=0, *, out=None):
    r"""Computes the histogram of ``input`` with ``bins`` equal-width bins over [min, max].

    When ``min`` and ``max`` are both 0, the data's smallest and largest values are used.
    Elements outside the range are ignored; the top edge belongs to the last bin. The
    counts have ``input``'s (floating) dtype. ``x.histc(...)`` is the method form.

    Args:
        input (Tensor): the input tensor (floating point).
        bins (int): the number of bins. Default: 100.
        min (Number): the lower end of the range. Default: 0.
        max (Number): the upper end of the range. Default: 0.

    Keyword args:
        out (Tensor, optional): the output tensor.

    Example::

        >>> torch.histc(torch.tensor([1., 2., 1., 4.]), bins=4, min=0, max=4)
        tensor([0., 2., 1., 1.])
        >>> torch.histc(torch.tensor([1., 2., 1., 4.]), bins=3)
        tensor([2., 1., 1.])
    """
    if not input.dtype.is_floating_point:
        raise RuntimeError(
            f"\"histogram_cpu\" not implemented for '{_dtype.type_name(input.dtype)}'"
        )
    x = input.reshape(-1)
    lo, hi = float(min), float(max)
    if lo == hi and x.numel():
        lo, hi = x.min().item(), x.max().item()
    if lo == hi:
        lo, hi = lo - 1, hi + 1
    keep = (x >= lo) & (x <= hi)
    x = x[keep]
    index = ((x - lo) * (bins / (hi - lo))).long().clamp(max=bins - 1)
    from .creation import zeros

    result = zeros(bins, dtype=input.dtype, device=input.device).index_add(
        0, index, x.new_ones(x.shape)
    )
    return to_out(result, out)


@op("searchsorted", method=False)
def searchsorted(
    sorted_sequence,
    input,
    *,
    out_int32: bool = False,
    right: bool = False,
    side=None,
    sorter=None,
    out=None,
):
    r"""Finds where each value of ``input`` would be inserted in the sorted innermost
    dimension of ``sorted_sequence`` to keep it sorted.

    With ``right=False`` (``side="left"``) the index is the first position ``i`` with
    ``sorted_sequence[..., i] >= value``; with ``right=True`` the first with ``> value``.
    A 1-D ``sorted_sequence`` serves every value; otherwise its leading dims must match
    ``input``'s.

    Args:
        sorted_sequence (Tensor): sorted along its last dimension (or sorted by ``sorter``).
        input (Tensor or Scalar): the values to place.

    Keyword args:
        out_int32 (bool): return int32 indices instead of int64. Default: False.
        right (bool): on ties, place after the equal elements. Default: False.
        side (str, optional): ``"left"`` or ``"right"``, the same as ``right``.
        sorter (LongTensor, optional): indices that sort an unsorted ``sorted_sequence``.
        out (Tensor, optional): the output tensor.

    Example::

        >>> seq = torch.tensor([1, 3, 5, 7])
        >>> torch.searchsorted(seq, torch.tensor([3, 6, 9]))
        tensor([1, 3, 4])
        >>> torch.searchsorted(seq, torch.tensor([3, 6, 9]), right=True)
        tensor([2, 3, 4])
    """
    from .creation import tensor

    if side is not None:
        if side not in ("left", "right"):
            raise RuntimeError(f"side can only be 'left' or 'right' but got {side}")
        right = side == "right"
    seq = sorted_sequence
    if sorter is not None:
        seq = seq.gather(-1, sorter)
    values = (
        input if isinstance(input, Tensor) else tensor(input, dtype=seq.dtype, device=seq.device)
    )
    if seq.ndim > 1 and tuple(seq.shape[:-1]) != tuple(values.shape[:-1]):
        raise RuntimeError(
            "torch.searchsorted(): boundaries tensor should be 1 dimension or the first N-1 "
            "dimensions of boundaries tensor and input value tensor must match"
        )
    common = _dtype.result_type(seq, values)
    s, v = seq.to(common), values.to(common)
    if seq.ndim == 1:
        below = (s < v.unsqueeze(-1)) if not right else (s <= v.unsqueeze(-1))
    else:
        below = (
            (s.unsqueeze(-2) < v.unsqueeze(-1))
            if not right
            else (s.unsqueeze(-2) <= v.unsqueeze(-1))
        )
    result = below.sum(-1)
    result = result.int() if out_int32 else result
    return to_out(result, out)


@op("bucketize", method=lambda self, boundaries, **kw: bucketize(self, boundaries, **kw))
def bucketize(input, boundaries, *, out_int32: bool = False, right: bool = False, out=None):
    r"""Returns, for each element of ``input``, the index of its bucket among ``boundaries``.

    ``boundaries`` is a sorted 1-D tensor; the index is where the element would be inserted
    to keep it sorted (:func:`searchsorted` with the arguments swapped). With
    ``right=False`` the buckets are ``boundaries[i-1] < x <= boundaries[i]``; with
    ``right=True``, ``boundaries[i-1] <= x < boundaries[i]``.

    Args:
        input (Tensor or Scalar): the values.
        boundaries (Tensor): the sorted 1-D boundaries.

    Keyword args:
        out_int32 (bool): return int32 indices instead of int64. Default: False.
        right (bool): which side of a boundary equal values go to. Default: False.
        out (Tensor, optional): the output tensor.

    Differs from PyTorch: numtensor also binds it as a method, ``x.bucketize(boundaries)``.

    Example::

        >>> boundaries = torch.tensor([1, 3, 5, 7])
        >>> torch.bucketize(torch.tensor([[1, 6], [3, 9]]), boundaries)
        tensor([[0, 3],
                [1, 4]])
        >>> torch.bucketize(torch.tensor([1, 6, 3]), boundaries, right=True)
        tensor([1, 3, 2])
    """
    if boundaries.ndim != 1:
        raise RuntimeError(f"boundaries tensor must be 1 dimension, but got dim({boundaries.ndim})")
    return searchsorted(boundaries, input, out_int32=out_int32, right=right, out=out)


@op("isin", method=False)
def isin(elements, test_elements, *, assume_unique: bool = False, invert: bool = False):
    r"""Tests whether each element of ``elements`` occurs in ``test_elements``.

    Returns a bool tensor shaped like ``elements``. Either argument (not both) may be a
    Python number.

    Args:
        elements (Tensor or Scalar): the values to test.
        test_elements (Tensor or Scalar): the values to look for.

    Keyword args:
        assume_unique (bool): a hint that both hold unique values (ignored).
        invert (bool): answer "not in" instead. Default: False.

    Example::

        >>> torch.isin(torch.tensor([[1, 2], [3, 4]]), torch.tensor([2, 3]))
        tensor([[False,  True],
                [ True, False]])
        >>> torch.isin(torch.tensor([1, 2, 3]), torch.tensor([2]), invert=True)
        tensor([ True, False,  True])
    """
    from .creation import tensor

    ref = elements if isinstance(elements, Tensor) else test_elements
    e = elements if isinstance(elements, Tensor) else tensor(elements, device=ref.device)
    t = (
        test_elements
        if isinstance(test_elements, Tensor)
        else tensor(test_elements, device=ref.device)
    )
    found = (
        (e.unsqueeze(-1) == t.reshape(-1)).any(-1)
        if t.numel()
        else e.new_zeros(e.shape, dtype=_dtype.bool_)
    )
    return ~found if invert else found


# ---- index writes -------------------------------------------------------------------------


def _index_args(self, dim, index, name):
    d = dim % max(self.ndim, 1)
    if index.ndim > 1:
        raise IndexError(f"{name}_(): Index is supposed to be a vector")
    if index.dtype not in (_dtype.int64, _dtype.int32):
        raise IndexError(f"{name}_(): Expected dtype int32/int64 for index")
    return d


def _spread(self, d, index):
    """``index`` along dim ``d``, expanded over the other dims of ``self`` (for scatter)."""
    shape = [1] * self.ndim
    shape[d] = index.numel()
    full = list(self.shape)
    full[d] = index.numel()
    return index.reshape(shape).expand(full)


@op(
    "index_add",
    inplace=lambda self, dim, index, source, *, alpha=1: self.copy_(
        index_add(self, dim, index, source, alpha=alpha)
    ),
)
def index_add(input, dim: int, index, source, *, alpha=1, out=None):
    r"""Adds ``alpha * source`` into ``input`` at the positions ``index`` along ``dim``.

    For ``dim=0`` and 2-D tensors: ``out[index[i], :] += alpha * source[i, :]``. Repeated
    indices add up. ``x.index_add(...)`` and ``x.index_add_(...)`` are the method and
    in-place forms.

    Args:
        input (Tensor): the tensor to add into.
        dim (int): the dimension along which to index.
        index (Tensor): a 1-D int64 or int32 tensor of positions along ``dim``.
        source (Tensor): the values; ``source.shape[dim] == len(index)``, the other dims
            like ``input``'s.

    Keyword args:
        alpha (Number): the multiplier of ``source``. Default: 1.
        out (Tensor, optional): the output tensor.

    Example::

        >>> x = torch.zeros(3, 2)
        >>> torch.index_add(x, 0, torch.tensor([0, 2, 0]), torch.ones(3, 2), alpha=2)
        tensor([[4., 4.],
                [0., 0.],
                [2., 2.]])
    """
    d = _index_args(input, dim, index, "index_add")
    if input.ndim == 0:
        result = input + source.sum() * alpha
    else:
        src = source if alpha == 1 else source * alpha
        src = (
            src.reshape([index.numel() if i == d else s for i, s in enumerate(input.shape)])
            if src.ndim != input.ndim
            else src
        )
        result = input.scatter_add(d, _spread(input, d, index.long()), src.to(input.dtype))
    return to_out(result, out)


@op(
    "index_copy",
    inplace=lambda self, dim, index, source: self.copy_(index_copy(self, dim, index, source)),
)
def index_copy(input, dim: int, index, source):
    r"""Copies the slices of ``source`` into ``input`` at the positions ``index`` along ``dim``.

    For ``dim=0``: ``out[index[i]] = source[i]``. ``x.index_copy(...)`` and
    ``x.index_copy_(...)`` are the method and in-place forms.

    Args:
        input (Tensor): the tensor to copy into.
        dim (int): the dimension along which to index.
        index (Tensor): a 1-D int64 or int32 tensor of positions along ``dim``.
        source (Tensor): the values; ``source.shape[dim] == len(index)``.

    Example::

        >>> x = torch.zeros(3, 2)
        >>> torch.index_copy(x, 0, torch.tensor([2, 0]), torch.tensor([[1., 2.], [3., 4.]]))
        tensor([[3., 4.],
                [0., 0.],
                [1., 2.]])
    """
    d = _index_args(input, dim, index, "index_copy")
    if input.ndim == 0:
        return source.reshape(()).to(input.dtype) + input * 0
    return input.scatter(d, _spread(input, d, index.long()), source.to(input.dtype))


@op(
    "index_fill",
    inplace=lambda self, dim, index, value: self.copy_(index_fill(self, dim, index, value)),
)
def index_fill(input, dim: int, index, value):
    r"""Fills the slices of ``input`` at the positions ``index`` along ``dim`` with ``value``.

    ``x.index_fill(...)`` and ``x.index_fill_(...)`` are the method and in-place forms.

    Args:
        input (Tensor): the input tensor.
        dim (int): the dimension along which to index.
        index (Tensor): a 1-D int64 or int32 tensor of positions along ``dim``.
        value (Number or 0-dim Tensor): the value to fill with.

    Example::

        >>> torch.index_fill(torch.arange(6.).reshape(2, 3), 1, torch.tensor([0, 2]), -1.)
        tensor([[-1.,  1., -1.],
                [-1.,  4., -1.]])
    """
    d = _index_args(input, dim, index, "index_fill")
    mask = input.new_zeros(input.shape[d] if input.ndim else 1, dtype=_dtype.bool_)
    mask = mask.index_copy(0, index.long(), mask.new_ones(index.shape)) if index.numel() else mask
    shape = [1] * input.ndim
    if input.ndim:
        shape[d] = input.shape[d]
    fill = value.item() if isinstance(value, Tensor) else value
    return input.masked_fill(mask.reshape(shape) if input.ndim else mask.reshape(()), fill)
