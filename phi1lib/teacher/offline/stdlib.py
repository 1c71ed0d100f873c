"""Concept families on a few standard-library modules: collections (Counter, defaultdict, deque,
namedtuple, OrderedDict), itertools (groupby, accumulate, combinations, permutations, product, chain,
islice, zip_longest, pairwise), functools (reduce, partial, lru_cache), math and string. No other
module is used, so that modules no exercise mentions stay unseen."""

from __future__ import annotations

from phi1lib.teacher.offline.base import CITIES, NAMES, SHORT_WORDS, WORDS, Ctx, V, family, ints, sentence

S = "standard library"


def _say(x: Ctx, *texts: str) -> None:
    """One docstring paragraph, worded one of several ways."""
    x.doc(x.pick(texts))


@family(S, "Counting with collections.Counter",
        V("top_words", "return the k most frequent words of a text, ties in order of first appearance",
          "top|most_common|frequent", "words|k_words", names="common_words"),
        V("can_spell", "check whether a word can be spelled with a set of letter tiles, each used at most once",
          "can|is_possible", "spell|build_word|make_word", names="tiles_suffice"),
        V("majority", "return the value that occurs in more than half of a list, or None", "majority|dominant",
          "value|element|vote", names="majority_element"),
        V("letters_needed", "list (sorted) the letters that must be added to one word's letters to cover another",
          "letters|missing", "needed|to_add|short", names="letters_to_add"))
def counter_tools(x: Ctx) -> None:
    if x.v == "top_words":
        s, k = x.param("text|sentence|words_text|document", "str"), x.param("k|n|count|top", "int")
        x.returns("list[str]")
        _say(x, f"Split {s} on whitespace and return the {k} most frequent words, most frequent first. Words with "
                f"the same count keep the order in which they first appear in {s}. Fewer than {k} distinct words "
                "means all of them are returned.",
             f"Return a list of the {k} words that occur most often in {s} (words are separated by whitespace and "
             "compared exactly). Ties are broken by first appearance.")
        c = x.local("counts|freq|tally|seen")
        form = x.pick(["most_common", "sorted_counter", "manual"])
        if form == "most_common":
            x.imports("from collections import Counter")
            x.body(f"{c} = Counter({s}.split())", f"return [word for word, _ in {c}.most_common({k})]")
            x.explain("`Counter.most_common(k)` returns (element, count) pairs by decreasing count; equal counts "
                      "stay in the order the elements were first counted.")
        elif form == "sorted_counter":
            x.imports("from collections import Counter")
            x.body(f"{c} = Counter({s}.split())", f"return sorted({c}, key=lambda w: -{c}[w])[:{k}]")
            x.explain("A Counter iterates over its keys in first-seen order, and `sorted` is stable, so sorting "
                      "by decreasing count keeps ties in order of first appearance.")
        else:
            x.body(f"""
                {c} = {{}}
                for word in {s}.split():
                    {c}[word] = {c}.get(word, 0) + 1
                ranked = sorted({c}.items(), key=lambda item: item[1], reverse=True)
                return [word for word, _ in ranked[:{k}]]""")
            x.explain("A plain dictionary counts the words; sorting its items by count (a stable sort, even with "
                      "reverse=True) keeps equally frequent words in order of first appearance.")
        x.case("b a b c a b", 2)
        x.cases(lambda r: (" ".join(r.choice(SHORT_WORDS[:6]) for _ in range(r.randint(0, 9))), r.randint(1, 3)), n=6)
    elif x.v == "can_spell":
        w, t = x.param("word|target|wanted", "str"), x.param("tiles|letters|rack|pool", "str")
        x.returns("bool")
        _say(x, f"Return True if {w} can be written using the letters of {t}, each letter of {t} used at most "
                f"once (so a letter needed twice must appear at least twice in {t}).",
             f"Can {w} be assembled from the tiles in {t}? Every character of {w} consumes one matching character "
             f"of {t}; return whether there are enough of each.")
        form = x.pick(["subtract", "compare", "manual"])
        if form == "subtract":
            x.imports("from collections import Counter")
            x.body(f"return not (Counter({w}) - Counter({t}))")
            x.explain("Subtracting Counters keeps only positive counts, so the difference is empty exactly when "
                      "the tiles cover every needed letter.")
        elif form == "compare":
            x.imports("from collections import Counter")
            need, have = x.local("need|needed|wanted_counts"), x.local("have|available|stock")
            x.body(f"""
                {need}, {have} = Counter({w}), Counter({t})
                return all({have}[ch] >= n for ch, n in {need}.items())""")
            x.explain("A Counter returns 0 for a missing key, so `have[ch]` needs no special case for letters "
                      "that are not among the tiles.")
        else:
            x.body(f"""
                left = {{}}
                for ch in {t}:
                    left[ch] = left.get(ch, 0) + 1
                for ch in {w}:
                    if left.get(ch, 0) == 0:
                        return False
                    left[ch] -= 1
                return True""")
            x.explain("Counting the tiles and then spending one per letter of the word finds the first letter "
                      "that runs out.")
        x.case("apple", "plape")
        x.case("apple", "aple")
        x.cases(lambda r: (r.choice(SHORT_WORDS + WORDS[:20]), "".join(r.sample("abcdeilnoprstu" * 2, r.randint(3, 9)))), n=7)
    elif x.v == "majority":
        xs = x.param("values|votes|items|data", "list[int]")
        x.returns("int | None")
        _say(x, f"Return the value that makes up more than half of the elements of {xs}, or None if there is no "
                "such value (an empty list has none).",
             f"Find the majority element of {xs}: a value occurring more than len({xs}) / 2 times. Return None when "
             "no value is that common.")
        form = x.pick(["most_common", "items_loop", "manual"])
        if form == "most_common":
            x.imports("from collections import Counter")
            x.body(f"""
                if not {xs}:
                    return None
                value, n = Counter({xs}).most_common(1)[0]
                return value if n * 2 > len({xs}) else None""")
        elif form == "items_loop":
            x.imports("from collections import Counter")
            x.body(f"""
                for value, n in Counter({xs}).items():
                    if n > len({xs}) // 2:
                        return value
                return None""")
        else:
            x.body(f"""
                counts = {{}}
                for v in {xs}:
                    counts[v] = counts.get(v, 0) + 1
                    if counts[v] * 2 > len({xs}):
                        return v
                return None""")
        x.explain("Only one value can occur more than half the time, so it suffices to count and compare the "
                  "count with half the length.")
        x.case([2, 1, 2, 2, 3])
        x.case([])
        x.cases(lambda r: ([r.choice([1, 1, 1, 2, 3]) for _ in range(r.randint(1, 7))],), n=7)
    else:
        have, want = x.param("have|letters|current", "str"), x.param("want|target|goal", "str")
        x.returns("str")
        _say(x, f"Return, as one sorted string, the letters that must be added to the letters of {have} so that "
                f"they include every letter of {want} with its multiplicity. '' means nothing is missing.",
             f"Which letters are short? Compare letter counts of {have} with those of {want} and return the missing "
             "letters, each repeated as many times as it is missing, sorted alphabetically and joined.")
        form = x.pick(["elements", "loop", "manual"])
        if form == "elements":
            x.imports("from collections import Counter")
            x.body(f"return ''.join(sorted((Counter({want}) - Counter({have})).elements()))")
            x.explain("`Counter.elements()` repeats each key as many times as its count, which turns the "
                      "difference of two Counters back into letters.")
        elif form == "loop":
            x.imports("from collections import Counter")
            x.body(f"""
                short = Counter({want})
                short.subtract(Counter({have}))
                return ''.join(ch * n for ch, n in sorted(short.items()) if n > 0)""")
            x.explain("`Counter.subtract` keeps zero and negative counts, so only the positive ones are "
                      "letters that are really missing.")
        else:
            x.body(f"""
                missing = []
                pool = list({have})
                for ch in {want}:
                    if ch in pool:
                        pool.remove(ch)
                    else:
                        missing.append(ch)
                return ''.join(sorted(missing))""")
            x.explain("Each letter of the target uses up one matching letter if one is left; the others are "
                      "collected as missing.")
        x.case("tale", "latte")
        x.cases(lambda r: (r.choice(WORDS), r.choice(WORDS)), n=6)


@family(S, "Grouping with collections.defaultdict",
        V("word_positions", "map each word of a sentence to the list of positions where it occurs", "word|index",
          "positions|locations|index", names="positions_of_words"),
        V("neighbors", "build an adjacency map from a list of undirected edges, neighbours sorted",
          "adjacency|neighbors", "map|lists|of_graph", names="build_graph"),
        V("totals_by_key", "total the amounts of (category, amount) pairs per category", "totals|sum",
          "by_category|per_key|by_key", names="category_totals"))
