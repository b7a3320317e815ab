"""The ``*_like`` factories (``zeros_like``, ``full_like``...) and the ``new_*`` methods
(``x.new_zeros``, ``x.new_tensor``...): tensors made after another one's dtype and device."""

from __future__ import annotations

from .._dtype import check_dtype
from .._memory_format import check_memory_format, preserve_format, target_strides
from .._tensor_base import Tensor
from ._common import allocate, parse_size
from .creation import _scalar, tensor
from .memory_formats import allocate_strided
from .registry import op

# ---- *_like and new_* --------------------------------------------------------------------


def _like(t: Tensor, fill, dtype, device, requires_grad, memory_format, name: str) -> Tensor:
    fmt = check_memory_format(memory_format, name)
    d = t.dtype if dtype is None else check_dtype(dtype)
    strides = target_strides(fmt, t.shape, t.stride())
    dev = t.device if device is None else device
    return allocate_strided(t.shape, strides, d.np, fill, dev, requires_grad)


@op("zeros_like", method=False)
def zeros_like(
    input: Tensor, dtype=None, device=None, requires_grad=False, memory_format=preserve_format
) -> Tensor:
    r"""Returns a tensor of zeros with the same size as ``input``.

    ``torch.zeros_like(input)`` is ``torch.zeros(input.size(), dtype=input.dtype,
    device=input.device)``.

    Args:
        input (Tensor): its size (and, unless overridden, dtype and device) is used.

    Keyword args:
        dtype (:class:`numtensor.dtype`, optional): the desired dtype. Default: ``input``'s.
        device (:class:`numtensor.device`, optional): the desired device. Default:
            ``input``'s.
        requires_grad (bool): whether autograd records operations on the result.
        memory_format (:class:`numtensor.memory_format`, optional): the layout of the
            result. Default: ``torch.preserve_format`` (``input``'s strides when it is
            dense, else dense strides in its dimension order).

    Example::

        >>> x = torch.tensor([[1, 2], [3, 4]])
        >>> torch.zeros_like(x)
        tensor([[0, 0],
                [0, 0]])
    """
    return _like(input, 0, dtype, device, requires_grad, memory_format, "zeros_like")


@op("ones_like", method=False)
def ones_like(
    input: Tensor, dtype=None, device=None, requires_grad=False, memory_format=preserve_format
) -> Tensor:
    r"""Returns a tensor of ones with the same size as ``input``.

    ``torch.ones_like(input)`` is ``torch.ones(input.size(), dtype=input.dtype,
    device=input.device)``.

    Args:
        input (Tensor): its size (and, unless overridden, dtype and device) is used.

    Keyword args:
        dtype (:class:`numtensor.dtype`, optional): the desired dtype. Default: ``input``'s.
        device (:class:`numtensor.device`, optional): the desired device. Default:
            ``input``'s.
        requires_grad (bool): whether autograd records operations on the result.
        memory_format (:class:`numtensor.memory_format`, optional): the layout of the
            result. Default: ``torch.preserve_format`` (``input``'s strides when it is
            dense, else dense strides in its dimension order).

    Example::

        >>> x = torch.tensor([[1, 2], [3, 4]])
        >>> torch.ones_like(x, dtype=torch.float32)
        tensor([[1., 1.],
                [1., 1.]])
    """
    return _like(input, 1, dtype, device, requires_grad, memory_format, "ones_like")


@op("empty_like", method=False)
def empty_like(
    input: Tensor, dtype=None, device=None, requires_grad=False, memory_format=preserve_format
) -> Tensor:
    r"""Returns an uninitialised tensor with the same size as ``input``.

    ``torch.empty_like(input)`` is ``torch.empty(input.size(), dtype=input.dtype,
    device=input.device)``.

    Args:
        input (Tensor): its size (and, unless overridden, dtype and device) is used.

    Keyword args:
        dtype (:class:`numtensor.dtype`, optional): the desired dtype. Default: ``input``'s.
        device (:class:`numtensor.device`, optional): the desired device. Default:
            ``input``'s.
        requires_grad (bool): whether autograd records operations on the result.
        memory_format (:class:`numtensor.memory_format`, optional): the layout of the
            result. Default: ``torch.preserve_format`` (``input``'s strides when it is
            dense, else dense strides in its dimension order).

    Example::

        >>> x = torch.tensor([[1, 2], [3, 4]])
        >>> y = torch.empty_like(x)
        >>> y.shape, y.dtype
        (numtensor.Size([2, 2]), numtensor.int64)
        >>> torch.empty_like(x.t()).stride()
        (1, 2)
        >>> torch.empty_like(torch.zeros(1, 2, 2, 3), memory_format=torch.channels_last).stride()
        (12, 1, 6, 2)
    """
    return _like(input, None, dtype, device, requires_grad, memory_format, "empty_like")


@op("full_like", method=False)
def full_like(
    input: Tensor,
    fill_value,
    dtype=None,
    device=None,
    requires_grad=False,
    memory_format=preserve_format,
) -> Tensor:
    r"""Returns a tensor with the same size as ``input`` filled with ``fill_value``.

    ``torch.full_like(input, fill_value)`` is ``torch.full(input.size(), fill_value,
    dtype=input.dtype, device=input.device)``: the value is cast to ``input``'s dtype.

    Args:
        input (Tensor): its size (and, unless overridden, dtype and device) is used.
        fill_value (Scalar): the value to fill the output with.

    Keyword args:
        dtype (:class:`numtensor.dtype`, optional): the desired dtype. Default: ``input``'s.
        device (:class:`numtensor.device`, optional): the desired device. Default:
            ``input``'s.
        requires_grad (bool): whether autograd records operations on the result.
        memory_format (:class:`numtensor.memory_format`, optional): the layout of the
            result. Default: ``torch.preserve_format`` (``input``'s strides when it is
            dense, else dense strides in its dimension order).

    Example::

        >>> x = torch.tensor([[1, 2], [3, 4]])
        >>> torch.full_like(x, 5)
        tensor([[5, 5],
                [5, 5]])
        >>> torch.full_like(torch.zeros(2), 2.5)
        tensor([2.5000, 2.5000])
    """
    fill = _scalar(fill_value)
    return _like(input, fill, dtype, device, requires_grad, memory_format, "full_like")


