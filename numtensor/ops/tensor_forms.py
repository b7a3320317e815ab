"""Function forms and small compositions PyTorch keeps in its namespace: ``gradient``
(finite differences), ``adjoint``, ``detach``, ``get_device`` and ``is_inference`` as
functions, ``renorm``, and the deprecated ``frobenius_norm`` / ``nuclear_norm``."""

from __future__ import annotations

import warnings

from .._dtype import get_default_dtype, type_name
from .._tensor_base import Tensor, wrap_dim
from .registry import op

# ---- torch.gradient ---------------------------------------------------------------------------


def _gradient_error(message: str) -> RuntimeError:
    return RuntimeError("torch.gradient " + message)


def _spacings(input: Tensor, spacing, dims: list, dim_given: bool) -> list:
    """One spacing per dim of ``dims``: a number (uniform) or a 1-D coordinate tensor."""
    if isinstance(spacing, (list, tuple)):
        if len(spacing) != len(dims):
            where = (
                f"'dim' ({len(dims)})"
                if dim_given
                else f"'self.dim() = {input.ndim}', since dim argument was not given"
            )
            raise RuntimeError(
                "torch.gradient expected spacing to be unspecified, a scalar, or a list of "
                f"length equal to {where}, but got a list of length {len(spacing)}"
            )
        values = list(spacing)
    else:
        values = [spacing] * len(dims)
    out = []
    for value, d in zip(values, dims):
        if isinstance(value, Tensor) and value.ndim == 1:
            if value.shape[0] != input.shape[d]:
                raise RuntimeError(
                    "torch.gradient expected each tensor to be on the same device and to have "
                    "the same length as the dimension it corresponds to"
                )
            out.append(value)
        else:
            out.append(value.item() if isinstance(value, Tensor) else value)
    return out


def _gradient_dim(f: Tensor, d: int, h, edge_order: int) -> Tensor:
    from .joining import cat

    def at(i: int, j: int) -> Tensor:  # f[i:j] along d (negative ends count from the end)
        n = f.shape[d]
        i, j = i + n if i < 0 else i, j + n if j < 0 else j
        return f.narrow(d, i, j - i)

    if isinstance(h, Tensor):
        shape = [1] * f.ndim
        shape[d] = -1
        x = h.to(f.dtype)
        dx = x[1:] - x[:-1]
        h1, h2 = dx[:-1], dx[1:]
        a = (-h2 / (h1 * (h1 + h2))).reshape(shape)
        b = ((h2 - h1) / (h1 * h2)).reshape(shape)
        c = (h1 / (h2 * (h1 + h2))).reshape(shape)
        interior = a * at(0, -2) + b * at(1, -1) + c * at(2, f.shape[d])
        if edge_order == 1:
            first = (at(1, 2) - at(0, 1)) / dx[0]
            last = (at(-1, f.shape[d]) - at(-2, -1)) / dx[-1]
        else:
            h1, h2 = dx[0], dx[1]
            first = (
                at(0, 1) * (-(2 * h1 + h2) / (h1 * (h1 + h2)))
                + at(1, 2) * ((h1 + h2) / (h1 * h2))
                + at(2, 3) * (-h1 / (h2 * (h1 + h2)))
            )
            h1, h2 = dx[-2], dx[-1]
            last = (
                at(-3, -2) * (h2 / (h1 * (h1 + h2)))
                + at(-2, -1) * (-(h2 + h1) / (h1 * h2))
                + at(-1, f.shape[d]) * ((2 * h2 + h1) / (h2 * (h1 + h2)))
            )
    else:
        interior = (at(2, f.shape[d]) - at(0, -2)) / (2.0 * h)
        if edge_order == 1:
            first = (at(1, 2) - at(0, 1)) / h
            last = (at(-1, f.shape[d]) - at(-2, -1)) / h
        else:
            first = (at(0, 1) * -1.5 + at(1, 2) * 2.0 - at(2, 3) * 0.5) / h
            last = (at(-3, -2) * 0.5 - at(-2, -1) * 2.0 + at(-1, f.shape[d]) * 1.5) / h
    return cat([first, interior, last], d)


@op("gradient", method=False)
def gradient(input, *, spacing=1, dim=None, edge_order: int = 1) -> tuple:
    """Estimates the derivative of the function sampled in ``input`` along each dim (or each
    of ``dim``) by central differences in the interior and one-sided differences of order
    ``edge_order`` (1 or 2) at the ends. ``spacing``: the sample distance (a number, one per
    dim) or the sample coordinates (one 1-D tensor per dim). Returns one tensor per dim.

    Example: ``torch.gradient(torch.tensor([1., 4., 9., 16.]))`` -> (tensor([3., 4., 6., 7.]),)
    """
    if edge_order not in (1, 2):
        raise RuntimeError("torch.gradient only supports edge_order=1 and edge_order=2.")
    dim_given = dim is not None
    if dim is None:
        dims = list(range(input.ndim))
    elif isinstance(dim, int):
        dims = [wrap_dim(dim, input.ndim)]
    else:
        dims = [wrap_dim(d, input.ndim) for d in dim]
    for d in dims:
        if input.shape[d] < edge_order + 1:
            raise RuntimeError(
                "torch.gradient expected each dimension size to be at least edge_order+1"
            )
    steps = _spacings(input, spacing, dims, dim_given)
    f = input if input.dtype.is_floating_point else input.to(get_default_dtype())
    return tuple(_gradient_dim(f, d, h, edge_order) for d, h in zip(dims, steps))


