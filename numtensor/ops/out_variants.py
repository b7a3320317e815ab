"""``out=``: an op's function form writing its result into the caller's tensor(s).

PyTorch's rules, in one place: ``out`` is written (resized, with PyTorch's warning, when it
had another non-zero size) and returned itself; an op with several results takes a tuple
``out=(values, indices)`` and returns ``numtensor.return_types.<name>_out`` holding those
very tensors; ``out``'s dtype must equal the result's (``SAME``), or be one the result can
be cast to (``CAST``), or, for factories (``FACTORY``), it chooses the result's dtype and
device; an input requiring grad (grad mode on) is an error, since ``out=`` writes are not
differentiable. An op declares its form once, ``op("sort", out=Out(return_types.sort))``,
and the registry wraps the function binding (methods never take ``out=``); a
``numtensor.linalg`` function takes ``@with_out_form("linalg_inv", Out())``.
"""

from __future__ import annotations

import functools
import inspect
import warnings

from .. import return_types
from .._dtype import CPP_TYPE_NAMES, can_cast, check_dtype, type_name
from .._tensor_base import Tensor
from ..autograd.function import out_requires_grad_error
from ..autograd.grad_mode import _state
from ._common import ops_of
from .conversion import bump_version, resize_out

SAME = "same"  # out's dtype must be the result's
CAST = "cast"  # any dtype the result's can be cast to (PyTorch's canCast)
FACTORY = "factory"  # a factory's: out's dtype and device make the result


class Out:
    """How an op's function takes ``out=``.

    Args:
        returns: ``None`` for one tensor, or the named-tuple type of the op's results (a
            ``numtensor.return_types`` type): ``out`` is then a tuple of as many tensors.
        dtype: ``SAME``, ``CAST``, ``FACTORY``, or ``check(out, result)`` raising itself.
        grad: the op name PyTorch's autograd error names (default: the function's name),
            or ``False`` where PyTorch does not raise it.
        only: the names (among the op's aliases) that take ``out=``; default: all.
        needs: an argument without which there is no ``out=`` form (``median``'s ``dim``).
        ranged: a range factory (``arange``): resizing warns when the element count differs.
    """

    __slots__ = ("dtype", "grad", "needs", "only", "ranged", "returns")

    def __init__(self, returns=None, *, dtype=SAME, grad=None, only=None, needs=None,
                 ranged=False):  # fmt: skip
        self.returns, self.dtype, self.grad = returns, dtype, grad
        self.only, self.needs, self.ranged = only, needs, ranged

    @property
    def count(self) -> int:
        return 1 if self.returns is None else len(self.returns._fields)


def with_out_form(name: str, spec: Out | None = None):
    """Decorator form of :func:`takes_out`."""
    return lambda fn: takes_out(fn, name, spec or Out())


def takes_out(fn, name: str, spec: Out):
    """``fn`` with a keyword ``out=`` (``fn`` itself is ``result._without_out``)."""
    fn = getattr(fn, "_without_out", fn)
    if spec.returns is not None:
        return_types.out_type(spec.returns)  # (made now: numtensor.return_types.<name>_out)
    signature = inspect.signature(fn)

    @functools.wraps(fn)
    def function(*args, out=None, **kwargs):
        if out is None:
            return fn(*args, **kwargs)
        return call_with_out(fn, name, spec, signature, args, kwargs, out)

    function.__signature__ = _with_out_parameter(signature, spec)
    function._without_out = fn
    return function


def _with_out_parameter(signature: inspect.Signature, spec: Out) -> inspect.Signature:
    params = list(signature.parameters.values())
    annotation = "Tensor | None" if spec.returns is None else "tuple[Tensor, ...] | None"
    out = inspect.Parameter("out", inspect.Parameter.KEYWORD_ONLY, default=None,
                            annotation=annotation)  # fmt: skip
    at = len(params)
    if params and params[-1].kind is inspect.Parameter.VAR_KEYWORD:
        at -= 1
    return signature.replace(parameters=[*params[:at], out, *params[at:]])


def out_tensors(name: str, out, count: int) -> tuple:
    """``out`` as a tuple of ``count`` tensors, or PyTorch's TypeError."""
    if count == 1:
        if not isinstance(out, Tensor):
            raise TypeError(f"{name}(): argument 'out' must be Tensor, not {type(out).__name__}")
        return (out,)
    if not isinstance(out, (tuple, list)) or not all(isinstance(t, Tensor) for t in out):
        raise TypeError(
            f"{name}(): argument 'out' must be tuple of Tensors, not {type(out).__name__}"
        )
    if len(out) != count:
        raise TypeError(f"expected tuple of {count} elements but got {len(out)}")
    return tuple(out)


