"""The study's groundwork, used by every layer above it: typed dataclass settings whose defaults are the
paper's values (`config`) and machine profiles that override a few of them (`profiles`), where outputs
live (`paths`), provenance beside every result (`manifest`), tables and figures as files and in notebooks
(`report`), the process pool that runs models side by side on a CPU (`workers`), which device "auto"
means (`devices`), progress lines for logs (`progress`), bits per character and bootstrap intervals
(`stats`) and JSON files read and written (`jsonio`).
"""
