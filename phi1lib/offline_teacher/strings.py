"""Concept families on strings: characters, words, case, encodings, searching inside text."""

from __future__ import annotations

from phi1lib.offline_teacher.base import (
    SHORT_WORDS,
    WORDS,
    Ctx,
    V,
    family,
    identifier_words,
    mixed_text,
    sentence,
)

T = "strings"


@family(T, "Counting characters of one kind",
        V("vowels", "count the vowels (a, e, i, o, u in either case) in a string", "count|tally|num",
          "vowels", names="vowel_count|how_many_vowels"),
        V("digits", "count the decimal digits in a string", "count|tally|num", "digits|digit_chars",
          names="digit_count"),
        V("upper", "count the uppercase letters in a string", "count|tally|num",
          "uppercase|capitals|upper_letters", names="capital_count"),
        V("spaces", "count the whitespace characters in a string", "count|tally", "spaces|whitespace|blanks"),
        V("consonants", "count the consonants (letters that are not vowels) in a string", "count|tally|num",
          "consonants", names="consonant_count"))
def char_class_count(x: Ctx) -> None:
    s = x.param("text|s|phrase|line|message|sentence", "str")
    ch = x.local("ch|c|char|symbol")
    n = x.local("count|total|n|found")
    pred, what = {
        "vowels": (f"{ch}.lower() in 'aeiou'", "vowels (a, e, i, o and u, in either case)"),
        "digits": (f"{ch} in '0123456789'", "decimal digits"),
        "upper": (f"{ch}.isupper()", "uppercase letters"),
        "spaces": (f"{ch}.isspace()", "whitespace characters"),
        "consonants": (f"{ch}.isalpha() and {ch}.lower() not in 'aeiou'", "consonants (letters other than a, e, i, o, u)"),
    }[x.v]
    x.returns("int")
    x.doc(x.pick([f"Return the number of {what} in {s}.", f"Count the {what} that appear in the string {s}.",
                  f"How many {what} does {s} contain? Return that count."]))
    if x.chance():
        x.body(f"""
            {n} = 0
            for {ch} in {s}:
                if {pred}:
                    {n} += 1
            return {n}""")
        x.explain(f"We walk through {s} one character at a time and add one to a counter whenever the "
                  f"character is one of the {what.split(' (')[0]}.")
    else:
        x.body(f"return sum(1 for {ch} in {s} if {pred})")
        x.explain("A generator expression yields 1 for every matching character and `sum` adds them up, "
                  "which is a compact way of counting.")
    x.case(x.pick(["", "xyz", "AEIOU", "  "]))
    x.cases(lambda r: (mixed_text(r),), n=6)


@family(T, "Changing the case of letters",
        V("swap", "swap the case of every letter (upper becomes lower and lower becomes upper)",
          "swap|flip|invert", "case|letter_case"),
        V("alternate", "write the letters in alternating case, starting with uppercase",
          "alternate|zigzag|wave", "case|caps"),
        V("title", "capitalize the first letter of every word and lowercase the rest",
          "title|capitalize", "words|each_word", names="to_title_case|headline"),
        V("count_first_upper", "capitalize only the first character of the string and lowercase the rest",
          "capitalize|sentence", "first|first_letter|case", names="sentence_case"))
def case_transform(x: Ctx) -> None:
    s = x.param("text|s|word|phrase|value", "str")
    x.returns("str")
    out = x.local("result|out|chars|pieces")
    ch = x.local("ch|c|letter")
    if x.v == "swap":
        x.doc(f"Return {s} with every uppercase letter made lowercase and every lowercase letter made uppercase. "
              "Other characters are unchanged.")
        x.body(x.pick([
            f"""
            {out} = []
            for {ch} in {s}:
                if {ch}.isupper():
                    {out}.append({ch}.lower())
                else:
                    {out}.append({ch}.upper())
            return ''.join({out})""",
            f"return ''.join({ch}.lower() if {ch}.isupper() else {ch}.upper() for {ch} in {s})",
        ]))
        x.explain("Each character is tested with `isupper`; the opposite case is built with `lower` or "
                  "`upper`, and the pieces are joined back into one string.")
    elif x.v == "alternate":
        i = x.local("i|index|pos")
        x.doc(f"Return {s} rewritten in alternating case: the character at index 0 uppercase, at index 1 "
              "lowercase, and so on. Positions are counted over all characters, spaces included.")
        x.body(f"""
            {out} = []
            for {i}, {ch} in enumerate({s}):
                {out}.append({ch}.upper() if {i} % 2 == 0 else {ch}.lower())
            return ''.join({out})""")
        x.explain("`enumerate` gives each character its position; even positions are uppercased and odd "
                  "ones lowercased.")
    elif x.v == "title":
        w = x.local("w|word|part")
        x.doc(f"Return {s} with the first letter of every space-separated word capitalized and the other "
              "letters lowercase. Words are separated by single spaces in the result.")
        x.body(f"return ' '.join({w}[:1].upper() + {w}[1:].lower() for {w} in {s}.split())")
        x.explain("`split` breaks the text into words; slicing separates each word's first letter from the "
                  "rest, and `join` puts the words back together with single spaces.")
    else:
        x.doc(f"Return {s} with its first character uppercase and all the others lowercase. An empty "
              "string stays empty.")
        x.body(f"return {s}[:1].upper() + {s}[1:].lower()")
        x.explain(f"The slice `{s}[:1]` is empty for an empty string, so no special case is needed.")
    x.case("")
    x.cases(lambda r: (mixed_text(r),), n=6)


