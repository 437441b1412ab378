"""Outputs land only inside the output folder, and whole or not at all."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap

import pytest

from sdfkit.exceptions import OutputError
from sdfkit.output import atomic_write, atomic_write_text, safe_child


@pytest.mark.parametrize(
    "name",
    [
        "../x.html",
        "..",
        "a/b.html",
        "/etc/passwd",
        "<script>.html",
        "",
        ".hidden",
        "x\x00.html",
        "프로젝트.html",
    ],
)
def test_unsafe_names_are_refused(tmp_path, name):
    with pytest.raises(OutputError):
        safe_child(tmp_path, name)


def test_safe_names_stay_inside(tmp_path):
    assert (
        safe_child(tmp_path, "figures", "project_03_rank.png")
        == (tmp_path / "figures" / "project_03_rank.png").resolve()
    )


def test_a_failed_write_leaves_the_old_file_and_no_temporary(tmp_path):
    target = tmp_path / "table.csv"
    atomic_write_text(target, "old,complete\n")

    def half_then_crash(tmp):
        tmp.write_text("new,hal", encoding="utf-8")
        raise KeyboardInterrupt  # the user pressed Ctrl-C mid-write

    with pytest.raises(KeyboardInterrupt):
        atomic_write(target, half_then_crash)
    assert target.read_text(encoding="utf-8") == "old,complete\n"
    assert [p.name for p in tmp_path.iterdir()] == ["table.csv"]


def test_a_killed_process_leaves_old_or_new_never_half(tmp_path):
    # A writer killed (SIGKILL: no cleanup at all) in the middle of writing a big file.
    target = tmp_path / "big.csv"
    target.write_text("old\n", encoding="utf-8")
    script = textwrap.dedent(
        f"""
        import time
        from sdfkit.output import atomic_write
        def slow(tmp):
            with open(tmp, "w") as fh:
                for i in range(10**6):
                    fh.write("row,%d\\n" % i)
                    if i == 1000:
                        fh.flush(); print("writing", flush=True); time.sleep(30)
        atomic_write({str(target)!r}, slow)
        """
    )
    proc = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True)
    assert proc.stdout.readline().strip() == "writing"
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    assert target.read_text(encoding="utf-8") == "old\n"
