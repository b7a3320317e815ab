"""``functional_call`` (a module run with other parameters and buffers) and
``stack_module_state`` (the states of several identical modules, stacked for vmap)."""

from __future__ import annotations

import numtensor as _nt

from .._tensor_base import Tensor

_MISSING = object()


def _all_named_tensors(module) -> dict:
    """Every name of every parameter and buffer, tied ones under each of their names."""
    found = {}
    for prefix, owner in module.named_modules(remove_duplicate=False):
        dot = prefix + "." if prefix else ""
        for table in ("_parameters", "_buffers"):
            for name, value in owner.__dict__[table].items():
                if value is not None:
                    found[dot + name] = value
    return found


def _untie(module, given: dict) -> dict:
    """``given`` with each value also set under the other names of a tied tensor (PyTorch's
    ``tie_weights=True``)."""
    names_of: dict = {}
    for name, tensor in _all_named_tensors(module).items():
        names_of.setdefault(id(tensor), set()).add(name)
    tied = {n: names for names in names_of.values() if len(names) > 1 for n in names}
    given_tied = {n for n in given if n in tied}
    for name in given_tied:
        group = tied[name]
        if len(group & given_tied) > 1 and len({id(given[n]) for n in group if n in given}) != 1:
            raise ValueError(
                f"functional_call got multiple values for keys {sorted(group)}, which are "
                "tied. Consider using tie_weights=False"
            )
    untied = dict(given)
    for name in given_tied:
        for other in tied[name]:
            untied[other] = given[name]
    return untied


def _swap(module, name: str, value):
    """Put ``value`` in the module at dotted ``name``; return what was there."""
    path, _, leaf = name.rpartition(".")
    owner = module.get_submodule(path) if path else module
    for table in ("_parameters", "_buffers"):
        entries = owner.__dict__[table]
        if leaf in entries:
            old = entries[leaf]
            if value is _MISSING:
                del entries[leaf]
            else:
                entries[leaf] = value
            return old
    old = owner.__dict__.get(leaf, _MISSING)
    if value is _MISSING:
        owner.__dict__.pop(leaf, None)
    else:
        owner.__dict__[leaf] = value  # (a name the module does not have: strict=False)
    return old


def _check_keys(module, given: dict) -> None:
    expected = set(_all_named_tensors(module))
    missing = sorted(expected - set(given))
    unexpected = sorted(set(given) - expected)
    errors = []
    if unexpected:
        errors.append(f"Unexpected key(s): {', '.join(map(repr, unexpected))}.")
    if missing:
        errors.append(f"Missing key(s): {', '.join(map(repr, missing))}.")
    if errors:
        raise RuntimeError(
            f"Error(s) in reparametrizing for {type(module).__name__}:\n\t" + "\n\t".join(errors)
        )


def reparametrized_call(module, tensors: dict, args, kwargs, tie_weights: bool, strict: bool):
    """Run ``module(*args, **kwargs)`` with ``tensors`` in place of its parameters and
    buffers (by dotted name), restoring the module afterwards."""
    if kwargs is None:
        kwargs = {}
    if args is None:
        args = ()
    elif not isinstance(args, tuple):
        args = (args,)
    given = _untie(module, tensors) if tie_weights else dict(tensors)
    if strict:
        _check_keys(module, given)
    originals = []
    try:
        for name, value in given.items():
            originals.append((name, _swap(module, name, value)))
        return module(*args, **kwargs)
    finally:
        for name, old in reversed(originals):
            _swap(module, name, old)


