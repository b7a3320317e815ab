"""CPU storage in memory other processes can map: for numtensor.multiprocessing.

A shared array lives in an anonymous memory file (``os.memfd_create``): it has no name in
/dev/shm that could leak, and the memory goes back to the system when the last process
closes its descriptor and mapping. Another process receives a duplicate of the descriptor
(multiprocessing passes descriptors between processes) and maps the same pages, so writes
on either side are seen by both.
"""

from __future__ import annotations

import mmap
import os
import weakref

import numpy as np
from numpy.lib.stride_tricks import as_strided

# id(root array) -> the file descriptor of its memory (closed when the root array dies)
_DESCRIPTORS: dict = {}
# id(an array moved into shared memory) -> where it went (while both live)
_MOVED: weakref.WeakValueDictionary = weakref.WeakValueDictionary()


def _root(data: np.ndarray) -> np.ndarray:
    """The array that owns ``data``'s memory (``data`` itself if it owns it)."""
    while True:
        base = data.base
        if not isinstance(base, np.ndarray):  # (as_strided keeps its source one step further)
            base = getattr(base, "base", None)
            if not isinstance(base, np.ndarray):
                return data
        data = base


def is_shared(data: np.ndarray) -> bool:
    return id(_root(data)) in _DESCRIPTORS


def _mapped(fd: int, nbytes: int) -> np.ndarray:
    """A byte array over the memory of ``fd``, which it keeps open until it dies."""
    memory = mmap.mmap(fd, max(nbytes, 1))
    root = np.frombuffer(memory, np.uint8, nbytes)
    _DESCRIPTORS[id(root)] = fd
    weakref.finalize(root, _release, id(root), fd)
    return root


def _release(key: int, fd: int) -> None:
    _DESCRIPTORS.pop(key, None)
    os.close(fd)


def share(data: np.ndarray) -> np.ndarray:
    """``data``'s values in shared memory, row-major (already shared: ``data`` itself)."""
    if is_shared(data):
        return data
    fd = os.memfd_create("numtensor", os.MFD_CLOEXEC)
    nbytes = data.size * data.itemsize
    os.ftruncate(fd, max(nbytes, 1))
    out = _mapped(fd, nbytes).view(data.dtype).reshape(data.shape)
    np.copyto(out, data)
    if data.base is None:
        _MOVED[id(data)] = out
    return out


def rejoin(data: np.ndarray):
    """``data`` (a view of an array since moved into shared memory) as the same view of
    the moved array, or None if its array was not moved."""
    root = _root(data)
    moved = _MOVED.get(id(root))
    if moved is None or moved.shape != root.shape:
        return None
    offset = data.__array_interface__["data"][0] - root.__array_interface__["data"][0]
    flat = moved.reshape(-1).view(np.uint8)
    return as_strided(flat[offset:].view(data.dtype), shape=data.shape, strides=data.strides)


def export(data: np.ndarray) -> tuple:
    """(descriptor, (bytes, dtype, shape, strides, offset)): what another process needs to
    map a shared array (a view too: its place in the shared memory)."""
    root = _root(data)
    fd = _DESCRIPTORS[id(root)]
    offset = data.__array_interface__["data"][0] - root.__array_interface__["data"][0]
    return fd, (root.nbytes, data.dtype.str, data.shape, data.strides, offset)


def attach(fd: int, meta: tuple) -> np.ndarray:
    """The array another process exported, over the same memory (``fd`` is ours to keep)."""
    nbytes, dtype, shape, strides, offset = meta
    dtype = np.dtype(dtype)
    root = _mapped(fd, nbytes)
    if 0 in shape:
        return root[:0].view(dtype).reshape(shape)
    usable = (nbytes - offset) // dtype.itemsize * dtype.itemsize
    return as_strided(root[offset : offset + usable].view(dtype), shape=shape, strides=strides)
