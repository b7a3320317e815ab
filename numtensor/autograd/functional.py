"""``torch.autograd.functional``: vjp, jvp, jacobian, hessian, vhp and hvp of a function.

Each runs the user's function on fresh inputs that require grad and differentiates it with
``autograd.grad``, exactly as PyTorch's module does; forward-mode products (jvp, hvp) use the
"double backward trick": with ``g(u) = J^T u`` (linear in a dummy ``u``), ``J v`` is the
gradient of ``<g(u), v>`` with respect to ``u``. ``vectorize=True`` is accepted and gives the
same results by looping over the basis vectors (numtensor has no batched-gradient engine);
``strategy="forward-mode"`` computes the same Jacobian through the reverse-mode engine.
Results are detached unless ``create_graph=True``.
"""

from __future__ import annotations

import numtensor as _nt

from .._tensor_base import Tensor
from ._graph_walk import reaches_other_leaves
from .engine import grad as _grad
from .grad_mode import enable_grad, is_grad_enabled, set_grad_enabled

__all__ = ["hessian", "hvp", "jacobian", "jvp", "vhp", "vjp"]


# ---- argument handling (PyTorch's helpers, same messages) ------------------------------------


def _as_tuple(inp, arg_name: str, fn_name: str) -> tuple:
    is_tuple = isinstance(inp, tuple)
    if not is_tuple:
        inp = (inp,)
    for i, el in enumerate(inp):
        if not isinstance(el, Tensor):
            where = f"value at index {i}" if is_tuple else f"given {arg_name}"
            raise TypeError(
                f"The {arg_name} given to {fn_name} must be either a Tensor or a tuple of "
                f"Tensors but the {where} has type {type(el)}."
            )
    return is_tuple, inp


def _tuple_postprocess(res, to_unpack):
    if isinstance(to_unpack, tuple):
        if not to_unpack[1]:
            res = tuple(el[0] for el in res)
        if not to_unpack[0]:
            res = res[0]
    elif not to_unpack:
        res = res[0]
    return res


def _grad_preprocess(inputs, create_graph: bool, need_graph: bool) -> tuple:
    """Fresh tensors to differentiate with respect to: a view (still differentiable with
    respect to the caller's graph) under create_graph, else a detached leaf."""
    return tuple(
        inp.view_as(inp)
        if create_graph and inp.requires_grad
        else inp.detach().requires_grad_(need_graph)
        for inp in inputs
    )


def _grad_postprocess(inputs, create_graph: bool):
    if isinstance(inputs[0], Tensor):
        return inputs if create_graph else tuple(inp.detach() for inp in inputs)
    return tuple(_grad_postprocess(inp, create_graph) for inp in inputs)


def _validate_v(v, other, is_other_tuple: bool) -> None:
    if len(other) != len(v):
        if is_other_tuple:
            raise RuntimeError(
                f"v is a tuple of invalid length: should be {len(other)} but got {len(v)}."
            )
        raise RuntimeError("The given v should contain a single Tensor.")
    for idx, (el_v, el_other) in enumerate(zip(v, other)):
        if el_v.size() != el_other.size():
            prepend = f"Entry {idx} in " if is_other_tuple else ""
            raise RuntimeError(
                f"{prepend}v has invalid size: should be {el_other.size()} but got {el_v.size()}."
            )


_STRICT_MESSAGES = {
    "hessian": (
        "The hessian of the user-provided function with respect to input {i} is independent "
        "of the input. This is not allowed in strict mode. You should ensure that your "
        "function is thrice differentiable and that the hessian depends on the inputs."
    ),
    "jacobian": (
        "While computing the hessian, found that the jacobian of the user-provided function "
        "with respect to input {i} is independent of the input. This is not allowed in strict "
        "mode. You should ensure that your function is twice differentiable and that the "
        "jacobian depends on the inputs (this would be violated by a linear function for "
        "example)."
    ),
    "grad_inputs": (
        "The gradient with respect to input {i} is independent of the inputs of the "
        "user-provided function. This is not allowed in strict mode."
    ),
    "outputs": (
        "Output {i} of the user-provided function does not require gradients. The outputs "
        "must be computed in a differentiable manner from the input when running in strict "
        "mode."
    ),
}


