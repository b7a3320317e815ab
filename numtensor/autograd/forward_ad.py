"""``torch.autograd.forward_ad``: dual tensors carrying a tangent through the ops.

numtensor has one (reverse-mode) engine, so forward mode is computed through it:
``make_dual`` returns a fresh alias of the primal recorded in the graph and remembers its
tangent for the current level; ``unpack_dual(y)`` computes ``y``'s tangent as the
Jacobian-vector product of ``y`` with respect to every dual tensor of the level, with the
double backward trick (``J t = d/du <J^T u, t>``). Every differentiable op therefore carries
tangents, views and in-place ops included. Differences from PyTorch: the ops must run with
grad mode on (under ``no_grad`` nothing is recorded, so tangents are lost), and a dual tensor
reports ``requires_grad=True`` (what is unpacked is detached unless it really depends on
something that requires grad). Exiting the level forgets its tangents.
"""

from __future__ import annotations

from collections import namedtuple

import numtensor as _nt

from .._tensor_base import Tensor
from ._graph_walk import mark_own, reaches_other_leaves
from .engine import grad as _grad
from .function import Function, _alias
from .grad_mode import enable_grad, is_grad_enabled

__all__ = [
    "UnpackedDualTensor",
    "dual_level",
    "enter_dual_level",
    "exit_dual_level",
    "make_dual",
    "unpack_dual",
]

_current_level = -1
# id(dual tensor) -> (the dual tensor, its tangent, the tensor to differentiate with respect
# to, the dual's node), for the current level
_tangents: dict = {}


class UnpackedDualTensor(namedtuple("UnpackedDualTensor", ["primal", "tangent"])):
    """What :func:`unpack_dual` returns, a named tuple: ``primal`` (a view of the tensor's
    value) and ``tangent`` (None when the tensor does not depend on any dual tensor of the
    level).

    Example::

        >>> fwAD = torch.autograd.forward_ad
        >>> fwAD.unpack_dual(torch.ones(2))  # (no dual level: no tangent)
        UnpackedDualTensor(primal=tensor([1., 1.]), tangent=None)
    """

    __slots__ = ()


def enter_dual_level() -> int:
    """Enters a new forward-grad level and returns its index (only one level at a time, as
    in PyTorch). Prefer the :class:`dual_level` context manager.

    Example::

        >>> fwAD = torch.autograd.forward_ad
        >>> level = fwAD.enter_dual_level()
        >>> level
        0
        >>> fwAD.exit_dual_level(level=level)
    """
    global _current_level
    if _current_level >= 0:
        raise RuntimeError("Nested forward mode AD is not supported at the moment")
    _current_level = 0
    return _current_level


def exit_dual_level(*, level: int | None = None) -> None:
    """Exits the forward-grad level ``level`` (the current one by default); its tangents
    are forgotten.

    Example::

        >>> fwAD = torch.autograd.forward_ad
        >>> _ = fwAD.enter_dual_level()
        >>> fwAD.exit_dual_level()
    """
    global _current_level
    if level is None:
        level = _current_level
    if level < 0:
        raise RuntimeError("Dual level must be a positive number.")
    if level != _current_level:
        raise RuntimeError(
            "Trying to exit a forward AD level that was not the last one that was created. "
            "This is not supported."
        )
    _tangents.clear()
    _current_level = -1


class dual_level:
    """Context manager (and decorator) for forward AD: ``with dual_level(): ...`` enters a
    level, and every dual tensor made inside loses its tangent on exit.

    Example::

        >>> fwAD = torch.autograd.forward_ad
        >>> x = torch.tensor([1.0, 2.0])
        >>> with fwAD.dual_level():
        ...     dual = fwAD.make_dual(x, torch.tensor([1.0, 0.0]))
        ...     out = fwAD.unpack_dual(dual.sin() * 2)
        >>> out.primal, out.tangent  # 2 cos(x) * tangent
        (tensor([1.6829, 1.8186]), tensor([1.0806, -0.0000]))
    """

    def __enter__(self) -> int:
        return enter_dual_level()

    def __exit__(self, *exc) -> None:
        exit_dual_level()

    def __call__(self, fn):
        import functools

        @functools.wraps(fn)
        def wrapper(*args, **kwargs):
            with dual_level():
                return fn(*args, **kwargs)

        return wrapper


class _MakeDual(Function):
    """An alias of the primal (same memory and version counter) recorded as an identity, so
    the engine can differentiate with respect to it; not a view, so in-place ops on the dual
    tensor work as on any non-leaf."""

    @staticmethod
    def forward(ctx, x):
        return _alias(x)

    @staticmethod
    def backward(ctx, grad):
        return grad


def _check_level(level, what: str) -> int:
    if _current_level < 0:
        raise RuntimeError(
            "Trying to create a dual Tensor for forward AD but no level exists, make sure to "
            "enter_dual_level() first."
        )
    if level is not None and level != _current_level:
        raise RuntimeError(f"Invalid level given to {what}")
    return _current_level


