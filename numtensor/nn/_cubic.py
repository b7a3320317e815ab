"""Cubic convolution coefficients (Keys' kernel), shared by bicubic interpolation and
bicubic grid sampling; they take Python floats or Tensors alike."""

from __future__ import annotations

CUBIC_A = -0.75  # PyTorch's choice for upsampling and grid_sample
ANTIALIAS_CUBIC_A = -0.5  # and for antialiased (PIL-like) resizing


def _near(x, a: float):
    """The kernel for |x| <= 1."""
    return ((a + 2) * x - (a + 3)) * x * x + 1


def _far(x, a: float):
    """The kernel for 1 < |x| < 2."""
    return ((a * x - 5 * a) * x + 8 * a) * x - 4 * a


def cubic_coefficients(t, a: float = CUBIC_A) -> tuple:
    """The weights of the taps at offsets -1, 0, 1, 2 for a point ``t`` in [0, 1) past the
    tap at offset 0 (PyTorch's get_cubic_upsample_coefficients)."""
    back = 1.0 - t
    return _far(t + 1.0, a), _near(t, a), _near(back, a), _far(back + 1.0, a)


def cubic_filter(x: float, a: float = ANTIALIAS_CUBIC_A) -> float:
    """Keys' kernel at ``x`` (zero from |x| >= 2), for antialiased resizing."""
    x = abs(x)
    if x < 1.0:
        return _near(x, a)
    if x < 2.0:
        return _far(x, a)
    return 0.0
