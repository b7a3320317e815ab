"""The ``torch.*`` forms of ops that live in ``numtensor.nn.functional``: thin forwards with
PyTorch's torch-namespace signatures (``torch.dropout(input, p, train)``,
``torch.convolution(...)``, ...). They sit above nn, so numtensor/__init__.py imports them
after it (ops cannot import nn)."""

from __future__ import annotations

from .nn import functional as F

__all__ = [
    "bilinear",
    "constant_pad_nd",
    "conv1d",
    "conv2d",
    "convolution",
    "dropout",
    "feature_dropout",
    "pixel_shuffle",
    "pixel_unshuffle",
]


def dropout(input, p: float, train: bool):
    r"""Randomly zeroes elements of ``input`` with probability ``p`` when ``train`` is True,
    scaling the kept ones by ``1 / (1 - p)``: :func:`numtensor.nn.functional.dropout` with
    ``training=train``.

    With ``train=False`` the input is returned unchanged. The draws come from the global
    generator (:func:`torch.manual_seed`).

    Args:
        input (Tensor): the input tensor.
        p (float): probability of an element to be zeroed, in ``[0, 1]``.
        train (bool): apply dropout if True.

    Example::

        >>> y = torch.dropout(torch.ones(2, 4), 0.5, True)
        >>> ((y == 0) | (y == 2)).all()  # each element dropped or scaled by 1 / (1 - p)
        tensor(True)
        >>> torch.dropout(torch.ones(3), 0.5, False)
        tensor([1., 1., 1.])
    """
    return F.dropout(input, p, train)


def feature_dropout(input, p: float, train: bool):
    r"""Randomly zeroes whole channels (dim 1) of ``input`` with probability ``p`` when
    ``train`` is True, scaling the kept channels by ``1 / (1 - p)``.

    Each ``input[n, c]`` (all its spatial elements together) is kept or zeroed as one, as
    :class:`numtensor.nn.Dropout2d` does. ``input`` needs at least 2 dims. With
    ``train=False`` it is returned unchanged.

    Args:
        input (Tensor): the input tensor, of shape :math:`(N, C, *)`.
        p (float): probability of a channel to be zeroed, in ``[0, 1]``.
        train (bool): apply dropout if True.

    Example::

        >>> y = torch.feature_dropout(torch.ones(2, 3, 4), 0.5, True)
        >>> (y.amax(-1) == y.amin(-1)).all()  # each channel is all kept or all zeroed
        tensor(True)
    """
    if input.ndim < 2:
        raise RuntimeError("Feature dropout requires at least 2 dimensions in the input")
    if p < 0 or p > 1:
        raise ValueError(f"dropout probability has to be between 0 and 1, but got {p}")
    if not train or p == 0:
        return input.clone() if train else input
    if p == 1:
        return input * 0
    shape = tuple(input.shape[:2]) + (1,) * (input.ndim - 2)
    keep = input.new_empty(shape).bernoulli_(1 - p) / (1 - p)
    return input * keep


def bilinear(input1, input2, weight, bias=None):
    r"""Applies a bilinear transformation to the incoming data:
    :math:`y = x_1^T A x_2 + b`, one matrix :math:`A` per output feature
    (:func:`numtensor.nn.functional.bilinear`).

    Args:
        input1 (Tensor): shape :math:`(*, H_{in1})`.
        input2 (Tensor): shape :math:`(*, H_{in2})`, the same leading dims as ``input1``.
        weight (Tensor): shape :math:`(H_{out}, H_{in1}, H_{in2})`.
        bias (Tensor, optional): shape :math:`(H_{out})`. Default: None.

    Returns:
        Tensor: shape :math:`(*, H_{out})`.

    Example::

        >>> x1 = torch.tensor([[1., 2.]])
        >>> x2 = torch.tensor([[3., 4., 5.]])
        >>> torch.bilinear(x1, x2, torch.ones(1, 2, 3), torch.tensor([0.5]))
        tensor([[36.5000]])
        >>> torch.bilinear(torch.zeros(5, 3), torch.zeros(5, 4), torch.zeros(2, 3, 4)).shape
        numtensor.Size([5, 2])
    """
    return F.bilinear(input1, input2, weight, bias)


