"""``Function``: the base of every differentiable op, and of users' custom functions.

numtensor's ops subclass Function with instance methods: ``forward(self, ...)`` computes the
result (grad mode is off inside) and ``vjp(self, grad)`` maps the output's gradient to one
gradient per positional argument. ``apply`` runs forward and, when grad mode is on and an
input requires grad, makes the op instance the output's ``grad_fn`` node.

Users write PyTorch-style custom functions with static methods ``forward(ctx, ...)`` and
``backward(ctx, *grads)``; a subclass that defines ``backward`` is treated that way.
"""

from __future__ import annotations

import itertools

from .. import backend
from .._size import broadcast_shapes
from .._tensor_base import COMPLEX_MESSAGE, Tensor, _VersionCounter
from . import _saved_hooks
from .grad_mode import _set_enabled, _state, is_grad_enabled

_new = object.__new__
_SEQUENCE = itertools.count(1)
_NEWEST = 1 << 62  # a node number after every node


class RemovableHandle:
    """What ``register_hook`` returns: ``remove()`` takes the hook out again."""

    def __init__(self, hooks: list, hook) -> None:
        self._hooks, self._hook = hooks, hook

    def remove(self) -> None:
        if self._hook in self._hooks:
            self._hooks.remove(self._hook)


class AccumulateGrad:
    """The node that stands for a leaf in ``next_functions`` (its ``variable`` is the leaf)."""

    def __init__(self, variable: Tensor) -> None:
        self.variable = variable

    def name(self) -> str:
        return "torch::autograd::AccumulateGrad"

    next_functions = ()

    def __repr__(self) -> str:
        return f"<AccumulateGrad object at {hex(id(self))}>"


