"""Concept families on writing classes, beyond the containers and records of `pythonic`: a class that
keeps a history, one structure built from another, grids, state machines, line items, class
attributes, objects that compare and sort, the container protocol (len, in, [], for), geometric
shapes, subclasses of built-in types, iterator classes, and classes that summarise a stream.

The prompt is the class line and its docstring; the solution is the methods; the tests are scenarios
(a few statements and expressions run in order). Most variants have two or three implementations
(different storage or a different way to compute a method) that satisfy the same contract."""

from __future__ import annotations

import re
import textwrap

from phi1lib.teacher.offline.base import CITIES, NAMES, SHORT_WORDS, Ctx, V, family

K = "classes"


def _methods(*parts: str) -> str:
    """Pieces of a class body (each dedented on its own) joined with a blank line between them."""
    return "\n\n".join(textwrap.dedent(p).strip("\n") for p in parts if p.strip())


def _finish(x: Ctx, scenarios: list[list[tuple]], explanation: str) -> None:
    for steps in scenarios:
        x.scenario(*steps)
    x.n_examples = 1
    x.explain(explanation)


# --------------------------------------------------------------------------------------------------


@family(K, "A class that keeps a history",
        V("ledger", "write a Ledger class whose deposits and withdrawals are recorded, refusing bad amounts "
          "and overdrafts with ValueError", "Ledger", names="Ledger|Passbook|AccountBook"),
        V("undo_counter", "write an UndoCounter class whose additions can be undone one at a time", "UndoCounter",
          names="UndoCounter|Tally|StepCounter"))
def history_class(x: Ctx) -> None:
    x.as_class()
    cls, o, r = x.name, x.local("acct|book|obj|item"), x.rng
    hist = x.pick(["_history", "_log", "_entries"])
    if x.v == "ledger":
        x.doc(x.pick([
            (f"A ledger that remembers every transaction. {cls}(balance=0) opens it with a starting balance. "
             "deposit(amount) and withdraw(amount) raise ValueError when the amount is not positive; withdraw "
             "also raises ValueError when the amount is larger than the balance. A refused transaction changes "
             "nothing. The balance attribute holds the current balance, and history() returns the accepted "
             "transactions in order as a new list: deposits as positive numbers, withdrawals as negative ones."),
            (f"Records deposits and withdrawals. Rules: amounts must be positive (ValueError otherwise); a "
             "withdrawal may not exceed the balance (ValueError); refused transactions leave no trace. "
             f"{cls}(balance=0) sets the opening balance, `balance` is the current balance and history() is the "
             "list of accepted amounts, withdrawals written with a minus sign.")]))
        form = x.pick(["stored", "property"])
        check = x.pick(["""
            def _check(self, amount):
                if amount <= 0:
                    raise ValueError('amount must be positive')
        """, ""])
        guard = "self._check(amount)" if check else ("if amount <= 0:\n    raise ValueError('amount must be "
                                                   "positive')")
        g = ("\n" + " " * 16).join(textwrap.indent(guard, "    ").split("\n"))  # continuation lines at the
        chk = ("\n" + " " * 16).join(textwrap.dedent(check).strip("\n").split("\n"))  # template's indentation
        if form == "stored":
            body = f"""
                def __init__(self, balance=0):
                    self.balance = balance
                    self.{hist} = []

                {chk}

                def deposit(self, amount):
                {g}
                    self.balance += amount
                    self.{hist}.append(amount)

                def withdraw(self, amount):
                {g}
                    if amount > self.balance:
                        raise ValueError('insufficient funds')
                    self.balance -= amount
                    self.{hist}.append(-amount)

                def history(self):
                    return list(self.{hist})"""
        else:
            body = f"""
                def __init__(self, balance=0):
                    self._opening = balance
                    self.{hist} = []

                {chk}

                @property
                def balance(self):
                    return self._opening + sum(self.{hist})

                def deposit(self, amount):
                {g}
                    self.{hist}.append(amount)

                def withdraw(self, amount):
                {g}
                    if amount > self.balance:
                        raise ValueError('insufficient funds')
                    self.{hist}.append(-amount)

                def history(self):
                    return self.{hist}[:]"""
        x.body(re.sub(r"\n{3,}", "\n\n", textwrap.dedent(body)))
        scen = []
        for _ in range(4):
            bal = r.choice([0, 0, r.randint(1, 50)])
            steps = [("stmt", f"{o} = {cls}({bal})")]
            for _ in range(r.randint(1, 3)):
                amount = r.randint(1, 40)
                bal += amount
                steps.append(("stmt", f"{o}.deposit({amount})"))
            steps.append(("raises", f"{o}.withdraw({r.randint(200, 500)})", "ValueError"))
            steps.append(("raises", f"{o}.deposit({r.choice([0, -5])})", "ValueError"))
            steps.append(("stmt", f"{o}.withdraw({r.randint(1, bal)})"))
            steps += [("expr", f"{o}.balance"), ("expr", f"{o}.history()")]
            scen.append(steps)
        _finish(x, scen, "Every accepted transaction is appended to a list, so the history is available later; "
                "the checks run before anything is changed, which is why a refused transaction leaves no "
                "trace. The balance can be stored and updated, or computed from the history when asked for.")
    else:
        rule = x.pick(["false", "raise"])
        said = ("returns False and changes nothing" if rule == "false" else "raises IndexError")
        x.doc(x.pick([
            (f"A counter whose changes can be undone. {cls}() starts at 0; add(n) adds n (which may be negative) "
             "to the value attribute; undo() reverts the most recent add that has not been undone yet and returns "
             f"True; when there is nothing left to undo it {said}."),
            (f"Counts with an undo button. The value attribute starts at 0. add(n) changes it by n. undo() takes "
             f"back the last remaining add (several undos go back several steps) and returns True; with no add to "
             f"take back, undo() {said}.")]))
        empty = "return False" if rule == "false" else "raise IndexError('nothing to undo')"
        form = x.pick(["steps", "values"])
        if form == "steps":
            x.body(f"""
                def __init__(self):
                    self.value = 0
                    self.{hist} = []

                def add(self, n):
                    self.value += n
                    self.{hist}.append(n)

                def undo(self):
                    if not self.{hist}:
                        {empty}
                    self.value -= self.{hist}.pop()
                    return True""")
        else:
            x.body(f"""
                def __init__(self):
                    self.value = 0
                    self.{hist} = []

                def add(self, n):
                    self.{hist}.append(self.value)
                    self.value = self.value + n

                def undo(self):
                    if len(self.{hist}) == 0:
                        {empty}
                    self.value = self.{hist}.pop()
                    return True""")
        scen = []
        for k in range(4):
            steps = [("stmt", f"{o} = {cls}()")]
            adds = r.randint(1, 4)
            steps += [("stmt", f"{o}.add({r.randint(-5, 12)})") for _ in range(adds)]
            steps.append(("expr", f"{o}.value"))
            steps += [("expr", f"{o}.undo()")] * r.randint(1, adds) + [("expr", f"{o}.value")]
            if k == 3:  # nothing left to undo on a fresh counter
                steps += [("stmt", f"{o} = {cls}()"), ("expr", f"{o}.undo()") if rule == "false" else
                          ("raises", f"{o}.undo()", "IndexError"), ("expr", f"{o}.value")]
            scen.append(steps)
        _finish(x, scen, "Undo needs memory: each add pushes what it changed (the amount, or the old value) on a "
                "list used as a stack, and undo pops the most recent entry, so changes are taken back in the "
                "reverse order in which they were made.")


@family(K, "Building one structure from another",
        V("two_stack_queue", "write a queue class that stores its items in two stacks", "StackQueue",
          names="StackQueue|TwoStackQueue|PairQueue"),
        V("min_stack", "write a stack class that can also report its smallest item at any time", "MinStack",
          names="MinStack|TrackingStack|LowStack"),
        V("sorted_bag", "write a class that keeps numbers in sorted order as they are added", "SortedBag",
          names="SortedBag|OrderedBag|RankedList"))
