"""Lazy modules: layers whose input size is inferred from their first input.

``LazyModuleMixin`` (PyTorch's): a module holding UninitializedParameter/UninitializedBuffer
runs ``initialize_parameters(input)`` before its first forward, which materializes them with
the shapes the input gives and initialises them like the ordinary layer; the module then
becomes ``cls_to_become`` (LazyLinear -> Linear, ...). ``load_state_dict`` materializes them
from the state dict's shapes instead.
"""

from __future__ import annotations

import numtensor as _nt

from ..parameter import UninitializedBuffer, UninitializedParameter, is_lazy
from .conv import BatchNorm1d, BatchNorm2d, BatchNorm3d, Conv1d, Conv2d, Conv3d, _BatchNorm
from .layers import Linear
from .normalization import InstanceNorm1d, InstanceNorm2d, InstanceNorm3d, _InstanceNorm
from .transposed import ConvTranspose1d, ConvTranspose2d, ConvTranspose3d


class LazyModuleMixin:
    r"""Mixin of the lazy modules: before the first forward, ``initialize_parameters(*args)``
    materializes the uninitialized parameters and buffers from the input; the module then
    turns into ``cls_to_become`` (when set). ``has_uninitialized_params()`` says whether any
    are left.

    Example::

        >>> m = torch.nn.LazyLinear(2)
        >>> isinstance(m, torch.nn.modules.lazy.LazyModuleMixin), m.has_uninitialized_params()
        (True, True)
        >>> _ = m(torch.ones(1, 3))
        >>> type(m).__name__, m.weight.shape
        ('Linear', numtensor.Size([2, 3]))
    """

    cls_to_become = None

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._initialize_hook = self.register_forward_pre_hook(self._infer_parameters)
        self._load_hook = True  # (PyTorch's load hook: see _lazy_load_hook)

    def state_dict(self, destination=None, prefix: str = "", keep_vars: bool = False):
        r"""As Module.state_dict, the uninitialized entries given as they are (not detached).

        Example::

            >>> torch.nn.LazyLinear(2).state_dict()
            OrderedDict([('weight', <UninitializedParameter>), ('bias', <UninitializedParameter>)])
        """
        from collections import OrderedDict

        out = OrderedDict() if destination is None else destination
        tables = [(self._parameters, ()), (self._buffers, self._non_persistent_buffers)]
        for table, skip in tables:
            for name, t in table.items():
                if t is not None and name not in skip:
                    out[prefix + name] = t if keep_vars or is_lazy(t) else t.detach()
        for name, module in self._modules.items():
            if module is not None:
                module.state_dict(out, prefix + name + ".", keep_vars)
        return out

    def _lazy_load_hook(self, state_dict, prefix: str) -> None:
        """Before a state dict is loaded: materialize each uninitialized entry it holds with
        the shape of the loaded tensor."""
        for table in (self._parameters, self._buffers):
            for name, t in table.items():
                key = prefix + name
                if t is not None and key in state_dict and is_lazy(t):
                    value = state_dict[key]
                    if not is_lazy(value):
                        with _nt.no_grad():
                            t.materialize(value.shape)

    def initialize_parameters(self, *args, **kwargs) -> None:
        r"""Materialize and initialise the parameters from the first input (each lazy layer
        defines it).

        Example::

            >>> m = torch.nn.LazyLinear(2)
            >>> m.initialize_parameters(torch.ones(1, 3))
            >>> m.weight.shape, m.in_features
            (numtensor.Size([2, 3]), 3)
        """
        raise NotImplementedError(
            f"initialize_parameters is not implemented for {type(self).__name__}"
        )

    def has_uninitialized_params(self) -> bool:
        r"""Whether any parameter or buffer of this module is still uninitialized.

        Example::

            >>> m = torch.nn.LazyConv2d(4, 3)
            >>> m.has_uninitialized_params()
            True
        """
        tables = (self._parameters.values(), self._buffers.values())
        return any(is_lazy(t) for table in tables for t in table)

    @staticmethod
    def _infer_parameters(module, args) -> None:
        """The forward pre-hook: initialize from the input, then become the ordinary class."""
        module.initialize_parameters(*args)
        if module.has_uninitialized_params():
            raise RuntimeError(f"module {module._get_name()} has not been fully initialized")
        module._initialize_hook.remove()
        del module._initialize_hook
        del module._load_hook
        if module.cls_to_become is not None:
            module.__class__ = module.cls_to_become

    def _replicate_for_data_parallel(self):
        raise RuntimeError(
            "Modules with uninitialized parameters can't be used with `DataParallel`. Run a "
            "dummy forward pass to correctly initialize the modules"
        )


