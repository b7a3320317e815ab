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
    return Inv.apply(A)


def inv_ex(A, *, check_errors: bool = False):
    out = Inv.apply(A, True) if check_errors else Inv.apply(A, False)
    info = (out.isnan().flatten(-2).any(-1) if out.ndim > 2 else out.isnan().any()).int()
    return ex_type(out, info)


def slogdet(A):
    sign, logabs = Slogdet.apply(A)
    return slogdet_type(sign, logabs)


def det(A):
    sign, logabs = Slogdet.apply(A)
    return sign * logabs.exp()


def logdet(A):
    """log det A: NaN for a negative determinant, -inf for a zero one."""
    from .pointwise import where

    sign, logabs = Slogdet.apply(A)
    return where(sign < 0, logabs.new_full((), float("nan")), logabs)


def solve(A, B, *, left: bool = True):
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
    """X with A X = B (or X A = B) for triangular A (its other triangle ignored)."""
    T = A.triu() if upper else A.tril()
    if unitriangular:
        T = T - T.diagonal(0, -2, -1).diag_embed() + T.new_ones(T.shape[-1]).diag_embed()
    return solve(T, B, left=left)


def cholesky(A, *, upper: bool = False):
    return Cholesky.apply(A, upper)


def cholesky_ex(A, *, upper: bool = False, check_errors: bool = False):
    L = Cholesky.apply(A, upper, check_errors)
    info = L.new_zeros(tuple(A.shape[:-2])).int()
    return return_types._make("linalg_cholesky_ex", "L", "info")(L, info)


def qr(A, mode: str = "reduced"):
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
    if UPLO not in ("L", "U"):
        raise RuntimeError("Expected UPLO argument to be 'L' or 'U', but got " + UPLO)
    L, V = Eigh.apply(A, UPLO == "U")
    return eigh_type(L, V)


def eigvalsh(A, UPLO: str = "L"):
    return eigh(A, UPLO).eigenvalues


def eig(A):
    """Eigenvalues and eigenvectors of general square matrices, as complex tensors (complex64
    for float32 input, complex128 for float64): ``A @ V == V @ diag(L)``, each eigenvector of
    unit norm with its largest component real (LAPACK's geev). Not differentiable in
    numtensor (its results are complex)."""
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
    """The eigenvalues of general square matrices (complex), as ``eig`` computes them."""
    return eig(A).eigenvalues


def lu_factor(A, *, pivot: bool = True):
    if not pivot:
        raise RuntimeError("linalg.lu_factor: LU without pivoting is not implemented on the CPU")
    x = _batched(A, "linalg.lu_factor")
    lu, pivots, _ = ops_of(A).lapack("lu", x._data)
    LU = _back(lu, A, A.shape)
    piv = wrap(pivots, A).reshape(*A.shape[:-2], min(A.shape[-2:]))
    return lu_factor_type(LU, piv)


def lu_unpack(LU_data, LU_pivots, unpack_data: bool = True, unpack_pivots: bool = True):
    """(P, L, U) of a factorisation from lu_factor."""
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
    LU, piv = lu_factor(A, pivot=pivot)
    return lu_unpack(LU, piv)


def lu_solve(LU, pivots, B, *, left: bool = True, adjoint: bool = False):
    P, L, U = lu_unpack(LU, pivots)
    A = P @ L @ U
    A = A.mT if adjoint else A
    return solve(A, B, left=left)


# ---- PyTorch's top-level names (torch.det, Tensor.inverse, ...) ---------------------------


def _register() -> None:
    from .registry import op

    op("det")(det)
    op("logdet")(logdet)
    op("slogdet")(slogdet)
    op("inverse")(inv)

    @op("pinverse")
    def pinverse(input, rcond: float = 1e-15):
        from ..linalg import pinv

        return pinv(input, rtol=rcond)

    @op("cholesky")
    def cholesky_(input, upper: bool = False):
        return cholesky(input, upper=upper)

    @op("cholesky_inverse")
    def cholesky_inverse(input, upper: bool = False):
        L = input.mT if upper else input
        return inv(L @ L.mT)

    @op("cholesky_solve")
    def cholesky_solve(input, input2, upper: bool = False):
        L = input2.mT if upper else input2
        return solve(L @ L.mT, input)

    @op("qr")
    def qr_(input, some: bool = True):
        return qr(input, "reduced" if some else "complete")

    @op("matrix_power")
    def matrix_power(input, n: int):
        from ..linalg import matrix_power as power

        return power(input, n)

    @op("matrix_exp")
    def matrix_exp(input):
        from ..linalg import matrix_exp as exp

        return exp(input)

    @op("lu_solve")
    def lu_solve_(input, LU_data, LU_pivots):
        return lu_solve(LU_data, LU_pivots, input)

    op("lu_unpack", method=False)(lu_unpack)

    @op("triangular_solve")
    def triangular_solve(input, A, upper: bool = True, transpose: bool = False,
                         unitriangular: bool = False):  # fmt: skip
        T = A.mT if transpose else A
        X = solve_triangular(T, input, upper=upper != transpose, unitriangular=unitriangular)
        return return_types._make("triangular_solve", "solution", "cloned_coefficient")(
            X, A.clone()
        )


_register()
