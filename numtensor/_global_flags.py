"""Process-wide switches PyTorch code sets: deterministic algorithms, float32 matmul
precision, inter-op threads.

These settings are kept and read back as PyTorch reports them; none changes a result.
numtensor's CPU kernels give the same bits run to run; on CUDA, index_add/scatter_add/
index_put(accumulate=True) add with atomics, whose float order may vary (as PyTorch's do), and
deterministic mode does not reroute them. Matmuls never use TF32, whatever the precision
setting; ops run one after another (no inter-op pool).
"""

from __future__ import annotations

import warnings

_DEBUG_MODES = ("default", "warn", "error")
_state = {"deterministic": False, "warn_only": False, "precision": "highest", "interop": None}


def use_deterministic_algorithms(mode: bool, *, warn_only: bool = False) -> None:
    """Ask for deterministic algorithms (``warn_only``: warn instead of raising where an op
    has none). Every numtensor kernel already gives the same result run to run."""
    if not isinstance(mode, bool):
        raise TypeError(
            "_set_deterministic_algorithms(): argument 'mode' (position 1) must be bool, not "
            f"{type(mode).__name__}"
        )
    _state["deterministic"] = mode
    _state["warn_only"] = bool(warn_only) and mode


def are_deterministic_algorithms_enabled() -> bool:
    return _state["deterministic"]


def is_deterministic_algorithms_warn_only_enabled() -> bool:
    return _state["warn_only"]


def set_deterministic_debug_mode(debug_mode) -> None:
    """0/"default": off; 1/"warn": deterministic, warn only; 2/"error": deterministic."""
    if isinstance(debug_mode, str):
        if debug_mode not in _DEBUG_MODES:
            raise RuntimeError(
                "invalid value of debug_mode, expected one of `default`, `warn`, `error`, but "
                f"got {debug_mode}"
            )
        debug_mode = _DEBUG_MODES.index(debug_mode)
    elif not isinstance(debug_mode, int) or isinstance(debug_mode, bool):
        raise TypeError(f"debug_mode must be str or int, but got {type(debug_mode)}")
    if debug_mode not in (0, 1, 2):
        raise RuntimeError(
            f"invalid value of debug_mode, expected 0, 1, or 2, but got {debug_mode}"
        )
    use_deterministic_algorithms(debug_mode > 0, warn_only=debug_mode == 1)


def get_deterministic_debug_mode() -> int:
    if not _state["deterministic"]:
        return 0
    return 1 if _state["warn_only"] else 2


def set_float32_matmul_precision(precision: str) -> None:
    """ "highest", "high" or "medium": kept and read back; float32 matmuls always compute in
    float32 (no TF32 or bfloat16 passes)."""
    if precision not in ("highest", "high", "medium"):
        warnings.warn(
            f"{precision} is not one of 'highest', 'high', or 'medium'; the current "
            "setFloat32MatmulPrecision call has no effect.",
            UserWarning,
            stacklevel=2,
        )
        return
    _state["precision"] = precision


def get_float32_matmul_precision() -> str:
    return _state["precision"]


def set_num_interop_threads(num: int) -> None:
    """Threads for running independent ops concurrently. numtensor runs ops one after another,
    so this is only recorded; as in PyTorch, it can be set once."""
    if isinstance(num, bool) or not isinstance(num, int):
        raise RuntimeError(f"set_num_interop_threads expects an int, but got {type(num).__name__}")
    if num <= 0:
        raise RuntimeError("set_num_interop_threads expects a positive integer")
    if _state["interop"] is not None:
        raise RuntimeError(
            "Error: cannot set number of interop threads after parallel work has started or "
            "set_num_interop_threads called"
        )
    _state["interop"] = num


def get_num_interop_threads() -> int:
    if _state["interop"] is not None:
        return _state["interop"]
    from ._threads import get_num_threads

    return get_num_threads()
