"""Tests for sdfkit.publish.fonts: a page's font is the bundled NanumGothic cut to
the page's characters, glyph for glyph, the same bytes whatever ran before."""

from __future__ import annotations

import base64
import hashlib
import io
import re
import subprocess
import sys

from fontTools.pens.recordingPen import DecomposingRecordingPen
from fontTools.ttLib import TTFont

from sdfkit.publish import fonts

# Hangul (한, and 갂, a composite glyph made of others), Hanja, punctuation, Latin.
TEXT = "세입·세출 예산 집행률 한글 갂 市老 • ※ (단위: 천원) ABC xyz 0-9"


def _source() -> TTFont:
    return TTFont(io.BytesIO(fonts._font_bytes()))


def _drawn(font: TTFont, ch: str) -> list:
    # Composite glyphs drawn as their parts' outlines (parts are numbered anew).
    glyphs = font.getGlyphSet()
    pen = DecomposingRecordingPen(glyphs)
    glyphs[font.getBestCmap()[ord(ch)]].draw(pen)
    return pen.value


def test_the_cut_draws_every_character_as_the_bundled_font_does():
    cut = TTFont(io.BytesIO(fonts.subset_font(TEXT)))
    source = _source()
    assert cut.flavor == "woff"
    for ch in set(TEXT) | {chr(c) for c in range(0x20, 0x7F)}:
        assert _drawn(cut, ch) == _drawn(source, ch), ch
        mine, theirs = cut.getBestCmap()[ord(ch)], source.getBestCmap()[ord(ch)]
        assert cut["hmtx"][mine] == source["hmtx"][theirs], ch
    # Only the page's characters (and ASCII) and what composites are made of.
    assert set(cut.getBestCmap()) == {ord(c) for c in TEXT} | set(range(0x20, 0x7F))
    assert len(cut.getGlyphOrder()) < 200 < len(source.getGlyphOrder())
    assert cut["head"].unitsPerEm == source["head"].unitsPerEm
    assert cut["hhea"].ascent == source["hhea"].ascent
    assert cut["name"].getDebugName(0).startswith("Copyright")  # the font's notice stays


def test_the_cut_has_no_hinting():
    cut = TTFont(io.BytesIO(fonts.subset_font(TEXT)))
    assert not {"fpgm", "prep", "cvt ", "kern"} & set(cut.keys())
    glyf = cut["glyf"]
    for name in cut.getGlyphOrder():
        glyph = glyf[name]
        glyph.expand(glyf)
        assert not glyph.isComposite() or not hasattr(glyph, "program") or not glyph.program
        if glyph.numberOfContours > 0:
            assert len(glyph.program.getBytecode()) == 0, name


def test_characters_the_font_lacks_are_left_to_the_browser():
    cut = TTFont(io.BytesIO(fonts.subset_font("−😀\ud800한")))
    assert ord("한") in cut.getBestCmap()
    assert not {0x2212, 0x1F600, 0xD800} & set(cut.getBestCmap())


_DIGEST = """
import hashlib, sys
from sdfkit.publish import fonts
for text in sys.argv[1:]:
    print(hashlib.sha256(fonts.subset_font(text)).hexdigest())
"""


def _digests(*texts: str) -> list[str]:
    done = subprocess.run(
        [sys.executable, "-c", _DIGEST, *texts], capture_output=True, text=True, check=True
    )
    return done.stdout.split()


def test_the_same_text_gives_the_same_bytes_whatever_came_before():
    # Glyphs are prepared once a process, as pages need them: which pages came
    # before must not change a page (the batch compares pages by their hash).
    alone = _digests(TEXT)[0]
    after_others = _digests("가나다 市", "갂 ABC", TEXT)[-1]
    here = hashlib.sha256(fonts.subset_font(TEXT)).hexdigest()
    assert alone == after_others == here


def test_the_page_rule_embeds_the_cut_as_woff():
    page = f"<style>{fonts.FONT_PLACEHOLDER}</style><h1>{TEXT}</h1>"
    out = fonts.embed_font(page)
    assert fonts.FONT_PLACEHOLDER not in out and f'"{fonts.FONT_FAMILY}"' in out
    data = re.search(r"base64,([A-Za-z0-9+/=]+)\)", out).group(1)
    cut = TTFont(io.BytesIO(base64.b64decode(data)))
    assert ord("한") in cut.getBestCmap() and ord("市") in cut.getBestCmap()
    assert fonts.embed_font("<p>no placeholder</p>") == "<p>no placeholder</p>"
