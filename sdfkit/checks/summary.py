"""The findings table as text for a terminal: grouped by severity, most serious
first, one ``LINE  [check] message`` line per finding, in Korean or English."""

from __future__ import annotations

import pandas as pd

from sdfkit.findings import SEVERITY_ORDER

# Per language: the severities' names, the header, the line when there is nothing.
_WORDS = {
    "ko": {
        "severity": {"error": "오류", "rounding": "반올림", "info": "참고"},
        "head": "점검 결과 {n}건 ({counts})",
        "count": "{name} {n}건",
        "none": "점검 결과가 없습니다: 보고서의 수치가 서로 맞습니다.",
    },
    "en": {
        "severity": {"error": "error", "rounding": "rounding", "info": "info"},
        "head": "{n} findings ({counts})",
        "count": "{n} {name}",
        "none": "No findings: the report's figures agree with each other.",
    },
}


def summarize(findings: pd.DataFrame, lang: str = "ko") -> str:
    """Given a findings table and a language (ko | en), return it as text grouped by
    severity, most serious first, one ``LINE  [check] message`` line per finding."""
    words = _WORDS[lang]
    if findings is None or len(findings) == 0:
        return words["none"] + "\n"
    column = "message_en" if lang == "en" and "message_en" in findings.columns else "message"
    names = words["severity"]
    tally = findings["severity"].value_counts()
    counts = ", ".join(
        words["count"].format(name=names[s], n=int(tally.get(s, 0))) for s in SEVERITY_ORDER
    )
    parts = [words["head"].format(n=len(findings), counts=counts)]
    width = max([len(str(int(v))) for v in findings["line"] if not pd.isna(v)] + [1])
    for severity in sorted(set(findings["severity"]), key=lambda s: SEVERITY_ORDER.get(s, 99)):
        group = findings[findings["severity"] == severity]
        title = names.get(severity, severity)
        parts.append("")
        parts.append(f"{title.upper() if lang == 'en' else title} ({len(group)})")
        for rec in group.to_dict("records"):
            line = "-" if pd.isna(rec["line"]) else str(int(rec["line"]))
            parts.append(f"{line:>{width}}  [{rec['check']}] {rec[column]}")
    return "\n".join(parts) + "\n"
