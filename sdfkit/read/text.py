"""Reading a report's bytes into numbered, normalised lines.

Given the bytes of an extracted report, return its lines with the variations of
extraction tools ironed out: encodings, line ends, quote and dot characters,
ideographic spaces, private-use heading glyphs and letter-spaced labels.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from sdfkit.exceptions import ReportReadError

# Reports are a few hundred KB; a file far larger is not one report. The limit keeps
# memory and time bounded for hostile inputs (see README, "bad input"). Parsing is
# linear in the size: the bundled report repeated 1,000 times (47.6 MB) parses in
# about 10 s and 500 MiB, so a file at the limit takes about 14 s and 700 MiB.
MAX_BYTES = 64 << 20  # 64 MiB

# Korean government texts come as UTF-8 (with or without BOM) or as cp949/EUC-KR from
# older HWP exports. cp949 is a superset of EUC-KR, so it is the one to try.
FALLBACK_ENCODINGS = ("cp949",)

_LINE_SPLIT = re.compile(r"\r\n|\r|\n")
# Quote marks seen before two-digit years: ’20, ‘20, '20, `20, ´20.
QUOTES = "’‘'`´′"
# Middle dots and their look-alikes, used between listed words (세입․세출).
MIDDLE_DOTS = "․‧･・·ㆍ•"
_TRANSLATE = str.maketrans(
    {
        "\u3000": " ",  # ideographic space: indentation in the PDF, nothing more
        "\u00a0": " ",
        "\t": " ",
        "\u2018": "’",
        "\u0027": "’",
        "`": "’",
        "\u00b4": "’",
        "\u2032": "’",
        "\u201c": '"',
        "\u201d": '"',
        "\u2024": "·",
        "\u2027": "·",
        "\uff65": "·",
        "\u30fb": "·",
        "\u3186": "·",
        "\uff0d": "-",  # fullwidth hyphen used for sub-bullets
        "\u2212": "-",
        "\u223c": "~",  # the wave dash that stands for a range
        "\u301c": "~",
        "\uff5e": "~",
        "\uff1a": ":",
        "\uff08": "(",
        "\uff09": ")",
        "\uff0c": ",",
    }
)
_SPACES = re.compile(r" {2,}")
# Unicode's private-use areas (category Co) and the C0 control characters, found
# by one regular expression each rather than a Python loop over every character
# (a report of many MB has millions of them).
_PRIVATE_USE = re.compile("[\ue000-\uf8ff\U000f0000-\U000ffffd\U00100000-\U0010fffd]")
_CONTROL = re.compile("[\x00-\x1f]")
_HANGUL_SYLLABLE = re.compile(r"^[가-힣]$")


@dataclass(frozen=True, slots=True)  # slots: a large file has millions of lines
class Line:
    """One line of the report: its 1-based number, the text as printed, the
    normalised text, whether it began with a private-use heading glyph, and the
    page it stands on where the format has pages."""

    no: int
    raw: str
    text: str
    glyph: bool = False
    page: int | None = None  # the page it stands on, for formats with pages (PDF)


def read_bytes(path: str | Path) -> bytes:
    """Given a path, return the file's bytes; raise ReportReadError when it is
    missing, not a file, empty or larger than MAX_BYTES."""
    p = Path(path)
    if not p.exists():
        raise ReportReadError("no such file", path)
    if not p.is_file():
        raise ReportReadError("not a file", path)
    size = p.stat().st_size
    if size == 0:
        raise ReportReadError("the file is empty", path)
    if size > MAX_BYTES:
        raise ReportReadError(too_big(f"the file is {size:,} bytes"), path)
    try:
        return p.read_bytes()
    except OSError as err:
        raise ReportReadError(f"cannot read: {err.strerror}", path) from None


def too_big(what: str) -> str:
    """Given what is too big (``the file is N bytes``), return the message."""
    return (
        f"{what}, above the limit of {MAX_BYTES:,} bytes ({MAX_BYTES / 2**20:g} MiB) for one report"
    )


def decode(data: bytes, path: str | Path | None = None, encoding: str | None = None) -> str:
    """Given a report's bytes, return its text: the given encoding, else UTF-8 (a BOM
    is dropped), else cp949; raise ReportReadError for binary or undecodable data."""
    if not data.strip():
        raise ReportReadError("the file is empty", path)
    if encoding is None and data.startswith((b"\xff\xfe", b"\xfe\xff")):
        encoding = "utf-16"  # Windows "Unicode" text: marked by its BOM
    if b"\x00" in data[: 64 << 10] and not (encoding or "").lower().startswith("utf-16"):
        raise ReportReadError("binary file (NUL bytes), not report text", path)
    if encoding:
        try:
            return _strip_bom(data.decode(encoding))
        except LookupError:
            raise ReportReadError(f"unknown encoding {encoding!r}", path) from None
        except UnicodeDecodeError as err:
            line = _line_at(data, err.start, encoding)
            raise ReportReadError(f"not valid {encoding}: {err.reason}", path, line) from None
    try:
        return _strip_bom(data.decode("utf-8"))
    except UnicodeDecodeError as utf8_err:
        for name in FALLBACK_ENCODINGS:
            try:
                return data.decode(name)
            except UnicodeDecodeError:
                continue
        line = _line_at(data, utf8_err.start, "utf-8")
        raise ReportReadError(
            "neither UTF-8 nor cp949/EUC-KR text (give --encoding)", path, line
        ) from None


def _line_at(data: bytes, offset: int, encoding: str) -> int:
    """Given bytes and the offset of an undecodable byte, return its 1-based line as
    split_lines numbers lines (LF, CRLF or CR ends; counting LF bytes alone put every
    error of a CR-ended file on line 1, and miscounted UTF-16)."""
    before = data[:offset].decode(encoding, errors="replace")
    return len(_LINE_SPLIT.findall(before)) + 1


def _strip_bom(text: str) -> str:
    return text[1:] if text.startswith("\ufeff") else text


def split_lines(text: str) -> list[Line]:
    """Given a report's text, return its numbered lines (LF, CRLF or CR ends)."""
    return [_make_line(no, raw) for no, raw in enumerate(_LINE_SPLIT.split(text), start=1)]


