"""The index writes ``index_add``, ``index_copy`` and ``index_fill`` (and their in-place
forms), composed of scatter, scatter_add and masked_fill along one dimension.
"""

from __future__ import annotations

from .. import _dtype
from .._tensor_base import Tensor
from .conversion import to_out
from .registry import op


def _index_args(self, dim, index, name):
    d = dim % max(self.ndim, 1)
    if index.ndim > 1:
        raise IndexError(f"{name}_(): Index is supposed to be a vector")
    if index.dtype not in (_dtype.int64, _dtype.int32):
        raise IndexError(f"{name}_(): Expected dtype int32/int64 for index")
    return d


def _spread(self, d, index):
    """``index`` along dim ``d``, expanded over the other dims of ``self`` (for scatter)."""
    shape = [1] * self.ndim
    shape[d] = index.numel()
    full = list(self.shape)
    full[d] = index.numel()
    return index.reshape(shape).expand(full)


@op(
    "index_add",
    inplace=lambda self, dim, index, source, *, alpha=1: self.copy_(
        index_add(self, dim, index, source, alpha=alpha)
    ),
)
def index_add(input, dim: int, index, source, *, alpha=1, out=None):
    r"""Adds ``alpha * source`` into ``input`` at the positions ``index`` along ``dim``.

    For ``dim=0`` and 2-D tensors: ``out[index[i], :] += alpha * source[i, :]``. Repeated
    indices add up. ``x.index_add(...)`` and ``x.index_add_(...)`` are the method and
    in-place forms.

    Args:
        input (Tensor): the tensor to add into.
        dim (int): the dimension along which to index.
        index (Tensor): a 1-D int64 or int32 tensor of positions along ``dim``.
        source (Tensor): the values; ``source.shape[dim] == len(index)``, the other dims
            like ``input``'s.

    Keyword args:
        alpha (Number): the multiplier of ``source``. Default: 1.
        out (Tensor, optional): the output tensor.

    Example::

        >>> x = torch.zeros(3, 2)
        >>> torch.index_add(x, 0, torch.tensor([0, 2, 0]), torch.ones(3, 2), alpha=2)
        tensor([[4., 4.],
                [0., 0.],
                [2., 2.]])
    """
    d = _index_args(input, dim, index, "index_add")
    if input.ndim == 0:
        result = input + source.sum() * alpha
    else:
        src = source if alpha == 1 else source * alpha
        src = (
            src.reshape([index.numel() if i == d else s for i, s in enumerate(input.shape)])
            if src.ndim != input.ndim
            else src
        )
        result = input.scatter_add(d, _spread(input, d, index.long()), src.to(input.dtype))
    return to_out(result, out)


@op(
    "index_copy",
    inplace=lambda self, dim, index, source: self.copy_(index_copy(self, dim, index, source)),
)
def index_copy(input, dim: int, index, source):
    r"""Copies the slices of ``source`` into ``input`` at the positions ``index`` along ``dim``.

    For ``dim=0``: ``out[index[i]] = source[i]``. ``x.index_copy(...)`` and
    ``x.index_copy_(...)`` are the method and in-place forms.

    Args:
        input (Tensor): the tensor to copy into.
        dim (int): the dimension along which to index.
        index (Tensor): a 1-D int64 or int32 tensor of positions along ``dim``.
        source (Tensor): the values; ``source.shape[dim] == len(index)``.

    Example::

        >>> x = torch.zeros(3, 2)
        >>> torch.index_copy(x, 0, torch.tensor([2, 0]), torch.tensor([[1., 2.], [3., 4.]]))
        tensor([[3., 4.],
                [0., 0.],
                [1., 2.]])
    """
    d = _index_args(input, dim, index, "index_copy")
    if input.ndim == 0:
        return source.reshape(()).to(input.dtype) + input * 0
    return input.scatter(d, _spread(input, d, index.long()), source.to(input.dtype))


@op(
    "index_fill",
    inplace=lambda self, dim, index, value: self.copy_(index_fill(self, dim, index, value)),
)
def index_fill(input, dim: int, index, value):
    r"""Fills the slices of ``input`` at the positions ``index`` along ``dim`` with ``value``.

    ``x.index_fill(...)`` and ``x.index_fill_(...)`` are the method and in-place forms.

    Args:
        input (Tensor): the input tensor.
        dim (int): the dimension along which to index.
        index (Tensor): a 1-D int64 or int32 tensor of positions along ``dim``.
        value (Number or 0-dim Tensor): the value to fill with.

    Example::

        >>> torch.index_fill(torch.arange(6.).reshape(2, 3), 1, torch.tensor([0, 2]), -1.)
        tensor([[-1.,  1., -1.],
                [-1.,  4., -1.]])
    """
    d = _index_args(input, dim, index, "index_fill")
    mask = input.new_zeros(input.shape[d] if input.ndim else 1, dtype=_dtype.bool_)
    mask = mask.index_copy(0, index.long(), mask.new_ones(index.shape)) if index.numel() else mask
    shape = [1] * input.ndim
    if input.ndim:
        shape[d] = input.shape[d]
    fill = value.item() if isinstance(value, Tensor) else value
    return input.masked_fill(mask.reshape(shape) if input.ndim else mask.reshape(()), fill)
