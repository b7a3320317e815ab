"""Anomaly detection of ``numtensor.autograd``: with it on, a backward node that returns NaN
raises, naming the node (:class:`detect_anomaly`, :class:`set_detect_anomaly`)."""

from __future__ import annotations

import warnings

_STATE = {"enabled": False, "check_nan": True}


def is_anomaly_enabled() -> bool:
    """Returns ``True`` if anomaly detection is on.

    Example::

        >>> torch.is_anomaly_enabled()
        False
        >>> with torch.autograd.set_detect_anomaly(True):
        ...     torch.is_anomaly_enabled()
        True
    """
    return _STATE["enabled"]


def is_anomaly_check_nan_enabled() -> bool:
    """Returns ``True`` if anomaly detection checks the backward nodes' results for NaN.

    Example::

        >>> with torch.autograd.set_detect_anomaly(True, check_nan=False):
        ...     torch.is_anomaly_check_nan_enabled()
        False
    """
    return _STATE["check_nan"]


def set_anomaly_enabled(enabled: bool, check_nan: bool = True) -> None:
    """Turns anomaly detection on or off, for the rest of the program.

    Args:
        enabled (bool): the mode.
        check_nan (bool): check the backward nodes' results for NaN. Default: ``True``

    Example::

        >>> torch.set_anomaly_enabled(True)
        >>> torch.is_anomaly_enabled()
        True
        >>> torch.set_anomaly_enabled(False)
    """
    _STATE["enabled"], _STATE["check_nan"] = bool(enabled), bool(check_nan)


class detect_anomaly:
    r"""Context manager (and decorator) that turns anomaly detection on inside.

    While it is on, the backward pass checks each node's gradients: a node that returns
    NaN raises ``RuntimeError`` naming it (e.g. ``SqrtBackward0``), which points at the
    forward operation that made the problem. Entering it warns that it slows things down.

    Args:
        check_nan (bool): check the gradients for NaN. Default: ``True``

    Differs from PyTorch: no forward traceback is recorded and printed with the error.

    Example::

        >>> import warnings
        >>> x = torch.tensor([0.0], requires_grad=True)
        >>> with warnings.catch_warnings():
        ...     warnings.simplefilter("ignore")
        ...     with torch.autograd.detect_anomaly():
        ...         torch.sqrt(x).mul(0).sum().backward()
        Traceback (most recent call last):
            ...
        RuntimeError: Function 'SqrtBackward0' returned nan values in its 0th output.
    """

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
    r"""Turns anomaly detection on or off: for the rest of the program when called, or
    until the end of the block as a context manager (see :class:`detect_anomaly`).

    Args:
        mode (bool): enable (``True``) or disable (``False``) anomaly detection.
        check_nan (bool): check the gradients for NaN. Default: ``True``

    Example::

        >>> with torch.autograd.set_detect_anomaly(True):
        ...     torch.is_anomaly_enabled()
        True
        >>> torch.is_anomaly_enabled()
        False
    """

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
