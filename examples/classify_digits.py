"""Handwritten digits (the 8x8 images that ship with scikit-learn) with numtensor.

Trains an MLP and a small CNN side by side with DataLoader, CrossEntropyLoss and Adam, saves
each model with numtensor.save, reloads it and evaluates it on the held-out test split, and
draws loss and accuracy per epoch. Everything it writes goes into ``--out`` (``runs/`` by
default, created when missing): ``digits_mlp.nt``, ``digits_cnn.nt`` (each a dict with the
model's ``state_dict`` under ``"model"`` and the per-epoch metrics under ``"history"``) and
``digits_training.png``. It ends by printing those paths and how to reload a model.

    python examples/classify_digits.py [--model mlp|cnn|both] [--epochs 20] [--device cpu|cuda]
                                       [--out runs] [--export-onnx digits.onnx]

On a terminal a progress bar runs over the batches; either way each epoch prints one line
(``epoch 3/20  mlp loss 0.1234 acc 0.9610 (test 0.9556)  cnn ...  0.6 s``: each model's mean
training loss, its accuracy on the training split and on the test split, the epoch's time),
so a log written to a file has one line per epoch.

On ``--device cuda`` the model is moved with ``.to(device)``, the DataLoader pins its batches
(``pin_memory=True``) and each batch goes over with ``.to(device, non_blocking=True)``; the
checkpoint is saved from the device and loaded back onto it. ``--limit``, ``--epochs``,
``--batch-size``, ``--max-steps``, ``--hidden`` and ``--no-plot`` shrink the run (CI trains a
few tiny steps on CUDA's simulator and on the CPU and compares the losses).
``--export-onnx PATH`` writes each trained model as ONNX (``digits_mlp.onnx`` and
``digits_cnn.onnx`` for ``PATH=digits.onnx`` and both models; a bare file name goes into
``--out``, a path with a folder is used as it is) and checks, with ONNX Runtime, that it
predicts what numtensor predicts on the test split.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

import numpy as np

import numtensor as torch
from numtensor import nn
from numtensor.utils.data import DataLoader, TensorDataset

HERE = Path(__file__).resolve().parent
COLOURS = {"mlp": "C0", "cnn": "C1"}  # one colour per model in every panel of the plot


def load_data(seed: int, limit: int | None):
    from sklearn.datasets import load_digits
    from sklearn.model_selection import train_test_split

    digits = load_digits()
    images = (digits.images / 16.0).astype(np.float32)[:, None, :, :]  # [N, 1, 8, 8]
    labels = digits.target.astype(np.int64)
    x_train, x_test, y_train, y_test = train_test_split(
        images, labels, test_size=0.2, random_state=seed, stratify=labels
    )
    if limit:
        x_train, y_train, x_test, y_test = (
            x_train[:limit],
            y_train[:limit],
            x_test[:limit],
            y_test[:limit],
        )
    return (
        torch.from_numpy(x_train),
        torch.from_numpy(y_train),
        torch.from_numpy(x_test),
        torch.from_numpy(y_test),
    )


def make_model(kind: str, hidden: int = 128) -> nn.Module:
    """The untrained network: ``"mlp"`` (``hidden`` wide) or ``"cnn"``; images [N, 1, 8, 8]."""
    if kind == "mlp":
        return nn.Sequential(
            nn.Flatten(),
            nn.Linear(64, hidden),
            nn.ReLU(),
            nn.Dropout(0.1),
            nn.Linear(hidden, hidden // 2),
            nn.ReLU(),
            nn.Linear(hidden // 2, 10),
        )
    return nn.Sequential(
        nn.Conv2d(1, 16, 3, padding=1),
        nn.ReLU(),
        nn.MaxPool2d(2),  # 16 x 4 x 4
        nn.Conv2d(16, 32, 3, padding=1),
        nn.ReLU(),
        nn.MaxPool2d(2),  # 32 x 2 x 2
        nn.Flatten(),
        nn.Linear(32 * 2 * 2, 64),
        nn.ReLU(),
        nn.Linear(64, 10),
    )


def evaluate(model: nn.Module, x, y, device) -> tuple[float, float]:
    """Cross-entropy and accuracy of ``model`` (in eval mode) on all of ``x``, ``y``."""
    model.eval()
    with torch.no_grad():
        logits = model(x.to(device))
        loss = nn.functional.cross_entropy(logits, y.to(device)).item()
        predictions = logits.argmax(1).cpu()
    model.train()
    return loss, (predictions == y).float().mean().item()


def accuracy(model: nn.Module, x, y, device) -> float:
    return evaluate(model, x, y, device)[1]


class Progress:
    """A live tqdm bar over every batch of the run when stdout and stderr are terminals (and
    tqdm is installed); otherwise nothing but the lines given to ``line``, one per epoch."""

    def __init__(self, total: int):
        self.bar = None
        if sys.stdout.isatty() and sys.stderr.isatty():
            try:
                from tqdm import tqdm
            except ImportError:  # pip install tqdm (the examples extra has it) for the bar
                return
            self.bar = tqdm(total=total, unit="batch", dynamic_ncols=True, leave=False)

    def step(self, description: str, loss: float) -> None:
        if self.bar is not None:
            self.bar.set_description(description, refresh=False)
            self.bar.set_postfix_str(f"loss {loss:.4f}", refresh=False)
            self.bar.update()

    def line(self, text: str) -> None:
        if self.bar is not None:
            self.bar.write(text)  # above the bar, which stays at the bottom
        else:
            print(text, flush=True)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()


class Trainer:
    """One model with its optimizer, DataLoader and history, trained an epoch at a time."""

    def __init__(self, kind: str, data, args, device):
        self.kind, self.data, self.args, self.device = kind, data, args, device
        x_train, y_train = data[0], data[1]
        torch.manual_seed(args.seed)
        # layers are made on the CPU, then moved: the same seed gives the same weights anywhere
        self.model = make_model(kind, args.hidden).to(device)
        self.optimizer = torch.optim.Adam(self.model.parameters(), lr=args.lr)
        self.loss_fn = nn.CrossEntropyLoss()
        self.loader = DataLoader(
            TensorDataset(x_train, y_train),
            batch_size=args.batch_size,
            shuffle=True,
            generator=torch.Generator().manual_seed(args.seed),
            pin_memory=device.type == "cuda",  # page-locked host batches for the copies
        )
        self.steps = len(self.loader)
        if args.max_steps is not None:
            self.steps = min(args.max_steps, self.steps)
        self.history = {
            "loss": [],  # the mean training loss over the epoch's batches (dropout on)
            "train_loss": [],  # after the epoch, in eval mode, like the test split's
            "test_loss": [],
            "train_acc": [],
            "test_acc": [],
            "step_loss": [],
        }
        self.train_step = self._train_step
        if getattr(args, "compile", False):
            self.train_step = torch.compile(self._train_step)

    def _train_step(self, xb, yb):
        self.optimizer.zero_grad()
        loss = self.loss_fn(self.model(xb), yb)
        loss.backward()
        self.optimizer.step()
        return loss

    def epoch(self, number: int, progress: Progress) -> str:
        """Train one epoch; returns its summary for the epoch line."""
        x_train, y_train, x_test, y_test = self.data
        h, device = self.history, self.device
        total, count = 0.0, 0
        description = f"epoch {number}/{self.args.epochs} {self.kind}"
        for step, (xb, yb) in enumerate(self.loader, 1):
            if step > self.steps:
                break
            xb, yb = xb.to(device, non_blocking=True), yb.to(device, non_blocking=True)
            h["step_loss"].append(self.train_step(xb, yb).item())
            total += h["step_loss"][-1] * len(yb)
            count += len(yb)
            progress.step(description, total / count)
        h["loss"].append(total / count)
        for split, x, y in (("train", x_train, y_train), ("test", x_test, y_test)):
            loss, acc = evaluate(self.model, x, y, device)
            h[f"{split}_loss"].append(loss)
            h[f"{split}_acc"].append(acc)
        return (
            f"{self.kind} loss {h['loss'][-1]:.4f} acc {h['train_acc'][-1]:.4f} "
            f"(test {h['test_acc'][-1]:.4f})"
        )

    def save_and_reload(self, path: Path) -> None:
        """Save ``{"model": state_dict, "history": ...}`` to ``path``, load it back into a new
        model on the device and evaluate that on the test split."""
        h, device = self.history, self.device
        # the state dict's tensors live on the device; the file records it, and load puts them
        # back there (map_location=device says so explicitly; "cpu" would bring them to the host)
        torch.save({"model": self.model.state_dict(), "history": h}, path)
        checkpoint = torch.load(path, map_location=device)
        h["checkpoint"] = str(path)
        h["checkpoint_devices"] = sorted({str(t.device) for t in checkpoint["model"].values()})
        reloaded = make_model(self.kind, self.args.hidden).to(device)
        reloaded.load_state_dict(checkpoint["model"])
        h["reloaded_test_acc"] = accuracy(reloaded, self.data[2], self.data[3], device)
        print(f"{self.kind}: saved to {path}; reloaded, test accuracy {h['reloaded_test_acc']:.4f}")


def onnx_path(argument: str, out: Path, kind: str, both: bool) -> Path:
    """Where ``--export-onnx`` writes ``kind``: a bare file name goes into ``out``; with both
    models, ``digits.onnx`` becomes ``digits_mlp.onnx`` and ``digits_cnn.onnx``."""
    path = Path(argument) if os.path.dirname(argument) else out / argument
    if both:
        path = path.with_name(f"{path.stem}_{kind}{path.suffix}")
    return path


def export_onnx(kind: str, model: nn.Module, x_test, path: Path, history: dict) -> None:
    """Write the trained model as ONNX (a dynamic batch dimension) and, when ONNX Runtime is
    installed, check that it predicts what numtensor predicts on the test split."""
    path.parent.mkdir(parents=True, exist_ok=True)
    sample = x_test[:2].to(next(model.parameters()).device)
    torch.onnx.export(
        model, (sample,), path, input_names=["images"], output_names=["logits"],
        dynamic_axes={"images": {0: "batch"}, "logits": {0: "batch"}},
    )  # fmt: skip
    history["onnx_path"] = str(path)
    try:
        import onnxruntime
    except ImportError:
        print(f"{kind}: exported to {path} (pip install onnxruntime to check it)")
        return
    session = onnxruntime.InferenceSession(str(path), providers=["CPUExecutionProvider"])
    logits = session.run(None, {"images": x_test.numpy()})[0]
    model.eval()
    with torch.no_grad():
        ours = model(x_test.to(sample.device)).argmax(1).cpu().numpy()
    history["onnx_agree"] = int((logits.argmax(1) == ours).sum())
    history["onnx_total"] = len(ours)
    agree = f"{history['onnx_agree']}/{len(ours)}"
    print(f"{kind}: exported to {path}; ONNX Runtime agrees on {agree} test predictions")


def epoch_ticks(epochs: int) -> list[int]:
    """Whole epochs for the x axis: every one up to 12, else 1 and multiples of 5, 10, 20, ..."""
    if epochs <= 12:
        return list(range(1, epochs + 1))
    step = 5
    while epochs // step > 8:
        step *= 2
    return [1, *range(step, epochs + 1, step)]


def plot(histories: dict, path: Path) -> None:
    """Write ``figure(histories)`` to ``path`` (a PNG)."""
    import matplotlib.pyplot as plt

    fig = figure(histories)
    fig.savefig(path, dpi=100)
    plt.close(fig)


def figure(histories: dict):
    """Loss and accuracy per epoch: one colour per model, train dashed, test solid, whole
    epochs on the x axis, the accuracy axis zoomed to the data; returns the Figure."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib.lines import Line2D
    from matplotlib.ticker import PercentFormatter

    fig, (ax_loss, ax_acc) = plt.subplots(1, 2, figsize=(11, 4.5))
    accuracies = []
    for kind, h in histories.items():
        epochs = range(1, len(h["loss"]) + 1)
        style = {"color": COLOURS.get(kind), "marker": "o" if len(epochs) <= 30 else None}
        ax_loss.plot(epochs, h["train_loss"], "--", markersize=3, **style)
        ax_loss.plot(epochs, h["test_loss"], "-", markersize=3, **style)
        ax_acc.plot(epochs, h["train_acc"], "--", markersize=3, **style)
        ax_acc.plot(epochs, h["test_acc"], "-", markersize=3, **style)
        accuracies += h["train_acc"] + h["test_acc"]
    low, high = min(accuracies), max(accuracies)
    margin = max(0.1 * (high - low), 0.005)
    ax_acc.set_ylim(max(low - margin, 0.0), min(high + margin, 1.0 + margin / 2))
    decimals = 0 if high - low > 0.05 else 1 if high - low > 0.005 else 2
    ax_acc.yaxis.set_major_formatter(PercentFormatter(xmax=1.0, decimals=decimals))
    losses = [v for h in histories.values() for v in h["train_loss"] + h["test_loss"]]
    if min(losses) > 0 and max(losses) > 10 * min(losses):
        ax_loss.set_yscale("log")  # the small late losses and the train/test gap stay visible
    scale = " (log scale)" if ax_loss.get_yscale() == "log" else ""
    ax_loss.set(title="loss", xlabel="epoch", ylabel=f"cross-entropy{scale}")
    ax_acc.set(title="accuracy", xlabel="epoch", ylabel="accuracy")
    handles = [Line2D([], [], color=COLOURS.get(kind), label=kind) for kind in histories]
    handles += [
        Line2D([], [], color="grey", linestyle="--", label="train"),
        Line2D([], [], color="grey", linestyle="-", label="test"),
    ]
    for ax, where in ((ax_loss, "upper right"), (ax_acc, "lower right")):
        ax.set_xticks(epoch_ticks(max(len(h["loss"]) for h in histories.values())))
        ax.grid(alpha=0.3)
        ax.legend(handles=handles, loc=where)
    finals = ", ".join(f"{kind} {h['test_acc'][-1]:.1%}" for kind, h in histories.items())
    fig.suptitle(f"8x8 digits: final test accuracy {finals}")
    fig.tight_layout()
    return fig