class LazyLinear(LazyModuleMixin, Linear):
    r"""A :class:`Linear` whose ``in_features`` is inferred from the last dim of its first input:
    ``weight`` and ``bias`` are :class:`~numtensor.nn.UninitializedParameter` until then, when
    they are materialized and initialised, and the module becomes a :class:`Linear`.

    Args:
        out_features (int): size of each output sample.
        bias (bool): learn an additive bias. Default: ``True``.
        device, dtype: for the parameters.

    Shape:
        - Input: :math:`(*, H_{in})`; Output: :math:`(*, out\_features)`.

    Example::

        >>> m = torch.nn.LazyLinear(3)
        >>> m.weight
        <UninitializedParameter>
        >>> m(torch.ones(2, 5)).shape
        numtensor.Size([2, 3])
        >>> m
        Linear(in_features=5, out_features=3, bias=True)
    """

    cls_to_become = Linear

    def __init__(self, out_features: int, bias: bool = True, device=None, dtype=None) -> None:
        factory = {"device": device, "dtype": dtype}
        super().__init__(0, 0, False)
        self.weight = UninitializedParameter(**factory)
        self.out_features = out_features
        if bias:
            self.bias = UninitializedParameter(**factory)

    def reset_parameters(self) -> None:
        if not self.has_uninitialized_params() and self.in_features != 0:
            super().reset_parameters()

    def initialize_parameters(self, input) -> None:
        """in_features = input.shape[-1]; weight [out, in] and bias [out] initialised as
        Linear's."""
        if self.has_uninitialized_params():
            with _nt.no_grad():
                self.in_features = input.shape[-1]
                self.weight.materialize((self.out_features, self.in_features))
                if self.bias is not None:
                    self.bias.materialize((self.out_features,))
                self.reset_parameters()


