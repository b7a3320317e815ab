"""torch.func's autodiff transforms: grad, grad_and_value, vjp, jvp, jacrev, jacfwd, hessian.

numtensor has one tape-based reverse-mode engine, so the transforms run the function on fresh
tensors that require grad and differentiate with ``autograd.grad``. Transforms nest
(``grad(grad(f))``, ``jacfwd(jacrev(f))``): inside another transform the results keep their
graph; at the outermost level they are detached unless they depend on something the caller
made require grad (as PyTorch's would require grad then too). Forward-mode products (jvp,
jacfwd) are computed through the reverse engine: jvp with the double backward trick
(``J t = d/du <J^T u, t>``), jacfwd row by row as jacrev does (same values).
"""

from __future__ import annotations

import functools

import numtensor as _nt

from .._tensor_base import Tensor
from ..autograd._graph_walk import mark_own, reaches_other_leaves
from ..autograd.engine import grad as _autograd_grad
from ..autograd.grad_mode import enable_grad
from ._pytree import describe, same_structure, tree_flatten, tree_unflatten

_DEPTH = [0]  # how many autodiff transforms are running their function now


# ---- shared pieces ---------------------------------------------------------------------------


def _tensor_leaves(output, what: str):
    """The leaves and structure of a function's output, which must all be tensors."""
    leaves, spec = tree_flatten(output)
    for o in leaves:
        if not isinstance(o, Tensor):
            raise RuntimeError(f"{what} to return only tensors, got unsupported type {type(o)}")
    return leaves, spec


def _check_argnums(argnums, n_args: int) -> tuple:
    """The positions differentiated, as a tuple (and whether one int was given)."""
    if isinstance(argnums, bool) or not isinstance(argnums, (int, tuple)):
        raise RuntimeError(f"argnums must be int or Tuple[int, ...], got: {type(argnums)}")
    items = (argnums,) if isinstance(argnums, int) else argnums
    if not items:
        raise RuntimeError("argnums must be non-empty")
    for a in items:
        if isinstance(a, bool) or not isinstance(a, int):
            raise RuntimeError(f"argnums must be int or Tuple[int, ...], got: {type(argnums)}")
        if not -n_args <= a < n_args:
            raise RuntimeError(f"Got argnum={a}, but only {n_args} positional inputs")
    positions = tuple(a % n_args for a in items)
    if len(set(positions)) != len(positions):
        raise RuntimeError(f"argnums must be unique, got {argnums}")
    return positions


def _prepare_leaf(x):
    """The tensor the function sees in place of ``x``: differentiable with respect to it
    (a view when ``x`` already requires grad, so the caller's graph continues)."""
    if not isinstance(x, Tensor):
        raise ValueError(f"Thing passed to transform API must be Tensor, got {type(x)}")
    if x.requires_grad:
        return x.view_as(x)
    if not x.dtype.is_floating_point:
        raise RuntimeError("only Tensors of floating point dtype can require gradients")
    return mark_own(x.detach().requires_grad_(True))


def _prepare(args: tuple, positions: tuple):
    """``args`` with those at ``positions`` replaced by prepared trees; and the flat leaves
    and spec per position."""
    args = list(args)
    per_arg = []
    for p in positions:
        leaves, spec = tree_flatten(args[p])
        leaves = [_prepare_leaf(x) for x in leaves]
        args[p] = tree_unflatten(leaves, spec)
        per_arg.append((leaves, spec))
    return tuple(args), per_arg


def _nested() -> bool:
    """Whether a transform runs around this one (then results keep their graph)."""
    return _DEPTH[0] > 0


def _finish(tree):
    """Results at the outermost level: detached unless they depend on something that requires
    grad outside the transforms."""
    if _nested():
        return tree
    leaves, spec = tree_flatten(tree)
    leaves = [
        x.detach()
        if isinstance(x, Tensor) and x.requires_grad and not reaches_other_leaves((x,))
        else x
        for x in leaves
    ]
    return tree_unflatten(leaves, spec)


def _run(func, args, kwargs):
    """``func(*args, **kwargs)`` with grad mode on, counted as one transform level."""
    _DEPTH[0] += 1
    try:
        with enable_grad():
            return func(*args, **kwargs)
    finally:
        _DEPTH[0] -= 1


def _grads(outputs, cotangents, inputs, create_graph: bool) -> list:
    """d<outputs, cotangents>/d inputs, zeros for inputs the outputs do not depend on."""
    pairs = [(o, c) for o, c in zip(outputs, cotangents) if o.requires_grad]
    found = [None] * len(inputs)
    if pairs and inputs:
        with enable_grad():
            found = _autograd_grad(
                [o for o, _ in pairs],
                inputs,
                [c for _, c in pairs],
                retain_graph=True,
                create_graph=create_graph,
                allow_unused=True,
            )
    return [_nt.zeros_like(x) if g is None else g for g, x in zip(found, inputs)]


