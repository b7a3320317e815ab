"""Training holds steady: the functions of benchmarks/long_run.py (which runs 10,000 steps)
for a few hundred steps each."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))

import long_run


def test_live_tensors_do_not_accumulate():
    result = long_run.steady(300, every=100)
    counts = [live for _, _, live in result["marks"]]
    assert counts[-1] <= counts[0], counts
    assert result["losses"][-1] < result["losses"][0]


def test_a_fresh_run_from_the_same_seed_is_bit_identical():
    assert long_run.repeated(150)


def test_two_threads_training_their_own_models_match_sequential_runs():
    assert long_run.threaded(150)
