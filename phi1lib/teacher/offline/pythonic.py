"""Concept families on the language itself: comprehensions, generators, higher-order functions,
classes, exceptions, parsing and formatting text."""

from __future__ import annotations

from phi1lib.teacher.offline.base import CITIES, NAMES, SHORT_WORDS, WORDS, Ctx, V, canon_repr, family, ints

C, G, K, E, F = "comprehensions", "generators and iteration", "classes", "exceptions", "formatting and parsing"


@family(C, "List, set and dictionary comprehensions",
        V("squares_of_odds", "return the squares of the odd numbers of a list, with a list comprehension",
          "odd|square", "squares|squares_of_odds"),
        V("length_map", "map each distinct word of a list to its length, with a dict comprehension",
          "word", "lengths|length_map|to_length", names="length_by_word"),
        V("distinct_lengths", "return the set of distinct word lengths, with a set comprehension",
          "distinct|unique", "lengths|word_lengths"),
        V("pairs_below", "list all pairs (i, j) with 0 <= i < j < n, with a nested comprehension",
          "ordered|increasing|all", "pairs|index_pairs"))
def comprehensions(x: Ctx) -> None:
    if x.v == "squares_of_odds":
        xs = x.param("numbers|values|data", "list[int]")
        x.returns("list[int]")
        x.doc(f"Return a list of the squares of the odd numbers of {xs}, in order.")
        odd = x.pick(["v % 2 != 0", "v % 2 == 1", "v % 2"])
        x.form(
            f"return [v * v for v in {xs} if {odd}]",
            f"return [v ** 2 for v in {xs} if {odd}]",
            (f"""
            result = []
            for v in {xs}:
                if {odd}:
                    result.append(v * v)
            return result""", "The same work as the comprehension, written as a loop: test, then append the square."),
            (f"return list(map(lambda v: v * v, filter(lambda v: {odd}, {xs})))",
             "`filter` keeps the odd numbers and `map` squares them; the comprehension says the same more directly."),
        )
        x.cases(lambda r: (ints(r, 0, 8, -9, 9),), n=6)
    elif x.v == "length_map":
        ws = x.param("words|names|items", "list[str]")
        x.returns("dict[str, int]")
        x.doc(f"Return a dictionary mapping each word of {ws} to its length.")
        x.form(
            f"return {{w: len(w) for w in {ws}}}",
            (f"""
            lengths = {{}}
            for w in {ws}:
                lengths[w] = len(w)
            return lengths""", "The loop stores each word's length under the word."),
            (f"return dict(zip({ws}, map(len, {ws})))", ("`map(len, ...)` computes the lengths and `zip` pairs them "
                                                      "with the words.")),
            (f"return dict((w, len(w)) for w in {ws})", "`dict` accepts (key, value) pairs from a generator."),
        )
        x.cases(lambda r: (r.sample(WORDS + SHORT_WORDS, r.randint(0, 5)),), n=6)
    elif x.v == "distinct_lengths":
        ws = x.param("words|names|items", "list[str]")
        x.returns("set[int]")
        x.doc(f"Return the set of the different lengths of the words in {ws}.")
        x.form(
            f"return {{len(w) for w in {ws}}}",
            (f"return set(map(len, {ws}))", "`map(len, ...)` gives every length and `set` drops the repeats."),
            (f"""
            lengths = set()
            for w in {ws}:
                lengths.add(len(w))
            return lengths""", "Adding to a set ignores values that are already present."),
            (f"return set(len(w) for w in {ws})", "A generator of lengths is turned into a set."),
        )
        x.cases(lambda r: (r.sample(WORDS + SHORT_WORDS, r.randint(0, 6)),), n=6)
    else:
        n = x.param("n|size|count", "int")
        x.returns("list[tuple[int, int]]")
        x.doc(f"Return every pair (i, j) of integers with 0 <= i < j < {n}, ordered by i and then by j.")
        x.form(
            f"return [(i, j) for i in range({n}) for j in range(i + 1, {n})]",
            (f"""
            pairs = []
            for i in range({n}):
                for j in range(i + 1, {n}):
                    pairs.append((i, j))
            return pairs""", "Two nested loops, the inner one starting just after i."),
            (f"""
            from itertools import combinations
            return list(combinations(range({n}), 2))""", ("`itertools.combinations` yields the pairs in exactly this "
                                                         "order.")),
            (f"return [(i, j) for i in range({n}) for j in range({n}) if i < j]",
             "All pairs are generated and only those with i < j are kept."),
        )
        x.cases(lambda r: (r.randint(0, 5),), n=5)
    x.explain("A comprehension describes the result in one expression: what to produce, the loop that "
              "feeds it and an optional condition. Square brackets build a list, braces a set or (with key: "
              "value) a dictionary.")


@family(C, "Building tables with nested comprehensions",
        V("times_table", "build the n x n multiplication table as a list of rows", "multiplication|times",
          "table|grid", names="times_table"),
        V("checkerboard", "build an n x n board of 0s and 1s where neighbours differ and the top-left is 0",
          "checker|chess", "board|pattern", names="checkerboard"),
        V("triangle", "build the rows [1], [1, 2], ..., [1, ..., n]", "number|staircase", "triangle|rows",
          names="triangle_rows"))
def nested_comprehensions(x: Ctx) -> None:
    n = x.param("n|size|rows", "int")
    x.returns("list[list[int]]")
    if x.v == "times_table":
        x.doc(f"Return the {n} x {n} multiplication table: row i (from 1) holds i * 1, i * 2, ..., i * {n}.")
        x.form(
            f"return [[i * j for j in range(1, {n} + 1)] for i in range(1, {n} + 1)]",
            (f"""
            table = []
            for i in range(1, {n} + 1):
                row = []
                for j in range(1, {n} + 1):
                    row.append(i * j)
                table.append(row)
            return table""", "Two loops: the outer one makes the rows, the inner one fills each row."),
            (f"return [list(range(i, i * {n} + 1, i)) for i in range(1, {n} + 1)]",
             "Row i counts from i in steps of i up to i * n."),
            (f"""
            table = []
            for i in range(1, {n} + 1):
                table.append([i * j for j in range(1, {n} + 1)])
            return table""", "A loop makes the rows and a comprehension fills each one."),
        )
    elif x.v == "checkerboard":
        x.doc(f"Return an {n} x {n} board as a list of rows of 0s and 1s: the top-left cell is 0 and cells that "
              "share an edge always differ.")
        x.form(
            f"return [[(r + c) % 2 for c in range({n})] for r in range({n})]",
            (f"""
            board = []
            for r in range({n}):
                board.append([(r + c) % 2 for c in range({n})])
            return board""", "Each row is built by a comprehension; the parity of row + column gives the colour."),
            (f"return [[1 if (r + c) % 2 else 0 for c in range({n})] for r in range({n})]",
             "A conditional expression writes 1 on odd squares and 0 on even ones."),
            (f"""
            board = []
            for r in range({n}):
                row = []
                for c in range({n}):
                    row.append((r + c) & 1)
                board.append(row)
            return board""", "`(r + c) & 1` is the lowest bit of the sum, which is its parity."),
        )
    else:
        x.doc(f"Return {n} rows where row k (from 1) is the list [1, 2, ..., k].")
        x.form(
            f"return [list(range(1, k + 1)) for k in range(1, {n} + 1)]",
            (f"return [[j for j in range(1, k + 1)] for k in range(1, {n} + 1)]",
             "The inner comprehension counts from 1 to k."),
            (f"""
            out = []
            row = []
            for k in range(1, {n} + 1):
                row = row + [k]
                out.append(row)
            return out""", "Each row is the previous row with the next number added (as a new list)."),
            (f"""
            out = []
            for k in range(1, {n} + 1):
                out.append(list(range(1, k + 1)))
            return out""", "One loop makes a row per k."),
        )
    x.explain("The outer part makes the rows and the inner part the entries of each row.")
    x.cases(lambda r: (r.randint(0, 5),), n=5)


@family(G, "Generator functions",
        V("evens", "yield the even numbers from 0 up to and including n", "even|gen", "numbers|evens",
          names="evens_upto|generate_evens"),
        V("fib", "yield the first n Fibonacci numbers", "fib|fibonacci", "gen|stream|generator"),
        V("countdown", "yield n, n - 1, ..., 1", "countdown|count_down", "gen|generator", names="countdown"),
        V("cycle", "yield the items of a list cyclically until k items have been produced", "cycle|repeat",
          "items|n_items|through"))
def generator_functions(x: Ctx) -> None:
    f = x.name
    x.imports("from typing import Iterator")
    if x.v == "cycle":
        xs, k = x.param("items|values|pattern", "list[int]"), x.param("k|count|total", "int")
        x.returns("Iterator[int]")
        x.doc(f"Yield the elements of the non-empty list {xs} over and over, stopping after {k} values in all.")
        x.form(
            f"""
            produced = 0
            while produced < {k}:
                for item in {xs}:
                    if produced == {k}:
                        return
                    yield item
                    produced += 1""",
            (f"""
            for i in range({k}):
                yield {xs}[i % len({xs})]""", "Index i modulo the length walks the list again and again."),
            (f"""
            from itertools import cycle, islice
            yield from islice(cycle({xs}), {k})""", ("`itertools.cycle` repeats the list forever and `islice` stops it "
                                                   "after k items; `yield from` passes them on.")),
            (f"""
            i = 0
            while i < {k}:
                yield {xs}[i % len({xs})]
                i += 1""", "A counter runs up to k; the remainder picks the element."),
        )
        x.exprs(lambda r: f"list({f}({canon_repr(ints(r, 1, 3, 0, 9))}, {r.randint(0, 7)}))", n=5)
    else:
        n = x.param("n|limit|count", "int")
        x.returns("Iterator[int]")
        if x.v == "evens":
            x.doc(f"Yield the even numbers 0, 2, 4, ... that are at most {n}.")
            x.form(
                f"""
                value = 0
                while value <= {n}:
                    yield value
                    value += 2""",
                f"""
                for value in range(0, {n} + 1, 2):
                    yield value""",
                (f"yield from range(0, {n} + 1, 2)", "`yield from` hands on every value of the range."),
                f"""
                for value in range({n} + 1):
                    if value % 2 == 0:
                        yield value""",
            )
        elif x.v == "fib":
            x.doc(f"Yield the first {n} Fibonacci numbers 0, 1, 1, 2, 3, ...")
            x.form(
                f"""
                a, b = 0, 1
                for _ in range({n}):
                    yield a
                    a, b = b, a + b""",
                f"""
                a, b = 0, 1
                produced = 0
                while produced < {n}:
                    yield a
                    a, b = b, a + b
                    produced += 1""",
                (f"""
                terms = []
                for i in range({n}):
                    terms.append(i if i < 2 else terms[-1] + terms[-2])
                    yield terms[-1]""", "Each term is computed from the two before it, kept in a list."),
                (f"""
                if {n} < 1:
                    return
                yield 0
                prev, cur = 0, 1
                for _ in range({n} - 1):
                    yield cur
                    prev, cur = cur, prev + cur""", ("The first term is yielded on its own; every later step yields the "
                                                    "current term and moves the pair along.")),
            )
        else:
            x.doc(f"Yield {n}, {n} - 1, ..., 1 (nothing when {n} < 1).")
            x.form(
                f"""
                while {n} > 0:
                    yield {n}
                    {n} -= 1""",
                f"yield from range({n}, 0, -1)",
                f"""
                for value in range({n}, 0, -1):
                    yield value""",
                (f"""
                if {n} > 0:
                    yield {n}
                    yield from {f}({n} - 1)""", ("A recursive generator yields n and then everything the countdown "
                                                "from n - 1 yields.")),
            )
        x.exprs(lambda r: f"list({f}({r.randint(0, 12)}))", n=5)
    x.explain("`yield` hands one value to the caller and pauses the function until the next value is asked "
              "for, so a generator produces its items lazily; `list(...)` collects them all.")


