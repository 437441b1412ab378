"""The rules and how they run: a rule is a function of a report that yields
findings, registered under a theme with ``@rule(theme)``.

Themes run in THEMES order, rules within a theme in the order they were
registered. A rule that fails on an unexpected table is reported as a
``check_failed`` finding, never raised: one broken rule must not hide the rest.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from sdfkit.findings import Finding

THEMES = ("arithmetic", "reconcile", "audit", "notes")

RuleFunction = Callable[..., Iterable[Finding]]


@dataclass(frozen=True)
class Rule:
    """One registered rule: its name (in check_failed findings), theme and function."""

    name: str
    theme: str
    run: RuleFunction


# Every registered rule by name, in the order registered.
RULES: dict[str, Rule] = {}


def rule(theme: str, name: str | None = None) -> Callable[[RuleFunction], RuleFunction]:
    """Given a theme (and a name, default the function's), return a decorator that
    registers a rule function and returns it unchanged."""
    if theme not in THEMES:
        raise ValueError(f"unknown theme {theme!r} (one of {', '.join(THEMES)})")

    def register(function: RuleFunction) -> RuleFunction:
        key = name or function.__name__
        if key in RULES and RULES[key].run is not function:
            raise ValueError(f"a rule named {key!r} is already registered")
        RULES[key] = Rule(key, theme, function)
        return function

    return register


def rules(theme: str | None = None) -> list[Rule]:
    """Given a theme (or None for all), return its rules in the order they run."""
    ordered = sorted(RULES.values(), key=lambda r: THEMES.index(r.theme))
    return [r for r in ordered if theme is None or r.theme == theme]


def run_checks(report) -> list[Finding]:
    """Given a Report, return the consistency checks' findings (without the parse
    findings). A rule that fails on an unexpected table is reported, not raised."""
    out: list[Finding] = []
    for entry in rules():
        try:
            out.extend(entry.run(report))
        except Exception as err:  # noqa: BLE001 - one broken rule must not hide the rest
            out.append(
                Finding(
                    check="check_failed",
                    severity="error",
                    table="report",
                    params={"rule": entry.name, "error": f"{type(err).__name__}: {err}"},
                )
            )
    return out
