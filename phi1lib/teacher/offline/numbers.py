"""Concept families on numbers: digits, primes, divisors, sequences, bases, series, conversions."""

from __future__ import annotations

from phi1lib.teacher.offline.base import Ctx, V, family

T = "arithmetic and number theory"


@family(T, "Working with the digits of a number",
        V("sum", "add up the decimal digits of a non-negative integer", "sum|add|total", "digits|of_digits",
          names="digit_sum|digital_total"),
        V("count", "count the decimal digits of a non-negative integer without converting it to a string",
          "count|num", "digits", names="digit_count|number_length"),
        V("reverse", "reverse the decimal digits of a non-negative integer", "reverse|flip|mirror",
          "digits|number", names="reversed_number"),
        V("product", "multiply the decimal digits of a non-negative integer together", "multiply|product",
          "digits|of_digits", names="digit_product"))
def digits(x: Ctx) -> None:
    n = x.param("n|number|value|num", "int")
    x.returns("int")
    d = x.local("digit|d|last")
    f = x.name
    sign = x.pick(["plain", "plain", "ignore", "raise"])
    guard = {"plain": "", "ignore": f"{n} = abs({n})",
             "raise": f"if {n} < 0:\n    raise ValueError('expected a non-negative number')"}[sign]
    rule = {"plain": "", "ignore": f" The sign of {n} is ignored: a negative number gives the same result as its "
                                   "absolute value.",
            "raise": f" Raise ValueError if {n} is negative."}[sign]
    if x.v == "sum":
        x.doc(f"Return the sum of the decimal digits of {n}{' (n >= 0)' if sign == 'plain' else ''}." + rule)
        x.form(
            (f"return sum(int(ch) for ch in str({n}))", ("`str(n)` lists the digits as characters and `int` turns "
                                                       "each back into a number.")),
            (f"""
            total = 0
            while {n} > 0:
                {n}, {d} = divmod({n}, 10)
                total += {d}
            return total""", "`divmod(n, 10)` splits off the last digit; the loop repeats until nothing is left."),
            (f"""
            total = 0
            while {n}:
                total += {n} % 10
                {n} //= 10
            return total""", "`n % 10` is the last digit and `n // 10` drops it."),
            (f"""
            if {n} < 10:
                return {n}
            return {n} % 10 + {f}({n} // 10)""", "Recursively: the last digit plus the digit sum of the rest."),
            (f"return sum(map(int, str({n})))", "`map(int, ...)` converts every digit character."),
            prefix=guard,
        )
    elif x.v == "count":
        x.doc(f"Return how many decimal digits {n} has ({'n >= 0; ' if sign == 'plain' else ''}zero has one digit), "
              "using arithmetic rather than str()." + rule)
        x.form(
            (f"""
            count = 1
            while {n} >= 10:
                {n} //= 10
                count += 1
            return count""", ("Integer division by 10 removes one digit, so the number of divisions until a "
                             "single digit is left, plus one, is the digit count.")),
            (f"""
            if {n} == 0:
                return 1
            count = 0
            while {n} > 0:
                {n} //= 10
                count += 1
            return count""", "Zero is handled first; otherwise digits are removed until nothing is left."),
            (f"return 1 if {n} < 10 else 1 + {f}({n} // 10)", ("A single digit counts one; a longer number is one "
                                                             "digit more than itself without its last digit.")),
            (f"""
            count = 1
            power = 10
            while power <= {n}:
                power *= 10
                count += 1
            return count""", "The smallest power of ten above n has one zero per digit of n."),
            prefix=guard,
        )
    elif x.v == "reverse":
        x.doc(f"Return the number whose decimal digits are those of {n}{' (n >= 0)' if sign == 'plain' else ''} in "
              "reverse order; leading zeros of the result disappear, so 120 becomes 21." + rule)
        x.form(
            (f"return int(str({n})[::-1])", ("Reversing the text of the number and converting back drops leading "
                                           "zeros automatically.")),
            (f"""
            result = 0
            while {n} > 0:
                result = result * 10 + {n} % 10
                {n} //= 10
            return result""", ("Each digit taken off the end of the number is pushed onto the end of the result "
                              "by multiplying the result by 10 first.")),
            (f"return int(''.join(reversed(str({n}))))", "`reversed` walks the digit characters from last to first."),
            (f"""
            result = 0
            while {n}:
                {n}, {d} = divmod({n}, 10)
                result = 10 * result + {d}
            return result""", "`divmod` splits off the last digit, which is appended to the result."),
            prefix=guard,
        )
    else:
        x.doc(f"Return the product of the decimal digits of {n}{' (n >= 0)' if sign == 'plain' else ''}." + rule)
        x.form(
            (f"""
            product = 1
            for ch in str({n}):
                product *= int(ch)
            return product""", ("`str(n)` lists the digits as characters, and `int(ch)` turns each back into a "
                               "number.")),
            (f"""
            import math
            return math.prod(int(ch) for ch in str({n}))""", "`math.prod` multiplies the digits together."),
            (f"""
            if {n} == 0:
                return 0
            product = 1
            while {n} > 0:
                product *= {n} % 10
                {n} //= 10
            return product""", ("Digits are peeled off with `% 10` and `// 10`; zero, which has the single digit "
                               "0, is handled first.")),
            (f"""
            if {n} < 10:
                return {n}
            return ({n} % 10) * {f}({n} // 10)""", "Recursively: the last digit times the product of the others."),
            prefix=guard,
        )
    x.case(0)
    x.cases(lambda r: (r.choice([r.randint(1, 99), r.randint(100, 99999), r.randint(10, 1000) * 10]),), n=6)
    if sign == "ignore":
        x.case(-x.rng.randint(10, 9999))
    elif sign == "raise":
        x.raises("ValueError", -x.rng.randint(1, 999))


@family(T, "Prime numbers",
        V("is_prime", "check whether an integer is prime using trial division", "is|check", "prime",
          names="primality"),
        V("primes_upto", "list the primes up to and including n with the sieve of Eratosthenes",
          "primes|sieve", "upto|up_to|below", names="list_primes"),
        V("count_primes", "count the primes less than or equal to n", "count", "primes|primes_upto"),
        V("prime_factors", "list the prime factors of n with repetition, in increasing order",
          "prime", "factors|factorization|decomposition", names="factorize"))
