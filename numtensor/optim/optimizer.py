"""``Optimizer``: parameter groups, per-parameter state, state dicts, zero_grad, step."""

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
    """Base class: subclasses implement ``_update(group, param, grad, state)``."""

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
        group = dict(param_group)
        params = group["params"]
        group["params"] = [params] if isinstance(params, Tensor) else list(params)
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
        zero_grads((p for g in self.param_groups for p in g["params"]), set_to_none)

    def step(self, closure=None):
        """One update of every parameter that has a gradient; returns closure()'s loss."""
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
        """``{'state': {index: {...}}, 'param_groups': [{..., 'params': [index, ...]}]}``."""
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
