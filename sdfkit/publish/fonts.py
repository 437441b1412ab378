"""The pages' own Hangul font, embedded so a reader without a Korean font sees Hangul.

The font is the NanumGothic of the koreanize-matplotlib package (the one the
figures use), cut down to the characters of the page and embedded in the page as a
WOFF data URL: from disk, browsers refuse font files beside the page, and a served
page then needs nothing more either. A page asks for it with ``FONT_PLACEHOLDER``
in its CSS; :func:`embed_font` fills it in.

The cut is made here, not by fontTools' general subsetter, which parses the whole
font again for every page (its 20,000 glyphs' character map and metrics: a tenth
of a second a page, most of a page's export). NanumGothic is a plain TrueType font
(outlines, metrics and a character map; no layout tables), so a page's font is
those tables cut to the page's glyphs: the source is parsed once a process, and
each glyph's outline, without its hinting instructions (half the size), is
prepared once. The same text always gives the same bytes.
"""

from __future__ import annotations

import base64
import copy
import io
import logging
from dataclasses import dataclass, field
from functools import lru_cache

FONT_FAMILY = "SdfkitNanumGothic"
FONT_PLACEHOLDER = "/*sdfkit:font*/"
# The tables a page's font is made of; the name table keeps its English Windows
# records of the copyright, names and version (IDs 0-6), as fontTools' subsetter does.
_COPIED = ("head", "hhea", "maxp", "OS/2", "post")
_NAME_IDS = range(7)
_WINDOWS, _ENGLISH = 3, 0x409


@lru_cache(maxsize=1)
def _font_bytes() -> bytes:
    from sdfkit.analysis.plotting import font_path

    return font_path().read_bytes()


@dataclass
class _Source:
    """The bundled font, parsed once a process, and the glyphs prepared so far."""

    font: object
    cmap: dict[int, str]
    order: dict[str, int]
    outlines: dict[str, object] = field(default_factory=dict)


@lru_cache(maxsize=1)
def _source() -> _Source:
    from fontTools.ttLib import TTFont

    logging.getLogger("fontTools").setLevel(logging.ERROR)
    font = TTFont(io.BytesIO(_font_bytes()), recalcTimestamp=False)
    if "glyf" not in font or any(t in font for t in ("GSUB", "GPOS", "CFF ", "CFF2")):
        raise ValueError("the bundled font is not a plain TrueType font")
    order = {name: gid for gid, name in enumerate(font.getGlyphOrder())}
    return _Source(font, dict(font.getBestCmap()), order)


def _outline(src: _Source, name: str):
    # A glyph without its instructions, prepared once a process. A simple glyph is
    # kept compiled; a composite one refers to its parts by glyph number, which
    # differs in every cut, so it is kept expanded (parts by name) and compiled
    # into each cut afresh.
    from fontTools.ttLib.tables._g_l_y_f import Glyph

    prepared = src.outlines.get(name)
    if prepared is None:
        glyf = src.font["glyf"]
        glyph = copy.deepcopy(glyf[name])
        glyph.expand(glyf)
        glyph.removeHinting()
        prepared = glyph if glyph.isComposite() else glyph.compile(glyf, recalcBBoxes=False)
        src.outlines[name] = prepared
    return Glyph(prepared) if isinstance(prepared, bytes) else prepared


def _glyph_names(src: _Source, mapping: dict[int, str]) -> list[str]:
    # The glyphs of the characters, the glyphs composite ones are made of, and
    # .notdef (always glyph 0), in the source's order.
    glyf = src.font["glyf"]
    wanted = {src.font.getGlyphOrder()[0], *mapping.values()}
    todo = list(wanted)
    while todo:
        glyph = glyf[todo.pop()]
        if glyph.isComposite():
            for part in glyph.getComponentNames(glyf):
                if part not in wanted:
                    wanted.add(part)
                    todo.append(part)
    return sorted(wanted, key=src.order.__getitem__)


def subset_font(text: str) -> bytes:
    """Given text, return the bundled font cut to its characters (and ASCII), as
    WOFF bytes without hinting."""
    from fontTools.ttLib import TTFont, newTable
    from fontTools.ttLib.tables._c_m_a_p import CmapSubtable

    src = _source()
    chars = {ord(ch) for ch in text} | set(range(0x20, 0x7F))
    mapping = {cp: src.cmap[cp] for cp in sorted(chars) if cp in src.cmap}
    names = _glyph_names(src, mapping)

    # The source's bounding box and maxima (points, contours) hold for any cut of
    # it: not recomputing them spares expanding every outline again.
    font = TTFont(recalcTimestamp=False, recalcBBoxes=False)
    font.setGlyphOrder(names)
    for tag in _COPIED:
        font[tag] = copy.deepcopy(src.font[tag])
    font["post"].formatType = 3.0  # no glyph names
    font["post"].extraNames, font["post"].mapping = [], {}
    glyf = font["glyf"] = newTable("glyf")
    glyf.glyphOrder = names
    glyf.glyphs = {name: _outline(src, name) for name in names}
    font["loca"] = newTable("loca")
    hmtx = font["hmtx"] = newTable("hmtx")
    metrics = src.font["hmtx"]
    hmtx.metrics = {name: metrics[name] for name in names}
    cmap = font["cmap"] = newTable("cmap")
    cmap.tableVersion = 0
    cmap.tables = []
    for fmt, encoding in ((4, 1), (12, 10)):
        sub = CmapSubtable.newSubtable(fmt)
        sub.platformID, sub.platEncID, sub.language = _WINDOWS, encoding, 0
        sub.cmap = {cp: n for cp, n in mapping.items() if fmt == 12 or cp <= 0xFFFF}
        if fmt == 4 or any(cp > 0xFFFF for cp in mapping):
            cmap.tables.append(sub)
    name = font["name"] = newTable("name")
    name.names = [
        copy.deepcopy(r)
        for r in src.font["name"].names
        if r.nameID in _NAME_IDS and r.platformID == _WINDOWS and r.langID == _ENGLISH
    ]
    # Without instructions the hinting tables go, and maxp says so.
    font["maxp"].maxFunctionDefs = font["maxp"].maxInstructionDefs = 0
    font["maxp"].maxStackElements = font["maxp"].maxSizeOfInstructions = 0
    font["maxp"].maxTwilightPoints = font["maxp"].maxStorage = 0
    font["maxp"].maxZones = 1
    font.flavor = "woff"
    buf = io.BytesIO()
    font.save(buf)
    return buf.getvalue()


def font_css(text: str) -> str:
    """Given the text of a page, return an ``@font-face`` rule that embeds the
    bundled Hangul font, subset to the characters of that text (as WOFF)."""
    chars = "".join(sorted({ch for ch in text if ord(ch) >= 0x80}))
    data = base64.b64encode(_subset_cached(chars)).decode("ascii")
    return (
        f'@font-face {{ font-family: "{FONT_FAMILY}"; '
        f'src: url(data:font/woff;base64,{data}) format("woff"); }}'
    )


@lru_cache(maxsize=8)
def _subset_cached(chars: str) -> bytes:
    # Pages of one kind often share their characters (error pages, indexes).
    return subset_font(chars)


def embed_font(page: str) -> str:
    """Given a page's HTML, return it with the font rule in place of the
    placeholder (unchanged when it has none)."""
    if FONT_PLACEHOLDER not in page:
        return page
    return page.replace(FONT_PLACEHOLDER, font_css(page), 1)