def primes(x: Ctx) -> None:
    n = x.param("n|number|limit|value", "int")
    f = x.name
    if x.v == "is_prime":
        x.returns("bool")
        x.doc(f"Return True if {n} is a prime number: greater than 1 and divisible only by 1 and itself.")
        x.form(
            (f"""
            if {n} < 2:
                return False
            d = 2
            while d * d <= {n}:
                if {n} % d == 0:
                    return False
                d += 1
            return True""", ("A composite number has a divisor no larger than its square root, so trial division "
                            "can stop at d * d > n.")),
            (f"return {n} >= 2 and all({n} % d != 0 for d in range(2, int({n} ** 0.5) + 1))",
             "`all` checks that no candidate up to the square root divides n."),
            (f"""
            if {n} < 2:
                return False
            for d in range(2, {n}):
                if d * d > {n}:
                    break
                if {n} % d == 0:
                    return False
            return True""", ("The loop stops once d passes the square root; any divisor found earlier proves n "
                            "composite.")),
            (f"""
            if {n} < 2:
                return False
            if {n} % 2 == 0:
                return {n} == 2
            d = 3
            while d * d <= {n}:
                if {n} % d == 0:
                    return False
                d += 2
            return True""", ("Even numbers are settled at once (only 2 is prime); then only odd divisors need "
                            "trying.")),
            (f"""
            import math
            if {n} < 2:
                return False
            return not any({n} % d == 0 for d in range(2, math.isqrt({n}) + 1))""",
             "`math.isqrt` gives the integer square root, the largest divisor worth trying."),
        )
        x.cases(lambda r: (r.randint(-2, 120),), n=8)
    elif x.v == "primes_upto":
        x.returns("list[int]")
        x.doc(f"Return the list of primes p with 2 <= p <= {n}, using the sieve of Eratosthenes.")
        x.form(
            (f"""
            if {n} < 2:
                return []
            is_p = [True] * ({n} + 1)
            is_p[0] = is_p[1] = False
            for i in range(2, int({n} ** 0.5) + 1):
                if is_p[i]:
                    for j in range(i * i, {n} + 1, i):
                        is_p[j] = False
            return [i for i in range({n} + 1) if is_p[i]]""",
             ("The sieve crosses out the multiples of every prime, starting at its square; the numbers left "
             "standing are prime.")),
            (f"""
            composite = set()
            found = []
            for i in range(2, {n} + 1):
                if i not in composite:
                    found.append(i)
                    composite.update(range(i * i, {n} + 1, i))
            return found""", ("A number not crossed out by a smaller prime is prime; its multiples are then "
                             "crossed out.")),
            (f"""
            if {n} < 2:
                return []
            sieve = [True] * ({n} + 1)
            sieve[0] = sieve[1] = False
            i = 2
            while i * i <= {n}:
                if sieve[i]:
                    sieve[i * i::i] = [False] * len(range(i * i, {n} + 1, i))
                i += 1
            return [k for k, prime in enumerate(sieve) if prime]""",
             "Slice assignment crosses out all multiples of a prime at once."),
            (f"""
            candidates = set(range(2, {n} + 1))
            for i in range(2, int({n} ** 0.5) + 1):
                if i in candidates:
                    candidates -= set(range(i * i, {n} + 1, i))
            return sorted(candidates)""", ("The candidates form a set from which the multiples of each prime are "
                                          "removed; what is left is sorted.")),
        )
        x.cases(lambda r: (r.randint(0, 40),), n=6)
    elif x.v == "count_primes":
        x.returns("int")
        x.doc(f"Return how many prime numbers are less than or equal to {n}.")
        check = """
            def is_p(k):
                if k < 2:
                    return False
                i = 2
                while i * i <= k:
                    if k % i == 0:
                        return False
                    i += 1
                return True"""
        x.form(
            (check, f"return sum(1 for k in range(2, {n} + 1) if is_p(k))",
             "A small helper tests one number by trial division; the count adds one for each prime."),
            (f"""
            if {n} < 2:
                return 0
            sieve = [True] * ({n} + 1)
            sieve[0] = sieve[1] = False
            for i in range(2, {n} + 1):
                if sieve[i]:
                    for j in range(i * i, {n} + 1, i):
                        sieve[j] = False
            return sum(sieve)""", "A sieve marks the primes as True; `sum` counts the Trues."),
            (f"""
            count = 0
            for k in range(2, {n} + 1):
                for d in range(2, k):
                    if k % d == 0:
                        break
                else:
                    count += 1
            return count""", ("The `else` of a `for` loop runs only when the loop was not broken, that is, when no "
                             "divisor was found.")),
            (check, f"return len([k for k in range({n} + 1) if is_p(k)])", "The primes are listed and counted."),
        )
        x.cases(lambda r: (r.randint(0, 60),), n=6)
    else:
        x.returns("list[int]")
        x.doc(f"Return the prime factors of {n} (n >= 2) in increasing order, each repeated as often as it "
              "divides n, so that their product is n.")
        x.form(
            (f"""
            factors = []
            d = 2
            while d * d <= {n}:
                while {n} % d == 0:
                    factors.append(d)
                    {n} //= d
                d += 1
            if {n} > 1:
                factors.append({n})
            return factors""", ("Dividing out each factor as often as possible means the next divisor found is "
                               "always prime; whatever is left above 1 at the end is itself a prime factor.")),
            (f"""
            factors = []
            d = 2
            while {n} > 1:
                if {n} % d == 0:
                    factors.append(d)
                    {n} //= d
                else:
                    d += 1
            return factors""", ("The smallest divisor is divided out again and again; when it no longer divides, "
                               "the next candidate is tried.")),
            (f"""
            for d in range(2, {n} + 1):
                if {n} % d == 0:
                    return [d] if d == {n} else [d] + {f}({n} // d)
            return []""", ("Recursively: the smallest divisor is prime; the factors of n are it followed by the "
                          "factors of n divided by it.")),
            (f"""
            factors = []
            for d in range(2, {n} + 1):
                while {n} % d == 0:
                    factors.append(d)
                    {n} //= d
                if {n} == 1:
                    break
            return factors""", ("Each candidate is divided out as often as it goes; the loop ends when nothing is "
                               "left.")),
        )
        x.cases(lambda r: (r.randint(2, 500),), n=6)


@family(T, "Greatest common divisor and least common multiple",
        V("gcd", "compute the greatest common divisor of two positive integers with Euclid's algorithm",
          "gcd|greatest_common_divisor|euclid", names="gcd|greatest_common_divisor|highest_common_factor"),
        V("lcm", "compute the least common multiple of two positive integers", "lcm|least_common_multiple",
          names="lcm|least_common_multiple|smallest_common_multiple"),
        V("coprime", "check whether two positive integers have no common divisor other than 1",
          "are|is", "coprime|relatively_prime"),
        V("gcd_list", "compute the greatest common divisor of a non-empty list of positive integers",
          "gcd_of|common_divisor_of", "list|all|numbers"))
def gcd_lcm(x: Ctx) -> None:
    euclid = """
        def g(a, b):
            while b:
                a, b = b, a % b
            return a"""
    if x.v == "gcd_list":
        xs = x.param("numbers|values|items", "list[int]")
        x.returns("int")
        x.doc(f"Return the greatest common divisor of all the numbers in {xs}.")
        x.form(
            (euclid, f"""
            result = {xs}[0]
            for v in {xs}[1:]:
                result = g(result, v)
            return result""", "The gcd of a list is built up pairwise: gcd(a, b, c) = gcd(gcd(a, b), c)."),
            (f"""
            import math
            from functools import reduce
            return reduce(math.gcd, {xs})""", "`reduce` folds `math.gcd` over the list, pair by pair."),
            (f"""
            import math
            return math.gcd(*{xs})""", "`math.gcd` accepts any number of arguments."),
            (f"""
            for d in range(min({xs}), 0, -1):
                if all(v % d == 0 for v in {xs}):
                    return d""", ("Candidates are tried from the smallest element downwards; the first that divides "
                                 "every number is the greatest (1 always does).")),
        )
        def multiples(r):
            factor = r.choice([1, 2, 3, 6])  # a shared factor, so that the answer is not always 1
            return ([r.randint(1, 12) * factor for _ in range(r.randint(1, 4))],)
        x.cases(multiples, n=6)
    else:
        a, b = x.param("a|m|x|first", "int"), x.param("b|n|y|second", "int")
        if x.v == "gcd":
            x.returns("int")
            x.doc(f"Return the greatest common divisor of the positive integers {a} and {b}.")
            x.form(
                f"""
                while {b}:
                    {a}, {b} = {b}, {a} % {b}
                return {a}""",
                f"""
                if {b} == 0:
                    return {a}
                return {x.name}({b}, {a} % {b})""",
                (f"""
                import math
                return math.gcd({a}, {b})""", "The standard library's `math.gcd` implements the same algorithm."),
                (f"""
                while {a} != {b}:
                    if {a} > {b}:
                        {a} -= {b}
                    else:
                        {b} -= {a}
                return {a}""", ("The oldest form of Euclid's algorithm subtracts the smaller number from the larger "
                               "until both are equal.")),
                (f"return max(d for d in range(1, min({a}, {b}) + 1) if {a} % d == 0 and {b} % d == 0)",
                 "Trying every candidate up to the smaller number also works, just more slowly."),
            )
        elif x.v == "lcm":
            x.returns("int")
            mult = x.local("multiple|candidate|m")
            x.doc(f"Return the smallest positive integer that is a multiple of both {a} and {b} (both positive).")
            x.form(
                (euclid, f"return {a} * {b} // g({a}, {b})", "lcm(a, b) = a * b // gcd(a, b)."),
                (f"""
                import math
                return {a} * {b} // math.gcd({a}, {b})""", "`math.gcd` gives the gcd, and a * b // gcd is the lcm."),
                (f"""
                {mult} = max({a}, {b})
                while {mult} % {a} != 0 or {mult} % {b} != 0:
                    {mult} += max({a}, {b})
                return {mult}""", ("Only multiples of the larger number need checking; the first that the smaller one "
                             "also divides is the answer.")),
                (f"""
                import math
                return math.lcm({a}, {b})""", "`math.lcm` computes it directly."),
            )
        else:
            x.returns("bool")
            x.doc(f"Return True if {a} and {b} have no common divisor greater than 1.")
            x.form(
                (euclid, f"return g({a}, {b}) == 1", "Two numbers are coprime exactly when their gcd is 1."),
                (f"""
                import math
                return math.gcd({a}, {b}) == 1""", "`math.gcd` gives the greatest common divisor."),
                (f"return not any({a} % d == 0 and {b} % d == 0 for d in range(2, min({a}, {b}) + 1))",
                 "No candidate from 2 up to the smaller number may divide both."),
                (f"""
                while {b}:
                    {a}, {b} = {b}, {a} % {b}
                return {a} == 1""", "Euclid's algorithm runs inline; the number left at the end is the gcd."),
            )
        x.cases(lambda r: (r.randint(1, 60), r.randint(1, 60)), n=7)
    x.explain("Euclid's algorithm replaces (a, b) by (b, a % b) until b is 0; the other number is then the "
              "greatest common divisor, and lcm(a, b) = a * b // gcd(a, b).")


@family(T, "Counting arrangements: factorials and binomials",
        V("factorial", "compute the factorial n! with a loop", "factorial|fact", names="factorial|fact|product_up_to"),
        V("choose", "compute the binomial coefficient C(n, k) without math.comb",
          "choose|binomial|combinations", "count|coefficient", names="n_choose_k"),
        V("permutations", "count the ordered arrangements of k items chosen from n", "count|arrangements",
          "permutations|orderings", names="n_permute_k"),
        V("pascal_row", "build row n of Pascal's triangle", "pascal", "row|triangle_row", names="binomial_row"))
