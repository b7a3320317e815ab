"""``nn.utils``: gradient clipping, parameter/vector conversion, parametrizations,
weight and spectral norm, BatchNorm fusion and ``skip_init``."""

from __future__ import annotations

import numtensor as _nt

from ..._tensor_base import Tensor


def _params(parameters) -> list:
    if isinstance(parameters, Tensor):
        return [parameters]
    return list(parameters)


from .clip_grad import clip_grad_norm as clip_grad_norm  # noqa: E402
from .clip_grad import clip_grad_norm_ as clip_grad_norm_  # noqa: E402
from .clip_grad import clip_grad_value_ as clip_grad_value_  # noqa: E402
from .clip_grad import clip_grads_with_norm_ as clip_grads_with_norm_  # noqa: E402
from .clip_grad import get_total_norm as get_total_norm  # noqa: E402


def parameters_to_vector(parameters) -> Tensor:
    r"""Flattens an iterable of parameters into one 1-D vector (their concatenation).

    Args:
        parameters (iterable of Tensors): the parameters of a model.

    Returns:
        Tensor: the 1-D vector.

    Example::

        >>> m = torch.nn.Linear(3, 2)
        >>> torch.nn.utils.parameters_to_vector(m.parameters()).shape
        numtensor.Size([8])
    """
    return _nt.cat([p.reshape(-1) for p in _params(parameters)])


def vector_to_parameters(vec: Tensor, parameters) -> None:
    r"""Copies the slices of a 1-D vector into the parameters, in order (the inverse of
    :func:`parameters_to_vector`).

    Args:
        vec (Tensor): a 1-D vector with as many elements as the parameters.
        parameters (iterable of Tensors): the parameters to fill.

    Example::

        >>> m = torch.nn.Linear(2, 1)
        >>> torch.nn.utils.vector_to_parameters(torch.tensor([1., 2., 3.]), m.parameters())
        >>> m.weight.data, m.bias.data
        (tensor([[1., 2.]]), tensor([3.]))
    """
    if not isinstance(vec, Tensor):
        raise TypeError(f"expected torch.Tensor, but got: {type(vec).__name__}")
    start = 0
    with _nt.no_grad():
        for p in _params(parameters):
            n = p.numel()
            p.copy_(vec[start : start + n].view_as(p))
            start += n


from . import parametrizations as parametrizations  # noqa: E402
from . import parametrize as parametrize  # noqa: E402
from . import rnn as rnn  # noqa: E402 - the sequence packing helpers
from . import stateless as stateless  # noqa: E402 - functional_call
from .fusion import fuse_conv_bn_eval as fuse_conv_bn_eval  # noqa: E402
from .fusion import fuse_conv_bn_weights as fuse_conv_bn_weights  # noqa: E402
from .fusion import fuse_linear_bn_eval as fuse_linear_bn_eval  # noqa: E402
from .fusion import fuse_linear_bn_weights as fuse_linear_bn_weights  # noqa: E402
from .init import skip_init as skip_init  # noqa: E402
from .memory_format import (  # noqa: E402
    convert_conv2d_weight_memory_format as convert_conv2d_weight_memory_format,
)
from .memory_format import (  # noqa: E402
    convert_conv3d_weight_memory_format as convert_conv3d_weight_memory_format,
)
from .spectral_norm import remove_spectral_norm as remove_spectral_norm  # noqa: E402
from .spectral_norm import spectral_norm as spectral_norm  # noqa: E402
from .weight_norm import remove_weight_norm as remove_weight_norm  # noqa: E402
from .weight_norm import weight_norm as weight_norm  # noqa: E402