def defaultdict_tools(x: Ctx) -> None:
    if x.v == "word_positions":
        s = x.param("text|sentence|line", "str")
        x.returns("dict[str, list[int]]")
        _say(x, f"Return a dictionary mapping every word of {s} (split on whitespace) to the list of its "
                "positions, counting words from 0. Keys appear in order of first occurrence.",
             f"Index the words of {s}: for each distinct word, the increasing list of indices at which it occurs "
             "among the whitespace-separated words.")
        idx = x.local("index|where|found|positions")
        form = x.pick(["defaultdict", "setdefault", "ifelse"])
        if form == "defaultdict":
            x.imports("from collections import defaultdict")
            x.body(f"""
                {idx} = defaultdict(list)
                for i, word in enumerate({s}.split()):
                    {idx}[word].append(i)
                return dict({idx})""")
            x.explain("`defaultdict(list)` creates an empty list the first time a word is looked up, so every "
                      "word can be appended to without checking.")
        elif form == "setdefault":
            x.body(f"""
                {idx} = {{}}
                for i, word in enumerate({s}.split()):
                    {idx}.setdefault(word, []).append(i)
                return {idx}""")
            x.explain("`setdefault` returns the existing list or inserts an empty one, the same job "
                      "`collections.defaultdict(list)` does automatically.")
        else:
            x.body(f"""
                {idx} = {{}}
                words = {s}.split()
                for i in range(len(words)):
                    if words[i] in {idx}:
                        {idx}[words[i]].append(i)
                    else:
                        {idx}[words[i]] = [i]
                return {idx}""")
            x.explain("The first occurrence of a word starts its list and later occurrences extend it.")
        x.case("to be or not to be")
        x.cases(lambda r: (" ".join(r.choice(SHORT_WORDS[:5]) for _ in range(r.randint(0, 7))),), n=6)
    elif x.v == "neighbors":
        es = x.param("edges|links|pairs|roads", "list[tuple[str, str]]")
        x.returns("dict[str, list[str]]")
        _say(x, f"{es} lists undirected edges (a, b). Return a dictionary mapping every node that appears to the "
                "sorted list of its distinct neighbours; the keys are inserted in sorted order.",
             f"Turn the edge list {es} into an adjacency map: node -> sorted list of the nodes it is connected to "
             "(an edge (a, b) connects both ways; repeated edges count once). Keys in sorted order.")
        g = x.local("graph|adj|links_of|near")
        form = x.pick(["dd_set", "dd_list", "setdefault"])
        if form == "dd_set":
            x.imports("from collections import defaultdict")
            x.body(f"""
                {g} = defaultdict(set)
                for a, b in {es}:
                    {g}[a].add(b)
                    {g}[b].add(a)
                return {{node: sorted({g}[node]) for node in sorted({g})}}""")
        elif form == "dd_list":
            x.imports("from collections import defaultdict")
            x.body(f"""
                {g} = defaultdict(list)
                for a, b in {es}:
                    if b not in {g}[a]:
                        {g}[a].append(b)
                    if a not in {g}[b]:
                        {g}[b].append(a)
                result = {{}}
                for node in sorted({g}):
                    result[node] = sorted({g}[node])
                return result""")
        else:
            x.body(f"""
                {g} = {{}}
                for a, b in {es}:
                    {g}.setdefault(a, set()).add(b)
                    {g}.setdefault(b, set()).add(a)
                return {{node: sorted({g}[node]) for node in sorted({g})}}""")
        x.explain("Each edge is recorded in both directions; a set per node drops repeated edges, and sorting at "
                  "the end makes the result independent of the input order.")
        nodes = ["a", "b", "c", "d", "e"]
        x.case([("a", "b"), ("b", "c"), ("a", "b")])
        x.cases(lambda r: ([tuple(r.sample(nodes, 2)) for _ in range(r.randint(0, 4))],), n=6)
    else:
        ps = x.param("pairs|entries|records|expenses", "list[tuple[str, int]]")
        x.returns("dict[str, int]")
        _say(x, f"Return a dictionary mapping each category of {ps} (the first item of each pair) to the sum of its "
                "amounts, categories in order of first appearance.",
             f"Add up the amounts of {ps} per category: ('food', 5) and ('food', 2) give {{'food': 7}}. Keep "
             "categories in the order they first occur.")
        tot = x.local("totals|sums|per_key|acc")
        form = x.pick(["dd_int", "counter", "get"])
        if form == "dd_int":
            x.imports("from collections import defaultdict")
            x.body(f"""
                {tot} = defaultdict(int)
                for key, amount in {ps}:
                    {tot}[key] += amount
                return dict({tot})""")
            x.explain("`defaultdict(int)` starts every missing key at 0 (int() is 0), so `+=` works from the "
                      "first amount on.")
        elif form == "counter":
            x.imports("from collections import Counter")
            x.body(f"""
                {tot} = Counter()
                for key, amount in {ps}:
                    {tot}[key] += amount
                return dict({tot})""")
            x.explain("A Counter also treats missing keys as 0, and unlike `Counter.update` with a dict, `+=` "
                      "on each key keeps amounts that are zero or negative.")
        else:
            x.body(f"""
                {tot} = {{}}
                for key, amount in {ps}:
                    {tot}[key] = {tot}.get(key, 0) + amount
                return {tot}""")
            x.explain("`dict.get(key, 0)` supplies the starting value for a category not seen before.")
        cats = ["food", "rent", "fun", "travel"]
        x.case([("food", 5), ("rent", 50), ("food", 2)])
        x.case([])
        x.cases(lambda r: ([(r.choice(cats), r.randint(-5, 40)) for _ in range(r.randint(1, 5))],), n=6)


@family(S, "Queues and windows with collections.deque",
        V("last_n", "return the last n items of a list using a bounded deque", "last|tail", "n|items|lines",
          names="keep_last"),
        V("circle_elimination", "remove every k-th person from a circle and return the removal order",
          "elimination|circle", "order|game|removals", names="counting_out"),
        V("bfs_steps", "find the fewest edges between two nodes of a graph with breadth-first search",
          "fewest|shortest", "steps|hops|path_length", names="bfs_distance"),
        V("window_max", "return the maximum of every window of k consecutive values", "window|sliding",
          "max|maxima|maximums", names="max_per_window"))
def deque_tools(x: Ctx) -> None:
    if x.v == "last_n":
        xs, n = x.param("items|lines|values|log", "list[str]"), x.param("n|count|keep", "int")
        x.returns("list[str]")
        _say(x, f"Return the last {n} elements of {xs} ({n} >= 1), oldest first; all of them when {xs} has fewer "
                f"than {n}.",
             f"Keep only the final {n} items of {xs}, in their original order (like `tail -n`). {n} is at least 1.")
        form = x.pick(["maxlen", "popleft", "slice"])
        if form == "maxlen":
            x.imports("from collections import deque")
            x.body(f"return list(deque({xs}, maxlen={n}))")
            x.explain("A deque with `maxlen` discards items from the opposite end when it is full, so after "
                      "feeding it everything it holds only the last n.")
        elif form == "popleft":
            x.imports("from collections import deque")
            x.body(f"""
                kept = deque()
                for item in {xs}:
                    kept.append(item)
                    if len(kept) > {n}:
                        kept.popleft()
                return list(kept)""")
            x.explain("`popleft` removes from the front of a deque in constant time, unlike `list.pop(0)`.")
        else:
            x.body(f"return {xs}[-{n}:]")
            x.explain(f"A negative slice start counts from the end; since {n} >= 1 the slice is never the "
                      "whole-list `[-0:]` trap.")
        x.case(["a", "b", "c", "d"], 2)
        x.cases(lambda r: (r.sample(SHORT_WORDS, r.randint(0, 5)), r.randint(1, 4)), n=6)
    elif x.v == "circle_elimination":
        n, k = x.param("n|people|size", "int"), x.param("k|step|count", "int")
        x.returns("list[int]")
        _say(x, f"People numbered 1 to {n} stand in a circle. Counting starts at person 1; every {k}-th person "
                "counted is removed and counting continues with the next person still in the circle. Return the "
                f"numbers in the order they are removed ({k} >= 1).",
             f"Simulate the counting-out game for {n} people (numbered from 1) and step {k}: count {k} people around "
             "the circle, remove the last one counted, and repeat from the next person until nobody is left. "
             "Return the removal order.")
        form = x.pick(["rotate", "index", "popleft_loop"])
        if form == "rotate":
            x.imports("from collections import deque")
            x.body(f"""
                circle = deque(range(1, {n} + 1))
                order = []
                while circle:
                    circle.rotate(-({k} - 1))
                    order.append(circle.popleft())
                return order""")
            x.explain("Rotating the deque left by k - 1 brings the k-th person to the front, where `popleft` "
                      "removes them; the next person is then first in line.")
        elif form == "popleft_loop":
            x.imports("from collections import deque")
            x.body(f"""
                circle = deque(range(1, {n} + 1))
                order = []
                while circle:
                    for _ in range({k} - 1):
                        circle.append(circle.popleft())
                    order.append(circle.popleft())
                return order""")
            x.explain("Moving people from the front to the back of a deque walks around the circle; the person "
                      "reaching the front after k - 1 moves is removed.")
        else:
            x.body(f"""
                circle = list(range(1, {n} + 1))
                order = []
                i = 0
                while circle:
                    i = (i + {k} - 1) % len(circle)
                    order.append(circle.pop(i))
                return order""")
            x.explain("With a list, the index of the next person to remove is found with modular arithmetic; "
                      "after `pop(i)` the following person already sits at index i.")
        x.case(5, 2)
        x.cases(lambda r: (r.randint(1, 8), r.randint(1, 4)), n=6)
    elif x.v == "bfs_steps":
        g, a, b = x.param("graph|network|links", "dict[str, list[str]]"), x.param("start|source|origin", "str"), x.param("goal|target|end", "str")
        x.returns("int")
        _say(x, f"{g} maps each node to the list of nodes it links to (directed). Return the smallest number of "
                f"links needed to go from {a} to {b} (0 when they are the same node), or -1 if {b} cannot be "
                "reached.",
             f"Breadth-first search: starting at {a}, follow the directed links in {g} and return the length of the "
             f"shortest route to {b}, 0 if {a} == {b}, -1 if there is none. Nodes without an entry have no links.")
        form = x.pick(["pairs", "levels", "list_queue"])
        if form != "list_queue":
            x.imports("from collections import deque")
        if form == "list_queue":
            x.body(f"""
                order = [{a}]
                dist = {{{a}: 0}}
                i = 0
                while i < len(order):
                    node = order[i]
                    i += 1
                    if node == {b}:
                        return dist[node]
                    for nxt in {g}.get(node, []):
                        if nxt not in dist:
                            dist[nxt] = dist[node] + 1
                            order.append(nxt)
                return -1""")
            x.explain("Instead of popping from the front, an index walks along a growing list; this visits "
                      "nodes in the same order a `collections.deque` used as a queue would.")
        elif form == "pairs":
            x.body(f"""
                queue = deque([({a}, 0)])
                seen = {{{a}}}
                while queue:
                    node, dist = queue.popleft()
                    if node == {b}:
                        return dist
                    for nxt in {g}.get(node, []):
                        if nxt not in seen:
                            seen.add(nxt)
                            queue.append((nxt, dist + 1))
                return -1""")
        else:
            x.body(f"""
                dist = {{{a}: 0}}
                queue = deque([{a}])
                while queue:
                    node = queue.popleft()
                    for nxt in {g}.get(node, []):
                        if nxt not in dist:
                            dist[nxt] = dist[node] + 1
                            queue.append(nxt)
                return dist.get({b}, -1)""")
        x.explain("A FIFO queue (`deque` with `append` and `popleft`) visits nodes in order of distance, so the "
                  "first time the goal is reached is along a shortest route.")
        nodes = ["a", "b", "c", "d", "e", "f"]
        x.case({"a": ["b", "c"], "b": ["d"], "c": ["d"], "d": ["e"]}, "a", "e")
        x.cases(lambda r: ({n: r.sample(nodes, r.randint(0, 2)) for n in r.sample(nodes, r.randint(1, 5))},
                           r.choice(nodes), r.choice(nodes)), n=7)
    else:
        xs, k = x.param("values|numbers|readings|data", "list[int]"), x.param("k|size|width", "int")
        x.returns("list[int]")
        _say(x, f"Return the maximum of every run of {k} consecutive elements of {xs} ({k} >= 1), from left to "
                f"right; [] when {xs} has fewer than {k} elements.",
             f"Slide a window of width {k} over {xs} and record the largest value in each position of the window. "
             f"There are len({xs}) - {k} + 1 windows (none if that is not positive).")
        form = x.pick(["monotonic", "bounded", "slices"])
        if form == "monotonic":
            x.imports("from collections import deque")
            x.body(f"""
                best, out = deque(), []
                for i, v in enumerate({xs}):
                    while best and {xs}[best[-1]] <= v:
                        best.pop()
                    best.append(i)
                    if best[0] <= i - {k}:
                        best.popleft()
                    if i >= {k} - 1:
                        out.append({xs}[best[0]])
                return out""")
            x.explain("The deque holds indices of values in decreasing order; smaller values behind a new one can "
                      "never be a maximum again, and the front is dropped once it leaves the window.")
        elif form == "bounded":
            x.imports("from collections import deque")
            x.body(f"""
                window, out = deque(maxlen={k}), []
                for v in {xs}:
                    window.append(v)
                    if len(window) == {k}:
                        out.append(max(window))
                return out""")
            x.explain("A deque with `maxlen=k` always holds the current window, since appending to a full deque "
                      "drops its oldest value.")
        else:
            x.body(f"return [max({xs}[i:i + {k}]) for i in range(len({xs}) - {k} + 1)]")
            x.explain("Each window is a slice; `range(len(xs) - k + 1)` is empty when the list is too short.")
        x.case([1, 3, 2, 5, 4], 2)
        x.cases(lambda r: (ints(r, 0, 7, -9, 20), r.randint(1, 3)), n=6)


