"""Rearranging ops, composed of views, cat, flip and gather (so CPU, CUDA and gradients come
with them): roll, rot90, fliplr/flipud, tile, repeat_interleave, meshgrid,
cartesian_prod, combinations, take_along_dim,
h/v/dsplit, split_with_sizes, unravel_index, vander, diff."""

from __future__ import annotations

import itertools
import warnings

from .. import _dtype
from .._tensor_base import Tensor
from ..autograd.function import name_node
from .conversion import to_out
from .registry import op


def _dim(d: int, n: int, name: str = "dim") -> int:
    if not -max(n, 1) <= d < max(n, 1):
        raise IndexError(
            f"Dimension out of range (expected to be in range of [{-max(n, 1)}, {max(n, 1) - 1}],"
            f" but got {d})"
        )
    return d % max(n, 1)


def _ints(v) -> tuple:
    return (v,) if isinstance(v, int) else tuple(v)


@op("roll")
def roll(input, shifts, dims=None):
    r"""Rolls the tensor ``input`` along the given dimensions.

    Elements shifted beyond the last position re-enter at the first. Without ``dims`` the
    tensor is flattened before rolling and restored to its shape afterwards.
    ``x.roll(...)`` is the same.

    Args:
        input (Tensor): the input tensor.
        shifts (int or tuple of ints): the number of places to shift (per dim in ``dims``).
        dims (int or tuple of ints, optional): the dimensions to roll along.

    Returns:
        Tensor: a new tensor of ``input``'s shape.

    Example::

        >>> x = torch.tensor([1, 2, 3, 4])
        >>> torch.roll(x, 1)
        tensor([4, 1, 2, 3])
        >>> torch.roll(torch.tensor([[1, 2], [3, 4]]), 1, 0)
        tensor([[3, 4],
                [1, 2]])
    """
    from .joining import cat

    shifts, dims = _ints(shifts), (None if dims is None else _ints(dims) or None)
    if not shifts:
        raise RuntimeError("`shifts` required")
    if dims is None:
        if len(shifts) != 1:
            raise RuntimeError(f"shifts and dimensions must align. shifts: {len(shifts)}, dims:0")
        return name_node(roll(input.flatten(), shifts, 0).view(input.shape), "RollBackward0")
    if len(shifts) != len(dims):
        raise RuntimeError(
            f"shifts and dimensions must align. shifts: {len(shifts)}, dims:{len(dims)}"
        )
    if input.ndim == 0 and dims:  # (PyTorch: a 0-dim tensor has no dim to roll along)
        raise IndexError(f"Dimension specified as {dims[0]} but tensor has no dimensions")
    out = input
    for shift, d in zip(shifts, dims):
        d = _dim(d, input.ndim)
        n = input.shape[d] if input.ndim else 1
        s = shift % n if n else 0
        if s:
            out = cat([out.narrow(d, n - s, s), out.narrow(d, 0, n - s)], d)
    return name_node(out if out is not input else input.clone(), "RollBackward0")


@op("rot90")
def rot90(input, k: int = 1, dims=(0, 1)):
    r"""Rotates an n-D tensor by 90 degrees in the plane given by ``dims``.

    The rotation goes from the first towards the second of ``dims``, ``k`` times (a
    negative ``k`` rotates the other way). ``x.rot90(...)`` is the same.

    Args:
        input (Tensor): the input tensor (at least 2-D).
        k (int): the number of times to rotate. Default: ``1``.
        dims (list or tuple): the two dimensions to rotate in. Default: ``(0, 1)``.

    Example::

        >>> m = torch.tensor([[1, 2], [3, 4]])
        >>> torch.rot90(m)
        tensor([[2, 4],
                [1, 3]])
        >>> torch.rot90(m, 2)
        tensor([[4, 3],
                [2, 1]])
    """
    dims = _ints(dims)
    if len(dims) != 2:
        raise RuntimeError(f"expected total rotation dims == 2, but got dims = {len(dims)}")
    if input.ndim < 2:
        raise RuntimeError(f"expected total dims >= 2, but got total dims = {input.ndim}")
    a, b = _dim(dims[0], input.ndim), _dim(dims[1], input.ndim)
    if a == b:
        raise RuntimeError(
            f"expected rotation dims to be different, but got dim0 = {a} and dim1 = {b}"
        )
    k %= 4
    if k == 1:
        return input.flip(b).transpose(a, b)
    if k == 2:
        return input.flip((a, b))
    if k == 3:
        return input.flip(a).transpose(a, b)
    return input.clone()


