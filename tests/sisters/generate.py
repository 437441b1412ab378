"""Sister reports: work reports of fictional institutions in the council's template,
written line by line with their answer key built alongside the text.

``build(variation, seed)`` returns a ``SisterReport``: the text, the expected tables
of the data contract (``key``: the columns and dtypes ``sdfkit.read_report`` returns,
``line`` included, since the writer knows the line of every row it writes), the
expected metadata, and the inconsistencies deliberately planted (``planted``: each
with the check codes that must find it and the lines a finding may point at).

A ``Variation`` says how this institution writes the template (heading punctuation,
project numbering, units, column synonyms, §Ⅴ labels, …); ``Variation()`` is the
bundled report's own surface. ``seed`` picks names and figures. ``variations()`` is
the Hypothesis strategy over all of it.

Figures are drawn in the report's main unit and printed in each table's own unit;
every derived figure (sums, changes, rates, balances) is computed here, so a
report without plants has no inconsistency at all. With ``rounding``, figures are
drawn finer than a coarser table prints them: that table rounds each figure on its
own (totals and percents computed from the true figures, as an institution's
spreadsheet does), so its sums miss by rounding only, which is no inconsistency.
"""

from __future__ import annotations

import calendar
import random
import re
from dataclasses import dataclass, field, fields, replace
from datetime import date
from decimal import ROUND_CEILING, ROUND_HALF_UP, Decimal

import pandas as pd
from hypothesis import strategies as st

from . import vocabulary as V

# --------------------------------------------------------------------------- variation

# Every value each dimension of a Variation can take; the first is the bundled
# report's own.
CHOICES: dict[str, tuple] = {
    "heading": ("dot", "bare", "latin", "chapter"),
    "titles": (0, 1, 2),
    "numbering": ("plain", "dot", "dash", "paren", "circled", "hangul"),
    "toc": (True, False),
    "strategies": ((4, 5, 4), (3, 3), (2, 2, 2, 2), (5, 6), (1, 2, 3, 2, 1), (4,)),
    "multirow": (1, 0, 2),
    "subtotal": (False, True),
    "unit_main": ("천원", "원", "백만원"),
    "unit_summary": ("same", "천원", "백만원", "원"),
    "unit_project": ("same", "원", "천원", "백만원"),
    "rounding": (False, True),
    "columns": (0, 1, 2),
    "extra_column": (None, "이월액", "비고"),
    "percent_sign": (True, False),
    "decimals": ("mixed", 0, 1, 2),
    "items": (0, 1, 2),
    "teams": (0, 1, 2),
    "table_title": (0, 1, 2, 3),
    "dates": (0, 1, 2),
    "audit_labels": (0, 1, 2),
    "audit_categories": (0, 1),
    "fiscal_year": (2020, 2014, 2017, 2019, 2022, 2025, 2027),
    "plants": ((),),
}
# The inconsistencies a report can be given (see Plants below).
PLANT_KINDS = (
    "children_sum",
    "rate_pct",
    "change_amount",
    "section_totals",
    "project_spent",
    "project_budget",
    "remaining",
    "audit_counts",
    "status_unknown",
)


@dataclass(frozen=True)
class Variation:
    """How one institution writes the template. Defaults: the bundled report's surface.

    heading: section heading punctuation (``Ⅰ.``, ``Ⅰ``, ``I.``, ``제1장``); titles:
    which wording of the section titles; numbering: how §Ⅲ numbers its projects
    (``1``, ``1.``, ``1-1``, ``(1)``, ``①``, ``가.``); toc: §Ⅲ opens with its contents
    list; strategies: projects per strategy; multirow: projects whose §Ⅲ table has
    several 세부사업 rows; subtotal: §Ⅳ prints such a project's own line over them;
    unit_*: the report's main unit, §Ⅰ's unit, and the unit of one §Ⅲ table;
    rounding: figures drawn finer than a coarser table prints them (each printed
    figure rounded on its own);
    columns: which column synonyms; extra_column: a column the contract lacks;
    percent_sign: percents printed with ``%``; decimals: their precision; dates: the
    date spellings; audit_labels / audit_categories: §Ⅴ's labels and categories;
    fiscal_year; plants: the inconsistencies planted."""

    heading: str = "dot"
    titles: int = 0
    numbering: str = "plain"
    toc: bool = True
    strategies: tuple[int, ...] = (4, 5, 4)
    multirow: int = 1
    subtotal: bool = False
    unit_main: str = "천원"
    unit_summary: str = "same"
    unit_project: str = "same"
    rounding: bool = False
    columns: int = 0
    extra_column: str | None = None
    percent_sign: bool = True
    decimals: str | int = "mixed"
    items: int = 0
    teams: int = 0
    table_title: int = 0
    dates: int = 0
    audit_labels: int = 0
    audit_categories: int = 0
    fiscal_year: int = 2020
    plants: tuple[str, ...] = ()

    def differences(self) -> dict:
        """Return the fields that differ from the bundled report's surface."""
        zero = Variation()
        return {
            f.name: getattr(self, f.name)
            for f in fields(self)
            if getattr(self, f.name) != getattr(zero, f.name)
        }


def variations(exclude: dict[str, set] | None = None, plants: bool = True) -> st.SearchStrategy:
    """Given values to leave out per dimension, return a strategy of Variations; with
    ``plants``, each draws a random subset of PLANT_KINDS too."""
    exclude = exclude or {}
    kwargs = {}
    for name, values in CHOICES.items():
        if name == "plants":
            continue
        allowed = [v for v in values if v not in exclude.get(name, set())]
        kwargs[name] = st.sampled_from(allowed)
    if plants:
        kinds = [k for k in PLANT_KINDS if k not in exclude.get("plants", set())]
        kwargs["plants"] = st.lists(st.sampled_from(kinds), max_size=3, unique=True).map(tuple)
    return st.builds(Variation, **kwargs)


def single_variations(exclude: dict[str, set] | None = None) -> list[Variation]:
    """Return the bundled surface with one dimension changed, for every value of every
    dimension (those in ``exclude`` left out): each variation tried on its own."""
    exclude = exclude or {}
    out = [Variation()]
    for name, values in CHOICES.items():
        for value in values[1:]:
            if name != "plants" and value not in exclude.get(name, set()):
                out.append(replace(Variation(), **{name: value}))
    return out


# --------------------------------------------------------------------------- result


@dataclass
class SisterReport:
    """A generated report: its text, the expected tables and metadata, and what was
    planted (dicts with kind, checks, lines, table)."""

    text: str
    key: dict[str, pd.DataFrame]
    planted: list[dict]
    meta: dict = field(default_factory=dict)
    variation: Variation = field(default_factory=Variation)


