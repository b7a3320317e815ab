"""A long training run: does numtensor hold steady over 10,000 steps?

Trains the digits MLP (Adam, dropout, cross-entropy, a shuffling DataLoader) on synthetic
8x8 images and reports:

* resident memory after warm-up and at the end (the growth should stay under 5 MB),
* the number of live Tensor objects at checkpoints (it should not grow),
* whether a second run from the same seed gives bit-identical losses and weights,
* whether two threads, each training its own model, give what sequential runs give.

    python benchmarks/long_run.py [--steps 10000] [--thread-steps 2000]

The test suite runs the same functions for a few hundred steps (tests/test_long_run.py).
"""

from __future__ import annotations

import argparse
import gc
import threading
import time
import warnings

import numpy as np

import numtensor as nt
from numtensor import nn


def make_run(seed: int, dropout: float = 0.1):
    """A model, optimizer and endless batch iterator, all from ``seed``."""
    nt.manual_seed(seed)
    model = nn.Sequential(
        nn.Flatten(),
        nn.Linear(64, 128),
        nn.ReLU(),
        nn.Dropout(dropout),
        nn.Linear(128, 64),
        nn.ReLU(),
        nn.Linear(64, 10),
    )
    optimizer = nt.optim.Adam(model.parameters(), lr=1e-3)
    rng = np.random.default_rng(seed)
    images = nt.from_numpy(rng.random((1437, 1, 8, 8), dtype=np.float32))
    labels = nt.from_numpy(rng.integers(0, 10, 1437))
    loader = nt.utils.data.DataLoader(
        nt.utils.data.TensorDataset(images, labels),
        batch_size=32,
        shuffle=True,
        generator=nt.Generator().manual_seed(seed),
    )

    def batches():
        while True:
            yield from loader

    return model, optimizer, batches()


def train(model, optimizer, batches, steps: int, every: int = 0, on_checkpoint=None) -> list:
    """``steps`` training steps; the losses (Python floats). ``on_checkpoint(step)`` runs
    every ``every`` steps."""
    loss_fn = nn.CrossEntropyLoss()
    losses = []
    for step in range(1, steps + 1):
        xb, yb = next(batches)
        optimizer.zero_grad()
        loss = loss_fn(model(xb), yb)
        loss.backward()
        optimizer.step()
        losses.append(loss.item())
        if every and step % every == 0 and on_checkpoint is not None:
            on_checkpoint(step)
    return losses


def weights(model) -> list:
    return [p.detach().numpy().copy() for p in model.parameters()]


def live_tensors() -> int:
    gc.collect()
    with warnings.catch_warnings():  # (isinstance() wakes other libraries' lazy attributes)
        warnings.simplefilter("ignore")
        return sum(1 for o in gc.get_objects() if isinstance(o, nt.Tensor))


def resident_kib() -> int:
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


def steady(steps: int, every: int) -> dict:
    """One long run: memory and live tensors at checkpoints after a warm-up."""
    model, optimizer, batches = make_run(0)
    marks = []

    def checkpoint(step):
        marks.append((step, resident_kib(), live_tensors()))

    start = time.perf_counter()
    losses = train(model, optimizer, batches, steps, every, checkpoint)
    return {"losses": losses, "weights": weights(model), "marks": marks,
            "seconds": time.perf_counter() - start}  # fmt: skip


def repeated(steps: int) -> bool:
    """A fresh run from the same seed gives bit-identical losses and weights."""
    runs = []
    for _ in range(2):
        model, optimizer, batches = make_run(3)
        runs.append((train(model, optimizer, batches, steps), weights(model)))
    (la, wa), (lb, wb) = runs
    return la == lb and all(np.array_equal(a, b) for a, b in zip(wa, wb))


def threaded(steps: int) -> bool:
    """Two threads, each training its own model, give what the same runs give one after the
    other. (Without dropout: it draws from the global generator, shared by all threads.)"""
    sequential = []
    for seed in (1, 2):
        model, optimizer, batches = make_run(seed, dropout=0.0)
        sequential.append((train(model, optimizer, batches, steps), weights(model)))
    runs = [make_run(seed, dropout=0.0) for seed in (1, 2)]
    results: list = [None, None]

    def work(i):
        model, optimizer, batches = runs[i]
        results[i] = (train(model, optimizer, batches, steps), weights(model))

    threads = [threading.Thread(target=work, args=(i,)) for i in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return all(
        r[0] == s[0] and all(np.array_equal(a, b) for a, b in zip(r[1], s[1]))
        for r, s in zip(results, sequential)
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--steps", type=int, default=10_000)
    parser.add_argument("--thread-steps", type=int, default=2_000)
    args = parser.parse_args()
    every = max(args.steps // 10, 1)
    result = steady(args.steps, every)
    print(f"{args.steps} steps in {result['seconds']:.1f} s "
          f"({1e3 * result['seconds'] / args.steps:.2f} ms/step); "
          f"loss {result['losses'][0]:.3f} -> {result['losses'][-1]:.3f}")  # fmt: skip
    print(f"{'step':>8} {'RSS (MB)':>10} {'live tensors':>13}")
    for step, kib, live in result["marks"]:
        print(f"{step:>8} {kib / 1024:>10.1f} {live:>13}")
    warm = result["marks"][0]
    end = result["marks"][-1]
    growth = (end[1] - warm[1]) / 1024
    print(f"RSS growth after warm-up (step {warm[0]} to {end[0]}): {growth:+.1f} MB "
          f"({'ok' if growth < 5 else 'MISS'}, target < 5 MB); live tensors "
          f"{warm[2]} -> {end[2]} ({'ok' if end[2] <= warm[2] else 'MISS'})")  # fmt: skip
    print(f"fresh run, same seed, bit-identical: {repeated(args.steps)}")
    print(f"two threads == sequential runs ({args.thread_steps} steps): "
          f"{threaded(args.thread_steps)}")  # fmt: skip


if __name__ == "__main__":
    main()
