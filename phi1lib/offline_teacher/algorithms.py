"""Concept families on algorithms: searching, sorting, recursion, stacks, grids."""

from __future__ import annotations

from phi1lib.offline_teacher.base import NAMES, SHORT_WORDS, WORDS, Ctx, V, family, ints

SEARCH, SORT, REC = "searching", "sorting", "recursion"


@family(SEARCH, "Linear search",
        V("index", "return the index of the first occurrence of a value, or -1, without list.index",
          "find|search|locate", "index|position|first", names="linear_search"),
        V("first_match", "return the first number greater than a limit, or None", "first", "above|greater|exceeding"),
        V("last_index", "return the index of the last occurrence of a value, or -1", "last|rfind",
          "index|position|occurrence", names="find_last"),
        V("count_below", "count the elements smaller than a given value", "count", "below|smaller|less_than"))
def linear_search(x: Ctx) -> None:
    xs = x.param("items|values|numbers|data|seq", "list[int]")
    t = x.param("target|value|limit|key", "int")
    gen = lambda r: (ints(r, 0, 8, 0, 9), r.randint(0, 9))
    if x.v == "index":
        x.returns("int")
        x.doc(f"Return the index of the first element of {xs} equal to {t}, or -1 if there is none. Do not "
              "use list.index.")
        x.body(x.pick([f"""
            for i, v in enumerate({xs}):
                if v == {t}:
                    return i
            return -1""", f"""
            i = 0
            while i < len({xs}):
                if {xs}[i] == {t}:
                    return i
                i += 1
            return -1"""]))
        x.explain("The loop returns as soon as it finds the value; reaching the end means it is absent.")
    elif x.v == "first_match":
        x.returns("int | None")
        x.doc(f"Return the first element of {xs} that is greater than {t}, or None if no element is.")
        x.body(x.pick([f"""
            for v in {xs}:
                if v > {t}:
                    return v
            return None""", f"return next((v for v in {xs} if v > {t}), None)"]))
        x.explain("Stopping at the first match means later elements are never examined.")
    elif x.v == "last_index":
        x.returns("int")
        x.doc(f"Return the index of the last element of {xs} equal to {t}, or -1 if there is none.")
        x.body(f"""
            for i in range(len({xs}) - 1, -1, -1):
                if {xs}[i] == {t}:
                    return i
            return -1""")
        x.explain("Walking the indices backwards finds the last occurrence first.")
    else:
        x.returns("int")
        x.doc(f"Return how many elements of {xs} are strictly smaller than {t}.")
        x.body(f"return sum(1 for v in {xs} if v < {t})")
        x.explain("Every element is compared once, so the work grows linearly with the list.")
    x.cases(gen, n=7)


@family(SEARCH, "Binary search in a sorted list",
        V("index", "find the index of a value in a sorted list by binary search, or -1",
          "binary_search|bisect_find|search_sorted", names="binary_search|find_sorted"),
        V("insert_point", "find where a value should be inserted to keep a sorted list sorted (leftmost)",
          "insertion|insert", "point|position|index", names="lower_bound|bisect_left_index"),
        V("first_at_least", "find the first element >= a value in a sorted list, or None",
          "first", "at_least|not_below|ceiling", names="ceiling_of"),
        V("count_in_range", "count the elements of a sorted list in [low, high] using two binary searches",
          "count", "in_range|between", names="range_count"))
