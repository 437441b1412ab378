"""Message catalogue, corpus: A corpus of reports: conflicts, duplicates, unreadable files."""

from __future__ import annotations

from sdfkit.wording import (
    Context,
    Entry,
    josa,
)

# (parse.corpus writes these rows itself; params: other, differ, file, error)


def _conflict_ko(c: Context) -> str:
    return (
        f"같은 기관·같은 연도의 보고서 {josa(str(c['other']), '과/와')} 수치가 다릅니다"
        f"({c['differ']}). 두 보고서를 모두 남겼습니다."
    )


def _same_ko(c: Context) -> str:
    return (
        f"같은 기관·같은 연도의 보고서 {josa(str(c['other']), '과/와')} 수치가 같습니다"
        "(같은 보고서의 다른 사본)."
    )


CORPUS: dict[str, Entry] = {
    "report_conflict": Entry(
        _conflict_ko,
        "Report {other} is of the same institution and year but its figures differ "
        "({differ}); both are kept.",
    ),
    "same_report": Entry(
        _same_ko,
        "Report {other} is of the same institution and year with the same figures (another "
        "copy of this report).",
    ),
    "duplicate_file": Entry(
        lambda c: (
            f"파일 {josa(str(c['file']), '은/는')} 이 보고서와 내용이 같아(sha256) 한 번만 "
            "읽었습니다."
        ),
        "File {file} has the same bytes (sha256) as this report: read once.",
    ),
    "report_unreadable": Entry("읽지 못함: {error}", "Not read: {error}"),
}
