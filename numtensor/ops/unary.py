"""Unary elementwise ops, each declared once: its kernel, its dtype rule and its VJP.

The ``Unary`` base class (the other unary families build on it: ``exp_log.py``,
``trigonometric.py``, ``special.py``), and ``numtensor.abs(x)``, ``x.abs()``, ``x.abs_()``
(and likewise neg, sign, square, relu, erf, sigmoid, the rounding ops, logical_not,
bitwise_not and the isnan/isinf/isfinite predicates). Each op class's docstring is the user
documentation of its function and method.

Dtype rules, as in PyTorch: "same" keeps the input dtype; "float" turns integer and bool
inputs into the default float dtype; predicates answer bool.
"""

from __future__ import annotations

import math

import numpy as np

from .. import backend
from .._dtype import bool_, float32, float64, get_default_dtype
from .._tensor_base import Tensor
from ..autograd.function import Function
from ..autograd.grad_mode import is_grad_enabled
from ._launch import launch
from .registry import UNARY, op


def _not_implemented(op: str, x: Tensor):
    from .._dtype import type_name

    return NotImplementedError(f"\"{op}_cpu\" not implemented for '{type_name(x.dtype)}'")


_FLOATS = (float32, float64)

# the kernels that take complex inputs (NumPy's complex math, compiled by Numba); the other
# unary ops raise for complex tensors, as PyTorch's do
COMPLEX_KERNELS = frozenset(
    [
        "abs",
        "neg",
        "square",
        "reciprocal",
        "exp",
        "exp2",
        "expm1",
        "log",
        "log2",
        "log10",
        "log1p",
        "sqrt",
        "rsqrt",
        "sin",
        "cos",
        "tan",
        "asin",
        "acos",
        "atan",
        "sinh",
        "cosh",
        "tanh",
        "asinh",
        "acosh",
        "atanh",
        "sigmoid",
        "isnan",
        "isinf",
        "isfinite",
        "logical_not",
    ]
)


class Unary(Function):
    """y = f(x) elementwise. Subclasses name the kernel, the dtype rule and the VJP."""

    kernel: str = ""
    rule: str = "same"  # "same" | "float" | "bool"
    bool_ok: bool = True
    float_ok: bool = True
    int_ok: bool = True
    saves: str = ""  # "x", "y": what the VJP needs

    def result_dtype(self, x: Tensor):
        d = x.dtype
        if d.is_complex:
            if self.rule == "bool":
                return bool_
            return d.to_real() if self.kernel == "abs" else d
        if (
            (d is bool_ and not self.bool_ok)
            or (d.is_floating_point and not self.float_ok)
            or (d is not bool_ and not d.is_floating_point and not self.int_ok)
        ):
            raise _not_implemented(self.kernel, x)
        if self.rule == "float" and not d.is_floating_point:
            return get_default_dtype()
        if self.rule == "bool":
            return bool_
        return d

    def forward(self, x: Tensor, *, out=None, inplace=False):
        if not isinstance(x, Tensor):
            raise TypeError(
                f"{self.kernel}(): argument 'input' must be Tensor, not {type(x).__name__}"
            )
        if x._dtype.is_complex and self.kernel not in COMPLEX_KERNELS:
            if self.kernel == "sign":
                raise NotImplementedError(
                    "Unlike NumPy, torch.sign is not intended to support complex numbers. Please "
                    "use torch.sgn instead."
                )
            raise NotImplementedError(f"{self.kernel} is not supported for complex inputs")
        result = self.result_dtype(x)
        y = launch(
            self.kernel_for(x.dtype),
            (x,),
            result,
            x.dtype if self.rule == "bool" or x.dtype.is_complex else result,
            self.params(),
            inplace=x if inplace else None,
            out=out,
        )
        if self.saves == "x":
            self.save_for_backward(x)
        elif self.saves == "y":
            self.save_for_backward(y)
        return y

    def kernel_for(self, dtype) -> str:
        """The kernel computing this op for inputs of ``dtype``."""
        return self.kernel

    def params(self) -> tuple:
        return ()


# ---- sign, magnitude -------------------------------------------------------------------------


@op("abs", form=UNARY, inplace=True, aliases=("absolute",))
class Abs(Unary):
    r"""Returns the absolute value :math:`|x_i|` of each element of ``input``.

    The dtype is kept (a complex input gives its real dtype: the modulus). Bool inputs are
    not supported. ``torch.absolute`` is an alias; ``x.abs()``, ``x.abs_()`` and ``abs(x)``
    are the method, in-place and operator forms.

    Args:
        input (Tensor): the input tensor.

    Keyword args:
        out (Tensor, optional): the output tensor.

    Example::

        >>> torch.abs(torch.tensor([-1, -2, 3]))
        tensor([1, 2, 3])
        >>> torch.abs(torch.tensor([3 + 4j]))
        tensor([5.])
    """

    kernel, bool_ok, saves, node_name = "abs", False, "x", "AbsBackward0"

    def vjp(self, g):
        (x,) = self.saved
        return (g * x.sign(),)


