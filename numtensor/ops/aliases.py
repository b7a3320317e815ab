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


@op("resolve_neg")
def resolve_neg(input):
    """numtensor has no lazy negation bit: every tensor is already resolved."""
    return input


@op("is_conj")
def is_conj(input) -> bool:
    return False


@op("is_neg")
def is_neg(input) -> bool:
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


# ---- device questions and layout names -------------------------------------------------------

for _kind in ("meta", "mps", "xla", "xpu", "ipu", "maia", "mtia"):
    # devices numtensor has no backend for: no tensor lives there
    method(f"is_{_kind}", property(lambda self: False))


def const_data_ptr(self) -> int:
    """The address of the first element (as ``data_ptr``; numtensor has no const views)."""
    return self.data_ptr()


def dim_order(self, *, ambiguity_check=False) -> tuple:
    """The dims from outermost to innermost in memory (by decreasing stride; ties keep the
    logical order, as PyTorch's)."""
    strides = self.stride()
    return tuple(sorted(range(self.ndim), key=lambda d: -strides[d]))


def apply_(self, callable) -> Tensor:
    """Replace each element by ``callable(element)`` (a Python function: slow, CPU only)."""
    return _elementwise_python(self, callable, None, "apply_")


def map_(self, tensor, callable) -> Tensor:
    """``self[i] = callable(self[i], tensor[i])`` with ``tensor`` broadcast to self (a Python
    function: slow, CPU only)."""
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