@family(T, "Converting between identifier styles",
        V("snake_to_camel", "convert a snake_case name to camelCase", "snake_to_camel|to_camel_case|camelize",
          names="snake_to_camel|to_camel_case|camelize|make_camel_case"),
        V("camel_to_snake", "convert a camelCase name to snake_case", "camel_to_snake|to_snake_case|snakify",
          names="camel_to_snake|to_snake_case|underscore_name"),
        V("snake_to_kebab", "convert a snake_case name to kebab-case (words joined by hyphens)",
          "snake_to_kebab|to_kebab_case|kebabize", names="snake_to_kebab|to_kebab_case|hyphenate_name"),
        V("words_to_pascal", "join space-separated words into a PascalCase name",
          "to_pascal_case|pascalize|words_to_pascal", names="to_pascal_case|make_class_name"))
def identifier_style(x: Ctx) -> None:
    s = x.param("name|identifier|text|words|label", "str")
    x.returns("str")
    p = x.local("parts|pieces|chunks")
    if x.v == "snake_to_camel":
        x.doc(f"Convert the snake_case string {s} to camelCase: the first word stays lowercase and each "
              "later word starts with an uppercase letter. Empty pieces from repeated underscores are dropped.")
        x.body(f"""
            {p} = [piece for piece in {s}.split('_') if piece]
            if not {p}:
                return ''
            return {p}[0].lower() + ''.join(piece.capitalize() for piece in {p}[1:])""")
        x.cases(lambda r: ("_".join(identifier_words(r)),), n=5)
        x.case("__private_value")
    elif x.v == "camel_to_snake":
        c = x.local("ch|c|letter")
        x.doc(f"Convert the camelCase string {s} to snake_case: put an underscore before each uppercase "
              "letter (except at the start) and make every letter lowercase.")
        x.body(f"""
            {p} = []
            for i, {c} in enumerate({s}):
                if {c}.isupper() and i > 0:
                    {p}.append('_')
                {p}.append({c}.lower())
            return ''.join({p})""")
        def camel(r):
            ws = identifier_words(r)
            return (ws[0] + "".join(w.capitalize() for w in ws[1:]),)
        x.cases(camel, n=6)
    elif x.v == "snake_to_kebab":
        x.doc(f"Convert the snake_case string {s} to kebab-case: lowercase, with hyphens between the words "
              "instead of underscores. Leading, trailing and repeated underscores produce no empty words.")
        x.body(f"""
            {p} = [piece.lower() for piece in {s}.split('_') if piece]
            return '-'.join({p})""")
        x.cases(lambda r: ("_".join(identifier_words(r)),), n=5)
        x.case("_Leading_and_trailing_")
    else:
        x.doc(f"Join the space-separated words of {s} into one PascalCase name: every word capitalized, "
              "no separators.")
        x.body(f"""
            {p} = {s}.split()
            return ''.join(word[:1].upper() + word[1:].lower() for word in {p})""")
        x.cases(lambda r: (" ".join(identifier_words(r)),), n=6)
    x.explain("Splitting on the separator gives the words; each word's case is adjusted and the words are "
              "joined with the new separator (or none).")


@family(T, "Palindromes",
        V("plain", "check whether a string reads the same forwards and backwards",
          "is|check", "palindrome|mirrored", names="reads_same_backwards"),
        V("letters_only", "check whether a phrase is a palindrome when case, spaces and punctuation are ignored",
          "is|check", "palindrome_phrase|loose_palindrome", names="is_palindrome_ignoring_case"),
        V("count_words", "count the words of a sentence that are palindromes",
          "count|tally", "palindromes|palindromic_words|mirror_words"))