@op("neg", form=UNARY, inplace=True, aliases=("negative",))
class Neg(Unary):
    r"""Returns the negative :math:`-x_i` of each element of ``input``.

    Bool tensors raise a RuntimeError (use ``~`` or :func:`logical_not`).
    ``torch.negative`` is an alias; ``x.neg()``, ``x.neg_()`` and ``-x`` are the method,
    in-place and operator forms.

    Args:
        input (Tensor): the input tensor.

    Keyword args:
        out (Tensor, optional): the output tensor.

    Example::

        >>> torch.neg(torch.tensor([0.5, -1.0, 2.0]))
        tensor([-0.5000,  1.0000, -2.0000])
    """

    kernel, node_name = "neg", "NegBackward0"

    def result_dtype(self, x):
        if x.dtype is bool_:
            raise RuntimeError(
                "Negation, the `-` operator, on a bool tensor is not supported. If you are "
                "trying to invert a mask, use the `~` or `logical_not()` operator instead."
            )
        return x.dtype

    def vjp(self, g):
        return (-g,)


@op("sign", form=UNARY, inplace=True)
class Sign(Unary):
    r"""Returns the sign of each element of ``input``: -1, 0 or 1, in ``input``'s dtype.

    Complex inputs raise NotImplementedError (PyTorch's ``sgn`` handles them). The gradient
    is zero. Also ``x.sign()`` and ``x.sign_()``.

    Args:
        input (Tensor): the input tensor.

    Keyword args:
        out (Tensor, optional): the output tensor.

    Example::

        >>> torch.sign(torch.tensor([0.7, -1.2, 0., 2.3]))
        tensor([ 1., -1.,  0.,  1.])
    """

    kernel, node_name = "sign", "SignBackward0"

    def vjp(self, g):
        return (g.new_zeros(g.shape),)


@op("square", form=UNARY, inplace=True)
class Square(Unary):
    r"""Returns the square :math:`x_i^2` of each element of ``input``.

    The dtype is kept, except that bool inputs give int64. Also ``x.square()`` and
    ``x.square_()``.

    Args:
        input (Tensor): the input tensor.

    Keyword args:
        out (Tensor, optional): the output tensor.

    Example::

        >>> torch.square(torch.tensor([-2., 0.5, 3.]))
        tensor([4.0000, 0.2500, 9.0000])
        >>> torch.square(torch.tensor([True, False]))
        tensor([1, 0])
    """

    kernel, saves, node_name = "square", "x", "PowBackward0"

    def result_dtype(self, x):
        from .._dtype import int64

        return int64 if x.dtype is bool_ else x.dtype

    def vjp(self, g):
        (x,) = self.saved
        return (g * (2 * x),)  # (grouped as PyTorch: an inf there meets a 0 gradient as NaN)


@op("relu", form=UNARY, inplace=True)
class Relu(Unary):
    r"""Applies the rectified linear unit :math:`\max(0, x_i)` elementwise.

    The dtype is kept (bool inputs are not supported). Also ``x.relu()`` and ``x.relu_()``;
    :func:`numtensor.nn.functional.relu` is the functional layer form.

    Args:
        input (Tensor): the input tensor.

    Keyword args:
        out (Tensor, optional): the output tensor.

    Example::

        >>> torch.relu(torch.tensor([-1., 0., 2.]))
        tensor([0., 0., 2.])
    """

    kernel, saves, node_name = "relu", "y", "ReluBackward0"

    def result_dtype(self, x):
        if x.dtype is bool_:
            raise RuntimeError("\"clamp_min_cpu\" not implemented for 'Bool'")
        return x.dtype

    def vjp(self, g):
        (y,) = self.saved
        if is_grad_enabled() or g.dtype is not y.dtype:  # create_graph: differentiable ops
            return (g.masked_fill(y <= 0, 0),)
        if g._dtype in _FLOATS and g.device == y.device:
            data = backend.of(g.device).fast_binary("relu_backward", g._data, y._data)
            if data is not None:
                return (Tensor._make(data, g.device, dtype=g._dtype),)
        return (launch("relu_backward", (g, y), g.dtype),)


# ---- erf, sigmoid -------------------------------------------------------------------------------


