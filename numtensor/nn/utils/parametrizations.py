"""``nn.utils.parametrizations``: orthogonal, weight_norm and spectral_norm built on
:func:`numtensor.nn.utils.parametrize.register_parametrization`, as in PyTorch."""

from __future__ import annotations

from enum import Enum, auto

import numtensor as _nt

from ..._tensor_base import Tensor
from ...linalg.householder import _mH, geqrf, householder_product
from .. import functional as F
from ..modules.module import Module
from . import parametrize
from .weight_norm import _weight_norm, norm_except_dim

__all__ = ["orthogonal", "spectral_norm", "weight_norm"]


def _is_orthogonal(Q) -> bool:
    n, k = Q.size(-2), Q.size(-1)
    Id = _nt.eye(k, dtype=Q.dtype, device=Q.device)
    eps = 10.0 * n * _nt.finfo(Q.dtype).eps
    return _nt.allclose(_mH(Q) @ Q, Id, atol=eps)


def _make_orthogonal(A):
    """The Q of A's QR decomposition with R's diagonal made positive (PyTorch's
    ``householder_product(geqrf(A)) * sgn(diag R)``)."""
    Q, R = _nt.linalg.qr(A)
    return Q * R.diagonal(dim1=-2, dim2=-1).sgn().unsqueeze(-2)


class _OrthMaps(Enum):
    matrix_exp = auto()
    cayley = auto()
    householder = auto()


class _Orthogonal(Module):
    def __init__(self, weight, orthogonal_map: _OrthMaps, *, use_trivialization=True) -> None:
        super().__init__()
        if weight.is_complex() and orthogonal_map == _OrthMaps.householder:
            raise ValueError("The householder parametrization does not support complex tensors.")
        self.shape = weight.shape
        self.orthogonal_map = orthogonal_map
        if use_trivialization:
            self.register_buffer("base", None)

    def forward(self, X: Tensor) -> Tensor:
        n, k = X.size(-2), X.size(-1)
        transposed = n < k
        if transposed:
            X = X.mT
            n, k = k, n
        if self.orthogonal_map in (_OrthMaps.matrix_exp, _OrthMaps.cayley):
            X = X.tril()
            if n != k:
                X = _nt.cat([X, X.new_zeros(n, n - k).expand(*X.shape[:-2], -1, -1)], dim=-1)
            A = X - _mH(X)
            if self.orthogonal_map == _OrthMaps.matrix_exp:
                Q = _nt.matrix_exp(A)
            else:
                Id = _nt.eye(n, dtype=A.dtype, device=A.device)
                Q = _nt.linalg.solve(_nt.add(Id, A, alpha=-0.5), _nt.add(Id, A, alpha=0.5))
            if n != k:
                Q = Q[..., :k]
        else:
            A = X.tril(diagonal=-1)
            tau = 2.0 / (1.0 + (A * A).sum(dim=-2))
            Q = householder_product(A, tau)
            # The diagonal of X is 1's and -1's (truncated towards zero, as PyTorch does)
            Q = Q * X.diagonal(dim1=-2, dim2=-1).int().unsqueeze(-2)
        if hasattr(self, "base"):
            Q = self.base @ Q
        if transposed:
            Q = Q.mT
        return Q

    def right_inverse(self, Q: Tensor) -> Tensor:
        with _nt.no_grad():
            if Q.shape != self.shape:
                raise ValueError(
                    f"Expected a matrix or batch of matrices of shape {self.shape}. "
                    f"Got a tensor of shape {Q.shape}."
                )
            Q_init = Q
            n, k = Q.size(-2), Q.size(-1)
            transpose = n < k
            if transpose:
                Q = Q.mT
                n, k = k, n
            if not hasattr(self, "base"):
                if self.orthogonal_map in (_OrthMaps.cayley, _OrthMaps.matrix_exp):
                    raise NotImplementedError(
                        "It is not possible to assign to the matrix exponential "
                        "or the Cayley parametrizations when use_trivialization=False."
                    )
                A, tau = geqrf(Q)
                diag = A.diagonal(dim1=-2, dim2=-1)
                diag.sign_()
                diag.copy_(_nt.where(tau == 0.0, -diag, diag))
                return A.mT if transpose else A
            if n == k:
                Q = _make_orthogonal(Q) if not _is_orthogonal(Q) else Q.clone()
            else:
                N = _nt.randn(*(Q.size()[:-2] + (n, n - k)), dtype=Q.dtype, device=Q.device)
                Q = _make_orthogonal(_nt.cat([Q, N], dim=-1))
            self.base = Q
            # -Id, because householder reads the diagonal: householder(-Id) is eye(n, k),
            # and matrix_exp/cayley ignore the diagonal (tril minus its transpose)
            neg_Id = _nt.zeros_like(Q_init)
            neg_Id.diagonal(dim1=-2, dim2=-1).fill_(-1.0)
            return neg_Id


