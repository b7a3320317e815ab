"""The elementwise op table: one line per op, the source of both kernel families.

Each entry is ``name: (arity, expression, params)``. The expression is the scalar body,
with ``{0}``, ``{1}``, ``{2}`` standing for the operands' elements and ``params`` naming
extra scalar arguments. ``python -m kernels.generate`` turns the table into the named,
module-level kernels of ``kernels/cpu/{unary,transcendental,parametric,binary,compare}.py``
(and CUDA twins), so every kernel is a plain function you can grep, read and profile.
"""

UNARY = {
    "abs": "np.abs({0})",
    "neg": "-{0}",
    "sign": "s.sign({0})",
    "reciprocal": "1.0 / {0}",
    "square": "{0} * {0}",
    "relu": "s.relu({0})",
    "floor": "np.floor({0})",
    "ceil": "np.ceil({0})",
    "round": "np.rint({0})",
    "trunc": "np.trunc({0})",
    "frac": "{0} - np.trunc({0})",
    "logical_not": "{0} == 0",
    "bitwise_not": "~{0}",
    "isnan": "np.isnan({0})",
    "isinf": "np.isinf({0})",
    "isfinite": "np.isfinite({0})",
}

# unary ops computed by the math library (exponentials, logarithms, roots, trigonometric and
# hyperbolic functions): a module of their own
TRANSCENDENTAL = {
    "exp": "s.exp({0})",
    "exp2": "np.exp2({0})",
    "expm1": "np.expm1({0})",
    "log": "np.log({0})",
    "log2": "np.log2({0})",
    "log10": "np.log10({0})",
    "log1p": "np.log1p({0})",
    "sqrt": "np.sqrt({0})",
    "rsqrt": "1.0 / np.sqrt({0})",
    "sin": "np.sin({0})",
    "cos": "np.cos({0})",
    "tan": "np.tan({0})",
    "asin": "np.arcsin({0})",
    "acos": "np.arccos({0})",
    "atan": "np.arctan({0})",
    "sinh": "np.sinh({0})",
    "cosh": "np.cosh({0})",
    "tanh": "np.tanh({0})",
    "erf": "math.erf({0})",
    "sigmoid": "s.sigmoid({0})",
    "asinh": "np.arcsinh({0})",
    "acosh": "np.arccosh({0})",
    "atanh": "np.arctanh({0})",
    "erfc": "math.erfc({0})",
    "lgamma": "s.lgamma({0})",
    "digamma": "s.digamma({0})",
    "trigamma": "s.trigamma({0})",
    "erfinv": "s.erfinv({0})",
    "i0": "s.i0({0})",
    "i1": "s.i1({0})",
}

# unary ops with scalar parameters
PARAMETRIC = {
    "nan_to_num": ("s.nan_to_num({0}, nan, posinf, neginf)", ("nan", "posinf", "neginf")),
    "clamp": ("s.clamp({0}, lo, hi)", ("lo", "hi")),
    "clamp_min": ("s.clamp_min({0}, lo)", ("lo",)),
    "clamp_max": ("s.clamp_max({0}, hi)", ("hi",)),
    "round_decimals": ("np.rint({0} * scale) / scale", ("scale",)),
    "round_decimals_neg": ("np.rint({0} / scale) * scale", ("scale",)),
    # tensor-scalar arithmetic: the operators' fast path for float tensors
    "add_scalar": ("{0} + s", ("s",)),
    "sub_scalar": ("{0} - s", ("s",)),
    "rsub_scalar": ("s - {0}", ("s",)),
    "mul_scalar": ("{0} * s", ("s",)),
    "div_scalar": ("{0} / s", ("s",)),
    "rdiv_scalar": ("s / {0}", ("s",)),
    "pow_scalar": ("{0} ** s", ("s",)),
}

BINARY = {
    "add": "{0} + {1}",
    "sub": "{0} - {1}",
    "mul": "{0} * {1}",
    "div": "{0} / {1}",
    "div_trunc": "np.trunc({0} / {1})",
    "div_floor": "np.floor_divide({0}, {1})",
    "float_div_floor": "s.float_div_floor({0}, {1})",
    "int_div_trunc": "s.int_div_trunc({0}, {1})",
    "remainder": "s.float_remainder({0}, {1})",
    "int_remainder": "s.int_remainder({0}, {1})",
    "int_div_floor": "s.int_div_floor({0}, {1})",
    "fmod": "np.fmod({0}, {1})",
    "int_fmod": "s.int_fmod({0}, {1})",
    "pow": "{0} ** {1}",
    "int_pow": "s.int_pow({0}, {1})",
    "maximum": "s.maximum({0}, {1})",
    "minimum": "s.minimum({0}, {1})",
    "atan2": "np.arctan2({0}, {1})",
    "hypot": "np.hypot({0}, {1})",
    "copysign": "np.copysign({0}, {1})",
    # relu's VJP from its output y: 0 where y <= 0, else the gradient (PyTorch's
    # threshold_backward: a NaN gradient is not passed where y <= 0, and a NaN y passes it)
    "relu_backward": "0 if {1} <= 0 else {0}",
}


