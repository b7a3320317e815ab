"""Reductions over 16M float32 values, whole and along a dim."""

from .common import BIG, tensor, warm


class Reductions:
    params = ["sum", "amax", "mean"]
    param_names = ["op"]
    timeout = 120

    def setup(self, op):
        self.x = tensor(BIG)
        self.m = self.x.view(4096, 4096)
        getattr(self.x, op)()
        getattr(self.m, op)(0)
        getattr(self.m, op)(1)
        warm(self, op)  # compile first: time steady state

    def time_all(self, op):
        getattr(self.x, op)()

    def time_dim0(self, op):
        getattr(self.m, op)(0)

    def time_dim1(self, op):
        getattr(self.m, op)(1)


class ValuesAndIndices:
    def setup(self):
        self.m = tensor(4096, 4096)
        self.m.max(1)
        warm(self)  # compile first: time steady state

    def time_max_dim1(self):
        self.m.max(1)

    def time_softmax_dim1(self):
        self.m.softmax(1)
