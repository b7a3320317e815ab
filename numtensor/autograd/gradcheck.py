"""``numtensor.autograd.gradcheck`` and ``gradgradcheck``: autograd's (analytical)
gradients checked against central finite differences."""

from __future__ import annotations

import numpy as np

from .._tensor_base import Tensor
from .engine import grad as autograd_grad


class GradcheckError(RuntimeError):
    """Raised by :func:`gradcheck` and :func:`gradgradcheck` when the analytical and
    numerical Jacobians disagree (a ``RuntimeError``).

    Example::

        >>> issubclass(torch.autograd.GradcheckError, RuntimeError)
        True
    """


def _as_inputs(inputs) -> tuple:
    if isinstance(inputs, tuple):
        return inputs
    return tuple(inputs) if isinstance(inputs, list) else (inputs,)


def _outputs(func, inputs) -> list:
    out = func(*inputs)
    return [o for o in (out if isinstance(out, (tuple, list)) else (out,)) if isinstance(o, Tensor)]


def _host_flat(t: Tensor) -> np.ndarray:
    """A tensor's values as a flat float64 host array (public Tensor methods only)."""
    return np.asarray(t.detach().cpu().tolist(), dtype=np.float64).reshape(-1)


def _flat_outputs(func, inputs) -> np.ndarray:
    outs = [_host_flat(o) for o in _outputs(func, inputs)]
    return np.concatenate(outs) if outs else np.zeros(0)


def _numerical(func, inputs, wrt, eps: float) -> list:
    """d outputs / d wrt[k], one Jacobian [n_out_total, n_in] per differentiated input.

    The perturbation writes through ``x.detach()`` (same storage, outside the graph); func
    runs with grad mode on, since it may itself differentiate (gradgradcheck)."""
    jacobians = []
    for x in wrt:
        target = x.detach()
        columns = []
        for i in range(x.numel()):
            at = tuple(int(k) for k in np.unravel_index(i, tuple(x.shape)))
            orig = target[at].item()
            target[at] = orig + eps
            plus = _flat_outputs(func, inputs)
            target[at] = orig - eps
            minus = _flat_outputs(func, inputs)
            target[at] = orig
            columns.append((plus - minus) / (2 * eps))
        jacobians.append(np.stack(columns, axis=1) if columns else np.zeros((0, 0)))
    return jacobians


def _analytical(func, inputs, wrt) -> list:
    outputs = _outputs(func, inputs)
    rows = [[] for _ in wrt]
    for o in outputs:
        for j in range(o.numel()):
            if not o.requires_grad:
                for k, x in enumerate(wrt):
                    rows[k].append(np.zeros(x.numel()))
                continue
            seed = o.new_zeros(o.shape)
            seed[tuple(int(k) for k in np.unravel_index(j, tuple(o.shape)))] = 1
            grads = autograd_grad(o, wrt, seed, retain_graph=True, allow_unused=True)
            for k, (x, g) in enumerate(zip(wrt, grads)):
                rows[k].append(np.zeros(x.numel()) if g is None else _host_flat(g))
    return [np.stack(r) if r else np.zeros((0, x.numel())) for r, x in zip(rows, wrt)]


