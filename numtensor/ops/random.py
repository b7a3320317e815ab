"""Random tensors: rand, randn, randint, randperm and the ``*_like`` forms (normal and
bernoulli, sampled from tensors of parameters, are in ``random_distributions.py``; the
in-place fills uniform_, normal_, bernoulli_, random_, exponential_ in ``random_fills.py``).

Every draw runs on the tensor's device (``backend.random_``: Philox4x32-10 kernels) from
that device's generator (``numtensor/_generator.py``); one draw is one contiguous block of
values in float32 (float16 results are rounded from it), float64 or int64, then cast.
"""

from __future__ import annotations

import math
import warnings

from .. import backend
from .._device import as_device
from .._dtype import (
    HALVES,
    bfloat16,
    bool_,
    check_dtype,
    float16,
    float32,
    float64,
    get_default_dtype,
    int64,
    type_name,
)
from .._generator import Generator, generator_for
from .._memory_format import check_memory_format, contiguous_format, strides_for, target_strides
from .._tensor_base import Tensor
from .._typing import DeviceLike, DTypeLike, SizeLike
from ._common import check_device, ops_of, parse_size, size_args, wrap
from .conversion import bump_version
from .creation import with_out
from .memory_formats import copy_strided
from .registry import op

# significant bits of each float dtype (float16 uniforms are drawn with 11 bits, so that
# rounding them to float16 is exact and never gives 1.0)
_UNIFORM_BITS = {float16: 11, bfloat16: 8, float32: 24, float64: 53}

# C type names in PyTorch's range errors
_C_TYPES = {
    "uint8": "unsigned char",
    "int8": "signed char",
    "int16": "short",
    "int32": "int",
    "int64": "long",
    "bool": "bool",
}


def _work_dtype(kind: str, d):
    """The dtype a draw of ``kind`` is made in for a result of dtype ``d``."""
    return int64 if kind == "integers" else (float64 if d is float64 else float32)


def _draw_into(data, dev, kind: str, a, b, generator, bits: int = 24) -> None:
    """One draw of ``generator`` (or ``dev``'s default) into the contiguous storage ``data``."""
    seed, offset = generator_for(dev, generator).next_draw()
    backend.of(dev).random_(data, kind, seed, offset, a, b, bits)


def _draw(shape, d, dev, kind: str, a, b, generator) -> Tensor:
    """A new tensor of dtype ``d`` on ``dev`` of one draw (see ``backend.random_``). Complex
    dtypes draw their real and imaginary parts alike (a normal's spread split between them,
    std / sqrt(2) each, as PyTorch does)."""
    if d.is_complex:
        from .complex import view_as_complex

        b = b / math.sqrt(2) if kind == "normal" else b
        return view_as_complex(_draw((*shape, 2), d.to_real(), dev, kind, a, b, generator))
    check_device(dev)
    ops = backend.of(dev)
    work = _work_dtype(kind, d)
    data = ops.empty(tuple(shape), work.np)
    _draw_into(data, dev, kind, a, b, generator, _UNIFORM_BITS[d] if d in HALVES else 24)
    if d is not work:
        data = ops.astype(data, d.np)
    return Tensor._make(data, dev)


def _overwrite(self: Tensor, values: Tensor) -> Tensor:
    """Write ``values`` (broadcast, cast) into ``self`` in place."""
    ops_of(self).copy_(self._data, values._data)
    bump_version(self)
    return self


def _fill(self: Tensor, kind: str, a, b, generator) -> Tensor:
    """Overwrite ``self`` with one draw of its shape (in place, on its device): straight into
    its storage when that is contiguous and of the draw's dtype."""
    if self.dtype is _work_dtype(kind, self.dtype) and ops_of(self).is_contiguous(self._data):
        if self._data.size:
            _draw_into(self._data, self.device, kind, a, b, generator)
        bump_version(self)
        return self
    return _overwrite(self, _draw(self.shape, self.dtype, self.device, kind, a, b, generator))


def _float_dtype(dtype, name: str):
    d = check_dtype(get_default_dtype() if dtype is None else dtype)
    if not (d.is_floating_point or d.is_complex):
        raise NotImplementedError(f"\"{name}\" not implemented for '{type_name(d)}'")
    return d


def _made(t: Tensor, requires_grad: bool) -> Tensor:
    if requires_grad:
        t.requires_grad_(True)
    return t


# ---- factories -----------------------------------------------------------------------------


