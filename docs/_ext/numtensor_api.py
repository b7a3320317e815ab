"""The ``numtensor-api`` directive: one namespace's API reference, built from its docstrings.

``.. numtensor-api:: numtensor.linalg`` writes a summary table of the namespace's public
names (autosummary) and then each name's full entry (autodoc): functions, classes (with their
documented methods) and data (dtypes, constants). The names are read from the module when the
docs are built, so a function added to a namespace appears without editing the docs:

- a module with ``__all__``: the names it lists;
- otherwise every public name whose object numtensor defines in that namespace (for the
  top-level ``numtensor``: anywhere in numtensor), plus its numtensor-typed values (dtypes)
  and plain constants.

Submodules are left out (each public one has its own page). ``.. numtensor-api::
numtensor.Tensor`` (a class) documents the class with every public method and property.
"""

from __future__ import annotations

import importlib
import inspect
import re
import types

from docutils import nodes
from sphinx.util.docutils import SphinxDirective

# names in a namespace that are implementation details of Python, not API
_SKIP = {"TYPE_CHECKING", "annotations"}

# every namespace with a reference page (docs/api/), in the order of the pages
NAMESPACES = (
    "numtensor",
    "numtensor.Tensor",
    "numtensor.nn",
    "numtensor.nn.functional",
    "numtensor.nn.init",
    "numtensor.nn.utils",
    "numtensor.nn.utils.rnn",
    "numtensor.nn.utils.parametrize",
    "numtensor.nn.utils.parametrizations",
    "numtensor.optim",
    "numtensor.optim.swa_utils",
    "numtensor.optim.lr_scheduler",
    "numtensor.utils.data",
    "numtensor.autograd",
    "numtensor.autograd.functional",
    "numtensor.autograd.forward_ad",
    "numtensor.autograd.graph",
    "numtensor.linalg",
    "numtensor.special",
    "numtensor.func",
    "numtensor.compiler",
    "numtensor.cuda",
    "numtensor.multiprocessing",
    "numtensor.distributed",
    "numtensor.onnx",
)


def _resolve(dotted: str):
    """The module or object a dotted name refers to (a class inside a module too)."""
    try:
        return importlib.import_module(dotted)
    except ImportError:
        parent, _, attr = dotted.rpartition(".")
        return getattr(importlib.import_module(parent), attr)


def _defined_in(obj, prefix: str) -> bool:
    module = getattr(obj, "__module__", None) or ""
    return module == prefix or module.startswith(prefix + ".")


def _constant(obj) -> bool:
    return isinstance(obj, (bool, int, float, str)) or _defined_in(type(obj), "numtensor")


def public_names(modname: str) -> dict[str, list[str]]:
    """The public names of a namespace, grouped as ``functions``, ``classes``, ``data`` and
    ``reexported`` (objects of other libraries listed in ``__all__``, e.g. the standard
    library's in ``numtensor.multiprocessing``: documented there, only named here)."""
    module = importlib.import_module(modname)
    listed = getattr(module, "__all__", None)
    owner = "numtensor" if modname == "numtensor" else modname
    groups: dict[str, list[str]] = {"functions": [], "classes": [], "data": [], "reexported": []}
    names = listed if listed is not None else dir(module)
    for name in sorted(set(names), key=str.lower):
        if name.startswith("_") or name in _SKIP or not hasattr(module, name):
            continue
        obj = getattr(module, name)
        if isinstance(obj, types.ModuleType):
            continue
        if inspect.isclass(obj) or callable(obj):
            kind = "classes" if inspect.isclass(obj) else "functions"
            if _defined_in(obj, "numtensor") and (listed is not None or _defined_in(obj, owner)):
                groups[kind].append(name)
            elif listed is not None:
                groups["reexported"].append(name)
        elif listed is not None or (modname == "numtensor" and _constant(obj)):
            groups["data"].append(name)
    return groups


