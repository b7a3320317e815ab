"""Type aliases of numtensor's annotations, named after PyTorch's (``torch.types``).

``Number`` is a Python scalar an op accepts in place of a tensor, ``DeviceLike`` what a
``device=`` argument accepts, ``Size`` arguments are ints or a sequence of ints (``*size``:
``zeros(2, 3)`` or ``zeros((2, 3))``) and ``DimLike`` a ``dim=`` argument (one dimension or
several).
"""

from __future__ import annotations

from collections.abc import Sequence

from ._device import device
from ._dtype import dtype

Number = int | float | complex  # (bool is an int)
DeviceLike = device | str | int | None
DTypeLike = dtype | None
SizeLike = int | Sequence[int]
DimLike = int | Sequence[int] | None

__all__ = ["DTypeLike", "DeviceLike", "DimLike", "Number", "SizeLike"]
