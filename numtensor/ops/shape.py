"""View and shape operations. Views share their base's buffer, as in PyTorch."""

from __future__ import annotations

import itertools
import math
import warnings

import numpy as np

from .. import backend
from .._size import broadcast_shapes
from .._tensor_base import Tensor, wrap_dim
from ._common import check_same_device
from .registry import op

# ---- helpers -------------------------------------------------------------------------------


def _strided(t: Tensor, shape, strides_el, offset: int = 0) -> Tensor:
    """A view of ``t``'s buffer with the given shape and element strides, ``offset``
    elements after ``t``'s first element."""
    return t._view(backend.of(t.device).view(t._data, shape, strides_el, offset))


def _elem_strides(t: Tensor) -> list[int]:
    return list(t.stride())


def _indexed(t: Tensor, index: tuple) -> Tensor:
    """The view basic indexing (ints, slices, None, Ellipsis) gives."""
    return t._view(backend.of(t.device).basic_index(t._data, index))


def infer_size(shape, numel: int) -> list[int]:
    """Resolve one ``-1`` in a requested shape; PyTorch's errors for impossible shapes."""
    shape = list(shape)
    infer = None
    known = 1
    for i, s in enumerate(shape):
        if s == -1:
            if infer is not None:
                raise RuntimeError("only one dimension can be inferred")
            infer = i
        elif s < 0:
            raise RuntimeError(f"invalid shape dimension {s}")
        else:
            known *= s
    if infer is not None:
        if known == 0:
            raise RuntimeError(
                f"cannot reshape tensor of 0 elements into shape {shape} because the "
                "unspecified dimension size -1 can be any value and is ambiguous"
            )
        if numel % known == 0:
            shape[infer] = numel // known
            return shape
    elif known == numel:
        return shape
    raise RuntimeError(f"shape '{shape}' is invalid for input of size {numel}")


def _view_strides(old_shape, old_strides, new_shape):
    """Strides that let ``new_shape`` view memory laid out as (old_shape, old_strides).

    None when no such strides exist (a dimension would span two non-contiguous chunks).
    """
    numel = math.prod(old_shape)
    if numel == 0:
        return (
            _contiguous_strides(new_shape)
            if list(old_shape) != list(new_shape)
            else list(old_strides)
        )
    if not old_shape:
        return [1] * len(new_shape)
    new_strides = [0] * len(new_shape)
    view_d = len(new_shape) - 1
    chunk_base = old_strides[-1]
    tensor_numel = view_numel = 1
    for d in range(len(old_shape) - 1, -1, -1):
        tensor_numel *= old_shape[d]
        if d == 0 or (old_shape[d - 1] != 1 and old_strides[d - 1] != tensor_numel * chunk_base):
            while view_d >= 0 and (view_numel < tensor_numel or new_shape[view_d] == 1):
                new_strides[view_d] = view_numel * chunk_base
                view_numel *= new_shape[view_d]
                view_d -= 1
            if view_numel != tensor_numel:
                return None
            if d > 0:
                chunk_base = old_strides[d - 1]
                tensor_numel = view_numel = 1
    if view_d != -1:
        return None
    return new_strides


def _contiguous_strides(shape) -> list[int]:
    strides = [1] * len(shape)
    for i in range(len(shape) - 2, -1, -1):
        strides[i] = strides[i + 1] * max(shape[i + 1], 1)
    return strides


def _shape_arg(shape) -> tuple:
    """Like parse_size, but -1 is allowed (view/reshape/expand take it)."""
    if len(shape) == 1 and isinstance(shape[0], (tuple, list)):
        shape = tuple(shape[0])
    for s in shape:
        if isinstance(s, bool) or not isinstance(s, (int, np.integer)):
            raise TypeError(f"shape must be a tuple of ints, but got {type(s).__name__}")
    return tuple(int(s) for s in shape)


# ---- view / reshape ------------------------------------------------------------------------


