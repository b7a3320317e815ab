"""The ops, one module per family. Importing this package runs every op's declaration, which
fills ``registry.FUNCTIONS`` (``numtensor.<name>``) and ``registry.METHODS`` (``Tensor.<name>``).
"""

from . import (  # noqa: F401 - imported for their declarations
    aliases,
    allocation,
    arrange,
    complex,
    conv,
    creation,
    creation_like,
    differentiable,
    factorizations,
    histograms,
    interop,
    joining,
    linalg,
    matrix_builders,
    pointwise,
    products,
    random,
    random_distributions,
    reductions_api,
    sampling,
    scatter_reduce,
    sharing,
    sorting,
    special,
    special_elementwise,
    statistics,
    strided,
    tensor_forms,
    value_runs,
    windows,
)
from .registry import FUNCTIONS, METHODS

__all__ = ["FUNCTIONS", "METHODS"]