def palindromes(x: Ctx) -> None:
    s = x.param("text|s|word|phrase|candidate", "str")
    pal = ["level", "noon", "radar", "kayak", "refer", "stats", "civic", "a", "wow", "madam"]
    if x.v == "plain":
        x.returns("bool")
        x.doc(x.pick([f"Return True if {s} is the same when read backwards, otherwise False.",
                      f"Check whether the string {s} is a palindrome (equal to its own reverse)."]))
        if x.chance():
            x.body(f"return {s} == {s}[::-1]")
            x.explain("The slice `[::-1]` walks the string with step -1, which reverses it.")
        else:
            x.body(f"""
                left, right = 0, len({s}) - 1
                while left < right:
                    if {s}[left] != {s}[right]:
                        return False
                    left += 1
                    right -= 1
                return True""")
            x.explain("Two indices move towards each other from both ends; the first mismatch proves the "
                      "string is not a palindrome.")
        x.cases(lambda r: (r.choice([r.choice(pal), r.choice(WORDS), r.choice(pal).capitalize()]),), n=6)
        x.case("")
    elif x.v == "letters_only":
        x.returns("bool")
        clean = x.local("cleaned|letters|chars")
        x.doc(f"Return True if {s} is a palindrome once everything except letters and digits is removed and "
              "case is ignored.")
        x.body(f"""
            {clean} = [ch.lower() for ch in {s} if ch.isalnum()]
            return {clean} == {clean}[::-1]""")
        x.explain("Only letters and digits survive the filter, lowercased; the remaining list is compared "
                  "with its reverse.")
        x.case("Never odd or even")
        x.case("Step on no pets!")
        x.cases(lambda r: (r.choice([r.choice(pal).capitalize() + "!", mixed_text(r)]),), n=6)
    else:
        x.returns("int")
        x.doc(f"Count the space-separated words of {s} that read the same backwards. Case matters.")
        x.body(f"return sum(1 for word in {s}.split() if word == word[::-1])")
        x.explain("Each word is compared with its reverse; `sum` counts the matches.")
        x.cases(lambda r: (" ".join(r.choice([r.choice(pal), r.choice(WORDS)]) for _ in range(r.randint(0, 6))),),
                n=6)


@family(T, "Reversing words and characters",
        V("word_order", "reverse the order of the words in a sentence",
          "reverse|flip", "words|word_order", names="backwards_sentence"),
        V("each_word", "reverse the letters of each word but keep the words in place",
          "reverse|mirror", "each_word|letters_in_words", names="reverse_every_word"),
        V("string", "reverse a string without using slicing",
          "reverse|backwards", "string|text", names="reversed_text"))
def reversing(x: Ctx) -> None:
    s = x.param("sentence|text|s|line|phrase", "str")
    x.returns("str")
    if x.v == "word_order":
        x.doc(f"Return the words of {s} in reverse order, separated by single spaces.")
        x.body(x.pick([f"return ' '.join(reversed({s}.split()))", f"return ' '.join({s}.split()[::-1])"]))
        x.explain("`split` with no argument breaks on any run of whitespace; reversing the list of words and "
                  "joining it with spaces gives the answer.")
    elif x.v == "each_word":
        x.doc(f"Return {s} with the letters of every word reversed while the words stay in their order. "
              "Words are separated by single spaces in the result.")
        x.body(f"return ' '.join(word[::-1] for word in {s}.split())")
        x.explain("Each word is reversed on its own, then the words are joined in their original order.")
    else:
        out = x.local("result|out|acc")
        x.doc(f"Return {s} reversed. Build the result one character at a time instead of using slicing.")
        x.body(x.pick([f"""
            {out} = ''
            for ch in {s}:
                {out} = ch + {out}
            return {out}""", f"""
            {out} = []
            for i in range(len({s}) - 1, -1, -1):
                {out}.append({s}[i])
            return ''.join({out})"""]))
        x.explain("Each character is put in front of what has been built so far (or the indices are visited "
                  "from last to first), so the result comes out reversed.")
    x.case("")
    x.cases(lambda r: (sentence(r, 1, 6),), n=6)


@family(T, "Run-length encoding",
        V("encode", "compress a string by writing each run of a repeated character as the character followed by the run length",
          "run_length|rle", "encode|compress", names="compress_runs|encode_runs"),
        V("decode", "expand a run-length encoded list of (character, count) pairs back into a string",
          "run_length|rle", "decode|expand", names="expand_runs|decode_runs"),
        V("runs", "split a string into its runs of equal characters",
          "split|group", "runs|repeats", names="char_runs|runs_of"))
