"""The collectives: broadcast, all_reduce, reduce, all_gather, all_gather_object,
broadcast_object_list, gather, scatter and reduce_scatter (blocking, or with
``async_op=True`` a ``Work`` to wait on).
"""

from __future__ import annotations

from .._tensor_base import Tensor
from .buffers import _Buffer
from .process_group import ReduceOp, Work, _group, _mpi


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
