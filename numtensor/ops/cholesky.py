"""The Cholesky decomposition on LAPACK with its vector-Jacobian product:
``linalg.cholesky`` and ``linalg.cholesky_ex``.
"""

from __future__ import annotations

from .. import return_types
from ..autograd.function import Function
from ._common import ops_of, wrap
from .inverse_solve import inv
from .linalg_checks import _back, _batched, _raise_singular
from .out_variants import Out, with_out_form


class Cholesky(Function):
    node_name = "LinalgCholeskyExBackward0"

    def forward(self, A, upper: bool, check: bool = True, infos=None):
        x = _batched(A, "linalg.cholesky")
        out, info = ops_of(A).lapack("cholesky", x._data)
        self.info = wrap(info, A)
        if infos is not None:  # (cholesky_ex's: where LAPACK stopped, per matrix)
            infos.append(self.info)
        if check:
            name = "linalg.cholesky" if infos is None else "linalg.cholesky_ex"
            _raise_singular(self.info, name, "positive")
        L = _back(out, A, A.shape)
        self.L, self.upper = L, upper
        return L.mT.contiguous() if upper else L

    def vjp(self, g):
        L = self.L
        gL = g.mT if self.upper else g
        phi = (L.mT @ gL).tril()
        phi.diagonal(0, -2, -1).mul_(0.5)
        L_inv = inv(L)
        gA = L_inv.mT @ phi @ L_inv
        return 0.5 * (gA + gA.mT), None, None, None


@with_out_form("linalg_cholesky", Out(grad="linalg_cholesky_ex"))
def cholesky(A, *, upper: bool = False):
    r"""Computes the Cholesky decomposition :math:`A = LL^H` of a symmetric (Hermitian)
    positive-definite matrix.

    Returns the lower-triangular ``L`` (or, with ``upper=True``, :math:`U = L^H`). A
    matrix that is not positive-definite raises :class:`numtensor.linalg.LinAlgError`.

    Args:
        A (Tensor): the matrix or batch of matrices ``(*, n, n)``.

    Keyword args:
        upper (bool): return the upper factor. Default: False.
        out (Tensor, optional): the output tensor.

    Example::

        >>> torch.linalg.cholesky(torch.tensor([[4., 2.], [2., 3.]]))
        tensor([[2.0000, 0.0000],
                [1.0000, 1.4142]])
    """
    return Cholesky.apply(A, upper)


@with_out_form("linalg_cholesky_ex", Out(return_types._make("linalg_cholesky_ex", "L", "info")))
def cholesky_ex(A, *, upper: bool = False, check_errors: bool = False):
    r"""Computes the Cholesky decomposition (see :func:`cholesky`) with an ``info`` code.

    Returns a named tuple ``(L, info)``, ``info`` an int32 tensor per matrix (0: success).

    Args:
        A (Tensor): the matrix or batch of matrices ``(*, n, n)``.

    Keyword args:
        upper (bool): return the upper factor. Default: False.
        check_errors (bool): raise when the decomposition fails. Default: False.
        out (tuple of Tensors, optional): the output tensors ``(L, info)``.

    ``info`` is the order of the first leading minor that is not positive-definite (then
    ``L`` holds LAPACK's partial factor, as PyTorch returns it).

    Example::

        >>> torch.linalg.cholesky_ex(torch.tensor([[4., 2.], [2., 3.]])).info
        tensor(0, dtype=numtensor.int32)
    """
    infos: list = []
    L = Cholesky.apply(A, upper, check_errors, infos)
    info = infos[0].reshape(tuple(A.shape[:-2])).int()
    return return_types._make("linalg_cholesky_ex", "L", "info")(L, info)