def binary_search(x: Ctx) -> None:
    xs = x.param("sorted_items|values|arr|numbers", "list[int]")
    lower = f"""
        def lower_bound(target):
            lo, hi = 0, len({xs})
            while lo < hi:
                mid = (lo + hi) // 2
                if {xs}[mid] < target:
                    lo = mid + 1
                else:
                    hi = mid
            return lo"""
    srt = lambda r: sorted(ints(r, 0, 9, 0, 20))
    if x.v == "count_in_range":
        lo_, hi_ = x.param("low|lo|start", "int"), x.param("high|hi|stop", "int")
        x.returns("int")
        x.doc(f"{xs} is sorted in increasing order. Return how many of its elements v satisfy "
              f"{lo_} <= v <= {hi_}, using binary search rather than a scan.")
        x.body(lower, f"return lower_bound({hi_} + 1) - lower_bound({lo_})")
        x.explain("The leftmost insertion point of high + 1 minus that of low is the number of elements in "
                  "between; each search halves the range it looks at, so it takes about log2(n) steps.")
        x.cases(lambda r: (srt(r), (a := r.randint(0, 12)), a + r.randint(0, 8)), n=6)
        return
    t = x.param("target|value|key|x", "int")
    if x.v == "index":
        x.returns("int")
        x.doc(f"{xs} is sorted in increasing order and has no repeats. Return the index of {t} in it, or -1 "
              "if it is absent, using binary search.")
        x.body(f"""
            lo, hi = 0, len({xs}) - 1
            while lo <= hi:
                mid = (lo + hi) // 2
                if {xs}[mid] == {t}:
                    return mid
                if {xs}[mid] < {t}:
                    lo = mid + 1
                else:
                    hi = mid - 1
            return -1""")
        x.cases(lambda r: (sorted(set(ints(r, 0, 9, 0, 20))), r.randint(0, 20)), n=7)
    elif x.v == "insert_point":
        x.returns("int")
        x.doc(f"{xs} is sorted in increasing order. Return the smallest index at which {t} could be inserted "
              "so that the list stays sorted.")
        x.body(lower, f"return lower_bound({t})")
        x.cases(lambda r: (srt(r), r.randint(0, 20)), n=7)
    else:
        x.returns("int | None")
        x.doc(f"{xs} is sorted in increasing order. Return its first element that is at least {t}, or None "
              "if every element is smaller.")
        x.body(lower, f"""
            i = lower_bound({t})
            return {xs}[i] if i < len({xs}) else None""")
        x.cases(lambda r: (srt(r), r.randint(0, 22)), n=7)
    x.explain("Binary search keeps an interval that must contain the answer and halves it at every step by "
              "looking at the middle element, so a sorted list of a million items needs about 20 steps.")


@family(SORT, "Simple sorting algorithms",
        V("bubble", "sort a list with bubble sort (return a new sorted list)", "bubble_sort|bubble",
          "list|numbers", names="bubble_sort|sort_by_swapping"),
        V("insertion", "sort a list with insertion sort (return a new sorted list)", "insertion_sort",
          "list|numbers", names="insertion_sort|sort_by_inserting"),
        V("selection", "sort a list with selection sort (return a new sorted list)", "selection_sort",
          "list|numbers", names="selection_sort|sort_by_selecting"),
        V("counting", "sort small non-negative integers with counting sort", "counting_sort", "list|numbers",
          names="counting_sort|sort_small_ints"))
def simple_sorts(x: Ctx) -> None:
    xs = x.param("items|values|numbers|data", "list[int]")
    a = x.local("arr|result|out|work")
    desc = x.chance(0.3) and x.v != "counting"
    cmp = ">" if not desc else "<"
    order = "decreasing" if desc else "increasing"
    x.returns("list[int]")
    x.doc(f"Return a new list with the elements of {xs} in {order} order, using "
          f"{ {'bubble': 'bubble sort', 'insertion': 'insertion sort', 'selection': 'selection sort', 'counting': 'counting sort'}[x.v] }. "
          f"The input list is not modified" + (" and its values are between 0 and 9." if x.v == "counting" else "."))
    if x.v == "bubble":
        x.body(f"""
            {a} = list({xs})
            for end in range(len({a}) - 1, 0, -1):
                for i in range(end):
                    if {a}[i] {cmp} {a}[i + 1]:
                        {a}[i], {a}[i + 1] = {a}[i + 1], {a}[i]
            return {a}""")
        x.explain("Each pass swaps neighbours that are out of order, which carries the extreme value to the "
                  "end; after n - 1 passes the list is sorted.")
    elif x.v == "insertion":
        x.body(f"""
            {a} = list({xs})
            for i in range(1, len({a})):
                current = {a}[i]
                j = i - 1
                while j >= 0 and {a}[j] {cmp} current:
                    {a}[j + 1] = {a}[j]
                    j -= 1
                {a}[j + 1] = current
            return {a}""")
        x.explain("The front of the list is kept sorted; each new element slides left past larger ones into "
                  "its place.")
    elif x.v == "selection":
        pick = "<" if not desc else ">"
        x.body(f"""
            {a} = list({xs})
            for i in range(len({a})):
                best = i
                for j in range(i + 1, len({a})):
                    if {a}[j] {pick} {a}[best]:
                        best = j
                {a}[i], {a}[best] = {a}[best], {a}[i]
            return {a}""")
        x.explain("Each round selects the best remaining element and swaps it into the next position.")
    else:
        x.body(f"""
            counts = [0] * 10
            for v in {xs}:
                counts[v] += 1
            {a} = []
            for value, n in enumerate(counts):
                {a}.extend([value] * n)
            return {a}""")
        x.explain("Counting how often each small value occurs and writing them out in order sorts without "
                  "comparing elements.")
        x.case([])
        x.cases(lambda r: (ints(r, 1, 9, 0, 9),), n=6)
        return
    x.case([])
    x.cases(lambda r: (ints(r, 1, 8),), n=6)


