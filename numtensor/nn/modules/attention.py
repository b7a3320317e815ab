"""Attention and the Transformer: scaled_dot_product_attention, MultiheadAttention and the
encoder/decoder layers and stacks, composed of matmuls, softmax and LayerNorm. Parameter
names and shapes follow PyTorch, so state dicts move between the two."""

from __future__ import annotations

import copy
import math

import numtensor as _nt

from .. import functional as F
from .. import init
from ..parameter import Parameter
from .container import ModuleList
from .layers import Dropout, LayerNorm, Linear, NonDynamicallyQuantizableLinear
from .module import Module


def scaled_dot_product_attention(query, key, value, attn_mask=None, dropout_p: float = 0.0,
                                 is_causal: bool = False, scale=None,
                                 enable_gqa: bool = False):  # fmt: skip
    """softmax(Q K^T * scale + mask) V; a bool mask keeps where True; is_causal keeps j <= i."""
    L, S = query.shape[-2], key.shape[-2]
    scale = 1.0 / math.sqrt(query.shape[-1]) if scale is None else scale
    if enable_gqa and key.shape[-3] != query.shape[-3]:
        repeat = query.shape[-3] // key.shape[-3]
        key = key.repeat_interleave(repeat, -3)
        value = value.repeat_interleave(repeat, -3)
    scores = (query @ key.transpose(-2, -1)) * scale
    if is_causal:
        if attn_mask is not None:
            raise RuntimeError(
                "_scaled_dot_product_attention: Explicit attn_mask should not be set when "
                "is_causal=True"
            )
        keep = _nt.ones(L, S, dtype=_nt.bool, device=query.device).tril()
        scores = scores.masked_fill(~keep, float("-inf"))
    elif attn_mask is not None:
        if attn_mask.dtype is _nt.bool:
            scores = scores.masked_fill(~attn_mask, float("-inf"))
        else:
            scores = scores + attn_mask
    weights = scores.softmax(-1)
    if dropout_p > 0.0:
        weights = F.dropout(weights, dropout_p, True)
    return weights @ value


def _merge_masks(attn_mask, key_padding_mask, batch: int, heads: int, L: int, S: int, dtype):
    """One additive float mask [N*H, L, S] from MultiheadAttention's two masks (a bool True
    there means: do not attend)."""
    merged = None
    if attn_mask is not None:
        m = attn_mask
        if m.dtype is _nt.bool:
            m = _nt.zeros(m.shape, dtype=dtype, device=m.device).masked_fill(m, float("-inf"))
        merged = m.reshape(1, L, S) if m.ndim == 2 else m
    if key_padding_mask is not None:
        k = key_padding_mask
        if k.dtype is _nt.bool:
            k = _nt.zeros(k.shape, dtype=dtype, device=k.device).masked_fill(k, float("-inf"))
        k = k.reshape(batch, 1, 1, S).expand(batch, heads, 1, S).reshape(batch * heads, 1, S)
        merged = k if merged is None else merged + k
    return merged


