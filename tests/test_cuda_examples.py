"""CUDA end to end beyond the seed loop: the digits example on the device, save/load of CUDA
tensors with ``map_location``, and PyTorch's behaviour for state and tensors on other devices.

Marked ``cuda``: CI runs them under ``NUMBA_ENABLE_CUDASIM=1`` (numba's simulator), a machine
with a GPU on the hardware. Shapes stay tiny: the simulator runs one OS thread per CUDA thread.
"""

import importlib.util
import io
import json
import zipfile
from pathlib import Path

import numpy as np
import pytest

import numtensor as nt

pytestmark = pytest.mark.cuda

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
SAME_DEVICE = "Expected all tensors to be on the same device"


@pytest.fixture(autouse=True)
def _needs_cuda():
    if not nt.cuda.is_available():
        pytest.skip("no CUDA device (run with NUMBA_ENABLE_CUDASIM=1)")


# ---- examples/classify_digits.py ------------------------------------------------------------


def _classify_digits():
    spec = importlib.util.spec_from_file_location(
        "classify_digits", EXAMPLES / "classify_digits.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_classify_digits_trains_on_cuda_like_on_the_cpu(tmp_path, capsys):
    module = _classify_digits()
    tiny = ["--model", "mlp", "--epochs", "1", "--limit", "16", "--batch-size", "8"]
    tiny += ["--max-steps", "2", "--hidden", "16", "--no-plot"]
    runs = {
        device: module.main([*tiny, "--device", device, "--out", str(tmp_path / device)])["mlp"]
        for device in ("cpu", "cuda")
    }
    cpu, cuda = runs["cpu"], runs["cuda"]
    assert len(cuda["step_loss"]) == 2 and all(np.isfinite(cuda["step_loss"]))
    # same seed, layers made on the CPU then moved, dropout drawn on the device (Philox:
    # the CPU's numbers)
    np.testing.assert_allclose(cuda["step_loss"], cpu["step_loss"], rtol=1e-4)
    np.testing.assert_allclose(cuda["loss"], cpu["loss"], rtol=1e-4)
    assert cuda["test_acc"] == cpu["test_acc"] and cuda["train_acc"] == cpu["train_acc"]
    # the checkpoint came back onto the device and evaluates as the trained model did
    assert cuda["checkpoint_devices"] == ["cuda:0"] and cpu["checkpoint_devices"] == ["cpu"]
    assert cuda["reloaded_test_acc"] == cuda["test_acc"][-1]
    assert (tmp_path / "cuda" / "digits_mlp.nt").exists()
    assert "on cuda" in capsys.readouterr().out
    # the file records the device; map_location="cpu" brings the weights to the host
    back = nt.load(tmp_path / "cuda" / "digits_mlp.nt", map_location="cpu")
    assert all(t.device.type == "cpu" for t in back["model"].values())


def test_classify_digits_cnn_trains_on_cuda_like_on_the_cpu(tmp_path):
    # the convolutional model: conv2d, max pooling, dropout and Adam on the device (about 40 s
    # under the simulator, which runs one OS thread per CUDA thread)
    module = _classify_digits()
    tiny = ["--model", "cnn", "--epochs", "1", "--limit", "8", "--batch-size", "4"]
    tiny += ["--max-steps", "2", "--no-plot"]
    runs = {
        device: module.main([*tiny, "--device", device, "--out", str(tmp_path / device)])["cnn"]
        for device in ("cpu", "cuda")
    }
    assert len(runs["cuda"]["step_loss"]) == 2
    np.testing.assert_allclose(runs["cuda"]["step_loss"], runs["cpu"]["step_loss"], rtol=1e-4)
    np.testing.assert_allclose(runs["cuda"]["loss"], runs["cpu"]["loss"], rtol=1e-4)
    assert runs["cuda"]["checkpoint_devices"] == ["cuda:0"]


def test_dataloader_pins_batches_for_non_blocking_copies():
    x, y = nt.arange(12.0).reshape(6, 2), nt.arange(6)
    loader = nt.utils.data.DataLoader(
        nt.utils.data.TensorDataset(x, y), batch_size=4, pin_memory=True
    )
    batches = list(loader)
    assert len(batches) == 2
    for xb, yb in batches:
        assert xb.is_pinned() and yb.is_pinned() and xb.device.type == "cpu"
        moved = xb.to("cuda", non_blocking=True)
        assert moved.is_cuda and moved.cpu().tolist() == xb.tolist()
    assert not x.is_pinned()  # the dataset's own tensors are untouched
    # dict and list samples are pinned throughout
    dicts = nt.utils.data.DataLoader(
        [{"a": nt.ones(2), "b": [nt.zeros(1)], "name": "s"}] * 2, batch_size=2, pin_memory=True
    )
    (batch,) = list(dicts)
    assert batch["a"].is_pinned() and batch["b"][0].is_pinned() and batch["name"] == ["s", "s"]


def test_pin_memory_and_is_pinned():
    t = nt.arange(6.0).reshape(2, 3)
    assert t.is_pinned() is False
    p = t.pin_memory()
    assert p is not t and p.is_pinned() and p.tolist() == t.tolist()
    assert p.pin_memory() is p and p[1].is_pinned() and p.t().is_pinned()
    p[0, 0] = 7.0  # a copy: the original keeps its values
    assert t[0, 0].item() == 0.0
    with pytest.raises(RuntimeError, match="only dense CPU tensors can be pinned"):
        nt.ones(2, device="cuda").pin_memory()
    assert nt.ones(2, device="cuda").is_pinned() is False


# ---- save / load of CUDA tensors --------------------------------------------------------------


def _round_trip(obj, **load_kwargs):
    buffer = io.BytesIO()
    nt.save(obj, buffer)
    buffer.seek(0)
    return nt.load(buffer, **load_kwargs), buffer


def _recorded_devices(buffer) -> list:
    buffer.seek(0)
    with zipfile.ZipFile(buffer) as archive:
        text = archive.read("structure.json").decode()
    structure = json.loads(text)
    found = []

    def walk(node):
        if isinstance(node, dict):
            if "__tensor__" in node:
                found.append(node["device"])
            for v in node.values():
                walk(v)
        elif isinstance(node, list):
            for v in node:
                walk(v)

    walk(structure)
    return found


def test_cuda_tensors_come_back_on_their_device():
    w = nt.nn.Parameter(nt.randn(3, 2).cuda())
    obj = {
        "x": nt.arange(6.0, device="cuda").reshape(2, 3).t(),  # a non-contiguous view
        "ints": nt.tensor([1, 2], dtype=nt.int16, device="cuda"),
        "cpu": nt.ones(2),
        "nested": [(nt.zeros(1, device="cuda"), 3), {"w": w}],
        "grad": nt.ones(2, device="cuda", requires_grad=True),
        "device": nt.device("cuda:0"),
    }
    back, buffer = _round_trip(obj)
    assert sorted(_recorded_devices(buffer)) == ["cpu"] + ["cuda:0"] * 5
    assert back["x"].is_cuda and back["x"].tolist() == obj["x"].tolist()
    assert back["ints"].is_cuda and back["ints"].dtype is nt.int16
    assert back["cpu"].device.type == "cpu"
    assert back["nested"][0][0].is_cuda and back["nested"][0][1] == 3
    loaded_w = back["nested"][1]["w"]
    assert isinstance(loaded_w, nt.nn.Parameter) and loaded_w.is_cuda and loaded_w.requires_grad
    assert np.array_equal(loaded_w.detach().cpu().numpy(), w.detach().cpu().numpy())
    assert back["grad"].is_cuda and back["grad"].requires_grad and back["grad"].is_leaf
    assert back["device"] == nt.device("cuda:0")


def test_state_dict_round_trip_between_cpu_and_cuda(tmp_path):
    nt.manual_seed(0)
    model = nt.nn.Sequential(nt.nn.Linear(3, 4), nt.nn.BatchNorm1d(4), nt.nn.Linear(4, 2))
    x = nt.randn(5, 3)
    model.cuda()
    expected = model(x.cuda()).detach().cpu().tolist()
    path = tmp_path / "model.nt"
    nt.save(model.state_dict(), path)
    assert set(_recorded_devices(io.BytesIO(path.read_bytes()))) == {"cuda:0"}
    state = nt.load(path)
    assert all(t.is_cuda for t in state.values())
    assert state["1.num_batches_tracked"].dtype is nt.int64
    on_cpu = nt.load(path, map_location="cpu")
    assert all(t.device.type == "cpu" for t in on_cpu.values())
    fresh = nt.nn.Sequential(nt.nn.Linear(3, 4), nt.nn.BatchNorm1d(4), nt.nn.Linear(4, 2))
    fresh.load_state_dict(on_cpu)
    np.testing.assert_allclose(fresh(x).detach().tolist(), expected, rtol=1e-5, atol=1e-6)
    # and back: a CPU checkpoint onto the device
    nt.save(fresh.state_dict(), path)
    assert all(t.is_cuda for t in nt.load(path, map_location="cuda").values())


@pytest.mark.parametrize(
    "map_location, where",
    [
        ("cpu", "cpu"),
        (nt.device("cpu"), "cpu"),
        ("cuda", "cuda:0"),
        ("cuda:0", "cuda:0"),
        (nt.device("cuda", 0), "cuda:0"),
        ({"cuda:0": "cpu"}, "cpu"),
        ({"cuda:0": nt.device("cpu")}, "cpu"),
        ({"cpu": "cuda:0"}, "cuda:0"),  # names no saved device: tensors stay where they were
        (lambda storage, loc: storage, "cpu"),  # PyTorch's idiom for "load onto the CPU"
        (lambda storage, loc: storage.cuda(), "cuda:0"),
        (lambda storage, loc: None, "cuda:0"),  # None: the saved location
    ],
)
def test_map_location_forms(map_location, where):
    back, _ = _round_trip({"a": nt.arange(3.0, device="cuda")}, map_location=map_location)
    assert str(back["a"].device) == where and back["a"].tolist() == [0.0, 1.0, 2.0]


def test_map_location_moves_cpu_tensors_to_cuda_and_mixed_dicts():
    obj = {"c": nt.ones(2), "g": nt.zeros(2, device="cuda")}
    back, _ = _round_trip(obj)
    assert back["c"].device.type == "cpu" and back["g"].is_cuda
    back, _ = _round_trip(obj, map_location={"cpu": "cuda:0", "cuda:0": "cpu"})
    assert back["c"].is_cuda and back["g"].device.type == "cpu"
    seen = []
    back, _ = _round_trip(obj, map_location=lambda t, loc: seen.append(loc) or t)
    assert sorted(seen) == ["cpu", "cuda:0"] and not back["g"].is_cuda


def test_loading_cuda_checkpoints_without_cuda(monkeypatch):
    buffer = io.BytesIO()
    nt.save({"w": nt.ones(2, device="cuda")}, buffer)
    monkeypatch.setattr(nt.cuda, "is_available", lambda: False)
    buffer.seek(0)
    with pytest.raises(RuntimeError, match="Attempting to deserialize object on a CUDA device"):
        nt.load(buffer)
    buffer.seek(0)
    with pytest.raises(RuntimeError, match=r"map_location=torch.device\('cpu'\)"):
        nt.load(buffer, map_location="cuda")
    buffer.seek(0)
    assert nt.load(buffer, map_location="cpu")["w"].tolist() == [1.0, 1.0]
    buffer.seek(0)
    assert nt.load(buffer, map_location={"cuda:0": "cpu"})["w"].device.type == "cpu"


def test_loading_onto_a_missing_device_ordinal():
    buffer = io.BytesIO()
    nt.save(nt.ones(1, device="cuda"), buffer)
    buffer.seek(0)
    with pytest.raises(RuntimeError, match="Attempting to deserialize object on CUDA device 7"):
        nt.load(buffer, map_location={"cuda:0": "cuda:7"})


def test_map_location_errors_are_not_reported_as_a_bad_file():
    buffer = io.BytesIO()
    nt.save(nt.ones(1, device="cuda"), buffer)
    buffer.seek(0)

    def broken(storage, loc):
        raise KeyError("my bug")

    with pytest.raises(KeyError, match="my bug"):
        nt.load(buffer, map_location=broken)
    buffer.seek(0)
    with pytest.raises(TypeError, match="map_location should return a tensor or None"):
        nt.load(buffer, map_location=lambda s, loc: 3)


# ---- state and tensors on other devices -------------------------------------------------------


def test_module_load_state_dict_copies_into_the_parameters_device():
    nt.manual_seed(0)
    source = nt.nn.Linear(3, 2)
    target = nt.nn.Linear(3, 2).cuda()
    weight = target.weight
    target.load_state_dict(source.state_dict())  # a CPU state dict into a CUDA module
    assert target.weight is weight and weight.is_cuda and target.bias.is_cuda
    assert target.weight.cpu().tolist() == source.weight.tolist()
    back = nt.nn.Linear(3, 2)
    back.load_state_dict(target.state_dict())  # and CUDA into CPU
    assert back.weight.device.type == "cpu" and back.bias.tolist() == source.bias.tolist()
    # the checks do not depend on the device
    with pytest.raises(RuntimeError, match="size mismatch for weight"):
        nt.nn.Linear(2, 2).cuda().load_state_dict(source.state_dict())
    with pytest.raises(RuntimeError, match=r'Missing key\(s\) in state_dict: "bias"'):
        target.load_state_dict({"weight": nt.zeros(2, 3)})
    # a CUDA module gets gradients on the device after loading a CPU state dict
    target(nt.ones(1, 3, device="cuda")).sum().backward()
    assert target.weight.grad.is_cuda


def _trained_adam(device, steps=2):
    nt.manual_seed(0)
    model = nt.nn.Linear(3, 2).to(device)
    opt = nt.optim.Adam(model.parameters(), lr=0.1)
    x = nt.arange(6.0).reshape(2, 3).to(device)
    for _ in range(steps):
        opt.zero_grad()
        model(x).pow(2).sum().backward()
        opt.step()
    return model, opt, x


def test_optimizer_load_state_dict_casts_state_to_the_parameters_device():
    cpu_model, cpu_opt, _ = _trained_adam("cpu")
    model, opt, x = _trained_adam("cuda", steps=0)
    model.load_state_dict(cpu_model.state_dict())
    opt.load_state_dict(cpu_opt.state_dict())
    for p in model.parameters():
        state = opt.state[p]
        assert state["exp_avg"].is_cuda and state["exp_avg_sq"].is_cuda
        assert state["step"].device.type == "cpu"  # PyTorch keeps the step count as saved
    # one more step on each device: the same parameters
    for m, o, inputs in ((model, opt, x), (cpu_model, cpu_opt, x.cpu())):
        o.zero_grad()
        m(inputs).pow(2).sum().backward()
        o.step()
    np.testing.assert_allclose(
        model.weight.detach().cpu().numpy(), cpu_model.weight.detach().numpy(), rtol=1e-5
    )
    # and a CUDA optimizer's state into a CPU one, with a dtype cast to the parameters'
    double = nt.nn.Linear(3, 2).double()
    opt64 = nt.optim.Adam(double.parameters())
    opt64.load_state_dict(opt.state_dict())
    state = opt64.state[double.weight]
    assert state["exp_avg"].device.type == "cpu" and state["exp_avg"].dtype is nt.float64


def test_optimizer_load_state_dict_from_a_cuda_file_onto_cpu(tmp_path):
    model, opt, _ = _trained_adam("cuda")
    nt.save({"model": model.state_dict(), "opt": opt.state_dict()}, tmp_path / "ck.nt")
    ck = nt.load(tmp_path / "ck.nt")
    assert ck["opt"]["state"][0]["exp_avg"].is_cuda
    cpu_model = nt.nn.Linear(3, 2)
    cpu_opt = nt.optim.Adam(cpu_model.parameters(), lr=0.1)
    cpu_model.load_state_dict(ck["model"])
    cpu_opt.load_state_dict(ck["opt"])
    assert all(
        v.device.type == "cpu"
        for st in cpu_opt.state.values()
        for v in st.values()
        if isinstance(v, nt.Tensor)
    )
    cpu_opt.step()  # no gradients yet: nothing to do, and no error


def test_optimizer_step_with_grads_on_another_device_raises():
    p = nt.nn.Parameter(nt.ones(2, device="cuda"))
    q = nt.nn.Parameter(nt.ones(2, device="cuda"))
    opt = nt.optim.SGD([q, p], lr=0.1)
    q.grad = nt.ones(2, device="cuda")
    p.grad = nt.ones(2)  # numtensor does not check grad assignment; step does
    with pytest.raises(RuntimeError, match=SAME_DEVICE):
        opt.step()
    assert q.cpu().tolist() == [1.0, 1.0]  # checked before any parameter changed
    p.grad = nt.ones(2, device="cuda")
    opt.step()
    np.testing.assert_allclose(p.detach().cpu().numpy(), [0.9, 0.9], rtol=1e-6)


def test_optimizer_step_with_state_on_another_device_raises():
    model, opt, x = _trained_adam("cuda", steps=1)
    for state in opt.state.values():
        state["exp_avg"] = state["exp_avg"].cpu()  # as a hand-edited state would be
    model(x).sum().backward()
    with pytest.raises(RuntimeError, match=SAME_DEVICE):
        opt.step()


@pytest.mark.parametrize(
    "call",
    [
        lambda a, b, out: nt.add(a, a, out=out),
        lambda a, b, out: nt.mul(a, 2.0, out=out),
        lambda a, b, out: nt.exp(a, out=out),
        lambda a, b, out: nt.mm(a, b, out=out),
        lambda a, b, out: nt.matmul(a, b, out=out),
        lambda a, b, out: nt.clamp(a, min=0.0, out=out),
        lambda a, b, out: nt.where(a > 0, a, b, out=out),
    ],
)
@pytest.mark.parametrize("where", ["cuda", "cpu"])
def test_out_on_another_device_raises(call, where):
    other = "cpu" if where == "cuda" else "cuda"
    a = nt.ones(2, 2, device=where)
    b = nt.ones(2, 2, device=where)
    out = nt.full((2, 2), 5.0, device=other)
    with pytest.raises(RuntimeError, match=f"Expected out tensor to have device {where}"):
        call(a, b, out)
    assert out.cpu().tolist() == [[5.0, 5.0], [5.0, 5.0]]  # untouched


def test_reductions_with_out_on_another_device_raise():
    a = nt.ones(2, 3, device="cuda")
    for call in (
        lambda o: nt.sum(a, 0, out=o),
        lambda o: nt.mean(a, 0, out=o),
        lambda o: nt.amax(a, 0, out=o),
    ):
        with pytest.raises(RuntimeError, match="Expected out tensor to have device cuda:0"):
            call(nt.empty(3))


def test_load_state_dict_with_assign_takes_the_state_dicts_device():
    nt.manual_seed(0)
    source = nt.nn.Sequential(nt.nn.Linear(3, 2), nt.nn.BatchNorm1d(2)).cuda()
    target = nt.nn.Sequential(nt.nn.Linear(3, 2), nt.nn.BatchNorm1d(2))
    target[0].weight.requires_grad_(False)
    target.load_state_dict(source.state_dict(), assign=True)
    weight = target[0].weight
    assert isinstance(weight, nt.nn.Parameter) and weight.is_cuda
    assert weight.requires_grad is False and target[0].bias.requires_grad is True
    assert target[1].running_mean.is_cuda and target[1].num_batches_tracked.is_cuda
    assert weight.cpu().tolist() == source[0].weight.cpu().tolist()
    target(nt.ones(2, 3, device="cuda")).sum().backward()
    assert target[0].bias.grad.is_cuda and weight.grad is None
