"""``numtensor.Size``: a tensor's shape, a tuple that prints like PyTorch's."""

from __future__ import annotations


class Size(tuple):
    r""":class:`numtensor.Size` is the result type of a call to :meth:`Tensor.size` and of
    :attr:`Tensor.shape`: a tuple subclass of the sizes of each dimension.

    It supports the tuple operations (indexing, ``len``, unpacking; slices and ``+`` stay
    ``Size``), prints as ``numtensor.Size([...])`` and can be passed wherever a shape is
    taken.

    Example::

        >>> s = torch.zeros(2, 3, 4).shape
        >>> s
        numtensor.Size([2, 3, 4])
        >>> s[1:], s.numel(), len(s)
        (numtensor.Size([3, 4]), 24, 3)
    """

    __slots__ = ()

    def __repr__(self) -> str:
        return f"numtensor.Size({list(self)})"

    __str__ = __repr__

    def numel(self) -> int:
        r"""Returns the number of elements a tensor of this size holds (the product of the sizes;
        1 for an empty ``Size``).

        Example::

            >>> torch.Size([2, 3]).numel()
            6
        """
        n = 1
        for s in self:
            n *= s
        return n

    def __getitem__(self, item):
        out = tuple.__getitem__(self, item)
        return Size(out) if isinstance(item, slice) else out

    def __add__(self, other):
        return Size(tuple.__add__(self, tuple(other)))

    def __reduce__(self):
        return (Size, (tuple(self),))


def broadcast_shapes(*shapes) -> tuple:
    """The shape that all ``shapes`` broadcast to; RuntimeError naming the clash otherwise."""
    nd = max((len(s) for s in shapes), default=0)
    out = [1] * nd
    for s in shapes:
        for i, size in enumerate(s):
            j = nd - len(s) + i
            if out[j] == 1:
                out[j] = size
            elif size != 1 and size != out[j]:
                raise RuntimeError(
                    f"The size of tensor a ({out[j]}) must match the size of tensor b ({size}) "
                    f"at non-singleton dimension {i}"
                )
    return tuple(out)