def view(self: Tensor, *shape) -> Tensor:
    """The same data with another shape; raises when the strides make that impossible."""
    if len(shape) == 1 and not isinstance(shape[0], (int, np.integer, tuple, list)):
        from .._dtype import check_dtype

        check_dtype(shape[0], "view(): argument 'dtype'")
        raise RuntimeError("view(dtype) is not supported by numtensor")
    new_shape = infer_size(_shape_arg(shape), self.numel())
    data = backend.of(self.device).reshape_view(self._data, tuple(new_shape))
    if data is not None:  # the common case: a C-contiguous tensor
        return self._view(data)
    strides = _view_strides(list(self.shape), _elem_strides(self), new_shape)
    if strides is None:
        raise RuntimeError(
            "view size is not compatible with input tensor's size and stride (at least one "
            "dimension spans across two contiguous subspaces). Use .reshape(...) instead."
        )
    return _strided(self, new_shape, strides)


def reshape(self: Tensor, *shape) -> Tensor:
    """A view when the strides allow it, else a contiguous copy with the new shape."""
    new_shape = tuple(infer_size(_shape_arg(shape), self.numel()))
    ops = backend.of(self.device)
    data = ops.reshape_view(self._data, new_shape)
    if data is not None:
        return self._view(data)
    strides = _view_strides(list(self.shape), _elem_strides(self), new_shape)
    if strides is not None:
        return _strided(self, new_shape, strides)
    return Tensor._make(ops.reshape_view(ops.contiguous(self._data), new_shape), self.device)


def view_as(self: Tensor, other: Tensor) -> Tensor:
    return view(self, tuple(other.shape))


def reshape_as(self: Tensor, other: Tensor) -> Tensor:
    return reshape(self, tuple(other.shape))


def flatten(self: Tensor, start_dim: int = 0, end_dim: int = -1) -> Tensor:
    """Merge dims ``start_dim`` .. ``end_dim`` into one (a view when possible)."""
    nd = self.ndim
    if nd == 0:
        return reshape(self, (1,))
    s, e = wrap_dim(start_dim, nd), wrap_dim(end_dim, nd)
    if s > e:
        raise RuntimeError("flatten() has invalid args: start_dim cannot come after end_dim")
    shape = list(self.shape)
    return reshape(self, tuple(shape[:s] + [math.prod(shape[s : e + 1])] + shape[e + 1 :]))


def unflatten(self: Tensor, dim: int, sizes) -> Tensor:
    """Split dim ``dim`` into ``sizes`` (one of which may be -1)."""
    d = wrap_dim(dim, self.ndim)
    sizes = list(sizes)
    if not sizes:
        raise RuntimeError("unflatten: sizes must be non-empty")
    size = self.shape[d]
    if -1 in sizes:
        sizes = infer_size(sizes, size)
    elif math.prod(sizes) != size:
        raise RuntimeError(
            f"unflatten: Provided sizes {sizes} don't multiply up to the size of dim {dim} "
            f"({size}) in the input tensor"
        )
    shape = list(self.shape)
    return reshape(self, (*shape[:d], *sizes, *shape[d + 1 :]))


def squeeze(self: Tensor, dim=None) -> Tensor:
    """Drop dimensions of size 1 (all of them, or only those named by ``dim``)."""
    shape, strides = list(self.shape), _elem_strides(self)
    if dim is None:
        dims = {i for i, s in enumerate(shape) if s == 1}
    else:
        dims_in = dim if isinstance(dim, (tuple, list)) else (dim,)
        dims = {wrap_dim(d, self.ndim) for d in dims_in}
        dims = {d for d in dims if self.ndim and shape[d] == 1}
    keep = [i for i in range(len(shape)) if i not in dims]
    return _strided(self, [shape[i] for i in keep], [strides[i] for i in keep])


def unsqueeze(self: Tensor, dim: int) -> Tensor:
    """Insert a dimension of size 1 at ``dim``."""
    d = wrap_dim(dim, self.ndim + 1)
    shape, strides = list(self.shape), _elem_strides(self)
    new_stride = shape[d] * strides[d] if d < len(shape) else 1
    return _strided(self, shape[:d] + [1] + shape[d:], strides[:d] + [new_stride] + strides[d:])


