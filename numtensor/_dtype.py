"""dtype objects (``numtensor.float32`` ...), the default dtype and PyTorch's promotion rules."""

from __future__ import annotations

import numpy as np


class dtype:
    r"""A :class:`numtensor.dtype` is an object that represents the data type of a tensor's
    elements.

    numtensor has ``float16``, ``bfloat16``, ``float32``, ``float64``, ``complex64``,
    ``complex128``, ``uint8``, ``int8``, ``int16``, ``int32``, ``int64`` and ``bool`` (also
    under PyTorch's other names: ``half``, ``float``, ``double``, ``long``, ``int``, ...).
    Each exists once, so dtypes compare by identity. Attributes: ``is_floating_point``,
    ``is_complex``, ``is_signed`` and ``itemsize`` (bytes per element).

    Example::

        >>> torch.float32
        numtensor.float32
        >>> torch.tensor([1, 2]).dtype is torch.int64
        True
        >>> torch.float64.is_floating_point, torch.float64.itemsize
        (True, 8)
    """

    __slots__ = ("_name", "is_complex", "is_floating_point", "is_signed", "itemsize", "np")

    def __init__(self, name: str, np_dtype, is_floating_point: bool, is_signed: bool):
        self._name = name
        self.np = np.dtype(np_dtype)
        self.is_floating_point = is_floating_point
        self.is_complex = self.np.kind == "c"
        self.is_signed = is_signed
        self.itemsize = self.np.itemsize

    def __repr__(self) -> str:
        return f"numtensor.{self._name}"

    def __reduce__(self):
        return (_dtype_by_name, (self._name,))

    def to_real(self) -> dtype:
        r"""Returns the real dtype matching this one: complex64 gives float32, complex128 float64;
        other dtypes are their own.

        Example::

            >>> torch.complex64.to_real()
            numtensor.float32
        """
        return _BY_NP[np.dtype(self.np.char.lower())] if self.is_complex else self

    def to_complex(self) -> dtype:
        r"""Returns the complex dtype matching this one: float64 gives complex128, other floating
        dtypes complex64 (numtensor has no complex32); complex dtypes are their own.

        Example::

            >>> torch.float64.to_complex()
            numtensor.complex128
        """
        if self.is_complex:
            return self
        if self is float64:
            return complex128
        if self.is_floating_point:
            return complex64
        raise RuntimeError(f"to_complex is only defined for floating types, not {self!r}")


uint8 = dtype("uint8", np.uint8, False, False)
int8 = dtype("int8", np.int8, False, True)
int16 = dtype("int16", np.int16, False, True)
int32 = dtype("int32", np.int32, False, True)
int64 = dtype("int64", np.int64, False, True)
float16 = dtype("float16", np.float16, True, True)
float32 = dtype("float32", np.float32, True, True)
float64 = dtype("float64", np.float64, True, True)
bool_ = dtype("bool", np.bool_, False, False)
complex64 = dtype("complex64", np.complex64, False, True)
complex128 = dtype("complex128", np.complex128, False, True)


class _BFloat16(dtype):
    """bfloat16: 8 exponent bits like float32, 8 significand bits. Stored as the ``ml_dtypes``
    package's NumPy dtype (imported on first use: most programs never need it); kernels
    compute it in float32, as they do float16."""

    __slots__ = ("_np",)

    def __init__(self) -> None:
        self._name = "bfloat16"
        self._np = None
        self.is_floating_point = True
        self.is_complex = False
        self.is_signed = True
        self.itemsize = 2

    @property
    def np(self):
        if self._np is None:
            import ml_dtypes

            self._np = np.dtype(ml_dtypes.bfloat16)
            _BY_NP[self._np] = self
        return self._np


bfloat16 = _BFloat16()
HALVES = (float16, bfloat16)  # the 16-bit floats, which kernels compute in float32

ALL_DTYPES = (bool_, uint8, int8, int16, int32, int64, float16, bfloat16, float32, float64)
COMPLEX_DTYPES = (complex64, complex128)
_BY_NP = {d.np: d for d in ALL_DTYPES + COMPLEX_DTYPES if d is not bfloat16}
_BY_NAME = {d._name: d for d in ALL_DTYPES + COMPLEX_DTYPES}


def _dtype_by_name(name: str) -> dtype:
    return _BY_NAME[name]


def from_numpy_dtype(np_dtype) -> dtype:
    """The numtensor dtype of a NumPy dtype; TypeError for ones PyTorch has no twin of."""
    found = _BY_NP.get(np_dtype)  # a NumPy dtype object hashes as itself: no conversion
    if found is not None:
        return found
    if getattr(np_dtype, "name", None) == "bfloat16":  # (ml_dtypes' bfloat16)
        return bfloat16
    try:
        return _BY_NP[np.dtype(np_dtype)]
    except KeyError:
        raise TypeError(
            f"can't convert np.ndarray of type {np.dtype(np_dtype)}. The only supported types "
            "are: float64, float32, float16, complex64, complex128, int64, int32, int16, int8, "
            "uint8, and bool."
        ) from None


