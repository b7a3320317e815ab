"""``numtensor.save`` / ``numtensor.load``: a data-only file format.

A file is a zip archive holding ``structure.json`` (the object tree: dicts, lists, tuples,
numbers, strings, None, dtypes, devices, sizes) and one stored (uncompressed) ``.npy`` per
tensor. Loading parses JSON and checks each array's header against its bytes: nothing in a
file can run code, and nothing is allocated beyond what the file holds. Anything else (a
pickle, a PyTorch checkpoint, a truncated or corrupted file, a compressed member, a name
with ``..``) is refused with RuntimeError.
"""

from __future__ import annotations

import contextlib
import io
import json
import math
import os
import tempfile
import typing
import zipfile
from collections import OrderedDict

import numpy as np
from numpy.lib import format as npy_format

from . import _dtype
from ._device import device as device_type
from ._dtype import dtype as dtype_type
from ._size import Size
from ._tensor_base import Tensor

FORMAT = "numtensor-save"
VERSION = 1


class _Writer:
    def __init__(self) -> None:
        self.arrays: list = []

    def encode(self, obj):
        if obj is None or isinstance(obj, (bool, str)):
            return obj
        if isinstance(obj, int):
            return obj
        if isinstance(obj, float):
            return obj if math.isfinite(obj) else {"__float__": repr(obj)}
        if isinstance(obj, Tensor):
            from .nn.parameter import Parameter

            self.arrays.append(np.array(obj.detach().cpu().numpy(), order="C"))
            return {
                "__tensor__": len(self.arrays) - 1,
                "dtype": obj.dtype._name,
                "device": str(obj.device),
                "requires_grad": obj.requires_grad,
                "parameter": isinstance(obj, Parameter),
            }
        if isinstance(obj, Size):
            return {"__size__": list(obj)}
        if isinstance(obj, dtype_type):
            return {"__dtype__": obj._name}
        if isinstance(obj, device_type):
            return {"__device__": str(obj)}
        if isinstance(obj, (np.integer, np.floating, np.bool_)):
            return self.encode(obj.item())
        if isinstance(obj, tuple):
            return {"__tuple__": [self.encode(x) for x in obj]}
        if isinstance(obj, list):
            return [self.encode(x) for x in obj]
        if isinstance(obj, dict):
            kind = "ordered" if isinstance(obj, OrderedDict) else "dict"
            return {
                "__dict__": kind,
                "items": [[self.encode(k), self.encode(v)] for k, v in obj.items()],
            }
        raise TypeError(
            f"numtensor.save cannot store objects of type {type(obj).__name__} "
            "(tensors, numbers, strings, None, dtypes, devices and "
            "dicts/lists/tuples of them are supported)"
        )


def save(obj: object, f: str | os.PathLike | typing.IO[bytes]) -> None:
    r"""Saves an object to a disk file.

    ``obj`` may hold tensors, state dicts and nested dicts, lists and tuples of them, with
    numbers, strings, ``None``, dtypes, devices and sizes. A path is written through a
    temporary file beside it, renamed over the path once complete: an interrupted save
    leaves the old file (or none), never a truncated one.

    Differs from PyTorch: the file is numtensor's own data-only format (a zip of JSON and
    ``.npy`` arrays, never a pickle), so arbitrary Python objects cannot be saved and PyTorch
    cannot read the file (nor numtensor PyTorch's).

    Args:
        obj (object): the object to save.
        f (str, os.PathLike or file-like): a path, or a binary file object to write to.

    Example::

        >>> import io
        >>> buffer = io.BytesIO()
        >>> torch.save({"w": torch.tensor([1., 2.])}, buffer)
        >>> _ = buffer.seek(0)
        >>> torch.load(buffer)
        {'w': tensor([1., 2.])}
    """
    writer = _Writer()
    structure = {"format": FORMAT, "version": VERSION, "root": writer.encode(obj)}
    if not isinstance(f, (str, os.PathLike)):
        _write(f, structure, writer.arrays)
        return
    path = os.fspath(f)
    folder = os.path.dirname(os.path.abspath(path))
    handle, temporary = tempfile.mkstemp(prefix=".numtensor-", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(handle, "wb") as target:
            _write(target, structure, writer.arrays)
            target.flush()
            os.fsync(target.fileno())
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise


def _write(target, structure: dict, arrays: list) -> None:
    with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_STORED) as archive:
        archive.writestr("structure.json", json.dumps(structure))
        for i, arr in enumerate(arrays):
            buffer = io.BytesIO()
            np.save(buffer, arr, allow_pickle=False)
            archive.writestr(f"tensors/{i}.npy", buffer.getvalue())


