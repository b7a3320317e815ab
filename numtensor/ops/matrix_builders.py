"""Matrices built from smaller tensors, as compositions of views, cat and scatter: block_diag,
tril_indices/triu_indices, diag_embed, diagflat."""

from __future__ import annotations

from .. import _dtype
from .arrange import _dim
from .registry import op


@op("block_diag", method=False)
def block_diag(*tensors):
    r"""Creates a block diagonal matrix from the provided tensors.

    Each tensor (0-, 1- or 2-D; lower ones are taken as one row) becomes a block on the
    diagonal; everything else is zero. The dtype is promoted over the inputs.

    Args:
        *tensors (Tensor): the blocks.

    Returns:
        Tensor: 2-D, with the sums of the blocks' rows and columns as its size.

    Example::

        >>> torch.block_diag(torch.tensor([[1, 2]]), torch.tensor([[3], [4]]))
        tensor([[1, 2, 0],
                [0, 0, 3],
                [0, 0, 4]])
    """
    from .creation import zeros
    from .joining import cat

    blocks = []
    for i, t in enumerate(tensors):
        if t.ndim > 2:
            raise RuntimeError(
                f"torch.block_diag: Input tensors must have 2 or fewer dimensions. Input {i} "
                f"has {t.ndim} dimensions"
            )
        blocks.append(t.reshape(1, -1) if t.ndim < 2 else t)
    if not blocks:
        return zeros(1, 0)
    dtype = _dtype.result_type(*blocks)
    width = sum(b.shape[1] for b in blocks)
    rows, left = [], 0
    for b in blocks:
        r, c = b.shape
        parts = [zeros(r, left, dtype=dtype, device=b.device), b.to(dtype),
                 zeros(r, width - left - c, dtype=dtype, device=b.device)]  # fmt: skip
        rows.append(cat(parts, 1))
        left += c
    return cat(rows, 0)


def _triangle_indices(lower: bool, row: int, col: int, offset: int, dtype, device):
    from .creation import tensor

    if row < 0 or col < 0:
        raise RuntimeError(
            f"row must be non-negative, got{row}"
            if row < 0
            else f"col must be non-negative, got{col}"
        )
    pairs = [
        (i, j)
        for i in range(row)
        for j in range(col)
        if (j - i <= offset if lower else j - i >= offset)
    ]
    rows = [p[0] for p in pairs]
    cols = [p[1] for p in pairs]
    return tensor([rows, cols], dtype=dtype or _dtype.int64, device=device).reshape(2, len(pairs))


@op("tril_indices", method=False)
def tril_indices(row: int, col: int, offset: int = 0, *, dtype=None, device=None, layout=None):
    r"""Returns the indices of the lower triangular part of a ``row``-by-``col`` matrix.

    The result's first row holds the row indices and the second the column indices, in
    row-major order. ``offset`` picks the diagonal: 0 is the main one, positive ones are
    above it and negative ones below.

    Args:
        row (int): the number of rows of the matrix.
        col (int): the number of columns of the matrix.
        offset (int): the diagonal offset. Default: ``0``.

    Keyword args:
        dtype (:class:`numtensor.dtype`, optional): the dtype. Default: ``numtensor.int64``.
        device (:class:`numtensor.device`, optional): the desired device.
        layout: accepted for compatibility.

    Returns:
        Tensor: of shape ``(2, N)``.

    Example::

        >>> torch.tril_indices(3, 3)
        tensor([[0, 1, 1, 2, 2, 2],
                [0, 0, 1, 0, 1, 2]])
    """
    return _triangle_indices(True, row, col, offset, dtype, device)


@op("triu_indices", method=False)
def triu_indices(row: int, col: int, offset: int = 0, *, dtype=None, device=None, layout=None):
    r"""Returns the indices of the upper triangular part of a ``row``-by-``col`` matrix.

    The result's first row holds the row indices and the second the column indices, in
    row-major order. ``offset`` picks the diagonal: 0 is the main one, positive ones are
    above it and negative ones below.

    Args:
        row (int): the number of rows of the matrix.
        col (int): the number of columns of the matrix.
        offset (int): the diagonal offset. Default: ``0``.

    Keyword args:
        dtype (:class:`numtensor.dtype`, optional): the dtype. Default: ``numtensor.int64``.
        device (:class:`numtensor.device`, optional): the desired device.
        layout: accepted for compatibility.

    Returns:
        Tensor: of shape ``(2, N)``.

    Example::

        >>> torch.triu_indices(3, 3, 1)
        tensor([[0, 0, 1],
                [1, 2, 2]])
    """
    return _triangle_indices(False, row, col, offset, dtype, device)


@op("diag_embed")
def diag_embed(input, offset: int = 0, dim1: int = -2, dim2: int = -1):
    r"""Creates a tensor whose diagonals of certain 2-D planes (``dim1``, ``dim2``) are filled
    by ``input``.

    The last dimension of ``input`` becomes the ``offset`` diagonal of new square matrices
    over the dimensions ``dim1`` and ``dim2`` of the result (of size
    ``input.size(-1) + abs(offset)``); everything else is zero. ``x.diag_embed(...)`` is
    the same.

    Args:
        input (Tensor): the input tensor (at least 1-D).
        offset (int): which diagonal to fill. Default: ``0`` (main diagonal).
        dim1 (int): the first dimension of the matrices. Default: ``-2``.
        dim2 (int): the second dimension of the matrices. Default: ``-1``.

    Example::

        >>> torch.diag_embed(torch.tensor([1, 2]))
        tensor([[1, 0],
                [0, 2]])
        >>> torch.diag_embed(torch.tensor([[1, 2], [3, 4]])).shape
        numtensor.Size([2, 2, 2])
    """
    from .creation import arange, zeros

    n = input.shape[-1] if input.ndim else 1
    x = input.reshape(1) if input.ndim == 0 else input
    m = n + abs(offset)
    lead = tuple(x.shape[:-1])
    a, b = _dim(dim1, x.ndim + 1), _dim(dim2, x.ndim + 1)
    if a == b:
        raise RuntimeError(f"diagonal dimensions cannot be identical {dim1}, {dim2}")
    rows = arange(n, device=x.device) + max(0, -offset)
    cols = arange(n, device=x.device) + max(0, offset)
    index = (rows * m + cols).expand(*lead, n)
    flat = zeros(*lead, m * m, dtype=x.dtype, device=x.device).scatter(-1, index, x)
    out = flat.reshape(*lead, m, m)  # dims (..., dim1, dim2) at the end
    order = list(range(len(lead)))
    full = [None] * (len(lead) + 2)
    full[a], full[b] = len(lead), len(lead) + 1
    rest = iter(order)
    full = [next(rest) if f is None else f for f in full]
    return out.permute(*full)


@op("diagflat")
def diagflat(input, offset: int = 0):
    r"""Returns a 2-D tensor with the flattened ``input`` as its ``offset`` diagonal.

    ``x.diagflat(...)`` is the same.

    Args:
        input (Tensor): the input tensor (flattened).
        offset (int): the diagonal to fill: 0 the main one, positive above, negative below.
            Default: ``0``.

    Example::

        >>> torch.diagflat(torch.tensor([1, 2]))
        tensor([[1, 0],
                [0, 2]])
        >>> torch.diagflat(torch.tensor([[1, 2], [3, 4]])).shape
        numtensor.Size([4, 4])
    """
    from .diagonals_triangles import diag

    return diag(input.reshape(-1), offset)
