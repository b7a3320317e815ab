"""1-d pooling through the 2-d kernels, adaptive max pooling and power-average pooling."""

from __future__ import annotations

from ..autograd.function import name_node
from ..ops.conv import adaptive_avg_pool2d, avg_pool2d, max_pool2d
from ..ops.memory_formats import follows_channels_last


def _one(v):
    return v[0] if isinstance(v, (tuple, list)) else v


def max_pool1d(input, kernel_size, stride=None, padding=0, dilation=1, ceil_mode: bool = False,
               return_indices: bool = False):  # fmt: skip
    r"""Applies a 1-D max pooling over :math:`(N, C, L)` or :math:`(C, L)`.

    See :class:`~numtensor.nn.MaxPool1d` for details.

    Args:
        input (Tensor): the input.
        kernel_size (int or tuple): the window size.
        stride (int or tuple, optional): the window stride. Default: ``kernel_size``.
        padding (int or tuple): implicit padding on both sides. Default: 0.
        dilation (int or tuple): spacing between window elements. Default: 1.
        ceil_mode (bool): ceil instead of floor in the output size. Default: ``False``.
        return_indices (bool): also return the flat (per-plane) indices of the maxima.

    Returns:
        Tensor (and LongTensor indices with ``return_indices``).

    Example::

        >>> import numtensor.nn.functional as F
        >>> F.max_pool1d(torch.tensor([[[1., 3., 2., 5., 4., 0.]]]), 2)
        tensor([[[3., 5., 4.]]])
        >>> x = torch.tensor([[[1., 3., 2., 5., 4., 0.]]])
        >>> F.max_pool1d(x, 3, stride=1, return_indices=True)
        (tensor([[[3., 5., 5., 5.]]]), tensor([[[1, 3, 3, 3]]]))
    """
    k = _one(kernel_size)
    s = k if stride is None or stride == [] else _one(stride)
    out = max_pool2d(input.unsqueeze(-2), (1, k), (1, s), (0, _one(padding)), (1, _one(dilation)),
                     ceil_mode, return_indices)  # fmt: skip
    if return_indices:
        return out[0].squeeze(-2), out[1].squeeze(-2)
    return out.squeeze(-2)


def max_pool1d_with_indices(input, kernel_size, stride=None, padding=0, dilation=1,
                            ceil_mode: bool = False, return_indices: bool = True):  # fmt: skip
    r"""Same as :func:`max_pool1d` with ``return_indices=True``: the maxima and their indices.

    Args:
        input (Tensor): the input.
        kernel_size (int or tuple): the window size.
        stride (int or tuple, optional): the window stride. Default: ``kernel_size``.
        padding (int or tuple): implicit padding on both sides. Default: 0.
        dilation (int or tuple): spacing between window elements. Default: 1.
        ceil_mode (bool): ceil instead of floor in the output size. Default: ``False``.

    Returns:
        (Tensor, LongTensor)

    Example::

        >>> import numtensor.nn.functional as F
        >>> F.max_pool1d_with_indices(torch.tensor([[[1., 3., 2., 5., 4., 0.]]]), 2)
        (tensor([[[3., 5., 4.]]]), tensor([[[1, 3, 4]]]))
    """
    return max_pool1d(input, kernel_size, stride, padding, dilation, ceil_mode, True)


def max_pool2d_with_indices(input, kernel_size, stride=None, padding=0, dilation=1,
                            ceil_mode: bool = False, return_indices: bool = True):  # fmt: skip
    r"""Same as :func:`max_pool2d` with ``return_indices=True``: the maxima and their indices.

    Args:
        input (Tensor): the input.
        kernel_size (int or tuple): the window size.
        stride (int or tuple, optional): the window stride. Default: ``kernel_size``.
        padding (int or tuple): implicit padding on both sides. Default: 0.
        dilation (int or tuple): spacing between window elements. Default: 1.
        ceil_mode (bool): ceil instead of floor in the output size. Default: ``False``.

    Returns:
        (Tensor, LongTensor)

    Example::

        >>> import numtensor.nn.functional as F
        >>> F.max_pool2d_with_indices(torch.arange(16.).reshape(1, 1, 4, 4), 2)
        (tensor([[[[ 5.,  7.],
                  [13., 15.]]]]), tensor([[[[ 5,  7],
                  [13, 15]]]]))
    """
    return max_pool2d(input, kernel_size, stride, padding, dilation, ceil_mode, True)


