"""Activation modules: thin wrappers around nn.functional."""

from __future__ import annotations

import numtensor as _nt

from .. import functional as F
from .module import Module


class ReLU(Module):
    r"""Applies the rectified linear unit elementwise: ``ReLU(x) = max(0, x)``.

    Args:
        inplace (bool): do the operation in place. Default: ``False``.

    Shape:
        - Input: :math:`(*)`, any number of dims.
        - Output: :math:`(*)`, same shape as the input.

    Example::

        >>> m = torch.nn.ReLU()
        >>> m(torch.tensor([-2.0, -0.5, 0.0, 1.0, 2.0]))
        tensor([0., 0., 0., 1., 2.])
    """

    def __init__(self, inplace: bool = False) -> None:
        super().__init__()
        self.inplace = inplace

    def forward(self, input):
        return F.relu(input, self.inplace)

    def extra_repr(self) -> str:
        return "inplace=True" if self.inplace else ""


class LeakyReLU(Module):
    r"""Applies ``LeakyReLU(x) = max(0, x) + negative_slope * min(0, x)`` elementwise.

    Args:
        negative_slope (float): the slope for negative inputs. Default: 0.01.
        inplace (bool): do the operation in place. Default: ``False``.

    Shape:
        - Input: :math:`(*)`, any number of dims.
        - Output: :math:`(*)`, same shape as the input.

    Example::

        >>> m = torch.nn.LeakyReLU(0.1)
        >>> m(torch.tensor([-2.0, -0.5, 0.0, 1.0, 2.0]))
        tensor([-0.2000, -0.0500,  0.0000,  1.0000,  2.0000])
    """

    def __init__(self, negative_slope: float = 0.01, inplace: bool = False) -> None:
        super().__init__()
        self.negative_slope, self.inplace = negative_slope, inplace

    def forward(self, input):
        return F.leaky_relu(input, self.negative_slope, self.inplace)

    def extra_repr(self) -> str:
        return f"negative_slope={self.negative_slope}" + (", inplace=True" if self.inplace else "")


class ELU(Module):
    r"""Applies the exponential linear unit elementwise: ``x`` if ``x > 0``, else
    ``alpha * (exp(x) - 1)``.

    Args:
        alpha (float): the value the output tends to for large negative inputs. Default: 1.0.
        inplace (bool): do the operation in place. Default: ``False``.

    Shape:
        - Input: :math:`(*)`, any number of dims.
        - Output: :math:`(*)`, same shape as the input.

    Example::

        >>> m = torch.nn.ELU()
        >>> m(torch.tensor([-2.0, -0.5, 0.0, 1.0, 2.0]))
        tensor([-0.8647, -0.3935,  0.0000,  1.0000,  2.0000])
    """

    def __init__(self, alpha: float = 1.0, inplace: bool = False) -> None:
        super().__init__()
        self.alpha, self.inplace = alpha, inplace

    def forward(self, input):
        return F.elu(input, self.alpha, self.inplace)

    def extra_repr(self) -> str:
        return f"alpha={self.alpha}" + (", inplace=True" if self.inplace else "")


class GELU(Module):
    r"""Applies the Gaussian error linear unit elementwise: ``GELU(x) = x * Phi(x)``, Phi the
    standard normal CDF; with ``approximate='tanh'``,
    ``0.5 x (1 + tanh(sqrt(2 / pi) (x + 0.044715 x^3)))``.

    Args:
        approximate (str): ``'none'`` or ``'tanh'``. Default: ``'none'``.

    Shape:
        - Input: :math:`(*)`, any number of dims.
        - Output: :math:`(*)`, same shape as the input.

    Example::

        >>> m = torch.nn.GELU()
        >>> m(torch.tensor([-2.0, -0.5, 0.0, 1.0, 2.0]))
        tensor([-0.0455, -0.1543,  0.0000,  0.8413,  1.9545])
    """

    def __init__(self, approximate: str = "none") -> None:
        super().__init__()
        self.approximate = approximate

    def forward(self, input):
        return F.gelu(input, self.approximate)

    def extra_repr(self) -> str:
        return f"approximate='{self.approximate}'"


class SiLU(Module):
    r"""Applies the sigmoid linear unit (swish) elementwise: ``SiLU(x) = x * sigmoid(x)``.

    Args:
        inplace (bool): do the operation in place. Default: ``False``.

    Shape:
        - Input: :math:`(*)`, any number of dims.
        - Output: :math:`(*)`, same shape as the input.

    Example::

        >>> m = torch.nn.SiLU()
        >>> m(torch.tensor([-2.0, -0.5, 0.0, 1.0, 2.0]))
        tensor([-0.2384, -0.1888,  0.0000,  0.7311,  1.7616])
    """

    def __init__(self, inplace: bool = False) -> None:
        super().__init__()
        self.inplace = inplace

    def forward(self, input):
        return F.silu(input, self.inplace)


