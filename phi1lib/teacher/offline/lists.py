"""Concept families on lists: aggregating, filtering, reshaping, indexing, matrices."""

from __future__ import annotations

from phi1lib.teacher.offline.base import WORDS, Ctx, V, family, ints

T = "lists"


@family(T, "Aggregating a list of numbers",
        V("sum_even", "add up the even numbers of a list", "sum|add|total", "evens|even_numbers|even_values"),
        V("sum_squares", "add up the squares of the numbers in a list", "sum|total", "squares|of_squares",
          names="square_sum"),
        V("product", "multiply all the numbers of a list together (1 for an empty list)",
          "product|multiply", "all|of|numbers", names="product|prod_list"),
        V("mean_positive", "average the positive numbers of a list, rounded to two decimals (0.0 if none)",
          "mean|average", "positives|positive_values"),
        V("sum_odd_index", "add up the numbers at odd positions (indices 1, 3, 5, ...)",
          "sum|total", "odd_positions|odd_indices|alternate"))
def aggregate(x: Ctx) -> None:
    xs = x.param("numbers|values|nums|data|xs|items", "list[int]")
    acc = x.local("total|acc|result|running")
    v = x.local("n|value|num|item")
    f = x.name
    gen = lambda r: (ints(r, 0, 8),)
    if x.v == "sum_even":
        x.returns("int")
        x.doc(x.pick([f"Return the sum of the even numbers in {xs}.",
                      f"Add up every even value of {xs} and return the total (0 when there is none)."]))
        even = x.pick([f"{v} % 2 == 0", f"not {v} % 2", f"({v} & 1) == 0"])
        x.form(
            (f"""
            {acc} = 0
            for {v} in {xs}:
                if {even}:
                    {acc} += {v}
            return {acc}""", "A number is even when dividing by 2 leaves remainder 0; only those are added."),
            (f"return sum({v} for {v} in {xs} if {even})",
             "A generator expression keeps the even numbers and `sum` adds them."),
            (f"return sum(filter(lambda {v}: {even}, {xs}))", "`filter` keeps the even numbers for `sum`."),
            (f"""
            {acc} = 0
            i = 0
            while i < len({xs}):
                if {xs}[i] % 2 == 0:
                    {acc} += {xs}[i]
                i += 1
            return {acc}""", "An index walks the list; even elements are added to the total."),
            (f"""
            evens = [{v} for {v} in {xs} if {even}]
            return sum(evens)""", "The even numbers are collected first and then added up."),
        )
    elif x.v == "sum_squares":
        x.returns("int")
        x.doc(f"Return the sum of the squares of the numbers in {xs}.")
        x.form(
            (f"return sum({v} * {v} for {v} in {xs})", "Each number is squared before it is added."),
            (f"""
            {acc} = 0
            for {v} in {xs}:
                {acc} += {v} ** 2
            return {acc}""", "The loop adds one square per element; squares of negative numbers are positive."),
            (f"return sum(map(lambda {v}: {v} ** 2, {xs}))", "`map` squares every element and `sum` adds them."),
            (f"return sum([{v} ** 2 for {v} in {xs}])", "A list comprehension holds the squares, which are added."),
            (f"""
            if not {xs}:
                return 0
            return {xs}[0] ** 2 + {f}({xs}[1:])""", ("Recursively: the square of the first element plus the sum of "
                                                   "squares of the rest; an empty list sums to 0.")),
        )
    elif x.v == "product":
        x.returns("int")
        x.doc(f"Return the product of all numbers in {xs}. The product of an empty list is 1.")
        x.form(
            (f"""
            {acc} = 1
            for {v} in {xs}:
                {acc} *= {v}
            return {acc}""", ("Starting from 1, the neutral element of multiplication, makes the empty list "
                             "come out right.")),
            (f"""
            import math
            return math.prod({xs})""", "`math.prod` multiplies the items, starting from 1."),
            (f"""
            from functools import reduce
            return reduce(lambda a, b: a * b, {xs}, 1)""",
             "`reduce` folds the list with multiplication, starting from the initial value 1."),
            (f"""
            if not {xs}:
                return 1
            return {xs}[0] * {f}({xs}[1:])""", ("Recursively: the first element times the product of the rest; "
                                               "the empty list gives 1.")),
            (f"""
            {acc} = 1
            i = 0
            while i < len({xs}):
                {acc} = {acc} * {xs}[i]
                i += 1
            return {acc}""", "A while loop multiplies the elements into the result one index at a time."),
        )
        gen = lambda r: (ints(r, 0, 5, -6, 9),)
    elif x.v == "mean_positive":
        empty = x.pick(["zero", "zero", "none", "raise"])
        x.returns({"zero": "float", "none": "float | None", "raise": "float"}[empty])
        pos = x.local("positives|kept|pos")
        x.doc(f"Return the mean of the strictly positive numbers in {xs}, rounded to 2 decimals"
              + {"zero": ", or 0.0 if there are none.", "none": ", or None if there are none.",
                 "raise": ". Raise ValueError if there are none."}[empty])
        guard = {"zero": "return 0.0", "none": "return None",
                 "raise": "raise ValueError('no positive numbers')"}[empty]
        x.form(
            (f"""
            {pos} = [{v} for {v} in {xs} if {v} > 0]
            if not {pos}:
                {guard}
            return round(sum({pos}) / len({pos}), 2)""",
             "The positive numbers are collected first so that both their sum and their count are known."),
            (f"""
            {acc} = 0
            count = 0
            for {v} in {xs}:
                if {v} > 0:
                    {acc} += {v}
                    count += 1
            if count == 0:
                {guard}
            return round({acc} / count, 2)""", "One loop keeps a running sum and a count of the positive numbers."),
            (f"""
            {pos} = list(filter(lambda {v}: {v} > 0, {xs}))
            if len({pos}) == 0:
                {guard}
            return round(sum({pos}) / len({pos}), 2)""", "`filter` keeps the positive numbers."),
            (f"""
            {pos} = [{v} for {v} in {xs} if {v} > 0]
            try:
                return round(sum({pos}) / len({pos}), 2)
            except ZeroDivisionError:
                {guard}""", ("Dividing by a count of zero raises ZeroDivisionError, which is caught to handle the "
                            "case with no positive numbers.")),
        )
        if empty == "raise":
            x.raises("ValueError", [])
            x.raises("ValueError", [-3, 0])
            x.cases(lambda r: (ints(r, 0, 7) + [r.randint(1, 20)],), n=6)
    else:
        x.returns("int")
        x.doc(f"Return the sum of the elements of {xs} at odd indices (1, 3, 5, ...).")
        x.form(
            (f"return sum({xs}[1::2])", "The slice `[1::2]` starts at index 1 and takes every second element."),
            (f"""
            {acc} = 0
            for i in range(1, len({xs}), 2):
                {acc} += {xs}[i]
            return {acc}""", "`range(1, len, 2)` produces exactly the odd indices."),
            (f"return sum({v} for i, {v} in enumerate({xs}) if i % 2 == 1)",
             "`enumerate` pairs each element with its index; only odd indices pass the test."),
            (f"""
            {acc} = 0
            i = 1
            while i < len({xs}):
                {acc} += {xs}[i]
                i += 2
            return {acc}""", "The index starts at 1 and jumps by 2."),
            (f"""
            {acc} = 0
            for i, {v} in enumerate({xs}):
                if i % 2:
                    {acc} += {v}
            return {acc}""", "An index with remainder 1 when divided by 2 is odd."),
        )
    if not (x.v == "mean_positive" and empty == "raise"):
        x.case([])
        x.cases(gen, n=6)


