"""Concept families on iteration patterns, recursion, searching and sorting that the older modules do
not cover: neighbours and records, loops that run until a condition holds, digit loops, two pointers,
all pairs, strides and several lists at once, runs; recursion on strings, counts and nested data;
tracing simple sorts, sorting by several keys, stable partitions, boundaries in sorted lists, merging.

Most variants offer several solution forms (for/while loops, comprehensions, builtins, recursion), and
state their empty-input and tie-breaking rules."""

from __future__ import annotations

import textwrap

from phi1lib.teacher.offline.base import SHORT_WORDS, WORDS, Ctx, V, family, ints

G, REC, SEARCH, SORT = "generators and iteration", "recursion", "searching", "sorting"

BOOKENDS = ["level", "radar", "noon", "stats", "eye", "tot", "gag", "area", "dad", "kayak", "ere", "tenet"]


def _cases(x: Ctx, gen, *edges: tuple, n: int = 7) -> None:
    """Two drawn cases first (the docstring shows them), then the edge cases, then more drawn ones."""
    x.cases(gen, n=2)
    for args in edges:
        x.case(*args)
    x.cases(gen, n=n)


# --------------------------------------------------------------------------------------------------
# Iteration patterns


@family(G, "Comparing neighbours in a list",
        V("count_rises", "count the positions where a value is larger than the one before it", "count",
          "rises|increases|steps_up", names="upticks"),
        V("largest_jump", "find the largest absolute difference between neighbouring values", "largest|biggest",
          "jump|step|change", names="max_neighbour_gap"),
        V("strictly_increasing", "check whether every value is larger than the one before it", "is",
          "strictly_increasing|rising", names="always_rising"),
        V("first_drop", "find the index of the first value smaller than the one before it", "first",
          "drop|decrease|dip", names="where_it_drops"))
def neighbour_scan(x: Ctx) -> None:
    xs = x.param("values|numbers|readings|data|xs", "list[int]")
    i, a, b = x.local("i|k|idx"), x.local("a|prev|left"), x.local("b|cur|right")
    acc = x.local("count|total|result")
    gen = lambda r: (ints(r, 1, 8, -5, 9),)
    if x.v == "count_rises":
        x.returns("int")
        x.doc(x.pick([
            (f"Return how many indices i >= 1 have {xs}[i] > {xs}[i - 1]. Equal neighbours are not a rise; "
             "a list with fewer than two values has no rise."),
            (f"Given a list {xs}, this function walks over each pair of neighbours and counts the pairs where the "
             "second value is strictly bigger than the first."),
            (f"Count the steps up in {xs}: compare every element with its left neighbour and count those that "
             "are larger (not equal).")]))
        form = x.pick(["zip", "bools", "range", "prev"])
        x.body({"zip": f"return sum(1 for {a}, {b} in zip({xs}, {xs}[1:]) if {b} > {a})",
                "bools": f"return sum({xs}[{i}] > {xs}[{i} - 1] for {i} in range(1, len({xs})))", "range": f"""
            {acc} = 0
            for {i} in range(1, len({xs})):
                if {xs}[{i}] > {xs}[{i} - 1]:
                    {acc} += 1
            return {acc}""", "prev": f"""
            {acc}, {a} = 0, None
            for {b} in {xs}:
                if {a} is not None and {b} > {a}:
                    {acc} += 1
                {a} = {b}
            return {acc}"""}[form])
        _cases(x, gen, ([],), ([3, 3, 3],), n=7)
    elif x.v == "largest_jump":
        x.returns("int")
        x.doc(x.pick([
            (f"Return the largest absolute difference between two neighbouring elements of {xs}, or 0 if {xs} "
             "has fewer than two elements."),
            (f"Given readings {xs}, this function measures every step from one reading to the next (up or down, "
             "as a positive size) and returns the biggest step; a list too short to have a step gives 0."),
            (f"Find the biggest jump in {xs}: for each i >= 1 compute abs({xs}[i] - {xs}[i - 1]) and return the "
             "maximum, using 0 when there is no pair of neighbours.")]))
        form = x.pick(["max_default", "loop", "guard"])
        x.body({"max_default": f"return max((abs({b} - {a}) for {a}, {b} in zip({xs}, {xs}[1:])), default=0)",
                "loop": f"""
            {acc} = 0
            for {i} in range(len({xs}) - 1):
                {acc} = max({acc}, abs({xs}[{i} + 1] - {xs}[{i}]))
            return {acc}""", "guard": f"""
            if len({xs}) < 2:
                return 0
            return max(abs({xs}[{i}] - {xs}[{i} - 1]) for {i} in range(1, len({xs})))"""}[form])
        _cases(x, gen, ([],), ([7],), n=7)
    elif x.v == "strictly_increasing":
        x.returns("bool")
        x.doc(x.pick([
            (f"Return True if every element of {xs} is strictly greater than the element before it. Empty and "
             "one-element lists count as increasing."),
            (f"Given a list {xs}, this function checks each pair of neighbours and returns False as soon as one "
             "pair is not strictly rising (equal values break the rule too); otherwise True."),
            f"Decide whether {xs} is strictly increasing: {xs}[0] < {xs}[1] < {xs}[2] < ... must all hold."]))
        form = x.pick(["all", "loop", "while"])
        x.body({"all": f"return all({a} < {b} for {a}, {b} in zip({xs}, {xs}[1:]))", "loop": f"""
            for {i} in range(1, len({xs})):
                if {xs}[{i} - 1] >= {xs}[{i}]:
                    return False
            return True""", "while": f"""
            {i} = 1
            while {i} < len({xs}) and {xs}[{i} - 1] < {xs}[{i}]:
                {i} += 1
            return {i} >= len({xs})"""}[form])
        _cases(x, lambda r: (sorted(set(ints(r, 1, 6, -5, 9))) if r.random() < 0.5 else ints(r, 1, 6, -5, 9),),
               ([],), ([2, 2],), n=7)
    else:
        none = x.chance(0.4)
        miss = "None" if none else "-1"
        x.returns("int | None" if none else "int")
        x.doc(x.pick([
            (f"Return the smallest index i >= 1 with {xs}[i] < {xs}[i - 1], or {miss} if the list never goes "
             "down."),
            (f"Given a list {xs}, this function scans the neighbours from left to right and returns the position "
             f"of the first element that is smaller than its left neighbour; {miss} when there is none."),
            (f"Find where {xs} first drops: the answer is the index of the first element strictly below the one "
             f"before it. A list that never decreases gives {miss}.")]))
        form = x.pick(["range", "enumerate", "next"])
        x.body({"range": f"""
            for {i} in range(1, len({xs})):
                if {xs}[{i}] < {xs}[{i} - 1]:
                    return {i}
            return {miss}""", "enumerate": f"""
            for {i}, ({a}, {b}) in enumerate(zip({xs}, {xs}[1:]), start=1):
                if {b} < {a}:
                    return {i}
            return {miss}""", "next": f"return next(({i} for {i} in range(1, len({xs})) if {xs}[{i}] < {xs}[{i} - 1]), {miss})"}[form])
        _cases(x, gen, ([],), ([1, 2, 2, 5],), n=7)
    x.explain("Each element is compared with its neighbour: `zip(xs, xs[1:])` pairs every element with the "
              "next one, and an index loop from 1 compares xs[i] with xs[i - 1]. A list of n elements has "
              "n - 1 such pairs, none when it is shorter than two.")


@family(G, "Keeping track of the best so far",
        V("record_count", "count the elements that are larger than every element before them", "count",
          "records|new_highs", names="record_breakers"),
        V("running_min", "list the smallest value seen so far at each position", "running|prefix",
          "min|minimum|lows", names="lowest_so_far"),
        V("max_drop", "find the largest fall from an earlier value to a later one", "max|largest|biggest",
          "drop|fall|decline", names="worst_decline"))
def best_so_far(x: Ctx) -> None:
    xs = x.param("values|prices|readings|data", "list[int]")
    best, v, out = x.local("best|top|peak|high"), x.local("v|value|item|price"), x.local("result|out|lows")
    gen = lambda r: (ints(r, 1, 8, 0, 20),)
    if x.v == "record_count":
        cnt = x.local("count|records|n")
        x.returns("int")
        x.doc(x.pick([
            (f"Return how many elements of {xs} are strictly greater than every element before them. The first "
             "element always counts (nothing comes before it); an empty list gives 0."),
            (f"Given a series {xs}, this function counts the record highs: values that beat all earlier values. "
             "A value equal to the current record is not a new record."),
            (f"Walk {xs} from left to right keeping the highest value seen; each time an element is strictly "
             "higher than that, it is a record. Return the number of records.")]))
        form = x.pick(["none", "first", "all"])
        x.body({"none": f"""
            {cnt}, {best} = 0, None
            for {v} in {xs}:
                if {best} is None or {v} > {best}:
                    {cnt} += 1
                    {best} = {v}
            return {cnt}""", "first": f"""
            if not {xs}:
                return 0
            {cnt}, {best} = 1, {xs}[0]
            for {v} in {xs}[1:]:
                if {v} > {best}:
                    {cnt}, {best} = {cnt} + 1, {v}
            return {cnt}""", "all": f"return sum(1 for i, {v} in enumerate({xs}) if all({v} > u for u in {xs}[:i]))"}[form])
        _cases(x, gen, ([],), ([5, 5, 5],), n=7)
    elif x.v == "running_min":
        x.returns("list[int]")
        x.doc(x.pick([
            f"Return a list whose i-th element is the smallest of {xs}[0], ..., {xs}[i].",
            (f"Given numbers {xs}, this function returns, for every position, the lowest value seen up to and "
             "including that position ([] for an empty list)."),
            (f"Track the minimum so far: walk {xs}, and after each element append the smallest value met until "
             "then to the result.")]))
        form = x.pick(["last", "current", "slices"])
        x.body({"last": f"""
            {out} = []
            for {v} in {xs}:
                {out}.append({v} if not {out} else min({out}[-1], {v}))
            return {out}""", "current": f"""
            {out}, {best} = [], None
            for {v} in {xs}:
                if {best} is None or {v} < {best}:
                    {best} = {v}
                {out}.append({best})
            return {out}""", "slices": f"return [min({xs}[:i + 1]) for i in range(len({xs}))]"}[form])
        _cases(x, gen, ([],), n=7)
    else:
        drop = x.local("drop|worst|fall")
        x.returns("int")
        x.doc(x.pick([
            (f"Return the largest value of {xs}[i] - {xs}[j] over positions i < j, or 0 if the values never go "
             "down (including lists with fewer than two values)."),
            (f"Given prices {xs} in time order, this function returns the biggest loss from buying at some moment "
             "and selling later: the largest earlier value minus later value, never less than 0."),
            (f"Keep the highest value seen so far and measure how far each later value falls below it; return "
             f"the largest such fall in {xs} (0 when nothing falls).")]))
        form = x.pick(["peak", "pairs", "peak_if"])
        x.body({"peak": f"""
            {drop}, {best} = 0, None
            for {v} in {xs}:
                if {best} is None or {v} > {best}:
                    {best} = {v}
                {drop} = max({drop}, {best} - {v})
            return {drop}""", "pairs": f"""
            falls = [{xs}[i] - {xs}[j] for i in range(len({xs})) for j in range(i + 1, len({xs}))]
            return max([0] + falls)""", "peak_if": f"""
            if not {xs}:
                return 0
            {drop}, {best} = 0, {xs}[0]
            for {v} in {xs}:
                {best} = max({best}, {v})
                if {best} - {v} > {drop}:
                    {drop} = {best} - {v}
            return {drop}"""}[form])
        _cases(x, gen, ([],), ([1, 2, 3],), n=7)
    x.explain("One variable remembers the best value seen so far; each new element is compared with it and "
              "may replace it, so a single pass over the list is enough.")


@family(SEARCH, "Finding positions by a condition",
        V("first_negative", "find the index of the first negative number", "first", "negative|negative_index",
          names="index_of_first_negative"),
        V("last_even", "find the index of the last even number, or -1", "last", "even|even_index",
          names="index_of_last_even"),
        V("first_bookend", "find the first word that starts and ends with the same letter", "first",
          "bookend|same_ends", names="first_matching_ends"),
        V("match_span", "find the distance between the first and last occurrence of a value", "span|spread",
          "of_value|between_matches", names="occurrence_span"))
