"""Recurrent layers: RNN, LSTM (with projections), GRU and their cells, composed of matmuls
and pointwise ops (gradients through time come with autograd). Parameters and their names,
shapes, gate orders and initialisation follow PyTorch, so state dicts move between the two.
PackedSequence inputs run with each sequence's hidden state frozen past its length."""

from __future__ import annotations

import math

import numtensor as _nt

from .. import functional as F
from ..parameter import Parameter
from ..utils.rnn import PackedSequence, pack_padded_sequence
from .module import Module

_GATES = {"RNN_TANH": 1, "RNN_RELU": 1, "LSTM": 4, "GRU": 3}


def _cell(mode: str, x, state, w_ih, w_hh, b_ih, b_hh, w_hr=None):
    """One time step: the new hidden state (and cell state for LSTM)."""
    gi = F.linear(x, w_ih, b_ih)
    h = state[0] if mode == "LSTM" else state
    gh = F.linear(h, w_hh, b_hh)
    if mode == "RNN_TANH":
        return (gi + gh).tanh()
    if mode == "RNN_RELU":
        return (gi + gh).relu()
    if mode == "GRU":
        ir, iz, in_ = gi.chunk(3, -1)
        hr, hz, hn = gh.chunk(3, -1)
        r, z = (ir + hr).sigmoid(), (iz + hz).sigmoid()
        n = (in_ + r * hn).tanh()
        return (1 - z) * n + z * h
    i, f, g, o = (gi + gh).chunk(4, -1)
    c = f.sigmoid() * state[1] + i.sigmoid() * g.tanh()
    h = o.sigmoid() * c.tanh()
    if w_hr is not None:
        h = F.linear(h, w_hr)
    return h, c


def _sorted_padded(sequence):
    """A PackedSequence as a padded [T, B, *] batch in its sorted order, and the lengths."""
    data, batch_sizes = sequence.data, sequence.batch_sizes.tolist()
    batch = batch_sizes[0]
    rows, start = [], 0
    for b in batch_sizes:
        step = data[start : start + b]
        if b < batch:
            step = _nt.cat([step, step.new_zeros((batch - b, *step.shape[1:]))], 0)
        rows.append(step)
        start += b
    lengths = [sum(1 for b in batch_sizes if b > i) for i in range(batch)]
    return _nt.stack(rows, 0), lengths


