"""Matrix factorisations on LAPACK (backend ``lapack``; on CUDA through the host) with their
vector-Jacobian products: inv, slogdet (and det, logdet), solve, cholesky, qr, eigh, lu."""

from __future__ import annotations

import math

from .. import return_types
from .._dtype import HALVES, type_name
from .._tensor_base import COMPLEX_MESSAGE, Tensor
from ..autograd.function import Function
from ..autograd.grad_mode import is_grad_enabled
from ._common import ops_of, wrap
from ._launch import compute_dtype

slogdet_type = return_types._make("slogdet", "sign", "logabsdet")
linalg_slogdet_type = return_types._make("linalg_slogdet", "sign", "logabsdet")
qr_type = return_types._make("qr", "Q", "R")
eigh_type = return_types._make("linalg_eigh", "eigenvalues", "eigenvectors")
eig_type = return_types._make("linalg_eig", "eigenvalues", "eigenvectors")
lu_factor_type = return_types._make("linalg_lu_factor", "LU", "pivots")
lu_type = return_types._make("linalg_lu", "P", "L", "U")
ex_type = return_types._make("linalg_inv_ex", "inverse", "info")


def _batched(A: Tensor, name: str, square: bool = True):
    """``A`` as [batch, m, n] in its LAPACK dtype, after PyTorch's checks."""
    if A.ndim < 2:
        raise RuntimeError(f"{name}: The input tensor A must have at least 2 dimensions.")
    if not A.dtype.is_floating_point:
        raise RuntimeError(
            f"{name}: Expected a floating point or complex tensor as input. Got "
            f"{type_name(A.dtype)}"
        )
    if A.dtype in HALVES:
        raise RuntimeError(f"{name}: Low precision dtypes not supported. Got {type_name(A.dtype)}")
    m, n = A.shape[-2:]
    if square and m != n:
        raise RuntimeError(
            f"{name}: A must be batches of square matrices, but they are {m} by {n} matrices"
        )
    work = compute_dtype(A.dtype)
    x = A if A.dtype is work else A.to(work)
    return x.reshape(math.prod(A.shape[:-2]), m, n)


def _back(data, like: Tensor, shape) -> Tensor:
    t = wrap(data, like)
    t = t if t.dtype is like.dtype else t.to(like.dtype)
    return t.reshape(shape)


class LinAlgError(RuntimeError):
    """A matrix a factorisation cannot handle (singular, not positive-definite)."""


def _raise_singular(info: Tensor, name: str, what: str = "singular", x: Tensor = None) -> None:
    """PyTorch's error for the first matrix LAPACK could not factor (``info`` non-zero)."""
    bad = info.reshape(-1)
    if not bool((bad != 0).any()):
        return
    which = int((bad != 0).nonzero().reshape(-1)[0].item())
    batch = f"(Batch element {which}): " if info.ndim and info.numel() > 1 else ""
    if what == "solve":
        raise LinAlgError(f"torch.{name}: The solver failed because the input matrix is singular.")
    if what == "singular":  # (the zero diagonal element of its LU factorisation, as LAPACK's)
        lu_info = wrap(ops_of(x).lapack("lu", x[which : which + 1]._data)[2], x)
        first = int(lu_info[0].item())
        raise LinAlgError(
            f"{name}: {batch}The diagonal element {first} is zero, the inversion could not be "
            "completed because the input matrix is singular."
        )
    first = int(bad[which].item())
    raise LinAlgError(
        f"{name}: {batch}The factorization could not be completed because the input is not "
        f"positive-definite (the leading minor of order {first} is not positive-definite)."
    )


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


class Cholesky(Function):
    node_name = "LinalgCholeskyExBackward0"

    def forward(self, A, upper: bool, check: bool = True):
        x = _batched(A, "linalg.cholesky")
        out, info = ops_of(A).lapack("cholesky", x._data)
        self.info = wrap(info, A)
        if check:
            _raise_singular(self.info, "linalg.cholesky", "positive")
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
        return 0.5 * (gA + gA.mT), None, None


