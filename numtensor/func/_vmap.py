"""``torch.func.vmap``: map a function over a dimension of its inputs.

numtensor has no batching rules: ``vmap`` runs the function once per index of the mapped
dimension (each input ``select``-ed there, as views) and stacks the results along
``out_dims``. Results equal PyTorch's; it is as fast as the Python loop. Everything composes
(nested vmap, vmap of grad, grad of vmap: ``select`` and ``stack`` are differentiable).
"""

from __future__ import annotations

import functools

import numtensor as _nt

from .._tensor_base import Tensor
from ._pytree import broadcast_prefix, describe, tree_flatten, tree_unflatten

_RANDOMNESS = ("error", "different", "same")


def _name(func) -> str:
    return getattr(func, "__name__", repr(func))


def vmap(func, in_dims=0, out_dims=0, randomness: str = "error", *, chunk_size=None):
    """Vectorize ``func`` over a dimension of its inputs.

    Args:
        func: a function of Tensors (or trees of tuples/lists/dicts of Tensors) returning a
            Tensor or a tree of Tensors.
        in_dims: the mapped dimension of each input: an int (all inputs), None (not mapped),
            or a tuple with one entry per positional argument, each an int, None, or a tree
            matching that argument. Keyword arguments are not mapped.
        out_dims: where the mapped dimension goes in each output (int, None for an output
            that does not depend on the mapped inputs, or a tree matching the outputs).
        randomness: "error" (a random op inside raises RuntimeError), "different" (each
            sample draws its own numbers) or "same" (every sample draws the same numbers).
        chunk_size: accepted for compatibility (the samples are always run one at a time).

    Returns:
        The vectorized function: ``vmap(f)(x)`` stacks ``f(x[i])`` along ``out_dims``.

    Implementation note: there are no batching rules; the function runs once per sample,
    the inputs sliced with ``select`` and the outputs joined with ``stack``.

    Example::

        >>> a = torch.tensor([[1.0, 2.0], [3.0, 4.0]])
        >>> b = torch.tensor([[1.0, 1.0], [2.0, 0.5]])
        >>> torch.func.vmap(torch.dot)(a, b)  # the dot products of the rows
        tensor([3., 8.])
        >>> torch.func.vmap(lambda r, s: r * s, in_dims=(0, None))(a, torch.tensor([10.0, 100.0]))
        tensor([[ 10., 200.],
                [ 30., 400.]])
        >>> torch.func.vmap(torch.func.grad(lambda t: (t ** 2).sum()))(a)  # per-sample gradients
        tensor([[2., 4.],
                [6., 8.]])
    """
    if randomness not in _RANDOMNESS:
        raise RuntimeError(
            "Only allowed values for randomness are 'error', 'different', or 'same'. Got "
            f"{randomness}"
        )
    if chunk_size is not None and not (isinstance(chunk_size, int) and chunk_size > 0):
        raise ValueError(f"vmap: chunk_size should be None or greater than 0. (got {chunk_size})")

    @functools.wraps(func)
    def wrapped(*args, **kwargs):
        leaves, spec, dims, size = _flat_inputs(func, in_dims, args)
        if size == 0:
            return _empty_batch(func, leaves, spec, dims, kwargs, out_dims)
        results = _run_samples(func, leaves, spec, dims, size, kwargs, randomness)
        return _join(func, results, out_dims)

    return wrapped


def _flat_inputs(func, in_dims, args: tuple):
    """The leaves of ``args``, their spec, the mapped dim of each leaf (normalized, or None)
    and the batch size; PyTorch's checks and ValueErrors."""
    head = f"vmap({_name(func)}, in_dims={in_dims}, ...)(<inputs>)"
    if not isinstance(in_dims, (int, tuple)) or isinstance(in_dims, bool):
        raise ValueError(
            f"{head}: expected `in_dims` to be int or a (potentially nested) tuple matching "
            f"the structure of inputs, got: {type(in_dims)}."
        )
    if not args:
        raise ValueError(
            f"{head}: got no inputs. Maybe you forgot to add inputs, or you are trying to "
            "vmap over a function with no inputs. The latter is unsupported."
        )
    leaves, spec = tree_flatten(args)
    prefix = in_dims if isinstance(in_dims, tuple) else (in_dims,) * len(args)
    try:
        if len(prefix) != len(args):
            raise ValueError
        dims = broadcast_prefix(prefix, args)
    except ValueError:
        raise ValueError(
            f"{head}: in_dims is not compatible with the structure of `inputs`. in_dims has "
            f"structure {describe(tree_flatten(in_dims)[1])} but inputs has structure "
            f"{describe(spec)}."
        ) from None
    sizes = []
    for i, (x, d) in enumerate(zip(leaves, dims)):
        if d is None:
            continue
        if not isinstance(d, int) or isinstance(d, bool):
            raise ValueError(
                f"{head}: in_dims must be a tree of int or None, got {d!r} for input {i}"
            )
        if not isinstance(x, Tensor):
            raise ValueError(
                f"{head}: Got in_dim={d} for an input but the input is of type {type(x)}. We "
                "cannot vmap over non-Tensor arguments, please use None as the respective "
                "in_dim"
            )
        if not -x.dim() <= d < x.dim():
            raise ValueError(
                f"{head}: Got in_dim={d} for some input, but that input is a Tensor of "
                f"dimensionality {x.dim()} so expected in_dim to satisfy -{x.dim()} <= in_dim "
                f"< {x.dim()}."
            )
        dims[i] = d % x.dim()
        sizes.append(x.shape[dims[i]])
    if not sizes:
        raise ValueError(f"{head}: at least one input must be mapped over (got all in_dims = None)")
    if any(s != sizes[0] for s in sizes):
        raise ValueError(
            "vmap: Expected all tensors to have the same size in the mapped dimension, got "
            f"sizes {sizes} for the mapped dimension"
        )
    return leaves, spec, dims, sizes[0]