def _wants_graph(*trees) -> bool:
    """Whether gradients must be differentiable: nested, or something requires grad outside."""
    if _nested():
        return True
    leaves = [x for t in trees for x in tree_flatten(t)[0]]
    return reaches_other_leaves(leaves)


def _split_aux(output, has_aux: bool, api: str):
    if not has_aux:
        return output, None
    if not (isinstance(output, tuple) and len(output) == 2):
        raise RuntimeError(
            f"{api}: output of function f should be a tuple: (output, aux) if has_aux is True"
        )
    for leaf in tree_flatten(output[1])[0]:
        if not isinstance(leaf, Tensor):
            raise RuntimeError(f"Expected tensors, got unsupported type {type(leaf)}")
    return output


# ---- grad ------------------------------------------------------------------------------------


def grad_and_value(func, argnums=0, has_aux: bool = False):
    """Like :func:`grad`, but the returned function gives ``(gradients, value)`` (with
    ``has_aux``: ``(gradients, (value, aux))``).

    Example::

        >>> torch.func.grad_and_value(lambda t: (t ** 2).sum())(torch.tensor([1.0, 2.0]))
        (tensor([2., 4.]), tensor(5.))
    """

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        api = "grad_and_value(f)(*args)"
        positions = _check_argnums(argnums, len(args))
        args, per_arg = _prepare(args, positions)
        output, aux = _split_aux(_run(func, args, kwargs), has_aux, api)
        if not isinstance(output, Tensor):
            raise RuntimeError(f"{api}: Expected f(*args) to return a Tensor, got {type(output)}")
        if output.dim() != 0:
            raise RuntimeError(
                f"{api}: Expected f(*args) to return a scalar Tensor, got tensor with "
                f"{output.dim()} dims. Maybe you wanted to use the vjp or jacrev APIs instead?"
            )
        flat = [x for leaves, _ in per_arg for x in leaves]
        grads = _grads([output], [None], flat, _wants_graph(output))
        trees, start = [], 0
        for leaves, spec in per_arg:
            trees.append(tree_unflatten(grads[start : start + len(leaves)], spec))
            start += len(leaves)
        result = trees[0] if isinstance(argnums, int) else tuple(trees)
        value = (output, aux) if has_aux else output
        return _finish(result), _finish(value)

    return wrapper


def grad(func, argnums=0, has_aux: bool = False):
    """The gradient transform: ``grad(f)(*args)`` is the gradient of the scalar ``f(*args)``
    with respect to ``args[argnums]`` (an int, or a tuple of ints for a tuple of gradients;
    each argument may be a tuple/list/dict of Tensors and gets gradients of that structure).
    With ``has_aux=True`` ``f`` returns ``(output, aux)`` and the result is
    ``(gradients, aux)``. Transforms compose: ``grad(grad(f))`` is a second derivative.

    Example::

        >>> x = torch.tensor([0.0, 1.0])
        >>> torch.func.grad(lambda t: t.sin().sum())(x)  # cos(x)
        tensor([1.0000, 0.5403])
        >>> a, b = torch.tensor([1.0, 2.0]), torch.tensor([3.0, 4.0])
        >>> torch.func.grad(lambda a, b: (a * b).sum(), argnums=(0, 1))(a, b)
        (tensor([3., 4.]), tensor([1., 2.]))
    """
    inner = grad_and_value(func, argnums, has_aux)

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        grads, value = inner(*args, **kwargs)
        return (grads, value[1]) if has_aux else grads

    return wrapper


# ---- vjp and jvp -----------------------------------------------------------------------------