@family(SORT, "Sorting with a key",
        V("by_length", "sort words by length, then alphabetically", "sort|order", "by_length|words_by_length"),
        V("by_second", "sort (name, score) pairs by score, highest first, then by name", "sort|rank",
          "by_score|pairs|records", names="rank_records"),
        V("by_last_char", "sort words by their last letter (stable)", "sort|order", "by_last_letter|by_ending"),
        V("by_abs", "sort numbers by absolute value (stable)", "sort|order", "by_abs|by_magnitude",
          names="sort_by_distance_from_zero"))
def sort_with_key(x: Ctx) -> None:
    if x.v == "by_second":
        p = x.param("records|pairs|scores|entries", "list[tuple[str, int]]")
        x.returns("list[tuple[str, int]]")
        x.doc(f"Return the (name, score) pairs of {p} sorted by score from highest to lowest; pairs with equal "
              "scores are ordered by name.")
        x.body(f"return sorted({p}, key=lambda pair: (-pair[1], pair[0]))")
        x.explain("A key of (-score, name) sorts by score descending and breaks ties by name ascending.")
        x.cases(lambda r: ([(n, r.randint(0, 5)) for n in r.sample(NAMES, r.randint(0, 5))],), n=6)
    elif x.v == "by_abs":
        xs = x.param("numbers|values|data", "list[int]")
        x.returns("list[int]")
        x.doc(f"Return the numbers of {xs} sorted by absolute value; numbers with the same absolute value keep "
              "their original order.")
        x.body(f"return sorted({xs}, key=abs)")
        x.explain("`sorted` is stable, so elements with equal keys keep their relative order.")
        x.cases(lambda r: (ints(r, 0, 7, -6, 6),), n=6)
    else:
        ws = x.param("words|names|items", "list[str]")
        x.returns("list[str]")
        if x.v == "by_length":
            x.doc(f"Return the words of {ws} sorted from shortest to longest; words of equal length are in "
                  "alphabetical order.")
            x.body(f"return sorted({ws}, key=lambda w: (len(w), w))")
            x.explain("A tuple key compares by its first item and uses the second to break ties.")
        else:
            x.doc(f"Return the non-empty words of {ws} sorted by their last character; words with the same last "
                  "character keep their original order.")
            x.body(f"return sorted({ws}, key=lambda w: w[-1])")
            x.explain("The key function picks what to compare; stability keeps ties in input order.")
        x.cases(lambda r: (r.sample(WORDS + SHORT_WORDS, r.randint(0, 6)),), n=6)


@family(SORT, "Order statistics",
        V("k_largest", "return the k largest values in decreasing order", "top|largest", "k|values|n"),
        V("k_smallest", "return the k smallest values in increasing order", "bottom|smallest", "k|values|n"),
        V("median", "compute the median of a non-empty list", "median|middle", "value|of", names="median"),
        V("kth_smallest", "return the k-th smallest value (k = 1 is the minimum)", "kth", "smallest|lowest",
          names="order_statistic"))
