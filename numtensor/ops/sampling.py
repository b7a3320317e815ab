"""``multinomial``: draws of category indices by their weights (with or without replacement),
from the generator's uniform numbers (numtensor's random streams, not PyTorch's)."""

from __future__ import annotations

from .. import _dtype
from .conversion import to_out
from .registry import op


@op("multinomial")
def multinomial(input, num_samples: int, replacement: bool = False, *, generator=None, out=None):
    r"""Returns a tensor where each row contains ``num_samples`` indices sampled from the
    multinomial distribution located in the corresponding row of tensor ``input``.

    The rows of ``input`` are non-negative weights (they need not sum to one). Without
    ``replacement`` each index is drawn at most once per row (so ``num_samples`` may not
    exceed the number of categories, and zero-weight categories come last). ``x.multinomial``
    is the same.

    Differs from PyTorch: numtensor's random streams are its own, so a seed draws other
    indices than PyTorch's.

    Args:
        input (Tensor): a 1-D or 2-D tensor of weights.
        num_samples (int): the number of samples to draw per row.
        replacement (bool): whether to draw with replacement. Default: ``False``.

    Keyword args:
        generator (:class:`numtensor.Generator`, optional): the generator to draw from.
        out (Tensor, optional): the output tensor.

    Returns:
        Tensor: int64, of shape ``(num_samples,)`` or ``(rows, num_samples)``.

    Example::

        >>> torch.multinomial(torch.tensor([0., 1., 0.]), 2, replacement=True)
        tensor([1, 1])
        >>> torch.multinomial(torch.tensor([0., 10., 3., 0.]), 2).sort().values
        tensor([1, 2])
    """
    from .binning import searchsorted
    from .random import rand

    if input.ndim not in (1, 2):
        raise RuntimeError("prob_dist must be 1 or 2 dim")
    if not input.dtype.is_floating_point:
        raise RuntimeError(
            "multinomial only supports floating-point dtypes for input, got: "
            f"{_dtype.type_name(input.dtype)}"
        )
    if num_samples <= 0:
        raise RuntimeError("cannot sample n_sample <= 0 samples")
    rows = input.reshape(1, -1) if input.ndim == 1 else input
    categories = rows.shape[1]
    if not replacement and num_samples > categories:
        raise RuntimeError(
            "cannot sample n_sample > prob_dist.size(-1) samples without replacement"
        )
    if not bool((rows >= 0).all()) or not bool(rows.isfinite().all()):
        raise RuntimeError("probability tensor contains either `inf`, `nan` or element < 0")
    totals = rows.sum(1, keepdim=True)
    if not bool((totals > 0).all()):
        raise RuntimeError("invalid multinomial distribution (sum of probabilities <= 0)")
    weights = rows.double()
    if replacement:
        edges = (weights / weights.sum(1, keepdim=True)).cumsum(1)
        draws = rand(
            rows.shape[0],
            num_samples,
            dtype=_dtype.float64,
            generator=generator,
            device=input.device,
        )
        picked = searchsorted(edges.contiguous(), draws.contiguous(), right=True).clamp(
            max=categories - 1
        )
    else:
        keys = rand(*rows.shape, dtype=_dtype.float64, generator=generator, device=input.device)
        keys = keys.log() / weights  # (Efraimidis-Spirakis: the largest u^(1/w) win)
        picked = keys.topk(num_samples, 1).indices
    result = picked if input.ndim == 2 else picked.reshape(-1)
    return to_out(result, out)
