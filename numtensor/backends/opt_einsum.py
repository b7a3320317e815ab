"""``numtensor.backends.opt_einsum``: numtensor's einsum orders its contractions itself (a
greedy pairwise order), so the opt_einsum package is not used; the switches are kept."""

enabled = False
strategy = None


def is_available() -> bool:
    return False