def composite_structures(x: Ctx) -> None:
    x.as_class()
    cls, o, r = x.name, x.local("q|s|bag|box"), x.rng
    scen = []
    if x.v == "two_stack_queue":
        inbox, outbox = x.pick([("_in", "_out"), ("_back", "_front"), ("_incoming", "_outgoing")])
        x.doc(x.pick([
            ("A first-in, first-out queue built from two lists used only as stacks (append and pop at the end). "
             "enqueue(item) adds an item at the back; dequeue() removes and returns the front item; peek() "
             "returns it without removing it; both raise IndexError when the queue is empty; len(q) is the number "
             "of items."),
            ("A FIFO queue made of two stacks: new items are pushed on one stack, and when the front is needed "
             "and the other stack is empty, all items are popped over to it, which reverses their order. "
             "Methods: enqueue(item), dequeue() and peek() (IndexError when empty) and len().")]))
        pad = " " * 20
        shift = x.pick([f"if not self.{outbox}:\n{pad}while self.{inbox}:\n{pad}    self.{outbox}.append(self.{inbox}.pop())",
                        f"if not self.{outbox}:\n{pad}self.{outbox} = self.{inbox}[::-1]\n{pad}self.{inbox} = []"])
        x.body(f"""
            def __init__(self):
                self.{inbox} = []
                self.{outbox} = []

            def enqueue(self, item):
                self.{inbox}.append(item)

            def _shift(self):
                {shift}

            def dequeue(self):
                self._shift()
                if not self.{outbox}:
                    raise IndexError('empty queue')
                return self.{outbox}.pop()

            def peek(self):
                self._shift()
                if not self.{outbox}:
                    raise IndexError('empty queue')
                return self.{outbox}[-1]

            def __len__(self):
                return len(self.{inbox}) + len(self.{outbox})""")
        for _ in range(4):
            steps, size = [("stmt", f"{o} = {cls}()")], 0
            for _ in range(r.randint(4, 8)):
                if size and r.random() < 0.4:
                    steps.append(("expr", r.choice([f"{o}.dequeue()", f"{o}.peek()", f"len({o})"])))
                    size -= steps[-1][1].endswith("dequeue()")
                else:
                    steps.append(("stmt", f"{o}.enqueue({r.choice(SHORT_WORDS)!r})"))
                    size += 1
            steps += [("expr", f"len({o})")] + [("expr", f"{o}.dequeue()")] * size
            steps.append(("raises", f"{o}.dequeue()", "IndexError"))
            scen.append(steps)
        expl = ("Popping everything from one stack onto the other reverses the order, turning last-in-first-out "
                "into first-in-first-out; items are moved only when the front stack is empty, so each item is "
                "moved at most once.")
    elif x.v == "min_stack":
        x.doc(x.pick([
            ("A stack that knows its minimum. push(item) adds a number on top; pop() removes and returns the top "
             "number; top() returns it without removing it; min() returns the smallest number currently on the "
             "stack. pop, top and min raise IndexError on an empty stack; len(s) is the number of items."),
            ("A last-in, first-out stack of numbers with a min() method that always reports the smallest number "
             "still on the stack, also after pops. Methods: push(item), pop(), top(), min() (the last three raise "
             "IndexError when the stack is empty) and len().")]))
        form = x.pick(["two_lists", "pairs", "scan"])
        if form == "two_lists":
            x.body("""
                def __init__(self):
                    self._items = []
                    self._mins = []

                def push(self, item):
                    self._items.append(item)
                    self._mins.append(item if not self._mins else min(item, self._mins[-1]))

                def pop(self):
                    if not self._items:
                        raise IndexError('empty stack')
                    self._mins.pop()
                    return self._items.pop()

                def top(self):
                    if not self._items:
                        raise IndexError('empty stack')
                    return self._items[-1]

                def min(self):
                    if not self._mins:
                        raise IndexError('empty stack')
                    return self._mins[-1]

                def __len__(self):
                    return len(self._items)""")
        elif form == "pairs":
            x.body("""
                def __init__(self):
                    self._pairs = []

                def push(self, item):
                    low = min(item, self._pairs[-1][1]) if self._pairs else item
                    self._pairs.append((item, low))

                def _last(self):
                    if not self._pairs:
                        raise IndexError('empty stack')
                    return self._pairs[-1]

                def pop(self):
                    self._last()
                    return self._pairs.pop()[0]

                def top(self):
                    return self._last()[0]

                def min(self):
                    return self._last()[1]

                def __len__(self):
                    return len(self._pairs)""")
        else:
            x.body("""
                def __init__(self):
                    self.items = []

                def push(self, item):
                    self.items.append(item)

                def pop(self):
                    if not self.items:
                        raise IndexError('empty stack')
                    return self.items.pop()

                def top(self):
                    if not self.items:
                        raise IndexError('empty stack')
                    return self.items[-1]

                def min(self):
                    if not self.items:
                        raise IndexError('empty stack')
                    return min(self.items)

                def __len__(self):
                    return len(self.items)""")
        for _ in range(4):
            steps, size = [("stmt", f"{o} = {cls}()")], 0
            for _ in range(r.randint(4, 8)):
                if size and r.random() < 0.45:
                    steps.append(("expr", r.choice([f"{o}.pop()", f"{o}.min()", f"{o}.top()"])))
                    size -= steps[-1][1].endswith("pop()")
                else:
                    steps.append(("stmt", f"{o}.push({r.randint(-9, 30)})"))
                    size += 1
            steps += [("expr", f"len({o})")] + [("expr", f"{o}.min()"), ("expr", f"{o}.pop()")] * size
            steps.append(("raises", f"{o}.min()", "IndexError"))
            scen.append(steps)
        expl = ("Remembering, next to every item, the minimum of the stack at the moment it was pushed makes "
                "min() a simple lookup that stays right after pops; scanning all items also works but costs a "
                "pass over the stack each time.")
    else:
        x.doc(x.pick([
            ("Keeps numbers in increasing order. add(value) inserts a number (repeats allowed); remove(value) "
             "removes one copy, raising ValueError if the value is not present; items() returns the numbers in "
             "increasing order as a new list; smallest() and largest() return the extreme values, or None when "
             "the bag is empty."),
            (f"A sorted collection of numbers. {cls}() is empty. add(value) puts a number in its place so the "
             "numbers stay sorted; remove(value) takes one copy out (ValueError when there is none); items() is a "
             "sorted list copy; smallest() and largest() give None for an empty bag.")]))
        form = x.pick(["walk", "sort", "bisect"])
        add = {"walk": """
            def add(self, value):
                i = 0
                while i < len(self._items) and self._items[i] <= value:
                    i += 1
                self._items.insert(i, value)""", "sort": """
            def add(self, value):
                self._items.append(value)
                self._items.sort()""", "bisect": """
            def add(self, value):
                lo, hi = 0, len(self._items)
                while lo < hi:
                    mid = (lo + hi) // 2
                    if self._items[mid] <= value:
                        lo = mid + 1
                    else:
                        hi = mid
                self._items.insert(lo, value)"""}[form]
        x.body(_methods("""
            def __init__(self):
                self._items = []
            """, add, """
            def remove(self, value):
                if value not in self._items:
                    raise ValueError(f'{value} not in bag')
                self._items.remove(value)

            def items(self):
                return list(self._items)

            def smallest(self):
                return self._items[0] if self._items else None

            def largest(self):
                return self._items[-1] if self._items else None"""))
        for _ in range(4):
            vals = [r.randint(-5, 20) for _ in range(r.randint(2, 6))]
            steps = [("stmt", f"{o} = {cls}()"), ("expr", f"{o}.smallest()")]
            steps += [("stmt", f"{o}.add({v})") for v in vals]
            steps += [("expr", f"{o}.items()"), ("stmt", f"{o}.remove({r.choice(vals)})"),
                      ("raises", f"{o}.remove(99)", "ValueError"), ("expr", f"{o}.items()"),
                      ("expr", f"({o}.smallest(), {o}.largest())")]
            scen.append(steps)
        expl = ("Keeping the list sorted at every insertion (by walking to the right place, by binary search, or "
                "by sorting after appending) means reading the items, the smallest and the largest never needs "
                "any work.")
    _finish(x, scen, expl)


def _ttt_winner(cells: list[str]) -> str | None:
    lines = [(0, 1, 2), (3, 4, 5), (6, 7, 8), (0, 3, 6), (1, 4, 7), (2, 5, 8), (0, 4, 8), (2, 4, 6)]
    for a, b, c in lines:
        if cells[a] != "." and cells[a] == cells[b] == cells[c]:
            return cells[a]
    return None


@family(K, "A grid of cells",
        V("grid", "write a Grid class of rows and columns with get, set (IndexError outside the grid), count "
          "and row", "Grid", names="Grid|Board2D|CellGrid"),
        V("tictactoe", "write a tic-tac-toe Board class with place, winner and is_full", "Board",
          names="Board|TicTacToe|NoughtsAndCrosses"))
def grid_class(x: Ctx) -> None:
    x.as_class()
    cls, o, r = x.name, x.local("g|board|grid_"), x.rng
    scen = []
    if x.v == "grid":
        x.doc(x.pick([
            (f"A rectangular grid. {cls}(rows, cols, fill=0) creates rows x cols cells holding fill. get(r, c) "
             "returns a cell and set(r, c, value) changes it; both raise IndexError when (r, c) is outside the "
             "grid (negative indices are outside too). count(value) returns how many cells hold value; row(r) "
             "returns a new list with the values of row r."),
            (f"Stores cells addressed by (row, column) from (0, 0) at the top left. {cls}(rows, cols, fill=0); get and "
             "set read and write one cell and raise IndexError for any position outside 0 <= r < rows, "
             "0 <= c < cols; count(value) counts matching cells; row(r) copies a row into a list.")]))
        form = x.pick(["lists", "dict"])
        if form == "lists":
            x.body("""
                def __init__(self, rows, cols, fill=0):
                    self.rows, self.cols = rows, cols
                    self._cells = [[fill] * cols for _ in range(rows)]

                def _check(self, r, c):
                    if not (0 <= r < self.rows and 0 <= c < self.cols):
                        raise IndexError('cell outside the grid')

                def get(self, r, c):
                    self._check(r, c)
                    return self._cells[r][c]

                def set(self, r, c, value):
                    self._check(r, c)
                    self._cells[r][c] = value

                def count(self, value):
                    return sum(line.count(value) for line in self._cells)

                def row(self, r):
                    return list(self._cells[r])""")
        else:
            x.body("""
                def __init__(self, rows, cols, fill=0):
                    self.rows, self.cols, self.fill = rows, cols, fill
                    self._changed = {}

                def _check(self, r, c):
                    if r < 0 or r >= self.rows or c < 0 or c >= self.cols:
                        raise IndexError('cell outside the grid')

                def get(self, r, c):
                    self._check(r, c)
                    return self._changed.get((r, c), self.fill)

                def set(self, r, c, value):
                    self._check(r, c)
                    self._changed[(r, c)] = value

                def count(self, value):
                    return sum(1 for r in range(self.rows) for c in range(self.cols) if self.get(r, c) == value)

                def row(self, r):
                    return [self.get(r, c) for c in range(self.cols)]""")
        for _ in range(4):
            rows, cols = r.randint(1, 4), r.randint(1, 4)
            fill = r.choice([0, 0, ".", 1])
            steps = [("stmt", f"{o} = {cls}({rows}, {cols}{'' if fill == 0 else f', {fill!r}'})")]
            for _ in range(r.randint(1, 4)):
                steps.append(("stmt", f"{o}.set({r.randrange(rows)}, {r.randrange(cols)}, {r.choice([1, 2, 'x'])!r})"))
            steps += [("expr", f"{o}.get({r.randrange(rows)}, {r.randrange(cols)})"),
                      ("expr", f"{o}.count({fill!r})"), ("expr", f"{o}.row({r.randrange(rows)})"),
                      ("raises", f"{o}.get({rows}, 0)", "IndexError"),
                      ("raises", f"{o}.set(0, {r.choice([-1, cols])}, 5)", "IndexError")]
            scen.append(steps)
        expl = ("A list of row lists (or a dictionary keyed by (row, column) that stores only changed cells) "
                "holds the values; one private method checks positions so that every public method refuses "
                "the same positions in the same way.")
    else:
        x.doc(x.pick([
            ("A 3 x 3 tic-tac-toe board, empty at first. place(row, col, mark) puts 'X' or 'O' in an empty cell "
             "(rows and columns numbered 0-2) and raises ValueError if the cell is taken. winner() returns the "
             "mark that fills a whole row, column or diagonal, or None. is_full() says whether every cell is "
             "taken."),
            (f"Plays noughts and crosses. {cls}() starts with nine empty cells. place(row, col, mark) with mark 'X' or "
             "'O' fills one empty cell (ValueError for an occupied cell); winner() is the mark owning three in a "
             "line (horizontal, vertical or diagonal) or None; is_full() is True when no cell is empty. At most "
             "one mark ever completes a line.")]))
        form = x.pick(["rows", "flat"])
        if form == "rows":
            x.body("""
                def __init__(self):
                    self._cells = [['.'] * 3 for _ in range(3)]

                def place(self, row, col, mark):
                    if self._cells[row][col] != '.':
                        raise ValueError('cell already taken')
                    self._cells[row][col] = mark

                def winner(self):
                    lines = [list(row) for row in self._cells]
                    lines += [[self._cells[r][c] for r in range(3)] for c in range(3)]
                    lines.append([self._cells[i][i] for i in range(3)])
                    lines.append([self._cells[i][2 - i] for i in range(3)])
                    for line in lines:
                        if line[0] != '.' and line.count(line[0]) == 3:
                            return line[0]
                    return None

                def is_full(self):
                    return all(cell != '.' for row in self._cells for cell in row)""")
        else:
            x.body("""
                LINES = [(0, 1, 2), (3, 4, 5), (6, 7, 8), (0, 3, 6), (1, 4, 7), (2, 5, 8), (0, 4, 8), (2, 4, 6)]

                def __init__(self):
                    self._cells = [None] * 9

                def place(self, row, col, mark):
                    if self._cells[3 * row + col] is not None:
                        raise ValueError('cell already taken')
                    self._cells[3 * row + col] = mark

                def winner(self):
                    for a, b, c in self.LINES:
                        if self._cells[a] is not None and self._cells[a] == self._cells[b] == self._cells[c]:
                            return self._cells[a]
                    return None

                def is_full(self):
                    return None not in self._cells""")
        for _ in range(4):
            cells = ["."] * 9
            order = r.sample(range(9), 9)
            steps = [("stmt", f"{o} = {cls}()"), ("expr", f"{o}.winner()")]
            mark = r.choice("XO")
            for k in order[:r.randint(3, 9)]:
                cells[k] = mark
                steps.append(("stmt", f"{o}.place({k // 3}, {k % 3}, {mark!r})"))
                mark = "O" if mark == "X" else "X"
                if _ttt_winner(cells):
                    break
            taken = next(i for i, c in enumerate(cells) if c != ".")
            steps += [("raises", f"{o}.place({taken // 3}, {taken % 3}, 'X')", "ValueError"),
                      ("expr", f"{o}.winner()"), ("expr", f"{o}.is_full()")]
            scen.append(steps)
        expl = ("The eight winning lines (three rows, three columns, two diagonals) are listed once, and "
                "winner() checks each of them for three equal marks; storing the board as rows or as one flat "
                "list of nine cells only changes how a (row, column) position is found.")
    _finish(x, scen, expl)


