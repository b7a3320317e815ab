"""More ways to make a tensor: ``fill`` (the function form of fill_), ``scalar_tensor``,
``empty_strided`` / ``Tensor.new_empty_strided``, ``empty_permuted``, ``asarray`` (sharing
memory where it can) and ``frombuffer`` (a tensor over a Python buffer's memory)."""

from __future__ import annotations

import math

from .. import backend
from .._device import as_device
from .._dtype import check_dtype, from_numpy_dtype, get_default_dtype, type_name
from .._tensor_base import Tensor
from ..backend import HostArray, HostScalar
from ._common import check_device
from .creation import as_tensor, full, tensor
from .interop import from_dlpack
from .registry import op


def _made(t: Tensor, requires_grad: bool) -> Tensor:
    if requires_grad:
        t.requires_grad_(True)
    return t


@op("fill", method=False)
def fill(input, value) -> Tensor:
    r"""Returns a new tensor shaped like ``input`` (with its dtype and device) filled with
    ``value``; ``input`` is not changed (see :meth:`Tensor.fill_` for the in-place form).

    Args:
        input (Tensor): the input tensor.
        value (Scalar or Tensor): the fill value (a number or a 0-dim tensor).

    Example::

        >>> torch.fill(torch.zeros(2, 2), 3.)
        tensor([[3., 3.],
                [3., 3.]])
    """
    if isinstance(value, Tensor) and value.ndim:
        raise RuntimeError(
            "fill_ only supports 0-dimension value tensor but got tensor with "
            f"{value.ndim} dimensions."
        )
    return input.clone().fill_(value) if input.numel() else input.clone()


@op("scalar_tensor", method=False)
def scalar_tensor(s, *, dtype=None, layout=None, device=None, pin_memory=False,
                  requires_grad: bool = False) -> Tensor:  # fmt: skip
    r"""Returns a 0-dimensional tensor holding the number ``s``.

    Unlike :func:`tensor`, the dtype is the default float dtype unless ``dtype`` is given,
    even for an int.

    Args:
        s (Number): the value.

    Keyword args:
        dtype (:class:`numtensor.dtype`, optional): the desired dtype. Default: the default
            dtype.
        device (:class:`numtensor.device`, optional): the desired device.
        requires_grad (bool): whether autograd records operations on the result.
        layout, pin_memory: accepted for compatibility.

    Example::

        >>> torch.scalar_tensor(3)
        tensor(3.)
        >>> torch.scalar_tensor(2, dtype=torch.int32)
        tensor(2, dtype=numtensor.int32)
    """
    if isinstance(s, Tensor):
        s = s.item()
    d = check_dtype(get_default_dtype() if dtype is None else dtype)
    return _made(full((), s, dtype=d, device=device), requires_grad)


def _strided(size, stride, dtype, device, requires_grad) -> Tensor:
    size, stride = tuple(int(s) for s in size), tuple(int(s) for s in stride)
    if len(size) != len(stride):
        raise RuntimeError(
            f"mismatch in length of strides and shape: got size {list(size)} and stride "
            f"{list(stride)}"
        )
    if any(s < 0 for s in size):
        raise RuntimeError(f"Trying to create tensor with negative dimension: {list(size)}")
    dev = as_device(device)
    check_device(dev)
    d = check_dtype(get_default_dtype() if dtype is None else dtype)
    extent = 0 if 0 in size else 1 + sum((n - 1) * s for n, s in zip(size, stride))
    ops = backend.of(dev)
    data = ops.view(ops.empty((extent,), d.np), size, stride, 0)
    return _made(Tensor._make(data, dev, dtype=d), requires_grad)


@op("empty_strided", method=False)
def empty_strided(size, stride, *, dtype=None, layout=None, device=None,
                  requires_grad: bool = False, pin_memory: bool = False) -> Tensor:  # fmt: skip
    r"""Creates a tensor with the specified ``size`` and ``stride`` and filled with undefined
    data.

    Strides are in elements; the storage is just large enough for them. Several elements may
    share a memory location if the strides overlap.

    Args:
        size (tuple of ints): the shape of the output tensor.
        stride (tuple of ints): the strides of the output tensor.

    Keyword args:
        dtype (:class:`numtensor.dtype`, optional): the desired dtype. Default: the default
            dtype.
        device (:class:`numtensor.device`, optional): the desired device.
        requires_grad (bool): whether autograd records operations on the result.
        layout, pin_memory: accepted for compatibility.

    Example::

        >>> x = torch.empty_strided((2, 3), (1, 2))
        >>> x.shape, x.stride()
        (numtensor.Size([2, 3]), (1, 2))
    """
    return _strided(size, stride, dtype, device, requires_grad)


