"""The exceptions and warnings of numtensor.onnx (PyTorch's classes and names)."""

from __future__ import annotations


class OnnxExporterError(RuntimeError):
    r"""Raised by :func:`numtensor.onnx.export` when an export cannot be done;
    nothing is written. A ``RuntimeError``.

    Example::

        >>> issubclass(torch.onnx.OnnxExporterError, RuntimeError)
        True
    """


class UnsupportedOperatorError(OnnxExporterError):
    r"""Raised when an operation of the model has no ONNX mapping (the
    message names it; ``name`` holds it). A subclass of :class:`OnnxExporterError`.

    Example::

        >>> err = torch.onnx.UnsupportedOperatorError("my_op", "no symbolic")
        >>> err.name
        'my_op'
        >>> print(err)
        Exporting the operator 'my_op' to ONNX is not supported by numtensor.onnx: no symbolic.
    """

    def __init__(self, name: str, reason: str = "") -> None:
        self.name = name
        detail = f": {reason}" if reason else ""
        super().__init__(
            f"Exporting the operator '{name}' to ONNX is not supported by numtensor.onnx{detail}."
        )


class TracerWarning(UserWarning):
    r"""Warned when a value is read out of a tensor while exporting (``item()``,
    ``bool()``, ``tolist()``...): it becomes a constant of the graph, so the exported model may
    not generalize to other inputs.

    Example::

        >>> issubclass(torch.onnx.TracerWarning, UserWarning)
        True
    """