def combinatorics(x: Ctx) -> None:
    n = x.param("n|total|size", "int")
    f = x.name
    if x.v == "factorial":
        x.returns("int")
        strict = x.chance(0.3)
        x.doc(f"Return {n}! = 1 * 2 * ... * {n} for n >= 0 (0! is 1)."
              + (f" Raise ValueError if {n} is negative." if strict else ""))
        guard = f"if {n} < 0:\n    raise ValueError('factorial of a negative number')" if strict else ""
        x.form(
            (guard, f"""
            result = 1
            for i in range(2, {n} + 1):
                result *= i
            return result""", "The product starts at 1 (the empty product) and multiplies in 2, 3, ..., n."),
            (guard, f"""
            if {n} <= 1:
                return 1
            return {n} * {f}({n} - 1)""", "Recursively: n! = n * (n - 1)!, and 0! = 1! = 1 end the recursion."),
            (guard, f"""
            import math
            return math.prod(range(1, {n} + 1))""", ("`math.prod` multiplies 1, 2, ..., n (and gives 1 for an "
                                                  "empty range).")),
            (guard, f"""
            result = 1
            while {n} > 1:
                result *= {n}
                {n} -= 1
            return result""", "The loop multiplies n, n - 1, ... down to 2."),
            (guard, f"""
            from functools import reduce
            return reduce(lambda acc, i: acc * i, range(1, {n} + 1), 1)""",
             "`reduce` folds multiplication over 1..n starting from 1."),
        )
        x.cases(lambda r: (r.randint(0, 15),), n=6)
        if strict:
            x.raises("ValueError", -x.rng.randint(1, 5))
    elif x.v == "pascal_row":
        x.returns("list[int]")
        x.doc(f"Return row {n} (n >= 0) of Pascal's triangle, where row 0 is [1] and each entry is the sum of "
              "the two above it.")
        x.form(
            (f"""
            row = [1]
            for _ in range({n}):
                row = [1] + [row[i] + row[i + 1] for i in range(len(row) - 1)] + [1]
            return row""", "Each row is built from the previous one: ones at the ends, sums of neighbours inside."),
            (f"""
            row = [1]
            for _ in range({n}):
                row = [a + b for a, b in zip([0] + row, row + [0])]
            return row""", "Adding the row to itself shifted by one place (padded with zeros) gives the next row."),
            (f"""
            row = [1]
            for k in range({n}):
                row.append(row[-1] * ({n} - k) // (k + 1))
            return row""", "Each entry follows from the one before it: C(n, k + 1) = C(n, k) * (n - k) / (k + 1)."),
            (f"""
            row = [1]
            for i in range(1, {n} + 1):
                row.append(1)
                for j in range(i - 1, 0, -1):
                    row[j] += row[j - 1]
            return row""", ("The row is updated in place from right to left, so each entry still sees the old "
                           "value of its left neighbour.")),
            (f"""
            if {n} == 0:
                return [1]
            above = {f}({n} - 1)
            return [1] + [above[i] + above[i + 1] for i in range(len(above) - 1)] + [1]""",
             "Recursively: row n is computed from row n - 1."),
        )
        x.cases(lambda r: (r.randint(0, 9),), n=6)
    else:
        k = x.param("k|chosen|picks", "int")
        x.returns("int")
        if x.v == "choose":
            x.doc(f"Return the number of ways to choose {k} items from {n} when order does not matter "
                  f"(0 if {k} > {n}).")
            x.form(
                (f"""
                if {k} < 0 or {k} > {n}:
                    return 0
                result = 1
                for i in range(1, min({k}, {n} - {k}) + 1):
                    result = result * ({n} - i + 1) // i
                return result""",
                 ("Multiplying and dividing step by step keeps every intermediate result a whole number, and the "
                 "symmetry C(n, k) = C(n, n - k) shortens the loop.")),
                (f"""
                if {k} < 0 or {k} > {n}:
                    return 0
                def fact(m):
                    out = 1
                    for i in range(2, m + 1):
                        out *= i
                    return out
                return fact({n}) // (fact({k}) * fact({n} - {k}))""", ("C(n, k) = n! / (k! (n - k)!), with a small "
                                                                   "factorial helper.")),
                (f"""
                if {k} < 0 or {k} > {n}:
                    return 0
                if {k} == 0 or {k} == {n}:
                    return 1
                return {f}({n} - 1, {k} - 1) + {f}({n} - 1, {k})""",
                 "Pascal's rule: choosing from n either takes a given item (C(n - 1, k - 1)) or not (C(n - 1, k))."),
                (f"""
                if {k} > {n}:
                    return 0
                row = [1]
                for _ in range({n}):
                    row = [a + b for a, b in zip([0] + row, row + [0])]
                return row[{k}]""", "Row n of Pascal's triangle holds C(n, 0) ... C(n, n)."),
            )
        else:
            x.doc(f"Return the number of ordered arrangements of {k} distinct items taken from {n} "
                  f"(0 if {k} > {n}).")
            x.form(
                (f"""
                if {k} > {n}:
                    return 0
                result = 1
                for i in range({n} - {k} + 1, {n} + 1):
                    result *= i
                return result""", "The first position has n choices, the next n - 1, and so on for k positions."),
                (f"""
                if {k} > {n}:
                    return 0
                if {k} == 0:
                    return 1
                return {n} * {f}({n} - 1, {k} - 1)""", ("Recursively: n choices for the first position times the "
                                                       "arrangements of k - 1 items from the remaining n - 1.")),
                (f"""
                import math
                return math.perm({n}, {k})""", "`math.perm` counts arrangements directly (and gives 0 when k > n)."),
                (f"""
                result = 1
                for i in range({k}):
                    result *= {n} - i
                return result""", ("The k factors n, n - 1, ..., n - k + 1 are multiplied; when k > n one of the "
                                  "factors is n - n = 0, so the product is 0 without a special case.")),
            )
        x.cases(lambda r: (r.randint(0, 12), r.randint(0, 8)), n=7)


@family(T, "Sequences defined by recurrences",
        V("fib_nth", "compute the n-th Fibonacci number (F(0) = 0, F(1) = 1) iteratively", "fibonacci|fib",
          "number|nth|term", names="fibonacci|fib"),
        V("fib_list", "list the first n Fibonacci numbers", "first|list", "fibonacci|fib_numbers"),
        V("tribonacci", "compute the n-th term of the sequence 0, 0, 1 where each term is the sum of the previous three",
          "tribonacci", "number|term", names="tribonacci"),
        V("custom_start", "compute the n-th term of a Fibonacci-like sequence with given first two terms",
          "nth|sequence", "term|value", names="generalized_fibonacci|lucas_like"))
def recurrences(x: Ctx) -> None:
    n = x.param("n|index|count|k", "int")
    f = x.name
    strict = x.chance(0.3)
    guard = f"if {n} < 0:\n    raise ValueError('n must not be negative')" if strict else ""
    rule = f" Raise ValueError if {n} is negative." if strict else ""
    if x.v == "fib_nth":
        x.returns("int")
        x.doc(f"Return the {n}-th Fibonacci number, where F(0) = 0, F(1) = 1 and F(n) = F(n - 1) + F(n - 2)." + rule)
        x.form(
            f"""
            a, b = 0, 1
            for _ in range({n}):
                a, b = b, a + b
            return a""",
            (f"""
            fibs = [0, 1]
            while len(fibs) <= {n}:
                fibs.append(fibs[-1] + fibs[-2])
            return fibs[{n}]""", "The list of terms grows until it reaches index n."),
            (f"""
            if {n} < 2:
                return {n}
            prev, cur = 0, 1
            for _ in range({n} - 1):
                prev, cur = cur, prev + cur
            return cur""", "F(0) and F(1) are returned directly; from there, n - 1 steps reach F(n)."),
            (f"""
            from functools import lru_cache

            @lru_cache(maxsize=None)
            def term(i):
                return i if i < 2 else term(i - 1) + term(i - 2)

            return term({n})""", "The recursive definition is fast once each value is cached and computed only once."),
            (f"""
            memo = {{0: 0, 1: 1}}
            for i in range(2, {n} + 1):
                memo[i] = memo[i - 1] + memo[i - 2]
            return memo[{n}]""", "A dictionary stores every term computed so far."),
            prefix=guard,
        )
        x.cases(lambda r: (r.randint(0, 30),), n=6)
    elif x.v == "fib_list":
        x.returns("list[int]")
        x.doc(f"Return a list of the first {n} Fibonacci numbers, starting 0, 1, 1, 2, ..." + rule)
        x.form(
            f"""
            result = []
            a, b = 0, 1
            for _ in range({n}):
                result.append(a)
                a, b = b, a + b
            return result""",
            (f"""
            result = [0, 1][:{n}]
            while len(result) < {n}:
                result.append(result[-1] + result[-2])
            return result""", ("The first two terms are sliced to n (for n < 2); later terms are sums of the last "
                              "two.")),
            (f"""
            result = []
            for i in range({n}):
                if i < 2:
                    result.append(i)
                else:
                    result.append(result[i - 1] + result[i - 2])
            return result""", "Term i is i itself for the first two, then the sum of the two before it."),
            (f"""
            def gen():
                a, b = 0, 1
                while True:
                    yield a
                    a, b = b, a + b

            terms = gen()
            return [next(terms) for _ in range({n})]""", ("An endless generator produces the terms, and exactly n of "
                                                        "them are taken.")),
            prefix=guard,
        )
        x.cases(lambda r: (r.randint(0, 12),), n=6)
    elif x.v == "tribonacci":
        x.returns("int")
        x.doc(f"Return term {n} (counting from 0) of the sequence that starts 0, 0, 1 and continues with the "
              "sum of the three previous terms." + rule)
        x.form(
            f"""
            a, b, c = 0, 0, 1
            for _ in range({n}):
                a, b, c = b, c, a + b + c
            return a""",
            (f"""
            terms = [0, 0, 1]
            while len(terms) <= {n}:
                terms.append(terms[-1] + terms[-2] + terms[-3])
            return terms[{n}]""", "The list grows until it has term n."),
            (f"""
            from functools import lru_cache

            @lru_cache(maxsize=None)
            def term(i):
                if i < 2:
                    return 0
                if i == 2:
                    return 1
                return term(i - 1) + term(i - 2) + term(i - 3)

            return term({n})""", ("The recursive definition, written as it is stated; caching makes every term "
                                 "computed only once.")),
            (f"""
            terms = [0, 0, 1]
            for i in range(3, {n} + 1):
                terms.append(sum(terms[i - 3:i]))
            return terms[{n}]""", "Each new term is the sum of the slice of the three terms before it."),
            prefix=guard,
        )
        x.cases(lambda r: (r.randint(0, 20),), n=6)
    else:
        a, b = x.param("first|start|a0", "int"), x.param("second|next_term|a1", "int")
        x.returns("int")
        x.doc(f"Return term {n} (counting from 0) of the sequence whose first two terms are {a} and {b} and "
              "where every later term is the sum of the two before it." + rule)
        x.form(
            f"""
            for _ in range({n}):
                {a}, {b} = {b}, {a} + {b}
            return {a}""",
            (f"""
            terms = [{a}, {b}]
            while len(terms) <= {n}:
                terms.append(terms[-1] + terms[-2])
            return terms[{n}]""", "The list of terms grows until it reaches index n."),
            (f"""
            if {n} == 0:
                return {a}
            return {f}({n} - 1, {b}, {a} + {b})""", ("Recursively: term n of the sequence starting (a, b) is term "
                                                    "n - 1 of the sequence starting (b, a + b).")),
            (f"""
            while {n} > 0:
                {a}, {b} = {b}, {a} + {b}
                {n} -= 1
            return {a}""", "A while loop counts the remaining steps down to zero."),
            prefix=guard,
        )
        x.cases(lambda r: (r.randint(0, 15), r.randint(-3, 5), r.randint(0, 5)), n=6)
    if strict:
        x.raises("ValueError", *((-x.rng.randint(1, 5),) if x.v != "custom_start" else (-1, 0, 1)))
    x.explain("Only the last few terms are needed to compute the next one, so the loop keeps them in a few "
              "variables and shifts them along with a tuple assignment.")


