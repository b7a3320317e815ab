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
    r"""A :class:`numtensor.finfo` is an object that represents the numerical properties of a
    floating point :class:`numtensor.dtype`.

    Attributes: ``bits`` (the number of bits the type occupies), ``eps`` (the smallest
    number such that ``1.0 + eps != 1.0``), ``max`` and ``min`` (the largest and most
    negative finite numbers), ``tiny`` and ``smallest_normal`` (the smallest positive normal
    number), ``resolution`` (the approximate decimal resolution) and ``dtype`` (its name). A
    complex dtype gives its parts' limits.

    Args:
        type (:class:`numtensor.dtype`, optional): a floating or complex dtype. Default: the
            default dtype.

    Example::

        >>> torch.finfo(torch.float16).eps
        0.0009765625
        >>> info = torch.finfo(torch.float32)
        >>> info.bits, info.max, info.tiny
        (32, 3.4028234663852886e+38, 1.1754943508222875e-38)
    """

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
    r"""A :class:`numtensor.iinfo` is an object that represents the numerical properties of an
    integer :class:`numtensor.dtype`.

    Attributes: ``bits`` (the number of bits the type occupies), ``max`` and ``min`` (the
    largest and smallest numbers it holds) and ``dtype`` (its name). ``bool`` is refused, as
    in PyTorch.

    Args:
        type (:class:`numtensor.dtype`): an integer dtype.

    Example::

        >>> torch.iinfo(torch.int8)
        iinfo(min=-128, max=127, dtype=int8)
        >>> torch.iinfo(torch.int32).max
        2147483647
    """

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
