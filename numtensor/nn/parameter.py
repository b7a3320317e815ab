"""``nn.Parameter``: a tensor that a Module registers as one of its parameters."""

from __future__ import annotations

from .._tensor import _repr
from .._tensor_base import Tensor


class Parameter(Tensor):
    r"""A Tensor that is a module parameter: assigned as an attribute of a
    :class:`~numtensor.nn.Module`, it is registered and appears in ``parameters()``.

    Args:
        data (Tensor, optional): the parameter's values (shared, not copied). Default: an
            empty tensor.
        requires_grad (bool): whether it requires gradient. Default: ``True``.

    Example::

        >>> p = torch.nn.Parameter(torch.tensor([1., 2.]))
        >>> p
        Parameter containing:
        tensor([1., 2.], requires_grad=True)
        >>> m = torch.nn.Module()
        >>> m.scale = p
        >>> [name for name, _ in m.named_parameters()]
        ['scale']
    """

    def __new__(cls, data: Tensor | None = None, requires_grad: bool = True):
        if data is None:
            from ..ops.creation import empty

            data = empty(0)
        p = cls._make(data._data, data.device, dtype=data.dtype)
        p._version_counter = data._version_counter
        if requires_grad:
            p.requires_grad_(True)
        return p

    def __repr__(self) -> str:
        return "Parameter containing:\n" + _repr(self)

    __str__ = __repr__

    def __reduce__(self):
        return (Parameter, (self.detach().clone(), self.requires_grad))

    def __deepcopy__(self, memo):
        return Parameter(self.detach().clone(), self.requires_grad)


class Buffer:
    r"""A marker for a Tensor that is a module buffer: assigned as an attribute of a
    :class:`~numtensor.nn.Module`, it is registered with ``register_buffer`` (part of
    ``state_dict()`` when ``persistent``, moved by ``to()``, not a parameter).

    Args:
        data (Tensor): the buffer's values.
        persistent (bool): whether it is part of ``state_dict()``. Default: ``True``.

    Example::

        >>> m = torch.nn.Module()
        >>> m.steps = torch.nn.Buffer(torch.zeros(1))
        >>> [name for name, _ in m.named_buffers()], list(m.state_dict())
        (['steps'], ['steps'])
    """

    def __new__(cls, data: Tensor | None = None, *, persistent: bool = True):
        if data is None:
            from ..ops.creation import empty

            data = empty(0)
        t = data.detach()
        t.__dict__["_is_buffer"] = True
        t.__dict__["_buffer_persistent"] = persistent
        return t


_UNINITIALIZED_MESSAGE = (
    "Attempted to use an uninitialized parameter in {}. This error happens when you are using "
    "a `LazyModule` or explicitly manipulating `torch.nn.parameter.{}` objects. When using "
    "LazyModules Call `forward` with a dummy batch to initialize the parameters before "
    "calling torch functions"
)

# what an uninitialized tensor still allows (PyTorch's list): conversions, moves, the flags
_ALLOWED = frozenset(
    [
        "size",
        "copy_",
        "is_complex",
        "is_floating_point",
        "half",
        "float",
        "double",
        "char",
        "short",
        "int",
        "long",
        "cuda",
        "cpu",
        "to",
        "get_device",
        "materialize",
        "cls_to_become",
        "data",
        "requires_grad",
        "requires_grad_",
        "grad",
        "is_leaf",
        "dtype",
        "device",
        "grad_fn",
        "is_cuda",
        "is_cpu",
        "detach",
    ]
)


class UninitializedTensorMixin:
    r"""A tensor whose shape is not known yet (of a lazy module): it holds no data, refuses
    every operation but conversions and moves (ValueError) and becomes ``cls_to_become`` when
    ``materialize``d.

    Example::

        >>> p = torch.nn.UninitializedParameter()
        >>> isinstance(p, torch.nn.parameter.UninitializedTensorMixin)
        True
    """

    __slots__ = ()
    cls_to_become: type = Tensor

    def materialize(self, shape, device=None, dtype=None) -> None:
        r"""Creates the storage of an uninitialized parameter or buffer with the given shape
        (and device, dtype), and turns it into a :class:`Parameter` or Tensor (values
        uninitialized).

        Example::

            >>> p = torch.nn.UninitializedParameter()
            >>> p.materialize((2,))
            >>> p.shape, p.requires_grad
            (numtensor.Size([2]), True)
        """
        from ..ops.creation import empty

        device = Tensor.__getattribute__(self, "device") if device is None else device
        dtype = Tensor.__getattribute__(self, "dtype") if dtype is None else dtype
        shape = (shape,) if isinstance(shape, int) else tuple(shape)
        Tensor.data.fset(self, empty(shape, device=device, dtype=dtype))
        self.__class__ = self.cls_to_become

    @property
    def shape(self):
        raise RuntimeError(
            "Can't access the shape of an uninitialized parameter or buffer. This error usually "
            "happens in `load_state_dict` when trying to load an uninitialized parameter into an "
            "initialized one. Call `forward` to initialize the parameters before accessing their "
            "attributes."
        )

    def share_memory_(self):
        raise RuntimeError(
            "Can't share memory on an uninitialized parameter or buffer. Call `forward` to "
            "initialize the parameters before calling `module.share_memory()`."
        )

    def _plain(self) -> Tensor:
        """The (empty) data as an ordinary tensor, for the conversions allowed."""
        return Tensor._make(self._data, self.device, dtype=self._dtype)

    def size(self, dim=None):
        return self._plain().size() if dim is None else self._plain().size(dim)

    def to(self, *args, **kwargs):
        return self._plain().to(*args, **kwargs)

    def cpu(self, *args, **kwargs):
        return self._plain().cpu(*args, **kwargs)

    def cuda(self, *args, **kwargs):
        return self._plain().cuda(*args, **kwargs)

    def half(self):
        return self._plain().half()

    def float(self):
        return self._plain().float()

    def double(self):
        return self._plain().double()

    def detach(self):
        return self._plain()

    def __getattribute__(self, name: str):
        own = name in UninitializedTensorMixin.__dict__  # (shape, materialize, ...)
        if name[0] != "_" and not own and name not in _ALLOWED and hasattr(Tensor, name):
            raise ValueError(_UNINITIALIZED_MESSAGE.format(name, type(self).__name__))
        return object.__getattribute__(self, name)

    def __repr__(self) -> str:
        return f"<{type(self).__name__}>"

    __str__ = __repr__

    def __reduce_ex__(self, proto):
        return (type(self), (self.requires_grad,))


