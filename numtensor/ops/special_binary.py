"""Binary special functions as kernels (kernels/spec.py) with their VJPs: hypot, copysign,
logaddexp and logaddexp2, on the float-only ``Binary`` bases ``_FloatBinary`` and
``_FloatsOnly``.
"""

from __future__ import annotations

import math

from .._dtype import get_default_dtype, result_type, type_name
from .._tensor_base import Tensor
from .binary import Binary, _tensors_only
from .registry import BINARY, op


class _FloatBinary(Binary):
    """An op of two tensors whose integer result is the default float dtype."""

    def result_dtype(self, a, b):
        _tensors_only(self.kernel, a, b)
        d = result_type(a, b)
        return d if d.is_floating_point else get_default_dtype()


@op("hypot", form=BINARY, inplace=True)
class Hypot(_FloatBinary):
    r"""Returns :math:`\sqrt{x_i^2 + y_i^2}`, the hypotenuse of a right triangle with legs
    ``input`` and ``other``, without intermediate overflow.

    Both must be floating-point tensors (broadcast). Also ``x.hypot(y)`` and
    ``x.hypot_(y)``.

    Args:
        input (Tensor): the first leg.
        other (Tensor): the second leg.

    Keyword args:
        out (Tensor, optional): the output tensor.

    Example::

        >>> torch.hypot(torch.tensor([3., 5.]), torch.tensor([4., 12.]))
        tensor([ 5., 13.])
    """

    kernel, node_name = "hypot", "HypotBackward0"

    def result_dtype(self, a, b):
        return _FloatsOnly.result_dtype(self, a, b)

    def vjp(self, g):
        a, b = self.saved
        h = Hypot.apply(a, b)
        return g * a / h, g * b / h


@op("copysign", form=BINARY, inplace=True)
class Copysign(_FloatBinary):
    r"""Returns the magnitudes of ``input`` with the signs of ``other``, elementwise.

    The sign of ``-0.0`` counts as negative. ``other`` broadcasts and may be a Python
    number; integer results give the default float dtype. Also ``x.copysign(y)`` and
    ``x.copysign_(y)``.

    Args:
        input (Tensor): the magnitudes.
        other (Tensor or Number): the signs.

    Keyword args:
        out (Tensor, optional): the output tensor.

    Example::

        >>> torch.copysign(torch.tensor([1., -2., 3.]), torch.tensor([-1., 1., -0.]))
        tensor([-1.,  2., -3.])
        >>> torch.copysign(torch.tensor([1, 2]), -1)
        tensor([-1., -2.])
    """

    kernel, node_name = "copysign", "CopysignBackward0"

    def result_dtype(self, a, b):
        d = result_type(a, b)
        return d if d.is_floating_point else get_default_dtype()

    def vjp(self, g):
        a, b = self.saved
        if not isinstance(a, Tensor):
            return None, None
        y = Copysign.apply(a, b)
        ga = (g * a.sign() * y.sign()).masked_fill(a == 0, 0)
        return ga, (g.new_zeros(b.shape) if isinstance(b, Tensor) else None)


class _FloatsOnly(_FloatBinary):
    """An op PyTorch computes for floating dtypes only."""

    def result_dtype(self, a, b):
        _tensors_only(self.kernel, a, b)
        d = result_type(a, b)
        if not d.is_floating_point:
            raise NotImplementedError(f"\"{self.kernel}_cpu\" not implemented for '{type_name(d)}'")
        return d


@op("logaddexp", form=BINARY)
class Logaddexp(_FloatsOnly):
    r"""Returns :math:`\log(e^{x_i} + e^{y_i})` elementwise, without overflow.

    Useful to add probabilities stored as logs. Floating-point tensors only (broadcast).
    Also ``x.logaddexp(y)``.

    Args:
        input (Tensor): the first input.
        other (Tensor): the second input.

    Keyword args:
        out (Tensor, optional): the output tensor.

    Example::

        >>> torch.logaddexp(torch.tensor([-1., 1000.]), torch.tensor([-1., 1000.]))
        tensor([-3.0685e-01,  1.0007e+03])
    """

    kernel, node_name = "logaddexp", "LogaddexpBackward0"

    def vjp(self, g):
        a, b = self.saved
        return g * (a - b).sigmoid(), g * (b - a).sigmoid()


@op("logaddexp2", form=BINARY)
class Logaddexp2(_FloatsOnly):
    r"""Returns :math:`\log_2(2^{x_i} + 2^{y_i})` elementwise, without overflow.

    Floating-point tensors only (broadcast). Also ``x.logaddexp2(y)``.

    Args:
        input (Tensor): the first input.
        other (Tensor): the second input.

    Keyword args:
        out (Tensor, optional): the output tensor.

    Example::

        >>> torch.logaddexp2(torch.tensor([1., 3.]), torch.tensor([1., 3.]))
        tensor([2., 4.])
    """

    kernel, node_name = "logaddexp2", "Logaddexp2Backward0"

    def vjp(self, g):
        a, b = self.saved
        return g * ((a - b) * math.log(2.0)).sigmoid(), g * ((b - a) * math.log(2.0)).sigmoid()