def avg_pool1d(input, kernel_size, stride=None, padding=0, ceil_mode: bool = False,
               count_include_pad: bool = True):  # fmt: skip
    r"""Applies a 1-D average pooling over :math:`(N, C, L)` or :math:`(C, L)`.

    See :class:`~numtensor.nn.AvgPool1d` for details.

    Args:
        input (Tensor): the input.
        kernel_size (int or tuple): the window size.
        stride (int or tuple, optional): the window stride. Default: ``kernel_size``.
        padding (int or tuple): implicit padding on both sides. Default: 0.
        ceil_mode (bool): ceil instead of floor in the output size. Default: ``False``.
        count_include_pad (bool): count the padding in the divisor. Default: ``True``.

    Returns:
        Tensor

    Example::

        >>> import numtensor.nn.functional as F
        >>> F.avg_pool1d(torch.tensor([[[1., 3., 2., 5., 4., 0.]]]), 2)
        tensor([[[2.0000, 3.5000, 2.0000]]])
    """
    k = _one(kernel_size)
    s = k if stride is None or stride == [] else _one(stride)
    out = avg_pool2d(input.unsqueeze(-2), (1, k), (1, s), (0, _one(padding)), ceil_mode,
                     count_include_pad)  # fmt: skip
    return out.squeeze(-2)


def adaptive_avg_pool1d(input, output_size):
    r"""Applies a 1-D adaptive average pooling to the target length.

    See :class:`~numtensor.nn.AdaptiveAvgPool1d` for details.

    Args:
        input (Tensor): :math:`(N, C, L)` or :math:`(C, L)`.
        output_size (int or tuple): the target output size.

    Returns:
        Tensor

    Example::

        >>> import numtensor.nn.functional as F
        >>> F.adaptive_avg_pool1d(torch.tensor([[[1., 3., 2., 5., 4., 0.]]]), 3)
        tensor([[[2.0000, 3.5000, 2.0000]]])
    """
    return adaptive_avg_pool2d(input.unsqueeze(-2), (1, _one(output_size))).squeeze(-2)