def order_stats(x: Ctx) -> None:
    xs = x.param("values|numbers|data|scores", "list[int]")
    if x.v == "median":
        x.returns("float")
        x.doc(f"Return the median of the non-empty list {xs}: the middle value after sorting, or the mean of "
              "the two middle values when the length is even.")
        x.body(f"""
            ordered = sorted({xs})
            mid = len(ordered) // 2
            if len(ordered) % 2 == 1:
                return float(ordered[mid])
            return (ordered[mid - 1] + ordered[mid]) / 2""")
        x.explain("Sorting puts the middle value in the middle; with an even count two values share the middle.")
        x.cases(lambda r: (ints(r, 1, 8),), n=6)
        return
    k = x.param("k|n|count", "int")
    if x.v == "k_largest":
        x.returns("list[int]")
        x.doc(f"Return the {k} largest values of {xs} from largest to smallest (all of them if there are fewer).")
        x.body(f"return sorted({xs}, reverse=True)[:{k}]")
    elif x.v == "k_smallest":
        x.returns("list[int]")
        x.doc(f"Return the {k} smallest values of {xs} from smallest to largest (all of them if there are fewer).")
        x.body(f"return sorted({xs})[:{k}]")
    else:
        x.returns("int")
        x.doc(f"Return the {k}-th smallest value of {xs}, counting from 1 and counting repeated values "
              f"separately; 1 <= {k} <= len({xs}).")
        x.body(f"return sorted({xs})[{k} - 1]")
        x.cases(lambda r: ((v := ints(r, 1, 8)), r.randint(1, len(v))), n=6)
        x.explain("After sorting, the k-th smallest value sits at index k - 1.")
        return
    x.explain("Sorting once and slicing the front gives the extreme values in order.")
    x.cases(lambda r: (ints(r, 0, 8), r.randint(0, 4)), n=6)


@family(REC, "Recursion on numbers",
        V("power", "compute base ** exp (exp >= 0) recursively", "power|raise", "recursive|rec",
          names="recursive_power"),
        V("sum_to", "add up 1 + 2 + ... + n recursively", "sum|add", "to|upto|recursive", names="triangular"),
        V("digit_sum", "add up the digits of n recursively", "digit_sum|sum_digits", "recursive|rec"),
        V("count_down", "list the numbers from n down to 1 recursively", "count_down|countdown", "list|from",
          names="countdown"))
def recursion_numbers(x: Ctx) -> None:
    f = x.name
    if x.v == "power":
        b, e = x.param("base|b|x", "int"), x.param("exp|n|e", "int")
        x.returns("int")
        x.doc(f"Return {b} ** {e} for {e} >= 0, computed recursively without the ** operator.")
        x.body(f"""
            if {e} == 0:
                return 1
            return {b} * {f}({b}, {e} - 1)""")
        x.explain("The base case exp == 0 returns 1; every other call multiplies by base once and recurses "
                  "with a smaller exponent.")
        x.cases(lambda r: (r.randint(-3, 6), r.randint(0, 8)), n=6)
        return
    n = x.param("n|number|k", "int")
    if x.v == "sum_to":
        x.returns("int")
        x.doc(f"Return 1 + 2 + ... + {n} for {n} >= 0, recursively.")
        x.body(f"return 0 if {n} == 0 else {n} + {f}({n} - 1)")
        x.explain("The sum up to n is n plus the sum up to n - 1, and the sum up to 0 is 0.")
        x.cases(lambda r: (r.randint(0, 30),), n=6)
    elif x.v == "digit_sum":
        x.returns("int")
        x.doc(f"Return the sum of the decimal digits of {n} (n >= 0), recursively.")
        x.body(f"""
            if {n} < 10:
                return {n}
            return {n} % 10 + {f}({n} // 10)""")
        x.explain("The last digit plus the digit sum of the remaining number; a single digit is its own sum.")
        x.cases(lambda r: (r.randint(0, 99999),), n=6)
    else:
        x.returns("list[int]")
        x.doc(f"Return the list [{n}, {n} - 1, ..., 1] (empty when {n} <= 0), built recursively.")
        x.body(f"""
            if {n} <= 0:
                return []
            return [{n}] + {f}({n} - 1)""")
        x.explain("Each call contributes its own number and lets the recursive call produce the rest.")
        x.cases(lambda r: (r.randint(-1, 9),), n=5)
    x.explain("Every recursive call works on a smaller number, so the base case is always reached.")


@family(REC, "Recursion on strings and lists",
        V("reverse", "reverse a string recursively", "reverse", "recursive|rec|string", names="mirror_text"),
        V("count_char", "count the occurrences of a character recursively", "count", "char_recursive|occurrences_rec"),
        V("max_rec", "find the largest element of a non-empty list recursively", "max|largest", "recursive|rec"),
        V("is_sorted", "check recursively whether a list is in non-decreasing order", "is", "sorted_rec|sorted",
          names="in_order"))
