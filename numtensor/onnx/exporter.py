"""From a model and example inputs to a checked ONNX ModelProto (see __init__.py)."""

from __future__ import annotations

import inspect

import numtensor as _nt

from .._tensor_base import Tensor
from ..autograd.grad_mode import enable_grad
from ..nn.modules.module import Module
from . import (  # noqa: F401 - (importing a symbolic module registers its converters)
    passes,
    symbolic_activations,
    symbolic_layers,
    symbolic_math,
    symbolic_nn,
    symbolic_reduce,
    symbolic_resample,
    symbolic_shape,
)
from .errors import OnnxExporterError, UnsupportedOperatorError
from .graph import Graph, host, onnx_type
from .recorder import Recorder, _tensors
from .symbolic import CONVERTERS


def build(model, args, kwargs, *, opset, export_params, training, input_names, output_names,
          dynamic_axes, fold, initializers_as_inputs):  # fmt: skip
    import onnx

    from . import TrainingMode, _names_of

    modes = _set_mode(model, training != TrainingMode.PRESERVE and training == TrainingMode.EVAL)
    try:
        recorder = Recorder(symbolic_nn.MODULES, dynamic=bool(dynamic_axes))
        g = Graph(opset, dynamic=bool(dynamic_axes))
        inputs: list = []  # (tensor the model runs on, the caller's), flattened
        run_args = _prepare(args, recorder, inputs)
        run_kwargs = _prepare(kwargs, recorder, inputs)
        forward = model.forward if isinstance(model, Module) else model
        plain = (
            len(inputs) == len(args) and all(isinstance(a, Tensor) for a in args) and not run_kwargs
        )
        defaults = _names_of(forward) if plain else []
        names = input_names + defaults[len(input_names) : len(inputs)]
        names += [f"input_{i}" for i in range(len(names), len(inputs))]
        state = _state(model)
        for (tensor, _), name in zip(inputs, names):
            g.bind(tensor, name)
        for name, t in state.items():
            g.bind(t, name)
            if not fold:
                recorder.live.add(id(t))
        with enable_grad(), recorder.active():
            result = model(*run_args, **run_kwargs)
        outputs = list(_tensors(result))
        if not outputs:
            raise OnnxExporterError("the model returned no tensor to export")
        _convert(g, recorder.events, outputs)
        out_names = _name_outputs(g, outputs, output_names)
        in_names = [name for (t, _), name in zip(inputs, names) if id(t) in recorder.live]
        proto = _assemble(g, inputs, names, in_names, outputs, out_names, state, dynamic_axes,
                          export_params, initializers_as_inputs)  # fmt: skip
    finally:
        _restore_mode(modes)
    onnx.checker.check_model(proto, full_check=True)
    return proto


def _set_mode(model, evaluate: bool) -> list:
    if not isinstance(model, Module):
        return []
    modes = [(m, m.training) for m in model.modules()]
    if evaluate:
        model.eval()
    return modes


def _restore_mode(modes: list) -> None:
    for m, training in modes:
        m.training = training