def vjp(func, *primals, has_aux: bool = False):
    """``(output, vjp_fn)`` of ``func`` at ``primals`` (with ``has_aux``: ``(output, vjp_fn,
    aux)``); ``vjp_fn(cotangents)`` (shaped like the output, same structure) returns the
    tuple of vector-Jacobian products, one per primal (zeros where independent). vjp_fn may
    be called several times.

    Example::

        >>> x = torch.tensor([0.0, 1.0])
        >>> out, vjp_fn = torch.func.vjp(torch.sin, x)
        >>> out
        tensor([0.0000, 0.8415])
        >>> vjp_fn(torch.ones(2))
        (tensor([1.0000, 0.5403]),)
    """
    args, per_arg = _prepare(primals, tuple(range(len(primals))))
    output, aux = _split_aux(_run(func, args, {}), has_aux, "vjp(f, *primals)")
    out_leaves, out_spec = tree_flatten(output)
    for o in out_leaves:
        if not isinstance(o, Tensor):
            raise RuntimeError(
                "vjp(f, *primals): Expected f to be a function that has non-empty output, "
                f"and whose outputs are Tensors, got {type(o)}"
            )
    flat = [x for leaves, _ in per_arg for x in leaves]
    nested = _nested()

    def vjp_fn(cotangents, *, retain_graph=True, create_graph=None):
        cot_leaves, cot_spec = tree_flatten(cotangents)
        if not same_structure(cot_spec, out_spec):
            raise RuntimeError(
                "Expected pytree structure of cotangents to be the same as pytree structure "
                f"of outputs to the function. cotangents: {describe(cot_spec)}, primal "
                f"output: {describe(out_spec)}"
            )
        for i, (o, c) in enumerate(zip(out_leaves, cot_leaves)):
            if tuple(o.shape) != tuple(c.shape):
                raise RuntimeError(
                    f"Mismatch in shape: grad_output[{i}] has a shape of {c.shape} and "
                    f"output[{i}] has a shape of {o.shape}."
                )
        graph = nested or _wants_graph(output, cotangents)
        if create_graph is not None:
            graph = graph or create_graph
        grads = _grads(out_leaves, cot_leaves, flat, graph)
        trees, start = [], 0
        for leaves, spec in per_arg:
            trees.append(tree_unflatten(grads[start : start + len(leaves)], spec))
            start += len(leaves)
        return tuple(trees) if nested else _finish(tuple(trees))

    if has_aux:
        return _finish(output), vjp_fn, _finish(aux)
    return _finish(output), vjp_fn


def jvp(func, primals, tangents, *, strict: bool = False, has_aux: bool = False):
    """``(func(*primals), J @ tangents)`` (with ``has_aux``: also ``aux``): the
    Jacobian-vector product, computed with the double backward trick.

    Args:
        func: a function of ``*primals`` returning a Tensor or a tree of Tensors.
        primals: a tuple of arguments (each a Tensor or a tree of Tensors).
        tangents: a tuple of the same structure and shapes.

    Example::

        >>> x = torch.tensor([0.0, 1.0])
        >>> torch.func.jvp(torch.sin, (x,), (torch.ones(2),))
        (tensor([0.0000, 0.8415]), tensor([1.0000, 0.5403]))
    """
    api = "jvp(f, primals, tangents)"
    if not isinstance(primals, tuple):
        raise RuntimeError(
            f"{api}: Expected primals to be a tuple. E.g. it should be valid to call f(*primals)."
        )
    if not isinstance(tangents, tuple):
        raise RuntimeError(
            f"{api}: Expected tangents to be a tuple. E.g. it should be valid to call f(*tangents)."
        )
    p_leaves, p_spec = tree_flatten(primals)
    t_leaves, t_spec = tree_flatten(tangents)
    if not same_structure(p_spec, t_spec):
        raise RuntimeError(
            f"{api}: Expected primals and tangents to have the same python structure. For "
            f"example, if primals is a tuple of 3 tensors, tangents also must be. Got "
            f"primals with structure {describe(p_spec)} and tangents with structure "
            f"{describe(t_spec)}"
        )
    for p, t in zip(p_leaves, t_leaves):
        if not isinstance(p, Tensor) or not isinstance(t, Tensor):
            raise RuntimeError(f"{api}: Expected primals and tangents to be Tensors")
        if tuple(p.shape) != tuple(t.shape):
            raise RuntimeError(
                "Trying to set a forward gradient that has a different size than that of the "
                f"original Tensor, this is not supported. Tensor is of size {list(p.shape)} "
                f"while the given forward gradient is of size {list(t.shape)}."
            )
    args, per_arg = _prepare(primals, tuple(range(len(primals))))
    output, aux = _split_aux(_run(func, args, {}), has_aux, api)
    out_leaves, out_spec = _tensor_leaves(output, f"{api}: Expected f(*primals)")
    flat = [x for leaves, _ in per_arg for x in leaves]
    graph = _wants_graph(output, tangents)
    result = _jvp_leaves(out_leaves, flat, t_leaves, graph)
    tangent_out = tree_unflatten(result, out_spec)
    if has_aux:
        return _finish(output), _finish(tangent_out), _finish(aux)
    return _finish(output), _finish(tangent_out)


def _jvp_leaves(outputs, inputs, tangents, create_graph: bool) -> list:
    """J t for each output: with u_i = 0 requiring grad, g = J^T u is linear in u and
    J t = d<g, t>/du."""
    with enable_grad():
        diff = [o for o in outputs if o.requires_grad and o.dtype.is_floating_point]
        dummies = [mark_own(_nt.zeros_like(o, requires_grad=True)) for o in diff]
        vjps = (
            _autograd_grad(
                diff, inputs, dummies, retain_graph=True, create_graph=True, allow_unused=True
            )
            if diff and inputs
            else [None] * len(inputs)
        )
        pairs = [(g, t) for g, t in zip(vjps, tangents) if g is not None and g.requires_grad]
        found = [None] * len(dummies)
        if pairs and dummies:
            found = _autograd_grad(
                [g for g, _ in pairs],
                dummies,
                [t for _, t in pairs],
                retain_graph=True,
                create_graph=create_graph,
                allow_unused=True,
            )
    by_output = {id(o): f for o, f in zip(diff, found)}
    return [
        _nt.zeros_like(o) if by_output.get(id(o)) is None else by_output[id(o)] for o in outputs
    ]


