"""Process groups on MPI: ``init_process_group`` and ``destroy_process_group``, the default
group (``GroupMember``) and ``new_group``, rank and world size, ``barrier``, and the types
the collectives use (``ReduceOp``, ``ProcessGroup``, ``Work``).
"""

from __future__ import annotations

import enum

_NOT_INITIALIZED = (
    "Default process group has not been initialized, please make sure to call init_process_group."
)


class ReduceOp(enum.Enum):
    r"""The reduction of a collective (:func:`all_reduce`, :func:`reduce`,
    :func:`reduce_scatter`): ``SUM``, ``PRODUCT``, ``MIN``, ``MAX`` or ``AVG`` (the mean).

    Example::

        >>> torch.distributed.ReduceOp.SUM
        <ReduceOp.SUM: 'sum'>
    """

    SUM = "sum"
    PRODUCT = "product"
    MIN = "min"
    MAX = "max"
    AVG = "avg"


class ProcessGroup:
    r"""A set of ranks that run collectives together (an MPI communicator); the
    default group holds every rank, :func:`new_group` makes others.

    Example::

        >>> import numtensor.distributed as dist  # doctest: +SKIP
        >>> dist.init_process_group('mpi')  # doctest: +SKIP
        >>> group = dist.new_group([0, 1])  # doctest: +SKIP
        >>> group.rank(), group.size()  # doctest: +SKIP
        (0, 2)
    """

    def __init__(self, comm, ranks) -> None:
        self.comm, self.ranks = comm, list(ranks)

    def rank(self) -> int:
        r"""This process's rank in the group.

        Example::

            >>> dist.new_group([0, 1]).rank()  # doctest: +SKIP
            0
        """
        return self.comm.Get_rank()

    def size(self) -> int:
        r"""The number of ranks in the group.

        Example::

            >>> dist.new_group([0, 1]).size()  # doctest: +SKIP
            2
        """
        return self.comm.Get_size()


class Work:
    r"""A collective or message in flight: what ``async_op=True`` collectives,
    :func:`isend` and :func:`irecv` return. :meth:`wait` blocks until it is done.

    Example::

        >>> import numtensor.distributed as dist  # doctest: +SKIP
        >>> dist.init_process_group('mpi')  # doctest: +SKIP
        >>> t = torch.ones(2)  # doctest: +SKIP
        >>> work = dist.all_reduce(t, async_op=True)  # doctest: +SKIP
        >>> work.wait()  # doctest: +SKIP
        True
        >>> t  # doctest: +SKIP
        tensor([2., 2.])
    """

    def __init__(self, requests=(), finish=None) -> None:
        self._requests, self._finish, self._done = list(requests), finish, False

    def wait(self, timeout=None) -> bool:
        r"""Blocks until the operation is done (and its results are written to the tensors);
        returns ``True``.

        Args:
            timeout: accepted for PyTorch compatibility.

        Example::

            >>> work = dist.all_reduce(torch.ones(2), async_op=True)  # doctest: +SKIP
            >>> work.wait()  # doctest: +SKIP
            True
        """
        if not self._done:
            for request in self._requests:
                request.Wait()
            if self._finish is not None:
                self._finish()
            self._done = True
        return True

    def is_completed(self) -> bool:
        r"""Returns ``True`` if the operation is done (without blocking).

        Example::

            >>> work = dist.barrier(async_op=True)  # doctest: +SKIP
            >>> work.wait(); work.is_completed()  # doctest: +SKIP
            True
        """
        if not self._done and all(r.Test() for r in self._requests):
            self.wait()
        return self._done


class _World:
    r"""PyTorch's ``GroupMember``: ``GroupMember.group`` is the default process group
    (``None`` before :func:`init_process_group`).

    Example::

        >>> torch.distributed.GroupMember.group is None  # (not initialized here)
        True
    """

    group: ProcessGroup | None = None
    backend: str | None = None


GroupMember = _World  # (PyTorch's name for the default group's holder)


def is_available() -> bool:
    r"""Returns ``True`` if the distributed package can be used: mpi4py is installed.

    Example::

        >>> isinstance(torch.distributed.is_available(), bool)
        True
    """
    try:
        import mpi4py  # noqa: F401
    except ImportError:
        return False
    return True


def is_mpi_available() -> bool:
    r"""Returns ``True`` if the MPI backend is available (mpi4py is installed);
    numtensor's only backend.

    Example::

        >>> torch.distributed.is_mpi_available() == torch.distributed.is_available()
        True
    """
    return is_available()


def is_initialized() -> bool:
    r"""Returns ``True`` if the default process group has been initialized.

    Example::

        >>> torch.distributed.is_initialized()
        False
    """
    return _World.group is not None


def _mpi():
    from mpi4py import MPI

    return MPI


