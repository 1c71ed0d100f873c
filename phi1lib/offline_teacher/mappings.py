"""Concept families on dictionaries and sets: counting, grouping, inverting, merging, set algebra."""

from __future__ import annotations

from phi1lib.offline_teacher.base import CITIES, NAMES, SHORT_WORDS, WORDS, Ctx, V, family, ints

T = "dicts and sets"


@family(T, "Counting with a dictionary",
        V("words", "count how often each word occurs in a sentence", "count|tally", "words|word_frequencies",
          names="word_histogram"),
        V("lengths", "count how many words there are of each length", "count|tally", "word_lengths|by_length",
          names="length_histogram"),
        V("first_letters", "count the words by their first letter (lowercase)", "count|tally",
          "initials|first_letters|by_first_letter"))
def counting_dict(x: Ctx) -> None:
    s = x.param("text|sentence|line|document", "str")
    c = x.local("counts|freq|tally|histogram")
    key = {"words": "word", "lengths": "len(word)", "first_letters": "word[0].lower()"}[x.v]
    x.returns({"words": "dict[str, int]", "lengths": "dict[int, int]", "first_letters": "dict[str, int]"}[x.v])
    what = {"words": "each word", "lengths": "each word length", "first_letters": "each lowercase first letter"}[x.v]
    x.doc(f"Return a dictionary mapping {what} of the space-separated words in {s} to how many words have "
          "it. Keys appear in order of first occurrence.")
    x.body(x.pick([f"""
        {c} = {{}}
        for word in {s}.split():
            {c}[{key}] = {c}.get({key}, 0) + 1
        return {c}""", f"""
        {c} = {{}}
        for word in {s}.split():
            if {key} in {c}:
                {c}[{key}] += 1
            else:
                {c}[{key}] = 1
        return {c}"""]))
    x.explain("A dictionary maps each key to a count; a key seen for the first time starts at 1. Dictionaries "
              "remember insertion order, so keys come out in order of first occurrence.")
    x.case("")
    x.cases(lambda r: (" ".join(r.choice(SHORT_WORDS[:8] + WORDS[:6]) for _ in range(r.randint(1, 8))),), n=6)


@family(T, "Inverting a dictionary",
        V("one_to_one", "swap the keys and values of a dictionary whose values are distinct",
          "invert|swap|flip", "dict|mapping|keys_values", names="inverse_mapping"),
        V("grouping", "invert a dictionary into a mapping from each value to the sorted list of its keys",
          "invert|group", "by_value|values", names="keys_by_value"))
def invert_dict(x: Ctx) -> None:
    d = x.param("mapping|table|d|lookup", "dict[str, int]")
    if x.v == "one_to_one":
        x.returns("dict[int, str]")
        x.doc(f"Return a new dictionary with the keys and values of {d} swapped. The values of {d} are all "
              "different.")
        x.body(x.pick([f"return {{value: key for key, value in {d}.items()}}", f"""
            inverse = {{}}
            for key, value in {d}.items():
                inverse[value] = key
            return inverse"""]))
        x.explain("`items()` yields (key, value) pairs; writing them the other way round builds the inverse.")
        x.cases(lambda r: (dict(zip(r.sample(WORDS, k := r.randint(0, 5)), r.sample(range(50), k))),), n=6)
    else:
        x.returns("dict[int, list[str]]")
        x.doc(f"Return a dictionary mapping each value of {d} to the sorted list of keys that have that value. "
              "Values appear in order of first occurrence.")
        x.body(f"""
            groups = {{}}
            for key, value in {d}.items():
                groups.setdefault(value, []).append(key)
            return {{value: sorted(keys) for value, keys in groups.items()}}""")
        x.explain("`setdefault` creates an empty list the first time a value is met, so keys can be appended "
                  "without checking.")
        x.cases(lambda r: ({w: r.randint(1, 3) for w in r.sample(WORDS, r.randint(0, 6))},), n=6)


@family(T, "Grouping items by a key",
        V("by_length", "group words into lists by their length", "group|bucket", "by_length|words_by_length"),
        V("by_first", "group words into lists by their first letter", "group|bucket", "by_initial|by_first_letter"),
        V("by_parity", "group numbers under the keys 'even' and 'odd'", "group|split", "by_parity|even_odd",
          names="parity_groups"))
