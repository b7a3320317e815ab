"""``numtensor.distributed``: collectives between processes, on MPI (mpi4py).

Run a script under ``mpiexec -n 2 python script.py`` (``pip install numtensor[distributed]``
brings mpi4py and Open MPI) and call ``init_process_group('mpi')``: rank and world size
come from MPI. CPU tensors go to MPI without a copy (their NumPy buffers); a non-contiguous
tensor goes through a contiguous copy; CUDA tensors are staged through the host (numba's
device arrays are not handed to a CUDA-aware MPI). Before a collective the ranks compare
the tensors' shapes and dtypes, so a mismatch is PyTorch's RuntimeError on every rank, not a
hang or a truncated message.
"""

from __future__ import annotations

import enum

from .._tensor_base import Tensor

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


# ---- buffers -----------------------------------------------------------------------------------


class _Buffer:
    """A tensor's memory as MPI reads and writes it: its own NumPy buffer when it is a
    contiguous CPU tensor (no copy), else a contiguous host copy written back after."""

    def __init__(self, t: Tensor) -> None:
        if not isinstance(t, Tensor):
            raise TypeError(f"expected a Tensor, got {type(t).__name__}")
        self.tensor = t
        direct = t.device.type == "cpu" and t.is_contiguous()
        source = t.detach()
        self.array = (source if direct else source.cpu().contiguous()).numpy()
        self.copied = not direct

    def done(self) -> None:
        if self.copied:
            from ..ops.creation import from_numpy

            self.tensor.detach().copy_(from_numpy(self.array))


def _mpi_op(op):
    mpi = _mpi()
    op = ReduceOp(op) if not isinstance(op, ReduceOp) else op
    return {
        ReduceOp.SUM: mpi.SUM,
        ReduceOp.AVG: mpi.SUM,
        ReduceOp.PRODUCT: mpi.PROD,
        ReduceOp.MIN: mpi.MIN,
        ReduceOp.MAX: mpi.MAX,
    }[op]


def _agree(comm, name: str, *tensors) -> None:
    """Every rank holds tensors of the same shapes and dtypes (else RuntimeError everywhere)."""
    mine = [(tuple(t.shape), str(t.dtype)) for t in tensors]
    everyone = comm.allgather(mine)
    if any(other != mine for other in everyone):
        raise RuntimeError(
            f"{name}: tensors differ in shape or dtype between ranks: "
            + "; ".join(f"rank {r}: {d}" for r, d in enumerate(everyone))
        )


def _run(buffers, start, async_op: bool, after=None):
    """Start an MPI operation (``start()`` returns requests when non-blocking) and finish:
    write copies back, then ``after``."""

    def finish():
        for b in buffers:
            b.done()
        if after is not None:
            after()

    if async_op:
        return Work(start(True), finish)
    start(False)
    finish()
    return None


def broadcast(tensor: Tensor, src: int, group=None, async_op: bool = False):
    r"""Broadcasts ``tensor`` from rank ``src`` to every rank of the group: in place
    everywhere else.

    Args:
        tensor (Tensor): the data to send (on ``src``), or the buffer to fill (elsewhere); the
            same shape and dtype on every rank.
        src (int): the rank that sends.
        group (ProcessGroup, optional): the group. Default: the default group
        async_op (bool): return a :class:`Work`. Default: ``False``

    Example::

        >>> t = torch.arange(2.) if dist.get_rank() == 0 else torch.zeros(2)  # doctest: +SKIP
        >>> dist.broadcast(t, src=0)  # doctest: +SKIP
        >>> t  # on every rank  # doctest: +SKIP
        tensor([0., 1.])
    """
    comm = _group(group).comm
    _agree(comm, "broadcast", tensor)
    buf = _Buffer(tensor)

    def start(nonblocking):
        if nonblocking:
            return [comm.Ibcast(buf.array, root=src)]
        comm.Bcast(buf.array, root=src)

    return _run([buf], start, async_op)


def all_reduce(tensor: Tensor, op=ReduceOp.SUM, group=None, async_op: bool = False):
    r"""Reduces ``tensor`` over every rank of the group, in place on every rank.

    Args:
        tensor (Tensor): input and output; the same shape and dtype on every rank.
        op (ReduceOp): the reduction (``AVG``: the mean). Default: ``ReduceOp.SUM``
        group (ProcessGroup, optional): the group. Default: the default group
        async_op (bool): return a :class:`Work`. Default: ``False``

    Example::

        >>> t = torch.tensor([1.0, 2.0]) * (dist.get_rank() + 1)  # doctest: +SKIP
        >>> dist.all_reduce(t)  # doctest: +SKIP
        >>> t  (run under ``mpiexec -n 2``)  # doctest: +SKIP
        tensor([3., 6.])
    """
    g = _group(group)
    comm = g.comm
    _agree(comm, "all_reduce", tensor)
    buf = _Buffer(tensor)
    mpi = _mpi()

    def start(nonblocking):
        if nonblocking:
            return [comm.Iallreduce(mpi.IN_PLACE, buf.array, op=_mpi_op(op))]
        comm.Allreduce(mpi.IN_PLACE, buf.array, op=_mpi_op(op))

    after = _averaged(tensor, g.size()) if ReduceOp(op) is ReduceOp.AVG else None
    return _run([buf], start, async_op, after)


