"""Layers: Linear, Bilinear, Identity, Flatten, Unflatten, Dropout, Embedding, LayerNorm."""

from __future__ import annotations

import math

import numtensor as _nt

from .. import functional as F
from .. import init
from ..parameter import Parameter
from .module import Module


def _factory(device, dtype) -> dict:
    return {"device": device, "dtype": dtype}


class Identity(Module):
    r"""A placeholder layer that returns its input unchanged (its arguments are ignored).

    Shape:
        - Input: :math:`(*)`, any shape.
        - Output: :math:`(*)`, the input itself.

    Example::

        >>> m = torch.nn.Identity(54, unused_argument1=0.1)
        >>> m(torch.tensor([1., 2.]))
        tensor([1., 2.])
    """

    def __init__(self, *args, **kwargs) -> None:
        super().__init__()

    def forward(self, input):
        return input


class Linear(Module):
    r"""Applies an affine linear transformation to the last dimension: ``y = x A^T + b``.

    Args:
        in_features (int): size of each input sample.
        out_features (int): size of each output sample.
        bias (bool): if ``False``, the layer learns no additive bias. Default: ``True``.
        device, dtype: where and in which floating dtype the parameters are created.

    Shape:
        - Input: :math:`(*, H_{in})` with :math:`H_{in} = in\_features`.
        - Output: :math:`(*, H_{out})` with :math:`H_{out} = out\_features`.

    Attributes:
        weight (Tensor): the learnable weights, shape ``(out_features, in_features)``, drawn
            from U(-k, k) with k = 1/sqrt(in_features) (kaiming_uniform_ with a=sqrt(5)).
        bias (Tensor): the learnable bias, shape ``(out_features,)``, from U(-k, k).

    Example::

        >>> m = torch.nn.Linear(3, 2)
        >>> m(torch.ones(4, 3)).shape
        numtensor.Size([4, 2])
        >>> with torch.no_grad():
        ...     _ = m.weight.fill_(1.0)
        ...     _ = m.bias.zero_()
        >>> m(torch.tensor([[1., 2., 3.]]))
        tensor([[6., 6.]], grad_fn=<AddmmBackward0>)
    """

    def __init__(
        self, in_features: int, out_features: int, bias: bool = True, device=None, dtype=None
    ) -> None:
        super().__init__()
        self.in_features, self.out_features = in_features, out_features
        self.weight = Parameter(_nt.empty(out_features, in_features, **_factory(device, dtype)))
        if bias:
            self.bias = Parameter(_nt.empty(out_features, **_factory(device, dtype)))
        else:
            self.register_parameter("bias", None)
        self.reset_parameters()

    def reset_parameters(self) -> None:
        r"""Re-draws ``weight`` and ``bias`` with the default initialisation (U(-k, k),
        k = 1/sqrt(in_features)).

        Example::

            >>> m = torch.nn.Linear(4, 2)
            >>> m.reset_parameters()
            >>> bool(m.weight.abs().max() <= 0.5)
            True
        """
        init.default_layer_init_(self.weight, self.bias)

    def forward(self, input):
        return F.linear(input, self.weight, self.bias)

    def extra_repr(self) -> str:
        return (
            f"in_features={self.in_features}, out_features={self.out_features}, "
            f"bias={self.bias is not None}"
        )


class NonDynamicallyQuantizableLinear(Linear):
    r"""A :class:`Linear` under another name: the output projection of
    :class:`MultiheadAttention` (PyTorch keeps it apart from ``Linear`` for its quantization
    tooling, and the name shows in the attention module's repr).

    Example::

        >>> torch.nn.MultiheadAttention(4, 2).out_proj
        NonDynamicallyQuantizableLinear(in_features=4, out_features=4, bias=True)
    """