def _check_requires_grad(inputs, input_type: str, strict: bool) -> None:
    if not strict:
        return
    for i, inp in enumerate(inputs):
        if inp is None:
            raise RuntimeError(
                f"The output of the user-provided function is independent of input {i}. This "
                "is not allowed in strict mode."
            )
        if not inp.requires_grad:
            raise RuntimeError(_STRICT_MESSAGES[input_type].format(i=i))


def _autograd_grad(outputs, inputs, grad_outputs=None, create_graph=False, retain_graph=None):
    """autograd.grad over the outputs that require grad (None for every input if none does)."""
    if grad_outputs is None:
        grad_outputs = (None,) * len(outputs)
    kept = [(o, g) for o, g in zip(outputs, grad_outputs) if o is not None and o.requires_grad]
    if not kept:
        return (None,) * len(inputs)
    return _grad(
        tuple(o for o, _ in kept),
        inputs,
        tuple(g for _, g in kept),
        allow_unused=True,
        create_graph=create_graph,
        retain_graph=retain_graph,
    )


_FILL_MESSAGES = {
    "back": (
        "The output of the user-provided function is independent of input {i}. This is not "
        "allowed in strict mode."
    ),
    "back_trick": (
        "The gradient with respect to the input is independent of entry {i} in the "
        "grad_outputs when using the double backward trick to compute forward mode gradients. "
        "This is not allowed in strict mode."
    ),
    "double_back": (
        "The jacobian of the user-provided function is independent of input {i}. This is not "
        "allowed in strict mode."
    ),
    "double_back_trick": (
        "The hessian of the user-provided function is independent of entry {i} in the "
        "grad_jacobian. This is not allowed in strict mode as it prevents from using the "
        "double backward trick to replace forward mode AD."
    ),
}


def _fill_in_zeros(grads, refs, strict: bool, create_graph: bool, stage: str) -> tuple:
    res = []
    for i, grads_i in enumerate(grads):
        if grads_i is None:
            if strict:
                raise RuntimeError(_FILL_MESSAGES[stage].format(i=i))
            grads_i = _nt.zeros_like(refs[i])
        elif strict and create_graph and not grads_i.requires_grad:
            what = "hessian" if "double" in stage else "jacobian"
            raise RuntimeError(
                f"The {what} of the user-provided function is independent of input {i}. This "
                "is not allowed in strict mode when create_graph=True."
            )
        res.append(grads_i)
    return tuple(res)


def _prepare_v(v, refs, is_refs_tuple: bool, create_graph: bool, fn_name: str, what: str):
    if v is not None:
        _, v = _as_tuple(v, "v", fn_name)
        v = _grad_preprocess(v, create_graph=create_graph, need_graph=False)
        _validate_v(v, refs, is_refs_tuple)
        return v
    if len(refs) != 1 or refs[0].nelement() != 1:
        raise RuntimeError(
            f"The vector v can only be None if the {what} a single Tensor with a single element."
        )
    return None


# ---- the products ----------------------------------------------------------------------------


def vjp(func, inputs, v=None, create_graph: bool = False, strict: bool = False):
    """The vector-Jacobian product ``v^T J`` of ``func`` at ``inputs``.

    Args:
        func: a function of Tensors returning a Tensor or a tuple of Tensors.
        inputs: a Tensor or a tuple of Tensors, the point of evaluation.
        v: the vector(s), shaped like ``func``'s outputs (optional when the output has a
            single element: then 1).
        create_graph: make the results differentiable.
        strict: raise when an input has no influence on the outputs (else zeros).

    Returns:
        ``(func_output, vjp)``, vjp shaped like ``inputs``.

    Example::

        >>> x = torch.tensor([[0.0, 1.0], [2.0, 0.5]])
        >>> torch.autograd.functional.vjp(lambda t: t.exp().sum(1), x, torch.ones(2))
        (tensor([3.7183, 9.0378]), tensor([[1.0000, 2.7183],
                [7.3891, 1.6487]]))
    """
    with enable_grad():
        is_inputs_tuple, inputs = _as_tuple(inputs, "inputs", "vjp")
        inputs = _grad_preprocess(inputs, create_graph=create_graph, need_graph=True)
        outputs = func(*inputs)
        is_outputs_tuple, outputs = _as_tuple(
            outputs, "outputs of the user-provided function", "vjp"
        )
        _check_requires_grad(outputs, "outputs", strict=strict)
        v = _prepare_v(
            v, outputs, is_outputs_tuple, create_graph, "vjp", "user-provided function returns"
        )
    with set_grad_enabled(True if create_graph else is_grad_enabled()):
        grad_res = _autograd_grad(outputs, inputs, v, create_graph=create_graph)
        result = _fill_in_zeros(grad_res, inputs, strict, create_graph, "back")
    outputs = _grad_postprocess(outputs, create_graph)
    result = _grad_postprocess(result, create_graph)
    return _tuple_postprocess(outputs, is_outputs_tuple), _tuple_postprocess(
        result, is_inputs_tuple
    )


