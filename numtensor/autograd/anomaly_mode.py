"""Anomaly detection: with it on, a backward node that returns NaN raises, naming the node."""

from __future__ import annotations

import warnings

_STATE = {"enabled": False, "check_nan": True}


def is_anomaly_enabled() -> bool:
    return _STATE["enabled"]


def is_anomaly_check_nan_enabled() -> bool:
    return _STATE["check_nan"]


def set_anomaly_enabled(enabled: bool, check_nan: bool = True) -> None:
    _STATE["enabled"], _STATE["check_nan"] = bool(enabled), bool(check_nan)


class detect_anomaly:
    """Context manager (and decorator) turning anomaly detection on inside."""

    def __init__(self, check_nan: bool = True) -> None:
        self.check_nan = check_nan
        warnings.warn(
            "Anomaly Detection has been enabled. This mode will increase the runtime and should "
            "only be enabled for debugging.",
            UserWarning,
            stacklevel=2,
        )

    def __enter__(self) -> None:
        self.previous = (_STATE["enabled"], _STATE["check_nan"])
        set_anomaly_enabled(True, self.check_nan)

    def __exit__(self, *exc) -> None:
        set_anomaly_enabled(*self.previous)

    def __call__(self, fn):
        def wrapper(*args, **kwargs):
            with self:
                return fn(*args, **kwargs)

        return wrapper


class set_detect_anomaly:
    """Turn anomaly detection on or off (for the rest of the program, or inside ``with``)."""

    def __init__(self, mode: bool, check_nan: bool = True) -> None:
        self.previous = (_STATE["enabled"], _STATE["check_nan"])
        set_anomaly_enabled(mode, check_nan)

    def __enter__(self) -> None:
        pass

    def __exit__(self, *exc) -> None:
        set_anomaly_enabled(*self.previous)


def check_gradients(node, grads) -> None:
    """Called by the engine after each node's VJP while anomaly detection is on."""
    from .._tensor_base import Tensor

    if not _STATE["check_nan"]:
        return
    for i, g in enumerate(grads):
        if isinstance(g, Tensor) and g.dtype.is_floating_point and bool(g.isnan().any()):
            raise RuntimeError(f"Function '{node.name()}' returned nan values in its {i}th output.")
