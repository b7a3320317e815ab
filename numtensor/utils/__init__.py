"""``numtensor.utils``: data loading."""

from . import data as data
from . import dlpack as dlpack