class RNNBase(Module):
    r"""The base class of :class:`RNN`, :class:`LSTM` and :class:`GRU`: the layers, the
    parameters named as PyTorch names them (``weight_ih_l0``, ``bias_hh_l1_reverse``, ...),
    their initialisation, packed sequences and the multi-layer, bidirectional loop.

    Args:
        mode (str): ``'RNN_TANH'``, ``'RNN_RELU'``, ``'LSTM'`` or ``'GRU'``.

    The other arguments (``input_size``, ``hidden_size``, ``num_layers``, ``bias``,
    ``batch_first``, ``dropout``, ``bidirectional``, ``proj_size``, ``device``, ``dtype``) are
    those of :class:`LSTM`.

    Example::

        >>> rnn = torch.nn.GRU(4, 3, num_layers=2)
        >>> isinstance(rnn, torch.nn.RNNBase), [n for n, _ in rnn.named_parameters()][:4]
        (True, ['weight_ih_l0', 'weight_hh_l0', 'bias_ih_l0', 'bias_hh_l0'])
    """

    def __init__(self, mode: str, input_size: int, hidden_size: int, num_layers: int = 1,
                 bias: bool = True, batch_first: bool = False, dropout: float = 0.0,
                 bidirectional: bool = False, proj_size: int = 0, device=None,
                 dtype=None) -> None:  # fmt: skip
        super().__init__()
        if not 0 <= dropout <= 1 or isinstance(dropout, bool):
            raise ValueError(
                "dropout should be a number in range [0, 1] representing the probability of an "
                "element being zeroed"
            )
        if hidden_size <= 0:
            raise ValueError("hidden_size must be greater than zero")
        if num_layers <= 0:
            raise ValueError("num_layers must be greater than zero")
        if proj_size < 0:
            raise ValueError(
                "proj_size should be a positive integer or zero to disable projections"
            )
        if proj_size >= hidden_size:
            raise ValueError("proj_size has to be smaller than hidden_size")
        if proj_size and mode != "LSTM":
            raise ValueError("proj_size argument is only supported for LSTM, not RNN or GRU")
        self.mode, self.input_size, self.hidden_size = mode, input_size, hidden_size
        self.num_layers, self.bias, self.batch_first = num_layers, bias, batch_first
        self.dropout, self.bidirectional, self.proj_size = float(dropout), bidirectional, proj_size
        factory = {"device": device, "dtype": dtype}
        gates = _GATES[mode] * hidden_size
        out_size = proj_size or hidden_size
        directions = 2 if bidirectional else 1
        self._flat_weights_names = []
        for layer in range(num_layers):
            for d in range(directions):
                suffix = f"_l{layer}" + ("_reverse" if d else "")
                width = input_size if layer == 0 else out_size * directions
                shapes = [("weight_ih", (gates, width)), ("weight_hh", (gates, out_size))]
                if bias:
                    shapes += [("bias_ih", (gates,)), ("bias_hh", (gates,))]
                if proj_size:
                    shapes.append(("weight_hr", (proj_size, hidden_size)))
                for name, shape in shapes:
                    self.register_parameter(name + suffix, Parameter(_nt.empty(shape, **factory)))
                    self._flat_weights_names.append(name + suffix)
        self.reset_parameters()

    def reset_parameters(self) -> None:
        r"""Re-draws every weight and bias from U(-k, k), k = 1/sqrt(hidden_size).

        Example::

            >>> rnn = torch.nn.LSTM(3, 4)
            >>> rnn.reset_parameters()
            >>> bool(rnn.weight_ih_l0.abs().max() <= 0.5)
            True
        """
        bound = 1.0 / math.sqrt(self.hidden_size) if self.hidden_size > 0 else 0
        for weight in self.parameters():
            _nt.nn.init.uniform_(weight, -bound, bound)

    def _weights(self, layer: int, d: int):
        suffix = f"_l{layer}" + ("_reverse" if d else "")
        names = ("weight_ih", "weight_hh", "bias_ih", "bias_hh", "weight_hr")
        return tuple(getattr(self, name + suffix, None) for name in names)

    def extra_repr(self) -> str:
        text = f"{self.input_size}, {self.hidden_size}"
        if self.proj_size:
            text += f", proj_size={self.proj_size}"
        if self.num_layers != 1:
            text += f", num_layers={self.num_layers}"
        if not self.bias:
            text += ", bias=False"
        if self.batch_first:
            text += ", batch_first=True"
        if self.dropout:
            text += f", dropout={self.dropout}"
        if self.bidirectional:
            text += ", bidirectional=True"
        return text

    def forward(self, input, hx=None):
        packed = isinstance(input, PackedSequence)
        if packed:
            x, lengths = _sorted_padded(input)
            batched, sorted_indices = True, input.sorted_indices
        else:
            if input.ndim not in (2, 3):
                raise ValueError(
                    f"{type(self).__name__}: Expected input to be 2D or 3D, got {input.ndim}D "
                    "instead"
                )
            batched = input.ndim == 3
            x = input if batched else input.unsqueeze(1)
            if batched and self.batch_first:
                x = x.transpose(0, 1)
            lengths, sorted_indices = None, None
        if x.shape[-1] != self.input_size:
            raise RuntimeError(
                f"input.size(-1) must be equal to input_size. Expected {self.input_size}, got "
                f"{x.shape[-1]}"
            )
        steps, batch = x.shape[0], x.shape[1]
        directions = 2 if self.bidirectional else 1
        out_size = self.proj_size or self.hidden_size
        lstm = self.mode == "LSTM"
        h0, c0 = self._initial(hx, batch, directions, out_size, x, batched, lstm, sorted_indices)
        masks = None
        if lengths is not None:
            t = _nt.arange(steps, device=x.device).unsqueeze(1)
            masks = (t < _nt.tensor(lengths, device=x.device).unsqueeze(0)).unsqueeze(-1)
        h_n, c_n, layer_input = [], [], x
        for layer in range(self.num_layers):
            outputs = []
            for d in range(directions):
                k = layer * directions + d
                state = (h0[k], c0[k]) if lstm else h0[k]
                weights = self._weights(layer, d)
                seq = [None] * steps
                order = range(steps - 1, -1, -1) if d else range(steps)
                for t in order:
                    new = _cell(self.mode, layer_input[t], state, *weights)
                    if masks is not None:
                        keep = masks[t]
                        new = (
                            tuple(_nt.where(keep, n, o) for n, o in zip(new, state))
                            if lstm
                            else _nt.where(keep, new, state)
                        )
                    state = new
                    h = state[0] if lstm else state
                    seq[t] = h if masks is None else h * masks[t]
                outputs.append(_nt.stack(seq, 0))
                h_n.append(state[0] if lstm else state)
                if lstm:
                    c_n.append(state[1])
            layer_input = outputs[0] if directions == 1 else _nt.cat(outputs, -1)
            if self.dropout and self.training and layer < self.num_layers - 1:
                layer_input = F.dropout(layer_input, self.dropout, True)
        output = layer_input
        h_n = _nt.stack(h_n, 0)
        c_n = _nt.stack(c_n, 0) if lstm else None
        if packed:
            output = pack_padded_sequence(output, lengths, enforce_sorted=True)
            output = PackedSequence(
                output.data, output.batch_sizes, input.sorted_indices, input.unsorted_indices
            )
            if input.unsorted_indices is not None:
                h_n = h_n.index_select(1, input.unsorted_indices)
                c_n = c_n.index_select(1, input.unsorted_indices) if lstm else None
        elif not batched:
            output, h_n = output.squeeze(1), h_n.squeeze(1)
            c_n = c_n.squeeze(1) if lstm else None
        elif self.batch_first:
            output = output.transpose(0, 1)
        return output, ((h_n, c_n) if lstm else h_n)

    def _initial(self, hx, batch, directions, out_size, x, batched, lstm, sorted_indices):
        layers = self.num_layers * directions
        if hx is None:
            h0 = x.new_zeros(layers, batch, out_size)
            c0 = x.new_zeros(layers, batch, self.hidden_size) if lstm else None
            return h0, c0
        h0, c0 = hx if lstm else (hx, None)
        if not batched:
            if h0.ndim != 2:
                raise RuntimeError(
                    f"For unbatched 2-D input, hx should also be 2-D but got {h0.ndim}-D tensor"
                )
            h0 = h0.unsqueeze(1)
            c0 = c0.unsqueeze(1) if lstm else None
        elif h0.ndim != 3:
            raise RuntimeError(
                f"For batched 3-D input, hx should also be 3-D but got {h0.ndim}-D tensor"
            )
        expected = (layers, batch, out_size)
        if tuple(h0.shape) != expected:
            which = "hidden[0]" if lstm else "hidden"
            raise RuntimeError(f"Expected {which} size {expected}, got {list(h0.shape)}")
        if lstm and tuple(c0.shape) != (layers, batch, self.hidden_size):
            raise RuntimeError(
                f"Expected hidden[1] size {(layers, batch, self.hidden_size)}, got {list(c0.shape)}"
            )
        if sorted_indices is not None:
            h0 = h0.index_select(1, sorted_indices)
            c0 = c0.index_select(1, sorted_indices) if lstm else None
        return h0, c0