class Function:
    r"""Base class to create custom autograd functions (and of numtensor's own ops).

    Subclass it and implement the static methods ``forward(ctx, *args)``, which computes
    the result (grad mode is off inside), and ``backward(ctx, *grad_outputs)``, which
    returns one gradient per argument of ``forward`` (``None`` for those that need none).
    ``ctx`` carries what backward needs: :meth:`save_for_backward` for tensors, attributes
    for anything else. PyTorch 2 style, ``forward(*args)`` may leave ``ctx`` out and a
    :meth:`setup_context` fill it in. Call the function through :meth:`apply`, never
    ``forward`` directly.

    The recorded node is named ``<ClassName>Backward`` (numtensor's ops: ``node_name``,
    e.g. ``AddBackward0``); it is the output's ``grad_fn``.

    Example::

        >>> class Exp(torch.autograd.Function):
        ...     @staticmethod
        ...     def forward(ctx, x):
        ...         result = x.exp()
        ...         ctx.save_for_backward(result)
        ...         return result
        ...     @staticmethod
        ...     def backward(ctx, grad_output):
        ...         (result,) = ctx.saved_tensors
        ...         return grad_output * result
        >>> x = torch.tensor([0.0, 1.0], requires_grad=True)
        >>> y = Exp.apply(x)
        >>> y
        tensor([1.0000, 2.7183], grad_fn=<ExpBackward>)
        >>> y.sum().backward()
        >>> x.grad
        tensor([1.0000, 2.7183])
    """

    node_name = "Backward0"
    _custom = False
    inputs = ()  # the op's positional arguments (set when recorded)
    _n_outputs = 1
    _tensor_args = 0  # leading arguments that are always edges, numbers too (x + 2)
    saved = ()
    _versions = ()  # the version of each saved tensor when it was saved
    _saved_outputs = ()  # positions in ``saved`` of the op's own output
    _freed = False  # saved tensors released by a backward without retain_graph
    _seq = 0  # the order nodes were recorded in: backward runs later ones first
    # an in-place form broadcasts its tensor arguments to the target (indexing ops, whose
    # indices and values have shapes of their own, say False and check shapes themselves)
    _elementwise = True
    _packed = None  # the saved values as saved_tensors_hooks packed them
    _dirty = ()  # inputs a custom forward modified in place (mark_dirty)
    _setup_context = False  # a custom forward(*args) with a separate setup_context
    generate_vmap_rule = False

    def __init_subclass__(cls, **kwargs) -> None:
        super().__init_subclass__(**kwargs)
        if "backward" in cls.__dict__:
            cls._custom = True
            if "node_name" not in cls.__dict__:
                cls.node_name = cls.__name__ + "Backward"
        if cls._custom:
            cls._setup_context = cls.setup_context is not Function.setup_context

    # ---- what ops and custom functions call -------------------------------------------------

    def save_for_backward(self, *tensors) -> None:
        """Saves tensors for ``backward`` (call it once, in ``forward`` or
        ``setup_context``); read them back with :attr:`saved_tensors`.

        Saved tensors are checked: modifying one in place before backward raises, and they
        are freed by a backward without ``retain_graph``. Inputs, outputs and ``None`` may be
        saved; other intermediate values too.

        Example::

            >>> class Square(torch.autograd.Function):
            ...     @staticmethod
            ...     def forward(ctx, x):
            ...         ctx.save_for_backward(x)
            ...         return x * x
            ...     @staticmethod
            ...     def backward(ctx, grad):
            ...         (x,) = ctx.saved_tensors
            ...         return 2 * x * grad
            >>> x = torch.tensor([3.0], requires_grad=True)
            >>> Square.apply(x).backward()
            >>> x.grad
            tensor([6.])
        """
        self.saved = tensors

    @property
    def saved_tensors(self) -> tuple:
        """The tuple of tensors given to :meth:`save_for_backward` (in ``backward``).

        Raises ``RuntimeError`` once a backward without ``retain_graph`` has freed them.

        Example::

            >>> class Twice(torch.autograd.Function):
            ...     @staticmethod
            ...     def forward(ctx, x):
            ...         ctx.save_for_backward(x)
            ...         return 2 * x
            ...     @staticmethod
            ...     def backward(ctx, grad):
            ...         return 2 * grad
            >>> y = Twice.apply(torch.tensor([1.0], requires_grad=True))
            >>> y.grad_fn.saved_tensors
            (tensor([1.], requires_grad=True),)
        """
        if self._freed:
            raise RuntimeError(FREED_MESSAGE)
        return self.saved

    def mark_non_differentiable(self, *tensors) -> None:
        """Marks outputs of ``forward`` as not differentiable (e.g. indices): they do not
        require grad, and their gradient in ``backward`` is always zeros.

        Example::

            >>> class Sort(torch.autograd.Function):
            ...     @staticmethod
            ...     def forward(ctx, x):
            ...         values, idx = x.sort()
            ...         ctx.mark_non_differentiable(idx)
            ...         ctx.save_for_backward(idx)
            ...         return values, idx
            ...     @staticmethod
            ...     def backward(ctx, grad_values, _grad_idx):
            ...         (idx,) = ctx.saved_tensors
            ...         grad = torch.zeros_like(grad_values)
            ...         grad[idx] = grad_values
            ...         return grad
            >>> x = torch.tensor([3.0, 1.0, 2.0], requires_grad=True)
            >>> values, idx = Sort.apply(x)
            >>> idx, idx.requires_grad
            (tensor([1, 2, 0]), False)
            >>> (values * torch.tensor([1.0, 10.0, 100.0])).sum().backward()
            >>> x.grad
            tensor([100.,   1.,  10.])
        """
        self._non_differentiable = {id(t) for t in tensors}

    def set_materialize_grads(self, value: bool) -> None:
        """Sets whether the gradients of outputs that got none are materialized as zeros
        (the default, ``True``) or passed to ``backward`` as ``None``.

        Example::

            >>> class Two(torch.autograd.Function):
            ...     @staticmethod
            ...     def forward(ctx, x):
            ...         ctx.set_materialize_grads(False)
            ...         return x.clone(), x.clone()
            ...     @staticmethod
            ...     def backward(ctx, g1, g2):
            ...         return g1 if g2 is None else g1 + g2
            >>> x = torch.tensor([1.0], requires_grad=True)
            >>> p, q = Two.apply(x)
            >>> p.sum().backward()  # q unused: g2 is None
            >>> x.grad
            tensor([1.])
        """
        self._materialize = bool(value)

    def mark_dirty(self, *tensors) -> None:
        """Marks inputs that ``forward`` modified in place; ``forward`` must return them.
        They become outputs of this node (the same objects), as with PyTorch's in-place ops.

        Example::

            >>> class AddOne_(torch.autograd.Function):
            ...     @staticmethod
            ...     def forward(ctx, x):
            ...         x.add_(1)
            ...         ctx.mark_dirty(x)
            ...         return x
            ...     @staticmethod
            ...     def backward(ctx, grad):
            ...         return grad
            >>> a = torch.tensor([1.0, 2.0], requires_grad=True)
            >>> b = a.clone()
            >>> AddOne_.apply(b) is b, b
            (True, tensor([2., 3.], grad_fn=<AddOne_Backward>))
        """
        self._dirty = tensors

    @staticmethod
    def setup_context(ctx, inputs: tuple, output) -> None:
        """Fills ``ctx`` for a PyTorch 2 style Function, whose ``forward(*args)`` has no
        ``ctx``: save what backward needs here.

        Args:
            ctx: the context object.
            inputs (tuple): the arguments of ``forward``.
            output: what ``forward`` returned.

        Example::

            >>> class MulConst(torch.autograd.Function):
            ...     @staticmethod
            ...     def forward(x, k):
            ...         return x * k
            ...     @staticmethod
            ...     def setup_context(ctx, inputs, output):
            ...         _, ctx.k = inputs
            ...     @staticmethod
            ...     def backward(ctx, grad):
            ...         return grad * ctx.k, None
            >>> x = torch.tensor([1.0, 2.0], requires_grad=True)
            >>> MulConst.apply(x, 3.0).sum().backward()
            >>> x.grad
            tensor([3., 3.])
        """
        raise NotImplementedError("setup_context is not implemented.")

    @staticmethod
    def vmap(info, in_dims, *args):
        """A custom batching rule for :func:`numtensor.func.vmap` (PyTorch's signature).

        Differs from PyTorch: numtensor's ``func.vmap`` runs the function once per sample,
        so it never calls this; a Function works under vmap without it.

        Example::

            >>> class Double(torch.autograd.Function):
            ...     @staticmethod
            ...     def forward(ctx, x):
            ...         return 2 * x
            ...     @staticmethod
            ...     def backward(ctx, grad):
            ...         return 2 * grad
            >>> torch.func.vmap(Double.apply)(torch.tensor([[1.0], [2.0]]))
            tensor([[2.],
                    [4.]])
        """
        raise NotImplementedError(
            "To use autograd.Function with vmap, you must either override the vmap "
            "staticmethod or set generate_vmap_rule=True."
        )

    def forward(self, *args, **kwargs):
        """Computes the function (a static method ``forward(ctx, *args)`` in custom
        Functions, implemented by subclasses; grad mode is off inside). Call :meth:`apply`,
        not this.

        Example::

            >>> class Neg(torch.autograd.Function):
            ...     @staticmethod
            ...     def forward(ctx, x):
            ...         return -x
            ...     @staticmethod
            ...     def backward(ctx, grad):
            ...         return -grad
            >>> Neg.apply(torch.tensor([1.0, -2.0]))
            tensor([-1.,  2.])
        """
        raise NotImplementedError

    def vjp(self, grad):
        raise RuntimeError(f"the derivative for '{self.name()}' is not implemented.")

    # ---- the node as PyTorch shows it -------------------------------------------------------

    def name(self) -> str:
        """The node's name, as PyTorch's (``"MulBackward0"``; a custom Function's
        ``"<ClassName>Backward"``).

        Example::

            >>> x = torch.tensor([1.0], requires_grad=True)
            >>> (x * 2).grad_fn.name()
            'MulBackward0'
        """
        name = self.node_name
        return "torch::autograd::CopySlices" if name == "CopySlices" else name

    @property
    def next_functions(self) -> tuple:
        """The edges to the nodes that feed this one, one ``(node, output_nr)`` pair per
        differentiable input: ``(None, 0)`` where the input needs no gradient, an
        ``AccumulateGrad`` node for a leaf.

        Example::

            >>> x = torch.tensor([1.0], requires_grad=True)
            >>> y = (x * 2).sum()
            >>> y.grad_fn.next_functions[0][0].name()
            'MulBackward0'
            >>> y.grad_fn.next_functions[0][0].next_functions[0][0].variable is x
            True
        """
        edges = []
        for i, t in enumerate(self.inputs):
            tensor = isinstance(t, Tensor)
            if i >= self._tensor_args and (not tensor or not t._dtype.is_floating_point):
                # a Python argument (a dim, a shape) or an integer/bool tensor (indices, a
                # condition): no edge, as in PyTorch
                continue
            if not tensor:
                edges.append((None, 0))
                continue
            fn, nr, requires_grad = edge(t, self._seq)
            if not requires_grad:
                edges.append((None, 0))
            elif fn is not None:
                edges.append((fn, nr))
            else:
                edges.append((AccumulateGrad(t), 0))
        return tuple(edges)

    def register_hook(self, hook):
        """Registers ``hook(grad_inputs, grad_outputs)`` on the node, called after the node
        computed its gradients: it may return new ``grad_inputs`` (a tuple, one per input of
        the op; ``None`` where an input gets no gradient) or ``None`` to keep them.

        Returns:
            a handle whose ``remove()`` removes the hook.

        Example::

            >>> x = torch.tensor([1.0, 2.0], requires_grad=True)
            >>> y = (x * 3).sum()
            >>> handle = y.grad_fn.register_hook(lambda grad_inputs, grad_outputs: None)
            >>> doubled = (x * 3).sum()
            >>> _ = doubled.grad_fn.register_hook(lambda gi, go: tuple(g * 2 for g in gi))
            >>> doubled.backward()
            >>> x.grad
            tensor([6., 6.])
            >>> handle.remove()
        """
        hooks = self.__dict__.setdefault("_hooks", [])
        hooks.append(hook)
        return RemovableHandle(hooks, hook)

    def register_prehook(self, hook):
        """Registers ``hook(grad_outputs)`` on the node, called before the node computes its
        gradients: it may return new ``grad_outputs`` (a tuple) or ``None`` to keep them.

        Returns:
            a handle whose ``remove()`` removes the hook.

        Example::

            >>> x = torch.tensor([1.0, 2.0], requires_grad=True)
            >>> y = (x * 3).sum()
            >>> _ = y.grad_fn.register_prehook(lambda grad_outputs: (grad_outputs[0] * 10,))
            >>> y.backward()
            >>> x.grad
            tensor([30., 30.])
        """
        hooks = self.__dict__.setdefault("_prehooks", [])
        hooks.append(hook)
        return RemovableHandle(hooks, hook)

    def __repr__(self) -> str:
        return f"<{self.node_name} object at {hex(id(self))}>"

    # ---- running an op ----------------------------------------------------------------------

    @classmethod
    def apply(cls, *args, **kwargs):
        """Runs the function on the arguments and, when grad mode is on and a tensor
        argument requires grad, records it in the graph (the output's ``grad_fn``).

        Example::

            >>> class Cube(torch.autograd.Function):
            ...     @staticmethod
            ...     def forward(ctx, x):
            ...         ctx.save_for_backward(x)
            ...         return x ** 3
            ...     @staticmethod
            ...     def backward(ctx, grad):
            ...         (x,) = ctx.saved_tensors
            ...         return 3 * x ** 2 * grad
            >>> x = torch.tensor([2.0], requires_grad=True)
            >>> y = Cube.apply(x)
            >>> y
            tensor([8.], grad_fn=<CubeBackward>)
            >>> torch.autograd.grad(y, x)
            (tensor([12.]),)
        """
        fn = _new(cls)
        state = _state
        if state.enabled:
            for a in args:
                if isinstance(a, Tensor) and a._requires_grad:
                    # an input requires grad: record the op
                    if kwargs and kwargs.get("inplace"):
                        return _apply_inplace(cls, fn, args, kwargs)
                    if cls._custom:
                        return _apply_custom(cls, fn, args, kwargs, True)
                    if kwargs and kwargs.get("out") is not None:
                        raise out_requires_grad_error(op_name_of(fn.node_name))
                    state.enabled = False
                    try:
                        out = fn.forward(*args, **kwargs)
                    finally:
                        state.enabled = True
                    return _record(fn, args, out)
        if cls._custom:
            return _apply_custom(cls, fn, args, kwargs, False)
        return fn.forward(*args, **kwargs)