class Qr(Function):
    node_name = "LinalgQrBackward0"

    @staticmethod
    def forward(ctx, A):
        x = _batched(A, "linalg.qr", square=False)
        q, r = ops_of(A).lapack("qr", x._data)
        m, n = A.shape[-2:]
        k = min(m, n)
        Q = _back(q, A, (*A.shape[:-2], m, k))
        R = _back(r, A, (*A.shape[:-2], k, n))
        ctx.Q, ctx.R = Q.detach(), R.detach()
        return Q, R

    @staticmethod
    def backward(ctx, gQ, gR):
        Q, R = ctx.Q, ctx.R
        if Q.shape[-2] < R.shape[-1]:
            raise NotImplementedError(
                "numtensor differentiates linalg.qr only for tall or square matrices"
            )
        M = R @ gR.mT - gQ.mT @ Q
        copyltu = M.tril(-1) + M.tril(-1).mT + M.diagonal(0, -2, -1).diag_embed()
        rhs = gQ + Q @ copyltu
        return solve_triangular(R.mT, rhs, upper=False, left=False)  # (rhs R^-T)


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


# ---- the public functions ---------------------------------------------------------------------


def inv(A):
    r"""Computes the inverse of a square matrix (or of each matrix of a batch ``(*, n, n)``).

    A singular matrix raises :class:`numtensor.linalg.LinAlgError`. Prefer
    :func:`numtensor.linalg.solve` to multiplying by an inverse. ``torch.inverse`` and
    ``x.inverse()`` are the same op.

    Args:
        A (Tensor): the invertible matrix or batch of matrices.

    Example::

        >>> A = torch.tensor([[4., 7.], [2., 6.]])
        >>> torch.linalg.inv(A)
        tensor([[ 0.6000, -0.7000],
                [-0.2000,  0.4000]])
    """
    return Inv.apply(A)


def inv_ex(A, *, check_errors: bool = False):
    r"""Computes the inverse of a square matrix, with an ``info`` code instead of an error.

    Returns a named tuple ``(inverse, info)``; ``info`` (int32, one per matrix) is nonzero
    where the matrix is not invertible, unless ``check_errors=True`` makes that raise.

    Args:
        A (Tensor): the matrix or batch of matrices ``(*, n, n)``.

    Keyword args:
        check_errors (bool): raise for a singular matrix. Default: False.

    Example::

        >>> torch.linalg.inv_ex(torch.tensor([[4., 7.], [2., 6.]])).info
        tensor(0, dtype=numtensor.int32)
    """
    out = Inv.apply(A, True) if check_errors else Inv.apply(A, False)
    info = (out.isnan().flatten(-2).any(-1) if out.ndim > 2 else out.isnan().any()).int()
    return ex_type(out, info)


