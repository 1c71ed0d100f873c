"""Concept families on exceptions: checking arguments and raising the right error, converting with a
fallback, trying alternatives in order, custom exception classes, try/except/else/finally, collecting
validation errors, translating one exception into another, handling several kinds at once."""

from __future__ import annotations

from phi1lib.teacher.offline.base import CITIES, NAMES, SHORT_WORDS, WORDS, Ctx, V, family, ints

E = "exceptions"


def _say(x: Ctx, *texts: str) -> None:
    """One docstring paragraph, worded one of several ways."""
    x.doc(x.pick(texts))


@family(E, "Checking arguments before using them",
        V("repeat_word", "repeat a word n times separated by spaces, raising TypeError or ValueError on bad arguments",
          "repeat|echo", "word|text", names="say_times"),
        V("clamp_checked", "clamp a value into [low, high], raising ValueError when low > high", "clamp|bound",
          "value|checked|into_range", names="clamp_strict"),
        V("percent_of", "compute what percentage a part is of a whole, rejecting impossible inputs", "percent|share",
          "of|of_total", names="percentage_of"))
def argument_checks(x: Ctx) -> None:
    if x.v == "repeat_word":
        w, n = x.param("word|text|token", "str"), x.param("times|n|count", "int")
        x.returns("str")
        _say(x, f"Return {w} repeated {n} times, separated by single spaces ('' when {n} is 0). Raise TypeError if "
                f"{w} is not a str or {n} is not an int, and ValueError if {n} is negative.",
             f"Repeat {w} {n} times with one space between copies. Argument rules: {w} must be a string and {n} an "
             f"integer (TypeError otherwise); {n} must not be negative (ValueError otherwise).")
        checks = x.pick([f"""
            if not isinstance({w}, str) or not isinstance({n}, int):
                raise TypeError('expected a str and an int')
            if {n} < 0:
                raise ValueError('times must not be negative')""", f"""
            if not isinstance({w}, str):
                raise TypeError(f'word must be a str, not {{type({w}).__name__}}')
            if not isinstance({n}, int):
                raise TypeError(f'times must be an int, not {{type({n}).__name__}}')
            if {n} < 0:
                raise ValueError(f'times must be >= 0, got {{{n}}}')"""])
        tail = x.pick([f"return ' '.join([{w}] * {n})",
                       f"return ' '.join({w} for _ in range({n}))",
                       f"copies = []\nfor _ in range({n}):\n    copies.append({w})\nreturn ' '.join(copies)"])
        x.body(checks, tail)
        x.explain("The arguments are checked before any work is done, so a caller with bad input gets a clear "
                  "exception instead of a strange result: TypeError for a value of the wrong kind, ValueError for "
                  "a value of the right kind that is not allowed.")
        x.case("hey", 3)
        x.cases(lambda r: (r.choice(SHORT_WORDS), r.randint(0, 4)), n=4)
        x.raises("ValueError", "ho", -x.rng.randint(1, 3))
        x.raises("TypeError", x.rng.randint(1, 9), 2)
        x.raises("TypeError", "ha", x.pick(["2", 2.0]))
    elif x.v == "clamp_checked":
        v, lo, hi = x.param("value|x|n|reading", "int"), x.param("low|lo|minimum", "int"), x.param("high|hi|maximum", "int")
        x.returns("int")
        _say(x, f"Return {v} limited to the range [{lo}, {hi}]: {lo} if it is below, {hi} if it is above, itself "
                f"otherwise. Raise ValueError when {lo} > {hi}, since the range is then empty.",
             f"Clamp {v} between {lo} and {hi} (inclusive). An empty range ({lo} greater than {hi}) is a caller "
             "error and raises ValueError.")
        guard = f"if {lo} > {hi}:\n    raise ValueError(f'empty range: {{{lo}}} > {{{hi}}}')"
        tail = x.pick([f"return max({lo}, min({v}, {hi}))",
                       f"if {v} < {lo}:\n    return {lo}\nif {v} > {hi}:\n    return {hi}\nreturn {v}",
                       f"return sorted([{lo}, {v}, {hi}])[1]"])
        x.body(guard, tail)
        x.explain("Once the range is known to be valid, clamping is a comparison with each end; checking the "
                  "range first keeps an impossible request from returning a misleading number.")
        x.case(15, 0, 10)
        x.cases(lambda r: (r.randint(-20, 20), r.randint(-10, 0), r.randint(0, 10)), n=5)
        x.raises("ValueError", 5, 10, x.rng.randint(0, 9))
    else:
        part, whole = x.param("part|count|done", "int"), x.param("whole|total|size", "int")
        x.returns("float")
        _say(x, f"Return {part} as a percentage of {whole}, rounded to 1 decimal. Raise ValueError if {whole} is "
                f"not positive, or if {part} is negative or larger than {whole}.",
             f"What percentage of {whole} is {part}? Return it rounded to one decimal place. Inputs must satisfy "
             f"{whole} > 0 and 0 <= {part} <= {whole}; anything else raises ValueError.")
        form = x.pick(["two_checks", "one_check", "chained"])
        if form == "two_checks":
            x.body(f"""
                if {whole} <= 0:
                    raise ValueError('whole must be positive')
                if {part} < 0 or {part} > {whole}:
                    raise ValueError('part must be between 0 and whole')
                return round({part} / {whole} * 100, 1)""")
        elif form == "one_check":
            x.body(f"""
                if {whole} <= 0 or not 0 <= {part} <= {whole}:
                    raise ValueError(f'cannot take {{{part}}} of {{{whole}}}')
                return round(100 * {part} / {whole}, 1)""")
        else:
            x.body(f"""
                if not 0 <= {part} <= {whole} or {whole} == 0:
                    raise ValueError('need 0 <= part <= whole and whole > 0')
                share = {part} / {whole}
                return round(share * 100, 1)""")
        x.explain("Dividing by a whole of zero or getting a share above 100% would be meaningless, so these "
                  "inputs are rejected with ValueError before the division.")

        def gen(r):
            w = r.randint(1, 300)
            return (r.randint(0, w), w)
        x.case(1, 3)
        x.cases(gen, n=5)
        x.raises("ValueError", 1, 0)
        x.raises("ValueError", x.rng.randint(11, 20), 10)


@family(E, "Converting with a fallback",
        V("int_or_default", "convert a string to an int, returning a default when it is not a whole number",
          "to_int|int_or|parse_int", "default|or_default|safe", names="safe_int"),
        V("to_number", "convert a string to an int if possible, else a float, else return None", "to|parse",
          "number|numeric", names="as_number"),
        V("parse_bool", "read 'yes'/'no'/'true'/'false'/'on'/'off'/'1'/'0' as a bool, raising ValueError otherwise",
          "parse|to", "bool|flag|switch", names="truthy"))
def safe_conversion(x: Ctx) -> None:
    s = x.param("text|s|raw|value|field", "str")
    if x.v == "int_or_default":
        d = x.param("default|fallback|otherwise", "int", default=x.pick([0, -1]))
        x.returns("int")
        _say(x, f"Return {s} converted to an int. If {s} is not a whole number (int() refuses it), return {d} "
                "instead of raising.",
             f"Convert {s} with int(); when that fails with ValueError, the result is {d}. Surrounding spaces and "
             "a leading sign are accepted, as int() accepts them.")
        form = x.pick(["try_return", "try_else", "try_assign"])
        if form == "try_return":
            x.body(f"""
                try:
                    return int({s})
                except ValueError:
                    return {d}""")
        elif form == "try_else":
            x.body(f"""
                try:
                    number = int({s})
                except ValueError:
                    return {d}
                else:
                    return number""")
        else:
            x.body(f"""
                result = {d}
                try:
                    result = int({s})
                except ValueError:
                    pass
                return result""")
        x.explain("`int` raises ValueError for text that is not a whole number; catching exactly that exception "
                  "turns the failure into the default while any other mistake would still surface.")
        x.case("42")
        x.case("4.2")
        x.cases(lambda r: (r.choice([str(r.randint(-99, 99)), f" {r.randint(0, 9)} ", r.choice(SHORT_WORDS), "",
                                     "1e3", f"+{r.randint(1, 9)}"]),), n=6)
        x.case("12", 7)
    elif x.v == "to_number":
        x.returns("int | float | None")
        _say(x, f"Return the number written in {s}: an int if int() accepts it, otherwise a float if float() "
                "accepts it, otherwise None.",
             f"Interpret {s} as a number, preferring int over float: '7' gives 7, '7.5' gives 7.5 and '1e2' gives "
             "100.0; text that is neither gives None.")
        form = x.pick(["nested", "loop", "sequential"])
        if form == "nested":
            x.body(f"""
                try:
                    return int({s})
                except ValueError:
                    try:
                        return float({s})
                    except ValueError:
                        return None""")
        elif form == "loop":
            x.body(f"""
                for convert in (int, float):
                    try:
                        return convert({s})
                    except ValueError:
                        pass
                return None""")
        else:
            x.body(f"""
                try:
                    return int({s})
                except ValueError:
                    pass
                try:
                    return float({s})
                except ValueError:
                    return None""")
        x.explain("Each conversion is attempted in order of preference; a ValueError only means 'try the next "
                  "one', and None reports that nothing worked.")
        x.case("7")
        x.case("7.5")
        x.cases(lambda r: (r.choice([str(r.randint(-50, 50)), f"{r.randint(0, 99)}.{r.randint(0, 9)}", "1e2", "-0.5",
                                     r.choice(SHORT_WORDS), "", "3,5", "."]),), n=7)
    else:
        x.returns("bool")
        _say(x, f"Interpret {s} as a yes/no answer. Ignoring case and surrounding spaces, 'yes', 'true', 'on' "
                "and '1' mean True and 'no', 'false', 'off' and '0' mean False; anything else raises ValueError.",
             f"Return True or False for the switch value {s} (case-insensitive, spaces around it ignored): true "
             "words are yes/true/on/1, false words are no/false/off/0. Raise ValueError for any other text.")
        key = x.local("key|word|clean|norm")
        form = x.pick(["sets", "dict_try", "dict_in"])
        norm = f"{key} = {s}.strip().lower()"
        if form == "sets":
            x.body(norm, f"""
                if {key} in ('yes', 'true', 'on', '1'):
                    return True
                if {key} in ('no', 'false', 'off', '0'):
                    return False
                raise ValueError(f'not a yes/no value: {{{s}!r}}')""")
        elif form == "dict_try":
            x.body(norm, f"""
                table = {{'yes': True, 'true': True, 'on': True, '1': True,
                         'no': False, 'false': False, 'off': False, '0': False}}
                try:
                    return table[{key}]
                except KeyError:
                    raise ValueError(f'not a yes/no value: {{{s}!r}}') from None""")
        else:
            x.body(norm, f"""
                meaning = {{'yes': True, 'true': True, 'on': True, '1': True,
                           'no': False, 'false': False, 'off': False, '0': False}}
                if {key} not in meaning:
                    raise ValueError(f'not a yes/no value: {{{s}!r}}')
                return meaning[{key}]""")
        x.explain("The text is normalised first (spaces stripped, lowercased), so one lookup covers 'YES', ' yes' "
                  "and 'Yes'; unknown words raise ValueError rather than silently meaning False.")
        x.case(" Yes")
        x.case("off")
        def gen(r):
            word = r.choice(["yes", "no", "true", "false", "on", "off", "1", "0"])
            word = r.choice([word, word.upper(), word.capitalize()])
            return (r.choice(["", " "]) + word + r.choice(["", " "]),)
        x.cases(gen, n=6)
        x.raises("ValueError", x.pick(["maybe", "2", "yep", ""]))