class MultiheadAttention(Module):
    r"""Multi-head attention: ``MultiHead(Q, K, V) = Concat(head_1, ..., head_h) W^O`` with
    ``head_i = softmax(Q W_i^Q (K W_i^K)^T / sqrt(d_k)) V W_i^V``, ``d_k = embed_dim / num_heads``.

    Args:
        embed_dim (int): the model dimension.
        num_heads (int): the number of heads (must divide ``embed_dim``).
        dropout (float): dropout on the attention weights. Default: 0.
        bias (bool): biases in the input and output projections. Default: ``True``.
        add_bias_kv (bool): learned biases appended to key and value sequences. Default: ``False``.
        add_zero_attn (bool): a zero key/value appended. Default: ``False``.
        kdim, vdim (int, optional): the key and value feature sizes. Default: ``embed_dim``.
        batch_first (bool): inputs and outputs are :math:`(N, L, E)`. Default: ``False``.
        device, dtype: where and in which floating dtype the parameters are created.

    Forward args: ``query, key, value, key_padding_mask=None, need_weights=True,
    attn_mask=None, average_attn_weights=True, is_causal=False``.

    Shape:
        - query: :math:`(L, N, E)`; key: :math:`(S, N, E_k)`; value: :math:`(S, N, E_v)`
          (batch first with ``batch_first``; or without the batch dim).
        - key_padding_mask: :math:`(N, S)`, ``True`` = ignore. attn_mask: :math:`(L, S)` or
          :math:`(N * num\_heads, L, S)`, boolean (``True`` = not allowed) or added.
        - attn_output: :math:`(L, N, E)`; attn_weights: :math:`(N, L, S)` (averaged over the
          heads) or :math:`(N, num\_heads, L, S)`; ``None`` unless ``need_weights``.

    Attributes:
        in_proj_weight (Tensor): ``(3 * embed_dim, embed_dim)``, xavier_uniform_ (or
        ``q_proj_weight``, ``k_proj_weight``, ``v_proj_weight`` when kdim/vdim differ).
        in_proj_bias (Tensor): ``(3 * embed_dim,)``, zeros. out_proj (Linear): the output
        projection, bias zeros.

    Example::

        >>> mha = torch.nn.MultiheadAttention(embed_dim=8, num_heads=2, batch_first=True)
        >>> x = torch.randn(3, 5, 8)
        >>> out, weights = mha(x, x, x)
        >>> out.shape, weights.shape
        (numtensor.Size([3, 5, 8]), numtensor.Size([3, 5, 5]))
    """

    def __init__(self, embed_dim: int, num_heads: int, dropout: float = 0.0, bias: bool = True,
                 add_bias_kv: bool = False, add_zero_attn: bool = False, kdim=None, vdim=None,
                 batch_first: bool = False, device=None, dtype=None) -> None:  # fmt: skip
        super().__init__()
        if embed_dim <= 0 or num_heads <= 0:
            raise ValueError(
                f"embed_dim and num_heads must be greater than 0, got embed_dim={embed_dim} and "
                f"num_heads={num_heads} instead"
            )
        if embed_dim % num_heads:
            raise AssertionError("embed_dim must be divisible by num_heads")
        factory = {"device": device, "dtype": dtype}
        self.embed_dim, self.num_heads, self.dropout = embed_dim, num_heads, dropout
        self.kdim = kdim if kdim is not None else embed_dim
        self.vdim = vdim if vdim is not None else embed_dim
        self._qkv_same_embed_dim = self.kdim == embed_dim and self.vdim == embed_dim
        self.batch_first, self.head_dim = batch_first, embed_dim // num_heads
        self.add_zero_attn = add_zero_attn
        if self._qkv_same_embed_dim:
            self.in_proj_weight = Parameter(_nt.empty(3 * embed_dim, embed_dim, **factory))
            self.register_parameter("q_proj_weight", None)
            self.register_parameter("k_proj_weight", None)
            self.register_parameter("v_proj_weight", None)
        else:
            self.q_proj_weight = Parameter(_nt.empty(embed_dim, embed_dim, **factory))
            self.k_proj_weight = Parameter(_nt.empty(embed_dim, self.kdim, **factory))
            self.v_proj_weight = Parameter(_nt.empty(embed_dim, self.vdim, **factory))
            self.register_parameter("in_proj_weight", None)
        if bias:
            self.in_proj_bias = Parameter(_nt.empty(3 * embed_dim, **factory))
        else:
            self.register_parameter("in_proj_bias", None)
        self.out_proj = NonDynamicallyQuantizableLinear(embed_dim, embed_dim, bias=bias, **factory)
        if add_bias_kv:
            self.bias_k = Parameter(_nt.empty(1, 1, embed_dim, **factory))
            self.bias_v = Parameter(_nt.empty(1, 1, embed_dim, **factory))
        else:
            self.bias_k = self.bias_v = None
        self._reset_parameters()

    def _reset_parameters(self) -> None:
        if self._qkv_same_embed_dim:
            init.xavier_uniform_(self.in_proj_weight)
        else:
            for w in (self.q_proj_weight, self.k_proj_weight, self.v_proj_weight):
                init.xavier_uniform_(w)
        if self.in_proj_bias is not None:
            init.constant_(self.in_proj_bias, 0.0)
            init.constant_(self.out_proj.bias, 0.0)
        if self.bias_k is not None:
            init.xavier_normal_(self.bias_k)
            init.xavier_normal_(self.bias_v)

    def _projections(self, query, key, value):
        E = self.embed_dim
        b = self.in_proj_bias
        bq, bk, bv = (None, None, None) if b is None else (b[:E], b[E : 2 * E], b[2 * E :])
        if self._qkv_same_embed_dim:
            w = self.in_proj_weight
            wq, wk, wv = w[:E], w[E : 2 * E], w[2 * E :]
        else:
            wq, wk, wv = self.q_proj_weight, self.k_proj_weight, self.v_proj_weight
        return F.linear(query, wq, bq), F.linear(key, wk, bk), F.linear(value, wv, bv)

    def forward(self, query, key, value, key_padding_mask=None, need_weights: bool = True,
                attn_mask=None, average_attn_weights: bool = True,
                is_causal: bool = False):  # fmt: skip
        batched = query.ndim == 3
        if self.batch_first and batched:
            query, key, value = (t.transpose(0, 1) for t in (query, key, value))
        if not batched:
            query, key, value = (t.unsqueeze(1) for t in (query, key, value))
            if key_padding_mask is not None:
                key_padding_mask = key_padding_mask.unsqueeze(0)
        L, N, E = query.shape
        H, hd = self.num_heads, self.head_dim
        if self.embed_dim != E:
            raise AssertionError(
                f"was expecting embedding dimension of {self.embed_dim}, but got {E}"
            )
        q, k, v = self._projections(query, key, value)
        if self.bias_k is not None:
            k = _nt.cat([k, self.bias_k.expand(1, N, E)], 0)
            v = _nt.cat([v, self.bias_v.expand(1, N, E)], 0)
            if attn_mask is not None:
                attn_mask = F.pad(attn_mask, (0, 1))
            if key_padding_mask is not None:
                key_padding_mask = F.pad(key_padding_mask, (0, 1))
        q = q.reshape(L, N * H, hd).transpose(0, 1)
        k = k.reshape(k.shape[0], N * H, hd).transpose(0, 1)
        v = v.reshape(v.shape[0], N * H, hd).transpose(0, 1)
        if self.add_zero_attn:
            k = _nt.cat([k, k.new_zeros(N * H, 1, hd)], 1)
            v = _nt.cat([v, v.new_zeros(N * H, 1, hd)], 1)
            if attn_mask is not None:
                attn_mask = F.pad(attn_mask, (0, 1))
            if key_padding_mask is not None:
                key_padding_mask = F.pad(key_padding_mask, (0, 1))
        S = k.shape[1]
        if is_causal and attn_mask is None:
            attn_mask = _nt.ones(L, S, dtype=_nt.bool, device=q.device).triu(1)
        mask = _merge_masks(attn_mask, key_padding_mask, N, H, L, S, q.dtype)
        scores = (q * (1.0 / math.sqrt(hd))) @ k.transpose(1, 2)
        if mask is not None:
            scores = scores + mask
        weights = scores.softmax(-1)
        if self.dropout > 0.0 and self.training:
            weights = F.dropout(weights, self.dropout, True)
        out = (weights @ v).transpose(0, 1).reshape(L * N, E)
        out = F.linear(out, self.out_proj.weight, self.out_proj.bias).reshape(L, N, E)
        if self.batch_first and batched:
            out = out.transpose(0, 1)
        if not batched:
            out = out.squeeze(1)
        if not need_weights:
            return out, None
        weights = weights.reshape(N, H, L, S)
        if average_attn_weights:
            weights = weights.mean(1)
        return out, (weights if batched else weights.squeeze(0))


