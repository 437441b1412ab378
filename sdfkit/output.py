"""Writing outputs safely: inside the chosen folder only, and all-or-nothing.

Every file is written to a temporary name beside its target and moved into place,
so an interrupted run leaves the old file or the new one, never half of one.
Names are checked to stay inside the output folder, whatever the report says.
"""

from __future__ import annotations

import os
import re
import tempfile
from collections.abc import Callable
from pathlib import Path

from sdfkit.exceptions import OutputError

_SAFE_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{,120}$")


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current


# mkstemp makes private (0600) files; outputs get the usual mode, so a web server
# running as another user can still serve the site.
_FILE_MODE = 0o666 & ~_umask()


def safe_child(root: str | Path, *parts: str) -> Path:
    """Given an output folder and name parts, return the path they name; raise
    OutputError if a part is not a plain safe file name or the path would leave
    the folder."""
    root_path = Path(root).resolve()
    for part in parts:
        if not _SAFE_NAME.match(part) or ".." in part:
            raise OutputError(f"unsafe output name {part!r}", root)
    target = root_path.joinpath(*parts).resolve()
    if root_path != target and root_path not in target.parents:
        raise OutputError(f"output name {'/'.join(parts)!r} leaves the output folder", root)
    return target


def atomic_write(path: str | Path, write: Callable[[Path], None]) -> Path:
    """Given a target path and a function that writes a file at a given path,
    write to a temporary file beside the target, then move it into place."""
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    os.close(fd)
    tmp = Path(tmp_name)
    os.chmod(tmp, _FILE_MODE)
    try:
        write(tmp)
        os.replace(tmp, target)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return target


def atomic_write_bytes(path: str | Path, data: bytes) -> Path:
    """Given a path and bytes, write them atomically."""
    return atomic_write(path, lambda tmp: tmp.write_bytes(data))


def atomic_write_text(path: str | Path, text: str, encoding: str = "utf-8") -> Path:
    """Given a path and text, write it atomically (UTF-8 unless told)."""
    return atomic_write(path, lambda tmp: tmp.write_text(text, encoding=encoding))
