"""The study as a whole: its stages in order (`stages`), what every stage notebook starts from
(`notebook`), the headless runner, `phi1 run` (`runner`), `summary.json`, the reports' index and
`phi1 reference` (`summary`) and the `phi1` command line (`cli`).
"""
