"""Vector and matrix norms with PyTorch's checks: ``linalg.vector_norm``,
``linalg.matrix_norm`` and the deprecated ``norm`` that dispatches to them.

Only the vector norm is a primitive (``Norm``, its gradient the norm's subgradient); the
matrix norms are compositions of it, of ``amax`` / ``amin`` and of the singular values, so
their gradients come from those ops.
"""

from __future__ import annotations

import math

from .._dtype import CPP_TYPE_NAMES, HALVES, promote_types, type_name
from .._tensor_base import Tensor, wrap_dim
from ..autograd.function import Function
from .conversion import to_out
from .joining import cat
from .reductions_api import amax, amin, sum
from .svd import svdvals


class Norm(Function):
    """Vector norms; the gradient is the norm's subgradient (0 where the norm is 0)."""

    node_name = "LinalgVectorNormBackward0"

    def forward(self, x, p, dim, keepdim):
        self.p, self.dim, self.keepdim = p, dim, keepdim
        y = self._norm(x.float() if x.dtype in HALVES else x, p, dim, keepdim)
        if y.dtype is not x.dtype:  # (float16 is summed in float, as PyTorch does)
            y = y.to(x.dtype)
        self.save_for_backward(x, y)
        return y

    @staticmethod
    def _norm(x, p, dim, keepdim):
        from .reduce import reduce_dims

        dims = reduce_dims(x, dim)
        if p > 0 and math.prod(x.shape[d] for d in dims) == 1:
            # one element per norm: its magnitude, unsquared (as PyTorch: no overflow here)
            y = x.abs()
            return y if keepdim else y.reshape([n for d, n in enumerate(x.shape) if d not in dims])
        if p == 2:
            y = sum(x * x, dim, keepdim).sqrt()
        elif p == math.inf:
            y = amax(x.abs(), () if dim is None else dim, keepdim)
        elif p == -math.inf:
            y = amin(x.abs(), () if dim is None else dim, keepdim)
        elif p == 1:
            y = sum(x.abs(), dim, keepdim)
        elif p == 0:
            y = sum((x != 0).to(x.dtype), dim, keepdim)
        else:
            y = sum(x.abs() ** p, dim, keepdim) ** (1.0 / p)
        return y

    def vjp(self, g):
        from .reduce import _grad_to_input, reduce_dims

        x, y = self.saved
        dims = reduce_dims(x, self.dim)
        yk = _grad_to_input(y, x, dims, self.keepdim)
        gk = _grad_to_input(g, x, dims, self.keepdim)
        p = self.p
        if p == 0:  # (a count: no gradient at all, as PyTorch's leaves .grad None)
            return None, None, None, None
        if p == 2:
            grad = x / yk.masked_fill(yk == 0, 1.0)
        elif p in (math.inf, -math.inf):
            hit = (x.abs() == yk).to(x.dtype)
            grad = x.sign() * hit / sum(hit, dims or None, keepdim=True)
        elif p == 1:
            grad = x.sign()
        else:
            grad = x.sign() * x.abs() ** (p - 1) / yk.masked_fill(yk == 0, 1.0) ** (p - 1)
            if p < 1:  # (|x|^(p-1) is infinite at 0; the subgradient PyTorch takes there is 0)
                grad = grad.masked_fill(x == 0, 0.0)
        return gk * grad, None, None, None


def _number(value: float) -> str:
    """A number as PyTorch's C++ messages print it (3.0 -> 3, inf)."""
    return f"{float(value):g}"


def _check_input(x: Tensor, name: str, low_precision: bool = True) -> None:
    if not (x.dtype.is_floating_point or x.dtype.is_complex):
        raise RuntimeError(
            f"{name}: Expected a floating point or complex tensor as input. Got "
            f"{type_name(x.dtype)}"
        )
    if not low_precision and x.dtype in HALVES:
        raise RuntimeError(f"{name}: Low precision dtypes not supported. Got {type_name(x.dtype)}")


