"""Resident-memory growth of the seed two-layer loop over many iterations.

    python benchmarks/memory.py [iterations]     # default 10,000

The graph of each iteration must be released when its loss is gone: the growth printed
should stay far below 5 MB.
"""

import gc
import resource
import sys
import time

import numpy as np

import numtensor as nt


def _rss_kib() -> int:
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def main() -> None:
    iterations = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
    rng = np.random.default_rng(0)
    x = nt.from_numpy(rng.standard_normal((64, 1000)).astype(np.float32))
    y = nt.from_numpy(rng.standard_normal((64, 10)).astype(np.float32))
    w1 = nt.from_numpy(rng.standard_normal((1000, 100)).astype(np.float32)).requires_grad_()
    w2 = nt.from_numpy(rng.standard_normal((100, 10)).astype(np.float32)).requires_grad_()

    def step():
        loss = (x.mm(w1).clamp(min=0).mm(w2) - y).pow(2).sum()
        loss.backward()
        with nt.no_grad():
            w1.sub_(1e-6 * w1.grad)
            w2.sub_(1e-6 * w2.grad)
            w1.grad.zero_()
            w2.grad.zero_()

    for _ in range(200):  # warm up: JIT, allocator pools
        step()
    gc.collect()
    before = _rss_kib()
    start = time.perf_counter()
    for _ in range(iterations):
        step()
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
