"""Binary elementwise ops with broadcasting and PyTorch's type promotion: the ``Binary`` base,
the shortcut for tiny tensors, and the arithmetic (add, sub, mul, div, floor_divide,
remainder, fmod, pow), maximum, minimum and atan2. The comparison, logical and bitwise ops
are in ``compare.py``, the ternary ones (where, lerp, clamp) in ``ternary.py``.

Operands are tensors or Python scalars; ``result_type`` decides the dtype (0-dim tensors and
scalars count by category only). Each op is declared once with its VJP; VJPs return
gradients shaped like the broadcast output, and the engine reduces them to each input.
"""

from __future__ import annotations

import numpy as np

from .._device import CPU
from .._dtype import (
    HALVES,
    bool_,
    checked,
    float32,
    float64,
    get_default_dtype,
    int32,
    int64,
    int_scalar_fits,
    result_type,
    wrapped,
)
from .._tensor_base import Tensor
from ..autograd.function import Function
from ..autograd.grad_mode import _state
from ..backend import cpu
from ._common import check_same_device
from ._launch import launch
from .registry import BINARY, op

_NUMBER = (bool, int, float, complex, np.bool_, np.integer, np.floating, np.complexfloating)

# the binary kernels that take complex operands; the others raise for them, as PyTorch's do
COMPLEX_KERNELS = frozenset(
    ["add", "sub", "mul", "div", "pow", "eq", "ne", "logical_and", "logical_or", "logical_xor"]
)


def check_operand(x, op: str, name: str = "other"):
    if isinstance(x, (Tensor, *_NUMBER)):
        return x
    raise TypeError(f"{op}(): argument '{name}' must be Tensor or Number, not {type(x).__name__}")


def _is_integral(d) -> bool:
    return not (d.is_floating_point or d.is_complex)


def _is_complex(x) -> bool:
    if isinstance(x, Tensor):
        return x._dtype.is_complex
    return isinstance(x, (complex, np.complexfloating))


def _no_bool(d, op: str) -> None:
    if d is bool_:
        raise NotImplementedError(f"\"{op}_cpu\" not implemented for 'Bool'")


def _check_int_zero_division(b, result, a=None) -> None:
    if not _is_integral(result) or result is bool_:
        return
    if isinstance(a, Tensor) and a.numel() == 0:  # (nothing is divided)
        return
    if isinstance(b, Tensor):
        if bool((b == 0).any()):
            raise RuntimeError("ZeroDivisionError")
    elif wrapped(b, result) == 0:  # (2**40 wraps to 0 in int32)
        raise RuntimeError("ZeroDivisionError")


# ---- the shortcut for tiny tensors -------------------------------------------------------------

# the dtypes of the shortcut, and whether they are floating (a scalar operand needs one)
_FAST_DTYPES = {float32: True, float64: True, int32: False, int64: False}
_WITH_SCALAR = {"add": "add_scalar", "sub": "sub_scalar", "mul": "mul_scalar", "div": "div_scalar"}
_SCALAR_WITH = {
    "add": "add_scalar",
    "sub": "rsub_scalar",
    "mul": "mul_scalar",
    "div": "rdiv_scalar",
}


def _plain_number(x) -> bool:
    """A float, or an int that needs no check (the general path raises PyTorch's
    OverflowError for one beyond what int64 and uint64 hold)."""
    return type(x) is float or (type(x) is int and int_scalar_fits(x))


