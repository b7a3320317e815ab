"""``numtensor.utils.data``: datasets (map-style and iterable), samplers, collation and the
:class:`DataLoader` that combines them into batches, optionally with worker processes."""

from __future__ import annotations

import bisect
import functools
import itertools
import math
import warnings
from collections.abc import Mapping, Sequence

import numpy as np

import numtensor as _nt

from .._tensor_base import Tensor


class Dataset:
    r"""An abstract map-style dataset: subclasses implement ``__getitem__(index)`` (and,
    for the default samplers of :class:`DataLoader`, ``__len__``). ``a + b`` concatenates
    datasets (a :class:`ConcatDataset`).

    Example::

        >>> class Squares(torch.utils.data.Dataset):
        ...     def __len__(self):
        ...         return 4
        ...     def __getitem__(self, i):
        ...         return i * i
        >>> list(torch.utils.data.DataLoader(Squares(), batch_size=3))
        [tensor([0, 1, 4]), tensor([9])]
        >>> len(Squares() + Squares())
        8
    """

    def __getitem__(self, index):
        raise NotImplementedError("Subclasses of Dataset should implement __getitem__.")

    def __add__(self, other: Dataset) -> ConcatDataset:
        return ConcatDataset([self, other])


class IterableDataset(Dataset):
    r"""An abstract iterable-style dataset: subclasses implement ``__iter__`` (a stream of
    samples, not indexed). With DataLoader workers each worker iterates its own copy: shard
    it with :func:`get_worker_info`, or every sample comes once per worker.

    Example::

        >>> class Count(torch.utils.data.IterableDataset):
        ...     def __init__(self, n):
        ...         self.n = n
        ...     def __iter__(self):
        ...         return iter(range(self.n))
        >>> list(torch.utils.data.DataLoader(Count(5), batch_size=2))
        [tensor([0, 1]), tensor([2, 3]), tensor([4])]
    """

    def __iter__(self):
        raise NotImplementedError("Subclasses of IterableDataset should implement __iter__.")

    def __add__(self, other):
        raise TypeError("IterableDataset does not support +; use itertools.chain")


class TensorDataset(Dataset):
    r"""A dataset wrapping tensors: sample ``i`` is the tuple of each tensor's ``i``-th
    row (the tensors must have the same size in their first dimension).

    Args:
        *tensors (Tensor): the tensors, e.g. inputs and targets.

    Example::

        >>> x = torch.arange(6.).reshape(3, 2)
        >>> y = torch.tensor([0, 1, 0])
        >>> ds = torch.utils.data.TensorDataset(x, y)
        >>> len(ds), ds[1]
        (3, (tensor([2., 3.]), tensor(1)))
    """

    def __init__(self, *tensors: Tensor) -> None:
        if any(t.shape[0] != tensors[0].shape[0] for t in tensors):
            raise AssertionError("Size mismatch between tensors")
        self.tensors = tensors

    def __getitem__(self, index):
        return tuple(t[index] for t in self.tensors)

    def __len__(self) -> int:
        return self.tensors[0].shape[0]


class Subset(Dataset):
    r"""The samples of ``dataset`` at the given indices, in that order.

    Args:
        dataset (Dataset): the whole dataset.
        indices (sequence): the indices selected.

    Example::

        >>> sub = torch.utils.data.Subset([10, 11, 12, 13], [3, 1])
        >>> len(sub), sub[0], list(sub)
        (2, 13, [13, 11])
    """

    def __init__(self, dataset: Dataset, indices: Sequence[int]) -> None:
        self.dataset, self.indices = dataset, indices

    def __getitem__(self, idx):
        if isinstance(idx, list):
            return self.dataset[[self.indices[i] for i in idx]]
        return self.dataset[self.indices[idx]]

    def __len__(self) -> int:
        return len(self.indices)