def op_name_of(node_name: str) -> str:
    """The op a node is named after, as PyTorch's messages say it: ``AddBackward0`` ->
    ``add``, ``ClampMinBackward0`` -> ``clamp_min``."""
    name = node_name[: node_name.rfind("Backward")] if "Backward" in node_name else node_name
    return "".join("_" + c.lower() if c.isupper() and i else c.lower() for i, c in enumerate(name))


def out_requires_grad_error(name: str) -> RuntimeError:
    """PyTorch's error for ``out=`` when grad mode is on and an argument requires grad."""
    return RuntimeError(
        f"{name}(): functions with out=... arguments don't support automatic "
        "differentiation, but one of the arguments requires grad."
    )


FREED_MESSAGE = (
    "Trying to backward through the graph a second time (or directly access saved tensors "
    "after they have already been freed). Saved intermediate values of the graph are freed "
    "when you call .backward() or autograd.grad(). Specify retain_graph=True if you need to "
    "backward through the graph a second time or if you need to access saved tensors after "
    "calling backward."
)


def edge(t: Tensor, seq: int) -> tuple:
    """(grad_fn, output_nr, requires_grad) of ``t`` as the node numbered ``seq`` consumed it:
    an in-place op recorded since then moved ``t`` on in the graph, not that node's input."""
    history = t._history
    if history is not None:
        for changed, fn, nr, requires_grad in history:
            if seq <= changed:
                return fn, nr, requires_grad
    base = t._base
    if base is not None and base._history is not None and t.grad_fn is not None:
        return views.regenerated(t, seq)
    return t.grad_fn, t._output_nr, t._requires_grad


