"""Tensors that change their own shape or storage in place: ``resize_``, ``resize_as_``,
``set_`` and ``as_strided_``, as PyTorch's (the storage a tensor sees grows when it must,
keeping the values it held)."""

from __future__ import annotations

from .. import backend
from .._memory_format import check_memory_format, contiguous_format, strides_for
from .._tensor_base import Tensor
from ._common import parse_size
from .conversion import bump_version
from .registry import method
from .strided import _check_in_storage, _storage_elements


def _check_resizable(t: Tensor) -> None:
    if t.requires_grad:
        raise RuntimeError("cannot resize variables that require grad")


def _restride(t: Tensor, shape: tuple, strides: tuple, offset: int) -> None:
    """Make ``t`` the (shape, strides, offset) view of its storage, growing the storage (a
    new one holding the old values) when it is too small. The storage is then held by a
    base tensor of its own, so that a later resize still reaches all of it."""
    ops = backend.of(t.device)
    held = _storage_elements(t)
    if t._base is None:  # t held its storage itself: hand it to a base covering all of it
        t._base = Tensor._make(ops.view(t._data, (held,), (1,), 0), t.device)
        t._base._vc = t._version_counter
    needed = 0 if 0 in shape else offset + 1 + sum((n - 1) * s for n, s in zip(shape, strides))
    if needed > held:
        grown = Tensor._make(ops.empty((needed,), t.dtype.np), t.device)
        if held:
            ops.copy_(ops.view(grown._data, (held,), (1,), 0), t._base._data)
        grown._vc = t._version_counter
        t._base = grown
    t._data = ops.view(t._base._data, shape, strides, offset)


def resize_(self: Tensor, *sizes, memory_format=None) -> Tensor:
    r"""Resizes this tensor to ``sizes``, in place, and returns it.

    The elements are read from the tensor's storage from its offset on, row-major (or in
    ``memory_format``): values that were there stay, and when the storage is too small it
    grows (new elements are uninitialised). Other views of the old storage keep it. A size
    equal to the current one changes nothing.

    Args:
        *sizes (int... or torch.Size): the new size.

    Keyword args:
        memory_format (:class:`numtensor.memory_format`, optional): the layout of the
            result. Default: ``torch.contiguous_format``.

    Example::

        >>> x = torch.arange(6.)
        >>> x.resize_(2, 2)
        tensor([[0., 1.],
                [2., 3.]])
        >>> x.resize_(0).shape
        numtensor.Size([0])
    """
    if any(isinstance(s, int) and s < 0 for s in sizes):  # (before parse_size's message)
        raise RuntimeError("numel: integer multiplication overflow")
    shape = parse_size(sizes, "resize_")
    _check_resizable(self)
    fmt = check_memory_format(memory_format, "resize_")
    if shape == tuple(self.shape) and memory_format is None:
        return self
    layout = contiguous_format if fmt._name == "preserve_format" else fmt
    _restride(self, shape, strides_for(layout, shape), self.storage_offset())
    bump_version(self)
    return self


def resize_as_(self: Tensor, the_template: Tensor, *, memory_format=None) -> Tensor:
    r"""Resizes this tensor, in place, to the size of ``the_template``: the same as
    ``self.resize_(the_template.size())``.

    Args:
        the_template (Tensor): the tensor whose size to take.

    Keyword args:
        memory_format (:class:`numtensor.memory_format`, optional): the layout of the
            result.

    Example::

        >>> x = torch.ones(2, 3)
        >>> x.resize_as_(torch.zeros(3))
        tensor([1., 1., 1.])
    """
    return resize_(self, tuple(the_template.shape), memory_format=memory_format)


def set_(self: Tensor, source: Tensor | None = None, storage_offset: int = 0, size=None,
         stride=None) -> Tensor:  # fmt: skip
    r"""Makes this tensor share ``source``'s memory, size and strides, in place (with
    ``storage_offset``, ``size`` and ``stride``: that view of ``source``'s storage); with no
    ``source``, an empty tensor.

    Args:
        source (Tensor, optional): the tensor whose memory to share.
        storage_offset (int): the offset in ``source``'s storage. Default: 0.
        size (torch.Size, optional): the size. Default: ``source``'s.
        stride (tuple, optional): the strides. Default: ``source``'s (row-major with
            ``size``).

    Example::

        >>> x, y = torch.zeros(2), torch.arange(4.)
        >>> x.set_(y)
        tensor([0., 1., 2., 3.])
        >>> x[0] = 9.
        >>> y
        tensor([9., 1., 2., 3.])
    """
    _check_resizable(self)
    if source is None:
        self._data = backend.of(self.device).empty((0,), self.dtype.np)
        self._base = None
        bump_version(self)
        return self
    if not isinstance(source, Tensor):
        raise TypeError(f"set_(): argument 'source' must be Tensor, not {type(source).__name__}")
    if source.dtype is not self.dtype:
        raise RuntimeError(
            f"Could not set tensor of type {source.dtype} to a tensor of type {self.dtype}"
        )
    if source.device != self.device:
        raise RuntimeError(
            f'Attempted to set the storage of a tensor on device "{self.device}" to a '
            f'storage on different device "{source.device}".  This is no longer allowed; '
            "the devices must match."
        )
    self._data = source._data
    self._base = source._base if source._base is not None else source
    self._vc = source._version_counter
    if size is not None or stride is not None or storage_offset != 0:
        shape = tuple(source.shape) if size is None else tuple(size)
        strides = strides_for(contiguous_format, shape) if stride is None else tuple(stride)
        _restride(self, shape, strides, storage_offset)
    bump_version(self)
    return self


def as_strided_(self: Tensor, size, stride, storage_offset=None) -> Tensor:
    r"""In-place version of :meth:`Tensor.as_strided`: this tensor becomes the view of its
    storage with ``size``, ``stride`` and ``storage_offset``.

    Example::

        >>> x = torch.arange(6.)
        >>> x.as_strided_((2, 2), (1, 2))
        tensor([[0., 2.],
                [1., 3.]])
    """
    offset = self.storage_offset() if storage_offset is None else storage_offset
    size, stride = tuple(size), tuple(stride)
    _check_in_storage(self, size, stride, offset)
    base = self._base if self._base is not None else self
    self._data = backend.of(self.device).view(base._data, size, stride, offset)
    bump_version(self)
    return self


method("resize_", resize_)
method("resize_as_", resize_as_)
method("set_", set_)
method("as_strided_", as_strided_)