class ConcatDataset(Dataset):
    r"""Map-style datasets concatenated one after another (what ``a + b`` gives).

    Args:
        datasets (sequence): the datasets; ``cumulative_sizes`` lists their running total
            lengths.

    Example::

        >>> ds = torch.utils.data.ConcatDataset([[0, 1, 2], [10, 11]])
        >>> len(ds), ds[3], ds[-1], ds.cumulative_sizes
        (5, 10, 11, [3, 5])
    """

    def __init__(self, datasets) -> None:
        self.datasets = list(datasets)
        if not self.datasets:
            raise AssertionError("datasets should not be an empty iterable")
        self.cumulative_sizes = list(itertools.accumulate(len(d) for d in self.datasets))

    def __len__(self) -> int:
        return int(self.cumulative_sizes[-1])

    def __getitem__(self, idx: int):
        if idx < 0:
            if -idx > len(self):
                raise ValueError("absolute value of index should not exceed dataset length")
            idx += len(self)
        which = bisect.bisect_right(self.cumulative_sizes, idx)
        start = 0 if which == 0 else int(self.cumulative_sizes[which - 1])
        return self.datasets[which][idx - start]


def _permutation(n: int, generator) -> list:
    return _nt.randperm(n, generator=generator).tolist()


def random_split(dataset: Dataset, lengths, generator=None) -> list:
    r"""Randomly splits a dataset into non-overlapping :class:`Subset`\ s of the given
    lengths.

    Args:
        dataset (Dataset): the dataset to split.
        lengths (sequence): the lengths of the splits, or fractions summing to 1 (the
            remainder of the floored counts is spread round-robin over the splits).
        generator (Generator, optional): the generator of the permutation.

    Returns:
        list of Subset: the splits.

    Differs from PyTorch: numtensor's random streams are its own, so the same seed gives
    another permutation than PyTorch's.

    Example::

        >>> g = torch.Generator().manual_seed(0)
        >>> train, val = torch.utils.data.random_split(range(5), [3, 2], generator=g)
        >>> len(train), len(val), sorted(list(train) + list(val))
        (3, 2, [0, 1, 2, 3, 4])
        >>> [len(s) for s in torch.utils.data.random_split(range(10), [0.75, 0.25])]
        [8, 2]
    """
    n = len(dataset)
    lengths = list(lengths)
    if math.isclose(sum(lengths), 1) and sum(lengths) <= 1:
        counts = [math.floor(n * frac) for frac in lengths]
        for i in range(n - sum(counts)):
            counts[i % len(counts)] += 1
        lengths = counts
    if sum(lengths) != n:
        raise ValueError("Sum of input lengths does not equal the length of the input dataset!")
    order = _permutation(n, generator)
    out, start = [], 0
    for length in lengths:
        out.append(Subset(dataset, order[start : start + length]))
        start += length
    return out


class Sampler:
    r"""Base class of the samplers: an iterable of dataset indices (or, for a batch
    sampler, of lists of indices). Subclasses implement ``__iter__`` and, usually,
    ``__len__``.

    Example::

        >>> class EvenFirst(torch.utils.data.Sampler):
        ...     def __init__(self, n):
        ...         self.n = n
        ...     def __iter__(self):
        ...         return iter([*range(0, self.n, 2), *range(1, self.n, 2)])
        ...     def __len__(self):
        ...         return self.n
        >>> loader = torch.utils.data.DataLoader(range(5), sampler=EvenFirst(5), batch_size=3)
        >>> list(loader)
        [tensor([0, 2, 4]), tensor([1, 3])]
    """

    def __init__(self, data_source=None) -> None:
        pass

    def __iter__(self):
        raise NotImplementedError


class SequentialSampler(Sampler):
    r"""Samples the indices ``0, 1, ..., len(data_source) - 1`` in order (the sampler of
    a DataLoader without ``shuffle``).

    Args:
        data_source (Dataset): the dataset (only its length is used).

    Example::

        >>> list(torch.utils.data.SequentialSampler(range(4)))
        [0, 1, 2, 3]
    """

    def __init__(self, data_source) -> None:
        self.data_source = data_source

    def __iter__(self):
        return iter(range(len(self.data_source)))

    def __len__(self) -> int:
        return len(self.data_source)


