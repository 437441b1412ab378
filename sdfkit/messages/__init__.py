"""The message catalogue: what each finding says, in Korean and in English.

Every finding has a stable ``check`` code (``children_sum``, ``row_unreadable`` …);
its sentences are rendered here from the finding's own fields (table, item,
project_no, reported, expected, difference, line) and the parameters the rule that
made it passes (the column, the lines it compared, as-of dates …). ``message`` is
the Korean sentence, ``message_en`` the English one; pages and ``sdfkit check``
show Korean unless asked for English.

The parser's notes write their English sentence themselves, with details the
fields do not hold (why a row could not be read, an unread table's header): that
text is kept as ``message_en`` (``en=None`` below) and the Korean sentence is
rendered from the fields.

The entries live by theme: parse.py, arithmetic.py, reconcile.py, audit.py,
notes.py, corpus.py. A new code is one entry in its theme's table: a Korean and an English template, each a
``str.format`` text over the context's keys (sdfkit.wording.Context) or a function
of the context. Amounts of a table printed in a coarser unit than the report's are
quoted as printed, with the stored value alongside (figures.py: the context is a
``Quoting`` one).
"""

from __future__ import annotations

from collections.abc import Mapping

from sdfkit.messages.arithmetic import ARITHMETIC
from sdfkit.messages.audit import AUDIT
from sdfkit.messages.corpus import CORPUS
from sdfkit.messages.figures import Quoting
from sdfkit.messages.notes import NOTES
from sdfkit.messages.parse import PARSE
from sdfkit.messages.reconcile import RECONCILE
from sdfkit.wording import LANGUAGES, Entry

# Every check code's sentences, by code.
CATALOGUE: dict[str, Entry] = {
    **PARSE,
    **ARITHMETIC,
    **RECONCILE,
    **AUDIT,
    **NOTES,
    **CORPUS,
}

# A code with no entry, or a finding without the parameters its entry needs (one
# built by hand): a plain sentence, never an exception.
GENERIC = Entry(
    "{where}: '{check}' 점검에서 확인할 사항이 있습니다.",
    "{where}: a finding of the {check} check.",
)


def _fill(template, ctx: Quoting) -> str:
    return template(ctx) if callable(template) else template.format_map(ctx)


def render(
    check: str, lang: str, fields: Mapping, params: Mapping | None = None, english: str = ""
) -> str:
    """Given a check code, a language (ko | en), the finding's fields and parameters
    and the parser's own English text (if any), return the finding's sentence. An
    English text given wins over the catalogue's English template."""
    if lang not in LANGUAGES:
        raise ValueError(f"unknown language {lang!r}")
    if lang == "en" and english:
        return english
    entry = CATALOGUE.get(check, GENERIC)
    template = entry.ko if lang == "ko" else (entry.en or GENERIC.en)
    try:
        return _fill(template, Quoting(lang, fields, params or {}, english))
    except (KeyError, IndexError, TypeError, ValueError, ArithmeticError):
        generic = GENERIC.ko if lang == "ko" else GENERIC.en
        return _fill(generic, Quoting(lang, fields, {}, english))


__all__ = ["CATALOGUE", "GENERIC", "LANGUAGES", "render"]