def run_length(x: Ctx) -> None:
    runs = lambda r: "".join(r.choice("abcxyz") * r.randint(1, 4) for _ in range(r.randint(0, 5)))
    if x.v == "encode":
        s = x.param("text|s|data|raw", "str")
        x.returns("str")
        x.doc(f"Compress {s} by replacing every run of the same character with the character followed by the "
              "length of the run, e.g. 'aaab' becomes 'a3b1'.")
        x.body(f"""
            if not {s}:
                return ''
            parts = []
            current, count = {s}[0], 1
            for ch in {s}[1:]:
                if ch == current:
                    count += 1
                else:
                    parts.append(current + str(count))
                    current, count = ch, 1
            parts.append(current + str(count))
            return ''.join(parts)""")
        x.explain("We remember the character of the current run and how long it is; when a different "
                  "character arrives the finished run is written out. The last run is written after the loop.")
        x.case("")
        x.cases(lambda r: (runs(r),), n=6)
    elif x.v == "decode":
        p = x.param("pairs|runs|encoded|items", "list[tuple[str, int]]")
        x.returns("str")
        x.doc(f"Rebuild a string from {p}, a list of (character, count) pairs, by repeating each character "
              "count times.")
        x.body(x.pick([f"return ''.join(ch * n for ch, n in {p})", f"""
            out = []
            for ch, n in {p}:
                out.append(ch * n)
            return ''.join(out)"""]))
        x.explain("Multiplying a string by a number repeats it; the repeated pieces are joined together.")
        x.cases(lambda r: ([(r.choice("abcxyz#"), r.randint(0, 4)) for _ in range(r.randint(0, 4))],), n=6)
    else:
        s = x.param("text|s|data", "str")
        x.returns("list[str]")
        x.doc(f"Split {s} into its runs: maximal stretches of one repeated character, in order.")
        x.body(f"""
            result = []
            for ch in {s}:
                if result and result[-1][0] == ch:
                    result[-1] += ch
                else:
                    result.append(ch)
            return result""")
        x.explain("A character equal to the last run's character extends that run; any other character "
                  "starts a new one.")
        x.cases(lambda r: (runs(r),), n=6)


@family(T, "Shift ciphers",
        V("encrypt", "shift every letter forward in the alphabet by a given amount, wrapping around from z to a",
          "caesar|shift|rotate", "encrypt|letters|cipher"),
        V("decrypt", "undo a forward alphabet shift of the given amount",
          "caesar|unshift", "decrypt|decode", names="shift_back"),
        V("rot13", "apply ROT13 to a string (shift letters by 13, keep case)", "rot13|apply_rot13",
          names="rot13|apply_rot13|rot13_text"))
def shift_cipher(x: Ctx) -> None:
    s = x.param("text|message|plain|s", "str")
    k = x.param("shift|key|k|offset", "int") if x.v != "rot13" else None
    amount = k if x.v == "encrypt" else f"-{k}" if x.v == "decrypt" else "13"
    x.returns("str")
    direction = {"encrypt": f"forward by {k}", "decrypt": f"backward by {k}", "rot13": "by 13"}[x.v]
    x.doc(f"Shift every letter of {s} {direction} places in the alphabet, wrapping around at the end. "
          "Uppercase letters stay uppercase, lowercase stay lowercase, and other characters are unchanged.")
    x.body(f"""
        out = []
        for ch in {s}:
            if ch.isalpha() and ch.isascii():
                base = ord('A') if ch.isupper() else ord('a')
                out.append(chr((ord(ch) - base + {amount}) % 26 + base))
            else:
                out.append(ch)
        return ''.join(out)""")
    x.explain("A letter's position in the alphabet is `ord(ch) - base`; adding the shift and taking the "
              "remainder modulo 26 wraps past z back to a, and `chr` turns the position back into a letter.")
    if x.v == "rot13":
        x.cases(lambda r: (mixed_text(r),), n=6)
    else:
        x.cases(lambda r: (mixed_text(r), r.randint(0, 30)), n=6)


@family(T, "Character frequencies",
        V("counts", "count how many times each character occurs in a string, as a dictionary",
          "char|letter", "counts|frequencies|histogram", names="count_chars|tally_letters"),
        V("most_common", "find the character that occurs most often (the earliest one on ties)",
          "most_common|most_frequent", "char|letter"),
        V("first_unique", "find the first character that occurs exactly once, or None",
          "first_unique|first_single|first_unrepeated", "char|letter"))
def char_frequency(x: Ctx) -> None:
    s = x.param("text|s|word|data", "str")
    counts = x.local("counts|freq|seen|tally")
    loop = f"""
        {counts} = {{}}
        for ch in {s}:
            {counts}[ch] = {counts}.get(ch, 0) + 1"""
    gen = lambda r: ("".join(r.choice("aabbcdeexyz") for _ in range(r.randint(1, 9))),)
    if x.v == "counts":
        x.returns("dict[str, int]")
        x.doc(f"Return a dictionary mapping each character of {s} to the number of times it occurs, with "
              "keys in order of first appearance.")
        x.body(loop, f"return {counts}")
        x.explain("`dict.get(ch, 0)` reads the count so far, or 0 for a character not seen yet.")
        x.case("")
    elif x.v == "most_common":
        x.returns("str")
        x.doc(f"Return the character that occurs most often in the non-empty string {s}. On a tie, return "
              "the one that appears first.")
        x.body(loop, f"""
            best = {s}[0]
            for ch in {counts}:
                if {counts}[ch] > {counts}[best]:
                    best = ch
            return best""")
        x.explain("After counting, we scan the characters in order of first appearance and keep the best; "
                  "using a strict `>` keeps the earliest one on a tie.")
    else:
        x.returns("str | None")
        x.doc(f"Return the first character of {s} that occurs exactly once in it, or None if every "
              "character repeats.")
        x.body(loop, f"""
            for ch in {s}:
                if {counts}[ch] == 1:
                    return ch
            return None""")
        x.explain("Two passes: one counts, the second finds the first character whose count is one.")
        x.case("aabb")
    x.cases(gen, n=6)


