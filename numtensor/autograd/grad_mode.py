"""Grad modes of ``numtensor.autograd``: whether operations are recorded for autograd
(thread-local, as in PyTorch): :class:`no_grad`, :class:`enable_grad`,
:class:`set_grad_enabled` and :class:`inference_mode`; and the (recorded only) flag of
:class:`set_multithreading_enabled`."""

from __future__ import annotations

import functools
import threading


class _State(threading.local):
    enabled = True  # each thread starts with grad mode on


_state = _State()


def is_grad_enabled() -> bool:
    """Returns ``True`` if grad mode is currently enabled (in this thread).

    Example::

        >>> torch.is_grad_enabled()
        True
        >>> with torch.no_grad():
        ...     torch.is_grad_enabled()
        False
    """
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
    r"""Context manager (and decorator) that disables gradient calculation.

    Inside, results of operations have ``requires_grad=False`` even when their inputs
    require grad, and no graph is recorded: use it for inference and for in-place updates
    of parameters. Thread-local; it does not affect other threads.

    Example::

        >>> x = torch.tensor([1.0], requires_grad=True)
        >>> with torch.no_grad():
        ...     y = x * 2
        >>> y.requires_grad
        False
        >>> @torch.no_grad()
        ... def double(t):
        ...     return t * 2
        >>> double(x).requires_grad
        False
    """

    mode = False


class enable_grad(_GradModeContext):
    r"""Context manager (and decorator) that enables gradient calculation, e.g. inside a
    :class:`no_grad` block.

    Example::

        >>> x = torch.tensor([1.0], requires_grad=True)
        >>> with torch.no_grad():
        ...     with torch.enable_grad():
        ...         y = x * 2
        >>> y.requires_grad
        True
    """

    mode = True


class set_grad_enabled(_GradModeContext):
    r"""Sets gradient calculation on or off: as a function call (for the rest of the
    thread), a context manager or a decorator.

    Args:
        mode (bool): enable (``True``) or disable (``False``) grad mode.

    Example::

        >>> x = torch.tensor([1.0], requires_grad=True)
        >>> is_train = False
        >>> with torch.set_grad_enabled(is_train):
        ...     y = x * 2
        >>> y.requires_grad
        False
        >>> _ = torch.set_grad_enabled(False)
        >>> torch.is_grad_enabled()
        False
        >>> _ = torch.set_grad_enabled(True)
    """

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
    r"""Context manager (and decorator) for inference: like :class:`no_grad`, and the
    tensors made inside are inference tensors (``Tensor.is_inference()``), which can not be
    recorded by autograd later.

    Args:
        mode (bool): enable (``True``) or disable (``False``) inference mode.
            Default: ``True``

    Example::

        >>> x = torch.tensor([1.0], requires_grad=True)
        >>> with torch.inference_mode():
        ...     y = x * 2
        >>> y.requires_grad, y.is_inference()
        (False, True)
    """

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
    """Returns ``True`` if inference mode is currently on (in this thread).

    Example::

        >>> torch.is_inference_mode_enabled()
        False
        >>> with torch.inference_mode():
        ...     torch.is_inference_mode_enabled()
        True
    """
    from .._tensor_base import INFERENCE_MODE

    return INFERENCE_MODE.on


class _MultithreadingState(threading.local):
    enabled = True  # each thread starts with multithreaded backward allowed


_multithreading = _MultithreadingState()


def _is_multithreading_enabled() -> bool:
    """Whether multithreaded backward is allowed in this thread (``torch._C``'s query)."""
    return _multithreading.enabled


class set_multithreading_enabled(_GradModeContext):
    r"""Enables or disables multithreaded backward: as a function call (for the rest of
    the thread), a context manager or a decorator.

    PyTorch runs the backward pass of accelerator tensors on per-device worker threads;
    ``mode=False`` runs it on the calling thread instead. numtensor's engine always runs
    backward on the calling thread, so this only records the flag (thread-local, restored
    when the ``with`` block ends), which code written for PyTorch may set and read back.
    As in PyTorch, the flag is set when the object is made, so decorating a function with
    ``@set_multithreading_enabled(False)`` also sets it at decoration time.

    Args:
        mode (bool): enable (``True``) or disable (``False``) multithreaded backward.

    Example::

        >>> from numtensor.autograd.grad_mode import _is_multithreading_enabled
        >>> with torch.autograd.set_multithreading_enabled(False):
        ...     _is_multithreading_enabled()
        False
        >>> _is_multithreading_enabled()
        True
    """

    def __init__(self, mode: bool) -> None:
        self.prev = _multithreading.enabled
        _multithreading.enabled = bool(mode)
        self.mode = mode

    def __enter__(self) -> None:
        pass

    def __exit__(self, *exc) -> None:
        _multithreading.enabled = self.prev

    def clone(self) -> set_multithreading_enabled:
        r"""A new ``set_multithreading_enabled`` with the same ``mode`` (setting the flag
        again, as making one does).

        Example::

            >>> ctx = torch.autograd.set_multithreading_enabled(True)
            >>> ctx.clone().mode
            True
        """
        return self.__class__(self.mode)

    def __call__(self, func):
        @functools.wraps(func)
        def wrapper(*args, **kwargs):
            with self.clone():
                return func(*args, **kwargs)

        return wrapper