def _bins(n: int, m: int):
    return [((i * n) // m, -((-(i + 1) * n) // m)) for i in range(m)]


@follows_channels_last((0, "input"))
def adaptive_max_pool2d(input, output_size, return_indices: bool = False):
    r"""Applies a 2-D adaptive max pooling to the target size.

    See :class:`~numtensor.nn.AdaptiveMaxPool2d` for details.

    Args:
        input (Tensor): the input, with or without the batch dim.
        output_size (int or tuple): the target output size.
        return_indices (bool): also return the flat (per-plane) indices of the maxima.

    Returns:
        Tensor (and LongTensor indices with ``return_indices``).

    Example::

        >>> import numtensor.nn.functional as F
        >>> F.adaptive_max_pool2d(torch.arange(16.).reshape(1, 1, 4, 4), (2, 1))
        tensor([[[[ 7.],
                  [15.]]]])
    """
    from ..ops.joining import stack

    oh, ow = (output_size, output_size) if isinstance(output_size, int) else output_size
    h, w = input.shape[-2:]
    oh, ow = h if oh is None else oh, w if ow is None else ow
    values, where = [], []
    for y0, y1 in _bins(h, oh):
        row_v, row_i = [], []
        for x0, x1 in _bins(w, ow):
            window = input[..., y0:y1, x0:x1].flatten(-2)
            v, i = window.max(-1)
            row_v.append(v)
            row_i.append((i // (x1 - x0) + y0) * w + i % (x1 - x0) + x0)
        values.append(stack(row_v, -1))
        where.append(stack(row_i, -1))
    out = name_node(stack(values, -2), "AdaptiveMaxPool2DBackward0")
    return (out, stack(where, -2)) if return_indices else out


def adaptive_max_pool1d(input, output_size, return_indices: bool = False):
    r"""Applies a 1-D adaptive max pooling to the target size.

    See :class:`~numtensor.nn.AdaptiveMaxPool1d` for details.

    Args:
        input (Tensor): the input, with or without the batch dim.
        output_size (int or tuple): the target output size.
        return_indices (bool): also return the flat (per-plane) indices of the maxima.

    Returns:
        Tensor (and LongTensor indices with ``return_indices``).

    Example::

        >>> import numtensor.nn.functional as F
        >>> F.adaptive_max_pool1d(torch.tensor([[[1., 3., 2., 5., 4., 0.]]]), 3)
        tensor([[[3., 5., 4.]]])
    """
    out = adaptive_max_pool2d(input.unsqueeze(-2), (1, _one(output_size)), return_indices)
    if return_indices:
        return out[0].squeeze(-2), out[1].squeeze(-2)
    return out.squeeze(-2)


def adaptive_max_pool1d_with_indices(input, output_size, return_indices: bool = True):
    r"""Same as :func:`adaptive_max_pool1d` with ``return_indices=True``.

    Args:
        input (Tensor): the input.
        output_size (int or tuple): the target output size.

    Returns:
        (Tensor, LongTensor)

    Example::

        >>> import numtensor.nn.functional as F
        >>> F.adaptive_max_pool1d_with_indices(torch.tensor([[[1., 3., 2., 5., 4., 0.]]]), 3)
        (tensor([[[3., 5., 4.]]]), tensor([[[1, 3, 4]]]))
    """
    return adaptive_max_pool1d(input, output_size, True)


def adaptive_max_pool2d_with_indices(input, output_size, return_indices: bool = True):
    r"""Same as :func:`adaptive_max_pool2d` with ``return_indices=True``.

    Args:
        input (Tensor): the input.
        output_size (int or tuple): the target output size.

    Returns:
        (Tensor, LongTensor)

    Example::

        >>> import numtensor.nn.functional as F
        >>> F.adaptive_max_pool2d_with_indices(torch.arange(16.).reshape(1, 1, 4, 4), (2, 1))
        (tensor([[[[ 7.],
                  [15.]]]]), tensor([[[[ 7],
                  [15]]]]))
    """
    return adaptive_max_pool2d(input, output_size, True)


@follows_channels_last((0, "input"))
def lp_pool2d(input, norm_type: float, kernel_size, stride=None, ceil_mode: bool = False):
    r"""Applies a 2-D power-average pooling: ``(sum over the window of x^p)^(1/p)``.

    See :class:`~numtensor.nn.LPPool2d` for details.

    Args:
        input (Tensor): the input.
        norm_type (float): the power ``p``.
        kernel_size (int or tuple): the window size.
        stride (int or tuple, optional): the window stride. Default: ``kernel_size``.
        ceil_mode (bool): ceil instead of floor in the output size. Default: ``False``.

    Returns:
        Tensor

    Example::

        >>> import numtensor.nn.functional as F
        >>> F.lp_pool2d(torch.arange(16.).reshape(1, 1, 4, 4), 1, 2)
        tensor([[[[10., 18.],
                  [42., 50.]]]])
    """
    kh, kw = (kernel_size, kernel_size) if isinstance(kernel_size, int) else kernel_size
    out = avg_pool2d(input.pow(norm_type), (kh, kw), stride, 0, ceil_mode)
    return (out.sign() * out.abs().relu()).mul(kw * kh).pow(1.0 / norm_type)


def lp_pool1d(input, norm_type: float, kernel_size, stride=None, ceil_mode: bool = False):
    r"""Applies a 1-D power-average pooling: ``(sum over the window of x^p)^(1/p)``.

    See :class:`~numtensor.nn.LPPool1d` for details.

    Args:
        input (Tensor): the input.
        norm_type (float): the power ``p``.
        kernel_size (int or tuple): the window size.
        stride (int or tuple, optional): the window stride. Default: ``kernel_size``.
        ceil_mode (bool): ceil instead of floor in the output size. Default: ``False``.

    Returns:
        Tensor

    Example::

        >>> import numtensor.nn.functional as F
        >>> F.lp_pool1d(torch.tensor([[[1., 3., 2., 5., 4., 0.]]]), 2, 2)
        tensor([[[3.1623, 5.3852, 4.0000]]])
    """
    k = _one(kernel_size)
    out = avg_pool1d(input.pow(norm_type), k, stride, 0, ceil_mode)
    return (out.sign() * out.abs().relu()).mul(k).pow(1.0 / norm_type)


__all__ = [
    "adaptive_avg_pool1d", "adaptive_max_pool1d", "adaptive_max_pool1d_with_indices",
    "adaptive_max_pool2d", "adaptive_max_pool2d_with_indices", "avg_pool1d", "lp_pool1d",
    "lp_pool2d", "max_pool1d", "max_pool1d_with_indices", "max_pool2d_with_indices",
]  # fmt: skip
