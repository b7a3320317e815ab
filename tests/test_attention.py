"""scaled_dot_product_attention, MultiheadAttention and the Transformer layers (issue 15)
against torch: the same state dict gives the same outputs, weights and gradients."""

import numpy as np
import pytest

import numtensor as nt
from tests.conftest import torch


def _copy(ours, theirs) -> None:
    state = {k: nt.tensor(v.detach().numpy()) for k, v in theirs.state_dict().items()}
    ours.load_state_dict(state)
    assert list(ours.state_dict()) == list(theirs.state_dict())


def _same(a, b, tol=2e-5) -> None:
    if isinstance(a, tuple):
        for x, y in zip(a, b):
            _same(x, y, tol)
        return
    if a is None or b is None:
        assert a is None and b is None
        return
    np.testing.assert_allclose(a.detach().numpy(), b.detach().numpy(), rtol=tol, atol=tol)


def r(*shape, seed=0):
    return np.random.default_rng(seed).standard_normal(shape).astype(np.float32)


def test_scaled_dot_product_attention():
    q, k, v = r(2, 3, 4, 8), r(2, 3, 6, 8, seed=1), r(2, 3, 6, 5, seed=2)
    T = lambda a: torch.tensor(a)  # noqa: E731
    N = lambda a: nt.tensor(a)  # noqa: E731
    sdpa_t, sdpa_n = (
        torch.nn.functional.scaled_dot_product_attention,
        nt.nn.functional.scaled_dot_product_attention,
    )
    _same(sdpa_n(N(q), N(k), N(v)), sdpa_t(T(q), T(k), T(v)))
    _same(sdpa_n(N(q), N(k[..., :4, :]), N(v[..., :4, :]), is_causal=True),
          sdpa_t(T(q), T(k[..., :4, :]), T(v[..., :4, :]), is_causal=True))  # fmt: skip
    mask = np.random.default_rng(3).random((4, 6)) > 0.3
    mask[:, 0] = True
    _same(sdpa_n(N(q), N(k), N(v), attn_mask=N(mask)), sdpa_t(T(q), T(k), T(v), attn_mask=T(mask)))
    _same(sdpa_n(N(q), N(k), N(v), attn_mask=N(r(4, 6, seed=4)), scale=0.3),
          sdpa_t(T(q), T(k), T(v), attn_mask=T(r(4, 6, seed=4)), scale=0.3))  # fmt: skip
    _same(sdpa_n(N(q), N(k[:, :1]), N(v[:, :1]), enable_gqa=True),
          sdpa_t(T(q), T(k[:, :1]), T(v[:, :1]), enable_gqa=True))  # fmt: skip


MHA = {
    "plain": dict(args=(8, 2), kwargs={}, call={}),
    "batch_first masks": dict(
        args=(8, 4), kwargs=dict(batch_first=True), call=dict(padding=True, mask=True)
    ),
    "kdim vdim no average": dict(
        args=(8, 2), kwargs=dict(kdim=5, vdim=3), call=dict(average=False)
    ),
    "bias_kv zero_attn": dict(
        args=(8, 2), kwargs=dict(add_bias_kv=True, add_zero_attn=True), call=dict(padding=True)
    ),
    "no bias causal": dict(args=(8, 2), kwargs=dict(bias=False), call=dict(causal=True)),
}