@family(T, "Running totals and differences",
        V("prefix_sums", "return the running totals of a list", "running|prefix|cumulative", "sums|totals"),
        V("running_max", "return the largest value seen so far at each position", "running|rolling", "max|maximum",
          names="high_water_marks"),
        V("differences", "return the differences between consecutive elements", "consecutive|pairwise|adjacent",
          "differences|diffs|gaps", names="deltas"))
def running(x: Ctx) -> None:
    xs = x.param("numbers|values|data|readings|xs", "list[int]")
    out = x.local("result|out|acc_list")
    x.returns("list[int]")
    if x.v == "prefix_sums":
        x.doc(f"Return a list whose i-th element is the sum of {xs}[0] through {xs}[i].")
        x.form(
            (f"""
            {out} = []
            total = 0
            for value in {xs}:
                total += value
                {out}.append(total)
            return {out}""", "A running total is updated once per element and appended after each update."),
            (f"""
            from itertools import accumulate
            return list(accumulate({xs}))""", "`itertools.accumulate` yields the running totals directly."),
            (f"return [sum({xs}[:i + 1]) for i in range(len({xs}))]",
             ("Each entry is the sum of the slice up to and including position i (simple, but it re-adds the "
             "front of the list every time).")),
            (f"""
            {out} = list({xs})
            for i in range(1, len({out})):
                {out}[i] += {out}[i - 1]
            return {out}""", "In a copy of the list, every element adds the (already accumulated) element before it."),
            (f"""
            {out} = []
            for value in {xs}:
                {out}.append({out}[-1] + value if {out} else value)
            return {out}""", "Each new total is the last total plus the current value."),
        )
    elif x.v == "running_max":
        x.doc(f"Return a list whose i-th element is the largest of {xs}[0] through {xs}[i].")
        x.form(
            (f"""
            {out} = []
            for value in {xs}:
                {out}.append(value if not {out} else max({out}[-1], value))
            return {out}""", "The best so far is the last element appended; each new value is compared with it."),
            (f"""
            from itertools import accumulate
            return list(accumulate({xs}, max))""", "`accumulate` with `max` carries the largest value along."),
            (f"""
            {out} = []
            best = None
            for value in {xs}:
                if best is None or value > best:
                    best = value
                {out}.append(best)
            return {out}""", "`best` remembers the largest value so far; it starts as None before any value is seen."),
            (f"return [max({xs}[:i + 1]) for i in range(len({xs}))]",
             "Each entry is the maximum of the list up to that position."),
        )
    else:
        x.doc(f"Return the list of differences {xs}[i + 1] - {xs}[i] for each pair of neighbours. A list "
              "with fewer than two elements gives an empty list.")
        x.form(
            (f"return [b - a for a, b in zip({xs}, {xs}[1:])]",
             "Zipping the list with itself shifted by one lines up every element with its successor."),
            (f"return [{xs}[i + 1] - {xs}[i] for i in range(len({xs}) - 1)]",
             "Index i and i + 1 are neighbours; the range stops one short of the end."),
            (f"""
            {out} = []
            for i in range(1, len({xs})):
                {out}.append({xs}[i] - {xs}[i - 1])
            return {out}""", "From the second element on, each element minus the previous one is appended."),
            (f"""
            {out} = []
            prev = None
            for value in {xs}:
                if prev is not None:
                    {out}.append(value - prev)
                prev = value
            return {out}""", "`prev` holds the element before the current one; there is none for the first."),
            (f"""
            from itertools import pairwise
            return [b - a for a, b in pairwise({xs})]""", "`itertools.pairwise` yields each pair of neighbours."),
        )
    x.case([])
    x.cases(lambda r: (ints(r, 1, 7),), n=6)


@family(T, "Filtering a list",
        V("above", "keep the numbers strictly greater than a threshold", "keep|filter|select",
          "above|greater_than|over"),
        V("non_negative", "remove the negative numbers from a list", "remove|drop", "negatives|negative_values",
          names="non_negative|clip_negatives_away"),
        V("long_words", "keep the words with at least a given number of letters", "keep|filter", "long_words|words_at_least"),
        V("multiples", "keep the numbers that are multiples of a given divisor", "keep|filter|select",
          "multiples|divisible"))
def filtering(x: Ctx) -> None:
    guard = ""
    if x.v == "long_words":
        ws = x.param("words|items|names|tokens", "list[str]")
        n = x.param("min_len|n|length|size", "int")
        x.returns("list[str]")
        x.doc(f"Return the words of {ws} that have at least {n} characters, in their original order.")
        seq, item, cond = ws, "w", f"len(w) >= {n}"
        x.cases(lambda r: (r.sample(WORDS, r.randint(0, 6)), r.randint(3, 7)), n=6)
    else:
        xs = x.param("numbers|values|data|xs|items", "list[int]")
        x.returns("list[int]")
        seq, item = xs, "v"
        if x.v == "above":
            t = x.param("threshold|limit|cutoff|bound", "int")
            x.doc(f"Return the numbers of {xs} that are strictly greater than {t}, keeping their order.")
            cond = f"v > {t}"
            x.cases(lambda r: (ints(r, 0, 8), r.randint(-5, 10)), n=6)
        elif x.v == "non_negative":
            x.doc(f"Return a new list with the negative numbers of {xs} removed; zero is kept.")
            cond = x.pick(["v >= 0", "not v < 0"])
            x.cases(lambda r: (ints(r, 0, 8),), n=6)
        else:
            d = x.param("divisor|k|step|factor", "int")
            strict = x.chance(0.35)
            x.doc(f"Return the numbers of {xs} that are divisible by {d}, in order. "
                  + (f"Raise ValueError if {d} is 0." if strict else f"{d} is not zero."))
            if strict:
                guard = f"if {d} == 0:\n    raise ValueError('divisor must not be zero')"
            cond = x.pick([f"v % {d} == 0", f"not v % {d}"])
            x.cases(lambda r: (ints(r, 0, 8, 0, 40), r.randint(2, 7)), n=6)
            if strict:
                x.raises("ValueError", [1, 2, 3], 0)
    x.form(
        (guard, f"return [{item} for {item} in {seq} if {cond}]",
         ("A list comprehension with an `if` clause keeps exactly the elements that pass the test, in their "
         "original order, and leaves the input list untouched.")),
        (guard, f"""
            kept = []
            for {item} in {seq}:
                if {cond}:
                    kept.append({item})
            return kept""", "The loop appends every element that passes the test to a new list."),
        (guard, f"return list(filter(lambda {item}: {cond}, {seq}))",
         "`filter` keeps the elements for which the lambda returns True; `list` collects them."),
        (guard, f"""
            kept = []
            i = 0
            while i < len({seq}):
                {item} = {seq}[i]
                if {cond}:
                    kept.append({item})
                i += 1
            return kept""", "An index walks the list and the elements that pass the test are appended."),
    )


