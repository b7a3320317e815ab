"""Run under ``mpiexec -n 2``: every collective of numtensor.distributed, checked on each rank
(tests/test_distributed.py launches it). Prints "rank R ok" when all checks pass."""

from __future__ import annotations

import numtensor as nt
import numtensor.distributed as dist


def main() -> None:
    try:
        dist.get_rank()
    except ValueError as e:
        assert "has not been initialized" in str(e)
    else:
        raise AssertionError("get_rank before init_process_group")
    dist.init_process_group("mpi")
    try:
        dist.init_process_group("mpi")
    except RuntimeError as e:
        assert "twice" in str(e)
    rank, size = dist.get_rank(), dist.get_world_size()
    assert size == 2 and dist.is_initialized() and dist.get_backend() == "mpi"

    t = nt.full((3,), float(rank + 1))
    dist.all_reduce(t)
    assert t.tolist() == [3.0, 3.0, 3.0], t
    for op, want in ((dist.ReduceOp.PRODUCT, 2.0), (dist.ReduceOp.MAX, 2.0),
                     (dist.ReduceOp.MIN, 1.0), (dist.ReduceOp.AVG, 1.5)):  # fmt: skip
        t = nt.full((2, 2), float(rank + 1))
        dist.all_reduce(t, op=op)
        assert t.tolist() == [[want] * 2] * 2, (op, t)
    strided = nt.zeros(2, 4)[:, ::2]  # a non-contiguous view: reduced and written back
    strided.fill_(rank + 1.0)
    dist.all_reduce(strided)
    assert strided.tolist() == [[3.0, 3.0], [3.0, 3.0]]
    work = dist.all_reduce(nt.ones(4), async_op=True)
    assert work.wait()

    b = nt.arange(4.0) if rank == 0 else nt.zeros(4)
    dist.broadcast(b, src=0)
    assert b.tolist() == [0.0, 1.0, 2.0, 3.0]

    r = nt.full((2,), float(rank + 1))
    dist.reduce(r, dst=1)
    if rank == 1:
        assert r.tolist() == [3.0, 3.0]

    out = [nt.zeros(2, dtype=nt.int64) for _ in range(size)]
    dist.all_gather(out, nt.full((2,), rank, dtype=nt.int64))
    assert [o.tolist() for o in out] == [[0, 0], [1, 1]]
    objects = [None, None]
    dist.all_gather_object(objects, {"rank": rank})
    assert objects == [{"rank": 0}, {"rank": 1}]

    gathered = [nt.zeros(1) for _ in range(size)] if rank == 0 else None
    dist.gather(nt.tensor([rank * 10.0]), gathered, dst=0)
    if rank == 0:
        assert [g.tolist() for g in gathered] == [[0.0], [10.0]]
    piece = nt.zeros(2)
    dist.scatter(piece, [nt.tensor([1.0, 2.0]), nt.tensor([3.0, 4.0])] if rank == 0 else None)
    assert piece.tolist() == ([1.0, 2.0] if rank == 0 else [3.0, 4.0])
    mine = nt.zeros(2)
    dist.reduce_scatter(mine, [nt.full((2,), 1.0 + rank), nt.full((2,), 10.0 + rank)])
    assert mine.tolist() == ([3.0, 3.0] if rank == 0 else [21.0, 21.0])

    if rank == 0:
        dist.send(nt.tensor([7.0, 8.0]), dst=1)
        w = dist.isend(nt.tensor([9.0]), dst=1, tag=3)
        w.wait()
    else:
        got = nt.zeros(2)
        assert dist.recv(got, src=0) == 0 and got.tolist() == [7.0, 8.0]
        late = nt.zeros(1)
        dist.irecv(late, src=0, tag=3).wait()
        assert late.tolist() == [9.0]

    try:
        dist.all_reduce(nt.zeros(2 + rank))
    except RuntimeError as e:
        assert "differ in shape" in str(e)
    else:
        raise AssertionError("mismatched shapes")

    pair = dist.new_group([0, 1])
    t = nt.ones(1)
    dist.all_reduce(t, group=pair)
    assert t.tolist() == [2.0]
    dist.barrier()
    dist.destroy_process_group()
    assert not dist.is_initialized()
    print(f"rank {rank} ok", flush=True)


if __name__ == "__main__":
    main()
