"""The pages' own Hangul font, embedded so a reader without a Korean font sees Hangul.

The font is the NanumGothic of the koreanize-matplotlib package (the one the
figures use), cut down to the characters of the page and embedded in the page as a
WOFF data URL: from disk, browsers refuse font files beside the page, and a served
page then needs nothing more either. A page asks for it with ``FONT_PLACEHOLDER``
in its CSS; :func:`embed_font` fills it in.
"""

from __future__ import annotations

import base64
import io
import logging
from functools import lru_cache

FONT_FAMILY = "SdfkitNanumGothic"
FONT_PLACEHOLDER = "/*sdfkit:font*/"


@lru_cache(maxsize=1)
def _font_bytes() -> bytes:
    from sdfkit.analysis.plotting import font_path

    return font_path().read_bytes()


def font_css(text: str) -> str:
    """Given the text of a page, return an ``@font-face`` rule that embeds the
    bundled Hangul font, subset to the characters of that text (as WOFF)."""
    from fontTools import subset
    from fontTools.ttLib import TTFont

    logging.getLogger("fontTools").setLevel(logging.ERROR)
    chars = {ch for ch in text if ord(ch) >= 0x80} | {chr(c) for c in range(0x20, 0x7F)}
    options = subset.Options()
    options.flavor = "woff"
    options.layout_features = ["*"]
    # Without the hinting instructions and the kerning table (Latin pairs): half
    # the size, and half the time, which is most of a page's export.
    options.hinting = False
    options.drop_tables += ["kern"]
    # No timestamp: the same page text always gives the same bytes.
    font = TTFont(io.BytesIO(_font_bytes()), recalcTimestamp=False)
    subsetter = subset.Subsetter(options)
    subsetter.populate(text="".join(sorted(chars)))
    subsetter.subset(font)
    buf = io.BytesIO()
    font.flavor = "woff"
    font.save(buf)
    data = base64.b64encode(buf.getvalue()).decode("ascii")
    return (
        f'@font-face {{ font-family: "{FONT_FAMILY}"; '
        f'src: url(data:font/woff;base64,{data}) format("woff"); }}'
    )


def embed_font(page: str) -> str:
    """Given a page's HTML, return it with the font rule in place of the
    placeholder (unchanged when it has none)."""
    if FONT_PLACEHOLDER not in page:
        return page
    return page.replace(FONT_PLACEHOLDER, font_css(page), 1)
