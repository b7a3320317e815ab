"""RNN, LSTM (with projections), GRU and their cells, and the sequence packing helpers, against
torch: the same state dict gives the same outputs, hidden states and gradients."""

import numpy as np
import pytest

import numtensor as nt
from tests.conftest import torch


def _copy(ours, theirs) -> None:
    state = {k: nt.tensor(v.detach().numpy()) for k, v in theirs.state_dict().items()}
    ours.load_state_dict(state)


def _same(a, b, tol=1e-5) -> None:
    if isinstance(a, tuple):
        for x, y in zip(a, b):
            _same(x, y, tol)
        return
    if a is None:
        assert b is None
        return
    np.testing.assert_allclose(a.detach().numpy(), b.detach().numpy(), rtol=tol, atol=tol)


LAYERS = {
    "RNN": dict(kind="RNN", args=(3, 5), kwargs={}),
    "RNN relu 2 layers": dict(
        kind="RNN", args=(3, 5), kwargs=dict(num_layers=2, nonlinearity="relu")
    ),
    "RNN bidirectional batch_first": dict(
        kind="RNN", args=(3, 4), kwargs=dict(bidirectional=True, batch_first=True)
    ),
    "LSTM": dict(kind="LSTM", args=(3, 5), kwargs={}),
    "LSTM 2 layers bidirectional": dict(
        kind="LSTM", args=(3, 4), kwargs=dict(num_layers=2, bidirectional=True)
    ),
    "LSTM proj": dict(kind="LSTM", args=(3, 6), kwargs=dict(proj_size=2, num_layers=2)),
    "LSTM no bias batch_first": dict(
        kind="LSTM", args=(3, 4), kwargs=dict(bias=False, batch_first=True)
    ),
    "GRU": dict(kind="GRU", args=(3, 5), kwargs={}),
    "GRU 2 layers bidirectional": dict(
        kind="GRU", args=(3, 4), kwargs=dict(num_layers=2, bidirectional=True)
    ),
}


@pytest.mark.parametrize("name", sorted(LAYERS))
def test_layer_matches_torch(name):
    spec = LAYERS[name]
    torch.manual_seed(0)
    theirs = getattr(torch.nn, spec["kind"])(*spec["args"], **spec["kwargs"])
    ours = getattr(nt.nn, spec["kind"])(*spec["args"], **spec["kwargs"])
    assert [k for k, _ in ours.named_parameters()] == [k for k, _ in theirs.named_parameters()]
    assert [tuple(p.shape) for p in ours.parameters()] == [
        tuple(p.shape) for p in theirs.parameters()
    ]
    assert repr(ours) == repr(theirs)
    _copy(ours, theirs)
    x = np.random.default_rng(1).standard_normal((4, 2, 3)).astype(np.float32)
    tx, ox = torch.tensor(x, requires_grad=True), nt.tensor(x, requires_grad=True)
    tout, th = theirs(tx)
    oout, oh = ours(ox)
    _same(oout, tout)
    _same(oh, th)
    tout.sum().backward()
    oout.sum().backward()
    _same(ox.grad, tx.grad, 1e-4)
    for p, q in zip(ours.parameters(), theirs.parameters()):
        _same(p.grad, q.grad, 1e-4)
    # an initial state, and unbatched input
    directions = 2 if spec["kwargs"].get("bidirectional") else 1
    layers = spec["kwargs"].get("num_layers", 1) * directions
    out_size = spec["kwargs"].get("proj_size") or spec["args"][1]
    batch = 4 if spec["kwargs"].get("batch_first") else 2
    h0 = np.random.default_rng(2).standard_normal((layers, batch, out_size)).astype(np.float32)
    if spec["kind"] == "LSTM":
        c0 = (
            np.random.default_rng(3)
            .standard_normal((layers, batch, spec["args"][1]))
            .astype(np.float32)
        )
        th0, oh0 = (torch.tensor(h0), torch.tensor(c0)), (nt.tensor(h0), nt.tensor(c0))
    else:
        th0, oh0 = torch.tensor(h0), nt.tensor(h0)
    _same(ours(ox, oh0), theirs(tx, th0))
    _same(ours(ox[:, 0]), theirs(tx[:, 0]))


