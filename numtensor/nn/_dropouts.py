"""Channel-wise dropout (dropout1d/2d/3d) and the self-normalising alpha dropouts."""

from __future__ import annotations

import numtensor as _nt

_SELU_ALPHA_PRIME = -1.7580993408473766  # (-SELU's scale * alpha)


def _check(p: float) -> None:
    if p < 0 or p > 1:
        raise ValueError(f"dropout probability has to be between 0 and 1, but got {p}")


def _feature_dropout(input, p: float, training: bool, inplace: bool, spatial: int, name: str):
    _check(p)
    if input.ndim not in (spatial + 1, spatial + 2):
        if spatial == 1:
            raise RuntimeError(
                f"{name}: Expected {spatial + 1}D or {spatial + 2}D input, but received a "
                f"{input.ndim}D input. Note that {name} exists to provide channel-wise dropout "
                "on inputs with 1 spatial dimension, a channel dimension, and an optional batch "
                "dimension (i.e. 2D or 3D inputs)."
            )
        import warnings

        warnings.warn(
            f"{name}: Received a {input.ndim}-D input to {name}, which is deprecated and will "
            "result in an error in a future release. To retain the behavior and silence this "
            "warning, please use dropout instead.",
            UserWarning,
            stacklevel=3,
        )
    if not training or p == 0:
        return input
    batched = input.ndim != spatial + 1
    lead = min(input.ndim, 2 if batched else 1)
    shape = list(input.shape[:lead]) + [1] * (input.ndim - lead)
    keep = _nt.empty(shape, dtype=input.dtype, device=input.device).bernoulli_(1 - p)
    out = input * keep * (1.0 / (1 - p)) if p < 1 else input * 0
    return input.copy_(out) if inplace else out


def dropout1d(input, p: float = 0.5, training: bool = True, inplace: bool = False):
    r"""Randomly zeroes whole channels (each with probability ``p``) of a :math:`(N, C, L)` input
    (or without the batch dim) during training, scaling the rest by ``1 / (1 - p)``.

    See :class:`~numtensor.nn.Dropout1d` for details.

    Args:
        input (Tensor): the input.
        p (float): Default: 0.5.
        training (bool): Default: ``True``.
        inplace (bool): Default: ``False``.

    Returns:
        Tensor: the input's shape.

    Example::

        >>> import numtensor.nn.functional as F
        >>> out = F.dropout1d(torch.ones(2, 4, 3))
        >>> out.shape
        numtensor.Size([2, 4, 3])
        >>> F.dropout1d(torch.ones(2, 4, 3), training=False).sum()
        tensor(24.)
    """
    return _feature_dropout(input, p, training, inplace, 1, "dropout1d")


def dropout2d(input, p: float = 0.5, training: bool = True, inplace: bool = False):
    r"""Randomly zeroes whole channels (each with probability ``p``) of a :math:`(N, C, H, W)` input
    (or without the batch dim) during training, scaling the rest by ``1 / (1 - p)``.

    See :class:`~numtensor.nn.Dropout2d` for details.

    Args:
        input (Tensor): the input.
        p (float): Default: 0.5.
        training (bool): Default: ``True``.
        inplace (bool): Default: ``False``.

    Returns:
        Tensor: the input's shape.

    Example::

        >>> import numtensor.nn.functional as F
        >>> out = F.dropout2d(torch.ones(2, 4, 3, 3))
        >>> out.shape
        numtensor.Size([2, 4, 3, 3])
        >>> F.dropout2d(torch.ones(2, 4, 3, 3), training=False).sum()
        tensor(72.)
    """
    return _feature_dropout(input, p, training, inplace, 2, "dropout2d")


def dropout3d(input, p: float = 0.5, training: bool = True, inplace: bool = False):
    r"""Randomly zeroes whole channels (each with probability ``p``) of a
    :math:`(N, C, D, H, W)` input
    (or without the batch dim) during training, scaling the rest by ``1 / (1 - p)``.

    See :class:`~numtensor.nn.Dropout3d` for details.

    Args:
        input (Tensor): the input.
        p (float): Default: 0.5.
        training (bool): Default: ``True``.
        inplace (bool): Default: ``False``.

    Returns:
        Tensor: the input's shape.

    Example::

        >>> import numtensor.nn.functional as F
        >>> out = F.dropout3d(torch.ones(2, 4, 3, 3, 3))
        >>> out.shape
        numtensor.Size([2, 4, 3, 3, 3])
        >>> F.dropout3d(torch.ones(2, 4, 3, 3, 3), training=False).sum()
        tensor(216.)
    """
    return _feature_dropout(input, p, training, inplace, 3, "dropout3d")


def _alpha(input, p: float, training: bool, inplace: bool, shape):
    _check(p)
    if not training or p == 0:
        return input
    if p == 1:
        out = input * 0
    else:
        keep = _nt.empty(shape, dtype=input.dtype, device=input.device).bernoulli_(1 - p)
        a = ((1 - p) * (1 + p * _SELU_ALPHA_PRIME**2)) ** -0.5
        b = -a * _SELU_ALPHA_PRIME * p
        out = (input * keep + _SELU_ALPHA_PRIME * (1 - keep)) * a + b
    return input.copy_(out) if inplace else out


def alpha_dropout(input, p: float = 0.5, training: bool = False, inplace: bool = False):
    r"""Alpha dropout for SELU networks: dropped elements are set to SELU's negative saturation
    value and an affine correction keeps the mean and variance (during training).

    See :class:`~numtensor.nn.AlphaDropout` for details.

    Args:
        input (Tensor): the input.
        p (float): Default: 0.5.
        training (bool): Default: ``False``.
        inplace (bool): Default: ``False``.

    Returns:
        Tensor: the input's shape.

    Example::

        >>> import numtensor.nn.functional as F
        >>> F.alpha_dropout(torch.ones(3), 0.5)
        tensor([1., 1., 1.])
        >>> F.alpha_dropout(torch.ones(2, 3), 0.5, training=True).shape
        numtensor.Size([2, 3])
    """
    return _alpha(input, p, training, inplace, tuple(input.shape))


def feature_alpha_dropout(input, p: float = 0.5, training: bool = False, inplace: bool = False):
    r"""Alpha dropout of whole channels (see :func:`alpha_dropout`).

    See :class:`~numtensor.nn.FeatureAlphaDropout` for details.

    Args:
        input (Tensor): :math:`(N, C, *)`.
        p (float): Default: 0.5.
        training (bool): Default: ``False``.
        inplace (bool): Default: ``False``.

    Returns:
        Tensor: the input's shape.

    Example::

        >>> import numtensor.nn.functional as F
        >>> F.feature_alpha_dropout(torch.ones(2, 3, 4), 0.5, training=True).shape
        numtensor.Size([2, 3, 4])
    """
    shape = tuple(input.shape[:2]) + (1,) * (input.ndim - 2)
    return _alpha(input, p, training, inplace, shape)


__all__ = ["alpha_dropout", "dropout1d", "dropout2d", "dropout3d", "feature_alpha_dropout"]
