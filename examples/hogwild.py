"""Hogwild: several processes train one model in shared memory (pytorch/examples' mnist_hogwild,
on scikit-learn's 8x8 digits).

The model's parameters move into shared memory (``model.share_memory()``); each process gets
the model (its parameters arrive as the same shared pages), trains on its own shuffle of the
training set with its own optimizer, and writes its updates in place without locks. The
parent then evaluates the one shared model and, for comparison, a single-process run with
the same number of epochs.

    python examples/hogwild.py [--processes 2] [--epochs 10]
"""

from __future__ import annotations

import argparse
import time

import numtensor as torch
import numtensor.multiprocessing as mp
from numtensor import nn
from numtensor.utils.data import DataLoader, TensorDataset


def make_model() -> nn.Module:
    return nn.Sequential(nn.Flatten(), nn.Linear(64, 128), nn.ReLU(), nn.Linear(128, 10))


def load():
    """The digits split of examples/classify_digits.py (this script's neighbour)."""
    from classify_digits import load_data

    return load_data(seed=0, limit=None)


def train(rank: int, model: nn.Module, data, epochs: int, lr: float) -> None:
    """One process's share of the work: every epoch over the whole set, its own order."""
    x_train, y_train = data
    torch.manual_seed(1000 + rank)
    loader = DataLoader(
        TensorDataset(x_train, y_train),
        batch_size=32,
        shuffle=True,
        generator=torch.Generator().manual_seed(rank),
    )
    optimizer = torch.optim.SGD(model.parameters(), lr=lr, momentum=0.5)
    loss_fn = nn.CrossEntropyLoss()
    for _ in range(epochs):
        for xb, yb in loader:
            optimizer.zero_grad()
            loss_fn(model(xb), yb).backward()
            optimizer.step()  # in place, on the shared parameters


def accuracy(model: nn.Module, x, y) -> float:
    with torch.no_grad():
        return (model(x).argmax(1) == y).float().mean().item()


def main(argv=None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--processes", type=int, default=2)
    parser.add_argument("--epochs", type=int, default=10)
    parser.add_argument("--lr", type=float, default=0.05)
    args = parser.parse_args(argv)
    x_train, y_train, x_test, y_test = load()

    torch.manual_seed(0)
    model = make_model()
    model.share_memory()
    start = time.perf_counter()
    mp.spawn(train, args=(model, (x_train, y_train), args.epochs, args.lr), nprocs=args.processes)
    hogwild_seconds = time.perf_counter() - start
    hogwild = accuracy(model, x_test, y_test)

    torch.manual_seed(0)
    single_model = make_model()
    start = time.perf_counter()
    train(0, single_model, (x_train, y_train), args.epochs, args.lr)
    single_seconds = time.perf_counter() - start
    single = accuracy(single_model, x_test, y_test)
    print(f"hogwild, {args.processes} processes: accuracy {hogwild:.3f} ({hogwild_seconds:.1f} s)")
    print(f"one process:             accuracy {single:.3f} ({single_seconds:.1f} s)")
    return {"hogwild": hogwild, "single": single}


if __name__ == "__main__":
    main()