def pixel_shuffle(input, upscale_factor: int):
    r"""Rearranges elements of shape :math:`(*, C \times r^2, H, W)` into
    :math:`(*, C, H \times r, W \times r)`, where ``r`` is ``upscale_factor``
    (:func:`numtensor.nn.functional.pixel_shuffle`; sub-pixel convolution upsampling).

    Args:
        input (Tensor): the input tensor.
        upscale_factor (int): factor to increase spatial resolution by.

    Example::

        >>> torch.pixel_shuffle(torch.zeros(1, 8, 3, 3), 2).shape
        numtensor.Size([1, 2, 6, 6])
        >>> torch.pixel_shuffle(torch.arange(4.).reshape(1, 4, 1, 1), 2)
        tensor([[[[0., 1.],
                  [2., 3.]]]])
    """
    return F.pixel_shuffle(input, upscale_factor)


def pixel_unshuffle(input, downscale_factor: int):
    r"""Reverses :func:`torch.pixel_shuffle`: rearranges elements of shape
    :math:`(*, C, H \times r, W \times r)` into :math:`(*, C \times r^2, H, W)`, where ``r``
    is ``downscale_factor`` (:func:`numtensor.nn.functional.pixel_unshuffle`).

    Args:
        input (Tensor): the input tensor.
        downscale_factor (int): factor to decrease spatial resolution by.

    Example::

        >>> torch.pixel_unshuffle(torch.zeros(1, 2, 6, 6), 3).shape
        numtensor.Size([1, 18, 2, 2])
        >>> torch.pixel_unshuffle(torch.arange(4.).reshape(1, 1, 2, 2), 2).flatten()
        tensor([0., 1., 2., 3.])
    """
    return F.pixel_unshuffle(input, downscale_factor)


def conv1d(input, weight, bias=None, stride=1, padding=0, dilation=1, groups=1):
    r"""Applies a 1-D convolution (a cross-correlation, as in PyTorch) over an input signal
    composed of several input planes (:func:`numtensor.nn.functional.conv1d`).

    Args:
        input (Tensor): shape :math:`(N, C_{in}, L_{in})` (or unbatched
            :math:`(C_{in}, L_{in})`).
        weight (Tensor): filters of shape :math:`(C_{out}, C_{in} / groups, kW)`.
        bias (Tensor, optional): shape :math:`(C_{out})`. Default: None.
        stride (int or tuple): the stride of the convolving kernel. Default: 1.
        padding (int, tuple or str): implicit zero padding on both sides, or ``"valid"``
            / ``"same"``. Default: 0.
        dilation (int or tuple): the spacing between kernel elements. Default: 1.
        groups (int): split the input into groups; :math:`C_{in}` must be divisible by it.
            Default: 1.

    Returns:
        Tensor: shape :math:`(N, C_{out}, L_{out})`.

    Example::

        >>> torch.conv1d(torch.tensor([[[1., 2., 3., 4.]]]), torch.tensor([[[1., -1.]]]))
        tensor([[[-1., -1., -1.]]])
        >>> torch.conv1d(torch.zeros(2, 3, 10), torch.zeros(8, 3, 3), padding=1).shape
        numtensor.Size([2, 8, 10])
    """
    return F.conv1d(input, weight, bias, stride, padding, dilation, groups)


def conv2d(input, weight, bias=None, stride=1, padding=0, dilation=1, groups=1):
    r"""Applies a 2-D convolution (a cross-correlation, as in PyTorch) over an input image
    composed of several input planes (:func:`numtensor.nn.functional.conv2d`).

    Args:
        input (Tensor): shape :math:`(N, C_{in}, H, W)` (or unbatched :math:`(C_{in}, H, W)`).
        weight (Tensor): filters of shape :math:`(C_{out}, C_{in} / groups, kH, kW)`.
        bias (Tensor, optional): shape :math:`(C_{out})`. Default: None.
        stride (int or tuple): the stride of the convolving kernel. Default: 1.
        padding (int, tuple or str): implicit zero padding on both sides, or ``"valid"``
            / ``"same"``. Default: 0.
        dilation (int or tuple): the spacing between kernel elements. Default: 1.
        groups (int): split the input into groups; :math:`C_{in}` must be divisible by it.
            Default: 1.

    Returns:
        Tensor: shape :math:`(N, C_{out}, H_{out}, W_{out})`.

    Example::

        >>> x = torch.arange(9.).reshape(1, 1, 3, 3)
        >>> torch.conv2d(x, torch.ones(1, 1, 2, 2))
        tensor([[[[ 8., 12.],
                  [20., 24.]]]])
        >>> torch.conv2d(torch.zeros(1, 3, 8, 8), torch.zeros(4, 3, 3, 3), stride=2).shape
        numtensor.Size([1, 4, 3, 3])
    """
    return F.conv2d(input, weight, bias, stride, padding, dilation, groups)


