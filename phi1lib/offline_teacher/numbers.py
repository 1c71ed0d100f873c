"""Concept families on numbers: digits, primes, divisors, sequences, bases, series, conversions."""

from __future__ import annotations

from phi1lib.offline_teacher.base import Ctx, V, family

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
    if x.v == "sum":
        x.doc(f"Return the sum of the decimal digits of {n} (n >= 0).")
        x.body(x.pick([f"return sum(int(ch) for ch in str({n}))", f"""
            total = 0
            while {n} > 0:
                {n}, {d} = divmod({n}, 10)
                total += {d}
            return total"""]))
        x.explain("Either read the digits from the number's text, or peel them off one at a time: `n % 10` is "
                  "the last digit and `n // 10` drops it.")
    elif x.v == "count":
        x.doc(f"Return how many decimal digits {n} has (n >= 0; zero has one digit), using arithmetic rather "
              "than str().")
        x.body(f"""
            count = 1
            while {n} >= 10:
                {n} //= 10
                count += 1
            return count""")
        x.explain("Integer division by 10 removes one digit, so the number of divisions until a single digit "
                  "is left, plus one, is the digit count.")
    elif x.v == "reverse":
        x.doc(f"Return the number whose decimal digits are those of {n} (n >= 0) in reverse order; leading "
              "zeros of the result disappear, so 120 becomes 21.")
        x.body(x.pick([f"return int(str({n})[::-1])", f"""
            result = 0
            while {n} > 0:
                result = result * 10 + {n} % 10
                {n} //= 10
            return result"""]))
        x.explain("Each digit taken off the end of the number is pushed onto the end of the result by "
                  "multiplying the result by 10 first.")
    else:
        x.doc(f"Return the product of the decimal digits of {n} (n >= 0).")
        x.body(f"""
            product = 1
            for ch in str({n}):
                product *= int(ch)
            return product""")
        x.explain("`str(n)` lists the digits as characters, and `int(ch)` turns each back into a number.")
    x.case(0)
    x.cases(lambda r: (r.choice([r.randint(1, 99), r.randint(100, 99999), r.randint(10, 1000) * 10]),), n=6)


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
    if x.v == "is_prime":
        x.returns("bool")
        x.doc(f"Return True if {n} is a prime number: greater than 1 and divisible only by 1 and itself.")
        x.body(f"""
            if {n} < 2:
                return False
            d = 2
            while d * d <= {n}:
                if {n} % d == 0:
                    return False
                d += 1
            return True""")
        x.explain("A composite number has a divisor no larger than its square root, so trial division can "
                  "stop at d * d > n.")
        x.cases(lambda r: (r.randint(-2, 120),), n=8)
    elif x.v == "primes_upto":
        x.returns("list[int]")
        x.doc(f"Return the list of primes p with 2 <= p <= {n}, using the sieve of Eratosthenes.")
        x.body(f"""
            if {n} < 2:
                return []
            is_p = [True] * ({n} + 1)
            is_p[0] = is_p[1] = False
            for i in range(2, int({n} ** 0.5) + 1):
                if is_p[i]:
                    for j in range(i * i, {n} + 1, i):
                        is_p[j] = False
            return [i for i in range({n} + 1) if is_p[i]]""")
        x.explain("The sieve crosses out the multiples of every prime, starting at its square; the numbers "
                  "left standing are prime.")
        x.cases(lambda r: (r.randint(0, 40),), n=6)
    elif x.v == "count_primes":
        x.returns("int")
        x.doc(f"Return how many prime numbers are less than or equal to {n}.")
        x.body(check, f"return sum(1 for k in range(2, {n} + 1) if is_p(k))")
        x.explain("A small helper tests one number by trial division; the count adds one for each prime.")
        x.cases(lambda r: (r.randint(0, 60),), n=6)
    else:
        x.returns("list[int]")
        x.doc(f"Return the prime factors of {n} (n >= 2) in increasing order, each repeated as often as it "
              "divides n, so that their product is n.")
        x.body(f"""
            factors = []
            d = 2
            while d * d <= {n}:
                while {n} % d == 0:
                    factors.append(d)
                    {n} //= d
                d += 1
            if {n} > 1:
                factors.append({n})
            return factors""")
        x.explain("Dividing out each factor as often as possible means the next divisor found is always "
                  "prime; whatever is left above 1 at the end is itself a prime factor.")
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
        x.body(euclid, f"""
            result = {xs}[0]
            for v in {xs}[1:]:
                result = g(result, v)
            return result""")
        def multiples(r):
            factor = r.choice([1, 2, 3, 6])  # a shared factor, so that the answer is not always 1
            return ([r.randint(1, 12) * factor for _ in range(r.randint(1, 4))],)
        x.cases(multiples, n=6)
    else:
        a, b = x.param("a|m|x|first", "int"), x.param("b|n|y|second", "int")
        if x.v == "gcd":
            x.returns("int")
            x.doc(f"Return the greatest common divisor of the positive integers {a} and {b}.")
            x.body(x.pick([f"""
                while {b}:
                    {a}, {b} = {b}, {a} % {b}
                return {a}""", f"""
                if {b} == 0:
                    return {a}
                return {x.name}({b}, {a} % {b})"""]))
        elif x.v == "lcm":
            x.returns("int")
            x.doc(f"Return the smallest positive integer that is a multiple of both {a} and {b} (both positive).")
            x.body(euclid, f"return {a} * {b} // g({a}, {b})")
        else:
            x.returns("bool")
            x.doc(f"Return True if {a} and {b} have no common divisor greater than 1.")
            x.body(euclid, f"return g({a}, {b}) == 1")
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
    if x.v == "factorial":
        x.returns("int")
        x.doc(f"Return {n}! = 1 * 2 * ... * {n} for n >= 0 (0! is 1).")
        x.body(x.pick([f"""
            result = 1
            for i in range(2, {n} + 1):
                result *= i
            return result""", f"""
            if {n} <= 1:
                return 1
            return {n} * {x.name}({n} - 1)"""]))
        x.explain("The product starts at 1 (the empty product) and multiplies in 2, 3, ..., n.")
        x.cases(lambda r: (r.randint(0, 15),), n=6)
    elif x.v == "pascal_row":
        x.returns("list[int]")
        x.doc(f"Return row {n} (n >= 0) of Pascal's triangle, where row 0 is [1] and each entry is the sum of "
              "the two above it.")
        x.body(f"""
            row = [1]
            for _ in range({n}):
                row = [1] + [row[i] + row[i + 1] for i in range(len(row) - 1)] + [1]
            return row""")
        x.explain("Each row is built from the previous one: ones at the ends, sums of neighbours inside.")
        x.cases(lambda r: (r.randint(0, 9),), n=6)
    else:
        k = x.param("k|chosen|picks", "int")
        x.returns("int")
        if x.v == "choose":
            x.doc(f"Return the number of ways to choose {k} items from {n} when order does not matter "
                  f"(0 if {k} > {n}).")
            x.body(f"""
                if {k} < 0 or {k} > {n}:
                    return 0
                result = 1
                for i in range(1, min({k}, {n} - {k}) + 1):
                    result = result * ({n} - i + 1) // i
                return result""")
            x.explain("Multiplying and dividing step by step keeps every intermediate result an integer: after "
                      "step i the result is C(n - k + i, i) in disguise, a whole number; the symmetry "
                      "C(n, k) = C(n, n - k) shortens the loop.")
        else:
            x.doc(f"Return the number of ordered arrangements of {k} distinct items taken from {n} "
                  f"(0 if {k} > {n}).")
            x.body(f"""
                if {k} > {n}:
                    return 0
                result = 1
                for i in range({n} - {k} + 1, {n} + 1):
                    result *= i
                return result""")
            x.explain("The first position has n choices, the next n - 1, and so on for k positions.")
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
    if x.v == "fib_nth":
        x.returns("int")
        x.doc(f"Return the {n}-th Fibonacci number, where F(0) = 0, F(1) = 1 and F(n) = F(n - 1) + F(n - 2).")
        x.body(f"""
            a, b = 0, 1
            for _ in range({n}):
                a, b = b, a + b
            return a""")
        x.cases(lambda r: (r.randint(0, 30),), n=6)
    elif x.v == "fib_list":
        x.returns("list[int]")
        x.doc(f"Return a list of the first {n} Fibonacci numbers, starting 0, 1, 1, 2, ...")
        x.body(f"""
            result = []
            a, b = 0, 1
            for _ in range({n}):
                result.append(a)
                a, b = b, a + b
            return result""")
        x.cases(lambda r: (r.randint(0, 12),), n=6)
    elif x.v == "tribonacci":
        x.returns("int")
        x.doc(f"Return term {n} (counting from 0) of the sequence that starts 0, 0, 1 and continues with the "
              "sum of the three previous terms.")
        x.body(f"""
            a, b, c = 0, 0, 1
            for _ in range({n}):
                a, b, c = b, c, a + b + c
            return a""")
        x.cases(lambda r: (r.randint(0, 20),), n=6)
    else:
        a, b = x.param("first|start|a0", "int"), x.param("second|next_term|a1", "int")
        x.returns("int")
        x.doc(f"Return term {n} (counting from 0) of the sequence whose first two terms are {a} and {b} and "
              "where every later term is the sum of the two before it.")
        x.body(f"""
            for _ in range({n}):
                {a}, {b} = {b}, {a} + {b}
            return {a}""")
        x.cases(lambda r: (r.randint(0, 15), r.randint(-3, 5), r.randint(0, 5)), n=6)
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
    if x.v == "list":
        x.returns("list[int]")
        x.doc(f"Return the positive divisors of {n} (n >= 1) in increasing order.")
        x.body(x.pick([f"return [d for d in range(1, {n} + 1) if {n} % d == 0]", f"""
            small, large = [], []
            d = 1
            while d * d <= {n}:
                if {n} % d == 0:
                    small.append(d)
                    if d != {n} // d:
                        large.append({n} // d)
                d += 1
            return small + large[::-1]"""]))
    elif x.v == "sum_proper":
        x.returns("int")
        x.doc(f"Return the sum of the divisors of {n} that are smaller than {n} (n >= 1).")
        x.body(f"return sum(d for d in range(1, {n}) if {n} % d == 0)")
    elif x.v == "is_perfect":
        x.returns("bool")
        x.doc(f"Return True if {n} (n >= 1) is equal to the sum of its divisors smaller than itself.")
        x.body(f"return {n} == sum(d for d in range(1, {n}) if {n} % d == 0)")
        x.cases(lambda r: (r.choice([6, 28, 496, 12, 1, 20]),), n=3)
    else:
        x.returns("int")
        x.doc(f"Return how many positive integers divide {n} (n >= 1) exactly.")
        x.body(f"return sum(1 for d in range(1, {n} + 1) if {n} % d == 0)")
    x.cases(lambda r: (r.randint(1, 120),), n=6)
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
    if x.v == "from_binary":
        s = x.param("bits|binary|s|text", "str")
        x.returns("int")
        x.doc(f"Return the integer whose binary digits are the characters of {s} (only '0' and '1', at least "
              "one), computed digit by digit.")
        x.body(f"""
            value = 0
            for ch in {s}:
                value = value * 2 + (1 if ch == '1' else 0)
            return value""")
        x.explain("Reading left to right, each new digit doubles what was read so far and adds itself.")
        x.cases(lambda r: ("".join(r.choice("01") for _ in range(r.randint(1, 10))),), n=6)
        return
    n = x.param("n|number|value", "int")
    if x.v == "to_binary":
        x.returns("str")
        x.doc(f"Return the binary representation of {n} (n >= 0) as a string of 0s and 1s without a prefix; "
              "zero is '0'.")
        x.body(f"""
            if {n} == 0:
                return '0'
            bits = []
            while {n} > 0:
                bits.append(str({n} % 2))
                {n} //= 2
            return ''.join(reversed(bits))""")
        x.explain("The remainders of repeated division by 2 are the binary digits from last to first.")
    elif x.v == "to_base":
        b = x.param("base|radix|b", "int")
        x.returns("str")
        x.doc(f"Return {n} (n >= 0) written in base {b} (2 <= base <= 16) with the digits 0-9 and a-f.")
        x.body(f"""
            symbols = '0123456789abcdef'
            if {n} == 0:
                return '0'
            out = []
            while {n}:
                {n}, r = divmod({n}, {b})
                out.append(symbols[r])
            return ''.join(reversed(out))""")
        x.explain("`divmod` gives the quotient and the remainder at once; each remainder indexes the digit "
                  "alphabet.")
        x.cases(lambda r: (r.randint(0, 5000), r.choice([2, 3, 5, 8, 12, 16])), n=6)
        return
    else:
        x.returns("int")
        x.doc(f"Return how many 1s appear in the binary representation of {n} (n >= 0).")
        x.body(x.pick([f"return bin({n}).count('1')", f"""
            count = 0
            while {n}:
                count += {n} & 1
                {n} >>= 1
            return count"""]))
        x.explain("`n & 1` is the lowest bit, and shifting right by one drops it.")
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
    if x.v == "doubling":
        s, t, p = (x.param("start|amount|principal", "int"), x.param("target|goal", "int"),
                   x.param("rate|percent|growth", "int"))
        x.returns("int")
        x.doc(f"Starting from {s}, each year the amount grows by {p} percent (the new amount is amount * (100 + "
              f"{p}) / 100, not rounded). Return the number of whole years until it is at least {t}. "
              f"{p} is positive.")
        x.body(f"""
            years = 0
            amount = {s}
            while amount < {t}:
                amount = amount * (100 + {p}) / 100
                years += 1
            return years""")
        x.explain("A while loop repeats the yearly growth and counts the repetitions until the condition fails.")
        x.cases(lambda r: (r.randint(50, 200), r.randint(100, 800), r.choice([5, 10, 20, 50])), n=6)
        return
    n = x.param("n|number|start|value", "int")
    x.returns("int")
    if x.v == "collatz_steps":
        x.doc(f"Starting from {n} (n >= 1), repeatedly replace the number by n // 2 if it is even and by 3n + 1 "
              "if it is odd. Return how many replacements it takes to reach 1.")
        x.body(f"""
            steps = 0
            while {n} != 1:
                {n} = {n} // 2 if {n} % 2 == 0 else 3 * {n} + 1
                steps += 1
            return steps""")
        x.cases(lambda r: (r.randint(1, 60),), n=6)
    elif x.v == "halvings":
        x.doc(f"Return how many times {n} (n >= 0) can be replaced by n // 2 before it becomes 0.")
        x.body(f"""
            count = 0
            while {n} > 0:
                {n} //= 2
                count += 1
            return count""")
        x.cases(lambda r: (r.randint(0, 3000),), n=6)
    else:
        x.doc(f"Add up the decimal digits of {n} (n >= 0), then the digits of the result, and so on until a "
              "single digit remains; return it.")
        x.body(f"""
            while {n} >= 10:
                {n} = sum(int(ch) for ch in str({n}))
            return {n}""")
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
    if x.v == "squares":
        x.returns("int")
        x.doc(f"Return 1*1 + 2*2 + ... + {n}*{n} (0 when n is 0).")
        x.body(x.pick([f"return sum(i * i for i in range(1, {n} + 1))", f"return {n} * ({n} + 1) * (2 * {n} + 1) // 6"]))
        x.explain("The loop adds one square per term; the closed form n(n + 1)(2n + 1)/6 gives the same value.")
    elif x.v == "arithmetic":
        a, d = x.param("first|start|a", "int"), x.param("step|diff|delta", "int")
        x.returns("int")
        x.doc(f"Return the sum of the {n} terms {a}, {a} + {d}, {a} + 2*{d}, ... of an arithmetic sequence.")
        x.body(x.pick([f"return sum({a} + i * {d} for i in range({n}))", f"return {n} * (2 * {a} + ({n} - 1) * {d}) // 2"]))
        x.explain("Term i is first + i * step; the sum is also n times the average of the first and last terms.")
        x.cases(lambda r: (r.randint(0, 10), r.randint(-5, 9), r.randint(-3, 4)), n=6)
        return
    elif x.v == "alternating":
        x.returns("int")
        x.doc(f"Return 1 - 2 + 3 - 4 + ... (+/-) {n}: odd numbers are added and even numbers subtracted.")
        x.body(f"return sum(i if i % 2 else -i for i in range(1, {n} + 1))")
        x.explain("The sign of each term depends on whether it is odd.")
    else:
        x.returns("float")
        x.doc(f"Return 1 + 1/2 + 1/3 + ... + 1/{n}, rounded to 4 decimal places (0.0 when n is 0).")
        x.body(f"return round(sum(1 / i for i in range(1, {n} + 1)), 4)")
        x.explain("Dividing with `/` produces floats; rounding at the end avoids printing long decimals.")
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
        x.body(f"""
            out = []
            for i in range(1, {n} + 1):
                label = ''
                if i % {a} == 0:
                    label += '{w1}'
                if i % {b} == 0:
                    label += '{w2}'
                out.append(label or str(i))
            return out""")
        x.explain("Building the label piece by piece handles the 'both' case without a separate test; an "
                  "empty label falls back to the number itself.")
        x.cases(lambda r: (r.randint(0, 15),), n=5)
    elif x.v == "sign_word":
        n = x.param("n|value|number|x", "int")
        x.returns("str")
        x.doc(f"Return 'negative', 'zero' or 'positive' according to the sign of {n}.")
        x.body(f"""
            if {n} < 0:
                return 'negative'
            if {n} == 0:
                return 'zero'
            return 'positive'""")
        x.explain("Returning early from each branch keeps the conditions simple.")
        x.cases(lambda r: (r.randint(-50, 50),), n=5)
        x.case(0)
    else:
        s = x.param("score|points|mark", "int")
        cut = x.pick([(90, 80, 70, 60), (85, 70, 55, 40), (93, 85, 75, 65)])
        x.returns("str")
        x.doc(f"Return the letter grade for {s} (0 to 100): 'A' for at least {cut[0]}, 'B' for at least "
              f"{cut[1]}, 'C' for at least {cut[2]}, 'D' for at least {cut[3]}, and 'F' otherwise.")
        x.body(f"""
            for letter, minimum in (('A', {cut[0]}), ('B', {cut[1]}), ('C', {cut[2]}), ('D', {cut[3]})):
                if {s} >= minimum:
                    return letter
            return 'F'""")
        x.explain("The thresholds are checked from the highest down, so the first one reached is the grade.")
        x.cases(lambda r: (r.randint(0, 100),), n=7)