def slogdet(A):
    r"""Computes the sign and the log of the absolute value of the determinant of ``A``.

    More accurate than ``det`` for large or tiny determinants:
    :math:`\det A = \text{sign} \cdot e^{\text{logabsdet}}`. A singular matrix gives sign 0
    and ``logabsdet = -inf``. ``torch.slogdet`` and ``x.slogdet()`` also.

    Args:
        A (Tensor): a square matrix or batch of matrices ``(*, n, n)``.

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


def det(A):
    r"""Computes the determinant of a square matrix (or of each matrix of a batch).

    ``torch.det`` and ``x.det()`` are the same op. Differentiable (also for singular
    matrices through :func:`slogdet`'s pieces).

    Args:
        A (Tensor): a square matrix or batch of matrices ``(*, n, n)``.

    Example::

        >>> torch.linalg.det(torch.tensor([[1., 2.], [3., 4.]]))
        tensor(-2.)
    """
    sign, logabs = Slogdet.apply(A)
    return sign * logabs.exp()


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


def cholesky(A, *, upper: bool = False):
    r"""Computes the Cholesky decomposition :math:`A = LL^H` of a symmetric (Hermitian)
    positive-definite matrix.

    Returns the lower-triangular ``L`` (or, with ``upper=True``, :math:`U = L^H`). A
    matrix that is not positive-definite raises :class:`numtensor.linalg.LinAlgError`.

    Args:
        A (Tensor): the matrix or batch of matrices ``(*, n, n)``.

    Keyword args:
        upper (bool): return the upper factor. Default: False.

    Example::

        >>> torch.linalg.cholesky(torch.tensor([[4., 2.], [2., 3.]]))
        tensor([[2.0000, 0.0000],
                [1.0000, 1.4142]])
    """
    return Cholesky.apply(A, upper)


def cholesky_ex(A, *, upper: bool = False, check_errors: bool = False):
    r"""Computes the Cholesky decomposition (see :func:`cholesky`) with an ``info`` code.

    Returns a named tuple ``(L, info)``, ``info`` an int32 tensor per matrix (0: success).

    Args:
        A (Tensor): the matrix or batch of matrices ``(*, n, n)``.

    Keyword args:
        upper (bool): return the upper factor. Default: False.
        check_errors (bool): raise when the decomposition fails. Default: False.

    Differs from PyTorch: ``info`` is always 0; a matrix that is not positive-definite is
    not reported (its ``L`` is meaningless) unless ``check_errors=True``.

    Example::

        >>> torch.linalg.cholesky_ex(torch.tensor([[4., 2.], [2., 3.]])).info
        tensor(0, dtype=numtensor.int32)
    """
    L = Cholesky.apply(A, upper, check_errors)
    info = L.new_zeros(tuple(A.shape[:-2])).int()
    return return_types._make("linalg_cholesky_ex", "L", "info")(L, info)


def qr(A, mode: str = "reduced"):
    r"""Computes the QR decomposition :math:`A = QR` of a matrix (or batch of matrices).

    ``Q`` has orthonormal columns and ``R`` is upper triangular. ``mode`` is
    ``"reduced"`` (``Q`` ``(m, k)``, ``R`` ``(k, n)``, k = min(m, n)), ``"complete"`` (``Q`` square)
    or ``"r"`` (``R`` only, ``Q`` empty).

    Args:
        A (Tensor): the matrix or batch ``(*, m, n)``.
        mode (str): ``"reduced"`` (default), ``"complete"`` or ``"r"``.

    Returns:
        A named tuple ``(Q, R)``.

    Differs from PyTorch: ``mode="complete"`` of a tall matrix (m > n) raises
    NotImplementedError.

    Example::

        >>> Q, R = torch.linalg.qr(torch.tensor([[3., 1.], [4., 2.]]))
        >>> Q
        tensor([[-0.6000, -0.8000],
                [-0.8000,  0.6000]])
        >>> R
        tensor([[-5.0000, -2.2000],
                [ 0.0000,  0.4000]])
    """
    if mode not in ("reduced", "complete", "r"):
        raise RuntimeError(
            f"qr received unrecognized mode '{mode}' but expected one of 'reduced' (default), "
            "'r', or 'complete'"
        )
    m, n = A.shape[-2:]
    if mode == "complete" and m > n:
        raise NotImplementedError(
            "numtensor's qr computes the reduced factorisation of tall matrices only"
        )
    Q, R = Qr.apply(A)
    if mode == "r":
        return qr_type(Q.new_zeros(0), R)
    return qr_type(Q, R)


def eigh(A, UPLO: str = "L"):
    r"""Computes the eigenvalues and eigenvectors of a symmetric (Hermitian) matrix.

    :math:`A = V \operatorname{diag}(L) V^H`, the eigenvalues ``L`` real and ascending, the
    eigenvectors the orthonormal columns of ``V`` (unique up to sign). Only the triangle
    named by ``UPLO`` is read.

    Args:
        A (Tensor): the matrix or batch ``(*, n, n)``.
        UPLO (str): ``"L"`` (default) or ``"U"``, the triangle to use.

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


def eigvalsh(A, UPLO: str = "L"):
    r"""Computes the eigenvalues of a symmetric (Hermitian) matrix, in ascending order: the
    ``eigenvalues`` of :func:`eigh`.

    Args:
        A (Tensor): the matrix or batch ``(*, n, n)``.
        UPLO (str): ``"L"`` (default) or ``"U"``, the triangle to use.

    Example::

        >>> torch.linalg.eigvalsh(torch.tensor([[4., 2.], [2., 3.]]))
        tensor([1.4384, 5.5616])
    """
    return eigh(A, UPLO).eigenvalues


def eig(A):
    r"""Computes the eigenvalues and eigenvectors of a general square matrix.

    :math:`A V = V \operatorname{diag}(L)`; both are complex (complex64 for float32
    input, complex128 for float64), each eigenvector of unit norm (LAPACK's geev).

    Args:
        A (Tensor): the matrix or batch ``(*, n, n)``.

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


def eigvals(A):
    r"""Computes the (complex) eigenvalues of a general square matrix, as :func:`eig` does.

    Args:
        A (Tensor): the matrix or batch ``(*, n, n)``.

    Example::

        >>> torch.linalg.eigvals(torch.tensor([[0., -1.], [1., 0.]]))
        tensor([0.+1.j, 0.-1.j])
    """
    return eig(A).eigenvalues


def lu_factor(A, *, pivot: bool = True):
    r"""Computes a compact LU decomposition with partial pivoting, :math:`A = PLU`.

    ``LU`` holds ``L`` (unit diagonal, not stored) below the diagonal and ``U`` on and
    above it; ``pivots`` (int32, 1-based, LAPACK's convention) records the row swaps. Use
    :func:`lu_solve` to solve with it, :func:`numtensor.lu_unpack` to get ``P, L, U``.

    Args:
        A (Tensor): the matrix or batch ``(*, m, n)``.

    Keyword args:
        pivot (bool): must be True (LU without pivoting is not implemented on the CPU).

    Returns:
        A named tuple ``(LU, pivots)``.

    Example::

        >>> LU, pivots = torch.linalg.lu_factor(torch.tensor([[4., 7.], [2., 6.]]))
        >>> LU
        tensor([[4.0000, 7.0000],
                [0.5000, 2.5000]])
        >>> pivots
        tensor([1, 2], dtype=numtensor.int32)
    """
    if not pivot:
        raise RuntimeError("linalg.lu_factor: LU without pivoting is not implemented on the CPU")
    x = _batched(A, "linalg.lu_factor")
    lu, pivots, _ = ops_of(A).lapack("lu", x._data)
    LU = _back(lu, A, A.shape)
    piv = wrap(pivots, A).reshape(*A.shape[:-2], min(A.shape[-2:]))
    return lu_factor_type(LU, piv)


def lu_unpack(LU_data, LU_pivots, unpack_data: bool = True, unpack_pivots: bool = True):
    r"""Unpacks the ``(LU, pivots)`` of :func:`numtensor.linalg.lu_factor` into ``P, L, U``
    with :math:`A = PLU`.

    Args:
        LU_data (Tensor): the packed factors.
        LU_pivots (Tensor): the 1-based pivots.
        unpack_data (bool): unpack ``L`` and ``U`` (always done).
        unpack_pivots (bool): build ``P`` (always done).

    Returns:
        A named tuple ``(P, L, U)``.

    Example::

        >>> LU, pivots = torch.linalg.lu_factor(torch.tensor([[4., 7.], [2., 6.]]))
        >>> torch.lu_unpack(LU, pivots).L
        tensor([[1.0000, 0.0000],
                [0.5000, 1.0000]])
    """
    from .creation import eye

    n = LU_data.shape[-1]
    L = LU_data.tril(-1) + eye(n, dtype=LU_data.dtype, device=LU_data.device)
    U = LU_data.triu()
    order = list(range(n))
    perms = []
    for row in LU_pivots.reshape(-1, LU_pivots.shape[-1]).tolist():
        order = list(range(n))
        for k, p in enumerate(row):
            order[k], order[p - 1] = order[p - 1], order[k]
        perms.append(order)
    from .creation import tensor

    index = tensor(perms, device=LU_data.device).reshape(*LU_pivots.shape[:-1], n)
    P = eye(n, dtype=LU_data.dtype, device=LU_data.device).expand(*index.shape, n)
    P = P.gather(-2, index.unsqueeze(-1).expand(*index.shape, n)).mT
    return lu_type(P, L, U)


def lu(A, *, pivot: bool = True):
    r"""Computes the LU decomposition with partial pivoting, :math:`A = PLU`.

    ``P`` is a permutation matrix, ``L`` lower triangular with a unit diagonal and ``U``
    upper triangular.

    Args:
        A (Tensor): the matrix or batch ``(*, m, n)``.

    Keyword args:
        pivot (bool): must be True.

    Returns:
        A named tuple ``(P, L, U)``.

    Example::

        >>> P, L, U = torch.linalg.lu(torch.tensor([[4., 7.], [2., 6.]]))
        >>> L
        tensor([[1.0000, 0.0000],
                [0.5000, 1.0000]])
        >>> U
        tensor([[4.0000, 7.0000],
                [0.0000, 2.5000]])
    """
    LU, piv = lu_factor(A, pivot=pivot)
    return lu_unpack(LU, piv)


def lu_solve(LU, pivots, B, *, left: bool = True, adjoint: bool = False):
    r"""Solves :math:`AX = B` given the LU decomposition of ``A`` from :func:`lu_factor`.

    Args:
        LU (Tensor): the packed factors ``(*, n, n)``.
        pivots (Tensor): the pivots.
        B (Tensor): the right-hand side ``(*, n, k)``.

    Keyword args:
        left (bool): solve :math:`AX = B` (True) or :math:`XA = B`. Default: True.
        adjoint (bool): solve with :math:`A^H` instead of ``A``. Default: False.

    Example::

        >>> LU, pivots = torch.linalg.lu_factor(torch.tensor([[4., 7.], [2., 6.]]))
        >>> torch.linalg.lu_solve(LU, pivots, torch.tensor([[1.], [2.]]))
        tensor([[-0.8000],
                [ 0.6000]])
    """
    P, L, U = lu_unpack(LU, pivots)
    A = P @ L @ U
    A = A.mT if adjoint else A
    return solve(A, B, left=left)


# ---- PyTorch's top-level names (torch.det, Tensor.inverse, ...) ---------------------------


def _register() -> None:
    from .registry import op

    op("det")(det)
    op("logdet")(logdet)
    op("inverse")(inv)

    @op("slogdet")
    def slogdet_(input):
        r"""Computes the sign and the log of the absolute value of the determinant of
        ``input``, as :func:`numtensor.linalg.slogdet` (whose named tuple this returns as
        ``numtensor.return_types.slogdet``). ``x.slogdet()`` is the method form.

        Example::

            >>> torch.slogdet(torch.tensor([[0., 1.], [1., 0.]]))
            numtensor.return_types.slogdet(
            sign=tensor(-1.),
            logabsdet=tensor(0.))
        """
        return slogdet_type(*slogdet(input))

    @op("pinverse")
    def pinverse(input, rcond: float = 1e-15):
        r"""Computes the Moore-Penrose pseudo-inverse of a matrix (or batch), through the
        SVD: singular values below ``rcond`` times the largest are treated as zero.
        ``x.pinverse()`` is the method form; see :func:`numtensor.linalg.pinv`.

        Example::

            >>> torch.pinverse(torch.tensor([[1., 2.], [3., 4.], [5., 6.]]))
            tensor([[-1.3333, -0.3333,  0.6667],
                    [ 1.0833,  0.3333, -0.4167]])
        """
        from ..linalg import pinv

        return pinv(input, rtol=rcond)

    @op("cholesky")
    def cholesky_(input, upper: bool = False):
        r"""Computes the Cholesky factor of a symmetric positive-definite matrix (or batch):
        the lower ``L`` with :math:`A = LL^T`, or with ``upper=True`` the upper ``U`` with
        :math:`A = U^TU`. Deprecated in PyTorch for :func:`numtensor.linalg.cholesky`.
        ``x.cholesky()`` is the method form.

        Example::

            >>> torch.cholesky(torch.tensor([[4., 2.], [2., 3.]]))
            tensor([[2.0000, 0.0000],
                    [1.0000, 1.4142]])
        """
        return cholesky(input, upper=upper)

    @op("cholesky_inverse")
    def cholesky_inverse(input, upper: bool = False):
        r"""Computes the inverse of a symmetric positive-definite matrix ``A`` from its
        Cholesky factor ``input`` (lower, or upper with ``upper=True``).
        ``x.cholesky_inverse()`` is the method form.

        Example::

            >>> L = torch.linalg.cholesky(torch.tensor([[4., 2.], [2., 3.]]))
            >>> torch.cholesky_inverse(L)
            tensor([[ 0.3750, -0.2500],
                    [-0.2500,  0.5000]])
        """
        L = input.mT if upper else input
        return inv(L @ L.mT)

    @op("cholesky_solve")
    def cholesky_solve(input, input2, upper: bool = False):
        r"""Solves :math:`AX = B` for a symmetric positive-definite ``A`` given its Cholesky
        factor ``input2`` (lower, or upper with ``upper=True``); ``input`` is ``B``.
        ``b.cholesky_solve(L)`` is the method form.

        Example::

            >>> L = torch.linalg.cholesky(torch.tensor([[4., 2.], [2., 3.]]))
            >>> torch.cholesky_solve(torch.tensor([[2.], [5.]]), L)
            tensor([[-0.5000],
                    [ 2.0000]])
        """
        L = input2.mT if upper else input2
        return solve(L @ L.mT, input)

    @op("qr")
    def qr_(input, some: bool = True):
        r"""Computes the QR decomposition of a matrix (or batch): reduced when ``some``
        (the default), else complete. Returns a named tuple ``(Q, R)``; see
        :func:`numtensor.linalg.qr`. ``x.qr()`` is the method form.

        Example::

            >>> torch.qr(torch.tensor([[3., 1.], [4., 2.]])).R
            tensor([[-5.0000, -2.2000],
                    [ 0.0000,  0.4000]])
        """
        return qr(input, "reduced" if some else "complete")

    @op("matrix_power")
    def matrix_power(input, n: int):
        r"""Returns the square matrix (or batch) ``input`` raised to the integer power ``n``:
        the identity for 0, the inverse's powers for negative ``n``; see
        :func:`numtensor.linalg.matrix_power`. ``x.matrix_power(n)`` is the method form.

        Example::

            >>> torch.matrix_power(torch.tensor([[1., 1.], [0., 1.]]), 3)
            tensor([[1., 3.],
                    [0., 1.]])
        """
        from ..linalg import matrix_power as power

        return power(input, n)

    @op("matrix_exp")
    def matrix_exp(input):
        r"""Computes the matrix exponential :math:`e^A = \sum_k A^k / k!` of a square
        matrix (or batch); see :func:`numtensor.linalg.matrix_exp`. ``x.matrix_exp()`` is
        the method form.

        Example::

            >>> torch.matrix_exp(torch.tensor([[0., 1.], [0., 0.]]))
            tensor([[1., 1.],
                    [0., 1.]])
        """
        from ..linalg import matrix_exp as exp

        return exp(input)

    @op("lu_solve")
    def lu_solve_(input, LU_data, LU_pivots):
        r"""Solves :math:`AX = B` (``B`` is ``input``) from the LU factorisation
        ``(LU_data, LU_pivots)`` of ``A`` (:func:`numtensor.linalg.lu_factor`).
        ``b.lu_solve(LU, pivots)`` is the method form.

        Example::

            >>> LU, pivots = torch.linalg.lu_factor(torch.tensor([[4., 7.], [2., 6.]]))
            >>> torch.lu_solve(torch.tensor([[1.], [2.]]), LU, pivots)
            tensor([[-0.8000],
                    [ 0.6000]])
        """
        return lu_solve(LU_data, LU_pivots, input)

    op("lu_unpack", method=False)(lu_unpack)

    @op("triangular_solve")
    def triangular_solve(input, A, upper: bool = True, transpose: bool = False,
                         unitriangular: bool = False):  # fmt: skip
        r"""Solves :math:`AX = b` for a triangular ``A`` (upper by default; transposed
        with ``transpose=True``); ``input`` is ``b``. Returns a named tuple
        ``(solution, cloned_coefficient)``. Deprecated in PyTorch for
        :func:`numtensor.linalg.solve_triangular`. ``b.triangular_solve(A)`` is the method.

        Example::

            >>> U = torch.tensor([[2., 1.], [0., 4.]])
            >>> torch.triangular_solve(torch.tensor([[3.], [8.]]), U).solution
            tensor([[0.5000],
                    [2.0000]])
        """
        T = A.mT if transpose else A
        X = solve_triangular(T, input, upper=upper != transpose, unitriangular=unitriangular)
        return return_types._make("triangular_solve", "solution", "cloned_coefficient")(
            X, A.clone()
        )


_register()


def _registered_docs() -> dict:
    from .registry import FUNCTIONS

    names = ("slogdet", "pinverse", "cholesky", "cholesky_inverse", "cholesky_solve", "qr",
             "matrix_power", "matrix_exp", "lu_solve", "triangular_solve")  # fmt: skip
    return {name: FUNCTIONS[name] for name in names}


# (the examples of the functions _register declares run as doctests too)
__test__ = _registered_docs()