@op("fliplr")
def fliplr(input):
    r"""Flips the tensor in the left/right direction (reverses dim 1).

    Unlike NumPy's ``fliplr``, which returns a view, this copies the data, as PyTorch does.
    ``x.fliplr()`` is the same.

    Args:
        input (Tensor): a tensor of at least 2 dimensions.

    Example::

        >>> torch.fliplr(torch.tensor([[1, 2], [3, 4]]))
        tensor([[2, 1],
                [4, 3]])
    """
    if input.ndim < 2:
        raise RuntimeError("Input must be >= 2-d.")
    return input.flip(1)


@op("flipud")
def flipud(input):
    r"""Flips the tensor in the up/down direction (reverses dim 0).

    Unlike NumPy's ``flipud``, which returns a view, this copies the data, as PyTorch does.
    ``x.flipud()`` is the same.

    Args:
        input (Tensor): a tensor of at least 1 dimension.

    Example::

        >>> torch.flipud(torch.tensor([[1, 2], [3, 4]]))
        tensor([[3, 4],
                [1, 2]])
    """
    if input.ndim < 1:
        raise RuntimeError("Input must be >= 1-d.")
    return input.flip(0)


@op("tile")
def tile(input, dims):
    r"""Constructs a tensor by repeating the elements of ``input`` ``dims`` times per dimension.

    When ``dims`` has fewer entries than ``input`` has dimensions, ones are prepended to
    ``dims`` (``(2, 2)`` for a 4-D tensor means ``(1, 1, 2, 2)``); when it has more,
    ``input`` gets leading dimensions of size 1. Then it is :meth:`Tensor.repeat`.
    ``x.tile(dims)`` is the same.

    Args:
        input (Tensor): the tensor whose elements to repeat.
        dims (tuple): the number of repetitions per dimension.

    Example::

        >>> torch.tile(torch.tensor([1, 2]), (2,))
        tensor([1, 2, 1, 2])
        >>> torch.tile(torch.tensor([[1, 2], [3, 4]]), (1, 2))
        tensor([[1, 2, 1, 2],
                [3, 4, 3, 4]])
    """
    dims = _ints(dims)
    if len(dims) < input.ndim:
        dims = (1,) * (input.ndim - len(dims)) + dims
    return input.repeat(dims)


@op("repeat_interleave")
def repeat_interleave(input, repeats=None, dim=None, *, output_size=None):
    r"""Repeats elements of a tensor.

    Each element (or slice along ``dim``) is repeated ``repeats`` times, next to itself;
    ``repeats`` may be a tensor of one count per element. Without ``dim`` the input is
    flattened first. ``torch.repeat_interleave(counts)`` alone repeats ``0, 1, ...`` by the
    counts in ``counts``. ``x.repeat_interleave(...)`` is the same.

    Args:
        input (Tensor): the input tensor.
        repeats (Tensor or int): the number of repetitions for each element, broadcast to
            ``input``'s size along ``dim``.
        dim (int, optional): the dimension along which to repeat. Default: flatten.

    Keyword args:
        output_size (int, optional): the total output size along ``dim``; accepted for
            compatibility (it is computed).

    Example::

        >>> torch.repeat_interleave(torch.tensor([1, 2]), 2)
        tensor([1, 1, 2, 2])
        >>> torch.repeat_interleave(torch.tensor([[1, 2], [3, 4]]), torch.tensor([1, 2]), dim=0)
        tensor([[1, 2],
                [3, 4],
                [3, 4]])
        >>> torch.repeat_interleave(torch.tensor([2, 1]))
        tensor([0, 0, 1])
    """
    from .creation import arange, tensor

    if repeats is None:  # repeat_interleave(counts): arange(len(counts)) repeated by counts
        counts = input
        return repeat_interleave(arange(counts.numel(), device=counts.device), counts)
    x = input.flatten() if dim is None else input
    d = 0 if dim is None else _dim(dim, x.ndim)
    if isinstance(repeats, Tensor) and repeats.numel() != 1:
        if repeats.ndim != 1 or repeats.numel() != x.shape[d]:
            raise RuntimeError("repeats must have the same size as input along dim")
        counts = repeats.tolist()
        if any(c < 0 for c in counts):
            raise RuntimeError("repeats can not be negative")
        index = [i for i, c in enumerate(counts) for _ in range(c)]
        return x.index_select(d, tensor(index, dtype=_dtype.int64, device=x.device))
    r = int(repeats.item() if isinstance(repeats, Tensor) else repeats)
    if r < 0:
        raise RuntimeError("repeats can not be negative")
    if x.ndim == 0:
        x = x.reshape(1)
    shape = list(x.shape)
    spread = x.unsqueeze(d + 1).expand(*shape[: d + 1], r, *shape[d + 1 :])
    return spread.reshape(*shape[:d], shape[d] * r, *shape[d + 1 :])


