"""What ``Module.load_state_dict`` returns: a named tuple printed as PyTorch prints it."""

import numtensor as nt
from tests.conftest import torch


def _pair(lib):
    lib.manual_seed(0)
    return lib.nn.Linear(2, 2), lib.nn.Linear(2, 2)


def test_all_keys_matched_repr():
    src, dst = _pair(nt)
    result = dst.load_state_dict(src.state_dict())
    t_src, t_dst = _pair(torch)
    expected = t_dst.load_state_dict(t_src.state_dict())
    assert repr(result) == repr(expected) == "<All keys matched successfully>"
    assert str(result) == str(expected)
    assert result.missing_keys == [] and result.unexpected_keys == []


def test_missing_and_unexpected_keys_repr():
    src, dst = _pair(nt)
    state = {"weight": src.weight, "extra": src.bias}
    result = dst.load_state_dict(state, strict=False)
    t_src, t_dst = _pair(torch)
    expected = t_dst.load_state_dict({"weight": t_src.weight, "extra": t_src.bias}, strict=False)
    assert repr(result) == repr(expected)
    assert result == (["bias"], ["extra"])
    missing, unexpected = result
    assert (missing, unexpected) == (expected.missing_keys, expected.unexpected_keys)
    assert type(result).__name__ == type(expected).__name__ == "_IncompatibleKeys"
