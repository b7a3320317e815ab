"""DataLoader with worker processes (num_workers > 0)."""

from __future__ import annotations

import os
import time

import pytest

import numtensor as nt
from numtensor.utils.data import DataLoader, Dataset, IterableDataset, get_worker_info


class Squares(Dataset):
    def __len__(self):
        return 23

    def __getitem__(self, i):
        return nt.tensor([float(i * i)]), i


class Sharded(IterableDataset):
    def __init__(self, n):
        self.n = n

    def __iter__(self):
        info = get_worker_info()
        start, step = (0, 1) if info is None else (info.id, info.num_workers)
        return iter(range(start, self.n, step))


class FailsAt(Dataset):
    def __len__(self):
        return 10

    def __getitem__(self, i):
        if i == 7:
            raise KeyError("no seven")
        return i


class Dies(Dataset):
    def __len__(self):
        return 10

    def __getitem__(self, i):
        if i == 5:
            os._exit(1)
        return i


class Seeds(Dataset):
    def __len__(self):
        return 4

    def __getitem__(self, i):
        info = get_worker_info()
        return nt.tensor([info.id, info.seed % 1000, info.num_workers])


class Slow(Dataset):
    def __len__(self):
        return 4

    def __getitem__(self, i):
        time.sleep(5)
        return i


def _mark(worker_id):
    os.environ["NUMTENSOR_TEST_WORKER"] = str(worker_id)


class InitSeen(Dataset):
    def __len__(self):
        return 2

    def __getitem__(self, i):
        return int(os.environ.get("NUMTENSOR_TEST_WORKER", "-1"))


def test_batches_from_workers_equal_the_main_process_batches():
    for kwargs in ({"batch_size": 4}, {"batch_size": 4, "drop_last": True}, {"batch_size": None}):
        serial = list(DataLoader(Squares(), **kwargs))
        parallel = list(DataLoader(Squares(), num_workers=2, **kwargs))
        assert len(parallel) == len(serial)
        for a, b in zip(serial, parallel):
            assert a[0].tolist() == b[0].tolist()
            assert a[1].tolist() == b[1].tolist() if hasattr(a[1], "tolist") else a[1] == b[1]


def test_shuffled_batches_are_the_same_with_and_without_workers():
    a = [b[1].tolist() for b in DataLoader(Squares(), batch_size=5, shuffle=True,
                                           generator=nt.Generator().manual_seed(3))]  # fmt: skip
    b = [b[1].tolist() for b in DataLoader(Squares(), batch_size=5, shuffle=True, num_workers=2,
                                           generator=nt.Generator().manual_seed(3))]  # fmt: skip
    assert a == b


def test_iterable_dataset_sharded_through_worker_info():
    got = sorted(
        x for b in DataLoader(Sharded(10), batch_size=3, num_workers=2) for x in b.tolist()
    )
    assert got == list(range(10))
    assert [b.tolist() for b in DataLoader(Sharded(7), batch_size=3)] == [[0, 1, 2], [3, 4, 5], [6]]


def test_a_worker_error_is_raised_here_naming_the_worker():
    with pytest.raises(KeyError, match="Caught KeyError in DataLoader worker process"):
        list(DataLoader(FailsAt(), batch_size=2, num_workers=2))


def test_a_dead_worker_does_not_hang_the_loader():
    with pytest.raises(RuntimeError, match="exited unexpectedly"):
        list(DataLoader(Dies(), batch_size=1, num_workers=2))


def test_timeout():
    with pytest.raises(RuntimeError, match="timed out"):
        list(DataLoader(Slow(), batch_size=1, num_workers=1, timeout=0.5))


def test_worker_seeds_info_and_init_fn():
    rows = [b.tolist() for b in DataLoader(Seeds(), batch_size=None, num_workers=2)]
    assert sorted({r[0] for r in rows}) == [0, 1] and {r[2] for r in rows} == {2}
    seeds = {r[0]: r[1] for r in rows}
    assert (seeds[1] - seeds[0]) % 1000 == 1  # base seed + worker id, as PyTorch
    assert sorted(DataLoader(InitSeen(), batch_size=None, num_workers=2, worker_init_fn=_mark)) == [
        0,
        1,
    ]
    assert get_worker_info() is None


def test_persistent_workers_serve_several_epochs():
    loader = DataLoader(Squares(), batch_size=5, num_workers=2, persistent_workers=True)
    first = [b[1].tolist() for b in loader]
    pids = [w.pid for w in loader._pool.workers]
    second = [b[1].tolist() for b in loader]
    assert first == second and [w.pid for w in loader._pool.workers] == pids
    loader._pool.shutdown()


@pytest.mark.parametrize(
    "kwargs, error",
    [
        ({"num_workers": -1}, "num_workers option should be non-negative"),
        ({"prefetch_factor": 2}, "prefetch_factor option could only be specified"),
        ({"persistent_workers": True}, "persistent_workers option needs num_workers > 0"),
        ({"timeout": -1}, "timeout option should be non-negative"),
    ],
)
def test_bad_options(kwargs, error):
    with pytest.raises(ValueError, match=error):
        DataLoader(Squares(), **kwargs)
