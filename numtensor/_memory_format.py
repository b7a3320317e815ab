"""Memory formats (``numtensor.channels_last`` ...) and PyTorch's stride rules for them:
the strides each format gives a shape, the contiguity checks, and the layout a ``*_like``
factory or ``clone`` preserves. Pure arithmetic on shapes and strides (Python ints)."""

from __future__ import annotations

from .backend.iteration import output_order


class memory_format:
    r"""A :class:`numtensor.memory_format` names the order in which a tensor's elements are laid
    out in memory.

    There are four, each existing once (they compare by identity):

    - ``numtensor.contiguous_format``: row-major (C order), the default of factories and of
      :meth:`Tensor.contiguous`. ``numtensor.legacy_contiguous_format`` is the same object.
    - ``numtensor.channels_last``: for 4-D ``(N, C, H, W)`` tensors, laid out as
      ``(N, H, W, C)`` (strides ``(HWC, 1, WC, C)``).
    - ``numtensor.channels_last_3d``: the same for 5-D ``(N, C, D, H, W)`` tensors.
    - ``numtensor.preserve_format``: keep the input's layout (``clone`` and the ``*_like``
      factories use it by default).

    Example::

        >>> torch.channels_last
        numtensor.channels_last
        >>> x = torch.zeros(2, 3, 4, 5).contiguous(memory_format=torch.channels_last)
        >>> x.stride()
        (60, 1, 15, 3)
        >>> x.is_contiguous(memory_format=torch.channels_last), x.is_contiguous()
        (True, False)
    """

    __slots__ = ("_name",)

    def __new__(cls, *args, **kwargs):
        raise TypeError("cannot create 'numtensor.memory_format' instances")

    @classmethod
    def _make(cls, name: str) -> memory_format:
        obj = object.__new__(cls)
        obj._name = name
        return obj

    def __repr__(self) -> str:
        return f"numtensor.{self._name}"

    def __reduce__(self):
        return (_memory_format_by_name, (self._name,))

    def __copy__(self) -> memory_format:
        return self

    def __deepcopy__(self, memo) -> memory_format:
        return self


contiguous_format = memory_format._make("contiguous_format")
channels_last = memory_format._make("channels_last")
channels_last_3d = memory_format._make("channels_last_3d")
preserve_format = memory_format._make("preserve_format")
legacy_contiguous_format = contiguous_format  # (PyTorch's alias, the same object)

_BY_NAME = {
    f._name: f for f in (contiguous_format, channels_last, channels_last_3d, preserve_format)
}
# each channels-last format: its rank and its dims from innermost to outermost in memory
_CHANNELS_LAST = {channels_last: (4, (1, 3, 2, 0)), channels_last_3d: (5, (1, 4, 3, 2, 0))}


def _memory_format_by_name(name: str) -> memory_format:
    return _BY_NAME[name]


def check_memory_format(fmt, fname: str, allow_none: bool = True):
    """``fmt`` itself, or PyTorch's TypeError when it is not a memory format (``None`` is
    accepted, meaning ``preserve_format``, where ``allow_none``)."""
    if fmt is None and allow_none:
        return preserve_format
    if not isinstance(fmt, memory_format):
        raise TypeError(
            f"{fname}(): argument 'memory_format' must be numtensor.memory_format, "
            f"not {type(fmt).__name__}"
        )
    return fmt


def _check_rank(fmt: memory_format, shape) -> None:
    rank = _CHANNELS_LAST[fmt][0]
    if len(shape) != rank:
        raise RuntimeError(f"required rank {rank} tensor to use {fmt._name} format")


