"""Run under ``mpiexec -n 2``: DistributedDataParallel's gradients are the single-process
full-batch gradients, replicas stay equal, no_sync accumulates (tests/test_distributed.py)."""

from __future__ import annotations

import copy

import numtensor as nt
import numtensor.distributed as dist
from numtensor import nn


def same_on_all_ranks(tensors) -> bool:
    mine = [t.detach().reshape(-1).tolist() for t in tensors]
    everyone = [None] * dist.get_world_size()
    dist.all_gather_object(everyone, mine)
    return all(other == mine for other in everyone)


def close(a, b) -> bool:
    return all(nt.allclose(x, y, atol=1e-6) for x, y in zip(a, b))


def main() -> None:
    dist.init_process_group("mpi")
    rank, size = dist.get_rank(), dist.get_world_size()
    nt.manual_seed(rank)  # replicas start different: DDP broadcasts rank 0's
    model = nn.Sequential(nn.Linear(4, 8), nn.ReLU(), nn.Linear(8, 2))
    ddp = nn.parallel.DistributedDataParallel(model)
    assert same_on_all_ranks(list(model.parameters()))
    assert all(k.startswith("module.") for k in ddp.state_dict())

    nt.manual_seed(100)
    x, y = nt.randn(8, 4), nt.randn(8, 2)
    reference = copy.deepcopy(model)  # the full batch in one process
    nn.functional.mse_loss(reference(x), y).backward()

    shard = slice(rank * 8 // size, (rank + 1) * 8 // size)
    nn.functional.mse_loss(ddp(x[shard]), y[shard]).backward()
    grads = [p.grad for p in model.parameters()]
    assert close(grads, [p.grad for p in reference.parameters()]), "DDP != full batch"
    assert same_on_all_ranks(grads)

    optimizer = nt.optim.SGD(ddp.parameters(), lr=0.1)
    optimizer.step()
    assert same_on_all_ranks(list(model.parameters()))

    # no_sync: local accumulation, averaged by the next synchronised backward
    optimizer.zero_grad()
    reference.zero_grad()
    halves = [
        slice(rank * 4 // size, (rank + 1) * 4 // size),
        slice(4 + rank * 4 // size, 4 + (rank + 1) * 4 // size),
    ]
    reference.load_state_dict(model.state_dict())
    with ddp.no_sync():
        nn.functional.mse_loss(ddp(x[halves[0]]), y[halves[0]]).backward()
    assert not same_on_all_ranks([p.grad for p in model.parameters()])
    nn.functional.mse_loss(ddp(x[halves[1]]), y[halves[1]]).backward()
    for part in (slice(0, 4), slice(4, 8)):
        nn.functional.mse_loss(reference(x[part]), y[part]).backward()
    assert close([p.grad for p in model.parameters()], [p.grad for p in reference.parameters()])
    buckets_start_during_backward(rank)
    unused_parameters_differ_between_ranks(rank)
    dist.destroy_process_group()
    print(f"rank {rank} ok", flush=True)


def buckets_start_during_backward(rank: int) -> None:
    """With one parameter a bucket, the last layer's all-reduce starts before backward has
    reached the first layer: communication overlaps the rest of backward."""
    nt.manual_seed(0)
    model = nn.Sequential(
        nn.Linear(4, 16), nn.Tanh(), nn.Linear(16, 16), nn.Tanh(), nn.Linear(16, 2)
    )
    reference = copy.deepcopy(model)
    ddp = nn.parallel.DistributedDataParallel(model, bucket_cap_mb=1e-6)
    assert len(ddp._buckets) == 6
    seen = []  # at each all-reduce: which parameters have a gradient yet
    all_reduce = dist.all_reduce

    def spy(tensor, *args, **kwargs):
        seen.append([p.grad is not None for p in model.parameters()])
        return all_reduce(tensor, *args, **kwargs)

    dist.all_reduce = spy
    try:
        nt.manual_seed(5)
        x, y = nt.randn(6, 4), nt.randn(6, 2)
        shard = slice(rank * 3, rank * 3 + 3)
        nn.functional.mse_loss(ddp(x[shard]), y[shard]).backward()
    finally:
        dist.all_reduce = all_reduce
    assert len(seen) == 6
    assert seen[0][-1] and not seen[0][0], seen  # the first layer's gradient came later
    nn.functional.mse_loss(reference(x), y).backward()
    assert close([p.grad for p in model.parameters()], [p.grad for p in reference.parameters()])


class TwoHeads(nn.Module):
    def __init__(self) -> None:
        super().__init__()
        self.body, self.left, self.right = nn.Linear(3, 3), nn.Linear(3, 1), nn.Linear(3, 1)

    def forward(self, x, use_right: bool):
        return (self.right if use_right else self.left)(self.body(x))


def unused_parameters_differ_between_ranks(rank: int) -> None:
    """Each rank leaves a different head unused: the unused one takes part as zeros."""
    nt.manual_seed(1)
    model = TwoHeads()
    ddp = nn.parallel.DistributedDataParallel(
        model, bucket_cap_mb=1e-6, find_unused_parameters=True
    )
    for _ in range(2):  # (twice: the second pass starts from a clean reducer)
        model.zero_grad()
        ddp(nt.ones(2, 3), use_right=rank == 1).sum().backward()
        assert same_on_all_ranks([p.grad for p in model.parameters()])
    left, right = model.left.weight.grad, model.right.weight.grad
    assert nt.allclose(left, right)  # (each head got half of one rank's gradient)


if __name__ == "__main__":
    main()
