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
from .out_variants import Out
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
    r"""Returns a view of the complex tensor ``input`` as a real tensor.

    The result has a last dimension of size 2 holding the real and imaginary parts; it
    shares memory with ``input`` (writes to either show in the other). complex64 gives
    float32, complex128 float64.

    Args:
        input (Tensor): a complex tensor.

    Example::

        >>> z = torch.tensor([1 + 2j, 3 - 4j])
        >>> torch.view_as_real(z)
        tensor([[ 1.,  2.],
                [ 3., -4.]])
    """
    if not input.dtype.is_complex:
        raise RuntimeError("view_as_real is only supported for complex tensors")
    return _parts_view(input, 0, last=True)


@op("view_as_complex", method=False)
def view_as_complex(input: Tensor) -> Tensor:
    r"""Returns a view of ``input`` as a complex tensor.

    ``input`` is a float32 or float64 tensor whose last dimension has size 2 (real and
    imaginary parts) and stride 1, with even strides and storage offset elsewhere; the
    result drops that dimension and shares memory with ``input``.

    Args:
        input (Tensor): the input tensor.

    Example::

        >>> torch.view_as_complex(torch.tensor([[1., 2.], [3., 4.]]))
        tensor([1.+2.j, 3.+4.j])
    """
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
    r"""Returns a tensor of the real values of ``input``.

    For a complex tensor the result is a float view of its memory (writes show through);
    for a real tensor it is ``input`` itself. ``x.real`` is the same, and assigning
    ``x.real = v`` writes ``v`` into the real parts.

    Args:
        input (Tensor): the input tensor.

    Example::

        >>> z = torch.tensor([1 + 2j, 3 - 4j])
        >>> torch.real(z)
        tensor([1., 3.])
        >>> z.real
        tensor([1., 3.])
    """
    return _parts_view(input, 0) if input.dtype.is_complex else input


@op("imag", method=False)
def imag(input: Tensor) -> Tensor:
    r"""Returns a tensor of the imaginary values of ``input``.

    ``input`` must be complex (``RuntimeError`` otherwise); the result is a float view of
    its memory (writes show through). ``x.imag`` is the same, and assigning ``x.imag = v``
    writes ``v`` into the imaginary parts.

    Args:
        input (Tensor): a complex tensor.

    Example::

        >>> z = torch.tensor([1 + 2j, 3 - 4j])
        >>> torch.imag(z)
        tensor([ 2., -4.])
        >>> z.imag = torch.tensor([0., 0.])
        >>> z
        tensor([1.+0.j, 3.+0.j])
    """
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
    r"""Constructs a complex tensor with its real part equal to ``real`` and its imaginary part
    equal to ``imag``.

    Both parts must have the same floating dtype (float32 gives complex64, float64
    complex128) and broadcastable shapes.

    Args:
        real (Tensor): the real part.
        imag (Tensor): the imaginary part.

    Keyword args:
        out (Tensor, optional): the output tensor.

    Example::

        >>> torch.complex(torch.tensor([1., 2.]), torch.tensor([3., 4.]))
        tensor([1.+3.j, 2.+4.j])
    """
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
    r"""Constructs a complex tensor from polar coordinates: absolute value ``abs`` and angle
    ``angle``.

    :math:`\text{out} = \text{abs} \cdot \cos(\text{angle}) + \text{abs} \cdot
    \sin(\text{angle}) \cdot j`. Both must have the same floating dtype.

    Args:
        abs (Tensor): the absolute values.
        angle (Tensor): the angles, in radians.

    Keyword args:
        out (Tensor, optional): the output tensor.

    Example::

        >>> torch.polar(torch.tensor([2.]), torch.tensor([0.]))
        tensor([2.+0.j])
    """
    _check_parts(abs, angle, "polar")
    return to_out(complex(abs * angle.cos(), abs * angle.sin()), out)


@op("angle")
def angle(input: Tensor, *, out=None) -> Tensor:
    r"""Computes the element-wise angle (in radians) of the given ``input`` tensor.

    For complex elements it is :math:`\operatorname{atan2}(\text{imag}, \text{real})`;
    for real ones :math:`\pi` where negative and 0 elsewhere (NaN stays NaN). Integer inputs
    give the default float dtype. ``x.angle()`` is the same.

    Args:
        input (Tensor): the input tensor.

    Keyword args:
        out (Tensor, optional): the output tensor.

    Example::

        >>> torch.angle(torch.tensor([1j, -1 + 0j]))
        tensor([1.5708, 3.1416])
        >>> torch.angle(torch.tensor([-2., 0., 3.]))
        tensor([3.1416, 0.0000, 0.0000])
    """
    if input.dtype.is_complex:
        result = imag(input).atan2(real(input))
    else:
        x = input if input.dtype.is_floating_point else input.to(get_default_dtype())
        result = x.lt(0).to(x.dtype) * math.pi
        result = result.masked_fill(x.isnan(), math.nan)
    return to_out(result, out)