@family(G, "Iterating in batches and windows",
        V("batched", "yield consecutive tuples of at most k items from a list", "batched|batches", "of|in_groups",
          names="in_batches"),
        V("windows", "yield every window of k consecutive items as a tuple", "sliding|windows", "of|tuples",
          names="windowed"),
        V("take_while", "yield items from the start of a list while they are below a limit", "take", "while_below|prefix_below",
          names="leading_below"),
        V("running_mean", "yield the running average after each value, rounded to 2 decimals", "running|rolling",
          "mean|average"))
def batching(x: Ctx) -> None:
    f = x.name
    xs = x.param("items|values|data|stream", "list[int]")
    x.imports("from typing import Iterator")
    if x.v in ("batched", "windows"):
        k = x.param("k|size|width", "int")
        x.returns("Iterator[tuple[int, ...]]")
        if x.v == "batched":
            x.doc(f"Yield the elements of {xs} in tuples of {k} consecutive items (k >= 1); the last tuple may be "
                  "shorter.")
            x.form(
                f"""
                for i in range(0, len({xs}), {k}):
                    yield tuple({xs}[i:i + {k}])""",
                (f"""
                batch = []
                for item in {xs}:
                    batch.append(item)
                    if len(batch) == {k}:
                        yield tuple(batch)
                        batch = []
                if batch:
                    yield tuple(batch)""", ("Items collect in a batch that is yielded when full; a partial last batch "
                                           "is yielded at the end.")),
                (f"""
                from itertools import islice
                it = iter({xs})
                while True:
                    batch = tuple(islice(it, {k}))
                    if not batch:
                        return
                    yield batch""", "`islice` takes up to k items from one shared iterator each time round."),
                (f"""
                rest = {xs}
                while rest:
                    yield tuple(rest[:{k}])
                    rest = rest[{k}:]""", "The front batch is cut off what is left until nothing remains."),
            )
        else:
            x.doc(f"Yield each run of {k} consecutive elements of {xs} as a tuple, from left to right (k >= 1).")
            x.form(
                f"""
                for i in range(len({xs}) - {k} + 1):
                    yield tuple({xs}[i:i + {k}])""",
                (f"""
                from collections import deque
                window = deque(maxlen={k})
                for item in {xs}:
                    window.append(item)
                    if len(window) == {k}:
                        yield tuple(window)""", ("A deque with a maximum length drops its oldest item by itself as new "
                                                "items arrive.")),
                (f"yield from zip(*[{xs}[i:] for i in range({k})])", ("Zipping the list with copies of itself shifted "
                                                                     "by 1, 2, ... places yields the windows.")),
                (f"""
                i = 0
                while i + {k} <= len({xs}):
                    yield tuple({xs}[i:i + {k}])
                    i += 1""", "An index moves along as long as a whole window still fits."),
            )
        x.exprs(lambda r: f"list({f}({canon_repr(ints(r, 0, 7, 0, 9))}, {r.randint(1, 3)}))", n=6)
    elif x.v == "take_while":
        lim = x.param("limit|bound|ceiling", "int")
        x.returns("Iterator[int]")
        x.doc(f"Yield the elements of {xs} from the start, stopping at the first one that is not below {lim}.")
        x.form(
            f"""
            for v in {xs}:
                if v >= {lim}:
                    break
                yield v""",
            (f"""
            from itertools import takewhile
            yield from takewhile(lambda v: v < {lim}, {xs})""", ("`itertools.takewhile` stops at the first element "
                                                              "that fails the test.")),
            (f"""
            i = 0
            while i < len({xs}) and {xs}[i] < {lim}:
                yield {xs}[i]
                i += 1""", "The loop condition checks both the end of the list and the limit."),
            (f"""
            for v in {xs}:
                if v < {lim}:
                    yield v
                else:
                    return""", "`return` inside a generator ends it."),
        )
        x.exprs(lambda r: f"list({f}({canon_repr(ints(r, 0, 7, 0, 9))}, {r.randint(2, 9)}))", n=6)
    else:
        x.returns("Iterator[float]")
        x.doc(f"Yield, after each element of {xs}, the mean of the elements seen so far, rounded to 2 decimals.")
        x.form(
            f"""
            total = 0
            for count, v in enumerate({xs}, start=1):
                total += v
                yield round(total / count, 2)""",
            (f"""
            total = 0
            count = 0
            for v in {xs}:
                total += v
                count += 1
                yield round(total / count, 2)""", "A running total and a running count are updated together."),
            (f"""
            for i in range(len({xs})):
                yield round(sum({xs}[:i + 1]) / (i + 1), 2)""", ("The mean of the first i + 1 elements is recomputed "
                                                                "from a slice (simple, but slower).")),
            (f"""
            from itertools import accumulate
            for i, total in enumerate(accumulate({xs})):
                yield round(total / (i + 1), 2)""", "`itertools.accumulate` provides the running totals."),
        )
        x.exprs(lambda r: f"list({f}({canon_repr(ints(r, 0, 6, 0, 20))}))", n=6)
    x.explain("A generator keeps its position between values, which makes it natural for walking through "
              "data piece by piece.")


@family(G, "Iterating with enumerate and zip",
        V("numbered", "number the lines of a list as 'N: text', starting from a given number",
          "number|label", "lines|items", names="numbered_lines"),
        V("zip_dict", "build a dictionary from a list of keys and a list of values", "zip|pair", "to_dict|up",
          names="dict_from_lists"),
        V("changes", "list the indices where a list's value differs from the previous value", "change|switch",
          "points|indices", names="where_it_changes"))
def enumerate_zip(x: Ctx) -> None:
    if x.v == "numbered":
        ls = x.param("lines|items|rows", "list[str]")
        st = x.param("start|first|begin", "int", default=x.pick([1, 0]))
        x.returns("list[str]")
        x.doc(f"Return the strings of {ls} prefixed by their number and ': ', counting from {st}.")
        x.form(
            f"return [f'{{i}}: {{line}}' for i, line in enumerate({ls}, start={st})]",
            (f"""
            result = []
            number = {st}
            for line in {ls}:
                result.append(str(number) + ': ' + line)
                number += 1
            return result""", "A separate counter does what `enumerate` would do."),
            f"return [f'{{i}}: {{line}}' for i, line in zip(range({st}, {st} + len({ls})), {ls})]",
            f"""
            result = []
            for i, line in enumerate({ls}):
                result.append(f'{{i + {st}}}: {{line}}')
            return result""",
        )
        x.cases(lambda r: (r.sample(WORDS, r.randint(0, 4)),), n=4)
        x.cases(lambda r: (r.sample(WORDS, r.randint(1, 3)), r.randint(0, 10)), n=6)
    elif x.v == "zip_dict":
        ks, vs = x.param("keys|names|labels", "list[str]"), x.param("values|numbers|scores", "list[int]")
        x.returns("dict[str, int]")
        x.doc(f"Return a dictionary pairing each key of {ks} with the value at the same position of {vs}; extra "
              "items of the longer list are ignored.")
        x.form(
            f"return dict(zip({ks}, {vs}))",
            f"return {{k: v for k, v in zip({ks}, {vs})}}",
            (f"""
            result = {{}}
            for i in range(min(len({ks}), len({vs}))):
                result[{ks}[i]] = {vs}[i]
            return result""", "Only the positions both lists have are used."),
            f"""
            result = {{}}
            for k, v in zip({ks}, {vs}):
                result[k] = v
            return result""",
        )
        x.cases(lambda r: (r.sample(NAMES, r.randint(0, 4)), ints(r, 0, 4, 0, 99)), n=6)
    else:
        xs = x.param("values|readings|states", "list[int]")
        x.returns("list[int]")
        x.doc(f"Return the indices i >= 1 at which {xs}[i] differs from {xs}[i - 1].")
        x.form(
            f"return [i for i, (prev, cur) in enumerate(zip({xs}, {xs}[1:]), start=1) if prev != cur]",
            f"return [i for i in range(1, len({xs})) if {xs}[i] != {xs}[i - 1]]",
            f"""
            result = []
            for i in range(1, len({xs})):
                if {xs}[i] != {xs}[i - 1]:
                    result.append(i)
            return result""",
            (f"""
            result = []
            for i, v in enumerate({xs}):
                if i > 0 and v != prev:
                    result.append(i)
                prev = v
            return result""", "`prev` remembers the previous value; index 0 has nothing before it."),
        )
        x.cases(lambda r: (ints(r, 0, 8, 0, 2),), n=6)
    x.explain("`enumerate` attaches a counter to each item and `zip` walks several sequences in step, which "
              "avoids juggling indices by hand.")


@family(G, "Functions that take functions",
        V("apply_n", "apply a function to a value n times", "apply|repeat", "n_times|times|repeatedly"),
        V("compose", "apply two functions one after the other to every item of a list", "compose|chain",
          "map|both|pipeline", names="map_composed"),
        V("count_if", "count the items for which a predicate is true", "count", "if|where|matching"),
        V("partition_by", "split a list into items passing a predicate and the rest", "partition|split",
          "by|with_predicate", names="split_by_test"))