def moved(t: Tensor, before: tuple, node: Function) -> None:
    """``t`` is now ``node``'s output; it was ``before`` = (grad_fn, output_nr, requires_grad)."""
    history = t.__dict__.get("_history")
    if history is None:
        history = t.__dict__["_history"] = []
    history.append((node._seq, *before))


def _record(fn: Function, args, out):
    """Make ``fn`` the node of ``out`` (its floating outputs only, as in PyTorch)."""
    if not isinstance(out, Tensor) or not out._dtype.is_floating_point:
        if isinstance(out, Tensor) and out._dtype.is_complex:
            raise NotImplementedError(COMPLEX_MESSAGE.format(fn.node_name))
        return out
    fn.inputs = args  # (the engine skips the arguments that are no tensors)
    fn._seq = next(_SEQUENCE)
    saved = fn.saved
    if saved:
        if saved[0] is out or (len(saved) > 1 and any([t is out for t in saved])):
            # an output saved by its own node would be a reference cycle: an alias instead
            fn._saved_outputs = tuple([i for i, t in enumerate(saved) if t is out])
            fn.saved = saved = tuple([_alias(t) if t is out else t for t in saved])
        # each saved tensor's version now (its counter's value; no counter yet: 0)
        fn._versions = [
            ((0 if s._vc is None else s._vc.value) if isinstance(s, Tensor) else None)
            for s in saved
        ]
        if _saved_hooks.HOOKS:
            _saved_hooks.pack_saved(fn)
    cls = fn.__class__
    node = _NODE_TYPES.get((cls, fn.node_name))
    fn.__class__ = node if node is not None else _node_type(cls, fn.node_name)
    out.grad_fn = fn
    out._requires_grad = True
    return out


