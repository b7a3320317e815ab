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


# ---- interrupted saves and hostile files --------------------------------------------------------


def test_an_interrupted_save_leaves_the_old_file(tmp_path, monkeypatch):
    path = tmp_path / "model.nt"
    nt.save({"w": nt.ones(3)}, path)
    before = path.read_bytes()
    calls = []

    def failing_save(*args, **kwargs):
        calls.append(1)
        if len(calls) == 2:
            raise KeyboardInterrupt  # (the user stops the program half way through)
        return real_save(*args, **kwargs)

    real_save = np.save
    monkeypatch.setattr(np, "save", failing_save)
    with pytest.raises(KeyboardInterrupt):
        nt.save({"a": nt.zeros(2), "b": nt.zeros(4)}, path)
    monkeypatch.undo()
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["model.nt"]  # no temporary left behind
    assert nt.load(path)["w"].tolist() == [1.0, 1.0, 1.0]


def _valid_file() -> bytes:
    buffer = io.BytesIO()
    state = OrderedDict(w=nt.arange(12.0).reshape(3, 4), b=nt.tensor([1, 2], dtype=nt.int8))
    nt.save({"state": state, "step": 7, "name": "x", "t": (1.5, None)}, buffer)
    return buffer.getvalue()


def _load_or_refuse(data: bytes):
    """load either succeeds or raises RuntimeError: nothing else escapes."""
    try:
        return nt.load(io.BytesIO(data))
    except RuntimeError:
        return None


def test_load_survives_truncation_at_every_length():
    data = _valid_file()
    for n in range(0, len(data), max(1, len(data) // 300)):
        _load_or_refuse(data[:n])


def test_load_survives_random_corruption():
    import tracemalloc

    data = _valid_file()
    rng = np.random.default_rng(12)
    tracemalloc.start()
    try:
        for _ in range(400):
            mutated = bytearray(data)
            for position in rng.integers(0, len(data), rng.integers(1, 6)):
                mutated[position] = int(rng.integers(0, 256))
            _load_or_refuse(bytes(mutated))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 4 * 1024 * 1024  # (nothing near what a corrupted header could claim)


def _npy_header(shape, dtype="<f4") -> bytes:
    header = f"{{'descr': '{dtype}', 'fortran_order': False, 'shape': {shape}, }}"
    header = header.ljust(118) + "\n"
    return b"\x93NUMPY\x01\x00" + len(header).to_bytes(2, "little") + header.encode()


_ROOT = (
    '{"format": "numtensor-save", "version": 1, "root": '
    '{"__tensor__": 0, "dtype": "float32", "device": "cpu"}}'
)


@pytest.mark.parametrize(
    "member",
    [
        _npy_header("(1000000000000,)") + b"\0" * 16,  # a shape the bytes cannot back
        _npy_header("(4,)") + b"\0" * 15,  # one byte short
        _npy_header("(-1,)") + b"\0" * 16,
        b"\x93NUMPY\x01\x00" + (60000).to_bytes(2, "little") + b"{" * 100,  # huge header
        _npy_header("(2,)", "|O") + b"\0" * 16,  # objects: pickles
    ],
)
def test_lying_array_headers_are_refused(member):
    import tracemalloc

    tracemalloc.start()
    try:
        with pytest.raises(RuntimeError, match="not a valid numtensor file"):
            nt.load(_archive({"structure.json": _ROOT, "tensors/0.npy": member}))
        assert tracemalloc.get_traced_memory()[1] < 1024 * 1024
    finally:
        tracemalloc.stop()


def test_a_zip_bomb_is_refused_unread():
    import tracemalloc

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("structure.json", _ROOT)
        archive.writestr("tensors/0.npy", _npy_header("(10000000,)") + bytes(40_000_000))
    assert len(buffer.getvalue()) < 1_000_000  # 40 MB in well under 1 MB
    tracemalloc.start()
    try:
        with pytest.raises(RuntimeError, match="compressed"):
            nt.load(io.BytesIO(buffer.getvalue()))
        assert tracemalloc.get_traced_memory()[1] < 10 * 1024 * 1024
    finally:
        tracemalloc.stop()


@pytest.mark.parametrize("name", ["../evil.npy", "/etc/passwd", "tensors/../../x", "C:\\x"])
def test_path_traversal_names_are_refused(name):
    with pytest.raises(RuntimeError, match="unsafe member name"):
        nt.load(_archive({"structure.json": _ROOT, name: b"x"}))


class _RunsCode:
    ran = False

    def __reduce__(self):
        return (_mark_ran, ())


def _mark_ran():
    _RunsCode.ran = True


def test_a_pickle_that_would_run_code_is_not_run(tmp_path):
    import pickle

    _RunsCode.ran = False
    payloads = [
        pickle.dumps(_RunsCode()),  # a bare pickle
        _archive({"data.pkl": pickle.dumps(_RunsCode())}).getvalue(),  # a torch-style archive
        _archive({"structure.json": pickle.dumps(_RunsCode())}).getvalue(),
    ]
    from tests.conftest import torch

    checkpoint = tmp_path / "torch.pt"
    torch.save({"w": torch.ones(2)}, checkpoint)
    payloads.append(checkpoint.read_bytes())
    for data in payloads:
        with pytest.raises(RuntimeError, match="not a valid numtensor file"):
            nt.load(io.BytesIO(data))
    assert not _RunsCode.ran


def test_deeply_nested_structures_are_refused_cleanly():
    deep = '{"format": "numtensor-save", "version": 1, "root": ' + "[" * 100000 + "]" * 100000
    with pytest.raises(RuntimeError, match="not a valid numtensor file"):
        nt.load(_archive({"structure.json": deep + "}"}))


def test_a_tensor_named_twice_is_loaded_once():
    data = io.BytesIO()
    np.save(data, np.zeros(4, np.float32), allow_pickle=False)
    one = '{"__tensor__": 0, "dtype": "float32", "device": "cpu"}'
    structure = (
        '{"format": "numtensor-save", "version": 1, "root": {"__tuple__": ['
        + ", ".join([one] * 1000)
        + "]}}"
    )
    loaded = nt.load(_archive({"structure.json": structure, "tensors/0.npy": data.getvalue()}))
    assert len(loaded) == 1000 and all(t is loaded[0] for t in loaded)