def higher_order(x: Ctx) -> None:
    f = x.name
    x.imports("from typing import Callable")
    lam = lambda r: r.choice(["lambda v: v + 1", "lambda v: v * 2", "lambda v: v - 3", "lambda v: v * v",
                              "lambda v: -v", "lambda v: v // 2"])
    pred = lambda r: r.choice(["lambda v: v > 0", "lambda v: v % 2 == 0", "lambda v: v % 3 == 0",
                               "lambda v: v < 5"])
    if x.v == "apply_n":
        fn, v, n = x.param("func|fn|step|f", "Callable[[int], int]"), x.param("value|start|x", "int"), x.param("n|times|count", "int")
        x.returns("int")
        x.doc(f"Return the result of applying {fn} to {v}, {n} times in a row ({fn}({fn}(...{fn}({v})))).")
        x.form(
            f"""
            for _ in range({n}):
                {v} = {fn}({v})
            return {v}""",
            (f"""
            if {n} == 0:
                return {v}
            return {f}({fn}, {fn}({v}), {n} - 1)""", "Recursively: apply the function once, then n - 1 more times."),
            (f"""
            from functools import reduce
            return reduce(lambda acc, _: {fn}(acc), range({n}), {v})""",
             "`reduce` carries the value through n applications of the function."),
            (f"""
            while {n} > 0:
                {v} = {fn}({v})
                {n} -= 1
            return {v}""", "A while loop counts the remaining applications down."),
        )
        x.exprs(lambda r: f"{f}({lam(r)}, {r.randint(-5, 9)}, {r.randint(0, 4)})", n=6)
    elif x.v == "compose":
        xs = x.param("items|values|numbers", "list[int]")
        g, h = x.param("first|inner|f", "Callable[[int], int]"), x.param("second|outer|g", "Callable[[int], int]")
        x.returns("list[int]")
        x.doc(f"Return a list with {h}({g}(v)) for every v of {xs}: {g} is applied first, then {h}.")
        x.form(
            f"return [{h}({g}(v)) for v in {xs}]",
            f"""
            result = []
            for v in {xs}:
                result.append({h}({g}(v)))
            return result""",
            (f"return list(map({h}, map({g}, {xs})))", ("The inner `map` applies the first function, the outer one the "
                                                      "second.")),
            (f"""
            def both(v):
                return {h}({g}(v))

            return [both(v) for v in {xs}]""", "A small helper composes the two functions."),
        )
        x.exprs(lambda r: f"{f}({canon_repr(ints(r, 0, 5, -5, 9))}, {lam(r)}, {lam(r)})", n=6)
    elif x.v == "count_if":
        xs, p = x.param("items|values|numbers", "list[int]"), x.param("predicate|test|keep|check", "Callable[[int], bool]")
        x.returns("int")
        x.doc(f"Return how many elements of {xs} make {p} return True.")
        x.form(
            f"return sum(1 for v in {xs} if {p}(v))",
            f"""
            count = 0
            for v in {xs}:
                if {p}(v):
                    count += 1
            return count""",
            (f"return len(list(filter({p}, {xs})))", "`filter` keeps the elements that pass the test."),
            f"return len([v for v in {xs} if {p}(v)])",
        )
        x.exprs(lambda r: f"{f}({canon_repr(ints(r, 0, 7, -5, 9))}, {pred(r)})", n=6)
    else:
        xs, p = x.param("items|values|numbers", "list[int]"), x.param("predicate|test|keep", "Callable[[int], bool]")
        x.returns("tuple[list[int], list[int]]")
        x.doc(f"Return (passing, failing): the elements of {xs} for which {p} is true, and the others, each in "
              "their original order.")
        x.form(
            f"""
            passing, failing = [], []
            for v in {xs}:
                (passing if {p}(v) else failing).append(v)
            return passing, failing""",
            f"return [v for v in {xs} if {p}(v)], [v for v in {xs} if not {p}(v)]",
            f"""
            passing = []
            failing = []
            for v in {xs}:
                if {p}(v):
                    passing.append(v)
                else:
                    failing.append(v)
            return (passing, failing)""",
            (f"""
            from itertools import filterfalse
            return list(filter({p}, {xs})), list(filterfalse({p}, {xs}))""",
             "`filter` keeps the passing elements and `itertools.filterfalse` the failing ones."),
        )
        x.exprs(lambda r: f"{f}({canon_repr(ints(r, 0, 7, -5, 9))}, {pred(r)})", n=6)
    x.explain("Functions are values in Python: they can be passed as arguments and called inside another "
              "function, and a `lambda` writes a small one inline.")


# --------------------------------------------------------------------------------------------------
# Classes: the prompt is the class line and docstring, the solution its methods.


def _ops(r, n: int, make) -> list:
    return [make(r) for _ in range(n)]


def _methods(*parts: str) -> str:
    """Method definitions (each dedented on its own) joined with one blank line between them."""
    import textwrap
    return "\n\n".join(textwrap.dedent(p).strip("\n") for p in parts if p.strip())


@family(K, "A container class",
        V("stack", "write a Stack class with push, pop (None when empty), peek and size", "Stack", names="Stack|LifoStack|Pile"),
        V("queue", "write a Queue class with enqueue, dequeue (None when empty) and len()", "Queue",
          names="Queue|FifoQueue|WaitingLine"),
        V("bounded", "write a BoundedList class that keeps only the most recent `capacity` items",
          "BoundedList", names="BoundedList|RecentItems|History"))
def container_class(x: Ctx) -> None:
    x.as_class()
    cls = x.name
    obj = x.local("s|box|c|obj")
    store = x.pick(["_items", "items_", "_data", "_elements"])
    if x.v == "stack":
        x.doc("A last-in, first-out stack. push(item) adds an item on top; pop() removes and returns the top "
              "item, or None when the stack is empty; peek() returns the top item without removing it (None "
              "when empty); size() returns the number of items.")
        x.body(_methods(
            f"""
            def __init__(self):
                self.{store} = []""",
            f"""
            def push(self, item):
                self.{store}.append(item)""",
            x.pick([f"""
            def pop(self):
                return self.{store}.pop() if self.{store} else None""", f"""
            def pop(self):
                if not self.{store}:
                    return None
                return self.{store}.pop()""", f"""
            def pop(self):
                try:
                    return self.{store}.pop()
                except IndexError:
                    return None"""]),
            x.pick([f"""
            def peek(self):
                return self.{store}[-1] if self.{store} else None""", f"""
            def peek(self):
                if len(self.{store}) == 0:
                    return None
                return self.{store}[-1]""", f"""
            def peek(self):
                return self.{store}[-1] if len(self.{store}) > 0 else None"""]),
            x.pick([f"""
            def size(self):
                return len(self.{store})""", f"""
            def size(self):
                count = 0
                for _ in self.{store}:
                    count += 1
                return count"""]),
        ))
        ops = lambda r: r.choice([("stmt", f"{obj}.push({r.randint(0, 9)})")] * 3 + [("expr", f"{obj}.pop()"),
                                 ("expr", f"{obj}.peek()"), ("expr", f"{obj}.size()")])
    elif x.v == "queue":
        x.doc("A first-in, first-out queue. enqueue(item) adds an item at the back; dequeue() removes and "
              "returns the front item, or None when empty; len(queue) is the number of items waiting.")
        kind = x.pick(["head", "deque", "pop0", "two_stacks"])
        if kind == "head":
            x.body(_methods(f"""
            def __init__(self):
                self.{store} = []
                self._head = 0""", f"""
            def enqueue(self, item):
                self.{store}.append(item)""", f"""
            def dequeue(self):
                if self._head == len(self.{store}):
                    return None
                item = self.{store}[self._head]
                self._head += 1
                return item""", f"""
            def __len__(self):
                return len(self.{store}) - self._head"""))
            x.explain("Instead of removing the front item, an index remembers where the queue now starts, so "
                      "dequeuing never has to shift the list.")
        elif kind == "deque":
            x.body(_methods(f"""
            def __init__(self):
                from collections import deque
                self.{store} = deque()""", f"""
            def enqueue(self, item):
                self.{store}.append(item)""", x.pick([f"""
            def dequeue(self):
                return self.{store}.popleft() if self.{store} else None""", f"""
            def dequeue(self):
                if not self.{store}:
                    return None
                return self.{store}.popleft()"""]), f"""
            def __len__(self):
                return len(self.{store})"""))
            x.explain("`collections.deque` removes items from its left end in constant time.")
        elif kind == "pop0":
            x.body(_methods(f"""
            def __init__(self):
                self.{store} = []""", f"""
            def enqueue(self, item):
                self.{store}.append(item)""", x.pick([f"""
            def dequeue(self):
                if self.{store}:
                    return self.{store}.pop(0)
                return None""", f"""
            def dequeue(self):
                try:
                    return self.{store}.pop(0)
                except IndexError:
                    return None"""]), f"""
            def __len__(self):
                return len(self.{store})"""))
            x.explain("`list.pop(0)` removes the front item (it shifts the rest, which is fine for short queues).")
        else:
            x.body(_methods("""
            def __init__(self):
                self._inbox = []
                self._outbox = []""", """
            def enqueue(self, item):
                self._inbox.append(item)""", """
            def dequeue(self):
                if not self._outbox:
                    while self._inbox:
                        self._outbox.append(self._inbox.pop())
                return self._outbox.pop() if self._outbox else None""", """
            def __len__(self):
                return len(self._inbox) + len(self._outbox)"""))
            x.explain("Two stacks make a queue: items arrive on one, and when the other is empty they are poured "
                      "over, which reverses them so the oldest is on top.")
        ops = lambda r: r.choice([("stmt", f"{obj}.enqueue({r.choice(SHORT_WORDS)!r})")] * 3
                                 + [("expr", f"{obj}.dequeue()"), ("expr", f"len({obj})")])
    else:
        x.doc(f"Remembers the most recent items. {cls}(capacity) starts empty; add(item) appends an item and, "
              "once more than capacity items are held, drops the oldest; items() returns the held items, "
              "oldest first, as a list.")
        kind = x.pick(["pop0", "deque", "slice", "del"])
        init = (f"""
            def __init__(self, capacity):
                from collections import deque
                self.{store} = deque(maxlen=capacity)""" if kind == "deque" else f"""
            def __init__(self, capacity):
                self.capacity = capacity
                self.{store} = []""")
        add = {"pop0": f"""
            def add(self, item):
                self.{store}.append(item)
                if len(self.{store}) > self.capacity:
                    self.{store}.pop(0)""", "deque": f"""
            def add(self, item):
                self.{store}.append(item)""", "slice": f"""
            def add(self, item):
                self.{store} = (self.{store} + [item])[-self.capacity:]""", "del": f"""
            def add(self, item):
                self.{store}.append(item)
                while len(self.{store}) > self.capacity:
                    del self.{store}[0]"""}[kind]
        items = x.pick([f"""
            def items(self):
                return list(self.{store})""", f"""
            def items(self):
                return [item for item in self.{store}]"""] + ([f"""
            def items(self):
                return self.{store}[:]"""] if kind != "deque" else []))
        x.body(_methods(init, add, items))
        if kind == "deque":
            x.explain("A deque created with `maxlen` drops its oldest item by itself when a new one would make it "
                      "too long.")
        ops = lambda r: r.choice([("stmt", f"{obj}.add({r.randint(0, 99)})")] * 2 + [("expr", f"{obj}.items()")])
    ctor = f"{obj} = {cls}({x.rng.randint(1, 4)})" if x.v == "bounded" else f"{obj} = {cls}()"
    for _ in range(4):
        steps = [("stmt", ctor)] + _ops(x.rng, x.rng.randint(3, 7), ops)
        if steps[-1][0] == "stmt":
            steps.append(("expr", f"{obj}.items()" if x.v == "bounded" else f"{obj}.pop()" if x.v == "stack" else f"{obj}.dequeue()"))
        x.scenario(*steps)
    x.n_examples = 1
    x.explain("The class keeps its data in an attribute created in `__init__`; each method reads or changes it, "
              "so the object remembers its state between calls.")


@family(K, "A class that guards its state",
        V("account", "write a BankAccount class whose withdraw raises ValueError when funds are insufficient",
          "BankAccount", names="BankAccount|Account|Wallet"),
        V("counter", "write a Counter class that counts up to a maximum and raises OverflowError beyond it",
          "Counter", names="Counter|BoundedCounter|Tally"),
        V("thermostat", "write a Thermostat class whose target temperature is clamped to a range",
          "Thermostat", names="Thermostat|Heater|ClimateControl"))
