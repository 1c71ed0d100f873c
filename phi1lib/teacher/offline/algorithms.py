"""Concept families on algorithms: searching, sorting, recursion, stacks, grids."""

from __future__ import annotations

from phi1lib.teacher.offline.base import NAMES, SHORT_WORDS, WORDS, Ctx, V, family, ints

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
    if x.v in ("index", "last_index"):
        missing = x.pick([-1, -1, None])
        x.returns("int" if missing == -1 else "int | None")
        m = repr(missing)
        which = "first" if x.v == "index" else "last"
        x.doc(f"Return the index of the {which} element of {xs} equal to {t}, or {m} if there is none."
              + (" Do not use list.index." if x.v == "index" else ""))
        if x.v == "index":
            x.form(
                (f"""
                for i, v in enumerate({xs}):
                    if v == {t}:
                        return i
                return {m}""", "The loop returns as soon as it finds the value; reaching the end means it is absent."),
                (f"""
                i = 0
                while i < len({xs}):
                    if {xs}[i] == {t}:
                        return i
                    i += 1
                return {m}""", "An index moves forward until it points at the value or runs off the end."),
                (f"""
                for i in range(len({xs})):
                    if {xs}[i] == {t}:
                        return i
                return {m}""", "Every index is tried in increasing order."),
                (f"return next((i for i, v in enumerate({xs}) if v == {t}), {m})",
                 "`next` takes the first matching index from a generator, or the default when there is none."),
            )
        else:
            x.form(
                (f"""
                for i in range(len({xs}) - 1, -1, -1):
                    if {xs}[i] == {t}:
                        return i
                return {m}""", "Walking the indices backwards finds the last occurrence first."),
                (f"""
                found = {m}
                for i, v in enumerate({xs}):
                    if v == {t}:
                        found = i
                return found""", "A forward scan remembers the most recent match; after the loop it is the last one."),
                (f"""
                i = len({xs}) - 1
                while i >= 0 and {xs}[i] != {t}:
                    i -= 1
                return i if i >= 0 else {m}""", "An index moves left from the end until it finds the value."),
                (f"""
                if {t} not in {xs}:
                    return {m}
                return len({xs}) - 1 - {xs}[::-1].index({t})""", ("The first occurrence in the reversed list is the last "
                                                                "one in the original, counted from the end.")),
            )
    elif x.v == "first_match":
        x.returns("int | None")
        x.doc(f"Return the first element of {xs} that is greater than {t}, or None if no element is.")
        x.form(
            (f"""
            for v in {xs}:
                if v > {t}:
                    return v
            return None""", "Stopping at the first match means later elements are never examined."),
            (f"return next((v for v in {xs} if v > {t}), None)", ("`next` with a default takes the first element of "
                                                                 "the generator, or None.")),
            (f"""
            i = 0
            while i < len({xs}) and {xs}[i] <= {t}:
                i += 1
            return {xs}[i] if i < len({xs}) else None""", ("The index skips elements that are too small; where it stops "
                                                          "is the answer, unless it ran off the end.")),
            (f"""
            bigger = [v for v in {xs} if v > {t}]
            return bigger[0] if bigger else None""", ("All larger elements are collected and the first one returned "
                                                    "(simple, though it looks at the whole list).")),
        )
    else:
        x.returns("int")
        x.doc(f"Return how many elements of {xs} are strictly smaller than {t}.")
        x.form(
            (f"return sum(1 for v in {xs} if v < {t})", "A generator yields 1 for each smaller element."),
            (f"""
            count = 0
            for v in {xs}:
                if v < {t}:
                    count += 1
            return count""", "A counter goes up for every smaller element."),
            (f"return len([v for v in {xs} if v < {t}])", "The smaller elements are listed and counted."),
            (f"return sum(v < {t} for v in {xs})", "Each comparison counts as 1 when it is True."),
        )
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
    helper = x.local("lower_bound|first_not_below|leftmost")
    lower = f"""
        def {helper}(wanted):
            left, right = 0, len({xs})
            while left < right:
                mid = (left + right) // 2
                if {xs}[mid] < wanted:
                    left = mid + 1
                else:
                    right = mid
            return left"""
    lower_rec = f"""
        def {helper}(wanted, left=0, right=len({xs})):
            if left >= right:
                return left
            mid = (left + right) // 2
            if {xs}[mid] < wanted:
                return {helper}(wanted, mid + 1, right)
            return {helper}(wanted, left, mid)"""
    srt = lambda r: sorted(ints(r, 0, 9, 0, 20))
    if x.v == "count_in_range":
        lo_, hi_ = x.param("low|lo|start", "int"), x.param("high|hi|stop", "int")
        x.returns("int")
        x.doc(f"{xs} is sorted in increasing order. Return how many of its elements v satisfy "
              f"{lo_} <= v <= {hi_}, using binary search rather than a scan.")
        x.form(
            (lower, f"return {helper}({hi_} + 1) - {helper}({lo_})",
             "The leftmost insertion point of high + 1 minus that of low is the number of elements in between."),
            (lower_rec, f"return {helper}({hi_} + 1) - {helper}({lo_})",
             "A recursive binary search finds both insertion points."),
            (f"""
            import bisect
            return bisect.bisect_right({xs}, {hi_}) - bisect.bisect_left({xs}, {lo_})""",
             ("`bisect_right` finds the position after the last element <= high and `bisect_left` the position of "
             "the first element >= low; their difference is the count.")),
            (f"""
            def position(value, after_equal):
                left, right = 0, len({xs})
                while left < right:
                    mid = (left + right) // 2
                    if {xs}[mid] < value or (after_equal and {xs}[mid] == value):
                        left = mid + 1
                    else:
                        right = mid
                return left

            return position({hi_}, True) - position({lo_}, False)""",
             ("One binary search helper finds either the first position of a value or the position just after "
             "its last copy; the count lies between the two.")),
        )
        x.explain("Each search halves the range it looks at, so it takes about log2(n) steps.")
        x.cases(lambda r: (srt(r), (a := r.randint(0, 12)), a + r.randint(0, 8)), n=6)
        return
    t = x.param("target|value|key|x", "int")
    if x.v == "index":
        x.returns("int")
        x.doc(f"{xs} is sorted in increasing order and has no repeats. Return the index of {t} in it, or -1 "
              "if it is absent, using binary search.")
        x.form(
            f"""
            lo, hi = 0, len({xs}) - 1
            while lo <= hi:
                mid = (lo + hi) // 2
                if {xs}[mid] == {t}:
                    return mid
                if {xs}[mid] < {t}:
                    lo = mid + 1
                else:
                    hi = mid - 1
            return -1""",
            (f"""
            lo, hi = 0, len({xs})
            while lo < hi:
                mid = (lo + hi) // 2
                if {xs}[mid] < {t}:
                    lo = mid + 1
                else:
                    hi = mid
            return lo if lo < len({xs}) and {xs}[lo] == {t} else -1""",
             ("The search narrows a half-open range [lo, hi) down to the leftmost place the target could be, then "
             "checks whether it is there.")),
            (f"""
            def search(lo, hi):
                if lo > hi:
                    return -1
                mid = (lo + hi) // 2
                if {xs}[mid] == {t}:
                    return mid
                if {xs}[mid] < {t}:
                    return search(mid + 1, hi)
                return search(lo, mid - 1)

            return search(0, len({xs}) - 1)""", "The same halving written recursively: each call searches one half."),
            (f"""
            import bisect
            i = bisect.bisect_left({xs}, {t})
            if i < len({xs}) and {xs}[i] == {t}:
                return i
            return -1""", ("`bisect.bisect_left` performs the binary search; the element at that position is then "
                          "checked.")),
        )
        x.cases(lambda r: (sorted(set(ints(r, 0, 9, 0, 20))), r.randint(0, 20)), n=7)
    elif x.v == "insert_point":
        x.returns("int")
        x.doc(f"{xs} is sorted in increasing order. Return the smallest index at which {t} could be inserted "
              "so that the list stays sorted.")
        x.form(
            (lower, f"return {helper}({t})", ("The helper keeps every index below `left` holding a smaller value and "
                                             "every index from `right` on holding a value that is not smaller.")),
            (lower_rec, f"return {helper}({t})", "The recursion halves the range until it is empty."),
            (f"""
            lo, hi = 0, len({xs})
            while lo < hi:
                mid = (lo + hi) // 2
                if {xs}[mid] >= {t}:
                    hi = mid
                else:
                    lo = mid + 1
            return lo""", "The half-open range [lo, hi) shrinks until lo is the answer."),
            (f"""
            import bisect
            return bisect.bisect_left({xs}, {t})""", ("`bisect.bisect_left` computes exactly this leftmost insertion "
                                                   "point.")),
        )
        x.cases(lambda r: (srt(r), r.randint(0, 20)), n=7)
    else:
        x.returns("int | None")
        x.doc(f"{xs} is sorted in increasing order. Return its first element that is at least {t}, or None "
              "if every element is smaller.")
        x.form(
            (lower, f"""
            i = {helper}({t})
            return {xs}[i] if i < len({xs}) else None""", ("The leftmost insertion point is the position of the first "
                                                          "element that is not smaller.")),
            (f"""
            lo, hi = 0, len({xs}) - 1
            found = None
            while lo <= hi:
                mid = (lo + hi) // 2
                if {xs}[mid] >= {t}:
                    found = {xs}[mid]
                    hi = mid - 1
                else:
                    lo = mid + 1
            return found""", ("Every candidate that is large enough is remembered, and the search continues to the "
                             "left for an earlier one.")),
            (f"""
            import bisect
            i = bisect.bisect_left({xs}, {t})
            return {xs}[i] if i < len({xs}) else None""", "`bisect.bisect_left` finds the position by binary search."),
            (lower_rec, f"""
            i = {helper}({t})
            if i == len({xs}):
                return None
            return {xs}[i]""", ("A recursive binary search finds the leftmost position whose element is not "
                               "smaller.")),
        )
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
    inplace = x.v != "counting" and x.chance(0.3)
    cmp = ">" if not desc else "<"
    order = "decreasing" if desc else "increasing"
    method = {'bubble': 'bubble sort', 'insertion': 'insertion sort', 'selection': 'selection sort',
              'counting': 'counting sort'}[x.v]
    x.returns("list[int]")
    if inplace:
        a = xs
        x.doc(f"Sort the list {xs} in place into {order} order using {method}, and return it (the same list "
              "object, now sorted).")
    else:
        x.doc(f"Return a new list with the elements of {xs} in {order} order, using {method}. "
              f"The input list is not modified" + (" and its values are between 0 and 9." if x.v == "counting" else "."))
    copies = (f"{xs} = list({xs})", f"{xs} = {xs}[:]")

    def use(*options):
        """Use one of the options; sorting in place, only those that sort a copy, minus the copy."""
        if inplace:
            options = tuple(o for o in options if any(c in o[0] for c in copies))
        x.form(*options)
        if inplace:
            x._body = "".join(line for line in x._body.splitlines(keepends=True) if line.strip() not in copies)
            x.explain("The list is sorted where it is, so no copy is made and the caller's list changes.")
    if x.v == "bubble":
        use(
            (f"""
            {a} = list({xs})
            for end in range(len({a}) - 1, 0, -1):
                for i in range(end):
                    if {a}[i] {cmp} {a}[i + 1]:
                        {a}[i], {a}[i + 1] = {a}[i + 1], {a}[i]
            return {a}""", ("Each pass swaps neighbours that are out of order, which carries the extreme value to the "
                           "end; after n - 1 passes the list is sorted.")),
            (f"""
            {a} = {xs}[:]
            swapped = True
            while swapped:
                swapped = False
                for i in range(len({a}) - 1):
                    if {a}[i] {cmp} {a}[i + 1]:
                        {a}[i], {a}[i + 1] = {a}[i + 1], {a}[i]
                        swapped = True
            return {a}""", "Passes repeat until one of them makes no swap, which means the list is in order."),
            (f"""
            {a} = list({xs})
            n = len({a})
            for i in range(n):
                for j in range(n - 1 - i):
                    if {a}[j] {cmp} {a}[j + 1]:
                        {a}[j], {a}[j + 1] = {a}[j + 1], {a}[j]
            return {a}""", ("After pass i the last i elements are in their final places, so each pass can stop "
                           "earlier.")),
        )
    elif x.v == "insertion":
        keep = ">=" if not desc else "<="
        use(
            (f"""
            {a} = list({xs})
            for i in range(1, len({a})):
                current = {a}[i]
                j = i - 1
                while j >= 0 and {a}[j] {cmp} current:
                    {a}[j + 1] = {a}[j]
                    j -= 1
                {a}[j + 1] = current
            return {a}""", ("The front of the list is kept sorted; each new element slides left past larger ones "
                           "into its place.")),
            (f"""
            {a} = list({xs})
            for i in range(1, len({a})):
                j = i
                while j > 0 and {a}[j - 1] {cmp} {a}[j]:
                    {a}[j - 1], {a}[j] = {a}[j], {a}[j - 1]
                    j -= 1
            return {a}""", "Each new element is swapped leftwards until its left neighbour is in order with it."),
            (f"""
            {a} = []
            for value in {xs}:
                i = 0
                while i < len({a}) and value {keep} {a}[i]:
                    i += 1
                {a}.insert(i, value)
            return {a}""", ("The result list is always sorted; each value is inserted at the first place where it "
                           "belongs.")),
        )
    elif x.v == "selection":
        pick = "<" if not desc else ">"
        best_fn = "min" if not desc else "max"
        use(
            (f"""
            {a} = list({xs})
            for i in range(len({a})):
                best = i
                for j in range(i + 1, len({a})):
                    if {a}[j] {pick} {a}[best]:
                        best = j
                {a}[i], {a}[best] = {a}[best], {a}[i]
            return {a}""", "Each round selects the best remaining element and swaps it into the next position."),
            (f"""
            {a} = list({xs})
            for i in range(len({a})):
                j = {a}.index({best_fn}({a}[i:]), i)
                {a}[i], {a}[j] = {a}[j], {a}[i]
            return {a}""", (f"`{best_fn}` of the unsorted tail finds the value to select, and `index` (searching from i) "
                           "finds where it is.")),
            (f"""
            rest = list({xs})
            {a} = []
            while rest:
                chosen = {best_fn}(rest)
                rest.remove(chosen)
                {a}.append(chosen)
            return {a}""", ("The selected value is moved from the remaining values to the end of the result, until "
                           "nothing remains.")),
        )
    else:
        x.form(
            (f"""
            counts = [0] * 10
            for v in {xs}:
                counts[v] += 1
            {a} = []
            for value, n in enumerate(counts):
                {a}.extend([value] * n)
            return {a}""", ("Counting how often each small value occurs and writing them out in order sorts without "
                           "comparing elements.")),
            (f"return [v for v in range(10) for _ in range({xs}.count(v))]",
             "For each possible value, in order, it is written as many times as it occurs."),
            (f"""
            counts = {{}}
            for v in {xs}:
                counts[v] = counts.get(v, 0) + 1
            {a} = []
            for value in range(10):
                {a} += [value] * counts.get(value, 0)
            return {a}""", "A dictionary counts the values; the values 0 to 9 are then written out in order."),
            (f"""
            {a} = []
            for value in range(10):
                {a}.extend(v for v in {xs} if v == value)
            return {a}""", "For each possible value in increasing order, its copies are gathered from the input."),
        )
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
        x.form(
            (f"return sorted({p}, key=lambda pair: (-pair[1], pair[0]))",
             "A key of (-score, name) sorts by score descending and breaks ties by name ascending."),
            (f"""
            by_name = sorted({p}, key=lambda pair: pair[0])
            return sorted(by_name, key=lambda pair: pair[1], reverse=True)""",
             "Sorting is stable, so sorting by name first and by score second leaves equal scores in name order."),
            (f"""
            from operator import itemgetter
            result = sorted({p}, key=itemgetter(0))
            result.sort(key=itemgetter(1), reverse=True)
            return result""", "`operator.itemgetter` builds the key functions; two stable sorts do the job."),
            (f"return sorted({p}, key=lambda pair: (-pair[1], pair))", ("Ties on score fall back to comparing the "
                                                                       "whole pair, which starts with the name.")),
        )
        x.cases(lambda r: ([(n, r.randint(0, 5)) for n in r.sample(NAMES, r.randint(0, 5))],), n=6)
    elif x.v == "by_abs":
        xs = x.param("numbers|values|data", "list[int]")
        x.returns("list[int]")
        x.doc(f"Return the numbers of {xs} sorted by absolute value; numbers with the same absolute value keep "
              "their original order.")
        x.form(
            (f"return sorted({xs}, key=abs)", ("`sorted` is stable, so elements with equal keys keep their relative "
                                              "order.")),
            (f"return sorted({xs}, key=lambda v: abs(v))", "The key lambda returns each number's distance from zero."),
            (f"""
            result = list({xs})
            result.sort(key=abs)
            return result""", "A copy is sorted in place, leaving the input untouched."),
            (f"return [v for _, _, v in sorted((abs(v), i, v) for i, v in enumerate({xs}))]",
             ("Decorate, sort, undecorate: each number is paired with its key and position, which makes ties keep "
             "their original order.")),
        )
        x.cases(lambda r: (ints(r, 0, 7, -6, 6),), n=6)
    else:
        ws = x.param("words|names|items", "list[str]")
        x.returns("list[str]")
        if x.v == "by_length":
            x.doc(f"Return the words of {ws} sorted from shortest to longest; words of equal length are in "
                  "alphabetical order.")
            x.form(
                (f"return sorted({ws}, key=lambda w: (len(w), w))",
                 "A tuple key compares by its first item and uses the second to break ties."),
                (f"return sorted(sorted({ws}), key=len)", ("Sorting alphabetically first and then (stably) by length "
                                                        "keeps equal lengths in alphabetical order.")),
                (f"return [w for _, w in sorted((len(w), w) for w in {ws})]",
                 "Pairs (length, word) sort by length and then by word; the words are read back out."),
                (f"""
                result = sorted({ws})
                result.sort(key=len)
                return result""", ("Two sorts in a row: the second is stable, so it keeps the first one's order for "
                                  "ties.")),
            )
        else:
            x.doc(f"Return the non-empty words of {ws} sorted by their last character; words with the same last "
                  "character keep their original order.")
            x.form(
                (f"return sorted({ws}, key=lambda w: w[-1])",
                 "The key function picks what to compare; stability keeps ties in input order."),
                (f"""
                def last(word):
                    return word[-1]

                return sorted({ws}, key=last)""", "A named key function returns the last character of a word."),
                (f"return [w for _, _, w in sorted((w[-1], i, w) for i, w in enumerate({ws}))]",
                 "Each word is decorated with its last letter and position, so equal letters keep input order."),
                (f"""
                result = list({ws})
                result.sort(key=lambda w: w[-1:])
                return result""", "`w[-1:]` is the last character as a one-letter string."),
            )
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
        empty = x.pick(["nonempty", "nonempty", "raise"])
        x.doc(f"Return the median of {xs}: the middle value after sorting, or the mean of the two middle values "
              "when the length is even. " + (f"{xs} is not empty." if empty == "nonempty"
                                             else f"Raise ValueError when {xs} is empty."))
        guard = f"if not {xs}:\n    raise ValueError('median of an empty list')" if empty == "raise" else ""
        x.form(
            (guard, f"""
            ordered = sorted({xs})
            mid = len(ordered) // 2
            if len(ordered) % 2 == 1:
                return float(ordered[mid])
            return (ordered[mid - 1] + ordered[mid]) / 2""", ("Sorting puts the middle value in the middle; with an "
                                                             "even count two values share the middle.")),
            (guard, f"""
            ordered = sorted({xs})
            n = len(ordered)
            return (ordered[(n - 1) // 2] + ordered[n // 2]) / 2""",
             "For an odd length both indices point at the same middle value, so one formula covers both cases."),
            (guard, f"""
            import statistics
            return float(statistics.median({xs}))""", ("`statistics.median` does the work; `float` makes an odd-length "
                                                      "result a float too.")),
            (guard, f"""
            ordered = sorted({xs})
            mid, odd = divmod(len(ordered), 2)
            return float(ordered[mid]) if odd else (ordered[mid - 1] + ordered[mid]) / 2""",
             "`divmod` gives the middle index and whether the length is odd at once."),
        )
        x.cases(lambda r: (ints(r, 1, 8),), n=6)
        if empty == "raise":
            x.raises("ValueError", [])
        return
    k = x.param("k|n|count", "int")
    if x.v in ("k_largest", "k_smallest"):
        big = x.v == "k_largest"
        x.returns("list[int]")
        x.doc(f"Return the {k} {'largest' if big else 'smallest'} values of {xs} from "
              f"{'largest to smallest' if big else 'smallest to largest'} (all of them if there are fewer).")
        pick, heap = ("max", "nlargest") if big else ("min", "nsmallest")
        guard = x.reject(f"{k} < 0", "k must not be negative", f"Raise ValueError if {k} is negative.", ([3, 1, 2], -1))
        x.form(
            (f"return sorted({xs}, reverse={big})[:{k}]" if big else f"return sorted({xs})[:{k}]",
             "Sorting once and slicing the front gives the extreme values in order."),
            (f"""
            import heapq
            return heapq.{heap}({k}, {xs})""", f"`heapq.{heap}` returns the k extreme values already in order."),
            (f"""
            rest = list({xs})
            result = []
            while rest and len(result) < {k}:
                value = {pick}(rest)
                rest.remove(value)
                result.append(value)
            return result""", (f"The {pick}imum of what remains is moved to the result, k times or until nothing is "
                              "left.")),
            (f"""
            ordered = sorted({xs})
            return {'ordered[::-1][:' + k + ']' if big else 'ordered[:' + k + ']'}""",
             "After sorting in increasing order, the answer is at the " + ("end (read backwards)." if big
                                                                          else "front.")),
            prefix=guard,
        )
        x.cases(lambda r: (ints(r, 0, 8), r.randint(0, 4)), n=6)
    else:
        x.returns("int")
        strict = x.chance(0.35)
        x.doc(f"Return the {k}-th smallest value of {xs}, counting from 1 and counting repeated values "
              f"separately; " + (f"raise ValueError unless 1 <= {k} <= len({xs})." if strict
                                 else f"1 <= {k} <= len({xs})."))
        guard = (f"if not 1 <= {k} <= len({xs}):\n    raise ValueError('k out of range')" if strict else "")
        x.form(
            (guard, f"return sorted({xs})[{k} - 1]", "After sorting, the k-th smallest value sits at index k - 1."),
            (guard, f"""
            import heapq
            return heapq.nsmallest({k}, {xs})[-1]""", "The last of the k smallest values is the k-th smallest."),
            (guard, f"""
            rest = list({xs})
            for _ in range({k} - 1):
                rest.remove(min(rest))
            return min(rest)""", "Removing the minimum k - 1 times leaves the k-th smallest as the new minimum."),
            (guard, f"""
            ordered = list({xs})
            ordered.sort()
            return ordered[{k} - 1]""", "A sorted copy is indexed at k - 1."),
        )
        x.cases(lambda r: ((v := ints(r, 1, 8)), r.randint(1, len(v))), n=6)
        if strict:
            x.raises("ValueError", [3, 1, 2], 0)
            x.raises("ValueError", [3, 1, 2], 4)


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
        guard = x.reject(f"{e} < 0", "negative exponent", f"Raise ValueError if {e} is negative.", (2, -x.rng.randint(1, 3)))
        x.form(
            (f"""
            if {e} == 0:
                return 1
            return {b} * {f}({b}, {e} - 1)""", ("The base case exp == 0 returns 1; every other call multiplies by base "
                                               "once and recurses with a smaller exponent.")),
            (f"return 1 if {e} == 0 else {b} * {f}({b}, {e} - 1)", ("The base case and the recursive case fit in one "
                                                                  "conditional expression.")),
            (f"""
            if {e} == 0:
                return 1
            half = {f}({b}, {e} // 2)
            if {e} % 2:
                return half * half * {b}
            return half * half""", "Halving the exponent at each call needs only about log2(exp) calls."),
            (f"""
            def go(k, acc):
                if k == 0:
                    return acc
                return go(k - 1, acc * {b})

            return go({e}, 1)""", "A helper carries the product built so far in an accumulator argument."),
            prefix=guard,
        )
        x.cases(lambda r: (r.randint(-3, 6), r.randint(0, 8)), n=6)
        return
    n = x.param("n|number|k", "int")
    if x.v == "sum_to":
        x.returns("int")
        x.doc(f"Return 1 + 2 + ... + {n} for {n} >= 0, recursively.")
        guard = x.reject(f"{n} < 0", "n must not be negative", f"Raise ValueError if {n} is negative.", (-x.rng.randint(1, 9),))
        x.form(
            (f"return 0 if {n} == 0 else {n} + {f}({n} - 1)", ("The sum up to n is n plus the sum up to n - 1, and "
                                                             "the sum up to 0 is 0.")),
            (f"""
            if {n} <= 0:
                return 0
            return {n} + {f}({n} - 1)""", "The base case stops the recursion at 0."),
            (f"""
            def add_from(i, total):
                if i > {n}:
                    return total
                return add_from(i + 1, total + i)

            return add_from(1, 0)""", "A helper counts up from 1, carrying the running total."),
            (f"""
            if {n} == 0:
                return 0
            return {f}({n} - 1) + {n}""", "The recursive call comes first and the last term is added afterwards."),
            prefix=guard,
        )
        x.cases(lambda r: (r.randint(0, 30),), n=6)
    elif x.v == "digit_sum":
        x.returns("int")
        x.doc(f"Return the sum of the decimal digits of {n} (n >= 0), recursively.")
        guard = x.reject(f"{n} < 0", "n must not be negative", f"Raise ValueError if {n} is negative.", (-x.rng.randint(1, 999),))
        x.form(
            (f"""
            if {n} < 10:
                return {n}
            return {n} % 10 + {f}({n} // 10)""", ("The last digit plus the digit sum of the remaining number; a single "
                                                 "digit is its own sum.")),
            (f"return {n} if {n} < 10 else {n} % 10 + {f}({n} // 10)", "One conditional expression holds both cases."),
            (f"""
            if {n} == 0:
                return 0
            rest, last = divmod({n}, 10)
            return last + {f}(rest)""", "`divmod` splits off the last digit; 0 has digit sum 0."),
            (f"""
            text = str({n})
            if len(text) == 1:
                return {n}
            return int(text[0]) + {f}(int(text[1:]))""", ("The first digit of the text plus the digit sum of the "
                                                        "number written by the remaining digits.")),
            prefix=guard,
        )
        x.cases(lambda r: (r.randint(0, 99999),), n=6)
    else:
        x.returns("list[int]")
        x.doc(f"Return the list [{n}, {n} - 1, ..., 1] (empty when {n} <= 0), built recursively.")
        x.form(
            (f"""
            if {n} <= 0:
                return []
            return [{n}] + {f}({n} - 1)""", ("Each call contributes its own number and lets the recursive call produce "
                                            "the rest.")),
            (f"return [{n}] + {f}({n} - 1) if {n} > 0 else []", "The two cases fit in one conditional expression."),
            (f"""
            if {n} < 1:
                return []
            result = [{n}]
            result.extend({f}({n} - 1))
            return result""", "The list starts with n and is extended by the countdown from n - 1."),
            (f"""
            def fill(i, out):
                if i < 1:
                    return out
                out.append(i)
                return fill(i - 1, out)

            return fill({n}, [])""", "A helper appends to one list as it counts down."),
        )
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
            x.form(
                f"""
                if len({s}) <= 1:
                    return {s}
                return {f}({s}[1:]) + {s}[0]""",
                f"""
                if not {s}:
                    return ''
                return {s}[-1] + {f}({s}[:-1])""",
                (f"""
                if len({s}) < 2:
                    return {s}
                mid = len({s}) // 2
                return {f}({s}[mid:]) + {f}({s}[:mid])""", ("Reversing the two halves and swapping them reverses the "
                                                           "whole string.")),
                f"return {s} if len({s}) <= 1 else {f}({s}[1:]) + {s}[0]",
            )
            x.cases(lambda r: (r.choice(WORDS + SHORT_WORDS + [""]),), n=6)
        else:
            c = x.param("ch|char|letter", "str")
            x.returns("int")
            x.doc(f"Return how many times the character {c} occurs in {s}, recursively.")
            x.form(
                f"""
                if not {s}:
                    return 0
                return ({s}[0] == {c}) + {f}({s}[1:], {c})""",
                f"""
                if {s} == '':
                    return 0
                first = 1 if {s}[0] == {c} else 0
                return first + {f}({s}[1:], {c})""",
                f"return 0 if not {s} else ({s}[-1] == {c}) + {f}({s}[:-1], {c})",
                (f"""
                def count_from(i):
                    if i == len({s}):
                        return 0
                    return ({s}[i] == {c}) + count_from(i + 1)

                return count_from(0)""", "A helper walks an index instead of slicing the string."),
            )
            x.cases(lambda r: (r.choice(WORDS), r.choice("aeiort")), n=6)
        x.explain("The first (or last) character is handled directly and the rest of the string by a recursive "
                  "call; the empty string ends the recursion.")
    else:
        xs = x.param("items|values|numbers", "list[int]")
        if x.v == "max_rec":
            x.returns("int")
            x.doc(f"Return the largest element of the non-empty list {xs}, recursively and without max().")
            guard = x.reject(f"not {xs}", "empty list", f"Raise ValueError if {xs} is empty.", ([],))
            x.form(
                f"""
                if len({xs}) == 1:
                    return {xs}[0]
                rest = {f}({xs}[1:])
                return {xs}[0] if {xs}[0] > rest else rest""",
                (f"""
                if len({xs}) == 1:
                    return {xs}[0]
                mid = len({xs}) // 2
                left, right = {f}({xs}[:mid]), {f}({xs}[mid:])
                return left if left >= right else right""", "The larger of the two halves' maxima is the maximum."),
                (f"""
                def best_from(i, best):
                    if i == len({xs}):
                        return best
                    return best_from(i + 1, {xs}[i] if {xs}[i] > best else best)

                return best_from(1, {xs}[0])""", "A helper carries the best value so far along the list."),
                f"""
                if len({xs}) == 1:
                    return {xs}[0]
                if {xs}[0] >= {xs}[-1]:
                    return {f}({xs}[:-1])
                return {f}({xs}[1:])""",
                prefix=guard,
            )
            x.cases(lambda r: (ints(r, 1, 8),), n=6)
        else:
            x.returns("bool")
            x.doc(f"Return True if every element of {xs} is less than or equal to the next one, recursively.")
            x.form(
                f"""
                if len({xs}) < 2:
                    return True
                return {xs}[0] <= {xs}[1] and {f}({xs}[1:])""",
                f"""
                if len({xs}) < 2:
                    return True
                if {xs}[0] > {xs}[1]:
                    return False
                return {f}({xs}[1:])""",
                f"return len({xs}) < 2 or ({xs}[-2] <= {xs}[-1] and {f}({xs}[:-1]))",
                (f"""
                def ok_from(i):
                    if i >= len({xs}) - 1:
                        return True
                    return {xs}[i] <= {xs}[i + 1] and ok_from(i + 1)

                return ok_from(0)""", "A helper checks one neighbouring pair per call, moving an index along."),
            )
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
        x.form(
            (f"""
            value, children = {t}
            return 1 + sum({f}(child) for child in children)""", ("A node counts itself plus the nodes of each child "
                                                                "subtree.")),
            (f"""
            count = 1
            for child in {t}[1]:
                count += {f}(child)
            return count""", "The loop adds the size of every child subtree to the node itself."),
            (f"""
            count = 0
            stack = [{t}]
            while stack:
                _, children = stack.pop()
                count += 1
                stack.extend(children)
            return count""", "Instead of recursion, a stack holds the nodes still to be counted."),
            (f"return 1 + sum(map({f}, {t}[1]))", "`map` counts every child subtree; the node adds one for itself."),
        )
        tree = lambda r, d=0: (r.randint(0, 9), [tree(r, d + 1) for _ in range(r.randint(0, 3 if d < 2 else 0))])
        x.cases(lambda r: (tree(r),), n=6)
        return
    xs = x.param("items|data|nested|values", "list")
    if x.v == "depth":
        x.returns("int")
        x.doc(f"Return the nesting depth of {xs}: 1 for a list without inner lists, and 1 + the largest depth "
              "of its inner lists otherwise.")
        x.form(
            (f"return 1 + max(({f}(item) for item in {xs} if isinstance(item, list)), default=0)",
             "`max(..., default=0)` handles lists with no inner list, which end the recursion."),
            (f"""
            deepest = 0
            for item in {xs}:
                if isinstance(item, list):
                    deepest = max(deepest, {f}(item))
            return deepest + 1""", "The loop keeps the largest depth of any inner list."),
            (f"return max([{f}(item) for item in {xs} if isinstance(item, list)] + [0]) + 1",
             "Adding a 0 to the list of inner depths keeps `max` from failing when there is none."),
            (f"""
            best = 0
            stack = [({xs}, 1)]
            while stack:
                current, level = stack.pop()
                best = max(best, level)
                for item in current:
                    if isinstance(item, list):
                        stack.append((item, level + 1))
            return best""", "A stack of (list, level) pairs replaces the recursion."),
        )
    else:
        x.returns("int")
        x.doc(f"Return the sum of all the numbers in {xs}, which may contain lists nested to any depth.")
        x.form(
            (f"""
            total = 0
            for item in {xs}:
                if isinstance(item, list):
                    total += {f}(item)
                else:
                    total += item
            return total""", "An inner list is summed by the same function; a number is added directly."),
            (f"return sum({f}(i) if isinstance(i, list) else i for i in {xs})",
             "Each item contributes either itself or, if it is a list, its own nested sum."),
            (f"""
            total = 0
            stack = list({xs})
            while stack:
                item = stack.pop()
                if isinstance(item, list):
                    stack.extend(item)
                else:
                    total += item
            return total""", "A stack of items still to look at replaces the recursion."),
            (f"""
            if not {xs}:
                return 0
            head, rest = {xs}[0], {xs}[1:]
            return ({f}(head) if isinstance(head, list) else head) + {f}(rest)""",
             "The first item (summed recursively if it is a list) plus the sum of the rest."),
        )
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
        x.form(
            (f"""
            if not {xs}:
                return [[]]
            rest = {f}({xs}[1:])
            return sorted(rest + [sorted([{xs}[0]] + s) for s in rest])""",
             ("The subsets of a list are the subsets without its first element plus those same subsets with the "
             "first element added.")),
            (f"""
            result = [[]]
            for v in {xs}:
                result += [s + [v] for s in result]
            return sorted(sorted(s) for s in result)""", ("Each element doubles the collection: every subset so far, "
                                                         "with and without it.")),
            (f"""
            n = len({xs})
            subsets = []
            for mask in range(2 ** n):
                subsets.append(sorted({xs}[i] for i in range(n) if mask >> i & 1))
            return sorted(subsets)""", ("The bits of the numbers 0 to 2**n - 1 say which elements each subset "
                                       "takes.")),
            (f"""
            from itertools import combinations
            return sorted(sorted(c) for r in range(len({xs}) + 1) for c in combinations({xs}, r))""",
             "`itertools.combinations` gives the subsets of each size."),
        )
        x.cases(lambda r: (r.sample(range(10), r.randint(0, 3)),), n=5)
    elif x.v == "permutations":
        s = x.param("text|s|letters", "str")
        x.returns("list[str]")
        x.doc(f"Return all the distinct orderings of the characters of {s}, sorted alphabetically.")
        x.form(
            (f"""
            if len({s}) <= 1:
                return [{s}]
            found = set()
            for i, ch in enumerate({s}):
                for rest in {f}({s}[:i] + {s}[i + 1:]):
                    found.add(ch + rest)
            return sorted(found)""", ("Each character takes a turn at the front, followed by every ordering of the "
                                     "others; a set removes duplicates caused by repeated letters.")),
            (f"""
            orders = {{''}}
            for ch in {s}:
                orders = {{p[:i] + ch + p[i:] for p in orders for i in range(len(p) + 1)}}
            return sorted(orders)""", ("Each new character is inserted at every position of every ordering built "
                                      "so far.")),
            (f"""
            found = set()

            def build(prefix, rest):
                if not rest:
                    found.add(prefix)
                for i in range(len(rest)):
                    build(prefix + rest[i], rest[:i] + rest[i + 1:])

            build('', {s})
            return sorted(found)""", "Backtracking: a helper extends a prefix with each remaining character in turn."),
            (f"""
            if len({s}) <= 1:
                return [{s}]
            return sorted({{{s}[i] + p for i in range(len({s})) for p in {f}({s}[:i] + {s}[i + 1:])}})""",
             "A set comprehension puts each character in front of every ordering of the others."),
        )
        x.cases(lambda r: ("".join(r.choice("abcab") for _ in range(r.randint(1, 4))),), n=5)
    elif x.v == "combinations":
        xs, k = x.param("items|values|pool", "list[int]"), x.param("k|size|r", "int")
        x.returns("list[list[int]]")
        x.doc(f"Return all combinations of {k} elements of {xs} as lists that keep the input order; the "
              "combinations that contain the first element come first.")
        guard = x.reject(f"{k} < 0", "k must not be negative", f"Raise ValueError if {k} is negative.", ([1, 2], -1))
        x.form(
            (f"""
            if {k} == 0:
                return [[]]
            if len({xs}) < {k}:
                return []
            first, rest = {xs}[0], {xs}[1:]
            return [[first] + c for c in {f}(rest, {k} - 1)] + {f}(rest, {k})""",
             "A combination either uses the first element (and k - 1 of the rest) or does not (and k of the rest)."),
            (f"""
            result = []

            def pick(start, chosen):
                if len(chosen) == {k}:
                    result.append(chosen)
                    return
                for i in range(start, len({xs})):
                    pick(i + 1, chosen + [{xs}[i]])

            pick(0, [])
            return result""", ("Backtracking: each step chooses the next element from the positions after the last "
                              "one chosen.")),
            (f"""
            def go(i, need):
                if need == 0:
                    return [[]]
                if len({xs}) - i < need:
                    return []
                return [[{xs}[i]] + c for c in go(i + 1, need - 1)] + go(i + 1, need)

            return go(0, {k})""", "A helper works on positions instead of slices: take the element at i, or skip it."),
            (f"""
            partial = [[]]
            for v in {xs}:
                partial += [c + [v] for c in partial if len(c) < {k}]
            chosen = [c for c in partial if len(c) == {k}]
            return sorted(chosen, key=lambda c: [{xs}.index(v) for v in c])""",
             ("Every element extends the partial combinations built so far; the complete ones are finally put in "
             "the order of the positions they use.")),
            prefix=guard,
        )
        x.cases(lambda r: (r.sample(range(1, 9), r.randint(0, 4)), r.randint(0, 3)), n=6)
    else:
        n = x.param("n|length|width", "int")
        x.returns("list[str]")
        x.doc(f"Return all strings of length {n} made of '0' and '1', in increasing order.")
        x.form(
            (f"""
            if {n} == 0:
                return ['']
            shorter = {f}({n} - 1)
            return ['0' + s for s in shorter] + ['1' + s for s in shorter]""",
             "Strings of length n are '0' or '1' followed by a string of length n - 1."),
            (f"""
            result = ['']
            for _ in range({n}):
                result = [s + bit for s in result for bit in '01']
            return result""", "Each round appends a 0 and a 1 to every string so far, which keeps them in order."),
            (f"""
            if {n} == 0:
                return ['']
            return [format(i, 'b').zfill({n}) for i in range(2 ** {n})]""",
             ("The numbers 0 to 2**n - 1 written in binary and padded with zeros are exactly these strings, in "
             "order.")),
            (f"return [''] if {n} == 0 else [s + bit for s in {f}({n} - 1) for bit in '01']",
             "Recursively: every string of length n - 1, followed by 0 and then by 1."),
        )
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
        x.form(
            f"""
            if {n} == 0:
                return []
            return ({f}({n} - 1, {src}, {dst}, {spare}) + [({src}, {dst})]
                    + {f}({n} - 1, {spare}, {src}, {dst}))""",
            (f"""
            moves = []

            def move(k, frm, mid, to):
                if k == 0:
                    return
                move(k - 1, frm, to, mid)
                moves.append((frm, to))
                move(k - 1, mid, frm, to)

            move({n}, {src}, {spare}, {dst})
            return moves""", "A helper appends the moves to one list as it recurses."),
            f"""
            if {n} == 0:
                return []
            moves = {f}({n} - 1, {src}, {dst}, {spare})
            moves.append(({src}, {dst}))
            moves.extend({f}({n} - 1, {spare}, {src}, {dst}))
            return moves""",
            (f"""
            moves = []
            todo = [({n}, {src}, {spare}, {dst}, False)]
            while todo:
                k, frm, mid, to, ready = todo.pop()
                if k == 0:
                    continue
                if ready:
                    moves.append((frm, to))
                else:
                    todo.append((k - 1, mid, frm, to, False))
                    todo.append((k, frm, mid, to, True))
                    todo.append((k - 1, frm, to, mid, False))
            return moves""", ("The recursion is replayed with an explicit stack of pending jobs; the three parts of a "
                             "job are pushed in reverse so that they are done in order.")),
        )
        x.cases(lambda r: (r.randint(0, 3),), n=4)
    else:
        x.returns("int")
        strict = x.chance(0.35)
        x.doc(f"Return how many single-disk moves are needed to move a tower of {n} disks to another peg, "
              "computed recursively." + (f" Raise ValueError if {n} is negative." if strict else ""))
        guard = f"if {n} < 0:\n    raise ValueError('the number of disks cannot be negative')" if strict else ""
        x.form(
            (guard, f"return 0 if {n} == 0 else 2 * {f}({n} - 1) + 1", ""),
            (guard, f"""
            if {n} == 0:
                return 0
            return 2 * {f}({n} - 1) + 1""", ""),
            (guard, f"""
            if {n} == 0:
                return 0
            below = {f}({n} - 1)
            return below + 1 + below""", ""),
        )
        x.cases(lambda r: (r.randint(0, 20),), n=6)
        if strict:
            x.raises("ValueError", -x.rng.randint(1, 3))
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
        x.form(
            (f"""
            pairs = {{')': '(', ']': '[', '}}': '{{'}}
            {stack} = []
            for ch in {s}:
                if ch in '([{{':
                    {stack}.append(ch)
                elif ch in pairs:
                    if not {stack} or {stack}.pop() != pairs[ch]:
                        return False
            return not {stack}""", ("An opening bracket is pushed; a closing one must match the most recent unclosed "
                                   "opening bracket, which is on top of the stack. Anything left open at the end fails.")),
            (f"""
            closing = {{'(': ')', '[': ']', '{{': '}}'}}
            {stack} = []
            for ch in {s}:
                if ch in closing:
                    {stack}.append(closing[ch])
                elif ch in ')]}}':
                    if not {stack} or {stack}[-1] != ch:
                        return False
                    {stack}.pop()
            return len({stack}) == 0""", ("For every opening bracket the closing bracket it expects is pushed; each "
                                         "closing bracket must be the one on top.")),
            (f"""
            brackets = ''.join(ch for ch in {s} if ch in '()[]{{}}')
            while '()' in brackets or '[]' in brackets or '{{}}' in brackets:
                brackets = brackets.replace('()', '').replace('[]', '').replace('{{}}', '')
            return brackets == ''""", ("Only the brackets are kept; then adjacent matching pairs are deleted until "
                                      "none is left. Balanced text disappears completely.")),
            (f"""
            opening, closing = '([{{', ')]}}'
            {stack} = []
            for ch in {s}:
                if ch in opening:
                    {stack}.append(opening.index(ch))
                elif ch in closing:
                    if not {stack} or {stack}.pop() != closing.index(ch):
                        return False
            return not {stack}""", ("Each bracket kind is numbered by its position in the strings of openers and "
                                   "closers; the stack holds the numbers of the open brackets.")),
        )
        x.cases(lambda r: ("".join(r.choice("()[]{}ab") for _ in range(r.randint(0, 8))),), n=4)
        x.cases(lambda r: (r.choice(["(a[b]{c})", "{[()]}", "([)]", "((", "x(y)z"]),), n=7)
    elif x.v == "rpn":
        tokens = x.param("tokens|expr|items", "list[str]")
        x.returns("int")
        x.doc(f"Evaluate {tokens}, an expression in reverse Polish notation: integers and the operators '+', "
              "'-' and '*'. An operator applies to the two values before it.")
        guard = x.reject(f"not {tokens}", "empty expression", f"Raise ValueError if {tokens} is empty.", ([],))
        x.form(
            (f"""
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
            return {stack}[-1]""", ("Numbers are pushed; an operator pops its two operands (the right one comes off "
                                   "first) and pushes the result.")),
            (f"""
            import operator
            ops = {{'+': operator.add, '-': operator.sub, '*': operator.mul}}
            {stack} = []
            for tok in {tokens}:
                if tok in ops:
                    right, left = {stack}.pop(), {stack}.pop()
                    {stack}.append(ops[tok](left, right))
                else:
                    {stack}.append(int(tok))
            return {stack}.pop()""", "A dictionary maps each operator symbol to the function that applies it."),
            (f"""
            {stack} = []
            for tok in {tokens}:
                if tok not in '+-*':
                    {stack}.append(int(tok))
                    continue
                b, a = {stack}.pop(), {stack}.pop()
                {stack}.append(a + b if tok == '+' else a - b if tok == '-' else a * b)
            return {stack}[0]""", ("Numbers go on the stack; for an operator, a conditional expression computes the "
                                  "result from the two popped values.")),
            (f"""
            {stack} = []
            for tok in {tokens}:
                if tok.isdigit():
                    {stack}.append(int(tok))
                else:
                    right = {stack}.pop()
                    left = {stack}.pop()
                    {stack}.append({{'+': left + right, '-': left - right, '*': left * right}}[tok])
            return {stack}.pop()""", "All three results are computed and the operator picks one from a dictionary."),
            prefix=guard,
        )
        x.explain("The order matters for '-': the value popped first is the right operand.")

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
        x.form(
            (f"""
            {stack} = []
            for ch in {s}:
                if {stack} and {stack}[-1] == ch:
                    {stack}.pop()
                else:
                    {stack}.append(ch)
            return ''.join({stack})""", ("The stack holds the text reduced so far; a character equal to its top cancels "
                                        "it.")),
            (f"""
            out = ''
            for ch in {s}:
                if out[-1:] == ch:
                    out = out[:-1]
                else:
                    out += ch
            return out""", "A string plays the part of the stack: its last character is the top."),
            (f"""
            changed = True
            while changed:
                changed = False
                for i in range(len({s}) - 1):
                    if {s}[i] == {s}[i + 1]:
                        {s} = {s}[:i] + {s}[i + 2:]
                        changed = True
                        break
            return {s}""", ("The text is scanned for a pair, which is cut out, and the scan starts again until no "
                           "pair is found (slower, but it follows the description literally).")),
            (f"""
            chars = list({s})
            i = 0
            while i < len(chars) - 1:
                if chars[i] == chars[i + 1]:
                    del chars[i:i + 2]
                    i = max(i - 1, 0)
                else:
                    i += 1
            return ''.join(chars)""", ("A pair is deleted in place and the scan steps back one position, because the "
                                      "deletion may have brought two equal characters together.")),
        )
        x.cases(lambda r: ("".join(r.choice("abc") for _ in range(r.randint(0, 9))),), n=6)
    else:
        cmds = x.param("commands|actions|log", "list[str]")
        x.returns("str")
        x.doc(f"Replay the editing commands in {cmds}: 'type X' appends the text X, and 'undo' cancels the most "
              "recent 'type' that has not been undone yet (doing nothing if there is none). Return the final text.")
        x.form(
            (f"""
            {stack} = []
            for cmd in {cmds}:
                if cmd == 'undo':
                    if {stack}:
                        {stack}.pop()
                else:
                    {stack}.append(cmd[len('type '):])
            return ''.join({stack})""", "Each typed piece is pushed on a stack, so undo simply pops the latest one."),
            (f"""
            history = ['']
            for cmd in {cmds}:
                if cmd == 'undo':
                    if len(history) > 1:
                        history.pop()
                else:
                    history.append(history[-1] + cmd.partition(' ')[2])
            return history[-1]""", "The stack holds every version of the text; undo goes back to the previous version."),
            (f"""
            {stack} = []
            for cmd in {cmds}:
                if cmd.startswith('type '):
                    {stack}.append(cmd[5:])
                elif {stack}:
                    {stack}.pop()
            return ''.join({stack})""", "A command starting with 'type ' pushes its text; anything else is an undo."),
            (f"""
            {stack} = []
            for cmd in {cmds}:
                action, _, text = cmd.partition(' ')
                if action == 'type':
                    {stack}.append(text)
                elif {stack}:
                    {stack}.pop()
            return ''.join({stack})""", "`partition(' ')` separates the command word from its text."),
        )
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
        x.form(
            (f"""
            total = 0
            for dr in (-1, 0, 1):
                for dc in (-1, 0, 1):
                    if dr == 0 and dc == 0:
                        continue
                    nr, nc = {row} + dr, {col} + dc
                    if 0 <= nr < len({g}) and 0 <= nc < len({g}[0]):
                        total += {g}[nr][nc]
            return total""", ("The two loops over offsets -1, 0, 1 visit the surrounding square; a bounds check skips "
                             "positions off the grid.")),
            (f"""
            offsets = [(-1, -1), (-1, 0), (-1, 1), (0, -1), (0, 1), (1, -1), (1, 0), (1, 1)]
            total = 0
            for dr, dc in offsets:
                nr, nc = {row} + dr, {col} + dc
                if 0 <= nr < len({g}) and 0 <= nc < len({g}[0]) and {g}[nr][nc] == 1:
                    total += 1
            return total""", "The eight neighbouring offsets are listed explicitly."),
            (f"""
            rows = {g}[max(0, {row} - 1):{row} + 2]
            block = sum(sum(line[max(0, {col} - 1):{col} + 2]) for line in rows)
            return block - {g}[{row}][{col}]""", ("Slices cut out the (up to) 3 x 3 block around the cell, clipped at "
                                                 "the edges; the cell itself is subtracted again.")),
            (f"""
            return sum({g}[nr][nc]
                       for nr in range({row} - 1, {row} + 2)
                       for nc in range({col} - 1, {col} + 2)
                       if (nr, nc) != ({row}, {col}) and 0 <= nr < len({g}) and 0 <= nc < len({g}[0]))""",
             "One generator expression walks the 3 x 3 block, skipping the centre and positions off the grid."),
        )
        x.cases(lambda r: ((m := grid(r, 0.5)), r.randrange(len(m)), r.randrange(len(m[0]))), n=6)
        return
    x.returns("int" if x.v == "flood_size" else "bool")
    if x.v == "flood_size":
        row, col = x.param("row|r|i", "int"), x.param("col|c|j", "int")
        x.doc(f"Return the number of cells containing 1 that are connected to {g}[{row}][{col}] through "
              "up/down/left/right steps over cells containing 1 (0 if that cell is 0).")
        start, want, result, fail = f"({row}, {col})", 1, "len(seen)", "0"
    else:
        x.doc(f"Return True if one can walk from the top-left to the bottom-right cell of {g} through cells "
              "containing 0, moving up, down, left or right.")
        start, want, result, fail = "(0, 0)", 0, f"(len({g}) - 1, len({g}[0]) - 1) in seen", "False"
    inside = f"0 <= nr < len({g}) and 0 <= nc < len({g}[0])"
    x.form(
        (f"""
        r0, c0 = {start}
        if {g}[r0][c0] != {want}:
            return {fail}
        seen = {{(r0, c0)}}
        todo = [(r0, c0)]
        while todo:
            cr, cc = todo.pop()
            for nr, nc in ((cr + 1, cc), (cr - 1, cc), (cr, cc + 1), (cr, cc - 1)):
                if ({inside} and (nr, nc) not in seen
                        and {g}[nr][nc] == {want}):
                    seen.add((nr, nc))
                    todo.append((nr, nc))
        return {result}""", ("A depth-first search keeps a to-do stack of cells to explore and a set of cells "
                            "already reached, so no cell is visited twice.")),
        (f"""
        from collections import deque
        r0, c0 = {start}
        if {g}[r0][c0] != {want}:
            return {fail}
        seen = {{(r0, c0)}}
        queue = deque([(r0, c0)])
        while queue:
            cr, cc = queue.popleft()
            for dr, dc in ((1, 0), (-1, 0), (0, 1), (0, -1)):
                nr, nc = cr + dr, cc + dc
                if {inside} and (nr, nc) not in seen and {g}[nr][nc] == {want}:
                    seen.add((nr, nc))
                    queue.append((nr, nc))
        return {result}""", ("A breadth-first search explores the region ring by ring from a queue; the set of "
                            "reached cells stops it from going round in circles.")),
        (f"""
        seen = set()

        def visit(nr, nc):
            if not ({inside}) or (nr, nc) in seen or {g}[nr][nc] != {want}:
                return
            seen.add((nr, nc))
            visit(nr + 1, nc)
            visit(nr - 1, nc)
            visit(nr, nc + 1)
            visit(nr, nc - 1)

        visit(*{start})
        return {result}""", ("A recursive helper marks a cell and visits its four neighbours; cells off the grid, "
                            "already seen or of the wrong kind end the recursion.")),
        (f"""
        r0, c0 = {start}
        if {g}[r0][c0] != {want}:
            return {fail}
        seen = {{(r0, c0)}}
        order = [(r0, c0)]
        head = 0
        while head < len(order):
            cr, cc = order[head]
            head += 1
            for nr, nc in [(cr - 1, cc), (cr + 1, cc), (cr, cc - 1), (cr, cc + 1)]:
                if {inside} and {g}[nr][nc] == {want} and (nr, nc) not in seen:
                    seen.add((nr, nc))
                    order.append((nr, nc))
        return {result}""", ("The list of reached cells doubles as the queue: an index walks along it while new "
                            "cells are appended at the end.")),
    )
    if x.v == "flood_size":
        x.cases(lambda r: ((m := grid(r, 0.6)), r.randrange(len(m)), r.randrange(len(m[0]))), n=6)
    else:
        x.cases(lambda r: (grid(r, 0.3),), n=7)
