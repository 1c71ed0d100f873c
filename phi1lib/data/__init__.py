"""Datasets as the models see them: raw Python source (`corpus`), near-duplicate removal (`dedup`), the
byte-level BPE (`tokenizer`), token shards on disk (`packing`), finetuning exercises (`exercises`) and
the code tokens n-grams are made of (`text`).
"""