# ---- function forms ---------------------------------------------------------------------------


@op("adjoint")
def adjoint(input):
    """The conjugate transpose of the last two dims (a view; the transpose for real dtypes)."""
    if input.ndim < 2:
        raise RuntimeError(
            "tensor.adjoint() is only supported on matrices or batches of matrices. Got "
            f"{input.ndim}-D tensor."
        )
    return input.transpose(-2, -1)


@op("detach", method=False)
def detach(input):
    """A new tensor over ``input``'s memory, outside the autograd graph."""
    return input.detach()


@op("get_device", method=False)
def get_device(input) -> int:
    """The CUDA device index of ``input``, or -1 for a CPU tensor."""
    return input.get_device()


@op("is_inference", method=False)
def is_inference(input) -> bool:
    """Whether ``input`` was made in inference mode."""
    return input.is_inference()


_WARNED: set = set()


def _warn_once(message: str) -> None:
    """PyTorch's TORCH_WARN_ONCE: a deprecation said once per process."""
    if message not in _WARNED:
        _WARNED.add(message)
        warnings.warn(message, UserWarning, stacklevel=3)


# ---- norms ------------------------------------------------------------------------------------


def _renorm(input, p, dim: int, maxnorm):
    """Each slice of ``input`` along ``dim`` whose p-norm exceeds ``maxnorm``, scaled to norm
    ``maxnorm`` (the others unchanged)."""
    from .pointwise import where

    if not p > 0:
        raise RuntimeError("renorm: non-positive-norm not supported")
    if maxnorm < 0:
        raise RuntimeError(f"renorm: expected maxnorm to be >= 0 but got {maxnorm:g}")
    if input.ndim < 2:
        raise RuntimeError(
            f"renorm: input needs at least 2 dimensions, got {input.ndim} dimensions"
        )
    if not input.dtype.is_floating_point:
        raise RuntimeError(
            "linalg.vector_norm: Expected a floating point or complex tensor as input. Got "
            f"{type_name(input.dtype)}"
        )
    d = wrap_dim(dim, input.ndim)
    others = [k for k in range(input.ndim) if k != d]
    norms = input.norm(p, others, keepdim=True)
    factor = where(norms > maxnorm, maxnorm / (norms + 1e-7), norms.new_ones(()))
    return input * factor


def _renorm_(self, p, dim: int, maxnorm):
    return self.copy_(_renorm(self, p, dim, maxnorm))


@op("renorm", inplace=_renorm_)
def renorm(input, p, dim: int, maxnorm, *, out=None):
    """Each slice of ``input`` along ``dim`` (``input.select(dim, i)``) whose ``p``-norm
    exceeds ``maxnorm`` scaled down to norm ``maxnorm``; the others are kept.

    Example: ``torch.renorm(torch.tensor([[1., 2], [3, 4]]), 2, 0, 3)`` -> tensor([[1.0, 2.0],
    [1.8, 2.4]])
    """
    from .conversion import to_out

    return to_out(_renorm(input, p, dim, maxnorm), out)


@op("frobenius_norm", method=False)
def frobenius_norm(input, dim, keepdim: bool = False, *, out=None):
    """Deprecated: ``linalg.vector_norm(input, 2, dim, keepdim)``."""
    from .conversion import to_out

    _warn_once(
        "at::frobenius_norm is deprecated and it is just left for JIT compatibility. It will be "
        "removed in a future PyTorch release. Please use `linalg.vector_norm(A, 2., dim, "
        "keepdim)` instead"
    )
    dims = (dim,) if isinstance(dim, int) else tuple(dim)
    return to_out(input.norm(2, dims, keepdim=keepdim), out)


@op("nuclear_norm", method=False)
def nuclear_norm(input, dim=None, keepdim: bool = False, *, out=None):
    """Deprecated: ``linalg.matrix_norm(input, 'nuc', dim, keepdim)``: the sum of the singular
    values of the matrices over ``dim`` (default: the last two dims)."""
    from .conversion import to_out
    from .linalg import svdvals

    if isinstance(dim, bool):  # (nuclear_norm(input, keepdim) positionally)
        dim, keepdim = None, dim
    _warn_once(
        "at::nuclear_norm is deprecated and it is just left for JIT compatibility. It will be "
        "removed in a future PyTorch release. Please use `linalg.matrix_norm(A, 'nuc', dim, "
        "keepdim)` instead"
    )
    if input.ndim < 2:
        raise RuntimeError(
            "linalg.matrix_norm: The input tensor A must have at least 2 dimensions."
        )
    dim = (-2, -1) if dim is None else dim
    r, c = (wrap_dim(k, input.ndim) for k in dim)
    result = svdvals(input.movedim((r, c), (-2, -1))).sum(-1)
    if keepdim:
        result = result.unsqueeze(min(r, c)).unsqueeze(max(r, c))
    return to_out(result, out)
