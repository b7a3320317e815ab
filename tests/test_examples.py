"""The example programs run to completion, and write only where they are told to."""

import os
import re
import runpy
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
# a few batches of the MLP and the CNN: seconds, with every output of a full run
TINY = ["--epochs", "3", "--limit", "64", "--batch-size", "32", "--hidden", "16"]


def _digits_module():
    import importlib.util

    spec = importlib.util.spec_from_file_location(
        "classify_digits", EXAMPLES / "classify_digits.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _root_outputs() -> set:
    """What a run could leave in the repository root (compared before and after)."""
    return {p.name for p in ROOT.iterdir() if p.name.startswith(("digits", "runs"))}


def test_tour_runs(capsys, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    runpy.run_path(str(EXAMPLES / "tour.py"), run_name="__main__")
    assert list(tmp_path.iterdir()) == []  # writes nothing
    out = capsys.readouterr().out
    assert "tensor([[1, 2],\n        [3, 4]])" in out
    assert "x[0, 0] is now 42.0" in out
    assert "tensor([2., 2., 2., 2., 2., 2., 2.], dtype=numtensor.float64)" in out


def test_seed_two_layer_runs(capsys, monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(sys, "argv", ["seed_two_layer.py", "--iterations", "200"])
    runpy.run_path(str(EXAMPLES / "seed_two_layer.py"), run_name="__main__")
    assert list(tmp_path.iterdir()) == []  # writes nothing
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


def test_hogwild_reaches_the_single_process_accuracy(tmp_path):
    done = subprocess.run(
        [sys.executable, str(EXAMPLES / "hogwild.py"), "--epochs", "4"],
        capture_output=True,
        text=True,
        timeout=600,
        check=True,
        cwd=tmp_path,
    )
    assert list(tmp_path.iterdir()) == []  # writes nothing
    lines = [line for line in done.stdout.splitlines() if "accuracy" in line]
    hogwild, single = (float(line.split("accuracy")[1].split()[0]) for line in lines)
    assert single > 0.85
    assert hogwild >= single - 0.03, done.stdout


# ---- classify_digits: where the outputs go, what the log looks like ---------------------------

EPOCH_LINE = re.compile(
    r"epoch [ \d]\d?/(\d+)  mlp loss \d+\.\d{4} acc [01]\.\d{4} \(test [01]\.\d{4}\)"
    r"  cnn loss \d+\.\d{4} acc [01]\.\d{4} \(test [01]\.\d{4}\)  \d+\.\d s"
)


def _run_digits(args, cwd, **kwargs):
    """The example as a user runs it, stdout and stderr going to a log file (no terminal)."""
    log = Path(cwd).parent / f"{Path(cwd).name}.log"
    with open(log, "w") as handle:
        subprocess.run(
            [sys.executable, str(EXAMPLES / "classify_digits.py"), *args],
            cwd=cwd,
            stdout=handle,
            stderr=subprocess.STDOUT,
            timeout=300,
            check=True,
            **kwargs,
        )
    return log.read_text()


def test_classify_digits_writes_into_runs_by_default_and_says_so(tmp_path):
    cwd = tmp_path / "work"
    cwd.mkdir()
    before = _root_outputs()
    log = _run_digits(TINY, cwd)
    # every output lands in ./runs (created), nothing else in the working directory or the
    # repository root
    assert [p.name for p in cwd.iterdir()] == ["runs"]
    written = {"digits_mlp.nt", "digits_cnn.nt", "digits_training.png"}
    assert {p.name for p in (cwd / "runs").iterdir()} == written
    assert _root_outputs() == before
    # one concise line per epoch, no carriage returns or progress bar in a log
    lines = log.splitlines()
    epochs = [line for line in lines if line.startswith("epoch")]
    assert len(epochs) == 3 and all(EPOCH_LINE.fullmatch(line) for line in epochs), log
    assert [int(EPOCH_LINE.fullmatch(line).group(1)) for line in epochs] == [3, 3, 3]
    assert "\r" not in log and max(len(line) for line in lines) < 120, log
    assert len(lines) < 25
    # the end names each output and shows how to reload the first model
    tail = log[log.index("outputs:") :]
    for name in written:
        assert os.path.join("runs", name) in tail
    assert lines[-4].startswith("reload the mlp in Python")
    snippet = [line.removeprefix("    ") for line in lines[-3:]]
    assert 'torch.load("runs/digits_mlp.nt"' in snippet[2]
    check = "; print(type(model).__name__, model.training, model[1].weight.shape)"
    done = subprocess.run(
        [sys.executable, "-c", "\n".join(snippet) + check],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    assert done.stdout.split("\n")[0] == "Sequential False numtensor.Size([16, 64])"


def test_classify_digits_out_folder_is_created_and_holds_everything(tmp_path, monkeypatch, capsys):
    pytest.importorskip("onnx")
    monkeypatch.chdir(tmp_path)
    module = _digits_module()
    out = tmp_path / "results" / "today"  # does not exist yet
    args = [*TINY, "--epochs", "2", "--out", str(out), "--export-onnx", "digits.onnx"]
    histories = module.main(args)
    written = {"digits_mlp.nt", "digits_cnn.nt", "digits_training.png"}
    written |= {"digits_mlp.onnx", "digits_cnn.onnx"}  # a bare name: into --out
    assert {p.name for p in out.iterdir()} == written
    assert [p.name for p in tmp_path.iterdir()] == ["results"]
    assert histories["cnn"]["checkpoint"] == str(out / "digits_cnn.nt")
    assert histories["cnn"]["onnx_path"] == str(out / "digits_cnn.onnx")
    printed = capsys.readouterr().out
    for name in written:
        assert str(out / name) in printed.split("outputs:")[1]
    assert sum(line.startswith("epoch") for line in printed.splitlines()) == 2


def test_classify_digits_onnx_paths():
    module = _digits_module()
    out = Path("runs")
    assert module.onnx_path("m.onnx", out, "mlp", False) == out / "m.onnx"
    assert module.onnx_path("m.onnx", out, "cnn", True) == out / "m_cnn.onnx"
    # a path with a folder is taken as given (relative to the working directory)
    assert module.onnx_path("./m.onnx", out, "mlp", False) == Path("m.onnx")
    assert module.onnx_path("exports/m.onnx", out, "mlp", True) == Path("exports/m_mlp.onnx")
    assert module.onnx_path("/tmp/m.onnx", out, "mlp", False) == Path("/tmp/m.onnx")


def _history(train_acc, test_acc):
    n = len(train_acc)
    loss = [2.0 / (i + 1) for i in range(n)]
    return {"loss": loss, "train_loss": loss, "test_loss": [v * 1.5 for v in loss],
            "train_acc": train_acc, "test_acc": test_acc}  # fmt: skip


def test_classify_digits_plot_keeps_one_colour_per_model_and_zooms():
    import matplotlib.pyplot as plt

    module = _digits_module()
    mlp = _history([0.90, 0.97, 0.99, 1.0, 1.0, 1.0, 1.0], [0.88, 0.95, 0.96, 0.97] + [0.97] * 3)
    cnn = _history([0.85, 0.96, 0.98, 0.99, 1.0, 1.0, 1.0], [0.86, 0.94, 0.97, 0.98] + [0.98] * 3)
    fig = module.figure({"mlp": mlp, "cnn": cnn})
    try:
        ax_loss, ax_acc = fig.axes
        for ax in (ax_loss, ax_acc):
            lines = ax.get_lines()
            assert len(lines) == 4  # per model: train, test
            assert [line.get_linestyle() for line in lines] == ["--", "-", "--", "-"]
            colours = [line.get_color() for line in lines]
            assert colours[0] == colours[1] != colours[2] == colours[3]
            assert colours[:3:2] == [module.COLOURS["mlp"], module.COLOURS["cnn"]]
            assert list(ax.get_xticks()) == [1, 2, 3, 4, 5, 6, 7]
            labels = [t.get_text() for t in ax.get_legend().get_texts()]
            assert labels == ["mlp", "cnn", "train", "test"]
        low, high = ax_acc.get_ylim()
        assert 0.8 < low < 0.85 and 1.0 <= high < 1.02  # zoomed onto 0.85 ... 1.0
        title = " ".join(text.get_text() for text in fig.texts)
        assert "mlp 97.0%" in title and "cnn 98.0%" in title
    finally:
        plt.close(fig)
    assert module.epoch_ticks(20) == [1, 5, 10, 15, 20]
    assert module.epoch_ticks(100) == [1, 20, 40, 60, 80, 100]
    assert module.epoch_ticks(3) == [1, 2, 3]


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="a pseudo-terminal")
def test_classify_digits_shows_a_live_bar_on_a_terminal(tmp_path):
    pytest.importorskip("tqdm")
    import fcntl
    import pty
    import struct
    import termios

    leader, follower = pty.openpty()
    fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 120, 0, 0))
    args = [sys.executable, str(EXAMPLES / "classify_digits.py"), *TINY, "--no-plot"]
    process = subprocess.Popen(
        args, cwd=tmp_path, stdin=subprocess.DEVNULL, stdout=follower, stderr=follower
    )
    os.close(follower)
    chunks = []
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:  # the child closed the terminal
            break
        if not chunk:
            break
        chunks.append(chunk)
    os.close(leader)
    assert process.wait(timeout=300) == 0
    screen = b"".join(chunks).decode()
    assert "batch/s" in screen and "\r" in screen  # tqdm redraws its bar in place
    lines = [line.strip("\r") for line in screen.split("\n")]
    assert sum(bool(EPOCH_LINE.search(line)) for line in lines) == 3
    assert (tmp_path / "runs" / "digits_mlp.nt").exists()
