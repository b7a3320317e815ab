"""Variable-length sequences for the recurrent layers: PackedSequence, pack/pad helpers."""

from __future__ import annotations

import itertools

import numtensor as _nt

from ..._tensor_base import Tensor


class PackedSequence(tuple):
    r"""Holds the data and the list of ``batch_sizes`` of a packed sequence: what
    :func:`pack_padded_sequence` and :func:`pack_sequence` return and the recurrent layers
    accept instead of a padded batch.

    Its fields are ``data`` (the time steps of all sequences, sorted by decreasing length,
    concatenated step by step), ``batch_sizes`` (how many sequences each step holds, an int64
    CPU tensor), ``sorted_indices`` and ``unsorted_indices`` (the order used, and its
    inverse). Do not build one by hand: use the packing functions.

    Example::

        >>> from numtensor.nn.utils.rnn import pack_sequence
        >>> packed = pack_sequence([torch.tensor([1, 2, 3]), torch.tensor([4, 5])])
        >>> packed.data, packed.batch_sizes
        (tensor([1, 4, 2, 5, 3]), tensor([2, 2, 1]))
    """

    def __new__(cls, data, batch_sizes=None, sorted_indices=None, unsorted_indices=None):
        if unsorted_indices is None and sorted_indices is not None:
            unsorted_indices = _invert(sorted_indices)
        return tuple.__new__(cls, (data, batch_sizes, sorted_indices, unsorted_indices))

    data = property(lambda self: self[0])
    batch_sizes = property(lambda self: self[1])
    sorted_indices = property(lambda self: self[2])
    unsorted_indices = property(lambda self: self[3])

    def to(self, *args, **kwargs):
        r"""Returns the PackedSequence with ``data`` (and the index tensors) moved or cast with
        ``Tensor.to(*args, **kwargs)``; ``self`` when nothing changes. ``batch_sizes`` stays on
        the CPU.

        Example::

            >>> from numtensor.nn.utils.rnn import pack_sequence
            >>> packed = pack_sequence([torch.tensor([1., 2.]), torch.tensor([3.])])
            >>> packed.to(torch.float64).data
            tensor([1., 3., 2.], dtype=numtensor.float64)
        """
        data = self.data.to(*args, **kwargs)
        if data is self.data:
            return self
        device = data.device
        move = lambda t: None if t is None else t.to(device)  # noqa: E731
        return PackedSequence(
            data, self.batch_sizes, move(self.sorted_indices), move(self.unsorted_indices)
        )

    def cpu(self):
        r"""Returns the PackedSequence with its data on the CPU (see :meth:`to`).

        Example::

            >>> from numtensor.nn.utils.rnn import pack_sequence
            >>> pack_sequence([torch.tensor([1., 2.])]).cpu().data.device
            device(type='cpu')
        """
        return self.to("cpu")

    def cuda(self, *args, **kwargs):
        r"""Returns the PackedSequence with its data on the CUDA device (see :meth:`to`).

        Example::

            >>> from numtensor.nn.utils.rnn import pack_sequence
            >>> pack_sequence([torch.tensor([1., 2.])]).cuda().is_cuda  # doctest: +SKIP
            True
        """
        return self.to("cuda")

    @property
    def is_cuda(self) -> bool:
        r"""Whether the packed data is on a CUDA device.

        Example::

            >>> from numtensor.nn.utils.rnn import pack_sequence
            >>> pack_sequence([torch.tensor([1., 2.])]).is_cuda
            False
        """
        return self.data.is_cuda

    def __repr__(self) -> str:
        return (
            f"PackedSequence(data={self.data!r}, batch_sizes={self.batch_sizes!r}, "
            f"sorted_indices={self.sorted_indices!r}, unsorted_indices={self.unsorted_indices!r})"
        )


def _invert(permutation: Tensor) -> Tensor:
    inverse = _nt.empty_like(permutation)
    return inverse.scatter_(
        0, permutation, _nt.arange(permutation.numel(), device=permutation.device)
    )