@family(T, "Searching inside a string",
        V("count_overlapping", "count how many times a pattern occurs in a text, overlaps included",
          "count", "occurrences|matches|overlapping", names="occurrences_of"),
        V("positions", "list every index where a pattern starts in a text",
          "find_all|all", "positions|indices|starts", names="positions_of|where_is"),
        V("count_nonoverlap", "count the non-overlapping occurrences of a pattern without str.count",
          "count", "non_overlapping|separate_matches"))
def substring_search(x: Ctx) -> None:
    t = x.param("text|haystack|s|source", "str")
    p = x.param("pattern|needle|sub|target", "str")
    gen = lambda r: ("".join(r.choice("ab") for _ in range(r.randint(0, 10))), r.choice(["a", "ab", "aa", "ba", "aba"]))
    if x.v == "count_overlapping":
        x.returns("int")
        x.doc(f"Count how many times the non-empty string {p} occurs in {t}, counting overlapping "
              "occurrences (so 'aa' occurs twice in 'aaa').")
        x.body(f"return sum(1 for i in range(len({t}) - len({p}) + 1) if {t}[i:i + len({p})] == {p})")
        x.explain("Every start position is tried, and the slice of the pattern's length is compared with it.")
    elif x.v == "positions":
        x.returns("list[int]")
        x.doc(f"Return the indices in {t} where the non-empty string {p} starts, overlaps included, in "
              "increasing order.")
        x.body(f"""
            result = []
            start = {t}.find({p})
            while start != -1:
                result.append(start)
                start = {t}.find({p}, start + 1)
            return result""")
        x.explain("`str.find` takes a start index; restarting one past the last match finds overlapping "
                  "matches too, and -1 means there are no more.")
    else:
        x.returns("int")
        x.doc(f"Count the non-overlapping occurrences of the non-empty string {p} in {t}, scanning from "
              "left to right, without calling str.count.")
        x.body(f"""
            count, i = 0, 0
            while i <= len({t}) - len({p}):
                if {t}[i:i + len({p})] == {p}:
                    count += 1
                    i += len({p})
                else:
                    i += 1
            return count""")
        x.explain("After a match the scan jumps past it, so the same characters are never counted twice.")
    x.cases(gen, n=7)


@family(T, "Anagrams",
        V("check", "check whether two words are anagrams of each other (ignoring case)",
          "is|are|check", "anagram|anagrams", names="same_letters"),
        V("signature", "compute a word's anagram key: its letters lowercased and sorted",
          "anagram|letter", "key|signature", names="sorted_letters"),
        V("filter", "keep the words from a list that are anagrams of a given word",
          "find|filter|select", "anagrams|anagrams_of"))
def anagrams(x: Ctx) -> None:
    base = ["listen", "silent", "enlist", "tinsel", "stone", "notes", "onset", "tones", "night", "thing",
            "arc", "car", "act", "cat", "evil", "vile", "live", "veil"]
    shuffle = lambda r, w: "".join(r.sample(w, len(w)))
    if x.v == "check":
        a, b = x.param("first|a|word1|left", "str"), x.param("second|b|word2|right", "str")
        x.returns("bool")
        x.doc(f"Return True if {a} and {b} contain exactly the same letters the same number of times, "
              "ignoring case.")
        x.body(x.pick([f"return sorted({a}.lower()) == sorted({b}.lower())", f"""
            counts = {{}}
            for ch in {a}.lower():
                counts[ch] = counts.get(ch, 0) + 1
            for ch in {b}.lower():
                counts[ch] = counts.get(ch, 0) - 1
            return all(v == 0 for v in counts.values())"""]))
        x.explain("Two words are anagrams exactly when sorting their letters gives the same list (or, "
                  "equivalently, when every letter count balances to zero).")
        x.cases(lambda r: (r.choice(base), r.choice(base)), n=4)
        x.cases(lambda r: ((w := r.choice(base)), shuffle(r, w).upper()), n=7)
    elif x.v == "signature":
        w = x.param("word|s|text", "str")
        x.returns("str")
        x.doc(f"Return the letters of {w}, lowercased and sorted, joined into a string. Anagrams share "
              "this key.")
        x.body(f"return ''.join(sorted({w}.lower()))")
        x.explain("Sorting puts the letters into a canonical order, so anagrams map to the same string.")
        x.cases(lambda r: (r.choice(base + WORDS).capitalize(),), n=6)
    else:
        w = x.param("word|target|base", "str")
        ws = x.param("candidates|words|options", "list[str]")
        x.returns("list[str]")
        x.doc(f"Return the words of {ws}, in their order, that are anagrams of {w} (same letters, ignoring "
              "case) but not the same word.")
        x.body(f"""
            key = sorted({w}.lower())
            return [c for c in {ws} if sorted(c.lower()) == key and c.lower() != {w}.lower()]""")
        x.explain("Each candidate's sorted letters are compared with the target's; the word itself is "
                  "excluded.")
        x.cases(lambda r: (r.choice(base), r.sample(base, r.randint(0, 6))), n=6)


