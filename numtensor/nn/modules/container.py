"""Containers: Sequential, ModuleList, ModuleDict, ParameterList, ParameterDict."""

from __future__ import annotations

from collections import OrderedDict

from ..._tensor_base import Tensor
from ..parameter import Parameter
from .module import Module


class Sequential(Module):
    r"""A sequential container: calling it passes the input through each module in turn and
    returns the last output.

    Modules are given positionally (named ``"0"``, ``"1"``, ...) or as one
    ``OrderedDict`` of names to modules. It can be indexed, sliced (a new Sequential),
    iterated, measured with ``len`` and extended with :meth:`append`.

    Example::

        >>> model = torch.nn.Sequential(
        ...     torch.nn.Linear(4, 8), torch.nn.ReLU(), torch.nn.Linear(8, 2))
        >>> model(torch.ones(3, 4)).shape
        numtensor.Size([3, 2])
        >>> model[1]
        ReLU()
        >>> from collections import OrderedDict
        >>> torch.nn.Sequential(OrderedDict(fc=torch.nn.Linear(2, 1), act=torch.nn.Tanh()))
        Sequential(
          (fc): Linear(in_features=2, out_features=1, bias=True)
          (act): Tanh()
        )
    """

    def __init__(self, *args) -> None:
        super().__init__()
        if len(args) == 1 and isinstance(args[0], OrderedDict):
            for name, module in args[0].items():
                self.add_module(name, module)
        else:
            for i, module in enumerate(args):
                self.add_module(str(i), module)

    def forward(self, input):
        for module in self._modules.values():
            input = module(input)
        return input

    def __getitem__(self, idx):
        items = list(self._modules.items())
        if isinstance(idx, slice):
            return Sequential(OrderedDict(items[idx]))
        n = len(items)
        if not -n <= idx < n:
            raise IndexError(f"index {idx} is out of range")
        return items[idx % n][1]

    def __setitem__(self, idx: int, module: Module) -> None:
        key = list(self._modules)[idx]
        self._modules[key] = module

    def __delitem__(self, idx) -> None:
        keys = list(self._modules)
        for key in keys[idx] if isinstance(idx, slice) else [keys[idx]]:
            del self._modules[key]

    def __len__(self) -> int:
        return len(self._modules)

    def __iter__(self):
        return iter(self._modules.values())

    def append(self, module: Module) -> Sequential:
        r"""Appends ``module`` at the end; returns ``self``.

        Example::

            >>> torch.nn.Sequential(torch.nn.Linear(2, 2)).append(torch.nn.ReLU())
            Sequential(
              (0): Linear(in_features=2, out_features=2, bias=True)
              (1): ReLU()
            )
        """
        self.add_module(str(len(self)), module)
        return self


class ModuleList(Module):
    r"""Holds submodules in a list: indexable and iterable like a Python list, and its modules
    are registered (their parameters are the container's).

    Args:
        modules (iterable, optional): the modules to add.

    Example::

        >>> layers = torch.nn.ModuleList([torch.nn.Linear(4, 4) for _ in range(3)])
        >>> x = torch.ones(2, 4)
        >>> for layer in layers:
        ...     x = layer(x)
        >>> x.shape, len(layers), len(list(layers.parameters()))
        (numtensor.Size([2, 4]), 3, 6)
    """

    def __init__(self, modules=None) -> None:
        super().__init__()
        for m in modules or ():
            self.append(m)

    def __getitem__(self, idx):
        values = list(self._modules.values())
        if isinstance(idx, slice):
            return ModuleList(values[idx])
        return values[idx]

    def __setitem__(self, idx: int, module: Module) -> None:
        key = list(self._modules)[idx]
        self._modules[key] = module

    def __len__(self) -> int:
        return len(self._modules)

    def __iter__(self):
        return iter(self._modules.values())

    def append(self, module: Module) -> ModuleList:
        r"""Appends ``module`` at the end; returns ``self``.

        Example::

            >>> torch.nn.ModuleList().append(torch.nn.ReLU())
            ModuleList(
              (0): ReLU()
            )
        """
        self.add_module(str(len(self)), module)
        return self

    def extend(self, modules) -> ModuleList:
        r"""Appends the modules of an iterable at the end; returns ``self``.

        Example::

            >>> layers = torch.nn.ModuleList([torch.nn.ReLU()])
            >>> len(layers.extend([torch.nn.Tanh(), torch.nn.ReLU()]))
            3
        """
        for m in modules:
            self.append(m)
        return self

    def insert(self, index: int, module: Module) -> None:
        r"""Inserts ``module`` before position ``index``.

        Example::

            >>> layers = torch.nn.ModuleList([torch.nn.ReLU()])
            >>> layers.insert(0, torch.nn.Tanh())
            >>> layers[0]
            Tanh()
        """
        values = list(self._modules.values())
        values.insert(index, module)
        self._modules.clear()
        for i, m in enumerate(values):
            self._modules[str(i)] = m


