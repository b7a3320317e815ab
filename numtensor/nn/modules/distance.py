"""``CosineSimilarity`` and ``PairwiseDistance``: distances between batches of vectors as
modules."""

from __future__ import annotations

from .. import functional as F
from .module import Module


class CosineSimilarity(Module):
    r"""The cosine similarity between ``x1`` and ``x2`` along ``dim``:
    ``x1 . x2 / max(||x1|| ||x2||, eps)``.

    Args:
        dim (int): the dimension of the vectors. Default: 1.
        eps (float): a small value avoiding division by zero. Default: 1e-8.

    Shape:
        - Input1: :math:`(*_1, D, *_2)`; Input2: broadcastable to it.
        - Output: :math:`(*_1, *_2)`.

    Example::

        >>> cos = torch.nn.CosineSimilarity(dim=1)
        >>> cos(torch.tensor([[1., 0.], [1., 1.]]), torch.tensor([[1., 0.], [0., 1.]]))
        tensor([1.0000, 0.7071])
    """

    def __init__(self, dim: int = 1, eps: float = 1e-8) -> None:
        super().__init__()
        self.dim, self.eps = dim, eps

    def forward(self, x1, x2):
        return F.cosine_similarity(x1, x2, self.dim, self.eps)


class PairwiseDistance(Module):
    r"""The ``p``-norm distance between the rows of ``x1`` and ``x2``: ``||x1 - x2 + eps||_p``.

    Args:
        p (float): the norm degree. Default: 2.
        eps (float): added to the difference to avoid division by zero. Default: 1e-6.
        keepdim (bool): keep the vector dim with size 1. Default: ``False``.

    Shape:
        - Input1: :math:`(N, D)` or :math:`(D)`; Input2: broadcastable to it.
        - Output: :math:`(N)` or :math:`()` (with a trailing 1 if ``keepdim``).

    Example::

        >>> pdist = torch.nn.PairwiseDistance(p=2)
        >>> pdist(torch.tensor([[0., 0.], [1., 1.]]), torch.tensor([[3., 4.], [1., 1.]]))
        tensor([5.0000e+00, 1.4142e-06])
    """

    def __init__(self, p: float = 2.0, eps: float = 1e-6, keepdim: bool = False) -> None:
        super().__init__()
        self.norm, self.eps, self.keepdim = p, eps, keepdim

    def forward(self, x1, x2):
        return F.pairwise_distance(x1, x2, self.norm, self.eps, self.keepdim)
