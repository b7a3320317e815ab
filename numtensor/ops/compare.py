"""Comparison, logical and bitwise binary ops, declared on the ``Binary`` base of
``binary.py``: eq, ne, lt, le, gt, ge (and their aliases not_equal, less, ...),
logical_and/or/xor and bitwise_and/or/xor, as functions, methods and in-place methods (each
class's docstring, from ``_DOCS``, documents its function and method); and isclose, allclose
and equal, composed of them.
"""

from __future__ import annotations

from .._dtype import bool_, result_type, type_name
from .._tensor_base import Tensor
from .binary import Binary, _no_overload, _tensors_only, check_operand
from .registry import BINARY, op


class Compare(Binary):
    """eq/ne/lt/le/gt/ge: compare in the promoted dtype, answer bool."""

    def result_dtype(self, a, b):
        if not isinstance(a, Tensor):  # (``2 < t`` is ``t > 2``: a number comes second)
            raise _no_overload(self.kernel, a, b)
        self.compare_in = result_type(a, b)
        return bool_

    def compute_dtype(self, result):
        return self.compare_in


class Logical(Compare):
    """logical_and/or/xor: nonzero is True; the answer is bool."""

    def result_dtype(self, a, b):
        _tensors_only(self.kernel, a, b)
        return super().result_dtype(a, b)


class Bitwise(Binary):
    """bitwise_and/or/xor over integers and bools."""

    def forward(self, a, b, *, out=None, inplace=False):
        if inplace and isinstance(a, Tensor) and not a.dtype.is_floating_point:
            d = result_type(a, b)
            if d.is_floating_point:  # (bool &= 1.5: the cast is refused before the kernel)
                raise RuntimeError(
                    f"result type {type_name(d)} can't be cast to the desired output type "
                    f"{type_name(a.dtype)}"
                )
        return super().forward(a, b, out=out, inplace=inplace)

    def result_dtype(self, a, b):
        d = result_type(a, b)
        if d.is_floating_point:
            raise NotImplementedError(f"\"{self.kernel}_cpu\" not implemented for '{type_name(d)}'")
        return d


def _compare_doc(name: str, text: str, symbol: str, example: str, alias: str = "") -> str:
    alias = f" ``torch.{alias}`` is an alias." if alias else ""
    return f"""Computes ``{text}`` elementwise and returns a bool tensor.

    ``other`` broadcasts against ``input`` and may be a Python number; the comparison is made
    in the promoted dtype. Also ``x.{name}(other)``, ``x.{name}_(other)`` (which keeps
    ``x``'s dtype) and ``x {symbol} other``.{alias}

    Args:
        input (Tensor): the tensor to compare.
        other (Tensor or Number): the tensor or value to compare with.

    Keyword args:
        out (Tensor, optional): the output tensor.

    Example::

        >>> a = torch.tensor([[1, 2], [3, 4]])
{example}
    """


def _logical_doc(name: str, word: str, example: str) -> str:
    return f"""Computes the elementwise logical {word} of ``input`` and ``other``.

    Zeros count as False and other values as True; both must be tensors (broadcast), of
    any dtypes. The result is bool. Also ``x.{name}(other)`` and ``x.{name}_(other)``.

    Args:
        input (Tensor): the input tensor.
        other (Tensor): the tensor to combine with.

    Keyword args:
        out (Tensor, optional): the output tensor.

    Example::

{example}
    """


def _bitwise_doc(name: str, word: str, symbol: str, example: str) -> str:
    return f"""Computes the bitwise {word} of ``input`` and ``other`` (integer or bool tensors).

    For bools it is the logical {word}. ``other`` broadcasts and may be a Python number.
    Also ``x.{name}(other)``, ``x.{name}_(other)`` and ``x {symbol} other``.

    Args:
        input (Tensor): the first operand.
        other (Tensor or Number): the second operand.

    Keyword args:
        out (Tensor, optional): the output tensor.

    Example::

        >>> a = torch.tensor([-1, -2, 3], dtype=torch.int8)
{example}
    """