@family(E, "Trying alternatives in order",
        V("first_converter", "read a string in the first of several named formats ('int', 'hex', 'float') that "
          "does not raise ValueError", "first|try", "conversion|format|parse", names="parse_any_format"),
        V("retry_readings", "retry reading a sensor value from successive raw strings, giving up after a number "
          "of attempts", "retry|read", "reading|sensor|with_retries", names="read_with_retries"),
        V("lookup_chain", "look a key up in a list of dictionaries, returning the value from the first that has it",
          "lookup|find", "in_chain|layered|first", names="chained_get"))
def first_success(x: Ctx) -> None:
    if x.v == "first_converter":
        s, ks = x.param("text|raw|value", "str"), x.param("formats|kinds|attempts", "list[str]")
        x.returns("int | float")
        _say(x, f"Try to read {s} in each format named in {ks}, in order, and return the first result obtained "
                "without a ValueError. The formats are 'int' (a decimal integer, as int() reads it), 'hex' (a "
                "hexadecimal integer, as int(text, 16) reads it) and 'float'. If every format fails (or "
                f"{ks} is empty), raise ValueError.",
             f"Return the value of {s} using the first format of {ks} that accepts it: 'int' means int({s}), "
             f"'hex' means int({s}, 16), 'float' means float({s}). A format that raises ValueError is skipped; "
             "when none succeeds, raise ValueError yourself.")
        conv, k = x.local("convert|fn|parser"), x.local("kind|fmt|name")
        table = x.pick(["{'int': int, 'hex': lambda t: int(t, 16), 'float': float}",
                        "{'int': int, 'float': float, 'hex': lambda t: int(t, base=16)}"])
        form = x.pick(["return_in_try", "for_else", "flag"])
        if form == "return_in_try":
            x.body(f"""
                converters = {table}
                for {k} in {ks}:
                    try:
                        return converters[{k}]({s})
                    except ValueError:
                        continue
                raise ValueError(f'no format accepts {{{s}!r}}')""")
        elif form == "for_else":
            x.body(f"""
                converters = {table}
                for {k} in {ks}:
                    {conv} = converters[{k}]
                    try:
                        result = {conv}({s})
                    except ValueError:
                        continue
                    break
                else:
                    raise ValueError(f'no format accepts {{{s}!r}}')
                return result""")
        else:
            x.body(f"""
                def {conv}({k}):
                    if {k} == 'int':
                        return int({s})
                    if {k} == 'hex':
                        return int({s}, 16)
                    return float({s})

                for {k} in {ks}:
                    try:
                        return {conv}({k})
                    except ValueError:
                        pass
                raise ValueError('no format accepts ' + repr({s}))""")
        x.explain("The loop stops at the first format whose conversion returns normally; the exception is raised "
                  "only after every alternative has failed. A `for ... else` runs its else block exactly when the "
                  "loop ended without `break`.")
        x.case("ff", ["int", "hex"])
        x.case("12", ["int", "float"])

        def gen(r):
            kind = r.choice(["int", "float", "hex"])
            if kind == "int":
                text = str(r.randint(-9, 99))
            elif kind == "float":
                text = r.choice([f"{r.randint(0, 9)}.{r.randint(1, 9)}", "1e2", f"-{r.randint(1, 9)}.5"])
            else:
                text = r.choice(["ff", "1a", "beef", "c0", "10"])
            fmts = r.sample(["int", "hex", "float"], r.randint(1, 3))
            if kind not in fmts:
                fmts.append(kind)
            return (text, fmts)
        x.cases(gen, n=6)
        x.raises("ValueError", x.pick(["xyz", "1.2.3", "0x"]), ["int", "hex", "float"])
    elif x.v == "retry_readings":
        rs, k = x.param("readings|attempts|raw_values|samples", "list[str]"), x.param("max_tries|tries|limit", "int")
        x.returns("tuple[int, int]")
        _say(x, f"Simulate an unreliable sensor: {rs} holds the raw text returned by successive reads. Read at most "
                f"{k} of them, in order, converting each with int(); return (value, attempt) for the first that "
                "converts, where attempt counts from 1. If no attempt succeeds, raise RuntimeError.",
             f"Try to get an integer from the successive raw readings {rs}, giving up after {k} attempts (or when the "
             "readings run out). Return a tuple (value, number of attempts used). A reading that int() rejects "
             "counts as a failed attempt; raise RuntimeError when all allowed attempts fail.")
        i = x.local("attempt|i|tries_used|n")
        form = x.pick(["for_range", "enumerate", "while"])
        if form == "for_range":
            x.body(f"""
                for {i} in range(min({k}, len({rs}))):
                    try:
                        return int({rs}[{i}]), {i} + 1
                    except ValueError:
                        pass
                raise RuntimeError('sensor gave no valid reading')""")
        elif form == "enumerate":
            x.body(f"""
                for {i}, raw in enumerate({rs}[:{k}], start=1):
                    try:
                        value = int(raw)
                    except ValueError:
                        continue
                    return value, {i}
                raise RuntimeError(f'no valid reading in {{{k}}} tries')""")
        else:
            x.body(f"""
                {i} = 0
                while {i} < {k} and {i} < len({rs}):
                    raw = {rs}[{i}]
                    {i} += 1
                    try:
                        return int(raw), {i}
                    except ValueError:
                        continue
                raise RuntimeError('gave up')""")
        x.explain("Each attempt is wrapped in its own try block, so one bad reading only costs an attempt; the "
                  "loop bounds enforce the retry limit and the exception after the loop reports total failure.")
        noise = ["err", "", "--", "timeout", "4x", "nan?"]
        x.case(["err", "", "17", "20"], 3)
        def gen(r):
            raw = [r.choice(noise) if r.random() < 0.5 else str(r.randint(0, 99)) for _ in range(r.randint(1, 5))]
            limit = r.randint(2, 5)
            reach = min(limit, len(raw))
            if not any(v.isdigit() for v in raw[:reach]):
                raw[r.randrange(reach)] = str(r.randint(0, 99))
            return (raw, limit)
        x.cases(gen, n=5)
        x.raises("RuntimeError", ["err", "err", "5"], 2)
        x.case(["timeout", "8"], 5)
    else:
        key, ds = x.param("key|name|setting", "str"), x.param("layers|scopes|sources|dicts", "list[dict[str, int]]")
        x.returns("int")
        _say(x, f"Return the value of {key} in the first dictionary of {ds} that contains it (earlier dictionaries "
                f"take precedence, like local settings over defaults). Raise KeyError({key}) if none contains it.",
             f"Look {key} up in each dict of {ds} in turn and return the first value found. When no dictionary has "
             f"{key}, raise KeyError with the key.")
        d = x.local("layer|scope|d|source")
        form = x.pick(["try", "in", "get_sentinel"])
        if form == "try":
            x.body(f"""
                for {d} in {ds}:
                    try:
                        return {d}[{key}]
                    except KeyError:
                        pass
                raise KeyError({key})""")
        elif form == "in":
            x.body(f"""
                for {d} in {ds}:
                    if {key} in {d}:
                        return {d}[{key}]
                raise KeyError({key})""")
        else:
            x.body(f"""
                missing = object()
                for {d} in {ds}:
                    value = {d}.get({key}, missing)
                    if value is not missing:
                        return value
                raise KeyError({key})""")
        x.explain("The dictionaries are searched in priority order and the search stops at the first hit; only "
                  "an unsuccessful search of all of them is an error.")
        ks = ["color", "size", "mode", "depth"]
        x.case("size", [{"color": 1}, {"size": 3, "color": 2}, {"size": 9}])
        def gen(r):
            layers = [{k: r.randint(0, 9) for k in r.sample(ks, r.randint(1, 3))} for _ in range(r.randint(1, 3))]
            return (r.choice(sorted({k for layer in layers for k in layer})), layers)
        x.cases(gen, n=6)
        x.raises("KeyError", "depth", [{"color": 1}, {"size": 2}])


