"""``numtensor.multiprocessing.spawn``: run ``fn(rank, *args)`` in ``nprocs`` new processes,
as torch.multiprocessing does.

An exception in a child is sent to the parent as its formatted traceback and raised there as
``ProcessRaisedException`` (the other children are terminated); a child killed by a signal
or exiting non-zero without one raises ``ProcessExitedException``.
"""

from __future__ import annotations

import multiprocessing
import multiprocessing.connection
import signal
import sys
import time
import traceback
import warnings


class ProcessException(Exception):
    """Base of the exceptions :func:`spawn` raises for a failed child: ``error_index`` is
    the child's index (its rank), ``pid`` its process id, ``msg`` the message."""

    def __init__(self, msg: str, error_index: int, pid: int) -> None:
        super().__init__(msg)
        self.msg, self.error_index, self.pid = msg, error_index, pid

    def __reduce__(self):
        return type(self), (self.msg, self.error_index, self.pid)


class ProcessRaisedException(ProcessException):
    """Raised by :func:`spawn` / :meth:`ProcessContext.join` when a child process
    raised an exception: the message holds the child's traceback, ``error_index`` its
    index, ``pid`` its process id. The other children are terminated.

    Example::

        >>> def fail(rank):
        ...     raise ValueError("boom")
        >>> try:
        ...     torch.multiprocessing.start_processes(fail, nprocs=1, start_method="fork")
        ... except torch.multiprocessing.ProcessRaisedException as e:
        ...     print(e.error_index, "ValueError: boom" in str(e))
        0 True
    """


class ProcessExitedException(ProcessException):
    """Raised by :func:`spawn` / :meth:`ProcessContext.join` when a child process died
    (of a signal: ``signal_name``) or exited with a non-zero ``exit_code`` without raising.

    Example::

        >>> import os
        >>> def die(rank):
        ...     os._exit(3)
        >>> try:
        ...     torch.multiprocessing.start_processes(die, nprocs=1, start_method="fork")
        ... except torch.multiprocessing.ProcessExitedException as e:
        ...     print(e, e.exit_code)
        process 0 terminated with exit code 3 3
    """

    def __init__(self, msg, error_index, error_pid, exit_code, signal_name=None) -> None:
        super().__init__(msg, error_index, error_pid)
        self.exit_code, self.signal_name = exit_code, signal_name

    def __reduce__(self):
        return type(self), (self.msg, self.error_index, self.pid, self.exit_code, self.signal_name)


def _wrap(fn, i, args, error_queue) -> None:
    try:
        fn(i, *args)
    except KeyboardInterrupt:
        pass  # the parent is stopping everyone
    except Exception:
        error_queue.put(traceback.format_exc())
        sys.exit(1)


class ProcessContext:
    """The processes started by :func:`start_processes` / :func:`spawn` with
    ``join=False``: ``processes`` (the ``multiprocessing.Process`` objects), :meth:`pids`
    and :meth:`join`.

    Example::

        >>> ctx = torch.multiprocessing.start_processes(abs, nprocs=2, join=False,
        ...                                             start_method="fork")
        >>> len(ctx.pids())
        2
        >>> while not ctx.join():
        ...     pass
    """

    def __init__(self, processes, error_queues) -> None:
        self.processes = processes
        self.error_queues = error_queues
        self.sentinels = {p.sentinel: i for i, p in enumerate(processes)}

    def pids(self) -> list:
        """The process ids of the children, in index order.

        Example::

            >>> ctx = torch.multiprocessing.start_processes(abs, nprocs=2, join=False,
            ...                                             start_method="fork")
            >>> all(isinstance(pid, int) for pid in ctx.pids())
            True
            >>> while not ctx.join():
            ...     pass
        """
        return [p.pid for p in self.processes]

    def join(self, timeout: float | None = None) -> bool:
        """Waits for the processes (up to ``timeout`` seconds): returns ``True`` once all
        have exited cleanly, ``False`` if some still run; raises
        :class:`ProcessRaisedException` or :class:`ProcessExitedException` as soon as one
        fails, after terminating the others.

        Args:
            timeout (float, optional): the longest wait, in seconds. Default: no limit

        Example::

            >>> ctx = torch.multiprocessing.start_processes(abs, nprocs=2, join=False,
            ...                                             start_method="fork")
            >>> while not ctx.join():
            ...     pass
            >>> ctx.join()
            True
        """
        if not self.sentinels:
            return True
        ready = multiprocessing.connection.wait(list(self.sentinels), timeout=timeout)
        failed = None
        for sentinel in ready:
            index = self.sentinels.pop(sentinel)
            process = self.processes[index]
            process.join()
            if process.exitcode != 0:
                failed = index
                break
        if failed is None:
            return not self.sentinels
        for process in self.processes:
            if process.is_alive():
                process.terminate()
            process.join()
        self._raise(failed)
        return False

    def _raise(self, index: int) -> None:
        process, queue = self.processes[index], self.error_queues[index]
        if queue.empty():
            code = process.exitcode
            if code < 0:
                name = signal.Signals(-code).name
                raise ProcessExitedException(
                    f"process {index} terminated with signal {name}",
                    index, process.pid, code, name,
                )  # fmt: skip
            raise ProcessExitedException(
                f"process {index} terminated with exit code {code}", index, process.pid, code
            )
        original = queue.get()
        raise ProcessRaisedException(
            f"\n\n-- Process {index} terminated with the following error:\n{original}",
            index,
            process.pid,
        )