def check_dtype(value, where: str = "dtype") -> dtype:
    """Validate a ``dtype=`` argument (PyTorch raises TypeError for anything but a dtype)."""
    if isinstance(value, dtype):
        return value
    if value is float:
        return get_default_dtype()
    if value is int:
        return int64
    if value is bool:
        return bool_
    raise TypeError(f"{where} must be numtensor.dtype, not {type(value).__name__}")


_default_dtype = float32


def get_default_dtype() -> dtype:
    r"""Gets the current default floating point :class:`numtensor.dtype`: the dtype Python
    floats become in :func:`tensor`, and that of :func:`zeros`, :func:`rand`, ... without
    ``dtype=``. ``float32`` unless changed by :func:`set_default_dtype`.

    Example::

        >>> torch.get_default_dtype()
        numtensor.float32
        >>> torch.tensor([1.2]).dtype
        numtensor.float32
    """
    return _default_dtype


def set_default_dtype(d: dtype) -> None:
    r"""Sets the default floating point dtype to ``d``.

    It is the dtype Python floats become in :func:`tensor` and that of the float factories
    without ``dtype=``; Python complex numbers become the matching complex dtype. Only
    floating dtypes are accepted (``TypeError`` otherwise).

    Args:
        d (:class:`numtensor.dtype`): the floating point dtype to make the default.

    Example::

        >>> torch.set_default_dtype(torch.float64)
        >>> torch.tensor([1.2, 3]).dtype
        numtensor.float64
        >>> torch.set_default_dtype(torch.float32)
    """
    global _default_dtype
    d = check_dtype(d)
    if not d.is_floating_point:
        raise TypeError("only floating-point types are supported as the default type")
    _default_dtype = d


def promote_types(type1: dtype, type2: dtype) -> dtype:
    r"""Returns the :class:`numtensor.dtype` with the smallest size and scalar kind that is not
    smaller nor of lower kind than either ``type1`` or ``type2``.

    The kinds rank bool < integers < floating < complex; ``uint8`` with ``int8`` gives
    ``int16``, ``float16`` with ``bfloat16`` gives ``float32``. See also
    :func:`result_type`.

    Args:
        type1 (:class:`numtensor.dtype`): a dtype.
        type2 (:class:`numtensor.dtype`): a dtype.

    Example::

        >>> torch.promote_types(torch.int32, torch.float32)
        numtensor.float32
        >>> torch.promote_types(torch.uint8, torch.int8)
        numtensor.int16
    """
    a, b = type1, type2
    if a is b:
        return a
    if a is bool_:
        return b
    if b is bool_:
        return a
    if a.is_complex or b.is_complex:
        wide = (
            promote_types(a.to_real(), b.to_real())
            if a.is_complex and b.is_complex
            else (a.to_real() if a.is_complex else b.to_real())
        )
        other = b if a.is_complex else a
        if not (a.is_complex and b.is_complex) and other.is_floating_point:
            wide = promote_types(wide, other)
        return complex128 if wide is float64 else complex64
    if a.is_floating_point != b.is_floating_point:
        return a if a.is_floating_point else b
    if a is bfloat16 or b is bfloat16:  # (float16 with bfloat16 meet in float32)
        other = b if a is bfloat16 else a
        return float32 if other is float16 else other
    return _BY_NP[np.promote_types(a.np, b.np)]


def category(d: dtype) -> int:
    """0 for bool, 1 for integers, 2 for floats, 3 for complex: the order scalars and 0-dim
    tensors count by."""
    if d is bool_:
        return 0
    if d.is_complex:
        return 3
    return 2 if d.is_floating_point else 1


def int_scalar_fits(value: int) -> bool:
    """Whether a Python int is within what int64 and uint64 hold together (PyTorch's
    argument parsing takes it)."""
    return -(1 << 63) <= value < (1 << 64)


def check_int_scalar(value) -> None:
    """PyTorch's argument parsing of a Python int: OverflowError outside what int64 and
    uint64 hold together, before any op looks at it."""
    if type(value) is int and not int_scalar_fits(value):
        raise OverflowError("int too big to convert")


def scalar_dtype(value) -> dtype:
    """The dtype a bare Python scalar gets when it becomes a tensor."""
    if isinstance(value, (bool, np.bool_)):
        return bool_
    if isinstance(value, (int, np.integer)):
        return int64
    if isinstance(value, (float, np.floating)):
        return get_default_dtype()
    if isinstance(value, (complex, np.complexfloating)):
        return get_default_dtype().to_complex()
    raise TypeError(f"unsupported scalar type {type(value).__name__}")


def _combine(higher: dtype | None, lower: dtype | None) -> dtype | None:
    """PyTorch's combine_categories: a higher-priority group wins unless it is a lower category."""
    if higher is None:
        return lower
    if lower is None or category(higher) >= category(lower):
        return higher
    return promote_types(higher, lower)