@family(T, "Splitting a list into pieces",
        V("chunks", "split a list into consecutive chunks of a given size (the last may be shorter)",
          "chunk|split|batch", "list|into_chunks|items", names="chunked"),
        V("window_sums", "compute the sum of every window of k consecutive elements",
          "window|sliding|moving", "sums|totals", names="moving_totals"),
        V("pairs", "pair up consecutive elements into (first, second) tuples, dropping a leftover",
          "pair|group", "up|in_pairs|consecutive", names="pairs_of"))
def chunking(x: Ctx) -> None:
    xs = x.param("items|values|data|seq|numbers", "list[int]")
    if x.v == "pairs":
        x.returns("list[tuple[int, int]]")
        x.doc(f"Group {xs} into tuples of two consecutive elements: (first, second), (third, fourth), ... "
              "An odd element left over at the end is dropped.")
        x.form(
            (f"return [({xs}[i], {xs}[i + 1]) for i in range(0, len({xs}) - 1, 2)]",
             "Stepping the index by 2 visits the first element of each pair."),
            (f"return list(zip({xs}[::2], {xs}[1::2]))",
             ("The even positions and the odd positions are zipped together; `zip` stops at the shorter one, "
             "which drops a leftover.")),
            (f"""
            pairs = []
            i = 0
            while i + 1 < len({xs}):
                pairs.append(({xs}[i], {xs}[i + 1]))
                i += 2
            return pairs""", "The loop takes two elements at a time while two are left."),
            (f"""
            it = iter({xs})
            return list(zip(it, it))""", "Zipping one iterator with itself takes two consecutive items per tuple."),
        )
        x.cases(lambda r: (ints(r, 0, 7, 0, 9),), n=6)
        return
    k = x.param("size|k|n|width", "int")
    if x.v == "chunks":
        x.returns("list[list[int]]")
        strict = x.chance(0.3)
        x.doc(f"Split {xs} into consecutive chunks of {k} elements; the last chunk may be shorter. "
              + (f"Raise ValueError if {k} is less than 1." if strict else f"{k} is at least 1."))
        guard = f"if {k} < 1:\n    raise ValueError('chunk size must be positive')" if strict else ""
        x.form(
            (guard, f"return [{xs}[i:i + {k}] for i in range(0, len({xs}), {k})]",
             (f"The start of each chunk is a multiple of {k}; slicing past the end of a list is safe and simply "
             "returns what is left.")),
            (guard, f"""
            result = []
            for i in range(0, len({xs}), {k}):
                result.append({xs}[i:i + {k}])
            return result""", "Each start index, a multiple of the size, gives one slice."),
            (guard, f"""
            result = []
            rest = {xs}
            while rest:
                result.append(rest[:{k}])
                rest = rest[{k}:]
            return result""", "The front chunk is cut off the remaining list until nothing is left."),
            (guard, f"""
            result = []
            current = []
            for item in {xs}:
                current.append(item)
                if len(current) == {k}:
                    result.append(current)
                    current = []
            if current:
                result.append(current)
            return result""", ("Items are collected into the current chunk, which is stored when it is full; a "
                              "partly filled last chunk is stored at the end.")),
        )
        if strict:
            x.raises("ValueError", [1, 2], 0)
    else:
        x.returns("list[int]")
        x.doc(f"Return the sums of every run of {k} consecutive elements of {xs} (k >= 1), from left to "
              "right. If the list is shorter than k, return an empty list.")
        guard = x.reject(f"{k} < 1", "k must be at least 1", f"Raise ValueError if {k} is less than 1.", ([1, 2], 0))
        x.form(
            (f"""
            if len({xs}) < {k}:
                return []
            window = sum({xs}[:{k}])
            sums = [window]
            for i in range({k}, len({xs})):
                window += {xs}[i] - {xs}[i - {k}]
                sums.append(window)
            return sums""", ("Instead of re-adding every window, the sum slides: add the element entering the "
                            "window and subtract the one leaving it.")),
            (f"return [sum({xs}[i:i + {k}]) for i in range(len({xs}) - {k} + 1)]",
             "Each window is a slice; when the list is too short the range is empty."),
            (f"""
            sums = []
            for i in range(len({xs}) - {k} + 1):
                total = 0
                for j in range(i, i + {k}):
                    total += {xs}[j]
                sums.append(total)
            return sums""", "Two loops: the outer one picks where the window starts, the inner one adds it up."),
            (f"""
            prefix = [0]
            for value in {xs}:
                prefix.append(prefix[-1] + value)
            return [prefix[i + {k}] - prefix[i] for i in range(len({xs}) - {k} + 1)]""",
             "With prefix sums, the sum of any window is the difference of two prefix totals."),
            prefix=guard,
        )
    x.cases(lambda r: (ints(r, 0, 9, 0, 9), r.randint(1, 4)), n=6)


@family(T, "Rotating a list",
        V("left", "rotate a list to the left by k positions", "rotate|shift", "left|list_left"),
        V("right", "rotate a list to the right by k positions", "rotate|shift", "right|list_right"),
        V("is_rotation", "check whether one list is a rotation of another", "is", "rotation|rotated",
          names="is_rotation_of|same_cycle"))
