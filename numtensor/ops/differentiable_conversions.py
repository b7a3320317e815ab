"""Autograd for conversions and for in-place writes that are not pointwise ops.

Conversions: ``to``, the casts (``x.half()``, ``x.float()``, ... ``x.bool()``), ``type`` and
``type_as`` (``ToCopy``), ``clone`` and ``contiguous`` (``Clone``). In-place writes:
``copy_`` (``Copy``), ``fill_`` and ``zero_`` (``Fill``); and ``check_leaf_inplace``, the
leaf check of the random in-place fills.
"""

from __future__ import annotations

from .._dtype import (
    bfloat16,
    bool_,
    complex64,
    complex128,
    float16,
    float32,
    float64,
    int8,
    int16,
    int32,
    int64,
    uint8,
)
from .._memory_format import contiguous_format, preserve_format
from ..autograd.function import Function, _apply_inplace
from ..autograd.grad_mode import is_grad_enabled
from . import conversion, fill
from .differentiable import _needs_grad
from .registry import op


class ToCopy(Function):
    """A dtype/device conversion in the graph; the result is computed before recording."""

    node_name = "ToCopyBackward0"

    def forward(self, x, converted):
        self.in_dtype = x.dtype
        return converted

    def vjp(self, g):
        return g.to(self.in_dtype), None


@op("to", function=False)
def to(self, *args, **kwargs):
    r"""Returns ``x`` converted to another dtype and/or device.

    The forms are those of PyTorch: ``x.to(dtype)``, ``x.to(device, dtype=None)``,
    ``x.to(other)`` (``other``'s dtype and device), each with ``non_blocking=`` and
    ``copy=`` keywords. When nothing changes (and ``copy`` is False), ``x`` itself is
    returned. The conversion is differentiable (the gradient is converted back).

    ``memory_format=`` (default ``torch.preserve_format``: the copy keeps ``x``'s layout)
    asks for a layout, e.g. ``x.to(memory_format=torch.channels_last)``; as in PyTorch,
    ``x`` itself is returned when nothing else changes and its strides already follow that
    format.

    Example::

        >>> x = torch.tensor([1.5, -2.7])
        >>> x.to(torch.int64)
        tensor([ 1, -2])
        >>> x.to("cpu", torch.float64)
        tensor([ 1.5000, -2.7000], dtype=numtensor.float64)
        >>> x.to(torch.zeros(1, dtype=torch.int32))
        tensor([ 1, -2], dtype=numtensor.int32)
        >>> x.to("cuda")  # doctest: +SKIP
        tensor([ 1.5000, -2.7000], device='cuda:0')
        >>> torch.zeros(1, 2, 2, 3).to(memory_format=torch.channels_last).stride()
        (12, 1, 6, 2)
    """
    converted = conversion.to(self, *args, **kwargs)
    if converted is self or not _needs_grad(self):
        return converted
    return ToCopy.apply(self, converted)


class Clone(Function):
    node_name = "CloneBackward0"

    def forward(self, x, memory_format=None):
        if memory_format is _ROW_MAJOR:  # Tensor.contiguous(): a row-major copy
            return conversion.contiguous_copy(x)
        return conversion.clone(x, memory_format)

    def vjp(self, g):
        return g, None


_ROW_MAJOR = object()


@op("clone")
def clone(self, *, memory_format=preserve_format):
    r"""Returns a copy of ``input`` with its own storage (same shape, dtype and device).

    Differentiable: the gradient flows back to ``input``. ``x.clone()`` is the method form.

    Args:
        input (Tensor): the tensor to copy.

    Keyword args:
        memory_format (:class:`numtensor.memory_format`, optional): the layout of the copy.
            Default: ``torch.preserve_format`` (the strides of ``input`` when it is dense,
            else dense strides in its dimension order). ``torch.channels_last`` needs a
            4-D ``input``, ``torch.channels_last_3d`` a 5-D one.

    Example::

        >>> a = torch.tensor([1., 2.])
        >>> b = torch.clone(a)
        >>> b[0] = 5.
        >>> a, b
        (tensor([1., 2.]), tensor([5., 2.]))
        >>> torch.zeros(2, 3, 4, 5).clone(memory_format=torch.channels_last).stride()
        (60, 1, 15, 3)
    """
    if _needs_grad(self):
        return Clone.apply(self, memory_format)
    return conversion.clone(self, memory_format)


@op("contiguous", function=False)
def contiguous(self, *, memory_format=contiguous_format):
    r"""Returns ``x`` contiguous in memory in ``memory_format``: ``x`` itself if it already
    is, else a copy laid out so (differentiable).

    Keyword args:
        memory_format (:class:`numtensor.memory_format`): the layout. Default:
            ``torch.contiguous_format`` (row-major). ``torch.channels_last`` gives a 4-D
            tensor the strides of the ``(N, H, W, C)`` layout, ``torch.channels_last_3d`` a
            5-D one those of ``(N, D, H, W, C)``; ``torch.preserve_format`` is refused.

    Example::

        >>> t = torch.arange(6).reshape(2, 3).t()
        >>> t.is_contiguous(), t.contiguous().is_contiguous()
        (False, True)
        >>> x = torch.zeros(2, 3, 4, 5).contiguous(memory_format=torch.channels_last)
        >>> x.stride(), x.is_contiguous(memory_format=torch.channels_last)
        ((60, 1, 15, 3), True)
    """
    fmt = conversion.check_contiguous_format(memory_format)
    if self.is_contiguous(memory_format=fmt):
        return self
    if not _needs_grad(self):
        return conversion.contiguous(self, fmt)
    return Clone.apply(self, _ROW_MAJOR if fmt is contiguous_format else fmt)


