"""Distances and similarities between vectors (also numtensor.cosine_similarity,
pairwise_distance and pdist, as in PyTorch)."""

from __future__ import annotations


def cosine_similarity(x1, x2, dim: int = 1, eps: float = 1e-8):
    """x1 . x2 / (max(|x1|, eps) * max(|x2|, eps)) along ``dim``, broadcast."""
    n1 = x1.norm(dim=dim, keepdim=True).clamp(min=eps)
    n2 = x2.norm(dim=dim, keepdim=True).clamp(min=eps)
    return ((x1 / n1) * (x2 / n2)).sum(dim)


def pairwise_distance(x1, x2, p: float = 2.0, eps: float = 1e-6, keepdim: bool = False):
    """The p-norm of ``x1 - x2 + eps`` along the last dim."""
    ndim = max(x1.ndim, x2.ndim)
    return (x1 - x2 + eps).norm(p, dim=-1 if ndim else None, keepdim=keepdim)


def pdist(input, p: float = 2.0):
    """The distances between each pair of rows (i < j), in row-major order."""
    import numtensor as _nt

    if input.ndim != 2:
        raise RuntimeError(f"pdist only supports 2D tensors, got: {input.ndim}D")
    n = input.shape[0]
    rows, cols = _nt.triu_indices(n, n, 1, device=input.device)
    return _nt.cdist(input[rows].unsqueeze(1), input[cols].unsqueeze(1), p).reshape(-1)


__all__ = ["cosine_similarity", "pairwise_distance", "pdist"]
