"""Concept families on dictionaries and sets: counting, grouping, inverting, merging, set algebra."""

from __future__ import annotations

from phi1lib.teacher.offline.base import CITIES, NAMES, SHORT_WORDS, WORDS, Ctx, V, family, ints

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
    k = x.local("key|k|label")
    x.form(
        (f"""
        {c} = {{}}
        for word in {s}.split():
            {c}[{key}] = {c}.get({key}, 0) + 1
        return {c}""", "`dict.get(key, 0)` reads the count so far, or 0 for a key seen for the first time."),
        (f"""
        {c} = {{}}
        for word in {s}.split():
            {k} = {key}
            if {k} in {c}:
                {c}[{k}] += 1
            else:
                {c}[{k}] = 1
        return {c}""", "A key seen for the first time starts at 1; a known key goes up by one."),
        (f"""
        from collections import Counter
        return dict(Counter({key} for word in {s}.split()))""",
         ("`collections.Counter` counts the keys it is given; turning it into a plain dict keeps the order in "
         "which keys were first met.")),
        (f"""
        from collections import defaultdict
        {c} = defaultdict(int)
        for word in {s}.split():
            {c}[{key}] += 1
        return dict({c})""", ("A `defaultdict(int)` starts every new key at 0, so the count can be increased "
                             "without checking.")),
        (f"""
        {c} = {{}}
        for word in {s}.split():
            try:
                {c}[{key}] += 1
            except KeyError:
                {c}[{key}] = 1
        return {c}""", ("Increasing a missing key raises KeyError; catching it is the moment to start that "
                       "key at 1.")),
    )
    x.explain("Dictionaries remember insertion order, so keys come out in order of first occurrence.")
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
        strict = x.chance(0.35)
        x.doc(f"Return a new dictionary with the keys and values of {d} swapped. "
              + ("Raise ValueError if two keys share a value." if strict else f"The values of {d} are all different."))
        guard = (f"if len(set({d}.values())) != len({d}):\n    raise ValueError('values are not unique')"
                 if strict else "")
        forms = [
            (guard, f"return {{value: key for key, value in {d}.items()}}",
             "`items()` yields (key, value) pairs; writing them the other way round builds the inverse."),
            (guard, f"return dict(zip({d}.values(), {d}.keys()))",
             "`keys()` and `values()` come in the same order, so zipping values with keys pairs them up."),
            (guard, f"return dict((value, key) for key, value in {d}.items())",
             "`dict` accepts an iterable of (key, value) pairs: here, the swapped pairs."),
        ]
        if strict:
            forms.append((f"""
            inverse = {{}}
            for key, value in {d}.items():
                if value in inverse:
                    raise ValueError('values are not unique')
                inverse[value] = key
            return inverse""", "A value met a second time would overwrite an earlier key, so it is refused."))
        else:
            forms.append((f"""
            inverse = {{}}
            for key, value in {d}.items():
                inverse[value] = key
            return inverse""", "The loop stores every key under its value."))
        x.form(*forms)
        x.cases(lambda r: (dict(zip(r.sample(WORDS, k := r.randint(0, 5)), r.sample(range(50), k))),), n=6)
        if strict:
            x.raises("ValueError", {"ada": 1, "bob": 2, "cy": 1})
    else:
        x.returns("dict[int, list[str]]")
        x.doc(f"Return a dictionary mapping each value of {d} to the sorted list of keys that have that value. "
              "Values appear in order of first occurrence.")
        x.form(
            (f"""
            groups = {{}}
            for key, value in {d}.items():
                groups.setdefault(value, []).append(key)
            return {{value: sorted(keys) for value, keys in groups.items()}}""",
             ("`setdefault` creates an empty list the first time a value is met, so keys can be appended without "
             "checking.")),
            (f"""
            groups = {{}}
            for key, value in {d}.items():
                if value not in groups:
                    groups[value] = []
                groups[value].append(key)
            for value in groups:
                groups[value].sort()
            return groups""", "A new value gets an empty list; after grouping, each list is sorted in place."),
            (f"""
            from collections import defaultdict
            groups = defaultdict(list)
            for key in sorted({d}):
                groups[{d}[key]].append(key)
            order = list(dict.fromkeys({d}.values()))
            return {{value: groups[value] for value in order}}""",
             ("Visiting the keys in sorted order fills each list already sorted; the values are then listed in "
             "order of first occurrence.")),
            (f"return {{value: sorted(k for k in {d} if {d}[k] == value) for value in {d}.values()}}",
             ("For every value, the keys holding it are collected and sorted; a value seen again keeps its "
             "first position in the new dictionary.")),
        )
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
        x.form(
            (f"""
            groups = {{'even': [], 'odd': []}}
            for n in {xs}:
                groups['even' if n % 2 == 0 else 'odd'].append(n)
            return groups""", "The key is chosen by a conditional expression and the number appended to its list."),
            (f"return {{'even': [n for n in {xs} if n % 2 == 0], 'odd': [n for n in {xs} if n % 2 != 0]}}",
             "Each list is built by its own comprehension."),
            (f"""
            evens, odds = [], []
            for n in {xs}:
                if n % 2:
                    odds.append(n)
                else:
                    evens.append(n)
            return {{'even': evens, 'odd': odds}}""", ("Two lists are filled by an if/else and put in a dictionary "
                                                     "at the end.")),
            (f"""
            groups = {{}}
            groups['even'] = []
            groups['odd'] = []
            for n in {xs}:
                key = 'odd' if n % 2 else 'even'
                groups[key].append(n)
            return groups""", "Both keys exist from the start, so every number can be appended directly."),
        )
        x.cases(lambda r: (ints(r, 0, 7),), n=6)
    else:
        ws = x.param("words|names|items|tokens", "list[str]")
        key = "len(w)" if x.v == "by_length" else "w[0]"
        x.returns("dict[int, list[str]]" if x.v == "by_length" else "dict[str, list[str]]")
        what = "length" if x.v == "by_length" else "first character"
        x.doc(f"Group the non-empty strings of {ws} by their {what}: return a dictionary from each {what} to "
              "the list of words that have it, in their original order. Keys appear in order of first occurrence.")
        guard = x.reject(f"any(w == '' for w in {ws})", "empty word",
                         f"Raise ValueError if {ws} contains an empty string.", (["ab", ""],))
        x.form(
            (f"""
            groups = {{}}
            for w in {ws}:
                groups.setdefault({key}, []).append(w)
            return groups""", ("`setdefault` returns the list stored under the key, creating an empty one first "
                              "if needed.")),
            (f"""
            groups = {{}}
            for w in {ws}:
                if {key} not in groups:
                    groups[{key}] = []
                groups[{key}].append(w)
            return groups""", "A new key starts a new list; then the word is appended."),
            (f"""
            from collections import defaultdict
            groups = defaultdict(list)
            for w in {ws}:
                groups[{key}].append(w)
            return dict(groups)""", "A `defaultdict(list)` creates the empty list for a new key by itself."),
            (f"return {{k: [w for w in {ws} if {key} == k] for k in [{key} for w in {ws}]}}",
             "For every key, in order of first occurrence, a comprehension collects the words that have it."),
            (f"""
            groups = {{}}
            for w in {ws}:
                k = {key}
                groups[k] = groups.get(k, []) + [w]
            return groups""", ("`get(k, [])` gives the words so far (or none), and the new word is added to a "
                              "fresh list.")),
            prefix=guard,
        )
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
        x.form(
            (f"""
            merged = dict({a})
            for key, value in {b}.items():
                merged[key] = merged.get(key, 0) + value
            return merged""", ("Copying the first dictionary keeps the input unchanged; `get(key, 0)` treats a "
                              "missing key as zero.")),
            (f"""
            keys = list({a}) + [k for k in {b} if k not in {a}]
            return {{k: {a}.get(k, 0) + {b}.get(k, 0) for k in keys}}""",
             ("The keys are listed in the required order first; each maps to the sum of its values, a missing "
             "one counting as 0.")),
            (f"""
            merged = {{}}
            for d in ({a}, {b}):
                for key, value in d.items():
                    if key in merged:
                        merged[key] += value
                    else:
                        merged[key] = value
            return merged""", ("Both dictionaries are poured into a new one; a key already present adds its "
                              "value instead of replacing it.")),
            (f"""
            merged = {a}.copy()
            for key in {b}:
                if key in merged:
                    merged[key] = merged[key] + {b}[key]
                else:
                    merged[key] = {b}[key]
            return merged""", ("`copy` leaves the first dictionary untouched; the second one's entries are added "
                              "or summed in.")),
        )
    elif x.v == "prefer_second":
        x.returns("dict[str, int]")
        x.doc(f"Return a new dictionary with the entries of {a} updated by those of {b}: on a shared key the "
              f"value from {b} wins. Neither input is modified.")
        x.form(
            (f"""
            merged = dict({a})
            merged.update({b})
            return merged""", "`update` overwrites the shared keys with the second dictionary's values."),
            (f"return {{**{a}, **{b}}}", "Unpacking both into a dictionary display lets later entries win."),
            (f"return {a} | {b}", "The `|` operator on dictionaries builds a new one in which the right side wins."),
            (f"""
            merged = {{}}
            for key, value in {a}.items():
                merged[key] = value
            for key, value in {b}.items():
                merged[key] = value
            return merged""", "Copying the first dictionary and then the second means the second writes last."),
        )
    else:
        x.returns("list[str]")
        x.doc(f"Return the keys that appear in both {a} and {b}, sorted alphabetically.")
        x.form(
            (f"return sorted(set({a}) & set({b}))", "The set intersection `&` keeps the keys present in both."),
            (f"return sorted(k for k in {a} if k in {b})", "Each key of the first is checked in the second."),
            (f"return sorted({a}.keys() & {b}.keys())", "Dictionary key views support set operations directly."),
            (f"""
            shared = []
            for k in {a}:
                if k in {b}:
                    shared.append(k)
            shared.sort()
            return shared""", "The loop collects the shared keys, which are sorted in place at the end."),
        )
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
    if x.v == "union_count":
        x.returns("int")
        x.doc(f"Return how many different values appear in {a}, {b} or both.")
        x.form(
            (f"return len(set({a}) | set({b}))", "The union `|` of the two sets holds every value once."),
            (f"return len(set({a} + {b}))", "Concatenating the lists and making a set removes every repeat."),
            (f"return len(set({a}).union({b}))", ("`set.union` accepts any iterable, so the second list need not be "
                                                 "converted first.")),
            (f"""
            seen = set()
            for v in {a} + {b}:
                seen.add(v)
            return len(seen)""", "Adding every value to a set keeps one copy of each."),
        )
    else:
        x.returns("list[int]")
        what = {"common": "present in both lists", "only_first": f"in {a} but not in {b}",
                "symmetric": "in exactly one of the two lists"}[x.v]
        x.doc(f"Return the values {what}, without repeats, in increasing order.")
        op, method, test = {"common": ("&", "intersection", f"v in {b}"),
                            "only_first": ("-", "difference", f"v not in {b}"),
                            "symmetric": ("^", "symmetric_difference", None)}[x.v]
        forms = [
            (f"return sorted(set({a}) {op} set({b}))", ("Converting the lists to sets removes repeats and gives the set "
                                                      "operators: `&` (both), `-` (first only), `^` (exactly one).")),
            (f"return sorted(set({a}).{method}({b}))", f"`set.{method}` accepts a list directly."),
        ]
        if test:
            forms += [
                (f"return sorted({{v for v in {a} if {test}}})",
                 "A set comprehension keeps each qualifying value once, and `sorted` orders them."),
                (f"""
                result = []
                for v in sorted(set({a})):
                    if {test}:
                        result.append(v)
                return result""", "The distinct values of the first list are visited in order and tested one by one."),
            ]
        else:
            forms += [
                (f"""
                first, second = set({a}), set({b})
                return sorted((first - second) | (second - first))""",
                 ("The values only in the first set together with those only in the second are exactly those in "
                 "one of them.")),
                (f"return sorted(v for v in set({a}) | set({b}) if (v in {a}) != (v in {b}))",
                 "A value of the union qualifies when it is in one list but not the other."),
            ]
        x.form(*forms)
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
        x.form(
            (f"return ' '.join({d}.get(w, w) for w in {s}.split())",
             "`get(w, w)` returns the translation when there is one and the word itself otherwise."),
            (f"""
            out = []
            for w in {s}.split():
                if w in {d}:
                    out.append({d}[w])
                else:
                    out.append(w)
            return ' '.join(out)""", "The `in` test decides between the translation and the word itself."),
            (f"return ' '.join([{d}[w] if w in {d} else w for w in {s}.split()])",
             "A conditional expression picks the translation when the word is a key."),
            (f"""
            out = []
            for w in {s}.split():
                try:
                    out.append({d}[w])
                except KeyError:
                    out.append(w)
            return ' '.join(out)""", "Looking up a missing key raises KeyError; then the word is kept as it is."),
        )
        x.cases(lambda r: (" ".join(r.choice(SHORT_WORDS[:6]) for _ in range(r.randint(0, 5))),
                           {w: w.upper() + "!" for w in r.sample(SHORT_WORDS[:6], 3)}), n=6)
    elif x.v == "total_price":
        items, prices = x.param("items|basket|cart|order", "list[str]"), x.param("prices|price_table|catalog", "dict[str, int]")
        x.returns("int")
        x.doc(f"Return the total price of {items}, looking each item up in {prices}. Items without a price "
              "are ignored; an item listed twice is paid twice.")
        x.form(
            (f"return sum({prices}[item] for item in {items} if item in {prices})",
             "The `in` test checks for the key before indexing, which would otherwise raise KeyError."),
            (f"""
            total = 0
            for item in {items}:
                if item in {prices}:
                    total += {prices}[item]
            return total""", "Only items found in the price table add to the total."),
            (f"return sum({prices}.get(item, 0) for item in {items})",
             "`get(item, 0)` makes an unknown item cost nothing."),
            (f"""
            total = 0
            for item in {items}:
                try:
                    total += {prices}[item]
                except KeyError:
                    pass
            return total""", "A missing item raises KeyError, which is caught and ignored."),
        )
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
        x.form(
            (f"return [{d}.get(k, {dflt}) for k in {ks}]", "`dict.get` takes the value to use when the key is missing."),
            (f"""
            result = []
            for k in {ks}:
                result.append({d}[k] if k in {d} else {dflt})
            return result""", "A conditional expression uses the default for keys that are not present."),
            (f"return list(map(lambda k: {d}.get(k, {dflt}), {ks}))", "`map` looks every key up."),
            (f"""
            result = []
            for k in {ks}:
                if k in {d}:
                    result.append({d}[k])
                else:
                    result.append({dflt})
            return result""", "Each key is checked with `in` before it is looked up."),
        )
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
        x.form(
            (f"return {{k: v for k, v in {d}.items() if v >= {t}}}",
             "A dictionary comprehension with a condition filters the entries."),
            (f"""
            kept = {{}}
            for k, v in {d}.items():
                if v >= {t}:
                    kept[k] = v
            return kept""", "The loop copies only the entries that reach the threshold."),
            (f"return dict(filter(lambda item: item[1] >= {t}, {d}.items()))",
             "`filter` keeps the (key, value) pairs whose value is high enough; `dict` rebuilds a dictionary."),
            (f"return {{k: {d}[k] for k in {d} if not {d}[k] < {t}}}", ("Iterating a dictionary gives its keys; each "
                                                                      "value is looked up.")),
        )
        gen = lambda r: ({n: r.randint(0, 10) for n in r.sample(NAMES, r.randint(0, 5))}, r.randint(2, 8))
    elif x.v == "rank_keys":
        x.returns("list[str]")
        x.doc(f"Return the keys of {d} ordered by their value, highest first; keys with equal values are in "
              "alphabetical order.")
        x.form(
            (f"return sorted({d}, key=lambda k: (-{d}[k], k))",
             "Sorting by the tuple (-value, key) puts high values first and breaks ties alphabetically."),
            (f"""
            keys = sorted({d})
            keys.sort(key=lambda k: {d}[k], reverse=True)
            return keys""", ("Sorting is stable: the keys are first sorted alphabetically, then by value; equal "
                            "values keep their alphabetical order.")),
            (f"return [k for k, v in sorted({d}.items(), key=lambda item: (-item[1], item[0]))]",
             "The (key, value) pairs are sorted and the keys read off in order."),
            (f"""
            remaining = dict({d})
            order = []
            while remaining:
                best = min(remaining, key=lambda k: (-remaining[k], k))
                order.append(best)
                del remaining[best]
            return order""", "Selection: the best remaining key is taken out again and again."),
        )
    else:
        empty = x.chance(0.3)
        x.returns("str | None" if empty else "str")
        x.doc(f"Return the key of {d} with the largest value; on a tie return the alphabetically smallest key. "
              + ("Return None for an empty dictionary." if empty else f"{d} is not empty."))
        guard = f"if not {d}:\n    return None" if empty else ""
        x.form(
            (f"""
            best = None
            for k in sorted({d}):
                if best is None or {d}[k] > {d}[best]:
                    best = k
            return best""", ("Visiting the keys in sorted order and replacing the best only on a strictly larger "
                            "value makes ties go to the smallest key.")),
            (guard, f"return min({d}, key=lambda k: (-{d}[k], k))",
             "The smallest (-value, key) pair belongs to the largest value and, among equals, the first key."),
            (guard, f"""
            top = max({d}.values())
            return min(k for k in {d} if {d}[k] == top)""", ("First find the largest value, then the smallest key "
                                                            "that has it.")),
            (guard, f"return sorted({d}.items(), key=lambda item: (-item[1], item[0]))[0][0]",
             "After sorting the pairs by value (descending) and key, the first pair holds the answer."),
        )
        if empty:
            x.case({})
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
        x.form(
            (f"return len(set({s})) == len({s})", ("A set drops repeated characters, so it is smaller exactly when "
                                                 "some character repeats.")),
            (f"""
            {seen} = set()
            for ch in {s}:
                if ch in {seen}:
                    return False
                {seen}.add(ch)
            return True""", "The first character met a second time answers the question early."),
            (f"return all({s}.count(ch) == 1 for ch in {s})", "Every character must occur exactly once."),
            (f"""
            ordered = sorted({s})
            for i in range(1, len(ordered)):
                if ordered[i] == ordered[i - 1]:
                    return False
            return True""", "After sorting, equal characters are neighbours."),
        )
        x.cases(lambda r: (r.choice(WORDS + SHORT_WORDS + CITIES),), n=7)
    else:
        xs = x.param("items|values|numbers|data", "list[int]")
        if x.v == "has_duplicates":
            x.returns("bool")
            x.doc(f"Return True if some value occurs more than once in {xs}.")
            x.form(
                (f"return len(set({xs})) != len({xs})", ("A set keeps one copy of each value; if it is smaller than "
                                                       "the list, something was repeated.")),
                (f"""
                {seen} = set()
                for v in {xs}:
                    if v in {seen}:
                        return True
                    {seen}.add(v)
                return False""", "The loop stops at the first value it has already seen."),
                (f"return any({xs}.count(v) > 1 for v in {xs})", "`any` stops at the first value counted more than once."),
                (f"""
                for i in range(len({xs})):
                    for j in range(i + 1, len({xs})):
                        if {xs}[i] == {xs}[j]:
                            return True
                return False""", "Every pair of positions is compared (fine for short lists)."),
            )
        else:
            missing = x.pick([None, None, -1])
            x.returns("int | None" if missing is None else "int")
            x.doc(f"Return the first element of {xs} whose value has already appeared earlier in the list, or "
                  + ("None if all values are different." if missing is None
                     else "-1 if all values are different (the values are never negative)."))
            x.form(
                (f"""
                {seen} = set()
                for v in {xs}:
                    if v in {seen}:
                        return v
                    {seen}.add(v)
                return {missing!r}""", ("A set remembers the values seen so far; the first value found in it is "
                                       "the answer.")),
                (f"""
                for i, v in enumerate({xs}):
                    if v in {xs}[:i]:
                        return v
                return {missing!r}""", "Each element is looked for among the elements before it."),
                (f"""
                {seen} = {{}}
                for v in {xs}:
                    if {seen}.get(v):
                        return v
                    {seen}[v] = True
                return {missing!r}""", "A dictionary marks each value as seen."),
                (f"return next((v for i, v in enumerate({xs}) if v in {xs}[:i]), {missing!r})",
                 "`next` takes the first repeated element from a generator, or the default when there is none."),
            )
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
        x.form(
            (f"""
            {seen} = {{}}
            pairs = 0
            for v in {xs}:
                pairs += {seen}.get(v, 0)
                {seen}[v] = {seen}.get(v, 0) + 1
            return pairs""", ("Each new element forms a pair with every earlier equal element, and the dictionary "
                             "says how many of those there are.")),
            (f"""
            pairs = 0
            for i in range(len({xs})):
                for j in range(i + 1, len({xs})):
                    if {xs}[i] == {xs}[j]:
                        pairs += 1
            return pairs""", "Two nested loops try every pair i < j."),
            (f"""
            from collections import Counter
            return sum(c * (c - 1) // 2 for c in Counter({xs}).values())""",
             "A value occurring c times forms c * (c - 1) / 2 pairs."),
            (f"return sum(1 for i in range(len({xs})) for j in range(i + 1, len({xs})) if {xs}[i] == {xs}[j])",
             "A generator over all index pairs counts the equal ones."),
        )
        x.cases(lambda r: (ints(r, 0, 8, 0, 3),), n=6)
    else:
        t = x.param("target|total|goal", "int")
        x.returns("int")
        x.doc(f"Return how many pairs of indices i < j satisfy {xs}[i] + {xs}[j] == {t}.")
        x.form(
            (f"""
            {seen} = {{}}
            pairs = 0
            for v in {xs}:
                pairs += {seen}.get({t} - v, 0)
                {seen}[v] = {seen}.get(v, 0) + 1
            return pairs""", ("For each element, the partners it needs are the earlier elements equal to target "
                             "minus itself; a dictionary of counts answers that in one step.")),
            (f"""
            pairs = 0
            for i in range(len({xs})):
                for j in range(i + 1, len({xs})):
                    if {xs}[i] + {xs}[j] == {t}:
                        pairs += 1
            return pairs""", "Two nested loops try every pair i < j."),
            (f"""
            from itertools import combinations
            return sum(1 for p, q in combinations({xs}, 2) if p + q == {t})""",
             "`itertools.combinations(xs, 2)` yields every pair of elements at positions i < j."),
            (f"return sum({xs}[:i].count({t} - v) for i, v in enumerate({xs}))",
             "Each element pairs with every earlier element equal to target minus itself."),
        )
        x.cases(lambda r: (ints(r, 0, 8, 0, 6), r.randint(2, 9)), n=6)
    x.case([], *(() if x.v == "matching_pairs" else (5,)))