_EX = " " * 8 + ">>> "
_DOCS = {
    "eq": _compare_doc(
        "eq",
        "input == other",
        "==",
        f"{_EX}torch.eq(a, torch.tensor([[1, 1], [4, 4]]))\n"
        "        tensor([[ True, False],\n"
        "                [False,  True]])",
    ),
    "ne": _compare_doc(
        "ne",
        "input != other",
        "!=",
        f"{_EX}torch.ne(a, 2)\n        tensor([[ True, False],\n                [ True,  True]])",
        "not_equal",
    ),
    "lt": _compare_doc(
        "lt",
        "input < other",
        "<",
        f"{_EX}torch.lt(a, torch.tensor([2, 3]))\n"
        "        tensor([[ True,  True],\n"
        "                [False, False]])",
        "less",
    ),
    "le": _compare_doc(
        "le",
        "input <= other",
        "<=",
        f"{_EX}torch.le(a, 3)\n        tensor([[ True,  True],\n                [ True, False]])",
        "less_equal",
    ),
    "gt": _compare_doc(
        "gt",
        "input > other",
        ">",
        f"{_EX}torch.gt(a, torch.tensor([2, 3]))\n"
        "        tensor([[False, False],\n"
        "                [ True,  True]])",
        "greater",
    ),
    "ge": _compare_doc(
        "ge",
        "input >= other",
        ">=",
        f"{_EX}torch.ge(a, 3)\n        tensor([[False, False],\n                [ True,  True]])",
        "greater_equal",
    ),
    "logical_and": _logical_doc(
        "logical_and",
        "AND",
        f"{_EX}torch.logical_and(torch.tensor([True, False, True]), "
        "torch.tensor([True, True, False]))\n"
        "        tensor([ True, False, False])\n"
        f"{_EX}torch.logical_and(torch.tensor([0, 1, 2]), torch.tensor([1., 0., 3.]))\n"
        "        tensor([False, False,  True])",
    ),
    "logical_or": _logical_doc(
        "logical_or",
        "OR",
        f"{_EX}torch.logical_or(torch.tensor([True, False, False]), "
        "torch.tensor([False, False, True]))\n"
        "        tensor([ True, False,  True])",
    ),
    "logical_xor": _logical_doc(
        "logical_xor",
        "XOR",
        f"{_EX}torch.logical_xor(torch.tensor([True, False, True]), "
        "torch.tensor([True, True, False]))\n"
        "        tensor([False,  True,  True])",
    ),
    "bitwise_and": _bitwise_doc(
        "bitwise_and",
        "AND",
        "&",
        f"{_EX}torch.bitwise_and(a, torch.tensor([1, 0, 3], dtype=torch.int8))\n"
        "        tensor([1, 0, 3], dtype=numtensor.int8)",
    ),
    "bitwise_or": _bitwise_doc(
        "bitwise_or",
        "OR",
        "|",
        f"{_EX}torch.bitwise_or(a, torch.tensor([1, 0, 3], dtype=torch.int8))\n"
        "        tensor([-1, -2,  3], dtype=numtensor.int8)",
    ),
    "bitwise_xor": _bitwise_doc(
        "bitwise_xor",
        "XOR",
        "^",
        f"{_EX}torch.bitwise_xor(a, torch.tensor([1, 0, 3], dtype=torch.int8))\n"
        "        tensor([-2, -2,  0], dtype=numtensor.int8)",
    ),
}


def _named(base: type, kernel: str) -> type:
    # (the generated op classes' docstrings, from _DOCS, are their user documentation)
    name = "".join(p.capitalize() for p in kernel.split("_"))
    return type(name, (base,), {"kernel": kernel, "op_name": kernel, "__doc__": _DOCS[kernel]})