class _Reader:
    def __init__(self, archive: _Archive, map_location) -> None:
        self.archive = archive
        self.map_location = map_location
        self.loaded: dict = {}  # member index -> tensor (a file names each array once)

    def decode(self, node):
        if isinstance(node, list):
            return [self.decode(x) for x in node]
        if not isinstance(node, dict):
            return node
        if "__tensor__" in node:
            return self._tensor(node)
        if "__float__" in node:
            return float(node["__float__"])
        if "__tuple__" in node:
            return tuple(self.decode(x) for x in node["__tuple__"])
        if "__size__" in node:
            return Size(node["__size__"])
        if "__dtype__" in node:
            return _dtype._dtype_by_name(node["__dtype__"])
        if "__device__" in node:
            return device_type(node["__device__"])
        if "__dict__" in node:
            items = [(self._key(k), self.decode(v)) for k, v in node["items"]]
            return OrderedDict(items) if node["__dict__"] == "ordered" else dict(items)
        raise ValueError(f"unknown entry {sorted(node)}")

    def _key(self, key):
        decoded = self.decode(key)
        return tuple(decoded) if isinstance(decoded, list) else decoded

    def _tensor(self, node) -> Tensor:
        from .nn.parameter import Parameter
        from .ops.creation import from_numpy

        index = node["__tensor__"]
        if type(index) is not int or index < 0:
            raise ValueError(f"bad tensor reference {index!r}")
        if index in self.loaded:  # (referenced again: the same tensor, no second copy)
            return self.loaded[index]
        expected = _dtype._dtype_by_name(node["dtype"])
        arr = _read_array(self.archive.member(f"tensors/{index}.npy"), expected.np)
        t = from_numpy(arr)
        saved = str(device_type(node["device"]))
        try:
            t = self._place(t, saved)
        except Exception as exc:  # map_location's own errors are not a malformed file
            raise _PassThrough(exc) from exc
        if node.get("parameter"):
            t = Parameter(t, bool(node.get("requires_grad", True)))
        elif node.get("requires_grad"):
            t.requires_grad_(True)
        self.loaded[index] = t
        return t

    def _place(self, t: Tensor, saved: str) -> Tensor:
        """Move a loaded (CPU) tensor where ``map_location`` says, as torch.load does: None
        keeps the saved device; a device or str moves every tensor; a dict maps saved
        location names ('cuda:0') to wanted ones; a callable gets ``(tensor, saved)`` and
        returns the tensor to use (None: the saved device)."""
        loc = self.map_location
        if callable(loc) and not isinstance(loc, (str, device_type, dict)):
            result = loc(t, saved)
            if result is None:
                return _move(t, device_type(saved))
            if not isinstance(result, Tensor):
                raise TypeError(
                    f"map_location should return a tensor or None, got {type(result).__name__}"
                )
            return result
        if loc is None:
            target = device_type(saved)
        elif isinstance(loc, dict):
            target = device_type(str(loc.get(saved, saved)))
        else:
            target = device_type(loc)
        return _move(t, target)


class _Archive:
    """A zip archive being loaded, and how many bytes the file holds."""

    def __init__(self, archive: zipfile.ZipFile, size: int) -> None:
        self.zip, self.size = archive, size
        for name in archive.namelist():  # only names save writes: none absolute or with ..
            parts = name.replace("\\", "/").split("/")
            if name.startswith(("/", "\\")) or ".." in parts or ":" in name:
                raise ValueError(f"unsafe member name {name!r}")

    def member(self, name: str) -> bytes:
        """A member's bytes, read only if the file holds them: stored (save never
        compresses, so a compressed member could be a zip bomb) and no larger than the
        file itself."""
        info = self.zip.getinfo(name)
        if info.compress_type != zipfile.ZIP_STORED or info.file_size != info.compress_size:
            raise ValueError(f"{name} is compressed (numtensor files are stored)")
        if info.file_size > self.size:
            raise ValueError(f"{name} claims {info.file_size} bytes, more than the file holds")
        return self.zip.read(name)