@op("resolve_conj")
def resolve_conj(input: Tensor) -> Tensor:
    r"""Returns a tensor with the conjugate bit materialised (resolved).

    numtensor has no lazy conjugate bit (:func:`conj` computes its result), so ``input``
    itself is returned. ``x.resolve_conj()`` is the same.

    Args:
        input (Tensor): the input tensor.

    Example::

        >>> z = torch.tensor([1 + 2j])
        >>> torch.resolve_conj(z) is z
        True
    """
    return input


@op("conj", aliases=("conj_physical",), out=Out(only=("conj_physical",), grad=False))
def conj(input: Tensor) -> Tensor:
    r"""Returns the complex conjugate of ``input`` (the imaginary parts negated).

    A real tensor is its own conjugate and is returned as is. :func:`conj_physical` is the
    same; ``x.conj()`` too.

    Differs from PyTorch: for complex tensors the result is a new tensor, not a lazily
    conjugated view, so writes to it do not show in ``input``, and :func:`is_conj` is
    ``False``.

    Args:
        input (Tensor): the input tensor.

    Keyword args:
        out (Tensor, optional): the output tensor (:func:`conj_physical` only).

    Example::

        >>> torch.conj(torch.tensor([1 + 2j, 3 - 4j]))
        tensor([1.-2.j, 3.+4.j])
    """
    if not input.dtype.is_complex:
        return input
    result = input.clone()
    imag(result).neg_()
    return result


def _conj_physical_(self: Tensor) -> Tensor:
    r"""In-place version of :meth:`Tensor.conj_physical`: negates the imaginary parts of a
    complex tensor in its own memory (views of it see the change) and returns it; a real
    tensor is left as it is.

    Example::

        >>> z = torch.tensor([1 + 2j, 3 - 1j])
        >>> z.conj_physical_()
        tensor([1.-2.j, 3.+1.j])
        >>> torch.tensor([1., -2.]).conj_physical_()
        tensor([ 1., -2.])
    """
    from ..autograd.grad_mode import is_grad_enabled

    if self._requires_grad and self.grad_fn is None and is_grad_enabled():
        raise RuntimeError(
            "a leaf Variable that requires grad is being used in an in-place operation."
        )
    if self.dtype.is_complex:
        imag(self).neg_()
    return self


method("conj_physical_", _conj_physical_)


@op("sgn")
def sgn(input: Tensor, *, out=None) -> Tensor:
    r"""The extension of :func:`sign` to complex tensors.

    For complex elements it is :math:`x / |x|` (0 where :math:`x = 0`); for real ones it
    equals :func:`sign`. ``x.sgn()`` is the same.

    Args:
        input (Tensor): the input tensor.

    Keyword args:
        out (Tensor, optional): the output tensor.

    Example::

        >>> torch.sgn(torch.tensor([3 + 4j, 0j]))
        tensor([0.6000+0.8000j, 0.0000+0.0000j])
        >>> torch.sgn(torch.tensor([-2., 0., 3.]))
        tensor([-1.,  0.,  1.])
    """
    if not input.dtype.is_complex:
        return to_out(input.sign(), out)
    size = input.abs()
    zero = size == 0
    result = (input / size.masked_fill(zero, 1)).masked_fill(zero, 0)
    return to_out(result, out)


@op("is_complex")
def is_complex(input: Tensor) -> bool:
    r"""Returns ``True`` if the dtype of ``input`` is a complex dtype (complex64 or complex128).
    ``x.is_complex()`` is the same.

    Args:
        input (Tensor): the input tensor.

    Example::

        >>> torch.is_complex(torch.tensor([1 + 2j]))
        True
        >>> torch.ones(1).is_complex()
        False
    """
    return input.dtype.is_complex


@op("isreal")
def isreal(input: Tensor) -> Tensor:
    r"""Returns a new bool tensor telling whether each element of ``input`` is real-valued.

    A complex element is real when its imaginary part is 0; every element of a real tensor
    is. ``x.isreal()`` is the same.

    Args:
        input (Tensor): the input tensor.

    Example::

        >>> torch.isreal(torch.tensor([1, 1 + 1j, 2 + 0j]))
        tensor([ True, False,  True])
    """
    if input.dtype.is_complex:
        return imag(input) == 0
    return input.new_ones(input.shape, dtype=_bool())


def _bool():
    from .._dtype import bool_

    return bool_
