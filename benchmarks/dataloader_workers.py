"""DataLoader workers: a dataset whose ``__getitem__`` costs ~1 ms, loaded with 0 and with 2
worker processes (one epoch each, worker start-up included, then a second epoch with
persistent workers).

    python benchmarks/dataloader_workers.py [--items 2000]
"""

from __future__ import annotations

import argparse
import time

import numtensor as nt
from numtensor.utils.data import DataLoader, Dataset


class Slow(Dataset):
    """Each item costs about a millisecond (decoding a file, augmenting an image...)."""

    def __init__(self, n: int) -> None:
        self.n = n

    def __len__(self) -> int:
        return self.n

    def __getitem__(self, i):
        time.sleep(0.001)
        return nt.full((8, 8), float(i)), i


def epoch_seconds(loader) -> float:
    start = time.perf_counter()
    for _ in loader:
        pass
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--items", type=int, default=2000)
    args = parser.parse_args()
    data = Slow(args.items)
    serial = epoch_seconds(DataLoader(data, batch_size=32))
    parallel = epoch_seconds(DataLoader(data, batch_size=32, num_workers=2))
    persistent = DataLoader(data, batch_size=32, num_workers=2, persistent_workers=True)
    epoch_seconds(persistent)
    warm = epoch_seconds(persistent)
    print(f"{args.items} items of ~1 ms, batches of 32")
    print(f"0 workers:                         {serial:6.2f} s")
    print(
        f"2 workers (start-up included):     {parallel:6.2f} s   speed-up {serial / parallel:.2f}x"
    )
    print(f"2 persistent workers, 2nd epoch:   {warm:6.2f} s   speed-up {serial / warm:.2f}x")


if __name__ == "__main__":
    main()