class RNN(RNNBase):
    r"""Applies a multi-layer Elman RNN with tanh or ReLU to an input sequence:
    ``h_t = tanh(x_t W_ih^T + b_ih + h_(t-1) W_hh^T + b_hh)`` for each element, each layer's
    ``h_t`` being the next layer's input.

    Args:
        input_size (int): the number of features of the input ``x``.
        hidden_size (int): the number of features of the hidden state ``h``.
        num_layers (int): the number of stacked layers. Default: 1.
        bias (bool): use the biases ``b_ih`` and ``b_hh``. Default: ``True``.
        batch_first (bool): input and output are :math:`(N, L, H)` instead of :math:`(L, N, H)`
            (not the hidden states). Default: ``False``.
        dropout (float): dropout on the outputs of every layer but the last. Default: 0.
        bidirectional (bool): also run the sequence backwards and concatenate. Default: ``False``.
        nonlinearity (str): ``'tanh'`` or ``'relu'``. Default: ``'tanh'``.
        device, dtype: where and in which floating dtype the parameters are created.

    Inputs: input, h_0 (optional). Outputs: output, h_n.

    Shape (D = 2 if bidirectional else 1):
        - input: :math:`(L, N, H_{in})`, :math:`(N, L, H_{in})` with ``batch_first``,
          :math:`(L, H_{in})` unbatched, or a :class:`~numtensor.nn.utils.rnn.PackedSequence`.
        - h_0: :math:`(D * num\_layers, N, H_{out})`, zeros when not given.
        - output: :math:`(L, N, D * H_{out})`, the last layer's ``h_t`` for every t
          (a PackedSequence for a packed input).
        - h_n: :math:`(D * num\_layers, N, H_{out})`, the final hidden states.

    Attributes:
        weight_ih_l[k] (Tensor): the input-hidden weights of layer k, ``(G * hidden_size,
            input_size)`` for k = 0, else ``(G * hidden_size, D * hidden_size)``.
        weight_hh_l[k] (Tensor): the hidden-hidden weights of layer k, ``(G * hidden_size,
            hidden_size)``.
        bias_ih_l[k], bias_hh_l[k] (Tensor): the biases, ``(G * hidden_size,)``.
        (``_reverse`` versions for the backward direction.) All drawn from U(-k, k) with
        k = 1/sqrt(hidden_size); G = 1.

    Example::

        >>> rnn = torch.nn.RNN(10, 20, 2)
        >>> output, hn = rnn(torch.randn(5, 3, 10), torch.zeros(2, 3, 20))
        >>> output.shape, hn.shape
        (numtensor.Size([5, 3, 20]), numtensor.Size([2, 3, 20]))
    """

    def __init__(self, input_size: int, hidden_size: int, num_layers: int = 1,
                 nonlinearity: str = "tanh", bias: bool = True, batch_first: bool = False,
                 dropout: float = 0.0, bidirectional: bool = False, device=None,
                 dtype=None, proj_size: int = 0) -> None:  # fmt: skip
        if nonlinearity not in ("tanh", "relu"):
            raise ValueError(
                f"Unknown nonlinearity '{nonlinearity}'. Select from 'tanh' or 'relu'."
            )
        mode = "RNN_TANH" if nonlinearity == "tanh" else "RNN_RELU"
        self.nonlinearity = nonlinearity
        super().__init__(mode, input_size, hidden_size, num_layers, bias, batch_first, dropout,
                         bidirectional, proj_size, device, dtype)  # fmt: skip