@op("new_tensor", function=False)
def new_tensor(self: Tensor, data, dtype=None, device=None, requires_grad=False) -> Tensor:
    r"""Returns a new tensor holding a copy of ``data``.

    By default the result has this tensor's dtype and device (``x.new_tensor(data)``);
    it never shares memory with ``data`` and has no autograd history.

    Args:
        data (array_like): the values to copy (lists, scalars, arrays, tensors).

    Keyword args:
        dtype (:class:`numtensor.dtype`, optional): the desired dtype. Default: this
            tensor's.
        device (:class:`numtensor.device`, optional): the desired device. Default: this
            tensor's.
        requires_grad (bool): whether autograd records operations on the result.

    Example::

        >>> x = torch.ones(2, dtype=torch.float64)
        >>> x.new_tensor([5, 6])
        tensor([5., 6.], dtype=numtensor.float64)
    """
    return tensor(
        data,
        dtype=self.dtype if dtype is None else dtype,
        device=self.device if device is None else device,
        requires_grad=requires_grad,
    )


def _new(self, size, fill, dtype, device, requires_grad) -> Tensor:
    shape = parse_size(size)
    d = self.dtype if dtype is None else check_dtype(dtype)
    return allocate(shape, d.np, fill, self.device if device is None else device, requires_grad)


@op("new_zeros", function=False)
def new_zeros(self, *size, dtype=None, device=None, requires_grad=False) -> Tensor:
    r"""Returns a tensor of size ``size`` filled with ``0``.

    By default the result has this tensor's dtype and device (``x.new_zeros(2, 3)``).

    Args:
        *size (int...): the shape, as several ints or one list, tuple or
            :class:`numtensor.Size`.

    Keyword args:
        dtype (:class:`numtensor.dtype`, optional): the desired dtype. Default: this
            tensor's.
        device (:class:`numtensor.device`, optional): the desired device. Default: this
            tensor's.
        requires_grad (bool): whether autograd records operations on the result.

    Example::

        >>> x = torch.ones(2, dtype=torch.float64)
        >>> x.new_zeros(2)
        tensor([0., 0.], dtype=numtensor.float64)
    """
    return _new(self, size, 0, dtype, device, requires_grad)


@op("new_ones", function=False)
def new_ones(self, *size, dtype=None, device=None, requires_grad=False) -> Tensor:
    r"""Returns a tensor of size ``size`` filled with ``1``.

    By default the result has this tensor's dtype and device (``x.new_ones(2, 3)``).

    Args:
        *size (int...): the shape, as several ints or one list, tuple or
            :class:`numtensor.Size`.

    Keyword args:
        dtype (:class:`numtensor.dtype`, optional): the desired dtype. Default: this
            tensor's.
        device (:class:`numtensor.device`, optional): the desired device. Default: this
            tensor's.
        requires_grad (bool): whether autograd records operations on the result.

    Example::

        >>> x = torch.tensor([1, 2])
        >>> x.new_ones((1, 2))
        tensor([[1, 1]])
    """
    return _new(self, size, 1, dtype, device, requires_grad)


@op("new_empty", function=False)
def new_empty(self, *size, dtype=None, device=None, requires_grad=False) -> Tensor:
    r"""Returns an uninitialised tensor of size ``size``.

    By default the result has this tensor's dtype and device (``x.new_empty(2, 3)``).

    Args:
        *size (int...): the shape, as several ints or one list, tuple or
            :class:`numtensor.Size`.

    Keyword args:
        dtype (:class:`numtensor.dtype`, optional): the desired dtype. Default: this
            tensor's.
        device (:class:`numtensor.device`, optional): the desired device. Default: this
            tensor's.
        requires_grad (bool): whether autograd records operations on the result.

    Example::

        >>> x = torch.ones(2, dtype=torch.float64)
        >>> y = x.new_empty(3)
        >>> y.shape, y.dtype
        (numtensor.Size([3]), numtensor.float64)
    """
    return _new(self, size, None, dtype, device, requires_grad)


@op("new_full", function=False)
def new_full(self, size, fill_value, dtype=None, device=None, requires_grad=False) -> Tensor:
    r"""Returns a tensor of size ``size`` filled with ``fill_value``.

    By default the result has this tensor's dtype and device (``x.new_full((2,), 9)``).

    Args:
        size (int...): a list, tuple or :class:`numtensor.Size` giving the shape.
        fill_value (Scalar): the value to fill the output with.

    Keyword args:
        dtype (:class:`numtensor.dtype`, optional): the desired dtype. Default: this
            tensor's.
        device (:class:`numtensor.device`, optional): the desired device. Default: this
            tensor's.
        requires_grad (bool): whether autograd records operations on the result.

    Example::

        >>> x = torch.ones(2, dtype=torch.float64)
        >>> x.new_full((2,), 9)
        tensor([9., 9.], dtype=numtensor.float64)
    """
    return _new(self, (size,), _scalar(fill_value), dtype, device, requires_grad)
