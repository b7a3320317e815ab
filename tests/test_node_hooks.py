"""grad_fn.register_hook / register_prehook against torch: when they run, what they see, what
returning a value changes, and handle.remove()."""

import numpy as np

import numtensor as nt
from tests.conftest import torch


def _run(m, register):
    x = m.tensor([1.0, 2.0], requires_grad=True)
    z = x * 3
    w = (z * z).sum()
    seen = []
    handle = register(z.grad_fn, seen)
    w.backward()
    return x.grad.numpy(), seen, handle


def test_post_hook_sees_and_replaces_input_gradients():
    def register(node, seen):
        def hook(grad_inputs, grad_outputs):
            seen.append(([g is None for g in grad_inputs], len(grad_outputs)))
            return tuple(None if g is None else g * 2 for g in grad_inputs)

        return node.register_hook(hook)

    (a, sa, _), (b, sb, _) = _run(torch, register), _run(nt, register)
    np.testing.assert_allclose(b, a)
    assert sa == sb


def test_pre_hook_replaces_output_gradients_and_remove():
    def register(node, seen):
        return node.register_prehook(lambda grad_outputs: (grad_outputs[0] + 1,))

    (a, _, _), (b, _, _) = _run(torch, register), _run(nt, register)
    np.testing.assert_allclose(b, a)

    def register_removed(node, seen):
        handle = node.register_hook(lambda gi, go: seen.append(1))
        handle.remove()
        return handle

    (a, sa, _), (b, sb, _) = _run(torch, register_removed), _run(nt, register_removed)
    np.testing.assert_allclose(b, a)
    assert sa == sb == []