@family(T, "Divisors",
        V("list", "list all positive divisors of n in increasing order", "divisors|factors", "of|list",
          names="divisors|all_divisors"),
        V("sum_proper", "add up the proper divisors of n (all divisors except n itself)", "sum", "proper_divisors|aliquot",
          names="aliquot_sum"),
        V("is_perfect", "check whether n equals the sum of its proper divisors", "is|check", "perfect|perfect_number"),
        V("count", "count the positive divisors of n", "count|num", "divisors|factors"))
def divisors(x: Ctx) -> None:
    n = x.param("n|number|value", "int")
    strict = x.chance(0.3)
    guard = f"if {n} < 1:\n    raise ValueError('n must be positive')" if strict else ""
    rule = f" Raise ValueError if {n} is less than 1." if strict else ""
    if x.v == "list":
        x.returns("list[int]")
        x.doc(f"Return the positive divisors of {n} (n >= 1) in increasing order." + rule)
        x.form(
            f"return [d for d in range(1, {n} + 1) if {n} % d == 0]",
            (f"""
            small, large = [], []
            d = 1
            while d * d <= {n}:
                if {n} % d == 0:
                    small.append(d)
                    if d != {n} // d:
                        large.append({n} // d)
                d += 1
            return small + large[::-1]""", ("Divisors come in pairs d and n // d, one of them at most the square "
                                           "root; the large partners are collected and reversed.")),
            f"""
            result = []
            for d in range(1, {n} + 1):
                if {n} % d == 0:
                    result.append(d)
            return result""",
            f"return list(filter(lambda d: {n} % d == 0, range(1, {n} + 1)))",
            (f"""
            found = set()
            for d in range(1, int({n} ** 0.5) + 1):
                if {n} % d == 0:
                    found.add(d)
                    found.add({n} // d)
            return sorted(found)""", ("Each small divisor brings its partner; a set absorbs the repeat when "
                                     "n is a square.")),
            prefix=guard,
        )
    elif x.v == "sum_proper":
        x.returns("int")
        x.doc(f"Return the sum of the divisors of {n} that are smaller than {n} (n >= 1)." + rule)
        x.form(
            f"return sum(d for d in range(1, {n}) if {n} % d == 0)",
            f"""
            total = 0
            for d in range(1, {n}):
                if {n} % d == 0:
                    total += d
            return total""",
            f"return sum(d for d in range(1, {n} + 1) if {n} % d == 0) - {n}",
            (f"""
            if {n} == 1:
                return 0
            total = 1
            d = 2
            while d * d <= {n}:
                if {n} % d == 0:
                    total += d
                    if d != {n} // d:
                        total += {n} // d
                d += 1
            return total""", ("1 always divides; every other divisor d up to the square root brings its partner "
                             "n // d as well.")),
            prefix=guard,
        )
    elif x.v == "is_perfect":
        x.returns("bool")
        x.doc(f"Return True if {n} (n >= 1) is equal to the sum of its divisors smaller than itself." + rule)
        x.form(
            f"return {n} == sum(d for d in range(1, {n}) if {n} % d == 0)",
            f"""
            total = 0
            for d in range(1, {n}):
                if {n} % d == 0:
                    total += d
            return total == {n}""",
            (f"""
            total = 0
            for d in range(1, {n} // 2 + 1):
                if {n} % d == 0:
                    total += d
                    if total > {n}:
                        return False
            return total == {n}""", ("No proper divisor is larger than n / 2, and the loop can stop as soon as "
                                    "the sum overshoots.")),
            f"return sum(filter(lambda d: {n} % d == 0, range(1, {n}))) == {n}",
            prefix=guard,
        )
        x.cases(lambda r: (r.choice([6, 28, 496, 12, 1, 20]),), n=3)
    else:
        x.returns("int")
        x.doc(f"Return how many positive integers divide {n} (n >= 1) exactly." + rule)
        x.form(
            f"return sum(1 for d in range(1, {n} + 1) if {n} % d == 0)",
            f"return len([d for d in range(1, {n} + 1) if {n} % d == 0])",
            f"""
            count = 0
            for d in range(1, {n} + 1):
                if {n} % d == 0:
                    count += 1
            return count""",
            (f"""
            count = 0
            d = 1
            while d * d <= {n}:
                if {n} % d == 0:
                    count += 1 if d * d == {n} else 2
                d += 1
            return count""", "Divisors pair up as d and n // d; a square root pairs with itself and counts once."),
            prefix=guard,
        )
    x.cases(lambda r: (r.randint(1, 120),), n=6)
    if strict:
        x.raises("ValueError", x.pick([0, -4]))
    x.explain("d divides n exactly when n % d == 0; trying every candidate up to n (or up to its square root, "
              "collecting the partner n // d) finds them all.")


@family(T, "Number bases",
        V("to_binary", "write a non-negative integer in binary without using bin()", "to|as", "binary|base2",
          names="binary_string|int_to_binary"),
        V("from_binary", "convert a string of 0s and 1s to its integer value without int(s, 2)",
          "from|parse", "binary|bits", names="binary_to_int|bits_value"),
        V("to_base", "write a non-negative integer in a base between 2 and 16 using digits 0-9a-f",
          "to|in", "base|radix", names="format_in_base|int_to_base"),
        V("count_ones", "count the 1 bits in the binary form of a non-negative integer", "count|popcount",
          "ones|set_bits|bits", names="popcount|hamming_weight"))