@op("rand", method=False)
def rand(
    *size: SizeLike,
    generator: Generator | None = None,
    dtype: DTypeLike = None,
    device: DeviceLike = None,
    requires_grad: bool = False,
    **kwargs,
) -> Tensor:
    r"""Returns a tensor filled with random numbers from a uniform distribution on the interval
    :math:`[0, 1)`.

    Args:
        *size (int...): the shape, as several ints or one list, tuple or
            :class:`numtensor.Size`.

    Keyword args:
        generator (:class:`numtensor.Generator`, optional): the generator to draw from.
            Default: the device's default generator.
        dtype (:class:`numtensor.dtype`, optional): a floating or complex dtype. Default: the
            default dtype.
        device (:class:`numtensor.device`, optional): the desired device.
        requires_grad (bool): whether autograd records operations on the result.
        out (Tensor, optional): the output tensor.

    Differs from PyTorch: numtensor's random streams (Philox counters) are its own, so a
    seed gives other numbers than PyTorch's.

    Example::

        >>> _ = torch.manual_seed(0)
        >>> torch.rand(2, 3)
        tensor([[0.3990, 0.8805, 0.7357],
                [0.6055, 0.9722, 0.3621]])
    """
    out = kwargs.pop("out", None)
    shape = size_args(size, kwargs, "rand")
    if out is not None:
        return _fill_out(out, shape, dtype, "uniform", generator, "check_uniform_bounds")
    d = _float_dtype(dtype, "check_uniform_bounds")
    return _made(_draw(shape, d, as_device(device), "uniform", 0.0, 1.0, generator), requires_grad)


@op("randn", method=False)
def randn(
    *size: SizeLike,
    generator: Generator | None = None,
    dtype: DTypeLike = None,
    device: DeviceLike = None,
    requires_grad: bool = False,
    **kwargs,
) -> Tensor:
    r"""Returns a tensor filled with random numbers from a normal distribution with mean 0 and
    variance 1 (the standard normal distribution).

    Complex dtypes draw the real and imaginary parts each with variance 1/2.

    Args:
        *size (int...): the shape, as several ints or one list, tuple or
            :class:`numtensor.Size`.

    Keyword args:
        generator (:class:`numtensor.Generator`, optional): the generator to draw from.
        dtype (:class:`numtensor.dtype`, optional): a floating or complex dtype. Default: the
            default dtype.
        device (:class:`numtensor.device`, optional): the desired device.
        requires_grad (bool): whether autograd records operations on the result.
        out (Tensor, optional): the output tensor.

    Differs from PyTorch: numtensor's random streams are its own, so a seed gives other
    numbers than PyTorch's.

    Example::

        >>> _ = torch.manual_seed(0)
        >>> torch.randn(2, 3)
        tensor([[ 0.9911, -0.9247, -0.6176],
                [-0.4821, -0.1536,  0.1808]])
    """
    out = kwargs.pop("out", None)
    shape = size_args(size, kwargs, "randn")
    if out is not None:
        return _fill_out(out, shape, dtype, "normal", generator, "normal_kernel_cpu")
    d = _float_dtype(dtype, "normal_kernel_cpu")
    return _made(_draw(shape, d, as_device(device), "normal", 0.0, 1.0, generator), requires_grad)


def _fill_out(out, shape, dtype, kind: str, generator, name: str) -> Tensor:
    """``rand(..., out=t)`` / ``randn``: ``t`` resized to ``shape`` and filled by one draw."""
    from .creation import factory_out

    out = factory_out(out, shape, dtype)
    _float_dtype(out.dtype, name)
    return _fill(out, kind, 0.0, 1.0, generator)


def _check_int(value, name: str) -> int:
    if isinstance(value, Tensor) and value.numel() == 1 and not value.dtype.is_floating_point:
        value = value.item()
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(
            f"{name}() received an invalid combination of arguments - got "
            f"{type(value).__name__} bounds, but expected (int low, int high, tuple of ints size)"
        )
    return value


