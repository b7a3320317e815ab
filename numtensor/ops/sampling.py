"""``multinomial``: draws of category indices by their weights (with or without replacement),
from the generator's uniform numbers (numtensor's random streams, not PyTorch's)."""

from __future__ import annotations

from .. import _dtype
from .conversion import to_out
from .registry import op


@op("multinomial")
def multinomial(input, num_samples: int, replacement: bool = False, *, generator=None, out=None):
    """Each row of ``input`` (non-negative weights) gives ``num_samples`` category indices."""
    from .random import rand
    from .statistics import searchsorted

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