class Bilinear(Module):
    r"""Applies a bilinear transformation to two inputs: ``y = x1^T A x2 + b``, one matrix
    ``A`` per output feature.

    Args:
        in1_features (int): size of each first input sample.
        in2_features (int): size of each second input sample.
        out_features (int): size of each output sample.
        bias (bool): if ``False``, the layer learns no additive bias. Default: ``True``.
        device, dtype: where and in which floating dtype the parameters are created.

    Shape:
        - Input1: :math:`(*, H_{in1})`, Input2: :math:`(*, H_{in2})` (same leading dims).
        - Output: :math:`(*, H_{out})`.

    Attributes:
        weight (Tensor): shape ``(out_features, in1_features, in2_features)``, from U(-k, k)
            with k = 1/sqrt(in1_features).
        bias (Tensor): shape ``(out_features,)``, from U(-k, k).

    Example::

        >>> m = torch.nn.Bilinear(20, 30, 40)
        >>> m(torch.randn(128, 20), torch.randn(128, 30)).shape
        numtensor.Size([128, 40])
    """

    def __init__(
        self,
        in1_features: int,
        in2_features: int,
        out_features: int,
        bias: bool = True,
        device=None,
        dtype=None,
    ) -> None:
        super().__init__()
        self.in1_features, self.in2_features = in1_features, in2_features
        self.out_features = out_features
        self.weight = Parameter(
            _nt.empty(out_features, in1_features, in2_features, **_factory(device, dtype))
        )
        if bias:
            self.bias = Parameter(_nt.empty(out_features, **_factory(device, dtype)))
        else:
            self.register_parameter("bias", None)
        bound = 1 / math.sqrt(in1_features)
        init.uniform_(self.weight, -bound, bound)
        if self.bias is not None:
            init.uniform_(self.bias, -bound, bound)

    def forward(self, input1, input2):
        return F.bilinear(input1, input2, self.weight, self.bias)

    def extra_repr(self) -> str:
        return (
            f"in1_features={self.in1_features}, in2_features={self.in2_features}, "
            f"out_features={self.out_features}, bias={self.bias is not None}"
        )


class Flatten(Module):
    r"""Flattens the dims ``start_dim`` to ``end_dim`` of the input into one (by default all
    but the batch dim).

    Args:
        start_dim (int): first dim to flatten. Default: 1.
        end_dim (int): last dim to flatten. Default: -1.

    Shape:
        - Input: :math:`(*, S_{start}, ..., S_{end}, *)`.
        - Output: :math:`(*, \prod S_{start..end}, *)`.

    Example::

        >>> m = torch.nn.Flatten()
        >>> m(torch.ones(32, 1, 5, 5)).shape
        numtensor.Size([32, 25])
        >>> torch.nn.Flatten(0, 2)(torch.ones(32, 1, 5, 5)).shape
        numtensor.Size([160, 5])
    """

    def __init__(self, start_dim: int = 1, end_dim: int = -1) -> None:
        super().__init__()
        self.start_dim, self.end_dim = start_dim, end_dim

    def forward(self, input):
        return input.flatten(self.start_dim, self.end_dim)

    def extra_repr(self) -> str:
        return f"start_dim={self.start_dim}, end_dim={self.end_dim}"


class Unflatten(Module):
    r"""Unflattens dim ``dim`` of the input into the shape ``unflattened_size``.

    Args:
        dim (int): the dim to unflatten.
        unflattened_size (tuple of ints): the new shape of that dim (its product must equal
            the dim's size; one entry may be -1).

    Shape:
        - Input: :math:`(*, S_{dim}, *)`.
        - Output: :math:`(*, U_1, ..., U_n, *)`.

    Example::

        >>> m = torch.nn.Unflatten(1, (2, 5, 5))
        >>> m(torch.ones(2, 50)).shape
        numtensor.Size([2, 2, 5, 5])
    """

    def __init__(self, dim: int, unflattened_size) -> None:
        super().__init__()
        self.dim, self.unflattened_size = dim, tuple(unflattened_size)

    def forward(self, input):
        return input.unflatten(self.dim, self.unflattened_size)

    def extra_repr(self) -> str:
        return f"dim={self.dim}, unflattened_size={self.unflattened_size}"


