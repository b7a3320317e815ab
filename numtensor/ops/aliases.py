"""Names PyTorch also accepts for ops numtensor has, and the questions a real tensor answers
trivially (``is_conj``, ``is_signed``): one line each, over the ops they name.

In-place view ops (``t_``, ``squeeze_``, ``unsqueeze_``, ``transpose_``) make the tensor the
view they compute: its storage stays, its shape and strides change, and in the graph it
becomes the view's node (as the other in-place ops do).
"""

from __future__ import annotations

from .. import _dtype
from .._tensor_base import Tensor
from ..autograd.function import moved
from .registry import method, op


@op("positive")
def positive(input):
    r"""Returns ``input`` itself (``+input``).

    Raises ``RuntimeError`` for a bool tensor, as PyTorch does (use ``~`` or
    :func:`logical_not` to invert a mask). ``x.positive()`` is the same.

    Args:
        input (Tensor): the input tensor.

    Example::

        >>> x = torch.tensor([-1., 2.])
        >>> torch.positive(x)
        tensor([-1.,  2.])
    """
    if input.dtype is _dtype.bool_:
        raise RuntimeError(
            "The `+` operator, on a bool tensor is not supported. If you are trying to "
            "invert a mask, use the `~` or `logical_not()` operator instead."
        )
    return input


@op("ravel")
def ravel(input):
    r"""Returns a contiguous flattened tensor (1-D) of ``input``'s elements in row-major order.

    A view is returned when possible, else a copy, as :func:`reshape` does.
    ``x.ravel()`` is the same.

    Args:
        input (Tensor): the input tensor.

    Example::

        >>> torch.ravel(torch.tensor([[1, 2], [3, 4]]))
        tensor([1, 2, 3, 4])
    """
    return input.reshape(-1)


@op("resolve_neg")
def resolve_neg(input):
    r"""Returns a tensor with the negation bit materialised (resolved).

    numtensor has no lazy negation bit (see :func:`is_neg`): every tensor is already
    resolved, so ``input`` itself is returned. ``x.resolve_neg()`` is the same.

    Args:
        input (Tensor): the input tensor.

    Example::

        >>> x = torch.tensor([-1., 2.])
        >>> torch.resolve_neg(x) is x
        True
    """
    return input


@op("is_conj")
def is_conj(input) -> bool:
    r"""Returns ``True`` if ``input`` is a conjugated view (its conjugate bit is set).

    numtensor has no lazy conjugation: :func:`conj` of a complex tensor computes the values,
    so this is always ``False``. ``x.is_conj()`` is the same.

    Args:
        input (Tensor): the input tensor.

    Example::

        >>> torch.is_conj(torch.tensor([1 + 2j]).conj())
        False
    """
    return False


@op("is_neg")
def is_neg(input) -> bool:
    r"""Returns ``True`` if ``input`` has its negation bit set (a lazily negated view).

    numtensor has no lazy negation, so this is always ``False``. ``x.is_neg()`` is the same.

    Args:
        input (Tensor): the input tensor.

    Example::

        >>> torch.is_neg(torch.tensor([-1., 2.]))
        False
    """
    return False


@op("is_signed")
def is_signed(input) -> bool:
    r"""Returns ``True`` if ``input``'s dtype is a signed type (every dtype but ``uint8`` and
    ``bool``). ``x.is_signed()`` is the same.

    Args:
        input (Tensor): the input tensor.

    Example::

        >>> torch.is_signed(torch.tensor([-1., 2.]))
        True
        >>> torch.tensor([1], dtype=torch.uint8).is_signed()
        False
    """
    return input.dtype not in (_dtype.uint8, _dtype.bool_)


@op("is_nonzero")
def is_nonzero(input) -> bool:
    r"""Returns ``True`` if the one-element tensor ``input`` is not zero after type conversions.

    Same as ``bool(input)``: ``tensor([0])``, ``tensor([0.])`` and ``tensor([False])`` give
    ``False``. A tensor with no values or more than one raises ``RuntimeError``.
    ``x.is_nonzero()`` is the same.

    Args:
        input (Tensor): a one-element tensor.

    Example::

        >>> torch.is_nonzero(torch.tensor([0.]))
        False
        >>> torch.is_nonzero(torch.tensor([1.5]))
        True
    """
    if input.numel() != 1:
        which = "no values" if input.numel() == 0 else "more than one value"
        raise RuntimeError(f"Boolean value of Tensor with {which} is ambiguous")
    return bool(input.item())


