"""The backward pass: walk the recorded nodes in reverse topological order.

Gradients flow from each node's ``vjp`` to its inputs; they are reduced to each input's shape
here, in one place ("un-broadcast"), so no op has to. Leaves accumulate into ``.grad``.
"""

from __future__ import annotations

import heapq
import sys
from collections.abc import Sequence
from itertools import zip_longest

import numpy as np

from .. import backend
from .._tensor_base import Tensor
from ._saved_hooks import unpack_saved
from .anomaly_mode import _STATE as _ANOMALY
from .anomaly_mode import check_gradients
from .function import FREED_MESSAGE, Function, edge
from .grad_mode import _set_enabled, is_grad_enabled


def sum_to_shape(g: Tensor, shape) -> Tensor:
    """Reduce a gradient of a broadcast result to the shape of the input that was broadcast."""
    shape = tuple(shape)
    if tuple(g.shape) == shape:
        return g
    lead = g.ndim - len(shape)
    if lead:
        g = g.sum(dim=tuple(range(lead)))
    dims = tuple(i for i, s in enumerate(shape) if s == 1 and g.shape[i] != 1)
    if dims:
        g = g.sum(dim=dims, keepdim=True)
    return g.reshape(shape) if tuple(g.shape) != shape else g


def _as_tuple(x) -> tuple:
    if x is None:
        return ()
    if isinstance(x, Tensor):
        return (x,)
    return tuple(x)


def _root_grads(outputs: Sequence, grads: Sequence) -> list:
    result = []
    for i, (out, g) in enumerate(zip(outputs, grads)):
        if not out.requires_grad:
            raise RuntimeError(
                f"element {i} of tensors does not require grad and does not have a grad_fn"
            )
        if g is None:
            if out.numel() != 1:
                raise RuntimeError("grad can be implicitly created only for scalar outputs")
            ops = backend.of(out.device)
            data = ops.full(out._data.shape, 1, out._data.dtype)
            result.append(Tensor._make(data, out.device, dtype=out._dtype))
            continue
        if not isinstance(g, Tensor):
            ops = backend.of(out.device)
            g = Tensor._make(ops.from_host(np.array(g, dtype=out.dtype.np)), out.device)
        if g.dtype is not out.dtype:
            g = g.to(out.dtype)  # as PyTorch does with a gradient of another float dtype
        if tuple(g.shape) != tuple(out.shape):
            raise RuntimeError(
                f"Mismatch in shape: grad_output[{i}] has a shape of {g.shape} and output[{i}] "
                f"has a shape of {out.shape}."
            )
        result.append(g)
    return result


_RUNS = [0]  # backward passes run so far (numtensor.compile asks whether one ran)
_CALLBACKS: list = []


def queue_callback(callback) -> None:
    """Run ``callback()`` when the current backward pass has delivered every gradient
    (PyTorch's ``Variable._execution_engine.queue_callback``; DistributedDataParallel uses
    it to reduce the gradients)."""
    _CALLBACKS.append(callback)


def backward_runs() -> int:
    """How many times the engine has run (backward or autograd.grad)."""
    return _RUNS[0]


def _dependencies(roots: list) -> tuple[dict, dict]:
    """For each node reachable from the roots, the number of edges that feed it a gradient;
    and the same for each leaf that requires grad (its gradient is whole when they have run)."""
    deps: dict = {}
    leaf_deps: dict = {}
    stack = list(roots)
    for r in roots:
        deps.setdefault(id(r), 0)
    while stack:
        node = stack.pop()
        for t in node.inputs:
            # (an op may return one of its arguments, a tensor then fed by the op itself:
            # that edge carries nothing)
            if not isinstance(t, Tensor):
                continue
            base = t._base  # (unmoved by in-place ops: its edge is where it is now)
            if t._history is None and (base is None or base._history is None):
                fn, requires_grad = t.grad_fn, t._requires_grad
            else:
                fn, _, requires_grad = edge(t, node._seq)
            if fn is None:
                if requires_grad:
                    leaf_deps[id(t)] = leaf_deps.get(id(t), 0) + 1
                continue
            if fn is node:
                continue
            key = id(fn)
            count = deps.get(key)
            if count is None:
                deps[key] = 1
                stack.append(fn)
            else:
                deps[key] = count + 1
    return deps, leaf_deps


def _add(a, b):
    return b if a is None else a + b