class Sigmoid(Module):
    r"""Applies ``Sigmoid(x) = 1 / (1 + exp(-x))`` elementwise.

    Shape:
        - Input: :math:`(*)`, any number of dims.
        - Output: :math:`(*)`, same shape as the input.

    Example::

        >>> m = torch.nn.Sigmoid()
        >>> m(torch.tensor([-2.0, -0.5, 0.0, 1.0, 2.0]))
        tensor([0.1192, 0.3775, 0.5000, 0.7311, 0.8808])
    """

    def forward(self, input):
        return input.sigmoid()


class Tanh(Module):
    r"""Applies the hyperbolic tangent elementwise:
    ``tanh(x) = (exp(x) - exp(-x)) / (exp(x) + exp(-x))``.

    Shape:
        - Input: :math:`(*)`, any number of dims.
        - Output: :math:`(*)`, same shape as the input.

    Example::

        >>> m = torch.nn.Tanh()
        >>> m(torch.tensor([-2.0, -0.5, 0.0, 1.0, 2.0]))
        tensor([-0.9640, -0.4621,  0.0000,  0.7616,  0.9640])
    """

    def forward(self, input):
        return input.tanh()


class Softplus(Module):
    r"""Applies ``Softplus(x) = log(1 + exp(beta * x)) / beta`` elementwise, a smooth
    approximation of ReLU; where ``beta * x > threshold`` it is ``x`` (for stability).

    Args:
        beta (float): the sharpness. Default: 1.0.
        threshold (float): above it the function is linear. Default: 20.

    Shape:
        - Input: :math:`(*)`, any number of dims.
        - Output: :math:`(*)`, same shape as the input.

    Example::

        >>> m = torch.nn.Softplus()
        >>> m(torch.tensor([-2.0, -0.5, 0.0, 1.0, 2.0]))
        tensor([0.1269, 0.4741, 0.6931, 1.3133, 2.1269])
    """

    def __init__(self, beta: float = 1.0, threshold: float = 20.0) -> None:
        super().__init__()
        self.beta, self.threshold = beta, threshold

    def forward(self, input):
        return F.softplus(input, self.beta, self.threshold)

    def extra_repr(self) -> str:
        return f"beta={self.beta}, threshold={self.threshold}"


class Softmax(Module):
    def __init__(self, dim: int | None = None) -> None:
        super().__init__()
        self.dim = dim

    def forward(self, input):
        return F.softmax(input, self.dim)

    def extra_repr(self) -> str:
        return f"dim={self.dim}"


class LogSoftmax(Softmax):
    def forward(self, input):
        return F.log_softmax(input, self.dim)


# ---- the rest of PyTorch's activation layers ---------------------------------------------------


def _simple(name: str, fn, doc: str):
    """A layer without parameters whose forward is ``fn(input)``."""

    def forward(self, input):
        return fn(input)

    return type(name, (Module,), {"forward": forward, "__doc__": doc})


LogSigmoid = _simple(
    "LogSigmoid",
    F.logsigmoid,
    r"""Applies ``LogSigmoid(x) = log(1 / (1 + exp(-x)))`` elementwise (computed without
overflow).

Shape:
    - Input: :math:`(*)`, any number of dims.
    - Output: :math:`(*)`, same shape as the input.

Example::

    >>> m = torch.nn.LogSigmoid()
    >>> m(torch.tensor([-2.0, -0.5, 0.0, 1.0, 2.0]))
    tensor([-2.1269, -0.9741, -0.6931, -0.3133, -0.1269])
""",
)
Softsign = _simple(
    "Softsign",
    F.softsign,
    r"""Applies ``Softsign(x) = x / (1 + |x|)`` elementwise.

Shape:
    - Input: :math:`(*)`, any number of dims.
    - Output: :math:`(*)`, same shape as the input.

Example::

    >>> m = torch.nn.Softsign()
    >>> m(torch.tensor([-2.0, -0.5, 0.0, 1.0, 2.0]))
    tensor([-0.6667, -0.3333,  0.0000,  0.5000,  0.6667])
""",
)
Tanhshrink = _simple(
    "Tanhshrink",
    F.tanhshrink,
    r"""Applies ``Tanhshrink(x) = x - tanh(x)`` elementwise.

Shape:
    - Input: :math:`(*)`, any number of dims.
    - Output: :math:`(*)`, same shape as the input.

Example::

    >>> m = torch.nn.Tanhshrink()
    >>> m(torch.tensor([-2.0, -0.5, 0.0, 1.0, 2.0]))
    tensor([-1.0360, -0.0379,  0.0000,  0.2384,  1.0360])
""",
)
Mish = _simple(
    "Mish",
    F.mish,
    r"""Applies the Mish function elementwise: ``Mish(x) = x * tanh(Softplus(x))``.

Shape:
    - Input: :math:`(*)`, any number of dims.
    - Output: :math:`(*)`, same shape as the input.

Example::

    >>> m = torch.nn.Mish()
    >>> m(torch.tensor([-2.0, -0.5, 0.0, 1.0, 2.0]))
    tensor([-0.2525, -0.2207,  0.0000,  0.8651,  1.9440])
""",
)


