"""Stage 1, the filter: annotate a sample for educational value, rubric or LLM, 0-5 (`annotate`), embed
every file with MiniLM, CodeGen or TF-IDF (`embed`), train and apply the quality classifier: random
forest, logistic regression (`quality`), and the stage that runs them in order (`stage`); the same
stage as datatrove pipelines, sharded and resumable (`pipeline`), with our datatrove blocks (`blocks`),
the trained filter shipped to every task (`scorer`), local, Slurm or Ray executors (`executors`) and
`phi1 filter` (`cli`).
"""
