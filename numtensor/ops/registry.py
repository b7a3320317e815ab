"""The op registry: every public function and Tensor method is bound where its op is declared.

``@op("exp", form=UNARY, inplace=True)`` on an op class, or ``@op("sum")`` on a function,
records the op's bindings: ``numtensor.<name>`` (``function=``), ``Tensor.<name>``
(``method=``: True for the function's own method form, or the method to bind), the in-place
method ``Tensor.<name>_`` (``inplace=``) and aliases. ``numtensor/__init__.py`` re-exports
``FUNCTIONS`` and ``numtensor/_tensor.py`` binds ``METHODS``; there is no other table.

Documentation lives on the declaration too: an op function's docstring, or an op class's own
docstring for the forms, is the user-facing doc of the function and its method (PyTorch's
vocabulary, an ``Example::`` that runs as a doctest); in-place forms say which op they are.
"""

from __future__ import annotations

from .._tensor_base import Tensor
from .._typing import Number

FUNCTIONS: dict = {}  # numtensor.<name>
METHODS: dict = {}  # Tensor.<name> (methods, in-place methods, operators, properties)


def _record(table: dict, name: str, value) -> None:
    if name in table and table[name] is not value:
        raise RuntimeError(f"op {name!r} is declared twice")
    table[name] = value


def as_method(function):
    """``Tensor.name(...)`` for a function whose first argument is the tensor (never with
    the function's ``out=``: methods do not take it)."""
    function = getattr(function, "_without_out", function)

    def method(self, *args, **kwargs):
        return function(self, *args, **kwargs)

    method.__name__ = method.__qualname__ = function.__name__
    method.__doc__ = function.__doc__
    return method


# ---- forms: how an op class of a standard signature is called ------------------------------------


class UNARY:
    """``f(input, *, out=None)``, ``x.f()``, ``x.f_()``."""

    @staticmethod
    def bindings(name: str, cls):
        def function(input: Tensor, *, out: Tensor | None = None) -> Tensor:
            return cls.apply(input, out=out)

        def method(self) -> Tensor:
            return cls.apply(self)

        def inplace(self) -> Tensor:
            return cls.apply(self, inplace=True)

        function.__doc__ = f"Elementwise ``{name}`` of ``input``."
        return function, method, inplace


class BINARY:
    """``f(input, other, *, out=None)``, ``x.f(other)``, ``x.f_(other)``."""

    @staticmethod
    def bindings(name: str, cls):
        def function(
            input: Tensor | Number, other: Tensor | Number, *, out: Tensor | None = None
        ) -> Tensor:
            return cls.apply(input, other, out=out)

        def method(self, other: Tensor | Number) -> Tensor:
            return cls.apply(self, other)

        def inplace(self, other: Tensor | Number) -> Tensor:
            return cls.apply(self, other, inplace=True)

        function.__doc__ = f"Elementwise ``{name}`` of ``input`` and ``other``, with broadcasting."
        return function, method, inplace


def _named(fn, name: str):
    fn.__name__ = fn.__qualname__ = name
    return fn


def op(
    name: str | None = None,
    *,
    form=None,
    function: bool = True,
    method=True,
    inplace=None,
    aliases: tuple = (),
    method_aliases: tuple = (),
    out=None,
):
    """Declare an op's bindings; returns the declaration unchanged.

    For an op class, ``form`` (UNARY, BINARY) makes the function, the method and (with
    ``inplace=True``) the in-place method. For a function, ``method=True`` binds it as a
    method too (``method=`` another callable binds that instead, ``False`` none), and
    ``inplace=`` is the callable bound as ``Tensor.<name>_``. ``out=True`` (or an
    ``out_variants.Out`` saying how) gives the function binding PyTorch's ``out=``.
    """

    def declare(target):
        n = name or target.__name__
        if form is not None:
            fn, meth, inpl = form.bindings(n, target)
            fn, meth = _named(fn, n), _named(meth, n)
            inpl = _named(inpl, n + "_") if inplace is True else inplace
            if "__doc__" in target.__dict__ and target.__doc__:  # the op class's own docstring
                fn.__doc__ = meth.__doc__ = target.__doc__
        else:
            fn = target
            meth = as_method(target) if method is True else method
            inpl = inplace
        if callable(inpl) and not getattr(inpl, "__doc__", None):
            inpl.__doc__ = f"In-place version of :meth:`Tensor.{n}` (see :func:`numtensor.{n}`)."
        if function:
            for alias in (n, *aliases):
                _record(FUNCTIONS, alias, _function_form(fn, alias, out))
        if meth:
            for alias in (n, *aliases, *method_aliases):
                _record(METHODS, alias, meth)
        if inpl:
            for alias in (n, *aliases, *method_aliases):
                _record(METHODS, alias + "_", inpl)
        return target

    return declare


def _function_form(fn, name: str, out):
    """The function bound as ``numtensor.<name>``: with its ``out=`` form if declared."""
    if not out:
        return fn
    from .out_variants import Out, takes_out

    spec = Out() if out is True else out
    if spec.only is not None and name not in spec.only:
        return getattr(fn, "_without_out", fn)
    return takes_out(fn, name, spec)


def method(name: str, value) -> None:
    """Bind one more Tensor attribute (an operator, a property) that is not an op's name."""
    _record(METHODS, name, value)
