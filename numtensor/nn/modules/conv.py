"""Convolution, pooling and batch-norm layers."""

from __future__ import annotations

import numtensor as _nt

from ...ops import conv as _conv
from .. import functional as F
from .. import init
from ..parameter import Parameter
from .module import Module
from .normalization import affine_parameters, running_stats


def _ntuple(v, n: int) -> tuple:
    return (v,) * n if isinstance(v, int) else tuple(v)


class _ConvNd(Module):
    """What Conv1d/2d/3d share: PyTorch's arguments, checks, attributes, initialisation
    (kaiming_uniform_ with a=sqrt(5), bias uniform in +-1/sqrt(fan_in)) and repr."""

    dims = 2
    transposed = False

    def __init__(
        self,
        in_channels: int,
        out_channels: int,
        kernel_size,
        stride=1,
        padding=0,
        dilation=1,
        groups: int = 1,
        bias: bool = True,
        padding_mode: str = "zeros",
        device=None,
        dtype=None,
    ) -> None:
        super().__init__()
        dims = self.dims
        if groups <= 0:
            raise ValueError("groups must be a positive integer")
        if in_channels % groups:
            raise ValueError("in_channels must be divisible by groups")
        if out_channels % groups:
            raise ValueError("out_channels must be divisible by groups")
        stride = _ntuple(stride, dims)
        if isinstance(padding, str):
            if padding not in ("same", "valid"):
                raise ValueError(
                    f"Invalid padding string {padding!r}, should be one of {{'same', 'valid'}}"
                )
            if padding == "same" and any(s != 1 for s in stride):
                raise ValueError("padding='same' is not supported for strided convolutions")
        modes = ("zeros", "reflect", "replicate", "circular")
        if padding_mode not in modes:
            raise ValueError(
                f"padding_mode must be one of {set(modes)}, but got padding_mode='{padding_mode}'"
            )
        self.in_channels, self.out_channels, self.groups = in_channels, out_channels, groups
        self.kernel_size, self.stride = _ntuple(kernel_size, dims), stride
        self.padding = padding if isinstance(padding, str) else _ntuple(padding, dims)
        self.dilation = _ntuple(dilation, dims)
        self.output_padding = (0,) * dims
        self.padding_mode = padding_mode
        # F.pad's widths for the non-zero padding modes (last axis first; 'same' puts the odd
        # one at the end)
        widths = []
        for axis in reversed(range(dims)):
            if padding == "same":
                total = self.dilation[axis] * (self.kernel_size[axis] - 1)
                widths += [total // 2, total - total // 2]
            elif padding == "valid":
                widths += [0, 0]
            else:
                widths += [self.padding[axis]] * 2
        self._reversed_padding_repeated_twice = widths
        factory = {"device": device, "dtype": dtype}
        self.weight = Parameter(
            _nt.empty(out_channels, in_channels // groups, *self.kernel_size, **factory)
        )
        if bias:
            self.bias = Parameter(_nt.empty(out_channels, **factory))
        else:
            self.register_parameter("bias", None)
        self.reset_parameters()

    def reset_parameters(self) -> None:
        init.default_layer_init_(self.weight, self.bias)

    def _conv_forward(self, input, weight, bias):
        """The functional convolution, after F.pad for the non-zero padding modes."""
        fn = (_conv.conv1d, _conv.conv2d, F.conv3d)[self.dims - 1]
        if self.padding_mode != "zeros":
            padded = F.pad(input, self._reversed_padding_repeated_twice, mode=self.padding_mode)
            return fn(padded, weight, bias, self.stride, 0, self.dilation, self.groups)
        return fn(input, weight, bias, self.stride, self.padding, self.dilation, self.groups)

    def forward(self, input):
        return self._conv_forward(input, self.weight, self.bias)

    def extra_repr(self) -> str:
        text = (
            f"{self.in_channels}, {self.out_channels}, kernel_size={self.kernel_size}, "
            f"stride={self.stride}"
        )
        if isinstance(self.padding, str) or self.padding != (0,) * len(self.padding):
            text += f", padding={self.padding}"
        if self.dilation != (1,) * len(self.dilation):
            text += f", dilation={self.dilation}"
        if self.output_padding != (0,) * len(self.output_padding):
            text += f", output_padding={self.output_padding}"
        if self.groups != 1:
            text += f", groups={self.groups}"
        if self.bias is None:
            text += ", bias=False"
        if self.padding_mode != "zeros":
            text += f", padding_mode={self.padding_mode}"
        return text


class Conv1d(_ConvNd):
    r"""Applies a 1-D convolution (a cross-correlation) over an input of several channels:
    ``out[n, j] = bias[j] + sum_k weight[j, k] * input[n, k]`` slid along the length,
    with ``stride``, ``padding``, ``dilation`` and ``groups``.

    Args:
        in_channels (int): number of channels of the input.
        out_channels (int): number of channels produced.
        kernel_size (int or tuple): size of the convolving kernel.
        stride (int or tuple): stride of the convolution. Default: 1.
        padding (int, tuple or str): padding added to both sides, or ``'valid'`` / ``'same'``.
            Default: 0.
        dilation (int or tuple): spacing between kernel elements. Default: 1.
        groups (int): number of blocked connections from input to output channels.
            Default: 1.
        bias (bool): learn an additive bias. Default: ``True``.
        padding_mode (str): ``'zeros'``, ``'reflect'``, ``'replicate'`` or ``'circular'``.
            Default: ``'zeros'``.
        device, dtype: where and in which floating dtype the parameters are created.

    Shape:
        - Input: :math:`(N, C_{in}, L_{in})` or :math:`(C_{in}, L_{in})`.
        - Output: :math:`(N, C_{out}, L_{out})` with
          :math:`L_{out} = floor((L_{in} + 2 p - d (k - 1) - 1) / s + 1)`.

    Attributes:
        weight (Tensor): shape ``(out_channels, in_channels / groups, kernel_size)``, from
            U(-k, k) with k = sqrt(groups / (in_channels * kernel_size)).
        bias (Tensor): shape ``(out_channels,)``, from U(-k, k).

    Example::

        >>> m = torch.nn.Conv1d(16, 33, 3, stride=2)
        >>> m(torch.randn(20, 16, 50)).shape
        numtensor.Size([20, 33, 24])
    """

    dims = 1

    def _conv_forward(self, input, weight, bias):
        if self.padding_mode != "zeros":
            padded = F.pad(input, self._reversed_padding_repeated_twice, mode=self.padding_mode)
            return _conv.conv1d(padded, weight, bias, self.stride[0], 0, self.dilation[0],
                                self.groups)  # fmt: skip
        padding = self.padding if isinstance(self.padding, str) else self.padding[0]
        return _conv.conv1d(input, weight, bias, self.stride[0], padding, self.dilation[0],
                            self.groups)  # fmt: skip


class Conv2d(_ConvNd):
    r"""Applies a 2-D convolution (a cross-correlation) over an input of several channels:
    ``out[n, j] = bias[j] + sum_k weight[j, k] * input[n, k]`` slid over height and width,
    with ``stride``, ``padding``, ``dilation`` and ``groups``.

    Args:
        in_channels (int): number of channels of the input.
        out_channels (int): number of channels produced.
        kernel_size (int or tuple): size of the convolving kernel.
        stride (int or tuple): stride of the convolution. Default: 1.
        padding (int, tuple or str): padding added to all four sides, or ``'valid'`` /
            ``'same'``. Default: 0.
        dilation (int or tuple): spacing between kernel elements. Default: 1.
        groups (int): number of blocked connections from input to output channels.
            Default: 1.
        bias (bool): learn an additive bias. Default: ``True``.
        padding_mode (str): ``'zeros'``, ``'reflect'``, ``'replicate'`` or ``'circular'``.
            Default: ``'zeros'``.
        device, dtype: where and in which floating dtype the parameters are created.

    Shape:
        - Input: :math:`(N, C_{in}, H_{in}, W_{in})` or :math:`(C_{in}, H_{in}, W_{in})`.
        - Output: :math:`(N, C_{out}, H_{out}, W_{out})` with, per spatial dim,
          :math:`H_{out} = floor((H_{in} + 2 p - d (k - 1) - 1) / s + 1)`.

    Attributes:
        weight (Tensor): shape ``(out_channels, in_channels / groups, kH, kW)``, from U(-k, k)
            with k = sqrt(groups / (in_channels * kH * kW)).
        bias (Tensor): shape ``(out_channels,)``, from U(-k, k).

    Example::

        >>> m = torch.nn.Conv2d(16, 33, 3, stride=2)
        >>> m(torch.randn(20, 16, 50, 100)).shape
        numtensor.Size([20, 33, 24, 49])
        >>> m = torch.nn.Conv2d(1, 1, 2, bias=False)
        >>> with torch.no_grad():
        ...     _ = m.weight.fill_(1.0)
        >>> m(torch.arange(9.).reshape(1, 1, 3, 3)).detach()
        tensor([[[[ 8., 12.],
                  [20., 24.]]]])
    """

    dims = 2


class Conv3d(_ConvNd):
    r"""Applies a 3-D convolution (a cross-correlation) over an input of several channels,
    sliding the kernel over depth, height and width (``stride``, ``padding``,
    ``dilation``, ``groups``, ``padding_mode`` as in :class:`Conv2d`).

    Args:
        in_channels (int): number of channels of the input.
        out_channels (int): number of channels produced.
        kernel_size (int or tuple): size of the convolving kernel.
        stride, padding, dilation, groups, bias, padding_mode, device, dtype: as in
            :class:`Conv2d`.

    Shape:
        - Input: :math:`(N, C_{in}, D_{in}, H_{in}, W_{in})` or without the batch dim.
        - Output: :math:`(N, C_{out}, D_{out}, H_{out}, W_{out})`, each spatial size
          :math:`floor((S_{in} + 2 p - d (k - 1) - 1) / s + 1)`.

    Attributes:
        weight (Tensor): shape ``(out_channels, in_channels / groups, kD, kH, kW)``, from
            U(-k, k) with k = sqrt(groups / (in_channels * kD * kH * kW)).
        bias (Tensor): shape ``(out_channels,)``, from U(-k, k).

    Example::

        >>> m = torch.nn.Conv3d(4, 6, (3, 3, 2), stride=(2, 1, 1), padding=(1, 0, 0))
        >>> m(torch.randn(2, 4, 6, 5, 5)).shape
        numtensor.Size([2, 6, 3, 3, 4])
    """

    dims = 3


class MaxPool2d(Module):
    r"""Applies a 2-D max pooling: each output element is the maximum of a
    ``kernel_size`` window of its channel, windows ``stride`` apart.

    Args:
        kernel_size (int or tuple): the window size.
        stride (int or tuple, optional): the window stride. Default: ``kernel_size``.
        padding (int or tuple): implicit negative-infinity padding on both sides. Default: 0.
        dilation (int or tuple): spacing between window elements. Default: 1.
        return_indices (bool): also return the flat indices of the maxima (for
            :class:`MaxUnpool2d`). Default: ``False``.
        ceil_mode (bool): use ceil instead of floor for the output size. Default: ``False``.

    Shape:
        - Input: :math:`(N, C, H_{in}, W_{in})` or :math:`(C, H_{in}, W_{in})`.
        - Output: :math:`(N, C, H_{out}, W_{out})`,
          :math:`H_{out} = floor((H_{in} + 2 p - d (k - 1) - 1) / s + 1)`.

    Example::

        >>> m = torch.nn.MaxPool2d(2)
        >>> m(torch.arange(16.).reshape(1, 1, 4, 4))
        tensor([[[[ 5.,  7.],
                  [13., 15.]]]])
        >>> torch.nn.MaxPool2d(3, stride=2)(torch.randn(20, 16, 50, 32)).shape
        numtensor.Size([20, 16, 24, 15])
    """

    def __init__(
        self,
        kernel_size,
        stride=None,
        padding=0,
        dilation=1,
        return_indices: bool = False,
        ceil_mode: bool = False,
    ) -> None:
        super().__init__()
        self.kernel_size, self.stride = kernel_size, stride if stride is not None else kernel_size
        self.padding, self.dilation = padding, dilation
        self.return_indices, self.ceil_mode = return_indices, ceil_mode

    def forward(self, input):
        return _conv.max_pool2d(
            input,
            self.kernel_size,
            self.stride,
            self.padding,
            self.dilation,
            self.ceil_mode,
            self.return_indices,
        )

    def extra_repr(self) -> str:
        return (
            f"kernel_size={self.kernel_size}, stride={self.stride}, padding={self.padding}, "
            f"dilation={self.dilation}, ceil_mode={self.ceil_mode}"
        )


class AvgPool2d(Module):
    r"""Applies a 2-D average pooling: each output element is the mean of a ``kernel_size``
    window of its channel, windows ``stride`` apart.

    Args:
        kernel_size (int or tuple): the window size.
        stride (int or tuple, optional): the window stride. Default: ``kernel_size``.
        padding (int or tuple): implicit zero padding on both sides. Default: 0.
        ceil_mode (bool): use ceil instead of floor for the output size. Default: ``False``.
        count_include_pad (bool): count the zero padding in the mean's divisor.
            Default: ``True``.
        divisor_override (int, optional): divide by this instead of the window size.

    Shape:
        - Input: :math:`(N, C, H_{in}, W_{in})` or :math:`(C, H_{in}, W_{in})`.
        - Output: :math:`(N, C, H_{out}, W_{out})`,
          :math:`H_{out} = floor((H_{in} + 2 p - k) / s + 1)`.

    Example::

        >>> m = torch.nn.AvgPool2d(2)
        >>> m(torch.arange(16.).reshape(1, 1, 4, 4))
        tensor([[[[ 2.5000,  4.5000],
                  [10.5000, 12.5000]]]])
    """

    def __init__(
        self,
        kernel_size,
        stride=None,
        padding=0,
        ceil_mode: bool = False,
        count_include_pad: bool = True,
        divisor_override=None,
    ) -> None:
        super().__init__()
        self.kernel_size, self.stride = kernel_size, stride if stride is not None else kernel_size
        self.padding, self.ceil_mode = padding, ceil_mode
        self.count_include_pad, self.divisor_override = count_include_pad, divisor_override

    def forward(self, input):
        return _conv.avg_pool2d(
            input,
            self.kernel_size,
            self.stride,
            self.padding,
            self.ceil_mode,
            self.count_include_pad,
            self.divisor_override,
        )

    def extra_repr(self) -> str:
        return f"kernel_size={self.kernel_size}, stride={self.stride}, padding={self.padding}"


class AdaptiveAvgPool2d(Module):
    r"""Applies a 2-D adaptive average pooling: the output has size ``output_size`` whatever
    the input's, each element the mean of a window computed from the sizes.

    Args:
        output_size (int or tuple): the target ``(H, W)`` (``None`` keeps that input size).

    Shape:
        - Input: :math:`(N, C, H_{in}, W_{in})` or :math:`(C, H_{in}, W_{in})`.
        - Output: :math:`(N, C, H, W)` with ``(H, W) = output_size``.

    Example::

        >>> m = torch.nn.AdaptiveAvgPool2d((5, 7))
        >>> m(torch.randn(1, 64, 8, 9)).shape
        numtensor.Size([1, 64, 5, 7])
        >>> torch.nn.AdaptiveAvgPool2d(1)(torch.arange(4.).reshape(1, 1, 2, 2))
        tensor([[[[1.5000]]]])
    """

    def __init__(self, output_size) -> None:
        super().__init__()
        self.output_size = output_size

    def forward(self, input):
        return _conv.adaptive_avg_pool2d(input, self.output_size)

    def extra_repr(self) -> str:
        return f"output_size={self.output_size}"


class _BatchNorm(Module):
    """Batch statistics in training (running averages updated with the unbiased variance),
    running statistics in eval mode."""

    dims = 2

    def __init__(
        self,
        num_features: int,
        eps: float = 1e-5,
        momentum: float | None = 0.1,
        affine: bool = True,
        track_running_stats: bool = True,
        device=None,
        dtype=None,
        *,
        bias: bool = True,
    ) -> None:
        super().__init__()
        self.num_features, self.eps, self.momentum = num_features, eps, momentum
        self.affine, self.track_running_stats = affine, track_running_stats
        factory = {"device": device, "dtype": dtype}
        affine_parameters(self, num_features, affine, bias, factory)
        running_stats(self, num_features, track_running_stats, factory)

    def reset_running_stats(self) -> None:
        r"""Resets ``running_mean`` to 0, ``running_var`` to 1 and ``num_batches_tracked`` to 0.

        Example::

            >>> bn = torch.nn.BatchNorm1d(2)
            >>> _ = bn(torch.tensor([[1., 2.], [3., 6.]]))
            >>> bn.reset_running_stats()
            >>> bn.running_mean
            tensor([0., 0.])
        """
        if self.track_running_stats:
            self.running_mean.zero_()
            self.running_var.fill_(1)
            self.num_batches_tracked.zero_()

    def reset_parameters(self) -> None:
        r"""Resets the running statistics, ``weight`` to ones and ``bias`` to zeros.

        Example::

            >>> bn = torch.nn.BatchNorm1d(2)
            >>> bn.reset_parameters()
            >>> bn.weight
            Parameter containing:
            tensor([1., 1.], requires_grad=True)
        """
        self.reset_running_stats()
        if self.affine:
            init.ones_(self.weight)
            if self.bias is not None:
                init.zeros_(self.bias)

    def _check_input_dim(self, x) -> None:
        raise NotImplementedError

    def forward(self, input):
        self._check_input_dim(input)
        factor = 0.0 if self.momentum is None else self.momentum
        if self.training and self.track_running_stats and self.num_batches_tracked is not None:
            with _nt.no_grad():
                self.num_batches_tracked.add_(1)
            if self.momentum is None:  # a cumulative moving average
                factor = 1.0 / float(self.num_batches_tracked.item())
        # PyTorch's rule: batch statistics in training, or when there are no running ones
        use_batch = self.training or (self.running_mean is None and self.running_var is None)
        keep = not self.training or self.track_running_stats
        return F.batch_norm(
            input,
            self.running_mean if keep else None,
            self.running_var if keep else None,
            self.weight,
            self.bias,
            use_batch,
            factor,
            self.eps,
        )

    def extra_repr(self) -> str:
        return (
            f"{self.num_features}, eps={self.eps}, momentum={self.momentum}, "
            f"affine={self.affine}, bias={self.bias is not None}, "
            f"track_running_stats={self.track_running_stats}"
        )


class BatchNorm1d(_BatchNorm):
    r"""Batch normalisation over a 2-D or 3-D input:
    ``y = (x - E[x]) / sqrt(Var[x] + eps) * weight + bias`` per channel (dim 1).

    In training mode the mean and biased variance are those of the batch (over N, and L),
    and ``running_mean`` / ``running_var`` are updated as
    ``running = (1 - momentum) * running + momentum * batch_stat`` (with the unbiased
    variance; ``momentum=None`` takes a cumulative average). In eval mode the running
    statistics normalise.

    Args:
        num_features (int): number of channels :math:`C`.
        eps (float): added to the variance for numerical stability. Default: 1e-5.
        momentum (float or None): the running statistics' update factor. Default: 0.1.
        affine (bool): learn per-channel ``weight`` and ``bias``. Default: ``True``.
        track_running_stats (bool): keep running statistics (otherwise batch statistics
            are used in eval mode too). Default: ``True``.
        device, dtype: where and in which floating dtype parameters and buffers are made.

    Shape:
        - Input: :math:`(N, C)` or :math:`(N, C, L)`; Output: same shape.

    Attributes:
        weight (Tensor): shape ``(C,)``, ones. bias (Tensor): shape ``(C,)``, zeros.
        running_mean, running_var (Tensor): buffers of shape ``(C,)``, zeros and ones.
        num_batches_tracked (Tensor): int64 buffer, batches seen in training.

    Example::

        >>> m = torch.nn.BatchNorm1d(2)
        >>> m(torch.tensor([[1., 2.], [3., 6.]])).detach()
        tensor([[-1.0000, -1.0000],
                [ 1.0000,  1.0000]])
        >>> m.running_mean
        tensor([0.2000, 0.4000])
    """

    def _check_input_dim(self, x) -> None:
        if x.ndim not in (2, 3):
            raise ValueError(f"expected 2D or 3D input (got {x.ndim}D input)")


class BatchNorm2d(_BatchNorm):
    r"""Batch normalisation over a 4-D input :math:`(N, C, H, W)`:
    ``y = (x - E[x]) / sqrt(Var[x] + eps) * weight + bias`` per channel, the statistics
    taken over N, H and W.

    In training mode the batch's mean and biased variance normalise and update
    ``running_mean`` / ``running_var`` (``running = (1 - momentum) * running + momentum *
    batch_stat``, unbiased variance); in eval mode the running statistics normalise.

    Args:
        num_features (int): number of channels :math:`C`.
        eps (float): added to the variance for numerical stability. Default: 1e-5.
        momentum (float or None): the running statistics' update factor (``None``: a
            cumulative average). Default: 0.1.
        affine (bool): learn per-channel ``weight`` and ``bias``. Default: ``True``.
        track_running_stats (bool): keep running statistics. Default: ``True``.
        device, dtype: where and in which floating dtype parameters and buffers are made.

    Shape:
        - Input: :math:`(N, C, H, W)`; Output: same shape.

    Attributes:
        weight (Tensor): shape ``(C,)``, ones. bias (Tensor): shape ``(C,)``, zeros.
        running_mean, running_var (Tensor): buffers of shape ``(C,)``, zeros and ones.
        num_batches_tracked (Tensor): int64 buffer, batches seen in training.

    Example::

        >>> m = torch.nn.BatchNorm2d(100)
        >>> m(torch.randn(20, 100, 35, 45)).shape
        numtensor.Size([20, 100, 35, 45])
        >>> m = torch.nn.BatchNorm2d(1).eval()
        >>> m(torch.tensor([[[[1., 2.]]]])).detach()
        tensor([[[[1.0000, 2.0000]]]])
    """

    def _check_input_dim(self, x) -> None:
        if x.ndim != 4:
            raise ValueError(f"expected 4D input (got {x.ndim}D input)")


class BatchNorm3d(_BatchNorm):
    r"""Batch normalisation over a 5-D input :math:`(N, C, D, H, W)`:
    ``y = (x - E[x]) / sqrt(Var[x] + eps) * weight + bias`` per channel, the statistics
    taken over N, D, H and W (running statistics as in :class:`BatchNorm2d`).

    Args:
        num_features (int): number of channels :math:`C`.
        eps, momentum, affine, track_running_stats, device, dtype: as in
            :class:`BatchNorm2d`.

    Shape:
        - Input: :math:`(N, C, D, H, W)`; Output: same shape.

    Attributes:
        weight, bias (Tensor): shape ``(C,)``, ones and zeros.
        running_mean, running_var, num_batches_tracked: buffers as in :class:`BatchNorm2d`.

    Example::

        >>> m = torch.nn.BatchNorm3d(3, affine=False)
        >>> m(torch.randn(2, 3, 2, 4, 4)).shape
        numtensor.Size([2, 3, 2, 4, 4])
    """

    def _check_input_dim(self, x) -> None:
        if x.ndim != 5:
            raise ValueError(f"expected 5D input (got {x.ndim}D input)")