def _averaged(tensor: Tensor, size: int):
    def divide():
        from ..autograd.grad_mode import no_grad

        with no_grad():
            if tensor.dtype.is_floating_point:
                tensor.div_(size)
            else:
                tensor.copy_(tensor.div(size, rounding_mode="floor"))

    return divide


def reduce(tensor: Tensor, dst: int, op=ReduceOp.SUM, group=None, async_op: bool = False):
    r"""Reduces ``tensor`` over every rank of the group into rank ``dst``'s ``tensor``
    (the others' are left unchanged).

    Args:
        tensor (Tensor): the input, and the result on ``dst``.
        dst (int): the rank that gets the result.
        op (ReduceOp): the reduction. Default: ``ReduceOp.SUM``
        group (ProcessGroup, optional): the group. Default: the default group
        async_op (bool): return a :class:`Work`. Default: ``False``

    Example::

        >>> t = torch.ones(2)  # doctest: +SKIP
        >>> dist.reduce(t, dst=0, op=dist.ReduceOp.MAX)  # doctest: +SKIP
        >>> t  # on rank 0  # doctest: +SKIP
        tensor([1., 1.])
    """
    g = _group(group)
    comm = g.comm
    _agree(comm, "reduce", tensor)
    buf = _Buffer(tensor)
    mpi = _mpi()
    root = g.rank() == dst

    def start(nonblocking):
        send = mpi.IN_PLACE if root else buf.array
        recv = buf.array if root else None
        if nonblocking:
            return [comm.Ireduce(send, recv, op=_mpi_op(op), root=dst)]
        comm.Reduce(send, recv, op=_mpi_op(op), root=dst)

    after = _averaged(tensor, g.size()) if ReduceOp(op) is ReduceOp.AVG and root else None
    return _run([buf] if root else [], start, async_op, after)


def all_gather(tensor_list: list, tensor: Tensor, group=None, async_op: bool = False):
    r"""Gathers ``tensor`` from every rank into ``tensor_list`` on every rank.

    Args:
        tensor_list (list of Tensor): one output tensor per rank, shaped like ``tensor``.
        tensor (Tensor): this rank's contribution.
        group (ProcessGroup, optional): the group. Default: the default group
        async_op (bool): return a :class:`Work`. Default: ``False``

    Example::

        >>> out = [torch.zeros(1) for _ in range(dist.get_world_size())]  # doctest: +SKIP
        >>> dist.all_gather(out, torch.tensor([float(dist.get_rank())]))  # doctest: +SKIP
        >>> out  (run under ``mpiexec -n 2``)  # doctest: +SKIP
        [tensor([0.]), tensor([1.])]
    """
    g = _group(group)
    if len(tensor_list) != g.size():
        raise RuntimeError(
            f"all_gather: tensor_list has {len(tensor_list)} tensors for {g.size()} ranks"
        )
    _agree(g.comm, "all_gather", tensor)
    for t in tensor_list:
        if tuple(t.shape) != tuple(tensor.shape) or t.dtype is not tensor.dtype:
            raise RuntimeError("all_gather: every output tensor must match the input tensor")
    send = _Buffer(tensor)
    rows = _rows(g.size(), tensor)
    gathered = rows.numpy()

    def start(nonblocking):
        if nonblocking:
            return [g.comm.Iallgather(send.array, gathered)]
        g.comm.Allgather(send.array, gathered)

    return _run([], start, async_op, _write_rows(tensor_list, rows))


def _rows(count: int, like: Tensor) -> Tensor:
    """A row-major CPU tensor of ``count`` rows shaped like ``like``: MPI's gather buffer."""
    from ..ops.creation import empty

    return empty((count, *like.shape), dtype=like.dtype)


def _stacked(tensors) -> Tensor:
    from ..ops.joining import stack

    return stack([t.detach().cpu() for t in tensors]).contiguous()


def _write_rows(tensors, rows: Tensor):
    def write():
        for t, row in zip(tensors, rows):
            t.detach().copy_(row)

    return write