def condition_positions(x: Ctx) -> None:
    i = x.local("i|idx|pos")
    if x.v == "first_bookend":
        ws = x.param("words|names|items|tokens", "list[str]")
        w = x.local("w|word|item")
        x.returns("str | None")
        x.doc(x.pick([
            (f"Return the first word of {ws} whose first and last letters are the same, or None if there is none. "
             "A one-letter word counts. All words are lowercase and non-empty."),
            (f"Given non-empty lowercase words {ws}, this function scans them in order and returns the first one "
             "that begins and ends with the same character (None if no word does)."),
            (f"Search {ws} from the front for a word w with w[0] == w[-1]; return it as soon as it is found, and "
             "None after the whole list has been checked.")]))
        form = x.pick(["for", "next", "while"])
        x.body({"for": f"""
            for {w} in {ws}:
                if {w}[0] == {w}[-1]:
                    return {w}
            return None""", "next": f"return next(({w} for {w} in {ws} if {w}[0] == {w}[-1]), None)", "while": f"""
            {i} = 0
            while {i} < len({ws}):
                if {ws}[{i}][0] == {ws}[{i}][-1]:
                    return {ws}[{i}]
                {i} += 1
            return None"""}[form])
        _cases(x, lambda r: (r.sample(WORDS, r.randint(0, 4)) + r.sample(BOOKENDS, r.randint(0, 2)),),
               ([],), (["a", "bb"],), n=7)
        x.explain("The search stops at the first word that passes the test; only when every word has failed "
                  "does the function reach the final `return None`.")
        return
    xs = x.param("numbers|values|data|items", "list[int]")
    v = x.local("v|value|n")
    gen = lambda r: (ints(r, 0, 8, -6, 9),)
    if x.v == "first_negative":
        none = x.chance(0.4)
        miss = "None" if none else "-1"
        x.returns("int | None" if none else "int")
        x.doc(x.pick([
            f"Return the index of the first negative number in {xs}, or {miss} if there is none.",
            (f"Given a list {xs}, this function returns the position of its first element below zero; when every "
             f"element is zero or positive it returns {miss}."),
            (f"Scan {xs} from the left and stop at the first element < 0, returning its index; {miss} means no "
             "element was negative.")]))
        form = x.pick(["enumerate", "while", "next"])
        x.body({"enumerate": f"""
            for {i}, {v} in enumerate({xs}):
                if {v} < 0:
                    return {i}
            return {miss}""", "while": f"""
            {i} = 0
            while {i} < len({xs}):
                if {xs}[{i}] < 0:
                    return {i}
                {i} += 1
            return {miss}""", "next": f"return next(({i} for {i}, {v} in enumerate({xs}) if {v} < 0), {miss})"}[form])
        _cases(x, gen, ([],), ([0, 4],), n=7)
    elif x.v == "last_even":
        x.returns("int")
        x.doc(x.pick([
            f"Return the index of the last even number in {xs}, or -1 if {xs} contains no even number.",
            (f"Given integers {xs}, this function finds the right-most element divisible by 2 and returns its "
             "position; -1 when there is none. Negative even numbers and 0 are even."),
            (f"Look for even numbers in {xs} and report the position of the last one (walking backwards finds it "
             "first); -1 if no element is even.")]))
        form = x.pick(["backwards", "track", "reversed", "while"])
        x.body({"backwards": f"""
            for {i} in range(len({xs}) - 1, -1, -1):
                if {xs}[{i}] % 2 == 0:
                    return {i}
            return -1""", "track": f"""
            last = -1
            for {i}, {v} in enumerate({xs}):
                if {v} % 2 == 0:
                    last = {i}
            return last""", "reversed": f"""
            for {i} in reversed(range(len({xs}))):
                if {xs}[{i}] % 2 == 0:
                    return {i}
            return -1""", "while": f"""
            {i} = len({xs}) - 1
            while {i} >= 0 and {xs}[{i}] % 2 != 0:
                {i} -= 1
            return {i}"""}[form])
        _cases(x, gen, ([],), ([1, 3, 5],), n=7)
    else:
        t = x.param("target|value|wanted|key", "int")
        x.returns("int")
        x.doc(x.pick([
            (f"Return the index of the last occurrence of {t} in {xs} minus the index of its first occurrence: 0 "
             f"if {t} occurs once, and -1 if it does not occur at all."),
            (f"Given a list {xs} and a value {t}, this function returns how far apart the first and the last "
             f"copies of {t} are (last index - first index), or -1 when {t} is absent."),
            (f"Find both ends of the occurrences of {t} in {xs}: the first index and the last index. Return their "
             "difference; a missing value gives -1.")]))
        form = x.pick(["loop", "positions", "index"])
        x.body({"loop": f"""
            first = last = -1
            for {i}, {v} in enumerate({xs}):
                if {v} == {t}:
                    if first == -1:
                        first = {i}
                    last = {i}
            return -1 if first == -1 else last - first""", "positions": f"""
            where = [{i} for {i}, {v} in enumerate({xs}) if {v} == {t}]
            return where[-1] - where[0] if where else -1""", "index": f"""
            if {t} not in {xs}:
                return -1
            return len({xs}) - 1 - {xs}[::-1].index({t}) - {xs}.index({t})"""}[form])
        _cases(x, lambda r: (ints(r, 0, 8, 0, 4), r.randint(0, 4)), ([], 1), ([2], 2), n=7)
    x.explain("A search for the first match can stop as soon as it succeeds; a search for the last match "
              "either walks backwards and stops at the first success, or walks forwards and remembers the "
              "latest success.")


@family(G, "Loops that run until a condition holds",
        V("steps_to_zero", "count the steps to reach 0 when even numbers are halved and odd numbers lose 1",
          "steps|moves", "to_zero|until_zero", names="count_steps_to_zero"),
        V("triangle_reach", "find the smallest k with 1 + 2 + ... + k >= n", "smallest|first", "triangle|k_reaching",
          names="terms_needed"),
        V("power_at_least", "find the smallest power of a base that is at least n", "smallest|next", "power|power_at_least",
          names="power_not_below"),
        V("fit_budget", "count how many items from the start fit in a budget", "how_many|count", "fit|affordable",
          names="items_within_budget"))
def loop_until(x: Ctx) -> None:
    f = x.name
    if x.v == "fit_budget":
        xs, lim = x.param("costs|prices|sizes|weights", "list[int]"), x.param("budget|limit|capacity", "int")
        tot, cnt, v = x.local("total|spent|used"), x.local("count|taken|n"), x.local("v|cost|item")
        x.returns("int")
        x.doc(x.pick([
            (f"{xs} are non-negative costs taken in order from the start. Return how many can be taken before the "
             f"total would exceed {lim} (the total may equal {lim})."),
            (f"Given costs {xs} (all >= 0) and a budget {lim} >= 0, this function takes items from the front one "
             "by one and stops at the first item that would push the total above the budget; it returns the "
             "number of items taken."),
            (f"Keep adding the elements of {xs} from the left while the running total stays at most {lim}; "
             "return how many were added. Later items are not considered once one does not fit.")]))
        form = x.pick(["break", "while", "enumerate"])
        x.body({"break": f"""
            {tot} = {cnt} = 0
            for {v} in {xs}:
                if {tot} + {v} > {lim}:
                    break
                {tot} += {v}
                {cnt} += 1
            return {cnt}""", "while": f"""
            {cnt} = {tot} = 0
            while {cnt} < len({xs}) and {tot} + {xs}[{cnt}] <= {lim}:
                {tot} += {xs}[{cnt}]
                {cnt} += 1
            return {cnt}""", "enumerate": f"""
            {tot} = 0
            for {cnt}, {v} in enumerate({xs}):
                {tot} += {v}
                if {tot} > {lim}:
                    return {cnt}
            return len({xs})"""}[form])
        _cases(x, lambda r: (ints(r, 1, 7, 0, 9), r.randint(0, 25)), ([], 5), ([3, 3], 6), n=7)
        x.explain("The loop's condition is checked before each item is taken, so it stops exactly at the first "
                  "item that does not fit; a `while` loop states that condition in its header.")
        return
    n = x.param("n|number|value|start", "int")
    steps = x.local("steps|count|moves")
    if x.v == "steps_to_zero":
        x.returns("int")
        x.doc(x.pick([
            (f"Starting from {n} >= 0, repeat: if the number is even, halve it; otherwise subtract 1. Return "
             "how many steps it takes to reach 0 (0 steps when it starts at 0)."),
            (f"Given a non-negative integer {n}, this function counts the moves needed to bring it down to 0, "
             "where a move halves an even number and takes 1 away from an odd one."),
            (f"Count steps until zero: while the value (initially {n}) is positive, replace it by value // 2 when "
             "it is even and by value - 1 when it is odd, counting each replacement.")]))
        form = x.pick(["if", "ternary", "recursive"])
        x.body({"if": f"""
            {steps} = 0
            while {n} > 0:
                if {n} % 2 == 0:
                    {n} //= 2
                else:
                    {n} -= 1
                {steps} += 1
            return {steps}""", "ternary": f"""
            {steps} = 0
            while {n}:
                {n} = {n} // 2 if {n} % 2 == 0 else {n} - 1
                {steps} += 1
            return {steps}""", "recursive": f"""
            if {n} == 0:
                return 0
            return 1 + {f}({n} // 2 if {n} % 2 == 0 else {n} - 1)"""}[form])
        _cases(x, lambda r: (r.randint(1, 200),), (0,), (1,), n=7)
    elif x.v == "triangle_reach":
        k = x.local("k|terms|count")
        x.returns("int")
        x.doc(x.pick([
            (f"Return the smallest k >= 0 such that 1 + 2 + ... + k >= {n}. For {n} <= 0 the answer is 0 (the "
             "empty sum is 0)."),
            (f"Given a target {n}, this function adds 1, 2, 3, ... in turn and returns how many terms were "
             f"needed for the sum to reach at least {n} (0 if {n} is already reached by the empty sum)."),
            (f"Keep adding consecutive whole numbers starting from 1 until the total is at least {n}; return the "
             "last number added, or 0 if no number had to be added.")]))
        form = x.pick(["total", "formula", "for"])
        x.body({"total": f"""
            {k} = total = 0
            while total < {n}:
                {k} += 1
                total += {k}
            return {k}""", "formula": f"""
            {k} = 0
            while {k} * ({k} + 1) // 2 < {n}:
                {k} += 1
            return {k}""", "for": f"""
            total = 0
            for {k} in range(max({n}, 0) + 1):
                total += {k}
                if total >= {n}:
                    return {k}"""}[form])
        _cases(x, lambda r: (r.randint(1, 60),), (0,), (1,), (10,), n=7)
    else:
        base = x.param("base|b|factor", "int")
        p = x.local("power|p|result")
        x.returns("int")
        x.doc(x.pick([
            (f"Return the smallest power of {base} ({base} >= 2; the powers are 1, {base}, {base}**2, ...) that "
             f"is greater than or equal to {n} ({n} >= 1)."),
            (f"Given {n} >= 1 and an integer {base} >= 2, this function multiplies 1 by {base} until the result "
             f"reaches at least {n} and returns that result."),
            (f"Find the first of 1, {base}, {base}*{base}, ... that is not smaller than {n}; {n} is at least 1, "
             "so 1 itself is the answer for 1.")]))
        form = x.pick(["multiply", "exponent", "recursive"])
        x.body({"multiply": f"""
            {p} = 1
            while {p} < {n}:
                {p} *= {base}
            return {p}""", "exponent": f"""
            e = 0
            while {base} ** e < {n}:
                e += 1
            return {base} ** e""", "recursive": f"""
            if {n} <= 1:
                return 1
            return {base} * {f}(({n} + {base} - 1) // {base}, {base})"""}[form])
        _cases(x, lambda r: (r.randint(1, 300), r.randint(2, 5)), (1, 3), (8, 2), (9, 2), n=7)
    x.explain("When the number of repetitions is not known in advance, a `while` loop repeats until its "
              "condition fails; each pass must move the state towards that moment, or the loop never ends.")


@family(G, "Looping over the digits of a number",
        V("count_even_digits", "count the even digits of a non-negative integer", "count", "even_digits",
          names="even_digit_count"),
        V("largest_digit", "find the largest decimal digit of a non-negative integer", "largest|max|biggest",
          "digit", names="top_digit"),
        V("digits_increasing", "check whether the digits of a number strictly increase from left to right", "has",
          "increasing_digits|rising_digits", names="digits_ascend"),
        V("alternating_digit_sum", "add and subtract the digits alternately, starting with + on the last digit",
          "alternating", "digit_sum|digits", names="plus_minus_digits"))
