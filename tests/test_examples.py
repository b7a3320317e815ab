"""The example programs run to completion."""

import runpy
from pathlib import Path

import numpy as np

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"


def _digits_module():
    import importlib.util

    spec = importlib.util.spec_from_file_location(
        "classify_digits", EXAMPLES / "classify_digits.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


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


def test_classify_digits_runs_on_tiny_settings(tmp_path, capsys):
    module = _digits_module()
    histories = module.main(["--epochs", "2", "--limit", "300", "--out", str(tmp_path)])
    assert set(histories) == {"mlp", "cnn"}
    for h in histories.values():
        assert len(h["loss"]) == 2 and h["loss"][1] < h["loss"][0]
        assert h["reloaded_test_acc"] == h["test_acc"][-1]
    assert (tmp_path / "digits_training.png").stat().st_size > 1000
    assert (tmp_path / "digits_mlp.nt").exists() and (tmp_path / "digits_cnn.nt").exists()
    assert "final test accuracy" in capsys.readouterr().out


def test_classify_digits_shrinks_for_ci(tmp_path):
    module = _digits_module()
    tiny = ["--model", "mlp", "--epochs", "2", "--limit", "16", "--batch-size", "8"]
    tiny += ["--max-steps", "1", "--hidden", "16", "--no-plot", "--out", str(tmp_path)]
    h = module.main(tiny)["mlp"]
    assert len(h["step_loss"]) == 2 and len(h["loss"]) == 2  # one batch per epoch
    assert h["checkpoint_devices"] == ["cpu"] and h["reloaded_test_acc"] == h["test_acc"][-1]
    assert not (tmp_path / "digits_training.png").exists()


def test_seed_two_layer_compiled_prints_the_eager_losses(capsys, monkeypatch):
    import sys

    runs = []
    for flags in ([], ["--compile"]):
        argv = ["seed_two_layer.py", "--iterations", "40", "--log-every", "10"]
        argv += ["--sizes", "16,50,20,5", *flags]
        monkeypatch.setattr(sys, "argv", argv)
        runpy.run_path(str(EXAMPLES / "seed_two_layer.py"), run_name="__main__")
        out = capsys.readouterr().out
        runs.append([line for line in out.splitlines() if line.startswith("Iteration:")])
    assert len(runs[0]) == 4 and runs[0] == runs[1]


def test_classify_digits_compiled_trains_like_eager(tmp_path):
    module = _digits_module()
    tiny = ["--model", "mlp", "--epochs", "2", "--limit", "200", "--batch-size", "32"]
    tiny += ["--hidden", "16", "--no-plot", "--out", str(tmp_path)]
    eager = module.main(tiny)["mlp"]
    compiled = module.main([*tiny, "--compile"])["mlp"]
    # Adam's bias corrections are float32 tensor math when compiled: equal within rounding
    np.testing.assert_allclose(compiled["step_loss"], eager["step_loss"], rtol=1e-4)
    assert compiled["test_acc"] == eager["test_acc"]


def test_hogwild_reaches_the_single_process_accuracy():
    import subprocess
    import sys

    example = Path(__file__).resolve().parent.parent / "examples" / "hogwild.py"
    done = subprocess.run(
        [sys.executable, str(example), "--epochs", "4"],
        capture_output=True,
        text=True,
        timeout=600,
        check=True,
    )
    lines = [line for line in done.stdout.splitlines() if "accuracy" in line]
    hogwild, single = (float(line.split("accuracy")[1].split()[0]) for line in lines)
    assert single > 0.85
    assert hogwild >= single - 0.03, done.stdout
