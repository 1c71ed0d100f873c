"""Concept families that compose two basic steps in one function: filter then aggregate, transform then
filter then sort, parse then validate, group then sort, count then rank, deduplicate then order, pair
then select, slide a window then reduce, normalise then compare, flatten then count, split then measure,
clamp then round, compute a statistic then compare with it, accumulate then check.

Each variant states its tie-breaks and what an empty input gives, and most offer several solution
forms (an explicit loop, a comprehension, a builtin) so that no single template answers them all."""

from __future__ import annotations

from phi1lib.teacher.offline.base import SHORT_WORDS, WORDS, Ctx, V, family, ints

T = "composition"

FEW_WORDS = ["red", "blue", "green", "tea", "sun", "moon", "sky", "owl"]  # small pools repeat often


def _cases(x: Ctx, gen, *edges: tuple, n: int = 7) -> None:
    """Two drawn cases first (the docstring shows them), then the edge cases, then more drawn ones."""
    x.cases(gen, n=2)
    for args in edges:
        x.case(*args)
    x.cases(gen, n=n)


def _rule(x: Ctx, *rules: str) -> str:
    return x.pick(list(rules))


def _cap(r, word: str) -> str:
    """`word` as written by a careless typist: lower, Capitalized or UPPER."""
    return r.choice([word, word, word.capitalize(), word.upper()])


# --------------------------------------------------------------------------------------------------


@family(T, "Filtering, then aggregating",
        V("sum_sq_even", "add up the squares of the even numbers of a list", "sum|total",
          "even_squares|squares_of_evens", names="even_square_sum"),
        V("mean_long", "average the lengths of the words longer than a given number of letters", "mean|average",
          "long_word_length|length_of_long_words"),
        V("max_odd", "find the largest odd number of a list", "largest|max|biggest", "odd|odd_value"),
        V("product_nonzero", "multiply together the non-zero numbers of a list (1 when there are none)",
          "product", "nonzero|of_nonzero", names="multiply_nonzero"),
        V("sum_between", "add up the numbers of a list that lie between two bounds, both included", "sum|total",
          "between|in_range|within"))
def filter_then_aggregate(x: Ctx) -> None:
    if x.v == "mean_long":
        ws, k = x.param("words|names|items|tokens", "list[str]"), x.param("k|min_len|limit|n", "int")
        lens, w = x.local("lengths|sizes|kept"), x.local("w|word|item")
        tot, cnt = x.local("total|acc|letters"), x.local("count|n_words|how_many")
        rule = _rule(x, "zero", "none", "raise")
        x.returns("float | None" if rule == "none" else "float")
        empty = {"zero": "return 0.0", "none": "return None", "raise": "raise ValueError('no word is long enough')"}[rule]
        said = {"zero": "return 0.0", "none": "return None", "raise": "raise ValueError"}[rule]
        x.doc(x.pick([
            (f"Return the mean length of the words of {ws} that have more than {k} characters, rounded to 2 "
             f"decimals. If no word is that long, {said}."),
            (f"Given a list of words {ws} and a number {k}, this function keeps the words strictly longer than {k} "
             f"and returns the average of their lengths, rounded to 2 decimals; when no word is kept it must {said}."),
            (f"Compute an average word length by these rules: only the words of {ws} with more than {k} letters "
             f"take part; the result is their mean length rounded to 2 decimals; if no word takes part, {said}.")]))
        form = x.pick(["list", "loop", "filter"])
        if form == "list":
            x.body(f"""
                {lens} = [len({w}) for {w} in {ws} if len({w}) > {k}]
                if not {lens}:
                    {empty}
                return round(sum({lens}) / len({lens}), 2)""")
        elif form == "loop":
            x.body(f"""
                {tot} = {cnt} = 0
                for {w} in {ws}:
                    if len({w}) > {k}:
                        {tot} += len({w})
                        {cnt} += 1
                if {cnt} == 0:
                    {empty}
                return round({tot} / {cnt}, 2)""")
        else:
            x.body(f"""
                {lens} = list(map(len, filter(lambda {w}: len({w}) > {k}, {ws})))
                if len({lens}) == 0:
                    {empty}
                return round(sum({lens}) / len({lens}), 2)""")
        x.explain("The words are filtered first and only then measured; keeping the count of kept words "
                  "separate from the total is what makes the empty case visible before dividing by zero.")

        def gen(r):
            k_ = r.randint(3, 6)
            chosen = r.sample(WORDS + SHORT_WORDS, r.randint(1, 6))
            if not any(len(c) > k_ for c in chosen):
                chosen.append(r.choice([c for c in WORDS if len(c) > k_]))
            return chosen, k_
        if rule == "raise":
            _cases(x, gen, n=6)
            x.raises("ValueError", [], 3)
            x.raises("ValueError", ["cat", "owl", "sun"], 4)
        else:
            _cases(x, gen, ([], 3), (["cat", "owl", "sun"], 4), n=7)
        return

    xs = x.param("numbers|values|nums|data|xs", "list[int]")
    acc, v = x.local("total|acc|result|running"), x.local("v|n|value|num|item")
    gen = lambda r: (ints(r, 1, 8, -12, 12),)
    if x.v == "sum_sq_even":
        x.returns("int")
        x.doc(x.pick([
            f"Return the sum of the squares of the even numbers in {xs}; 0 when there is no even number.",
            (f"Given a list of integers {xs}, this function keeps only the even values, squares each of them and "
             "returns the total of those squares (0 when nothing is kept)."),
            (f"Compute a total from {xs} by these rules: skip every odd number; square every even number "
             "(negative ones too); add the squares up. With nothing to add, the result is 0.")]))
        form = x.pick(["loop", "gen", "two_step", "continue"])
        x.body({"loop": f"""
            {acc} = 0
            for {v} in {xs}:
                if {v} % 2 == 0:
                    {acc} += {v} * {v}
            return {acc}""", "gen": f"return sum({v} ** 2 for {v} in {xs} if {v} % 2 == 0)", "two_step": f"""
            evens = [{v} for {v} in {xs} if {v} % 2 == 0]
            return sum({v} * {v} for {v} in evens)""", "continue": f"""
            {acc} = 0
            for {v} in {xs}:
                if {v} % 2 != 0:
                    continue
                {acc} += {v} ** 2
            return {acc}"""}[form])
        x.explain("Two steps are chained: a test (remainder 0 when divided by 2) decides which numbers pass, "
                  "and only those are squared and added, starting from 0 so that an empty selection gives 0.")
        _cases(x, gen, ([],), ([1, 3, 5],), n=7)
    elif x.v == "max_odd":
        best = x.local("best|largest|top|champion")
        rule = _rule(x, "none", "raise")
        x.returns("int | None" if rule == "none" else "int")
        fail = "return None" if rule == "none" else "raise ValueError('no odd number')"
        said = "None is returned" if rule == "none" else "ValueError is raised"
        x.doc(x.pick([
            f"Return the largest odd number in {xs}. If {xs} holds no odd number, {said}.",
            (f"Given a list of integers {xs}, this function looks only at its odd values (negative ones "
             f"included) and returns the biggest of them; when there is no odd value, {said}."),
            (f"Find a maximum under a condition: among the numbers of {xs} that are odd, return the largest. "
             f"Even numbers are ignored even if they are bigger. No odd number: {said}.")]))
        form = x.pick(["builtin", "loop", "sorted"])
        if form == "builtin":
            x.body(f"return max(({v} for {v} in {xs} if {v} % 2 != 0), default=None)" if rule == "none" else f"""
                odds = [{v} for {v} in {xs} if {v} % 2 != 0]
                if not odds:
                    {fail}
                return max(odds)""")
        elif form == "loop":
            check = [f"""
                if {best} is None:
                    {fail}"""] if rule == "raise" else []
            x.body(f"""
                {best} = None
                for {v} in {xs}:
                    if {v} % 2 == 1 and ({best} is None or {v} > {best}):
                        {best} = {v}""", *check, f"return {best}")
        else:
            x.body(f"""
                odds = sorted({v} for {v} in {xs} if {v} % 2)
                if not odds:
                    {fail}
                return odds[-1]""")
        x.explain("In Python `v % 2` is 1 for every odd integer, negative ones included, so one test selects "
                  "the candidates; the maximum is then taken over the candidates only, and the case with no "
                  "candidate is answered before any maximum is asked for.")

        def gen_odd(r):
            vals = ints(r, 1, 7, -15, 15)
            if rule == "raise" and not any(u % 2 for u in vals):
                vals.append(r.choice([-7, -3, 1, 5, 9]))
            return (vals,)
        if rule == "raise":
            _cases(x, gen_odd, n=6)
            x.raises("ValueError", [])
            x.raises("ValueError", [2, 8, -4])
        else:
            _cases(x, gen_odd, ([],), ([2, 8, -4],), n=7)
    elif x.v == "product_nonzero":
        x.returns("int")
        x.doc(x.pick([
            (f"Return the product of the non-zero numbers in {xs}. Zeros are skipped, and when no number is left "
             "the product is 1."),
            (f"Given a list of integers {xs}, this function multiplies together every element that is not 0 and "
             "returns the result (1 for an empty selection)."),
            (f"Multiply the numbers of {xs} with two rules: a 0 is ignored rather than making the result 0, and "
             "if nothing remains to multiply the answer is 1.")]))
        form = x.pick(["loop", "continue", "comp"])
        x.body({"loop": f"""
            {acc} = 1
            for {v} in {xs}:
                if {v} != 0:
                    {acc} *= {v}
            return {acc}""", "continue": f"""
            {acc} = 1
            for {v} in {xs}:
                if {v} == 0:
                    continue
                {acc} = {acc} * {v}
            return {acc}""", "comp": f"""
            {acc} = 1
            for {v} in [{v} for {v} in {xs} if {v}]:
                {acc} *= {v}
            return {acc}"""}[form])
        x.explain("The accumulator starts at 1, the neutral element of multiplication, so skipping every "
                  "number leaves 1; the filter runs before the multiplication.")
        _cases(x, lambda r: ([r.choice([0, 0, r.randint(-4, 6)]) for _ in range(r.randint(1, 6))],),
               ([],), ([0, 0],), n=7)
    else:
        lo, hi = x.param("low|lo|lower|start", "int"), x.param("high|hi|upper|stop", "int")
        x.returns("int")
        x.doc(x.pick([
            (f"Return the sum of the numbers of {xs} that lie between {lo} and {hi}, both bounds included "
             f"({lo} <= {hi}). With no such number the sum is 0."),
            (f"Given a list {xs} and bounds {lo} <= {hi}, this function adds up every element v with "
             f"{lo} <= v <= {hi} and returns the total, 0 if nothing qualifies."),
            (f"Total the in-range values: an element of {xs} counts when it is at least {lo} and at most {hi}; "
             "elements outside are ignored; an empty selection totals 0.")]))
        form = x.pick(["gen", "loop", "filter"])
        x.body({"gen": f"return sum({v} for {v} in {xs} if {lo} <= {v} <= {hi})", "loop": f"""
            {acc} = 0
            for {v} in {xs}:
                if {v} >= {lo} and {v} <= {hi}:
                    {acc} += {v}
            return {acc}""", "filter": f"return sum(filter(lambda {v}: {lo} <= {v} <= {hi}, {xs}))"}[form])
        x.explain("A chained comparison `lo <= v <= hi` tests both bounds at once; the numbers that pass are "
                  "added, so the bounds are part of the range.")
        bounds = lambda r: sorted([r.randint(-8, 8), r.randint(-8, 8)])
        _cases(x, lambda r: (ints(r, 1, 8, -12, 12), *bounds(r)), ([], 0, 5), ([3, 4, 5], 4, 4), n=7)


@family(T, "Transforming, filtering, then sorting",
        V("squares_above", "square every number, keep the squares above a limit and return them in increasing order",
          "sorted|big", "squares|squares_above", names="large_squares"),
        V("vowel_words", "lowercase the words, keep those starting with a vowel and sort them by length then "
          "alphabetically", "vowel|sorted_vowel", "words|initial_words", names="words_from_vowel"),
        V("abs_desc", "take the absolute values of the non-zero numbers and sort them from largest to smallest",
          "magnitudes|abs_values", "descending|sorted|ranked", names="sizes_largest_first"),
        V("lengths_with", "list the lengths of the words that contain a given letter, in increasing order",
          "lengths", "with_letter|containing", names="sorted_lengths_with"))
