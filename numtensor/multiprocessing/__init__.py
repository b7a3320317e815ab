"""``numtensor.multiprocessing``: ``torch.multiprocessing`` for numtensor.

The standard library's multiprocessing API, plus: tensors sent through its queues and pipes
(or given to a spawned process) travel in shared memory — the storage moves there once and
the other process maps the same pages, so in-place updates are seen on both sides (the
Hogwild pattern) — and ``spawn(fn, args, nprocs)`` with PyTorch's semantics.
"""

from __future__ import annotations

import multiprocessing
from multiprocessing import (
    Array,
    Barrier,
    Condition,
    Event,
    JoinableQueue,
    Lock,
    Manager,
    Pipe,
    Pool,
    Process,
    Queue,
    RLock,
    Semaphore,
    SimpleQueue,
    Value,
    active_children,
    cpu_count,
    current_process,
    get_all_start_methods,
    get_context,
    get_start_method,
    parent_process,
    set_start_method,
)

from . import reductions
from .spawn import (
    ProcessContext,
    ProcessExitedException,
    ProcessRaisedException,
    SpawnContext,
    spawn,
    start_processes,
)

reductions.init_reductions()

_STRATEGIES = ("file_descriptor",)


def get_all_sharing_strategies() -> set:
    """Returns the set of sharing strategies supported: shared memory reaches other
    processes as file descriptors of anonymous memory files (no names in /dev/shm to
    leak), numtensor's one strategy.

    Differs from PyTorch: ``"file_system"`` is not offered.

    Example::

        >>> torch.multiprocessing.get_all_sharing_strategies()
        {'file_descriptor'}
    """
    return set(_STRATEGIES)


def get_sharing_strategy() -> str:
    """Returns the current strategy for sharing CPU tensors between processes.

    Example::

        >>> torch.multiprocessing.get_sharing_strategy()
        'file_descriptor'
    """
    return _STRATEGIES[0]


def set_sharing_strategy(new_strategy: str) -> None:
    """Sets the strategy for sharing CPU tensors between processes.

    Args:
        new_strategy (str): one of :func:`get_all_sharing_strategies`; another raises
            ``RuntimeError``.

    Example::

        >>> torch.multiprocessing.set_sharing_strategy("file_descriptor")
    """
    if new_strategy not in _STRATEGIES:
        raise RuntimeError(
            f"sharing strategy {new_strategy!r} is not available: numtensor shares memory "
            f"through {', '.join(_STRATEGIES)}"
        )


__all__ = [
    "Array",
    "Barrier",
    "Condition",
    "Event",
    "JoinableQueue",
    "Lock",
    "Manager",
    "Pipe",
    "Pool",
    "Process",
    "ProcessContext",
    "ProcessExitedException",
    "ProcessRaisedException",
    "Queue",
    "RLock",
    "Semaphore",
    "SimpleQueue",
    "SpawnContext",
    "Value",
    "active_children",
    "cpu_count",
    "current_process",
    "get_all_sharing_strategies",
    "get_all_start_methods",
    "get_context",
    "get_sharing_strategy",
    "get_start_method",
    "multiprocessing",
    "parent_process",
    "set_sharing_strategy",
    "set_start_method",
    "spawn",
    "start_processes",
]  # fmt: skip