def rotation(x: Ctx) -> None:
    xs = x.param("items|values|data|seq", "list[int]")
    if x.v == "is_rotation":
        ys = x.param("other|candidate|second", "list[int]")
        x.returns("bool")
        x.doc(f"Return True if {ys} can be obtained by rotating {xs} (moving elements from the front to the "
              "back, any number of times).")
        x.form(
            (f"""
            if len({xs}) != len({ys}):
                return False
            if not {xs}:
                return True
            doubled = {xs} + {xs}
            return any(doubled[i:i + len({xs})] == {ys} for i in range(len({xs})))""",
             "Every rotation of a list appears as a slice of the list written twice in a row."),
            (f"""
            if len({xs}) != len({ys}):
                return False
            return not {xs} or any({xs}[i:] + {xs}[:i] == {ys} for i in range(len({xs})))""",
             "Every rotation is built with two slices and compared; two empty lists are rotations of each other."),
            (f"""
            if len({xs}) != len({ys}):
                return False
            if len({xs}) == 0:
                return True
            for shift in range(len({xs})):
                if all({xs}[(i + shift) % len({xs})] == {ys}[i] for i in range(len({ys}))):
                    return True
            return False""", ("For each possible shift, position i of the candidate must hold the element "
                             "shift places further along the original, wrapping around.")),
            (f"""
            if len({xs}) != len({ys}):
                return False
            current = list({xs})
            for _ in range(len({xs})):
                if current == {ys}:
                    return True
                current.append(current.pop(0))
            return current == {ys}""", "The list is rotated one step at a time and compared after each step."),
        )
        x.cases(lambda r: ((a := ints(r, 1, 5, 0, 4)), a[(k := r.randint(0, 4)) % len(a):] + a[:k % len(a)]), n=4)
        x.cases(lambda r: (ints(r, 0, 4, 0, 3), ints(r, 0, 4, 0, 3)), n=7)
        return
    k = x.param("k|steps|shift|n", "int")
    x.returns("list[int]")
    side = x.v
    x.doc(f"Return a new list with the elements of {xs} rotated {side} by {k} positions. {k} may be "
          "larger than the length; an empty list stays empty.")
    left = side == "left"
    n = x.local("size|length|count")
    guard = x.reject(f"{k} < 0", "k must not be negative", f"Raise ValueError if {k} is negative.", ([1, 2, 3], -1))
    x.form(
        (f"""
            if not {xs}:
                return []
            {k} %= len({xs})
            return {xs}[{k}:] + {xs}[:{k}]""" if left else f"""
            if not {xs}:
                return []
            {k} %= len({xs})
            return {xs}[len({xs}) - {k}:] + {xs}[:len({xs}) - {k}]""",
         ("Taking the shift modulo the length handles shifts longer than the list; two slices glued together "
         "give the rotated list.")),
        (f"""
            {n} = len({xs})
            return [{xs}[(i {'+' if left else '-'} {k}) % {n}] for i in range({n})]""",
         "Position i of the result takes the element k places further " + ("right" if left else "left")
         + " in the original, wrapping around with `%`."),
        (f"""
            result = list({xs})
            if result:
                for _ in range({k} % len(result)):
                    {'result.append(result.pop(0))' if left else 'result.insert(0, result.pop())'}
            return result""", "One step at a time, an element moves from one end of a copy to the other."),
        (f"""
            from collections import deque
            d = deque({xs})
            d.rotate({'-' if left else ''}{k})
            return list(d)""", ("`collections.deque.rotate` rotates to the right by a positive amount and to the "
                              "left by a negative one.")),
        (f"""
            {n} = len({xs})
            if {n} == 0:
                return []
            cut = {k if left else '-' + k} % {n}
            return {xs}[cut:] + {xs}[:cut]""",
         ("A right rotation by k is a left rotation by n - k; the cut point is computed once and two slices "
         "are swapped.")),
        prefix=guard,
    )
    x.case([], 3)
    x.cases(lambda r: (ints(r, 1, 7, 0, 9), r.randint(0, 10)), n=6)


@family(T, "Flattening nested lists",
        V("one_level", "flatten a list of lists by one level", "flatten|concat", "lists|once",
          names="flatten|join_lists"),
        V("deep", "flatten arbitrarily nested lists into one flat list, using recursion",
          "flatten|deep_flatten", "all|nested", names="deep_flatten|flatten_nested"),
        V("count_leaves", "count the non-list items in an arbitrarily nested list",
          "count", "leaves|atoms|items_nested"))
def flatten(x: Ctx) -> None:
    f = x.name
    nested = lambda r, d=0: [r.randint(0, 9) if (d > 2 or r.random() < 0.6) else nested(r, d + 1)
                             for _ in range(r.randint(0, 4))]
    if x.v == "one_level":
        xs = x.param("lists|rows|groups|nested", "list[list[int]]")
        x.returns("list[int]")
        x.doc(f"Concatenate the inner lists of {xs} into one list, keeping their order.")
        x.form(
            (f"return [item for inner in {xs} for item in inner]",
             "A nested comprehension reads like two nested loops: for each inner list, for each item in it."),
            (f"""
            flat = []
            for inner in {xs}:
                flat.extend(inner)
            return flat""", "`extend` appends every element of another list."),
            (f"return sum({xs}, [])", ("`sum` with the start value [] adds the lists together with `+`, which "
                                      "concatenates them (fine for short lists).")),
            (f"""
            from itertools import chain
            return list(chain.from_iterable({xs}))""", ("`itertools.chain.from_iterable` walks the inner lists one "
                                                      "after the other.")),
            (f"""
            flat = []
            for inner in {xs}:
                for item in inner:
                    flat.append(item)
            return flat""", "Two nested loops visit every item in order and append it."),
        )
        x.cases(lambda r: ([ints(r, 0, 3, 0, 9) for _ in range(r.randint(0, 4))],), n=6)
    elif x.v == "deep":
        xs = x.param("nested|items|data|tree", "list")
        x.returns("list")
        x.doc(f"Return all the non-list items of {xs}, which may contain lists nested to any depth, in "
              "left-to-right order.")
        x.form(
            (f"""
            flat = []
            for item in {xs}:
                if isinstance(item, list):
                    flat.extend({f}(item))
                else:
                    flat.append(item)
            return flat""", ("A list inside the list is flattened by the same function (recursion); anything "
                            "else is appended as it is.")),
            (f"return [leaf for item in {xs} for leaf in ({f}(item) if isinstance(item, list) else [item])]",
             ("Each item becomes a list of leaves (itself, or its flattened contents), and the comprehension "
             "concatenates them.")),
            (f"""
            def walk(items):
                for item in items:
                    if isinstance(item, list):
                        yield from walk(item)
                    else:
                        yield item

            return list(walk({xs}))""", ("A recursive generator yields the leaves; `yield from` passes on "
                                       "everything an inner call yields.")),
            (f"""
            if not {xs}:
                return []
            first, rest = {xs}[0], {xs}[1:]
            if isinstance(first, list):
                return {f}(first) + {f}(rest)
            return [first] + {f}(rest)""", ("The first item is flattened (or kept) and the rest of the list is "
                                          "flattened by a recursive call.")),
        )
        x.cases(lambda r: (nested(r),), n=6)
    else:
        xs = x.param("nested|items|data|tree", "list")
        x.returns("int")
        x.doc(f"Return how many items of {xs} are not lists, looking inside nested lists at every depth.")
        x.form(
            (f"return sum({f}(item) if isinstance(item, list) else 1 for item in {xs})",
             "Each list counts the items inside it recursively; every other item counts as one."),
            (f"""
            count = 0
            for item in {xs}:
                if isinstance(item, list):
                    count += {f}(item)
                else:
                    count += 1
            return count""", "The loop adds one per plain item and the recursive count of every inner list."),
            (f"""
            count = 0
            stack = [{xs}]
            while stack:
                current = stack.pop()
                for item in current:
                    if isinstance(item, list):
                        stack.append(item)
                    else:
                        count += 1
            return count""", "Instead of recursion, a stack holds the lists still to be looked at."),
            (f"""
            if not {xs}:
                return 0
            head = {xs}[0]
            return ({f}(head) if isinstance(head, list) else 1) + {f}({xs}[1:])""",
             "The count is that of the first item (recursively, if it is a list) plus that of the rest."),
        )
        x.cases(lambda r: (nested(r),), n=6)


