"""all_reduce through numtensor.distributed against raw mpi4py, on the same buffers.

mpiexec -n 2 python benchmarks/allreduce.py   (as root: OMPI_ALLOW_RUN_AS_ROOT=1
OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1 mpiexec -n 2 --oversubscribe ...)
"""

from __future__ import annotations

import time

import numpy as np
from mpi4py import MPI

import numtensor as nt
import numtensor.distributed as dist


def best(fn, repeats: int = 15) -> float:
    MPI.COMM_WORLD.Barrier()
    times = []
    for _ in range(repeats):
        MPI.COMM_WORLD.Barrier()
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    dist.init_process_group("mpi")
    comm = MPI.COMM_WORLD
    for n in (1 << 20, 16 << 20):
        t = nt.ones(n)
        raw = np.ones(n, np.float32)
        ours = theirs = float("inf")
        for _ in range(3):  # (interleaved: the machine's noise falls on both)
            ours = min(ours, best(lambda t=t: dist.all_reduce(t)))
            theirs = min(theirs, best(lambda r=raw: comm.Allreduce(MPI.IN_PLACE, r, op=MPI.SUM)))
        if dist.get_rank() == 0:
            print(
                f"all_reduce {n >> 20:>2}M float32: numtensor {ours * 1e3:7.2f} ms, mpi4py "
                f"{theirs * 1e3:7.2f} ms, ratio {ours / theirs:.2f} (target <= 1.1)"
            )
    dist.destroy_process_group()


if __name__ == "__main__":
    main()