def digit_loops(x: Ctx) -> None:
    n = x.param("n|number|value|num", "int")
    d, acc = x.local("d|digit|last"), x.local("count|total|acc|result")
    f = x.name
    gen = lambda r: (r.choice([r.randint(0, 99), r.randint(100, 99999), r.randint(10 ** 5, 10 ** 8)]),)
    if x.v == "count_even_digits":
        x.returns("int")
        x.doc(x.pick([
            (f"Return how many digits of {n} (a non-negative integer, written in base 10) are even. 0 has one "
             "digit, 0, which is even."),
            (f"Given an integer {n} >= 0, this function looks at each of its decimal digits and counts those that "
             "are 0, 2, 4, 6 or 8."),
            (f"Count the even digits of {n}: every digit of its decimal form is checked once; the number 0 is "
             "written with a single digit 0.")]))
        form = x.pick(["str", "while", "do_while"])
        x.body({"str": f"return sum(1 for {d} in str({n}) if {d} in '02468')", "while": f"""
            if {n} == 0:
                return 1
            {acc} = 0
            while {n} > 0:
                if {n} % 10 % 2 == 0:
                    {acc} += 1
                {n} //= 10
            return {acc}""", "do_while": f"""
            {acc} = 0
            while True:
                {n}, {d} = divmod({n}, 10)
                {acc} += {d} % 2 == 0
                if {n} == 0:
                    return {acc}"""}[form])
        _cases(x, gen, (0,), (13579,), n=7)
    elif x.v == "largest_digit":
        x.returns("int")
        x.doc(x.pick([
            f"Return the largest digit in the decimal form of {n} (an integer >= 0).",
            (f"Given a non-negative integer {n}, this function examines its base-10 digits and returns the "
             "biggest one (0 for the number 0)."),
            (f"Find the maximum digit of {n}: peel off the digits one at a time (or read them from the text "
             "of the number) and keep the largest.")]))
        form = x.pick(["str", "while", "recursive"])
        x.body({"str": f"return int(max(str({n})))", "while": f"""
            {acc} = 0
            while {n} > 0:
                {acc} = max({acc}, {n} % 10)
                {n} //= 10
            return {acc}""", "recursive": f"""
            if {n} < 10:
                return {n}
            return max({n} % 10, {f}({n} // 10))"""}[form])
        _cases(x, gen, (0,), (7,), n=7)
    elif x.v == "digits_increasing":
        x.returns("bool")
        x.doc(x.pick([
            (f"Return True if the decimal digits of {n} (>= 0) strictly increase from left to right, as in 1479. "
             "A one-digit number qualifies; a repeated digit does not."),
            (f"Given a non-negative integer {n}, this function checks that each digit is smaller than the digit "
             "to its right."),
            (f"Decide whether the digits of {n} are strictly ascending when read left to right (so 122 is not, "
             "and every number below 10 is).")]))
        form = x.pick(["zip", "while", "sorted"])
        x.body({"zip": f"""
            s = str({n})
            return all(a < b for a, b in zip(s, s[1:]))""", "while": f"""
            {d} = {n} % 10
            {n} //= 10
            while {n} > 0:
                if {n} % 10 >= {d}:
                    return False
                {d} = {n} % 10
                {n} //= 10
            return True""", "sorted": f"return list(str({n})) == sorted(set(str({n})))"}[form])
        _cases(x, lambda r: (r.choice([int("".join(sorted(set(str(r.randint(10, 10 ** 6)))))), r.randint(0, 99999)]),),
               (0,), (122,), (13579,), n=7)
    else:
        x.returns("int")
        x.doc(x.pick([
            (f"Return the alternating sum of the digits of {n} (>= 0), starting from the last digit with a plus "
             "sign: for 1234 that is 4 - 3 + 2 - 1 = 2."),
            (f"Given a non-negative integer {n}, this function reads its digits from right to left, adding the "
             "first, subtracting the second, adding the third, and so on, and returns the result."),
            (f"Walk the digits of {n} from the units digit leftwards with alternating signs +, -, +, ... and "
             "return the total.")]))
        form = x.pick(["while", "enumerate", "slices"])
        x.body({"while": f"""
            {acc}, sign = 0, 1
            while {n} > 0:
                {acc} += sign * ({n} % 10)
                sign = -sign
                {n} //= 10
            return {acc}""", "enumerate": f"""
            return sum(int({d}) if i % 2 == 0 else -int({d}) for i, {d} in enumerate(reversed(str({n}))))""",
                "slices": f"""
            digits = str({n})[::-1]
            return sum(map(int, digits[::2])) - sum(map(int, digits[1::2]))"""}[form])
        _cases(x, gen, (0,), (1234,), n=7)
    x.explain("`n % 10` is the last digit and `n // 10` removes it, so a loop that repeats both visits every "
              "digit from right to left; `str(n)` gives the digits from left to right as characters instead.")


@family(SEARCH, "Two pointers from both ends",
        V("has_pair_sum", "check whether two different elements of a sorted list add up to a target", "has",
          "pair_sum|pair_with_sum", names="two_sum_sorted"),
        V("list_palindrome", "check whether a list reads the same forwards and backwards", "is",
          "mirror|symmetric|palindrome_list", names="reads_same_both_ways"),
        V("sorted_squares", "square the elements of a sorted list and return the squares sorted", "sorted",
          "squares|squares_of_sorted", names="squares_in_order"))
def two_pointers(x: Ctx) -> None:
    xs = x.param("values|numbers|items|data", "list[int]")
    lo, hi = x.local("lo|left|i"), x.local("hi|right|j")
    if x.v == "has_pair_sum":
        t = x.param("target|total|goal", "int")
        x.returns("bool")
        x.doc(x.pick([
            (f"{xs} is sorted in increasing order. Return True if two elements at different positions add up to "
             f"{t}, and False otherwise."),
            (f"Given a sorted list {xs} and a number {t}, this function reports whether some pair of elements "
             f"(two distinct positions, possibly equal values) has the sum {t}."),
            (f"Decide whether {t} can be written as {xs}[i] + {xs}[j] with i != j. The list is in increasing "
             "order, which allows walking inwards from both ends.")]))
        form = x.pick(["pointers", "set", "pairs"])
        x.body({"pointers": f"""
            {lo}, {hi} = 0, len({xs}) - 1
            while {lo} < {hi}:
                s = {xs}[{lo}] + {xs}[{hi}]
                if s == {t}:
                    return True
                if s < {t}:
                    {lo} += 1
                else:
                    {hi} -= 1
            return False""", "set": f"""
            seen = set()
            for v in {xs}:
                if {t} - v in seen:
                    return True
                seen.add(v)
            return False""", "pairs": f"""
            return any({xs}[a] + {xs}[b] == {t} for a in range(len({xs})) for b in range(a + 1, len({xs})))"""}[form])
        x.explain("With two indices at the two ends of a sorted list, a sum that is too small can only grow by "
                  "moving the left index right, and one that is too big can only shrink by moving the right "
                  "index left, so one inward pass checks every useful pair.")
        def gen(r):
            vals = sorted(ints(r, 2, 7, -5, 12))
            return vals, (sum(r.sample(vals, 2)) if r.random() < 0.5 else r.randint(-4, 16))
        _cases(x, gen, ([], 0), ([5], 10), ([5, 5], 10), n=8)
    elif x.v == "list_palindrome":
        x.returns("bool")
        x.doc(x.pick([
            f"Return True if {xs} reads the same from left to right and from right to left. An empty list does.",
            (f"Given a list {xs}, this function compares the first element with the last, the second with the "
             "second-to-last, and so on, and returns True only if every such pair is equal."),
            f"Check whether {xs} is symmetric: {xs}[k] must equal {xs}[len - 1 - k] for every position k."]))
        form = x.pick(["while", "all", "slice", "for"])
        x.body({"while": f"""
            {lo}, {hi} = 0, len({xs}) - 1
            while {lo} < {hi}:
                if {xs}[{lo}] != {xs}[{hi}]:
                    return False
                {lo}, {hi} = {lo} + 1, {hi} - 1
            return True""", "all": f"return all({xs}[k] == {xs}[-1 - k] for k in range(len({xs}) // 2))",
                "slice": f"return {xs} == {xs}[::-1]", "for": f"""
            for k in range(len({xs}) // 2):
                if {xs}[k] != {xs}[len({xs}) - 1 - k]:
                    return False
            return True"""}[form])
        x.explain("Two positions move towards each other from the ends; the list is a palindrome exactly when "
                  "every pair they visit holds equal values, and the middle element of an odd-length list has "
                  "no partner to check.")
        _cases(x, lambda r: ((h := ints(r, 0, 3, 0, 4)) + ([r.randint(0, 4)] if r.random() < 0.5 else []) + h[::-1]
                             if r.random() < 0.6 else ints(r, 1, 5, 0, 3),), ([],), ([1, 2],), n=7)
    else:
        out = x.local("result|out|squares")
        x.returns("list[int]")
        x.doc(x.pick([
            (f"{xs} is sorted in increasing order and may contain negative numbers. Return the squares of its "
             "elements, sorted in increasing order."),
            (f"Given a sorted list of integers {xs}, this function returns a new list with every element squared, "
             "in increasing order (the squares of negative numbers may need to move)."),
            (f"Square each element of the sorted list {xs} and return the squares from smallest to largest. The "
             "largest square always comes from one of the two ends of the list.")]))
        form = x.pick(["sorted", "fill_back", "append_reverse"])
        x.body({"sorted": f"return sorted(v * v for v in {xs})", "fill_back": f"""
            {out} = [0] * len({xs})
            {lo}, {hi} = 0, len({xs}) - 1
            for pos in range(len({xs}) - 1, -1, -1):
                if abs({xs}[{lo}]) > abs({xs}[{hi}]):
                    {out}[pos] = {xs}[{lo}] ** 2
                    {lo} += 1
                else:
                    {out}[pos] = {xs}[{hi}] ** 2
                    {hi} -= 1
            return {out}""", "append_reverse": f"""
            {out} = []
            {lo}, {hi} = 0, len({xs}) - 1
            while {lo} <= {hi}:
                if abs({xs}[{lo}]) > abs({xs}[{hi}]):
                    {out}.append({xs}[{lo}] * {xs}[{lo}])
                    {lo} += 1
                else:
                    {out}.append({xs}[{hi}] * {xs}[{hi}])
                    {hi} -= 1
            return {out}[::-1]"""}[form])
        x.explain("In a sorted list the biggest absolute values sit at the two ends, so comparing the ends "
                  "yields the squares from largest to smallest; sorting the squares directly is the simple "
                  "alternative.")
        _cases(x, lambda r: (sorted(ints(r, 1, 7, -9, 9)),), ([],), n=7)


@family(G, "Looking at every pair",
        V("max_pair_product", "find the largest product of two elements at different positions", "max|largest",
          "pair_product|product_of_two", names="best_product"),
        V("min_gap", "find the smallest difference between any two elements", "min|smallest", "gap|difference",
          names="closest_gap"),
        V("count_inversions", "count the pairs i < j whose elements are out of order", "count", "inversions",
          names="disorder"))
def all_pairs(x: Ctx) -> None:
    xs = x.param("values|numbers|data|items", "list[int]")
    i, j, best = x.local("i|p|first"), x.local("j|q|second"), x.local("best|result|answer")
    n = f"len({xs})"
    if x.v == "count_inversions":
        x.returns("int")
        x.doc(x.pick([
            (f"Return the number of pairs of positions i < j with {xs}[i] > {xs}[j]. Equal values are not an "
             "inversion."),
            (f"Given a list {xs}, this function counts the pairs of elements that are in the wrong order: an "
             "earlier element strictly larger than a later one."),
            (f"Measure how unsorted {xs} is: look at every pair of positions (earlier, later) and count those "
             "where the earlier value is bigger. A sorted list gives 0.")]))
        form = x.pick(["nested", "gen", "slices"])
        x.body({"nested": f"""
            {best} = 0
            for {i} in range({n}):
                for {j} in range({i} + 1, {n}):
                    if {xs}[{i}] > {xs}[{j}]:
                        {best} += 1
            return {best}""", "gen": f"return sum(1 for {i} in range({n}) for {j} in range({i} + 1, {n}) if {xs}[{i}] > {xs}[{j}])",
                "slices": f"""
            {best} = 0
            for {i}, v in enumerate({xs}):
                {best} += sum(1 for w in {xs}[{i} + 1:] if w < v)
            return {best}"""}[form])
        _cases(x, lambda r: (ints(r, 1, 7, 0, 9),), ([],), ([1, 2, 3],), n=7)
    else:
        rule = x.pick(["none", "raise"])
        x.returns("int | None" if rule == "none" else "int")
        fail = "return None" if rule == "none" else "raise ValueError('need at least two elements')"
        said = "return None" if rule == "none" else "raise ValueError"
        guard = f"""
            if len({xs}) < 2:
                {fail}"""
        if x.v == "max_pair_product":
            x.doc(x.pick([
                (f"Return the largest value of {xs}[i] * {xs}[j] over two different positions i != j. If {xs} has "
                 f"fewer than two elements, {said}."),
                (f"Given integers {xs} (negative ones included), this function returns the biggest product of two "
                 f"of its elements taken from different positions; with fewer than two elements it must {said}."),
                (f"Try every pair of positions in {xs} and keep the largest product. Two negative numbers can give "
                 f"the best product. Fewer than two elements: {said}.")]))
            form = x.pick(["nested", "sorted", "gen"])
            x.body(guard, {"nested": f"""
                {best} = None
                for {i} in range({n}):
                    for {j} in range({i} + 1, {n}):
                        if {best} is None or {xs}[{i}] * {xs}[{j}] > {best}:
                            {best} = {xs}[{i}] * {xs}[{j}]
                return {best}""", "sorted": f"""
                s = sorted({xs})
                return max(s[0] * s[1], s[-1] * s[-2])""",
                    "gen": f"return max({xs}[{i}] * {xs}[{j}] for {i} in range({n}) for {j} in range({i} + 1, {n}))"}[form])
        else:
            x.doc(x.pick([
                (f"Return the smallest absolute difference between two elements of {xs} at different positions "
                 f"(0 if a value repeats). If {xs} has fewer than two elements, {said}."),
                (f"Given numbers {xs}, this function compares every pair of elements and returns how close the "
                 f"closest pair is, as a non-negative difference; with fewer than two elements it must {said}."),
                (f"Find the minimum of abs({xs}[i] - {xs}[j]) over all positions i < j. Sorting first puts the "
                 f"closest values next to each other. Fewer than two elements: {said}.")]))
            form = x.pick(["nested", "sorted", "gen"])
            x.body(guard, {"nested": f"""
                {best} = abs({xs}[0] - {xs}[1])
                for {i} in range({n}):
                    for {j} in range({i} + 1, {n}):
                        {best} = min({best}, abs({xs}[{i}] - {xs}[{j}]))
                return {best}""", "sorted": f"""
                s = sorted({xs})
                return min(b - a for a, b in zip(s, s[1:]))""",
                    "gen": f"return min(abs(a - b) for {i}, a in enumerate({xs}) for b in {xs}[{i} + 1:])"}[form])
        gen = lambda r: (ints(r, 2, 7, -9, 9),)
        if rule == "none":
            _cases(x, gen, ([],), ([4],), n=7)
        else:
            _cases(x, gen, n=6)
            x.raises("ValueError", [4])
    x.explain("Two nested loops, the inner one starting just after the outer index, visit every pair of "
              "positions exactly once; for n elements that is n * (n - 1) / 2 pairs.")


