"""A notebook's HTML page: nbconvert's lab template, without code and self-checks.

As ``jupyter nbconvert --to html --no-input``: no code cells, no prompts; cells
tagged ``self-check`` (the notebooks' invariant checks) are removed whole; no
script is loaded from a CDN (``templates/page.html.j2``); the page carries its own
Hangul font. A notebook that produced nothing gets the error page instead.
"""

from __future__ import annotations

from sdfkit.publish.fonts import embed_font
from sdfkit.publish.render import render, template_text

# Cells the notebooks tag as checks of their own invariants: run, never shown.
SELF_CHECK_TAG = "self-check"
PAGE_TEMPLATE = "page.html.j2"

_EXPORTER = None


def html_exporter():
    """Return the exporter of the pages (one per process: loading nbconvert's
    templates is the slow part)."""
    global _EXPORTER
    if _EXPORTER is None:
        from nbconvert import HTMLExporter
        from nbconvert.preprocessors import TagRemovePreprocessor

        exporter = HTMLExporter(
            template_name="lab",
            exclude_input=True,
            exclude_input_prompt=True,
            exclude_output_prompt=True,
        )
        exporter.raw_template = template_text(PAGE_TEMPLATE)
        exporter.register_preprocessor(
            TagRemovePreprocessor(remove_cell_tags={SELF_CHECK_TAG}, enabled=True), enabled=True
        )
        _EXPORTER = exporter
    return _EXPORTER


def notebook_page(nb, stem: str, index: str = "index.html") -> str:
    """Given an executed notebook, its page stem and the link to the index it
    leads back to, return its HTML page."""
    resources = {"metadata": {"name": stem}, "sdfkit_index": index}
    body, _ = html_exporter().from_notebook_node(nb, resources=resources)
    return embed_font(body)


def error_page(stem: str, error: str) -> str:
    """Given a page stem and a one-line error, return the page that says the
    notebook could not run."""
    return embed_font(render("error.html.j2", stem=stem, error=error))