@op("meshgrid", method=False)
def meshgrid(*tensors, indexing=None):
    r"""Creates grids of coordinates specified by the 1-D inputs.

    With ``N`` tensors of sizes ``s1, ..., sN`` the results all have shape
    ``(s1, ..., sN)`` and the ``i``-th varies along dimension ``i`` (``indexing='ij'``); with
    ``indexing='xy'`` the first two dimensions are swapped, as in NumPy's default. The results
    are views of the inputs (expanded). Without ``indexing`` a ``UserWarning`` is issued and
    ``'ij'`` is used, as in PyTorch.

    Args:
        *tensors (Tensor or list of Tensors): 0-D or 1-D tensors of one dtype and device.

    Keyword args:
        indexing (str, optional): ``'ij'`` or ``'xy'``.

    Returns:
        tuple of Tensors: one grid per input.

    Example::

        >>> a, b = torch.meshgrid(torch.tensor([1, 2, 3]), torch.tensor([4, 5]), indexing="ij")
        >>> a
        tensor([[1, 1],
                [2, 2],
                [3, 3]])
        >>> b
        tensor([[4, 5],
                [4, 5],
                [4, 5]])
    """
    if len(tensors) == 1 and isinstance(tensors[0], (list, tuple)):
        tensors = tuple(tensors[0])
    if indexing is None:
        warnings.warn(
            "torch.meshgrid: in an upcoming release, it will be required to pass the indexing "
            "argument.",
            UserWarning,
            stacklevel=2,
        )
        indexing = "ij"
    if indexing not in ("ij", "xy"):
        raise RuntimeError(
            f'torch.meshgrid: indexing must be one of "xy" or "ij", but received: {indexing}'
        )
    for t in tensors:
        if t.ndim > 1:
            raise RuntimeError(
                f"torch.meshgrid: Expected 0D or 1D tensor in the tensor list but got: {t}"
            )
    if any(t.dtype is not tensors[0].dtype for t in tensors):
        raise RuntimeError("meshgrid expects all tensors to have the same dtype")
    if any(t.device != tensors[0].device for t in tensors):
        raise RuntimeError("meshgrid expects all tensors to have the same device")
    flat = [t.reshape(-1) for t in tensors]
    swap = indexing == "xy" and len(flat) >= 2
    if swap:
        flat[0], flat[1] = flat[1], flat[0]
    shape = [t.numel() for t in flat]
    grids = []
    for i, t in enumerate(flat):
        view = [1] * len(flat)
        view[i] = shape[i]
        grids.append(t.reshape(view).expand(shape))
    if swap:
        grids[0], grids[1] = grids[1], grids[0]
    return tuple(grids)


@op("cartesian_prod", method=False)
def cartesian_prod(*tensors):
    r"""Does the cartesian product of the given sequence of tensors.

    Like ``itertools.product``: one row per combination of one element from each 1-D
    input, the last varying fastest.

    Args:
        *tensors (Tensor): 1-D tensors.

    Returns:
        Tensor: of shape ``(prod of sizes, len(tensors))`` (a single input is returned as is).

    Example::

        >>> torch.cartesian_prod(torch.tensor([1, 2]), torch.tensor([3, 4]))
        tensor([[1, 3],
                [1, 4],
                [2, 3],
                [2, 4]])
    """
    from .joining import stack

    if len(tensors) == 1:
        return tensors[0]
    grids = meshgrid(*tensors, indexing="ij")
    return stack([g.reshape(-1) for g in grids], 1)


