"""The ops, one module per family. Importing this package runs every op's declaration, which
fills ``registry.FUNCTIONS`` (``numtensor.<name>``) and ``registry.METHODS`` (``Tensor.<name>``).
"""

from . import (  # noqa: F401 - imported for their declarations
    aliases,
    arrange,
    conv,
    creation,
    differentiable,
    factorizations,
    joining,
    linalg,
    pointwise,
    products,
    random,
    reductions_api,
    sampling,
    sharing,
    sorting,
    special,
    statistics,
    strided,
)
from .registry import FUNCTIONS, METHODS

__all__ = ["FUNCTIONS", "METHODS"]