def all_gather_object(object_list: list, obj, group=None) -> None:
    r"""Gathers a picklable object from every rank into ``object_list`` on
    every rank (``object_list[i]`` is rank ``i``'s).

    Args:
        object_list (list): a list of ``get_world_size()`` entries, overwritten.
        obj: this rank's object.
        group (ProcessGroup, optional): the group. Default: the default group

    Example::

        >>> objs = [None] * dist.get_world_size()  # doctest: +SKIP
        >>> dist.all_gather_object(objs, {'rank': dist.get_rank()})  # doctest: +SKIP
        >>> objs  (run under ``mpiexec -n 2``)  # doctest: +SKIP
        [{'rank': 0}, {'rank': 1}]
    """
    g = _group(group)
    object_list[:] = g.comm.allgather(obj)


def broadcast_object_list(object_list: list, src: int = 0, group=None) -> None:
    r"""Broadcasts the picklable objects of ``object_list`` from rank
    ``src``: the list is overwritten in place on the other ranks.

    Args:
        object_list (list): the objects (on ``src``), or a list of the same length to fill.
        src (int): the rank that sends. Default: 0
        group (ProcessGroup, optional): the group. Default: the default group

    Example::

        >>> objs = ['config', 42] if dist.get_rank() == 0 else [None, None]  # doctest: +SKIP
        >>> dist.broadcast_object_list(objs, src=0)  # doctest: +SKIP
        >>> objs  # on every rank  # doctest: +SKIP
        ['config', 42]
    """
    g = _group(group)
    object_list[:] = g.comm.bcast(list(object_list) if g.rank() == src else None, root=src)


def gather(tensor: Tensor, gather_list=None, dst: int = 0, group=None, async_op: bool = False):
    r"""Gathers ``tensor`` from every rank into ``gather_list`` on rank ``dst``.

    Args:
        tensor (Tensor): this rank's contribution.
        gather_list (list of Tensor, optional): on ``dst``, one output per rank; ``None``
            elsewhere.
        dst (int): the rank that gathers. Default: 0
        group (ProcessGroup, optional): the group. Default: the default group
        async_op (bool): return a :class:`Work`. Default: ``False``

    Example::

        >>> t = torch.tensor([float(dist.get_rank())])  # doctest: +SKIP
        >>> is_root = dist.get_rank() == 0  # doctest: +SKIP
        >>> out = [torch.zeros(1), torch.zeros(1)] if is_root else None  # doctest: +SKIP
        >>> dist.gather(t, out, dst=0)  # doctest: +SKIP
        >>> out  # on rank 0  # doctest: +SKIP
        [tensor([0.]), tensor([1.])]
    """
    g = _group(group)
    _agree(g.comm, "gather", tensor)
    root = g.rank() == dst
    if root and (gather_list is None or len(gather_list) != g.size()):
        raise ValueError("gather: the destination rank needs a gather_list of one per rank")
    send = _Buffer(tensor)
    rows = _rows(g.size(), tensor) if root else None
    gathered = rows.numpy() if root else None

    def start(nonblocking):
        if nonblocking:
            return [g.comm.Igather(send.array, gathered, root=dst)]
        g.comm.Gather(send.array, gathered, root=dst)

    return _run([], start, async_op, _write_rows(gather_list, rows) if root else None)


def scatter(tensor: Tensor, scatter_list=None, src: int = 0, group=None, async_op: bool = False):
    r"""Scatters the tensors of ``scatter_list`` on rank ``src``: rank ``i`` receives
    ``scatter_list[i]`` into ``tensor``.

    Args:
        tensor (Tensor): the output buffer.
        scatter_list (list of Tensor, optional): on ``src``, one tensor per rank; ``None``
            elsewhere.
        src (int): the rank that sends. Default: 0
        group (ProcessGroup, optional): the group. Default: the default group
        async_op (bool): return a :class:`Work`. Default: ``False``

    Example::

        >>> t = torch.zeros(1)  # doctest: +SKIP
        >>> parts = [torch.tensor([10.]), torch.tensor([20.])]  # doctest: +SKIP
        >>> dist.scatter(t, parts if dist.get_rank() == 0 else None)  # doctest: +SKIP
        >>> t  # on rank 1  # doctest: +SKIP
        tensor([20.])
    """
    g = _group(group)
    _agree(g.comm, "scatter", tensor)
    root = g.rank() == src
    if root and (scatter_list is None or len(scatter_list) != g.size()):
        raise ValueError("scatter: the source rank needs a scatter_list of one per rank")
    recv = _Buffer(tensor)
    rows = _stacked(scatter_list).numpy() if root else None

    def start(nonblocking):
        if nonblocking:
            return [g.comm.Iscatter(rows, recv.array, root=src)]
        g.comm.Scatter(rows, recv.array, root=src)

    return _run([recv], start, async_op)