@family(S, "Records with collections.namedtuple",
        V("oldest", "parse 'name,age' lines into named tuples and return the name of the oldest person",
          "oldest|eldest", "person|name|member", names="find_oldest"),
        V("bounding_area", "compute the area of the smallest axis-aligned box around a list of points",
          "bounding|box", "area|box_area", names="extent_area"),
        V("best_team", "read (name, team, score) rows as named tuples and return the team with the highest total",
          "best|top|winning", "team|squad", names="leading_team"))
def namedtuple_tools(x: Ctx) -> None:
    x.imports("from collections import namedtuple")
    if x.v == "oldest":
        ls = x.param("lines|rows|people|records", "list[str]")
        x.returns("str | None")
        rec = x.pick(["Person", "Member", "Entry"])
        _say(x, f"Each string of {ls} is 'name,age'. Return the name of the oldest person (the first one listed "
                f"among equally old people), or None for an empty list. Store the rows as namedtuples {rec}(name, "
                "age) on the way.",
             f"Read {ls} ('name,age' per line) into {rec} named tuples with fields name and age (an int), then "
             "return the name of the one with the greatest age; ties go to the earliest line; None if there are "
             "no lines.")
        ps = x.local("people|members|entries|rows_parsed")
        form = x.pick(["max", "loop"])
        parse = x.pick([f"{ps} = [{rec}(n, int(a)) for n, a in (line.split(',') for line in {ls})]",
                        f"{ps} = []\nfor line in {ls}:\n    n, a = line.split(',')\n    {ps}.append({rec}(name=n, age=int(a)))"])
        if form == "max":
            x.body(f"{rec} = namedtuple({rec!r}, ['name', 'age'])", parse, f"""
                if not {ps}:
                    return None
                return max({ps}, key=lambda p: p.age).name""")
        else:
            x.body(f"{rec} = namedtuple({rec!r}, ['name', 'age'])", parse, f"""
                best = None
                for p in {ps}:
                    if best is None or p.age > best.age:
                        best = p
                return best.name if best else None""")
        x.explain("A namedtuple is a tuple whose fields also have names, so `p.age` reads better than `p[1]`; "
                  "`max` with a key returns the first of several equally large items.")
        x.case(["ada,36", "alan,41", "grace,41"])
        x.case([])
        x.cases(lambda r: ([f"{n},{r.randint(18, 60)}" for n in r.sample(NAMES, r.randint(1, 4))],), n=6)
    elif x.v == "bounding_area":
        pts = x.param("points|coords|positions", "list[tuple[int, int]]")
        x.returns("int")
        _say(x, f"{pts} holds (x, y) points. Return the area of the smallest rectangle with sides parallel to the "
                "axes that contains all of them (0 for fewer than two distinct points or points on a line). "
                "Convert the pairs to a namedtuple Point(x, y) to read the coordinates by name.",
             f"Return (max x - min x) * (max y - min y) over the points of {pts} (0 for an empty list), reading each "
             "pair as a Point named tuple with fields x and y.")
        p = x.local("p|pt|point")
        form = x.pick(["minmax", "loop", "unzip"])
        head = f"Point = namedtuple('Point', 'x y')\nps = [Point(*{p}) for {p} in {pts}]\nif not ps:\n    return 0"
        if form == "unzip":
            x.body(head, """
                xs, ys = zip(*ps)
                return (max(xs) - min(xs)) * (max(ys) - min(ys))""")
        elif form == "minmax":
            x.body(head, f"""
                xs = [{p}.x for {p} in ps]
                ys = [{p}.y for {p} in ps]
                return (max(xs) - min(xs)) * (max(ys) - min(ys))""")
        else:
            x.body(head, f"""
                left = right = ps[0].x
                low = high = ps[0].y
                for {p} in ps[1:]:
                    left, right = min(left, {p}.x), max(right, {p}.x)
                    low, high = min(low, {p}.y), max(high, {p}.y)
                return (right - left) * (high - low)""")
        x.explain("`Point(*pair)` unpacks a pair into the two fields; after that the code talks about `.x` and "
                  "`.y` instead of indices 0 and 1.")
        x.case([(1, 2), (4, 0), (2, 5)])
        x.case([])
        x.cases(lambda r: ([(r.randint(-5, 9), r.randint(-5, 9)) for _ in range(r.randint(1, 4))],), n=6)
    else:
        rows = x.param("rows|results|scores|games", "list[tuple[str, str, int]]")
        x.returns("str | None")
        _say(x, f"Each item of {rows} is (player, team, score). Using a namedtuple Row(player, team, score) for "
                "the items, return the team whose scores add up to the most; the team that appears first wins a "
                "tie; None for no rows.",
             f"Total the scores of {rows} per team (rows are (player, team, score), read as Row named tuples) and "
             "return the best team, ties going to the earliest-listed team, or None when there are no rows.")
        tot = x.local("totals|per_team|sums")
        form = x.pick(["make_max", "loop_best"])
        x.body(f"""
            Row = namedtuple('Row', ['player', 'team', 'score'])
            {tot} = {{}}
            for row in map(Row._make, {rows}):
                {tot}[row.team] = {tot}.get(row.team, 0) + row.score""",
               f"if not {tot}:\n    return None\nreturn max({tot}, key={tot}.get)" if form == "make_max" else
               f"best = None\nfor team, total in {tot}.items():\n    if best is None or total > {tot}[best]:\n"
               f"        best = team\nreturn best")
        x.explain("`Row._make(iterable)` builds a named tuple from any sequence; the totals dictionary keeps "
                  "teams in order of first appearance, which settles ties.")
        teams = ["red", "blue", "green"]
        x.case([("ada", "red", 3), ("alan", "blue", 5), ("grace", "red", 4)])
        x.case([])
        x.cases(lambda r: ([(r.choice(NAMES), r.choice(teams), r.randint(0, 9)) for _ in range(r.randint(1, 5))],), n=6)


@family(S, "Recency and order with collections.OrderedDict",
        V("lru_misses", "count the cache misses of a least-recently-used cache of a given capacity",
          "lru|cache", "misses|miss_count", names="count_cache_misses"),
        V("recent_unique", "return the k most recently used distinct items, most recent first", "recent|latest",
          "unique|distinct|items", names="recently_used"),
        V("dedupe_keep_last", "remove duplicates from a list, keeping each value at its last position",
          "dedupe|unique", "keep_last|last_seen", names="last_occurrences"))