@op("new_empty_strided", function=False)
def new_empty_strided(self, size, stride, *, dtype=None, layout=None, device=None,
                      requires_grad: bool = False, pin_memory: bool = False) -> Tensor:  # fmt: skip
    r"""Returns a tensor of size ``size`` and strides ``stride`` filled with uninitialised data,
    with this tensor's dtype and device unless given (see :func:`empty_strided`).

    Args:
        size (tuple of ints): the shape of the output tensor.
        stride (tuple of ints): the strides of the output tensor.

    Keyword args:
        dtype (:class:`numtensor.dtype`, optional): the desired dtype. Default: this
            tensor's.
        device (:class:`numtensor.device`, optional): the desired device. Default: this
            tensor's.
        requires_grad (bool): whether autograd records operations on the result.

    Example::

        >>> y = torch.ones(2, dtype=torch.float64).new_empty_strided((2, 2), (1, 2))
        >>> y.stride(), y.dtype
        ((1, 2), numtensor.float64)
    """
    return _strided(
        size,
        stride,
        self.dtype if dtype is None else dtype,
        self.device if device is None else device,
        requires_grad,
    )


@op("empty_permuted", method=False)
def empty_permuted(size, physical_layout, *, dtype=None, layout=None, device=None,
                   requires_grad: bool = False, pin_memory: bool = False) -> Tensor:  # fmt: skip
    r"""Creates an uninitialised, non-overlapping and dense tensor with the specified ``size``,
    with ``physical_layout`` specifying how the dimensions are physically laid out in memory.

    ``physical_layout`` lists the dimensions from outermost to innermost:
    ``(0, 1, ..., n - 1)`` is :func:`empty`'s row-major layout, and ``(0, 2, 3, 1)`` for a
    4-D tensor is channels-last.

    Args:
        size (tuple of ints): the shape of the output tensor.
        physical_layout (tuple of ints): a permutation of the dimensions.

    Keyword args:
        dtype (:class:`numtensor.dtype`, optional): the desired dtype. Default: the default
            dtype.
        device (:class:`numtensor.device`, optional): the desired device.
        requires_grad (bool): whether autograd records operations on the result.
        layout, pin_memory: accepted for compatibility.

    Example::

        >>> torch.empty_permuted((2, 3, 4), (2, 0, 1)).stride()
        (3, 1, 6)
    """
    size, order = tuple(size), tuple(physical_layout)
    if len(size) != len(order):
        raise RuntimeError(
            "Number of dimensions in size does not match the length of the physical_layout; "
            f"i.e. len(size) = {len(size)} is not equal to len(physical_layout) = {len(order)}"
        )
    if sorted(order) != list(range(len(size))):
        raise RuntimeError(f"physical_layout {list(order)} is not a permutation of the dims")
    physical = [size[p] for p in order]
    strides_physical = [math.prod(physical[i + 1 :]) for i in range(len(physical))]
    stride = [0] * len(size)
    for position, dim in enumerate(order):
        stride[dim] = strides_physical[position]
    return _strided(size, stride, dtype, device, requires_grad)


_BUFFERS = (bytes, bytearray, memoryview)