# Each permuting view is its order (which input dim each output dim is), validated, then
# ``permuted``: autograd (ops/differentiable.py) keeps the order to invert it.


def permute_order(self: Tensor, *dims) -> list:
    if not dims:
        raise TypeError('permute() missing 1 required positional arguments: "dims"')
    dims = _shape_arg(dims)
    nd = self.ndim
    if len(dims) != nd:
        raise RuntimeError(
            f"permute(sparse_coo): number of dimensions in the tensor input does not match "
            f"the length of the desired ordering of dimensions i.e. input.dim() = {nd} is not "
            f"equal to len(dims) = {len(dims)}"
        )
    dims = [wrap_dim(d, nd) for d in dims]
    if len(set(dims)) != nd:
        raise RuntimeError("permute(): duplicate dims are not allowed.")
    return dims


def transpose_order(self: Tensor, dim0: int, dim1: int) -> list:
    nd = self.ndim
    d0, d1 = wrap_dim(dim0, nd), wrap_dim(dim1, nd)
    order = list(range(nd))
    if nd:
        order[d0], order[d1] = order[d1], order[d0]
    return order


def t_order(self: Tensor) -> list:
    if self.ndim > 2:
        raise RuntimeError(f"t() expects a tensor with <= 2 dimensions, but self is {self.ndim}D")
    return [1, 0] if self.ndim == 2 else list(range(self.ndim))


def T_order(self: Tensor) -> list:
    return list(range(self.ndim - 1, -1, -1))


def mT_order(self: Tensor) -> list:
    if self.ndim == 0:
        warnings.warn(
            "Tensor.mT is deprecated on 0-D tensors. This function is the identity in these cases.",
            UserWarning,
            stacklevel=3,
        )
        return []
    if self.ndim < 2:
        raise RuntimeError(
            "tensor.mT is only supported on matrices or batches of matrices. "
            f"Got {self.ndim}-D tensor."
        )
    return transpose_order(self, -2, -1)


def movedim_order(self: Tensor, source, destination) -> list:
    src = list(source) if isinstance(source, (tuple, list)) else [source]
    dst = list(destination) if isinstance(destination, (tuple, list)) else [destination]
    if len(src) != len(dst):
        raise RuntimeError(
            f"movedim: Invalid source or destination dims: source ({src} dims) should contain "
            f"the same number of dims as destination ({dst} dims)"
        )
    nd = self.ndim
    src = [wrap_dim(d, nd) for d in src]
    dst = [wrap_dim(d, nd) for d in dst]
    if nd == 0:
        return []
    if len(set(src)) != len(src) or len(set(dst)) != len(dst):
        raise RuntimeError("movedim: repeated dim in `source` or `destination`")
    order = [None] * nd
    for s, d in zip(src, dst):
        order[d] = s
    rest = iter(i for i in range(nd) if i not in src)
    return [o if o is not None else next(rest) for o in order]


def permuted(self: Tensor, order: list) -> Tensor:
    """The view with dims in ``order`` (a validated permutation)."""
    return self._view(backend.of(self.device).permute(self._data, order))


def permute(self: Tensor, *dims) -> Tensor:
    """Reorder the dimensions (a view)."""
    return permuted(self, permute_order(self, *dims))


def transpose(self: Tensor, dim0: int, dim1: int) -> Tensor:
    """Swap two dimensions (a view)."""
    return permuted(self, transpose_order(self, dim0, dim1))


def t(self: Tensor) -> Tensor:
    """Transpose a tensor of at most 2 dimensions."""
    return permuted(self, t_order(self))


def T(self: Tensor) -> Tensor:
    return permuted(self, T_order(self))


def mT(self: Tensor) -> Tensor:
    return permuted(self, mT_order(self))


