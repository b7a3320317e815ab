"""Masks: masked_fill (masked_fill_) and masked_select, with a bool mask on the input's device
broadcast to its shape; and the positions of the nonzero elements, nonzero and argwhere.

The autograd of masked_fill and masked_select is in ``differentiable_indexing.py``.
"""

from __future__ import annotations

from .._dtype import bool_, checked
from .._tensor_base import Tensor
from ..backend import HostScalar
from ._common import check_same_device, ops_of, wrap
from .conversion import bump_version, contiguous_copy
from .out_variants import Out
from .registry import op
from .shape import broadcast_shapes


def _mask_array(self: Tensor, mask, name: str):
    """The mask's storage, checked: a bool tensor on self's device."""
    if not isinstance(mask, Tensor):
        raise TypeError(f"{name}(): argument 'mask' must be Tensor, not {type(mask).__name__}")
    if mask.dtype is not bool_:
        raise RuntimeError(
            f"{name} only supports boolean masks, but got mask with dtype {mask.dtype._name}"
        )
    check_same_device((self, mask), name)
    return mask._data


def _fill_value(value, name: str):
    if isinstance(value, Tensor):
        if value.ndim != 0:
            raise RuntimeError(
                f"{name} only supports a 0-dimensional value tensor, but got tensor with "
                f"{value.ndim} dimension(s)."
            )
        return value.item()
    if not isinstance(value, (bool, int, float, complex, HostScalar)):
        raise TypeError(f"{name}(): argument 'value' must be Number, not {type(value).__name__}")
    return value


def masked_fill_(self: Tensor, mask: Tensor, value) -> Tensor:
    """In place: set the elements where ``mask`` is True (mask broadcasts to self)."""
    m = _mask_array(self, mask, "masked_fill_")
    value = checked(_fill_value(value, "masked_fill_"), self.dtype)
    shape = broadcast_shapes(self.shape, m.shape)
    if tuple(shape) != tuple(self.shape):
        raise RuntimeError(
            f"masked_fill_: the mask of shape {list(m.shape)} cannot be broadcast to the tensor "
            f"of shape {list(self.shape)}"
        )
    ops_of(self).masked_fill_(self._data, m, value)
    bump_version(self)
    return self


def masked_fill(self: Tensor, mask: Tensor, value) -> Tensor:
    r"""Returns a copy of ``input`` with the elements where ``mask`` is True replaced by
    ``value``.

    ``mask`` is a bool tensor broadcastable with ``input`` (the result has the broadcast
    shape); ``value`` is a number or a 0-dim tensor, converted to ``input``'s dtype. A
    classic use is masking attention scores with ``float("-inf")`` before a softmax.
    Differentiable with respect to ``input`` (the gradient is zero where masked).
    ``x.masked_fill(mask, value)`` is the method form; ``x.masked_fill_`` works in place.

    Args:
        input (Tensor): the input tensor.
        mask (BoolTensor): where to fill.
        value (float or Tensor): the value to fill in with.

    Example::

        >>> x = torch.tensor([[1., 2., 3.], [4., 5., 6.]])
        >>> torch.masked_fill(x, x > 4, 0.)
        tensor([[1., 2., 3.],
                [4., 0., 0.]])
        >>> causal = torch.ones(3, 3, dtype=torch.bool).triu(1)
        >>> torch.zeros(3, 3).masked_fill(causal, float("-inf"))
        tensor([[0., -inf, -inf],
                [0., 0., -inf],
                [0., 0., 0.]])
    """
    m = _mask_array(self, mask, "masked_fill_")
    value = checked(_fill_value(value, "masked_fill_"), self.dtype)
    # (a row-major copy, as PyTorch's masked_fill makes, whatever self's layout)
    out = contiguous_copy(self.expand(broadcast_shapes(self.shape, m.shape)))
    ops_of(self).masked_fill_(out._data, m, value)
    return out


def masked_select(self: Tensor, mask: Tensor) -> Tensor:
    r"""Returns a new 1-D tensor of the elements of ``input`` where the boolean ``mask`` is
    True, in row-major order.

    ``mask`` and ``input`` broadcast together; the result's length is the number of True
    elements (so it depends on the data), and it does not share ``input``'s memory. Same as
    ``input[mask]`` when their shapes are equal. ``x.masked_select(mask)`` is the method
    form.

    Args:
        input (Tensor): the input tensor.
        mask (BoolTensor): the tensor of which elements to select.

    Example::

        >>> x = torch.tensor([[1, -2, 3], [-4, 5, -6]])
        >>> torch.masked_select(x, x > 0)
        tensor([1, 3, 5])
        >>> x.masked_select(torch.tensor([True, False, True]))
        tensor([ 1,  3, -4, -6])
    """
    m = _mask_array(self, mask, "masked_select")
    shape = tuple(broadcast_shapes(self.shape, m.shape))
    return wrap(ops_of(self).masked_select(self._data, m, shape), self)


@op("nonzero", out=Out(grad=False))
def nonzero(self: Tensor, *, as_tuple: bool = False):
    r"""Returns the indices of the nonzero elements of ``input``.

    With ``as_tuple=False`` (the default) the result is a 2-D int64 tensor of shape
    ``(z, input.dim())``, one row per nonzero element in row-major order. With
    ``as_tuple=True`` it is a tuple of ``input.dim()`` 1-D tensors, one per dimension, usable
    to index ``input`` (``x[x.nonzero(as_tuple=True)]``). ``x.nonzero()`` is the same.

    Args:
        input (Tensor): the input tensor.

    Keyword args:
        as_tuple (bool): return a tuple of 1-D tensors. Default: ``False``.
        out (Tensor, optional): the output tensor.

    Example::

        >>> m = torch.tensor([[1, 0], [0, 3]])
        >>> torch.nonzero(m)
        tensor([[0, 0],
                [1, 1]])
        >>> m.nonzero(as_tuple=True)
        (tensor([0, 1]), tensor([0, 1]))
    """
    coords = wrap(ops_of(self).nonzero(self._data), self)
    if as_tuple:
        if self.ndim == 0:
            return (wrap(ops_of(self).nonzero(self.reshape(1)._data), self).select(1, 0),)
        return tuple(coords.select(1, k).contiguous() for k in range(self.ndim))
    return coords


@op("argwhere")
def argwhere(self: Tensor) -> Tensor:
    r"""Returns a tensor of the indices of all nonzero elements of ``input``.

    Each row is the index of one nonzero element; same as ``torch.nonzero(input)``.

    Args:
        input (Tensor): the input tensor.

    Returns:
        Tensor: int64 of shape ``(z, input.dim())``.

    Example::

        >>> torch.argwhere(torch.tensor([0, 5, 0, 7]))
        tensor([[1],
                [3]])
    """
    return nonzero(self)
