"""Rebuilding which rows are children of which, from the figures themselves.

Indentation is lost in the extracted text, so a table's hierarchy is rebuilt from
which consecutive rows add up to the row above them. The search tolerates a
figure that does not add up (an edited or mistyped cell): it picks the hierarchy
under which the fewest sums fail, so the consistency checks can then say which.
"""

from __future__ import annotations

from collections.abc import Sequence

# Cost of a parent whose children miss its figure in one column: a miss of a unit
# or two (rounding in thousands of won) costs less than a real disagreement.
_NEAR, _FAR = 1, 3
# Bound on the search, so a torn or hostile table cannot make it run away.
MAX_CALLS = 200_000


class SearchTooLong(Exception):
    """The hierarchy search went past MAX_CALLS."""


def rebuild_parents(
    vectors: Sequence[Sequence[int]], has_total: bool = True
) -> tuple[list[int | None], int]:
    """Given each row's amount columns in printed order, return each row's parent
    index (None for the top) and the cost of the best hierarchy (0: every sum
    holds). With ``has_total``, row 0 is the grand total and every other row
    descends from it. Raises SearchTooLong when the table is too tangled."""
    n = len(vectors)
    if n == 0:
        return [], 0
    vecs = [tuple(int(x) for x in v) for v in vectors]
    width = len(vecs[0])
    memo: dict[tuple[int, int, tuple[int, ...] | None], tuple[int, tuple]] = {}
    calls = 0

    def miss(target: tuple[int, ...]) -> int:
        cost = 0
        for d in target:
            if d:
                cost += _NEAR if abs(d) <= 2 else _FAR
        return cost

    def best(lo: int, hi: int, target: tuple[int, ...] | None) -> tuple[int, tuple]:
        # rows[lo:hi] split into consecutive groups, each a head row and its subtree;
        # the heads must add up to target (None: no constraint).
        nonlocal calls
        key = (lo, hi, target)
        if key in memo:
            return memo[key]
        calls += 1
        if calls > MAX_CALLS:
            raise SearchTooLong
        if lo == hi:
            result = (0 if target is None else miss(target), ())
            memo[key] = result
            return result
        chosen: tuple[int, tuple] | None = None
        head = vecs[lo]
        rest_target = None if target is None else tuple(t - h for t, h in zip(target, head))
        for end in range(lo + 1, hi + 1):
            if end == lo + 1:
                child_cost, child = 0, ()
            else:
                child_cost, child = best(lo + 1, end, head)
            if chosen is not None and child_cost >= chosen[0]:
                continue
            rest_cost, rest = best(end, hi, rest_target)
            cost = child_cost + rest_cost
            # Strictly better only: among equals the flattest (earliest) wins.
            if chosen is None or cost < chosen[0]:
                chosen = (cost, ((lo, end, child),) + rest)
        memo[key] = chosen
        return chosen

    parents: list[int | None] = [None] * n

    def assign(groups: tuple, parent: int | None) -> None:
        for head, _end, child in groups:
            parents[head] = parent
            assign(child, head)

    if has_total:
        if n == 1:
            return [None], 0
        cost, groups = best(1, n, vecs[0])
        assign(groups, 0)
    else:
        cost, groups = best(0, n, None)
        assign(groups, None)
    del width
    return parents, cost