def jvp(func, inputs, v=None, create_graph: bool = False, strict: bool = False):
    """The Jacobian-vector product ``J v`` of ``func`` at ``inputs`` (computed with the double
    backward trick, as PyTorch's does).

    Args:
        func: a function of Tensors returning a Tensor or a tuple of Tensors.
        inputs: a Tensor or a tuple of Tensors.
        v: the vector(s), shaped like ``inputs`` (optional for a single one-element input).
        create_graph: make the results differentiable.
        strict: raise when an output does not depend on the inputs (else zeros).

    Returns:
        ``(func_output, jvp)``, jvp shaped like the outputs.

    Example::

        >>> x = torch.tensor([1.0, 2.0, 3.0])
        >>> torch.autograd.functional.jvp(lambda t: t ** 2, x, torch.ones(3))
        (tensor([1., 4., 9.]), tensor([2., 4., 6.]))
    """
    with enable_grad():
        is_inputs_tuple, inputs = _as_tuple(inputs, "inputs", "jvp")
        inputs = _grad_preprocess(inputs, create_graph=create_graph, need_graph=True)
        v = _prepare_v(
            v,
            inputs,
            is_inputs_tuple,
            create_graph,
            "jvp",
            "input to the user-provided function is",
        )
        outputs = func(*inputs)
        is_outputs_tuple, outputs = _as_tuple(
            outputs, "outputs of the user-provided function", "jvp"
        )
        _check_requires_grad(outputs, "outputs", strict=strict)
        grad_outputs = tuple(_nt.zeros_like(out, requires_grad=True) for out in outputs)
        grad_inputs = _autograd_grad(outputs, inputs, grad_outputs, create_graph=True)
        _check_requires_grad(grad_inputs, "grad_inputs", strict=strict)
    with set_grad_enabled(True if create_graph else is_grad_enabled()):
        grad_res = _autograd_grad(grad_inputs, grad_outputs, v, create_graph=create_graph)
        result = _fill_in_zeros(grad_res, outputs, strict, create_graph, "back_trick")
    outputs = _grad_postprocess(outputs, create_graph)
    result = _grad_postprocess(result, create_graph)
    return _tuple_postprocess(outputs, is_outputs_tuple), _tuple_postprocess(
        result, is_outputs_tuple
    )


def _jacobian_rows(out, inputs, i: int, strict: bool, create_graph: bool) -> tuple:
    """d out / d inputs[k] for each k, shaped ``out.shape + inputs[k].shape``: one backward
    pass per element of ``out``."""
    rows = tuple([] for _ in inputs)
    flat = out.reshape(-1)
    for j in range(out.nelement()):
        vj = _autograd_grad((flat[j],), inputs, retain_graph=True, create_graph=create_graph)
        for k, (row, vj_el, inp) in enumerate(zip(rows, vj, inputs)):
            if vj_el is not None:
                if strict and create_graph and not vj_el.requires_grad:
                    raise RuntimeError(
                        f"The jacobian of the user-provided function is independent of input "
                        f"{i}. This is not allowed in strict mode when create_graph=True."
                    )
                row.append(vj_el)
            else:
                if strict:
                    raise RuntimeError(
                        f"Output {i} of the user-provided function is independent of input "
                        f"{k}. This is not allowed in strict mode."
                    )
                row.append(_nt.zeros_like(inp))
    return tuple(
        _nt.stack(row, dim=0).view(out.size() + inputs[k].size()) for k, row in enumerate(rows)
    )