def home_of(cls, name: str, current: str) -> str:
    """The full name under which class ``cls`` (exported as ``name`` by namespace
    ``current``) is documented in full: its own name in the longest namespace that its module
    is in and that exports it under that name (the Tensor class has a page of its own), else
    ``current.name``. Other names of the class get an alias entry pointing there, since a
    class documented twice would be two descriptions of its one canonical name."""
    own = f"{cls.__module__}.{cls.__qualname__}"
    if own in NAMESPACES:
        return own
    if cls.__name__.startswith("_"):  # a private class under a public name
        return f"{current}.{name}"
    for namespace in sorted(NAMESPACES, key=len, reverse=True):
        if _defined_in(cls, namespace) and namespace != "numtensor.Tensor":
            module = importlib.import_module(namespace)
            if getattr(module, cls.__name__, None) is cls:
                return f"{namespace}.{cls.__name__}"
    return f"{current}.{name}"


def _indent(lines: list[str]) -> list[str]:
    return ["   " + line if line else "" for line in lines]


def _summary(modname: str, names: list[str]) -> list[str]:
    return [".. autosummary::", "", *_indent(names), ""]


def _data(modname: str, name: str) -> list[str]:
    value = repr(getattr(importlib.import_module(modname), name))
    if "\n" in value or len(value) > 60:
        return [f".. py:data:: {name}", ""]
    return [f".. py:data:: {name}", f"   :value: {value}", ""]


def namespace_rst(modname: str) -> list[str]:
    """The reStructuredText the directive expands to for a module."""
    groups = public_names(modname)
    lines = [f".. currentmodule:: {modname}", ""]
    titles = {"functions": "Functions", "classes": "Classes", "data": "Data"}
    for kind in ("functions", "classes"):
        if groups[kind]:
            lines += [f".. rubric:: {titles[kind]}", "", *_summary(modname, groups[kind])]
    for name in groups["functions"]:
        lines += [f".. autofunction:: {name}", ""]
    module = importlib.import_module(modname)
    for name in groups["classes"]:
        home = home_of(getattr(module, name), name, modname)
        if home in NAMESPACES:  # the class's own page (Tensor): the table links there
            continue
        if home == f"{modname}.{name}":
            lines += [f".. autoclass:: {name}", "   :members:", ""]
        else:
            lines += [f".. py:class:: {name}", "", f"   Alias of :class:`{home}`.", ""]
    if groups["reexported"]:
        others = ", ".join(f"``{name}``" for name in groups["reexported"])
        lines += [f"Also in this namespace, from the library that defines them: {others}.", ""]
    if groups["data"]:
        lines += [".. rubric:: Data", ""]
        for name in groups["data"]:
            lines += _data(modname, name)
    return lines


def class_rst(dotted: str) -> list[str]:
    """The reStructuredText for a class documented with all its public attributes."""
    cls = _resolve(dotted)
    modname = dotted.rpartition(".")[0]
    members = sorted((n for n in dir(cls) if not n.startswith("_")), key=str.lower)
    return [
        f".. currentmodule:: {modname}",
        "",
        ".. autosummary::",
        "",
        *_indent([f"{cls.__name__}.{n}" for n in members]),
        "",
        f".. autoclass:: {cls.__name__}",
        "   :members:",
        "   :undoc-members:",
        "",
    ]


# ---- docstring prose: the notations engineers write that reStructuredText misreads -----------
#
# Docstrings are written in PyTorch's vocabulary, which uses characters that are markup in
# reStructuredText: ``|x|`` (an absolute value; RST: a substitution), ``[N, C, *]`` or
# ``*spatial`` (shape wildcards; RST: the start of emphasis) and ``kaiming_uniform_`` or
# ``add_`` (in-place names; RST: a hyperlink reference). Outside literals, roles, doctest
# lines and indented blocks after ``::`` (literal blocks, directives), such characters are
# escaped, so they print as written instead of failing the build. Paired emphasis
# (``*word*``, ``**word**``) is kept.

_SPANS = re.compile(r"(:[\w:.+-]+:`[^`]*`|``.+?``|`[^`]*`_{0,2})")
_BARS = re.compile(r"(?<![\\|\w])\|(?=[^\s|])([^|\n]*?[^\s|\\])\|(?![\w|])")
_EMPHASIS = re.compile(r"(?<![\w\\*])(\*{1,2})(?=[^\s*])(.+?)(?<=[^\s\\*])\1(?![\w*])")
_STARS = re.compile(r"(?<![\w\\*])\*+(?=[^\s*])")
_UNDERSCORE = re.compile(r"(?<=\w)(_{1,2})(?![\w])")
_DIRECTIVE = re.compile(r"^\s*\.\. ([\w:-]+)::")
# directives whose content is reStructuredText prose (the others: code, math, literal)
_PROSE_DIRECTIVES = {
    "note", "warning", "seealso", "admonition", "hint", "tip", "important", "attention",
    "caution", "danger", "error", "todo", "versionadded", "versionchanged", "deprecated",
}  # fmt: skip


