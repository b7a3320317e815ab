"""pytest's set-up for the docstring examples (``--doctest-modules`` over numtensor/): they are
written as PyTorch's are, with ``torch`` standing for numtensor, and ``np`` for NumPy."""

import numpy
import pytest

import numtensor


@pytest.fixture(autouse=True)
def _doctest_names(doctest_namespace):
    doctest_namespace["torch"] = numtensor
    doctest_namespace["np"] = numpy
    numtensor.manual_seed(0)  # (examples that draw random numbers print the same ones)


# MPI programs the distributed tests launch with mpiexec: not modules to import here
collect_ignore_glob = ["tests/distributed/*.py"]