def _activation(activation):
    if callable(activation):
        return activation
    if activation == "relu":
        return F.relu
    if activation == "gelu":
        return F.gelu
    raise RuntimeError(f"activation should be relu/gelu, not {activation}")


class _TransformerLayer(Module):
    """What the encoder and decoder layers share: self-attention, the feed-forward block,
    ``parts`` LayerNorms and dropouts (norm1.., dropout1..)."""

    def __init__(self, d_model, nhead, dim_feedforward, dropout, activation, layer_norm_eps,
                 batch_first, norm_first, bias, factory, parts: int,
                 cross: bool) -> None:  # fmt: skip
        super().__init__()
        attention = dict(bias=bias, batch_first=batch_first, **factory)
        self.self_attn = MultiheadAttention(d_model, nhead, dropout, **attention)
        if cross:
            self.multihead_attn = MultiheadAttention(d_model, nhead, dropout, **attention)
        self.linear1 = Linear(d_model, dim_feedforward, bias=bias, **factory)
        self.dropout = Dropout(dropout)
        self.linear2 = Linear(dim_feedforward, d_model, bias=bias, **factory)
        self.norm_first = norm_first
        for i in range(1, parts + 1):
            setattr(self, f"norm{i}", LayerNorm(d_model, eps=layer_norm_eps, bias=bias, **factory))
        for i in range(1, parts + 1):
            setattr(self, f"dropout{i}", Dropout(dropout))
        self.activation = _activation(activation)
        self._ff_dropout = f"dropout{parts}"

    def _sa_block(self, x, mask, padding, is_causal):
        out = self.self_attn(x, x, x, attn_mask=mask, key_padding_mask=padding, need_weights=False,
                             is_causal=is_causal)[0]  # fmt: skip
        return self.dropout1(out)

    def _ff_block(self, x):
        out = self.linear2(self.dropout(self.activation(self.linear1(x))))
        return getattr(self, self._ff_dropout)(out)