@family(T, "Unique and repeated elements",
        V("unique_ordered", "remove duplicates from a list while keeping the first occurrence order",
          "unique|dedupe|distinct", "items|values|ordered", names="without_duplicates"),
        V("duplicates", "list the values that occur more than once, in order of their second appearance",
          "find|list", "duplicates|repeats|repeated"),
        V("count_distinct", "count the distinct values in a list", "count", "distinct|unique",
          names="how_many_distinct"))
def uniqueness(x: Ctx) -> None:
    xs = x.param("items|values|data|numbers", "list[int]")
    seen = x.local("seen|met|known")
    gen = lambda r: (ints(r, 0, 9, 0, 6),)
    if x.v == "unique_ordered":
        x.returns("list[int]")
        x.doc(f"Return the elements of {xs} without repeats, each kept at its first occurrence.")
        x.form(
            (f"""
            {seen} = set()
            result = []
            for v in {xs}:
                if v not in {seen}:
                    {seen}.add(v)
                    result.append(v)
            return result""", "The set answers 'have I seen this already?' quickly, while the list keeps the order."),
            (f"return list(dict.fromkeys({xs}))", ("Dictionary keys are unique and keep insertion order, so "
                                                 "`dict.fromkeys` drops the repeats in one step.")),
            (f"""
            result = []
            for v in {xs}:
                if v not in result:
                    result.append(v)
            return result""", ("The result list itself is searched before each append (simple, though slower for "
                              "long lists).")),
            (f"return [v for i, v in enumerate({xs}) if v not in {xs}[:i]]",
             "An element is kept when it does not occur earlier in the list."),
        )
    elif x.v == "duplicates":
        x.returns("list[int]")
        x.doc(f"Return each value that occurs more than once in {xs}, once, in the order in which its "
              "second occurrence appears.")
        x.form(
            (f"""
            {seen} = set()
            reported = []
            for v in {xs}:
                if v in {seen} and v not in reported:
                    reported.append(v)
                {seen}.add(v)
            return reported""", ("A value is reported when it is met for the second time; the `reported` list "
                                "stops it from being reported again.")),
            (f"return [v for i, v in enumerate({xs}) if {xs}[:i].count(v) == 1]",
             "A value is at its second occurrence exactly when it occurs once before that position."),
            (f"""
            counts = {{}}
            result = []
            for v in {xs}:
                counts[v] = counts.get(v, 0) + 1
                if counts[v] == 2:
                    result.append(v)
            return result""", "Counting as we go, a value is reported the moment its count reaches two."),
            (f"""
            reported = []
            for i, v in enumerate({xs}):
                if v in {xs}[:i] and v not in reported:
                    reported.append(v)
            return reported""", ("A value is reported when it already occurs earlier in the list, unless it was "
                                "reported before.")),
        )
    else:
        x.returns("int")
        x.doc(f"Return the number of different values in {xs}.")
        x.form(
            (f"return len(set({xs}))", ("A set keeps one copy of each value, so its size is the number of distinct "
                                      "values.")),
            (f"""
            {seen} = []
            for v in {xs}:
                if v not in {seen}:
                    {seen}.append(v)
            return len({seen})""", "A list of the values met so far grows only with new values."),
            (f"""
            ordered = sorted({xs})
            return sum(1 for i in range(len(ordered)) if i == 0 or ordered[i] != ordered[i - 1])""",
             ("After sorting, equal values sit next to each other; every value that differs from its left "
             "neighbour starts a new group.")),
            (f"""
            {seen} = set()
            for v in {xs}:
                {seen}.add(v)
            return len({seen})""", "Adding to a set ignores values that are already in it."),
        )
    x.case([])
    x.cases(gen, n=6)


@family(T, "Combining two lists",
        V("interleave", "interleave two lists element by element, appending the leftovers of the longer one",
          "interleave|alternate|weave", "lists|items"),
        V("merge_sorted", "merge two sorted lists into one sorted list without calling sort",
          "merge", "sorted|sorted_lists|in_order"),
        V("pairwise_max", "take the larger of each pair of elements at the same position",
          "pairwise|elementwise", "max|maximum", names="larger_of_each"),
        V("dot", "compute the dot product of two equal-length lists", "dot", "product", names="dot|inner_product"))
def combine_lists(x: Ctx) -> None:
    a, b = x.param("first|a|left|xs", "list[int]"), x.param("second|b|right|ys", "list[int]")
    f = x.name
    if x.v == "interleave":
        x.returns("list[int]")
        x.doc(f"Return a list taking elements alternately from {a} and {b}, starting with {a}; when one "
              "list runs out, the rest of the other is appended.")
        x.form(
            (f"""
            result = []
            for i in range(max(len({a}), len({b}))):
                if i < len({a}):
                    result.append({a}[i])
                if i < len({b}):
                    result.append({b}[i])
            return result""", "Each index up to the longer length contributes the elements that exist there."),
            (f"""
            result = []
            for p, q in zip({a}, {b}):
                result += [p, q]
            n = min(len({a}), len({b}))
            return result + {a}[n:] + {b}[n:]""", ("`zip` interleaves the common part; the leftover tail of the "
                                                 "longer list is added at the end.")),
            (f"""
            from itertools import zip_longest
            missing = object()
            return [v for pair in zip_longest({a}, {b}, fillvalue=missing) for v in pair if v is not missing]""",
             "`zip_longest` pads the shorter list with a marker object, which is then filtered out."),
            (f"""
            result = []
            i = j = 0
            while i < len({a}) or j < len({b}):
                if i < len({a}):
                    result.append({a}[i])
                    i += 1
                if j < len({b}):
                    result.append({b}[j])
                    j += 1
            return result""", "Two indices advance together; a list that has run out is simply skipped."),
        )
        x.cases(lambda r: (ints(r, 0, 5, 0, 9), ints(r, 0, 5, 10, 19)), n=6)
    elif x.v == "merge_sorted":
        x.returns("list[int]")
        x.doc(f"Merge the sorted lists {a} and {b} into one sorted list, in a single pass and without "
              "calling sort.")
        x.form(
            (f"""
            i = j = 0
            merged = []
            while i < len({a}) and j < len({b}):
                if {a}[i] <= {b}[j]:
                    merged.append({a}[i])
                    i += 1
                else:
                    merged.append({b}[j])
                    j += 1
            return merged + {a}[i:] + {b}[j:]""", ("Two indices walk the lists; the smaller front element is taken "
                                                  "each time, and whatever is left of either list is already sorted.")),
            (f"""
            p, q = list({a}), list({b})
            merged = []
            while p and q:
                merged.append(p.pop(0) if p[0] <= q[0] else q.pop(0))
            return merged + p + q""", ("Copies of both lists are consumed from the front, always taking the "
                                      "smaller head.")),
            (f"""
            merged = []
            i = j = 0
            while i < len({a}) or j < len({b}):
                if j == len({b}) or (i < len({a}) and {a}[i] <= {b}[j]):
                    merged.append({a}[i])
                    i += 1
                else:
                    merged.append({b}[j])
                    j += 1
            return merged""", ("One loop handles everything: it takes from the first list when the second is "
                              "exhausted or the first's head is not larger.")),
            (f"""
            if not {a} or not {b}:
                return {a} + {b}
            if {a}[0] <= {b}[0]:
                return [{a}[0]] + {f}({a}[1:], {b})
            return [{b}[0]] + {f}({a}, {b}[1:])""", ("Recursively: the smaller head comes first, followed by the "
                                                   "merge of what remains.")),
            (f"""
            import heapq
            return list(heapq.merge({a}, {b}))""", "`heapq.merge` merges already sorted inputs lazily in one pass."),
        )
        x.cases(lambda r: (sorted(ints(r, 0, 5)), sorted(ints(r, 0, 5))), n=6)
    elif x.v == "pairwise_max":
        x.returns("list[int]")
        x.doc(f"Return a list whose i-th element is the larger of {a}[i] and {b}[i]; the result is as long "
              "as the shorter list.")
        x.form(
            (f"return [max(p, q) for p, q in zip({a}, {b})]", "`zip` pairs the elements and `max` picks the larger."),
            (f"return list(map(max, {a}, {b}))", ("`map` with two lists calls `max` on each pair; it stops at the "
                                                "shorter list.")),
            (f"""
            result = []
            for i in range(min(len({a}), len({b}))):
                result.append({a}[i] if {a}[i] > {b}[i] else {b}[i])
            return result""", "The loop runs over the positions both lists have and keeps the larger element."),
            (f"return [p if p >= q else q for p, q in zip({a}, {b})]",
             "A conditional expression chooses the larger of each pair."),
        )
        x.cases(lambda r: (ints(r, 0, 6), ints(r, 0, 6)), n=6)
    else:
        x.returns("int")
        strict = x.chance(0.35)
        x.doc(f"Return the dot product of {a} and {b}: the sum of {a}[i] * {b}[i] over all positions. "
              + ("Raise ValueError if the lists differ in length." if strict else "Both lists have the same length."))
        guard = f"if len({a}) != len({b}):\n    raise ValueError('lengths differ')" if strict else ""
        x.form(
            (guard, f"return sum(p * q for p, q in zip({a}, {b}))", ("`zip` lines up the elements; their products "
                                                                    "are added.")),
            (guard, f"""
            total = 0
            for i in range(len({a})):
                total += {a}[i] * {b}[i]
            return total""", "The loop multiplies the elements at each index and accumulates the products."),
            (guard, f"""
            import operator
            return sum(map(operator.mul, {a}, {b}))""", ("`map(operator.mul, a, b)` multiplies the lists "
                                                        "element by element.")),
            (guard, f"""
            total = 0
            for p, q in zip({a}, {b}):
                total += p * q
            return total""", "Each pair contributes its product to the running total."),
        )
        vec = lambda r, n: [r.randint(-5, 5) for _ in range(n)]
        x.cases(lambda r: (vec(r, n := r.randint(0, 5)), vec(r, n)), n=6)
        if strict:
            x.raises("ValueError", [1, 2], [3])
    x.explain("Walking both lists by position (with indices or `zip`) lines up the elements that belong "
              "together.")


