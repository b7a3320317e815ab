"""The ONNX graph under construction: value names, nodes, initializers and typed constants.

Converters (symbolic_*.py) call ``Graph`` to turn the ops recorded from one run of the model
into ONNX nodes. A tensor of the run is known by identity: a graph input, a parameter or
buffer (an initializer under its state_dict name), the output of a converted op, or else a
constant (its value becomes an initializer). ``onnx`` is imported only while exporting.
"""

from __future__ import annotations

import itertools

import numpy as np

from .._dtype import int64
from .._tensor_base import Tensor
from .errors import UnsupportedOperatorError
from .shapes import DimInt

_ONNX_TYPES = {
    "float32": 1,
    "uint8": 2,
    "int8": 3,
    "uint16": 4,
    "int16": 5,
    "int32": 6,
    "int64": 7,
    "bool": 9,
    "float16": 10,
    "float64": 11,
    "uint32": 12,
    "uint64": 13,
    "bfloat16": 16,
}


def onnx_type(dtype) -> int:
    """The TensorProto element type of a numtensor dtype."""
    name = str(dtype).replace("numtensor.", "")
    code = _ONNX_TYPES.get(name)
    if code is None:
        raise UnsupportedOperatorError(f"a tensor of dtype {name}", "ONNX has no such type here")
    return code


def host(t: Tensor) -> np.ndarray:
    """A NumPy copy of a tensor's value, as an initializer holds it."""
    return t.detach().cpu().contiguous().clone().numpy()


class Graph:
    def __init__(self, opset: int, dynamic: bool) -> None:
        self.opset = opset
        self.dynamic = dynamic  # whether sizes may be computed in the graph (dynamic_axes)
        self.nodes: list = []
        self.initializers: dict[str, np.ndarray] = {}
        self.names: dict[int, str] = {}  # id(tensor) -> its current value's name
        self.snapshots: dict[int, np.ndarray] = {}  # id(constant tensor) -> value when used
        self.keep: list = []  # (tensors named here stay alive: their ids stay theirs)
        self._ids = itertools.count()
        self._scalars: dict = {}
        self.result = None  # the recorded result of the op being converted
        self.op_name = ""

    # ---- names ---------------------------------------------------------------------------
    def fresh(self, hint: str) -> str:
        return f"/{hint}_{next(self._ids)}"

    def bind(self, t: Tensor, name: str) -> None:
        self.names[id(t)] = name
        self.keep.append(t)

    def node(self, op_type: str, inputs, outputs: int = 1, **attrs):
        """Add a node; its output name (or names, for ``outputs`` > 1). Converters write
        each op in its newest form; older opsets get theirs here (see ``_older``)."""
        from onnx import helper

        attrs = {k: v for k, v in attrs.items() if v is not None}
        inputs = list(inputs)
        if self.opset < 18:
            older = _older(self, op_type, inputs, attrs)
            if older is not None:
                return older
        names = [self.fresh(op_type) for _ in range(outputs)]
        self.nodes.append(
            helper.make_node(
                op_type, list(inputs), names, name=f"{op_type}_{len(self.nodes)}", **attrs
            )
        )
        return names[0] if outputs == 1 else names

    # ---- constants -----------------------------------------------------------------------
    def const(self, array, hint: str = "const") -> str:
        array = np.asarray(array)
        name = self.fresh(hint)
        self.initializers[name] = array
        return name

    def scalar(self, value, dtype) -> str:
        """A 0-dim constant of numtensor ``dtype`` (shared between uses)."""
        np_dtype = np.dtype(str(dtype).replace("numtensor.", ""))
        key = (np_dtype.str, repr(value))
        name = self._scalars.get(key)
        if name is None:
            name = self._scalars[key] = self.const(np.array(value, dtype=np_dtype), "scalar")
        return name

    def ints(self, values) -> str:
        """A 1-D int64 tensor of ``values``; elements that are dynamic sizes (DimInt) are
        computed from their tensors' shapes."""
        values = [values] if isinstance(values, int) else list(values)
        if not any(isinstance(v, DimInt) and v.dynamic for v in values):
            return self.const(np.array([int(v) for v in values], dtype=np.int64), "ints")
        parts = [self.dim(v) if isinstance(v, DimInt) and v.dynamic else None for v in values]
        pieces, run = [], []
        for v, part in zip(values, parts):
            if part is None:
                run.append(int(v))
                continue
            if run:
                pieces.append(self.const(np.array(run, dtype=np.int64), "ints"))
                run = []
            pieces.append(part)
        if run:
            pieces.append(self.const(np.array(run, dtype=np.int64), "ints"))
        return pieces[0] if len(pieces) == 1 else self.node("Concat", pieces, axis=0)

    def dim(self, d: DimInt) -> str:
        """A [1] int64 tensor holding the dynamic size ``d`` (from Shape nodes)."""
        if d.origin is not None:
            t, axis = d.origin
            return self.node("Shape", [self.value(t)], start=axis, end=axis + 1)
        op, a, b = d.expr
        left = self.dim(a) if isinstance(a, DimInt) and a.dynamic else self.ints([a])
        right = self.dim(b) if isinstance(b, DimInt) and b.dynamic else self.ints([b])
        return self.node(op, [left, right])

    # ---- values --------------------------------------------------------------------------
    def value(self, x, dtype=None) -> str:
        """The name of tensor or number ``x`` (a number as a constant of ``dtype``)."""
        if isinstance(x, Tensor):
            name = self.names.get(id(x))
            if name is None:
                array = self.snapshots.get(id(x))
                name = self.const(host(x) if array is None else array, "constant")
                self.bind(x, name)
            if dtype is not None and x.dtype is not dtype:
                return self.cast(name, dtype)
            return name
        if isinstance(x, DimInt) and x.dynamic:
            out = self.node("Squeeze", [self.dim(x), self.ints([0])])
            return out if dtype is None or dtype is int64 else self.cast(out, dtype)
        if dtype is None:
            raise TypeError(f"a constant {x!r} needs a dtype")
        return self.scalar(x, dtype)

    def cast(self, name: str, dtype) -> str:
        return self.node("Cast", [name], to=onnx_type(dtype))

    def unsupported(self, reason: str):
        raise UnsupportedOperatorError(self.op_name, reason)