def group_by(x: Ctx) -> None:
    if x.v == "by_parity":
        xs = x.param("numbers|values|data", "list[int]")
        x.returns("dict[str, list[int]]")
        x.doc(f"Return a dictionary {{'even': [...], 'odd': [...]}} holding the numbers of {xs} in their "
              "original order. Both keys are always present.")
        x.body(f"""
            groups = {{'even': [], 'odd': []}}
            for n in {xs}:
                groups['even' if n % 2 == 0 else 'odd'].append(n)
            return groups""")
        x.cases(lambda r: (ints(r, 0, 7),), n=6)
    else:
        ws = x.param("words|names|items|tokens", "list[str]")
        key = "len(w)" if x.v == "by_length" else "w[0]"
        x.returns("dict[int, list[str]]" if x.v == "by_length" else "dict[str, list[str]]")
        what = "length" if x.v == "by_length" else "first character"
        x.doc(f"Group the non-empty strings of {ws} by their {what}: return a dictionary from each {what} to "
              "the list of words that have it, in their original order. Keys appear in order of first occurrence.")
        x.body(x.pick([f"""
            groups = {{}}
            for w in {ws}:
                groups.setdefault({key}, []).append(w)
            return groups""", f"""
            groups = {{}}
            for w in {ws}:
                if {key} not in groups:
                    groups[{key}] = []
                groups[{key}].append(w)
            return groups"""]))
        x.cases(lambda r: (r.sample(WORDS + SHORT_WORDS, r.randint(0, 7)),), n=6)
    x.explain("Each item computes its key and is appended to the list stored under that key; a new key "
              "starts a new list.")


@family(T, "Merging dictionaries",
        V("sum_values", "merge two dictionaries of counts, adding the values of shared keys",
          "merge|combine|add", "counts|totals|inventories"),
        V("prefer_second", "merge two dictionaries where the second one wins on shared keys",
          "merge|update", "dicts|settings|with_overrides", names="apply_overrides"),
        V("common_keys", "list the keys two dictionaries share, sorted", "common|shared", "keys",
          names="keys_in_both"))
def merge_dicts(x: Ctx) -> None:
    a, b = x.param("first|a|base|left", "dict[str, int]"), x.param("second|b|other|right", "dict[str, int]")
    gen = lambda r: ({w: r.randint(1, 9) for w in r.sample(SHORT_WORDS[:7], r.randint(0, 4))},
                     {w: r.randint(1, 9) for w in r.sample(SHORT_WORDS[:7], r.randint(0, 4))})
    if x.v == "sum_values":
        x.returns("dict[str, int]")
        x.doc(f"Return a new dictionary with every key of {a} and {b}; a key present in both maps to the sum "
              f"of its two values. Keys of {a} come first, then new keys of {b}.")
        x.body(f"""
            merged = dict({a})
            for key, value in {b}.items():
                merged[key] = merged.get(key, 0) + value
            return merged""")
        x.explain("Copying the first dictionary keeps the input unchanged; `get(key, 0)` treats a missing "
                  "key as zero.")
    elif x.v == "prefer_second":
        x.returns("dict[str, int]")
        x.doc(f"Return a new dictionary with the entries of {a} updated by those of {b}: on a shared key the "
              f"value from {b} wins. Neither input is modified.")
        x.body(x.pick([f"""
            merged = dict({a})
            merged.update({b})
            return merged""", f"return {{**{a}, **{b}}}"]))
        x.explain("Later entries overwrite earlier ones with the same key, so the second dictionary wins.")
    else:
        x.returns("list[str]")
        x.doc(f"Return the keys that appear in both {a} and {b}, sorted alphabetically.")
        x.body(f"return sorted(set({a}) & set({b}))")
        x.explain("The set intersection `&` keeps the keys present in both.")
    x.cases(gen, n=6)


@family(T, "Set operations",
        V("common", "return the sorted list of values present in both lists", "common|shared", "values|elements",
          names="intersection_sorted|in_both"),
        V("only_first", "return the sorted values of the first list that are missing from the second",
          "only|missing", "in_first|from_second", names="difference_sorted"),
        V("symmetric", "return the sorted values that are in exactly one of two lists", "exclusive|symmetric",
          "values|difference", names="in_exactly_one"),
        V("union_count", "count the distinct values across two lists", "count", "union|all_distinct",
          names="distinct_across"))
def set_operations(x: Ctx) -> None:
    a, b = x.param("first|a|xs|left", "list[int]"), x.param("second|b|ys|right", "list[int]")
    op, what = {"common": ("&", "present in both"), "only_first": ("-", f"in {a} but not in {b}"),
                "symmetric": ("^", "in exactly one of the two lists"), "union_count": ("|", "")}[x.v]
    if x.v == "union_count":
        x.returns("int")
        x.doc(f"Return how many different values appear in {a}, {b} or both.")
        x.body(f"return len(set({a}) | set({b}))")
    else:
        x.returns("list[int]")
        x.doc(f"Return the values {what}, without repeats, in increasing order.")
        x.body(f"return sorted(set({a}) {op} set({b}))")
    x.explain("Converting the lists to sets removes repeats and gives the set operators `&` (both), `-` "
              "(first only), `^` (exactly one) and `|` (either).")
    x.cases(lambda r: (ints(r, 0, 6, 0, 8), ints(r, 0, 6, 0, 8)), n=6)