class RandomSampler(Sampler):
    r"""Samples the indices in a random order: a permutation (repeated to reach
    ``num_samples``), or with ``replacement``, independent uniform draws (the sampler of a
    DataLoader with ``shuffle=True``).

    Args:
        data_source (Dataset): the dataset (only its length is used).
        replacement (bool): draw with replacement. Default: ``False``
        num_samples (int, optional): how many indices. Default: ``len(data_source)``
        generator (Generator, optional): the generator of the draws.

    Differs from PyTorch: numtensor's random streams are its own, so the same seed gives
    another order than PyTorch's.

    Example::

        >>> sampler = torch.utils.data.RandomSampler(range(5))
        >>> len(sampler), sorted(sampler)
        (5, [0, 1, 2, 3, 4])
        >>> len(list(torch.utils.data.RandomSampler(range(5), replacement=True, num_samples=8)))
        8
    """

    def __init__(
        self, data_source, replacement: bool = False, num_samples=None, generator=None
    ) -> None:
        self.data_source, self.replacement = data_source, replacement
        self._num_samples, self.generator = num_samples, generator
        if not isinstance(self.num_samples, int) or self.num_samples <= 0:
            raise ValueError(
                "num_samples should be a positive integer value, but got "
                f"num_samples={self.num_samples}"
            )

    @property
    def num_samples(self) -> int:
        """The number of indices drawn per epoch (``len(data_source)`` unless given).

        Example::

            >>> torch.utils.data.RandomSampler(range(5)).num_samples
            5
        """
        return len(self.data_source) if self._num_samples is None else self._num_samples

    def __iter__(self):
        n = len(self.data_source)
        if self.replacement:
            yield from _nt.randint(0, n, (self.num_samples,), generator=self.generator).tolist()
            return
        for _ in range(self.num_samples // n):
            yield from _permutation(n, self.generator)
        yield from _permutation(n, self.generator)[: self.num_samples % n]

    def __len__(self) -> int:
        return self.num_samples


class BatchSampler(Sampler):
    r"""Wraps a sampler to yield lists of ``batch_size`` indices (the last one shorter,
    or dropped with ``drop_last``).

    Args:
        sampler (Sampler or iterable): the indices to group.
        batch_size (int): the size of each list.
        drop_last (bool): drop the last list if it is shorter than ``batch_size``.

    Example::

        >>> S = torch.utils.data
        >>> list(S.BatchSampler(S.SequentialSampler(range(5)), batch_size=2, drop_last=False))
        [[0, 1], [2, 3], [4]]
        >>> list(S.BatchSampler(range(5), batch_size=2, drop_last=True))
        [[0, 1], [2, 3]]
    """

    def __init__(self, sampler, batch_size: int, drop_last: bool) -> None:
        if isinstance(batch_size, bool) or not isinstance(batch_size, int) or batch_size <= 0:
            raise ValueError(
                f"batch_size should be a positive integer value, but got batch_size={batch_size}"
            )
        self.sampler, self.batch_size, self.drop_last = sampler, batch_size, drop_last

    def __iter__(self):
        batch = []
        for idx in self.sampler:
            batch.append(idx)
            if len(batch) == self.batch_size:
                yield batch
                batch = []
        if batch and not self.drop_last:
            yield batch

    def __len__(self) -> int:
        n = len(self.sampler)
        return n // self.batch_size if self.drop_last else math.ceil(n / self.batch_size)


def default_collate(batch):
    r"""Collates a list of samples into a batch: the default ``collate_fn`` of
    :class:`DataLoader`.

    Tensors are stacked along a new first dimension; NumPy arrays and numbers become
    tensors (Python floats float64, ints int64); strings are kept as a list; dicts, named
    tuples, tuples and lists are collated field by field (tuples and lists give lists).

    Args:
        batch (list): the samples.

    Example::

        >>> torch.utils.data.default_collate([(torch.tensor([1., 2.]), 0),
        ...                                   (torch.tensor([3., 4.]), 1)])
        [tensor([[1., 2.],
                [3., 4.]]), tensor([0, 1])]
        >>> torch.utils.data.default_collate([{"x": 1.5, "y": "a"}, {"x": 2.5, "y": "b"}])
        {'x': tensor([1.5000, 2.5000], dtype=numtensor.float64), 'y': ['a', 'b']}
    """
    elem = batch[0]
    if isinstance(elem, Tensor):
        return _nt.stack(batch, 0)
    if isinstance(elem, np.ndarray):
        return _nt.stack([_nt.as_tensor(b) for b in batch], 0)
    if isinstance(elem, np.generic):
        return _nt.tensor(np.array(batch))
    if isinstance(elem, bool):
        return _nt.tensor(batch)
    if isinstance(elem, float):
        return _nt.tensor(batch, dtype=_nt.float64)
    if isinstance(elem, int):
        return _nt.tensor(batch)
    if isinstance(elem, (str, bytes)):
        return batch
    if isinstance(elem, Mapping):
        return {key: default_collate([d[key] for d in batch]) for key in elem}
    if isinstance(elem, tuple) and hasattr(elem, "_fields"):
        return type(elem)(*(default_collate(list(s)) for s in zip(*batch)))
    if isinstance(elem, Sequence):
        if any(len(b) != len(elem) for b in batch):
            raise RuntimeError("each element in list of batch should be of equal size")
        return [default_collate(list(s)) for s in zip(*batch)]  # (lists, as PyTorch's)
    raise TypeError(
        f"default_collate: batch must contain tensors, numpy arrays, numbers, "
        f"dicts or lists; found {type(elem)}"
    )


def pin_memory(data):
    """``Tensor.pin_memory()`` on every CPU tensor of a batch (tuples, lists, dicts,
    named tuples, objects with a ``pin_memory()`` method), as the DataLoader does.

    Example::

        >>> batch = {"x": torch.ones(2), "name": "a"}
        >>> pinned = torch.utils.data.pin_memory(batch)  # doctest: +SKIP
        >>> pinned["x"].is_pinned(), pinned["name"]  # doctest: +SKIP
        (True, 'a')
    """
    if isinstance(data, Tensor):
        return data.pin_memory() if data.device.type == "cpu" else data
    if isinstance(data, (str, bytes)):
        return data
    if isinstance(data, Mapping):
        pinned = {k: pin_memory(v) for k, v in data.items()}
        try:
            return type(data)(pinned)
        except TypeError:
            return pinned
    if isinstance(data, tuple) and hasattr(data, "_fields"):
        return type(data)(*(pin_memory(x) for x in data))
    if isinstance(data, tuple):
        return tuple(pin_memory(x) for x in data)
    if isinstance(data, list):
        return [pin_memory(x) for x in data]
    if hasattr(data, "pin_memory"):
        return data.pin_memory()
    return data


class DataLoader:
    r"""Combines a dataset and a sampler, and iterates over the dataset's samples in
    batches.

    Map-style datasets are read through a sampler (in order, or shuffled) whose indices a
    :class:`BatchSampler` groups; iterable datasets are read in their own order. Each
    batch is collated by ``collate_fn`` (:func:`default_collate`). With ``num_workers > 0``
    the batches are loaded by worker processes, and come back in order.

    Args:
        dataset (Dataset): the dataset to load from.
        batch_size (int, optional): samples per batch; ``None`` disables batching.
            Default: 1
        shuffle (bool, optional): reshuffle the data every epoch. Default: ``False``
        sampler (Sampler or iterable, optional): the order of the indices (excludes
            ``shuffle``).
        batch_sampler (Sampler or iterable, optional): yields lists of indices (excludes
            ``batch_size``, ``shuffle``, ``sampler`` and ``drop_last``).
        num_workers (int): worker processes; 0 loads in the main process. Default: 0
        collate_fn (Callable, optional): merges a list of samples into a batch.
        pin_memory (bool): copy CPU tensors into pinned memory (needs CUDA).
            Default: ``False``
        drop_last (bool): drop the last incomplete batch. Default: ``False``
        timeout (float): seconds to wait for a worker's batch (0: forever). Default: 0
        worker_init_fn (Callable, optional): called with the worker id in each worker.
        multiprocessing_context (str or context, optional): how workers start.
        generator (Generator, optional): the generator of the shuffle and of the workers'
            base seed.
        prefetch_factor (int, optional): batches loaded ahead by each worker. Default: 2
            with workers
        persistent_workers (bool): keep the workers alive between epochs.
            Default: ``False``

    Differs from PyTorch: numtensor's random streams are its own, so a seeded shuffle gives
    another order than PyTorch's.

    Example::

        >>> x = torch.arange(6.).reshape(3, 2)
        >>> y = torch.tensor([0, 1, 0])
        >>> loader = torch.utils.data.DataLoader(
        ...     torch.utils.data.TensorDataset(x, y), batch_size=2)
        >>> len(loader)
        2
        >>> for xb, yb in loader:
        ...     print(xb.shape, yb)
        numtensor.Size([2, 2]) tensor([0, 1])
        numtensor.Size([1, 2]) tensor([0])
    """

    def __init__(
        self,
        dataset,
        batch_size: int | None = 1,
        shuffle: bool | None = None,
        sampler=None,
        batch_sampler=None,
        num_workers: int = 0,
        collate_fn=None,
        pin_memory: bool = False,
        drop_last: bool = False,
        timeout: float = 0,
        worker_init_fn=None,
        multiprocessing_context=None,
        generator=None,
        *,
        prefetch_factor: int | None = None,
        persistent_workers: bool = False,
        **kwargs,
    ) -> None:
        if num_workers < 0:
            raise ValueError(
                "num_workers option should be non-negative; use num_workers=0 to disable "
                "multiprocessing."
            )
        if timeout < 0:
            raise ValueError("timeout option should be non-negative")
        if num_workers == 0 and prefetch_factor is not None:
            raise ValueError(
                "prefetch_factor option could only be specified in multiprocessing.let "
                "num_workers > 0 to enable multiprocessing, otherwise set prefetch_factor to "
                "None."
            )
        if persistent_workers and num_workers == 0:
            raise ValueError("persistent_workers option needs num_workers > 0")
        self.timeout, self.worker_init_fn = timeout, worker_init_fn
        self.multiprocessing_context = multiprocessing_context
        self.prefetch_factor = 2 if num_workers and prefetch_factor is None else prefetch_factor
        self.persistent_workers = persistent_workers
        self._pool = None
        self._iterable = isinstance(dataset, IterableDataset)
        if self._iterable and (shuffle or sampler is not None or batch_sampler is not None):
            raise ValueError(
                "DataLoader with IterableDataset: expected unspecified shuffle, sampler and "
                "batch_sampler options"
            )
        if sampler is not None and shuffle:
            raise ValueError("sampler option is mutually exclusive with shuffle")
        if batch_sampler is not None and (
            batch_size != 1 or shuffle or sampler is not None or drop_last
        ):
            raise ValueError(
                "batch_sampler option is mutually exclusive with batch_size, "
                "shuffle, sampler, and drop_last"
            )
        self.dataset, self.num_workers = dataset, num_workers
        self.batch_size, self.drop_last, self.generator = batch_size, drop_last, generator
        if self._iterable:
            sampler = _InfiniteSampler()
        if sampler is None:
            sampler = (
                RandomSampler(dataset, generator=generator)
                if shuffle
                else SequentialSampler(dataset)
            )
        self.sampler = sampler
        if batch_sampler is None and batch_size is not None:
            batch_sampler = BatchSampler(sampler, batch_size, drop_last)
        self.batch_sampler = batch_sampler
        self.collate_fn = collate_fn or (default_collate if batch_sampler is not None else _as_is)
        self.pin_memory = bool(pin_memory)
        if self.pin_memory and not _nt.cuda.is_available():
            warnings.warn(
                "'pin_memory' argument is set as true but no accelerator is found, "
                "then device pinned memory won't be used.",
                stacklevel=2,
            )

    def _base_seed(self) -> int:
        """Drawn from the loader's generator at the start of every epoch, with or without
        workers (as PyTorch does, so a shuffle is the same either way)."""
        return int(_nt.empty((), dtype=_nt.int64).random_(generator=self.generator))

    def __iter__(self):
        pin = self.pin_memory and _nt.cuda.is_available()
        if self.num_workers == 0:
            self._base_seed()
            batches = self._batches()
        else:
            batches = self._from_workers()
        for batch in batches:
            yield pin_memory(batch) if pin else batch

    def _from_workers(self):
        from ._workers import WorkerPool

        pool = self._pool
        if pool is None or not pool.workers:
            fetch = (
                functools.partial(
                    _iterate_batches, self.batch_size, self.drop_last, self.collate_fn
                )
                if self._iterable
                else functools.partial(_fetch, self.collate_fn, self.batch_sampler is None)
            )
            pool = WorkerPool(self, fetch)
            if self.persistent_workers:
                self._pool = pool
        try:
            yield from pool.batches(None if self._iterable else iter(self._index_batches()))
        finally:
            if not self.persistent_workers:
                pool.shutdown()

    def _index_batches(self):
        if self.batch_sampler is None:
            return ([i] for i in self.sampler)
        return (list(b) for b in self.batch_sampler)

    def _batches(self):
        if self._iterable:
            yield from _iterate_batches(
                self.batch_size, self.drop_last, self.collate_fn, self.dataset
            )
            return
        if self.batch_sampler is None:
            for idx in self.sampler:
                yield self.collate_fn(self.dataset[idx])
            return
        dataset = self.dataset
        if type(dataset) is TensorDataset and self.collate_fn is default_collate:
            # the stacked rows of each tensor are the tensor indexed by the batch's indices:
            # one gather per tensor instead of a row view per sample and a stack
            for indices in self.batch_sampler:
                index = _nt.tensor(list(indices), dtype=_nt.int64)
                yield [t[index] for t in dataset.tensors]  # (a list, as default_collate)
            return
        getitems = getattr(dataset, "__getitems__", None)  # PyTorch's batched fetch protocol
        for indices in self.batch_sampler:
            samples = getitems(indices) if getitems else [dataset[i] for i in indices]
            yield self.collate_fn(samples)

    def __len__(self) -> int:
        if self._iterable:
            n = len(self.dataset)  # (TypeError when the dataset has no length, as in torch)
            if self.batch_size is None:
                return n
            return n // self.batch_size if self.drop_last else math.ceil(n / self.batch_size)
        if self.batch_sampler is None:
            return len(self.sampler)
        return len(self.batch_sampler)


def _as_is(sample):
    """The collate function of unbatched loading, ``default_convert`` as in PyTorch (NumPy
    arrays become tensors, a tuple a list); a module function: workers pickle it."""
    from .sampling import default_convert

    return default_convert(sample)


class _InfiniteSampler(Sampler):
    """What an IterableDataset's loader has for a sampler (it is never asked for indices)."""

    def __iter__(self):
        while True:
            yield None


def _fetch(collate_fn, single: bool, dataset, indices):
    """One batch for a worker: the samples at ``indices``, collated."""
    if single:
        return collate_fn(dataset[indices[0]])
    getitems = getattr(dataset, "__getitems__", None)
    samples = getitems(indices) if getitems else [dataset[i] for i in indices]
    return collate_fn(samples)


def _iterate_batches(batch_size, drop_last: bool, collate_fn, dataset):
    """An IterableDataset's items, collated in batches of ``batch_size`` (None: one by one)."""
    if batch_size is None:
        for item in dataset:
            yield collate_fn(item)
        return
    batch = []
    for item in dataset:
        batch.append(item)
        if len(batch) == batch_size:
            yield collate_fn(batch)
            batch = []
    if batch and not drop_last:
        yield collate_fn(batch)


_SAMPLING = ("SubsetRandomSampler", "WeightedRandomSampler", "ChainDataset", "StackDataset",
             "default_convert")  # fmt: skip


def __getattr__(name: str):
    if name in _SAMPLING:
        from . import sampling

        return getattr(sampling, name)
    if name in ("get_worker_info", "WorkerInfo"):
        from . import _workers

        return getattr(_workers, name)
    if name == "DistributedSampler":
        from .distributed_sampler import DistributedSampler

        return DistributedSampler
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
