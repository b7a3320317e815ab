"""Clean-ups of the assembled ONNX graph: fold size computations ONNX's shape inference
proves constant, and drop what no output needs."""

from __future__ import annotations

import numpy as np


def _static_dims(model) -> dict:
    """value name -> its dims (ints, or None for a symbolic one), from shape inference."""
    import onnx

    inferred = onnx.shape_inference.infer_shapes(model).graph
    dims = {}
    for v in [*inferred.input, *inferred.value_info, *inferred.output]:
        t = v.type.tensor_type
        if t.HasField("shape"):
            dims[v.name] = [d.dim_value if d.HasField("dim_value") else None for d in t.shape.dim]
    return dims


def _evaluate(node, values: list, dims: dict):
    """The value of an integer size computation whose inputs are all known, else None."""
    attrs = {a.name: a for a in node.attribute}
    op = node.op_type
    if op == "Shape":
        shape = dims.get(node.input[0])
        if shape is None:
            return None
        start = attrs["start"].i if "start" in attrs else 0
        end = attrs["end"].i if "end" in attrs else len(shape)
        part = shape[start:end]
        return None if any(d is None for d in part) else np.array(part, dtype=np.int64)
    if any(v is None for v in values) or not values:
        return None
    if op == "Concat":
        return np.concatenate(values, axis=attrs["axis"].i)
    if op in ("Add", "Sub", "Mul") and all(v.dtype == np.int64 for v in values):
        fn = {"Add": np.add, "Sub": np.subtract, "Mul": np.multiply}[op]
        return fn(values[0], values[1])
    if op == "Div" and all(v.dtype == np.int64 for v in values):
        return np.trunc(values[0] / values[1]).astype(np.int64)
    if op == "Squeeze":
        return np.squeeze(values[0], axis=tuple(values[1].tolist()))
    if op == "Unsqueeze":
        return np.expand_dims(values[0], axis=tuple(values[1].tolist()))
    return None


def fold_sizes(model) -> None:
    """Replace Shape nodes of static dimensions (and integer arithmetic on constants) by
    initializers: the sizes a dynamic export computes but that cannot change."""
    from onnx import numpy_helper

    graph = model.graph
    if not any(n.op_type == "Shape" for n in graph.node):
        return
    dims = _static_dims(model)
    known = {init.name: numpy_helper.to_array(init) for init in graph.initializer}
    kept = []
    for node in graph.node:
        values = [known.get(name) for name in node.input]
        result = _evaluate(node, values, dims) if len(node.output) == 1 else None
        if result is None:
            kept.append(node)
            continue
        known[node.output[0]] = result
        graph.initializer.append(numpy_helper.from_array(result, node.output[0]))
    del graph.node[:]
    graph.node.extend(kept)


def prune(model) -> None:
    """Drop nodes and initializers that no graph output depends on."""
    graph = model.graph
    needed = {o.name for o in graph.output}
    kept = []
    for node in reversed(graph.node):
        if any(name in needed for name in node.output):
            kept.append(node)
            needed.update(name for name in node.input if name)
    kept.reverse()
    del graph.node[:]
    graph.node.extend(kept)
    initializers = [i for i in graph.initializer if i.name in needed]
    del graph.initializer[:]
    graph.initializer.extend(initializers)
