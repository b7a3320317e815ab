"""Data-parallel training of the digits MLP with DistributedDataParallel on MPI.

    mpiexec -n 2 python examples/ddp_digits.py [--epochs 10]

(as root: ``OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1 mpiexec -n 2
--oversubscribe ...``). Each rank reads its share of every epoch (DistributedSampler),
gradients are averaged over the ranks after each backward, and every rank checks that its
parameters equal rank 0's after each epoch. Rank 0 prints the test accuracy and the time of
a training step; run it with ``-n 1`` for the single-process figures.
"""

from __future__ import annotations

import argparse
import time

import numtensor as torch
import numtensor.distributed as dist
from numtensor import nn
from numtensor.utils.data import DataLoader, DistributedSampler, TensorDataset


def load():
    """The digits split of examples/classify_digits.py (this script's neighbour)."""
    from classify_digits import load_data

    return load_data(seed=0, limit=None)


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--epochs", type=int, default=10)
    parser.add_argument("--batch-size", type=int, default=32, help="per rank")
    args = parser.parse_args(argv)
    dist.init_process_group("mpi")
    rank, size = dist.get_rank(), dist.get_world_size()
    x_train, y_train, x_test, y_test = load()

    torch.manual_seed(0)
    model = nn.Sequential(nn.Flatten(), nn.Linear(64, 128), nn.ReLU(), nn.Linear(128, 10))
    ddp = nn.parallel.DistributedDataParallel(model)
    optimizer = torch.optim.Adam(ddp.parameters(), lr=3e-3)
    loss_fn = nn.CrossEntropyLoss()
    sampler = DistributedSampler(TensorDataset(x_train, y_train), seed=0)
    loader = DataLoader(
        TensorDataset(x_train, y_train), batch_size=args.batch_size, sampler=sampler
    )
    steps, seconds = 0, 0.0
    for epoch in range(args.epochs):
        sampler.set_epoch(epoch)
        for xb, yb in loader:
            start = time.perf_counter()
            optimizer.zero_grad()
            loss_fn(ddp(xb), yb).backward()
            optimizer.step()
            seconds += time.perf_counter() - start
            steps += 1
        mine = [p.detach().reshape(-1).tolist() for p in model.parameters()]
        everyone = [None] * size
        dist.all_gather_object(everyone, mine)
        assert all(other == everyone[0] for other in everyone), "replicas diverged"
    with torch.no_grad():
        accuracy = (model(x_test).argmax(1) == y_test).float().mean().item()
    if rank == 0:
        print(f"{size} rank(s): test accuracy {accuracy:.3f}, parameters equal on every rank, "
              f"{1e3 * seconds / steps:.2f} ms per step ({steps} steps)")  # fmt: skip
    dist.destroy_process_group()


if __name__ == "__main__":
    main()
