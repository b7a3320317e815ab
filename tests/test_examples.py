"""The example programs run to completion."""

import runpy
from pathlib import Path

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"


def test_tour_runs(capsys):
    runpy.run_path(str(EXAMPLES / "tour.py"), run_name="__main__")
    out = capsys.readouterr().out
    assert "tensor([[1, 2],\n        [3, 4]])" in out
    assert "x[0, 0] is now 42.0" in out
    assert "tensor([2., 2., 2., 2., 2., 2., 2.], dtype=numtensor.float64)" in out


def test_seed_two_layer_runs(capsys, monkeypatch):
    import sys

    monkeypatch.setattr(sys, "argv", ["seed_two_layer.py", "--iterations", "200"])
    runpy.run_path(str(EXAMPLES / "seed_two_layer.py"), run_name="__main__")
    out = capsys.readouterr().out
    lines = [line for line in out.splitlines() if line.startswith("Iteration:")]
    assert len(lines) == 2
    losses = [float(line.split()[-1]) for line in lines]
    assert losses[1] < losses[0]