class ModuleDict(Module):
    r"""Holds submodules in an ordered dictionary: indexable by name like a dict, and its
    modules are registered.

    Args:
        modules (mapping or iterable of (name, module) pairs, optional): the modules to add.

    Example::

        >>> acts = torch.nn.ModuleDict({"relu": torch.nn.ReLU(), "tanh": torch.nn.Tanh()})
        >>> acts["relu"](torch.tensor([-1., 1.]))
        tensor([0., 1.])
        >>> list(acts.keys())
        ['relu', 'tanh']
    """

    def __init__(self, modules=None) -> None:
        super().__init__()
        if modules is not None:
            self.update(modules)

    def __getitem__(self, key: str) -> Module:
        return self._modules[key]

    def __setitem__(self, key: str, module: Module) -> None:
        self.add_module(key, module)

    def __delitem__(self, key: str) -> None:
        del self._modules[key]

    def __len__(self) -> int:
        return len(self._modules)

    def __iter__(self):
        return iter(self._modules)

    def __contains__(self, key: str) -> bool:
        return key in self._modules

    def keys(self):
        r"""Returns the names of the modules, in insertion order.

        Example::

            >>> list(torch.nn.ModuleDict({"a": torch.nn.ReLU()}).keys())
            ['a']
        """
        return self._modules.keys()

    def values(self):
        r"""Returns the modules, in insertion order.

        Example::

            >>> list(torch.nn.ModuleDict({"a": torch.nn.ReLU()}).values())
            [ReLU()]
        """
        return self._modules.values()

    def items(self):
        r"""Returns the ``(name, module)`` pairs, in insertion order.

        Example::

            >>> list(torch.nn.ModuleDict({"a": torch.nn.ReLU()}).items())
            [('a', ReLU())]
        """
        return self._modules.items()

    def update(self, modules) -> None:
        r"""Adds (or replaces) the modules of a mapping or of an iterable of ``(name, module)``
        pairs.

        Example::

            >>> d = torch.nn.ModuleDict()
            >>> d.update({"fc": torch.nn.Linear(2, 2)})
            >>> list(d)
            ['fc']
        """
        items = modules.items() if hasattr(modules, "items") else modules
        for key, module in items:
            self[key] = module

    def pop(self, key: str) -> Module:
        r"""Removes the module named ``key`` and returns it.

        Example::

            >>> d = torch.nn.ModuleDict({"a": torch.nn.ReLU()})
            >>> d.pop("a"), len(d)
            (ReLU(), 0)
        """
        return self._modules.pop(key)


def _parameter_line(key, p) -> str:
    """A ParameterList/Dict entry as PyTorch shows it."""
    size = "x".join(str(n) for n in p.shape)
    device = "" if p.device.type == "cpu" else f" ({p.device})"
    kind = "Parameter" if isinstance(p, Parameter) else type(p).__name__
    return f"  ({key}): {kind} containing: [{{}} of size {size}{device}]"


def _as_parameter(value):
    return (
        value if isinstance(value, Parameter) or not isinstance(value, Tensor) else Parameter(value)
    )