@op("combinations")
def combinations(input, r: int = 2, with_replacement: bool = False):
    r"""Computes the combinations of length ``r`` of the elements of a 1-D tensor.

    Like ``itertools.combinations`` (or ``combinations_with_replacement`` with
    ``with_replacement=True``), one combination per row. ``x.combinations(...)`` is the same.

    Args:
        input (Tensor): a 1-D tensor.
        r (int): the number of elements per combination. Default: ``2``.
        with_replacement (bool): allow an element to repeat. Default: ``False``.

    Returns:
        Tensor: of shape ``(number of combinations, r)``.

    Example::

        >>> torch.combinations(torch.tensor([1, 2, 3]))
        tensor([[1, 2],
                [1, 3],
                [2, 3]])
        >>> torch.combinations(torch.tensor([1, 2]), with_replacement=True)
        tensor([[1, 1],
                [1, 2],
                [2, 2]])
    """
    from .creation import empty, tensor
    from .joining import stack

    if input.ndim != 1:
        raise RuntimeError(f"Expect a 1D vector, but got shape {list(input.shape)}")
    if r < 0:
        raise RuntimeError(f"Expect a non-negative number, but got {r}")
    if r == 0:
        return empty(0, dtype=input.dtype, device=input.device)
    pick = itertools.combinations_with_replacement if with_replacement else itertools.combinations
    rows = list(pick(range(input.shape[0]), r))
    if not rows:
        return empty(0, r, dtype=input.dtype, device=input.device)
    index = tensor(rows, dtype=_dtype.int64, device=input.device)
    return stack([input.index_select(0, index[:, j]) for j in range(r)], 1)


@op("take_along_dim")
def take_along_dim(input, indices, dim=None, *, out=None):
    r"""Selects values from ``input`` at the 1-D ``indices`` along the given ``dim``.

    Like :func:`gather`, but ``input`` and ``indices`` broadcast against each other except
    along ``dim``; it suits the indices returned by :func:`argmax`, :func:`argsort` and
    :func:`topk`. Without ``dim`` both are flattened. ``x.take_along_dim(...)`` is the same.

    Args:
        input (Tensor): the input tensor.
        indices (Tensor): int64 indices into ``input``.
        dim (int, optional): the dimension to select along. Default: flatten.

    Keyword args:
        out (Tensor, optional): the output tensor.

    Example::

        >>> t = torch.tensor([[10, 30, 20], [60, 40, 50]])
        >>> torch.take_along_dim(t, t.argmax(dim=1, keepdim=True), dim=1)
        tensor([[30],
                [60]])
        >>> torch.take_along_dim(t, torch.tensor([0, 5]))
        tensor([10, 50])
    """
    if dim is None:
        result = input.reshape(-1).gather(0, indices.reshape(-1))
    else:
        d = _dim(dim, input.ndim)
        shape_in, shape_ix = list(input.shape), list(indices.shape)
        if len(shape_in) != len(shape_ix):
            raise RuntimeError(
                f"torch.take_along_dim(): input and indices should have the same number of "
                f"dimensions, but got {len(shape_in)} dimensions for input, and "
                f"{len(shape_ix)} dimensions for indices"
            )
        from .._size import Size

        common = [max(a, b) for a, b in zip(shape_in, shape_ix)]
        common_in, common_ix = list(common), list(common)
        common_in[d], common_ix[d] = shape_in[d], shape_ix[d]
        result = input.expand(Size(common_in)).gather(d, indices.expand(Size(common_ix)))
    return to_out(result, out)


def _split_along(name: str, dim: int, input, sections):
    if isinstance(sections, int) and input.shape[dim] % sections:
        raise RuntimeError(
            f"torch.{name} attempted to split along dimension {dim}, but the size of the "
            f"dimension {input.shape[dim]} is not divisible by the split_size {sections}!"
        )
    return input.tensor_split(sections, dim)