@family(K, "A simple state machine",
        V("traffic_light", "write a TrafficLight class that cycles red, green, yellow", "TrafficLight",
          names="TrafficLight|Signal|StopLight"),
        V("turnstile", "write a Turnstile class that unlocks on a coin and locks again after one person passes",
          "Turnstile", names="Turnstile|Gate|Barrier"),
        V("door", "write a Door class with open, close, lock and unlock that refuses impossible transitions",
          "Door", names="Door|Hatch|Gateway"))
def state_machine_class(x: Ctx) -> None:
    x.as_class()
    cls, o, r = x.name, x.local("light|m|dev|sm"), x.rng
    scen = []
    if x.v == "traffic_light":
        start = x.pick(["red", "green"])
        x.doc(x.pick([
            (f"A traffic light. {cls}() starts at '{start}'. The state attribute holds the current colour. "
             "advance() moves to the next colour in the cycle red -> green -> yellow -> red and returns it. "
             "can_go() is True only when the light is green."),
            (f"Cycles through three colours. Initial state: '{start}'. Transitions: red becomes green, green "
             "becomes yellow, yellow becomes red; advance() performs one transition and returns the new state "
             "(also kept in the state attribute); can_go() says whether the state is 'green'.")]))
        form = x.pick(["dict", "list", "ifs"])
        nxt = {"dict": """
            NEXT = {'red': 'green', 'green': 'yellow', 'yellow': 'red'}

            def advance(self):
                self.state = self.NEXT[self.state]
                return self.state""", "list": """
            ORDER = ['red', 'green', 'yellow']

            def advance(self):
                i = self.ORDER.index(self.state)
                self.state = self.ORDER[(i + 1) % len(self.ORDER)]
                return self.state""", "ifs": """
            def advance(self):
                if self.state == 'red':
                    self.state = 'green'
                elif self.state == 'green':
                    self.state = 'yellow'
                else:
                    self.state = 'red'
                return self.state"""}[form]
        x.body(_methods(f"""
            def __init__(self):
                self.state = '{start}'

            def can_go(self):
                return self.state == 'green'""", nxt))
        for _ in range(4):
            steps = [("stmt", f"{o} = {cls}()"), ("expr", f"{o}.state")]
            for _ in range(r.randint(1, 5)):
                steps.append(r.choice([("expr", f"{o}.advance()"), ("expr", f"{o}.can_go()")]))
            steps += [("expr", f"{o}.state"), ("expr", f"{o}.can_go()")]
            scen.append(steps)
        expl = ("The object's state is a single attribute, and the transition rule lives in one place (a "
                "dictionary, a cyclic list, or an if/elif chain), so every method sees a consistent state.")
    elif x.v == "turnstile":
        x.doc(x.pick([
            ("A coin-operated turnstile, locked at first. coin() unlocks it (inserting a coin while it is "
             "already unlocked is accepted but keeps it unlocked). push() lets one person through if it is "
             "unlocked, locks it again and returns True; pushing a locked turnstile returns False. The attributes "
             "state ('locked' or 'unlocked'), coins and passes count what happened."),
            ("Has two states, 'locked' (initial) and 'unlocked', and two events: coin() always counts a coin and leaves the "
             "turnstile unlocked; push() returns True and counts a pass when unlocked (then it is locked again), "
             "and returns False without any change when locked. Attributes: state, coins, passes.")]))
        form = x.pick(["ifs", "flag"])
        if form == "ifs":
            x.body("""
                def __init__(self):
                    self.state = 'locked'
                    self.coins = 0
                    self.passes = 0

                def coin(self):
                    self.coins += 1
                    self.state = 'unlocked'

                def push(self):
                    if self.state == 'locked':
                        return False
                    self.passes += 1
                    self.state = 'locked'
                    return True""")
        else:
            x.body("""
                def __init__(self):
                    self._open = False
                    self.coins = self.passes = 0

                @property
                def state(self):
                    return 'unlocked' if self._open else 'locked'

                def coin(self):
                    self.coins += 1
                    self._open = True

                def push(self):
                    went_through = self._open
                    if went_through:
                        self.passes += 1
                    self._open = False
                    return went_through""")
        for _ in range(4):
            steps = [("stmt", f"{o} = {cls}()")]
            for _ in range(r.randint(3, 7)):
                steps.append(r.choice([("stmt", f"{o}.coin()"), ("expr", f"{o}.push()"), ("expr", f"{o}.state")]))
            steps += [("expr", f"({o}.coins, {o}.passes)"), ("expr", f"{o}.state")]
            scen.append(steps)
        expl = ("A state machine reacts to each event according to the current state; here the state could be "
                "a string or a boolean flag shown through a property, and the counters record the history.")
    else:
        x.doc(x.pick([
            (f"A door that is 'closed', 'open' or 'locked' (the state attribute); {cls}() starts closed. "
             "open() works only on a closed door, close() only on an open door, lock() only on a closed door and "
             "unlock() only on a locked door (it becomes closed). Any other call raises ValueError and leaves "
             "the state unchanged."),
            ("Allowed transitions: closed -open()-> open, open -close()-> closed, closed -lock()-> locked, "
             "locked -unlock()-> closed. The door starts closed; its state attribute is one of 'closed', 'open', "
             "'locked'. A method called in the wrong state raises ValueError and changes nothing.")]))
        form = x.pick(["table", "methods"])
        if form == "table":
            x.body("""
                MOVES = {('closed', 'open'): 'open', ('open', 'close'): 'closed',
                         ('closed', 'lock'): 'locked', ('locked', 'unlock'): 'closed'}

                def __init__(self):
                    self.state = 'closed'

                def _go(self, action):
                    if (self.state, action) not in self.MOVES:
                        raise ValueError(f'cannot {action} a door that is {self.state}')
                    self.state = self.MOVES[(self.state, action)]

                def open(self):
                    self._go('open')

                def close(self):
                    self._go('close')

                def lock(self):
                    self._go('lock')

                def unlock(self):
                    self._go('unlock')""")
        else:
            x.body("""
                def __init__(self):
                    self.state = 'closed'

                def _require(self, state):
                    if self.state != state:
                        raise ValueError(f'the door is {self.state}, not {state}')

                def open(self):
                    self._require('closed')
                    self.state = 'open'

                def close(self):
                    self._require('open')
                    self.state = 'closed'

                def lock(self):
                    self._require('closed')
                    self.state = 'locked'

                def unlock(self):
                    self._require('locked')
                    self.state = 'closed'""")
        allowed = {"closed": {"open": "open", "lock": "locked"}, "open": {"close": "closed"},
                   "locked": {"unlock": "closed"}}
        for _ in range(4):
            steps, state = [("stmt", f"{o} = {cls}()")], "closed"
            for _ in range(r.randint(3, 6)):
                action = r.choice(["open", "close", "lock", "unlock"])
                if action in allowed[state]:
                    steps.append(("stmt", f"{o}.{action}()"))
                    state = allowed[state][action]
                else:
                    steps.append(("raises", f"{o}.{action}()", "ValueError"))
                if r.random() < 0.4:
                    steps.append(("expr", f"{o}.state"))
            steps.append(("expr", f"{o}.state"))
            scen.append(steps)
        expl = ("The allowed transitions are the whole specification: a table of (state, action) pairs, or a "
                "check of the required state at the start of each method, refuses everything else before the "
                "state is touched.")
    _finish(x, scen, expl)


PRICES = {"apple": 50, "bread": 225, "milk": 130, "tea": 399, "soap": 175, "rice": 310}


@family(K, "A class holding line items",
        V("cart", "write a ShoppingCart class with add, remove (KeyError if absent), total and count", "ShoppingCart",
          names="ShoppingCart|Basket|Order"),
        V("playlist", "write a Playlist class with add, remove (ValueError if absent), total_time and longest",
          "Playlist", names="Playlist|Mixtape|SongList"),
        V("library", "write a Library class that lends copies of books and refuses impossible loans and returns",
          "Library", names="Library|Lender|BookShelf"))
