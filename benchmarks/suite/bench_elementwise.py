"""Elementwise ops and clamp: large (16M float32, parallel kernels) and tiny (Python overhead)."""

import numtensor as nt

from .common import BIG, tensor, warm


class LargeElementwise:
    """Binary/unary ops over 16M float32 values (memory-bound; parallel kernels)."""

    params = ["add", "mul", "exp", "clamp"]
    param_names = ["op"]
    timeout = 120

    def setup(self, op):
        self.x = tensor(BIG)
        self.y = tensor(BIG, seed=1)
        warm(self, op)  # compile first: time steady state

    def run(self, op):
        if op == "add":
            return self.x + self.y
        if op == "mul":
            return self.x * self.y
        if op == "exp":
            return self.x.exp()
        return self.x.clamp(-0.5, 0.5)

    def time_op(self, op):
        self.run(op)


class TinyElementwise:
    """One op on 4x4 tensors: the cost is Python dispatch, not arithmetic."""

    def setup(self):
        self.x = tensor(4, 4)
        self.y = tensor(4, 4, seed=1)
        self.x + self.y
        warm(self)  # compile first: time steady state

    def time_add_4x4(self):
        self.x + self.y

    def time_mul_scalar_4x4(self):
        self.x * 2.0

    def time_inplace_add_4x4(self):
        self.x.add_(self.y)


class StridedElementwise:
    """Non-contiguous inputs (a transposed operand takes the strided kernel)."""

    def setup(self):
        self.x = tensor(2048, 2048)
        self.y = tensor(2048, 2048, seed=1)
        self.x + self.y.t()
        warm(self)  # compile first: time steady state

    def time_add_transposed(self):
        self.x + self.y.t()

    def time_broadcast_row(self):
        self.x + self.y[0]


def peakmem_add_16m():
    x = tensor(BIG)
    nt.add(x, x)