def recursion_sequences(x: Ctx) -> None:
    f = x.name
    if x.v in ("reverse", "count_char"):
        s = x.param("text|s|word", "str")
        if x.v == "reverse":
            x.returns("str")
            x.doc(f"Return {s} reversed, using recursion instead of slicing with a negative step or loops.")
            x.body(f"""
                if len({s}) <= 1:
                    return {s}
                return {f}({s}[1:]) + {s}[0]""")
            x.cases(lambda r: (r.choice(WORDS + SHORT_WORDS + [""]),), n=6)
        else:
            c = x.param("ch|char|letter", "str")
            x.returns("int")
            x.doc(f"Return how many times the character {c} occurs in {s}, recursively.")
            x.body(f"""
                if not {s}:
                    return 0
                return ({s}[0] == {c}) + {f}({s}[1:], {c})""")
            x.cases(lambda r: (r.choice(WORDS), r.choice("aeiort")), n=6)
        x.explain("The first character is handled directly and the rest of the string by a recursive call; "
                  "the empty string ends the recursion.")
    else:
        xs = x.param("items|values|numbers", "list[int]")
        if x.v == "max_rec":
            x.returns("int")
            x.doc(f"Return the largest element of the non-empty list {xs}, recursively and without max().")
            x.body(f"""
                if len({xs}) == 1:
                    return {xs}[0]
                rest = {f}({xs}[1:])
                return {xs}[0] if {xs}[0] > rest else rest""")
            x.cases(lambda r: (ints(r, 1, 8),), n=6)
        else:
            x.returns("bool")
            x.doc(f"Return True if every element of {xs} is less than or equal to the next one, recursively.")
            x.body(f"""
                if len({xs}) < 2:
                    return True
                return {xs}[0] <= {xs}[1] and {f}({xs}[1:])""")
            x.cases(lambda r: (r.choice([sorted(ints(r, 0, 6)), ints(r, 0, 6)]),), n=7)
        x.explain("The answer for a list combines its first element with the answer for the rest of the list.")


@family(REC, "Nested structures",
        V("depth", "compute the nesting depth of a list (a flat list has depth 1)", "depth|nesting",
          "of|level", names="max_depth|nesting_depth"),
        V("nested_sum", "add up all numbers in arbitrarily nested lists", "nested|deep", "sum|total",
          names="deep_sum|sum_nested"),
        V("tree_count", "count the nodes of a tree given as nested (value, children) tuples", "count",
          "nodes|tree_nodes", names="tree_size"))
def nested(x: Ctx) -> None:
    f = x.name
    rand_nested = lambda r, d=0: [r.randint(0, 9) if (d > 2 or r.random() < 0.6) else rand_nested(r, d + 1)
                                  for _ in range(r.randint(0, 4))]
    if x.v == "tree_count":
        t = x.param("tree|node|root", "tuple")
        x.returns("int")
        x.doc(f"{t} is a tree written as a tuple (value, children) where children is a list of trees of the same "
              "form. Return the number of nodes in it.")
        x.body(f"""
            value, children = {t}
            return 1 + sum({f}(child) for child in children)""")
        x.explain("A node counts itself plus the nodes of each child subtree.")
        tree = lambda r, d=0: (r.randint(0, 9), [tree(r, d + 1) for _ in range(r.randint(0, 3 if d < 2 else 0))])
        x.cases(lambda r: (tree(r),), n=6)
        return
    xs = x.param("items|data|nested|values", "list")
    if x.v == "depth":
        x.returns("int")
        x.doc(f"Return the nesting depth of {xs}: 1 for a list without inner lists, and 1 + the largest depth "
              "of its inner lists otherwise.")
        x.body(f"return 1 + max(({f}(item) for item in {xs} if isinstance(item, list)), default=0)")
        x.explain("`max(..., default=0)` handles lists with no inner list, which end the recursion.")
    else:
        x.returns("int")
        x.doc(f"Return the sum of all the numbers in {xs}, which may contain lists nested to any depth.")
        x.body(x.pick([f"""
            total = 0
            for item in {xs}:
                if isinstance(item, list):
                    total += {f}(item)
                else:
                    total += item
            return total""", f"return sum({f}(i) if isinstance(i, list) else i for i in {xs})"]))
        x.explain("An inner list is summed by the same function; a number is added directly.")
    x.cases(lambda r: (rand_nested(r),), n=6)


