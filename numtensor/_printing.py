"""repr()/str() of tensors, formatted exactly as PyTorch formats them.

Works on the values as a NumPy array (copied to the host for CUDA tensors), with the
same rules as PyTorch: a shared width per tensor, integer-valued floats as ``1.``,
scientific notation when the magnitudes span too much, summarisation above a threshold.
"""

from __future__ import annotations

import contextlib
import dataclasses
import math

import numpy as np

from . import _dtype


@dataclasses.dataclass
class _PrintOptions:
    precision: int = 4
    threshold: float = 1000
    edgeitems: int = 3
    linewidth: int = 80
    sci_mode: bool | None = None


PRINT_OPTS = _PrintOptions()
_PROFILES = {
    "default": dict(precision=4, threshold=1000, edgeitems=3, linewidth=80),
    "short": dict(precision=2, threshold=1000, edgeitems=2, linewidth=80),
    "full": dict(precision=4, threshold=math.inf, edgeitems=3, linewidth=80),
}


def set_printoptions(
    precision=None, threshold=None, edgeitems=None, linewidth=None, profile=None, sci_mode=None
) -> None:
    r"""Sets options for printing tensors (items taken from NumPy's).

    Options not given are left as they are, except ``sci_mode``, which is reset to automatic
    when not given, as in PyTorch.

    Args:
        precision (int, optional): the number of digits of precision for floating point
            output. Default: ``4``.
        threshold (int, optional): the total number of array elements which trigger
            summarisation rather than full ``repr``. Default: ``1000``.
        edgeitems (int, optional): the number of items in summary at the beginning and end
            of each dimension. Default: ``3``.
        linewidth (int, optional): the number of characters per line. Default: ``80``.
        profile (str, optional): sane defaults for pretty printing; overridden by the options
            above: ``"default"``, ``"short"`` or ``"full"``.
        sci_mode (bool, optional): enable (``True``) or disable (``False``) scientific
            notation; ``None`` lets numtensor choose. Default: ``None``.

    Example::

        >>> torch.set_printoptions(precision=2)
        >>> torch.tensor([1.23456])
        tensor([1.23])
        >>> torch.set_printoptions(profile="default")
        >>> torch.tensor([1.23456])
        tensor([1.2346])
    """
    if profile is not None:
        for key, value in _PROFILES[profile].items():
            setattr(PRINT_OPTS, key, value)
    for key, value in (
        ("precision", precision),
        ("threshold", threshold),
        ("edgeitems", edgeitems),
        ("linewidth", linewidth),
    ):
        if value is not None:
            setattr(PRINT_OPTS, key, value)
    PRINT_OPTS.sci_mode = sci_mode


def get_printoptions() -> dict:
    r"""Gets the current options for printing, as a dictionary that can be passed as
    ``**kwargs`` to :func:`set_printoptions`.

    Example::

        >>> torch.get_printoptions()["precision"]
        4
    """
    return dataclasses.asdict(PRINT_OPTS)


@contextlib.contextmanager
def printoptions(**kwargs):
    r"""Context manager that temporarily changes the print options (the arguments of
    :func:`set_printoptions`), restoring them on exit.

    Example::

        >>> with torch.printoptions(precision=2):
        ...     print(torch.tensor([1.23456]))
        tensor([1.23])
        >>> torch.tensor([1.23456])
        tensor([1.2346])
    """
    old = get_printoptions()
    set_printoptions(**kwargs)
    try:
        yield
    finally:
        set_printoptions(**old)


class _Formatter:
    """Chooses one format (int, fixed, scientific) and width for all the values shown."""

    def __init__(self, values: np.ndarray, floating: bool):
        self.floating = floating
        self.int_mode = True
        self.sci_mode = False
        self.max_width = 1
        flat = values.reshape(-1)
        if not floating:
            for v in flat.tolist():
                self.max_width = max(self.max_width, len(str(v)))
            return
        finite = flat[np.isfinite(flat) & (flat != 0)]
        if finite.size == 0:
            return
        absolute = np.abs(finite.astype(np.float64))
        lo, hi = absolute.min(), absolute.max()
        self.int_mode = bool(np.all(finite == np.ceil(finite)))
        if PRINT_OPTS.sci_mode is None:
            self.sci_mode = bool(hi / lo > 1000.0 or hi > 1.0e8 or lo < 1.0e-4)
        else:
            self.sci_mode = PRINT_OPTS.sci_mode
        p = PRINT_OPTS.precision
        for v in finite.tolist():
            if self.sci_mode:
                width = len(f"{v:.{p}e}")
            elif self.int_mode:
                width = len(f"{v:.0f}") + 1
            else:
                width = len(f"{v:.{p}f}")
            self.max_width = max(self.max_width, width)

    def format(self, value) -> str:
        if self.floating:
            p = PRINT_OPTS.precision
            if self.sci_mode:
                out = f"{value:{self.max_width}.{p}e}"
            elif self.int_mode:
                out = f"{value:.0f}"
                if not (math.isinf(value) or math.isnan(value)):
                    out += "."
            else:
                out = f"{value:.{p}f}"
        else:
            out = str(value)
        return (self.max_width - len(out)) * " " + out


