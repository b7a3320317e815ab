"""``numtensor.optim``: optimizers and learning-rate schedulers."""

from . import lr_scheduler as lr_scheduler
from . import swa_utils as swa_utils
from .adafactor import Adafactor
from .adaptive import ASGD, Adadelta, Adamax, NAdam, RAdam, Rprop
from .algorithms import SGD, Adagrad, Adam, AdamW, RMSprop
from .lbfgs import LBFGS
from .optimizer import Optimizer
from .sparse_adam import SparseAdam

__all__ = [
    "ASGD", "LBFGS", "SGD", "Adadelta", "Adafactor", "Adagrad", "Adam", "AdamW", "Adamax",
    "NAdam", "Optimizer", "RAdam", "RMSprop", "Rprop", "SparseAdam", "lr_scheduler", "swa_utils",
]  # fmt: skip