@family(G, "Strides, reversed order and several lists at once",
        V("every_kth", "take the elements at positions 0, k, 2k, ...", "every|take_every", "kth|nth",
          names="stride"),
        V("sum_three", "add three equal-length lists element by element", "sum|add", "three|three_lists",
          names="elementwise_total"),
        V("fold_ends", "add the first and last elements, the second and second-to-last, and so on",
          "fold", "ends|in_half", names="pair_from_both_ends"),
        V("alternating_sum", "compute xs[0] - xs[1] + xs[2] - xs[3] + ...", "alternating", "sum|total",
          names="plus_minus_sum"))
def strides_and_zips(x: Ctx) -> None:
    out, i = x.local("result|out|acc"), x.local("i|idx|pos")
    if x.v == "sum_three":
        a, b, c = (x.param("xs|first|a_list", "list[int]"), x.param("ys|second|b_list", "list[int]"),
                   x.param("zs|third|c_list", "list[int]"))
        x.returns("list[int]")
        x.doc(x.pick([
            (f"Return the list whose i-th element is {a}[i] + {b}[i] + {c}[i]. The three lists have the same "
             "length."),
            ("Given three lists of the same length, this function adds them position by position and returns "
             "the list of sums."),
            f"Walk {a}, {b} and {c} in step and collect the sum of the three values found at each position."]))
        form = x.pick(["zip", "map", "range"])
        x.body({"zip": f"return [p + q + r for p, q, r in zip({a}, {b}, {c})]",
                "map": f"return list(map(sum, zip({a}, {b}, {c})))", "range": f"""
            {out} = []
            for {i} in range(len({a})):
                {out}.append({a}[{i}] + {b}[{i}] + {c}[{i}])
            return {out}"""}[form])
        _cases(x, lambda r: ((m := r.randint(1, 5)) and ints(r, m, m, -5, 9), ints(r, m, m, -5, 9), ints(r, m, m, -5, 9)),
               ([], [], []), n=7)
        x.explain("`zip` accepts any number of sequences and yields one tuple per position, which is the "
                  "natural way to walk several lists in step.")
        return
    xs = x.param("values|items|numbers|data", "list[int]")
    gen = lambda r: (ints(r, 1, 8, -5, 9),)
    if x.v == "every_kth":
        k = x.param("k|step|stride", "int")
        x.returns("list[int]")
        x.doc(x.pick([
            f"Return the elements of {xs} at positions 0, {k}, 2*{k}, ... ({k} >= 1), in order.",
            (f"Given a list {xs} and a step {k} >= 1, this function starts at the first element and keeps every "
             f"{k}-th element after it."),
            (f"Take a stride through {xs}: the first element, then the one {k} positions further, and so on "
             "until the end of the list.")]))
        form = x.pick(["slice", "enumerate", "while", "range"])
        x.body({"slice": f"return {xs}[::{k}]",
                "enumerate": f"return [v for {i}, v in enumerate({xs}) if {i} % {k} == 0]", "while": f"""
            {out}, {i} = [], 0
            while {i} < len({xs}):
                {out}.append({xs}[{i}])
                {i} += {k}
            return {out}""", "range": f"return [{xs}[{i}] for {i} in range(0, len({xs}), {k})]"}[form])
        _cases(x, lambda r: (ints(r, 1, 9, 0, 9), r.randint(1, 4)), ([], 2), n=7)
    elif x.v == "fold_ends":
        x.returns("list[int]")
        x.doc(x.pick([
            (f"Return [{xs}[0] + {xs}[-1], {xs}[1] + {xs}[-2], ...], pairing elements from both ends towards the "
             "middle. If the length is odd, the middle element is appended on its own at the end."),
            (f"Given a list {xs}, this function folds it in half: the first element is added to the last, the "
             "second to the second-to-last, and so on; an unpaired middle element is kept as it is."),
            (f"Walk {xs} from both ends at once, summing each outer pair and moving inwards. Return the sums in "
             "that order, followed by the middle element when the length is odd ([] for an empty list).")]))
        form = x.pick(["range", "while", "zip"])
        x.body({"range": f"""
            {out} = [{xs}[{i}] + {xs}[-1 - {i}] for {i} in range(len({xs}) // 2)]
            if len({xs}) % 2 == 1:
                {out}.append({xs}[len({xs}) // 2])
            return {out}""", "while": f"""
            {out} = []
            {i}, j = 0, len({xs}) - 1
            while {i} < j:
                {out}.append({xs}[{i}] + {xs}[j])
                {i}, j = {i} + 1, j - 1
            if {i} == j:
                {out}.append({xs}[{i}])
            return {out}""", "zip": f"""
            half = len({xs}) // 2
            {out} = [a + b for a, b in zip({xs}[:half], reversed({xs}))]
            return {out} + {xs}[half:len({xs}) - half]"""}[form])
        _cases(x, gen, ([],), ([5],), n=7)
    else:
        x.returns("int")
        x.doc(x.pick([
            f"Return {xs}[0] - {xs}[1] + {xs}[2] - {xs}[3] + ... (0 for an empty list).",
            (f"Given numbers {xs}, this function adds the elements at even positions and subtracts those at odd "
             "positions, and returns the result."),
            f"Sum {xs} with alternating signs, starting with + on the first element."]))
        form = x.pick(["slices", "sign", "enumerate"])
        x.body({"slices": f"return sum({xs}[::2]) - sum({xs}[1::2])", "sign": f"""
            {out}, sign = 0, 1
            for v in {xs}:
                {out} += sign * v
                sign = -sign
            return {out}""", "enumerate": f"""
            {out} = 0
            for {i}, v in enumerate({xs}):
                if {i} % 2 == 0:
                    {out} += v
                else:
                    {out} -= v
            return {out}"""}[form])
        _cases(x, gen, ([],), n=7)
    x.explain("A slice with a step (`xs[::k]`), `enumerate` with a test on the index, `reversed`, and `zip` "
              "of several sequences are the tools for visiting elements in an order other than one by one "
              "from the front.")


@family(G, "Runs of consecutive values",
        V("longest_streak", "find the length of the longest run of equal consecutive values", "longest",
          "streak|run|repeat_run", names="max_streak"),
        V("increasing_runs", "split a list into its maximal strictly increasing runs", "increasing|rising",
          "runs|segments", names="split_into_rises"),
        V("count_blocks", "count the separate blocks of consecutive occurrences of a value", "count",
          "blocks|groups|runs_of", names="number_of_blocks"),
        V("longest_rise", "find the length of the longest strictly increasing run of consecutive elements",
          "longest", "rise|increasing_run", names="max_climb"))
def sequence_runs(x: Ctx) -> None:
    xs = x.param("values|items|data|sequence", "list[int]")
    cur, best, i = x.local("current|run|length"), x.local("best|longest|top"), x.local("i|k|pos")
    gen = lambda r: (ints(r, 1, 9, 0, 3),)
    if x.v in ("longest_streak", "longest_rise"):
        streak = x.v == "longest_streak"
        cmp = "==" if streak else ">"
        x.returns("int")
        if streak:
            x.doc(x.pick([
                (f"Return the length of the longest run of equal values standing next to each other in {xs} (0 "
                 "for an empty list)."),
                (f"Given a list {xs}, this function finds the longest stretch of consecutive positions that all "
                 "hold the same value and returns its length."),
                (f"Scan {xs} counting how many times in a row the same value repeats; return the best count seen. "
                 "A list without repeats gives 1, an empty list 0.")]))
        else:
            x.doc(x.pick([
                (f"Return the length of the longest stretch of consecutive elements of {xs} in which each element "
                 "is strictly greater than the previous one (0 for an empty list, 1 if it never rises)."),
                (f"Given a list {xs}, this function finds the longest run of neighbours that keeps strictly "
                 "rising and returns how many elements it has."),
                (f"Scan {xs} counting the length of the current rising run (it restarts at 1 whenever an element "
                 "is not larger than the one before) and return the largest length seen.")]))
        form = x.pick(["index", "while", "prev"])
        x.body({"index": f"""
            {best} = {cur} = 0
            for {i} in range(len({xs})):
                if {i} > 0 and {xs}[{i}] {cmp} {xs}[{i} - 1]:
                    {cur} += 1
                else:
                    {cur} = 1
                {best} = max({best}, {cur})
            return {best}""", "while": f"""
            {best}, {i} = 0, 0
            while {i} < len({xs}):
                j = {i} + 1
                while j < len({xs}) and {xs}[j] {cmp} {xs}[j - 1]:
                    j += 1
                {best} = max({best}, j - {i})
                {i} = j
            return {best}""", "prev": f"""
            if not {xs}:
                return 0
            {best} = {cur} = 1
            for prev, v in zip({xs}, {xs}[1:]):
                {cur} = {cur} + 1 if v {cmp} prev else 1
                if {cur} > {best}:
                    {best} = {cur}
            return {best}"""}[form])
        _cases(x, gen if streak else (lambda r: (ints(r, 1, 9, 0, 9),)), ([],), ([4],), n=7)
    elif x.v == "increasing_runs":
        out = x.local("runs|result|pieces")
        x.returns("list[list[int]]")
        x.doc(x.pick([
            (f"Split {xs} into maximal runs in which every element is strictly greater than the one before, and "
             "return the runs in order. Every element belongs to exactly one run; [] gives []."),
            (f"Given a list {xs}, this function cuts it wherever an element is not larger than its predecessor "
             "and returns the pieces as a list of lists."),
            (f"Break {xs} into rising segments: start a new segment at the first element and at each element "
             "that is less than or equal to the previous one.")]))
        form = x.pick(["append", "bounds", "while"])
        x.body({"while": f"""
            {out}, {i} = [], 0
            while {i} < len({xs}):
                j = {i} + 1
                while j < len({xs}) and {xs}[j] > {xs}[j - 1]:
                    j += 1
                {out}.append({xs}[{i}:j])
                {i} = j
            return {out}""", "append": f"""
            {out} = []
            for v in {xs}:
                if {out} and v > {out}[-1][-1]:
                    {out}[-1].append(v)
                else:
                    {out}.append([v])
            return {out}""", "bounds": f"""
            {out}, start = [], 0
            for {i} in range(1, len({xs}) + 1):
                if {i} == len({xs}) or {xs}[{i}] <= {xs}[{i} - 1]:
                    {out}.append({xs}[start:{i}])
                    start = {i}
            return {out}"""}[form])
        _cases(x, lambda r: (ints(r, 1, 8, 0, 9),), ([],), ([3, 3],), n=7)
    else:
        t = x.param("target|value|wanted", "int")
        cnt = x.local("count|blocks|n")
        x.returns("int")
        x.doc(x.pick([
            (f"Return how many separate blocks of consecutive {t}s appear in {xs}: [1, 1, 0, 1] has two blocks of "
             "1s."),
            (f"Given a list {xs} and a value {t}, this function counts the maximal groups of neighbouring "
             f"positions that hold {t}; a block ends where another value appears."),
            (f"Count the runs of {t} in {xs}: a run starts at each {t} that is the first element or follows a "
             "different value.")]))
        form = x.pick(["starts", "flag", "prev"])
        x.body({"starts": f"return sum(1 for {i}, v in enumerate({xs}) if v == {t} and ({i} == 0 or {xs}[{i} - 1] != {t}))",
                "flag": f"""
            {cnt}, inside = 0, False
            for v in {xs}:
                if v == {t} and not inside:
                    {cnt} += 1
                inside = v == {t}
            return {cnt}""", "prev": f"""
            {cnt}, prev = 0, None
            for v in {xs}:
                if v == {t} and prev != {t}:
                    {cnt} += 1
                prev = v
            return {cnt}"""}[form])
        _cases(x, lambda r: (ints(r, 1, 9, 0, 2), r.randint(0, 2)), ([], 1), n=7)
    x.explain("A run ends where the relation between neighbours breaks, so the loop compares each element "
              "with the previous one and either extends the current run or starts a new one.")


# --------------------------------------------------------------------------------------------------
# Recursion


