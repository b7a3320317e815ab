"""Grad mode: whether operations are recorded for autograd (thread-local, as in PyTorch)."""

from __future__ import annotations

import functools
import threading


class _State(threading.local):
    enabled = True  # each thread starts with grad mode on


_state = _State()


def is_grad_enabled() -> bool:
    return _state.enabled


def _set_enabled(mode: bool) -> None:
    _state.enabled = bool(mode)


class _GradModeContext:
    """A context manager that is also a decorator, like torch.no_grad."""

    mode: bool = True

    def __enter__(self):
        self._prev = is_grad_enabled()
        _set_enabled(self.mode)
        return self

    def __exit__(self, *exc) -> None:
        _set_enabled(self._prev)

    def __call__(self, func):
        @functools.wraps(func)
        def wrapper(*args, **kwargs):
            with self.__class__():
                return func(*args, **kwargs)

        return wrapper


class no_grad(_GradModeContext):
    """Disable recording of operations (``with numtensor.no_grad():`` or as a decorator)."""

    mode = False


class enable_grad(_GradModeContext):
    """Enable recording again inside a no_grad block."""

    mode = True


class set_grad_enabled(_GradModeContext):
    """Set grad mode on or off: a function call, context manager or decorator."""

    def __init__(self, mode: bool) -> None:
        self.mode = bool(mode)
        self._prev = is_grad_enabled()
        _set_enabled(self.mode)

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        _set_enabled(self._prev)

    def __call__(self, func):
        mode = self.mode
        _set_enabled(self._prev)

        @functools.wraps(func)
        def wrapper(*args, **kwargs):
            with set_grad_enabled(mode):
                return func(*args, **kwargs)

        return wrapper


class inference_mode(_GradModeContext):
    """Like no_grad, and the tensors made inside are inference tensors
    (``Tensor.is_inference()``)."""

    def __init__(self, mode: bool = True) -> None:
        self.mode = not mode
        self.inference = bool(mode)

    def __enter__(self):
        from .._tensor_base import INFERENCE_MODE

        self._prev_inference = INFERENCE_MODE.on
        INFERENCE_MODE.on = self.inference
        return super().__enter__()

    def __exit__(self, *exc) -> None:
        from .._tensor_base import INFERENCE_MODE

        INFERENCE_MODE.on = self._prev_inference
        super().__exit__(*exc)


def is_inference_mode_enabled() -> bool:
    """Whether inference mode is on in this thread."""
    from .._tensor_base import INFERENCE_MODE

    return INFERENCE_MODE.on