def _check_range(low: int, high: int, d) -> None:
    """PyTorch's checks of [low, high) against the result dtype."""
    if low >= high:
        raise RuntimeError(
            f"random_ expects 'from' to be less than 'to', but got from={low} >= to={high}"
        )
    if d.is_floating_point:
        digits = _UNIFORM_BITS[d]
        if low < -(2**digits) or high - 1 > 2**digits:
            warnings.warn(
                f"to - 1 is out of bounds [-(2^{digits}), 2^{digits}]. Due to precision "
                f"limitations {d} can support discrete uniform distribution only within this "
                "range.",
                stacklevel=3,
            )
        return
    info = (0, 1) if d is bool_ else _int_limits(d)
    name = _C_TYPES[d.np.name if d is not bool_ else "bool"]
    if not info[0] <= low <= info[1]:
        raise RuntimeError(f"from is out of bounds for {name}")
    if not info[0] <= high - 1 <= info[1]:
        raise RuntimeError(f"to - 1 is out of bounds for {name}")


def _int_limits(d) -> tuple[int, int]:
    import numpy as np

    info = np.iinfo(d.np)
    return int(info.min), int(info.max)


def _integers(shape, low: int, high: int, d, dev, generator) -> Tensor:
    _check_range(low, high, d)
    return _draw(shape, d, dev, "integers", low, high - low, generator)


@op("randint", method=False)
@with_out
def randint(
    *args: int,
    size: SizeLike | None = None,
    generator: Generator | None = None,
    dtype: DTypeLike = None,
    device: DeviceLike = None,
    requires_grad: bool = False,
) -> Tensor:
    r"""Returns a tensor filled with random integers generated uniformly between ``low``
    (inclusive) and ``high`` (exclusive).

    Called as ``randint(high, size)`` or ``randint(low, high, size)``.

    Args:
        low (int, optional): the lowest integer to draw. Default: ``0``.
        high (int): one above the highest integer to draw.
        size (tuple): the shape of the output tensor.

    Keyword args:
        generator (:class:`numtensor.Generator`, optional): the generator to draw from.
        dtype (:class:`numtensor.dtype`, optional): the desired dtype. Default:
            ``numtensor.int64``.
        device (:class:`numtensor.device`, optional): the desired device.
        requires_grad (bool): whether autograd records operations on the result.
        out (Tensor, optional): the output tensor.

    Example::

        >>> x = torch.randint(3, 10, (2, 2))
        >>> x.shape, x.dtype
        (numtensor.Size([2, 2]), numtensor.int64)
        >>> bool(((x >= 3) & (x < 10)).all())
        True
    """
    args = list(args)
    if size is None:
        if not args:
            raise TypeError("randint() missing required argument 'size'")
        size = args.pop()
    if len(args) == 1:
        low, high = 0, args[0]
    elif len(args) == 2:
        low, high = args
    else:
        raise TypeError("randint() expects (high, size) or (low, high, size)")
    low, high = _check_int(low, "randint"), _check_int(high, "randint")
    d = check_dtype(int64 if dtype is None else dtype)
    shape = parse_size((size,), "randint")
    out = _integers(shape, low, high, d, as_device(device), generator)
    return _made(out, requires_grad)


@op("randperm", method=False)
@with_out
def randperm(n: int, *, generator=None, dtype=None, device=None, requires_grad=False) -> Tensor:
    r"""Returns a random permutation of integers from ``0`` to ``n - 1``.

    Args:
        n (int): the upper bound (exclusive).

    Keyword args:
        generator (:class:`numtensor.Generator`, optional): the generator to draw from.
        dtype (:class:`numtensor.dtype`, optional): the desired dtype. Default:
            ``numtensor.int64``.
        device (:class:`numtensor.device`, optional): the desired device.
        requires_grad (bool): whether autograd records operations on the result.
        out (Tensor, optional): the output tensor.

    Example::

        >>> p = torch.randperm(4)
        >>> p.sort().values
        tensor([0, 1, 2, 3])
    """
    n = _check_int(n, "randperm")
    if n < 0:
        raise RuntimeError(f"n must be non-negative, got{n}")
    d = check_dtype(int64 if dtype is None else dtype)
    if d is bool_:
        raise NotImplementedError("\"randperm\" not implemented for 'Bool'")
    if not d.is_floating_point and n - 1 > _int_limits(d)[1]:
        raise RuntimeError(f"value cannot be converted to type {d.np.name}_t without overflow")
    dev = as_device(device)
    keys = _draw((n,), int64, dev, "integers", 0, 1 << 63, generator)
    order = wrap(ops_of(keys).sort(keys._data, 0, False)[1], keys) if n else keys
    return _made(order if d is int64 else order.to(d), requires_grad)


def _like_device(input: Tensor, device):
    return input.device if device is None else as_device(device)