def _read_array(data: bytes, expected: np.dtype) -> np.ndarray:
    """An .npy array, its header checked against the bytes that follow before anything is
    allocated (a header may claim any shape), no pickled objects."""
    stream = io.BytesIO(data)
    version = npy_format.read_magic(stream)
    reader = {
        (1, 0): npy_format.read_array_header_1_0,
        (2, 0): npy_format.read_array_header_2_0,
    }.get(version)
    if reader is None:
        raise ValueError(f"unsupported .npy version {version}")
    shape, fortran, dtype = reader(stream, max_header_size=4096)
    if dtype != expected:
        raise ValueError(f"tensor data of dtype {dtype} where {expected} was recorded")
    if any(type(n) is not int or n < 0 for n in shape):
        raise ValueError(f"bad tensor shape {shape}")
    count = math.prod(shape)
    body = len(data) - stream.tell()
    if count * dtype.itemsize != body:
        raise ValueError(f"tensor of shape {list(shape)} with {body} bytes of data")
    arr = np.frombuffer(data, dtype, count, stream.tell()).reshape(
        shape, order="F" if fortran else "C"
    )
    return np.array(arr, order="C")


def _move(t: Tensor, target) -> Tensor:
    if target.type == "cuda":
        from . import cuda

        if not cuda.is_available():
            raise _CudaDeserializeError(
                "Attempting to deserialize object on a CUDA device but "
                "torch.cuda.is_available() is False. If you are running on a CPU-only "
                "machine, please use torch.load with map_location=torch.device('cpu') "
                "to map your storages to the CPU."
            )
        index = 0 if target.index is None else target.index
        if index >= cuda.device_count():
            raise _CudaDeserializeError(
                f"Attempting to deserialize object on CUDA device {index} but "
                f"torch.cuda.device_count() is {cuda.device_count()}. Please use torch.load "
                "with map_location to map your storages to an existing device."
            )
    return t if target == t.device else t.to(target)


class _CudaDeserializeError(RuntimeError):
    """PyTorch's RuntimeError for a CUDA checkpoint where CUDA cannot be used."""


class _PassThrough(Exception):
    """Carries an error of map_location's (or the device's) past load's handling of
    malformed files, which re-raises the original."""

    def __init__(self, original: BaseException) -> None:
        super().__init__(original)
        self.original = original


def _size_of(source) -> int:
    position = source.tell()
    size = source.seek(0, os.SEEK_END)
    source.seek(position)
    return size


def load(
    f: str | os.PathLike | typing.IO[bytes],
    map_location=None,
    weights_only: bool = True,
    **kwargs,
) -> object:
    r"""Loads an object saved with :func:`numtensor.save` from a file.

    Tensors go back to the device they were saved from, unless ``map_location`` says
    otherwise; a CUDA tensor where CUDA is not available raises PyTorch's ``RuntimeError``
    unless mapped to the CPU. Nothing in a file can run code; malformed files raise
    ``RuntimeError``.

    Args:
        f (str, os.PathLike or file-like): a path, or a binary file object to read from.
        map_location (device, str, dict or callable, optional): a device for every tensor, a
            dict from saved to wanted device names (``{'cuda:0': 'cpu'}``), or a callable
            ``(tensor, saved_location) -> tensor or None``.
        weights_only (bool): accepted for compatibility (loading is always data-only).

    Example::

        >>> import io
        >>> buffer = io.BytesIO()
        >>> torch.save([torch.arange(3), 2.5], buffer)
        >>> _ = buffer.seek(0)
        >>> torch.load(buffer, map_location="cpu")
        [tensor([0, 1, 2]), 2.5]
    """
    source = open(f, "rb") if isinstance(f, (str, os.PathLike)) else f  # noqa: SIM115
    try:
        try:
            with zipfile.ZipFile(source) as opened:
                archive = _Archive(opened, _size_of(source))
                structure = json.loads(archive.member("structure.json"))
                if not isinstance(structure, dict) or structure.get("format") != FORMAT:
                    raise ValueError("not a numtensor file")
                if structure.get("version") != VERSION:
                    raise ValueError(f"unsupported version {structure.get('version')}")
                return _Reader(archive, map_location).decode(structure["root"])
        except _PassThrough as passed:
            raise passed.original from None
        except (
            zipfile.BadZipFile,
            KeyError,
            ValueError,
            TypeError,
            OSError,
            EOFError,
            RecursionError,
            NotImplementedError,
            json.JSONDecodeError,
        ) as exc:
            name = f if isinstance(f, (str, os.PathLike)) else "the file"
            raise RuntimeError(
                f"numtensor.load: {name} is not a valid numtensor file "
                f"({type(exc).__name__}: {exc})"
            ) from None
    finally:
        if source is not f:
            source.close()