class TransformerEncoderLayer(_TransformerLayer):
    r"""One Transformer encoder layer: self-attention then a feed-forward network
    (``linear2(dropout(activation(linear1(x))))``), each with a residual connection and
    LayerNorm (after it, or before it with ``norm_first``).

    Args:
        d_model (int): the number of expected features of the input.
        nhead (int): the number of attention heads.
        dim_feedforward (int): the feed-forward network's width. Default: 2048.
        dropout (float): Default: 0.1.
        activation (str or callable): ``'relu'``, ``'gelu'`` or a function. Default: relu.
        layer_norm_eps (float): Default: 1e-5.
        batch_first (bool): :math:`(N, S, E)` inputs. Default: ``False``.
        norm_first (bool): LayerNorm before each block. Default: ``False``.
        bias (bool): biases in the Linear and LayerNorm layers. Default: ``True``.

    Forward args: ``src, src_mask=None, src_key_padding_mask=None, is_causal=False``.

    Shape:
        - src: :math:`(S, N, E)` (or :math:`(N, S, E)`); output: same shape.

    Example::

        >>> layer = torch.nn.TransformerEncoderLayer(d_model=16, nhead=4, dim_feedforward=32)
        >>> layer(torch.randn(10, 2, 16)).shape
        numtensor.Size([10, 2, 16])
    """

    def __init__(self, d_model: int, nhead: int, dim_feedforward: int = 2048, dropout: float = 0.1,
                 activation="relu", layer_norm_eps: float = 1e-5, batch_first: bool = False,
                 norm_first: bool = False, bias: bool = True, device=None,
                 dtype=None) -> None:  # fmt: skip
        super().__init__(d_model, nhead, dim_feedforward, dropout, activation, layer_norm_eps,
                         batch_first, norm_first, bias, {"device": device, "dtype": dtype}, 2,
                         cross=False)  # fmt: skip

    def forward(self, src, src_mask=None, src_key_padding_mask=None, is_causal: bool = False):
        x = src
        if self.norm_first:
            x = x + self._sa_block(self.norm1(x), src_mask, src_key_padding_mask, is_causal)
            return x + self._ff_block(self.norm2(x))
        x = self.norm1(x + self._sa_block(x, src_mask, src_key_padding_mask, is_causal))
        return self.norm2(x + self._ff_block(x))


class TransformerDecoderLayer(_TransformerLayer):
    r"""One Transformer decoder layer: self-attention, attention over the encoder's output
    (``memory``), then a feed-forward network, each with a residual connection and LayerNorm.

    The arguments (``d_model``, ``nhead``, ``dim_feedforward``, ``dropout``, ``activation``,
    ``layer_norm_eps``, ``batch_first``, ``norm_first``, ``bias``, ``device``, ``dtype``) are
    those of :class:`TransformerEncoderLayer`.

    Forward args: ``tgt, memory, tgt_mask=None, memory_mask=None,
    tgt_key_padding_mask=None, memory_key_padding_mask=None, tgt_is_causal=False,
    memory_is_causal=False``.

    Shape:
        - tgt: :math:`(T, N, E)`; memory: :math:`(S, N, E)`; output: :math:`(T, N, E)`.

    Example::

        >>> layer = torch.nn.TransformerDecoderLayer(d_model=16, nhead=4, dim_feedforward=32)
        >>> layer(torch.randn(7, 2, 16), torch.randn(10, 2, 16)).shape
        numtensor.Size([7, 2, 16])
    """

    def __init__(self, d_model: int, nhead: int, dim_feedforward: int = 2048, dropout: float = 0.1,
                 activation="relu", layer_norm_eps: float = 1e-5, batch_first: bool = False,
                 norm_first: bool = False, bias: bool = True, device=None,
                 dtype=None) -> None:  # fmt: skip
        super().__init__(d_model, nhead, dim_feedforward, dropout, activation, layer_norm_eps,
                         batch_first, norm_first, bias, {"device": device, "dtype": dtype}, 3,
                         cross=True)  # fmt: skip

    def _mha_block(self, x, memory, mask, padding, is_causal):
        out = self.multihead_attn(x, memory, memory, attn_mask=mask, key_padding_mask=padding,
                                  need_weights=False, is_causal=is_causal)[0]  # fmt: skip
        return self.dropout2(out)

    def forward(self, tgt, memory, tgt_mask=None, memory_mask=None, tgt_key_padding_mask=None,
                memory_key_padding_mask=None, tgt_is_causal: bool = False,
                memory_is_causal: bool = False):  # fmt: skip
        x = tgt
        if self.norm_first:
            x = x + self._sa_block(self.norm1(x), tgt_mask, tgt_key_padding_mask, tgt_is_causal)
            x = x + self._mha_block(self.norm2(x), memory, memory_mask, memory_key_padding_mask,
                                    memory_is_causal)  # fmt: skip
            return x + self._ff_block(self.norm3(x))
        x = self.norm1(x + self._sa_block(x, tgt_mask, tgt_key_padding_mask, tgt_is_causal))
        x = self.norm2(x + self._mha_block(x, memory, memory_mask, memory_key_padding_mask,
                                           memory_is_causal))  # fmt: skip
        return self.norm3(x + self._ff_block(x))


