"""Resident-memory growth of the seed two-layer loop over many iterations.

    python benchmarks/memory.py [iterations]     # default 10,000

The graph of each iteration must be released when its loss is gone: the growth printed
should stay far below 5 MB.
"""

import gc
import resource
import sys
import time

from suite.bench_autograd import seed_step
from suite.common import rand

import numtensor as nt


def _rss_kib() -> int:
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def main() -> None:
    iterations = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
    x = nt.from_numpy(rand(64, 1000))
    y = nt.from_numpy(rand(64, 10, seed=1))
    w1 = nt.from_numpy(rand(1000, 100, seed=2)).requires_grad_()
    w2 = nt.from_numpy(rand(100, 10, seed=3)).requires_grad_()

    for _ in range(200):  # warm up: JIT, allocator pools
        seed_step(x, y, w1, w2)
    gc.collect()
    before = _rss_kib()
    start = time.perf_counter()
    for _ in range(iterations):
        seed_step(x, y, w1, w2)
    elapsed = time.perf_counter() - start
    gc.collect()
    after = _rss_kib()
    print(
        f"{iterations} iterations in {elapsed:.1f} s ({elapsed / iterations * 1e6:.0f} us each); "
        f"RSS {before / 1024:.1f} MiB -> {after / 1024:.1f} MiB "
        f"(growth {(after - before) / 1024:.2f} MiB)"
    )


if __name__ == "__main__":
    main()