def reload_snippet(kind: str, checkpoint: str, hidden: int) -> list[str]:
    """Python lines that rebuild ``kind`` and load its weights from ``checkpoint``."""
    examples = os.path.relpath(HERE) if HERE.is_relative_to(Path.cwd()) else str(HERE)
    arguments = f'"mlp", hidden={hidden}' if kind == "mlp" else f'"{kind}"'
    return [
        f"import sys; sys.path.insert(0, {json.dumps(examples)}); import numtensor as torch",
        f"from classify_digits import make_model; model = make_model({arguments})",
        f'model.load_state_dict(torch.load({json.dumps(checkpoint)}, map_location="cpu")["model"])'
        "; model.eval()",
    ]


def main(argv=None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    default = "default: %(default)s"
    parser.add_argument("--model", choices=["mlp", "cnn", "both"], default="both", help=default)
    parser.add_argument("--epochs", type=int, default=20, help=default)
    parser.add_argument("--batch-size", type=int, default=32, help=default)
    parser.add_argument("--lr", type=float, default=3e-3, help="Adam's learning rate; " + default)
    parser.add_argument("--device", choices=["cpu", "cuda"], default="cpu", help=default)
    parser.add_argument("--seed", type=int, default=0, help=default)
    parser.add_argument("--limit", type=int, default=None, help="use only this many samples")
    parser.add_argument("--max-steps", type=int, default=None, help="batches per epoch at most")
    parser.add_argument(
        "--hidden", type=int, default=128, help="the MLP's first hidden width; " + default
    )
    parser.add_argument("--no-plot", action="store_true", help="skip the PNG")
    parser.add_argument(
        "--out", default="runs", metavar="DIR",
        help="folder for the checkpoints, the plot and bare-named ONNX files; created if missing "
        "(default: runs, under the working directory)",
    )  # fmt: skip
    parser.add_argument("--compile", action="store_true", help="torch.compile the training step")
    parser.add_argument(
        "--export-onnx", metavar="PATH",
        help="also write the trained model(s) as ONNX: a bare file name (digits.onnx) goes into "
        "--out, a path with a folder (./digits.onnx, exports/digits.onnx) is used as given; "
        "with --model both, digits.onnx becomes digits_mlp.onnx and digits_cnn.onnx",
    )  # fmt: skip
    args = parser.parse_args(argv)
    if args.device == "cuda" and not torch.cuda.is_available():
        raise SystemExit("CUDA is not available here; run with --device cpu")
    device = torch.device(args.device)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)

    start = time.perf_counter()
    data = load_data(args.seed, args.limit)
    kinds = ["mlp", "cnn"] if args.model == "both" else [args.model]
    trainers = [Trainer(kind, data, args, device) for kind in kinds]
    # dropout draws from the device's generator: reseeding here starts the CPU's and the
    # GPU's at the same point, so a run gives the same numbers on either device (and the MLP
    # the same numbers alone or beside the CNN, which draws no random numbers while training)
    torch.manual_seed(args.seed)
    sizes = ", ".join(
        f"{t.kind} {sum(p.numel() for p in t.model.parameters()):,}" for t in trainers
    )
    print(
        f"{len(data[0])} training and {len(data[2])} test images; parameters: {sizes}; "
        f"{args.epochs} epochs on {device}",
        flush=True,
    )
    progress = Progress(total=args.epochs * sum(t.steps for t in trainers))
    width = len(str(args.epochs))
    for epoch in range(1, args.epochs + 1):
        began = time.perf_counter()
        parts = [trainer.epoch(epoch, progress) for trainer in trainers]
        seconds = time.perf_counter() - began
        progress.line(f"epoch {epoch:{width}d}/{args.epochs}  {'  '.join(parts)}  {seconds:.1f} s")
    progress.close()

    histories = {}
    outputs = []
    for trainer in trainers:
        path = out / f"digits_{trainer.kind}.nt"
        trainer.save_and_reload(path)
        outputs.append((path, f"{trainer.kind} checkpoint"))
        if args.export_onnx:
            where = onnx_path(args.export_onnx, out, trainer.kind, args.model == "both")
            export_onnx(trainer.kind, trainer.model, data[2], where, trainer.history)
            outputs.append((where, f"{trainer.kind} as ONNX"))
        histories[trainer.kind] = trainer.history
    if not args.no_plot:
        plot_path = out / "digits_training.png"
        plot(histories, plot_path)
        outputs.append((plot_path, "loss and accuracy per epoch"))
    elapsed = time.perf_counter() - start

    for kind, h in histories.items():
        print(
            f"{kind}: final test accuracy {h['test_acc'][-1]:.4f} (train {h['train_acc'][-1]:.4f})"
        )
    print(f"done in {elapsed:.1f} s on {device}; outputs:")
    column = max(len(str(path)) for path, _ in outputs)
    for path, what in outputs:
        print(f"  {path!s:{column}}  {what}")
    first = trainers[0]
    print(f'reload the {first.kind} in Python (from this working directory; checkpoint["history"] '
          "holds the per-epoch metrics):")  # fmt: skip
    for line in reload_snippet(first.kind, first.history["checkpoint"], args.hidden):
        print(f"    {line}")
    return histories


if __name__ == "__main__":
    main()