def reduce_scatter(output: Tensor, input_list: list, op=ReduceOp.SUM, group=None,
                   async_op: bool = False):  # fmt: skip
    r"""Reduces ``input_list`` over every rank, then scatters: rank ``i`` gets the
    reduction of every rank's ``input_list[i]`` in ``output``.

    Args:
        output (Tensor): the output buffer.
        input_list (list of Tensor): one tensor per rank, shaped like ``output``.
        op (ReduceOp): the reduction. Default: ``ReduceOp.SUM``
        group (ProcessGroup, optional): the group. Default: the default group
        async_op (bool): return a :class:`Work`. Default: ``False``

    Example::

        >>> out = torch.zeros(1)  # doctest: +SKIP
        >>> dist.reduce_scatter(out, [torch.tensor([1.]), torch.tensor([2.])])  # doctest: +SKIP
        >>> out  # on rank 1, 2 ranks  # doctest: +SKIP
        tensor([4.])
    """
    g = _group(group)
    if len(input_list) != g.size():
        raise RuntimeError("reduce_scatter: input_list needs one tensor per rank")
    _agree(g.comm, "reduce_scatter", output, *input_list)
    rows = _stacked(input_list).numpy()
    recv = _Buffer(output)

    def start(nonblocking):
        counts = [recv.array.size] * g.size()
        if nonblocking:
            return [g.comm.Ireduce_scatter(rows, recv.array, counts, op=_mpi_op(op))]
        g.comm.Reduce_scatter(rows, recv.array, counts, op=_mpi_op(op))

    after = _averaged(output, g.size()) if ReduceOp(op) is ReduceOp.AVG else None
    return _run([recv], start, async_op, after)


# ---- point to point ------------------------------------------------------------------------------


def send(tensor: Tensor, dst: int, group=None, tag: int = 0) -> None:
    r"""Sends ``tensor`` to rank ``dst`` (blocking).

    Args:
        tensor (Tensor): the data.
        dst (int): the destination rank.
        group (ProcessGroup, optional): the group. Default: the default group
        tag (int): matches a :func:`recv` with the same tag. Default: 0

    Example::

        >>> if dist.get_rank() == 0:  # doctest: +SKIP
        ...     dist.send(torch.tensor([1.0, 2.0]), dst=1)
    """
    isend(tensor, dst, group, tag).wait()


def recv(tensor: Tensor, src: int | None = None, group=None, tag: int = 0) -> int:
    r"""Receives a tensor into ``tensor`` (blocking), from ``src`` or any rank.

    Args:
        tensor (Tensor): the buffer to fill.
        src (int, optional): the source rank. Default: any
        group (ProcessGroup, optional): the group. Default: the default group
        tag (int): matches a :func:`send` with the same tag. Default: 0

    Returns:
        int: the sender's rank.

    Example::

        >>> buf = torch.zeros(2)  # doctest: +SKIP
        >>> dist.recv(buf, src=0)  # on rank 1  # doctest: +SKIP
        0
        >>> buf  # doctest: +SKIP
        tensor([1., 2.])
    """
    comm = _group(group).comm
    buf = _Buffer(tensor)
    status = _mpi().Status()
    comm.Recv(buf.array, source=_mpi().ANY_SOURCE if src is None else src, tag=tag, status=status)
    buf.done()
    return status.Get_source()


def isend(tensor: Tensor, dst: int, group=None, tag: int = 0) -> Work:
    r"""Sends ``tensor`` to rank ``dst`` without blocking; returns a :class:`Work` to
    ``wait()`` on (do not modify ``tensor`` before).

    Args:
        tensor (Tensor): the data.
        dst (int): the destination rank.
        group (ProcessGroup, optional): the group. Default: the default group
        tag (int): the message tag. Default: 0

    Example::

        >>> work = dist.isend(torch.ones(2), dst=1)  # on rank 0  # doctest: +SKIP
        >>> work.wait()  # doctest: +SKIP
        True
    """
    comm = _group(group).comm
    buf = _Buffer(tensor)
    return Work([comm.Isend(buf.array, dest=dst, tag=tag)])


def irecv(tensor: Tensor, src: int | None = None, group=None, tag: int = 0) -> Work:
    r"""Receives into ``tensor`` without blocking; returns a :class:`Work` (``tensor``
    holds the data after ``wait()``).

    Args:
        tensor (Tensor): the buffer to fill.
        src (int, optional): the source rank. Default: any
        group (ProcessGroup, optional): the group. Default: the default group
        tag (int): the message tag. Default: 0

    Example::

        >>> buf = torch.zeros(2)  # doctest: +SKIP
        >>> dist.irecv(buf, src=0).wait()  # on rank 1  # doctest: +SKIP
        True
        >>> buf  # doctest: +SKIP
        tensor([1., 1.])
    """
    comm = _group(group).comm
    buf = _Buffer(tensor)
    source = _mpi().ANY_SOURCE if src is None else src
    return Work([comm.Irecv(buf.array, source=source, tag=tag)], buf.done)
