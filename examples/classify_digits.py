"""Handwritten digits (the 8x8 images that ship with scikit-learn) with numtensor.

Trains an MLP and a small CNN with DataLoader, CrossEntropyLoss and Adam, saves each model
with numtensor.save, reloads it and evaluates it on the held-out test split, and writes a PNG
of loss and accuracy per epoch.

    python examples/classify_digits.py [--model mlp|cnn|both] [--epochs 20] [--device cpu|cuda]
                                       [--export-onnx digits.onnx]

On ``--device cuda`` the model is moved with ``.to(device)``, the DataLoader pins its batches
(``pin_memory=True``) and each batch goes over with ``.to(device, non_blocking=True)``; the
checkpoint is saved from the device and loaded back onto it. ``--limit``, ``--epochs``,
``--batch-size``, ``--max-steps``, ``--hidden`` and ``--no-plot`` shrink the run (CI trains a
few tiny steps on CUDA's simulator and on the CPU and compares the losses).
``--export-onnx PATH`` writes each trained model as ONNX (``digits_mlp.onnx`` and
``digits_cnn.onnx`` for ``PATH=digits.onnx`` and both models) and checks, with ONNX Runtime,
that it predicts what numtensor predicts on the test split.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np

import numtensor as torch
from numtensor import nn
from numtensor.utils.data import DataLoader, TensorDataset


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


def progress(epoch: int, epochs: int, done: int, total: int, loss: float, width: int = 24):
    filled = int(width * done / max(total, 1))
    bar = "#" * filled + "-" * (width - filled)
    end = "\n" if done == total else ""
    sys.stdout.write(f"\r  epoch {epoch:2d}/{epochs} [{bar}] {done}/{total} loss {loss:.4f}{end}")
    sys.stdout.flush()


def accuracy(model: nn.Module, x, y, device) -> float:
    model.eval()
    with torch.no_grad():
        predictions = model(x.to(device)).argmax(1).cpu()
    model.train()
    return (predictions == y).float().mean().item()


def train(kind: str, data, args, device) -> dict:
    x_train, y_train, x_test, y_test = data
    torch.manual_seed(args.seed)
    # layers are made on the CPU, then moved: the same seed gives the same weights anywhere
    model = make_model(kind, args.hidden).to(device)
    # dropout draws from the device's generator: reseeding here starts the CPU's and the
    # GPU's at the same point, so a run gives the same numbers on either device
    torch.manual_seed(args.seed)
    optimizer = torch.optim.Adam(model.parameters(), lr=args.lr)
    loss_fn = nn.CrossEntropyLoss()
    loader = DataLoader(
        TensorDataset(x_train, y_train),
        batch_size=args.batch_size,
        shuffle=True,
        generator=torch.Generator().manual_seed(args.seed),
        pin_memory=device.type == "cuda",  # page-locked host batches for the copies
    )
    history = {"loss": [], "train_acc": [], "test_acc": [], "step_loss": []}
    steps = len(loader) if args.max_steps is None else min(args.max_steps, len(loader))

    def train_step(xb, yb):
        optimizer.zero_grad()
        loss = loss_fn(model(xb), yb)
        loss.backward()
        optimizer.step()
        return loss

    if getattr(args, "compile", False):
        train_step = torch.compile(train_step)
    print(f"{kind}: {sum(p.numel() for p in model.parameters())} parameters")
    for epoch in range(1, args.epochs + 1):
        total, count = 0.0, 0
        for step, (xb, yb) in enumerate(loader, 1):
            if step > steps:
                break
            xb, yb = xb.to(device, non_blocking=True), yb.to(device, non_blocking=True)
            loss = train_step(xb, yb)
            history["step_loss"].append(loss.item())
            total += history["step_loss"][-1] * len(yb)
            count += len(yb)
            progress(epoch, args.epochs, step, steps, total / count)
        history["loss"].append(total / count)
        history["train_acc"].append(accuracy(model, x_train, y_train, device))
        history["test_acc"].append(accuracy(model, x_test, y_test, device))
        print(f"  train acc {history['train_acc'][-1]:.4f}  test acc {history['test_acc'][-1]:.4f}")

    path = Path(args.out) / f"digits_{kind}.nt"
    # the state dict's tensors live on the device; the file records it, and load puts them
    # back there (map_location=device says so explicitly; "cpu" would bring them to the host)
    torch.save({"model": model.state_dict(), "history": history}, path)
    checkpoint = torch.load(path, map_location=device)
    history["checkpoint_devices"] = sorted({str(t.device) for t in checkpoint["model"].values()})
    reloaded = make_model(kind, args.hidden).to(device)
    reloaded.load_state_dict(checkpoint["model"])
    history["reloaded_test_acc"] = accuracy(reloaded, x_test, y_test, device)
    print(f"  saved to {path}; reloaded model test accuracy {history['reloaded_test_acc']:.4f}")
    if getattr(args, "export_onnx", None):
        export_onnx(kind, model, x_test, args, history)
    return history


def export_onnx(kind: str, model: nn.Module, x_test, args, history: dict) -> None:
    """Write the trained model as ONNX (a dynamic batch dimension) and, when ONNX Runtime is
    installed, check that it predicts what numtensor predicts on the test split."""
    path = Path(args.export_onnx)
    if args.model == "both":
        path = path.with_name(f"{path.stem}_{kind}{path.suffix}")
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
        print(f"  exported to {path} (pip install onnxruntime to check it)")
        return
    session = onnxruntime.InferenceSession(str(path), providers=["CPUExecutionProvider"])
    logits = session.run(None, {"images": x_test.numpy()})[0]
    model.eval()
    with torch.no_grad():
        ours = model(x_test.to(sample.device)).argmax(1).cpu().numpy()
    history["onnx_agree"] = int((logits.argmax(1) == ours).sum())
    history["onnx_total"] = len(ours)
    agree = f"{history['onnx_agree']}/{len(ours)}"
    print(f"  exported to {path}; ONNX Runtime agrees on {agree} test predictions")


def plot(histories: dict, path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, (ax_loss, ax_acc) = plt.subplots(1, 2, figsize=(10, 4))
    for kind, h in histories.items():
        epochs = range(1, len(h["loss"]) + 1)
        ax_loss.plot(epochs, h["loss"], label=kind)
        ax_acc.plot(epochs, h["test_acc"], label=f"{kind} test")
        ax_acc.plot(epochs, h["train_acc"], "--", label=f"{kind} train")
    ax_loss.set(title="training loss", xlabel="epoch", ylabel="cross-entropy")
    ax_acc.set(title="accuracy", xlabel="epoch", ylabel="accuracy", ylim=(0.0, 1.01))
    ax_loss.legend()
    ax_acc.legend()
    fig.tight_layout()
    fig.savefig(path, dpi=100)
    plt.close(fig)


def main(argv=None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", choices=["mlp", "cnn", "both"], default="both")
    parser.add_argument("--epochs", type=int, default=20)
    parser.add_argument("--batch-size", type=int, default=32)
    parser.add_argument("--lr", type=float, default=3e-3)
    parser.add_argument("--device", choices=["cpu", "cuda"], default="cpu")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--limit", type=int, default=None, help="use only this many samples")
    parser.add_argument("--max-steps", type=int, default=None, help="batches per epoch at most")
    parser.add_argument("--hidden", type=int, default=128, help="the MLP's first hidden width")
    parser.add_argument("--no-plot", action="store_true", help="skip the PNG")
    parser.add_argument("--out", default=".", help="where the checkpoints and the plot go")
    parser.add_argument("--compile", action="store_true", help="torch.compile the training step")
    parser.add_argument("--export-onnx", metavar="PATH", help="write the trained model as ONNX")
    args = parser.parse_args(argv)
    if args.device == "cuda" and not torch.cuda.is_available():
        raise SystemExit("CUDA is not available here; run with --device cpu")
    device = torch.device(args.device)
    Path(args.out).mkdir(parents=True, exist_ok=True)

    start = time.perf_counter()
    data = load_data(args.seed, args.limit)
    kinds = ["mlp", "cnn"] if args.model == "both" else [args.model]
    histories = {kind: train(kind, data, args, device) for kind in kinds}
    plot_path = Path(args.out) / "digits_training.png"
    if not args.no_plot:
        plot(histories, plot_path)
    elapsed = time.perf_counter() - start
    for kind, h in histories.items():
        print(f"{kind}: final test accuracy {h['test_acc'][-1]:.4f}")
    where = "no plot" if args.no_plot else f"plot written to {plot_path}"
    print(f"{where}; total time {elapsed:.1f} s on {device}")
    return histories


if __name__ == "__main__":
    main()