class LSTM(RNNBase):
    r"""Applies a multi-layer long short-term memory RNN to an input sequence. For each element
    each layer computes::

        i_t = sigmoid(W_ii x_t + b_ii + W_hi h_(t-1) + b_hi)
        f_t = sigmoid(W_if x_t + b_if + W_hf h_(t-1) + b_hf)
        g_t = tanh(W_ig x_t + b_ig + W_hg h_(t-1) + b_hg)
        o_t = sigmoid(W_io x_t + b_io + W_ho h_(t-1) + b_ho)
        c_t = f_t * c_(t-1) + i_t * g_t
        h_t = o_t * tanh(c_t)

    (``h_t`` then multiplied by ``W_hr`` when ``proj_size > 0``.)

    Args:
        input_size (int): the number of features of the input ``x``.
        hidden_size (int): the number of features of the hidden state ``h``.
        num_layers (int): the number of stacked layers. Default: 1.
        bias (bool): use the biases ``b_ih`` and ``b_hh``. Default: ``True``.
        batch_first (bool): input and output are :math:`(N, L, H)` instead of :math:`(L, N, H)`
            (not the hidden states). Default: ``False``.
        dropout (float): dropout on the outputs of every layer but the last. Default: 0.
        bidirectional (bool): also run the sequence backwards and concatenate. Default: ``False``.
        proj_size (int): if > 0, an LSTM with projections of this size. Default: 0.
        device, dtype: where and in which floating dtype the parameters are created.

    Inputs: input, (h_0, c_0) (optional). Outputs: output, (h_n, c_n).

    Shape (D = 2 if bidirectional else 1):
        - input: :math:`(L, N, H_{in})`, :math:`(N, L, H_{in})` with ``batch_first``,
          :math:`(L, H_{in})` unbatched, or a :class:`~numtensor.nn.utils.rnn.PackedSequence`.
        - h_0: :math:`(D * num\_layers, N, H_{out})`, zeros when not given.
        - output: :math:`(L, N, D * H_{out})`, the last layer's ``h_t`` for every t
          (a PackedSequence for a packed input).
        - h_n: :math:`(D * num\_layers, N, H_{out})`, the final hidden states.
        - c_0, c_n: :math:`(D * num\_layers, N, H_{cell})`, the cell states.

    Attributes:
        weight_ih_l[k] (Tensor): the input-hidden weights of layer k, ``(G * hidden_size,
            input_size)`` for k = 0, else ``(G * hidden_size, D * hidden_size)``.
        weight_hh_l[k] (Tensor): the hidden-hidden weights of layer k, ``(G * hidden_size,
            hidden_size)``.
        bias_ih_l[k], bias_hh_l[k] (Tensor): the biases, ``(G * hidden_size,)``.
        (``_reverse`` versions for the backward direction.) All drawn from U(-k, k) with
        k = 1/sqrt(hidden_size); G = 4 (gates i, f, g, o).

    Example::

        >>> rnn = torch.nn.LSTM(10, 20, 2)
        >>> input = torch.randn(5, 3, 10)
        >>> h0, c0 = torch.zeros(2, 3, 20), torch.zeros(2, 3, 20)
        >>> output, (hn, cn) = rnn(input, (h0, c0))
        >>> output.shape, hn.shape, cn.shape
        (numtensor.Size([5, 3, 20]), numtensor.Size([2, 3, 20]), numtensor.Size([2, 3, 20]))
        >>> lstm = torch.nn.LSTM(4, 8, batch_first=True, bidirectional=True)
        >>> out, _ = lstm(torch.randn(2, 7, 4))
        >>> out.shape
        numtensor.Size([2, 7, 16])
    """

    def __init__(self, input_size: int, hidden_size: int, num_layers: int = 1, bias: bool = True,
                 batch_first: bool = False, dropout: float = 0.0, bidirectional: bool = False,
                 proj_size: int = 0, device=None, dtype=None) -> None:  # fmt: skip
        super().__init__("LSTM", input_size, hidden_size, num_layers, bias, batch_first, dropout,
                         bidirectional, proj_size, device, dtype)  # fmt: skip