def _pal(r) -> str:
    half = "".join(r.choice("abc") for _ in range(r.randint(0, 3)))
    mid = r.choice(["", r.choice("abc")])
    s = half + mid + half[::-1]
    if r.random() < 0.4 and s:
        k = r.randrange(len(s))
        s = s[:k] + r.choice("abcd") + s[k + 1:]
    return s


@family(REC, "Recursion on strings",
        V("palindrome", "check recursively whether a string reads the same forwards and backwards", "is",
          "palindrome_rec|mirror", names="recursive_palindrome"),
        V("remove_char", "remove every occurrence of a character from a string, recursively", "remove|strip",
          "char_rec|all_rec", names="without_char"),
        V("double_chars", "double every character of a string, recursively", "double|stutter", "chars|letters",
          names="echo_letters"),
        V("interleave", "interleave the characters of two strings recursively, appending the leftover",
          "interleave|weave|zip", "strings|chars", names="alternate_chars"))
def string_recursion(x: Ctx) -> None:
    f = x.name
    s = x.param("s|text|word", "str")
    if x.v == "palindrome":
        x.returns("bool")
        x.doc(x.pick([
            (f"Return True if {s} reads the same forwards and backwards (characters compared exactly), using "
             "recursion rather than slicing the whole string in reverse."),
            (f"Given a string {s}, this function checks recursively that its first and last characters match "
             "and that what lies between them is itself a palindrome; strings of length 0 or 1 are "
             "palindromes."),
            (f"Decide recursively whether {s} is a palindrome. Base case: fewer than two characters. Recursive "
             "case: the outer characters are equal and the inner part is a palindrome.")]))
        form = x.pick(["steps", "expr", "helper"])
        x.body({"steps": f"""
            if len({s}) < 2:
                return True
            if {s}[0] != {s}[-1]:
                return False
            return {f}({s}[1:-1])""", "expr": f"return len({s}) < 2 or ({s}[0] == {s}[-1] and {f}({s}[1:-1]))",
                "helper": f"""
            def check(i, j):
                if i >= j:
                    return True
                return {s}[i] == {s}[j] and check(i + 1, j - 1)

            return check(0, len({s}) - 1)"""}[form])
        _cases(x, lambda r: (_pal(r),), ("",), ("ab",), n=7)
    elif x.v == "remove_char":
        c = x.param("ch|c|char|letter", "str")
        x.returns("str")
        x.doc(x.pick([
            (f"Return {s} with every occurrence of the character {c} removed, written recursively (no loops and "
             "no str.replace)."),
            (f"Given a string {s} and a single character {c}, this function recursively builds the string made "
             f"of the characters of {s} that are not {c}, in order."),
            (f"Remove {c} from {s} recursively: the empty string stays empty; otherwise handle one character "
             "(keep it unless it is the one to remove) and recurse on the rest.")]))
        form = x.pick(["head", "rest", "tail"])
        x.body({"head": f"""
            if not {s}:
                return ''
            return ('' if {s}[0] == {c} else {s}[0]) + {f}({s}[1:], {c})""", "rest": f"""
            if {s} == '':
                return {s}
            rest = {f}({s}[1:], {c})
            return rest if {s}[0] == {c} else {s}[0] + rest""", "tail": f"""
            if len({s}) == 0:
                return ''
            last = {s}[-1]
            return {f}({s}[:-1], {c}) + ('' if last == {c} else last)"""}[form])
        _cases(x, lambda r: ("".join(r.choice("abca ") for _ in range(r.randint(1, 8))), r.choice("ab ")), ("", "a"),
               ("aaa", "a"), n=7)
    elif x.v == "double_chars":
        x.returns("str")
        x.doc(x.pick([
            f"Return {s} with every character written twice ('abc' becomes 'aabbcc'), using recursion.",
            (f"Given a string {s}, this function recursively builds a new string in which each character of {s} "
             "appears two times in a row."),
            (f"Double the characters of {s} recursively: an empty string gives ''; otherwise double one "
             "character and recurse on the others.")]))
        form = x.pick(["head", "expr", "tail"])
        x.body({"head": f"""
            if not {s}:
                return ''
            return {s}[0] * 2 + {f}({s}[1:])""", "expr": f"return {s}[0] + {s}[0] + {f}({s}[1:]) if {s} else ''",
                "tail": f"""
            if {s} == '':
                return ''
            return {f}({s}[:-1]) + {s}[-1] * 2"""}[form])
        _cases(x, lambda r: (r.choice(SHORT_WORDS + WORDS[:10]) + r.choice(["", "!", " x"]),), ("",), n=7)
    else:
        t = x.param("other|second|t", "str")
        x.returns("str")
        x.doc(x.pick([
            (f"Return the characters of {s} and {t} taken alternately, starting with {s} ('abc' and '12' give "
             "'a1b2c'); when one string runs out the rest of the other is appended. Use recursion."),
            (f"Given two strings, this function recursively weaves them together: first character of {s}, first "
             f"of {t}, second of {s}, second of {t}, ..., and then whatever is left of the longer string."),
            (f"Interleave {s} and {t} recursively. Base cases: if either string is empty, the answer is the "
             "other one. Otherwise take one character from each and recurse on the remainders.")]))
        form = x.pick(["both", "swap", "join"])
        x.body({"both": f"""
            if not {s}:
                return {t}
            if not {t}:
                return {s}
            return {s}[0] + {t}[0] + {f}({s}[1:], {t}[1:])""", "swap": f"""
            if not {s}:
                return {t}
            return {s}[0] + {f}({t}, {s}[1:])""", "join": f"""
            if not {s} or not {t}:
                return {s} + {t}
            return {s}[:1] + {t}[:1] + {f}({s}[1:], {t}[1:])"""}[form])
        _cases(x, lambda r: ("".join(r.choice("abcd") for _ in range(r.randint(0, 4))),
                             "".join(r.choice("1234") for _ in range(r.randint(0, 4)))), ("", ""), ("abc", ""), n=7)
    x.explain("Each call handles one character (or one pair) and passes a strictly shorter string to the "
              "next call, so the calls reach the base case of an empty (or one-character) string and the "
              "results are assembled on the way back.")


@family(REC, "Counting by recursion",
        V("grid_paths", "count the paths from the top-left to the bottom-right cell of a grid moving only right "
          "or down", "count|number_of", "grid_paths|lattice_paths", names="paths_through_grid"),
        V("stairs", "count the ways to climb n stairs taking steps of the allowed sizes", "count|ways_to",
          "climb|stair_ways", names="staircase_ways"),
        V("subset_sums", "count the subsets of a list of positive numbers that add up to a target", "count",
          "subset_sums|subsets_with_sum", names="ways_to_make"))
def counting_recursion(x: Ctx) -> None:
    f = x.name
    x.returns("int")
    if x.v == "grid_paths":
        r_, c_ = x.param("rows|height|r", "int"), x.param("cols|width|c", "int")
        x.doc(x.pick([
            (f"Return the number of paths from the top-left cell to the bottom-right cell of a grid with {r_} "
             f"rows and {c_} columns (both >= 1), where each move goes one cell right or one cell down."),
            (f"Given the size of a grid, {r_} x {c_}, this function counts recursively the different routes from "
             "the top-left corner to the bottom-right corner that only ever move right or down. A grid with a "
             "single row or column has exactly one route."),
            (f"Count right/down paths across a {r_}-by-{c_} grid recursively: the last move into the corner "
             "comes either from above or from the left, so the count is the sum of the counts for the two "
             "smaller grids.")]))
        form = x.pick(["edge", "zero", "memo"])
        x.body({"edge": f"""
            if {r_} == 1 or {c_} == 1:
                return 1
            return {f}({r_} - 1, {c_}) + {f}({r_}, {c_} - 1)""", "zero": f"""
            if {r_} == 0 or {c_} == 0:
                return 0
            if {r_} == 1 and {c_} == 1:
                return 1
            return {f}({r_} - 1, {c_}) + {f}({r_}, {c_} - 1)""", "memo": f"""
            memo = {{}}

            def walk(a, b):
                if a == 1 or b == 1:
                    return 1
                if (a, b) not in memo:
                    memo[(a, b)] = walk(a - 1, b) + walk(a, b - 1)
                return memo[(a, b)]

            return walk({r_}, {c_})"""}[form])
        _cases(x, lambda r: (r.randint(2, 6), r.randint(2, 6)), (1, 1), (1, 4), n=7)
    elif x.v == "stairs":
        n = x.param("n|steps|height", "int")
        three = x.chance(0.4)
        sizes = "1, 2 or 3" if three else "1 or 2"
        x.doc(x.pick([
            (f"Return the number of different ways to climb a staircase of {n} steps ({n} >= 0) when each move "
             f"climbs {sizes} steps. The order of the moves matters; for 0 steps there is one way (do nothing)."),
            (f"Given {n} >= 0, this function counts recursively the sequences of moves of size {sizes} that add up "
             f"to exactly {n}."),
            (f"Count staircase climbs recursively: the first move climbs {sizes} steps, and then the rest of the "
             "staircase must be climbed; an empty staircase can be climbed in exactly one way, a negative one in "
             "none.")]))
        moves = "(1, 2, 3)" if three else "(1, 2)"
        form = x.pick(["negative", "small", "sum"])
        if form == "negative":
            extra = f" + {f}({n} - 3)" if three else ""
            x.body(f"""
                if {n} < 0:
                    return 0
                if {n} == 0:
                    return 1
                return {f}({n} - 1) + {f}({n} - 2){extra}""")
        elif form == "small" and not three:
            x.body(f"""
                if {n} <= 1:
                    return 1
                return {f}({n} - 1) + {f}({n} - 2)""")
        else:
            x.body(f"""
                if {n} == 0:
                    return 1
                return sum({f}({n} - step) for step in {moves} if step <= {n})""")
        _cases(x, lambda r: (r.randint(2, 12),), (0,), (1,), n=7)
    else:
        xs, t = x.param("numbers|values|coins|items", "list[int]"), x.param("target|total|goal", "int")
        x.doc(x.pick([
            (f"{xs} holds positive integers. Return how many subsets of its positions have elements adding up to "
             f"{t} (the empty subset adds up to 0; equal values at different positions make different subsets)."),
            (f"Given positive integers {xs} and a target {t} >= 0, this function counts recursively the ways to "
             f"choose some of the elements (each at most once) so that their sum is exactly {t}."),
            ("Count subsets with a given sum recursively: for the first element, either include it (the target "
             "shrinks by its value) or leave it out, and count both possibilities on the rest of the list.")]))
        form = x.pick(["slice", "index", "next_pick"])
        x.body({"next_pick": f"""
            if {t} == 0:
                return 1
            count = 0
            for i, v in enumerate({xs}):
                if v <= {t}:
                    count += {f}({xs}[i + 1:], {t} - v)
            return count""", "slice": f"""
            if {t} == 0:
                return 1
            if {t} < 0 or not {xs}:
                return 0
            return {f}({xs}[1:], {t} - {xs}[0]) + {f}({xs}[1:], {t})""", "index": f"""
            def count(i, remaining):
                if i == len({xs}):
                    return 1 if remaining == 0 else 0
                return count(i + 1, remaining - {xs}[i]) + count(i + 1, remaining)

            return count(0, {t})"""}[form])
        _cases(x, lambda r: (ints(r, 1, 6, 1, 6), r.randint(0, 12)), ([], 0), ([2, 2], 2), n=7)
    x.explain("Counting recursively means splitting the choices by the first decision (which move, or "
              "whether to take an element) and adding up the counts of the smaller problems; the base cases "
              "count the finished arrangements (1) and the impossible ones (0).")


def _nested(r, depth: int = 0) -> list:
    out = []
    for _ in range(r.randint(0, 4)):
        if depth < 2 and r.random() < 0.35:
            out.append(_nested(r, depth + 1))
        else:
            out.append(r.randint(-9, 20))
    return out


def _tree(r, depth: int = 0) -> dict:
    keys = r.sample(["a", "b", "c", "id", "x", "y", "size", "name", "cfg", "db"], r.randint(0 if depth else 1, 3))
    return {k: (_tree(r, depth + 1) if depth < 2 and r.random() < 0.4 else r.randint(0, 9)) for k in keys}


@family(REC, "Walking nested dictionaries and lists",
        V("flatten_keys", "flatten a nested dictionary into one level with joined keys such as 'a.b'",
          "flatten|flat", "keys|dict|config", names="dotted_keys"),
        V("dict_depth", "compute how deeply dictionaries are nested inside a dictionary", "dict|nesting",
          "depth|levels", names="nesting_depth"),
        V("nested_max", "find the largest number anywhere in nested lists", "nested|deep", "max|maximum",
          names="max_anywhere"),
        V("contains_nested", "check whether a value occurs at any depth of nested lists", "deep|nested",
          "contains|has", names="occurs_anywhere"))
