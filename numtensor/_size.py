"""``numtensor.Size``: a tensor's shape, a tuple that prints like PyTorch's."""

from __future__ import annotations


class Size(tuple):
    """The shape of a tensor: a tuple of ints, printed as ``numtensor.Size([2, 3])``."""

    __slots__ = ()

    def __repr__(self) -> str:
        return f"numtensor.Size({list(self)})"

    __str__ = __repr__

    def numel(self) -> int:
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