# --------------------------------------------------------------------------- printing

UNIT_FACTORS = {"원": 1, "천원": 1000, "백만원": 1_000_000}
ROMAN = "ⅠⅡⅢⅣⅤ"
LATIN = ("I", "II", "III", "IV", "V")
CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"
HANGUL_ORDER = "가나다라마바사아자차카타파하"
GLYPH = "\uf000"
_DOTS = str.maketrans({"․": "·", "‧": "·", "･": "·", "・": "·", "ㆍ": "·", "－": "-"})
_QUOTES = str.maketrans({"‘": "’", "'": "’", "`": "’"})
_SYLLABLE = re.compile(r"^[가-힣]$")


def canon(text: str) -> str:
    """Given printed text, return it as the contract stores text: one middle dot, one
    quote mark, plain hyphens, single spaces."""
    text = text.translate(_DOTS).translate(_QUOTES).replace("\u3000", " ")
    return re.sub(r" {2,}", " ", text).strip()


def collapse(label: str) -> str:
    """Given a label, return it without letter-spacing (runs of single syllables joined)."""
    out, run = [], []
    for tok in canon(label).split(" ") + [""]:
        if _SYLLABLE.match(tok):
            run.append(tok)
            continue
        if run:
            out.append("".join(run))
            run = []
        if tok:
            out.append(tok)
    return " ".join(out)


def spaced(word: str) -> str:
    """Given a Hangul word, return it letter-spaced (``인건비`` → ``인 건 비``)."""
    return " ".join(word)


def amount_text(value: int, nil: str = "0") -> str:
    """Given an amount, return it as printed: grouped, △ for negative, ``nil`` for 0."""
    if value == 0:
        return nil
    text = f"{abs(value):,}"
    return f"△{text}" if value < 0 else text


def rounded(num: int, den: int, decimals: int) -> Decimal:
    """Given a ratio, return its percent rounded half up to ``decimals``."""
    exact = Decimal(num) * 100 / Decimal(den)
    return exact.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)


def rounded_up(value: Decimal, decimals: int) -> Decimal:
    """Given a percent, return it rounded up to ``decimals``."""
    return value.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_CEILING)


def percent_text(value: Decimal, decimals: int, sign: bool) -> str:
    """Given a rounded percent, return it as printed (``△21.2%``)."""
    text = f"{abs(value):.{decimals}f}" + ("%" if sign else "")
    return f"△{text}" if value < 0 else text