def number_lines(raws: list[str], pages: list[int] | None = None) -> list[Line]:
    """Given the raw lines a format reader extracted (and the page of each, for
    formats with pages), return them numbered and normalised as split_lines does."""
    if pages is None:
        return [_make_line(no, raw) for no, raw in enumerate(raws, start=1)]
    return [
        _make_line(no, raw, page) for no, (raw, page) in enumerate(zip(raws, pages, strict=True), 1)
    ]


def _make_line(no: int, raw: str, page: int | None = None) -> Line:
    text = normalise(raw)
    if text == raw:
        text = raw  # most lines: one string, not two equal copies
    glyph = False
    stripped = raw.lstrip(" \u3000\t")
    if stripped and _is_private_use(stripped[0]):
        glyph = True
    return Line(no=no, raw=raw, text=text, glyph=glyph, page=page)


def _is_private_use(ch: str) -> bool:
    return unicodedata.category(ch) == "Co"


def normalise(raw: str) -> str:
    """Given a printed line, return it with one quote mark (’), one middle dot (·),
    plain spaces and hyphens, no private-use glyphs, and single spaces."""
    text = _PRIVATE_USE.sub("", raw.translate(_TRANSLATE))
    # Some reports carry control characters from the extractor.
    text = _CONTROL.sub(" ", text)
    return _SPACES.sub(" ", text).strip()


def collapse_spacing(label: str) -> str:
    """Given a label, return it without letter-spacing: runs of single Hangul
    syllables are joined (``인 건 비`` → ``인건비``, ``구 분 YYYY`` → ``구분 YYYY``)."""
    tokens = label.split(" ")
    out: list[str] = []
    run: list[str] = []
    for tok in tokens + [""]:
        if _HANGUL_SYLLABLE.match(tok):
            run.append(tok)
            continue
        if run:
            out.append("".join(run) if len(run) >= 2 else run[0])
            run = []
        if tok:
            out.append(tok)
    return " ".join(out)


_KEY_DROP = re.compile(r"[\s·.,\-~/()\[\]「」『』\"’:]")
# Innermost parentheses: ``[^()]`` stops at the next "(", so a long run of "(" with
# no ")" is read in linear time (``[^)]*`` rescanned the rest from every "(").
_PAREN = re.compile(r"\([^()]*\)")


def name_key(name: str) -> str:
    """Given a name as printed, return the key names are compared by: no spaces,
    no punctuation, no parenthesised notes (``디지털 격차해소(국비)`` → ``디지털격차해소``)."""
    text = _PAREN.sub("", normalise(name))
    return _KEY_DROP.sub("", text)