class ParameterList(Module):
    r"""Holds parameters in a list, registered under the names ``"0"``, ``"1"``, ...; plain
    tensors given to it become :class:`Parameter`\ s.

    Args:
        values (iterable, optional): the parameters (or tensors) to add.

    Example::

        >>> params = torch.nn.ParameterList([torch.nn.Parameter(torch.ones(2)) for _ in range(2)])
        >>> params.append(torch.zeros(3))
        ParameterList(
            (0): Parameter containing: [torch.float32 of size 2]
            (1): Parameter containing: [torch.float32 of size 2]
            (2): Parameter containing: [torch.float32 of size 3]
        )
        >>> [name for name, _ in params.named_parameters()]
        ['0', '1', '2']
    """

    def __init__(self, values=None) -> None:
        super().__init__()
        self._size = 0
        if values is not None:
            self.extend(values)

    def _key(self, index: int) -> str:
        n = len(self)
        if not -n <= index < n:
            raise IndexError(f"index {index} is out of range")
        return str(index % n)

    def __getitem__(self, index):
        if isinstance(index, slice):
            return ParameterList([self[i] for i in range(len(self))[index]])
        return getattr(self, self._key(index))

    def __setitem__(self, index: int, value) -> None:
        setattr(self, self._key(index), _as_parameter(value))

    def __len__(self) -> int:
        return self._size

    def __iter__(self):
        return iter(self[i] for i in range(len(self)))

    def __iadd__(self, values):
        return self.extend(values)

    def append(self, value):
        r"""Appends a parameter (a plain tensor becomes a Parameter); returns ``self``.

        Example::

            >>> len(torch.nn.ParameterList().append(torch.ones(2)))
            1
        """
        key = str(self._size)
        self._size += 1
        setattr(self, key, _as_parameter(value))
        return self

    def extend(self, values):
        r"""Appends the parameters of an iterable; returns ``self``.

        Example::

            >>> len(torch.nn.ParameterList().extend([torch.ones(2), torch.ones(3)]))
            2
        """
        for value in values:
            self.append(value)
        return self

    def extra_repr(self) -> str:
        return "\n".join(
            _parameter_line(i, p).format(str(p.dtype).replace("numtensor.", "torch."))
            for i, p in enumerate(self)
        )


class ParameterDict(Module):
    r"""Holds parameters in an ordered dictionary, registered under their keys; plain tensors
    given to it become :class:`Parameter`\ s.

    Args:
        parameters (mapping or iterable of (name, tensor) pairs, optional): the parameters.

    Example::

        >>> pd = torch.nn.ParameterDict({"scale": torch.ones(2), "shift": torch.zeros(2)})
        >>> pd["scale"]
        Parameter containing:
        tensor([1., 1.], requires_grad=True)
        >>> list(pd.keys())
        ['scale', 'shift']
    """

    def __init__(self, parameters=None) -> None:
        super().__init__()
        self._keys: list = []
        if parameters is not None:
            self.update(parameters)

    def __getitem__(self, key: str):
        return getattr(self, key)

    def __setitem__(self, key: str, value) -> None:
        if key not in self._keys:
            self._keys.append(key)
        setattr(self, key, _as_parameter(value))

    def __delitem__(self, key: str) -> None:
        self._keys.remove(key)
        delattr(self, key)

    def __len__(self) -> int:
        return len(self._keys)

    def __iter__(self):
        return iter(list(self._keys))

    def __contains__(self, key) -> bool:
        return key in self._keys

    def keys(self):
        r"""Returns the names of the parameters, in insertion order.

        Example::

            >>> list(torch.nn.ParameterDict({"w": torch.ones(1)}).keys())
            ['w']
        """
        return list(self._keys)

    def values(self):
        r"""Returns the parameters, in insertion order.

        Example::

            >>> [p.shape for p in torch.nn.ParameterDict({"w": torch.ones(1)}).values()]
            [numtensor.Size([1])]
        """
        return [self[k] for k in self._keys]

    def items(self):
        r"""Returns the ``(name, parameter)`` pairs, in insertion order.

        Example::

            >>> [(k, v.shape) for k, v in torch.nn.ParameterDict({"w": torch.ones(1)}).items()]
            [('w', numtensor.Size([1]))]
        """
        return [(k, self[k]) for k in self._keys]

    def get(self, key, default=None):
        r"""Returns the parameter named ``key``, or ``default`` when there is none.

        Example::

            >>> torch.nn.ParameterDict().get("w", "absent")
            'absent'
        """
        return self[key] if key in self._keys else default

    def pop(self, key):
        r"""Removes the parameter named ``key`` and returns it.

        Example::

            >>> pd = torch.nn.ParameterDict({"w": torch.ones(1)})
            >>> pd.pop("w").shape, len(pd)
            (numtensor.Size([1]), 0)
        """
        value = self[key]
        del self[key]
        return value

    def update(self, parameters) -> None:
        r"""Adds (or replaces) the parameters of a mapping or of an iterable of ``(name, tensor)``
        pairs.

        Example::

            >>> pd = torch.nn.ParameterDict()
            >>> pd.update({"w": torch.ones(2)})
            >>> list(pd)
            ['w']
        """
        items = parameters.items() if hasattr(parameters, "items") else parameters
        for key, value in items:
            self[key] = value

    def extra_repr(self) -> str:
        return "\n".join(_parameter_line(k, p).format(p.type()) for k, p in self.items())
