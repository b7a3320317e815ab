"""The differential fuzzer's CI profile: a few hundred random programs (``tests/fuzzing.py``)
run in numtensor and torch must agree. The long profile is ``python -m tests.fuzzing``."""

from __future__ import annotations

import pytest

import numtensor as nt
from tests.conftest import torch
from tests.fuzzing import Program, compare

PROGRAMS = 400
CHUNK = 50


@pytest.mark.parametrize("first", range(1, PROGRAMS + 1, CHUNK))
def test_random_programs_agree_with_torch(first):
    found = []
    for seed in range(first, first + CHUNK):
        program = Program(seed)
        diff = compare(program, torch, nt)
        if diff is not None:
            found.append(f"--- seed {seed}: {diff}\n{program.text}")
    assert not found, "\n\n".join(found)


def test_programs_cover_every_family_and_dtype():
    texts = "\n".join(Program(seed).text for seed in range(1, PROGRAMS + 1))
    for needle in ("np.bool_", "np.uint8", "np.int8", "np.int16", "np.int32", "np.int64",
                   "np.float16", "np.float32", "np.float64", "reshape(())", "(0,",
                   "transpose(0, 1)", "[::2]", "T.sum(", "T.cat(", "T.topk(", "T.clamp(",
                   "requires_grad=True", "backward()", "float('nan')", "_("):  # fmt: skip
        assert needle in texts, needle