class _ComplexFormatter:
    """PyTorch's pair of formatters for complex values: the real parts padded to one width,
    then the imaginary part with its sign and a ``j`` (``1.0000+2.5000j``)."""

    def __init__(self, values: np.ndarray):
        self.real = _Formatter(values.real, True)
        self.imag = _Formatter(values.imag, True)
        self.max_width = self.real.max_width + self.imag.max_width + 1

    def format(self, value) -> str:
        imag = (self.imag.format(value.imag) + "j").lstrip()
        sign = "" if imag[0] in "+-" else "+"
        return self.real.format(value.real) + sign + imag


def _summarized(values: np.ndarray) -> np.ndarray:
    """Only the edge items of every dimension, which are all that is printed when summarising."""
    e = PRINT_OPTS.edgeitems
    for axis, size in enumerate(values.shape):
        if size > 2 * e:
            values = np.concatenate(
                (values.take(range(e), axis=axis), values.take(range(size - e, size), axis=axis)),
                axis=axis,
            )
    return values


def _vector_str(values: np.ndarray, indent: int, summarize: bool, fmt: _Formatter) -> str:
    element_length = fmt.max_width + 2
    per_line = max(1, math.floor((PRINT_OPTS.linewidth - indent) / element_length))
    e = PRINT_OPTS.edgeitems
    if summarize and not e:
        data = ["..."]
    elif summarize and values.shape[0] > 2 * e:
        data = (
            [fmt.format(v) for v in values[:e].tolist()]
            + [" ..."]
            + [fmt.format(v) for v in values[-e:].tolist()]
        )
    else:
        data = [fmt.format(v) for v in values.tolist()]
    lines = [", ".join(data[i : i + per_line]) for i in range(0, len(data), per_line)]
    return "[" + ("," + "\n" + " " * (indent + 1)).join(lines) + "]"


def _tensor_str_with(values: np.ndarray, indent: int, summarize: bool, fmt: _Formatter) -> str:
    nd = values.ndim
    if nd == 0:
        return fmt.format(values.item())
    if nd == 1:
        return _vector_str(values, indent, summarize, fmt)
    e = PRINT_OPTS.edgeitems
    n = values.shape[0]
    if summarize and n > 2 * e:
        rows = (
            [_tensor_str_with(values[i], indent + 1, summarize, fmt) for i in range(e)]
            + ["..."]
            + [_tensor_str_with(values[i], indent + 1, summarize, fmt) for i in range(n - e, n)]
        )
    else:
        rows = [_tensor_str_with(values[i], indent + 1, summarize, fmt) for i in range(n)]
    return "[" + ("," + "\n" * (nd - 1) + " " * (indent + 1)).join(rows) + "]"


def tensor_body(values: np.ndarray, floating: bool, indent: int) -> str:
    """The bracketed values, as PyTorch's ``_tensor_str`` lays them out."""
    if values.size == 0:
        return "[]"
    summarize = values.size > PRINT_OPTS.threshold
    if values.dtype.itemsize == 2 and values.dtype.kind in "fV":  # float16, bfloat16
        values = values.astype(np.float32)
    shown = _summarized(values) if summarize else values
    fmt = _ComplexFormatter(shown) if values.dtype.kind == "c" else _Formatter(shown, floating)
    return _tensor_str_with(values, indent, summarize, fmt)


def _add_suffixes(text: str, suffixes: list, indent: int) -> str:
    parts = [text]
    last_line_len = len(text) - text.rfind("\n") + 1
    for suffix in suffixes:
        # (measured as PyTorch's ``torch.float64``, so lines break where PyTorch's do)
        width = len(suffix.replace("numtensor.", "torch."))
        if last_line_len + width + 2 > PRINT_OPTS.linewidth:
            parts.append(",\n" + " " * indent + suffix)
            last_line_len = indent + width
        else:
            parts.append(", " + suffix)
            last_line_len += width + 2
    parts.append(")")
    return "".join(parts)


def tensor_repr(t, prefix: str = "tensor(") -> str:
    """``repr(t)``: ``tensor([...], dtype=..., device=..., grad_fn=<...>)``."""
    from . import backend

    indent = len(prefix)
    suffixes = []
    if t.device.type != "cpu":
        suffixes.append(f"device='{t.device}'")
    values = backend.of(t.device).to_host(t._data)
    dt = t.dtype
    default = _dtype.get_default_dtype()
    if values.size == 0:
        if values.ndim != 1:
            suffixes.append(f"size={tuple(values.shape)}")
        if dt is not default:
            suffixes.append(f"dtype={dt}")
        body = "[]"
    else:
        if not PRINT_OPTS.edgeitems:
            suffixes.append(f"size={tuple(values.shape)}")
        if dt not in (default, default.to_complex(), _dtype.int64, _dtype.bool_):
            suffixes.append(f"dtype={dt}")
        body = tensor_body(values, dt.is_floating_point, indent)
    if t.grad_fn is not None:
        # (the node's type name, as PyTorch prints it: CopySlices, not its name())
        suffixes.append(f"grad_fn=<{type(t.grad_fn).__name__}>")
    elif t.requires_grad:
        suffixes.append("requires_grad=True")
    return _add_suffixes(prefix + body, suffixes, indent)