_CUSTOM = {
    "withdraw": ("InsufficientFunds", "Exception", "the balance is too small for a withdrawal"),
    "parse_temperature": ("TemperatureError", "ValueError", "a temperature string cannot be read"),
    "booth": ("SoldOut", "Exception", "a booking asks for more seats than are left"),
}


@family(E, "Defining and raising your own exception",
        V("withdraw", "withdraw from a balance, raising a custom InsufficientFunds exception when it is too small",
          "withdraw|take_out", "amount|money|funds", names="debit"),
        V("parse_temperature", "parse '21.5C' or '70F' into Celsius, raising a custom TemperatureError for bad text",
          "parse|read", "temperature|temp|celsius", names="to_celsius"),
        V("booth", "write a TicketBooth class whose book() raises a custom SoldOut exception", "TicketBooth",
          names="TicketBooth|SeatCounter|BoxOffice"))
def custom_exception(x: Ctx) -> None:
    cls, base, when = _CUSTOM[x.v]
    doc_line = x.pick([f"Raised when {when}.", f"Signals that {when}."])
    x.imports(f'class {cls}({base}):\n    """{doc_line}"""')
    if x.v == "withdraw":
        bal, amt = x.param("balance|funds|account", "int"), x.param("amount|value|cash", "int")
        x.returns("int")
        _say(x, f"Return the balance left after taking {amt} from {bal}. Raise ValueError if {amt} is not positive, "
                f"and {cls} (defined above) if {amt} is larger than {bal}.",
             f"Withdraw {amt} from {bal} and return the new balance. A non-positive {amt} is a ValueError; an "
             f"{amt} above {bal} raises {cls} with a message saying how much is missing.")
        form = x.pick(["two_ifs", "elif", "compute_first"])
        if form == "two_ifs":
            x.body(f"""
                if {amt} <= 0:
                    raise ValueError('amount must be positive')
                if {amt} > {bal}:
                    raise {cls}(f'short by {{{amt} - {bal}}}')
                return {bal} - {amt}""")
        elif form == "elif":
            x.body(f"""
                if {amt} <= 0:
                    raise ValueError('amount must be positive')
                elif {amt} > {bal}:
                    raise {cls}(f'short by {{{amt} - {bal}}}')
                else:
                    return {bal} - {amt}""")
        else:
            x.body(f"""
                if {amt} <= 0:
                    raise ValueError('amount must be positive')
                left = {bal} - {amt}
                if left < 0:
                    raise {cls}(f'short by {{-left}}')
                return left""")
        x.explain(f"A custom exception class is just a subclass of Exception; its name ({cls}) tells the caller "
                  "exactly what went wrong, so they can catch this case without catching unrelated errors.")
        x.case(100, 30)
        x.cases(lambda r: (r.randint(10, 200), r.randint(1, 10)), n=4)
        x.raises(cls, 20, x.rng.randint(21, 60))
        x.raises("ValueError", 50, x.pick([0, -5]))
    elif x.v == "parse_temperature":
        s = x.param("text|reading|raw|value", "str")
        x.returns("float")
        _say(x, f"{s} is a number followed by a unit letter, 'C' or 'F' (for example '21.5C' or '70F'). Return "
                f"the temperature in Celsius rounded to 1 decimal (Fahrenheit converts as (F - 32) * 5 / 9). Raise "
                f"{cls} (a ValueError defined above) when the unit is missing or unknown or the number cannot be "
                "read.",
             f"Convert the reading {s} ('<number>C' or '<number>F') to degrees Celsius, rounded to one decimal. Any "
             f"malformed reading raises {cls}.")
        num, unit = x.local("number|amount|degrees"), x.local("unit|scale|letter")
        form = x.pick(["translate", "check_first"])
        if form == "translate":
            x.body(f"""
                {num}, {unit} = {s}[:-1], {s}[-1:]
                if {unit} not in ('C', 'F'):
                    raise {cls}(f'unknown unit in {{{s}!r}}')
                try:
                    value = float({num})
                except ValueError:
                    raise {cls}(f'bad number in {{{s}!r}}') from None
                if {unit} == 'F':
                    value = (value - 32) * 5 / 9
                return round(value, 1)""")
        else:
            x.body(f"""
                {unit} = {s}[-1:]
                try:
                    value = float({s}[:-1])
                except ValueError as exc:
                    raise {cls}(f'bad number in {{{s}!r}}') from exc
                if {unit} == 'C':
                    return round(value, 1)
                if {unit} == 'F':
                    return round((value - 32) * 5 / 9, 1)
                raise {cls}(f'unknown unit in {{{s}!r}}')""")
        x.explain("The low-level ValueError from float() is caught and replaced by the function's own exception, "
                  "so callers only need to know about one error type; `from` keeps the original as the cause.")
        x.case("21.5C")
        x.case("212F")
        x.cases(lambda r: (f"{r.randint(-20, 110)}{r.choice(['C', 'F'])}",), n=5)
        x.raises(cls, x.pick(["20K", "abcC", "C", ""]))
    else:
        x.as_class()
        o = x.local("booth|office|b|counter")
        _say(x, f"Sells seats for one show. {x.name}(seats) starts with that many free seats; book(n) reserves n "
                f"seats and returns the number left, raising ValueError if n < 1 and {cls} (defined above) if "
                "fewer than n seats are free, in which case nothing is booked; left() returns the free seats.",
             f"A booth with a fixed number of seats. book(n) takes n seats (n >= 1, else ValueError) and returns how "
             f"many remain; asking for more than remain raises {cls} and changes nothing. left() reports the "
             "remaining seats.")
        x.body(f"""
            def __init__(self, seats):
                self._free = seats

            def book(self, n):
                if n < 1:
                    raise ValueError('book at least one seat')
                if n > self._free:
                    raise {cls}(f'only {{self._free}} seats left')
                self._free -= n
                return self._free

            def left(self):
                return self._free""")
        x.explain(f"The method checks before it changes anything, so a refused booking leaves the object as it "
                  f"was; {cls} lets callers handle a sold-out show differently from a bad argument.")
        r = x.rng
        for _ in range(5):
            cap = r.randint(2, 10)
            take = r.randint(1, cap)
            x.scenario(("stmt", f"{o} = {x.name}({cap})"), ("expr", f"{o}.book({take})"),
                       ("raises", f"{o}.book({cap + r.randint(1, 5)})", cls), ("expr", f"{o}.left()"),
                       ("raises", f"{o}.book(0)", "ValueError"))
        x.n_examples = 1


@family(E, "try, except, else and finally",
        V("sum_and_failures", "add up the integers in a list of strings and count the strings that failed, using "
          "try/except/else", "sum|total", "valid|parsed|with_failures", names="tally_numbers"),
        V("logged_divide", "divide two integers and return the result with a log written by except, else and finally",
          "divide|traced", "logged|with_log|division", names="traced_division"),
        V("stop_at_bad", "convert strings until the first bad one, counting every attempt in a finally block",
          "convert|read", "until_bad|prefix|leading", names="parse_until_error"))
