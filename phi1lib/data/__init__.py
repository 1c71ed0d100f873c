"""Datasets as the models see them: raw Python source (`corpus`), near-duplicate removal (`dedup`), the
byte-level BPE (`tokenizer`), token shards on disk (`packing`) and finetuning exercises (`exercises`).
"""
