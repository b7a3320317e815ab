"""ONNX forms of the view, joining, indexing and creation ops."""

from __future__ import annotations

import numpy as np

import numtensor as _nt

from .graph import host, onnx_type
from .shapes import DimInt
from .symbolic import converts, dims_of, is_tensor, sizes_arg

_END = np.iinfo(np.int64).max


def _size(g, t, d: int):
    """Dimension ``d`` of tensor ``t``: an int, or a DimInt the graph computes when the
    export has dynamic axes."""
    return DimInt.of(t.shape[d], t, d, g.dynamic)


class Keep:
    """In a Reshape target: this dimension of the input, unchanged (ONNX's 0)."""

    def __init__(self, tensor, axis: int) -> None:
        self.tensor, self.axis = tensor, axis


def _reshape(g, x: str, shape) -> str:
    shape = list(shape)
    if any(type(s) is int and s == 0 for s in shape):  # a real 0: ONNX's 0 must mean 0
        shape = [_size(g, s.tensor, s.axis) if isinstance(s, Keep) else s for s in shape]
        return g.node("Reshape", [x, g.ints(shape)], allowzero=1)
    return g.node("Reshape", [x, g.ints([0 if isinstance(s, Keep) else s for s in shape])])


@converts("reshape", "view")
def reshape(g, input, *shape):
    shape = sizes_arg(shape)
    if shape and not isinstance(shape[0], int):  # view(dtype)
        g.unsupported("a view as another dtype")
    return _reshape(g, g.value(input), shape)


@converts("view_as", "reshape_as")
def view_as(g, input, other):
    return g.node("Reshape", [g.value(input), g.node("Shape", [g.value(other)])])


@converts("flatten")
def flatten(g, input, start_dim=0, end_dim=-1):
    n = input.ndim
    if n == 0:
        return _reshape(g, g.value(input), [1])
    start, end = dims_of([start_dim, end_dim], n)
    if start == end:
        return g.value(input)
    if start == 1 and end == n - 1:
        return g.node("Flatten", [g.value(input)], axis=1)
    target = [Keep(input, d) for d in range(start)] + [-1]
    target += [_size(g, input, d) for d in range(end + 1, n)]
    return _reshape(g, g.value(input), target)


@converts("unflatten")
def unflatten(g, input, dim, sizes):
    n = input.ndim
    dim = dims_of(dim, n)[0]
    target = [Keep(input, d) for d in range(dim)] + list(sizes)
    target += [_size(g, input, d) for d in range(dim + 1, n)]
    return _reshape(g, g.value(input), target)


@converts("squeeze")
def squeeze(g, input, dim=None):
    if dim is None:
        axes = [d for d, s in enumerate(input.shape) if s == 1]
    else:
        axes = [d for d in dims_of(dim, input.ndim) if input.ndim and input.shape[d] == 1]
    if not axes:
        return g.value(input)
    return g.node("Squeeze", [g.value(input), g.ints(axes)])


@converts("unsqueeze")
def unsqueeze(g, input, dim):
    return g.node("Unsqueeze", [g.value(input), g.ints(dims_of(dim, input.ndim + 1))])


def _transpose(g, x: str, perm) -> str:
    perm = list(perm)
    if perm == sorted(perm):
        return x
    return g.node("Transpose", [x], perm=perm)


@converts("permute")
def permute(g, input, *dims):
    return _transpose(g, g.value(input), dims_of(sizes_arg(dims), input.ndim))


@converts("transpose", "swapaxes", "swapdims")
def transpose(g, input, dim0, dim1):
    perm = list(range(input.ndim))
    if input.ndim:
        a, b = dims_of([dim0, dim1], input.ndim)
        perm[a], perm[b] = perm[b], perm[a]
    return _transpose(g, g.value(input), perm)


@converts("t", "T", "mT")
def t(g, input):
    perm = list(range(input.ndim))
    if g.op_name == "mT":
        perm[-2:] = perm[-1:-3:-1]
    else:
        perm.reverse()
    return _transpose(g, g.value(input), perm)


@converts("movedim", "moveaxis")
def movedim(g, input, source, destination):
    n = input.ndim
    source, destination = dims_of(source, n), dims_of(destination, n)
    rest = [d for d in range(n) if d not in source]
    perm = [None] * n
    for s, d in zip(source, destination):
        perm[d] = s
    it = iter(rest)
    perm = [p if p is not None else next(it) for p in perm]
    return _transpose(g, g.value(input), perm)


@converts("expand", "broadcast_to")
def expand(g, input, *sizes):
    sizes = sizes_arg(sizes)
    lead = len(sizes) - input.ndim
    target = [
        _size(g, input, i - lead) if (not isinstance(s, DimInt) and s == -1) else s
        for i, s in enumerate(sizes)
    ]
    return g.node("Expand", [g.value(input), g.ints(target)])


@converts("expand_as")
def expand_as(g, input, other):
    return g.node("Expand", [g.value(input), g.node("Shape", [g.value(other)])])


