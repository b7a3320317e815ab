"""``numtensor.distributed``: collectives between processes, on MPI (mpi4py).

Run a script under ``mpiexec -n 2 python script.py`` (``pip install numtensor[distributed]``
brings mpi4py and Open MPI) and call ``init_process_group('mpi')``: rank and world size
come from MPI. CPU tensors go to MPI without a copy (their NumPy buffers); a non-contiguous
tensor goes through a contiguous copy; CUDA tensors are staged through the host (numba's
device arrays are not handed to a CUDA-aware MPI). Before a collective the ranks compare
the tensors' shapes and dtypes, so a mismatch is PyTorch's RuntimeError on every rank, not a
hang or a truncated message.

The process groups are in ``process_group.py``, the collectives in ``collectives.py``, send
and recv in ``point_to_point.py``.
"""

from __future__ import annotations

# the public names, from the modules that hold them (and Tensor, which this namespace has had)
from .._tensor_base import Tensor  # noqa: F401
from .collectives import (  # noqa: F401
    all_gather,
    all_gather_object,
    all_reduce,
    broadcast,
    broadcast_object_list,
    gather,
    reduce,
    reduce_scatter,
    scatter,
)
from .point_to_point import irecv, isend, recv, send  # noqa: F401
from .process_group import (  # noqa: F401
    GroupMember,
    ProcessGroup,
    ReduceOp,
    Work,
    barrier,
    destroy_process_group,
    get_backend,
    get_rank,
    get_world_size,
    init_process_group,
    is_available,
    is_initialized,
    is_mpi_available,
    new_group,
)