@family(T, "Looking values up in a dictionary",
        V("translate", "replace each word by its translation from a dictionary, leaving unknown words unchanged",
          "translate|substitute|replace", "words|with_glossary", names="apply_glossary"),
        V("total_price", "total the price of a shopping list using a price table, ignoring unknown items",
          "total|basket", "price|cost", names="checkout_total|bill"),
        V("default_get", "look up several keys, using a default for missing ones", "lookup|fetch", "all|many",
          names="get_all|values_for"))
def lookups(x: Ctx) -> None:
    if x.v == "translate":
        s, d = x.param("text|sentence|phrase", "str"), x.param("glossary|table|mapping|dictionary", "dict[str, str]")
        x.returns("str")
        x.doc(f"Replace every space-separated word of {s} that is a key of {d} by its value; other words stay "
              "as they are. Return the words joined by single spaces.")
        x.body(f"return ' '.join({d}.get(w, w) for w in {s}.split())")
        x.explain("`get(w, w)` returns the translation when there is one and the word itself otherwise.")
        x.cases(lambda r: (" ".join(r.choice(SHORT_WORDS[:6]) for _ in range(r.randint(0, 5))),
                           {w: w.upper() + "!" for w in r.sample(SHORT_WORDS[:6], 3)}), n=6)
    elif x.v == "total_price":
        items, prices = x.param("items|basket|cart|order", "list[str]"), x.param("prices|price_table|catalog", "dict[str, int]")
        x.returns("int")
        x.doc(f"Return the total price of {items}, looking each item up in {prices}. Items without a price "
              "are ignored; an item listed twice is paid twice.")
        x.body(x.pick([f"return sum({prices}[item] for item in {items} if item in {prices})", f"""
            total = 0
            for item in {items}:
                if item in {prices}:
                    total += {prices}[item]
            return total"""]))
        x.explain("The `in` test checks for the key before indexing, which would otherwise raise KeyError.")
        fruit = ["apple", "lemon", "mango", "olive", "grape", "pepper"]
        x.cases(lambda r: ([r.choice(fruit) for _ in range(r.randint(0, 5))],
                           {f: r.randint(1, 9) for f in r.sample(fruit, 4)}), n=6)
    else:
        d = x.param("table|mapping|d|scores", "dict[str, int]")
        ks = x.param("keys|names|wanted", "list[str]")
        dflt = x.param("default|fallback|missing", "int", default=x.pick([0, -1]))
        x.returns("list[int]")
        x.doc(f"Return the values of {d} for each key in {ks}, in order, using {dflt} for keys that are not "
              "present.")
        x.body(f"return [{d}.get(k, {dflt}) for k in {ks}]")
        x.explain("`dict.get` takes the value to use when the key is missing.")
        x.cases(lambda r: ({n: r.randint(1, 99) for n in r.sample(NAMES, 3)}, r.sample(NAMES, r.randint(0, 4))), n=6)


@family(T, "Filtering and ranking a dictionary",
        V("above", "keep the entries of a dictionary whose value is at least a threshold",
          "filter|keep|select", "entries|scores|passing"),
        V("rank_keys", "return the keys sorted by value from highest to lowest (ties by key)",
          "rank|order|sort", "keys|by_value|by_score", names="leaderboard"),
        V("best_key", "return the key with the largest value (the smallest key on ties)",
          "best|top", "key|scorer|entry", names="argmax_key|winner"))
