"""``numtensor.backends.mkldnn``: oneDNN is not used; ``enabled`` is kept for code that sets it."""

enabled = True


def is_available() -> bool:
    return False
