"""Indexing on the CPU: NumPy's advanced indexing, scatter with accumulation, masks.

Indices arrive validated (in range, int64 or bool host arrays) from numtensor/ops/index.py.
"""

from __future__ import annotations

import numpy as np


def _c(a: np.ndarray) -> np.ndarray:
    return a if a.flags.c_contiguous else a.copy(order="C")


def advanced_index(data: np.ndarray, index: tuple) -> np.ndarray:
    """A new C-contiguous array of ``data[index]`` (index: ints, slices, None, Ellipsis and
    int64/bool arrays)."""
    return _c(np.asarray(data[index]))


def index_put_(data: np.ndarray, index: tuple, values: np.ndarray) -> None:
    """``data[index] = values`` (values broadcast to the indexed shape, cast)."""
    data[index] = values


def scatter_(data: np.ndarray, index: tuple, values: np.ndarray, reduce) -> None:
    """``data[index] = values``, or accumulated with reduce 'add' / 'multiply' / 'amax' /
    'amin' (repeated indices then all count; a NaN wins the extremes)."""
    if reduce is None:
        data[index] = values
    elif reduce == "add":
        np.add.at(data, index, values)
    elif reduce == "multiply":
        np.multiply.at(data, index, values)
    else:
        with np.errstate(invalid="ignore"):  # (a NaN met is the answer, not a warning)
            (np.maximum if reduce == "amax" else np.minimum).at(data, index, values)


def index_select(data: np.ndarray, dim: int, index: np.ndarray) -> np.ndarray:
    """The slices of ``dim`` at the positions in the 1-D ``index``."""
    return np.take(data, index, axis=dim)


def masked_fill_(data: np.ndarray, mask: np.ndarray, value) -> None:
    """Set ``data`` to ``value`` where ``mask`` (broadcast to data) is True."""
    np.copyto(data, np.asarray(value).astype(data.dtype), where=mask)


def masked_scatter_(data: np.ndarray, mask: np.ndarray, values: np.ndarray) -> None:
    """Write ``values`` (1-D, one per True) into ``data`` where ``mask`` (broadcast) is True."""
    data[np.broadcast_to(mask, data.shape)] = values


def masked_select(data: np.ndarray, mask: np.ndarray, shape) -> np.ndarray:
    """The elements of ``data`` where ``mask`` is True, both broadcast to ``shape``."""
    return _c(np.broadcast_to(data, shape)[np.broadcast_to(mask, shape)])


def nonzero(data: np.ndarray) -> np.ndarray:
    """The (n, ndim) int64 coordinates of the nonzero elements, in row-major order."""
    if data.ndim == 0:
        return np.zeros((int(bool(data)), 0), np.int64)
    return np.argwhere(data).astype(np.int64)


def take(data: np.ndarray, index: np.ndarray) -> np.ndarray:
    """Elements of the row-major flattened ``data`` at ``index`` (index's shape)."""
    flat = np.ascontiguousarray(data).reshape(-1)
    return flat[index.reshape(-1)].reshape(index.shape)  # (a 0-d index gives a 0-d array)
