"""max_unpool1d/2d/3d: the partial inverse of max pooling, a scatter of the pooled values
to the positions their indices name (zeros elsewhere); differentiable in ``input``."""

from __future__ import annotations

import numtensor as _nt


def _tuple(v, n: int) -> tuple:
    return (v,) * n if isinstance(v, int) else tuple(v)


def _unpool_output_size(input, kernel_size, stride, padding, output_size) -> list:
    """PyTorch's default (L-1)*stride + k - 2*pad per axis, or ``output_size`` checked to be
    within a stride of it."""
    n = len(kernel_size)
    default = [(input.shape[input.ndim - n + d] - 1) * stride[d] + kernel_size[d] - 2 * padding[d]
               for d in range(n)]  # fmt: skip
    if output_size is None:
        size = default
    else:
        output_size = list(output_size)
        if len(output_size) == n + 2:
            output_size = output_size[2:]
        if len(output_size) != n:
            raise ValueError(
                f"output_size should be a sequence containing {n} or {n + 2} elements, but it has "
                f"a length of '{len(output_size)}'"
            )
        for d in range(n):
            lo, hi = default[d] - stride[d], default[d] + stride[d]
            if not lo < output_size[d] < hi:
                raise ValueError(
                    f'invalid output_size "{output_size}" (dim {d} must be between {lo} and {hi})'
                )
        size = output_size
    for d in range(n):
        if size[d] < 0:
            raise ValueError(
                "max_unpooling: output_size must contain non-negative spatial dimensions, but "
                f"got output_size[{d}]={size[d]}"
            )
    return [int(s) for s in size]


def _unpool(input, indices, size: list, shown: list):
    """Scatter each [.., C, *in] plane of ``input`` to a zero [.., C, *size] at ``indices``
    (flat within the plane); ``shown`` is the output size as PyTorch's error prints it."""
    if indices.dtype is not _nt.int64:
        raise RuntimeError("elements in indices should be type int64")
    if tuple(indices.shape) != tuple(input.shape):
        raise RuntimeError(
            f"Expected shape of indices to be same as that of the input tensor "
            f"({list(input.shape)}) but got indices tensor with shape: {list(indices.shape)}"
        )
    n = len(size)
    lead = tuple(input.shape[: input.ndim - n])
    volume = 1
    for s in size:
        volume *= s
    src = input.reshape(*lead, -1)
    where = indices.reshape(*lead, -1)
    if where.numel():
        bad = (where < 0) | (where >= volume)
        if bool(bad.any()):
            first = where.reshape(-1)[bad.reshape(-1).nonzero()[0, 0]].item()
            raise RuntimeError(
                f"Found an invalid max index: {first} (output volumes are of size "
                f"{'x'.join(map(str, shown))})"
            )
    out = input.new_zeros((*lead, volume)).scatter(-1, where, src)
    return out.reshape(*lead, *size)


def max_unpool1d(input, indices, kernel_size, stride=None, padding=0, output_size=None):
    r"""Computes a partial inverse of :func:`max_pool1d`: the values are put at the positions
    ``indices`` (from the pooling with ``return_indices=True``), zeros elsewhere.

    See :class:`~numtensor.nn.MaxUnpool1d` for details.

    Args:
        input (Tensor): the pooled values.
        indices (LongTensor): the indices of the maxima.
        kernel_size (int or tuple): the window size.
        stride (int or tuple, optional): the window stride. Default: ``kernel_size``.
        padding (int or tuple): implicit padding on both sides. Default: 0.
        output_size (tuple, optional): the exact output size (when ambiguous).

    Returns:
        Tensor

    Example::

        >>> import numtensor.nn.functional as F
        >>> x = torch.tensor([[[1., 3., 2., 5., 4., 0.]]])
        >>> out, idx = F.max_pool1d(x, 2, return_indices=True)
        >>> F.max_unpool1d(out, idx, 2)
        tensor([[[0., 3., 0., 5., 4., 0.]]])
    """
    kernel = _tuple(kernel_size, 1)
    stride = kernel if stride is None else _tuple(stride, 1)
    size = _unpool_output_size(input, kernel, stride, _tuple(padding, 1), output_size)
    if input.ndim not in (2, 3):
        raise RuntimeError(
            f"Input to max_unpooling2d should be a 3d or 4d Tensor, but got a tensor with "
            f"{input.ndim + 1} dimensions."
        )
    return _unpool(input, indices, size, [size[0], 1])


def max_unpool2d(input, indices, kernel_size, stride=None, padding=0, output_size=None):
    r"""Computes a partial inverse of :func:`max_pool2d`: the values are put at the positions
    ``indices`` (from the pooling with ``return_indices=True``), zeros elsewhere.

    See :class:`~numtensor.nn.MaxUnpool2d` for details.

    Args:
        input (Tensor): the pooled values.
        indices (LongTensor): the indices of the maxima.
        kernel_size (int or tuple): the window size.
        stride (int or tuple, optional): the window stride. Default: ``kernel_size``.
        padding (int or tuple): implicit padding on both sides. Default: 0.
        output_size (tuple, optional): the exact output size (when ambiguous).

    Returns:
        Tensor

    Example::

        >>> import numtensor.nn.functional as F
        >>> out, idx = F.max_pool2d(torch.arange(16.).reshape(1, 1, 4, 4), 2, return_indices=True)
        >>> F.max_unpool2d(out, idx, 2)
        tensor([[[[ 0.,  0.,  0.,  0.],
                  [ 0.,  5.,  0.,  7.],
                  [ 0.,  0.,  0.,  0.],
                  [ 0., 13.,  0., 15.]]]])
    """
    kernel = _tuple(kernel_size, 2)
    stride = kernel if stride is None else _tuple(stride, 2)
    size = _unpool_output_size(input, kernel, stride, _tuple(padding, 2), output_size)
    if input.ndim not in (3, 4):
        raise RuntimeError(
            f"Input to max_unpooling2d should be a 3d or 4d Tensor, but got a tensor with "
            f"{input.ndim} dimensions."
        )
    return _unpool(input, indices, size, size)


def max_unpool3d(input, indices, kernel_size, stride=None, padding=0, output_size=None):
    r"""Computes a partial inverse of :func:`max_pool3d`: the values are put at the positions
    ``indices`` (from the pooling with ``return_indices=True``), zeros elsewhere.

    See :class:`~numtensor.nn.MaxUnpool3d` for details.

    Args:
        input (Tensor): the pooled values.
        indices (LongTensor): the indices of the maxima.
        kernel_size (int or tuple): the window size.
        stride (int or tuple, optional): the window stride. Default: ``kernel_size``.
        padding (int or tuple): implicit padding on both sides. Default: 0.
        output_size (tuple, optional): the exact output size (when ambiguous).

    Returns:
        Tensor

    Example::

        >>> import numtensor.nn.functional as F
        >>> out, idx = F.max_pool3d(torch.arange(8.).reshape(1, 1, 2, 2, 2), 2, return_indices=True)
        >>> F.max_unpool3d(out, idx, 2).shape
        numtensor.Size([1, 1, 2, 2, 2])
    """
    kernel = _tuple(kernel_size, 3)
    stride = kernel if stride is None else _tuple(stride, 3)
    size = _unpool_output_size(input, kernel, stride, _tuple(padding, 3), output_size)
    if input.ndim not in (4, 5):
        raise RuntimeError(
            f"Input to max_unpooling3d should be a 4d or 5d Tensor, but got a tensor with "
            f"{input.ndim} dimensions."
        )
    return _unpool(input, indices, size, size)


__all__ = ["max_unpool1d", "max_unpool2d", "max_unpool3d"]