def last_day(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


# --------------------------------------------------------------------------- the world


@dataclass
class Row3:
    """A line of a project's §Ⅲ budget table (amounts in the main unit)."""

    label: str
    budget: int
    committed: int
    spent: int
    expected: int
    fund: str | None = None
    # Planted: a printed figure off by this much (budget, spent), or a rate off.
    delta_budget: int = 0
    delta_spent: int = 0
    bad_rate: bool = False
    line: int | None = None


@dataclass
class Project:
    no: int
    title: str
    strategy_no: int
    team: str | None = None
    rows: list[Row3] = field(default_factory=list)
    revenue: int = 0
    revenue_prior: int = 0
    collected: int = 0


@dataclass
class Amounts:
    """One line of a budget table: its figures in the main unit."""

    item: str  # as printed (maybe letter-spaced)
    budget: int
    prior: int | None = None
    actual: int | None = None
    children: list[Amounts] = field(default_factory=list)
    project: int | None = None
    new: bool = False
    # Planted: printed figures off by these (§Ⅳ actual, change, remaining; §Ⅰ actual).
    delta_actual: int = 0
    delta_change: int = 0
    delta_remaining: int = 0
    delta_summary: int = 0
    line: int | None = None  # its §Ⅳ line
    summary_line: dict = field(default_factory=dict)  # its §Ⅰ line, by side

    def total(self) -> None:
        """Set this line's figures to the sums of its children's (recursively)."""
        for c in self.children:
            if c.children:
                c.total()
        if self.children:
            self.budget = sum(c.budget for c in self.children)
            if all(c.prior is not None for c in self.children):
                self.prior = sum(c.prior for c in self.children)
            self.actual = sum(c.actual or 0 for c in self.children)


def walk(node: Amounts, parent: Amounts | None = None, depth: int = 0):
    """Yield (line, its parent line, depth) for a hierarchy, in printed order."""
    yield node, parent, depth
    for c in node.children:
        yield from walk(c, node, depth + 1)


class Sister:
    """Writes one sister report: the text and its key, line by line."""

    def __init__(self, variation: Variation, seed: int):
        self.v = variation
        self.rng = random.Random(seed)
        self.lines: list[str] = []
        self.rows: dict[str, list[dict]] = {name: [] for name in SCHEMA}
        self.planted: list[dict] = []
        self.fy = variation.fiscal_year
        self.py = self.fy - 1
        self.main = variation.unit_main
        self.unit_summary = (
            self.main if variation.unit_summary == "same" else variation.unit_summary
        )
        self.unit_project = (
            self.main if variation.unit_project == "same" else variation.unit_project
        )
        # The coarsest unit any table prints amounts in (in main units): amounts are
        # drawn as its multiples, unless ``rounding`` draws them in main units and
        # lets the coarser tables round them. Planted errors stay on the grain.
        self.grain = max(
            1,
            *(
                UNIT_FACTORS[u] // UNIT_FACTORS[self.main]
                for u in (self.unit_summary, self.unit_project)
            ),
        )
        self.draw = 1 if variation.rounding else self.grain
        self.as_of = last_day(self.fy, self.rng.choice([6, 8, 9, 9, 9, 10]))
        self.targets: dict[str, object] = {}

    # ----------------------------------------------------------------- text helpers

    def add(self, text: str = "") -> int:
        """Write a line; return its 1-based number."""
        self.lines.append(text)
        return len(self.lines)

    def blank(self, n: int = 1) -> None:
        for _ in range(n):
            self.add("")

    def money(self, lo_k: int, hi_k: int) -> int:
        """Given a range in thousand won, return an amount in the main unit, a
        multiple of the grain amounts are drawn on."""
        per_k = Decimal(1000) / UNIT_FACTORS[self.main]
        lo = max(1, int(lo_k * per_k) // self.draw + 1)
        hi = max(lo + 1, int(hi_k * per_k) // self.draw)
        return self.rng.randint(lo, hi) * self.draw

    def part(self, value: int, lo: float, hi: float) -> int:
        """Given an amount, return a share of it between lo and hi, on the grain
        amounts are drawn on."""
        share = int(value * self.rng.uniform(lo, hi))
        return share // self.draw * self.draw

    def delta(self, base: int) -> int:
        """Return a planted error for a figure near ``base``: a few percent, never a
        rounding slip, on the grain."""
        size = max(3 * self.grain, int(abs(base) * self.rng.uniform(0.01, 0.08)))
        return size // self.grain * self.grain * self.rng.choice([1, -1])

    def printed(self, value: int, unit: str) -> int:
        """Given an amount in the main unit, return it in ``unit``: rounded half up
        (with ``rounding``), else exact."""
        num = value * UNIT_FACTORS[self.main]
        if self.v.rounding:
            exact = Decimal(num) / UNIT_FACTORS[unit]
            return int(exact.quantize(Decimal(1), rounding=ROUND_HALF_UP))
        assert num % UNIT_FACTORS[unit] == 0, (value, unit)
        return num // UNIT_FACTORS[unit]

    def stored(self, value: int | None, unit: str) -> int | None:
        """Given an amount in the main unit, return what the parser stores for it once
        printed in ``unit``: the printed figure converted back to the main unit."""
        if value is None:
            return None
        return self.printed(value, unit) * UNIT_FACTORS[unit] // UNIT_FACTORS[self.main]

    def decimals(self, usual: int) -> int:
        d = self.v.decimals
        if d == "mixed":
            return usual if self.rng.random() < 0.7 else self.rng.choice([0, 1, 2])
        return int(d)

    def pct(self, num: int, den: int, usual: int) -> tuple[str, float | None]:
        """Given a ratio, return (printed percent, its value as the contract holds it)."""
        if not den:
            return "-", None
        d = self.decimals(usual)
        value = rounded(num, den, d)
        return percent_text(value, d, self.v.percent_sign), float(value)

    def off_rate(self, num: int, den: int, unit: str) -> tuple[str, float]:
        """A planted rate: the true one off by several units of its last digit, past
        every rate the printed amounts may round from (in a coarser unit, each is
        within half that unit of the true one)."""
        d = self.decimals(1)
        step = Decimal(1).scaleb(-d)
        top = rounded(num, den, d)
        half = Decimal(UNIT_FACTORS[unit]) / UNIT_FACTORS[self.main] / 2
        if half > Decimal("0.5"):
            a, b = self.stored(num, unit), self.stored(den, unit)
            top = max(top, rounded_up((a + half) * 100 / (b - half), d))
        value = top + step * self.rng.randint(2, 9)
        return percent_text(value, d, self.v.percent_sign), float(value)

    def yy(self, year: int) -> str:
        return f"{year % 100:02d}"

    def day_text(self, d: date) -> str:
        """Given a day, return it as this institution spells an as-of date."""
        y, m, n, yy = d.year, d.month, d.day, self.yy(d.year)
        forms = [
            [f"’{yy}. {m}. {n}.", f"’{yy}.{m}.{n}."],
            [f"‘{yy}. {m}. {n}.", f"{y}. {m}. {n}."],
            [f"{y}.{m}.{n}.", f"{y}. {m:02d}. {n:02d}."],
        ]
        return self.rng.choice(forms[self.v.dates])

    def unit_text(self, unit: str) -> str:
        return "천 원" if unit == "천원" and self.rng.random() < 0.2 else unit

    def unit_line(self, unit: str, d: date, first: bool = True) -> str:
        when, unit = self.day_text(d), self.unit_text(unit)
        return f"({when} 기준, 단위 : {unit}, %)" if first else f"(단위 : {unit}, {when} 기준)"

    def word(self, column: str) -> str:
        """Given a contract column, return the header word this institution uses."""
        synonyms = {
            "budget": ("예산현액", "예산액", "현액"),
            "change_pct": ("증감률", "증감률(%)", "증감율"),
        }
        return synonyms[column][self.v.columns]

    # ----------------------------------------------------------------- the world

    def world(self) -> None:
        """Draw the institution, its teams, projects and figures."""
        rng = self.rng
        self.institution = rng.choice(V.INSTITUTIONS)
        counts = list(self.v.strategies)
        n = sum(counts)
        titles = rng.sample(V.PROJECTS, n)
        self.strategies = rng.sample(V.STRATEGIES, len(counts))
        self.projects: list[Project] = []
        for s, count in enumerate(counts, start=1):
            for _ in range(count):
                no = len(self.projects) + 1
                self.projects.append(Project(no, titles[no - 1], s))
        multi = set(rng.sample(range(n), min(self.v.multirow, n)))
        for i, p in enumerate(self.projects):
            budget = self.money(80_000, 1_500_000)
            if i in multi:
                funds = rng.sample(V.FUNDS, rng.choice([2, 2, 3]))
                parts = self.split(budget, len(funds))
                p.rows = [self.row3(f"{p.title}({f})", b, f) for f, b in zip(funds, parts)]
            else:
                p.rows = [self.row3(p.title, budget)]
            p.revenue = self.part(budget, 0.6, 1.0) or self.draw
            p.revenue_prior = 0 if rng.random() < 0.25 else self.money(50_000, 900_000)
            p.collected = self.part(p.revenue, 0.5, 1.0)
        # Teams: some run projects, the others only have admin duties.
        n_teams = rng.randint(4, 8)
        self.teams = rng.sample(V.TEAMS, n_teams)
        runners = self.teams[: max(2, n_teams - 2)]
        for p in self.projects:
            p.team = rng.choice(runners)

    def split(self, total: int, k: int) -> list[int]:
        cuts = sorted(self.rng.sample(range(1, total // self.draw), k - 1))
        bounds = [0, *cuts, total // self.draw]
        return [(b - a) * self.draw for a, b in zip(bounds, bounds[1:])]

    def row3(self, label: str, budget: int, fund: str | None = None) -> Row3:
        committed = self.part(budget, 0.2, 1.0)
        spent = self.part(committed, 0.0, 1.0)
        expected = max(committed, self.part(budget, 0.85, 1.0))
        return Row3(label, budget, committed, spent, expected, fund)

    def figures(self) -> None:
        """Build the budget hierarchies both §Ⅰ and §Ⅳ print."""
        rng = self.rng
        # Expenditure: 인건비, 경비, 사업비 (the projects' lines), 예비비.
        lines = []
        for p in self.projects:
            kids = [Amounts(r.label, r.budget, actual=r.spent, project=p.no) for r in p.rows]
            if len(kids) > 1 and self.v.subtotal:
                lines.append(Amounts(p.title, 0, children=kids, project=p.no))
            else:
                lines.extend(kids)
        rng.shuffle(lines)
        pay, ops = self.money(900_000, 4_000_000), self.money(400_000, 2_000_000)
        pay_label, ops_label, program_label, reserve_label = V.EXPENDITURE_ITEMS[self.v.items]
        names = V.REVENUE_ITEMS[self.v.items]
        reserve = Amounts(
            reserve_label, self.money(100_000, 900_000), self.money(100_000, 900_000), 0
        )
        program = Amounts(program_label, 0, prior=self.money(3_000_000, 9_000_000), children=lines)
        self.expenditure = Amounts(
            "계",
            0,
            children=[
                Amounts(pay_label, pay, self.money(900_000, 4_000_000), self.part(pay, 0.5, 0.8)),
                Amounts(ops_label, ops, self.money(400_000, 2_000_000), self.part(ops, 0.3, 0.8)),
                program,
                reserve,
            ],
        )
        self.expenditure.total()
        # Revenue: 사업수입 (고유사업: the projects' own lines; 수탁사업: national
        # funds), 잉여금(이월금)수입 > 순세계잉여금, and 서울시출연금 balancing the budget.
        own, entrusted = [], []
        for p in self.projects:
            own.append(
                Amounts(
                    p.title,
                    p.revenue,
                    p.revenue_prior,
                    p.collected,
                    project=p.no,
                    new=p.revenue_prior == 0,
                )
            )
            for r in p.rows:
                if r.fund == "국비":
                    prior = 0 if rng.random() < 0.5 else self.money(50_000, 500_000)
                    got = self.part(r.budget, 0.3, 1.0)
                    entrusted.append(
                        Amounts(r.label, r.budget, prior, got, project=p.no, new=prior == 0)
                    )
        gone = rng.sample(V.DISCONTINUED, rng.randint(1, 3))
        self.discontinued = {*gone, gone[-1] + "(국비)"}
        for name in gone[:-1]:
            own.append(Amounts(name, 0, self.money(20_000, 800_000), 0))
        if not entrusted or rng.random() < 0.5:
            entrusted.append(Amounts(gone[-1] + "(국비)", 0, self.money(20_000, 800_000), 0))
        else:
            own.append(Amounts(gone[-1], 0, self.money(20_000, 800_000), 0))
        rng.shuffle(own)
        business = Amounts(
            names["business"],
            0,
            children=[
                Amounts(names["own"], 0, children=own),
                Amounts(names["entrusted"], 0, children=entrusted),
            ],
        )
        value = self.money(200_000, 2_500_000)
        surplus = Amounts(
            names["surplus"],
            0,
            children=[Amounts(names["net"], value, self.money(200_000, 2_500_000), value)],
        )
        business.total()
        surplus.total()
        groups = [business, surplus]
        if names["other"]:
            label, kids = names["other"]
            other = Amounts(label, 0, children=[])
            for kid in kids:
                budget = self.money(5_000, 120_000)
                other.children.append(
                    Amounts(kid, budget, self.money(5_000, 120_000), self.part(budget, 0.2, 0.9))
                )
            other.total()
            groups.append(other)
        grant = self.expenditure.budget - sum(g.budget for g in groups)
        grant_prior = self.expenditure.prior - sum(g.prior for g in groups)
        if min(grant, grant_prior) <= 0:
            # Too little left for the city's grant: a larger reserve balances it.
            extra = max(-grant, -grant_prior, 0) + self.money(500_000, 1_500_000)
            reserve.budget += extra
            reserve.prior += extra
            self.expenditure.total()
            grant += extra
            grant_prior += extra
        city = Amounts(names["grant"], grant, grant_prior, self.part(grant, 0.6, 0.9))
        self.revenue = Amounts("계", 0, children=[*groups, city])
        self.revenue.total()

    def choose_targets(self) -> None:
        """Pick where each planted inconsistency goes, and set its delta."""
        rng = self.rng
        own = self.revenue.children[0].children[0].children
        programs = [n for n, _p, _d in walk(self.expenditure) if n.project and not n.children]
        for kind in self.v.plants:
            if kind == "children_sum":
                node = rng.choice([n for n in own if n.actual])
                node.delta_actual = self.delta(node.actual)
            elif kind == "change_amount":
                choices = [n for n in own if n.prior and not n.new and not n.delta_actual]
                if not choices:
                    continue
                node = rng.choice(choices)
                node.delta_change = self.delta(node.budget - node.prior or node.budget)
            elif kind == "remaining":
                node = rng.choice(programs)
                node.delta_remaining = self.delta(node.budget - node.actual or node.budget)
            elif kind == "section_totals":
                node = self.expenditure.children[0]  # 인건비
                node.delta_summary = self.delta(node.actual)
            elif kind in ("project_spent", "project_budget", "rate_pct"):
                free = [
                    p
                    for p in self.projects
                    if not any(r.delta_spent or r.delta_budget or r.bad_rate for r in p.rows)
                ]
                if kind == "project_budget":
                    free = [p for p in free if len(p.rows) == 1]
                if not free:
                    continue
                p = rng.choice(free)
                r = rng.choice(p.rows)
                if kind == "project_spent":
                    r.delta_spent = self.delta(max(r.spent, r.budget // 10))
                elif kind == "project_budget":
                    r.delta_budget = self.delta(r.budget)
                else:
                    r.bad_rate = True
                node = (p, r)
            elif kind in ("audit_counts", "status_unknown"):
                node = True  # the line is known once §Ⅴ is written
            self.targets[kind] = node

    def record_plants(self) -> None:
        """After writing, record each plant with the checks and lines that must find it."""
        own_parent = self.revenue.children[0].children[0]
        for kind, node in self.targets.items():
            if kind == "children_sum":
                entry = {"checks": ["children_sum"], "lines": [own_parent.line]}
            elif kind == "change_amount":
                entry = {
                    "checks": ["change_amount", "children_sum"],
                    "lines": [node.line, own_parent.line],
                }
            elif kind == "remaining":
                parent = next(p for n, p, _d in walk(self.expenditure) if n is node)
                entry = {"checks": ["remaining", "children_sum"], "lines": [node.line, parent.line]}
            elif kind == "section_totals":
                total = self.expenditure.summary_line["expenditure"]
                entry = {
                    "checks": ["section_totals", "children_sum"],
                    "lines": [node.summary_line["expenditure"], total],
                }
            elif kind in ("project_spent", "project_budget", "rate_pct"):
                p, r = node
                first = p.rows[0].line
                checks = {
                    "project_spent": ["project_spent"],
                    "project_budget": ["project_budget", "project_line_missing"],
                    "rate_pct": ["rate_pct"],
                }[kind]
                entry = {"checks": checks, "lines": sorted({first, r.line})}
            elif kind == "audit_counts":
                entry = {"checks": ["audit_row_sum", "audit_counts"], "lines": [node]}
            elif kind == "status_unknown":
                # The status line, and nothing else: the summary's counts it may
                # explain are notes (info), not errors.
                entry = {"checks": ["status_unknown"], "lines": [node]}
            self.planted.append({"kind": kind, **entry})

    # ----------------------------------------------------------------- sections

    def heading(self, idx: int, kind: str) -> None:
        """Write section idx's cover page and its heading."""
        year = self.py if kind == "audit" else self.fy
        title = V.SECTION_TITLES[kind][self.v.titles].format(year=year)
        numeral = {
            "dot": ROMAN[idx],
            "bare": ROMAN[idx],
            "latin": LATIN[idx],
            "chapter": f"제{idx + 1}장",
        }[self.v.heading]
        head = {
            "dot": f"{ROMAN[idx]}. {title}",
            "bare": f"{ROMAN[idx]} {title}",
            "latin": f"{LATIN[idx]}. {title}",
            "chapter": f"제{idx + 1}장 {title}",
        }[self.v.heading]
        self.add(f" {numeral}")
        self.blank()
        self.add(collapse(title) + " ")
        self.blank(3)
        self.add(head)
        self.blank()

    # §Ⅰ ------------------------------------------------------------------------

    def general(self) -> None:
        self.heading(0, "general")
        staff = self.rng.randint(25, 140)
        office = self.rng.choice(V.OFFICES) if self.v.teams else "1실"
        self.add(f"{GLYPH} 조직․인력 : {office} {len(self.teams)}팀 {staff}명 ※ 정규직 현원")
        self.add(f"({self.day_text(self.as_of)} 기준)")
        self.blank()
        self.add(f"{GLYPH} 팀별 담당업무")
        self.blank()
        admin = self.rng.sample(V.ADMIN_DUTIES, len(V.ADMIN_DUTIES))
        used = 0
        for team in self.teams:
            names = [p.title for p in self.projects if p.team == team]
            duties = []
            for _ in range(1 if names else 2):
                duties.append(admin[used % len(admin)])
                used += 1
            printed = spaced(team) if self.rng.random() < 0.5 else team
            texts = [", ".join(duties) + " 등"]
            texts += [", ".join(names[i : i + 2]) for i in range(0, len(names), 2)]
            bullet = "･-◦"[self.v.teams]
            if self.v.teams == 2 or (len(texts) == 1 and self.rng.random() < 0.5):
                # The team's name and its first duty on one line.
                self.add(f"{printed} {bullet} {texts[0]}")
                texts = texts[1:]
            else:
                self.add(printed)
            for text in texts:
                self.add(f"{bullet} {text}")
                self.blank()
            self.blank()
        self.add("부 서 주 요 업 무")
        self.blank(3)
        self.summary()

    def summary(self) -> None:
        """§Ⅰ's 세입·세출 총괄: both titles, then the expenditure body, then revenue."""
        self.add(f"{GLYPH} 세입․세출 예산현황")
        self.blank()
        unit = self.unit_summary
        self.add("   ○ 세입 총괄")
        self.add(self.unit_line(unit, self.as_of))
        self.blank()
        self.add(" ")
        self.blank()
        self.add(" ○ 세출 총괄   ")
        self.add(self.unit_line(unit, self.as_of))
        self.blank()
        self.add("구 분")
        self.add(str(self.fy))
        self.add(self.word("budget"))
        self.blank()
        self.add(str(self.py))
        self.add("최종예산")
        self.blank()
        self.add("증 감 집행현황")
        self.blank()
        self.add(f"증감액 {self.word('change_pct')} 집행액 집행률")
        self.blank()
        self.summary_rows("expenditure", self.expenditure, unit)
        self.add(f"구 분 {self.fy}")
        self.add(self.word("budget"))
        self.blank()
        self.add(str(self.py))
        self.add("최종예산")
        self.blank()
        self.add("증 감 징수현황")
        self.blank()
        self.add(f"증감액 {self.word('change_pct')} 징수액 징수율")
        self.blank()
        self.summary_rows("revenue", self.revenue, unit)
        self.blank(2)

    def summary_rows(self, side: str, root: Amounts, unit: str) -> None:
        for node, parent, depth in walk(root):
            if node.project is not None or node.item in self.discontinued:
                continue  # §Ⅰ stops at the categories
            plain = "(" not in node.item and node.item != "계"
            label = spaced(node.item) if plain and self.rng.random() < 0.6 else node.item
            if depth >= 2 and self.rng.random() < 0.5:
                label = "\u3000 " + label
            figures, tokens = self.budget_values(
                node, unit, actual_usual=2, change_usual=1, delta_actual=node.delta_summary
            )
            line = node.summary_line[side] = self.add(f"{label} {' '.join(tokens)}")
            self.blank()
            self.rows["summary_budget"].append(
                {
                    "side": side,
                    "item": collapse(node.item),
                    "parent": collapse(parent.item) if parent else None,
                    **figures,
                    "line": line,
                }
            )

    def budget_values(
        self,
        node: Amounts,
        unit: str,
        actual_usual: int,
        change_usual: int,
        delta_actual: int = 0,
        delta_change: int = 0,
    ) -> tuple[dict, list[str]]:
        """Given a line, return (its contract figures, its printed tokens) for a table
        of budget, prior, change, change %, actual, actual %."""
        p = lambda v: self.printed(v, unit)  # noqa: E731
        change = node.budget - node.prior + delta_change
        actual = node.actual + delta_actual
        if node.new:
            change_text, change_pct = "순증", None
        elif node.prior == 0:
            change_text, change_pct = "-", None
        else:
            change_text, change_pct = self.pct(change, node.prior, change_usual)
        actual_text, actual_pct = self.pct(actual, node.budget, actual_usual)
        tokens = [
            amount_text(p(node.budget)),
            amount_text(p(node.prior)),
            amount_text(p(change), nil="-"),
            change_text,
            amount_text(p(actual)),
            actual_text,
        ]
        # The key holds what the parser stores (the rounded figures, in a coarser
        # table); the percents stay those of the true figures, as printed.
        s = lambda v: self.stored(v, unit)  # noqa: E731
        figures = {
            "budget": s(node.budget),
            "prior_budget": s(node.prior),
            "change": s(change),
            "change_pct": change_pct,
            "actual": s(actual),
            "actual_pct": actual_pct,
        }
        return figures, tokens

    # §Ⅱ ------------------------------------------------------------------------

    def strategy(self) -> None:
        self.heading(1, "strategy")
        self.add(f"비 전 {self.rng.choice(V.VISIONS)}")
        self.blank()
        mission = self.rng.choice(V.MISSIONS)
        self.add("미 션")
        self.add(mission[0])
        self.blank()
        self.add(mission[1])
        self.blank()
        for s, (title, subs) in enumerate(self.strategies, start=1):
            self.add(f"전략{CIRCLED[s - 1]} {title}")
            self.blank()
            for k, sub in enumerate(subs):
                self.add(f"{HANGUL_ORDER[k]}. {sub}")
                self.blank()
        self.add("주요")
        self.blank()
        self.add("업무")
        self.blank()
        if self.v.toc:
            # The bundled layout: one column per strategy, flattened by extraction.
            self.add(" ".join(f"전략{CIRCLED[s]}" for s in range(len(self.strategies))))
            for p in self.projects:
                self.add(f"{p.no}. {p.title.replace(' ', '') if p.no % 3 == 0 else p.title}")
        else:
            for s, (title, _subs) in enumerate(self.strategies, start=1):
                self.add(f"전략{CIRCLED[s - 1]} {title}")
                for p in self.projects:
                    if p.strategy_no == s:
                        self.add(f"{p.no}. {p.title}")
                self.blank()
        self.blank(3)

    # §Ⅲ ------------------------------------------------------------------------

    def project_number(self, p: Project) -> str:
        mates = [q for q in self.projects if q.strategy_no == p.strategy_no]
        within = mates.index(p) + 1
        return {
            "plain": f"{p.no}  ",
            "dot": f"{p.no}. ",
            "dash": f"{p.strategy_no}-{within} ",
            "paren": f"({p.no}) ",
            "circled": f"{CIRCLED[p.no - 1]} ",
            "hangul": f"{HANGUL_ORDER[p.no - 1]}. ",
        }[self.v.numbering]

    def plans_section(self) -> None:
        self.heading(2, "projects")
        strategies = range(1, len(self.strategies) + 1)
        if self.v.toc:
            for s in strategies:
                self.add(f"{s}. {self.strategies[s - 1][0]}")
                for p in self.projects:
                    if p.strategy_no == s:
                        self.add(f"{CIRCLED[p.no - 1]} {p.title}")
                        self.blank()
            self.blank(2)
        for s in strategies:
            if self.v.toc:
                # A divider page: the strategy's projects, then its title, wrapped.
                for p in self.projects:
                    if p.strategy_no == s:
                        self.add(f"{CIRCLED[p.no - 1]} {p.title}")
                        self.blank()
                words = self.strategies[s - 1][0].split(" ")
                half = max(1, len(words) // 2)
                self.add(f" {s}. {' '.join(words[:half])}")
                self.blank()
                self.add(" ".join(words[half:]))
                self.blank(3)
            for p in self.projects:
                if p.strategy_no == s:
                    self.project(p)

    def project(self, p: Project) -> None:
        line = self.add(f"{self.project_number(p)}{p.title}")
        self.blank()
        goal = self.rng.choice(V.GOALS).format(name=p.title)
        words = goal.split(" ")
        if self.rng.random() < 0.4:
            cut = len(words) // 2
            self.add(f"{GLYPH} {' '.join(words[:cut])}")
            self.blank()
            self.add(" ".join(words[cut:]))
        else:
            self.add(f"{GLYPH} {goal}")
        self.blank()
        self.rows["projects"].append(
            {
                "project_no": p.no,
                "title": p.title,
                "strategy_no": p.strategy_no,
                "strategy": self.strategies[p.strategy_no - 1][0],
                "goal": goal,
                "team": p.team,
                "line": line,
            }
        )
        self.add(f"{GLYPH} 사업개요")
        self.blank()
        for text in self.rng.sample(V.OVERVIEW, 2):
            self.add(text)
            self.add(self.rng.choice(V.OVERVIEW_SUB).replace("-", "－", 1))
            self.blank()
        self.add(f"{GLYPH} 추진실적")
        self.blank()
        for text in self.rng.sample(V.RESULTS, 2):
            self.add(text)
            self.blank()
        if self.rng.random() < 0.7:
            self.budget_table(p)
            self.plans(p)
        else:
            self.plans(p)
            self.budget_table(p)
        self.blank(3)

    def budget_table(self, p: Project) -> None:
        unit = self.unit_project if p.no == 2 else self.main
        as_of = self.as_of
        if p.no % 5 == 3:  # some tables are stated at another day
            as_of = date.fromordinal(as_of.toordinal() - self.rng.randint(1, 3))
        title, unit_line = (
            V.TABLE_TITLES[self.v.table_title],
            f"(단위 : {self.unit_text(unit)}, {self.day_text(as_of)} 기준)",
        )
        if self.rng.random() < 0.2:
            self.add(title)
            self.blank()
            self.add(unit_line)
        else:
            self.add(f"{title} {unit_line}")
        self.blank()
        yy = self.yy(self.fy)
        first, second, third = PROJECT_HEADERS[self.v.columns]
        second = second.format(yy=yy)
        extra = self.v.extra_column
        if extra:
            first = f"{first} {extra}"
        self.add(first)
        self.add(second)
        self.blank()
        self.add(third)
        self.blank()
        pr = lambda v: self.printed(v, unit)  # noqa: E731
        for r in p.rows:
            budget, spent = r.budget + r.delta_budget, r.spent + r.delta_spent
            c_text, c_pct = self.pct(r.committed, budget, 1)
            s_text, s_pct = (
                self.off_rate(spent, budget, unit) if r.bad_rate else self.pct(spent, budget, 1)
            )
            e_text, e_pct = self.pct(r.expected, budget, 1)
            tokens = [amount_text(pr(budget))]
            if extra == "이월액":
                tokens.append(amount_text(pr(self.part(r.budget, 0.0, 0.2)), nil="-"))
            tokens += [
                amount_text(pr(r.committed)),
                amount_text(pr(spent), nil=self.rng.choice(["0", "-"])),
                c_text,
                s_text,
                amount_text(pr(r.expected)),
                e_text,
            ]
            if extra == "비고":
                tokens.append(self.rng.choice(["신규", "계속", "공모"]))
            words = r.label.split(" ")
            if len(words) > 1 and self.rng.random() < 0.35:
                self.add(" ".join(words[:-1]))
                self.blank()
                line = self.add(f"{words[-1]} {' '.join(tokens)}")
            else:
                line = self.add(f"{r.label} {' '.join(tokens)}")
            r.line = line
            self.blank()
            self.rows["project_budget"].append(
                {
                    "project_no": p.no,
                    "item": collapse(r.label),
                    "as_of": pd.Timestamp(as_of),
                    "budget": self.stored(budget, unit),
                    "committed": self.stored(r.committed, unit),
                    "spent": self.stored(spent, unit),
                    "committed_pct": c_pct,
                    "spent_pct": s_pct,
                    "expected": self.stored(r.expected, unit),
                    "expected_pct": e_pct,
                    "line": line,
                }
            )

    def plans(self, p: Project) -> None:
        self.add(f"{GLYPH} 향후계획")
        self.blank()
        for text in self.rng.sample(V.MILESTONES, self.rng.randint(1, 3)):
            when, start, end = self.span()
            line = self.add(f"○ {text} : {when}")
            self.blank()
            self.rows["milestones"].append(
                {
                    "project_no": p.no,
                    "text": canon(text),
                    "start": pd.Timestamp(start) if start else pd.NaT,
                    "end": pd.Timestamp(end) if end else pd.NaT,
                    "line": line,
                }
            )

    def span(self) -> tuple[str, date | None, date | None]:
        """Return a planned period as printed, with its first and last day."""
        rng = self.rng
        fy, yy = self.fy, self.yy(self.fy)
        a = rng.randint(max(1, self.as_of.month), 11)
        b = rng.randint(a + 1, 12)
        style = rng.randrange(9)
        if style == 0:
            return f"‘{yy}. {a}월~{b}월", date(fy, a, 1), last_day(fy, b)
        if style == 1:
            return f"~’{yy}.{b}월", None, last_day(fy, b)
        if style == 2:
            return f"{fy}. {a}.~{b}.", date(fy, a, 1), last_day(fy, b)
        if style == 3:
            return f"’{yy}.{a}~{b}월", date(fy, a, 1), last_day(fy, b)
        if style == 4:
            return f"~ {b}월", None, last_day(fy, b)
        if style == 5:
            return f"{b}월", date(fy, b, 1), last_day(fy, b)
        if style == 6:
            return f"’{yy}.{a}월~", date(fy, a, 1), None
        if style == 7:
            m = rng.randint(1, 3)
            return f"’{self.yy(fy + 1)}.{m}월", date(fy + 1, m, 1), last_day(fy + 1, m)
        return f"{fy}. {b}.", date(fy, b, 1), last_day(fy, b)

    # §Ⅳ ------------------------------------------------------------------------

    def detail(self) -> None:
        self.heading(3, "budget")
        yy, pyy = self.yy(self.fy), self.yy(self.py)
        self.add(f"{GLYPH} 세입예산   {self.unit_line(self.main, self.as_of)}")
        self.blank()
        self.add(f"구 분 ’{yy}년")
        self.add(self.word("budget"))
        self.blank()
        self.add(f"’{pyy}년")
        self.add("최종예산")
        self.blank()
        self.add(f"’{pyy}년 대비 집행현황")
        self.blank()
        self.add(f"증감액 {self.word('change_pct')} 징수액 징수율")
        self.blank()
        for node, parent, depth in walk(self.revenue):
            figures, tokens = self.budget_values(
                node,
                self.main,
                actual_usual=0,
                change_usual=0,
                delta_actual=node.delta_actual,
                delta_change=node.delta_change,
            )
            indent = "\u3000" * min(depth, 2) if depth and self.rng.random() < 0.3 else ""
            line = node.line = self.add(f"{indent}{node.item} {' '.join(tokens)}")
            self.blank()
            self.rows["revenue_detail"].append(
                {
                    "item": collapse(node.item),
                    "parent": collapse(parent.item) if parent else None,
                    "budget": figures["budget"],
                    "prior_budget": figures["prior_budget"],
                    "change": figures["change"],
                    "change_pct": figures["change_pct"],
                    "is_new": node.new,
                    "collected": figures["actual"],
                    "collected_pct": figures["actual_pct"],
                    "project_no": node.project,
                    "line": line,
                }
            )
        self.blank(2)
        self.add(f"{GLYPH} 세출예산 집행현황")
        self.add(self.unit_line(self.main, self.as_of, first=False))
        self.blank()
        self.add(EXPENDITURE_HEADERS[self.v.columns])
        self.blank()
        for node, parent, _depth in walk(self.expenditure):
            rate_text, rate = self.pct(node.actual, node.budget, 2)
            remaining = node.budget - node.actual + node.delta_remaining
            tokens = [
                amount_text(node.budget),
                amount_text(node.actual),
                rate_text,
                amount_text(remaining),
            ]
            line = node.line = self.add(f"{node.item} {' '.join(tokens)}")
            self.blank()
            self.rows["expenditure_detail"].append(
                {
                    "item": collapse(node.item),
                    "parent": collapse(parent.item) if parent else None,
                    "budget": node.budget,
                    "spent": node.actual,
                    "spent_pct": rate,
                    "remaining": remaining,
                    "project_no": node.project,
                    "line": line,
                }
            )
        self.blank(3)

    # §Ⅴ ------------------------------------------------------------------------

    def audit(self) -> None:
        self.heading(4, "audit")
        self.add(self.institution)
        self.blank()
        rng = self.rng
        categories = V.AUDIT_CATEGORIES[self.v.audit_categories]
        statuses = list(V.STATUS_PRINTED)
        items: list[tuple[int, str, str]] = []  # (category, status, status as printed)
        yy = self.yy(self.fy)
        for c in range(len(categories)):
            for _ in range(rng.randint(1, 4)):
                status = rng.choice(statuses)
                items.append((c, status, rng.choice(V.STATUS_PRINTED[status]).format(yy=yy)))
        unknown = self.unknown_status(items) if "status_unknown" in self.targets else None
        self.add("□ 총 괄")
        self.blank()
        self.add(f"○ 수감결과 처리요구사항 등 ------------------ 총 {len(items)} 건")
        self.blank()
        self.add("○ 조치내역")
        self.blank()
        self.add("구 분 계 완 료 추진 중 검토 중 미반영")
        self.blank()
        self.add("계")
        self.blank()
        columns = ("done", "in_progress", "under_review", "not_adopted")
        wrong = rng.randrange(len(categories)) if "audit_counts" in self.targets else None
        for c, label in [(None, "계")] + [(c, cat[0]) for c, cat in enumerate(categories)]:
            members = [i for i in items if c is None or i[0] == c]
            counts = [sum(1 for i in members if i[1] == s) for s in statuses]
            total = len(members) + (1 if c is not None and c == wrong else 0)
            tokens = [str(total)] + [str(n) for n in counts if n]
            line = self.add(f"{label} {' '.join(tokens)}")
            if c is not None and c == wrong:
                self.targets["audit_counts"] = line
            self.blank()
            self.rows["audit_summary"].append(
                {
                    "category": collapse(label),
                    "total": total,
                    **dict(zip(columns, counts)),
                    "line": line,
                }
            )
        self.blank(2)
        prefix, status_label, actions_label, plan_label = V.AUDIT_LABELS[self.v.audit_labels]
        demands = rng.sample(V.DEMANDS, len(V.DEMANDS))
        n = 0
        for c, (label, title, header) in enumerate(categories):
            self.add(title)
            self.blank(2)
            documents = "기타" in label
            for k, (_c, status, printed) in enumerate(i for i in items if i[0] == c):
                at = n  # the item's index in items (they are written in category order)
                if k % 2 == 0:
                    self.add(header)
                    self.blank()
                n += 1
                demand = rng.choice(V.DOCUMENT_DEMANDS) if documents else demands.pop()
                pieces = [demand[i : i + 13].strip() for i in range(0, len(demand), 13)]
                first = self.add(prefix + pieces[0])
                for piece in pieces[1:]:
                    self.blank()
                    self.add(piece)
                self.blank()
                self.add(f"({self.institution})")
                self.blank()
                if at == unknown:
                    printed = rng.choice(V.UNKNOWN_STATUSES)
                    status = None
                    self.targets["status_unknown"] = self.add(f"{status_label} {printed}")
                else:
                    self.add(f"{status_label} {printed}")
                self.blank()
                actions = rng.sample(V.ACTIONS, rng.randint(1, 3))
                self.add(actions_label)
                for text in actions:
                    self.add(text)
                    self.blank()
                plan = rng.sample(V.PLANS, 1) if rng.random() < 0.6 else None
                if plan:
                    self.add(plan_label)
                    self.add(plan[0])
                    self.blank()
                self.blank(2)
                self.rows["audit_items"].append(
                    {
                        "item_no": n,
                        "category": collapse(label),
                        "demand": " ".join(pieces),
                        "status": status,
                        "status_raw": printed,
                        "actions": " ".join(canon(a) for a in actions),
                        "plan": " ".join(canon(a) for a in plan) if plan else None,
                        "line": first,
                    }
                )

    def unknown_status(self, items: list[tuple[int, str, str]]) -> int:
        """For the plant ``status_unknown``: return the index of the item whose status
        is printed in a word no synonym list has. The summary still counts it under
        its status, so the item shares its category and status with another one (one
        is added if none does): the summary's cells are then placed without doubt and
        differ from the recount only by the item not read."""
        pairs = [i for i, (c, s, _p) in enumerate(items) if sum(j[:2] == (c, s) for j in items) > 1]
        if not pairs:
            c, status, printed = items[0]
            items.insert(1, (c, status, printed))
            pairs = [0, 1]
        return self.rng.choice(pairs)

    def key(self) -> dict[str, pd.DataFrame]:
        return {name: typed(name, records) for name, records in self.rows.items()}


# A §Ⅲ budget table's header band, per column-synonym set.
PROJECT_HEADERS = (
    (
        "사업명 예산현액",
        "집행액 집행률(%) ‘{yy}년말 집행예상액",
        "원인행위 지출액 원인행위 지출액 예상액 집행률(%)",
    ),
    (
        "사업명 예산액",
        "집행액 집행률 ’{yy}년말 집행예상액",
        "계약액 지출액 계약액 지출액 예상액 집행률",
    ),
    (
        "사업명 현액",
        "집행(원인) 지출액 집행률(%) 연말 집행예상액",
        "집행(원인) 지출액 원인 지출 예상액 률",
    ),
)
EXPENDITURE_HEADERS = (
    "구 분 예산현액 집행액 집행률 집행잔액",
    "구 분 예산액 지출액 집행률(%) 집행잔액",
    "구분 현액 집행액 률 집행잔액",
)


# Columns and dtypes of each table, as sdfkit.read_report returns them.
SCHEMA: dict[str, dict[str, str]] = {
    "summary_budget": {
        "side": "str",
        "item": "str",
        "parent": "str",
        "budget": "int",
        "prior_budget": "int",
        "change": "int",
        "change_pct": "float",
        "actual": "int",
        "actual_pct": "float",
        "line": "int",
    },
    "projects": {
        "project_no": "int",
        "title": "str",
        "strategy_no": "int",
        "strategy": "str",
        "goal": "str",
        "team": "str",
        "line": "int",
    },
    "project_budget": {
        "project_no": "int",
        "item": "str",
        "as_of": "date",
        "budget": "int",
        "committed": "int",
        "spent": "int",
        "committed_pct": "float",
        "spent_pct": "float",
        "expected": "int",
        "expected_pct": "float",
        "line": "int",
    },
    "revenue_detail": {
        "item": "str",
        "parent": "str",
        "budget": "int",
        "prior_budget": "int",
        "change": "int",
        "change_pct": "float",
        "is_new": "bool",
        "collected": "int",
        "collected_pct": "float",
        "project_no": "int",
        "line": "int",
    },
    "expenditure_detail": {
        "item": "str",
        "parent": "str",
        "budget": "int",
        "spent": "int",
        "spent_pct": "float",
        "remaining": "int",
        "project_no": "int",
        "line": "int",
    },
    "milestones": {
        "project_no": "int",
        "text": "str",
        "start": "date",
        "end": "date",
        "line": "int",
    },
    "audit_items": {
        "item_no": "int",
        "category": "str",
        "demand": "str",
        "status": "str",
        "status_raw": "str",
        "actions": "str",
        "plan": "str",
        "line": "int",
    },
    "audit_summary": {
        "category": "str",
        "total": "int",
        "done": "int",
        "in_progress": "int",
        "under_review": "int",
        "not_adopted": "int",
        "line": "int",
    },
}


def typed(name: str, records: list[dict]) -> pd.DataFrame:
    """Given a table's name and its expected records, return the typed frame."""
    schema = SCHEMA[name]
    frame = pd.DataFrame(records, columns=list(schema))
    for column, kind in schema.items():
        if kind == "int":
            frame[column] = pd.array(pd.to_numeric(frame[column]), dtype="Int64")
        elif kind == "float":
            frame[column] = pd.to_numeric(frame[column]).astype("float64")
        elif kind == "bool":
            frame[column] = frame[column].astype(bool)
        elif kind == "date":
            frame[column] = pd.to_datetime(frame[column]).astype("datetime64[ns]")
        else:
            frame[column] = frame[column].astype("object").where(frame[column].notna(), None)
    return frame.reset_index(drop=True)


def build(variation: Variation, seed: int) -> SisterReport:
    """Given a variation and a seed, return the sister report and its answer key."""
    s = Sister(variation, seed)
    s.world()
    s.figures()
    s.choose_targets()
    s.general()
    s.strategy()
    s.plans_section()
    s.detail()
    s.audit()
    s.record_plants()
    meta = {
        "institution": s.institution,
        "fiscal_year": s.fy,
        "prior_year": s.py,
        "as_of": s.as_of.isoformat(),
        "unit": s.main,
    }
    return SisterReport("\n".join(s.lines) + "\n", s.key(), s.planted, meta, variation)
