"""Autograd: the seed two-layer loop, a tiny graph, and memory over many iterations."""

import gc
import resource

import numtensor as nt

from .common import rand, warm


def seed_step(x, y, w1, w2):
    loss = (x.mm(w1).clamp(min=0).mm(w2) - y).pow(2).sum()
    loss.backward()
    with nt.no_grad():
        w1 -= 1e-6 * w1.grad
        w2 -= 1e-6 * w2.grad
        w1.grad.zero_()
        w2.grad.zero_()


class SeedLoop:
    """The seed's 64x1000 -> 100 -> 10 network, forward + backward + manual SGD."""

    def setup(self):
        self.x = nt.from_numpy(rand(64, 1000))
        self.y = nt.from_numpy(rand(64, 10, seed=1))
        self.w1 = nt.from_numpy(rand(1000, 100, seed=2)).requires_grad_()
        self.w2 = nt.from_numpy(rand(100, 10, seed=3)).requires_grad_()
        warm(self)  # compile first: time steady state

    def time_iteration(self):
        seed_step(self.x, self.y, self.w1, self.w2)

    def track_rss_growth_kb_10000_iterations(self):
        """Resident memory growth over 10,000 iterations (the graph must be released)."""
        for _ in range(200):
            seed_step(self.x, self.y, self.w1, self.w2)
        gc.collect()
        before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        for _ in range(10_000):
            seed_step(self.x, self.y, self.w1, self.w2)
        gc.collect()
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before

    track_rss_growth_kb_10000_iterations.unit = "KiB"
    track_rss_growth_kb_10000_iterations.timeout = 600


class TinyGraph:
    def setup(self):
        self.x = nt.rand(4, 4, requires_grad=True)
        self.y = nt.rand(4, 4, requires_grad=True)
        warm(self)  # compile first: time steady state

    def time_mul_sum_backward_4x4(self):
        (self.x * self.y).sum().backward()


class SmallMLP:
    """A 10-layer, 64-wide MLP at batch 1 (eager overhead: 30 recorded ops, 30 nodes), and one
    Linear layer's forward + backward at batch 32."""

    def setup(self):
        nt.manual_seed(0)
        layers = []
        for _ in range(9):
            layers += [nt.nn.Linear(64, 64), nt.nn.ReLU()]
        self.model = nt.nn.Sequential(*layers, nt.nn.Linear(64, 1))
        self.params = list(self.model.parameters())
        self.x = nt.from_numpy(rand(1, 64))
        self.layer = nt.nn.Linear(64, 64)
        self.batch = nt.from_numpy(rand(32, 64, seed=1))
        warm(self)  # compile first: time steady state

    def time_mlp_forward_backward_batch1(self):
        self.model(self.x).sum().backward()
        for p in self.params:
            p.grad = None

    def time_linear_forward_backward_batch32(self):
        self.layer(self.batch).sum().backward()
        self.layer.weight.grad = self.layer.bias.grad = None