_NODE_TYPES: dict = {}


def name_node(out, name: str):
    """Give the node that made ``out`` PyTorch's name for a whole composed op, and return
    ``out``: a composition's last node would otherwise show its own (``mse_loss`` ends in a
    mean, whose node is ``MeanBackward0``; PyTorch's is ``MseLossBackward0``). Only the
    name changes (``repr``, ``name()``, ``type(grad_fn).__name__``), not the gradient."""
    fn = getattr(out, "grad_fn", None)
    if fn is not None and fn.node_name != name:
        op = type(fn)
        if _NODE_TYPES.get((op.__bases__[0], op.__name__)) is op:
            op = op.__bases__[0]  # (the op class under the named node type)
        fn.node_name = name
        fn.__class__ = _node_type(op, name)
    return out


def _node_type(op: type, name: str) -> type:
    """A subclass of the op named like PyTorch's node, so ``type(y.grad_fn).__name__`` is
    ``AddBackward0`` as users expect."""
    key = (op, name)
    node = _NODE_TYPES.get(key)
    if node is None:
        node = _NODE_TYPES[key] = type(name, (op,), {"__module__": op.__module__})
    return node


def _alias(t: Tensor) -> Tensor:
    """A second tensor over ``t``'s storage, sharing its version counter (no grad_fn)."""
    alias = _new(Tensor)
    alias._data = t._data
    alias._dtype = t._dtype
    alias.device = t.device
    alias._requires_grad = False
    alias.grad_fn = alias._base = None
    vc = t._vc
    if vc is None:
        vc = t._vc = _VersionCounter()
    alias._vc = vc
    return alias


