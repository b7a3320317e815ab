"""Permuting views: permute, transpose (swapaxes, swapdims), t, T, mT and movedim (moveaxis).

Each is its order (which input dim each output dim is), computed and validated by its
``*_order`` function, then ``permuted``: autograd (``differentiable.py``'s ``permute_op``)
keeps the order to invert it. Views share their base's buffer, as in PyTorch.
"""

from __future__ import annotations

import warnings

from .. import backend
from .._tensor_base import Tensor, wrap_dim
from .shape import _shape_arg


def permute_order(self: Tensor, *dims) -> list:
    if not dims:
        raise TypeError('permute() missing 1 required positional arguments: "dims"')
    dims = _shape_arg(dims)
    nd = self.ndim
    if len(dims) != nd:
        raise RuntimeError(
            f"permute(sparse_coo): number of dimensions in the tensor input does not match "
            f"the length of the desired ordering of dimensions i.e. input.dim() = {nd} is not "
            f"equal to len(dims) = {len(dims)}"
        )
    dims = [wrap_dim(d, nd) for d in dims]
    if len(set(dims)) != nd:
        raise RuntimeError("permute(): duplicate dims are not allowed.")
    return dims


def transpose_order(self: Tensor, dim0: int, dim1: int) -> list:
    nd = self.ndim
    d0, d1 = wrap_dim(dim0, nd), wrap_dim(dim1, nd)
    order = list(range(nd))
    if nd:
        order[d0], order[d1] = order[d1], order[d0]
    return order


def t_order(self: Tensor) -> list:
    if self.ndim > 2:
        raise RuntimeError(f"t() expects a tensor with <= 2 dimensions, but self is {self.ndim}D")
    return [1, 0] if self.ndim == 2 else list(range(self.ndim))


def T_order(self: Tensor) -> list:
    if self.ndim == 0:
        warnings.warn(
            "Tensor.T is deprecated on 0-D tensors. This function is the identity in these cases.",
            UserWarning,
            stacklevel=3,
        )
    elif self.ndim != 2:
        warnings.warn(
            "The use of `x.T` on tensors of dimension other than 2 to reverse their shape is "
            "deprecated and it will throw an error in a future release. Consider `x.mT` to "
            "transpose batches of matrices or `x.permute(*torch.arange(x.ndim - 1, -1, -1))` "
            "to reverse the dimensions of a tensor.",
            UserWarning,
            stacklevel=3,
        )
    return list(range(self.ndim - 1, -1, -1))


def mT_order(self: Tensor) -> list:
    if self.ndim == 0:
        warnings.warn(
            "Tensor.mT is deprecated on 0-D tensors. This function is the identity in these cases.",
            UserWarning,
            stacklevel=3,
        )
        return []
    if self.ndim < 2:
        raise RuntimeError(
            "tensor.mT is only supported on matrices or batches of matrices. "
            f"Got {self.ndim}-D tensor."
        )
    return transpose_order(self, -2, -1)


def movedim_order(self: Tensor, source, destination) -> list:
    src = list(source) if isinstance(source, (tuple, list)) else [source]
    dst = list(destination) if isinstance(destination, (tuple, list)) else [destination]
    if len(src) != len(dst):
        raise RuntimeError(
            f"movedim: Invalid source or destination dims: source ({src} dims) should contain "
            f"the same number of dims as destination ({dst} dims)"
        )
    nd = self.ndim
    src = [wrap_dim(d, nd) for d in src]
    dst = [wrap_dim(d, nd) for d in dst]
    if nd == 0:
        return []
    if len(set(src)) != len(src) or len(set(dst)) != len(dst):
        raise RuntimeError("movedim: repeated dim in `source` or `destination`")
    order = [None] * nd
    for s, d in zip(src, dst):
        order[d] = s
    rest = iter(i for i in range(nd) if i not in src)
    return [o if o is not None else next(rest) for o in order]


def permuted(self: Tensor, order: list) -> Tensor:
    """The view with dims in ``order`` (a validated permutation)."""
    return self._view(backend.of(self.device).permute(self._data, order))


def permute(self: Tensor, *dims) -> Tensor:
    r"""Returns a view of ``input`` with its dimensions permuted.

    Output dim ``i`` is input dim ``dims[i]``. No data moves: the result shares ``input``'s
    memory with its strides reordered, so it is generally not contiguous (call
    :meth:`Tensor.contiguous` for a row-major copy, or use :func:`torch.reshape` rather than
    :meth:`Tensor.view` on it). ``x.permute(2, 0, 1)`` and ``x.permute((2, 0, 1))`` are the
    method forms.

    Args:
        input (Tensor): the input tensor.
        dims (tuple of ints): the desired ordering of dimensions (a permutation of
            ``range(input.dim())``; negative dims count from the end).

    Example::

        >>> x = torch.zeros(2, 3, 5)
        >>> torch.permute(x, (2, 0, 1)).size()
        numtensor.Size([5, 2, 3])
        >>> y = torch.arange(6).reshape(1, 2, 3).permute(2, 0, 1)
        >>> y.stride(), y.is_contiguous()
        ((1, 6, 3), False)
    """
    return permuted(self, permute_order(self, *dims))