@family(T, "Word statistics",
        V("longest", "find the longest word in a sentence (the first one on ties)",
          "longest|find_longest", "word", names="biggest_word"),
        V("average", "compute the average word length of a sentence, rounded to two decimals",
          "average|mean", "word_length|word_size"),
        V("count_long", "count the words longer than a given length",
          "count", "long_words|words_longer_than"),
        V("lengths", "list the length of every word in a sentence",
          "word", "lengths|sizes", names="lengths_of_words"))
def word_stats(x: Ctx) -> None:
    s = x.param("sentence|text|line|phrase", "str")
    ws = x.local("words|tokens|parts")
    gen = lambda r: (sentence(r, 1, 7),)
    if x.v == "longest":
        x.returns("str")
        x.doc(f"Return the longest space-separated word in {s}; on a tie the earliest wins. {s} has at "
              "least one word.")
        x.body(x.pick([f"return max({s}.split(), key=len)", f"""
            best = ''
            for word in {s}.split():
                if len(word) > len(best):
                    best = word
            return best"""]))
        x.explain("`max` with `key=len` compares words by length and returns the first of the longest.")
    elif x.v == "average":
        x.returns("float")
        x.doc(f"Return the average length of the words in {s}, rounded to 2 decimal places, or 0.0 when "
              "there are no words.")
        x.body(f"""
            {ws} = {s}.split()
            if not {ws}:
                return 0.0
            return round(sum(len(w) for w in {ws}) / len({ws}), 2)""")
        x.explain("The total number of letters divided by the number of words is the mean; an empty "
                  "sentence is handled first to avoid dividing by zero.")
        x.case("")
    elif x.v == "count_long":
        n = x.param("min_length|limit|n|threshold", "int")
        x.returns("int")
        x.doc(f"Count the words in {s} that have more than {n} characters.")
        x.body(f"return len([w for w in {s}.split() if len(w) > {n}])")
        x.explain("A list comprehension keeps the long words; its length is the count.")
        gen = lambda r: (sentence(r, 0, 7), r.randint(2, 7))
    else:
        x.returns("list[int]")
        x.doc(f"Return a list with the length of each space-separated word of {s}, in order.")
        x.body(f"return [len(w) for w in {s}.split()]")
        x.explain("`split` gives the words and a comprehension maps each to its length.")
    x.cases(gen, n=6)


@family(T, "Removing characters",
        V("dedupe", "remove repeated characters, keeping only the first occurrence of each",
          "remove|drop|strip", "duplicate_chars|repeats", names="unique_chars"),
        V("vowels", "remove all vowels from a string", "remove|drop|strip", "vowels", names="disemvowel"),
        V("non_letters", "keep only the letters of a string", "keep|only", "letters|alpha",
          names="letters_only|strip_non_letters"),
        V("adjacent", "collapse runs of the same character into a single character",
          "collapse|squeeze", "repeats|runs|duplicates"))
def remove_chars(x: Ctx) -> None:
    s = x.param("text|s|word|value", "str")
    x.returns("str")
    if x.v == "dedupe":
        seen = x.local("seen|used|met")
        x.doc(f"Return {s} without repeated characters: each character is kept the first time it appears "
              "and dropped afterwards.")
        x.body(f"""
            {seen} = set()
            out = []
            for ch in {s}:
                if ch not in {seen}:
                    {seen}.add(ch)
                    out.append(ch)
            return ''.join(out)""")
        x.explain("A set remembers which characters were already kept; membership tests in a set are fast.")
    elif x.v == "vowels":
        x.doc(f"Return {s} with every vowel (a, e, i, o, u, either case) removed.")
        x.body(f"return ''.join(ch for ch in {s} if ch.lower() not in 'aeiou')")
        x.explain("Characters that are not vowels pass the filter and are joined back into a string.")
    elif x.v == "non_letters":
        x.doc(f"Return only the alphabetic characters of {s}, in order.")
        x.body(f"return ''.join(ch for ch in {s} if ch.isalpha())")
        x.explain("`str.isalpha` is True for letters only, so digits, spaces and punctuation are dropped.")
    else:
        x.doc(f"Return {s} with every run of the same character collapsed to one character, e.g. "
              "'aaabcc' becomes 'abc'.")
        x.body(f"""
            out = []
            for ch in {s}:
                if not out or out[-1] != ch:
                    out.append(ch)
            return ''.join(out)""")
        x.explain("A character is kept only when it differs from the last kept character.")
    x.case("")
    x.cases(lambda r: (r.choice([mixed_text(r), "".join(r.choice("aabbcc ") for _ in range(8))]),), n=6)