def rank_dict(x: Ctx) -> None:
    d = x.param("scores|table|marks|points", "dict[str, int]")
    gen = lambda r: ({n: r.randint(0, 10) for n in r.sample(NAMES, r.randint(1, 5))},)
    if x.v == "above":
        t = x.param("threshold|minimum|cutoff", "int")
        x.returns("dict[str, int]")
        x.doc(f"Return a new dictionary with only the entries of {d} whose value is at least {t}, in their "
              "original order.")
        x.body(f"return {{k: v for k, v in {d}.items() if v >= {t}}}")
        x.explain("A dictionary comprehension with a condition filters the entries.")
        gen = lambda r: ({n: r.randint(0, 10) for n in r.sample(NAMES, r.randint(0, 5))}, r.randint(2, 8))
    elif x.v == "rank_keys":
        x.returns("list[str]")
        x.doc(f"Return the keys of {d} ordered by their value, highest first; keys with equal values are in "
              "alphabetical order.")
        x.body(f"return sorted({d}, key=lambda k: (-{d}[k], k))")
        x.explain("Sorting by the tuple (-value, key) puts high values first and breaks ties alphabetically.")
    else:
        x.returns("str")
        x.doc(f"Return the key of the non-empty dictionary {d} with the largest value; on a tie return the "
              "alphabetically smallest key.")
        x.body(f"""
            best = None
            for k in sorted({d}):
                if best is None or {d}[k] > {d}[best]:
                    best = k
            return best""")
        x.explain("Visiting the keys in sorted order and replacing the best only on a strictly larger value "
                  "makes ties go to the smallest key.")
    x.cases(gen, n=6)


@family(T, "Detecting repeats with a set",
        V("has_duplicates", "check whether a list contains any repeated value", "has|contains", "duplicates|repeats",
          names="any_repeats"),
        V("first_repeat", "find the first value that appears a second time, or None", "first", "repeat|repeated|duplicate"),
        V("all_unique_chars", "check whether all characters of a string are different", "all", "unique|distinct_chars",
          names="has_unique_letters"))
def repeats_with_set(x: Ctx) -> None:
    seen = x.local("seen|met|visited")
    if x.v == "all_unique_chars":
        s = x.param("text|word|s", "str")
        x.returns("bool")
        x.doc(f"Return True if no character occurs twice in {s}.")
        x.body(x.pick([f"return len(set({s})) == len({s})", f"""
            {seen} = set()
            for ch in {s}:
                if ch in {seen}:
                    return False
                {seen}.add(ch)
            return True"""]))
        x.cases(lambda r: (r.choice(WORDS + SHORT_WORDS + CITIES),), n=7)
    else:
        xs = x.param("items|values|numbers|data", "list[int]")
        if x.v == "has_duplicates":
            x.returns("bool")
            x.doc(f"Return True if some value occurs more than once in {xs}.")
            x.body(x.pick([f"return len(set({xs})) != len({xs})", f"""
                {seen} = set()
                for v in {xs}:
                    if v in {seen}:
                        return True
                    {seen}.add(v)
                return False"""]))
        else:
            x.returns("int | None")
            x.doc(f"Return the first element of {xs} whose value has already appeared earlier in the list, or "
                  "None if all values are different.")
            x.body(f"""
                {seen} = set()
                for v in {xs}:
                    if v in {seen}:
                        return v
                    {seen}.add(v)
                return None""")
        x.cases(lambda r: (ints(r, 0, 7, 0, 12),), n=7)
    x.explain("A set remembers what has been seen; checking membership in a set takes about the same time "
              "however large it grows.")


@family(T, "Counting pairs and matches with dictionaries",
        V("matching_pairs", "count the pairs of positions (i < j) that hold equal values", "count",
          "equal_pairs|matching_pairs|identical_pairs"),
        V("pair_sum", "count the pairs of positions (i < j) whose values add up to a target", "count",
          "pairs_with_sum|target_pairs"))
def pair_counting(x: Ctx) -> None:
    xs = x.param("values|numbers|items|data", "list[int]")
    seen = x.local("seen|counts|tally")
    if x.v == "matching_pairs":
        x.returns("int")
        x.doc(f"Return how many pairs of indices i < j have {xs}[i] == {xs}[j].")
        x.body(f"""
            {seen} = {{}}
            pairs = 0
            for v in {xs}:
                pairs += {seen}.get(v, 0)
                {seen}[v] = {seen}.get(v, 0) + 1
            return pairs""")
        x.explain("Each new element forms a pair with every earlier equal element, and the dictionary says "
                  "how many of those there are.")
        x.cases(lambda r: (ints(r, 0, 8, 0, 3),), n=6)
    else:
        t = x.param("target|total|goal", "int")
        x.returns("int")
        x.doc(f"Return how many pairs of indices i < j satisfy {xs}[i] + {xs}[j] == {t}.")
        x.body(f"""
            {seen} = {{}}
            pairs = 0
            for v in {xs}:
                pairs += {seen}.get({t} - v, 0)
                {seen}[v] = {seen}.get(v, 0) + 1
            return pairs""")
        x.explain("For each element, the partners it needs are the earlier elements equal to target minus "
                  "itself; a dictionary of counts answers that in one step.")
        x.cases(lambda r: (ints(r, 0, 8, 0, 6), r.randint(2, 9)), n=6)
    x.case([], *(() if x.v == "matching_pairs" else (5,)))