def map_filter_sort(x: Ctx) -> None:
    out, v = x.local("result|out|kept|picked"), x.local("v|item|n|value")
    if x.v in ("squares_above", "abs_desc"):
        xs = x.param("numbers|values|data|nums", "list[int]")
        x.returns("list[int]")
        if x.v == "squares_above":
            t = x.param("limit|threshold|floor|bound", "int")
            x.doc(x.pick([
                (f"Return the squares of the numbers in {xs} that are greater than {t}, sorted in increasing "
                 "order. Equal squares are all kept."),
                (f"Given numbers {xs} and a limit {t}, this function squares every number, keeps only the squares "
                 f"strictly above {t} and returns them from smallest to largest."),
                (f"Build a sorted list in three steps: square each element of {xs}; drop every square that is at "
                 f"most {t}; sort what is left in increasing order (duplicates stay).")]))
            form = x.pick(["sorted_gen", "loop", "two_lists", "map_filter"])
            x.body({"sorted_gen": f"return sorted({v} * {v} for {v} in {xs} if {v} * {v} > {t})", "loop": f"""
                {out} = []
                for {v} in {xs}:
                    square = {v} * {v}
                    if square > {t}:
                        {out}.append(square)
                {out}.sort()
                return {out}""", "two_lists": f"""
                squares = [{v} ** 2 for {v} in {xs}]
                return sorted(s for s in squares if s > {t})""",
                    "map_filter": f"return sorted(filter(lambda s: s > {t}, map(lambda {v}: {v} * {v}, {xs})))"}[form])
            _cases(x, lambda r: (ints(r, 1, 7, -9, 9), r.randint(0, 30)), ([], 4), ([1, -1, 2], 10), n=7)
        else:
            x.doc(x.pick([
                (f"Return the absolute values of the non-zero numbers in {xs}, sorted from largest to smallest "
                 "(repeated values are kept)."),
                (f"Given integers {xs}, this function drops the zeros, replaces every other number by its absolute "
                 "value and returns them in decreasing order."),
                (f"Rank the sizes of the numbers of {xs}: ignore zeros, turn negative numbers positive, and sort "
                 "the results so the biggest comes first. An empty or all-zero list gives [].")]))
            form = x.pick(["sorted_gen", "loop", "key"])
            x.body({"sorted_gen": f"return sorted((abs({v}) for {v} in {xs} if {v} != 0), reverse=True)", "loop": f"""
                {out} = []
                for {v} in {xs}:
                    if {v}:
                        {out}.append(abs({v}))
                {out}.sort(reverse=True)
                return {out}""", "key": f"""
                {out} = [abs({v}) for {v} in {xs} if {v} != 0]
                return sorted({out}, key=lambda a: -a)"""}[form])
            _cases(x, lambda r: (ints(r, 1, 7, -9, 9),), ([],), ([0, 0],), n=7)
    else:
        ws = x.param("words|items|names|tokens", "list[str]")
        if x.v == "vowel_words":
            x.returns("list[str]")
            x.doc(x.pick([
                (f"Return the words of {ws} that start with a vowel (a, e, i, o, u, in either case), lowercased and "
                 "sorted by length, words of equal length alphabetically. Duplicates are kept."),
                (f"Given a list of non-empty words {ws} in mixed case, this function lowercases them, keeps the ones "
                 "whose first letter is a vowel and returns them ordered shortest first (alphabetical order breaks "
                 "ties)."),
                (f"Transform, filter, sort: lowercase every word of {ws}; keep it only if it begins with a, e, i, o "
                 "or u; order the kept words by length, then alphabetically; repeated words appear repeatedly.")]))
            form = x.pick(["steps", "loop", "one"])
            x.body({"steps": f"""
                lowered = [w.lower() for w in {ws}]
                {out} = [w for w in lowered if w[0] in 'aeiou']
                return sorted({out}, key=lambda w: (len(w), w))""", "loop": f"""
                {out} = []
                for w in {ws}:
                    w = w.lower()
                    if w[0] in 'aeiou':
                        {out}.append(w)
                {out}.sort(key=lambda w: (len(w), w))
                return {out}""", "one": f"""
                {out} = sorted(w.lower() for w in {ws} if w[0].lower() in 'aeiou')
                return sorted({out}, key=len)"""}[form])
            vow = [w for w in WORDS if w[0] in "aeiou"]
            _cases(x, lambda r: ([_cap(r, w) for w in r.sample(vow, 3) + r.sample(WORDS, r.randint(0, 3))],),
                   ([],), (["Tree", "sky"],), n=7)
        else:
            c = x.param("letter|ch|char|c", "str")
            x.returns("list[int]")
            x.doc(x.pick([
                f"Return the lengths of the words of {ws} that contain the letter {c}, in increasing order.",
                (f"Given words {ws} and a single character {c}, this function measures every word in which {c} "
                 "occurs and returns those lengths sorted from smallest to largest (repeats kept)."),
                (f"Keep the words of {ws} that include {c} at least once, replace each by its length and sort the "
                 "lengths in increasing order; with no such word, return [].")]))
            form = x.pick(["sorted_gen", "loop", "map"])
            x.body({"sorted_gen": f"return sorted(len(w) for w in {ws} if {c} in w)", "loop": f"""
                {out} = []
                for w in {ws}:
                    if w.count({c}) > 0:
                        {out}.append(len(w))
                return sorted({out})""", "map": f"""
                {out} = list(map(len, [w for w in {ws} if {c} in w]))
                {out}.sort()
                return {out}"""}[form])
            _cases(x, lambda r: (r.sample(WORDS + SHORT_WORDS, r.randint(1, 6)), r.choice("aeiornt")),
                   ([], "a"), (["sky", "dry"], "e"), n=7)
    x.explain("The steps run in a fixed order: transform each element, keep those that pass the test, and "
              "sort once at the end; sorting last means the filter never has to care about order.")


@family(T, "Parsing, then validating",
        V("ints_in_range", "parse comma-separated integers and check that every one lies between two bounds",
          "all|check", "in_range|within_bounds", names="numbers_within"),
        V("valid_date", "check whether a 'YYYY-MM-DD' string names a real calendar date, leap years included",
          "is_valid|check", "date|calendar_date", names="is_real_date"),
        V("rgb", "parse 'r,g,b' into a tuple of three integers, rejecting parts outside 0..255",
          "parse|read", "rgb|color|colour", names="rgb_from_text"),
        V("newer_version", "compare two dotted version strings like '1.10.2' part by part as numbers and "
          "return the newer one", "newer|latest|max", "version|of_versions", names="pick_newer_version"),
        V("numeric_tokens", "add up the whitespace-separated tokens that consist only of digits, ignoring the rest",
          "sum", "numeric_tokens|digit_tokens|numbers_in_text", names="total_of_numbers"))