def ordered_tools(x: Ctx) -> None:
    if x.v == "lru_misses":
        cap, reqs = x.param("capacity|size|slots", "int"), x.param("requests|accesses|keys|pages", "list[str]")
        x.returns("int")
        _say(x, f"Simulate a cache holding at most {cap} keys ({cap} >= 1) that evicts the least recently used key "
                f"when it is full. Go through {reqs} in order: a key already cached is a hit (and becomes the most "
                "recently used), any other key is a miss and is added. Return the number of misses.",
             f"Count misses of an LRU cache of capacity {cap} over the access sequence {reqs}. On a hit the key "
             "moves to the most-recent end; on a miss it is inserted there, first evicting the least recently "
             "used key if the cache already holds " + f"{cap} keys.")
        c = x.local("cache|held|memory")
        form = x.pick(["ordered", "list", "dict"])
        if form == "ordered":
            x.imports("from collections import OrderedDict")
            x.body(f"""
                {c} = OrderedDict()
                misses = 0
                for key in {reqs}:
                    if key in {c}:
                        {c}.move_to_end(key)
                        continue
                    misses += 1
                    if len({c}) == {cap}:
                        {c}.popitem(last=False)
                    {c}[key] = True
                return misses""")
            x.explain("An OrderedDict remembers order: `move_to_end` marks a key as most recent and "
                      "`popitem(last=False)` removes the oldest, which is exactly LRU eviction.")
        elif form == "list":
            x.body(f"""
                {c} = []
                misses = 0
                for key in {reqs}:
                    if key in {c}:
                        {c}.remove(key)
                    else:
                        misses += 1
                        if len({c}) == {cap}:
                            {c}.pop(0)
                    {c}.append(key)
                return misses""")
            x.explain("A list ordered from least to most recent works too: a used key is moved to the end and "
                      "eviction removes the first element.")
        else:
            x.body(f"""
                {c} = {{}}
                misses = 0
                for key in {reqs}:
                    if key in {c}:
                        del {c}[key]
                    else:
                        misses += 1
                        if len({c}) == {cap}:
                            del {c}[next(iter({c}))]
                    {c}[key] = None
                return misses""")
            x.explain("Plain dictionaries keep insertion order, so deleting and re-inserting a key makes it the "
                      "newest and `next(iter(d))` is the oldest.")
        x.case(2, ["a", "b", "a", "c", "b"])
        x.cases(lambda r: (r.randint(1, 3), [r.choice("abcd") for _ in range(r.randint(0, 8))]), n=6)
    elif x.v == "recent_unique":
        xs, k = x.param("history|uses|items|events", "list[str]"), x.param("k|n|limit", "int")
        x.returns("list[str]")
        _say(x, f"{xs} lists items in the order they were used. Return the {k} most recently used distinct items, "
                "the most recent first (fewer if there are not that many distinct items).",
             f"Like a 'recent files' menu: from the usage history {xs} (oldest first), return up to {k} different "
             "items ordered from most to least recently used.")
        form = x.pick(["ordered", "reversed_seen", "fromkeys"])
        if form == "ordered":
            x.imports("from collections import OrderedDict")
            x.body(f"""
                order = OrderedDict()
                for item in {xs}:
                    order[item] = None
                    order.move_to_end(item)
                return list(reversed(order))[:{k}]""")
        elif form == "reversed_seen":
            x.body(f"""
                out = []
                for item in reversed({xs}):
                    if item not in out:
                        out.append(item)
                    if len(out) == {k}:
                        break
                return out""")
        else:
            x.body(f"return list(dict.fromkeys(reversed({xs})))[:{k}]")
        x.explain("Reading the history backwards meets the most recent use of each item first; keeping only the "
                  "first sighting of each item gives the recency order.")
        x.case(["a", "b", "a", "c", "b"], 2)
        x.cases(lambda r: ([r.choice(SHORT_WORDS[:5]) for _ in range(r.randint(0, 7))], r.randint(1, 4)), n=6)
    else:
        xs = x.param("values|items|seq|data", "list[int]")
        x.returns("list[int]")
        _say(x, f"Return {xs} without duplicates, keeping for each value only its last occurrence, in the order "
                "of those last occurrences.",
             f"Remove repeated values from {xs} so that each value stays where it appears for the last time: "
             "[1, 2, 1, 3] becomes [2, 1, 3].")
        form = x.pick(["ordered", "reverse_twice", "index_check"])
        if form == "ordered":
            x.imports("from collections import OrderedDict")
            x.body(f"""
                last = OrderedDict()
                for v in {xs}:
                    last[v] = None
                    last.move_to_end(v)
                return list(last)""")
            x.explain("Re-inserting a key into an OrderedDict does not move it, but `move_to_end` does, so each "
                      "value ends up positioned by its last occurrence.")
        elif form == "reverse_twice":
            x.body(f"return list(reversed(list(dict.fromkeys(reversed({xs})))))")
            x.explain("Reversing turns 'last occurrence' into 'first occurrence', which `dict.fromkeys` keeps; "
                      "reversing again restores the order.")
        else:
            x.body(f"""
                out = []
                for i, v in enumerate({xs}):
                    if v not in {xs}[i + 1:]:
                        out.append(v)
                return out""")
            x.explain("A value is kept exactly when it does not occur again later in the list.")
        x.case([1, 2, 1, 3])
        x.cases(lambda r: (ints(r, 0, 8, 0, 5),), n=6)


@family(S, "Runs and groups with itertools.groupby",
        V("longest_run", "return the length of the longest run of equal consecutive items", "longest|max",
          "run|streak|repeat", names="longest_streak"),
        V("squeeze", "collapse runs of equal consecutive items into one item each", "squeeze|collapse",
          "runs|repeats|duplicates", names="dedupe_adjacent"),
        V("group_by_length", "group words by length: a sorted list of (length, words) pairs", "group|bucket",
          "by_length|lengths", names="words_by_length"))
def groupby_tools(x: Ctx) -> None:
    if x.v == "longest_run":
        xs = x.param("items|values|seq|flips", "list[int]")
        x.returns("int")
        _say(x, f"Return the length of the longest block of consecutive equal elements in {xs} (0 for an empty "
                "list).",
             f"How long is the longest streak in {xs}, a streak being a run of adjacent equal values? Return that "
             "length; an empty list has no streak and gives 0.")
        form = x.pick(["groupby", "groupby_loop", "manual"])
        if form == "groupby":
            x.imports("from itertools import groupby")
            x.body(f"return max((len(list(run)) for _, run in groupby({xs})), default=0)")
        elif form == "groupby_loop":
            x.imports("from itertools import groupby")
            x.body(f"""
                best = 0
                for _, run in groupby({xs}):
                    best = max(best, sum(1 for _ in run))
                return best""")
        else:
            x.body(f"""
                best = current = 0
                for i, v in enumerate({xs}):
                    current = current + 1 if i > 0 and v == {xs}[i - 1] else 1
                    best = max(best, current)
                return best""")
        x.explain("`itertools.groupby` cuts a sequence into runs of equal consecutive items (it does not sort), "
                  "so the longest run is the largest group.")
        x.case([1, 1, 0, 1, 1, 1, 0])
        x.case([])
        x.cases(lambda r: ([r.choice([0, 1]) for _ in range(r.randint(1, 9))],), n=7)
    elif x.v == "squeeze":
        xs = x.param("items|values|seq|letters", "list[str]")
        x.returns("list[str]")
        _say(x, f"Return {xs} with every run of equal consecutive elements replaced by a single element. Equal "
                "elements that are not next to each other are all kept.",
             f"Collapse adjacent duplicates in {xs}: ['a', 'a', 'b', 'a'] becomes ['a', 'b', 'a'].")
        form = x.pick(["groupby", "loop", "zip"])
        if form == "groupby":
            x.imports("from itertools import groupby")
            x.body(f"return [key for key, _ in groupby({xs})]")
        elif form == "loop":
            x.body(f"""
                out = []
                for item in {xs}:
                    if not out or out[-1] != item:
                        out.append(item)
                return out""")
        else:
            x.body(f"return {xs}[:1] + [cur for prev, cur in zip({xs}, {xs}[1:]) if cur != prev]")
        x.explain("Each group produced by `groupby` is one run, and its key is the repeated value; a manual "
                  "version compares each item with the last one kept.")
        x.case(["a", "a", "b", "a"])
        x.cases(lambda r: ([r.choice("abc") for _ in range(r.randint(0, 8))],), n=6)
    else:
        ws = x.param("words|names|items", "list[str]")
        x.returns("list[tuple[int, list[str]]]")
        _say(x, f"Group the words of {ws} by their length. Return a list of (length, words) pairs sorted by "
                "length, each list keeping the words in their original order.",
             f"Return [(n, [words of {ws} with n letters]), ...] for every length n that occurs, shortest first; "
             "within a group the words stay in input order.")
        form = x.pick(["groupby", "dict", "lengths_first"])
        if form == "lengths_first":
            x.body(f"""
                lengths = sorted({{len(w) for w in {ws}}})
                return [(n, [w for w in {ws} if len(w) == n]) for n in lengths]""")
            x.explain("The distinct lengths, sorted, give the groups' order; a filter per length collects its "
                      "words in input order.")
        elif form == "groupby":
            x.imports("from itertools import groupby")
            x.body(f"""
                ordered = sorted({ws}, key=len)
                return [(n, list(group)) for n, group in groupby(ordered, key=len)]""")
            x.explain("groupby only joins neighbours, so the words are first sorted by the same key; `sorted` "
                      "is stable, which keeps the original order inside each length.")
        else:
            x.body(f"""
                groups = {{}}
                for w in {ws}:
                    groups.setdefault(len(w), []).append(w)
                return [(n, groups[n]) for n in sorted(groups)]""")
            x.explain("A dictionary from length to list collects the groups in one pass; sorting its keys "
                      "gives the required order.")
        x.case(["kiwi", "fig", "pear", "plum", "apple"])
        x.cases(lambda r: (r.sample(WORDS + SHORT_WORDS, r.randint(0, 6)),), n=6)


@family(S, "Running values with itertools.accumulate",
        V("balances", "list the running balance after each transaction, starting from an opening balance",
          "running|balance", "balances|history", names="balance_after_each"),
        V("max_drawdown", "find the largest drop from a previous peak in a list of prices", "max|largest",
          "drawdown|drop|decline", names="worst_drop"),
        V("first_over", "return the index at which a running total first exceeds a limit, or -1", "first|when",
          "over|exceeds|passes", names="index_over_limit"))