def nested_recursion(x: Ctx) -> None:
    f = x.name
    item = x.local("item|element|part|entry")
    if x.v in ("flatten_keys", "dict_depth"):
        d = x.param("tree|data|config|nested", "dict")
        k, v = x.local("key|k|name"), x.local("value|v|child")
        if x.v == "flatten_keys":
            sep = x.pick([".", "/", "_"])
            x.returns("dict[str, int]")
            x.doc(x.pick([
                (f"{d} maps string keys to integers or to dictionaries of the same kind. Return a flat dictionary "
                 f"whose keys are the paths to the integers, joined with '{sep}' (so {{'a': {{'b': 1}}}} gives "
                 f"{{'a{sep}b': 1}}), in the order the integers are met. An empty inner dictionary adds nothing."),
                (f"Given a nested dictionary {d} whose leaves are integers, this function returns a dictionary of "
                 f"one level that maps each path of keys, joined by '{sep}', to its leaf, walking the keys in their "
                 "order."),
                (f"Flatten {d} recursively: an integer value is kept under its key; a dictionary value is "
                 f"flattened and each of its keys is prefixed with the outer key and '{sep}'.")]))
            form = x.pick(["return", "helper", "update"])
            x.body({"update": f"""
                flat = {{}}
                for {k}, {v} in {d}.items():
                    if isinstance({v}, dict):
                        flat.update({{{k} + '{sep}' + sub: leaf for sub, leaf in {f}({v}).items()}})
                    else:
                        flat[{k}] = {v}
                return flat""", "return": f"""
                flat = {{}}
                for {k}, {v} in {d}.items():
                    if isinstance({v}, dict):
                        for sub, leaf in {f}({v}).items():
                            flat[{k} + '{sep}' + sub] = leaf
                    else:
                        flat[{k}] = {v}
                return flat""", "helper": f"""
                flat = {{}}

                def walk(prefix, node):
                    for {k}, {v} in node.items():
                        path = prefix + {k}
                        if isinstance({v}, dict):
                            walk(path + '{sep}', {v})
                        else:
                            flat[path] = {v}

                walk('', {d})
                return flat"""}[form])
            _cases(x, lambda r: (_tree(r),), ({},), ({"a": {"b": {}}, "c": 1},), n=7)
        else:
            x.returns("int")
            x.doc(x.pick([
                (f"Return the nesting depth of the dictionary {d}: 1 if none of its values is a dictionary, "
                 "otherwise 1 plus the largest depth among its dictionary values. An empty dictionary has depth 1."),
                (f"Given a dictionary {d} whose values are numbers or further dictionaries, this function returns "
                 "how many levels of dictionaries it contains, counting itself as the first level."),
                (f"Compute the depth of {d} recursively: a dictionary counts 1, and adds the greatest depth of the "
                 "dictionaries stored directly in it (0 if there are none).")]))
            form = x.pick(["max", "loop", "list"])
            x.body({"list": f"""
                depths = [{f}({v}) for {v} in {d}.values() if isinstance({v}, dict)]
                return 1 + (max(depths) if depths else 0)""",
                    "max": f"return 1 + max(({f}({v}) for {v} in {d}.values() if isinstance({v}, dict)), default=0)",
                    "loop": f"""
                deepest = 0
                for {v} in {d}.values():
                    if isinstance({v}, dict):
                        deepest = max(deepest, {f}({v}))
                return 1 + deepest"""}[form])
            _cases(x, lambda r: (_tree(r),), ({},), ({"a": {}},), n=7)
    else:
        xs = x.param("items|nested|data|values", "list")
        if x.v == "nested_max":
            x.returns("int")
            x.doc(x.pick([
                (f"Return the largest integer found anywhere in {xs}, a list whose elements are integers or lists "
                 "of the same kind (some possibly empty). At least one integer occurs somewhere."),
                (f"Given nested lists of integers {xs}, this function searches every level recursively and returns "
                 "the biggest number."),
                (f"Find the maximum of {xs} at any depth: integers are candidates, inner lists are searched the "
                 "same way; empty inner lists contribute nothing.")]))
            form = x.pick(["best", "gen", "flatten"])
            x.body({"flatten": f"""
                def flatten(seq):
                    out = []
                    for {item} in seq:
                        out += flatten({item}) if isinstance({item}, list) else [{item}]
                    return out

                return max(flatten({xs}))""", "best": f"""
                best = None
                for {item} in {xs}:
                    value = {f}({item}) if isinstance({item}, list) else {item}
                    if value is not None and (best is None or value > best):
                        best = value
                return best""", "gen": f"""
                def numbers(seq):
                    for {item} in seq:
                        if isinstance({item}, list):
                            yield from numbers({item})
                        else:
                            yield {item}

                return max(numbers({xs}))"""}[form])

            def gen(r):
                v = _nested(r)
                return (v + [r.randint(-9, 20)] if not str(v).strip("[], ") else v,)
            _cases(x, gen, ([[], [[-3]]],), ([7],), n=7)
        else:
            t = x.param("target|value|wanted", "int")
            x.returns("bool")
            x.doc(x.pick([
                (f"Return True if {t} occurs anywhere in {xs}, a list whose elements are integers or nested lists "
                 "of the same kind."),
                (f"Given nested lists {xs} and an integer {t}, this function searches recursively through every "
                 f"level and reports whether {t} is found."),
                (f"Search {xs} at every depth for {t}: an integer element matches when it equals {t}; a list "
                 "element is searched the same way.")]))
            form = x.pick(["any", "loop", "head"])
            x.body({"head": f"""
                if not {xs}:
                    return False
                {item} = {xs}[0]
                found = {f}({item}, {t}) if isinstance({item}, list) else {item} == {t}
                return found or {f}({xs}[1:], {t})""",
                    "any": f"return any({f}({item}, {t}) if isinstance({item}, list) else {item} == {t} for {item} in {xs})",
                    "loop": f"""
                for {item} in {xs}:
                    if isinstance({item}, list):
                        if {f}({item}, {t}):
                            return True
                    elif {item} == {t}:
                        return True
                return False"""}[form])
            _cases(x, lambda r: (_nested(r), r.randint(-2, 8)), ([], 1), ([[[5]]], 5), n=7)
    x.explain("Nested data is handled by a function that treats its simple elements directly and calls "
              "itself on every element that is again a list or dictionary; the nesting in the data becomes "
              "nesting of calls, and the base case is an element with nothing inside.")


# --------------------------------------------------------------------------------------------------
# Sorting and searching


@family(SORT, "Tracing simple sorts",
        V("insertion_passes", "show a list after the first k passes of insertion sort", "insertion",
          "passes|after_k_passes", names="partly_insertion_sorted"),
        V("selection_swaps", "count the swaps selection sort makes on a list", "selection", "swaps|swap_count",
          names="count_selection_swaps"),
        V("bubble_passes", "count the bubble sort passes that swap at least one pair", "bubble",
          "passes|pass_count", names="count_bubble_passes"),
        V("one_bubble_pass", "return a list after one left-to-right pass of bubble sort", "bubble",
          "pass_once|one_pass", names="single_bubble_pass"))
def sort_traces(x: Ctx) -> None:
    xs = x.param("values|items|numbers|data", "list[int]")
    ys, i, j = x.local("ys|arr|work|copy"), x.local("i|p|pos"), x.local("j|q|k")
    gen = lambda r: (ints(r, 1, 7, 0, 9),)
    if x.v == "insertion_passes":
        k = x.param("k|passes|rounds", "int")
        x.returns("list[int]")
        x.doc(x.pick([
            (f"Insertion sort makes passes p = 1, 2, ...: pass p moves {xs}[p] left past the larger elements "
             f"before it, so after pass p the first p + 1 elements are sorted and the rest are untouched. "
             f"Return a new list showing {xs} after the first {k} passes ({k} >= 0; once every element has been "
             "inserted the list is simply sorted)."),
            (f"Given a list {xs} and a number {k} >= 0, this function runs only the first {k} passes of insertion "
             f"sort on a copy and returns it: the first {k} + 1 elements (or all, if fewer) in sorted order, "
             "followed by the remaining elements in their original order."),
            (f"Trace insertion sort: starting from a copy of {xs}, insert element 1, then element 2, ..., up to "
             f"element {k}, each into the sorted part on its left. Return the copy at that moment.")]))
        form = x.pick(["shift", "slice", "swap"])
        x.body({"shift": f"""
            {ys} = list({xs})
            for {i} in range(1, min({k}, len({ys}) - 1) + 1):
                v, {j} = {ys}[{i}], {i} - 1
                while {j} >= 0 and {ys}[{j}] > v:
                    {ys}[{j} + 1] = {ys}[{j}]
                    {j} -= 1
                {ys}[{j} + 1] = v
            return {ys}""", "slice": f"return sorted({xs}[:{k} + 1]) + {xs}[{k} + 1:]", "swap": f"""
            {ys} = {xs}[:]
            for {i} in range(1, min({k} + 1, len({ys}))):
                {j} = {i}
                while {j} > 0 and {ys}[{j} - 1] > {ys}[{j}]:
                    {ys}[{j} - 1], {ys}[{j}] = {ys}[{j}], {ys}[{j} - 1]
                    {j} -= 1
            return {ys}"""}[form])
        _cases(x, lambda r: (ints(r, 1, 7, 0, 9), r.randint(0, 5)), ([], 2), ([3, 1, 2], 0), n=7)
    elif x.v == "selection_swaps":
        cnt = x.local("swaps|count|moves")
        x.returns("int")
        x.doc(x.pick([
            (f"Selection sort visits positions i = 0, 1, ... of a copy of {xs}; at each it finds the smallest "
             "element at position i or later (the leftmost one if several are equal) and swaps it into position "
             "i, unless it is already there. Return how many swaps are made."),
            (f"Given a list {xs}, this function simulates selection sort on a copy and counts the actual swaps: "
             "a position whose smallest remaining element is already in place costs no swap. Ties pick the "
             "leftmost minimum."),
            (f"Count the exchanges of selection sort on {xs}: for every position from left to right, locate the "
             "first occurrence of the minimum of the unsorted part; if it is not at the current position, swap "
             "and count one.")]))
        find = x.pick(["loop", "min", "index"])
        locate = {"loop": f"""
            m = {i}
            for {j} in range({i} + 1, len({ys})):
                if {ys}[{j}] < {ys}[m]:
                    m = {j}""", "min": f"m = min(range({i}, len({ys})), key=lambda {j}: {ys}[{j}])",
                  "index": f"m = {ys}.index(min({ys}[{i}:]), {i})"}[find]
        x.body("\n".join([f"{ys} = list({xs})", f"{cnt} = 0", f"for {i} in range(len({ys})):",
                          textwrap.indent(textwrap.dedent(locate).strip("\n"), "    "),
                          f"    if m != {i}:", f"        {ys}[{i}], {ys}[m] = {ys}[m], {ys}[{i}]",
                          f"        {cnt} += 1", f"return {cnt}"]))
        _cases(x, gen, ([],), ([1, 2, 3],), n=7)
    elif x.v == "bubble_passes":
        cnt = x.local("passes|count|rounds")
        x.returns("int")
        x.doc(x.pick([
            (f"Bubble sort walks a copy of {xs} from left to right swapping neighbours that are out of order, and "
             "repeats the walk until a walk makes no swap. Return how many walks made at least one swap (0 for a "
             "list that is already sorted)."),
            (f"Given a list {xs}, this function simulates bubble sort and returns the number of passes that "
             "changed something; the final pass that finds nothing to swap is not counted."),
            (f"Count the productive passes of bubble sort on {xs}: a pass compares each pair of neighbours "
             "(strictly greater means out of order) and swaps it; sorting stops after the first pass without a "
             "swap, which does not count.")]))
        form = x.pick(["while_true", "shrinking", "flag"])
        x.body({"while_true": f"""
            {ys}, {cnt} = list({xs}), 0
            while True:
                swapped = False
                for {i} in range(len({ys}) - 1):
                    if {ys}[{i}] > {ys}[{i} + 1]:
                        {ys}[{i}], {ys}[{i} + 1] = {ys}[{i} + 1], {ys}[{i}]
                        swapped = True
                if not swapped:
                    return {cnt}
                {cnt} += 1""", "shrinking": f"""
            {ys}, {cnt} = {xs}[:], 0
            for end in range(len({ys}) - 1, 0, -1):
                swapped = False
                for {i} in range(end):
                    if {ys}[{i}] > {ys}[{i} + 1]:
                        {ys}[{i}], {ys}[{i} + 1] = {ys}[{i} + 1], {ys}[{i}]
                        swapped = True
                if not swapped:
                    break
                {cnt} += 1
            return {cnt}""", "flag": f"""
            {ys} = list({xs})
            {cnt} = 0
            swapped = True
            while swapped:
                swapped = False
                for {i} in range(1, len({ys})):
                    if {ys}[{i} - 1] > {ys}[{i}]:
                        {ys}[{i} - 1], {ys}[{i}] = {ys}[{i}], {ys}[{i} - 1]
                        swapped = True
                {cnt} += swapped
            return {cnt}"""}[form])
        _cases(x, gen, ([],), ([1, 2, 3],), ([3, 2, 1],), n=7)
    else:
        x.returns("list[int]")
        x.doc(x.pick([
            (f"Return a new list showing {xs} after one pass of bubble sort: for i = 0, 1, ..., len - 2, the "
             "elements at i and i + 1 are swapped when the first is strictly greater. The largest value ends "
             "up last."),
            (f"Given a list {xs}, this function performs a single left-to-right bubble pass on a copy, swapping "
             "each pair of neighbours that is out of order as it goes, and returns the copy."),
            (f"Simulate one sweep of bubble sort over {xs}: walk the neighbouring pairs from the left and swap "
             f"any pair whose left element is larger. {xs} itself is not modified.")]))
        form = x.pick(["swap", "temp", "carry"])
        x.body({"swap": f"""
            {ys} = list({xs})
            for {i} in range(len({ys}) - 1):
                if {ys}[{i}] > {ys}[{i} + 1]:
                    {ys}[{i}], {ys}[{i} + 1] = {ys}[{i} + 1], {ys}[{i}]
            return {ys}""", "temp": f"""
            {ys} = {xs}[:]
            for {i} in range(1, len({ys})):
                if {ys}[{i} - 1] > {ys}[{i}]:
                    tmp = {ys}[{i}]
                    {ys}[{i}] = {ys}[{i} - 1]
                    {ys}[{i} - 1] = tmp
            return {ys}""", "carry": f"""
            if not {xs}:
                return []
            {ys}, carried = [], {xs}[0]
            for v in {xs}[1:]:
                {ys}.append(min(carried, v))
                carried = max(carried, v)
            return {ys} + [carried]"""}[form])
        _cases(x, gen, ([],), n=7)
    x.explain("Simulating a sort on a copy (`list(xs)` or `xs[:]`) leaves the caller's list untouched; the "
              "loops follow the algorithm's own description, so counting or stopping early is one extra "
              "line in the right place.")