def parse_then_validate(x: Ctx) -> None:
    s = x.param("text|line|raw|s", "str")
    p = x.local("part|piece|field|token")
    if x.v == "ints_in_range":
        lo, hi = x.param("low|lo|minimum", "int"), x.param("high|hi|maximum", "int")
        nums = x.local("numbers|values|parsed")
        x.returns("bool")
        x.doc(x.pick([
            (f"{s} holds integers separated by commas, maybe with spaces around them. Return True if every one "
             f"of them lies between {lo} and {hi} (both included). An empty or blank string holds no numbers, "
             "so the answer is True."),
            (f"Given a string {s} of comma-separated integers (spaces allowed), this function parses the numbers "
             f"and reports whether all of them are in the range [{lo}, {hi}]; a blank string gives True."),
            (f"Parse, then check: split {s} at commas, convert each field (surrounding spaces are allowed) to an "
             f"int, and return False as soon as one is below {lo} or above {hi}; otherwise True. No fields at "
             "all means True.")]))
        form = x.pick(["all", "loop", "minmax"])
        x.body({"all": f"""
            {nums} = [int({p}) for {p} in {s}.split(',') if {p}.strip()]
            return all({lo} <= n <= {hi} for n in {nums})""", "loop": f"""
            if not {s}.strip():
                return True
            for {p} in {s}.split(','):
                n = int({p})
                if n < {lo} or n > {hi}:
                    return False
            return True""", "minmax": f"""
            {nums} = [int({p}) for {p} in {s}.split(',') if {p}.strip()]
            return not {nums} or ({lo} <= min({nums}) and max({nums}) <= {hi})"""}[form])
        x.explain("The text is turned into numbers first (int() accepts surrounding spaces), and only then is "
                  "each number checked against the bounds; an empty string has no fields to check.")
        _cases(x, lambda r: (r.choice([",", ", ", " ,"]).join(str(n) for n in ints(r, 1, 5, -5, 25)), 0, r.choice([10, 20])),
               ("", 0, 10), ("  ", 1, 2), n=7)
    elif x.v == "valid_date":
        x.returns("bool")
        x.doc(x.pick([
            (f"{s} always looks like 'YYYY-MM-DD' (digits in those places). Return True if it is a real date: "
             "the month is 1 to 12 and the day exists in that month. February has 29 days in leap years (years "
             "divisible by 4, except those divisible by 100 unless also divisible by 400) and 28 otherwise."),
            (f"Given a date string {s} in the form 'YYYY-MM-DD', this function checks the calendar: month between "
             "1 and 12, day between 1 and the length of that month (30 for April, June, September and November, "
             "31 for the other months except February, which has 29 days in a leap year and 28 otherwise). A "
             "leap year is divisible by 4 but not by 100, or divisible by 400."),
            (f"Validate the date {s} ('YYYY-MM-DD'). Rules: months run 1-12; days start at 1; months 4, 6, 9 and "
             "11 have 30 days, February 28 or, in a leap year, 29, all others 31; a year is a leap year when it "
             "is divisible by 400, or by 4 but not by 100.")]))
        form = x.pick(["table", "branches", "lookup"])
        if form == "lookup":
            x.body(f"""
                year, month, day = map(int, {s}.split('-'))
                if not 1 <= month <= 12:
                    return False
                leap = year % 400 == 0 or year % 4 == 0 and year % 100 != 0
                longest = {{2: 29 if leap else 28, 4: 30, 6: 30, 9: 30, 11: 30}}.get(month, 31)
                return 1 <= day <= longest""")
        elif form == "table":
            x.body(f"""
                year, month, day = (int({p}) for {p} in {s}.split('-'))
                leap = year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)
                days = [31, 29 if leap else 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
                return 1 <= month <= 12 and 1 <= day <= days[month - 1]""")
        else:
            x.body(f"""
                year, month, day = int({s}[:4]), int({s}[5:7]), int({s}[8:])
                if month < 1 or month > 12 or day < 1:
                    return False
                if month == 2:
                    leap = year % 400 == 0 or (year % 4 == 0 and year % 100 != 0)
                    return day <= (29 if leap else 28)
                if month in (4, 6, 9, 11):
                    return day <= 30
                return day <= 31""")
        x.explain("Parsing gives three integers; validation then checks the month before using it, so an "
                  "impossible month can never be used to look up a month length.")

        def date(r):
            y = r.choice([1900, 1996, 2000, 2023, 2024, 2100, 1987])
            m = r.choice([r.randint(1, 12)] * 3 + [0, 13, 2, 2])
            d = r.choice([r.randint(1, 28), 29, 30, 31, 0, 32])
            return (f"{y:04d}-{m:02d}-{d:02d}",)
        _cases(x, date, ("2024-02-29",), ("2023-02-29",), ("2000-02-29",), ("1900-02-29",), n=8)
    elif x.v == "rgb":
        rule = _rule(x, "none", "raise")
        x.returns("tuple[int, int, int] | None" if rule == "none" else "tuple[int, int, int]")
        fail = "return None" if rule == "none" else "raise ValueError('component out of range')"
        said = "return None" if rule == "none" else "raise ValueError"
        x.doc(x.pick([
            (f"{s} holds three integers separated by commas, like '12,200,255'. Return them as a tuple (r, g, b) "
             f"if each lies between 0 and 255; otherwise {said}."),
            (f"Given a colour written as 'r,g,b' (three comma-separated integers, no spaces), this function "
             f"parses the three numbers and returns them as a tuple, but if any of them is below 0 or above 255 "
             f"it must {said}."),
            (f"Parse and validate {s}: split at commas into exactly three integers; every one must be in 0..255; "
             f"valid input gives the tuple of the three numbers, invalid input makes the function {said}.")]))
        form = x.pick(["all", "unpack", "loop"])
        if form == "all":
            x.body(f"""
                parts = [int({p}) for {p} in {s}.split(',')]
                if all(0 <= c <= 255 for c in parts):
                    return tuple(parts)
                {fail}""")
        elif form == "unpack":
            x.body(f"""
                r, g, b = map(int, {s}.split(','))
                for c in (r, g, b):
                    if c < 0 or c > 255:
                        {fail}
                return (r, g, b)""")
        else:
            x.body(f"""
                values = []
                for {p} in {s}.split(','):
                    n = int({p})
                    if not 0 <= n <= 255:
                        {fail}
                    values.append(n)
                return tuple(values)""")
        x.explain("The string is parsed into numbers first and the range rule is checked on the numbers, not "
                  "on the text, so '007' and '7' mean the same component.")
        comp = lambda r: r.choice([r.randint(0, 255), r.randint(0, 255), 0, 255])
        good = lambda r: (",".join(str(comp(r)) for _ in range(3)),)
        bad = ["256,0,0", "12,-1,40", "0,300,7"]
        if rule == "none":
            _cases(x, good, (x.pick(bad),), n=7)
            x.case("0,0,0")
        else:
            _cases(x, good, ("0,0,0",), n=6)
            x.raises("ValueError", x.pick(bad))
    elif x.v == "newer_version":
        b = x.param("other|b|candidate|rival", "str")
        x.returns("str")
        x.doc(x.pick([
            (f"{s} and {b} are version strings of dot-separated non-negative integers with the same number of "
             "parts. Return the newer one, comparing part by part as numbers (so '1.10' is newer than '1.9'). "
             f"If they are equal, return {s}."),
            (f"Given two versions {s} and {b} such as '2.0.13' (same number of parts), this function returns the "
             "one that is greater when the parts are compared as integers from left to right; on a tie it "
             f"returns {s}."),
            (f"Pick the later of two releases. Rules: split {s} and {b} at the dots; compare the first parts as "
             "numbers, and only if they are equal move on to the next; the greater version wins; equal "
             f"versions return {s}.")]))
        form = x.pick(["tuple", "loop", "max"])
        x.body({"tuple": f"""
            mine = tuple(int({p}) for {p} in {s}.split('.'))
            theirs = tuple(int({p}) for {p} in {b}.split('.'))
            return {b} if theirs > mine else {s}""", "loop": f"""
            for {p}, q in zip({s}.split('.'), {b}.split('.')):
                if int({p}) != int(q):
                    return {s} if int({p}) > int(q) else {b}
            return {s}""", "max": f"return max({s}, {b}, key=lambda v: [int({p}) for {p} in v.split('.')])"}[form])
        x.explain("Comparing the strings directly would put '1.10' before '1.9'; parsing each part into an int "
                  "first gives the numeric comparison, and lists or tuples of ints compare part by part.")

        def versions(r):
            n = r.randint(2, 3)
            a = [r.randint(0, 12) for _ in range(n)]
            c = list(a)
            i = r.randrange(n)
            c[i] = r.choice([c[i], c[i] + r.randint(1, 9), max(0, c[i] - r.randint(1, 9))])
            return ".".join(map(str, a)), ".".join(map(str, c))
        _cases(x, versions, ("1.9", "1.10"), ("2.0.0", "2.0.0"), n=7)
    else:
        tot = x.local("total|acc|result")
        x.returns("int")
        x.doc(x.pick([
            (f"Return the sum of the whitespace-separated tokens of {s} that are made only of the digits 0-9. "
             "Tokens such as '4b', '-3' or '2.5' are not numbers here and are ignored; with no number the sum "
             "is 0."),
            (f"Given a line of text {s}, this function splits it on whitespace, keeps the tokens that consist of "
             "digits only and returns the total of their integer values (0 if none). A sign or any other "
             "character disqualifies a token."),
            (f"Parse then validate then add: split {s} into tokens; a token counts only if every character is a "
             "digit; add up the values of the tokens that count.")]))
        form = x.pick(["gen", "loop", "list"])
        x.body({"gen": f"return sum(int({p}) for {p} in {s}.split() if {p}.isdigit())", "loop": f"""
            {tot} = 0
            for {p} in {s}.split():
                if {p}.isdigit():
                    {tot} += int({p})
            return {tot}""", "list": f"""
            numbers = [int({p}) for {p} in {s}.split() if all(ch in '0123456789' for ch in {p})]
            return sum(numbers)"""}[form])
        x.explain("Each token is validated before it is converted, so int() only ever sees strings it accepts; "
                  "`str.isdigit()` is True exactly when every character is a digit.")

        def tok(r):
            n = r.randint(0, 99)
            return r.choice([str(n), str(n), r.choice(WORDS), f"{n}{r.choice('abk')}", f"-{n}", f"{n}.5"])
        _cases(x, lambda r: (" ".join(tok(r) for _ in range(r.randint(1, 6))),), ("",), ("no numbers here",), n=7)


@family(T, "Grouping, then sorting the groups",
        V("letter_groups", "group words by first letter, with the letters and the words inside each group sorted",
          "group|index", "by_initial|by_first_letter", names="sorted_letter_groups"),
        V("length_groups", "group words by length into (length, sorted distinct words) pairs, shortest first",
          "group|bucket", "by_length|by_size", names="length_table"),
        V("remainder_sums", "add up the numbers of each remainder class modulo k, as a list indexed by remainder",
          "remainder|residue", "sums|totals", names="sums_by_remainder"))
def group_then_sort(x: Ctx) -> None:
    groups = x.local("groups|buckets|table|by_key")
    if x.v == "remainder_sums":
        xs, k = x.param("numbers|values|data|nums", "list[int]"), x.param("k|modulus|m|divisor", "int")
        v = x.local("v|n|value")
        x.returns("list[int]")
        x.doc(x.pick([
            (f"Return a list of {k} totals (k >= 1): position r holds the sum of the numbers v of {xs} with "
             f"v % {k} == r (Python's %, so negative numbers also land in 0..{k}-1). Empty classes total 0."),
            (f"Given integers {xs} and a modulus {k} >= 1, this function groups the numbers by their remainder "
             f"v % {k} and returns the sum of each group as a list ordered by remainder 0, 1, ..., {k}-1."),
            (f"Bucket {xs} by remainder modulo {k} (using the % operator, which is never negative for a positive "
             f"{k}), add up each bucket and return the {k} sums in remainder order; a bucket with no number "
             "sums to 0.")]))
        form = x.pick(["list", "comp", "dict"])
        x.body({"list": f"""
            {groups} = [0] * {k}
            for {v} in {xs}:
                {groups}[{v} % {k}] += {v}
            return {groups}""", "comp": f"return [sum({v} for {v} in {xs} if {v} % {k} == r) for r in range({k})]",
                "dict": f"""
            {groups} = {{}}
            for {v} in {xs}:
                {groups}[{v} % {k}] = {groups}.get({v} % {k}, 0) + {v}
            return [{groups}.get(r, 0) for r in range({k})]"""}[form])
        x.explain("The remainder is the group's key and also a list position, so a list of k zeros can hold "
                  "every group; the groups come out ordered by remainder for free.")
        _cases(x, lambda r: (ints(r, 1, 8, -10, 20), r.randint(2, 4)), ([], 3), ([5, 7], 1), n=7)
        return
    ws = x.param("words|items|names|tokens", "list[str]")
    w = x.local("w|word|item")
    if x.v == "letter_groups":
        x.returns("dict[str, list[str]]")
        x.doc(x.pick([
            (f"Group the lowercase words of {ws} by their first letter. Return a dictionary whose keys are the "
             "letters in alphabetical order and whose values are the words starting with that letter, sorted "
             "alphabetically (duplicates kept)."),
            (f"Given non-empty lowercase words {ws}, this function builds an index: each first letter maps to the "
             "sorted list of the words beginning with it, and the letters appear as keys in alphabetical order."),
            (f"Index {ws} by initial: one entry per first letter that occurs, entries ordered by letter, each "
             "holding its words in alphabetical order; a repeated word is listed as often as it occurs.")]))
        form = x.pick(["setdefault", "sort_first", "comp", "get"])
        x.body({"setdefault": f"""
            {groups} = {{}}
            for {w} in {ws}:
                {groups}.setdefault({w}[0], []).append({w})
            return {{letter: sorted({groups}[letter]) for letter in sorted({groups})}}""", "sort_first": f"""
            {groups} = {{}}
            for {w} in sorted({ws}):
                if {w}[0] not in {groups}:
                    {groups}[{w}[0]] = []
                {groups}[{w}[0]].append({w})
            return {groups}""", "comp": f"""
            letters = sorted({{{w}[0] for {w} in {ws}}})
            return {{c: sorted({w} for {w} in {ws} if {w}[0] == c) for c in letters}}""", "get": f"""
            {groups} = {{}}
            for {w} in {ws}:
                {groups}[{w}[0]] = {groups}.get({w}[0], []) + [{w}]
            for letter in {groups}:
                {groups}[letter].sort()
            return dict(sorted({groups}.items()))"""}[form])
        pool = [w_ for w_ in WORDS if w_[0] in "bcmprst"]
        _cases(x, lambda r: ([r.choice(pool) for _ in range(r.randint(1, 7))],), ([],), (["pear", "apple", "pear"],), n=7)
    else:
        x.returns("list[tuple[int, list[str]]]")
        x.doc(x.pick([
            (f"Group the words of {ws} by length. Return a list of (length, words) pairs ordered by length, "
             "where words is the alphabetically sorted list of the distinct words of that length."),
            (f"Given a list of words {ws}, this function returns one (length, words) tuple per word length that "
             "occurs, shortest length first; each list holds the different words of that length in alphabetical "
             "order (a repeated word appears once)."),
            (f"Bucket {ws} by len(word), then sort twice: the buckets by length, and inside each bucket the words "
             "alphabetically after dropping repeats. Return the buckets as (length, list of words) tuples.")]))
        form = x.pick(["sets", "comp", "sorted_scan"])
        x.body({"sets": f"""
            {groups} = {{}}
            for {w} in {ws}:
                {groups}.setdefault(len({w}), set()).add({w})
            return [(n, sorted({groups}[n])) for n in sorted({groups})]""",
                "comp": f"return [(n, sorted({{{w} for {w} in {ws} if len({w}) == n}})) for n in sorted({{len({w}) for {w} in {ws}}})]",
                "sorted_scan": f"""
            {groups} = []
            for {w} in sorted(set({ws}), key=lambda s: (len(s), s)):
                if {groups} and {groups}[-1][0] == len({w}):
                    {groups}[-1][1].append({w})
                else:
                    {groups}.append((len({w}), [{w}]))
            return {groups}"""}[form])
        _cases(x, lambda r: ([r.choice(SHORT_WORDS[:8] + WORDS[:12]) for _ in range(r.randint(1, 7))],), ([],), n=7)
    x.explain("Grouping first collects the items under their key in a dictionary; sorting afterwards orders "
              "the keys and the items of each group, which a single sort of the input could not do alone.")


@family(T, "Counting, then ranking",
        V("top_words", "return the k most frequent words of a sentence, with a stated tie-break",
          "top|most_frequent|common", "words|k_words", names="frequent_words"),
        V("by_frequency", "list the distinct numbers from most to least frequent, smaller numbers first on ties",
          "by|order_by|rank_by", "frequency|count", names="frequency_order"),
        V("modes", "list every value that occurs the most often, in increasing order", "modes|most_common",
          "values|all", names="all_modes"),
        V("rarest_letter", "find the letter that occurs least often (at least once) in a text, alphabetically "
          "first on ties", "rarest|least_common", "letter|char", names="scarcest_letter"))