class _Inplace(Module):
    def __init__(self, inplace: bool = False) -> None:
        super().__init__()
        self.inplace = inplace

    def extra_repr(self) -> str:
        return "inplace=True" if self.inplace else ""


class ReLU6(_Inplace):
    r"""Applies ``ReLU6(x) = min(max(0, x), 6)`` elementwise.

    Args:
        inplace (bool): do the operation in place. Default: ``False``.

    Shape:
        - Input: :math:`(*)`, any number of dims.
        - Output: :math:`(*)`, same shape as the input.

    Example::

        >>> m = torch.nn.ReLU6()
        >>> m(torch.tensor([-2.0, -0.5, 0.0, 1.0, 2.0]))
        tensor([0., 0., 0., 1., 2.])
    """

    def forward(self, input):
        return F.relu6(input, self.inplace)


class Hardsigmoid(_Inplace):
    r"""Applies the hard sigmoid elementwise: 0 if ``x <= -3``, 1 if ``x >= 3``, else
    ``x / 6 + 1 / 2``.

    Args:
        inplace (bool): do the operation in place. Default: ``False``.

    Shape:
        - Input: :math:`(*)`, any number of dims.
        - Output: :math:`(*)`, same shape as the input.

    Example::

        >>> m = torch.nn.Hardsigmoid()
        >>> m(torch.tensor([-2.0, -0.5, 0.0, 1.0, 2.0]))
        tensor([0.1667, 0.4167, 0.5000, 0.6667, 0.8333])
    """

    def forward(self, input):
        return F.hardsigmoid(input, self.inplace)


class Hardswish(_Inplace):
    r"""Applies the hard swish elementwise: ``x * Hardsigmoid(x)`` (0 if ``x <= -3``, ``x`` if
    ``x >= 3``, else ``x (x + 3) / 6``).

    Args:
        inplace (bool): do the operation in place. Default: ``False``.

    Shape:
        - Input: :math:`(*)`, any number of dims.
        - Output: :math:`(*)`, same shape as the input.

    Example::

        >>> m = torch.nn.Hardswish()
        >>> m(torch.tensor([-2.0, -0.5, 0.0, 1.0, 2.0]))
        tensor([-0.3333, -0.2083,  0.0000,  0.6667,  1.6667])
    """

    def forward(self, input):
        return F.hardswish(input, self.inplace)


class SELU(_Inplace):
    r"""Applies the scaled exponential linear unit elementwise:
    ``scale * (max(0, x) + min(0, alpha * (exp(x) - 1)))`` with ``alpha = 1.6732632423543772``
    and ``scale = 1.0507009873554805``.

    Args:
        inplace (bool): do the operation in place. Default: ``False``.

    Shape:
        - Input: :math:`(*)`, any number of dims.
        - Output: :math:`(*)`, same shape as the input.

    Example::

        >>> m = torch.nn.SELU()
        >>> m(torch.tensor([-2.0, -0.5, 0.0, 1.0, 2.0]))
        tensor([-1.5202, -0.6918,  0.0000,  1.0507,  2.1014])
    """

    def forward(self, input):
        return F.selu(input, self.inplace)