def init_process_group(
    backend: str | None = None,
    init_method=None,
    timeout=None,
    world_size: int = -1,
    rank: int = -1,
    store=None,
    group_name: str = "",
    pg_options=None,
    device_id=None,
) -> None:
    r"""Initializes the default process group; call it once in every process.

    With ``backend="mpi"`` (the default here) the rank and world size come from MPI: run the
    script under ``mpiexec -n N python script.py``.

    Args:
        backend (str, optional): ``"mpi"``. Default: ``"mpi"``
        init_method, timeout, store, group_name, pg_options, device_id: accepted for PyTorch
            compatibility.
        world_size (int): if given, must equal the number of MPI processes. Default: -1
        rank (int): if given, must equal this process's MPI rank. Default: -1

    Raises:
        RuntimeError: for ``"gloo"``/``"nccl"``/``"ucc"``, without mpi4py, or if already
            initialized.

    Differs from PyTorch: only the MPI backend is built in.

    Example::

        >>> import numtensor.distributed as dist  # doctest: +SKIP
        >>> dist.init_process_group('mpi')  # doctest: +SKIP
        >>> dist.get_rank(), dist.get_world_size()  # doctest: +SKIP
        (0, 2)
    """
    backend = "mpi" if backend is None else str(backend).lower()
    if backend not in ("mpi", "gloo", "nccl", "ucc"):
        raise ValueError(f"Invalid backend: '{backend}'")
    if backend != "mpi":
        raise RuntimeError(
            f"numtensor.distributed runs on MPI only: backend '{backend}' is not built in; "
            "use init_process_group('mpi') under mpiexec"
        )
    if not is_available():
        raise RuntimeError(
            "Distributed package doesn't have MPI built in: pip install numtensor[distributed]"
        )
    if _World.group is not None:
        raise RuntimeError("trying to initialize the default process group twice!")
    comm = _mpi().COMM_WORLD
    if world_size not in (-1, comm.Get_size()):
        raise ValueError(
            f"world_size {world_size} does not match the {comm.Get_size()} MPI processes"
        )
    if rank not in (-1, comm.Get_rank()):
        raise ValueError(f"rank {rank} does not match this MPI process's rank {comm.Get_rank()}")
    _World.group = ProcessGroup(comm, range(comm.Get_size()))
    _World.backend = backend


def destroy_process_group(group: ProcessGroup | None = None) -> None:
    r"""Destroys a process group (default: the default one, after which
    :func:`is_initialized` is ``False``).

    Args:
        group (ProcessGroup, optional): the group to destroy.

    Example::

        >>> dist.destroy_process_group()  # doctest: +SKIP
        >>> dist.is_initialized()  # doctest: +SKIP
        False
    """
    if group is None or group is _World.group:
        _World.group = None
        _World.backend = None
    elif group.comm is not _mpi().COMM_WORLD:
        group.comm.Free()


def _group(group) -> ProcessGroup:
    if _World.group is None:
        raise ValueError(_NOT_INITIALIZED)
    return _World.group if group is None else group


def get_rank(group: ProcessGroup | None = None) -> int:
    r"""Returns this process's rank in ``group`` (default: the default group), from 0 to
    ``get_world_size() - 1``.

    Args:
        group (ProcessGroup, optional): the group.

    Example::

        >>> import numtensor.distributed as dist  # doctest: +SKIP
        >>> dist.init_process_group('mpi')  # doctest: +SKIP
        >>> dist.get_rank()  (run under ``mpiexec -n 2``)  # doctest: +SKIP
        0
    """
    return _group(group).rank()


def get_world_size(group: ProcessGroup | None = None) -> int:
    r"""Returns the number of processes in ``group`` (default: the default group).

    Args:
        group (ProcessGroup, optional): the group.

    Example::

        >>> dist.get_world_size()  (run under ``mpiexec -n 2``)  # doctest: +SKIP
        2
    """
    return _group(group).size()


def get_backend(group: ProcessGroup | None = None) -> str:
    r"""Returns the backend of ``group`` (default: the default group): ``"mpi"``.

    Args:
        group (ProcessGroup, optional): the group.

    Example::

        >>> dist.get_backend()  # doctest: +SKIP
        'mpi'
    """
    _group(group)
    return _World.backend


def new_group(ranks=None, timeout=None, backend=None, pg_options=None, **kwargs):
    r"""Creates a group of some of the ranks; every rank must call it (as in PyTorch),
    and a rank outside ``ranks`` gets ``None``.

    Args:
        ranks (list of int, optional): the ranks of the group. Default: all
        timeout, backend, pg_options: accepted for PyTorch compatibility.

    Returns:
        ProcessGroup or None

    Example::

        >>> group = dist.new_group([0, 1])  # doctest: +SKIP
        >>> t = torch.ones(1)  # doctest: +SKIP
        >>> dist.all_reduce(t, group=group)  # doctest: +SKIP
        >>> t  # doctest: +SKIP
        tensor([2.])
    """
    world = _group(None)
    ranks = list(range(world.size())) if ranks is None else sorted(ranks)
    comm = world.comm.Create_group(world.comm.Get_group().Incl(ranks))
    return ProcessGroup(comm, ranks) if world.rank() in ranks else None


def barrier(group: ProcessGroup | None = None, async_op: bool = False, device_ids=None):
    r"""Blocks until every rank of the group has entered the barrier.

    Args:
        group (ProcessGroup, optional): the group. Default: the default group
        async_op (bool): return a :class:`Work` instead of blocking. Default: ``False``
        device_ids: accepted for PyTorch compatibility.

    Example::

        >>> dist.barrier()  # doctest: +SKIP
    """
    comm = _group(group).comm
    if async_op:
        return Work([comm.Ibarrier()])
    comm.Barrier()
    return None