@family(T, "Positions in a list",
        V("argmax", "find the index of the largest element (the first one on ties)", "index_of|position_of",
          "max|largest", names="argmax"),
        V("second_largest", "find the second largest distinct value, or None", "second", "largest|biggest|max"),
        V("all_positions", "list every index at which a value occurs", "positions|indices|find_all",
          "of|value", names="where"))
def positions(x: Ctx) -> None:
    xs = x.param("values|items|numbers|data", "list[int]")
    if x.v == "argmax":
        x.returns("int")
        empty = x.pick(["none", "minus_one", "raise", "nonempty", "nonempty"])
        if empty == "none":
            x.returns("int | None")
        x.doc(f"Return the index of the largest element of {xs}; if it occurs several times, return the first "
              "index. " + {"none": f"Return None when {xs} is empty.", "minus_one": f"Return -1 when {xs} is empty.",
                           "raise": f"Raise ValueError when {xs} is empty.", "nonempty": f"{xs} is not empty."}[empty])
        guard = {"none": f"if not {xs}:\n    return None", "minus_one": f"if not {xs}:\n    return -1",
                 "raise": f"if not {xs}:\n    raise ValueError('empty list')", "nonempty": ""}[empty]
        x.form(
            (guard, f"""
            best = 0
            for i in range(1, len({xs})):
                if {xs}[i] > {xs}[best]:
                    best = i
            return best""", ("The index of the best element so far is kept; a strictly larger element replaces it, "
                            "so ties keep the earliest.")),
            (guard, f"return {xs}.index(max({xs}))", ("`max` finds the largest value and `list.index` its first "
                                                     "position.")),
            (guard, f"return max(range(len({xs})), key=lambda i: {xs}[i])",
             "`max` over the indices, compared by the element they point at, returns the first best index."),
            (guard, f"""
            best_i, best_v = 0, {xs}[0]
            for i, v in enumerate({xs}):
                if v > best_v:
                    best_i, best_v = i, v
            return best_i""", "Both the best value and its index are tracked while enumerating."),
        )
        x.cases(lambda r: (ints(r, 1, 8, 0, 9),), n=6)
        if empty == "raise":
            x.raises("ValueError", [])
        elif empty != "nonempty":
            x.case([])
    elif x.v == "second_largest":
        x.returns("int | None")
        x.doc(f"Return the second largest distinct value in {xs}, or None when it has fewer than two "
              "distinct values.")
        x.form(
            (f"""
            distinct = sorted(set({xs}), reverse=True)
            return distinct[1] if len(distinct) >= 2 else None""",
             "Removing duplicates with a set and sorting from large to small puts the answer at index 1."),
            (f"""
            first = second = None
            for v in {xs}:
                if first is None or v > first:
                    first, second = v, first
                elif v != first and (second is None or v > second):
                    second = v
            return second""", "One pass keeps the two largest distinct values seen so far."),
            (f"""
            distinct = set({xs})
            if len(distinct) < 2:
                return None
            distinct.remove(max(distinct))
            return max(distinct)""", ("Once the largest value is removed from the set of values, the largest "
                                     "remaining one is the answer.")),
            (f"""
            import heapq
            top = heapq.nlargest(2, set({xs}))
            return top[1] if len(top) == 2 else None""", "`heapq.nlargest` returns the two largest distinct values."),
        )
        x.case([])
        x.cases(lambda r: (ints(r, 1, 7, 0, 9),), n=6)
    else:
        t = x.param("target|value|wanted|item", "int")
        x.returns("list[int]")
        x.doc(f"Return the indices of {xs} where {t} occurs, in increasing order.")
        x.form(
            (f"return [i for i, v in enumerate({xs}) if v == {t}]",
             "`enumerate` pairs each element with its index, and the comprehension keeps the matching indices."),
            (f"""
            found = []
            for i in range(len({xs})):
                if {xs}[i] == {t}:
                    found.append(i)
            return found""", "Every index is checked and the matching ones are collected."),
            (f"""
            found = []
            start = 0
            while True:
                try:
                    i = {xs}.index({t}, start)
                except ValueError:
                    return found
                found.append(i)
                start = i + 1""", ("`list.index` with a start position finds the next occurrence; the ValueError it "
                                  "raises when there is none ends the search.")),
            (f"return [i for i in range(len({xs})) if {xs}[i] == {t}]", "The comprehension runs over the indices."),
        )
        x.cases(lambda r: (ints(r, 0, 9, 0, 4), r.randint(0, 4)), n=6)


