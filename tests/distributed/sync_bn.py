"""Run under ``mpiexec -n 2``: SyncBatchNorm in training normalises with the statistics of
the whole batch spread over the ranks (uneven shards), updates the running statistics as a
single-process BatchNorm of the full batch would, and its gradients are the full-batch ones
(tests/test_parallel_and_sync_bn.py)."""

from __future__ import annotations

import numtensor as nt
import numtensor.distributed as dist
from numtensor import nn


def summed(t):
    total = t.detach().clone()
    dist.all_reduce(total)
    return total


def check(momentum, group) -> None:
    rank = dist.get_rank()
    nt.manual_seed(7)
    x = nt.randn(8, 3, 4, dtype=nt.float64)
    g = nt.randn(8, 3, 4, dtype=nt.float64)  # d loss / d output, one loss over all ranks
    reference = nn.BatchNorm1d(3, momentum=momentum, dtype=nt.float64)
    with nt.no_grad():
        reference.weight.copy_(nt.tensor([1.5, -0.5, 2.0]))
        reference.bias.copy_(nt.tensor([0.1, 0.2, 0.3]))
    sync = nn.SyncBatchNorm.convert_sync_batchnorm(
        nn.BatchNorm1d(3, momentum=momentum, dtype=nt.float64), process_group=group
    )
    initial = {k: v.clone() for k, v in reference.state_dict().items()}
    sync.load_state_dict(initial)
    full = x.clone().requires_grad_()
    (reference(full) * g).sum().backward()

    rows = slice(0, 3) if rank == 0 else slice(3, 8)  # uneven shards
    mine = x[rows].clone().requires_grad_()
    out = sync(mine)
    assert out.grad_fn.name() == "SyncBatchNormBackward", out.grad_fn.name()
    (out * g[rows]).sum().backward()

    expected = reference(full).detach()  # (eval of a training module: batch statistics again)
    assert nt.allclose(out.detach(), expected[rows], atol=1e-12), "output != full batch"
    assert nt.allclose(mine.grad, full.grad[rows], atol=1e-12), "input grad != full batch"
    assert nt.allclose(summed(sync.weight.grad), reference.weight.grad, atol=1e-12)
    assert nt.allclose(summed(sync.bias.grad), reference.bias.grad, atol=1e-12)
    # the reference ran twice in training: compare the running statistics after one step
    once = nn.BatchNorm1d(3, momentum=momentum, dtype=nt.float64)
    once.load_state_dict(initial)
    once(x)
    assert nt.allclose(sync.running_mean, once.running_mean, atol=1e-12)
    assert nt.allclose(sync.running_var, once.running_var, atol=1e-12)
    assert sync.num_batches_tracked.item() == 1
    # eval mode: the running statistics, no collective
    sync.eval()
    once.eval()
    assert nt.allclose(sync(mine.detach()), once(x[rows]), atol=1e-12)


def main() -> None:
    dist.init_process_group("mpi")
    check(0.1, None)
    check(None, dist.new_group([0, 1]))
    print(f"rank {dist.get_rank()} ok", flush=True)
    dist.destroy_process_group()


if __name__ == "__main__":
    main()