@op("hsplit")
def hsplit(input, indices_or_sections):
    r"""Splits ``input``, a tensor with one or more dimensions, into multiple tensors
    horizontally according to ``indices_or_sections``.

    Each split is a view of ``input``. For 1-D tensors it splits along dim 0, otherwise
    along dim 1; it is :func:`tensor_split` with that ``dim``, except that an int of
    sections must divide the size exactly. ``x.hsplit(...)`` is the same.

    Args:
        input (Tensor): the tensor to split.
        indices_or_sections (int or list or tuple of ints): the number of equal sections, or
            the indices at which to split.

    Returns:
        tuple of Tensors.

    Example::

        >>> x = torch.arange(12).reshape(2, 6)
        >>> torch.hsplit(x, 2)
        (tensor([[0, 1, 2],
                [6, 7, 8]]), tensor([[ 3,  4,  5],
                [ 9, 10, 11]]))
        >>> [t.shape[1] for t in torch.hsplit(x, [1, 4])]
        [1, 3, 2]
    """
    if input.ndim < 1:
        raise RuntimeError(
            "torch.hsplit requires a tensor with at least 1 dimension, but got a tensor with 0 "
            "dimensions!"
        )
    return _split_along("hsplit", 1 if input.ndim > 1 else 0, input, indices_or_sections)


def _split_from(name: str, dim: int, least: int, doc: str):
    """``torch.vsplit``/``dsplit``: tensor_split along ``dim`` of a tensor of ``least`` dims."""

    def split(input, indices_or_sections):
        if input.ndim < least:
            raise RuntimeError(
                f"torch.{name} requires a tensor with at least {least} dimension, but got a "
                f"tensor with {input.ndim} dimensions!"
            )
        return _split_along(name, dim, input, indices_or_sections)

    split.__name__ = name
    split.__doc__ = doc
    return op(name)(split)


_SPLIT_DOC = """Splits ``input``, a tensor with {least} or more dimensions, into multiple tensors
    {how} according to ``indices_or_sections``.

    Each split is a view of ``input``. It is :func:`tensor_split` along dim {dim}, except
    that an int of sections must divide the size exactly. ``x.{name}(...)`` is the same.

    Args:
        input (Tensor): the tensor to split.
        indices_or_sections (int or list or tuple of ints): the number of equal sections,
            or the indices at which to split.

    Returns:
        tuple of Tensors.

    Example::

{example}
    """
vsplit = _split_from(
    "vsplit",
    0,
    2,
    _SPLIT_DOC.format(
        least=2,
        how="vertically",
        dim=0,
        name="vsplit",
        example="""        >>> torch.vsplit(torch.arange(8).reshape(4, 2), 2)
        (tensor([[0, 1],
                [2, 3]]), tensor([[4, 5],
                [6, 7]]))""",
    ),
)
dsplit = _split_from(
    "dsplit",
    2,
    3,
    _SPLIT_DOC.format(
        least=3,
        how="depthwise",
        dim=2,
        name="dsplit",
        example="""        >>> [t.shape for t in torch.dsplit(torch.arange(8).reshape(1, 2, 4), 2)]
        [numtensor.Size([1, 2, 2]), numtensor.Size([1, 2, 2])]""",
    ),
)


@op("split_with_sizes")
def split_with_sizes(input, split_sizes, dim: int = 0):
    r"""Splits ``input`` into pieces of the given sizes along ``dim``.

    The sizes must add up to ``input.size(dim)``; the pieces are views of ``input``. Same as
    ``torch.split(input, split_sizes, dim)``; ``x.split_with_sizes(...)`` is the same.

    Args:
        input (Tensor): the tensor to split.
        split_sizes (list of ints): the size of each piece.
        dim (int): the dimension to split along. Default: ``0``.

    Returns:
        tuple of Tensors.

    Example::

        >>> torch.split_with_sizes(torch.arange(5), [2, 3])
        (tensor([0, 1]), tensor([2, 3, 4]))
    """
    if sum(split_sizes) != input.shape[_dim(dim, input.ndim)]:
        raise RuntimeError(
            f"split_with_sizes expects split_sizes to sum exactly to {input.shape[dim]} "
            f"(input tensor's size at dimension {dim}), but got split_sizes={list(split_sizes)}"
        )
    return input.split(list(split_sizes), dim)


