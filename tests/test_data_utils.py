"""utils.data's conversions against torch."""

import numtensor as nt


def test_default_convert_turns_plain_tuples_into_lists_as_torch():
    from tests.conftest import torch as reference

    sample = (nt.tensor([1.0]), 2)
    assert type(nt.utils.data.default_convert(sample)) is type(
        reference.utils.data.default_convert((reference.tensor([1.0]), 2))
    )
    dl = nt.utils.data.DataLoader(nt.utils.data.TensorDataset(nt.arange(4.0)), batch_size=None)
    assert type(next(iter(dl))) is list
