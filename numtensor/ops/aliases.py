"""Names PyTorch also accepts for ops numtensor has, and the questions a real tensor answers
trivially (``conj``, ``is_complex``, ``real``): one line each, over the ops they name.

In-place view ops (``t_``, ``squeeze_``, ``unsqueeze_``, ``transpose_``) make the tensor the
view they compute: its storage stays, its shape and strides change, and in the graph it
becomes the view's node (as the other in-place ops do).
"""

from __future__ import annotations

from .. import _dtype
from .._tensor_base import Tensor
from ..autograd.function import moved
from .conversion import to_out
from .registry import method, op


@op("sgn")
def sgn(input, *, out=None):
    """sign for real tensors (PyTorch's complex-aware name)."""
    return to_out(input.sign(), out)


@op("positive")
def positive(input):
    if input.dtype is _dtype.bool_:
        raise RuntimeError(
            "The `+` operator, on a bool tensor is not supported. If you are trying to "
            "invert a mask, use the `~` or `logical_not()` operator instead."
        )
    return input


@op("ravel")
def ravel(input):
    """The elements in row-major order: a view when possible, else a copy."""
    return input.reshape(-1)


@op("conj", aliases=("conj_physical", "resolve_conj", "resolve_neg"))
def conj(input):
    """Conjugation is the identity on the real dtypes numtensor has."""
    return input


@op("is_conj")
def is_conj(input) -> bool:
    return False


@op("is_neg")
def is_neg(input) -> bool:
    return False


@op("is_complex")
def is_complex(input) -> bool:
    return False


@op("is_signed")
def is_signed(input) -> bool:
    return input.dtype not in (_dtype.uint8, _dtype.bool_)


@op("is_nonzero")
def is_nonzero(input) -> bool:
    """``bool(input)`` for a one-element tensor."""
    if input.numel() != 1:
        which = "no values" if input.numel() == 0 else "more than one value"
        raise RuntimeError(f"Boolean value of Tensor with {which} is ambiguous")
    return bool(input.item())


@op("real", method=False)
def real(input):
    return input


def _imag(self):
    raise RuntimeError("imag is not implemented for tensors with non-complex dtypes.")


method("real", property(lambda self: self))
method("imag", property(_imag))


@op("imag", method=False)
def imag(input):
    return _imag(input)


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
    return inplace


for _name in ("t", "squeeze", "unsqueeze", "transpose", "swapaxes", "swapdims"):
    method(_name + "_", _in_place_view(_name))


def _cumulative_(name: str):
    def inplace(self, dim, *, dtype=None):
        return self.copy_(getattr(Tensor, name)(self, dim, dtype=dtype))

    inplace.__name__ = name + "_"
    return inplace


method("cumsum_", _cumulative_("cumsum"))
method("cumprod_", _cumulative_("cumprod"))


# ---- dtypes ------------------------------------------------------------------------------


@op("result_type", method=False)
def result_type(tensor1, tensor2):
    """The dtype PyTorch's type promotion gives an op over these tensors or numbers."""
    return _dtype.result_type(tensor1, tensor2)


@op("can_cast", method=False)
def can_cast(from_, to):
    """Whether an in-place or out= result of dtype ``to`` may take a ``from_`` value."""
    return _dtype.can_cast(_dtype.check_dtype(from_), _dtype.check_dtype(to))


@op("typename", method=False)
def typename(obj) -> str:
    if isinstance(obj, Tensor):
        return obj.type()
    return type(obj).__name__
