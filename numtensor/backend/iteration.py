"""The memory layout of an elementwise op's new output, as PyTorch's TensorIterator picks it.

Device-neutral: the backends pass each operand's strides (seen in the output's shape, 0 on
broadcast dims) and allocate the output in the order returned.
"""

from __future__ import annotations


def broadcast_strides(shape: tuple, a_shape: tuple, a_strides: tuple) -> tuple:
    """An operand's strides in the output's ``shape``: 0 on the dims it is broadcast along."""
    lead = len(shape) - len(a_shape)
    strides = [0] * lead
    for size, a_size, stride in zip(shape[lead:], a_shape, a_strides):
        strides.append(0 if a_size == 1 and size != 1 else stride)
    return tuple(strides)


def output_order(shape: tuple, operands: list) -> list | None:
    """The output's dims from outermost to innermost, or None for row-major order.

    TensorIterator's rule: dims sorted innermost-first by the operands' strides, the first
    operand that tells two dims apart deciding (a broadcast dim tells nothing), equal strides
    putting the smaller dim inside, and dims nobody orders staying as they are."""
    ndim = len(shape)
    if ndim < 2:
        return None

    def should_swap(d0: int, d1: int) -> int:
        for strides in operands:
            s0, s1 = strides[d0], strides[d1]
            if s0 == 0 or s1 == 0:
                continue
            if s0 < s1:
                return -1
            if s0 > s1:
                return 1
            if shape[d0] > shape[d1]:
                return 1
        return 0

    perm = list(range(ndim - 1, -1, -1))  # perm[0] is the innermost dim
    for i in range(1, ndim):
        d1 = i
        for d0 in range(i - 1, -1, -1):
            comparison = should_swap(perm[d0], perm[d1])
            if comparison > 0:
                perm[d0], perm[d1] = perm[d1], perm[d0]
                d1 = d0
            elif comparison < 0:
                break
    order = perm[::-1]
    return None if order == list(range(ndim)) else order
