"""Clean-ups of the assembled ONNX graph: fold size computations ONNX's shape inference
proves constant, and drop what no output needs."""

from __future__ import annotations


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


def _elementwise(op: str, a: tuple, b: tuple):
    """Add/Sub/Mul/Div (truncating) of two int64 size vectors, a 1-element one broadcast."""
    (x, dx), (y, dy) = a, b
    if len(x) != len(y) and 1 not in (len(x), len(y)):
        return None
    n = max(len(x), len(y))
    x, y = (x * n if len(x) == 1 else x), (y * n if len(y) == 1 else y)
    if op == "Div":
        if 0 in y:
            return None
        values = [(abs(p) // abs(q)) * (1 if (p < 0) == (q < 0) else -1) for p, q in zip(x, y)]
    else:
        fn = {"Add": int.__add__, "Sub": int.__sub__, "Mul": int.__mul__}[op]
        values = [fn(p, q) for p, q in zip(x, y)]
    return values, (dx if len(dx) >= len(dy) else dy)


def _evaluate(node, values: list, dims: dict):
    """The value, (flat ints, dims), of an int64 size computation whose inputs are all known
    scalars or vectors, else None."""
    attrs = {a.name: a for a in node.attribute}
    op = node.op_type
    if op == "Shape":
        shape = dims.get(node.input[0])
        if shape is None:
            return None
        start = attrs["start"].i if "start" in attrs else 0
        end = attrs["end"].i if "end" in attrs else len(shape)
        part = shape[start:end]
        return None if any(d is None for d in part) else (list(part), (len(part),))
    if any(v is None for v in values) or not values:
        return None
    if op == "Concat" and all(len(d) == 1 for _, d in values):
        flat = [v for vals, _ in values for v in vals]
        return flat, (len(flat),)
    if op in ("Add", "Sub", "Mul", "Div") and len(values) == 2:
        return _elementwise(op, values[0], values[1])
    if op == "Squeeze" and values[0][1] == (1,):
        return values[0][0], ()
    if op == "Unsqueeze" and values[0][1] == ():
        return values[0][0], (1,)
    return None


def fold_sizes(model) -> None:
    """Replace Shape nodes of static dimensions (and integer arithmetic on such sizes) by
    initializers: the sizes a dynamic export computes but that cannot change."""
    from onnx import TensorProto, helper

    graph = model.graph
    if not any(n.op_type == "Shape" for n in graph.node):
        return
    dims = _static_dims(model)
    known = {}  # name -> (flat ints, dims) of the int64 scalars and vectors
    for init in graph.initializer:
        if init.data_type == TensorProto.INT64 and len(init.dims) <= 1:
            known[init.name] = (_ints_of(init), tuple(init.dims))
    kept = []
    for node in graph.node:
        values = [known.get(name) for name in node.input]
        result = _evaluate(node, values, dims) if len(node.output) == 1 else None
        if result is None:
            kept.append(node)
            continue
        known[node.output[0]] = result
        flat, shape = result
        graph.initializer.append(helper.make_tensor(node.output[0], TensorProto.INT64, shape, flat))
    del graph.node[:]
    graph.node.extend(kept)


def _ints_of(init) -> list:
    from onnx import numpy_helper

    return [int(v) for v in numpy_helper.to_array(init).reshape(-1).tolist()]


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
