"""``numtensor.nn.parallel``: data parallelism, in one process (:class:`DataParallel`, on
numtensor's one GPU) and across processes (:class:`DistributedDataParallel`, on MPI)."""

from .data_parallel import DataParallel, data_parallel
from .distributed import DistributedDataParallel

__all__ = ["DataParallel", "DistributedDataParallel", "data_parallel"]