def orthogonal(
    module: Module,
    name: str = "weight",
    orthogonal_map: str | None = None,
    *,
    use_trivialization: bool = True,
) -> Module:
    r"""Parametrize ``module.<name>`` (a matrix or batch of matrices) to be orthogonal
    (unitary for complex): ``Q^H Q = I`` (or ``Q Q^H = I`` for wide matrices).

    Args:
        module (nn.Module): module on which to register the parametrization
        name (str): name of the tensor. Default: ``"weight"``
        orthogonal_map (str, optional): ``"matrix_exp"``, ``"cayley"`` or ``"householder"``.
            Default: ``"matrix_exp"`` for square or complex matrices, else ``"householder"``
        use_trivialization (bool): keep a ``base`` buffer so that the optimisation happens
            around it (dynamic trivialization). Default: ``True``

    Returns:
        the module, with the parametrization registered (``unsafe=True``)

    Example::

        >>> from numtensor.nn.utils import parametrizations
        >>> m = parametrizations.orthogonal(torch.nn.Linear(4, 4))
        >>> q = m.weight
        >>> torch.allclose(q.T @ q, torch.eye(4), atol=1e-5)
        True
    """
    weight = getattr(module, name, None)
    if not isinstance(weight, Tensor):
        raise ValueError(f"Module '{module}' has no parameter or buffer with name '{name}'")
    if weight.ndim < 2:
        raise ValueError(
            f"Expected a matrix or batch of matrices. Got a tensor of {weight.ndim} dimensions."
        )
    if orthogonal_map is None:
        square = weight.size(-2) == weight.size(-1)
        orthogonal_map = "matrix_exp" if square or weight.is_complex() else "householder"
    orth_enum = getattr(_OrthMaps, orthogonal_map, None)
    if orth_enum is None:
        raise ValueError(
            'orthogonal_map has to be one of "matrix_exp", "cayley", "householder". '
            f"Got: {orthogonal_map}"
        )
    orth = _Orthogonal(weight, orth_enum, use_trivialization=use_trivialization)
    parametrize.register_parametrization(module, name, orth, unsafe=True)
    return module


class _WeightNorm(Module):
    def __init__(self, dim: int | None = 0) -> None:
        super().__init__()
        if dim is None:
            dim = -1
        self.dim = dim

    def forward(self, weight_g, weight_v):
        return _weight_norm(weight_v, weight_g, self.dim)

    def right_inverse(self, weight):
        weight_g = norm_except_dim(weight, 2, self.dim)
        weight_v = weight
        return weight_g, weight_v


def weight_norm(module: Module, name: str = "weight", dim: int = 0) -> Module:
    r"""Weight normalization as a parametrization: ``w = g * v / ||v||``, the norm taken over
    every dimension but ``dim`` (over the whole tensor when ``dim`` is ``None``).

    The magnitude ``g`` is ``module.parametrizations.<name>.original0`` and the direction
    ``v`` is ``original1``.

    Args:
        module (nn.Module): containing module
        name (str): name of the weight parameter. Default: ``"weight"``
        dim (int, optional): dimension over which to compute the norm. Default: 0

    Returns:
        the module with the parametrization registered

    Example::

        >>> from numtensor.nn.utils import parametrizations
        >>> m = parametrizations.weight_norm(torch.nn.Linear(20, 40), name="weight")
        >>> m.parametrizations.weight.original0.shape, m.parametrizations.weight.original1.shape
        (numtensor.Size([40, 1]), numtensor.Size([40, 20]))
    """
    parametrize.register_parametrization(module, name, _WeightNorm(dim), unsafe=True)
    return module


