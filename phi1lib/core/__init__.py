"""The study's groundwork, used by every layer above it: typed settings and machine profiles (`config`,
`profiles`), where outputs live (`paths`), provenance (`manifest`), tables and figures as files and in
notebooks (`report`), side-by-side processes (`workers`) and progress lines (`progress`).
"""
