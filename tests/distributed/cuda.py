"""Run under ``mpiexec -n 2`` with a CUDA device (or NUMBA_ENABLE_CUDASIM=1): CUDA tensors in
collectives are staged through the host and come back on the device
(tests/test_distributed.py)."""

from __future__ import annotations

import numtensor as nt
import numtensor.distributed as dist
from numtensor import nn


def main() -> None:
    dist.init_process_group("mpi")
    rank = dist.get_rank()
    t = nt.full((3,), float(rank + 1), device="cuda")
    dist.all_reduce(t)
    assert t.device.type == "cuda" and t.tolist() == [3.0, 3.0, 3.0], t
    column = nt.zeros(2, 3, device="cuda")[:, 1]  # a strided view, written back in place
    column.fill_(rank + 1.0)
    dist.all_reduce(column, op=dist.ReduceOp.MAX)
    assert column.tolist() == [2.0, 2.0]
    b = nt.arange(4.0, device="cuda") if rank == 0 else nt.zeros(4, device="cuda")
    dist.broadcast(b, src=0)
    assert b.tolist() == [0.0, 1.0, 2.0, 3.0]
    gathered = [nt.zeros(2, device="cuda") for _ in range(2)]
    dist.all_gather(gathered, nt.full((2,), float(rank), device="cuda"))
    assert [g.tolist() for g in gathered] == [[0.0, 0.0], [1.0, 1.0]]

    nt.manual_seed(rank)
    model = nn.Linear(3, 2).to("cuda")
    ddp = nn.parallel.DistributedDataParallel(model)
    x = nt.ones(2, 3, device="cuda") * (rank + 1)
    ddp(x).sum().backward()
    reference = nn.Linear(3, 2).to("cuda")
    reference.load_state_dict(model.state_dict())
    (
        reference(nt.ones(2, 3, device="cuda")).sum()
        + reference(2 * nt.ones(2, 3, device="cuda")).sum()
    ).backward()
    for p, q in zip(model.parameters(), reference.parameters()):
        assert p.grad.device.type == "cuda"
        assert nt.allclose(p.grad, q.grad / 2), (p.grad, q.grad)
    dist.destroy_process_group()
    print(f"rank {rank} ok", flush=True)


if __name__ == "__main__":
    main()
