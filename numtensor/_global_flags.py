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
    r"""Sets whether operations must use deterministic algorithms.

    With ``mode=True`` PyTorch raises (or, with ``warn_only=True``, warns) where an op has
    no deterministic implementation. The setting is kept and read back by
    :func:`are_deterministic_algorithms_enabled` and
    :func:`is_deterministic_algorithms_warn_only_enabled`.

    Differs from PyTorch: nothing raises; numtensor's CPU kernels give the same bits run to
    run, while on CUDA the atomics of ``index_add``/``scatter_add``/``index_put(...,
    accumulate=True)`` may still add floats in varying order.

    Args:
        mode (bool): whether to ask for deterministic algorithms.

    Keyword args:
        warn_only (bool): warn instead of raising. Default: ``False``.

    Example::

        >>> torch.use_deterministic_algorithms(True)
        >>> torch.are_deterministic_algorithms_enabled()
        True
        >>> torch.use_deterministic_algorithms(False)
    """
    if not isinstance(mode, bool):
        raise TypeError(
            "_set_deterministic_algorithms(): argument 'mode' (position 1) must be bool, not "
            f"{type(mode).__name__}"
        )
    _state["deterministic"] = mode
    _state["warn_only"] = bool(warn_only) and mode


def are_deterministic_algorithms_enabled() -> bool:
    r"""Returns ``True`` if the global deterministic flag is on (see
    :func:`use_deterministic_algorithms`).

    Example::

        >>> torch.are_deterministic_algorithms_enabled()
        False
    """
    return _state["deterministic"]


def is_deterministic_algorithms_warn_only_enabled() -> bool:
    r"""Returns ``True`` if the global deterministic flag is set to warn only (see
    :func:`use_deterministic_algorithms`).

    Example::

        >>> torch.use_deterministic_algorithms(True, warn_only=True)
        >>> torch.is_deterministic_algorithms_warn_only_enabled()
        True
        >>> torch.use_deterministic_algorithms(False)
    """
    return _state["warn_only"]


def set_deterministic_debug_mode(debug_mode) -> None:
    r"""Sets the debug mode for deterministic operations.

    ``0`` or ``"default"`` turns deterministic mode off; ``1`` or ``"warn"`` turns it on,
    warning only; ``2`` or ``"error"`` turns it on, raising. An alternative interface to
    :func:`use_deterministic_algorithms`.

    Args:
        debug_mode (str or int): the mode.

    Example::

        >>> torch.set_deterministic_debug_mode("warn")
        >>> torch.get_deterministic_debug_mode()
        1
        >>> torch.set_deterministic_debug_mode(0)
    """
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
    r"""Returns the current debug mode for deterministic operations: 0 (off), 1 (warn) or
    2 (error). See :func:`set_deterministic_debug_mode`.

    Example::

        >>> torch.get_deterministic_debug_mode()
        0
    """
    if not _state["deterministic"]:
        return 0
    return 1 if _state["warn_only"] else 2


def set_float32_matmul_precision(precision: str) -> None:
    r"""Sets the internal precision of float32 matrix multiplications.

    ``"highest"`` (the default), ``"high"`` or ``"medium"``; any other value warns and
    changes nothing, as in PyTorch. The value is read back by
    :func:`get_float32_matmul_precision`.

    Differs from PyTorch: float32 matmuls always compute in float32 (no TF32 or bfloat16
    passes), whatever the setting.

    Args:
        precision (str): ``"highest"``, ``"high"`` or ``"medium"``.

    Example::

        >>> torch.set_float32_matmul_precision("high")
        >>> torch.get_float32_matmul_precision()
        'high'
        >>> torch.set_float32_matmul_precision("highest")
    """
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
    r"""Returns the current value of float32 matrix multiplication precision (see
    :func:`set_float32_matmul_precision`).

    Example::

        >>> torch.get_float32_matmul_precision()
        'highest'
    """
    return _state["precision"]


def set_num_interop_threads(num: int) -> None:
    r"""Sets the number of threads used for inter-op parallelism (running independent ops
    concurrently).

    As in PyTorch it can be set once, before parallel work starts (``RuntimeError`` after).

    Differs from PyTorch: numtensor runs ops one after another, so the value is only
    recorded (and read back by :func:`get_num_interop_threads`).

    Args:
        num (int): a positive number of threads.

    Example::

        >>> torch.set_num_interop_threads(2)  # doctest: +SKIP
        >>> torch.get_num_interop_threads()  # doctest: +SKIP
        2
    """
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
    r"""Returns the number of threads used for inter-op parallelism: the value set by
    :func:`set_num_interop_threads`, else :func:`get_num_threads`'s.

    Example::

        >>> torch.get_num_interop_threads() >= 1
        True
    """
    if _state["interop"] is not None:
        return _state["interop"]
    from ._threads import get_num_threads

    return get_num_threads()