def movedim(self: Tensor, source, destination) -> Tensor:
    """Move dims ``source`` to positions ``destination`` (ints or sequences of ints)."""
    return permuted(self, movedim_order(self, source, destination))


def expand(self: Tensor, *sizes) -> Tensor:
    """Broadcast size-1 dims to larger sizes without copying (stride 0); -1 keeps a size."""
    sizes = list(_shape_arg(sizes))
    nd = self.ndim
    if len(sizes) < nd:
        raise RuntimeError(
            f"expand(torch.FloatTensor{{{list(self.shape)}}}, size={sizes}): the number of sizes "
            f"provided ({len(sizes)}) must be greater or equal to the number of dimensions in "
            f"the tensor ({nd})"
        )
    shape, strides = list(self.shape), _elem_strides(self)
    lead = len(sizes) - nd
    out_shape, out_strides = [], []
    for i, want in enumerate(sizes):
        if i < lead:
            if want < 0:
                raise RuntimeError(
                    f"The expanded size of the tensor ({want}) isn't allowed in a "
                    "leading, non-existing dimension {i}"
                )
            out_shape.append(want)
            out_strides.append(0)
            continue
        have, stride = shape[i - lead], strides[i - lead]
        if want == -1:
            want = have
        if have == want:
            out_shape.append(have)
            out_strides.append(stride)
        elif have == 1:
            out_shape.append(want)
            out_strides.append(0)
        else:
            raise RuntimeError(
                f"The expanded size of the tensor ({want}) must match the existing size ({have}) "
                f"at non-singleton dimension {i}.  Target sizes: {sizes}.  Tensor sizes: {shape}"
            )
    return _strided(self, out_shape, out_strides)


def expand_as(self: Tensor, other: Tensor) -> Tensor:
    return expand(self, tuple(other.shape))


def broadcast_to(self: Tensor, shape) -> Tensor:
    return expand(self, tuple(shape))


@op("broadcast_tensors", method=False)
def broadcast_tensors(*tensors) -> tuple:
    r"""Broadcasts the given tensors to a common shape, by PyTorch's broadcasting rules.

    Each result is a view (:meth:`Tensor.expand`) of its input: several of its elements may
    share one memory location, so write to them only after cloning.

    Args:
        *tensors (Tensor): tensors of broadcastable shapes.

    Returns:
        tuple of Tensors: all of the broadcast shape.

    Example::

        >>> a, b = torch.broadcast_tensors(torch.tensor([[1], [2]]), torch.tensor([10, 20, 30]))
        >>> a
        tensor([[1, 1, 1],
                [2, 2, 2]])
        >>> b
        tensor([[10, 20, 30],
                [10, 20, 30]])
    """
    shape = broadcast_shapes(*(t.shape for t in tensors))
    return tuple(expand(t, shape) for t in tensors)


def narrow(self: Tensor, dim: int, start: int, length: int) -> Tensor:
    """A view of ``length`` elements of dim ``dim`` starting at ``start``."""
    if self.ndim == 0:
        raise RuntimeError("narrow() cannot be applied to a 0-dim tensor.")
    d = wrap_dim(dim, self.ndim)
    size = self.shape[d]
    if isinstance(start, Tensor):
        start = start.item()
    if start < -size or start > size:
        raise IndexError(
            f"start out of range (expected to be in range of [{-size}, {size}], but got {start})"
        )
    if start < 0:
        start += size
    if length < 0:
        raise RuntimeError("narrow(): length must be non-negative.")
    if start + length > size:
        raise RuntimeError(f"start ({start}) + length ({length}) exceeds dimension size ({size}).")
    index = [slice(None)] * self.ndim
    index[d] = slice(start, start + length)
    return _indexed(self, tuple(index))