def _check_dtype(dtype, input_dtype, name: str) -> None:
    """PyTorch's rules for a norm's ``dtype=``: a float (complex for complex input) that
    ``input``'s dtype converts to without narrowing."""
    if dtype is None:
        return
    if not (dtype.is_floating_point or dtype.is_complex):
        raise RuntimeError(
            f"{name}: dtype should be floating point or complex, but got {type_name(dtype)}"
        )
    if dtype.is_complex != input_dtype.is_complex:
        kind = "complex" if input_dtype.is_complex else "real"
        raise RuntimeError(
            f"{name}: dtype should be {kind} for {kind} inputs, but got {type_name(dtype)}"
        )
    if promote_types(input_dtype, dtype) is not dtype:
        raise RuntimeError(
            f"{name}: the dtype of the input ({type_name(input_dtype)}) should be convertible "
            f"without narrowing to the specified dtype ({type_name(dtype)})"
        )


def _dim_list(dim):
    if dim is None:
        return None
    return [dim] if isinstance(dim, int) else list(dim)


def vector_norm(x, ord=2, dim=None, keepdim=False, *, dtype=None, out=None):
    r"""Computes the vector norm of ``x``: of all its elements, or over ``dim``.

    .. math:: \|x\|_{ord} = \Big(\sum_i |x_i|^{ord}\Big)^{1/ord}

    ``ord`` is any number, ``inf`` (the largest magnitude) or ``-inf`` (the smallest); 0
    counts the nonzeros. A matrix is treated as a flat vector unless ``dim`` says
    otherwise (see :func:`matrix_norm`). The result is real (the magnitudes' norm for
    complex ``x``).

    Args:
        x (Tensor): the input tensor (floating point or complex).
        ord (int, float, inf or -inf): the order of the norm. Default: 2.
        dim (int or tuple of ints, optional): the dimension(s) to reduce. Default: all.
        keepdim (bool): whether the output keeps the reduced dims with size 1.

    Keyword args:
        dtype (:class:`numtensor.dtype`, optional): the dtype to cast ``x`` to first (it
            must not narrow ``x``'s dtype).
        out (Tensor, optional): the output tensor, of the result's dtype.

    Example::

        >>> A = torch.tensor([[1., -2.], [3., 4.]])
        >>> torch.linalg.vector_norm(A)
        tensor(5.4772)
        >>> torch.linalg.vector_norm(A, ord=1, dim=1)
        tensor([3., 7.])
    """
    _check_input(x, "linalg.vector_norm")
    dims = _dim_list(dim)
    p = float(ord)
    if x.numel() == 0 and (p < 0 or p == math.inf):
        if not dims:
            raise RuntimeError(
                f"linalg.vector_norm cannot compute the {_number(ord)} norm on an empty tensor "
                "because the operation does not have an identity"
            )
        for d in dims:
            if x.shape[wrap_dim(d, x.ndim)] == 0:
                raise RuntimeError(
                    f"linalg.vector_norm cannot compute the {_number(ord)} norm on the "
                    f"dimension {d}because this dimension is empty and the operation does not "
                    "have an identity"
                )
    _check_dtype(dtype, x.dtype, "linalg.vector_norm")
    if dtype is not None and dtype is not x.dtype:
        x = x.to(dtype)
    if x.dtype.is_complex:  # (the norm of the magnitudes)
        x = x.abs()
    if out is not None and isinstance(out, Tensor) and out.dtype is not x.dtype:
        raise RuntimeError(
            f"Expected out tensor to have dtype {CPP_TYPE_NAMES[x.dtype._name]}, but got "
            f"{CPP_TYPE_NAMES[out.dtype._name]} instead"
        )
    p = int(p) if p.is_integer() else p
    return to_out(Norm.apply(x, p, dims, keepdim), out)


def _amax_or_zero(t: Tensor, d: int, keepdim: bool) -> Tensor:
    """``amax`` over ``d``, 0 for an empty ``d`` (a norm's identity, as PyTorch's)."""
    if t.shape[d] == 0:
        shape = list(t.shape)
        if keepdim:
            shape[d] = 1
        else:
            del shape[d]
        return t.new_zeros(shape)
    return amax(t, d, keepdim)


