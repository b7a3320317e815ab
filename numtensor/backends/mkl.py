"""``numtensor.backends.mkl``: whether MKL is used (it is not: BLAS comes through SciPy)."""


def is_available() -> bool:
    return False