@family(REC, "Generating combinations",
        V("subsets", "list all subsets of a list of distinct items, as sorted lists, in sorted order",
          "all|power", "subsets|set", names="power_set"),
        V("permutations", "list all orderings of the characters of a short string, sorted, without itertools",
          "all|list", "permutations|orderings|arrangements"),
        V("combinations", "list all k-element combinations of a list, keeping the input order, without itertools",
          "all|k", "combinations|choices", names="choose_k"),
        V("binary_strings", "list all strings of 0s and 1s of length n in increasing order", "all|list",
          "binary_strings|bit_strings"))
def generate_combos(x: Ctx) -> None:
    f = x.name
    if x.v == "subsets":
        xs = x.param("items|values|elements", "list[int]")
        x.returns("list[list[int]]")
        x.doc(f"Return every subset of {xs} (its elements are distinct) as a sorted list; the subsets are "
              "returned in sorted order, from [] upwards.")
        x.body(f"""
            if not {xs}:
                return [[]]
            rest = {f}({xs}[1:])
            return sorted(rest + [sorted([{xs}[0]] + s) for s in rest])""")
        x.explain("The subsets of a list are the subsets without its first element plus those same subsets "
                  "with the first element added.")
        x.cases(lambda r: (r.sample(range(10), r.randint(0, 3)),), n=5)
    elif x.v == "permutations":
        s = x.param("text|s|letters", "str")
        x.returns("list[str]")
        x.doc(f"Return all the distinct orderings of the characters of {s}, sorted alphabetically.")
        x.body(f"""
            if len({s}) <= 1:
                return [{s}]
            found = set()
            for i, ch in enumerate({s}):
                for rest in {f}({s}[:i] + {s}[i + 1:]):
                    found.add(ch + rest)
            return sorted(found)""")
        x.explain("Each character takes a turn at the front, followed by every ordering of the others; a set "
                  "removes duplicates caused by repeated letters.")
        x.cases(lambda r: ("".join(r.choice("abcab") for _ in range(r.randint(1, 4))),), n=5)
    elif x.v == "combinations":
        xs, k = x.param("items|values|pool", "list[int]"), x.param("k|size|r", "int")
        x.returns("list[list[int]]")
        x.doc(f"Return all combinations of {k} elements of {xs} as lists that keep the input order; the "
              "combinations that contain the first element come first.")
        x.body(f"""
            if {k} == 0:
                return [[]]
            if len({xs}) < {k}:
                return []
            first, rest = {xs}[0], {xs}[1:]
            return [[first] + c for c in {f}(rest, {k} - 1)] + {f}(rest, {k})""")
        x.explain("A combination either uses the first element (and k - 1 of the rest) or does not (and k "
                  "of the rest).")
        x.cases(lambda r: (r.sample(range(1, 9), r.randint(0, 4)), r.randint(0, 3)), n=6)
    else:
        n = x.param("n|length|width", "int")
        x.returns("list[str]")
        x.doc(f"Return all strings of length {n} made of '0' and '1', in increasing order.")
        x.body(f"""
            if {n} == 0:
                return ['']
            shorter = {f}({n} - 1)
            return ['0' + s for s in shorter] + ['1' + s for s in shorter]""")
        x.explain("Strings of length n are '0' or '1' followed by a string of length n - 1.")
        x.cases(lambda r: (r.randint(0, 3),), n=4)


@family(REC, "Towers of Hanoi",
        V("moves", "list the moves that solve the Towers of Hanoi for n disks", "hanoi|solve_hanoi", "moves|steps",
          names="tower_moves"),
        V("count", "count the moves the Towers of Hanoi need for n disks, recursively", "hanoi",
          "move_count|count|steps"))
def hanoi(x: Ctx) -> None:
    f = x.name
    n = x.param("n|disks|height", "int")
    if x.v == "moves":
        a, b, c = x.pick([("A", "B", "C"), ("left", "middle", "right"), ("1", "2", "3")])
        src = x.param("source|src|start", "str", default=a)
        spare = x.param("spare|via|helper", "str", default=b)
        dst = x.param("target|dst|goal", "str", default=c)
        x.returns("list[tuple[str, str]]")
        x.doc(f"Return the moves that carry {n} disks from peg {src} to peg {dst} using peg {spare}, never "
              "putting a larger disk on a smaller one. Each move is a pair (from_peg, to_peg).")
        x.body(f"""
            if {n} == 0:
                return []
            return ({f}({n} - 1, {src}, {dst}, {spare}) + [({src}, {dst})]
                    + {f}({n} - 1, {spare}, {src}, {dst}))""")
        x.cases(lambda r: (r.randint(0, 3),), n=4)
    else:
        x.returns("int")
        x.doc(f"Return how many single-disk moves are needed to move a tower of {n} disks to another peg, "
              "computed recursively.")
        x.body(f"return 0 if {n} == 0 else 2 * {f}({n} - 1) + 1")
        x.cases(lambda r: (r.randint(0, 20),), n=6)
    x.explain("To move n disks: move n - 1 out of the way, move the largest, then move the n - 1 back on top "
              "of it. So moves(n) = 2 * moves(n - 1) + 1.")