@family(T, "Working with matrices (lists of lists)",
        V("transpose", "transpose a rectangular matrix", "transpose|flip", "matrix|grid", names="transposed"),
        V("row_sums", "sum each row of a matrix", "row", "sums|totals", names="sum_rows"),
        V("col_sums", "sum each column of a rectangular matrix", "column", "sums|totals", names="sum_columns"),
        V("diagonal", "add up the main diagonal of a square matrix", "diagonal|trace", "sum|total",
          names="trace"),
        V("identity", "build the n x n identity matrix", "identity|unit", "matrix", names="eye"))
def matrices(x: Ctx) -> None:
    mat = lambda r, rows, cols: [[r.randint(0, 9) for _ in range(cols)] for _ in range(rows)]
    if x.v == "identity":
        n = x.param("n|size|dim", "int")
        x.returns("list[list[int]]")
        x.doc(f"Return the {n} x {n} identity matrix as a list of rows: ones on the diagonal, zeros elsewhere.")
        x.form(
            (f"return [[1 if i == j else 0 for j in range({n})] for i in range({n})]",
             ("A nested comprehension builds one row per index; the entry is 1 exactly where the row and column "
             "indices agree.")),
            (f"""
            rows = []
            for i in range({n}):
                row = [0] * {n}
                row[i] = 1
                rows.append(row)
            return rows""", "Each row starts as zeros and gets a single 1 at its own index."),
            (f"return [[int(i == j) for j in range({n})] for i in range({n})]",
             "`int(True)` is 1 and `int(False)` is 0, so the comparison itself gives the entry."),
            (f"return [[0] * i + [1] + [0] * ({n} - i - 1) for i in range({n})]",
             "Row i is i zeros, a one, and the remaining zeros."),
        )
        x.cases(lambda r: (r.randint(0, 5),), n=4)
        return
    m = x.param("matrix|grid|rows|table", "list[list[int]]")
    if x.v == "transpose":
        x.returns("list[list[int]]")
        x.doc(f"Return the transpose of {m}, a non-empty rectangular matrix given as a list of rows: row i of "
              "the result is column i of the input.")
        guard = x.reject(f"not {m}", "empty matrix", f"Raise ValueError if {m} is empty.", ([],))
        x.form(
            (f"return [list(col) for col in zip(*{m})]",
             "`zip(*m)` passes the rows as separate arguments, so it yields the columns as tuples."),
            (f"return [[row[j] for row in {m}] for j in range(len({m}[0]))]",
             "Column j collects the j-th element of every row."),
            (f"""
            result = []
            for j in range(len({m}[0])):
                column = []
                for row in {m}:
                    column.append(row[j])
                result.append(column)
            return result""", "Two loops: for each column index, collect that entry from every row."),
            (f"return list(map(list, zip(*{m})))", "`map(list, ...)` turns each column tuple from `zip` into a list."),
            prefix=guard,
        )
        x.cases(lambda r: (mat(r, r.randint(1, 3), r.randint(1, 4)),), n=6)
    elif x.v == "row_sums":
        x.returns("list[int]")
        x.doc(f"Return a list with the sum of each row of {m}.")
        x.form(
            (f"return [sum(row) for row in {m}]", "Each row is itself a list, so `sum` adds it up directly."),
            (f"return list(map(sum, {m}))", "`map(sum, m)` applies `sum` to every row."),
            (f"""
            totals = []
            for i in range(len({m})):
                totals.append(sum({m}[i]))
            return totals""", "Each row, reached by its index, is added up with `sum`."),
            (f"""
            totals = []
            for row in {m}:
                total = 0
                for value in row:
                    total += value
                totals.append(total)
            return totals""", "The inner loop adds up one row; the outer loop collects the row totals."),
        )
        x.cases(lambda r: (mat(r, r.randint(0, 3), r.randint(1, 4)),), n=6)
    elif x.v == "col_sums":
        x.returns("list[int]")
        x.doc(f"Return a list with the sum of each column of the non-empty rectangular matrix {m}.")
        guard = x.reject(f"not {m}", "empty matrix", f"Raise ValueError if {m} is empty.", ([],))
        x.form(
            (f"""
            totals = [0] * len({m}[0])
            for row in {m}:
                for j, value in enumerate(row):
                    totals[j] += value
            return totals""", "One running total per column is updated as each row is visited."),
            (f"return [sum(col) for col in zip(*{m})]", "`zip(*m)` yields the columns, which `sum` adds up."),
            (f"return [sum(row[j] for row in {m}) for j in range(len({m}[0]))]",
             "For each column index, the entries of all rows at that index are added."),
            (f"""
            totals = []
            for j in range(len({m}[0])):
                total = 0
                for i in range(len({m})):
                    total += {m}[i][j]
                totals.append(total)
            return totals""", "Two index loops walk down each column in turn."),
            prefix=guard,
        )
        x.cases(lambda r: (mat(r, r.randint(1, 3), r.randint(1, 4)),), n=6)
    else:
        x.returns("int")
        x.doc(f"Return the sum of the main diagonal of the square matrix {m} (the entries where row index "
              "equals column index).")
        x.form(
            (f"return sum({m}[i][i] for i in range(len({m})))", ("The diagonal entries are exactly those at "
                                                                "position [i][i].")),
            (f"return sum(row[i] for i, row in enumerate({m}))", "Row i contributes its i-th entry."),
            (f"""
            total = 0
            for i in range(len({m})):
                total += {m}[i][i]
            return total""", "The loop adds the entry at [i][i] for every i."),
            (f"""
            total = 0
            i = 0
            for row in {m}:
                total += row[i]
                i += 1
            return total""", "A separate counter moves one column to the right with every row."),
        )
        x.cases(lambda r: (mat(r, (k := r.randint(0, 4)), k),), n=6)


@family(T, "Extremes of a list",
        V("span", "compute the difference between the largest and smallest value", "span|spread|value_range",
          "of|values", names="spread|value_range|max_minus_min"),
        V("min_max", "return the smallest and largest values as a tuple, in one pass",
          "min_max|minmax|bounds", "of|pair", names="min_and_max|extremes"),
        V("clamp_all", "clamp every value into the range [low, high]", "clamp|clip|bound", "values|all"))
