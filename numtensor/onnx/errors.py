"""The exceptions and warnings of numtensor.onnx (PyTorch's classes and names)."""

from __future__ import annotations


class OnnxExporterError(RuntimeError):
    """An export that cannot be done; nothing is written."""


class UnsupportedOperatorError(OnnxExporterError):
    """An op of the model has no ONNX mapping (the message names it)."""

    def __init__(self, name: str, reason: str = "") -> None:
        self.name = name
        detail = f": {reason}" if reason else ""
        super().__init__(
            f"Exporting the operator '{name}' to ONNX is not supported by numtensor.onnx{detail}."
        )


class TracerWarning(UserWarning):
    """A value was read out of a tensor while exporting: it is a constant in the graph."""
