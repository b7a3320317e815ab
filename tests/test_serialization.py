"""numtensor.save / load: exact round trips, and malformed files rejected."""

import io
import math
import zipfile
from collections import OrderedDict

import numpy as np
import pytest

import numtensor as nt


def test_round_trip_of_nested_objects(tmp_path):
    obj = {
        "t": nt.arange(6.0).reshape(2, 3).t(),
        "ints": nt.tensor([1, 2], dtype=nt.int16),
        "flags": nt.tensor([True, False]),
        "half": nt.tensor([1.5], dtype=nt.float16),
        "grad": nt.ones(2, requires_grad=True),
        "nested": [1, 2.5, "s", None, True, (3, nt.zeros(1)), {"k": float("inf")}],
        "size": nt.Size([2, 3]),
        "dtype": nt.float64,
        "device": nt.device("cpu"),
        7: "int key",
        "od": OrderedDict([("b", 1), ("a", 2)]),
        "scalar": nt.tensor(3.5),
    }
    path = tmp_path / "obj.nt"
    nt.save(obj, path)
    back = nt.load(path)
    assert back["t"].tolist() == obj["t"].tolist() and back["t"].is_contiguous()
    for key in ("ints", "flags", "half", "scalar"):
        assert back[key].dtype is obj[key].dtype and back[key].tolist() == obj[key].tolist()
    assert back["grad"].requires_grad
    assert back["nested"][:5] == [1, 2.5, "s", None, True]
    assert isinstance(back["nested"][5], tuple) and back["nested"][5][1].shape == (1,)
    assert math.isinf(back["nested"][6]["k"])
    assert back["size"] == nt.Size([2, 3]) and isinstance(back["size"], nt.Size)
    assert back["dtype"] is nt.float64 and back["device"] == "cpu"
    assert back[7] == "int key" and list(back["od"]) == ["b", "a"]


def test_model_and_optimizer_state_round_trip():
    model = nt.nn.Sequential(nt.nn.Linear(3, 4), nt.nn.ReLU(), nt.nn.Linear(4, 2))
    opt = nt.optim.Adam(model.parameters(), lr=0.01)
    model(nt.randn(5, 3)).sum().backward()
    opt.step()
    buffer = io.BytesIO()
    nt.save({"model": model.state_dict(), "opt": opt.state_dict()}, buffer)
    buffer.seek(0)
    loaded = nt.load(buffer, map_location="cpu")
    clone = nt.nn.Sequential(nt.nn.Linear(3, 4), nt.nn.ReLU(), nt.nn.Linear(4, 2))
    clone.load_state_dict(loaded["model"])
    x = nt.randn(2, 3)
    assert clone(x).tolist() == model(x).tolist()
    opt2 = nt.optim.Adam(clone.parameters(), lr=0.5)
    opt2.load_state_dict(loaded["opt"])
    assert opt2.param_groups[0]["lr"] == 0.01
    first = opt2.param_groups[0]["params"][0]
    assert opt2.state[first]["step"].item() == 1.0


def test_parameters_stay_parameters():
    p = nt.nn.Parameter(nt.ones(2))
    buffer = io.BytesIO()
    nt.save([p], buffer)
    buffer.seek(0)
    (q,) = nt.load(buffer)
    assert isinstance(q, nt.nn.Parameter) and q.requires_grad


def test_unsupported_objects_are_refused():
    with pytest.raises(TypeError, match="cannot store"):
        nt.save({"f": lambda x: x}, io.BytesIO())
    with pytest.raises(TypeError):
        nt.save(object(), io.BytesIO())


def _archive(files: dict) -> io.BytesIO:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    buffer.seek(0)
    return buffer


@pytest.mark.parametrize(
    "data",
    [
        b"",
        b"not a zip at all",
        b"PK\x03\x04 truncated",
    ],
)
def test_garbage_is_rejected(data):
    with pytest.raises(RuntimeError, match="not a valid numtensor file"):
        nt.load(io.BytesIO(data))


def test_malformed_archives_are_rejected(tmp_path):
    good = io.BytesIO()
    nt.save({"w": nt.ones(3)}, good)
    raw = good.getvalue()
    truncated = tmp_path / "cut.nt"
    truncated.write_bytes(raw[: len(raw) // 2])
    with pytest.raises(RuntimeError):
        nt.load(truncated)
    cases = [
        {"structure.json": "{"},
        {"structure.json": '{"format": "other", "version": 1, "root": 1}'},
        {"structure.json": '{"format": "numtensor-save", "version": 99, "root": 1}'},
        {
            "structure.json": '{"format": "numtensor-save", "version": 1, "root": '
            '{"__tensor__": 0, "dtype": "float32", "device": "cpu"}}'
        },
        {
            "structure.json": '{"format": "numtensor-save", "version": 1, "root": '
            '{"__tensor__": 0, "dtype": "float32", "device": "cpu"}}',
            "tensors/0.npy": b"garbage",
        },
        {
            "structure.json": '{"format": "numtensor-save", "version": 1, "root": '
            '{"__mystery__": 1}}'
        },
    ]
    for files in cases:
        with pytest.raises(RuntimeError, match="not a valid numtensor file"):
            nt.load(_archive(files))


def test_pickled_object_arrays_are_not_loaded():
    pickled = io.BytesIO()
    np.save(pickled, np.array([{"evil": 1}], dtype=object), allow_pickle=True)
    files = {
        "structure.json": '{"format": "numtensor-save", "version": 1, "root": '
        '{"__tensor__": 0, "dtype": "float32", "device": "cpu"}}',
        "tensors/0.npy": pickled.getvalue(),
    }
    with pytest.raises(RuntimeError, match="not a valid numtensor file"):
        nt.load(_archive(files))


def _claiming_cuda(values) -> io.BytesIO:
    """A file as a CUDA machine writes it: the tensor's recorded device is cuda:0."""
    data = io.BytesIO()
    np.save(data, np.array(values, dtype=np.float32), allow_pickle=False)
    return _archive(
        {
            "structure.json": '{"format": "numtensor-save", "version": 1, "root": '
            '{"__tensor__": 0, "dtype": "float32", "device": "cuda:0", "requires_grad": false, '
            '"parameter": false}}',
            "tensors/0.npy": data.getvalue(),
        }
    )


def test_cuda_checkpoint_without_cuda_needs_map_location(monkeypatch):
    monkeypatch.setattr(nt.cuda, "is_available", lambda: False)
    with pytest.raises(RuntimeError, match="Attempting to deserialize object on a CUDA device"):
        nt.load(_claiming_cuda([1.0, 2.0]))
    for loc in ("cpu", nt.device("cpu"), {"cuda:0": "cpu"}, lambda storage, loc: storage):
        back = nt.load(_claiming_cuda([1.0, 2.0]), map_location=loc)
        assert back.device.type == "cpu" and back.tolist() == [1.0, 2.0]
    with pytest.raises(RuntimeError, match=r"map_location=torch.device\('cpu'\)"):
        nt.load(io.BytesIO(_saved(nt.ones(1))), map_location="cuda")


def _saved(obj) -> bytes:
    buffer = io.BytesIO()
    nt.save(obj, buffer)
    return buffer.getvalue()


def test_callable_map_location_gets_each_tensor_and_its_saved_location():
    seen = []

    def where(storage, location):
        seen.append(location)
        return storage * 2 if location == "cpu" else None

    back = nt.load(io.BytesIO(_saved({"a": nt.ones(2), "b": [nt.zeros(1)]})), map_location=where)
    assert seen == ["cpu", "cpu"] and back["a"].tolist() == [2.0, 2.0]