def accumulate_tools(x: Ctx) -> None:
    if x.v == "balances":
        st, tx = x.param("start|opening|initial", "int"), x.param("transactions|changes|moves|amounts", "list[int]")
        x.returns("list[int]")
        _say(x, f"Return the balance after each amount of {tx} is added to the opening balance {st}, in order (one "
                "entry per transaction).",
             f"Starting from {st}, apply the deposits (positive) and withdrawals (negative) of {tx} one by one and "
             "return the list of balances after each of them.")
        form = x.pick(["initial", "plain", "loop"])
        if form == "initial":
            x.imports("from itertools import accumulate")
            x.body(f"return list(accumulate({tx}, initial={st}))[1:]")
            x.explain("`accumulate(xs, initial=s)` yields s, s + x0, s + x0 + x1, ...; dropping the first value "
                      "leaves one balance per transaction.")
        elif form == "plain":
            x.imports("from itertools import accumulate")
            x.body(f"return [{st} + total for total in accumulate({tx})]")
            x.explain("`accumulate` yields the running sums of the amounts; adding the opening balance to each "
                      "gives the balances.")
        else:
            x.body(f"""
                out = []
                balance = {st}
                for amount in {tx}:
                    balance += amount
                    out.append(balance)
                return out""")
            x.explain("A running total updated in the loop is what `itertools.accumulate` computes for you.")
        x.case(100, [20, -50, 5])
        x.cases(lambda r: (r.randint(0, 100), ints(r, 0, 5, -30, 30)), n=6)
    elif x.v == "max_drawdown":
        ps = x.param("prices|values|levels|series", "list[int]")
        x.returns("int")
        _say(x, f"Return the largest value of peak - price over the positions of {ps}, where peak is the highest "
                "price seen up to and including that position (0 when prices never fall or the list is empty).",
             f"Compute the maximum drawdown of {ps}: the biggest fall from a running maximum to a later (or equal) "
             "position's value. Return 0 for an empty or never-falling list.")
        form = x.pick(["accumulate", "loop", "prefix_max"])
        if form == "prefix_max":
            x.body(f"return max((max({ps}[:i + 1]) - p for i, p in enumerate({ps})), default=0)")
            x.explain("For each position the peak is the maximum of the prefix ending there; this recomputes it "
                      "every time, which `itertools.accumulate(xs, max)` avoids.")
        elif form == "accumulate":
            x.imports("from itertools import accumulate")
            x.body(f"""
                peaks = accumulate({ps}, max)
                return max((peak - p for peak, p in zip(peaks, {ps})), default=0)""")
            x.explain("`accumulate(xs, max)` yields the running maximum instead of the running sum; pairing it "
                      "with the prices gives each position's fall from its peak.")
        else:
            x.body(f"""
                peak, worst = None, 0
                for p in {ps}:
                    if peak is None or p > peak:
                        peak = p
                    worst = max(worst, peak - p)
                return worst""")
            x.explain("Keeping the highest price so far while walking the list is the running maximum; the "
                      "largest gap below it is the drawdown.")
        x.case([5, 8, 3, 6, 2, 9])
        x.case([])
        x.cases(lambda r: (ints(r, 1, 7, 1, 20),), n=6)
    else:
        xs, lim = x.param("amounts|values|steps|items", "list[int]"), x.param("limit|threshold|budget", "int")
        x.returns("int")
        _say(x, f"Return the first index i such that {xs}[0] + ... + {xs}[i] is greater than {lim}, or -1 if the "
                "running total never exceeds it.",
             f"Add up {xs} from the left and report the position at which the running total first goes above "
             f"{lim}; -1 when it never does.")
        form = x.pick(["enumerate_acc", "loop", "next"])
        if form == "enumerate_acc":
            x.imports("from itertools import accumulate")
            x.body(f"""
                for i, total in enumerate(accumulate({xs})):
                    if total > {lim}:
                        return i
                return -1""")
        elif form == "next":
            x.imports("from itertools import accumulate")
            x.body(f"return next((i for i, total in enumerate(accumulate({xs})) if total > {lim}), -1)")
        else:
            x.body(f"""
                total = 0
                for i in range(len({xs})):
                    total += {xs}[i]
                    if total > {lim}:
                        return i
                return -1""")
        x.explain("The running totals are produced lazily, so the search stops at the first one above the "
                  "limit without adding up the rest.")
        x.case([3, 4, 5, 6], 10)
        x.cases(lambda r: (ints(r, 0, 6, 0, 9), r.randint(0, 25)), n=6)


@family(S, "Combinations, permutations and products from itertools",
        V("pairs_with_sum", "list the pairs of elements (by position, i < j) that add up to a target",
          "pairs|find_pairs", "with_sum|summing_to|to_target", names="two_sum_pairs"),
        V("all_codes", "list every string of length n over a given alphabet, in order", "all|every", "codes|strings|words",
          names="codes_of_length"),
        V("distinct_orders", "list the distinct rearrangements of a short word, sorted", "distinct|unique",
          "orders|arrangements|rearrangements", names="rearrangements"),
        V("count_subsets", "count the subsets of a list (by position) whose sum equals a target", "count",
          "subsets|subset_sums|selections", names="ways_to_sum"))
def combinatorics_iter(x: Ctx) -> None:
    if x.v == "pairs_with_sum":
        xs, t = x.param("values|numbers|items", "list[int]"), x.param("target|total|goal", "int")
        x.returns("list[tuple[int, int]]")
        _say(x, f"Return the pairs ({xs}[i], {xs}[j]) with i < j whose sum is {t}, ordered by i and then by j.",
             f"Find every two-element selection from {xs} (different positions, earlier position first) adding up "
             f"to {t}, listed in the order combinations of positions are usually listed.")
        form = x.pick(["combinations", "nested", "comprehension"])
        if form == "combinations":
            x.imports("from itertools import combinations")
            x.body(f"return [(a, b) for a, b in combinations({xs}, 2) if a + b == {t}]")
            x.explain("`combinations(xs, 2)` yields each pair of positions once, in lexicographic order of the "
                      "positions, with the items in their original order.")
        elif form == "nested":
            x.body(f"""
                out = []
                for i in range(len({xs})):
                    for j in range(i + 1, len({xs})):
                        if {xs}[i] + {xs}[j] == {t}:
                            out.append(({xs}[i], {xs}[j]))
                return out""")
            x.explain("Starting the inner loop at i + 1 visits each pair of positions exactly once, which is "
                      "what `itertools.combinations(xs, 2)` does.")
        else:
            x.body(f"return [({xs}[i], {xs}[j]) for i in range(len({xs})) for j in range(i + 1, len({xs})) if {xs}[i] + {xs}[j] == {t}]")
            x.explain("A nested comprehension with j starting after i lists each pair of positions once.")
        x.case([1, 4, 2, 3, 5], 6)
        x.cases(lambda r: (ints(r, 0, 6, 0, 9), r.randint(3, 12)), n=6)
    elif x.v == "all_codes":
        al, n = x.param("alphabet|symbols|chars", "str"), x.param("n|length|size", "int")
        x.returns("list[str]")
        _say(x, f"Return every string of length {n} whose characters come from {al}, in the order where the "
                f"leftmost character changes slowest and characters follow their order in {al} (n = 0 gives ['']).",
             f"List all len({al}) ** {n} strings of length {n} over the alphabet {al}, ordered like an odometer "
             "(the last character varies fastest).")
        form = x.pick(["product", "iterative", "recursive"])
        if form == "product":
            x.imports("from itertools import product")
            x.body(f"return [''.join(combo) for combo in product({al}, repeat={n})]")
            x.explain("`product(s, repeat=n)` is the n-fold nested loop over s, with the last position varying "
                      "fastest.")
        elif form == "iterative":
            x.body(f"""
                codes = ['']
                for _ in range({n}):
                    codes = [code + ch for code in codes for ch in {al}]
                return codes""")
            x.explain("Each round extends every code built so far by every character, which is what "
                      "`itertools.product` does one position at a time.")
        else:
            x.body(f"""
                if {n} == 0:
                    return ['']
                return [ch + rest for ch in {al} for rest in {x.name}({al}, {n} - 1)]""")
            x.explain("A code of length n is a first character followed by a code of length n - 1.")
        x.case("ab", 2)
        x.cases(lambda r: (r.choice(["01", "abc", "xy", "ACGT"[:r.randint(1, 4)]]), r.randint(0, 3)), n=6)
    elif x.v == "distinct_orders":
        w = x.param("word|letters|text", "str")
        x.returns("list[str]")
        _say(x, f"Return all the different strings that can be made by rearranging the characters of {w}, "
                "sorted alphabetically (repeated letters do not produce repeated strings).",
             f"List the distinct permutations of {w} as strings, in sorted order; 'aab' gives ['aab', 'aba', 'baa'].")
        form = x.pick(["set_comp", "map_join", "manual"])
        if form == "set_comp":
            x.imports("from itertools import permutations")
            x.body(f"return sorted({{''.join(p) for p in permutations({w})}})")
        elif form == "map_join":
            x.imports("from itertools import permutations")
            x.body(f"return sorted(set(map(''.join, permutations({w}))))")
        else:
            x.body(f"""
                if len({w}) <= 1:
                    return [{w}]
                out = set()
                for i, ch in enumerate({w}):
                    for rest in {x.name}({w}[:i] + {w}[i + 1:]):
                        out.add(ch + rest)
                return sorted(out)""")
        x.explain("`permutations` treats equal letters at different positions as different, so the results are "
                  "collected in a set to remove repeats before sorting.")
        x.case("aab")
        x.cases(lambda r: ("".join(r.choice("abcd") for _ in range(r.randint(1, 4))),), n=6)
    else:
        xs, t = x.param("values|numbers|coins|items", "list[int]"), x.param("target|total|goal", "int")
        x.returns("int")
        _say(x, f"Count the selections of elements of {xs} (any number of them, chosen by position, so equal values "
                f"at different positions are different choices) whose sum is {t}. The empty selection counts when "
                f"{t} is 0.",
             f"Return how many subsets of the positions of {xs} have values adding up to {t} (including the empty "
             f"subset if {t} == 0).")
        form = x.pick(["combinations", "bitmask", "recursive"])
        acc = x.local("subtotal|picked_sum|s_sum")
        if form == "combinations":
            x.imports("from itertools import combinations")
            x.body(f"""
                count = 0
                for r in range(len({xs}) + 1):
                    for combo in combinations({xs}, r):
                        if sum(combo) == {t}:
                            count += 1
                return count""")
            x.explain("`combinations(xs, r)` for every size r from 0 to len(xs) lists each subset of positions "
                      "exactly once.")
        elif form == "bitmask":
            x.body(f"""
                count = 0
                for mask in range(2 ** len({xs})):
                    {acc} = sum(v for i, v in enumerate({xs}) if mask >> i & 1)
                    if {acc} == {t}:
                        count += 1
                return count""")
            x.explain("The bits of the numbers 0 .. 2**n - 1 describe every subset of n positions once.")
        else:
            x.body(f"""
                if not {xs}:
                    return 1 if {t} == 0 else 0
                return {x.name}({xs}[1:], {t} - {xs}[0]) + {x.name}({xs}[1:], {t})""")
            x.explain("Each subset either uses the first element or does not; counting both cases recursively "
                      "covers all subsets.")
        x.case([1, 2, 3, 4], 5)
        x.cases(lambda r: (ints(r, 0, 6, 1, 6), r.randint(0, 10)), n=6)