def count_then_rank(x: Ctx) -> None:
    counts = x.local("counts|freq|tally|seen")
    style = x.pick(["get", "branch"])

    def counting(items: str, var: str, cond: str = "") -> str:
        guard = f"\n    if {cond}:" if cond else ""
        pad = "    " if cond else ""
        if style == "get":
            return (f"{counts} = {{}}\nfor {var} in {items}:{guard}\n    {pad}{counts}[{var}] = "
                    f"{counts}.get({var}, 0) + 1")
        return (f"{counts} = {{}}\nfor {var} in {items}:{guard}\n    {pad}if {var} in {counts}:\n        {pad}"
                f"{counts}[{var}] += 1\n    {pad}else:\n        {pad}{counts}[{var}] = 1")

    if x.v == "top_words":
        s, k = x.param("text|sentence|line", "str"), x.param("k|n|count|how_many", "int")
        tie = x.pick(["alpha", "first"])
        tie_words = ("alphabetical order" if tie == "alpha" else "the order in which the words first appear in "
                     f"{s}")
        x.returns("list[str]")
        x.doc(x.pick([
            (f"Return the {k} most frequent words of {s} (lowercase words separated by single spaces), most "
             f"frequent first. Words with equal counts are ordered by {tie_words}. If there are fewer than {k} "
             "distinct words, return them all."),
            (f"Given a sentence {s} and a number {k} >= 1, this function counts every word and returns a list of "
             f"at most {k} distinct words ranked by count, highest first; ties are broken by {tie_words}."),
            (f"Rank the words of {s}: count them, sort by count from high to low, break ties by {tie_words}, and "
             f"keep the first {k} (or all, if fewer). An empty sentence gives [].")]))
        if tie == "alpha":
            rank = x.pick([f"return sorted({counts}, key=lambda w: (-{counts}[w], w))[:{k}]", f"""
                ranked = sorted({counts})
                ranked.sort(key=lambda w: {counts}[w], reverse=True)
                return ranked[:{k}]"""])
        else:
            rank = x.pick([f"return sorted({counts}, key=lambda w: -{counts}[w])[:{k}]",
                           f"return sorted({counts}, key={counts}.get, reverse=True)[:{k}]"])
        x.body(counting(f"{s}.split()", "w"), rank)
        x.explain("Counting and ranking are separate steps: a dictionary counts, then sorting its keys by "
                  "count ranks them. Python's sort is stable, so keys that tie keep the order they already had "
                  "(alphabetical after sorting by word, or first appearance for a dictionary's insertion order).")
        _cases(x, lambda r: (" ".join(r.choice(FEW_WORDS[:5]) for _ in range(r.randint(2, 9))), r.randint(1, 3)),
               ("", 2), ("sky owl sky", 5), n=7)
    elif x.v == "by_frequency":
        xs = x.param("numbers|values|data|items", "list[int]")
        x.returns("list[int]")
        x.doc(x.pick([
            (f"Return the distinct values of {xs}, each once, ordered from the most frequent to the least "
             "frequent; values that occur equally often are ordered from smallest to largest."),
            (f"Given a list of integers {xs}, this function returns its different values sorted by how many times "
             "they occur (most first), with the smaller value first whenever two counts are equal."),
            (f"Rank by frequency: count each value of {xs}; order the values by count descending, then by value "
             "ascending; list each value once. [] gives [].")]))
        form = x.pick(["dict", "count"])
        if form == "dict":
            x.body(counting(xs, "v"), f"return sorted({counts}, key=lambda v: (-{counts}[v], v))")
        else:
            x.body(f"return sorted(set({xs}), key=lambda v: (-{xs}.count(v), v))")
        x.explain("The key (-count, value) sorts by count from high to low, because negating reverses the "
                  "order, and uses the value itself to settle ties.")
        _cases(x, lambda r: (ints(r, 1, 9, 0, 5),), ([],), ([3, 1, 2],), n=7)
    elif x.v == "modes":
        xs = x.param("numbers|values|data|items", "list[int]")
        best = x.local("best|top|highest")
        x.returns("list[int]")
        x.doc(x.pick([
            (f"Return the sorted list of the values that occur most often in {xs} (several when they tie; [] for "
             "an empty list)."),
            (f"Given integers {xs}, this function finds the highest number of occurrences of any value and "
             "returns every value reaching it, in increasing order."),
            (f"List the modes of {xs}: count each value, take the largest count, keep all values with exactly "
             "that count and sort them. An empty list has no mode, so the result is [].")]))
        form = x.pick(["max", "scan", "count"])
        if form == "max":
            x.body(counting(xs, "v"), f"""
                if not {counts}:
                    return []
                {best} = max({counts}.values())
                return sorted(v for v, c in {counts}.items() if c == {best})""")
        elif form == "scan":
            x.body(counting(xs, "v"), f"""
                {best}, modes = 0, []
                for v, c in {counts}.items():
                    if c > {best}:
                        {best}, modes = c, [v]
                    elif c == {best}:
                        modes.append(v)
                return sorted(modes)""")
        else:
            x.body(f"""
                {best} = max(({xs}.count(v) for v in {xs}), default=0)
                return sorted({{v for v in {xs} if {xs}.count(v) == {best}}})""")
        x.explain("First every value is counted; only when all counts are known can the largest one be "
                  "chosen, and then every value that reaches it is kept.")
        _cases(x, lambda r: (ints(r, 1, 8, 0, 4),), ([],), ([7],), n=7)
    else:
        s = x.param("text|s|phrase|line", "str")
        rule = _rule(x, "none", "empty")
        x.returns("str | None" if rule == "none" else "str")
        said = "None" if rule == "none" else "the empty string ''"
        x.doc(x.pick([
            (f"Return the letter that occurs the fewest times in {s}, among the letters that occur at all. {s} is "
             "lowercase; spaces and punctuation are not letters. On a tie return the alphabetically first "
             f"letter; with no letter at all return {said}."),
            (f"Given a lowercase text {s}, this function counts its letters (a-z only) and returns the rarest one; "
             f"when several are equally rare it returns the one earliest in the alphabet, and {said} when {s} "
             "contains no letter."),
            (f"Find the scarcest letter of {s}: count the letters, ignoring every other character; pick the "
             f"smallest count; break ties alphabetically; answer {said} if nothing was counted.")]))
        ch = x.local("ch|c|letter")
        none = "None" if rule == "none" else "''"
        form = x.pick(["min_key", "sorted_min", "loop"])
        if form == "min_key":
            x.body(counting(s, ch, f"{ch}.isalpha()"), f"""
                if not {counts}:
                    return {none}
                return min({counts}, key=lambda c: ({counts}[c], c))""")
        elif form == "sorted_min":
            x.body(counting(s, ch, f"'a' <= {ch} <= 'z'"), f"return min(sorted({counts}), key={counts}.get, default={none})")
        else:
            x.body(counting(s, ch, f"{ch}.isalpha()"), f"""
                rarest = {none}
                for c in sorted({counts}):
                    if {"rarest is None" if rule == "none" else "not rarest"} or {counts}[c] < {counts}[rarest]:
                        rarest = c
                return rarest""")
        x.explain("Counting gives every letter its number of occurrences; the rarest is then a minimum over "
                  "the counts, and visiting the letters in alphabetical order (or adding the letter to the key) "
                  "settles ties.")
        _cases(x, lambda r: (" ".join(r.choice(SHORT_WORDS + WORDS[:15]) for _ in range(r.randint(1, 3)))
                             + r.choice(["", "!", "."]),), ("",), ("a b!",), n=7)


@family(T, "Removing duplicates, then ordering",
        V("sorted_distinct", "return the distinct values of a list in sorted order", "sorted|ordered",
          "distinct|unique", names="unique_sorted"),
        V("distinct_words", "list the distinct words of a sentence, ignoring case, shortest first then "
          "alphabetically", "distinct|unique", "words|vocabulary", names="vocabulary_by_length"),
        V("kth_distinct", "find the k-th largest distinct value, or None if there are fewer than k",
          "kth|nth", "largest_distinct|distinct_max", names="kth_largest_unique"),
        V("last_seen", "list the distinct values in the order of their last occurrence", "by|order_by",
          "last_occurrence|last_seen", names="dedupe_keep_last"))
def dedupe_then_order(x: Ctx) -> None:
    out, seen = x.local("result|out|order|kept"), x.local("seen|known|met")
    if x.v == "distinct_words":
        s = x.param("text|sentence|line", "str")
        x.returns("list[str]")
        x.doc(x.pick([
            (f"Return the distinct words of {s}, lowercased, ordered by length and then alphabetically. Words are "
             "separated by spaces; 'Sky' and 'sky' are the same word."),
            (f"Given a sentence {s}, this function lowercases its space-separated words, removes repeats and "
             "returns the remaining words shortest first, with alphabetical order between words of equal length."),
            (f"Build the vocabulary of {s}: lowercase every word, keep one copy of each, then sort by (length, "
             "word). An empty sentence has an empty vocabulary.")]))
        form = x.pick(["set", "loop", "two_sorts"])
        x.body({"set": f"return sorted(set({s}.lower().split()), key=lambda w: (len(w), w))", "loop": f"""
            {out} = []
            for w in {s}.lower().split():
                if w not in {out}:
                    {out}.append(w)
            {out}.sort(key=lambda w: (len(w), w))
            return {out}""", "two_sorts": f"""
            {out} = sorted({{w.lower() for w in {s}.split()}})
            return sorted({out}, key=len)"""}[form])
        _cases(x, lambda r: (" ".join(_cap(r, r.choice(FEW_WORDS + SHORT_WORDS[:4])) for _ in range(r.randint(1, 7))),),
               ("",), n=7)
    else:
        xs = x.param("numbers|values|data|items", "list[int]")
        if x.v == "sorted_distinct":
            desc = x.chance()
            way = "decreasing" if desc else "increasing"
            x.returns("list[int]")
            x.doc(x.pick([
                f"Return the distinct values of {xs}, each once, in {way} order.",
                (f"Given a list of integers {xs}, this function removes the repeated values and returns the ones "
                 f"left sorted in {way} order ([] for an empty list)."),
                (f"Deduplicate, then order: every value of {xs} appears exactly once in the result, and the result "
                 f"is sorted in {way} order.")]))
            rev = ", reverse=True" if desc else ""
            form = x.pick(["set", "loop", "fromkeys"])
            x.body({"set": f"return sorted(set({xs}){rev})", "loop": f"""
                {out} = []
                for v in {xs}:
                    if v not in {out}:
                        {out}.append(v)
                {out}.sort({rev[2:]})
                return {out}""", "fromkeys": f"return sorted(dict.fromkeys({xs}){rev})"}[form])
            _cases(x, lambda r: (ints(r, 1, 9, -5, 8),), ([],), n=7)
        elif x.v == "kth_distinct":
            k = x.param("k|n|rank|position", "int")
            x.returns("int | None")
            x.doc(x.pick([
                (f"Return the {k}-th largest distinct value of {xs} ({k} = 1 is the maximum; repeated values count "
                 f"once), or None if {xs} has fewer than {k} distinct values."),
                (f"Given integers {xs} and a rank {k} >= 1, this function ignores repetitions and returns the value "
                 f"that comes {k}-th when the distinct values are sorted from largest to smallest; None when there "
                 "is no such value."),
                (f"Remove the duplicates of {xs}, sort what is left from high to low and return the element at rank "
                 f"{k} (counting from 1). Too few distinct values: None.")]))
            form = x.pick(["sorted", "strip_max", "loop"])
            x.body({"sorted": f"""
                {out} = sorted(set({xs}), reverse=True)
                return {out}[{k} - 1] if {k} <= len({out}) else None""", "strip_max": f"""
                {seen} = set({xs})
                for _ in range({k} - 1):
                    if not {seen}:
                        return None
                    {seen}.remove(max({seen}))
                return max({seen}) if {seen} else None""", "loop": f"""
                {out} = []
                for v in sorted({xs}, reverse=True):
                    if not {out} or {out}[-1] != v:
                        {out}.append(v)
                if len({out}) < {k}:
                    return None
                return {out}[{k} - 1]"""}[form])
            _cases(x, lambda r: (ints(r, 1, 8, 0, 9), r.randint(1, 4)), ([], 1), ([5, 5, 5], 2), n=7)
        else:
            x.returns("list[int]")
            x.doc(x.pick([
                (f"Return the distinct values of {xs} ordered by the position of their last occurrence: a value "
                 "that occurs again later moves to where it occurs last."),
                (f"Given a list {xs}, this function keeps only the last copy of every repeated value and returns "
                 "the values in the order those last copies appear."),
                (f"Deduplicate {xs} keeping the last occurrence of each value (not the first), preserving the "
                 "relative order of the kept elements. [] stays [].")]))
            form = x.pick(["reverse", "slice", "index"])
            x.body({"reverse": f"""
                {seen} = set()
                {out} = []
                for v in reversed({xs}):
                    if v not in {seen}:
                        {seen}.add(v)
                        {out}.append(v)
                {out}.reverse()
                return {out}""", "slice": f"return [v for i, v in enumerate({xs}) if v not in {xs}[i + 1:]]",
                    "index": f"""
                last = {{}}
                for i, v in enumerate({xs}):
                    last[v] = i
                return sorted(last, key=last.get)"""}[form])
            _cases(x, lambda r: (ints(r, 1, 8, 0, 5),), ([],), n=7)
    x.explain("Removing duplicates and ordering are two separate decisions: a set or a membership test "
              "decides what is kept, and an explicit sort (or the direction of the scan) decides the order.")