@pytest.mark.parametrize("name", sorted(MHA))
def test_multihead_attention(name):
    spec = MHA[name]
    torch.manual_seed(0)
    theirs = torch.nn.MultiheadAttention(*spec["args"], **spec["kwargs"]).eval()
    ours = nt.nn.MultiheadAttention(*spec["args"], **spec["kwargs"]).eval()
    _copy(ours, theirs)
    batch_first = spec["kwargs"].get("batch_first", False)
    kd, vd = spec["kwargs"].get("kdim", 8), spec["kwargs"].get("vdim", 8)

    def shape(length):
        return (2, length) if batch_first else (length, 2)

    q, k, v = r(*shape(4), 8), r(*shape(5), kd, seed=1), r(*shape(5), vd, seed=2)
    call_t, call_n = {}, {}
    if spec["call"].get("padding"):
        pad = np.array([[False, False, False, True, True], [False] * 5])
        call_t["key_padding_mask"], call_n["key_padding_mask"] = torch.tensor(pad), nt.tensor(pad)
    if spec["call"].get("mask"):
        m = r(4, 5, seed=7)
        call_t["attn_mask"], call_n["attn_mask"] = torch.tensor(m), nt.tensor(m)
    if spec["call"].get("causal"):
        cm = np.triu(np.ones((4, 5), dtype=bool), 1)
        call_t.update(attn_mask=torch.tensor(cm), is_causal=True)
        call_n.update(attn_mask=nt.tensor(cm), is_causal=True)
    if spec["call"].get("average") is False:
        call_t["average_attn_weights"] = call_n["average_attn_weights"] = False
    tq, tk, tv = (torch.tensor(a, requires_grad=True) for a in (q, k, v))
    nq, nk, nv = (nt.tensor(a, requires_grad=True) for a in (q, k, v))
    tout = theirs(tq, tk, tv, **call_t)
    nout = ours(nq, nk, nv, **call_n)
    _same(nout, tout)
    tout[0].sum().backward()
    nout[0].sum().backward()
    _same((nq.grad, nk.grad, nv.grad), (tq.grad, tk.grad, tv.grad), 1e-4)
    for p, t in zip(ours.parameters(), theirs.parameters()):
        _same(p.grad, t.grad, 1e-4)


@pytest.mark.parametrize("norm_first", [False, True])
@pytest.mark.parametrize("batch_first", [False, True])
def test_transformer_layers_and_model(norm_first, batch_first):
    torch.manual_seed(0)
    options = dict(dim_feedforward=16, dropout=0.0, batch_first=batch_first, norm_first=norm_first)
    theirs = torch.nn.Transformer(8, 2, 2, 2, **options).eval()
    ours = nt.nn.Transformer(8, 2, 2, 2, **options).eval()
    _copy(ours, theirs)
    shape = (lambda L: (3, L, 8)) if batch_first else (lambda L: (L, 3, 8))
    src, tgt = r(*shape(5)), r(*shape(4), seed=1)
    mask = torch.nn.Transformer.generate_square_subsequent_mask(4)
    nmask = nt.nn.Transformer.generate_square_subsequent_mask(4)
    _same(nmask, mask)
    pad = np.array([[False] * 5, [False, False, False, False, True], [False] * 5])
    tout = theirs(
        torch.tensor(src), torch.tensor(tgt), tgt_mask=mask, src_key_padding_mask=torch.tensor(pad)
    )
    nout = ours(nt.tensor(src), nt.tensor(tgt), tgt_mask=nmask, src_key_padding_mask=nt.tensor(pad))
    _same(nout, tout, 1e-4)
    layer_t = torch.nn.TransformerEncoderLayer(
        8, 2, 16, 0.0, activation="gelu", batch_first=batch_first, norm_first=norm_first
    ).eval()
    layer_n = nt.nn.TransformerEncoderLayer(
        8, 2, 16, 0.0, activation="gelu", batch_first=batch_first, norm_first=norm_first
    ).eval()
    _copy(layer_n, layer_t)
    _same(layer_n(nt.tensor(src)), layer_t(torch.tensor(src)), 1e-4)


def test_multihead_attention_repr_names_its_projection_as_torch():
    from tests.conftest import torch as reference

    assert repr(nt.nn.MultiheadAttention(4, 2)) == repr(reference.nn.MultiheadAttention(4, 2))
    layer = nt.nn.TransformerEncoderLayer(4, 2, 8)
    assert repr(layer) == repr(reference.nn.TransformerEncoderLayer(4, 2, 8))