def select(self: Tensor, dim: int, index: int) -> Tensor:
    """The slice at ``index`` along ``dim``, with that dim removed (a view)."""
    if self.ndim == 0:
        raise IndexError("select() cannot be applied to a 0-dim tensor.")
    d = wrap_dim(dim, self.ndim)
    size = self.shape[d]
    if index < -size or index >= size:
        raise IndexError(
            f"select(): index {index} out of range for tensor of size {list(self.shape)} at "
            f"dimension {d}"
        )
    idx = [slice(None)] * self.ndim
    idx[d] = int(index)
    idx.append(Ellipsis)  # a 0-d view rather than a NumPy scalar
    return _indexed(self, tuple(idx))


def unbind(self: Tensor, dim: int = 0) -> tuple:
    """All slices along ``dim``, as a tuple of views."""
    d = wrap_dim(dim, self.ndim)
    return tuple(select(self, d, i) for i in range(self.shape[d]))


def diagonal(self: Tensor, offset: int = 0, dim1: int = 0, dim2: int = 1) -> Tensor:
    """The diagonal of the (dim1, dim2) planes, as a view appended as the last dim."""
    nd = self.ndim
    d1, d2 = wrap_dim(dim1, nd), wrap_dim(dim2, nd)
    if d1 == d2:
        raise RuntimeError(f"diagonal dimensions cannot be identical {dim1}, {dim2}")
    shape, strides = list(self.shape), _elem_strides(self)
    if offset >= 0:
        n = max(min(shape[d1], shape[d2] - offset), 0)
    else:
        n = max(min(shape[d1] + offset, shape[d2]), 0)
    keep = [i for i in range(nd) if i not in (d1, d2)]
    out_shape = [shape[i] for i in keep] + [n]
    out_strides = [strides[i] for i in keep] + [strides[d1] + strides[d2]]
    if n == 0:
        return _strided(self, out_shape, out_strides)
    # start the view at the diagonal's first element, then walk it with the summed stride
    start = [slice(None)] * nd
    if offset >= 0:
        start[d2] = slice(offset, None)
    else:
        start[d1] = slice(-offset, None)
    return _strided(_indexed(self, tuple(start)), out_shape, out_strides)


# ---- split / chunk / join ------------------------------------------------------------------


def split(self: Tensor, split_size_or_sections, dim: int = 0) -> tuple:
    """Pieces of ``split_size`` along ``dim`` (the last may be smaller), or given sizes."""
    if self.ndim == 0:
        raise RuntimeError("split expects at least a 1-dimensional tensor")
    d = wrap_dim(dim, self.ndim)
    size = self.shape[d]
    if isinstance(split_size_or_sections, (list, tuple)):
        sizes = [int(s) for s in split_size_or_sections]
        if sum(sizes) != size or any(s < 0 for s in sizes):
            raise RuntimeError(
                f"split_with_sizes expects split_sizes to sum exactly to {size} (input tensor's "
                f"size at dimension {d}), but got split_sizes={sizes}"
            )
    else:
        step = int(split_size_or_sections)
        if step < 0 or (step == 0 and size != 0):
            raise RuntimeError(
                f"split_size can only be 0 if dimension size is 0, but got dimension size of {size}"
                if step == 0
                else f"split expects split_size be non-negative, but got split_size={step}"
            )
        # (an empty dim still gives one empty piece)
        sizes = [min(step, size - i) for i in range(0, size, step)] if step and size else [0]
    out, start = [], 0
    for s in sizes:
        out.append(narrow(self, d, start, s))
        start += s
    return tuple(out)


def chunk(self: Tensor, chunks: int, dim: int = 0) -> tuple:
    """Split into ``chunks`` pieces of equal size (the last may be smaller or fewer return)."""
    if self.ndim == 0:
        raise RuntimeError("chunk expects at least a 1-dimensional tensor")
    if chunks <= 0:
        raise RuntimeError(f"chunk expects `chunks` to be greater than 0, got: {chunks}")
    d = wrap_dim(dim, self.ndim)
    size = self.shape[d]
    step = max(math.ceil(size / chunks), 1) if size else 1
    if size == 0:
        return tuple(narrow(self, d, 0, 0) for _ in range(chunks))
    return split(self, step, d)


