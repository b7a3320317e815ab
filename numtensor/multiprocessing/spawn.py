"""``spawn``: run ``fn(rank, *args)`` in ``nprocs`` new processes, as torch.multiprocessing.

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


class ProcessException(Exception):
    def __init__(self, msg: str, error_index: int, pid: int) -> None:
        super().__init__(msg)
        self.msg, self.error_index, self.pid = msg, error_index, pid

    def __reduce__(self):
        return type(self), (self.msg, self.error_index, self.pid)


class ProcessRaisedException(ProcessException):
    """A child raised: the message holds its traceback."""


class ProcessExitedException(ProcessException):
    """A child died (a signal) or exited with a non-zero code without raising."""

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
    def __init__(self, processes, error_queues) -> None:
        self.processes = processes
        self.error_queues = error_queues
        self.sentinels = {p.sentinel: i for i, p in enumerate(processes)}

    def pids(self) -> list:
        return [p.pid for p in self.processes]

    def join(self, timeout: float | None = None) -> bool:
        """Wait for the processes (up to ``timeout`` seconds): True once all have exited
        cleanly; raise as soon as one fails, after terminating the others."""
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
    """What ``spawn(..., join=False)`` returns (PyTorch keeps this name too)."""


def start_processes(
    fn, args=(), nprocs: int = 1, join: bool = True, daemon: bool = False,
    start_method: str = "spawn",
):  # fmt: skip
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
    """Run ``fn(i, *args)`` for i in 0..nprocs-1, each in a new process (``start_method``
    'spawn'). With ``join`` wait for all and raise a child's error here; else return the
    ProcessContext."""
    return start_processes(fn, args, nprocs, join, daemon, start_method)
