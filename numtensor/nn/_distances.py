"""Distances and similarities between vectors (also numtensor.cosine_similarity,
pairwise_distance and pdist, as in PyTorch)."""

from __future__ import annotations


def cosine_similarity(x1, x2, dim: int = 1, eps: float = 1e-8):
    r"""Returns the cosine similarity ``x1 . x2 / max(||x1|| ||x2||, eps)`` along ``dim``.

    See :class:`~numtensor.nn.CosineSimilarity` for details.

    Args:
        x1 (Tensor): the first input.
        x2 (Tensor): the second, broadcastable to ``x1``.
        dim (int): Default: 1.
        eps (float): Default: 1e-8.

    Returns:
        Tensor: the broadcast shape without ``dim``.

    Example::

        >>> import numtensor.nn.functional as F
        >>> x1, x2 = torch.tensor([[1., 0.], [1., 1.]]), torch.tensor([[1., 0.], [0., 1.]])
        >>> F.cosine_similarity(x1, x2)
        tensor([1.0000, 0.7071])
    """
    n1 = x1.norm(dim=dim, keepdim=True).clamp(min=eps)
    n2 = x2.norm(dim=dim, keepdim=True).clamp(min=eps)
    return ((x1 / n1) * (x2 / n2)).sum(dim)


def pairwise_distance(x1, x2, p: float = 2.0, eps: float = 1e-6, keepdim: bool = False):
    r"""Returns the ``p``-norm distance ``||x1 - x2 + eps||_p`` of the rows (last dim).

    See :class:`~numtensor.nn.PairwiseDistance` for details.

    Args:
        x1, x2 (Tensor): :math:`(N, D)` or :math:`(D)`, broadcastable.
        p (float): Default: 2.
        eps (float): Default: 1e-6.
        keepdim (bool): Default: ``False``.

    Returns:
        Tensor

    Example::

        >>> import numtensor.nn.functional as F
        >>> F.pairwise_distance(torch.tensor([[0., 0.]]), torch.tensor([[3., 4.]]))
        tensor([5.0000])
    """
    ndim = max(x1.ndim, x2.ndim)
    return (x1 - x2 + eps).norm(p, dim=-1 if ndim else None, keepdim=keepdim)


def pdist(input, p: float = 2.0):
    r"""Returns the ``p``-norm distances between all pairs of rows of ``input``, the upper
    triangle of the distance matrix, row by row.

    Args:
        input (Tensor): :math:`(N, M)`.
        p (float): Default: 2.

    Returns:
        Tensor: :math:`(N (N - 1) / 2)`.

    Example::

        >>> import numtensor.nn.functional as F
        >>> F.pdist(torch.tensor([[0., 0.], [3., 4.], [6., 8.]]))
        tensor([ 5., 10.,  5.])
    """
    import numtensor as _nt

    if input.ndim != 2:
        raise RuntimeError(f"pdist only supports 2D tensors, got: {input.ndim}D")
    n = input.shape[0]
    rows, cols = _nt.triu_indices(n, n, 1, device=input.device)
    return _nt.cdist(input[rows].unsqueeze(1), input[cols].unsqueeze(1), p).reshape(-1)


__all__ = ["cosine_similarity", "pairwise_distance", "pdist"]