@op("erf", form=UNARY, inplace=True)
class Erf(Unary):
    r"""Returns the error function of each element of ``input``.

    .. math:: \mathrm{erf}(x) = \frac{2}{\sqrt{\pi}} \int_0^x e^{-t^2}\,dt

    Integer and bool inputs give the default float dtype. Also ``x.erf()``, ``x.erf_()``
    and ``numtensor.special.erf``.

    Args:
        input (Tensor): the input tensor.

    Keyword args:
        out (Tensor, optional): the output tensor.

    Example::

        >>> torch.erf(torch.tensor([0., 1., -3.]))
        tensor([ 0.0000,  0.8427, -1.0000])
    """

    kernel, rule, saves, node_name = "erf", "float", "x", "ErfBackward0"

    def vjp(self, g):
        (x,) = self.saved
        return (g * (2.0 / math.sqrt(math.pi)) * (-(x * x)).exp(),)


@op("sigmoid", form=UNARY, inplace=True)
class Sigmoid(Unary):
    r"""Returns the logistic sigmoid :math:`1 / (1 + e^{-x_i})` of each element of ``input``.

    Integer and bool inputs give the default float dtype. Also ``x.sigmoid()``,
    ``x.sigmoid_()`` and ``numtensor.special.expit``.

    Args:
        input (Tensor): the input tensor.

    Keyword args:
        out (Tensor, optional): the output tensor.

    Example::

        >>> torch.sigmoid(torch.tensor([0., 2., -2.]))
        tensor([0.5000, 0.8808, 0.1192])
    """

    kernel, rule, saves, node_name = "sigmoid", "float", "y", "SigmoidBackward0"

    def vjp(self, g):
        (y,) = self.saved
        return (g * y * (1 - y),)


# ---- rounding ----------------------------------------------------------------------------------


class _Rounding(Unary):
    """Rounding keeps integer tensors as they are (a copy), and has a zero gradient."""

    bool_ok = False

    def forward(self, x, *, out=None, inplace=False):
        if x.dtype.is_floating_point or x.dtype.is_complex or x.dtype is bool_:
            return super().forward(x, out=out, inplace=inplace)
        if inplace:
            return x
        if out is not None:
            from .conversion import copy_into_out

            return copy_into_out(out, x)
        return x.clone()

    def vjp(self, g):
        return (g.new_zeros(g.shape),)


@op("floor", form=UNARY, inplace=True)
class Floor(_Rounding):
    r"""Returns the floor of each element of ``input``: the largest integer :math:`\le x_i`.

    The dtype is kept; integer inputs are returned unchanged (as a copy). The gradient is
    zero. Also ``x.floor()`` and ``x.floor_()``.

    Args:
        input (Tensor): the input tensor.

    Keyword args:
        out (Tensor, optional): the output tensor.

    Example::

        >>> torch.floor(torch.tensor([-1.5, -0.5, 0.5, 1.7]))
        tensor([-2., -1.,  0.,  1.])
    """

    kernel, node_name = "floor", "FloorBackward0"


@op("ceil", form=UNARY, inplace=True)
class Ceil(_Rounding):
    r"""Returns the ceiling of each element of ``input``: the smallest integer :math:`\ge x_i`.

    The dtype is kept; integer inputs are returned unchanged (as a copy). The gradient is
    zero. Also ``x.ceil()`` and ``x.ceil_()``.

    Args:
        input (Tensor): the input tensor.

    Keyword args:
        out (Tensor, optional): the output tensor.

    Example::

        >>> torch.ceil(torch.tensor([-1.5, -0.5, 0.5, 1.7]))
        tensor([-1., -0.,  1.,  2.])
    """

    kernel, node_name = "ceil", "CeilBackward0"


@op("trunc", form=UNARY, inplace=True, aliases=("fix",))
class Trunc(_Rounding):
    r"""Returns each element of ``input`` rounded toward zero (its integer part).

    The dtype is kept; integer inputs are returned unchanged (as a copy). The gradient is
    zero. ``torch.fix`` is an alias; also ``x.trunc()`` and ``x.trunc_()``.

    Args:
        input (Tensor): the input tensor.

    Keyword args:
        out (Tensor, optional): the output tensor.

    Example::

        >>> torch.trunc(torch.tensor([-1.5, -0.5, 0.5, 1.7]))
        tensor([-1., -0.,  0.,  1.])
    """

    kernel, node_name = "trunc", "TruncBackward0"


class Round(_Rounding):
    """Half to even; with ``decimals`` it rounds ``x * 10**decimals`` and scales back."""

    kernel, node_name = "round", "RoundBackward0"

    def forward(self, x, decimals: int = 0, *, out=None, inplace=False):
        self.decimals = decimals
        if decimals:
            if not x.dtype.is_floating_point:
                raise _not_implemented("round", x)
            self.node_name = "RoundBackward1"
            self.scale_dtype = np.float64 if x.dtype.itemsize == 8 else np.float32
        return super().forward(x, out=out, inplace=inplace)

    def kernel_for(self, dtype) -> str:
        if self.decimals:
            return "round_decimals" if self.decimals > 0 else "round_decimals_neg"
        return "round"

    def params(self):
        if self.decimals:
            # the scale has the compute dtype, so x * scale rounds as PyTorch's kernel does
            return (self.scale_dtype(10.0 ** abs(self.decimals)),)
        return ()


