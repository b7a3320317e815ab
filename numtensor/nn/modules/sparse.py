"""EmbeddingBag: sums, means or maxima of bags of embeddings."""

from __future__ import annotations

import numtensor as _nt

from .. import functional as F
from .. import init
from ..parameter import Parameter
from .module import Module


class EmbeddingBag(Module):
    r"""Computes sums, means (the default) or maxima of "bags" of embeddings without
    materialising the intermediate embeddings (see
    :func:`~numtensor.nn.functional.embedding_bag`).

    ``forward(input, offsets=None, per_sample_weights=None)``: ``input`` is a 2-D batch of
    equal-size bags, or 1-D indices cut into bags at ``offsets``.

    Args:
        num_embeddings (int): the size of the dictionary.
        embedding_dim (int): the size of each embedding.
        max_norm, norm_type, scale_grad_by_freq, sparse: as in PyTorch.
        mode (str): ``'sum'``, ``'mean'`` or ``'max'``. Default: ``'mean'``.
        include_last_offset (bool): ``offsets`` ends with the end. Default: ``False``.
        padding_idx (int, optional): entries that do not count.
        device, dtype: for the weight.

    Shape:
        - input: :math:`(B, N)` or 1-D with ``offsets`` :math:`(B)`; output: :math:`(B,
          embedding\_dim)`.

    Attributes:
        weight (Tensor): ``(num_embeddings, embedding_dim)``, from N(0, 1).

    Example::

        >>> bag = torch.nn.EmbeddingBag(10, 3, mode='sum')
        >>> with torch.no_grad():
        ...     _ = bag.weight.copy_(torch.arange(30.).reshape(10, 3))
        >>> bag(torch.tensor([1, 2, 4, 5, 4, 3, 2, 9]), torch.tensor([0, 4])).detach()
        tensor([[36., 40., 44.],
                [54., 58., 62.]])
    """

    def __init__(self, num_embeddings: int, embedding_dim: int, max_norm=None,
                 norm_type: float = 2.0, scale_grad_by_freq: bool = False, mode: str = "mean",
                 sparse: bool = False, _weight=None, include_last_offset: bool = False,
                 padding_idx=None, device=None, dtype=None) -> None:  # fmt: skip
        super().__init__()
        self.num_embeddings, self.embedding_dim = num_embeddings, embedding_dim
        self.max_norm, self.norm_type = max_norm, norm_type
        self.scale_grad_by_freq = scale_grad_by_freq
        if padding_idx is not None:
            if padding_idx > 0 and padding_idx >= num_embeddings:
                raise AssertionError("padding_idx must be within num_embeddings")
            if padding_idx < 0:
                if padding_idx < -num_embeddings:
                    raise AssertionError("padding_idx must be within num_embeddings")
                padding_idx = num_embeddings + padding_idx
        self.padding_idx = padding_idx
        if _weight is None:
            self.weight = Parameter(
                _nt.empty((num_embeddings, embedding_dim), device=device, dtype=dtype)
            )
            self.reset_parameters()
        else:
            if list(_weight.shape) != [num_embeddings, embedding_dim]:
                raise AssertionError(
                    "Shape of weight does not match num_embeddings and embedding_dim"
                )
            self.weight = Parameter(_weight)
        self.mode, self.sparse = mode, sparse
        self.include_last_offset = include_last_offset

    def reset_parameters(self) -> None:
        r"""Re-draws ``weight`` from N(0, 1) (the ``padding_idx`` row zeroed).

        Example::

            >>> bag = torch.nn.EmbeddingBag(4, 2, padding_idx=0)
            >>> bag.reset_parameters()
            >>> bag.weight[0]
            tensor([0., 0.], grad_fn=<SelectBackward0>)
        """
        init.normal_(self.weight)
        self._fill_padding_idx_with_zero()

    def _fill_padding_idx_with_zero(self) -> None:
        if self.padding_idx is not None:
            with _nt.no_grad():
                self.weight[self.padding_idx].fill_(0)

    def forward(self, input, offsets=None, per_sample_weights=None):
        return F.embedding_bag(input, self.weight, offsets, self.max_norm, self.norm_type,
                               self.scale_grad_by_freq, self.mode, self.sparse,
                               per_sample_weights, self.include_last_offset,
                               self.padding_idx)  # fmt: skip

    def extra_repr(self) -> str:
        s = f"{self.num_embeddings!r}, {self.embedding_dim!r}"
        if self.max_norm is not None:
            s += f", max_norm={self.max_norm!r}"
        if self.norm_type != 2:
            s += f", norm_type={self.norm_type!r}"
        if self.scale_grad_by_freq is not False:
            s += f", scale_grad_by_freq={self.scale_grad_by_freq!r}"
        s += f", mode={self.mode!r}"
        if self.padding_idx is not None:
            s += f", padding_idx={self.padding_idx!r}"
        return s

    @classmethod
    def from_pretrained(cls, embeddings, freeze: bool = True, max_norm=None,
                        norm_type: float = 2.0, scale_grad_by_freq: bool = False,
                        mode: str = "mean", sparse: bool = False,
                        include_last_offset: bool = False,
                        padding_idx=None) -> EmbeddingBag:  # fmt: skip
        r"""An EmbeddingBag whose weight is ``embeddings`` [num_embeddings, embedding_dim]
        (frozen unless ``freeze=False``).

        Args:
            embeddings (Tensor): the weight, ``(num_embeddings, embedding_dim)``.
            freeze (bool): the weight does not require grad. Default: ``True``.

        The other arguments (``max_norm``, ``norm_type``, ``scale_grad_by_freq``, ``mode``,
        ``sparse``, ``include_last_offset``, ``padding_idx``) are as in :class:`EmbeddingBag`.

        Example::

            >>> weight = torch.tensor([[1., 2.], [3., 4.]])
            >>> bag = torch.nn.EmbeddingBag.from_pretrained(weight, mode='sum')
            >>> bag(torch.tensor([[0, 1]]))
            tensor([[4., 6.]])
        """
        if embeddings.dim() != 2:
            raise AssertionError("Embeddings parameter is expected to be 2-dimensional")
        rows, cols = embeddings.shape
        bag = cls(num_embeddings=rows, embedding_dim=cols, _weight=embeddings, max_norm=max_norm,
                  norm_type=norm_type, scale_grad_by_freq=scale_grad_by_freq, mode=mode,
                  sparse=sparse, include_last_offset=include_last_offset,
                  padding_idx=padding_idx)  # fmt: skip
        bag.weight.requires_grad = not freeze
        return bag
