"""Strided views and scans composed of existing ops: as_strided, Tensor.unfold, sum_to_size,
fill_diagonal_, the bit shifts, ldexp, logcumsumexp, cummax and cummin; plus the small
Tensor attributes PyTorch code reads (get_device, is_inference, retains_grad, new)."""

from __future__ import annotations

from .. import _dtype, backend, return_types
from .._tensor_base import Tensor, wrap_dim
from ..autograd.function import name_node
from .conversion import to_out
from .out_variants import Out
from .registry import method, op

cummax_type = return_types._make("cummax", "values", "indices")
cummin_type = return_types._make("cummin", "values", "indices")


@op("as_strided")
def as_strided(input, size, stride, storage_offset=None):
    r"""Creates a view of an existing tensor's storage with the given ``size``, ``stride`` and
    ``storage_offset``.

    Strides and offset are in elements. Several elements of the result may share one
    memory location; prefer :meth:`Tensor.view`, :meth:`Tensor.expand` and slicing where
    they do the job. ``x.as_strided(...)`` is the same.

    Args:
        input (Tensor): the input tensor.
        size (tuple of ints): the shape of the output tensor.
        stride (tuple of ints): the stride of the output tensor.
        storage_offset (int, optional): the offset in the underlying storage. Default:
            ``input``'s own.

    Example::

        >>> x = torch.arange(6.)
        >>> torch.as_strided(x, (2, 2), (1, 2))
        tensor([[0., 2.],
                [1., 3.]])
        >>> torch.as_strided(x, (2,), (2,), 1)
        tensor([1., 3.])
    """
    from .differentiable import view_op

    offset = input.storage_offset() if storage_offset is None else storage_offset
    _check_in_storage(input, size, stride, offset)
    view = view_op(_storage_view, "AsStridedBackward0", "strided")
    return view(input, tuple(size), tuple(stride), offset)


def _storage_view(t: Tensor, size, stride, offset: int) -> Tensor:
    """The view of ``t``'s whole storage (which may start before ``t``) at ``offset``."""
    base = t._base if t._base is not None else t
    return t._view(backend.of(t.device).view(base._data, size, stride, offset))


def _storage_elements(t: Tensor) -> int:
    """How many elements the allocation under ``t`` holds (its base's extent)."""
    base = t._base if t._base is not None else t
    if base.numel() == 0:
        return 0
    return base.storage_offset() + 1 + sum((n - 1) * s for n, s in zip(base.shape, base.stride()))


def _check_in_storage(t: Tensor, size, stride, offset: int) -> None:
    """PyTorch's errors for a strided view that does not fit in ``t``'s storage."""
    size, stride = [int(n) for n in size], [int(s) for s in stride]
    if len(size) != len(stride):
        raise RuntimeError("mismatch in length of strides and shape")
    if any(s < 0 for s in stride):
        raise RuntimeError(
            f"as_strided: Negative strides are not supported at the moment, got strides: {stride}"
        )
    if offset < 0:
        raise RuntimeError(f"Tensor: invalid storage offset {offset}")
    if any(n < 0 for n in size):
        raise RuntimeError(f"Trying to create tensor with negative dimension {min(size)}: {size}")
    item = t.element_size()
    needed = (
        0 if 0 in size else item * (offset + 1 + sum((n - 1) * s for n, s in zip(size, stride)))
    )
    available = item * _storage_elements(t)
    if needed > available:
        raise RuntimeError(
            f"setStorage: sizes {size}, strides {stride}, storage offset {offset}, and itemsize "
            f"{item} requiring a storage size of {needed} are out of bounds for storage of size "
            f"{available}"
        )


