"""Inverses, determinants and linear solves on LAPACK (LU), with their vector-Jacobian
products: ``linalg.inv``, ``inv_ex``, ``slogdet``, ``det``, ``logdet``, ``solve`` and
``solve_triangular``.
"""

from __future__ import annotations

import math

from .. import return_types
from ..autograd.function import Function, name_node
from ._common import ops_of, wrap
from .linalg_checks import _back, _batched, _raise_singular, ex_type
from .out_variants import Out, with_out_form

linalg_slogdet_type = return_types._make("linalg_slogdet", "sign", "logabsdet")


class Inv(Function):
    node_name = "LinalgInvExBackward0"

    def forward(self, A, check: bool = True):
        x = _batched(A, "linalg.inv")
        out, info = ops_of(A).lapack("inv", x._data)
        self.info = wrap(info, A)
        if check:
            _raise_singular(self.info, "linalg.inv", x=x)
        inverse = _back(out, A, A.shape)
        self.inverse = inverse
        return inverse

    def vjp(self, g):
        inv_t = self.inverse.mT
        return -(inv_t @ g @ inv_t), None


class Slogdet(Function):
    node_name = "LinalgSlogdetBackward0"

    @staticmethod
    def forward(ctx, A):
        x = _batched(A, "linalg.slogdet")
        sign, logabs = ops_of(A).lapack("slogdet", x._data)
        ctx.A = A.detach()
        shape = tuple(A.shape[:-2])
        return _back(sign, A, shape), _back(logabs, A, shape)

    @staticmethod
    def backward(ctx, gsign, glogabs):
        return glogabs.unsqueeze(-1).unsqueeze(-1) * inv(ctx.A).mT


class Solve(Function):
    node_name = "LinalgSolveExBackward0"

    def forward(self, A, B, vector: bool):
        x = _batched(A, "linalg.solve")
        b = B.unsqueeze(-1) if vector else B
        batch = tuple(b.shape[:-2])
        n, k = b.shape[-2:]
        work = x.dtype
        bb = (b if b.dtype is work else b.to(work)).reshape(math.prod(batch), n, k)
        out, info = ops_of(A).lapack("solve", x._data, bb._data)
        _raise_singular(wrap(info, A), "linalg.solve", "solve")
        X = _back(out, A, tuple(b.shape))
        self.A, self.X, self.vector = A.detach(), X, vector
        return X.squeeze(-1) if vector else X

    def vjp(self, g):
        gb = g.unsqueeze(-1) if self.vector else g
        gB = solve(self.A.mT, gb)
        gA = -(gB @ self.X.mT)
        return gA, (gB.squeeze(-1) if self.vector else gB), None


@with_out_form("linalg_inv", Out(grad="linalg_inv_ex"))
def inv(A):
    r"""Computes the inverse of a square matrix (or of each matrix of a batch ``(*, n, n)``).

    A singular matrix raises :class:`numtensor.linalg.LinAlgError`. Prefer
    :func:`numtensor.linalg.solve` to multiplying by an inverse. ``torch.inverse`` and
    ``x.inverse()`` are the same op.

    Args:
        A (Tensor): the invertible matrix or batch of matrices.

    Keyword args:
        out (Tensor, optional): the output tensor.

    Example::

        >>> A = torch.tensor([[4., 7.], [2., 6.]])
        >>> torch.linalg.inv(A)
        tensor([[ 0.6000, -0.7000],
                [-0.2000,  0.4000]])
    """
    return Inv.apply(A)


@with_out_form("linalg_inv_ex", Out(ex_type))
def inv_ex(A, *, check_errors: bool = False):
    r"""Computes the inverse of a square matrix, with an ``info`` code instead of an error.

    Returns a named tuple ``(inverse, info)``; ``info`` (int32, one per matrix) is nonzero
    where the matrix is not invertible, unless ``check_errors=True`` makes that raise.

    Args:
        A (Tensor): the matrix or batch of matrices ``(*, n, n)``.

    Keyword args:
        check_errors (bool): raise for a singular matrix. Default: False.
        out (tuple of Tensors, optional): the output tensors ``(inverse, info)``.

    Example::

        >>> torch.linalg.inv_ex(torch.tensor([[4., 7.], [2., 6.]])).info
        tensor(0, dtype=numtensor.int32)
    """
    out = Inv.apply(A, True) if check_errors else Inv.apply(A, False)
    info = (out.isnan().flatten(-2).any(-1) if out.ndim > 2 else out.isnan().any()).int()
    return ex_type(out, info)


@with_out_form("linalg_slogdet", Out(linalg_slogdet_type, grad="_linalg_slogdet"))
def slogdet(A):
    r"""Computes the sign and the log of the absolute value of the determinant of ``A``.

    More accurate than ``det`` for large or tiny determinants:
    :math:`\det A = \text{sign} \cdot e^{\text{logabsdet}}`. A singular matrix gives sign 0
    and ``logabsdet = -inf``. ``torch.slogdet`` and ``x.slogdet()`` also.

    Args:
        A (Tensor): a square matrix or batch of matrices ``(*, n, n)``.

    Keyword args:
        out (tuple of Tensors, optional): the output tensors ``(sign, logabsdet)``.

    Returns:
        A named tuple ``(sign, logabsdet)``.

    Example::

        >>> torch.linalg.slogdet(torch.tensor([[0., 1.], [1., 0.]]))
        numtensor.return_types.linalg_slogdet(
        sign=tensor(-1.),
        logabsdet=tensor(0.))
    """
    sign, logabs = Slogdet.apply(A)
    return linalg_slogdet_type(sign, logabs)