def jacobian(
    func,
    inputs,
    create_graph: bool = False,
    strict: bool = False,
    vectorize: bool = False,
    strategy: str = "reverse-mode",
):
    """The Jacobian of ``func`` at ``inputs``.

    Args:
        func: a function of Tensors returning a Tensor or a tuple of Tensors.
        inputs: a Tensor or a tuple of Tensors.
        create_graph: make the Jacobian differentiable.
        strict: raise when an output is independent of an input (else zeros).
        vectorize: accepted for compatibility; numtensor loops over the output elements
            either way (same results).
        strategy: ``"reverse-mode"`` or ``"forward-mode"`` (which, as in PyTorch, requires
            ``vectorize=True`` and ``create_graph=False``, and is computed here through the
            reverse-mode engine).

    Returns:
        A Tensor of shape ``output.shape + input.shape`` for one input and one output; a
        tuple over inputs for tuple inputs; a tuple over outputs (of those) for tuple outputs.

    Example::

        >>> torch.autograd.functional.jacobian(lambda t: t.exp(), torch.tensor([0.0, 1.0]))
        tensor([[1.0000, 0.0000],
                [0.0000, 2.7183]])
        >>> a, b = torch.tensor([1.0, 2.0]), torch.tensor([3.0, 4.0])
        >>> torch.autograd.functional.jacobian(lambda a, b: a * b, (a, b))
        (tensor([[3., 0.],
                [0., 4.]]), tensor([[1., 0.],
                [0., 2.]]))
    """
    if strategy not in ("forward-mode", "reverse-mode"):
        raise AssertionError(
            'Expected strategy to be either "forward-mode" or "reverse-mode". Hint: If your '
            'function has more outputs than inputs, "forward-mode" tends to be more performant. '
            'Otherwise, prefer to use "reverse-mode".'
        )
    if strategy == "forward-mode":
        if create_graph:
            raise NotImplementedError(
                "torch.autograd.functional.jacobian: `create_graph=True` and "
                '`strategy="forward-mode"` are not supported together (yet). Please either set '
                '`create_graph=False` or `strategy="reverse-mode"`.'
            )
        if strict:
            raise RuntimeError(
                "torch.autograd.functional.jacobian: `strict=True` and "
                '`strategy="forward-mode"` are not supported together (yet). Please either set '
                '`strict=False` or `strategy="reverse-mode"`.'
            )
        return _jacobian_forward(func, inputs, vectorize, False)
    with enable_grad():
        is_inputs_tuple, inputs = _as_tuple(inputs, "inputs", "jacobian")
        inputs = _grad_preprocess(inputs, create_graph=create_graph, need_graph=True)
        outputs = func(*inputs)
        is_outputs_tuple, outputs = _as_tuple(
            outputs, "outputs of the user-provided function", "jacobian"
        )
        _check_requires_grad(outputs, "outputs", strict=strict)
        if vectorize and strict:
            raise RuntimeError(
                "torch.autograd.functional.jacobian: `strict=True` and `vectorized=True` are "
                "not supported together. Please either set `strict=False` or "
                "`vectorize=False`."
            )
        result = tuple(
            _jacobian_rows(out, inputs, i, strict, create_graph) for i, out in enumerate(outputs)
        )
        result = _grad_postprocess(result, create_graph)
        return _tuple_postprocess(result, (is_outputs_tuple, is_inputs_tuple))