def result_type(*operands) -> dtype:
    """The dtype of an op over tensors and Python scalars, by PyTorch's rules.

    Tensors with dimensions decide; 0-dim tensors, then Python scalars, count only when they
    are of a higher category (bool < integer < floating).
    """
    dim = zero = wrapped = None
    for x in operands:
        d = getattr(x, "_dtype", None)
        if d is None:
            if type(x) is int:
                check_int_scalar(x)
            d = scalar_dtype(x)
            wrapped = d if wrapped is None else promote_types(wrapped, d)
        elif x._data.ndim == 0:
            zero = d if zero is None else promote_types(zero, d)
        else:
            dim = d if dim is None else promote_types(dim, d)
    out = _combine(dim, _combine(zero, wrapped))
    return out


def can_cast(src: dtype, dst: dtype) -> bool:
    """PyTorch's canCast for in-place and out= results: no complex->real, no float->int, no
    number->bool."""
    if src.is_complex and not dst.is_complex:
        return False
    if src.is_floating_point and not (dst.is_floating_point or dst.is_complex):
        return False
    return not (src is not bool_ and dst is bool_)


def type_name(d: dtype) -> str:
    """PyTorch's scalar-type name (Float, Long, Bool ...) used in its error messages."""
    return {
        "uint8": "Byte",
        "int8": "Char",
        "int16": "Short",
        "int32": "Int",
        "int64": "Long",
        "float16": "Half",
        "bfloat16": "BFloat16",
        "float32": "Float",
        "float64": "Double",
        "complex64": "ComplexFloat",
        "complex128": "ComplexDouble",
        "bool": "Bool",
    }[d._name]


# ---- Python numbers into a dtype, as PyTorch converts them -------------------------------------

_C_NAMES = {
    "uint8": "uint8_t",
    "int8": "int8_t",
    "int16": "int16_t",
    "int32": "int",
    "int64": "int64_t",
    "float16": "c10::Half",
    "bfloat16": "c10::BFloat16",
    "float32": "float",
    "float64": "double",
    "complex64": "c10::complex<float>",
    "complex128": "c10::complex<double>",
}

# C++ type names as PyTorch's messages about a tensor's dtype spell them ("Expected out tensor
# to have dtype long int, but got float instead"): the integers by their C names
CPP_TYPE_NAMES = {
    **_C_NAMES,
    "bool": "bool",
    "uint8": "unsigned char",
    "int8": "signed char",
    "int16": "short int",
    "int64": "long int",
}


_FLOAT_MAX = {name: float(np.finfo(name).max) for name in ("float16", "float32", "float64")}
_FLOAT_MAX["bfloat16"] = 3.3895313892515355e38
_F32_MAX = _FLOAT_MAX["float32"]


def wrapped(value, d: dtype):
    """A Python number operand of an elementwise op (``uint8_t - 300``) as PyTorch takes it:
    an int into an integer dtype wraps around (it goes through int64); a number into float16
    is rounded to half first. Other values are returned as they are."""
    if type(value) is int:
        check_int_scalar(value)
    if d.is_floating_point:
        if d is float16 and isinstance(value, (int, float)) and not isinstance(value, bool):
            with np.errstate(over="ignore"):
                return float(np.float16(value))
        return value
    if d is bool_ or isinstance(value, bool) or not isinstance(value, (int, np.integer)):
        return value
    value = int(value)
    if not -(1 << 63) <= value < (1 << 64):
        raise OverflowError("int too big to convert")
    bits = d.itemsize * 8
    value &= (1 << bits) - 1
    if d.is_signed and value >= 1 << (bits - 1):
        value -= 1 << bits
    return value


def checked(value, d: dtype, half: bool = True):
    """A Python number stored into a tensor of dtype ``d`` (fill_, full, masked_fill, setitem,
    clamp bounds...): PyTorch's checked conversion, RuntimeError when it does not fit. With
    ``half=False`` a float16 target takes any float (setitem and where round to inf)."""
    if type(value) is float and (d is float64 or (d is float32 and abs(value) <= _F32_MAX)):
        return value  # (the common case first: a float that fits)
    if d.is_complex:
        return complex(value) if isinstance(value, (int, float, complex, np.number)) else value
    if isinstance(value, (complex, np.complexfloating)):
        if d is bool_:
            return bool(value)
        if value.imag == 0:
            return checked(value.real, d, half)
        raise RuntimeError(
            f"value cannot be converted to type {_C_NAMES[d._name]} without overflow"
        )
    if type(value) is int:
        check_int_scalar(value)
    if d is bool_ or isinstance(value, (bool, np.bool_)):
        return value
    if isinstance(value, (int, np.integer)):
        value = int(value)
        if d.is_floating_point:
            return checked(float(value), d, half)
        info = np.iinfo(d.np)
        low = -info.max if info.min == 0 else info.min  # unsigned: -255 wraps, as in c10
        if low <= value <= info.max:
            return wrapped(value, d)
    elif isinstance(value, (float, np.floating)):
        value = float(value)
        if d.is_floating_point:
            if (
                value != value
                or abs(value) == float("inf")
                or abs(value) <= _FLOAT_MAX[d._name]
                or (d is float16 and not half)
            ):
                return value
        elif value == value and np.iinfo(d.np).min <= value <= np.iinfo(d.np).max:
            return int(value)
    else:
        return value
    raise RuntimeError(f"value cannot be converted to type {_C_NAMES[d._name]} without overflow")