def bases(x: Ctx) -> None:
    f = x.name
    if x.v == "from_binary":
        s = x.param("bits|binary|s|text", "str")
        x.returns("int")
        x.doc(f"Return the integer whose binary digits are the characters of {s} (only '0' and '1', at least "
              "one), computed digit by digit.")
        guard = x.reject(f"not {s}", "empty string", f"Raise ValueError if {s} is empty.", ("",))
        x.form(
            (f"""
            value = 0
            for ch in {s}:
                value = value * 2 + (1 if ch == '1' else 0)
            return value""", "Reading left to right, each new digit doubles what was read so far and adds itself."),
            (f"return sum(2 ** i for i, ch in enumerate(reversed({s})) if ch == '1')",
             "Read from the right, the digit at position i is worth 2 ** i."),
            (f"""
            value = 0
            for ch in {s}:
                value = (value << 1) | int(ch)
            return value""", "Shifting left by one bit doubles the value; `| int(ch)` sets the new lowest bit."),
            (f"""
            value = 0
            for i in range(len({s})):
                value += int({s}[i]) * 2 ** (len({s}) - 1 - i)
            return value""", "Each digit is multiplied by the power of two of its position, counted from the right."),
            prefix=guard,
        )
        x.cases(lambda r: ("".join(r.choice("01") for _ in range(r.randint(1, 10))),), n=6)
        return
    n = x.param("n|number|value", "int")
    if x.v == "to_binary":
        x.returns("str")
        x.doc(f"Return the binary representation of {n} (n >= 0) as a string of 0s and 1s without a prefix; "
              "zero is '0'.")
        guard = x.reject(f"{n} < 0", "negative numbers are not supported", f"Raise ValueError if {n} is negative.", (-x.rng.randint(1, 99),))
        x.form(
            (f"""
            if {n} == 0:
                return '0'
            bits = []
            while {n} > 0:
                bits.append(str({n} % 2))
                {n} //= 2
            return ''.join(reversed(bits))""", ("The remainders of repeated division by 2 are the binary digits "
                                               "from last to first.")),
            (f"""
            if {n} < 2:
                return str({n})
            return {f}({n} // 2) + str({n} % 2)""", ("Recursively: the binary form of n // 2 followed by the last "
                                                    "bit.")),
            (f"""
            out = ''
            while True:
                out = str({n} % 2) + out
                {n} //= 2
                if {n} == 0:
                    return out""", ("Each remainder is put in front of the digits found so far; the loop runs at "
                                   "least once, so zero gives '0'.")),
            (f"return format({n}, 'b')", "The format specification 'b' writes an integer in base 2."),
            prefix=guard,
        )
    elif x.v == "to_base":
        b = x.param("base|radix|b", "int")
        x.returns("str")
        x.doc(f"Return {n} (n >= 0) written in base {b} (2 <= base <= 16) with the digits 0-9 and a-f.")
        guard = x.reject(f"not 2 <= {b} <= 16", "base must be between 2 and 16", f"Raise ValueError if {b} is not between 2 and 16.", (10, 1), (10, 17))
        x.form(
            (f"""
            symbols = '0123456789abcdef'
            if {n} == 0:
                return '0'
            out = []
            while {n}:
                {n}, r = divmod({n}, {b})
                out.append(symbols[r])
            return ''.join(reversed(out))""", ("`divmod` gives the quotient and the remainder at once; each "
                                              "remainder indexes the digit alphabet.")),
            (f"""
            symbols = '0123456789abcdef'
            if {n} < {b}:
                return symbols[{n}]
            return {f}({n} // {b}, {b}) + symbols[{n} % {b}]""", ("Recursively: the digits of n // base, then the "
                                                                "last digit.")),
            (f"""
            symbols = '0123456789abcdef'
            out = ''
            while True:
                out = symbols[{n} % {b}] + out
                {n} //= {b}
                if {n} == 0:
                    return out""", "Each new digit goes in front of those already found."),
            (f"""
            digits = []
            while True:
                {n}, r = divmod({n}, {b})
                digits.insert(0, '0123456789abcdef'[r])
                if not {n}:
                    break
            return ''.join(digits)""", ("`divmod` splits off the last digit, which is inserted at the front of the "
                                       "list; the loop runs at least once, so zero gives '0'.")),
            prefix=guard,
        )
        x.cases(lambda r: (r.randint(0, 5000), r.choice([2, 3, 5, 8, 12, 16])), n=6)
        return
    else:
        x.returns("int")
        x.doc(f"Return how many 1s appear in the binary representation of {n} (n >= 0).")
        guard = x.reject(f"{n} < 0", "n must not be negative", f"Raise ValueError if {n} is negative.", (-x.rng.randint(1, 99),))
        x.form(
            (f"return bin({n}).count('1')", "`bin` writes the number in binary and `str.count` counts the ones."),
            (f"""
            count = 0
            while {n}:
                count += {n} & 1
                {n} >>= 1
            return count""", "`n & 1` is the lowest bit, and shifting right by one drops it."),
            (f"""
            count = 0
            while {n}:
                {n} &= {n} - 1
                count += 1
            return count""", "`n & (n - 1)` clears the lowest 1 bit, so the loop runs once per 1 bit."),
            (f"""
            count = 0
            while {n} > 0:
                count += {n} % 2
                {n} //= 2
            return count""", "The remainders of division by 2 are the bits."),
            (f"return 0 if {n} == 0 else {n} % 2 + {f}({n} // 2)", ("Recursively: the last bit plus the ones of the "
                                                                   "rest.")),
            prefix=guard,
        )
    x.case(0)
    x.cases(lambda r: (r.randint(1, 1000),), n=6)


@family(T, "Step-counting loops",
        V("collatz_steps", "count the steps the 3n + 1 process needs to reach 1", "collatz|hailstone",
          "steps|length", names="steps_to_one"),
        V("halvings", "count how many times a number can be halved (integer division) before it reaches 0",
          "count|num", "halvings|halving_steps"),
        V("digit_root", "repeatedly add the digits of a number until one digit is left",
          "digital|digit", "root|sum_until_single", names="digital_root|repeated_digit_sum"),
        V("doubling", "count the years for an amount to reach a target when it grows by a whole percent each year",
          "years|periods", "to_target|to_reach|to_double"))
def step_loops(x: Ctx) -> None:
    f = x.name
    if x.v == "doubling":
        s, t, p = (x.param("start|amount|principal", "int"), x.param("target|goal", "int"),
                   x.param("rate|percent|growth", "int"))
        x.returns("int")
        x.doc(f"Starting from {s}, each year the amount grows by {p} percent (the new amount is amount * (100 + "
              f"{p}) / 100, not rounded). Return the number of whole years until it is at least {t}. "
              f"{p} is positive.")
        x.form(
            (f"""
            years = 0
            amount = {s}
            while amount < {t}:
                amount = amount * (100 + {p}) / 100
                years += 1
            return years""", ("A while loop repeats the yearly growth and counts the repetitions until the "
                             "condition fails.")),
            (f"""
            years = 0
            amount = {s}
            while True:
                if amount >= {t}:
                    return years
                amount = amount * (100 + {p}) / 100
                years += 1""", ("The loop checks the target at the top of every year and returns as soon as it is "
                               "reached.")),
            (f"""
            from itertools import count
            amount = {s}
            for years in count():
                if amount >= {t}:
                    return years
                amount = amount * (100 + {p}) / 100""", ("`itertools.count()` numbers the years 0, 1, 2, ... without "
                                                       "an upper limit.")),
            (f"""
            if {s} >= {t}:
                return 0
            return 1 + {f}({s} * (100 + {p}) / 100, {t}, {p})""", ("Recursively: one year of growth, then the years "
                                                                  "the grown amount still needs.")),
        )
        x.cases(lambda r: (r.randint(50, 200), r.randint(100, 800), r.choice([5, 10, 20, 50])), n=6)
        return
    n = x.param("n|number|start|value", "int")
    x.returns("int")
    if x.v == "collatz_steps":
        x.doc(f"Starting from {n} (n >= 1), repeatedly replace the number by n // 2 if it is even and by 3n + 1 "
              "if it is odd. Return how many replacements it takes to reach 1.")
        guard = x.reject(f"{n} < 1", "start from a positive number", f"Raise ValueError if {n} is less than 1.", (0,))
        x.form(
            f"""
            steps = 0
            while {n} != 1:
                {n} = {n} // 2 if {n} % 2 == 0 else 3 * {n} + 1
                steps += 1
            return steps""",
            f"""
            steps = 0
            while {n} > 1:
                if {n} % 2 == 0:
                    {n} //= 2
                else:
                    {n} = 3 * {n} + 1
                steps += 1
            return steps""",
            (f"""
            if {n} == 1:
                return 0
            return 1 + {f}({n} // 2 if {n} % 2 == 0 else 3 * {n} + 1)""", ("Recursively: one step, plus the steps "
                                                                       "from the next number.")),
            (f"""
            from itertools import count
            for steps in count():
                if {n} == 1:
                    return steps
                {n} = 3 * {n} + 1 if {n} % 2 else {n} // 2""", ("`itertools.count` numbers the steps; the function "
                                                              "returns when 1 is reached.")),
            prefix=guard,
        )
        x.cases(lambda r: (r.randint(1, 60),), n=6)
    elif x.v == "halvings":
        x.doc(f"Return how many times {n} (n >= 0) can be replaced by n // 2 before it becomes 0.")
        guard = x.reject(f"{n} < 0", "n must not be negative", f"Raise ValueError if {n} is negative.", (-x.rng.randint(1, 99),))
        x.form(
            f"""
            count = 0
            while {n} > 0:
                {n} //= 2
                count += 1
            return count""",
            (f"return {n}.bit_length()", ("Each halving drops one binary digit, so the answer is the number of bits, "
                                        "which `int.bit_length` gives.")),
            (f"return 0 if {n} == 0 else 1 + {f}({n} // 2)", "Recursively: one halving plus those needed for n // 2."),
            (f"""
            count = 0
            power = 1
            while power <= {n}:
                power *= 2
                count += 1
            return count""", "Counting powers of two up to n gives the same number as halving n down to 0."),
            prefix=guard,
        )
        x.cases(lambda r: (r.randint(0, 3000),), n=6)
    else:
        x.doc(f"Add up the decimal digits of {n} (n >= 0), then the digits of the result, and so on until a "
              "single digit remains; return it.")
        guard = x.reject(f"{n} < 0", "n must not be negative", f"Raise ValueError if {n} is negative.", (-x.rng.randint(1, 99),))
        x.form(
            f"""
            while {n} >= 10:
                {n} = sum(int(ch) for ch in str({n}))
            return {n}""",
            (f"return 0 if {n} == 0 else 1 + ({n} - 1) % 9", ("A number and its digit sum leave the same remainder "
                                                            "when divided by 9, which gives a closed formula.")),
            (f"""
            if {n} < 10:
                return {n}
            return {f}(sum(map(int, str({n}))))""", "Recursively: the digital root of the digit sum."),
            (f"""
            while {n} > 9:
                total = 0
                while {n}:
                    total += {n} % 10
                    {n} //= 10
                {n} = total
            return {n}""", ("The inner loop adds up the digits arithmetically; the outer loop repeats until one "
                           "digit is left.")),
            prefix=guard,
        )
        x.cases(lambda r: (r.randint(0, 99999),), n=6)
    x.explain("A while loop suits processes whose number of steps is not known in advance: it runs until "
              "its condition becomes false.")