def extremes(x: Ctx) -> None:
    xs = x.param("values|numbers|data|readings", "list[int]")
    if x.v == "span":
        empty = x.pick(["zero", "zero", "none", "raise"])
        x.returns("int | None" if empty == "none" else "int")
        x.doc(f"Return the largest value of {xs} minus the smallest"
              + {"zero": ", or 0 for an empty list.", "none": ", or None for an empty list.",
                 "raise": ". Raise ValueError for an empty list."}[empty])
        guard = {"zero": f"if not {xs}:\n    return 0", "none": f"if not {xs}:\n    return None",
                 "raise": f"if not {xs}:\n    raise ValueError('empty list')"}[empty]
        forms = [
            (guard, f"return max({xs}) - min({xs})",
             "`max` and `min` scan the list; an empty list is checked first because they fail on it."),
            (guard, f"""
            ordered = sorted({xs})
            return ordered[-1] - ordered[0]""", "After sorting, the smallest value is first and the largest last."),
            (guard, f"""
            low = high = {xs}[0]
            for v in {xs}:
                low = min(low, v)
                high = max(high, v)
            return high - low""", "One pass keeps the smallest and largest values seen so far."),
        ]
        if empty == "zero":
            forms.append((f"return max({xs}) - min({xs}) if {xs} else 0",
                          "A conditional expression handles the empty list in the same line."))
        x.form(*forms)
        x.cases(lambda r: (ints(r, 1, 8),), n=6)
        if empty == "raise":
            x.raises("ValueError", [])
        else:
            x.case([])
    elif x.v == "min_max":
        x.returns("tuple[int, int]")
        one_pass = x.chance(0.6)
        guard = x.reject(f"not {xs}", "empty list", f"Raise ValueError if {xs} is empty.", ([],))
        x.doc(f"Return (smallest, largest) of the non-empty list {xs}"
              + (", visiting each element once." if one_pass else "."))
        forms = [
            (f"""
            low = high = {xs}[0]
            for v in {xs}[1:]:
                if v < low:
                    low = v
                elif v > high:
                    high = v
            return low, high""", "Both extremes start at the first element and are updated as the loop goes on."),
            (f"""
            low, high = {xs}[0], {xs}[0]
            for v in {xs}:
                low, high = min(low, v), max(high, v)
            return low, high""", "Each element may lower the minimum or raise the maximum."),
            (f"""
            low = high = None
            for v in {xs}:
                if low is None or v < low:
                    low = v
                if high is None or v > high:
                    high = v
            return (low, high)""", "Starting from None means the first element sets both extremes."),
        ]
        if not one_pass:
            forms += [(f"return min({xs}), max({xs})", "`min` and `max` each scan the list once."),
                      (f"""
            ordered = sorted({xs})
            return ordered[0], ordered[-1]""", "Sorting puts the smallest value first and the largest last.")]
        x.form(*forms, prefix=guard)
        x.cases(lambda r: (ints(r, 1, 8),), n=6)
    else:
        lo, hi = x.param("low|lo|minimum|floor", "int"), x.param("high|hi|maximum|ceiling", "int")
        x.returns("list[int]")
        x.doc(f"Return a new list in which every value of {xs} below {lo} becomes {lo} and every value above "
              f"{hi} becomes {hi} ({lo} <= {hi}).")
        x.form(
            (f"return [min(max(v, {lo}), {hi}) for v in {xs}]",
             "`max` lifts values up to the floor and `min` cuts them down to the ceiling."),
            (f"""
            result = []
            for v in {xs}:
                if v < {lo}:
                    result.append({lo})
                elif v > {hi}:
                    result.append({hi})
                else:
                    result.append(v)
            return result""", "An if/elif/else chain decides whether a value is too low, too high or fine."),
            (f"return [{lo} if v < {lo} else {hi} if v > {hi} else v for v in {xs}]",
             "A chained conditional expression replaces out-of-range values."),
            (f"return list(map(lambda v: max({lo}, min(v, {hi})), {xs}))",
             "`map` applies the clamping lambda to every value."),
        )
        x.cases(lambda r: (ints(r, 0, 7), (a := r.randint(-10, 0)), a + r.randint(0, 15)), n=6)


@family(T, "Partitioning a list",
        V("even_odd", "split numbers into a list of evens and a list of odds", "split|partition|separate",
          "even_odd|parity", names="evens_and_odds"),
        V("pivot", "split numbers into those below a pivot and the rest, keeping order",
          "partition|split", "around|by_pivot"),
        V("sign", "count the negative, zero and positive numbers of a list", "count|tally", "signs|by_sign",
          names="sign_counts"))
def partitioning(x: Ctx) -> None:
    xs = x.param("numbers|values|data|items", "list[int]")
    if x.v in ("even_odd", "pivot"):
        x.returns("tuple[list[int], list[int]]")
        if x.v == "even_odd":
            x.doc(f"Return a tuple (evens, odds) with the even and the odd numbers of {xs}, each in their "
                  "original order.")
            first, second, test = "evens", "odds", "v % 2 == 0"
        else:
            p = x.param("pivot|split_at|boundary", "int")
            x.doc(f"Return (below, rest): the numbers of {xs} smaller than {p}, and all the others, each in "
                  "original order.")
            first, second, test = "below", "rest", f"v < {p}"
        x.form(
            (f"""
            {first}, {second} = [], []
            for v in {xs}:
                ({first} if {test} else {second}).append(v)
            return {first}, {second}""", "The conditional expression picks which list receives each number."),
            (f"return [v for v in {xs} if {test}], [v for v in {xs} if not ({test})]",
             "Two comprehensions with complementary conditions put every number in exactly one list."),
            (f"""
            {first} = []
            {second} = []
            for v in {xs}:
                if {test}:
                    {first}.append(v)
                else:
                    {second}.append(v)
            return ({first}, {second})""", "An if/else sends each number to one of the two lists."),
            (f"""
            {first} = list(filter(lambda v: {test}, {xs}))
            {second} = list(filter(lambda v: not ({test}), {xs}))
            return {first}, {second}""", "`filter` runs twice, once with the test and once with its negation."),
        )
        x.cases(lambda r: (ints(r, 0, 8),) if x.v == "even_odd" else (ints(r, 0, 8), r.randint(-5, 5)), n=6)
    else:
        x.returns("tuple[int, int, int]")
        x.doc(f"Return a tuple (negatives, zeros, positives) counting the numbers of {xs} of each sign.")
        x.form(
            (f"""
            neg = zero = pos = 0
            for v in {xs}:
                if v < 0:
                    neg += 1
                elif v == 0:
                    zero += 1
                else:
                    pos += 1
            return neg, zero, pos""", "An if/elif/else chain puts every number into exactly one of three counters."),
            (f"return (sum(1 for v in {xs} if v < 0), {xs}.count(0), sum(1 for v in {xs} if v > 0))",
             "Each count is computed on its own; `list.count(0)` counts the zeros."),
            (f"""
            counts = [0, 0, 0]
            for v in {xs}:
                counts[(v > 0) - (v < 0) + 1] += 1
            return tuple(counts)""", ("`(v > 0) - (v < 0)` is -1, 0 or 1 (the sign), which shifted by one indexes "
                                     "the right counter.")),
            (f"""
            neg = len([v for v in {xs} if v < 0])
            pos = len([v for v in {xs} if v > 0])
            return neg, len({xs}) - neg - pos, pos""", "The zeros are whatever is neither negative nor positive."),
        )
        x.cases(lambda r: (ints(r, 0, 8, -3, 3),), n=6)
