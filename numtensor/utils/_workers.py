"""DataLoader worker processes (``num_workers > 0``), as PyTorch runs them.

Each worker gets batches of indices (map-style datasets) or iterates its own copy of an
IterableDataset, collates, and sends each batch back through a queue: the tensors travel in
shared memory (numtensor.multiprocessing's reductions). The main process keeps
``prefetch_factor`` batches per worker in flight and yields them in order. A worker's
exception is re-raised in the main process with the worker's traceback; a worker that dies
ends the iteration with PyTorch's RuntimeError instead of a hang.
"""

from __future__ import annotations

import multiprocessing
import queue
import random
import sys
import traceback
from dataclasses import dataclass

import numtensor as _nt

_WORKER_INFO = None
_POLL = 1.0  # seconds between checks that the workers are alive, while waiting for a batch


@dataclass(frozen=True)
class WorkerInfo:
    """What :func:`get_worker_info` returns in a DataLoader worker: ``id`` (0 to
    ``num_workers - 1``), ``num_workers``, ``seed`` (this worker's base seed plus its id)
    and ``dataset`` (the worker's copy of the dataset).

    Example::

        >>> def init_fn(worker_id):
        ...     info = torch.utils.data.get_worker_info()
        ...     assert info.id == worker_id and info.num_workers == 2
        >>> loader = torch.utils.data.DataLoader(range(4), num_workers=2, worker_init_fn=init_fn)
        >>> torch.utils.data.get_worker_info() is None  # (not in a worker here)
        True
    """

    id: int
    num_workers: int
    seed: int
    dataset: object


def get_worker_info():
    r"""Returns information about the current DataLoader worker process.

    In a worker, a :class:`WorkerInfo` with ``id``, ``num_workers``, ``seed`` and
    ``dataset`` (the worker's own copy); in the main process, ``None``. An
    :class:`IterableDataset` uses it to split its stream between the workers, or in a
    ``worker_init_fn`` to seed other libraries.

    Example::

        >>> class Shards(torch.utils.data.IterableDataset):
        ...     def __iter__(self):
        ...         info = torch.utils.data.get_worker_info()
        ...         if info is None:  # in the main process: everything
        ...             return iter(range(6))
        ...         return iter(range(info.id, 6, info.num_workers))
        >>> print(torch.utils.data.get_worker_info())
        None
        >>> list(torch.utils.data.DataLoader(Shards(), batch_size=3))
        [tensor([0, 1, 2]), tensor([3, 4, 5])]
        >>> loader = torch.utils.data.DataLoader(Shards(), batch_size=3, num_workers=2)
        >>> sorted(x for batch in loader for x in batch.tolist())  # doctest: +SKIP
        [0, 1, 2, 3, 4, 5]
    """
    return _WORKER_INFO


class _Failure:
    """A worker's exception on its way to the main process."""

    def __init__(self, worker_id: int, error: BaseException) -> None:
        self.kind = type(error)
        self.message = (
            f"Caught {type(error).__name__} in DataLoader worker process {worker_id}.\n"
            f"Original {traceback.format_exc()}"
        )

    def reraise(self):
        try:
            error = self.kind(self.message)
        except Exception:  # (an exception class that wants other arguments)
            error = RuntimeError(self.message)
        raise error


class _Exhausted:
    """An IterableDataset worker has nothing more."""

    def __init__(self, worker_id: int) -> None:
        self.worker_id = worker_id


def _loop(dataset, iterable, fetch, tasks, results, worker_id, num_workers, seed, init_fn):
    global _WORKER_INFO
    _nt.manual_seed(seed)
    random.seed(seed)
    _WORKER_INFO = WorkerInfo(worker_id, num_workers, seed, dataset)
    try:
        if init_fn is not None:
            init_fn(worker_id)
        batches = iter(fetch(dataset)) if iterable else None
    except Exception as error:
        results.put((None, _Failure(worker_id, error)))
        return
    while True:
        task = tasks.get()
        if task is None:
            return
        number, indices = task
        try:
            if iterable:
                data = next(batches)
            else:
                data = fetch(dataset, indices)
        except StopIteration:
            data = _Exhausted(worker_id)
        except Exception as error:
            data = _Failure(worker_id, error)
        results.put((number, data))


class WorkerPool:
    """The worker processes of one DataLoader (kept between epochs when persistent)."""

    def __init__(self, loader, fetch) -> None:
        context = loader.multiprocessing_context or multiprocessing.get_context("spawn")
        if isinstance(context, str):
            context = multiprocessing.get_context(context)
        self.loader = loader
        self.results = context.Queue()
        self.tasks = [context.Queue() for _ in range(loader.num_workers)]
        base_seed = loader._base_seed()
        self.workers = []
        for i in range(loader.num_workers):
            worker = context.Process(
                target=_loop,
                args=(
                    loader.dataset,
                    loader._iterable,
                    fetch,
                    self.tasks[i],
                    self.results,
                    i,
                    loader.num_workers,
                    base_seed + i,
                    loader.worker_init_fn,
                ),
                daemon=True,
            )
            worker.start()
            self.workers.append(worker)

    def batches(self, index_batches):
        """The collated batches, in order."""
        loader = self.loader
        ahead = loader.num_workers * loader.prefetch_factor
        pending = iter(index_batches) if index_batches is not None else None
        sent = received = 0
        stored: dict = {}
        live = set(range(loader.num_workers))  # (IterableDataset: workers not yet exhausted)

        def send():
            nonlocal sent
            if pending is None:  # an IterableDataset: ask the live workers in turn
                if not live:
                    return False
                worker = sorted(live)[sent % len(live)]
                self.tasks[worker].put((sent, None))
            else:
                indices = next(pending, None)
                if indices is None:
                    return False
                self.tasks[sent % loader.num_workers].put((sent, indices))
            sent += 1
            return True

        while sent < ahead and send():
            pass
        while received < sent:
            while received not in stored:
                number, data = self._get()
                if number is None:
                    data.reraise()
                stored[number] = data
            data = stored.pop(received)
            received += 1
            if isinstance(data, _Failure):
                data.reraise()
            if isinstance(data, _Exhausted):
                live.discard(data.worker_id)
            else:
                yield data
            send()

    def _get(self):
        timeout = self.loader.timeout
        waited = 0.0
        while True:
            step = _POLL if not timeout else min(_POLL, timeout - waited)
            try:
                return self.results.get(timeout=step)
            except (queue.Empty, EOFError, ConnectionError):  # (a worker died mid-message)
                waited += step
                dead = [w.pid for w in self.workers if not w.is_alive()]
                if dead:
                    self.shutdown()
                    raise RuntimeError(
                        f"DataLoader worker (pid(s) {', '.join(map(str, dead))}) exited "
                        "unexpectedly"
                    ) from None
                if timeout and waited >= timeout:
                    raise RuntimeError(f"DataLoader timed out after {timeout} seconds") from None

    def shutdown(self) -> None:
        for tasks, worker in zip(self.tasks, self.workers):
            if worker.is_alive():
                tasks.put(None)
        for worker in self.workers:
            worker.join(timeout=5)
            if worker.is_alive():
                worker.terminate()
        self.workers = []

    def __del__(self):
        if self.workers and sys is not None:
            self.shutdown()
