"""``numtensor.backends.cudnn``: cuDNN is not used; its flags are accepted and kept.

``benchmark``, ``deterministic``, ``enabled`` and ``allow_tf32`` read back as set (PyTorch's
defaults: False, False, True, True). numtensor's convolutions are deterministic im2col +
matmul on both devices whatever they say.
"""

benchmark = False
deterministic = False
enabled = True
allow_tf32 = True
benchmark_limit = 10


def is_available() -> bool:
    r"""Returns whether cuDNN can be used: always ``False``, numtensor has no cuDNN
    kernels (its convolutions are im2col + matmul on both devices).

    Example::

        >>> torch.backends.cudnn.is_available()
        False
    """
    return False


def version():
    r"""Returns the cuDNN version: ``None``, as PyTorch answers without cuDNN.

    Example::

        >>> print(torch.backends.cudnn.version())
        None
    """
    return None