def fast_binary(kernel: str, a, b, graph_free: bool = False):
    """``kernel(a, b)`` straight from the CPU backend's 1-D kernels, or None when the operands
    need the general path (broadcasting, promotion, other layouts, CUDA, or, with
    ``graph_free``, a graph to record). Same answers as the general path."""
    if isinstance(a, Tensor):
        dt = a._dtype
        if a.device is not CPU:
            return None
        if isinstance(b, Tensor):
            if (
                b._dtype is not dt
                or b.device is not CPU
                or (graph_free and (a._requires_grad or b._requires_grad) and _state.enabled)
            ):
                return None
            floating = _FAST_DTYPES.get(dt)
            if floating is None or (not floating and kernel == "div"):
                return None
            out = cpu.fast_binary(kernel, a._data, b._data)
        elif (
            _FAST_DTYPES.get(dt)
            and _plain_number(b)
            and not (graph_free and a._requires_grad and _state.enabled)
        ):
            out = cpu.fast_scalar(_WITH_SCALAR[kernel], a._data, b)
        else:
            return None
    elif (
        isinstance(b, Tensor)
        and _plain_number(a)
        and b.device is CPU
        and _FAST_DTYPES.get(b._dtype)
        and not (graph_free and b._requires_grad and _state.enabled)
    ):
        dt = b._dtype
        out = cpu.fast_scalar(_SCALAR_WITH[kernel], b._data, a)
    else:
        return None
    return None if out is None else Tensor._make(out, CPU, dtype=dt)


def fast_inplace(kernel: str, a, b) -> bool:
    """``a.kernel_(b)`` straight from the CPU backend's in-place kernels, when nothing is to
    be recorded, promoted or broadcast (False, having done nothing, otherwise)."""
    if not isinstance(a, Tensor) or a.device is not CPU:
        return False
    dt = a._dtype
    floating = _FAST_DTYPES.get(dt)
    if floating is None or (a._requires_grad and _state.enabled):
        return False
    if isinstance(b, Tensor):
        if (
            b._dtype is not dt
            or b.device is not CPU
            or (b._requires_grad and _state.enabled)
            or (kernel == "div" and not floating)
        ):
            return False
        done = cpu.fast_inplace(kernel, a._data, b._data)
    elif floating and _plain_number(b):
        done = cpu.fast_inplace(_WITH_SCALAR[kernel], a._data, b)
    else:
        return False
    if done:
        a._version_counter.value += 1
    return done


class Binary(Function):
    """z = f(a, b) elementwise. Subclasses name the kernel and the VJP."""

    kernel: str = ""
    op_name: str = ""  # the public name, for messages
    saves_inputs = True  # add and sub need no saved tensors (their VJP ignores the values)
    reflected_node_name = property(lambda self: self.node_name)  # `2 * x` is still Mul

    fast = False  # tiny CPU operands may skip the general path (add, sub, mul, div)

    @classmethod
    def apply(cls, a, b, *args, **kwargs):
        # the one dispatch path, with its shortcut for tiny tensors outside the graph: two
        # C-contiguous CPU tensors of one shape and dtype, or a float tensor and a number
        if cls.fast and not args:
            if not kwargs:
                out = fast_binary(cls.kernel, a, b, True)
                if out is not None:
                    return out
            elif len(kwargs) == 1 and kwargs.get("inplace") and fast_inplace(cls.kernel, a, b):
                return a
        return super().apply(a, b, *args, **kwargs)

    def result_dtype(self, a, b):
        return result_type(a, b)

    def kernel_for(self, result) -> str:
        """The kernel computing this op for a ``result`` dtype."""
        return self.kernel

    def forward(self, a, b, *, out=None, inplace=False):
        if self.fast and out is None and not inplace:
            fast = fast_binary(self.kernel, a, b)
            if fast is not None:
                if self.saves_inputs:
                    self.save_for_backward(a, b)
                if not isinstance(a, Tensor):
                    self.node_name = self.reflected_node_name
                return fast
        op = self.op_name or self.kernel
        check_operand(a, op, "input")
        check_operand(b, op)
        check_same_device((a, b), op, allow_cpu_scalars=True)
        if (_is_complex(a) or _is_complex(b)) and self.kernel not in COMPLEX_KERNELS:
            if op in ("maximum", "minimum", "fmax", "fmin"):
                raise RuntimeError(f"{op} not implemented for complex tensors.")
            raise NotImplementedError(f'"{op}_cpu" not implemented for complex tensors')
        result = self.result_dtype(a, b)
        if self.saves_inputs:
            self.save_for_backward(a, b)
        return launch(
            self.kernel_for(result),
            (a, b),
            result,
            self.compute_dtype(result),
            self.params(),
            inplace=a if inplace else None,
            out=out,
        )

    def compute_dtype(self, result):
        return result

    def params(self) -> tuple:
        return ()


