"""Function forms and small compositions PyTorch keeps in its namespace: ``gradient``
(finite differences), ``adjoint``, ``detach``, ``get_device`` and ``is_inference`` as
functions, ``renorm``, and the deprecated ``frobenius_norm`` / ``nuclear_norm``."""

from __future__ import annotations

import warnings

from .._dtype import get_default_dtype, type_name
from .._tensor_base import Tensor, wrap_dim
from .registry import method, op

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
    r"""Estimates the gradient of a function :math:`g : \mathbb{R}^n \rightarrow \mathbb{R}`
    in one or more dimensions using the second-order accurate central differences method,
    and either first or second order estimates at the boundaries.

    ``input`` holds the function's samples; the derivative is estimated along each
    dimension (or each of ``dim``). Integer inputs give the default float dtype.

    Args:
        input (Tensor): the values of the function.

    Keyword args:
        spacing (scalar, list of scalars, or list of Tensors, optional): the distance
            between samples (one number for all dims, or one per dim), or the coordinates of
            the samples (one 1-D tensor per dim). Default: ``1``.
        dim (int or list of ints, optional): the dimension(s) to differentiate along.
            Default: all.
        edge_order (int): 1 or 2, the order of the one-sided differences at the ends.
            Default: ``1``.

    Returns:
        tuple of Tensors: one per dimension, each shaped like ``input``.

    Example::

        >>> torch.gradient(torch.tensor([1., 4., 9., 16.]))
        (tensor([3., 4., 6., 7.]),)
        >>> torch.gradient(torch.tensor([1., 4., 9., 16.]), spacing=2.)
        (tensor([1.5000, 2.0000, 3.0000, 3.5000]),)
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
    r"""Returns the conjugate transpose of the last two dimensions of ``input``.

    For real dtypes this is a view, ``input.transpose(-2, -1)``. ``x.adjoint()`` is the
    same.

    Differs from PyTorch: for complex dtypes the result is a conjugated copy (numtensor has
    no lazy conjugate bit), not a view.

    Args:
        input (Tensor): a matrix or a batch of matrices.

    Example::

        >>> torch.tensor([[1., 2.], [3., 4.]]).adjoint()
        tensor([[1., 3.],
                [2., 4.]])
        >>> torch.adjoint(torch.tensor([[1 + 1j, 2 - 1j], [3j, 4]]))
        tensor([[1.-1.j, 0.-3.j],
                [2.+1.j, 4.-0.j]])
    """
    if input.ndim < 2:
        raise RuntimeError(
            "tensor.adjoint() is only supported on matrices or batches of matrices. Got "
            f"{input.ndim}-D tensor."
        )
    if input.dtype.is_complex:  # (conj computes a copy: numtensor has no conjugate bit)
        return input.transpose(-2, -1).conj()
    return input.transpose(-2, -1)


def _H(self):
    r"""The conjugate transpose of a matrix (2-D tensor): ``x.transpose(0, 1).conj()``; a
    0-d tensor gives itself, with PyTorch's deprecation warning.

    Example::

        >>> torch.tensor([[1., 2.], [3., 4.]]).H
        tensor([[1., 3.],
                [2., 4.]])
    """
    if self.ndim == 0:
        import warnings

        warnings.warn(
            "Tensor.H is deprecated on 0-D tensors. Consider using x.conj().", UserWarning, 2
        )
        return self.conj() if self.dtype.is_complex else self
    if self.ndim != 2:
        hint = " For batches of matrices, consider using tensor.mH" if self.ndim > 2 else ""
        raise RuntimeError(
            f"tensor.H is only supported on matrices (2-D tensors). Got {self.ndim}-D tensor.{hint}"
        )
    return adjoint(self)


def _mH(self):
    r"""The conjugate transpose of the last two dimensions (a matrix or a batch of them):
    :func:`numtensor.adjoint`.

    Example::

        >>> torch.zeros(2, 3, 4).mH.shape
        numtensor.Size([2, 4, 3])
    """
    if self.ndim < 2:
        raise RuntimeError(
            "tensor.mH is only supported on matrices or batches of matrices. Got "
            f"{self.ndim}-D tensor."
        )
    return adjoint(self)


def _is_view(self) -> bool:
    r"""Whether this tensor is a view of another tensor's memory (PyTorch's
    ``Tensor._is_view``).

    Example::

        >>> x = torch.zeros(2, 3)
        >>> x._is_view(), x.t()._is_view()
        (False, True)
    """
    return self._base is not None


method("H", property(_H))
method("mH", property(_mH))
method("_is_view", _is_view)


@op("detach", method=False)
def detach(input):
    r"""Returns a new tensor over ``input``'s memory, detached from the autograd graph.

    Same as :meth:`Tensor.detach`: the result never requires grad, and in-place changes to
    either show in the other.

    Args:
        input (Tensor): the input tensor.

    Example::

        >>> torch.detach(torch.ones(2, requires_grad=True))
        tensor([1., 1.])
    """
    return input.detach()


@op("get_device", method=False)
def get_device(input) -> int:
    r"""Returns the index of the CUDA device ``input`` is on, or -1 for a CPU tensor; same as
    :meth:`Tensor.get_device`.

    Args:
        input (Tensor): the input tensor.

    Example::

        >>> torch.get_device(torch.zeros(2))
        -1
    """
    return input.get_device()


@op("is_inference", method=False)
def is_inference(input) -> bool:
    r"""Returns ``True`` if ``input`` is an inference tensor (made in :class:`inference_mode`);
    same as :meth:`Tensor.is_inference`.

    Args:
        input (Tensor): the input tensor.

    Example::

        >>> torch.is_inference(torch.zeros(1))
        False
    """
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
    r"""Returns a tensor where each sub-tensor of ``input`` along dimension ``dim`` is
    normalised such that its ``p``-norm is lower than or equal to ``maxnorm``.

    Each slice ``input.select(dim, i)`` whose ``p``-norm exceeds ``maxnorm`` is scaled down
    to norm ``maxnorm``; the others are kept. ``x.renorm(...)`` is the same;
    ``x.renorm_(...)`` the in-place form.

    Args:
        input (Tensor): the input tensor.
        p (float): the power for the norm computation.
        dim (int): the dimension to slice over to get the sub-tensors.
        maxnorm (float): the maximum norm to keep each sub-tensor under.

    Keyword args:
        out (Tensor, optional): the output tensor.

    Example::

        >>> torch.renorm(torch.tensor([[3., 4.], [0.3, 0.4]]), 2, 0, 1.)
        tensor([[0.6000, 0.8000],
                [0.3000, 0.4000]])
    """
    from .conversion import to_out

    return to_out(_renorm(input, p, dim, maxnorm), out)


@op("frobenius_norm", method=False)
def frobenius_norm(input, dim, keepdim: bool = False, *, out=None):
    r"""Returns the Frobenius (2-) norm of ``input`` over the dimensions ``dim``.

    Deprecated (PyTorch warns once, and so does numtensor): use
    ``numtensor.linalg.vector_norm(input, 2, dim, keepdim)``.

    Args:
        input (Tensor): the input tensor.
        dim (int or tuple of ints): the dimensions to reduce.
        keepdim (bool): whether the output keeps the reduced dims. Default: ``False``.

    Keyword args:
        out (Tensor, optional): the output tensor.

    Example::

        >>> torch.frobenius_norm(torch.tensor([[3., 4.]]), dim=(0, 1))
        tensor(5.)
    """
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
    r"""Returns the nuclear norm (the sum of the singular values) of the matrices in ``input``.

    Deprecated (PyTorch warns once, and so does numtensor): use
    ``numtensor.linalg.matrix_norm(input, 'nuc', dim, keepdim)``.

    Args:
        input (Tensor): a tensor of at least 2 dimensions.
        dim (tuple of 2 ints, optional): the matrix dimensions. Default: the last two.
        keepdim (bool): whether the output keeps the reduced dims. Default: ``False``.

    Keyword args:
        out (Tensor, optional): the output tensor.

    Example::

        >>> torch.nuclear_norm(torch.tensor([[3., 0.], [0., 4.]]))
        tensor(7.)
    """
    from .conversion import to_out
    from .svd import svdvals

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