def _unfold(self, dimension: int, size: int, step: int):
    r"""Returns a view of all slices of size ``size`` from this tensor along ``dimension``.

    The slices start ``step`` apart; they make a new last dimension of size ``size``, and
    ``dimension`` gets the number of slices, ``(n - size) // step + 1``.

    The result shares this tensor's memory (slices overlap when ``step < size``); its
    gradient adds up over the overlaps.

    Args:
        dimension (int): the dimension in which unfolding happens.
        size (int): the size of each slice.
        step (int): the step between slices.

    Example::

        >>> torch.arange(1., 8).unfold(0, 2, 2)
        tensor([[1., 2.],
                [3., 4.],
                [5., 6.]])
    """
    d = dimension % max(self.ndim, 1)
    n = self.shape[d] if self.ndim else 1
    if size > n:
        raise RuntimeError(f"maximum size for tensor at dimension {d} is {n} but size is {size}")
    if step <= 0:
        raise RuntimeError(f"step is {step} but must be > 0")
    if not self.ndim:
        return self.reshape(1)
    from . import shape
    from .differentiable import view_op

    count = (n - size) // step + 1
    sizes, strides = list(self.shape), list(self.stride())
    sizes[d], strides[d] = count, strides[d] * step
    view = view_op(shape._strided, "UnfoldBackward0", "strided")
    return view(self, (*sizes, size), (*strides, self.stride(d)), 0)


method("unfold", _unfold)


def _sum_to_size(self, *size):
    r"""Sums this tensor to ``size``, which must be broadcastable to this tensor's size.

    Dimensions where ``size`` has 1 (or that ``size`` lacks, leading) are summed away, the
    reverse of broadcasting.

    Args:
        *size (int... or torch.Size): the target size.

    Example::

        >>> torch.ones(2, 3).sum_to_size(1, 3)
        tensor([[2., 2., 2.]])
        >>> torch.ones(2, 3).sum_to_size(2, 1)
        tensor([[3.],
                [3.]])
    """
    size = tuple(size[0]) if len(size) == 1 and isinstance(size[0], (tuple, list)) else size
    from ..autograd.engine import sum_to_shape

    return sum_to_shape(self, size)


method("sum_to_size", _sum_to_size)


def _fill_diagonal_(self, fill_value, wrap: bool = False):
    r"""Fills the main diagonal of a tensor that has at least 2 dimensions, in place.

    When more than 2-D, all dimensions must be of equal length. For a tall matrix with
    ``wrap=True`` the diagonal starts again after ``cols + 1`` rows (one row skipped), as in
    NumPy.

    Args:
        fill_value (Scalar): the fill value.
        wrap (bool): continue the diagonal after ``N`` columns in tall matrices.
            Default: ``False``.

    Returns:
        Tensor: this tensor.

    Example::

        >>> a = torch.zeros(3, 3)
        >>> a.fill_diagonal_(5.)
        tensor([[5., 0., 0.],
                [0., 5., 0.],
                [0., 0., 5.]])
        >>> torch.zeros(5, 2).fill_diagonal_(1., wrap=True)
        tensor([[1., 0.],
                [0., 1.],
                [0., 0.],
                [1., 0.],
                [0., 1.]])
    """
    if self.ndim < 2:
        raise RuntimeError("dimensions must larger than 1")
    if self.ndim > 2 and len(set(self.shape)) != 1:
        raise RuntimeError("all dimensions of input must be of equal length")
    from .creation import tensor

    rows, cols = self.shape[0], self.shape[1]
    if self.ndim == 2 and wrap and rows > cols:
        where = [(r, r % (cols + 1)) for r in range(rows) if r % (cols + 1) < cols]
    else:
        where = [(i,) * self.ndim for i in range(min(self.shape))]
    if where:
        index = tensor(where, device=self.device).t()
        self[tuple(index)] = fill_value
    return self


method("fill_diagonal_", _fill_diagonal_)


def _get_device(self) -> int:
    r"""For CUDA tensors, returns the index of the GPU the tensor is on; for CPU tensors, -1.
    ``torch.get_device(x)`` is the same.

    Example::

        >>> torch.zeros(2).get_device()
        -1
        >>> torch.zeros(2, device="cuda:0").get_device()  # doctest: +SKIP
        0
    """
    return self.device.index if self.device.type == "cuda" else -1