def run_backward(
    outputs,
    grad_outputs,
    retain_graph: bool,
    create_graph: bool,
    capture: Sequence | None = None,
    allow_unused: bool = False,
):
    """The engine. With ``capture`` (autograd.grad) the gradients of those tensors are returned
    instead of being accumulated into leaves.

    Gradients are summed per node output (and per leaf) before anything sees them, so a
    tensor's hooks, ``retain_grad`` and captures get its whole gradient, once."""
    _RUNS[0] += 1
    outputs = _as_tuple(outputs)
    grads = _root_grads(outputs, list(grad_outputs) + [None] * (len(outputs) - len(grad_outputs)))
    captured = {id(t): None for t in capture} if capture is not None else None
    # id(node) -> (node, [grad per output], [its output tensors that hooks, retain_grad or a
    # capture watch])
    buffers: dict = {}
    leaves: dict = {}  # id(leaf) -> [leaf, grad]
    for out, g in zip(outputs, grads):
        _deliver(out, g, buffers, leaves, captured)
    roots = [o.grad_fn for o in outputs if o.grad_fn is not None]
    previous = is_grad_enabled()
    _set_enabled(create_graph)
    try:
        _walk(roots, buffers, leaves, captured, retain_graph, create_graph)
        _hand_over(leaves, captured, create_graph)  # after _walk's frame let go of its grads
    except BaseException:
        _CALLBACKS.clear()  # (queued for a backward that did not finish)
        raise
    finally:
        _set_enabled(previous)
    while _CALLBACKS:  # (queued during this backward: run once the gradients are in place)
        _CALLBACKS.pop(0)()
    if captured is not None:
        result = []
        for t in capture:
            g = captured[id(t)]
            if g is None and not allow_unused:
                raise RuntimeError(
                    "One of the differentiated Tensors appears to not have been used in the "
                    "graph. Set allow_unused=True if this is the desired behavior."
                )
            result.append(g)
        return tuple(result)
    return None


def _walk(roots, buffers, leaves, captured, retain_graph: bool, create_graph: bool) -> None:
    """Run every node's VJP once all its consumers have run (the most recently recorded ready
    node first, as PyTorch orders them), collecting the leaves' gradients. A leaf whose last
    feeding node has run gets its gradient there and then (as PyTorch's AccumulateGrad node
    runs once ready), so its post-accumulate-grad hooks run while backward goes on."""
    deps, leaf_deps = _dependencies(roots)
    ready = [(-r._seq, id(r), r) for r in {id(r): r for r in roots}.values() if not deps[id(r)]]
    heapq.heapify(ready)
    pop, push = heapq.heappop, heapq.heappush
    while ready:
        node = pop(ready)[2]
        slot = buffers.pop(id(node), None)
        ran = slot is not None
        if ran:
            out_grads, watched = slot[1], slot[2]
            if watched:
                for t in watched:
                    k = t._output_nr
                    out_grads[k] = _finished(t, out_grads[k], captured)
            in_grads = _run_node(node, out_grads, create_graph)
            if _ANOMALY["enabled"]:
                check_gradients(node, in_grads)
            slot = out_grads = None
        else:
            in_grads = ()
        whole = None  # the leaves whose gradient this node completed
        for inp, gi in zip_longest(node.inputs, in_grads):
            if not isinstance(inp, Tensor):  # a number, a dim, a shape...
                continue
            base = inp._base  # (unmoved by in-place ops: its edge is where it is now)
            if inp._history is None and (base is None or base._history is None):
                fn, nr, requires_grad = inp.grad_fn, inp._output_nr, inp._requires_grad
            else:
                fn, nr, requires_grad = edge(inp, node._seq)
            if fn is node:
                continue
            if gi is not None and requires_grad and isinstance(gi, Tensor):
                if gi._data.shape != inp._data.shape:
                    gi = sum_to_shape(gi, inp.shape)
                if gi._dtype is not inp._dtype:
                    gi = gi.to(inp.dtype)
                _deliver(inp, gi, buffers, leaves, captured, fn, nr)
            if fn is not None:
                key = id(fn)
                left = deps[key] - 1
                deps[key] = left
                if not left:
                    push(ready, (-fn._seq, key, fn))
            elif requires_grad:
                key = id(inp)
                left = leaf_deps[key] - 1
                leaf_deps[key] = left
                if not left and key in leaves:
                    whole = [key] if whole is None else [*whole, key]
        if ran and not retain_graph and node.saved:
            node.saved = ()
            node._packed = None
            node._freed = True
        if whole is not None:
            in_grads = gi = None  # (so a gradient nothing else holds can be kept, not copied)
            _hand_over(leaves, captured, create_graph, whole)


_NOW = object()  # (_deliver's default: the node ``t`` is the output of now)