class Dropout(Module):
    r"""During training, zeroes each element of the input with probability ``p`` (Bernoulli
    draws) and scales the others by ``1 / (1 - p)``; in eval mode it returns the input.

    Args:
        p (float): probability of an element to be zeroed. Default: 0.5.
        inplace (bool): do the operation in place. Default: ``False``.

    Shape:
        - Input: :math:`(*)`, any shape.
        - Output: :math:`(*)`, same shape as the input.

    Example::

        >>> m = torch.nn.Dropout(p=0.5)
        >>> out = m(torch.ones(2, 4))
        >>> sorted(set(out.flatten().tolist())) in ([0.0, 2.0], [0.0], [2.0])
        True
        >>> m.eval()(torch.ones(2, 4))
        tensor([[1., 1., 1., 1.],
                [1., 1., 1., 1.]])
    """

    def __init__(self, p: float = 0.5, inplace: bool = False) -> None:
        super().__init__()
        if p < 0 or p > 1:
            raise ValueError(f"dropout probability has to be between 0 and 1, but got {p}")
        self.p, self.inplace = p, inplace

    def forward(self, input):
        return F.dropout(input, self.p, self.training, self.inplace)

    def extra_repr(self) -> str:
        return f"p={self.p}, inplace={self.inplace}"


class Embedding(Module):
    r"""A lookup table: row ``i`` of ``weight`` is the embedding vector of index ``i``.

    Args:
        num_embeddings (int): size of the dictionary of embeddings.
        embedding_dim (int): the size of each embedding vector.
        padding_idx (int, optional): that row is initialised to zeros and gets no gradient.
        max_norm (float, optional): rows looked up whose ``norm_type``-norm exceeds it are
            renormalised to it in place, before the lookup.
        norm_type (float): the p of that norm. Default: ``2.0``.
        scale_grad_by_freq (bool): divide the gradient of each row by how often its index
            occurs in the mini-batch. Default: ``False``.
        sparse (bool): PyTorch's sparse gradient for ``weight``; numtensor has no sparse
            tensors, so the gradient is dense (``optim.SparseAdam`` still updates only the rows
            it touches). Default: ``False``.
        device, dtype: where and in which floating dtype the weight is created.

    Shape:
        - Input: :math:`(*)`, an integer tensor of indices.
        - Output: :math:`(*, H)` with :math:`H = embedding\_dim`.

    Attributes:
        weight (Tensor): shape ``(num_embeddings, embedding_dim)``, drawn from N(0, 1).

    Differs from PyTorch: ``sparse=True`` gives a dense gradient (see above).

    Example::

        >>> embedding = torch.nn.Embedding(10, 3, padding_idx=0)
        >>> embedding(torch.tensor([[1, 2, 4, 5], [4, 3, 2, 9]])).shape
        numtensor.Size([2, 4, 3])
        >>> embedding(torch.tensor([0])).detach()
        tensor([[0., 0., 0.]])
    """

    def __init__(
        self,
        num_embeddings: int,
        embedding_dim: int,
        padding_idx=None,
        max_norm=None,
        norm_type: float = 2.0,
        scale_grad_by_freq: bool = False,
        sparse: bool = False,
        _weight=None,
        _freeze: bool = False,
        device=None,
        dtype=None,
    ) -> None:
        super().__init__()
        self.num_embeddings, self.embedding_dim = num_embeddings, embedding_dim
        if padding_idx is not None:
            if not -num_embeddings <= padding_idx < num_embeddings:
                raise AssertionError("Padding_idx must be within num_embeddings")
            if padding_idx < 0:
                padding_idx += num_embeddings
        self.padding_idx = padding_idx
        self.max_norm, self.norm_type = max_norm, norm_type
        self.scale_grad_by_freq, self.sparse = scale_grad_by_freq, sparse
        if _weight is None:
            self.weight = Parameter(
                _nt.empty(num_embeddings, embedding_dim, **_factory(device, dtype)),
                requires_grad=not _freeze,
            )
            self.reset_parameters()
        else:
            if list(_weight.shape) != [num_embeddings, embedding_dim]:
                raise AssertionError(
                    "Shape of weight does not match num_embeddings and embedding_dim"
                )
            self.weight = Parameter(_weight, requires_grad=not _freeze)

    def reset_parameters(self) -> None:
        """Draw ``weight`` from N(0, 1) again (the padding row zeroed)."""
        init.normal_(self.weight)
        if self.padding_idx is not None:
            with _nt.no_grad():
                self.weight[self.padding_idx].fill_(0)

    def forward(self, input):
        return F.embedding(
            input, self.weight, self.padding_idx, self.max_norm, self.norm_type,
            self.scale_grad_by_freq, self.sparse,
        )  # fmt: skip

    def extra_repr(self) -> str:
        text = f"{self.num_embeddings}, {self.embedding_dim}"
        if self.padding_idx is not None:
            text += f", padding_idx={self.padding_idx}"
        if self.max_norm is not None:
            text += f", max_norm={self.max_norm}"
        if self.norm_type != 2:
            text += f", norm_type={self.norm_type}"
        if self.scale_grad_by_freq is not False:
            text += f", scale_grad_by_freq={self.scale_grad_by_freq}"
        if self.sparse is not False:
            text += ", sparse=True"
        return text

    @classmethod
    def from_pretrained(
        cls,
        embeddings,
        freeze: bool = True,
        padding_idx=None,
        max_norm=None,
        norm_type: float = 2.0,
        scale_grad_by_freq: bool = False,
        sparse: bool = False,
    ):
        """An Embedding whose weight is ``embeddings`` (2-D), frozen unless ``freeze=False``.

        Example::

            >>> weight = torch.tensor([[1.0, 2.3, 3.0], [4.0, 5.1, 6.3]])
            >>> embedding = torch.nn.Embedding.from_pretrained(weight)
            >>> embedding(torch.tensor([1]))
            tensor([[4.0000, 5.1000, 6.3000]])
        """
        if embeddings.dim() != 2:
            raise AssertionError("Embeddings parameter is expected to be 2-dimensional")
        rows, cols = embeddings.shape
        return cls(
            num_embeddings=rows,
            embedding_dim=cols,
            _weight=embeddings,
            _freeze=freeze,
            padding_idx=padding_idx,
            max_norm=max_norm,
            norm_type=norm_type,
            scale_grad_by_freq=scale_grad_by_freq,
            sparse=sparse,
        )