def transpose(self: Tensor, dim0: int, dim1: int) -> Tensor:
    r"""Returns a view of ``input`` with dimensions ``dim0`` and ``dim1`` swapped.

    The result shares ``input``'s memory (writing to one changes the other) and is
    generally not contiguous. ``torch.swapaxes`` and ``torch.swapdims`` are aliases;
    ``x.transpose(0, 1)`` is the method form.

    Args:
        input (Tensor): the input tensor.
        dim0 (int): the first dimension to be transposed.
        dim1 (int): the second dimension to be transposed.

    Example::

        >>> x = torch.tensor([[1, 2, 3], [4, 5, 6]])
        >>> torch.transpose(x, 0, 1)
        tensor([[1, 4],
                [2, 5],
                [3, 6]])
        >>> torch.swapaxes(torch.zeros(2, 3, 4), 0, -1).shape
        numtensor.Size([4, 3, 2])
    """
    return permuted(self, transpose_order(self, dim0, dim1))


def t(self: Tensor) -> Tensor:
    r"""Expects ``input`` to be <= 2-D and transposes dimensions 0 and 1.

    0-D and 1-D tensors are returned as is (as views); a 2-D tensor gives
    ``transpose(input, 0, 1)``, a view. More than 2 dims raise ``RuntimeError`` (use
    :func:`torch.transpose` or :attr:`Tensor.mT`). ``x.t()`` is the method form.

    Args:
        input (Tensor): the input tensor.

    Example::

        >>> torch.t(torch.tensor([[1, 2, 3], [4, 5, 6]]))
        tensor([[1, 4],
                [2, 5],
                [3, 6]])
        >>> torch.t(torch.tensor([1, 2, 3]))
        tensor([1, 2, 3])
    """
    return permuted(self, t_order(self))


def T(self: Tensor) -> Tensor:
    r"""``x.T``: a view of ``x`` with all its dimensions reversed, ``x.permute(n-1, ..., 0)``.

    For a matrix this is its transpose. On tensors of other than 2 dims ``.T`` is
    deprecated (it warns, as in PyTorch): use :attr:`Tensor.mT` to transpose batches of
    matrices, or :meth:`Tensor.permute` to reverse the dims.

    Example::

        >>> x = torch.tensor([[1, 2], [3, 4]])
        >>> x.T
        tensor([[1, 3],
                [2, 4]])
        >>> x.T.is_contiguous()
        False
    """
    return permuted(self, T_order(self))


def mT(self: Tensor) -> Tensor:
    r"""``x.mT``: a view of ``x`` with its last two dimensions swapped,
    ``x.transpose(-2, -1)``: the transpose of each matrix of a batch.

    ``x`` must have at least 2 dims (``RuntimeError`` otherwise).

    Example::

        >>> torch.zeros(5, 2, 3).mT.shape
        numtensor.Size([5, 3, 2])
        >>> torch.tensor([[1, 2], [3, 4]]).mT
        tensor([[1, 3],
                [2, 4]])
    """
    return permuted(self, mT_order(self))


def movedim(self: Tensor, source, destination) -> Tensor:
    r"""Moves the dimension(s) of ``input`` at ``source`` to the position(s) in
    ``destination``.

    The other dimensions keep their relative order, in the remaining places. The result is
    a view (a permutation of ``input``'s dims). ``torch.moveaxis`` is an alias;
    ``x.movedim(...)`` is the method form.

    Args:
        input (Tensor): the input tensor.
        source (int or tuple of ints): original positions of the dims to move.
        destination (int or tuple of ints): their destination positions (as many).

    Example::

        >>> x = torch.zeros(3, 4, 5)
        >>> torch.movedim(x, 0, -1).shape
        numtensor.Size([4, 5, 3])
        >>> torch.movedim(x, (0, 1), (2, 0)).shape
        numtensor.Size([4, 5, 3])
        >>> torch.moveaxis(torch.tensor([[1, 2], [3, 4]]), 1, 0)
        tensor([[1, 3],
                [2, 4]])
    """
    return permuted(self, movedim_order(self, source, destination))
