"""Diagonals and triangles of matrices: diag, trace, tril and triu (with tril_/triu_)."""

from __future__ import annotations

from .._dtype import bool_
from .._tensor_base import Tensor
from ..autograd.function import name_node
from ._common import written_as
from .out_variants import Out
from .registry import op


@op("diag", out=Out(grad=False))
def diag(input: Tensor, diagonal: int = 0) -> Tensor:
    r"""Builds a diagonal matrix from a vector, or takes a diagonal of a matrix.

    For a 1-D ``input`` of size n, a square matrix with ``input`` on the ``diagonal``-th
    diagonal (0: the main one, > 0 above, < 0 below). For a 2-D ``input``, a 1-D copy of
    that diagonal. ``x.diag()`` is the method form.

    Args:
        input (Tensor): a vector or a matrix.
        diagonal (int): which diagonal. Default: 0.

    Keyword args:
        out (Tensor, optional): the output tensor.

    Example::

        >>> torch.diag(torch.tensor([1, 2]))
        tensor([[1, 0],
                [0, 2]])
        >>> torch.diag(torch.tensor([1, 2]), 1)
        tensor([[0, 1, 0],
                [0, 0, 2],
                [0, 0, 0]])
        >>> torch.diag(torch.arange(9).reshape(3, 3), -1)
        tensor([3, 7])
    """
    if input.ndim == 1:
        n = input.shape[0] + abs(diagonal)
        out = input.new_zeros((n, n))
        out.diagonal(diagonal).copy_(input)
        return name_node(out, "DiagEmbedBackward0")
    if input.ndim == 2:  # (PyTorch's node for it is named so)
        return name_node(input.diagonal(diagonal).clone(), "DiagonalBackward0_copy")
    raise RuntimeError("diag(): Supports 1D or 2D tensors. Got " + f"{input.ndim}D")


@op("trace")
def trace(input: Tensor) -> Tensor:
    r"""Returns the sum of the main diagonal of a 2-D ``input``.

    Integer inputs sum in int64. ``x.trace()`` is the method form.

    Args:
        input (Tensor): a matrix.

    Example::

        >>> torch.trace(torch.arange(9.).reshape(3, 3))
        tensor(12.)
    """
    if input.dtype is bool_:  # (checked before the shape, as in PyTorch)
        raise NotImplementedError("\"trace\" not implemented for 'Bool'")
    if input.ndim != 2:
        raise RuntimeError(f"trace: expected a matrix, but got tensor with dim {input.ndim}")
    return name_node(input.diagonal().sum(), "TraceBackward0")


def _triangle(input: Tensor, diagonal: int, upper: bool) -> Tensor:
    if input.ndim < 2:
        name = "triu" if upper else "tril"
        raise RuntimeError(f"{name}: input tensor must have at least 2 dimensions")
    n, m = input.shape[-2:]
    from .creation import arange

    rows = arange(n, device=input.device).unsqueeze(1)
    cols = arange(m, device=input.device).unsqueeze(0)
    keep = cols - rows >= diagonal if upper else cols - rows <= diagonal
    return name_node(input.masked_fill(~keep, 0), "TriuBackward0" if upper else "TrilBackward0")


@op(
    "tril",
    inplace=lambda self, diagonal=0: written_as(self, tril(self, diagonal), "TrilBackward0"),
    out=True,
)
def tril(input: Tensor, diagonal: int = 0) -> Tensor:
    r"""Returns the lower triangle of the matrix (or batch of matrices) ``input``.

    The elements on and below the ``diagonal``-th diagonal are kept, the others set to 0
    (``diagonal`` 0 is the main diagonal, > 0 above it, < 0 below). ``x.tril()`` and
    ``x.tril_()`` are the method and in-place forms.

    Args:
        input (Tensor): the input, at least 2-D.
        diagonal (int): the diagonal to keep down from. Default: 0.

    Keyword args:
        out (Tensor, optional): the output tensor.

    Example::

        >>> torch.tril(torch.ones(3, 3))
        tensor([[1., 0., 0.],
                [1., 1., 0.],
                [1., 1., 1.]])
        >>> torch.tril(torch.ones(2, 3), -1)
        tensor([[0., 0., 0.],
                [1., 0., 0.]])
    """
    return _triangle(input, diagonal, upper=False)


@op(
    "triu",
    inplace=lambda self, diagonal=0: written_as(self, triu(self, diagonal), "TriuBackward0"),
    out=True,
)
def triu(input: Tensor, diagonal: int = 0) -> Tensor:
    r"""Returns the upper triangle of the matrix (or batch of matrices) ``input``.

    The elements on and above the ``diagonal``-th diagonal are kept, the others set to 0
    (``diagonal`` 0 is the main diagonal, > 0 above it, < 0 below). ``x.triu()`` and
    ``x.triu_()`` are the method and in-place forms.

    Args:
        input (Tensor): the input, at least 2-D.
        diagonal (int): the diagonal to keep up from. Default: 0.

    Keyword args:
        out (Tensor, optional): the output tensor.

    Example::

        >>> torch.triu(torch.ones(3, 4), diagonal=1)
        tensor([[0., 1., 1., 1.],
                [0., 0., 1., 1.],
                [0., 0., 0., 1.]])
    """
    return _triangle(input, diagonal, upper=True)
