"""The losses' reduction names, and PyTorch's mapping of the deprecated ``size_average`` and
``reduce`` flags onto them (``torch.nn._reduction``)."""

from __future__ import annotations

import warnings

_ENUMS = {"none": 0, "mean": 1, "sum": 2}


def get_enum(reduction: str) -> int:
    r"""Returns the number PyTorch's kernels use for a reduction name: ``'none'`` is 0,
    ``'mean'`` (or the deprecated ``'elementwise_mean'``, with a warning) 1, ``'sum'`` 2.

    Args:
        reduction (str): ``'none'`` | ``'mean'`` | ``'sum'``.

    Raises:
        ValueError: for any other name.

    Example::

        >>> from numtensor.nn import _reduction
        >>> _reduction.get_enum("sum")
        2
    """
    if reduction == "elementwise_mean":
        warnings.warn(
            "reduction='elementwise_mean' is deprecated. Please use reduction='mean' instead.",
            stacklevel=2,
        )
        return 1
    if reduction not in _ENUMS:
        raise ValueError(f"{reduction} is not a valid value for reduction")
    return _ENUMS[reduction]


def legacy_get_string(size_average, reduce, emit_warning: bool = True) -> str:
    r"""Returns the reduction named by the deprecated ``size_average`` and ``reduce`` flags,
    warning (a :class:`UserWarning`) that they will go, as PyTorch does.

    ``None`` counts as ``True``. ``reduce=False`` gives ``'none'``; else
    ``size_average=False`` gives ``'sum'``; else ``'mean'``.

    Args:
        size_average (bool or None): average (rather than sum) the per-element losses.
        reduce (bool or None): reduce the per-element losses at all.
        emit_warning (bool): whether to warn. Default: ``True``.

    Returns:
        str: ``'none'``, ``'sum'`` or ``'mean'``.

    Example::

        >>> from numtensor.nn import _reduction
        >>> _reduction.legacy_get_string(False, None, emit_warning=False)
        'sum'
        >>> _reduction.legacy_get_string(True, False, emit_warning=False)
        'none'
    """
    size_average = True if size_average is None else size_average
    reduce = True if reduce is None else reduce
    if size_average and reduce:
        ret = "mean"
    elif reduce:
        ret = "sum"
    else:
        ret = "none"
    if emit_warning:
        warnings.warn(
            "size_average and reduce args will be deprecated, please use "
            f"reduction='{ret}' instead.",
            stacklevel=2,
        )
    return ret


def legacy_get_enum(size_average, reduce, emit_warning: bool = True) -> int:
    r"""The number (see :func:`get_enum`) of the reduction :func:`legacy_get_string` names.

    Example::

        >>> from numtensor.nn import _reduction
        >>> _reduction.legacy_get_enum(None, False, emit_warning=False)
        0
    """
    return get_enum(legacy_get_string(size_average, reduce, emit_warning))


def resolve(size_average, reduce, reduction: str) -> str:
    """``reduction``, unless a deprecated flag is given: then the reduction the flags name
    (with PyTorch's warning). The first line of every loss that takes the flags."""
    if size_average is None and reduce is None:
        return reduction
    return legacy_get_string(size_average, reduce)