def guarded_class(x: Ctx) -> None:
    x.as_class()
    cls, o = x.name, x.local("acct|obj|item|dev")
    if x.v == "account":
        strict_deposit = x.chance(0.4)
        x.doc(f"A bank account holding a whole-number balance. {cls}(balance=0) opens it; deposit(amount) adds "
              + ("a positive amount, raising ValueError for an amount that is not positive; " if strict_deposit
                 else "a positive amount; ")
              + "withdraw(amount) subtracts it, raising ValueError (and changing nothing) if the balance is too "
                "small; the balance attribute holds the current balance.")
        check = """
                if amount <= 0:
                    raise ValueError('deposit must be positive')""" if strict_deposit else ""
        x.body(_account_body(x, check))
        for _ in range(4):
            balance = x.rng.randint(0, 50)
            steps = [("stmt", f"{o} = {cls}({balance})")]
            for _ in range(x.rng.randint(2, 4)):
                amount = x.rng.randint(1, 30)
                balance += amount
                steps.append(("stmt", f"{o}.deposit({amount})"))
            steps.append(("raises", f"{o}.withdraw(1000)", "ValueError"))
            if strict_deposit:
                steps.append(("raises", f"{o}.deposit({x.rng.choice([0, -5])})", "ValueError"))
            steps.append(("stmt", f"{o}.withdraw({x.rng.randint(0, min(20, balance))})"))
            steps.append(("expr", f"{o}.balance"))
            x.scenario(*steps)
    elif x.v == "counter":
        x.doc(f"Counts up to a limit. {cls}(maximum) starts at 0; increment() adds one and returns the new value, "
              "raising OverflowError instead when the value is already at the maximum; reset() sets it back to "
              "0; the value attribute holds the current count.")
        x.body(_methods(
            """
            def __init__(self, maximum):
                self.maximum = maximum
                self.value = 0""",
            x.pick(["""
            def increment(self):
                if self.value >= self.maximum:
                    raise OverflowError('counter at maximum')
                self.value += 1
                return self.value""", """
            def increment(self):
                if self.value == self.maximum:
                    raise OverflowError(f'cannot count past {self.maximum}')
                self.value = self.value + 1
                return self.value""", """
            def increment(self):
                if self.value < self.maximum:
                    self.value += 1
                    return self.value
                raise OverflowError('counter at maximum')"""]),
            x.pick(["""
            def reset(self):
                self.value = 0""", """
            def reset(self):
                self.value -= self.value"""]),
        ))
        for _ in range(4):
            m = x.rng.randint(1, 3)
            steps = [("stmt", f"{o} = {cls}({m})")] + [("expr", f"{o}.increment()") for _ in range(m)]
            steps += [("raises", f"{o}.increment()", "OverflowError"), ("stmt", f"{o}.reset()"), ("expr", f"{o}.value")]
            x.scenario(*steps)
    else:
        lo, hi = x.pick([(10, 30), (15, 25), (5, 35)])
        x.doc(f"Keeps a target temperature between {lo} and {hi} degrees. {cls}(target) starts at the target, "
              f"clamped into that range; set(value) changes it, also clamped; raise_by(delta) adds delta and "
              "clamps; the target attribute holds the current target.")
        clamp = x.pick(["min(max(value, self.LOW), self.HIGH)", "max(self.LOW, min(value, self.HIGH))",
                        "sorted((self.LOW, value, self.HIGH))[1]"])
        kind = x.pick(["inline", "helper", "ifs"])
        if kind == "ifs":
            setter = """
            def set(self, value):
                if value < self.LOW:
                    value = self.LOW
                elif value > self.HIGH:
                    value = self.HIGH
                self.target = value"""
        elif kind == "helper":
            setter = f"""
            def _clamp(self, value):
                return {clamp}

            def set(self, value):
                self.target = self._clamp(value)"""
        else:
            setter = f"""
            def set(self, value):
                self.target = {clamp}"""
        x.body(_methods(
            f"""
            LOW, HIGH = {lo}, {hi}""",
            x.pick(["""
            def __init__(self, target):
                self.set(target)""", f"""
            def __init__(self, target):
                value = target
                self.target = {clamp}"""]),
            setter,
            x.pick(["""
            def raise_by(self, delta):
                self.set(self.target + delta)""", """
            def raise_by(self, delta):
                new_target = self.target + delta
                self.set(new_target)"""]),
        ))
        for _ in range(5):
            steps = [("stmt", f"{o} = {cls}({x.rng.randint(0, 40)})"), ("expr", f"{o}.target")]
            steps += [("stmt", f"{o}.raise_by({x.rng.randint(-12, 12)})"), ("expr", f"{o}.target"),
                      ("stmt", f"{o}.set({x.rng.randint(0, 40)})"), ("expr", f"{o}.target")]
            x.scenario(*steps)
    x.n_examples = 1
    x.explain("The methods are the only way the state changes, so they can enforce its rules: raising an "
              "exception refuses an invalid change, clamping corrects it.")


def _account_body(x: Ctx, deposit_check: str) -> str:
    prop = x.chance(0.3)
    init = ("""
            def __init__(self, balance=0):
                self._balance = balance

            @property
            def balance(self):
                return self._balance""" if prop else """
            def __init__(self, balance=0):
                self.balance = balance""")
    attr = "self._balance" if prop else "self.balance"
    deposit = f"""
            def deposit(self, amount):{deposit_check}
                {x.pick([f'{attr} += amount', f'{attr} = {attr} + amount'])}"""
    withdraw = x.pick([f"""
            def withdraw(self, amount):
                if amount > {attr}:
                    raise ValueError('insufficient funds')
                {attr} -= amount""", f"""
            def withdraw(self, amount):
                if {attr} - amount < 0:
                    raise ValueError(f'cannot withdraw {{amount}}')
                {attr} = {attr} - amount""", f"""
            def withdraw(self, amount):
                if amount <= {attr}:
                    {attr} -= amount
                else:
                    raise ValueError('insufficient funds')"""])
    if prop:
        x.explain("The balance is stored in `_balance` and exposed through a read-only property, so code outside "
                  "the class cannot set it directly.")
    return _methods(init, deposit, withdraw)


@family(K, "A class with special methods",
        V("vector", "write a Vector2 class supporting +, ==, scaling by a number and a readable repr",
          "Vector2", names="Vector2|Vec|Point2D"),
        V("money", "write a Money class in cents with +, ==, < and a str like '$3.05'", "Money",
          names="Money|Cash|Amount"),
        V("fraction", "write a Ratio class that keeps fractions in lowest terms and supports * and ==",
          "Ratio", names="Ratio|Frac|Rational"))
def dunder_class(x: Ctx) -> None:
    x.as_class()
    cls = x.name
    r = x.rng
    make = x.pick([cls, "type(self)", "self.__class__"])
    if x.v == "vector":
        x.doc(f"A 2D vector. {cls}(x, y); v + w adds component-wise; v.scale(k) returns a new vector multiplied "
              f"by k; vectors are equal when both components are; repr(v) looks like '{cls}(1, 2)'.")
        x.body(_methods(
            x.pick(["""
            def __init__(self, x, y):
                self.x, self.y = x, y""", """
            def __init__(self, x, y):
                self.x = x
                self.y = y"""]),
            f"""
            def __add__(self, other):
                return {make}(self.x + other.x, self.y + other.y)""",
            f"""
            def scale(self, k):
                return {make}(self.x * k, self.y * k)""",
            x.pick([f"""
            def __eq__(self, other):
                return isinstance(other, {cls}) and (self.x, self.y) == (other.x, other.y)""", f"""
            def __eq__(self, other):
                if not isinstance(other, {cls}):
                    return NotImplemented
                return self.x == other.x and self.y == other.y"""]),
            x.pick([f"""
            def __repr__(self):
                return f'{cls}({{self.x}}, {{self.y}})'""", """
            def __repr__(self):
                return f'{type(self).__name__}({self.x}, {self.y})'""", f"""
            def __repr__(self):
                return '{cls}(' + str(self.x) + ', ' + str(self.y) + ')'"""]),
        ))
        v = lambda: f"{cls}({r.randint(-5, 9)}, {r.randint(-5, 9)})"
        for _ in range(5):
            x.scenario(("expr", f"repr({v()} + {v()})"), ("expr", f"{v()}.scale({r.randint(-2, 3)}) == {v()}"),
                       ("expr", f"repr({v()}.scale({r.randint(0, 3)}))"))
    elif x.v == "money":
        x.doc(f"An amount of money stored in whole cents. {cls}(cents); a + b adds amounts; ==  and < compare "
              "them; str(m) shows dollars with two decimals, like '$3.05'.")
        x.body(_methods(
            """
            def __init__(self, cents):
                self.cents = cents""",
            f"""
            def __add__(self, other):
                return {make}(self.cents + other.cents)""",
            x.pick([f"""
            def __eq__(self, other):
                return isinstance(other, {cls}) and self.cents == other.cents""", f"""
            def __eq__(self, other):
                if isinstance(other, {cls}):
                    return self.cents == other.cents
                return NotImplemented"""]),
            """
            def __lt__(self, other):
                return self.cents < other.cents""",
            x.pick(["""
            def __str__(self):
                return f'${self.cents // 100}.{self.cents % 100:02d}'""", """
            def __str__(self):
                dollars, cents = divmod(self.cents, 100)
                return f'${dollars}.{cents:02d}'""", """
            def __str__(self):
                return '$' + format(self.cents / 100, '.2f')""", """
            def __str__(self):
                text = str(self.cents).rjust(3, '0')
                return '$' + text[:-2] + '.' + text[-2:]"""]),
        ))
        m = lambda: f"{cls}({r.randint(0, 2000)})"
        for _ in range(5):
            x.scenario(("expr", f"str({m()} + {m()})"), ("expr", f"{m()} < {m()}"), ("expr", f"str({m()})"))
    else:
        x.doc(f"A fraction kept in lowest terms with a positive denominator. {cls}(num, den) with den != 0; "
              "the attributes num and den hold the reduced parts; a * b multiplies; fractions with equal "
              "reduced parts are equal.")
        init = x.pick(["""
            def __init__(self, num, den):
                if den < 0:
                    num, den = -num, -den
                a, b = abs(num), den
                while b:
                    a, b = b, a % b
                self.num, self.den = num // a if a else 0, den // a if a else 1""", """
            def __init__(self, num, den):
                from math import gcd
                g = gcd(num, den)
                if den < 0:
                    g = -g
                self.num = num // g
                self.den = den // g""", """
            def __init__(self, num, den):
                import math
                sign = -1 if den < 0 else 1
                g = math.gcd(num, den)
                self.num, self.den = sign * num // g, sign * den // g"""])
        x.body(_methods(
            init,
            f"""
            def __mul__(self, other):
                return {make}(self.num * other.num, self.den * other.den)""",
            x.pick([f"""
            def __eq__(self, other):
                return isinstance(other, {cls}) and (self.num, self.den) == (other.num, other.den)""", f"""
            def __eq__(self, other):
                if not isinstance(other, {cls}):
                    return NotImplemented
                return self.num == other.num and self.den == other.den"""]),
        ))
        q = lambda: f"{cls}({r.randint(-6, 12)}, {r.choice([1, 2, 3, 4, 6, -2, 8])})"
        for _ in range(5):
            a = q()
            x.scenario(("stmt", f"q = {a}"), ("expr", "(q.num, q.den)"), ("expr", f"{q()} * {q()} == {q()}"),
                       ("stmt", f"p = {q()} * {q()}"), ("expr", "(p.num, p.den)"))
    x.n_examples = 1
    x.explain("Methods with double underscores let objects work with Python's operators: `__add__` for "
              "`+`, `__eq__` for `==`, `__lt__` for `<`, `__repr__`/`__str__` for how an object is shown.")


@family(K, "A class that aggregates records",
        V("inventory", "write an Inventory class with add(name, qty), remove(name, qty) and count(name)",
          "Inventory", names="Inventory|Stockroom|Pantry"),
        V("gradebook", "write a Gradebook class that records scores per student and reports averages",
          "Gradebook", names="Gradebook|ScoreBoard|MarkSheet"),
        V("tally_votes", "write a Ballot class that records votes and reports the winner", "Ballot",
          names="Ballot|VoteCounter|Election"))
