"""``numtensor.finfo`` and ``numtensor.iinfo``: the limits of a dtype, as PyTorch reports them."""

from __future__ import annotations

import numpy as np

from ._dtype import bool_, check_dtype, get_default_dtype


def _ml_finfo(np_dtype):
    import ml_dtypes

    return ml_dtypes.finfo(np_dtype)


def _short(x: float) -> str:
    return f"{x:g}"


class finfo:
    """Machine limits of a floating dtype (the default dtype when none is given)."""

    def __init__(self, type=None) -> None:
        d = get_default_dtype() if type is None else check_dtype(type)
        d = d.to_real()  # (a complex dtype's parts)
        if not d.is_floating_point:
            raise TypeError(
                "torch.finfo() requires a floating point input type. Use torch.iinfo to "
                "handle 'torch.finfo'"
            )
        info = np.finfo(d.np) if d.np.kind == "f" else _ml_finfo(d.np)
        self.bits = int(info.bits)
        self.eps = float(info.eps)
        self.max = float(info.max)
        self.min = float(info.min)
        self.tiny = self.smallest_normal = float(info.tiny)
        self.resolution = 10.0 ** -int(info.precision)
        self.dtype = str(d).replace("numtensor.", "")

    def __eq__(self, other) -> bool:
        return isinstance(other, finfo) and other.dtype == self.dtype

    __hash__ = None

    def __repr__(self) -> str:
        return (
            f"finfo(resolution={_short(self.resolution)}, min={_short(self.min)}, "
            f"max={_short(self.max)}, eps={_short(self.eps)}, "
            f"smallest_normal={_short(self.smallest_normal)}, tiny={_short(self.tiny)}, "
            f"dtype={self.dtype})"
        )


class iinfo:
    """Limits of an integer dtype."""

    def __init__(self, type) -> None:
        d = check_dtype(type)
        if d is bool_:
            raise TypeError("torch.bool is not supported by torch.iinfo")
        if d.is_floating_point:
            raise TypeError(
                "torch.iinfo() requires an integer input type. Use torch.finfo to handle "
                "'torch.iinfo'"
            )
        info = np.iinfo(d.np)
        self.bits, self.max, self.min = int(info.bits), int(info.max), int(info.min)
        self.dtype = str(d).replace("numtensor.", "")

    def __eq__(self, other) -> bool:
        return isinstance(other, iinfo) and other.dtype == self.dtype

    __hash__ = None

    def __repr__(self) -> str:
        return f"iinfo(min={_short(self.min)}, max={_short(self.max)}, dtype={self.dtype})"
