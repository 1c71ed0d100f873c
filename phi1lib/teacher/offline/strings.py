"""Concept families on strings: characters, words, case, encodings, searching inside text."""

from __future__ import annotations

from phi1lib.teacher.offline.base import (
    NAMES,
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

LOWER = "abcdefghijklmnopqrstuvwxyz"


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
    what = {
        "vowels": "vowels (a, e, i, o and u, in either case)", "digits": "decimal digits",
        "upper": "uppercase letters", "spaces": "whitespace characters",
        "consonants": "consonants (letters other than a, e, i, o, u)",
    }[x.v]
    pred = x.pick({
        "vowels": [f"{ch}.lower() in 'aeiou'", f"{ch} in 'aeiouAEIOU'"],
        "digits": [f"{ch} in '0123456789'", f"'0' <= {ch} <= '9'", f"{ch}.isdigit()"],
        "upper": [f"{ch}.isupper()", f"'A' <= {ch} <= 'Z'"],
        "spaces": [f"{ch}.isspace()", f"not {ch}.strip()"],
        "consonants": [f"{ch}.isalpha() and {ch}.lower() not in 'aeiou'",
                       f"{ch}.isalpha() and {ch} not in 'aeiouAEIOU'"],
    }[x.v])
    short = what.split(" (")[0]
    x.returns("int")
    x.doc(x.pick([f"Return the number of {what} in {s}.", f"Count the {what} that appear in the string {s}.",
                  f"How many {what} does {s} contain? Return that count."]))
    x.form(
        (f"""
            {n} = 0
            for {ch} in {s}:
                if {pred}:
                    {n} += 1
            return {n}""",
         (f"We walk through {s} one character at a time and add one to a counter whenever the character is "
         f"one of the {short}.")),
        (f"return sum(1 for {ch} in {s} if {pred})",
         ("A generator expression yields 1 for every matching character and `sum` adds them up, which is a "
         "compact way of counting.")),
        (f"return len([{ch} for {ch} in {s} if {pred}])",
         f"A list comprehension keeps only the {short}; the length of that list is the count."),
        (f"return sum({pred} for {ch} in {s})",
         "Each test gives True or False, and `sum` counts True as 1 and False as 0."),
        (f"""
            {n} = 0
            i = 0
            while i < len({s}):
                {ch} = {s}[i]
                if {pred}:
                    {n} += 1
                i += 1
            return {n}""",
         ("An index walks from 0 to the end of the string; each character it points at is tested and "
         "counted.")),
        (f"""
            def matches({ch}):
                return {pred}

            return len(list(filter(matches, {s})))""",
         ("A small helper says whether one character matches; `filter` keeps the matching characters and "
         "their number is the answer.")),
    )
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
        flip = x.pick([f"{ch}.lower() if {ch}.isupper() else {ch}.upper()",
                       f"{ch}.upper() if {ch}.islower() else {ch}.lower()"])
        x.form(
            (f"""
            {out} = []
            for {ch} in {s}:
                if {ch}.isupper():
                    {out}.append({ch}.lower())
                else:
                    {out}.append({ch}.upper())
            return ''.join({out})""",
             ("Each character is tested with `isupper`; the opposite case is built with `lower` or `upper`, and "
             "the pieces are joined back into one string.")),
            (f"return ''.join({flip} for {ch} in {s})",
             "A conditional expression picks the opposite case of each character, and `join` glues them."),
            (f"return {s}.swapcase()",
             "Strings already know how to do this: `str.swapcase` flips the case of every letter."),
            (f"""
            {out} = ''
            for {ch} in {s}:
                {out} += {flip}
            return {out}""",
             "The result string grows by one flipped character per step."),
            (f"""
            def flip({ch}):
                if {ch}.isupper():
                    return {ch}.lower()
                return {ch}.upper()

            return ''.join(map(flip, {s}))""",
             "A helper flips one character; `map` applies it to every character and `join` collects them."),
        )
    elif x.v == "alternate":
        i = x.local("i|index|pos")
        x.doc(f"Return {s} rewritten in alternating case: the character at index 0 uppercase, at index 1 "
              "lowercase, and so on. Positions are counted over all characters, spaces included.")
        x.form(
            (f"""
            {out} = []
            for {i}, {ch} in enumerate({s}):
                {out}.append({ch}.upper() if {i} % 2 == 0 else {ch}.lower())
            return ''.join({out})""",
             ("`enumerate` gives each character its position; even positions are uppercased and odd ones "
             "lowercased.")),
            (f"return ''.join({ch}.lower() if {i} % 2 else {ch}.upper() for {i}, {ch} in enumerate({s}))",
             ("One generator expression pairs every character with its index and picks the case from the "
             "index's parity.")),
            (f"""
            {out} = ''
            for {i} in range(len({s})):
                if {i} % 2 == 0:
                    {out} += {s}[{i}].upper()
                else:
                    {out} += {s}[{i}].lower()
            return {out}""",
             "The loop visits every index; even ones get an uppercase character and odd ones a lowercase one."),
            (f"""
            {out} = []
            upper = True
            for {ch} in {s}:
                {out}.append({ch}.upper() if upper else {ch}.lower())
                upper = not upper
            return ''.join({out})""",
             "A flag remembers which case comes next and is flipped after every character."),
        )
    elif x.v == "title":
        w = x.local("w|word|part")
        x.doc(f"Return {s} with the first letter of every space-separated word capitalized and the other "
              "letters lowercase. Words are separated by single spaces in the result.")
        x.form(
            (f"return ' '.join({w}[:1].upper() + {w}[1:].lower() for {w} in {s}.split())",
             ("`split` breaks the text into words; slicing separates each word's first letter from the rest, "
             "and `join` puts the words back together with single spaces.")),
            (f"return ' '.join({w}.capitalize() for {w} in {s}.split())",
             "`str.capitalize` uppercases the first character of a word and lowercases the rest."),
            (f"""
            {out} = []
            for {w} in {s}.split():
                {out}.append({w}[0].upper() + {w}[1:].lower())
            return ' '.join({out})""",
             "Each word is rebuilt from its uppercased first letter and its lowercased remainder."),
            (f"return ' '.join(map(str.capitalize, {s}.split()))",
             "`map` applies `str.capitalize` to every word, and `join` puts single spaces between them."),
        )
    else:
        x.doc(f"Return {s} with its first character uppercase and all the others lowercase. An empty "
              "string stays empty.")
        x.form(
            (f"return {s}[:1].upper() + {s}[1:].lower()",
             f"The slice `{s}[:1]` is empty for an empty string, so no special case is needed."),
            (f"return {s}.capitalize()", "`str.capitalize` does exactly this, and leaves '' as ''."),
            (f"""
            if not {s}:
                return {s}
            return {s}[0].upper() + {s}[1:].lower()""",
             "The empty string is returned at once, since it has no first character to index."),
            (f"""
            {out} = []
            for i, {ch} in enumerate({s}):
                {out}.append({ch}.upper() if i == 0 else {ch}.lower())
            return ''.join({out})""",
             "Only the character at index 0 is uppercased; every other one is lowercased."),
        )
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
        x.form(
            (f"""
            {p} = [piece for piece in {s}.split('_') if piece]
            if not {p}:
                return ''
            return {p}[0].lower() + ''.join(piece.capitalize() for piece in {p}[1:])""",
             "Splitting on '_' gives the words; the first stays lowercase and the others are capitalized."),
            (f"""
            result = ''
            for piece in {s}.split('_'):
                if not piece:
                    continue
                if result:
                    result += piece.capitalize()
                else:
                    result = piece.lower()
            return result""",
             ("Empty pieces are skipped; the first real word starts the result and later words are appended "
             "capitalized.")),
            (f"""
            {p} = list(filter(None, {s}.split('_')))
            if len({p}) == 0:
                return ''
            head, *tail = {p}
            return head.lower() + ''.join(word[:1].upper() + word[1:].lower() for word in tail)""",
             "`filter(None, ...)` drops the empty pieces; unpacking separates the first word from the rest."),
            (f"""
            {p} = [piece.lower() for piece in {s}.split('_') if piece]
            for i in range(1, len({p})):
                {p}[i] = {p}[i].capitalize()
            return ''.join({p})""",
             "All words are lowercased first; then every word after index 0 is capitalized in place."),
        )
        x.cases(lambda r: ("_".join(identifier_words(r)),), n=5)
        x.case("__private_value")
    elif x.v == "camel_to_snake":
        c = x.local("ch|c|letter")
        x.doc(f"Convert the camelCase string {s} to snake_case: put an underscore before each uppercase "
              "letter (except at the start) and make every letter lowercase.")
        x.form(
            (f"""
            {p} = []
            for i, {c} in enumerate({s}):
                if {c}.isupper() and i > 0:
                    {p}.append('_')
                {p}.append({c}.lower())
            return ''.join({p})""",
             ("Walking the characters with their positions, an uppercase letter after the start gets an "
             "underscore in front; every character is lowercased.")),
            ((f"return ''.join('_' + {c}.lower() if {c}.isupper() and i > 0 else {c}.lower() "
             f"for i, {c} in enumerate({s}))"),
             "One generator expression decides, for each character, whether an underscore goes before it."),
            (f"""
            result = {s}[:1].lower()
            for {c} in {s}[1:]:
                if {c}.isupper():
                    result += '_' + {c}.lower()
                else:
                    result += {c}
            return result""",
             ("The first character is handled on its own (it never gets an underscore); the rest are appended "
             "one by one.")),
            (f"""
            import re
            return re.sub('(?<!^)([A-Z])', '_\\\\1', {s}).lower()""",
             ("A regular expression finds every uppercase letter that is not at the start and puts an "
             "underscore before it; then everything is lowercased.")),
        )
        def camel(r):
            ws = identifier_words(r)
            return (ws[0] + "".join(w.capitalize() for w in ws[1:]),)
        x.cases(camel, n=6)
    elif x.v == "snake_to_kebab":
        x.doc(f"Convert the snake_case string {s} to kebab-case: lowercase, with hyphens between the words "
              "instead of underscores. Leading, trailing and repeated underscores produce no empty words.")
        x.form(
            (f"""
            {p} = [piece.lower() for piece in {s}.split('_') if piece]
            return '-'.join({p})""",
             "Splitting on '_' and dropping empty pieces gives the words, which are joined with hyphens."),
            (f"return '-'.join(filter(None, {s}.lower().split('_')))",
             "`filter(None, ...)` removes the empty strings that repeated underscores leave behind."),
            (f"""
            {p} = []
            for piece in {s}.split('_'):
                if piece:
                    {p}.append(piece.lower())
            return '-'.join({p})""",
             "The loop keeps the non-empty pieces, lowercased, and `join` puts hyphens between them."),
            (f"return '-'.join(piece for piece in {s}.lower().split('_') if piece != '')",
             "The whole name is lowercased first; empty pieces are skipped while joining."),
        )
        x.cases(lambda r: ("_".join(identifier_words(r)),), n=5)
        x.case("_Leading_and_trailing_")
    else:
        x.doc(f"Join the space-separated words of {s} into one PascalCase name: every word capitalized, "
              "no separators.")
        x.form(
            (f"""
            {p} = {s}.split()
            return ''.join(word[:1].upper() + word[1:].lower() for word in {p})""",
             ("Each word is rebuilt from its uppercased first letter and lowercased rest, then the words are "
             "glued together.")),
            (f"return ''.join(word.capitalize() for word in {s}.split())",
             "`str.capitalize` does the per-word work; `join` with an empty separator glues the words."),
            (f"return ''.join(map(str.capitalize, {s}.split()))",
             "`map` applies `str.capitalize` to every word."),
            (f"""
            result = ''
            for word in {s}.split():
                result += word[0].upper() + word[1:].lower()
            return result""",
             "The name grows by one capitalized word per step."),
        )
        x.cases(lambda r: (" ".join(identifier_words(r)),), n=6)


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
    f = x.name
    if x.v == "plain":
        x.returns("bool")
        fold = x.chance(0.35)
        x.doc(x.pick([f"Return True if {s} is the same when read backwards, otherwise False.",
                      f"Check whether the string {s} is a palindrome (equal to its own reverse)."])
              + (" Uppercase and lowercase letters count as equal." if fold else " Case matters."))
        t = x.local("t|folded|lowered") if fold else s
        prep = f"{t} = {s}.lower()" if fold else ""
        x.form(
            (prep, f"return {t} == {t}[::-1]",
             "The slice `[::-1]` walks the string with step -1, which reverses it."),
            (prep, f"""
                left, right = 0, len({t}) - 1
                while left < right:
                    if {t}[left] != {t}[right]:
                        return False
                    left += 1
                    right -= 1
                return True""",
             ("Two indices move towards each other from both ends; the first mismatch proves the string is not "
             "a palindrome.")),
            (prep, f"return all({t}[i] == {t}[-1 - i] for i in range(len({t}) // 2))",
             ("Each character in the first half must equal its mirror image in the second half; `all` stops at "
             "the first difference.")),
            (prep, f"return list({t}) == list(reversed({t}))",
             "`reversed` walks the string backwards; comparing the two character lists answers the question."),
            (prep, f"""
                for i in range(len({t}) // 2):
                    if {t}[i] != {t}[len({t}) - 1 - i]:
                        return False
                return True""",
             "Only the first half needs checking: position i must match position len - 1 - i."),
            (f"""
                if len({s}) < 2:
                    return True
                if {s}[0]{'.lower()' if fold else ''} != {s}[-1]{'.lower()' if fold else ''}:
                    return False
                return {f}({s}[1:-1])""",
             ("Recursively: a string is a palindrome if its ends match and what lies between them is a "
             "palindrome; strings shorter than two characters always are.")),
        )
        x.cases(lambda r: (r.choice([r.choice(pal), r.choice(WORDS), r.choice(pal).capitalize()]),), n=6)
        x.case("")
    elif x.v == "letters_only":
        x.returns("bool")
        clean = x.local("cleaned|letters|chars")
        x.doc(f"Return True if {s} is a palindrome once everything except letters and digits is removed and "
              "case is ignored.")
        x.form(
            (f"""
            {clean} = [ch.lower() for ch in {s} if ch.isalnum()]
            return {clean} == {clean}[::-1]""",
             ("Only letters and digits survive the filter, lowercased; the remaining list is compared with its "
             "reverse.")),
            (f"""
            {clean} = ''.join(filter(str.isalnum, {s})).lower()
            return {clean} == {clean}[::-1]""",
             ("`filter(str.isalnum, ...)` keeps letters and digits; the joined, lowercased text is compared "
             "with its reverse.")),
            (f"""
            i, j = 0, len({s}) - 1
            while i < j:
                if not {s}[i].isalnum():
                    i += 1
                elif not {s}[j].isalnum():
                    j -= 1
                elif {s}[i].lower() != {s}[j].lower():
                    return False
                else:
                    i += 1
                    j -= 1
            return True""",
             ("Two indices move inwards, skipping characters that are not letters or digits and comparing the "
             "others without regard to case.")),
            (f"""
            {clean} = ''
            for ch in {s}:
                if ch.isalnum():
                    {clean} += ch.lower()
            return {clean} == ''.join(reversed({clean}))""",
             "The loop builds the cleaned text; `reversed` gives it backwards for the comparison."),
        )
        x.case("Never odd or even")
        x.case("Step on no pets!")
        x.cases(lambda r: (r.choice([r.choice(pal).capitalize() + "!", mixed_text(r)]),), n=6)
    else:
        x.returns("int")
        x.doc(f"Count the space-separated words of {s} that read the same backwards. Case matters.")
        w = x.local("word|w|token")
        x.form(
            (f"return sum(1 for {w} in {s}.split() if {w} == {w}[::-1])",
             "Each word is compared with its reverse; `sum` counts the matches."),
            (f"""
            count = 0
            for {w} in {s}.split():
                if {w} == {w}[::-1]:
                    count += 1
            return count""",
             "A counter goes up for every word equal to its own reverse."),
            (f"return len([{w} for {w} in {s}.split() if {w} == ''.join(reversed({w}))])",
             "The palindromic words are collected in a list and counted with `len`."),
            (f"return sum({w} == {w}[::-1] for {w} in {s}.split())",
             "The comparison gives True or False for each word, and `sum` counts the Trues."),
        )
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
    ws = x.local("words|parts|tokens")
    if x.v == "word_order":
        x.doc(f"Return the words of {s} in reverse order, separated by single spaces.")
        x.form(
            (f"return ' '.join(reversed({s}.split()))",
             ("`split` with no argument breaks on any run of whitespace; `reversed` walks the words backwards "
             "and `join` puts single spaces between them.")),
            (f"return ' '.join({s}.split()[::-1])", "The slice `[::-1]` reverses the list of words."),
            (f"""
            {ws} = {s}.split()
            {ws}.reverse()
            return ' '.join({ws})""", "`list.reverse` turns the list of words around in place."),
            (f"""
            {ws} = {s}.split()
            result = []
            while {ws}:
                result.append({ws}.pop())
            return ' '.join(result)""",
             "Popping from the end of the word list hands the words out last first."),
            (f"""
            result = []
            for word in {s}.split():
                result.insert(0, word)
            return ' '.join(result)""", "Inserting every word at the front builds the list in reverse."),
        )
    elif x.v == "each_word":
        x.doc(f"Return {s} with the letters of every word reversed while the words stay in their order. "
              "Words are separated by single spaces in the result.")
        x.form(
            (f"return ' '.join(word[::-1] for word in {s}.split())",
             "Each word is reversed on its own, then the words are joined in their original order."),
            (f"""
            {ws} = []
            for word in {s}.split():
                {ws}.append(''.join(reversed(word)))
            return ' '.join({ws})""", "`reversed` walks each word backwards; the reversed words keep their order."),
            (f"return ' '.join(map(lambda word: word[::-1], {s}.split()))",
             "`map` applies the reversing lambda to each word."),
            (f"""
            {ws} = {s}.split()
            for i in range(len({ws})):
                {ws}[i] = {ws}[i][::-1]
            return ' '.join({ws})""", "Each word in the list is replaced by its reverse, in place."),
        )
    else:
        out = x.local("result|out|acc")
        x.doc(f"Return {s} reversed. Build the result one character at a time instead of using slicing.")
        x.form(
            (f"""
            {out} = ''
            for ch in {s}:
                {out} = ch + {out}
            return {out}""", ("Each character is put in front of what has been built so far, so the result "
                             "comes out reversed.")),
            (f"""
            {out} = []
            for i in range(len({s}) - 1, -1, -1):
                {out}.append({s}[i])
            return ''.join({out})""", "The indices are visited from last to first and the characters collected."),
            (f"""
            {out} = ''
            i = len({s})
            while i > 0:
                i -= 1
                {out} += {s}[i]
            return {out}""", "A while loop moves an index down from the end, appending one character each step."),
            (f"""
            {out} = list({s})
            {out}.reverse()
            return ''.join({out})""", "A list of the characters can be reversed in place with `list.reverse`."),
            (f"return ''.join(reversed({s}))", ("`reversed` yields the characters from last to first without "
                                               "building a slice.")),
            (f"""
            {out} = list({s})
            i, j = 0, len({out}) - 1
            while i < j:
                {out}[i], {out}[j] = {out}[j], {out}[i]
                i += 1
                j -= 1
            return ''.join({out})""", ("Swapping the outermost characters and moving inwards reverses the list of "
                                      "characters in place.")),
        )
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
        count_first = x.chance(0.3)
        piece = (lambda c, n: f"str({n}) + {c}") if count_first else (lambda c, n: f"{c} + str({n})")
        x.doc(f"Compress {s} by replacing every run of the same character with "
              + ("the length of the run followed by the character, e.g. 'aaab' becomes '3a1b'."
                 if count_first else "the character followed by the length of the run, e.g. 'aaab' becomes 'a3b1'."))
        x.form(
            (f"""
            if not {s}:
                return ''
            parts = []
            current, count = {s}[0], 1
            for ch in {s}[1:]:
                if ch == current:
                    count += 1
                else:
                    parts.append({piece('current', 'count')})
                    current, count = ch, 1
            parts.append({piece('current', 'count')})
            return ''.join(parts)""",
             ("We remember the character of the current run and how long it is; when a different character "
             "arrives the finished run is written out. The last run is written after the loop.")),
            (f"""
            out = ''
            i = 0
            while i < len({s}):
                j = i
                while j < len({s}) and {s}[j] == {s}[i]:
                    j += 1
                out += {piece(f'{s}[i]', 'j - i')}
                i = j
            return out""",
             ("From the start of each run, a second index moves to the first different character; the distance "
             "between the two indices is the run length.")),
            (f"""
            from itertools import groupby
            return ''.join({piece('ch', 'len(list(group))')} for ch, group in groupby({s}))""",
             ("`itertools.groupby` hands out the runs of equal characters directly; only their lengths are "
             "needed.")),
            (f"""
            runs = []
            for ch in {s}:
                if runs and runs[-1][0] == ch:
                    runs[-1][1] += 1
                else:
                    runs.append([ch, 1])
            return ''.join({piece('ch', 'n')} for ch, n in runs)""",
             "First the runs are collected as [character, length] pairs, then they are written out."),
        )
        x.case("")
        x.cases(lambda r: (runs(r),), n=6)
    elif x.v == "decode":
        p = x.param("pairs|runs|encoded|items", "list[tuple[str, int]]")
        x.returns("str")
        x.doc(f"Rebuild a string from {p}, a list of (character, count) pairs, by repeating each character "
              "count times.")
        guard = x.reject(f"any(n < 0 for _, n in {p})", "counts cannot be negative",
            "Raise ValueError if any count is negative.", ([("a", 2), ("b", -1)],))
        x.form(
            (f"return ''.join(ch * n for ch, n in {p})",
             "Multiplying a string by a number repeats it; the repeated pieces are joined together."),
            (f"""
            out = []
            for ch, n in {p}:
                out.append(ch * n)
            return ''.join(out)""", "Each pair contributes its character repeated n times."),
            (f"""
            out = ''
            for ch, n in {p}:
                for _ in range(n):
                    out += ch
            return out""", "An inner loop appends the character once per repetition."),
            (f"return ''.join(ch for ch, n in {p} for _ in range(n))",
             "A nested generator expression produces every character as many times as its count says."),
            (f"return ''.join([pair[0] * pair[1] for pair in {p}])",
             "Indexing each pair gives its character and count; the repeated strings are joined."),
            prefix=guard,
        )
        x.cases(lambda r: ([(r.choice("abcxyz#"), r.randint(0, 4)) for _ in range(r.randint(0, 4))],), n=6)
    else:
        s = x.param("text|s|data", "str")
        x.returns("list[str]")
        x.doc(f"Split {s} into its runs: maximal stretches of one repeated character, in order.")
        x.form(
            (f"""
            result = []
            for ch in {s}:
                if result and result[-1][0] == ch:
                    result[-1] += ch
                else:
                    result.append(ch)
            return result""",
             ("A character equal to the last run's character extends that run; any other character starts a "
             "new one.")),
            (f"""
            from itertools import groupby
            return [''.join(group) for _, group in groupby({s})]""",
             "`itertools.groupby` groups consecutive equal characters; joining each group gives a run."),
            (f"""
            result = []
            start = 0
            for i in range(1, len({s}) + 1):
                if i == len({s}) or {s}[i] != {s}[start]:
                    result.append({s}[start:i])
                    start = i
            return result""",
             ("`start` marks where the current run began; when the character changes (or the text ends) the "
             "slice from start is one run.")),
            (f"""
            result = []
            current = ''
            for ch in {s}:
                if current and current[-1] != ch:
                    result.append(current)
                    current = ''
                current += ch
            if current:
                result.append(current)
            return result""",
             ("The current run grows while the character stays the same and is stored when it changes; the "
             "last run is stored after the loop.")),
        )
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
    helper, step = x.local("shift_char|rotate_char|move"), x.local("step|steps|places")
    x.form(
        (f"""
        out = []
        for ch in {s}:
            if ch.isalpha() and ch.isascii():
                base = ord('A') if ch.isupper() else ord('a')
                out.append(chr((ord(ch) - base + {amount}) % 26 + base))
            else:
                out.append(ch)
        return ''.join(out)""",
         ("A letter's position in the alphabet is `ord(ch) - base`; adding the shift and taking the remainder "
         "modulo 26 wraps past z back to a, and `chr` turns the position back into a letter.")),
        (f"""
        def {helper}(ch):
            if 'a' <= ch <= 'z':
                return chr((ord(ch) - ord('a') + {amount}) % 26 + ord('a'))
            if 'A' <= ch <= 'Z':
                return chr((ord(ch) - ord('A') + {amount}) % 26 + ord('A'))
            return ch

        return ''.join({helper}(ch) for ch in {s})""",
         ("A helper shifts one character: lowercase and uppercase letters each wrap within their own range "
         "of character codes, and anything else is returned unchanged.")),
        (f"""
        lower = '{LOWER}'
        upper = lower.upper()
        out = ''
        for ch in {s}:
            if ch in lower:
                out += lower[(lower.index(ch) + {amount}) % 26]
            elif ch in upper:
                out += upper[(upper.index(ch) + {amount}) % 26]
            else:
                out += ch
        return out""",
         ("The alphabet is written out as a string; a letter's index in it, shifted modulo 26, picks the new "
         "letter.")),
        (f"""
        lower = '{LOWER}'
        upper = lower.upper()
        {step} = ({amount}) % 26
        table = str.maketrans(lower + upper, lower[{step}:] + lower[:{step}] + upper[{step}:] + upper[:{step}])
        return {s}.translate(table)""",
         ("`str.maketrans` builds a table from each letter to the letter k places later (the rotated "
         "alphabet), and `translate` applies it to every character at once.")),
    )
    x.explain("Taking the shift modulo 26 makes shifts larger than the alphabet, or negative ones, wrap around.")
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
    loop = x.pick([f"""
        {counts} = {{}}
        for ch in {s}:
            {counts}[ch] = {counts}.get(ch, 0) + 1""", f"""
        {counts} = {{}}
        for ch in {s}:
            if ch in {counts}:
                {counts}[ch] += 1
            else:
                {counts}[ch] = 1""", f"""
        from collections import Counter
        {counts} = Counter({s})""", f"""
        {counts} = {{}}
        for ch in {s}:
            if ch not in {counts}:
                {counts}[ch] = 0
            {counts}[ch] += 1"""])
    gen = lambda r: ("".join(r.choice("aabbcdeexyz") for _ in range(r.randint(1, 9))),)
    if x.v == "counts":
        x.returns("dict[str, int]")
        x.doc(f"Return a dictionary mapping each character of {s} to the number of times it occurs, with "
              "keys in order of first appearance.")
        x.form(
            (loop, f"return dict({counts})",
             ("Each character's count is read and increased by one (a character not seen yet starts at 0); "
             "dictionaries keep keys in insertion order, so the first appearance decides the order.")),
            (f"return {{ch: {s}.count(ch) for ch in {s}}}",
             ("A dictionary comprehension asks `str.count` for every character; a key written again keeps its "
             "first position, so keys stay in order of first appearance.")),
            (f"""
            {counts} = {{}}
            for ch in {s}:
                {counts}.setdefault(ch, 0)
                {counts}[ch] += 1
            return {counts}""",
             "`setdefault` puts a 0 in place the first time a character is met; then its count goes up."),
        )
        x.case("")
    elif x.v == "most_common":
        x.returns("str")
        x.doc(f"Return the character that occurs most often in the non-empty string {s}. On a tie, return "
              "the one that appears first.")
        guard = x.reject(f"not {s}", "empty text", f"Raise ValueError if {s} is empty.", ("",))
        x.form(
            (loop, f"""
            best = {s}[0]
            for ch in {counts}:
                if {counts}[ch] > {counts}[best]:
                    best = ch
            return best""",
             ("After counting, we scan the characters in order of first appearance and keep the best; using a "
             "strict `>` keeps the earliest one on a tie.")),
            (loop, f"return max({counts}, key={counts}.get)",
             ("`max` with `key=counts.get` compares characters by their count and returns the first of the "
             "largest, in order of first appearance.")),
            (f"return max({s}, key={s}.count)",
             "`max` walks the text in order and keeps the first character with the highest count."),
            (f"""
            from collections import Counter
            return Counter({s}).most_common(1)[0][0]""",
             ("`Counter.most_common` lists characters by count; equal counts keep the order in which they were "
             "first met.")),
            prefix=guard,
        )
    else:
        none_value = x.pick([None, None, ""])
        x.returns("str | None" if none_value is None else "str")
        x.doc(f"Return the first character of {s} that occurs exactly once in it, or "
              f"{'None' if none_value is None else 'an empty string'} if every character repeats.")
        nv = repr(none_value)
        x.form(
            (loop, f"""
            for ch in {s}:
                if {counts}[ch] == 1:
                    return ch
            return {nv}""", "Two passes: one counts, the second finds the first character whose count is one."),
            (f"""
            for ch in {s}:
                if {s}.count(ch) == 1:
                    return ch
            return {nv}""", ("`str.count` tells how often each character occurs; the first one counted once "
                            "is the answer.")),
            (loop, f"return next((ch for ch in {s} if {counts}[ch] == 1), {nv})",
             ("After counting, `next` takes the first character of a generator of unique characters, with a "
             "default for when there is none.")),
            (loop, f"""
            singles = [ch for ch in {s} if {counts}[ch] == 1]
            return singles[0] if singles else {nv}""",
             "The characters counted once are listed in text order; the first of them is the answer."),
        )
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
        guard = x.reject(f"not {p}", "the pattern must not be empty", f"Raise ValueError if {p} is empty.", ("abc", ""))
        x.form(
            (f"return sum(1 for i in range(len({t}) - len({p}) + 1) if {t}[i:i + len({p})] == {p})",
             "Every start position is tried, and the slice of the pattern's length is compared with it."),
            (f"""
            count = 0
            for i in range(len({t})):
                if {t}.startswith({p}, i):
                    count += 1
            return count""", "`startswith` with a start index checks whether the pattern begins at that index."),
            (f"""
            count = 0
            start = {t}.find({p})
            while start != -1:
                count += 1
                start = {t}.find({p}, start + 1)
            return count""",
             ("`str.find` takes a start index; restarting one past the last match also finds overlapping "
             "matches, and -1 means there are no more.")),
            (f"return len([i for i in range(len({t})) if {t}[i:].startswith({p})])",
             "The positions whose remaining text starts with the pattern are collected and counted."),
            prefix=guard,
        )
    elif x.v == "positions":
        x.returns("list[int]")
        x.doc(f"Return the indices in {t} where the non-empty string {p} starts, overlaps included, in "
              "increasing order.")
        guard = x.reject(f"not {p}", "the pattern must not be empty", f"Raise ValueError if {p} is empty.", ("abc", ""))
        x.form(
            (f"""
            result = []
            start = {t}.find({p})
            while start != -1:
                result.append(start)
                start = {t}.find({p}, start + 1)
            return result""",
             ("`str.find` takes a start index; restarting one past the last match finds overlapping matches "
             "too, and -1 means there are no more.")),
            (f"return [i for i in range(len({t}) - len({p}) + 1) if {t}[i:i + len({p})] == {p}]",
             "Every possible start is tried; a slice as long as the pattern is compared with it."),
            (f"""
            result = []
            for i in range(len({t})):
                if {t}.startswith({p}, i):
                    result.append(i)
            return result""", "`startswith` with a start index tests one position at a time."),
            (f"""
            result = []
            i = 0
            while i + len({p}) <= len({t}):
                if {t}[i:i + len({p})] == {p}:
                    result.append(i)
                i += 1
            return result""", "An index moves one step at a time as long as the pattern still fits."),
            prefix=guard,
        )
    else:
        x.returns("int")
        x.doc(f"Count the non-overlapping occurrences of the non-empty string {p} in {t}, scanning from "
              "left to right, without calling str.count.")
        guard = x.reject(f"not {p}", "the pattern must not be empty", f"Raise ValueError if {p} is empty.", ("abc", ""))
        x.form(
            (f"""
            count, i = 0, 0
            while i <= len({t}) - len({p}):
                if {t}[i:i + len({p})] == {p}:
                    count += 1
                    i += len({p})
                else:
                    i += 1
            return count""", ("After a match the scan jumps past it, so the same characters are never counted "
                             "twice.")),
            (f"""
            count = 0
            start = {t}.find({p})
            while start != -1:
                count += 1
                start = {t}.find({p}, start + len({p}))
            return count""", "Each search starts right after the previous match, so matches cannot overlap."),
            (f"return len({t}.split({p})) - 1",
             "Splitting at every non-overlapping occurrence makes one more piece than there are occurrences."),
            (f"""
            count = 0
            rest = {t}
            while {p} in rest:
                rest = rest[rest.index({p}) + len({p}):]
                count += 1
            return count""", "Each match is counted and the text up to its end is cut off before searching again."),
            prefix=guard,
        )
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
        x.form(
            (f"return sorted({a}.lower()) == sorted({b}.lower())",
             "Two words are anagrams exactly when sorting their letters gives the same list."),
            (f"""
            counts = {{}}
            for ch in {a}.lower():
                counts[ch] = counts.get(ch, 0) + 1
            for ch in {b}.lower():
                counts[ch] = counts.get(ch, 0) - 1
            return all(v == 0 for v in counts.values())""",
             ("The first word's letters count up and the second's count down; anagrams balance every letter "
             "to zero.")),
            (f"""
            from collections import Counter
            return Counter({a}.lower()) == Counter({b}.lower())""",
             "Two `Counter`s are equal when every letter occurs equally often in both words."),
            (f"""
            p, q = {a}.lower(), {b}.lower()
            if len(p) != len(q):
                return False
            return all(p.count(ch) == q.count(ch) for ch in set(p))""",
             ("Words of different lengths cannot be anagrams; otherwise every letter of the first must occur "
             "as often in the second.")),
        )
        x.cases(lambda r: (r.choice(base), r.choice(base)), n=4)
        x.cases(lambda r: ((w := r.choice(base)), shuffle(r, w).upper()), n=7)
    elif x.v == "signature":
        w = x.param("word|s|text", "str")
        x.returns("str")
        x.doc(f"Return the letters of {w}, lowercased and sorted, joined into a string. Anagrams share "
              "this key.")
        x.form(
            (f"return ''.join(sorted({w}.lower()))",
             "Sorting puts the letters into a canonical order, so anagrams map to the same string."),
            (f"""
            letters = list({w}.lower())
            letters.sort()
            return ''.join(letters)""", "The letters are put in a list and sorted in place before joining."),
            (f"""
            low = {w}.lower()
            return ''.join(ch * low.count(ch) for ch in sorted(set(low)))""",
             "Each distinct letter, in sorted order, is written as many times as it occurs."),
            (f"""
            low = {w}.lower()
            return ''.join(letter * low.count(letter) for letter in '{LOWER}')""",
             "Walking the alphabet in order and writing each letter as often as it occurs is a counting sort."),
        )
        x.cases(lambda r: (r.choice(base + WORDS).capitalize(),), n=6)
    else:
        w = x.param("word|target|base", "str")
        ws = x.param("candidates|words|options", "list[str]")
        x.returns("list[str]")
        x.doc(f"Return the words of {ws}, in their order, that are anagrams of {w} (same letters, ignoring "
              "case) but not the same word.")
        x.form(
            (f"""
            key = sorted({w}.lower())
            return [c for c in {ws} if sorted(c.lower()) == key and c.lower() != {w}.lower()]""",
             "Each candidate's sorted letters are compared with the target's; the word itself is excluded."),
            (f"""
            result = []
            for c in {ws}:
                if c.lower() == {w}.lower():
                    continue
                if sorted(c.lower()) == sorted({w}.lower()):
                    result.append(c)
            return result""", ("The word itself is skipped first; the others are kept when their sorted letters "
                              "match.")),
            (f"""
            def key(word):
                return ''.join(sorted(word.lower()))

            return [c for c in {ws} if key(c) == key({w}) and c.lower() != {w}.lower()]""",
             "A helper computes the anagram key of a word; candidates with the target's key are kept."),
            (f"""
            from collections import Counter
            letters = Counter({w}.lower())
            return [c for c in {ws} if c.lower() != {w}.lower() and Counter(c.lower()) == letters]""",
             "Two words are anagrams when their letter counts are equal, which `Counter` compares directly."),
        )
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
        empty_ok = x.chance(0.4)
        x.doc(f"Return the longest space-separated word in {s}; on a tie the earliest wins. "
              + ("Return an empty string when there are no words." if empty_ok else f"{s} has at least one word."))
        guard = f"if not {ws}:\n    return ''" if empty_ok else ""
        x.form(
            (f"return max({s}.split(), key=len{', default=' + repr('') if empty_ok else ''})",
             "`max` with `key=len` compares words by length and returns the first of the longest."),
            (f"""
            best = ''
            for word in {s}.split():
                if len(word) > len(best):
                    best = word
            return best""", ("The best word so far is replaced only by a strictly longer one, so ties keep the "
                            "earliest.")),
            (f"{ws} = {s}.split()", guard, f"return sorted({ws}, key=len, reverse=True)[0]",
             "`sorted` is stable even with `reverse=True`, so the first of the longest words comes first."),
            (f"{ws} = {s}.split()", guard, f"""
            best = 0
            for i in range(1, len({ws})):
                if len({ws}[i]) > len({ws}[best]):
                    best = i
            return {ws}[best]""", ("The index of the longest word so far is kept and updated on a strictly longer "
                                  "word.")),
        )
        if empty_ok:
            x.case("")
    elif x.v == "average":
        empty = x.pick(["zero", "none", "raise"])
        x.returns("float | None" if empty == "none" else "float")
        x.doc(f"Return the average length of the words in {s}, rounded to 2 decimal places"
              + {"zero": ", or 0.0 when there are no words.", "none": ", or None when there are no words.",
                 "raise": ". Raise ValueError when there are no words."}[empty])
        guard = {"zero": "return 0.0", "none": "return None",
                 "raise": "raise ValueError('no words to average')"}[empty]
        x.form(
            (f"""
            {ws} = {s}.split()
            if not {ws}:
                {guard}
            return round(sum(len(w) for w in {ws}) / len({ws}), 2)""",
             ("The total number of letters divided by the number of words is the mean; an empty sentence is "
             "handled first to avoid dividing by zero.")),
            (f"""
            {ws} = {s}.split()
            if len({ws}) == 0:
                {guard}
            return round(len(''.join({ws})) / len({ws}), 2)""",
             "Joining the words without spaces gives a string whose length is the total number of letters."),
            (f"""
            letters = 0
            count = 0
            for word in {s}.split():
                letters += len(word)
                count += 1
            if count == 0:
                {guard}
            return round(letters / count, 2)""",
             "One loop adds up the letters and counts the words; the mean is their quotient."),
            (f"""
            lengths = [len(w) for w in {s}.split()]
            if lengths:
                return round(sum(lengths) / len(lengths), 2)
            {guard}""", "The word lengths are listed first; their sum over their count is the mean."),
        )
        if empty == "raise":
            x.raises("ValueError", "")
        else:
            x.case("")
    elif x.v == "count_long":
        n = x.param("min_length|limit|n|threshold", "int")
        x.returns("int")
        x.doc(f"Count the words in {s} that have more than {n} characters.")
        x.form(
            (f"return len([w for w in {s}.split() if len(w) > {n}])",
             "A list comprehension keeps the long words; its length is the count."),
            (f"return sum(1 for w in {s}.split() if len(w) > {n})", "A generator yields 1 per long word."),
            (f"""
            count = 0
            for w in {s}.split():
                if len(w) > {n}:
                    count += 1
            return count""", "A counter goes up for every word longer than the limit."),
            (f"return sum(len(w) > {n} for w in {s}.split())", "Each comparison is True (1) or False (0)."),
            (f"return len(list(filter(lambda w: len(w) > {n}, {s}.split())))",
             "`filter` keeps the words for which the lambda is true."),
        )
        gen = lambda r: (sentence(r, 0, 7), r.randint(2, 7))
    else:
        x.returns("list[int]")
        x.doc(f"Return a list with the length of each space-separated word of {s}, in order.")
        x.form(
            (f"return [len(w) for w in {s}.split()]", ("`split` gives the words and a comprehension maps each to "
                                                     "its length.")),
            (f"return list(map(len, {s}.split()))", "`map(len, ...)` applies `len` to every word."),
            (f"""
            result = []
            for w in {s}.split():
                result.append(len(w))
            return result""", "The loop appends one length per word."),
            (f"""
            {ws} = {s}.split()
            return [len({ws}[i]) for i in range(len({ws}))]""", "The words are indexed one position at a time."),
        )
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
    out = x.local("out|result|kept")
    if x.v == "dedupe":
        seen = x.local("seen|used|met")
        x.doc(f"Return {s} without repeated characters: each character is kept the first time it appears "
              "and dropped afterwards.")
        x.form(
            (f"""
            {seen} = set()
            {out} = []
            for ch in {s}:
                if ch not in {seen}:
                    {seen}.add(ch)
                    {out}.append(ch)
            return ''.join({out})""",
             "A set remembers which characters were already kept; membership tests in a set are fast."),
            (f"return ''.join(dict.fromkeys({s}))",
             ("`dict.fromkeys` keeps one key per character in order of first appearance; joining the keys "
             "gives the answer.")),
            (f"""
            {out} = ''
            for ch in {s}:
                if ch not in {out}:
                    {out} += ch
            return {out}""", "The result itself is searched before a character is added."),
            (f"return ''.join(ch for i, ch in enumerate({s}) if {s}.index(ch) == i)",
             "A character is kept only at the index where it first occurs, which is what `str.index` finds."),
        )
    elif x.v == "vowels":
        x.doc(f"Return {s} with every vowel (a, e, i, o, u, either case) removed.")
        x.form(
            (f"return ''.join(ch for ch in {s} if ch.lower() not in 'aeiou')",
             "Characters that are not vowels pass the filter and are joined back into a string."),
            (f"""
            {out} = []
            for ch in {s}:
                if ch not in 'aeiouAEIOU':
                    {out}.append(ch)
            return ''.join({out})""", "The loop keeps every character that is not one of the ten vowel letters."),
            (f"return {s}.translate(str.maketrans('', '', 'aeiouAEIOU'))",
             "`str.maketrans` with a third argument builds a table that deletes those characters."),
            (f"""
            for vowel in 'aeiouAEIOU':
                {s} = {s}.replace(vowel, '')
            return {s}""", "Each vowel is replaced by nothing, one vowel at a time."),
            (f"return ''.join(filter(lambda ch: ch.lower() not in 'aeiou', {s}))",
             "`filter` keeps the characters for which the lambda says they are not vowels."),
        )
    elif x.v == "non_letters":
        x.doc(f"Return only the alphabetic characters of {s}, in order.")
        x.form(
            (f"return ''.join(ch for ch in {s} if ch.isalpha())",
             "`str.isalpha` is True for letters only, so digits, spaces and punctuation are dropped."),
            (f"return ''.join(filter(str.isalpha, {s}))", "`filter(str.isalpha, ...)` keeps the letters."),
            (f"""
            {out} = ''
            for ch in {s}:
                if ch.isalpha():
                    {out} += ch
            return {out}""", "The loop appends the letters and skips everything else."),
            (f"return ''.join([ch for ch in {s} if ch.isalpha()])", "A list comprehension collects the letters."),
        )
    else:
        x.doc(f"Return {s} with every run of the same character collapsed to one character, e.g. "
              "'aaabcc' becomes 'abc'.")
        x.form(
            (f"""
            {out} = []
            for ch in {s}:
                if not {out} or {out}[-1] != ch:
                    {out}.append(ch)
            return ''.join({out})""", "A character is kept only when it differs from the last kept character."),
            (f"return ''.join(ch for i, ch in enumerate({s}) if i == 0 or ch != {s}[i - 1])",
             "A character is kept when it is the first one or differs from the character before it."),
            (f"""
            from itertools import groupby
            return ''.join(ch for ch, _ in groupby({s}))""",
             "`itertools.groupby` yields one key per run of equal characters."),
            (f"""
            {out} = ''
            for ch in {s}:
                if {out}[-1:] != ch:
                    {out} += ch
            return {out}""", ("`out[-1:]` is the last kept character, or '' at the start, so no special case is "
                             "needed.")),
        )
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
    w = x.local("word|w|part")
    if x.v == "acronym":
        x.doc(f"Return the acronym of {s}: the first letter of each word, uppercased, joined together.")
        x.form(
            (f"return ''.join({w}[0].upper() for {w} in {s}.split())",
             "`split` gives the words and indexing with `[0]` picks each one's first letter."),
            (f"return ''.join({w}[0] for {w} in {s}.split()).upper()",
             "The first letters are joined first and the whole acronym is uppercased at the end."),
            (f"""
            result = ''
            for {w} in {s}.split():
                result += {w}[0].upper()
            return result""", "The loop appends each word's uppercased first letter."),
            (f"return ''.join(map(lambda {w}: {w}[:1].upper(), {s}.split()))",
             "`map` turns every word into its uppercased first letter."),
        )
        x.cases(lambda r: (sentence(r, 1, 5),), n=6)
    elif x.v == "initials":
        x.doc(f"Return the initials of the name {s}: the first letter of each part, uppercased and "
              "followed by a dot, separated by spaces.")
        guard = x.reject(f"not {s}.split()", "empty name", f"Raise ValueError if {s} has no words.", ("  ",))
        x.form(
            (f"return ' '.join({w}[0].upper() + '.' for {w} in {s}.split())",
             "Each part of the name becomes its first letter and a dot; `join` puts spaces between them."),
            (f"""
            letters = []
            for {w} in {s}.split():
                letters.append(f'{{{w}[0].upper()}}.')
            return ' '.join(letters)""", "An f-string writes each initial with its dot."),
            (f"return ' '.join([{w}[:1].upper() + '.' for {w} in {s}.split()])",
             "A list comprehension builds the initials, which are joined with spaces."),
            (f"return '. '.join({w}[0].upper() for {w} in {s}.split()) + '.'",
             "Joining the letters with '. ' puts a dot after all but the last, which gets its dot at the end."),
            prefix=guard,
        )
        x.cases(lambda r: (" ".join(r.sample(NAMES, r.randint(1, 3))),), n=6)
    else:
        small = x.local("small|skip|minor")
        x.doc(f"Return the acronym of {s}, skipping the words 'of', 'and', 'the', 'a' and 'for' "
              "(in any case): the first letters of the other words, uppercased.")
        words = x.pick(["{'of', 'and', 'the', 'a', 'for'}", "('of', 'and', 'the', 'a', 'for')",
                        "['of', 'and', 'the', 'a', 'for']"])
        x.form(
            (f"""
            {small} = {words}
            return ''.join({w}[0].upper() for {w} in {s}.split() if {w}.lower() not in {small})""",
             "Words whose lowercase form is in the skip list are filtered out before taking first letters."),
            (f"""
            {small} = {words}
            result = ''
            for {w} in {s}.split():
                if {w}.lower() in {small}:
                    continue
                result += {w}[0].upper()
            return result""", "`continue` skips the small words; the others contribute their first letter."),
            (f"""
            kept = [{w} for {w} in {s}.split() if {w}.lower() not in {words}]
            return ''.join({w}[0] for {w} in kept).upper()""",
             "The words worth keeping are listed first; their first letters are joined and uppercased."),
        )
        x.cases(lambda r: (" ".join(r.choice(WORDS + ["of", "and", "the", "for", "The"]) for _ in range(r.randint(1, 6))),),
                n=6)


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
        x.form(
            (f"""
            {i} = 0
            while {i} < min(len({a}), len({b})) and {a}[{i}] == {b}[{i}]:
                {i} += 1
            return {a}[:{i}]""", "An index advances while both strings have the same character there."),
            (f"""
            out = ''
            for p, q in zip({a}, {b}):
                if p != q:
                    break
                out += p
            return out""", "`zip` lines the characters up; the prefix grows until the first difference."),
            (f"""
            for {i} in range(min(len({a}), len({b}))):
                if {a}[{i}] != {b}[{i}]:
                    return {a}[:{i}]
            return {a}[:min(len({a}), len({b}))]""",
             "The first differing position ends the prefix; if there is none, the shorter string is the prefix."),
            (f"""
            {i} = 0
            for p, q in zip({a}, {b}):
                if p != q:
                    break
                {i} += 1
            return {a}[:{i}]""", "The loop counts matching positions; the prefix is that many characters."),
        )
        x.cases(lambda r: (w := r.choice(WORDS), w[:r.randint(0, len(w))] + r.choice(["", "x", "ing"])), n=6)
    elif x.v == "suffix":
        x.returns("str")
        x.doc(f"Return the longest string that both {a} and {b} end with.")
        x.form(
            (f"""
            {i} = 0
            while {i} < min(len({a}), len({b})) and {a}[-1 - {i}] == {b}[-1 - {i}]:
                {i} += 1
            return {a}[len({a}) - {i}:]""", "An index counts matching characters from the ends of the strings."),
            (f"""
            out = ''
            for p, q in zip(reversed({a}), reversed({b})):
                if p != q:
                    break
                out = p + out
            return out""", ("Walking both strings backwards, matching characters are put in front of the "
                           "suffix found so far.")),
            (f"""
            ra, rb = {a}[::-1], {b}[::-1]
            {i} = 0
            while {i} < len(ra) and {i} < len(rb) and ra[{i}] == rb[{i}]:
                {i} += 1
            return ra[:{i}][::-1]""", ("The common suffix is the common prefix of the reversed strings, reversed "
                                      "back.")),
            (f"""
            for {i} in range(min(len({a}), len({b})), 0, -1):
                if {a}.endswith({b}[len({b}) - {i}:]):
                    return {b}[len({b}) - {i}:]
            return ''""", "The longest candidate suffix of the second string is tried first, then shorter ones."),
        )
        # the second string gets a start of its own, so that returning it whole does not pass the tests
        x.cases(lambda r: (r.choice(["re", "un", ""]) + (w := r.choice(WORDS)),
                           r.choice(["x", "ex", "dis", "o", ""]) + w[r.randint(0, len(w)):]), n=6)
    else:
        x.returns("int")
        strict = x.chance(0.35)
        x.doc(f"Return the number of positions at which {a} and {b} have different characters. "
              + ("Raise ValueError if the two strings differ in length." if strict
                 else "The two strings have the same length."))
        check = (f"if len({a}) != len({b}):\n    raise ValueError('strings must have the same length')"
                 if strict else "")
        x.form(
            (check, f"return sum(1 for p, q in zip({a}, {b}) if p != q)",
             "`zip` pairs up the characters at the same position; the differing pairs are counted."),
            (check, f"""
            count = 0
            for {i} in range(len({a})):
                if {a}[{i}] != {b}[{i}]:
                    count += 1
            return count""", "Every position is visited once and a mismatch adds one to the count."),
            (check, f"return sum(p != q for p, q in zip({a}, {b}))", "Each comparison counts as 1 when True."),
            (check, f"return len([{i} for {i} in range(len({a})) if {a}[{i}] != {b}[{i}]])",
             "The positions that differ are listed, and their number is the distance."),
        )
        x.cases(lambda r: (w := "".join(r.choice("ACGT") for _ in range(r.randint(0, 8))),
                           "".join(c if r.random() < 0.6 else r.choice("ACGT") for c in w)), n=6)
        if strict:
            x.raises("ValueError", "ACG", "AC")
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
        guard = x.reject(f"{w} < 3", "the width must be at least 3", f"Raise ValueError if {w} is less than 3.",
                         ("hello", 2))
        x.form(
            (f"""
            if len({s}) <= {w}:
                return {s}
            return {s}[:{w} - 3] + '...'""", ("Short text is returned as it is; longer text keeps room for the "
                                             "three dots.")),
            (f"return {s} if len({s}) <= {w} else {s}[:{w} - 3] + '...'",
             "A conditional expression chooses between the text and its shortened form."),
            (f"""
            if len({s}) > {w}:
                {s} = {s}[:{w} - 3] + '...'
            return {s}""", "Only text that is too long is rewritten before it is returned."),
            (f"return {s}[:{w} - 3] + '...' if len({s}) > {w} else {s}",
             "The shortened form is chosen only when the text is longer than the limit."),
            prefix=guard,
        )
        x.cases(lambda r: (sentence(r, 1, 4), r.randint(3, 16)), n=6)
    elif x.v == "pad_left":
        f = x.param("fill|pad|ch", "str", default=x.pick(["0", " ", "*", "."]))
        x.doc(f"Return {s} padded on the left with the character {f} until it is {w} characters long. "
              "Longer strings are returned unchanged.")
        guard = x.reject(f"len({f}) != 1", "fill must be one character",
                         f"Raise ValueError if {f} is not exactly one character.", ("7", 3, "ab"))
        x.form(
            (f"return {f} * max(0, {w} - len({s})) + {s}",
             "Multiplying the fill character by the missing length (never below zero) gives the padding."),
            (f"""
            while len({s}) < {w}:
                {s} = {f} + {s}
            return {s}""", "One fill character is put in front until the text is wide enough."),
            (f"return {s}.rjust({w}, {f})", "`str.rjust` right-aligns the text in a field of the given width."),
            (f"""
            if len({s}) >= {w}:
                return {s}
            return {f} * ({w} - len({s})) + {s}""", ("Text that is already wide enough needs no padding; otherwise "
                                                   "the missing characters are added in front.")),
            prefix=guard,
        )
        x.cases(lambda r: (str(r.randint(0, 999)), r.randint(0, 7)), n=4)
        x.cases(lambda r: (r.choice(WORDS), r.randint(0, 9), r.choice("-#")), n=6)
    else:
        f = x.param("fill|pad|ch", "str", default=x.pick([" ", "*", "-"]))
        x.doc(f"Center {s} in a field of {w} characters, padding with {f}. When the padding cannot be "
              "split evenly, the extra character goes on the right. Longer strings are returned unchanged.")
        guard = x.reject(f"len({f}) != 1", "fill must be one character",
                         f"Raise ValueError if {f} is not exactly one character.", ("hi", 6, ""))
        x.form(
            (f"""
            total = max(0, {w} - len({s}))
            left = total // 2
            return {f} * left + {s} + {f} * (total - left)""",
             ("The amount of padding is the width minus the current length, never below zero; half of it, "
             "rounded down, goes on the left.")),
            (f"""
            left = max(0, {w} - len({s})) // 2
            return ({f} * left + {s}).ljust({w}, {f})""",
             "The left padding is added first; `ljust` then fills the right side up to the width."),
            (f"""
            while len({s}) < {w}:
                {s} = {s} + {f}
                if len({s}) < {w}:
                    {s} = {f} + {s}
            return {s}""", ("Fill characters are added on the right and the left in turn, right first, so an odd "
                           "one out ends up on the right.")),
            (f"""
            if len({s}) >= {w}:
                return {s}
            left = ({w} - len({s})) // 2
            right = {w} - len({s}) - left
            return {f} * left + {s} + {f} * right""", ("Text that already fills the field is returned; otherwise "
                                                      "the padding is split with the larger half on the right.")),
            prefix=guard,
        )
        x.cases(lambda r: (r.choice(SHORT_WORDS + WORDS), r.randint(2, 11)), n=4)
        x.cases(lambda r: (r.choice(SHORT_WORDS), r.randint(4, 9), r.choice("=.")), n=6)
    x.explain("Multiplying a one-character string by a number repeats it that many times.")


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
        x.form(
            (f"""
            return (len({s}) >= 8
                    and any(ch.isdigit() for ch in {s})
                    and any(ch.isupper() for ch in {s})
                    and any(ch.islower() for ch in {s}))""",
             ("`any` stops at the first character that satisfies its test, and the conditions are combined "
             "with `and`.")),
            (f"""
            has_digit = has_upper = has_lower = False
            for ch in {s}:
                if ch.isdigit():
                    has_digit = True
                elif ch.isupper():
                    has_upper = True
                elif ch.islower():
                    has_lower = True
            return len({s}) >= 8 and has_digit and has_upper and has_lower""",
             "One pass sets a flag for each kind of character found; all flags and the length must agree."),
            (f"""
            if len({s}) < 8:
                return False
            if not any(ch.isdigit() for ch in {s}):
                return False
            if not any(ch.isupper() for ch in {s}):
                return False
            return any(ch.islower() for ch in {s})""",
             "Each requirement is checked in turn, and the first one that fails ends the function."),
            (f"""
            kinds = set()
            for ch in {s}:
                if ch.isdigit():
                    kinds.add('digit')
                if ch.isupper():
                    kinds.add('upper')
                if ch.islower():
                    kinds.add('lower')
            return len({s}) >= 8 and len(kinds) == 3""",
             "A set collects the kinds of character met; a strong password has all three kinds."),
        )
        x.cases(lambda r: ("".join(r.choice([r.choice(WORDS), r.choice(WORDS).capitalize(), str(r.randint(0, 99))])
                                   for _ in range(r.randint(1, 3))),), n=7)
    elif x.v == "identifier":
        x.doc(f"Return True if {s} is non-empty, contains only ASCII letters, digits and underscores, and "
              "does not start with a digit.")
        x.form(
            (f"""
            if not {s} or {s}[0].isdigit():
                return False
            allowed = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_'
            return all(ch in allowed for ch in {s})""",
             ("The first character is checked on its own, then every character must belong to the allowed "
             "alphabet.")),
            (f"""
            import re
            return re.fullmatch('[A-Za-z_][A-Za-z0-9_]*', {s}) is not None""",
             ("A regular expression says it exactly: a letter or underscore, then any number of letters, "
             "digits and underscores.")),
            (f"""
            if {s} == '' or {s}[0] in '0123456789':
                return False
            for ch in {s}:
                if not (ch.isascii() and (ch.isalnum() or ch == '_')):
                    return False
            return True""", ("The loop rejects the first character that is not an ASCII letter, digit or "
                            "underscore.")),
            (f"""
            allowed = set('abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_')
            return bool({s}) and not {s}[0].isdigit() and set({s}) <= allowed""",
             "`set(text) <= allowed` checks that every character of the text is an allowed one."),
        )
        x.cases(lambda r: (r.choice(["", "_"]) + r.choice(WORDS) + r.choice(["", "_2", "-x", " y", "9"]),), n=5)
        x.case("2fast")
    else:
        x.doc(f"Return True if {s} is '#' followed by exactly six hexadecimal digits (0-9, a-f, either case).")
        x.form(
            (f"""
            if len({s}) != 7 or {s}[0] != '#':
                return False
            return all(ch in '0123456789abcdefABCDEF' for ch in {s}[1:])""",
             ("The length and the leading '#' are checked first, then each remaining character must be a hex "
             "digit.")),
            (f"""
            import re
            return re.fullmatch('#[0-9a-fA-F]{{6}}', {s}) is not None""",
             "The pattern '#[0-9a-fA-F]{6}' matches a hash followed by exactly six hex digits."),
            (f"return len({s}) == 7 and {s}.startswith('#') and set({s}[1:]) <= set('0123456789abcdefABCDEF')",
             "All three conditions are combined with `and`; the set comparison checks the digits."),
            (f"""
            if len({s}) != 7 or not {s}.startswith('#'):
                return False
            for ch in {s}[1:].lower():
                if ch not in '0123456789abcdef':
                    return False
            return True""", "After the shape is checked, each digit is lowercased and looked up."),
        )
        x.cases(lambda r: ("#" + "".join(r.choice("0123456789abcdefABCDEFgz") for _ in range(r.choice([3, 6, 6, 6, 7]))),),
                n=6)