class Add(Binary):
    kernel, node_name, saves_inputs, fast = "add", "AddBackward0", False, True
    _tensor_args = 2  # PyTorch's add, sub, mul and div take a number as a tensor: an edge

    def vjp(self, g):
        return g, g


def _is_bool(x) -> bool:
    return x.dtype is bool_ if isinstance(x, Tensor) else isinstance(x, (bool, np.bool_))


class Sub(Binary):
    kernel, node_name, saves_inputs, fast = "sub", "SubBackward0", False, True
    reflected_node_name = "RsubBackward1"  # `1 - x` is PyTorch's rsub
    # (rsub's number is no edge)
    _tensor_args = property(lambda self: 0 if self.node_name == "RsubBackward1" else 2)

    def result_dtype(self, a, b):
        if _is_bool(a) and _is_bool(b):
            raise RuntimeError(
                "Subtraction, the `-` operator, with two bool tensors is not supported. Use the "
                "`^` or `logical_xor()` operator instead."
            )
        if _is_bool(a) or _is_bool(b):
            raise RuntimeError(
                "Subtraction, the `-` operator, with a bool tensor is not supported. If you are "
                "trying to invert a mask, use the `~` or `logical_not()` operator instead."
            )
        if not isinstance(a, Tensor):
            self.node_name = self.reflected_node_name
        return result_type(a, b)

    def vjp(self, g):
        return g, -g


@op("mul", form=BINARY, inplace=True, aliases=("multiply",))
class Mul(Binary):
    r"""Multiplies ``input`` by ``other`` elementwise: :math:`\text{out}_i = x_i \cdot y_i`.

    The operands broadcast and promote as in PyTorch; ``other`` may be a Python number.
    ``torch.multiply`` is an alias; ``x.mul(y)``, ``x.mul_(y)`` and ``x * y`` are the
    method, in-place and operator forms.

    Args:
        input (Tensor): the first factor.
        other (Tensor or Number): the second factor.

    Keyword args:
        out (Tensor, optional): the output tensor.

    Returns:
        Tensor: of the broadcast shape and the promoted dtype.

    Example::

        >>> torch.mul(torch.tensor([1., 2., 3.]), torch.tensor([[1.], [2.]]))
        tensor([[1., 2., 3.],
                [2., 4., 6.]])
        >>> torch.mul(torch.tensor([1, 2]), 1.5)
        tensor([1.5000, 3.0000])
    """

    kernel, node_name, fast = "mul", "MulBackward0", True
    _tensor_args = 2

    def compute_dtype(self, result):
        # float16 times a number: the number is not rounded to half first (PyTorch keeps a
        # CPU scalar of mul and true div in float)
        return float32 if result in HALVES else result

    def vjp(self, g):
        a, b = self.saved
        return (g * b if _wants(a) else None), (g * a if _wants(b) else None)


def _wants(x) -> bool:
    return isinstance(x, Tensor) and x.requires_grad


