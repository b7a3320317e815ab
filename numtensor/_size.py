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