def try_else_finally(x: Ctx) -> None:
    if x.v == "sum_and_failures":
        xs = x.param("texts|items|values|fields", "list[str]")
        x.returns("tuple[int, int]")
        _say(x, f"Return (total, failures): total is the sum of the strings of {xs} that int() can convert, "
                "failures the number of strings it cannot.",
             f"Go through {xs}, converting each string with int(). Add the successes to a running total and count "
             "the failures; return both as a tuple (total, failures).")
        tot, bad, t = x.local("total|acc|sum_ok"), x.local("failures|bad|errors"), x.local("text|item|s|field")
        form = x.pick(["else", "in_try", "continue"])
        if form == "else":
            x.body(f"""
                {tot} = {bad} = 0
                for {t} in {xs}:
                    try:
                        number = int({t})
                    except ValueError:
                        {bad} += 1
                    else:
                        {tot} += number
                return {tot}, {bad}""")
        elif form == "in_try":
            x.body(f"""
                {tot}, {bad} = 0, 0
                for {t} in {xs}:
                    try:
                        {tot} += int({t})
                    except ValueError:
                        {bad} += 1
                return ({tot}, {bad})""")
        else:
            x.body(f"""
                {tot} = 0
                {bad} = 0
                for {t} in {xs}:
                    try:
                        number = int({t})
                    except ValueError:
                        {bad} = {bad} + 1
                        continue
                    {tot} = {tot} + number
                return {tot}, {bad}""")
        x.explain("The `else` block of a try statement runs only when no exception was raised, which keeps the "
                  "code that uses the converted value out of the protected region.")
        x.case(["4", "x", "-1", ""])
        x.case([])
        x.cases(lambda r: ([r.choice([str(r.randint(-20, 50)), r.choice(SHORT_WORDS), "2.5", ""]) for _ in range(r.randint(1, 5))],), n=6)
    elif x.v == "logged_divide":
        a, b = x.param("a|top|numerator|dividend", "int"), x.param("b|bottom|denominator|divisor", "int")
        x.returns("tuple[int | None, list[str]]")
        ok, err = x.pick([("ok", "error"), ("done", "failed"), ("success", "division by zero")])
        _say(x, f"Return (result, log). result is {a} // {b}, or None when {b} is 0. log is a list of strings: "
                f"'start', then '{err}' if the division failed or '{ok}' if it worked, and always 'end' last.",
             f"Compute {a} // {b} while recording what happens. The log starts with 'start'; a ZeroDivisionError "
             f"adds '{err}' (and the result is None), a successful division adds '{ok}'; 'end' is always added at "
             "the end. Return the tuple (result, log).")
        lg, res = x.local("log|events|trace"), x.local("result|quotient|value")
        form = x.pick(["full", "no_finally", "else_only"])
        if form == "full":
            x.body(f"""
                {lg} = ['start']
                {res} = None
                try:
                    {res} = {a} // {b}
                except ZeroDivisionError:
                    {lg}.append('{err}')
                else:
                    {lg}.append('{ok}')
                finally:
                    {lg}.append('end')
                return {res}, {lg}""")
        elif form == "no_finally":
            x.body(f"""
                {lg} = ['start']
                try:
                    {res} = {a} // {b}
                    {lg}.append('{ok}')
                except ZeroDivisionError:
                    {res} = None
                    {lg}.append('{err}')
                {lg}.append('end')
                return {res}, {lg}""")
        else:
            x.body(f"""
                {lg} = ['start']
                try:
                    {res} = {a} // {b}
                except ZeroDivisionError:
                    {res} = None
                    {lg}.append('{err}')
                else:
                    {lg}.append('{ok}')
                {lg}.append('end')
                return ({res}, {lg})""")
        x.explain("`except` handles the failure, `else` runs only after success and `finally` runs in every case, "
                  "even when an exception is on its way out, which is why clean-up code belongs there.")
        x.case(7, 2)
        x.case(5, 0)
        x.cases(lambda r: (r.randint(-20, 20), r.choice([0, r.randint(1, 6), -r.randint(1, 4)])), n=6)
    else:
        xs = x.param("texts|items|tokens|stream", "list[str]")
        x.returns("tuple[list[int], int]")
        _say(x, f"Convert the strings of {xs} with int() from the start, stopping at the first one that fails. "
                "Return (numbers, attempts): the integers converted before the failure and the number of strings "
                "that were tried, the failing one included.",
             f"Read integers from {xs} until a string is not a whole number. Return a tuple of the list of numbers "
             "read and how many conversions were attempted (counting the failed one, if any).")
        nums, n, t = x.local("numbers|values|out"), x.local("attempts|tried|count"), x.local("text|item|tok")
        form = x.pick(["finally", "count_first", "index"])
        if form == "finally":
            x.body(f"""
                {nums}, {n} = [], 0
                for {t} in {xs}:
                    try:
                        {nums}.append(int({t}))
                    except ValueError:
                        break
                    finally:
                        {n} += 1
                return {nums}, {n}""")
        elif form == "count_first":
            x.body(f"""
                {nums} = []
                {n} = 0
                for {t} in {xs}:
                    {n} += 1
                    try:
                        value = int({t})
                    except ValueError:
                        break
                    {nums}.append(value)
                return {nums}, {n}""")
        else:
            x.body(f"""
                {nums} = []
                for i, {t} in enumerate({xs}):
                    try:
                        {nums}.append(int({t}))
                    except ValueError:
                        return {nums}, i + 1
                return {nums}, len({xs})""")
        x.explain("A `finally` clause runs even when `break` leaves the loop from inside the `except` block, so "
                  "the attempt counter never misses the failing string.")
        x.case(["3", "8", "x", "5"])
        x.case([])
        x.cases(lambda r: ([r.choice([str(r.randint(0, 30))] * 3 + [r.choice(SHORT_WORDS), "1.5"]) for _ in range(r.randint(1, 5))],), n=6)


@family(E, "Collecting validation errors instead of stopping",
        V("record_problems", "list every problem with a person record (missing name, bad age, bad email)",
          "check|validate", "record|person|profile", names="problems_in"),
        V("bad_rows", "return the line numbers of 'name,age' lines that cannot be parsed", "bad|invalid",
          "rows|lines|line_numbers", names="find_bad_lines"),
        V("schema_check", "list the fields of a record that are missing or have the wrong type name", "check|wrong",
          "schema|fields|types", names="schema_errors"))
def error_report(x: Ctx) -> None:
    if x.v == "record_problems":
        rec = x.param("record|person|row|entry", "dict")
        lo, hi = x.pick([(0, 150), (0, 130), (1, 120)])
        x.returns("list[str]")
        _say(x, f"Check the dictionary {rec} and return the list of problems found, in this order (an empty list "
                "when it is valid): 'name missing' if there is no non-empty string under 'name'; 'age missing' if "
                f"there is no 'age' key, else 'age not an int' if it is not an int, else 'age out of range' if it "
                f"is outside {lo}..{hi}; 'email invalid' if an 'email' key is present and its value has no '@'.",
             f"Validate {rec} without stopping at the first error: collect the messages 'name missing' (no name, or "
             f"an empty one), 'age missing', 'age not an int', 'age out of range' (allowed {lo} to {hi}) and "
             "'email invalid' (present but without '@'), checking name, age and email in that order, and return "
             "the list.")
        probs = x.local("problems|errors|issues|found")
        age = x.local("age|years|value")
        form = x.pick(["ifs", "get"])
        if form == "ifs":
            x.body(f"""
                {probs} = []
                if not {rec}.get('name'):
                    {probs}.append('name missing')
                if 'age' not in {rec}:
                    {probs}.append('age missing')
                elif not isinstance({rec}['age'], int):
                    {probs}.append('age not an int')
                elif not {lo} <= {rec}['age'] <= {hi}:
                    {probs}.append('age out of range')
                if 'email' in {rec} and '@' not in {rec}['email']:
                    {probs}.append('email invalid')
                return {probs}""")
        else:
            x.body(f"""
                {probs} = []
                name = {rec}.get('name', '')
                if name == '':
                    {probs}.append('name missing')
                {age} = {rec}.get('age')
                if {age} is None:
                    {probs}.append('age missing')
                elif type({age}) is not int:
                    {probs}.append('age not an int')
                elif {age} < {lo} or {age} > {hi}:
                    {probs}.append('age out of range')
                email = {rec}.get('email')
                if email is not None and '@' not in email:
                    {probs}.append('email invalid')
                return {probs}""")
        x.explain("Instead of raising at the first problem, each check appends a message to a list, so the "
                  "caller learns about every problem at once; `elif` makes the age checks stop at the first one "
                  "that applies.")

        def gen(r):
            d = {}
            if r.random() < 0.8:
                d["name"] = r.choice(NAMES + [""])
            if r.random() < 0.8:
                d["age"] = r.choice([r.randint(lo, hi), r.randint(hi + 1, 300), -r.randint(1, 9), str(r.randint(1, 90)), 3.5])
            if r.random() < 0.6:
                n = r.choice(NAMES)
                d["email"] = r.choice([f"{n}@{r.choice(CITIES)}.org", f"{n}.{r.choice(CITIES)}.org"])
            return (d,)
        x.case({"name": "ada", "age": 36, "email": "ada@example.org"})
        x.case({"name": "", "age": "36"})
        x.cases(gen, n=7)
    elif x.v == "bad_rows":
        ls = x.param("lines|rows|records|data", "list[str]")
        x.returns("list[int]")
        _say(x, f"Each string of {ls} should be 'name,age' with exactly one comma, a non-empty name and an age that "
                "int() accepts. Return the line numbers (counting from 1) of the lines that break these rules.",
             f"Return the 1-based positions of the bad lines in {ls}. A good line has two comma-separated fields: a "
             "non-empty name and a whole-number age (as int() reads it); any other line is bad.")
        bad = x.local("bad|errors|wrong|numbers")
        ln = x.local("line|row|text")
        form = x.pick(["try_loop", "helper_comp", "try_else"])
        if form == "try_loop":
            x.body(f"""
                {bad} = []
                for i, {ln} in enumerate({ls}, start=1):
                    fields = {ln}.split(',')
                    try:
                        if len(fields) != 2 or not fields[0]:
                            raise ValueError('wrong shape')
                        int(fields[1])
                    except ValueError:
                        {bad}.append(i)
                return {bad}""")
        elif form == "helper_comp":
            x.body(f"""
                def ok({ln}):
                    fields = {ln}.split(',')
                    if len(fields) != 2 or not fields[0]:
                        return False
                    try:
                        int(fields[1])
                    except ValueError:
                        return False
                    return True

                return [i for i, {ln} in enumerate({ls}, start=1) if not ok({ln})]""")
        else:
            x.body(f"""
                {bad} = []
                for i in range(len({ls})):
                    fields = {ls}[i].split(',')
                    if len(fields) != 2 or fields[0] == '':
                        {bad}.append(i + 1)
                        continue
                    try:
                        int(fields[1])
                    except ValueError:
                        {bad}.append(i + 1)
                return {bad}""")
        x.explain("Each line is checked on its own and a failure only records its number, so one bad line does "
                  "not hide the others.")

        def line(r):
            n = r.choice(NAMES)
            return r.choice([f"{n},{r.randint(1, 99)}"] * 3 + [f"{n},{r.choice(SHORT_WORDS)}", f",{r.randint(1, 9)}", n,
                                                               f"{n},{r.randint(1, 9)},x", f"{n}, {r.randint(1, 9)}"])
        x.case(["ada,36", "alan", "grace,x", ",5"])
        x.case([])
        x.cases(lambda r: ([line(r) for _ in range(r.randint(1, 5))],), n=6)
    else:
        rec, sch = x.param("record|row|data|item", "dict"), x.param("schema|types|spec|expected", "dict[str, str]")
        x.returns("list[str]")
        _say(x, f"{sch} maps field names to type names such as 'int', 'str' or 'float'. Return the sorted list of "
                f"the fields of {sch} that are missing from {rec} or whose value's type name (type(value).__name__) "
                "differs from the expected one. Extra fields of the record are ignored.",
             f"Compare {rec} with the schema {sch} ({{field: type name}}) and return, sorted, every field that is "
             "absent or holds a value of another type than the schema says (compare type(value).__name__).")
        fld, tn = x.local("field|key|name"), x.local("type_name|expected_type|kind")
        form = x.pick(["loop", "comprehension", "try"])
        if form == "loop":
            x.body(f"""
                wrong = []
                for {fld}, {tn} in {sch}.items():
                    if {fld} not in {rec} or type({rec}[{fld}]).__name__ != {tn}:
                        wrong.append({fld})
                return sorted(wrong)""")
        elif form == "comprehension":
            x.body(f"return sorted({fld} for {fld}, {tn} in {sch}.items()\n"
                   f"              if {fld} not in {rec} or type({rec}[{fld}]).__name__ != {tn})")
        else:
            x.body(f"""
                wrong = []
                for {fld} in {sch}:
                    try:
                        value = {rec}[{fld}]
                    except KeyError:
                        wrong.append({fld})
                        continue
                    if type(value).__name__ != {sch}[{fld}]:
                        wrong.append({fld})
                wrong.sort()
                return wrong""")
        x.explain("Every field of the schema is checked, and problems are collected into a list rather than "
                  "raised, so a single call reports all of them.")
        sample = {"name": "str", "age": "int", "score": "float", "city": "str"}
        vals = {"str": lambda r: r.choice(NAMES), "int": lambda r: r.randint(0, 99), "float": lambda r: r.randint(0, 99) / 4}

        def gen(r):
            fields = r.sample(sorted(sample), r.randint(1, 4))
            sch = {k: sample[k] for k in fields}
            rec = {}
            for k in fields:
                roll = r.random()
                if roll < 0.6:
                    rec[k] = vals[sample[k]](r)
                elif roll < 0.85:
                    rec[k] = vals[r.choice([t for t in vals if t != sample[k]])](r)
            return (rec, sch)
        x.case({"name": "ada", "age": "36"}, {"name": "str", "age": "int", "city": "str"})
        x.cases(gen, n=6)