class Div(Binary):
    """True division (integers give floats); ``rounding_mode`` 'trunc' or 'floor'."""

    kernel, node_name, fast = "div", "DivBackward0", True
    _tensor_args = 2

    def forward(self, a, b, rounding_mode=None, *, out=None, inplace=False):
        if rounding_mode not in (None, "trunc", "floor"):
            raise RuntimeError(
                "div expected rounding_mode to be one of None, 'trunc', or 'floor' but found "
                f"'{rounding_mode}'"
            )
        self.rounding_mode = rounding_mode
        if rounding_mode is not None:
            self.node_name = "DivBackward1"
            self.fast = False
            d = result_type(check_operand(a, "div", "input"), check_operand(b, "div"))
            _no_bool(d, "div_" + rounding_mode)
            _check_int_zero_division(b, d, a)
        return super().forward(a, b, out=out, inplace=inplace)

    def kernel_for(self, result) -> str:
        if self.rounding_mode is None:
            return "div"
        return {
            ("trunc", True): "int_div_trunc",
            ("trunc", False): "div_trunc",
            ("floor", True): "int_div_floor",
            ("floor", False): "float_div_floor",
        }[(self.rounding_mode, _is_integral(result))]

    def compute_dtype(self, result):
        if self.rounding_mode is None and result in HALVES:
            return float32  # (as for Mul)
        return result

    def result_dtype(self, a, b):
        d = result_type(a, b)
        if self.rounding_mode is None and _is_integral(d):
            return get_default_dtype()
        return d

    def vjp(self, g):
        a, b = self.saved
        if self.rounding_mode is not None:
            return g.new_zeros(g.shape), (g.new_zeros(g.shape) if isinstance(b, Tensor) else None)
        ga = g / b if _wants(a) else None
        gb = -g * a / (b * b) if _wants(b) else None
        return ga, gb


class FloorDivide(Div):
    """floor_divide: floor rounding division, which PyTorch does not differentiate."""

    fast = False  # (Div's shortcut divides without rounding)

    def forward(self, a, b, *, out=None, inplace=False):
        result = super().forward(a, b, "floor", out=out, inplace=inplace)
        self.node_name = "FloorDivideBackward0"
        return result

    def vjp(self, g):
        raise RuntimeError("derivative for aten::floor_divide is not implemented")


@op("remainder", form=BINARY, inplace=True)
class Remainder(Binary):
    r"""Computes Python's modulo of ``input`` by ``other`` elementwise.

    .. math:: \text{out}_i = x_i - \lfloor x_i / y_i \rfloor \, y_i

    The result has the sign of the divisor ``other`` (:func:`fmod` takes the dividend's).
    Integer division by zero raises RuntimeError. Operands broadcast and promote; either may
    be a Python number. ``x.remainder(y)``, ``x.remainder_(y)`` and ``x % y`` are the method,
    in-place and operator forms.

    Args:
        input (Tensor or Number): the dividend.
        other (Tensor or Number): the divisor.

    Keyword args:
        out (Tensor, optional): the output tensor.

    Differs from PyTorch: a float zero result takes a ``+0.`` sign (NumPy's rule) where
    PyTorch may print ``-0.`` (e.g. ``-2. % 2``); the values compare equal.

    Example::

        >>> torch.remainder(torch.tensor([-3., -1.5, 1, 3]), 2)
        tensor([1.0000, 0.5000, 1.0000, 1.0000])
        >>> torch.remainder(torch.tensor([5, -5]), -3)
        tensor([-1, -2])
    """

    kernel, node_name = "remainder", "RemainderBackward0"

    def kernel_for(self, result) -> str:
        return "remainder" if result.is_floating_point else "int_remainder"

    def result_dtype(self, a, b):
        d = result_type(a, b)
        _no_bool(d, self.kernel)
        _check_int_zero_division(b, d, a)
        return d

    def vjp(self, g):
        a, b = self.saved
        if not isinstance(a, Tensor):  # (PyTorch has no derivative for number % tensor)
            raise RuntimeError("derivative for aten::remainder is not implemented")
        gb = -g * (a / b).floor() if _wants(b) else None
        return g, gb


