"""DistributedSampler gives exactly PyTorch's index lists."""

from __future__ import annotations

import itertools

import pytest

from numtensor.utils.data import DataLoader, DistributedSampler
from tests.conftest import torch

CONFIGS = list(
    itertools.product(
        (1, 2, 3, 7, 10, 23, 100),  # dataset length
        (1, 2, 3, 4),  # replicas
        (False, True),  # shuffle
        (False, True),  # drop_last
        (0, 5, 2**33 + 1),  # seed
    )
)


@pytest.mark.parametrize("n, replicas, shuffle, drop_last, seed", CONFIGS)
def test_index_lists_match_torch(n, replicas, shuffle, drop_last, seed):
    TorchSampler = torch.utils.data.distributed.DistributedSampler

    for rank in range(replicas):
        for epoch in (0, 3):
            ours = DistributedSampler(range(n), replicas, rank, shuffle, seed, drop_last)
            theirs = TorchSampler(range(n), replicas, rank, shuffle, seed, drop_last)
            ours.set_epoch(epoch)
            theirs.set_epoch(epoch)
            assert list(ours) == list(theirs)
            assert len(ours) == len(theirs)


def test_bad_rank_and_no_process_group():
    with pytest.raises(ValueError, match="Invalid rank 2"):
        DistributedSampler(range(4), num_replicas=2, rank=2)
    with pytest.raises(ValueError, match="has not been initialized"):  # (as torch)
        DistributedSampler(range(4))


def test_a_loader_over_a_distributed_sampler():
    sampler = DistributedSampler(range(10), num_replicas=2, rank=1, shuffle=False)
    assert [b.tolist() for b in DataLoader(range(10), batch_size=2, sampler=sampler)] == [
        [1, 3],
        [5, 7],
        [9],
    ]
