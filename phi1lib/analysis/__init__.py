"""What the study concludes from its runs: the data ablation (`ablation`), emergence (`emergence`,
`emergence_probes`, `emergence_tables`), benchmark contamination and Table 3 (`contamination`, `pruning`,
`ast_match`), and the evaluation's solved problems beside their nearest exercise (`solved`).
"""