def _escape_stars(text: str) -> str:
    kept: list[tuple[int, int]] = [m.span() for m in _EMPHASIS.finditer(text)]

    def escape(m: re.Match) -> str:
        if any(a <= m.start() < b for a, b in kept):
            return m.group(0)
        return "\\*" * len(m.group(0))

    return _STARS.sub(escape, text)


def _escape_prose(text: str) -> str:
    text = _BARS.sub(lambda m: f"\\|{m.group(1)}\\|", text)
    text = _escape_stars(text)
    return _UNDERSCORE.sub(lambda m: "\\_" * len(m.group(1)), text)


def escape_docstring_lines(lines: list[str]) -> list[str]:
    """The docstring's lines with prose markup characters escaped (see above)."""
    out: list[str] = []
    block_indent = None  # inside an indented block after "::": the indentation of its opener
    in_doctest = False
    lines = list(lines)
    i = 0
    while i < len(lines):
        line = lines[i]
        i += 1
        stripped = line.strip()
        indent = len(line) - len(line.lstrip())
        if block_indent is not None:
            if not stripped or indent > block_indent:
                out.append(line)
                continue
            block_indent = None
        if in_doctest and not stripped:
            in_doctest = False
        if stripped.startswith(">>>"):
            in_doctest = True
        if in_doctest or not stripped:
            out.append(line)
            continue
        directive = _DIRECTIVE.match(line)
        if directive:
            if directive.group(1) not in _PROSE_DIRECTIVES:
                block_indent = indent
            out.append(line)
            continue
        # an inline literal broken over lines whose indentation differs (a summary's second
        # line, a field's continuation): one line, as its author meant
        while line.count("``") % 2 and i < len(lines) and lines[i].strip():
            if lines[i].strip().startswith(">>>"):
                break
            line, i = f"{line.rstrip()} {lines[i].strip()}", i + 1
        parts = _SPANS.split(line)
        line = "".join(p if i % 2 else _escape_prose(p) for i, p in enumerate(parts))
        if stripped.endswith("::"):
            block_indent = indent
        out.append(line)
    return out


def _process_docstring(app, what, name, obj, options, lines: list[str]) -> None:
    lines[:] = escape_docstring_lines(lines)


def _summary_that_parses(extract):
    """autosummary's ``extract_summary``, made to keep the first sentence whole when a period
    inside it (``H_1 ... H_k``, ``x1 . x2``) would cut an inline literal: it then falls back
    to the whole first paragraph. (Sphinx 9 checks the paragraph, not the sentence.)"""

    def extract_summary(doc, settings):
        from sphinx.ext.autosummary import _parse_summary

        summary = extract(doc, settings)
        if not any(_parse_summary([summary], settings).findall(nodes.system_message)):
            return summary
        paragraph = []
        for line in doc:
            if not line.strip() and paragraph:
                break
            if line.strip():
                paragraph.append(line.strip())
        return " ".join(paragraph)

    return extract_summary


class NumtensorAPI(SphinxDirective):
    """``.. numtensor-api:: <module or class>``: the reference of one namespace."""

    required_arguments = 1
    has_content = False

    def run(self) -> list[nodes.Node]:
        target = self.arguments[0]
        obj = _resolve(target)
        lines = namespace_rst(target) if inspect.ismodule(obj) else class_rst(target)
        return self.parse_text_to_nodes("\n".join(lines))


def setup(app):
    app.add_directive("numtensor-api", NumtensorAPI)
    from sphinx.ext import autosummary

    if hasattr(autosummary, "_parse_summary"):
        autosummary.extract_summary = _summary_that_parses(autosummary.extract_summary)
    # after napoleon (priority 500) has turned Google sections into reStructuredText fields
    app.connect("autodoc-process-docstring", _process_docstring, priority=600)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