@with_out_form("linalg_det", Out(grad="_linalg_det"))
def det(A):
    r"""Computes the determinant of a square matrix (or of each matrix of a batch).

    ``torch.det`` and ``x.det()`` are the same op. Differentiable (also for singular
    matrices through :func:`slogdet`'s pieces).

    Args:
        A (Tensor): a square matrix or batch of matrices ``(*, n, n)``.

    Keyword args:
        out (Tensor, optional): the output tensor (:func:`numtensor.linalg.det` only).

    Example::

        >>> torch.linalg.det(torch.tensor([[1., 2.], [3., 4.]]))
        tensor(-2.)
    """
    sign, logabs = Slogdet.apply(A)
    return name_node(sign * logabs.exp(), "LinalgDetBackward0")


def logdet(A):
    r"""Computes the natural log of the determinant of a square matrix (or batch).

    A negative determinant gives NaN and a zero one ``-inf`` (see :func:`slogdet` for the
    sign). ``x.logdet()`` is the method form.

    Args:
        A (Tensor): a square matrix or batch of matrices ``(*, n, n)``.

    Example::

        >>> torch.logdet(torch.tensor([[4., 7.], [2., 6.]]))
        tensor(2.3026)
        >>> torch.logdet(torch.tensor([[0., 1.], [1., 0.]]))
        tensor(nan)
    """
    from .pointwise import where

    sign, logabs = Slogdet.apply(A)
    return where(sign < 0, logabs.new_full((), float("nan")), logabs)


@with_out_form("linalg_solve", Out(grad="_linalg_solve_ex"))
def solve(A, B, *, left: bool = True):
    r"""Computes the solution ``X`` of the square system of linear equations :math:`AX = B`.

    With ``left=False`` it solves :math:`XA = B`. ``B`` may be a vector ``(*, n)`` or a
    matrix ``(*, n, k)``; the batch dims broadcast. A singular ``A`` raises
    :class:`numtensor.linalg.LinAlgError`. Differentiable in ``A`` and ``B``.

    Args:
        A (Tensor): the square matrix or batch of matrices ``(*, n, n)``.
        B (Tensor): the right-hand side.

    Keyword args:
        left (bool): solve :math:`AX = B` (True) or :math:`XA = B`. Default: True.
        out (Tensor, optional): the output tensor.

    Example::

        >>> A = torch.tensor([[4., 7.], [2., 6.]])
        >>> torch.linalg.solve(A, torch.tensor([1., 2.]))
        tensor([-0.8000,  0.6000])
    """
    if not left:
        return solve(A.mT, B.mT).mT
    vector = B.ndim == 1 or (B.ndim == A.ndim - 1 and tuple(B.shape) == tuple(A.shape[:-1]))
    if not vector and B.shape[-2] != A.shape[-1]:
        raise RuntimeError(
            f"linalg.solve: Incompatible shapes of A and B for the equation AX = B "
            f"({A.shape[-2]}x{A.shape[-1]} and {B.shape[-2]}x{B.shape[-1]})"
        )
    if not vector:
        batch = _broadcast(A.shape[:-2], B.shape[:-2])
        A, B = A.expand(*batch, *A.shape[-2:]), B.expand(*batch, *B.shape[-2:])
    return Solve.apply(A, B, vector)


def _broadcast(a, b) -> tuple:
    from .shape import broadcast_shapes

    return tuple(broadcast_shapes(tuple(a), tuple(b)))


@with_out_form("linalg_solve_triangular")
def solve_triangular(A, B, *, upper: bool, left: bool = True, unitriangular: bool = False):
    r"""Solves :math:`AX = B` (or :math:`XA = B`) for a triangular matrix ``A``.

    Only the triangle named by ``upper`` is read; with ``unitriangular`` the diagonal is
    taken as ones.

    Args:
        A (Tensor): the triangular matrix or batch ``(*, n, n)``.
        B (Tensor): the right-hand side ``(*, n, k)`` (``(*, k, n)`` when ``left=False``).

    Keyword args:
        upper (bool): whether ``A`` is upper (True) or lower triangular. Required.
        left (bool): solve :math:`AX = B` (True) or :math:`XA = B`. Default: True.
        unitriangular (bool): assume ones on the diagonal. Default: False.
        out (Tensor, optional): the output tensor.

    Example::

        >>> U = torch.tensor([[2., 1.], [0., 4.]])
        >>> torch.linalg.solve_triangular(U, torch.tensor([[3.], [8.]]), upper=True)
        tensor([[0.5000],
                [2.0000]])
    """
    T = A.triu() if upper else A.tril()
    if unitriangular:
        T = T - T.diagonal(0, -2, -1).diag_embed() + T.new_ones(T.shape[-1]).diag_embed()
    return solve(T, B, left=left)
