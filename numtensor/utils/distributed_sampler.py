"""``numtensor.utils.data.DistributedSampler``: each of ``num_replicas`` processes reads its
own share of a dataset, the same index lists PyTorch gives (its shuffle included)."""

from __future__ import annotations

import math

import numpy as np

from .data import Sampler


def torch_randperm(n: int, seed: int) -> list:
    """PyTorch's CPU ``randperm(n, generator=Generator().manual_seed(seed))``: a
    Fisher-Yates shuffle driven by the 32-bit outputs of mt19937 seeded with the low 32 bits
    of ``seed`` (NumPy's legacy RandomState is that generator)."""
    draws = np.random.RandomState(seed & 0xFFFFFFFF).randint(
        0, 2**32, size=max(n - 1, 0), dtype=np.uint64
    )
    order = list(range(n))
    for i in range(n - 1):
        z = i + int(draws[i]) % (n - i)
        order[i], order[z] = order[z], order[i]
    return order


class DistributedSampler(Sampler):
    r"""Samples the share of a dataset that belongs to one of ``num_replicas`` processes
    (for distributed data-parallel training): rank ``r`` gets the indices ``r, r +
    num_replicas, ...`` of the (shuffled) index list, padded by repeating its first indices
    to a multiple of ``num_replicas``, or trimmed with ``drop_last``.

    With ``shuffle``, the list is a permutation drawn from ``seed + epoch``: call
    :meth:`set_epoch` at the start of every epoch, or each epoch repeats the same order.
    The index lists are PyTorch's, its shuffle included.

    Args:
        dataset (Dataset): the dataset (only its length is used).
        num_replicas (int, optional): the number of processes. Default: the world size of
            :mod:`numtensor.distributed`
        rank (int, optional): this process's rank. Default: the current rank
        shuffle (bool): shuffle the indices. Default: ``True``
        seed (int): the seed of the shuffle, the same in every process. Default: 0
        drop_last (bool): drop the tail instead of padding. Default: ``False``

    Example::

        >>> S = torch.utils.data.DistributedSampler
        >>> list(S(range(5), num_replicas=2, rank=0, shuffle=False))
        [0, 2, 4]
        >>> list(S(range(5), num_replicas=2, rank=1, shuffle=False))  # padded with 0
        [1, 3, 0]
    """

    def __init__(
        self,
        dataset,
        num_replicas: int | None = None,
        rank: int | None = None,
        shuffle: bool = True,
        seed: int = 0,
        drop_last: bool = False,
    ) -> None:
        if num_replicas is None or rank is None:
            dist = _process_group()
            num_replicas = dist.get_world_size() if num_replicas is None else num_replicas
            rank = dist.get_rank() if rank is None else rank
        if rank >= num_replicas or rank < 0:
            raise ValueError(
                f"Invalid rank {rank}, rank should be in the interval [0, {num_replicas - 1}]"
            )
        self.dataset, self.num_replicas, self.rank = dataset, num_replicas, rank
        self.epoch, self.drop_last, self.shuffle, self.seed = 0, drop_last, shuffle, seed
        n = len(dataset)
        if drop_last and n % num_replicas:
            self.num_samples = math.ceil((n - num_replicas) / num_replicas)
        else:
            self.num_samples = math.ceil(n / num_replicas)
        self.total_size = self.num_samples * num_replicas

    def __iter__(self):
        n = len(self.dataset)
        indices = torch_randperm(n, self.seed + self.epoch) if self.shuffle else list(range(n))
        if not self.drop_last:
            padding = self.total_size - len(indices)
            if padding <= len(indices):
                indices += indices[:padding]
            else:
                indices += (indices * math.ceil(padding / len(indices)))[:padding]
        else:
            indices = indices[: self.total_size]
        return iter(indices[self.rank : self.total_size : self.num_replicas])

    def __len__(self) -> int:
        return self.num_samples

    def set_epoch(self, epoch: int) -> None:
        """Sets the epoch, which seeds the shuffle (``seed + epoch``), so that each epoch
        has its own order, the same in every process.

        Example::

            >>> sampler = torch.utils.data.DistributedSampler(range(6), num_replicas=2, rank=0)
            >>> sampler.set_epoch(1)
            >>> list(sampler)
            [1, 2, 3]
        """
        self.epoch = epoch


def _process_group():
    """numtensor.distributed, initialised, for the world size and rank."""
    try:
        from .. import distributed as dist
    except ImportError:
        raise RuntimeError("Requires distributed package to be available") from None
    if not dist.is_available():
        raise RuntimeError("Requires distributed package to be available")
    return dist