@family(T, "Pairing two lists, then selecting",
        V("names_passing", "list the names whose score reaches a pass mark, from parallel lists of names and scores",
          "passing|who_passed", "names|students", names="names_at_least"),
        V("top_scorer", "return the name with the highest score from parallel lists (first on ties, None if empty)",
          "top|best", "scorer|name|player", names="winner_of"),
        V("agree_positions", "list the positions where two lists hold the same value", "matching|agreeing",
          "positions|indices", names="where_equal"),
        V("gains", "pair before and after readings and list (index, gain) for the readings that went up",
          "gains|increases", "by_index|list", names="what_went_up"))
def zip_then_select(x: Ctx) -> None:
    out, i = x.local("result|out|kept|picked"), x.local("i|idx|pos|k")
    if x.v in ("names_passing", "top_scorer"):
        ns, sc = x.param("names|people|players|students", "list[str]"), x.param("scores|points|marks", "list[int]")
        n, p = x.local("name|who|person"), x.local("score|pts|mark")
        gen = lambda r: ((ps := r.sample(["ada", "bo", "cy", "di", "ed", "flo", "gus"], r.randint(1, 5))),
                         [r.randint(0, 10) for _ in ps])
        if x.v == "names_passing":
            t = x.param("pass_mark|threshold|minimum|cutoff", "int")
            x.returns("list[str]")
            x.doc(x.pick([
                (f"{ns} and {sc} are parallel lists: {sc}[i] is the score of {ns}[i]. Return the names whose score "
                 f"is at least {t}, in their original order."),
                (f"Given a list of names {ns}, their scores {sc} (same length, same order) and a pass mark {t}, "
                 f"this function returns the names of everyone who scored {t} or more, keeping the order of {ns}."),
                (f"Pair each name of {ns} with the score at the same position of {sc}, then select the names "
                 f"whose score reaches {t}. Nobody passing gives [].")]))
            form = x.pick(["comp", "loop", "index"])
            x.body({"comp": f"return [{n} for {n}, {p} in zip({ns}, {sc}) if {p} >= {t}]", "loop": f"""
                {out} = []
                for {n}, {p} in zip({ns}, {sc}):
                    if {p} >= {t}:
                        {out}.append({n})
                return {out}""", "index": f"""
                {out} = []
                for {i} in range(len({ns})):
                    if {sc}[{i}] >= {t}:
                        {out}.append({ns}[{i}])
                return {out}"""}[form])
            _cases(x, lambda r: (*gen(r), r.randint(3, 8)), ([], [], 5), n=7)
        else:
            x.returns("str | None")
            x.doc(x.pick([
                (f"{ns} and {sc} are parallel lists of equal length. Return the name with the highest score; if "
                 "several share it, the one that comes first; None for empty lists."),
                (f"Given names {ns} and their scores {sc} (matched by position), this function returns the name "
                 "of the top scorer, choosing the earliest among equal scores, or None when there is nobody."),
                (f"Select the winner: walk {ns} and {sc} together, remember the first name with the best score "
                 "seen, return it (None if the lists are empty). A later equal score does not replace it.")]))
            form = x.pick(["loop", "max", "index"])
            x.body({"loop": f"""
                best, {out} = None, None
                for {n}, {p} in zip({ns}, {sc}):
                    if best is None or {p} > best:
                        best, {out} = {p}, {n}
                return {out}""", "max": f"""
                if not {ns}:
                    return None
                return max(zip({ns}, {sc}), key=lambda pair: pair[1])[0]""", "index": f"""
                if not {sc}:
                    return None
                return {ns}[{sc}.index(max({sc}))]"""}[form])
            _cases(x, gen, ([], []), (["ann", "bob"], [4, 4]), n=7)
        x.explain("`zip` walks the two lists in step, so each name travels with its own score; the selection "
                  "then looks only at the score and keeps or reports the name.")
        return
    xs, ys = x.param("first|xs|left|before", "list[int]"), x.param("second|ys|right|after", "list[int]")
    if x.v == "agree_positions":
        x.returns("list[int]")
        x.doc(x.pick([
            (f"Return the indices i at which {xs}[i] == {ys}[i], in increasing order. Only positions present in "
             "both lists are compared."),
            (f"Given two lists {xs} and {ys} (possibly of different lengths), this function compares them "
             "position by position up to the end of the shorter one and returns the positions where they agree."),
            (f"Pair up {xs} and {ys} element by element (extra elements of the longer list are ignored) and list "
             "the indices of the pairs whose two values are equal.")]))
        form = x.pick(["comp", "range", "loop"])
        x.body({"comp": f"return [{i} for {i}, (a, b) in enumerate(zip({xs}, {ys})) if a == b]", "range": f"""
            return [{i} for {i} in range(min(len({xs}), len({ys}))) if {xs}[{i}] == {ys}[{i}]]""", "loop": f"""
            {out} = []
            for {i}, pair in enumerate(zip({xs}, {ys})):
                if pair[0] == pair[1]:
                    {out}.append({i})
            return {out}"""}[form])
        _cases(x, lambda r: (ints(r, 1, 6, 0, 3), ints(r, 1, 6, 0, 3)), ([], [1]), n=7)
    else:
        x.returns("list[tuple[int, int]]")
        x.doc(x.pick([
            (f"{xs} and {ys} are readings of the same sensors before and after a change (equal lengths). Return "
             f"(i, {ys}[i] - {xs}[i]) for every i where the reading went up, in increasing order of i."),
            (f"Given equal-length lists {xs} (before) and {ys} (after), this function pairs them by position and "
             "returns a list of (index, gain) tuples for the positions whose value increased strictly."),
            (f"Compare {xs} with {ys} position by position; for each position where the second value is larger, "
             "record the tuple (position, difference). Positions that stayed equal or went down are skipped.")]))
        form = x.pick(["comp", "loop", "range"])
        x.body({"comp": f"return [({i}, b - a) for {i}, (a, b) in enumerate(zip({xs}, {ys})) if b > a]", "loop": f"""
            {out} = []
            for {i}, (a, b) in enumerate(zip({xs}, {ys})):
                if b > a:
                    {out}.append(({i}, b - a))
            return {out}""", "range": f"""
            {out} = []
            for {i} in range(len({xs})):
                gain = {ys}[{i}] - {xs}[{i}]
                if gain > 0:
                    {out}.append(({i}, gain))
            return {out}"""}[form])
        _cases(x, lambda r: ((a := ints(r, 1, 6, 0, 9)), [v + r.randint(-3, 3) for v in a]), ([], []), n=7)
    x.explain("Pairing by position with `zip` (and `enumerate` for the index) turns two lists into one "
              "sequence of pairs, which a single condition can then select from.")


@family(T, "Sliding a window, then reducing",
        V("max_window_sum", "find the largest sum of k consecutive elements", "max|best|largest",
          "window_sum|run_sum", names="max_sum_of_k"),
        V("best_window_start", "find where the k consecutive elements with the largest sum start (first on ties)",
          "best|strongest", "window_start|window", names="start_of_best_window"),
        V("windows_above", "count the windows of k consecutive elements whose average is at least a threshold",
          "count", "windows_above|good_windows", names="strong_windows"),
        V("tightest_window", "find the smallest difference between the largest and smallest value of any k "
          "consecutive elements", "tightest|narrowest", "window|spread", names="min_window_spread"))
