"""``numtensor.version``: the version of numtensor (PyTorch code reads ``torch.version.cuda``).

``cuda`` is the CUDA runtime version numba-cuda brings ("12.8"), or None without a usable
CUDA installation; it is looked up when first read, not at import.
"""

from __future__ import annotations

__all__ = ["__version__", "cuda", "debug", "git_version", "hip"]  # noqa: F822 - cuda: lazy

__version__ = "0.1.0"
debug = False
hip = None
git_version = "unknown"


def __getattr__(name: str):
    if name == "cuda":
        value = _cuda_runtime_version()
        globals()["cuda"] = value
        return value
    raise AttributeError(f"module 'numtensor.version' has no attribute {name!r}")


def _cuda_runtime_version():
    from .cuda import is_available
    from .cuda._numba import numba_cuda

    if not is_available():
        return None
    try:
        major, minor = numba_cuda().runtime.get_version()
    except Exception:
        return None
    return f"{major}.{minor}"