class TransformerEncoder(Module):
    r"""A stack of ``num_layers`` copies of an encoder layer (deep copies, so not sharing
    parameters), with an optional final normalisation.

    Args:
        encoder_layer (TransformerEncoderLayer): the layer to copy.
        num_layers (int): the number of layers.
        norm (Module, optional): applied to the last layer's output.
        enable_nested_tensor, mask_check: accepted for compatibility.

    Forward args: ``src, mask=None, src_key_padding_mask=None, is_causal=None``.

    Example::

        >>> layer = torch.nn.TransformerEncoderLayer(d_model=16, nhead=4, dim_feedforward=32)
        >>> encoder = torch.nn.TransformerEncoder(layer, num_layers=2)
        >>> encoder(torch.randn(10, 2, 16)).shape
        numtensor.Size([10, 2, 16])
    """

    def __init__(self, encoder_layer, num_layers: int, norm=None, enable_nested_tensor: bool = True,
                 mask_check: bool = True) -> None:  # fmt: skip
        super().__init__()
        self.layers = ModuleList([copy.deepcopy(encoder_layer) for _ in range(num_layers)])
        self.num_layers, self.norm = num_layers, norm

    def forward(self, src, mask=None, src_key_padding_mask=None, is_causal=None):
        out = src
        for layer in self.layers:
            out = layer(out, src_mask=mask, src_key_padding_mask=src_key_padding_mask,
                        is_causal=bool(is_causal))  # fmt: skip
        return self.norm(out) if self.norm is not None else out


class TransformerDecoder(Module):
    r"""A stack of ``num_layers`` copies of a decoder layer, with an optional final
    normalisation.

    Args:
        decoder_layer (TransformerDecoderLayer): the layer to copy.
        num_layers (int): the number of layers.
        norm (Module, optional): applied to the last layer's output.

    Forward args: ``tgt, memory, tgt_mask=None, memory_mask=None, tgt_key_padding_mask=None,
    memory_key_padding_mask=None, tgt_is_causal=None, memory_is_causal=False``.

    Example::

        >>> layer = torch.nn.TransformerDecoderLayer(d_model=16, nhead=4, dim_feedforward=32)
        >>> decoder = torch.nn.TransformerDecoder(layer, num_layers=2)
        >>> decoder(torch.randn(7, 2, 16), torch.randn(10, 2, 16)).shape
        numtensor.Size([7, 2, 16])
    """

    def __init__(self, decoder_layer, num_layers: int, norm=None) -> None:
        super().__init__()
        self.layers = ModuleList([copy.deepcopy(decoder_layer) for _ in range(num_layers)])
        self.num_layers, self.norm = num_layers, norm

    def forward(self, tgt, memory, tgt_mask=None, memory_mask=None, tgt_key_padding_mask=None,
                memory_key_padding_mask=None, tgt_is_causal=None,
                memory_is_causal: bool = False):  # fmt: skip
        out = tgt
        for layer in self.layers:
            out = layer(out, memory, tgt_mask, memory_mask, tgt_key_padding_mask,
                        memory_key_padding_mask, bool(tgt_is_causal), memory_is_causal)  # fmt: skip
        return self.norm(out) if self.norm is not None else out