def line_items_class(x: Ctx) -> None:
    x.as_class()
    cls, o, r = x.name, x.local("cart|p|lib|obj"), x.rng
    scen = []
    if x.v == "cart":
        x.doc(x.pick([
            ("A shopping cart. add(item, price, qty=1) adds qty units of an item whose unit price is price cents "
             "(an item is always added with the same price; adding it again increases its quantity). remove(item) "
             "removes the item completely and raises KeyError if it is not in the cart. total() returns the total "
             "price in cents; count() returns the number of units; items() returns the item names, sorted."),
            (f"Holds line items (name, unit price in cents, quantity). {cls}() is empty. add(item, price, qty=1) "
             "creates or grows a line; remove(item) deletes a line (KeyError when there is none); total() is the "
             "sum of price * quantity; count() the sum of quantities; items() the sorted names.")]))
        form = x.pick(["pairs", "two_dicts"])
        if form == "pairs":
            x.body("""
                def __init__(self):
                    self._lines = {}

                def add(self, item, price, qty=1):
                    if item in self._lines:
                        self._lines[item][1] += qty
                    else:
                        self._lines[item] = [price, qty]

                def remove(self, item):
                    if item not in self._lines:
                        raise KeyError(item)
                    del self._lines[item]

                def total(self):
                    return sum(price * qty for price, qty in self._lines.values())

                def count(self):
                    return sum(qty for _, qty in self._lines.values())

                def items(self):
                    return sorted(self._lines)""")
        else:
            x.body("""
                def __init__(self):
                    self.prices = {}
                    self.quantities = {}

                def add(self, item, price, qty=1):
                    self.prices[item] = price
                    self.quantities[item] = self.quantities.get(item, 0) + qty

                def remove(self, item):
                    del self.quantities[item]
                    del self.prices[item]

                def total(self):
                    total = 0
                    for item, qty in self.quantities.items():
                        total += self.prices[item] * qty
                    return total

                def count(self):
                    return sum(self.quantities.values())

                def items(self):
                    return sorted(self.quantities)""")
        for _ in range(4):
            names = r.sample(sorted(PRICES), 3)
            steps = [("stmt", f"{o} = {cls}()"), ("expr", f"{o}.total()")]
            for name in names + [r.choice(names)]:
                qty = r.randint(1, 4)
                steps.append(("stmt", f"{o}.add({name!r}, {PRICES[name]}{'' if qty == 1 else f', {qty}'})"))
            steps += [("expr", f"{o}.total()"), ("expr", f"{o}.count()"), ("stmt", f"{o}.remove({names[0]!r})"),
                      ("raises", f"{o}.remove({names[0]!r})", "KeyError"), ("expr", f"{o}.items()"),
                      ("expr", f"{o}.total()")]
            scen.append(steps)
        expl = ("A dictionary keyed by item name holds each line once, so adding an item again updates its "
                "line instead of creating a second one; totals are computed from the lines when asked for.")
    elif x.v == "playlist":
        x.doc(x.pick([
            ("A list of songs. add(title, seconds) appends a song; remove(title) removes the first song with that "
             "title, raising ValueError if there is none; total_time() returns the total length as 'M:SS' "
             "(minutes unpadded, seconds two digits); longest() returns the title of the longest song (the "
             "earliest on ties) or None when empty; titles() returns the titles in order."),
            ("Keeps songs in play order, each a title and a length in seconds. Methods: add(title, seconds); "
             "remove(title) (first match; ValueError if absent); titles(); total_time() formatted like '7:05'; "
             "longest(), the earliest of the longest songs, None for an empty playlist.")]))
        form = x.pick(["tuples", "parallel"])
        if form == "tuples":
            x.body("""
                def __init__(self):
                    self._songs = []

                def add(self, title, seconds):
                    self._songs.append((title, seconds))

                def remove(self, title):
                    for i, (name, _) in enumerate(self._songs):
                        if name == title:
                            del self._songs[i]
                            return
                    raise ValueError(f'no song called {title}')

                def titles(self):
                    return [name for name, _ in self._songs]

                def total_time(self):
                    total = sum(seconds for _, seconds in self._songs)
                    return f'{total // 60}:{total % 60:02d}'

                def longest(self):
                    if not self._songs:
                        return None
                    return max(self._songs, key=lambda song: song[1])[0]""")
        else:
            x.body("""
                def __init__(self):
                    self._titles = []
                    self._lengths = []

                def add(self, title, seconds):
                    self._titles.append(title)
                    self._lengths.append(seconds)

                def remove(self, title):
                    i = self._titles.index(title)
                    del self._titles[i]
                    del self._lengths[i]

                def titles(self):
                    return list(self._titles)

                def total_time(self):
                    minutes, seconds = divmod(sum(self._lengths), 60)
                    return f'{minutes}:{seconds:02d}'

                def longest(self):
                    best = None
                    for i, length in enumerate(self._lengths):
                        if best is None or length > self._lengths[best]:
                            best = i
                    return None if best is None else self._titles[best]""")
        songs = ["intro", "blue", "rain", "echo", "drift", "ember", "tide"]
        for _ in range(4):
            ts = r.sample(songs, r.randint(2, 4))
            steps = [("stmt", f"{o} = {cls}()"), ("expr", f"{o}.longest()")]
            steps += [("stmt", f"{o}.add({t!r}, {r.choice([r.randint(60, 400), 180])})") for t in ts]
            steps += [("expr", f"{o}.total_time()"), ("expr", f"{o}.longest()"), ("stmt", f"{o}.remove({ts[0]!r})"),
                      ("raises", f"{o}.remove('silence')", "ValueError"), ("expr", f"{o}.titles()"),
                      ("expr", f"{o}.total_time()")]
            scen.append(steps)
        expl = ("The songs are kept in a list because their order matters; every query is computed from that "
                "list, and `divmod(total, 60)` splits seconds into minutes and seconds.")
    else:
        x.doc(x.pick([
            ("Lends books. add(title) adds one copy of a title; checkout(title) lends a copy and raises "
             "ValueError if no copy of that title is on the shelf; give_back(title) returns a copy and raises "
             "ValueError if no copy of that title is out on loan; available(title) is the number of copies on "
             "the shelf (0 for unknown titles); on_loan() is the total number of copies lent out."),
            (f"Tracks copies on the shelf and on loan for each title. {cls}() owns no book. add(title): one more "
             "copy on the shelf. checkout(title): shelf to loan, ValueError when the shelf has none. "
             "give_back(title): loan to shelf, ValueError when none is lent. available(title) and on_loan() "
             "report the counts.")]))
        form = x.pick(["two_dicts", "pairs"])
        if form == "two_dicts":
            x.body("""
                def __init__(self):
                    self._shelf = {}
                    self._lent = {}

                def add(self, title):
                    self._shelf[title] = self._shelf.get(title, 0) + 1

                def checkout(self, title):
                    if self._shelf.get(title, 0) == 0:
                        raise ValueError(f'no copy of {title} available')
                    self._shelf[title] -= 1
                    self._lent[title] = self._lent.get(title, 0) + 1

                def give_back(self, title):
                    if self._lent.get(title, 0) == 0:
                        raise ValueError(f'{title} is not on loan')
                    self._lent[title] -= 1
                    self._shelf[title] += 1

                def available(self, title):
                    return self._shelf.get(title, 0)

                def on_loan(self):
                    return sum(self._lent.values())""")
        else:
            x.body("""
                def __init__(self):
                    self._books = {}

                def add(self, title):
                    shelf, lent = self._books.get(title, (0, 0))
                    self._books[title] = (shelf + 1, lent)

                def checkout(self, title):
                    shelf, lent = self._books.get(title, (0, 0))
                    if shelf == 0:
                        raise ValueError(f'no copy of {title} available')
                    self._books[title] = (shelf - 1, lent + 1)

                def give_back(self, title):
                    shelf, lent = self._books.get(title, (0, 0))
                    if lent == 0:
                        raise ValueError(f'{title} is not on loan')
                    self._books[title] = (shelf + 1, lent - 1)

                def available(self, title):
                    return self._books.get(title, (0, 0))[0]

                def on_loan(self):
                    return sum(lent for _, lent in self._books.values())""")
        books = ["dune", "emma", "ulysses", "beloved", "hamlet"]
        for _ in range(4):
            a, b = r.sample(books, 2)
            steps = [("stmt", f"{o} = {cls}()"), ("stmt", f"{o}.add({a!r})"), ("stmt", f"{o}.add({a!r})"),
                     ("stmt", f"{o}.add({b!r})"), ("stmt", f"{o}.checkout({a!r})"), ("stmt", f"{o}.checkout({b!r})"),
                     ("raises", f"{o}.checkout({b!r})", "ValueError"), ("expr", f"{o}.available({a!r})"),
                     ("expr", f"{o}.on_loan()")]
            if r.random() < 0.6:
                steps += [("stmt", f"{o}.give_back({b!r})"), ("raises", f"{o}.give_back({b!r})", "ValueError")]
            steps += [("expr", f"{o}.available({b!r})"), ("expr", f"{o}.on_loan()")]
            scen.append(steps)
        expl = ("Each title needs two numbers, copies on the shelf and copies lent; every method first checks "
                "that its move is possible and raises before changing anything otherwise.")
    _finish(x, scen, expl)


@family(K, "Class attributes shared by every object",
        V("ticket", "write a Ticket class that numbers its objects 1, 2, 3, ... with a class-level counter",
          "Ticket", names="Ticket|Receipt|Badge"),
        V("length", "write a Length class that converts between units using a class-level table", "Length",
          names="Length|Distance|Span"))
