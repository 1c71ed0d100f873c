"""Concept families on lists: aggregating, filtering, reshaping, indexing, matrices."""

from __future__ import annotations

from phi1lib.offline_teacher.base import WORDS, Ctx, V, family, ints

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
    gen = lambda r: (ints(r, 0, 8),)
    if x.v == "sum_even":
        x.returns("int")
        x.doc(x.pick([f"Return the sum of the even numbers in {xs}.",
                      f"Add up every even value of {xs} and return the total (0 when there is none)."]))
        x.body(x.pick([f"""
            {acc} = 0
            for {v} in {xs}:
                if {v} % 2 == 0:
                    {acc} += {v}
            return {acc}""", f"return sum({v} for {v} in {xs} if {v} % 2 == 0)"]))
        x.explain("A number is even when dividing by 2 leaves remainder 0; only those are added.")
    elif x.v == "sum_squares":
        x.returns("int")
        x.doc(f"Return the sum of the squares of the numbers in {xs}.")
        x.body(x.pick([f"return sum({v} * {v} for {v} in {xs})", f"""
            {acc} = 0
            for {v} in {xs}:
                {acc} += {v} ** 2
            return {acc}"""]))
        x.explain("Each number is squared before it is added, so negative numbers contribute positively.")
    elif x.v == "product":
        x.returns("int")
        x.doc(f"Return the product of all numbers in {xs}. The product of an empty list is 1.")
        x.body(f"""
            {acc} = 1
            for {v} in {xs}:
                {acc} *= {v}
            return {acc}""")
        x.explain("Starting from 1, the neutral element of multiplication, makes the empty list come out right.")
        gen = lambda r: (ints(r, 0, 5, -6, 9),)
    elif x.v == "mean_positive":
        x.returns("float")
        pos = x.local("positives|kept|pos")
        x.doc(f"Return the mean of the strictly positive numbers in {xs}, rounded to 2 decimals, or 0.0 "
              "if there are none.")
        x.body(f"""
            {pos} = [{v} for {v} in {xs} if {v} > 0]
            if not {pos}:
                return 0.0
            return round(sum({pos}) / len({pos}), 2)""")
        x.explain("The positive numbers are collected first so that both their sum and their count are known.")
    else:
        x.returns("int")
        x.doc(f"Return the sum of the elements of {xs} at odd indices (1, 3, 5, ...).")
        x.body(x.pick([f"return sum({xs}[1::2])", f"""
            {acc} = 0
            for i in range(1, len({xs}), 2):
                {acc} += {xs}[i]
            return {acc}"""]))
        x.explain("The slice `[1::2]` starts at index 1 and takes every second element.")
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
        x.body(f"""
            {out} = []
            total = 0
            for value in {xs}:
                total += value
                {out}.append(total)
            return {out}""")
        x.explain("A running total is updated once per element and appended after each update.")
    elif x.v == "running_max":
        x.doc(f"Return a list whose i-th element is the largest of {xs}[0] through {xs}[i].")
        x.body(f"""
            {out} = []
            for value in {xs}:
                {out}.append(value if not {out} else max({out}[-1], value))
            return {out}""")
        x.explain("The best so far is the last element appended; each new value is compared with it.")
    else:
        x.doc(f"Return the list of differences {xs}[i + 1] - {xs}[i] for each pair of neighbours. A list "
              "with fewer than two elements gives an empty list.")
        x.body(x.pick([f"return [b - a for a, b in zip({xs}, {xs}[1:])]",
                       f"return [{xs}[i + 1] - {xs}[i] for i in range(len({xs}) - 1)]"]))
        x.explain("Zipping the list with itself shifted by one lines up every element with its successor.")
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
    if x.v == "long_words":
        ws = x.param("words|items|names|tokens", "list[str]")
        n = x.param("min_len|n|length|size", "int")
        x.returns("list[str]")
        x.doc(f"Return the words of {ws} that have at least {n} characters, in their original order.")
        x.body(f"return [w for w in {ws} if len(w) >= {n}]")
        x.cases(lambda r: (r.sample(WORDS, r.randint(0, 6)), r.randint(3, 7)), n=6)
    else:
        xs = x.param("numbers|values|data|xs|items", "list[int]")
        x.returns("list[int]")
        if x.v == "above":
            t = x.param("threshold|limit|cutoff|bound", "int")
            x.doc(f"Return the numbers of {xs} that are strictly greater than {t}, keeping their order.")
            x.body(x.pick([f"return [v for v in {xs} if v > {t}]", f"""
                kept = []
                for v in {xs}:
                    if v > {t}:
                        kept.append(v)
                return kept"""]))
            x.cases(lambda r: (ints(r, 0, 8), r.randint(-5, 10)), n=6)
        elif x.v == "non_negative":
            x.doc(f"Return a new list with the negative numbers of {xs} removed; zero is kept.")
            x.body(f"return [v for v in {xs} if v >= 0]")
            x.cases(lambda r: (ints(r, 0, 8),), n=6)
        else:
            d = x.param("divisor|k|step|factor", "int")
            x.doc(f"Return the numbers of {xs} that are divisible by {d} (which is not zero), in order.")
            x.body(f"return [v for v in {xs} if v % {d} == 0]")
            x.cases(lambda r: (ints(r, 0, 8, 0, 40), r.randint(2, 7)), n=6)
    x.explain("A list comprehension with an `if` clause keeps exactly the elements that pass the test, "
              "in their original order, and leaves the input list untouched.")


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
        x.body(f"return [({xs}[i], {xs}[i + 1]) for i in range(0, len({xs}) - 1, 2)]")
        x.explain("Stepping the index by 2 visits the first element of each pair.")
        x.cases(lambda r: (ints(r, 0, 7, 0, 9),), n=6)
        return
    k = x.param("size|k|n|width", "int")
    if x.v == "chunks":
        x.returns("list[list[int]]")
        x.doc(f"Split {xs} into consecutive chunks of {k} elements (k >= 1); the last chunk may be shorter.")
        x.body(x.pick([f"return [{xs}[i:i + {k}] for i in range(0, len({xs}), {k})]", f"""
            result = []
            for i in range(0, len({xs}), {k}):
                result.append({xs}[i:i + {k}])
            return result"""]))
        x.explain(f"The start of each chunk is a multiple of {k}; slicing past the end of a list is safe and "
                  "simply returns what is left.")
    else:
        x.returns("list[int]")
        x.doc(f"Return the sums of every run of {k} consecutive elements of {xs} (k >= 1), from left to "
              "right. If the list is shorter than k, return an empty list.")
        x.body(f"""
            if len({xs}) < {k}:
                return []
            window = sum({xs}[:{k}])
            sums = [window]
            for i in range({k}, len({xs})):
                window += {xs}[i] - {xs}[i - {k}]
                sums.append(window)
            return sums""")
        x.explain("Instead of re-adding every window, the sum slides: add the element entering the window "
                  "and subtract the one leaving it.")
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
        x.body(f"""
            if len({xs}) != len({ys}):
                return False
            if not {xs}:
                return True
            doubled = {xs} + {xs}
            return any(doubled[i:i + len({xs})] == {ys} for i in range(len({xs})))""")
        x.explain("Every rotation of a list appears as a slice of the list written twice in a row.")
        x.cases(lambda r: ((a := ints(r, 1, 5, 0, 4)), a[(k := r.randint(0, 4)) % len(a):] + a[:k % len(a)]), n=4)
        x.cases(lambda r: (ints(r, 0, 4, 0, 3), ints(r, 0, 4, 0, 3)), n=7)
        return
    k = x.param("k|steps|shift|n", "int")
    x.returns("list[int]")
    side = x.v
    x.doc(f"Return a new list with the elements of {xs} rotated {side} by {k} positions. {k} may be "
          "larger than the length; an empty list stays empty.")
    if side == "left":
        x.body(f"""
            if not {xs}:
                return []
            {k} %= len({xs})
            return {xs}[{k}:] + {xs}[:{k}]""")
    else:
        x.body(f"""
            if not {xs}:
                return []
            {k} %= len({xs})
            return {xs}[len({xs}) - {k}:] + {xs}[:len({xs}) - {k}]""")
    x.explain("Taking the shift modulo the length handles shifts longer than the list; two slices glued "
              "together give the rotated list.")
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
    nested = lambda r, d=0: [r.randint(0, 9) if (d > 2 or r.random() < 0.6) else nested(r, d + 1)
                             for _ in range(r.randint(0, 4))]
    if x.v == "one_level":
        xs = x.param("lists|rows|groups|nested", "list[list[int]]")
        x.returns("list[int]")
        x.doc(f"Concatenate the inner lists of {xs} into one list, keeping their order.")
        x.body(x.pick([f"return [item for inner in {xs} for item in inner]", f"""
            flat = []
            for inner in {xs}:
                flat.extend(inner)
            return flat"""]))
        x.explain("`extend` appends every element of another list; a nested comprehension does the same.")
        x.cases(lambda r: ([ints(r, 0, 3, 0, 9) for _ in range(r.randint(0, 4))],), n=6)
    elif x.v == "deep":
        xs = x.param("nested|items|data|tree", "list")
        x.returns("list")
        x.doc(f"Return all the non-list items of {xs}, which may contain lists nested to any depth, in "
              "left-to-right order.")
        x.body(f"""
            flat = []
            for item in {xs}:
                if isinstance(item, list):
                    flat.extend({x.name}(item))
                else:
                    flat.append(item)
            return flat""")
        x.explain("A list inside the list is flattened by the same function (recursion); anything else is "
                  "appended as it is.")
        x.cases(lambda r: (nested(r),), n=6)
    else:
        xs = x.param("nested|items|data|tree", "list")
        x.returns("int")
        x.doc(f"Return how many items of {xs} are not lists, looking inside nested lists at every depth.")
        x.body(f"return sum({x.name}(item) if isinstance(item, list) else 1 for item in {xs})")
        x.explain("Each list counts the items inside it recursively; every other item counts as one.")
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
        x.body(f"""
            {seen} = set()
            result = []
            for v in {xs}:
                if v not in {seen}:
                    {seen}.add(v)
                    result.append(v)
            return result""")
        x.explain("The set answers 'have I seen this already?' quickly, while the list keeps the order.")
    elif x.v == "duplicates":
        x.returns("list[int]")
        x.doc(f"Return each value that occurs more than once in {xs}, once, in the order in which its "
              "second occurrence appears.")
        x.body(f"""
            {seen} = set()
            reported = []
            for v in {xs}:
                if v in {seen} and v not in reported:
                    reported.append(v)
                {seen}.add(v)
            return reported""")
        x.explain("A value is reported when it is met for the second time; the `reported` list stops it "
                  "from being reported again.")
    else:
        x.returns("int")
        x.doc(f"Return the number of different values in {xs}.")
        x.body(x.pick([f"return len(set({xs}))", f"""
            {seen} = []
            for v in {xs}:
                if v not in {seen}:
                    {seen}.append(v)
            return len({seen})"""]))
        x.explain("A set keeps one copy of each value, so its size is the number of distinct values.")
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
    if x.v == "interleave":
        x.returns("list[int]")
        x.doc(f"Return a list taking elements alternately from {a} and {b}, starting with {a}; when one "
              "list runs out, the rest of the other is appended.")
        x.body(f"""
            result = []
            for i in range(max(len({a}), len({b}))):
                if i < len({a}):
                    result.append({a}[i])
                if i < len({b}):
                    result.append({b}[i])
            return result""")
        x.cases(lambda r: (ints(r, 0, 5, 0, 9), ints(r, 0, 5, 10, 19)), n=6)
    elif x.v == "merge_sorted":
        x.returns("list[int]")
        x.doc(f"Merge the sorted lists {a} and {b} into one sorted list, in a single pass and without "
              "calling sort.")
        x.body(f"""
            i = j = 0
            merged = []
            while i < len({a}) and j < len({b}):
                if {a}[i] <= {b}[j]:
                    merged.append({a}[i])
                    i += 1
                else:
                    merged.append({b}[j])
                    j += 1
            return merged + {a}[i:] + {b}[j:]""")
        x.cases(lambda r: (sorted(ints(r, 0, 5)), sorted(ints(r, 0, 5))), n=6)
    elif x.v == "pairwise_max":
        x.returns("list[int]")
        x.doc(f"Return a list whose i-th element is the larger of {a}[i] and {b}[i]; the result is as long "
              "as the shorter list.")
        x.body(f"return [max(p, q) for p, q in zip({a}, {b})]")
        x.cases(lambda r: (ints(r, 0, 6), ints(r, 0, 6)), n=6)
    else:
        x.returns("int")
        x.doc(f"Return the dot product of {a} and {b}: the sum of {a}[i] * {b}[i] over all positions. Both "
              "lists have the same length.")
        x.body(f"return sum(p * q for p, q in zip({a}, {b}))")
        vec = lambda r, n: [r.randint(-5, 5) for _ in range(n)]
        x.cases(lambda r: (vec(r, n := r.randint(0, 5)), vec(r, n)), n=6)
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
        x.doc(f"Return the index of the largest element of the non-empty list {xs}; if it occurs several "
              "times, return the first index.")
        x.body(x.pick([f"""
            best = 0
            for i in range(1, len({xs})):
                if {xs}[i] > {xs}[best]:
                    best = i
            return best""", f"return {xs}.index(max({xs}))"]))
        x.explain("The index of the best element so far is kept; a strictly larger element replaces it, so "
                  "ties keep the earliest.")
        x.cases(lambda r: (ints(r, 1, 8, 0, 9),), n=6)
    elif x.v == "second_largest":
        x.returns("int | None")
        x.doc(f"Return the second largest distinct value in {xs}, or None when it has fewer than two "
              "distinct values.")
        x.body(f"""
            distinct = sorted(set({xs}), reverse=True)
            return distinct[1] if len(distinct) >= 2 else None""")
        x.explain("Removing duplicates with a set and sorting from large to small puts the answer at index 1.")
        x.case([])
        x.cases(lambda r: (ints(r, 1, 7, 0, 9),), n=6)
    else:
        t = x.param("target|value|wanted|item", "int")
        x.returns("list[int]")
        x.doc(f"Return the indices of {xs} where {t} occurs, in increasing order.")
        x.body(f"return [i for i, v in enumerate({xs}) if v == {t}]")
        x.explain("`enumerate` pairs each element with its index, and the comprehension keeps the matching "
                  "indices.")
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
        x.body(f"return [[1 if i == j else 0 for j in range({n})] for i in range({n})]")
        x.explain("A nested comprehension builds one row per index; the entry is 1 exactly where the row "
                  "and column indices agree.")
        x.cases(lambda r: (r.randint(0, 5),), n=4)
        return
    m = x.param("matrix|grid|rows|table", "list[list[int]]")
    if x.v == "transpose":
        x.returns("list[list[int]]")
        x.doc(f"Return the transpose of {m}, a non-empty rectangular matrix given as a list of rows: row i of "
              "the result is column i of the input.")
        x.body(x.pick([f"return [list(col) for col in zip(*{m})]",
                       f"return [[row[j] for row in {m}] for j in range(len({m}[0]))]"]))
        x.explain("Column j collects the j-th element of every row.")
        x.cases(lambda r: (mat(r, r.randint(1, 3), r.randint(1, 4)),), n=6)
    elif x.v == "row_sums":
        x.returns("list[int]")
        x.doc(f"Return a list with the sum of each row of {m}.")
        x.body(f"return [sum(row) for row in {m}]")
        x.explain("Each row is itself a list, so `sum` adds it up directly.")
        x.cases(lambda r: (mat(r, r.randint(0, 3), r.randint(1, 4)),), n=6)
    elif x.v == "col_sums":
        x.returns("list[int]")
        x.doc(f"Return a list with the sum of each column of the non-empty rectangular matrix {m}.")
        x.body(f"""
            totals = [0] * len({m}[0])
            for row in {m}:
                for j, value in enumerate(row):
                    totals[j] += value
            return totals""")
        x.explain("One running total per column is updated as each row is visited.")
        x.cases(lambda r: (mat(r, r.randint(1, 3), r.randint(1, 4)),), n=6)
    else:
        x.returns("int")
        x.doc(f"Return the sum of the main diagonal of the square matrix {m} (the entries where row index "
              "equals column index).")
        x.body(f"return sum({m}[i][i] for i in range(len({m})))")
        x.explain("The diagonal entries are exactly those at position [i][i].")
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
        x.returns("int")
        x.doc(f"Return the largest value of {xs} minus the smallest, or 0 for an empty list.")
        x.body(f"return max({xs}) - min({xs}) if {xs} else 0")
        x.explain("`max` and `min` scan the list; an empty list is checked first because they fail on it.")
        x.case([])
        x.cases(lambda r: (ints(r, 1, 8),), n=6)
    elif x.v == "min_max":
        x.returns("tuple[int, int]")
        x.doc(f"Return (smallest, largest) of the non-empty list {xs}, visiting each element once.")
        x.body(f"""
            low = high = {xs}[0]
            for v in {xs}[1:]:
                if v < low:
                    low = v
                elif v > high:
                    high = v
            return low, high""")
        x.explain("Both extremes start at the first element and are updated as the loop goes on.")
        x.cases(lambda r: (ints(r, 1, 8),), n=6)
    else:
        lo, hi = x.param("low|lo|minimum|floor", "int"), x.param("high|hi|maximum|ceiling", "int")
        x.returns("list[int]")
        x.doc(f"Return a new list in which every value of {xs} below {lo} becomes {lo} and every value above "
              f"{hi} becomes {hi} ({lo} <= {hi}).")
        x.body(f"return [min(max(v, {lo}), {hi}) for v in {xs}]")
        x.explain("`max` lifts values up to the floor and `min` cuts them down to the ceiling.")
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
    if x.v == "even_odd":
        x.returns("tuple[list[int], list[int]]")
        x.doc(f"Return a tuple (evens, odds) with the even and the odd numbers of {xs}, each in their "
              "original order.")
        x.body(f"""
            evens, odds = [], []
            for v in {xs}:
                (evens if v % 2 == 0 else odds).append(v)
            return evens, odds""")
        x.explain("The conditional expression picks which list receives each number.")
        x.cases(lambda r: (ints(r, 0, 8),), n=6)
    elif x.v == "pivot":
        p = x.param("pivot|split_at|boundary", "int")
        x.returns("tuple[list[int], list[int]]")
        x.doc(f"Return (below, rest): the numbers of {xs} smaller than {p}, and all the others, each in "
              "original order.")
        x.body(f"return [v for v in {xs} if v < {p}], [v for v in {xs} if v >= {p}]")
        x.explain("Two comprehensions with complementary conditions put every number in exactly one list.")
        x.cases(lambda r: (ints(r, 0, 8), r.randint(-5, 5)), n=6)
    else:
        x.returns("tuple[int, int, int]")
        x.doc(f"Return a tuple (negatives, zeros, positives) counting the numbers of {xs} of each sign.")
        x.body(f"""
            neg = zero = pos = 0
            for v in {xs}:
                if v < 0:
                    neg += 1
                elif v == 0:
                    zero += 1
                else:
                    pos += 1
            return neg, zero, pos""")
        x.explain("An if/elif/else chain puts every number into exactly one of three counters.")
        x.cases(lambda r: (ints(r, 0, 8, -3, 3),), n=6)