def convolution(input, weight, bias, stride, padding, dilation, transposed: bool,
                output_padding, groups: int):  # fmt: skip
    r"""The general convolution behind ``conv1d``/``conv2d`` and their transposes, with
    every argument explicit (ATen's ``convolution`` signature).

    The spatial rank comes from ``input``'s (``(N, C, L)`` or ``(N, C, H, W)``);
    ``transposed=True`` computes a transposed convolution
    (:func:`numtensor.nn.functional.conv_transpose2d`...), whose ``weight`` has shape
    :math:`(C_{in}, C_{out} / groups, *kernel)` and which uses ``output_padding``.

    Args:
        input (Tensor): the batched input.
        weight (Tensor): the filters.
        bias (Tensor or None): shape :math:`(C_{out})`.
        stride, padding, dilation (list of ints): one entry per spatial dim.
        transposed (bool): compute a transposed convolution.
        output_padding (list of ints): extra size on one side of a transposed output.
        groups (int): the number of blocked connections from input to output channels.

    Differs from PyTorch: only 1-D and 2-D convolutions exist (a 3-D one raises
    ``NotImplementedError``).

    Example::

        >>> x = torch.zeros(1, 2, 5, 5)
        >>> torch.convolution(x, torch.zeros(3, 2, 3, 3), None, [1, 1], [1, 1], [1, 1],
        ...                   False, [0, 0], 1).shape
        numtensor.Size([1, 3, 5, 5])
        >>> torch.convolution(x, torch.zeros(2, 3, 3, 3), None, [2, 2], [0, 0], [1, 1],
        ...                   True, [0, 0], 1).shape
        numtensor.Size([1, 3, 11, 11])
    """
    spatial = input.ndim - 2
    if spatial not in (1, 2):
        raise NotImplementedError(
            f"convolution: numtensor has 1-D and 2-D convolutions, got {spatial}-D"
        )

    def arg(v):
        return tuple(v) if isinstance(v, (list, tuple)) else v

    if transposed:
        fn = F.conv_transpose1d if spatial == 1 else F.conv_transpose2d
        return fn(
            input, weight, bias, arg(stride), arg(padding), arg(output_padding), groups,
            arg(dilation),
        )  # fmt: skip
    fn = F.conv1d if spatial == 1 else F.conv2d
    return fn(input, weight, bias, arg(stride), arg(padding), arg(dilation), groups)


def constant_pad_nd(input, pad, value=0):
    r"""Pads ``input`` with the constant ``value``:
    ``nn.functional.pad(input, pad, "constant", value)``.

    ``pad`` lists (before, after) amounts starting from the last dimension:
    ``(left, right)`` pads the last dim, ``(left, right, top, bottom)`` the last two, and so
    on. Negative amounts crop.

    Args:
        input (Tensor): the tensor to pad.
        pad (list or tuple of ints): the padding sizes, an even number of them.
        value (number): the fill value. Default: 0.

    Example::

        >>> torch.constant_pad_nd(torch.tensor([[1, 2], [3, 4]]), [1, 0], 9)
        tensor([[9, 1, 2],
                [9, 3, 4]])
        >>> torch.constant_pad_nd(torch.ones(2, 2), (0, 1, 1, 0))
        tensor([[0., 0., 0.],
                [1., 1., 0.],
                [1., 1., 0.]])
    """
    return F.pad(input, tuple(pad), "constant", value)