def test_packed_sequences_through_lstm_and_gru():
    torch.manual_seed(0)
    for kind in ("LSTM", "GRU"):
        theirs = getattr(torch.nn, kind)(3, 4, bidirectional=True)
        ours = getattr(nt.nn, kind)(3, 4, bidirectional=True)
        _copy(ours, theirs)
        x = np.random.default_rng(5).standard_normal((5, 3, 3)).astype(np.float32)
        lengths = [3, 5, 2]
        tp = torch.nn.utils.rnn.pack_padded_sequence(torch.tensor(x), lengths, enforce_sorted=False)
        op = nt.nn.utils.rnn.pack_padded_sequence(nt.tensor(x), lengths, enforce_sorted=False)
        _same(op.data, tp.data)
        assert op.batch_sizes.tolist() == tp.batch_sizes.tolist()
        assert op.sorted_indices.tolist() == tp.sorted_indices.tolist()
        tout, th = theirs(tp)
        oout, oh = ours(op)
        _same(oout.data, tout.data)
        _same(oh, th)
        tpad, tl = torch.nn.utils.rnn.pad_packed_sequence(tout, batch_first=True)
        opad, ol = nt.nn.utils.rnn.pad_packed_sequence(oout, batch_first=True)
        _same(opad, tpad)
        assert ol.tolist() == tl.tolist()


def test_padding_helpers():
    seqs = [np.arange(n * 2, dtype=np.float32).reshape(n, 2) for n in (3, 1, 2)]
    t = [torch.tensor(s) for s in seqs]
    o = [nt.tensor(s) for s in seqs]
    _same(nt.nn.utils.rnn.pad_sequence(o), torch.nn.utils.rnn.pad_sequence(t))
    options = dict(batch_first=True, padding_value=-1.0, padding_side="left")
    _same(nt.nn.utils.rnn.pad_sequence(o, **options), torch.nn.utils.rnn.pad_sequence(t, **options))
    packed = nt.nn.utils.rnn.pack_sequence(o, enforce_sorted=False)
    for a, b in zip(nt.nn.utils.rnn.unpack_sequence(packed), seqs):
        assert a.numpy().tolist() == b.tolist()
    with pytest.raises(RuntimeError, match="decreasing"):
        nt.nn.utils.rnn.pack_sequence(o)


@pytest.mark.parametrize("kind", ["RNNCell", "LSTMCell", "GRUCell"])
def test_cells_match_torch(kind):
    torch.manual_seed(0)
    theirs, ours = getattr(torch.nn, kind)(3, 4), getattr(nt.nn, kind)(3, 4)
    _copy(ours, theirs)
    x = np.random.default_rng(1).standard_normal((2, 3)).astype(np.float32)
    _same(ours(nt.tensor(x)), theirs(torch.tensor(x)))
    _same(ours(nt.tensor(x[0])), theirs(torch.tensor(x[0])))
    state = ours(nt.tensor(x))
    tstate = theirs(torch.tensor(x))
    _same(ours(nt.tensor(x), state), theirs(torch.tensor(x), tstate))
    assert repr(ours) == repr(theirs)


def test_gradcheck_through_time():
    nt.manual_seed(0)
    lstm = nt.nn.LSTM(2, 3).double()
    x = nt.randn(4, 1, 2, dtype=nt.float64, requires_grad=True)
    assert nt.autograd.gradcheck(lambda t: lstm(t)[0], (x,))


def test_errors():
    with pytest.raises(ValueError):
        nt.nn.RNN(2, 3, nonlinearity="sigmoid")
    with pytest.raises(ValueError):
        nt.nn.GRU(2, 3, proj_size=1)
    with pytest.raises(RuntimeError, match="input_size"):
        nt.nn.LSTM(2, 3)(nt.ones(4, 1, 5))