class _SpectralNorm(Module):
    def __init__(
        self, weight: Tensor, n_power_iterations: int = 1, dim: int = 0, eps: float = 1e-12
    ) -> None:
        super().__init__()
        ndim = weight.ndim
        if dim >= ndim or dim < -ndim:
            raise IndexError(
                "Dimension out of range (expected to be in range of "
                f"[-{ndim}, {ndim - 1}] but got {dim})"
            )
        if n_power_iterations <= 0:
            raise ValueError(
                "Expected n_power_iterations to be positive, but "
                f"got n_power_iterations={n_power_iterations}"
            )
        self.dim = dim if dim >= 0 else dim + ndim
        self.eps = eps
        if ndim > 1:
            self.n_power_iterations = n_power_iterations
            weight_mat = self._reshape_weight_to_matrix(weight)
            h, w = weight_mat.size()
            u = weight_mat.new_empty(h).normal_(0, 1)
            v = weight_mat.new_empty(w).normal_(0, 1)
            self.register_buffer("_u", F.normalize(u, dim=0, eps=self.eps))
            self.register_buffer("_v", F.normalize(v, dim=0, eps=self.eps))
            # Start with u, v close to the top singular vectors
            self._power_method(weight_mat, 15)

    def _reshape_weight_to_matrix(self, weight: Tensor) -> Tensor:
        if self.dim != 0:
            weight = weight.permute(self.dim, *(d for d in range(weight.dim()) if d != self.dim))
        return weight.flatten(1)

    def _power_method(self, weight_mat: Tensor, n_power_iterations: int) -> None:
        """Power iteration on ``weight_mat``, updating the ``_u`` and ``_v`` buffers in place."""
        with _nt.no_grad():
            for _ in range(n_power_iterations):
                self._u.copy_(F.normalize(_nt.mv(weight_mat, self._v), dim=0, eps=self.eps))
                self._v.copy_(F.normalize(_nt.mv(_mH(weight_mat), self._u), dim=0, eps=self.eps))

    def forward(self, weight: Tensor) -> Tensor:
        if weight.ndim == 1:
            return F.normalize(weight, dim=0, eps=self.eps)
        weight_mat = self._reshape_weight_to_matrix(weight)
        if self.training:
            self._power_method(weight_mat, self.n_power_iterations)
        u = self._u.clone()
        v = self._v.clone()
        sigma = _nt.vdot(u, _nt.mv(weight_mat, v))
        return weight / sigma

    def right_inverse(self, value: Tensor) -> Tensor:
        return value


def _transposed_conv_types() -> tuple:
    from .. import modules

    names = ("ConvTranspose1d", "ConvTranspose2d", "ConvTranspose3d")
    return tuple(getattr(modules, n) for n in names if hasattr(modules, n))


def spectral_norm(
    module: Module,
    name: str = "weight",
    n_power_iterations: int = 1,
    eps: float = 1e-12,
    dim: int | None = None,
) -> Module:
    r"""Spectral normalization as a parametrization: ``w / sigma(w)``, ``sigma`` the largest
    singular value of ``w`` reshaped to a matrix with ``dim`` first, estimated by power
    iteration. The vectors live in the ``_u`` and ``_v`` buffers of
    ``module.parametrizations.<name>[0]`` and are updated on every access in training mode.

    Args:
        module (nn.Module): containing module
        name (str): name of the weight parameter. Default: ``"weight"``
        n_power_iterations (int): power iterations per access. Default: 1
        eps (float): epsilon for stability when normalizing. Default: ``1e-12``
        dim (int, optional): output dimension; 1 for ConvTranspose modules, 0 otherwise

    Returns:
        the module with the parametrization registered

    Example::

        >>> from numtensor.nn.utils import parametrizations
        >>> m = parametrizations.spectral_norm(torch.nn.Linear(20, 40))
        >>> m.weight.shape
        numtensor.Size([40, 20])
        >>> bool(torch.linalg.matrix_norm(m.weight, ord=2) < 1.5)
        True
    """
    weight = getattr(module, name, None)
    if not isinstance(weight, Tensor):
        raise ValueError(f"Module '{module}' has no parameter or buffer with name '{name}'")
    if dim is None:
        dim = 1 if isinstance(module, _transposed_conv_types()) else 0
    parametrize.register_parametrization(
        module, name, _SpectralNorm(weight, n_power_iterations, dim, eps)
    )
    return module