@family(S, "Chaining, slicing and padding iterators",
        V("first_n_flat", "return the first n items of a list of lists, read as one sequence", "first|take",
          "n_flat|flat|items", names="head_of_all"),
        V("pad_transpose", "turn rows of different lengths into columns, filling gaps with a value", "transpose|columns",
          "padded|ragged|fill", names="zip_padded"),
        V("largest_gap", "return the largest difference between neighbouring values once a list is sorted",
          "largest|max", "gap|spacing", names="widest_gap"),
        V("every_nth", "return every step-th element of a list starting at a given index", "every|stride",
          "nth|kth|step", names="take_every"))
def iterator_tools(x: Ctx) -> None:
    if x.v == "first_n_flat":
        xss, n = x.param("groups|lists|batches|chunks", "list[list[int]]"), x.param("n|count|k", "int")
        x.returns("list[int]")
        _say(x, f"Treat the lists inside {xss} as one long sequence (first list first) and return its first {n} "
                "items (all of them if there are fewer).",
             f"Return the first {n} numbers met when reading {xss} list by list, left to right.")
        form = x.pick(["chain_islice", "from_iterable", "loop"])
        if form == "chain_islice":
            x.imports("from itertools import chain, islice")
            x.body(f"return list(islice(chain(*{xss}), {n}))")
        elif form == "from_iterable":
            x.imports("from itertools import chain, islice")
            x.body(f"return list(islice(chain.from_iterable({xss}), {n}))")
        else:
            x.body(f"""
                out = []
                for group in {xss}:
                    for v in group:
                        if len(out) == {n}:
                            return out
                        out.append(v)
                return out""")
        x.explain("`chain` reads several iterables one after another and `islice` stops after n items, so "
                  "nothing beyond what is needed is ever read.")
        x.case([[1, 2], [3], [4, 5, 6]], 4)
        x.cases(lambda r: ([ints(r, 0, 3, 0, 9) for _ in range(r.randint(0, 3))], r.randint(0, 5)), n=6)
    elif x.v == "pad_transpose":
        rows, fill = x.param("rows|lists|records", "list[list[int]]"), x.param("fill|pad|missing", "int", default=x.pick([0, -1]))
        x.returns("list[list[int]]")
        _say(x, f"Return the columns of {rows} as lists: column i holds the i-th element of every row, with {fill} "
                "standing in for rows that are too short. There are as many columns as the longest row has items.",
             f"Transpose the ragged table {rows}, padding missing cells with {fill}; the result has one list per "
             "position up to the longest row's length.")
        form = x.pick(["zip_longest", "manual", "loop"])
        if form == "loop":
            x.body(f"""
                columns = []
                for i in range(max(map(len, {rows}), default=0)):
                    column = []
                    for row in {rows}:
                        column.append(row[i] if i < len(row) else {fill})
                    columns.append(column)
                return columns""")
            x.explain("One column per position up to the longest row; each row adds its item or the fill value.")
        elif form == "zip_longest":
            x.imports("from itertools import zip_longest")
            x.body(f"return [list(col) for col in zip_longest(*{rows}, fillvalue={fill})]")
            x.explain("`zip` stops at the shortest input, while `zip_longest` goes on to the longest and fills "
                      "the gaps with `fillvalue`.")
        else:
            x.body(f"""
                width = max((len(row) for row in {rows}), default=0)
                return [[row[i] if i < len(row) else {fill} for row in {rows}] for i in range(width)]""")
            x.explain("The number of columns is the longest row's length; a short row contributes the fill value "
                      "past its end.")
        x.case([[1, 2, 3], [4], [5, 6]])
        x.case([])
        x.cases(lambda r: ([ints(r, 0, 3, 0, 9) for _ in range(r.randint(1, 3))],), n=6)
    elif x.v == "largest_gap":
        xs = x.param("values|points|times|data", "list[int]")
        x.returns("int")
        _say(x, f"Sort {xs} and return the largest difference between two neighbouring values; 0 when there are "
                "fewer than two values.",
             f"What is the widest gap between consecutive values of {xs} in sorted order? Return it, or 0 for a list "
             "with fewer than two elements.")
        form = x.pick(["pairwise", "zip", "range"])
        if form == "pairwise":
            x.imports("from itertools import pairwise")
            x.body(f"return max((b - a for a, b in pairwise(sorted({xs}))), default=0)")
            x.explain("`pairwise` yields each element together with the next one, which is exactly the pairs "
                      "whose differences are the gaps.")
        elif form == "zip":
            x.body(f"""
                ordered = sorted({xs})
                return max((b - a for a, b in zip(ordered, ordered[1:])), default=0)""")
            x.explain("Zipping the sorted list with itself shifted by one pairs each value with its neighbour, "
                      "like `itertools.pairwise`.")
        else:
            x.body(f"""
                ordered = sorted({xs})
                best = 0
                for i in range(1, len(ordered)):
                    best = max(best, ordered[i] - ordered[i - 1])
                return best""")
            x.explain("After sorting, only neighbouring values can form a gap with nothing in between.")
        x.case([3, 10, 1, 6])
        x.case([5])
        x.cases(lambda r: (ints(r, 0, 7, -10, 30),), n=7)
    else:
        xs, st, step = x.param("items|values|seq", "list[int]"), x.param("start|offset|first", "int"), x.param("step|every|stride", "int")
        x.returns("list[int]")
        _say(x, f"Return the elements of {xs} at indices {st}, {st} + {step}, {st} + 2 * {step}, ... while the index "
                f"is inside the list ({st} >= 0, {step} >= 1).",
             f"Take every {step}-th element of {xs}, beginning with the one at index {st}; [] if {st} is past the "
             "end.")
        form = x.pick(["islice", "slice", "range"])
        if form == "islice":
            x.imports("from itertools import islice")
            x.body(f"return list(islice({xs}, {st}, None, {step}))")
            x.explain("`islice(iterable, start, stop, step)` works like slicing but on any iterable; `None` as "
                      "the stop means 'until the end'.")
        elif form == "slice":
            x.body(f"return {xs}[{st}::{step}]")
            x.explain("A slice with a start and a step picks the same elements as `itertools.islice`.")
        else:
            x.body(f"return [{xs}[i] for i in range({st}, len({xs}), {step})]")
            x.explain("`range(start, len(xs), step)` generates exactly the wanted indices.")
        x.case([10, 11, 12, 13, 14, 15, 16], 1, 3)
        x.cases(lambda r: (ints(r, 0, 9, 0, 50), r.randint(0, 3), r.randint(1, 3)), n=6)


@family(S, "reduce, partial and lru_cache from functools",
        V("digits_to_number", "combine a list of decimal digits into the integer they spell", "digits|join",
          "to_number|to_int|value", names="number_from_digits"),
        V("grid_paths", "count the right/down paths through a grid that avoid blocked cells", "count|number_of",
          "paths|routes|grid_paths", names="lattice_paths"),
        V("climb_ways", "count the ways to climb n stairs taking steps of the allowed sizes", "climb|count",
          "ways|stairs|step_ways", names="staircase_ways"),
        V("parse_binaries", "convert a list of binary strings to integers", "parse|from", "binaries|binary_list|bits",
          names="binary_values"))