def strides_for(fmt: memory_format, shape) -> tuple:
    """The strides of a fresh tensor of ``shape`` in ``fmt`` (contiguous or channels-last),
    as PyTorch computes them; RuntimeError for a channels-last format of the wrong rank."""
    shape = tuple(shape)
    if fmt is contiguous_format:
        strides, step = [0] * len(shape), 1
        for d in reversed(range(len(shape))):
            strides[d] = step
            step *= max(shape[d], 1)
        return tuple(strides)
    if fmt is preserve_format:
        raise RuntimeError("unsupported memory format Preserve")
    _check_rank(fmt, shape)
    # innermost dim C has stride 1; each next one the previous stride times the previous size
    order = _CHANNELS_LAST[fmt][1]
    strides, step = [0] * len(shape), 1
    for d in order:
        strides[d] = step
        step *= shape[d]
    return tuple(strides)


def is_contiguous_as(fmt: memory_format, shape, strides) -> bool:
    """Whether a tensor is contiguous in ``fmt`` (PyTorch's rule: size-1 dims are ignored;
    a channels-last format of another rank is never met)."""
    shape, strides = tuple(shape), tuple(strides)
    if fmt is contiguous_format:
        if 0 in shape:
            return True
        order = reversed(range(len(shape)))
    else:
        rank, order = _CHANNELS_LAST[fmt]
        if len(shape) != rank:
            return False
    expected = 1
    for d in order:
        if shape[d] != 1:
            if strides[d] != expected:
                return False
            expected *= shape[d]
    return True


def _strides_like(fmt: memory_format, shape, strides) -> bool:
    """PyTorch's ``is_channels_last_strides_*``: the strides are ordered as ``fmt`` orders the
    dims (with its tie-breaks towards the contiguous format)."""
    rank, order = _CHANNELS_LAST[fmt]
    if len(shape) != rank or strides[1] == 0:
        return False
    least = 0
    for d in order:
        if shape[d] == 0 or strides[d] < least:
            return False
        if d == 0 and least == strides[1]:
            return False
        least = strides[d] * (shape[d] if shape[d] > 1 else 1)
    return True


def suggest_memory_format(shape, strides) -> memory_format:
    """The format a tensor's strides look like: channels-last when ordered so, else
    contiguous (PyTorch's ``Tensor.suggest_memory_format``)."""
    for fmt in (channels_last, channels_last_3d):
        if _strides_like(fmt, shape, strides):
            return fmt
    return contiguous_format


def is_non_overlapping_and_dense(shape, strides) -> bool:
    """Whether the elements fill one block of memory without overlap, in some dim order."""
    shape, strides = tuple(shape), tuple(strides)
    if len(shape) == 1:
        return shape[0] < 2 or strides[0] == 1
    dims = sorted(
        range(len(shape)), key=lambda d: (shape[d] < 2, strides[d] if shape[d] >= 2 else 0)
    )
    expected = 1
    for d in dims:
        if shape[d] < 2:
            return True
        if strides[d] != expected:
            return False
        expected *= shape[d]
    return True


def infer_dense_strides(shape, strides) -> tuple:
    """Dense strides that keep the dim order of ``strides`` (dims of stride 0 keep their
    row-major place; equal strides put the smaller dim inside): PyTorch's rule, the one
    TensorIterator applies to a single operand."""
    shape = tuple(shape)
    order = output_order(shape, [tuple(strides)]) or list(range(len(shape)))
    out, step = [0] * len(shape), 1
    for d in reversed(order):
        out[d] = step
        if shape[d] > 1:
            step *= shape[d]
    return tuple(out)


def preserved_strides(shape, strides) -> tuple:
    """The strides ``empty_like(x)`` / ``clone(x)`` give with ``preserve_format``: ``x``'s
    own when it is dense, else dense ones in its dim order."""
    if is_non_overlapping_and_dense(shape, strides):
        return tuple(strides)
    return infer_dense_strides(shape, strides)


def target_strides(fmt: memory_format, shape, strides) -> tuple:
    """The strides of a new tensor of ``shape`` made in ``fmt`` from one with ``strides``."""
    if fmt is preserve_format:
        return preserved_strides(shape, strides)
    return strides_for(fmt, shape)