def _singular_values(x: Tensor) -> Tensor:
    """The singular values of real or complex matrices (a complex matrix X + iY through
    its real form [[X, -Y], [Y, X]], whose singular values are X + iY's, each twice)."""
    if not x.dtype.is_complex:
        return svdvals(x)
    re, im = x.real, x.imag
    real_form = cat([cat([re, -im], -1), cat([im, re], -1)], -2)
    return svdvals(real_form)[..., ::2]


def matrix_norm(A, ord="fro", dim=(-2, -1), keepdim=False, *, dtype=None, out=None):
    r"""Computes a matrix norm of ``A`` (or of each matrix of a batch, over the two ``dim``).

    ``ord`` is ``"fro"`` (Frobenius, the default), ``"nuc"`` (the sum of the singular
    values), 2 / -2 (the largest / smallest singular value), 1 / -1 (the max / min column
    sum of magnitudes) or ``inf`` / ``-inf`` (the max / min row sum).

    Args:
        A (Tensor): the input, at least 2-D (floating point or complex; ``"nuc"`` and
            2 / -2 take no float16 / bfloat16).
        ord (int, inf, -inf, "fro" or "nuc"): the norm. Default: ``"fro"``.
        dim (tuple of two ints): the dims of the matrices. Default: ``(-2, -1)``.
        keepdim (bool): whether the output keeps the reduced dims with size 1.

    Keyword args:
        dtype (:class:`numtensor.dtype`, optional): the dtype to cast ``A`` to first.
        out (Tensor, optional): the output tensor, of the result's dtype.

    Example::

        >>> A = torch.tensor([[1., -2.], [3., 4.]])
        >>> torch.linalg.matrix_norm(A)
        tensor(5.4772)
        >>> torch.linalg.matrix_norm(A, ord=1)
        tensor(6.)
        >>> torch.linalg.matrix_norm(torch.tensor([[3., 0.], [0., -2.]]), ord="nuc")
        tensor(5.)
    """
    if isinstance(dim, int):
        raise TypeError(
            f"linalg_matrix_norm(): argument 'dim' must be tuple of ints, not {type(dim).__name__}"
        )
    return _matrix_norm(A, ord, list(dim), keepdim, dtype, out)


def _matrix_norm(A, ord, dim: list, keepdim: bool, dtype, out):
    if isinstance(ord, str):
        if ord not in ("fro", "nuc"):
            raise RuntimeError(f"linalg.matrix_norm: Order {ord} not supported.")
        low_precision = ord == "fro"
    else:
        if abs(float(ord)) not in (1.0, 2.0, math.inf):
            raise RuntimeError(f"linalg.matrix_norm: Order {_number(ord)} not supported.")
        low_precision = abs(float(ord)) != 2.0
    if A.ndim < 2:
        raise RuntimeError(
            "linalg.matrix_norm: The input tensor A must have at least 2 dimensions."
        )
    _check_input(A, "linalg.matrix_norm", low_precision)
    if len(dim) != 2:
        raise RuntimeError(
            "linalg.matrix_norm: dim must be a 2-tuple. Got " + " ".join(str(d) for d in dim)
        )
    r, c = (wrap_dim(d, A.ndim) for d in dim)
    if r == c:
        raise RuntimeError(f"linalg.matrix_norm: dims must be different. Got ({r}, {c})")
    _check_dtype(dtype, A.dtype, "linalg.matrix_norm")
    result_dtype = (dtype or A.dtype).to_real()
    if out is not None and isinstance(out, Tensor) and out.dtype is not result_dtype:
        raise RuntimeError(
            f"linalg.matrix_norm expected out tensor dtype {type_name(result_dtype)} but got: "
            f"{type_name(out.dtype)}"
        )
    if ord == "fro":
        return vector_norm(A, 2, [r, c], keepdim, dtype=dtype, out=out)
    if ord == "nuc" or abs(float(ord)) == 2.0:
        x = A if dtype is None else A.to(dtype)
        perm = [d for d in range(A.ndim) if d not in (r, c)] + [r, c]
        s = _singular_values(x.permute(perm))
        if ord == "nuc":
            result = s.sum(-1)
        elif float(ord) > 0:
            result = _amax_or_zero(s, -1, False)
        else:
            result = amin(s, -1)
        if keepdim:  # (the two reduced dims back in their places)
            inverse = [perm.index(d) for d in range(A.ndim)]
            result = result.reshape(*result.shape, 1, 1).permute(inverse)
        return to_out(result, out)
    # the 1-norm is the max column sum; the inf-norm that of the transpose
    inner, outer = (c, r) if abs(float(ord)) == math.inf else (r, c)
    if not keepdim and inner < outer:
        outer -= 1
    sums = vector_norm(A, 1, [inner], keepdim, dtype=dtype)
    result = _amax_or_zero(sums, outer, keepdim) if float(ord) > 0 else amin(sums, outer, keepdim)
    return to_out(result, out)


