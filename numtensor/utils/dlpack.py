"""``numtensor.utils.dlpack``: PyTorch's DLPack names.

``from_dlpack`` makes a tensor over another library's memory (any object with ``__dlpack__``,
or a capsule), ``to_dlpack`` a legacy capsule over a tensor's memory, and ``DLDeviceType``
enumerates DLPack's device types (``Tensor.__dlpack_device__`` returns its members).
"""

from __future__ import annotations

from ..ops.interop import DLDeviceType, from_dlpack, to_dlpack

__all__ = ["DLDeviceType", "from_dlpack", "to_dlpack"]
