"""The Tensor data model: storage, shape, dtype, device and the autograd fields.

This module holds what every layer above needs to *make* and *inspect* a tensor. The
operations users call as methods are bound onto the class in ``numtensor/_tensor.py``,
from the ops that declare them, so that ops (which create tensors) import only this
module and never the layer above them.
"""

from __future__ import annotations

import threading

import numpy as np

from . import _memory_format as _mf
from . import backend
from ._device import CPU, device
from ._dtype import dtype, from_numpy_dtype
from ._size import Size
from .backend import HostArray

COMPLEX_MESSAGE = (
    "numtensor does not differentiate through complex tensors ({}): complex values are "
    "supported for computing, not for autograd. Keep the differentiable part real (e.g. "
    "work on real and imaginary parts as separate tensors)."
)


class _InferenceMode(threading.local):
    """Whether inference mode is on in this thread (``numtensor.inference_mode`` sets it):
    tensors made while it is are inference tensors (``Tensor.is_inference()``)."""

    on = False


INFERENCE_MODE = _InferenceMode()


class _VersionCounter:
    """Shared by a tensor and all its views; bumped by every in-place write."""

    __slots__ = ("value",)

    def __init__(self) -> None:
        self.value = 0


_new = object.__new__


class Tensor:
    """A multi-dimensional array of elements of one dtype, on one device, with autograd.

    Make tensors with the factories (:func:`numtensor.tensor`, :func:`numtensor.zeros`,
    :func:`numtensor.arange`, ...); ``numtensor.Tensor(data)`` and
    ``numtensor.Tensor(2, 3)`` are the legacy constructors (default dtype). Views
    (slicing, :meth:`view`, :meth:`transpose`, :meth:`detach`, :meth:`numpy`, ...) share
    memory with their base, so a write through any of them is seen by all. A tensor that
    ``requires_grad`` records the operations applied to it, and :meth:`backward` fills the
    leaves' ``.grad``.

    The storage is the device backend's array (a NumPy ndarray on the CPU, a numba device
    array on CUDA, see ``numtensor.backend``).

    Example::

        >>> x = torch.tensor([[1., 2.], [3., 4.]], requires_grad=True)
        >>> x.shape, x.dtype, x.device
        (numtensor.Size([2, 2]), numtensor.float32, device(type='cpu'))
        >>> (x * x).sum().backward()
        >>> x.grad
        tensor([[2., 4.],
                [6., 8.]])
        >>> torch.Tensor([1, 2])
        tensor([1., 2.])
    """

    __slots__ = (
        "__dict__",
        "__weakref__",
        "_base",
        "_data",
        "_dtype",
        "_requires_grad",
        "_vc",
        "device",
        "grad_fn",
    )

    # rarely set per tensor: class defaults, so making a tensor does not pay for them
    grad = None
    _retains_grad = False
    _backward_hooks = None
    _hooks = ()  # gradient hooks (register_hook)
    _output_nr = 0  # which output of its grad_fn this tensor is
    # in-place ops that moved this tensor in the graph: [(seq of the new node, the old
    # grad_fn, _output_nr, requires_grad)], so nodes recorded before see what they consumed
    _history = None
    _inference = False  # made in inference mode (see INFERENCE_MODE)

    # ---- construction -------------------------------------------------------------------
    @classmethod
    def _make(cls, data, dev: device = CPU, requires_grad: bool = False, dtype=None) -> Tensor:
        """Wrap a storage (taken as is, not copied) as a new tensor that owns it.

        The storage must be of ``dev``'s kind: a CUDA tensor over host memory cannot exist.
        """
        if dev is not CPU or type(data) is not HostArray:  # the common case costs two tests
            if (type(data) is HostArray) is not (dev.type == "cpu"):
                _storage_mismatch(data, dev)
            elif dev.index is None and dev.type != "cpu":
                dev = device(dev.type, 0)  # a CUDA tensor lives on a numbered device
        t = _new(cls)
        t._data = data
        t._dtype = dtype or from_numpy_dtype(data.dtype)
        t.device = dev
        t._requires_grad = requires_grad
        t.grad_fn = None
        t._base = None
        t._vc = None  # the version counter, made on first use (most tensors never need one)
        if INFERENCE_MODE.on:
            t._inference = True
        return t

    def _view(self, data) -> Tensor:
        """A tensor over ``data``, an ndarray view of this tensor's buffer."""
        t = Tensor._make(
            data, self.device, dtype=self._dtype if data.dtype == self._data.dtype else None
        )
        t._base = self if self._base is None else self._base
        t._vc = self._version_counter
        if INFERENCE_MODE.on and not self._inference:  # (a view of a normal tensor is normal)
            del t._inference
        return t

    @property
    def _version_counter(self) -> _VersionCounter:
        """Shared by this tensor and its views; bumped by every in-place write."""
        vc = self._vc
        if vc is None:
            vc = self._vc = _VersionCounter()
        return vc

    @_version_counter.setter
    def _version_counter(self, counter: _VersionCounter) -> None:
        self._vc = counter

    # ---- attributes ---------------------------------------------------------------------
    @property
    def dtype(self) -> dtype:
        r"""The :class:`numtensor.dtype` of the tensor's elements.

        Example::

            >>> torch.zeros(2, 3).dtype
            numtensor.float32
            >>> torch.tensor([1, 2]).dtype
            numtensor.int64
        """
        return self._dtype

    @property
    def shape(self) -> Size:
        r"""The size of the tensor, as a :class:`numtensor.Size` (a tuple of ints).

        Same as :meth:`Tensor.size` called without arguments.

        Example::

            >>> x = torch.zeros(2, 3)
            >>> x.shape
            numtensor.Size([2, 3])
            >>> x.shape[1]
            3
        """
        return Size(self._data.shape)

    @property
    def ndim(self) -> int:
        r"""The number of dimensions of the tensor; same as :meth:`Tensor.dim`.

        Example::

            >>> torch.zeros(2, 3).ndim
            2
            >>> torch.tensor(1.).ndim
            0
        """
        return self._data.ndim

    @property
    def is_cuda(self) -> bool:
        r"""``True`` if the tensor is stored on a CUDA GPU, ``False`` otherwise.

        Example::

            >>> torch.zeros(2).is_cuda
            False
            >>> torch.zeros(2, device="cuda").is_cuda  # doctest: +SKIP
            True
        """
        return self.device.type == "cuda"

    @property
    def is_cpu(self) -> bool:
        r"""``True`` if the tensor is stored on the CPU, ``False`` otherwise.

        Example::

            >>> torch.zeros(2).is_cpu
            True
        """
        return self.device.type == "cpu"

    @property
    def is_leaf(self) -> bool:
        r"""Whether the tensor is a leaf of the autograd graph.

        Tensors that do not require grad are leaves by convention; tensors that require grad
        are leaves when the user created them (not the result of a recorded operation, so
        their ``grad_fn`` is ``None``). Only leaves get their :attr:`grad` filled by
        :meth:`backward` (others need :meth:`retain_grad`).

        Example::

            >>> a = torch.tensor([1., 2.], requires_grad=True)
            >>> a.is_leaf
            True
            >>> (a * 2).is_leaf
            False
            >>> torch.ones(2).is_leaf
            True
        """
        return self.grad_fn is None

    @property
    def requires_grad(self) -> bool:
        r"""Whether autograd records operations on this tensor, to compute gradients for it.

        Settable on leaves: ``x.requires_grad = True`` is ``x.requires_grad_(True)``. Results of
        operations on tensors that require grad require grad too.

        Example::

            >>> a = torch.tensor([1., 2.], requires_grad=True)
            >>> a.requires_grad, (a * 2).requires_grad
            (True, True)
            >>> torch.ones(2).requires_grad
            False
        """
        return self._requires_grad

    @requires_grad.setter
    def requires_grad(self, value: bool) -> None:
        self.requires_grad_(value)

    def requires_grad_(self, requires_grad: bool = True) -> Tensor:
        r"""Sets whether autograd should record operations on this tensor, in place.

        Only leaf tensors of a floating point dtype may be made to require grad (PyTorch's
        ``RuntimeError`` otherwise); a non-leaf may only be asked to keep requiring grad.

        Differs from PyTorch: complex tensors cannot require grad (``NotImplementedError``):
        numtensor does not differentiate through complex values.

        Args:
            requires_grad (bool): the new value. Default: ``True``.

        Returns:
            Tensor: this tensor.

        Example::

            >>> w = torch.ones(2)
            >>> w.requires_grad_()
            tensor([1., 1.], requires_grad=True)
            >>> w.requires_grad
            True
        """
        if not self.is_leaf:
            if requires_grad:
                return self
            raise RuntimeError(
                "you can only change requires_grad flags of leaf variables. If you want to use a "
                "computed variable in a subgraph that doesn't require differentiation use "
                "var_no_grad = var.detach()."
            )
        if requires_grad and self._dtype.is_complex:
            raise NotImplementedError(COMPLEX_MESSAGE.format("requires_grad_"))
        if requires_grad and not self._dtype.is_floating_point:
            raise RuntimeError(
                "only Tensors of floating point and complex dtype can require gradients"
            )
        self._requires_grad = bool(requires_grad)
        return self

    @property
    def _version(self) -> int:
        vc = self._vc
        return 0 if vc is None else vc.value

    @property
    def data(self) -> Tensor:
        r"""The tensor's data as a tensor that shares storage with it but is outside autograd.

        Reading ``x.data`` is like ``x.detach()``; assigning ``x.data = y`` makes ``x`` use
        ``y``'s storage, dtype and device without recording anything (old code uses it to update
        parameters in place).

        Example::

            >>> a = torch.tensor([1., 2.], requires_grad=True)
            >>> a.data
            tensor([1., 2.])
            >>> a.data.requires_grad
            False
        """
        t = self._view(self._data)
        t.__dict__["_detached"] = True  # an alias outside autograd, not a differentiable view
        return t

    @data.setter
    def data(self, other: Tensor) -> None:
        if not isinstance(other, Tensor):
            raise TypeError(f"data must be a Tensor, not {type(other).__name__}")
        self._data = other._data
        self._dtype = other._dtype
        self.device = other.device

    def dim(self) -> int:
        r"""Returns the number of dimensions of the tensor (``x.ndimension()`` is the same).

        Example::

            >>> torch.zeros(2, 3).dim()
            2
            >>> torch.tensor(5).dim()
            0
        """
        return self._data.ndim

    ndimension = dim

    def is_floating_point(self) -> bool:
        r"""Returns ``True`` if the tensor's dtype is a floating point dtype (float16, bfloat16,
        float32 or float64). ``torch.is_floating_point(x)`` is the same.

        Example::

            >>> torch.zeros(2).is_floating_point()
            True
            >>> torch.tensor([1]).is_floating_point()
            False
        """
        return self._dtype.is_floating_point

    def numel(self) -> int:
        r"""Returns the total number of elements in the tensor (``x.nelement()`` is the same).

        Example::

            >>> torch.zeros(2, 3).numel()
            6
            >>> torch.zeros(0, 4).numel()
            0
        """
        return self._data.size

    nelement = numel

    def element_size(self) -> int:
        r"""Returns the size in bytes of one element of the tensor.

        Example::

            >>> torch.zeros(2).element_size()
            4
            >>> torch.tensor([1, 2], dtype=torch.float64).element_size()
            8
        """
        return self._dtype.itemsize

    def size(self, dim: int | None = None):
        r"""Returns the size of the tensor, or of one of its dimensions.

        Args:
            dim (int, optional): the dimension to return the size of (negative counts from the
                end). Default: all of them.

        Returns:
            :class:`numtensor.Size` or int: the whole size (a tuple subclass), or ``dim``'s.

        Example::

            >>> x = torch.zeros(2, 3)
            >>> x.size()
            numtensor.Size([2, 3])
            >>> x.size(1), x.size(-1)
            (3, 3)
        """
        if dim is None:
            return Size(self._data.shape)
        return self._data.shape[wrap_dim(dim, self._data.ndim)]

    def stride(self, dim: int | None = None):
        r"""Returns the strides of the tensor: how many elements apart neighbours along each
        dimension are in memory.

        Args:
            dim (int, optional): the dimension to return the stride of. Default: all of them.

        Returns:
            tuple of ints or int.

        Example::

            >>> x = torch.zeros(2, 3)
            >>> x.stride()
            (3, 1)
            >>> x.t().stride()
            (1, 3)
            >>> x.stride(0)
            3
        """
        data = self._data
        item = data.dtype.itemsize
        strides = tuple(s // item for s in data.strides)
        if data.size == 0 and not any(strides) and "_zero_strides" not in self.__dict__:
            # a fresh empty array has zero strides in NumPy; PyTorch's are row-major, with
            # empty dims counted as 1
            strides, step = [], 1
            for size in reversed(data.shape):
                strides.append(step)
                step *= max(size, 1)
            strides = tuple(reversed(strides))
        if dim is None:
            return strides
        return strides[wrap_dim(dim, self._data.ndim)]

    def storage_offset(self) -> int:
        r"""Returns the offset of this tensor's first element in its storage, in elements.

        Example::

            >>> x = torch.tensor([1, 2, 3, 4, 5])
            >>> x.storage_offset()
            0
            >>> x[3:].storage_offset()
            3
        """
        base = self._base if self._base is not None else self
        ops = backend.of(self.device)
        return (ops.data_ptr(self._data) - ops.data_ptr(base._data)) // self._dtype.itemsize

    def data_ptr(self) -> int:
        r"""Returns the address of the tensor's first element (an int).

        Views of the same memory give addresses ``offset * element_size()`` apart.

        Example::

            >>> x = torch.zeros(2, 3)
            >>> x[1].data_ptr() - x.data_ptr()
            12
        """
        return backend.of(self.device).data_ptr(self._data)

    def is_contiguous(self, *, memory_format=_mf.contiguous_format) -> bool:
        r"""Returns ``True`` if the tensor is contiguous in memory in the order given by
        ``memory_format``: row-major (C) order by default.

        As in PyTorch, dimensions of size 1 are ignored when comparing strides.
        ``memory_format=torch.channels_last`` checks for the ``(N, H, W, C)`` layout of a 4-D
        tensor (``channels_last_3d``: 5-D); a tensor of another rank is never contiguous in
        them.

        Keyword args:
            memory_format (:class:`numtensor.memory_format`): the layout to check.
                Default: ``torch.contiguous_format``.

        Example::

            >>> x = torch.zeros(2, 3)
            >>> x.is_contiguous()
            True
            >>> x.t().is_contiguous()
            False
            >>> y = torch.zeros(1, 2, 2, 3).permute(0, 3, 1, 2)  # NHWC memory, NCHW shape
            >>> y.is_contiguous(memory_format=torch.channels_last)
            True
        """
        fmt = _mf.check_memory_format(memory_format, "is_contiguous", allow_none=False)
        if fmt is _mf.contiguous_format or fmt is _mf.preserve_format:  # (as PyTorch does)
            return backend.of(self.device).is_contiguous(self._data)
        return _mf.is_contiguous_as(fmt, self.shape, self.stride())

    def __len__(self) -> int:
        if self._data.ndim == 0:
            raise TypeError("len() of a 0-d tensor")
        return self._data.shape[0]

    def __hash__(self) -> int:
        return id(self)


def _storage_mismatch(data, dev: device) -> None:
    kind = backend.device_of_storage(data)
    if kind == dev.type:
        return
    raise RuntimeError(
        f"a tensor on device {dev} cannot hold {type(data).__name__} storage"
        + (f" (that is {kind} memory)" if kind else "")
    )


def wrap_dim(dim: int, ndim: int) -> int:
    """Turn a possibly negative dim into an index, with PyTorch's IndexError when out of range."""
    if not isinstance(dim, (int, np.integer)) or isinstance(dim, bool):
        raise TypeError(f"dim must be an int, not {type(dim).__name__}")
    lo, hi = (-1, 0) if ndim == 0 else (-ndim, ndim - 1)
    if dim < lo or dim > hi:
        raise IndexError(
            f"Dimension out of range (expected to be in range of [{lo}, {hi}], but got {dim})"
        )
    return int(dim) % max(ndim, 1)


# Tensor's __module__ is "numtensor" (as torch.Tensor's is "torch"), which hides its methods
# from doctest's module check: name the class here so that their examples run as doctests
__test__ = {"Tensor": Tensor}