def _like_strides(input: Tensor, memory_format, name: str) -> tuple:
    """The strides of a ``*_like`` result (PyTorch's preserve_format by default)."""
    fmt = check_memory_format(memory_format, name)
    return target_strides(fmt, input.shape, input.stride())


def _laid_out(out: Tensor, strides: tuple) -> Tensor:
    """``out`` (a fresh row-major draw), or its values laid out with ``strides``."""
    if strides == strides_for(contiguous_format, out.shape):
        return out
    return copy_strided(out, strides)


def _float_like(kind: str, name: str):
    """``rand_like`` / ``randn_like``: a float draw of ``kind`` shaped like ``input``."""

    def like(
        input: Tensor,
        *,
        generator=None,
        dtype=None,
        device=None,
        requires_grad=False,
        memory_format=None,
        **kwargs,
    ) -> Tensor:
        strides = _like_strides(input, memory_format, like.__name__)
        d = _float_dtype(input.dtype if dtype is None else dtype, name)
        out = _draw(input.shape, d, _like_device(input, device), kind, 0.0, 1.0, generator)
        return _made(_laid_out(out, strides), requires_grad)

    like.__name__ = like.__qualname__ = "rand_like" if kind == "uniform" else "randn_like"
    return like


rand_like = op("rand_like", method=False)(_float_like("uniform", "check_uniform_bounds"))
randn_like = op("randn_like", method=False)(_float_like("normal", "normal_kernel_cpu"))
_LIKE_DOC = """Returns a tensor with the same size as ``input`` filled with random numbers
    from {what}.

    ``torch.{name}(input)`` is ``torch.{base}(input.size(), dtype=input.dtype,
    device=input.device)``; ``input`` must have a floating or complex dtype (or ``dtype=``
    one).

    Args:
        input (Tensor): its size (and, unless overridden, dtype and device) is used.

    Keyword args:
        generator (:class:`numtensor.Generator`, optional): the generator to draw from.
        dtype (:class:`numtensor.dtype`, optional): the desired dtype. Default: ``input``'s.
        device (:class:`numtensor.device`, optional): the desired device.
        requires_grad (bool): whether autograd records operations on the result.
        memory_format (:class:`numtensor.memory_format`, optional): the layout of the
            result. Default: ``torch.preserve_format`` (``input``'s).

    Example::

        >>> x = torch.{name}(torch.zeros(2, 3, dtype=torch.float64))
        >>> x.shape, x.dtype
        (numtensor.Size([2, 3]), numtensor.float64)
    """
rand_like.__doc__ = _LIKE_DOC.format(
    what="a uniform distribution on the interval :math:`[0, 1)`", name="rand_like", base="rand"
)
randn_like.__doc__ = _LIKE_DOC.format(
    what="a normal distribution with mean 0 and variance 1", name="randn_like", base="randn"
)


@op("randint_like", method=False)
def randint_like(
    input: Tensor,
    low: int = 0,
    high: int | None = None,
    *,
    generator=None,
    dtype=None,
    device=None,
    requires_grad=False,
    memory_format=None,
    **kwargs,
) -> Tensor:
    r"""Returns a tensor with the same shape as ``input`` filled with random integers generated
    uniformly between ``low`` (inclusive) and ``high`` (exclusive).

    Called as ``randint_like(input, high)`` or ``randint_like(input, low, high)``.

    Args:
        input (Tensor): its size (and, unless overridden, dtype and device) is used.
        low (int, optional): the lowest integer to draw. Default: ``0``.
        high (int): one above the highest integer to draw.

    Keyword args:
        generator (:class:`numtensor.Generator`, optional): the generator to draw from.
        dtype (:class:`numtensor.dtype`, optional): the desired dtype. Default: ``input``'s.
        device (:class:`numtensor.device`, optional): the desired device.
        requires_grad (bool): whether autograd records operations on the result.
        memory_format (:class:`numtensor.memory_format`, optional): the layout of the
            result. Default: ``torch.preserve_format`` (``input``'s).

    Example::

        >>> torch.randint_like(torch.zeros(3), 5, 6)
        tensor([5., 5., 5.])
    """
    strides = _like_strides(input, memory_format, "randint_like")
    if high is None:
        low, high = 0, low
    low, high = _check_int(low, "randint_like"), _check_int(high, "randint_like")
    d = check_dtype(input.dtype if dtype is None else dtype)
    out = _integers(input.shape, low, high, d, _like_device(input, device), generator)
    return _made(_laid_out(out, strides), requires_grad)