def norm(input, p="fro", dim=None, keepdim=False, out=None, dtype=None):
    r"""Returns the matrix norm or vector norm of ``input`` (PyTorch's deprecated API).

    A numeric ``p`` (or ``None``, the 2-norm) is the vector norm over ``dim`` (all
    elements by default; several dims are flattened into one vector, so a 2-tuple
    ``dim`` gives e.g. the Frobenius norm for ``p=2``), as :func:`numtensor.linalg.vector_norm`.
    ``p="fro"`` is the 2-norm over ``None``, one or two dims; ``p="nuc"`` is the nuclear
    norm (the sum of the singular values) over exactly two dims (the 2-D ``input``'s two
    when ``dim`` is ``None``), as :func:`numtensor.linalg.matrix_norm`, which also gives
    the errors for other combinations. ``x.norm(p, dim, keepdim, dtype)`` is the method.

    Args:
        input (Tensor): the input tensor (floating point or complex).
        p (int, float, inf, -inf, "fro" or "nuc"): the order of the norm. Default: ``"fro"``.
        dim (int or tuple of ints, optional): the dimension(s) to reduce. Default: all.
        keepdim (bool): whether the output keeps the reduced dims with size 1.
        out (Tensor, optional): the output tensor, of the result's dtype.
        dtype (:class:`numtensor.dtype`, optional): the dtype to cast ``input`` to first.

    Example::

        >>> torch.norm(torch.tensor([3., 4.]))
        tensor(5.)
        >>> torch.norm(torch.tensor([[1., 2., 3.], [4., 5., 6.]]), p=1, dim=1)
        tensor([ 6., 15.])
        >>> torch.norm(torch.tensor([3., -4.]), p=float("inf"))
        tensor(4.)
        >>> torch.norm(torch.tensor([[3., 0.], [0., -2.]]), p="nuc")
        tensor(5.)
    """
    dims = _dim_list(dim)
    if isinstance(p, str):
        if p == "fro" and (dims is None or len(dims) <= 2):
            return vector_norm(input, 2, dims, keepdim, dtype=dtype, out=out)
        if dims is None:
            dims = list(range(input.ndim))
        return _matrix_norm(input, p, dims, keepdim, dtype, out)
    return vector_norm(input, 2 if p is None else p, dims, keepdim, dtype=dtype, out=out)


def norm_method(self, p="fro", dim=None, keepdim=False, dtype=None):
    r"""``x.norm(p="fro", dim=None, keepdim=False, dtype=None)``: the matrix or vector norm
    of ``x``, as :func:`numtensor.norm` (which also takes ``out=``).

    Example::

        >>> torch.tensor([[3., 0.], [0., -4.]]).norm()
        tensor(5.)
        >>> torch.tensor([[3., 0.], [0., -4.]]).norm("nuc")
        tensor(7.)
        >>> torch.tensor([[3., 0.], [0., -4.]]).norm(1, dim=0, keepdim=True)
        tensor([[3., 4.]])
    """
    return norm(self, p, dim, keepdim, dtype=dtype)
