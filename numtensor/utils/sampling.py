"""More samplers and datasets of ``numtensor.utils.data``: SubsetRandomSampler,
WeightedRandomSampler, ChainDataset, StackDataset, and default_convert."""

from __future__ import annotations

import numtensor as _nt

from .data import Dataset, IterableDataset, Sampler


class SubsetRandomSampler(Sampler):
    r"""Samples the given indices in a random order (a new permutation each epoch), e.g.
    to draw a training split from one dataset.

    Args:
        indices (sequence): the indices to sample.
        generator (Generator, optional): the generator of the permutation.

    Differs from PyTorch: numtensor's random streams are its own, so the same seed gives
    another order than PyTorch's.

    Example::

        >>> sampler = torch.utils.data.SubsetRandomSampler([10, 20, 30])
        >>> len(sampler), sorted(sampler)
        (3, [10, 20, 30])
    """

    def __init__(self, indices, generator=None) -> None:
        self.indices, self.generator = indices, generator

    def __iter__(self):
        for i in _nt.randperm(len(self.indices), generator=self.generator).tolist():
            yield self.indices[i]

    def __len__(self) -> int:
        return len(self.indices)


class WeightedRandomSampler(Sampler):
    r"""Samples ``num_samples`` indices in ``[0, len(weights))`` with probabilities
    proportional to ``weights`` (e.g. to rebalance classes).

    Args:
        weights (sequence or Tensor): the (unnormalized) weight of each index.
        num_samples (int): how many indices to draw.
        replacement (bool): draw with replacement; without, an index comes at most once.
            Default: ``True``
        generator (Generator, optional): the generator of the draws.

    Example::

        >>> sampler = torch.utils.data.WeightedRandomSampler([0.1, 0.9, 0.0], 4)
        >>> draws = list(sampler)
        >>> len(draws), 2 in draws  # index 2 has weight 0
        (4, False)
    """

    def __init__(self, weights, num_samples: int, replacement: bool = True, generator=None) -> None:
        if not isinstance(num_samples, int) or isinstance(num_samples, bool) or num_samples <= 0:
            raise ValueError(
                f"num_samples should be a positive integer value, but got num_samples={num_samples}"
            )
        if not isinstance(replacement, bool):
            raise ValueError(
                f"replacement should be a boolean value, but got replacement={replacement}"
            )
        weights = _nt.as_tensor(weights, dtype=_nt.float64)
        if weights.ndim != 1:
            raise ValueError(
                "weights should be a 1d sequence but given weights have shape "
                f"{tuple(weights.shape)}"
            )
        self.weights, self.num_samples = weights, num_samples
        self.replacement, self.generator = replacement, generator

    def __iter__(self):
        drawn = _nt.multinomial(
            self.weights, self.num_samples, self.replacement, generator=self.generator
        )
        yield from iter(drawn.tolist())

    def __len__(self) -> int:
        return self.num_samples


class ChainDataset(IterableDataset):
    r"""Chains iterable datasets: iterates each in turn (lazily, unlike
    :class:`ConcatDataset`).

    Args:
        datasets (iterable of IterableDataset): the datasets to chain.

    Example::

        >>> class Count(torch.utils.data.IterableDataset):
        ...     def __init__(self, n):
        ...         self.n = n
        ...     def __iter__(self):
        ...         return iter(range(self.n))
        >>> list(torch.utils.data.ChainDataset([Count(2), Count(3)]))
        [0, 1, 0, 1, 2]
    """

    def __init__(self, datasets) -> None:
        self.datasets = datasets

    def __iter__(self):
        for d in self.datasets:
            if not isinstance(d, IterableDataset):
                raise AssertionError("ChainDataset only supports IterableDataset")
            yield from d

    def __len__(self) -> int:
        total = 0
        for d in self.datasets:
            if not isinstance(d, IterableDataset):
                raise AssertionError("ChainDataset only supports IterableDataset")
            total += len(d)
        return total


class StackDataset(Dataset):
    r"""Stacks datasets of equal length side by side: sample ``i`` is the tuple of each
    dataset's sample ``i`` (datasets given positionally) or a dict (given as keywords).

    Example::

        >>> images, labels = [10, 11, 12], ["a", "b", "c"]
        >>> torch.utils.data.StackDataset(images, labels)[1]
        (11, 'b')
        >>> torch.utils.data.StackDataset(image=images, label=labels)[2]
        {'image': 12, 'label': 'c'}
    """

    def __init__(self, *args, **kwargs) -> None:
        if args and kwargs:
            raise ValueError(
                "Supported either ``tuple``- (via ``args``) or``dict``- (via ``kwargs``) like "
                "input/output, but both types are given."
            )
        datasets = list(args) or list(kwargs.values())
        if not datasets:
            raise ValueError("At least one dataset should be passed")
        self._length = len(datasets[0])
        if any(len(d) != self._length for d in datasets):
            raise ValueError("Size mismatch between datasets")
        self.datasets = args if args else kwargs

    def __getitem__(self, index):
        if isinstance(self.datasets, dict):
            return {k: d[index] for k, d in self.datasets.items()}
        return tuple(d[index] for d in self.datasets)

    def __len__(self) -> int:
        return self._length


def default_convert(data):
    r"""Converts the NumPy arrays and NumPy scalars inside ``data`` (recursing into
    lists, tuples, named tuples and dicts) to tensors, without batching: the
    ``collate_fn`` of a DataLoader with ``batch_size=None``. Python numbers stay as they are;
    a plain tuple comes back as a list, as in PyTorch.

    Example::

        >>> torch.utils.data.default_convert([np.array([1, 2]), 3, {"a": np.float32(1.5)}])
        [tensor([1, 2]), 3, {'a': tensor(1.5000)}]
    """
    import numpy as np

    if isinstance(data, np.ndarray) and data.dtype.kind in "biuf":
        return _nt.as_tensor(data)
    if isinstance(data, np.generic) and data.dtype.kind in "biuf":
        return _nt.as_tensor(data)
    if isinstance(data, dict):
        return type(data)({k: default_convert(v) for k, v in data.items()})
    if isinstance(data, tuple) and hasattr(data, "_fields"):
        return type(data)(*(default_convert(v) for v in data))
    if isinstance(data, tuple):
        return [default_convert(v) for v in data]  # (a list, as PyTorch's for compatibility)
    if isinstance(data, list):
        return type(data)(default_convert(v) for v in data)
    return data