@family(T, "Sums of series",
        V("squares", "add up the squares 1^2 + 2^2 + ... + n^2", "sum|total", "of_squares|squares_upto"),
        V("arithmetic", "add up an arithmetic sequence given its first term, step and number of terms",
          "arithmetic", "series|sum|total"),
        V("alternating", "compute 1 - 2 + 3 - 4 + ... up to n", "alternating", "sum|series"),
        V("harmonic", "compute 1 + 1/2 + ... + 1/n rounded to 4 decimals", "harmonic", "sum|number|series"))
def series(x: Ctx) -> None:
    n = x.param("n|count|terms|upto", "int")
    f = x.name
    if x.v == "squares":
        x.returns("int")
        x.doc(f"Return 1*1 + 2*2 + ... + {n}*{n} (0 when n is 0).")
        guard = x.reject(f"{n} < 0", "n must not be negative", f"Raise ValueError if {n} is negative.", (-x.rng.randint(1, 9),))
        x.form(
            (f"return sum(i * i for i in range(1, {n} + 1))", "A generator produces the squares and `sum` adds them."),
            (f"return {n} * ({n} + 1) * (2 * {n} + 1) // 6", ("The closed form n(n + 1)(2n + 1)/6 gives the same value "
                                                             "without a loop.")),
            (f"""
            total = 0
            for i in range(1, {n} + 1):
                total += i ** 2
            return total""", "The loop adds one square per term."),
            (f"return 0 if {n} == 0 else {n} * {n} + {f}({n} - 1)", ("Recursively: the last square plus the sum of "
                                                                   "the ones before it.")),
            prefix=guard,
        )
    elif x.v == "arithmetic":
        a, d = x.param("first|start|a", "int"), x.param("step|diff|delta", "int")
        x.returns("int")
        x.doc(f"Return the sum of the {n} terms {a}, {a} + {d}, {a} + 2*{d}, ... of an arithmetic sequence.")
        guard = x.reject(f"{n} < 0", "the number of terms cannot be negative", f"Raise ValueError if {n} is negative.", (-2, 1, 1))
        x.form(
            (f"return sum({a} + i * {d} for i in range({n}))", "Term i is first + i * step."),
            (f"return {n} * (2 * {a} + ({n} - 1) * {d}) // 2", ("The sum is n times the average of the first and last "
                                                              "terms; the product is always even, so `//` is exact.")),
            (f"""
            total = 0
            term = {a}
            for _ in range({n}):
                total += term
                term += {d}
            return total""", "The current term starts at the first one and grows by the step after being added."),
            (f"""
            total = 0
            i = 0
            while i < {n}:
                total += {a} + i * {d}
                i += 1
            return total""", "A while loop counts the terms and adds each one."),
            prefix=guard,
        )
        x.cases(lambda r: (r.randint(0, 10), r.randint(-5, 9), r.randint(-3, 4)), n=6)
        return
    elif x.v == "alternating":
        x.returns("int")
        x.doc(f"Return 1 - 2 + 3 - 4 + ... (+/-) {n}: odd numbers are added and even numbers subtracted.")
        guard = x.reject(f"{n} < 0", "n must not be negative", f"Raise ValueError if {n} is negative.", (-x.rng.randint(1, 9),))
        x.form(
            (f"return sum(i if i % 2 else -i for i in range(1, {n} + 1))", ("The sign of each term depends on whether "
                                                                          "it is odd.")),
            (f"return ({n} + 1) // 2 if {n} % 2 else -({n} // 2)", ("Pairs (1 - 2), (3 - 4), ... each give -1; an odd "
                                                                   "n adds its last term on top.")),
            (f"""
            total = 0
            sign = 1
            for i in range(1, {n} + 1):
                total += sign * i
                sign = -sign
            return total""", "A sign variable flips between +1 and -1 after every term."),
            (f"return sum(range(1, {n} + 1, 2)) - sum(range(2, {n} + 1, 2))", ("The odd numbers are added up, and the "
                                                                             "even numbers subtracted.")),
            prefix=guard,
        )
    else:
        x.returns("float")
        x.doc(f"Return 1 + 1/2 + 1/3 + ... + 1/{n}, rounded to 4 decimal places (0.0 when n is 0).")
        guard = x.reject(f"{n} < 0", "n must not be negative", f"Raise ValueError if {n} is negative.", (-x.rng.randint(1, 9),))
        x.form(
            (f"return round(sum(1 / i for i in range(1, {n} + 1)), 4)", ("Dividing with `/` produces floats; rounding "
                                                                        "at the end avoids printing long decimals.")),
            (f"""
            total = 0.0
            for i in range(1, {n} + 1):
                total += 1 / i
            return round(total, 4)""", "The loop adds the terms from 1/1 up to 1/n and rounds once at the end."),
            (f"return round(sum(map(lambda i: 1 / i, range(1, {n} + 1))), 4)", "`map` turns each i into 1 / i."),
            (f"""
            total = 0
            i = 1
            while i <= {n}:
                total += 1 / i
                i += 1
            return round(total, 4)""", "A while loop adds one term per step."),
            prefix=guard,
        )
    x.cases(lambda r: (r.randint(0, 25),), n=6)


@family(T, "Classifying numbers",
        V("label_multiples", "label numbers 1..n with words for multiples of two given divisors",
          "label|tag|name", "multiples|numbers", names="buzz_labels"),
        V("sign_word", "describe a number as 'negative', 'zero' or 'positive'", "sign", "word|label|name",
          names="describe_sign"),
        V("grade", "turn a score from 0 to 100 into a letter grade A-F", "letter|score", "grade|to_grade",
          names="grade_for|letter_grade"))
def classify_numbers(x: Ctx) -> None:
    if x.v == "label_multiples":
        n = x.param("n|upto|limit", "int")
        a, b = x.pick([(2, 3), (3, 5), (2, 7), (4, 6), (3, 4)])
        w1, w2 = x.pick([("Ping", "Pong"), ("Tick", "Tock"), ("Foo", "Bar"), ("Zig", "Zag")])
        x.returns("list[str]")
        x.doc(f"Return a list describing the numbers 1 to {n}: a multiple of both {a} and {b} becomes "
              f"'{w1}{w2}', a multiple of {a} only '{w1}', of {b} only '{w2}', and any other number its "
              "digits as a string.")
        x.form(
            (f"""
            out = []
            for i in range(1, {n} + 1):
                label = ''
                if i % {a} == 0:
                    label += '{w1}'
                if i % {b} == 0:
                    label += '{w2}'
                out.append(label or str(i))
            return out""", ("Building the label piece by piece handles the 'both' case without a separate test; an "
                           "empty label falls back to the number itself.")),
            (f"""
            out = []
            for i in range(1, {n} + 1):
                if i % {a} == 0 and i % {b} == 0:
                    out.append('{w1}{w2}')
                elif i % {a} == 0:
                    out.append('{w1}')
                elif i % {b} == 0:
                    out.append('{w2}')
                else:
                    out.append(str(i))
            return out""", "The 'both' case is tested first, so the single cases below it only see the rest."),
            (f"return ['{w1}' * (i % {a} == 0) + '{w2}' * (i % {b} == 0) or str(i) for i in range(1, {n} + 1)]",
             "Multiplying a string by True or False keeps it or empties it; `or` falls back to the number."),
            (f"""
            def label(i):
                if i % {a * b // _gcd(a, b)} == 0:
                    return '{w1}{w2}'
                if i % {a} == 0:
                    return '{w1}'
                if i % {b} == 0:
                    return '{w2}'
                return str(i)

            return [label(i) for i in range(1, {n} + 1)]""", (f"A multiple of both {a} and {b} is a multiple of "
                                                             f"their least common multiple, {a * b // _gcd(a, b)}.")),
        )
        x.cases(lambda r: (r.randint(0, 15),), n=5)
    elif x.v == "sign_word":
        n = x.param("n|value|number|x", "int")
        x.returns("str")
        x.doc(f"Return 'negative', 'zero' or 'positive' according to the sign of {n}.")
        x.form(
            (f"""
            if {n} < 0:
                return 'negative'
            if {n} == 0:
                return 'zero'
            return 'positive'""", "Returning early from each branch keeps the conditions simple."),
            (f"""
            if {n} > 0:
                word = 'positive'
            elif {n} < 0:
                word = 'negative'
            else:
                word = 'zero'
            return word""", "An if/elif/else chain sets the word, which is returned at the end."),
            (f"return 'negative' if {n} < 0 else 'zero' if {n} == 0 else 'positive'",
             "A chained conditional expression picks the word in one line."),
            (f"return ('negative', 'zero', 'positive')[({n} > 0) - ({n} < 0) + 1]",
             "`(n > 0) - (n < 0)` is the sign -1, 0 or 1; shifted by one it indexes the tuple of words."),
        )
        x.cases(lambda r: (r.randint(-50, 50),), n=5)
        x.case(0)
    else:
        s = x.param("score|points|mark", "int")
        cut = x.pick([(90, 80, 70, 60), (85, 70, 55, 40), (93, 85, 75, 65)])
        x.returns("str")
        x.doc(f"Return the letter grade for {s} (0 to 100): 'A' for at least {cut[0]}, 'B' for at least "
              f"{cut[1]}, 'C' for at least {cut[2]}, 'D' for at least {cut[3]}, and 'F' otherwise.")
        x.form(
            (f"""
            for letter, minimum in (('A', {cut[0]}), ('B', {cut[1]}), ('C', {cut[2]}), ('D', {cut[3]})):
                if {s} >= minimum:
                    return letter
            return 'F'""", "The thresholds are checked from the highest down, so the first one reached is the grade."),
            (f"""
            if {s} >= {cut[0]}:
                return 'A'
            elif {s} >= {cut[1]}:
                return 'B'
            elif {s} >= {cut[2]}:
                return 'C'
            elif {s} >= {cut[3]}:
                return 'D'
            return 'F'""", "An if/elif chain tests the thresholds from the highest down."),
            (f"""
            import bisect
            return 'FDCBA'[bisect.bisect_right([{cut[3]}, {cut[2]}, {cut[1]}, {cut[0]}], {s})]""",
             "`bisect_right` counts how many thresholds the score reaches, which indexes the letters from F to A."),
            (f"return 'FDCBA'[sum({s} >= c for c in ({cut[0]}, {cut[1]}, {cut[2]}, {cut[3]}))]",
             "The number of thresholds reached (0 to 4) picks the letter."),
        )
        x.cases(lambda r: (r.randint(0, 100),), n=7)


