"""The study as a whole: its stages in order (`stages`), the headless runner (`runner`), the summary and
report index (`summary`) and the `phi1` command line (`cli`).
"""