class GRU(RNNBase):
    r"""Applies a multi-layer gated recurrent unit RNN to an input sequence. For each element
    each layer computes::

        r_t = sigmoid(W_ir x_t + b_ir + W_hr h_(t-1) + b_hr)
        z_t = sigmoid(W_iz x_t + b_iz + W_hz h_(t-1) + b_hz)
        n_t = tanh(W_in x_t + b_in + r_t * (W_hn h_(t-1) + b_hn))
        h_t = (1 - z_t) * n_t + z_t * h_(t-1)

    Args:
        input_size (int): the number of features of the input ``x``.
        hidden_size (int): the number of features of the hidden state ``h``.
        num_layers (int): the number of stacked layers. Default: 1.
        bias (bool): use the biases ``b_ih`` and ``b_hh``. Default: ``True``.
        batch_first (bool): input and output are :math:`(N, L, H)` instead of :math:`(L, N, H)`
            (not the hidden states). Default: ``False``.
        dropout (float): dropout on the outputs of every layer but the last. Default: 0.
        bidirectional (bool): also run the sequence backwards and concatenate. Default: ``False``.
        device, dtype: where and in which floating dtype the parameters are created.

    Inputs: input, h_0 (optional). Outputs: output, h_n.

    Shape (D = 2 if bidirectional else 1):
        - input: :math:`(L, N, H_{in})`, :math:`(N, L, H_{in})` with ``batch_first``,
          :math:`(L, H_{in})` unbatched, or a :class:`~numtensor.nn.utils.rnn.PackedSequence`.
        - h_0: :math:`(D * num\_layers, N, H_{out})`, zeros when not given.
        - output: :math:`(L, N, D * H_{out})`, the last layer's ``h_t`` for every t
          (a PackedSequence for a packed input).
        - h_n: :math:`(D * num\_layers, N, H_{out})`, the final hidden states.

    Attributes:
        weight_ih_l[k] (Tensor): the input-hidden weights of layer k, ``(G * hidden_size,
            input_size)`` for k = 0, else ``(G * hidden_size, D * hidden_size)``.
        weight_hh_l[k] (Tensor): the hidden-hidden weights of layer k, ``(G * hidden_size,
            hidden_size)``.
        bias_ih_l[k], bias_hh_l[k] (Tensor): the biases, ``(G * hidden_size,)``.
        (``_reverse`` versions for the backward direction.) All drawn from U(-k, k) with
        k = 1/sqrt(hidden_size); G = 3 (gates r, z, n).

    Example::

        >>> rnn = torch.nn.GRU(10, 20, 2)
        >>> output, hn = rnn(torch.randn(5, 3, 10))
        >>> output.shape, hn.shape
        (numtensor.Size([5, 3, 20]), numtensor.Size([2, 3, 20]))
    """

    def __init__(self, input_size: int, hidden_size: int, num_layers: int = 1, bias: bool = True,
                 batch_first: bool = False, dropout: float = 0.0, bidirectional: bool = False,
                 device=None, dtype=None, proj_size: int = 0) -> None:  # fmt: skip
        super().__init__("GRU", input_size, hidden_size, num_layers, bias, batch_first, dropout,
                         bidirectional, proj_size, device, dtype)  # fmt: skip


