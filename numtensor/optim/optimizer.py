"""``numtensor.optim.Optimizer``, the base class of every optimizer: parameter groups,
per-parameter state, ``state_dict``/``load_state_dict``, ``zero_grad`` and ``step``."""

from __future__ import annotations

import copy

from .._tensor_base import Tensor
from ..autograd.engine import zero_grads
from ..autograd.grad_mode import no_grad
from ..ops._common import check_same_device


class _Required:
    def __repr__(self) -> str:
        return "<required parameter>"


required = _Required()


class Optimizer:
    r"""Base class of all optimizers.

    An optimizer holds its parameters in ``param_groups``, a list of dicts, each with a
    ``"params"`` list and that group's hyper-parameters (missing ones are taken from
    ``defaults``), and per-parameter buffers in ``state`` (a dict keyed by the parameter).
    Subclasses implement ``_update(group, param, grad, state)``, which changes one parameter
    in place given its gradient.

    Args:
        params (iterable): the tensors to optimize, ``(name, tensor)`` pairs (e.g.
            ``model.named_parameters()``; the names are kept in the group's
            ``"param_names"``), or dicts defining parameter groups.
        defaults (dict): the default hyper-parameters of every group.

    Example::

        >>> w = torch.tensor([1.0, -2.0], requires_grad=True)
        >>> opt = torch.optim.SGD([w], lr=0.1)
        >>> isinstance(opt, torch.optim.Optimizer)
        True
        >>> opt.zero_grad()
        >>> (w ** 2).sum().backward()
        >>> opt.step()
        >>> w
        tensor([ 0.8000, -1.6000], requires_grad=True)
    """

    def __init__(self, params, defaults: dict) -> None:
        self.defaults = defaults
        self.state: dict = {}
        self.param_groups: list = []
        if isinstance(params, Tensor):
            raise TypeError(
                "params argument given to the optimizer should be an iterable of "
                f"Tensors or dicts, but got {type(params).__name__}"
            )
        groups = list(params)
        if not groups:
            raise ValueError("optimizer got an empty parameter list")
        if not isinstance(groups[0], dict):
            groups = [{"params": groups}]
        for group in groups:
            self.add_param_group(group)

    def add_param_group(self, param_group: dict) -> None:
        r"""Adds a parameter group to :attr:`param_groups`.

        Useful when fine-tuning: layers unfrozen later can be added with their own
        hyper-parameters; the keys the group leaves out take the optimizer's defaults.

        Args:
            param_group (dict): ``"params"`` (a tensor, or an iterable of tensors or of
                ``(name, tensor)`` pairs) and any group-specific options.

        Raises:
            ValueError: if a parameter is already in another group, or is not a leaf.
            TypeError: if a parameter is not a tensor, or ``params`` is a set.

        Example::

            >>> w = torch.tensor([1.0, 2.0], requires_grad=True)
            >>> b = torch.tensor([0.5], requires_grad=True)
            >>> opt = torch.optim.SGD([w], lr=0.1, momentum=0.9)
            >>> opt.add_param_group({"params": [b], "lr": 0.01})
            >>> [(g["lr"], g["momentum"]) for g in opt.param_groups]
            [(0.1, 0.9), (0.01, 0.9)]
        """
        group = dict(param_group)
        params = group["params"]
        if isinstance(params, set):
            raise TypeError(
                "optimizer parameters need to be organized in ordered collections, but "
                "the ordering of tensors in sets will change between runs. Please use a list "
                "instead."
            )
        group["params"] = [params] if isinstance(params, Tensor) else list(params)
        names = [p[0] for p in group["params"] if isinstance(p, tuple)]
        if names:
            if len(names) != len(group["params"]):
                raise ValueError(
                    "all optimizer params should be with/without names. Some param names "
                    "are missing"
                )
            group["params"] = [p[1] for p in group["params"]]
            group["param_names"] = names
        for p in group["params"]:
            if not isinstance(p, Tensor):
                raise TypeError(
                    "optimizer can only optimize Tensors, but one of the params is "
                    f"{type(p).__name__}"
                )
            if not p.is_leaf:
                raise ValueError("can't optimize a non-leaf Tensor")
        for key, value in self.defaults.items():
            if value is required and key not in group:
                raise ValueError(
                    f"parameter group didn't specify a value of required "
                    f"optimization parameter {key}"
                )
            group.setdefault(key, value)
        seen = {id(p) for g in self.param_groups for p in g["params"]}
        if any(id(p) in seen for p in group["params"]):
            raise ValueError("some parameters appear in more than one parameter group")
        self.param_groups.append(group)

    def zero_grad(self, set_to_none: bool = True) -> None:
        r"""Resets the gradients of all optimized tensors.

        Args:
            set_to_none (bool): set ``.grad`` to ``None`` (the default, cheaper, and a
                step then skips the parameter) instead of filling it with zeros.

        Example::

            >>> w = torch.tensor([1.0, 2.0], requires_grad=True)
            >>> opt = torch.optim.SGD([w], lr=0.1)
            >>> w.sum().backward()
            >>> opt.zero_grad(set_to_none=False)
            >>> w.grad
            tensor([0., 0.])
            >>> opt.zero_grad()
            >>> w.grad is None
            True
        """
        zero_grads((p for g in self.param_groups for p in g["params"]), set_to_none)

    def step(self, closure=None):
        r"""Performs a single optimization step: updates, in place and without recording
        gradients, every parameter that has a ``.grad``.

        Args:
            closure (Callable, optional): a function that re-evaluates the model and
                returns the loss (run with gradients enabled). Optional for most
                optimizers; :class:`LBFGS` requires it.

        Returns:
            the closure's loss, or ``None`` without a closure.

        Example::

            >>> w = torch.tensor([1.0, -2.0], requires_grad=True)
            >>> opt = torch.optim.SGD([w], lr=0.1)
            >>> def closure():
            ...     opt.zero_grad()
            ...     loss = (w ** 2).sum()
            ...     loss.backward()
            ...     return loss
            >>> opt.step(closure)
            tensor(5., grad_fn=<SumBackward0>)
            >>> w
            tensor([ 0.8000, -1.6000], requires_grad=True)
        """
        loss = None
        if closure is not None:
            from ..autograd.grad_mode import enable_grad

            with enable_grad():
                loss = closure()
        with no_grad():
            self._check_devices()
            for group in self.param_groups:
                self._group_step(group)
        return loss

    def _group_step(self, group: dict) -> None:
        """Update one group's parameters (each with a gradient, one at a time by default)."""
        for p in group["params"]:
            if p.grad is not None:
                self._update(group, p, p.grad, self.state.setdefault(p, {}))

    def _update(self, group: dict, param: Tensor, grad: Tensor, state: dict) -> None:
        raise NotImplementedError

    def _check_devices(self) -> None:
        """Before any parameter changes: each gradient, and each state tensor (but the CPU
        'step' count), must be on its parameter's device (PyTorch's error otherwise)."""
        for group in self.param_groups:
            for p in group["params"]:
                if p.grad is None:
                    continue
                others = [p.grad] + [
                    v
                    for k, v in self.state.get(p, {}).items()
                    if isinstance(v, Tensor) and k != "step"
                ]
                check_same_device((p, *others), "step")

    # ---- state dicts ---------------------------------------------------------------------

    def state_dict(self) -> dict:
        r"""Returns the optimizer's state as a dict, for checkpointing.

        Returns:
            dict: ``{"state": {index: {name: value}}, "param_groups": [{..., "params":
            [index, ...]}]}``, parameters replaced by their integer index in order of
            appearance across the groups; state tensors are copies.

        Example::

            >>> w = torch.tensor([1.0, -2.0], requires_grad=True)
            >>> opt = torch.optim.Adam([w], lr=0.1)
            >>> (w ** 2).sum().backward()
            >>> opt.step()
            >>> sd = opt.state_dict()
            >>> sd["param_groups"][0]["params"], sorted(sd["state"][0])
            ([0], ['exp_avg', 'exp_avg_sq', 'step'])
            >>> sd["state"][0]["step"]
            tensor(1.)
        """
        index = {}
        groups = []
        for group in self.param_groups:
            packed = {k: v for k, v in group.items() if k != "params"}
            packed["params"] = []
            for p in group["params"]:
                index.setdefault(id(p), len(index))
                packed["params"].append(index[id(p)])
            groups.append(packed)
        state = {
            index[id(p)]: {
                k: (v.clone() if isinstance(v, Tensor) else copy.deepcopy(v)) for k, v in s.items()
            }
            for p, s in self.state.items()
            if id(p) in index
        }
        return {"state": state, "param_groups": groups}

    def load_state_dict(self, state_dict: dict) -> None:
        r"""Loads an optimizer state saved by :meth:`state_dict`.

        The groups' hyper-parameters are replaced by the saved ones; floating state tensors
        are cast to their parameter's dtype and device (the ``"step"`` count is kept as
        saved).

        Args:
            state_dict (dict): the optimizer state, as returned by :meth:`state_dict`.

        Raises:
            ValueError: if the number of groups or of parameters in a group differs.

        Example::

            >>> w = torch.tensor([1.0, -2.0], requires_grad=True)
            >>> opt = torch.optim.Adam([w], lr=0.1)
            >>> (w ** 2).sum().backward()
            >>> opt.step()
            >>> w2 = torch.tensor([1.0, -2.0], requires_grad=True)
            >>> opt2 = torch.optim.Adam([w2], lr=0.5)
            >>> opt2.load_state_dict(opt.state_dict())
            >>> opt2.param_groups[0]["lr"], opt2.state[w2]["exp_avg"]
            (0.1, tensor([ 0.2000, -0.4000]))
        """
        groups = state_dict["param_groups"]
        if len(groups) != len(self.param_groups):
            raise ValueError("loaded state dict has a different number of parameter groups")
        for mine, theirs in zip(self.param_groups, groups):
            if len(mine["params"]) != len(theirs["params"]):
                raise ValueError(
                    "loaded state dict contains a parameter group that doesn't "
                    "match the size of optimizer's group"
                )
        by_index = {}
        for mine, theirs in zip(self.param_groups, groups):
            for p, i in zip(mine["params"], theirs["params"]):
                by_index[i] = p
            for key, value in theirs.items():
                if key != "params":
                    mine[key] = value
        self.state = {}
        for i, s in state_dict["state"].items():
            p = by_index[int(i)]
            self.state[p] = {k: _cast_state(p, k, v) for k, v in s.items()}

    def __repr__(self) -> str:
        lines = [f"{type(self).__name__} ("]
        for i, group in enumerate(self.param_groups):
            if i:
                lines.append("")  # (PyTorch leaves a blank line between groups)
            lines.append(f"Parameter Group {i}")
            for key in sorted(k for k in group if k != "params"):
                lines.append(f"    {key}: {group[key]}")
        lines.append(")")
        return "\n".join(lines)


def _cast_state(param: Tensor, key, value):
    """PyTorch's load_state_dict policy: the 'step' count stays as saved; other floating
    state takes the parameter's dtype and device, other tensors its device (always copies,
    so the loaded dict is never shared)."""
    if not isinstance(value, Tensor):
        return copy.deepcopy(value)
    if key == "step":
        return value.clone()
    if param.dtype.is_floating_point and value.dtype.is_floating_point:
        return value.to(param.device, param.dtype, copy=True)
    return value.to(param.device, copy=True)


def check_non_negative(value, label: str) -> None:
    if value < 0:
        raise ValueError(f"Invalid {label}: {value}")
