"""Which public names of numtensor lack a documenting docstring (issue 16's audit).

    python -m tests.docstring_audit               # counts per namespace
    python -m tests.docstring_audit --missing     # and the names still lacking one

The public API is what ``tests/api_names.py`` counts (torch 2.13's documented names that
numtensor has), plus the public names of numtensor's own extra namespaces. A name is
documented when its object (a function, class or method) carries a docstring that explains it
and shows a runnable example: at least ``MIN_LENGTH`` characters and a ``>>>`` line. Values
that cannot carry a docstring (dtypes, constants, instances) and re-exports of other
libraries' objects are not counted. Several names
sharing one object (aliases, a function and its Tensor method) are documented together.
"""

from __future__ import annotations

import inspect
import sys
import warnings

MIN_LENGTH = 80

# numtensor namespaces beyond the counted torch ones: every public name of each
EXTRA = ("func", "special", "cuda", "autograd.functional", "autograd.forward_ad",
         "autograd.graph", "optim.swa_utils", "nn.utils.parametrize",
         "nn.utils.parametrizations", "nn.utils.rnn", "multiprocessing", "distributed",
         "onnx", "backends.cudnn", "version")  # fmt: skip


def _documentable(obj) -> bool:
    """A function, class, method or property that numtensor defines (re-exports of the
    standard library's, e.g. multiprocessing.Queue, are documented there)."""
    if isinstance(obj, property):
        return True
    if not (inspect.isroutine(obj) or inspect.isclass(obj)):
        return False
    module = getattr(obj, "__module__", None) or ""
    return module.startswith(("numtensor", "kernels"))


def _doc(obj) -> str:
    if isinstance(obj, property):
        return (obj.fget.__doc__ if obj.fget is not None else None) or obj.__doc__ or ""
    return inspect.getdoc(obj) or ""


def documented(obj) -> bool:
    """A docstring of some substance with an example in it (an in-place form or an alias
    documents itself by naming the op it is, as PyTorch's documentation does)."""
    text = _doc(obj)
    if text.startswith(("In-place version of", "Alias for", "Alias of")):
        return True
    return len(text) >= MIN_LENGTH and ">>>" in text


def _resolve(nt, dotted: str):
    obj = nt
    for part in dotted.split("."):
        obj = getattr(obj, part, None)
        if obj is None:
            return None
    return obj


def public_objects(nt, torch) -> dict[str, dict[str, object]]:
    """Namespace -> {name: object} of every documentable public name."""
    from tests import api_names

    result: dict[str, dict[str, object]] = {}
    for namespace, (have, _missing) in api_names.coverage(torch, nt).items():
        owner = nt.Tensor if namespace == "Tensor" else api_names._owner(nt, namespace)
        entries = {}
        for name in sorted(have):
            obj = inspect.getattr_static(owner, name) if namespace == "Tensor" else None
            if obj is None or not (_documentable(obj) or isinstance(obj, staticmethod)):
                obj = getattr(owner, name)
            if _documentable(obj):
                entries[name] = obj
        result[namespace] = entries
    for namespace in EXTRA:
        import importlib

        try:
            module = importlib.import_module(f"numtensor.{namespace}")
        except ImportError:
            continue
        names = getattr(module, "__all__", None) or [n for n in dir(module) if n[0] != "_"]
        entries = {}
        for name in names:
            obj = getattr(module, name, None)
            if _documentable(obj) and not inspect.ismodule(obj):
                entries[name] = obj
        result[namespace] = entries
    return result


def audit(nt, torch) -> dict[str, tuple[list, list]]:
    """Namespace -> (documented names, undocumented names)."""
    out = {}
    for namespace, entries in public_objects(nt, torch).items():
        good = [n for n, obj in entries.items() if documented(obj)]
        bad = [n for n, obj in entries.items() if not documented(obj)]
        out[namespace] = (good, bad)
    return out


def main(argv) -> None:
    warnings.simplefilter("ignore")
    import torch

    import numtensor as nt

    total = have = 0
    for namespace, (good, bad) in audit(nt, torch).items():
        n = len(good) + len(bad)
        total, have = total + n, have + len(good)
        print(f"{namespace:28} {len(good):4} / {n:4}  {len(good) / max(n, 1):6.1%}")
        if "--missing" in argv and bad:
            print("    missing:", " ".join(sorted(bad)))
    print(f"{'all':28} {have:4} / {total:4}  {have / max(total, 1):6.1%}")


if __name__ == "__main__":
    main(sys.argv[1:])