def functools_tools(x: Ctx) -> None:
    if x.v == "digits_to_number":
        ds = x.param("digits|ds|values", "list[int]")
        x.returns("int")
        _say(x, f"Return the integer whose decimal digits, from the most significant, are {ds} (each between 0 and "
                "9). An empty list gives 0 and leading zeros are allowed.",
             f"Combine the digits {ds} into one number: [4, 0, 7] becomes 407. [] becomes 0.")
        form = x.pick(["reduce", "loop", "join"])
        if form == "reduce":
            x.imports("from functools import reduce")
            x.body(f"return reduce(lambda acc, d: acc * 10 + d, {ds}, 0)")
            x.explain("`reduce` folds the list into one value from the left: the accumulated number is shifted "
                      "one decimal place and the next digit added; the initial value 0 covers the empty list.")
        elif form == "loop":
            x.body(f"""
                n = 0
                for d in {ds}:
                    n = n * 10 + d
                return n""")
            x.explain("Multiplying by ten shifts the digits read so far one place left, the loop that "
                      "`functools.reduce` expresses in one call.")
        else:
            x.body(f"return int(''.join(str(d) for d in {ds}) or '0')")
            x.explain("Writing the digits as text and reading the text back with int() also works; `or '0'` "
                      "handles the empty list.")
        x.case([4, 0, 7])
        x.case([])
        x.cases(lambda r: ([r.randint(0, 9) for _ in range(r.randint(1, 6))],), n=6)
    elif x.v == "grid_paths":
        rs, cs, bl = x.param("rows|height|n_rows", "int"), x.param("cols|width|n_cols", "int"), x.param("blocked|walls|obstacles", "list[tuple[int, int]]")
        x.returns("int")
        _say(x, f"A grid has {rs} rows and {cs} columns; the cells listed in {bl} as (row, col) are blocked. Count "
                "the paths from the top-left cell (0, 0) to the bottom-right cell that only move right or down and "
                "never enter a blocked cell (0 if either corner is blocked).",
             f"How many monotone (right/down only) routes lead from (0, 0) to ({rs} - 1, {cs} - 1) in a {rs} x {cs} "
             f"grid avoiding the cells of {bl}? Both corners count as visited cells.")
        form = x.pick(["lru_cache", "table"])
        if form == "lru_cache":
            x.imports("from functools import lru_cache")
            x.body(f"""
                walls = set({bl})

                @lru_cache(maxsize=None)
                def ways(r, c):
                    if r < 0 or c < 0 or (r, c) in walls:
                        return 0
                    if r == 0 and c == 0:
                        return 1
                    return ways(r - 1, c) + ways(r, c - 1)

                return ways({rs} - 1, {cs} - 1)""")
            x.explain("Every path into a cell comes from above or from the left, so the counts satisfy a simple "
                      "recursion; `lru_cache` remembers each cell's answer so it is computed only once.")
        else:
            x.body(f"""
                walls = set({bl})
                count = [[0] * {cs} for _ in range({rs})]
                for r in range({rs}):
                    for c in range({cs}):
                        if (r, c) in walls:
                            continue
                        if r == 0 and c == 0:
                            count[r][c] = 1
                        else:
                            count[r][c] = (count[r - 1][c] if r else 0) + (count[r][c - 1] if c else 0)
                return count[{rs} - 1][{cs} - 1]""")
            x.explain("Filling a table row by row computes the same recursion bottom-up, which is the iterative "
                      "alternative to memoizing with `functools.lru_cache`.")
        x.case(3, 3, [(1, 1)])
        def gen(r):
            h, w = r.randint(1, 4), r.randint(1, 5)
            return (h, w, sorted({(r.randrange(h), r.randrange(w)) for _ in range(r.randint(0, 3))}))
        x.cases(gen, n=6)
    elif x.v == "climb_ways":
        n, steps = x.param("n|stairs|height", "int"), x.param("steps|moves|sizes", "tuple[int, ...]")
        x.returns("int")
        _say(x, f"Count the different sequences of steps, each step size taken from {steps} (positive, distinct), "
                f"that climb exactly {n} stairs. Order matters: 1 then 2 differs from 2 then 1. There is one way "
                "to climb 0 stairs.",
             f"Return the number of ordered ways to reach stair {n} from the ground when each move climbs one of "
             f"the sizes in {steps}; climbing 0 stairs has exactly one way (doing nothing).")
        form = x.pick(["lru_cache", "table", "recursive_memo"])
        if form == "lru_cache":
            x.imports("from functools import lru_cache")
            x.body(f"""
                @lru_cache(maxsize=None)
                def ways(left):
                    if left == 0:
                        return 1
                    return sum(ways(left - s) for s in {steps} if s <= left)

                return ways({n})""")
            x.explain("The number of ways from a height is the sum over the possible first steps; the cache "
                      "turns the exponential recursion into one computation per height.")
        elif form == "table":
            x.body(f"""
                ways = [1] + [0] * {n}
                for h in range(1, {n} + 1):
                    ways[h] = sum(ways[h - s] for s in {steps} if s <= h)
                return ways[{n}]""")
            x.explain("Building the answers from height 0 upwards means every value needed is already in the "
                      "table.")
        else:
            x.body(f"""
                memo = {{0: 1}}

                def ways(left):
                    if left not in memo:
                        memo[left] = sum(ways(left - s) for s in {steps} if s <= left)
                    return memo[left]

                return ways({n})""")
            x.explain("A dictionary used as a memo does by hand what `functools.lru_cache` does automatically.")
        x.case(4, (1, 2))
        x.cases(lambda r: (r.randint(0, 10), tuple(sorted(r.sample([1, 2, 3, 5], r.randint(1, 3))))), n=6)
    else:
        bs = x.param("bits|strings|codes|words", "list[str]")
        x.returns("list[int]")
        _say(x, f"Each string of {bs} is a number written in binary (only '0' and '1'). Return their integer "
                "values, in order.",
             f"Convert the binary strings {bs} to ints: '101' -> 5, '0' -> 0.")
        form = x.pick(["partial", "comprehension", "manual"])
        if form == "partial":
            x.imports("from functools import partial")
            x.body(f"""
                from_binary = partial(int, base=2)
                return list(map(from_binary, {bs}))""")
            x.explain("`partial(int, base=2)` is a new function that calls int with base=2 already filled in, "
                      "handy to pass to `map`.")
        elif form == "comprehension":
            x.body(f"return [int(b, 2) for b in {bs}]")
            x.explain("int() takes the base as its second argument.")
        else:
            x.body(f"""
                out = []
                for b in {bs}:
                    value = 0
                    for bit in b:
                        value = value * 2 + (bit == '1')
                    out.append(value)
                return out""")
            x.explain("Reading the bits from the left, each step doubles the value and adds the new bit.")
        x.case(["101", "0", "1111"])
        x.cases(lambda r: (["".join(r.choice("01") for _ in range(r.randint(1, 6))) for _ in range(r.randint(0, 4))],), n=6)


@family(S, "Number helpers from the math module",
        V("lcm_all", "compute the least common multiple of a non-empty list of positive integers", "lcm",
          "all|of_list|many", names="common_multiple"),
        V("pages_needed", "compute how many pages are needed to show n items, k per page", "pages|count",
          "needed|for_items", names="page_count"),
        V("path_length", "compute the length of a path through a list of points, rounded to 2 decimals",
          "path|route", "length|distance", names="polyline_length"),
        V("simplify_fraction", "reduce a fraction (numerator, denominator) to lowest terms with a positive "
          "denominator", "simplify|reduce", "fraction|ratio", names="lowest_terms"))
def math_tools(x: Ctx) -> None:
    if x.v == "lcm_all":
        xs = x.param("numbers|values|periods", "list[int]")
        x.returns("int")
        _say(x, f"Return the least common multiple of the positive integers in {xs} (a non-empty list): the "
                "smallest positive number that each of them divides.",
             f"Find the smallest positive integer that is a multiple of every number in {xs}. Use lcm(a, b) = a * b "
             "// gcd(a, b) repeatedly.")
        form = x.pick(["reduce", "loop", "lcm"])
        if form == "reduce":
            x.imports("from functools import reduce")
            x.imports("from math import gcd")
            x.body(f"return reduce(lambda a, b: a * b // gcd(a, b), {xs})")
            x.explain("The lcm of a list is the lcm of its first two numbers combined with the next, and so on, "
                      "which is a `reduce`; each step uses `math.gcd`.")
        elif form == "loop":
            x.imports("import math")
            x.body(f"""
                result = {xs}[0]
                for n in {xs}[1:]:
                    result = result * n // math.gcd(result, n)
                return result""")
            x.explain("Multiplying two numbers counts their common factors twice; dividing by the gcd removes "
                      "the extra copy.")
        else:
            x.imports("import math")
            x.body(f"return math.lcm(*{xs})")
            x.explain("`math.lcm` accepts any number of integers, so the list is unpacked into its arguments.")
        x.case([4, 6, 10])
        x.cases(lambda r: ([r.randint(1, 12) for _ in range(r.randint(1, 4))],), n=6)
    elif x.v == "pages_needed":
        n, k = x.param("items|n|total", "int"), x.param("per_page|k|page_size", "int")
        x.returns("int")
        _say(x, f"Return how many pages are needed to show {n} items with at most {k} items per page ({n} >= 0, "
                f"{k} >= 1); 0 items need 0 pages.",
             f"Divide {n} items into pages of {k} and return the number of pages, rounding up: a partly filled page "
             "still counts.")
        form = x.pick(["ceil", "negative_floor", "divmod"])
        if form == "ceil":
            x.imports("import math")
            x.body(f"return math.ceil({n} / {k})")
            x.explain("`math.ceil` rounds up to the next whole number, which counts the partly filled page.")
        elif form == "negative_floor":
            x.body(f"return -(-{n} // {k})")
            x.explain("Floor division of the negated count rounds towards minus infinity; negating back rounds "
                      "up, without any floating point.")
        else:
            x.body(f"""
                full, rest = divmod({n}, {k})
                return full + (1 if rest else 0)""")
            x.explain("`divmod` gives the full pages and the leftover items; any leftover needs one more page.")
        x.case(23, 10)
        x.case(0, 5)
        x.cases(lambda r: (r.randint(0, 200), r.randint(1, 25)), n=6)
    elif x.v == "path_length":
        pts = x.param("points|waypoints|route", "list[tuple[int, int]]")
        x.returns("float")
        _say(x, f"Return the total length of the path that visits the (x, y) points of {pts} in order, going in a "
                "straight line between consecutive points, rounded to 2 decimals (0.0 for fewer than two points).",
             f"Add up the straight-line distances between consecutive points of {pts} and round the sum to two "
             "decimal places.")
        form = x.pick(["hypot", "dist", "sqrt"])
        if form == "hypot":
            x.imports("import math")
            x.body(f"""
                total = 0.0
                for (x1, y1), (x2, y2) in zip({pts}, {pts}[1:]):
                    total += math.hypot(x2 - x1, y2 - y1)
                return round(total, 2)""")
            x.explain("`math.hypot(dx, dy)` is the length of the vector (dx, dy), i.e. sqrt(dx**2 + dy**2).")
        elif form == "dist":
            x.imports("from math import dist")
            x.body(f"return round(sum((dist(a, b) for a, b in zip({pts}, {pts}[1:])), 0.0), 2)")
            x.explain("`math.dist(p, q)` is the Euclidean distance between two points given as sequences.")
        else:
            x.imports("from math import sqrt")
            x.body(f"""
                total = 0.0
                for i in range(1, len({pts})):
                    dx = {pts}[i][0] - {pts}[i - 1][0]
                    dy = {pts}[i][1] - {pts}[i - 1][1]
                    total += sqrt(dx * dx + dy * dy)
                return round(total, 2)""")
            x.explain("Each leg is the hypotenuse of a right triangle with sides dx and dy.")
        x.case([(0, 0), (3, 4), (3, 0)])
        x.case([(2, 2)])
        x.cases(lambda r: ([(r.randint(-5, 5), r.randint(-5, 5)) for _ in range(r.randint(0, 4))],), n=6)
    else:
        a, b = x.param("num|numerator|top", "int"), x.param("den|denominator|bottom", "int")
        x.returns("tuple[int, int]")
        _say(x, f"Return the fraction {a}/{b} ({b} != 0) in lowest terms as a tuple (numerator, denominator), with "
                "a positive denominator; zero is (0, 1).",
             f"Reduce {a}/{b} by the greatest common divisor and move any minus sign to the numerator: (6, -4) "
             "gives (-3, 2), (0, 5) gives (0, 1).")
        form = x.pick(["gcd", "sign_first", "euclid"])
        if form == "gcd":
            x.imports("from math import gcd")
            x.body(f"""
                g = gcd({a}, {b})
                if {b} < 0:
                    g = -g
                return ({a} // g, {b} // g)""")
            x.explain("`math.gcd` is never negative; dividing by -gcd when the denominator is negative flips "
                      "both signs at once. gcd(0, b) is |b|, which turns 0/b into 0/1.")
        elif form == "sign_first":
            x.imports("import math")
            x.body(f"""
                if {b} < 0:
                    {a}, {b} = -{a}, -{b}
                g = math.gcd({a}, {b})
                return {a} // g, {b} // g""")
            x.explain("Fixing the sign first means the division by the (positive) gcd keeps the denominator "
                      "positive.")
        else:
            x.body(f"""
                p, q = abs({a}), abs({b})
                while q:
                    p, q = q, p % q
                sign = -1 if ({a} < 0) != ({b} < 0) else 1
                return (sign * abs({a}) // p, abs({b}) // p)""")
            x.explain("Euclid's algorithm finds the gcd (what `math.gcd` computes); the sign of the result is "
                      "negative exactly when the signs of the two parts differ.")
        x.case(6, -4)
        x.case(0, 5)
        x.cases(lambda r: (r.randint(-30, 30), r.choice([r.randint(1, 24), -r.randint(1, 24)])), n=7)