@family("stacks and queues", "Using a list as a stack",
        V("brackets", "check whether the brackets (), [] and {} in a string are balanced and properly nested",
          "balanced|check", "brackets|parens|nesting", names="brackets_match"),
        V("rpn", "evaluate an expression in reverse Polish notation with + - * and integer operands",
          "eval|evaluate", "rpn|postfix", names="postfix_value"),
        V("cancel_pairs", "repeatedly delete pairs of equal adjacent characters", "remove|cancel|reduce",
          "adjacent_pairs|pairs", names="collapse_pairs"),
        V("undo", "apply a list of editing commands ('type X' and 'undo') and return the text",
          "apply|replay", "edits|commands", names="editor_text"))
def stack_uses(x: Ctx) -> None:
    stack = x.local("stack|pending|st")
    if x.v == "brackets":
        s = x.param("text|expr|s|code", "str")
        x.returns("bool")
        x.doc(f"Return True if every bracket in {s} is closed by the matching bracket in the right order. "
              "Characters other than ()[]{} are ignored.")
        x.body(f"""
            pairs = {{')': '(', ']': '[', '}}': '{{'}}
            {stack} = []
            for ch in {s}:
                if ch in '([{{':
                    {stack}.append(ch)
                elif ch in pairs:
                    if not {stack} or {stack}.pop() != pairs[ch]:
                        return False
            return not {stack}""")
        x.explain("An opening bracket is pushed; a closing one must match the most recent unclosed opening "
                  "bracket, which is on top of the stack. Anything left open at the end fails.")
        x.cases(lambda r: ("".join(r.choice("()[]{}ab") for _ in range(r.randint(0, 8))),), n=4)
        x.cases(lambda r: (r.choice(["(a[b]{c})", "{[()]}", "([)]", "((", "x(y)z"]),), n=7)
    elif x.v == "rpn":
        tokens = x.param("tokens|expr|items", "list[str]")
        x.returns("int")
        x.doc(f"Evaluate {tokens}, an expression in reverse Polish notation: integers and the operators '+', "
              "'-' and '*'. An operator applies to the two values before it.")
        x.body(f"""
            {stack} = []
            for tok in {tokens}:
                if tok in ('+', '-', '*'):
                    right = {stack}.pop()
                    left = {stack}.pop()
                    if tok == '+':
                        {stack}.append(left + right)
                    elif tok == '-':
                        {stack}.append(left - right)
                    else:
                        {stack}.append(left * right)
                else:
                    {stack}.append(int(tok))
            return {stack}[-1]""")
        x.explain("Numbers are pushed; an operator pops its two operands (the right one comes off first) and "
                  "pushes the result.")

        def rpn(r):
            toks, depth = [], 0
            for _ in range(r.randint(1, 4)):
                toks.append(str(r.randint(0, 9)))
                depth += 1
                while depth >= 2 and r.random() < 0.6:
                    toks.append(r.choice("+-*"))
                    depth -= 1
            toks += [r.choice("+-*") for _ in range(depth - 1)]
            return (toks,)
        x.cases(rpn, n=6)
    elif x.v == "cancel_pairs":
        s = x.param("text|s|chain", "str")
        x.returns("str")
        x.doc(f"Repeatedly remove two equal adjacent characters from {s} until no such pair is left, and return "
              "what remains.")
        x.body(f"""
            {stack} = []
            for ch in {s}:
                if {stack} and {stack}[-1] == ch:
                    {stack}.pop()
                else:
                    {stack}.append(ch)
            return ''.join({stack})""")
        x.explain("The stack holds the text reduced so far; a character equal to its top cancels it.")
        x.cases(lambda r: ("".join(r.choice("abc") for _ in range(r.randint(0, 9))),), n=6)
    else:
        cmds = x.param("commands|actions|log", "list[str]")
        x.returns("str")
        x.doc(f"Replay the editing commands in {cmds}: 'type X' appends the text X, and 'undo' cancels the most "
              "recent 'type' that has not been undone yet (doing nothing if there is none). Return the final text.")
        x.body(f"""
            {stack} = []
            for cmd in {cmds}:
                if cmd == 'undo':
                    if {stack}:
                        {stack}.pop()
                else:
                    {stack}.append(cmd[len('type '):])
            return ''.join({stack})""")
        x.explain("Each typed piece is pushed on a stack, so undo simply pops the latest one.")
        x.cases(lambda r: ([r.choice(["undo", "type " + r.choice(SHORT_WORDS)]) for _ in range(r.randint(0, 6))],), n=6)


