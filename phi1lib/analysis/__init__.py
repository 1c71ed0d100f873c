"""What the study concludes from its runs: Figure 2.1 with 95% intervals and the paper's claims as paired
differences (`ablation`), stage 6, emergence (`emergence`, `emergence_probes`, `emergence_tables`),
stage 7, contamination: n-gram and substring overlap, embedding neighbours, AST match rate, pruning
and Table 3 (`contamination`, `ast_match`, `pruning`), stage 5's solved problems beside their
nearest exercise (`solved`), held-out pass@1 against the exercises of the problem's family seen
(`exposure`), and against the number of families finetuned on, from `benchmarks/sweep_families.py`'s
runs (`breadth`), and two runs of the study side by side, paired over the same problems (`compare`).
"""
