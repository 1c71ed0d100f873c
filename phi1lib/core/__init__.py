"""The study's groundwork, used by every layer above it: typed settings and machine profiles (`config`,
`profiles`), where outputs live (`paths`), provenance (`manifest`), tables and figures as files and in
notebooks (`report`), side-by-side processes (`workers`), the device a run uses (`devices`), progress
lines (`progress`), bits per character and bootstrap intervals (`stats`) and JSON files read and written
(`jsonio`).
"""
