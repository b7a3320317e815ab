"""``nn.Module``: parameters, buffers and submodules registered by assignment."""

from __future__ import annotations

from collections import OrderedDict

from ..._tensor_base import Tensor
from ...autograd.engine import zero_grads
from ...autograd.grad_mode import no_grad
from ..parameter import Parameter
from .state import StateDict


class _RemovableHandle:
    def __init__(self, table: dict, key: int) -> None:
        self._table, self._key = table, key

    def remove(self) -> None:
        self._table.pop(self._key, None)


class Module(StateDict):
    r"""Base class for all neural network modules.

    Models subclass it, define ``forward`` and assign their layers and parameters as
    attributes in ``__init__``: a :class:`~numtensor.nn.Parameter`, a :class:`Module` or an
    :class:`~numtensor.nn.Buffer` assigned to an attribute is registered, so that
    :meth:`parameters`, :meth:`state_dict`, :meth:`to`, :meth:`train` and the printed
    ``repr`` see it. Calling the module runs its forward pre-hooks, ``forward`` and its
    forward hooks.

    Attributes:
        training (bool): whether the module is in training mode (see :meth:`train`).

    Example::

        >>> class Model(torch.nn.Module):
        ...     def __init__(self):
        ...         super().__init__()
        ...         self.fc1 = torch.nn.Linear(4, 3)
        ...         self.fc2 = torch.nn.Linear(3, 1)
        ...
        ...     def forward(self, x):
        ...         return self.fc2(torch.relu(self.fc1(x)))
        >>> model = Model()
        >>> model
        Model(
          (fc1): Linear(in_features=4, out_features=3, bias=True)
          (fc2): Linear(in_features=3, out_features=1, bias=True)
        )
        >>> model(torch.ones(2, 4)).shape
        numtensor.Size([2, 1])
        >>> [name for name, _ in model.named_parameters()]
        ['fc1.weight', 'fc1.bias', 'fc2.weight', 'fc2.bias']
    """

    training: bool
    _version = 1

    def __init__(self, *args, **kwargs) -> None:
        if args or kwargs:
            raise TypeError(f"{type(self).__name__}.__init__() takes no arguments")
        object.__setattr__(self, "training", True)
        object.__setattr__(self, "_parameters", OrderedDict())
        object.__setattr__(self, "_buffers", OrderedDict())
        object.__setattr__(self, "_non_persistent_buffers", set())
        object.__setattr__(self, "_modules", OrderedDict())
        object.__setattr__(self, "_forward_hooks", OrderedDict())
        object.__setattr__(self, "_forward_pre_hooks", OrderedDict())

    # ---- registration ---------------------------------------------------------------------

    def __setattr__(self, name: str, value) -> None:
        params = self.__dict__.get("_parameters")
        if isinstance(value, Parameter):
            if params is None:
                raise AttributeError("cannot assign parameters before Module.__init__() call")
            self._discard(name)
            self.register_parameter(name, value)
        elif params is not None and name in params:
            if value is not None:
                raise TypeError(
                    f"cannot assign '{type(value).__name__}' as parameter "
                    f"'{name}' (torch.nn.Parameter or None expected)"
                )
            params[name] = None
        elif isinstance(value, Tensor) and value.__dict__.get("_is_buffer"):  # (nn.Buffer)
            self._discard(name)
            self.register_buffer(name, value, value.__dict__.get("_buffer_persistent", True))
        elif isinstance(value, Module):
            if self.__dict__.get("_modules") is None:
                raise AttributeError("cannot assign module before Module.__init__() call")
            self._discard(name)
            self._modules[name] = value
        elif self.__dict__.get("_modules") is not None and name in self._modules:
            if value is not None:
                raise TypeError(
                    f"cannot assign '{type(value).__name__}' as child module "
                    f"'{name}' (torch.nn.Module or None expected)"
                )
            self._modules[name] = None
        elif self.__dict__.get("_buffers") is not None and name in self._buffers:
            if value is not None and not isinstance(value, Tensor):
                raise TypeError(
                    f"cannot assign '{type(value).__name__}' as buffer '{name}' "
                    "(torch.Tensor or None expected)"
                )
            self._buffers[name] = value
        else:
            object.__setattr__(self, name, value)

    def _discard(self, name: str) -> None:
        for table in ("_parameters", "_buffers", "_modules"):
            self.__dict__[table].pop(name, None)
        self.__dict__.pop(name, None)

    def __getattr__(self, name: str):
        d = self.__dict__
        params = d.get("_parameters")
        if params is not None and name in params:  # the common case first: a parameter
            return params[name]
        for table in ("_buffers", "_modules"):
            if table in d and name in d[table]:
                return d[table][name]
        raise AttributeError(f"'{type(self).__name__}' object has no attribute '{name}'")

    def __delattr__(self, name: str) -> None:
        for table in ("_parameters", "_buffers", "_modules"):
            if name in self.__dict__.get(table, {}):
                del self.__dict__[table][name]
                return
        object.__delattr__(self, name)

    def register_parameter(self, name: str, param: Parameter | None) -> None:
        r"""Adds a parameter to the module under ``name`` (as assigning it as an attribute does).

        Args:
            name (str): the parameter's name (no ``"."``, not empty).
            param (Parameter or None): the parameter; ``None`` registers an empty slot that
                :meth:`parameters` and :meth:`state_dict` skip.

        Example::

            >>> m = torch.nn.Module()
            >>> m.register_parameter("scale", torch.nn.Parameter(torch.ones(2)))
            >>> [name for name, _ in m.named_parameters()]
            ['scale']
        """
        if "." in name or name == "":
            raise KeyError(f'parameter name can\'t contain "." or be empty, got "{name}"')
        if name not in self._parameters and hasattr(self, name):
            # e.g. a parametrized tensor's property: PyTorch refuses to shadow it
            raise KeyError(f"attribute '{name}' already exists")
        if param is not None and not isinstance(param, Parameter):
            raise TypeError(
                f"cannot assign '{type(param).__name__}' object to parameter "
                f"'{name}' (torch.nn.Parameter or None required)"
            )
        self._parameters[name] = param

    def register_buffer(self, name: str, tensor: Tensor | None, persistent: bool = True) -> None:
        r"""Adds a buffer to the module: a tensor that is part of its state (moved by :meth:`to`,
        saved by :meth:`state_dict` when ``persistent``) but is not a parameter, e.g.
        BatchNorm's ``running_mean``.

        Args:
            name (str): the buffer's name (no ``"."``, not empty).
            tensor (Tensor or None): the buffer; ``None`` leaves an empty slot.
            persistent (bool): whether the buffer is part of :meth:`state_dict`. Default: ``True``.

        Example::

            >>> m = torch.nn.Module()
            >>> m.register_buffer("step", torch.zeros(1))
            >>> m.register_buffer("cache", torch.zeros(1), persistent=False)
            >>> list(m.state_dict())
            ['step']
        """
        if "." in name or name == "":
            raise KeyError(f'buffer name can\'t contain "." or be empty, got "{name}"')
        if tensor is not None and not isinstance(tensor, Tensor):
            raise TypeError(
                f"cannot assign '{type(tensor).__name__}' object to buffer '{name}' "
                "(torch Tensor or None required)"
            )
        self.__dict__.pop(name, None)
        self._buffers[name] = tensor
        if persistent:
            self._non_persistent_buffers.discard(name)
        else:
            self._non_persistent_buffers.add(name)

    def register_module(self, name: str, module: Module | None) -> None:
        r"""Adds a child module under ``name`` (as assigning it as an attribute does).
        :meth:`add_module` is the same method.

        Example::

            >>> m = torch.nn.Module()
            >>> m.register_module("fc", torch.nn.Linear(2, 2))
            >>> m
            Module(
              (fc): Linear(in_features=2, out_features=2, bias=True)
            )
        """
        self._modules[name] = module

    add_module = register_module

    def get_submodule(self, target: str) -> Module:
        r"""Returns the submodule at the dotted path ``target`` (``""`` is the module itself).

        Example::

            >>> net = torch.nn.Sequential(torch.nn.Sequential(torch.nn.Linear(2, 3)))
            >>> net.get_submodule("0.0")
            Linear(in_features=2, out_features=3, bias=True)
        """
        module = self
        for part in target.split(".") if target else []:
            module = module._modules[part]
        return module

    # ---- calling --------------------------------------------------------------------------

    def forward(self, *args, **kwargs):
        r"""Defines the computation of the module; every subclass overrides it.

        Call the module itself (``module(x)``) rather than ``forward``: the call also runs the
        registered hooks.

        Example::

            >>> class Double(torch.nn.Module):
            ...     def forward(self, x):
            ...         return 2 * x
            >>> Double()(torch.tensor([1., 2.]))
            tensor([2., 4.])
        """
        raise NotImplementedError(
            f'Module [{type(self).__name__}] is missing the required "forward" function'
        )

    def __call__(self, *args, **kwargs):
        if not (self._forward_pre_hooks or self._forward_hooks):
            return self.forward(*args, **kwargs)
        for hook in list(self._forward_pre_hooks.values()):
            result = hook(self, args)
            if result is not None:
                args = result if isinstance(result, tuple) else (result,)
        out = self.forward(*args, **kwargs)
        for hook in list(self._forward_hooks.values()):
            result = hook(self, args, out)
            if result is not None:
                out = result
        return out

    def register_forward_pre_hook(self, hook):
        r"""Registers ``hook(module, args)``, called before every ``forward``; when it returns a
        value (a tuple, or a single input), that replaces the positional arguments.

        Returns:
            a handle whose ``remove()`` unregisters the hook.

        Example::

            >>> m = torch.nn.Identity()
            >>> handle = m.register_forward_pre_hook(lambda mod, args: (args[0] + 1,))
            >>> m(torch.tensor([1.]))
            tensor([2.])
            >>> handle.remove()
            >>> m(torch.tensor([1.]))
            tensor([1.])
        """
        key = id(hook) ^ len(self._forward_pre_hooks)
        self._forward_pre_hooks[key] = hook
        return _RemovableHandle(self._forward_pre_hooks, key)

    def register_forward_hook(self, hook):
        r"""Registers ``hook(module, args, output)``, called after every ``forward``; when it
        returns a value, that replaces the output.

        Returns:
            a handle whose ``remove()`` unregisters the hook.

        Example::

            >>> m = torch.nn.Linear(3, 2)
            >>> shapes = []
            >>> handle = m.register_forward_hook(lambda mod, args, out: shapes.append(out.shape))
            >>> _ = m(torch.ones(4, 3))
            >>> shapes
            [numtensor.Size([4, 2])]
            >>> handle.remove()
        """
        key = id(hook) ^ len(self._forward_hooks)
        self._forward_hooks[key] = hook
        return _RemovableHandle(self._forward_hooks, key)

    # ---- traversal ------------------------------------------------------------------------

    def named_modules(self, memo=None, prefix: str = "", remove_duplicate: bool = True):
        r"""Yields ``(name, module)`` for this module (name ``prefix``) and every submodule,
        depth first, each module once unless ``remove_duplicate`` is ``False``.

        Example::

            >>> net = torch.nn.Sequential(torch.nn.Linear(2, 2), torch.nn.ReLU())
            >>> [name for name, _ in net.named_modules()]
            ['', '0', '1']
        """
        memo = set() if memo is None else memo
        if remove_duplicate and id(self) in memo:
            return
        memo.add(id(self))
        yield prefix, self
        for name, module in self._modules.items():
            if module is None:
                continue
            sub = prefix + ("." if prefix else "") + name
            yield from module.named_modules(memo, sub, remove_duplicate)

    def modules(self):
        r"""Yields this module and every submodule, depth first (each once).

        Example::

            >>> net = torch.nn.Sequential(torch.nn.Linear(2, 2), torch.nn.ReLU())
            >>> [type(m).__name__ for m in net.modules()]
            ['Sequential', 'Linear', 'ReLU']
        """
        for _, m in self.named_modules():
            yield m

    def named_children(self):
        r"""Yields ``(name, module)`` for the immediate child modules.

        Example::

            >>> net = torch.nn.Sequential(torch.nn.Linear(2, 2), torch.nn.ReLU())
            >>> [name for name, _ in net.named_children()]
            ['0', '1']
        """
        seen = set()
        for name, module in self._modules.items():
            if module is not None and id(module) not in seen:
                seen.add(id(module))
                yield name, module

    def children(self):
        r"""Yields the immediate child modules.

        Example::

            >>> net = torch.nn.Sequential(torch.nn.Linear(2, 2), torch.nn.ReLU())
            >>> list(net.children())
            [Linear(in_features=2, out_features=2, bias=True), ReLU()]
        """
        for _, m in self.named_children():
            yield m

    def _named_members(self, table: str, prefix: str, recurse: bool):
        seen = set()
        modules = self.named_modules(prefix=prefix) if recurse else [(prefix, self)]
        for mod_prefix, module in modules:
            for name, value in getattr(module, table).items():
                if value is None or id(value) in seen:
                    continue
                seen.add(id(value))
                yield mod_prefix + ("." if mod_prefix else "") + name, value

    def named_parameters(self, prefix: str = "", recurse: bool = True):
        r"""Yields ``(name, parameter)`` pairs, names dotted by submodule path, each parameter
        once.

        Args:
            prefix (str): prepended to every name.
            recurse (bool): include the submodules' parameters. Default: ``True``.

        Example::

            >>> net = torch.nn.Sequential(torch.nn.Linear(3, 2), torch.nn.Linear(2, 1))
            >>> [(name, tuple(p.shape)) for name, p in net.named_parameters()]
            [('0.weight', (2, 3)), ('0.bias', (2,)), ('1.weight', (1, 2)), ('1.bias', (1,))]
        """
        yield from self._named_members("_parameters", prefix, recurse)

    def parameters(self, recurse: bool = True):
        r"""Yields the module's parameters (those of its submodules too when ``recurse``), each
        once; typically passed to an optimizer.

        Example::

            >>> m = torch.nn.Linear(3, 2)
            >>> [p.shape for p in m.parameters()]
            [numtensor.Size([2, 3]), numtensor.Size([2])]
            >>> sum(p.numel() for p in m.parameters())
            8
        """
        for _, p in self.named_parameters(recurse=recurse):
            yield p

    def named_buffers(self, prefix: str = "", recurse: bool = True):
        r"""Yields ``(name, buffer)`` pairs, names dotted by submodule path.

        Example::

            >>> bn = torch.nn.BatchNorm1d(2)
            >>> [name for name, _ in bn.named_buffers()]
            ['running_mean', 'running_var', 'num_batches_tracked']
        """
        yield from self._named_members("_buffers", prefix, recurse)

    def share_memory(self):
        r"""Moves every parameter and buffer (and their gradients) into shared memory, for
        processes that train one model together (numtensor.multiprocessing); returns ``self``.

        Example::

            >>> m = torch.nn.Linear(2, 2).share_memory()
            >>> m.weight.is_shared()
            True
        """
        for t in [*self.parameters(), *self.buffers()]:
            t.share_memory_()
            if t.grad is not None:
                t.grad.share_memory_()
        return self

    def buffers(self, recurse: bool = True):
        r"""Yields the module's buffers (those of its submodules too when ``recurse``).

        Example::

            >>> [b.shape for b in torch.nn.BatchNorm1d(3).buffers()]
            [numtensor.Size([3]), numtensor.Size([3]), numtensor.Size([])]
        """
        for _, b in self.named_buffers(recurse=recurse):
            yield b

    # ---- modes and conversions --------------------------------------------------------------

    def train(self, mode: bool = True) -> Module:
        r"""Sets the module and its submodules to training mode (``mode=True``) or evaluation mode;
        it matters to layers such as Dropout and BatchNorm. Returns ``self``.

        Example::

            >>> net = torch.nn.Sequential(torch.nn.Dropout())
            >>> net.train(False)[0].training
            False
            >>> net.train()[0].training
            True
        """
        if not isinstance(mode, bool):
            raise ValueError("training mode is expected to be boolean")
        for m in self.modules():
            object.__setattr__(m, "training", mode)
        return self

    def eval(self) -> Module:
        r"""Sets the module to evaluation mode: same as ``self.train(False)``. Returns ``self``.

        Example::

            >>> m = torch.nn.Dropout(0.5).eval()
            >>> m.training
            False
            >>> m(torch.ones(3))
            tensor([1., 1., 1.])
        """
        return self.train(False)

    def requires_grad_(self, requires_grad: bool = True) -> Module:
        r"""Sets ``requires_grad`` of every parameter (e.g. ``False`` to freeze a layer); returns
        ``self``.

        Example::

            >>> m = torch.nn.Linear(2, 2).requires_grad_(False)
            >>> m.weight.requires_grad
            False
        """
        for p in self.parameters():
            p.requires_grad_(requires_grad)
        return self

    def zero_grad(self, set_to_none: bool = True) -> None:
        r"""Resets the gradients of all parameters: to ``None`` (``set_to_none=True``, the
        default) or to zeros.

        Example::

            >>> m = torch.nn.Linear(2, 1)
            >>> m(torch.ones(1, 2)).sum().backward()
            >>> m.bias.grad
            tensor([1.])
            >>> m.zero_grad()
            >>> m.bias.grad is None
            True
        """
        zero_grads(self.parameters(), set_to_none)

    def apply(self, fn) -> Module:
        r"""Calls ``fn`` on every submodule (children first) and then on ``self``; returns
        ``self``. Typically used to initialise weights.

        Example::

            >>> def init_weights(m):
            ...     if isinstance(m, torch.nn.Linear):
            ...         torch.nn.init.ones_(m.weight)
            >>> net = torch.nn.Sequential(torch.nn.Linear(2, 2), torch.nn.Linear(2, 2))
            >>> net.apply(init_weights)[1].weight
            Parameter containing:
            tensor([[1., 1.],
                    [1., 1.]], requires_grad=True)
        """
        for module in self.children():
            module.apply(fn)
        fn(self)
        return self

    def _apply(self, convert) -> Module:
        """Convert every parameter (keeping it a Parameter, and its grad) and buffer."""
        for module in self.modules():
            for p in module._parameters.values():
                if p is None:
                    continue
                with no_grad():
                    new = convert(p)
                if new is not p:
                    # the Parameter object stays (an optimizer made earlier still holds it),
                    # as PyTorch does: only its data, and its gradient's, are replaced
                    p.data = new
                    if p.grad is not None:
                        with no_grad():
                            p.grad.data = convert(p.grad)
            for name, b in module._buffers.items():
                if b is not None:
                    module._buffers[name] = convert(b)
        return self

    def to(self, *args, **kwargs) -> Module:
        r"""Moves and/or casts the parameters and buffers, in place; returns ``self``.

        Called as ``to(device)``, ``to(dtype)``, ``to(device, dtype)`` or ``to(tensor)``
        (that tensor's device and dtype). Only floating-point tensors change dtype; integer
        buffers only move. Parameters stay the same objects (an optimizer made before still
        holds them).

        ``memory_format=`` (e.g. ``torch.channels_last``) lays out the 4-D and 5-D parameters
        and buffers in that format (a convolution's weights); the others keep theirs.

        Example::

            >>> m = torch.nn.Linear(2, 2).to(torch.float64)
            >>> m.weight.dtype
            numtensor.float64
            >>> m = m.to("cuda")  # doctest: +SKIP
            >>> conv = torch.nn.Conv2d(3, 4, 3).to(memory_format=torch.channels_last)
            >>> conv.weight.stride()
            (27, 1, 9, 3)
        """
        from ..._dtype import dtype as dtype_type
        from ..._memory_format import check_memory_format

        fmt = kwargs.pop("memory_format", None)
        if fmt is not None:
            fmt = check_memory_format(fmt, "to")

        def convert(t):
            kw = dict(kwargs)
            if fmt is not None and t.dim() in (4, 5):  # (as PyTorch does)
                kw["memory_format"] = fmt
            if t.dtype.is_floating_point:
                return t.to(*args, **kw)
            # integer buffers move but keep their dtype
            keep = [a for a in args if not isinstance(a, dtype_type)]
            kw.pop("dtype", None)
            return t.to(*keep, **kw) if keep or kw else t

        return self._apply(convert)

    def cpu(self) -> Module:
        r"""Moves all parameters and buffers to the CPU; returns ``self``.

        Example::

            >>> torch.nn.Linear(2, 2).cpu().weight.device
            device(type='cpu')
        """
        return self._apply(lambda t: t.cpu())

    def cuda(self, device=None) -> Module:
        r"""Moves all parameters and buffers to the (given) CUDA device; returns ``self``.

        Example::

            >>> m = torch.nn.Linear(2, 2).cuda()  # doctest: +SKIP
            >>> m.weight.device  # doctest: +SKIP
            device(type='cuda', index=0)
        """
        return self._apply(lambda t: t.cuda(device))

    def float(self) -> Module:
        r"""Casts all floating-point parameters and buffers to float32; returns ``self``.

        Example::

            >>> torch.nn.Linear(2, 2).double().float().weight.dtype
            numtensor.float32
        """
        return self._apply(lambda t: t.float() if t.is_floating_point() else t)

    def double(self) -> Module:
        r"""Casts all floating-point parameters and buffers to float64; returns ``self``.

        Example::

            >>> torch.nn.Linear(2, 2).double().weight.dtype
            numtensor.float64
        """
        return self._apply(lambda t: t.double() if t.is_floating_point() else t)

    def half(self) -> Module:
        r"""Casts all floating-point parameters and buffers to float16; returns ``self``.

        Example::

            >>> torch.nn.Linear(2, 2).half().weight.dtype
            numtensor.float16
        """
        return self._apply(lambda t: t.half() if t.is_floating_point() else t)

    # ---- printing ---------------------------------------------------------------------------

    def extra_repr(self) -> str:
        r"""Returns the module's own settings for its printed ``repr`` (empty by default);
        subclasses override it.

        Example::

            >>> torch.nn.Linear(3, 2).extra_repr()
            'in_features=3, out_features=2, bias=True'
        """
        return ""

    def _get_name(self) -> str:
        return type(self).__name__

    def __repr__(self) -> str:
        lines = []
        extra = self.extra_repr()
        if extra:
            lines = extra.split("\n")
        children = []
        for name, module in self._modules.items():
            text = repr(module).replace("\n", "\n  ")
            children.append(f"({name}): {text}")
        body = lines + children
        main = self._get_name() + "("
        if body:
            if len(lines) == 1 and not children:
                main += lines[0]
            else:
                main += "\n  " + "\n  ".join(body) + "\n"
        return main + ")"

    def __dir__(self):
        return sorted(
            set(super().__dir__()) | set(self._parameters) | set(self._modules) | set(self._buffers)
        )