def tensor_split(self: Tensor, indices_or_sections, dim: int = 0) -> tuple:
    d = wrap_dim(dim, self.ndim)
    size = self.shape[d]
    if isinstance(indices_or_sections, int):
        n = indices_or_sections
        if n <= 0:
            raise RuntimeError(f"number of sections must be larger than 0, got {n}")
        base, extra = divmod(size, n)
        sizes = [base + 1] * extra + [base] * (n - extra)
    else:
        bounds = [0, *[min(max(int(i), 0), size) for i in indices_or_sections], size]
        sizes = [max(b - a, 0) for a, b in itertools.pairwise(bounds)]
    out, start = [], 0
    for s in sizes:
        out.append(narrow(self, d, min(start, size), s))
        start += s
    return tuple(out)


def _result_dtype(tensors):
    from .._dtype import promote_types

    d = tensors[0].dtype
    for t in tensors[1:]:
        d = promote_types(d, t.dtype)
    return d


def _tensor_list(tensors, name: str) -> list:
    if isinstance(tensors, Tensor):
        raise TypeError(f"{name}(): argument 'tensors' must be tuple of Tensors, not Tensor")
    tensors = list(tensors)
    for t in tensors:
        if not isinstance(t, Tensor):
            raise TypeError(
                f"expected Tensor as element of the list of tensors, but got {type(t).__name__}"
            )
    return tensors


def cat(tensors, dim: int = 0, *, out=None) -> Tensor:
    """Join tensors along an existing dimension; dtypes promote as in PyTorch."""
    tensors = _tensor_list(tensors, "cat")
    if not tensors:
        raise ValueError("torch.cat(): expected a non-empty list of Tensors")
    check_same_device(tensors, "cat")
    # PyTorch's legacy rule: 1-D empty tensors are skipped
    numbered = [(i, t) for i, t in enumerate(tensors) if not (t.ndim == 1 and t.numel() == 0)]
    numbered = numbered or [(0, tensors[0])]
    parts = [t for _, t in numbered]
    ref = parts[0]
    if ref.ndim == 0:
        raise RuntimeError("zero-dimensional tensor (at position 0) cannot be concatenated")
    d = wrap_dim(dim, ref.ndim)
    for i, p in numbered:
        if p.ndim == 0:
            raise RuntimeError(f"zero-dimensional tensor (at position {i}) cannot be concatenated")
        if p.ndim != ref.ndim:
            raise RuntimeError(
                f"Tensors must have same number of dimensions: got {ref.ndim} and {p.ndim}"
            )
        for k in range(ref.ndim):
            if k != d and p.shape[k] != ref.shape[k]:
                raise RuntimeError(
                    f"Sizes of tensors must match except in dimension {d}. Expected size "
                    f"{ref.shape[k]} but got size {p.shape[k]} for tensor number {i} in the list."
                )
    dt = _result_dtype(tensors)
    arr = backend.of(ref.device).cat([p._data for p in parts], d, dt.np)
    return _into(Tensor._make(arr, ref.device), out)


def _into(result: Tensor, out):
    if out is None:
        return result
    from .conversion import copy_into_out

    return copy_into_out(out, result)


concat = cat
concatenate = cat


def stack(tensors, dim: int = 0, *, out=None) -> Tensor:
    """Join equally shaped tensors along a new dimension."""
    tensors = _tensor_list(tensors, "stack")
    if not tensors:
        raise RuntimeError("stack expects a non-empty TensorList")
    check_same_device(tensors, "stack")
    ref = tensors[0]
    for i, t in enumerate(tensors[1:], 1):
        if t.shape != ref.shape:
            raise RuntimeError(
                f"stack expects each tensor to be equal size, but got {list(ref.shape)} at entry "
                f"0 and {list(t.shape)} at entry {i}"
            )
    d = wrap_dim(dim, ref.ndim + 1)
    return cat([unsqueeze(t, d) for t in tensors], d, out=out)


op("broadcast_shapes", method=False)(broadcast_shapes)
