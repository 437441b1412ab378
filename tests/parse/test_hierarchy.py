from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from sdfkit.parse.hierarchy import near_units, rebuild_parents


def test_flat_and_nested():
    assert rebuild_parents([(10, 4), (6, 3), (4, 1)]) == ([None, 0, 0], 0.0)
    # 계 → A (→ a1, a2), B; B equals its only child in another table, not here.
    vectors = [(100, 50), (60, 30), (40, 20), (20, 10), (40, 20)]
    assert rebuild_parents(vectors)[0] == [None, 0, 1, 1, 0]


def test_single_child_equal_to_its_parent():
    # the 잉여금 / 순세계잉여금 shape: the second 20 is the only child of the first
    parents, cost = rebuild_parents([(55, 16), (10, 3), (20, 6), (20, 6), (25, 7)])
    assert parents == [None, 0, 0, 2, 0] and cost == 0


def test_an_edited_child_keeps_the_hierarchy_and_costs_something():
    vectors = [(100, 50), (60, 30), (40, 20), (25, 10), (40, 20)]
    parents, cost = rebuild_parents(vectors)
    assert parents == [None, 0, 1, 1, 0]
    assert cost > 0


def test_rounding_by_one_unit_is_near():
    parents, cost = rebuild_parents([(101, 50), (60, 30), (40, 20)])
    assert parents == [None, 0, 0] and cost == 1.0


def leaf_rows(small: int):
    """Two-column leaf rows, 2 to 8 of them: figures up to a million, and small ones
    (up to ``small``), which tie in many ways (rows of zeros and ones, see below)."""
    figure = st.one_of(st.integers(0, small), st.integers(0, 10**6))
    return st.lists(st.lists(figure, min_size=2, max_size=2), min_size=2, max_size=8)


@settings(max_examples=60, deadline=None)
@given(leaf_rows(3))
def test_a_two_level_table_built_from_its_leaves_is_recovered(leaves):
    total = [sum(c) for c in zip(*leaves)]
    parents, cost = rebuild_parents([total] + leaves)
    assert cost == 0
    # every leaf hangs (directly or not) under the total, which has no parent
    assert parents[0] is None and all(p is not None for p in parents[1:])


def test_rows_of_zeros_do_not_crowd_out_the_flat_table():
    # Regression (found by the property above): four rows of zeros can nest in so
    # many tied ways that the beam dropped the flat placement the 1s needed.
    leaves = [(0, 0)] * 4 + [(1, 0), (1, 0), (0, 0)]
    parents, cost = rebuild_parents([(2, 0), *leaves])
    assert cost == 0 and parents[0] is None and all(p is not None for p in parents[1:])
    wide = [(0, 0)] * 12 + [(1, 0)] * 3
    assert rebuild_parents([(3, 0), *wide])[1] == 0


def test_without_total_everything_is_top_level():
    assert rebuild_parents([(1,), (2,)], has_total=False)[0] == [None, None]
    assert rebuild_parents([]) == ([], 0.0)


def test_one_child_a_little_off_keeps_the_true_hierarchy():
    # 계 > [A > a1..a6, B]: a4 collects a few percent too much. The beam must keep the
    # true tree (one small miss under A) rather than nest the rest under a4.
    a = [(100, 50), (200, 120), (300, 90), (400, 260), (500, 100), (600, 300)]
    a_total = (sum(x for x, _ in a), sum(y for _, y in a))
    b = (700, 350)
    rows = [(a_total[0] + b[0], a_total[1] + b[1]), a_total, *a, b]
    rows[5] = (400, 275)  # a4 prints 15 more collected than its parent counts
    parents, cost = rebuild_parents(rows)
    assert parents == [None, 0, 1, 1, 1, 1, 1, 1, 0]
    assert cost > 0


# --------------------------------------------------------------------------- a grain
# A table printed in 백만원 in a report of 천원: every figure rounded half up to 1,000
# on its own, so honest sums miss by up to half of it per figure.

MILLION = 1000


def _printed(value: int, grain: int = MILLION) -> int:
    return int((Decimal(value) / grain).quantize(Decimal(1), rounding=ROUND_HALF_UP)) * grain


def test_near_is_half_a_grain_per_figure_and_never_less_than_two_units():
    assert near_units(3, 0) == 2  # the main unit: as before
    assert near_units(0, 1) == 2
    assert near_units(3, MILLION) == 2000  # three children and their parent


def test_identical_siblings_rounded_down_stay_siblings():
    # 계 9.2 > [인건비 4.2 > (1.4, 1.4, 1.4), 사업비 5]: printed 9 > [4 > (1, 1, 1), 5].
    rows = [(9 * MILLION,), (4 * MILLION,), *[(MILLION,)] * 3, (5 * MILLION,)]
    # Taken as exact, the 1s chain under each other (each "equals" its parent).
    assert rebuild_parents(rows)[0] == [None, 0, 0, 2, 3, 0]
    # With the grain, 인건비's miss of one unit is rounding (near). All five rows flat
    # under 계 would be within five figures' rounding too, but miss by three units,
    # and each unit missed costs: the true table wins.
    assert rebuild_parents(rows, grain=MILLION) == ([None, 0, 1, 1, 1, 0], 1.0)


def test_a_subtotal_its_children_miss_by_rounding_keeps_them():
    # 계 10 > [A 2.8 > (1.4, 1.4), B 7.2]: printed 10 > [3 > (1, 1), 7].
    rows = [(10 * MILLION,), (3 * MILLION,), (MILLION,), (MILLION,), (7 * MILLION,)]
    assert rebuild_parents(rows)[0] == [None, 0, 0, 2, 0]
    assert rebuild_parents(rows, grain=MILLION)[0] == [None, 0, 1, 1, 0]


def test_beyond_the_rounding_a_miss_is_far_as_before():
    # 계 100 > [A 30 > (10, 10), B 70]: every grouping misses by ten units or more,
    # far beyond any rounding: the hierarchy and its cost are those of the table
    # taken as exact.
    rows = [(100 * MILLION,), (30 * MILLION,), (10 * MILLION,), (10 * MILLION,), (70 * MILLION,)]
    parents, cost = rebuild_parents(rows, grain=MILLION)
    assert cost > 3.0
    assert rebuild_parents(rows) == (parents, cost)


@settings(max_examples=60, deadline=None)
@given(leaf_rows(3000))
def test_a_two_level_table_printed_in_a_coarser_unit_adds_up_within_its_rounding(leaves):
    # Leaves drawn in 천원, the total from them, then every figure printed in 백만원.
    total = [sum(c) for c in zip(*leaves)]
    rows = [[_printed(v) for v in row] for row in [total, *leaves]]
    parents, _cost = rebuild_parents(rows, grain=MILLION)
    assert parents[0] is None and all(p is not None for p in parents[1:])
    # Whatever hierarchy is found explains the table as honest rounding: every sum
    # in it holds within half a million per figure.
    children: dict[int, list[int]] = {}
    for row, parent in enumerate(parents):
        if parent is not None:
            children.setdefault(parent, []).append(row)
    for parent, kids in children.items():
        for c in range(2):
            miss = sum(rows[k][c] for k in kids) - rows[parent][c]
            assert abs(miss) <= near_units(len(kids), MILLION), (rows, parents)