def _is_inference(self) -> bool:
    r"""Returns ``True`` if this tensor was made in :class:`inference_mode` (an inference tensor).
    ``torch.is_inference(x)`` is the same.

    Example::

        >>> torch.zeros(2).is_inference()
        False
        >>> with torch.inference_mode():
        ...     t = torch.zeros(2)
        >>> t.is_inference()
        True
    """
    return self._inference


def _retains_grad(self) -> bool:
    r"""``True`` if this tensor is a non-leaf whose ``.grad`` will be kept by :meth:`backward`
    (see :meth:`retain_grad`), ``False`` otherwise.

    Example::

        >>> y = torch.tensor([1.], requires_grad=True)
        >>> z = y * 2
        >>> z.retains_grad
        False
        >>> z.retain_grad()
        >>> z.retains_grad
        True
    """
    return bool(self._retains_grad)


method("get_device", _get_device)
method("is_inference", _is_inference)
method("retains_grad", property(_retains_grad))


def _new(self, *args, **kwargs):
    r"""The legacy constructor: a tensor of this tensor's dtype and device.

    ``x.new(data)`` copies ``data`` (as :meth:`new_tensor`); ``x.new(2, 3)`` makes an
    uninitialised tensor of that size (as :meth:`new_empty`). Prefer those two.

    Example::

        >>> x = torch.tensor([1., 2.])
        >>> x.new([3, 4])
        tensor([3., 4.])
        >>> x.new(2, 3).shape
        numtensor.Size([2, 3])
    """
    from .creation import empty, tensor

    if len(args) == 1 and not isinstance(args[0], int):
        return tensor(args[0], dtype=self.dtype, device=self.device)
    return empty(*args, dtype=self.dtype, device=self.device)


method("new", _new)


# ---- shifts -------------------------------------------------------------------------------


def _shift(input, other, left: bool):
    """``input << other`` (times 2**other) or ``>>`` (floor division by it) in the promoted
    integer dtype; shifting by the width or more gives 0 (or -1 for a negative ``>>``)."""
    from .creation import full
    from .pointwise import where

    if any(isinstance(x, Tensor) and x.dtype.is_floating_point for x in (input, other)):
        raise NotImplementedError(
            f"\"{'lshift' if left else 'rshift'}_cpu\" not implemented for 'Float'"
        )
    ref = input if isinstance(input, Tensor) else other
    d = _dtype.result_type(input, other)
    if d is _dtype.bool_:
        raise NotImplementedError(
            f"\"{'lshift' if left else 'rshift'}_cpu\" not implemented for 'Bool'"
        )
    a, amount = ((x if isinstance(x, Tensor) else full((), x, dtype=d, device=ref.device))
                 for x in (input, other))  # fmt: skip
    a, amount = a.to(d), amount.to(_dtype.int64)
    bits = 8 * a.element_size()
    power = (2 ** amount.clamp(0, bits - 1)).to(d)
    out = a * power if left else a.div(power, rounding_mode="floor")
    beyond = (amount >= bits) | (amount < 0)
    past = (a < 0).to(d) * -1 if not left else out * 0
    return where(beyond, past, out)


def _shift_(self, other, left: bool):
    """The in-place shift: the promoted dtype must cast to ``self``'s (checked first)."""
    d = _dtype.result_type(self, other)
    if not _dtype.can_cast(d, self.dtype):
        raise RuntimeError(
            f"result type {_dtype.type_name(d)} can't be cast to the desired output type "
            f"{_dtype.type_name(self.dtype)}"
        )
    return self.copy_(_shift(self, other, left))


@op("bitwise_left_shift", inplace=lambda self, other: _shift_(self, other, True))
def bitwise_left_shift(input, other, *, out=None):
    r"""Computes the left arithmetic shift of ``input`` by ``other`` bits.

    Both must be of integer types; the result has the promoted dtype, and is
    :math:`\text{input} \times 2^{\text{other}}` wrapped to that type. ``input << other``
    and ``x.bitwise_left_shift(other)`` are the same; ``x.bitwise_left_shift_(other)`` is
    the in-place form.

    Args:
        input (Tensor or Scalar): the first input.
        other (Tensor or Scalar): the number of bits to shift by.

    Keyword args:
        out (Tensor, optional): the output tensor.

    Example::

        >>> torch.bitwise_left_shift(torch.tensor([1, 2, -3]), 2)
        tensor([  4,   8, -12])
        >>> torch.tensor([1, 2]) << 1
        tensor([2, 4])
    """
    result = _shift(input, other, True)
    return to_out(result, out)