@family(E, "Lookups that fail clearly",
        V("get_path", "follow a dotted path like 'db.port' through nested dictionaries, raising KeyError if a "
          "part is missing", "get|lookup|resolve", "path|dotted|nested", names="dig"),
        V("nth_item", "return the item at a 1-based position, raising IndexError outside 1..len", "nth|item_at",
          "item|element|position", names="at_position"),
        V("without_key", "return (value, rest) where rest is a copy of a dictionary without a required key",
          "pop|take", "required|key|field", names="split_off"))
def lookup_errors(x: Ctx) -> None:
    if x.v == "get_path":
        d, p = x.param("config|data|tree|settings", "dict"), x.param("path|dotted|key_path", "str")
        x.returns("object")
        _say(x, f"Follow {p}, a dot-separated list of keys, through the nested dictionaries of {d} and return the "
                f"value reached ('a.b' means {d}['a']['b']). If a key is missing on the way, raise KeyError with "
                "that key. Every value met before the last key is a dictionary.",
             f"Resolve the dotted key {p} in {d}: start at {d} and, for each part of {p} split at '.', step into "
             "the value stored under that part. A part that is not present raises KeyError(part).")
        cur, part = x.local("node|current|value|here"), x.local("part|key|name|step")
        form = x.pick(["loop_in", "loop_try", "recursive"])
        if form == "loop_in":
            x.body(f"""
                {cur} = {d}
                for {part} in {p}.split('.'):
                    if {part} not in {cur}:
                        raise KeyError({part})
                    {cur} = {cur}[{part}]
                return {cur}""")
        elif form == "loop_try":
            x.body(f"""
                {cur} = {d}
                for {part} in {p}.split('.'):
                    {cur} = {cur}[{part}]
                return {cur}""")
            x.explain("Indexing a dictionary with a missing key already raises KeyError naming that key, so "
                      "the loop only has to step down one level per part.")
        else:
            x.body(f"""
                head, _, rest = {p}.partition('.')
                if head not in {d}:
                    raise KeyError(head)
                if not rest:
                    return {d}[head]
                return {x.name}({d}[head], rest)""")
        x.explain("The path is consumed one key at a time; each step goes one level deeper, and a missing key "
                  "stops the walk with KeyError.")
        tree = {"db": {"host": "lima", "port": 5432, "auth": {"user": "ada"}}, "debug": 1, "ui": {"theme": "dark"}}
        x.case(tree, "db.port")
        x.cases(lambda r: (tree, r.choice(["db.host", "db.auth.user", "debug", "ui.theme", "db.auth", "ui"])), n=5)
        x.raises("KeyError", tree, x.pick(["db.pass", "cache", "ui.font", "db.auth.key"]))
    elif x.v == "nth_item":
        xs, n = x.param("items|values|seq|data", "list[int]"), x.param("position|n|k|place", "int")
        x.returns("int")
        _say(x, f"Return the element of {xs} at the 1-based position {n} (1 is the first element). Raise "
                f"IndexError if {n} is less than 1 or greater than len({xs}); unlike Python indices, 0 and negative "
                "positions are errors.",
             f"Give the {n}-th element of {xs}, counting from 1. Positions outside 1..len({xs}) raise IndexError "
             "(no negative indexing).")
        form = x.pick(["check", "loop", "chained"])
        if form == "check":
            x.body(f"""
                if {n} < 1 or {n} > len({xs}):
                    raise IndexError(f'position {{{n}}} out of range')
                return {xs}[{n} - 1]""")
        elif form == "loop":
            x.body(f"""
                for pos, item in enumerate({xs}, start=1):
                    if pos == {n}:
                        return item
                raise IndexError(f'no position {{{n}}}')""")
        else:
            x.body(f"""
                if not 1 <= {n} <= len({xs}):
                    raise IndexError('position out of range')
                return {xs}[{n} - 1]""")
        x.explain("Python's own indexing would accept 0 and negative numbers, so the range is checked "
                  "explicitly before converting the 1-based position to a 0-based index.")
        x.case([10, 20, 30], 1)
        def gen(r):
            items = ints(r, 1, 6, 0, 99)
            return (items, r.randint(1, len(items)))
        x.cases(gen, n=5)
        x.raises("IndexError", [4, 5], 0)
        x.raises("IndexError", [4, 5, 6], x.pick([4, -1, 7]))
    else:
        d, k = x.param("record|data|fields|mapping", "dict[str, int]"), x.param("key|name|field", "str")
        x.returns("tuple[int, dict[str, int]]")
        _say(x, f"Return a tuple (value, rest): the value stored under {k} in {d}, and a new dictionary with every "
                f"other entry of {d}. {d} itself is not modified. Raise KeyError if {k} is missing.",
             f"Split {d} into the value of the required key {k} and a copy of the remaining entries, returned as "
             f"(value, rest) without changing {d}. A missing {k} raises KeyError.")
        rest = x.local("rest|others|remaining")
        form = x.pick(["copy_pop", "comprehension", "check_first"])
        if form == "copy_pop":
            x.body(f"""
                {rest} = dict({d})
                value = {rest}.pop({k})
                return value, {rest}""")
        elif form == "comprehension":
            x.body(f"""
                value = {d}[{k}]
                {rest} = {{name: v for name, v in {d}.items() if name != {k}}}
                return value, {rest}""")
        else:
            x.body(f"""
                if {k} not in {d}:
                    raise KeyError({k})
                {rest} = {{}}
                for name in {d}:
                    if name != {k}:
                        {rest}[name] = {d}[name]
                return {d}[{k}], {rest}""")
        x.explain("`dict.pop` and `d[key]` both raise KeyError for a missing key, which is exactly the error the "
                  "contract asks for; copying first keeps the caller's dictionary intact.")
        x.case({"id": 7, "qty": 2}, "id")
        def gen(r):
            keys = r.sample(["id", "qty", "size", "rank"], r.randint(1, 4))
            return ({q: r.randint(0, 99) for q in keys}, r.choice(keys))
        x.cases(gen, n=5)
        x.raises("KeyError", {"qty": 1}, "id")


@family(E, "Raising TypeError for values of the wrong type",
        V("sum_numbers", "add up a list, raising TypeError naming the position of the first item that is not a number",
          "sum|total", "numbers|checked|strict", names="strict_sum"),
        V("join_strings", "join a list of strings with a separator, raising TypeError for any non-string item",
          "join|concat", "strings|texts|checked", names="strict_join"),
        V("kind_of", "describe a value as 'number', 'text' or 'sequence', raising TypeError for anything else",
          "kind|describe|classify", "of|value|type", names="value_kind"))
