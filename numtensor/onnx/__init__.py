"""``numtensor.onnx``: export a model to ONNX (``pip install numtensor[onnx]``).

``export(model, args, f)`` runs the model once on ``args`` while recording every public op
it calls (recorder.py), turns each op into ONNX nodes (the converters of symbolic_*.py),
stores the parameters and buffers as initializers under their state_dict names and writes
one checked ONNX model. As in PyTorch the model runs in eval mode (Dropout off, BatchNorm
on its running statistics), control flow is fixed by this run, and ``dynamic_axes`` makes
the named input and output dimensions symbolic. An op without an ONNX form raises
``UnsupportedOperatorError`` naming it, before anything is written.
"""

from __future__ import annotations

import enum
import inspect
import io
import os

from .errors import OnnxExporterError, TracerWarning, UnsupportedOperatorError

DEFAULT_OPSET = 18
MIN_OPSET = 11  # (older forms: graph._older; a few ops need newer opsets)
_EXPORTING = [False]


class TrainingMode(enum.IntEnum):
    r"""The mode a model is exported in (``export(training=...)``): ``EVAL`` (dropout
    off, batch norm with running statistics), ``PRESERVE`` (the model's current mode) or
    ``TRAINING``.

    Example::

        >>> int(torch.onnx.TrainingMode.EVAL), int(torch.onnx.TrainingMode.TRAINING)
        (0, 2)
    """

    EVAL = 0
    PRESERVE = 1
    TRAINING = 2


def is_in_onnx_export() -> bool:
    r"""Returns ``True`` while :func:`export` is running (a model may check it in
    ``forward`` to take an export-friendly path).

    Example::

        >>> torch.onnx.is_in_onnx_export()
        False
    """
    return _EXPORTING[0]


def export(
    model,
    args=(),
    f=None,
    *,
    kwargs=None,
    export_params: bool = True,
    verbose: bool = False,
    training=TrainingMode.EVAL,
    input_names=None,
    output_names=None,
    opset_version=None,
    dynamic_axes=None,
    do_constant_folding: bool = True,
    keep_initializers_as_inputs=None,
    dynamo: bool = False,
    **unused,
):
    r"""Exports a model to ONNX: runs ``model`` on ``args``, records the operations and
    writes the graph (with the parameters as initializers) to ``f``.

    Args:
        model (nn.Module or Callable): the model to export.
        args (tuple or Tensor): the example inputs (a trailing dict: keyword arguments).
        f (str, path or binary file object): where to write the ``.onnx`` model.
        kwargs (dict, optional): keyword arguments of the model.
        export_params (bool): store the parameters in the model. Default: ``True``
        verbose (bool): print the graph. Default: ``False``
        training (TrainingMode): the mode to export in. Default: ``TrainingMode.EVAL``
        input_names (list of str, optional): names of the graph's inputs.
        output_names (list of str, optional): names of the graph's outputs.
        opset_version (int, optional): the ONNX opset (11 up to onnx's newest). Default: 18
        dynamic_axes (dict, optional): ``{name: {axis: "dim_name"}}`` (or a list of axes) of
            the inputs/outputs whose size may vary.
        do_constant_folding (bool): fold the constant parts of the graph. Default: ``True``
        keep_initializers_as_inputs (bool, optional): list the parameters as graph inputs too.
        dynamo (bool): accepted; numtensor has one (tracing) exporter.

    Returns:
        None (the model proto is also kept as ``numtensor.onnx.last_model``).

    Raises:
        UnsupportedOperatorError: if an operation has no ONNX mapping.

    Differs from PyTorch: needs the ``onnx`` package; there is no dynamo exporter, and
    ``dynamo=True`` gives the same tracing export.

    Example::

        >>> import io
        >>> model = torch.nn.Sequential(torch.nn.Linear(3, 2), torch.nn.ReLU())
        >>> f = io.BytesIO()
        >>> torch.onnx.export(model, (torch.randn(1, 3),), f, input_names=["x"],
        ...                   output_names=["y"], dynamic_axes={"x": {0: "batch"}})
        >>> [node.op_type for node in torch.onnx.last_model.graph.node]
        ['Gemm', 'Relu']
        >>> len(f.getvalue()) > 0
        True
    """
    try:
        import onnx
    except ImportError as exc:
        raise ImportError(
            "numtensor.onnx needs the onnx package: pip install numtensor[onnx]"
        ) from exc
    from . import exporter

    opset = DEFAULT_OPSET if opset_version is None else int(opset_version)
    if not MIN_OPSET <= opset <= onnx.defs.onnx_opset_version():
        raise ValueError(
            f"Unsupported ONNX opset version: {opset} (numtensor.onnx writes opsets "
            f"{MIN_OPSET} to {onnx.defs.onnx_opset_version()})"
        )
    if f is None:
        raise TypeError("export() missing the file to write: a path or a binary file object")
    args = args if isinstance(args, tuple) else (args,)
    if args and isinstance(args[-1], dict) and kwargs is None:
        args, kwargs = args[:-1], args[-1]
    _EXPORTING[0] = True
    try:
        proto = exporter.build(
            model,
            args,
            dict(kwargs or {}),
            opset=opset,
            export_params=export_params,
            training=TrainingMode(training),
            input_names=list(input_names or []),
            output_names=list(output_names or []),
            dynamic_axes=dict(dynamic_axes or {}),
            fold=do_constant_folding,
            initializers_as_inputs=bool(keep_initializers_as_inputs),
        )
    finally:
        _EXPORTING[0] = False
    data = proto.SerializeToString()
    if verbose:
        print(onnx.printer.to_text(proto.graph))
    global last_model
    last_model = proto
    _write(f, data)


last_model = None


def _write(f, data: bytes) -> None:
    """All or nothing: a path gets the whole file (written aside, then renamed)."""
    if isinstance(f, (str, os.PathLike)):
        path = os.fspath(f)
        partial = f"{path}.partial-{os.getpid()}"
        with open(partial, "wb") as out:
            out.write(data)
        os.replace(partial, path)
    elif isinstance(f, io.TextIOBase):
        raise TypeError("export() writes bytes: open the file in binary mode ('wb')")
    else:
        f.write(data)


def _names_of(fn) -> list:
    """The parameter names of ``fn`` (a model's forward): the default input names."""
    try:
        return [
            p.name
            for p in inspect.signature(fn).parameters.values()
            if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD, p.VAR_POSITIONAL)
        ]
    except (TypeError, ValueError):
        return []


__all__ = [
    "OnnxExporterError",
    "TracerWarning",
    "TrainingMode",
    "UnsupportedOperatorError",
    "export",
    "is_in_onnx_export",
]