def _gcd(a: int, b: int) -> int:
    while b:
        a, b = b, a % b
    return a


@family(T, "Powers and roots",
        V("power_of_two", "check whether a positive integer is a power of two", "is|check", "power_of_two|pow2"),
        V("isqrt", "compute the integer square root (floor) of a non-negative integer without math",
          "integer|floor", "sqrt|square_root", names="isqrt"),
        V("perfect_square", "check whether a non-negative integer is a perfect square", "is|check",
          "perfect_square|square"),
        V("power", "compute base ** exp for exp >= 0 by repeated squaring", "fast|int", "power|pow",
          names="power|ipow"))
def powers(x: Ctx) -> None:
    f = x.name
    if x.v == "power":
        b, e = x.param("base|b|x", "int"), x.param("exp|e|n|exponent", "int")
        x.returns("int")
        x.doc(f"Return {b} raised to the power {e} (e >= 0) using exponentiation by squaring.")
        guard = x.reject(f"{e} < 0", "negative exponent", f"Raise ValueError if {e} is negative.", (2, -1))
        x.form(
            (f"""
            result = 1
            while {e} > 0:
                if {e} % 2 == 1:
                    result *= {b}
                {b} *= {b}
                {e} //= 2
            return result""", ("Each bit of the exponent decides whether the current square of the base is "
                              "multiplied in, so only about log2(e) multiplications are needed.")),
            (f"""
            if {e} == 0:
                return 1
            half = {f}({b}, {e} // 2)
            if {e} % 2 == 0:
                return half * half
            return half * half * {b}""", ("Recursively: b ** e is (b ** (e // 2)) squared, times b once more when e "
                                         "is odd.")),
            (f"""
            result = 1
            while {e}:
                if {e} & 1:
                    result = result * {b}
                {b} = {b} * {b}
                {e} >>= 1
            return result""", "The exponent is read bit by bit with `& 1` and `>>= 1`."),
            (f"""
            result = 1
            for bit in bin({e})[2:]:
                result = result * result
                if bit == '1':
                    result = result * {b}
            return result""", ("Reading the exponent's bits from the left, each step squares the result and "
                              "multiplies in the base for a 1 bit.")),
            prefix=guard,
        )
        x.cases(lambda r: (r.randint(-4, 9), r.randint(0, 12)), n=6)
        return
    n = x.param("n|number|value", "int")
    if x.v == "power_of_two":
        x.returns("bool")
        x.doc(f"Return True if {n} (n >= 1) is 1, 2, 4, 8, ... (a power of two).")
        x.form(
            (f"return {n} & ({n} - 1) == 0", "A power of two has exactly one 1 bit, and n & (n - 1) clears it."),
            (f"""
            while {n} % 2 == 0:
                {n} //= 2
            return {n} == 1""", "Halving a power of two repeatedly reaches exactly 1."),
            (f"return bin({n}).count('1') == 1", "In binary, a power of two is a 1 followed by zeros."),
            (f"return {n} == 1 or ({n} % 2 == 0 and {f}({n} // 2))", ("Recursively: 1 is a power of two, and an even "
                                                                     "number is one if its half is.")),
            (f"""
            p = 1
            while p < {n}:
                p *= 2
            return p == {n}""", "Doubling from 1 either hits n exactly or jumps past it."),
        )
        x.cases(lambda r: (r.choice([2 ** r.randint(0, 12), r.randint(1, 300)]),), n=7)
        return
    linear = f"""
        r = 0
        while (r + 1) * (r + 1) <= {n}:
            r += 1"""
    binary = f"""
        lo, hi = 0, {n}
        while lo < hi:
            mid = (lo + hi + 1) // 2
            if mid * mid <= {n}:
                lo = mid
            else:
                hi = mid - 1
        r = lo"""
    newton = f"""
        r = {n}
        while r * r > {n}:
            r = (r + {n} // r) // 2"""
    if x.v == "isqrt":
        guard = x.reject(f"{n} < 0", "square root of a negative number", f"Raise ValueError if {n} is negative.", (-x.rng.randint(1, 50),))
        x.returns("int")
        x.doc(f"Return the largest integer r with r * r <= {n} (n >= 0).")
        x.form(
            (linear, "return r", "The candidate grows until the next square would exceed n."),
            (binary, "return r", ("Binary search keeps lo * lo <= n and shrinks the range [lo, hi] until it holds "
                                 "one number.")),
            (newton, "return r", ("Newton's method, in integers: the estimate (r + n // r) // 2 comes down towards the "
                                 "square root and stops at its floor.")),
            (f"""
            r = 0
            while r * r <= {n}:
                r += 1
            return r - 1""", ("The loop stops at the first r whose square is too big; the one before it is the "
                             "answer.")),
            prefix=guard,
        )
        x.cases(lambda r: (r.randint(0, 400),), n=6)
    else:
        x.returns("bool")
        x.doc(f"Return True if {n} (n >= 0) is the square of an integer.")
        guard = x.reject(f"{n} < 0", "negative input", f"Raise ValueError if {n} is negative.", (-x.rng.randint(1, 50),))
        x.form(
            (linear, f"return r * r == {n}", ("n is a perfect square exactly when its integer square root squared "
                                             "gives n back.")),
            (binary, f"return r * r == {n}", "A binary search finds the integer square root; squaring it must give n."),
            (f"return any(r * r == {n} for r in range({n} + 1))", "Some integer from 0 to n must square to n."),
            (f"""
            odd = 1
            while {n} > 0:
                {n} -= odd
                odd += 2
            return {n} == 0""", ("The squares are sums of consecutive odd numbers 1 + 3 + 5 + ...; subtracting them "
                                "in turn lands exactly on 0 only for a square.")),
            prefix=guard,
        )
        x.cases(lambda r: (r.choice([r.randint(0, 20) ** 2, r.randint(0, 400)]),), n=7)


@family(T, "Converting units",
        V("celsius", "convert Celsius to Fahrenheit, rounded to one decimal", "celsius_to|c_to", "fahrenheit|f",
          names="to_fahrenheit"),
        V("fahrenheit", "convert Fahrenheit to Celsius, rounded to one decimal", "fahrenheit_to|f_to",
          "celsius|c", names="to_celsius"),
        V("seconds", "split a number of seconds into (hours, minutes, seconds)", "split|convert", "seconds|duration",
          names="to_hms|hms"),
        V("minutes_of_day", "convert a 24-hour 'HH:MM' time to the minutes since midnight", "minutes",
          "since_midnight|of_day", names="time_to_minutes"))