# binary special functions and integer number theory (kernels/special.py and the scalar
# helpers): a module of their own
SPECIAL_BINARY = {
    "logaddexp": "s.logaddexp({0}, {1})",
    "logaddexp2": "s.logaddexp2({0}, {1})",
    "igamma": "s.igamma({0}, {1})",
    "igammac": "s.igammac({0}, {1})",
    "zeta": "s.zeta({0}, {1})",
    "nextafter": "np.nextafter({0}, {1})",
    "gcd": "s.gcd({0}, {1})",
    "lcm": "s.lcm({0}, {1})",
    # Poisson samples: the inverse cdf at uniforms {0} of the rates {1} (kernels/special.py)
    "poisson_icdf": "s.poisson_icdf({0}, {1})",
}

# binary comparisons, logical and bitwise ops: a module of their own
COMPARE = {
    "eq": "{0} == {1}",
    "ne": "{0} != {1}",
    "lt": "{0} < {1}",
    "le": "{0} <= {1}",
    "gt": "{0} > {1}",
    "ge": "{0} >= {1}",
    "logical_and": "({0} != 0) & ({1} != 0)",
    "logical_or": "({0} != 0) | ({1} != 0)",
    "logical_xor": "({0} != 0) != ({1} != 0)",
    "bitwise_and": "{0} & {1}",
    "bitwise_or": "{0} | {1}",
    "bitwise_xor": "{0} ^ {1}",
}

# binary ops with scalar parameters
BINARY_PARAMETRIC = {
    # clamp's VJP in one pass: the gradient passes where lo <= x <= hi (NaN blocks it)
    "clamp_backward": ("{0} if ({1} >= lo) & ({1} <= hi) else 0", ("lo", "hi")),
}

TERNARY = {
    "where": "{1} if {0} else {2}",
    "lerp": "s.lerp({0}, {1}, {2})",
    "clamp_both": "s.clamp({0}, {1}, {2})",
    # binomial samples: the inverse cdf at uniforms {0} of counts {1} and probabilities {2}
    "binomial_icdf": "s.binomial_icdf({0}, {1}, {2})",
}


# ops that also get ``_inplace`` kernels (``out`` is their first operand): a kernel whose
# output aliases an input cannot be vectorised by the compiler, one that reads and writes a
# single array can. These are the in-place updates training loops make.
INPLACE = (
    "add",
    "sub",
    "mul",
    "div",
    "maximum",
    "minimum",
    "add_scalar",
    "sub_scalar",
    "mul_scalar",
    "div_scalar",
    "clamp",
    "clamp_min",
    "clamp_max",
    "neg",
    "abs",
    "exp",
    "sqrt",
    "relu",
    "sigmoid",
    "tanh",
    "square",
    "reciprocal",
)


def modules() -> dict:
    """Kernel module name -> its ops as ``name -> (arity, expression, params)``."""
    return {
        "unary": {name: (1, expr, ()) for name, expr in UNARY.items()},
        "transcendental": {name: (1, expr, ()) for name, expr in TRANSCENDENTAL.items()},
        "parametric": {name: (1, expr, params) for name, (expr, params) in PARAMETRIC.items()},
        "binary": {
            **{name: (2, expr, ()) for name, expr in BINARY.items()},
            **{name: (2, expr, params) for name, (expr, params) in BINARY_PARAMETRIC.items()},
            **{name: (3, expr, ()) for name, expr in TERNARY.items()},
        },
        "special_binary": {name: (2, expr, ()) for name, expr in SPECIAL_BINARY.items()},
        "compare": {name: (2, expr, ()) for name, expr in COMPARE.items()},
    }


def inplace_table() -> dict:
    """The ops of INPLACE, as ``name -> (arity, expression, params)``."""
    everything = {}
    for ops in modules().values():
        everything.update(ops)
    return {name: everything[name] for name in INPLACE}


def module_of(op: str) -> str:
    """Which kernel module defines ``op``."""
    for module, ops in modules().items():
        if op in ops:
            return module
    raise KeyError(op)


# ops whose per-element cost (transcendental functions, powers, divisions) makes a parallel
# launch pay off on far fewer elements than plain arithmetic does
COSTLY = frozenset(
    {
        "exp",
        "exp2",
        "expm1",
        "log",
        "log2",
        "log10",
        "log1p",
        "sqrt",
        "rsqrt",
        "sin",
        "cos",
        "tan",
        "asin",
        "acos",
        "atan",
        "sinh",
        "cosh",
        "tanh",
        "sigmoid",
        "pow",
        "int_pow",
        "atan2",
        "div_floor",
        "float_div_floor",
        "remainder",
        "int_remainder",
        "int_div_floor",
        "fmod",
        "int_fmod",
        "div_trunc",
        "int_div_trunc",
        "lerp",
        "round_decimals",
        "round_decimals_neg",
        "erfinv",
        "i0",
        "i1",
        "igamma",
        "igammac",
        "zeta",
        "gcd",
        "lcm",
        "poisson_icdf",
        "binomial_icdf",
    }
)
