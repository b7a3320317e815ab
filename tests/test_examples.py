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