class _LazyConvXdMixin(LazyModuleMixin):
    def reset_parameters(self) -> None:
        if not self.has_uninitialized_params() and self.in_channels != 0:
            super().reset_parameters()

    def initialize_parameters(self, input, *args, **kwargs) -> None:
        """in_channels from the input (dim 1, or 0 when unbatched); the weight materialized
        and initialised as the ordinary convolution's."""
        if self.has_uninitialized_params():
            self.in_channels = self._get_in_channels(input)
            if self.in_channels % self.groups:
                raise ValueError("in_channels must be divisible by groups")
            if self.transposed:
                shape = (self.in_channels, self.out_channels // self.groups, *self.kernel_size)
            else:
                shape = (self.out_channels, self.in_channels // self.groups, *self.kernel_size)
            with _nt.no_grad():
                self.weight.materialize(shape)
                if self.bias is not None:
                    self.bias.materialize((self.out_channels,))
                self.reset_parameters()

    def _get_in_channels(self, input) -> int:
        spatial = self.dims
        if input.ndim not in (spatial + 1, spatial + 2):
            raise RuntimeError(
                f"Expected {spatial + 1}D (unbatched) or {spatial + 2}D (batched) input to "
                f"{type(self).__name__}, but got input of size: {input.shape}"
            )
        return input.shape[1] if input.ndim == spatial + 2 else input.shape[0]


def _lazy_conv(base, name: str):
    """LazyConv{1,2,3}d: ``base`` with in_channels inferred from the first input."""

    def __init__(self, out_channels: int, kernel_size, stride=1, padding=0, dilation=1,
                 groups: int = 1, bias: bool = True, padding_mode: str = "zeros", device=None,
                 dtype=None) -> None:  # fmt: skip
        factory = {"device": device, "dtype": dtype}
        LazyModuleMixin.__init__(self, 0, 0, kernel_size, stride, padding, dilation, groups,
                                 False, padding_mode, **factory)  # fmt: skip
        _uninitialized(self, out_channels, bias, factory)

    return _lazy_class(base, name, __init__)


def _uninitialized(module, out_channels: int, bias: bool, factory: dict) -> None:
    """A lazy convolution's parameters before its first input: shapes still unknown."""
    module.weight = UninitializedParameter(**factory)
    module.out_channels = out_channels
    if bias:
        module.bias = UninitializedParameter(**factory)


def _lazy_class(base, name: str, init):
    sizes = ", ".join(["5"] * int(name[-2]))
    doc = f"""A :class:`{base.__name__}` whose ``in_channels`` is inferred from its first input
(dim 1, or 0 when unbatched): its ``weight`` and ``bias`` are
:class:`~numtensor.nn.UninitializedParameter` until then, when they are materialized and
initialised as {base.__name__}'s, and the module becomes a {base.__name__}.

Args:
    out_channels, kernel_size, ...: as in :class:`{base.__name__}` (without ``in_channels``).

Example::

    >>> m = torch.nn.{name}(4, 3)
    >>> _ = m(torch.ones(1, 2, {sizes}))
    >>> type(m).__name__, m.in_channels, m.weight.shape[:2]
    ('{base.__name__}', 2, numtensor.Size([{"4, 2" if "Transpose" not in name else "2, 4"}]))
"""
    attrs = {"cls_to_become": base, "__init__": init, "__doc__": doc}
    return type(name, (_LazyConvXdMixin, base), attrs)


def _lazy_conv_transpose(base, name: str):
    """LazyConvTranspose{1,2,3}d: ``base`` with in_channels inferred from the first input."""

    def __init__(self, out_channels: int, kernel_size, stride=1, padding=0, output_padding=0,
                 groups: int = 1, bias: bool = True, dilation=1, padding_mode: str = "zeros",
                 device=None, dtype=None) -> None:  # fmt: skip
        factory = {"device": device, "dtype": dtype}
        LazyModuleMixin.__init__(self, 0, 0, kernel_size, stride, padding, output_padding,
                                 groups, False, dilation, padding_mode, **factory)  # fmt: skip
        _uninitialized(self, out_channels, bias, factory)

    return _lazy_class(base, name, __init__)


LazyConv1d = _lazy_conv(Conv1d, "LazyConv1d")
LazyConv2d = _lazy_conv(Conv2d, "LazyConv2d")
LazyConv3d = _lazy_conv(Conv3d, "LazyConv3d")
LazyConvTranspose1d = _lazy_conv_transpose(ConvTranspose1d, "LazyConvTranspose1d")
LazyConvTranspose2d = _lazy_conv_transpose(ConvTranspose2d, "LazyConvTranspose2d")
LazyConvTranspose3d = _lazy_conv_transpose(ConvTranspose3d, "LazyConvTranspose3d")


class _LazyNormBase(LazyModuleMixin):
    def __init__(self, eps=1e-5, momentum=0.1, affine: bool = True,
                 track_running_stats: bool = True, device=None, dtype=None, *,
                 bias: bool = True) -> None:  # fmt: skip
        factory = {"device": device, "dtype": dtype}
        super().__init__(0, eps, momentum, False, False, **factory)
        self.affine, self.track_running_stats = affine, track_running_stats
        if affine:
            self.weight = UninitializedParameter(**factory)
            if bias:
                self.bias = UninitializedParameter(**factory)
        if track_running_stats:  # (in place of the None buffers: PyTorch's order is kept)
            self._buffers["running_mean"] = UninitializedBuffer(**factory)
            self._buffers["running_var"] = UninitializedBuffer(**factory)
            self._buffers["num_batches_tracked"] = _nt.tensor(0, dtype=_nt.int64, device=device)

    def reset_running_stats(self) -> None:
        if self.track_running_stats:
            self.running_mean.zero_()
            self.running_var.fill_(1)
            self.num_batches_tracked.zero_()

    def reset_parameters(self) -> None:
        if not self.has_uninitialized_params() and self.num_features != 0:
            self.reset_running_stats()
            if self.affine:
                with _nt.no_grad():
                    self.weight.fill_(1)
                    if self.bias is not None:
                        self.bias.zero_()

    def initialize_parameters(self, input) -> None:
        """num_features = input.shape[1]; weight (1), bias (0), running_mean (0) and running_var
        (1) materialized with that many features."""
        if self.has_uninitialized_params():
            self.num_features = input.shape[1]
            n = (self.num_features,)
            if self.affine:
                self.weight.materialize(n)
                if self.bias is not None:
                    self.bias.materialize(n)
            if self.track_running_stats:
                self.running_mean.materialize(n)
                self.running_var.materialize(n)
            self.reset_parameters()


def _lazy_norm(base, family, name: str):
    """Lazy{BatchNorm,InstanceNorm}{1,2,3}d: ``base`` with num_features inferred."""
    sizes = ", ".join(["4"] * int(name[-2]))
    doc = f"""A :class:`{base.__name__}` whose ``num_features`` is inferred from dim 1 of its first
input: its parameters and running statistics are uninitialized until then, when they are
materialized and initialised, and the module becomes a {base.__name__}.

Args:
    eps, momentum, affine, track_running_stats, device, dtype: as in
        :class:`{base.__name__}` (``affine`` and ``track_running_stats`` default to True).

Example::

    >>> m = torch.nn.{name}()
    >>> _ = m(torch.randn(2, 3, {sizes}))
    >>> type(m).__name__, m.num_features
    ('{base.__name__}', 3)
"""
    attrs = {"cls_to_become": base, "__doc__": doc, "dims": getattr(base, "dims", 2)}
    if "_check_input_dim" in base.__dict__:
        attrs["_check_input_dim"] = base.__dict__["_check_input_dim"]
    return type(name, (_LazyNormBase, family), attrs)


LazyBatchNorm1d = _lazy_norm(BatchNorm1d, _BatchNorm, "LazyBatchNorm1d")
LazyBatchNorm2d = _lazy_norm(BatchNorm2d, _BatchNorm, "LazyBatchNorm2d")
LazyBatchNorm3d = _lazy_norm(BatchNorm3d, _BatchNorm, "LazyBatchNorm3d")
LazyInstanceNorm1d = _lazy_norm(InstanceNorm1d, _InstanceNorm, "LazyInstanceNorm1d")
LazyInstanceNorm2d = _lazy_norm(InstanceNorm2d, _InstanceNorm, "LazyInstanceNorm2d")
LazyInstanceNorm3d = _lazy_norm(InstanceNorm3d, _InstanceNorm, "LazyInstanceNorm3d")