def _deliver(
    t: Tensor, g: Tensor, buffers: dict, leaves: dict, captured=None, node=_NOW, k=0
) -> None:
    """Add gradient ``g`` of tensor ``t`` (output ``k`` of ``node``; by default where ``t`` is
    now) to its node's buffer (or to the leaf's)."""
    if node is _NOW:
        node, k = t.grad_fn, t._output_nr
    if node is None:
        entry = leaves.get(id(t))
        if entry is None:
            leaves[id(t)] = [t, g]
        else:
            entry[1] = entry[1] + g
        return
    slot = buffers.get(id(node))
    if slot is None:
        slot = buffers[id(node)] = (node, [None] * node._n_outputs, [])
    grads = slot[1]
    grads[k] = g if grads[k] is None else grads[k] + g
    # the tensors whose whole gradient someone wants to see: hooks, retain_grad, captures
    if t._hooks or t._retains_grad or captured is not None:
        watched = slot[2]
        if not any(x is t for x in watched):
            watched.append(t)


def _finished(t: Tensor, g: Tensor, captured) -> Tensor:
    """``t``'s whole gradient is known: run its hooks, keep it if asked, capture it."""
    for hook in t._hooks:
        replaced = hook(g)
        if replaced is not None:
            g = replaced
    if t._retains_grad and t.grad_fn is not None:
        t.grad = g.detach() if t.grad is None else t.grad + g.detach()
    if captured is not None and id(t) in captured:
        captured[id(t)] = _add(captured[id(t)], g)
    return g


def _hand_over(leaves: dict, captured, create_graph: bool, keys=None) -> None:
    """Give each leaf (those of ``keys``, else all) its gradient (or capture it)."""
    for key in keys if keys is not None else list(reversed(leaves)):
        leaf, g = leaves.pop(key)  # (the entry let go of: g is held here only)
        g = _finished(leaf, g, captured)
        if captured is None:
            _accumulate(leaf, g, create_graph)
            g = None
            _post_accumulate(leaf)


def _post_accumulate(leaf: Tensor) -> None:
    """Run the hooks of ``register_post_accumulate_grad_hook``: ``leaf.grad`` is updated."""
    for hook in list(leaf.__dict__.get("_post_accumulate_hooks", ())):
        result = hook(leaf)
        if result is not None:  # (PyTorch's words)
            raise TypeError(f"expected Variable, but hook returned '{type(result).__name__}'")


def _accumulate(leaf: Tensor, g: Tensor, create_graph: bool) -> None:
    if leaf.grad is None:
        if create_graph:
            leaf.grad = g
        elif _unshared(g, leaf):
            leaf.grad = g  # nothing else sees it: no copy to make (PyTorch steals it too)
        else:
            leaf.grad = _detached_copy(g, leaf)
        if "_zero_strides" in leaf.__dict__ and not g.numel():  # (laid out as the leaf)
            leaf.grad.__dict__["_zero_strides"] = True
    elif create_graph or leaf.grad.requires_grad:
        leaf.grad = leaf.grad + g
    else:
        # in place, as PyTorch accumulates
        backend.of(leaf.grad.device).accumulate_(leaf.grad._data, g._data)
        leaf.grad._version_counter.value += 1


def _unshared(g: Tensor, leaf: Tensor) -> bool:
    """Whether gradient ``g`` is referenced by the engine only (not by a hook, a saved
    tensor, another leaf, the caller), owns its memory alone and is laid out like ``leaf``."""
    if sys.getrefcount(g) > _HELD or g._requires_grad or g._base is not None:
        return False
    return backend.of(g.device).unshared(g._data, leaf._data)


def _held_by_hand_over() -> int:  # holds a gradient as _hand_over does
    g = object()
    return _held_by_accumulate(g)


def _held_by_accumulate(g) -> int:  # passes it on as _accumulate does
    return _counted(g)


def _counted(g) -> int:  # counts as _unshared does
    return sys.getrefcount(g)


# references to a gradient nothing else holds, seen from _unshared (measured, as they differ
# between Python versions)
_HELD = _held_by_hand_over()


def _detached_copy(g: Tensor, leaf: Tensor) -> Tensor:
    """The gradient a leaf keeps: it owns its memory (g may be a view of a temporary or the
    caller's ``gradient=`` tensor) and, for a leaf laid out otherwise than row-major (a
    channels-last or transposed weight), takes the leaf's layout, as PyTorch's gradient
    layout contract says."""
    ops = backend.of(g.device)
    if ops.is_contiguous(leaf._data) or g.shape != leaf.shape:
        return Tensor._make(ops.clone(g._data), g.device, dtype=g._dtype)
    data = ops.empty_like(tuple(g.shape), g._dtype.np, (leaf._data,))
    ops.copy_(data, g._data)
    return Tensor._make(data, g.device, dtype=g._dtype)