def type_errors(x: Ctx) -> None:
    if x.v == "sum_numbers":
        xs = x.param("values|items|numbers|data", "list")
        x.returns("int | float")
        _say(x, f"Return the sum of {xs}, whose items should be ints or floats. If an item is of any other type, "
                "raise TypeError with a message naming its index, e.g. 'item 2 is not a number'.",
             f"Add up the numbers in {xs}. Every item must be an int or a float; at the first item that is not, "
             "raise TypeError('item <index> is not a number'). An empty list sums to 0.")
        tot = x.local("total|acc|result")
        form = x.pick(["check_then_sum", "accumulate", "enumerate_any"])
        if form == "check_then_sum":
            x.body(f"""
                for i, item in enumerate({xs}):
                    if not isinstance(item, (int, float)):
                        raise TypeError(f'item {{i}} is not a number')
                return sum({xs})""")
        elif form == "accumulate":
            x.body(f"""
                {tot} = 0
                for i in range(len({xs})):
                    if type({xs}[i]) not in (int, float):
                        raise TypeError(f'item {{i}} is not a number')
                    {tot} += {xs}[i]
                return {tot}""")
        else:
            x.body(f"""
                bad = [i for i, item in enumerate({xs}) if not isinstance(item, (int, float))]
                if bad:
                    raise TypeError(f'item {{bad[0]}} is not a number')
                return sum({xs})""")
        x.explain("`isinstance(item, (int, float))` accepts either numeric type; raising TypeError with the "
                  "position tells the caller exactly which item to fix.")
        x.case([1, 2.5, 3])
        x.case([])
        x.cases(lambda r: (ints(r, 1, 5, -9, 20),), n=5)
        x.raises("TypeError", [1, "2", 3])
        x.raises("TypeError", [x.rng.randint(0, 9), None])
    elif x.v == "join_strings":
        xs, sep = x.param("parts|items|words|pieces", "list"), x.param("sep|separator|glue", "str", default=x.pick([", ", "-", " "]))
        x.returns("str")
        _say(x, f"Join the items of {xs} with {sep} between them. Every item must be a str: if one is not, raise "
                "TypeError naming the offending value's type, instead of converting it.",
             f"Return {sep}.join({xs}) after checking that all items are strings; an item of another type raises "
             "TypeError (numbers are not converted silently).")
        form = x.pick(["precheck", "build", "all"])
        if form == "precheck":
            x.body(f"""
                for item in {xs}:
                    if not isinstance(item, str):
                        raise TypeError(f'expected str, got {{type(item).__name__}}')
                return {sep}.join({xs})""")
        elif form == "build":
            x.body(f"""
                out = ''
                for i, item in enumerate({xs}):
                    if type(item) is not str:
                        raise TypeError(f'expected str, got {{type(item).__name__}}')
                    out += item if i == 0 else {sep} + item
                return out""")
        else:
            x.body(f"""
                if not all(isinstance(item, str) for item in {xs}):
                    raise TypeError('all items must be strings')
                return {sep}.join({xs})""")
        x.explain("Checking the type first gives a clear TypeError at the boundary of the function, rather than "
                  "a confusing failure (or a silently wrong result) later on.")
        x.case(["a", "b", "c"])
        x.cases(lambda r: (r.sample(WORDS, r.randint(0, 4)),), n=4)
        x.raises("TypeError", ["a", x.rng.randint(1, 9)])
        x.raises("TypeError", [None])
    else:
        v = x.param("value|item|obj|thing", "object")
        x.returns("str")
        _say(x, f"Return 'number' if {v} is an int or a float, 'text' if it is a str, and 'sequence' if it is a "
                "list or a tuple. For any other type raise TypeError with the type's name in the message.",
             f"Classify {v}: ints and floats are 'number', strings are 'text', lists and tuples are 'sequence'. "
             "Other types (None, dicts, sets, ...) are not supported and raise TypeError.")
        form = x.pick(["isinstance", "table", "type_in"])
        if form == "isinstance":
            x.body(f"""
                if isinstance({v}, (int, float)):
                    return 'number'
                if isinstance({v}, str):
                    return 'text'
                if isinstance({v}, (list, tuple)):
                    return 'sequence'
                raise TypeError(f'unsupported type: {{type({v}).__name__}}')""")
        elif form == "table":
            x.body(f"""
                kinds = {{int: 'number', float: 'number', str: 'text', list: 'sequence', tuple: 'sequence'}}
                try:
                    return kinds[type({v})]
                except KeyError:
                    raise TypeError(f'unsupported type: {{type({v}).__name__}}') from None""")
        else:
            x.body(f"""
                t = type({v})
                if t in (int, float):
                    return 'number'
                elif t is str:
                    return 'text'
                elif t in (list, tuple):
                    return 'sequence'
                else:
                    raise TypeError(f'unsupported type: {{t.__name__}}')""")
        x.explain("The type is examined once and mapped to a category; types the function was not written for "
                  "raise TypeError instead of getting a made-up answer.")
        x.case(3.5)
        x.case("hi")
        x.cases(lambda r: (r.choice([r.randint(-9, 99), r.choice(WORDS), ints(r, 0, 3), tuple(ints(r, 1, 2)), ""]),), n=6)
        x.raises("TypeError", x.pick([None, {"a": 1}, {1, 2}]))


@family(E, "Turning one exception into another",
        V("price_of", "look up an item's price, raising ValueError('unknown item: ...') instead of KeyError",
          "price|cost", "of|lookup|for_item", names="unit_price"),
        V("parse_port", "parse a network port number from text, raising ValueError with a clear message",
          "parse|read", "port|port_number", names="port_from_text"),
        V("ratio", "compute a ratio rounded to 2 decimals, raising ValueError instead of ZeroDivisionError",
          "ratio|checked", "of|ratio|divide", names="safe_ratio_or_raise"))
def exception_translation(x: Ctx) -> None:
    if x.v == "price_of":
        item, table = x.param("item|name|product", "str"), x.param("prices|table|catalog|menu", "dict[str, int]")
        x.returns("int")
        _say(x, f"Return the price of {item} from {table}. When {item} is not in {table}, raise ValueError with "
                f"the message 'unknown item: <item>' (the caller should not have to know that a dictionary is "
                "used, so no KeyError escapes).",
             f"Look {item} up in the price table {table} and return its price. An unknown item raises "
             "ValueError('unknown item: ' + item).")
        form = x.pick(["try_from", "in", "get"])
        if form == "try_from":
            x.body(f"""
                try:
                    return {table}[{item}]
                except KeyError:
                    raise ValueError(f'unknown item: {{{item}}}') from None""")
        elif form == "in":
            x.body(f"""
                if {item} not in {table}:
                    raise ValueError('unknown item: ' + {item})
                return {table}[{item}]""")
        else:
            x.body(f"""
                price = {table}.get({item})
                if price is None:
                    raise ValueError(f'unknown item: {{{item}}}')
                return price""")
        x.explain("Catching the KeyError and raising a ValueError with a readable message translates an "
                  "implementation detail into an error that makes sense to the caller; `from None` hides the "
                  "original from the traceback.")
        menu = {"tea": 3, "cake": 5, "soup": 7, "bread": 2}
        x.case("tea", menu)
        def gen(r):
            table = {k: r.randint(1, 20) for k in r.sample(sorted(menu), r.randint(1, 4))}
            return (r.choice(sorted(table)), table)
        x.cases(gen, n=5)
        x.raises("ValueError", x.pick(["coffee", "pie", "salad"]), menu)
    elif x.v == "parse_port":
        s = x.param("text|raw|value|port", "str")
        x.returns("int")
        _say(x, f"Return the port number written in {s} (surrounding spaces allowed). Raise ValueError with the "
                f"message 'not a number: <text>' if int() cannot read it, and 'port out of range: <n>' if it is not "
                "between 1 and 65535.",
             f"Parse {s} as a TCP port: an integer from 1 to 65535. Text that is not an integer raises ValueError('not "
             "a number: ...'); an integer outside the range raises ValueError('port out of range: ...').")
        n = x.local("number|port_no|n|value")
        form = x.pick(["try_from", "try_else", "precheck"])
        if form == "try_from":
            x.body(f"""
                try:
                    {n} = int({s})
                except ValueError:
                    raise ValueError(f'not a number: {{{s}}}') from None
                if not 1 <= {n} <= 65535:
                    raise ValueError(f'port out of range: {{{n}}}')
                return {n}""")
        elif form == "try_else":
            x.body(f"""
                try:
                    {n} = int({s})
                except ValueError as exc:
                    raise ValueError(f'not a number: {{{s}}}') from exc
                else:
                    if {n} < 1 or {n} > 65535:
                        raise ValueError(f'port out of range: {{{n}}}')
                    return {n}""")
        else:
            x.body(f"""
                t = {s}.strip()
                if not t.lstrip('+-').isdigit() or t.count('-') + t.count('+') > 1:
                    raise ValueError(f'not a number: {{{s}}}')
                {n} = int(t)
                if {n} < 1 or {n} > 65535:
                    raise ValueError(f'port out of range: {{{n}}}')
                return {n}""")
        x.explain("Both failures are reported as ValueError, but each with its own message, so a user can tell "
                  "a typo from a number that is simply not a valid port.")
        x.case("8080")
        x.case(" 22 ")
        x.cases(lambda r: (str(r.randint(1, 65535)),), n=4)
        x.raises("ValueError", x.pick(["http", "80a", ""]))
        x.raises("ValueError", x.pick(["0", "70000", "-1"]))
    else:
        a, b = x.param("a|num|part|top", "int"), x.param("b|den|whole|bottom", "int")
        x.returns("float")
        _say(x, f"Return {a} / {b} rounded to 2 decimals. When {b} is 0, raise ValueError('denominator is zero') "
                "instead of letting ZeroDivisionError escape.",
             f"Divide {a} by {b} and round to two decimal places. A zero {b} is reported as ValueError with the "
             "message 'denominator is zero'.")
        form = x.pick(["translate", "precheck", "try_else"])
        if form == "try_else":
            x.body(f"""
                try:
                    value = {a} / {b}
                except ZeroDivisionError as exc:
                    raise ValueError('denominator is zero') from exc
                else:
                    return round(value, 2)""")
        elif form == "translate":
            x.body(f"""
                try:
                    return round({a} / {b}, 2)
                except ZeroDivisionError:
                    raise ValueError('denominator is zero') from None""")
        else:
            x.body(f"""
                if {b} == 0:
                    raise ValueError('denominator is zero')
                return round({a} / {b}, 2)""")
        x.explain("The division either succeeds or fails in one known way; translating that failure into "
                  "ValueError keeps the function's error contract to a single exception type.")
        x.case(1, 3)
        x.cases(lambda r: (r.randint(-50, 50), r.choice([r.randint(1, 9), -r.randint(1, 9)])), n=5)
        x.raises("ValueError", x.rng.randint(-9, 9), 0)