@op("bitwise_right_shift", inplace=lambda self, other: _shift_(self, other, False))
def bitwise_right_shift(input, other, *, out=None):
    r"""Computes the right arithmetic shift of ``input`` by ``other`` bits.

    Both must be of integer types; the result has the promoted dtype, and is
    :math:`\lfloor \text{input} / 2^{\text{other}} \rfloor` (the sign is kept).
    ``input >> other`` and ``x.bitwise_right_shift(other)`` are the same;
    ``x.bitwise_right_shift_(other)`` is the in-place form.

    Args:
        input (Tensor or Scalar): the first input.
        other (Tensor or Scalar): the number of bits to shift by.

    Keyword args:
        out (Tensor, optional): the output tensor.

    Example::

        >>> torch.bitwise_right_shift(torch.tensor([8, -8]), torch.tensor([1, 2]))
        tensor([ 4, -2])
    """
    result = _shift(input, other, False)
    return to_out(result, out)


method("__lshift__", lambda self, other: _shift(self, other, True))
method("__rshift__", lambda self, other: _shift(self, other, False))
method("__rlshift__", lambda self, other: _shift(other, self, True))
method("__rrshift__", lambda self, other: _shift(other, self, False))
method("__ilshift__", lambda self, other: _shift_(self, other, True))
method("__irshift__", lambda self, other: _shift_(self, other, False))


@op(
    "ldexp",
    inplace=lambda self, other: self.mul_(
        2.0**other if not isinstance(other, Tensor) else other.double().exp2()
    ),
)
def ldexp(input, other, *, out=None):
    r"""Multiplies ``input`` by 2 ** ``other``.

    :math:`\text{out}_i = \text{input}_i \cdot 2^{\text{other}_i}`. Integer inputs give
    the default float dtype. ``x.ldexp(other)`` is the same; ``x.ldexp_(other)`` the
    in-place form.

    Args:
        input (Tensor): the input tensor.
        other (Tensor): a tensor of exponents, typically integers.

    Keyword args:
        out (Tensor, optional): the output tensor.

    Example::

        >>> torch.ldexp(torch.tensor([1.]), torch.tensor([1, 2, 3]))
        tensor([2., 4., 8.])
    """
    x = input if input.dtype.is_floating_point else input.to(_dtype.get_default_dtype())
    result = x * other.to(x.dtype).exp2() if isinstance(other, Tensor) else x * (2.0**other)
    return to_out(result, out)


# ---- scans --------------------------------------------------------------------------------


@op("logcumsumexp")
def logcumsumexp(input, dim: int, *, out=None):
    r"""Returns the logarithm of the cumulative summation of the exponentiation of elements of
    ``input`` in the dimension ``dim``.

    :math:`\text{out}_{i} = \log \sum_{j=0}^{i} \exp(\text{input}_{j})`, computed
    without overflow or underflow. ``x.logcumsumexp(dim)`` is the same.

    Args:
        input (Tensor): the input tensor.
        dim (int): the dimension to do the operation over.

    Keyword args:
        out (Tensor, optional): the output tensor.

    Example::

        >>> torch.logcumsumexp(torch.tensor([0., 0., 0.]), dim=0)
        tensor([0.0000, 0.6931, 1.0986])
    """
    from .joining import stack
    from .special_binary import Logaddexp

    d = wrap_dim(dim, input.ndim)  # (the dim is checked before the dtype, as in PyTorch)
    if not (input.dtype.is_floating_point or input.dtype.is_complex):
        raise NotImplementedError(
            f"\"logcumsumexp_out_cpu\" not implemented for '{_dtype.type_name(input.dtype)}'"
        )
    if input.ndim == 0 or input.numel() == 0:
        return to_out(input.clone(), out)
    # (the running value is kept in PyTorch's CPU accumulation type and each output rounded
    # from it: float64 for float32, float32 for float16/bfloat16)
    acc = {_dtype.float32: _dtype.float64, _dtype.float16: _dtype.float32}
    acc[_dtype.bfloat16] = _dtype.float32
    x = input.to(acc[input.dtype]) if input.dtype in acc else input
    steps = x.unbind(d)
    running, outs = steps[0], [steps[0]]
    for s in steps[1:]:
        running = Logaddexp.apply(running, s)
        outs.append(running)
    result = name_node(stack(outs, d).to(input.dtype), "LogcumsumexpBackward0")
    return to_out(result, out)