def record_class(x: Ctx) -> None:
    x.as_class()
    cls, o, r = x.name, x.local("inv|book|b|obj"), x.rng
    if x.v == "inventory":
        x.doc("Counts items by name. add(name, qty) increases a count; remove(name, qty) decreases it, raising "
              "ValueError if fewer are in stock (nothing changes then); count(name) returns the number held (0 "
              "for unknown names); names() returns the names with a positive count, sorted.")
        x.body(_methods(
            x.pick(["""
            def __init__(self):
                self._stock = {}""", """
            def __init__(self):
                from collections import defaultdict
                self._stock = defaultdict(int)"""]),
            x.pick(["""
            def add(self, name, qty):
                self._stock[name] = self._stock.get(name, 0) + qty""", """
            def add(self, name, qty):
                if name in self._stock:
                    self._stock[name] += qty
                else:
                    self._stock[name] = qty"""]),
            x.pick(["""
            def remove(self, name, qty):
                if self._stock.get(name, 0) < qty:
                    raise ValueError(f'not enough {name}')
                self._stock[name] -= qty""", """
            def remove(self, name, qty):
                have = self.count(name)
                if qty > have:
                    raise ValueError(f'only {have} {name} in stock')
                self._stock[name] = have - qty"""]),
            x.pick(["""
            def count(self, name):
                return self._stock.get(name, 0)""", """
            def count(self, name):
                return self._stock[name] if name in self._stock else 0"""]),
            x.pick(["""
            def names(self):
                return sorted(n for n, q in self._stock.items() if q > 0)""", """
            def names(self):
                result = [name for name in self._stock if self._stock[name] > 0]
                result.sort()
                return result"""]),
        ))
        items = ["apple", "bolt", "rope", "lamp", "nail"]
        for _ in range(4):
            a, b = r.sample(items, 2)
            qa = r.randint(1, 9)
            x.scenario(("stmt", f"{o} = {cls}()"), ("stmt", f"{o}.add({a!r}, {qa})"),
                       ("stmt", f"{o}.add({b!r}, {r.randint(1, 9)})"), ("stmt", f"{o}.remove({a!r}, {r.randint(0, qa)})"),
                       ("raises", f"{o}.remove({b!r}, 100)", "ValueError"), ("expr", f"{o}.count({a!r})"),
                       ("expr", f"{o}.names()"))
    elif x.v == "gradebook":
        x.doc("Records scores. add(student, score) stores one score; average(student) returns that student's "
              "mean score rounded to 1 decimal, or None for a student with no scores; best() returns the "
              "student with the highest average (alphabetically first on ties), or None when empty.")
        x.body(_methods(
            """
            def __init__(self):
                self._scores = {}""",
            x.pick(["""
            def add(self, student, score):
                self._scores.setdefault(student, []).append(score)""", """
            def add(self, student, score):
                if student not in self._scores:
                    self._scores[student] = []
                self._scores[student].append(score)"""]),
            x.pick(["""
            def average(self, student):
                scores = self._scores.get(student)
                if not scores:
                    return None
                return round(sum(scores) / len(scores), 1)""", """
            def average(self, student):
                if student not in self._scores:
                    return None
                scores = self._scores[student]
                return round(sum(scores) / len(scores), 1)"""]),
            x.pick(["""
            def best(self):
                if not self._scores:
                    return None
                return min(self._scores, key=lambda s: (-sum(self._scores[s]) / len(self._scores[s]), s))""", """
            def best(self):
                best_name, best_avg = None, None
                for name in sorted(self._scores):
                    avg = sum(self._scores[name]) / len(self._scores[name])
                    if best_avg is None or avg > best_avg:
                        best_name, best_avg = name, avg
                return best_name"""]),
        ))
        for _ in range(4):
            ppl = r.sample(NAMES, 3)
            steps = [("stmt", f"{o} = {cls}()"), ("expr", f"{o}.best()")]
            steps += [("stmt", f"{o}.add({r.choice(ppl[:2])!r}, {r.randint(40, 100)})") for _ in range(4)]
            steps += [("expr", f"{o}.average({p!r})") for p in ppl] + [("expr", f"{o}.best()")]
            x.scenario(*steps)
    else:
        x.doc("Counts votes. vote(option) records one vote; count(option) returns its votes (0 if none); "
              "winner() returns the option with the most votes, the earliest voted-for on ties, or None when no "
              "vote has been cast.")
        x.body(_methods(
            """
            def __init__(self):
                self._votes = {}""",
            x.pick(["""
            def vote(self, option):
                self._votes[option] = self._votes.get(option, 0) + 1""", """
            def vote(self, option):
                if option in self._votes:
                    self._votes[option] += 1
                else:
                    self._votes[option] = 1"""]),
            """
            def count(self, option):
                return self._votes.get(option, 0)""",
            x.pick(["""
            def winner(self):
                best = None
                for option, n in self._votes.items():
                    if best is None or n > self._votes[best]:
                        best = option
                return best""", """
            def winner(self):
                if not self._votes:
                    return None
                return max(self._votes, key=self._votes.get)""", """
            def winner(self):
                if not self._votes:
                    return None
                top = max(self._votes.values())
                for option in self._votes:
                    if self._votes[option] == top:
                        return option"""]),
        ))
        for _ in range(4):
            opts = r.sample(CITIES, 3)
            steps = [("stmt", f"{o} = {cls}()"), ("expr", f"{o}.winner()")]
            steps += [("stmt", f"{o}.vote({r.choice(opts)!r})") for _ in range(r.randint(1, 6))]
            steps += [("expr", f"{o}.count({opts[0]!r})"), ("expr", f"{o}.winner()")]
            x.scenario(*steps)
    x.n_examples = 1
    x.explain("A dictionary inside the object maps each name to its data; the methods read and update it.")


@family(K, "A class with computed properties",
        V("rectangle", "write a Rectangle class with area(), perimeter() and is_square()", "Rectangle",
          names="Rectangle|Box|Rect"),
        V("temperature", "write a Temperature class storing Celsius with a fahrenheit property", "Temperature",
          names="Temperature|Reading|Thermo"),
        V("timespan", "write a Duration class built from seconds with hours/minutes/seconds parts and + between durations",
          "Duration", names="Duration|TimeSpan|Elapsed"))
def property_class(x: Ctx) -> None:
    x.as_class()
    cls, r = x.name, x.rng
    make = x.pick([cls, "type(self)"])
    if x.v == "rectangle":
        x.doc(f"A rectangle with integer sides. {cls}(width, height); area() and perimeter() return the area and "
              "the perimeter; is_square() says whether both sides are equal; scale(k) returns a new rectangle "
              "with both sides multiplied by k.")
        x.body(_methods(
            """
            def __init__(self, width, height):
                self.width, self.height = width, height""",
            """
            def area(self):
                return self.width * self.height""",
            x.pick(["""
            def perimeter(self):
                return 2 * (self.width + self.height)""", """
            def perimeter(self):
                return self.width + self.height + self.width + self.height""", """
            def perimeter(self):
                return 2 * self.width + 2 * self.height"""]),
            """
            def is_square(self):
                return self.width == self.height""",
            f"""
            def scale(self, k):
                return {make}(self.width * k, self.height * k)""",
        ))
        for _ in range(5):
            w, h = r.randint(1, 9), r.choice([r.randint(1, 9), None])
            h = w if h is None else h
            x.scenario(("stmt", f"shape = {cls}({w}, {h})"), ("expr", "shape.area()"), ("expr", "shape.perimeter()"),
                       ("expr", "shape.is_square()"), ("expr", f"shape.scale({r.randint(2, 4)}).area()"))
    elif x.v == "temperature":
        x.doc(f"A temperature stored in degrees Celsius. {cls}(celsius); the property fahrenheit returns "
              "celsius * 9 / 5 + 32, and assigning to it stores the matching Celsius value (rounded to 2 "
              "decimals); is_freezing() is True at or below 0 degrees Celsius.")
        x.body(_methods(
            """
            def __init__(self, celsius):
                self.celsius = celsius""",
            x.pick(["""
            @property
            def fahrenheit(self):
                return self.celsius * 9 / 5 + 32

            @fahrenheit.setter
            def fahrenheit(self, value):
                self.celsius = round((value - 32) * 5 / 9, 2)""", """
            def _get_fahrenheit(self):
                return self.celsius * 9 / 5 + 32

            def _set_fahrenheit(self, value):
                self.celsius = round((value - 32) * 5 / 9, 2)

            fahrenheit = property(_get_fahrenheit, _set_fahrenheit)"""]),
            x.pick(["""
            def is_freezing(self):
                return self.celsius <= 0""", """
            def is_freezing(self):
                return not self.celsius > 0"""]),
        ))
        for _ in range(5):
            x.scenario(("stmt", f"t = {cls}({r.randint(-20, 40)})"), ("expr", "t.fahrenheit"), ("expr", "t.is_freezing()"),
                       ("stmt", f"t.fahrenheit = {r.randint(-4, 104)}"), ("expr", "t.celsius"))
    else:
        x.doc(f"A length of time in whole seconds. {cls}(seconds); parts() returns (hours, minutes, seconds); "
              f"a + b returns a new {cls} with the total; str(d) looks like '1:02:03' (hours unpadded, minutes and "
              "seconds two digits).")
        x.body(_methods(
            """
            def __init__(self, seconds):
                self.seconds = seconds""",
            x.pick(["""
            def parts(self):
                hours, rest = divmod(self.seconds, 3600)
                minutes, seconds = divmod(rest, 60)
                return hours, minutes, seconds""", """
            def parts(self):
                return self.seconds // 3600, self.seconds % 3600 // 60, self.seconds % 60"""]),
            f"""
            def __add__(self, other):
                return {make}(self.seconds + other.seconds)""",
            x.pick(["""
            def __str__(self):
                h, m, s = self.parts()
                return f'{h}:{m:02d}:{s:02d}'""", """
            def __str__(self):
                return '{}:{:02d}:{:02d}'.format(*self.parts())""", """
            def __str__(self):
                h, m, s = self.parts()
                return str(h) + ':' + str(m).zfill(2) + ':' + str(s).zfill(2)"""]),
        ))
        for _ in range(5):
            x.scenario(("stmt", f"d = {cls}({r.randint(0, 9000)})"), ("expr", "d.parts()"), ("expr", "str(d)"),
                       ("expr", f"str(d + {cls}({r.randint(0, 4000)}))"))
    x.n_examples = 1
    x.explain("Values that follow from the stored data are computed by methods (or a `@property`, which looks "
              "like an attribute) instead of being stored twice, so they can never disagree.")


# --------------------------------------------------------------------------------------------------
# Exceptions


@family(E, "Raising exceptions for bad input",
        V("positive_int", "parse a string as a positive integer, raising ValueError otherwise",
          "parse|read|to", "positive_int|positive|count", names="parse_positive_int"),
        V("average", "average a list of numbers, raising ValueError for an empty list", "safe|checked",
          "average|mean", names="average_or_raise"),
        V("require_keys", "check that a record has all required keys, raising KeyError naming the first missing one",
          "require|check", "keys|fields", names="validate_record"))
