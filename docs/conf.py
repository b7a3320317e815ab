"""Sphinx configuration of numtensor's documentation.

Build it (the ``docs`` extra installs Sphinx) with warnings as errors, as CI does::

    python -m sphinx -W --keep-going -b html docs docs/_build/html

The API reference (``api/``) is written from the docstrings: each page holds one
``.. numtensor-api:: <namespace>`` directive (``_ext/numtensor_api.py``), which lists the
namespace's public names when the docs are built. Hand-written pages are reStructuredText;
``design.md`` (Markdown) is read by MyST.
"""

import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))  # numtensor from this checkout
sys.path.insert(0, os.path.join(HERE, "_ext"))

project = "numtensor"
author = "numtensor's authors"
copyright = "numtensor's authors, MIT License"
release = "0.1.0"
version = release

extensions = [
    "sphinx.ext.autodoc",
    "sphinx.ext.autosummary",
    "sphinx.ext.napoleon",
    "myst_parser",
    "numtensor_api",
]

source_suffix = {".rst": "restructuredtext", ".md": "markdown"}
root_doc = "index"
exclude_patterns = ["_build"]
templates_path = []

# ---- autodoc / autosummary: the API pages -----------------------------------------------------
autosummary_generate = False  # tables only: each entry is documented on the namespace's page
autodoc_member_order = "alphabetical"
autodoc_typehints = "signature"
autodoc_inherit_docstrings = True
add_module_names = False
python_use_unqualified_type_names = True

# ---- napoleon: Google-style docstrings (docs/docstyle: Args, Keyword args, Returns, ...) ----
napoleon_google_docstring = True
napoleon_numpy_docstring = False
napoleon_include_init_with_doc = False
napoleon_use_rtype = False
napoleon_use_ivar = True
napoleon_preprocess_types = False
napoleon_attr_annotations = True
# PyTorch's other section titles: a heading over the section's text as written (a "Shape:"
# section is a bullet list of the inputs' and outputs' shapes, not fields)
napoleon_custom_sections = [
    "Shape",
    "Shapes",
    "Inputs",
    "Outputs",
    "Differs from PyTorch",
    ("Keyword arguments", "Keyword Args"),
]

# ---- MyST: design.md -----------------------------------------------------------------------
myst_heading_anchors = 3

# ---- HTML ------------------------------------------------------------------------------------
html_theme = "alabaster"
html_title = "numtensor"
html_theme_options = {
    "description": "A PyTorch-compatible tensor engine on Numba",
    "fixed_sidebar": True,
}