# ---- in-place view ops ---------------------------------------------------------------------


def _become(self: Tensor, view: Tensor) -> Tensor:
    """``self`` takes ``view``'s shape and strides (same storage) and its place in the graph."""
    if self._requires_grad and self.grad_fn is None:
        raise RuntimeError(
            "a leaf Variable that requires grad is being used in an in-place operation."
        )
    before = (self.grad_fn, self._output_nr, self._requires_grad)
    self._data = view._data
    if view.grad_fn is not None:
        self.grad_fn, self._output_nr = view.grad_fn, view._output_nr
        moved(self, before, view.grad_fn)
    self._version_counter.value += 1
    return self


def _in_place_view(name: str):
    def inplace(self, *args):
        return _become(self, getattr(Tensor, name)(self, *args))

    inplace.__name__ = name + "_"
    inplace.__doc__ = (
        f"In-place version of :meth:`Tensor.{name}`: the tensor itself becomes the view "
        f"(same storage, new shape and strides), e.g. ``x.{name}_(...)``."
    )
    return inplace


for _name in ("t", "squeeze", "unsqueeze", "transpose", "swapaxes", "swapdims"):
    method(_name + "_", _in_place_view(_name))


def _cumulative_(name: str):
    def inplace(self, dim, *, dtype=None):
        if dtype is not None and _dtype.check_dtype(dtype) is not self.dtype:
            names = _dtype.CPP_TYPE_NAMES
            raise RuntimeError(
                f"Bad in-place call: input tensor dtype {names[self.dtype._name]} and output "
                f"tensor dtype {names[_dtype.check_dtype(dtype)._name]} should match"
            )
        if self.dtype is _dtype.bool_:  # (the result would be int64: PyTorch has no bool kernel)
            raise NotImplementedError(f"\"{name}_out_cpu\" not implemented for 'Bool'")
        return self.copy_(getattr(Tensor, name)(self, dim, dtype=dtype))

    inplace.__name__ = name + "_"
    inplace.__doc__ = f"In-place version of :meth:`Tensor.{name}` (``x.{name}_(dim)``)."
    return inplace


method("cumsum_", _cumulative_("cumsum"))
method("cumprod_", _cumulative_("cumprod"))


# ---- dtypes ------------------------------------------------------------------------------


@op("result_type", method=False)
def result_type(tensor1, tensor2):
    r"""Returns the :class:`numtensor.dtype` that an arithmetic operation on the provided
    operands would produce, by PyTorch's type promotion rules.

    Tensors with dimensions outrank 0-dim tensors, which outrank Python numbers, within the
    same category (bool < integer < floating < complex).

    Args:
        tensor1 (Tensor or Number): an input tensor or number.
        tensor2 (Tensor or Number): an input tensor or number.

    Example::

        >>> torch.result_type(torch.tensor([1, 2]), 1.0)
        numtensor.float32
        >>> torch.result_type(torch.tensor([1, 2], dtype=torch.uint8), torch.tensor(1))
        numtensor.uint8
    """
    return _dtype.result_type(tensor1, tensor2)


@op("can_cast", method=False)
def can_cast(from_, to):
    r"""Determines if a type conversion is allowed under PyTorch's casting rules (those of
    in-place and ``out=`` results).

    A cast may not lower the category: floating to integer, complex to real, or anything
    but bool to bool is refused.

    Args:
        from_ (:class:`numtensor.dtype`): the original dtype.
        to (:class:`numtensor.dtype`): the target dtype.

    Example::

        >>> torch.can_cast(torch.float64, torch.float32)
        True
        >>> torch.can_cast(torch.float32, torch.int32)
        False
    """
    return _dtype.can_cast(_dtype.check_dtype(from_), _dtype.check_dtype(to))


