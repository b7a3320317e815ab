"""``numtensor.nn``: Modules, layers, losses, ``functional``, ``init`` and ``utils``.

Everything here is written with public Tensor operations only, as user code would be.
"""

from . import functional as functional
from . import init as init
from . import parallel as parallel
from . import utils as utils
from .modules import *  # noqa: F403 - the layer classes are this package's API
from .parallel import DataParallel as DataParallel
from .parameter import Buffer as Buffer
from .parameter import Parameter as Parameter
from .parameter import UninitializedBuffer as UninitializedBuffer
from .parameter import UninitializedParameter as UninitializedParameter
