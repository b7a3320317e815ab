"""The table of converters: recorded op name -> function that writes its ONNX nodes.

A converter is declared with the op's PyTorch signature, so a call recorded in any form
(``torch.sum(x, 1)``, ``x.sum(dim=1)``) binds to it the same way:

    @converts("sum")
    def sum(g, input, dim=None, keepdim=False, *, dtype=None): ...

It gets the Graph ``g`` (``g.result`` is the recorded result) and the call's arguments, and
returns the name of the result's value (a list of names for a tuple of tensors).
"""

from __future__ import annotations

from .._dtype import result_type
from .._tensor_base import Tensor

CONVERTERS: dict = {}
# nn.functional compositions exported through the public ops they call (not as one op)
TRACED: set = set()


def converts(*names: str):
    def register(fn):
        for name in names:
            if name in CONVERTERS:
                raise RuntimeError(f"ONNX converter {name!r} is declared twice")
            CONVERTERS[name] = fn
        return fn

    return register


def traced(*names: str) -> None:
    """Record calls of ``names`` by the ops inside them: for a composition of public ops whose
    ONNX form is just the forms of those ops."""
    TRACED.update(names)


def common_dtype(*operands):
    """PyTorch's promoted dtype of tensors and Python numbers."""
    return result_type(*[x for x in operands if x is not None])


def dims_of(dim, ndim: int) -> list:
    """``dim`` (an int, a sequence, or None for all) as a list of non-negative axes."""
    if dim is None:
        return list(range(ndim))
    dims = [dim] if isinstance(dim, int) else list(dim)
    return [d + ndim if d < 0 else d for d in dims] if ndim else [0 for _ in dims]


def sizes_arg(sizes) -> list:
    """``f(*sizes)`` called as ``f(2, 3)`` or ``f((2, 3))``: the sizes as a list."""
    if len(sizes) == 1 and isinstance(sizes[0], (tuple, list)):
        return list(sizes[0])
    return list(sizes)


def is_tensor(x) -> bool:
    return isinstance(x, Tensor)
