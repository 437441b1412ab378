"""Rebuilding which rows are children of which, from the figures themselves.

Indentation is lost in the extracted text, so a table's hierarchy is rebuilt from
which consecutive rows add up to the row above them. Rows are read in order; each
row is placed at some depth (its parent is the nearest open row one level up), and
a parent costs something when its children miss its figure. A beam search keeps
the cheapest placements, so the work is linear in the number of rows, and it
tolerates a figure that does not add up (an edited or mistyped cell): the
hierarchy under which the fewest, smallest sums fail wins, and the consistency
checks then say which sum fails.
"""

from __future__ import annotations

from collections.abc import Sequence

# Cost of a parent whose children miss its figure in one column: a miss of a unit
# or two (rounding in thousands of won) costs less than a real disagreement, and a
# small disagreement (one edited figure) less than a wholesale one (a wrong
# grouping misses by whole rows).
_NEAR, _FAR, _SCALE = 1.0, 3.0, 10.0
# How many partial hierarchies are kept after each row, and how deep tables nest.
BEAM_WIDTH = 64
MAX_DEPTH = 8


def _miss(total: Sequence[int], value: Sequence[int]) -> float:
    cost = 0.0
    for got, want in zip(total, value):
        d = got - want
        if abs(d) <= 2:
            cost += _NEAR if d else 0.0
        else:
            cost += _FAR + _SCALE * min(1.0, abs(d) / max(abs(want), 1))
    return cost


def rebuild_parents(
    vectors: Sequence[Sequence[int]], has_total: bool = True
) -> tuple[list[int | None], float]:
    """Given each row's amount columns in printed order, return each row's parent
    index (None for the top) and the cost of the hierarchy found (0: every sum
    holds). With ``has_total``, row 0 is the grand total and every other row
    descends from it."""
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
    # first, each as (row, sum of its children so far or None when it has none).
    # Row -1 is a virtual root that checks nothing.
    start = 1 if has_total else 0
    root = (0, None) if has_total else (-1, None)
    states: list[tuple[float, tuple, tuple]] = [(0.0, (root,), (None,) * start)]

    def close(entry: tuple[int, tuple | None]) -> float:
        row, total = entry
        if row < 0 or total is None:
            return 0.0
        return _miss(total, vecs[row])

    def outlook(stack: tuple) -> float:
        # A lower bound on what the open parents will still cost: in a column where
        # no row is negative, a running sum already past its parent can only grow,
        # so its miss is at least what it is now. Counting the miss's size (not just
        # that there is one) keeps the right hierarchy in the beam when one child
        # misses by a little: a wrong nesting under a small row misses by a lot.
        extra = 0.0
        for row, total in stack:
            if row < 0 or total is None:
                continue
            want = vecs[row]
            for c in range(width):
                if nonneg[c] and total[c] > want[c]:
                    extra += _miss((total[c],), (want[c],))
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
                parent_row, total = stack[depth - 1]
                total = tuple(a + b for a, b in zip(total or zero, vecs[k]))
                new_stack = stack[: depth - 1] + ((parent_row, total), (k, None))
                new_parents = parents + ((parent_row if parent_row >= 0 else None),)
                # States whose open rows have the same figures and running sums cost
                # the same from here on, whichever rows they are: one is kept (the
                # cheapest, then the flattest). Rows of zeros, which nest anywhere at
                # no cost, would otherwise fill the beam with copies of one state.
                key = tuple((vecs[row] if row >= 0 else None, t) for row, t in new_stack)
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
