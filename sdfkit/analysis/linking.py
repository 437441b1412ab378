"""Which of last year's audit demands concern which project, by the distinctive
words they share (a small TF-IDF-like weighting that knows no report's names)."""

from __future__ import annotations

import math
import re

import pandas as pd

from sdfkit.report import Report

_WORD = re.compile(r"[0-9A-Za-z\uac00-\ud7a3]+")
_NOT_WORD = re.compile(r"[^0-9A-Za-z\uac00-\ud7a3]+")
# Particles and endings stripped from the end of a word (the longest first).
_PARTICLES = (
    "으로",
    "에서",
    "에게",
    "하여",
    "하는",
    "하고",
    "을",
    "를",
    "의",
    "은",
    "는",
    "이",
    "가",
    "에",
    "로",
    "와",
    "과",
)
# Korean function words that carry no topic (위한 = "for", 통한 = "through", …).
_FUNCTION_WORDS = frozenset(
    {
        "위한",
        "통한",
        "대한",
        "대해",
        "통해",
        "위해",
        "관련",
        "따른",
        "있는",
        "하기",
        "통하여",
        "등을",
        "등의",
    }
)
_PHRASE_SPLIT = re.compile(r"[◦○●□■▪•※➡\n]|\s[-–·]\s|(?<=[.])\s")


def _terms(text: str) -> set[str]:
    out = set()
    for word in _WORD.findall(text or ""):
        for p in _PARTICLES:
            if word.endswith(p) and len(word) - len(p) >= 2:
                word = word[: -len(p)]
                break
        if len(word) >= 2 and not word.isdigit() and word not in _FUNCTION_WORDS:
            out.add(word)
    return out


def _squash(text: str, drop: str | None) -> str:
    text = text or ""
    if drop:
        text = text.replace(drop, " ")
    return _NOT_WORD.sub("", text)


def project_names(report: Report) -> dict[int, str]:
    """Given a report, return for each project the names it goes by: its title and
    the names of its §Ⅲ budget lines."""
    names = {}
    for _, p in report.projects.iterrows():
        no = int(p["project_no"])
        lines = report.project_budget.loc[report.project_budget["project_no"] == no, "item"]
        names[no] = " ".join(x for x in [p["title"], *lines] if isinstance(x, str))
    return names


def project_texts(report: Report) -> dict[int, str]:
    """Given a report, return for each project the text it is known by: its names
    (title, budget lines) and its goal."""
    goals = dict(zip(report.projects["project_no"], report.projects["goal"], strict=True))
    return {
        no: " ".join(x for x in (names, goals.get(no)) if isinstance(x, str))
        for no, names in project_names(report).items()
    }


def audit_links(report: Report, min_score: float | None = None, min_terms: int = 2) -> pd.DataFrame:
    """Given a report, return which audit items concern which projects, by the
    distinctive words they share.

    A project's words come from its names (title, budget lines) and its goal; a
    word is distinctive when at most a third of the projects use it (weight
    ln(N/df), halved for two-letter words, halved again when only the goal has it)
    and fewer than half of the audit items do (words every demand uses, like the
    institution's, say nothing about one project). Each item is cut into phrases
    (bullets, sentences); an item concerns a project when one phrase shares at
    least ``min_terms`` of its distinctive words, weighing at least ``min_score``
    (default ln N: as much as one name word only that project uses), one of them a
    word of 3+ letters that at most two projects use. Spacing is ignored
    (``어디나지원단`` matches ``어디나 지원단``).

    Returns item_no, project_no, title, score (the best phrase), shared (its words)
    and evidence (the phrase), strongest first within each item.
    """
    columns = ["item_no", "project_no", "title", "score", "shared", "evidence"]
    institution = report.meta.get("institution")
    ptexts = project_texts(report)
    n = len(ptexts)
    if n == 0 or report.audit_items.empty:
        return pd.DataFrame(columns=columns)
    threshold = math.log(max(n, 2)) if min_score is None else min_score
    # The weight of a word of 3+ letters that at most two projects use.
    anchor = math.log(n / 2) if n > 2 else 0.0
    squashed = {no: _squash(t, institution) for no, t in ptexts.items()}
    item_texts = {
        int(r["item_no"]): [x for x in (r["demand"], r["actions"], r["plan"]) if isinstance(x, str)]
        for _, r in report.audit_items.iterrows()
    }
    item_squashed = [_squash(" ".join(v), institution) for v in item_texts.values()]
    generic_at = max(3, math.ceil(len(item_squashed) / 2))
    distinct_at = max(1, n // 3)
    names = {no: _squash(t, institution) for no, t in project_names(report).items()}
    weights: dict[int, dict[str, float]] = {}
    distinct: dict[int, dict[str, float]] = {}
    for no, text in ptexts.items():
        w, d = {}, {}
        for term in _terms(text.replace(institution, " ") if institution else text):
            df = sum(term in s for s in squashed.values())
            in_items = sum(term in s for s in item_squashed)
            if 0 < df <= distinct_at and in_items < generic_at:
                d[term] = math.log(n / df) * (1.0 if len(term) >= 3 else 0.5)
                # A word of the project's names says more than one of its goal.
                w[term] = d[term] * (1.0 if term in names[no] else 0.5)
        weights[no], distinct[no] = w, d
    titles = dict(
        zip(report.projects["project_no"].astype(int), report.projects["title"], strict=True)
    )
    records = []
    for item_no, parts in item_texts.items():
        phrases = [
            p.strip() for part in parts for p in _PHRASE_SPLIT.split(part) if p and p.strip()
        ]
        for no, w in weights.items():
            best = (0.0, [], "")
            for phrase in phrases:
                sq = _squash(phrase, institution)
                hit = [t for t in w if t in sq]
                hit = [t for t in hit if not any(t != u and t in u for u in hit)]
                score = sum(w[t] for t in hit)
                anchored = any(distinct[no][t] >= anchor - 1e-9 for t in hit)
                if len(hit) >= min_terms and anchored and score > best[0]:
                    best = (score, sorted(hit), phrase)
            if best[0] >= threshold - 1e-9:
                records.append(
                    {
                        "item_no": item_no,
                        "project_no": no,
                        "title": titles.get(no),
                        "score": round(best[0], 2),
                        "shared": ", ".join(best[1]),
                        "evidence": best[2] if len(best[2]) <= 120 else best[2][:119] + "…",
                    }
                )
    frame = pd.DataFrame(records, columns=columns)
    frame = frame.sort_values(["item_no", "score"], ascending=[True, False], kind="stable")
    for col in ("item_no", "project_no"):
        frame[col] = pd.array(frame[col], dtype="Int64")
    return frame.reset_index(drop=True)


def project_audit_items(report: Report, project_no: int) -> pd.DataFrame:
    """Given a report and a project number, return the audit items that concern
    the project (see audit_links), with the link's score and shared words."""
    links = audit_links(report)
    links = links[links["project_no"] == project_no][["item_no", "score", "shared", "evidence"]]
    items = report.audit_items.merge(links, on="item_no", how="inner")
    return items.sort_values("score", ascending=False, kind="stable").reset_index(drop=True)