_CAST_SHOWN = {  # how ``torch.tensor([1.5]).<name>()`` prints, for each cast's example
    "half": "tensor([1.5000], dtype=numtensor.float16)",
    "bfloat16": "tensor([1.5000], dtype=numtensor.bfloat16)",
    "cfloat": "tensor([1.5000+0.j])",
    "cdouble": "tensor([1.5000+0.j], dtype=numtensor.complex128)",
    "float": "tensor([1.5000])",
    "double": "tensor([1.5000], dtype=numtensor.float64)",
    "long": "tensor([1])",
    "int": "tensor([1], dtype=numtensor.int32)",
    "short": "tensor([1], dtype=numtensor.int16)",
    "char": "tensor([1], dtype=numtensor.int8)",
    "byte": "tensor([1], dtype=numtensor.uint8)",
    "bool": "tensor([True])",
}


def cast_method(dt, name: str):
    def method(self, *, memory_format=preserve_format):
        return to(self, dt, memory_format=memory_format)

    method.__name__ = dt._name
    method.__doc__ = f"""``x.{name}()`` is ``x.to(numtensor.{dt._name})``: ``x`` converted to
    {dt._name} (``x`` itself when it already has that dtype). Differentiable where the
    dtype is floating point.

    Keyword args:
        memory_format (:class:`numtensor.memory_format`, optional): the layout of a
            converted copy. Default: ``torch.preserve_format``.

    Example::

        >>> torch.tensor([1.5]).{name}()
        {_CAST_SHOWN[name]}
    """
    return method


# x.half(), x.float(), x.double(), x.long(), x.int(), x.short(), x.char(), x.byte(), x.bool()
for _name, _dt in (
    ("half", float16),
    ("bfloat16", bfloat16),
    ("cfloat", complex64),
    ("cdouble", complex128),
    ("float", float32),
    ("double", float64),
    ("long", int64),
    ("int", int32),
    ("short", int16),
    ("char", int8),
    ("byte", uint8),
    ("bool", bool_),
):
    op(_name, function=False)(cast_method(_dt, _name))


@op("type", function=False)
def type_(self, dtype=None, non_blocking=False):
    r"""Without ``dtype``: the legacy type name of ``x`` (``'numtensor.FloatTensor'``...).
    With a dtype or a type name: ``x`` converted to it (``x`` itself if unchanged).

    Example::

        >>> x = torch.tensor([1.5, -2.7])
        >>> x.type()
        'numtensor.FloatTensor'
        >>> x.type(torch.int32)
        tensor([ 1, -2], dtype=numtensor.int32)
        >>> x.type("torch.DoubleTensor")
        tensor([ 1.5000, -2.7000], dtype=numtensor.float64)
    """
    if dtype is None:
        return conversion.legacy_type_name(self)
    converted = conversion.type_(self.detach(), dtype)
    return to(self, converted.dtype)


@op("type_as", function=False)
def type_as(self, other):
    r"""Returns ``x`` converted to ``other``'s dtype and device: ``x.to(other)``.

    Example::

        >>> torch.tensor([1, 2]).type_as(torch.tensor([0.5]))
        tensor([1., 2.])
    """
    return to(self, other.device, other.dtype)


# ---- in-place writes that are not pointwise ops ------------------------------------------------


class Copy(Function):
    node_name = "CopyBackwards"

    def forward(self, x, src, *, out=None):
        self.src_shape = tuple(src.shape)
        self.src_dtype = src.dtype
        target = out if out is not None else conversion.clone(x)
        return conversion.copy_(target, src)

    def vjp(self, g):
        gs = g.to(self.src_dtype) if g.dtype is not self.src_dtype else g
        return g.new_zeros(g.shape), gs


class Fill(Function):
    node_name = "FillBackward0"

    def forward(self, x, value, *, out=None):
        target = out if out is not None else conversion.clone(x)
        return fill.fill_(target, value)

    def vjp(self, g):
        return g.new_zeros(g.shape), None


@op("copy_", function=False)
def copy_(self, src, non_blocking: bool = False):
    r"""Copies the elements of ``src`` into ``x`` in place and returns ``x``.

    ``src`` broadcasts to ``x``'s shape and may have another dtype or device (the values
    are converted). Differentiable with respect to ``src``.

    Example::

        >>> y = torch.zeros(2, 2)
        >>> y.copy_(torch.tensor([1, 2]))
        tensor([[1., 2.],
                [1., 2.]])
    """
    if is_grad_enabled() and (self._requires_grad or _needs_grad(src)):
        return _apply_inplace(Copy, Copy.__new__(Copy), (self, src), {})
    return conversion.copy_(self, src)


@op("fill_", function=False)
def fill_(self, value):
    r"""Fills ``x`` with the number ``value`` (or a 0-dim tensor's value) in place.

    Example::

        >>> torch.zeros(2, 2).fill_(7)
        tensor([[7., 7.],
                [7., 7.]])
    """
    if is_grad_enabled() and self._requires_grad:
        return _apply_inplace(Fill, Fill.__new__(Fill), (self, value), {})
    return fill.fill_(self, value)


@op("zero_", function=False)
def zero_(self):
    r"""Fills ``x`` with zeros in place and returns it.

    Example::

        >>> torch.ones(2, 2).zero_()
        tensor([[0., 0.],
                [0., 0.]])
    """
    if is_grad_enabled() and self._requires_grad:
        return fill_(self, 0)  # recorded (or refused on a leaf)
    return fill.zero_(self)


def check_leaf_inplace(self) -> None:
    """Random fills on a leaf that requires grad are refused outside no_grad, as in PyTorch."""
    if is_grad_enabled() and self._requires_grad and self.grad_fn is None:
        raise RuntimeError(
            "a leaf Variable that requires grad is being used in an in-place operation."
        )