def raising(x: Ctx) -> None:
    f = x.name
    if x.v == "positive_int":
        s = x.param("text|s|raw|value", "str")
        x.returns("int")
        x.doc(f"Convert {s} to an int and return it. Surrounding spaces are allowed. Raise ValueError if {s} is "
              "not a whole number or the number is not greater than zero.")
        x.form(
            f"""
            n = int({s}.strip())
            if n <= 0:
                raise ValueError(f'expected a positive number, got {{n}}')
            return n""",
            (f"""
            try:
                n = int({s})
            except ValueError:
                raise ValueError(f'not a whole number: {{{s}!r}}') from None
            if n < 1:
                raise ValueError('the number must be positive')
            return n""", ("`int` already ignores surrounding spaces; its own ValueError is replaced by a clearer "
                         "message, and `from None` hides the original one.")),
            (f"""
            n = int({s})
            if n > 0:
                return n
            raise ValueError(f'{{n}} is not positive')""", ("`int` raises ValueError by itself for text that is not a "
                                                           "whole number, so only the sign needs checking.")),
            (f"""
            try:
                value = int({s}.strip())
            except ValueError as err:
                raise ValueError(f'{{{s}!r}} is not a whole number') from err
            if not value > 0:
                raise ValueError(f'{{value}} is not greater than zero')
            return value""", ("The conversion error is re-raised with a message naming the text; `from err` keeps "
                             "the original error attached.")),
        )
        x.cases(lambda r: (r.choice([str(r.randint(1, 500)), f" {r.randint(1, 99)} "]),), n=4)
        for bad in x.rng.sample(["0", "-3", "abc", "", "4.5", "-10"], 2):
            x.raises("ValueError", bad)
    elif x.v == "average":
        xs = x.param("values|numbers|data", "list[float]")
        x.returns("float")
        x.doc(f"Return the mean of {xs}. Raise ValueError when {xs} is empty, since an average of nothing is "
              "undefined.")
        x.form(
            f"""
            if not {xs}:
                raise ValueError('cannot average an empty list')
            return sum({xs}) / len({xs})""",
            f"""
            if len({xs}) == 0:
                raise ValueError('empty list')
            total = 0
            for v in {xs}:
                total += v
            return total / len({xs})""",
            (f"""
            try:
                return sum({xs}) / len({xs})
            except ZeroDivisionError:
                raise ValueError('cannot average an empty list') from None""",
             ("Dividing by a length of zero raises ZeroDivisionError, which is turned into the ValueError the "
             "caller expects.")),
            (f"""
            count = len({xs})
            if count == 0:
                raise ValueError(f'need at least one value, got {{count}}')
            return sum({xs}) / count""", "The length is computed once and checked before dividing by it."),
        )
        x.cases(lambda r: (ints(r, 1, 5, 0, 20),), n=4)
        x.raises("ValueError", [])
    else:
        rec, req = x.param("record|row|data|entry", "dict"), x.param("required|fields|keys", "list[str]")
        x.returns("None")
        x.doc(f"Check that every key listed in {req} is present in {rec}. Return None if so; otherwise raise "
              "KeyError with the first missing key.")
        x.form(
            f"""
            for key in {req}:
                if key not in {rec}:
                    raise KeyError(key)""",
            f"""
            missing = [key for key in {req} if key not in {rec}]
            if missing:
                raise KeyError(missing[0])""",
            (f"""
            first_missing = next((key for key in {req} if key not in {rec}), None)
            if first_missing is not None:
                raise KeyError(first_missing)
            return None""", "`next` finds the first missing key, or None when every key is present."),
            (f"""
            for key in {req}:
                {rec}[key]""", ("Indexing a dictionary with a missing key raises KeyError naming that key, which is "
                               "exactly the required behaviour.")),
        )
        fields = ["name", "age", "email", "city", "id"]
        x.expr(f"{f}({{'name': 'ada', 'age': 36}}, ['name'])")
        for _ in range(3):
            keys = x.rng.sample(fields, 3)
            x.raises("KeyError", {k: 1 for k in keys[:2]}, keys)
    x.explain("`raise` stops the function and hands an exception to the caller; choosing the right type "
              "(ValueError for a bad value, KeyError for a missing key) and a clear message tells the caller "
              "what went wrong.")


@family(E, "Handling exceptions",
        V("parse_all", "convert a list of strings to ints, skipping those that are not integers",
          "parse|convert", "ints|numbers|valid_ints", names="keep_integers"),
        V("safe_divide", "divide two numbers, returning None instead of failing on division by zero",
          "safe|checked", "divide|division|ratio"),
        V("lookup_all", "look up indices in a list, using a default for out-of-range ones via IndexError",
          "safe|get", "items|many|at", names="pick_indices"),
        V("count_errors", "count how many strings fail to convert to float", "count", "bad_numbers|invalid|errors"))
def handling(x: Ctx) -> None:
    if x.v == "parse_all":
        xs = x.param("texts|items|raw|values", "list[str]")
        x.returns("list[int]")
        x.doc(f"Return the integers written in {xs}, in order; strings that are not whole numbers are skipped.")
        x.form(
            f"""
            result = []
            for text in {xs}:
                try:
                    result.append(int(text))
                except ValueError:
                    continue
            return result""",
            (f"""
            result = []
            for text in {xs}:
                try:
                    value = int(text)
                except ValueError:
                    pass
                else:
                    result.append(value)
            return result""", "The `else` block of a `try` runs only when no exception was raised."),
            (f"""
            def to_int(text):
                try:
                    return int(text)
                except ValueError:
                    return None

            return [v for v in map(to_int, {xs}) if v is not None]""",
             "A helper turns a failed conversion into None, which the comprehension filters out."),
            (f"""
            result = []
            for text in {xs}:
                try:
                    result.append(int(text))
                except ValueError:
                    pass
            return result""", "`pass` in the `except` block ignores the strings that are not whole numbers."),
        )
        x.cases(lambda r: ([r.choice([str(r.randint(-50, 50)), r.choice(SHORT_WORDS), "3.5", ""]) for _ in range(r.randint(0, 6))],), n=6)
    elif x.v == "safe_divide":
        a, b = x.param("a|numerator|top", "float"), x.param("b|denominator|bottom", "float")
        x.returns("float | None")
        x.doc(f"Return {a} / {b}, or None when {b} is zero.")
        x.form(
            f"""
            try:
                return {a} / {b}
            except ZeroDivisionError:
                return None""",
            (f"""
            if {b} == 0:
                return None
            return {a} / {b}""", "Checking the divisor first avoids the exception altogether."),
            (f"return None if {b} == 0 else {a} / {b}", "A conditional expression checks the divisor first."),
            (f"""
            try:
                result = {a} / {b}
            except ZeroDivisionError:
                result = None
            return result""", "The result is set in either branch and returned once."),
        )
        x.cases(lambda r: (r.randint(-20, 20), r.choice([0, r.randint(1, 8), -r.randint(1, 4)])), n=6)
    elif x.v == "lookup_all":
        xs, idx = x.param("items|values|data", "list[int]"), x.param("indices|positions|wanted", "list[int]")
        d = x.param("default|missing|fallback", "int", default=x.pick([0, -1]))
        x.returns("list[int]")
        x.doc(f"Return [{xs}[i] for i in {idx}], using {d} for any index that is out of range (negative indices "
              "count from the end as usual).")
        x.form(
            f"""
            result = []
            for i in {idx}:
                try:
                    result.append({xs}[i])
                except IndexError:
                    result.append({d})
            return result""",
            (f"return [{xs}[i] if -len({xs}) <= i < len({xs}) else {d} for i in {idx}]",
             ("An index is valid exactly when -len <= i < len, so the range can be checked instead of catching "
             "IndexError.")),
            (f"""
            def get(i):
                try:
                    return {xs}[i]
                except IndexError:
                    return {d}

            return [get(i) for i in {idx}]""", "A helper catches the IndexError of one lookup."),
            (f"""
            result = []
            for i in {idx}:
                if -len({xs}) <= i < len({xs}):
                    result.append({xs}[i])
                else:
                    result.append({d})
            return result""", "The index is checked against the valid range before it is used."),
        )
        x.cases(lambda r: (ints(r, 0, 5, 0, 99), [r.randint(-6, 6) for _ in range(r.randint(0, 4))]), n=6)
    else:
        xs = x.param("texts|items|raw", "list[str]")
        x.returns("int")
        x.doc(f"Return how many strings of {xs} cannot be converted by float().")
        x.form(
            f"""
            bad = 0
            for text in {xs}:
                try:
                    float(text)
                except ValueError:
                    bad += 1
            return bad""",
            (f"""
            def ok(text):
                try:
                    float(text)
                    return True
                except ValueError:
                    return False

            return sum(1 for text in {xs} if not ok(text))""", "A helper answers whether one string converts."),
            (f"""
            good = 0
            for text in {xs}:
                try:
                    float(text)
                except ValueError:
                    continue
                good += 1
            return len({xs}) - good""", "The strings that convert are counted; the rest are the failures."),
            (f"""
            failures = []
            for text in {xs}:
                try:
                    float(text)
                except ValueError:
                    failures.append(text)
            return len(failures)""", "The strings that fail are collected, and their number returned."),
        )
        x.cases(lambda r: ([r.choice([str(r.randint(0, 9)), "2.5", "-1e3", r.choice(SHORT_WORDS), "1,5"]) for _ in range(r.randint(0, 6))],), n=6)
    x.explain("`try` runs code that might fail and `except` catches one specific exception type, so the "
              "function can recover from that case while any other error still surfaces.")


# --------------------------------------------------------------------------------------------------
# Formatting and parsing text


@family(F, "Formatting numbers as text",
        V("thousands", "format an integer with commas as thousands separators", "format|with", "thousands|commas",
          names="with_commas|group_digits"),
        V("ordinal", "write a positive integer as an ordinal: 1st, 2nd, 3rd, 4th, 11th, 22nd ...", "ordinal|to_ordinal",
          "suffix|string", names="ordinal|nth_label"),
        V("percent", "format a ratio as a percentage with one decimal, like '12.5%'", "format|as", "percent|percentage"),
        V("money", "format cents as dollars with a thousands separator, like '$1,234.05'", "format", "dollars|money|cents",
          names="dollars"))
