"""Run under ``mpiexec -n 2``: rank 1 dies before a collective; the job must end (MPI aborts
it) instead of rank 0 waiting forever (tests/test_distributed.py times it)."""

from __future__ import annotations

import os

import numtensor as nt
import numtensor.distributed as dist

dist.init_process_group("mpi")
if dist.get_rank() == 1:
    os._exit(3)
dist.all_reduce(nt.ones(4))
print("rank 0 finished a collective without its peer", flush=True)