def _apply_inplace(cls, fn: Function, args, kwargs):
    """An in-place op inside the graph: compute from a snapshot of the target's old value and
    graph position, write the result into the target, and make the op its new node."""
    target = args[0]
    fn.saved = ()
    if target._requires_grad and target.grad_fn is None:
        raise RuntimeError(
            "a leaf Variable that requires grad is being used in an in-place operation."
        )
    through_view = views.is_differentiable_view(target)
    if through_view:
        views.check_view_of_leaf(target)
        views.check_not_multi_view(target)
    old = Tensor._make(backend.of(target.device).clone(target._data), target.device)
    # where the target is in the graph now (a view of a base written since: read anew)
    fn_now, nr, old._requires_grad = edge(target, _NEWEST)
    old.grad_fn = fn_now
    if nr:
        old._output_nr = nr
    kwargs = {k: v for k, v in kwargs.items() if k != "inplace"}
    new_args = (old, *args[1:])
    shape = (
        broadcast_shapes(*(a.shape for a in new_args if isinstance(a, Tensor)))
        if cls._elementwise
        else target.shape
    )
    if tuple(shape) != tuple(target.shape):
        raise RuntimeError(
            f"output with shape {list(target.shape)} doesn't match the broadcast "
            f"shape {list(shape)}"
        )
    _set_enabled(False)
    try:
        fn.forward(*new_args, out=target, **kwargs)
    finally:
        _set_enabled(True)
    before = (target.grad_fn, target._output_nr, target._requires_grad)
    target.grad_fn = None
    _record(fn, new_args, target)
    if target.grad_fn is fn:
        moved(target, before, fn)
        # an operand that is the target itself (v.mul_(v)) was saved before the write: as in
        # PyTorch, backward then finds it modified
        vc = target._vc
        if vc is not None and any(isinstance(a, Tensor) and a._vc is vc for a in args[1:]):
            for i, s in enumerate(fn.saved):
                if isinstance(s, Tensor) and s._vc is vc and s is not old:
                    fn._versions[i] -= 1
    if through_view and target.grad_fn is fn:
        views.rebase_history(target)
    return target


def _apply_custom(cls, ctx: Function, args, kwargs, record: bool):
    ctx.needs_input_grad = tuple(isinstance(a, Tensor) and a._requires_grad for a in args)
    ctx._non_differentiable = set()
    ctx._materialize = True
    prev = is_grad_enabled()
    _set_enabled(False)
    try:
        if cls._setup_context:
            out = cls.forward(*args, **kwargs)
            cls.setup_context(ctx, args, out)
        else:
            out = cls.forward(ctx, *args, **kwargs)
    finally:
        _set_enabled(prev)
    if not record:
        return out
    # the node's type is named as PyTorch's (``MyFnBackward``), a subclass of the Function
    ctx.__class__ = _NODE_TYPES.get((cls, cls.node_name)) or _node_type(cls, cls.node_name)
    ctx.inputs = args
    ctx._seq = next(_SEQUENCE)
    ctx._versions = tuple(s._version if isinstance(s, Tensor) else None for s in ctx.saved)
    if ctx.saved and _saved_hooks.HOOKS:
        _saved_hooks.pack_saved(ctx)
    outputs = out if isinstance(out, tuple) else (out,)
    ctx._n_outputs = len(outputs)
    ctx._output_meta = [
        (o.shape, o.dtype, o.device) if isinstance(o, Tensor) else None for o in outputs
    ]
    fixed = []
    for i, o in enumerate(outputs):
        if (
            isinstance(o, Tensor)
            and id(o) not in ctx._non_differentiable
            and o._dtype.is_floating_point
        ):
            if any(o is d for d in ctx._dirty):  # modified in place: moved in the graph
                _rebase_dirty(ctx, o)
            elif any(o is a for a in args):  # returned an input: PyTorch returns a view of it
                o = o._view(o._data)
            o.grad_fn = ctx
            o._requires_grad = True
            o._output_nr = i
        fixed.append(o)
    return tuple(fixed) if isinstance(out, tuple) else fixed[0]


def _rebase_dirty(ctx: Function, t: Tensor) -> None:
    """``t``, an input marked dirty, becomes ``ctx``'s output: earlier nodes keep seeing its
    old place in the graph (and a base it is a view of is rewritten, as for in-place ops)."""
    if t._requires_grad and t.grad_fn is None and t._base is None:
        raise RuntimeError(
            "a leaf Variable that requires grad has been used in an in-place operation."
        )
    moved(t, (t.grad_fn, t._output_nr, t._requires_grad), ctx)
    t._version_counter.value += 1  # (as PyTorch counts a dirty tensor)
    if views.is_differentiable_view(t):
        views.check_view_of_leaf(t)
        t.grad_fn, t._requires_grad = ctx, True
        views.rebase_history(t)


from . import views  # noqa: E402  (views builds on this module's Function)
from ._function_extras import once_differentiable  # noqa: E402, F401  (PyTorch's place)