@family(S, "Character sets from the string module",
        V("missing_letters", "list the letters of the alphabet that do not occur in a text", "missing|absent",
          "letters|alphabet", names="letters_not_used"),
        V("strip_punctuation", "remove every punctuation character from a text", "strip|remove",
          "punctuation|punct", names="without_punctuation"),
        V("char_classes", "count the letters, digits, punctuation marks and other characters of a text",
          "classify|count", "chars|characters|char_classes", names="character_profile"),
        V("letter_positions", "turn the letters of a word into their alphabet positions (a = 1)", "letter|alphabet",
          "positions|numbers|indices", names="alphabet_numbers"))
def string_constants(x: Ctx) -> None:
    s = x.param("text|s|phrase|sentence", "str")
    if x.v == "missing_letters":
        x.returns("str")
        _say(x, f"Return, in alphabetical order and as one string, the lowercase letters a-z that do not occur in "
                f"{s}, ignoring case.",
             f"Which letters of the English alphabet are absent from {s} (upper- and lowercase count the same)? "
             "Return them joined, a to z ('' for a pangram).")
        form = x.pick(["comprehension", "set_diff", "loop"])
        if form == "comprehension":
            x.imports("from string import ascii_lowercase")
            x.body(f"""
                present = set({s}.lower())
                return ''.join(ch for ch in ascii_lowercase if ch not in present)""")
        elif form == "set_diff":
            x.imports("import string")
            x.body(f"return ''.join(sorted(set(string.ascii_lowercase) - set({s}.lower())))")
        else:
            x.imports("from string import ascii_lowercase")
            x.body(f"""
                lowered = {s}.lower()
                missing = ''
                for ch in ascii_lowercase:
                    if ch not in lowered:
                        missing += ch
                return missing""")
        x.explain("`string.ascii_lowercase` is the constant 'abcdefghijklmnopqrstuvwxyz', so there is no need "
                  "to type the alphabet.")
        x.case("The quick brown fox jumps over the lazy dog")
        x.cases(lambda r: (sentence(r, 1, 6),), n=6)
    elif x.v == "strip_punctuation":
        x.returns("str")
        _say(x, f"Return {s} with every character of string.punctuation (ASCII punctuation such as . , ! ? ' - "
                "and ;) removed; everything else, spaces included, is kept.",
             f"Delete the ASCII punctuation marks (the characters in string.punctuation) from {s} and return the "
             "rest unchanged.")
        form = x.pick(["comprehension", "translate", "loop"])
        if form == "comprehension":
            x.imports("from string import punctuation")
            x.body(f"return ''.join(ch for ch in {s} if ch not in punctuation)")
        elif form == "translate":
            x.imports("import string")
            x.body(f"return {s}.translate(str.maketrans('', '', string.punctuation))")
        else:
            x.imports("from string import punctuation")
            x.body(f"""
                kept = []
                for ch in {s}:
                    if ch in punctuation:
                        continue
                    kept.append(ch)
                return ''.join(kept)""")
        x.explain("`string.punctuation` lists the 32 ASCII punctuation characters; `str.maketrans('', '', chars)` "
                  "builds a table that deletes them in one `translate` call.")
        x.case("Hello, world! (It's 9:30.)")
        x.cases(lambda r: (" ".join(r.choice(WORDS) + r.choice(["", ",", ".", "!", "?", "'s", ";", "-x"]) for _ in range(r.randint(1, 4))),), n=6)
    elif x.v == "char_classes":
        x.returns("tuple[int, int, int, int]")
        _say(x, f"Return a tuple (letters, digits, punctuation, other) counting the characters of {s}: ASCII "
                "letters (string.ascii_letters), decimal digits (string.digits), ASCII punctuation "
                "(string.punctuation), and everything else (spaces included).",
             f"Classify every character of {s} as an ASCII letter, a digit, a punctuation mark (as listed in "
             "string.punctuation) or other, and return the four counts in that order.")
        form = x.pick(["if_chain", "sums", "helper"])
        if form == "helper":
            x.imports("import string")
            x.body(f"""
                def kind(ch):
                    if ch in string.ascii_letters:
                        return 0
                    if ch in string.digits:
                        return 1
                    if ch in string.punctuation:
                        return 2
                    return 3

                counts = [0, 0, 0, 0]
                for ch in {s}:
                    counts[kind(ch)] += 1
                return tuple(counts)""")
        elif form == "if_chain":
            x.imports("from string import ascii_letters, digits, punctuation")
            x.body(f"""
                letters = nums = marks = other = 0
                for ch in {s}:
                    if ch in ascii_letters:
                        letters += 1
                    elif ch in digits:
                        nums += 1
                    elif ch in punctuation:
                        marks += 1
                    else:
                        other += 1
                return letters, nums, marks, other""")
        else:
            x.imports("import string")
            x.body(f"""
                letters = sum(ch in string.ascii_letters for ch in {s})
                nums = sum(ch in string.digits for ch in {s})
                marks = sum(ch in string.punctuation for ch in {s})
                return (letters, nums, marks, len({s}) - letters - nums - marks)""")
        x.explain("The string module's constants are plain strings, so `ch in string.digits` tests membership "
                  "in a character class; the three classes do not overlap, so 'other' is what remains.")
        x.case("R2-D2, go!")
        x.cases(lambda r: (sentence(r, 1, 3) + r.choice(["", "!", " 42", "?!", " #1", "..."]),), n=6)
    else:
        x.returns("list[int]")
        _say(x, f"Return the position in the alphabet of each letter of {s} (a or A is 1, z or Z is 26), in "
                "order; characters that are not ASCII letters are skipped.",
             f"Map the letters of {s} to numbers 1-26 ignoring case ('Cab' -> [3, 1, 2]); other characters give "
             "nothing.")
        form = x.pick(["index", "table", "ord"])
        if form == "index":
            x.imports("from string import ascii_lowercase")
            x.body(f"return [ascii_lowercase.index(ch) + 1 for ch in {s}.lower() if ch in ascii_lowercase]")
        elif form == "table":
            x.imports("import string")
            x.body(f"""
                number = {{ch: i for i, ch in enumerate(string.ascii_lowercase, start=1)}}
                return [number[ch] for ch in {s}.lower() if ch in number]""")
        else:
            x.imports("from string import ascii_letters")
            x.body(f"""
                out = []
                for ch in {s}:
                    if ch in ascii_letters:
                        out.append(ord(ch.lower()) - ord('a') + 1)
                return out""")
        x.explain("The index of a letter in `string.ascii_lowercase`, plus one, is its alphabet position.")
        x.case("Cab")
        x.cases(lambda r: (r.choice(WORDS + CITIES).capitalize() + r.choice(["", "!", " 2", "-x"]),), n=6)
