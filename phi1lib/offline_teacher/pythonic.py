"""Concept families on the language itself: comprehensions, generators, higher-order functions,
classes, exceptions, parsing and formatting text."""

from __future__ import annotations

from phi1lib.offline_teacher.base import CITIES, NAMES, SHORT_WORDS, WORDS, Ctx, V, canon_repr, family, ints

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
        x.body(f"return [v * v for v in {xs} if v % 2 != 0]")
        x.cases(lambda r: (ints(r, 0, 8, -9, 9),), n=6)
    elif x.v == "length_map":
        ws = x.param("words|names|items", "list[str]")
        x.returns("dict[str, int]")
        x.doc(f"Return a dictionary mapping each word of {ws} to its length.")
        x.body(f"return {{w: len(w) for w in {ws}}}")
        x.cases(lambda r: (r.sample(WORDS + SHORT_WORDS, r.randint(0, 5)),), n=6)
    elif x.v == "distinct_lengths":
        ws = x.param("words|names|items", "list[str]")
        x.returns("set[int]")
        x.doc(f"Return the set of the different lengths of the words in {ws}.")
        x.body(f"return {{len(w) for w in {ws}}}")
        x.cases(lambda r: (r.sample(WORDS + SHORT_WORDS, r.randint(0, 6)),), n=6)
    else:
        n = x.param("n|size|count", "int")
        x.returns("list[tuple[int, int]]")
        x.doc(f"Return every pair (i, j) of integers with 0 <= i < j < {n}, ordered by i and then by j.")
        x.body(f"return [(i, j) for i in range({n}) for j in range(i + 1, {n})]")
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
        x.body(f"return [[i * j for j in range(1, {n} + 1)] for i in range(1, {n} + 1)]")
    elif x.v == "checkerboard":
        x.doc(f"Return an {n} x {n} board as a list of rows of 0s and 1s: the top-left cell is 0 and cells that "
              "share an edge always differ.")
        x.body(f"return [[(r + c) % 2 for c in range({n})] for r in range({n})]")
    else:
        x.doc(f"Return {n} rows where row k (from 1) is the list [1, 2, ..., k].")
        x.body(f"return [list(range(1, k + 1)) for k in range(1, {n} + 1)]")
    x.explain("The outer comprehension makes the rows and the inner one the entries of each row.")
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
    if x.v == "cycle":
        xs, k = x.param("items|values|pattern", "list[int]"), x.param("k|count|total", "int")
        x.returns("Iterator[int]")
        x.imports("from typing import Iterator")
        x.doc(f"Yield the elements of the non-empty list {xs} over and over, stopping after {k} values in all.")
        x.body(f"""
            produced = 0
            while produced < {k}:
                for item in {xs}:
                    if produced == {k}:
                        return
                    yield item
                    produced += 1""")
        x.exprs(lambda r: f"list({f}({canon_repr(ints(r, 1, 3, 0, 9))}, {r.randint(0, 7)}))", n=5)
    else:
        n = x.param("n|limit|count", "int")
        x.returns("Iterator[int]")
        x.imports("from typing import Iterator")
        if x.v == "evens":
            x.doc(f"Yield the even numbers 0, 2, 4, ... that are at most {n}.")
            x.body(f"""
                value = 0
                while value <= {n}:
                    yield value
                    value += 2""")
        elif x.v == "fib":
            x.doc(f"Yield the first {n} Fibonacci numbers 0, 1, 1, 2, 3, ...")
            x.body(f"""
                a, b = 0, 1
                for _ in range({n}):
                    yield a
                    a, b = b, a + b""")
        else:
            x.doc(f"Yield {n}, {n} - 1, ..., 1 (nothing when {n} < 1).")
            x.body(f"""
                while {n} > 0:
                    yield {n}
                    {n} -= 1""")
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
            x.body(f"""
                for i in range(0, len({xs}), {k}):
                    yield tuple({xs}[i:i + {k}])""")
        else:
            x.doc(f"Yield each run of {k} consecutive elements of {xs} as a tuple, from left to right (k >= 1).")
            x.body(f"""
                for i in range(len({xs}) - {k} + 1):
                    yield tuple({xs}[i:i + {k}])""")
        x.exprs(lambda r: f"list({f}({canon_repr(ints(r, 0, 7, 0, 9))}, {r.randint(1, 3)}))", n=6)
    elif x.v == "take_while":
        lim = x.param("limit|bound|ceiling", "int")
        x.returns("Iterator[int]")
        x.doc(f"Yield the elements of {xs} from the start, stopping at the first one that is not below {lim}.")
        x.body(f"""
            for v in {xs}:
                if v >= {lim}:
                    break
                yield v""")
        x.exprs(lambda r: f"list({f}({canon_repr(ints(r, 0, 7, 0, 9))}, {r.randint(2, 9)}))", n=6)
    else:
        x.returns("Iterator[float]")
        x.doc(f"Yield, after each element of {xs}, the mean of the elements seen so far, rounded to 2 decimals.")
        x.body(f"""
            total = 0
            for count, v in enumerate({xs}, start=1):
                total += v
                yield round(total / count, 2)""")
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
        x.body(f"return [f'{{i}}: {{line}}' for i, line in enumerate({ls}, start={st})]")
        x.cases(lambda r: (r.sample(WORDS, r.randint(0, 4)),), n=4)
        x.cases(lambda r: (r.sample(WORDS, r.randint(1, 3)), r.randint(0, 10)), n=6)
    elif x.v == "zip_dict":
        ks, vs = x.param("keys|names|labels", "list[str]"), x.param("values|numbers|scores", "list[int]")
        x.returns("dict[str, int]")
        x.doc(f"Return a dictionary pairing each key of {ks} with the value at the same position of {vs}; extra "
              "items of the longer list are ignored.")
        x.body(f"return dict(zip({ks}, {vs}))")
        x.cases(lambda r: (r.sample(NAMES, r.randint(0, 4)), ints(r, 0, 4, 0, 99)), n=6)
    else:
        xs = x.param("values|readings|states", "list[int]")
        x.returns("list[int]")
        x.doc(f"Return the indices i >= 1 at which {xs}[i] differs from {xs}[i - 1].")
        x.body(f"return [i for i, (prev, cur) in enumerate(zip({xs}, {xs}[1:]), start=1) if prev != cur]")
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
        x.body(f"""
            for _ in range({n}):
                {v} = {fn}({v})
            return {v}""")
        x.exprs(lambda r: f"{f}({lam(r)}, {r.randint(-5, 9)}, {r.randint(0, 4)})", n=6)
    elif x.v == "compose":
        xs = x.param("items|values|numbers", "list[int]")
        g, h = x.param("first|inner|f", "Callable[[int], int]"), x.param("second|outer|g", "Callable[[int], int]")
        x.returns("list[int]")
        x.doc(f"Return a list with {h}({g}(v)) for every v of {xs}: {g} is applied first, then {h}.")
        x.body(f"return [{h}({g}(v)) for v in {xs}]")
        x.exprs(lambda r: f"{f}({canon_repr(ints(r, 0, 5, -5, 9))}, {lam(r)}, {lam(r)})", n=6)
    elif x.v == "count_if":
        xs, p = x.param("items|values|numbers", "list[int]"), x.param("predicate|test|keep|check", "Callable[[int], bool]")
        x.returns("int")
        x.doc(f"Return how many elements of {xs} make {p} return True.")
        x.body(f"return sum(1 for v in {xs} if {p}(v))")
        x.exprs(lambda r: f"{f}({canon_repr(ints(r, 0, 7, -5, 9))}, {pred(r)})", n=6)
    else:
        xs, p = x.param("items|values|numbers", "list[int]"), x.param("predicate|test|keep", "Callable[[int], bool]")
        x.returns("tuple[list[int], list[int]]")
        x.doc(f"Return (passing, failing): the elements of {xs} for which {p} is true, and the others, each in "
              "their original order.")
        x.body(f"""
            passing, failing = [], []
            for v in {xs}:
                (passing if {p}(v) else failing).append(v)
            return passing, failing""")
        x.exprs(lambda r: f"{f}({canon_repr(ints(r, 0, 7, -5, 9))}, {pred(r)})", n=6)
    x.explain("Functions are values in Python: they can be passed as arguments and called inside another "
              "function, and a `lambda` writes a small one inline.")