@op("frac", form=UNARY, inplace=True)
class Frac(Unary):
    r"""Returns the fractional part :math:`x_i - \operatorname{trunc}(x_i)` of each element.

    The sign follows ``input``. Floating-point inputs only. Also ``x.frac()`` and
    ``x.frac_()``.

    Args:
        input (Tensor): the input tensor.

    Keyword args:
        out (Tensor, optional): the output tensor.

    Example::

        >>> torch.frac(torch.tensor([1.25, -2.75]))
        tensor([ 0.2500, -0.7500])
    """

    kernel, bool_ok, int_ok, node_name = "frac", False, False, "FracBackward0"

    def vjp(self, g):
        return (g,)


# ---- logical, bitwise, predicates ----------------------------------------------------------------


@op("logical_not", form=UNARY, inplace=True)
class LogicalNot(Unary):
    r"""Returns the logical NOT of each element of ``input`` as a bool tensor.

    Zero is False and any other value True. Also ``x.logical_not()`` and
    ``x.logical_not_()`` (which keeps ``x``'s dtype).

    Args:
        input (Tensor): the input tensor.

    Keyword args:
        out (Tensor, optional): the output tensor.

    Example::

        >>> torch.logical_not(torch.tensor([0, 1, 2]))
        tensor([ True, False, False])
    """

    kernel, rule = "logical_not", "bool"


@op("bitwise_not", form=UNARY, inplace=True)
class BitwiseNot(Unary):
    r"""Returns the bitwise NOT of each element of ``input`` (integer or bool tensors).

    For bools it is the logical NOT. Also ``x.bitwise_not()``, ``x.bitwise_not_()`` and
    ``~x``.

    Args:
        input (Tensor): the input tensor.

    Keyword args:
        out (Tensor, optional): the output tensor.

    Example::

        >>> torch.bitwise_not(torch.tensor([0, 5, -1], dtype=torch.int8))
        tensor([-1, -6,  0], dtype=numtensor.int8)
        >>> torch.bitwise_not(torch.tensor([True, False]))
        tensor([False,  True])
    """

    kernel, float_ok = "bitwise_not", False

    def kernel_for(self, dtype) -> str:
        return "logical_not" if dtype is bool_ else "bitwise_not"


@op("isnan", form=UNARY, inplace=True)
class IsNan(Unary):
    r"""Returns a bool tensor telling which elements of ``input`` are NaN.

    Integer and bool tensors have none. Also ``x.isnan()``.

    Args:
        input (Tensor): the input tensor.

    Example::

        >>> torch.isnan(torch.tensor([1., float("nan"), float("inf")]))
        tensor([False,  True, False])
    """

    kernel, rule = "isnan", "bool"


@op("isinf", form=UNARY, inplace=True)
class IsInf(Unary):
    r"""Returns a bool tensor telling which elements of ``input`` are ``+inf`` or ``-inf``.

    Also ``x.isinf()``; :func:`isposinf` and :func:`isneginf` test one sign.

    Args:
        input (Tensor): the input tensor.

    Example::

        >>> torch.isinf(torch.tensor([1., float("nan"), float("inf"), -float("inf")]))
        tensor([False, False,  True,  True])
    """

    kernel, rule = "isinf", "bool"


@op("isfinite", form=UNARY, inplace=True)
class IsFinite(Unary):
    r"""Returns a bool tensor telling which elements of ``input`` are finite (not inf, not NaN).

    Integer and bool tensors are all finite. Also ``x.isfinite()``.

    Args:
        input (Tensor): the input tensor.

    Example::

        >>> torch.isfinite(torch.tensor([1., float("nan"), float("inf"), -float("inf")]))
        tensor([ True, False, False, False])
    """

    kernel, rule = "isfinite", "bool"


class NanToNum(Unary):
    kernel, saves, node_name = "nan_to_num", "x", "NanToNumBackward0"

    def forward(self, x, nan=0.0, posinf=None, neginf=None, *, out=None, inplace=False):
        if not x.dtype.is_floating_point:
            return x.clone() if out is None and not inplace else (x if inplace else out.copy_(x))
        info = np.finfo(x.dtype.np)
        self.values = (
            nan,
            info.max if posinf is None else posinf,
            info.min if neginf is None else neginf,
        )
        return super().forward(x, out=out, inplace=inplace)

    def params(self):
        return tuple(float(v) for v in self.values)

    def vjp(self, g):
        (x,) = self.saved
        return (g * x.isfinite(),)