def _run_node(node: Function, out_grads: list, create_graph: bool):
    """The node's input gradients, with its pre-hooks and hooks (``grad_fn.register_hook``)
    run around its VJP."""
    hooks = node.__dict__.get("_prehooks")
    if hooks:
        for hook in list(hooks):
            changed = hook(tuple(out_grads))
            if changed is not None:
                out_grads = list(changed)
    in_grads = _call_vjp(node, out_grads, create_graph)
    hooks = node.__dict__.get("_hooks")
    if hooks:
        for hook in list(hooks):
            changed = hook(tuple(in_grads), tuple(out_grads))
            if changed is not None:
                in_grads = tuple(changed)
    return in_grads


def _call_vjp(node: Function, out_grads: list, create_graph: bool):
    if node._freed:
        raise RuntimeError(FREED_MESSAGE)
    packed = node._packed
    if packed is not None:  # saved under saved_tensors_hooks: unpack (no version check)
        versions = node._versions
        node._packed, node.saved, node._versions = None, unpack_saved(packed), ()
        try:
            return _call_vjp(node, out_grads, create_graph)
        finally:
            node._packed, node.saved, node._versions = packed, packed, versions
    for t, v in zip(node.saved, node._versions):
        if v is not None and t._version != v:
            _modified_error(node)
    if node._custom or (create_graph and node._saved_outputs):
        saved = node.saved
        if create_graph and node._saved_outputs:
            node.saved = _differentiable_outputs(node)
        try:
            if node._custom:
                if node._materialize:
                    grads = [
                        g if g is not None else _zeros_for(node, i) for i, g in enumerate(out_grads)
                    ]
                else:  # (set_materialize_grads(False): backward gets None)
                    grads = out_grads
                result = _custom_grads(node, type(node).backward(node, *grads))
            else:
                result = node.vjp(out_grads[0])
        finally:
            node.saved = saved
    else:
        result = node.vjp(out_grads[0])
    if type(result) is tuple:
        return result
    return (result,) if isinstance(result, Tensor) else _as_tuple(result)


def _custom_grads(node, result) -> tuple:
    """A custom backward's gradients, one per forward argument (PyTorch's count check)."""
    result = result if type(result) is tuple else (result,)
    expected = len(node.inputs)
    if len(result) != expected and (
        len(result) < expected or any(g is not None for g in result[expected:])
    ):
        raise RuntimeError(
            f"function {node.name()} returned an incorrect number of gradients (expected "
            f"{expected}, got {len(result)})"
        )
    return result[:expected]


def _zeros_for(node, i):
    meta = node._output_meta[i]
    if meta is None:
        return None
    shape, dtype, device = meta
    return Tensor._make(backend.of(device).full(tuple(shape), 0, dtype.np), device)


def _differentiable_outputs(node) -> tuple:
    """For double backward, an op's saved output must lead back to the op itself: fresh
    aliases whose node is this one (made only under create_graph, so no cycle otherwise)."""
    from .function import _alias

    saved = list(node.saved)
    for i in node._saved_outputs:
        alias = _alias(saved[i])
        alias.grad_fn = node
        alias._requires_grad = True
        saved[i] = alias
    return tuple(saved)


def _modified_error(node) -> None:
    for i, (t, v) in enumerate(zip(node.saved, node._versions)):
        if v is not None and t._version != v:
            raise RuntimeError(
                "one of the variables needed for gradient computation has been modified by an "
                f"inplace operation: [{t.type()} {list(t.shape)}], which is output "
                f"{i} of {node.node_name}, is at version {t._version}; expected version {v} "
                "instead. Hint: enable anomaly detection to find the operation that failed to "
                "compute its gradient, with torch.autograd.set_detect_anomaly(True)."
            )


def zero_grads(tensors, set_to_none: bool = True) -> None:
    """Reset the ``.grad`` of each tensor: to None, or to zeros in place (detached)."""
    for t in tensors:
        if t.grad is None:
            continue
        if set_to_none:
            t.grad = None
        else:
            t.grad = t.grad.detach()
            t.grad.zero_()