@family(E, "Validating a collection and stopping at the first problem",
        V("require_sorted", "return a list unchanged if it is sorted, else raise ValueError naming the first bad index",
          "require|check", "sorted|ordered|ascending", names="ensure_sorted"),
        V("require_unique", "return the number of items if all are distinct, else raise ValueError naming the "
          "first repeat", "require|check", "unique|distinct|no_duplicates", names="count_unique_or_raise"),
        V("grid_shape", "return (rows, columns) of a list of rows, raising ValueError if the rows differ in length",
          "shape|size", "of_grid|of_matrix|grid", names="matrix_shape"))
def collection_checks(x: Ctx) -> None:
    xs = x.param("values|items|rows|data" if x.v != "grid_shape" else "grid|rows|matrix|table",
                 "list[int]" if x.v != "grid_shape" else "list[list[int]]")
    if x.v == "require_sorted":
        x.returns("list[int]")
        _say(x, f"Return {xs} itself if its values never decrease from left to right. Otherwise raise ValueError "
                "with the message 'out of order at index i', where i is the first index whose value is smaller "
                "than the one before it.",
             f"Check that {xs} is in non-decreasing order and return it. At the first position i where {xs}[i] < "
             f"{xs}[i - 1], raise ValueError(f'out of order at index {{i}}').")
        form = x.pick(["range", "zip", "while"])
        if form == "range":
            x.body(f"""
                for i in range(1, len({xs})):
                    if {xs}[i] < {xs}[i - 1]:
                        raise ValueError(f'out of order at index {{i}}')
                return {xs}""")
        elif form == "zip":
            x.body(f"""
                for i, (prev, cur) in enumerate(zip({xs}, {xs}[1:]), start=1):
                    if cur < prev:
                        raise ValueError(f'out of order at index {{i}}')
                return {xs}""")
        else:
            x.body(f"""
                i = 1
                while i < len({xs}):
                    if {xs}[i - 1] > {xs}[i]:
                        raise ValueError(f'out of order at index {{i}}')
                    i += 1
                return {xs}""")
        x.explain("Comparing each value with its predecessor finds the first violation; returning the input "
                  "when it is fine lets the check be used inline, as in `process(require_sorted(data))`.")
        x.case([1, 2, 2, 5])
        x.cases(lambda r: (sorted(ints(r, 0, 6, -9, 20)),), n=4)
        x.raises("ValueError", [1, 3, 2])
        x.raises("ValueError", [x.rng.randint(5, 9), x.rng.randint(0, 4)])
    elif x.v == "require_unique":
        x.returns("int")
        _say(x, f"Return len({xs}) if no value occurs twice in it. Otherwise raise ValueError('duplicate: v'), "
                "where v is the first value that is seen for the second time when reading from the left.",
             f"Make sure all values of {xs} are distinct and return how many there are. Reading left to right, the "
             "first value met again raises ValueError with the message 'duplicate: <value>'.")
        seen = x.local("seen|met|so_far")
        form = x.pick(["set", "list_slice", "dict"])
        if form == "set":
            x.body(f"""
                {seen} = set()
                for v in {xs}:
                    if v in {seen}:
                        raise ValueError(f'duplicate: {{v}}')
                    {seen}.add(v)
                return len({xs})""")
        elif form == "list_slice":
            x.body(f"""
                for i, v in enumerate({xs}):
                    if v in {xs}[:i]:
                        raise ValueError(f'duplicate: {{v}}')
                return len({xs})""")
        else:
            x.body(f"""
                {seen} = {{}}
                for v in {xs}:
                    {seen}[v] = {seen}.get(v, 0) + 1
                    if {seen}[v] == 2:
                        raise ValueError(f'duplicate: {{v}}')
                return len({seen})""")
        x.explain("Remembering the values already met (a set makes the test fast) finds the first repeat the "
                  "moment it appears.")
        x.case([3, 1, 4])
        x.cases(lambda r: (r.sample(range(-9, 30), r.randint(0, 6)),), n=4)
        x.raises("ValueError", [3, 1, 4, 1, 5])
        x.raises("ValueError", [7, 7])
    else:
        x.returns("tuple[int, int]")
        _say(x, f"Return (number of rows, number of columns) of {xs}, a list of rows. All rows must have the same "
                "length: otherwise raise ValueError naming the first row (by index) whose length differs from row "
                "0. An empty grid has shape (0, 0).",
             f"Compute the shape of the table {xs} as a tuple (rows, columns). If some row has a different length "
             "than the first one, raise ValueError('row <i> has <n> items, expected <m>') for the first such row. "
             "[] has shape (0, 0).")
        width = x.local("width|cols|n_cols|expected")
        form = x.pick(["loop", "enumerate", "set"])
        guard = f"if not {xs}:\n    return (0, 0)\n{width} = len({xs}[0])"
        if form == "loop":
            x.body(guard, f"""
                for i in range(1, len({xs})):
                    if len({xs}[i]) != {width}:
                        raise ValueError(f'row {{i}} has {{len({xs}[i])}} items, expected {{{width}}}')
                return (len({xs}), {width})""")
        elif form == "enumerate":
            x.body(guard, f"""
                for i, row in enumerate({xs}):
                    if len(row) != {width}:
                        raise ValueError(f'row {{i}} has {{len(row)}} items, expected {{{width}}}')
                return len({xs}), {width}""")
        else:
            x.body(guard, f"""
                if len({{len(row) for row in {xs}}}) > 1:
                    i = next(i for i, row in enumerate({xs}) if len(row) != {width})
                    raise ValueError(f'row {{i}} has {{len({xs}[i])}} items, expected {{{width}}}')
                return len({xs}), {width}""")
        x.explain("The first row fixes the expected width; every other row is compared with it and the first "
                  "mismatch is reported precisely.")
        x.case([[1, 2, 3], [4, 5, 6]])
        x.case([])
        def gen(r):
            c = r.randint(0, 3)
            return ([ints(r, c, c, 0, 9) for _ in range(r.randint(1, 3))],)
        x.cases(gen, n=5)
        x.raises("ValueError", [[1, 2], [3]])
        x.raises("ValueError", [[1], [2], [3, 4]])


@family(E, "Handling several kinds of errors",
        V("classify_divisions", "divide pairs of numeric strings, labelling each result 'bad number' or "
          "'division by zero' when it fails", "classify|label", "divisions|results|quotients", names="divide_all"),
        V("lookup_any", "index a list or a dictionary, returning a default on IndexError, KeyError or TypeError",
          "lookup|fetch", "any|item|safely", names="get_or_default"),
        V("error_counts", "count how many 'a/b' expressions succeed and how many fail with each exception type",
          "count|tally", "errors|outcomes|failures", names="outcome_counts"))
