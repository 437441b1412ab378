"""The data dictionary rendered as Markdown, for data/README.md."""

from __future__ import annotations

from sdfkit.dictionary.tables import DICTIONARY, TABLE_INFO, Column


def _fiscal_text(col: Column) -> str:
    if not col.fiscal:
        return ""
    direction = col.fiscal.get("direction", "")
    direction = "by `side`" if direction == "side" else direction
    parts = [direction, col.fiscal.get("phase", "")]
    if col.fiscal.get("stage"):
        parts.append(col.fiscal["stage"])
    if col.fiscal.get("year") == "prior":
        parts.append("prior year")
    return ", ".join(p for p in parts if p)


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def dictionary_markdown() -> str:
    """Return the data dictionary as Markdown: a section per table, a table of its
    columns (name, type, Korean title, unit, fiscal role, description)."""
    out: list[str] = []
    for table, cols in DICTIONARY.items():
        title, what = TABLE_INFO[table]
        out.append(f"### `{table}.csv`: {title}")
        out.append("")
        out.append(what)
        out.append("")
        out.append("| column | type | 제목 | unit | fiscal | description |")
        out.append("| --- | --- | --- | --- | --- | --- |")
        for col in cols:
            description = col.description
            if col.enum:
                description += " Values: " + ", ".join(f"`{v}`" for v in col.enum) + "."
            out.append(
                f"| `{col.name}` | {col.type} | {_cell(col.title)} | {col.unit or ''} | "
                f"{_fiscal_text(col)} | {_cell(description)} |"
            )
        out.append("")
    return "\n".join(out)


# Every table, in the order it is written, and its column names in order.