@op("asarray", method=False)
def asarray(obj, *, dtype=None, device=None, copy=None, requires_grad: bool = False) -> Tensor:
    r"""Converts ``obj`` to a tensor.

    ``obj`` can be a tensor, a NumPy array or scalar, an object with ``__dlpack__`` or
    ``__cuda_array_interface__``, an object implementing Python's buffer protocol, a number or
    a nested sequence of them. Memory is shared with ``obj`` when no conversion is needed and
    ``copy`` is not ``True``; ``copy=False`` makes a needed copy an error (``ValueError``).
    Buffers are read as the default float dtype unless ``dtype`` is given.

    Args:
        obj (object): the object to convert.

    Keyword args:
        dtype (:class:`numtensor.dtype`, optional): the dtype of the result. Default:
            inferred from ``obj``.
        device (:class:`numtensor.device`, optional): the device of the result.
        copy (bool, optional): ``True`` always copies, ``False`` never does, ``None``
            (default) copies only when needed.
        requires_grad (bool): whether autograd records operations on the result.

    Example::

        >>> a = np.array([1., 2.])
        >>> t = torch.asarray(a)
        >>> t[0] = 5
        >>> a
        array([5., 2.])
        >>> torch.asarray([1, 2])
        tensor([1, 2])
    """
    d = None if dtype is None else check_dtype(dtype)
    dev = None if device is None else as_device(device)
    if isinstance(obj, Tensor):
        if copy is False and d is not None and d is not obj.dtype:
            raise ValueError(
                f"can't alias tensor with dtype '{type_name(obj.dtype)}' into dtype "
                f"'{type_name(d)}'."
            )
        if copy is False and dev is not None and dev != obj.device:
            raise ValueError(f"can't alias tensor from device '{obj.device}' to '{dev}'.")
        result = as_tensor(obj, dtype=d, device=dev)
        result = result.clone() if copy and result is obj else result
        return _made(result, requires_grad)
    if isinstance(obj, (HostArray, HostScalar)):
        same = d is None or d.np == obj.dtype
        if copy is False and not same:
            source = type_name(from_numpy_dtype(obj.dtype))
            raise ValueError(
                f"can't alias tensor with dtype '{source}' into dtype '{type_name(d)}'."
            )
        if isinstance(obj, HostArray) and not copy:
            return _made(as_tensor(obj, dtype=d, device=dev), requires_grad)
        return _made(tensor(obj, dtype=d, device=dev), requires_grad)
    if hasattr(obj, "__dlpack__") or hasattr(obj, "__cuda_array_interface__"):
        shared = from_dlpack(obj)  # (another library's array: its memory, then as a tensor's)
        return asarray(shared, dtype=d, device=dev, copy=copy, requires_grad=requires_grad)
    if isinstance(obj, _BUFFERS) or _has_buffer(obj):
        result = frombuffer(obj, dtype=d or get_default_dtype())
        result = result.clone() if copy else result
        return _made(result.to(dev) if dev is not None else result, requires_grad)
    if copy is False:
        raise ValueError("can't alias arbitrary sequence into a tensor.")
    return _made(tensor(obj, dtype=d, device=dev), requires_grad)


def _has_buffer(obj) -> bool:
    if isinstance(obj, (list, tuple, int, float, bool, complex, str)):
        return False
    try:
        memoryview(obj)
    except TypeError:
        return False
    return True


@op("frombuffer", method=False)
def frombuffer(buffer, *, dtype, count: int = -1, offset: int = 0,
               requires_grad: bool = False) -> Tensor:  # fmt: skip
    r"""Creates a 1-dimensional tensor from an object that implements the Python buffer protocol
    (``bytearray``, ``array.array``, ``memoryview``, ...).

    The result is a CPU tensor over the buffer's memory: ``count`` elements of ``dtype``
    starting ``offset`` bytes in. Writes through either are seen by both.

    Args:
        buffer (object): a Python object that exposes the buffer interface.

    Keyword args:
        dtype (:class:`numtensor.dtype`): the desired dtype.
        count (int): the number of elements to read; ``-1`` reads them all. Default: ``-1``.
        offset (int): the number of bytes to skip at the start. Default: ``0``.
        requires_grad (bool): whether autograd records operations on the result.

    Example::

        >>> b = bytearray(b"\x01\x02\x03\x04")
        >>> t = torch.frombuffer(b, dtype=torch.int8)
        >>> t
        tensor([1, 2, 3, 4], dtype=numtensor.int8)
        >>> t[0] = 9
        >>> b[0]
        9
    """
    from ..backend.cpu import storage

    d = check_dtype(dtype)
    view = memoryview(buffer)
    length, item = view.nbytes, d.itemsize
    if (length == 0 and count == -1) or count == 0:
        raise ValueError(f"both buffer length ({length}) and count ({count}) must not be 0")
    if not 0 <= offset < length:
        raise ValueError(
            f"offset ({offset} bytes) must be non-negative and no greater than buffer length "
            f"({length} bytes) minus 1"
        )
    if count < 0:
        if (length - offset) % item:
            raise ValueError(
                f"buffer length ({length - offset} bytes) after offset ({offset} bytes) must be "
                f"a multiple of element size ({item})"
            )
        count = (length - offset) // item
    elif count * item > length - offset:
        raise ValueError(
            f"requested buffer length ({count} * {item} bytes) after offset ({offset} bytes) "
            f"must not be greater than actual buffer length ({length} bytes)"
        )
    data = storage.from_buffer(buffer, d.np, count, offset)
    return _made(Tensor._make(data, dtype=d), requires_grad)