def _sample(leaves, dims, i: int) -> list:
    return [x if d is None else x.select(d, i) for x, d in zip(leaves, dims)]


def _run_samples(func, leaves, spec, dims, size: int, kwargs, randomness: str) -> list:
    results = []
    state = _nt.get_rng_state() if randomness != "different" else None
    for i in range(size):
        if randomness == "same":
            _nt.set_rng_state(state)
        out = func(*tree_unflatten(_sample(leaves, dims, i), spec), **kwargs)
        if randomness == "error" and i == 0 and not _nt.equal(state, _nt.get_rng_state()):
            raise RuntimeError(
                "vmap: called random operation while in randomness error mode. Please either "
                "use the 'same' or 'different' randomness flags on vmap or perform the "
                "randomness operation out of vmap"
            )
        results.append(out)
    return results


def _out_dims_per_leaf(func, out_dims, first_output) -> tuple[list, object]:
    leaves, spec = tree_flatten(first_output)
    if isinstance(out_dims, (int, type(None))) and not isinstance(out_dims, bool):
        return [out_dims] * len(leaves), spec
    try:
        dims = broadcast_prefix(out_dims, first_output)
    except ValueError:
        raise ValueError(
            f"vmap({_name(func)}, ..., out_dims={out_dims})(<inputs>): out_dims is not "
            "compatible with the structure of `outputs`. out_dims has structure "
            f"{describe(tree_flatten(out_dims)[1])} but outputs has structure "
            f"{describe(spec)}."
        ) from None
    return dims, spec


def _join(func, results: list, out_dims):
    dims, spec = _out_dims_per_leaf(func, out_dims, results[0])
    columns = list(zip(*(tree_flatten(r)[0] for r in results)))
    joined = []
    for column, d in zip(columns, dims):
        first = column[0]
        if d is None:
            if isinstance(first, Tensor) and any(
                not isinstance(o, Tensor) or not _nt.equal(o, first) for o in column[1:]
            ):
                raise ValueError(
                    f"vmap({_name(func)}, ...): `{_name(func)}` can not return a "
                    "BatchedTensor when out_dim is None"
                )
            joined.append(first)
            continue
        if not isinstance(first, Tensor):
            raise ValueError(
                f"vmap({_name(func)}, ...): `{_name(func)}` must only return Tensors, got "
                f"type {type(first)}. Did you mean to set out_dims= to None for output?"
            )
        joined.append(_nt.stack(column, dim=_out_dim(func, d, first)))
    return tree_unflatten(joined, spec)


def _out_dim(func, d: int, sample: Tensor) -> int:
    n = sample.dim() + 1
    if not -n <= d < n:
        raise IndexError(
            f"vmap({_name(func)}, ...): Dimension out of range (expected to be in range of "
            f"[{-n}, {n - 1}], but got {d})"
        )
    return d % n


def _empty_batch(func, leaves, spec, dims, kwargs, out_dims):
    """A batch of size 0: run ``func`` once on zeros shaped like a sample, to learn the
    outputs' shapes, and return them with an empty mapped dimension."""
    sample = [
        x if d is None else x.new_zeros(tuple(s for k, s in enumerate(x.shape) if k != d))
        for x, d in zip(leaves, dims)
    ]
    out = func(*tree_unflatten(sample, spec), **kwargs)
    dims_out, out_spec = _out_dims_per_leaf(func, out_dims, out)
    joined = []
    for o, d in zip(tree_flatten(out)[0], dims_out):
        if d is None or not isinstance(o, Tensor):
            joined.append(o)
            continue
        d = _out_dim(func, d, o)
        joined.append(o.unsqueeze(d).narrow(d, 0, 0))
    return tree_unflatten(joined, out_spec)