def make_dual(tensor: Tensor, tangent: Tensor, *, level: int | None = None) -> Tensor:
    """A dual tensor with value ``tensor`` and forward gradient ``tangent`` (same size).

    Ops applied to it propagate the tangent; read it back with :func:`unpack_dual`.
    Raises RuntimeError outside a :class:`dual_level` and for a tangent of another size,
    ValueError for a non-floating primal or tangent.

    Args:
        tensor (Tensor): the primal value (floating point).
        tangent (Tensor): its tangent, the direction of the derivative (same size).
        level (int, optional): the level; default: the current one.

    Example::

        >>> fwAD = torch.autograd.forward_ad
        >>> x = torch.tensor([1.0, 2.0])
        >>> with fwAD.dual_level():
        ...     dual = fwAD.make_dual(x, torch.tensor([1.0, 0.0]))
        ...     out = fwAD.unpack_dual(dual.sin() * 2)
        >>> out.primal, out.tangent  # 2 cos(x) * tangent
        (tensor([1.6829, 1.8186]), tensor([1.0806, -0.0000]))
    """
    if not isinstance(tensor, Tensor):
        raise TypeError(
            f"_make_dual(): argument 'primal' (position 1) must be Tensor, not "
            f"{type(tensor).__name__}"
        )
    if not isinstance(tangent, Tensor):
        raise TypeError(
            f"_make_dual(): argument 'tangent' (position 2) must be Tensor, not "
            f"{type(tangent).__name__}"
        )
    _check_level(level, "_make_dual")
    for name, t in (("primal", tensor), ("tangent", tangent)):
        if not t.dtype.is_floating_point and not t.dtype.is_complex:
            raise ValueError(f"Expected {name} to be floating point or complex, but got: {t.dtype}")
    if tangent.shape != tensor.shape:
        raise RuntimeError(
            "Trying to set a forward gradient that has a different size than that of the "
            f"original Tensor, this is not supported. Tensor is of size {list(tensor.shape)} "
            f"while the given forward gradient is of size {list(tangent.shape)}."
        )
    if id(tensor) in _tangents:
        raise RuntimeError(
            "Making a dual Tensor based on a Tensor that already has a forward gradient at the "
            f"same level {_current_level} is not supported."
        )
    with enable_grad():
        if tensor.requires_grad:
            dual = _MakeDual.apply(tensor)
            wrt = dual  # (the user's tensor also feeds other paths: not that)
        else:
            # a leaf of our own: differentiating with respect to it stays right after an
            # in-place op on the dual
            wrt = mark_own(tensor.detach().requires_grad_(True))
            dual = _MakeDual.apply(wrt)
    _tangents[id(dual)] = (dual, tangent, wrt, dual.grad_fn)
    return dual


def unpack_dual(tensor: Tensor, *, level: int | None = None) -> UnpackedDualTensor:
    """``(primal, tangent)`` of ``tensor`` at the current level: the tangent is the
    Jacobian-vector product of ``tensor`` with the tangents of the level's dual tensors, or
    None if ``tensor`` depends on none of them (or no level is active).

    Args:
        tensor (Tensor): the tensor to unpack.
        level (int, optional): the level; default: the current one.

    Returns:
        UnpackedDualTensor: the named tuple ``(primal, tangent)``.

    Example::

        >>> fwAD = torch.autograd.forward_ad
        >>> x = torch.tensor([1.0, 2.0])
        >>> with fwAD.dual_level():
        ...     dual = fwAD.make_dual(x, torch.tensor([1.0, 0.0]))
        ...     out = fwAD.unpack_dual(dual.sin() * 2)
        >>> out.primal, out.tangent  # 2 cos(x) * tangent
        (tensor([1.6829, 1.8186]), tensor([1.0806, -0.0000]))
    """
    if not isinstance(tensor, Tensor):
        raise TypeError(
            f"_unpack_dual(): argument 'dual' (position 1) must be Tensor, not "
            f"{type(tensor).__name__}"
        )
    outside = reaches_other_leaves((tensor,))
    primal = tensor.view_as(tensor) if outside else tensor.detach()
    if _current_level < 0 or (level is not None and level != _current_level) or not _tangents:
        return UnpackedDualTensor(primal, None)
    entry = _tangents.get(id(tensor))
    if entry is not None and entry[0] is tensor and tensor.grad_fn is entry[3]:
        return UnpackedDualTensor(primal, entry[1])
    if not tensor.requires_grad or not tensor.dtype.is_floating_point:
        return UnpackedDualTensor(primal, None)
    return UnpackedDualTensor(primal, _tangent_of(tensor, outside))


def _tangent_of(tensor: Tensor, outside: bool):
    duals = [entry[2] for entry in _tangents.values()]
    tangents = [entry[1] for entry in _tangents.values()]
    differentiable = is_grad_enabled() and (outside or any(t.requires_grad for t in tangents))
    with enable_grad():
        u = _nt.zeros_like(tensor, requires_grad=True)
        vjps = _grad(tensor, duals, u, retain_graph=True, create_graph=True, allow_unused=True)
        pairs = [(g, t) for g, t in zip(vjps, tangents) if g is not None]
        if not pairs:
            return None
        pairs = [(g, t) for g, t in pairs if g.requires_grad]
        if not pairs:
            return _nt.zeros_like(tensor)
        (result,) = _grad(
            [g for g, _ in pairs],
            u,
            [t for _, t in pairs],
            retain_graph=True,
            create_graph=differentiable,
            allow_unused=True,
        )
    if result is None:
        return _nt.zeros_like(tensor)
    return result if differentiable else result.detach()