def class_attribute_class(x: Ctx) -> None:
    x.as_class()
    cls, r = x.name, x.rng
    scen = []
    if x.v == "ticket":
        x.doc(x.pick([
            (f"Hands out numbered tickets. Every {cls}(owner) gets the next serial number, starting at 1, in its number "
             f"attribute, and keeps owner in its owner attribute. The counter belongs to the class, not to one "
             f"ticket: {cls}.issued() returns how many tickets have been made, and {cls}.reset() starts the "
             "numbering again at 1."),
            (f"A class-level counter shared by all objects. {cls}.reset() sets it back so that the next ticket "
             f"is number 1; each {cls}(owner) takes the next number (attribute number) and stores owner; "
             f"{cls}.issued() reports how many have been created since the last reset.")]))
        form = x.pick(["next", "count"])
        if form == "next":
            x.body(f"""
                _next = 1

                def __init__(self, owner):
                    self.owner = owner
                    self.number = {cls}._next
                    {cls}._next += 1

                @classmethod
                def issued(cls):
                    return cls._next - 1

                @classmethod
                def reset(cls):
                    cls._next = 1""")
        else:
            x.body("""
                count = 0

                def __init__(self, owner):
                    type(self).count += 1
                    self.number = type(self).count
                    self.owner = owner

                @classmethod
                def issued(cls):
                    return cls.count

                @classmethod
                def reset(cls):
                    cls.count = 0""")
        for _ in range(4):
            people = r.sample(NAMES, r.randint(2, 4))
            steps = [("stmt", f"{cls}.reset()")]
            steps += [("stmt", f"t{i} = {cls}({p!r})") for i, p in enumerate(people)]
            steps += [("expr", "t0.number"), ("expr", f"t{len(people) - 1}.number"), ("expr", "t1.owner"),
                      ("expr", f"{cls}.issued()"), ("stmt", f"{cls}.reset()"), ("expr", f"{cls}.issued()"),
                      ("expr", f"{cls}({people[0]!r}).number")]
            scen.append(steps)
        expl = ("An attribute assigned in the class body belongs to the class and is shared by every object; "
                "it must be updated through the class (`Ticket._next += 1`, or `type(self)`), because "
                "assigning through self would create a separate attribute on one object.")
    else:
        units = x.pick([{"cm": 0.01, "m": 1.0, "km": 1000.0}, {"mm": 0.001, "cm": 0.01, "m": 1.0}])
        table = ", ".join(f"'{u}': {f}" for u, f in units.items())
        x.doc(x.pick([
            (f"A length in one of the units {', '.join(units)}. A class attribute maps each unit to its size in "
             f"metres ({table}). {cls}(value, unit) raises ValueError for an unknown unit; the meters attribute "
             "holds the length in metres; to(unit) returns the length in another unit rounded to 6 decimals "
             f"(ValueError for an unknown unit); a + b returns a new {cls} in metres."),
            (f"Converts lengths with one shared table (unit -> metres: {table}). {cls}(value, unit), with "
             "ValueError for a unit missing from the table; attribute meters; to(unit) rounded to 6 decimals, "
             "ValueError for unknown units; + adds two lengths and gives a length in metres.")]))
        form = x.pick(["check", "lookup"])
        tbl = "{" + table + "}"
        if form == "check":
            x.body(f"""
                UNITS = {tbl}

                def __init__(self, value, unit):
                    if unit not in self.UNITS:
                        raise ValueError(f'unknown unit {{unit}}')
                    self.meters = value * self.UNITS[unit]

                def to(self, unit):
                    if unit not in self.UNITS:
                        raise ValueError(f'unknown unit {{unit}}')
                    return round(self.meters / self.UNITS[unit], 6)

                def __add__(self, other):
                    return {cls}(self.meters + other.meters, 'm')""")
        else:
            x.body(f"""
                UNITS = {tbl}

                @classmethod
                def _factor(cls, unit):
                    try:
                        return cls.UNITS[unit]
                    except KeyError:
                        raise ValueError(f'unknown unit {{unit}}') from None

                def __init__(self, value, unit):
                    self.meters = value * self._factor(unit)

                def to(self, unit):
                    return round(self.meters / self._factor(unit), 6)

                def __add__(self, other):
                    return {cls}(self.meters + other.meters, 'm')""")
        us = list(units)
        for _ in range(4):
            a, b = r.choice(us), r.choice(us)
            steps = [("stmt", f"d = {cls}({r.randint(1, 2500)}, {a!r})"), ("expr", f"d.to({b!r})"),
                     ("expr", f"d.to({r.choice(us)!r})"),
                     ("expr", f"(d + {cls}({r.randint(1, 90)}, {r.choice(us)!r})).to({r.choice(us)!r})"),
                     ("raises", "d.to('mile')", "ValueError"), ("raises", f"{cls}(3, 'ft')", "ValueError")]
            scen.append(steps)
        expl = ("The conversion table is the same for every length, so it is a class attribute, read through "
                "self or cls; storing one canonical unit (metres) means each conversion is one multiplication "
                "in and one division out.")
    _finish(x, scen, expl)


@family(K, "Objects that compare and sort",
        V("version", "write a Version class parsed from 'major.minor.patch' that supports ==, < and sorting",
          "Version", names="Version|Release|SemVer"),
        V("interval", "write an Interval class with length, contains, overlaps, merge, == and a readable repr",
          "Interval", names="Interval|Span|ClosedInterval"))
def ordered_class(x: Ctx) -> None:
    x.as_class()
    cls, r = x.name, x.rng
    scen = []
    if x.v == "version":
        x.doc(x.pick([
            (f"A version number. {cls}(text) parses a string like '1.10.2' (three dot-separated non-negative "
             "integers). Versions compare part by part as numbers, so 1.10.0 is newer than 1.9.3: support == and "
             "< (which also makes > and sorted() work). str(v) writes the parts back with dots, without leading "
             "zeros."),
            (f"Parses 'major.minor.patch'. Two versions are equal when all three numbers are; v < w when v's "
             "numbers come first in order (major first, then minor, then patch), comparing numbers, not text. "
             f"str({cls}('01.2.03')) is '1.2.3'.")]))
        form = x.pick(["tuple", "fields"])
        if form == "tuple":
            x.body("""
                def __init__(self, text):
                    self.parts = tuple(int(p) for p in text.split('.'))

                def __eq__(self, other):
                    return self.parts == other.parts

                def __lt__(self, other):
                    return self.parts < other.parts

                def __str__(self):
                    return '.'.join(str(p) for p in self.parts)""")
        else:
            x.body("""
                def __init__(self, text):
                    major, minor, patch = text.split('.')
                    self.major, self.minor, self.patch = int(major), int(minor), int(patch)

                def _key(self):
                    return (self.major, self.minor, self.patch)

                def __eq__(self, other):
                    return self._key() == other._key()

                def __lt__(self, other):
                    return self._key() < other._key()

                def __str__(self):
                    return f'{self.major}.{self.minor}.{self.patch}'""")
        v = lambda: f"{r.randint(0, 2)}.{r.choice([r.randint(0, 12), 9, 10])}.{r.randint(0, 3)}"
        for _ in range(4):
            a, b = v(), v()
            vs = [v() for _ in range(3)] + [a]
            steps = [("expr", f"{cls}({a!r}) < {cls}({b!r})"), ("expr", f"{cls}({a!r}) > {cls}({b!r})"),
                     ("expr", f"{cls}({a!r}) == {cls}({a.replace('.', '.0', 1)!r})"),
                     ("expr", f"[str(x) for x in sorted({cls}(t) for t in {vs!r})]"),
                     ("expr", f"str(max({cls}(t) for t in {vs!r}))")]
            scen.append(steps)
        expl = ("Turning the text into integers once, in `__init__`, lets the comparison methods compare "
                "tuples of numbers, which Python orders element by element; `sorted` and `max` only need "
                "`__lt__`, and `>` falls back on the other object's `__lt__`.")
    else:
        x.doc(x.pick([
            (f"A closed interval of integers [start, end]. {cls}(start, end) raises ValueError if start > end. "
             "length() is end - start; contains(n) is True when start <= n <= end; overlaps(other) is True when "
             "the two intervals share at least one point; merge(other) returns the smallest interval covering "
             "both, raising ValueError if they do not overlap; == compares both ends; repr(i) looks like "
             f"'{cls}(2, 5)'."),
            (f"[start, end] with both ends included. Construction with start > end raises ValueError. Methods: "
             "length(), contains(n), overlaps(other) (touching ends count as overlapping), merge(other) (an "
             f"interval from the smaller start to the larger end; ValueError when they do not overlap); == and "
             f"repr in the form '{cls}(start, end)'.")]))
        form = x.pick(["plain", "max_min"])
        overlap = ("return self.start <= other.end and other.start <= self.end" if form == "plain" else
                   "return max(self.start, other.start) <= min(self.end, other.end)")
        x.body(f"""
            def __init__(self, start, end):
                if start > end:
                    raise ValueError('start is after end')
                self.start, self.end = start, end

            def length(self):
                return self.end - self.start

            def contains(self, n):
                return self.start <= n <= self.end

            def overlaps(self, other):
                {overlap}

            def merge(self, other):
                if not self.overlaps(other):
                    raise ValueError('intervals do not overlap')
                return {cls}(min(self.start, other.start), max(self.end, other.end))

            def __eq__(self, other):
                return isinstance(other, {cls}) and (self.start, self.end) == (other.start, other.end)

            def __repr__(self):
                return f'{cls}({{self.start}}, {{self.end}})'""")

        def iv():
            a = r.randint(0, 12)
            return a, a + r.randint(0, 6)
        for _ in range(4):
            (a, b), (c, d) = iv(), iv()
            if r.random() < 0.5:
                c = a + r.randint(0, b - a)
                d = c + r.randint(0, 5)
            steps = [("stmt", f"i = {cls}({a}, {b})"), ("stmt", f"j = {cls}({c}, {d})"), ("expr", "i.length()"),
                     ("expr", f"i.contains({r.randint(0, 15)})"), ("expr", "i.overlaps(j)"),
                     ("expr", "j.overlaps(i)")]
            lo, hi = max(a, c), min(b, d)
            steps.append(("expr", "repr(i.merge(j))") if lo <= hi else ("raises", "i.merge(j)", "ValueError"))
            steps += [("expr", f"i == {cls}({a}, {b})"), ("raises", f"{cls}(5, 1)", "ValueError")]
            scen.append(steps)
        expl = ("Two closed intervals overlap exactly when each one starts before the other ends, which is the "
                "same as the larger start being at most the smaller end; defining `__eq__` and `__repr__` makes "
                "results easy to compare and to read.")
    _finish(x, scen, expl)


@family(K, "A class that works with len, in, indexing and for loops",
        V("number_range", "write a NumberRange class like range(start, stop, step) with len, in, [] and iteration",
          "NumberRange", names="NumberRange|Steps|Arithmetic"),
        V("sentence", "write a Sentence class whose len, [], in and for loops work on its words", "Sentence",
          names="Sentence|WordList|Phrase"),
        V("bag", "write a Bag (multiset) class with add, count, len, in and iteration", "Bag",
          names="Bag|Multiset|CountingBag"))
