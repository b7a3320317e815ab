"""``numtensor.backends.openmp``: Numba's parallel CPU kernels run on a threading layer
(OpenMP, TBB or workqueue): available whenever Numba is."""


def is_available() -> bool:
    return True