def _refuse(name: str):
    def refuse(self, *args, **kwargs):
        raise ValueError(_UNINITIALIZED_MESSAGE.format(name, type(self).__name__))

    return refuse


# Python looks operators up on the type, past __getattribute__: refuse them there too
for _name in [
    "__add__",
    "__radd__",
    "__sub__",
    "__rsub__",
    "__mul__",
    "__rmul__",
    "__truediv__",
    "__rtruediv__",
    "__matmul__",
    "__rmatmul__",
    "__pow__",
    "__rpow__",
    "__neg__",
    "__abs__",
    "__getitem__",
    "__setitem__",
    "__iadd__",
    "__isub__",
    "__imul__",
    "__itruediv__",
    "__lt__",
    "__le__",
    "__gt__",
    "__ge__",
    "__bool__",
    "__float__",
    "__int__",
    "__len__",
    "__iter__",
    "__array__",
    "__floordiv__",
    "__mod__",
    "__and__",
    "__or__",
    "__xor__",
    "__invert__",
]:
    setattr(UninitializedTensorMixin, _name, _refuse(_name))


class UninitializedParameter(UninitializedTensorMixin, Parameter):
    r"""A parameter whose shape is not known yet (of the lazy modules, e.g.
    :class:`~numtensor.nn.LazyLinear`): most operations on it raise until
    ``materialize(shape)`` gives it storage, and it then becomes a :class:`Parameter`.

    Args:
        requires_grad (bool): Default: ``True``.
        device, dtype: those of the materialized parameter.

    Example::

        >>> p = torch.nn.UninitializedParameter()
        >>> p
        <UninitializedParameter>
        >>> p.materialize((2, 3))
        >>> type(p).__name__, p.shape
        ('Parameter', numtensor.Size([2, 3]))
    """

    cls_to_become = Parameter

    def __new__(cls, requires_grad: bool = True, device=None, dtype=None):
        from ..ops.creation import empty

        data = empty(0, device=device, dtype=dtype)
        p = cls._make(data._data, data.device, dtype=data.dtype)
        if requires_grad:
            Tensor.requires_grad_(p, True)
        return p

    def __deepcopy__(self, memo):
        if id(self) not in memo:
            memo[id(self)] = type(self)(self.requires_grad, self.device, self.dtype)
        return memo[id(self)]


class UninitializedBuffer(UninitializedTensorMixin, Tensor):
    r"""A buffer whose shape is not known yet (of the lazy normalisation modules): most
    operations on it raise until ``materialize(shape)`` gives it storage, and it then becomes
    a plain Tensor.

    Args:
        requires_grad (bool): Default: ``False``.
        device, dtype: those of the materialized buffer.

    Example::

        >>> b = torch.nn.UninitializedBuffer()
        >>> b.materialize((3,))
        >>> type(b).__name__, b.shape
        ('Tensor', numtensor.Size([3]))
    """

    cls_to_become = Tensor

    def __new__(cls, requires_grad: bool = False, device=None, dtype=None,
                persistent: bool = True):  # fmt: skip
        from ..ops.creation import empty

        data = empty(0, device=device, dtype=dtype)
        t = cls._make(data._data, data.device, dtype=data.dtype)
        if requires_grad:
            Tensor.requires_grad_(t, True)
        t.__dict__["_is_buffer"] = True
        t.__dict__["_buffer_persistent"] = persistent
        return t

    def __deepcopy__(self, memo):
        if id(self) not in memo:
            memo[id(self)] = type(self)(self.requires_grad, self.device, self.dtype)
        return memo[id(self)]


def is_lazy(param) -> bool:
    r"""Returns whether ``param`` is an uninitialized parameter or buffer (of a lazy module).

    Example::

        >>> torch.nn.parameter.is_lazy(torch.nn.UninitializedParameter())
        True
        >>> torch.nn.parameter.is_lazy(torch.nn.Parameter(torch.ones(1)))
        False
    """
    return isinstance(param, UninitializedTensorMixin)
