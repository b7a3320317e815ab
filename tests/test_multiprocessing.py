"""numtensor.multiprocessing: tensors through queues and pipes in shared memory, spawn."""

from __future__ import annotations

import gc
import os
import pickle

import pytest

import numtensor as nt
import numtensor.multiprocessing as mp
from numtensor.backend.cpu import shared

CTX = mp.get_context("spawn")


def _bump(queue, answers):
    t, column = queue.get()
    t.add_(1)
    column.mul_(10)  # a view: the parent's tensor sees it
    answers.put((t.is_shared(), column.is_shared(), type(t).__name__))


def test_a_tensor_through_a_queue_is_shared_memory_and_views_stay_views():
    queue, answers = CTX.Queue(), CTX.Queue()
    t = nt.zeros(2, 3)
    column = t[:, 1]
    child = CTX.Process(target=_bump, args=(queue, answers))
    child.start()
    queue.put((t, column))
    assert answers.get(timeout=60) == (True, True, "Tensor")
    child.join(60)
    assert child.exitcode == 0
    assert t.tolist() == [[1.0, 10.0, 1.0], [1.0, 10.0, 1.0]]
    assert t.is_shared() and column.is_shared()


def _train_step(conn):
    model = conn.recv()
    for p in model.parameters():
        p.data.add_(1.0)
    conn.send([type(p).__name__ for p in model.parameters()])


def test_a_shared_module_through_a_pipe_trains_in_place():
    model = nt.nn.Linear(3, 2)
    before = [p.detach().clone() for p in model.parameters()]
    model.share_memory()
    assert all(p.is_shared() for p in model.parameters())
    parent, child_end = CTX.Pipe()
    child = CTX.Process(target=_train_step, args=(child_end,))
    child.start()
    parent.send(model)
    assert parent.recv() == ["Parameter", "Parameter"]
    child.join(60)
    for p, b in zip(model.parameters(), before):
        assert nt.allclose(p.detach(), b + 1)
        assert p.requires_grad


def test_autograd_history_does_not_cross():
    x = nt.ones(2, requires_grad=True)
    with pytest.raises(RuntimeError, match="Cowardly refusing to serialize non-leaf tensor"):
        mp.reductions.ForkingPickler.dumps(x * 2)
    leaf = pickle.loads(mp.reductions.ForkingPickler.dumps(x))
    assert leaf.requires_grad and leaf.is_leaf


def _rank_fails(rank, word):
    if rank == 1:
        raise ValueError(f"rank {rank} says {word}")


def _rank_exits(rank):
    if rank == 0:
        os._exit(3)


def _rank_ok(rank, queue):
    queue.put(rank)


def test_spawn_raises_a_child_error_with_its_traceback():
    with pytest.raises(mp.ProcessRaisedException) as raised:
        mp.spawn(_rank_fails, args=("hello",), nprocs=2)
    assert raised.value.error_index == 1
    assert "ValueError: rank 1 says hello" in str(raised.value)
    assert "Traceback" in str(raised.value)


def test_spawn_reports_a_child_that_exits():
    with pytest.raises(mp.ProcessExitedException, match="exit code 3") as exited:
        mp.spawn(_rank_exits, nprocs=2)
    assert exited.value.exit_code == 3


def test_spawn_without_join_returns_a_context():
    queue = CTX.SimpleQueue()
    context = mp.spawn(_rank_ok, args=(queue,), nprocs=2, join=False)
    assert isinstance(context, mp.ProcessContext) and len(context.pids()) == 2
    while not context.join():
        pass
    assert sorted([queue.get(), queue.get()]) == [0, 1]


def _segments() -> set:
    """Named shared memory in /dev/shm, other than multiprocessing's own semaphores."""
    return {n for n in os.listdir("/dev/shm") if not n.startswith("sem.")}


def test_shared_memory_is_released_and_nothing_is_left_in_dev_shm():
    before = _segments()
    t = nt.arange(6.0)
    t.share_memory_()
    assert shared.is_shared(t._data)
    count = len(shared._DESCRIPTORS)
    del t
    gc.collect()
    assert len(shared._DESCRIPTORS) == count - 1  # (its descriptor is closed)
    assert _segments() == before  # (anonymous memory files: no names)


def test_sharing_strategy_and_the_standard_api():
    assert mp.get_sharing_strategy() in mp.get_all_sharing_strategies()
    with pytest.raises(RuntimeError):
        mp.set_sharing_strategy("file_system")
    for name in ("Process", "Queue", "Pool", "SimpleQueue", "Pipe", "get_context",
                 "set_start_method", "get_start_method"):  # fmt: skip
        assert hasattr(mp, name)


def test_the_whole_suite_leaves_no_shared_memory_behind():
    # (run last in this module: after every transfer above, nothing named is left)
    gc.collect()
    assert not {n for n in _segments() if "numtensor" in n or n.startswith("psm_")}


def _cuda_ipc_supported() -> bool:
    from numtensor.backend.cuda import ipc

    return ipc.SUPPORTED


@pytest.mark.cuda
def test_a_cuda_tensor_without_cuda_ipc_is_refused_clearly():
    if _cuda_ipc_supported():
        pytest.skip("this platform has CUDA IPC")
    t = nt.ones(2, device="cuda")
    assert t.is_shared() and t.share_memory_() is t
    with pytest.raises(RuntimeError, match="CUDA IPC is not supported"):
        mp.reductions.ForkingPickler.dumps(t)


def _bump_cuda(queue, answers):
    t, column, empty = queue.get()
    t.add_(1)
    column.mul_(10)  # a view: the parent's tensor sees it
    answers.put((str(t.device), str(column.device), column.tolist(), tuple(empty.shape)))
    queue.get()  # (keep the memory open until the parent has looked)


@pytest.mark.cuda
def test_a_cuda_tensor_through_a_queue_shares_device_memory():
    if not _cuda_ipc_supported():
        pytest.skip("CUDA IPC needs a real GPU on Linux")
    queue, answers = CTX.Queue(), CTX.Queue()
    t = nt.zeros(2, 3, device="cuda")
    column = t[:, 1]
    child = CTX.Process(target=_bump_cuda, args=(queue, answers))
    child.start()
    queue.put((t, column, nt.empty(0, 4, device="cuda")))
    assert answers.get(timeout=120) == ("cuda:0", "cuda:0", [10.0, 10.0], (0, 4))
    assert t.tolist() == [[1.0, 10.0, 1.0], [1.0, 10.0, 1.0]]
    queue.put(None)
    child.join(60)
    assert child.exitcode == 0