# --------------------------------------------------------------------------------------------------
# Classes: the prompt is the class line and docstring, the solution its methods.


def _ops(r, n: int, make) -> list:
    return [make(r) for _ in range(n)]


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
    if x.v == "stack":
        x.doc("A last-in, first-out stack. push(item) adds an item on top; pop() removes and returns the top "
              "item, or None when the stack is empty; peek() returns the top item without removing it (None "
              "when empty); size() returns the number of items.")
        x.body("""
            def __init__(self):
                self._items = []

            def push(self, item):
                self._items.append(item)

            def pop(self):
                return self._items.pop() if self._items else None

            def peek(self):
                return self._items[-1] if self._items else None

            def size(self):
                return len(self._items)""")
        ops = lambda r: r.choice([("stmt", f"{obj}.push({r.randint(0, 9)})")] * 3 + [("expr", f"{obj}.pop()"),
                                 ("expr", f"{obj}.peek()"), ("expr", f"{obj}.size()")])
    elif x.v == "queue":
        x.doc("A first-in, first-out queue. enqueue(item) adds an item at the back; dequeue() removes and "
              "returns the front item, or None when empty; len(queue) is the number of items waiting.")
        x.body("""
            def __init__(self):
                self._items = []
                self._head = 0

            def enqueue(self, item):
                self._items.append(item)

            def dequeue(self):
                if self._head == len(self._items):
                    return None
                item = self._items[self._head]
                self._head += 1
                return item

            def __len__(self):
                return len(self._items) - self._head""")
        ops = lambda r: r.choice([("stmt", f"{obj}.enqueue({r.choice(SHORT_WORDS)!r})")] * 3
                                 + [("expr", f"{obj}.dequeue()"), ("expr", f"len({obj})")])
    else:
        x.doc(f"Remembers the most recent items. {cls}(capacity) starts empty; add(item) appends an item and, "
              "once more than capacity items are held, drops the oldest; items() returns the held items, "
              "oldest first, as a list.")
        x.body("""
            def __init__(self, capacity):
                self.capacity = capacity
                self._items = []

            def add(self, item):
                self._items.append(item)
                if len(self._items) > self.capacity:
                    self._items.pop(0)

            def items(self):
                return list(self._items)""")
        ops = lambda r: r.choice([("stmt", f"{obj}.add({r.randint(0, 99)})")] * 2 + [("expr", f"{obj}.items()")])
    ctor = f"{obj} = {cls}({x.rng.randint(1, 4)})" if x.v == "bounded" else f"{obj} = {cls}()"
    for _ in range(4):
        steps = [("stmt", ctor)] + _ops(x.rng, x.rng.randint(3, 7), ops)
        if steps[-1][0] == "stmt":
            steps.append(("expr", f"{obj}.items()" if x.v == "bounded" else f"{obj}.pop()" if x.v == "stack" else f"{obj}.dequeue()"))
        x.scenario(*steps)
    x.n_examples = 1
    x.explain("The class keeps its data in a list attribute created in `__init__`; each method reads or "
              "changes that list, so the object remembers its state between calls.")


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
        x.doc(f"A bank account holding a whole-number balance. {cls}(balance=0) opens it; deposit(amount) adds "
              "a positive amount; withdraw(amount) subtracts it, raising ValueError (and changing nothing) if "
              "the balance is too small; the balance attribute holds the current balance.")
        x.body("""
            def __init__(self, balance=0):
                self.balance = balance

            def deposit(self, amount):
                self.balance += amount

            def withdraw(self, amount):
                if amount > self.balance:
                    raise ValueError('insufficient funds')
                self.balance -= amount""")
        for _ in range(4):
            steps = [("stmt", f"{o} = {cls}({x.rng.randint(0, 50)})")]
            for _ in range(x.rng.randint(2, 4)):
                steps.append(("stmt", f"{o}.deposit({x.rng.randint(1, 30)})"))
            steps.append(("raises", f"{o}.withdraw(1000)", "ValueError"))
            steps.append(("stmt", f"{o}.withdraw({x.rng.randint(0, 20)})"))
            steps.append(("expr", f"{o}.balance"))
            x.scenario(*steps)
    elif x.v == "counter":
        x.doc(f"Counts up to a limit. {cls}(maximum) starts at 0; increment() adds one and returns the new value, "
              "raising OverflowError instead when the value is already at the maximum; reset() sets it back to "
              "0; the value attribute holds the current count.")
        x.body("""
            def __init__(self, maximum):
                self.maximum = maximum
                self.value = 0

            def increment(self):
                if self.value >= self.maximum:
                    raise OverflowError('counter at maximum')
                self.value += 1
                return self.value

            def reset(self):
                self.value = 0""")
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
        x.body(f"""
            LOW, HIGH = {lo}, {hi}

            def __init__(self, target):
                self.target = min(max(target, self.LOW), self.HIGH)

            def set(self, value):
                self.target = min(max(value, self.LOW), self.HIGH)

            def raise_by(self, delta):
                self.set(self.target + delta)""")
        for _ in range(5):
            steps = [("stmt", f"{o} = {cls}({x.rng.randint(0, 40)})"), ("expr", f"{o}.target")]
            steps += [("stmt", f"{o}.raise_by({x.rng.randint(-12, 12)})"), ("expr", f"{o}.target"),
                      ("stmt", f"{o}.set({x.rng.randint(0, 40)})"), ("expr", f"{o}.target")]
            x.scenario(*steps)
    x.n_examples = 1
    x.explain("The methods are the only way the state changes, so they can enforce its rules: raising an "
              "exception refuses an invalid change, clamping corrects it.")


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
    if x.v == "vector":
        x.doc(f"A 2D vector. {cls}(x, y); v + w adds component-wise; v.scale(k) returns a new vector multiplied "
              f"by k; vectors are equal when both components are; repr(v) looks like '{cls}(1, 2)'.")
        x.body(f"""
            def __init__(self, x, y):
                self.x, self.y = x, y

            def __add__(self, other):
                return {cls}(self.x + other.x, self.y + other.y)

            def scale(self, k):
                return {cls}(self.x * k, self.y * k)

            def __eq__(self, other):
                return isinstance(other, {cls}) and (self.x, self.y) == (other.x, other.y)

            def __repr__(self):
                return f'{cls}({{self.x}}, {{self.y}})'""")
        v = lambda: f"{cls}({r.randint(-5, 9)}, {r.randint(-5, 9)})"
        for _ in range(5):
            x.scenario(("expr", f"repr({v()} + {v()})"), ("expr", f"{v()}.scale({r.randint(-2, 3)}) == {v()}"),
                       ("expr", f"repr({v()}.scale({r.randint(0, 3)}))"))
    elif x.v == "money":
        x.doc(f"An amount of money stored in whole cents. {cls}(cents); a + b adds amounts; ==  and < compare "
              "them; str(m) shows dollars with two decimals, like '$3.05'.")
        x.body(f"""
            def __init__(self, cents):
                self.cents = cents

            def __add__(self, other):
                return {cls}(self.cents + other.cents)

            def __eq__(self, other):
                return isinstance(other, {cls}) and self.cents == other.cents

            def __lt__(self, other):
                return self.cents < other.cents

            def __str__(self):
                return f'${{self.cents // 100}}.{{self.cents % 100:02d}}'""")
        m = lambda: f"{cls}({r.randint(0, 2000)})"
        for _ in range(5):
            x.scenario(("expr", f"str({m()} + {m()})"), ("expr", f"{m()} < {m()}"), ("expr", f"str({m()})"))
    else:
        x.doc(f"A fraction kept in lowest terms with a positive denominator. {cls}(num, den) with den != 0; "
              "the attributes num and den hold the reduced parts; a * b multiplies; fractions with equal "
              "reduced parts are equal.")
        x.body(f"""
            def __init__(self, num, den):
                if den < 0:
                    num, den = -num, -den
                a, b = abs(num), den
                while b:
                    a, b = b, a % b
                self.num, self.den = num // a if a else 0, den // a if a else 1

            def __mul__(self, other):
                return {cls}(self.num * other.num, self.den * other.den)

            def __eq__(self, other):
                return isinstance(other, {cls}) and (self.num, self.den) == (other.num, other.den)""")
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
        x.body("""
            def __init__(self):
                self._stock = {}

            def add(self, name, qty):
                self._stock[name] = self._stock.get(name, 0) + qty

            def remove(self, name, qty):
                if self._stock.get(name, 0) < qty:
                    raise ValueError(f'not enough {name}')
                self._stock[name] -= qty

            def count(self, name):
                return self._stock.get(name, 0)

            def names(self):
                return sorted(n for n, q in self._stock.items() if q > 0)""")
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
        x.body("""
            def __init__(self):
                self._scores = {}

            def add(self, student, score):
                self._scores.setdefault(student, []).append(score)

            def average(self, student):
                scores = self._scores.get(student)
                if not scores:
                    return None
                return round(sum(scores) / len(scores), 1)

            def best(self):
                if not self._scores:
                    return None
                return min(self._scores, key=lambda s: (-sum(self._scores[s]) / len(self._scores[s]), s))""")
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
        x.body("""
            def __init__(self):
                self._votes = {}

            def vote(self, option):
                self._votes[option] = self._votes.get(option, 0) + 1

            def count(self, option):
                return self._votes.get(option, 0)

            def winner(self):
                best = None
                for option, n in self._votes.items():
                    if best is None or n > self._votes[best]:
                        best = option
                return best""")
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
    if x.v == "rectangle":
        x.doc(f"A rectangle with integer sides. {cls}(width, height); area() and perimeter() return the area and "
              "the perimeter; is_square() says whether both sides are equal; scale(k) returns a new rectangle "
              "with both sides multiplied by k.")
        x.body(f"""
            def __init__(self, width, height):
                self.width, self.height = width, height

            def area(self):
                return self.width * self.height

            def perimeter(self):
                return 2 * (self.width + self.height)

            def is_square(self):
                return self.width == self.height

            def scale(self, k):
                return {cls}(self.width * k, self.height * k)""")
        for _ in range(5):
            w, h = r.randint(1, 9), r.choice([r.randint(1, 9), None])
            h = w if h is None else h
            x.scenario(("stmt", f"shape = {cls}({w}, {h})"), ("expr", "shape.area()"), ("expr", "shape.perimeter()"),
                       ("expr", "shape.is_square()"), ("expr", f"shape.scale({r.randint(2, 4)}).area()"))
    elif x.v == "temperature":
        x.doc(f"A temperature stored in degrees Celsius. {cls}(celsius); the property fahrenheit returns "
              "celsius * 9 / 5 + 32, and assigning to it stores the matching Celsius value (rounded to 2 "
              "decimals); is_freezing() is True at or below 0 degrees Celsius.")
        x.body("""
            def __init__(self, celsius):
                self.celsius = celsius

            @property
            def fahrenheit(self):
                return self.celsius * 9 / 5 + 32

            @fahrenheit.setter
            def fahrenheit(self, value):
                self.celsius = round((value - 32) * 5 / 9, 2)

            def is_freezing(self):
                return self.celsius <= 0""")
        for _ in range(5):
            x.scenario(("stmt", f"t = {cls}({r.randint(-20, 40)})"), ("expr", "t.fahrenheit"), ("expr", "t.is_freezing()"),
                       ("stmt", f"t.fahrenheit = {r.randint(-4, 104)}"), ("expr", "t.celsius"))
    else:
        x.doc(f"A length of time in whole seconds. {cls}(seconds); parts() returns (hours, minutes, seconds); "
              f"a + b returns a new {cls} with the total; str(d) looks like '1:02:03' (hours unpadded, minutes and "
              "seconds two digits).")
        x.body(f"""
            def __init__(self, seconds):
                self.seconds = seconds

            def parts(self):
                hours, rest = divmod(self.seconds, 3600)
                minutes, seconds = divmod(rest, 60)
                return hours, minutes, seconds

            def __add__(self, other):
                return {cls}(self.seconds + other.seconds)

            def __str__(self):
                h, m, s = self.parts()
                return f'{{h}}:{{m:02d}}:{{s:02d}}'""")
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
        x.body(f"""
            n = int({s}.strip())
            if n <= 0:
                raise ValueError(f'expected a positive number, got {{n}}')
            return n""")
        x.cases(lambda r: (r.choice([str(r.randint(1, 500)), f" {r.randint(1, 99)} "]),), n=4)
        for bad in x.rng.sample(["0", "-3", "abc", "", "4.5", "-10"], 2):
            x.raises("ValueError", bad)
    elif x.v == "average":
        xs = x.param("values|numbers|data", "list[float]")
        x.returns("float")
        x.doc(f"Return the mean of {xs}. Raise ValueError when {xs} is empty, since an average of nothing is "
              "undefined.")
        x.body(f"""
            if not {xs}:
                raise ValueError('cannot average an empty list')
            return sum({xs}) / len({xs})""")
        x.cases(lambda r: (ints(r, 1, 5, 0, 20),), n=4)
        x.raises("ValueError", [])
    else:
        rec, req = x.param("record|row|data|entry", "dict"), x.param("required|fields|keys", "list[str]")
        x.returns("None")
        x.doc(f"Check that every key listed in {req} is present in {rec}. Return None if so; otherwise raise "
              "KeyError with the first missing key.")
        x.body(f"""
            for key in {req}:
                if key not in {rec}:
                    raise KeyError(key)""")
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
        x.body(f"""
            result = []
            for text in {xs}:
                try:
                    result.append(int(text))
                except ValueError:
                    continue
            return result""")
        x.cases(lambda r: ([r.choice([str(r.randint(-50, 50)), r.choice(SHORT_WORDS), "3.5", ""]) for _ in range(r.randint(0, 6))],), n=6)
    elif x.v == "safe_divide":
        a, b = x.param("a|numerator|top", "float"), x.param("b|denominator|bottom", "float")
        x.returns("float | None")
        x.doc(f"Return {a} / {b}, or None when {b} is zero.")
        x.body(f"""
            try:
                return {a} / {b}
            except ZeroDivisionError:
                return None""")
        x.cases(lambda r: (r.randint(-20, 20), r.choice([0, r.randint(1, 8), -r.randint(1, 4)])), n=6)
    elif x.v == "lookup_all":
        xs, idx = x.param("items|values|data", "list[int]"), x.param("indices|positions|wanted", "list[int]")
        d = x.param("default|missing|fallback", "int", default=x.pick([0, -1]))
        x.returns("list[int]")
        x.doc(f"Return [{xs}[i] for i in {idx}], using {d} for any index that is out of range (negative indices "
              "count from the end as usual).")
        x.body(f"""
            result = []
            for i in {idx}:
                try:
                    result.append({xs}[i])
                except IndexError:
                    result.append({d})
            return result""")
        x.cases(lambda r: (ints(r, 0, 5, 0, 99), [r.randint(-6, 6) for _ in range(r.randint(0, 4))]), n=6)
    else:
        xs = x.param("texts|items|raw", "list[str]")
        x.returns("int")
        x.doc(f"Return how many strings of {xs} cannot be converted by float().")
        x.body(f"""
            bad = 0
            for text in {xs}:
                try:
                    float(text)
                except ValueError:
                    bad += 1
            return bad""")
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
        x.body(x.pick([f"return f'{{{n}:,}}'", f"""
            digits = str(abs({n}))
            groups = []
            while digits:
                groups.insert(0, digits[-3:])
                digits = digits[:-3]
            return ('-' if {n} < 0 else '') + ','.join(groups)"""]))
        x.cases(lambda r: (r.choice([r.randint(0, 999), r.randint(1000, 10 ** 7), -r.randint(1000, 10 ** 6)]),), n=6)
    elif x.v == "ordinal":
        x.doc(f"Return {n} (n >= 1) followed by its English ordinal suffix: 'st', 'nd', 'rd' or 'th'. Numbers "
              "ending in 11, 12 or 13 always take 'th'.")
        x.body(f"""
            if {n} % 100 in (11, 12, 13):
                return f'{{{n}}}th'
            return f'{{{n}}}' + {{1: 'st', 2: 'nd', 3: 'rd'}}.get({n} % 10, 'th')""")
        x.cases(lambda r: (r.choice([r.randint(1, 30), r.randint(100, 125), r.randint(1, 1000)]),), n=7)
    elif x.v == "percent":
        x.doc(f"Return the ratio {n} (0.25 means a quarter) as a percentage string with one decimal place and "
              "a percent sign.")
        x.body(f"return f'{{{n} * 100:.1f}}%'")
        x.cases(lambda r: (r.choice([r.randint(0, 100) / 100, r.randint(0, 1000) / 1000, r.randint(0, 8) / 8]),), n=6)
    else:
        x.doc(f"Return {n} cents (n >= 0) as a dollar amount: a '$', the dollars with commas between thousands, "
              "a dot and exactly two digits of cents.")
        x.body(f"""
            dollars, cents = divmod({n}, 100)
            return f'${{dollars:,}}.{{cents:02d}}'""")
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
        x.body(f"""
            if not {ws}:
                return ''
            if len({ws}) == 1:
                return {ws}[0]
            return ', '.join({ws}[:-1]) + ' and ' + {ws}[-1]""")
        x.cases(lambda r: (r.sample(CITIES, r.randint(0, 4)),), n=6)
    elif x.v == "table":
        rows = x.param("rows|items|entries", "list[tuple[str, int]]")
        x.returns("str")
        x.doc(f"Return the (name, number) pairs of {rows} as lines joined by newlines. Each line is the name "
              "padded on the right to the longest name's width, one space, then the number right-aligned to the "
              "widest number's width.")
        x.body(f"""
            if not {rows}:
                return ''
            name_w = max(len(name) for name, _ in {rows})
            num_w = max(len(str(n)) for _, n in {rows})
            return '\\n'.join(f'{{name:<{{name_w}}}} {{n:>{{num_w}}}}' for name, n in {rows})""")
        x.cases(lambda r: ([(c, r.choice([r.randint(0, 9), r.randint(10, 9999)])) for c in r.sample(CITIES, r.randint(0, 3))],), n=6)
    elif x.v == "box":
        s = x.param("text|label|title", "str")
        x.returns("str")
        x.doc(f"Return three lines joined by newlines: a border '+---+' as wide as {s} plus two, the line '|' + "
              f"{s} + '|', and the border again.")
        x.body(f"""
            border = '+' + '-' * len({s}) + '+'
            return '\\n'.join([border, '|' + {s} + '|', border])""")
        x.cases(lambda r: (r.choice(WORDS + CITIES + [""]),), n=5)
    else:
        ws, w = x.param("words|tokens|items", "list[str]"), x.param("width|limit|line_width", "int")
        x.returns("list[str]")
        x.doc(f"Greedily pack {ws} into lines of at most {w} characters with single spaces between words; a word "
              f"longer than {w} goes on a line of its own. Return the lines.")
        x.body(f"""
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
            return lines""")
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
        x.body(f"""
            ones = ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten',
                    'eleven', 'twelve', 'thirteen', 'fourteen', 'fifteen', 'sixteen', 'seventeen', 'eighteen',
                    'nineteen']
            tens = ['', '', 'twenty', 'thirty', 'forty', 'fifty', 'sixty', 'seventy', 'eighty', 'ninety']
            if {n} < 20:
                return ones[{n}]
            word = tens[{n} // 10]
            return word if {n} % 10 == 0 else word + '-' + ones[{n} % 10]""")
        x.explain("Numbers below twenty have their own names; above that the tens word is looked up and the "
                  "units word added after a hyphen.")
        x.cases(lambda r: (r.randint(0, 99),), n=7)
    elif x.v == "clock_12h":
        t = x.param("time|hhmm|clock", "str")
        x.doc(f"Convert {t}, a 24-hour time 'HH:MM', to 12-hour form 'H:MM AM' or 'H:MM PM'. Midnight is "
              "'12:00 AM' and noon is '12:00 PM'.")
        x.body(f"""
            hours, minutes = (int(part) for part in {t}.split(':'))
            suffix = 'AM' if hours < 12 else 'PM'
            hours = hours % 12 or 12
            return f'{{hours}}:{{minutes:02d}} {{suffix}}'""")
        x.explain("`hours % 12` maps 13 to 1 and so on, and `or 12` turns the resulting 0 into 12.")
        x.cases(lambda r: (f"{r.randint(0, 23):02d}:{r.randint(0, 59):02d}",), n=6)
        x.case("00:00")
    else:
        s = x.param("seconds|total|elapsed", "int")
        x.doc(f"Describe {s} seconds (s >= 0) as 'Hh MMm SSs', e.g. 3723 -> '1h 02m 03s'; when there are no whole "
              "hours, leave the hours out: 125 -> '2m 05s'.")
        x.body(f"""
            hours, rest = divmod({s}, 3600)
            minutes, secs = divmod(rest, 60)
            if hours:
                return f'{{hours}}h {{minutes:02d}}m {{secs:02d}}s'
            return f'{{minutes}}m {{secs:02d}}s'""")
        x.explain("Two `divmod` calls split the seconds into hours, minutes and seconds.")
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
        x.body(f"""
            result = {{}}
            for item in {s}.split('{sep}'):
                if not item.strip():
                    continue
                key, _, value = item.partition('=')
                result[key.strip()] = value.strip()
            return result""")
        x.explain("`split` cuts the text into items and `partition('=')` splits each item at its first '='.")
        x.cases(lambda r: (sep.join(f"{r.choice(SHORT_WORDS[:6])}={r.randint(0, 99)}" for _ in range(r.randint(0, 4))),), n=6)
        x.case(f" mode = fast {sep}{sep} level=3 ")
    elif x.v == "csv_numbers":
        x.returns("list[int]")
        x.doc(f"Return the integers in {s}, a comma-separated line; spaces around fields are ignored and empty "
              "fields are skipped.")
        x.body(f"return [int(field) for field in {s}.split(',') if field.strip()]")
        x.explain("`int` accepts surrounding whitespace, so only empty fields need filtering.")
        x.cases(lambda r: (",".join(r.choice([str(r.randint(-9, 99)), " " + str(r.randint(0, 9)) + " ", ""]) for _ in range(r.randint(1, 6))),), n=6)
    else:
        x.returns("list[str]")
        x.doc(f"Split {s} into sentences: each ends with '.', '!' or '?' (kept), and surrounding spaces are "
              "removed. Text after the last end mark is a final sentence if it is not blank.")
        x.body(f"""
            sentences, current = [], ''
            for ch in {s}:
                current += ch
                if ch in '.!?':
                    sentences.append(current.strip())
                    current = ''
            if current.strip():
                sentences.append(current.strip())
            return sentences""")
        x.explain("Characters accumulate until an end mark closes the current sentence.")
        x.cases(lambda r: (" ".join(" ".join(r.sample(WORDS, r.randint(1, 3))).capitalize() + r.choice(".!?") for _ in range(r.randint(0, 3)))
                           + r.choice(["", " trailing words"]),), n=6)
