"""The site's Jinja2 templates: ``sdfkit/publish/templates/``, shipped as package data.

Autoescape is on for every template, so report text is escaped wherever a template
shows it; only our own CSS (``site.css``) is marked safe.
"""

from __future__ import annotations

from functools import lru_cache
from importlib import resources

from markupsafe import Markup

from sdfkit.publish.fonts import FONT_PLACEHOLDER

TEMPLATES = "templates"


@lru_cache(maxsize=1)
def environment():
    """Return the Jinja2 environment of the site's templates (autoescape on)."""
    import jinja2

    env = jinja2.Environment(
        loader=jinja2.PackageLoader("sdfkit.publish", TEMPLATES),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        undefined=jinja2.StrictUndefined,
    )
    env.globals["site_css"] = site_css
    return env


def template_text(name: str) -> str:
    """Given a template file's name, return its text (for nbconvert, which loads
    its own templates)."""
    return resources.files("sdfkit.publish").joinpath(TEMPLATES, name).read_text("utf-8")


def site_css() -> Markup:
    """Return the site's CSS (our own file, so not escaped), led by the font
    placeholder that :func:`sdfkit.publish.fonts.embed_font` fills in."""
    return Markup(FONT_PLACEHOLDER + "\n" + template_text("site.css").strip())


def render(name: str, **context) -> str:
    """Given a template's name and its values, return the rendered text."""
    return environment().get_template(name).render(**context)
