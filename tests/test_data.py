"""utils.data against torch.utils.data."""

import numpy as np
import pytest

import numtensor as nt
from numtensor.utils.data import (
    BatchSampler,
    ConcatDataset,
    DataLoader,
    Dataset,
    RandomSampler,
    SequentialSampler,
    Subset,
    TensorDataset,
    default_collate,
    random_split,
)
from tests.conftest import assert_same, torch


def test_tensor_dataset_and_length_check():
    x, y = nt.arange(10.0).reshape(5, 2), nt.arange(5)
    ds = TensorDataset(x, y)
    assert len(ds) == 5 and ds[1][0].tolist() == [2.0, 3.0] and ds[1][1].item() == 1
    with pytest.raises(AssertionError):
        TensorDataset(nt.zeros(3), nt.zeros(4))


@pytest.mark.parametrize("batch_size,drop_last", [(2, False), (2, True), (5, False), (7, False)])
def test_sequential_loader_matches_torch(batch_size, drop_last):
    arr, labels = np.arange(20, dtype=np.float32).reshape(10, 2), np.arange(10)
    got = list(
        DataLoader(
            TensorDataset(nt.tensor(arr), nt.tensor(labels)),
            batch_size=batch_size,
            drop_last=drop_last,
        )
    )
    expected = list(
        torch.utils.data.DataLoader(
            torch.utils.data.TensorDataset(torch.tensor(arr), torch.tensor(labels)),
            batch_size=batch_size,
            drop_last=drop_last,
        )
    )
    assert len(got) == len(expected)
    for g, e in zip(got, expected):
        assert_same(g, e)


def test_shuffle_is_a_permutation_and_reproducible():
    ds = TensorDataset(nt.arange(50))
    loader = DataLoader(ds, batch_size=8, shuffle=True, generator=nt.Generator().manual_seed(3))
    seen = [v for (batch,) in loader for v in batch.tolist()]
    assert sorted(seen) == list(range(50)) and seen != list(range(50))
    again = DataLoader(ds, batch_size=8, shuffle=True, generator=nt.Generator().manual_seed(3))
    assert [v for (batch,) in again for v in batch.tolist()] == seen
    assert len(loader) == 7


def test_default_collation_matches_torch():
    cases = [
        [1, 2, 3],
        [1.5, 2.5],
        [True, False],
        [np.array([1, 2]), np.array([3, 4])],
        [(1, 2.0), (3, 4.0)],
        [{"a": 1, "b": [1.0, 2.0]}, {"a": 2, "b": [3.0, 4.0]}],
        ["x", "y"],
        [np.float32(1.5), np.float32(2.5)],
    ]
    for batch in cases:
        nt_batch = [nt.tensor(b) if isinstance(b, nt.Tensor) else b for b in batch]
        assert_same(
            _norm(default_collate(nt_batch)), _norm(torch.utils.data.default_collate(batch))
        )


def _norm(x):
    if isinstance(x, dict):
        return [x[k] for k in sorted(x)]
    return x


def test_samplers_subset_concat_split():
    ds = TensorDataset(nt.arange(10))
    assert list(SequentialSampler(ds)) == list(range(10))
    rs = RandomSampler(ds, generator=nt.Generator().manual_seed(0))
    assert sorted(rs) == list(range(10))
    with_rep = list(RandomSampler(ds, replacement=True, num_samples=25))
    assert len(with_rep) == 25 and max(with_rep) < 10
    assert list(BatchSampler(range(5), 2, drop_last=False)) == [[0, 1], [2, 3], [4]]
    assert list(BatchSampler(range(5), 2, drop_last=True)) == [[0, 1], [2, 3]]
    sub = Subset(ds, [3, 1])
    assert len(sub) == 2 and sub[0][0].item() == 3
    cat = ConcatDataset([ds, TensorDataset(nt.arange(100, 103))])
    assert len(cat) == 13 and cat[11][0].item() == 101 and cat[-1][0].item() == 102
    a, b = random_split(ds, [7, 3], generator=nt.Generator().manual_seed(1))
    assert len(a) == 7 and len(b) == 3
    assert sorted(a.indices + b.indices) == list(range(10))
    c, d = random_split(ds, [0.5, 0.5])
    assert len(c) == len(d) == 5
    with pytest.raises(ValueError):
        random_split(ds, [3, 3])


def test_custom_dataset_and_collate_fn():
    class Squares(Dataset):
        def __len__(self):
            return 6

        def __getitem__(self, i):
            return {"x": nt.tensor([float(i)]), "y": i * i}

    batches = list(DataLoader(Squares(), batch_size=4))
    assert batches[0]["x"].shape == (4, 1) and batches[0]["y"].tolist() == [0, 1, 4, 9]
    raw = list(DataLoader(Squares(), batch_size=3, collate_fn=lambda items: len(items)))
    assert raw == [3, 3]
    with pytest.raises(ValueError):
        DataLoader(Squares(), sampler=SequentialSampler(range(6)), shuffle=True)
    with pytest.raises(ValueError):
        DataLoader(Squares(), batch_size=0)


def test_pin_memory_without_an_accelerator(monkeypatch):
    monkeypatch.setattr(nt.cuda, "is_available", lambda: False)
    t = nt.ones(2)
    assert t.is_pinned() is False and torch.ones(2).is_pinned() is False
    with pytest.raises(RuntimeError, match="Cannot access accelerator device"):
        t.pin_memory()
    with pytest.warns(UserWarning, match="no accelerator is found"):
        loader = DataLoader(TensorDataset(nt.arange(4.0)), batch_size=2, pin_memory=True)
    batches = [b for (b,) in loader]  # the flag is a no-op: plain CPU batches
    assert [b.tolist() for b in batches] == [[0.0, 1.0], [2.0, 3.0]]
    assert not any(b.is_pinned() for b in batches)


def test_tensor_dataset_batches_equal_stacked_samples():
    x = nt.arange(50.0).reshape(25, 2)
    y = nt.arange(25)
    fast = DataLoader(
        TensorDataset(x, y), batch_size=4, shuffle=True, generator=nt.Generator().manual_seed(3)
    )
    slow = DataLoader(
        TensorDataset(x, y),
        batch_size=4,
        shuffle=True,
        generator=nt.Generator().manual_seed(3),
        collate_fn=lambda samples: default_collate(samples),  # the per-sample path
    )
    pairs = list(zip(fast, slow))
    assert len(pairs) == 7
    for (fx, fy), (sx, sy) in pairs:
        assert nt.equal(fx, sx) and nt.equal(fy, sy)
        assert fx.dtype == sx.dtype and fy.dtype == sy.dtype and fx.is_contiguous()


def test_getitems_fetches_a_batch_at_once():
    class Batched(Dataset):
        calls = 0

        def __len__(self):
            return 10

        def __getitem__(self, i):
            raise AssertionError("fetched one by one")

        def __getitems__(self, indices):
            Batched.calls += 1
            return [nt.tensor(float(i)) for i in indices]

    batches = list(DataLoader(Batched(), batch_size=4))
    assert Batched.calls == 3
    assert [b.tolist() for b in batches] == [[0, 1, 2, 3], [4, 5, 6, 7], [8, 9]]