@family("stacks and queues", "Grids and neighbours",
        V("count_neighbors", "count the cells equal to 1 among the up-to-8 neighbours of a grid cell",
          "count|live", "neighbors|neighbours", names="neighbour_count"),
        V("flood_size", "find the size of the connected region of 1s containing a cell (4-directional)",
          "region|island|flood", "size|area", names="blob_size"),
        V("path_exists", "check whether a path of 0s joins the top-left to the bottom-right corner",
          "path|route", "exists|possible", names="can_escape|maze_solvable"))
def grids(x: Ctx) -> None:
    g = x.param("grid|board|cells|maze", "list[list[int]]")
    grid = lambda r, p: [[1 if r.random() < p else 0 for _ in range(w)] for w in [r.randint(2, 5)]
                         for _ in range(r.randint(2, 4))]
    if x.v == "count_neighbors":
        row, col = x.param("row|r|i", "int"), x.param("col|c|j", "int")
        x.returns("int")
        x.doc(f"Return how many of the (up to eight) cells around {g}[{row}][{col}] contain 1. Cells outside the "
              "grid do not count, and neither does the cell itself.")
        x.body(f"""
            total = 0
            for dr in (-1, 0, 1):
                for dc in (-1, 0, 1):
                    if dr == 0 and dc == 0:
                        continue
                    nr, nc = {row} + dr, {col} + dc
                    if 0 <= nr < len({g}) and 0 <= nc < len({g}[0]):
                        total += {g}[nr][nc]
            return total""")
        x.explain("The two loops over offsets -1, 0, 1 visit the surrounding square; a bounds check skips "
                  "positions off the grid.")
        x.cases(lambda r: ((m := grid(r, 0.5)), r.randrange(len(m)), r.randrange(len(m[0]))), n=6)
    else:
        x.returns("int" if x.v == "flood_size" else "bool")
        if x.v == "flood_size":
            row, col = x.param("row|r|i", "int"), x.param("col|c|j", "int")
            x.doc(f"Return the number of cells containing 1 that are connected to {g}[{row}][{col}] through "
                  "up/down/left/right steps over cells containing 1 (0 if that cell is 0).")
            start, want, result = f"({row}, {col})", 1, "len(seen)"
        else:
            x.doc(f"Return True if one can walk from the top-left to the bottom-right cell of {g} through cells "
                  "containing 0, moving up, down, left or right.")
            start, want, result = "(0, 0)", 0, f"(len({g}) - 1, len({g}[0]) - 1) in seen"
        x.body(f"""
            r0, c0 = {start}
            if {g}[r0][c0] != {want}:
                return {'0' if x.v == 'flood_size' else 'False'}
            seen = {{(r0, c0)}}
            todo = [(r0, c0)]
            while todo:
                r, c = todo.pop()
                for nr, nc in ((r + 1, c), (r - 1, c), (r, c + 1), (r, c - 1)):
                    if (0 <= nr < len({g}) and 0 <= nc < len({g}[0]) and (nr, nc) not in seen
                            and {g}[nr][nc] == {want}):
                        seen.add((nr, nc))
                        todo.append((nr, nc))
            return {result}""")
        x.explain("A depth-first search keeps a to-do stack of cells to explore and a set of cells already "
                  "reached, so no cell is visited twice.")
        if x.v == "flood_size":
            x.cases(lambda r: ((m := grid(r, 0.6)), r.randrange(len(m)), r.randrange(len(m[0]))), n=6)
        else:
            x.cases(lambda r: (grid(r, 0.3),), n=7)
