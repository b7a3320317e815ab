"""Window functions for signal processing: bartlett, blackman, hamming, hann and kaiser.

Each is computed as PyTorch computes it (the same arithmetic in the requested dtype): a
``window_length + 1`` symmetric window cut to ``window_length`` when ``periodic`` is True.
"""

from __future__ import annotations

import math

from .._dtype import check_dtype, get_default_dtype, type_name
from .._tensor_base import Tensor
from .creation import arange, ones, tensor
from .registry import op


def _start(name: str, window_length: int, dtype, device, requires_grad: bool):
    """(dtype, or None when the window is trivially empty or [1.])."""
    d = check_dtype(get_default_dtype() if dtype is None else dtype)
    if not d.is_floating_point:
        raise RuntimeError(
            f"{name} expects floating point dtypes, got: TensorOptions(dtype="
            f"{_C_NAMES.get(type_name(d), type_name(d))}, device={device or 'cpu'}, layout="
            "Strided (default), requires_grad=false (default), pinned_memory=false, "
            "memory_format=(nullopt))"
        )
    if window_length < 0:
        raise RuntimeError(
            f"{name} requires non-negative window_length, got window_length={window_length}"
        )
    return d


_C_NAMES = {
    "Long": "long int",
    "Int": "int",
    "Short": "short int",
    "Char": "signed char",
    "Byte": "unsigned char",
}


def _trivial(window_length: int, d, device, requires_grad: bool) -> Tensor | None:
    if window_length == 0:
        return _done(tensor([], dtype=d, device=device), requires_grad)
    if window_length == 1:
        return _done(ones(1, dtype=d, device=device), requires_grad)
    return None


def _done(window: Tensor, requires_grad: bool) -> Tensor:
    if requires_grad:
        window.requires_grad_(True)
    return window


def _cut(window: Tensor, periodic: bool, requires_grad: bool) -> Tensor:
    window = window[:-1].contiguous() if periodic else window
    return _done(window, requires_grad)


def _hamming(name, window_length, periodic, alpha, beta, dtype, device, requires_grad):
    d = _start(name, window_length, dtype, device, requires_grad)
    trivial = _trivial(window_length, d, device, requires_grad)
    if trivial is not None:
        return trivial
    n = window_length + 1 if periodic else window_length
    window = arange(n, dtype=d, device=device)
    window = (window * (math.pi * 2.0 / (n - 1))).cos() * -beta + alpha
    return _cut(window, periodic, requires_grad)


@op("hann_window", method=False)
def hann_window(
    window_length: int, periodic: bool = True, *, dtype=None, layout=None, device=None,
    requires_grad: bool = False,
) -> Tensor:  # fmt: skip
    r"""Hann window function.

    .. math::
        w[n] = \frac{1}{2} \left[1 - \cos\left(\frac{2 \pi n}{N - 1}\right)\right]
        = \sin^2\left(\frac{\pi n}{N - 1}\right)

    where :math:`N` is the full window size (``window_length + 1`` when periodic).

    Args:
        window_length (int): the size of the returned window.
        periodic (bool): if ``True``, returns a window to be used as periodic function (the
            first ``window_length`` values of a window of ``window_length + 1``); if
            ``False``, a symmetric window. Default: ``True``.

    Keyword args:
        dtype (:class:`numtensor.dtype`, optional): a floating dtype. Default: the default
            dtype.
        device (:class:`numtensor.device`, optional): the desired device.
        requires_grad (bool): whether autograd records operations on the result.
        layout: accepted for compatibility.

    Returns:
        Tensor: a 1-D tensor of size ``window_length`` (``[1.]`` for a length of 1).

    Example::

        >>> torch.hann_window(5)
        tensor([0.0000, 0.3455, 0.9045, 0.9045, 0.3455])
        >>> torch.hann_window(5, periodic=False)
        tensor([0.0000, 0.5000, 1.0000, 0.5000, 0.0000])
    """
    return _hamming("hann_window", window_length, periodic, 0.5, 0.5, dtype, device, requires_grad)


@op("hamming_window", method=False)
def hamming_window(
    window_length: int, periodic: bool = True, alpha: float = 0.54, beta: float = 0.46, *,
    dtype=None, layout=None, device=None, requires_grad: bool = False,
) -> Tensor:  # fmt: skip
    r"""Hamming window function.

    .. math::
        w[n] = \alpha - \beta \cos\left(\frac{2 \pi n}{N - 1}\right)

    where :math:`N` is the full window size (``window_length + 1`` when periodic). With
    ``alpha=0.5, beta=0.5`` it is :func:`hann_window`.

    Args:
        window_length (int): the size of the returned window.
        periodic (bool): if ``True``, returns a window to be used as periodic function (the
            first ``window_length`` values of a window of ``window_length + 1``); if
            ``False``, a symmetric window. Default: ``True``.
        alpha (float): the coefficient :math:`\alpha`. Default: ``0.54``.
        beta (float): the coefficient :math:`\beta`. Default: ``0.46``.

    Keyword args:
        dtype (:class:`numtensor.dtype`, optional): a floating dtype. Default: the default
            dtype.
        device (:class:`numtensor.device`, optional): the desired device.
        requires_grad (bool): whether autograd records operations on the result.
        layout: accepted for compatibility.

    Returns:
        Tensor: a 1-D tensor of size ``window_length`` (``[1.]`` for a length of 1).

    Example::

        >>> torch.hamming_window(4)
        tensor([0.0800, 0.5400, 1.0000, 0.5400])
    """
    return _hamming(
        "hamming_window", window_length, periodic, alpha, beta, dtype, device, requires_grad
    )


