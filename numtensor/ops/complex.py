"""Complex tensors: their real and imaginary parts as views, building them from parts, and
the questions every tensor answers (``is_complex``, ``isreal``, ``conj``, ``angle``, ``sgn``).

complex64/complex128 tensors compute elementwise arithmetic, the transcendental functions,
reductions and matmul through the same kernels as real ones. ``real``, ``imag`` and
``view_as_real`` are views of the complex memory (writes show through, as in PyTorch);
``view_as_complex`` views pairs of floats as complex numbers. Differences from PyTorch:
``conj`` returns a conjugated copy (PyTorch sets a lazy conjugate bit on a view), and autograd
does not run through complex tensors (a clear NotImplementedError).
"""

from __future__ import annotations

import math

from .. import backend
from .._dtype import float32, float64, get_default_dtype, type_name
from .._tensor_base import Tensor
from .conversion import to_out
from .registry import method, op


def _parts_view(input: Tensor, part: int, last: bool = False) -> Tensor:
    """The real (part 0) or imaginary (part 1) floats of a complex tensor, as a view; with
    ``last`` both, along a new last dim of size 2 (view_as_real)."""
    real = input.dtype.to_real()
    strides = tuple(2 * s for s in input.stride())
    shape = tuple(input.shape)
    if last:
        shape, strides = shape + (2,), strides + (1,)
    data = backend.of(input.device).reinterpret(
        input._data, real.np, shape, strides, part * real.itemsize
    )
    return input._view(data)


@op("view_as_real", method=False)
def view_as_real(input: Tensor) -> Tensor:
    """A complex tensor's memory as floats, with a last dim of size 2 (real, imaginary): a
    view, so writes to either show in the other."""
    if not input.dtype.is_complex:
        raise RuntimeError("view_as_real is only supported for complex tensors")
    return _parts_view(input, 0, last=True)


@op("view_as_complex", method=False)
def view_as_complex(input: Tensor) -> Tensor:
    """Pairs of floats along the last dim (size 2, stride 1) seen as complex numbers: a view."""
    if input.dtype not in (float32, float64):
        raise RuntimeError(
            "view_as_complex is only supported for float and double tensors, but got a tensor "
            f"of scalar type: {type_name(input.dtype)}"
        )
    if input.dim() == 0:
        raise RuntimeError("Input tensor must have one or more dimensions")
    if input.shape[-1] != 2:
        raise RuntimeError("Tensor must have a last dimension of size 2")
    strides = input.stride()
    if strides[-1] != 1:
        raise RuntimeError("Tensor must have a last dimension with stride 1")
    if any(s % 2 for s in strides[:-1]):
        raise RuntimeError("Tensor must have a stride divisible by 2 for all but last dimension")
    if input.storage_offset() % 2:
        raise RuntimeError("Tensor must have a storage_offset divisible by 2")
    target = input.dtype.to_complex()
    data = backend.of(input.device).reinterpret(
        input._data, target.np, tuple(input.shape[:-1]), tuple(s // 2 for s in strides[:-1])
    )
    return input._view(data)


@op("real", method=False)
def real(input: Tensor) -> Tensor:
    """The real part: a view of a complex tensor; a real tensor itself."""
    return _parts_view(input, 0) if input.dtype.is_complex else input


@op("imag", method=False)
def imag(input: Tensor) -> Tensor:
    """The imaginary part of a complex tensor, as a view (real tensors have none)."""
    if not input.dtype.is_complex:
        raise RuntimeError("imag is not implemented for tensors with non-complex dtypes.")
    return _parts_view(input, 1)


def _set_part(part):
    def setter(self: Tensor, value) -> None:
        part(self).copy_(value)

    return setter


method("real", property(real, _set_part(real)))
method("imag", property(imag, _set_part(imag)))


def _check_parts(a: Tensor, b: Tensor, what: str) -> None:
    if not (a.dtype.is_floating_point and b.dtype.is_floating_point):
        raise RuntimeError(
            f"Expected both inputs to be Half, Float or Double tensors but got "
            f"{type_name(a.dtype)} and {type_name(b.dtype)}"
        )
    if a.dtype is not b.dtype:
        raise RuntimeError(
            f"Expected object of scalar type {type_name(a.dtype)} but got scalar type "
            f"{type_name(b.dtype)} for second argument"
        )


@op("complex", method=False)
def complex(real: Tensor, imag: Tensor, *, out=None) -> Tensor:
    """``real + 1j * imag`` (float32 parts give complex64, float64 parts complex128), the
    parts broadcast together."""
    _check_parts(real, imag, "complex")
    shape = tuple(_broadcast(real, imag))
    result = real.new_empty(shape, dtype=real.dtype.to_complex())
    pairs = view_as_real(result)
    pairs[..., 0].copy_(real)
    pairs[..., 1].copy_(imag)
    return to_out(result, out)


def _broadcast(a: Tensor, b: Tensor):
    from .._size import broadcast_shapes

    return broadcast_shapes(a.shape, b.shape)


@op("polar", method=False)
def polar(abs: Tensor, angle: Tensor, *, out=None) -> Tensor:
    """The complex numbers ``abs * (cos(angle) + 1j * sin(angle))``."""
    _check_parts(abs, angle, "polar")
    return to_out(complex(abs * angle.cos(), abs * angle.sin()), out)


@op("angle")
def angle(input: Tensor, *, out=None) -> Tensor:
    """The argument of each element: atan2(imag, real) for complex tensors; for real ones
    pi where negative, 0 elsewhere, NaN kept (integers give the default float dtype)."""
    if input.dtype.is_complex:
        result = imag(input).atan2(real(input))
    else:
        x = input if input.dtype.is_floating_point else input.to(get_default_dtype())
        result = x.lt(0).to(x.dtype) * math.pi
        result = result.masked_fill(x.isnan(), math.nan)
    return to_out(result, out)


@op("resolve_conj")
def resolve_conj(input: Tensor) -> Tensor:
    """numtensor has no lazy conjugate bit (``conj`` copies): every tensor is resolved."""
    return input


@op("conj", aliases=("conj_physical",))
def conj(input: Tensor) -> Tensor:
    """The complex conjugate (a copy; PyTorch returns a lazily conjugated view). Real tensors
    are their own conjugate."""
    if not input.dtype.is_complex:
        return input
    result = input.clone()
    imag(result).neg_()
    return result


@op("sgn")
def sgn(input: Tensor, *, out=None) -> Tensor:
    """``x / |x|`` for complex tensors (0 where x is 0); ``sign`` for real ones."""
    if not input.dtype.is_complex:
        return to_out(input.sign(), out)
    size = input.abs()
    zero = size == 0
    result = (input / size.masked_fill(zero, 1)).masked_fill(zero, 0)
    return to_out(result, out)


@op("is_complex")
def is_complex(input: Tensor) -> bool:
    return input.dtype.is_complex


@op("isreal")
def isreal(input: Tensor) -> Tensor:
    """True where the imaginary part is 0 (everywhere, for real tensors)."""
    if input.dtype.is_complex:
        return imag(input) == 0
    return input.new_ones(input.shape, dtype=_bool())


def _bool():
    from .._dtype import bool_

    return bool_
