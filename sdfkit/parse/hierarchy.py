"""Rebuilding which rows are children of which, from the figures themselves.

Indentation is lost in the extracted text, so a table's hierarchy is rebuilt from
which consecutive rows add up to the row above them. Rows are read in order; each
row is placed at some depth (its parent is the nearest open row one level up), and
a parent costs something when its children miss its figure. A beam search keeps
the cheapest placements, so the work is linear in the number of rows, and it
tolerates a figure that does not add up (an edited or mistyped cell): the
hierarchy under which the fewest, smallest sums fail wins, and the consistency
checks then say which sum fails.

A table printed in a coarser unit than the report's main one (백만원 in a report of
천원) rounds each figure on its own, so honest sums miss by up to half that unit per
figure added: given the table's ``grain`` (that unit in main units), such a miss
counts as near, as a miss of a unit or two does in a table printed in the main unit.
"""

from __future__ import annotations

from collections.abc import Sequence
from math import ceil

# Cost of a parent whose children miss its figure in one column: a miss of a unit
# or two (rounding in thousands of won) costs less than a real disagreement, and a
# small disagreement (one edited figure) less than a wholesale one (a wrong
# grouping misses by whole rows).
_NEAR, _FAR, _SCALE = 1.0, 3.0, 10.0
# The largest miss that is near in a table printed in the main unit.
_NEAR_UNITS = 2
# How many partial hierarchies are kept after each row, and how deep tables nest.
BEAM_WIDTH = 64
MAX_DEPTH = 8


def near_units(count: int, grain: int) -> float:
    """Given how many children a parent has and its table's grain (0 for the main
    unit), return the largest miss of their sum that is near: two main units, or
    half a grain per figure (the children and the parent) when that is more."""
    # Each figure rounded half up to the table's unit is off by at most half of it,
    # so the sum of ``count`` children and the parent's own figure can part by the
    # sum of those halves: within it, the miss is the unit's rounding.
    return max(_NEAR_UNITS, (count + 1) * grain / 2)


def _miss(total: Sequence[int], value: Sequence[int], count: int = 0, grain: int = 0) -> float:
    near = near_units(count, grain)
    step = max(grain, _NEAR_UNITS)
    cost = 0.0
    for got, want in zip(total, value):
        d = got - want
        if abs(d) <= near:
            # Each printed unit missed costs a near miss (in a table of the main
            # unit, a miss of one or two costs one, as it always did): honest
            # rounding rarely misses by more than one unit, while a wrong grouping
            # that only fits the worst case (many rows, each off by half) often
            # does. Never more than a real disagreement costs.
            cost += _NEAR * min(_FAR / _NEAR, ceil(abs(d) / step))
        else:
            cost += _FAR + _SCALE * min(1.0, abs(d) / max(abs(want), 1))
    return cost


def rebuild_parents(
    vectors: Sequence[Sequence[int]], has_total: bool = True, grain: int = 0
) -> tuple[list[int | None], float]:
    """Given each row's amount columns in printed order (in the main unit) and the
    table's grain (0 when it was printed in the main unit; 1,000 for 백만원 in a
    report of 천원), return each row's parent index (None for the top) and the cost
    of the hierarchy found (0: every sum holds). With ``has_total``, row 0 is the
    grand total and every other row descends from it."""
    n = len(vectors)
    if n == 0:
        return [], 0.0
    vecs = [tuple(int(x) for x in v) for v in vectors]
    width = len(vecs[0])
    zero = (0,) * width
    # Columns where no row is negative: there a running sum past its parent can
    # only grow, so the miss is already certain (used to rank partial states).
    nonneg = [all(v[c] >= 0 for v in vecs) for c in range(width)]

    # A state: (cost, stack, parents). The stack holds the open rows, outermost
    # first, each as (row, sum of its children so far or None when it has none,
    # how many children). Row -1 is a virtual root that checks nothing.
    start = 1 if has_total else 0
    root = (0, None, 0) if has_total else (-1, None, 0)
    states: list[tuple[float, tuple, tuple]] = [(0.0, (root,), (None,) * start)]

    def close(entry: tuple[int, tuple | None, int]) -> float:
        row, total, count = entry
        if row < 0 or total is None:
            return 0.0
        return _miss(total, vecs[row], count, grain)

    def outlook(stack: tuple) -> float:
        # A lower bound on what the open parents will still cost: in a column where
        # no row is negative, a running sum already past its parent can only grow,
        # so its miss is at least what it is now. Counting the miss's size (not just
        # that there is one) keeps the right hierarchy in the beam when one child
        # misses by a little: a wrong nesting under a small row misses by a lot.
        # (With a grain, a later row of zeros could still widen what is near: the
        # bound is then a close estimate, which is all the ranking needs.)
        extra = 0.0
        for row, total, count in stack:
            if row < 0 or total is None:
                continue
            want = vecs[row]
            for c in range(width):
                if nonneg[c] and total[c] > want[c]:
                    extra += _miss((total[c],), (want[c],), count, grain)
        return extra

    for k in range(start, n):
        nxt: dict[tuple, tuple[float, tuple, tuple]] = {}
        for cost, stack, parents in states:
            # Closing the open rows deeper than the new row's parent: suffix sums.
            closing = [0.0] * (len(stack) + 1)
            for pos in range(len(stack) - 1, -1, -1):
                closing[pos] = closing[pos + 1] + close(stack[pos])
            for depth in range(len(stack), 0, -1):
                if depth > MAX_DEPTH:
                    continue
                new_cost = cost + closing[depth]
                parent_row, total, count = stack[depth - 1]
                total = tuple(a + b for a, b in zip(total or zero, vecs[k]))
                new_stack = stack[: depth - 1] + ((parent_row, total, count + 1), (k, None, 0))
                new_parents = parents + ((parent_row if parent_row >= 0 else None),)
                # States whose open rows have the same figures and running sums cost
                # the same from here on, whichever rows they are: one is kept (the
                # cheapest, then the flattest). Rows of zeros, which nest anywhere at
                # no cost, would otherwise fill the beam with copies of one state.
                # With a grain, how many children a row has sets how far its sum may
                # miss, so the count is part of the state; without, it changes nothing.
                key = tuple(
                    (vecs[row] if row >= 0 else None, t, kids if grain else None)
                    for row, t, kids in new_stack
                )
                rank = (new_cost, len(set(new_parents)))
                if key not in nxt or rank < (nxt[key][0], len(set(nxt[key][2]))):
                    nxt[key] = (new_cost, new_stack, new_parents)
        ranked = sorted(nxt.values(), key=lambda s: (s[0] + outlook(s[1]), -len(s[1])))
        if k == n - 1:  # the last row: every state is judged whole below
            states = ranked
            break
        states = ranked[:BEAM_WIDTH]
    # The cheapest hierarchy; among equals, the flattest (fewest parents).
    final = [
        (cost + sum(close(e) for e in stack), len(set(parents)), parents)
        for cost, stack, parents in states
    ]
    best_cost, _, best_parents = min(final, key=lambda f: (f[0], f[1]))
    return list(best_parents), float(best_cost)
