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
    """1-D convolution over [N, C_in, L] (or [C_in, L]) by a [C_out, C_in/groups, k] weight:
    stride, padding (int, 'same', 'valid'), dilation, groups and padding_mode ('zeros',
    'reflect', 'replicate', 'circular')."""

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
    """2-D convolution over [N, C_in, H, W] (or [C_in, H, W]) by a [C_out, C_in/groups, kH, kW]
    weight: stride, padding (int, pair, 'same', 'valid'), dilation, groups and padding_mode
    ('zeros', 'reflect', 'replicate', 'circular')."""

    dims = 2


class Conv3d(_ConvNd):
    """3-D convolution over [N, C_in, D, H, W] (or [C_in, D, H, W]) by a
    [C_out, C_in/groups, kD, kH, kW] weight: stride, padding (int, triple, 'same', 'valid'),
    dilation, groups and padding_mode ('zeros', 'reflect', 'replicate', 'circular').

    Example: ``nn.Conv3d(2, 4, 3, padding=1)(torch.randn(1, 2, 5, 5, 5)).shape`` is
    ``(1, 4, 5, 5, 5)``.
    """

    dims = 3


class MaxPool2d(Module):
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
        """running_mean to 0, running_var to 1, num_batches_tracked to 0."""
        if self.track_running_stats:
            self.running_mean.zero_()
            self.running_var.fill_(1)
            self.num_batches_tracked.zero_()

    def reset_parameters(self) -> None:
        """The running statistics reset, weight to 1 and bias to 0."""
        self.reset_running_stats()
        if self.affine:
            init.ones_(self.weight)
            if self.bias is not None:
                init.zeros_(self.bias)

    def _check_input_dim(self, x) -> None:
        raise NotImplementedError

    def forward(self, input):
        self._check_input_dim(input)
        reduce = (0,) + tuple(range(2, input.ndim))
        shape = [1, input.shape[1]] + [1] * (input.ndim - 2)
        use_batch = self.training or not self.track_running_stats
        if use_batch:
            mean = input.mean(reduce)
            var = input.var(reduce, unbiased=False)
            if self.training and self.track_running_stats:
                n = input.numel() // self.num_features
                with _nt.no_grad():
                    self.num_batches_tracked.add_(1)
                    m = (
                        1.0 / self.num_batches_tracked.item()
                        if self.momentum is None
                        else self.momentum
                    )
                    unbiased = var.detach() * (n / max(n - 1, 1))
                    self.running_mean.mul_(1 - m).add_(mean.detach() * m)
                    self.running_var.mul_(1 - m).add_(unbiased * m)
        else:
            mean, var = self.running_mean, self.running_var
        out = (input - mean.reshape(shape)) / (var.reshape(shape) + self.eps).sqrt()
        if self.weight is not None:
            out = out * self.weight.reshape(shape)
        if self.bias is not None:
            out = out + self.bias.reshape(shape)
        return out

    def extra_repr(self) -> str:
        return (
            f"{self.num_features}, eps={self.eps}, momentum={self.momentum}, "
            f"affine={self.affine}, bias={self.bias is not None}, "
            f"track_running_stats={self.track_running_stats}"
        )


class BatchNorm1d(_BatchNorm):
    def _check_input_dim(self, x) -> None:
        if x.ndim not in (2, 3):
            raise ValueError(f"expected 2D or 3D input (got {x.ndim}D input)")


class BatchNorm2d(_BatchNorm):
    def _check_input_dim(self, x) -> None:
        if x.ndim != 4:
            raise ValueError(f"expected 4D input (got {x.ndim}D input)")


class BatchNorm3d(_BatchNorm):
    """Batch normalisation over [N, C, D, H, W]: each channel normalised by its batch
    statistics in training (running averages kept) or its running ones in eval mode.

    Example: ``nn.BatchNorm3d(4)(torch.randn(2, 4, 3, 3, 3)).shape`` is ``(2, 4, 3, 3, 3)``.
    """

    def _check_input_dim(self, x) -> None:
        if x.ndim != 5:
            raise ValueError(f"expected 5D input (got {x.ndim}D input)")