@op("bartlett_window", method=False)
def bartlett_window(
    window_length: int, periodic: bool = True, *, dtype=None, layout=None, device=None,
    requires_grad: bool = False,
) -> Tensor:  # fmt: skip
    r"""Bartlett window function (triangular).

    .. math::
        w[n] = 1 - \left| \frac{2n}{N - 1} - 1 \right|

    where :math:`N` is the full window size (``window_length + 1`` when periodic).

    Args:
        window_length (int): the size of the returned window.
        periodic (bool): if ``True``, returns a window to be used as periodic function (the
            first ``window_length`` values of a window of ``window_length + 1``); if
            ``False``, a symmetric window. Default: ``True``.

    Keyword args:
        dtype (:class:`numtensor.dtype`, optional): a floating dtype. Default: the default
            dtype.
        device (:class:`numtensor.device`, optional): the desired device.
        requires_grad (bool): whether autograd records operations on the result.
        layout: accepted for compatibility.

    Returns:
        Tensor: a 1-D tensor of size ``window_length`` (``[1.]`` for a length of 1).

    Example::

        >>> torch.bartlett_window(5)
        tensor([0.0000, 0.4000, 0.8000, 0.8000, 0.4000])
    """
    d = _start("bartlett_window", window_length, dtype, device, requires_grad)
    trivial = _trivial(window_length, d, device, requires_grad)
    if trivial is not None:
        return trivial
    n = window_length + 1 if periodic else window_length
    window = arange(n, dtype=d, device=device) * (2.0 / (n - 1))
    first_half = ((n - 1) >> 1) + 1
    window[first_half:] = window[first_half:] * -1 + 2
    return _cut(window, periodic, requires_grad)


@op("blackman_window", method=False)
def blackman_window(
    window_length: int, periodic: bool = True, *, dtype=None, layout=None, device=None,
    requires_grad: bool = False,
) -> Tensor:  # fmt: skip
    r"""Blackman window function.

    .. math::
        w[n] = 0.42 - 0.5 \cos\left(\frac{2 \pi n}{N - 1}\right) +
        0.08 \cos\left(\frac{4 \pi n}{N - 1}\right)

    where :math:`N` is the full window size (``window_length + 1`` when periodic).

    Args:
        window_length (int): the size of the returned window.
        periodic (bool): if ``True``, returns a window to be used as periodic function (the
            first ``window_length`` values of a window of ``window_length + 1``); if
            ``False``, a symmetric window. Default: ``True``.

    Keyword args:
        dtype (:class:`numtensor.dtype`, optional): a floating dtype. Default: the default
            dtype.
        device (:class:`numtensor.device`, optional): the desired device.
        requires_grad (bool): whether autograd records operations on the result.
        layout: accepted for compatibility.

    Returns:
        Tensor: a 1-D tensor of size ``window_length`` (``[1.]`` for a length of 1).

    Example::

        >>> torch.blackman_window(5).shape
        numtensor.Size([5])
        >>> torch.blackman_window(3, periodic=False)[1]
        tensor(1.)
    """
    d = _start("blackman_window", window_length, dtype, device, requires_grad)
    trivial = _trivial(window_length, d, device, requires_grad)
    if trivial is not None:
        return trivial
    n = window_length + 1 if periodic else window_length
    window = arange(n, dtype=d, device=device) * (math.pi / (n - 1))
    window = (window * 4).cos() * 0.08 - (window * 2).cos() * 0.5 + 0.42
    return _cut(window, periodic, requires_grad)


@op("kaiser_window", method=False)
def kaiser_window(
    window_length: int, periodic: bool = True, beta: float = 12.0, *, dtype=None, layout=None,
    device=None, requires_grad: bool = False,
) -> Tensor:  # fmt: skip
    r"""Computes the Kaiser window with window length ``window_length`` and shape parameter
    ``beta``.

    .. math::
        w[n] = I_0\left(\beta \sqrt{1 - \left(\frac{n - N/2}{N/2}\right)^2}\right)
        / I_0(\beta)

    where :math:`I_0` is the zeroth order modified Bessel function of the first kind (see
    :func:`i0`) and :math:`N = L - 1` for a symmetric window of length :math:`L`
    (``window_length + 1`` when periodic).

    Args:
        window_length (int): the size of the returned window.
        periodic (bool): if ``True``, returns a window to be used as periodic function (the
            first ``window_length`` values of a window of ``window_length + 1``); if
            ``False``, a symmetric window. Default: ``True``.
        beta (float): the shape parameter. Default: ``12.0``.

    Keyword args:
        dtype (:class:`numtensor.dtype`, optional): a floating dtype. Default: the default
            dtype.
        device (:class:`numtensor.device`, optional): the desired device.
        requires_grad (bool): whether autograd records operations on the result.
        layout: accepted for compatibility.

    Returns:
        Tensor: a 1-D tensor of size ``window_length`` (``[1.]`` for a length of 1).

    Example::

        >>> torch.kaiser_window(4)
        tensor([5.2773e-05, 2.1567e-01, 1.0000e+00, 2.1567e-01])
    """
    d = _start("kaiser_window", window_length, dtype, device, requires_grad)
    trivial = _trivial(window_length, d, device, requires_grad)
    if trivial is not None:
        return trivial
    n = window_length + 1 if periodic else window_length
    alpha = (n - 1) / 2.0
    ratio = (arange(n, dtype=d, device=device) - alpha) / alpha
    window = ((1 - ratio * ratio).sqrt() * beta).i0() / tensor(beta, dtype=d, device=device).i0()
    return _cut(window, periodic, requires_grad)