@op("unravel_index", method=False)
def unravel_index(indices, shape):
    r"""Converts a tensor of flat indices into a tuple of coordinate tensors that index into an
    arbitrary tensor of the specified shape.

    Args:
        indices (Tensor): an integer tensor of indices into the flattened version of a tensor
            of shape ``shape``.
        shape (int or sequence of ints): the shape of that tensor.

    Returns:
        tuple of Tensors: one per dimension of ``shape``, each shaped like ``indices``.

    Example::

        >>> torch.unravel_index(torch.tensor(4), (3, 2))
        (tensor(2), tensor(0))
        >>> torch.unravel_index(torch.tensor([1, 5]), (2, 3))
        (tensor([0, 1]), tensor([1, 2]))
    """
    shape = _ints(shape)
    if not isinstance(indices, Tensor):
        raise TypeError(f"expected 'indices' to be a tensor, but got {type(indices)}")
    if indices.dtype.is_floating_point or indices.dtype is _dtype.bool_:
        raise TypeError(
            f"expected 'indices' to be integer dtype, but got {indices.dtype}".replace(
                "numtensor", "torch"
            )
        )
    if any(s < 0 for s in shape):
        raise ValueError("'shape' cannot have negative values, but got " + str(shape))
    coords, rest = [], indices
    for size in reversed(shape):
        coords.append(rest.remainder(size) if size else rest * 0)
        rest = rest.div(size, rounding_mode="floor") if size else rest
    return tuple(reversed(coords))


@op("vander", method=False)
def vander(x, N=None, increasing: bool = False):
    r"""Generates a Vandermonde matrix.

    The columns are powers of ``x``: with ``increasing=False`` (the default) column ``i`` is
    ``x ** (N - i - 1)``, with ``increasing=True`` it is ``x ** i``. Integer inputs give an
    int64 result.

    Args:
        x (Tensor): a 1-D input tensor.
        N (int, optional): the number of columns. Default: ``len(x)``.
        increasing (bool): the order of the powers. Default: ``False``.

    Returns:
        Tensor: of shape ``(len(x), N)``.

    Example::

        >>> torch.vander(torch.tensor([1, 2, 3]))
        tensor([[1, 1, 1],
                [4, 2, 1],
                [9, 3, 1]])
        >>> torch.vander(torch.tensor([1., 2.]), N=3, increasing=True)
        tensor([[1., 1., 1.],
                [1., 2., 4.]])
    """
    from .creation import arange

    if x.ndim != 1:
        raise RuntimeError("x must be a one-dimensional tensor.")
    n = x.shape[0] if N is None else N
    if n < 0:
        raise RuntimeError("N must be non-negative.")
    base = x if x.dtype.is_floating_point else x.to(_dtype.int64)
    powers = arange(n, device=x.device)
    out = base.unsqueeze(1) ** powers.to(base.dtype)
    return out if increasing else out.flip(1)


@op("diff")
def diff(input, n: int = 1, dim: int = -1, prepend=None, append=None):
    r"""Computes the n-th forward difference along the given dimension.

    The first-order difference is ``out[i] = input[i + 1] - input[i]``; higher orders apply
    it ``n`` times. ``prepend`` and ``append`` are joined to ``input`` along ``dim`` first.
    Bool tensors use ``!=`` instead of subtraction. ``x.diff(...)`` is the same.

    Args:
        input (Tensor): the tensor to compute the differences on.
        n (int): the number of times to difference. Default: ``1``.
        dim (int): the dimension along which to compute. Default: ``-1``.
        prepend (Tensor, optional): values to prepend along ``dim``.
        append (Tensor, optional): values to append along ``dim``.

    Example::

        >>> a = torch.tensor([1, 3, 2])
        >>> torch.diff(a)
        tensor([ 2, -1])
        >>> torch.diff(a, n=2)
        tensor([-3])
        >>> torch.diff(torch.tensor([[1, 2], [4, 8]]), dim=0)
        tensor([[3, 6]])
    """
    from .joining import cat

    if input.ndim == 0:
        raise RuntimeError("diff expects input to be at least one-dimensional")
    if n < 0:
        raise RuntimeError(f"order must be non-negative but got {n}")
    d = _dim(dim, input.ndim)
    parts = [t for t in (prepend, input, append) if t is not None]
    x = cat(parts, d) if len(parts) > 1 else input
    for _ in range(n):
        size = x.shape[d]
        if size == 0:
            break
        later, earlier = x.narrow(d, 1, size - 1), x.narrow(d, 0, size - 1)
        x = later != earlier if x.dtype is _dtype.bool_ else later - earlier
    return x
