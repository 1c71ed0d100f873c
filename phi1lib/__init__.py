"""phi1lib: the library behind the phi-1 study notebooks.

One concern per module: `config` (typed settings and profiles), `corpus` (raw Python source that ships
with the interpreter), `tokenizer` (byte-level BPE), `packing` (token shards on disk), `manifest`
(provenance of every output directory), `stages` and `runner` (the headless study), `cli` (`phi1`).
"""

__version__ = "0.1.0"