def _prepare(value, recorder, flat: list):
    """``value`` (the model's arguments, nested in tuples, lists and dicts) with each tensor
    replaced by the one the model runs on, listed in ``flat``; other values stay (constants
    of the graph). A floating tensor is given a history (requires_grad through one op), so
    a tensor computed from it by a function the recorder cannot see is caught instead of
    exported as a constant."""
    if isinstance(value, Tensor):
        t = value.detach().clone()
        if t.dtype.is_floating_point:
            t = t.requires_grad_() * 1
        recorder.live.add(id(t))
        recorder.keep.append(t)
        flat.append((t, value))
        return t
    if isinstance(value, dict):
        return {k: _prepare(v, recorder, flat) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        items = [_prepare(v, recorder, flat) for v in value]
        return type(value)(*items) if hasattr(value, "_fields") else type(value)(items)
    return value


def _state(model) -> dict:
    """name -> tensor of the model's parameters and buffers (the first name of a shared one)."""
    if not isinstance(model, Module):
        return {}
    state, seen = {}, set()
    for name, t in [*model.named_parameters(), *model.named_buffers()]:
        if t is not None and id(t) not in seen:
            seen.add(id(t))
            state[name] = t
    return state


def _convert(g: Graph, events: list, outputs: list) -> None:
    for i, event in enumerate(events):
        converter = CONVERTERS.get(event.name)
        if converter is None:
            raise UnsupportedOperatorError(event.name)
        if event.inplace:
            _check_inplace(event, events[i + 1 :], outputs)
        g.result, g.op_name, g.snapshots = event.result, event.name, event.snapshots
        try:
            inspect.signature(converter).bind(g, *event.args, **event.kwargs)
        except TypeError as exc:
            raise UnsupportedOperatorError(event.name, f"these arguments ({exc})") from None
        names = converter(g, *event.args, **event.kwargs)
        result = event.args[0] if event.inplace and event.name == "setitem" else event.result
        produced = list(_tensors(result))
        names = [names] if isinstance(names, str) else list(names or [])
        if len(names) != len(produced):
            raise UnsupportedOperatorError(event.name, "its results")
        for t, name in zip(produced, names):
            g.bind(t, name)


def _check_inplace(event, later: list, outputs: list) -> None:
    """An in-place op renames its tensor in the graph: fine unless another view of the same
    memory is read afterwards (it would miss the write)."""
    target = event.args[0]
    base = target._base if target._base is not None else target
    for other in [*(t for e in later for t in _tensors((e.args, e.kwargs))), *outputs]:
        if other is target:
            continue
        if other is base or other._base is base:
            raise UnsupportedOperatorError(
                event.name + "_", "an in-place write seen through another view of its tensor"
            )


def _name_outputs(g: Graph, outputs: list, wanted: list) -> list:
    """Give the outputs their names: the node that makes one is renamed, or an Identity
    node added (an output that is an input, a constant, or another output)."""
    names = []
    for i, t in enumerate(outputs):
        want = wanted[i] if i < len(wanted) else ("output" if len(outputs) == 1 else f"output_{i}")
        current = g.value(t)
        producer = next((n for n in g.nodes if current in n.output), None)
        if producer is None or current in names:
            g.nodes.append(_identity(current, want))
        else:
            _rename(g, current, want)
        names.append(want)
    return names


def _identity(source: str, target: str):
    from onnx import helper

    return helper.make_node("Identity", [source], [target], name=f"Identity_{target}")


def _rename(g: Graph, old: str, new: str) -> None:
    for node in g.nodes:
        for field in (node.input, node.output):
            for k, name in enumerate(field):
                if name == old:
                    field[k] = new
    for key, value in list(g.names.items()):
        if value == old:
            g.names[key] = new


def _assemble(g, inputs, names, in_names, outputs, out_names, state, dynamic_axes,
              export_params, initializers_as_inputs):  # fmt: skip
    import onnx
    from onnx import helper, numpy_helper

    def dims(name, shape):
        axes = dynamic_axes.get(name, {})
        if isinstance(axes, (list, tuple)):
            axes = {a: f"{name}_dynamic_axes_{k + 1}" for k, a in enumerate(axes)}
        return [axes.get(d, s) for d, s in enumerate(shape)]

    graph_inputs = [
        helper.make_tensor_value_info(name, onnx_type(t.dtype), dims(name, t.shape))
        for (t, _), name in zip(inputs, names)
        if name in in_names
    ]
    used = {name for node in g.nodes for name in node.input}
    initializers = []
    for name, array in g.initializers.items():
        if name in used:
            initializers.append(numpy_helper.from_array(array, name))
    for name, t in state.items():
        if name not in used:
            continue
        if export_params:
            initializers.append(numpy_helper.from_array(host(t), name))
        if not export_params or initializers_as_inputs:
            graph_inputs.append(
                helper.make_tensor_value_info(name, onnx_type(t.dtype), list(t.shape))
            )
    graph_outputs = [
        helper.make_tensor_value_info(name, onnx_type(t.dtype), None)
        for t, name in zip(outputs, out_names)
    ]
    graph = helper.make_graph(g.nodes, "main_graph", graph_inputs, graph_outputs, initializers)
    opset = helper.make_opsetid("", g.opset)
    model = helper.make_model(
        graph,
        opset_imports=[opset],
        producer_name="numtensor",
        producer_version=_nt.__version__,
        ir_version=helper.find_min_ir_version_for([opset]),
    )
    passes.fold_sizes(model)
    passes.prune(model)
    inferred = onnx.shape_inference.infer_shapes(model).graph
    shapes = {v.name: v for v in [*inferred.value_info, *inferred.output]}
    for out, t, name in zip(model.graph.output, outputs, out_names):
        known = shapes.get(name)
        wanted = dims(name, t.shape)
        out.type.tensor_type.elem_type = onnx_type(t.dtype)
        shape = out.type.tensor_type.shape
        shape.SetInParent()
        inferred_dims = list(known.type.tensor_type.shape.dim) if known is not None else []
        for d, size in enumerate(wanted):
            dim = shape.dim.add()
            found = inferred_dims[d] if d < len(inferred_dims) else None
            if isinstance(size, str):
                dim.dim_param = size
            elif not dynamic_axes:
                dim.dim_value = int(size)
            elif found is not None and found.HasField("dim_value"):
                dim.dim_value = found.dim_value
            elif found is not None and found.dim_param and not found.dim_param.startswith("unk__"):
                dim.dim_param = found.dim_param  # (follows a dynamic input dimension)
            # (else: a size the graph computes that inference cannot name: left unknown)
    return model