@op("fmod", form=BINARY, inplace=True)
class Fmod(Remainder):
    r"""Computes C's ``fmod`` of ``input`` by ``other`` elementwise.

    .. math:: \text{out}_i = x_i - \operatorname{trunc}(x_i / y_i) \, y_i

    The result has the sign of the dividend ``input`` (:func:`remainder` takes the
    divisor's). Integer division by zero raises RuntimeError. ``other`` may be a Python
    number. Also ``x.fmod(y)`` and ``x.fmod_(y)``.

    Args:
        input (Tensor): the dividend.
        other (Tensor or Number): the divisor.

    Keyword args:
        out (Tensor, optional): the output tensor.

    Example::

        >>> torch.fmod(torch.tensor([-3., -2, -1, 1, 2, 3]), 2)
        tensor([-1., -0., -1.,  1.,  0.,  1.])
        >>> torch.fmod(torch.tensor([5, -5]), -3)
        tensor([ 2, -2])
    """

    kernel, node_name = "fmod", "FmodBackward0"

    def kernel_for(self, result) -> str:
        return "fmod" if result.is_floating_point else "int_fmod"

    def result_dtype(self, a, b):
        if not isinstance(a, Tensor):  # (fmod has no number-first overload)
            raise _no_overload("fmod", a, b)
        return super().result_dtype(a, b)

    def vjp(self, g):
        a, b = self.saved
        gb = -g * (a / b).trunc() if _wants(b) else None
        return g, gb


class Pow(Binary):
    kernel, node_name = "pow", "PowBackward0"

    def _forward(self, a, b, *, out=None, inplace=False):
        if isinstance(a, Tensor) and isinstance(b, (int, float)):
            d = result_type(a, b)
            if d is not float32 and d is not float64:  # (int8 ** 300 is PyTorch's error)
                checked(b, d)
        # a float tensor to a Python number: x * x for 2 (as PyTorch does), else one kernel
        # with the exponent as a parameter
        if (
            out is None
            and not inplace
            and isinstance(a, Tensor)
            and type(b) in (int, float)
            and a._dtype.is_floating_point
            and a._dtype.itemsize >= 4
        ):
            self.save_for_backward(a, b)
            op, params = ("square", ()) if b == 2 else ("pow_scalar", (a._data.dtype.type(b),))
            return launch(op, (a,), a._dtype, params=params)
        return super().forward(a, b, out=out, inplace=inplace)

    def result_dtype(self, a, b):
        d = result_type(a, b)
        if d is bool_:
            raise NotImplementedError("\"pow\" not implemented for 'Bool'")
        if _is_integral(d) and not isinstance(b, Tensor) and b < 0:
            raise RuntimeError("Integers to negative integer powers are not allowed.")
        if isinstance(a, Tensor) and isinstance(b, Tensor):
            self.node_name = "PowBackward1"
        elif not isinstance(a, Tensor):
            self.node_name = "PowBackward2"
        return d

    def kernel_for(self, result) -> str:
        return "int_pow" if _is_integral(result) else "pow"

    def forward(self, a, b, *, out=None, inplace=False):
        if (
            isinstance(a, Tensor)
            and a.dtype is bool_
            and isinstance(b, bool)
            and out is None
            and not inplace
        ):
            return a.clone() if b else a.new_ones(a.shape)  # (x ** True is x, ** False 1)
        return self._forward(a, b, out=out, inplace=inplace)

    def vjp(self, g):
        a, b = self.saved
        ga = gb = None
        if _wants(a):
            if isinstance(b, _NUMBER) and b == 0:
                ga = g.new_zeros(g.shape)
            else:
                ga = g * (b * a ** (b - 1))  # (grouped as PyTorch's pow_backward)
        if _wants(b):
            from .exp_log import Log

            ga_log = Log.apply(a) if isinstance(a, Tensor) else np.log(a)
            gb = g * (a**b) * ga_log
        return ga, gb


def _c_type(d) -> str:
    """A dtype as PyTorch's messages spell its C type."""
    names = {"int64": "long int", "int32": "int", "int16": "short int", "int8": "signed char"}
    name = str(d).split(".")[-1]
    return names.get(name, {"uint8": "unsigned char", "float16": "c10::Half"}.get(name, name))


def _no_overload(op: str, *args) -> TypeError:
    got = ", ".join("Tensor" if isinstance(a, Tensor) else type(a).__name__ for a in args)
    return TypeError(
        f"{op}() received an invalid combination of arguments - got ({got}), but expected "
        "one of: (Tensor input, Tensor other), (Tensor input, Number other)"
    )