def format_numbers(x: Ctx) -> None:
    n = x.param("n|value|amount|number", "int" if x.v != "percent" else "float")
    x.returns("str")
    if x.v == "thousands":
        x.doc(f"Return {n} written with a comma between every group of three digits, e.g. 1234567 -> '1,234,567'. "
              "Negative numbers keep their minus sign.")
        x.form(
            f"return f'{{{n}:,}}'",
            f"""
            digits = str(abs({n}))
            groups = []
            while digits:
                groups.insert(0, digits[-3:])
                digits = digits[:-3]
            return ('-' if {n} < 0 else '') + ','.join(groups)""",
            (f"return format({n}, ',')", "The format specification ',' inserts the separators."),
            (f"""
            digits = str(abs({n}))
            out = ''
            for i, ch in enumerate(reversed(digits)):
                if i > 0 and i % 3 == 0:
                    out = ',' + out
                out = ch + out
            sign = '-' if {n} < 0 else ''
            return sign + out""", "Walking the digits from the right, a comma goes in before every third one."),
        )
        x.cases(lambda r: (r.choice([r.randint(0, 999), r.randint(1000, 10 ** 7), -r.randint(1000, 10 ** 6)]),), n=6)
    elif x.v == "ordinal":
        x.doc(f"Return {n} (n >= 1) followed by its English ordinal suffix: 'st', 'nd', 'rd' or 'th'. Numbers "
              "ending in 11, 12 or 13 always take 'th'.")
        guard = x.reject(f"{n} < 1", "n must be positive", f"Raise ValueError if {n} is less than 1.", (0,))
        x.form(
            f"""
            if {n} % 100 in (11, 12, 13):
                return f'{{{n}}}th'
            return f'{{{n}}}' + {{1: 'st', 2: 'nd', 3: 'rd'}}.get({n} % 10, 'th')""",
            (f"""
            last, last_two = {n} % 10, {n} % 100
            if last == 1 and last_two != 11:
                suffix = 'st'
            elif last == 2 and last_two != 12:
                suffix = 'nd'
            elif last == 3 and last_two != 13:
                suffix = 'rd'
            else:
                suffix = 'th'
            return str({n}) + suffix""", "The last digit picks the suffix, except that 11, 12 and 13 take 'th'."),
            (f"""
            if 10 <= {n} % 100 <= 20:
                suffix = 'th'
            else:
                suffix = ['th', 'st', 'nd', 'rd', 'th', 'th', 'th', 'th', 'th', 'th'][{n} % 10]
            return f'{{{n}}}{{suffix}}'""", ("Numbers ending in 10 to 20 all take 'th'; otherwise the last digit "
                                            "indexes a list of suffixes.")),
            (f"""
            suffix = 'th'
            if {n} % 100 not in (11, 12, 13) and {n} % 10 in (1, 2, 3):
                suffix = ('st', 'nd', 'rd')[{n} % 10 - 1]
            return str({n}) + suffix""", ("'th' is the default; only a last digit of 1, 2 or 3 outside the teens "
                                         "changes it.")),
            prefix=guard,
        )
        x.cases(lambda r: (r.choice([r.randint(1, 30), r.randint(100, 125), r.randint(1, 1000)]),), n=7)
    elif x.v == "percent":
        x.doc(f"Return the ratio {n} (0.25 means a quarter) as a percentage string with one decimal place and "
              "a percent sign.")
        x.form(
            f"return f'{{{n} * 100:.1f}}%'",
            (f"return format({n} * 100, '.1f') + '%'", "`format(value, '.1f')` writes one decimal place."),
            (f"return '%.1f%%' % ({n} * 100)", "In old-style formatting, '%%' writes a literal percent sign."),
            (f"""
            percent = {n} * 100
            return f'{{percent:.1f}}%'""", "The ratio is scaled to a percentage before formatting."),
        )
        x.cases(lambda r: (r.choice([r.randint(0, 100) / 100, r.randint(0, 1000) / 1000, r.randint(0, 8) / 8]),), n=6)
    else:
        x.doc(f"Return {n} cents (n >= 0) as a dollar amount: a '$', the dollars with commas between thousands, "
              "a dot and exactly two digits of cents.")
        guard = x.reject(f"{n} < 0", "negative amount", f"Raise ValueError if {n} is negative.", (-250,))
        x.form(
            f"""
            dollars, cents = divmod({n}, 100)
            return f'${{dollars:,}}.{{cents:02d}}'""",
            f"return f'${{{n} // 100:,}}.{{{n} % 100:02d}}'",
            (f"return '$' + format({n} // 100, ',') + '.' + str({n} % 100).zfill(2)",
             "The whole dollars get separators and the cents are padded to two digits with `zfill`."),
            (f"""
            text = str({n}).rjust(3, '0')
            dollars, cents = text[:-2], text[-2:]
            return f'${{int(dollars):,}}.{{cents}}'""", ("The last two digits of the padded number are the cents; the "
                                                       "rest, read as a number, gets its separators.")),
            prefix=guard,
        )
        x.cases(lambda r: (r.choice([r.randint(0, 999), r.randint(1000, 10 ** 8)]),), n=6)
    x.explain("Format specifications after the colon in an f-string control the output: `,` groups "
              "thousands, `.1f` fixes one decimal, `02d` pads with zeros to two digits.")


@family(F, "Laying out text",
        V("english_list", "join words into an English list: 'a', 'a and b', 'a, b and c'", "join|format",
          "english|as_sentence|list_words", names="human_join"),
        V("table", "format (name, number) rows as lines with the names left-aligned and numbers right-aligned",
          "format|render", "table|report|rows"),
        V("box", "draw a box of '+', '-' and '|' around a line of text", "box|frame", "text|around",
          names="boxed|draw_box"),
        V("wrap", "wrap words into lines of at most a given width without breaking words", "wrap|fill",
          "words|text|lines", names="word_wrap"))
def layout_text(x: Ctx) -> None:
    if x.v == "english_list":
        ws = x.param("words|items|names", "list[str]")
        x.returns("str")
        x.doc(f"Join {ws} the way English lists things: '' for no items, the item itself for one, 'a and b' for "
              "two, and 'a, b and c' (commas, then 'and' before the last) for more.")
        x.form(
            f"""
            if not {ws}:
                return ''
            if len({ws}) == 1:
                return {ws}[0]
            return ', '.join({ws}[:-1]) + ' and ' + {ws}[-1]""",
            (f"""
            if len({ws}) < 2:
                return ''.join({ws})
            return f"{{', '.join({ws}[:-1])}} and {{{ws}[-1]}}\"""", ("Joining a list of at most one item gives the item "
                                                                   "itself or ''.")),
            (f"""
            n = len({ws})
            if n == 0:
                return ''
            elif n == 1:
                return {ws}[0]
            elif n == 2:
                return {ws}[0] + ' and ' + {ws}[1]
            return ', '.join({ws}[:-1]) + ' and ' + {ws}[-1]""", "Each length is handled by its own branch."),
            (f"""
            if len({ws}) <= 1:
                return ''.join({ws})
            *rest, last = {ws}
            return ', '.join(rest) + ' and ' + last""", "Star unpacking separates the last item from the others."),
        )
        x.cases(lambda r: (r.sample(CITIES, r.randint(0, 4)),), n=6)
    elif x.v == "table":
        rows = x.param("rows|items|entries", "list[tuple[str, int]]")
        x.returns("str")
        x.doc(f"Return the (name, number) pairs of {rows} as lines joined by newlines. Each line is the name "
              "padded on the right to the longest name's width, one space, then the number right-aligned to the "
              "widest number's width.")
        x.form(
            f"""
            if not {rows}:
                return ''
            name_w = max(len(name) for name, _ in {rows})
            num_w = max(len(str(n)) for _, n in {rows})
            return '\\n'.join(f'{{name:<{{name_w}}}} {{n:>{{num_w}}}}' for name, n in {rows})""",
            (f"""
            if not {rows}:
                return ''
            name_w = max(len(name) for name, _ in {rows})
            num_w = max(len(str(n)) for _, n in {rows})
            lines = []
            for name, n in {rows}:
                lines.append(name.ljust(name_w) + ' ' + str(n).rjust(num_w))
            return '\\n'.join(lines)""", "`ljust` and `rjust` pad a string to a width on the right or the left."),
            (f"""
            name_w = max((len(name) for name, _ in {rows}), default=0)
            num_w = max((len(str(n)) for _, n in {rows}), default=0)
            lines = [f'{{name:<{{name_w}}}} {{n:>{{num_w}}}}' for name, n in {rows}]
            return '\\n'.join(lines)""", "`max(..., default=0)` copes with an empty table, whose join is ''."),
            (f"""
            if not {rows}:
                return ''
            name_w = max(len(row[0]) for row in {rows})
            num_w = max(len(str(row[1])) for row in {rows})
            return '\\n'.join('{{:<{{}}}} {{:>{{}}}}'.format(name, name_w, n, num_w) for name, n in {rows})""",
             "`str.format` also accepts the widths as arguments, written as nested braces."),
        )
        x.cases(lambda r: ([(c, r.choice([r.randint(0, 9), r.randint(10, 9999)])) for c in r.sample(CITIES, r.randint(0, 3))],), n=6)
    elif x.v == "box":
        s = x.param("text|label|title", "str")
        x.returns("str")
        x.doc(f"Return three lines joined by newlines: a border '+---+' as wide as {s} plus two, the line '|' + "
              f"{s} + '|', and the border again.")
        x.form(
            f"""
            border = '+' + '-' * len({s}) + '+'
            return '\\n'.join([border, '|' + {s} + '|', border])""",
            f"""
            border = f"+{{'-' * len({s})}}+"
            return f'{{border}}\\n|{{{s}}}|\\n{{border}}'""",
            (f"""
            line = '+' + '-' * len({s}) + '+'
            middle = '|' + {s} + '|'
            return line + '\\n' + middle + '\\n' + line""", ("The three lines are built separately and glued with "
                                                             "newlines.")),
            (f"""
            lines = []
            for part in ('border', 'text', 'border'):
                if part == 'border':
                    lines.append('+' + '-' * len({s}) + '+')
                else:
                    lines.append('|' + {s} + '|')
            return '\\n'.join(lines)""", "A loop writes the three lines, choosing between border and text."),
        )
        x.cases(lambda r: (r.choice(WORDS + CITIES + [""]),), n=5)
    else:
        ws, w = x.param("words|tokens|items", "list[str]"), x.param("width|limit|line_width", "int")
        x.returns("list[str]")
        x.doc(f"Greedily pack {ws} into lines of at most {w} characters with single spaces between words; a word "
              f"longer than {w} goes on a line of its own. Return the lines.")
        guard = x.reject(f"{w} < 1", "width must be positive", f"Raise ValueError if {w} is less than 1.", (["a"], 0))
        x.form(
            f"""
            lines, current = [], ''
            for word in {ws}:
                if not current:
                    current = word
                elif len(current) + 1 + len(word) <= {w}:
                    current += ' ' + word
                else:
                    lines.append(current)
                    current = word
            if current:
                lines.append(current)
            return lines""",
            (f"""
            lines = []
            line = []
            for word in {ws}:
                if line and len(' '.join(line + [word])) > {w}:
                    lines.append(' '.join(line))
                    line = []
                line.append(word)
            if line:
                lines.append(' '.join(line))
            return lines""", ("The current line is kept as a list of words; a word that would make it too long "
                             "starts a new line.")),
            (f"""
            lines = []
            for word in {ws}:
                if lines and len(lines[-1]) + 1 + len(word) <= {w}:
                    lines[-1] += ' ' + word
                else:
                    lines.append(word)
            return lines""", "Each word either extends the last line, if it fits, or starts a new one."),
            (f"""
            lines = []
            words_in_line, length = [], 0
            for word in {ws}:
                extra = len(word) + (1 if words_in_line else 0)
                if words_in_line and length + extra > {w}:
                    lines.append(' '.join(words_in_line))
                    words_in_line, length = [], 0
                    extra = len(word)
                words_in_line.append(word)
                length += extra
            if words_in_line:
                lines.append(' '.join(words_in_line))
            return lines""", ("The length of the current line is tracked as words are added, counting one space "
                             "before every word but the first.")),
            prefix=guard,
        )
        x.cases(lambda r: ([r.choice(WORDS + SHORT_WORDS) for _ in range(r.randint(0, 7))], r.randint(5, 20)), n=6)
    x.explain("The text is built from pieces: `join` puts separators between items and format "
              "specifications such as `<10` and `>5` pad to a fixed width.")


@family(F, "Writing numbers and times in words",
        V("words_0_99", "write a number from 0 to 99 in English words, like 'forty-two'", "number|spell",
          "to_words|in_words|words", names="say_number"),
        V("clock_12h", "convert a 24-hour time 'HH:MM' to 12-hour form like '3:05 PM'", "to", "twelve_hour|12h|am_pm",
          names="format_12h"),
        V("duration", "describe a number of seconds like '1h 02m 03s', leaving out zero hours", "format|describe",
          "duration|elapsed", names="human_duration"))
