"""``Module.state_dict`` and ``Module.load_state_dict``: a module's tensors by dotted name,
saved and restored (a base class of ``nn.Module``, kept in a module of its own)."""

from __future__ import annotations

from collections import OrderedDict, namedtuple

from ..._tensor_base import Tensor
from ...autograd.grad_mode import no_grad
from ..parameter import Parameter


class _IncompatibleKeys(namedtuple("IncompatibleKeys", ["missing_keys", "unexpected_keys"])):
    """What load_state_dict returns; printed as PyTorch prints it."""

    __slots__ = ()

    def __repr__(self) -> str:
        if not self.missing_keys and not self.unexpected_keys:
            return "<All keys matched successfully>"
        return super().__repr__()

    __str__ = __repr__


class StateDict:
    """The state-dict methods of :class:`numtensor.nn.Module` (not used on its own)."""

    def state_dict(self, destination=None, prefix: str = "", keep_vars: bool = False):
        r"""Returns an ordered dictionary of the module's parameters and persistent buffers by
        dotted name, detached from autograd (unless ``keep_vars``): what
        ``torch.save(model.state_dict(), path)`` stores.

        Args:
            destination (dict, optional): a dictionary to fill and return.
            prefix (str): prepended to every key.
            keep_vars (bool): keep the Parameters themselves instead of detached tensors.

        Example::

            >>> net = torch.nn.Sequential(torch.nn.Linear(2, 2), torch.nn.BatchNorm1d(2))
            >>> list(net.state_dict().keys())  # doctest: +NORMALIZE_WHITESPACE
            ['0.weight', '0.bias', '1.weight', '1.bias', '1.running_mean', '1.running_var',
             '1.num_batches_tracked']
        """
        out = OrderedDict() if destination is None else destination
        for name, p in self._parameters.items():
            if p is not None:
                out[prefix + name] = p if keep_vars else p.detach()
        for name, b in self._buffers.items():
            if b is not None and name not in self._non_persistent_buffers:
                out[prefix + name] = b if keep_vars else b.detach()
        for name, module in self._modules.items():
            if module is not None:
                module.state_dict(out, prefix + name + ".", keep_vars)
        return out

    def load_state_dict(self, state_dict, strict: bool = True, assign: bool = False):
        r"""Copies the values of ``state_dict`` into the module's parameters and buffers.

        Args:
            state_dict (dict): name -> tensor, as :meth:`state_dict` returns.
            strict (bool): raise a RuntimeError on missing or unexpected keys. Default: ``True``.
                Mismatched shapes raise either way.
            assign (bool): put the given tensors themselves in place (their device and dtype)
                instead of copying into the existing ones. Default: ``False``.

        Returns:
            a named tuple ``(missing_keys, unexpected_keys)``.

        Example::

            >>> src, dst = torch.nn.Linear(2, 2), torch.nn.Linear(2, 2)
            >>> dst.load_state_dict(src.state_dict())
            <All keys matched successfully>
            >>> torch.equal(dst.weight, src.weight)
            True
            >>> dst.load_state_dict({"weight": src.weight}, strict=False)
            _IncompatibleKeys(missing_keys=['bias'], unexpected_keys=[])
        """
        for name, module in self.named_modules():
            lazy_hook = getattr(module, "_lazy_load_hook", None)  # (lazy modules: materialize)
            if lazy_hook is not None:
                lazy_hook(state_dict, name + "." if name else "")
        own = self.state_dict(keep_vars=True)
        missing = [k for k in own if k not in state_dict]
        unexpected = [k for k in state_dict if k not in own]
        errors = []
        for key, target in own.items():
            if key not in state_dict:
                continue
            value = state_dict[key]
            if not isinstance(value, Tensor):
                errors.append(
                    f'While copying the parameter named "{key}", expected torch.Tensor '
                    f"or Tensor-like object from checkpoint but received "
                    f"{type(value)}"
                )
                continue
            if tuple(value.shape) != tuple(target.shape):
                errors.append(
                    f"size mismatch for {key}: copying a param with shape {value.shape} from "
                    f"checkpoint, the shape in current model is {target.shape}."
                )
                continue
        if strict:
            if unexpected:
                errors.insert(
                    0,
                    "Unexpected key(s) in state_dict: "
                    + ", ".join(f'"{k}"' for k in unexpected)
                    + ". ",
                )
            if missing:
                errors.insert(
                    0,
                    "Missing key(s) in state_dict: " + ", ".join(f'"{k}"' for k in missing) + ". ",
                )
        if errors:
            raise RuntimeError(
                f"Error(s) in loading state_dict for {type(self).__name__}:\n\t"
                + "\n\t".join(errors)
            )
        with no_grad():
            for key, target in own.items():
                if key not in state_dict:
                    continue
                if assign:
                    self._assign(key, target, state_dict[key])
                else:
                    # copy_ moves the values onto each parameter's own device (and dtype)
                    target.copy_(state_dict[key])
        return _IncompatibleKeys(missing, unexpected)

    def _assign(self, key: str, old: Tensor, value: Tensor) -> None:
        """``load_state_dict(assign=True)``: the state dict's tensor itself (its device and
        dtype) replaces the parameter or buffer, keeping the old requires_grad."""
        path, _, name = key.rpartition(".")
        owner = self.get_submodule(path) if path else self
        if name in owner._parameters:
            if isinstance(value, Parameter):
                value.requires_grad_(old.requires_grad)
            else:
                value = Parameter(value, requires_grad=old.requires_grad)
            owner._parameters[name] = value
        else:
            owner._buffers[name] = value