class LayerNorm(Module):
    r"""Layer normalisation over the last ``len(normalized_shape)`` dims:
    ``y = (x - E[x]) / sqrt(Var[x] + eps) * weight + bias``, the mean and the biased
    variance taken over those dims of each sample.

    Args:
        normalized_shape (int or tuple of ints): the trailing shape to normalise over.
        eps (float): added to the variance for numerical stability. Default: 1e-5.
        elementwise_affine (bool): learn a per-element ``weight`` and ``bias``.
            Default: ``True``.
        bias (bool): learn ``bias`` (when ``elementwise_affine``). Default: ``True``.
        device, dtype: where and in which floating dtype the parameters are created.

    Shape:
        - Input: :math:`(N, *)`; Output: same shape.

    Attributes:
        weight (Tensor): shape ``normalized_shape``, initialised to ones.
        bias (Tensor): shape ``normalized_shape``, initialised to zeros.

    Example::

        >>> m = torch.nn.LayerNorm(2)
        >>> m(torch.tensor([[1., 3.], [2., 2.]])).detach()
        tensor([[-1.0000,  1.0000],
                [ 0.0000,  0.0000]])
    """

    def __init__(
        self,
        normalized_shape,
        eps: float = 1e-5,
        elementwise_affine: bool = True,
        bias: bool = True,
        device=None,
        dtype=None,
    ) -> None:
        super().__init__()
        if isinstance(normalized_shape, int):
            normalized_shape = (normalized_shape,)
        self.normalized_shape = tuple(normalized_shape)
        self.eps, self.elementwise_affine = eps, elementwise_affine
        self._bias = bias
        if elementwise_affine:
            self.weight = Parameter(_nt.ones(self.normalized_shape, **_factory(device, dtype)))
            if bias:
                self.bias = Parameter(_nt.zeros(self.normalized_shape, **_factory(device, dtype)))
            else:
                self.register_parameter("bias", None)
        else:
            self.register_parameter("weight", None)
            self.register_parameter("bias", None)

    def forward(self, input):
        return F.layer_norm(input, self.normalized_shape, self.weight, self.bias, self.eps)

    def extra_repr(self) -> str:
        has_bias = self.elementwise_affine and self.bias is not None
        return (
            f"{self.normalized_shape}, eps={self.eps}, "
            f"elementwise_affine={self.elementwise_affine}, bias={has_bias}"
        )
