"""Numba's compile cache: where compiled kernels are kept, and the notice a first run prints
while it fills the cache.

Kernels compile on first use, for the argument types they are called with, and are written
to Numba's on-disk cache, so later processes load them in milliseconds. The cache lives in
``__pycache__`` folders next to the kernel sources (``kernels/cpu/__pycache__``), or in
Numba's per-user cache folder when those are read-only. ``NUMTENSOR_CACHE_DIR`` (or Numba's
own ``NUMBA_CACHE_DIR``) puts it elsewhere. ``NUMTENSOR_JIT_NOTICE=0`` silences the notice.
"""

from __future__ import annotations

import atexit
import contextlib
import os
import sys
import time

CACHE_ENV = "NUMTENSOR_CACHE_DIR"
NOTICE_ENV = "NUMTENSOR_JIT_NOTICE"
PROGRESS_EVERY = 2.0  # seconds of compiling between two progress lines


def configure_cache() -> None:
    """Point Numba's cache at ``$NUMTENSOR_CACHE_DIR`` when it is set (before or after numba
    was imported)."""
    folder = os.environ.get(CACHE_ENV)
    if not folder:
        return
    os.environ["NUMBA_CACHE_DIR"] = folder
    config = sys.modules.get("numba.core.config")
    if config is not None:
        config.CACHE_DIR = folder


def cache_dir(dispatcher=None) -> str:
    """The folder a kernel's compiled code is cached in (the first CPU kernel's by default)."""
    if dispatcher is None:
        from .cpu.kernels import module

        dispatcher = module("binary").KERNELS["add"]
    return dispatcher._cache._cache_path


class _Notice:
    """Counts the compiles of numtensor's kernels; says so once on stderr, then shows
    progress while they take long."""

    def __init__(self) -> None:
        self.stack: list = []  # per compile in progress: (ours, start time)
        self.count = 0
        self.seconds = 0.0
        self.shown = 0.0  # compile seconds at the last progress line
        self.quiet = False  # counting only (warmup draws its own progress bar)

    def on_start(self, event) -> None:
        dispatcher = event.data.get("dispatcher")
        module = getattr(getattr(dispatcher, "py_func", None), "__module__", "") or ""
        ours = not self.stack and module.startswith("kernels.")
        if ours and self.count == 0:
            self._say(
                "numtensor: compiling kernels for first use; they are cached "
                f"(in {_where(dispatcher)}), so later runs skip this"
            )
        self.stack.append((ours, time.perf_counter()))

    def on_end(self, event) -> None:
        if not self.stack:
            return
        ours, start = self.stack.pop()
        if not ours:
            return
        self.count += 1
        self.seconds += time.perf_counter() - start
        if self.seconds - self.shown >= PROGRESS_EVERY:
            self.shown = self.seconds
            self._say(f"numtensor: {self.count} kernels compiled ({self.seconds:.0f} s so far)")

    def summary(self) -> None:
        if self.seconds >= PROGRESS_EVERY:
            self._say(
                f"numtensor: compiled {self.count} kernels in {self.seconds:.1f} s; "
                "later runs load them from the cache"
            )

    def _say(self, line: str) -> None:
        if self.quiet:
            return
        with contextlib.suppress(OSError, ValueError):  # a closed stream at exit
            print(line, file=sys.stderr, flush=True)


def _where(dispatcher) -> str:
    try:
        return cache_dir(dispatcher)
    except Exception:  # a dispatcher without a disk cache (the CUDA simulator's)
        return "Numba's cache"


_NOTICE: dict = {}  # "notice": the process's _Notice; "cpu"/"cuda": its listener is registered


def watch(registry: str = "cpu") -> None:
    """Start counting kernel compiles reported by Numba's event ``registry`` ("cpu": numba's,
    "cuda": numba-cuda's own); called when the first kernel module is imported."""
    if registry in _NOTICE or os.environ.get(NOTICE_ENV, "1") == "0":
        return
    notice = _NOTICE.get("notice")
    if notice is None:
        notice = _NOTICE["notice"] = _Notice()
        atexit.register(notice.summary)
    if registry == "cpu":
        from numba.core import event

        kind = "numba:compile"
    else:
        from numba.cuda.core import event

        kind = "numba-cuda:compile"
    listener = type(
        "NumtensorCompileNotice",
        (event.Listener,),
        {
            "on_start": lambda self, ev: notice.on_start(ev),
            "on_end": lambda self, ev: notice.on_end(ev),
        },
    )
    _NOTICE[registry] = True
    with contextlib.suppress(ValueError):  # a numba-cuda that names its events otherwise
        event.register(kind, listener())


def quiet() -> None:
    """Count compiles without printing (for a caller that shows its own progress)."""
    watch("cpu")
    if "notice" in _NOTICE:
        _NOTICE["notice"].quiet = True


def compiled() -> tuple:
    """(kernels compiled so far in this process, seconds spent compiling them)."""
    notice = _NOTICE.get("notice")
    return (notice.count, notice.seconds) if notice else (0, 0.0)