def _jacobian_forward(func, inputs, vectorize: bool, inputs_require_grad: bool):
    """``strategy="forward-mode"``: the same Jacobian, from the reverse-mode engine. Like the
    tangents of PyTorch's dual tensors, a block requires grad only where it depends on
    something else that requires grad (or on the inputs, when ``inputs_require_grad``: the
    outer Jacobian of a forward-over-reverse Hessian)."""
    is_inputs_tuple, inputs = _as_tuple(inputs, "inputs", "jacobian")
    if not vectorize:
        raise NotImplementedError(
            "Computing Jacobian using forward-AD or forward-over-reverse Hessian is"
            "only implemented for `vectorize=True`."
        )
    with enable_grad():
        leaves = tuple(inp.detach().requires_grad_(True) for inp in inputs)
        outputs = func(*leaves)
        is_outputs_tuple, outputs = _as_tuple(outputs, "outputs", "jacobian")
        result = tuple(_jacobian_rows(out, leaves, i, False, True) for i, out in enumerate(outputs))
    own = set() if inputs_require_grad else {id(t) for t in leaves}
    # (lists, not tuples: as PyTorch's forward mode returns them)
    result = [[j if reaches_other_leaves((j,), own) else j.detach() for j in row] for row in result]
    return _tuple_postprocess(result, (is_outputs_tuple, is_inputs_tuple))


def hessian(
    func,
    inputs,
    create_graph: bool = False,
    strict: bool = False,
    vectorize: bool = False,
    outer_jacobian_strategy: str = "reverse-mode",
):
    """The Hessian of the scalar function ``func`` at ``inputs``.

    Args:
        func: a function of Tensors returning a Tensor with a single element.
        inputs: a Tensor or a tuple of Tensors.
        create_graph, strict, vectorize: as for :func:`jacobian`.
        outer_jacobian_strategy: the strategy of the outer :func:`jacobian`.

    Returns:
        A Tensor of shape ``input.shape + input.shape``; for tuple inputs, a tuple of tuples
        where ``H[i][j]`` has shape ``inputs[i].shape + inputs[j].shape``.

    Example::

        >>> torch.autograd.functional.hessian(lambda t: t.pow(3).sum(), torch.tensor([1.0, 2.0]))
        tensor([[ 6.,  0.],
                [ 0., 12.]])
    """
    is_inputs_tuple, inputs = _as_tuple(inputs, "inputs", "hessian")
    if outer_jacobian_strategy not in ("forward-mode", "reverse-mode"):
        raise AssertionError('Expected strategy to be either "forward-mode" or "reverse-mode".')

    def ensure_single_output_function(*inp):
        out = func(*inp)
        is_out_tuple, t_out = _as_tuple(out, "outputs of the user-provided function", "hessian")
        _check_requires_grad(t_out, "outputs", strict=strict)
        if is_out_tuple or not isinstance(out, Tensor):
            raise RuntimeError("The function given to hessian should return a single Tensor")
        if out.nelement() != 1:
            raise RuntimeError(
                "The Tensor returned by the function given to hessian should contain a single "
                "element"
            )
        return out.squeeze()

    def jac_func(*inp):
        if outer_jacobian_strategy == "forward-mode":
            inp = tuple(t.requires_grad_(True) for t in inp)
        jac = jacobian(ensure_single_output_function, inp, create_graph=True)
        _check_requires_grad(jac, "jacobian", strict=strict)
        return jac

    if outer_jacobian_strategy == "forward-mode" and not create_graph and not strict:
        # (jac_func makes the inputs require grad: PyTorch's blocks then require grad)
        res = _jacobian_forward(jac_func, inputs, vectorize, True)
    else:
        res = jacobian(
            jac_func,
            inputs,
            create_graph=create_graph,
            strict=strict,
            vectorize=vectorize,
            strategy=outer_jacobian_strategy,
        )
    return _tuple_postprocess(res, (is_inputs_tuple, is_inputs_tuple))


def _scalar_output(func, inputs, strict: bool, fn_name: str):
    outputs = func(*inputs)
    is_outputs_tuple, outputs = _as_tuple(outputs, "outputs of the user-provided function", fn_name)
    _check_requires_grad(outputs, "outputs", strict=strict)
    if is_outputs_tuple or not isinstance(outputs[0], Tensor):
        raise RuntimeError(f"The function given to {fn_name} should return a single Tensor")
    if outputs[0].nelement() != 1:
        raise RuntimeError(
            f"The Tensor returned by the function given to {fn_name} should contain a single "
            "element"
        )
    return is_outputs_tuple, outputs