class Transformer(Module):
    r"""The Transformer model of "Attention Is All You Need": an encoder of
    ``num_encoder_layers`` layers and a decoder of ``num_decoder_layers`` layers (each stack
    ending with a LayerNorm); parameters with more than one dim are xavier_uniform_.

    Args:
        d_model (int): the number of features. Default: 512.
        nhead (int): the number of attention heads. Default: 8.
        num_encoder_layers, num_decoder_layers (int): Default: 6.
        dim_feedforward (int): Default: 2048.
        dropout (float): Default: 0.1.
        activation (str or callable): Default: relu.
        custom_encoder, custom_decoder (Module, optional): used instead of the built stacks.
        layer_norm_eps, batch_first, norm_first, bias, device, dtype: as in
            :class:`TransformerEncoderLayer`.

    Forward args: ``src, tgt, src_mask=None, tgt_mask=None, memory_mask=None,
    src_key_padding_mask=None, tgt_key_padding_mask=None, memory_key_padding_mask=None,
    src_is_causal=None, tgt_is_causal=None, memory_is_causal=False``.

    Shape:
        - src: :math:`(S, N, E)`; tgt: :math:`(T, N, E)`; output: :math:`(T, N, E)`.

    Example::

        >>> model = torch.nn.Transformer(d_model=16, nhead=2, num_encoder_layers=1,
        ...                              num_decoder_layers=1, dim_feedforward=32)
        >>> src, tgt = torch.randn(10, 2, 16), torch.randn(7, 2, 16)
        >>> mask = torch.nn.Transformer.generate_square_subsequent_mask(7)
        >>> model(src, tgt, tgt_mask=mask).shape
        numtensor.Size([7, 2, 16])
    """

    def __init__(self, d_model: int = 512, nhead: int = 8, num_encoder_layers: int = 6,
                 num_decoder_layers: int = 6, dim_feedforward: int = 2048, dropout: float = 0.1,
                 activation="relu", custom_encoder=None, custom_decoder=None,
                 layer_norm_eps: float = 1e-5, batch_first: bool = False, norm_first: bool = False,
                 bias: bool = True, device=None, dtype=None) -> None:  # fmt: skip
        super().__init__()
        factory = {"device": device, "dtype": dtype}
        options = dict(dim_feedforward=dim_feedforward, dropout=dropout, activation=activation,
                       layer_norm_eps=layer_norm_eps, batch_first=batch_first,
                       norm_first=norm_first, bias=bias, **factory)  # fmt: skip
        if custom_encoder is not None:
            self.encoder = custom_encoder
        else:
            layer = TransformerEncoderLayer(d_model, nhead, **options)
            norm = LayerNorm(d_model, eps=layer_norm_eps, bias=bias, **factory)
            self.encoder = TransformerEncoder(layer, num_encoder_layers, norm)
        if custom_decoder is not None:
            self.decoder = custom_decoder
        else:
            layer = TransformerDecoderLayer(d_model, nhead, **options)
            norm = LayerNorm(d_model, eps=layer_norm_eps, bias=bias, **factory)
            self.decoder = TransformerDecoder(layer, num_decoder_layers, norm)
        self.d_model, self.nhead, self.batch_first = d_model, nhead, batch_first
        for p in self.parameters():
            if p.ndim > 1:
                init.xavier_uniform_(p)

    def forward(self, src, tgt, src_mask=None, tgt_mask=None, memory_mask=None,
                src_key_padding_mask=None, tgt_key_padding_mask=None,
                memory_key_padding_mask=None, src_is_causal=None, tgt_is_causal=None,
                memory_is_causal: bool = False):  # fmt: skip
        memory = self.encoder(src, mask=src_mask, src_key_padding_mask=src_key_padding_mask,
                              is_causal=src_is_causal)  # fmt: skip
        return self.decoder(tgt, memory, tgt_mask, memory_mask, tgt_key_padding_mask,
                            memory_key_padding_mask, tgt_is_causal, memory_is_causal)  # fmt: skip

    @staticmethod
    def generate_square_subsequent_mask(sz: int, device=None, dtype=None):
        r"""Returns a square causal mask for a sequence of length ``sz``: ``-inf`` above the
        diagonal
        (position i may not attend to j > i) and 0 elsewhere, as a float tensor.

        Example::

            >>> torch.nn.Transformer.generate_square_subsequent_mask(3)
            tensor([[0., -inf, -inf],
                    [0., 0., -inf],
                    [0., 0., 0.]])
        """
        full = _nt.full((sz, sz), float("-inf"), dtype=dtype, device=device)
        return full.triu(1)
