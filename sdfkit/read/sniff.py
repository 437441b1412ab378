"""Telling a report's format from its bytes, not from its name.

Reports travel as HWP 5 (an OLE2 compound file), HWPX (a ZIP package), PDF or text
extracted from one of them. A file's suffix is often wrong (a ``.hwp`` that was saved as
PDF, a ``.txt`` that is the HWP itself), so the format is read from the bytes:

- HWP 5: the OLE2 magic ``D0 CF 11 E0 A1 B1 1A E1`` and a ``FileHeader`` stream whose
  signature is ``HWP Document File``. Other OLE files (old Word or Excel files) are refused.
- HWPX: a ZIP whose first member is ``mimetype`` holding ``application/hwp+zip`` (the
  OCF/EPUB convention Hancom follows). Other ZIPs (DOCX, XLSX, ODT) are refused.
- PDF: ``%PDF-`` within the first 1,024 bytes, where PDF readers look for it.
- anything else is text, left to the text reader (which refuses binary data itself).
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path
from typing import Literal

from sdfkit.exceptions import ReportReadError

Format = Literal["hwp", "hwpx", "pdf", "text"]

OLE_MAGIC = bytes.fromhex("D0CF11E0A1B11AE1")
ZIP_MAGIC = b"PK\x03\x04"
HWP_SIGNATURE = b"HWP Document File"
HWPX_MIMETYPE = b"application/hwp+zip"
# HWP 3 files are not OLE: they start with their own signature and are not read.
HWP3_SIGNATURE = b"HWP Document File V3"
PDF_MAGIC = b"%PDF-"
PDF_HEADER_WINDOW = 1024

# Suffixes whose meaning is known; any other suffix (or none) says nothing.
SUFFIX_FORMAT: dict[str, Format] = {
    ".hwp": "hwp",
    ".hwpx": "hwpx",
    ".pdf": "pdf",
    ".txt": "text",
}
FORMAT_NAME = {"hwp": "HWP", "hwpx": "HWPX", "pdf": "PDF", "text": "text"}


def sniff(data: bytes, path: str | Path | None = None) -> Format:
    """Given a file's bytes, return its format: "hwp", "hwpx", "pdf" or "text".

    Raises ReportReadError for an OLE file that is not HWP, a ZIP that is not HWPX,
    an HWP 3 file, or an OLE/ZIP container too damaged to tell."""
    if data.startswith(OLE_MAGIC):
        _check_hwp(data, path)
        return "hwp"
    if data.startswith(ZIP_MAGIC):
        _check_hwpx(data, path)
        return "hwpx"
    if PDF_MAGIC in data[:PDF_HEADER_WINDOW]:
        return "pdf"
    if data.startswith(HWP3_SIGNATURE):
        raise ReportReadError("an HWP 3 document: only HWP 5, HWPX, PDF and text are read", path)
    return "text"


def suffix_mismatch(kind: str, path: str | Path | None) -> str | None:
    """Given the sniffed format and the file's path, return a one-line note when the
    name's suffix names another format (``.hwp`` holding a PDF), else None."""
    if path is None:
        return None
    named = SUFFIX_FORMAT.get(Path(path).suffix.lower())
    if named is None or named == kind:
        return None
    return (
        f"the file is named {Path(path).suffix} but its bytes are {FORMAT_NAME[kind]}: "
        f"read as {FORMAT_NAME[kind]}"
    )


def _check_hwp(data: bytes, path: str | Path | None) -> None:
    """Given OLE bytes, raise ReportReadError unless they hold an HWP FileHeader."""
    import olefile  # imported here: text reports never need it

    try:
        with olefile.OleFileIO(io.BytesIO(data), raise_defects=olefile.DEFECT_INCORRECT) as ole:
            if not ole.exists("FileHeader"):
                raise ReportReadError(
                    "an OLE compound file (such as an old Word or Excel file) that is not an "
                    "HWP document",
                    path,
                )
            signature = ole.openstream("FileHeader").read(len(HWP_SIGNATURE))
    except ReportReadError:
        raise
    except Exception as err:  # olefile raises many kinds on damaged input
        raise ReportReadError(
            f"a damaged or truncated OLE (HWP) file: {_short(err)}", path
        ) from None
    if signature != HWP_SIGNATURE:
        raise ReportReadError("an OLE file whose FileHeader is not an HWP document's", path)


def _check_hwpx(data: bytes, path: str | Path | None) -> None:
    """Given ZIP bytes, raise ReportReadError unless the first member is an HWPX mimetype."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            infos = zf.infolist()
            first = infos[0] if infos else None
            if first is None or first.filename != "mimetype" or first.file_size > 256:
                raise ReportReadError(
                    "a ZIP archive that is not an HWPX document (its first member is not an "
                    "HWPX mimetype)",
                    path,
                )
            mimetype = zf.read(first).strip()
    except ReportReadError:
        raise
    except Exception as err:  # zipfile raises BadZipFile, EOFError, zlib.error, ...
        raise ReportReadError(
            f"a damaged or truncated ZIP (HWPX) file: {_short(err)}", path
        ) from None
    if mimetype != HWPX_MIMETYPE:
        raise ReportReadError(
            f"a ZIP archive that is not an HWPX document (mimetype {_short(mimetype)})", path
        )


def _short(what: object) -> str:
    """Given an exception or bytes, return a short one-line description."""
    text = what.decode("ascii", "replace") if isinstance(what, bytes) else str(what)
    text = " ".join(text.split()) or type(what).__name__
    return text[:80]