@family(T, "Acronyms and initials",
        V("acronym", "build an uppercase acronym from the first letters of the words",
          "acronym|make_acronym|abbreviate", names="acronym|make_acronym|abbreviate|initials_of"),
        V("initials", "turn a full name into initials with dots, like 'A. L.'",
          "name", "initials|to_initials", names="initials|format_initials"),
        V("skip_small", "build an acronym that skips short words such as 'of' and 'and'",
          "acronym|abbreviate", "title|phrase", names="short_form"))
def acronyms(x: Ctx) -> None:
    s = x.param("phrase|name|title|text", "str")
    x.returns("str")
    if x.v == "acronym":
        x.doc(f"Return the acronym of {s}: the first letter of each word, uppercased, joined together.")
        x.body(f"return ''.join(word[0].upper() for word in {s}.split())")
        x.cases(lambda r: (sentence(r, 1, 5),), n=6)
    elif x.v == "initials":
        x.doc(f"Return the initials of the name {s}: the first letter of each part, uppercased and "
              "followed by a dot, separated by spaces.")
        x.body(f"return ' '.join(part[0].upper() + '.' for part in {s}.split())")
        from phi1lib.offline_teacher.base import NAMES
        x.cases(lambda r: (" ".join(r.sample(NAMES, r.randint(1, 3))),), n=6)
    else:
        small = x.local("small|skip|minor")
        x.doc(f"Return the acronym of {s}, skipping the words 'of', 'and', 'the', 'a' and 'for' "
              "(in any case): the first letters of the other words, uppercased.")
        x.body(f"""
            {small} = {{'of', 'and', 'the', 'a', 'for'}}
            return ''.join(w[0].upper() for w in {s}.split() if w.lower() not in {small})""")
        x.cases(lambda r: (" ".join(r.choice(WORDS + ["of", "and", "the", "for", "The"]) for _ in range(r.randint(1, 6))),),
                n=6)
    x.explain("`split` gives the words and indexing with `[0]` picks each one's first letter.")


@family(T, "Comparing two strings",
        V("prefix", "find the longest common prefix of two strings", "common|shared", "prefix|start",
          names="longest_common_prefix"),
        V("hamming", "count the positions where two equal-length strings differ",
          "hamming|count", "distance|differences|mismatches"),
        V("suffix", "find the longest common suffix of two strings", "common|shared", "suffix|ending"))
def string_compare(x: Ctx) -> None:
    a, b = x.param("a|first|s1|left", "str"), x.param("b|second|s2|right", "str")
    i = x.local("i|k|n")
    if x.v == "prefix":
        x.returns("str")
        x.doc(f"Return the longest string that both {a} and {b} start with.")
        x.body(f"""
            {i} = 0
            while {i} < min(len({a}), len({b})) and {a}[{i}] == {b}[{i}]:
                {i} += 1
            return {a}[:{i}]""")
        x.cases(lambda r: (w := r.choice(WORDS), w[:r.randint(0, len(w))] + r.choice(["", "x", "ing"])), n=6)
    elif x.v == "suffix":
        x.returns("str")
        x.doc(f"Return the longest string that both {a} and {b} end with.")
        x.body(f"""
            {i} = 0
            while {i} < min(len({a}), len({b})) and {a}[-1 - {i}] == {b}[-1 - {i}]:
                {i} += 1
            return {a}[len({a}) - {i}:]""")
        x.cases(lambda r: (r.choice(["re", "un", ""]) + (w := r.choice(WORDS)), w[r.randint(0, len(w)):]), n=6)
    else:
        x.returns("int")
        x.doc(f"Return the number of positions at which {a} and {b} have different characters. The two "
              "strings have the same length.")
        x.body(f"return sum(1 for p, q in zip({a}, {b}) if p != q)")
        x.cases(lambda r: (w := "".join(r.choice("ACGT") for _ in range(r.randint(0, 8))),
                           "".join(c if r.random() < 0.6 else r.choice("ACGT") for c in w)), n=6)
    x.explain("The two strings are walked position by position, comparing the characters that line up.")


@family(T, "Padding and trimming text",
        V("truncate", "shorten text to a maximum length, ending with '...' when something was cut",
          "truncate|shorten|clip", "text|string", names="ellipsize"),
        V("pad_left", "pad a string on the left with a fill character up to a width",
          "pad|left_pad|fill", "left|to_width", names="zero_pad|right_align"),
        V("center", "center a string in a field of given width using a fill character, extra fill on the right",
          "center|centre", "text|in_field"))