def gradcheck(
    func,
    inputs,
    *,
    eps: float = 1e-6,
    atol: float = 1e-5,
    rtol: float = 1e-3,
    raise_exception: bool = True,
    **_ignored,
) -> bool:
    r"""Checks the gradients computed by autograd against finite differences.

    For every input tensor with ``requires_grad=True``, the Jacobian of ``func``'s outputs
    that autograd computes (one backward per output entry) is compared with central
    differences of step ``eps``, elementwise: ``|analytical - numerical| <= atol + rtol *
    |numerical|``. Use float64 inputs: float32 is too coarse for the differences.

    Args:
        func (Callable): a function of the inputs returning a tensor or tuple of tensors.
        inputs (Tensor or tuple of Tensor): the inputs of ``func``.
        eps (float): the perturbation of the finite differences. Default: 1e-6
        atol (float): absolute tolerance. Default: 1e-5
        rtol (float): relative tolerance. Default: 1e-3
        raise_exception (bool): raise :class:`GradcheckError` on a mismatch instead of
            returning ``False``. Default: ``True``

    Returns:
        bool: ``True`` if every Jacobian matches.

    Differs from PyTorch: its other options (``nondet_tol``, ``check_undefined_grad``,
    ``fast_mode``, ...) are accepted and ignored; the message prints the Jacobians as
    NumPy arrays.

    Example::

        >>> x = torch.tensor([0.5, 1.5], dtype=torch.float64, requires_grad=True)
        >>> torch.autograd.gradcheck(lambda t: (t ** 2).sin(), (x,))
        True
        >>> class Wrong(torch.autograd.Function):
        ...     @staticmethod
        ...     def forward(ctx, t):
        ...         return t * 2
        ...     @staticmethod
        ...     def backward(ctx, grad):
        ...         return grad * 3
        >>> torch.autograd.gradcheck(Wrong.apply, (x,), raise_exception=False)
        False
    """
    inputs = _as_inputs(inputs)
    wrt = [x for x in inputs if isinstance(x, Tensor) and x.requires_grad]
    numerical = _numerical(func, inputs, wrt, eps)
    analytical = _analytical(func, inputs, wrt)
    for k, (num, ana) in enumerate(zip(numerical, analytical)):
        if num.shape != ana.shape or not np.allclose(ana, num, rtol=rtol, atol=atol):
            if raise_exception:
                raise GradcheckError(
                    f"Jacobian mismatch for output 0 with respect to input {k},\n"
                    f"numerical:{num}\nanalytical:{ana}\n"
                )
            return False
    return True


def gradgradcheck(
    func,
    inputs,
    grad_outputs=None,
    *,
    eps: float = 1e-6,
    atol: float = 1e-5,
    rtol: float = 1e-3,
    raise_exception: bool = True,
    **_ignored,
) -> bool:
    r"""Checks the gradients of gradients (second derivatives) computed by autograd
    against finite differences: :func:`gradcheck` of the function ``(inputs,
    grad_outputs) -> autograd.grad(func(inputs), inputs, grad_outputs, create_graph=True)``.

    Args:
        func (Callable): a function of the inputs returning a tensor or tuple of tensors.
        inputs (Tensor or tuple of Tensor): the inputs of ``func``.
        grad_outputs (tuple of Tensor, optional): the vectors of the first backward.
            Default: random normal tensors (drawn from a fixed seed)
        eps, atol, rtol, raise_exception: as in :func:`gradcheck`.

    Returns:
        bool: ``True`` if every Jacobian matches.

    Example::

        >>> x = torch.tensor([0.5, 1.5], dtype=torch.float64, requires_grad=True)
        >>> torch.autograd.gradgradcheck(lambda t: t ** 3, (x,))
        True
    """
    inputs = _as_inputs(inputs)
    outputs = _outputs(func, inputs)
    if grad_outputs is None:
        rng = np.random.default_rng(0)
        grad_outputs = tuple(
            Tensor._make(rng.standard_normal(o.shape).astype(o.dtype.np), o.device).requires_grad_(
                True
            )
            for o in outputs
        )
    grad_outputs = tuple(grad_outputs)

    def first_derivative(*args):
        xs, gs = args[: len(inputs)], args[len(inputs) :]
        outs = _outputs(func, xs)
        wrt_now = [x for x in xs if isinstance(x, Tensor) and x.requires_grad]
        grads = autograd_grad(outs, wrt_now, gs, create_graph=True, allow_unused=True)
        return tuple(g for g in grads if g is not None)

    return gradcheck(
        first_derivative,
        inputs + grad_outputs,
        eps=eps,
        atol=atol,
        rtol=rtol,
        raise_exception=raise_exception,
    )