def _cumulative_extreme(input, dim: int, kind: str):
    from .creation import full
    from .joining import stack
    from .pointwise import where

    if input.ndim == 0:
        if dim not in (0, -1):
            raise IndexError(
                f"cum{kind}(): Expected reduction dim -1 or 0 for scalar but got {dim}"
            )
        return input.clone(), input.new_zeros((), dtype=_dtype.int64)
    d = wrap_dim(dim, input.ndim)
    steps = input.unbind(d)
    if not steps:
        return input.clone(), input.new_zeros(input.shape, dtype=_dtype.int64)
    best = steps[0]
    where_at = full(best.shape, 0, dtype=_dtype.int64, device=input.device)
    values, indices = [best], [where_at]
    for i, s in enumerate(steps[1:], 1):
        better = (s >= best) if kind == "max" else (s <= best)
        if s.dtype.is_floating_point:  # (a NaN wins, and only a NaN follows it)
            better = s.isnan() | (better & ~best.isnan())
        best = where(better, s, best)
        where_at = where(better, full((), i, dtype=_dtype.int64, device=input.device), where_at)
        values.append(best)
        indices.append(where_at)
    return stack(values, d), stack(indices, d)


@op("cummax", out=Out(cummax_type))
def cummax(input, dim: int):
    r"""Returns a namedtuple ``(values, indices)`` where ``values`` is the cumulative maximum of
    elements of ``input`` in the dimension ``dim``, and ``indices`` is the index location of
    each maximum value found.

    On ties the later index wins; a NaN is the maximum from where it appears.
    ``x.cummax(dim)`` is the same.

    Args:
        input (Tensor): the input tensor.
        dim (int): the dimension to do the operation over.

    Keyword args:
        out (tuple of Tensors, optional): the output tensors ``(values, indices)``.

    Example::

        >>> torch.cummax(torch.tensor([1., 3., 2., 5., 4.]), dim=0)
        numtensor.return_types.cummax(
        values=tensor([1., 3., 3., 5., 5.]),
        indices=tensor([0, 1, 1, 3, 3]))
    """
    values, indices = _cumulative_extreme(input, dim, "max")
    return cummax_type(name_node(values, "CummaxBackward0"), indices)


@op("cummin", out=Out(cummin_type))
def cummin(input, dim: int):
    r"""Returns a namedtuple ``(values, indices)`` where ``values`` is the cumulative minimum of
    elements of ``input`` in the dimension ``dim``, and ``indices`` is the index location of
    each minimum value found.

    On ties the later index wins; a NaN is the minimum from where it appears.
    ``x.cummin(dim)`` is the same.

    Args:
        input (Tensor): the input tensor.
        dim (int): the dimension to do the operation over.

    Keyword args:
        out (tuple of Tensors, optional): the output tensors ``(values, indices)``.

    Example::

        >>> torch.cummin(torch.tensor([3., 1., 2., 0.]), dim=0)
        numtensor.return_types.cummin(
        values=tensor([3., 1., 1., 0.]),
        indices=tensor([0, 1, 1, 3]))
    """
    values, indices = _cumulative_extreme(input, dim, "min")
    return cummin_type(name_node(values, "CumminBackward0"), indices)