def in_words(x: Ctx) -> None:
    x.returns("str")
    if x.v == "words_0_99":
        n = x.param("n|number|value", "int")
        x.doc(f"Return {n} (0 <= n <= 99) in English words, lowercase, with a hyphen between tens and units, "
              "e.g. 0 -> 'zero', 13 -> 'thirteen', 40 -> 'forty', 42 -> 'forty-two'.")
        ones = """ones = ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten',
                'eleven', 'twelve', 'thirteen', 'fourteen', 'fifteen', 'sixteen', 'seventeen', 'eighteen',
                'nineteen']"""
        guard = x.reject(f"not 0 <= {n} <= 99", "n must be between 0 and 99",
                         f"Raise ValueError if {n} is not between 0 and 99.", (100,), (-1,))
        x.form(
            (ones, f"""
            tens = ['', '', 'twenty', 'thirty', 'forty', 'fifty', 'sixty', 'seventy', 'eighty', 'ninety']
            if {n} < 20:
                return ones[{n}]
            word = tens[{n} // 10]
            return word if {n} % 10 == 0 else word + '-' + ones[{n} % 10]""",
             ("Numbers below twenty have their own names; above that the tens word is looked up and the units word "
             "added after a hyphen.")),
            (ones, f"""
            tens = {{2: 'twenty', 3: 'thirty', 4: 'forty', 5: 'fifty', 6: 'sixty', 7: 'seventy', 8: 'eighty',
                    9: 'ninety'}}
            if {n} < 20:
                return ones[{n}]
            t, u = divmod({n}, 10)
            if u == 0:
                return tens[t]
            return f'{{tens[t]}}-{{ones[u]}}'""", "`divmod(n, 10)` splits n into its tens and units digits."),
            (ones, f"""
            tens = 'twenty thirty forty fifty sixty seventy eighty ninety'.split()
            if {n} < 20:
                return ones[{n}]
            word = tens[{n} // 10 - 2]
            if {n} % 10:
                word += '-' + ones[{n} % 10]
            return word""", "The tens words start at twenty, so the tens digit minus 2 indexes them."),
            (ones, f"""
            tens = ['twenty', 'thirty', 'forty', 'fifty', 'sixty', 'seventy', 'eighty', 'ninety']
            if {n} >= 20:
                first = tens[{n} // 10 - 2]
                return first + ('-' + ones[{n} % 10] if {n} % 10 else '')
            return ones[{n}]""", ("From twenty on, the tens word comes first and a units word follows when the "
                                 "units digit is not zero.")),
            prefix=guard,
        )
        x.cases(lambda r: (r.randint(0, 99),), n=7)
    elif x.v == "clock_12h":
        t = x.param("time|hhmm|clock", "str")
        x.doc(f"Convert {t}, a 24-hour time 'HH:MM', to 12-hour form 'H:MM AM' or 'H:MM PM'. Midnight is "
              "'12:00 AM' and noon is '12:00 PM'.")
        x.form(
            (f"""
            hours, minutes = (int(part) for part in {t}.split(':'))
            suffix = 'AM' if hours < 12 else 'PM'
            hours = hours % 12 or 12
            return f'{{hours}}:{{minutes:02d}} {{suffix}}'""", ("`hours % 12` maps 13 to 1 and so on, and `or 12` turns "
                                                               "the resulting 0 into 12.")),
            (f"""
            hours, minutes = int({t}[:2]), {t}[3:]
            if hours == 0:
                return f'12:{{minutes}} AM'
            if hours < 12:
                return f'{{hours}}:{{minutes}} AM'
            if hours == 12:
                return f'12:{{minutes}} PM'
            return f'{{hours - 12}}:{{minutes}} PM'""", ("Midnight, the morning, noon and the afternoon are handled one "
                                                        "by one; the minutes are copied as written.")),
            (f"""
            hours, minutes = map(int, {t}.split(':'))
            suffix = 'PM' if hours >= 12 else 'AM'
            shown = hours - 12 if hours > 12 else (12 if hours == 0 else hours)
            return '{{}}:{{:02d}} {{}}'.format(shown, minutes, suffix)""", ("The hour shown is reduced by 12 in the "
                                                                          "afternoon, and midnight shows as 12.")),
            (f"""
            hours, minutes = {t}.split(':')
            h = int(hours)
            return f"{{(h - 1) % 12 + 1}}:{{minutes}} {{'AM' if h < 12 else 'PM'}}\"""",
             "`(h - 1) % 12 + 1` maps 0 to 12, 13 to 1 and leaves 1 to 12 alone."),
        )
        x.cases(lambda r: (f"{r.randint(0, 23):02d}:{r.randint(0, 59):02d}",), n=6)
        x.case("00:00")
    else:
        s = x.param("seconds|total|elapsed", "int")
        x.doc(f"Describe {s} seconds (s >= 0) as 'Hh MMm SSs', e.g. 3723 -> '1h 02m 03s'; when there are no whole "
              "hours, leave the hours out: 125 -> '2m 05s'.")
        guard = x.reject(f"{s} < 0", "a duration cannot be negative", f"Raise ValueError if {s} is negative.", (-5,))
        x.form(
            (f"""
            hours, rest = divmod({s}, 3600)
            minutes, secs = divmod(rest, 60)
            if hours:
                return f'{{hours}}h {{minutes:02d}}m {{secs:02d}}s'
            return f'{{minutes}}m {{secs:02d}}s'""", ("Two `divmod` calls split the seconds into hours, minutes and "
                                                     "seconds.")),
            (f"""
            hours = {s} // 3600
            minutes = {s} % 3600 // 60
            secs = {s} % 60
            if hours == 0:
                return f'{{minutes}}m {{secs:02d}}s'
            return f'{{hours}}h {{minutes:02d}}m {{secs:02d}}s'""", "Integer division and remainders give the parts."),
            (f"""
            minutes, secs = divmod({s}, 60)
            hours, minutes = divmod(minutes, 60)
            tail = f'{{secs:02d}}s'
            return f'{{hours}}h {{minutes:02d}}m ' + tail if hours > 0 else f'{{minutes}}m ' + tail""",
             "The seconds part is the same in both forms; only the front changes with the hours."),
            (f"""
            hours, rest = divmod({s}, 3600)
            minutes, secs = divmod(rest, 60)
            parts = [f'{{minutes:02d}}m' if hours else f'{{minutes}}m', f'{{secs:02d}}s']
            if hours:
                parts.insert(0, f'{{hours}}h')
            return ' '.join(parts)""", ("The parts are collected in a list and joined with spaces; the hours are "
                                       "added in front only when there are any.")),
            prefix=guard,
        )
        x.cases(lambda r: (r.choice([r.randint(0, 3599), r.randint(3600, 40000)]),), n=6)


@family(F, "Parsing structured text",
        V("key_values", "parse 'key=value' pairs separated by semicolons into a dictionary", "parse", "pairs|settings|config",
          names="parse_key_values"),
        V("csv_numbers", "parse a line of comma-separated integers, ignoring spaces and empty fields", "parse|read",
          "csv|numbers|csv_line", names="parse_int_list"),
        V("query", "parse a URL query string like 'a=1&b=2' into a dictionary of strings", "parse", "query|params",
          names="query_params"),
        V("sentences", "split text into sentences ending with '.', '!' or '?', stripped of spaces", "split",
          "sentences|into_sentences", names="sentences_of"))
def parsing(x: Ctx) -> None:
    s = x.param("text|line|raw|s", "str")
    if x.v in ("key_values", "query"):
        sep = ";" if x.v == "key_values" else "&"
        x.returns("dict[str, str]")
        x.doc(f"Parse {s}, made of 'key=value' items separated by '{sep}', into a dictionary of strings. Spaces "
              "around keys and values are removed, empty items are skipped, and a later key overrides an earlier one.")
        x.form(
            (f"""
            result = {{}}
            for item in {s}.split('{sep}'):
                if not item.strip():
                    continue
                key, _, value = item.partition('=')
                result[key.strip()] = value.strip()
            return result""", ("`split` cuts the text into items and `partition('=')` splits each item at its first "
                              "'='.")),
            (f"""
            pairs = [item.partition('=') for item in {s}.split('{sep}') if item.strip()]
            return {{key.strip(): value.strip() for key, _, value in pairs}}""",
             ("The items are partitioned first; a dictionary comprehension then builds the result, later keys "
             "overwriting earlier ones.")),
            (f"""
            result = {{}}
            for item in {s}.split('{sep}'):
                if item.strip() == '':
                    continue
                if '=' in item:
                    key, value = item.split('=', 1)
                else:
                    key, value = item, ''
                result[key.strip()] = value.strip()
            return result""", ("`split('=', 1)` splits at the first '=' only; an item without '=' gets an empty "
                              "value.")),
            (f"""
            result = {{}}
            for item in filter(str.strip, {s}.split('{sep}')):
                key, _, value = item.partition('=')
                result.update({{key.strip(): value.strip()}})
            return result""", "`filter(str.strip, ...)` drops the blank items before they are parsed."),
        )
        x.cases(lambda r: (sep.join(f"{r.choice(SHORT_WORDS[:6])}={r.randint(0, 99)}" for _ in range(r.randint(0, 4))),), n=6)
        x.case(f" mode = fast {sep}{sep} level=3 ")
    elif x.v == "csv_numbers":
        x.returns("list[int]")
        x.doc(f"Return the integers in {s}, a comma-separated line; spaces around fields are ignored and empty "
              "fields are skipped.")
        x.form(
            (f"return [int(field) for field in {s}.split(',') if field.strip()]",
             "`int` accepts surrounding whitespace, so only empty fields need filtering."),
            (f"""
            numbers = []
            for field in {s}.split(','):
                field = field.strip()
                if field:
                    numbers.append(int(field))
            return numbers""", "Each field is stripped of spaces; non-empty ones are converted."),
            (f"return list(map(int, filter(str.strip, {s}.split(','))))",
             "`filter(str.strip, ...)` keeps the fields that are not blank, and `map(int, ...)` converts them."),
            (f"return [int(field) for field in map(str.strip, {s}.split(',')) if field != '']",
             "The fields are stripped first, so a blank field becomes '' and is skipped."),
        )
        x.cases(lambda r: (",".join(r.choice([str(r.randint(-9, 99)), " " + str(r.randint(0, 9)) + " ", ""]) for _ in range(r.randint(1, 6))),), n=6)
    else:
        x.returns("list[str]")
        x.doc(f"Split {s} into sentences: each ends with '.', '!' or '?' (kept), and surrounding spaces are "
              "removed. Text after the last end mark is a final sentence if it is not blank.")
        x.form(
            (f"""
            sentences, current = [], ''
            for ch in {s}:
                current += ch
                if ch in '.!?':
                    sentences.append(current.strip())
                    current = ''
            if current.strip():
                sentences.append(current.strip())
            return sentences""", "Characters accumulate until an end mark closes the current sentence."),
            (f"""
            sentences = []
            start = 0
            for i, ch in enumerate({s}):
                if ch in '.!?':
                    sentences.append({s}[start:i + 1].strip())
                    start = i + 1
            rest = {s}[start:].strip()
            if rest:
                sentences.append(rest)
            return sentences""", "`start` remembers where the current sentence began; each end mark closes a slice."),
            (f"""
            import re
            parts = re.findall('[^.!?]*[.!?]|[^.!?]+$', {s})
            return [p.strip() for p in parts if p.strip()]""",
             ("The pattern matches a run of other characters ending in an end mark, or the unfinished text at the "
             "very end.")),
            (f"""
            sentences = []
            rest = {s}
            while True:
                ends = [i for i in (rest.find('.'), rest.find('!'), rest.find('?')) if i != -1]
                if not ends:
                    break
                end = min(ends)
                sentences.append(rest[:end + 1].strip())
                rest = rest[end + 1:]
            if rest.strip():
                sentences.append(rest.strip())
            return sentences""", ("The nearest end mark is found with `find`; the sentence up to it is cut off "
                                 "and the search goes on in the rest.")),
        )
        x.cases(lambda r: (" ".join(" ".join(r.sample(WORDS, r.randint(1, 3))).capitalize() + r.choice(".!?") for _ in range(r.randint(0, 3)))
                           + r.choice(["", " trailing words"]),), n=6)