@op("typename", method=False)
def typename(obj) -> str:
    r"""Returns a string naming the type of ``obj``.

    For a tensor it is the legacy type name (``x.type()``, e.g.
    ``'numtensor.FloatTensor'``); for anything else the class name.

    Differs from PyTorch: tensor type names start with ``numtensor.``, not ``torch.``.

    Args:
        obj: any object.

    Example::

        >>> torch.typename(torch.tensor([1.]))
        'numtensor.FloatTensor'
        >>> torch.typename(3)
        'int'
    """
    if isinstance(obj, Tensor):
        return obj.type()
    return type(obj).__name__


# ---- device questions and layout names -------------------------------------------------------

for _kind in ("meta", "mps", "xla", "xpu", "ipu", "maia", "mtia"):
    # devices numtensor has no backend for: no tensor lives there
    method(
        f"is_{_kind}",
        property(
            lambda self: False,
            doc=f"Whether the tensor is on a ``{_kind}`` device: always ``False``, as "
            f"numtensor has CPU and CUDA backends only.\n\nExample::\n\n"
            f"    >>> torch.zeros(2).is_{_kind}\n    False\n",
        ),
    )


def const_data_ptr(self) -> int:
    r"""Returns the address of the tensor's first element, as :meth:`data_ptr` does.

    numtensor has no read-only views, so this is the same address.

    Example::

        >>> x = torch.zeros(3)
        >>> x.const_data_ptr() == x.data_ptr()
        True
    """
    return self.data_ptr()


def dim_order(self, *, ambiguity_check=False) -> tuple:
    r"""Returns the dimensions in the order they are laid out in memory, outermost first.

    Dimensions are sorted by decreasing stride; ties keep their logical order, as in
    PyTorch.

    Keyword args:
        ambiguity_check (bool): accepted for compatibility.

    Returns:
        tuple of ints.

    Example::

        >>> x = torch.zeros(2, 3)
        >>> x.dim_order()
        (0, 1)
        >>> x.t().dim_order()
        (1, 0)
    """
    strides = self.stride()
    return tuple(sorted(range(self.ndim), key=lambda d: -strides[d]))


def apply_(self, callable) -> Tensor:
    r"""Applies the Python function ``callable`` to each element of the tensor, replacing the
    element with the value it returns (in place).

    Only for CPU tensors; slow, as it calls Python for every element, so use it only in
    tests and small scripts.

    Args:
        callable (Callable): takes a number and returns one.

    Returns:
        Tensor: this tensor.

    Example::

        >>> y = torch.tensor([1, 2, 3])
        >>> y.apply_(lambda v: v * 10)
        tensor([10, 20, 30])
    """
    return _elementwise_python(self, callable, None, "apply_")


def map_(self, tensor, callable) -> Tensor:
    r"""Applies ``callable`` to each element of this tensor and the matching element of
    ``tensor``, storing the results in this tensor (in place).

    ``tensor`` is broadcast to this tensor's shape. Only for CPU tensors; slow, as it calls
    Python for every element.

    Args:
        tensor (Tensor): the second argument's values.
        callable (Callable): takes two numbers and returns one.

    Returns:
        Tensor: this tensor.

    Example::

        >>> y = torch.tensor([1, 2, 3])
        >>> y.map_(torch.tensor([10, 20, 30]), lambda a, b: a + b)
        tensor([11, 22, 33])
    """
    return _elementwise_python(self, callable, tensor.expand(self.shape), "map_")


def _elementwise_python(self, callable, other, name: str) -> Tensor:
    if self.device.type != "cpu" or (other is not None and other.device.type != "cpu"):
        raise TypeError(f"{name} is only implemented on CPU tensors")
    if self._requires_grad:
        raise RuntimeError(
            "a leaf Variable that requires grad is being used in an in-place operation."
        )
    flat = self.reshape(-1).tolist()
    if other is None:
        values = [callable(v) for v in flat]
    else:
        values = [callable(v, w) for v, w in zip(flat, other.reshape(-1).tolist())]
    from .creation import tensor

    return self.copy_(tensor(values, dtype=self.dtype).reshape(self.shape))


for _function in (const_data_ptr, dim_order, apply_, map_):
    method(_function.__name__, _function)