def multi_except(x: Ctx) -> None:
    if x.v == "classify_divisions":
        ps = x.param("pairs|jobs|tasks|inputs", "list[tuple[str, str]]")
        x.returns("list[int | str]")
        _say(x, f"For each pair (a, b) of strings in {ps}, compute int(a) // int(b). The result list holds that "
                "quotient, or 'bad number' if either string is not an integer, or 'division by zero' if b is 0.",
             f"Return one entry per pair of {ps}: the integer quotient int(a) // int(b) when it can be computed, "
             "'bad number' when int() fails on a or b, and 'division by zero' when b is zero.")
        out, a, b = x.local("results|out|answers"), x.local("a|left|top"), x.local("b|right|bottom")
        form = x.pick(["two_excepts", "tuple_isinstance", "nested"])
        if form == "two_excepts":
            x.body(f"""
                {out} = []
                for {a}, {b} in {ps}:
                    try:
                        {out}.append(int({a}) // int({b}))
                    except ValueError:
                        {out}.append('bad number')
                    except ZeroDivisionError:
                        {out}.append('division by zero')
                return {out}""")
        elif form == "tuple_isinstance":
            x.body(f"""
                {out} = []
                for {a}, {b} in {ps}:
                    try:
                        {out}.append(int({a}) // int({b}))
                    except (ValueError, ZeroDivisionError) as exc:
                        {out}.append('bad number' if isinstance(exc, ValueError) else 'division by zero')
                return {out}""")
        else:
            x.body(f"""
                {out} = []
                for {a}, {b} in {ps}:
                    try:
                        x, y = int({a}), int({b})
                    except ValueError:
                        {out}.append('bad number')
                        continue
                    try:
                        {out}.append(x // y)
                    except ZeroDivisionError:
                        {out}.append('division by zero')
                return {out}""")
        x.explain("Several `except` clauses can follow one `try`; Python runs the first whose type matches, so "
                  "each kind of failure gets its own answer.")
        x.case([("7", "2"), ("x", "1"), ("5", "0")])
        x.case([])
        x.cases(lambda r: ([(str(r.randint(-20, 20)), r.choice(["0", str(r.randint(1, 5)), r.choice(SHORT_WORDS), "-2"]))
                            if r.random() < 0.8 else (r.choice(SHORT_WORDS), "1") for _ in range(r.randint(1, 4))],), n=6)
    elif x.v == "lookup_any":
        c, k = x.param("container|data|source|box", "list | dict"), x.param("key|index|where", "object")
        d = x.param("default|fallback|otherwise", "object", default=None)
        x.returns("object")
        _say(x, f"Return {c}[{k}], where {c} is a list or a dictionary. If that lookup fails because the index is "
                f"out of range (IndexError), the key is missing (KeyError) or the key has an unusable type for a "
                f"list (TypeError), return {d} instead.",
             f"Index {c} (a list or a dict) with {k}; on IndexError, KeyError or TypeError give back {d}. Negative "
             "list indices work as usual.")
        form = x.pick(["tuple", "lookup_error", "separate"])
        if form == "tuple":
            x.body(f"""
                try:
                    return {c}[{k}]
                except (IndexError, KeyError, TypeError):
                    return {d}""")
        elif form == "lookup_error":
            x.body(f"""
                try:
                    return {c}[{k}]
                except (LookupError, TypeError):
                    return {d}""")
            x.explain("LookupError is the common base class of IndexError and KeyError, so catching it covers "
                      "both.")
        else:
            x.body(f"""
                try:
                    value = {c}[{k}]
                except IndexError:
                    value = {d}
                except KeyError:
                    value = {d}
                except TypeError:
                    value = {d}
                return value""")
        x.explain("One `except` clause can name several exception types in a tuple; the same recovery then "
                  "applies to each of them.")
        x.case([10, 20, 30], 1)
        x.case({"a": 1}, "b")
        x.cases(lambda r: r.choice([(ints(r, 0, 4, 0, 9), r.randint(-5, 5)), ({"a": 1, "b": 2}, r.choice(["a", "b", "c"])),
                                    (ints(r, 1, 3, 0, 9), r.choice(["0", "x"])), ([1, 2], r.randint(0, 3), r.choice([0, -1, "none"]))]), n=7)
    else:
        es = x.param("exprs|expressions|items|lines", "list[str]")
        x.returns("dict[str, int]")
        _say(x, f"Each string of {es} has the form 'a/b'. Evaluate int(a) // int(b) for each and return a "
                "dictionary counting the outcomes: 'ok' for successes, 'ValueError' when a or b is not an integer "
                "(or the '/' is missing), 'ZeroDivisionError' when b is 0. All three keys are always present.",
             f"Tally what happens when every 'a/b' string of {es} is computed as int(a) // int(b): count successes "
             "under 'ok' and failures under the exception's class name ('ValueError' or 'ZeroDivisionError'). Return "
             "the dict with these three keys, zero counts included.")
        counts = x.local("counts|tally|outcomes")
        e = x.local("expr|item|line|text")
        form = x.pick(["type_name", "two_excepts", "helper"])
        start = f"{counts} = {{'ok': 0, 'ValueError': 0, 'ZeroDivisionError': 0}}"
        if form == "helper":
            x.body(f"""
                def outcome({e}):
                    try:
                        top, bottom = {e}.split('/')
                        int(top) // int(bottom)
                    except ValueError:
                        return 'ValueError'
                    except ZeroDivisionError:
                        return 'ZeroDivisionError'
                    return 'ok'
                """, start, f"""
                for {e} in {es}:
                    {counts}[outcome({e})] += 1
                return {counts}""")
        elif form == "type_name":
            x.body(start, f"""
                for {e} in {es}:
                    try:
                        a, b = {e}.split('/')
                        int(a) // int(b)
                    except (ValueError, ZeroDivisionError) as exc:
                        {counts}[type(exc).__name__] += 1
                    else:
                        {counts}['ok'] += 1
                return {counts}""")
        else:
            x.body(start, f"""
                for {e} in {es}:
                    left, sep, right = {e}.partition('/')
                    try:
                        if not sep:
                            raise ValueError('no slash')
                        int(left) // int(right)
                        {counts}['ok'] += 1
                    except ValueError:
                        {counts}['ValueError'] += 1
                    except ZeroDivisionError:
                        {counts}['ZeroDivisionError'] += 1
                return {counts}""")
        x.explain("`type(exc).__name__` gives the class name of the caught exception, which can serve directly "
                  "as a dictionary key for counting.")
        x.case(["6/3", "1/0", "x/2"])
        x.case([])
        x.cases(lambda r: ([r.choice([f"{r.randint(0, 20)}/{r.randint(0, 4)}", f"{r.choice(SHORT_WORDS)}/2", "8", "9/3"])
                            for _ in range(r.randint(1, 5))],), n=6)


@family(E, "Returning a default instead of failing",
        V("safe_max", "return the largest value of a list, or a default for an empty list", "safe|max_or",
          "max|largest|maximum", names="largest_or_default"),
        V("first_char", "return the first character of a string, or a default when it is empty", "first|initial",
          "char|letter|character", names="initial_or_default"),
        V("safe_mean", "return the mean of a list rounded to 2 decimals, or None when it is empty", "safe|mean_or",
          "mean|average", names="average_or_none"))
def default_on_error(x: Ctx) -> None:
    if x.v == "safe_max":
        xs = x.param("values|numbers|items|scores", "list[int]")
        d = x.param("default|fallback|empty_value", "int", default=x.pick([0, -1]))
        x.returns("int")
        _say(x, f"Return the largest element of {xs}, or {d} when {xs} is empty (where max() would raise "
                "ValueError).",
             f"Give the maximum of {xs}; an empty list is not an error here: it gives {d}.")
        form = x.pick(["try", "check", "default_kw", "loop"])
        if form == "try":
            x.body(f"""
                try:
                    return max({xs})
                except ValueError:
                    return {d}""")
        elif form == "check":
            x.body(f"return max({xs}) if {xs} else {d}")
        elif form == "default_kw":
            x.body(f"return max({xs}, default={d})")
        else:
            x.body(f"""
                if not {xs}:
                    return {d}
                best = {xs}[0]
                for v in {xs}[1:]:
                    if v > best:
                        best = v
                return best""")
        x.explain("Either ask for forgiveness (call max and catch the ValueError it raises on an empty list) or "
                  "look before you leap (test for emptiness first); both give the same contract.")
        x.case([3, 9, 2])
        x.case([])
        x.cases(lambda r: (ints(r, 0, 6, -20, 20),), n=6)
    elif x.v == "first_char":
        s = x.param("text|word|s|name", "str")
        d = x.param("default|fallback|missing", "str", default=x.pick(["", "?", "-"]))
        x.returns("str")
        _say(x, f"Return the first character of {s}, or {d!r} if {s} is empty (where {s}[0] would raise "
                "IndexError).",
             f"Give {s}[0], except that an empty {s} gives {d!r} instead of an IndexError.")
        form = x.pick(["try", "check", "slice"])
        if form == "try":
            x.body(f"""
                try:
                    return {s}[0]
                except IndexError:
                    return {d}""")
        elif form == "check":
            x.body(f"""
                if {s}:
                    return {s}[0]
                return {d}""")
        else:
            x.body(f"return {s}[:1] or {d}")
        x.explain("Indexing an empty string raises IndexError; slicing never does, which is why `s[:1]` is a "
                  "common way to take an optional first character.")
        x.case("hello")
        x.case("")
        x.cases(lambda r: (r.choice(WORDS + [""]).capitalize(),), n=5)
    else:
        xs = x.param("values|numbers|marks|data", "list[int]")
        x.returns("float | None")
        _say(x, f"Return the mean of {xs} rounded to 2 decimals, or None when {xs} is empty (the division by its "
                "length would raise ZeroDivisionError).",
             f"Average the numbers of {xs} (2 decimals). For an empty list return None rather than failing.")
        form = x.pick(["try", "check", "loop"])
        if form == "try":
            x.body(f"""
                try:
                    return round(sum({xs}) / len({xs}), 2)
                except ZeroDivisionError:
                    return None""")
        elif form == "check":
            x.body(f"""
                if not {xs}:
                    return None
                return round(sum({xs}) / len({xs}), 2)""")
        else:
            x.body(f"""
                total = count = 0
                for v in {xs}:
                    total += v
                    count += 1
                if count == 0:
                    return None
                return round(total / count, 2)""")
        x.explain("The only way the computation can fail is an empty list, and that case has a documented "
                  "answer: None.")
        x.case([1, 2, 4])
        x.case([])
        x.cases(lambda r: (ints(r, 0, 6, 0, 100),), n=6)