def units(x: Ctx) -> None:
    if x.v in ("celsius", "fahrenheit"):
        t = x.param("degrees|temp|t|value", "float")
        x.returns("float")
        res = x.local("result|converted|out")
        if x.v == "celsius":
            x.doc(f"Convert the temperature {t} from degrees Celsius to Fahrenheit (F = C * 9 / 5 + 32), "
                  "rounded to 1 decimal.")
            expr = x.pick([f"{t} * 9 / 5 + 32", f"32 + {t} * 9 / 5"])
        else:
            x.doc(f"Convert the temperature {t} from degrees Fahrenheit to Celsius (C = (F - 32) * 5 / 9), "
                  "rounded to 1 decimal.")
            expr = x.pick([f"({t} - 32) * 5 / 9", f"5 * ({t} - 32) / 9"])
        x.form(
            f"return round({expr}, 1)",
            f"""
            {res} = {expr}
            return round({res}, 1)""",
            (f"""
            def convert(value):
                return {expr.replace(t, 'value')}

            return round(convert({t}), 1)""", ("The formula lives in a small helper; rounding happens once, at the "
                                             "end.")),
        )
        x.explain("The formula is applied directly; `round(value, 1)` keeps one decimal place.")
        x.cases(lambda r: (r.choice([float(r.randint(-40, 110)), r.randint(-400, 1100) / 10]),), n=6)
    elif x.v == "seconds":
        s = x.param("seconds|total|duration", "int")
        x.returns("tuple[int, int, int]")
        x.doc(f"Split {s} seconds (s >= 0) into whole hours, minutes and seconds, returned as a tuple.")
        guard = x.reject(f"{s} < 0", "a duration cannot be negative", f"Raise ValueError if {s} is negative.", (-x.rng.randint(1, 999),))
        x.form(
            (f"""
            hours, rest = divmod({s}, 3600)
            minutes, seconds_left = divmod(rest, 60)
            return hours, minutes, seconds_left""", ("`divmod` by 3600 gives the hours and the leftover seconds, which "
                                                    "`divmod` by 60 splits again.")),
            (f"return {s} // 3600, {s} % 3600 // 60, {s} % 60", "Integer division and remainders pick out each part."),
            (f"""
            parts = []
            for size in (3600, 60, 1):
                parts.append({s} // size)
                {s} %= size
            return tuple(parts)""", ("Each unit takes as many whole units as fit and leaves the remainder for the "
                                    "next, smaller unit.")),
            (f"""
            minutes, secs = divmod({s}, 60)
            return minutes // 60, minutes % 60, secs""", ("First split off the seconds, then split the whole minutes "
                                                         "into hours and minutes.")),
            prefix=guard,
        )
        x.cases(lambda r: (r.randint(0, 20000),), n=6)
    else:
        t = x.param("time|clock|hhmm|stamp", "str")
        x.returns("int")
        x.doc(f"Return how many minutes after midnight the 24-hour time {t}, written 'HH:MM', is.")
        x.form(
            (f"""
            hours, minutes = {t}.split(':')
            return int(hours) * 60 + int(minutes)""", ("Splitting on the colon gives the two fields as strings; `int` "
                                                      "converts them.")),
            (f"return int({t}[:2]) * 60 + int({t}[3:])", ("The hours are the first two characters and the minutes the "
                                                          "last two.")),
            (f"""
            hours, minutes = map(int, {t}.split(':'))
            return hours * 60 + minutes""", "`map(int, ...)` converts both fields at once."),
            (f"""
            head, _, tail = {t}.partition(':')
            return 60 * int(head) + int(tail)""", "`partition` splits the text at its colon."),
        )
        x.cases(lambda r: (f"{r.randint(0, 23):02d}:{r.randint(0, 59):02d}",), n=6)


@family(T, "Money and percentages",
        V("discount", "apply a percentage discount to a price in cents, rounding down to a whole cent",
          "apply|discounted", "discount|price", names="sale_price"),
        V("split_bill", "split a bill in cents among people so the shares differ by at most one cent",
          "split|share", "bill|cost", names="fair_shares"),
        V("compound", "compute a balance after whole years of compound interest, rounded to cents",
          "compound|grow", "interest|balance", names="future_value"),
        V("percent_change", "compute the percentage change between two values, rounded to one decimal",
          "percent|percentage", "change|difference", names="growth_rate"))
def money(x: Ctx) -> None:
    f = x.name
    if x.v == "discount":
        p, d = x.param("cents|price|amount", "int"), x.param("percent|discount|off", "int")
        x.returns("int")
        strict = x.chance(0.35)
        x.doc(f"Return the price {p} (in cents) reduced by {d} percent, rounded down to a whole cent."
              + (f" Raise ValueError if {d} is not between 0 and 100." if strict else ""))
        guard = (f"if not 0 <= {d} <= 100:\n    raise ValueError('percent must be between 0 and 100')"
                 if strict else "")
        x.form(
            (guard, f"return {p} * (100 - {d}) // 100", ("Working in whole cents with integer division avoids "
                                                        "floating point rounding surprises.")),
            (guard, f"""
            kept, _ = divmod({p} * (100 - {d}), 100)
            return kept""", "`divmod` gives the whole cents of the reduced price and the fraction of a cent."),
            (guard, f"return {p} - ({p} * {d} + 99) // 100", ("The discount is rounded up to a whole cent, so the "
                                                            "price that is left is rounded down.")),
            (guard, f"return int({p} * (100 - {d}) / 100)", ("`int` drops the fraction of a cent of a non-negative "
                                                            "amount.")),
        )
        x.cases(lambda r: (r.randint(0, 10000), r.choice([0, 5, 10, 15, 25, 33, 50, 100])), n=6)
        if strict:
            x.raises("ValueError", 1000, x.pick([-5, 120, 101]))
    elif x.v == "split_bill":
        total, k = x.param("total|cents|bill", "int"), x.param("people|n|parts", "int")
        x.returns("list[int]")
        x.doc(f"Split {total} cents among {k} people (k >= 1): every share is total // k or one cent more, "
              "the larger shares come first, and the shares add up to the total.")
        guard = x.reject(f"{k} < 1", "at least one person must pay", f"Raise ValueError if {k} is less than 1.", (100, 0))
        x.form(
            (f"""
            base, extra = divmod({total}, {k})
            return [base + 1] * extra + [base] * ({k} - extra)""", ("The remainder of the division is exactly the "
                                                                   "number of people who pay one cent more.")),
            (f"return [{total} // {k} + (1 if i < {total} % {k} else 0) for i in range({k})]",
             "Person i pays one extra cent while i is below the remainder."),
            (f"""
            shares = [0] * {k}
            for cent in range({total}):
                shares[cent % {k}] += 1
            return shares""", ("Handing out the cents one at a time, round the table, gives the first people the "
                              "extra cents.")),
            (f"""
            shares = []
            left = {total}
            for i in range({k}, 0, -1):
                share = -(-left // i)
                shares.append(share)
                left -= share
            return shares""", ("Each person pays what is left divided by the people left, rounded up, so the larger "
                              "shares come first.")),
            prefix=guard,
        )
        x.cases(lambda r: (r.randint(0, 1000), r.randint(1, 6)), n=6)
    elif x.v == "compound":
        b, rate, years = (x.param("balance|principal|start", "float"), x.param("rate|interest", "float"),
                          x.param("years|periods|n", "int"))
        x.returns("float")
        x.doc(f"Return {b} after {years} years of interest at the yearly rate {rate} (0.05 means 5%), "
              "compounded once a year, rounded to 2 decimals.")
        x.form(
            (f"""
            for _ in range({years}):
                {b} = {b} * (1 + {rate})
            return round({b}, 2)""", ("Each year multiplies the balance by 1 + rate; the rounding is done once, at "
                                     "the end.")),
            (f"""
            while {years} > 0:
                {b} = {b} * (1 + {rate})
                {years} -= 1
            return round({b}, 2)""", "A while loop counts the years down while growing the balance."),
            (f"""
            if {years} == 0:
                return round({b}, 2)
            return {f}({b} * (1 + {rate}), {rate}, {years} - 1)""", ("Recursively: one year of growth, then the "
                                                                   "remaining years.")),
            (f"""
            factor = 1 + {rate}
            for year in range(1, {years} + 1):
                {b} *= factor
            return round({b}, 2)""", "The growth factor is computed once and applied every year."),
        )
        x.cases(lambda r: (float(r.randint(1, 50) * 100), r.choice([0.01, 0.02, 0.05, 0.1]), r.randint(0, 10)), n=6)
    else:
        old, new = x.param("old|before|start", "float"), x.param("new|after|end", "float")
        zero = x.pick(["nonzero", "nonzero", "none", "raise"])
        x.returns("float | None" if zero == "none" else "float")
        x.doc(f"Return the change from {old} to {new} as a percentage of {old}, rounded to 1 decimal. "
              + {"nonzero": f"{old} is not zero.", "none": f"Return None when {old} is zero.",
                 "raise": f"Raise ValueError when {old} is zero."}[zero])
        guard = {"nonzero": "", "none": f"if {old} == 0:\n    return None",
                 "raise": f"if {old} == 0:\n    raise ValueError('the old value must not be zero')"}[zero]
        x.form(
            (guard, f"return round(({new} - {old}) / {old} * 100, 1)",
             "The difference is divided by the starting value and scaled to a percentage."),
            (guard, f"""
            change = {new} - {old}
            ratio = change / {old}
            return round(ratio * 100, 1)""", ("The steps are named: the change, the change as a fraction, then as a "
                                             "percentage.")),
        )
        x.cases(lambda r: (float(r.randint(1, 200)), float(r.randint(0, 300))), n=6)
        if zero == "none":
            x.case(0.0, 5.0)
        elif zero == "raise":
            x.raises("ValueError", 0.0, 5.0)