@family(SORT, "Sorting by several keys",
        V("records", "sort (name, city, age) records by several fields", "sort|order", "records|people",
          names="sort_people"),
        V("vowel_rank", "sort words by number of vowels, most first, then alphabetically", "sort|rank",
          "by_vowels|by_vowel_count", names="vowel_heavy_first"),
        V("evens_first", "sort numbers with the even ones first, each group in increasing order", "sort",
          "evens_first|by_parity", names="even_then_odd"),
        V("digit_sum_order", "sort non-negative numbers by their digit sum, then by value", "sort|order",
          "by_digit_sum", names="digit_sum_sorted"))
def multi_key_sort(x: Ctx) -> None:
    if x.v == "records":
        ps = x.param("people|records|rows|entries", "list[tuple[str, str, int]]")
        p = x.local("p|rec|person|row")
        spec = x.pick(["city_age_name", "age_name"])
        x.returns("list[tuple[str, str, int]]")
        if spec == "city_age_name":
            rules = "by city (alphabetically), then by age from oldest to youngest, then by name (alphabetically)"
            key = f"({p}[1], -{p}[2], {p}[0])"
            stages = [(0, False), (2, True), (1, False)]
            unpack = "return (city, -age, name)"
        else:
            rules = "by age from youngest to oldest, then by name (alphabetically); the city plays no part"
            key = f"({p}[2], {p}[0])"
            stages = [(0, False), (2, False)]
            unpack = "return (age, name)"
        x.doc(x.pick([
            f"{ps} is a list of (name, city, age) tuples. Return a new list of the same tuples sorted {rules}.",
            f"Given records {ps} of the form (name, city, age), this function returns them ordered {rules}.",
            (f"Sort the (name, city, age) tuples of {ps} {rules}. Records equal on every rule keep their original "
             "order.")]))
        form = x.pick(["tuple_key", "def_key", "stages"])
        if form == "tuple_key":
            x.body(f"return sorted({ps}, key=lambda {p}: {key})")
        elif form == "def_key":
            x.body(f"""
                def order({p}):
                    name, city, age = {p}
                    {unpack}

                return sorted({ps}, key=order)""")
        else:
            lines = [f"result = sorted({ps}, key=lambda {p}: {p}[{stages[0][0]}])"]
            lines += [f"result.sort(key=lambda {p}: {p}[{f}]{', reverse=True' if rev else ''})" for f, rev in stages[1:]]
            x.body("\n".join(lines), "return result")
        x.explain("A key that returns a tuple sorts by the first field, then breaks ties with the next; "
                  "negating a number reverses its order. Alternatively, because Python's sort is stable, "
                  "sorting several times from the least to the most important key gives the same result.")
        people = [(n, c, a) for n, c, a in zip(["ada", "bo", "cy", "di", "ed", "flo"], ["oslo", "lima", "oslo", "rome", "lima", "oslo"],
                                                [31, 25, 25, 40, 31, 19])]
        _cases(x, lambda r: ([(n, r.choice(["oslo", "lima", "rome"]), r.choice([19, 25, 31, 40]))
                              for n, _, _ in r.sample(people, r.randint(2, 5))],), ([],), n=7)
        return
    if x.v == "vowel_rank":
        ws = x.param("words|items|names", "list[str]")
        w = x.local("w|word|s")
        x.returns("list[str]")
        x.doc(x.pick([
            (f"Return the words of {ws} sorted by how many vowels (a, e, i, o, u) they contain, most vowels first; "
             "words with the same number of vowels are sorted alphabetically."),
            (f"Given lowercase words {ws}, this function orders them by their vowel count from high to low and "
             "breaks ties in alphabetical order."),
            f"Sort {ws} with two keys: the number of vowels, descending, and then the word itself, ascending."]))
        form = x.pick(["lambda", "helper", "two_sorts"])
        count = f"sum(1 for c in {w} if c in 'aeiou')"
        x.body({"lambda": f"return sorted({ws}, key=lambda {w}: (-{count}, {w}))", "helper": f"""
            def vowels({w}):
                return {count}

            return sorted({ws}, key=lambda {w}: (-vowels({w}), {w}))""", "two_sorts": f"""
            ordered = sorted({ws})
            ordered.sort(key=lambda {w}: {count}, reverse=True)
            return ordered"""}[form])
        _cases(x, lambda r: (r.sample(WORDS + SHORT_WORDS, r.randint(1, 6)),), ([],), n=7)
    elif x.v == "evens_first":
        xs = x.param("numbers|values|data", "list[int]")
        x.returns("list[int]")
        x.doc(x.pick([
            (f"Return the numbers of {xs} with all even numbers first and all odd numbers after them, each group "
             "in increasing order."),
            (f"Given integers {xs}, this function sorts them so that the evens come before the odds, and within "
             "each group from smallest to largest."),
            f"Sort {xs} by parity first (even before odd) and by value second. Duplicates are kept."]))
        form = x.pick(["key", "concat", "filter_sorted"])
        x.body({"key": f"return sorted({xs}, key=lambda v: (v % 2, v))",
                "concat": f"return sorted(v for v in {xs} if v % 2 == 0) + sorted(v for v in {xs} if v % 2 != 0)",
                "filter_sorted": f"""
            ordered = sorted({xs})
            return [v for v in ordered if v % 2 == 0] + [v for v in ordered if v % 2 == 1]"""}[form])
        _cases(x, lambda r: (ints(r, 1, 8, -9, 9),), ([],), n=7)
    else:
        xs = x.param("numbers|values|data", "list[int]")
        x.returns("list[int]")
        x.doc(x.pick([
            (f"Return the non-negative integers of {xs} sorted by the sum of their decimal digits, and numbers "
             "with the same digit sum by their value."),
            (f"Given numbers {xs} (all >= 0), this function orders them by digit sum from small to large, using "
             "the number itself to break ties."),
            (f"Sort {xs} with the key (sum of the digits, number): 12 (digit sum 3) comes before 5 (digit sum 5), "
             "and 12 before 21.")]))
        form = x.pick(["str_key", "helper", "two_sorts"])
        x.body({"str_key": f"return sorted({xs}, key=lambda v: (sum(int(d) for d in str(v)), v))", "helper": f"""
            def digit_sum(n):
                total = 0
                while n > 0:
                    total += n % 10
                    n //= 10
                return total

            return sorted({xs}, key=lambda v: (digit_sum(v), v))""",
                "two_sorts": f"return sorted(sorted({xs}), key=lambda v: sum(map(int, str(v))))"}[form])
        _cases(x, lambda r: (ints(r, 1, 7, 0, 120),), ([],), n=7)
    x.explain("A key that returns a tuple sorts by the first field, then breaks ties with the next; "
              "negating a number reverses its order, and Python's stable sort lets two sorts in a row "
              "(least important key first) do the same job.")


@family(SORT, "Moving items while keeping their order",
        V("zeros_to_end", "move every 0 to the end of a list, keeping the order of the other elements",
          "move|push", "zeros_to_end|zeros_back", names="zeros_last"),
        V("negatives_first", "move the negative numbers before the others, keeping the order within each group",
          "negatives|partition", "first|to_front", names="stable_sign_partition"),
        V("three_way", "arrange a list as the elements below a pivot, equal to it, then above it, each group in "
          "original order", "three_way|partition", "around|pivot", names="dutch_flag"))
def stable_partition(x: Ctx) -> None:
    xs = x.param("values|numbers|items|data", "list[int]")
    v = x.local("v|value|n|item")
    gen = lambda r: (ints(r, 1, 8, -5, 6),)
    x.returns("list[int]")
    if x.v == "zeros_to_end":
        x.doc(x.pick([
            (f"Return a new list with the elements of {xs} that are not 0, in their original order, followed by "
             "all the zeros."),
            (f"Given a list {xs}, this function moves every 0 to the back while the other numbers keep their "
             "relative order."),
            (f"Stable partition of {xs}: non-zero elements first (order unchanged), then as many zeros as there "
             "were.")]))
        form = x.pick(["comps", "key", "loop", "write"])
        x.body({"comps": f"return [{v} for {v} in {xs} if {v} != 0] + [{v} for {v} in {xs} if {v} == 0]",
                "key": f"return sorted({xs}, key=lambda {v}: {v} == 0)", "loop": f"""
            front, zeros = [], []
            for {v} in {xs}:
                if {v} == 0:
                    zeros.append({v})
                else:
                    front.append({v})
            return front + zeros""", "write": f"""
            out = list({xs})
            pos = 0
            for {v} in {xs}:
                if {v} != 0:
                    out[pos] = {v}
                    pos += 1
            for i in range(pos, len(out)):
                out[i] = 0
            return out"""}[form])
        _cases(x, lambda r: ([r.choice([0, 0, r.randint(-5, 9)]) for _ in range(r.randint(1, 7))],), ([],), n=7)
    elif x.v == "negatives_first":
        x.doc(x.pick([
            (f"Return a new list with the negative numbers of {xs} first and the others (zero included) after "
             "them; inside each group the original order is kept."),
            (f"Given integers {xs}, this function performs a stable partition: everything below 0 moves to the "
             "front, everything else follows, and no group is reordered internally."),
            (f"Reorder {xs} so that all negative values come before all non-negative values, without sorting: "
             "keep the relative order of the negatives and of the rest.")]))
        form = x.pick(["comps", "key", "loop"])
        x.body({"comps": f"return [{v} for {v} in {xs} if {v} < 0] + [{v} for {v} in {xs} if {v} >= 0]",
                "key": f"return sorted({xs}, key=lambda {v}: {v} >= 0)", "loop": f"""
            negative, rest = [], []
            for {v} in {xs}:
                (negative if {v} < 0 else rest).append({v})
            return negative + rest"""}[form])
        _cases(x, gen, ([],), n=7)
    else:
        p = x.param("pivot|p|split", "int")
        x.doc(x.pick([
            (f"Return a new list made of the elements of {xs} smaller than {p}, then those equal to {p}, then "
             f"those greater than {p}; each group keeps the order it had in {xs}."),
            (f"Given a list {xs} and a pivot {p}, this function arranges the elements in three stable groups: "
             f"below {p}, equal to {p}, above {p}."),
            (f"Three-way stable partition of {xs} around {p}: values < {p} first, values == {p} next, values > "
             f"{p} last, never reordering values inside a group.")]))
        form = x.pick(["comps", "key", "loop"])
        x.body({"comps": f"""
            return ([{v} for {v} in {xs} if {v} < {p}] + [{v} for {v} in {xs} if {v} == {p}]
                    + [{v} for {v} in {xs} if {v} > {p}])""", "key": f"""
            return sorted({xs}, key=lambda {v}: ({v} > {p}) - ({v} < {p}))""", "loop": f"""
            below, same, above = [], [], []
            for {v} in {xs}:
                if {v} < {p}:
                    below.append({v})
                elif {v} == {p}:
                    same.append({v})
                else:
                    above.append({v})
            return below + same + above"""}[form])
        _cases(x, lambda r: (ints(r, 1, 8, 0, 9), r.randint(2, 7)), ([], 3), n=7)
    x.explain("A stable partition keeps the relative order inside each group: filtering the list once per "
              "group and concatenating does it, and so does sorting on a key that only says which group an "
              "element belongs to, because Python's sort is stable.")


@family(SEARCH, "Searching a sorted list for a boundary",
        V("last_at_most", "find the last element of a sorted list that is <= a value, or None", "last|floor",
          "at_most|not_above", names="floor_value"),
        V("upper_bound", "find the index of the first element of a sorted list that is > a value", "upper",
          "bound|index", names="first_greater_index"),
        V("peak_index", "find the index of the peak of a list that rises then falls", "peak|summit",
          "index|position", names="mountain_top"),
        V("closest_value", "find the element of a sorted list closest to a value (smaller on ties)", "closest|nearest",
          "value|element", names="nearest_in_sorted"))