def pack_padded_sequence(input, lengths, batch_first: bool = False, enforce_sorted: bool = True):
    r"""Packs a padded batch of variable-length sequences into a :class:`PackedSequence`.

    Args:
        input (Tensor): :math:`(T, B, *)`, or :math:`(B, T, *)` with ``batch_first``.
        lengths (Tensor or list of ints): the length of each sequence.
        batch_first (bool): whether the batch is dim 0. Default: ``False``.
        enforce_sorted (bool): require the lengths in decreasing order (``False`` sorts them and
            remembers the order). Default: ``True``.

    Returns:
        PackedSequence

    Example::

        >>> from numtensor.nn.utils.rnn import pack_padded_sequence
        >>> padded = torch.tensor([[1, 2, 3], [4, 5, 0]])
        >>> packed = pack_padded_sequence(padded, [3, 2], batch_first=True)
        >>> packed.data, packed.batch_sizes
        (tensor([1, 4, 2, 5, 3]), tensor([2, 2, 1]))
    """
    if isinstance(lengths, Tensor):
        lengths = lengths.tolist()
    lengths = [int(n) for n in lengths]
    x = input.transpose(0, 1) if batch_first else input
    if len(lengths) != x.shape[1]:
        raise RuntimeError(
            f"Expected `len(lengths)` to be equal to batch_size, but got {len(lengths)} "
            f"(batch_size={x.shape[1]})"
        )
    sorted_indices = None
    if enforce_sorted:
        if any(a < b for a, b in itertools.pairwise(lengths)):
            raise RuntimeError(
                "`lengths` array must be sorted in decreasing order when `enforce_sorted` is "
                "True. You can pass `enforce_sorted=False` to pack_padded_sequence and/or "
                "pack_sequence to sidestep this requirement if you do not need ONNX "
                "exportability."
            )
    else:
        order = sorted(range(len(lengths)), key=lambda i: -lengths[i])
        sorted_indices = _nt.tensor(order, dtype=_nt.int64, device=input.device)
        x = x.index_select(1, sorted_indices)
        lengths = [lengths[i] for i in order]
    if any(n <= 0 for n in lengths):
        raise RuntimeError(
            "Length of all samples has to be greater than 0, but found an element in 'lengths' "
            "that is <= 0"
        )
    batch_sizes = [sum(1 for n in lengths if n > t) for t in range(lengths[0])]
    data = _nt.cat([x[t, :b] for t, b in enumerate(batch_sizes)], 0)
    return PackedSequence(data, _nt.tensor(batch_sizes, dtype=_nt.int64), sorted_indices, None)


def pad_packed_sequence(sequence, batch_first: bool = False, padding_value: float = 0.0,
                        total_length=None):  # fmt: skip
    r"""Pads a :class:`PackedSequence` back into a batch: the inverse of
    :func:`pack_padded_sequence`.

    Args:
        sequence (PackedSequence): the batch to pad.
        batch_first (bool): return :math:`(B, T, *)` instead of :math:`(T, B, *)`. Default:
            ``False``.
        padding_value (float): the value of the padding. Default: 0.
        total_length (int, optional): pad to this length.

    Returns:
        (Tensor, Tensor): the padded batch and the lengths (int64), in the original order.

    Example::

        >>> from numtensor.nn.utils.rnn import pack_sequence, pad_packed_sequence
        >>> packed = pack_sequence([torch.tensor([1, 2, 3]), torch.tensor([4, 5])])
        >>> pad_packed_sequence(packed, batch_first=True)
        (tensor([[1, 2, 3],
                [4, 5, 0]]), tensor([3, 2]))
    """
    data, batch_sizes = sequence.data, sequence.batch_sizes.tolist()
    steps = len(batch_sizes)
    if total_length is not None and total_length < steps:
        raise ValueError(
            "Expected total_length to be at least the length of the longest sequence in input, "
            f"but got total_length={total_length} and max sequence length being {steps}"
        )
    batch = batch_sizes[0] if batch_sizes else 0
    rows, start = [], 0
    for b in batch_sizes:
        step = data[start : start + b]
        if b < batch:
            pad = step.new_full((batch - b, *step.shape[1:]), padding_value)
            step = _nt.cat([step, pad], 0)
        rows.append(step)
        start += b
    length = total_length or steps
    if length > steps:
        rows += [data.new_full((batch, *data.shape[1:]), padding_value)] * (length - steps)
    padded = _nt.stack(rows, 0)
    lengths = [sum(1 for b in batch_sizes if b > i) for i in range(batch)]
    lengths = _nt.tensor(lengths, dtype=_nt.int64)
    if sequence.unsorted_indices is not None:
        padded = padded.index_select(1, sequence.unsorted_indices)
        lengths = lengths.index_select(0, sequence.unsorted_indices.cpu())
    return (padded.transpose(0, 1) if batch_first else padded), lengths