def backward(
    tensors, grad_tensors=None, retain_graph=None, create_graph=False, inputs=None
) -> None:
    r"""Computes the sum of gradients of ``tensors`` with respect to the graph leaves and
    accumulates them into the leaves' ``.grad``.

    The graph is differentiated with the chain rule. Non-scalar tensors need a
    ``grad_tensors`` entry (the vector of the vector-Jacobian product). ``tensor.backward()``
    is this function on one tensor.

    Args:
        tensors (Tensor or sequence of Tensor): the tensors to differentiate.
        grad_tensors (Tensor or sequence of Tensor or None, optional): the gradient with
            respect to each tensor (``None`` for a scalar: ``1``).
        retain_graph (bool, optional): keep the graph's saved tensors to backward through
            it again. Default: the value of ``create_graph``
        create_graph (bool): record the backward pass itself, for higher-order
            derivatives. Default: ``False``
        inputs (Tensor or sequence of Tensor, optional): accumulate into these tensors'
            ``.grad`` only (leaves or not); one the graph does not reach is left alone.

    Example::

        >>> x = torch.tensor([1.0, 2.0], requires_grad=True)
        >>> torch.autograd.backward(x * 2, grad_tensors=torch.ones(2))
        >>> x.grad
        tensor([2., 2.])
        >>> a = torch.tensor(2.0, requires_grad=True)
        >>> b = torch.tensor(3.0, requires_grad=True)
        >>> torch.autograd.backward([a * b], inputs=[a])
        >>> a.grad, b.grad
        (tensor(3.), None)
    """
    tensors = _as_tuple(tensors)
    grads = _as_tuple(grad_tensors) if grad_tensors is not None else ()
    if retain_graph is None:
        retain_graph = create_graph
    if inputs is None:
        run_backward(tensors, grads, retain_graph, create_graph)
        return
    inputs = _as_tuple(inputs)
    if not inputs:
        raise RuntimeError("`inputs` argument to `backward()` cannot be empty.")
    found = run_backward(
        tensors, grads, retain_graph, create_graph, capture=inputs, allow_unused=True
    )
    previous = is_grad_enabled()
    _set_enabled(create_graph)
    try:
        for t, g in zip(inputs, found):
            if g is not None:
                _accumulate(t, g, create_graph)
                if t.grad_fn is None:
                    _post_accumulate(t)
    finally:
        _set_enabled(previous)


def grad(
    outputs,
    inputs,
    grad_outputs=None,
    retain_graph=None,
    create_graph=False,
    only_inputs=True,
    allow_unused=None,
    is_grads_batched=False,
    materialize_grads=False,
):
    r"""Computes and returns the sum of gradients of ``outputs`` with respect to
    ``inputs`` (nothing is accumulated into ``.grad``).

    Args:
        outputs (Tensor or sequence of Tensor): the outputs of the differentiated function.
        inputs (Tensor or sequence of Tensor): the tensors to differentiate with respect to
            (they must require grad).
        grad_outputs (sequence of Tensor, optional): the vector of the vector-Jacobian
            product, one per output (``None`` for a scalar output: ``1``).
        retain_graph (bool, optional): keep the graph to differentiate it again.
            Default: the value of ``create_graph``
        create_graph (bool): record the derivative's graph, for higher-order derivatives.
            Default: ``False``
        allow_unused (bool, optional): return ``None`` for inputs the outputs do not
            depend on instead of raising. Default: ``False``
        materialize_grads (bool): return zeros instead of ``None`` for unused inputs.
            Default: ``False``
        only_inputs, is_grads_batched: accepted for PyTorch compatibility.

    Returns:
        tuple of Tensor: one gradient per input.

    Example::

        >>> x = torch.tensor([1.0, 2.0], requires_grad=True)
        >>> torch.autograd.grad((x ** 2).sum(), x)
        (tensor([2., 4.]),)
        >>> (g,) = torch.autograd.grad((x ** 3).sum(), x, create_graph=True)
        >>> g
        tensor([ 3., 12.], grad_fn=<MulBackward0>)
        >>> torch.autograd.grad(g.sum(), x)  # the second derivative, 6x
        (tensor([ 6., 12.]),)
    """
    outputs = _as_tuple(outputs)
    inputs = _as_tuple(inputs)
    for t in inputs:
        if not t.requires_grad:
            raise RuntimeError("One of the differentiated Tensors does not require grad")
    grads = _as_tuple(grad_outputs) if grad_outputs is not None else ()
    if retain_graph is None:
        retain_graph = create_graph
    result = run_backward(
        outputs,
        grads,
        retain_graph,
        create_graph,
        capture=inputs,
        allow_unused=bool(allow_unused) or materialize_grads,
    )
    if materialize_grads:
        result = tuple(t.new_zeros(t.shape) if g is None else g for g, t in zip(result, inputs))
    return result


__all__ = ["backward", "grad", "is_grad_enabled", "sum_to_shape", "zero_grads"]