# ---- Jacobians and the Hessian -----------------------------------------------------------------


def _jacobian_transform(func, argnums, has_aux: bool, api: str):
    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        positions = _check_argnums(argnums, len(args))
        args, per_arg = _prepare(args, positions)
        output, aux = _split_aux(_run(func, args, kwargs), has_aux, f"{api}(f, ...)(*args)")
        out_leaves, out_spec = _tensor_leaves(output, f"{api}(f, ...)(*args): Expected f(*args)")
        flat = [x for leaves, _ in per_arg for x in leaves]
        graph = _wants_graph(output)
        blocks = [_jacobian_of(o, flat, graph) for o in out_leaves]
        per_output = []
        for row in blocks:  # row: one Jacobian block per differentiated leaf
            trees, start = [], 0
            for leaves, spec in per_arg:
                trees.append(tree_unflatten(row[start : start + len(leaves)], spec))
                start += len(leaves)
            per_output.append(trees[0] if isinstance(argnums, int) else tuple(trees))
        result = _finish(tree_unflatten(per_output, out_spec))
        return (result, _finish(aux)) if has_aux else result

    return wrapper


def _jacobian_of(out: Tensor, inputs: list, create_graph: bool) -> list:
    """d out / d inputs[k], each shaped ``out.shape + inputs[k].shape``: one backward pass
    per element of ``out``."""
    if not out.requires_grad or out.numel() == 0:
        return [out.new_zeros((*out.shape, *x.shape), dtype=x.dtype) for x in inputs]
    flat = out.reshape(-1)
    rows = [[] for _ in inputs]
    for j in range(out.numel()):
        for row, g in zip(rows, _grads([flat[j]], [None], inputs, create_graph)):
            row.append(g)
    return [_nt.stack(row).reshape((*out.shape, *x.shape)) for row, x in zip(rows, inputs)]


def jacrev(func, argnums=0, *, has_aux: bool = False, chunk_size=None, _preallocate_and_copy=False):
    """The Jacobian of ``func`` with respect to ``args[argnums]``, by reverse mode (one
    backward pass per output element; ``chunk_size`` is accepted and makes no difference).

    Returns a function giving, for each output (a tree of Tensors), a block of shape
    ``output.shape + input.shape`` per differentiated input: a Tensor for an int ``argnums``,
    a tuple for a tuple ``argnums``, in the structure of the output (and of each input tree).
    With ``has_aux=True``: ``(jacobian, aux)``.

    Example::

        >>> torch.func.jacrev(torch.sin)(torch.tensor([0.0, 1.0]))  # diag(cos(x))
        tensor([[1.0000, 0.0000],
                [0.0000, 0.5403]])
    """
    if chunk_size is not None and not (isinstance(chunk_size, int) and chunk_size > 0):
        raise ValueError("jacrev: `chunk_size` should be greater than 0.")
    return _jacobian_transform(func, argnums, has_aux, "jacrev")


def jacfwd(func, argnums=0, has_aux: bool = False, *, randomness: str = "error"):
    """The Jacobian of ``func`` with respect to ``args[argnums]``; same arguments and result
    structure as :func:`jacrev`. numtensor computes it through the reverse-mode engine (same
    values as forward mode); ``randomness`` is accepted for compatibility.

    Example::

        >>> torch.func.jacfwd(lambda t: t ** 2)(torch.tensor([1.0, 2.0]))  # diag(2x)
        tensor([[2., 0.],
                [0., 4.]])
    """
    if randomness not in ("error", "different", "same"):
        raise RuntimeError(
            "Only allowed values for randomness are 'error', 'different', or 'same'. Got "
            f"{randomness}"
        )
    return _jacobian_transform(func, argnums, has_aux, "jacfwd")


def hessian(func, argnums=0):
    """The Hessian of the scalar function ``func`` with respect to ``args[argnums]``:
    ``jacfwd(jacrev(func, argnums), argnums)`` (blocks of shape ``input.shape + input.shape``;
    tuple ``argnums`` give a tuple of tuples).

    Example::

        >>> torch.func.hessian(lambda t: t.pow(3).sum())(torch.tensor([1.0, 2.0]))  # diag(6x)
        tensor([[ 6.,  0.],
                [ 0., 12.]])
    """
    return jacfwd(jacrev(func, argnums), argnums)