class RNNCellBase(Module):
    r"""The base class of :class:`RNNCell`, :class:`LSTMCell` and :class:`GRUCell`: one time
    step, with parameters ``weight_ih``, ``weight_hh``, ``bias_ih`` and ``bias_hh`` drawn from
    U(-k, k), k = 1/sqrt(hidden_size).

    Example::

        >>> cell = torch.nn.GRUCell(3, 2)
        >>> isinstance(cell, torch.nn.RNNCellBase), cell.weight_ih.shape
        (True, numtensor.Size([6, 3]))
    """

    def __init__(self, input_size: int, hidden_size: int, bias: bool, gates: int, device=None,
                 dtype=None) -> None:  # fmt: skip
        super().__init__()
        self.input_size, self.hidden_size, self.bias = input_size, hidden_size, bias
        factory = {"device": device, "dtype": dtype}
        self.weight_ih = Parameter(_nt.empty(gates * hidden_size, input_size, **factory))
        self.weight_hh = Parameter(_nt.empty(gates * hidden_size, hidden_size, **factory))
        if bias:
            self.bias_ih = Parameter(_nt.empty(gates * hidden_size, **factory))
            self.bias_hh = Parameter(_nt.empty(gates * hidden_size, **factory))
        else:
            self.register_parameter("bias_ih", None)
            self.register_parameter("bias_hh", None)
        bound = 1.0 / math.sqrt(hidden_size) if hidden_size > 0 else 0
        for weight in self.parameters():
            _nt.nn.init.uniform_(weight, -bound, bound)

    def extra_repr(self) -> str:
        text = f"{self.input_size}, {self.hidden_size}"
        if not self.bias:
            text += ", bias=False"
        if getattr(self, "nonlinearity", "tanh") != "tanh":
            text += f", nonlinearity={self.nonlinearity}"
        return text

    def _run(self, mode: str, input, state):
        if input.ndim not in (1, 2):
            raise ValueError(
                f"{type(self).__name__}: Expected input to be 1D or 2D, got {input.ndim}D instead"
            )
        batched = input.ndim == 2
        x = input if batched else input.unsqueeze(0)
        if state is None:
            zeros = x.new_zeros(x.shape[0], self.hidden_size)
            state = (zeros, zeros) if mode == "LSTM" else zeros
        elif not batched:
            state = tuple(s.unsqueeze(0) for s in state) if mode == "LSTM" else state.unsqueeze(0)
        out = _cell(mode, x, state, self.weight_ih, self.weight_hh, self.bias_ih, self.bias_hh)
        if batched:
            return out
        return tuple(o.squeeze(0) for o in out) if mode == "LSTM" else out.squeeze(0)