def padding(x: Ctx) -> None:
    s = x.param("text|s|label|value", "str")
    w = x.param("width|size|limit|n", "int")
    x.returns("str")
    if x.v == "truncate":
        x.doc(f"Return {s} unchanged if it has at most {w} characters; otherwise cut it so that, with "
              f"'...' appended, the result has exactly {w} characters. {w} is at least 3.")
        x.body(f"""
            if len({s}) <= {w}:
                return {s}
            return {s}[:{w} - 3] + '...'""")
        x.cases(lambda r: (sentence(r, 1, 4), r.randint(3, 16)), n=6)
    elif x.v == "pad_left":
        f = x.param("fill|pad|ch", "str", default=x.pick(["0", " ", "*", "."]))
        x.doc(f"Return {s} padded on the left with the character {f} until it is {w} characters long. "
              "Longer strings are returned unchanged.")
        x.body(x.pick([f"return {f} * max(0, {w} - len({s})) + {s}", f"""
            while len({s}) < {w}:
                {s} = {f} + {s}
            return {s}"""]))
        x.cases(lambda r: (str(r.randint(0, 999)), r.randint(0, 7)), n=4)
        x.cases(lambda r: (r.choice(WORDS), r.randint(0, 9), r.choice("-#")), n=6)
    else:
        f = x.param("fill|pad|ch", "str", default=x.pick([" ", "*", "-"]))
        x.doc(f"Center {s} in a field of {w} characters, padding with {f}. When the padding cannot be "
              "split evenly, the extra character goes on the right. Longer strings are returned unchanged.")
        x.body(f"""
            total = max(0, {w} - len({s}))
            left = total // 2
            return {f} * left + {s} + {f} * (total - left)""")
        x.cases(lambda r: (r.choice(SHORT_WORDS + WORDS), r.randint(2, 11)), n=4)
        x.cases(lambda r: (r.choice(SHORT_WORDS), r.randint(4, 9), r.choice("=.")), n=6)
    x.explain("The amount of padding is the width minus the current length, never below zero; "
              "multiplying a one-character string repeats it that many times.")


@family(T, "Validating strings",
        V("password", "check that a password has at least 8 characters, a digit, an uppercase and a lowercase letter",
          "is|check", "strong_password|valid_password", names="password_ok"),
        V("identifier", "check that a string is a valid variable name: letters, digits and underscores, not starting with a digit",
          "is|check", "valid_name|valid_identifier", names="looks_like_identifier"),
        V("hex_color", "check that a string is a color like '#a1b2c3' (a hash then six hex digits)",
          "is|check", "hex_color|color_code", names="valid_color"))
def validate_string(x: Ctx) -> None:
    s = x.param("text|s|candidate|value", "str")
    x.returns("bool")
    if x.v == "password":
        x.doc(f"Return True if {s} has at least 8 characters and contains at least one digit, one uppercase "
              "letter and one lowercase letter.")
        x.body(f"""
            return (len({s}) >= 8
                    and any(ch.isdigit() for ch in {s})
                    and any(ch.isupper() for ch in {s})
                    and any(ch.islower() for ch in {s}))""")
        x.explain("`any` stops at the first character that satisfies its test, and the conditions are "
                  "combined with `and`.")
        x.cases(lambda r: ("".join(r.choice([r.choice(WORDS), r.choice(WORDS).capitalize(), str(r.randint(0, 99))])
                                   for _ in range(r.randint(1, 3))),), n=7)
    elif x.v == "identifier":
        x.doc(f"Return True if {s} is non-empty, contains only ASCII letters, digits and underscores, and "
              "does not start with a digit.")
        x.body(f"""
            if not {s} or {s}[0].isdigit():
                return False
            allowed = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_'
            return all(ch in allowed for ch in {s})""")
        x.explain("The first character is checked on its own, then every character must belong to the "
                  "allowed alphabet.")
        x.cases(lambda r: (r.choice(["", "_"]) + r.choice(WORDS) + r.choice(["", "_2", "-x", " y", "9"]),), n=5)
        x.case("2fast")
    else:
        x.doc(f"Return True if {s} is '#' followed by exactly six hexadecimal digits (0-9, a-f, either case).")
        x.body(f"""
            if len({s}) != 7 or {s}[0] != '#':
                return False
            return all(ch in '0123456789abcdefABCDEF' for ch in {s}[1:])""")
        x.explain("The length and the leading '#' are checked first, then each remaining character must be "
                  "a hex digit.")
        x.cases(lambda r: ("#" + "".join(r.choice("0123456789abcdefABCDEFgz") for _ in range(r.choice([3, 6, 6, 6, 7]))),),
                n=6)