def window_then_reduce(x: Ctx) -> None:
    xs, k = x.param("values|numbers|readings|data", "list[int]"), x.param("k|size|width|length", "int")
    i, best = x.local("i|start|pos"), x.local("best|top|answer")
    gen = lambda r: (ints(r, 1, 8, -5, 9), r.randint(1, 3))
    if x.v in ("max_window_sum", "tightest_window"):
        rule = _rule(x, "none", "raise")
        x.returns("int | None" if rule == "none" else "int")
        fail = "return None" if rule == "none" else "raise ValueError('list shorter than the window')"
        said = "return None" if rule == "none" else "raise ValueError"
        if x.v == "max_window_sum":
            x.doc(x.pick([
                (f"Return the largest sum of {k} consecutive elements of {xs} ({k} >= 1). If {xs} has fewer than "
                 f"{k} elements, {said}."),
                (f"Given numbers {xs} and a window size {k} >= 1, this function looks at every run of {k} "
                 f"neighbouring elements and returns the biggest run total; when no full window fits it must {said}."),
                (f"Slide a window of width {k} over {xs}, add up each window, and return the maximum of those sums. "
                 f"Too short a list ({k} elements are needed): {said}.")]))
            form = x.pick(["slices", "slide", "loop"])
            x.body(f"""
                if len({xs}) < {k}:
                    {fail}""", {"slices": f"return max(sum({xs}[{i}:{i} + {k}]) for {i} in range(len({xs}) - {k} + 1))",
                                "slide": f"""
                window = sum({xs}[:{k}])
                {best} = window
                for {i} in range({k}, len({xs})):
                    window += {xs}[{i}] - {xs}[{i} - {k}]
                    {best} = max({best}, window)
                return {best}""", "loop": f"""
                {best} = None
                for {i} in range(len({xs}) - {k} + 1):
                    total = sum({xs}[{i}:{i} + {k}])
                    if {best} is None or total > {best}:
                        {best} = total
                return {best}"""}[form])
        else:
            x.doc(x.pick([
                (f"Return the smallest spread (maximum minus minimum) among all runs of {k} consecutive elements "
                 f"of {xs} ({k} >= 1). If {xs} has fewer than {k} elements, {said}."),
                (f"Given readings {xs} and a width {k} >= 1, this function measures every window of {k} "
                 "neighbouring readings by its largest minus its smallest value and returns the smallest such "
                 f"measure; when no window fits it must {said}."),
                (f"Find the steadiest stretch: for each window of {k} consecutive values compute max - min, and "
                 f"return the minimum of these spreads. Fewer than {k} values: {said}.")]))
            form = x.pick(["gen", "loop"])
            x.body(f"""
                if len({xs}) < {k}:
                    {fail}""", {"gen": f"""
                windows = [{xs}[{i}:{i} + {k}] for {i} in range(len({xs}) - {k} + 1)]
                return min(max(w) - min(w) for w in windows)""", "loop": f"""
                {best} = max({xs}) - min({xs})
                for {i} in range(len({xs}) - {k} + 1):
                    window = {xs}[{i}:{i} + {k}]
                    {best} = min({best}, max(window) - min(window))
                return {best}"""}[form])
        if rule == "none":
            _cases(x, gen, ([], 1), ([4, 1], 3), n=7)
        else:
            _cases(x, lambda r: (ints(r, 3, 8, -5, 9), r.randint(1, 3)), n=6)
            x.raises("ValueError", [4, 1], 3)
    elif x.v == "best_window_start":
        x.returns("int")
        x.doc(x.pick([
            (f"Return the index where the run of {k} consecutive elements of {xs} with the largest sum starts. "
             f"On ties return the smallest such index; if {xs} has fewer than {k} elements, return -1."),
            (f"Given a list {xs} and a width {k} >= 1, this function returns the starting position of the "
             f"window of {k} neighbours whose total is largest (the leftmost one if several tie), or -1 when no "
             "window fits."),
            (f"Slide a window of {k} elements over {xs}; remember the start of the first window with the best "
             "sum; return that start, or -1 if the list is too short for a single window.")]))
        form = x.pick(["loop", "max_key", "slide"])
        x.body({"loop": f"""
            {best} = -1
            best_sum = None
            for {i} in range(len({xs}) - {k} + 1):
                total = sum({xs}[{i}:{i} + {k}])
                if best_sum is None or total > best_sum:
                    {best}, best_sum = {i}, total
            return {best}""", "max_key": f"""
            starts = range(len({xs}) - {k} + 1)
            return max(starts, key=lambda {i}: sum({xs}[{i}:{i} + {k}]), default=-1)""", "slide": f"""
            if len({xs}) < {k}:
                return -1
            window = best_sum = sum({xs}[:{k}])
            {best} = 0
            for {i} in range(1, len({xs}) - {k} + 1):
                window += {xs}[{i} + {k} - 1] - {xs}[{i} - 1]
                if window > best_sum:
                    {best}, best_sum = {i}, window
            return {best}"""}[form])
        _cases(x, gen, ([], 2), ([3, 3, 3], 2), n=7)
    else:
        t = x.param("threshold|minimum|target|bar", "int")
        x.returns("int")
        x.doc(x.pick([
            (f"Return how many runs of {k} consecutive elements of {xs} ({k} >= 1) have an average of at least "
             f"{t}. A list shorter than {k} has no such run."),
            (f"Given values {xs}, a window size {k} >= 1 and a threshold {t}, this function counts the windows "
             f"of {k} neighbours whose mean is {t} or more."),
            (f"Count the good windows: every stretch of {k} consecutive values of {xs} is a window; a window is "
             f"good when its sum is at least {k} * {t} (that is, its average reaches {t}).")]))
        form = x.pick(["gen", "loop", "avg"])
        x.body({"gen": f"return sum(1 for {i} in range(len({xs}) - {k} + 1) if sum({xs}[{i}:{i} + {k}]) >= {k} * {t})",
                "loop": f"""
            {best} = 0
            for {i} in range(len({xs}) - {k} + 1):
                if sum({xs}[{i}:{i} + {k}]) >= {t} * {k}:
                    {best} += 1
            return {best}""", "avg": f"""
            averages = [sum({xs}[{i}:{i} + {k}]) / {k} for {i} in range(len({xs}) - {k} + 1)]
            return len([a for a in averages if a >= {t}])"""}[form])
        _cases(x, lambda r: (ints(r, 1, 8, -5, 9), r.randint(1, 3), r.randint(-2, 6)), ([], 2, 0), n=7)
    x.explain("A window is a slice of k consecutive elements; there are len - k + 1 of them, none when the "
              "list is shorter than k. Each window is reduced to one number (a sum or a spread), and the "
              "windows' numbers are then reduced once more to the answer.")


@family(T, "Normalising text, then comparing",
        V("phrase_anagrams", "check whether two phrases use the same letters, ignoring case, spaces and punctuation",
          "are|is", "anagram_phrases|same_letters", names="letters_match"),
        V("same_word_set", "check whether two sentences use the same set of words, ignoring case, order, "
          "repeats and end punctuation", "same|equal", "word_set|vocabulary", names="share_all_words"),
        V("equal_ignoring_space", "check whether two strings are equal once case is ignored and runs of "
          "whitespace are collapsed", "loosely|roughly", "equal|same", names="same_text"),
        V("count_matches", "count the entries of a list that equal a target once trimmed and lowercased",
          "count", "matches|loose_matches", names="how_many_match"))
def normalise_then_compare(x: Ctx) -> None:
    if x.v == "count_matches":
        xs, t = x.param("entries|items|answers|values", "list[str]"), x.param("target|word|wanted", "str")
        e = x.local("e|entry|item|answer")
        x.returns("int")
        x.doc(x.pick([
            (f"Return how many strings of {xs} equal {t} once their surrounding spaces are removed and they are "
             f"lowercased. {t} itself is already lowercase and trimmed."),
            (f"Given user answers {xs} and a lowercase word {t}, this function normalises each answer (strip the "
             f"spaces at both ends, lowercase it) and counts the answers that then equal {t}."),
            (f"Count loose matches: an entry of {xs} matches when entry.strip().lower() == {t}. Spaces inside an "
             "entry still matter.")]))
        form = x.pick(["gen", "loop", "len"])
        x.body({"gen": f"return sum(1 for {e} in {xs} if {e}.strip().lower() == {t})", "loop": f"""
            count = 0
            for {e} in {xs}:
                if {e}.strip().lower() == {t}:
                    count += 1
            return count""", "len": f"""
            cleaned = [{e}.strip().lower() for {e} in {xs}]
            return cleaned.count({t})"""}[form])
        x.explain("Normalising first means one simple equality test covers every spelling variant that "
                  "differs only in case or surrounding spaces.")
        pad = lambda r, w: " " * r.randint(0, 2) + _cap(r, w) + " " * r.randint(0, 2)
        _cases(x, lambda r: ([pad(r, r.choice(FEW_WORDS[:4])) for _ in range(r.randint(1, 6))], r.choice(FEW_WORDS[:4])),
               ([], "sky"), n=7)
        return
    a, b = x.param("first|a|left|s1", "str"), x.param("second|b|right|s2", "str")
    x.returns("bool")
    helper = x.local("clean|norm|key|normalise")
    if x.v == "phrase_anagrams":
        x.doc(x.pick([
            (f"Return True if {a} and {b} contain exactly the same letters the same number of times, ignoring "
             "case and every character that is not a letter (spaces, punctuation, digits)."),
            ("Given two phrases, this function decides whether one is an anagram of the other: only letters "
             "count, 'A' and 'a' are the same letter, and each letter must occur equally often in both."),
            (f"Normalise, then compare: drop everything from {a} and {b} that is not a letter, lowercase the "
             "rest, and report whether the two letter collections are equal as multisets (order does not "
             "matter).")]))
        form = x.pick(["sorted", "helper", "counts"])
        x.body({"sorted": f"""
            return sorted(c.lower() for c in {a} if c.isalpha()) == sorted(c.lower() for c in {b} if c.isalpha())""",
                "helper": f"""
            def {helper}(text):
                return sorted(ch.lower() for ch in text if ch.isalpha())

            return {helper}({a}) == {helper}({b})""", "counts": f"""
            def {helper}(text):
                counts = {{}}
                for c in text.lower():
                    if c.isalpha():
                        counts[c] = counts.get(c, 0) + 1
                return counts

            return {helper}({a}) == {helper}({b})"""}[form])

        def pair(r):
            p = " ".join(r.sample(SHORT_WORDS, r.randint(1, 3)))
            letters = [c for c in p if c != " "]
            r.shuffle(letters)
            if r.random() < 0.35:
                letters[r.randrange(len(letters))] = r.choice("xyz")
            q = "".join(c.upper() if r.random() < 0.2 else c for c in letters)
            cut = r.randint(1, len(q))
            return p.capitalize() + r.choice(["", "!", "."]), q[:cut] + " " + q[cut:]
        _cases(x, pair, ("", "!"), ("Dormitory", "dirty room"), n=7)
    elif x.v == "same_word_set":
        x.doc(x.pick([
            (f"Return True if {a} and {b} use the same set of words. Words are separated by spaces, case does not "
             "matter, and the marks '.', ',', '!' and '?' at either end of a word are ignored; order and "
             "repetition do not matter."),
            ("Given two sentences, this function normalises every word (lowercase, strip the punctuation "
             "marks .,!? from its ends) and reports whether both sentences contain exactly the same distinct "
             "words."),
            (f"Compare vocabularies: build the set of normalised words of {a} and of {b} (lowercased, with "
             "'.,!?' stripped from both ends of each word) and return whether the two sets are equal.")]))
        form = x.pick(["sets", "helper", "loop"])
        x.body({"sets": f"return {{w.strip('.,!?').lower() for w in {a}.split()}} == {{w.strip('.,!?').lower() for w in {b}.split()}}",
                "helper": f"""
            def {helper}(text):
                return set(w.lower().strip('.,!?') for w in text.split())

            return {helper}({a}) == {helper}({b})""", "loop": f"""
            words = [set(), set()]
            for k, text in enumerate(({a}, {b})):
                for w in text.split():
                    words[k].add(w.strip('.,!?').lower())
            return words[0] == words[1]"""}[form])

        def pair(r):
            ws = r.sample(FEW_WORDS, r.randint(1, 4))
            other = [_cap(r, w) for w in ws + r.sample(ws, r.randint(0, len(ws)))]
            r.shuffle(other)
            if r.random() < 0.35:
                other.append(r.choice(FEW_WORDS))
            return " ".join(ws) + r.choice([".", "!", ""]), " ".join(other) + r.choice(["?", ""])
        _cases(x, pair, ("", "  "), ("Sun, moon.", "moon sun sun"), n=7)
    else:
        x.doc(x.pick([
            (f"Return True if {a} and {b} are equal after both are lowercased and every run of whitespace is "
             "replaced by a single space; whitespace at the start and end is ignored."),
            ("Given two strings, this function compares them loosely: letter case does not matter, leading and "
             "trailing whitespace is dropped, and any run of spaces (or tabs) between words counts as one space."),
            (f"Normalise, then compare: turn {a} and {b} into lowercase words separated by single spaces, and "
             "report whether the results are identical.")]))
        form = x.pick(["join", "split", "helper"])
        x.body({"join": f"return ' '.join({a}.split()).lower() == ' '.join({b}.split()).lower()",
                "split": f"return {a}.lower().split() == {b}.lower().split()", "helper": f"""
            def {helper}(text):
                return ' '.join(text.lower().split())

            return {helper}({a}) == {helper}({b})"""}[form])

        def pair(r):
            ws = r.sample(WORDS[:30], r.randint(1, 3))
            p = " ".join(ws)
            q = " " * r.randint(0, 2) + r.choice([" ", "  "]).join(_cap(r, w) for w in ws) + " " * r.randint(0, 2)
            if r.random() < 0.35:
                q = q.replace(ws[0][:2], ws[0][:1], 1)
            return p, q
        _cases(x, pair, ("", "   "), ("a b", "ab"), n=7)
    x.explain("Both inputs are put into the same normal form first (the same function, or the same "
              "expression, applied to each), and only then compared; comparing the raw strings would "
              "treat harmless differences as real ones.")


@family(T, "Flattening, then counting",
        V("count_in_rows", "count how often a value occurs in a list of lists", "count", "in_rows|in_grid|nested",
          names="occurrences_in_rows"),
        V("distinct_in_rows", "count the distinct values in a list of lists", "count_distinct|distinct",
          "in_rows|in_grid", names="different_values"),
        V("most_common_in_rows", "find the most frequent value across a list of lists (smallest on ties, None "
          "if there are no values)", "most_common|most_frequent", "in_rows|in_grid", names="commonest_value"))
