"""PyTorch's top-level names for the matrix factorisations (``torch.det``, ``torch.logdet``,
``Tensor.inverse``, ``torch.slogdet``, ``pinverse``, ``cholesky``, ``cholesky_inverse``,
``cholesky_solve``, ``qr``, ``matrix_power``, ``matrix_exp``, ``lu_solve``,
``triangular_solve``, the deprecated ``lu``), declared on the ``numtensor.linalg`` functions of
``inverse_solve.py``, ``cholesky.py``, ``qr.py``, ``eigen.py`` and ``lu.py`` (LAPACK, through
the backend's ``lapack``; on CUDA through the host); and the method forms ``Tensor.geqrf``,
``orgqr`` and ``ormqr`` of ``numtensor/linalg/householder.py`` (imported when called: that
package sits above ops).
"""

from __future__ import annotations

from .. import return_types
from .cholesky import cholesky
from .inverse_solve import det, inv, logdet, slogdet, solve, solve_triangular
from .lu import lu_solve, lu_unpack
from .out_variants import CAST, Out
from .qr import qr

slogdet_type = return_types._make("slogdet", "sign", "logabsdet")


def _register() -> None:
    from .registry import op

    op("det")(det._without_out)
    op("logdet")(logdet)
    op("inverse", out=Out(grad="linalg_inv_ex"))(inv)

    @op("slogdet", out=Out(slogdet_type, grad="_linalg_slogdet"))
    def slogdet_(input):
        r"""Computes the sign and the log of the absolute value of the determinant of
        ``input``, as :func:`numtensor.linalg.slogdet` (whose named tuple this returns as
        ``numtensor.return_types.slogdet``). ``x.slogdet()`` is the method form.

        Keyword args:
            out (tuple of Tensors, optional): the output tensors ``(sign, logabsdet)``.

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

    @op("cholesky", out=Out(dtype=CAST))
    def cholesky_(input, upper: bool = False):
        r"""Computes the Cholesky factor of a symmetric positive-definite matrix (or batch):
        the lower ``L`` with :math:`A = LL^T`, or with ``upper=True`` the upper ``U`` with
        :math:`A = U^TU`. Deprecated in PyTorch for :func:`numtensor.linalg.cholesky`.
        ``x.cholesky()`` is the method form.

        Keyword args:
            out (Tensor, optional): the output tensor.

        Example::

            >>> torch.cholesky(torch.tensor([[4., 2.], [2., 3.]]))
            tensor([[2.0000, 0.0000],
                    [1.0000, 1.4142]])
        """
        return cholesky(input, upper=upper)

    @op("cholesky_inverse", out=Out(dtype=CAST))
    def cholesky_inverse(input, upper: bool = False):
        r"""Computes the inverse of a symmetric positive-definite matrix ``A`` from its
        Cholesky factor ``input`` (lower, or upper with ``upper=True``).
        ``x.cholesky_inverse()`` is the method form.

        Keyword args:
            out (Tensor, optional): the output tensor.

        Example::

            >>> L = torch.linalg.cholesky(torch.tensor([[4., 2.], [2., 3.]]))
            >>> torch.cholesky_inverse(L)
            tensor([[ 0.3750, -0.2500],
                    [-0.2500,  0.5000]])
        """
        L = input.mT if upper else input
        return inv(L @ L.mT)

    @op("cholesky_solve", out=Out(dtype=CAST))
    def cholesky_solve(input, input2, upper: bool = False):
        r"""Solves :math:`AX = B` for a symmetric positive-definite ``A`` given its Cholesky
        factor ``input2`` (lower, or upper with ``upper=True``); ``input`` is ``B``.
        ``b.cholesky_solve(L)`` is the method form.

        Keyword args:
            out (Tensor, optional): the output tensor.

        Example::

            >>> L = torch.linalg.cholesky(torch.tensor([[4., 2.], [2., 3.]]))
            >>> torch.cholesky_solve(torch.tensor([[2.], [5.]]), L)
            tensor([[-0.5000],
                    [ 2.0000]])
        """
        L = input2.mT if upper else input2
        return solve(L @ L.mT, input)

    @op("qr", out=Out(return_types._make("qr", "Q", "R"), grad="linalg_qr"))
    def qr_(input, some: bool = True):
        r"""Computes the QR decomposition of a matrix (or batch): reduced when ``some``
        (the default), else complete. Returns a named tuple ``(Q, R)``; see
        :func:`numtensor.linalg.qr`. ``x.qr()`` is the method form.

        Keyword args:
            out (tuple of Tensors, optional): the output tensors ``(Q, R)``.

        Example::

            >>> torch.qr(torch.tensor([[3., 1.], [4., 2.]])).R
            tensor([[-5.0000, -2.2000],
                    [ 0.0000,  0.4000]])
        """
        from .qr import qr_type
        from .tensor_forms import _warn_once

        _warn_once(
            "torch.qr is deprecated in favor of torch.linalg.qr and will be removed in a future "
            "PyTorch release.\nThe boolean parameter 'some' has been replaced with a string "
            "parameter 'mode'.\nQ, R = torch.qr(A, some)\nshould be replaced with\nQ, R = "
            "torch.linalg.qr(A, 'reduced' if some else 'complete')"
        )
        return qr_type(*qr(input, "reduced" if some else "complete"))

    @op("matrix_power", out=Out(grad="matmul"))
    def matrix_power(input, n: int):
        r"""Returns the square matrix (or batch) ``input`` raised to the integer power ``n``:
        the identity for 0, the inverse's powers for negative ``n``; see
        :func:`numtensor.linalg.matrix_power`. ``x.matrix_power(n)`` is the method form.

        Keyword args:
            out (Tensor, optional): the output tensor.

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

    @op("lu_solve", out=Out(grad="linalg_lu_solve"))
    def lu_solve_(input, LU_data, LU_pivots):
        r"""Solves :math:`AX = B` (``B`` is ``input``) from the LU factorisation
        ``(LU_data, LU_pivots)`` of ``A`` (:func:`numtensor.linalg.lu_factor`).
        ``b.lu_solve(LU, pivots)`` is the method form.

        Keyword args:
            out (Tensor, optional): the output tensor.

        Example::

            >>> LU, pivots = torch.linalg.lu_factor(torch.tensor([[4., 7.], [2., 6.]]))
            >>> torch.lu_solve(torch.tensor([[1.], [2.]]), LU, pivots)
            tensor([[-0.8000],
                    [ 0.6000]])
        """
        return lu_solve(LU_data, LU_pivots, input)

    lu_unpack_type = return_types._make("lu_unpack", "P", "L", "U")
    op("lu_unpack", method=False, out=Out(lu_unpack_type))(lu_unpack)

    solved_type = return_types._make("triangular_solve", "solution", "cloned_coefficient")

    @op("triangular_solve", out=Out(solved_type))
    def triangular_solve(input, A, upper: bool = True, transpose: bool = False,
                         unitriangular: bool = False):  # fmt: skip
        r"""Solves :math:`AX = b` for a triangular ``A`` (upper by default; transposed
        with ``transpose=True``); ``input`` is ``b``. Returns a named tuple
        ``(solution, cloned_coefficient)``. Deprecated in PyTorch for
        :func:`numtensor.linalg.solve_triangular`. ``b.triangular_solve(A)`` is the method.

        Keyword args:
            out (tuple of Tensors, optional): the output tensors ``(solution, cloned_coefficient)``.

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


_LU_WARNED = []  # PyTorch warns once per process that torch.lu is deprecated


def _register_lu_and_householder_methods() -> None:
    from .registry import method, op

    @op("lu")
    def lu(A, pivot: bool = True, get_infos: bool = False, out=None):
        r"""Computes the LU factorisation with partial pivoting of a matrix or batch ``A``:
        ``(A_LU, pivots)``, or ``(A_LU, pivots, infos)`` with ``get_infos=True``.
        Deprecated in PyTorch for :func:`numtensor.linalg.lu_factor` and
        :func:`numtensor.linalg.lu_factor_ex` (it warns so once). ``A.lu()`` is the method.

        ``A_LU`` holds ``L`` (unit diagonal, not stored) below the diagonal and ``U`` on
        and above it; ``pivots`` (int32, ``(*, min(m, n))``) are LAPACK's 1-based row
        swaps; ``infos`` (int32, ``(*)``) is non-zero for a matrix whose ``U`` has a zero
        pivot. A singular matrix is not an error.

        Differs from PyTorch: square matrices only (as :func:`numtensor.linalg.lu_factor`).

        Args:
            A (Tensor): the square matrix or batch ``(*, n, n)``.
            pivot (bool): must be ``True`` (LU without pivoting is not implemented on the
                CPU). Default: ``True``
            get_infos (bool): also return ``infos``. Default: ``False``
            out (tuple, optional): 2 (or 3, with ``get_infos``) tensors, resized and
                written; returned as given.

        Returns:
            a plain tuple ``(A_LU, pivots)`` or ``(A_LU, pivots, infos)``.

        Example::

            >>> A_LU, pivots = torch.lu(torch.tensor([[1., 2.], [2., 4.]]))
            >>> A_LU
            tensor([[2.0000, 4.0000],
                    [0.5000, 0.0000]])
            >>> pivots
            tensor([2, 2], dtype=numtensor.int32)
            >>> torch.tensor([[4., 7.], [2., 6.]]).lu(get_infos=True)[2]
            tensor(0, dtype=numtensor.int32)
        """
        import warnings

        from .lu import lu_factor_info

        if not _LU_WARNED:
            _LU_WARNED.append(True)
            warnings.warn(
                "torch.lu is deprecated in favor of torch.linalg.lu_factor / "
                "torch.linalg.lu_factor_ex and will be removed in a future PyTorch release.",
                UserWarning,
                stacklevel=3,
            )
        result = lu_factor_info(A, pivot, "linalg.lu_factor")
        result = result if get_infos else result[:2]
        if out is None:
            return result
        if len(out) != len(result):
            raise TypeError(f"expected tuple of {len(result)} elements but got {len(out)}")
        if not isinstance(out, (tuple, list)):
            raise TypeError(f"argument 'out' must be tuple of Tensors, not {type(out).__name__}")
        for o, r in zip(out, result):
            o.resize_as_(r).copy_(r)
        return out

    def geqrf(self):
        r"""Method form of :func:`numtensor.geqrf`: the QR decomposition of the matrix (or
        batch) in LAPACK's form, a named tuple ``(a, tau)``.

        Example::

            >>> torch.tensor([[3., 1.], [4., 2.]]).geqrf().tau
            tensor([1.6000, 0.0000])
        """
        from ..linalg.householder import geqrf as _geqrf

        return _geqrf._without_out(self)

    def orgqr(self, input2):
        r"""Method form of :func:`numtensor.orgqr` (:func:`numtensor.linalg.householder_product`):
        the first columns of the product of the Householder reflectors in ``self`` scaled
        by ``input2`` (``tau``).

        Example::

            >>> a, tau = torch.geqrf(torch.tensor([[3., 1.], [4., 2.]]))
            >>> a.orgqr(tau)
            tensor([[-0.6000, -0.8000],
                    [-0.8000,  0.6000]])
        """
        from ..linalg.householder import householder_product

        return householder_product._without_out(self, input2)

    def ormqr(self, input2, input3, left: bool = True, transpose: bool = False):
        r"""Method form of :func:`numtensor.ormqr`: multiplies ``input3`` by the ``Q`` of
        the Householder representation ``(self, input2)`` (``op(Q) @ input3`` when
        ``left``, else ``input3 @ op(Q)``; ``op`` conjugate-transposes with ``transpose``).

        Example::

            >>> a, tau = torch.geqrf(torch.tensor([[3., 1.], [4., 2.]]))
            >>> a.ormqr(tau, torch.tensor([[1., 0.]]), left=False)
            tensor([[-0.6000, -0.8000]])
        """
        from ..linalg.householder import ormqr as _ormqr

        return _ormqr._without_out(self, input2, input3, left, transpose)

    for fn in (geqrf, orgqr, ormqr):
        method(fn.__name__, fn)


_register_lu_and_householder_methods()


def _registered_docs() -> dict:
    from .registry import FUNCTIONS

    names = ("slogdet", "pinverse", "cholesky", "cholesky_inverse", "cholesky_solve", "qr",
             "matrix_power", "matrix_exp", "lu_solve", "triangular_solve", "lu")  # fmt: skip
    from .registry import METHODS

    docs = {name: FUNCTIONS[name] for name in names}
    docs.update({f"Tensor.{name}": METHODS[name] for name in ("geqrf", "orgqr", "ormqr")})
    return docs


# (the examples of the functions _register declares run as doctests too)
__test__ = _registered_docs()