def pad_sequence(sequences, batch_first: bool = False, padding_value: float = 0.0,
                 padding_side: str = "right"):  # fmt: skip
    r"""Stacks a list of variable-length tensors into one batch, padding the shorter ones.

    Args:
        sequences (list of Tensors): tensors of shape :math:`(L_i, *)`.
        batch_first (bool): return :math:`(B, T, *)` instead of :math:`(T, B, *)`. Default:
            ``False``.
        padding_value (float): the value of the padding. Default: 0.
        padding_side (str): ``'right'`` or ``'left'``. Default: ``'right'``.

    Returns:
        Tensor: :math:`(T, B, *)` or :math:`(B, T, *)`, T the longest length.

    Example::

        >>> from numtensor.nn.utils.rnn import pad_sequence
        >>> pad_sequence([torch.tensor([1, 2, 3]), torch.tensor([4])], batch_first=True)
        tensor([[1, 2, 3],
                [4, 0, 0]])
        >>> pad_sequence([torch.ones(25, 300), torch.ones(22, 300), torch.ones(15, 300)]).shape
        numtensor.Size([25, 3, 300])
    """
    if padding_side not in ("left", "right"):
        raise ValueError(
            f"Expected padding_side to be one of left or right, but got {padding_side}."
        )
    longest = max(s.shape[0] for s in sequences)
    rows = []
    for s in sequences:
        pad = s.new_full((longest - s.shape[0], *s.shape[1:]), padding_value)
        rows.append(_nt.cat([s, pad] if padding_side == "right" else [pad, s], 0))
    out = _nt.stack(rows, 1)
    return out.transpose(0, 1) if batch_first else out


def pack_sequence(sequences, enforce_sorted: bool = True):
    r"""Packs a list of variable-length tensors into a :class:`PackedSequence` (padding then
    packing).

    Args:
        sequences (list of Tensors): tensors of shape :math:`(L_i, *)`.
        enforce_sorted (bool): require decreasing lengths. Default: ``True``.

    Returns:
        PackedSequence

    Example::

        >>> from numtensor.nn.utils.rnn import pack_sequence
        >>> packed = pack_sequence([torch.tensor([1]), torch.tensor([2, 3])], enforce_sorted=False)
        >>> packed.data, packed.batch_sizes
        (tensor([2, 1, 3]), tensor([2, 1]))
    """
    lengths = [s.shape[0] for s in sequences]
    return pack_padded_sequence(pad_sequence(sequences), lengths, enforce_sorted=enforce_sorted)


def unpad_sequence(padded_sequences, lengths, batch_first: bool = False):
    r"""Splits a padded batch back into a list of tensors of their own lengths (the inverse
    of :func:`pad_sequence`).

    Args:
        padded_sequences (Tensor): :math:`(T, B, *)`, or :math:`(B, T, *)` with ``batch_first``.
        lengths (Tensor): the length of each sequence.
        batch_first (bool): whether the batch is dim 0. Default: ``False``.

    Returns:
        list of Tensors

    Example::

        >>> from numtensor.nn.utils.rnn import unpad_sequence
        >>> padded = torch.tensor([[1, 2, 3], [4, 5, 0]])
        >>> unpad_sequence(padded, torch.tensor([3, 2]), batch_first=True)
        [tensor([1, 2, 3]), tensor([4, 5])]
    """
    x = padded_sequences if batch_first else padded_sequences.transpose(0, 1)
    return [
        x[i, : int(n)]
        for i, n in enumerate(lengths.tolist() if isinstance(lengths, Tensor) else lengths)
    ]


def unpack_sequence(packed_sequences):
    r"""Unpacks a :class:`PackedSequence` into the list of its tensors (the inverse of
    :func:`pack_sequence`).

    Args:
        packed_sequences (PackedSequence): the packed batch.

    Returns:
        list of Tensors

    Example::

        >>> from numtensor.nn.utils.rnn import pack_sequence, unpack_sequence
        >>> seqs = [torch.tensor([1, 2, 3]), torch.tensor([4, 5])]
        >>> unpack_sequence(pack_sequence(seqs))
        [tensor([1, 2, 3]), tensor([4, 5])]
    """
    padded, lengths = pad_packed_sequence(packed_sequences, batch_first=True)
    return unpad_sequence(padded, lengths, batch_first=True)


__all__ = ["PackedSequence", "pack_padded_sequence", "pack_sequence", "pad_packed_sequence",
           "pad_sequence", "unpack_sequence", "unpad_sequence"]  # fmt: skip