class RNNCell(RNNCellBase):
    r"""An Elman RNN cell (one time step): ``h' = tanh(x W_ih^T + b_ih + h W_hh^T + b_hh)``.

    Args:
        input_size (int): the number of features of ``x``.
        hidden_size (int): the number of features of ``h``.
        bias (bool): use ``b_ih`` and ``b_hh``. Default: ``True``.
        nonlinearity (str): ``'tanh'`` or ``'relu'``. Default: ``'tanh'``.

    Shape:
        - input: :math:`(N, H_{in})` or :math:`(H_{in})`; hidden: :math:`(N, H_{out})`, zeros
          when not given.
        - output: :math:`(N, H_{out})`, the next hidden state.

    Attributes:
        weight_ih (Tensor): ``(hidden_size, input_size)``.
        weight_hh (Tensor): ``(hidden_size, hidden_size)``.
        bias_ih, bias_hh (Tensor): ``(hidden_size,)``. All are drawn from U(-k, k),
            k = 1/sqrt(hidden_size).

    Example::

        >>> cell = torch.nn.RNNCell(10, 20)
        >>> hx = torch.zeros(3, 20)
        >>> for x in torch.randn(6, 3, 10):
        ...     hx = cell(x, hx)
        >>> hx.shape
        numtensor.Size([3, 20])
    """

    def __init__(self, input_size: int, hidden_size: int, bias: bool = True,
                 nonlinearity: str = "tanh", device=None, dtype=None) -> None:  # fmt: skip
        super().__init__(input_size, hidden_size, bias, 1, device, dtype)
        if nonlinearity not in ("tanh", "relu"):
            raise ValueError(f"Unknown nonlinearity: {nonlinearity}")
        self.nonlinearity = nonlinearity

    def forward(self, input, hx=None):
        return self._run("RNN_TANH" if self.nonlinearity == "tanh" else "RNN_RELU", input, hx)


class LSTMCell(RNNCellBase):
    r"""A long short-term memory cell (one time step; the gates of :class:`LSTM`).

    Args:
        input_size (int): the number of features of ``x``.
        hidden_size (int): the number of features of ``h`` and ``c``.
        bias (bool): use ``b_ih`` and ``b_hh``. Default: ``True``.

    Shape:
        - input: :math:`(N, H_{in})` or :math:`(H_{in})`; (h_0, c_0): each :math:`(N, H)`, zeros
          when not given.
        - output: (h_1, c_1), each :math:`(N, H)`.

    Attributes:
        weight_ih (Tensor): ``(4 * hidden_size, input_size)``.
        weight_hh (Tensor): ``(4 * hidden_size, hidden_size)``.
        bias_ih, bias_hh (Tensor): ``(4 * hidden_size,)``. All are drawn from U(-k, k),
            k = 1/sqrt(hidden_size).

    Example::

        >>> cell = torch.nn.LSTMCell(10, 20)
        >>> hx, cx = torch.zeros(3, 20), torch.zeros(3, 20)
        >>> for x in torch.randn(4, 3, 10):
        ...     hx, cx = cell(x, (hx, cx))
        >>> hx.shape, cx.shape
        (numtensor.Size([3, 20]), numtensor.Size([3, 20]))
    """

    def __init__(self, input_size: int, hidden_size: int, bias: bool = True, device=None,
                 dtype=None) -> None:  # fmt: skip
        super().__init__(input_size, hidden_size, bias, 4, device, dtype)

    def forward(self, input, hx=None):
        return self._run("LSTM", input, hx)


class GRUCell(RNNCellBase):
    r"""A gated recurrent unit cell (one time step; the gates of :class:`GRU`).

    Args:
        input_size (int): the number of features of ``x``.
        hidden_size (int): the number of features of ``h``.
        bias (bool): use ``b_ih`` and ``b_hh``. Default: ``True``.

    Shape:
        - input: :math:`(N, H_{in})` or :math:`(H_{in})`; hidden: :math:`(N, H)`, zeros when
          not given.
        - output: :math:`(N, H)`, the next hidden state.

    Attributes:
        weight_ih (Tensor): ``(3 * hidden_size, input_size)``.
        weight_hh (Tensor): ``(3 * hidden_size, hidden_size)``.
        bias_ih, bias_hh (Tensor): ``(3 * hidden_size,)``. All are drawn from U(-k, k),
            k = 1/sqrt(hidden_size).

    Example::

        >>> cell = torch.nn.GRUCell(10, 20)
        >>> cell(torch.randn(3, 10)).shape
        numtensor.Size([3, 20])
    """

    def __init__(self, input_size: int, hidden_size: int, bias: bool = True, device=None,
                 dtype=None) -> None:  # fmt: skip
        super().__init__(input_size, hidden_size, bias, 3, device, dtype)

    def forward(self, input, hx=None):
        return self._run("GRU", input, hx)