def functional_call(
    module,
    parameter_and_buffer_dicts,
    args=None,
    kwargs=None,
    *,
    tie_weights: bool = True,
    strict: bool = False,
):
    """Call ``module(*args, **kwargs)`` with its parameters and buffers replaced by those of
    ``parameter_and_buffer_dicts`` (a dict from dotted names to Tensors, or a tuple/list of
    such dicts), then put the module's own back. Gradients flow to the given tensors, so
    this composes with ``grad``, ``vmap`` and autograd.

    Args:
        module: the ``nn.Module`` to call.
        parameter_and_buffer_dicts: the tensors to use, by name (``"0.weight"``).
        args: the positional arguments (a tuple, or a single argument).
        kwargs: the keyword arguments.
        tie_weights: a tensor given for one name of tied parameters is used for all.
        strict: the names must be exactly the module's parameters and buffers
            (RuntimeError otherwise).

    Returns:
        The module's output.

    Example::

        >>> model = torch.nn.Linear(2, 1)
        >>> params = {"weight": torch.tensor([[1.0, 2.0]]), "bias": torch.tensor([0.5])}
        >>> torch.func.functional_call(model, params, (torch.tensor([[3.0, 4.0]]),))
        tensor([[11.5000]])
    """
    if isinstance(parameter_and_buffer_dicts, dict):
        tensors = parameter_and_buffer_dicts
    elif isinstance(parameter_and_buffer_dicts, (list, tuple)):
        if not all(isinstance(d, dict) for d in parameter_and_buffer_dicts):
            raise ValueError(
                "Expected all elements of parameter_and_buffer_dicts to be dictionaries"
            )
        keys = [k for d in parameter_and_buffer_dicts for k in d]
        repeated = [k for i, k in enumerate(keys) if k in keys[:i]]
        if repeated:
            raise ValueError(
                f"{repeated} appeared in multiple dictionaries; behavior of functional call is "
                "ambiguous"
            )
        tensors = {k: v for d in parameter_and_buffer_dicts for k, v in d.items()}
    else:
        raise ValueError(
            "Expected parameter_and_buffer_dicts to be a dict, or a list/tuple of dicts, but "
            f"got {type(parameter_and_buffer_dicts)}"
        )
    return reparametrized_call(module, tensors, args, kwargs, tie_weights, strict)


def _stacked_leaf(tensors: tuple, name: str) -> Tensor:
    requires = [t.requires_grad for t in tensors]
    if any(requires) and not all(requires):
        raise RuntimeError(f"Expected {name} from each model to have the same .requires_grad")
    result = _nt.stack(tensors)
    if all(requires):
        result = result.detach().requires_grad_()
    return result


def stack_module_state(models) -> tuple[dict, dict]:
    """Stack the parameters and buffers of identical modules along a new leading dimension,
    for ``vmap`` over ``functional_call`` (model ensembling).

    Returns:
        ``(params, buffers)``: dicts from names to stacked tensors; stacked parameters are new
        leaves that require grad when the models' parameters do.

    Example::

        >>> models = [torch.nn.Linear(2, 1) for _ in range(3)]
        >>> params, buffers = torch.func.stack_module_state(models)
        >>> {name: tuple(p.shape) for name, p in params.items()}, buffers
        ({'weight': (3, 1, 2), 'bias': (3, 1)}, {})
        >>> def run(p, x):  # an ensemble: all 3 models at once
        ...     return torch.func.functional_call(models[0], p, (x,))
        >>> torch.func.vmap(run, in_dims=(0, None))(params, torch.ones(1, 2)).shape
        numtensor.Size([3, 1, 1])
    """
    models = list(models)
    if not models:
        raise RuntimeError("stack_module_state: Expected at least one model, got 0.")
    if not (all(m.training for m in models) or all(not m.training for m in models)):
        raise RuntimeError(
            "stack_module_state: Expected all models to have the same training/eval mode."
        )
    if not all(type(m) is type(models[0]) for m in models):
        raise RuntimeError("stack_module_state: Expected all models to be of the same class.")
    all_params = [dict(m.named_parameters()) for m in models]
    params = {k: _stacked_leaf(tuple(p[k] for p in all_params), k) for k in all_params[0]}
    all_buffers = [dict(m.named_buffers()) for m in models]
    buffers = {k: _stacked_leaf(tuple(b[k] for b in all_buffers), k) for k in all_buffers[0]}
    return params, buffers