def _requires_grad(values) -> bool:
    for v in values:
        if isinstance(v, Tensor):
            if v._requires_grad:
                return True
        elif isinstance(v, (tuple, list)) and _requires_grad(v):
            return True
    return False


def check_no_grad(name: str, args, kwargs=None) -> None:
    """PyTorch's error for ``out=`` when grad mode is on and an argument requires grad."""
    if _state.enabled and (_requires_grad(args) or (kwargs and _requires_grad(kwargs.values()))):
        raise out_requires_grad_error(name)


def cpp_name(dt) -> str:
    return CPP_TYPE_NAMES.get(dt._name, dt._name)


def check_out_dtype(rule, out: Tensor, result: Tensor) -> None:
    if rule == SAME:
        if out.dtype is not result.dtype:
            raise RuntimeError(
                f"Expected out tensor to have dtype {cpp_name(result.dtype)}, but got "
                f"{cpp_name(out.dtype)} instead"
            )
    elif rule == CAST:
        if out.dtype is not result.dtype and not can_cast(result.dtype, out.dtype):
            raise RuntimeError(
                f"result type {type_name(result.dtype)} can't be cast to the desired output "
                f"type {type_name(out.dtype)}"
            )
    else:
        rule(out, result)


def write_outs(name: str, outs: tuple, results: tuple, rule=SAME) -> None:
    """Check every ``out`` tensor (dtype, device), then write each result into its own."""
    for o, r in zip(outs, results):
        check_out_dtype(rule, o, r)
        if o.device != r.device:
            raise RuntimeError(
                f"Expected out tensor to have device {r.device}, but got {o.device} instead"
            )
    for o, r in zip(outs, results):
        if tuple(o.shape) != tuple(r.shape):
            resize_out(o, tuple(r.shape))
        ops_of(o).copy_(o._data, r._data)
        bump_version(o)


def returned(outs: tuple, returns):
    """What an op with ``out=`` returns: the tensor, or ``return_types.<name>_out``."""
    return outs[0] if returns is None else return_types.out_type(returns)(*outs)


def call_with_out(fn, name, spec: Out, signature, args, kwargs, out):
    outs = out_tensors(name, out, spec.count)
    if spec.needs is not None:
        given = signature.bind_partial(*args, **kwargs).arguments
        if given.get(spec.needs) is None:
            raise TypeError(f'{name}() missing 1 required positional arguments: "{spec.needs}"')
    if spec.dtype == FACTORY:
        return _factory_into(fn, spec, args, kwargs, outs[0])
    if spec.grad is not False:
        check_no_grad(spec.grad or name, args, kwargs)
    enabled, _state.enabled = _state.enabled, False  # (the write records no graph)
    try:
        result = fn(*args, **kwargs)
    finally:
        _state.enabled = enabled
    results = (result,) if spec.returns is None else tuple(result)
    write_outs(name, outs, results, spec.dtype)
    return returned(outs, spec.returns)


def _factory_into(fn, spec: Out, args, kwargs, out: Tensor) -> Tensor:
    """A factory's ``out=``: the values made in ``out``'s dtype (unless ``dtype=`` says
    otherwise, which must then be ``out``'s) on ``out``'s device, resized silently."""
    dtype = kwargs.get("dtype")
    if dtype is not None and check_dtype(dtype) is not out.dtype:
        raise RuntimeError(
            f"dtype {type_name(check_dtype(dtype))} does not match dtype of out parameter "
            f"({type_name(out.dtype)})"
        )
    requires_grad = kwargs.pop("requires_grad", False)
    kwargs["dtype"], kwargs["device"] = out.dtype, out.device
    result = fn(*args, **kwargs)
    shape = tuple(result.shape)
    if tuple(out.shape) != shape:
        if spec.ranged and out.numel() and out.numel() != result.numel():
            warnings.warn(
                f"The number of elements in the out tensor of shape {list(out.shape)} is "
                f"{out.numel()} which does not match the computed number of elements "
                f"{result.numel()}. Note that this may occur as a result of rounding error. "
                f"The out tensor will be resized to a tensor of shape {shape}.",
                UserWarning,
                stacklevel=4,
            )
        out._data = ops_of(out).empty(shape, out.dtype.np)
    ops_of(out).copy_(out._data, result._data)
    bump_version(out)
    if requires_grad:
        out.requires_grad_(True)
    return out
