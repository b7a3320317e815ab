"""Variable-length sequences for the recurrent layers: PackedSequence, pack/pad helpers."""

from __future__ import annotations

import itertools

import numtensor as _nt

from ..._tensor_base import Tensor


class PackedSequence(tuple):
    """(data, batch_sizes, sorted_indices, unsorted_indices): the time steps of sequences
    sorted by decreasing length, stacked, and how many sequences each step holds."""

    def __new__(cls, data, batch_sizes=None, sorted_indices=None, unsorted_indices=None):
        if unsorted_indices is None and sorted_indices is not None:
            unsorted_indices = _invert(sorted_indices)
        return tuple.__new__(cls, (data, batch_sizes, sorted_indices, unsorted_indices))

    data = property(lambda self: self[0])
    batch_sizes = property(lambda self: self[1])
    sorted_indices = property(lambda self: self[2])
    unsorted_indices = property(lambda self: self[3])

    def to(self, *args, **kwargs):
        data = self.data.to(*args, **kwargs)
        if data is self.data:
            return self
        device = data.device
        move = lambda t: None if t is None else t.to(device)  # noqa: E731
        return PackedSequence(
            data, self.batch_sizes, move(self.sorted_indices), move(self.unsorted_indices)
        )

    def cpu(self):
        return self.to("cpu")

    def cuda(self, *args, **kwargs):
        return self.to("cuda")

    @property
    def is_cuda(self) -> bool:
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
    """The padded batch ``input`` ([T, B, *] or [B, T, *]) as a PackedSequence."""
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
    """The padded batch and the lengths (in the original order) of a PackedSequence."""
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
    """Sequences of different lengths stacked into one padded batch."""
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
    lengths = [s.shape[0] for s in sequences]
    return pack_padded_sequence(pad_sequence(sequences), lengths, enforce_sorted=enforce_sorted)


def unpad_sequence(padded_sequences, lengths, batch_first: bool = False):
    x = padded_sequences if batch_first else padded_sequences.transpose(0, 1)
    return [
        x[i, : int(n)]
        for i, n in enumerate(lengths.tolist() if isinstance(lengths, Tensor) else lengths)
    ]


def unpack_sequence(packed_sequences):
    padded, lengths = pad_packed_sequence(packed_sequences, batch_first=True)
    return unpad_sequence(padded, lengths, batch_first=True)


__all__ = ["PackedSequence", "pack_padded_sequence", "pack_sequence", "pad_packed_sequence",
           "pad_sequence", "unpack_sequence", "unpad_sequence"]  # fmt: skip