def container_protocol_class(x: Ctx) -> None:
    x.as_class()
    cls, r = x.name, x.rng
    scen = []
    if x.v == "number_range":
        x.doc(x.pick([
            (f"The numbers start, start + step, start + 2 * step, ... that are below stop, for step >= 1. "
             f"{cls}(start, stop, step=1) supports len(), the in operator, indexing with r[i] (negative i counts "
             "from the end; IndexError outside) and iteration in increasing order. Do not build a list of all "
             "the numbers in __init__."),
            ("An arithmetic progression like range(start, stop, step) with step >= 1. len(r) is how many numbers "
             "it holds, n in r tests membership arithmetically, r[i] returns the i-th number (negative indices "
             "from the end, IndexError when out of range) and `for n in r` visits them in order.")]))
        form = x.pick(["arith", "walk"])
        contains = ("return self.start <= n < self.stop and (n - self.start) % self.step == 0" if form == "arith"
                    else "return any(n == m for m in self)")
        it = ("""
            def __iter__(self):
                n = self.start
                while n < self.stop:
                    yield n
                    n += self.step""" if form == "arith" else """
            def __iter__(self):
                for i in range(len(self)):
                    yield self[i]""")
        x.body(_methods("""
            def __init__(self, start, stop, step=1):
                self.start, self.stop, self.step = start, stop, step

            def __len__(self):
                return max(0, (self.stop - self.start + self.step - 1) // self.step)

            def __getitem__(self, i):
                if i < 0:
                    i += len(self)
                if not 0 <= i < len(self):
                    raise IndexError('index out of range')
                return self.start + i * self.step
            """, f"""
            def __contains__(self, n):
                {contains}
            """, it))
        for _ in range(4):
            a, s = r.randint(-5, 10), r.randint(1, 4)
            b = a + r.randint(0, 20)
            steps = [("stmt", f"nr = {cls}({a}, {b}{'' if s == 1 else f', {s}'})"), ("expr", "len(nr)"),
                     ("expr", "list(nr)"), ("expr", f"{a + s * r.randint(0, 4)} in nr"), ("expr", f"{a + 1} in nr")]
            n = max(0, (b - a + s - 1) // s)
            if n:
                steps += [("expr", f"nr[{r.randrange(n)}]"), ("expr", "nr[-1]")]
            steps.append(("raises", f"nr[{n}]", "IndexError"))
            scen.append(steps)
        expl = ("Python's `len`, `in`, `[]` and `for` call the special methods `__len__`, `__contains__`, "
                "`__getitem__` and `__iter__`; computing each answer from start, stop and step keeps the object "
                "small however many numbers it describes.")
    elif x.v == "sentence":
        x.doc(x.pick([
            (f"A sentence seen as a sequence of words. {cls}(text) splits text on whitespace. len(s) is the number "
             "of words; s[i] is the i-th word (as for lists: negative indices count from the end and a bad index "
             "raises IndexError); `word in s` ignores case; iterating gives the words in order."),
            ("Wraps a text as its list of words (split on whitespace). Supports len() (word count), indexing "
             "(list rules), iteration over the words, and a case-insensitive `in` test for a whole word.")]))
        form = x.pick(["list", "delegate"])
        if form == "list":
            x.body("""
                def __init__(self, text):
                    self.words = text.split()

                def __len__(self):
                    return len(self.words)

                def __getitem__(self, i):
                    return self.words[i]

                def __iter__(self):
                    return iter(self.words)

                def __contains__(self, word):
                    return word.lower() in (w.lower() for w in self.words)""")
        else:
            x.body("""
                def __init__(self, text):
                    self._words = text.split()
                    self._lower = {w.lower() for w in self._words}

                def __len__(self):
                    return len(self._words)

                def __getitem__(self, i):
                    return self._words[i]

                def __iter__(self):
                    for word in self._words:
                        yield word

                def __contains__(self, word):
                    return word.lower() in self._lower""")
        for _ in range(4):
            ws = [w.capitalize() if r.random() < 0.3 else w for w in r.sample(SHORT_WORDS + CITIES, r.randint(1, 5))]
            text = "  ".join(ws) if r.random() < 0.3 else " ".join(ws)
            steps = [("stmt", f"s = {cls}({text!r})"), ("expr", "len(s)"), ("expr", "s[0]"), ("expr", "s[-1]"),
                     ("expr", f"{ws[0].upper()!r} in s"), ("expr", "'zebra' in s"), ("expr", "[w[0] for w in s]"),
                     ("raises", f"s[{len(ws)}]", "IndexError")]
            scen.append(steps)
        expl = ("The special methods can simply pass the work on to a list of words; only `__contains__` adds "
                "its own rule (case does not matter), so it compares lowercased words.")
    else:
        x.doc(x.pick([
            ("A multiset: like a set, but it remembers how many times each item was added. add(item, n=1) adds "
             "n copies; count(item) returns the number of copies (0 if none); len(b) is the total number of "
             "copies; `item in b` is True when at least one copy is held; iterating yields every copy, items in "
             "the order they were first added and copies of one item together."),
            (f"Counts copies of items. {cls}(); add(item, n=1); count(item) (0 for unknown items); len() counts "
             "all copies; in tests for at least one copy; iteration repeats each item count(item) times, in order "
             "of first addition.")]))
        form = x.pick(["dict", "list"])
        if form == "dict":
            x.body("""
                def __init__(self):
                    self._counts = {}

                def add(self, item, n=1):
                    self._counts[item] = self._counts.get(item, 0) + n

                def count(self, item):
                    return self._counts.get(item, 0)

                def __len__(self):
                    return sum(self._counts.values())

                def __contains__(self, item):
                    return self.count(item) > 0

                def __iter__(self):
                    for item, n in self._counts.items():
                        for _ in range(n):
                            yield item""")
        else:
            x.body("""
                def __init__(self):
                    self._items = []

                def add(self, item, n=1):
                    self._items.extend([item] * n)

                def count(self, item):
                    return self._items.count(item)

                def __len__(self):
                    return len(self._items)

                def __contains__(self, item):
                    return item in self._items

                def __iter__(self):
                    order = list(dict.fromkeys(self._items))
                    return iter([item for item in order for _ in range(self._items.count(item))])""")
        for _ in range(4):
            items = r.sample(SHORT_WORDS, 3)
            steps = [("stmt", f"b = {cls}()")]
            for _ in range(r.randint(2, 5)):
                n = r.randint(1, 3)
                steps.append(("stmt", f"b.add({r.choice(items)!r}{'' if n == 1 else f', {n}'})"))
            steps += [("expr", "len(b)"), ("expr", f"b.count({items[0]!r})"), ("expr", f"{items[1]!r} in b"),
                      ("expr", "'zzz' in b"), ("expr", "list(b)")]
            scen.append(steps)
        expl = ("A dictionary from item to count stores a multiset compactly; the special methods translate "
                "len, in and for into questions about those counts.")
    _finish(x, scen, expl)


@family(K, "Shapes that answer geometric questions",
        V("rect", "write a Rect class (x, y, width, height) with contains, intersection_area and overlaps", "Rect",
          names="Rect|Box2D|Frame"),
        V("circle", "write a Circle class with area, contains and overlaps", "Circle", names="Circle|Disc|Ring"),
        V("segment", "write a Segment class with length, midpoint and is_horizontal/is_vertical", "Segment",
          names="Segment|Line2D|Stick"))
def shape_class(x: Ctx) -> None:
    x.as_class()
    cls, r = x.name, x.rng
    scen = []
    if x.v == "rect":
        x.doc(x.pick([
            (f"An axis-aligned rectangle. {cls}(x, y, width, height) covers the points with x <= px <= x + width "
             "and y <= py <= y + height. contains(px, py) tests a point (edges included); "
             "intersection_area(other) returns the area shared with another rectangle (0 if none); "
             "overlaps(other) is True only when that shared area is positive (touching edges do not count)."),
            ("Describes rectangles with sides parallel to the axes, given by a corner (x, y), a width and a height. "
             "Methods: contains(px, py) with the border included, intersection_area(other) (0 when they do not "
             "overlap), overlaps(other) meaning a positive shared area.")]))
        form = x.pick(["spans", "corners"])
        if form == "spans":
            x.body("""
                def __init__(self, x, y, width, height):
                    self.x, self.y, self.width, self.height = x, y, width, height

                def contains(self, px, py):
                    return self.x <= px <= self.x + self.width and self.y <= py <= self.y + self.height

                def intersection_area(self, other):
                    dx = min(self.x + self.width, other.x + other.width) - max(self.x, other.x)
                    dy = min(self.y + self.height, other.y + other.height) - max(self.y, other.y)
                    return max(dx, 0) * max(dy, 0)

                def overlaps(self, other):
                    return self.intersection_area(other) > 0""")
        else:
            x.body("""
                def __init__(self, x, y, width, height):
                    self.left, self.bottom = x, y
                    self.right, self.top = x + width, y + height

                def contains(self, px, py):
                    return self.left <= px <= self.right and self.bottom <= py <= self.top

                def intersection_area(self, other):
                    width = min(self.right, other.right) - max(self.left, other.left)
                    height = min(self.top, other.top) - max(self.bottom, other.bottom)
                    if width <= 0 or height <= 0:
                        return 0
                    return width * height

                def overlaps(self, other):
                    return self.intersection_area(other) != 0""")
        for _ in range(4):
            ax, ay, aw, ah = r.randint(0, 6), r.randint(0, 6), r.randint(1, 5), r.randint(1, 5)
            b = f"{cls}({r.randint(0, 6)}, {r.randint(0, 6)}, {r.randint(1, 5)}, {r.randint(1, 5)})"
            steps = [("stmt", f"a = {cls}({ax}, {ay}, {aw}, {ah})"), ("stmt", f"b = {b}"),
                     ("expr", f"a.contains({r.randint(0, 9)}, {r.randint(0, 9)})"), ("expr", f"a.contains({ax}, {ay + ah})"),
                     ("expr", "a.intersection_area(b)"), ("expr", "a.overlaps(b)"),
                     ("expr", f"a.overlaps({cls}({ax + aw}, {ay}, 2, 2))")]
            scen.append(steps)
        expl = ("Along each axis two spans overlap by min(ends) - max(starts), a negative result meaning a gap; "
                "the shared area is the product of the two overlaps once negatives are replaced by 0.")
    elif x.v == "circle":
        x.doc(x.pick([
            ("A circle with centre (x, y) and radius r, all integers. area() returns 3.14159 * r * r rounded to "
             "2 decimals; contains(px, py) is True for points inside or on the circle; overlaps(other) is True "
             "when the two circles share at least one point (touching counts)."),
            (f"{cls}(x, y, r). Use 3.14159 for pi: area() is pi * r squared, rounded to 2 decimals. contains(px, "
             "py): the distance from the centre is at most r. overlaps(other): the distance between the centres "
             "is at most the sum of the radii.")]))
        form = x.pick(["squares", "sqrt"])
        dist = (("dx * dx + dy * dy <= self.r * self.r", "dx * dx + dy * dy <= (self.r + other.r) ** 2")
                if form == "squares" else
                ("(dx ** 2 + dy ** 2) ** 0.5 <= self.r", "(dx ** 2 + dy ** 2) ** 0.5 <= self.r + other.r"))
        x.body(f"""
            PI = 3.14159

            def __init__(self, x, y, r):
                self.x, self.y, self.r = x, y, r

            def area(self):
                return round(self.PI * self.r * self.r, 2)

            def contains(self, px, py):
                dx, dy = px - self.x, py - self.y
                return {dist[0]}

            def overlaps(self, other):
                dx, dy = other.x - self.x, other.y - self.y
                return {dist[1]}""")
        for _ in range(4):
            x0, y0, rad = r.randint(-3, 3), r.randint(-3, 3), r.randint(1, 5)
            steps = [("stmt", f"c = {cls}({x0}, {y0}, {rad})"), ("expr", "c.area()"),
                     ("expr", f"c.contains({x0 + rad}, {y0})"),
                     ("expr", f"c.contains({r.randint(-6, 6)}, {r.randint(-6, 6)})"),
                     ("expr", f"c.overlaps({cls}({r.randint(-9, 9)}, {r.randint(-9, 9)}, {r.randint(1, 3)}))"),
                     ("expr", f"c.overlaps({cls}({x0 + rad + 2}, {y0}, 2))")]
            scen.append(steps)
        expl = ("Comparing squared distances avoids square roots entirely: a point is inside when dx*dx + dy*dy "
                "is at most r*r, and two circles meet when the centres are at most r1 + r2 apart.")
    else:
        x.doc(x.pick([
            ("A line segment between (x1, y1) and (x2, y2), integer coordinates. length() returns its length "
             "rounded to 2 decimals; midpoint() returns the middle point as a tuple of two floats; "
             "is_horizontal() and is_vertical() test its direction (a single point is both)."),
            (f"{cls}(x1, y1, x2, y2). length(): Euclidean length, rounded to 2 decimals. midpoint(): ((x1 + x2) "
             "/ 2, (y1 + y2) / 2) as floats. is_horizontal(): y1 == y2. is_vertical(): x1 == x2.")]))
        form = x.pick(["fields", "points"])
        if form == "fields":
            x.body("""
                def __init__(self, x1, y1, x2, y2):
                    self.x1, self.y1, self.x2, self.y2 = x1, y1, x2, y2

                def length(self):
                    return round(((self.x2 - self.x1) ** 2 + (self.y2 - self.y1) ** 2) ** 0.5, 2)

                def midpoint(self):
                    return ((self.x1 + self.x2) / 2, (self.y1 + self.y2) / 2)

                def is_horizontal(self):
                    return self.y1 == self.y2

                def is_vertical(self):
                    return self.x1 == self.x2""")
        else:
            x.body("""
                def __init__(self, x1, y1, x2, y2):
                    self.start = (x1, y1)
                    self.end = (x2, y2)

                def length(self):
                    dx = self.end[0] - self.start[0]
                    dy = self.end[1] - self.start[1]
                    return round((dx * dx + dy * dy) ** 0.5, 2)

                def midpoint(self):
                    return tuple((a + b) / 2 for a, b in zip(self.start, self.end))

                def is_horizontal(self):
                    return self.start[1] == self.end[1]

                def is_vertical(self):
                    return self.start[0] == self.end[0]""")
        for _ in range(4):
            x1, y1 = r.randint(-5, 5), r.randint(-5, 5)
            x2, y2 = r.choice([(x1, r.randint(-5, 5)), (r.randint(-5, 5), y1), (r.randint(-5, 5), r.randint(-5, 5))])
            scen.append([("stmt", f"s = {cls}({x1}, {y1}, {x2}, {y2})"), ("expr", "s.length()"),
                         ("expr", "s.midpoint()"), ("expr", "(s.is_horizontal(), s.is_vertical())")])
        expl = ("Everything follows from the two end points: the length from Pythagoras (`** 0.5` is a square "
                "root), the midpoint from averaging the coordinates, the direction from comparing them.")
    _finish(x, scen, expl)


@family(K, "Extending a built-in type",
        V("count_dict", "write a CountDict subclass of dict whose missing keys read as 0", "CountDict",
          names="CountDict|ZeroDict|Tallies"),
        V("unique_list", "write a UniqueList subclass of list whose append and extend skip values already present",
          "UniqueList", names="UniqueList|DistinctList|NoRepeats"),
        V("case_dict", "write a CaseInsensitiveDict subclass of dict with case-insensitive string keys",
          "CaseInsensitiveDict", names="CaseInsensitiveDict|LowerKeys|AnyCaseDict"))
def builtin_subclass(x: Ctx) -> None:
    cls, r = x.name, x.rng
    scen = []
    if x.v == "count_dict":
        x.as_class("dict")
        x.doc(x.pick([
            ("A dictionary for counting. Reading a missing key gives 0 without storing it. add(key, n=1) "
             "increases the count of key by n. most_common() returns the key with the largest count (the one "
             "added first on ties), or None when empty. Everything else behaves as for dict."),
            ("A dict subclass: d[key] for an absent key returns 0 (and `key in d` stays False); add(key, n=1) "
             "adds n to the count; most_common() is the key with the highest count, earliest inserted on a tie, "
             "None for an empty dictionary.")]))
        form = x.pick(["missing_max", "missing_loop"])
        common = ("""
            def most_common(self):
                if not self:
                    return None
                return max(self, key=self.get)""" if form == "missing_max" else """
            def most_common(self):
                best = None
                for key, count in self.items():
                    if best is None or count > self[best]:
                        best = key
                return best""")
        add = x.pick(["self[key] += n", "self[key] = self.get(key, 0) + n"])
        x.body(_methods(f"""
            def __missing__(self, key):
                return 0

            def add(self, key, n=1):
                {add}
            """, common))
        for _ in range(4):
            keys = r.sample(SHORT_WORDS, 3)
            steps = [("stmt", f"d = {cls}()"), ("expr", "d.most_common()"), ("expr", f"d[{keys[2]!r}]")]
            for _ in range(r.randint(2, 5)):
                n = r.randint(1, 3)
                steps.append(("stmt", f"d.add({r.choice(keys[:2])!r}{'' if n == 1 else f', {n}'})"))
            steps += [("expr", f"{keys[2]!r} in d"), ("expr", "dict(d)"), ("expr", "d.most_common()"),
                      ("expr", f"d[{keys[0]!r}] + d[{keys[2]!r}]")]
            scen.append(steps)
        expl = ("`dict` calls `__missing__` when `d[key]` finds no key, and returns what it returns; since "
                "`__missing__` does not store anything, reading a missing count does not create an entry. "
                "Everything not overridden is inherited from dict.")
    elif x.v == "unique_list":
        x.as_class("list")
        x.doc(x.pick([
            (f"A list that never holds the same value twice. {cls}(items=()) starts with the distinct values of "
             "items in order of first appearance. append(item) adds item only if it is not already present and "
             "returns True if it was added, False otherwise; extend(items) appends each item that way. "
             "Everything else behaves as for list."),
            ("A list subclass without repeats: the constructor, append and extend all skip values already in the "
             "list (append reports True when it added the value, False when it skipped it). Indexing, len, "
             "comparison with lists and the other list methods are inherited.")]))
        form = x.pick(["super", "explicit"])
        if form == "super":
            x.body("""
                def __init__(self, items=()):
                    super().__init__()
                    self.extend(items)

                def append(self, item):
                    if item in self:
                        return False
                    super().append(item)
                    return True

                def extend(self, items):
                    for item in items:
                        self.append(item)""")
        else:
            x.body("""
                def __init__(self, items=()):
                    list.__init__(self, dict.fromkeys(items))

                def append(self, item):
                    added = item not in self
                    if added:
                        list.append(self, item)
                    return added

                def extend(self, items):
                    for item in items:
                        if item not in self:
                            list.append(self, item)""")
        for _ in range(4):
            init = [r.randint(0, 5) for _ in range(r.randint(0, 5))]
            steps = [("stmt", f"u = {cls}({init!r})" if init else f"u = {cls}()"), ("expr", "list(u)")]
            for _ in range(r.randint(1, 3)):
                steps.append(("expr", f"u.append({r.randint(0, 6)})"))
            steps += [("stmt", f"u.extend({[r.randint(0, 8) for _ in range(3)]!r})"), ("expr", "list(u)"),
                      ("expr", "len(u)"), ("expr", "u[0]")]
            scen.append(steps)
        expl = ("A subclass overrides only the methods whose behaviour changes and calls the parent's version "
                "(`super().append` or `list.append(self, ...)`) to do the actual storing; the constructor goes "
                "through the same duplicate check.")
    else:
        x.as_class("dict")
        x.doc(x.pick([
            ("A dictionary whose string keys ignore case: d['Name'] and d['NAME'] are the same entry, stored "
             "under the lowercased key. Setting, reading (KeyError when missing), `in` and get(key, default=None) "
             "all lowercase the key first. Keys are always strings."),
            ("A dict subclass with case-insensitive keys. Every key is converted with .lower() on the way in "
             "(d[key] = value) and on the way out (d[key], key in d, d.get(key, default)); a missing key raises "
             "KeyError on d[key] as usual.")]))
        x.body("""
            def __setitem__(self, key, value):
                super().__setitem__(key.lower(), value)

            def __getitem__(self, key):
                return super().__getitem__(key.lower())

            def __contains__(self, key):
                return super().__contains__(key.lower())

            def get(self, key, default=None):
                return super().get(key.lower(), default)""" if x.chance() else """
            def __setitem__(self, key, value):
                dict.__setitem__(self, key.lower(), value)

            def __getitem__(self, key):
                return dict.__getitem__(self, key.lower())

            def __contains__(self, key):
                return dict.__contains__(self, key.lower())

            def get(self, key, default=None):
                return self[key] if key in self else default""")
        for _ in range(4):
            keys = r.sample(["Name", "CITY", "age", "Email", "ZIP"], 3)
            steps = [("stmt", f"d = {cls}()")]
            for k in keys[:2]:
                steps.append(("stmt", f"d[{k!r}] = {r.choice([r.randint(1, 99), r.choice(CITIES)])!r}"))
            steps += [("expr", f"d[{keys[0].upper()!r}]"), ("expr", f"{keys[1].lower()!r} in d"),
                      ("expr", f"d.get({keys[2]!r}, 0)"), ("expr", "dict(d)"),
                      ("raises", f"d[{keys[2]!r}]", "KeyError")]
            scen.append(steps)
        expl = ("Overriding `__setitem__`, `__getitem__`, `__contains__` and `get` puts one rule (lowercase the "
                "key) in front of every way of reaching an entry; the dictionary itself still does the "
                "storing.")
    _finish(x, scen, expl)


@family(K, "A class that is an iterator",
        V("countdown", "write a Countdown class whose objects iterate over n, n - 1, ..., 1", "Countdown",
          names="Countdown|Launch|Descending"),
        V("fibonacci", "write a Fibonacci class whose objects iterate over the Fibonacci numbers up to a limit",
          "Fibonacci", names="Fibonacci|FibUpTo|FibSeries"),
        V("cycle", "write a Cycle class whose objects iterate over a list's items repeatedly, a given number of "
          "items in all", "Cycle", names="Cycle|Repeater|RoundRobin"))
def iterator_class(x: Ctx) -> None:
    x.as_class()
    cls, r = x.name, x.rng
    form = x.pick(["protocol", "generator"])
    way = ("iter(obj) returns the object itself and next() produces the values one by one, raising "
           "StopIteration at the end" if form == "protocol" else
           "iterating over an object (with for, list(), or iter() and next()) produces the values, and "
           "next() raises StopIteration after the last one")
    scen = []
    if x.v == "countdown":
        x.doc(x.pick([f"{cls}(n) produces n, n - 1, ..., 1 (nothing when n < 1): {way}.",
                      (f"Counts down. For {cls}(n), {way}; the values are n, n - 1, ..., 2, 1, and there are none "
                       "at all for n <= 0.")]))
        x.body("""
            def __init__(self, n):
                self.current = n

            def __iter__(self):
                return self

            def __next__(self):
                if self.current < 1:
                    raise StopIteration
                self.current -= 1
                return self.current + 1""" if form == "protocol" else """
            def __init__(self, n):
                self.n = n

            def __iter__(self):
                for value in range(self.n, 0, -1):
                    yield value""")
        for _ in range(4):
            n = r.randint(0, 6)
            scen.append([("expr", f"list({cls}({n}))"), ("stmt", f"it = iter({cls}({r.randint(1, 3)}))"),
                         ("expr", "next(it)"), ("expr", "list(it)"), ("raises", "next(it)", "StopIteration"),
                         ("expr", f"sum({cls}({r.randint(0, 9)}))")])
    elif x.v == "fibonacci":
        x.doc(x.pick([(f"{cls}(limit) produces the Fibonacci numbers 0, 1, 1, 2, 3, 5, ... that are at most limit "
                      f"(nothing when limit < 0): {way}."),
                      (f"The Fibonacci numbers not above a limit. For {cls}(limit), {way}; the sequence starts 0, "
                       "1 and each further number is the sum of the two before it.")]))
        x.body("""
            def __init__(self, limit):
                self.limit = limit
                self.a, self.b = 0, 1

            def __iter__(self):
                return self

            def __next__(self):
                if self.a > self.limit:
                    raise StopIteration
                value = self.a
                self.a, self.b = self.b, self.a + self.b
                return value""" if form == "protocol" else """
            def __init__(self, limit):
                self.limit = limit

            def __iter__(self):
                a, b = 0, 1
                while a <= self.limit:
                    yield a
                    a, b = b, a + b""")
        for _ in range(4):
            scen.append([("expr", f"list({cls}({r.randint(-1, 60)}))"), ("stmt", f"it = iter({cls}(1))"),
                         ("expr", "[next(it), next(it), next(it)]"), ("raises", "next(it)", "StopIteration"),
                         ("expr", f"max({cls}({r.randint(0, 200)}))")])
    else:
        x.doc(x.pick([(f"{cls}(items, total) goes through the non-empty list items again and again and stops after "
                      f"total values in all: {way}."),
                      (f"Repeats a list. For {cls}(items, total) with items non-empty, {way}; the values are "
                       "items[0], items[1], ..., then items[0] again, and so on, total of them.")]))
        x.body("""
            def __init__(self, items, total):
                self.items, self.total = items, total
                self.produced = 0

            def __iter__(self):
                return self

            def __next__(self):
                if self.produced >= self.total:
                    raise StopIteration
                value = self.items[self.produced % len(self.items)]
                self.produced += 1
                return value""" if form == "protocol" else """
            def __init__(self, items, total):
                self.items, self.total = items, total

            def __iter__(self):
                for i in range(self.total):
                    yield self.items[i % len(self.items)]""")
        for _ in range(4):
            items = r.sample(SHORT_WORDS, r.randint(1, 3))
            scen.append([("expr", f"list({cls}({items!r}, {r.randint(0, 7)}))"),
                         ("stmt", f"it = iter({cls}({[r.randint(0, 9) for _ in range(2)]!r}, 3))"),
                         ("expr", "next(it)"), ("expr", "list(it)"), ("raises", "next(it)", "StopIteration")])
    _finish(x, scen, "A `for` loop calls iter() on the object and then next() until StopIteration. A class can "
            "implement that protocol directly (`__iter__` returning self and `__next__` keeping the position in "
            "attributes) or make `__iter__` a generator, whose `yield`s produce the values.")


@family(K, "A class that summarises a stream of values",
        V("running_stats", "write a RunningStats class that tracks count, mean, minimum and maximum of added values",
          "RunningStats", names="RunningStats|StreamSummary|Accumulator"),
        V("moving_average", "write a MovingAverage class whose add returns the mean of the last k values",
          "MovingAverage", names="MovingAverage|RollingMean|Smoother"),
        V("top_scores", "write a TopScores class that keeps the k best scores", "TopScores",
          names="TopScores|Leaderboard|HighScores"))
def stream_stats_class(x: Ctx) -> None:
    x.as_class()
    cls, r = x.name, x.rng
    o = x.local("s|stats|m|board")
    scen = []
    if x.v == "running_stats":
        x.doc(x.pick([
            ("Summarises numbers as they arrive. add(value) records a number. The count attribute is the number "
             "of values added; mean() returns their average rounded to 2 decimals; smallest() and largest() "
             "return the extremes. mean, smallest and largest return None before any value is added."),
            (f"A running summary. {cls}() has seen nothing: count is 0 and mean(), smallest() and largest() "
             "return None. Each add(value) updates the summary; mean() is rounded to 2 decimals.")]))
        form = x.pick(["fields", "list"])
        if form == "fields":
            x.body("""
                def __init__(self):
                    self.count = 0
                    self._total = 0
                    self._low = self._high = None

                def add(self, value):
                    self.count += 1
                    self._total += value
                    if self._low is None or value < self._low:
                        self._low = value
                    if self._high is None or value > self._high:
                        self._high = value

                def mean(self):
                    return None if self.count == 0 else round(self._total / self.count, 2)

                def smallest(self):
                    return self._low

                def largest(self):
                    return self._high""")
        else:
            x.body("""
                def __init__(self):
                    self._values = []

                @property
                def count(self):
                    return len(self._values)

                def add(self, value):
                    self._values.append(value)

                def mean(self):
                    if not self._values:
                        return None
                    return round(sum(self._values) / len(self._values), 2)

                def smallest(self):
                    return min(self._values, default=None)

                def largest(self):
                    return max(self._values, default=None)""")
        for _ in range(4):
            steps = [("stmt", f"{o} = {cls}()"), ("expr", f"{o}.mean()")]
            steps += [("stmt", f"{o}.add({r.randint(-10, 40)})") for _ in range(r.randint(1, 5))]
            steps += [("expr", f"{o}.count"), ("expr", f"{o}.mean()"), ("expr", f"({o}.smallest(), {o}.largest())")]
            scen.append(steps)
        expl = ("Either keep just enough running totals (count, sum, smallest, largest) to answer every "
                "question, updating them in add, or keep all values and compute answers on demand; the first "
                "uses constant memory, the second is simpler to extend.")
    elif x.v == "moving_average":
        x.doc(x.pick([
            (f"{cls}(k) with k >= 1. add(value) records a number and returns the mean of the last k numbers "
             "added (of all of them while fewer than k have been added), rounded to 2 decimals."),
            ("Smooths a stream: each call add(value) returns the average of the most recent k values (k given to "
             "the constructor), or of every value so far when there are fewer than k, rounded to 2 decimals.")]))
        form = x.pick(["window", "running"])
        if form == "window":
            x.body("""
                def __init__(self, k):
                    self.k = k
                    self._window = []

                def add(self, value):
                    self._window.append(value)
                    if len(self._window) > self.k:
                        self._window.pop(0)
                    return round(sum(self._window) / len(self._window), 2)""")
        else:
            x.body("""
                def __init__(self, k):
                    self.k = k
                    self._values = []
                    self._sum = 0

                def add(self, value):
                    self._values.append(value)
                    self._sum += value
                    if len(self._values) > self.k:
                        self._sum -= self._values[-self.k - 1]
                    return round(self._sum / min(len(self._values), self.k), 2)""")
        for _ in range(4):
            steps = [("stmt", f"{o} = {cls}({r.randint(1, 3)})")]
            steps += [("expr", f"{o}.add({r.randint(0, 20)})") for _ in range(r.randint(3, 6))]
            scen.append(steps)
        expl = ("Only the last k values matter, so the class keeps a window of them (dropping the oldest), or "
                "a running sum from which the value leaving the window is subtracted.")
    else:
        x.doc(x.pick([
            (f"Keeps the k highest scores seen. {cls}(k) with k >= 1; add(score) records a score; top() returns "
             "the best scores (at most k of them) from highest to lowest, repeats included; lowest_kept() returns "
             "the smallest score in top(), or None while no score has been added."),
            ("A leaderboard of size k. add(score) offers a score; scores that are not among the k best are "
             "forgotten. top() lists the kept scores in decreasing order; lowest_kept() is the last of them "
             "(None when empty).")]))
        form = x.pick(["sort_trim", "replace_min"])
        if form == "sort_trim":
            x.body("""
                def __init__(self, k):
                    self.k = k
                    self._best = []

                def add(self, score):
                    self._best.append(score)
                    self._best.sort(reverse=True)
                    del self._best[self.k:]

                def top(self):
                    return list(self._best)

                def lowest_kept(self):
                    return self._best[-1] if self._best else None""")
        else:
            x.body("""
                def __init__(self, k):
                    self.k = k
                    self._kept = []

                def add(self, score):
                    if len(self._kept) < self.k:
                        self._kept.append(score)
                    elif score > min(self._kept):
                        self._kept.remove(min(self._kept))
                        self._kept.append(score)

                def top(self):
                    return sorted(self._kept, reverse=True)

                def lowest_kept(self):
                    return min(self._kept) if self._kept else None""")
        for _ in range(4):
            steps = [("stmt", f"{o} = {cls}({r.randint(1, 4)})"), ("expr", f"{o}.lowest_kept()")]
            steps += [("stmt", f"{o}.add({r.randint(0, 50)})") for _ in range(r.randint(2, 6))]
            steps += [("expr", f"{o}.top()"), ("expr", f"{o}.lowest_kept()")]
            scen.append(steps)
        expl = ("Only k scores ever need to be remembered: a new score either displaces the smallest kept one "
                "or is ignored, so memory stays bounded however many scores arrive.")
    _finish(x, scen, expl)