@family(T, "Powers and roots",
        V("power_of_two", "check whether a positive integer is a power of two", "is|check", "power_of_two|pow2"),
        V("isqrt", "compute the integer square root (floor) of a non-negative integer without math",
          "integer|floor", "sqrt|square_root", names="isqrt"),
        V("perfect_square", "check whether a non-negative integer is a perfect square", "is|check",
          "perfect_square|square"),
        V("power", "compute base ** exp for exp >= 0 by repeated squaring", "fast|int", "power|pow",
          names="power|ipow"))
def powers(x: Ctx) -> None:
    if x.v == "power":
        b, e = x.param("base|b|x", "int"), x.param("exp|e|n|exponent", "int")
        x.returns("int")
        x.doc(f"Return {b} raised to the power {e} (e >= 0) using exponentiation by squaring.")
        x.body(f"""
            result = 1
            while {e} > 0:
                if {e} % 2 == 1:
                    result *= {b}
                {b} *= {b}
                {e} //= 2
            return result""")
        x.explain("Each bit of the exponent decides whether the current square of the base is multiplied in, "
                  "so only about log2(e) multiplications are needed.")
        x.cases(lambda r: (r.randint(-4, 9), r.randint(0, 12)), n=6)
        return
    n = x.param("n|number|value", "int")
    sqrt_loop = f"""
        r = 0
        while (r + 1) * (r + 1) <= {n}:
            r += 1"""
    if x.v == "power_of_two":
        x.returns("bool")
        x.doc(f"Return True if {n} (n >= 1) is 1, 2, 4, 8, ... (a power of two).")
        x.body(x.pick([f"return {n} & ({n} - 1) == 0", f"""
            while {n} % 2 == 0:
                {n} //= 2
            return {n} == 1"""]))
        x.explain("A power of two has exactly one 1 bit; halving it repeatedly reaches exactly 1.")
        x.cases(lambda r: (r.choice([2 ** r.randint(0, 12), r.randint(1, 300)]),), n=7)
    elif x.v == "isqrt":
        x.returns("int")
        x.doc(f"Return the largest integer r with r * r <= {n} (n >= 0).")
        x.body(sqrt_loop, "return r")
        x.explain("The candidate grows until the next square would exceed n.")
        x.cases(lambda r: (r.randint(0, 400),), n=6)
    else:
        x.returns("bool")
        x.doc(f"Return True if {n} (n >= 0) is the square of an integer.")
        x.body(sqrt_loop, f"return r * r == {n}")
        x.explain("n is a perfect square exactly when its integer square root squared gives n back.")
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
        if x.v == "celsius":
            x.doc(f"Convert the temperature {t} from degrees Celsius to Fahrenheit (F = C * 9 / 5 + 32), "
                  "rounded to 1 decimal.")
            x.body(f"return round({t} * 9 / 5 + 32, 1)")
        else:
            x.doc(f"Convert the temperature {t} from degrees Fahrenheit to Celsius (C = (F - 32) * 5 / 9), "
                  "rounded to 1 decimal.")
            x.body(f"return round(({t} - 32) * 5 / 9, 1)")
        x.explain("The formula is applied directly; `round(value, 1)` keeps one decimal place.")
        x.cases(lambda r: (r.choice([float(r.randint(-40, 110)), r.randint(-400, 1100) / 10]),), n=6)
    elif x.v == "seconds":
        s = x.param("seconds|total|duration", "int")
        x.returns("tuple[int, int, int]")
        x.doc(f"Split {s} seconds (s >= 0) into whole hours, minutes and seconds, returned as a tuple.")
        x.body(f"""
            hours, rest = divmod({s}, 3600)
            minutes, seconds_left = divmod(rest, 60)
            return hours, minutes, seconds_left""")
        x.explain("`divmod` by 3600 gives the hours and the leftover seconds, which `divmod` by 60 splits again.")
        x.cases(lambda r: (r.randint(0, 20000),), n=6)
    else:
        t = x.param("time|clock|hhmm|stamp", "str")
        x.returns("int")
        x.doc(f"Return how many minutes after midnight the 24-hour time {t}, written 'HH:MM', is.")
        x.body(f"""
            hours, minutes = {t}.split(':')
            return int(hours) * 60 + int(minutes)""")
        x.explain("Splitting on the colon gives the two fields as strings; `int` converts them.")
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
    if x.v == "discount":
        p, d = x.param("cents|price|amount", "int"), x.param("percent|discount|off", "int")
        x.returns("int")
        x.doc(f"Return the price {p} (in cents) reduced by {d} percent, rounded down to a whole cent.")
        x.body(f"return {p} * (100 - {d}) // 100")
        x.explain("Working in whole cents with integer division avoids floating point rounding surprises.")
        x.cases(lambda r: (r.randint(0, 10000), r.choice([0, 5, 10, 15, 25, 33, 50, 100])), n=6)
    elif x.v == "split_bill":
        total, k = x.param("total|cents|bill", "int"), x.param("people|n|parts", "int")
        x.returns("list[int]")
        x.doc(f"Split {total} cents among {k} people (k >= 1): every share is total // k or one cent more, "
              "the larger shares come first, and the shares add up to the total.")
        x.body(f"""
            base, extra = divmod({total}, {k})
            return [base + 1] * extra + [base] * ({k} - extra)""")
        x.explain("The remainder of the division is exactly the number of people who pay one cent more.")
        x.cases(lambda r: (r.randint(0, 1000), r.randint(1, 6)), n=6)
    elif x.v == "compound":
        b, rate, years = (x.param("balance|principal|start", "float"), x.param("rate|interest", "float"),
                          x.param("years|periods|n", "int"))
        x.returns("float")
        x.doc(f"Return {b} after {years} years of interest at the yearly rate {rate} (0.05 means 5%), "
              "compounded once a year, rounded to 2 decimals.")
        x.body(f"""
            for _ in range({years}):
                {b} = {b} * (1 + {rate})
            return round({b}, 2)""")
        x.explain("Each year multiplies the balance by 1 + rate; the rounding is done once, at the end.")
        x.cases(lambda r: (float(r.randint(1, 50) * 100), r.choice([0.01, 0.02, 0.05, 0.1]), r.randint(0, 10)), n=6)
    else:
        old, new = x.param("old|before|start", "float"), x.param("new|after|end", "float")
        x.returns("float")
        x.doc(f"Return the change from {old} to {new} as a percentage of {old} (non-zero), rounded to 1 decimal.")
        x.body(f"return round(({new} - {old}) / {old} * 100, 1)")
        x.explain("The difference is divided by the starting value and scaled to a percentage.")
        x.cases(lambda r: (float(r.randint(1, 200)), float(r.randint(0, 300))), n=6)
