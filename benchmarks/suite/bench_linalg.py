"""matmul, bmm and svd at the sizes of the performance targets."""

import numpy as np

import numtensor as nt

from .common import tensor, warm


class Matmul:
    def setup(self):
        self.a = tensor(1024, 1024)
        self.b = tensor(1024, 1024, seed=1)
        self.p = tensor(32, 64, 64)
        self.q = tensor(32, 64, 64, seed=1)
        self.ai = nt.from_numpy(np.arange(128 * 128).reshape(128, 128) % 7)
        self.a @ self.b
        nt.bmm(self.p, self.q)
        self.ai @ self.ai
        warm(self)  # compile first: time steady state

    def time_matmul_1024(self):
        self.a @ self.b

    def time_bmm_32x64x64(self):
        nt.bmm(self.p, self.q)

    def time_matmul_int64_128(self):
        self.ai @ self.ai


class SVD:
    def setup(self):
        self.a = tensor(200, 100)
        nt.linalg.svd(self.a, full_matrices=False)
        warm(self)  # compile first: time steady state

    def time_svd_200x100(self):
        nt.linalg.svd(self.a, full_matrices=False)

    def time_svdvals_200x100(self):
        nt.linalg.svdvals(self.a)
