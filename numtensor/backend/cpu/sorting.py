"""Sorting on the CPU (NumPy's stable sorts): sort, unique, flip."""

from __future__ import annotations

import numpy as np

from .storage import preserving


def sort(data: np.ndarray, dim: int, descending: bool):
    """(values, int64 indices) of a stable sort along ``dim``; NaN counts as the largest value
    (last ascending, first descending)."""
    if not descending:
        order = np.argsort(data, axis=dim, kind="stable")
    else:
        # sort the reversed array ascending, then walk it backwards: ties keep their order
        n = data.shape[dim]
        rev = np.flip(data, dim)
        order = np.flip(n - 1 - np.argsort(rev, axis=dim, kind="stable"), dim)
    values = np.take_along_axis(data, order, dim)
    return _laid_out_as(values, data), _laid_out_as(order.astype(np.int64), data)


def _laid_out_as(result: np.ndarray, data: np.ndarray) -> np.ndarray:
    """``result`` in ``data``'s stride order when ``data`` is dense (PyTorch's sort and flip
    outputs are its empty_like), else row-major."""
    out = preserving(data, result.dtype)
    np.copyto(out, result)
    return out


def unique(data: np.ndarray, dim):
    """(sorted distinct values, int64 inverse indices, int64 counts); over all elements when
    ``dim`` is None (inverse then has ``data``'s shape), else of the slices along ``dim``."""
    if dim is None:
        values, inverse, counts = np.unique(
            data.reshape(-1), return_inverse=True, return_counts=True, equal_nan=False
        )
        inverse = inverse.reshape(data.shape)
    else:
        values, inverse, counts = np.unique(data, return_inverse=True, return_counts=True, axis=dim)
        inverse = inverse.reshape(-1)
    values = values if values.flags.c_contiguous else values.copy(order="C")
    return values, inverse.astype(np.int64), counts.astype(np.int64)


def flip(data: np.ndarray, dims) -> np.ndarray:
    """A copy with the order reversed along ``dims`` (laid out as ``data`` when dense)."""
    return _laid_out_as(np.flip(data, dims), data)