def flatten_then_count(x: Ctx) -> None:
    rows = x.param("rows|grid|lists|table", "list[list[int]]")
    row, v = x.local("row|line|group"), x.local("v|value|cell|item")
    gen = lambda r: ([ints(r, 0, 4, 0, 5) for _ in range(r.randint(1, 4))],)
    if x.v == "count_in_rows":
        t = x.param("target|value_to_find|wanted|x", "int")
        x.returns("int")
        x.doc(x.pick([
            (f"Return how many times {t} occurs in the rows of {rows}, a list of lists of integers (rows may "
             "have different lengths, or be empty)."),
            (f"Given a list of lists {rows} and a value {t}, this function counts the occurrences of {t} over "
             "all the inner lists together."),
            (f"Flatten {rows} (a list of rows) into one sequence of values and count how many of them equal {t}; "
             "no rows, or no match, gives 0.")]))
        form = x.pick(["row_count", "nested", "flat"])
        x.body({"row_count": f"return sum({row}.count({t}) for {row} in {rows})", "nested": f"""
            count = 0
            for {row} in {rows}:
                for {v} in {row}:
                    if {v} == {t}:
                        count += 1
            return count""", "flat": f"""
            flat = [{v} for {row} in {rows} for {v} in {row}]
            return flat.count({t})"""}[form])
        _cases(x, lambda r: (*gen(r), r.randint(0, 5)), ([], 1), ([[], []], 0), n=7)
    elif x.v == "distinct_in_rows":
        x.returns("int")
        x.doc(x.pick([
            (f"Return the number of different values that appear anywhere in {rows}, a list of lists of "
             "integers. A value repeated in one row or across rows counts once."),
            (f"Given a list of lists {rows}, this function flattens it and returns how many distinct values it "
             "holds (0 when there are no values)."),
            (f"Count distinct values across rows: merge all the inner lists of {rows}, drop repeats, and return "
             "the size of what is left.")]))
        form = x.pick(["setcomp", "update", "flat"])
        x.body({"setcomp": f"return len({{{v} for {row} in {rows} for {v} in {row}}})", "update": f"""
            seen = set()
            for {row} in {rows}:
                seen.update({row})
            return len(seen)""", "flat": f"""
            flat = []
            for {row} in {rows}:
                flat.extend({row})
            return len(set(flat))"""}[form])
        _cases(x, gen, ([],), ([[1, 1], [1]],), n=7)
    else:
        x.returns("int | None")
        x.doc(x.pick([
            (f"Return the value that occurs most often across all rows of {rows} (a list of lists of integers). "
             "If several values tie, return the smallest of them; if there is no value at all, return None."),
            (f"Given rows of integers {rows}, this function counts every value over all the rows and returns the "
             "most frequent one, choosing the smallest value on a tie; None when every row is empty."),
            (f"Flatten {rows}, count each value, and report the value with the highest count (ties go to the "
             "smallest value). Nothing to count: None.")]))
        form = x.pick(["dict", "flat", "scan"])
        if form == "scan":
            x.body(f"""
                flat = sorted({v} for {row} in {rows} for {v} in {row})
                best, best_count = None, 0
                for {v} in flat:
                    if flat.count({v}) > best_count:
                        best, best_count = {v}, flat.count({v})
                return best""")
        elif form == "dict":
            x.body(f"""
                counts = {{}}
                for {row} in {rows}:
                    for {v} in {row}:
                        counts[{v}] = counts.get({v}, 0) + 1
                if not counts:
                    return None
                return min(counts, key=lambda k: (-counts[k], k))""")
        else:
            x.body(f"""
                flat = [{v} for {row} in {rows} for {v} in {row}]
                if not flat:
                    return None
                return max(sorted(set(flat)), key=flat.count)""")
        _cases(x, gen, ([],), ([[], []],), ([[3, 1], [1, 3]],), n=7)
    x.explain("Flattening turns the nested rows into one stream of values (a nested loop, or a comprehension "
              "with two `for` clauses), after which the counting is the same as for a flat list.")


def _sentences(r) -> str:
    pool = SHORT_WORDS + WORDS[:20]
    parts = []
    for _ in range(r.randint(0, 3)):
        ws = [r.choice(pool) for _ in range(r.randint(1, 5))]
        parts.append(" ".join(ws).capitalize() + r.choice(".!?"))
    return " ".join(parts)


@family(T, "Splitting into sentences, then into words",
        V("words_per_sentence", "count the words in each sentence of a text (sentences end with '.', '!' or '?')",
          "words_per|sentence", "sentence|lengths", names="sentence_lengths"),
        V("longest_sentence", "return the sentence with the most words (first on ties), stripped, without its "
          "end mark", "longest|wordiest", "sentence", names="most_words_sentence"),
        V("mean_sentence_length", "compute the average number of words per sentence, rounded to 2 decimals",
          "mean|average", "sentence_length|words_per_sentence", names="avg_sentence_words"))
def sentence_stats(x: Ctx) -> None:
    s = x.param("text|paragraph|passage|doc", "str")
    parts, cur = x.local("sentences|parts|pieces"), x.local("current|buffer|chars")
    rule = ("Sentences end with '.', '!' or '?', which always follow a word directly; words are separated by "
            "spaces; a piece with no words is not a sentence.")
    form = x.pick(["replace", "chars", "tokens"])
    if form == "replace":
        split = f"""
            for mark in '!?':
                {s} = {s}.replace(mark, '.')
            {parts} = [p.split() for p in {s}.split('.') if p.split()]"""
    elif form == "chars":
        split = f"""
            {parts}, {cur} = [], ''
            for ch in {s} + '.':
                if ch in '.!?':
                    if {cur}.split():
                        {parts}.append({cur}.split())
                    {cur} = ''
                else:
                    {cur} += ch"""
    else:
        split = f"""
            {parts}, {cur} = [], []
            for token in {s}.split():
                {cur}.append(token.rstrip('.!?'))
                if token[-1] in '.!?':
                    {parts}.append({cur})
                    {cur} = []
            if {cur}:
                {parts}.append({cur})"""
    if x.v == "words_per_sentence":
        x.returns("list[int]")
        x.doc(x.pick([f"Return the number of words in each sentence of {s}, in order. {rule}",
                      (f"Given a text {s}, this function splits it into sentences and returns a list with the word "
                       f"count of each one. {rule}"),
                      (f"Split, then count: cut {s} into sentences, cut each sentence into words, and list how many "
                       f"words every sentence has. {rule}")]))
        x.body(split, f"return [len(words) for words in {parts}]")
    elif x.v == "longest_sentence":
        x.returns("str")
        x.doc(x.pick([
            (f"Return the sentence of {s} with the most words, as its words joined by single spaces without the "
             f"end mark. On a tie return the earliest; with no sentence return ''. {rule}"),
            (f"Given a text {s}, this function finds its wordiest sentence (the first one if several are equally "
             f"long) and returns its words joined with single spaces, or '' when there is none. {rule}")]))
        x.body(split, x.pick([f"""
            best = []
            for words in {parts}:
                if len(words) > len(best):
                    best = words
            return ' '.join(best)""", f"return ' '.join(max({parts}, key=len, default=[]))"]))
    else:
        x.returns("float")
        x.doc(x.pick([
            (f"Return the average number of words per sentence in {s}, rounded to 2 decimals, or 0.0 if there "
             f"is no sentence. {rule}"),
            (f"Given a text {s}, this function counts its sentences and their words and returns words per "
             f"sentence rounded to 2 decimals (0.0 for a text without sentences). {rule}")]))
        x.body(split, f"""
            if not {parts}:
                return 0.0
            return round(sum(len(words) for words in {parts}) / len({parts}), 2)""")
    x.explain("The text is first cut into sentences at the end marks and each sentence into words with "
              "`split()`; empty pieces (such as what follows the last mark) are dropped, and the statistic is "
              "then computed on the list of word lists.")
    _cases(x, lambda r: (_sentences(r),), ("",), ("Hi. Hello there!",), n=7)


@family(T, "Clamping, then rounding",
        V("clamp_round", "clamp each number into [low, high] and round it to a number of decimals",
          "clamp|limit", "and_round|rounded", names="bounded_rounded"),
        V("percentages", "turn ratios into whole percentages, clamped to 0..100", "to|as", "percentages|percents",
          names="clamped_percent"),
        V("snap", "clamp an integer into [low, high] and snap it to the nearest multiple of a step",
          "snap|quantize", "to_grid|to_step", names="clamp_and_snap"))
def clamp_then_round(x: Ctx) -> None:
    v = x.local("v|value|item|reading")
    if x.v == "snap":
        n = x.param("value|n|position|level", "int")
        lo, hi, st = x.param("low|lo|floor", "int"), x.param("high|hi|ceiling", "int"), x.param("step|grid|unit", "int")
        rem = x.local("rem|extra|offset")
        x.returns("int")
        x.doc(x.pick([
            (f"Clamp {n} into [{lo}, {hi}] and then round it to the nearest multiple of {st}, rounding up when it "
             f"is exactly halfway. {lo} and {hi} are multiples of {st}, so the result stays in range."),
            (f"Given a value {n}, bounds {lo} <= {hi} (both multiples of {st}) and a positive step {st}, this "
             f"function first moves {n} inside the bounds, then to the closest multiple of {st} (the larger one "
             "on a tie) and returns it."),
            (f"Two steps: (1) {n} below {lo} becomes {lo}, above {hi} becomes {hi}; (2) the result is replaced by "
             f"the nearest multiple of {st}, halfway values going up. Return that multiple.")]))
        form = x.pick(["floor", "rem", "lower"])
        clamp = x.pick([f"{n} = max({lo}, min({n}, {hi}))", f"""
            if {n} < {lo}:
                {n} = {lo}
            elif {n} > {hi}:
                {n} = {hi}"""])
        x.body(clamp, {"floor": f"return ({n} + {st} // 2) // {st} * {st}", "rem": f"""
            {rem} = {n} % {st}
            if 2 * {rem} >= {st}:
                return {n} + {st} - {rem}
            return {n} - {rem}""", "lower": f"""
            below = {n} - {n} % {st}
            return below + {st} if 2 * ({n} - below) >= {st} else below"""}[form])
        x.explain("Clamping happens before rounding: since the bounds are multiples of the step, rounding a "
                  "value inside them can never leave the range. `n % step` is never negative in Python, so "
                  "the same rule works below zero.")

        def gen(r):
            step = r.choice([2, 4, 5, 10])
            a = step * r.randint(-4, 1)
            b = a + step * r.randint(1, 5)
            return r.randint(a - 12, b + 12), a, b, step
        _cases(x, gen, (7, 0, 20, 5), (-3, -10, 10, 2), n=7)
        return
    xs = x.param("values|numbers|readings|ratios", "list[float]")
    out = x.local("result|out|cleaned")
    x.returns("list[float]" if x.v == "clamp_round" else "list[int]")
    if x.v == "clamp_round":
        lo, hi = x.param("low|lo|minimum", "float"), x.param("high|hi|maximum", "float")
        d = x.param("digits|places|ndigits|decimals", "int")
        x.doc(x.pick([
            (f"Return a new list where every number of {xs} is first clamped into [{lo}, {hi}] (values below "
             f"{lo} become {lo}, above {hi} become {hi}) and then rounded with round(value, {d})."),
            (f"Given readings {xs}, bounds {lo} <= {hi} and a number of decimals {d}, this function limits each "
             f"reading to the bounds and rounds the limited value to {d} decimals, keeping the order."),
            (f"Clean each value of {xs}: clamp to the interval [{lo}, {hi}], then round to {d} decimal places "
             "with Python's round. The input list is not modified.")]))
        form = x.pick(["comp", "loop", "helper"])
        x.body({"comp": f"return [round(min(max({v}, {lo}), {hi}), {d}) for {v} in {xs}]", "loop": f"""
            {out} = []
            for {v} in {xs}:
                if {v} < {lo}:
                    {v} = {lo}
                elif {v} > {hi}:
                    {v} = {hi}
                {out}.append(round({v}, {d}))
            return {out}""", "helper": f"""
            def fix({v}):
                return round(max({lo}, min({hi}, {v})), {d})

            return [fix({v}) for {v} in {xs}]"""}[form])
        _cases(x, lambda r: ([round(r.uniform(-3, 13), 3) for _ in range(r.randint(1, 5))], 0.0, 10.0, r.randint(0, 2)),
               ([], 0.0, 1.0, 1), n=7)
    else:
        x.doc(x.pick([
            (f"Return the ratios of {xs} as whole percentages: multiply each by 100, round to the nearest integer "
             "with round(), and clamp the result into 0..100."),
            (f"Given ratios {xs} (1.0 means 100%, and values may stray below 0 or above 1), this function "
             "converts each to an int percentage with round(ratio * 100) and then limits it to the range 0 to "
             "100."),
            (f"Convert, round, clamp: for each ratio r of {xs}, compute round(r * 100), then use 0 if that is "
             "negative and 100 if it is above 100. Return the list of ints.")]))
        form = x.pick(["comp", "loop", "sorted"])
        x.body({"comp": f"return [min(100, max(0, round({v} * 100))) for {v} in {xs}]", "loop": f"""
            {out} = []
            for {v} in {xs}:
                pct = round({v} * 100)
                if pct < 0:
                    pct = 0
                if pct > 100:
                    pct = 100
                {out}.append(pct)
            return {out}""", "sorted": f"return [sorted((0, round({v} * 100), 100))[1] for {v} in {xs}]"}[form])
        _cases(x, lambda r: ([round(r.uniform(-0.5, 1.5), 2) for _ in range(r.randint(1, 5))],), ([],), n=7)
    x.explain("Clamping is `min(max(v, low), high)`: max lifts values that are too small, min lowers those "
              "that are too big. Rounding is a separate, later step on the clamped value.")


