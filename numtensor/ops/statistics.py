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
    """sum, NaN counted as zero."""
    x = _without_nan(input)
    return x.sum(dim, keepdim, dtype=dtype) if dim is not None else x.sum(dtype=dtype)


@op("nanmean")
def nanmean(input, dim=None, keepdim: bool = False, *, dtype=None):
    """mean of the values that are not NaN."""
    if not input.dtype.is_floating_point:
        raise RuntimeError(
            f"nanmean(): expected input to have floating point or complex dtype but got "
            f"{_dtype.type_name(input.dtype)}"
        )
    count = (~input.isnan()).sum(dim, keepdim) if dim is not None else (~input.isnan()).sum()
    return nansum(input, dim, keepdim, dtype=dtype) / count


@op("std_mean")
def std_mean(input, dim=None, unbiased=None, keepdim: bool = False, *, correction=None):
    return (input.std(dim, unbiased, keepdim, correction=correction),
            input.mean(dim, keepdim) if dim is not None else _all_mean(input, keepdim))  # fmt: skip


@op("var_mean")
def var_mean(input, dim=None, unbiased=None, keepdim: bool = False, *, correction=None):
    return (input.var(dim, unbiased, keepdim, correction=correction),
            input.mean(dim, keepdim) if dim is not None else _all_mean(input, keepdim))  # fmt: skip


def _all_mean(input, keepdim: bool):
    mean = input.mean()
    return mean.reshape((1,) * input.ndim) if keepdim else mean


aminmax_type = return_types._make("aminmax", "min", "max")
kthvalue_type = return_types._make("kthvalue", "values", "indices")


@op("aminmax")
def aminmax(input, *, dim=None, keepdim: bool = False):
    if dim is None:
        low, high = input.amin(), input.amax()
        if keepdim:
            low, high = low.reshape((1,) * input.ndim), high.reshape((1,) * input.ndim)
        return aminmax_type(low, high)
    return aminmax_type(input.amin(dim, keepdim), input.amax(dim, keepdim))


@op("kthvalue")
def kthvalue(input, k: int, dim: int = -1, keepdim: bool = False):
    """The k-th smallest value along ``dim`` and its index."""
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
    result = _quantile(input, q, dim, keepdim, interpolation, ignore_nan=False)
    return to_out(result, out)


@op("nanquantile")
def nanquantile(
    input, q, dim=None, keepdim: bool = False, *, interpolation: str = "linear", out=None
):
    result = _quantile(input, q, dim, keepdim, interpolation, ignore_nan=True)
    return to_out(result, out)


@op("nanmedian")
def nanmedian(input, dim=None, keepdim: bool = False):
    """The lower median of the values that are not NaN (values and indices with a dim)."""
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
    return return_types.median(v, i)


@op("cov")
def cov(input, *, correction: int = 1, fweights=None, aweights=None):
    """The covariance matrix of the variables in the rows of ``input``."""
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
    c = cov(input)
    if c.ndim == 0:
        return c / c
    d = c.diagonal().sqrt()
    return (c / d.unsqueeze(1) / d.unsqueeze(0)).clamp(-1, 1)


@op("bincount")
def bincount(input, weights=None, minlength: int = 0):
    """How often each non-negative integer occurs (summing ``weights`` when given)."""
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
    """A histogram of ``bins`` equal bins over [min, max] (the data's range when both are 0)."""
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
    """Where each value would go in the sorted last dim of ``sorted_sequence``."""
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
    if boundaries.ndim != 1:
        raise RuntimeError(f"boundaries tensor must be 1 dimension, but got dim({boundaries.ndim})")
    return searchsorted(boundaries, input, out_int32=out_int32, right=right, out=out)


@op("isin", method=False)
def isin(elements, test_elements, *, assume_unique: bool = False, invert: bool = False):
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
    """``input`` with ``alpha * source`` added at ``index`` along ``dim`` (repeats add up)."""
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
    d = _index_args(input, dim, index, "index_copy")
    if input.ndim == 0:
        return source.reshape(()).to(input.dtype) + input * 0
    return input.scatter(d, _spread(input, d, index.long()), source.to(input.dtype))


@op(
    "index_fill",
    inplace=lambda self, dim, index, value: self.copy_(index_fill(self, dim, index, value)),
)
def index_fill(input, dim: int, index, value):
    d = _index_args(input, dim, index, "index_fill")
    mask = input.new_zeros(input.shape[d] if input.ndim else 1, dtype=_dtype.bool_)
    mask = mask.index_copy(0, index.long(), mask.new_ones(index.shape)) if index.numel() else mask
    shape = [1] * input.ndim
    if input.ndim:
        shape[d] = input.shape[d]
    fill = value.item() if isinstance(value, Tensor) else value
    return input.masked_fill(mask.reshape(shape) if input.ndim else mask.reshape(()), fill)
