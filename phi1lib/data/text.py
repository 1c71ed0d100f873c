"""Code tokens: the words and punctuation marks that n-grams, shingles and rough token counts are made of.

One pattern, `CODE_TOKEN`: a run of word characters (identifiers, keywords, numbers) or a single
character that is neither a word character nor whitespace (an operator, a bracket, a quote). It is not
the model's tokenizer (`tokenizer`): it needs no training and is the same for every run, so texts from
any source compare. Users: contamination's n-gram index (`analysis.contamination`) and the solved
problems' longest shared n-gram (`analysis.solved`), the synthesis stage's deduplication and distinct-n
(`synth.synthesize`, `dedup.Deduplicator`), the offline teacher's token counts (`teacher.offline`).
Near-deduplication of the corpus (`dedup.near_duplicates`) uses words only (``\\w+``), as datatrove does.
"""

from __future__ import annotations

import re

CODE_TOKEN = re.compile(r"\w+|[^\w\s]")


def code_tokens(text: str, lower: str | None = "text") -> list[str]:
    """The code tokens of `text` (`CODE_TOKEN`), lowercased.

    lower: "text" lowercases the text before splitting (contamination's n-grams), "tokens" each token
    after (the synthesis deduplicator's shingles, distinct-n), None keeps the case (the offline
    teacher's token counts). The two lowercasings differ for one character only, U+0130 'İ', whose
    lowercase is 'i' + a combining dot: "text" makes it two tokens, "tokens" one. Both are kept so that
    contamination indexes and the synthesis stage's deduplication decide as they always have.
    """
    if lower == "text":
        return CODE_TOKEN.findall(text.lower())
    if lower == "tokens":
        return [t.lower() for t in CODE_TOKEN.findall(text)]
    if lower is None:
        return CODE_TOKEN.findall(text)
    raise ValueError(f'lower must be "text", "tokens" or None, not {lower!r}')
