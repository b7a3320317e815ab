"""The device-neutral part of numtensor.compile's code generators (cpu/codegen.py,
cuda/codegen.py): elementwise expressions from kernels/spec.py with their parameters written
in as literals, the slot of a plan template, and the folder and loader of generated modules
(written once under their source's hash, so that numba's cache of them stays valid across
processes)."""

from __future__ import annotations

import hashlib
import importlib.util
import os
import re
import sys
import tempfile
import warnings

import numpy as np

from kernels.spec import modules

from . import jit

_EXPRESSIONS: dict = {}


def expression(op: str):
    """(arity, expression, params) of elementwise op ``op`` in kernels/spec.py."""
    if not _EXPRESSIONS:
        for ops in modules().values():
            _EXPRESSIONS.update(ops)
    return _EXPRESSIONS[op]


class Skip(Exception):
    """This step stays a Python step."""


def literal(value) -> str:
    if isinstance(value, (bool, np.bool_)):
        return repr(bool(value))
    if isinstance(value, np.generic):
        kind = np.dtype(type(value)).name
        inner = literal(value.item())
        return f"np.{kind}({inner})"
    if isinstance(value, float):
        if value != value:
            return "np.nan"
        if value in (float("inf"), float("-inf")):
            return "np.inf" if value > 0 else "-np.inf"
        return repr(value)
    if isinstance(value, int):
        return repr(value)
    raise Skip


def substitute(expr: str, names, values) -> str:
    for name, value in zip(names, values):
        expr = re.sub(rf"(?<![\w.]){name}(?![\w.])", literal(value), expr)
    return expr


def single_value(a: np.ndarray) -> bool:
    """One value seen everywhere: one element, or a broadcast one (all strides 0)."""
    return a.size == 1 or (a.size > 0 and not any(a.strides))


def slot_of(template):
    """The slot number of a single-array template, or None."""
    return getattr(template, "n", None)


def plan_folder() -> str:
    base = os.environ.get(jit.CACHE_ENV) or os.path.join(
        os.path.expanduser("~"), ".cache", "numtensor"
    )
    folder = os.path.join(base, "compiled")
    try:
        os.makedirs(folder, exist_ok=True)
        probe = os.path.join(folder, ".probe")
        with open(probe, "w"):
            pass
        os.remove(probe)
        return folder
    except OSError:
        folder = os.path.join(tempfile.gettempdir(), "numtensor-compiled")
        os.makedirs(folder, exist_ok=True)
        return folder


def load_source(source: str, prefix: str = "plan"):
    """Import the module of ``source``, written once under its hash in ``plan_folder()`` as
    ``<prefix>_<hash>.py`` (so that numba's cache of it stays valid across processes)."""
    digest = hashlib.sha256(source.encode()).hexdigest()[:20]
    path = os.path.join(plan_folder(), f"{prefix}_{digest}.py")
    if not os.path.exists(path):
        partial = f"{path}.{os.getpid()}.tmp"
        with open(partial, "w") as f:
            f.write(source)
        os.replace(partial, path)  # (atomic: another process may write the same file)
    name = f"numtensor_{prefix}_{digest}"
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # (numba's cache finds the module's globals by its name)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        spec.loader.exec_module(module)
    return module