def sorted_boundaries(x: Ctx) -> None:
    xs = x.param("sorted_values|values|arr|numbers", "list[int]")
    lo, hi, mid = x.local("lo|left|low"), x.local("hi|right|high"), x.local("mid|middle|m")
    if x.v == "peak_index":
        x.returns("int")
        x.doc(x.pick([
            (f"{xs} is non-empty, strictly increases up to its largest element and then strictly decreases "
             "(either part may be empty). Return the index of the largest element."),
            (f"Given a 'mountain' list {xs} that climbs strictly and then descends strictly, this function returns "
             "the position of its summit."),
            (f"Find the peak of {xs} (strictly rising, then strictly falling, at least one element). Comparing "
             "an element with its right neighbour tells on which side of the peak it lies.")]))
        form = x.pick(["binary", "walk", "max"])
        x.body({"binary": f"""
            {lo}, {hi} = 0, len({xs}) - 1
            while {lo} < {hi}:
                {mid} = ({lo} + {hi}) // 2
                if {xs}[{mid}] < {xs}[{mid} + 1]:
                    {lo} = {mid} + 1
                else:
                    {hi} = {mid}
            return {lo}""", "walk": f"""
            {lo} = 0
            while {lo} + 1 < len({xs}) and {xs}[{lo}] < {xs}[{lo} + 1]:
                {lo} += 1
            return {lo}""", "max": f"return {xs}.index(max({xs}))"}[form])

        def mountain(r):
            vals = r.sample(range(-9, 30), r.randint(1, 8))
            top = max(vals)
            rest = [v for v in vals if v != top]
            k = r.randint(0, len(rest))
            return (sorted(rest[:k]) + [top] + sorted(rest[k:], reverse=True),)
        _cases(x, mountain, ([4],), ([1, 2, 3],), n=7)
        x.explain("If an element is smaller than its right neighbour, the peak lies to its right; otherwise it "
                  "is at that element or to its left. Halving the range by that test finds the peak in "
                  "logarithmic time; a linear walk uphill also works.")
        return
    t = x.param("target|value|x|key", "int")
    gen = lambda r: (sorted(ints(r, 1, 8, -5, 15)), r.randint(-7, 17))
    bsearch = f"""
        {lo}, {hi} = 0, len({xs})
        while {lo} < {hi}:
            {mid} = ({lo} + {hi}) // 2
            if {xs}[{mid}] <= {t}:
                {lo} = {mid} + 1
            else:
                {hi} = {mid}"""
    if x.v == "last_at_most":
        x.returns("int | None")
        x.doc(x.pick([
            (f"{xs} is sorted in increasing order. Return its largest element that is less than or equal to {t}, "
             "or None if every element is greater."),
            (f"Given a sorted list {xs} and a value {t}, this function returns the last element not above {t} "
             "(the 'floor' of the value in the list); None when there is none."),
            (f"Search the sorted list {xs} for the boundary between elements <= {t} and elements > {t}, and "
             "return the element just before it (None if that side is empty).")]))
        form = x.pick(["binary", "break", "reversed"])
        x.body(*{"binary": [bsearch, f"return {xs}[{lo} - 1] if {lo} > 0 else None"], "break": [f"""
            best = None
            for v in {xs}:
                if v > {t}:
                    break
                best = v
            return best"""], "reversed": [f"""
            for v in reversed({xs}):
                if v <= {t}:
                    return v
            return None"""]}[form])
        _cases(x, gen, ([], 3), ([5, 6], 4), n=7)
    elif x.v == "upper_bound":
        x.returns("int")
        x.doc(x.pick([
            (f"{xs} is sorted in increasing order. Return the index of its first element strictly greater than "
             f"{t}, or len({xs}) if no element is."),
            (f"Given a sorted list {xs} and a value {t}, this function returns the position just after the last "
             f"element <= {t}, which is where {t} could be inserted to the right of any equal elements."),
            (f"Find the boundary in the sorted list {xs}: all elements before the returned index are <= {t}, all "
             f"from it on are > {t}.")]))
        form = x.pick(["binary", "loop", "count"])
        x.body(*{"binary": [bsearch, f"return {lo}"], "loop": [f"""
            for i, v in enumerate({xs}):
                if v > {t}:
                    return i
            return len({xs})"""], "count": [f"return sum(1 for v in {xs} if v <= {t})"]}[form])
        _cases(x, gen, ([], 3), ([2, 2, 2], 2), n=7)
    else:
        x.returns("int")
        x.doc(x.pick([
            (f"{xs} is non-empty and sorted in increasing order. Return the element closest to {t}; if two "
             "elements are equally close, return the smaller one."),
            (f"Given a sorted, non-empty list {xs} and a value {t}, this function returns the element with the "
             "smallest distance abs(element - value), preferring the smaller element on a tie."),
            (f"Find the nearest element to {t} in the sorted list {xs} (at least one element); ties go to the "
             "smaller element.")]))
        form = x.pick(["min", "loop", "binary"])
        x.body({"min": f"return min({xs}, key=lambda v: (abs(v - {t}), v))", "loop": f"""
            best = {xs}[0]
            for v in {xs}:
                if abs(v - {t}) < abs(best - {t}):
                    best = v
            return best""", "binary": f"""
            {lo}, {hi} = 0, len({xs})
            while {lo} < {hi}:
                {mid} = ({lo} + {hi}) // 2
                if {xs}[{mid}] < {t}:
                    {lo} = {mid} + 1
                else:
                    {hi} = {mid}
            if {lo} == 0:
                return {xs}[0]
            if {lo} == len({xs}):
                return {xs}[-1]
            before, after = {xs}[{lo} - 1], {xs}[{lo}]
            return before if {t} - before <= after - {t} else after"""}[form])
        _cases(x, lambda r: (sorted(ints(r, 1, 8, -5, 15)), r.randint(-7, 17)), ([2, 4], 3), ([7], -1), n=7)
    x.explain("In a sorted list every element <= the value comes before every element > it, so the answer "
              "sits at one boundary; binary search finds that boundary by halving the range, and a linear "
              "scan that stops at the boundary gives the same answer more slowly.")


@family(SORT, "Merging and intersecting sorted lists",
        V("merge_distinct", "merge two sorted lists into one sorted list without repeated values", "merge",
          "distinct|unique", names="sorted_union"),
        V("common_sorted", "list the values two sorted lists share, as often as both contain them", "common",
          "sorted|elements", names="sorted_intersection"),
        V("merge_many", "merge several sorted lists into one sorted list", "merge", "all|many|lists",
          names="k_way_merge"),
        V("difference_sorted", "list the values of one sorted list that are missing from another", "sorted",
          "difference|minus", names="only_in_first"))
def sorted_merging(x: Ctx) -> None:
    out, i, j = x.local("result|out|acc"), x.local("i|p|ia"), x.local("j|q|ib")
    x.returns("list[int]")
    srt = lambda r, lo=0, hi=8: sorted(ints(r, lo, hi, 0, 12))
    if x.v == "merge_many":
        ls = x.param("lists|runs|sources", "list[list[int]]")
        x.doc(x.pick([
            (f"{ls} is a list of lists, each sorted in increasing order. Return one list holding all their "
             "elements in increasing order (repeats kept)."),
            (f"Given several sorted lists {ls}, this function merges them into a single sorted list containing "
             "every element of every list."),
            (f"Merge the sorted runs in {ls} into a single sorted run that keeps every element, repeats "
             "included. No runs, or only empty ones, give [].")]))
        form = x.pick(["heads", "pairwise", "flatten"])
        x.body({"heads": f"""
            pos = [0] * len({ls})
            {out} = []
            while True:
                best = None
                for k, run in enumerate({ls}):
                    if pos[k] < len(run) and (best is None or run[pos[k]] < {ls}[best][pos[best]]):
                        best = k
                if best is None:
                    return {out}
                {out}.append({ls}[best][pos[best]])
                pos[best] += 1""", "pairwise": f"""
            {out} = []
            for run in {ls}:
                merged, {i}, {j} = [], 0, 0
                while {i} < len({out}) and {j} < len(run):
                    if {out}[{i}] <= run[{j}]:
                        merged.append({out}[{i}])
                        {i} += 1
                    else:
                        merged.append(run[{j}])
                        {j} += 1
                {out} = merged + {out}[{i}:] + run[{j}:]
            return {out}""", "flatten": f"return sorted(v for run in {ls} for v in run)"}[form])
        _cases(x, lambda r: ([srt(r, 0, 4) for _ in range(r.randint(1, 4))],), ([],), ([[], [1]],), n=7)
        x.explain("Each input is already sorted, so the smallest remaining element is always at the front of "
                  "one of them; taking it repeatedly (or merging the lists two at a time) builds the sorted "
                  "result without re-sorting.")
        return
    a, b = x.param("first|xs|a|left", "list[int]"), x.param("second|ys|b|right", "list[int]")
    if x.v == "merge_distinct":
        x.doc(x.pick([
            (f"{a} and {b} are sorted in increasing order and may contain repeats. Return a sorted list of every "
             "value that occurs in either of them, each value once."),
            ("Given two sorted lists, this function merges them into one increasing list in which no value "
             "appears twice."),
            (f"Merge the sorted lists {a} and {b}, dropping duplicates (inside a list as well as across the "
             "two): the result is strictly increasing.")]))
        form = x.pick(["set", "pointers", "scan"])
        x.body({"set": f"return sorted(set({a}) | set({b}))", "pointers": f"""
            {out}, {i}, {j} = [], 0, 0
            while {i} < len({a}) or {j} < len({b}):
                if {j} == len({b}) or ({i} < len({a}) and {a}[{i}] <= {b}[{j}]):
                    v = {a}[{i}]
                    {i} += 1
                else:
                    v = {b}[{j}]
                    {j} += 1
                if not {out} or {out}[-1] != v:
                    {out}.append(v)
            return {out}""", "scan": f"""
            {out} = []
            for v in sorted({a} + {b}):
                if not {out} or v != {out}[-1]:
                    {out}.append(v)
            return {out}"""}[form])
        _cases(x, lambda r: (srt(r), srt(r)), ([], []), ([1, 1], [1]), n=7)
    elif x.v == "common_sorted":
        x.doc(x.pick([
            (f"{a} and {b} are sorted in increasing order. Return, in increasing order, the values they have in "
             "common, each repeated as many times as it occurs in both (the smaller of its two counts)."),
            ("Given two sorted lists, this function returns their intersection with multiplicity: a value that "
             "occurs 3 times in one and twice in the other appears twice in the result."),
            (f"Walk {a} and {b} together from the front: equal fronts are a common value (keep it and advance "
             "both), otherwise advance the smaller front. Return the common values in order.")]))
        form = x.pick(["pointers", "counts", "remove"])
        x.body({"pointers": f"""
            {out}, {i}, {j} = [], 0, 0
            while {i} < len({a}) and {j} < len({b}):
                if {a}[{i}] == {b}[{j}]:
                    {out}.append({a}[{i}])
                    {i} += 1
                    {j} += 1
                elif {a}[{i}] < {b}[{j}]:
                    {i} += 1
                else:
                    {j} += 1
            return {out}""", "counts": f"""
            wanted = {{}}
            for v in {b}:
                wanted[v] = wanted.get(v, 0) + 1
            {out} = []
            for v in {a}:
                if wanted.get(v, 0) > 0:
                    {out}.append(v)
                    wanted[v] -= 1
            return {out}""", "remove": f"""
            remaining = list({b})
            {out} = []
            for v in {a}:
                if v in remaining:
                    remaining.remove(v)
                    {out}.append(v)
            return {out}"""}[form])
        _cases(x, lambda r: (sorted(ints(r, 0, 7, 0, 5)), sorted(ints(r, 0, 7, 0, 5))), ([], [1]), n=7)
    else:
        x.doc(x.pick([
            (f"{a} and {b} are sorted in increasing order and have no repeated values. Return, in order, the "
             f"values of {a} that do not occur in {b}."),
            ("Given two strictly increasing lists, this function returns the elements of the first one that are "
             "missing from the second, keeping their order."),
            (f"Compute the sorted difference {a} minus {b}: keep each element of {a} unless {b} also contains "
             "it.")]))
        form = x.pick(["pointers", "set", "in"])
        x.body({"pointers": f"""
            {out}, {j} = [], 0
            for v in {a}:
                while {j} < len({b}) and {b}[{j}] < v:
                    {j} += 1
                if {j} == len({b}) or {b}[{j}] != v:
                    {out}.append(v)
            return {out}""", "set": f"""
            exclude = set({b})
            return [v for v in {a} if v not in exclude]""", "in": f"return [v for v in {a} if v not in {b}]"}[form])
        _cases(x, lambda r: (sorted(set(ints(r, 0, 7, 0, 12))), sorted(set(ints(r, 0, 7, 0, 12)))), ([], [1]),
               ([1, 2], []), n=7)
    x.explain("Because both lists are sorted, two indices can walk them together and always advance past "
              "the smaller front, so each element is looked at once; sets give the same answer when the order "
              "is restored at the end.")