def _first_derivative(func, inputs, v, create_graph: bool, strict: bool, name: str):
    """vhp's and hvp's common start (under enable_grad): the inputs and ``v`` prepared, the
    scalar output, and its gradient with a graph (to be differentiated again)."""
    is_inputs_tuple, inputs = _as_tuple(inputs, "inputs", name)
    inputs = _grad_preprocess(inputs, create_graph=create_graph, need_graph=True)
    v = _prepare_v(
        v, inputs, is_inputs_tuple, create_graph, name, "input to the user-provided function is"
    )
    is_outputs_tuple, outputs = _scalar_output(func, inputs, strict, name)
    jac = _autograd_grad(outputs, inputs, create_graph=True)
    _check_requires_grad(jac, "jacobian", strict=strict)
    return is_inputs_tuple, inputs, v, is_outputs_tuple, outputs, jac


def vhp(func, inputs, v=None, create_graph: bool = False, strict: bool = False):
    """The vector-Hessian product ``v^T H`` of the scalar function ``func`` at ``inputs``.

    Args:
        func: a function of Tensors returning a Tensor with a single element.
        inputs: a Tensor or a tuple of Tensors.
        v: shaped like ``inputs`` (optional for a single one-element input).
        create_graph, strict: as for :func:`vjp`.

    Returns:
        ``(func_output, vhp)``, vhp shaped like ``inputs``.

    Example::

        >>> x = torch.tensor([1.0, 2.0])
        >>> torch.autograd.functional.vhp(lambda t: t.pow(3).sum(), x, torch.ones(2))
        (tensor(9.), tensor([ 6., 12.]))
    """
    with enable_grad():
        is_inputs_tuple, inputs, v, is_outputs_tuple, outputs, jac = _first_derivative(
            func, inputs, v, create_graph, strict, "vhp"
        )
    with set_grad_enabled(True if create_graph else is_grad_enabled()):
        grad_res = _autograd_grad(jac, inputs, v, create_graph=create_graph)
        result = _fill_in_zeros(grad_res, inputs, strict, create_graph, "double_back")
    outputs = _grad_postprocess(outputs, create_graph)
    result = _grad_postprocess(result, create_graph)
    return _tuple_postprocess(outputs, is_outputs_tuple), _tuple_postprocess(
        result, is_inputs_tuple
    )


def hvp(func, inputs, v=None, create_graph: bool = False, strict: bool = False):
    """The Hessian-vector product ``H v`` of the scalar function ``func`` at ``inputs`` (the
    double backward trick on top of a double backward, as PyTorch computes it).

    Args:
        func: a function of Tensors returning a Tensor with a single element.
        inputs: a Tensor or a tuple of Tensors.
        v: shaped like ``inputs`` (optional for a single one-element input).
        create_graph, strict: as for :func:`vjp`.

    Returns:
        ``(func_output, hvp)``, hvp shaped like ``inputs``.

    Example::

        >>> x = torch.tensor([1.0, 2.0])
        >>> torch.autograd.functional.hvp(lambda t: t.pow(3).sum(), x, torch.ones(2))
        (tensor(9.), tensor([ 6., 12.]))
    """
    with enable_grad():
        is_inputs_tuple, inputs, v, is_outputs_tuple, outputs, jac = _first_derivative(
            func, inputs, v, create_graph, strict, "hvp"
        )
        grad_jac = tuple(_nt.zeros_like(inp, requires_grad=True) for inp in inputs)
        double_back = _autograd_grad(jac, inputs, grad_jac, create_graph=True)
        _check_requires_grad(jac, "hessian", strict=strict)
    with set_grad_enabled(True if create_graph else is_grad_enabled()):
        grad_res = _autograd_grad(double_back, grad_jac, v, create_graph=create_graph)
        result = _fill_in_zeros(grad_res, inputs, strict, create_graph, "double_back_trick")
    outputs = _grad_postprocess(outputs, create_graph)
    result = _grad_postprocess(result, create_graph)
    return _tuple_postprocess(outputs, is_outputs_tuple), _tuple_postprocess(
        result, is_inputs_tuple
    )