class Hardtanh(Module):
    r"""Applies the hard tanh elementwise: ``x`` clamped to ``[min_val, max_val]``.

    Args:
        min_val (float): the lower end of the linear region. Default: -1.
        max_val (float): the upper end. Default: 1.
        inplace (bool): do the operation in place. Default: ``False``.

    Shape:
        - Input: :math:`(*)`, any number of dims.
        - Output: :math:`(*)`, same shape as the input.

    Example::

        >>> m = torch.nn.Hardtanh(-1.0, 2.0)
        >>> m(torch.tensor([-2.0, -0.5, 0.0, 1.0, 2.0]))
        tensor([-1.0000, -0.5000,  0.0000,  1.0000,  2.0000])
    """

    def __init__(self, min_val: float = -1.0, max_val: float = 1.0, inplace: bool = False) -> None:
        super().__init__()
        if min_val > max_val:
            raise ValueError("min_val cannot be greater than max_val")
        self.min_val, self.max_val, self.inplace = min_val, max_val, inplace

    def forward(self, input):
        return F.hardtanh(input, self.min_val, self.max_val, self.inplace)

    def extra_repr(self) -> str:
        text = f"min_val={self.min_val}, max_val={self.max_val}"
        return text + (", inplace=True" if self.inplace else "")


class CELU(Module):
    r"""Applies ``CELU(x) = max(0, x) + min(0, alpha * (exp(x / alpha) - 1))`` elementwise.

    Args:
        alpha (float): Default: 1.0.
        inplace (bool): do the operation in place. Default: ``False``.

    Shape:
        - Input: :math:`(*)`, any number of dims.
        - Output: :math:`(*)`, same shape as the input.

    Example::

        >>> m = torch.nn.CELU()
        >>> m(torch.tensor([-2.0, -0.5, 0.0, 1.0, 2.0]))
        tensor([-0.8647, -0.3935,  0.0000,  1.0000,  2.0000])
    """

    def __init__(self, alpha: float = 1.0, inplace: bool = False) -> None:
        super().__init__()
        self.alpha, self.inplace = alpha, inplace

    def forward(self, input):
        return F.celu(input, self.alpha, self.inplace)

    def extra_repr(self) -> str:
        return f"alpha={self.alpha}" + (", inplace=True" if self.inplace else "")


class Softmin(Module):
    r"""Applies the softmin function along ``dim``: ``Softmin(x_i) = exp(-x_i) / sum_j exp(-x_j)``,
    so that the slice sums to 1.

    Args:
        dim (int): the dimension along which softmin is computed.

    Shape:
        - Input: :math:`(*)`; Output: same shape.

    Example::

        >>> m = torch.nn.Softmin(dim=0)
        >>> m(torch.tensor([[1., 2.], [3., 4.]]))
        tensor([[0.8808, 0.8808],
                [0.1192, 0.1192]])
    """

    def __init__(self, dim=None) -> None:
        super().__init__()
        self.dim = dim

    def forward(self, input):
        return F.softmin(input, self.dim)

    def extra_repr(self) -> str:
        return f"dim={self.dim}"


class Softmax2d(Module):
    def forward(self, input):
        if input.ndim not in (3, 4):
            raise ValueError(f"Softmax2d: expected input to be 3D or 4D, got {input.ndim}D instead")
        return F.softmax(input, -3)


class GLU(Module):
    r"""Applies the gated linear unit: the input is split in halves ``a``, ``b`` along ``dim`` and
    ``GLU(a, b) = a * sigmoid(b)``.

    Args:
        dim (int): the dimension to split (its size must be even). Default: -1.

    Shape:
        - Input: :math:`(*_1, N, *_2)`; Output: :math:`(*_1, M, *_2)` with :math:`M = N / 2`.

    Example::

        >>> m = torch.nn.GLU()
        >>> m(torch.tensor([[1., 2., 0., 1.]]))
        tensor([[0.5000, 1.4621]])
    """

    def __init__(self, dim: int = -1) -> None:
        super().__init__()
        self.dim = dim

    def forward(self, input):
        return F.glu(input, self.dim)

    def extra_repr(self) -> str:
        return f"dim={self.dim}"


class PReLU(Module):
    r"""Applies ``PReLU(x) = max(0, x) + a * min(0, x)`` elementwise with a learnable slope
    ``a``: one for all channels, or one per channel (dim 1 of the input).

    Args:
        num_parameters (int): the number of slopes: 1 or the number of channels. Default: 1.
        init (float): the initial value of ``a``. Default: 0.25.
        device, dtype: for the parameter.

    Shape:
        - Input: :math:`(*)` (channels at dim 1 when ``num_parameters > 1``); Output: same shape.

    Attributes:
        weight (Tensor): the slopes, shape ``(num_parameters,)``, initialised to ``init``.

    Example::

        >>> m = torch.nn.PReLU()
        >>> m(torch.tensor([-2.0, -0.5, 0.0, 1.0, 2.0])).detach()
        tensor([-0.5000, -0.1250,  0.0000,  1.0000,  2.0000])
        >>> torch.nn.PReLU(3)(torch.randn(2, 3, 4)).shape
        numtensor.Size([2, 3, 4])
    """

    def __init__(
        self, num_parameters: int = 1, init: float = 0.25, device=None, dtype=None
    ) -> None:
        super().__init__()
        from ..parameter import Parameter

        self.num_parameters, self.init = num_parameters, init
        self.weight = Parameter(_nt.full((num_parameters,), init, device=device, dtype=dtype))

    def forward(self, input):
        return F.prelu(input, self.weight)

    def extra_repr(self) -> str:
        return f"num_parameters={self.num_parameters}"