# the first opset of each form converters write, where an older opset needs another
_SINCE = {"BitwiseAnd": 18, "BitwiseOr": 18, "BitwiseXor": 18, "BitwiseNot": 18, "Einsum": 12}
# ops whose axes (or split sizes) moved from an attribute to an input, and when
_AXES_INPUT = {"Squeeze": 13, "Unsqueeze": 13, "ReduceSum": 13, "Split": 13, "ReduceMean": 18,
               "ReduceMax": 18, "ReduceMin": 18, "ReduceProd": 18, "ReduceL1": 18,
               "ReduceL2": 18, "ReduceLogSumExp": 18}  # fmt: skip


def _older(g: Graph, op_type: str, inputs: list, attrs: dict):
    """The node for opset ``g.opset`` (< 18) when it differs from the newest form: constant
    axes as an attribute, Shape's range as a Slice, >= as > or ==. None when the newest form
    is valid there too."""
    need = _SINCE.get(op_type)
    if need is not None and g.opset < need:
        raise UnsupportedOperatorError(g.op_name, f"ONNX {op_type} needs opset {need} or newer")
    since = _AXES_INPUT.get(op_type)
    if since is not None and g.opset < since and len(inputs) > 1:
        key = "split" if op_type == "Split" else "axes"
        attrs[key] = [int(v) for v in g.initializers[inputs[1]].reshape(-1)]
        outputs = len(attrs[key]) if key == "split" else 1
        return g.node(op_type, inputs[:1], outputs, **attrs)
    if op_type in ("GreaterOrEqual", "LessOrEqual") and g.opset < 12:
        strict = g.node("Greater" if op_type == "GreaterOrEqual" else "Less", inputs)
        return g.node("Or", [strict, g.node("Equal", inputs)])
    if op_type == "Shape" and g.opset < 15 and ("start" in attrs or "end" in attrs):
        whole = g.node("Shape", inputs)
        start, end = attrs.get("start", 0), attrs.get("end", _BIG)
        return g.node("Slice", [whole, g.ints([start]), g.ints([end]), g.ints([0])])
    if op_type == "Reshape" and g.opset < 14 and attrs.get("allowzero"):
        raise UnsupportedOperatorError(g.op_name, "a reshape to a 0 size needs opset 14")
    return None


_BIG = np.iinfo(np.int64).max