@family(T, "Computing a statistic, then comparing with it",
        V("above_mean", "keep the numbers strictly above the mean of the list", "above|over", "mean|average",
          names="better_than_average"),
        V("minmax_scale", "rescale numbers to the range 0..1 using the smallest and largest, rounded to 2 decimals",
          "rescale|normalize|scale", "to_unit|values", names="min_max_scale"),
        V("closest_to_mean", "find the number closest to the mean (the earlier one on ties)", "closest|nearest",
          "to_mean|to_average", names="most_typical"),
        V("deviations", "list each number's distance from the mean, rounded to 2 decimals", "deviations|distances",
          "from_mean|from_average", names="spread_from_mean"))
def statistic_then_compare(x: Ctx) -> None:
    xs = x.param("numbers|values|data|scores", "list[int]")
    m, v, out = x.local("mean|avg|average|centre"), x.local("v|n|value|item"), x.local("result|out|kept")
    gen = lambda r: (ints(r, 1, 7, -5, 15),)
    if x.v == "above_mean":
        x.returns("list[int]")
        x.doc(x.pick([
            (f"Return the numbers of {xs} that are strictly greater than the mean of {xs}, in their original "
             "order ([] for an empty list)."),
            (f"Given integers {xs}, this function computes their average and returns, in order, every element "
             "above it. Elements equal to the average are not included."),
            (f"Two passes over {xs}: the first computes the mean, the second keeps the elements bigger than the "
             "mean. An empty list has nothing above its mean.")]))
        form = x.pick(["comp", "loop", "int"])
        x.body({"comp": f"""
            if not {xs}:
                return []
            {m} = sum({xs}) / len({xs})
            return [{v} for {v} in {xs} if {v} > {m}]""", "loop": f"""
            {out} = []
            if {xs}:
                {m} = sum({xs}) / len({xs})
                for {v} in {xs}:
                    if {v} > {m}:
                        {out}.append({v})
            return {out}""", "int": f"""
            total, count = sum({xs}), len({xs})
            return [{v} for {v} in {xs} if {v} * count > total]"""}[form])
        _cases(x, gen, ([],), ([4, 4, 4],), n=7)
    elif x.v == "minmax_scale":
        x.returns("list[float]")
        x.doc(x.pick([
            (f"Return {xs} rescaled so that its smallest value becomes 0.0 and its largest 1.0: each v becomes "
             "(v - smallest) / (largest - smallest), rounded to 2 decimals. If all values are equal every result "
             "is 0.0; an empty list gives []."),
            (f"Given numbers {xs}, this function finds their minimum and maximum and maps every value linearly "
             "onto 0..1, rounding to 2 decimals; when the minimum equals the maximum it returns a list of 0.0."),
            (f"Min-max scaling of {xs}: compute lo = min and hi = max once, then (v - lo) / (hi - lo) for each "
             "value, rounded to 2 places. Special cases: [] gives [], and a constant list gives zeros.")]))
        form = x.pick(["comp", "loop", "span"])
        x.body({"span": f"""
            if not {xs}:
                return []
            lo = min({xs})
            span = (max({xs}) - lo) or 1
            return [round(({v} - lo) / span, 2) for {v} in {xs}]""", "comp": f"""
            if not {xs}:
                return []
            lo, hi = min({xs}), max({xs})
            if lo == hi:
                return [0.0] * len({xs})
            return [round(({v} - lo) / (hi - lo), 2) for {v} in {xs}]""", "loop": f"""
            {out} = []
            if {xs}:
                lo, hi = min({xs}), max({xs})
                for {v} in {xs}:
                    {out}.append(0.0 if hi == lo else round(({v} - lo) / (hi - lo), 2))
            return {out}"""}[form])
        _cases(x, gen, ([],), ([3, 3],), n=7)
    elif x.v == "closest_to_mean":
        x.returns("int | None")
        x.doc(x.pick([
            (f"Return the element of {xs} closest to the mean of {xs}. If two elements are equally close, return "
             "the one that comes first; for an empty list return None."),
            (f"Given integers {xs}, this function computes their average and returns the element with the "
             "smallest distance to it, the earliest such element on a tie, or None if there are no elements."),
            (f"Find the most typical value of {xs}: first the mean, then the element minimising |element - mean| "
             "(first one wins ties). Empty input: None.")]))
        form = x.pick(["min", "loop", "int"])
        x.body({"min": f"""
            if not {xs}:
                return None
            {m} = sum({xs}) / len({xs})
            return min({xs}, key=lambda {v}: abs({v} - {m}))""", "loop": f"""
            if not {xs}:
                return None
            {m} = sum({xs}) / len({xs})
            best = {xs}[0]
            for {v} in {xs}:
                if abs({v} - {m}) < abs(best - {m}):
                    best = {v}
            return best""", "int": f"""
            if not {xs}:
                return None
            total, count = sum({xs}), len({xs})
            return min({xs}, key=lambda {v}: abs({v} * count - total))"""}[form])
        _cases(x, gen, ([],), ([1, 2],), n=7)
    else:
        x.returns("list[float]")
        x.doc(x.pick([
            (f"Return, for every number of {xs}, its absolute distance from the mean of {xs}, rounded to 2 "
             "decimals, in the original order ([] for an empty list)."),
            (f"Given numbers {xs}, this function computes their mean once and returns the list of |v - mean| "
             "for each v, rounded to 2 decimals."),
            (f"Compute the mean of {xs}, then measure how far each element lies from it (always non-negative), "
             "round each distance to 2 places and return the distances in order.")]))
        form = x.pick(["comp", "loop", "map"])
        x.body({"map": f"""
            {m} = sum({xs}) / max(len({xs}), 1)
            return list(map(lambda {v}: round(abs({v} - {m}), 2), {xs}))""", "comp": f"""
            if not {xs}:
                return []
            {m} = sum({xs}) / len({xs})
            return [round(abs({v} - {m}), 2) for {v} in {xs}]""", "loop": f"""
            {out} = []
            {m} = sum({xs}) / len({xs}) if {xs} else 0
            for {v} in {xs}:
                {out}.append(round(abs({v} - {m}), 2))
            return {out}"""}[form])
        _cases(x, gen, ([],), ([5],), n=7)
    x.explain("The statistic depends on the whole list, so it is computed once, before the loop that compares "
              "each element with it; recomputing it inside the loop would give the same answer far more slowly.")


@family(T, "Accumulating, then checking",
        V("first_over", "find the first index at which the running total exceeds a limit (-1 if never)",
          "first", "index_over|overflow_index", names="when_total_exceeds"),
        V("never_negative", "check that a running balance starting at 0 never drops below zero", "never",
          "negative|overdrawn", names="stays_solvent"),
        V("lowest_point", "find the lowest running total reached, counting the starting 0", "lowest|minimum",
          "point|balance", names="deepest_dip"))
def running_then_check(x: Ctx) -> None:
    xs = x.param("changes|amounts|steps|moves", "list[int]")
    tot, v, i = x.local("total|balance|running|level"), x.local("v|change|amount|step"), x.local("i|idx|pos")
    gen = lambda r: (ints(r, 1, 8, -9, 9),)
    if x.v == "first_over":
        lim = x.param("limit|cap|budget|threshold", "int")
        x.returns("int")
        x.doc(x.pick([
            (f"Add up the numbers of {xs} from left to right and return the first index at which the running "
             f"total becomes greater than {lim}; return -1 if it never does."),
            (f"Given changes {xs} and a limit {lim}, this function keeps a running total starting from 0 and "
             f"returns the position of the element that first pushes the total strictly above {lim}, or -1."),
            (f"Accumulate, then check after each step: total = {xs}[0] + ... + {xs}[i]; the answer is the "
             f"smallest i with total > {lim}. No such i: -1.")]))
        form = x.pick(["for", "while", "prefix"])
        x.body({"for": f"""
            {tot} = 0
            for {i}, {v} in enumerate({xs}):
                {tot} += {v}
                if {tot} > {lim}:
                    return {i}
            return -1""", "while": f"""
            {tot}, {i} = 0, 0
            while {i} < len({xs}):
                {tot} += {xs}[{i}]
                if {tot} > {lim}:
                    return {i}
                {i} += 1
            return -1""", "prefix": f"""
            prefix, {tot} = [], 0
            for {v} in {xs}:
                {tot} += {v}
                prefix.append({tot})
            return next(({i} for {i}, t in enumerate(prefix) if t > {lim}), -1)"""}[form])
        _cases(x, lambda r: (ints(r, 1, 8, -3, 9), r.randint(0, 20)), ([], 0), n=7)
    elif x.v == "never_negative":
        x.returns("bool")
        x.doc(x.pick([
            (f"{xs} lists deposits (positive) and withdrawals (negative) applied in order to a balance that starts "
             "at 0. Return True if the balance is never below zero, at any point."),
            (f"Given a sequence of balance changes {xs}, this function applies them one after the other starting "
             "from 0 and reports whether the balance always stays at or above 0."),
            (f"Accumulate {xs} from a starting value of 0 and check after every step that the running total is "
             "not negative; one negative total makes the answer False. No changes: True.")]))
        form = x.pick(["early", "all", "min"])
        x.body({"early": f"""
            {tot} = 0
            for {v} in {xs}:
                {tot} += {v}
                if {tot} < 0:
                    return False
            return True""", "all": f"return all(sum({xs}[:{i} + 1]) >= 0 for {i} in range(len({xs})))", "min": f"""
            {tot}, lowest = 0, 0
            for {v} in {xs}:
                {tot} += {v}
                lowest = min(lowest, {tot})
            return lowest >= 0"""}[form])
        _cases(x, lambda r: (ints(r, 1, 7, -6, 9),), ([],), ([5, -5],), n=7)
    else:
        x.returns("int")
        x.doc(x.pick([
            (f"Starting from 0, apply the changes in {xs} one by one and return the lowest running total reached. "
             "The starting 0 counts, so the answer is never above 0."),
            (f"Given changes {xs}, this function tracks a running total that starts at 0 and returns its minimum "
             "over the whole walk, including the start."),
            (f"Accumulate {xs} from 0 and remember the smallest total seen (the initial 0 included). An empty "
             "list gives 0.")]))
        form = x.pick(["loop", "list", "if"])
        x.body({"loop": f"""
            {tot} = lowest = 0
            for {v} in {xs}:
                {tot} += {v}
                lowest = min(lowest, {tot})
            return lowest""", "list": f"""
            totals = [0]
            for {v} in {xs}:
                totals.append(totals[-1] + {v})
            return min(totals)""", "if": f"""
            {tot}, lowest = 0, 0
            for {v} in {xs}:
                {tot} = {tot} + {v}
                if {tot} < lowest:
                    lowest = {tot}
            return lowest"""}[form])
        _cases(x, gen, ([],), ([3, 4],), n=7)
    x.explain("The running total is updated once per element, and the check is made right after each "
              "update, which is where the condition can first become true.")