Eq, Ne, Lt, Le, Gt, Ge = (
    op(kernel, form=BINARY, inplace=True, aliases=aliases)(_named(Compare, kernel))
    for kernel, aliases in (
        ("eq", ()),
        ("ne", ("not_equal",)),
        ("lt", ("less",)),
        ("le", ("less_equal",)),
        ("gt", ("greater",)),
        ("ge", ("greater_equal",)),
    )
)
LogicalAnd, LogicalOr, LogicalXor = (
    op(kernel, form=BINARY, inplace=True)(_named(Logical, kernel))
    for kernel in ("logical_and", "logical_or", "logical_xor")
)
BitwiseAnd, BitwiseOr, BitwiseXor = (
    op(kernel, form=BINARY, inplace=True)(_named(Bitwise, kernel))
    for kernel in ("bitwise_and", "bitwise_or", "bitwise_xor")
)


# ---- isclose, allclose, equal -------------------------------------------------------------------


@op("isclose")
def isclose(input, other, rtol=1e-05, atol=1e-08, equal_nan=False) -> Tensor:
    r"""Returns a bool tensor telling where ``input`` is close to ``other``.

    .. math:: |\text{input}_i - \text{other}_i| \le \text{atol} + \text{rtol} \times
        |\text{other}_i|

    Equal values (infinities included) are close; NaNs are close to each other only with
    ``equal_nan=True``. The dtypes must match (``other`` may be a number). Also
    ``x.isclose(y)``.

    Args:
        input (Tensor): the first tensor.
        other (Tensor or Number): the second tensor.
        rtol (float): the relative tolerance. Default: 1e-05.
        atol (float): the absolute tolerance. Default: 1e-08.
        equal_nan (bool): whether two NaNs count as close. Default: False.

    Example::

        >>> a = torch.tensor([1., 1.0001, float("nan")])
        >>> b = torch.tensor([1., 1., float("nan")])
        >>> torch.isclose(a, b)
        tensor([ True, False, False])
        >>> torch.isclose(a, b, rtol=1e-3, equal_nan=True)
        tensor([True, True, True])
    """
    check_operand(other, "isclose")
    if input.dtype is not getattr(other, "dtype", input.dtype):
        raise RuntimeError(f"{input.dtype} did not match {other.dtype}")
    inexact = input.dtype.is_floating_point or input.dtype.is_complex
    a = input if inexact else input.double()
    b = other if not isinstance(other, Tensor) or inexact else other.double()
    close = (a - b).abs() <= atol + rtol * (b.abs() if isinstance(b, Tensor) else abs(b))
    close = close | (a == b)
    if equal_nan:
        close = close | (a.isnan() & (b.isnan() if isinstance(b, Tensor) else False))
    return close


@op("allclose")
def allclose(input, other, rtol=1e-05, atol=1e-08, equal_nan=False) -> bool:
    r"""Returns True when every element of ``input`` is close to ``other`` (see
    :func:`isclose` for the test and the arguments). Also ``x.allclose(y)``.

    Example::

        >>> torch.allclose(torch.tensor([1., 2.]), torch.tensor([1., 2.0000001]))
        True
        >>> torch.allclose(torch.tensor([1., 2.]), torch.tensor([1., 2.1]))
        False
    """
    return bool(isclose(input, other, rtol, atol, equal_nan).all())


@op("equal")
def equal(input, other) -> bool:
    r"""Returns True when ``input`` and ``other`` have the same shape and the same values.

    A Python bool, not a tensor. Also ``x.equal(y)``.

    Args:
        input (Tensor): the first tensor.
        other (Tensor): the second tensor.

    Example::

        >>> torch.equal(torch.tensor([1, 2]), torch.tensor([1, 2]))
        True
        >>> torch.equal(torch.tensor([1, 2]), torch.tensor([1, 2, 3]))
        False
    """
    if input.shape != other.shape:
        return False
    return bool(Eq.apply(input, other).all())