@converts("repeat")
def repeat(g, input, *sizes):
    sizes = sizes_arg(sizes)
    x = g.value(input)
    lead = len(sizes) - input.ndim
    if lead:
        x = g.node("Unsqueeze", [x, g.ints(list(range(lead)))])
    return g.node("Tile", [x, g.ints(sizes)])


# ---- joining and splitting ---------------------------------------------------------------


@converts("cat", "concat", "concatenate")
def cat(g, tensors, dim=0, *, out=None):
    dtype = g.result.dtype
    # (PyTorch skips 1-d empty tensors in cat)
    parts = [t for t in tensors if not (t.ndim == 1 and t.shape[0] == 0)] or list(tensors[:1])
    axis = dims_of(dim, g.result.ndim)[0]
    names = [g.value(t, dtype) for t in parts]
    return names[0] if len(names) == 1 else g.node("Concat", names, axis=axis)


@converts("stack")
def stack(g, tensors, dim=0, *, out=None):
    dtype = g.result.dtype
    axis = dims_of(dim, g.result.ndim)[0]
    axes = g.ints([axis])
    names = [g.node("Unsqueeze", [g.value(t, dtype), axes]) for t in tensors]
    return names[0] if len(names) == 1 else g.node("Concat", names, axis=axis)


def _split(g, input, sizes: list, axis: int) -> list:
    if len(sizes) == 1:
        return [g.value(input)]
    return g.node("Split", [g.value(input), g.ints(sizes)], outputs=len(sizes), axis=axis)


@converts("split")
def split(g, tensor, split_size_or_sections, dim=0):
    axis = dims_of(dim, tensor.ndim)[0]
    return _split(g, tensor, [piece.shape[axis] for piece in g.result], axis)


@converts("chunk", "tensor_split")
def chunk(g, input, chunks, dim=0):
    axis = dims_of(dim, input.ndim)[0]
    return _split(g, input, [piece.shape[axis] for piece in g.result], axis)


@converts("unbind")
def unbind(g, input, dim=0):
    axis = dims_of(dim, input.ndim)[0]
    axes = g.ints([axis])
    pieces = _split(g, input, [1] * input.shape[axis], axis)
    return [g.node("Squeeze", [p, axes]) for p in pieces]


@converts("narrow")
def narrow(g, input, dim, start, length):
    axis = dims_of(dim, input.ndim)[0]
    start = start + input.shape[axis] if start < 0 else start
    return _slice(g, g.value(input), axis, start, start + length, 1)


def _slice(g, x: str, axis: int, start, stop, step) -> str:
    return g.node("Slice", [x, g.ints([start]), g.ints([stop]), g.ints([axis]), g.ints([step])])


@converts("select")
def select(g, input, dim, index):
    axis = dims_of(dim, input.ndim)[0]
    return g.node("Gather", [g.value(input), g.value(index, _nt.int64)], axis=axis)


@converts("index_select")
def index_select(g, input, dim, index, *, out=None):
    axis = dims_of(dim, input.ndim)[0] if input.ndim else 0
    return g.node("Gather", [g.value(input), g.value(index, _nt.int64)], axis=axis)


@converts("gather")
def gather(g, input, dim, index, *, sparse_grad=False, out=None):
    axis = dims_of(dim, input.ndim)[0] if input.ndim else 0
    return g.node("GatherElements", [g.value(input), g.value(index, _nt.int64)], axis=axis)


@converts("masked_select")
def masked_select(g, input, mask, *, out=None):
    # (both broadcast to their common shape, flattened; the kept elements in order)
    x, keep = g.value(input), g.value(mask, _nt.bool)
    flat = g.ints([-1])
    x_all = g.node("Reshape", [g.node("Expand", [x, g.node("Shape", [keep])]), flat])
    keep_all = g.node("Reshape", [g.node("Expand", [keep, g.node("Shape", [x])]), flat])
    return g.node("Compress", [x_all, keep_all], axis=0)


@converts("flip")
def flip(g, input, *dims):
    axes = dims_of(sizes_arg(dims), input.ndim)
    n = len(axes)
    starts, ends = g.ints([-1] * n), g.ints([-_END - 1] * n)
    return g.node("Slice", [g.value(input), starts, ends, g.ints(axes), g.ints([-1] * n)])


@converts("tril", "triu")
def tril(g, input, diagonal=0, *, out=None):
    upper = int(g.op_name == "triu")
    if g.opset < 14:  # (no Trilu: keep where column - row is on the right side of diagonal)
        n = input.ndim
        rows, cols = (g.value(_size(g, input, d), _nt.int64) for d in (n - 2, n - 1))
        zero, one = g.value(0, _nt.int64), g.value(1, _nt.int64)
        row = g.node("Unsqueeze", [g.node("Range", [zero, rows, one]), g.ints([1])])
        offset = g.node("Sub", [g.node("Range", [zero, cols, one]), row])
        side = "GreaterOrEqual" if upper else "LessOrEqual"
        keep = g.node(side, [offset, g.value(diagonal, _nt.int64)])
        return g.node("Where", [keep, g.value(input), g.value(0, input.dtype)])
    return g.node("Trilu", [g.value(input), g.value(_nt.tensor(diagonal))], upper=upper)


