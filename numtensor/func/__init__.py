"""``numtensor.func`` (``torch.func``): composable function transforms.

``grad``, ``grad_and_value``, ``vjp``, ``jvp``, ``jacrev``, ``jacfwd``, ``hessian`` and
``vmap``, plus ``functional_call`` and ``stack_module_state`` for using them with modules.
They are built on numtensor's autograd engine (see each module's notes: forward mode goes
through the reverse engine, vmap loops over the mapped dimension).
"""

from ._functional_call import functional_call, stack_module_state
from ._grad import grad, grad_and_value, hessian, jacfwd, jacrev, jvp, vjp
from ._vmap import vmap

__all__ = [
    "functional_call",
    "grad",
    "grad_and_value",
    "hessian",
    "jacfwd",
    "jacrev",
    "jvp",
    "stack_module_state",
    "vjp",
    "vmap",
]