class SpawnContext(ProcessContext):
    """An alias class of :class:`ProcessContext`, kept as PyTorch keeps it (what older
    code expected ``spawn(..., join=False)`` to return).

    Example::

        >>> issubclass(torch.multiprocessing.SpawnContext, torch.multiprocessing.ProcessContext)
        True
    """


def start_processes(
    fn, args=(), nprocs: int = 1, join: bool = True, daemon: bool = False,
    start_method: str = "spawn",
):  # fmt: skip
    """Runs ``fn(i, *args)`` for ``i`` in ``0..nprocs-1``, each in a new process
    started with ``start_method``.

    Args:
        fn (Callable): the entry point, called as ``fn(i, *args)``; with ``"spawn"`` it
            must be importable (defined at the top level of a module).
        args (tuple): the other arguments of ``fn``.
        nprocs (int): the number of processes. Default: 1
        join (bool): wait for all, raising a child's failure here. Default: ``True``
        daemon (bool): the processes' daemon flag. Default: ``False``
        start_method (str): ``"spawn"``, ``"fork"`` or ``"forkserver"``. Default: ``"spawn"``

    Returns:
        ``None`` with ``join``, else a :class:`ProcessContext`.

    Example::

        >>> import multiprocessing
        >>> def work(rank, queue):
        ...     queue.put(rank * 10)
        >>> queue = multiprocessing.get_context("fork").SimpleQueue()
        >>> torch.multiprocessing.start_processes(work, args=(queue,), nprocs=2,
        ...                                         start_method="fork")
        >>> sorted([queue.get(), queue.get()])
        [0, 10]
    """
    context = multiprocessing.get_context(start_method)
    error_queues, processes = [], []
    for i in range(nprocs):
        queue = context.SimpleQueue()
        process = context.Process(target=_wrap, args=(fn, i, args, queue), daemon=daemon)
        process.start()
        error_queues.append(queue)
        processes.append(process)
    done = ProcessContext(processes, error_queues)
    if not join:
        return done
    while not done.join():
        time.sleep(0)
    return None


def spawn(fn, args=(), nprocs: int = 1, join: bool = True, daemon: bool = False,
          start_method: str = "spawn"):  # fmt: skip
    r"""Spawns ``nprocs`` processes that run ``fn(i, *args)``, ``i`` the process index.

    If a process fails, the others are terminated and an exception is raised here: a
    :class:`ProcessRaisedException` holding the child's traceback, or a
    :class:`ProcessExitedException`. Tensors passed in ``args`` travel in shared memory.

    Args:
        fn (Callable): the entry point, defined at the top level of a module (it is
            pickled).
        args (tuple): the other arguments of ``fn``.
        nprocs (int): the number of processes. Default: 1
        join (bool): wait for all of them. Default: ``True``
        daemon (bool): the processes' daemon flag. Default: ``False``
        start_method (str): deprecated; always ``"spawn"`` (another value warns, as in
            PyTorch: use :func:`start_processes`).

    Returns:
        ``None`` with ``join``, else a :class:`ProcessContext`.

    Example::

        >>> # in a script: def train(rank, lr): ..., at the top level
        >>> torch.multiprocessing.spawn(train, args=(0.1,), nprocs=2)  # doctest: +SKIP
    """
    if start_method != "spawn":
        warnings.warn(
            f"This method only supports start_method=spawn (got: {start_method}).\n"
            "To use a different start_method use:\n\t\t"
            " torch.multiprocessing.start_processes(...)",
            FutureWarning,
            stacklevel=2,
        )
    return start_processes(fn, args, nprocs, join, daemon, start_method="spawn")