@converts("getitem")
def getitem(g, input, index):
    items = list(index) if isinstance(index, tuple) else [index]
    items = [_nt.tensor(i) if isinstance(i, list) else i for i in items]
    advanced = [i for i in items if is_tensor(i)]
    if len(advanced) > 1:
        g.unsupported("indexing with more than one tensor")
    used = sum(
        (i.ndim if is_tensor(i) and i.dtype is _nt.bool else 1)
        for i in items
        if i is not None and i is not Ellipsis
    )
    if Ellipsis in items:
        at = items.index(Ellipsis)
        items[at : at + 1] = [slice(None)] * (input.ndim - used)
    x, axis = g.value(input), 0
    for item in items:
        if item is None:
            x = g.node("Unsqueeze", [x, g.ints([axis])])
            axis += 1
        elif isinstance(item, bool):
            g.unsupported("indexing with a Python bool")
        elif isinstance(item, int):
            x = g.node("Gather", [x, g.value(item, _nt.int64)], axis=axis)
        elif isinstance(item, slice):
            if item != slice(None):
                start = 0 if item.start is None else item.start
                stop = _END if item.stop is None else item.stop
                x = _slice(g, x, axis, start, stop, 1 if item.step is None else item.step)
            axis += 1
        elif item.dtype is _nt.bool:
            if item.ndim == 1:
                x = g.node("Compress", [x, g.value(item)], axis=axis)
                axis += 1
            elif axis == 0 and item.ndim == input.ndim:
                flat = [g.node("Reshape", [v, g.ints([-1])]) for v in (x, g.value(item))]
                x = g.node("Compress", flat)
                axis += 1
            else:
                g.unsupported("a boolean mask over some of several dimensions")
        elif not item.dtype.is_floating_point:
            x = g.node("Gather", [x, g.value(item, _nt.int64)], axis=axis)
            axis += item.ndim
        else:
            g.unsupported("indexing with a floating-point tensor")
    return x


@converts("setitem")
def setitem(g, input, index, value):
    g.unsupported("assignment into a tensor (x[index] = value) while exporting")


# ---- creation ----------------------------------------------------------------------------


def _filled(g, shape_name: str, value) -> str:
    """A tensor of ``g.result``'s dtype filled with ``value``, of a computed shape."""
    from onnx import helper

    fill = helper.make_tensor("value", onnx_type(g.result.dtype), [1], [value])
    return g.node("ConstantOfShape", [shape_name], value=fill)


def _fill_value(g, name: str, args: tuple, kwargs: dict):
    if name.endswith("ones") or name.endswith("ones_like"):
        return 1
    if "full" in name:
        value = kwargs.get("fill_value", args[0] if args else 0)
        return value.item() if is_tensor(value) else value
    return 0


@converts("zeros", "ones", "empty", "full", "new_zeros", "new_ones", "new_empty", "new_full")
def filled(g, *args, **kwargs):
    """A constant, or (for sizes the graph computes) ConstantOfShape."""
    if g.op_name.startswith("new_"):
        args = args[1:]
    sizes = kwargs.get("size")
    if sizes is None:
        if g.op_name.endswith("full"):
            sizes, args = args[0], args[1:]
        else:
            sizes, args = sizes_arg(args), ()
    if not any(isinstance(s, DimInt) and s.dynamic for s in sizes):
        return g.const(host(g.result), "constant")
    value = _fill_value(g, g.op_name, args, kwargs)
    return _filled(g, g.ints(sizes), value)


@converts("zeros_like", "ones_like", "empty_like", "full_like")
def filled_like(g, input, *args, **kwargs):
    value = _fill_value(g, g.op_name, args, kwargs)
    return _filled(g, g.node("Shape", [g.value(input)]), value)


@converts("zero", "fill")
def fill(g, input, value=0):
    """``x.zero_()``, ``x.fill_(v)``: the tensor's shape, filled (a tensor value broadcast)."""
    shape = g.node("Shape", [g.value(input)])
    if is_tensor(value):
        return g.node("Expand", [g.value(value, input.dtype), shape])
    return _filled(g, shape, value)


@converts("arange")
def arange(g, start, end=None, step=1, **kwargs):
    if end is None:
        start, end = 0, start
    dtype = g.result.dtype
    return g.node("Range", [g.value(start, dtype), g.value(end, dtype), g.value(step, dtype)])


@converts("one_hot")
def one_hot(g, tensor, num_classes=-1):
    depth = g.value(_nt.tensor(g.result.shape[-1]))
    values = g.value(_nt.tensor([0, 1]))
    return g.node("OneHot", [g.value(tensor), depth, values], axis=-1)
