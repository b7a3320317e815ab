"""``numtensor.optim``: optimizers and learning-rate schedulers."""

from . import lr_scheduler as lr_scheduler
from .adaptive import ASGD, Adadelta, Adamax, NAdam, RAdam, Rprop
from .algorithms import SGD, Adagrad, Adam, AdamW, RMSprop
from .optimizer import Optimizer

__all__ = [
    "ASGD", "SGD", "Adadelta", "Adagrad", "Adam", "AdamW", "Adamax", "NAdam", "Optimizer",
    "RAdam", "RMSprop", "Rprop", "lr_scheduler",
]  # fmt: skip
