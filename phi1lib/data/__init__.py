"""Datasets as the models see them: raw Python source from the interpreter and installed packages, or The
Stack via `datasets` (`corpus`), MinHash near-dedup (`dedup`), the byte-level BPE trained with
`tokenizers`, or any local HF tokenizer (`tokenizer`), `<|endoftext|>`-joined memmap shards, streamed
(`packing`), the finetuning exercises' held-out split, subsets by concept family and files
(`exercises`) and the code tokens n-grams are made of (`text`).
"""