class RReLU(Module):
    r"""Applies the randomized leaky ReLU elementwise: ``x`` if ``x >= 0``, else ``a * x`` with
    ``a`` drawn from U(lower, upper) per element in training, and ``(lower + upper) / 2``
    in evaluation.

    Args:
        lower (float): lower bound of the uniform distribution. Default: 1/8.
        upper (float): upper bound. Default: 1/3.
        inplace (bool): do the operation in place. Default: ``False``.

    Shape:
        - Input: :math:`(*)`, any number of dims.
        - Output: :math:`(*)`, same shape as the input.

    Example::

        >>> m = torch.nn.RReLU().eval()
        >>> m(torch.tensor([-2.0, -0.5, 0.0, 1.0, 2.0]))
        tensor([-0.4583, -0.1146,  0.0000,  1.0000,  2.0000])
        >>> torch.nn.RReLU()(torch.randn(3, 4)).shape
        numtensor.Size([3, 4])
    """

    def __init__(
        self, lower: float = 1.0 / 8, upper: float = 1.0 / 3, inplace: bool = False
    ) -> None:
        super().__init__()
        self.lower, self.upper, self.inplace = lower, upper, inplace

    def forward(self, input):
        return F.rrelu(input, self.lower, self.upper, self.training, self.inplace)

    def extra_repr(self) -> str:
        return f"lower={self.lower}, upper={self.upper}" + (
            ", inplace=True" if self.inplace else ""
        )


class Threshold(Module):
    r"""Thresholds each element: ``x`` if ``x > threshold``, else ``value``.

    Args:
        threshold (float): the value to threshold at.
        value (float): the value to replace with.
        inplace (bool): do the operation in place. Default: ``False``.

    Shape:
        - Input: :math:`(*)`, any number of dims.
        - Output: :math:`(*)`, same shape as the input.

    Example::

        >>> m = torch.nn.Threshold(0.1, 20.0)
        >>> m(torch.tensor([-2.0, -0.5, 0.0, 1.0, 2.0]))
        tensor([20., 20., 20.,  1.,  2.])
    """

    def __init__(self, threshold: float, value: float, inplace: bool = False) -> None:
        super().__init__()
        self.threshold, self.value, self.inplace = threshold, value, inplace

    def forward(self, input):
        return F.threshold(input, self.threshold, self.value, self.inplace)

    def extra_repr(self) -> str:
        return f"threshold={self.threshold}, value={self.value}" + (
            ", inplace=True" if self.inplace else ""
        )


class _Shrink(Module):
    def __init__(self, lambd: float = 0.5) -> None:
        super().__init__()
        self.lambd = lambd

    def extra_repr(self) -> str:
        return f"{self.lambd}"


class Softshrink(_Shrink):
    r"""Applies the soft shrinkage elementwise: ``x - lambd`` if ``x > lambd``, ``x + lambd`` if
    ``x < -lambd``, else 0.

    Args:
        lambd (float): the shrinkage threshold, >= 0. Default: 0.5.

    Shape:
        - Input: :math:`(*)`, any number of dims.
        - Output: :math:`(*)`, same shape as the input.

    Example::

        >>> m = torch.nn.Softshrink()
        >>> m(torch.tensor([-2.0, -0.5, 0.0, 1.0, 2.0]))
        tensor([-1.5000, -0.0000,  0.0000,  0.5000,  1.5000])
    """

    def forward(self, input):
        return F.softshrink(input, self.lambd)


class Hardshrink(_Shrink):
    r"""Applies the hard shrinkage elementwise: ``x`` if ``|x| > lambd``, else 0.

    Args:
        lambd (float): the threshold. Default: 0.5.

    Shape:
        - Input: :math:`(*)`, any number of dims.
        - Output: :math:`(*)`, same shape as the input.

    Example::

        >>> m = torch.nn.Hardshrink()
        >>> m(torch.tensor([-2.0, -0.5, 0.0, 1.0, 2.0]))
        tensor([-2.,  0.,  0.,  1.,  2.])
    """

    def forward(self, input):
        return F.hardshrink(input, self.lambd)