def _tensors_only(op: str, a, b) -> None:
    """PyTorch's TypeError for the ops with no overload taking a Python number."""
    for x, name, pos in ((a, "input", 1), (b, "other", 2)):
        if not isinstance(x, Tensor):
            raise TypeError(
                f"{op}(): argument '{name}' (position {pos}) must be Tensor, not {type(x).__name__}"
            )


class _TensorsOnly(Binary):
    """maximum/minimum take two tensors (PyTorch has no scalar overload for them)."""

    def result_dtype(self, a, b):
        _tensors_only(self.kernel, a, b)
        return result_type(a, b)


@op("maximum", form=BINARY, inplace=True)
class Maximum(_TensorsOnly):
    r"""Computes the elementwise maximum of ``input`` and ``other`` (broadcast, promoted).

    NaN propagates: where either is NaN the result is NaN (:func:`fmax` ignores NaNs). Both
    operands must be tensors. Where they are equal, the gradient is split between them.
    Also ``x.maximum(y)``.

    Args:
        input (Tensor): the input tensor.
        other (Tensor): the second input tensor.

    Keyword args:
        out (Tensor, optional): the output tensor.

    Example::

        >>> torch.maximum(torch.tensor([1., 5., float("nan")]), torch.tensor([3., 2., 0.]))
        tensor([3., 5., nan])
    """

    kernel, node_name = "maximum", "MaximumBackward0"

    def vjp(self, g):
        # shared where equal; masked (not multiplied) where the other side won, so an inf
        # gradient gives 0 there, as in PyTorch
        a, b = self.saved
        h = g * (1 - 0.5 * (a == b))
        return h.masked_fill(a < b, 0), h.masked_fill(a > b, 0)


@op("minimum", form=BINARY, inplace=True)
class Minimum(_TensorsOnly):
    r"""Computes the elementwise minimum of ``input`` and ``other`` (broadcast, promoted).

    NaN propagates: where either is NaN the result is NaN (:func:`fmin` ignores NaNs). Both
    operands must be tensors. Where they are equal, the gradient is split between them.
    Also ``x.minimum(y)``.

    Args:
        input (Tensor): the input tensor.
        other (Tensor): the second input tensor.

    Keyword args:
        out (Tensor, optional): the output tensor.

    Example::

        >>> torch.minimum(torch.tensor([1., 5., float("nan")]), torch.tensor([3., 2., 0.]))
        tensor([1., 2., nan])
    """

    kernel, node_name = "minimum", "MinimumBackward0"

    def vjp(self, g):
        a, b = self.saved
        h = g * (1 - 0.5 * (a == b))
        return h.masked_fill(a > b, 0), h.masked_fill(a < b, 0)


@op("atan2", form=BINARY, inplace=True, aliases=("arctan2",))
class Atan2(Binary):
    r"""Computes the four-quadrant arctangent :math:`\tan^{-1}(\text{input}_i /
    \text{other}_i)` elementwise, taking the signs of both into account.

    The result is in :math:`[-\pi, \pi]`; integer inputs give the default float dtype. Both
    operands must be tensors (broadcast). ``torch.arctan2`` is an alias; also
    ``x.atan2(y)`` and ``x.atan2_(y)``.

    Args:
        input (Tensor): the y coordinates.
        other (Tensor): the x coordinates.

    Keyword args:
        out (Tensor, optional): the output tensor.

    Example::

        >>> torch.atan2(torch.tensor([1., -1., 0.]), torch.tensor([0., -1., -1.]))
        tensor([ 1.5708, -2.3562,  3.1416])
    """

    kernel, node_name = "atan2", "Atan2Backward0"

    def result_dtype(self, a, b):
        _tensors_only("atan2", a, b)
        d = result_type(a, b)
        return d if d.is_floating_point else get_default_dtype()

    def vjp(self, g):
        a, b = self.saved
        denom = a * a + b * b
        return g * b / denom, -g * a / denom
