"""Eigendecompositions on LAPACK: ``linalg.eigh`` and ``eigvalsh`` (symmetric, with their
vector-Jacobian products), ``linalg.eig`` and ``eigvals`` (general matrices, complex
results).
"""

from __future__ import annotations

from .. import return_types
from .._tensor_base import COMPLEX_MESSAGE
from ..autograd.function import Function
from ..autograd.grad_mode import is_grad_enabled
from ._common import ops_of, wrap
from .linalg_checks import LinAlgError, _back, _batched
from .out_variants import CAST, Out, with_out_form

eigh_type = return_types._make("linalg_eigh", "eigenvalues", "eigenvectors")
eig_type = return_types._make("linalg_eig", "eigenvalues", "eigenvectors")


class Eigh(Function):
    node_name = "LinalgEighBackward0"

    @staticmethod
    def forward(ctx, A, upper: bool):
        x = _batched(A, "linalg.eigh")
        if upper:
            x = x.mT.contiguous()
        w, v = ops_of(A).lapack("eigh", x._data)
        L = _back(w, A, tuple(A.shape[:-1]))
        V = _back(v, A, A.shape)
        ctx.L, ctx.V = L.detach(), V.detach()
        return L, V

    @staticmethod
    def backward(ctx, gL, gV):
        L, V = ctx.L, ctx.V
        inner = V.mT @ gV
        inner = 0.5 * (inner - inner.mT)
        E = L.unsqueeze(-2) - L.unsqueeze(-1)
        E.diagonal(0, -2, -1).fill_(1.0)
        core = inner / E
        core.diagonal(0, -2, -1).copy_(gL)
        return V @ core @ V.mT, None


@with_out_form("linalg_eigh", Out(eigh_type, grad="_linalg_eigh"))
def eigh(A, UPLO: str = "L"):
    r"""Computes the eigenvalues and eigenvectors of a symmetric (Hermitian) matrix.

    :math:`A = V \operatorname{diag}(L) V^H`, the eigenvalues ``L`` real and ascending, the
    eigenvectors the orthonormal columns of ``V`` (unique up to sign). Only the triangle
    named by ``UPLO`` is read.

    Args:
        A (Tensor): the matrix or batch ``(*, n, n)``.
        UPLO (str): ``"L"`` (default) or ``"U"``, the triangle to use.

    Keyword args:
        out (tuple of Tensors, optional): the output tensors ``(eigenvalues, eigenvectors)``.

    Returns:
        A named tuple ``(eigenvalues, eigenvectors)``.

    Example::

        >>> torch.linalg.eigh(torch.tensor([[4., 2.], [2., 3.]]))
        numtensor.return_types.linalg_eigh(
        eigenvalues=tensor([1.4384, 5.5616]),
        eigenvectors=tensor([[ 0.6154, -0.7882],
                [-0.7882, -0.6154]]))
    """
    if UPLO not in ("L", "U"):
        raise RuntimeError("Expected UPLO argument to be 'L' or 'U', but got " + UPLO)
    L, V = Eigh.apply(A, UPLO == "U")
    return eigh_type(L, V)


@with_out_form("linalg_eigvalsh", Out(grad="_linalg_eigh"))
def eigvalsh(A, UPLO: str = "L"):
    r"""Computes the eigenvalues of a symmetric (Hermitian) matrix, in ascending order: the
    ``eigenvalues`` of :func:`eigh`.

    Args:
        A (Tensor): the matrix or batch ``(*, n, n)``.
        UPLO (str): ``"L"`` (default) or ``"U"``, the triangle to use.

    Keyword args:
        out (Tensor, optional): the output tensor.

    Example::

        >>> torch.linalg.eigvalsh(torch.tensor([[4., 2.], [2., 3.]]))
        tensor([1.4384, 5.5616])
    """
    return eigh(A, UPLO).eigenvalues


@with_out_form("linalg_eig", Out(eig_type, dtype=CAST))
def eig(A):
    r"""Computes the eigenvalues and eigenvectors of a general square matrix.

    :math:`A V = V \operatorname{diag}(L)`; both are complex (complex64 for float32
    input, complex128 for float64), each eigenvector of unit norm (LAPACK's geev).

    Args:
        A (Tensor): the matrix or batch ``(*, n, n)``.

    Keyword args:
        out (tuple of Tensors, optional): the output tensors ``(eigenvalues, eigenvectors)``.

    Returns:
        A named tuple ``(eigenvalues, eigenvectors)``.

    Differs from PyTorch: not differentiable (an input requiring grad raises).

    Example::

        >>> torch.linalg.eig(torch.tensor([[2., 0.], [0., 3.]]))
        numtensor.return_types.linalg_eig(
        eigenvalues=tensor([2.+0.j, 3.+0.j]),
        eigenvectors=tensor([[1.+0.j, 0.+0.j],
                [0.+0.j, 1.+0.j]]))
    """
    x = _batched(A, "linalg.eig")
    w, v, info = ops_of(A).lapack("eig", x._data)
    if bool(wrap(info, A).any()):
        raise LinAlgError(
            "linalg.eig: The algorithm failed to converge because the input matrix contained "
            "non-finite values."
        )
    if A.requires_grad and is_grad_enabled():
        raise NotImplementedError(COMPLEX_MESSAGE.format("LinalgEigBackward0"))
    L = wrap(w, A).reshape(tuple(A.shape[:-1]))
    V = wrap(v, A).reshape(tuple(A.shape))
    return eig_type(L, V)


@with_out_form("linalg_eigvals", Out(dtype=CAST, grad=False))
def eigvals(A):
    r"""Computes the (complex) eigenvalues of a general square matrix, as :func:`eig` does.

    Args:
        A (Tensor): the matrix or batch ``(*, n, n)``.

    Keyword args:
        out (Tensor, optional): the output tensor.

    Example::

        >>> torch.linalg.eigvals(torch.tensor([[0., -1.], [1., 0.]]))
        tensor([0.+1.j, 0.-1.j])
    """
    return eig(A).eigenvalues
